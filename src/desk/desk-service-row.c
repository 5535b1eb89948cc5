/* desk-service-row.c
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

#include "desk-format.h"
#include "desk-service-row.h"
#include "desk-trailing-box.h"

/* One result in the service list: name, organisation, main pathway, town or
 * area, and tags for confidential, paused or closed services. */
struct _DeskServiceRow
{
  GtkWidget   parent_instance;

  DirService    *service;
  DeskShortlist *shortlist;
  gboolean       hide_distance;

  GtkLabel   *name_label;
  GtkWidget  *shortlist_button;
  GtkLabel   *organization_label;
  GtkImage   *pathway_icon;
  GtkLabel   *pathway_label;
  GtkWidget  *place_box;
  GtkLabel   *place_label;
  GtkLabel   *distance_label;
  GtkWidget  *tags_box;
  GtkLabel   *confidential_label;
  GtkLabel   *status_label;

  /* What the row shows now, so that binding another service changes only
   * what differs (a list rebinds every row as one types). */
  const DirPathway *shown_pathway;
  int               shown_status;     /* DirStatusFlags, -1 before the first */
  int               shown_listed;     /* -1 before the first */
  char             *accessible_text;
};

G_DEFINE_FINAL_TYPE (DeskServiceRow, desk_service_row, GTK_TYPE_WIDGET)

static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  gboolean has_text = text != NULL && text[0] != '\0';

  gtk_label_set_text (label, has_text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), has_text);
}

static void
update_status_label (DeskServiceRow *self,
                     DirStatusFlags  status)
{
  GtkWidget *widget = GTK_WIDGET (self->status_label);

  if (self->shown_status == (int) status)
    return;
  self->shown_status = status;

  set_label_text (self->status_label, desk_format_status (status));
  gtk_widget_remove_css_class (widget, "closed");
  gtk_widget_remove_css_class (widget, "paused");
  if (status & DIR_STATUS_CLOSED)
    gtk_widget_add_css_class (widget, "closed");
  else if (status & DIR_STATUS_PAUSED)
    gtk_widget_add_css_class (widget, "paused");
}

/* One line for screen readers: the list item itself has no name. */
static void
update_accessible_label (DeskServiceRow *self)
{
  GtkLabel *labels[] = {
    self->name_label,
    self->organization_label,
    self->pathway_label,
    self->place_label,
    self->distance_label,
    self->confidential_label,
    self->status_label,
  };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      const char *label = gtk_label_get_text (labels[i]);

      if (gtk_widget_get_visible (GTK_WIDGET (labels[i])) && label[0] != '\0')
        g_strv_builder_add (builder, label);
    }

  parts = g_strv_builder_end (builder);
  /* Translators: separator between the parts of a service read out by a screen reader */
  text = g_strjoinv (C_("accessible label separator", ", "), parts);
  if (g_strcmp0 (text, self->accessible_text) == 0)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  g_free (self->accessible_text);
  self->accessible_text = g_steal_pointer (&text);
}

static void
update_shortlist_button (DeskServiceRow *self)
{
  gboolean listed;

  if (self->shortlist == NULL || self->service == NULL)
    {
      gtk_widget_set_visible (self->shortlist_button, FALSE);
      return;
    }

  listed = desk_shortlist_contains (self->shortlist, dir_service_get_id (self->service));
  if (self->shown_listed == listed)
    return;
  self->shown_listed = listed;
  gtk_button_set_icon_name (GTK_BUTTON (self->shortlist_button),
                            listed ? "starred-symbolic" : "non-starred-symbolic");
  if (listed)
    gtk_widget_add_css_class (self->shortlist_button, "listed");
  else
    gtk_widget_remove_css_class (self->shortlist_button, "listed");
  gtk_widget_set_tooltip_text (self->shortlist_button,
                               listed ? _("Remove from Shortlist") : _("Add to Shortlist"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->shortlist_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  listed ? _("Remove from Shortlist") : _("Add to Shortlist"),
                                  -1);
}

/* Shown last: a visible button's new tooltip asks the display where the
 * pointer is (a round trip to the X server), which a row being bound does
 * not need. */
static void
show_shortlist_button (DeskServiceRow *self)
{
  update_shortlist_button (self);
  gtk_widget_set_visible (self->shortlist_button,
                          self->shortlist != NULL && self->service != NULL);
}

static void
toggle_shortlist_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  DeskServiceRow *self = DESK_SERVICE_ROW (widget);
  g_autoptr(DirService) service = NULL;

  if (self->service == NULL || self->shortlist == NULL)
    return;

  /* Removing it from the shortlist view unbinds this row on the way. */
  service = g_object_ref (self->service);
  desk_shortlist_toggle (self->shortlist, service);
}

