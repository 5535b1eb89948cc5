/* desk-referral-form.c
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

/* The referral form (issue #6, docs/domain.md §3, §5, §8).
 *
 * One DirReferral holds what is on screen; every change reads the widgets
 * into it, checks it (dir_referral_validate) and schedules the autosave.
 * Messages appear under a field once it has been left (or once Next/Send
 * asked for all of them) and go away as soon as the text is right; the
 * text itself is never touched.  The review page is drawn from the very
 * body that Send queues, so it shows exactly what leaves the computer.
 *
 * Several services make one referral each (same person, own id); each is
 * its own draft in the outbox, sealed there with the person's label. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "desk-format.h"
#include "desk-referral-form.h"

#define DEFAULT_AUTOSAVE_MS  3000
#define SEARCH_DELAY_MS      200
#define MAX_SEARCH_RESULTS   5

typedef struct
{
  char      *path;          /* as the hub names it: "person.date_of_birth" */
  char      *label;         /* translated, for messages and the review */
  const char *page;         /* view stack page */
  GtkWidget *row;
  GtkWidget *focus;         /* what to focus to fix it */
  GtkWidget *message_row;
  GtkLabel  *message_label;
  char      *hub_message;   /* why the hub refused it, until it is edited */
  gboolean   touched;
} Field;

typedef struct
{
  char      *referral_id;
  char      *service_id;
  char      *service_name;
  GtkWidget *row;
} Target;

struct _DeskReferralForm
{
  AdwWindow            parent_instance;

  DirOutbox           *outbox;
  DirAccount          *account;
  DirStore            *store;
  DirGeocoder         *geocoder;
  DirRole              role;

  DirReferral         *model;
  GPtrArray           *targets;          /* Target */
  GPtrArray           *fields;           /* Field, in the order of the form */
  GHashTable          *fields_by_path;   /* path -> Field */
  GHashTable          *need_checks;      /* pathway code -> GtkCheckButton */
  GPtrArray           *need_expanders;   /* AdwExpanderRow per top-level pathway */
  GPtrArray           *problems;         /* DirFieldError, the latest check */
  GPtrArray           *review_groups;
  GPtrArray           *search_rows;
  GCancellable        *search_cancellable;
  char                *located_text;     /* the postcode last sent by ::postcode-located */

  guint                autosave_delay_ms;
  guint                autosave_id;
  guint                search_id;

  guint                filling : 1;      /* widgets being set from the model */
  guint                dirty : 1;
  guint                show_all : 1;
  guint                finished : 1;     /* sent or discarded: never saved again */
  guint                confirming_kind : 1;
  DirReferralKind      shown_kind;

  /* Widgets made in code */
  GtkCheckButton      *kind_checks[3];
  GtkWidget           *callback_row;
  GtkSwitch           *callback_switch;
  AdwEntryRow         *search_row;
  AdwEntryRow         *given_name_row;
  AdwEntryRow         *family_name_row;
  AdwEntryRow         *dob_row;
  AdwEntryRow         *crn_row;
  AdwEntryRow         *prison_number_row;
  AdwComboRow         *language_row;
  GtkStringList       *language_model;
  GPtrArray           *language_codes;   /* after "Not stated" */
  GtkSwitch           *interpreter_switch;
  AdwEntryRow         *phone_row;
  AdwEntryRow         *email_row;
  AdwEntryRow         *address_row;
  AdwEntryRow         *postcode_row;
  AdwEntryRow         *release_date_row;
  AdwEntryRow         *release_postcode_row;
  GtkTextView         *notes_view;
  AdwPreferencesPage  *risk_page;        /* NULL unless the role may send risk */
  AdwComboRow         *rosh_row;
  AdwComboRow         *mappa_row;
  GtkSwitch           *alone_switch;
  GtkSwitch           *self_switch;
  GtkTextView         *risk_notes_view;
  AdwComboRow         *given_by_row;
  AdwEntryRow         *given_at_row;
  AdwComboRow         *method_row;
  GtkCheckButton      *share_service_check;
  GtkCheckButton      *share_direction_check;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkLabel            *saved_label;
  AdwViewStack        *view_stack;
  AdwPreferencesPage  *person_page;
  AdwPreferencesGroup *service_group;
  AdwPreferencesGroup *search_group;
  AdwPreferencesGroup *kind_group;
  AdwPreferencesGroup *signpost_group;
  AdwPreferencesGroup *person_group;
  AdwPreferencesGroup *contact_group;
  AdwPreferencesPage  *needs_page;
  AdwPreferencesGroup *release_group;
  AdwPreferencesGroup *needs_group;
  AdwPreferencesGroup *notes_group;
  AdwPreferencesPage  *consent_page;
  AdwPreferencesGroup *consent_group;
  AdwPreferencesGroup *referrer_group;
  AdwPreferencesPage  *review_page;
  AdwPreferencesGroup *send_group;
  GtkLabel            *send_reason_label;
  GtkWidget           *send_button;
};

G_DEFINE_FINAL_TYPE (DeskReferralForm, desk_referral_form, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_OUTBOX,
  PROP_ACCOUNT,
  PROP_STORE,
  N_PROPS
};

enum {
  POSTCODE_LOCATED,
  QUEUED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* The languages offered first (the county's main ones, docs/domain.md
 * §6.3); a draft with another tag adds it to the list. */
static const char * const language_codes[] = {
  "en", "pl", "ur", "bn", "pa", "ro", "pt", "lt", "it", "gu", "hi", "ar", "so", "ti", "ku",
  "fa", "ps", "tr", "es", "fr", "bg", "lv", "ru", "uk", "sq", "zh", "cy", "sgn",
};

static void update_all          (DeskReferralForm *self);
static void schedule_autosave   (DeskReferralForm *self);

/* ---- helpers ------------------------------------------------------------- */

static void
field_free (Field *field)
{
  g_free (field->path);
  g_free (field->label);
  g_free (field->hub_message);
  g_free (field);
}

static void
target_free (Target *target)
{
  g_free (target->referral_id);
  g_free (target->service_id);
  g_free (target->service_name);
  g_free (target);
}

static char *
editable_text (gpointer editable)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (editable));

  return text != NULL && text[0] != '\0' ? g_strdup (text) : NULL;
}

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  char *text;

  if (view == NULL)
    return NULL;

  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);

  return text;
}

static void
set_editable (gpointer    editable,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text != NULL ? text : "");
}

static void
set_text_view (GtkTextView *view,
               const char  *text)
{
  if (view != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

static Field *
lookup_field (DeskReferralForm *self,
              const char       *path)
{
  Field *field = g_hash_table_lookup (self->fields_by_path, path);

  /* "needs[3]" is shown at the needs */
  if (field == NULL && g_str_has_prefix (path, "needs["))
    field = g_hash_table_lookup (self->fields_by_path, "needs");

  return field;
}

/* The kind chosen, or -1 while the radio buttons change over. */
static int
get_kind (DeskReferralForm *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->kind_checks); i++)
    {
      if (gtk_check_button_get_active (self->kind_checks[i]))
        return (int) i;
    }

  return -1;
}

static void
set_kind (DeskReferralForm *self,
          DirReferralKind   kind)
{
  gtk_check_button_set_active (self->kind_checks[kind], TRUE);
}

static gboolean
is_referral_page_visible (DeskReferralForm *self,
                          const char       *name)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (self->view_stack, name);

  return child != NULL &&
         adw_view_stack_page_get_visible (adw_view_stack_get_page (self->view_stack, child));
}

/* ---- building the rows --------------------------------------------------- */

static void
on_field_leave_cb (GtkEventControllerFocus *controller,
                   Field                   *field);

/* A field, and the row that shows its message right under it (added to
 * group, after the field's own row; none when group is NULL). */
static Field *
add_field (DeskReferralForm    *self,
           AdwPreferencesGroup *group,
           const char          *page,
           const char          *path,
           const char          *label,
           GtkWidget           *row,
           GtkWidget           *focus)
{
  Field *field = g_new0 (Field, 1);

  field->path = g_strdup (path);
  field->label = g_strdup (label);
  field->page = page;
  field->row = row;
  field->focus = focus != NULL ? focus : row;

  if (field->focus != NULL)
    {
      GtkEventController *controller = gtk_event_controller_focus_new ();

      g_signal_connect (controller, "leave", G_CALLBACK (on_field_leave_cb), field);
      g_object_set_data (G_OBJECT (controller), "form", self);
      gtk_widget_add_controller (field->focus, controller);
    }

  if (group != NULL)
    {
      GtkWidget *message = gtk_label_new (NULL);

      gtk_label_set_wrap (GTK_LABEL (message), TRUE);
      gtk_label_set_xalign (GTK_LABEL (message), 0);
      gtk_widget_add_css_class (message, "caption");
      gtk_widget_set_margin_start (message, 12);
      gtk_widget_set_margin_end (message, 12);
      gtk_widget_set_margin_top (message, 6);
      gtk_widget_set_margin_bottom (message, 6);
      field->message_label = GTK_LABEL (message);

      field->message_row = adw_preferences_row_new ();
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (field->message_row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (field->message_row), FALSE);
      gtk_widget_add_css_class (field->message_row, "field-message");
      gtk_widget_set_visible (field->message_row, FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (field->message_row), message);
      adw_preferences_group_add (group, field->message_row);
    }

  g_ptr_array_add (self->fields, field);
  g_hash_table_insert (self->fields_by_path, field->path, field);

  return field;
}

