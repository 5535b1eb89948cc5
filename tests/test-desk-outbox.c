/* test-desk-outbox.c
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

/* The desk side of the outbox against the real hub and a real keyring
 * (tests/keyring-run.sh): DeskSyncRunner pushing after each pull, on its
 * own when a referral is queued, after a sign-in and when asked; its
 * counts and error; and the headless `direction-desk --sync-now`
 * ($DIRECTION_DESK), which finds the session in the keyring. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "desk-sync-runner.h"
#include "outbox-test-util.h"

/* tests/data/hub-directory.json */
#define N_HUB_SERVICES 7

/* path NULL: the default one, where `--sync-now` looks. */
static DirOutbox *
open_outbox (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = dir_outbox_key_load (path, FALSE, NULL, &error);
  DirOutbox *outbox;

  g_assert_no_error (error);
  outbox = dir_outbox_open (path, key, &error);
  g_assert_no_error (error);

  return outbox;
}

static char *
queue_one (DirOutbox  *outbox,
           const char *date_of_birth)
{
  g_autoptr(GError) error = NULL;
  char *id = g_uuid_string_random ();
  g_autofree char *body = referral_body (id, date_of_birth, FALSE);

  g_assert_true (dir_outbox_save_draft (outbox, id, "referral", SHELTER_ID, "Night Shelter",
                                        PERSON_GIVEN " " PERSON_FAMILY, body, &error));
  g_assert_true (dir_outbox_queue (outbox, id, &error));
  g_assert_no_error (error);

  return id;
}

typedef struct
{
  guint sent;
  guint failed;
  guint runs;
} Pushes;

static void
on_outbox_finished_cb (DeskSyncRunner *runner,
                       guint           sent,
                       guint           failed,
                       const GError   *error,
                       Pushes         *pushes)
{
  pushes->sent += sent;
  pushes->failed += failed;
  pushes->runs++;
}

