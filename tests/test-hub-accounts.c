/* test-hub-accounts.c
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

/* Accounts, sessions and the audit log of the real direction-hub binary
 * ($DIRECTION_HUB): the add-agency/add-user/list-users commands and
 * /api/v1/session, on a loopback port.  Limits (session lifetime, idle
 * timeout, failed sign-ins) are shortened through the DIRECTION_HUB_*
 * environment variables the hub reads when it starts. */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include <sodium.h>
#include <sqlite3.h>

#include "hub-test-util.h"

#define PASSWORD        "correct horse battery staple"
#define WRONG_PASSWORD  "incorrect horse battery staple"
#define AGENCY          "Bedford Probation"
#define OTHER_AGENCY    "Luton Mentoring Circle"

/* The hub most tests talk to.  Its failed sign-in limits are raised so that
 * tests do not lock each other out; the rate-limit tests run hubs of their
 * own, on databases of their own. */
static Hub  *main_hub;
static char *main_db;

/* ---- helpers ------------------------------------------------------------- */

static int
run_cli (const char * const  *args,
         const char          *stdin_text,
         char               **out_stdout,
         char               **out_stderr)
{
  return hub_run_cli (args, stdin_text, out_stdout, out_stderr);
}

static void
add_agency (const char *db_path,
            const char *name)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = run_cli ((const char *[]) { "add-agency", "--db", db_path, name, NULL },
                    NULL, &out, &err);
  if (status != 0)
    g_test_message ("add-agency: %s", err);
  g_assert_cmpint (status, ==, 0);
}

static void
add_user (const char *db_path,
          const char *agency,
          const char *role,
          const char *username)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  status = run_cli ((const char *[]) { "add-user", "--db", db_path, "--agency", agency,
                                       "--role", role, username, NULL },
                    PASSWORD "\n", &out, &err);
  if (status != 0)
    g_test_message ("add-user: %s", err);
  g_assert_cmpint (status, ==, 0);
}

/* A database with two agencies and alice (referrer at AGENCY). */
static char *
new_accounts_db (const char *name)
{
  char *db_path = hub_new_db (name, NULL);

  add_agency (db_path, AGENCY);
  add_agency (db_path, OTHER_AGENCY);
  add_user (db_path, AGENCY, "referrer", "alice");

  return db_path;
}

/* Starts a hub with the given DIRECTION_HUB_* settings ("NAME", "value"
 * pairs, NULL-terminated); the test's own environment is left as it was. */
static Hub *
start_hub_with (const char         *db_path,
                const char * const *settings)
{
  Hub *hub;

  for (guint i = 0; settings != NULL && settings[i] != NULL; i += 2)
    g_setenv (settings[i], settings[i + 1], TRUE);

  hub = hub_start (db_path);

  for (guint i = 0; settings != NULL && settings[i] != NULL; i += 2)
    g_unsetenv (settings[i]);

  return hub;
}

static char *
login_body (const char *username,
            const char *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static Response *
login (Hub        *hub,
       const char *username,
       const char *password)
{
  g_autofree char *body = login_body (username, password);

  return hub_request (hub, "POST", "/api/v1/session", "application/json", body, -1, NULL);
}

/* Signs in and returns the token. */
static char *
login_token (Hub        *hub,
             const char *username,
             const char *password)
{
  g_autoptr(Response) response = login (hub, username, password);
  g_autoptr(JsonNode) root = NULL;
  const char *token;

  if (response->status != SOUP_STATUS_CREATED)
    g_test_message ("POST /api/v1/session as %s: %u %s", username, response->status,
                    response->body);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);

  root = hub_parse_json (response->body);
  token = json_object_get_string_member (json_node_get_object (root), "token");
  g_assert_nonnull (token);

  return g_strdup (token);
}

static Response *
with_token (Hub        *hub,
            const char *method,
            const char *path,
            const char *token)
{
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  const char *headers[] = { "Authorization", authorization, NULL };

  return hub_request (hub, method, path, NULL, NULL, 0, headers);
}

static void
assert_unauthorized (Response *response)
{
  const char *challenge;

  g_assert_cmpuint (response->status, ==, SOUP_STATUS_UNAUTHORIZED);
  hub_assert_error_body (response->body, "unauthorized", NULL);
  challenge = soup_message_headers_get_one (response->headers, "WWW-Authenticate");
  g_assert_nonnull (challenge);
  g_assert_true (g_str_has_prefix (challenge, "Bearer"));
}

static void
assert_session_ok (Hub        *hub,
                   const char *token,
                   const char *username,
                   const char *role)
{
  g_autoptr(Response) response = with_token (hub, "GET", "/api/v1/session", token);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *user;

  if (response->status != SOUP_STATUS_OK)
    g_test_message ("GET /api/v1/session: %u %s", response->status, response->body);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);

  root = hub_parse_json (response->body);
  user = json_object_get_object_member (json_node_get_object (root), "user");
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, username);
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, role);
  g_assert_false (json_object_has_member (json_node_get_object (root), "token"));
}

static guint
session_status (Hub        *hub,
                const char *token)
{
  g_autoptr(Response) response = with_token (hub, "GET", "/api/v1/session", token);

  return response->status;
}

static sqlite3 *
open_sqlite (const char *db_path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);

  return db;
}

/* Everything the database's files hold, main file and write-ahead log. */
static GBytes *
read_db_files (const char *db_path)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, NULL))
        g_byte_array_append (all, (const guint8 *) contents, length);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

static gboolean
bytes_contain (GBytes       *haystack,
               gconstpointer needle,
               gsize         length)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (haystack, &size);

  return memmem (data, size, needle, length) != NULL;
}

