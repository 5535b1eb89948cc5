/* test-hub-referrals.c
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

/* Referral intake, the status lifecycle, the referral changes feed and the
 * list-referrals/purge-referrals commands of the real direction-hub binary
 * ($DIRECTION_HUB) on a loopback port: every route and error, the role ×
 * route matrix, idempotency (sequential and concurrent), durability across
 * a SIGKILL right after a 201, and hostile bodies. */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "hub-test-util.h"

#define PASSWORD        "correct horse battery staple"
#define AGENCY_A        "Bedford Probation"
#define AGENCY_B        "Luton Mentoring Circle"
#define AGENCY_HUB      "Direction Hub"
#define AGENCY_PROVIDER "Sample Housing Provider"

#define SHELTER_ID      "6f1c2d3e-4a5b-4c6d-8e7f-000000000001"
#define HOUSING_ID      "6f1c2d3e-4a5b-4c6d-8e7f-000000000002"
#define UNKNOWN_ID      "6f1c2d3e-4a5b-4c6d-8e7f-0000000000ff"

typedef enum
{
  REFERRER_A,
  VOLUNTEER_A,
  REFERRER_B,
  ADVISOR,
  PROVIDER,
  ADMIN,
  NOBODY,
  N_USERS
} User;

static const struct
{
  const char *username;
  const char *agency;
  const char *role;
} users[] = {
  [REFERRER_A]  = { "ref-a",    AGENCY_A,        "referrer" },
  [VOLUNTEER_A] = { "vol-a",    AGENCY_A,        "volunteer" },
  [REFERRER_B]  = { "ref-b",    AGENCY_B,        "referrer" },
  [ADVISOR]     = { "advisor",  AGENCY_HUB,      "advisor" },
  [PROVIDER]    = { "provider", AGENCY_PROVIDER, "provider" },
  [ADMIN]       = { "admin",    AGENCY_HUB,      "admin" },
};

static Hub  *main_hub;
static char *main_db;
static char *tokens[N_USERS];

/* ---- helpers ------------------------------------------------------------- */

static void
run_ok (const char * const *args,
        const char         *stdin_text)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = hub_run_cli (args, stdin_text, &out, &err);

  if (status != 0)
    g_test_message ("%s: %s", args[0], err);
  g_assert_cmpint (status, ==, 0);
}

/* A database with the fixture directory, four agencies and one user per role. */
static char *
new_referrals_db (const char *name)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  char *db_path = hub_new_db (name, fixture);
  const char *agencies[] = { AGENCY_A, AGENCY_B, AGENCY_HUB, AGENCY_PROVIDER };

  for (guint i = 0; i < G_N_ELEMENTS (agencies); i++)
    run_ok ((const char *[]) { "add-agency", "--db", db_path, agencies[i], NULL }, NULL);

  for (guint i = 0; i < NOBODY; i++)
    run_ok ((const char *[]) { "add-user", "--db", db_path, "--agency", users[i].agency,
                               "--role", users[i].role, users[i].username, NULL },
            PASSWORD "\n");

  return db_path;
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

  if (response->status != SOUP_STATUS_CREATED)
    g_test_message ("sign-in of %s: %u %s", username, response->status, response->body);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);

  root = hub_parse_json (response->body);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}

static void
login_all (Hub *hub)
{
  for (guint i = 0; i < NOBODY; i++)
    {
      g_free (tokens[i]);
      tokens[i] = login_token (hub, users[i].username);
    }
}

/* Any request as a user (NOBODY: no token), with an optional
 * Idempotency-Key and more headers. */
static Response *
api_full (Hub          *hub,
          User          user,
          const char   *method,
          const char   *path,
          const char   *key,
          const char   *content_type,
          const char   *body,
          gssize        length)
{
  g_autofree char *authorization = NULL;
  const char *headers[7] = { NULL };
  guint n = 0;

  if (user != NOBODY)
    {
      authorization = g_strconcat ("Bearer ", tokens[user], NULL);
      headers[n++] = "Authorization";
      headers[n++] = authorization;
    }
  if (key != NULL)
    {
      headers[n++] = "Idempotency-Key";
      headers[n++] = key;
    }

  return hub_request (hub, method, path, content_type, body, length, headers);
}

static Response *
api (User        user,
     const char *method,
     const char *path,
     const char *body)
{
  return api_full (main_hub, user, method, path, NULL, NULL, body, -1);
}

static Response *
post_on (Hub        *hub,
         User        user,
         const char *key,
         const char *body)
{
  return api_full (hub, user, "POST", "/api/v1/referrals", key, NULL, body, -1);
}

static Response *
post (User        user,
      const char *key,
      const char *body)
{
  return post_on (main_hub, user, key, body);
}

static char *
new_id (void)
{
  return g_uuid_string_random ();
}

static char *
timestamp_from_now (GTimeSpan offset)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add (now, offset);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

/* A complete, valid referral to the night shelter, as a JSON object the
 * test can change before sending. */
static JsonNode *
referral_node (const char *id)
{
  g_autofree char *given_at = timestamp_from_now (-G_TIME_SPAN_HOUR);
  g_autofree char *text = g_strdup_printf (
    "{"
    "  \"id\": \"%s\","
    "  \"kind\": \"referral\","
    "  \"service_id\": \"" SHELTER_ID "\","
    "  \"person\": {"
    "    \"given_name\": \"Sample\","
    "    \"family_name\": \"Person\","
    "    \"date_of_birth\": \"1990-04-12\","
    "    \"contact\": {"
    "      \"phone\": \"01632 960123\","
    "      \"email\": \"sample.person@example.org\","
    "      \"address\": \"1 Sample Street, Bedford\","
    "      \"postcode\": \"mk401pg\""
    "    },"
    "    \"preferred_language\": \"pl\","
    "    \"interpreter_needed\": true,"
    "    \"crn\": \"X123456\","
    "    \"prison_number\": \"A1234BC\""
    "  },"
    "  \"release\": {\"date\": \"2026-12-01\", \"postcode\": \"MK40 1PG\"},"
    "  \"needs\": [\"ACC.EMERG\", \"FIN\"],"
    "  \"notes\": \"Released on Friday; needs a bed that night.\","
    "  \"risk\": {\"rosh\": \"medium\", \"mappa_level\": 1, \"do_not_see_alone\": false,"
    "           \"risk_to_self\": false, \"notes\": \"Check with offender manager\"},"
    "  \"consent\": {\"given_by\": \"person\", \"given_at\": \"%s\", \"method\": \"verbal\","
    "              \"share_with\": [\"service\", \"direction\"]},"
    "  \"callback_requested\": false"
    "}", id, given_at);

  return hub_parse_json (text);
}

static char *
node_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static char *
referral_text (const char *id)
{
  g_autoptr(JsonNode) node = referral_node (id);

  return node_text (node);
}

static JsonObject *
object_at (JsonNode   *root,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = json_node_get_object (root);

  for (guint i = 0; parts[i] != NULL && parts[i][0] != '\0'; i++)
    object = json_object_get_object_member (object, parts[i]);

  return object;
}

/* Posts a fresh valid referral as user; returns its id. */
static char *
create_referral_on (Hub  *hub,
                    User  user)
{
  char *id = new_id ();
  g_autoptr(JsonNode) node = referral_node (id);
  g_autofree char *body = NULL;
  g_autoptr(Response) response = NULL;

  if (user == VOLUNTEER_A)
    json_object_remove_member (json_node_get_object (node), "risk");
  body = node_text (node);

  response = post_on (hub, user, id, body);
  if (response->status != SOUP_STATUS_CREATED)
    g_test_message ("POST: %u %s", response->status, response->body);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);

  return id;
}

static char *
create_referral (User user)
{
  return create_referral_on (main_hub, user);
}

static sqlite3 *
open_sqlite (const char *db_path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);

  return db;
}

