/* desk-service-detail.c
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

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "desk-format.h"
#include "desk-service-detail.h"

/* Everything about one service: what it does, who it is for, where it is
 * (or only its area, for confidential services), how to reach it, when it
 * is open and when the record was last checked. */
struct _DeskServiceDetail
{
  GtkWidget          parent_instance;

  DirService        *service;

  GtkScrolledWindow *scroller;
  GtkLabel          *name_label;
  GtkLabel          *organization_label;
  GtkFlowBox        *tags_box;
  GtkWidget         *alert_box;
  GtkLabel          *alert_label;
  GtkLabel          *description_label;
  GtkLabel          *eligibility_label;
  GtkLabel          *facts_label;
  GtkListBox        *where_list;
  GtkWidget         *contact_section;
  GtkListBox        *contact_list;
  GtkListBox        *hours_list;
  GtkLabel          *verified_label;
};

G_DEFINE_FINAL_TYPE (DeskServiceDetail, desk_service_detail, GTK_TYPE_WIDGET)

static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  gboolean has_text = text != NULL && text[0] != '\0';

  gtk_label_set_text (label, has_text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), has_text);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_tag (DeskServiceDetail *self,
         const char        *icon_name,
         const char        *text,
         const char        *css_class)
{
  GtkWidget *box;
  GtkWidget *child;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (box, GTK_ALIGN_START);
  gtk_widget_add_css_class (box, "tag");
  if (css_class != NULL)
    gtk_widget_add_css_class (box, css_class);

  if (icon_name != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

      gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
      gtk_box_append (GTK_BOX (box), image);
    }
  gtk_box_append (GTK_BOX (box), gtk_label_new (text));

  child = gtk_flow_box_child_new ();
  gtk_widget_set_halign (child, GTK_ALIGN_START);
  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);
  gtk_flow_box_append (self->tags_box, child);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *icon_name,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

      gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
    }

  gtk_list_box_append (list, row);

  return row;
}

static void
add_copy_button (GtkWidget  *row,
                 const char *text,
                 const char *description)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  /* Target first: an action name with no target yet warns of a type mismatch. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", text);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "detail.copy");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

static void
add_link_row (GtkListBox *list,
              const char *icon_name,
              const char *title,
              const char *subtitle,
              const char *uri)
{
  GtkWidget *row = add_row (list, icon_name, title, subtitle);
  GtkWidget *image = gtk_image_new_from_icon_name ("adw-external-link-symbolic");

  gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), image);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", uri);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "detail.open-uri");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
}

static char *
format_facts (DirService *service)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) facts = NULL;
  int min_age = dir_service_get_minimum_age (service);
  int max_age = dir_service_get_maximum_age (service);
  g_autofree char *ages = NULL;

  switch (dir_service_get_gender (service))
    {
    case DIR_GENDER_WOMEN:
      g_strv_builder_add (builder, _("Women only"));
      break;

    case DIR_GENDER_MEN:
      g_strv_builder_add (builder, _("Men only"));
      break;

    case DIR_GENDER_ANY:
    default:
      break;
    }

  if (min_age > 0 && max_age > 0)
    ages = g_strdup_printf (_("Ages %d to %d"), min_age, max_age);
  else if (min_age > 0)
    ages = g_strdup_printf (_("Ages %d and over"), min_age);
  else if (max_age > 0)
    ages = g_strdup_printf (_("Ages up to %d"), max_age);
  if (ages != NULL)
    g_strv_builder_add (builder, ages);

  if (dir_service_get_self_referral (service))
    g_strv_builder_add (builder, _("Self-referral accepted"));
  else
    g_strv_builder_add (builder, _("Referral needed"));

  facts = g_strv_builder_end (builder);

  /* Translators: separator between facts such as "Women only · Ages 18 and over" */
  return g_strjoinv (_(" · "), facts);
}

