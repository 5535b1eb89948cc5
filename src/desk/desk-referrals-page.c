/* desk-referrals-page.c
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

/* Three sections over the outbox's one live list, each a filter of it
 * (its states, the state chosen in the drop-down and the search text),
 * bound to a boxed list.  The outbox replaces an item whenever it
 * changes, so rows are always made from a fresh snapshot. */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dir-referral.h"
#include "dir-time.h"

#include "desk-referrals-page.h"


typedef enum
{
  SHOW_ALL,
  SHOW_DRAFTS,
  SHOW_WAITING,
  SHOW_FAILED,
  SHOW_SENT,
  SHOW_MORE_INFORMATION,
} Show;

typedef enum
{
  SECTION_DRAFTS,
  SECTION_OUTBOX,
  SECTION_SENT,
  N_SECTIONS
} Section;

struct _DeskReferralsPage
{
  GtkWidget            parent_instance;

  DirOutbox           *outbox;
  DirAccount          *account;
  GtkFilterListModel  *sections[N_SECTIONS];
  GtkCustomFilter     *filters[N_SECTIONS];
  GCancellable        *cancellable;
  char                *search;         /* casefolded, or NULL */
  char                *last_result;    /* the last sync's outcome, in words */
  gboolean             last_failed;
  gboolean             busy;

  /* Template widgets */
  GtkSearchEntry      *search_entry;
  GtkDropDown         *state_dropdown;
  GtkWidget           *sync_button;
  GtkSpinner          *sync_spinner;
  GtkLabel            *sync_label;
  GtkStack            *stack;
  AdwPreferencesGroup *drafts_group;
  AdwPreferencesGroup *outbox_group;
  AdwPreferencesGroup *sent_group;
  GtkListBox          *drafts_list;
  GtkListBox          *outbox_list;
  GtkListBox          *sent_list;
};

G_DEFINE_FINAL_TYPE (DeskReferralsPage, desk_referrals_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_OUTBOX,
  PROP_ACCOUNT,
  PROP_BUSY,
  N_PROPS
};

enum {
  OPEN_REFERRAL,
  SYNC_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* ---- helpers ------------------------------------------------------------- */

/* "14:32" today, "3 March" this year, "3 March 2025" before. */
static char *
format_when (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (when);
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");

  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* Translators: a date this year, strftime format: "3 March 14:32" */
    return g_date_time_format (local, _("%-d %B %H:%M"));

  /* Translators: a date in an earlier year, strftime format: "3 March 2025" */
  return g_date_time_format (local, _("%-d %B %Y"));
}

static const char *
item_what (DirOutboxItem *item)
{
  DirReferralKind kind;

  if (dir_outbox_item_get_service_name (item) != NULL)
    return dir_outbox_item_get_service_name (item);

  if (dir_referral_kind_from_string (dir_outbox_item_get_kind (item), &kind))
    return dir_referral_kind_label (kind);

  return "";
}

static const char *
item_label (DirOutboxItem *item)
{
  const char *label = dir_outbox_item_get_label (item);

  return label != NULL && label[0] != '\0' ? label : _("Referral");
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
matches_search (DeskReferralsPage *self,
                DirOutboxItem     *item)
{
  if (self->search == NULL)
    return TRUE;

  return contains_folded (dir_outbox_item_get_label (item), self->search) ||
         contains_folded (item_what (item), self->search) ||
         contains_folded (dir_outbox_item_get_reference (item), self->search) ||
         contains_folded (dir_referral_status_label (dir_outbox_item_get_status (item)),
                          self->search);
}

static gboolean
matches_show (DirOutboxItem *item,
              Show           show)
{
  DirOutboxState state = dir_outbox_item_get_state (item);

  switch (show)
    {
    case SHOW_DRAFTS:
      return state == DIR_OUTBOX_DRAFT;
    case SHOW_WAITING:
      return state == DIR_OUTBOX_QUEUED || state == DIR_OUTBOX_SENDING;
    case SHOW_FAILED:
      return state == DIR_OUTBOX_FAILED;
    case SHOW_SENT:
      return state == DIR_OUTBOX_SENT;
    case SHOW_MORE_INFORMATION:
      return state == DIR_OUTBOX_SENT &&
             g_strcmp0 (dir_outbox_item_get_status (item), "more_information_needed") == 0;
    case SHOW_ALL:
    default:
      return TRUE;
    }
}

static gboolean
in_section (DirOutboxItem *item,
            Section        section)
{
  DirOutboxState state = dir_outbox_item_get_state (item);

  switch (section)
    {
    case SECTION_DRAFTS:
      return state == DIR_OUTBOX_DRAFT;
    case SECTION_OUTBOX:
      return state == DIR_OUTBOX_QUEUED || state == DIR_OUTBOX_SENDING ||
             state == DIR_OUTBOX_FAILED;
    case SECTION_SENT:
      return state == DIR_OUTBOX_SENT;
    case N_SECTIONS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  DeskReferralsPage *self = g_object_get_data (G_OBJECT (user_data), "page");
  Section section = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (user_data), "section"));

  return in_section (item, section) &&
         matches_show (item, gtk_drop_down_get_selected (self->state_dropdown)) &&
         matches_search (self, item);
}

static GtkWidget *
tag_new (const char *text,
         const char *status)
{
  GtkWidget *tag = gtk_label_new (text);
  g_autofree char *css = g_strconcat ("status-", status != NULL ? status : "none", NULL);

  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (tag, "tag");
  gtk_widget_add_css_class (tag, css);

  return tag;
}

/* ---- rows ---------------------------------------------------------------- */

static void
on_open_clicked_cb (GtkButton         *button,
                    DeskReferralsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "referral-id");

