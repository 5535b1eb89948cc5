/* hub-accounts.c
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

/* Accounts and access (hub-auth.h) and the audit log (hub-audit.h):
 *   POST   /api/v1/session   username + password → bearer token
 *   GET    /api/v1/session   who the token belongs to, and until when
 *   DELETE /api/v1/session   revoke the token
 * and the admin commands add-agency, add-user and list-users.
 *
 * Passwords are argon2id (crypto_pwhash_str).  A token is 32 random bytes,
 * base64url without padding (43 characters); the hub keeps only its
 * BLAKE2b hash, so a copy of the database gives nobody a live session.
 * A session ends 12 hours after sign-in, or after 30 minutes unused.
 *
 * Failed sign-ins are counted per account ("user:NAME") and per client
 * address ("addr:IP") in fixed windows: past the limit every attempt,
 * right or wrong, gets 429 with Retry-After until the window ends.  A
 * successful sign-in clears the account's count (not the address's).
 *
 * The limits can be changed for tests or operators through environment
 * variables read when the hub starts serving:
 *   DIRECTION_HUB_SESSION_TTL_S       session lifetime (43200)
 *   DIRECTION_HUB_IDLE_TIMEOUT_S      idle timeout (1800)
 *   DIRECTION_HUB_LOGIN_WINDOW_S      failed sign-in window (900)
 *   DIRECTION_HUB_LOGIN_MAX_PER_USER  failures per account per window (5)
 *   DIRECTION_HUB_LOGIN_MAX_PER_ADDR  failures per address per window (20)
 *
 * Nothing here logs a password, a token or a user name. */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "dir-time.h"

#include "hub-audit.h"
#include "hub-auth.h"
#include "hub-cli.h"
#include "hub-commands.h"
#include "hub-db.h"
#include "hub-server-private.h"

#define DEFAULT_SESSION_TTL_S       (12 * 60 * 60)
#define DEFAULT_IDLE_TIMEOUT_S      (30 * 60)
#define DEFAULT_LOGIN_WINDOW_S      (15 * 60)
#define DEFAULT_MAX_FAILURES_USER   5
#define DEFAULT_MAX_FAILURES_ADDR   20

/* Request bodies of this API are a few hundred bytes. */
#define MAX_BODY_SIZE               (16 * 1024)
#define MAX_USERNAME_LENGTH         64
#define MAX_AGENCY_NAME_LENGTH      200
#define MIN_PASSWORD_CHARS          12
#define MAX_PASSWORD_BYTES          1024

#define TOKEN_BYTES                 32
#define TOKEN_TEXT_LENGTH           43   /* base64url of 32 bytes, no padding */
#define TOKEN_HASH_BYTES            crypto_generichash_BYTES

#define PWHASH_OPSLIMIT             crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PWHASH_MEMLIMIT             crypto_pwhash_MEMLIMIT_INTERACTIVE

#define CONFIG_KEY                  "hub-accounts-config"
#define REALM                       "direction-hub"


/* RFC 6585; libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS    429

typedef struct
{
  gint64  session_ttl_s;
  gint64  idle_timeout_s;
  gint64  login_window_s;
  gint64  max_failures_user;
  gint64  max_failures_addr;
  /* Verified against when the user name is unknown, so that answering
   * "no such user" costs as long as "wrong password". */
  char    dummy_hash[crypto_pwhash_STRBYTES];
} AccountsConfig;

/* A valid session, as hub_auth_require() finds it. */
typedef struct
{
  HubCaller *caller;
  guint8     token_hash[TOKEN_HASH_BYTES];
  gint64     expires;
} Session;

static const char * const accounts_steps[] = {
  /* 1 */
  "CREATE TABLE agency ("
  "  id      INTEGER PRIMARY KEY,"
  "  name    TEXT NOT NULL UNIQUE,"
  "  created TEXT NOT NULL"                       /* UTC, dir_time_format_sortable() */
  ");"
  "CREATE TABLE user ("
  "  id            INTEGER PRIMARY KEY,"
  "  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  agency_id     INTEGER NOT NULL REFERENCES agency (id),"
  "  role          TEXT NOT NULL"
  "                CHECK (role IN ('referrer', 'volunteer', 'advisor', 'provider', 'admin')),"
  "  password_hash TEXT NOT NULL,"                /* crypto_pwhash_str(): argon2id */
  "  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
  "  created       TEXT NOT NULL,"
  "  last_login    TEXT"
  ");"
  "CREATE INDEX user_agency ON user (agency_id);"
  /* Times in whole Unix seconds; expires is absolute, last_used drives
   * the idle timeout. */
  "CREATE TABLE session ("
  "  token_hash BLOB PRIMARY KEY,"                /* crypto_generichash() of the token */
  "  user_id    INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,"
  "  created    INTEGER NOT NULL,"
  "  expires    INTEGER NOT NULL,"
  "  last_used  INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX session_user ON session (user_id);"
  /* key: "user:NAME" (lower case) or "addr:IP". */
  "CREATE TABLE login_failure ("
  "  key          TEXT PRIMARY KEY,"
  "  count        INTEGER NOT NULL,"
  "  window_start INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  /* Who did what to which referral, when, from where: never content.  The
   * caller's name, agency and role are copied so that rows outlive changes
   * to the account.  For session.refused, subject_id is the reason
   * (bad_credentials, disabled, rate_limited). */
  "CREATE TABLE audit ("
  "  id         INTEGER PRIMARY KEY,"
  "  at         TEXT NOT NULL,"                   /* UTC, dir_time_format_sortable() */
  "  user_id    INTEGER,"
  "  username   TEXT,"
  "  agency_id  INTEGER,"
  "  role       TEXT,"
  "  action     TEXT NOT NULL,"
  "  subject_id TEXT,"
  "  peer       TEXT"
  ");"
  "CREATE INDEX audit_at ON audit (at);"
  "CREATE INDEX audit_subject ON audit (subject_id);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'audit rows are never changed'); END;",
};