static gint64
query_int (const char *db_path,
           const char *sql,
           const char *arg)
{
  sqlite3 *db = open_sqlite (db_path);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
exec_sql (const char *db_path,
          const char *sql)
{
  sqlite3 *db = open_sqlite (db_path);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static gint64
count_rows (const char *db_path,
            const char *id)
{
  return query_int (db_path, "SELECT count(*) FROM referral WHERE id = ?", id);
}

static gint64
count_history (const char *db_path,
               const char *id)
{
  return query_int (db_path, "SELECT count(*) FROM referral_history WHERE referral_id = ?", id);
}

static gint64
count_audit (const char *action,
             const char *subject)
{
  if (subject == NULL)
    return query_int (main_db, "SELECT count(*) FROM audit WHERE action = ?", action);

  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit WHERE action = ? "
                                            "AND subject_id = '%s'", subject);

    return query_int (main_db, sql, action);
  }
}

static void
assert_error (Response   *response,
              guint       status,
              const char *code,
              const char *field)
{
  if (response->status != status)
    g_test_message ("expected %u %s, got %u %s", status, code, response->status,
                    response->body);
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/json");
  hub_assert_error_body (response->body, code, field);
}

static void
assert_alive (void)
{
  g_autoptr(Response) response = hub_request (main_hub, "GET", "/api/v1/", NULL, NULL, 0, NULL);

  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
}

static char *
path_for (const char *id)
{
  return g_strconcat ("/api/v1/referrals/", id, NULL);
}

static Response *
patch_status (User        user,
              const char *id,
              const char *body)
{
  g_autofree char *path = path_for (id);

  return api (user, "PATCH", path, body);
}

static void
patch_ok (const char *id,
          const char *body)
{
  g_autoptr(Response) response = patch_status (ADVISOR, id, body);

  if (response->status != SOUP_STATUS_OK)
    g_test_message ("PATCH %s: %u %s", body, response->status, response->body);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
}

/* ---- intake -------------------------------------------------------------- */

static void
test_create (void)
{
  g_autofree char *id = new_id ();
  g_autofree char *body = referral_text (id);
  g_autofree char *path = path_for (id);
  g_autoptr(Response) response = post (REFERRER_A, id, body);
  g_autoptr(Response) read = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(GRegex) reference = g_regex_new ("^DIR-[0-9]{4}-[0-9]{6}$", 0, 0, NULL);
  JsonObject *object;
  JsonArray *history;

  g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Location"), ==, path);
  g_assert_null (soup_message_headers_get_one (response->headers, "Idempotent-Replay"));

  root = hub_parse_json (response->body);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id);
  g_assert_true (g_regex_match (reference, json_object_get_string_member (object, "reference"),
                                0, NULL));
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "submitted");
  g_assert_cmpstr (json_object_get_string_member (object, "service_id"), ==, SHELTER_ID);
  g_assert_nonnull (json_object_get_string_member (object, "created_at"));
  history = json_object_get_array_member (object, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 0),
                                                  "status"), ==, "submitted");
  /* Only the receipt: no personal data comes back. */
  g_assert_false (json_object_has_member (object, "person"));

  g_assert_cmpint (count_rows (main_db, id), ==, 1);
  g_assert_cmpint (count_history (main_db, id), ==, 1);
  g_assert_cmpint (count_audit ("referral.create", id), ==, 1);

  /* Read back: normalised, complete. */
  read = api (REFERRER_A, "GET", path, NULL);
  g_assert_cmpuint (read->status, ==, SOUP_STATUS_OK);
  stored = hub_parse_json (read->body);
  object = json_node_get_object (stored);
  g_assert_cmpstr (json_object_get_string_member (object, "reference"), ==,
                   json_object_get_string_member (json_node_get_object (root), "reference"));
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "referral");
  g_assert_cmpstr (json_object_get_string_member (object_at (stored, "person"), "given_name"), ==,
                   "Sample");
  g_assert_cmpstr (json_object_get_string_member (object_at (stored, "person.contact"),
                                                  "postcode"), ==, "MK40 1PG");
  g_assert_cmpint (json_object_get_int_member (object_at (stored, "risk"), "mappa_level"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object_at (stored, "consent"), "method"), ==,
                   "verbal");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "needs")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "history")), ==,
                    1);
  g_assert_cmpint (count_audit ("referral.read", id), ==, 1);

  /* Upper-case ids are the same referral. */
  {
    g_autofree char *upper = g_ascii_strup (id, -1);
    g_autofree char *upper_path = path_for (upper);
    g_autoptr(Response) again = api (REFERRER_A, "GET", upper_path, NULL);

    g_assert_cmpuint (again->status, ==, SOUP_STATUS_OK);
  }
}

static void
test_references_sequential (void)
{
  g_autofree char *first = create_referral (REFERRER_A);
  g_autofree char *second = create_referral (REFERRER_B);
  g_autofree char *ref1 = NULL;
  g_autofree char *ref2 = NULL;
  sqlite3 *db = open_sqlite (main_db);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT reference FROM referral WHERE id = ?", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  ref1 = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, second, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  ref2 = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* Same year, consecutive numbers. */
  g_assert_cmpint (strncmp (ref1, ref2, 9), ==, 0);
  g_assert_cmpint (g_ascii_strtoll (ref2 + 9, NULL, 10), ==,
                   g_ascii_strtoll (ref1 + 9, NULL, 10) + 1);
}

static void
test_kinds (void)
{
  /* Signpost: no personal data at all. */
  {
    g_autofree char *id = new_id ();
    g_autofree char *body = g_strdup_printf ("{\"id\": \"%s\", \"kind\": \"signpost\", "
                                             "\"service_id\": \"" HOUSING_ID "\", "
                                             "\"needs\": [\"ACC\"]}", id);
    g_autoptr(Response) response = post (VOLUNTEER_A, id, body);

    g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
  }

  /* A signpost that carries person, risk or notes is refused. */
  {
    const char *personal[] = { "person", "notes", "risk" };

    for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
      {
        g_autofree char *id = new_id ();
        g_autoptr(JsonNode) node = referral_node (id);
        g_autofree char *body = NULL;
        g_autoptr(Response) response = NULL;
        JsonObject *object = json_node_get_object (node);

        json_object_set_string_member (object, "kind", "signpost");
        for (guint j = 0; j < G_N_ELEMENTS (personal); j++)
          {
            if (j != i)
              json_object_remove_member (object, personal[j]);
          }
        body = node_text (node);
        response = post (REFERRER_A, id, body);
        assert_error (response, 422, "invalid", personal[i]);
        g_assert_cmpint (count_rows (main_db, id), ==, 0);
      }
  }

  /* Callback: no service, a phone number to call, shared with Direction. */
  {
    g_autofree char *id = new_id ();
    g_autoptr(JsonNode) node = referral_node (id);
    g_autofree char *body = NULL;
    g_autoptr(Response) response = NULL;
    g_autoptr(JsonNode) root = NULL;
    JsonObject *object = json_node_get_object (node);

    json_object_set_string_member (object, "kind", "callback");
    json_object_set_null_member (object, "service_id");
    json_object_set_boolean_member (object, "callback_requested", TRUE);
    body = node_text (node);
    response = post (REFERRER_A, id, body);
    g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
    root = hub_parse_json (response->body);
    g_assert_true (json_object_get_null_member (json_node_get_object (root), "service_id"));
  }

  /* A callback without a phone number cannot be called back. */
  {
    g_autofree char *id = new_id ();
    g_autoptr(JsonNode) node = referral_node (id);
    g_autofree char *body = NULL;
    g_autoptr(Response) response = NULL;

    json_object_set_string_member (json_node_get_object (node), "kind", "callback");
    json_object_remove_member (object_at (node, "person.contact"), "phone");
    body = node_text (node);
    response = post (REFERRER_A, id, body);
    assert_error (response, 422, "invalid", "person.contact.phone");
  }

  /* A referral needs a service. */
  {
    g_autofree char *id = new_id ();
    g_autoptr(JsonNode) node = referral_node (id);
    g_autofree char *body = NULL;
    g_autoptr(Response) response = NULL;

    json_object_set_null_member (json_node_get_object (node), "service_id");
    body = node_text (node);
    response = post (REFERRER_A, id, body);
    assert_error (response, 422, "invalid", "service_id");
  }
}