/* Choices count as "left" as soon as they are made. */
static void
on_choice_notify_cb (GObject    *object,
                     GParamSpec *pspec,
                     Field      *field)
{
  field->touched = TRUE;
}

static void
on_choice_toggled_cb (GtkCheckButton *check,
                      Field          *field)
{
  field->touched = TRUE;
}

static gboolean confirm_signpost (DeskReferralForm *self);

static void
clear_hub_message_at_focus (DeskReferralForm *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL)
    return;

  /* Editing a field the hub refused takes its reason away. */
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->hub_message != NULL && field->focus != NULL &&
          (focus == field->focus || gtk_widget_is_ancestor (focus, field->focus)))
        g_clear_pointer (&field->hub_message, g_free);
    }
}

static void
on_changed_cb (DeskReferralForm *self)
{
  if (self->filling || self->confirming_kind || get_kind (self) < 0)
    return;

  if (confirm_signpost (self))
    return;

  clear_hub_message_at_focus (self);
  self->dirty = TRUE;
  update_all (self);
  schedule_autosave (self);
}

static AdwEntryRow *
add_entry (DeskReferralForm    *self,
           AdwPreferencesGroup *group,
           const char          *page,
           const char          *path,
           const char          *title,
           GtkInputPurpose      purpose)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), purpose);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_changed_cb), self);
  adw_preferences_group_add (group, row);
  add_field (self, group, page, path, title, row, NULL);

  return ADW_ENTRY_ROW (row);
}

static AdwComboRow *
add_combo (DeskReferralForm    *self,
           AdwPreferencesGroup *group,
           const char          *page,
           const char          *path,
           const char          *title,
           const char * const  *items)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (items);
  Field *field;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_preferences_group_add (group, row);
  field = add_field (self, group, page, path, title, row, NULL);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_choice_notify_cb), field);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_changed_cb), self);

  return ADW_COMBO_ROW (row);
}

static GtkSwitch *
add_switch (DeskReferralForm    *self,
            AdwPreferencesGroup *group,
            const char          *title,
            const char          *subtitle,
            GtkWidget          **out_row)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_signal_connect_swapped (toggle, "notify::active", G_CALLBACK (on_changed_cb), self);
  adw_preferences_group_add (group, row);

  if (out_row != NULL)
    *out_row = row;

  return GTK_SWITCH (toggle);
}

static GtkCheckButton *
add_check (DeskReferralForm    *self,
           GtkWidget           *parent,
           const char          *title,
           const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_changed_cb), self);

  if (ADW_IS_EXPANDER_ROW (parent))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (parent), row);
  else
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (parent), row);

  g_object_set_data (G_OBJECT (check), "row", row);
  return GTK_CHECK_BUTTON (check);
}

static GtkTextView *
add_text_view (DeskReferralForm    *self,
               AdwPreferencesGroup *group,
               const char          *page,
               const char          *path,
               const char          *label)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  Field *field;

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_widget_set_size_request (view, -1, 110);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_widget_add_css_class (frame, "view");
  gtk_widget_add_css_class (frame, "card");
  gtk_widget_set_overflow (frame, GTK_OVERFLOW_HIDDEN);
  adw_preferences_group_add (group, frame);

  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                            G_CALLBACK (on_changed_cb), self);

  /* The message goes under the frame, outside a list. */
  field = add_field (self, NULL, page, path, label, frame, view);
  field->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (field->message_label, TRUE);
  gtk_label_set_xalign (field->message_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (field->message_label), "caption");
  gtk_widget_set_margin_top (GTK_WIDGET (field->message_label), 6);
  field->message_row = GTK_WIDGET (field->message_label);
  gtk_widget_set_visible (field->message_row, FALSE);
  adw_preferences_group_add (group, field->message_row);

  return GTK_TEXT_VIEW (view);
}

static void
on_now_clicked_cb (DeskReferralForm *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = g_date_time_format (now, "%d/%m/%Y %H:%M");
  Field *field = lookup_field (self, "consent.given_at");

  set_editable (self->given_at_row, text);
  field->touched = TRUE;
  update_all (self);
}

static void
build_kind_group (DeskReferralForm *self)
{
  const struct { const char *title; const char *subtitle; } kinds[] = {
    [DIR_REFERRAL_KIND_REFERRAL] = {
      N_("Referral to the service"),
      N_("The person’s details go to the service, through the hub")
    },
    [DIR_REFERRAL_KIND_SIGNPOST] = {
      N_("Signpost only — no personal data sent"),
      N_("Give the person the service’s details yourself; the hub only counts it")
    },
    [DIR_REFERRAL_KIND_CALLBACK] = {
      N_("Ask a Direction advisor to call back"),
      N_("An advisor phones the person to find the right help; no service needed")
    },
  };
  GtkCheckButton *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(kinds[i].title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(kinds[i].subtitle));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (first != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
      else
        first = GTK_CHECK_BUTTON (check);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_changed_cb), self);
      adw_preferences_group_add (self->kind_group, row);
      self->kind_checks[i] = GTK_CHECK_BUTTON (check);
    }

  self->callback_switch = add_switch (self, self->kind_group,
                                      _("Also ask an advisor to call the person"),
                                      _("A Direction advisor phones them to help with the next steps"),
                                      &self->callback_row);
}

static void
build_person_groups (DeskReferralForm *self)
{
  g_autoptr(GPtrArray) languages = g_ptr_array_new_with_free_func (g_free);

  self->given_name_row = add_entry (self, self->person_group, "person", "person.given_name",
                                    _("First name"), GTK_INPUT_PURPOSE_NAME);
  self->family_name_row = add_entry (self, self->person_group, "person", "person.family_name",
                                     _("Last name"), GTK_INPUT_PURPOSE_NAME);
  self->dob_row = add_entry (self, self->person_group, "person", "person.date_of_birth",
                             /* Translators: DD/MM/YYYY is the format to type the date in */
                             _("Date of birth (DD/MM/YYYY)"), GTK_INPUT_PURPOSE_FREE_FORM);
  self->crn_row = add_entry (self, self->person_group, "person", "person.crn",
                             _("CRN, if known (such as X123456)"), GTK_INPUT_PURPOSE_FREE_FORM);
  self->prison_number_row = add_entry (self, self->person_group, "person", "person.prison_number",
                                       _("Prison number, if known (such as A1234BC)"),
                                       GTK_INPUT_PURPOSE_FREE_FORM);

  g_ptr_array_add (languages, g_strdup (_("Not stated")));
  self->language_codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (language_codes); i++)
    {
      g_ptr_array_add (languages, desk_format_language (language_codes[i]));
      g_ptr_array_add (self->language_codes, g_strdup (language_codes[i]));
    }
  g_ptr_array_add (languages, NULL);
  self->language_row = add_combo (self, self->person_group, "person", "person.preferred_language",
                                  _("Preferred language"),
                                  (const char * const *) languages->pdata);
  self->language_model = GTK_STRING_LIST (adw_combo_row_get_model (self->language_row));

  self->interpreter_switch = add_switch (self, self->person_group, _("Interpreter needed"),
                                         NULL, NULL);

  self->phone_row = add_entry (self, self->contact_group, "person", "person.contact.phone",
                               _("Phone"), GTK_INPUT_PURPOSE_PHONE);
  self->email_row = add_entry (self, self->contact_group, "person", "person.contact.email",
                               _("E-mail"), GTK_INPUT_PURPOSE_EMAIL);
  self->address_row = add_entry (self, self->contact_group, "person", "person.contact.address",
                                 _("Address"), GTK_INPUT_PURPOSE_FREE_FORM);
  self->postcode_row = add_entry (self, self->contact_group, "person", "person.contact.postcode",
                                  _("Home postcode"), GTK_INPUT_PURPOSE_FREE_FORM);
}

static void
build_release_groups (DeskReferralForm *self)
{
  const DirPathway *pathways;
  guint n_pathways;
  Field *needs_field;

  self->release_date_row = add_entry (self, self->release_group, "person", "release.date",
                                      _("Release date (DD/MM/YYYY)"),
                                      GTK_INPUT_PURPOSE_FREE_FORM);
  self->release_postcode_row = add_entry (self, self->release_group, "person",
                                          "release.postcode",
                                          _("Release or home postcode"),
                                          GTK_INPUT_PURPOSE_FREE_FORM);

  pathways = dir_taxonomy_get_all (&n_pathways);
  for (guint i = 0; i < n_pathways; i++)
    {
      const DirPathway *top = &pathways[i];
      g_autofree char *general = NULL;
      GtkWidget *expander;
      GtkCheckButton *check;

      if (top->parent != NULL)
        continue;

      expander = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _(top->label));
      if (top->icon_name != NULL)
        adw_expander_row_set_icon_name (ADW_EXPANDER_ROW (expander), top->icon_name);
      adw_preferences_group_add (self->needs_group, expander);
      g_object_set_data (G_OBJECT (expander), "code", (gpointer) top->code);
      g_ptr_array_add (self->need_expanders, expander);

      /* Translators: a need of a whole pathway, "Accommodation, in general" */
      general = g_strdup_printf (_("%s, in general"), _(top->label));
      check = add_check (self, expander, general, NULL);
      g_hash_table_insert (self->need_checks, (gpointer) top->code, check);

      for (guint j = 0; j < n_pathways; j++)
        {
          if (g_strcmp0 (pathways[j].parent, top->code) != 0)
            continue;
          check = add_check (self, expander, _(pathways[j].label), NULL);
          g_hash_table_insert (self->need_checks, (gpointer) pathways[j].code, check);
        }
    }
  needs_field = add_field (self, self->needs_group, "needs", "needs", _("Needs"), NULL, NULL);
  needs_field->row = GTK_WIDGET (self->needs_group);
  needs_field->focus = g_ptr_array_index (self->need_expanders, 0);

  self->notes_view = add_text_view (self, self->notes_group, "needs", "notes", _("Notes"));
}