/* Runs the main context until the runner rests and cond holds. */
#define WAIT_UNTIL(runner, cond) \
  G_STMT_START { \
    gint64 _deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC; \
    while (desk_sync_runner_get_running (runner) || !(cond)) \
      { \
        g_assert_cmpint (g_get_monotonic_time (), <, _deadline); \
        g_main_context_iteration (NULL, TRUE); \
      } \
  } G_STMT_END

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_runner (void)
{
  g_autofree char *hub_db = new_people_db ("runner-hub.db");
  g_autofree char *desk_path = g_build_filename (hub_test_tmp_dir (), "runner-desk.db", NULL);
  g_autofree char *listen = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autoptr(DirStore) store = NULL;
  g_autofree char *outbox_path = g_build_filename (hub_test_tmp_dir (), "runner-referrals.db",
                                                   NULL);
  g_autoptr(DirOutbox) outbox = open_outbox (outbox_path);
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DeskSyncRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *offline = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *waiting = NULL;
  Pushes pushes = { 0 };
  guint tick;
  Hub *hub = hub_start (hub_db);

  /* The main context must wake up for the runner's timers. */
  tick = g_timeout_add (50, tick_cb, NULL);

  store = dir_store_new (desk_path, &error);
  g_assert_no_error (error);
  account = dir_account_new (hub->base_url);
  sign_in_ok (account, REFERRER);
  first = queue_one (outbox, NULL);

  runner = desk_sync_runner_new (store, hub->base_url, settings, &error);
  g_assert_no_error (error);
  g_signal_connect (runner, "outbox-finished", G_CALLBACK (on_outbox_finished_cb), &pushes);
  desk_sync_runner_set_outbox (runner, outbox, account);
  g_assert_true (desk_sync_runner_get_outbox (runner) == outbox);
  g_assert_true (desk_sync_runner_get_account (runner) == account);
  g_assert_cmpuint (desk_sync_runner_get_pending_count (runner), ==, 1);

  /* Start: the directory, then the referral. */
  desk_sync_runner_start (runner);
  WAIT_UNTIL (runner, pushes.runs == 1);
  g_assert_cmpuint (dir_store_count_services (store), ==, N_HUB_SERVICES);
  g_assert_cmpuint (pushes.sent, ==, 1);
  g_assert_cmpuint (desk_sync_runner_get_pending_count (runner), ==, 0);
  g_assert_null (desk_sync_runner_get_outbox_error (runner));
  g_assert_cmpuint (hub_count_referrals (hub_db, first), ==, 1);

  /* Queued from the form: sent within seconds, with no pull asked for. */
  second = queue_one (outbox, NULL);
  g_assert_cmpuint (desk_sync_runner_get_pending_count (runner), ==, 1);
  WAIT_UNTIL (runner, pushes.runs == 2);
  g_assert_cmpuint (pushes.sent, ==, 2);
  g_assert_cmpuint (hub_count_referrals (hub_db, second), ==, 1);

  /* Refused: counted as failed, not waiting. */
  refused = queue_one (outbox, "2999-01-01");
  WAIT_UNTIL (runner, pushes.runs == 3);
  g_assert_cmpuint (pushes.failed, ==, 1);
  g_assert_cmpuint (desk_sync_runner_get_failed_count (runner), ==, 1);
  g_assert_cmpuint (desk_sync_runner_get_pending_count (runner), ==, 0);

  /* The hub goes away: the error shows, the referral waits. */
  listen = g_strdup_printf ("127.0.0.1:%u", hub->port);
  hub_stop (hub, SIGTERM);
  offline = queue_one (outbox, NULL);
  WAIT_UNTIL (runner, pushes.runs == 4);
  g_assert_true (g_error_matches (desk_sync_runner_get_outbox_error (runner),
                                  DIR_HUB_ERROR, DIR_HUB_ERROR_NETWORK));
  g_assert_cmpuint (desk_sync_runner_get_pending_count (runner), ==, 1);

  /* Back, and Refresh: sent at once (no waiting out the back-off). */
  hub = hub_start_env (hub_db, NULL, listen);
  desk_sync_runner_sync (runner, TRUE);
  WAIT_UNTIL (runner, pushes.runs == 5);
  g_assert_null (desk_sync_runner_get_outbox_error (runner));
  g_assert_cmpuint (desk_sync_runner_get_pending_count (runner), ==, 0);
  g_assert_cmpuint (hub_count_referrals (hub_db, offline), ==, 1);

  /* Signed out (the session ended): "sign in" while one waits... */
  dir_account_mark_expired (account, NULL);
  waiting = queue_one (outbox, NULL);
  WAIT_UNTIL (runner, g_error_matches (desk_sync_runner_get_outbox_error (runner),
                                       DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_NOT_SIGNED_IN));
  g_assert_nonnull (strstr (desk_sync_runner_get_outbox_error (runner)->message, "Sign in"));
  g_assert_cmpuint (desk_sync_runner_get_pending_count (runner), ==, 1);
  g_assert_cmpuint (pushes.runs, ==, 5);

  /* ...and signing in sends it. */
  sign_in_ok (account, REFERRER);
  WAIT_UNTIL (runner, pushes.runs == 6);
  g_assert_null (desk_sync_runner_get_outbox_error (runner));
  g_assert_cmpuint (hub_count_referrals (hub_db, waiting), ==, 1);
  g_assert_cmpuint (hub_count_referrals (hub_db, NULL), ==, 4);
  g_assert_cmpuint (pushes.sent, ==, 4);

  desk_sync_runner_stop (runner);
  g_source_remove (tick);
  hub_stop (hub, SIGTERM);
}

/* A desk that never reaches a hub still deletes what is past its time, as
 * soon as the runner has the outbox: old drafts go, waiting ones never do. */