  g_signal_emit (self, signals[OPEN_REFERRAL], 0, id);
}

static void
on_retry_clicked_cb (GtkButton         *button,
                     DeskReferralsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "referral-id");
  g_autoptr(GError) error = NULL;

  if (!dir_outbox_queue (self->outbox, id, &error))
    {
      g_free (self->last_result);
      self->last_result = g_strdup_printf (_("Could not queue it again: %s"), error->message);
      self->last_failed = TRUE;
    }
  else
    desk_referrals_page_sync (self);
}

static void
on_delete_response_cb (AdwMessageDialog  *dialog,
                       const char        *response,
                       DeskReferralsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "referral-id");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (!dir_outbox_delete (self->outbox, id, &error))
    {
      g_free (self->last_result);
      self->last_result = g_strdup_printf (_("Could not delete it: %s"), error->message);
      self->last_failed = TRUE;
    }
}

static void
on_delete_clicked_cb (GtkButton         *button,
                      DeskReferralsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "referral-id");
  gboolean sent = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "sent"));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       sent ? _("Remove From This Computer?")
                                                            : _("Delete This Draft?"),
                                                       sent ? _("The hub keeps the referral; "
                                                                "only this computer’s record "
                                                                "of it is deleted.")
                                                            : _("What was typed is deleted. "
                                                                "Nothing has been sent.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", sent ? _("_Remove") : _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "referral-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
row_button (DeskReferralsPage *self,
            DirOutboxItem     *item,
            const char        *label,
            const char        *icon_name,
            const char        *accessible_label,
            GCallback          callback)
{
  GtkWidget *button = icon_name != NULL ? gtk_button_new_from_icon_name (icon_name)
                                        : gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (icon_name != NULL)
    {
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, label);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "referral-id",
                          g_strdup (dir_outbox_item_get_id (item)), g_free);
  g_signal_connect_object (button, "clicked", callback, self, 0);

  return button;
}

static GtkWidget *
create_draft_row (gpointer item,
                  gpointer user_data)
{
  DeskReferralsPage *self = user_data;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = format_when (dir_outbox_item_get_updated_at (item));
  /* Translators: a draft's line: the service (or kind), then when it was saved */
  g_autofree char *subtitle = g_strdup_printf (_("%s · saved %s"), item_what (item), when);
  g_autofree char *open_label = g_strdup_printf (_("Open draft %s"), item_label (item));
  g_autofree char *delete_label = g_strdup_printf (_("Delete draft %s"), item_label (item));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item_label (item));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "document-edit-symbolic");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (self, item, _("_Open"), NULL, open_label,
                                         G_CALLBACK (on_open_clicked_cb)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             row_button (self, item, _("Delete"), "user-trash-symbolic",
                                         delete_label, G_CALLBACK (on_delete_clicked_cb)));
  g_object_set_data_full (G_OBJECT (row), "referral-id",
                          g_strdup (dir_outbox_item_get_id (item)), g_free);

  return row;
}

