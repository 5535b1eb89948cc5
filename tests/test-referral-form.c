/* test-referral-form.c
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

/* The referral form, the Referrals page and signing in, on the real
 * direction-hub ($DIRECTION_HUB) and a real outbox, under Xvfb.  No
 * keyring here (the session bus points nowhere): the sign-in lives in
 * memory and the outbox key in a key file, as the desk does without a
 * Secret Service.  tests/referral-e2e.py covers the keyring and AT-SPI.
 *
 * Run with --child-type OUTBOX (by the kill -9 test only): opens a form,
 * types into it, says "SAVED" once the draft is in the outbox, then types
 * on until it is killed. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "desk-account-group.h"
#include "desk-referral-form.h"
#include "desk-referrals-page.h"
#include "desk-sign-in-dialog.h"
#include "desk-sync-runner.h"
#include "desk-window.h"
#include "outbox-test-util.h"

#define HOUSING_ID        "6f1c2d3e-4a5b-4c6d-8e7f-000000000002"

#define T_GIVEN           "First name"
#define T_FAMILY          "Last name"
#define T_DOB             "Date of birth (DD/MM/YYYY)"
#define T_CRN             "CRN, if known (such as X123456)"
#define T_PHONE           "Phone"
#define T_EMAIL           "E-mail"
#define T_POSTCODE        "Home postcode"
#define T_RELEASE_DATE    "Release date (DD/MM/YYYY)"
#define T_RELEASE_PC      "Release or home postcode"
#define T_ROSH            "Risk of serious harm (RoSH)"
#define T_GIVEN_BY        "Consent given by"
#define T_GIVEN_AT        "When (DD/MM/YYYY HH:MM)"
#define T_METHOD          "How consent was given"
#define T_SHARE_SERVICE   "May be shared with the service"
#define T_SHARE_DIRECTION "May be shared with Direction’s advisors"
#define T_SIGNPOST        "Signpost only — no personal data sent"

static Hub *hub;
static char *hub_db;
static DirStore *store;

typedef struct
{
  char       *dir;
  char       *outbox_path;
  DirOutbox  *outbox;
  DirAccount *account;
} Fixture;

/* ---- helpers ------------------------------------------------------------- */

static DirOutbox *
open_outbox (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = NULL;
  gboolean used_key_file = FALSE;
  DirOutbox *outbox;

  key = dir_outbox_key_load (path, TRUE, &used_key_file, &error);
  g_assert_no_error (error);
  g_assert_true (used_key_file);
  outbox = dir_outbox_open (path, key, &error);
  g_assert_no_error (error);

  return outbox;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  const char *username = user_data;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("referral-form-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->outbox_path = g_build_filename (fixture->dir, "referrals.db", NULL);
  fixture->outbox = open_outbox (fixture->outbox_path);
  fixture->account = dir_account_new (hub->base_url);
  if (username != NULL)
    sign_in_ok (fixture->account, username);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

/* The outbox's worker threads hand their results back to the main
 * context: wait until they have let go of it. */
static void
wait_sole_ref (gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&G_OBJECT (object)->ref_count) > 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  drain_main_context ();
  wait_sole_ref (fixture->outbox);
  g_assert_finalize_object (fixture->outbox);
  g_clear_object (&fixture->account);
  remove_tree (fixture->dir);
  g_free (fixture->outbox_path);
  g_free (fixture->dir);
}

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

static GtkWidget *
find_row_in (GtkWidget  *widget,
             const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_in (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Rows of pages not shown are still in the tree: the form builds them all. */
static GtkWidget *
find_row (gpointer    root,
          const char *title)
{
  GtkWidget *row = find_row_in (GTK_WIDGET (root), title);

  if (row == NULL)
    g_error ("No row “%s”", title);
  return row;
}

static gboolean
has_row (gpointer    root,
         const char *title)
{
  return find_row_in (GTK_WIDGET (root), title) != NULL;
}

static void
type_text (DeskReferralForm *form,
           const char       *title,
           const char       *text)
{
  GtkWidget *row = find_row (form, title);

  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static const char *
entry_text (DeskReferralForm *form,
            const char       *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (find_row (form, title)));
}

/* Moves the focus away from the field, as Tab would. */
static void
leave_field (DeskReferralForm *form,
             const char       *title)
{
  GtkWidget *row = find_row (form, title);
  GtkWidget *other = find_row (form, g_str_equal (title, T_GIVEN) ? T_FAMILY : T_GIVEN);

  gtk_widget_grab_focus (row);
  gtk_widget_grab_focus (other);
  drain_main_context ();
}

/* The message shown under a field (its next row), or NULL when hidden. */
static const char *
message_under (DeskReferralForm *form,
               const char       *title)
{
  GtkWidget *row = find_row (form, title);
  GtkWidget *next = gtk_widget_get_next_sibling (row);
  GtkWidget *label;

  g_assert_true (gtk_widget_has_css_class (next, "field-message"));
  if (!gtk_widget_get_visible (next))
    return NULL;

  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (next));
  return gtk_label_get_text (GTK_LABEL (label));
}

static GtkWidget *
activatable (DeskReferralForm *form,
             const char       *title)
{
  return adw_action_row_get_activatable_widget (ADW_ACTION_ROW (find_row (form, title)));
}

static void
choose (DeskReferralForm *form,
        const char       *title,
        guint             position)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (form, title)), position);
}

static void
check (DeskReferralForm *form,
       const char       *title,
       gboolean          active)
{
  gtk_check_button_set_active (GTK_CHECK_BUTTON (activatable (form, title)), active);
}

static gpointer
form_child (DeskReferralForm *form,
            const char       *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (form), DESK_TYPE_REFERRAL_FORM, name);
}

static gpointer
dialog_child (DeskSignInDialog *dialog,
              const char       *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), DESK_TYPE_SIGN_IN_DIALOG, name);
}

static DeskReferralForm *
show_form (Fixture            *fixture,
           const char * const *services)
{
  DeskReferralForm *form = desk_referral_form_new (fixture->outbox, fixture->account, store);

  desk_referral_form_set_services (form, services);
  gtk_window_set_default_size (GTK_WINDOW (form), 760, 800);
  gtk_window_present (GTK_WINDOW (form));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (form));

  return form;
}