static void
test_runner_purge (void)
{
  g_autofree char *desk_path = g_build_filename (hub_test_tmp_dir (), "purge-desk.db", NULL);
  g_autofree char *outbox_path = g_build_filename (hub_test_tmp_dir (), "purge-referrals.db",
                                                   NULL);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autoptr(DirStore) store = NULL;
  g_autoptr(DirOutbox) outbox = NULL;
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DeskSyncRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  /* Nothing listens there: the runner never reaches a hub. */
  const char *url = "http://127.0.0.1:9/";
  const char *old_draft = "0b6c1b2e-8d7e-4f21-9a3c-5d4e3f2a1b01";
  const char *new_draft = "0b6c1b2e-8d7e-4f21-9a3c-5d4e3f2a1b02";
  const char *old_queued = "0b6c1b2e-8d7e-4f21-9a3c-5d4e3f2a1b03";
  gint64 deadline;

  outbox = open_outbox (outbox_path);
  for (guint i = 0; i < 3; i++)
    {
      const char *ids[] = { old_draft, new_draft, old_queued };
      g_autofree char *body = referral_body (ids[i], NULL, FALSE);

      g_assert_true (dir_outbox_save_draft (outbox, ids[i], "referral", SHELTER_ID,
                                            "Night Shelter", "Z. Q.", body, &error));
      g_assert_no_error (error);
    }
  g_assert_true (dir_outbox_queue (outbox, old_queued, &error));
  g_assert_no_error (error);
  g_clear_object (&outbox);

  /* Forty days untouched, with the default of thirty. */
  g_settings_reset (settings, "referrals-keep-days");
  g_assert_cmpint (desk_referrals_get_max_age (settings), ==, 30 * G_TIME_SPAN_DAY);
  sql = g_strdup_printf ("UPDATE referral SET updated_at = '%s' WHERE id IN ('%s', '%s')",
                         "2020-01-01T00:00:00.000000Z", old_draft, old_queued);
  hub_run_sql (outbox_path, sql);

  outbox = open_outbox (outbox_path);
  g_assert_cmpuint (dir_outbox_count (outbox, DIR_OUTBOX_DRAFT), ==, 2);
  store = dir_store_new (desk_path, &error);
  g_assert_no_error (error);
  account = dir_account_new (url);
  runner = desk_sync_runner_new (store, url, settings, &error);
  g_assert_no_error (error);

  /* Not started, never synced: setting the outbox is enough. */
  desk_sync_runner_set_outbox (runner, outbox, account);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (dir_outbox_count (outbox, DIR_OUTBOX_DRAFT) != 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_assert_cmpuint (dir_outbox_count (outbox, DIR_OUTBOX_QUEUED), ==, 1);
  g_assert_cmpuint (desk_sync_runner_get_pending_count (runner), ==, 1);

  /* The one left is the new draft. */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM referral WHERE id = '%s'", new_draft);
  g_assert_cmpint (hub_sql_number (outbox_path, sql), ==, 1);

  desk_sync_runner_stop (runner);
}

static void
assert_one_line (const char *out)
{
  g_assert_true (g_str_has_suffix (out, "\n"));
  g_assert_cmpint (strchr (out, '\n') - out, ==, (int) strlen (out) - 1);
}

static void
test_sync_now (void)
{
  g_autofree char *hub_db = new_people_db ("headless-hub.db");
  g_autofree char *desk_path = g_build_filename (hub_test_tmp_dir (), "headless-desk.db", NULL);
  g_autofree char *referrals = dir_outbox_dup_default_path ();
  g_autoptr(DirOutbox) outbox = NULL;
  g_autoptr(DirAccount) account = NULL;
  g_autofree char *advisor = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *url = NULL;
  Hub *hub = hub_start (hub_db);
  int status;

  /* A desk that never kept a referral: the directory only, as before. */
  g_assert_false (g_file_test (referrals, G_FILE_TEST_EXISTS));
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = hub_run_desk (TRUE, (const char *[]) { "--sync-now", "--db", desk_path,
                                          "--hub-url", hub->base_url, NULL }, &out, &err);
    g_test_message ("stdout: %s\nstderr: %s", out, err);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (out, "Synced: "));
    g_assert_null (strstr (out, "referrals"));
    g_assert_cmpstr (err, ==, "");
  }

  /* Signed in in the desk (the token is in the keyring), one queued. */
  outbox = open_outbox (NULL);
  account = dir_account_new (hub->base_url);
  sign_in_ok (account, REFERRER);
  first = queue_one (outbox, NULL);
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = hub_run_desk (TRUE, (const char *[]) { "--sync-now", "--db", desk_path,
                                          "--hub-url", hub->base_url, NULL }, &out, &err);
    g_test_message ("stdout: %s\nstderr: %s", out, err);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_str_has_prefix (out, "Synced: "));
    g_assert_nonnull (strstr (out, "; referrals: 1 sent, 0 refused, 0 waiting, "
                                   "0 status changes"));
    assert_one_line (out);
    g_assert_cmpstr (err, ==, "");
    /* Counts only: nothing about the person. */
    g_assert_null (strstr (out, PERSON_FAMILY));
  }
  g_assert_cmpuint (hub_count_referrals (hub_db, first), ==, 1);
  g_assert_cmpuint (dir_outbox_count (outbox, DIR_OUTBOX_SENT), ==, 1);

  /* The hub moves it on: the next run brings the statuses. */
  advisor = NULL;
  {
    g_autofree char *login = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s\"}",
                                              ADVISOR, PASSWORD);
    g_autoptr(Response) r = hub_request (hub, "POST", "/api/v1/session", "application/json",
                                         login, -1, NULL);
    g_autoptr(JsonNode) root = hub_parse_json (r->body);
    g_autofree char *authorization = NULL;
    g_autofree char *path = g_strconcat ("/api/v1/referrals/", first, NULL);

    advisor = g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
    authorization = g_strconcat ("Bearer ", advisor, NULL);
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(Response) p = hub_request (hub, "PATCH", path, "application/json",
                                             i == 0 ? "{\"status\": \"received\"}"
                                                    : "{\"status\": \"accepted\"}", -1,
                                             (const char *[]) { "Authorization",
                                                                authorization, NULL });

        g_assert_cmpuint (p->status, ==, 200);
      }
  }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(DirOutboxItem) item = NULL;
    GListModel *items;

    status = hub_run_desk (TRUE, (const char *[]) { "--sync-now", "--db", desk_path,
                                          "--hub-url", hub->base_url, NULL }, &out, &err);
    g_test_message ("stdout: %s\nstderr: %s", out, err);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "; referrals: 0 sent, 0 refused, 0 waiting, "
                                   "2 status changes"));

    /* Another program changed the file: a fresh outbox sees it. */
    g_clear_object (&outbox);
    outbox = open_outbox (NULL);
    items = dir_outbox_get_items (outbox);
    item = g_list_model_get_item (items, 0);
    g_assert_cmpstr (dir_outbox_item_get_status (item), ==, "accepted");
  }

  /* Signed out: what waits is reported, exit status 1. */
  sign_out (account);
  second = queue_one (outbox, NULL);
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = hub_run_desk (TRUE, (const char *[]) { "--sync-now", "--db", desk_path,
                                          "--hub-url", hub->base_url, NULL }, &out, &err);
    g_test_message ("stdout: %s\nstderr: %s", out, err);
    g_assert_cmpint (status, ==, 1);
    g_assert_nonnull (strstr (out, "; referrals: 0 sent, 0 refused, 1 waiting"));
    g_assert_true (g_str_has_prefix (err, "Could not send the referrals: 1 referral waits to "
                                          "be sent: sign in"));
  }
  g_assert_cmpuint (hub_count_referrals (hub_db, second), ==, 0);

  /* Signed in again, hub down: both say why, nothing lost. */
  sign_in_ok (account, REFERRER);
  url = g_strdup (hub->base_url);
  hub_stop (hub, SIGTERM);
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    status = hub_run_desk (TRUE, (const char *[]) { "--sync-now", "--db", desk_path,
                                          "--hub-url", url, NULL }, &out, &err);
    g_test_message ("stdout: %s\nstderr: %s", out, err);
    g_assert_cmpint (status, ==, 1);
    g_assert_cmpstr (out, ==, "");
    g_assert_nonnull (strstr (err, "Could not sync the directory: Could not reach the hub"));
    g_assert_nonnull (strstr (err, "Could not send the referrals: Could not reach the hub"));
  }
  g_assert_cmpuint (dir_outbox_count (outbox, DIR_OUTBOX_QUEUED), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Only the test's own hub. */
  g_unsetenv ("DIRECTION_HUB_URL");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_test_add_func ("/desk/outbox/runner", test_runner);
  g_test_add_func ("/desk/outbox/runner-purge", test_runner_purge);
  g_test_add_func ("/desk/outbox/sync-now", test_sync_now);

  status = g_test_run ();
  hub_test_cleanup ();

  return status;
}