static void
update_where (DeskServiceDetail *self,
              DirService        *service)
{
  GPtrArray *locations = dir_service_get_locations (service);
  const char *area = dir_service_get_area_name (service);

  clear_list (self->where_list);

  if (dir_service_get_confidential (service))
    {
      /* Never a location for a confidential service, whatever the record holds. */
      add_row (self->where_list, "changes-prevent-symbolic",
               _("Contact by phone — address withheld"), area);
      return;
    }

  for (guint i = 0; locations != NULL && i < locations->len; i++)
    {
      const DirLocation *location = g_ptr_array_index (locations, i);
      g_autofree char *address = desk_format_address (location);
      GtkWidget *row;

      if (address == NULL && (location->name == NULL || location->name[0] == '\0'))
        continue;

      if (location->name != NULL && location->name[0] != '\0')
        row = add_row (self->where_list, "mark-location-symbolic", location->name, address);
      else
        row = add_row (self->where_list, "mark-location-symbolic", address, NULL);

      if (address != NULL)
        add_copy_button (row, address, _("Copy Address"));
    }

  if (gtk_widget_get_first_child (GTK_WIDGET (self->where_list)) == NULL)
    {
      if (area != NULL && area[0] != '\0')
        add_row (self->where_list, "mark-location-symbolic", area, _("No address given"));
      else
        add_row (self->where_list, "mark-location-symbolic", _("No address given"), NULL);
    }
}

static void
update_contact (DeskServiceDetail *self,
                DirService        *service)
{
  GPtrArray *phones = dir_service_get_phones (service);
  const char *email = dir_service_get_email (service);
  const char *url = dir_service_get_url (service);

  clear_list (self->contact_list);

  for (guint i = 0; phones != NULL && i < phones->len; i++)
    {
      const DirPhone *phone = g_ptr_array_index (phones, i);
      GtkWidget *row;

      if (phone->number == NULL || phone->number[0] == '\0')
        continue;

      row = add_row (self->contact_list, "call-start-symbolic", phone->number, phone->description);
      add_copy_button (row, phone->number, _("Copy Phone Number"));
    }

  if (email != NULL && email[0] != '\0')
    {
      g_autofree char *uri = g_strconcat ("mailto:", email, NULL);

      add_link_row (self->contact_list, "mail-unread-symbolic", email, NULL, uri);
    }

  if (url != NULL && url[0] != '\0')
    {
      g_autofree char *uri = NULL;
      const char *shown = url;

      if (g_str_has_prefix (url, "https://"))
        shown = url + strlen ("https://");
      else if (g_str_has_prefix (url, "http://"))
        shown = url + strlen ("http://");

      if (strstr (url, "://") != NULL)
        uri = g_strdup (url);
      else
        uri = g_strconcat ("https://", url, NULL);

      add_link_row (self->contact_list, "web-browser-symbolic", shown, NULL, uri);
    }

  gtk_widget_set_visible (self->contact_section,
                          gtk_widget_get_first_child (GTK_WIDGET (self->contact_list)) != NULL);
}

static void
update_hours (DeskServiceDetail *self,
              DirService        *service)
{
  GPtrArray *schedules = dir_service_get_schedules (service);

  clear_list (self->hours_list);

  for (guint i = 0; schedules != NULL && i < schedules->len; i++)
    {
      const DirSchedule *schedule = g_ptr_array_index (schedules, i);
      g_autofree char *days = desk_format_weekdays (schedule->weekdays);
      g_autofree char *times = NULL;
      g_autofree char *note = desk_format_schedule (schedule);
      GtkWidget *row;
      GtkWidget *label;

      if (days == NULL)
        continue;

      times = desk_format_time_range (schedule->opens, schedule->closes);
      row = add_row (self->hours_list, NULL, days, note);

      label = gtk_label_new (times);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  if (gtk_widget_get_first_child (GTK_WIDGET (self->hours_list)) == NULL)
    add_row (self->hours_list, NULL, _("No opening hours given"),
             _("Phone before visiting"));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkWidget *overlay;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          g_variant_get_string (parameter, NULL));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                 adw_toast_new (_("Copied to clipboard")));
}

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                g_variant_get_string (parameter, NULL),
                GDK_CURRENT_TIME);
}