typedef struct
{
  const char *path;     /* object holding the member: "" (top), "person", "person.contact" … */
  const char *member;
  const char *json;     /* the new value as JSON text; NULL removes the member */
  const char *field;    /* expected "field" of the 422 */
} Mutation;

static void
test_validation (void)
{
  g_autofree char *tomorrow = NULL;
  g_autofree char *future_consent = timestamp_from_now (2 * G_TIME_SPAN_DAY);
  g_autofree char *long_notes = NULL;
  g_autofree char *future_consent_json = g_strdup_printf ("\"%s\"", future_consent);
  g_autofree char *long_notes_json = NULL;
  g_autofree char *tomorrow_json = NULL;

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) then = g_date_time_add_days (now, 2);

    tomorrow = g_date_time_format (then, "%Y-%m-%d");
    tomorrow_json = g_strdup_printf ("\"%s\"", tomorrow);
  }
  long_notes = g_strnfill (4001, 'x');
  long_notes_json = g_strdup_printf ("\"%s\"", long_notes);

  {
    const Mutation mutations[] = {
      { "person", "date_of_birth", tomorrow_json, "person.date_of_birth" },
      { "person", "date_of_birth", "\"1990-02-30\"", "person.date_of_birth" },
      { "person", "date_of_birth", "\"12/04/1990\"", "person.date_of_birth" },
      { "person", "date_of_birth", NULL, "person.date_of_birth" },
      { "person", "given_name", NULL, "person.given_name" },
      { "person", "given_name", "\"   \"", "person.given_name" },
      { "person", "given_name", "42", "person.given_name" },
      { "person", "family_name", "\"Tab\\there\"", "person.family_name" },
      { "person.contact", "postcode", "\"NOT A POSTCODE\"", "person.contact.postcode" },
      { "person.contact", "phone", "\"call me maybe\"", "person.contact.phone" },
      { "person.contact", "phone", "\"123\"", "person.contact.phone" },
      { "person.contact", "email", "\"not-an-address\"", "person.contact.email" },
      { "person.contact", "fax", "\"01632 960000\"", "person.contact.fax" },
      { "person", "crn", "\"123456X\"", "person.crn" },
      { "person", "prison_number", "\"A12345B\"", "person.prison_number" },
      { "person", "preferred_language", "\"polish language\"", "person.preferred_language" },
      { "person", "interpreter_needed", "\"yes\"", "person.interpreter_needed" },
      { "release", "date", "\"soon\"", "release.date" },
      { "release", "postcode", "\"ZZ\"", "release.postcode" },
      { "", "service_id", "\"" UNKNOWN_ID "\"", "service_id" },
      { "", "service_id", "\"../../etc/passwd\"", "service_id" },
      { "", "needs", "[\"ACC.EMERG\", \"NOPE\"]", "needs[1]" },
      { "", "needs", "[\"FIN\", \"FIN\"]", "needs[1]" },
      { "", "needs", "\"FIN\"", "needs" },
      { "", "notes", long_notes_json, "notes" },
      { "", "kind", "\"complaint\"", "kind" },
      { "", "kind", NULL, "kind" },
      { "", "surprise", "true", "surprise" },
      { "", "person", "[]", "person" },
      { "", "consent", NULL, "consent" },
      { "consent", "given_at", future_consent_json, "consent.given_at" },
      { "consent", "given_at", "\"yesterday\"", "consent.given_at" },
      { "consent", "given_by", "\"neighbour\"", "consent.given_by" },
      { "consent", "method", "\"telepathy\"", "consent.method" },
      { "consent", "share_with", "[\"direction\"]", "consent.share_with" },
      { "consent", "share_with", "[\"everyone\"]", "consent.share_with" },
      { "risk", "rosh", "\"extreme\"", "risk.rosh" },
      { "risk", "mappa_level", "7", "risk.mappa_level" },
      { "risk", "mappa_level", "1.5", "risk.mappa_level" },
      { "risk", "mappa_level", "-1", "risk.mappa_level" },
      { "risk", "mappa_level", "4294967299", "risk.mappa_level" },
      { "", "callback_requested", "\"no\"", "callback_requested" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
      {
        const Mutation *m = &mutations[i];
        g_autofree char *id = new_id ();
        g_autoptr(JsonNode) node = referral_node (id);
        g_autofree char *body = NULL;
        g_autoptr(Response) response = NULL;
        JsonObject *object = object_at (node, m->path);

        if (m->json == NULL)
          {
            json_object_remove_member (object, m->member);
          }
        else
          {
            g_autoptr(JsonNode) value = hub_parse_json (m->json);

            json_object_set_member (object, m->member, json_node_copy (value));
          }

        body = node_text (node);
        response = post (REFERRER_A, id, body);
        g_test_message ("mutation %u: %s.%s", i, m->path, m->member);
        assert_error (response, 422, "invalid", m->field);
        g_assert_cmpint (count_rows (main_db, id), ==, 0);
      }
  }
}

static void
test_idempotency (void)
{
  g_autofree char *id = new_id ();
  g_autofree char *body = referral_text (id);
  g_autoptr(Response) first = post (REFERRER_A, id, body);
  g_autoptr(Response) second = NULL;

  g_assert_cmpuint (first->status, ==, SOUP_STATUS_CREATED);

  /* The same again: the first answer, marked as a replay; one row. */
  second = post (REFERRER_A, id, body);
  g_assert_cmpuint (second->status, ==, SOUP_STATUS_CREATED);
  g_assert_cmpstr (second->body, ==, first->body);
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "Idempotent-Replay"), ==, "true");
  g_assert_cmpint (count_rows (main_db, id), ==, 1);
  g_assert_cmpint (count_audit ("referral.create", id), ==, 1);

  /* Same meaning, other member order and spacing: still a replay. */
  {
    g_autoptr(JsonNode) node = referral_node (id);
    g_autoptr(JsonObject) reordered = json_object_new ();
    g_autoptr(GList) names = json_object_get_members (json_node_get_object (node));
    g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autofree char *text = NULL;
    g_autoptr(Response) response = NULL;

    names = g_list_reverse (names);
    for (const GList *l = names; l != NULL; l = l->next)
      json_object_set_member (reordered, l->data,
                              json_node_copy (json_object_get_member (json_node_get_object (node),
                                                                      l->data)));
    /* Keep consent's given_at from the first body. */
    {
      g_autoptr(JsonNode) original = hub_parse_json (body);
      JsonObject *original_object = json_node_get_object (original);

      json_object_set_member (reordered, "consent",
                              json_node_copy (json_object_get_member (original_object,
                                                                      "consent")));
    }
    json_node_set_object (root, reordered);
    json_generator_set_root (generator, root);
    json_generator_set_pretty (generator, TRUE);
    text = json_generator_to_data (generator, NULL);

    response = post (REFERRER_A, id, text);
    g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
    g_assert_cmpstr (response->body, ==, first->body);
  }

  /* Same key, other body. */
  {
    g_autoptr(JsonNode) node = hub_parse_json (body);
    g_autofree char *other = NULL;
    g_autoptr(Response) response = NULL;

    json_object_set_string_member (json_node_get_object (node), "notes", "Something else");
    other = node_text (node);
    response = post (REFERRER_A, id, other);
    assert_error (response, 422, "idempotency_key_reused", NULL);
  }

  /* Same key and body from another agency: never its answer. */
  {
    g_autoptr(Response) response = post (REFERRER_B, id, body);

    assert_error (response, 422, "idempotency_key_reused", NULL);
    g_assert_null (strstr (response->body, "DIR-"));
  }

  g_assert_cmpint (count_rows (main_db, id), ==, 1);

  /* Missing, malformed or mismatched keys. */
  {
    g_autofree char *other_id = new_id ();
    g_autofree char *fresh = referral_text (other_id);
    g_autoptr(Response) missing = post (REFERRER_A, NULL, fresh);
    g_autoptr(Response) malformed = post (REFERRER_A, "not-a-uuid", fresh);
    g_autoptr(Response) traversal = post (REFERRER_A, "../../../etc/passwd", fresh);
    g_autoptr(Response) mismatch = post (REFERRER_A, id, fresh);

    assert_error (missing, 400, "idempotency_key_required", NULL);
    assert_error (malformed, 400, "invalid_idempotency_key", NULL);
    assert_error (traversal, 400, "invalid_idempotency_key", NULL);
    assert_error (mismatch, 422, "idempotency_key_mismatch", "id");
    g_assert_cmpint (count_rows (main_db, other_id), ==, 0);
  }

  /* A refused body does not use the key up: fixed, it goes through. */
  {
    g_autofree char *fixed_id = new_id ();
    g_autoptr(JsonNode) node = referral_node (fixed_id);
    g_autofree char *bad = NULL;
    g_autofree char *good = referral_text (fixed_id);
    g_autoptr(Response) refused = NULL;
    g_autoptr(Response) accepted = NULL;

    json_object_set_string_member (object_at (node, "person"), "date_of_birth", "1990-13-01");
    bad = node_text (node);
    refused = post (REFERRER_A, fixed_id, bad);
    assert_error (refused, 422, "invalid", "person.date_of_birth");
    accepted = post (REFERRER_A, fixed_id, good);
    g_assert_cmpuint (accepted->status, ==, SOUP_STATUS_CREATED);
    g_assert_null (soup_message_headers_get_one (accepted->headers, "Idempotent-Replay"));
  }
}

