/* dir-outbox.c
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

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>

#include "dir-http-private.h"
#include "dir-hub.h"
#include "dir-outbox.h"
#include "dir-secret.h"
#include "dir-sqlite-private.h"
#include "dir-time.h"

/* The desk's referrals (see dir-outbox.h for the life of one).
 *
 * Storage: one sqlite file, WAL, synchronous = FULL (a referral queued is
 * on disk when dir_outbox_queue() returns), secure_delete = ON (freed pages
 * are zeroed, so a dropped body does not linger in the file), mode 0600.
 * The label, body, history and error message of a referral are sealed
 * (dir_secret_seal) with the context "referral/<id>/<column>", so a sealed
 * value moved to another row or column does not open.  meta.key_check is
 * a known text sealed when the database was made: a wrong key is refused
 * when the outbox opens, before anything is written with it.
 *
 * Threads: one connection behind a mutex, held only for database work,
 * never across the network.  dir_outbox_sync() runs in a worker (or a
 * command-line program) while the desk saves drafts on the main thread;
 * every state change is one transaction that checks the state it starts
 * from (UPDATE … WHERE state = …), so the two cannot step on each other.
 * One sync at a time per DirOutbox (G_IO_ERROR_PENDING); two programs
 * syncing the same file at once may both send a referral, which the hub
 * answers once (Idempotency-Key).
 *
 * Push: SENDING (left by a crash or a kill) and due QUEUED referrals, oldest
 * first.  Each is marked SENDING and committed before its POST, so a crash
 * at any point leaves it SENDING or settled, and SENDING is sent again.
 * A network error stops the push (the hub is not there: the rest wait with
 * the same back-off); a 5xx, a 409 "in_flight" or an answer that cannot be
 * read backs that referral off and goes on; another 4xx fails it; 401
 * stops everything.  Back-off: base × 2^(attempts − 1), capped, with half
 * of it random (jitter), at least the hub's Retry-After.
 *
 * Status pull: /api/v1/referrals/changes from the cursor in meta, each
 * page checked whole and applied with its cursor in one transaction.
 * Only referrals this desk holds are updated: other referrals of the
 * agency are skipped, never stored (the desk keeps no one else's cases). */

#define DEFAULT_TIMEOUT_SECONDS  30
#define DEFAULT_BACKOFF_BASE_MS  (30 * 1000)
#define DEFAULT_BACKOFF_MAX_MS   (60 * 60 * 1000)
#define STATUS_PAGE_SIZE         500
#define MAX_STATUS_PAGES         100000
#define MAX_TEXT                 4000
#define MAX_SHORT                200
#define KEY_CHECK_TEXT           "direction-outbox-v1"
#define META_KEY_CHECK           "key_check"
#define META_STATUS_CURSOR       "status_cursor"

G_DEFINE_QUARK (dir-outbox-error-quark, dir_outbox_error)


/* ---- DirOutboxItem ---------------------------------------------------------- */

struct _DirOutboxItem
{
  GObject         parent_instance;

  char           *id;
  char           *kind;
  DirOutboxState  state;
  char           *label;
  char           *service_id;
  char           *service_name;
  GDateTime      *created_at;
  GDateTime      *updated_at;
  guint           attempts;
  GDateTime      *next_attempt;
  char           *error_code;
  char           *error_field;
  char           *error_message;
  char           *reference;
  char           *status;
  char           *history_json;
};

G_DEFINE_FINAL_TYPE (DirOutboxItem, dir_outbox_item, G_TYPE_OBJECT)

static void
dir_outbox_item_finalize (GObject *object)
{
  DirOutboxItem *self = (DirOutboxItem *)object;

  g_free (self->id);
  g_free (self->kind);
  dir_secret_free_string (self->label);
  g_free (self->service_id);
  g_free (self->service_name);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->next_attempt, g_date_time_unref);
  g_free (self->error_code);
  g_free (self->error_field);
  g_free (self->error_message);
  g_free (self->reference);
  g_free (self->status);
  dir_secret_free_string (self->history_json);

  G_OBJECT_CLASS (dir_outbox_item_parent_class)->finalize (object);
}

static void
dir_outbox_item_class_init (DirOutboxItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dir_outbox_item_finalize;
}

static void
dir_outbox_item_init (DirOutboxItem *self)
{
}

#define ITEM_GETTER(type, field, fallback) \
  type \
  dir_outbox_item_get_##field (DirOutboxItem *self) \
  { \
    g_return_val_if_fail (DIR_IS_OUTBOX_ITEM (self), fallback); \
    return self->field; \
  }

ITEM_GETTER (const char *, id, NULL)
ITEM_GETTER (const char *, kind, NULL)
ITEM_GETTER (DirOutboxState, state, DIR_OUTBOX_DRAFT)
ITEM_GETTER (const char *, label, NULL)
ITEM_GETTER (const char *, service_id, NULL)
ITEM_GETTER (const char *, service_name, NULL)
ITEM_GETTER (GDateTime *, created_at, NULL)
ITEM_GETTER (GDateTime *, updated_at, NULL)
ITEM_GETTER (guint, attempts, 0)
ITEM_GETTER (GDateTime *, next_attempt, NULL)
ITEM_GETTER (const char *, error_code, NULL)
ITEM_GETTER (const char *, error_field, NULL)
ITEM_GETTER (const char *, error_message, NULL)
ITEM_GETTER (const char *, reference, NULL)
ITEM_GETTER (const char *, status, NULL)
ITEM_GETTER (const char *, history_json, NULL)

#undef ITEM_GETTER

static gboolean
item_equal (DirOutboxItem *a,
            DirOutboxItem *b)
{
#define SAME_TIME(x, y) ((x) == NULL ? (y) == NULL : ((y) != NULL && g_date_time_equal ((x), (y))))
  return g_strcmp0 (a->id, b->id) == 0 &&
         g_strcmp0 (a->kind, b->kind) == 0 &&
         a->state == b->state &&
         g_strcmp0 (a->label, b->label) == 0 &&
         g_strcmp0 (a->service_id, b->service_id) == 0 &&
         g_strcmp0 (a->service_name, b->service_name) == 0 &&
         SAME_TIME (a->created_at, b->created_at) &&
         SAME_TIME (a->updated_at, b->updated_at) &&
         a->attempts == b->attempts &&
         SAME_TIME (a->next_attempt, b->next_attempt) &&
         g_strcmp0 (a->error_code, b->error_code) == 0 &&
         g_strcmp0 (a->error_field, b->error_field) == 0 &&
         g_strcmp0 (a->error_message, b->error_message) == 0 &&
         g_strcmp0 (a->reference, b->reference) == 0 &&
         g_strcmp0 (a->status, b->status) == 0 &&
         g_strcmp0 (a->history_json, b->history_json) == 0;
#undef SAME_TIME
}

/* ---- DirOutbox ----------------------------------------------------------------- */

struct _DirOutbox
{
  GObject       parent_instance;

  GMainContext *context;          /* where the item list lives */
  GThread      *owner;
  char         *path;
  guint8       *key;              /* sodium_malloc'd, DIR_SECRET_KEY_BYTES */

  GMutex        mutex;            /* guards db */
  sqlite3      *db;

  SoupSession  *session;
  guint         backoff_base_ms;
  guint         backoff_max_ms;
  gint          busy;             /* atomic: a sync runs */

  GListStore   *items;            /* made on first use; owner context only */
  gint          refresh_queued;   /* atomic */
};

G_DEFINE_FINAL_TYPE (DirOutbox, dir_outbox, G_TYPE_OBJECT)

static const char * const state_names[] = {
  [DIR_OUTBOX_DRAFT] = "draft",
  [DIR_OUTBOX_QUEUED] = "queued",
  [DIR_OUTBOX_SENDING] = "sending",
  [DIR_OUTBOX_FAILED] = "failed",
  [DIR_OUTBOX_SENT] = "sent",
};

static const char *
state_to_string (DirOutboxState state)
{
  g_assert ((guint) state < G_N_ELEMENTS (state_names));
  return state_names[state];
}

static gboolean
state_from_string (const char     *text,
                   DirOutboxState *out_state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      {
        *out_state = i;
        return TRUE;
      }

  return FALSE;
}

