/* desk-shortlist.c
 *
 * Copyright 2026 The Direction Desk authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * This program is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 * GNU General Public License for more details.
 *
 * You should have received a copy of the GNU General Public License
 * along with this program.  If not, see <http://www.gnu.org/licenses/>.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "desk-shortlist.h"

/* The services a work coach has picked for one client, in the order they
 * were added: what the handout prints and the referral form offers.  A
 * GListModel of DirService read from the local directory, kept across
 * restarts as the service ids in the GSettings key "shortlist".
 *
 * A service that has left the directory is dropped, from the list and
 * from the key, when the shortlist is (re)loaded; while the directory is
 * empty (not downloaded yet, or a database that could not be opened) the
 * ids are kept, so nothing is lost before the directory is there.  Other
 * windows' changes to the key are followed. */
struct _DeskShortlist
{
  GObject     parent_instance;

  DirStore   *store;
  GSettings  *settings;        /* NULL: not kept */
  GPtrArray  *ids;             /* char *, the kept list, in order */
  GHashTable *id_set;          /* the same ids */
  GPtrArray  *services;        /* DirService, those of ids in the directory */
};

static void desk_shortlist_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DeskShortlist, desk_shortlist, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      desk_shortlist_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SETTINGS,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GType
desk_shortlist_get_item_type (GListModel *model)
{
  return DIR_TYPE_SERVICE;
}

static guint
desk_shortlist_get_n_items (GListModel *model)
{
  return DESK_SHORTLIST (model)->services->len;
}

static gpointer
desk_shortlist_get_item (GListModel *model,
                         guint       position)
{
  DeskShortlist *self = DESK_SHORTLIST (model);

  if (position >= self->services->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->services, position));
}

static void
desk_shortlist_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = desk_shortlist_get_item_type;
  iface->get_n_items = desk_shortlist_get_n_items;
  iface->get_item = desk_shortlist_get_item;
}

static void
save (DeskShortlist *self)
{
  g_autoptr(GPtrArray) strv = NULL;

  if (self->settings == NULL)
    return;

  /* The pointers only: the strings stay self->ids'. */
  strv = g_ptr_array_sized_new (self->ids->len + 1);
  for (guint i = 0; i < self->ids->len; i++)
    g_ptr_array_add (strv, g_ptr_array_index (self->ids, i));
  g_ptr_array_add (strv, NULL);
  g_settings_set_strv (self->settings, "shortlist", (const char * const *) strv->pdata);
}

static void
set_ids (DeskShortlist      *self,
         const char * const *ids)
{
  g_ptr_array_set_size (self->ids, 0);
  g_hash_table_remove_all (self->id_set);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      char *id;

      /* A key edited by hand may repeat an id or hold an empty one. */
      if (ids[i][0] == '\0' || g_hash_table_contains (self->id_set, ids[i]))
        continue;

      id = g_strdup (ids[i]);
      g_ptr_array_add (self->ids, id);
      g_hash_table_add (self->id_set, id);
    }
}

static void
replace_services (DeskShortlist *self,
                  GPtrArray     *services)
{
  guint old_n = self->services->len;

  g_ptr_array_unref (self->services);
  self->services = g_ptr_array_ref (services);

  if (old_n == 0 && services->len == 0)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, services->len);
  if (old_n != services->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
}

/* Reads every kept id from the directory again; returns how many were
 * dropped because the directory no longer has them. */
static guint
load (DeskShortlist *self)
{
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  int have_directory = -1;  /* counted when first needed */

  for (guint i = 0; i < self->ids->len; i++)
    {
      const char *id = g_ptr_array_index (self->ids, i);
      g_autoptr(GError) error = NULL;
      DirService *service = dir_store_get_service (self->store, id, &error);

      if (service != NULL)
        g_ptr_array_add (services, service);
      else if (g_error_matches (error, DIR_STORE_ERROR, DIR_STORE_ERROR_NOT_FOUND) &&
               (have_directory >= 0 ? have_directory
                                    : (have_directory = dir_store_count_services (self->store) > 0)))
        g_ptr_array_add (gone, g_strdup (id));
      else
        g_debug ("Shortlisted service %s not read: %s", id,
                 error != NULL ? error->message : "no directory yet");
    }

  for (guint i = 0; i < gone->len; i++)
    {
      char *id = g_ptr_array_index (gone, i);

      g_hash_table_remove (self->id_set, id);
      for (guint j = 0; j < self->ids->len; j++)
        if (g_str_equal (g_ptr_array_index (self->ids, j), id))
          {
            g_ptr_array_remove_index (self->ids, j);
            break;
          }
      g_free (id);
    }

  if (gone->len > 0)
    {
      g_debug ("%u shortlisted services are no longer in the directory", gone->len);
      save (self);
    }

  replace_services (self, services);

  return gone->len;
}

static void
on_settings_changed_cb (DeskShortlist *self)
{
  g_auto(GStrv) ids = g_settings_get_strv (self->settings, "shortlist");
  guint n = g_strv_length (ids);
  gboolean same = n == self->ids->len;

  /* Our own write coming back. */
  for (guint i = 0; same && i < n; i++)
    same = g_str_equal (ids[i], g_ptr_array_index (self->ids, i));
  if (same)
    return;

  set_ids (self, (const char * const *) ids);
  load (self);
}