const HubSchema hub_accounts_schema = {
  "accounts",
  accounts_steps,
  G_N_ELEMENTS (accounts_steps),
};

static const char * const role_names[] = {
  "referrer", "volunteer", "advisor", "provider", "admin",
};

/* ---------------------------------------------------------------- helpers */

static void
ensure_sodium (void)
{
  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
now_sortable (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return dir_time_format_sortable (now);
}

static char *
unix_to_iso (gint64 when)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (when);

  return dt != NULL ? g_date_time_format_iso8601 (dt) : NULL;
}

static gint64
config_from_env (const char *name,
                 gint64      fallback,
                 gint64      max)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || *text == '\0')
    return fallback;

  if (!g_ascii_string_to_unsigned (text, 10, 1, max, &value, NULL))
    {
      g_message ("Ignoring %s: not a whole number from 1 to %" G_GINT64_FORMAT, name, max);
      return fallback;
    }

  return (gint64) value;
}

static AccountsConfig *
get_config (HubServer *server)
{
  AccountsConfig *config = g_object_get_data (G_OBJECT (server), CONFIG_KEY);

  g_assert (config != NULL);
  return config;
}

static sqlite3 *
request_db (HubRequest *request)
{
  return hub_db_get_handle (hub_server_get_db (request->server));
}

static void
hash_token (const char *token,
            guint8      out[TOKEN_HASH_BYTES])
{
  crypto_generichash (out, TOKEN_HASH_BYTES, (const guchar *) token, strlen (token), NULL, 0);
}

static char *
new_token (void)
{
  guint8 raw[TOKEN_BYTES];
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (raw, sizeof raw);
  sodium_bin2base64 (text, sizeof text, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (raw, sizeof raw);

  g_assert (strlen (text) == TOKEN_TEXT_LENGTH);
  return g_strdup (text);
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/* "Bearer TOKEN" (scheme case-insensitive, RFC 6750) → TOKEN, or NULL. */
static char *
parse_bearer (const char *header)
{
  const char *p = header;
  const char *start;
  const char *end;

  while (*p == ' ' || *p == '\t')
    p++;
  if (g_ascii_strncasecmp (p, "Bearer", 6) != 0 || (p[6] != ' ' && p[6] != '\t'))
    return NULL;
  p += 6;
  while (*p == ' ' || *p == '\t')
    p++;

  start = p;
  while (is_token_char (*p))
    p++;
  end = p;
  while (*p == ' ' || *p == '\t')
    p++;

  if (*p != '\0' || end - start != TOKEN_TEXT_LENGTH)
    return NULL;

  return g_strndup (start, end - start);
}

/* Users are named with letters, digits and . _ @ - (an e-mail address
 * will do), at most MAX_USERNAME_LENGTH of them. */
static gboolean
is_valid_username (const char *username)
{
  gsize len = strlen (username);

  if (len == 0 || len > MAX_USERNAME_LENGTH)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = username[i];

      if (!g_ascii_isalnum (c) && c != '.' && c != '_' && c != '@' && c != '-')
        return FALSE;
    }

  return TRUE;
}

static HubCaller *
caller_from_row (sqlite3_stmt *stmt,
                 int           first)
{
  HubCaller *caller = g_new0 (HubCaller, 1);
  const char *role = (const char *) sqlite3_column_text (stmt, first + 4);

  caller->user_id = sqlite3_column_int64 (stmt, first);
  caller->username = g_strdup ((const char *) sqlite3_column_text (stmt, first + 1));
  caller->agency_id = sqlite3_column_int64 (stmt, first + 2);
  caller->agency_name = g_strdup ((const char *) sqlite3_column_text (stmt, first + 3));
  if (!hub_role_from_string (role, &caller->role))
    g_assert_not_reached ();  /* the table's CHECK constraint */

  return caller;
}

static void
session_clear (Session *session)
{
  g_clear_pointer (&session->caller, hub_caller_free);
  sodium_memzero (session->token_hash, sizeof session->token_hash);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_clear)

static gboolean
begin_immediate (sqlite3  *db,
                 GError  **error)
{
  return hub_db_exec (db, "BEGIN IMMEDIATE", error);
}

static gboolean
commit_or_rollback (sqlite3   *db,
                    gboolean   ok,
                    GError   **error)
{
  if (ok && hub_db_exec (db, "COMMIT", error))
    return TRUE;

  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static void
respond_db_error (HubRequest   *request,
                  const GError *error)
{
  if (g_error_matches (error, HUB_DB_ERROR, HUB_DB_ERROR_IO))
    {
      /* Locked or failing disk: an operational condition, not a hub bug. */
      g_message ("Accounts unavailable: %s", error->message);
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Retry-After", "5");
      hub_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", NULL,
                                 "The hub cannot reach its accounts now; try again later");
    }
  else
    {
      g_warning ("Accounts query failed: %s", error->message);
      hub_request_respond_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                                 NULL, "The hub failed to check the account");
    }
}

static void
respond_unauthorized (HubRequest *request,
                      gboolean    invalid_token,
                      const char *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);

  soup_message_headers_replace (headers, "WWW-Authenticate",
                                invalid_token
                                ? "Bearer realm=\"" REALM "\", error=\"invalid_token\""
                                : "Bearer realm=\"" REALM "\"");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  hub_request_respond_error (request, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL,
                             "%s", message);
}