static GtkWidget *
create_outbox_row (gpointer item,
                   gpointer user_data)
{
  DeskReferralsPage *self = user_data;
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (item_what (item));
  DirOutboxState state = dir_outbox_item_get_state (item);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item_label (item));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  g_object_set_data_full (G_OBJECT (row), "referral-id",
                          g_strdup (dir_outbox_item_get_id (item)), g_free);

  if (state == DIR_OUTBOX_FAILED)
    {
      const char *message = dir_outbox_item_get_error_message (item);
      g_autofree char *fix_label = g_strdup_printf (_("Fix %s"), item_label (item));
      g_autofree char *retry_label = g_strdup_printf (_("Send %s again"), item_label (item));
      g_autofree char *delete_label = g_strdup_printf (_("Delete %s"), item_label (item));

      g_string_append (subtitle, "\n");
      /* Translators: the hub's reason for refusing a referral follows */
      g_string_append_printf (subtitle, _("Not accepted by the hub: %s"),
                              message != NULL ? message : _("no reason given"));
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "dialog-error-symbolic");
      gtk_widget_add_css_class (row, "failed");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (self, item, _("_Fix…"), NULL, fix_label,
                                             G_CALLBACK (on_open_clicked_cb)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (self, item, _("Send Again"), "view-refresh-symbolic",
                                             retry_label, G_CALLBACK (on_retry_clicked_cb)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (self, item, _("Delete"), "user-trash-symbolic",
                                             delete_label, G_CALLBACK (on_delete_clicked_cb)));
    }
  else if (state == DIR_OUTBOX_SENDING)
    {
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_start (GTK_SPINNER (spinner));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), spinner);
      g_string_append_printf (subtitle, " · %s", _("Sending…"));
    }
  else
    {
      guint attempts = dir_outbox_item_get_attempts (item);
      GDateTime *next = dir_outbox_item_get_next_attempt (item);
      const char *message = dir_outbox_item_get_error_message (item);

      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "mail-send-symbolic");
      g_string_append_printf (subtitle, " · %s", _("Waiting to send"));
      if (attempts > 0)
        {
          g_string_append (subtitle, " · ");
          g_string_append_printf (subtitle, ngettext ("tried %u time", "tried %u times", attempts),
                                  attempts);
        }
      if (next != NULL)
        {
          g_autofree char *when = format_when (next);

          g_string_append (subtitle, " · ");
          /* Translators: when the outbox tries again, "14:32" */
          g_string_append_printf (subtitle, _("next try %s"), when);
        }
      if (message != NULL)
        g_string_append_printf (subtitle, "\n%s", message);
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  return row;
}

static GtkWidget *
history_row (JsonObject *entry)
{
  GtkWidget *row = adw_action_row_new ();
  const char *status = json_object_get_string_member_with_default (entry, "status", NULL);
  const char *reason = json_object_get_string_member_with_default (entry, "reason_code", NULL);
  const char *note = json_object_get_string_member_with_default (entry, "note", NULL);
  const char *at = json_object_get_string_member_with_default (entry, "at", NULL);
  g_autoptr(GDateTime) when = at != NULL ? dir_time_parse (at) : NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);

  if (when != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (when);
      g_autofree char *text = g_date_time_format (local, "%d/%m/%Y %H:%M");

      g_string_append (subtitle, text);
    }
  if (reason != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "",
                            dir_referral_reason_label (reason));
  if (note != NULL && note[0] != '\0')
    /* Translators: what the service or the hub wrote about the referral */
    g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? "\n" : "", note);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 status != NULL ? dir_referral_status_label (status) : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  if (g_strcmp0 (status, "more_information_needed") == 0)
    {
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "dialog-warning-symbolic");
      gtk_widget_add_css_class (row, "more-information");
    }

  return row;
}

