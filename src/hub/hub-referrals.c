/* hub-referrals.c
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

/* Referral intake, the status lifecycle and the referral changes feed.
 *
 * All routes need "Authorization: Bearer TOKEN" (401 without a valid one;
 * 403 "forbidden" when the role may not use the route).  Errors are
 * {"error": {"code": "…", "message": "…", "field": "…"}}.  Every read and
 * write of a referral is audited (hub_audit_insert: who, what, which, when,
 * from where — never the content), and nothing here logs referral content.
 *
 * POST /api/v1/referrals                        roles: referrer, volunteer, advisor
 *   Headers: Idempotency-Key: <the referral's UUID>,
 *            Content-Type: application/json.  Body ≤ 64 KiB (else 413).
 *   {
 *     "id": "<uuid, equal to the Idempotency-Key>",
 *     "kind": "referral" | "signpost" | "callback",
 *     "service_id": "<uuid of a directory service>" | null,
 *                   (null only for "callback": ask a Direction advisor to call back)
 *     "person": {                                (required for referral and callback)
 *       "given_name": "…", "family_name": "…",   (required, ≤ 100 characters)
 *       "date_of_birth": "YYYY-MM-DD",           (required for referral; not in the future)
 *       "contact": { "phone", "email", "address", "postcode" },
 *                                                (all optional; callback needs phone)
 *       "preferred_language": "pl",              (BCP 47 tag)
 *       "interpreter_needed": bool,
 *       "crn": "X123456",                        (optional: letter + 6 digits)
 *       "prison_number": "A1234BC"               (optional: letter + 4 digits + 2 letters)
 *     },
 *     "release": { "date": "YYYY-MM-DD", "postcode": "MK40 1PG" },   (optional)
 *     "needs": ["ACC.EMERG", "FIN", …],          (Direction pathway codes, ≤ 32)
 *     "notes": "…",                              (≤ 4000 characters)
 *     "risk": {                                  (optional; never from a volunteer:
 *       "rosh": "low"|"medium"|"high"|"very_high",  403 "risk_fields_forbidden",
 *       "mappa_level": 0..3,                        field "risk")
 *       "do_not_see_alone": bool, "risk_to_self": bool, "notes": "…"
 *     },
 *     "consent": {                               (required for referral and callback)
 *       "given_by": "person"|"parent_or_guardian"|"advocate",
 *       "given_at": "<ISO 8601>",                (not in the future)
 *       "method": "verbal"|"written"|"electronic",
 *       "share_with": ["service", "direction"]   (a referral must share with "service",
 *     },                                          a callback with "direction")
 *     "callback_requested": bool
 *   }
 *   A "signpost" ("signpost only — no personal data sent") must not carry
 *   person, risk or notes.  Members not listed here are refused (422), so a
 *   typo never silently drops data.  Optional members may be null.
 *
 *   201 {"id", "reference": "DIR-2026-000123" (sequential per year),
 *        "status": "submitted", "created_at", "service_id",
 *        "history": [{"status": "submitted", "at": …}]}
 *       with Location: /api/v1/referrals/{id}, sent only once the referral,
 *       its first status and its audit row are committed (WAL, synchronous =
 *       FULL): a crash right after the 201 loses nothing.
 *   Replay of a completed key with the same body (compared as a SHA-256 of
 *   the canonical JSON: member order and spacing do not matter) → the first
 *   201, same body, with "Idempotent-Replay: true".
 *   400 "idempotency_key_required"  no Idempotency-Key
 *   400 "invalid_idempotency_key"   the key is not a UUID
 *   400 "invalid_json"              not UTF-8 JSON, not an object, nested too deep
 *   403 "risk_fields_forbidden"     a volunteer sent "risk" (field "risk")
 *   409 "in_flight"                 a request with this key is still being stored
 *   413 "payload_too_large"         body over 64 KiB
 *   415 "unsupported_media_type"    Content-Type is not application/json
 *   422 "idempotency_key_mismatch"  body id ≠ Idempotency-Key (field "id")
 *   422 "idempotency_key_reused"    the key was used with another body (or agency)
 *   422 "invalid"                   a field is wrong; "field" names it, e.g.
 *                                   "person.date_of_birth", "needs[2]"
 *   503 "unavailable"               the database could not store it; retry
 *
 * GET /api/v1/referrals/{id}                    roles: all
 *   A referrer or volunteer reads only its own agency's referrals (another
 *   agency's is 404, as is an unknown id); advisor, provider and admin read
 *   all.  A volunteer never gets "risk".  Audited "referral.read".
 *   200 {"id", "reference", "kind", "status", "service_id", "agency_id",
 *        "created_at", "updated_at", <the body's other members>,
 *        "history": [{"status", "reason_code", "note", "at"}]}
 *
 * GET /api/v1/referrals?status=S&limit=N        roles: all
 *   The caller's agency's referrals, newest first (an advisor's: all
 *   agencies).  limit 1..500 (default 50).  Summary fields only, never
 *   personal data.  Audited "referral.list".
 *   200 {"referrals": [{"id", "reference", "kind", "status", "service_id",
 *                       "agency_id", "created_at", "updated_at"}], "has_more": bool}
 *
 * PATCH /api/v1/referrals/{id}                  roles: advisor, provider
 *   {"status": "received"|"accepted"|"declined"|"more_information_needed"|"closed",
 *    "reason_code": "…",   (required for declined: not_eligible, no_capacity,
 *                           out_of_area, duplicate, person_declined, other;
 *                           optional otherwise, [a-z_], ≤ 40 characters)
 *    "note": "…"}          (optional, ≤ 4000 characters; the referrer sees it)
 *   Lifecycle: submitted → received → accepted | declined | more_information_needed;
 *   more_information_needed → received (the referrer replied);
 *   accepted | declined | more_information_needed → closed.
 *   Anything else is 409 "invalid_transition"; an unknown id is 404.
 *   Audited "referral.status".  200 {"id", "reference", "status",
 *   "updated_at", "history": […]}.
 *
 * GET /api/v1/referrals/changes?since=SEQ&limit=N   roles: all
 *   Status changes (the first "submitted" included) of the caller's agency's
 *   referrals (an advisor's: all), in seq order, after since (default 0).
 *   limit 1..1000 (default 100).  Audited "referral.list" when not empty.
 *   200 {"changes": [{"seq", "referral_id", "reference", "status",
 *                     "reason_code", "note", "at"}], "next": SEQ, "has_more": bool}
 *   Poll again with since=next.
 *
 * Times are UTC, "2026-10-01T09:00:00.000000Z" (dir_time_format_sortable).
 * PATCH bodies are application/json (or application/merge-patch+json).
 *
 * CLI (hub-commands.h):
 *   direction-hub list-referrals --db PATH [--status S]
 *     tab-separated id, reference, agency, service, kind, status, created,
 *     updated: never who a referral is about.
 *   direction-hub purge-referrals --db PATH --older-than DAYS
 *     deletes referrals closed or declined more than DAYS days ago, with
 *     their history, in one transaction; prints "Purged N referrals"; one
 *     "referral.purge" audit row per referral, by "cli:<login name>".
 *
 * Storage: the referral's validated, normalised body is kept as JSON text in
 * referral.content beside indexed columns.  It is not encrypted at rest on
 * the hub (yet): protect the database file.
 *
 * Group commit: a commit with synchronous = FULL costs an fsync, so
 * requests are validated on the main loop (these routes always run on the
 * main thread, whichever serving thread took the connection), their
 * messages held (hub_request_defer) and the writes queued to one writer thread
 * with its own connection.  It takes what is queued (waiting up to
 * BATCH_WINDOW_US for more, at most MAX_BATCH), writes each in a savepoint
 * and commits them in one transaction, then hands the batch back to the
 * main loop, which answers each message and resumes it
 * (hub_server_message_resume).  A referral is in
 * `in_flight` from its receipt until that hand-back, so a second request
 * with the same key in between is 409 "in_flight".  Reads are answered from
 * the main connection, but their audit rows go through the same writer, so
 * the main loop never waits on an fsync.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dir-geocoder.h"
#include "dir-store.h"
#include "dir-taxonomy.h"
#include "dir-time.h"
#include "dir-validate.h"

#include "hub-audit.h"
#include "hub-auth.h"
#include "hub-cli.h"
#include "hub-commands.h"
#include "hub-db.h"
#include "hub-server-private.h"

#define MAX_BODY_SIZE          (64 * 1024)
/* The deepest a valid body goes is 3 ("person" → "contact"). */
#define MAX_JSON_DEPTH         8
#define MAX_NAME_CHARS         100
#define MAX_SHORT_CHARS        200
#define MAX_ADDRESS_CHARS      500
#define MAX_TEXT_CHARS         4000
#define MAX_NEEDS              32
#define MAX_REASON_CHARS       40
/* Clocks drift: a consent given "in the future" by less than this is fine. */
#define CLOCK_SKEW_US          (10 * G_TIME_SPAN_MINUTE)

#define DEFAULT_LIST_LIMIT     50
#define MAX_LIST_LIMIT         500
#define DEFAULT_CHANGES_LIMIT  100
#define MAX_CHANGES_LIMIT      1000

/* Group commit: how long the writer waits for more work after the first
 * job of a batch, and the most jobs it commits at once. */
#define BATCH_WINDOW_US        1000
#define MAX_BATCH              512

#define REFERRALS_KEY          "hub-referrals"

#define UNAVAILABLE_BODY \
  "{\"error\":{\"code\":\"unavailable\"," \
  "\"message\":\"The hub could not store this; try again later\"}}"

static const char *schema_steps[] = {
  /* 1 */
  "CREATE TABLE referral ("
  "  id          TEXT PRIMARY KEY,"       /* UUID, lower case; the Idempotency-Key */
  "  reference   TEXT NOT NULL UNIQUE,"   /* DIR-2026-000123 */
  "  agency_id   INTEGER NOT NULL,"
  "  user_id     INTEGER NOT NULL,"
  "  service_id  TEXT,"
  "  kind        TEXT NOT NULL,"
  "  status      TEXT NOT NULL,"
  "  content     TEXT NOT NULL,"          /* the validated body, JSON */
  "  body_hash   TEXT NOT NULL,"          /* SHA-256 of the canonical request body */
  "  response    TEXT NOT NULL,"          /* the 201 body, for replays */
  "  created_at  TEXT NOT NULL,"
  "  updated_at  TEXT NOT NULL"
  ");"
  "CREATE INDEX referral_by_agency ON referral (agency_id, created_at);"
  "CREATE INDEX referral_by_created ON referral (created_at);"
  "CREATE INDEX referral_by_status ON referral (status, updated_at);"
  "CREATE TABLE referral_history ("
  "  seq          INTEGER PRIMARY KEY AUTOINCREMENT," /* never reused, even after a purge */
  "  referral_id  TEXT NOT NULL REFERENCES referral (id) ON DELETE CASCADE,"
  "  agency_id    INTEGER NOT NULL,"
  "  user_id      INTEGER,"
  "  status       TEXT NOT NULL,"
  "  reason_code  TEXT,"
  "  note         TEXT,"
  "  at           TEXT NOT NULL"
  ");"
  "CREATE INDEX referral_history_by_referral ON referral_history (referral_id, seq);"
  "CREATE INDEX referral_history_by_agency ON referral_history (agency_id, seq);"
  "CREATE TABLE referral_counter ("
  "  year  INTEGER PRIMARY KEY,"
  "  last  INTEGER NOT NULL"
  ");",
};

