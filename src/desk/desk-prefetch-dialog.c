/* desk-prefetch-dialog.c
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

#include <glib/gi18n.h>
#include <math.h>

#include "desk-prefetch-dialog.h"

/* "Download this area for offline use": the area the map shows, over a
 * zoom range the user picks, into the tile cache through DeskTilePrefetch.
 * The tile count shows before anything starts and the download is refused
 * over the prefetch's limit; OpenStreetMap's public servers, whose policy
 * forbids bulk downloading, get a prominent warning and no Download
 * button.  Progress, Cancel, and what came of it stay in the dialog. */
struct _DeskPrefetchDialog
{
  AdwWindow         parent_instance;

  DeskTileSource   *source;
  DeskTilePrefetch *prefetch;
  GCancellable     *cancellable;
  double            north, south, west, east;
  guint64           n_tiles;
  gboolean          public_osm;
  gboolean          finished;

  GtkWidget        *cancel_button;
  GtkWidget        *download_button;
  GtkWidget        *osm_box;
  GtkWidget        *zoom_group;
  GtkSpinButton    *min_zoom_spin;
  GtkSpinButton    *max_zoom_spin;
  GtkLabel         *count_label;
  GtkWidget        *progress_box;
  GtkProgressBar   *progress_bar;
  GtkLabel         *progress_label;
};

G_DEFINE_FINAL_TYPE (DeskPrefetchDialog, desk_prefetch_dialog, ADW_TYPE_WINDOW)

static char *
format_count (guint64 n)
{
  /* With the locale's thousands separator. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static void
update_count (DeskPrefetchDialog *self)
{
  guint min_zoom = gtk_spin_button_get_value_as_int (self->min_zoom_spin);
  guint max_zoom = gtk_spin_button_get_value_as_int (self->max_zoom_spin);
  guint max_tiles = desk_tile_prefetch_get_max_tiles (self->prefetch);
  g_autofree char *count = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *text = NULL;
  gboolean too_many;

  self->n_tiles = desk_tile_prefetch_count_tiles (self->north, self->south, self->west, self->east,
                                                  min_zoom, MAX (min_zoom, max_zoom));
  too_many = self->n_tiles > max_tiles;
  count = format_count (self->n_tiles);
  limit = format_count (max_tiles);

  if (too_many)
    /* Translators: the first %s is a number of map tiles, the second the most allowed */
    text = g_strdup_printf (_("That is %s tiles: at most %s can be downloaded at once. "
                              "Zoom the map in on a smaller area, or choose a farther "
                              "closest zoom level."),
                            count, limit);
  else
    text = g_strdup_printf (ngettext ("%s tile to download", "%s tiles to download",
                                      (gulong) MIN (self->n_tiles, G_MAXULONG)),
                            count);

  gtk_label_set_text (self->count_label, text);
  if (too_many)
    gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "error");

  gtk_widget_set_sensitive (self->download_button, desk_prefetch_dialog_get_can_start (self));
}

static void
on_zoom_changed_cb (DeskPrefetchDialog *self,
                    GtkSpinButton      *spin)
{
  int min_zoom = gtk_spin_button_get_value_as_int (self->min_zoom_spin);
  int max_zoom = gtk_spin_button_get_value_as_int (self->max_zoom_spin);

  /* Keep farthest <= closest, moving the other one. */
  if (min_zoom > max_zoom)
    {
      if (spin == self->min_zoom_spin)
        gtk_spin_button_set_value (self->max_zoom_spin, min_zoom);
      else
        gtk_spin_button_set_value (self->min_zoom_spin, max_zoom);
      return;
    }

  update_count (self);
}

static void
update_progress (DeskPrefetchDialog *self)
{
  guint done = desk_tile_prefetch_get_n_done (self->prefetch);
  guint total = desk_tile_prefetch_get_n_total (self->prefetch);
  g_autofree char *done_text = format_count (done);
  g_autofree char *total_text = format_count (total);
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0);
  /* Translators: tiles downloaded so far, of how many */
  text = g_strdup_printf (_("%s of %s tiles"), done_text, total_text);
  gtk_label_set_text (self->progress_label, text);
}