static void
close_form (DeskReferralForm *form)
{
  g_object_ref (form);
  gtk_window_close (GTK_WINDOW (form));
  drain_main_context ();
  g_assert_finalize_object (form);
}

/* Everything a valid referral needs, typed as a person would. */
static void
fill_valid (DeskReferralForm *form)
{
  type_text (form, T_GIVEN, "Jo");
  type_text (form, T_FAMILY, "Sample");
  type_text (form, T_DOB, "31/12/1990");
  type_text (form, T_PHONE, "01632 960123");
  type_text (form, T_RELEASE_DATE, "01/12/2026");
  type_text (form, T_RELEASE_PC, "mk42 9aa");
  choose (form, T_GIVEN_BY, 1);
  type_text (form, T_GIVEN_AT, "01/03/2026 10:15");
  choose (form, T_METHOD, 2);
  check (form, T_SHARE_SERVICE, TRUE);
  drain_main_context ();
}

static DirOutboxItem *
find_item (DirOutbox  *outbox,
           const char *id)
{
  GListModel *items = dir_outbox_get_items (outbox);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(DirOutboxItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (dir_outbox_item_get_id (item), id) == 0)
        return g_steal_pointer (&item);
    }

  return NULL;
}

static gboolean
file_contains (const char *path,
               const char *text)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return FALSE;

  return memmem (data, length, text, strlen (text)) != NULL;
}

/* Anything of the database's that might hold its bytes. */
static gboolean
database_contains (const char *db_path,
                   const char *text)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);

  return file_contains (db_path, text) || file_contains (wal, text);
}

/* ---- the role ------------------------------------------------------------ */

static void
test_volunteer_no_risk (Fixture       *fixture,
                        gconstpointer  user_data)
{
  const char *services[] = { SHELTER_ID, NULL };
  DeskReferralForm *form = show_form (fixture, services);
  AdwViewStack *stack = ADW_VIEW_STACK (form_child (form, "view_stack"));
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *risky = NULL;
  g_autofree char *risky_id = g_uuid_string_random ();
  DeskReferralForm *reopened;

  g_assert_cmpint (dir_account_get_role (fixture->account), ==, DIR_ROLE_VOLUNTEER);

  /* Not hidden: not there at all. */
  g_assert_null (adw_view_stack_get_child_by_name (stack, "risk"));
  g_assert_false (has_row (form, T_ROSH));
  g_assert_false (has_row (form, "MAPPA level"));
  g_assert_false (has_row (form, "Do not see alone"));
  g_assert_nonnull (adw_view_stack_get_child_by_name (stack, "consent"));

  fill_valid (form);
  body = desk_referral_form_dup_body (form, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (body, "\"given_name\":\"Jo\""));
  g_assert_null (strstr (body, "risk"));
  g_assert_null (strstr (body, "rosh"));
  g_assert_null (strstr (body, "mappa"));

  /* Its draft has none either. */
  g_assert_true (desk_referral_form_save (form, &error));
  g_assert_no_error (error);
  ids = desk_referral_form_dup_ids (form);
  draft = dir_outbox_load_body (fixture->outbox, ids[0], &error);
  g_assert_no_error (error);
  g_assert_null (strstr (draft, "risk"));
  close_form (form);

  /* A draft with risk (made under a referrer's account on this computer)
   * opened by a volunteer: the risk is neither shown nor kept nor sent. */
  risky = referral_body (risky_id, NULL, TRUE);
  g_assert_nonnull (strstr (risky, "\"risk\""));
  g_assert_true (dir_outbox_save_draft (fixture->outbox, risky_id, "referral", SHELTER_ID,
                                        "Night Shelter Sample", "Z. Q.", risky, &error));
  reopened = show_form (fixture, NULL);
  g_assert_true (desk_referral_form_load (reopened, risky_id, &error));
  g_assert_no_error (error);
  g_assert_false (dir_referral_has_risk (desk_referral_form_get_referral (reopened)));
  g_clear_pointer (&body, g_free);
  body = desk_referral_form_dup_body (reopened, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (body, "risk"));
  g_assert_nonnull (strstr (body, PERSON_GIVEN));

  /* Sent as a volunteer, the hub takes it (a body with risk would be 403). */
  gtk_widget_activate_action (GTK_WIDGET (reopened), "form.send", NULL);
  drain_main_context ();
  {
    g_autoptr(GAsyncResult) result = NULL;
    DirOutboxSyncResult outcome = { 0, };

    dir_outbox_sync_async (fixture->outbox, fixture->account, NULL, store_result_cb, &result);
    wait_for_result (&result);
    g_assert_true (dir_outbox_sync_finish (fixture->outbox, result, &outcome, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (outcome.sent, ==, 1);
    g_assert_cmpuint (outcome.failed, ==, 0);
  }
  g_assert_cmpuint (hub_count_referrals (hub_db, risky_id), ==, 1);
}

static void
test_referrer_risk (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const char *services[] = { SHELTER_ID, NULL };
  DeskReferralForm *form = show_form (fixture, services);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  g_assert_cmpint (dir_account_get_role (fixture->account), ==, DIR_ROLE_REFERRER);
  g_assert_true (has_row (form, T_ROSH));

  fill_valid (form);
  choose (form, T_ROSH, 3);
  gtk_switch_set_active (GTK_SWITCH (activatable (form, "Do not see alone")), TRUE);
  drain_main_context ();

  body = desk_referral_form_dup_body (form, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (body, "\"risk\":{\"rosh\":\"high\",\"do_not_see_alone\":true,"
                                  "\"risk_to_self\":false}"));
  close_form (form);
}

/* ---- typing -------------------------------------------------------------- */

static void
test_validation_messages (Fixture       *fixture,
                          gconstpointer  user_data)
{
  const char *services[] = { SHELTER_ID, NULL };
  DeskReferralForm *form = show_form (fixture, services);
  GtkLabel *send_reason;

  /* While typing, nothing is said… */
  type_text (form, T_DOB, "31/02/1990");
  drain_main_context ();
  g_assert_null (message_under (form, T_DOB));

  /* …once the field is left, the message is under it and the text stays. */
  leave_field (form, T_DOB);
  g_assert_cmpstr (message_under (form, T_DOB), ==, "Enter a date such as 31/12/1990");
  g_assert_cmpstr (entry_text (form, T_DOB), ==, "31/02/1990");
  g_assert_true (gtk_widget_has_css_class (find_row (form, T_DOB), "error"));

  /* Put right, it goes at once, without leaving. */
  type_text (form, T_DOB, "31/12/1990");
  drain_main_context ();
  g_assert_null (message_under (form, T_DOB));
  g_assert_false (gtk_widget_has_css_class (find_row (form, T_DOB), "error"));

  /* Each rule, with the text kept as typed. */
  type_text (form, T_PHONE, "960123");
  leave_field (form, T_PHONE);
  g_assert_nonnull (strstr (message_under (form, T_PHONE), "area code"));
  g_assert_cmpstr (entry_text (form, T_PHONE), ==, "960123");

  type_text (form, T_EMAIL, "jo@");
  leave_field (form, T_EMAIL);
  g_assert_cmpstr (message_under (form, T_EMAIL), ==, "Enter an e-mail address such as name@example.org");

  type_text (form, T_POSTCODE, "Bedford");
  leave_field (form, T_POSTCODE);
  g_assert_nonnull (strstr (message_under (form, T_POSTCODE), "MK40 1PG"));

  /* Well formed but unknown: a warning, not an error. */
  type_text (form, T_POSTCODE, "ZZ9 9ZZ");
  leave_field (form, T_POSTCODE);
  g_assert_nonnull (strstr (message_under (form, T_POSTCODE), "ZZ9"));
  g_assert_true (gtk_widget_has_css_class (find_row (form, T_POSTCODE), "warning"));
  g_assert_cmpstr (entry_text (form, T_POSTCODE), ==, "ZZ9 9ZZ");

  type_text (form, T_CRN, "X12345");
  leave_field (form, T_CRN);
  g_assert_cmpstr (message_under (form, T_CRN), ==, "A CRN is a letter and 6 digits, such as X123456");

  type_text (form, T_RELEASE_DATE, "31/12/26");
  leave_field (form, T_RELEASE_DATE);
  g_assert_cmpstr (message_under (form, T_RELEASE_DATE), ==, "Write the year in full, such as 31/12/1990");

  /* Send is off, and the review says why, field by field. */
  g_assert_false (gtk_widget_is_sensitive (form_child (form, "send_button")));
  /* The action is off too: nothing happens. */
  gtk_widget_activate_action (GTK_WIDGET (form), "form.send", NULL);
  drain_main_context ();
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (form_child (form, "view_stack")), "review");
  drain_main_context ();
  send_reason = GTK_LABEL (form_child (form, "send_reason_label"));
  g_assert_nonnull (strstr (gtk_label_get_text (send_reason), "fields above are put right"));
  /* Each problem is a row of the review, by its field's name. */
  {
    GtkWidget *review = form_child (form, "review_page");

    g_assert_true (has_row (review, "CRN"));
    g_assert_true (has_row (review, "Release date"));
    g_assert_true (has_row (review, "Consent given by"));
    g_assert_false (has_row (review, "Home postcode"));    /* a warning does not stop it */
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (review, "CRN"))), ==,
                     "A CRN is a letter and 6 digits, such as X123456");
  }
  g_assert_cmpuint (dir_outbox_count (fixture->outbox, DIR_OUTBOX_QUEUED), ==, 0);

  /* Nothing typed was lost on the way. */
  g_assert_cmpstr (entry_text (form, T_PHONE), ==, "960123");
  g_assert_cmpstr (entry_text (form, T_CRN), ==, "X12345");
  close_form (form);
}