static const char * const migrations[] = {
  /* 1 */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value BLOB NOT NULL"
  ");"
  "CREATE TABLE referral ("
  "  id            TEXT PRIMARY KEY,"        /* UUID, lower case: the Idempotency-Key */
  "  kind          TEXT NOT NULL,"
  "  state         TEXT NOT NULL"
  "                CHECK (state IN ('draft', 'queued', 'sending', 'failed', 'sent')),"
  "  service_id    TEXT,"
  "  service_name  TEXT,"                    /* public directory data */
  "  label         BLOB,"                    /* sealed */
  "  body          BLOB,"                    /* sealed; NULL once sent */
  "  created_at    TEXT NOT NULL,"           /* UTC, dir_time_format_sortable() */
  "  updated_at    TEXT NOT NULL,"
  "  attempts      INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt  TEXT,"
  "  error_code    TEXT,"
  "  error_field   TEXT,"
  "  error_message BLOB,"                    /* sealed */
  "  reference     TEXT,"
  "  status        TEXT,"
  "  status_at     TEXT,"
  "  history       BLOB"                     /* sealed JSON array */
  ");"
  "CREATE INDEX referral_by_state ON referral (state, next_attempt);"
  "CREATE INDEX referral_by_created ON referral (created_at);",
};

#define ITEM_COLUMNS \
  "id, kind, state, service_id, service_name, label, created_at, updated_at, attempts, " \
  "next_attempt, error_code, error_field, error_message, reference, status, history"

/* ---- helpers ---------------------------------------------------------------------- */

static gboolean
context_is_current (DirOutbox *self)
{
  GMainContext *current = g_main_context_get_thread_default ();

  if (current == NULL)
    current = g_main_context_default ();

  return g_thread_self () == self->owner && current == self->context;
}

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return dir_time_format_sortable (now);
}

static char *
time_text_from_now (gint64 offset_ms)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add (now, offset_ms * 1000);

  return dir_time_format_sortable (then);
}

/* How the outbox words an sqlite failure (a DirSqliteFail). */
static gboolean
outbox_fail (sqlite3  *db,
             int       rc,
             GError  **error)
{
  int code = rc & 0xff;

  if (code == SQLITE_FULL)
    g_set_error_literal (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_DATABASE,
                         _("The disk is full: the referrals could not be saved"));
  else if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
    g_set_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_DATABASE,
                 _("The referrals database is damaged or is not a database (%s)"),
                 sqlite3_errstr (rc));
  else
    g_set_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_DATABASE,
                 _("Referrals database error: %s"),
                 db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));

  return FALSE;
}

static gboolean
db_fail (DirOutbox  *self,
         int         rc,
         GError    **error)
{
  return outbox_fail (self->db, rc, error);
}

static gboolean
db_exec (DirOutbox   *self,
         const char  *sql,
         GError     **error)
{
  return dir_sqlite_exec (self->db, outbox_fail, sql, error);
}

static sqlite3_stmt *
db_prepare (DirOutbox   *self,
            const char  *sql,
            GError     **error)
{
  return dir_sqlite_prepare (self->db, outbox_fail, sql, error);
}

static gboolean
db_step_done (DirOutbox     *self,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  int rc = sqlite3_step (stmt);

  return rc == SQLITE_DONE ? TRUE : db_fail (self, rc, error);
}

static void
db_rollback (DirOutbox *self)
{
  dir_sqlite_rollback (self->db);
}

static gboolean
db_commit (DirOutbox  *self,
           gboolean    ok,
           GError    **error)
{
  if (ok && db_exec (self, "COMMIT", error))
    return TRUE;

  db_rollback (self);
  return FALSE;
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

static char *
sealed_context (const char *id,
                const char *column)
{
  return g_strdup_printf ("referral/%s/%s", id, column);
}

/* Binds text sealed for (id, column), or NULL. */
static void
bind_sealed (DirOutbox    *self,
             sqlite3_stmt *stmt,
             int           index,
             const char   *id,
             const char   *column,
             const char   *text)
{
  g_autofree char *context = NULL;
  g_autoptr(GBytes) sealed = NULL;
  gsize size;
  gconstpointer data;

  if (text == NULL)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  context = sealed_context (id, column);
  sealed = dir_secret_seal (self->key, context, text, strlen (text));
  data = g_bytes_get_data (sealed, &size);
  sqlite3_bind_blob (stmt, index, data, size, SQLITE_TRANSIENT);
}

/* The text sealed in a column, NULL when the column is NULL; sets *corrupt
 * when it does not open. */
static char *
open_column (DirOutbox    *self,
             sqlite3_stmt *stmt,
             int           column_index,
             const char   *id,
             const char   *column,
             gboolean     *corrupt)
{
  g_autofree char *context = NULL;
  g_autoptr(GBytes) plain = NULL;
  gsize size;
  const char *data;

  if (sqlite3_column_type (stmt, column_index) == SQLITE_NULL)
    return NULL;

  context = sealed_context (id, column);
  plain = dir_secret_open (self->key, context,
                           sqlite3_column_blob (stmt, column_index),
                           sqlite3_column_bytes (stmt, column_index));
  if (plain == NULL)
    {
      *corrupt = TRUE;
      return NULL;
    }

  /* dir_secret_open() NUL-terminates past the size. */
  data = g_bytes_get_data (plain, &size);
  if (memchr (data, '\0', size) != NULL || !g_utf8_validate (data, size, NULL))
    {
      *corrupt = TRUE;
      return NULL;
    }

  return g_strndup (data, size);
}

static void
set_corrupt_error (GError     **error,
                   const char  *message)
{
  g_set_error_literal (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_CORRUPT, message);
}

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           index)
{
  return dir_time_parse ((const char *) sqlite3_column_text (stmt, index));
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

/* A list snapshot of the row stmt is on (ITEM_COLUMNS).  A sealed column
 * that does not open shows as the error "corrupt": visible, never a crash
 * and never a silent loss (the row is untouched). */
static DirOutboxItem *
item_from_row (DirOutbox    *self,
               sqlite3_stmt *stmt)
{
  DirOutboxItem *item = g_object_new (DIR_TYPE_OUTBOX_ITEM, NULL);
  gboolean corrupt = FALSE;

  item->id = column_dup (stmt, 0);
  item->kind = column_dup (stmt, 1);
  if (!state_from_string ((const char *) sqlite3_column_text (stmt, 2), &item->state))
    item->state = DIR_OUTBOX_FAILED;
  item->service_id = column_dup (stmt, 3);
  item->service_name = column_dup (stmt, 4);
  item->label = open_column (self, stmt, 5, item->id, "label", &corrupt);
  item->created_at = column_time (stmt, 6);
  item->updated_at = column_time (stmt, 7);
  item->attempts = (guint) CLAMP (sqlite3_column_int64 (stmt, 8), 0, G_MAXUINT);
  item->next_attempt = column_time (stmt, 9);
  item->error_code = column_dup (stmt, 10);
  item->error_field = column_dup (stmt, 11);
  item->error_message = open_column (self, stmt, 12, item->id, "error", &corrupt);
  item->reference = column_dup (stmt, 13);
  item->status = column_dup (stmt, 14);
  item->history_json = open_column (self, stmt, 15, item->id, "history", &corrupt);

  if (corrupt)
    {
      g_free (item->error_code);
      g_free (item->error_message);
      item->error_code = g_strdup ("corrupt");
      item->error_message = g_strdup (_("This referral cannot be read with the key this "
                                        "desk has"));
    }

  return item;
}

/* ---- the item list ----------------------------------------------------------------- */

static GPtrArray *
read_items (DirOutbox *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  stmt = db_prepare (self, "SELECT " ITEM_COLUMNS " FROM referral "
                           "ORDER BY created_at DESC, id DESC", &error);
  if (stmt == NULL)
    {
      g_debug ("Could not list the referrals: %s", error->message);
      return items;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, item_from_row (self, stmt));

  if (rc != SQLITE_DONE)
    g_debug ("Could not list the referrals: %s", sqlite3_errmsg (self->db));

  return items;
}

/* Brings the list model in line with the database: items that did not
 * change stay the same objects, so views keep their rows. */
static void
refresh_items (DirOutbox *self)
{
  g_autoptr(GPtrArray) fresh = NULL;
  guint n_old;
  gboolean same_ids;

  if (self->items == NULL)
    return;

  fresh = read_items (self);
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  same_ids = n_old == fresh->len;

  for (guint i = 0; same_ids && i < n_old; i++)
    {
      g_autoptr(DirOutboxItem) old = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      same_ids = g_strcmp0 (old->id, ((DirOutboxItem *) g_ptr_array_index (fresh, i))->id) == 0;
    }

  if (!same_ids)
    {
      g_list_store_splice (self->items, 0, n_old, fresh->pdata, fresh->len);
      return;
    }

  for (guint i = 0; i < n_old; i++)
    {
      g_autoptr(DirOutboxItem) old = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      DirOutboxItem *item = g_ptr_array_index (fresh, i);

      if (!item_equal (old, item))
        g_list_store_splice (self->items, i, 1, (gpointer *) &item, 1);
    }
}

static gboolean
refresh_idle_cb (gpointer data)
{
  DirOutbox *self = data;

  g_atomic_int_set (&self->refresh_queued, 0);
  refresh_items (self);

  return G_SOURCE_REMOVE;
}

/* Something changed: the list follows, at once on the owner's context,
 * else soon in an idle there (coalesced). */
static void
items_changed (DirOutbox *self)
{
  GSource *source;

  if (context_is_current (self))
    {
      refresh_items (self);
      return;
    }

  if (!g_atomic_int_compare_and_exchange (&self->refresh_queued, 0, 1))
    return;

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, refresh_idle_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[dir] outbox items");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* ---- open ----------------------------------------------------------------------------- */

static gboolean
migrate (DirOutbox  *self,
         GError    **error)
{
  int n = G_N_ELEMENTS (migrations);
  int version = dir_sqlite_migrate (self->db, outbox_fail, migrations, n, error);

  if (version > n)
    g_set_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_DATABASE,
                 _("The referrals database was made by a newer version of Direction "
                   "(schema %d; this version reads up to %d)"),
                 version, n);

  return version >= 0 && version <= n;
}

/* The first open seals a known text; every later one must open it. */
static gboolean
check_key (DirOutbox  *self,
           GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *context = "meta/" META_KEY_CHECK;
  gboolean ok;
  int rc;

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  stmt = db_prepare (self, "SELECT value FROM meta WHERE key = '" META_KEY_CHECK "'", error);
  if (stmt == NULL)
    return db_commit (self, FALSE, error);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(GBytes) plain = dir_secret_open (self->key, context,
                                                 sqlite3_column_blob (stmt, 0),
                                                 sqlite3_column_bytes (stmt, 0));

      g_clear_pointer (&stmt, sqlite3_finalize);
      db_rollback (self);

      if (plain == NULL ||
          g_bytes_get_size (plain) != strlen (KEY_CHECK_TEXT) ||
          memcmp (g_bytes_get_data (plain, NULL), KEY_CHECK_TEXT, strlen (KEY_CHECK_TEXT)) != 0)
        {
          set_corrupt_error (error, _("The referrals saved on this computer cannot be read with "
                                       "the key this desk has: they may come from another "
                                       "computer or account, or the file is damaged. "
                                       "Nothing was changed."));
          return FALSE;
        }

      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      db_fail (self, rc, error);
      return db_commit (self, FALSE, NULL);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = db_prepare (self, "INSERT INTO meta (key, value) VALUES ('" META_KEY_CHECK "', ?)",
                     error);
  ok = stmt != NULL;
  if (ok)
    {
      g_autoptr(GBytes) sealed = dir_secret_seal (self->key, context, KEY_CHECK_TEXT,
                                                  strlen (KEY_CHECK_TEXT));

      sqlite3_bind_blob (stmt, 1, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed),
                         SQLITE_TRANSIENT);
      ok = db_step_done (self, stmt, error);
    }

  return db_commit (self, ok, error);
}