static GtkWidget *
create_sent_row (gpointer item,
                 gpointer user_data)
{
  DeskReferralsPage *self = user_data;
  GtkWidget *row = adw_expander_row_new ();
  const char *status = dir_outbox_item_get_status (item);
  const char *reference = dir_outbox_item_get_reference (item);
  const char *history_json = dir_outbox_item_get_history_json (item);
  g_autofree char *subtitle = NULL;
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s from this computer"),
                                                   item_label (item));
  gboolean more_information = g_strcmp0 (status, "more_information_needed") == 0;
  GtkWidget *remove;

  /* Translators: a sent referral: the hub's reference, then the service */
  subtitle = g_strdup_printf (_("%s · %s"), reference != NULL ? reference : _("No reference yet"),
                              item_what (item));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item_label (item));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "referral-id",
                          g_strdup (dir_outbox_item_get_id (item)), g_free);

  /* Actions go in from the end: the status, then the bin, then the arrow. */
  remove = row_button (self, item, _("Remove From This Computer"), "user-trash-symbolic",
                       remove_label, G_CALLBACK (on_delete_clicked_cb));
  g_object_set_data (G_OBJECT (remove), "sent", GINT_TO_POINTER (TRUE));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), remove);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                               tag_new (status != NULL ? dir_referral_status_label (status)
                                                       : C_("one referral's state", "Sent"), status));

  if (more_information)
    {
      /* The one the referrer has to act on stands out, open. */
      adw_expander_row_set_icon_name (ADW_EXPANDER_ROW (row), "dialog-warning-symbolic");
      gtk_widget_add_css_class (row, "more-information");
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
    }

  if (history_json != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, history_json, -1, NULL) &&
          JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        {
          JsonArray *history = json_node_get_array (json_parser_get_root (parser));

          for (guint i = 0; i < json_array_get_length (history); i++)
            {
              JsonNode *entry = json_array_get_element (history, i);

              if (JSON_NODE_HOLDS_OBJECT (entry))
                adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                                          history_row (json_node_get_object (entry)));
            }
        }
    }


  return row;
}

/* ---- state --------------------------------------------------------------- */

static void
update_sync_line (DeskReferralsPage *self)
{
  g_autoptr(GString) line = g_string_new (NULL);
  guint waiting = dir_outbox_count (self->outbox, DIR_OUTBOX_QUEUED) +
                  dir_outbox_count (self->outbox, DIR_OUTBOX_SENDING);
  guint failed = dir_outbox_count (self->outbox, DIR_OUTBOX_FAILED);

  if (self->busy)
    g_string_append (line, _("Sending and checking for updates…"));
  else if (!dir_account_get_signed_in (self->account))
    g_string_append (line, _("Not signed in: sign in to send referrals and see what the hub "
                             "says about them."));
  else if (self->last_result != NULL)
    g_string_append (line, self->last_result);

  if (waiting > 0)
    {
      if (line->len > 0)
        g_string_append (line, " · ");
      g_string_append_printf (line, ngettext ("%u waiting to send", "%u waiting to send", waiting),
                              waiting);
    }
  if (failed > 0)
    {
      if (line->len > 0)
        g_string_append (line, " · ");
      g_string_append_printf (line, ngettext ("%u not accepted", "%u not accepted", failed), failed);
    }

  gtk_label_set_text (self->sync_label, line->str);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_label), line->len > 0);
  if (self->last_failed && !self->busy)
    gtk_widget_add_css_class (GTK_WIDGET (self->sync_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->sync_label), "error");

  gtk_widget_set_visible (GTK_WIDGET (self->sync_spinner), self->busy);
  gtk_spinner_set_spinning (self->sync_spinner, self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "referrals.sync", !self->busy);
}

static void
update_view (DeskReferralsPage *self)
{
  GListModel *items = dir_outbox_get_items (self->outbox);
  guint shown = 0;
  AdwPreferencesGroup *groups[N_SECTIONS] = {
    self->drafts_group, self->outbox_group, self->sent_group
  };

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sections[i]));

      gtk_widget_set_visible (GTK_WIDGET (groups[i]), n > 0);
      shown += n;
    }

  if (g_list_model_get_n_items (items) == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");

  update_sync_line (self);
}