static void
test_review_is_the_body (Fixture       *fixture,
                         gconstpointer  user_data)
{
  const char *services[] = { SHELTER_ID, NULL };
  DeskReferralForm *form = show_form (fixture, services);
  AdwViewStack *stack = ADW_VIEW_STACK (form_child (form, "view_stack"));
  GtkWidget *review = form_child (form, "review_page");
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) root = NULL;

  fill_valid (form);
  adw_view_stack_set_visible_child_name (stack, "review");
  drain_main_context ();

  body = desk_referral_form_dup_body (form, &error);
  g_assert_no_error (error);
  root = hub_parse_json (body);

  /* Every value sent is on the review page; what is not sent is not. */
  g_assert_true (has_row (review, "First name"));
  g_assert_true (has_row (review, "Release or home postcode"));
  g_assert_true (has_row (review, "May be shared with"));
  g_assert_false (has_row (review, "E-mail"));
  g_assert_false (has_row (review, "Risk of serious harm"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (review, "Release or home postcode"))),
                   ==, "MK42 9AA");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (review, "Date of birth"))),
                   ==, "31/12/1990");
  g_assert_true (gtk_widget_is_sensitive (form_child (form, "send_button")));
  close_form (form);
}

/* ---- never lose typing --------------------------------------------------- */