static void
build_risk_page (DeskReferralForm *self)
{
  const char * const rosh[] = {
    _("Not given"), _("Low"), _("Medium"), _("High"), _("Very high"), NULL
  };
  const char * const mappa[] = {
    _("Not given"), _("Not managed under MAPPA"), _("Level 1"), _("Level 2"), _("Level 3"), NULL
  };
  AdwPreferencesGroup *group;
  AdwViewStackPage *page;
  GtkWidget *consent;
  GtkWidget *review;

  self->risk_page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Risk and Safety"));
  adw_preferences_group_set_description (group,
    _("Only what the service needs to work safely with the person. Check with the offender "
      "manager before you share risk information; volunteers never see it."));
  adw_preferences_page_add (self->risk_page, group);

  self->rosh_row = add_combo (self, group, "risk", "risk.rosh", _("Risk of serious harm (RoSH)"),
                              rosh);
  self->mappa_row = add_combo (self, group, "risk", "risk.mappa_level", _("MAPPA level"), mappa);
  self->alone_switch = add_switch (self, group, _("Do not see alone"),
                                   _("Staff should not meet the person on their own"), NULL);
  self->self_switch = add_switch (self, group, _("Risk to self"), NULL, NULL);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Risk Notes"));
  adw_preferences_page_add (self->risk_page, group);
  self->risk_notes_view = add_text_view (self, group, "risk", "risk.notes", _("Risk notes"));

  /* Before consent and review: take them out and put them back after it. */
  consent = g_object_ref (GTK_WIDGET (self->consent_page));
  review = g_object_ref (GTK_WIDGET (self->review_page));
  adw_view_stack_remove (self->view_stack, consent);
  adw_view_stack_remove (self->view_stack, review);

  page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->risk_page), "risk", _("Risk"));
  adw_view_stack_page_set_icon_name (page, "dialog-warning-symbolic");
  page = adw_view_stack_add_titled (self->view_stack, consent, "consent", _("Consent"));
  adw_view_stack_page_set_icon_name (page, "channel-secure-symbolic");
  page = adw_view_stack_add_titled (self->view_stack, review, "review", _("Review"));
  adw_view_stack_page_set_icon_name (page, "mail-send-symbolic");

  g_object_unref (consent);
  g_object_unref (review);

  /* The next step, at the end of the page. */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  {
    GtkWidget *next = gtk_button_new_with_mnemonic (_("_Next"));

    gtk_widget_set_halign (next, GTK_ALIGN_END);
    gtk_widget_add_css_class (next, "pill");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (next), "form.next");
    adw_preferences_group_add (group, next);
  }
  adw_preferences_page_add (self->risk_page, group);
}

static void
build_consent_groups (DeskReferralForm *self)
{
  const char * const givers[] = {
    _("Choose…"), _("The person"), _("A parent or guardian"), _("An advocate"), NULL
  };
  const char * const methods[] = {
    _("Choose…"), _("Verbally"), _("In writing"), _("Electronically"), NULL
  };
  GtkWidget *now_button;
  Field *field;

  self->given_by_row = add_combo (self, self->consent_group, "consent", "consent.given_by",
                                  _("Consent given by"), givers);
  self->given_at_row = add_entry (self, self->consent_group, "consent", "consent.given_at",
                                  _("When (DD/MM/YYYY HH:MM)"), GTK_INPUT_PURPOSE_FREE_FORM);
  now_button = gtk_button_new_with_mnemonic (_("_Now"));
  gtk_widget_set_valign (now_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (now_button, "flat");
  gtk_widget_set_tooltip_text (now_button, _("Fill in the date and time now"));
  g_signal_connect_swapped (now_button, "clicked", G_CALLBACK (on_now_clicked_cb), self);
  adw_entry_row_add_suffix (self->given_at_row, now_button);

  self->method_row = add_combo (self, self->consent_group, "consent", "consent.method",
                                _("How consent was given"), methods);

  self->share_service_check = add_check (self, GTK_WIDGET (self->consent_group),
                                         _("May be shared with the service"),
                                         _("Needed for a referral"));
  self->share_direction_check = add_check (self, GTK_WIDGET (self->consent_group),
                                           _("May be shared with Direction’s advisors"),
                                           _("Needed for a call-back"));
  field = add_field (self, self->consent_group, "consent", "consent.share_with",
                     _("Shared with"), NULL, NULL);
  field->row = g_object_get_data (G_OBJECT (self->share_service_check), "row");
  field->focus = GTK_WIDGET (self->share_service_check);
  g_signal_connect (self->share_service_check, "toggled", G_CALLBACK (on_choice_toggled_cb), field);
  g_signal_connect (self->share_direction_check, "toggled", G_CALLBACK (on_choice_toggled_cb), field);
}

static void
build_referrer_group (DeskReferralForm *self)
{
  struct { const char *title; const char *value; } rows[3];
  guint n = 0;

  if (self->role == DIR_ROLE_NONE && !dir_account_get_signed_in (self->account))
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Not signed in"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("You can fill in the form; it waits in the outbox until "
                                     "you sign in. Risk information can only be added by a "
                                     "signed-in referrer."));
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "dialog-information-symbolic");
      adw_preferences_group_add (self->referrer_group, row);
      return;
    }

  rows[n].title = _("Signed in as");
  rows[n++].value = dir_account_get_username (self->account);
  rows[n].title = _("Role");
  rows[n++].value = dir_role_label (self->role);
  rows[n].title = _("Agency");
  rows[n++].value = dir_account_get_agency (self->account);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *value = gtk_label_new (rows[i].value != NULL ? rows[i].value : "—");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rows[i].title);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (value, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      adw_preferences_group_add (self->referrer_group, row);
    }
}

/* ---- services ------------------------------------------------------------ */

static void
on_remove_target_cb (GtkButton        *button,
                     DeskReferralForm *self);

static void
show_target (DeskReferralForm *self,
             Target           *target)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), target->service_name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 target->service_name != NULL ? target->service_name
                                                              : _("Unknown service"));
  adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "find-location-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Do not refer to this service"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  g_object_set_data (G_OBJECT (remove), "target", target);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_target_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  target->row = row;
  adw_preferences_group_add (self->service_group, row);
}

static void
update_title (DeskReferralForm *self)
{
  g_autofree char *subtitle = NULL;

  if (self->targets->len == 1)
    subtitle = g_strdup (((Target *) g_ptr_array_index (self->targets, 0))->service_name);
  else if (self->targets->len > 1)
    subtitle = g_strdup_printf (ngettext ("%u service", "%u services", self->targets->len),
                                self->targets->len);

  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle != NULL ? subtitle : "");

  /* With no service yet, the search is the whole of the Service group. */
  gtk_widget_set_visible (GTK_WIDGET (self->service_group), self->targets->len > 0);
  adw_preferences_group_set_title (self->search_group,
                                   self->targets->len > 0 ? "" : _("Service"));
}

/* Adds a service to refer to; the first one carries the form's own id,
 * so that a blank form's draft becomes its referral. */
static Target *
add_target (DeskReferralForm *self,
            const char       *referral_id,
            DirService       *service,
            const char       *service_id,
            const char       *service_name)
{
  Target *target = g_new0 (Target, 1);

  if (referral_id != NULL)
    target->referral_id = g_strdup (referral_id);
  else if (self->targets->len == 0)
    target->referral_id = g_strdup (self->model->id);
  else
    target->referral_id = g_uuid_string_random ();

  target->service_id = g_strdup (service != NULL ? dir_service_get_id (service) : service_id);
  target->service_name = g_strdup (service != NULL ? desk_format_name (service, NULL) : service_name);

  g_ptr_array_add (self->targets, target);
  show_target (self, target);
  update_title (self);

  return target;
}

static Target *
find_target (DeskReferralForm *self,
             const char       *service_id)
{
  for (guint i = 0; i < self->targets->len; i++)
    {
      Target *target = g_ptr_array_index (self->targets, i);

      if (g_strcmp0 (target->service_id, service_id) == 0)
        return target;
    }

  return NULL;
}

static void
on_remove_target_cb (GtkButton        *button,
                     DeskReferralForm *self)
{
  Target *target = g_object_get_data (G_OBJECT (button), "target");

  adw_preferences_group_remove (self->service_group, target->row);

  /* Its draft goes too; the last one's record stays as the form's own. */
  if (self->targets->len > 1)
    dir_outbox_delete (self->outbox, target->referral_id, NULL);
  else
    {
      g_free (self->model->id);
      self->model->id = g_strdup (target->referral_id);
    }

  g_ptr_array_remove (self->targets, target);
  update_title (self);

  self->dirty = TRUE;
  update_all (self);
  schedule_autosave (self);
}

static void
prefill_needs (DeskReferralForm *self,
               DirService       *service)
{
  const char * const *codes = dir_service_get_pathways (service);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      GtkCheckButton *check = g_hash_table_lookup (self->need_checks, codes[i]);

      if (check != NULL)
        gtk_check_button_set_active (check, TRUE);
    }
}