typedef struct
{
  guint      pending;
  guint      created;
  guint      replayed;
  guint      in_flight;
  guint      other;
  char      *first_body;
  GPtrArray *bodies;
} Race;

static void
race_send_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  Race *race = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               &error);
  guint status;

  g_assert_no_error (error);
  status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_CREATED &&
      soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                    "Idempotent-Replay") != NULL)
    race->replayed++;
  else if (status == SOUP_STATUS_CREATED)
    race->created++;
  else if (status == SOUP_STATUS_CONFLICT)
    race->in_flight++;
  else
    race->other++;

  if (status == SOUP_STATUS_CREATED)
    g_ptr_array_add (race->bodies, g_strndup (g_bytes_get_data (bytes, NULL),
                                              g_bytes_get_size (bytes)));
  if (status == SOUP_STATUS_CONFLICT)
    hub_assert_error_body (g_bytes_get_data (bytes, NULL), "in_flight", NULL);

  race->pending--;
  g_object_unref (msg);
}

static void
test_concurrent (void)
{
  const guint n_requests = 48;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", 64,
                                                                   "max-conns-per-host", 64,
                                                                   "timeout", 30,
                                                                   NULL);
  g_autofree char *id = new_id ();
  g_autofree char *body = referral_text (id);
  g_autofree char *url = g_strconcat (main_hub->base_url, "/api/v1/referrals", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", tokens[REFERRER_A], NULL);
  Race race = { 0 };

  race.bodies = g_ptr_array_new_with_free_func (g_free);

  /* Round 1: all at once.  Round 2: again, after all are answered. */
  for (guint round = 0; round < 2; round++)
    {
      for (guint i = 0; i < n_requests; i++)
        {
          SoupMessage *msg = soup_message_new ("POST", url);
          g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

          soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
          soup_message_headers_replace (soup_message_get_request_headers (msg),
                                        "Authorization", authorization);
          soup_message_headers_replace (soup_message_get_request_headers (msg),
                                        "Idempotency-Key", id);
          race.pending++;
          soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                            race_send_cb, &race);
        }

      while (race.pending > 0)
        g_main_context_iteration (NULL, TRUE);
    }

  g_test_message ("created %u, replayed %u, in flight %u, other %u",
                  race.created, race.replayed, race.in_flight, race.other);
  g_assert_cmpuint (race.created, ==, 1);
  g_assert_cmpuint (race.other, ==, 0);
  g_assert_cmpuint (race.created + race.replayed + race.in_flight, ==, 2 * n_requests);
  /* Once the first is answered every retry is a replay. */
  g_assert_cmpuint (race.replayed, >=, n_requests);
  for (guint i = 1; i < race.bodies->len; i++)
    g_assert_cmpstr (g_ptr_array_index (race.bodies, i), ==, g_ptr_array_index (race.bodies, 0));

  g_assert_cmpint (count_rows (main_db, id), ==, 1);
  g_assert_cmpint (count_history (main_db, id), ==, 1);
  g_assert_cmpint (count_audit ("referral.create", id), ==, 1);

  g_ptr_array_unref (race.bodies);
}

static void
test_volunteer_risk (void)
{
  g_autofree char *id = new_id ();
  g_autofree char *body = referral_text (id);
  g_autoptr(Response) refused = post (VOLUNTEER_A, id, body);

  assert_error (refused, 403, "risk_fields_forbidden", "risk");
  g_assert_cmpint (count_rows (main_db, id), ==, 0);

  /* Even an empty or null "risk". */
  {
    g_autoptr(JsonNode) node = hub_parse_json (body);
    g_autofree char *text = NULL;
    g_autoptr(Response) response = NULL;

    json_object_set_null_member (json_node_get_object (node), "risk");
    text = node_text (node);
    response = post (VOLUNTEER_A, id, text);
    assert_error (response, 403, "risk_fields_forbidden", "risk");
  }

  /* Without risk the volunteer's referral goes through. */
  {
    g_autofree char *mine = create_referral (VOLUNTEER_A);

    g_assert_cmpint (count_rows (main_db, mine), ==, 1);
  }

  /* A volunteer reading a colleague's referral never sees its risk. */
  {
    g_autofree char *theirs = create_referral (REFERRER_A);
    g_autofree char *path = path_for (theirs);
    g_autoptr(Response) as_volunteer = api (VOLUNTEER_A, "GET", path, NULL);
    g_autoptr(Response) as_referrer = api (REFERRER_A, "GET", path, NULL);
    g_autoptr(JsonNode) volunteer_view = NULL;
    g_autoptr(JsonNode) referrer_view = NULL;

    g_assert_cmpuint (as_volunteer->status, ==, SOUP_STATUS_OK);
    g_assert_cmpuint (as_referrer->status, ==, SOUP_STATUS_OK);
    volunteer_view = hub_parse_json (as_volunteer->body);
    referrer_view = hub_parse_json (as_referrer->body);
    g_assert_false (json_object_has_member (json_node_get_object (volunteer_view), "risk"));
    g_assert_null (strstr (as_volunteer->body, "mappa"));
    g_assert_null (strstr (as_volunteer->body, "offender manager"));
    g_assert_true (json_object_has_member (json_node_get_object (referrer_view), "risk"));
  }
}

/* ---- access ---------------------------------------------------------------- */

static guint
status_of (Response *response)
{
  return response->status;
}

