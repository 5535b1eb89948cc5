/* test-outbox.c
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

/* DirOutbox against the real direction-hub ($DIRECTION_HUB on a loopback
 * port) and a real keyring (tests/keyring-run.sh), or, with
 * DIRECTION_TEST_NO_KEYRING=1 and no session bus, the no-keyring case.
 * What the hub holds is counted with `direction-hub list-referrals`. */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "outbox-test-util.h"

static gboolean no_keyring;

/* ---- helpers --------------------------------------------------------------- */

static char *
tmp_path (const char *name)
{
  return g_build_filename (hub_test_tmp_dir (), name, NULL);
}

static GBytes *
load_key (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  gboolean used_file = !no_keyring;
  GBytes *key = dir_outbox_key_load (db_path, no_keyring, &used_file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_cmpuint (g_bytes_get_size (key), ==, 32);
  g_assert_true (used_file == no_keyring);

  return key;
}

/* A new outbox in the temp dir; backs off 60 to 120 s unless changed. */
static DirOutbox *
open_outbox (const char  *name,
             char       **out_path)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(GBytes) key = load_key (path);
  g_autoptr(GError) error = NULL;
  DirOutbox *outbox = dir_outbox_open (path, key, &error);

  g_assert_no_error (error);
  g_assert_nonnull (outbox);
  g_assert_cmpstr (dir_outbox_get_path (outbox), ==, path);
  dir_outbox_set_backoff (outbox, 60 * 1000, 120 * 1000);

  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);

  return outbox;
}

static char *
draft (DirOutbox  *outbox,
       const char *date_of_birth,
       gboolean    with_risk)
{
  g_autoptr(GError) error = NULL;
  char *id = g_uuid_string_random ();
  g_autofree char *body = referral_body (id, date_of_birth, with_risk);

  g_assert_true (dir_outbox_save_draft (outbox, id, "referral", SHELTER_ID, "Night Shelter",
                                        PERSON_GIVEN " " PERSON_FAMILY, body, &error));
  g_assert_no_error (error);

  return id;
}

static char *
queued (DirOutbox  *outbox,
        const char *date_of_birth,
        gboolean    with_risk)
{
  g_autoptr(GError) error = NULL;
  char *id = draft (outbox, date_of_birth, with_risk);

  g_assert_true (dir_outbox_queue (outbox, id, &error));
  g_assert_no_error (error);

  return id;
}

/* dir_outbox_sync_async on a worker while this thread runs the main
 * context (where a fake hub may be serving). */
static gboolean
run_sync (DirOutbox            *outbox,
          DirAccount           *account,
          DirOutboxSyncResult  *out_result,
          GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  dir_outbox_sync_async (outbox, account, NULL, store_result_cb, &result);
  wait_for_result (&result);
  ok = dir_outbox_sync_finish (outbox, result, out_result, error);
  drain_main_context ();

  return ok;
}

static void
sync_ok (DirOutbox           *outbox,
         DirAccount          *account,
         DirOutboxSyncResult *out_result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (run_sync (outbox, account, out_result, &error));
  g_assert_no_error (error);
}

/* The list's snapshot of id (a new ref), after the main context caught up. */
static DirOutboxItem *
find_item (DirOutbox  *outbox,
           const char *id)
{
  GListModel *items = dir_outbox_get_items (outbox);

  drain_main_context ();
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(DirOutboxItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (dir_outbox_item_get_id (item), id) == 0)
        return g_steal_pointer (&item);
    }

  return NULL;
}

static DirOutboxState
state_of (DirOutbox  *outbox,
          const char *id)
{
  g_autoptr(DirOutboxItem) item = find_item (outbox, id);

  g_assert_nonnull (item);
  return dir_outbox_item_get_state (item);
}

static char *
login_token (Hub        *hub,
             const char *username)
{
  g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s\"}",
                                           username, PASSWORD);
  g_autoptr(Response) response = hub_request (hub, "POST", "/api/v1/session",
                                              "application/json", body, -1, NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (response->status, ==, 201);
  root = hub_parse_json (response->body);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}

static Response *
as_user (Hub        *hub,
         const char *token,
         const char *method,
         const char *path,
         const char *body,
         const char *key)
{
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  const char *headers[] = { "Authorization", authorization,
                            key ? "Idempotency-Key" : NULL, key, NULL };

  return hub_request (hub, method, path, "application/json", body, -1, headers);
}

static void
patch_status (Hub        *hub,
              const char *advisor_token,
              const char *id,
              const char *body)
{
  g_autofree char *path = g_strconcat ("/api/v1/referrals/", id, NULL);
  g_autoptr(Response) r = as_user (hub, advisor_token, "PATCH", path, body, NULL);

  if (r->status != 200)
    g_test_message ("PATCH: %u %s", r->status, r->body);
  g_assert_cmpuint (r->status, ==, 200);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return FALSE;

  return memmem (data, length, needle, strlen (needle)) != NULL;
}

static gboolean
db_files_contain (const char *path,
                  const char *needle)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  return file_contains (path, needle) || file_contains (wal, needle);
}

static DirAccount *
signed_in_account (Hub        *hub,
                   const char *username)
{
  DirAccount *account = dir_account_new (hub->base_url);

  sign_in_ok (account, username);
  g_assert_true (dir_account_get_remembered (account) == !no_keyring);

  return account;
}

/* ---- draft → queue → sent once ---------------------------------------------- */