static char *
roles_to_string (HubRole roles)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    {
      if (roles & (1 << i))
        {
          if (text->len > 0)
            g_string_append (text, ", ");
          g_string_append (text, role_names[i]);
        }
    }

  return g_string_free (text, FALSE);
}

/* Looks the bearer token up.  Returns FALSE after answering 401/403/5xx. */
static gboolean
authenticate (HubRequest *request,
              HubRole     allowed,
              Session    *out_session)
{
  AccountsConfig *config = get_config (request->server);
  sqlite3 *db = request_db (request);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HubCaller) caller = NULL;
  g_autofree char *token = NULL;
  const char *header;
  gint64 now = now_s ();
  gint64 expires;
  gint64 last_used;
  gboolean disabled;
  int rc;

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg),
                                         "Authorization");
  if (header == NULL)
    {
      respond_unauthorized (request, FALSE,
                            "Sign in first (POST /api/v1/session) and send "
                            "\"Authorization: Bearer TOKEN\"");
      return FALSE;
    }

  token = parse_bearer (header);
  if (token == NULL)
    {
      respond_unauthorized (request, TRUE,
                            "The Authorization header must be \"Bearer TOKEN\" with a token "
                            "from POST /api/v1/session");
      return FALSE;
    }

  hash_token (token, out_session->token_hash);
  sodium_memzero (token, strlen (token));

  if (!hub_db_prepare (db,
                "SELECT s.expires, s.last_used, u.disabled,"
                "       u.id, u.username, u.agency_id, a.name, u.role"
                "  FROM session s"
                "  JOIN user u ON u.id = s.user_id"
                "  JOIN agency a ON a.id = u.agency_id"
                " WHERE s.token_hash = ?",
                &stmt, &error))
    {
      respond_db_error (request, error);
      return FALSE;
    }

  sqlite3_bind_blob (stmt, 1, out_session->token_hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      respond_unauthorized (request, TRUE, "The token is not valid (signed out?); sign in again");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      hub_db_set_error (db, rc, &error);
      respond_db_error (request, error);
      return FALSE;
    }

  expires = sqlite3_column_int64 (stmt, 0);
  last_used = sqlite3_column_int64 (stmt, 1);
  disabled = sqlite3_column_int (stmt, 2) != 0;
  caller = caller_from_row (stmt, 3);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (now >= expires || now - last_used > config->idle_timeout_s || disabled)
    {
      /* Forget it now rather than at the next sign-in's clean-up. */
      if (hub_db_prepare (db, "DELETE FROM session WHERE token_hash = ?", &stmt, &error))
        {
          sqlite3_bind_blob (stmt, 1, out_session->token_hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
          hub_db_step_done (db, stmt, &error);
        }
      if (error != NULL)
        {
          respond_db_error (request, error);
          return FALSE;
        }

      respond_unauthorized (request, TRUE,
                            disabled
                            ? "The account is disabled"
                            : "The session has expired; sign in again");
      return FALSE;
    }

  if ((caller->role & allowed) == 0)
    {
      g_autofree char *roles = roles_to_string (allowed);

      hub_request_respond_error (request, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                                 "This needs one of the roles: %s", roles);
      return FALSE;
    }

  /* Refresh the idle timer, but not with a disk write on every request:
   * the timeout is kept to within a thirtieth of itself. */
  if (now - last_used >= MAX (1, config->idle_timeout_s / 30))
    {
      if (!hub_db_prepare (db, "UPDATE session SET last_used = ? WHERE token_hash = ?", &stmt, &error))
        {
          respond_db_error (request, error);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_blob (stmt, 2, out_session->token_hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
      if (!hub_db_step_done (db, stmt, &error))
        {
          respond_db_error (request, error);
          return FALSE;
        }
    }

  out_session->caller = g_steal_pointer (&caller);
  out_session->expires = expires;

  return TRUE;
}

/* Reads the request body as a JSON object.  Returns NULL after answering
 * 413, 415 or 400. */
static JsonObject *
read_json_object (HubRequest  *request,
                  JsonNode   **out_root)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  const char *content_type;
  const char *charset;
  const char *data;
  gsize length;

  if (soup_message_headers_get_content_length (headers) > MAX_BODY_SIZE ||
      body->length > MAX_BODY_SIZE)
    {
      hub_request_respond_error (request, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                 "payload_too_large", NULL,
                                 "The body must be at most %d bytes", MAX_BODY_SIZE);
      return NULL;
    }

  content_type = soup_message_headers_get_content_type (headers, &params);
  charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  if (content_type == NULL || g_ascii_strcasecmp (content_type, "application/json") != 0 ||
      (charset != NULL && g_ascii_strcasecmp (charset, "utf-8") != 0))
    {
      hub_request_respond_error (request, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE,
                                 "unsupported_media_type", NULL,
                                 "The body must be JSON (Content-Type: application/json), "
                                 "in UTF-8");
      return NULL;
    }

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);

  /* json-glib wants UTF-8 without NUL bytes; say "malformed" ourselves. */
  parser = json_parser_new_immutable ();
  if (length == 0 || !g_utf8_validate (data, length, NULL) ||
      !json_parser_load_from_data (parser, data, length, &error))
    {
      hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "malformed_json", NULL,
                                 "The body is not valid JSON");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "malformed_json", NULL,
                                 "The body must be a JSON object");
      return NULL;
    }

  *out_root = json_node_ref (json_parser_get_root (parser));
  return json_node_get_object (*out_root);
}