static void
test_access_matrix (void)
{
  g_autofree char *a_referral = create_referral (REFERRER_A);
  g_autofree char *a_path = path_for (a_referral);

  for (User user = 0; user < N_USERS; user++)
    {
      g_autofree char *id = new_id ();
      g_autofree char *body = referral_text (id);
      g_autoptr(JsonNode) node = referral_node (id);
      g_autofree char *no_risk = NULL;
      g_autofree char *fresh = NULL;
      g_autofree char *fresh_path = NULL;
      g_autoptr(Response) create = NULL;
      g_autoptr(Response) read = NULL;
      g_autoptr(Response) list = NULL;
      g_autoptr(Response) changes = NULL;
      g_autoptr(Response) patch = NULL;
      guint expect_create;
      guint expect_read;
      guint expect_list;
      guint expect_patch;

      json_object_remove_member (json_node_get_object (node), "risk");
      no_risk = node_text (node);

      g_test_message ("user %s", user == NOBODY ? "(none)" : users[user].username);

      switch (user)
        {
        case REFERRER_A:
        case ADVISOR:
          expect_create = 201; expect_read = 200; expect_list = 200; expect_patch = 403;
          break;
        case VOLUNTEER_A:
          expect_create = 201; expect_read = 200; expect_list = 200; expect_patch = 403;
          break;
        case REFERRER_B:
          expect_create = 201; expect_read = 404; expect_list = 200; expect_patch = 403;
          break;
        case PROVIDER:
        case ADMIN:
          expect_create = 403; expect_read = 200; expect_list = 200; expect_patch = 403;
          break;
        case NOBODY:
        default:
          expect_create = 401; expect_read = 401; expect_list = 401; expect_patch = 401;
          break;
        }
      if (user == ADVISOR || user == PROVIDER)
        expect_patch = 200;

      create = post (user, id, user == VOLUNTEER_A ? no_risk : body);
      g_assert_cmpuint (status_of (create), ==, expect_create);
      if (expect_create != 201)
        {
          hub_assert_error_body (create->body, expect_create == 401 ? "unauthorized" : "forbidden",
                                 NULL);
          g_assert_cmpint (count_rows (main_db, id), ==, 0);
        }

      read = api (user, "GET", a_path, NULL);
      g_assert_cmpuint (status_of (read), ==, expect_read);

      list = api (user, "GET", "/api/v1/referrals", NULL);
      g_assert_cmpuint (status_of (list), ==, expect_list);

      changes = api (user, "GET", "/api/v1/referrals/changes", NULL);
      g_assert_cmpuint (status_of (changes), ==, expect_list);

      fresh = create_referral (REFERRER_A);
      fresh_path = path_for (fresh);
      patch = api (user, "PATCH", fresh_path, "{\"status\": \"received\"}");
      g_assert_cmpuint (status_of (patch), ==, expect_patch);
    }
}

static void
test_agency_isolation (void)
{
  g_autofree char *a_referral = create_referral (REFERRER_A);
  g_autofree char *b_referral = create_referral (REFERRER_B);
  g_autofree char *a_path = path_for (a_referral);
  g_autoptr(Response) b_reads_a = api (REFERRER_B, "GET", a_path, NULL);
  g_autoptr(Response) unknown = NULL;
  g_autoptr(Response) b_changes = NULL;
  g_autoptr(Response) a_changes = NULL;
  g_autoptr(Response) advisor_changes = NULL;
  g_autoptr(Response) b_list = NULL;

  /* The same answer as for a referral that does not exist. */
  assert_error (b_reads_a, 404, "not_found", NULL);
  {
    g_autofree char *unknown_id = new_id ();
    g_autofree char *unknown_path = path_for (unknown_id);

    unknown = api (REFERRER_B, "GET", unknown_path, NULL);
    assert_error (unknown, 404, "not_found", NULL);
    g_assert_cmpstr (unknown->body, ==, b_reads_a->body);
  }

  b_changes = api (REFERRER_B, "GET", "/api/v1/referrals/changes?limit=1000", NULL);
  a_changes = api (REFERRER_A, "GET", "/api/v1/referrals/changes?limit=1000", NULL);
  advisor_changes = api (ADVISOR, "GET", "/api/v1/referrals/changes?limit=1000", NULL);
  b_list = api (REFERRER_B, "GET", "/api/v1/referrals?limit=500", NULL);
  g_assert_cmpuint (b_changes->status, ==, 200);
  g_assert_null (strstr (b_changes->body, a_referral));
  g_assert_nonnull (strstr (b_changes->body, b_referral));
  g_assert_nonnull (strstr (a_changes->body, a_referral));
  g_assert_null (strstr (a_changes->body, b_referral));
  g_assert_nonnull (strstr (advisor_changes->body, a_referral));
  g_assert_nonnull (strstr (advisor_changes->body, b_referral));
  g_assert_null (strstr (b_list->body, a_referral));
  g_assert_nonnull (strstr (b_list->body, b_referral));

  /* B's PATCH-free view of A's referral after a status change: still nothing. */
  {
    g_autoptr(Response) after = NULL;

    patch_ok (a_referral, "{\"status\": \"received\"}");
    after = api (REFERRER_B, "GET", "/api/v1/referrals/changes?limit=1000", NULL);
    g_assert_null (strstr (after->body, a_referral));
  }
}

/* ---- hostile input ---------------------------------------------------------- */

static void
test_hostile_bodies (void)
{
  g_autofree char *id = new_id ();
  g_autofree char *valid = referral_text (id);
  g_autofree char *truncated = g_strndup (valid, strlen (valid) / 2);
  g_autofree char *deep = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *huge_number = NULL;
  g_autofree char *big_member = NULL;
  const char binary[] = { 0x00, 0x01, (char) 0xff, (char) 0xfe, 0x7b, 0x22, 0x00 };
  const char invalid_utf8[] = "{\"id\": \"\xc3\x28\", \"kind\": \"referral\"}";
  g_autoptr(GString) nested = g_string_new (NULL);

  for (guint i = 0; i < 20000; i++)
    g_string_append_c (nested, '[');
  deep = g_strdup (nested->str);

  /* Over 64 KiB, but otherwise valid JSON. */
  {
    g_autoptr(JsonNode) node = referral_node (id);
    g_autofree char *filler = g_strnfill (70 * 1024, 'a');

    json_object_set_string_member (json_node_get_object (node), "notes", filler);
    huge = node_text (node);
  }
  {
    g_autoptr(JsonNode) node = referral_node (id);

    json_object_set_string_member (object_at (node, "person"), "family_name",
                                   "Robert'); DROP TABLE referral;--");
    sql = node_text (node);
  }
  huge_number = g_strdup_printf ("{\"id\": \"%s\", \"kind\": \"referral\", \"risk\": "
                                 "{\"mappa_level\": 99999999999999999999999999999999}}", id);
  big_member = g_strdup_printf ("{\"id\": \"%s\", \"%s\": 1}", id, "x\"y");

  {
    const struct
    {
      const char *body;
      gssize      length;
      const char *content_type;
      guint       status;
      const char *code;
    } cases[] = {
      { "", 0, NULL, 400, "invalid_json" },
      { "{", -1, NULL, 400, "invalid_json" },
      { truncated, -1, NULL, 400, "invalid_json" },
      { "[1, 2, 3]", -1, NULL, 400, "invalid_json" },
      { "\"just a string\"", -1, NULL, 400, "invalid_json" },
      { "null", -1, NULL, 400, "invalid_json" },
      { binary, sizeof binary, NULL, 400, "invalid_json" },
      { invalid_utf8, -1, NULL, 400, "invalid_json" },
      { deep, -1, NULL, 400, "invalid_json" },
      { huge, -1, NULL, 413, "payload_too_large" },
      { valid, -1, "text/plain", 415, "unsupported_media_type" },
      { valid, -1, "application/x-www-form-urlencoded", 415, "unsupported_media_type" },
      { huge_number, -1, NULL, 422, NULL },
      { "{\"id\": 12345678901234567890123}", -1, NULL, 422, "invalid" },
      { "{\"id\": null}", -1, NULL, 422, "invalid" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(Response) response = NULL;

        g_test_message ("hostile body %u", i);
        response = api_full (main_hub, REFERRER_A, "POST", "/api/v1/referrals", id,
                             cases[i].content_type ? cases[i].content_type : "application/json",
                             cases[i].body, cases[i].length);
        if (response->status != cases[i].status)
          g_test_message ("got %u %s", response->status, response->body);
        g_assert_cmpuint (response->status, >=, 400);
        g_assert_cmpuint (response->status, <, 500);
        if (cases[i].code != NULL)
          assert_error (response, cases[i].status, cases[i].code, NULL);
        else
          hub_assert_error_body (response->body, "invalid", NULL);
        assert_alive ();
      }
  }

  /* SQL in a name is stored as text, nothing more. */
  {
    g_autoptr(Response) response = post (REFERRER_A, id, sql);
    g_autofree char *path = path_for (id);
    g_autoptr(Response) read = NULL;

    g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
    read = api (REFERRER_A, "GET", path, NULL);
    g_assert_nonnull (strstr (read->body, "DROP TABLE referral"));
    g_assert_cmpint (count_rows (main_db, id), ==, 1);
  }

  /* An unknown member name is not echoed when it is not tame. */
  {
    g_autofree char *other = new_id ();
    g_autofree char *body = g_strdup_printf ("{\"id\": \"%s\", \"<script>\": 1}", other);
    g_autoptr(Response) response = post (REFERRER_A, other, body);

    assert_error (response, 422, "invalid", NULL);
    g_assert_null (strstr (response->body, "<script>"));
  }

  /* Hostile ids in the path. */
  {
    const char *paths[] = {
      "/api/v1/referrals/..%2F..%2Fetc%2Fpasswd",
      "/api/v1/referrals/1%27%20OR%20%271%27%3D%271",
      "/api/v1/referrals/%00",
      "/api/v1/referrals/99999999999999999999999999999",
    };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(Response) get = hub_raw_request (main_hub->port, paths[i]);

        g_assert_cmpuint (get->status, >=, 400);
        g_assert_cmpuint (get->status, <, 500);
      }

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(Response) get = api (REFERRER_A, "GET", paths[i], NULL);
        g_autoptr(Response) patch = api (ADVISOR, "PATCH", paths[i], "{\"status\": \"received\"}");

        g_assert_cmpuint (get->status, >=, 400);
        g_assert_cmpuint (get->status, <, 500);
        g_assert_cmpuint (patch->status, >=, 400);
        g_assert_cmpuint (patch->status, <, 500);
      }
  }

  /* Hostile query parameters. */
  {
    const char *paths[] = {
      "/api/v1/referrals?limit=99999999999999999999",
      "/api/v1/referrals?limit=-1",
      "/api/v1/referrals?status=%27%3B%20DROP%20TABLE%20referral%3B--",
      "/api/v1/referrals/changes?since=-5",
      "/api/v1/referrals/changes?since=abc",
      "/api/v1/referrals/changes?limit=0",
    };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(Response) response = api (REFERRER_A, "GET", paths[i], NULL);

        assert_error (response, 400, "invalid_parameter", NULL);
      }
  }

  assert_alive ();
}