const HubSchema hub_referrals_schema = {
  "referrals", schema_steps, G_N_ELEMENTS (schema_steps)
};

static const char * const kinds[] = { "referral", "signpost", "callback", NULL };
static const char * const statuses[] = {
  "submitted", "received", "accepted", "declined", "more_information_needed", "closed", NULL
};
static const char * const decline_reasons[] = {
  "not_eligible", "no_capacity", "out_of_area", "duplicate", "person_declined", "other", NULL
};
static const char * const rosh_levels[] = { "low", "medium", "high", "very_high", NULL };
static const char * const consent_givers[] = { "person", "parent_or_guardian", "advocate", NULL };
static const char * const consent_methods[] = { "verbal", "written", "electronic", NULL };
static const char * const share_targets[] = { "service", "direction", NULL };

static const struct
{
  const char *from;
  const char *to;
} transitions[] = {
  { "submitted",               "received" },
  { "received",                "accepted" },
  { "received",                "declined" },
  { "received",                "more_information_needed" },
  { "more_information_needed", "received" },
  { "accepted",                "closed" },
  { "declined",                "closed" },
  { "more_information_needed", "closed" },
};

/* Statements the writer thread keeps prepared on its connection. */
typedef enum
{
  WRITE_NEXT_REFERENCE,
  WRITE_INSERT_REFERRAL,
  WRITE_INSERT_HISTORY,
  WRITE_GET_STATUS,
  WRITE_SET_STATUS,
  WRITE_GET_HISTORY,
  N_WRITE_STATEMENTS
} WriteStatement;

static const char *write_sql[N_WRITE_STATEMENTS] = {
  [WRITE_NEXT_REFERENCE] =
    "INSERT INTO referral_counter (year, last) VALUES (?1, 1) "
    "ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
  [WRITE_INSERT_REFERRAL] =
    "INSERT INTO referral (id, reference, agency_id, user_id, service_id, kind, status, "
    "                      content, body_hash, response, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'submitted', ?7, ?8, ?9, ?10, ?10)",
  [WRITE_INSERT_HISTORY] =
    "INSERT INTO referral_history (referral_id, agency_id, user_id, status, reason_code, "
    "                              note, at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [WRITE_GET_STATUS] =
    "SELECT status, agency_id, reference FROM referral WHERE id = ?1",
  [WRITE_SET_STATUS] =
    "UPDATE referral SET status = ?2, updated_at = ?3 WHERE id = ?1",
  [WRITE_GET_HISTORY] =
    "SELECT status, reason_code, note, at FROM referral_history "
    "WHERE referral_id = ?1 ORDER BY seq",
};

/* Statements the main thread keeps prepared on the hub's main connection. */
typedef enum
{
  READ_EXISTING,
  READ_REFERRAL,
  READ_HISTORY,
  N_READ_STATEMENTS
} ReadStatement;

static const char *read_sql[N_READ_STATEMENTS] = {
  [READ_EXISTING] =
    "SELECT agency_id, body_hash, response FROM referral WHERE id = ?1",
  [READ_REFERRAL] =
    "SELECT reference, agency_id, service_id, kind, status, content, created_at, updated_at "
    "FROM referral WHERE id = ?1",
  [READ_HISTORY] =
    "SELECT status, reason_code, note, at FROM referral_history "
    "WHERE referral_id = ?1 ORDER BY seq",
};

typedef struct _Job Job;
typedef struct _Referrals Referrals;

/* run: in the writer thread, inside the batch's transaction (in a savepoint
 * of its own; returning FALSE rolls back just this job).
 * done: on the main loop once the batch is committed (or failed, with
 * job->error set): sets the response.  The message is unpaused after. */
typedef gboolean (*JobRunFunc)  (Job       *job,
                                 Referrals *self,
                                 sqlite3   *db,
                                 GError   **error);
typedef void     (*JobDoneFunc) (Job       *job);

struct _Job
{
  SoupServerMessage *msg;
  gulong             disconnected_id;
  /* The client hung up: answer nobody.  Set by the thread that owns the
   * connection, which may not be the main thread: atomic. */
  gint               gone;

  JobRunFunc         run;
  JobDoneFunc        done;
  GError            *error;

  HubCaller         *caller;
  char              *peer;
  char              *action;        /* audit action */
  char              *referral_id;   /* audit subject; NULL for a list */
  char              *in_flight_key; /* set for creations: removed from in_flight when done */

  /* creation */
  char              *kind;
  char              *service_id;
  char              *content;
  char              *body_hash;

  /* status change */
  char              *status;
  char              *reason_code;
  char              *note;
  enum {
    OUTCOME_DONE,
    OUTCOME_NOT_FOUND,
    OUTCOME_INVALID_TRANSITION,
    OUTCOME_CONFLICT,
  } outcome;
  char              *old_status;

  /* what done answers: the response body built in the writer */
  char              *response;
};

struct _Referrals
{
  HubServer    *server;            /* not owned: it owns us */
  DirStore     *store;
  HubDb        *db;
  GMainContext *context;           /* the main loop's, where batches are answered */

  GHashTable   *in_flight;         /* referral id → Job, main thread only */
  sqlite3_stmt *read_stmts[N_READ_STATEMENTS];

  GAsyncQueue  *queue;             /* of Job, or &stop_job */
  GThread      *thread;
  sqlite3      *writer_db;         /* the writer thread's connection */
  sqlite3_stmt *write_stmts[N_WRITE_STATEMENTS];

  /* Committed batches (GPtrArray of Job) waiting for the main loop, and the
   * idle source that will answer them; both under lock. */
  GMutex        lock;
  GQueue        finished;
  GSource      *wakeup;
};

/* The validation outcome of a request, answered as an error. */
typedef struct
{
  guint       status;
  const char *code;
  char       *field;
  char       *message;
} Problem;

/* sqlite3_stmt kept prepared and reused: the cleanup only resets it, so its
 * read transaction ends and the next use starts from scratch. */
typedef sqlite3_stmt ReusedStmt;

static void
reused_stmt_reset (ReusedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReusedStmt, reused_stmt_reset)

static Job stop_job;

/* ---- helpers ------------------------------------------------------------ */

static void
problem_clear (Problem *problem)
{
  g_clear_pointer (&problem->field, g_free);
  g_clear_pointer (&problem->message, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Problem, problem_clear)

static gboolean
set_problem (Problem    *problem,
             guint       status,
             const char *code,
             const char *field,
             const char *format,
             ...) G_GNUC_PRINTF (5, 6);

static gboolean
set_problem (Problem    *problem,
             guint       status,
             const char *code,
             const char *field,
             const char *format,
             ...)
{
  va_list args;

  problem_clear (problem);
  problem->status = status;
  problem->code = code;
  problem->field = g_strdup (field);

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  return FALSE;
}

/* "person" + "given_name" → "person.given_name"; the field named in errors. */
static char *
field_path (const char *prefix,
            const char *name)
{
  if (prefix == NULL || prefix[0] == '\0')
    return g_strdup (name);

  return g_strconcat (prefix, ".", name, NULL);
}

static gboolean
invalid (Problem    *problem,
         const char *prefix,
         const char *name,
         const char *message)
{
  g_autofree char *field = field_path (prefix, name);

  return set_problem (problem, 422, "invalid", field, "%s %s", field, message);
}

static void
respond_problem (HubRequest    *request,
                 const Problem *problem)
{
  hub_request_respond_error (request, problem->status, problem->code, problem->field,
                             "%s", problem->message);
}

static gboolean
strv_contains (const char * const *strv,
               const char         *text)
{
  return text != NULL && g_strv_contains (strv, text);
}

/* NULL, after answering 503, when the writer could not be started. */
static Referrals *
referrals_from_request (HubRequest *request)
{
  Referrals *self = g_object_get_data (G_OBJECT (request->server), REFERRALS_KEY);

  if (self == NULL)
    hub_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", NULL,
                               "Referrals are unavailable: the hub cannot write its database");

  return self;
}

static char *
now_timestamp (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return dir_time_format_sortable (now);
}

static gboolean
sees_every_agency (const HubCaller *caller)
{
  return (caller->role & (HUB_ROLE_ADVISOR | HUB_ROLE_PROVIDER | HUB_ROLE_ADMIN)) != 0;
}

/* Prepares once, then hands out the same statement, reset. */
static ReusedStmt *
reuse_statement (sqlite3       *db,
                 sqlite3_stmt **slot,
                 const char    *sql,
                 GError       **error)
{
  if (*slot == NULL)
    {
      int rc = sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);

      if (rc != SQLITE_OK)
        {
          hub_db_set_error (db, rc, error);
          return NULL;
        }
    }

  return *slot;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
builder_to_text (JsonBuilder *builder,
                 gsize       *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

/* Adds "history": [{"status", "reason_code", "note", "at"}] from a
 * statement bound to a referral id. */
static gboolean
add_history (JsonBuilder  *builder,
             sqlite3      *db,
             sqlite3_stmt *stmt,
             GError      **error)
{
  int rc;

  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      add_nullable_string (builder, "status", column_text (stmt, 0));
      add_nullable_string (builder, "reason_code", column_text (stmt, 1));
      add_nullable_string (builder, "note", column_text (stmt, 2));
      add_nullable_string (builder, "at", column_text (stmt, 3));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (rc != SQLITE_DONE)
    return hub_db_set_error (db, rc, error);

  return TRUE;
}

/* ---- request bodies ------------------------------------------------------ */

/* json-glib's parser recurses: refuse absurd nesting before it sees it. */
static gboolean
json_depth_is_sane (const char *text,
                    gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        {
          in_string = TRUE;
        }
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_JSON_DEPTH)
            return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        {
          depth--;
        }
    }

  return TRUE;
}