static void
test_send_once (void)
{
  g_autofree char *hub_db = new_people_db ("send-hub.db");
  g_autofree char *path = NULL;
  g_autoptr(DirOutbox) outbox = open_outbox ("send.db", &path);
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DirOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *loaded = NULL;
  g_autofree char *advisor = NULL;
  g_autofree char *hub_path = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) history = NULL;
  DirOutboxSyncResult r = { 0 };
  GListModel *items = dir_outbox_get_items (outbox);
  Hub *hub = hub_start (hub_db);

  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 0);

  /* A draft: in the list with its label, its body back as it was. */
  id = draft (outbox, NULL, TRUE);
  body = referral_body (id, NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  item = find_item (outbox, id);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_DRAFT);
  g_assert_cmpstr (dir_outbox_item_get_label (item), ==, PERSON_GIVEN " " PERSON_FAMILY);
  g_assert_cmpstr (dir_outbox_item_get_kind (item), ==, "referral");
  g_assert_cmpstr (dir_outbox_item_get_service_id (item), ==, SHELTER_ID);
  g_assert_cmpstr (dir_outbox_item_get_service_name (item), ==, "Night Shelter");
  g_assert_nonnull (dir_outbox_item_get_created_at (item));
  g_assert_null (dir_outbox_item_get_reference (item));
  g_clear_object (&item);
  loaded = dir_outbox_load_body (outbox, id, &error);
  g_assert_no_error (error);
  /* Not quite: the draft was made with its own given_at; compare the id and name. */
  g_assert_nonnull (strstr (loaded, id));
  g_assert_nonnull (strstr (loaded, PERSON_FAMILY));
  g_assert_cmpuint (dir_outbox_count (outbox, DIR_OUTBOX_DRAFT), ==, 1);

  /* Not signed in: nothing is sent, the outbox keeps it. */
  g_assert_true (dir_outbox_queue (outbox, id, &error));
  g_assert_cmpuint (dir_outbox_count (outbox, DIR_OUTBOX_QUEUED), ==, 1);
  account = dir_account_new (hub->base_url);
  g_assert_false (run_sync (outbox, account, &r, &error));
  g_assert_error (error, DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 0);

  sign_in_ok (account, REFERRER);
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 1);
  g_assert_cmpuint (r.failed, ==, 0);
  g_assert_cmpuint (r.deferred, ==, 0);
  /* The first "submitted" is also in the changes feed; the 201 brought it. */
  g_assert_cmpuint (r.statuses, ==, 0);

  g_assert_cmpuint (hub_count_referrals (hub_db, id), ==, 1);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 1);

  item = find_item (outbox, id);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_SENT);
  g_assert_cmpuint (dir_outbox_item_get_attempts (item), ==, 1);
  g_assert_cmpstr (dir_outbox_item_get_status (item), ==, "submitted");
  g_assert_true (g_str_has_prefix (dir_outbox_item_get_reference (item), "DIR-"));
  g_assert_cmpstr (dir_outbox_item_get_label (item), ==, PERSON_GIVEN " " PERSON_FAMILY);
  history = hub_parse_json (dir_outbox_item_get_history_json (item));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (history)), ==, 1);
  g_assert_null (dir_outbox_item_get_error_code (item));

  /* The hub has what was sent, under the same reference. */
  advisor = login_token (hub, ADVISOR);
  hub_path = g_strconcat ("/api/v1/referrals/", id, NULL);
  {
    g_autoptr(Response) got = as_user (hub, advisor, "GET", hub_path, NULL, NULL);
    JsonObject *object;

    g_assert_cmpuint (got->status, ==, 200);
    root = hub_parse_json (got->body);
    object = json_node_get_object (root);
    g_assert_cmpstr (json_object_get_string_member (object, "reference"), ==,
                     dir_outbox_item_get_reference (item));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                   "person"),
                                                    "family_name"), ==, PERSON_FAMILY);
  }

  /* Minimisation: the body is gone; only the status view remains. */
  g_assert_null (dir_outbox_load_body (outbox, id, &error));
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_STATE);
  g_clear_error (&error);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM referral WHERE id = '%s' "
                                            "AND body IS NULL", id);

    g_assert_cmpint (hub_sql_number (path, sql), ==, 1);
  }

  /* Nothing more to send: a second sync sends nothing. */
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 0);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 1);

  hub_stop (hub, SIGTERM);
}

/* ---- hub down → queued with back-off → hub up → sent once --------------------- */

static void
test_hub_down (void)
{
  g_autofree char *hub_db = new_people_db ("down-hub.db");
  g_autoptr(DirOutbox) outbox = open_outbox ("down.db", NULL);
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DirOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *listen = NULL;
  DirOutboxSyncResult r = { 0 };
  GTimeSpan wait;
  Hub *hub = hub_start (hub_db);

  account = signed_in_account (hub, REFERRER);
  first = queued (outbox, NULL, FALSE);
  second = queued (outbox, NULL, FALSE);
  listen = g_strdup_printf ("127.0.0.1:%u", hub->port);
  hub_stop (hub, SIGTERM);

  before = g_date_time_new_now_utc ();
  g_assert_false (run_sync (outbox, account, &r, &error));
  g_assert_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (r.sent, ==, 0);
  g_assert_cmpuint (r.deferred, ==, 2);

  /* Both wait; the one tried counts an attempt and backs off 30..60 s
   * (half of the 60 s base is random), the other waits with it. */
  item = find_item (outbox, first);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_QUEUED);
  g_assert_cmpuint (dir_outbox_item_get_attempts (item), ==, 1);
  g_assert_cmpstr (dir_outbox_item_get_error_code (item), ==, "network");
  g_assert_nonnull (strstr (dir_outbox_item_get_error_message (item), "Could not reach the hub"));
  g_assert_nonnull (dir_outbox_item_get_next_attempt (item));
  wait = g_date_time_difference (dir_outbox_item_get_next_attempt (item), before);
  g_assert_cmpint (wait, >=, 30 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (wait, <=, 61 * G_TIME_SPAN_SECOND);
  g_clear_object (&item);
  item = find_item (outbox, second);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_QUEUED);
  g_assert_cmpuint (dir_outbox_item_get_attempts (item), ==, 0);
  g_assert_nonnull (dir_outbox_item_get_next_attempt (item));
  g_clear_object (&item);
  next = dir_outbox_dup_next_attempt (outbox);
  g_assert_nonnull (next);
  g_assert_cmpint (g_date_time_difference (next, before), >=, 30 * G_TIME_SPAN_SECOND);

  /* The hub is back where it was; the referrals are not due yet. */
  hub = hub_start_env (hub_db, NULL, listen);
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 0);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 0);

  /* Due now (the network came back, or the user asked): sent, once each. */
  g_assert_cmpuint (dir_outbox_make_due (outbox, &error), ==, 2);
  g_assert_no_error (error);
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 2);
  g_assert_cmpuint (hub_count_referrals (hub_db, first), ==, 1);
  g_assert_cmpuint (hub_count_referrals (hub_db, second), ==, 1);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 2);
  item = find_item (outbox, first);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_SENT);
  g_assert_cmpuint (dir_outbox_item_get_attempts (item), ==, 2);
  g_assert_null (dir_outbox_item_get_next_attempt (item));
  g_assert_null (dir_outbox_item_get_error_message (item));
  g_assert_null (dir_outbox_dup_next_attempt (outbox));

  hub_stop (hub, SIGTERM);
}

/* ---- 4xx → FAILED with the hub's field, fixed, sent ------------------------------- */