/* A required, non-empty string member.  Returns NULL after answering 422. */
static const char *
get_string_member (HubRequest *request,
                   JsonObject *object,
                   const char *name,
                   gsize       max_length)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      hub_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "missing_field", name,
                                 "%s is required", name);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      hub_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_field", name,
                                 "%s must be a string", name);
      return NULL;
    }

  value = json_node_get_string (node);
  if (value == NULL || value[0] == '\0')
    {
      hub_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "missing_field", name,
                                 "%s must not be empty", name);
      return NULL;
    }

  if (strlen (value) > max_length)
    {
      hub_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid_field", name,
                                 "%s must be at most %" G_GSIZE_FORMAT " bytes", name, max_length);
      return NULL;
    }

  return value;
}

static void
add_user_member (JsonBuilder     *builder,
                 const HubCaller *caller)
{
  json_builder_set_member_name (builder, "user");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, caller->username);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, hub_role_to_string (caller->role));
  json_builder_set_member_name (builder, "agency");
  json_builder_add_string_value (builder, caller->agency_name);
  json_builder_end_object (builder);
}

static void
respond_session (HubRequest      *request,
                 guint            status,
                 const char      *token,
                 const HubCaller *caller,
                 gint64           expires)
{
  AccountsConfig *config = get_config (request->server);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *expires_at = unix_to_iso (expires);

  json_builder_begin_object (builder);
  if (token != NULL)
    {
      json_builder_set_member_name (builder, "token");
      json_builder_add_string_value (builder, token);
    }
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_at);
  json_builder_set_member_name (builder, "idle_timeout_s");
  json_builder_add_int_value (builder, config->idle_timeout_s);
  add_user_member (builder, caller);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Cache-Control", "no-store");
  hub_request_respond_node (request, status, root);
}

/* ------------------------------------------------------- sign-in attempts */

/* Seconds until key may try again, 0 if it may now; -1 on error. */
static gint64
retry_after (sqlite3       *db,
             const char    *key,
             gint64         max_failures,
             gint64         window_s,
             gint64         now,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!hub_db_prepare (db, "SELECT count, window_start FROM login_failure WHERE key = ?", &stmt, error))
    return -1;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 count = sqlite3_column_int64 (stmt, 0);
      gint64 end = sqlite3_column_int64 (stmt, 1) + window_s;

      if (count >= max_failures && end > now)
        return end - now;
      return 0;
    }
  if (rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, error);
      return -1;
    }

  return 0;
}

static gboolean
count_failure (sqlite3     *db,
               const char  *key,
               gint64       window_s,
               gint64       now,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!hub_db_prepare (db,
                "INSERT INTO login_failure (key, count, window_start) VALUES (?1, 1, ?2)"
                "  ON CONFLICT (key) DO UPDATE SET"
                "    count = CASE WHEN window_start + ?3 <= ?2 THEN 1 ELSE count + 1 END,"
                "    window_start = CASE WHEN window_start + ?3 <= ?2 THEN ?2"
                "                        ELSE window_start END",
                &stmt, error))
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, window_s);

  return hub_db_step_done (db, stmt, error);
}

static gboolean
record_refusal (sqlite3          *db,
                AccountsConfig   *config,
                const HubCaller  *caller,
                const char       *reason,
                const char       *user_key,
                const char       *addr_key,
                const char       *peer,
                gint64            now,
                GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;

  if (!begin_immediate (db, error))
    return FALSE;

  ok = hub_db_prepare (db, "DELETE FROM login_failure WHERE window_start + ? <= ?", &stmt, error);
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, config->login_window_s);
      sqlite3_bind_int64 (stmt, 2, now);
      ok = hub_db_step_done (db, stmt, error);
    }

  /* Attempts refused for the rate limit itself are not counted again: the
   * window ends when it was going to. */
  if (ok && user_key != NULL)
    ok = count_failure (db, user_key, config->login_window_s, now, error);
  if (ok && addr_key != NULL)
    ok = count_failure (db, addr_key, config->login_window_s, now, error);

  ok = ok && hub_audit_insert (db, caller, "session.refused", reason, peer, error);

  return commit_or_rollback (db, ok, error);
}

static gboolean
open_session (sqlite3          *db,
              AccountsConfig   *config,
              const HubCaller  *caller,
              const char       *token,
              const char       *user_key,
              const char       *new_hash,
              const char       *peer,
              gint64            now,
              GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *login_at = now_sortable ();
  guint8 token_hash[TOKEN_HASH_BYTES];
  gboolean ok;

  hash_token (token, token_hash);

  if (!begin_immediate (db, error))
    return FALSE;

  /* Sessions that ended are of no use to anyone. */
  ok = hub_db_prepare (db, "DELETE FROM session WHERE expires <= ?1 OR last_used + ?2 < ?1",
                &stmt, error);
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, now);
      sqlite3_bind_int64 (stmt, 2, config->idle_timeout_s);
      ok = hub_db_step_done (db, stmt, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  ok = ok && hub_db_prepare (db,
                      "INSERT INTO session (token_hash, user_id, created, expires, last_used)"
                      " VALUES (?, ?, ?, ?, ?)",
                      &stmt, error);
  if (ok)
    {
      sqlite3_bind_blob (stmt, 1, token_hash, sizeof token_hash, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, caller->user_id);
      sqlite3_bind_int64 (stmt, 3, now);
      sqlite3_bind_int64 (stmt, 4, now + config->session_ttl_s);
      sqlite3_bind_int64 (stmt, 5, now);
      ok = hub_db_step_done (db, stmt, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  ok = ok && hub_db_prepare (db,
                      "UPDATE user SET last_login = ?,"
                      "                password_hash = coalesce (?, password_hash)"
                      " WHERE id = ?",
                      &stmt, error);
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, login_at, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, new_hash, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, caller->user_id);
      ok = hub_db_step_done (db, stmt, error);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  ok = ok && hub_db_prepare (db, "DELETE FROM login_failure WHERE key = ?", &stmt, error);
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, user_key, -1, SQLITE_STATIC);
      ok = hub_db_step_done (db, stmt, error);
    }

  ok = ok && hub_audit_insert (db, caller, "session.create", NULL, peer, error);

  sodium_memzero (token_hash, sizeof token_hash);

  return commit_or_rollback (db, ok, error);
}