static void
clear_search_results (DeskReferralForm *self)
{
  for (guint i = 0; i < self->search_rows->len; i++)
    adw_preferences_group_remove (self->search_group, g_ptr_array_index (self->search_rows, i));
  g_ptr_array_set_size (self->search_rows, 0);
}

static void
on_search_result_activated_cb (AdwActionRow     *row,
                               DeskReferralForm *self)
{
  DirService *service = g_object_get_data (G_OBJECT (row), "service");
  gboolean was_empty = self->targets->len == 0;

  if (find_target (self, dir_service_get_id (service)) == NULL)
    {
      add_target (self, NULL, service, NULL, NULL);

      self->filling = TRUE;
      prefill_needs (self, service);
      /* A blank form asked for a call-back; with a service it is a referral. */
      if (was_empty && get_kind (self) == DIR_REFERRAL_KIND_CALLBACK)
        set_kind (self, DIR_REFERRAL_KIND_REFERRAL);
      self->filling = FALSE;
    }

  /* Clearing the search removes the results, this row included. */
  set_editable (self->search_row, NULL);
  clear_search_results (self);
  on_changed_cb (self);
}

static void
search_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DeskReferralForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) services = dir_store_query_finish (DIR_STORE (source), result, &error);

  if (services == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Service search failed: %s", error->message);
      return;
    }

  clear_search_results (self);

  for (guint i = 0; i < g_list_model_get_n_items (services); i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (services, i);
      g_autofree char *place = desk_format_place (service);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("list-add-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), desk_format_name (service, NULL));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (place != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), place);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "service", g_object_ref (service), g_object_unref);
      g_signal_connect (row, "activated", G_CALLBACK (on_search_result_activated_cb), self);
      adw_preferences_group_add (self->search_group, row);
      g_ptr_array_add (self->search_rows, row);
    }
}

static gboolean
search_timeout_cb (gpointer user_data)
{
  DeskReferralForm *self = user_data;
  g_autoptr(DirQuery) query = dir_query_new ();
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_row));

  self->search_id = 0;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (text == NULL || g_utf8_strlen (text, -1) < 2)
    {
      clear_search_results (self);
      return G_SOURCE_REMOVE;
    }

  self->search_cancellable = g_cancellable_new ();
  dir_query_set_text (query, text);
  dir_query_set_limit (query, MAX_SEARCH_RESULTS);
  dir_store_query_async (self->store, query, self->search_cancellable, search_cb,
                         g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
on_search_changed_cb (DeskReferralForm *self)
{
  g_clear_handle_id (&self->search_id, g_source_remove);
  self->search_id = g_timeout_add (SEARCH_DELAY_MS, search_timeout_cb, self);
}

static void
build_service_group (DeskReferralForm *self)
{
  self->search_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->search_row), _("Add a service"));
  adw_entry_row_add_prefix (self->search_row, gtk_image_new_from_icon_name ("system-search-symbolic"));
  g_signal_connect_swapped (self->search_row, "changed", G_CALLBACK (on_search_changed_cb), self);
  adw_preferences_group_add (self->search_group, GTK_WIDGET (self->search_row));
  add_field (self, self->search_group, "person", "service_id", _("Service"),
             GTK_WIDGET (self->search_row), NULL);
}

/* ---- model <-> widgets --------------------------------------------------- */

static void
replace_string (char       **field,
                char        *value)
{
  g_free (*field);
  *field = value;
}

static void
read_widgets (DeskReferralForm *self)
{
  DirReferral *model = self->model;
  guint selected;
  const DirPathway *pathways;
  guint n_pathways;

  if (get_kind (self) >= 0)
    model->kind = (DirReferralKind) get_kind (self);
  model->callback_requested = model->kind == DIR_REFERRAL_KIND_REFERRAL &&
                              gtk_switch_get_active (self->callback_switch);

  if (self->targets->len > 0)
    {
      Target *first = g_ptr_array_index (self->targets, 0);

      replace_string (&model->service_id, g_strdup (first->service_id));
      replace_string (&model->service_name, g_strdup (first->service_name));
    }
  else
    {
      replace_string (&model->service_id, NULL);
      replace_string (&model->service_name, NULL);
    }

  replace_string (&model->given_name, editable_text (self->given_name_row));
  replace_string (&model->family_name, editable_text (self->family_name_row));
  replace_string (&model->date_of_birth, editable_text (self->dob_row));
  replace_string (&model->crn, editable_text (self->crn_row));
  replace_string (&model->prison_number, editable_text (self->prison_number_row));

  selected = adw_combo_row_get_selected (self->language_row);
  replace_string (&model->preferred_language,
                  selected > 0 && selected <= self->language_codes->len
                    ? g_strdup (g_ptr_array_index (self->language_codes, selected - 1)) : NULL);
  model->interpreter_needed = gtk_switch_get_active (self->interpreter_switch);

  replace_string (&model->phone, editable_text (self->phone_row));
  replace_string (&model->email, editable_text (self->email_row));
  replace_string (&model->address, editable_text (self->address_row));
  replace_string (&model->postcode, editable_text (self->postcode_row));

  replace_string (&model->release_date, editable_text (self->release_date_row));
  replace_string (&model->release_postcode, editable_text (self->release_postcode_row));

  /* Needs in the taxonomy's order */
  g_ptr_array_set_size (model->needs, 0);
  pathways = dir_taxonomy_get_all (&n_pathways);
  for (guint i = 0; i < n_pathways; i++)
    {
      GtkCheckButton *check = g_hash_table_lookup (self->need_checks, pathways[i].code);

      if (check != NULL && gtk_check_button_get_active (check))
        g_ptr_array_add (model->needs, g_strdup (pathways[i].code));
    }

  replace_string (&model->notes, text_view_text (self->notes_view));

  if (self->risk_page != NULL)
    {
      model->rosh = (DirRosh) adw_combo_row_get_selected (self->rosh_row);
      model->mappa_level = (int) adw_combo_row_get_selected (self->mappa_row) - 1;
      model->do_not_see_alone = gtk_switch_get_active (self->alone_switch);
      model->risk_to_self = gtk_switch_get_active (self->self_switch);
      replace_string (&model->risk_notes, text_view_text (self->risk_notes_view));
    }

  model->consent_given_by = (DirConsentGiver) adw_combo_row_get_selected (self->given_by_row);
  replace_string (&model->consent_given_at, editable_text (self->given_at_row));
  model->consent_method = (DirConsentMethod) adw_combo_row_get_selected (self->method_row);
  model->consent_share_with =
    (gtk_check_button_get_active (self->share_service_check) ? DIR_SHARE_SERVICE : 0) |
    (gtk_check_button_get_active (self->share_direction_check) ? DIR_SHARE_DIRECTION : 0);
}

static void
fill_widgets (DeskReferralForm *self)
{
  DirReferral *model = self->model;
  guint language = 0;

  self->filling = TRUE;

  set_kind (self, model->kind);
  gtk_switch_set_active (self->callback_switch, model->callback_requested);

  set_editable (self->given_name_row, model->given_name);
  set_editable (self->family_name_row, model->family_name);
  set_editable (self->dob_row, model->date_of_birth);
  set_editable (self->crn_row, model->crn);
  set_editable (self->prison_number_row, model->prison_number);

  if (model->preferred_language != NULL)
    {
      guint i;

      for (i = 0; i < self->language_codes->len; i++)
        {
          if (g_ascii_strcasecmp (g_ptr_array_index (self->language_codes, i),
                                  model->preferred_language) == 0)
            break;
        }
      if (i == self->language_codes->len)
        {
          g_autofree char *name = desk_format_language (model->preferred_language);

          g_ptr_array_add (self->language_codes, g_strdup (model->preferred_language));
          gtk_string_list_append (self->language_model, name);
        }
      language = i + 1;
    }
  adw_combo_row_set_selected (self->language_row, language);
  gtk_switch_set_active (self->interpreter_switch, model->interpreter_needed);

  set_editable (self->phone_row, model->phone);
  set_editable (self->email_row, model->email);
  set_editable (self->address_row, model->address);
  set_editable (self->postcode_row, model->postcode);
  set_editable (self->release_date_row, model->release_date);
  set_editable (self->release_postcode_row, model->release_postcode);

  {
    GHashTableIter iter;
    gpointer code, check;

    g_hash_table_iter_init (&iter, self->need_checks);
    while (g_hash_table_iter_next (&iter, &code, &check))
      gtk_check_button_set_active (check, dir_referral_has_need (model, code));
  }

  set_text_view (self->notes_view, model->notes);

  if (self->risk_page != NULL)
    {
      adw_combo_row_set_selected (self->rosh_row, model->rosh);
      adw_combo_row_set_selected (self->mappa_row, (guint) (model->mappa_level + 1));
      gtk_switch_set_active (self->alone_switch, model->do_not_see_alone);
      gtk_switch_set_active (self->self_switch, model->risk_to_self);
      set_text_view (self->risk_notes_view, model->risk_notes);
    }

  adw_combo_row_set_selected (self->given_by_row, model->consent_given_by);
  set_editable (self->given_at_row, model->consent_given_at);
  adw_combo_row_set_selected (self->method_row, model->consent_method);
  gtk_check_button_set_active (self->share_service_check,
                               (model->consent_share_with & DIR_SHARE_SERVICE) != 0);
  gtk_check_button_set_active (self->share_direction_check,
                               (model->consent_share_with & DIR_SHARE_DIRECTION) != 0);

  self->filling = FALSE;
}