static void
test_refused (void)
{
  g_autofree char *hub_db = new_people_db ("refused-hub.db");
  g_autoptr(DirOutbox) outbox = open_outbox ("refused.db", NULL);
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DirAccount) volunteer = NULL;
  g_autoptr(DirOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *risky = NULL;
  g_autofree char *fixed = NULL;
  DirOutboxSyncResult r = { 0 };
  Hub *hub = hub_start (hub_db);

  account = signed_in_account (hub, REFERRER);
  id = queued (outbox, "2999-01-01", FALSE);
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 0);
  g_assert_cmpuint (r.failed, ==, 1);

  item = find_item (outbox, id);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_FAILED);
  g_assert_cmpstr (dir_outbox_item_get_error_code (item), ==, "invalid");
  g_assert_cmpstr (dir_outbox_item_get_error_field (item), ==, "person.date_of_birth");
  g_assert_nonnull (dir_outbox_item_get_error_message (item));
  g_assert_cmpuint (strlen (dir_outbox_item_get_error_message (item)), >, 0);
  g_assert_cmpuint (dir_outbox_item_get_attempts (item), ==, 1);
  g_assert_null (dir_outbox_item_get_next_attempt (item));
  g_clear_object (&item);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 0);

  /* No more tries by itself. */
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.failed + r.sent + r.deferred, ==, 0);

  /* The user fixes it: a draft again (keeping what the hub said), queued, sent. */
  fixed = referral_body (id, "1990-04-12", FALSE);
  g_assert_true (dir_outbox_save_draft (outbox, id, "referral", SHELTER_ID, "Night Shelter",
                                        "Fixed", fixed, &error));
  g_assert_no_error (error);
  item = find_item (outbox, id);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_DRAFT);
  g_assert_cmpstr (dir_outbox_item_get_error_field (item), ==, "person.date_of_birth");
  g_clear_object (&item);
  g_assert_true (dir_outbox_queue (outbox, id, &error));
  item = find_item (outbox, id);
  g_assert_null (dir_outbox_item_get_error_field (item));
  g_assert_cmpuint (dir_outbox_item_get_attempts (item), ==, 0);
  g_clear_object (&item);
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 1);
  g_assert_cmpint (state_of (outbox, id), ==, DIR_OUTBOX_SENT);
  g_assert_cmpuint (hub_count_referrals (hub_db, id), ==, 1);

  /* A volunteer's referral with risk fields: 403 with the field. */
  volunteer = signed_in_account (hub, VOLUNTEER);
  risky = queued (outbox, NULL, TRUE);
  sync_ok (outbox, volunteer, &r);
  g_assert_cmpuint (r.failed, ==, 1);
  item = find_item (outbox, risky);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_FAILED);
  g_assert_cmpstr (dir_outbox_item_get_error_code (item), ==, "risk_fields_forbidden");
  g_assert_cmpstr (dir_outbox_item_get_error_field (item), ==, "risk");
  g_assert_cmpuint (hub_count_referrals (hub_db, risky), ==, 0);

  hub_stop (hub, SIGTERM);
}

/* ---- token expiry → sign-in required, outbox kept, then sent once ------------------ */

static void
on_sign_in_required_cb (DirAccount *account,
                        guint      *count)
{
  (*count)++;
}

static void
test_token_expiry (void)
{
  g_autofree char *hub_db = new_people_db ("expiry-hub.db");
  /* Short, but long enough to sign in again and send on a busy machine. */
  const char *env[] = { "DIRECTION_HUB_SESSION_TTL_S=3", NULL };
  g_autoptr(DirOutbox) outbox = open_outbox ("expiry.db", NULL);
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DirOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  DirOutboxSyncResult r = { 0 };
  guint required = 0;
  Hub *hub = hub_start_env (hub_db, env, NULL);

  account = signed_in_account (hub, REFERRER);
  g_signal_connect (account, "sign-in-required", G_CALLBACK (on_sign_in_required_cb), &required);
  id = queued (outbox, NULL, FALSE);
  g_usleep (3100 * G_TIME_SPAN_MILLISECOND);

  g_assert_false (run_sync (outbox, account, &r, &error));
  g_assert_error (error, DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  g_assert_cmpuint (r.sent, ==, 0);
  g_assert_cmpuint (required, ==, 1);
  g_assert_false (dir_account_get_signed_in (account));
  g_assert_cmpstr (dir_account_get_username (account), ==, REFERRER);

  /* Kept, not failed, no attempt counted, due at once. */
  item = find_item (outbox, id);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_QUEUED);
  g_assert_cmpuint (dir_outbox_item_get_attempts (item), ==, 0);
  g_assert_null (dir_outbox_item_get_next_attempt (item));
  g_clear_object (&item);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 0);

  /* Still not signed in: still kept. */
  g_assert_false (run_sync (outbox, account, &r, &error));
  g_assert_error (error, DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);

  /* Signed in again (within this session's 3 s). */
  sign_in_ok (account, REFERRER);
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 1);
  g_assert_cmpint (state_of (outbox, id), ==, DIR_OUTBOX_SENT);
  g_assert_cmpuint (hub_count_referrals (hub_db, id), ==, 1);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 1);

  hub_stop (hub, SIGTERM);
}

/* ---- a crash between the POST and the local commit ----------------------------------- */

static void
test_replay_after_crash (void)
{
  g_autofree char *hub_db = new_people_db ("replay-hub.db");
  g_autofree char *path = NULL;
  g_autoptr(DirOutbox) outbox = open_outbox ("replay.db", &path);
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DirOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autofree char *id = NULL;
  g_autofree char *never_posted = NULL;
  g_autofree char *body = NULL;
  g_autofree char *token = NULL;
  g_autofree char *sql = NULL;
  DirOutboxSyncResult r = { 0 };
  Hub *hub = hub_start (hub_db);

  account = signed_in_account (hub, REFERRER);
  id = queued (outbox, NULL, FALSE);
  never_posted = queued (outbox, NULL, FALSE);

  /* The desk POSTed it (exactly the body it keeps), the hub stored it and
   * answered 201, and the desk died before writing that down: SENDING. */
  body = dir_outbox_load_body (outbox, id, &error);
  g_assert_no_error (error);
  token = dir_account_dup_token (account);
  {
    g_autoptr(Response) created = as_user (hub, token, "POST", "/api/v1/referrals", body, id);

    g_assert_cmpuint (created->status, ==, 201);
    first = hub_parse_json (created->body);
  }
  /* The other died after marking it SENDING, before the POST went out. */
  sql = g_strdup_printf ("UPDATE referral SET state = 'sending' WHERE id IN ('%s', '%s')",
                         id, never_posted);
  hub_run_sql (path, sql);
  g_assert_cmpuint (dir_outbox_count (outbox, DIR_OUTBOX_SENDING), ==, 2);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 1);

  /* SENDING is sent again at the next sync: the replay answers the first
   * 201, the other is new.  One each at the hub. */
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 2);
  g_assert_cmpuint (hub_count_referrals (hub_db, id), ==, 1);
  g_assert_cmpuint (hub_count_referrals (hub_db, never_posted), ==, 1);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 2);
  item = find_item (outbox, id);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_SENT);
  g_assert_cmpstr (dir_outbox_item_get_reference (item), ==,
                   json_object_get_string_member (json_node_get_object (first), "reference"));
  g_assert_cmpint (state_of (outbox, never_posted), ==, DIR_OUTBOX_SENT);

  hub_stop (hub, SIGTERM);
}

/* ---- status pull ---------------------------------------------------------------------- */

