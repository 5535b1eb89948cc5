/* hub-changes.c
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

/* The directory sync feed:
 *
 *   GET /api/v1/changes?since=SEQ&limit=N
 *
 *   {"changes": [{"seq": 12, "op": "upsert", "id": "…", "service": {…}},
 *                {"seq": 13, "op": "delete", "id": "…"}],
 *    "next": 13, "has_more": false, "latest": 13}
 *
 * Every service has at most one row in hub_change: its last change, with a
 * sequence number newer than any before it.  The rows are written by sqlite
 * triggers on DirStore's `service` table, so every way of changing the
 * directory (the import CLI, dir_store_apply(), dir_store_replace_all(), a
 * migration) feeds the sync without DirStore knowing about it.  DirStore
 * replaces a record by DELETE then INSERT in one transaction: the delete's
 * tombstone is at once superseded by the insert's upsert, so a reader (who
 * only ever sees committed transactions) sees one upsert with a new seq.
 *
 * Upserts are the current directory and are never purged.  Tombstones are
 * kept until `direction-hub purge-changes --older-than DAYS` forgets them;
 * it advances the `oldest_available` watermark to the newest purged seq.
 *
 * Cursor rules (since):
 *   0                        bootstrap: every row (the whole directory, plus
 *                            the tombstones still kept, harmless to a new
 *                            client).  A client that resyncs from 0 must
 *                            treat the upserts it receives up to has_more =
 *                            false as the whole directory and drop the rest.
 *   oldest_available ≤ since ≤ latest    the rows with seq > since.
 *   0 < since < oldest_available         410 resync_required: deletes the
 *                            client has not seen were purged — unless
 *                            resync=1: a client paging a sync that began at
 *                            since=0 takes the whole directory and drops
 *                            what it did not see, so purged tombstones cannot
 *                            mislead it.
 *   since > latest           410 resync_required as well: the client is
 *                            ahead of the hub, which means the hub's database
 *                            was restored from an older backup (or the client
 *                            talks to another hub).  Its copy may hold records
 *                            this hub never had, so it must start again.
 *
 * `latest` is the highest seq ever issued (sqlite_sequence), not the highest
 * one still stored, so purging the newest tombstone never makes an up-to-date
 * client look "ahead".  When has_more is false, next = latest, so a client
 * that polls with since=next and If-None-Match gets 304 until something
 * changes.
 *
 * Responses are identified by (since, limit, latest, oldest_available,
 * encoding): the strong ETag is built from those, and the last few built
 * bodies are kept (by each serving thread), so a crowd of desks
 * bootstrapping (or polling) at once costs one query and one gzip per page
 * and thread.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "dir-store.h"

#include "hub-cli.h"
#include "hub-commands.h"
#include "hub-db.h"
#include "hub-server-private.h"

#define DEFAULT_LIMIT      500
#define MAX_LIMIT          2000
/* Pages smaller than this go out plain even to gzip clients. */
#define GZIP_MIN_SIZE      1024
#define CACHE_SIZE         16
/* Bump when the response shape changes, so old ETags stop matching. */
#define ETAG_VERSION       "c1"
#define MAX_RETENTION_DAYS 36500

#define NOW_SQL "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