/* ---- GObject ------------------------------------------------------------------------ */

static void
dir_outbox_finalize (GObject *object)
{
  DirOutbox *self = (DirOutbox *)object;

  g_clear_object (&self->items);
  g_clear_object (&self->session);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->key, sodium_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (dir_outbox_parent_class)->finalize (object);
}

static void
dir_outbox_class_init (DirOutboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dir_outbox_finalize;
}

static void
dir_outbox_init (DirOutbox *self)
{
  g_mutex_init (&self->mutex);
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
  self->backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
  self->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  self->session = dir_http_session_new (DEFAULT_TIMEOUT_SECONDS);
}

/* ---- public: open, list, count ------------------------------------------------------------ */

char *
dir_outbox_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "direction-desk", "referrals.db", NULL);
}

GBytes *
dir_outbox_key_load (const char  *db_path,
                     gboolean     allow_key_file,
                     gboolean    *out_used_key_file,
                     GError     **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = db_path != NULL ? g_strdup (db_path) : dir_outbox_dup_default_path ();

  return dir_secret_load_outbox_key (path, allow_key_file, out_used_key_file, error);
}

DirOutbox *
dir_outbox_open (const char  *db_path,
                 GBytes      *key,
                 GError     **error)
{
  g_autoptr(DirOutbox) self = NULL;
  g_autofree char *dir = NULL;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (key) == DIR_SECRET_KEY_BYTES, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_KEYRING,
                           "libsodium could not start");
      return NULL;
    }

  self = g_object_new (DIR_TYPE_OUTBOX, NULL);
  self->path = db_path != NULL ? g_strdup (db_path) : dir_outbox_dup_default_path ();
  self->key = sodium_malloc (DIR_SECRET_KEY_BYTES);
  g_assert (self->key != NULL);
  memcpy (self->key, g_bytes_get_data (key, NULL), DIR_SECRET_KEY_BYTES);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_DATABASE,
                   _("Cannot create the folder for the referrals: %s"), g_strerror (errsv));
      return NULL;
    }

  rc = sqlite3_open_v2 (self->path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_DATABASE,
                   _("Cannot open the referrals database: %s"),
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  /* Only the user; the -wal and -shm files sqlite makes take the same mode. */
  g_chmod (self->path, 0600);

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  if (dir_sqlite_read_user_version (self->db, outbox_fail, error) < 0 ||
      !db_exec (self, "PRAGMA secure_delete = ON", error) ||
      !db_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !migrate (self, error) ||
      !dir_sqlite_set_wal (self->db, outbox_fail, error) ||
      !db_exec (self, "PRAGMA synchronous = FULL", error) ||
      !check_key (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
dir_outbox_get_path (DirOutbox *self)
{
  g_return_val_if_fail (DIR_IS_OUTBOX (self), NULL);

  return self->path;
}

void
dir_outbox_set_backoff (DirOutbox *self,
                        guint      base_ms,
                        guint      max_ms)
{
  g_return_if_fail (DIR_IS_OUTBOX (self));

  g_atomic_int_set ((gint *) &self->backoff_base_ms, base_ms);
  g_atomic_int_set ((gint *) &self->backoff_max_ms, MAX (base_ms, max_ms));
}

void
dir_outbox_set_timeout (DirOutbox *self,
                        guint      seconds)
{
  g_return_if_fail (DIR_IS_OUTBOX (self));

  g_object_set (self->session, "timeout", seconds, NULL);
}

/**
 * dir_outbox_get_items:
 *
 * Returns: (transfer none): the list; call on the main context the outbox
 *   was opened in.
 */
GListModel *
dir_outbox_get_items (DirOutbox *self)
{
  g_return_val_if_fail (DIR_IS_OUTBOX (self), NULL);

  if (self->items == NULL)
    {
      self->items = g_list_store_new (DIR_TYPE_OUTBOX_ITEM);
      refresh_items (self);
    }

  return G_LIST_MODEL (self->items);
}

guint
dir_outbox_count (DirOutbox      *self,
                  DirOutboxState  state)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (DIR_IS_OUTBOX (self), 0);
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), 0);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = db_prepare (self, "SELECT count(*) FROM referral WHERE state = ?", &error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, state_to_string (state), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return (guint) sqlite3_column_int64 (stmt, 0);
}

GDateTime *
dir_outbox_dup_next_attempt (DirOutbox *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (DIR_IS_OUTBOX (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = db_prepare (self, "SELECT min (coalesce (next_attempt, '')) FROM referral "
                           "WHERE state IN ('queued', 'sending')", &error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW ||
      sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;

  /* '' sorts first: something is due now. */
  if (((const char *) sqlite3_column_text (stmt, 0))[0] == '\0')
    return g_date_time_new_now_utc ();

  return column_time (stmt, 0);
}

/* ---- public: drafts and the queue -------------------------------------------------------- */

/* The state of id, inside the caller's transaction. */
static gboolean
read_state (DirOutbox       *self,
            const char      *id,
            DirOutboxState  *out_state,
            gboolean        *out_found,
            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = db_prepare (self, "SELECT state FROM referral WHERE id = ?",
                                             error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      *out_found = FALSE;
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    return db_fail (self, rc, error);

  *out_found = TRUE;
  if (!state_from_string ((const char *) sqlite3_column_text (stmt, 0), out_state))
    {
      g_set_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_DATABASE,
                   _("Referral %s has an unknown state"), id);
      return FALSE;
    }

  return TRUE;
}

/* What was refused, for set_state_error's message. */
typedef enum
{
  ACTION_CHANGE,
  ACTION_QUEUE,
  ACTION_DELETE,
  ACTION_OPEN,
} StateAction;

static void
set_state_error (GError         **error,
                 StateAction      action,
                 DirOutboxState   state)
{
  const char *why;

  switch (state)
    {
    case DIR_OUTBOX_QUEUED:
      why = _("it is waiting to be sent");
      break;
    case DIR_OUTBOX_SENDING:
      why = _("it is being sent");
      break;
    case DIR_OUTBOX_SENT:
      why = _("it has been sent");
      break;
    case DIR_OUTBOX_DRAFT:
      why = _("it is a draft");
      break;
    case DIR_OUTBOX_FAILED:
    default:
      why = _("the hub refused it");
      break;
    }

  switch (action)
    {
    case ACTION_CHANGE:
      /* Translators: %s says why not, e.g. "it has been sent" */
      g_set_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_STATE,
                   _("This referral cannot be changed: %s"), why);
      break;
    case ACTION_QUEUE:
      /* Translators: %s says why not, e.g. "it has been sent" */
      g_set_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_STATE,
                   _("This referral cannot be queued: %s"), why);
      break;
    case ACTION_DELETE:
      /* Translators: %s says why not, e.g. "it is being sent" */
      g_set_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_STATE,
                   _("This referral cannot be deleted: %s"), why);
      break;
    case ACTION_OPEN:
    default:
      /* Translators: %s says why not, e.g. "it has been sent" */
      g_set_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_STATE,
                   _("This referral cannot be opened: %s"), why);
      break;
    }
}