static void
test_status_pull (void)
{
  g_autofree char *hub_db = new_people_db ("status-hub.db");
  g_autofree char *path = NULL;
  g_autoptr(DirOutbox) outbox = open_outbox ("status.db", &path);
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DirOutboxItem) item = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  g_autofree char *other_body = NULL;
  g_autofree char *advisor = NULL;
  g_autofree char *token = NULL;
  DirOutboxSyncResult r = { 0 };
  JsonArray *entries;
  Hub *hub = hub_start (hub_db);

  account = signed_in_account (hub, REFERRER);
  id = queued (outbox, NULL, FALSE);
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 1);

  /* Another desk of the same agency sends one: this desk never keeps it. */
  other = g_uuid_string_random ();
  other_body = referral_body (other, NULL, FALSE);
  token = dir_account_dup_token (account);
  {
    g_autoptr(Response) created = as_user (hub, token, "POST", "/api/v1/referrals",
                                           other_body, other);

    g_assert_cmpuint (created->status, ==, 201);
  }

  advisor = login_token (hub, ADVISOR);
  patch_status (hub, advisor, id, "{\"status\": \"received\"}");
  patch_status (hub, advisor, id, "{\"status\": \"declined\", \"reason_code\": \"no_capacity\","
                                  " \"note\": \"Full until Monday\"}");
  patch_status (hub, advisor, other, "{\"status\": \"received\"}");

  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 0);
  g_assert_cmpuint (r.statuses, ==, 2);

  item = find_item (outbox, id);
  g_assert_cmpstr (dir_outbox_item_get_status (item), ==, "declined");
  history = hub_parse_json (dir_outbox_item_get_history_json (item));
  entries = json_node_get_array (history);
  g_assert_cmpuint (json_array_get_length (entries), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 0),
                                                  "status"), ==, "submitted");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 1),
                                                  "status"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 2),
                                                  "reason_code"), ==, "no_capacity");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 2),
                                                  "note"), ==, "Full until Monday");
  g_clear_object (&item);

  /* Only this desk's referral is here; the other agency desk's is not. */
  g_assert_null (find_item (outbox, other));
  g_assert_cmpuint (g_list_model_get_n_items (dir_outbox_get_items (outbox)), ==, 1);

  /* The hub's note is sealed like the rest. */
  g_assert_false (db_files_contain (path, "Full until Monday"));

  /* Pulled once: nothing new the second time. */
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.statuses, ==, 0);

  /* Kept offline. */
  {
    g_autofree char *hub_url = g_strdup (hub->base_url);
    g_autoptr(DirOutbox) again = NULL;
    g_autoptr(GBytes) key = load_key (path);
    g_autoptr(GError) error = NULL;

    hub_stop (hub, SIGTERM);
    again = dir_outbox_open (path, key, &error);
    g_assert_no_error (error);
    g_clear_object (&item);
    item = find_item (again, id);
    g_assert_cmpstr (dir_outbox_item_get_status (item), ==, "declined");
  }
}

/* ---- a slow hub ----------------------------------------------------------------------- */

static void
test_slow_hub (void)
{
  g_autofree char *hub_db = new_people_db ("slow-hub.db");
  g_autoptr(DirOutbox) outbox = open_outbox ("slow.db", NULL);
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  DirOutboxSyncResult r = { 0 };
  gint64 start;
  Hub *hub = hub_start (hub_db);

  account = signed_in_account (hub, REFERRER);
  id = queued (outbox, NULL, FALSE);
  dir_outbox_set_timeout (outbox, 1);

  /* A stopped hub accepts connections (the kernel does) and never answers. */
  hub_pause (hub);
  start = g_get_monotonic_time ();
  {
    g_autoptr(GAsyncResult) result = NULL;
    DirOutboxSyncResult other = { 0 };

    dir_outbox_sync_async (outbox, account, NULL, store_result_cb, &result);
    /* One sync at a time: a second one while the first waits is refused. */
    g_usleep (200 * G_TIME_SPAN_MILLISECOND);
    g_assert_false (dir_outbox_sync (outbox, account, NULL, &other, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
    g_clear_error (&error);

    wait_for_result (&result);
    g_assert_false (dir_outbox_sync_finish (outbox, result, &r, &error));
    drain_main_context ();
  }
  g_assert_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_subprocess_send_signal (hub->process, SIGCONT);
  g_assert_cmpuint (r.deferred, ==, 1);
  g_assert_cmpint (state_of (outbox, id), ==, DIR_OUTBOX_QUEUED);

  /* The hub reads the stalled request when it wakes up, and stores it: the
   * retry meets it "in_flight" (409, back off) or replays its 201. */
  dir_outbox_set_timeout (outbox, 30);
  for (guint i = 0; i < 20 && state_of (outbox, id) != DIR_OUTBOX_SENT; i++)
    {
      g_usleep (100 * G_TIME_SPAN_MILLISECOND);
      dir_outbox_make_due (outbox, NULL);
      sync_ok (outbox, account, &r);
    }
  g_assert_cmpint (state_of (outbox, id), ==, DIR_OUTBOX_SENT);
  g_assert_cmpuint (hub_count_referrals (hub_db, id), ==, 1);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 1);

  hub_stop (hub, SIGTERM);
}

/* ---- a broken peer ---------------------------------------------------------------------- */

#define FAKE_TOKEN "fakefakefakefakefakefakefakefakefakefakefak"

typedef struct
{
  const char *name;
  guint       post_status;
  const char *post_body;      /* %s: the referral id */
  const char *changes_body;   /* NULL: an empty page */
  DirOutboxState state;       /* afterwards */
  const char *error_code;
  const char *error_part;     /* in the item's message, or the sync error's */
  gboolean    sync_fails;
  gint        sync_error;     /* DIR_HUB_ERROR_* when sync_fails */
} BadCase;

static const BadCase bad_cases[] = {
  { "truncated-201", 201, "{\"id\": \"%s\", \"reference\": \"DIR-2026-0", NULL,
    DIR_OUTBOX_QUEUED, "malformed", "cut short", FALSE, 0 },
  { "not-json-201", 201, "<html>Created</html>", NULL,
    DIR_OUTBOX_QUEUED, "malformed", "not valid JSON", FALSE, 0 },
  { "other-id-201", 201, "{\"id\": \"00000000-0000-4000-8000-000000000000\", \"reference\": "
    "\"DIR-1\", \"status\": \"submitted\", \"history\": []}", NULL,
    DIR_OUTBOX_QUEUED, "malformed", "another referral", FALSE, 0 },
  { "no-reference-201", 201, "{\"id\": \"%s\", \"status\": \"submitted\"}", NULL,
    DIR_OUTBOX_QUEUED, "malformed", "no reference", FALSE, 0 },
  { "bad-history-201", 201, "{\"id\": \"%s\", \"reference\": \"DIR-1\", \"status\": "
    "\"submitted\", \"history\": [{\"status\": 3}]}", NULL,
    DIR_OUTBOX_QUEUED, "malformed", "history", FALSE, 0 },
  { "server-error", 500, "{\"error\": {\"code\": \"boom\", \"message\": \"It broke\"}}", NULL,
    DIR_OUTBOX_QUEUED, "boom", "It broke", FALSE, 0 },
  { "unavailable", 503, "", NULL,
    DIR_OUTBOX_QUEUED, "http_503", "503", FALSE, 0 },
  { "in-flight", 409, "{\"error\": {\"code\": \"in_flight\", \"message\": \"Still storing\"}}",
    NULL, DIR_OUTBOX_QUEUED, "in_flight", "Still storing", FALSE, 0 },
  { "bad-request-text", 400, "nope", NULL,
    DIR_OUTBOX_FAILED, "http_400", "400", FALSE, 0 },
  { "too-large", 413, "{\"error\": {\"code\": \"payload_too_large\", \"message\": \"Too big\"}}",
    NULL, DIR_OUTBOX_FAILED, "payload_too_large", "Too big", FALSE, 0 },
  { "good-then-bad-changes", 201, "{\"id\": \"%s\", \"reference\": \"DIR-2026-000001\", "
    "\"status\": \"submitted\", \"history\": [{\"status\": \"submitted\", "
    "\"at\": \"2026-10-01T09:00:00.000000Z\"}]}",
    "{\"changes\": [{\"seq\": 2, \"referral_id\": \"%s\", \"reference\": \"DIR-2026-000001\", "
    "\"status\": \"received\", \"reason_code\": null, \"note\": null, "
    "\"at\": \"2026-10-01T10:00:00.000000Z\"}, {\"seq\": 1}], \"next\": 2, \"has_more\": false}",
    DIR_OUTBOX_SENT, NULL, "change 2", TRUE, DIR_HUB_ERROR_MALFORMED },
  { "truncated-changes", 201, "{\"id\": \"%s\", \"reference\": \"DIR-2026-000001\", "
    "\"status\": \"submitted\"}",
    "{\"changes\": [{\"seq\": 1, \"referral_id\": \"%s\", \"stat",
    DIR_OUTBOX_SENT, NULL, "cut short", TRUE, DIR_HUB_ERROR_MALFORMED },
  { "changes-next-wrong", 201, "{\"id\": \"%s\", \"reference\": \"DIR-2026-000001\", "
    "\"status\": \"submitted\"}",
    "{\"changes\": [], \"next\": 7, \"has_more\": false}",
    DIR_OUTBOX_SENT, NULL, "“next”", TRUE, DIR_HUB_ERROR_MALFORMED },
};

typedef struct
{
  const BadCase *c;
  char          *id;
  guint          posts;
} FakeHub;

static void
fake_hub_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  FakeHub *fake = user_data;
  const char *body;
  g_autofree char *text = NULL;
  guint status = 200;

  if (g_strcmp0 (path, "/api/v1/session") == 0)
    {
      body = "{\"token\": \"" FAKE_TOKEN "\", \"expires_at\": \"2099-01-01T00:00:00Z\", "
             "\"idle_timeout_s\": 1800, \"user\": {\"username\": \"ref-a\", "
             "\"role\": \"referrer\", \"agency\": \"Bedford Probation\"}}";
      status = 201;
    }
  else if (g_strcmp0 (path, "/api/v1/referrals") == 0)
    {
      g_assert_cmpstr (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Idempotency-Key"), ==, fake->id);
      g_assert_cmpstr (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization"), ==, "Bearer " FAKE_TOKEN);
      fake->posts++;
      body = fake->c->post_body;
      status = fake->c->post_status;
    }
  else if (g_strcmp0 (path, "/api/v1/referrals/changes") == 0)
    {
      body = fake->c->changes_body ? fake->c->changes_body
                                   : "{\"changes\": [], \"next\": 0, \"has_more\": false}";
    }
  else
    {
      body = "{}";
      status = 404;
    }

  {
    /* The referral's id where the case has "%s". */
    g_auto(GStrv) parts = g_strsplit (body, "%s", -1);

    text = g_strjoinv (fake->id, parts);
  }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static void
test_broken_peer (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSList) uris = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DirOutboxItem) item = NULL;
  g_autofree char *name = g_strdup_printf ("broken-%s.db", c->name);
  g_autofree char *path = NULL;
  g_autoptr(DirOutbox) outbox = open_outbox (name, &path);
  g_autofree char *url = NULL;
  DirOutboxSyncResult r = { 0 };
  FakeHub fake = { c, NULL, 0 };
  const char *message = NULL;
  gboolean ok;

  soup_server_add_handler (server, NULL, fake_hub_cb, &fake, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  account = dir_account_new (url);
  sign_in_ok (account, REFERRER);
  fake.id = queued (outbox, NULL, FALSE);

  ok = run_sync (outbox, account, &r, &error);
  g_assert_cmpuint (fake.posts, ==, 1);
  if (c->sync_fails)
    {
      g_assert_false (ok);
      g_assert_error (error, DIR_HUB_ERROR, c->sync_error);
      message = error->message;
    }
  else
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }

  item = find_item (outbox, fake.id);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, c->state);
  g_assert_cmpstr (dir_outbox_item_get_error_code (item), ==, c->error_code);
  if (!c->sync_fails)
    message = dir_outbox_item_get_error_message (item);
  g_test_message ("%s: %s", c->name, message);
  if (strstr (message, c->error_part) == NULL)
    g_error ("“%s” is not in “%s”", c->error_part, message);

  switch (c->state)
    {
    case DIR_OUTBOX_QUEUED:
      g_assert_cmpuint (r.deferred, ==, 1);
      g_assert_nonnull (dir_outbox_item_get_next_attempt (item));
      /* Still there to send again. */
      {
        g_autofree char *body = dir_outbox_load_body (outbox, fake.id, &error);

        g_assert_no_error (error);
        g_assert_nonnull (strstr (body, PERSON_FAMILY));
      }
      break;

    case DIR_OUTBOX_FAILED:
      g_assert_cmpuint (r.failed, ==, 1);
      break;

    case DIR_OUTBOX_SENT:
    default:
      /* A bad status page is refused whole: the status and cursor as the 201 left them. */
      g_assert_cmpuint (r.sent, ==, 1);
      g_assert_cmpuint (r.statuses, ==, 0);
      g_assert_cmpstr (dir_outbox_item_get_status (item), ==, "submitted");
      g_assert_cmpint (hub_sql_number (path, "SELECT count(*) FROM meta "
                                         "WHERE key = 'status_cursor'"), ==, 0);
      break;
    }

  g_free (fake.id);
}