static gboolean
check_content_type (HubRequest *request,
                    Problem    *problem)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  if (type == NULL ||
      (g_ascii_strcasecmp (type, "application/json") != 0 &&
       g_ascii_strcasecmp (type, "application/merge-patch+json") != 0))
    return set_problem (problem, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                        NULL, "The body must be JSON (Content-Type: application/json)");

  return TRUE;
}

/* The request body as a JSON object, or FALSE with problem set. */
static JsonNode *
parse_body (HubRequest *request,
            Problem    *problem)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;

  if (!check_content_type (request, problem))
    return NULL;

  if (body->length > MAX_BODY_SIZE)
    {
      set_problem (problem, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", NULL,
                   "The body must be at most %u bytes", MAX_BODY_SIZE);
      return NULL;
    }

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);

  if (length == 0)
    {
      set_problem (problem, SOUP_STATUS_BAD_REQUEST, "invalid_json", NULL, "The body is empty");
      return NULL;
    }

  if (!g_utf8_validate (data, length, NULL))
    {
      set_problem (problem, SOUP_STATUS_BAD_REQUEST, "invalid_json", NULL,
                   "The body is not valid UTF-8 text");
      return NULL;
    }

  if (!json_depth_is_sane (data, length))
    {
      set_problem (problem, SOUP_STATUS_BAD_REQUEST, "invalid_json", NULL,
                   "The body is nested too deeply");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      /* json-glib's messages quote the input: not echoed back or logged. */
      set_problem (problem, SOUP_STATUS_BAD_REQUEST, "invalid_json", NULL,
                   "The body is not valid JSON");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      set_problem (problem, SOUP_STATUS_BAD_REQUEST, "invalid_json", NULL,
                   "The body must be a JSON object");
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/* Canonical JSON (members sorted by name, no spaces) hashed with SHA-256:
 * two bodies that mean the same have the same hash. */
static void
append_canonical_string (GString    *out,
                         const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
append_canonical (GString  *out,
                  JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = g_list_sort (json_object_get_members (object),
                                              (GCompareFunc) strcmp);

        g_string_append_c (out, '{');
        for (const GList *l = names; l != NULL; l = l->next)
          {
            if (l != names)
              g_string_append_c (out, ',');
            append_canonical_string (out, l->data);
            g_string_append_c (out, ':');
            append_canonical (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_canonical (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          {
            append_canonical_string (out, json_node_get_string (node));
          }
        else if (type == G_TYPE_INT64)
          {
            g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          }
        else if (type == G_TYPE_BOOLEAN)
          {
            g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          }
        else
          {
            char buffer[G_ASCII_DTOSTR_BUF_SIZE];

            g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer,
                                                  json_node_get_double (node)));
          }
      }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

static char *
hash_canonical (JsonNode *node)
{
  g_autoptr(GString) canonical = g_string_new (NULL);

  append_canonical (canonical, node);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical->str, canonical->len);
}

/* ---- field validation ---------------------------------------------------- */

/* A member; null counts as absent. */
static JsonNode *
lookup (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

static gboolean
check_members (JsonObject         *object,
               const char         *prefix,
               const char * const *allowed,
               Problem            *problem)
{
  g_autoptr(GList) names = json_object_get_members (object);

  for (const GList *l = names; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          /* The name is the client's text: only echoed when it is tame. */
          const char *name = l->data;
          gboolean tame = strlen (name) <= 64;

          for (const char *p = name; tame && *p != '\0'; p++)
            tame = g_ascii_isalnum (*p) || *p == '_';

          return invalid (problem, prefix, tame ? name : "?", "is not a known member");
        }
    }

  return TRUE;
}

static gboolean
has_control_characters (const char *text,
                        gboolean    multiline)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (multiline && (c == '\n' || c == '\r' || c == '\t'))
        continue;
      if (c < 0x20 || c == 0x7f)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }

  return TRUE;
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *text)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (g_strcmp0 (json_array_get_string_element (array, i), text) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
read_string (JsonObject  *object,
             const char  *prefix,
             const char  *name,
             gboolean     required,
             guint        max_chars,
             gboolean     multiline,
             const char **out,
             Problem     *problem)
{
  JsonNode *node = lookup (object, name);
  const char *text;

  *out = NULL;

  if (node == NULL)
    return required ? invalid (problem, prefix, name, "is required") : TRUE;

  if (!node_is_string (node))
    return invalid (problem, prefix, name, "must be a string");

  text = json_node_get_string (node);
  if (is_blank (text))
    return required ? invalid (problem, prefix, name, "must not be empty") : TRUE;

  if (g_utf8_strlen (text, -1) > (glong) max_chars)
    {
      g_autofree char *message = g_strdup_printf ("must be at most %u characters", max_chars);

      return invalid (problem, prefix, name, message);
    }

  if (has_control_characters (text, multiline))
    return invalid (problem, prefix, name, "must not contain control characters");

  *out = text;
  return TRUE;
}

static gboolean
read_enum (JsonObject         *object,
           const char         *prefix,
           const char         *name,
           gboolean            required,
           const char * const *values,
           const char        **out,
           Problem            *problem)
{
  if (!read_string (object, prefix, name, required, MAX_SHORT_CHARS, FALSE, out, problem))
    return FALSE;

  if (*out != NULL && !g_strv_contains (values, *out))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) values);
      g_autofree char *message = g_strdup_printf ("must be one of %s", list);

      return invalid (problem, prefix, name, message);
    }

  return TRUE;
}

static gboolean
read_bool (JsonObject *object,
           const char *prefix,
           const char *name,
           gboolean   *present,
           gboolean   *out,
           Problem    *problem)
{
  JsonNode *node = lookup (object, name);

  *present = node != NULL;
  *out = FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (problem, prefix, name, "must be true or false");

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
copy_bool (JsonObject *from,
           JsonObject *to,
           const char *prefix,
           const char *name,
           Problem    *problem)
{
  gboolean present;
  gboolean value;

  if (!read_bool (from, prefix, name, &present, &value, problem))
    return FALSE;

  if (present)
    json_object_set_boolean_member (to, name, value);

  return TRUE;
}

static JsonObject *
read_object (JsonObject  *object,
             const char  *prefix,
             const char  *name,
             gboolean     required,
             Problem     *problem,
             gboolean    *ok)
{
  JsonNode *node = lookup (object, name);

  *ok = TRUE;
  if (node == NULL)
    {
      if (required)
        *ok = invalid (problem, prefix, name, "is required");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *ok = invalid (problem, prefix, name, "must be an object");
      return NULL;
    }

  return json_node_get_object (node);
}

/* A calendar date, "YYYY-MM-DD" exactly. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static void
today_utc (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

static gboolean
copy_date (JsonObject *from,
           JsonObject *to,
           const char *prefix,
           const char *name,
           gboolean    required,
           gboolean    past_only,
           Problem    *problem)
{
  const char *text;
  GDate date;
  GDate today;

  if (!read_string (from, prefix, name, required, 10, FALSE, &text, problem))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!parse_date (text, &date))
    return invalid (problem, prefix, name, "must be a date, YYYY-MM-DD");

  today_utc (&today);
  if (past_only && g_date_compare (&date, &today) > 0)
    return invalid (problem, prefix, name, "must not be in the future");
  if (g_date_get_year (&date) < 1900 || g_date_get_year (&date) > g_date_get_year (&today) + 100)
    return invalid (problem, prefix, name, "is not a plausible date");

  json_object_set_string_member (to, name, text);
  return TRUE;
}

static gboolean
copy_postcode (JsonObject *from,
               JsonObject *to,
               const char *prefix,
               const char *name,
               Problem    *problem)
{
  g_autofree char *normalized = NULL;
  const char *text;

  if (!read_string (from, prefix, name, FALSE, 16, FALSE, &text, problem))
    return FALSE;
  if (text == NULL)
    return TRUE;

  normalized = dir_geocoder_normalize_postcode (text);
  if (normalized == NULL)
    return invalid (problem, prefix, name, "is not a UK postcode");

  json_object_set_string_member (to, name, normalized);
  return TRUE;
}

static gboolean
copy_string (JsonObject *from,
             JsonObject *to,
             const char *prefix,
             const char *name,
             gboolean    required,
             guint       max_chars,
             gboolean    multiline,
             Problem    *problem)
{
  const char *text;

  if (!read_string (from, prefix, name, required, max_chars, multiline, &text, problem))
    return FALSE;

  if (text != NULL)
    json_object_set_string_member (to, name, text);

  return TRUE;
}

/* Digits, spaces and "-()", with an optional leading "+": 7 to 15 digits. */
static gboolean
phone_is_valid (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+' && p == text)
        continue;
      else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')')
        return FALSE;
    }

  return digits >= 7 && digits <= 15;
}

static gboolean
copy_identifier (JsonObject *from,
                 JsonObject *to,
                 const char *prefix,
                 const char *name,
                 const char *pattern,
                 const char *description,
                 Problem    *problem)
{
  g_autofree char *normalized = NULL;
  const char *text;

  if (!read_string (from, prefix, name, FALSE, 16, FALSE, &text, problem))
    return FALSE;
  if (text == NULL)
    return TRUE;

  normalized = dir_identifier_match (text, pattern);
  if (normalized == NULL)
    return invalid (problem, prefix, name, description);

  json_object_set_string_member (to, name, normalized);
  return TRUE;
}

static gboolean
validate_contact (JsonObject  *contact,
                  JsonObject  *clean,
                  const char  *kind,
                  Problem     *problem)
{
  static const char * const members[] = { "phone", "email", "address", "postcode", NULL };
  const char *prefix = "person.contact";
  const char *phone;
  const char *email;

  if (!check_members (contact, prefix, members, problem))
    return FALSE;

  if (!read_string (contact, prefix, "phone", g_str_equal (kind, "callback"), 40, FALSE,
                    &phone, problem))
    return FALSE;
  if (phone != NULL && !phone_is_valid (phone))
    return invalid (problem, prefix, "phone", "is not a telephone number");
  if (phone != NULL)
    json_object_set_string_member (clean, "phone", phone);

  if (!read_string (contact, prefix, "email", FALSE, 254, FALSE, &email, problem))
    return FALSE;
  if (email != NULL && !dir_email_is_valid (email))
    return invalid (problem, prefix, "email", "is not an e-mail address");
  if (email != NULL)
    json_object_set_string_member (clean, "email", email);

  return copy_string (contact, clean, prefix, "address", FALSE, MAX_ADDRESS_CHARS, TRUE,
                      problem) &&
         copy_postcode (contact, clean, prefix, "postcode", problem);
}