static void
set_finished (DeskPrefetchDialog *self,
              const char         *message,
              const char         *css_class)
{
  self->finished = TRUE;
  g_clear_object (&self->cancellable);

  gtk_label_set_text (self->progress_label, message);
  gtk_widget_set_css_classes (GTK_WIDGET (self->progress_label),
                              (const char *[]) { "numeric", css_class, NULL });
  gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("_Close"));
  gtk_widget_set_visible (self->download_button, FALSE);
  gtk_widget_set_sensitive (self->zoom_group, FALSE);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  DeskTilePrefetch *prefetch = DESK_TILE_PREFETCH (object);
  g_autoptr(DeskPrefetchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  guint done = desk_tile_prefetch_get_n_done (prefetch);
  guint total = desk_tile_prefetch_get_n_total (prefetch);
  g_autofree char *done_text = format_count (done);
  g_autofree char *total_text = format_count (total);
  g_autofree char *message = NULL;
  gboolean ok = desk_tile_prefetch_run_finish (prefetch, result, &error);

  /* Closed while it ran. */
  if (self->progress_label == NULL)
    return;

  if (ok)
    {
      message = g_strdup_printf (ngettext ("Done: %s tile is saved for offline use.",
                                           "Done: %s tiles are saved for offline use.",
                                           total),
                                 total_text);
      set_finished (self, message, "success");
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: tiles saved before the user cancelled, of how many */
      message = g_strdup_printf (_("Cancelled: %s of %s tiles were saved."), done_text, total_text);
      set_finished (self, message, NULL);
    }
  else
    {
      /* Translators: %s says what went wrong */
      message = g_strdup_printf (_("Not all of the area could be saved: %s."), error->message);
      set_finished (self, message, "error");
    }
}

static void
on_download_clicked_cb (DeskPrefetchDialog *self)
{
  desk_prefetch_dialog_start (self);
}