/* --------------------------------------------------------------- handlers */

static void
session_create_cb (HubRequest *request)
{
  AccountsConfig *config = get_config (request->server);
  sqlite3 *db = request_db (request);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(HubCaller) caller = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *peer = hub_request_dup_peer (request);
  g_autofree char *username_down = NULL;
  g_autofree char *user_key = NULL;
  g_autofree char *addr_key = NULL;
  g_autofree char *stored_hash = NULL;
  g_autofree char *new_hash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *retry_text = NULL;
  const char *username;
  const char *password;
  JsonObject *object;
  gboolean disabled = FALSE;
  gboolean verified;
  gint64 now = now_s ();
  gint64 retry_user;
  gint64 retry_addr;
  int rc;

  object = read_json_object (request, &root);
  if (object == NULL)
    return;

  username = get_string_member (request, object, "username", MAX_USERNAME_LENGTH);
  if (username == NULL)
    return;
  password = get_string_member (request, object, "password", MAX_PASSWORD_BYTES);
  if (password == NULL)
    return;

  username_down = g_ascii_strdown (username, -1);
  user_key = g_strconcat ("user:", username_down, NULL);
  addr_key = g_strconcat ("addr:", peer, NULL);

  /* The account, if there is one. */
  if (!hub_db_prepare (db,
                "SELECT u.id, u.username, u.agency_id, a.name, u.role,"
                "       u.password_hash, u.disabled"
                "  FROM user u JOIN agency a ON a.id = u.agency_id"
                " WHERE u.username = ?",
                &stmt, &error))
    {
      respond_db_error (request, error);
      return;
    }
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      caller = caller_from_row (stmt, 0);
      stored_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      disabled = sqlite3_column_int (stmt, 6) != 0;
    }
  else if (rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, &error);
      respond_db_error (request, error);
      return;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Past either limit, nothing is checked, right or wrong. */
  retry_user = retry_after (db, user_key, config->max_failures_user, config->login_window_s,
                            now, &error);
  retry_addr = retry_user < 0 ? -1 : retry_after (db, addr_key, config->max_failures_addr,
                                                  config->login_window_s, now, &error);
  if (retry_user < 0 || retry_addr < 0)
    {
      respond_db_error (request, error);
      return;
    }

  if (retry_user > 0 || retry_addr > 0)
    {
      if (!record_refusal (db, config, caller, "rate_limited", NULL, NULL, peer, now, &error))
        {
          respond_db_error (request, error);
          return;
        }

      retry_text = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (retry_user, retry_addr));
      soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                    "Retry-After", retry_text);
      hub_request_respond_error (request, STATUS_TOO_MANY_REQUESTS, "too_many_attempts",
                                 NULL, "Too many failed sign-ins; try again in %s seconds",
                                 retry_text);
      return;
    }

  /* The same work whether or not the account exists. */
  verified = crypto_pwhash_str_verify (stored_hash != NULL ? stored_hash : config->dummy_hash,
                                       password, strlen (password)) == 0;
  verified = verified && stored_hash != NULL;

  if (!verified || disabled)
    {
      if (!record_refusal (db, config, caller, verified ? "disabled" : "bad_credentials",
                           user_key, addr_key, peer, now, &error))
        {
          respond_db_error (request, error);
          return;
        }

      hub_request_respond_error (request, SOUP_STATUS_UNAUTHORIZED, "invalid_credentials", NULL,
                                 "The user name or password is not right");
      return;
    }

  /* Hashed with weaker settings than today's: upgrade while we have it. */
  if (crypto_pwhash_str_needs_rehash (stored_hash, PWHASH_OPSLIMIT, PWHASH_MEMLIMIT) != 0)
    {
      new_hash = g_malloc0 (crypto_pwhash_STRBYTES);
      if (crypto_pwhash_str (new_hash, password, strlen (password),
                             PWHASH_OPSLIMIT, PWHASH_MEMLIMIT) != 0)
        g_clear_pointer (&new_hash, g_free);  /* out of memory: keep the old one */
    }

  token = new_token ();
  if (!open_session (db, config, caller, token, user_key, new_hash, peer, now, &error))
    {
      sodium_memzero (token, strlen (token));
      respond_db_error (request, error);
      return;
    }

  respond_session (request, SOUP_STATUS_CREATED, token, caller, now + config->session_ttl_s);
  sodium_memzero (token, strlen (token));
}

static void
session_get_cb (HubRequest *request)
{
  g_auto(Session) session = { 0 };

  if (!authenticate (request, HUB_ROLE_ANY, &session))
    return;

  respond_session (request, SOUP_STATUS_OK, NULL, session.caller, session.expires);
}