static const char * const changes_steps[] = {
  /* 1: the feed, its watermark, the triggers, and a row for every service
   * already in an existing hub database. */
  "CREATE TABLE hub_change ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  service_id TEXT NOT NULL UNIQUE,"
  "  deleted INTEGER NOT NULL,"
  "  at TEXT NOT NULL"
  ");"
  "CREATE INDEX hub_change_tombstone_at ON hub_change (at) WHERE deleted = 1;"
  "CREATE TABLE hub_changes_meta ("
  "  key TEXT PRIMARY KEY,"
  "  value INTEGER NOT NULL"
  ");"
  "INSERT INTO hub_changes_meta (key, value) VALUES ('oldest_available', 0);"
  "INSERT INTO hub_change (service_id, deleted, at)"
  "  SELECT id, 0, " NOW_SQL " FROM service ORDER BY rowid;"
  "CREATE TRIGGER hub_change_service_insert AFTER INSERT ON service BEGIN"
  "  DELETE FROM hub_change WHERE service_id = new.id;"
  "  INSERT INTO hub_change (service_id, deleted, at) VALUES (new.id, 0, " NOW_SQL ");"
  "END;"
  "CREATE TRIGGER hub_change_service_delete AFTER DELETE ON service BEGIN"
  "  DELETE FROM hub_change WHERE service_id = old.id;"
  "  INSERT INTO hub_change (service_id, deleted, at) VALUES (old.id, 1, " NOW_SQL ");"
  "END;"
  /* DirStore never updates a record in place today; if it ever does, the
   * feed still sees it.  Updates of its index columns only (a migration
   * filling a new column) are not changes of the record. */
  "CREATE TRIGGER hub_change_service_update AFTER UPDATE OF id, data ON service"
  "  WHEN old.id IS NOT new.id OR old.data IS NOT new.data BEGIN"
  "  DELETE FROM hub_change WHERE service_id IN (old.id, new.id);"
  "  INSERT INTO hub_change (service_id, deleted, at)"
  "    SELECT old.id, 1, " NOW_SQL " WHERE old.id <> new.id;"
  "  INSERT INTO hub_change (service_id, deleted, at) VALUES (new.id, 0, " NOW_SQL ");"
  "END;",
};

const HubSchema hub_changes_schema = {
  "changes",
  changes_steps,
  G_N_ELEMENTS (changes_steps),
};

typedef struct
{
  gint64  since;
  guint   limit;
  gint64  latest;
  gint64  oldest;
  gboolean gzip;      /* the variant asked for (part of the key) */
  gboolean encoded;   /* body is gzip (a small page stays plain) */
  GBytes *body;
} CachedPage;

/* One per serving thread (hub_request_get_thread_data()): statements on
 * that thread's connection, and its own cache. */
typedef struct
{
  sqlite3      *db;           /* the thread's, borrowed */
  sqlite3_stmt *latest;
  sqlite3_stmt *oldest;
  sqlite3_stmt *page;
  CachedPage    cache[CACHE_SIZE];
  guint         cache_next;   /* round robin: the slot replaced next */
} Changes;

typedef struct
{
  gint64   latest;
  gint64   oldest;
} Watermarks;

static void
changes_free (gpointer data)
{
  Changes *self = data;

  for (guint i = 0; i < CACHE_SIZE; i++)
    g_clear_pointer (&self->cache[i].body, g_bytes_unref);
  g_clear_pointer (&self->latest, sqlite3_finalize);
  g_clear_pointer (&self->oldest, sqlite3_finalize);
  g_clear_pointer (&self->page, sqlite3_finalize);
  g_free (self);
}

/* Set by hub_changes_register(), before any serving thread starts. */
static GQuark changes_quark;

static gboolean
prepare (sqlite3       *db,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  int rc = sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL);

  if (rc != SQLITE_OK)
    return hub_db_set_error (db, rc, error);

  return TRUE;
}

static gint64
step_int64 (sqlite3_stmt *stmt,
            gint64        fallback,
            int          *out_rc)
{
  gint64 value = fallback;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      value = sqlite3_column_int64 (stmt, 0);
      rc = SQLITE_OK;
    }
  else if (rc == SQLITE_DONE)
    {
      rc = SQLITE_OK;
    }

  sqlite3_reset (stmt);
  *out_rc = rc;
  return value;
}

static gboolean
read_watermarks (Changes     *self,
                 Watermarks  *marks,
                 GError     **error)
{
  sqlite3 *db = self->db;
  int rc;

  marks->latest = step_int64 (self->latest, 0, &rc);
  if (rc != SQLITE_OK)
    return hub_db_set_error (db, rc, error);

  marks->oldest = step_int64 (self->oldest, 0, &rc);
  if (rc != SQLITE_OK)
    return hub_db_set_error (db, rc, error);

  return TRUE;
}