static void
set_not_found_error (GError **error)
{
  g_set_error_literal (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_NOT_FOUND,
                       _("There is no such referral on this computer"));
}

static gboolean
valid_kind (const char *kind)
{
  return g_strcmp0 (kind, "referral") == 0 ||
         g_strcmp0 (kind, "signpost") == 0 ||
         g_strcmp0 (kind, "callback") == 0;
}

#define STATE_BIT(state) (1u << (state))

/* BEGIN IMMEDIATE, then the state of id.  Refuses, rolled back, when id
 * is missing (unless may_be_new) or its state is not in allowed
 * (STATE_BIT()s); action names the refused change for the message. */
static gboolean
begin_in_state (DirOutbox   *self,
                const char  *id,
                StateAction  action,
                guint        allowed,
                gboolean     may_be_new,
                gboolean    *out_found,
                GError     **error)
{
  DirOutboxState state = DIR_OUTBOX_DRAFT;
  gboolean found = FALSE;

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!read_state (self, id, &state, &found, error))
    return db_commit (self, FALSE, NULL);

  if (!found && !may_be_new)
    {
      set_not_found_error (error);
      return db_commit (self, FALSE, NULL);
    }

  if (found && (allowed & STATE_BIT (state)) == 0)
    {
      set_state_error (error, action, state);
      return db_commit (self, FALSE, NULL);
    }

  if (out_found != NULL)
    *out_found = found;

  return TRUE;
}

/* Runs stmt (NULL: preparing it failed) and commits, or rolls back. */
static gboolean
step_and_commit (DirOutbox     *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  gboolean ok = stmt != NULL && db_step_done (self, stmt, error);

  return db_commit (self, ok, ok ? error : NULL);
}

gboolean
dir_outbox_save_draft (DirOutbox   *self,
                       const char  *id,
                       const char  *kind,
                       const char  *service_id,
                       const char  *service_name,
                       const char  *label,
                       const char  *body_json,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *now = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (DIR_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (id != NULL && g_uuid_string_is_valid (id), FALSE);
  g_return_val_if_fail (valid_kind (kind), FALSE);
  g_return_val_if_fail (body_json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lower = g_ascii_strdown (id, -1);
  now = now_text ();
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin_in_state (self, lower, ACTION_CHANGE,
                       STATE_BIT (DIR_OUTBOX_DRAFT) | STATE_BIT (DIR_OUTBOX_FAILED),
                       TRUE, &found, error))
    return FALSE;

  /* A failed referral being fixed keeps the hub's error, for the form to
   * show, until it is queued again. */
  stmt = db_prepare (self,
                     found
                     ? "UPDATE referral SET state = 'draft', kind = ?2, service_id = ?3, "
                       "  service_name = ?4, label = ?5, body = ?6, updated_at = ?7 "
                       "WHERE id = ?1"
                     : "INSERT INTO referral (id, kind, state, service_id, service_name, "
                       "  label, body, created_at, updated_at) "
                       "VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?7, ?7)",
                     error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, lower, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 3, service_id);
      bind_text_or_null (stmt, 4, service_name);
      bind_sealed (self, stmt, 5, lower, "label", label);
      bind_sealed (self, stmt, 6, lower, "body", body_json);
      sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
    }

  if (!step_and_commit (self, stmt, error))
    return FALSE;

  g_clear_pointer (&locker, g_mutex_locker_free);
  items_changed (self);

  return TRUE;
}

char *
dir_outbox_load_body (DirOutbox   *self,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *lower = NULL;
  DirOutboxState state = DIR_OUTBOX_DRAFT;
  gboolean corrupt = FALSE;
  char *body;
  int rc;

  g_return_val_if_fail (DIR_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lower = g_ascii_strdown (id, -1);
  locker = g_mutex_locker_new (&self->mutex);

  stmt = db_prepare (self, "SELECT state, body FROM referral WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, lower, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found_error (error);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      db_fail (self, rc, error);
      return NULL;
    }

  if (!state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state) ||
      (state != DIR_OUTBOX_DRAFT && state != DIR_OUTBOX_QUEUED && state != DIR_OUTBOX_FAILED))
    {
      set_state_error (error, ACTION_OPEN, state);
      return NULL;
    }

  body = open_column (self, stmt, 1, lower, "body", &corrupt);
  if (corrupt || body == NULL)
    {
      set_corrupt_error (error, _("This referral cannot be read with the key this desk has: "
                                   "it may come from another computer or account, or the "
                                   "file is damaged. Nothing was changed."));
      return NULL;
    }

  return body;
}

gboolean
dir_outbox_queue (DirOutbox   *self,
                  const char  *id,
                  GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (DIR_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lower = g_ascii_strdown (id, -1);
  now = now_text ();
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin_in_state (self, lower, ACTION_QUEUE,
                       STATE_BIT (DIR_OUTBOX_DRAFT) | STATE_BIT (DIR_OUTBOX_FAILED),
                       FALSE, NULL, error))
    return FALSE;

  stmt = db_prepare (self,
                     "UPDATE referral SET state = 'queued', attempts = 0, next_attempt = NULL, "
                     "  error_code = NULL, error_field = NULL, error_message = NULL, "
                     "  updated_at = ?2 "
                     "WHERE id = ?1 AND body IS NOT NULL",
                     error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, lower, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
    }

  if (!step_and_commit (self, stmt, error))
    return FALSE;

  g_clear_pointer (&locker, g_mutex_locker_free);
  items_changed (self);

  return TRUE;
}