static void
test_autosave_and_restore (Fixture       *fixture,
                           gconstpointer  user_data)
{
  const char *services[] = { SHELTER_ID, NULL };
  DeskReferralForm *form = show_form (fixture, services);
  g_autoptr(DirOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = desk_referral_form_dup_ids (form);
  g_autofree char *draft = NULL;
  DeskReferralForm *restored;
  const DirReferral *a;
  const DirReferral *b;
  gint64 typed_at;

  /* Opening a form saves nothing. */
  wait_ms (3300);
  g_assert_null (find_item (fixture->outbox, ids[0]));

  /* Saved 3 s after the first unsaved change, however long the typing
   * goes on, with nothing else asking. */
  typed_at = g_get_monotonic_time ();
  fill_valid (form);
  type_text (form, T_GIVEN, "Zebedee");
  type_text (form, T_FAMILY, "Quixotebottom");
  type_text (form, T_CRN, "X1234");            /* wrong, kept as typed */
  gtk_switch_set_active (GTK_SWITCH (activatable (form, "Interpreter needed")), TRUE);

  while ((item = find_item (fixture->outbox, ids[0])) == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time () - typed_at, <, 3500 * 1000);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_cmpint (g_get_monotonic_time () - typed_at, >=, 2900 * 1000);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_DRAFT);
  g_assert_cmpstr (dir_outbox_item_get_label (item), ==,
                   "Z. Q. — Accommodation, Night Shelter Sample");
  g_assert_cmpstr (dir_outbox_item_get_service_id (item), ==, SHELTER_ID);

  draft = dir_outbox_load_body (fixture->outbox, ids[0], &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (draft, "\"X1234\""));

  /* Encrypted: the name is nowhere in the database's bytes. */
  g_assert_false (database_contains (fixture->outbox_path, "Zebedee"));
  g_assert_false (database_contains (fixture->outbox_path, "Quixotebottom"));

  /* A new form restores every field. */
  restored = show_form (fixture, NULL);
  g_assert_true (desk_referral_form_load (restored, ids[0], &error));
  g_assert_no_error (error);
  a = desk_referral_form_get_referral (form);
  b = desk_referral_form_get_referral (restored);
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (b->given_name, ==, "Zebedee");
  g_assert_cmpstr (b->crn, ==, "X1234");
  g_assert_cmpstr (a->date_of_birth, ==, b->date_of_birth);
  g_assert_cmpstr (a->phone, ==, b->phone);
  g_assert_cmpstr (a->release_date, ==, b->release_date);
  g_assert_cmpstr (a->release_postcode, ==, b->release_postcode);
  g_assert_cmpstr (a->consent_given_at, ==, b->consent_given_at);
  g_assert_cmpint (a->consent_given_by, ==, b->consent_given_by);
  g_assert_cmpint (a->consent_method, ==, b->consent_method);
  g_assert_cmpint (a->consent_share_with, ==, b->consent_share_with);
  g_assert_cmpint (b->interpreter_needed, ==, TRUE);
  g_assert_cmpuint (b->needs->len, ==, a->needs->len);
  g_assert_cmpstr (entry_text (restored, T_GIVEN), ==, "Zebedee");
  g_assert_cmpstr (entry_text (restored, T_CRN), ==, "X1234");
  /* What was typed and wrong shows its message straight away. */
  g_assert_nonnull (message_under (restored, T_CRN));
  close_form (restored);

  /* Typing, then closing at once: saved on close, not lost. */
  type_text (form, T_EMAIL, "zq@example.org");
  close_form (form);
  g_clear_pointer (&draft, g_free);
  draft = dir_outbox_load_body (fixture->outbox, ids[0], &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (draft, "zq@example.org"));
}

static void
test_kill_restores_draft (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *id = NULL;
  g_autoptr(DirOutbox) reopened = NULL;
  g_autofree char *draft = NULL;
  DeskReferralForm *form;
  const DirReferral *restored;
  const char *self_path = g_test_get_filename (G_TEST_BUILT, "test-referral-form", NULL);

  /* Not this process's outbox: the child's, killed with it open. */
  g_clear_object (&fixture->outbox);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_path, "--child-type", fixture->outbox_path, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

  /* "SAVED id" once the first draft is in (after GTest's own lines);
   * then it types on. */
  do
    {
      g_free (line);
      line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
    }
  while (line[0] == '#');
  g_assert_true (g_str_has_prefix (line, "SAVED "));
  id = g_strdup (line + strlen ("SAVED "));
  g_assert_true (g_uuid_string_is_valid (id));

  wait_ms (200);
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* The draft is there and opens with what was typed. */
  fixture->outbox = open_outbox (fixture->outbox_path);
  draft = dir_outbox_load_body (fixture->outbox, id, &error);
  g_assert_no_error (error);
  form = show_form (fixture, NULL);
  g_assert_true (desk_referral_form_load (form, id, &error));
  g_assert_no_error (error);
  restored = desk_referral_form_get_referral (form);
  g_assert_cmpstr (restored->given_name, ==, "Zebedee");
  g_assert_cmpstr (restored->family_name, ==, "Quixotebottom");
  g_assert_cmpstr (restored->date_of_birth, ==, "12/04/1990");
  g_assert_cmpstr (restored->phone, ==, "01632 960123");
  g_assert_cmpstr (restored->service_id, ==, SHELTER_ID);
  g_assert_cmpstr (entry_text (form, T_FAMILY), ==, "Quixotebottom");
  close_form (form);
}

/* The child of test_kill_restores_draft. */
static int
child_type (const char *outbox_path)
{
  g_autoptr(DirOutbox) outbox = open_outbox (outbox_path);
  g_autoptr(DirAccount) account = dir_account_new ("http://127.0.0.1:9");
  const char *services[] = { SHELTER_ID, NULL };
  DeskReferralForm *form = desk_referral_form_new (outbox, account, store);
  g_auto(GStrv) ids = NULL;
  guint n = 0;

  desk_referral_form_set_services (form, services);
  gtk_window_present (GTK_WINDOW (form));
  ids = desk_referral_form_dup_ids (form);

  type_text (form, T_GIVEN, "Zebedee");
  type_text (form, T_FAMILY, "Quixotebottom");
  type_text (form, T_DOB, "12/04/1990");
  type_text (form, T_PHONE, "01632 960123");

  while (find_item (outbox, ids[0]) == NULL)
    g_main_context_iteration (NULL, TRUE);

  printf ("SAVED %s\n", ids[0]);
  fflush (stdout);

  /* Typing on in the notes until the parent kills us. */
  for (;;)
    {
      g_autofree char *notes = g_strdup_printf ("Note %u", n++);

      type_text (form, T_EMAIL, notes);
      wait_ms (20);
    }

  return 0;
}

/* ---- the rest of the form ------------------------------------------------ */

static void
test_signpost_clears (Fixture       *fixture,
                      gconstpointer  user_data)
{
  const char *services[] = { SHELTER_ID, NULL };
  DeskReferralForm *form = show_form (fixture, services);
  g_auto(GStrv) ids = desk_referral_form_dup_ids (form);
  g_autoptr(GError) error = NULL;
  GListModel *toplevels;
  g_autofree char *draft = NULL;
  AdwMessageDialog *dialog = NULL;

  fill_valid (form);
  type_text (form, T_GIVEN, "Zebedee");
  check (form, T_SIGNPOST, TRUE);
  drain_main_context ();

  /* It asks first; the person's details are still there meanwhile. */
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        dialog = ADW_MESSAGE_DIALOG (window);
    }
  g_assert_nonnull (dialog);
  g_assert_cmpstr (entry_text (form, T_GIVEN), ==, "Zebedee");
  adw_message_dialog_response (dialog, "remove");
  drain_main_context ();

  /* Gone from the screen and from the draft, at once. */
  g_assert_cmpstr (entry_text (form, T_GIVEN), ==, "");
  g_assert_cmpstr (entry_text (form, T_PHONE), ==, "");
  g_assert_false (gtk_widget_get_visible (form_child (form, "person_group")));
  draft = dir_outbox_load_body (fixture->outbox, ids[0], &error);
  g_assert_no_error (error);
  g_assert_null (strstr (draft, "Zebedee"));
  g_assert_null (strstr (draft, "person"));
  g_assert_nonnull (strstr (draft, "\"kind\":\"signpost\""));
  g_assert_false (database_contains (fixture->outbox_path, "Zebedee"));

  /* And the signpost can be sent as it is. */
  g_clear_pointer (&draft, g_free);
  draft = desk_referral_form_dup_body (form, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (draft, "person"));
  close_form (form);
}