static void
desk_service_row_dispose (GObject *object)
{
  DeskServiceRow *self = (DeskServiceRow *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_SERVICE_ROW);
  /* Unnamed template children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->shortlist != NULL)
    g_signal_handlers_disconnect_by_data (self->shortlist, self);
  g_clear_object (&self->shortlist);
  g_clear_object (&self->service);
  g_clear_pointer (&self->accessible_text, g_free);

  G_OBJECT_CLASS (desk_service_row_parent_class)->dispose (object);
}

static void
desk_service_row_class_init (DeskServiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_service_row_dispose;

  g_type_ensure (DESK_TYPE_TRAILING_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/directionhub/Desk/ui/desk-service-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskServiceRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceRow, shortlist_button);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceRow, organization_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceRow, pathway_icon);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceRow, pathway_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceRow, place_box);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceRow, place_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceRow, distance_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceRow, tags_box);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceRow, confidential_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceRow, status_label);

  gtk_widget_class_install_action (widget_class, "row.toggle-shortlist", NULL,
                                   toggle_shortlist_action);

  gtk_widget_class_set_css_name (widget_class, "servicerow");
}

static void
desk_service_row_init (DeskServiceRow *self)
{
  self->shown_status = -1;
  self->shown_listed = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
desk_service_row_new (void)
{
  return g_object_new (DESK_TYPE_SERVICE_ROW, NULL);
}

DirService *
desk_service_row_get_service (DeskServiceRow *self)
{
  g_return_val_if_fail (DESK_IS_SERVICE_ROW (self), NULL);

  return self->service;
}

/* Shows service, with its name in language when it has a translation
 * (NULL or "" for the language it was written in).  NULL clears the row. */
void
desk_service_row_set_service (DeskServiceRow *self,
                              DirService     *service,
                              const char     *language)
{
  const DirPathway *pathway = NULL;
  g_autofree char *place = NULL;
  g_autofree char *distance = NULL;
  gboolean confidential = FALSE;
  DirStatusFlags status = DIR_STATUS_ACTIVE;

  g_return_if_fail (DESK_IS_SERVICE_ROW (self));
  g_return_if_fail (service == NULL || DIR_IS_SERVICE (service));

  g_set_object (&self->service, service);

  if (service != NULL)
    {
      pathway = desk_format_main_pathway (service);
      place = desk_format_place (service);
      confidential = dir_service_get_confidential (service);
      status = dir_service_get_status (service);
      GPtrArray *locations = dir_service_get_locations (service);

      /* Confidential services, and those with no address, are measured
       * to the centre of their area. */
      if (!self->hide_distance)
        distance = desk_format_distance (dir_service_get_distance (service),
                                         confidential || locations == NULL || locations->len == 0);
    }

  gtk_label_set_text (self->name_label,
                      service != NULL ? desk_format_name (service, language) : "");
  set_label_text (self->organization_label,
                  service != NULL ? dir_service_get_organization_name (service) : NULL);

  if (pathway != NULL && pathway != self->shown_pathway)
    {
      gtk_image_set_from_icon_name (self->pathway_icon, pathway->icon_name);
      gtk_label_set_text (self->pathway_label, _(pathway->label));
    }
  self->shown_pathway = pathway;
  gtk_widget_set_visible (GTK_WIDGET (self->pathway_icon), pathway != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->pathway_label), pathway != NULL);

  set_label_text (self->place_label, place);
  set_label_text (self->distance_label, distance);
  gtk_widget_set_visible (self->place_box,
                          (place != NULL && place[0] != '\0') || distance != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->confidential_label), confidential);
  update_status_label (self, status);
  gtk_widget_set_visible (self->tags_box,
                          confidential || desk_format_status (status) != NULL);

  show_shortlist_button (self);
  update_accessible_label (self);
}

static void
on_shortlist_changed_cb (DeskServiceRow *self)
{
  show_shortlist_button (self);
}

/* The shortlist the row's star adds its service to and shows it is on;
 * NULL for no star. */
void
desk_service_row_set_shortlist (DeskServiceRow *self,
                                DeskShortlist  *shortlist)
{
  g_return_if_fail (DESK_IS_SERVICE_ROW (self));
  g_return_if_fail (shortlist == NULL || DESK_IS_SHORTLIST (shortlist));

  if (self->shortlist == shortlist)
    return;

  if (self->shortlist != NULL)
    g_signal_handlers_disconnect_by_data (self->shortlist, self);
  g_set_object (&self->shortlist, shortlist);
  if (shortlist != NULL)
    g_signal_connect_swapped (shortlist, "items-changed",
                              G_CALLBACK (on_shortlist_changed_cb), self);

  show_shortlist_button (self);
}

/* Whether the row says how far the service is (from the search's near
 * place): not in the shortlist, whose services were added from other
 * searches. */
void
desk_service_row_set_show_distance (DeskServiceRow *self,
                                    gboolean        show_distance)
{
  g_return_if_fail (DESK_IS_SERVICE_ROW (self));

  self->hide_distance = !show_distance;
}