static gint64
retry_after (Response *response)
{
  const char *text = soup_message_headers_get_one (response->headers, "Retry-After");
  guint64 value = 0;

  g_assert_nonnull (text);
  g_assert_true (g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &value, NULL));
  return (gint64) value;
}

/* ---- CLI ----------------------------------------------------------------- */

static void
test_cli_add_agency (void)
{
  g_autofree char *db_path = hub_new_db ("agency.db", NULL);
  g_autofree char *missing = g_build_filename (hub_test_tmp_dir (), "missing.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli ((const char *[]) { "add-agency", "--db", db_path, AGENCY, NULL },
                            NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, AGENCY));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Same name again */
  g_assert_cmpint (run_cli ((const char *[]) { "add-agency", "--db", db_path, AGENCY, NULL },
                            NULL, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "already"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Usage errors */
  g_assert_cmpint (run_cli ((const char *[]) { "add-agency", AGENCY, NULL },
                            NULL, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--db"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ((const char *[]) { "add-agency", "--db", db_path, NULL },
                            NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_cli ((const char *[]) { "add-agency", "--db", db_path, "", NULL },
                            NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_cli ((const char *[]) { "add-agency", "--db", db_path, "A\nB", NULL },
                            NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_cli ((const char *[]) { "add-agency", "--db", db_path, "a", "b", NULL },
                            NULL, NULL, NULL), ==, 2);

  /* No database: refused, not created */
  g_assert_cmpint (run_cli ((const char *[]) { "add-agency", "--db", missing, AGENCY, NULL },
                            NULL, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "init"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_cmpint (hub_sql_number (db_path, "SELECT count(*) FROM agency"), ==, 1);
}

static void
test_cli_add_user (void)
{
  g_autofree char *db_path = hub_new_db ("users.db", NULL);
  g_autofree char *missing = g_build_filename (hub_test_tmp_dir (), "missing.db", NULL);
  const char *short_password = "only11chars";
  struct {
    const char *agency;
    const char *role;
    const char *username;
    const char *stdin_text;
    int         status;
    const char *message;
  } cases[] = {
    /* Refused before the password is read (so no stdin: it would be a
     * broken pipe) */
    { "Nowhere",  "referrer", "bob",   NULL,                1, "no agency" },
    { AGENCY,     "boss",     "bob",   NULL,                2, "--role" },
    { AGENCY,     "",         "bob",   NULL,                2, "--role" },
    { AGENCY,     "referrer", "alice", NULL,                1, "already" },
    { AGENCY,     "referrer", "ALICE", NULL,                1, "already" },
    { AGENCY,     "referrer", "bo b",  NULL,                2, "USERNAME" },
    { AGENCY,     "referrer", "",      NULL,                2, "USERNAME" },
    /* Refused for the password */
    { AGENCY,     "referrer", "bob",   "only11chars\n",     1, "at least 12" },
    { AGENCY,     "referrer", "bob",   "",                  1, "No password" },
    { AGENCY,     "referrer", "bob",   "\n",                1, "at least 12" },
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *long_password = g_strnfill (2000, 'x');
  g_autofree char *long_line = g_strconcat (long_password, "\n", NULL);

  add_agency (db_path, AGENCY);

  g_assert_cmpint (run_cli ((const char *[]) { "add-user", "--db", db_path, "--agency", AGENCY,
                                               "--role", "referrer", "alice", NULL },
                            PASSWORD "\n", &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "alice"));
  g_assert_null (strstr (out, PASSWORD));
  g_assert_null (strstr (err, PASSWORD));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A password without a final newline, and with CRLF, are fine */
  g_assert_cmpint (run_cli ((const char *[]) { "add-user", "--db", db_path, "--agency", AGENCY,
                                               "--role", "volunteer", "vera", NULL },
                            PASSWORD, NULL, NULL), ==, 0);
  g_assert_cmpint (run_cli ((const char *[]) { "add-user", "--db", db_path, "--agency", AGENCY,
                                               "--role", "admin", "ada@example.org", NULL },
                            PASSWORD "\r\n", NULL, NULL), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int status;

      status = run_cli ((const char *[]) { "add-user", "--db", db_path,
                                           "--agency", cases[i].agency,
                                           "--role", cases[i].role,
                                           cases[i].username, NULL },
                        cases[i].stdin_text, &out, &err);
      g_test_message ("case %u: %d %s", i, status, err);
      g_assert_cmpint (status, ==, cases[i].status);
      g_assert_nonnull (strstr (err, cases[i].message));
      g_assert_null (strstr (err, PASSWORD));
      g_assert_null (strstr (out, PASSWORD));
      g_assert_null (strstr (err, short_password));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }

  /* Too long a password */
  g_assert_cmpint (run_cli ((const char *[]) { "add-user", "--db", db_path, "--agency", AGENCY,
                                               "--role", "referrer", "bob", NULL },
                            long_line, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "longer"));
  g_clear_pointer (&err, g_free);

  /* Missing options */
  g_assert_cmpint (run_cli ((const char *[]) { "add-user", "--db", db_path, "--role", "referrer",
                                               "bob", NULL }, NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_cli ((const char *[]) { "add-user", "--db", db_path, "--agency", AGENCY,
                                               "bob", NULL }, NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_cli ((const char *[]) { "add-user", "--agency", AGENCY, "--role",
                                               "referrer", "bob", NULL },
                            NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_cli ((const char *[]) { "add-user", "--db", db_path, "--agency", AGENCY,
                                               "--role", "referrer", NULL },
                            NULL, NULL, NULL), ==, 2);

  /* The password is never an argument */
  g_assert_cmpint (run_cli ((const char *[]) { "add-user", "--db", db_path, "--agency", AGENCY,
                                               "--role", "referrer", "--password", PASSWORD,
                                               "bob", NULL }, NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_cli ((const char *[]) { "add-user", "--db", db_path, "--agency", AGENCY,
                                               "--role", "referrer", "bob", PASSWORD, NULL },
                            NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_cli ((const char *[]) { "add-user", "--help", NULL },
                            NULL, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "standard input"));
  g_assert_null (strstr (out, "--password"));
  g_clear_pointer (&out, g_free);

  /* No database */
  g_assert_cmpint (run_cli ((const char *[]) { "add-user", "--db", missing, "--agency", AGENCY,
                                               "--role", "referrer", "bob", NULL },
                            NULL, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "init"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (hub_sql_number (db_path, "SELECT count(*) FROM user"), ==, 3);
  /* argon2id, never the password */
  g_assert_cmpint (hub_sql_number (db_path, "SELECT count(*) FROM user"
                                       " WHERE password_hash LIKE '$argon2id$%'"), ==, 3);
  {
    g_autoptr(GBytes) files = read_db_files (db_path);

    g_assert_false (bytes_contain (files, PASSWORD, strlen (PASSWORD)));
  }
}

static void
test_cli_list_users (void)
{
  g_autofree char *db_path = new_accounts_db ("list.db");
  g_autofree char *missing = g_build_filename (hub_test_tmp_dir (), "missing.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *token = NULL;
  Hub *hub;

  add_user (db_path, OTHER_AGENCY, "volunteer", "vic");

  g_assert_cmpint (run_cli ((const char *[]) { "list-users", "--db", db_path, NULL },
                            NULL, &out, &err), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);  /* header, 2 users, "" */
  g_assert_true (g_str_has_prefix (lines[0], "USERNAME"));
  g_assert_nonnull (strstr (lines[0], "LAST LOGIN"));
  g_assert_true (g_str_has_prefix (lines[1], "alice "));
  g_assert_nonnull (strstr (lines[1], AGENCY));
  g_assert_nonnull (strstr (lines[1], "referrer"));
  g_assert_nonnull (strstr (lines[1], "never"));
  g_assert_true (g_str_has_prefix (lines[2], "vic "));
  g_assert_nonnull (strstr (lines[2], OTHER_AGENCY));
  g_assert_nonnull (strstr (lines[2], "volunteer"));
  g_assert_null (strstr (out, "argon2"));
  g_assert_null (strstr (out, "$"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&lines, g_strfreev);

  /* A sign-in shows, and a disabled user says so */
  hub = hub_start (db_path);
  token = login_token (hub, "alice", PASSWORD);
  hub_stop (hub, SIGTERM);
  hub_run_sql (db_path, "UPDATE user SET disabled = 1 WHERE username = 'vic'");

  g_assert_cmpint (run_cli ((const char *[]) { "list-users", "--db", db_path, NULL },
                            NULL, &out, &err), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_null (strstr (lines[1], "never"));
  g_assert_nonnull (strstr (lines[1], " no "));
  g_assert_nonnull (strstr (lines[2], " yes "));
  g_assert_null (strstr (out, token));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli ((const char *[]) { "list-users", NULL }, NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_cli ((const char *[]) { "list-users", "--db", db_path, "extra", NULL },
                            NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_cli ((const char *[]) { "list-users", "--db", missing, NULL },
                            NULL, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "init"));
}

/* ---- sessions ------------------------------------------------------------ */

static void
test_session_login (void)
{
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *token = NULL;
  g_autofree char *upper_token = NULL;
  const char *content_type;
  JsonObject *object;
  JsonObject *user;
  GTimeSpan lifetime;

  response = login (main_hub, "alice", PASSWORD);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
  content_type = soup_message_headers_get_content_type (response->headers, NULL);
  g_assert_cmpstr (content_type, ==, "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Cache-Control"), ==,
                   "no-store");

  root = hub_parse_json (response->body);
  object = json_node_get_object (root);

  /* 32 random bytes, base64url without padding */
  token = g_strdup (json_object_get_string_member (object, "token"));
  g_assert_cmpuint (strlen (token), ==, 43);
  for (const char *p = token; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');

  expires = g_date_time_new_from_iso8601 (json_object_get_string_member (object, "expires_at"),
                                          NULL);
  g_assert_nonnull (expires);
  lifetime = g_date_time_difference (expires, now);
  g_assert_cmpint (lifetime, >, 12 * G_TIME_SPAN_HOUR - 60 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (lifetime, <, 12 * G_TIME_SPAN_HOUR + 60 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (json_object_get_int_member (object, "idle_timeout_s"), ==, 1800);

  user = json_object_get_object_member (object, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "username"), ==, "alice");
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "referrer");
  g_assert_cmpstr (json_object_get_string_member (user, "agency"), ==, AGENCY);

  assert_session_ok (main_hub, token, "alice", "referrer");

  /* User names are not case-sensitive; each sign-in is a new token */
  g_clear_pointer (&response, response_free);
  response = login (main_hub, "ALICE", PASSWORD);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
  g_assert_null (strstr (response->body, token));
  assert_session_ok (main_hub, token, "alice", "referrer");

  /* A charset parameter of UTF-8 is fine */
  {
    g_autofree char *body = login_body ("alice", PASSWORD);
    g_autoptr(Response) charset = hub_request (main_hub, "POST", "/api/v1/session",
                                               "application/json; charset=UTF-8",
                                               body, -1, NULL);

    g_assert_cmpuint (charset->status, ==, SOUP_STATUS_CREATED);
  }

  /* Tokens are case-sensitive */
  upper_token = g_ascii_strup (token, -1);
  if (g_strcmp0 (upper_token, token) != 0)
    g_assert_cmpuint (session_status (main_hub, upper_token), ==, SOUP_STATUS_UNAUTHORIZED);
}

static void
test_session_no_token (void)
{
  g_autofree char *token = login_token (main_hub, "alice", PASSWORD);
  g_autofree char *lower_scheme = g_strconcat ("bearer ", token, NULL);
  g_autofree char *extra = g_strconcat ("Bearer ", token, " x", NULL);
  g_autofree char *padded = g_strconcat ("Bearer ", token, "=", NULL);
  const char *bad[] = {
    "Bearer",
    "Bearer ",
    "Basic YWxpY2U6cGFzc3dvcmQ=",
    "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  /* well formed, unknown */
    "Bearer not a token",
    "Bearer \xff\xfe",
    extra,
    padded,
    token,
  };

  /* No Authorization at all */
  {
    g_autoptr(Response) response = hub_request (main_hub, "GET", "/api/v1/session",
                                                NULL, NULL, 0, NULL);

    assert_unauthorized (response);
  }
  {
    g_autoptr(Response) response = hub_request (main_hub, "DELETE", "/api/v1/session",
                                                NULL, NULL, 0, NULL);

    assert_unauthorized (response);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *headers[] = { "Authorization", bad[i], NULL };
      g_autoptr(Response) response = hub_request (main_hub, "GET", "/api/v1/session",
                                                  NULL, NULL, 0, headers);

      g_test_message ("Authorization case %u", i);
      assert_unauthorized (response);
    }

  /* The scheme is case-insensitive (RFC 7235) */
  {
    const char *headers[] = { "Authorization", lower_scheme, NULL };
    g_autoptr(Response) response = hub_request (main_hub, "GET", "/api/v1/session",
                                                NULL, NULL, 0, headers);

    g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  }

  /* Other methods on the resource */
  {
    g_autoptr(Response) response = hub_request (main_hub, "PUT", "/api/v1/session",
                                                "application/json", "{}", -1, NULL);

    g_assert_cmpuint (response->status, ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  }
}

static void
test_session_wrong_credentials (void)
{
  g_autoptr(Response) wrong = login (main_hub, "alice", WRONG_PASSWORD);
  g_autoptr(Response) unknown = login (main_hub, "nobody", PASSWORD);
  g_autoptr(Response) wrong_case = login (main_hub, "alice", "CORRECT HORSE BATTERY STAPLE");
  gint64 best_wrong = G_MAXINT64;
  gint64 best_unknown = G_MAXINT64;

  g_assert_cmpuint (wrong->status, ==, SOUP_STATUS_UNAUTHORIZED);
  hub_assert_error_body (wrong->body, "invalid_credentials", NULL);
  g_assert_cmpuint (unknown->status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpstr (unknown->body, ==, wrong->body);
  g_assert_cmpuint (wrong_case->status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpstr (wrong_case->body, ==, wrong->body);
  /* No challenge for a token: this is not a token problem */
  g_assert_null (soup_message_headers_get_one (wrong->headers, "WWW-Authenticate"));

  /* An unknown user costs as much as a wrong password (the password hash is
   * checked either way): compare the fastest of a few tries of each. */
  for (guint i = 0; i < 4; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(Response) a = login (main_hub, "alice", WRONG_PASSWORD);
      gint64 middle = g_get_monotonic_time ();
      g_autoptr(Response) b = login (main_hub, "no-such-user", WRONG_PASSWORD);
      gint64 end = g_get_monotonic_time ();

      g_assert_cmpuint (a->status, ==, SOUP_STATUS_UNAUTHORIZED);
      g_assert_cmpuint (b->status, ==, SOUP_STATUS_UNAUTHORIZED);
      best_wrong = MIN (best_wrong, middle - start);
      best_unknown = MIN (best_unknown, end - middle);
    }

  g_test_message ("wrong password: %" G_GINT64_FORMAT " us, unknown user: %" G_GINT64_FORMAT
                  " us", best_wrong, best_unknown);
  /* Skipping the hash would be some fifty times faster: allow for a loaded
   * machine, not for that. */
  g_assert_cmpint (best_unknown * 4, >, best_wrong);
  g_assert_cmpint (best_wrong * 4, >, best_unknown);
}

static void
test_session_expiry (void)
{
  g_autofree char *db_path = new_accounts_db ("expiry.db");
  g_autofree char *token = NULL;
  g_autoptr(Response) response = NULL;
  Hub *hub;

  hub = start_hub_with (db_path, (const char *[]) {
                          "DIRECTION_HUB_SESSION_TTL_S", "2",
                          "DIRECTION_HUB_IDLE_TIMEOUT_S", "3600",
                          NULL });

  token = login_token (hub, "alice", PASSWORD);
  assert_session_ok (hub, token, "alice", "referrer");
  g_assert_cmpint (hub_sql_number (db_path, "SELECT count(*) FROM session"), ==, 1);

  /* Used all along, it still ends */
  for (guint i = 0; i < 6; i++)
    {
      g_usleep (G_USEC_PER_SEC / 2);
      if (session_status (hub, token) != SOUP_STATUS_OK)
        break;
    }

  g_usleep (G_USEC_PER_SEC);
  response = with_token (hub, "GET", "/api/v1/session", token);
  assert_unauthorized (response);
  g_assert_nonnull (strstr (soup_message_headers_get_one (response->headers, "WWW-Authenticate"),
                            "invalid_token"));
  /* and is forgotten */
  g_assert_cmpint (hub_sql_number (db_path, "SELECT count(*) FROM session"), ==, 0);

  hub_stop (hub, SIGTERM);
}

static void
test_session_idle (void)
{
  g_autofree char *db_path = new_accounts_db ("idle.db");
  g_autofree char *token = NULL;
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  Hub *hub;

  hub = start_hub_with (db_path, (const char *[]) {
                          "DIRECTION_HUB_IDLE_TIMEOUT_S", "2",
                          NULL });

  response = login (hub, "alice", PASSWORD);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
  root = hub_parse_json (response->body);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "idle_timeout_s"),
                   ==, 2);
  token = g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));

  /* Kept alive by use, well past the idle timeout */
  for (guint i = 0; i < 4; i++)
    {
      g_usleep (G_USEC_PER_SEC);
      assert_session_ok (hub, token, "alice", "referrer");
    }

  /* Left alone, it ends */
  g_usleep (4 * G_USEC_PER_SEC);
  g_clear_pointer (&response, response_free);
  response = with_token (hub, "GET", "/api/v1/session", token);
  assert_unauthorized (response);

  hub_stop (hub, SIGTERM);
}

static void
test_session_delete (void)
{
  g_autofree char *token = login_token (main_hub, "alice", PASSWORD);
  g_autofree char *other = login_token (main_hub, "alice", PASSWORD);
  g_autoptr(Response) response = NULL;

  response = with_token (main_hub, "DELETE", "/api/v1/session", token);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_NO_CONTENT);
  g_assert_cmpuint (response->length, ==, 0);
  g_clear_pointer (&response, response_free);

  response = with_token (main_hub, "GET", "/api/v1/session", token);
  assert_unauthorized (response);
  g_clear_pointer (&response, response_free);

  response = with_token (main_hub, "DELETE", "/api/v1/session", token);
  assert_unauthorized (response);
  g_clear_pointer (&response, response_free);

  /* Only that session */
  assert_session_ok (main_hub, other, "alice", "referrer");
}

static void
test_session_rate_limit_user (void)
{
  g_autofree char *db_path = new_accounts_db ("limit-user.db");
  g_autoptr(Response) response = NULL;
  g_autofree char *token = NULL;
  Hub *hub;

  add_user (db_path, AGENCY, "referrer", "bob");

  hub = start_hub_with (db_path, (const char *[]) {
                          "DIRECTION_HUB_LOGIN_MAX_PER_USER", "3",
                          "DIRECTION_HUB_LOGIN_WINDOW_S", "4",
                          NULL });

  /* Below the limit, a success clears the count */
  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(Response) wrong = login (hub, "alice", WRONG_PASSWORD);

          g_assert_cmpuint (wrong->status, ==, SOUP_STATUS_UNAUTHORIZED);
        }
      g_free (login_token (hub, "alice", PASSWORD));
    }

  /* At the limit, even the right password is refused, until the window ends */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Response) wrong = login (hub, "alice", WRONG_PASSWORD);

      g_assert_cmpuint (wrong->status, ==, SOUP_STATUS_UNAUTHORIZED);
    }

  response = login (hub, "alice", PASSWORD);
  g_assert_cmpuint (response->status, ==, 429);
  hub_assert_error_body (response->body, "too_many_attempts", NULL);
  g_assert_cmpint (retry_after (response), <=, 4);
  g_clear_pointer (&response, response_free);

  /* Case does not get round it */
  response = login (hub, "Alice", PASSWORD);
  g_assert_cmpuint (response->status, ==, 429);
  g_clear_pointer (&response, response_free);

  /* Another account is not affected */
  g_free (login_token (hub, "bob", PASSWORD));

  /* Unknown names are limited the same way (so 429 says nothing about
   * which names exist) */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Response) wrong = login (hub, "ghost", WRONG_PASSWORD);

      g_assert_cmpuint (wrong->status, ==, SOUP_STATUS_UNAUTHORIZED);
    }
  response = login (hub, "ghost", WRONG_PASSWORD);
  g_assert_cmpuint (response->status, ==, 429);
  g_clear_pointer (&response, response_free);

  /* After the window, the right password works again */
  g_usleep (5 * G_USEC_PER_SEC);
  token = login_token (hub, "alice", PASSWORD);
  assert_session_ok (hub, token, "alice", "referrer");
  g_assert_cmpint (hub_sql_number (db_path, "SELECT count(*) FROM login_failure"
                                       " WHERE key = 'user:alice'"), ==, 0);

  hub_stop (hub, SIGTERM);
}

static void
test_session_rate_limit_defaults (void)
{
  g_autofree char *db_path = new_accounts_db ("limit-defaults.db");
  g_autoptr(Response) response = NULL;
  Hub *hub = hub_start (db_path);
  gint64 retry;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Response) wrong = login (hub, "alice", WRONG_PASSWORD);

      g_assert_cmpuint (wrong->status, ==, SOUP_STATUS_UNAUTHORIZED);
    }

  response = login (hub, "alice", PASSWORD);
  g_assert_cmpuint (response->status, ==, 429);
  retry = retry_after (response);
  g_assert_cmpint (retry, >, 15 * 60 - 60);
  g_assert_cmpint (retry, <=, 15 * 60);

  hub_stop (hub, SIGTERM);
}

static void
test_session_rate_limit_address (void)
{
  g_autofree char *db_path = new_accounts_db ("limit-addr.db");
  g_autoptr(Response) response = NULL;
  g_autofree char *token = NULL;
  Hub *hub;

  hub = start_hub_with (db_path, (const char *[]) {
                          "DIRECTION_HUB_LOGIN_MAX_PER_ADDR", "4",
                          "DIRECTION_HUB_LOGIN_WINDOW_S", "4",
                          NULL });

  /* Successes do not count */
  for (guint i = 0; i < 5; i++)
    g_free (login_token (hub, "alice", PASSWORD));

  /* Failures with many names add up for the address */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("guess%u", i);
      g_autoptr(Response) wrong = login (hub, name, WRONG_PASSWORD);

      g_assert_cmpuint (wrong->status, ==, SOUP_STATUS_UNAUTHORIZED);
    }

  response = login (hub, "alice", PASSWORD);
  g_assert_cmpuint (response->status, ==, 429);
  hub_assert_error_body (response->body, "too_many_attempts", NULL);
  g_assert_cmpint (retry_after (response), <=, 4);
  g_clear_pointer (&response, response_free);

  /* Tokens already given out still work */
  g_usleep (5 * G_USEC_PER_SEC);
  token = login_token (hub, "alice", PASSWORD);
  assert_session_ok (hub, token, "alice", "referrer");

  hub_stop (hub, SIGTERM);
}

static void
test_session_bad_bodies (void)
{
  g_autofree char *big = NULL;
  g_autofree char *long_name = g_strnfill (65, 'a');
  g_autofree char *long_name_body = login_body (long_name, PASSWORD);
  g_autoptr(GString) padding = g_string_new ("{\"username\":\"alice\",\"password\":\""
                                             PASSWORD "\",\"x\":\"");
  const char binary[] = "{\"username\":\"al\0ice\",\"password\":\"\xff\xfe\"}";
  struct {
    const char *content_type;
    const char *body;
    gssize      length;
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "text/plain",                       "{\"username\":\"alice\",\"password\":\"" PASSWORD "\"}", -1, 415, "unsupported_media_type", NULL },
    { "application/x-www-form-urlencoded", "username=alice&password=x", -1, 415, "unsupported_media_type", NULL },
    { "application/json; charset=latin1", "{\"username\":\"alice\",\"password\":\"" PASSWORD "\"}", -1, 415, "unsupported_media_type", NULL },
    { "application/json",                 "",                      0, 400, "malformed_json", NULL },
    { "application/json",                 "{",                    -1, 400, "malformed_json", NULL },
    { "application/json",                 "{\"username\":",       -1, 400, "malformed_json", NULL },
    { "application/json",                 "not json at all",      -1, 400, "malformed_json", NULL },
    { "application/json",                 binary,      sizeof binary - 1, 400, "malformed_json", NULL },
    { "application/json",                 "\xff\xfe\x00\x01",      4, 400, "malformed_json", NULL },
    { "application/json",                 "[\"alice\"]",          -1, 400, "malformed_json", NULL },
    { "application/json",                 "\"alice\"",            -1, 400, "malformed_json", NULL },
    { "application/json",                 "null",                 -1, 400, "malformed_json", NULL },
    { "application/json",                 "{}",                   -1, 422, "missing_field", "username" },
    { "application/json",                 "{\"password\":\"" PASSWORD "\"}", -1, 422, "missing_field", "username" },
    { "application/json",                 "{\"username\":\"alice\"}", -1, 422, "missing_field", "password" },
    { "application/json",                 "{\"username\":\"\",\"password\":\"x\"}", -1, 422, "missing_field", "username" },
    { "application/json",                 "{\"username\":\"alice\",\"password\":\"\"}", -1, 422, "missing_field", "password" },
    { "application/json",                 "{\"username\":null,\"password\":\"x\"}", -1, 422, "missing_field", "username" },
    { "application/json",                 "{\"username\":42,\"password\":\"x\"}", -1, 422, "invalid_field", "username" },
    { "application/json",                 "{\"username\":\"alice\",\"password\":[1]}", -1, 422, "invalid_field", "password" },
    { "application/json",                 "{\"username\":{},\"password\":\"x\"}", -1, 422, "invalid_field", "username" },
    { "application/json",                 long_name_body,         -1, 422, "invalid_field", "username" },
    { NULL,                               NULL,                    0, 0, NULL, NULL },
  };

  while (padding->len <= 16 * 1024)
    g_string_append (padding, "padding padding padding ");
  g_string_append (padding, "\"}");
  big = g_strdup (padding->str);

  for (guint i = 0; cases[i].content_type != NULL; i++)
    {
      g_autoptr(Response) response = hub_request (main_hub, "POST", "/api/v1/session",
                                                  cases[i].content_type, cases[i].body,
                                                  cases[i].length, NULL);

      g_test_message ("body case %u: %u %s", i, response->status, response->body);
      g_assert_cmpuint (response->status, ==, cases[i].status);
      g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                       "application/json");
      hub_assert_error_body (response->body, cases[i].code, cases[i].field);
    }

  /* Too big, even when otherwise right */
  {
    g_autoptr(Response) response = hub_request (main_hub, "POST", "/api/v1/session",
                                                "application/json", big, -1, NULL);

    g_assert_cmpuint (response->status, ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
    hub_assert_error_body (response->body, "payload_too_large", NULL);
  }

  /* No body at all */
  {
    g_autoptr(Response) response = hub_request (main_hub, "POST", "/api/v1/session",
                                                NULL, NULL, 0, NULL);

    g_assert_cmpuint (response->status, >=, 400);
    g_assert_cmpuint (response->status, <, 500);
    hub_assert_error_body (response->body, "unsupported_media_type", NULL);
  }

  /* The hub is fine afterwards */
  g_free (login_token (main_hub, "alice", PASSWORD));
}

static void
test_session_stored_hashed (void)
{
  g_autofree char *db_path = new_accounts_db ("hashed.db");
  g_autofree char *token = NULL;
  g_autoptr(GBytes) files = NULL;
  guint8 expected[crypto_generichash_BYTES];
  guint8 raw[32];
  gsize raw_len = 0;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  Hub *hub;

  g_assert_cmpint (sodium_init (), >=, 0);

  hub = hub_start (db_path);
  token = login_token (hub, "alice", PASSWORD);
  assert_session_ok (hub, token, "alice", "referrer");
  {
    g_autoptr(Response) wrong = login (hub, "alice", WRONG_PASSWORD);

    g_assert_cmpuint (wrong->status, ==, SOUP_STATUS_UNAUTHORIZED);
  }

  /* Neither while running (WAL) nor after a checkpoint */
  for (guint round = 0; round < 2; round++)
    {
      files = read_db_files (db_path);
      g_assert_false (bytes_contain (files, token, strlen (token)));
      g_assert_cmpint (sodium_base642bin (raw, sizeof raw, token, strlen (token), NULL, &raw_len,
                                          NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING), ==, 0);
      g_assert_cmpuint (raw_len, ==, sizeof raw);
      g_assert_false (bytes_contain (files, raw, sizeof raw));
      g_assert_false (bytes_contain (files, PASSWORD, strlen (PASSWORD)));
      g_assert_false (bytes_contain (files, WRONG_PASSWORD, strlen (WRONG_PASSWORD)));
      g_clear_pointer (&files, g_bytes_unref);

      if (round == 0)
        hub_stop (hub, SIGTERM);
      hub_run_sql (db_path, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

  /* What is there is the token's BLAKE2b hash */
  crypto_generichash (expected, sizeof expected, (const guchar *) token, strlen (token), NULL, 0);
  db = open_sqlite (db_path);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT token_hash FROM session", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_bytes (stmt, 0), ==, sizeof expected);
  g_assert_cmpmem (sqlite3_column_blob (stmt, 0), sizeof expected, expected, sizeof expected);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_session_disabled (void)
{
  g_autofree char *db_path = new_accounts_db ("disabled.db");
  g_autofree char *token = NULL;
  g_autoptr(Response) wrong = NULL;
  g_autoptr(Response) response = NULL;
  Hub *hub = hub_start (db_path);

  token = login_token (hub, "alice", PASSWORD);
  wrong = login (hub, "alice", WRONG_PASSWORD);
  g_assert_cmpuint (wrong->status, ==, SOUP_STATUS_UNAUTHORIZED);

  hub_run_sql (db_path, "UPDATE user SET disabled = 1 WHERE username = 'alice'");

  /* Its session ends, and the right password is refused like a wrong one */
  response = with_token (hub, "GET", "/api/v1/session", token);
  assert_unauthorized (response);
  g_clear_pointer (&response, response_free);

  response = login (hub, "alice", PASSWORD);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpstr (response->body, ==, wrong->body);
  g_clear_pointer (&response, response_free);

  g_assert_cmpint (hub_sql_number (db_path, "SELECT count(*) FROM audit"
                                       " WHERE action = 'session.refused'"
                                       "   AND subject_id = 'disabled' AND username = 'alice'"),
                   ==, 1);

  /* Enabled again, it works */
  hub_run_sql (db_path, "UPDATE user SET disabled = 0 WHERE username = 'alice'");
  g_free (login_token (hub, "alice", PASSWORD));

  hub_stop (hub, SIGTERM);
}

/* ---- audit --------------------------------------------------------------- */

static void
test_audit (void)
{
  g_autofree char *db_path = new_accounts_db ("audit.db");
  g_autofree char *token = NULL;
  g_autoptr(Response) response = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  Hub *hub;
  guint n_rows = 0;

  hub = hub_start (db_path);
  token = login_token (hub, "alice", PASSWORD);
  response = login (hub, "alice", WRONG_PASSWORD);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_clear_pointer (&response, response_free);
  response = login (hub, "nobody", WRONG_PASSWORD);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_clear_pointer (&response, response_free);
  response = with_token (hub, "DELETE", "/api/v1/session", token);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_NO_CONTENT);
  hub_stop (hub, SIGTERM);

  db = open_sqlite (db_path);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT at, user_id, username, agency_id, role, action,"
                                       "       subject_id, peer"
                                       "  FROM audit ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) at = NULL;
      const char *action = (const char *) sqlite3_column_text (stmt, 5);

      n_rows++;
      at = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 0), NULL);
      g_assert_nonnull (at);
      g_assert_true (g_str_has_suffix ((const char *) sqlite3_column_text (stmt, 0), "Z"));
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 7), ==, "127.0.0.1");

      for (int col = 0; col < 8; col++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, col);

          if (text != NULL)
            g_string_append_printf (seen, "%s|", text);
        }
      g_string_append_c (seen, '\n');

      switch (n_rows)
        {
        case 1:
          g_assert_cmpstr (action, ==, "session.create");
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "alice");
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, "referrer");
          g_assert_cmpint (sqlite3_column_type (stmt, 3), ==, SQLITE_INTEGER);
          g_assert_cmpint (sqlite3_column_type (stmt, 6), ==, SQLITE_NULL);
          break;

        case 2:
          g_assert_cmpstr (action, ==, "session.refused");
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "alice");
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 6), ==, "bad_credentials");
          break;

        case 3:
          /* Names that are not accounts are not recorded (they are often a
           * password typed in the wrong box) */
          g_assert_cmpstr (action, ==, "session.refused");
          g_assert_cmpint (sqlite3_column_type (stmt, 1), ==, SQLITE_NULL);
          g_assert_cmpint (sqlite3_column_type (stmt, 2), ==, SQLITE_NULL);
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 6), ==, "bad_credentials");
          break;

        case 4:
          g_assert_cmpstr (action, ==, "session.delete");
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "alice");
          break;

        default:
          g_assert_not_reached ();
        }
    }
  sqlite3_finalize (stmt);

  g_assert_cmpuint (n_rows, ==, 4);
  g_test_message ("audit:\n%s", seen->str);
  g_assert_null (strstr (seen->str, PASSWORD));
  g_assert_null (strstr (seen->str, WRONG_PASSWORD));
  g_assert_null (strstr (seen->str, token));
  g_assert_null (strstr (seen->str, "nobody"));

  /* Rows are never changed */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit SET username = 'mallory'", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  sqlite3_close (db);
}