static void
desk_service_detail_dispose (GObject *object)
{
  DeskServiceDetail *self = (DeskServiceDetail *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_SERVICE_DETAIL);
  /* Unnamed template children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (desk_service_detail_parent_class)->dispose (object);
}

static void
desk_service_detail_class_init (DeskServiceDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_service_detail_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/directionhub/Desk/ui/desk-service-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, organization_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, tags_box);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, alert_box);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, alert_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, description_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, eligibility_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, facts_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, where_list);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, contact_section);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, contact_list);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, hours_list);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, verified_label);

  gtk_widget_class_install_action (widget_class, "detail.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "detail.open-uri", "s", open_uri_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "servicedetail");
}

static void
desk_service_detail_init (DeskServiceDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
desk_service_detail_new (void)
{
  return g_object_new (DESK_TYPE_SERVICE_DETAIL, NULL);
}

DirService *
desk_service_detail_get_service (DeskServiceDetail *self)
{
  g_return_val_if_fail (DESK_IS_SERVICE_DETAIL (self), NULL);

  return self->service;
}

/* Shows service, in language when it has a translation (NULL or "" for
 * the language it was written in). */
void
desk_service_detail_set_service (DeskServiceDetail *self,
                                 DirService        *service,
                                 const char        *language)
{
  g_autoptr(GPtrArray) pathways = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *verified_text = NULL;
  const char *status;
  const char *eligibility;
  GtkAdjustment *adjustment;
  GtkWidget *child;

  g_return_if_fail (DESK_IS_SERVICE_DETAIL (self));
  g_return_if_fail (service == NULL || DIR_IS_SERVICE (service));

  g_set_object (&self->service, service);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_flow_box_remove (self->tags_box, child);

  if (service == NULL)
    {
      gtk_label_set_text (self->name_label, "");
      set_label_text (self->organization_label, NULL);
      set_label_text (self->description_label, NULL);
      gtk_widget_set_visible (self->alert_box, FALSE);
      clear_list (self->where_list);
      clear_list (self->contact_list);
      clear_list (self->hours_list);
      return;
    }

  gtk_label_set_text (self->name_label, desk_format_name (service, language));
  set_label_text (self->organization_label, dir_service_get_organization_name (service));

  status = desk_format_status (dir_service_get_status (service));
  if (status != NULL)
    add_tag (self, NULL, status,
             (dir_service_get_status (service) & DIR_STATUS_CLOSED) ? "closed" : "paused");
  if (dir_service_get_confidential (service))
    add_tag (self, "changes-prevent-symbolic", _("Confidential — address withheld"), "confidential");

  pathways = desk_format_top_pathways (service);
  for (guint i = 0; i < pathways->len; i++)
    {
      const DirPathway *pathway = g_ptr_array_index (pathways, i);

      add_tag (self, pathway->icon_name, _(pathway->label), "pathway");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tags_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->tags_box)) != NULL);

  set_label_text (self->alert_label, dir_service_get_alert (service));
  gtk_widget_set_visible (self->alert_box,
                          gtk_widget_get_visible (GTK_WIDGET (self->alert_label)));

  set_label_text (self->description_label, desk_format_description (service, language));

  eligibility = desk_format_eligibility (service, language);
  set_label_text (self->eligibility_label, eligibility);
  facts = format_facts (service);
  set_label_text (self->facts_label, facts);

  update_where (self, service);
  update_contact (self, service);
  update_hours (self, service);

  verified = desk_format_date (dir_service_get_assured_date (service));
  if (verified != NULL)
    /* Translators: %s is a date, e.g. "Last verified 12 March 2026" */
    verified_text = g_strdup_printf (_("Last verified %s"), verified);
  else
    verified_text = g_strdup (_("Not verified yet"));
  gtk_label_set_text (self->verified_label, verified_text);

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}