static gboolean
validate_person (JsonObject *person,
                 JsonObject *clean,
                 const char *kind,
                 Problem    *problem)
{
  static const char * const members[] = {
    "given_name", "family_name", "date_of_birth", "contact", "preferred_language",
    "interpreter_needed", "crn", "prison_number", NULL
  };
  const char *prefix = "person";
  g_autoptr(JsonObject) clean_contact = json_object_new ();
  JsonObject *contact;
  const char *language;
  gboolean ok;

  if (!check_members (person, prefix, members, problem))
    return FALSE;

  if (!copy_string (person, clean, prefix, "given_name", TRUE, MAX_NAME_CHARS, FALSE, problem) ||
      !copy_string (person, clean, prefix, "family_name", TRUE, MAX_NAME_CHARS, FALSE, problem) ||
      !copy_date (person, clean, prefix, "date_of_birth", g_str_equal (kind, "referral"), TRUE,
                  problem))
    return FALSE;

  contact = read_object (person, prefix, "contact", g_str_equal (kind, "callback"), problem, &ok);
  if (!ok)
    return FALSE;
  if (contact != NULL)
    {
      if (!validate_contact (contact, clean_contact, kind, problem))
        return FALSE;
      json_object_set_object_member (clean, "contact", g_steal_pointer (&clean_contact));
    }

  if (!read_string (person, prefix, "preferred_language", FALSE, 35, FALSE, &language, problem))
    return FALSE;
  if (language != NULL && !dir_language_tag_is_valid (language))
    return invalid (problem, prefix, "preferred_language",
                    "must be a language tag such as \"pl\" or \"pa-Guru\"");
  if (language != NULL)
    json_object_set_string_member (clean, "preferred_language", language);

  return copy_bool (person, clean, prefix, "interpreter_needed", problem) &&
         copy_identifier (person, clean, prefix, "crn", "A999999",
                          "must be a letter and 6 digits, such as X123456", problem) &&
         copy_identifier (person, clean, prefix, "prison_number", "A9999AA",
                          "must be a letter, 4 digits and 2 letters, such as A1234BC", problem);
}

static gboolean
validate_release (JsonObject *release,
                  JsonObject *clean,
                  Problem    *problem)
{
  static const char * const members[] = { "date", "postcode", NULL };

  return check_members (release, "release", members, problem) &&
         copy_date (release, clean, "release", "date", TRUE, FALSE, problem) &&
         copy_postcode (release, clean, "release", "postcode", problem);
}

static gboolean
validate_needs (JsonNode   *node,
                JsonObject *clean,
                Problem    *problem)
{
  g_autoptr(JsonArray) codes = json_array_new ();
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (problem, NULL, "needs", "must be an array of pathway codes");

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > MAX_NEEDS)
    return invalid (problem, NULL, "needs", "has too many codes");

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *field = g_strdup_printf ("needs[%u]", i);
      const char *code;

      if (!node_is_string (element))
        return set_problem (problem, 422, "invalid", field, "%s must be a pathway code", field);

      code = json_node_get_string (element);
      if (strlen (code) > 32 || dir_taxonomy_lookup (code) == NULL)
        return set_problem (problem, 422, "invalid", field,
                            "%s is not a Direction pathway code; see /api/v1/taxonomy_terms",
                            field);

      if (array_has_string (codes, code))
        return set_problem (problem, 422, "invalid", field, "%s is given twice", field);

      json_array_add_string_element (codes, code);
    }

  json_object_set_array_member (clean, "needs", g_steal_pointer (&codes));
  return TRUE;
}

static gboolean
validate_risk (JsonObject *risk,
               JsonObject *clean,
               Problem    *problem)
{
  static const char * const members[] = {
    "rosh", "mappa_level", "do_not_see_alone", "risk_to_self", "notes", NULL
  };
  const char *rosh;
  JsonNode *mappa;

  if (!check_members (risk, "risk", members, problem) ||
      !read_enum (risk, "risk", "rosh", FALSE, rosh_levels, &rosh, problem))
    return FALSE;
  if (rosh != NULL)
    json_object_set_string_member (clean, "rosh", rosh);

  mappa = lookup (risk, "mappa_level");
  if (mappa != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (mappa) || json_node_get_value_type (mappa) != G_TYPE_INT64 ||
          json_node_get_int (mappa) < 0 || json_node_get_int (mappa) > 3)
        return invalid (problem, "risk", "mappa_level", "must be a whole number from 0 to 3");
      json_object_set_int_member (clean, "mappa_level", json_node_get_int (mappa));
    }

  return copy_bool (risk, clean, "risk", "do_not_see_alone", problem) &&
         copy_bool (risk, clean, "risk", "risk_to_self", problem) &&
         copy_string (risk, clean, "risk", "notes", FALSE, MAX_TEXT_CHARS, TRUE, problem);
}

static gboolean
validate_consent (JsonObject *consent,
                  JsonObject *clean,
                  const char *kind,
                  Problem    *problem)
{
  static const char * const members[] = {
    "given_by", "given_at", "method", "share_with", NULL
  };
  g_autoptr(JsonArray) targets = json_array_new ();
  g_autoptr(GDateTime) given_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *given_by;
  const char *given_at_text;
  const char *method;
  JsonNode *share;
  JsonArray *array;

  if (!check_members (consent, "consent", members, problem) ||
      !read_enum (consent, "consent", "given_by", TRUE, consent_givers, &given_by, problem) ||
      !read_string (consent, "consent", "given_at", TRUE, 64, FALSE, &given_at_text, problem))
    return FALSE;

  given_at = dir_time_parse (given_at_text);
  if (given_at == NULL)
    return invalid (problem, "consent", "given_at", "must be an ISO 8601 date and time");
  if (g_date_time_difference (given_at, now) > CLOCK_SKEW_US)
    return invalid (problem, "consent", "given_at", "must not be in the future");

  if (!read_enum (consent, "consent", "method", TRUE, consent_methods, &method, problem))
    return FALSE;

  share = lookup (consent, "share_with");
  if (share == NULL)
    return invalid (problem, "consent", "share_with", "is required");
  if (!JSON_NODE_HOLDS_ARRAY (share))
    return invalid (problem, "consent", "share_with", "must be an array");

  array = json_node_get_array (share);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *target = node_is_string (element) ? json_node_get_string (element) : NULL;

      if (!strv_contains (share_targets, target))
        return invalid (problem, "consent", "share_with",
                        "may only list \"service\" and \"direction\"");

      if (array_has_string (targets, target))
        return invalid (problem, "consent", "share_with", "lists a recipient twice");

      json_array_add_string_element (targets, target);
    }

  if (g_str_equal (kind, "referral") && !array_has_string (targets, "service"))
    return invalid (problem, "consent", "share_with",
                    "must include \"service\": a referral is shared with the service");

  if (g_str_equal (kind, "callback") && !array_has_string (targets, "direction"))
    return invalid (problem, "consent", "share_with",
                    "must include \"direction\": an advisor calls back");

  json_object_set_string_member (clean, "given_by", given_by);
  json_object_set_string_member (clean, "given_at", given_at_text);
  json_object_set_string_member (clean, "method", method);
  json_object_set_array_member (clean, "share_with", g_steal_pointer (&targets));

  return TRUE;
}

/* Checks the whole body and builds its clean, normalised copy (only known
 * members, postcodes and identifiers in their standard forms). */
static JsonObject *
validate_referral (Referrals  *self,
                   JsonObject *body,
                   char      **out_service_id,
                   Problem    *problem)
{
  static const char * const members[] = {
    "id", "kind", "service_id", "person", "release", "needs", "notes", "risk", "consent",
    "callback_requested", NULL
  };
  g_autoptr(JsonObject) clean = json_object_new ();
  g_autofree char *service_id = NULL;
  const char *kind;
  const char *service_text;
  JsonObject *object;
  JsonNode *needs;
  gboolean ok;

  if (!check_members (body, NULL, members, problem) ||
      !read_enum (body, NULL, "kind", TRUE, kinds, &kind, problem))
    return NULL;

  /* id was checked against the Idempotency-Key already. */
  json_object_set_string_member (clean, "id", json_object_get_string_member (body, "id"));
  json_object_set_string_member (clean, "kind", kind);

  if (g_str_equal (kind, "signpost"))
    {
      static const char * const personal[] = { "person", "risk", "notes" };

      for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
        {
          if (json_object_has_member (body, personal[i]))
            {
              set_problem (problem, 422, "invalid", personal[i],
                           "A signpost sends no personal data: remove %s", personal[i]);
              return NULL;
            }
        }
    }

  /* service_id */
  if (!read_string (body, NULL, "service_id", !g_str_equal (kind, "callback"), 36, FALSE,
                    &service_text, problem))
    return NULL;
  if (service_text != NULL)
    {
      g_autoptr(DirService) service = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_uuid_string_is_valid (service_text))
        {
          invalid (problem, NULL, "service_id", "must be a service UUID");
          return NULL;
        }

      service_id = g_ascii_strdown (service_text, -1);
      service = dir_store_get_service (self->store, service_id, &error);
      if (service == NULL && g_error_matches (error, DIR_STORE_ERROR, DIR_STORE_ERROR_NOT_FOUND))
        {
          invalid (problem, NULL, "service_id", "is not a service in the directory");
          return NULL;
        }
      else if (service == NULL)
        {
          g_message ("Directory unavailable while checking a referral: %s", error->message);
          set_problem (problem, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", NULL,
                       "The directory is unavailable; try again later");
          return NULL;
        }
    }
  if (service_id != NULL)
    json_object_set_string_member (clean, "service_id", service_id);
  else
    json_object_set_null_member (clean, "service_id");

  /* person */
  object = read_object (body, NULL, "person", !g_str_equal (kind, "signpost"), problem, &ok);
  if (!ok)
    return NULL;
  if (object != NULL)
    {
      g_autoptr(JsonObject) person = json_object_new ();

      if (!validate_person (object, person, kind, problem))
        return NULL;
      json_object_set_object_member (clean, "person", g_steal_pointer (&person));
    }

  /* release */
  object = read_object (body, NULL, "release", FALSE, problem, &ok);
  if (!ok)
    return NULL;
  if (object != NULL)
    {
      g_autoptr(JsonObject) release = json_object_new ();

      if (!validate_release (object, release, problem))
        return NULL;
      json_object_set_object_member (clean, "release", g_steal_pointer (&release));
    }

  /* needs */
  needs = lookup (body, "needs");
  if (needs != NULL && !validate_needs (needs, clean, problem))
    return NULL;

  /* notes */
  if (!copy_string (body, clean, NULL, "notes", FALSE, MAX_TEXT_CHARS, TRUE, problem))
    return NULL;

  /* risk (a volunteer's was refused before validation) */
  object = read_object (body, NULL, "risk", FALSE, problem, &ok);
  if (!ok)
    return NULL;
  if (object != NULL)
    {
      g_autoptr(JsonObject) risk = json_object_new ();

      if (!validate_risk (object, risk, problem))
        return NULL;
      json_object_set_object_member (clean, "risk", g_steal_pointer (&risk));
    }

  /* consent */
  object = read_object (body, NULL, "consent", !g_str_equal (kind, "signpost"), problem, &ok);
  if (!ok)
    return NULL;
  if (object != NULL)
    {
      g_autoptr(JsonObject) consent = json_object_new ();

      if (!validate_consent (object, consent, kind, problem))
        return NULL;
      json_object_set_object_member (clean, "consent", g_steal_pointer (&consent));
    }

  if (!copy_bool (body, clean, NULL, "callback_requested", problem))
    return NULL;

  *out_service_id = g_steal_pointer (&service_id);
  return g_steal_pointer (&clean);
}