/* A failed assertion aborts the test: take the hub down with it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* The hub's own log never names the user, the password or the token. */
static void
test_log_hygiene (void)
{
  g_autofree char *db_path = new_accounts_db ("log.db");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;
  Hub hub = { 0 };
  guint port = 0;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error,
                                         hub_binary (), "serve", "--db", db_path,
                                         "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "Listening on http://127.0.0.1:%u/", &port), ==, 1);

  hub.port = port;
  hub.base_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  hub.db_path = db_path;

  token = login_token (&hub, "alice", PASSWORD);
  assert_session_ok (&hub, token, "alice", "referrer");
  {
    g_autoptr(Response) wrong = login (&hub, "alice", WRONG_PASSWORD);
    g_autoptr(Response) unknown = login (&hub, "zebedee", WRONG_PASSWORD);
    g_autoptr(Response) bye = with_token (&hub, "DELETE", "/api/v1/session", token);

    g_assert_cmpuint (wrong->status, ==, SOUP_STATUS_UNAUTHORIZED);
    g_assert_cmpuint (unknown->status, ==, SOUP_STATUS_UNAUTHORIZED);
    g_assert_cmpuint (bye->status, ==, SOUP_STATUS_NO_CONTENT);
  }

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_free (hub.base_url);

  g_test_message ("hub log:\n%s", err);
  g_assert_nonnull (strstr (err, "path=/api/v1/session status=201"));
  g_assert_null (strstr (err, "alice"));
  g_assert_null (strstr (err, "zebedee"));
  g_assert_null (strstr (err, "horse"));
  g_assert_null (strstr (err, token));
}