static void
session_delete_cb (HubRequest *request)
{
  sqlite3 *db = request_db (request);
  g_auto(Session) session = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *peer = NULL;
  gboolean ok;

  if (!authenticate (request, HUB_ROLE_ANY, &session))
    return;

  peer = hub_request_dup_peer (request);

  if (!begin_immediate (db, &error))
    {
      respond_db_error (request, error);
      return;
    }

  ok = hub_db_prepare (db, "DELETE FROM session WHERE token_hash = ?", &stmt, &error);
  if (ok)
    {
      sqlite3_bind_blob (stmt, 1, session.token_hash, TOKEN_HASH_BYTES, SQLITE_STATIC);
      ok = hub_db_step_done (db, stmt, &error);
    }
  ok = ok && hub_audit_insert (db, session.caller, "session.delete", NULL, peer, &error);

  if (!commit_or_rollback (db, ok, &error))
    {
      respond_db_error (request, error);
      return;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* ------------------------------------------------------------- public API */

void
hub_accounts_register (HubServer *server)
{
  AccountsConfig *config;
  guint8 random_password[32];

  g_return_if_fail (HUB_IS_SERVER (server));

  ensure_sodium ();

  config = g_new0 (AccountsConfig, 1);
  config->session_ttl_s = config_from_env ("DIRECTION_HUB_SESSION_TTL_S",
                                           DEFAULT_SESSION_TTL_S, 366 * 24 * 60 * 60);
  config->idle_timeout_s = config_from_env ("DIRECTION_HUB_IDLE_TIMEOUT_S",
                                            DEFAULT_IDLE_TIMEOUT_S, 366 * 24 * 60 * 60);
  config->login_window_s = config_from_env ("DIRECTION_HUB_LOGIN_WINDOW_S",
                                            DEFAULT_LOGIN_WINDOW_S, 24 * 60 * 60);
  config->max_failures_user = config_from_env ("DIRECTION_HUB_LOGIN_MAX_PER_USER",
                                               DEFAULT_MAX_FAILURES_USER, 1000000);
  config->max_failures_addr = config_from_env ("DIRECTION_HUB_LOGIN_MAX_PER_ADDR",
                                               DEFAULT_MAX_FAILURES_ADDR, 1000000);

  randombytes_buf (random_password, sizeof random_password);
  if (crypto_pwhash_str (config->dummy_hash, (const char *) random_password,
                         sizeof random_password, PWHASH_OPSLIMIT, PWHASH_MEMLIMIT) != 0)
    g_error ("Out of memory for password hashing");
  sodium_memzero (random_password, sizeof random_password);

  g_object_set_data_full (G_OBJECT (server), CONFIG_KEY, config, g_free);

  hub_server_add_route (server, HUB_METHOD_POST, "/api/v1/session", HUB_ROUTE_NONE,
                        session_create_cb);
  hub_server_add_route (server, HUB_METHOD_GET, "/api/v1/session", HUB_ROUTE_NONE,
                        session_get_cb);
  hub_server_add_route (server, HUB_METHOD_DELETE, "/api/v1/session", HUB_ROUTE_NONE,
                        session_delete_cb);
}

HubCaller *
hub_auth_require (HubRequest *request,
                  HubRole     allowed)
{
  g_auto(Session) session = { 0 };

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (allowed != 0, NULL);

  if (!authenticate (request, allowed, &session))
    return NULL;

  return g_steal_pointer (&session.caller);
}

HubCaller *
hub_caller_copy (const HubCaller *caller)
{
  HubCaller *copy;

  g_return_val_if_fail (caller != NULL, NULL);

  copy = g_new0 (HubCaller, 1);
  copy->user_id = caller->user_id;
  copy->username = g_strdup (caller->username);
  copy->agency_id = caller->agency_id;
  copy->agency_name = g_strdup (caller->agency_name);
  copy->role = caller->role;

  return copy;
}

void
hub_caller_free (HubCaller *caller)
{
  if (caller == NULL)
    return;

  g_free (caller->username);
  g_free (caller->agency_name);
  g_free (caller);
}

const char *
hub_role_to_string (HubRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    {
      if (role == (HubRole) (1 << i))
        return role_names[i];
    }

  g_return_val_if_reached (NULL);
}

gboolean
hub_role_from_string (const char *text,
                      HubRole    *role)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    {
      if (g_str_equal (text, role_names[i]))
        {
          if (role != NULL)
            *role = 1 << i;
          return TRUE;
        }
    }

  return FALSE;
}

/* caller may be NULL: a refused sign-in by nobody we know. */
gboolean
hub_audit_insert (sqlite3          *db,
                  const HubCaller  *caller,
                  const char       *action,
                  const char       *subject_id,
                  const char       *peer,
                  GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *at = now_sortable ();

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!hub_db_prepare (db,
                "INSERT INTO audit (at, user_id, username, agency_id, role, action,"
                "                   subject_id, peer)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                &stmt, error))
    return FALSE;

  sqlite3_bind_text (stmt, 1, at, -1, SQLITE_STATIC);
  if (caller != NULL)
    {
      sqlite3_bind_int64 (stmt, 2, caller->user_id);
      sqlite3_bind_text (stmt, 3, caller->username, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, caller->agency_id);
      sqlite3_bind_text (stmt, 5, hub_role_to_string (caller->role), -1, SQLITE_STATIC);
    }
  sqlite3_bind_text (stmt, 6, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, subject_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, peer, -1, SQLITE_STATIC);

  return hub_db_step_done (db, stmt, error);
}

/* -------------------------------------------------------------------- CLI */

/* An argument as UTF-8 (command lines are in the locale's encoding). */
static char *
argument_to_utf8 (const char *arg)
{
  if (g_utf8_validate (arg, -1, NULL))
    return g_strdup (arg);

  return g_locale_to_utf8 (arg, -1, NULL, NULL, NULL);
}

static gboolean
is_valid_agency_name (const char *name)
{
  if (name[0] == '\0' || g_utf8_strlen (name, -1) > MAX_AGENCY_NAME_LENGTH)
    return FALSE;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        return FALSE;
    }

  return !g_ascii_isspace (name[0]) && !g_ascii_isspace (name[strlen (name) - 1]);
}

/* One line of standard input into buffer (size bytes), without its line
 * end.  On a terminal, asks for it without echo. */
static gboolean
read_password_line (const char  *prompt,
                    char        *buffer,
                    gsize        size,
                    GError     **error)
{
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved;
  gboolean restore = FALSE;
  gsize len;
  char *got;

  if (tty)
    {
      struct termios quiet;

      fputs (prompt, stderr);
      fflush (stderr);

      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(ECHO | ECHOE | ECHOK | ECHONL);
          restore = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }

  got = fgets (buffer, size, stdin);

  if (restore)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  if (tty)
    fputc ('\n', stderr);

  if (got == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "No password on standard input (one line is expected)");
      return FALSE;
    }

  len = strlen (buffer);
  if (len > 0 && buffer[len - 1] == '\n')
    buffer[--len] = '\0';
  else if (!feof (stdin))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The password is longer than %d bytes", MAX_PASSWORD_BYTES);
      return FALSE;
    }
  if (len > 0 && buffer[len - 1] == '\r')
    buffer[--len] = '\0';

  return TRUE;
}