/* Clients that send a referral and hang up before the answer: the hub keeps
 * going, and each referral is stored once or not at all. */
static void
test_hang_up (void)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = new_id ();
      g_autofree char *body = referral_text (id);
      g_autofree char *request = NULL;
      g_autoptr(GError) error = NULL;
      GSocketConnection *connection;

      request = g_strdup_printf ("POST /api/v1/referrals HTTP/1.1\r\n"
                                 "Host: 127.0.0.1\r\n"
                                 "Authorization: Bearer %s\r\n"
                                 "Idempotency-Key: %s\r\n"
                                 "Content-Type: application/json\r\n"
                                 "Content-Length: %zu\r\n"
                                 "\r\n%s",
                                 tokens[REFERRER_A], id, strlen (body), body);

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", main_hub->port, NULL,
                                                    &error);
      g_assert_no_error (error);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                 request, strlen (request), NULL, NULL, &error);
      g_assert_no_error (error);

      /* Half of them hang up at once, the others once all are sent. */
      if (i % 2 == 0)
        g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_ptr_array_add (connections, connection);
      g_ptr_array_add (ids, g_steal_pointer (&id));
    }

  for (guint i = 0; i < connections->len; i++)
    g_io_stream_close (g_ptr_array_index (connections, i), NULL, NULL);

  assert_alive ();

  /* Stored or not, never twice. */
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (count_rows (main_db, g_ptr_array_index (ids, i)), <=, 1);
}

/* ---- durability --------------------------------------------------------------- */

static void
test_kill_after_created (void)
{
  g_autofree char *db_path = new_referrals_db ("kill.db");
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *first_body = NULL;
  Hub *hub = hub_start (db_path);

  login_all (hub);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(Response) created = NULL;
      g_autoptr(Response) read = NULL;
      g_autoptr(Response) replay = NULL;

      g_free (id);
      id = new_id ();
      g_free (body);
      body = referral_text (id);
      g_free (path);
      path = path_for (id);

      created = post_on (hub, REFERRER_A, id, body);
      g_assert_cmpuint (created->status, ==, SOUP_STATUS_CREATED);
      /* No grace at all: the 201 is in, the hub dies. */
      hub_kill (hub);

      g_assert_cmpint (count_rows (db_path, id), ==, 1);

      hub = hub_start (db_path);
      read = api_full (hub, REFERRER_A, "GET", path, NULL, NULL, NULL, 0);
      g_assert_cmpuint (read->status, ==, SOUP_STATUS_OK);
      g_assert_nonnull (strstr (read->body, id));

      replay = post_on (hub, REFERRER_A, id, body);
      g_assert_cmpuint (replay->status, ==, SOUP_STATUS_CREATED);
      g_assert_cmpstr (replay->body, ==, created->body);
      g_assert_cmpstr (soup_message_headers_get_one (replay->headers, "Idempotent-Replay"), ==,
                       "true");
      g_assert_cmpint (count_rows (db_path, id), ==, 1);
      g_assert_cmpint (query_int (db_path,
                                  "SELECT count(*) FROM audit WHERE action = 'referral.create' "
                                  "AND subject_id = ?", id), ==, 1);
    }

  hub_stop (hub, SIGTERM);
  login_all (main_hub);
}

/* ---- lifecycle ------------------------------------------------------------------ */

static const char *
status_after (const char *id,
              const char *body,
              guint       expected)
{
  static char status[64];
  g_autoptr(Response) response = patch_status (ADVISOR, id, body);
  g_autoptr(JsonNode) root = NULL;

  if (response->status != expected)
    g_test_message ("PATCH %s: %u %s", body, response->status, response->body);
  g_assert_cmpuint (response->status, ==, expected);
  if (expected != SOUP_STATUS_OK)
    return NULL;

  root = hub_parse_json (response->body);
  g_strlcpy (status, json_object_get_string_member (json_node_get_object (root), "status"),
             sizeof status);
  return status;
}