/* ---- roles --------------------------------------------------------------- */

static void
test_roles (void)
{
  const char *roles[] = { "referrer", "volunteer", "advisor", "provider", "admin" };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *username = g_strdup_printf ("role-%s", roles[i]);
      g_autofree char *token = NULL;
      g_autoptr(Response) services = NULL;
      g_autoptr(Response) bye = NULL;
      g_autoptr(Response) open = NULL;

      g_test_message ("role %s", roles[i]);
      token = login_token (main_hub, username, PASSWORD);

      /* Every role may see and end its own session */
      assert_session_ok (main_hub, token, username, roles[i]);

      /* The directory reads are open, with or without a token */
      services = with_token (main_hub, "GET", "/api/v1/services", token);
      g_assert_cmpuint (services->status, ==, SOUP_STATUS_OK);
      open = hub_request (main_hub, "GET", "/api/v1/services", NULL, NULL, 0, NULL);
      g_assert_cmpuint (open->status, ==, SOUP_STATUS_OK);

      bye = with_token (main_hub, "DELETE", "/api/v1/session", token);
      g_assert_cmpuint (bye->status, ==, SOUP_STATUS_NO_CONTENT);
      g_assert_cmpuint (session_status (main_hub, token), ==, SOUP_STATUS_UNAUTHORIZED);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *roles[] = { "referrer", "volunteer", "advisor", "provider", "admin" };
  int ret;

  g_test_init (&argc, &argv, NULL);

  main_db = new_accounts_db ("hub.db");
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *username = g_strdup_printf ("role-%s", roles[i]);

      add_user (main_db, i % 2 == 0 ? AGENCY : OTHER_AGENCY, roles[i], username);
    }
  main_hub = start_hub_with (main_db, (const char *[]) {
                               "DIRECTION_HUB_LOGIN_MAX_PER_USER", "1000",
                               "DIRECTION_HUB_LOGIN_MAX_PER_ADDR", "1000",
                               NULL });

  g_test_add_func ("/hub/accounts/cli/add-agency", test_cli_add_agency);
  g_test_add_func ("/hub/accounts/cli/add-user", test_cli_add_user);
  g_test_add_func ("/hub/accounts/cli/list-users", test_cli_list_users);
  g_test_add_func ("/hub/accounts/session/login", test_session_login);
  g_test_add_func ("/hub/accounts/session/no-token", test_session_no_token);
  g_test_add_func ("/hub/accounts/session/wrong-credentials", test_session_wrong_credentials);
  g_test_add_func ("/hub/accounts/session/expiry", test_session_expiry);
  g_test_add_func ("/hub/accounts/session/idle", test_session_idle);
  g_test_add_func ("/hub/accounts/session/delete", test_session_delete);
  g_test_add_func ("/hub/accounts/session/rate-limit-user", test_session_rate_limit_user);
  g_test_add_func ("/hub/accounts/session/rate-limit-defaults", test_session_rate_limit_defaults);
  g_test_add_func ("/hub/accounts/session/rate-limit-address", test_session_rate_limit_address);
  g_test_add_func ("/hub/accounts/session/bad-bodies", test_session_bad_bodies);
  g_test_add_func ("/hub/accounts/session/stored-hashed", test_session_stored_hashed);
  g_test_add_func ("/hub/accounts/session/disabled", test_session_disabled);
  g_test_add_func ("/hub/accounts/audit", test_audit);
  g_test_add_func ("/hub/accounts/log-hygiene", test_log_hygiene);
  g_test_add_func ("/hub/accounts/roles", test_roles);

  ret = g_test_run ();

  hub_stop (main_hub, SIGTERM);
  g_free (main_db);
  hub_test_cleanup ();

  return ret;
}
