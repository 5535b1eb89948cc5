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

/* Older than this, "last verified" becomes a warning. */
#define STALE_DAYS 365

/* Everything about one service: what it does, who it is for, where it is
 * (or only its area, for confidential services), how to reach it, when it
 * is open and when the record was last checked. */
struct _DeskServiceDetail
{
  GtkWidget          parent_instance;

  DirService        *service;
  char              *language;
  DeskShortlist     *shortlist;
  GDateTime         *open_on;    /* the day asked about, or NULL */
  GDateTime         *now;        /* a fixed clock for tests, or NULL */

  GtkScrolledWindow *scroller;
  GtkLabel          *name_label;
  GtkLabel          *organization_label;
  GtkFlowBox        *tags_box;
  GtkWidget         *language_box;
  GtkLabel          *language_label;
  GtkWidget         *shortlist_button;
  AdwButtonContent  *shortlist_button_content;
  GtkWidget         *refer_button;
  GtkWidget         *alert_box;
  GtkLabel          *alert_label;
  GtkLabel          *description_label;
  GtkLabel          *eligibility_label;
  GtkLabel          *facts_label;
  GtkListBox        *where_list;
  GtkWidget         *contact_section;
  GtkListBox        *contact_list;
  GtkWidget         *hours_status_box;
  GtkLabel          *open_now_label;
  GtkLabel          *open_on_label;
  GtkListBox        *hours_list;
  GtkImage          *verified_icon;
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

  /* Names and addresses, not markup ("HMP & YOI Bedford"). */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
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
      g_autofree char *shown = NULL;
      GtkWidget *row;

      if (phone->number == NULL || phone->number[0] == '\0')
        continue;

      /* A number reads left to right in every language: isolated, its
       * groups keep their order in a right-to-left window. */
      if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
        shown = g_strconcat ("\u2066", phone->number, "\u2069", NULL);
      row = add_row (self->contact_list, "call-start-symbolic",
                     shown != NULL ? shown : phone->number, phone->description);
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

static GDateTime *
get_now (DeskServiceDetail *self)
{
  if (self->now != NULL)
    return g_date_time_ref (self->now);

  return g_date_time_new_now_local ();
}

static void
set_state_label (GtkLabel   *label,
                 const char *text,
                 const char *css_class)
{
  const char *classes[] = { "open-state", css_class, NULL };

  set_label_text (label, text);
  gtk_widget_set_css_classes (GTK_WIDGET (label), classes);
}

/* "09:00–12:30, 13:30–17:00" */
static char *
format_openings (GArray *openings)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < openings->len; i++)
    {
      const DirOpening *opening = &g_array_index (openings, DirOpening, i);
      g_autofree char *range = desk_format_time_range (opening->opens, opening->closes);

      if (i > 0)
        /* Translators: separator between opening times of one day */
        g_string_append (text, C_("accessible label separator", ", "));
      g_string_append (text, range);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "Open now, until 17:00" or "Closed now, opens at 13:30", and for the day
 * asked about (the release day from the filters) "Open on Tue 24
 * November: 09:00–17:00" or "Closed on Sun 29 November". */
static void
update_open_state (DeskServiceDetail *self,
                   DirService        *service)
{
  GPtrArray *schedules = dir_service_get_schedules (service);
  DirStatusFlags status = dir_service_get_status (service);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GArray) today = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *on_text = NULL;
  int minute;

  if (schedules == NULL || schedules->len == 0 || (status & DIR_STATUS_CLOSED))
    {
      gtk_widget_set_visible (self->hours_status_box, FALSE);
      return;
    }

  gtk_widget_set_visible (self->hours_status_box, TRUE);

  now = get_now (self);
  if (status & DIR_STATUS_PAUSED)
    {
      set_state_label (self->open_now_label, _("Temporarily closed"), "warning");
    }
  else
    {
      g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
      g_autoptr(GDateTime) wall_clock = NULL;
      gboolean open = dir_service_is_open_at (service, now);
      const DirOpening *current = NULL;
      const DirOpening *next = NULL;

      /* The openings are on the directory's clock. */
      wall_clock = london != NULL ? g_date_time_to_timezone (now, london) : g_date_time_ref (now);
      minute = g_date_time_get_hour (wall_clock) * 60 + g_date_time_get_minute (wall_clock);
      today = dir_service_get_openings_on (service, now);
      for (guint i = 0; i < today->len; i++)
        {
          const DirOpening *opening = &g_array_index (today, DirOpening, i);

          if (minute >= opening->opens && minute < opening->closes)
            current = opening;
          else if (next == NULL && opening->opens > minute)
            next = opening;
        }

      if (open && current != NULL && current->closes < 24 * 60)
        {
          g_autofree char *until = desk_format_time (current->closes);

          /* Translators: %s is a time, e.g. "Open now, until 17:00" */
          now_text = g_strdup_printf (_("Open now, until %s"), until);
        }
      else if (open)
        {
          now_text = g_strdup (_("Open now"));
        }
      else if (next != NULL)
        {
          g_autofree char *opens = desk_format_time (next->opens);

          /* Translators: %s is a time, e.g. "Closed now, opens at 13:30" */
          now_text = g_strdup_printf (_("Closed now, opens at %s"), opens);
        }
      else
        {
          now_text = g_strdup (_("Closed now"));
        }
      set_state_label (self->open_now_label, now_text, open ? "success" : "error");
    }

  if (self->open_on != NULL)
    {
      g_autoptr(GArray) openings = dir_service_get_openings_on (service, self->open_on);
      /* Translators: a day, see g_date_time_format(): "Tue 24 November" */
      g_autofree char *day = g_date_time_format (self->open_on, _("%a %-d %B"));

      if (openings->len > 0)
        {
          g_autofree char *times = format_openings (openings);

          /* Translators: a day, then its opening times: "Open on Tue 24 November: 09:00–17:00" */
          on_text = g_strdup_printf (_("Open on %s: %s"), day, times);
        }
      else
        {
          /* Translators: a day: "Closed on Sun 29 November" */
          on_text = g_strdup_printf (_("Closed on %s"), day);
        }
      set_state_label (self->open_on_label, on_text, openings->len > 0 ? NULL : "dim-label");
    }
  else
    {
      set_label_text (self->open_on_label, NULL);
    }
}