/* Service ids are UUIDs, but the feed never trusts that for its framing. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

/* One page of the feed, from a read transaction the caller holds. */
static GBytes *
build_page (Changes           *self,
            gint64             since,
            guint              limit,
            const Watermarks  *marks,
            GError           **error)
{
  sqlite3 *db = self->db;
  g_autoptr(GString) out = g_string_sized_new (4096);
  gint64 last_seq = since;
  gboolean has_more = FALSE;
  guint n = 0;
  int rc;

  g_string_append (out, "{\"changes\":[");

  sqlite3_bind_int64 (self->page, 1, since);
  sqlite3_bind_int64 (self->page, 2, (gint64) limit + 1);

  while ((rc = sqlite3_step (self->page)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (self->page, 0);
      const char *id = (const char *) sqlite3_column_text (self->page, 1);
      gboolean deleted = sqlite3_column_int (self->page, 2) != 0;
      const char *data = (const char *) sqlite3_column_text (self->page, 3);
      int data_len = sqlite3_column_bytes (self->page, 3);

      if (n == limit)
        {
          has_more = TRUE;
          break;
        }

      if (n > 0)
        g_string_append_c (out, ',');

      /* An upsert whose record is gone cannot happen (the triggers keep the
       * two in step); if it ever did, a tombstone is the safe answer. */
      if (!deleted && data == NULL)
        {
          g_warning ("Change %" G_GINT64_FORMAT " is an upsert of a missing service", seq);
          deleted = TRUE;
        }

      g_string_append_printf (out, "{\"seq\":%" G_GINT64_FORMAT ",\"op\":\"%s\",\"id\":",
                              seq, deleted ? "delete" : "upsert");
      append_json_string (out, id != NULL ? id : "");
      if (!deleted)
        {
          g_string_append (out, ",\"service\":");
          g_string_append_len (out, data, data_len);
        }
      g_string_append_c (out, '}');

      last_seq = seq;
      n++;
    }

  sqlite3_reset (self->page);
  sqlite3_clear_bindings (self->page);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, error);
      return NULL;
    }

  g_string_append_printf (out,
                          "],\"next\":%" G_GINT64_FORMAT ",\"has_more\":%s,"
                          "\"latest\":%" G_GINT64_FORMAT "}",
                          has_more ? last_seq : MAX (marks->latest, since),
                          has_more ? "true" : "false",
                          marks->latest);

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

static GBytes *
gzip_bytes (GBytes  *plain,
            GError **error)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const guint8 *in = g_bytes_get_data (plain, NULL);
  gsize in_left = g_bytes_get_size (plain);
  GConverterResult result;

  do
    {
      guint old_len = out->len;
      gsize read = 0;
      gsize written = 0;
      /* JSON shrinks several times over: a quarter is usually enough. */
      gsize room = MAX (in_left / 4, 16384);

      g_byte_array_set_size (out, old_len + room);
      result = g_converter_convert (G_CONVERTER (compressor),
                                    in, in_left,
                                    out->data + old_len, room,
                                    G_CONVERTER_INPUT_AT_END,
                                    &read, &written, error);
      if (result == G_CONVERTER_ERROR)
        return NULL;

      in += read;
      in_left -= read;
      g_byte_array_set_size (out, old_len + written);
    }
  while (result != G_CONVERTER_FINISHED);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
accepts_gzip (SoupMessageHeaders *headers)
{
  const char *accept = soup_message_headers_get_list (headers, "Accept-Encoding");
  g_autoptr(GSList) codings = NULL;
  gboolean gzip = FALSE;

  if (accept == NULL)
    return FALSE;

  /* Qualities: "gzip;q=0" refuses it. */
  codings = soup_header_parse_quality_list (accept, NULL);
  for (GSList *l = codings; l != NULL; l = l->next)
    {
      if (g_ascii_strcasecmp (l->data, "gzip") == 0 ||
          g_ascii_strcasecmp (l->data, "x-gzip") == 0)
        gzip = TRUE;
    }
  g_slist_free_full (g_steal_pointer (&codings), g_free);

  return gzip;
}

/* If-None-Match: "*" or a list of entity tags, compared weakly (RFC 9110
 * §13.1.2). */
static gboolean
etag_matches (SoupMessageHeaders *headers,
              const char         *etag)
{
  const char *list = soup_message_headers_get_list (headers, "If-None-Match");
  g_auto(GStrv) tags = NULL;

  if (list == NULL)
    return FALSE;

  tags = g_strsplit (list, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_equal (tag, "*"))
        return TRUE;
      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, etag))
        return TRUE;
    }

  return FALSE;
}