static void
desk_shortlist_constructed (GObject *object)
{
  DeskShortlist *self = (DeskShortlist *)object;

  G_OBJECT_CLASS (desk_shortlist_parent_class)->constructed (object);

  g_assert (DIR_IS_STORE (self->store));

  if (self->settings != NULL)
    {
      g_auto(GStrv) ids = g_settings_get_strv (self->settings, "shortlist");

      set_ids (self, (const char * const *) ids);
      g_signal_connect_object (self->settings, "changed::shortlist",
                               G_CALLBACK (on_settings_changed_cb), self,
                               G_CONNECT_SWAPPED);
      load (self);
    }
}

static void
desk_shortlist_dispose (GObject *object)
{
  DeskShortlist *self = (DeskShortlist *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (desk_shortlist_parent_class)->dispose (object);
}

static void
desk_shortlist_finalize (GObject *object)
{
  DeskShortlist *self = (DeskShortlist *)object;

  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->id_set, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_ptr_array_unref);

  G_OBJECT_CLASS (desk_shortlist_parent_class)->finalize (object);
}

static void
desk_shortlist_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DeskShortlist *self = DESK_SHORTLIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->services->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_shortlist_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DeskShortlist *self = DESK_SHORTLIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_shortlist_class_init (DeskShortlistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = desk_shortlist_constructed;
  object_class->dispose = desk_shortlist_dispose;
  object_class->finalize = desk_shortlist_finalize;
  object_class->get_property = desk_shortlist_get_property;
  object_class->set_property = desk_shortlist_set_property;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIR_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
desk_shortlist_init (DeskShortlist *self)
{
  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->id_set = g_hash_table_new (g_str_hash, g_str_equal);
  self->services = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * desk_shortlist_new:
 * @store: the local directory the services are read from
 * @settings: (nullable): the desk's settings, whose "shortlist" key keeps
 *   the list, or %NULL for a list that is not kept
 *
 * Returns: (transfer full): the shortlist, loaded from @settings
 */
DeskShortlist *
desk_shortlist_new (DirStore  *store,
                    GSettings *settings)
{
  g_return_val_if_fail (DIR_IS_STORE (store), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (DESK_TYPE_SHORTLIST,
                       "store", store,
                       "settings", settings,
                       NULL);
}

DirStore *
desk_shortlist_get_store (DeskShortlist *self)
{
  g_return_val_if_fail (DESK_IS_SHORTLIST (self), NULL);

  return self->store;
}

/* Adds service at the end.  FALSE when it is already there. */
gboolean
desk_shortlist_add (DeskShortlist *self,
                    DirService    *service)
{
  char *id;

  g_return_val_if_fail (DESK_IS_SHORTLIST (self), FALSE);
  g_return_val_if_fail (DIR_IS_SERVICE (service), FALSE);

  if (g_hash_table_contains (self->id_set, dir_service_get_id (service)))
    return FALSE;

  id = g_strdup (dir_service_get_id (service));
  g_ptr_array_add (self->ids, id);
  g_hash_table_add (self->id_set, id);
  save (self);

  g_ptr_array_add (self->services, g_object_ref (service));
  g_list_model_items_changed (G_LIST_MODEL (self), self->services->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);

  return TRUE;
}

/* Takes the service with that id off the list.  FALSE when it was not on it. */
gboolean
desk_shortlist_remove (DeskShortlist *self,
                       const char    *id)
{
  g_return_val_if_fail (DESK_IS_SHORTLIST (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!g_hash_table_remove (self->id_set, id))
    return FALSE;

  for (guint i = 0; i < self->ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->ids, i), id))
      {
        g_ptr_array_remove_index (self->ids, i);
        break;
      }
  save (self);

  for (guint i = 0; i < self->services->len; i++)
    if (g_str_equal (dir_service_get_id (g_ptr_array_index (self->services, i)), id))
      {
        g_ptr_array_remove_index (self->services, i);
        g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
        g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
        break;
      }

  return TRUE;
}

/* Adds service, or takes it off if it is there.  Returns whether it is on
 * the list now. */
gboolean
desk_shortlist_toggle (DeskShortlist *self,
                       DirService    *service)
{
  g_return_val_if_fail (DESK_IS_SHORTLIST (self), FALSE);
  g_return_val_if_fail (DIR_IS_SERVICE (service), FALSE);

  if (desk_shortlist_remove (self, dir_service_get_id (service)))
    return FALSE;

  desk_shortlist_add (self, service);
  return TRUE;
}

gboolean
desk_shortlist_contains (DeskShortlist *self,
                         const char    *id)
{
  g_return_val_if_fail (DESK_IS_SHORTLIST (self), FALSE);

  return id != NULL && g_hash_table_contains (self->id_set, id);
}

/* Empties the list, for the next client. */
void
desk_shortlist_clear (DeskShortlist *self)
{
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();

  g_return_if_fail (DESK_IS_SHORTLIST (self));

  if (self->ids->len == 0)
    return;

  set_ids (self, NULL);
  save (self);
  replace_services (self, empty);
}

/**
 * desk_shortlist_reload:
 *
 * Reads the services again from the directory, after it changed: their
 * new details, and those that have left it dropped.
 *
 * Returns: how many services were dropped
 */
guint
desk_shortlist_reload (DeskShortlist *self)
{
  g_return_val_if_fail (DESK_IS_SHORTLIST (self), 0);

  return load (self);
}

/**
 * desk_shortlist_dup_ids:
 *
 * Returns: (transfer full): the ids of the services shown, in order
 */
char **
desk_shortlist_dup_ids (DeskShortlist *self)
{
  GStrvBuilder *builder;
  char **ids;

  g_return_val_if_fail (DESK_IS_SHORTLIST (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->services->len; i++)
    g_strv_builder_add (builder, dir_service_get_id (g_ptr_array_index (self->services, i)));
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return ids;
}