gboolean
dir_outbox_delete (DirOutbox   *self,
                   const char  *id,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (DIR_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lower = g_ascii_strdown (id, -1);
  locker = g_mutex_locker_new (&self->mutex);

  if (!begin_in_state (self, lower, ACTION_DELETE,
                       STATE_BIT (DIR_OUTBOX_DRAFT) | STATE_BIT (DIR_OUTBOX_FAILED) |
                       STATE_BIT (DIR_OUTBOX_SENT),
                       FALSE, NULL, error))
    return FALSE;

  stmt = db_prepare (self, "DELETE FROM referral WHERE id = ?", error);
  if (stmt != NULL)
    sqlite3_bind_text (stmt, 1, lower, -1, SQLITE_STATIC);

  if (!step_and_commit (self, stmt, error))
    return FALSE;

  g_clear_pointer (&locker, g_mutex_locker_free);
  items_changed (self);

  return TRUE;
}

/* Empties the WAL into the database and truncates it, so what was freed is
 * gone from both files (secure_delete zeroes it in the database). */
static void
checkpoint_truncate (DirOutbox *self)
{
  int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

  if (rc != SQLITE_OK)
    g_debug ("Referrals checkpoint: %s", sqlite3_errstr (rc));
}

guint
dir_outbox_purge (DirOutbox   *self,
                  GTimeSpan    max_age,
                  GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) cutoff_time = NULL;
  g_autofree char *cutoff = NULL;
  guint n;

  g_return_val_if_fail (DIR_IS_OUTBOX (self), 0);
  g_return_val_if_fail (max_age >= 0, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  cutoff_time = g_date_time_add (now, -max_age);
  cutoff = dir_time_format_sortable (cutoff_time);
  locker = g_mutex_locker_new (&self->mutex);

  stmt = db_prepare (self,
                     "DELETE FROM referral "
                     "WHERE (state = 'sent' AND coalesce (status_at, updated_at) < ?1) "
                     "   OR (state = 'draft' AND updated_at < ?1)",
                     error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, cutoff, -1, SQLITE_STATIC);
  if (!db_step_done (self, stmt, error))
    return 0;

  n = sqlite3_changes (self->db);
  if (n > 0)
    checkpoint_truncate (self);

  g_clear_pointer (&locker, g_mutex_locker_free);
  if (n > 0)
    items_changed (self);

  g_debug ("Purged %u referrals", n);
  return n;
}

guint
dir_outbox_make_due (DirOutbox  *self,
                     GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n;

  g_return_val_if_fail (DIR_IS_OUTBOX (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = db_prepare (self, "UPDATE referral SET next_attempt = NULL "
                           "WHERE state = 'queued' AND next_attempt IS NOT NULL", error);
  if (stmt == NULL || !db_step_done (self, stmt, error))
    return 0;

  n = sqlite3_changes (self->db);
  g_clear_pointer (&locker, g_mutex_locker_free);
  if (n > 0)
    items_changed (self);

  return n;
}

/* ---- history ------------------------------------------------------------------------------ */

/* One status entry from the hub: checked and copied. */
static JsonObject *
read_history_entry (JsonObject *object)
{
  const char *status = dir_http_get_string (object, "status");
  const char *at = dir_http_get_string (object, "at");
  const char *reason = dir_http_get_string (object, "reason_code");
  const char *note = dir_http_get_string (object, "note");
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *sortable = NULL;
  JsonObject *entry;

  if (status == NULL || status[0] == '\0' || strlen (status) > MAX_SHORT || at == NULL)
    return NULL;
  if (reason == NULL && !dir_http_member_is_null (object, "reason_code"))
    return NULL;
  if (note == NULL && !dir_http_member_is_null (object, "note"))
    return NULL;
  if ((reason != NULL && strlen (reason) > MAX_SHORT) ||
      (note != NULL && g_utf8_strlen (note, -1) > MAX_TEXT))
    return NULL;

  when = dir_time_parse (at);
  if (when == NULL)
    return NULL;

  entry = json_object_new ();
  json_object_set_string_member (entry, "status", status);
  if (reason != NULL)
    json_object_set_string_member (entry, "reason_code", reason);
  else
    json_object_set_null_member (entry, "reason_code");
  if (note != NULL)
    json_object_set_string_member (entry, "note", note);
  else
    json_object_set_null_member (entry, "note");
  /* One form, so entries compare and sort as text. */
  sortable = dir_time_format_sortable (when);
  json_object_set_string_member (entry, "at", sortable);

  return entry;
}

static gint
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  JsonObject *ea = *(JsonObject **) a;
  JsonObject *eb = *(JsonObject **) b;

  return g_strcmp0 (json_object_get_string_member (ea, "at"),
                    json_object_get_string_member (eb, "at"));
}

/* Adds entries not yet in history (same status at the same time), keeps
 * it in time order, and says how many were new.  history_json may be
 * NULL (none yet). */
static guint
merge_history (const char  *history_json,
               GPtrArray   *entries,            /* JsonObject */
               char       **out_history_json,
               char       **out_status,
               char       **out_status_at)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  guint added = 0;

  if (history_json != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      JsonNode *root;

      if (json_parser_load_from_data (parser, history_json, -1, NULL) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
        {
          JsonArray *old = json_node_get_array (root);

          for (guint i = 0; i < json_array_get_length (old); i++)
            {
              JsonNode *element = json_array_get_element (old, i);
              JsonObject *entry = JSON_NODE_HOLDS_OBJECT (element)
                                  ? read_history_entry (json_node_get_object (element)) : NULL;

              if (entry != NULL)
                g_ptr_array_add (all, entry);
            }
        }
    }

  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (entries, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < all->len && !seen; j++)
        {
          JsonObject *old = g_ptr_array_index (all, j);

          seen = g_strcmp0 (json_object_get_string_member (old, "status"),
                            json_object_get_string_member (entry, "status")) == 0 &&
                 g_strcmp0 (json_object_get_string_member (old, "at"),
                            json_object_get_string_member (entry, "at")) == 0;
        }

      if (!seen)
        {
          g_ptr_array_add (all, json_object_ref (entry));
          added++;
        }
    }

  /* A stable sort (GLib's is): equal times keep the order the hub gave. */
  g_ptr_array_sort (all, compare_entries);

  for (guint i = 0; i < all->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (all, i)));

  json_node_set_array (node, array);
  *out_history_json = json_to_string (node, FALSE);

  if (all->len > 0)
    {
      JsonObject *last = g_ptr_array_index (all, all->len - 1);

      *out_status = g_strdup (json_object_get_string_member (last, "status"));
      *out_status_at = g_strdup (json_object_get_string_member (last, "at"));
    }
  else
    {
      *out_status = NULL;
      *out_status_at = NULL;
    }

  return added;
}

/* ---- push ------------------------------------------------------------------------------------ */

typedef enum
{
  OUTCOME_SENT,
  OUTCOME_FAILED,        /* 4xx: the user must change something */
  OUTCOME_DEFERRED,      /* 5xx, 409 in flight, an answer we cannot read */
  OUTCOME_OFFLINE,       /* the hub cannot be reached: stop pushing */
  OUTCOME_UNAUTHORIZED,  /* 401 */
  OUTCOME_CANCELLED,
} Outcome;

typedef struct
{
  Outcome    outcome;
  char      *error_code;
  char      *error_field;
  char      *error_message;
  gint64     retry_after_ms;
  char      *reference;
  GPtrArray *history;       /* JsonObject, from the 201 */
  GError    *error;         /* OFFLINE, CANCELLED */
} PushResult;

static void
push_result_clear (PushResult *r)
{
  g_clear_pointer (&r->error_code, g_free);
  g_clear_pointer (&r->error_field, g_free);
  g_clear_pointer (&r->error_message, g_free);
  g_clear_pointer (&r->reference, g_free);
  g_clear_pointer (&r->history, g_ptr_array_unref);
  g_clear_error (&r->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PushResult, push_result_clear)

/* The 201 (or its replay): this referral's reference and first history. */
static gboolean
read_created (GBytes      *body,
              const char  *id,
              PushResult  *r,
              GError     **error)
{
  g_autoptr(JsonNode) root = dir_http_parse_object (body, error);
  JsonObject *object;
  JsonNode *history;
  const char *answer_id;
  const char *reference;
  const char *status;

  if (root == NULL)
    return FALSE;

  object = json_node_get_object (root);
  answer_id = dir_http_get_string (object, "id");
  reference = dir_http_get_string (object, "reference");
  status = dir_http_get_string (object, "status");
  history = json_object_get_member (object, "history");

  if (answer_id == NULL || g_ascii_strcasecmp (answer_id, id) != 0)
    {
      g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                   _("The hub’s answer is for another referral (%s)"),
                   answer_id != NULL ? answer_id : _("none"));
      return FALSE;
    }

  if (reference == NULL || reference[0] == '\0' || strlen (reference) > MAX_SHORT ||
      status == NULL || status[0] == '\0' || strlen (status) > MAX_SHORT ||
      (history != NULL && !JSON_NODE_HOLDS_ARRAY (history) && !JSON_NODE_HOLDS_NULL (history)))
    {
      g_set_error_literal (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                           _("The hub’s answer has no reference, status or history"));
      return FALSE;
    }

  r->reference = g_strdup (reference);
  r->history = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (history != NULL && JSON_NODE_HOLDS_ARRAY (history))
    {
      JsonArray *array = json_node_get_array (history);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *entry = JSON_NODE_HOLDS_OBJECT (element)
                              ? read_history_entry (json_node_get_object (element)) : NULL;

          if (entry == NULL)
            {
              g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                           _("Entry %u of the history the hub sent is not valid"), i + 1);
              return FALSE;
            }
          g_ptr_array_add (r->history, entry);
        }
    }

  /* No history at all: the status it gave is the one entry. */
  if (r->history->len == 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "status", status);
      json_object_set_null_member (entry, "reason_code");
      json_object_set_null_member (entry, "note");
      g_autofree char *at = dir_time_format_sortable (now);

      json_object_set_string_member (entry, "at", at);
      g_ptr_array_add (r->history, entry);
    }

  return TRUE;
}

static gint64
parse_retry_after_ms (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");
  guint64 seconds;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 24 * 60 * 60, &seconds, NULL))
    return 0;

  return (gint64) seconds * 1000;
}