static void
update_hours (DeskServiceDetail *self,
              DirService        *service)
{
  GPtrArray *schedules = dir_service_get_schedules (service);

  clear_list (self->hours_list);
  update_open_state (self, service);

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
update_shortlist_button (DeskServiceDetail *self)
{
  gboolean listed;
  const char *tooltip;

  if (self->service == NULL)
    return;

  listed = self->shortlist != NULL &&
           desk_shortlist_contains (self->shortlist, dir_service_get_id (self->service));

  adw_button_content_set_icon_name (self->shortlist_button_content,
                                    listed ? "starred-symbolic" : "non-starred-symbolic");
  adw_button_content_set_label (self->shortlist_button_content,
                                listed ? _("_Shortlisted") : _("_Shortlist"));
  tooltip = listed ? _("Remove from the client’s shortlist (Ctrl+D)")
                   : _("Add to the client’s shortlist (Ctrl+D)");
  gtk_widget_set_tooltip_text (self->shortlist_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->shortlist_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  listed ? _("Remove from Shortlist") : _("Add to Shortlist"),
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->shortlist_button),
                               GTK_ACCESSIBLE_STATE_PRESSED,
                               listed ? GTK_ACCESSIBLE_TRISTATE_TRUE : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.toggle-shortlist",
                                 self->shortlist != NULL);
}

static void
toggle_shortlist_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  DeskServiceDetail *self = DESK_SERVICE_DETAIL (widget);

  if (self->service != NULL && self->shortlist != NULL)
    desk_shortlist_toggle (self->shortlist, self->service);
}

/* When a content language is chosen: whether this service is shown in it. */
static void
update_language (DeskServiceDetail *self,
                 DirService        *service)
{
  const char *language = self->language;
  gboolean translated;

  if (language == NULL || language[0] == '\0' || g_ascii_strcasecmp (language, "en") == 0)
    {
      gtk_widget_set_visible (self->language_box, FALSE);
      return;
    }

  translated = dir_service_get_translation (service, language) != NULL;
  if (translated)
    {
      g_autofree char *name = desk_format_language (language);
      g_autofree char *text = NULL;

      /* Translators: %s is a language, e.g. "Translated — Polish (polski)" */
      text = g_strdup_printf (_("Translated — %s"), name);
      gtk_label_set_text (self->language_label, text);
      gtk_widget_set_css_classes (self->language_box,
                                  (const char *[]) { "caption", "language-marker", "translated", NULL });
    }
  else
    {
      gtk_label_set_text (self->language_label, _("English — no translation"));
      gtk_widget_set_css_classes (self->language_box,
                                  (const char *[]) { "caption", "language-marker", "untranslated", NULL });
    }
  gtk_widget_set_visible (self->language_box, TRUE);
}

/* "Last verified 12 March 2026", a warning when that is over a year ago or
 * never: details change often (services close, move, lose funding). */
