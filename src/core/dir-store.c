/* dir-store.c
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

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "dir-geo.h"
#include "dir-query-private.h"
#include "dir-service-private.h"
#include "dir-sqlite-private.h"
#include "dir-store-private.h"
#include "dir-taxonomy.h"
#include "dir-time.h"

/* The local directory: sqlite with FTS5 for text search, an R*Tree for
 * nearest-to-a-point, and side tables for the facets.  One connection,
 * serialised by a mutex, so the store can be used from worker threads (the
 * _async queries) and from the main thread (list rows being read lazily). */
struct _DirStore
{
  GObject parent_instance;

  GMutex mutex;
  sqlite3 *db;
  char *path;
  sqlite3_stmt *load_stmt;
  sqlite3_stmt *data_version_stmt;
  guint64 n_commits;       /* this connection's writes */

  /* Services read by rowid and still held somewhere: the same row read
   * again, as of the same directory and at the same distance, is the same
   * object (the next keystroke's results keep their list rows).  Bounded:
   * see remember_live(). */
  GMutex live_mutex;
  GHashTable *live;        /* gint64 rowid → LiveService */
};

typedef struct
{
  GWeakRef ref;
  guint64  generation;
  double   distance;
} LiveService;

/* Services remembered at most; dead ones are swept out first. */
#define LIVE_MAX 1024

G_DEFINE_FINAL_TYPE (DirStore, dir_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (dir-store-error-quark, dir_store_error)


typedef struct
{
  GMutex *mutex;
} StoreLocker;

static inline StoreLocker
store_lock (DirStore *self)
{
  g_mutex_lock (&self->mutex);
  return (StoreLocker) { &self->mutex };
}

static inline void
store_unlock (StoreLocker *locker)
{
  g_mutex_unlock (locker->mutex);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoreLocker, store_unlock)

#define LOCKED(self) g_auto(StoreLocker) G_PASTE (_locker, __LINE__) = store_lock (self)

/* ---- schema ------------------------------------------------------------- */

#define FTS_INSERT_TRIGGER \
  "CREATE TRIGGER service_fts_insert AFTER INSERT ON service BEGIN" \
  "  INSERT INTO service_fts (rowid, name, organization, description, aliases)" \
  "  VALUES (new.rowid, new.name, new.organization, new.description, new.aliases);" \
  "END;"

#define BULK_THRESHOLD 2000

/* Each step takes the schema from version i to i + 1.  Never edit a step that
 * has shipped: add a new one. */
static const char * const migrations[] = {
  /* 1: the directory */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE service ("
  "  rowid INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  organization TEXT NOT NULL DEFAULT '',"
  "  description TEXT NOT NULL DEFAULT '',"
  "  aliases TEXT NOT NULL DEFAULT '',"
  "  status INTEGER NOT NULL,"
  "  gender INTEGER NOT NULL,"
  "  min_age INTEGER,"
  "  max_age INTEGER,"
  "  risk INTEGER NOT NULL,"
  "  stages INTEGER NOT NULL,"
  "  self_referral INTEGER NOT NULL,"
  "  confidential INTEGER NOT NULL,"
  "  latitude REAL,"
  "  longitude REAL,"
  "  last_modified TEXT,"
  "  data TEXT NOT NULL"
  ");"
  "CREATE INDEX service_name ON service (name COLLATE NOCASE);"
  "CREATE INDEX service_modified ON service (last_modified);"
  "CREATE TABLE service_pathway ("
  "  code TEXT NOT NULL,"
  "  service INTEGER NOT NULL,"
  "  top TEXT NOT NULL,"
  "  PRIMARY KEY (code, service)"
  ") WITHOUT ROWID;"
  "CREATE INDEX service_pathway_top ON service_pathway (top, service);"
  "CREATE INDEX service_pathway_service ON service_pathway (service);"
  "CREATE TABLE service_language ("
  "  lang TEXT NOT NULL,"
  "  service INTEGER NOT NULL,"
  "  PRIMARY KEY (lang, service)"
  ") WITHOUT ROWID;"
  "CREATE INDEX service_language_service ON service_language (service);"
  /* One row per weekday a slot is open.  carry = 1 is the after-midnight part
   * of an overnight slot: its validity dates belong to the day before. */
  "CREATE TABLE service_hours ("
  "  service INTEGER NOT NULL,"
  "  weekday INTEGER NOT NULL,"
  "  opens INTEGER NOT NULL,"
  "  closes INTEGER NOT NULL,"
  "  carry INTEGER NOT NULL,"
  "  valid_from TEXT,"
  "  valid_to TEXT"
  ");"
  "CREATE INDEX service_hours_service ON service_hours (service);"
  "CREATE VIRTUAL TABLE service_fts USING fts5 ("
  "  name, organization, description, aliases,"
  "  content='service', content_rowid='rowid',"
  "  tokenize='unicode61 remove_diacritics 2',"
  "  prefix='2 3'"
  ");"
  FTS_INSERT_TRIGGER
  "CREATE TRIGGER service_fts_delete AFTER DELETE ON service BEGIN"
  "  INSERT INTO service_fts (service_fts, rowid, name, organization, description, aliases)"
  "  VALUES ('delete', old.rowid, old.name, old.organization, old.description, old.aliases);"
  "END;"
  /* Names weigh most, then other names (aliases, translations), then the
   * organisation, then the description. */
  "INSERT INTO service_fts (service_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0, 6.0)');"
  "CREATE VIRTUAL TABLE service_rtree USING rtree (id, min_lat, max_lat, min_lon, max_lon);",

  /* 2: the first top-level pathway in the record's own order, for map pins;
   * rows from version 1 get their alphabetically first one. */
  "ALTER TABLE service ADD COLUMN pathway TEXT;"
  "UPDATE service SET pathway = (SELECT min(top) FROM service_pathway p WHERE p.service = service.rowid);",

  /* 3: whether the search point is an address (a pin) or only the centre of
   * the service's area (a phone line, a confidential service): only pins
   * go on the map. */
  "ALTER TABLE service ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;"
  "UPDATE service SET pinned = 1 WHERE confidential = 0 AND EXISTS ("
  "  SELECT 1 FROM json_each (service.data, '$.service_at_locations') l"
  "  WHERE json_extract (l.value, '$.location.latitude') IS NOT NULL);",
};

int
dir_store_get_latest_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

/* ---- errors -------------------------------------------------------------- */

/* How the directory words an sqlite failure (a DirSqliteFail). */
static gboolean
store_fail (sqlite3  *db,
            int       rc,
            GError  **error)
{
  int code = rc & 0xff;

  if (code == SQLITE_FULL)
    g_set_error_literal (error, DIR_STORE_ERROR, DIR_STORE_ERROR_IO,
                         _("The disk is full: the directory could not be saved"));
  else if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
    g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_OPEN,
                 _("The directory database is damaged or is not a database (%s)"),
                 sqlite3_errstr (rc));
  else if (code == SQLITE_INTERRUPT)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  else
    g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_IO,
                 _("Directory database error: %s"),
                 db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));

  return FALSE;
}