/* ---- the writer ---------------------------------------------------------- */

static void
referrals_free (Referrals *self)
{
  g_assert (self->thread == NULL);
  g_assert (self->wakeup == NULL);
  g_assert (g_queue_is_empty (&self->finished));

  for (guint i = 0; i < N_READ_STATEMENTS; i++)
    g_clear_pointer (&self->read_stmts[i], sqlite3_finalize);

  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->db);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static void
on_message_disconnected_cb (SoupServerMessage *msg,
                            Job               *job)
{
  g_atomic_int_set (&job->gone, TRUE);
}

static Job *
job_new (HubRequest      *request,
         const HubCaller *caller,
         const char      *action,
         const char      *referral_id,
         JobRunFunc       run,
         JobDoneFunc      done)
{
  Job *job = g_new0 (Job, 1);

  job->msg = g_object_ref (request->msg);
  job->disconnected_id = g_signal_connect (job->msg, "disconnected",
                                           G_CALLBACK (on_message_disconnected_cb), job);
  job->run = run;
  job->done = done;
  job->caller = hub_caller_copy (caller);
  job->peer = hub_request_dup_peer (request);
  job->action = g_strdup (action);
  job->referral_id = g_strdup (referral_id);

  return job;
}

static void
job_free (Job *job)
{
  g_clear_signal_handler (&job->disconnected_id, job->msg);
  g_clear_object (&job->msg);
  g_clear_error (&job->error);
  g_clear_pointer (&job->caller, hub_caller_free);
  g_free (job->peer);
  g_free (job->action);
  g_free (job->referral_id);
  g_free (job->in_flight_key);
  g_free (job->kind);
  g_free (job->service_id);
  g_free (job->content);
  g_free (job->body_hash);
  g_free (job->status);
  g_free (job->reason_code);
  g_free (job->note);
  g_free (job->old_status);
  g_free (job->response);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* Hands the job to the writer and holds the message until it is done.
 * libsoup wants a status once the handler returns; the real answer replaces
 * this one before the message is resumed. */
static void
submit_job (Referrals  *self,
            HubRequest *request,
            Job        *job)
{
  soup_server_message_set_status (job->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
  hub_request_defer (request);
  g_async_queue_push (self->queue, job);
}

static gboolean
run_job (Referrals *self,
         Job       *job)
{
  g_autoptr(GError) error = NULL;

  if (!hub_db_exec (self->writer_db, "SAVEPOINT job", &error))
    {
      job->error = g_steal_pointer (&error);
      return FALSE;
    }

  if (!job->run (job, self, self->writer_db, &error))
    {
      job->error = g_steal_pointer (&error);
      sqlite3_exec (self->writer_db, "ROLLBACK TO job; RELEASE job", NULL, NULL, NULL);
      return FALSE;
    }

  if (!hub_db_exec (self->writer_db, "RELEASE job", &error))
    {
      job->error = g_steal_pointer (&error);
      return FALSE;
    }

  return TRUE;
}

static void
fail_batch (GPtrArray    *jobs,
            const GError *error)
{
  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);

      if (job->error == NULL)
        job->error = g_error_copy (error);
    }
}

static void
commit_batch (Referrals *self,
              GPtrArray *jobs)
{
  g_autoptr(GError) error = NULL;

  if (!hub_db_exec (self->writer_db, "BEGIN IMMEDIATE", &error))
    {
      fail_batch (jobs, error);
      return;
    }

  for (guint i = 0; i < jobs->len; i++)
    run_job (self, g_ptr_array_index (jobs, i));

  if (!hub_db_exec (self->writer_db, "COMMIT", &error))
    {
      sqlite3_exec (self->writer_db, "ROLLBACK", NULL, NULL, NULL);
      fail_batch (jobs, error);
    }
}

/* On the main thread: answers every committed job and unpauses it (or,
 * at shutdown, only frees it). */
static void
answer_finished (Referrals *self,
                 gboolean   answer)
{
  GQueue finished = G_QUEUE_INIT;
  GPtrArray *jobs;

  g_mutex_lock (&self->lock);
  finished = self->finished;
  g_queue_init (&self->finished);
  g_clear_pointer (&self->wakeup, g_source_unref);
  g_mutex_unlock (&self->lock);

  while ((jobs = g_queue_pop_head (&finished)) != NULL)
    {
      for (guint i = 0; i < jobs->len; i++)
        {
          Job *job = g_ptr_array_index (jobs, i);

          if (job->in_flight_key != NULL)
            g_hash_table_remove (self->in_flight, job->in_flight_key);

          if (answer && !g_atomic_int_get (&job->gone))
            {
              job->done (job);
              hub_server_message_resume (job->msg);
            }
        }

      g_ptr_array_unref (jobs);
    }
}

static gboolean
answer_finished_cb (gpointer user_data)
{
  answer_finished (user_data, TRUE);

  return G_SOURCE_REMOVE;
}

/* In the writer: hands a committed batch to the main loop.  An idle source
 * of our own, not g_main_context_invoke(), which would run the callback
 * right here whenever the main context is not running. */
static void
finish_batch (Referrals *self,
              GPtrArray *jobs)
{
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->finished, jobs);
  if (self->wakeup == NULL)
    {
      self->wakeup = g_idle_source_new ();
      g_source_set_priority (self->wakeup, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->wakeup, answer_finished_cb, self, NULL);
      g_source_attach (self->wakeup, self->context);
    }
  g_mutex_unlock (&self->lock);
}

static gpointer
writer_worker (gpointer user_data)
{
  Referrals *self = user_data;
  gboolean stopping = FALSE;

  while (!stopping)
    {
      g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
      Job *job = g_async_queue_pop (self->queue);
      gint64 deadline;

      if (job == &stop_job)
        break;

      g_ptr_array_add (jobs, job);
      deadline = g_get_monotonic_time () + BATCH_WINDOW_US;
      while (jobs->len < MAX_BATCH)
        {
          gint64 left = deadline - g_get_monotonic_time ();

          job = left > 0 ? g_async_queue_timeout_pop (self->queue, left)
                         : g_async_queue_try_pop (self->queue);
          if (job == NULL)
            break;
          if (job == &stop_job)
            {
              stopping = TRUE;
              break;
            }
          g_ptr_array_add (jobs, job);
        }

      commit_batch (self, jobs);
      finish_batch (self, g_steal_pointer (&jobs));
    }

  for (guint i = 0; i < N_WRITE_STATEMENTS; i++)
    g_clear_pointer (&self->write_stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->writer_db, sqlite3_close);

  return NULL;
}

/* On the hub server's finalisation: the writer commits what is queued,
 * and what it committed is answered (to nobody, by now) and freed here. */
static void
referrals_shutdown (gpointer data)
{
  Referrals *self = data;

  g_async_queue_push (self->queue, &stop_job);
  g_clear_pointer (&self->thread, g_thread_join);

  g_mutex_lock (&self->lock);
  if (self->wakeup != NULL)
    g_source_destroy (self->wakeup);
  g_mutex_unlock (&self->lock);
  answer_finished (self, FALSE);

  referrals_free (self);
}

static ReusedStmt *
write_statement (Referrals      *self,
                 WriteStatement  which,
                 GError        **error)
{
  return reuse_statement (self->writer_db, &self->write_stmts[which], write_sql[which], error);
}

static ReusedStmt *
read_statement (Referrals      *self,
                ReadStatement   which,
                GError        **error)
{
  return reuse_statement (hub_db_get_handle (self->db), &self->read_stmts[which],
                          read_sql[which], error);
}

static gboolean
insert_history (Referrals   *self,
                const char  *referral_id,
                gint64       agency_id,
                gint64       user_id,
                const char  *status,
                const char  *reason_code,
                const char  *note,
                const char  *at,
                GError     **error)
{
  g_autoptr(ReusedStmt) stmt = write_statement (self, WRITE_INSERT_HISTORY, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, referral_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, agency_id);
  sqlite3_bind_int64 (stmt, 3, user_id);
  sqlite3_bind_text (stmt, 4, status, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 5, reason_code);
  bind_text_or_null (stmt, 6, note);
  sqlite3_bind_text (stmt, 7, at, -1, SQLITE_STATIC);

  return hub_db_step_done (self->writer_db, stmt, error);
}

/* ---- POST /api/v1/referrals ---------------------------------------------- */

static char *
build_created_response (const char *id,
                        const char *reference,
                        const char *created_at,
                        const char *service_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_nullable_string (builder, "id", id);
  add_nullable_string (builder, "reference", reference);
  add_nullable_string (builder, "status", "submitted");
  add_nullable_string (builder, "created_at", created_at);
  add_nullable_string (builder, "service_id", service_id);
  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_nullable_string (builder, "status", "submitted");
  add_nullable_string (builder, "at", created_at);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return builder_to_text (builder, NULL);
}