static void
test_lifecycle (void)
{
  g_autofree char *id = create_referral (REFERRER_A);
  g_autofree char *path = path_for (id);
  g_autoptr(Response) read = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *history;

  /* Not yet received: nothing but "received" is allowed. */
  {
    g_autoptr(Response) response = patch_status (ADVISOR, id, "{\"status\": \"accepted\"}");

    assert_error (response, 409, "invalid_transition", NULL);
  }
  {
    g_autoptr(Response) response = patch_status (ADVISOR, id, "{\"status\": \"submitted\"}");

    assert_error (response, 422, "invalid", "status");
  }

  g_assert_cmpstr (status_after (id, "{\"status\": \"received\"}", 200), ==, "received");
  g_assert_cmpstr (status_after (id, "{\"status\": \"received\"}", 409), ==, NULL);
  g_assert_cmpstr (status_after (id, "{\"status\": \"more_information_needed\", "
                                     "\"note\": \"Which prison?\"}", 200), ==,
                   "more_information_needed");
  /* The referrer replied. */
  g_assert_cmpstr (status_after (id, "{\"status\": \"received\"}", 200), ==, "received");

  /* A decline needs a known reason. */
  {
    g_autoptr(Response) no_reason = patch_status (PROVIDER, id, "{\"status\": \"declined\"}");
    g_autoptr(Response) bad_reason = patch_status (PROVIDER, id,
                                                   "{\"status\": \"declined\", "
                                                   "\"reason_code\": \"dont_like_them\"}");
    g_autoptr(Response) unknown = patch_status (PROVIDER, id, "{\"status\": \"declined\", "
                                                              "\"reason_code\": \"no_capacity\", "
                                                              "\"colour\": \"red\"}");

    assert_error (no_reason, 422, "invalid", "reason_code");
    assert_error (bad_reason, 422, "invalid", "reason_code");
    assert_error (unknown, 422, "invalid", "colour");
  }

  g_assert_cmpstr (status_after (id, "{\"status\": \"declined\", \"reason_code\": \"no_capacity\", "
                                     "\"note\": \"Full until March\"}", 200), ==, "declined");
  g_assert_cmpstr (status_after (id, "{\"status\": \"accepted\"}", 409), ==, NULL);
  g_assert_cmpstr (status_after (id, "{\"status\": \"closed\"}", 200), ==, "closed");
  g_assert_cmpstr (status_after (id, "{\"status\": \"received\"}", 409), ==, NULL);

  read = api (REFERRER_A, "GET", path, NULL);
  root = hub_parse_json (read->body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "status"), ==,
                   "closed");
  history = json_object_get_array_member (json_node_get_object (root), "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 6);
  {
    JsonObject *declined = json_array_get_object_element (history, 4);

    g_assert_cmpstr (json_object_get_string_member (declined, "status"), ==, "declined");
    g_assert_cmpstr (json_object_get_string_member (declined, "reason_code"), ==, "no_capacity");
    g_assert_cmpstr (json_object_get_string_member (declined, "note"), ==, "Full until March");
  }
  g_assert_cmpint (count_audit ("referral.status", id), ==, 5);

  /* The accepted path. */
  {
    g_autofree char *other = create_referral (REFERRER_A);

    g_assert_cmpstr (status_after (other, "{\"status\": \"received\"}", 200), ==, "received");
    g_assert_cmpstr (status_after (other, "{\"status\": \"accepted\"}", 200), ==, "accepted");
    g_assert_cmpstr (status_after (other, "{\"status\": \"declined\", "
                                          "\"reason_code\": \"other\"}", 409), ==, NULL);
    g_assert_cmpstr (status_after (other, "{\"status\": \"closed\"}", 200), ==, "closed");
  }

  /* Unknown referral; bad bodies. */
  {
    g_autofree char *unknown = new_id ();
    g_autoptr(Response) missing = patch_status (ADVISOR, unknown, "{\"status\": \"received\"}");
    g_autoptr(Response) not_json = patch_status (ADVISOR, id, "status=received");
    g_autoptr(Response) empty = patch_status (ADVISOR, id, "{}");

    assert_error (missing, 404, "not_found", NULL);
    assert_error (not_json, 400, "invalid_json", NULL);
    assert_error (empty, 422, "invalid", "status");
  }
}

/* ---- changes feed ------------------------------------------------------------------ */

static void
test_changes_paging (void)
{
  g_autofree char *db_path = new_referrals_db ("changes.db");
  Hub *hub = hub_start (db_path);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  gint64 since = 0;
  gint64 last_seq = 0;
  gboolean has_more = TRUE;
  guint pages = 0;

  login_all (hub);

  /* 3 referrals of A with 2 more changes each, 1 of B. */
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (ids, create_referral_on (hub, REFERRER_A));
  {
    g_autofree char *b = create_referral_on (hub, REFERRER_B);
  }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *path = path_for (g_ptr_array_index (ids, i));
      g_autoptr(Response) received = api_full (hub, ADVISOR, "PATCH", path, NULL, NULL,
                                               "{\"status\": \"received\"}", -1);
      g_autoptr(Response) accepted = api_full (hub, PROVIDER, "PATCH", path, NULL, NULL,
                                               "{\"status\": \"accepted\", "
                                               "\"note\": \"Bed 4\"}", -1);

      g_assert_cmpuint (received->status, ==, 200);
      g_assert_cmpuint (accepted->status, ==, 200);
    }

  while (has_more)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/referrals/changes?since=%"
                                               G_GINT64_FORMAT "&limit=2", since);
      g_autoptr(Response) response = api_full (hub, REFERRER_A, "GET", path, NULL, NULL, NULL, 0);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object;
      JsonArray *changes;

      g_assert_cmpuint (response->status, ==, 200);
      root = hub_parse_json (response->body);
      object = json_node_get_object (root);
      changes = json_object_get_array_member (object, "changes");
      g_assert_cmpuint (json_array_get_length (changes), <=, 2);

      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = json_array_get_object_element (changes, i);
          gint64 seq = json_object_get_int_member (change, "seq");

          g_assert_cmpint (seq, >, last_seq);
          last_seq = seq;
          g_assert_true (g_str_has_prefix (json_object_get_string_member (change, "reference"),
                                           "DIR-"));
          g_assert_nonnull (json_object_get_string_member (change, "at"));
          g_assert_true (json_object_has_member (change, "reason_code"));
          g_ptr_array_add (seen, g_strdup_printf ("%s %s",
                                                  json_object_get_string_member (change,
                                                                                 "referral_id"),
                                                  json_object_get_string_member (change,
                                                                                 "status")));
        }

      has_more = json_object_get_boolean_member (object, "has_more");
      g_assert_cmpint (json_object_get_int_member (object, "next"), ==,
                       json_array_get_length (changes) > 0 ? last_seq : since);
      since = json_object_get_int_member (object, "next");
      pages++;
      g_assert_cmpuint (pages, <, 20);
    }

  /* A's 9 changes (submitted, received, accepted × 3), in order; not B's. */
  g_assert_cmpuint (seen->len, ==, 9);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *statuses[] = { "submitted", "received", "accepted" };

      for (guint j = 0; j < G_N_ELEMENTS (statuses); j++)
        {
          g_autofree char *entry = g_strdup_printf ("%s %s", (char *) g_ptr_array_index (ids, i),
                                                    statuses[j]);

          g_assert_true (g_ptr_array_find_with_equal_func (seen, entry, g_str_equal, NULL));
        }
    }

  /* Nothing new: an empty page that keeps the cursor. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/referrals/changes?since=%" G_GINT64_FORMAT,
                                             since);
    g_autoptr(Response) response = api_full (hub, REFERRER_A, "GET", path, NULL, NULL, NULL, 0);
    g_autoptr(JsonNode) root = hub_parse_json (response->body);
    JsonObject *object = json_node_get_object (root);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "changes")),
                      ==, 0);
    g_assert_cmpint (json_object_get_int_member (object, "next"), ==, since);
    g_assert_false (json_object_get_boolean_member (object, "has_more"));
  }

  /* The advisor sees both agencies: 10 changes. */
  {
    g_autoptr(Response) response = api_full (hub, ADVISOR, "GET",
                                             "/api/v1/referrals/changes?limit=1000",
                                             NULL, NULL, NULL, 0);
    g_autoptr(JsonNode) root = hub_parse_json (response->body);
    JsonArray *changes = json_object_get_array_member (json_node_get_object (root), "changes");

    g_assert_cmpuint (json_array_get_length (changes), ==, 10);
  }

  hub_stop (hub, SIGTERM);
  login_all (main_hub);
}

static void
test_list (void)
{
  g_autofree char *id = create_referral (REFERRER_A);
  g_autoptr(Response) all = api (REFERRER_A, "GET", "/api/v1/referrals?limit=500", NULL);
  g_autoptr(Response) one = api (REFERRER_A, "GET", "/api/v1/referrals?limit=1", NULL);
  g_autoptr(Response) closed = api (REFERRER_A, "GET", "/api/v1/referrals?status=closed", NULL);
  g_autoptr(Response) bad = api (REFERRER_A, "GET", "/api/v1/referrals?status=lost", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items;
  gint64 audits = count_audit ("referral.list", NULL);

  g_assert_cmpuint (all->status, ==, 200);
  g_assert_nonnull (strstr (all->body, id));
  /* Summaries only. */
  g_assert_null (strstr (all->body, "Sample"));
  g_assert_null (strstr (all->body, "person"));
  g_assert_null (strstr (all->body, "risk"));

  root = hub_parse_json (one->body);
  items = json_object_get_array_member (json_node_get_object (root), "referrals");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "has_more"));
  /* Newest first. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "id"),
                   ==, id);

  g_assert_cmpuint (closed->status, ==, 200);
  g_assert_null (strstr (closed->body, id));
  assert_error (bad, 400, "invalid_parameter", "status");
  g_assert_cmpint (audits, >=, 3);
}

/* ---- CLI ---------------------------------------------------------------------------- */