static void
on_items_changed_cb (DeskReferralsPage *self)
{
  update_view (self);
}

static void
on_search_changed_cb (DeskReferralsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  g_clear_pointer (&self->search, g_free);
  if (stripped[0] != '\0')
    self->search = g_utf8_casefold (stripped, -1);

  for (guint i = 0; i < N_SECTIONS; i++)
    gtk_filter_changed (GTK_FILTER (self->filters[i]), GTK_FILTER_CHANGE_DIFFERENT);

  update_view (self);
}

static void
sync_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DeskReferralsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  DirOutboxSyncResult outcome = { 0, };

  dir_outbox_sync_finish (DIR_OUTBOX (source), result, &outcome, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  desk_referrals_page_show_sync_result (self, error == NULL ? &outcome : NULL, error);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  desk_referrals_page_sync (DESK_REFERRALS_PAGE (widget));
}

/* ---- GObject ------------------------------------------------------------- */

static void
desk_referrals_page_constructed (GObject *object)
{
  DeskReferralsPage *self = DESK_REFERRALS_PAGE (object);
  GtkListBox *lists[N_SECTIONS] = { self->drafts_list, self->outbox_list, self->sent_list };
  GtkListBoxCreateWidgetFunc create[N_SECTIONS] = {
    create_draft_row, create_outbox_row, create_sent_row
  };
  GListModel *items;

  G_OBJECT_CLASS (desk_referrals_page_parent_class)->constructed (object);

  g_assert (DIR_IS_OUTBOX (self->outbox));
  g_assert (DIR_IS_ACCOUNT (self->account));

  items = dir_outbox_get_items (self->outbox);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      self->filters[i] = gtk_custom_filter_new (NULL, NULL, NULL);
      g_object_set_data (G_OBJECT (self->filters[i]), "page", self);
      g_object_set_data (G_OBJECT (self->filters[i]), "section", GUINT_TO_POINTER (i));
      gtk_custom_filter_set_filter_func (self->filters[i], filter_func, self->filters[i], NULL);

      self->sections[i] = gtk_filter_list_model_new (g_object_ref (items),
                                                     GTK_FILTER (g_object_ref (self->filters[i])));
      gtk_list_box_bind_model (lists[i], G_LIST_MODEL (self->sections[i]), create[i], self, NULL);
      g_signal_connect_object (self->sections[i], "items-changed",
                               G_CALLBACK (on_items_changed_cb), self, G_CONNECT_SWAPPED);
    }

  g_signal_connect_object (items, "items-changed",
                           G_CALLBACK (on_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::signed-in",
                           G_CALLBACK (update_sync_line), self, G_CONNECT_SWAPPED);

  update_view (self);
}

static void
desk_referrals_page_dispose (GObject *object)
{
  DeskReferralsPage *self = DESK_REFERRALS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->drafts_list != NULL)
    {
      gtk_list_box_bind_model (self->drafts_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->outbox_list, NULL, NULL, NULL, NULL);
      gtk_list_box_bind_model (self->sent_list, NULL, NULL, NULL, NULL);
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      g_clear_object (&self->sections[i]);
      g_clear_object (&self->filters[i]);
    }

  G_OBJECT_CLASS (desk_referrals_page_parent_class)->dispose (object);
}

static void
desk_referrals_page_finalize (GObject *object)
{
  DeskReferralsPage *self = DESK_REFERRALS_PAGE (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->account);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->last_result, g_free);

  G_OBJECT_CLASS (desk_referrals_page_parent_class)->finalize (object);
}