static gboolean
create_run (Job        *job,
            Referrals  *self,
            sqlite3    *db,
            GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created_at = dir_time_format_sortable (now);
  g_autofree char *reference = NULL;
  g_autofree char *response = NULL;
  gint64 number;
  int rc;

  {
    g_autoptr(ReusedStmt) stmt = write_statement (self, WRITE_NEXT_REFERENCE, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_int (stmt, 1, g_date_time_get_year (now));
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW)
      return hub_db_set_error (db, rc, error);
    number = sqlite3_column_int64 (stmt, 0);
  }

  reference = g_strdup_printf ("DIR-%04d-%06" G_GINT64_FORMAT,
                               g_date_time_get_year (now), number);
  response = build_created_response (job->referral_id, reference, created_at, job->service_id);

  {
    g_autoptr(ReusedStmt) stmt = write_statement (self, WRITE_INSERT_REFERRAL, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_text (stmt, 1, job->referral_id, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, reference, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, job->caller->agency_id);
    sqlite3_bind_int64 (stmt, 4, job->caller->user_id);
    bind_text_or_null (stmt, 5, job->service_id);
    sqlite3_bind_text (stmt, 6, job->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 7, job->content, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 8, job->body_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 9, response, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 10, created_at, -1, SQLITE_STATIC);

    rc = sqlite3_step (stmt);
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
      {
        /* Stored by another process on the same file after our check. */
        job->outcome = OUTCOME_CONFLICT;
        return TRUE;
      }
    if (rc != SQLITE_DONE)
      return hub_db_set_error (db, rc, error);
  }

  if (!insert_history (self, job->referral_id, job->caller->agency_id, job->caller->user_id,
                       "submitted", NULL, NULL, created_at, error) ||
      !hub_audit_insert (db, job->caller, job->action, job->referral_id, job->peer, error))
    return FALSE;

  job->response = g_steal_pointer (&response);
  return TRUE;
}

static void
respond_job_error (Job *job)
{
  /* sqlite's messages name tables and constraints, never values. */
  g_message ("Could not store %s: %s", job->action, job->error->message);
  soup_server_message_set_status (job->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
  soup_server_message_set_response (job->msg, "application/json", SOUP_MEMORY_STATIC,
                                    UNAVAILABLE_BODY, strlen (UNAVAILABLE_BODY));
}

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              char              *json)
{
  gsize length = strlen (json);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, json, length);
}

static void
respond_message_error (SoupServerMessage *msg,
                       guint              status,
                       const char        *code,
                       const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  add_nullable_string (builder, "code", code);
  add_nullable_string (builder, "message", message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  respond_text (msg, status, builder_to_text (builder, NULL));
}

static void
create_done (Job *job)
{
  g_autofree char *location = NULL;

  if (job->error != NULL)
    {
      respond_job_error (job);
      return;
    }

  if (job->outcome == OUTCOME_CONFLICT)
    {
      respond_message_error (job->msg, SOUP_STATUS_CONFLICT, "in_flight",
                             "A referral with this Idempotency-Key is being stored; "
                             "retry to get its answer");
      return;
    }

  location = g_strconcat ("/api/v1/referrals/", job->referral_id, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (job->msg),
                                "Location", location);
  respond_text (job->msg, SOUP_STATUS_CREATED, g_steal_pointer (&job->response));
}

/* A stored referral with this id: replay its first answer, or refuse. */
static gboolean
answer_existing (Referrals       *self,
                 HubRequest      *request,
                 const HubCaller *caller,
                 const char      *id,
                 const char      *body_hash,
                 gboolean        *answered)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ReusedStmt) stmt = read_statement (self, READ_EXISTING, &error);
  int rc;

  *answered = FALSE;
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      hub_db_set_error (hub_db_get_handle (self->db), rc, &error);
      goto failed;
    }

  *answered = TRUE;
  if (sqlite3_column_int64 (stmt, 0) != caller->agency_id ||
      g_strcmp0 (column_text (stmt, 1), body_hash) != 0)
    {
      hub_request_respond_error (request, 422, "idempotency_key_reused", "id",
                                 "This Idempotency-Key was already used for another referral");
      return TRUE;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Idempotent-Replay", "true");
  {
    g_autofree char *location = g_strconcat ("/api/v1/referrals/", id, NULL);

    soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                  "Location", location);
  }
  respond_text (request->msg, SOUP_STATUS_CREATED, g_strdup (column_text (stmt, 2)));
  return TRUE;

failed:
  g_message ("Could not look up a referral: %s", error->message);
  hub_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", NULL,
                             "The hub's database is unavailable; try again later");
  *answered = TRUE;
  return FALSE;
}

static void
create_referral_cb (HubRequest *request)
{
  Referrals *self = referrals_from_request (request);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (request->msg);
  g_autoptr(HubCaller) caller = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) clean = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) clean_node = NULL;
  g_autofree char *key = NULL;
  g_autofree char *body_hash = NULL;
  g_autofree char *service_id = NULL;
  g_auto(Problem) problem = { 0 };
  const char *key_text;
  const char *id_text;
  JsonObject *body;
  JsonNode *id_node;
  gboolean answered;
  Job *job;

  if (self == NULL)
    return;

  caller = hub_auth_require (request, HUB_ROLE_REFERRER | HUB_ROLE_VOLUNTEER | HUB_ROLE_ADVISOR);
  if (caller == NULL)
    return;

  key_text = soup_message_headers_get_one (headers, "Idempotency-Key");
  if (key_text == NULL)
    {
      hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "idempotency_key_required",
                                 NULL, "An Idempotency-Key header (the referral's id) is required");
      return;
    }
  if (!g_uuid_string_is_valid (key_text))
    {
      hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_idempotency_key",
                                 NULL, "The Idempotency-Key must be the referral's UUID");
      return;
    }
  key = g_ascii_strdown (key_text, -1);

  root = parse_body (request, &problem);
  if (root == NULL)
    {
      respond_problem (request, &problem);
      return;
    }
  body = json_node_get_object (root);

  if ((caller->role & HUB_ROLE_VOLUNTEER) && json_object_has_member (body, "risk"))
    {
      hub_request_respond_error (request, SOUP_STATUS_FORBIDDEN, "risk_fields_forbidden", "risk",
                                 "Volunteers may not send risk information");
      return;
    }

  id_node = lookup (body, "id");
  id_text = id_node != NULL && node_is_string (id_node) ? json_node_get_string (id_node) : NULL;
  if (id_text == NULL || !g_uuid_string_is_valid (id_text))
    {
      hub_request_respond_error (request, 422, "invalid", "id", "id must be the referral's UUID");
      return;
    }
  if (g_ascii_strcasecmp (id_text, key) != 0)
    {
      hub_request_respond_error (request, 422, "idempotency_key_mismatch", "id",
                                 "id must equal the Idempotency-Key");
      return;
    }

  if (g_hash_table_contains (self->in_flight, key))
    {
      hub_request_respond_error (request, SOUP_STATUS_CONFLICT, "in_flight", NULL,
                                 "A referral with this Idempotency-Key is being stored; "
                                 "retry to get its answer");
      return;
    }

  body_hash = hash_canonical (root);
  answer_existing (self, request, caller, key, body_hash, &answered);
  if (answered)
    return;

  clean = validate_referral (self, body, &service_id, &problem);
  if (clean == NULL)
    {
      respond_problem (request, &problem);
      return;
    }
  /* Stored in lower case, whatever the client sent. */
  json_object_set_string_member (clean, "id", key);

  clean_node = json_node_init_object (json_node_alloc (), clean);
  generator = json_generator_new ();
  json_generator_set_root (generator, clean_node);

  job = job_new (request, caller, "referral.create", key, create_run, create_done);
  job->in_flight_key = g_strdup (key);
  job->kind = g_strdup (json_object_get_string_member (clean, "kind"));
  job->service_id = g_steal_pointer (&service_id);
  job->content = json_generator_to_data (generator, NULL);
  job->body_hash = g_steal_pointer (&body_hash);

  g_hash_table_insert (self->in_flight, job->in_flight_key, job);
  submit_job (self, request, job);
}

/* ---- reads: the audit row goes through the writer ------------------------ */

static gboolean
audit_run (Job        *job,
           Referrals  *self,
           sqlite3    *db,
           GError    **error)
{
  return hub_audit_insert (db, job->caller, job->action, job->referral_id, job->peer, error);
}

static void
audit_done (Job *job)
{
  /* The answer was set before the message was paused. */
  if (job->error != NULL)
    respond_job_error (job);
}

static void
respond_db_unavailable (HubRequest   *request,
                        const GError *error)
{
  g_message ("Referral database unavailable: %s", error->message);
  hub_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", NULL,
                             "The hub's database is unavailable; try again later");
}

/* Answers with text, but only once the audit row is committed. */
static void
respond_audited (Referrals       *self,
                 HubRequest      *request,
                 const HubCaller *caller,
                 const char      *action,
                 const char      *referral_id,
                 char            *text)
{
  Job *job = job_new (request, caller, action, referral_id, audit_run, audit_done);

  respond_text (request->msg, SOUP_STATUS_OK, text);
  hub_request_defer (request);
  g_async_queue_push (self->queue, job);
}

static void
respond_not_found (HubRequest *request)
{
  hub_request_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
                             "No such referral");
}

static void
get_referral_cb (HubRequest *request)
{
  Referrals *self = referrals_from_request (request);
  sqlite3 *db = self != NULL ? hub_db_get_handle (self->db) : NULL;
  g_autoptr(HubCaller) caller = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) names = NULL;
  g_autofree char *id = NULL;
  JsonObject *content;
  int rc;

  if (self == NULL)
    return;

  caller = hub_auth_require (request, HUB_ROLE_ANY);
  if (caller == NULL)
    return;

  if (!g_uuid_string_is_valid (request->params[0]))
    {
      respond_not_found (request);
      return;
    }
  id = g_ascii_strdown (request->params[0], -1);

  builder = json_builder_new ();
  {
    g_autoptr(ReusedStmt) stmt = read_statement (self, READ_REFERRAL, &error);

    if (stmt == NULL)
      {
        respond_db_unavailable (request, error);
        return;
      }

    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      {
        hub_db_set_error (db, rc, &error);
        respond_db_unavailable (request, error);
        return;
      }

    /* Another agency's referral is "not found", not "forbidden". */
    if (rc == SQLITE_DONE ||
        (!sees_every_agency (caller) && sqlite3_column_int64 (stmt, 1) != caller->agency_id))
      {
        respond_not_found (request);
        return;
      }

    parser = json_parser_new_immutable ();
    if (!json_parser_load_from_data (parser, column_text (stmt, 5), -1, &error) ||
        !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
      {
        g_warning ("Referral %s has damaged content", id);
        hub_request_respond_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                                   NULL, "The referral's stored content is damaged");
        return;
      }
    content = json_node_get_object (json_parser_get_root (parser));

    json_builder_begin_object (builder);
    add_nullable_string (builder, "id", id);
    add_nullable_string (builder, "reference", column_text (stmt, 0));
    add_nullable_string (builder, "kind", column_text (stmt, 3));
    add_nullable_string (builder, "status", column_text (stmt, 4));
    add_nullable_string (builder, "service_id", column_text (stmt, 2));
    json_builder_set_member_name (builder, "agency_id");
    json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 1));
    add_nullable_string (builder, "created_at", column_text (stmt, 6));
    add_nullable_string (builder, "updated_at", column_text (stmt, 7));
  }

  names = json_object_get_members (content);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_equal (name, "id") || g_str_equal (name, "kind") ||
          g_str_equal (name, "service_id") || g_str_equal (name, "history"))
        continue;
      if (g_str_equal (name, "risk") && (caller->role & HUB_ROLE_VOLUNTEER))
        continue;

      json_builder_set_member_name (builder, name);
      json_builder_add_value (builder, json_node_copy (json_object_get_member (content, name)));
    }

  {
    g_autoptr(ReusedStmt) stmt = read_statement (self, READ_HISTORY, &error);

    if (stmt == NULL)
      {
        respond_db_unavailable (request, error);
        return;
      }

    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
    if (!add_history (builder, db, stmt, &error))
      {
        respond_db_unavailable (request, error);
        return;
      }
  }
  json_builder_end_object (builder);

  respond_audited (self, request, caller, "referral.read", id, builder_to_text (builder, NULL));
}