static void
post_referral (DirOutbox    *self,
               const char   *base_url,
               const char   *token,
               const char   *id,
               const char   *body_json,
               GCancellable *cancellable,
               PushResult   *r)
{
  g_autofree char *url = g_strconcat (base_url, "/api/v1/referrals", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr(GBytes) request = g_bytes_new (body_json, strlen (body_json));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", id);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Accept", "application/json");
  dir_http_set_bearer (msg, token);

  body = dir_http_send (self->session, msg, base_url, cancellable, &error);
  if (body == NULL)
    {
      r->outcome = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                   ? OUTCOME_CANCELLED : OUTCOME_OFFLINE;
      r->error_code = g_strdup ("network");
      r->error_message = g_strdup (error->message);
      r->error = g_steal_pointer (&error);
      return;
    }

  status = soup_message_get_status (msg);

  if (status == SOUP_STATUS_CREATED || status == SOUP_STATUS_OK)
    {
      if (read_created (body, id, r, &error))
        {
          r->outcome = OUTCOME_SENT;
        }
      else
        {
          /* The hub has it; its answer was lost on the way.  The replay
           * of the same key gives the first answer again. */
          r->outcome = OUTCOME_DEFERRED;
          r->error_code = g_strdup ("malformed");
          r->error_message = g_strdup (error->message);
        }
      return;
    }

  dir_http_parse_error (body, &r->error_code, &r->error_field, &r->error_message);
  r->retry_after_ms = parse_retry_after_ms (msg);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      r->outcome = OUTCOME_UNAUTHORIZED;
      return;
    }

  if (status >= 500 || status == SOUP_STATUS_CONFLICT || status == SOUP_STATUS_REQUEST_TIMEOUT ||
      status == 429 || status < 400)
    {
      r->outcome = OUTCOME_DEFERRED;
      if (r->error_code == NULL)
        r->error_code = g_strdup_printf ("http_%u", status);
      g_free (r->error_message);
      dir_http_set_status_error (&error, msg, body);
      r->error_message = g_strdup (error->message);
      return;
    }

  r->outcome = OUTCOME_FAILED;
  if (r->error_code == NULL)
    r->error_code = g_strdup_printf ("http_%u", status);
  if (r->error_message == NULL)
    {
      dir_http_set_status_error (&error, msg, body);
      r->error_message = g_strdup (error->message);
    }
}

static gint64
backoff_ms (DirOutbox *self,
            guint      attempts,
            gint64     at_least_ms)
{
  guint64 base = (guint) g_atomic_int_get ((gint *) &self->backoff_base_ms);
  guint64 max = (guint) g_atomic_int_get ((gint *) &self->backoff_max_ms);
  guint64 delay;
  guint shift = MIN (attempts > 0 ? attempts - 1 : 0, 30u);

  delay = MIN (max, base << shift);
  /* Half fixed, half random: desks that went offline together do not all
   * come back in the same second. */
  if (delay > 1)
    delay = delay / 2 + (guint64) g_random_double_range (0, (double) (delay - delay / 2));

  return MAX ((gint64) delay, at_least_ms);
}

/* Takes id for sending: QUEUED (due) or SENDING → SENDING, committed
 * before the POST.  Returns the body, or NULL with *skip (someone else
 * changed it) or *corrupt set, or an error. */
static char *
claim (DirOutbox   *self,
       const char  *id,
       const char  *now,
       guint       *out_attempts,
       gboolean    *skip,
       gboolean    *corrupt,
       GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *body = NULL;
  DirOutboxState state;
  const char *next;
  int rc;

  *skip = FALSE;
  *corrupt = FALSE;

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;

  stmt = db_prepare (self, "SELECT state, next_attempt, attempts, body FROM referral "
                           "WHERE id = ?", error);
  if (stmt == NULL)
    {
      db_commit (self, FALSE, NULL);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        *skip = TRUE;
      else
        db_fail (self, rc, error);
      db_commit (self, FALSE, NULL);
      return NULL;
    }

  next = (const char *) sqlite3_column_text (stmt, 1);
  if (!state_from_string ((const char *) sqlite3_column_text (stmt, 0), &state) ||
      !(state == DIR_OUTBOX_SENDING ||
        (state == DIR_OUTBOX_QUEUED && (next == NULL || g_strcmp0 (next, now) <= 0))))
    {
      *skip = TRUE;
      db_commit (self, FALSE, NULL);
      return NULL;
    }

  *out_attempts = (guint) CLAMP (sqlite3_column_int64 (stmt, 2), 0, G_MAXUINT - 1);
  body = open_column (self, stmt, 3, id, "body", corrupt);
  if (body == NULL)
    *corrupt = TRUE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (*corrupt)
    {
      db_commit (self, FALSE, NULL);
      return NULL;
    }

  if (state == DIR_OUTBOX_QUEUED)
    {
      stmt = db_prepare (self, "UPDATE referral SET state = 'sending', updated_at = ?2 "
                               "WHERE id = ?1", error);
      if (stmt == NULL)
        {
          db_commit (self, FALSE, NULL);
          return NULL;
        }
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      if (!db_step_done (self, stmt, error))
        {
          db_commit (self, FALSE, NULL);
          return NULL;
        }
    }

  if (!db_commit (self, TRUE, error))
    return NULL;

  return g_steal_pointer (&body);
}

/* Records what became of a referral that was SENDING. */
static gboolean
settle (DirOutbox   *self,
        const char  *id,
        guint        attempts,
        PushResult  *r,
        GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = now_text ();
  g_autofree char *next = NULL;
  gboolean ok;

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  switch (r->outcome)
    {
    case OUTCOME_SENT:
      {
        g_autoptr(sqlite3_stmt) read = NULL;
        g_autofree char *old_history = NULL;
        g_autofree char *history = NULL;
        g_autofree char *status = NULL;
        g_autofree char *status_at = NULL;
        gboolean corrupt = FALSE;

        /* Statuses pulled before this answer (after a crash) are kept. */
        read = db_prepare (self, "SELECT history FROM referral WHERE id = ?", error);
        if (read == NULL)
          return db_commit (self, FALSE, NULL);
        sqlite3_bind_text (read, 1, id, -1, SQLITE_STATIC);
        if (sqlite3_step (read) == SQLITE_ROW)
          old_history = open_column (self, read, 0, id, "history", &corrupt);
        if (corrupt)
          g_debug ("Referral %s: its earlier history cannot be read; replaced", id);

        merge_history (old_history, r->history, &history, &status, &status_at);

        /* The body goes: the hub has it, and the desk keeps only what the
         * status view needs. */
        stmt = db_prepare (self,
                           "UPDATE referral SET state = 'sent', body = NULL, attempts = ?2, "
                           "  next_attempt = NULL, error_code = NULL, error_field = NULL, "
                           "  error_message = NULL, reference = ?3, status = ?4, "
                           "  status_at = ?5, history = ?6, updated_at = ?7 "
                           "WHERE id = ?1 AND state = 'sending'",
                           error);
        ok = stmt != NULL;
        if (ok)
          {
            sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (stmt, 2, attempts + 1);
            sqlite3_bind_text (stmt, 3, r->reference, -1, SQLITE_STATIC);
            bind_text_or_null (stmt, 4, status);
            bind_text_or_null (stmt, 5, status_at);
            bind_sealed (self, stmt, 6, id, "history", history);
            sqlite3_bind_text (stmt, 7, now, -1, SQLITE_STATIC);
            ok = db_step_done (self, stmt, error);
          }
        dir_secret_free_string (g_steal_pointer (&old_history));
        dir_secret_free_string (g_steal_pointer (&history));
      }
      break;

    case OUTCOME_FAILED:
      stmt = db_prepare (self,
                         "UPDATE referral SET state = 'failed', attempts = ?2, "
                         "  next_attempt = NULL, error_code = ?3, error_field = ?4, "
                         "  error_message = ?5, updated_at = ?6 "
                         "WHERE id = ?1 AND state = 'sending'",
                         error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, attempts + 1);
          bind_text_or_null (stmt, 3, r->error_code);
          bind_text_or_null (stmt, 4, r->error_field);
          bind_sealed (self, stmt, 5, id, "error", r->error_message);
          sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
          ok = db_step_done (self, stmt, error);
        }
      break;

    case OUTCOME_DEFERRED:
    case OUTCOME_OFFLINE:
    case OUTCOME_UNAUTHORIZED:
    case OUTCOME_CANCELLED:
    default:
      {
        /* Back in the queue.  A 401 or a cancel is not the referral's
         * fault: no attempt counted, due as soon as it can go. */
        gboolean counts = r->outcome == OUTCOME_DEFERRED || r->outcome == OUTCOME_OFFLINE;
        guint new_attempts = counts ? attempts + 1 : attempts;

        if (counts)
          next = time_text_from_now (backoff_ms (self, new_attempts, r->retry_after_ms));

        stmt = db_prepare (self,
                           "UPDATE referral SET state = 'queued', attempts = ?2, "
                           "  next_attempt = ?3, error_code = ?4, error_field = NULL, "
                           "  error_message = ?5, updated_at = ?6 "
                           "WHERE id = ?1 AND state = 'sending'",
                           error);
        ok = stmt != NULL;
        if (ok)
          {
            sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (stmt, 2, new_attempts);
            bind_text_or_null (stmt, 3, next);
            bind_text_or_null (stmt, 4, counts ? r->error_code : NULL);
            bind_sealed (self, stmt, 5, id, "error", counts ? r->error_message : NULL);
            sqlite3_bind_text (stmt, 6, now, -1, SQLITE_STATIC);
            ok = db_step_done (self, stmt, error);
          }
      }
      break;
    }

  return db_commit (self, ok, error);
}