/* The referral for one service: the shared model with its own id. */
static DirReferral *
referral_for_target (DeskReferralForm *self,
                     Target           *target)
{
  DirReferral *referral = dir_referral_copy (self->model);

  if (target != NULL)
    {
      g_free (referral->id);
      referral->id = g_strdup (target->referral_id);
      g_free (referral->service_id);
      referral->service_id = g_strdup (target->service_id);
      g_free (referral->service_name);
      referral->service_name = g_strdup (target->service_name);
    }

  return referral;
}

/* ---- what is shown: kinds, messages, the review ---------------------------- */

static void
update_kind (DeskReferralForm *self)
{
  DirReferralKind kind = self->model->kind;
  gboolean personal = kind != DIR_REFERRAL_KIND_SIGNPOST;
  GtkWidget *child;

  gtk_widget_set_visible (GTK_WIDGET (self->signpost_group), !personal);
  gtk_widget_set_visible (GTK_WIDGET (self->person_group), personal);
  gtk_widget_set_visible (GTK_WIDGET (self->contact_group), personal);
  gtk_widget_set_visible (GTK_WIDGET (self->release_group), personal);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_group), personal);
  gtk_widget_set_visible (self->callback_row, kind == DIR_REFERRAL_KIND_REFERRAL);

  child = adw_view_stack_get_child_by_name (self->view_stack, "consent");
  adw_view_stack_page_set_visible (adw_view_stack_get_page (self->view_stack, child), personal);
  if (self->risk_page != NULL)
    adw_view_stack_page_set_visible (adw_view_stack_get_page (self->view_stack,
                                                              GTK_WIDGET (self->risk_page)),
                                     personal);

  self->shown_kind = kind;
}

static const DirFieldError *
problem_for (DeskReferralForm *self,
             Field            *field)
{
  for (guint i = 0; i < self->problems->len; i++)
    {
      const DirFieldError *problem = g_ptr_array_index (self->problems, i);

      if (lookup_field (self, problem->field) == field)
        return problem;
    }

  return NULL;
}

static void
show_field_message (Field         *field,
                    const char    *message,
                    DirFieldLevel  level)
{
  GtkWidget *label = GTK_WIDGET (field->message_label);
  gboolean shown = message != NULL && label != NULL;

  if (label == NULL)
    return;

  gtk_label_set_text (field->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (field->message_row, shown);

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  if (field->row != NULL)
    {
      gtk_widget_remove_css_class (field->row, "error");
      gtk_widget_remove_css_class (field->row, "warning");
    }

  if (shown)
    {
      const char *css = level == DIR_FIELD_ERROR ? "error" : "warning";

      gtk_widget_add_css_class (label, css);
      if (field->row != NULL && ADW_IS_PREFERENCES_ROW (field->row))
        gtk_widget_add_css_class (field->row, css);
    }

  if (field->focus != NULL)
    {
      if (shown && level == DIR_FIELD_ERROR)
        gtk_accessible_update_state (GTK_ACCESSIBLE (field->focus),
                                     GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                     -1);
      else
        gtk_accessible_reset_state (GTK_ACCESSIBLE (field->focus), GTK_ACCESSIBLE_STATE_INVALID);
      if (shown)
        gtk_accessible_update_property (GTK_ACCESSIBLE (field->focus),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                        -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (field->focus),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
update_messages (DeskReferralForm *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      const DirFieldError *problem = problem_for (self, field);

      if (field->hub_message != NULL)
        show_field_message (field, field->hub_message, DIR_FIELD_ERROR);
      else if (problem != NULL && (field->touched || self->show_all))
        show_field_message (field, problem->message, problem->level);
      else
        show_field_message (field, NULL, DIR_FIELD_ERROR);
    }
}

static void
update_needs_subtitles (DeskReferralForm *self)
{
  for (guint i = 0; i < self->need_expanders->len; i++)
    {
      AdwExpanderRow *expander = g_ptr_array_index (self->need_expanders, i);
      const char *top = g_object_get_data (G_OBJECT (expander), "code");
      g_autofree char *subtitle = NULL;
      guint n = 0;

      for (guint j = 0; j < self->model->needs->len; j++)
        {
          g_autofree char *code_top = dir_taxonomy_top_level_of (g_ptr_array_index (self->model->needs, j));

          if (g_strcmp0 (code_top, top) == 0)
            n++;
        }

      if (n > 0)
        subtitle = g_strdup_printf (ngettext ("%u chosen", "%u chosen", n), n);
      adw_expander_row_set_subtitle (expander, subtitle != NULL ? subtitle : "");
    }
}

static gboolean
send_blocked (DeskReferralForm *self)
{
  if (!dir_role_may_refer (self->role) && self->role != DIR_ROLE_NONE)
    return TRUE;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->hub_message != NULL)
        return TRUE;
    }

  return dir_referral_problems_block (self->problems);
}

/* Words for a body member on the review page; NULL for the ones that are
 * not shown as a row of their own. */
static const char *
review_label (const char *path)
{
  static const struct { const char *path; const char *label; } labels[] = {
    { "kind", N_("Sent as") },
    { "service_id", N_("Service") },
    { "person.given_name", N_("First name") },
    { "person.family_name", N_("Last name") },
    { "person.date_of_birth", N_("Date of birth") },
    { "person.contact.phone", N_("Phone") },
    { "person.contact.email", N_("E-mail") },
    { "person.contact.address", N_("Address") },
    { "person.contact.postcode", N_("Home postcode") },
    { "person.preferred_language", N_("Preferred language") },
    { "person.interpreter_needed", N_("Interpreter needed") },
    { "person.crn", N_("CRN") },
    { "person.prison_number", N_("Prison number") },
    { "release.date", N_("Release date") },
    { "release.postcode", N_("Release or home postcode") },
    { "needs", N_("Needs") },
    { "notes", N_("Notes") },
    { "risk.rosh", N_("Risk of serious harm") },
    { "risk.mappa_level", N_("MAPPA level") },
    { "risk.do_not_see_alone", N_("Do not see alone") },
    { "risk.risk_to_self", N_("Risk to self") },
    { "risk.notes", N_("Risk notes") },
    { "consent.given_by", N_("Consent given by") },
    { "consent.given_at", N_("Consent given") },
    { "consent.method", N_("How consent was given") },
    { "consent.share_with", N_("May be shared with") },
    { "callback_requested", N_("Advisor to call back") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if (g_str_equal (labels[i].path, path))
        return _(labels[i].label);
    }

  return NULL;
}

static const char *
group_title (const char *member)
{
  if (g_str_equal (member, "person"))
    return _("The Person");
  if (g_str_equal (member, "contact"))
    return _("Contact");
  if (g_str_equal (member, "release"))
    return _("Release");
  if (g_str_equal (member, "risk"))
    return _("Risk and Safety");
  if (g_str_equal (member, "consent"))
    return _("Consent");
  return NULL;
}

/* A body value in words: dates as shown, codes as labels. */
static char *
review_value (DeskReferralForm *self,
              const char       *path,
              JsonNode         *node)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *code = json_array_get_string_element (array, i);
          g_autofree char *value = NULL;

          if (g_str_equal (path, "needs"))
            {
              const DirPathway *pathway = dir_taxonomy_lookup (code);

              value = g_strdup (pathway != NULL ? _(pathway->label) : code);
            }
          else if (g_strcmp0 (code, "service") == 0)
            value = g_strdup (_("the service"));
          else if (g_strcmp0 (code, "direction") == 0)
            value = g_strdup (_("Direction’s advisors"));
          else
            value = g_strdup (code);

          g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", value);
        }

      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("None"));

  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      if (g_str_equal (path, "risk.mappa_level"))
        return json_node_get_int (node) == 0 ? g_strdup (_("Not managed under MAPPA"))
                                             : g_strdup_printf (_("Level %d"), (int) json_node_get_int (node));
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    }

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      if (g_str_equal (path, "kind"))
        {
          DirReferralKind kind;

          if (dir_referral_kind_from_string (text, &kind))
            return g_strdup (dir_referral_kind_label (kind));
        }
      if (g_str_equal (path, "service_id"))
        {
          g_autoptr(GString) names = g_string_new (NULL);

          for (guint i = 0; i < self->targets->len; i++)
            {
              Target *target = g_ptr_array_index (self->targets, i);

              g_string_append_printf (names, "%s%s", i > 0 ? "\n" : "",
                                      target->service_name != NULL ? target->service_name : target->service_id);
            }
          return g_string_free (g_steal_pointer (&names), FALSE);
        }
      if (g_str_equal (path, "person.date_of_birth") || g_str_equal (path, "release.date") ||
          g_str_equal (path, "consent.given_at"))
        {
          g_autoptr(GDateTime) when = dir_time_parse (text);

          if (when != NULL && strlen (text) > 10)
            {
              g_autoptr(GDateTime) local = g_date_time_to_local (when);

              return g_date_time_format (local, "%d/%m/%Y %H:%M");
            }
          if (when != NULL)
            return g_date_time_format (when, "%d/%m/%Y");
        }
      if (g_str_equal (path, "person.preferred_language"))
        return desk_format_language (text);
      if (g_str_equal (path, "risk.rosh"))
        {
          if (g_str_equal (text, "very_high"))
            return g_strdup (_("Very high"));
          if (g_str_equal (text, "high"))
            return g_strdup (_("High"));
          if (g_str_equal (text, "medium"))
            return g_strdup (_("Medium"));
          if (g_str_equal (text, "low"))
            return g_strdup (_("Low"));
        }
      if (g_str_equal (path, "consent.given_by"))
        {
          if (g_str_equal (text, "person"))
            return g_strdup (_("The person"));
          if (g_str_equal (text, "parent_or_guardian"))
            return g_strdup (_("A parent or guardian"));
          if (g_str_equal (text, "advocate"))
            return g_strdup (_("An advocate"));
        }
      if (g_str_equal (path, "consent.method"))
        {
          if (g_str_equal (text, "verbal"))
            return g_strdup (_("Verbally"));
          if (g_str_equal (text, "written"))
            return g_strdup (_("In writing"));
          if (g_str_equal (text, "electronic"))
            return g_strdup (_("Electronically"));
        }

      return g_strdup (text);
    }

  return json_to_string (node, FALSE);
}