static GBytes *
cache_lookup (Changes          *self,
              gint64            since,
              guint             limit,
              const Watermarks *marks,
              gboolean          gzip,
              gboolean         *encoded)
{
  for (guint i = 0; i < CACHE_SIZE; i++)
    {
      const CachedPage *page = &self->cache[i];

      if (page->body != NULL &&
          page->since == since && page->limit == limit && page->gzip == gzip &&
          page->latest == marks->latest && page->oldest == marks->oldest)
        {
          *encoded = page->encoded;
          return g_bytes_ref (page->body);
        }
    }

  return NULL;
}

static void
cache_store (Changes          *self,
             gint64            since,
             guint             limit,
             const Watermarks *marks,
             gboolean          gzip,
             gboolean          encoded,
             GBytes           *body)
{
  CachedPage *page = NULL;

  /* Pages of an older state of the feed are dead: reuse their slots first. */
  for (guint i = 0; i < CACHE_SIZE && page == NULL; i++)
    {
      if (self->cache[i].body == NULL ||
          self->cache[i].latest != marks->latest ||
          self->cache[i].oldest != marks->oldest)
        page = &self->cache[i];
    }

  if (page == NULL)
    {
      page = &self->cache[self->cache_next];
      self->cache_next = (self->cache_next + 1) % CACHE_SIZE;
    }

  g_clear_pointer (&page->body, g_bytes_unref);
  page->since = since;
  page->limit = limit;
  page->latest = marks->latest;
  page->oldest = marks->oldest;
  page->gzip = gzip;
  page->encoded = encoded;
  page->body = g_bytes_ref (body);
}

static gboolean
parse_int_param (HubRequest *request,
                 const char *name,
                 guint64     min,
                 guint64     max,
                 guint64     fallback,
                 guint64    *out_value)
{
  const char *text = hub_request_get_param (request, name);

  if (text == NULL)
    {
      *out_value = fallback;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, min, max, out_value, NULL))
    {
      hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", name,
                                 "%s must be a whole number from %" G_GUINT64_FORMAT
                                 " to %" G_GUINT64_FORMAT, name, min, max);
      return FALSE;
    }

  return TRUE;
}

static void
respond_db_error (HubRequest   *request,
                  const GError *error)
{
  /* Locked or failing disk: an operational condition, not a hub bug. */
  g_message ("Changes feed unavailable: %s", error->message);
  hub_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", NULL,
                             "The changes feed is unavailable; try again later");
}

/* This thread's Changes, made on first use. */
static Changes *
get_changes (HubRequest  *request,
             GError     **error)
{
  Changes *self = hub_request_get_thread_data (request, changes_quark);

  if (self != NULL)
    return self;

  self = g_new0 (Changes, 1);
  self->db = hub_request_get_db_handle (request);

  if (!prepare (self->db, "SELECT seq FROM sqlite_sequence WHERE name = 'hub_change'",
                &self->latest, error) ||
      !prepare (self->db, "SELECT value FROM hub_changes_meta WHERE key = 'oldest_available'",
                &self->oldest, error) ||
      !prepare (self->db,
                "SELECT c.seq, c.service_id, c.deleted, s.data"
                "  FROM hub_change c LEFT JOIN service s ON s.id = c.service_id"
                " WHERE c.seq > ?1 ORDER BY c.seq LIMIT ?2",
                &self->page, error))
    {
      changes_free (self);
      return NULL;
    }

  hub_request_set_thread_data (request, changes_quark, self, changes_free);
  return self;
}