/* The hub is not there: the referrals not tried wait as long as the one
 * that was, without an attempt counted. */
static guint
defer_rest (DirOutbox   *self,
            GPtrArray   *ids,
            guint        from,
            const char  *next_attempt,
            const char  *message)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!db_exec (self, "BEGIN IMMEDIATE", &error))
    return 0;

  for (guint i = from; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(sqlite3_stmt) stmt = NULL;

      stmt = db_prepare (self,
                         "UPDATE referral SET state = 'queued', next_attempt = ?2, "
                         "  error_code = 'network', error_message = ?3 "
                         "WHERE id = ?1 AND state IN ('queued', 'sending')",
                         &error);
      if (stmt == NULL)
        break;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 2, next_attempt);
      bind_sealed (self, stmt, 3, id, "error", message);
      if (!db_step_done (self, stmt, &error))
        break;
      n += sqlite3_changes (self->db);
    }

  if (!db_commit (self, error == NULL, error == NULL ? &error : NULL))
    {
      g_debug ("Could not defer the referrals: %s", error ? error->message : "?");
      return 0;
    }

  return n;
}

static gboolean
mark_corrupt (DirOutbox   *self,
              const char  *id,
              GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = now_text ();

  /* The sealed body stays as it is (never lost); the referral shows as
   * failed so someone looks at it. */
  stmt = db_prepare (self,
                     "UPDATE referral SET state = 'failed', next_attempt = NULL, "
                     "  error_code = 'corrupt', error_field = NULL, error_message = NULL, "
                     "  updated_at = ?2 "
                     "WHERE id = ?1 AND state IN ('queued', 'sending')",
                     error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);

  return db_step_done (self, stmt, error);
}

static GPtrArray *
due_ids (DirOutbox   *self,
         const char  *now,
         GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = db_prepare (self,
                     "SELECT id FROM referral "
                     "WHERE state = 'sending' "
                     "   OR (state = 'queued' AND (next_attempt IS NULL OR next_attempt <= ?1)) "
                     "ORDER BY created_at, id",
                     error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_dup (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      db_fail (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

static void
set_not_signed_in_error (GError **error)
{
  g_set_error_literal (error, DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_NOT_SIGNED_IN,
                       _("Sign in to the hub to send referrals and see their statuses"));
}

static void
set_expired_error (GError **error)
{
  g_set_error_literal (error, DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_NOT_SIGNED_IN,
                       _("The session with the hub has ended: sign in again to send "
                         "referrals; they are kept until then"));
}

static gboolean
push (DirOutbox            *self,
      DirAccount           *account,
      const char           *base_url,
      const char           *token,
      GCancellable         *cancellable,
      DirOutboxSyncResult  *result,
      GError              **error)
{
  g_autofree char *now = now_text ();
  g_autoptr(GPtrArray) ids = due_ids (self, now, error);

  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_auto(PushResult) r = { 0 };
      g_autofree char *body = NULL;
      guint attempts = 0;
      gboolean skip = FALSE;
      gboolean corrupt = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      body = claim (self, id, now, &attempts, &skip, &corrupt, error);
      if (body == NULL)
        {
          if (skip)
            continue;
          if (corrupt)
            {
              g_debug ("Referral %s does not open with this key: marked failed", id);
              if (!mark_corrupt (self, id, error))
                return FALSE;
              result->failed++;
              items_changed (self);
              continue;
            }
          return FALSE;
        }
      items_changed (self);

      post_referral (self, base_url, token, id, body, cancellable, &r);
      dir_secret_free_string (g_steal_pointer (&body));

      if (!settle (self, id, attempts, &r, error))
        return FALSE;
      items_changed (self);

      switch (r.outcome)
        {
        case OUTCOME_SENT:
          result->sent++;
          g_debug ("Referral %s sent: %s", id, r.reference);
          break;

        case OUTCOME_FAILED:
          result->failed++;
          g_debug ("Referral %s refused by the hub: %s", id,
                   r.error_code ? r.error_code : "?");
          break;

        case OUTCOME_DEFERRED:
          result->deferred++;
          g_debug ("Referral %s deferred: %s", id, r.error_code ? r.error_code : "?");
          break;

        case OUTCOME_OFFLINE:
          {
            g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
            g_autoptr(sqlite3_stmt) stmt = db_prepare (self,
                                                       "SELECT next_attempt FROM referral "
                                                       "WHERE id = ?", NULL);
            g_autofree char *next = NULL;

            if (stmt != NULL)
              {
                sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
                if (sqlite3_step (stmt) == SQLITE_ROW)
                  next = column_dup (stmt, 0);
              }
            g_clear_pointer (&stmt, sqlite3_finalize);
            g_clear_pointer (&locker, g_mutex_locker_free);

            result->deferred += 1 + defer_rest (self, ids, i + 1, next, r.error_message);
            items_changed (self);
            g_propagate_error (error, g_steal_pointer (&r.error));
            return FALSE;
          }

        case OUTCOME_UNAUTHORIZED:
          dir_account_mark_expired (account, token);
          set_expired_error (error);
          return FALSE;

        case OUTCOME_CANCELLED:
        default:
          g_propagate_error (error, g_steal_pointer (&r.error));
          return FALSE;
        }
    }

  return TRUE;
}

/* ---- status pull ----------------------------------------------------------------------------- */

typedef struct
{
  char       *referral_id;
  char       *reference;
  JsonObject *entry;
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_free (change->referral_id);
  g_free (change->reference);
  g_clear_pointer (&change->entry, json_object_unref);
  g_free (change);
}

static GPtrArray *
parse_status_page (GBytes     *body,
                   gint64      since,
                   guint       limit,
                   gint64     *out_next,
                   gboolean   *out_has_more,
                   GError    **error)
{
  g_autoptr(JsonNode) root = dir_http_parse_object (body, error);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (change_free);
  g_autofree char *what = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  gint64 prev = since;
  guint n;

  if (root == NULL)
    return NULL;

  object = json_node_get_object (root);
  node = json_object_get_member (object, "changes");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      what = g_strdup (_("“changes” is missing or not a list"));
      goto malformed;
    }
  array = json_node_get_array (node);

  if (!dir_http_get_int (object, "next", out_next))
    {
      what = g_strdup (_("“next” is missing or not a whole number"));
      goto malformed;
    }
  if (!dir_http_get_boolean (object, "has_more", out_has_more))
    {
      what = g_strdup (_("“has_more” is missing or not true/false"));
      goto malformed;
    }

  n = json_array_get_length (array);
  if (n > limit)
    {
      what = g_strdup_printf (_("it has %u changes, more than the %u asked for"), n, limit);
      goto malformed;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *change;
      const char *referral_id;
      const char *reference;
      gint64 seq;
      Change *parsed;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          what = g_strdup_printf (_("change %u is not an object"), i + 1);
          goto malformed;
        }
      change = json_node_get_object (element);

      if (!dir_http_get_int (change, "seq", &seq) || seq <= prev)
        {
          what = g_strdup_printf (_("change %u has no “seq” after the one before"), i + 1);
          goto malformed;
        }
      prev = seq;

      referral_id = dir_http_get_string (change, "referral_id");
      reference = dir_http_get_string (change, "reference");
      if (referral_id == NULL || !g_uuid_string_is_valid (referral_id) ||
          (reference != NULL && strlen (reference) > MAX_SHORT))
        {
          what = g_strdup_printf (_("change %u has no valid “referral_id”"), i + 1);
          goto malformed;
        }

      parsed = g_new0 (Change, 1);
      parsed->referral_id = g_ascii_strdown (referral_id, -1);
      parsed->reference = g_strdup (reference);
      parsed->entry = read_history_entry (change);
      g_ptr_array_add (changes, parsed);
      if (parsed->entry == NULL)
        {
          what = g_strdup_printf (_("change %u has no valid status and time"), i + 1);
          goto malformed;
        }
    }

  if (n == 0 ? (*out_has_more || *out_next != since) : *out_next != prev)
    {
      what = g_strdup (_("“next” does not follow its last change"));
      goto malformed;
    }

  return g_steal_pointer (&changes);

malformed:
  g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
               _("The hub’s page of status changes is not valid: %s"), what);
  return NULL;
}