static void
on_cancel_clicked_cb (DeskPrefetchDialog *self)
{
  if (self->cancellable != NULL)
    desk_prefetch_dialog_cancel (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
desk_prefetch_dialog_close_request (GtkWindow *window)
{
  DeskPrefetchDialog *self = DESK_PREFETCH_DIALOG (window);

  /* Closing stops the download; what is saved stays saved. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (desk_prefetch_dialog_parent_class)->close_request (window);
}

static void
desk_prefetch_dialog_dispose (GObject *object)
{
  DeskPrefetchDialog *self = (DeskPrefetchDialog *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->prefetch != NULL)
    g_signal_handlers_disconnect_by_data (self->prefetch, self);
  g_clear_object (&self->prefetch);
  g_clear_object (&self->source);

  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_PREFETCH_DIALOG);

  G_OBJECT_CLASS (desk_prefetch_dialog_parent_class)->dispose (object);
}

static void
desk_prefetch_dialog_class_init (DeskPrefetchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = desk_prefetch_dialog_dispose;
  window_class->close_request = desk_prefetch_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/directionhub/Desk/ui/desk-prefetch-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskPrefetchDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DeskPrefetchDialog, download_button);
  gtk_widget_class_bind_template_child (widget_class, DeskPrefetchDialog, osm_box);
  gtk_widget_class_bind_template_child (widget_class, DeskPrefetchDialog, zoom_group);
  gtk_widget_class_bind_template_child (widget_class, DeskPrefetchDialog, min_zoom_spin);
  gtk_widget_class_bind_template_child (widget_class, DeskPrefetchDialog, max_zoom_spin);
  gtk_widget_class_bind_template_child (widget_class, DeskPrefetchDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, DeskPrefetchDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, DeskPrefetchDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, DeskPrefetchDialog, progress_label);
  gtk_widget_class_bind_template_callback (widget_class, on_zoom_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_download_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
desk_prefetch_dialog_init (DeskPrefetchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * desk_prefetch_dialog_new:
 * @source: the map's tile source (its template, cache and User-Agent)
 * @north: the area, in degrees
 * @zoom_level: the map's zoom level: the range offered starts there
 */
DeskPrefetchDialog *
desk_prefetch_dialog_new (DeskTileSource *source,
                          double          north,
                          double          south,
                          double          west,
                          double          east,
                          double          zoom_level)
{
  DeskPrefetchDialog *self;
  guint zoom;

  g_return_val_if_fail (DESK_IS_TILE_SOURCE (source), NULL);

  self = g_object_new (DESK_TYPE_PREFETCH_DIALOG, NULL);
  self->source = g_object_ref (source);
  self->prefetch = desk_tile_prefetch_new (source);
  self->north = north;
  self->south = south;
  self->west = west;
  self->east = east;
  self->public_osm =
    desk_tile_prefetch_template_is_public_osm (desk_tile_source_get_url_template (source));

  g_signal_connect_swapped (self->prefetch, "notify::n-done",
                            G_CALLBACK (update_progress), self);

  gtk_widget_set_visible (self->osm_box, self->public_osm);

  /* From the area as shown to three levels closer (64 times the tiles). */
  zoom = (guint) CLAMP (floor (zoom_level), 2, 19);
  g_signal_handlers_block_by_func (self->min_zoom_spin, on_zoom_changed_cb, self);
  g_signal_handlers_block_by_func (self->max_zoom_spin, on_zoom_changed_cb, self);
  gtk_spin_button_set_value (self->min_zoom_spin, zoom);
  gtk_spin_button_set_value (self->max_zoom_spin, MIN (zoom + 3, 17));
  gtk_spin_button_set_value (self->max_zoom_spin,
                             MAX (gtk_spin_button_get_value (self->max_zoom_spin), zoom));
  g_signal_handlers_unblock_by_func (self->min_zoom_spin, on_zoom_changed_cb, self);
  g_signal_handlers_unblock_by_func (self->max_zoom_spin, on_zoom_changed_cb, self);

  update_count (self);

  return self;
}

DeskTilePrefetch *
desk_prefetch_dialog_get_prefetch (DeskPrefetchDialog *self)
{
  g_return_val_if_fail (DESK_IS_PREFETCH_DIALOG (self), NULL);

  return self->prefetch;
}

/* Tiles the chosen zoom range makes, as shown before the download. */
guint64
desk_prefetch_dialog_get_n_tiles (DeskPrefetchDialog *self)
{
  g_return_val_if_fail (DESK_IS_PREFETCH_DIALOG (self), 0);

  return self->n_tiles;
}

void
desk_prefetch_dialog_set_zoom_range (DeskPrefetchDialog *self,
                                     guint               min_zoom,
                                     guint               max_zoom)
{
  g_return_if_fail (DESK_IS_PREFETCH_DIALOG (self));
  g_return_if_fail (min_zoom <= max_zoom);

  gtk_spin_button_set_value (self->max_zoom_spin, max_zoom);
  gtk_spin_button_set_value (self->min_zoom_spin, min_zoom);
  update_count (self);
}

/* Whether Download can start: not the public OSM servers, within the
 * limit, not started already. */
gboolean
desk_prefetch_dialog_get_can_start (DeskPrefetchDialog *self)
{
  g_return_val_if_fail (DESK_IS_PREFETCH_DIALOG (self), FALSE);

  return !self->public_osm && !self->finished && self->cancellable == NULL &&
         self->n_tiles > 0 && self->n_tiles <= desk_tile_prefetch_get_max_tiles (self->prefetch);
}

void
desk_prefetch_dialog_start (DeskPrefetchDialog *self)
{
  g_return_if_fail (DESK_IS_PREFETCH_DIALOG (self));

  if (!desk_prefetch_dialog_get_can_start (self))
    return;

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (self->download_button, FALSE);
  gtk_widget_set_sensitive (self->zoom_group, FALSE);
  gtk_widget_set_visible (self->progress_box, TRUE);

  desk_tile_prefetch_run_async (self->prefetch,
                                self->north, self->south, self->west, self->east,
                                gtk_spin_button_get_value_as_int (self->min_zoom_spin),
                                gtk_spin_button_get_value_as_int (self->max_zoom_spin),
                                self->cancellable,
                                run_cb,
                                g_object_ref (self));
  update_progress (self);
}

void
desk_prefetch_dialog_cancel (DeskPrefetchDialog *self)
{
  g_return_if_fail (DESK_IS_PREFETCH_DIALOG (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}