static void
on_queued_cb (DeskReferralForm *form,
              guint             n_referrals,
              guint            *out)
{
  *out = n_referrals;
}

static DirOutboxSyncResult
sync_outbox (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  DirOutboxSyncResult outcome = { 0, };

  dir_outbox_sync_async (fixture->outbox, fixture->account, NULL, store_result_cb, &result);
  wait_for_result (&result);
  g_assert_true (dir_outbox_sync_finish (fixture->outbox, result, &outcome, &error));
  g_assert_no_error (error);

  return outcome;
}

static void
test_several_services (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const char *services[] = { SHELTER_ID, HOUSING_ID, NULL };
  DeskReferralForm *form = show_form (fixture, services);
  g_auto(GStrv) ids = desk_referral_form_dup_ids (form);
  guint queued = 0;

  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], !=, ids[1]);
  /* The services' pathways are the first needs. */
  g_assert_true (dir_referral_has_need (desk_referral_form_get_referral (form), "ACC.EMERG"));

  fill_valid (form);
  g_signal_connect (form, "queued", G_CALLBACK (on_queued_cb), &queued);

  /* Send queues one per service and closes the form. */
  g_object_ref (form);
  gtk_widget_activate_action (GTK_WIDGET (form), "form.send", NULL);
  drain_main_context ();
  g_assert_cmpuint (queued, ==, 2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (form)));
  g_assert_finalize_object (form);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DirOutboxItem) item = find_item (fixture->outbox, ids[i]);

      g_assert_nonnull (item);
      g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_QUEUED);
      g_assert_cmpstr (dir_outbox_item_get_service_id (item), ==, services[i]);
    }

  /* Each sent exactly once. */
  g_assert_cmpuint (sync_outbox (fixture).sent, ==, 2);
  g_assert_cmpuint (hub_count_referrals (hub_db, ids[0]), ==, 1);
  g_assert_cmpuint (hub_count_referrals (hub_db, ids[1]), ==, 1);
  g_assert_cmpuint (sync_outbox (fixture).sent, ==, 0);
}

static void
on_located_cb (DeskReferralForm *form,
               DirPlace         *place,
               char            **out)
{
  g_free (*out);
  *out = g_strdup (place->label);
}

static void
test_postcode_located (Fixture       *fixture,
                       gconstpointer  user_data)
{
  DeskReferralForm *form = show_form (fixture, NULL);
  g_autofree char *located = NULL;

  g_signal_connect (form, "postcode-located", G_CALLBACK (on_located_cb), &located);

  /* Not while typing, nor for a malformed one. */
  type_text (form, T_RELEASE_PC, "mk42");
  drain_main_context ();
  g_assert_null (located);
  type_text (form, T_RELEASE_PC, "Bedford");
  leave_field (form, T_RELEASE_PC);
  g_assert_null (located);

  type_text (form, T_RELEASE_PC, "mk42 9aa");
  leave_field (form, T_RELEASE_PC);
  g_assert_cmpstr (located, ==, "MK42 9AA");

  /* The home postcode, when there is no release postcode. */
  type_text (form, T_RELEASE_PC, "");
  type_text (form, T_POSTCODE, "ls1 4ap");
  leave_field (form, T_POSTCODE);
  g_assert_cmpstr (located, ==, "LS1");    /* outside Bedfordshire: its district */
  close_form (form);
}

static void
test_blank_form (Fixture       *fixture,
                 gconstpointer  user_data)
{
  DeskReferralForm *form = show_form (fixture, NULL);
  const DirReferral *referral;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  /* No service: a call-back, which needs a phone number and Direction. */
  referral = desk_referral_form_get_referral (form);
  g_assert_cmpint (referral->kind, ==, DIR_REFERRAL_KIND_CALLBACK);
  g_assert_null (referral->service_id);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (activatable (form, "Ask a Direction advisor to call back"))));

  fill_valid (form);
  body = desk_referral_form_dup_body (form, &error);
  g_assert_error (error, DIR_REFERRAL_ERROR, DIR_REFERRAL_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "consent.share_with"));
  g_clear_error (&error);

  check (form, T_SHARE_DIRECTION, TRUE);
  drain_main_context ();
  body = desk_referral_form_dup_body (form, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (body, "\"kind\":\"callback\",\"service_id\":null"));
  close_form (form);
}

/* ---- the Referrals page --------------------------------------------------- */

static gpointer
page_child (DeskReferralsPage *page,
            const char        *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (page), DESK_TYPE_REFERRALS_PAGE, name);
}

/* The rows of one of the page's lists, as "title|subtitle" lines. */
static char *
list_text (DeskReferralsPage *page,
           const char        *list)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (page_child (page, list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *subtitle = ADW_IS_EXPANDER_ROW (row)
                               ? adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row))
                               : adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

      if (!gtk_widget_get_visible (row))
        continue;
      g_string_append_printf (text, "%s|%s\n",
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              subtitle);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
wait_page_idle (DeskReferralsPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (desk_referrals_page_get_busy (page))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  drain_main_context ();
}

static void
advisor_patch (const char *id,
               const char *body)
{
  g_autofree char *token = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/referrals/%s", id);
  g_autoptr(Response) login = NULL;
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *credentials = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s\"}",
                                                  ADVISOR, PASSWORD);

  login = hub_request (hub, "POST", "/api/v1/session", "application/json", credentials, -1, NULL);
  g_assert_cmpuint (login->status, ==, 201);
  root = hub_parse_json (login->body);
  token = g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
  authorization = g_strconcat ("Bearer ", token, NULL);
  response = hub_request (hub, "PATCH", path, "application/json", body, -1,
                          (const char *[]) { "Authorization", authorization, NULL });
  if (response->status != 200)
    g_test_message ("PATCH: %u %s", response->status, response->body);
  g_assert_cmpuint (response->status, ==, 200);
}