/* The hub answers 401 to the push: the account asks for sign-in. */
static void
unauthorized_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  const char *body;

  if (g_strcmp0 (path, "/api/v1/session") == 0)
    {
      body = "{\"token\": \"" FAKE_TOKEN "\", \"expires_at\": \"2099-01-01T00:00:00Z\", "
             "\"user\": {\"username\": \"ref-a\", \"role\": \"referrer\", \"agency\": \"A\"}}";
      soup_server_message_set_status (msg, 201, NULL);
    }
  else
    {
      body = "{\"error\": {\"code\": \"unauthorized\", \"message\": \"Sign in\"}}";
      soup_server_message_set_status (msg, 401, NULL);
    }
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
test_malformed_session (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSList) uris = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DirOutbox) outbox = open_outbox ("unauthorized.db", NULL);
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  DirOutboxSyncResult r = { 0 };

  soup_server_add_handler (server, NULL, unauthorized_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  account = dir_account_new (url);
  sign_in_ok (account, REFERRER);
  id = queued (outbox, NULL, FALSE);

  g_assert_false (run_sync (outbox, account, &r, &error));
  g_assert_error (error, DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_NOT_SIGNED_IN);
  g_assert_false (dir_account_get_signed_in (account));
  g_assert_cmpint (state_of (outbox, id), ==, DIR_OUTBOX_QUEUED);
}

/* ---- keys ------------------------------------------------------------------------------- */