static void
add_review_row (DeskReferralForm    *self,
                AdwPreferencesGroup *group,
                const char          *path,
                JsonNode            *node)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *value = review_value (self, path, node);
  const char *label = review_label (path);

  /* A member without words is still shown, by its name: nothing leaves
   * unseen. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label != NULL ? label : path);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "review-value");
  g_object_set_data_full (G_OBJECT (row), "path", g_strdup (path), g_free);
  adw_preferences_group_add (group, row);
}

static AdwPreferencesGroup *
add_review_group (DeskReferralForm *self,
                  const char       *title,
                  const char       *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  if (title != NULL)
    adw_preferences_group_set_title (group, title);
  if (description != NULL)
    adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (self->review_page, group);
  g_ptr_array_add (self->review_groups, group);

  return group;
}

/* A group per object of the body; members after an object start a new
 * group, so the order of the body is kept. */
static void
add_review_object (DeskReferralForm *self,
                   const char       *prefix,
                   JsonObject       *object,
                   const char       *title)
{
  AdwPreferencesGroup *group = NULL;
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      g_autofree char *path = prefix != NULL ? g_strconcat (prefix, ".", l->data, NULL)
                                             : g_strdup (l->data);

      if (g_str_equal (path, "id"))
        continue;   /* the key, not something to read */

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          add_review_object (self, path, json_node_get_object (node), group_title (l->data));
          group = NULL;
          continue;
        }

      if (group == NULL)
        {
          group = add_review_group (self, title, NULL);
          title = NULL;
        }
      add_review_row (self, group, path, node);
    }
}

static void
on_problem_activated_cb (AdwActionRow     *row,
                         DeskReferralForm *self)
{
  Field *field = lookup_field (self, g_object_get_data (G_OBJECT (row), "path"));

  if (field == NULL)
    return;

  adw_view_stack_set_visible_child_name (self->view_stack, field->page);
  if (field->focus != NULL)
    gtk_widget_grab_focus (field->focus);
}

static void
rebuild_review (DeskReferralForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirReferral) first = NULL;
  g_autoptr(JsonNode) body = NULL;
  guint n_errors = 0;

  for (guint i = 0; i < self->review_groups->len; i++)
    adw_preferences_page_remove (self->review_page, g_ptr_array_index (self->review_groups, i));
  g_ptr_array_set_size (self->review_groups, 0);

  g_object_ref (self->send_group);
  adw_preferences_page_remove (self->review_page, self->send_group);

  /* What stops sending, each a link to its field */
  if (dir_referral_problems_block (self->problems) || send_blocked (self))
    {
      AdwPreferencesGroup *group = add_review_group (self, _("Before You Can Send"), NULL);

      for (guint i = 0; i < self->fields->len; i++)
        {
          Field *field = g_ptr_array_index (self->fields, i);
          const DirFieldError *problem = problem_for (self, field);
          const char *message = field->hub_message;
          GtkWidget *row;

          if (message == NULL && (problem == NULL || problem->level != DIR_FIELD_ERROR))
            continue;
          if (message == NULL)
            message = problem->message;

          row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                         review_label (field->path) != NULL
                                           ? review_label (field->path) : field->label);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
          adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
          adw_action_row_set_icon_name (ADW_ACTION_ROW (row), "dialog-warning-symbolic");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     gtk_image_new_from_icon_name ("go-next-symbolic"));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          gtk_widget_add_css_class (row, "error");
          g_object_set_data_full (G_OBJECT (row), "path", g_strdup (field->path), g_free);
          g_signal_connect (row, "activated", G_CALLBACK (on_problem_activated_cb), self);
          adw_preferences_group_add (group, row);
          n_errors++;
        }
    }

  first = referral_for_target (self, self->targets->len > 0 ? g_ptr_array_index (self->targets, 0)
                                                            : NULL);
  body = dir_referral_to_json (first, self->role,
                               n_errors == 0 ? DIR_REFERRAL_BODY_SEND : DIR_REFERRAL_BODY_DRAFT,
                               &error);

  if (body != NULL && n_errors == 0)
    {
      g_autofree char *description = NULL;

      if (self->targets->len > 1)
        description = g_strdup_printf (ngettext ("This is everything that is sent, to %u service.",
                                                 "This is everything that is sent, once to each of "
                                                 "%u services.", self->targets->len),
                                       self->targets->len);
      else
        description = g_strdup (_("This is everything that is sent."));

      add_review_group (self, _("What Will Be Sent"), description);
      add_review_object (self, NULL, json_node_get_object (body), NULL);

      if (self->model->kind == DIR_REFERRAL_KIND_SIGNPOST)
        add_review_group (self, NULL, _("Nothing about the person is sent with a signpost."));
      else if (!dir_role_may_send_risk (self->role))
        add_review_group (self, NULL,
                          _("Risk information is never sent from your account."));
    }

  adw_preferences_page_add (self->review_page, self->send_group);
  g_object_unref (self->send_group);

  if (!dir_role_may_refer (self->role) && self->role != DIR_ROLE_NONE)
    gtk_label_set_text (self->send_reason_label,
                        _("Your account cannot send referrals. Ask the hub for a referrer account."));
  else if (n_errors > 0)
    {
      g_autofree char *reason = g_strdup_printf (ngettext ("Send is not available until the field above is put right.",
                                                           "Send is not available until the %u fields above are put right.",
                                                           n_errors),
                                                 n_errors);

      gtk_label_set_text (self->send_reason_label, reason);
    }
  else if (!dir_account_get_signed_in (self->account))
    gtk_label_set_text (self->send_reason_label,
                        _("You are not signed in: it waits in the outbox until you sign in."));
  else
    gtk_label_set_text (self->send_reason_label,
                        self->targets->len > 1 ? _("One referral is sent to each service.") : "");

  gtk_widget_set_visible (GTK_WIDGET (self->send_reason_label),
                          gtk_label_get_text (self->send_reason_label)[0] != '\0');

  if (self->targets->len > 1)
    {
      g_autofree char *label = g_strdup_printf (ngettext ("_Send %u Referral", "_Send %u Referrals",
                                                          self->targets->len),
                                                self->targets->len);

      gtk_button_set_label (GTK_BUTTON (self->send_button), label);
    }
  else
    gtk_button_set_label (GTK_BUTTON (self->send_button), _("_Send"));
}

static void
update_all (DeskReferralForm *self)
{
  read_widgets (self);

  if (self->model->kind != self->shown_kind)
    update_kind (self);

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = dir_referral_validate (self->model, self->role, self->geocoder, NULL);

  update_messages (self);
  update_needs_subtitles (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "form.send", !send_blocked (self));

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "review") == 0)
    rebuild_review (self);
}

/* ---- the kind: "signpost only" clears the person ------------------------ */

static void
on_signpost_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         DeskReferralForm *self)
{
  self->confirming_kind = FALSE;

  if (g_strcmp0 (response, "remove") == 0)
    {
      DirReferralKind kind = self->model->kind;
      g_autoptr(GError) error = NULL;

      dir_referral_clear_personal (self->model);
      self->model->kind = DIR_REFERRAL_KIND_SIGNPOST;
      fill_widgets (self);
      self->model->kind = kind;
      for (guint i = 0; i < self->fields->len; i++)
        {
          Field *field = g_ptr_array_index (self->fields, i);

          field->touched = FALSE;
          g_clear_pointer (&field->hub_message, g_free);
        }

      /* The draft must not keep what was removed: save at once. */
      self->dirty = TRUE;
      update_all (self);
      if (!desk_referral_form_save (self, &error))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }
  else
    {
      self->filling = TRUE;
      set_kind (self, self->shown_kind);
      self->filling = FALSE;
      update_all (self);
    }
}

/* Choosing "signpost only" with details typed asks first; TRUE while it
 * asks (nothing is read from the widgets, nor saved, until the answer). */