static void
changes_cb (HubRequest *request)
{
  SoupMessageHeaders *request_headers = hub_request_get_request_headers (request);
  SoupMessageHeaders *response_headers = hub_request_get_response_headers (request);
  Changes *self;
  sqlite3 *db;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  gboolean own_transaction;
  gboolean encoded = FALSE;
  gboolean gzip;
  Watermarks marks;
  guint64 since;
  guint64 limit;
  guint64 resync;

  if (!parse_int_param (request, "since", 0, G_MAXINT64, 0, &since) ||
      !parse_int_param (request, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT, &limit) ||
      !parse_int_param (request, "resync", 0, 1, 0, &resync))
    return;

  self = get_changes (request, &error);
  if (self == NULL)
    {
      respond_db_error (request, error);
      return;
    }
  /* (Each time: a serving thread's reads share a snapshot per turn.) */
  db = hub_request_get_db_handle (request);

  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");
  soup_message_headers_replace (response_headers, "Vary", "Accept-Encoding");

  /* The watermarks and the page must come from one snapshot. */
  own_transaction = sqlite3_get_autocommit (db) != 0;
  if (own_transaction && !hub_db_exec (db, "BEGIN", &error))
    {
      respond_db_error (request, error);
      return;
    }

  if (!read_watermarks (self, &marks, &error))
    goto db_failed;

  if (since > (guint64) marks.latest)
    {
      hub_request_respond_error (request, SOUP_STATUS_GONE, "resync_required", "since",
                                 "since %" G_GUINT64_FORMAT " is ahead of this hub's feed "
                                 "(latest %" G_GINT64_FORMAT "); start again from since=0",
                                 since, marks.latest);
      goto done;
    }

  if (since > 0 && since < (guint64) marks.oldest && !resync)
    {
      hub_request_respond_error (request, SOUP_STATUS_GONE, "resync_required", "since",
                                 "Changes before %" G_GINT64_FORMAT " are no longer kept; "
                                 "start again from since=0", marks.oldest);
      goto done;
    }

  /* A page after the latest change is certainly empty: not worth gzip. */
  gzip = accepts_gzip (request_headers) && since < (guint64) marks.latest;
  etag = g_strdup_printf ("\"" ETAG_VERSION "-%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
                          "-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "%s\"",
                          since, limit, marks.latest, marks.oldest, gzip ? "-gz" : "");
  soup_message_headers_replace (response_headers, "ETag", etag);
  soup_message_headers_replace (response_headers, "Access-Control-Expose-Headers", "ETag");

  if (etag_matches (request_headers, etag))
    {
      hub_request_set_status (request, SOUP_STATUS_NOT_MODIFIED);
      goto done;
    }

  body = cache_lookup (self, since, limit, &marks, gzip, &encoded);
  if (body == NULL)
    {
      body = build_page (self, since, limit, &marks, &error);
      if (body == NULL)
        goto db_failed;

      encoded = FALSE;
      if (gzip && g_bytes_get_size (body) >= GZIP_MIN_SIZE)
        {
          GBytes *packed = gzip_bytes (body, &error);

          if (packed == NULL)
            {
              g_warning ("Could not gzip the changes page: %s", error->message);
              hub_request_respond_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                         "internal_error", NULL, "The hub failed to answer");
              goto done;
            }
          g_bytes_unref (body);
          body = packed;
          encoded = TRUE;
        }

      cache_store (self, since, limit, &marks, gzip, encoded, body);
    }

  if (encoded)
    soup_message_headers_replace (response_headers, "Content-Encoding", "gzip");

  hub_request_set_body (request, SOUP_STATUS_OK, "application/json", body);

done:
  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  return;

db_failed:
  if (own_transaction)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  respond_db_error (request, error);
}

void
hub_changes_register (HubServer *server)
{
  g_return_if_fail (HUB_IS_SERVER (server));

  changes_quark = g_quark_from_static_string ("hub-changes");

  /* A read on the serving thread's own connection, with its own cache. */
  hub_server_add_route (server, HUB_METHOD_GET, "/api/v1/changes",
                        HUB_ROUTE_PUBLIC | HUB_ROUTE_ANY_THREAD, changes_cb);
}

/* ---- purge-changes -------------------------------------------------------- */