static void
desk_referrals_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DeskReferralsPage *self = DESK_REFERRALS_PAGE (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_referrals_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DeskReferralsPage *self = DESK_REFERRALS_PAGE (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_referrals_page_class_init (DeskReferralsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = desk_referrals_page_constructed;
  object_class->dispose = desk_referrals_page_dispose;
  object_class->finalize = desk_referrals_page_finalize;
  object_class->get_property = desk_referrals_page_get_property;
  object_class->set_property = desk_referrals_page_set_property;

  properties [PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, DIR_TYPE_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, DIR_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DeskReferralsPage::sync-requested:
   *
   * The refresh button (or desk_referrals_page_sync()) asks for a push and
   * a status pull.  A handler that runs it elsewhere (the window's sync
   * runner) returns %TRUE and later calls
   * desk_referrals_page_show_sync_result(); otherwise the page runs
   * dir_outbox_sync_async() itself.
   */
  signals [SYNC_REQUESTED] =
    g_signal_new ("sync-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 0);

  signals [OPEN_REFERRAL] =
    g_signal_new ("open-referral",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/directionhub/Desk/ui/desk-referrals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskReferralsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralsPage, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralsPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralsPage, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralsPage, sync_label);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralsPage, drafts_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralsPage, outbox_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralsPage, sent_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralsPage, drafts_list);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralsPage, outbox_list);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralsPage, sent_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);

  gtk_widget_class_install_action (widget_class, "referrals.sync", NULL, sync_action);
  gtk_widget_class_set_css_name (widget_class, "referralspage");
}

static void
desk_referrals_page_init (DeskReferralsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- public API ---------------------------------------------------------- */

DeskReferralsPage *
desk_referrals_page_new (DirOutbox  *outbox,
                         DirAccount *account)
{
  g_return_val_if_fail (DIR_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (DIR_IS_ACCOUNT (account), NULL);

  return g_object_new (DESK_TYPE_REFERRALS_PAGE,
                       "outbox", outbox,
                       "account", account,
                       NULL);
}

void
desk_referrals_page_sync (DeskReferralsPage *self)
{
  gboolean handled = FALSE;

  g_return_if_fail (DESK_IS_REFERRALS_PAGE (self));

  if (self->busy)
    return;

  self->busy = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  update_sync_line (self);

  g_signal_emit (self, signals[SYNC_REQUESTED], 0, &handled);
  if (handled)
    return;

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  dir_outbox_sync_async (self->outbox, self->account, self->cancellable, sync_cb,
                         g_object_ref (self));
}

gboolean
desk_referrals_page_get_busy (DeskReferralsPage *self)
{
  g_return_val_if_fail (DESK_IS_REFERRALS_PAGE (self), FALSE);

  return self->busy;
}

void
desk_referrals_page_show_sync_result (DeskReferralsPage         *self,
                                      const DirOutboxSyncResult *result,
                                      const GError              *error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M");

  g_return_if_fail (DESK_IS_REFERRALS_PAGE (self));

  if (self->busy)
    {
      self->busy = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }

  g_clear_pointer (&self->last_result, g_free);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      /* The window's own sync was already sending: it carries on. */
      self->last_result = g_strdup (_("Already sending: this list follows as it goes."));
      self->last_failed = FALSE;
    }
  else if (error != NULL)
    {
      if (g_error_matches (error, DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_NOT_SIGNED_IN))
        self->last_result = g_strdup (_("Not signed in: nothing was sent."));
      else
        /* Translators: the time, then why the hub could not be reached */
        self->last_result = g_strdup_printf (C_("time of the attempt", "At %s the hub could not be reached: %s"), time,
                                             error->message);
      self->last_failed = TRUE;
    }
  else
    {
      g_autoptr(GString) text = g_string_new (NULL);

      /* Translators: %s is the time of the last check, "14:32" */
      g_string_append_printf (text, _("Checked at %s"), time);
      if (result != NULL && result->sent > 0)
        {
          g_string_append (text, " · ");
          g_string_append_printf (text, ngettext ("%u sent", "%u sent", result->sent), result->sent);
        }
      if (result != NULL && result->statuses > 0)
        {
          g_string_append (text, " · ");
          g_string_append_printf (text, ngettext ("%u status update", "%u status updates",
                                                  result->statuses),
                                  result->statuses);
        }
      self->last_result = g_string_free (g_steal_pointer (&text), FALSE);
      self->last_failed = FALSE;
    }

  update_sync_line (self);
}

void
desk_referrals_page_set_search (DeskReferralsPage *self,
                                const char        *text)
{
  g_return_if_fail (DESK_IS_REFERRALS_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* Not waiting for the entry's delay. */
  on_search_changed_cb (self);
}