static gboolean
check_password (const char  *password,
                GError     **error)
{
  if (!g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The password is not valid UTF-8");
      return FALSE;
    }

  if (g_utf8_strlen (password, -1) < MIN_PASSWORD_CHARS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The password must be at least %d characters long", MIN_PASSWORD_CHARS);
      return FALSE;
    }

  return TRUE;
}

/* Reads the new password and returns its crypto_pwhash_str(), or NULL. */
static char *
read_password_hash (const char  *username,
                    GError     **error)
{
  char password[MAX_PASSWORD_BYTES + 2];
  char again[MAX_PASSWORD_BYTES + 2];
  g_autofree char *prompt = g_strdup_printf ("New password for %s: ", username);
  char *hash = NULL;
  gboolean ok;

  ok = read_password_line (prompt, password, sizeof password, error) &&
       check_password (password, error);

  if (ok && isatty (STDIN_FILENO))
    {
      ok = read_password_line ("Repeat the password: ", again, sizeof again, error);
      if (ok && strcmp (password, again) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The passwords do not match");
          ok = FALSE;
        }
    }

  if (ok)
    {
      hash = g_malloc0 (crypto_pwhash_STRBYTES);
      if (crypto_pwhash_str (hash, password, strlen (password),
                             PWHASH_OPSLIMIT, PWHASH_MEMLIMIT) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "Not enough memory to hash the password");
          g_clear_pointer (&hash, g_free);
        }
    }

  sodium_memzero (password, sizeof password);
  sodium_memzero (again, sizeof again);

  return hash;
}

/* The agency's id, 0 when there is none of that name; -1 on error. */
static gint64
lookup_agency (sqlite3     *db,
               const char  *name,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!hub_db_prepare (db, "SELECT id FROM agency WHERE name = ?", &stmt, error))
    return -1;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, error);
      return -1;
    }

  return 0;
}

int
hub_accounts_cli_add_agency (int    argc,
                             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HubDb) hub_db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *created = NULL;
  sqlite3 *db;
  int status = EXIT_SUCCESS;
  int rc;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The hub database (see init)", "PATH" },
    { NULL }
  };

  context = g_option_context_new ("NAME");
  g_option_context_set_summary (context,
                                "Add a partner agency, such as \"Bedford Probation\".  Users\n"
                                "belong to one agency; a referrer sees only its agency's\n"
                                "referrals.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hub_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (db_path == NULL)
    return hub_cli_usage_error ("--db PATH is required");
  if (argc != 2)
    return hub_cli_usage_error ("add-agency takes exactly one NAME");

  name = argument_to_utf8 (argv[1]);
  if (name == NULL || !is_valid_agency_name (name))
    return hub_cli_usage_error ("The agency NAME must be 1 to 200 characters of text, without "
                        "control characters or spaces at either end");

  hub_db = hub_cli_open_db (db_path, &error);
  if (hub_db == NULL)
    return hub_cli_fail ("%s", error->message);
  db = hub_db_get_handle (hub_db);

  created = now_sortable ();
  if (!hub_db_prepare (db, "INSERT INTO agency (name, created) VALUES (?, ?)", &stmt, &error))
    return hub_cli_fail ("%s", error->message);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, created, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    return hub_cli_fail ("There is already an agency named “%s”", name);
  if (rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, &error);
      return hub_cli_fail ("%s", error->message);
    }

  g_print ("Added agency “%s”\n", name);

  return EXIT_SUCCESS;
}