static void
update_verified (DeskServiceDetail *self,
                 DirService        *service)
{
  const char *assured = dir_service_get_assured_date (service);
  g_autofree char *verified = desk_format_date (assured);
  g_autoptr(GDateTime) when = assured != NULL ? dir_time_parse (assured) : NULL;
  g_autoptr(GDateTime) now = get_now (self);
  g_autofree char *text = NULL;
  gboolean stale;

  if (verified == NULL || when == NULL)
    {
      text = g_strdup (_("Not verified yet — check the details with the service before you refer"));
      stale = TRUE;
    }
  else if (g_date_time_difference (now, when) > (GTimeSpan) STALE_DAYS * G_TIME_SPAN_DAY)
    {
      /* Translators: %s is a date, e.g. "12 March 2025" */
      text = g_strdup_printf (_("Last verified %s, over a year ago — check the details with "
                                "the service before you refer"), verified);
      stale = TRUE;
    }
  else
    {
      /* Translators: %s is a date, e.g. "Last verified 12 March 2026" */
      text = g_strdup_printf (_("Last verified %s"), verified);
      stale = FALSE;
    }

  gtk_label_set_text (self->verified_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->verified_icon), stale);
  if (stale)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->verified_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->verified_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->verified_icon), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->verified_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->verified_label), "dim-label");
    }
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
  if (self->shortlist != NULL)
    g_signal_handlers_disconnect_by_data (self->shortlist, self);
  g_clear_object (&self->shortlist);
  g_clear_object (&self->service);
  g_clear_pointer (&self->open_on, g_date_time_unref);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->language, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, language_box);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, language_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, shortlist_button);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, shortlist_button_content);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, refer_button);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, hours_status_box);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, open_now_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, open_on_label);
  gtk_widget_class_bind_template_child (widget_class, DeskServiceDetail, verified_icon);
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
  gtk_widget_class_install_action (widget_class, "detail.toggle-shortlist", NULL,
                                   toggle_shortlist_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "servicedetail");
}

static void
desk_service_detail_init (DeskServiceDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.toggle-shortlist", FALSE);
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
  const char *status;
  const char *eligibility;
  GtkAdjustment *adjustment;
  GtkWidget *child;

  g_return_if_fail (DESK_IS_SERVICE_DETAIL (self));
  g_return_if_fail (service == NULL || DIR_IS_SERVICE (service));

  g_set_object (&self->service, service);
  if (g_strcmp0 (self->language, language) != 0)
    {
      g_free (self->language);
      self->language = g_strdup (language);
    }

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
      gtk_widget_set_visible (self->language_box, FALSE);
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

  update_language (self, service);
  update_verified (self, service);
  update_shortlist_button (self);
  /* Target first: an action name with no target yet warns of a type mismatch. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->refer_button), "s",
                                    dir_service_get_id (service));

  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

static void
on_shortlist_changed_cb (DeskServiceDetail *self)
{
  update_shortlist_button (self);
}

/* The shortlist the Shortlist button adds the shown service to. */
void
desk_service_detail_set_shortlist (DeskServiceDetail *self,
                                   DeskShortlist     *shortlist)
{
  g_return_if_fail (DESK_IS_SERVICE_DETAIL (self));
  g_return_if_fail (shortlist == NULL || DESK_IS_SHORTLIST (shortlist));

  if (self->shortlist == shortlist)
    return;

  if (self->shortlist != NULL)
    g_signal_handlers_disconnect_by_data (self->shortlist, self);
  g_set_object (&self->shortlist, shortlist);
  if (shortlist != NULL)
    g_signal_connect_swapped (shortlist, "items-changed",
                              G_CALLBACK (on_shortlist_changed_cb), self);

  update_shortlist_button (self);
}

/**
 * desk_service_detail_set_open_on:
 * @day: (nullable): a day to show the opening hours of, such as the
 *   client's release day, or %NULL
 */
void
desk_service_detail_set_open_on (DeskServiceDetail *self,
                                 GDateTime         *day)
{
  g_return_if_fail (DESK_IS_SERVICE_DETAIL (self));

  if (self->open_on == day ||
      (self->open_on != NULL && day != NULL && g_date_time_equal (self->open_on, day)))
    return;

  g_clear_pointer (&self->open_on, g_date_time_unref);
  if (day != NULL)
    self->open_on = g_date_time_ref (day);

  if (self->service != NULL)
    update_open_state (self, self->service);
}

/* Testing: "now" for "open now" and the age of "last verified"; NULL for
 * the real clock. */
void
desk_service_detail_set_now (DeskServiceDetail *self,
                             GDateTime         *now)
{
  g_return_if_fail (DESK_IS_SERVICE_DETAIL (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);

  if (self->service != NULL)
    {
      update_open_state (self, self->service);
      update_verified (self, self->service);
    }
}
