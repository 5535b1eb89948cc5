/* dir-service-list.c
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

#include <math.h>

#include "dir-service.h"
#include "dir-store-private.h"

struct _DirServiceList
{
  GObject parent_instance;

  DirStore *store;
  GArray *rowids;        /* gint64 */
  GArray *distances;     /* double, NAN without a point */
  GPtrArray *items;      /* DirService or NULL until asked for */
  guint64 generation;    /* the store's when the query ran */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DirServiceList, dir_service_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
dir_service_list_get_item_type (GListModel *model)
{
  return DIR_TYPE_SERVICE;
}

static guint
dir_service_list_get_n_items (GListModel *model)
{
  DirServiceList *self = DIR_SERVICE_LIST (model);

  return self->rowids->len;
}

static gpointer
dir_service_list_get_item (GListModel *model,
                           guint       position)
{
  DirServiceList *self = DIR_SERVICE_LIST (model);
  DirService *service;

  if (position >= self->rowids->len)
    return NULL;

  service = g_ptr_array_index (self->items, position);

  if (service == NULL)
    {
      g_autoptr(GError) error = NULL;

      /* The object another list of the same directory has for this row,
       * if one is still held: a list view keeps the row showing it. */
      service = dir_store_load_row_at (self->store,
                                       g_array_index (self->rowids, gint64, position),
                                       self->generation,
                                       g_array_index (self->distances, double, position),
                                       &error);
      /* Deleted by a sync since the query ran: the list stays as it was and
       * the next query drops the row. */
      if (service == NULL)
        {
          g_debug ("Cannot read result %u: %s", position, error->message);
          return NULL;
        }

      g_ptr_array_index (self->items, position) = service;
    }

  return g_object_ref (service);
}

static void
unref_if_set (gpointer data)
{
  /* Rows never asked for are NULL. */
  if (data != NULL)
    g_object_unref (data);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dir_service_list_get_item_type;
  iface->get_n_items = dir_service_list_get_n_items;
  iface->get_item = dir_service_list_get_item;
}

static void
dir_service_list_finalize (GObject *object)
{
  DirServiceList *self = (DirServiceList *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->distances, g_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (dir_service_list_parent_class)->finalize (object);
}

static void
dir_service_list_class_init (DirServiceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dir_service_list_finalize;
}

static void
dir_service_list_init (DirServiceList *self)
{
}

DirServiceList *
dir_service_list_new (DirStore *store,
                      GArray   *rowids,
                      GArray   *distances,
                      guint64   generation)
{
  DirServiceList *self = g_object_new (DIR_TYPE_SERVICE_LIST, NULL);

  g_assert (rowids->len == distances->len);

  self->store = g_object_ref (store);
  self->rowids = g_array_ref (rowids);
  self->distances = g_array_ref (distances);
  self->generation = generation;
  self->items = g_ptr_array_new_full (rowids->len, unref_if_set);
  g_ptr_array_set_size (self->items, rowids->len);

  return self;
}

double
dir_service_list_get_distance_at (DirServiceList *self,
                                  guint           position)
{
  g_return_val_if_fail (DIR_IS_SERVICE_LIST (self), NAN);
  g_return_val_if_fail (position < self->distances->len, NAN);

  return g_array_index (self->distances, double, position);
}