static gboolean
parse_int_param (HubRequest *request,
                 const char *name,
                 gint64      min,
                 gint64      max,
                 gint64      fallback,
                 gint64     *out_value)
{
  const char *text = hub_request_get_param (request, name);
  gint64 value;

  if (text == NULL)
    {
      *out_value = fallback;
      return TRUE;
    }

  if (!g_ascii_string_to_signed (text, 10, min, max, &value, NULL))
    {
      hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", name,
                                 "%s must be a whole number from %" G_GINT64_FORMAT
                                 " to %" G_GINT64_FORMAT, name, min, max);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

static void
list_referrals_cb (HubRequest *request)
{
  Referrals *self = referrals_from_request (request);
  sqlite3 *db = self != NULL ? hub_db_get_handle (self->db) : NULL;
  g_autoptr(HubCaller) caller = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) sql = NULL;
  const char *status;
  gboolean all_agencies;
  gint64 limit;
  gint64 n = 0;
  int rc;

  if (self == NULL)
    return;

  caller = hub_auth_require (request, HUB_ROLE_ANY);
  if (caller == NULL)
    return;

  status = hub_request_get_param (request, "status");
  if (status != NULL && !strv_contains (statuses, status))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) statuses);

      hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", "status",
                                 "status must be one of %s", list);
      return;
    }

  if (!parse_int_param (request, "limit", 1, MAX_LIST_LIMIT, DEFAULT_LIST_LIMIT, &limit))
    return;

  /* Only an advisor lists every agency's referrals. */
  all_agencies = (caller->role & HUB_ROLE_ADVISOR) != 0;

  sql = g_string_new ("SELECT id, reference, kind, status, service_id, agency_id, created_at, "
                      "updated_at FROM referral WHERE 1");
  if (!all_agencies)
    g_string_append (sql, " AND agency_id = ?1");
  if (status != NULL)
    g_string_append (sql, " AND status = ?2");
  g_string_append (sql, " ORDER BY created_at DESC, id LIMIT ?3");

  rc = sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      hub_db_set_error (db, rc, &error);
      respond_db_unavailable (request, error);
      return;
    }

  if (!all_agencies)
    sqlite3_bind_int64 (stmt, 1, caller->agency_id);
  if (status != NULL)
    sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit + 1);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "referrals");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && n < limit)
    {
      json_builder_begin_object (builder);
      add_nullable_string (builder, "id", column_text (stmt, 0));
      add_nullable_string (builder, "reference", column_text (stmt, 1));
      add_nullable_string (builder, "kind", column_text (stmt, 2));
      add_nullable_string (builder, "status", column_text (stmt, 3));
      add_nullable_string (builder, "service_id", column_text (stmt, 4));
      json_builder_set_member_name (builder, "agency_id");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 5));
      add_nullable_string (builder, "created_at", column_text (stmt, 6));
      add_nullable_string (builder, "updated_at", column_text (stmt, 7));
      json_builder_end_object (builder);
      n++;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, &error);
      respond_db_unavailable (request, error);
      return;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "has_more");
  json_builder_add_boolean_value (builder, rc == SQLITE_ROW);
  json_builder_end_object (builder);

  respond_audited (self, request, caller, "referral.list", NULL, builder_to_text (builder, NULL));
}

static void
list_changes_cb (HubRequest *request)
{
  Referrals *self = referrals_from_request (request);
  sqlite3 *db = self != NULL ? hub_db_get_handle (self->db) : NULL;
  g_autoptr(HubCaller) caller = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gboolean all_agencies;
  gint64 since;
  gint64 limit;
  gint64 next;
  gint64 n = 0;
  int rc;

  if (self == NULL)
    return;

  caller = hub_auth_require (request, HUB_ROLE_ANY);
  if (caller == NULL)
    return;

  if (!parse_int_param (request, "since", 0, G_MAXINT64, 0, &since) ||
      !parse_int_param (request, "limit", 1, MAX_CHANGES_LIMIT, DEFAULT_CHANGES_LIMIT, &limit))
    return;

  all_agencies = (caller->role & HUB_ROLE_ADVISOR) != 0;
  rc = sqlite3_prepare_v2 (db,
                           all_agencies
                           ? "SELECT h.seq, h.referral_id, r.reference, h.status, h.reason_code, "
                             "       h.note, h.at "
                             "FROM referral_history h JOIN referral r ON r.id = h.referral_id "
                             "WHERE h.seq > ?1 ORDER BY h.seq LIMIT ?2"
                           : "SELECT h.seq, h.referral_id, r.reference, h.status, h.reason_code, "
                             "       h.note, h.at "
                             "FROM referral_history h JOIN referral r ON r.id = h.referral_id "
                             "WHERE h.agency_id = ?3 AND h.seq > ?1 ORDER BY h.seq LIMIT ?2",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      hub_db_set_error (db, rc, &error);
      respond_db_unavailable (request, error);
      return;
    }

  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit + 1);
  if (!all_agencies)
    sqlite3_bind_int64 (stmt, 3, caller->agency_id);

  next = since;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && n < limit)
    {
      next = sqlite3_column_int64 (stmt, 0);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, next);
      add_nullable_string (builder, "referral_id", column_text (stmt, 1));
      add_nullable_string (builder, "reference", column_text (stmt, 2));
      add_nullable_string (builder, "status", column_text (stmt, 3));
      add_nullable_string (builder, "reason_code", column_text (stmt, 4));
      add_nullable_string (builder, "note", column_text (stmt, 5));
      add_nullable_string (builder, "at", column_text (stmt, 6));
      json_builder_end_object (builder);
      n++;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, &error);
      respond_db_unavailable (request, error);
      return;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next");
  json_builder_add_int_value (builder, next);
  json_builder_set_member_name (builder, "has_more");
  json_builder_add_boolean_value (builder, rc == SQLITE_ROW);
  json_builder_end_object (builder);

  /* An empty poll reads no referral: not worth an audit row (desks poll). */
  if (n == 0)
    {
      respond_text (request->msg, SOUP_STATUS_OK, builder_to_text (builder, NULL));
      return;
    }

  respond_audited (self, request, caller, "referral.list", NULL, builder_to_text (builder, NULL));
}

/* ---- PATCH /api/v1/referrals/{id} ---------------------------------------- */

static gboolean
transition_is_allowed (const char *from,
                       const char *to)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      if (g_str_equal (transitions[i].from, from) && g_str_equal (transitions[i].to, to))
        return TRUE;
    }

  return FALSE;
}

