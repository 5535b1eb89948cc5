/* test-account.c
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

/* DirAccount against the real direction-hub and a real Secret Service
 * (tests/keyring-run.sh: gnome-keyring on a private session bus): sign in,
 * wrong password, rate limit, restore, sign out (also with the hub down),
 * expiry, and notifications on the account's own main context. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <libsecret/secret.h>

#include "outbox-test-util.h"

static const SecretSchema session_schema = {
  "io.github.directionhub.Desk.Session", SECRET_SCHEMA_NONE,
  {
    { "hub", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "role", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "agency", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "expires_at", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static char *
keyring_token (const char *base_url)
{
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_sync (&session_schema, NULL, &error,
                                             "hub", base_url, NULL);

  g_assert_no_error (error);
  return token;
}

typedef struct
{
  GThread *main_thread;
  guint    notifies;
  guint    signed_in_notifies;
  guint    sign_in_required;
  gboolean off_thread;
} Watch;

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              Watch      *watch)
{
  watch->notifies++;
  if (g_strcmp0 (pspec->name, "signed-in") == 0)
    watch->signed_in_notifies++;
  if (g_thread_self () != watch->main_thread)
    watch->off_thread = TRUE;
}

static void
on_sign_in_required_cb (DirAccount *account,
                        Watch      *watch)
{
  watch->sign_in_required++;
  if (g_thread_self () != watch->main_thread)
    watch->off_thread = TRUE;
}

static void
watch_account (DirAccount *account,
               Watch      *watch)
{
  watch->main_thread = g_thread_self ();
  g_signal_connect (account, "notify", G_CALLBACK (on_notify_cb), watch);
  g_signal_connect (account, "sign-in-required", G_CALLBACK (on_sign_in_required_cb), watch);
}

static Response *
get_session (Hub        *hub,
             const char *token)
{
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

  return hub_request (hub, "GET", "/api/v1/session", NULL, NULL, 0,
                      (const char *[]) { "Authorization", authorization, NULL });
}

static void
test_sign_in_restore_out (void)
{
  g_autofree char *db = new_people_db ("account.db");
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DirAccount) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *token = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *url_slash = NULL;
  Watch watch = { 0 };
  Hub *hub = hub_start (db);
  GTimeSpan ttl;

  /* The address is normalised: a trailing slash is the same hub. */
  url_slash = g_strconcat (hub->base_url, "/", NULL);
  account = dir_account_new (url_slash);
  g_assert_cmpstr (dir_account_get_base_url (account), ==, hub->base_url);
  g_assert_false (dir_account_get_signed_in (account));
  g_assert_null (dir_account_dup_token (account));
  g_assert_cmpint (dir_account_get_role (account), ==, DIR_ROLE_NONE);
  watch_account (account, &watch);

  /* Nothing kept yet: restore reads the keyring and finds nothing. */
  g_assert_true (dir_account_restore (account, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (dir_account_get_signed_in (account));

  sign_in_ok (account, REFERRER);
  drain_main_context ();
  g_assert_cmpstr (dir_account_get_username (account), ==, REFERRER);
  g_assert_cmpint (dir_account_get_role (account), ==, DIR_ROLE_REFERRER);
  g_assert_cmpstr (dir_account_get_agency (account), ==, AGENCY);
  g_assert_true (dir_account_get_remembered (account));
  g_assert_nonnull (dir_account_get_expires_at (account));
  ttl = g_date_time_difference (dir_account_get_expires_at (account), now);
  g_assert_cmpint (ttl, >, 12 * G_TIME_SPAN_HOUR - G_TIME_SPAN_MINUTE);
  g_assert_cmpint (ttl, <=, 12 * G_TIME_SPAN_HOUR + G_TIME_SPAN_MINUTE);
  /* signed-in, username, role, agency, expires-at, remembered; on this thread. */
  g_assert_cmpuint (watch.signed_in_notifies, ==, 1);
  g_assert_cmpuint (watch.notifies, ==, 6);
  g_assert_false (watch.off_thread);

  /* The token is in the keyring, and it is a live session at the hub. */
  token = dir_account_dup_token (account);
  g_assert_nonnull (token);
  kept = keyring_token (hub->base_url);
  g_assert_cmpstr (kept, ==, token);
  {
    g_autoptr(Response) r = get_session (hub, token);

    g_assert_cmpuint (r->status, ==, 200);
  }

  /* A new account object (the desk restarted) restores it, offline. */
  again = dir_account_new (hub->base_url);
  g_assert_true (dir_account_restore (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (dir_account_get_signed_in (again));
  g_assert_cmpstr (dir_account_get_username (again), ==, REFERRER);
  g_assert_cmpint (dir_account_get_role (again), ==, DIR_ROLE_REFERRER);
  g_assert_cmpstr (dir_account_get_agency (again), ==, AGENCY);
  g_assert_true (g_date_time_equal (dir_account_get_expires_at (again),
                                    dir_account_get_expires_at (account)));
  {
    g_autofree char *restored = dir_account_dup_token (again);

    g_assert_cmpstr (restored, ==, token);
  }

  /* Sign out: the keyring forgets, the hub revokes. */
  watch.signed_in_notifies = 0;
  sign_out (account);
  drain_main_context ();
  g_assert_false (dir_account_get_signed_in (account));
  g_assert_null (dir_account_dup_token (account));
  g_assert_cmpint (dir_account_get_role (account), ==, DIR_ROLE_NONE);
  g_assert_null (dir_account_get_expires_at (account));
  g_assert_cmpuint (watch.signed_in_notifies, ==, 1);
  g_assert_null (keyring_token (hub->base_url));
  {
    g_autoptr(Response) r = get_session (hub, token);

    g_assert_cmpuint (r->status, ==, 401);
  }

  g_clear_object (&again);
  again = dir_account_new (hub->base_url);
  g_assert_true (dir_account_restore (again, NULL, &error));
  g_assert_false (dir_account_get_signed_in (again));

  hub_stop (hub, SIGTERM);
}

static void
test_wrong_password_and_limits (void)
{
  g_autofree char *db = new_people_db ("account-wrong.db");
  const char *env[] = { "DIRECTION_HUB_LOGIN_MAX_PER_USER=2", NULL };
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Hub *hub = hub_start_full (db, env, NULL);

  account = dir_account_new (hub->base_url);

  g_assert_false (sign_in (account, REFERRER, "not the password at all", &error));
  g_assert_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "401"));
  g_assert_nonnull (strstr (error->message, "user name or password is not right"));
  g_assert_false (dir_account_get_signed_in (account));
  g_assert_null (keyring_token (hub->base_url));
  g_clear_error (&error);

  /* An unknown user gets the same answer. */
  g_assert_false (sign_in (account, "nobody-here", PASSWORD, &error));
  g_assert_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "user name or password is not right"));
  g_clear_error (&error);

  /* Past the limit even the right password waits. */
  g_assert_false (sign_in (account, REFERRER, "wrong again, still wrong", &error));
  g_clear_error (&error);
  g_assert_false (sign_in (account, REFERRER, PASSWORD, &error));
  g_assert_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_HTTP);
  g_assert_nonnull (strstr (error->message, "429"));
  g_assert_nonnull (strstr (error->message, "Too many"));
  g_assert_false (dir_account_get_signed_in (account));
  g_clear_error (&error);

  /* The hub gone: a network error, nothing kept. */
  url = g_strdup (hub->base_url);
  hub_stop (hub, SIGTERM);
  g_assert_false (sign_in (account, VOLUNTEER, PASSWORD, &error));
  g_assert_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_NETWORK);
  g_assert_false (dir_account_get_signed_in (account));
  g_assert_null (keyring_token (url));
}

