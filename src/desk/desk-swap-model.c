/* desk-swap-model.c
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

/* A list model standing for another one that is replaced from time to
 * time (the results of each search), telling its views only what changed:
 * the items the two share at the start, the same objects at the same
 * positions, are not removed and added again, so a list view keeps the
 * rows showing them as they are, bound and laid out.  DirStore hands out
 * the same object for the same service, so a search that is typed on
 * mostly changes nothing the list shows. */

#include "config.h"

#include "desk-swap-model.h"

struct _DeskSwapModel
{
  GObject     parent_instance;

  GType       item_type;
  GListModel *model;     /* nullable */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DeskSwapModel, desk_swap_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
desk_swap_model_get_item_type (GListModel *model)
{
  return DESK_SWAP_MODEL (model)->item_type;
}

static guint
desk_swap_model_get_n_items (GListModel *model)
{
  DeskSwapModel *self = DESK_SWAP_MODEL (model);

  return self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
}

static gpointer
desk_swap_model_get_item (GListModel *model,
                          guint       position)
{
  DeskSwapModel *self = DESK_SWAP_MODEL (model);

  return self->model != NULL ? g_list_model_get_item (self->model, position) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = desk_swap_model_get_item_type;
  iface->get_n_items = desk_swap_model_get_n_items;
  iface->get_item = desk_swap_model_get_item;
}

static void
on_items_changed_cb (DeskSwapModel *self,
                     guint          position,
                     guint          removed,
                     guint          added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
desk_swap_model_dispose (GObject *object)
{
  DeskSwapModel *self = (DeskSwapModel *)object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed_cb, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (desk_swap_model_parent_class)->dispose (object);
}

static void
desk_swap_model_class_init (DeskSwapModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = desk_swap_model_dispose;
}

static void
desk_swap_model_init (DeskSwapModel *self)
{
}

DeskSwapModel *
desk_swap_model_new (GType item_type)
{
  DeskSwapModel *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);

  self = g_object_new (DESK_TYPE_SWAP_MODEL, NULL);
  self->item_type = item_type;

  return self;
}

/**
 * desk_swap_model_get_model:
 *
 * Returns: (transfer none) (nullable): the model it stands for
 */
GListModel *
desk_swap_model_get_model (DeskSwapModel *self)
{
  g_return_val_if_fail (DESK_IS_SWAP_MODEL (self), NULL);

  return self->model;
}

/**
 * desk_swap_model_set_model:
 * @model: (nullable): the model to stand for now
 * @n_compared: how many items at the start may be kept: those the views
 *   show (the items are read from both models to be compared)
 *
 * Stands for @model from now on.  The items it shares with the model
 * before at the start, up to @n_compared, stay; the rest is reported as
 * removed and added.
 */
void
desk_swap_model_set_model (DeskSwapModel *self,
                           GListModel    *model,
                           guint          n_compared)
{
  g_autoptr(GListModel) old = NULL;
  guint n_old, n_new, limit, kept;

  g_return_if_fail (DESK_IS_SWAP_MODEL (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));
  g_return_if_fail (model == NULL || g_type_is_a (g_list_model_get_item_type (model), self->item_type));

  if (model == self->model)
    return;

  old = g_steal_pointer (&self->model);
  if (old != NULL)
    g_signal_handlers_disconnect_by_func (old, on_items_changed_cb, self);

  n_old = old != NULL ? g_list_model_get_n_items (old) : 0;
  n_new = model != NULL ? g_list_model_get_n_items (model) : 0;
  limit = MIN (MIN (n_old, n_new), n_compared);
  for (kept = 0; kept < limit; kept++)
    {
      g_autoptr(GObject) before = g_list_model_get_item (old, kept);
      g_autoptr(GObject) now = g_list_model_get_item (model, kept);

      if (before == NULL || before != now)
        break;
    }

  if (model != NULL)
    {
      self->model = g_object_ref (model);
      g_signal_connect_object (model, "items-changed", G_CALLBACK (on_items_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  if (n_old > kept || n_new > kept)
    g_list_model_items_changed (G_LIST_MODEL (self), kept, n_old - kept, n_new - kept);
}