static gboolean
sql_fail (DirStore  *self,
          int        rc,
          GError   **error)
{
  return store_fail (self != NULL ? self->db : NULL, rc, error);
}

static gboolean
exec (DirStore    *self,
      const char  *sql,
      GError     **error)
{
  return dir_sqlite_exec (self->db, store_fail, sql, error);
}

static sqlite3_stmt *
prepare (DirStore    *self,
         const char  *sql,
         GError     **error)
{
  return dir_sqlite_prepare (self->db, store_fail, sql, error);
}

static void
rollback (DirStore *self)
{
  dir_sqlite_rollback (self->db);
}

/* ---- open and migrate ---------------------------------------------------- */

static gboolean
migrate (DirStore  *self,
         GError   **error)
{
  int version = dir_sqlite_migrate (self->db, store_fail, migrations,
                                    dir_store_get_latest_schema_version (), error);

  if (version > dir_store_get_latest_schema_version ())
    g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_VERSION,
                 _("The directory database was made by a newer version of Direction "
                   "(schema %d; this version reads up to %d)"),
                 version, dir_store_get_latest_schema_version ());

  return version >= 0 && version <= dir_store_get_latest_schema_version ();
}

static void
dir_store_finalize (GObject *object)
{
  DirStore *self = (DirStore *)object;

  g_clear_pointer (&self->load_stmt, sqlite3_finalize);
  g_clear_pointer (&self->data_version_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_mutex_clear (&self->mutex);
  g_mutex_clear (&self->live_mutex);

  G_OBJECT_CLASS (dir_store_parent_class)->finalize (object);
}

static void
dir_store_class_init (DirStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dir_store_finalize;
}

static void
live_service_free (gpointer data)
{
  LiveService *live = data;

  g_weak_ref_clear (&live->ref);
  g_free (live);
}

static void
dir_store_init (DirStore *self)
{
  g_mutex_init (&self->mutex);
  g_mutex_init (&self->live_mutex);
  self->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, live_service_free);
}

/**
 * dir_store_new:
 * @path: (nullable): the database file, created if missing; %NULL for a
 *   private in-memory database
 *
 * Opens the directory and brings its schema up to date.
 */