static gboolean
confirm_signpost (DeskReferralForm *self)
{
  AdwMessageDialog *dialog;

  if (get_kind (self) != DIR_REFERRAL_KIND_SIGNPOST ||
      self->shown_kind == DIR_REFERRAL_KIND_SIGNPOST)
    return FALSE;

  read_widgets (self);
  self->model->kind = self->shown_kind;
  if (!dir_referral_has_personal (self->model))
    return FALSE;

  self->confirming_kind = TRUE;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Send a Signpost Only?"),
                                                       _("A signpost sends nothing about the "
                                                         "person. What you typed about them is "
                                                         "removed from this draft.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Details"),
                                    "remove", _("_Remove Details"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_signpost_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/* ---- autosave ------------------------------------------------------------ */

static gboolean
autosave_cb (gpointer user_data)
{
  DeskReferralForm *self = user_data;
  g_autoptr(GError) error = NULL;

  self->autosave_id = 0;

  if (!desk_referral_form_save (self, &error))
    {
      g_warning ("Could not save the draft: %s", error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }

  return G_SOURCE_REMOVE;
}

/* Saved at most autosave_delay_ms after the first unsaved change, however
 * long the typing goes on. */
static void
schedule_autosave (DeskReferralForm *self)
{
  if (self->autosave_id != 0 || self->finished)
    return;

  self->autosave_id = g_timeout_add (self->autosave_delay_ms, autosave_cb, self);
}

/* ---- callbacks ----------------------------------------------------------- */

static void
emit_located (DeskReferralForm *self,
              const char       *text)
{
  g_autoptr(DirPlace) place = NULL;
  g_autofree char *normalized = NULL;

  if (text == NULL || self->geocoder == NULL)
    return;

  normalized = dir_geocoder_normalize_postcode (text);
  if (normalized == NULL || g_strcmp0 (normalized, self->located_text) == 0)
    return;

  place = dir_geocoder_lookup (self->geocoder, normalized, NULL);
  if (place == NULL)
    return;

  g_free (self->located_text);
  self->located_text = g_steal_pointer (&normalized);
  g_signal_emit (self, signals[POSTCODE_LOCATED], 0, place);
}

static void
on_field_leave_cb (GtkEventControllerFocus *controller,
                   Field                   *field)
{
  DeskReferralForm *self = g_object_get_data (G_OBJECT (controller), "form");

  if (self->finished)
    return;

  field->touched = TRUE;
  update_all (self);

  if (g_str_equal (field->path, "release.postcode"))
    emit_located (self, self->model->release_postcode);
  else if (g_str_equal (field->path, "person.contact.postcode") &&
           self->model->release_postcode == NULL)
    emit_located (self, self->model->postcode);
}

static void
on_page_changed_cb (DeskReferralForm *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (g_strcmp0 (name, "review") == 0)
    {
      /* Every message from here on, wherever the person was. */
      self->show_all = TRUE;
      update_all (self);
    }
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DeskReferralForm *self = DESK_REFERRAL_FORM (widget);
  const char *order[] = { "person", "needs", "risk", "consent", "review" };
  const char *current = adw_view_stack_get_visible_child_name (self->view_stack);
  guint i;

  /* The fields of the page being left are now "left". */
  for (guint j = 0; j < self->fields->len; j++)
    {
      Field *field = g_ptr_array_index (self->fields, j);

      if (g_strcmp0 (field->page, current) == 0)
        field->touched = TRUE;
    }
  update_all (self);

  for (i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (g_strcmp0 (order[i], current) == 0)
        break;
    }

  for (i++; i < G_N_ELEMENTS (order); i++)
    {
      if (is_referral_page_visible (self, order[i]))
        {
          adw_view_stack_set_visible_child_name (self->view_stack, order[i]);
          return;
        }
    }
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DeskReferralForm *self = DESK_REFERRAL_FORM (widget);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) referrals = g_ptr_array_new_with_free_func ((GDestroyNotify) dir_referral_free);
  guint n_targets = MAX (self->targets->len, 1);
  guint n_queued = 0;

  self->show_all = TRUE;
  update_all (self);

  if (send_blocked (self))
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "review");
      return;
    }

  /* Every body first: nothing is queued unless all can be. */
  for (guint i = 0; i < n_targets; i++)
    {
      g_autoptr(GError) error = NULL;
      DirReferral *referral = referral_for_target (self, self->targets->len > 0
                                                         ? g_ptr_array_index (self->targets, i)
                                                         : NULL);
      char *body = dir_referral_to_body (referral, self->role, DIR_REFERRAL_BODY_SEND, &error);

      g_ptr_array_add (referrals, referral);
      if (body == NULL)
        {
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
          return;
        }
      g_ptr_array_add (bodies, body);
    }

  for (guint i = 0; i < n_targets; i++)
    {
      g_autoptr(GError) error = NULL;
      DirReferral *referral = g_ptr_array_index (referrals, i);
      g_autofree char *label = dir_referral_make_label (referral);

      if (!dir_outbox_save_draft (self->outbox, referral->id,
                                  dir_referral_kind_to_string (referral->kind),
                                  referral->service_id, referral->service_name, label,
                                  g_ptr_array_index (bodies, i), &error) ||
          !dir_outbox_queue (self->outbox, referral->id, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Could not queue the referral: %s"),
                                                      error->message);

          g_warning ("Could not queue a referral: %s", error->message);
          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
          if (n_queued > 0)
            g_signal_emit (self, signals[QUEUED], 0, n_queued);
          return;
        }
      n_queued++;
    }

  self->finished = TRUE;
  self->dirty = FALSE;
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_signal_emit (self, signals[QUEUED], 0, n_queued);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        DeskReferralForm *self)
{
  g_auto(GStrv) ids = NULL;

  if (g_strcmp0 (response, "discard") != 0)
    return;

  ids = desk_referral_form_dup_ids (self);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!dir_outbox_delete (self->outbox, ids[i], &error) &&
          !g_error_matches (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_NOT_FOUND))
        g_warning ("Could not delete a draft: %s", error->message);
    }

  self->finished = TRUE;
  self->dirty = FALSE;
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  gtk_window_close (GTK_WINDOW (self));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeskReferralForm *self = DESK_REFERRAL_FORM (widget);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Discard This Referral?"),
                                                       _("What you typed is deleted from this "
                                                         "computer. Nothing has been sent.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_discard_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ------------------------------------------------------------- */

static gboolean
desk_referral_form_close_request (GtkWindow *window)
{
  DeskReferralForm *self = DESK_REFERRAL_FORM (window);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->autosave_id, g_source_remove);

  if (!self->finished && !desk_referral_form_save (self, &error))
    g_warning ("Could not save the draft on close: %s", error->message);

  return GTK_WINDOW_CLASS (desk_referral_form_parent_class)->close_request (window);
}

static void
desk_referral_form_constructed (GObject *object)
{
  DeskReferralForm *self = DESK_REFERRAL_FORM (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (desk_referral_form_parent_class)->constructed (object);

  g_assert (DIR_IS_OUTBOX (self->outbox));
  g_assert (DIR_IS_ACCOUNT (self->account));
  g_assert (DIR_IS_STORE (self->store));

  /* The role decides what is built, once: no risk widgets at all for a
   * role that may not send them. */
  self->role = dir_account_get_role (self->account);

  self->geocoder = dir_geocoder_new (NULL, &error);
  if (self->geocoder == NULL)
    g_warning ("Postcodes cannot be checked: %s", error->message);

  build_service_group (self);
  update_title (self);
  build_kind_group (self);
  build_person_groups (self);
  build_release_groups (self);
  if (dir_role_may_send_risk (self->role))
    build_risk_page (self);
  build_consent_groups (self);
  build_referrer_group (self);


  /* A blank form: a call-back until a service is added. */
  self->filling = TRUE;
  set_kind (self, DIR_REFERRAL_KIND_CALLBACK);
  self->filling = FALSE;
  self->shown_kind = DIR_REFERRAL_KIND_REFERRAL;
  update_all (self);
}

static void
desk_referral_form_dispose (GObject *object)
{
  DeskReferralForm *self = DESK_REFERRAL_FORM (object);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->search_id, g_source_remove);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  G_OBJECT_CLASS (desk_referral_form_parent_class)->dispose (object);
}

static void
desk_referral_form_finalize (GObject *object)
{
  DeskReferralForm *self = DESK_REFERRAL_FORM (object);

  g_clear_object (&self->outbox);
  g_clear_object (&self->account);
  g_clear_object (&self->store);
  g_clear_object (&self->geocoder);
  g_clear_pointer (&self->model, dir_referral_free);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->fields_by_path, g_hash_table_unref);
  g_clear_pointer (&self->need_checks, g_hash_table_unref);
  g_clear_pointer (&self->need_expanders, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->review_groups, g_ptr_array_unref);
  g_clear_pointer (&self->search_rows, g_ptr_array_unref);
  g_clear_pointer (&self->language_codes, g_ptr_array_unref);
  g_clear_pointer (&self->located_text, g_free);

  G_OBJECT_CLASS (desk_referral_form_parent_class)->finalize (object);
}

static void
desk_referral_form_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DeskReferralForm *self = DESK_REFERRAL_FORM (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_referral_form_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DeskReferralForm *self = DESK_REFERRAL_FORM (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_referral_form_class_init (DeskReferralFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = desk_referral_form_constructed;
  object_class->dispose = desk_referral_form_dispose;
  object_class->finalize = desk_referral_form_finalize;
  object_class->get_property = desk_referral_form_get_property;
  object_class->set_property = desk_referral_form_set_property;
  window_class->close_request = desk_referral_form_close_request;

  properties [PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL, DIR_TYPE_OUTBOX,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, DIR_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, DIR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [POSTCODE_LOCATED] =
    g_signal_new ("postcode-located",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DIR_TYPE_PLACE);
  signals [QUEUED] =
    g_signal_new ("queued",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/directionhub/Desk/ui/desk-referral-form.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, saved_label);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, person_page);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, service_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, search_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, kind_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, signpost_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, person_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, contact_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, needs_page);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, release_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, needs_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, notes_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, consent_page);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, consent_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, referrer_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, review_page);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, send_group);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, send_reason_label);
  gtk_widget_class_bind_template_child (widget_class, DeskReferralForm, send_button);
  gtk_widget_class_bind_template_callback (widget_class, on_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "form.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "form.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "form.discard", NULL, discard_action);
}