static void
test_sign_out_offline (void)
{
  g_autofree char *db = new_people_db ("account-offline.db");
  g_autoptr(DirAccount) account = NULL;
  g_autofree char *url = NULL;
  Hub *hub = hub_start (db);

  account = dir_account_new (hub->base_url);
  sign_in_ok (account, VOLUNTEER);
  g_assert_cmpint (dir_account_get_role (account), ==, DIR_ROLE_VOLUNTEER);
  url = g_strdup (hub->base_url);
  hub_stop (hub, SIGTERM);

  /* Never fails for lack of network, and forgets everything here. */
  sign_out (account);
  g_assert_false (dir_account_get_signed_in (account));
  g_assert_null (dir_account_dup_token (account));
  g_assert_null (keyring_token (url));
}

static void
test_restore_expired (void)
{
  g_autoptr(DirAccount) account = dir_account_new ("http://127.0.0.1:9");
  g_autoptr(GError) error = NULL;
  g_autofree char *past = time_from_now (-G_TIME_SPAN_MINUTE);

  /* A session the keyring kept past its end. */
  secret_password_store_sync (&session_schema, SECRET_COLLECTION_DEFAULT, "test",
                              "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, &error,
                              "hub", "http://127.0.0.1:9", "username", "old-user",
                              "role", "referrer", "agency", AGENCY, "expires_at", past, NULL);
  g_assert_no_error (error);

  g_assert_true (dir_account_restore (account, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (dir_account_get_signed_in (account));
  g_assert_null (dir_account_dup_token (account));
  /* Offered to the sign-in dialog. */
  g_assert_cmpstr (dir_account_get_username (account), ==, "old-user");
  g_assert_cmpstr (dir_account_get_agency (account), ==, AGENCY);
  g_assert_cmpint (dir_account_get_role (account), ==, DIR_ROLE_NONE);
  /* And gone from the keyring. */
  g_assert_null (keyring_token ("http://127.0.0.1:9"));
}

typedef struct
{
  DirAccount *account;
  char       *token;
} ExpireData;

static gpointer
expire_thread (gpointer data)
{
  ExpireData *expire = data;

  dir_account_mark_expired (expire->account, expire->token);
  return NULL;
}

static void
test_mark_expired (void)
{
  g_autofree char *db = new_people_db ("account-expired.db");
  g_autoptr(DirAccount) account = NULL;
  g_autofree char *token = NULL;
  g_autofree char *second = NULL;
  GThread *thread;
  Watch watch = { 0 };
  ExpireData expire;
  Hub *hub = hub_start (db);

  account = dir_account_new (hub->base_url);
  watch_account (account, &watch);
  sign_in_ok (account, REFERRER);
  token = dir_account_dup_token (account);

  /* Sign in again: the first token is now stale, and a 401 someone got
   * with it must not sign the new session out. */
  sign_in_ok (account, REFERRER);
  second = dir_account_dup_token (account);
  g_assert_cmpstr (second, !=, token);
  drain_main_context ();
  watch.signed_in_notifies = 0;

  dir_account_mark_expired (account, token);
  drain_main_context ();
  g_assert_true (dir_account_get_signed_in (account));
  g_assert_cmpuint (watch.sign_in_required, ==, 0);
  {
    g_autofree char *kept = keyring_token (hub->base_url);

    g_assert_cmpstr (kept, ==, second);
  }

  /* From a worker thread, as a sync would: the signal comes here. */
  expire.account = account;
  expire.token = second;
  thread = g_thread_new ("expire", expire_thread, &expire);
  g_thread_join (thread);
  g_assert_false (dir_account_get_signed_in (account));
  g_assert_cmpuint (watch.sign_in_required, ==, 0);   /* not yet: it is queued */
  drain_main_context ();
  g_assert_cmpuint (watch.sign_in_required, ==, 1);
  g_assert_cmpuint (watch.signed_in_notifies, ==, 1);
  g_assert_false (watch.off_thread);
  /* Who it was stays for the dialog; the token is gone, keyring too. */
  g_assert_cmpstr (dir_account_get_username (account), ==, REFERRER);
  g_assert_cmpstr (dir_account_get_agency (account), ==, AGENCY);
  g_assert_null (dir_account_dup_token (account));
  g_assert_null (keyring_token (hub->base_url));

  /* Twice is once. */
  dir_account_mark_expired (account, second);
  drain_main_context ();
  g_assert_cmpuint (watch.sign_in_required, ==, 1);

  hub_stop (hub, SIGTERM);
}

static void
test_session_ttl (void)
{
  g_autofree char *db = new_people_db ("account-ttl.db");
  const char *env[] = { "DIRECTION_HUB_SESSION_TTL_S=1", NULL };
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(DirAccount) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  Hub *hub = hub_start_full (db, env, NULL);

  account = dir_account_new (hub->base_url);
  sign_in_ok (account, REFERRER);
  token = dir_account_dup_token (account);
  g_usleep (2100 * G_TIME_SPAN_MILLISECOND);

  /* The hub has ended it... */
  {
    g_autoptr(Response) r = get_session (hub, token);

    g_assert_cmpuint (r->status, ==, 401);
  }

  /* ...and a desk that starts now does not pretend otherwise. */
  later = dir_account_new (hub->base_url);
  g_assert_true (dir_account_restore (later, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (dir_account_get_signed_in (later));
  g_assert_cmpstr (dir_account_get_username (later), ==, REFERRER);

  hub_stop (hub, SIGTERM);
}

static void
test_roles (void)
{
  g_assert_cmpstr (dir_role_to_string (DIR_ROLE_VOLUNTEER), ==, "volunteer");
  g_assert_null (dir_role_to_string (DIR_ROLE_NONE));
  g_assert_null (dir_role_to_string (42));
  g_assert_cmpint (dir_role_from_string ("advisor"), ==, DIR_ROLE_ADVISOR);
  g_assert_cmpint (dir_role_from_string ("Advisor"), ==, DIR_ROLE_NONE);
  g_assert_cmpint (dir_role_from_string (NULL), ==, DIR_ROLE_NONE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/account/roles", test_roles);
  g_test_add_func ("/account/sign-in-restore-out", test_sign_in_restore_out);
  g_test_add_func ("/account/wrong-password-and-limits", test_wrong_password_and_limits);
  g_test_add_func ("/account/sign-out-offline", test_sign_out_offline);
  g_test_add_func ("/account/restore-expired", test_restore_expired);
  g_test_add_func ("/account/mark-expired", test_mark_expired);
  g_test_add_func ("/account/session-ttl", test_session_ttl);

  status = g_test_run ();
  hub_test_cleanup ();

  return status;
}