static void
test_referrals_page (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  DeskReferralsPage *page = desk_referrals_page_new (fixture->outbox, fixture->account);
  g_autofree char *sent_id = g_uuid_string_random ();
  g_autofree char *failed_id = g_uuid_string_random ();
  g_autofree char *queued_id = g_uuid_string_random ();
  g_autofree char *draft_id = g_uuid_string_random ();
  g_autofree char *sent_body = referral_body (sent_id, NULL, FALSE);
  g_autofree char *failed_body = referral_body (failed_id, "2999-01-01", FALSE);
  g_autofree char *queued_body = referral_body (queued_id, NULL, FALSE);
  g_autofree char *draft_body = referral_body (draft_id, NULL, FALSE);
  g_autofree char *text = NULL;
  g_autoptr(DirOutboxItem) sent = NULL;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 900);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  /* Empty */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (page, "stack")), ==, "empty");

  /* One the hub takes, one it refuses (a date of birth in the future). */
  g_assert_true (dir_outbox_save_draft (fixture->outbox, sent_id, "referral", SHELTER_ID,
                                        "Night Shelter Sample",
                                        "Z. Q. — Accommodation, Night Shelter Sample",
                                        sent_body, &error));
  g_assert_true (dir_outbox_queue (fixture->outbox, sent_id, &error));
  g_assert_true (dir_outbox_save_draft (fixture->outbox, failed_id, "referral", SHELTER_ID,
                                        "Night Shelter Sample", "A. B. — Accommodation",
                                        failed_body, &error));
  g_assert_true (dir_outbox_queue (fixture->outbox, failed_id, &error));
  g_assert_no_error (error);
  drain_main_context ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (page, "stack")), ==, "list");
  text = list_text (page, "outbox_list");
  g_assert_nonnull (strstr (text, "Z. Q. — Accommodation, Night Shelter Sample|Night Shelter Sample · Waiting to send"));
  g_clear_pointer (&text, g_free);

  /* Sent through the page's own button. */
  gtk_widget_activate_action (GTK_WIDGET (page), "referrals.sync", NULL);
  g_assert_true (desk_referrals_page_get_busy (page));
  wait_page_idle (page);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (page_child (page, "sync_label"))),
                            "1 sent"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (page_child (page, "sync_label"))),
                            "1 not accepted"));

  text = list_text (page, "outbox_list");
  g_assert_nonnull (strstr (text, "A. B. — Accommodation|Night Shelter Sample\nNot accepted by the hub: "));
  g_assert_nonnull (strstr (text, "date_of_birth"));
  g_clear_pointer (&text, g_free);

  sent = find_item (fixture->outbox, sent_id);
  g_assert_cmpint (dir_outbox_item_get_state (sent), ==, DIR_OUTBOX_SENT);
  text = list_text (page, "sent_list");
  {
    g_autofree char *expected = g_strdup_printf ("Z. Q. — Accommodation, Night Shelter Sample|%s · Night Shelter Sample\n",
                                                 dir_outbox_item_get_reference (sent));

    g_assert_true (g_str_has_prefix (dir_outbox_item_get_reference (sent), "DIR-"));
    g_assert_cmpstr (text, ==, expected);
  }
  g_clear_pointer (&text, g_free);

  /* The hub moves it on; the page says so in words. */
  advisor_patch (sent_id, "{\"status\": \"received\"}");
  advisor_patch (sent_id, "{\"status\": \"more_information_needed\", \"note\": \"Which days can they attend?\"}");
  desk_referrals_page_sync (page);
  wait_page_idle (page);
  {
    GtkWidget *row = gtk_widget_get_first_child (page_child (page, "sent_list"));
    GtkWidget *history;

    g_assert_true (ADW_IS_EXPANDER_ROW (row));
    g_assert_true (gtk_widget_has_css_class (row, "more-information"));
    g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
    g_assert_true (has_row (row, "Submitted"));
    g_assert_true (has_row (row, "Received"));
    history = find_row (row, "More information needed");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (history)),
                              "Which days can they attend?"));
  }

  advisor_patch (sent_id, "{\"status\": \"received\"}");
  advisor_patch (sent_id, "{\"status\": \"declined\", \"reason_code\": \"no_capacity\"}");
  desk_referrals_page_sync (page);
  wait_page_idle (page);
  {
    GtkWidget *row = gtk_widget_get_first_child (page_child (page, "sent_list"));
    GtkWidget *declined = find_row (row, "Declined");

    g_assert_false (gtk_widget_has_css_class (row, "more-information"));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (declined)),
                              "The service has no places at the moment"));
  }

  /* A draft, and one waiting (signed out: it stays queued). */
  g_assert_true (dir_outbox_save_draft (fixture->outbox, draft_id, "referral", SHELTER_ID,
                                        "Night Shelter Sample", "D. R. — Accommodation",
                                        draft_body, &error));
  g_assert_true (dir_outbox_save_draft (fixture->outbox, queued_id, "callback", NULL, NULL,
                                        "Q. U. — Direction advisor call-back",
                                        queued_body, &error));
  g_assert_true (dir_outbox_queue (fixture->outbox, queued_id, &error));
  drain_main_context ();
  text = list_text (page, "drafts_list");
  g_assert_true (g_str_has_prefix (text, "D. R. — Accommodation|Night Shelter Sample · saved "));
  g_clear_pointer (&text, g_free);
  text = list_text (page, "outbox_list");
  g_assert_nonnull (strstr (text, "Q. U. — Direction advisor call-back|Advisor call-back · Waiting to send"));
  g_clear_pointer (&text, g_free);

  /* Search and the state filter */
  desk_referrals_page_set_search (page, "call-back");
  g_assert_false (gtk_widget_get_visible (page_child (page, "drafts_group")));
  g_assert_false (gtk_widget_get_visible (page_child (page, "sent_group")));
  g_assert_true (gtk_widget_get_visible (page_child (page, "outbox_group")));
  desk_referrals_page_set_search (page, "nothing like this");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_child (page, "stack")), ==, "no-results");
  desk_referrals_page_set_search (page, "dir-");
  g_assert_true (gtk_widget_get_visible (page_child (page, "sent_group")));
  g_assert_false (gtk_widget_get_visible (page_child (page, "outbox_group")));
  desk_referrals_page_set_search (page, NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (page_child (page, "state_dropdown")), 1);  /* drafts */
  drain_main_context ();
  g_assert_true (gtk_widget_get_visible (page_child (page, "drafts_group")));
  g_assert_false (gtk_widget_get_visible (page_child (page, "outbox_group")));
  g_assert_false (gtk_widget_get_visible (page_child (page, "sent_group")));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (page_child (page, "state_dropdown")), 3);  /* refused */
  drain_main_context ();
  text = list_text (page, "outbox_list");
  g_assert_true (g_str_has_prefix (text, "A. B. — Accommodation|"));
  g_assert_null (strstr (text, "Q. U."));
  g_clear_pointer (&text, g_free);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (page_child (page, "state_dropdown")), 0);

  /* Signed out, the line says what to do. */
  sign_out (fixture->account);
  drain_main_context ();
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (page_child (page, "sync_label"))),
                            "Not signed in"));

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_context ();
}