int
hub_accounts_cli_add_user (int    argc,
                           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HubDb) hub_db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *agency_arg = NULL;
  g_autofree char *agency = NULL;
  g_autofree char *role_name = NULL;
  g_autofree char *created = NULL;
  g_autofree char *hash = NULL;
  const char *username;
  sqlite3 *db;
  gint64 agency_id;
  int status = EXIT_SUCCESS;
  int rc;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The hub database (see init)", "PATH" },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &agency_arg, "The user's agency (see add-agency)",
      "NAME" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_name,
      "referrer, volunteer, advisor, provider or admin", "ROLE" },
    { NULL }
  };

  ensure_sodium ();

  context = g_option_context_new ("USERNAME");
  g_option_context_set_summary (context,
                                "Add a user who signs in to the hub.  The password is read\n"
                                "from standard input: one line, at least 12 characters.  On a\n"
                                "terminal it is asked for twice, without echo.  It is never\n"
                                "taken from the command line, where other users could see it.\n"
                                "\n"
                                "USERNAME: letters, digits and . _ @ - (at most 64); case does\n"
                                "not matter when signing in.\n"
                                "\n"
                                "Roles: referrer (agency staff), volunteer (no risk fields),\n"
                                "advisor (the hub's call centre), provider (runs services),\n"
                                "admin (manages accounts).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hub_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (db_path == NULL)
    return hub_cli_usage_error ("--db PATH is required");
  if (agency_arg == NULL)
    return hub_cli_usage_error ("--agency NAME is required");
  if (role_name == NULL)
    return hub_cli_usage_error ("--role ROLE is required");
  if (!hub_role_from_string (role_name, NULL))
    return hub_cli_usage_error ("--role must be one of referrer, volunteer, advisor, provider, admin");
  if (argc != 2)
    return hub_cli_usage_error ("add-user takes exactly one USERNAME (and reads the password from "
                        "standard input)");

  username = argv[1];
  if (!is_valid_username (username))
    return hub_cli_usage_error ("USERNAME must be 1 to 64 letters, digits or . _ @ -");

  agency = argument_to_utf8 (agency_arg);
  if (agency == NULL)
    return hub_cli_usage_error ("--agency is not valid text");

  hub_db = hub_cli_open_db (db_path, &error);
  if (hub_db == NULL)
    return hub_cli_fail ("%s", error->message);
  db = hub_db_get_handle (hub_db);

  /* Check what we can before asking for the password. */
  agency_id = lookup_agency (db, agency, &error);
  if (agency_id < 0)
    return hub_cli_fail ("%s", error->message);
  if (agency_id == 0)
    return hub_cli_fail ("There is no agency named “%s”; add it first with add-agency", agency);

  if (!hub_db_prepare (db, "SELECT 1 FROM user WHERE username = ?", &stmt, &error))
    return hub_cli_fail ("%s", error->message);
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return hub_cli_fail ("There is already a user named “%s”", username);
  if (rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, &error);
      return hub_cli_fail ("%s", error->message);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  hash = read_password_hash (username, &error);
  if (hash == NULL)
    return hub_cli_fail ("%s", error->message);

  created = now_sortable ();
  if (!hub_db_prepare (db,
                "INSERT INTO user (username, agency_id, role, password_hash, created)"
                " VALUES (?, ?, ?, ?, ?)",
                &stmt, &error))
    return hub_cli_fail ("%s", error->message);
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, agency_id);
  sqlite3_bind_text (stmt, 3, role_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, created, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    return hub_cli_fail ("There is already a user named “%s”", username);
  if (rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, &error);
      return hub_cli_fail ("%s", error->message);
    }

  g_print ("Added user %s (%s) at “%s”\n", username, role_name, agency);

  return EXIT_SUCCESS;
}

int
hub_accounts_cli_list_users (int    argc,
                             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HubDb) hub_db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *db_path = NULL;
  const char *header[] = { "USERNAME", "AGENCY", "ROLE", "DISABLED", "LAST LOGIN", NULL };
  int widths[G_N_ELEMENTS (header) - 1] = { 0 };
  sqlite3 *db;
  int status = EXIT_SUCCESS;
  int rc;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The hub database (see init)", "PATH" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "List the users: name, agency, role, whether disabled and\n"
                                "when they last signed in (UTC).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hub_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (db_path == NULL)
    return hub_cli_usage_error ("--db PATH is required");
  if (argc > 1)
    return hub_cli_usage_error ("list-users takes no arguments");

  hub_db = hub_cli_open_db (db_path, &error);
  if (hub_db == NULL)
    return hub_cli_fail ("%s", error->message);
  db = hub_db_get_handle (hub_db);

  if (!hub_db_prepare (db,
                "SELECT u.username, a.name, u.role, u.disabled, u.last_login"
                "  FROM user u JOIN agency a ON a.id = u.agency_id"
                " ORDER BY a.name, u.username",
                &stmt, &error))
    return hub_cli_fail ("%s", error->message);

  g_ptr_array_add (rows, g_strdupv ((char **) header));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *last_login = (const char *) sqlite3_column_text (stmt, 4);
      char **row = g_new0 (char *, G_N_ELEMENTS (header));

      row[0] = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row[1] = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row[2] = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row[3] = g_strdup (sqlite3_column_int (stmt, 3) ? "yes" : "no");
      /* "2026-10-01T09:00:00.000000Z" → "2026-10-01 09:00:00" */
      row[4] = last_login != NULL && strlen (last_login) >= 19
               ? g_strdup_printf ("%.10s %.8s", last_login, last_login + 11)
               : g_strdup ("never");
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, &error);
      return hub_cli_fail ("%s", error->message);
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      for (guint j = 0; j < G_N_ELEMENTS (widths); j++)
        widths[j] = MAX (widths[j], (int) g_utf8_strlen (row[j], -1));
    }

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint j = 0; j < G_N_ELEMENTS (widths); j++)
        {
          g_string_append (line, row[j]);
          if (j + 1 < G_N_ELEMENTS (widths))
            for (int pad = g_utf8_strlen (row[j], -1); pad < widths[j] + 2; pad++)
              g_string_append_c (line, ' ');
        }
      g_print ("%s\n", line->str);
    }

  return EXIT_SUCCESS;
}