static int
purge (const char *db_path,
       guint64     days)
{
  g_autoptr(DirStore) store = NULL;
  g_autoptr(HubDb) hub_db = NULL;
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autoptr(sqlite3_stmt) remove = NULL;
  g_autoptr(sqlite3_stmt) bump = NULL;
  g_autoptr(sqlite3_stmt) totals = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cutoff = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = NULL;
  gint64 n_purged = 0;
  gint64 max_seq = 0;
  gint64 watermark = 0;
  gint64 n_upserts = 0;
  gint64 n_tombstones = 0;
  sqlite3 *db;
  int rc;

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    return hub_cli_fail ("No database at %s; create it with \"direction-hub init --db %s\"",
                         db_path, db_path);

  /* Bring both schemas up to date first, as serve does. */
  store = dir_store_new (db_path, &error);
  if (store == NULL || (hub_db = hub_db_open (db_path, &error)) == NULL)
    return hub_cli_fail ("%s", error->message);

  then = g_date_time_add_days (now, -(gint) days);
  {
    g_autofree char *seconds = g_date_time_format (then, "%Y-%m-%dT%H:%M:%S");

    /* The form the triggers store (milliseconds, UTC): it sorts as text. */
    cutoff = g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (then) / 1000);
  }

  db = hub_db_get_handle (hub_db);

  if (!hub_db_exec (db, "BEGIN IMMEDIATE", &error))
    goto failed;

  if ((rc = sqlite3_prepare_v2 (db,
                                "SELECT count(*), coalesce(max(seq), 0) FROM hub_change"
                                " WHERE deleted = 1 AND at < ?",
                                -1, &count, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, "DELETE FROM hub_change WHERE deleted = 1 AND at < ?",
                                -1, &remove, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db,
                                "UPDATE hub_changes_meta SET value = max(value, ?)"
                                " WHERE key = 'oldest_available' RETURNING value",
                                -1, &bump, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db,
                                "SELECT count(*) FILTER (WHERE deleted = 0),"
                                "       count(*) FILTER (WHERE deleted = 1)"
                                "  FROM hub_change",
                                -1, &totals, NULL)) != SQLITE_OK)
    goto sql_failed;

  sqlite3_bind_text (count, 1, cutoff, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (count)) != SQLITE_ROW)
    goto sql_failed;
  n_purged = sqlite3_column_int64 (count, 0);
  max_seq = sqlite3_column_int64 (count, 1);

  sqlite3_bind_text (remove, 1, cutoff, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (remove)) != SQLITE_DONE)
    goto sql_failed;

  sqlite3_bind_int64 (bump, 1, max_seq);
  if ((rc = sqlite3_step (bump)) != SQLITE_ROW)
    goto sql_failed;
  watermark = sqlite3_column_int64 (bump, 0);
  sqlite3_reset (bump);

  if ((rc = sqlite3_step (totals)) != SQLITE_ROW)
    goto sql_failed;
  n_upserts = sqlite3_column_int64 (totals, 0);
  n_tombstones = sqlite3_column_int64 (totals, 1);
  sqlite3_reset (totals);
  sqlite3_reset (count);

  if (!hub_db_exec (db, "COMMIT", &error))
    goto failed;

  g_print ("Purged %" G_GINT64_FORMAT " tombstones older than %" G_GUINT64_FORMAT " days\n",
           n_purged, days);
  g_print ("Kept %" G_GINT64_FORMAT " upserts and %" G_GINT64_FORMAT " tombstones\n",
           n_upserts, n_tombstones);
  g_print ("Clients with a cursor below %" G_GINT64_FORMAT " must resync from since=0\n",
           watermark);

  return EXIT_SUCCESS;

sql_failed:
  hub_db_set_error (db, rc, &error);
failed:
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  g_printerr ("direction-hub: Could not purge changes: %s\n", error->message);
  return EXIT_FAILURE;
}

int
hub_changes_cli_purge (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *older_than = NULL;
  guint64 days;
  int status = EXIT_SUCCESS;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The hub database (see init)", "PATH" },
    { "older-than", 0, 0, G_OPTION_ARG_STRING, &older_than,
      "Forget tombstones (deleted services) recorded more than DAYS days ago", "DAYS" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "Forget the sync feed's tombstones (deleted services) older than\n"
                                "DAYS days.  Desks whose last sync is older than that get \"410\n"
                                "resync_required\" from /api/v1/changes and download the whole\n"
                                "directory again.  Current services are never purged.");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!hub_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (db_path == NULL || older_than == NULL)
    return hub_cli_usage_error ("--db PATH and --older-than DAYS are required");

  if (argc > 1)
    return hub_cli_usage_error ("purge-changes takes no arguments");

  if (!g_ascii_string_to_unsigned (older_than, 10, 0, MAX_RETENTION_DAYS, &days, NULL))
    {
      g_autofree char *message =
        g_strdup_printf ("--older-than must be a whole number of days from 0 to %d",
                         MAX_RETENTION_DAYS);
      return hub_cli_usage_error (message);
    }

  return purge (db_path, days);
}