static gboolean
status_run (Job        *job,
            Referrals  *self,
            sqlite3    *db,
            GError    **error)
{
  g_autofree char *now = now_timestamp ();
  g_autofree char *reference = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  gint64 agency_id;
  int rc;

  {
    g_autoptr(ReusedStmt) stmt = write_statement (self, WRITE_GET_STATUS, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_text (stmt, 1, job->referral_id, -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      {
        job->outcome = OUTCOME_NOT_FOUND;
        return TRUE;
      }
    if (rc != SQLITE_ROW)
      return hub_db_set_error (db, rc, error);

    job->old_status = g_strdup (column_text (stmt, 0));
    agency_id = sqlite3_column_int64 (stmt, 1);
    reference = g_strdup (column_text (stmt, 2));
  }

  if (!transition_is_allowed (job->old_status, job->status))
    {
      job->outcome = OUTCOME_INVALID_TRANSITION;
      return TRUE;
    }

  {
    g_autoptr(ReusedStmt) stmt = write_statement (self, WRITE_SET_STATUS, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_text (stmt, 1, job->referral_id, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 2, job->status, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
    if (!hub_db_step_done (db, stmt, error))
      return FALSE;
  }

  if (!insert_history (self, job->referral_id, agency_id, job->caller->user_id, job->status,
                       job->reason_code, job->note, now, error) ||
      !hub_audit_insert (db, job->caller, job->action, job->referral_id, job->peer, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_nullable_string (builder, "id", job->referral_id);
  add_nullable_string (builder, "reference", reference);
  add_nullable_string (builder, "status", job->status);
  add_nullable_string (builder, "updated_at", now);
  {
    g_autoptr(ReusedStmt) stmt = write_statement (self, WRITE_GET_HISTORY, error);

    if (stmt == NULL)
      return FALSE;

    sqlite3_bind_text (stmt, 1, job->referral_id, -1, SQLITE_STATIC);
    if (!add_history (builder, db, stmt, error))
      return FALSE;
  }
  json_builder_end_object (builder);

  job->response = builder_to_text (builder, NULL);
  job->outcome = OUTCOME_DONE;
  return TRUE;
}

static void
status_done (Job *job)
{
  g_autofree char *message = NULL;

  if (job->error != NULL)
    {
      respond_job_error (job);
      return;
    }

  switch (job->outcome)
    {
    case OUTCOME_NOT_FOUND:
      respond_message_error (job->msg, SOUP_STATUS_NOT_FOUND, "not_found", "No such referral");
      break;

    case OUTCOME_INVALID_TRANSITION:
      message = g_strdup_printf ("A referral that is %s cannot become %s",
                                 job->old_status, job->status);
      respond_message_error (job->msg, SOUP_STATUS_CONFLICT, "invalid_transition", message);
      break;

    case OUTCOME_DONE:
    case OUTCOME_CONFLICT:
    default:
      respond_text (job->msg, SOUP_STATUS_OK, g_steal_pointer (&job->response));
      break;
    }
}

static gboolean
reason_code_is_valid (const char *text)
{
  if (strlen (text) > MAX_REASON_CHARS)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && *p != '_')
        return FALSE;
    }

  return TRUE;
}

static void
update_status_cb (HubRequest *request)
{
  static const char * const members[] = { "status", "reason_code", "note", NULL };
  static const char * const targets[] = {
    "received", "accepted", "declined", "more_information_needed", "closed", NULL
  };
  Referrals *self = referrals_from_request (request);
  g_autoptr(HubCaller) caller = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = NULL;
  g_auto(Problem) problem = { 0 };
  const char *status;
  const char *reason_code;
  const char *note;
  JsonObject *body;
  Job *job;

  if (self == NULL)
    return;

  caller = hub_auth_require (request, HUB_ROLE_ADVISOR | HUB_ROLE_PROVIDER);
  if (caller == NULL)
    return;

  if (!g_uuid_string_is_valid (request->params[0]))
    {
      respond_not_found (request);
      return;
    }
  id = g_ascii_strdown (request->params[0], -1);

  root = parse_body (request, &problem);
  if (root == NULL)
    {
      respond_problem (request, &problem);
      return;
    }
  body = json_node_get_object (root);

  if (!check_members (body, NULL, members, &problem) ||
      !read_enum (body, NULL, "status", TRUE, targets, &status, &problem) ||
      !read_string (body, NULL, "reason_code", g_str_equal (status, "declined"),
                    MAX_REASON_CHARS, FALSE, &reason_code, &problem) ||
      !read_string (body, NULL, "note", FALSE, MAX_TEXT_CHARS, TRUE, &note, &problem))
    {
      respond_problem (request, &problem);
      return;
    }

  if (g_str_equal (status, "declined") && !strv_contains (decline_reasons, reason_code))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) decline_reasons);

      hub_request_respond_error (request, 422, "invalid", "reason_code",
                                 "reason_code for a decline must be one of %s", list);
      return;
    }
  if (reason_code != NULL && !reason_code_is_valid (reason_code))
    {
      hub_request_respond_error (request, 422, "invalid", "reason_code",
                                 "reason_code must be lower-case letters and underscores");
      return;
    }

  job = job_new (request, caller, "referral.status", id, status_run, status_done);
  job->status = g_strdup (status);
  job->reason_code = g_strdup (reason_code);
  job->note = g_strdup (note);
  submit_job (self, request, job);
}

/* ---- registration --------------------------------------------------------- */

void
hub_referrals_register (HubServer *server)
{
  g_autoptr(GError) error = NULL;
  Referrals *self;

  g_return_if_fail (HUB_IS_SERVER (server));

  self = g_new0 (Referrals, 1);
  self->server = server;
  self->store = g_object_ref (hub_server_get_store (server));
  self->db = g_object_ref (hub_server_get_db (server));
  self->context = g_main_context_ref_thread_default ();
  self->in_flight = g_hash_table_new (g_str_hash, g_str_equal);
  self->queue = g_async_queue_new ();
  g_mutex_init (&self->lock);
  g_queue_init (&self->finished);

  self->writer_db = hub_db_open_connection (self->db, &error);
  if (self->writer_db == NULL)
    {
      /* The routes answer 503 rather than hang. */
      g_warning ("Cannot open the referral writer's connection: %s", error->message);
      g_clear_pointer (&self, referrals_free);
    }
  else
    {
      self->thread = g_thread_new ("hub-referrals-writer", writer_worker, self);
      g_object_set_data_full (G_OBJECT (server), REFERRALS_KEY, self, referrals_shutdown);
    }

  /* "changes" before "{}": the first matching route wins. */
  hub_server_add_route (server, HUB_METHOD_GET, "/api/v1/referrals/changes", HUB_ROUTE_NONE,
                        list_changes_cb);
  hub_server_add_route (server, HUB_METHOD_POST, "/api/v1/referrals", HUB_ROUTE_NONE,
                        create_referral_cb);
  hub_server_add_route (server, HUB_METHOD_GET, "/api/v1/referrals", HUB_ROUTE_NONE,
                        list_referrals_cb);
  hub_server_add_route (server, HUB_METHOD_GET, "/api/v1/referrals/{}", HUB_ROUTE_NONE,
                        get_referral_cb);
  hub_server_add_route (server, HUB_METHOD_PATCH, "/api/v1/referrals/{}", HUB_ROUTE_NONE,
                        update_status_cb);
}

/* ---- CLI ------------------------------------------------------------------ */

int
hub_referrals_cli_list (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HubDb) hub_db = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *status_filter = NULL;
  sqlite3 *db;
  guint n = 0;
  int status = EXIT_SUCCESS;
  int rc;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The hub database (see init)", "PATH" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_filter,
      "Only referrals with this status (submitted, received, accepted, declined, "
      "more_information_needed, closed)", "STATUS" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "List referrals, oldest first, one per line, tab-separated:\n"
                                "id, reference, agency, service, kind, status, created, updated.\n"
                                "Never the referral's content (who it is about, notes, risk).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hub_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (db_path == NULL)
    return hub_cli_usage_error ("--db PATH is required");
  if (argc > 1)
    return hub_cli_usage_error ("list-referrals takes no arguments");
  if (status_filter != NULL && !strv_contains (statuses, status_filter))
    return hub_cli_usage_error ("--status must be one of submitted, received, accepted, declined, "
                            "more_information_needed, closed");

  hub_db = hub_cli_open_db (db_path, &error);
  if (hub_db == NULL)
    return hub_cli_fail ("%s", error->message);
  db = hub_db_get_handle (hub_db);

  rc = sqlite3_prepare_v2 (db,
                           "SELECT r.id, r.reference, coalesce (a.name, r.agency_id),"
                           "       coalesce (r.service_id, '-'), r.kind, r.status,"
                           "       r.created_at, r.updated_at"
                           "  FROM referral r LEFT JOIN agency a ON a.id = r.agency_id"
                           " WHERE ?1 IS NULL OR r.status = ?1"
                           " ORDER BY r.created_at, r.id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      hub_db_set_error (db, rc, &error);
      return hub_cli_fail ("%s", error->message);
    }
  bind_text_or_null (stmt, 1, status_filter);

  g_print ("id\treference\tagency\tservice\tkind\tstatus\tcreated\tupdated\n");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *agency = g_strdup (column_text (stmt, 2));

      /* An agency name is operator text: keep the columns intact. */
      g_strdelimit (agency, "\t\n\r", ' ');
      g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
               column_text (stmt, 0), column_text (stmt, 1), agency,
               column_text (stmt, 3), column_text (stmt, 4), column_text (stmt, 5),
               column_text (stmt, 6), column_text (stmt, 7));
      n++;
    }
  if (rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, &error);
      return hub_cli_fail ("%s", error->message);
    }

  g_printerr ("%u referrals\n", n);

  return EXIT_SUCCESS;
}

/* Deletes, in one transaction, referrals that were closed or declined more
 * than --older-than days ago, with their status history (and so their
 * entries in the changes feed), one "referral.purge" audit row each. */
int
hub_referrals_cli_purge (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HubDb) hub_db = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) delete_history = NULL;
  g_autoptr(sqlite3_stmt) delete_referral = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) cutoff = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *db_path = NULL;
  g_autofree char *cutoff_text = NULL;
  HubCaller actor = { 0 };
  g_autofree char *actor_name = NULL;
  sqlite3 *db;
  int days = -1;
  int status = EXIT_SUCCESS;
  int rc;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The hub database (see init)", "PATH" },
    { "older-than", 0, 0, G_OPTION_ARG_INT, &days,
      "Delete referrals closed or declined more than DAYS days ago", "DAYS" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "Delete referrals that were closed or declined more than DAYS\n"
                                "days ago, with their status history.  Each deletion is\n"
                                "audited (\"referral.purge\"); the audit rows are kept.\n"
                                "Prints how many were deleted.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hub_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (db_path == NULL)
    return hub_cli_usage_error ("--db PATH is required");
  if (days < 0 || days > 36500)
    return hub_cli_usage_error ("--older-than DAYS is required: 0 to 36500");
  if (argc > 1)
    return hub_cli_usage_error ("purge-referrals takes no arguments");

  hub_db = hub_cli_open_db (db_path, &error);
  if (hub_db == NULL)
    return hub_cli_fail ("%s", error->message);
  db = hub_db_get_handle (hub_db);

  cutoff = g_date_time_add_days (now, -days);
  cutoff_text = dir_time_format_sortable (cutoff);

  /* The audit log's actor: the operator at the command line. */
  actor_name = g_strdup_printf ("cli:%s", g_get_user_name ());
  actor.username = actor_name;
  actor.role = HUB_ROLE_ADMIN;

  if (!hub_db_exec (db, "BEGIN IMMEDIATE", &error))
    return hub_cli_fail ("%s", error->message);

  rc = sqlite3_prepare_v2 (db,
                           "SELECT id FROM referral"
                           " WHERE status IN ('closed', 'declined') AND updated_at < ?1",
                           -1, &select, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "DELETE FROM referral_history WHERE referral_id = ?1",
                             -1, &delete_history, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "DELETE FROM referral WHERE id = ?1", -1,
                             &delete_referral, NULL);
  if (rc != SQLITE_OK)
    {
      hub_db_set_error (db, rc, &error);
      goto failed;
    }

  sqlite3_bind_text (select, 1, cutoff_text, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup (column_text (select, 0)));
  if (rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, &error);
      goto failed;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      sqlite3_reset (delete_history);
      sqlite3_reset (delete_referral);
      sqlite3_bind_text (delete_history, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (delete_referral, 1, id, -1, SQLITE_STATIC);

      if (!hub_db_step_done (db, delete_history, &error) ||
          !hub_db_step_done (db, delete_referral, &error) ||
          !hub_audit_insert (db, &actor, "referral.purge", id, "cli", &error))
        goto failed;
    }

  if (!hub_db_exec (db, "COMMIT", &error))
    goto failed;

  g_print ("Purged %u referrals\n", ids->len);
  return EXIT_SUCCESS;

failed:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return hub_cli_fail ("Nothing was purged: %s", error->message);
}