static gboolean
on_sync_requested_cb (DeskReferralsPage *page,
                      guint             *calls)
{
  (*calls)++;
  return TRUE;
}

static void
test_page_sync_elsewhere (Fixture       *fixture,
                          gconstpointer  user_data)
{
  DeskReferralsPage *page = g_object_ref_sink (desk_referrals_page_new (fixture->outbox,
                                                                        fixture->account));
  DirOutboxSyncResult result = { .sent = 2, .statuses = 3 };
  g_autoptr(GError) pending = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PENDING, "busy");
  g_autoptr(GError) offline = g_error_new_literal (DIR_HUB_ERROR, DIR_HUB_ERROR_NETWORK,
                                                   "Could not connect to the hub");
  GtkLabel *line = page_child (page, "sync_label");
  guint calls = 0;

  /* The window runs it: the page waits for its word. */
  g_signal_connect (page, "sync-requested", G_CALLBACK (on_sync_requested_cb), &calls);
  desk_referrals_page_sync (page);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_true (desk_referrals_page_get_busy (page));
  desk_referrals_page_sync (page);
  g_assert_cmpuint (calls, ==, 1);

  desk_referrals_page_show_sync_result (page, &result, NULL);
  g_assert_false (desk_referrals_page_get_busy (page));
  g_assert_nonnull (strstr (gtk_label_get_text (line), "2 sent · 3 status updates"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (line), "error"));

  desk_referrals_page_show_sync_result (page, NULL, offline);
  g_assert_nonnull (strstr (gtk_label_get_text (line), "the hub could not be reached"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (line), "error"));

  desk_referrals_page_show_sync_result (page, NULL, pending);
  g_assert_nonnull (strstr (gtk_label_get_text (line), "Already sending"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (line), "error"));

  g_assert_finalize_object (page);
}

/* ---- signing in ---------------------------------------------------------- */

static void
wait_dialog_idle (DeskSignInDialog *dialog)
{
  GtkWidget *button = dialog_child (dialog, "button_stack");
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  drain_main_context ();
  while (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (button)), "spinner") == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  drain_main_context ();
}

static const char *
dialog_error (DeskSignInDialog *dialog)
{
  GtkWidget *label = dialog_child (dialog, "error_label");

  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
sign_in_with (DeskSignInDialog *dialog,
              const char       *username,
              const char       *password)
{
  gtk_editable_set_text (GTK_EDITABLE (find_row (dialog, "User name")), username);
  gtk_editable_set_text (GTK_EDITABLE (find_row (dialog, "Password")), password);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.sign-in", NULL);
  wait_dialog_idle (dialog);
}

static void
test_sign_in (Fixture       *fixture,
              gconstpointer  user_data)
{
  GtkWidget *window = gtk_window_new ();
  DeskAccountGroup *group = desk_account_group_new (fixture->account);
  GtkWidget *user_row;
  DeskSignInDialog *dialog;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (group));
  gtk_window_present (GTK_WINDOW (window));
  user_row = find_row (group, "Not signed in");
  g_assert_nonnull (user_row);

  dialog = desk_sign_in_dialog_new (fixture->account);
  gtk_window_present (GTK_WINDOW (dialog));

  /* Wrong password: said, nothing else changes. */
  sign_in_with (dialog, REFERRER, "not the password");
  g_assert_cmpstr (dialog_error (dialog), ==, "The user name or the password is wrong.");
  g_assert_false (dir_account_get_signed_in (fixture->account));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (dialog, "User name"))), ==, REFERRER);

  /* Right: closes, and the group shows who. */
  g_object_ref (dialog);
  sign_in_with (dialog, REFERRER, PASSWORD);
  g_assert_null (dialog_error (dialog));
  g_assert_true (dir_account_get_signed_in (fixture->account));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_finalize_object (dialog);
  drain_main_context ();
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (user_row)), ==, REFERRER);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (user_row)), ==,
                   "Referrer · " AGENCY "\nNot kept after the desk closes: there is no keyring to keep it in.");
  g_assert_true (gtk_widget_get_visible (find_row (group, "Session ends")));

  /* The hub ends the session: the dialog comes back by itself. */
  dir_account_mark_expired (fixture->account, NULL);
  drain_main_context ();
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    DeskSignInDialog *again = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

        if (DESK_IS_SIGN_IN_DIALOG (toplevel))
          again = DESK_SIGN_IN_DIALOG (toplevel);
      }
    g_assert_nonnull (again);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (again)));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (again, "User name"))), ==, REFERRER);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (user_row)), ==, "Not signed in");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_context ();
}