DirStore *
dir_store_new (const char  *path,
               GError     **error)
{
  g_autoptr(DirStore) self = g_object_new (DIR_TYPE_STORE, NULL);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc;

  self->path = g_strdup (path ? path : ":memory:");

  if (path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int errsv = errno;
          g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_OPEN,
                       _("Cannot create the folder for the directory database: %s"),
                       g_strerror (errsv));
          return NULL;
        }
    }

  rc = sqlite3_open_v2 (self->path, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_OPEN,
                   _("Cannot open the directory database: %s"),
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  /* 32 MiB of page cache: a whole Bedfordshire directory, and most of a big one */
  sqlite3_exec (self->db, "PRAGMA cache_size = -32768", NULL, NULL, NULL);
  /* Reads straight from the page cache of the kernel, without a copy. */
  sqlite3_exec (self->db, "PRAGMA mmap_size = 268435456", NULL, NULL, NULL);

  /* The first real read tells a database from any other file. */
  if (dir_sqlite_read_user_version (self->db, store_fail, error) < 0)
    return NULL;

  /* Migrate before anything else changes the file, so a database from a
   * newer version is refused untouched. */
  if (!exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !migrate (self, error))
    return NULL;

  if (path != NULL &&
      (!dir_sqlite_set_wal (self->db, store_fail, error) ||
       !exec (self, "PRAGMA synchronous = NORMAL", error)))
    return NULL;

  self->load_stmt = prepare (self, "SELECT data FROM service WHERE rowid = ?", error);
  if (self->load_stmt == NULL)
    return NULL;
  self->data_version_stmt = prepare (self, "PRAGMA data_version", error);
  if (self->data_version_stmt == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
dir_store_get_path (DirStore *self)
{
  g_return_val_if_fail (DIR_IS_STORE (self), NULL);

  return self->path;
}

int
dir_store_get_schema_version (DirStore *self)
{
  LOCKED (self);

  g_return_val_if_fail (DIR_IS_STORE (self), -1);

  return dir_sqlite_read_user_version (self->db, store_fail, NULL);
}

guint
dir_store_count_services (DirStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  LOCKED (self);

  g_return_val_if_fail (DIR_IS_STORE (self), 0);

  stmt = prepare (self, "SELECT count(*) FROM service", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int (stmt, 0);
}

/**
 * dir_store_list_languages:
 *
 * The languages services in the directory (of any status) are delivered
 * in, as ISO 639-1 codes, the most common first (ties by code).  From an
 * index: no service is read.
 *
 * Returns: (transfer full): the codes, or %NULL with @error set
 */
char **
dir_store_list_languages (DirStore  *self,
                          GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  int rc;
  LOCKED (self);

  g_return_val_if_fail (DIR_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT lang FROM service_language GROUP BY lang"
                        " ORDER BY count(*) DESC, lang", error);
  if (stmt == NULL)
    return NULL;

  builder = g_strv_builder_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      sql_fail (self, rc, error);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

/* ---- writing ------------------------------------------------------------- */

typedef struct
{
  sqlite3_stmt *find;
  sqlite3_stmt *del_service;
  sqlite3_stmt *del_pathway;
  sqlite3_stmt *del_language;
  sqlite3_stmt *del_hours;
  sqlite3_stmt *del_rtree;
  sqlite3_stmt *ins_service;
  sqlite3_stmt *ins_pathway;
  sqlite3_stmt *ins_language;
  sqlite3_stmt *ins_hours;
  sqlite3_stmt *ins_rtree;
} Writer;

static void
writer_clear (Writer *w)
{
  g_clear_pointer (&w->find, sqlite3_finalize);
  g_clear_pointer (&w->del_service, sqlite3_finalize);
  g_clear_pointer (&w->del_pathway, sqlite3_finalize);
  g_clear_pointer (&w->del_language, sqlite3_finalize);
  g_clear_pointer (&w->del_hours, sqlite3_finalize);
  g_clear_pointer (&w->del_rtree, sqlite3_finalize);
  g_clear_pointer (&w->ins_service, sqlite3_finalize);
  g_clear_pointer (&w->ins_pathway, sqlite3_finalize);
  g_clear_pointer (&w->ins_language, sqlite3_finalize);
  g_clear_pointer (&w->ins_hours, sqlite3_finalize);
  g_clear_pointer (&w->ins_rtree, sqlite3_finalize);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

static gboolean
writer_init (DirStore  *self,
             Writer    *w,
             GError   **error)
{
  return (w->find = prepare (self, "SELECT rowid FROM service WHERE id = ?", error)) &&
         (w->del_service = prepare (self, "DELETE FROM service WHERE rowid = ?", error)) &&
         (w->del_pathway = prepare (self, "DELETE FROM service_pathway WHERE service = ?", error)) &&
         (w->del_language = prepare (self, "DELETE FROM service_language WHERE service = ?", error)) &&
         (w->del_hours = prepare (self, "DELETE FROM service_hours WHERE service = ?", error)) &&
         (w->del_rtree = prepare (self, "DELETE FROM service_rtree WHERE id = ?", error)) &&
         (w->ins_service = prepare (self,
            "INSERT INTO service (id, name, organization, description, aliases, status, gender,"
            " min_age, max_age, risk, stages, self_referral, confidential, latitude, longitude,"
            " last_modified, data, pathway, pinned)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            error)) &&
         (w->ins_pathway = prepare (self,
            "INSERT OR IGNORE INTO service_pathway (code, service, top) VALUES (?, ?, ?)", error)) &&
         (w->ins_language = prepare (self,
            "INSERT OR IGNORE INTO service_language (lang, service) VALUES (?, ?)", error)) &&
         (w->ins_hours = prepare (self,
            "INSERT INTO service_hours (service, weekday, opens, closes, carry, valid_from, valid_to)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", error)) &&
         (w->ins_rtree = prepare (self,
            "INSERT INTO service_rtree (id, min_lat, max_lat, min_lon, max_lon)"
            " VALUES (?1, ?2, ?2, ?3, ?3)", error));
}

static gboolean
step_done (DirStore      *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    return sql_fail (self, rc, error);

  return TRUE;
}

static gboolean
delete_rowid (DirStore  *self,
              Writer    *w,
              gint64     rowid,
              GError   **error)
{
  sqlite3_stmt *stmts[] = {
    w->del_pathway, w->del_language, w->del_hours, w->del_rtree, w->del_service,
  };

  for (guint i = 0; i < G_N_ELEMENTS (stmts); i++)
    {
      sqlite3_bind_int64 (stmts[i], 1, rowid);
      if (!step_done (self, stmts[i], error))
        return FALSE;
    }

  return TRUE;
}

static gint64
find_rowid (DirStore   *self,
            Writer     *w,
            const char *id)
{
  gint64 rowid = 0;

  sqlite3_bind_text (w->find, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (w->find) == SQLITE_ROW)
    rowid = sqlite3_column_int64 (w->find, 0);
  sqlite3_reset (w->find);
  sqlite3_clear_bindings (w->find);

  return rowid;
}

/* Words that should find the service besides its name and description:
 * aliases and the names it has in other languages. */
static char *
search_aliases (DirService *service)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char * const *aliases = dir_service_get_aliases (service);
  const char * const *langs = dir_service_get_translation_languages (service);

  for (guint i = 0; aliases && aliases[i]; i++)
    g_string_append_printf (text, "%s\n", aliases[i]);

  for (guint i = 0; langs && langs[i]; i++)
    {
      const DirTranslation *t = dir_service_get_translation (service, langs[i]);

      if (t->name)
        g_string_append_printf (text, "%s\n", t->name);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Any ISO 8601 form → the sortable UTC form kept in the index. */
static char *
normalize_timestamp (const char *text)
{
  g_autoptr(GDateTime) when = dir_time_parse (text);

  return when ? dir_time_format_sortable (when) : NULL;
}

typedef struct
{
  int weekday;
  int opens;
  int closes;
  int carry;
} Slot;

static gboolean
insert_hours (DirStore    *self,
              Writer      *w,
              gint64       rowid,
              DirService  *service,
              GError     **error)
{
  GPtrArray *schedules = dir_service_get_schedules (service);

  for (guint i = 0; i < schedules->len; i++)
    {
      const DirSchedule *s = g_ptr_array_index (schedules, i);

      for (int day = 0; day < 7; day++)
        {
          Slot slots[2];
          guint n_slots = 0;

          if (!(s->weekdays & (1 << day)))
            continue;

          if (s->opens < s->closes)
            {
              slots[n_slots++] = (Slot) { day, s->opens, s->closes, 0 };
            }
          else
            {
              slots[n_slots++] = (Slot) { day, s->opens, 1440, 0 };
              if (s->closes > 0)
                slots[n_slots++] = (Slot) { (day + 1) % 7, 0, s->closes, 1 };
            }

          for (guint j = 0; j < n_slots; j++)
            {
              sqlite3_bind_int64 (w->ins_hours, 1, rowid);
              sqlite3_bind_int (w->ins_hours, 2, slots[j].weekday);
              sqlite3_bind_int (w->ins_hours, 3, slots[j].opens);
              sqlite3_bind_int (w->ins_hours, 4, slots[j].closes);
              sqlite3_bind_int (w->ins_hours, 5, slots[j].carry);
              sqlite3_bind_text (w->ins_hours, 6, s->valid_from, -1, SQLITE_STATIC);
              sqlite3_bind_text (w->ins_hours, 7, s->valid_to, -1, SQLITE_STATIC);
              if (!step_done (self, w->ins_hours, error))
                return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
insert_service (DirStore    *self,
                Writer      *w,
                DirService  *service,
                GError     **error)
{
  g_autofree char *aliases = search_aliases (service);
  g_autofree char *modified = normalize_timestamp (dir_service_get_last_modified (service));
  const char * const *pathways = dir_service_get_pathways (service);
  const char * const *languages = dir_service_get_languages (service);
  sqlite3_stmt *s = w->ins_service;
  double lat, lon;
  gboolean has_point;
  gboolean pinned;
  gint64 rowid;

  rowid = find_rowid (self, w, dir_service_get_id (service));
  if (rowid != 0 && !delete_rowid (self, w, rowid, error))
    return FALSE;

  /* Where the service is found by distance: its pin, or for a service with no
   * address (confidential ones) the centre of its area.  Only the store sees
   * this point; a confidential service never reports it. */
  pinned = dir_service_get_point (service, &lat, &lon);
  has_point = pinned || dir_service_get_area_point (service, &lat, &lon);

  sqlite3_bind_text (s, 1, dir_service_get_id (service), -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, dir_service_get_name (service), -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 3, dir_service_get_organization_name (service) ?: "", -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 4, dir_service_get_description (service) ?: "", -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 5, aliases, -1, SQLITE_STATIC);
  sqlite3_bind_int (s, 6, dir_service_get_status (service));
  sqlite3_bind_int (s, 7, dir_service_get_gender (service));
  if (dir_service_get_minimum_age (service) >= 0)
    sqlite3_bind_int (s, 8, dir_service_get_minimum_age (service));
  if (dir_service_get_maximum_age (service) >= 0)
    sqlite3_bind_int (s, 9, dir_service_get_maximum_age (service));
  sqlite3_bind_int (s, 10, dir_service_get_risk_levels (service));
  sqlite3_bind_int (s, 11, dir_service_get_stages (service));
  sqlite3_bind_int (s, 12, dir_service_get_self_referral (service));
  sqlite3_bind_int (s, 13, dir_service_get_confidential (service));
  if (has_point)
    {
      sqlite3_bind_double (s, 14, lat);
      sqlite3_bind_double (s, 15, lon);
    }
  sqlite3_bind_text (s, 16, modified, -1, SQLITE_STATIC);
  {
    gsize len;
    char *data = dir_service_to_data (service, &len);
    sqlite3_bind_text64 (s, 17, data, len, g_free, SQLITE_UTF8);
  }
  if (pathways[0] != NULL)
    sqlite3_bind_text64 (s, 18, dir_taxonomy_top_level_of (pathways[0]), -1, g_free, SQLITE_UTF8);
  sqlite3_bind_int (s, 19, pinned);

  if (!step_done (self, s, error))
    return FALSE;

  rowid = sqlite3_last_insert_rowid (self->db);

  for (guint i = 0; pathways[i]; i++)
    {
      g_autofree char *top = dir_taxonomy_top_level_of (pathways[i]);

      sqlite3_bind_text (w->ins_pathway, 1, pathways[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (w->ins_pathway, 2, rowid);
      sqlite3_bind_text (w->ins_pathway, 3, top, -1, SQLITE_STATIC);
      if (!step_done (self, w->ins_pathway, error))
        return FALSE;
    }

  for (guint i = 0; languages[i]; i++)
    {
      sqlite3_bind_text (w->ins_language, 1, languages[i], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (w->ins_language, 2, rowid);
      if (!step_done (self, w->ins_language, error))
        return FALSE;
    }

  if (!insert_hours (self, w, rowid, service, error))
    return FALSE;

  if (has_point)
    {
      sqlite3_bind_int64 (w->ins_rtree, 1, rowid);
      sqlite3_bind_double (w->ins_rtree, 2, lat);
      sqlite3_bind_double (w->ins_rtree, 3, lon);
      if (!step_done (self, w->ins_rtree, error))
        return FALSE;
    }

  return TRUE;
}

/* Sets (value) or removes (NULL value) meta keys inside the caller's
 * transaction. */
static gboolean
write_meta_locked (DirStore            *self,
                   const char * const  *keys,
                   const char * const  *values,
                   GError             **error)
{
  g_autoptr(sqlite3_stmt) set = NULL;
  g_autoptr(sqlite3_stmt) unset = NULL;

  if (keys == NULL || keys[0] == NULL)
    return TRUE;

  set = prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", error);
  if (set == NULL)
    return FALSE;
  unset = prepare (self, "DELETE FROM meta WHERE key = ?1", error);
  if (unset == NULL)
    return FALSE;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = values[i] != NULL ? set : unset;

      sqlite3_bind_text (stmt, 1, keys[i], -1, SQLITE_STATIC);
      if (values[i] != NULL)
        sqlite3_bind_text (stmt, 2, values[i], -1, SQLITE_STATIC);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
apply_locked (DirStore            *self,
              gboolean             replace_all,
              GPtrArray           *upserts,
              const char * const  *deletes,
              const char * const  *meta_keys,
              const char * const  *meta_values,
              GError             **error)
{
  g_auto(Writer) w = { 0 };
  gboolean bulk;

  if (!writer_init (self, &w, error))
    return FALSE;

  /* A big batch (an import, a full sync) is faster with the text index
   * rebuilt once at the end than updated row by row. */
  bulk = upserts != NULL && upserts->len >= BULK_THRESHOLD;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (bulk && !exec (self, "DROP TRIGGER service_fts_insert", error))
    goto fail;

  if (replace_all &&
      !exec (self,
             "DELETE FROM service_pathway;"
             "DELETE FROM service_language;"
             "DELETE FROM service_hours;"
             "DELETE FROM service_rtree;"
             "DROP TRIGGER service_fts_delete;"
             "DELETE FROM service;"
             "INSERT INTO service_fts (service_fts) VALUES ('delete-all');"
             "CREATE TRIGGER service_fts_delete AFTER DELETE ON service BEGIN"
             "  INSERT INTO service_fts (service_fts, rowid, name, organization, description, aliases)"
             "  VALUES ('delete', old.rowid, old.name, old.organization, old.description, old.aliases);"
             "END;",
             error))
    goto fail;

  for (guint i = 0; deletes && deletes[i]; i++)
    {
      g_autofree char *id = g_ascii_strdown (deletes[i], -1);
      gint64 rowid = find_rowid (self, &w, id);

      if (rowid != 0 && !delete_rowid (self, &w, rowid, error))
        goto fail;
    }

  for (guint i = 0; upserts && i < upserts->len; i++)
    {
      if (!insert_service (self, &w, g_ptr_array_index (upserts, i), error))
        goto fail;
    }

  if (bulk &&
      !exec (self,
             "INSERT INTO service_fts (service_fts) VALUES ('rebuild');"
             FTS_INSERT_TRIGGER,
             error))
    goto fail;

  if (!write_meta_locked (self, meta_keys, meta_values, error))
    goto fail;

  if (!exec (self, "COMMIT", error))
    goto fail;
  self->n_commits++;

  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

gboolean
dir_store_apply (DirStore            *self,
                 GPtrArray           *upserts,
                 const char * const  *deletes,
                 GError             **error)
{
  LOCKED (self);

  g_return_val_if_fail (DIR_IS_STORE (self), FALSE);

  return apply_locked (self, FALSE, upserts, deletes, NULL, NULL, error);
}

gboolean
dir_store_replace_all (DirStore   *self,
                       GPtrArray  *services,
                       GError    **error)
{
  LOCKED (self);

  g_return_val_if_fail (DIR_IS_STORE (self), FALSE);

  return apply_locked (self, TRUE, services, NULL, NULL, NULL, error);
}

static gboolean
check_meta_arrays (const char * const *meta_keys,
                   const char * const *meta_values)
{
  if (meta_keys == NULL)
    return TRUE;

  for (guint i = 0; meta_keys[i] != NULL; i++)
    {
      if (meta_values == NULL)
        return FALSE;
    }

  return TRUE;
}

/**
 * dir_store_apply_page:
 * @self: a #DirStore
 * @upserts: (nullable) (element-type DirService): services to insert or replace
 * @deletes: (nullable) (array zero-terminated=1): ids to delete
 * @meta_keys: (nullable) (array zero-terminated=1): meta keys to write
 * @meta_values: (nullable): one value per key in @meta_keys; a %NULL value
 *   removes its key
 * @error: a #GError, or %NULL
 *
 * Like dir_store_apply(), and writes the meta keys (a sync cursor) in the
 * very same transaction: after a crash the store has either all of it or
 * none of it.  Only the service tables and the given keys are touched.
 *
 * Returns: %TRUE on success; on failure nothing was changed
 */
gboolean
dir_store_apply_page (DirStore            *self,
                      GPtrArray           *upserts,
                      const char * const  *deletes,
                      const char * const  *meta_keys,
                      const char * const  *meta_values,
                      GError             **error)
{
  LOCKED (self);

  g_return_val_if_fail (DIR_IS_STORE (self), FALSE);
  g_return_val_if_fail (check_meta_arrays (meta_keys, meta_values), FALSE);

  return apply_locked (self, FALSE, upserts, deletes, meta_keys, meta_values, error);
}

/**
 * dir_store_retain_only:
 * @self: a #DirStore
 * @keep: (element-type utf8 utf8): a set of lowercase service ids
 * @meta_keys: (nullable) (array zero-terminated=1): meta keys to write
 * @meta_values: (nullable): one value per key; a %NULL value removes its key
 * @n_deleted: (out) (optional): how many services were deleted
 * @error: a #GError, or %NULL
 *
 * Deletes every service whose id is not in @keep and writes the meta keys,
 * in one transaction (the end of a full resync).
 *
 * Returns: %TRUE on success; on failure nothing was changed
 */
gboolean
dir_store_retain_only (DirStore            *self,
                       GHashTable          *keep,
                       const char * const  *meta_keys,
                       const char * const  *meta_values,
                       guint               *n_deleted,
                       GError             **error)
{
  g_auto(Writer) w = { 0 };
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(GArray) doomed = NULL;
  int rc;
  LOCKED (self);

  g_return_val_if_fail (DIR_IS_STORE (self), FALSE);
  g_return_val_if_fail (keep != NULL, FALSE);
  g_return_val_if_fail (check_meta_arrays (meta_keys, meta_values), FALSE);

  if (!writer_init (self, &w, error))
    return FALSE;

  list = prepare (self, "SELECT rowid, id FROM service", error);
  if (list == NULL)
    return FALSE;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  doomed = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (list)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (list, 1);

      if (id == NULL || !g_hash_table_contains (keep, id))
        {
          gint64 rowid = sqlite3_column_int64 (list, 0);

          g_array_append_val (doomed, rowid);
        }
    }
  sqlite3_reset (list);

  if (rc != SQLITE_DONE)
    {
      sql_fail (self, rc, error);
      goto fail;
    }

  for (guint i = 0; i < doomed->len; i++)
    {
      if (!delete_rowid (self, &w, g_array_index (doomed, gint64, i), error))
        goto fail;
    }

  if (!write_meta_locked (self, meta_keys, meta_values, error))
    goto fail;

  if (!exec (self, "COMMIT", error))
    goto fail;
  self->n_commits++;

  if (n_deleted != NULL)
    *n_deleted = doomed->len;

  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* Reads a whole ORUK document into DirService objects, or fails naming the
 * first bad record.  Nothing is written here. */
static GPtrArray *
parse_document (const char  *data,
                gssize       length,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  JsonArray *contents = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED,
                   _("The directory file is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);

  if (root == NULL)
    {
      g_set_error_literal (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED,
                           _("The directory file is empty"));
      return NULL;
    }

  if (JSON_NODE_HOLDS_ARRAY (root))
    contents = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (root), "contents");

      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        contents = json_node_get_array (node);
    }

  if (contents == NULL)
    {
      g_set_error_literal (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED,
                           _("The directory file must be an Open Referral UK service list "
                             "(an object with “contents”, or a list of services)"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (contents); i++)
    {
      JsonNode *node = json_array_get_element (contents, i);
      g_autoptr(DirService) service = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED,
                       _("Record %u: a service must be a JSON object"), i + 1);
          return NULL;
        }

      service = dir_service_new_from_json (json_node_get_object (node), &local_error);
      if (service == NULL)
        {
          g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED,
                       _("Record %u: %s"), i + 1, local_error->message);
          return NULL;
        }

      if (!g_hash_table_add (seen, (gpointer) dir_service_get_id (service)))
        {
          g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED,
                       _("Record %u: the id %s is used twice"), i + 1,
                       dir_service_get_id (service));
          return NULL;
        }

      g_ptr_array_add (services, g_steal_pointer (&service));
    }

  return g_steal_pointer (&services);
}

gboolean
dir_store_import_data (DirStore    *self,
                       const char  *data,
                       gssize       length,
                       guint       *n_imported,
                       GError     **error)
{
  g_autoptr(GPtrArray) services = NULL;

  g_return_val_if_fail (DIR_IS_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  services = parse_document (data, length, error);
  if (services == NULL)
    return FALSE;

  if (!dir_store_apply (self, services, NULL, error))
    return FALSE;

  if (n_imported)
    *n_imported = services->len;

  return TRUE;
}

gboolean
dir_store_import_file (DirStore    *self,
                       const char  *path,
                       guint       *n_imported,
                       GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DIR_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED,
                   _("Cannot read %s: %s"), path, local_error->message);
      return FALSE;
    }

  if (g_mapped_file_get_length (file) == 0)
    {
      g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED,
                   _("%s is empty"), path);
      return FALSE;
    }

  return dir_store_import_data (self,
                                g_mapped_file_get_contents (file),
                                g_mapped_file_get_length (file),
                                n_imported, error);
}

/* ---- reading ------------------------------------------------------------- */

DirService *
dir_store_load_row (DirStore  *self,
                    gint64     rowid,
                    GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  DirService *service = NULL;
  int rc;
  LOCKED (self);

  sqlite3_bind_int64 (self->load_stmt, 1, rowid);
  rc = sqlite3_step (self->load_stmt);

  if (rc == SQLITE_ROW)
    service = dir_service_new_from_data ((const char *) sqlite3_column_text (self->load_stmt, 0),
                                         sqlite3_column_bytes (self->load_stmt, 0),
                                         &local_error);
  else if (rc == SQLITE_DONE)
    g_set_error_literal (&local_error, DIR_STORE_ERROR, DIR_STORE_ERROR_NOT_FOUND,
                         _("The service is no longer in the directory"));
  else
    sql_fail (self, rc, &local_error);

  sqlite3_reset (self->load_stmt);

  if (service == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return service;
}

/* What the directory is at: this connection's writes and, by SQLite's
 * data_version, any other connection's since this one opened. */
guint64
dir_store_get_generation (DirStore *self)
{
  guint64 version = 0;
  LOCKED (self);

  if (sqlite3_step (self->data_version_stmt) == SQLITE_ROW)
    version = (guint64) sqlite3_column_int64 (self->data_version_stmt, 0);
  sqlite3_reset (self->data_version_stmt);

  return (self->n_commits << 32) ^ version;
}

static gboolean
same_distance (double a,
               double b)
{
  return a == b || (isnan (a) && isnan (b));
}

/* Drops the entries whose service is gone. */
static gboolean
live_is_dead (gpointer key,
              gpointer value,
              gpointer user_data)
{
  LiveService *live = value;
  g_autoptr(GObject) object = g_weak_ref_get (&live->ref);

  return object == NULL;
}

static void
remember_live (DirStore   *self,
               gint64      rowid,
               guint64     generation,
               double      distance,
               DirService *service)
{
  LiveService *live = g_new0 (LiveService, 1);
  gint64 *key = g_new (gint64, 1);

  *key = rowid;
  g_weak_ref_init (&live->ref, service);
  live->generation = generation;
  live->distance = distance;

  g_mutex_lock (&self->live_mutex);
  if (g_hash_table_size (self->live) >= LIVE_MAX)
    g_hash_table_foreach_remove (self->live, live_is_dead, NULL);
  if (g_hash_table_size (self->live) >= LIVE_MAX)
    g_hash_table_remove_all (self->live);
  g_hash_table_replace (self->live, key, live);
  g_mutex_unlock (&self->live_mutex);
}

/* The service at @rowid with @distance set (NAN for none), as of
 * @generation (dir_store_get_generation() when the query ran): the object
 * already handed out for it while one is held, else read now. */
DirService *
dir_store_load_row_at (DirStore  *self,
                       gint64     rowid,
                       guint64    generation,
                       double     distance,
                       GError   **error)
{
  DirService *service = NULL;
  LiveService *live;

  g_mutex_lock (&self->live_mutex);
  live = g_hash_table_lookup (self->live, &rowid);
  if (live != NULL && live->generation == generation && same_distance (live->distance, distance))
    service = g_weak_ref_get (&live->ref);
  g_mutex_unlock (&self->live_mutex);

  if (service != NULL)
    return service;

  service = dir_store_load_row (self, rowid, error);
  if (service == NULL)
    return NULL;

  dir_service_set_distance (service, distance);
  remember_live (self, rowid, generation, distance, service);

  return service;
}

guint
dir_store_count_live (DirStore *self)
{
  guint n_live = 0;
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&self->live_mutex);
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_autoptr(GObject) object = g_weak_ref_get (&((LiveService *) value)->ref);

      n_live += object != NULL;
    }
  g_mutex_unlock (&self->live_mutex);

  return n_live;
}

DirService *
dir_store_get_service (DirStore    *self,
                       const char  *id,
                       GError     **error)
{
  g_autofree char *lower = NULL;
  gint64 rowid = 0;

  g_return_val_if_fail (DIR_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  lower = g_ascii_strdown (id, -1);

  {
    g_autoptr(sqlite3_stmt) stmt = NULL;
    LOCKED (self);

    stmt = prepare (self, "SELECT rowid FROM service WHERE id = ?", error);
    if (stmt == NULL)
      return NULL;

    sqlite3_bind_text (stmt, 1, lower, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      rowid = sqlite3_column_int64 (stmt, 0);
  }

  if (rowid == 0)
    {
      g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_NOT_FOUND,
                   _("No service with id %s"), id);
      return NULL;
    }

  return dir_store_load_row (self, rowid, error);
}

char *
dir_store_get_meta (DirStore   *self,
                    const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  LOCKED (self);

  g_return_val_if_fail (DIR_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gboolean
dir_store_set_meta (DirStore    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  LOCKED (self);

  g_return_val_if_fail (DIR_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value == NULL)
    stmt = prepare (self, "DELETE FROM meta WHERE key = ?1", error);
  else
    stmt = prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  return step_done (self, stmt, error);
}

/* ---- queries -------------------------------------------------------------- */

typedef enum { BIND_INT, BIND_DOUBLE, BIND_TEXT } BindType;

typedef struct
{
  BindType type;
  gint64   i;
  double   d;
  char    *s;
} Bind;

typedef struct
{
  GString *where;
  GArray  *binds;
  char    *match;     /* FTS5 expression, or NULL */
} Filter;

static void
bind_clear (gpointer data)
{
  g_free (((Bind *) data)->s);
}

static void
filter_clear (Filter *f)
{
  if (f->where)
    g_string_free (f->where, TRUE);
  g_clear_pointer (&f->binds, g_array_unref);
  g_clear_pointer (&f->match, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Filter, filter_clear)

static void
add_int (Filter *f, gint64 value)
{
  Bind b = { BIND_INT, value, 0, NULL };
  g_array_append_val (f->binds, b);
}

static void
add_text (Filter *f, const char *value)
{
  Bind b = { BIND_TEXT, 0, 0, g_strdup (value) };
  g_array_append_val (f->binds, b);
}

/* Turns what a person typed into an FTS5 expression: every word must match
 * as a prefix.  Operators and quotes typed by the user are just text. */
static char *
build_match (const char *text)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autofree char *valid = NULL;
  guint n_words = 0;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      /* A word longer than any in the directory still has to match as
       * typed, so it is shortened (to a prefix), never dropped. */
      if (word->len > 64)
        {
          const char *end = word->str + 64;

          while (end > word->str && (*end & 0xc0) == 0x80)
            end--;
          g_string_truncate (word, end - word->str);
        }

      if (word->len > 0 && n_words < 16)
        {
          g_string_append_printf (match, "%s\"%s\"*", n_words ? " " : "", word->str);
          n_words++;
        }
      g_string_truncate (word, 0);

      if (c == 0)
        break;
    }

  return n_words ? g_string_free (g_steal_pointer (&match), FALSE) : NULL;
}

static void
build_filter (const DirQuery *q,
              Filter         *f)
{
  f->where = g_string_new ("1");
  f->binds = g_array_new (FALSE, TRUE, sizeof (Bind));
  g_array_set_clear_func (f->binds, bind_clear);
  f->match = build_match (q->text);

  if (q->statuses != DIR_STATUS_ALL)
    {
      g_string_append (f->where, " AND (s.status & ?) != 0");
      add_int (f, q->statuses);
    }

  if (q->pathways != NULL)
    {
      g_string_append (f->where, " AND s.rowid IN (SELECT service FROM service_pathway WHERE 0");
      for (guint i = 0; q->pathways[i]; i++)
        {
          if (dir_taxonomy_is_top_level (q->pathways[i]))
            g_string_append (f->where, " OR top = ?");
          else
            g_string_append (f->where, " OR code = ?");
          add_text (f, q->pathways[i]);
        }
      g_string_append (f->where, ")");
    }

  if (q->gender != DIR_GENDER_ANY)
    {
      g_string_append (f->where, " AND s.gender IN (0, ?)");
      add_int (f, q->gender);
    }

  if (q->age >= 0)
    {
      g_string_append (f->where,
                       " AND (s.min_age IS NULL OR s.min_age <= ?)"
                       " AND (s.max_age IS NULL OR s.max_age >= ?)");
      add_int (f, q->age);
      add_int (f, q->age);
    }

  if (q->risk != 0)
    {
      g_string_append (f->where, " AND (s.risk & ?) = ?");
      add_int (f, q->risk);
      add_int (f, q->risk);
    }

  if (q->stages != 0)
    {
      g_string_append (f->where, " AND (s.stages & ?) != 0");
      add_int (f, q->stages);
    }

  if (q->self_referral_only)
    g_string_append (f->where, " AND s.self_referral = 1");

  if (q->language != NULL)
    {
      g_string_append (f->where,
                       " AND s.rowid IN (SELECT service FROM service_language WHERE lang = ?)");
      add_text (f, q->language);
    }

  if (q->modified_after != NULL)
    {
      g_autofree char *after = normalize_timestamp (q->modified_after);

      g_string_append (f->where, " AND s.last_modified > ?");
      add_text (f, after);
    }

  if (q->open_at != NULL)
    {
      g_autoptr(GDateTime) before = g_date_time_add_days (q->open_at, -1);
      int weekday, minute, prev_weekday, prev_minute;
      char date[11], prev_date[11];

      dir_service_wall_clock (q->open_at, &weekday, &minute, date);
      dir_service_wall_clock (before, &prev_weekday, &prev_minute, prev_date);

      g_string_append (f->where,
                       " AND s.status = 1 AND EXISTS (SELECT 1 FROM service_hours h"
                       " WHERE h.service = s.rowid AND h.weekday = ? AND h.opens <= ? AND h.closes > ?"
                       " AND (h.valid_from IS NULL OR h.valid_from <= (CASE h.carry WHEN 1 THEN ? ELSE ? END))"
                       " AND (h.valid_to IS NULL OR h.valid_to >= (CASE h.carry WHEN 1 THEN ? ELSE ? END)))");
      add_int (f, weekday);
      add_int (f, minute);
      add_int (f, minute);
      add_text (f, prev_date);
      add_text (f, date);
      add_text (f, prev_date);
      add_text (f, date);
    }
}

static void
bind_all (sqlite3_stmt *stmt,
          GArray       *binds,
          int           first)
{
  for (guint i = 0; i < binds->len; i++)
    {
      const Bind *b = &g_array_index (binds, Bind, i);

      switch (b->type)
        {
        case BIND_INT:
          sqlite3_bind_int64 (stmt, first + i, b->i);
          break;
        case BIND_DOUBLE:
          sqlite3_bind_double (stmt, first + i, b->d);
          break;
        case BIND_TEXT:
          sqlite3_bind_text (stmt, first + i, b->s, -1, SQLITE_STATIC);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static int
progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data);
}

typedef struct
{
  gint64 rowid;
  double distance;
  double order;      /* what "nearest first" sorts by */
} Hit;

/* A service known only by its area (a helpline, a refuge) is "somewhere
 * in" it: measured to the area's centre it would come first in every
 * search near a town centre, ahead of every service with an address
 * there.  It is sorted as this much farther; its distance stays the real
 * one, and so does the radius. */
#define AREA_ORDER_PENALTY_M 2000.0

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = a, *y = b;

  if (x->order < y->order)
    return -1;
  if (x->order > y->order)
    return 1;
  /* Ties: a stable order, so paging and tests are deterministic. */
  return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/* Collects (rowid, distance) of every matching service with a search point
 * inside the box around the centre and within radius (radius 0 = the box). */
static gboolean
collect_in_box (DirStore      *self,
                const DirQuery *q,
                Filter        *f,
                double         radius,
                GArray        *hits,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  double dlat = radius / 111194.9266;
  double coslat = cos (q->near_latitude * G_PI / 180.0);
  double dlon = coslat > 1e-6 ? MIN (180.0, dlat / coslat) : 180.0;
  int rc;

  sql = g_strdup_printf ("SELECT s.rowid, s.latitude, s.longitude, s.pinned"
                         " FROM service_rtree r JOIN service s ON s.rowid = r.id"
                         " WHERE r.min_lat <= ?1 AND r.max_lat >= ?2"
                         " AND r.min_lon <= ?3 AND r.max_lon >= ?4"
                         "%s AND %s",
                         f->match ? " AND s.rowid IN (SELECT rowid FROM service_fts WHERE service_fts MATCH ?5)" : "",
                         f->where->str);

  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_double (stmt, 1, q->near_latitude + dlat);
  sqlite3_bind_double (stmt, 2, q->near_latitude - dlat);
  sqlite3_bind_double (stmt, 3, q->near_longitude + dlon);
  sqlite3_bind_double (stmt, 4, q->near_longitude - dlon);
  if (f->match)
    sqlite3_bind_text (stmt, 5, f->match, -1, SQLITE_STATIC);
  bind_all (stmt, f->binds, f->match ? 6 : 5);

  g_array_set_size (hits, 0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Hit hit;

      hit.rowid = sqlite3_column_int64 (stmt, 0);
      hit.distance = dir_geo_distance_m (q->near_latitude, q->near_longitude,
                                         sqlite3_column_double (stmt, 1),
                                         sqlite3_column_double (stmt, 2));
      hit.order = hit.distance + (sqlite3_column_int (stmt, 3) ? 0 : AREA_ORDER_PENALTY_M);
      if (hit.distance <= radius)
        g_array_append_val (hits, hit);
    }

  if (rc != SQLITE_DONE)
    return sql_fail (self, rc, error);

  return TRUE;
}

/* Nearest first.  The R*Tree gives candidates in a box that grows until it
 * holds enough services; exact great-circle distance decides the order. */
static gboolean
run_near (DirStore       *self,
          const DirQuery *q,
          Filter         *f,
          gboolean        count_only,
          GArray         *hits,
          GError        **error)
{
  const double max_radius = G_PI * DIR_EARTH_RADIUS_M;  /* half way round: everything */
  guint wanted = (q->limit && !count_only) ? q->offset + q->limit : G_MAXUINT;
  double radius;

  if (q->near_radius > 0)
    radius = MIN (q->near_radius, max_radius);
  else if (wanted == G_MAXUINT)
    radius = max_radius;
  else
    radius = 500.0;

  /* Grow the circle until it holds enough: a small first step keeps the
   * common case (a town, twenty services) to a few dozen candidates. */
  for (;;)
    {
      guint n_sure = 0;

      if (!collect_in_box (self, q, f, radius, hits, error))
        return FALSE;

      /* Only those sorted within the circle are surely among the first:
       * one just outside may come before a service known by its area. */
      for (guint i = 0; i < hits->len && n_sure < wanted; i++)
        n_sure += g_array_index (hits, Hit, i).order <= radius;

      if (n_sure >= wanted || radius >= max_radius || q->near_radius > 0)
        break;

      /* Expect the count to grow with the area: jump to the radius that
       * should hold twice what is wanted, at least doubling. */
      if (hits->len > 0)
        radius *= CLAMP (sqrt (2.0 * wanted / hits->len), 2.0, 8.0);
      else
        radius *= 8.0;
      radius = MIN (radius, max_radius);
    }

  g_array_sort (hits, compare_hits);
  return TRUE;
}

static gboolean
run_plain (DirStore       *self,
           const DirQuery *q,
           Filter         *f,
           GArray         *hits,
           GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  int rc;

  if (f->match != NULL && f->binds->len == 0 && strcmp (f->where->str, "1") == 0)
    {
      /* Text alone: the index answers without touching the table, and FTS5
       * sorts by its own rank, keeping only the first rows. */
      g_string_append (sql, "SELECT rowid FROM service_fts WHERE service_fts MATCH ?1");
      if (q->mode == DIR_SEARCH_RANKED)
        g_string_append (sql, " ORDER BY rank");
    }
  else if (f->match != NULL)
    {
      g_string_append_printf (sql,
                              "SELECT s.rowid FROM service_fts JOIN service s ON s.rowid = service_fts.rowid"
                              " WHERE service_fts MATCH ?1 AND %s",
                              f->where->str);
      if (q->mode == DIR_SEARCH_RANKED)
        g_string_append (sql, " ORDER BY service_fts.rank");
    }
  else
    {
      g_string_append_printf (sql, "SELECT s.rowid FROM service s WHERE %s"
                              " ORDER BY s.name COLLATE NOCASE, s.rowid", f->where->str);
    }

  if (q->limit)
    g_string_append_printf (sql, " LIMIT %u OFFSET %u", q->limit, q->offset);
  else if (q->offset)
    g_string_append_printf (sql, " LIMIT -1 OFFSET %u", q->offset);

  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  if (f->match)
    sqlite3_bind_text (stmt, 1, f->match, -1, SQLITE_STATIC);
  bind_all (stmt, f->binds, f->match ? 2 : 1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Hit hit = { sqlite3_column_int64 (stmt, 0), NAN, NAN };
      g_array_append_val (hits, hit);
    }

  if (rc != SQLITE_DONE)
    return sql_fail (self, rc, error);

  return TRUE;
}

static gboolean
validate_query (const DirQuery  *q,
                GError         **error)
{
  if (q->has_near && !dir_geo_is_valid_point (q->near_latitude, q->near_longitude))
    {
      g_set_error_literal (error, DIR_STORE_ERROR, DIR_STORE_ERROR_QUERY,
                           _("The point to search near is not a valid place"));
      return FALSE;
    }

  if (q->modified_after != NULL)
    {
      g_autofree char *normalized = normalize_timestamp (q->modified_after);

      if (normalized == NULL)
        {
          g_set_error_literal (error, DIR_STORE_ERROR, DIR_STORE_ERROR_QUERY,
                               _("“Modified after” must be an ISO 8601 date and time"));
          return FALSE;
        }
    }

  return TRUE;
}

static GArray *
run_query (DirStore        *self,
           const DirQuery  *q,
           gboolean         count_only,
           GCancellable    *cancellable,
           guint           *total,
           GError         **error)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_auto(Filter) f = { 0 };
  gboolean ok;
  LOCKED (self);

  if (!validate_query (q, error))
    return NULL;

  build_filter (q, &f);

  if (cancellable != NULL)
    sqlite3_progress_handler (self->db, 1000, progress_cb, cancellable);

  if (q->has_near)
    ok = run_near (self, q, &f, count_only, hits, error);
  else if (count_only)
    {
      DirQuery all = *q;

      all.limit = all.offset = 0;
      ok = run_plain (self, &all, &f, hits, error);
    }
  else
    ok = run_plain (self, q, &f, hits, error);

  sqlite3_progress_handler (self->db, 0, NULL, NULL);

  if (!ok)
    return NULL;

  if (total)
    *total = hits->len;

  if (q->has_near && !count_only)
    {
      guint start = MIN (q->offset, hits->len);
      guint end = q->limit ? MIN (hits->len, start + q->limit) : hits->len;

      if (end < hits->len)
        g_array_set_size (hits, end);
      if (start > 0)
        g_array_remove_range (hits, 0, start);
    }

  return g_steal_pointer (&hits);
}

GListModel *
dir_store_query (DirStore        *self,
                 const DirQuery  *query,
                 GCancellable    *cancellable,
                 GError         **error)
{
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GArray) distances = NULL;
  guint64 generation;
  guint total = 0;

  g_return_val_if_fail (DIR_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  generation = dir_store_get_generation (self);
  hits = run_query (self, query, FALSE, cancellable, &total, error);
  if (hits == NULL)
    return NULL;

  rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), hits->len);
  distances = g_array_sized_new (FALSE, FALSE, sizeof (double), hits->len);

  for (guint i = 0; i < hits->len; i++)
    {
      const Hit *hit = &g_array_index (hits, Hit, i);

      g_array_append_val (rowids, hit->rowid);
      g_array_append_val (distances, hit->distance);
    }

  return G_LIST_MODEL (dir_service_list_new (self, rowids, distances, generation));
}

guint
dir_store_count (DirStore        *self,
                 const DirQuery  *query,
                 GError         **error)
{
  g_autoptr(GArray) hits = NULL;
  guint total = 0;

  g_return_val_if_fail (DIR_IS_STORE (self), 0);
  g_return_val_if_fail (query != NULL, 0);

  hits = run_query (self, query, TRUE, NULL, &total, error);

  return hits ? total : 0;
}

static guint8
pathway_index (const char *code)
{
  static GHashTable *index;
  gpointer value;

  if (g_once_init_enter (&index))
    {
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);
      const DirPathway *all;
      guint n;

      all = dir_taxonomy_get_all (&n);
      for (guint i = 0; i < n && i < 0xff; i++)
        g_hash_table_insert (table, (gpointer) all[i].code, GUINT_TO_POINTER (i + 1));
      g_once_init_leave (&index, table);
    }

  value = code ? g_hash_table_lookup (index, code) : NULL;
  return value ? GPOINTER_TO_UINT (value) - 1 : 0xff;
}

GArray *
dir_store_query_points (DirStore        *self,
                        const DirQuery  *query,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (DirPoint));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_auto(Filter) f = { 0 };
  int rc;
  LOCKED (self);

  g_return_val_if_fail (DIR_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!validate_query (query, error))
    return NULL;

  build_filter (query, &f);

  g_string_append (sql,
                   "SELECT s.rowid, s.latitude, s.longitude, s.id, s.pathway"
                   " FROM service s WHERE s.pinned = 1");
  if (f.match != NULL)
    g_string_append (sql, " AND s.rowid IN (SELECT rowid FROM service_fts WHERE service_fts MATCH ?1)");
  g_string_append_printf (sql, " AND %s", f.where->str);

  stmt = prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  if (f.match != NULL)
    sqlite3_bind_text (stmt, 1, f.match, -1, SQLITE_STATIC);
  bind_all (stmt, f.binds, f.match ? 2 : 1);

  if (cancellable != NULL)
    sqlite3_progress_handler (self->db, 1000, progress_cb, cancellable);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DirPoint point;

      point.rowid = sqlite3_column_int64 (stmt, 0);
      point.latitude = sqlite3_column_double (stmt, 1);
      point.longitude = sqlite3_column_double (stmt, 2);
      g_strlcpy (point.id, (const char *) sqlite3_column_text (stmt, 3), sizeof point.id);
      point.pathway = pathway_index ((const char *) sqlite3_column_text (stmt, 4));

      /* The radius, with the same great-circle test as the list's. */
      if (query->has_near && query->near_radius > 0 &&
          dir_geo_distance_m (query->near_latitude, query->near_longitude,
                              point.latitude, point.longitude) > query->near_radius)
        continue;

      g_array_append_val (points, point);
    }

  sqlite3_progress_handler (self->db, 0, NULL, NULL);

  if (rc != SQLITE_DONE)
    {
      sql_fail (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&points);
}

static void
query_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  GListModel *result;

  result = dir_store_query (source_object, task_data, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

void
dir_store_query_async (DirStore            *self,
                       DirQuery            *query,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DIR_IS_STORE (self));
  g_return_if_fail (query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dir_store_query_async);
  g_task_set_task_data (task, dir_query_copy (query), (GDestroyNotify) dir_query_unref);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, query_worker);
}

GListModel *
dir_store_query_finish (DirStore      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (DIR_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