static void
desk_referral_form_init (DeskReferralForm *self)
{
  self->model = dir_referral_new ();
  self->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->fields_by_path = g_hash_table_new (g_str_hash, g_str_equal);
  self->need_checks = g_hash_table_new (g_str_hash, g_str_equal);
  self->need_expanders = g_ptr_array_new ();
  self->review_groups = g_ptr_array_new ();
  self->search_rows = g_ptr_array_new ();
  self->problems = g_ptr_array_new ();
  self->autosave_delay_ms = DEFAULT_AUTOSAVE_MS;

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The paths of the members of a body ("person.contact.phone"). */
static void
collect_paths (const char *prefix,
               JsonObject *object,
               GHashTable *paths)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);
      char *path = prefix != NULL ? g_strconcat (prefix, ".", l->data, NULL) : g_strdup (l->data);

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          collect_paths (path, json_node_get_object (node), paths);
          g_free (path);
        }
      else
        g_hash_table_add (paths, path);
    }
}

/* ---- public API ---------------------------------------------------------- */

DeskReferralForm *
desk_referral_form_new (DirOutbox  *outbox,
                        DirAccount *account,
                        DirStore   *store)
{
  g_return_val_if_fail (DIR_IS_OUTBOX (outbox), NULL);
  g_return_val_if_fail (DIR_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (DIR_IS_STORE (store), NULL);

  return g_object_new (DESK_TYPE_REFERRAL_FORM,
                       "outbox", outbox,
                       "account", account,
                       "store", store,
                       NULL);
}

void
desk_referral_form_set_services (DeskReferralForm   *self,
                                 const char * const *service_ids)
{
  g_return_if_fail (DESK_IS_REFERRAL_FORM (self));

  self->filling = TRUE;

  for (guint i = 0; service_ids != NULL && service_ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DirService) service = NULL;

      if (service_ids[i][0] == '\0' || find_target (self, service_ids[i]) != NULL)
        continue;

      service = dir_store_get_service (self->store, service_ids[i], &error);
      if (service == NULL)
        {
          g_warning ("Service %s is not in the directory: %s", service_ids[i], error->message);
          continue;
        }

      add_target (self, NULL, service, NULL, NULL);
      prefill_needs (self, service);
    }

  if (self->targets->len > 0)
    set_kind (self, DIR_REFERRAL_KIND_REFERRAL);

  self->filling = FALSE;
  update_all (self);
}

gboolean
desk_referral_form_load (DeskReferralForm  *self,
                         const char        *referral_id,
                         GError           **error)
{
  g_autofree char *body = NULL;
  g_autoptr(DirReferral) model = NULL;
  GListModel *items;
  const char *service_name = NULL;
  const char *error_field = NULL;
  const char *error_message = NULL;
  g_autoptr(DirOutboxItem) found = NULL;

  g_return_val_if_fail (DESK_IS_REFERRAL_FORM (self), FALSE);
  g_return_val_if_fail (referral_id != NULL, FALSE);

  body = dir_outbox_load_body (self->outbox, referral_id, error);
  if (body == NULL)
    return FALSE;

  model = dir_referral_new_from_body (body, error);
  if (model == NULL)
    return FALSE;

  items = dir_outbox_get_items (self->outbox);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(DirOutboxItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (dir_outbox_item_get_id (item), referral_id) == 0)
        {
          found = g_steal_pointer (&item);
          break;
        }
    }

  if (found != NULL)
    {
      service_name = dir_outbox_item_get_service_name (found);
      if (dir_outbox_item_get_state (found) == DIR_OUTBOX_FAILED)
        {
          error_field = dir_outbox_item_get_error_field (found);
          error_message = dir_outbox_item_get_error_message (found);
        }
    }

  /* The targets are this one referral. */
  for (guint i = 0; i < self->targets->len; i++)
    adw_preferences_group_remove (self->service_group,
                                  ((Target *) g_ptr_array_index (self->targets, i))->row);
  g_ptr_array_set_size (self->targets, 0);

  dir_referral_free (self->model);
  self->model = g_steal_pointer (&model);

  /* A role that may not see risk never holds it, even from a draft made
   * under another role. */
  if (!dir_role_may_send_risk (self->role))
    {
      self->model->rosh = DIR_ROSH_NOT_GIVEN;
      self->model->mappa_level = DIR_MAPPA_NOT_GIVEN;
      self->model->do_not_see_alone = FALSE;
      self->model->risk_to_self = FALSE;
      g_clear_pointer (&self->model->risk_notes, g_free);
    }

  if (self->model->service_id != NULL)
    {
      g_autoptr(DirService) service = dir_store_get_service (self->store, self->model->service_id, NULL);

      if (service != NULL)
        add_target (self, referral_id, service, NULL, NULL);
      else
        add_target (self, referral_id, NULL, self->model->service_id, service_name);
    }

  fill_widgets (self);
  self->shown_kind = (DirReferralKind) -1;

  /* What was typed shows its messages; empty fields wait to be left. */
  {
    g_autoptr(JsonNode) draft = dir_referral_to_json (self->model, self->role,
                                                      DIR_REFERRAL_BODY_DRAFT, NULL);
    g_autoptr(GHashTable) typed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    collect_paths (NULL, json_node_get_object (draft), typed);
    for (guint i = 0; i < self->fields->len; i++)
      {
        Field *field = g_ptr_array_index (self->fields, i);

        field->touched = g_hash_table_contains (typed, field->path);
      }
  }

  if (error_message != NULL)
    {
      Field *field = error_field != NULL ? lookup_field (self, error_field) : NULL;

      if (field == NULL)
        field = lookup_field (self, "service_id");
      /* Translators: the hub's own reason, in its words */
      field->hub_message = g_strdup_printf (_("The hub refused this: %s"), error_message);
      self->show_all = TRUE;
    }

  self->dirty = FALSE;
  update_all (self);

  return TRUE;
}

gboolean
desk_referral_form_save (DeskReferralForm  *self,
                         GError           **error)
{
  gint64 started;
  guint n_targets;

  g_return_val_if_fail (DESK_IS_REFERRAL_FORM (self), FALSE);

  g_clear_handle_id (&self->autosave_id, g_source_remove);

  if (!self->dirty || self->finished || self->confirming_kind)
    return TRUE;

  read_widgets (self);
  n_targets = MAX (self->targets->len, 1);
  started = g_get_monotonic_time ();

  for (guint i = 0; i < n_targets; i++)
    {
      g_autoptr(DirReferral) referral = referral_for_target (self, self->targets->len > 0
                                                                   ? g_ptr_array_index (self->targets, i)
                                                                   : NULL);
      g_autofree char *body = dir_referral_to_body (referral, self->role,
                                                    DIR_REFERRAL_BODY_DRAFT, error);
      g_autofree char *label = dir_referral_make_label (referral);

      if (body == NULL ||
          !dir_outbox_save_draft (self->outbox, referral->id,
                                  dir_referral_kind_to_string (referral->kind),
                                  referral->service_id, referral->service_name, label, body,
                                  error))
        {
          gtk_label_set_text (self->saved_label, _("Not saved"));
          gtk_widget_add_css_class (GTK_WIDGET (self->saved_label), "error");
          return FALSE;
        }
    }

  self->dirty = FALSE;
  /* Sealed and written with synchronous=FULL on this thread: a few ms. */
  g_debug ("%u draft(s) saved in %.1f ms", n_targets,
           (g_get_monotonic_time () - started) / 1000.0);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *time = g_date_time_format (now, "%H:%M");
    /* Translators: %s is a time, "14:32" */
    g_autofree char *text = g_strdup_printf (_("Draft saved %s"), time);

    gtk_label_set_text (self->saved_label, text);
    gtk_widget_remove_css_class (GTK_WIDGET (self->saved_label), "error");
  }

  return TRUE;
}

const DirReferral *
desk_referral_form_get_referral (DeskReferralForm *self)
{
  g_return_val_if_fail (DESK_IS_REFERRAL_FORM (self), NULL);

  read_widgets (self);
  return self->model;
}

GStrv
desk_referral_form_dup_ids (DeskReferralForm *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (DESK_IS_REFERRAL_FORM (self), NULL);

  if (self->targets->len == 0)
    g_strv_builder_add (builder, self->model->id);

  for (guint i = 0; i < self->targets->len; i++)
    g_strv_builder_add (builder, ((Target *) g_ptr_array_index (self->targets, i))->referral_id);

  return g_strv_builder_end (builder);
}

char *
desk_referral_form_dup_body (DeskReferralForm  *self,
                             GError           **error)
{
  g_autoptr(DirReferral) referral = NULL;

  g_return_val_if_fail (DESK_IS_REFERRAL_FORM (self), NULL);

  read_widgets (self);
  referral = referral_for_target (self, self->targets->len > 0
                                        ? g_ptr_array_index (self->targets, 0) : NULL);

  return dir_referral_to_body (referral, self->role, DIR_REFERRAL_BODY_SEND, error);
}

void
desk_referral_form_set_autosave_delay (DeskReferralForm *self,
                                       guint             milliseconds)
{
  g_return_if_fail (DESK_IS_REFERRAL_FORM (self));

  self->autosave_delay_ms = milliseconds;
}
