/* outbox-test-util.h
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

#pragma once

/* Shared by test-account.c and test-outbox.c: the hub's people, waiting
 * for async results on the main context, and referral bodies. */

#include "hub-test-util.h"

#define PASSWORD        "correct horse battery staple"
#define AGENCY          "Bedford Probation"
#define AGENCY_HUB      "Direction Hub"
#define REFERRER        "ref-a"
#define VOLUNTEER       "vol-a"
#define ADVISOR         "advisor"
/* tests/data/hub-directory.json */
#define SHELTER_ID      "6f1c2d3e-4a5b-4c6d-8e7f-000000000001"

/* A name no real person has, to look for in the database's bytes. */
#define PERSON_GIVEN    "Zebedee"
#define PERSON_FAMILY   "Quixotebottom"

static inline char *
new_people_db (const char *name)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  char *db_path = hub_new_db (name, fixture);

  hub_add_user (db_path, AGENCY, "referrer", REFERRER, PASSWORD);
  hub_add_user (db_path, AGENCY, "volunteer", VOLUNTEER, PASSWORD);
  hub_add_user (db_path, AGENCY_HUB, "advisor", ADVISOR, PASSWORD);

  return db_path;
}

static inline void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Iterates the main context until *result is set. */
static inline void
wait_for_result (GAsyncResult **result)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static inline void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static inline gboolean
sign_in (DirAccount  *account,
         const char  *username,
         const char  *password,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dir_account_sign_in_async (account, username, password, NULL, store_result_cb, &result);
  wait_for_result (&result);
  return dir_account_sign_in_finish (account, result, error);
}

static inline void
sign_in_ok (DirAccount *account,
            const char *username)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sign_in (account, username, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (dir_account_get_signed_in (account));
}

static inline void
sign_out (DirAccount *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dir_account_sign_out_async (account, NULL, store_result_cb, &result);
  wait_for_result (&result);
  g_assert_true (dir_account_sign_out_finish (account, result, &error));
  g_assert_no_error (error);
}

static inline char *
time_from_now (GTimeSpan offset)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add (now, offset);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

/* A complete referral to the night shelter, as the form would send it;
 * date_of_birth NULL for a valid one. */
static inline char *
referral_body (const char *id,
               const char *date_of_birth,
               gboolean    with_risk)
{
  g_autofree char *given_at = time_from_now (-G_TIME_SPAN_HOUR);

  return g_strdup_printf (
    "{"
    "\"id\": \"%s\","
    "\"kind\": \"referral\","
    "\"service_id\": \"" SHELTER_ID "\","
    "\"person\": {"
    "  \"given_name\": \"" PERSON_GIVEN "\","
    "  \"family_name\": \"" PERSON_FAMILY "\","
    "  \"date_of_birth\": \"%s\","
    "  \"contact\": {\"phone\": \"01632 960123\", \"email\": \"zq@example.org\"},"
    "  \"preferred_language\": \"pl\","
    "  \"interpreter_needed\": true"
    "},"
    "\"release\": {\"date\": \"2026-12-01\", \"postcode\": \"MK40 1PG\"},"
    "\"needs\": [\"ACC.EMERG\"],"
    "\"notes\": \"Released on Friday; needs a bed that night.\","
    "%s"
    "\"consent\": {\"given_by\": \"person\", \"given_at\": \"%s\", \"method\": \"verbal\","
    "              \"share_with\": [\"service\", \"direction\"]},"
    "\"callback_requested\": false"
    "}",
    id, date_of_birth ? date_of_birth : "1990-04-12",
    with_risk ? "\"risk\": {\"rosh\": \"medium\", \"mappa_level\": 1},"  : "",
    given_at);
}