static void
test_wrong_key (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DirOutbox) outbox = open_outbox ("keys.db", &path);
  g_autoptr(GBytes) right = load_key (path);
  g_autoptr(GBytes) wrong = NULL;
  g_autoptr(DirOutbox) refused = NULL;
  g_autoptr(DirOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *body = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint8 bytes[32];

  id = draft (outbox, NULL, FALSE);
  other = draft (outbox, NULL, FALSE);
  g_clear_object (&outbox);
  g_file_get_contents (path, &before, NULL, NULL);

  /* Another key: refused at open, nothing written. */
  memset (bytes, 7, sizeof bytes);
  wrong = g_bytes_new (bytes, sizeof bytes);
  refused = dir_outbox_open (path, wrong, &error);
  g_assert_null (refused);
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_CORRUPT);
  g_clear_error (&error);
  g_file_get_contents (path, &after, NULL, NULL);
  g_assert_cmpstr (after, ==, before);

  /* The right key still opens everything. */
  outbox = dir_outbox_open (path, right, &error);
  g_assert_no_error (error);
  body = dir_outbox_load_body (outbox, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (body, PERSON_FAMILY));
  g_clear_pointer (&body, g_free);

  /* A sealed body copied into another row does not open there: CORRUPT,
   * the list shows it, the sync fails it visibly and sends the rest. */
  sql = g_strdup_printf ("UPDATE referral SET body = (SELECT body FROM referral WHERE id = '%s'),"
                         " label = (SELECT label FROM referral WHERE id = '%s') WHERE id = '%s'",
                         id, id, other);
  hub_run_sql (path, sql);
  g_assert_null (dir_outbox_load_body (outbox, other, &error));
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_CORRUPT);
  g_clear_error (&error);
  g_clear_object (&outbox);
  outbox = dir_outbox_open (path, right, &error);
  g_assert_no_error (error);
  item = find_item (outbox, other);
  g_assert_cmpstr (dir_outbox_item_get_error_code (item), ==, "corrupt");
  g_assert_null (dir_outbox_item_get_label (item));
  g_clear_object (&item);
  item = find_item (outbox, id);
  g_assert_null (dir_outbox_item_get_error_code (item));
  g_assert_cmpstr (dir_outbox_item_get_label (item), ==, PERSON_GIVEN " " PERSON_FAMILY);
}

/* A referrals file from a newer Direction: refused with words, left as it
 * is (the newer program still reads it); a file that is not a database is
 * refused too, and neither is touched. */
static void
test_schema_version (void)
{
  g_autofree char *path = NULL;
  g_autoptr(DirOutbox) outbox = open_outbox ("schema.db", &path);
  g_autoptr(GBytes) key = load_key (path);
  g_autoptr(DirOutbox) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = draft (outbox, NULL, FALSE);
  g_autofree char *garbage = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  gint64 latest = hub_sql_number (path, "PRAGMA user_version");

  g_assert_cmpint (latest, >, 0);
  g_clear_object (&outbox);
  hub_run_sql (path, "PRAGMA user_version = 99");

  refused = dir_outbox_open (path, key, &error);
  g_assert_null (refused);
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_assert_nonnull (strstr (error->message, "schema 99"));
  g_clear_error (&error);
  g_assert_cmpint (hub_sql_number (path, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (hub_sql_number (path, "SELECT count(*) FROM referral"), ==, 1);

  /* Back at this version's schema: everything is there. */
  sql = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, latest);
  hub_run_sql (path, sql);
  outbox = dir_outbox_open (path, key, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dir_outbox_count (outbox, DIR_OUTBOX_DRAFT), ==, 1);
  g_clear_object (&outbox);

  /* Not a database at all. */
  garbage = tmp_path ("not-a-database.db");
  g_assert_true (g_file_set_contents (garbage, "These are not the referrals you are looking for, "
                                      "but they are long enough to look like a header.\n", -1,
                                      NULL));
  refused = dir_outbox_open (garbage, key, &error);
  g_assert_null (refused);
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "not a database"));
  g_file_get_contents (garbage, &after, NULL, NULL);
  g_assert_true (g_str_has_prefix (after, "These are not the referrals"));
}

static void
test_corrupt_in_queue (void)
{
  g_autofree char *hub_db = new_people_db ("corrupt-hub.db");
  g_autofree char *path = NULL;
  g_autoptr(DirOutbox) outbox = open_outbox ("corrupt.db", &path);
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DirOutboxItem) item = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *sql = NULL;
  DirOutboxSyncResult r = { 0 };
  Hub *hub = hub_start (hub_db);

  account = signed_in_account (hub, REFERRER);
  bad = queued (outbox, NULL, FALSE);
  good = queued (outbox, NULL, FALSE);
  sql = g_strdup_printf ("UPDATE referral SET body = x'00112233445566778899aabbccddeeff"
                         "00112233445566778899aabbccddeeff00112233445566778899' WHERE id = '%s'",
                         bad);
  hub_run_sql (path, sql);

  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 1);
  g_assert_cmpuint (r.failed, ==, 1);
  item = find_item (outbox, bad);
  g_assert_cmpint (dir_outbox_item_get_state (item), ==, DIR_OUTBOX_FAILED);
  g_assert_cmpstr (dir_outbox_item_get_error_code (item), ==, "corrupt");
  g_assert_cmpint (state_of (outbox, good), ==, DIR_OUTBOX_SENT);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 1);
  /* The unreadable body is kept as it was (never silently lost). */
  {
    g_autofree char *check = g_strdup_printf ("SELECT length (body) FROM referral "
                                              "WHERE id = '%s'", bad);

    g_assert_cmpint (hub_sql_number (path, check), ==, 42);
  }

  hub_stop (hub, SIGTERM);
}