static void
test_cli (void)
{
  g_autofree char *db_path = new_referrals_db ("cli.db");
  Hub *hub = hub_start (db_path);
  g_autofree char *open_id = NULL;
  g_autofree char *closed_id = NULL;
  g_autofree char *declined_id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  login_all (hub);
  open_id = create_referral_on (hub, REFERRER_A);
  closed_id = create_referral_on (hub, REFERRER_A);
  declined_id = create_referral_on (hub, REFERRER_B);

  {
    const char *closing[] = { "{\"status\": \"received\"}", "{\"status\": \"accepted\"}",
                              "{\"status\": \"closed\"}" };
    g_autofree char *closed_path = path_for (closed_id);
    g_autofree char *declined_path = path_for (declined_id);
    g_autoptr(Response) r1 = NULL;
    g_autoptr(Response) r2 = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (closing); i++)
      {
        g_autoptr(Response) response = api_full (hub, ADVISOR, "PATCH", closed_path, NULL, NULL,
                                                 closing[i], -1);

        g_assert_cmpuint (response->status, ==, 200);
      }
    r1 = api_full (hub, ADVISOR, "PATCH", declined_path, NULL, NULL,
                   "{\"status\": \"received\"}", -1);
    r2 = api_full (hub, ADVISOR, "PATCH", declined_path, NULL, NULL,
                   "{\"status\": \"declined\", \"reason_code\": \"out_of_area\"}", -1);
    g_assert_cmpuint (r2->status, ==, 200);
  }
  hub_stop (hub, SIGTERM);

  /* list-referrals: who sent what where, never about whom. */
  status = hub_run_cli ((const char *[]) { "list-referrals", "--db", db_path, NULL }, NULL,
                        &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "id\treference\tagency\t"));
  g_assert_nonnull (strstr (out, open_id));
  g_assert_nonnull (strstr (out, closed_id));
  g_assert_nonnull (strstr (out, AGENCY_A));
  g_assert_nonnull (strstr (out, AGENCY_B));
  g_assert_nonnull (strstr (out, SHELTER_ID));
  g_assert_null (strstr (out, "Sample"));
  g_assert_null (strstr (out, "01632"));
  g_assert_null (strstr (out, "1990-04-12"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = hub_run_cli ((const char *[]) { "list-referrals", "--db", db_path, "--status",
                                           "closed", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, closed_id));
  g_assert_null (strstr (out, open_id));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Usage errors. */
  g_assert_cmpint (hub_run_cli ((const char *[]) { "list-referrals", NULL }, NULL, NULL, NULL),
                   ==, 2);
  g_assert_cmpint (hub_run_cli ((const char *[]) { "list-referrals", "--db", db_path, "--status",
                                                   "lost", NULL }, NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (hub_run_cli ((const char *[]) { "purge-referrals", "--db", db_path, NULL },
                                NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (hub_run_cli ((const char *[]) { "purge-referrals", "--db", db_path,
                                                   "--older-than", "-3", NULL },
                                NULL, NULL, NULL), ==, 2);
  {
    g_autofree char *missing = g_build_filename (hub_test_tmp_dir (), "missing.db", NULL);

    g_assert_cmpint (hub_run_cli ((const char *[]) { "purge-referrals", "--db", missing,
                                                     "--older-than", "30", NULL },
                                  NULL, NULL, NULL), ==, 1);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }

  /* Nothing is 30 days old yet. */
  status = hub_run_cli ((const char *[]) { "purge-referrals", "--db", db_path, "--older-than",
                                           "30", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "Purged 0 referrals\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Pretend the closed one was closed 40 days ago. */
  exec_sql (db_path, "UPDATE referral SET updated_at = '2000-01-01T00:00:00.000000Z' "
                     "WHERE status = 'closed'");
  status = hub_run_cli ((const char *[]) { "purge-referrals", "--db", db_path, "--older-than",
                                           "30", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "Purged 1 referrals\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (count_rows (db_path, closed_id), ==, 0);
  g_assert_cmpint (count_history (db_path, closed_id), ==, 0);
  g_assert_cmpint (count_rows (db_path, declined_id), ==, 1);

  /* --older-than 0: everything closed or declined until now. */
  status = hub_run_cli ((const char *[]) { "purge-referrals", "--db", db_path, "--older-than",
                                           "0", NULL }, NULL, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "Purged 1 referrals\n");
  g_assert_cmpint (count_rows (db_path, declined_id), ==, 0);
  g_assert_cmpint (count_rows (db_path, open_id), ==, 1);

  g_assert_cmpint (query_int (db_path, "SELECT count(*) FROM audit WHERE action = 'referral.purge' "
                                       "AND username LIKE 'cli:%' AND subject_id = ?", closed_id),
                   ==, 1);
  g_assert_cmpint (query_int (db_path, "SELECT count(*) FROM audit WHERE action = 'referral.purge' "
                                       "AND subject_id = ?", declined_id), ==, 1);

  login_all (main_hub);
}

static void
test_audit_trail (void)
{
  g_autofree char *id = create_referral (REFERRER_A);
  g_autofree char *path = path_for (id);
  g_autoptr(Response) read = api (ADVISOR, "GET", path, NULL);

  patch_ok (id, "{\"status\": \"received\"}");

  g_assert_cmpint (count_audit ("referral.create", id), ==, 1);
  g_assert_cmpint (count_audit ("referral.read", id), ==, 1);
  g_assert_cmpint (count_audit ("referral.status", id), ==, 1);
  g_assert_cmpint (query_int (main_db, "SELECT count(*) FROM audit WHERE action = 'referral.read' "
                                       "AND subject_id = ? AND username = 'advisor' "
                                       "AND peer = '127.0.0.1'", id), ==, 1);
  /* Content never reaches the audit log. */
  g_assert_cmpint (query_int (main_db, "SELECT count(*) FROM audit "
                                       "WHERE subject_id LIKE '%Sample%' OR peer LIKE '%Sample%'",
                              NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  main_db = new_referrals_db ("hub.db");
  main_hub = hub_start (main_db);
  login_all (main_hub);

  g_test_add_func ("/hub/referrals/create", test_create);
  g_test_add_func ("/hub/referrals/references", test_references_sequential);
  g_test_add_func ("/hub/referrals/kinds", test_kinds);
  g_test_add_func ("/hub/referrals/validation", test_validation);
  g_test_add_func ("/hub/referrals/idempotency", test_idempotency);
  g_test_add_func ("/hub/referrals/idempotency-concurrent", test_concurrent);
  g_test_add_func ("/hub/referrals/volunteer-risk", test_volunteer_risk);
  g_test_add_func ("/hub/referrals/access-matrix", test_access_matrix);
  g_test_add_func ("/hub/referrals/agency-isolation", test_agency_isolation);
  g_test_add_func ("/hub/referrals/hostile", test_hostile_bodies);
  g_test_add_func ("/hub/referrals/hang-up", test_hang_up);
  g_test_add_func ("/hub/referrals/kill-after-201", test_kill_after_created);
  g_test_add_func ("/hub/referrals/lifecycle", test_lifecycle);
  g_test_add_func ("/hub/referrals/changes-paging", test_changes_paging);
  g_test_add_func ("/hub/referrals/list", test_list);
  g_test_add_func ("/hub/referrals/audit", test_audit_trail);
  g_test_add_func ("/hub/referrals/cli", test_cli);

  ret = g_test_run ();

  hub_stop (main_hub, SIGTERM);
  for (guint i = 0; i < N_USERS; i++)
    g_free (tokens[i]);
  g_free (main_db);
  hub_test_cleanup ();

  return ret;
}