static gint64
read_status_cursor (DirOutbox *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(sqlite3_stmt) stmt = db_prepare (self, "SELECT value FROM meta WHERE key = '"
                                                   META_STATUS_CURSOR "'", NULL);
  gint64 cursor = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ascii_string_to_signed ((const char *) sqlite3_column_text (stmt, 0), 10, 0, G_MAXINT64,
                              &cursor, NULL);

  return cursor;
}

/* One page: the statuses of our referrals and the cursor, together. */
static gboolean
apply_status_page (DirOutbox   *self,
                   GPtrArray   *changes,
                   gint64       next,
                   guint       *out_applied,
                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) write = NULL;
  g_autoptr(sqlite3_stmt) cursor = NULL;
  g_autofree char *next_text = g_strdup_printf ("%" G_GINT64_FORMAT, next);
  g_autofree char *now = now_text ();
  guint applied = 0;
  gboolean ok = TRUE;

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  read = db_prepare (self, "SELECT history FROM referral WHERE id = ?", error);
  write = db_prepare (self, "UPDATE referral SET history = ?2, status = ?3, status_at = ?4, "
                            "  reference = coalesce (reference, ?5), updated_at = ?6 "
                            "WHERE id = ?1", error);
  cursor = db_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('"
                             META_STATUS_CURSOR "', ?)", error);
  ok = read != NULL && write != NULL && cursor != NULL;

  for (guint i = 0; ok && i < changes->len; i++)
    {
      Change *change = g_ptr_array_index (changes, i);
      g_autoptr(GPtrArray) entries = g_ptr_array_new ();
      g_autofree char *old_history = NULL;
      g_autofree char *history = NULL;
      g_autofree char *status = NULL;
      g_autofree char *status_at = NULL;
      gboolean corrupt = FALSE;
      int rc;

      sqlite3_reset (read);
      sqlite3_bind_text (read, 1, change->referral_id, -1, SQLITE_STATIC);
      rc = sqlite3_step (read);
      if (rc == SQLITE_DONE)
        continue;   /* not one of this desk's */
      if (rc != SQLITE_ROW)
        {
          ok = db_fail (self, rc, error);
          break;
        }

      old_history = open_column (self, read, 0, change->referral_id, "history", &corrupt);
      if (corrupt)
        {
          set_corrupt_error (error, _("The status history of a referral cannot be read with "
                                           "the key this desk has: it may come from another "
                                           "computer or account, or the file is damaged. "
                                           "Nothing was changed."));
          ok = FALSE;
          break;
        }

      g_ptr_array_add (entries, change->entry);
      if (merge_history (old_history, entries, &history, &status, &status_at) == 0)
        continue;   /* already known (the 201 brought it) */

      sqlite3_reset (write);
      sqlite3_bind_text (write, 1, change->referral_id, -1, SQLITE_STATIC);
      bind_sealed (self, write, 2, change->referral_id, "history", history);
      bind_text_or_null (write, 3, status);
      bind_text_or_null (write, 4, status_at);
      bind_text_or_null (write, 5, change->reference);
      sqlite3_bind_text (write, 6, now, -1, SQLITE_STATIC);
      ok = db_step_done (self, write, error);
      applied++;

      dir_secret_free_string (g_steal_pointer (&old_history));
      dir_secret_free_string (g_steal_pointer (&history));
    }

  if (ok)
    {
      sqlite3_bind_text (cursor, 1, next_text, -1, SQLITE_STATIC);
      ok = db_step_done (self, cursor, error);
    }

  if (!db_commit (self, ok, error))
    return FALSE;

  *out_applied = applied;
  return TRUE;
}

static gboolean
pull_statuses (DirOutbox            *self,
               DirAccount           *account,
               const char           *base_url,
               const char           *token,
               GCancellable         *cancellable,
               DirOutboxSyncResult  *result,
               GError              **error)
{
  gint64 since = read_status_cursor (self);

  for (guint page = 0; page < MAX_STATUS_PAGES; page++)
    {
      g_autofree char *url = NULL;
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GPtrArray) changes = NULL;
      gint64 next = 0;
      gboolean has_more = FALSE;
      guint applied = 0;
      guint status;

      url = g_strdup_printf ("%s/api/v1/referrals/changes?since=%" G_GINT64_FORMAT "&limit=%u",
                             base_url, since, STATUS_PAGE_SIZE);
      msg = soup_message_new (SOUP_METHOD_GET, url);
      soup_message_headers_replace (soup_message_get_request_headers (msg),
                                    "Accept", "application/json");
      dir_http_set_bearer (msg, token);

      body = dir_http_send (self->session, msg, base_url, cancellable, error);
      if (body == NULL)
        return FALSE;

      status = soup_message_get_status (msg);
      if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          dir_account_mark_expired (account, token);
          set_expired_error (error);
          return FALSE;
        }
      if (status != SOUP_STATUS_OK)
        {
          dir_http_set_status_error (error, msg, body);
          return FALSE;
        }

      changes = parse_status_page (body, since, STATUS_PAGE_SIZE, &next, &has_more, error);
      if (changes == NULL)
        return FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!apply_status_page (self, changes, next, &applied, error))
        return FALSE;

      result->statuses += applied;
      if (applied > 0)
        items_changed (self);

      since = next;
      if (!has_more)
        return TRUE;
    }

  return TRUE;
}

/* ---- sync ------------------------------------------------------------------------------------ */

gboolean
dir_outbox_sync (DirOutbox            *self,
                 DirAccount           *account,
                 GCancellable         *cancellable,
                 DirOutboxSyncResult  *out_result,
                 GError              **error)
{
  DirOutboxSyncResult result = { 0 };
  g_autofree char *token = NULL;
  const char *base_url;
  gboolean ok;

  g_return_val_if_fail (DIR_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (DIR_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_result != NULL)
    *out_result = result;

  token = dir_account_dup_token (account);
  if (token == NULL)
    {
      set_not_signed_in_error (error);
      return FALSE;
    }

  if (!g_atomic_int_compare_and_exchange (&self->busy, 0, 1))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("The referrals are already being sent"));
      dir_secret_free_string (g_steal_pointer (&token));
      return FALSE;
    }

  base_url = dir_account_get_base_url (account);
  ok = push (self, account, base_url, token, cancellable, &result, error) &&
       pull_statuses (self, account, base_url, token, cancellable, &result, error);

  /* Sent bodies are gone from the tables: out of the WAL too. */
  if (result.sent > 0)
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

      checkpoint_truncate (self);
    }

  g_atomic_int_set (&self->busy, 0);
  dir_secret_free_string (g_steal_pointer (&token));

  g_debug ("Outbox sync: %u sent, %u failed, %u deferred, %u statuses%s",
           result.sent, result.failed, result.deferred, result.statuses, ok ? "" : " (stopped)");

  if (out_result != NULL)
    *out_result = result;

  return ok;
}

typedef struct
{
  DirAccount          *account;
  DirOutboxSyncResult  result;
} SyncData;

static void
sync_data_free (gpointer data)
{
  SyncData *sync = data;

  g_clear_object (&sync->account);
  g_free (sync);
}

static void
sync_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SyncData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (!dir_outbox_sync (source_object, data->account, cancellable, &data->result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
dir_outbox_sync_async (DirOutbox           *self,
                       DirAccount          *account,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SyncData *data;

  g_return_if_fail (DIR_IS_OUTBOX (self));
  g_return_if_fail (DIR_IS_ACCOUNT (account));

  data = g_new0 (SyncData, 1);
  data->account = g_object_ref (account);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dir_outbox_sync_async);
  g_task_set_name (task, "[dir] outbox sync");
  g_task_set_task_data (task, data, sync_data_free);
  g_task_run_in_thread (task, sync_worker);
}

/**
 * dir_outbox_sync_finish:
 * @out_result: (out caller-allocates) (optional): what was done, also on
 *   failure (what was done before it)
 */
gboolean
dir_outbox_sync_finish (DirOutbox            *self,
                        GAsyncResult         *result,
                        DirOutboxSyncResult  *out_result,
                        GError              **error)
{
  g_return_val_if_fail (DIR_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (out_result != NULL)
    *out_result = ((SyncData *) g_task_get_task_data (G_TASK (result)))->result;

  return g_task_propagate_boolean (G_TASK (result), error);
}