static void
test_no_plaintext (void)
{
  g_autofree char *hub_db = new_people_db ("plain-hub.db");
  g_autofree char *path = NULL;
  g_autoptr(DirOutbox) outbox = open_outbox ("plain.db", &path);
  g_autoptr(DirAccount) account = NULL;
  g_autofree char *key_file = g_strconcat (path, ".key", NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  DirOutboxSyncResult r = { 0 };
  struct stat st;
  Hub *hub = hub_start (hub_db);

  /* Drafts, queued ones, and sent ones: the person's name is nowhere in
   * the files' bytes, at any stage. */
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (ids, queued (outbox, NULL, FALSE));
  g_ptr_array_add (ids, draft (outbox, NULL, FALSE));
  g_assert_false (db_files_contain (path, PERSON_FAMILY));
  g_assert_false (db_files_contain (path, PERSON_GIVEN));
  g_assert_false (db_files_contain (path, "01632 960123"));
  g_assert_false (db_files_contain (path, "Released on Friday"));
  /* The test itself can see the name when it is written plainly. */
  hub_run_sql (path, "CREATE TABLE probe (t TEXT); INSERT INTO probe VALUES ('" PERSON_FAMILY "');");
  g_assert_true (db_files_contain (path, PERSON_FAMILY));
  hub_run_sql (path, "PRAGMA secure_delete = ON; DROP TABLE probe; PRAGMA wal_checkpoint(TRUNCATE);");
  g_assert_false (db_files_contain (path, PERSON_FAMILY));

  account = signed_in_account (hub, REFERRER);
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 5);
  g_assert_false (db_files_contain (path, PERSON_FAMILY));
  g_assert_false (db_files_contain (path, PERSON_GIVEN));

  /* Only the user may read the file; the key file only in the no-keyring case. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_test (key_file, G_FILE_TEST_EXISTS) == no_keyring);

  hub_stop (hub, SIGTERM);
}

/* ---- states, purge, threads -------------------------------------------------------------- */

static void
test_state_rules (void)
{
  g_autoptr(DirOutbox) outbox = open_outbox ("states.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = queued (outbox, NULL, FALSE);
  g_autofree char *missing = g_uuid_string_random ();
  g_autofree char *upper = g_ascii_strup (id, -1);
  g_autofree char *body = referral_body (id, NULL, FALSE);
  g_autofree char *loaded = NULL;

  /* Queued: no edits, no delete, no second queue; its body can be read. */
  g_assert_false (dir_outbox_save_draft (outbox, id, "referral", NULL, NULL, NULL, body, &error));
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (dir_outbox_delete (outbox, id, &error));
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (dir_outbox_queue (outbox, id, &error));
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_STATE);
  g_clear_error (&error);
  /* Ids compare without case. */
  loaded = dir_outbox_load_body (outbox, upper, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  g_assert_false (dir_outbox_queue (outbox, missing, &error));
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dir_outbox_delete (outbox, missing, &error));
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (dir_outbox_load_body (outbox, missing, &error));
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A draft can be deleted, and then it is gone. */
  {
    g_autofree char *gone = draft (outbox, NULL, FALSE);

    g_assert_cmpuint (dir_outbox_count (outbox, DIR_OUTBOX_DRAFT), ==, 1);
    g_assert_true (dir_outbox_delete (outbox, gone, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (dir_outbox_count (outbox, DIR_OUTBOX_DRAFT), ==, 0);
    g_assert_null (find_item (outbox, gone));
  }
}

static void
test_purge (void)
{
  g_autofree char *hub_db = new_people_db ("purge-hub.db");
  g_autofree char *path = NULL;
  g_autoptr(DirOutbox) outbox = open_outbox ("purge.db", &path);
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_sent = NULL;
  g_autofree char *new_sent = NULL;
  g_autofree char *old_draft = NULL;
  g_autofree char *new_draft = NULL;
  g_autofree char *old_queued = NULL;
  g_autofree char *sql = NULL;
  DirOutboxSyncResult r = { 0 };
  Hub *hub = hub_start (hub_db);

  account = signed_in_account (hub, REFERRER);
  old_sent = queued (outbox, NULL, FALSE);
  new_sent = queued (outbox, NULL, FALSE);
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 2);
  old_draft = draft (outbox, NULL, FALSE);
  new_draft = draft (outbox, NULL, FALSE);
  old_queued = queued (outbox, NULL, FALSE);
  hub_stop (hub, SIGTERM);

  sql = g_strdup_printf ("UPDATE referral SET status_at = '2020-01-01T00:00:00.000000Z',"
                         " updated_at = '2020-01-01T00:00:00.000000Z' WHERE id IN ('%s', '%s', '%s')",
                         old_sent, old_draft, old_queued);
  hub_run_sql (path, sql);

  /* Old sent ones and old drafts go; the queued one never does. */
  g_assert_cmpuint (dir_outbox_purge (outbox, 30 * G_TIME_SPAN_DAY, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_null (find_item (outbox, old_sent));
  g_assert_null (find_item (outbox, old_draft));
  g_assert_cmpint (state_of (outbox, new_sent), ==, DIR_OUTBOX_SENT);
  g_assert_cmpint (state_of (outbox, new_draft), ==, DIR_OUTBOX_DRAFT);
  g_assert_cmpint (state_of (outbox, old_queued), ==, DIR_OUTBOX_QUEUED);
  g_assert_cmpuint (dir_outbox_purge (outbox, 30 * G_TIME_SPAN_DAY, &error), ==, 0);
}

typedef struct
{
  DirOutbox  *outbox;
  DirAccount *account;
  gint        stop;
  guint       syncs;
  guint       sent;
} Pusher;

static gpointer
pusher_thread (gpointer data)
{
  Pusher *p = data;

  while (!g_atomic_int_get (&p->stop))
    {
      g_autoptr(GError) error = NULL;
      DirOutboxSyncResult r = { 0 };

      if (!dir_outbox_sync (p->outbox, p->account, NULL, &r, &error))
        g_error ("sync in the worker: %s", error->message);
      p->sent += r.sent;
      p->syncs++;
    }

  return NULL;
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *changes)
{
  (*changes)++;
}

static void
test_threads (void)
{
  g_autofree char *hub_db = new_people_db ("threads-hub.db");
  g_autoptr(DirOutbox) outbox = open_outbox ("threads.db", NULL);
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GListModel *items = dir_outbox_get_items (outbox);
  Pusher p = { 0 };
  GThread *thread;
  guint changes = 0;
  guint n = 40;
  Hub *hub = hub_start (hub_db);

  account = signed_in_account (hub, REFERRER);
  p.outbox = outbox;
  p.account = account;
  g_signal_connect (items, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);

  /* The form saves and queues on this thread while a sync loops in a worker. */
  thread = g_thread_new ("pusher", pusher_thread, &p);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *id = draft (outbox, NULL, FALSE);
      g_autofree char *body = referral_body (id, NULL, FALSE);

      /* Autosave twice, then send. */
      g_assert_true (dir_outbox_save_draft (outbox, id, "referral", SHELTER_ID, "Night Shelter",
                                            "Again", body, &error));
      g_assert_no_error (error);
      g_assert_true (dir_outbox_queue (outbox, id, &error));
      g_assert_no_error (error);
      g_ptr_array_add (ids, g_steal_pointer (&id));
      g_main_context_iteration (NULL, FALSE);
    }

  while (dir_outbox_count (outbox, DIR_OUTBOX_SENT) < n)
    {
      g_assert_cmpuint (dir_outbox_count (outbox, DIR_OUTBOX_FAILED), ==, 0);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_atomic_int_set (&p.stop, 1);
  g_thread_join (thread);
  drain_main_context ();

  g_test_message ("%u syncs in the worker", p.syncs);
  g_assert_cmpuint (p.sent, ==, n);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (hub_count_referrals (hub_db, g_ptr_array_index (ids, i)), ==, 1);
      g_assert_cmpint (state_of (outbox, g_ptr_array_index (ids, i)), ==, DIR_OUTBOX_SENT);
    }
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, n);
  g_assert_cmpuint (changes, >=, n);

  hub_stop (hub, SIGTERM);
}

static void
test_list_model (void)
{
  g_autoptr(DirOutbox) outbox = open_outbox ("list.db", NULL);
  g_autoptr(DirOutboxItem) first_item = NULL;
  g_autoptr(DirOutboxItem) same = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  GListModel *items = dir_outbox_get_items (outbox);
  guint changes = 0;

  g_assert_true (g_list_model_get_item_type (items) == DIR_TYPE_OUTBOX_ITEM);
  g_signal_connect (items, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);
  first = draft (outbox, NULL, FALSE);
  g_usleep (2000);
  second = draft (outbox, NULL, FALSE);
  g_assert_cmpuint (changes, ==, 2);

  /* Newest first. */
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
  same = g_list_model_get_item (items, 1);
  g_assert_cmpstr (dir_outbox_item_get_id (same), ==, first);
  first_item = g_list_model_get_item (items, 0);
  g_assert_cmpstr (dir_outbox_item_get_id (first_item), ==, second);

  /* Changing one replaces that one only; the other keeps its object. */
  g_assert_true (dir_outbox_queue (outbox, second, &error));
  g_assert_cmpuint (changes, ==, 3);
  {
    g_autoptr(DirOutboxItem) still = g_list_model_get_item (items, 1);
    g_autoptr(DirOutboxItem) changed = g_list_model_get_item (items, 0);

    g_assert_true (still == same);
    g_assert_true (changed != first_item);
    g_assert_cmpint (dir_outbox_item_get_state (changed), ==, DIR_OUTBOX_QUEUED);
    /* A snapshot does not change under whoever holds it. */
    g_assert_cmpint (dir_outbox_item_get_state (first_item), ==, DIR_OUTBOX_DRAFT);
  }
}

/* ---- the no-keyring case ------------------------------------------------------------------- */

static void
test_key_file (void)
{
  g_autofree char *path = tmp_path ("key-file.db");
  g_autofree char *key_file = g_strconcat (path, ".key", NULL);
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean used_file = TRUE;
  struct stat st;

  /* Not allowed: a clear error, no file. */
  key = dir_outbox_key_load (path, FALSE, &used_file, &error);
  g_assert_null (key);
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_KEYRING);
  g_assert_false (used_file);
  g_assert_false (g_file_test (key_file, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Allowed: a 0600 file with 32 random bytes, the same key next time. */
  key = dir_outbox_key_load (path, TRUE, &used_file, &error);
  g_assert_no_error (error);
  g_assert_true (used_file);
  g_assert_cmpint (g_stat (key_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_file_get_contents (key_file, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (g_strstrip (text)), ==, 44);

  /* Someone widened it: read, and narrowed again. */
  g_chmod (key_file, 0644);
  again = dir_outbox_key_load (path, TRUE, &used_file, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (key, again));
  g_assert_cmpint (g_stat (key_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A damaged file is an error, never a new key over the old data. */
  g_file_set_contents (key_file, "not a key\n", -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&again, g_bytes_unref);
  again = dir_outbox_key_load (path, TRUE, &used_file, &error);
  g_assert_null (again);
  g_assert_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_KEYRING);
}

static void
test_no_keyring_account (void)
{
  g_autofree char *hub_db = new_people_db ("nokeyring-hub.db");
  g_autoptr(DirOutbox) outbox = open_outbox ("nokeyring.db", NULL);
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DirAccount) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  DirOutboxSyncResult r = { 0 };
  Hub *hub = hub_start (hub_db);

  /* No keyring to read: a clear error. */
  account = dir_account_new (hub->base_url);
  g_assert_false (dir_account_restore (account, NULL, &error));
  g_assert_error (error, DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_KEYRING);
  g_clear_error (&error);

  /* Sign-in works, for this run only. */
  sign_in_ok (account, REFERRER);
  g_assert_false (dir_account_get_remembered (account));
  id = queued (outbox, NULL, FALSE);
  sync_ok (outbox, account, &r);
  g_assert_cmpuint (r.sent, ==, 1);
  g_assert_cmpuint (hub_count_referrals (hub_db, id), ==, 1);

  later = dir_account_new (hub->base_url);
  g_assert_false (dir_account_restore (later, NULL, &error));
  g_assert_false (dir_account_get_signed_in (later));

  hub_stop (hub, SIGTERM);
}

/* ---- the keyring case -------------------------------------------------------------------- */

static void
test_keyring_key (void)
{
  g_autofree char *path = tmp_path ("keyring-key.db");
  g_autofree char *other_path = tmp_path ("keyring-key-other.db");
  g_autofree char *key_file = g_strconcat (path, ".key", NULL);
  g_autofree char *moved_path = tmp_path ("moved-key.db");
  g_autofree char *moved_file = g_strconcat (moved_path, ".key", NULL);
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) other = NULL;
  g_autoptr(GBytes) from_file = NULL;
  g_autoptr(GBytes) moved = NULL;
  g_autoptr(GError) error = NULL;
  gboolean used_file = TRUE;

  /* In the keyring: no file, the same key next time, another for another file. */
  key = dir_outbox_key_load (path, FALSE, &used_file, &error);
  g_assert_no_error (error);
  g_assert_false (used_file);
  g_assert_false (g_file_test (key_file, G_FILE_TEST_EXISTS));
  again = dir_outbox_key_load (path, FALSE, &used_file, &error);
  g_assert_true (g_bytes_equal (key, again));
  other = dir_outbox_key_load (other_path, FALSE, &used_file, &error);
  g_assert_false (g_bytes_equal (key, other));

  /* A key file from a time without a keyring moves into the keyring. */
  g_file_set_contents (moved_file, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", -1, &error);
  g_assert_no_error (error);
  moved = dir_outbox_key_load (moved_path, FALSE, &used_file, &error);
  g_assert_no_error (error);
  g_assert_false (used_file);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (moved, NULL))[31], ==, 31);
  g_assert_false (g_file_test (moved_file, G_FILE_TEST_EXISTS));
  g_clear_pointer (&again, g_bytes_unref);
  again = dir_outbox_key_load (moved_path, FALSE, &used_file, &error);
  g_assert_true (g_bytes_equal (moved, again));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  no_keyring = g_strcmp0 (g_getenv ("DIRECTION_TEST_NO_KEYRING"), "1") == 0;

  if (no_keyring)
    {
      g_test_add_func ("/outbox/no-keyring/key-file", test_key_file);
      g_test_add_func ("/outbox/no-keyring/account", test_no_keyring_account);
      g_test_add_func ("/outbox/no-keyring/no-plaintext", test_no_plaintext);
      g_test_add_func ("/outbox/no-keyring/wrong-key", test_wrong_key);
    }
  else
    {
      g_test_add_func ("/outbox/keyring-key", test_keyring_key);
      g_test_add_func ("/outbox/list-model", test_list_model);
      g_test_add_func ("/outbox/state-rules", test_state_rules);
      g_test_add_func ("/outbox/send-once", test_send_once);
      g_test_add_func ("/outbox/hub-down", test_hub_down);
      g_test_add_func ("/outbox/refused", test_refused);
      g_test_add_func ("/outbox/token-expiry", test_token_expiry);
      g_test_add_func ("/outbox/replay-after-crash", test_replay_after_crash);
      g_test_add_func ("/outbox/status-pull", test_status_pull);
      g_test_add_func ("/outbox/slow-hub", test_slow_hub);
      g_test_add_func ("/outbox/unauthorized", test_malformed_session);
      g_test_add_func ("/outbox/wrong-key", test_wrong_key);
      g_test_add_func ("/outbox/schema-version", test_schema_version);
      g_test_add_func ("/outbox/corrupt-in-queue", test_corrupt_in_queue);
      g_test_add_func ("/outbox/no-plaintext", test_no_plaintext);
      g_test_add_func ("/outbox/purge", test_purge);
      g_test_add_func ("/outbox/threads", test_threads);
      for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
        {
          g_autofree char *test_path = g_strdup_printf ("/outbox/broken-peer/%s",
                                                        bad_cases[i].name);

          g_test_add_data_func (test_path, &bad_cases[i], test_broken_peer);
        }
    }

  status = g_test_run ();
  hub_test_cleanup ();

  return status;
}