static void
test_sign_in_errors (void)
{
  static const char *env[] = { "DIRECTION_HUB_LOGIN_MAX_PER_USER=2", NULL };
  g_autofree char *db = new_people_db ("limited.db");
  Hub *limited = hub_start_env (db, env, NULL);
  g_autoptr(DirAccount) account = dir_account_new (limited->base_url);
  g_autoptr(DirAccount) nowhere = dir_account_new ("http://127.0.0.1:9");
  DeskSignInDialog *dialog = desk_sign_in_dialog_new (account);
  DeskSignInDialog *offline = desk_sign_in_dialog_new (nowhere);
  const char *message;

  gtk_window_present (GTK_WINDOW (dialog));
  sign_in_with (dialog, REFERRER, "wrong 1");
  sign_in_with (dialog, REFERRER, "wrong 2");
  sign_in_with (dialog, REFERRER, PASSWORD);

  /* Rate-limited: how long to wait, and Sign In waits too. */
  message = dialog_error (dialog);
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, "Too many attempts. Try again in "));
  g_assert_nonnull (strstr (message, "minutes"));
  g_assert_false (gtk_widget_is_sensitive (dialog_child (dialog, "sign_in_button")));
  g_assert_false (dir_account_get_signed_in (account));

  /* Unreachable */
  gtk_window_present (GTK_WINDOW (offline));
  sign_in_with (offline, REFERRER, PASSWORD);
  g_assert_nonnull (strstr (dialog_error (offline), "cannot be reached"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (offline));
  drain_main_context ();
  hub_stop (limited, SIGTERM);
}

/* ---- main ---------------------------------------------------------------- */

/* ---- in the main window ------------------------------------------------------ */

static DeskReferralForm *
find_form_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (DESK_IS_REFERRAL_FORM (window))
        return DESK_REFERRAL_FORM (window);
    }
  return NULL;
}

/* The window with a runner that has the outbox: a Referrals page beside
 * Details and Map (also when the outbox comes after the runner), and
 * win.new-referral opens the form on the service. */
static void
test_window_referrals (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autoptr(DeskSyncRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  const DirReferral *referral;
  DeskReferralForm *form;
  DeskWindow *window;
  AdwViewStack *stack;

  runner = desk_sync_runner_new (store, hub->base_url, settings, &error);
  g_assert_no_error (error);
  window = desk_window_new (NULL, store, NULL);
  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), DESK_TYPE_WINDOW,
                                                         "content_stack"));
  /* Without an outbox: no page, and the action says why instead. */
  g_assert_null (adw_view_stack_get_child_by_name (stack, "referrals"));
  gtk_window_present (GTK_WINDOW (window));
  drain_main_context ();

  /* The runner first, its outbox later (the application reads the key
   * from the keyring once the window is up): the page comes then. */
  desk_window_set_sync_runner (window, runner);
  g_assert_null (adw_view_stack_get_child_by_name (stack, "referrals"));
  desk_sync_runner_set_outbox (runner, fixture->outbox, fixture->account);
  g_assert_nonnull (adw_view_stack_get_child_by_name (stack, "referrals"));
  g_assert_true (DESK_IS_REFERRALS_PAGE (adw_view_stack_get_child_by_name (stack, "referrals")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-referrals", NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "referrals");

  g_assert_null (find_form_window ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-referral", "s",
                                             HOUSING_ID));
  drain_main_context ();
  form = find_form_window ();
  g_assert_nonnull (form);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (form)) == GTK_WINDOW (window));
  referral = desk_referral_form_get_referral (form);
  g_assert_cmpstr (referral->service_id, ==, HOUSING_ID);
  gtk_window_destroy (GTK_WINDOW (form));
  drain_main_context ();

  desk_window_set_sync_runner (window, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_context ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *fixture = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* With no window manager, windows here are never "active": a blinking
   * cursor then never hears that its focus went (a GTK warning, fatal in
   * tests).  Nothing tested here blinks. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  store = dir_store_new (NULL, &error);
  g_assert_no_error (error);
  fixture = g_test_build_filename (G_TEST_DIST, "data", "hub-directory.json", NULL);
  dir_store_import_file (store, fixture, NULL, &error);
  g_assert_no_error (error);

  if (argc == 3 && g_str_equal (argv[1], "--child-type"))
    return child_type (argv[2]);

  hub_db = new_people_db ("hub.db");
  hub = hub_start (hub_db);

  g_test_add ("/desk/referral-form/in-window", Fixture, REFERRER,
              fixture_set_up, test_window_referrals, fixture_tear_down);
  g_test_add ("/desk/referral-form/volunteer-no-risk", Fixture, VOLUNTEER,
              fixture_set_up, test_volunteer_no_risk, fixture_tear_down);
  g_test_add ("/desk/referral-form/referrer-risk", Fixture, REFERRER,
              fixture_set_up, test_referrer_risk, fixture_tear_down);
  g_test_add ("/desk/referral-form/validation", Fixture, REFERRER,
              fixture_set_up, test_validation_messages, fixture_tear_down);
  g_test_add ("/desk/referral-form/review", Fixture, VOLUNTEER,
              fixture_set_up, test_review_is_the_body, fixture_tear_down);
  g_test_add ("/desk/referral-form/autosave", Fixture, REFERRER,
              fixture_set_up, test_autosave_and_restore, fixture_tear_down);
  g_test_add ("/desk/referral-form/kill-9", Fixture, NULL,
              fixture_set_up, test_kill_restores_draft, fixture_tear_down);
  g_test_add ("/desk/referral-form/signpost", Fixture, REFERRER,
              fixture_set_up, test_signpost_clears, fixture_tear_down);
  g_test_add ("/desk/referral-form/several-services", Fixture, REFERRER,
              fixture_set_up, test_several_services, fixture_tear_down);
  g_test_add ("/desk/referral-form/postcode-located", Fixture, REFERRER,
              fixture_set_up, test_postcode_located, fixture_tear_down);
  g_test_add ("/desk/referral-form/blank", Fixture, REFERRER,
              fixture_set_up, test_blank_form, fixture_tear_down);
  g_test_add ("/desk/referrals-page/lists", Fixture, REFERRER,
              fixture_set_up, test_referrals_page, fixture_tear_down);
  g_test_add ("/desk/referrals-page/sync-elsewhere", Fixture, REFERRER,
              fixture_set_up, test_page_sync_elsewhere, fixture_tear_down);
  g_test_add ("/desk/account/sign-in", Fixture, NULL,
              fixture_set_up, test_sign_in, fixture_tear_down);
  g_test_add_func ("/desk/account/sign-in-errors", test_sign_in_errors);

  ret = g_test_run ();

  hub_stop (hub, SIGTERM);
  g_clear_object (&store);
  g_free (hub_db);
  hub_test_cleanup ();

  return ret;
}
