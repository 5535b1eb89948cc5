/* test-sync.c
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

/* DirSync against the real hub on a loopback port (and, for broken answers,
 * a small in-process SoupServer that is not the hub). */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include <glib/gstdio.h>

#include "hub-test-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define EXTRA_ID "6f1c2d3e-4a5b-4c6d-8e7f-0000000000ee"

/* "id\tdata\n" for every service, in id order, plus the sync.* meta keys:
 * what "the store is unchanged" and "equal to the hub" compare. */
static char *
dump_db (const char *path,
         gboolean    with_meta)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, data FROM service ORDER BY id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s\t%s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1));
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (with_meta)
    {
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT key, value FROM meta"
                                           " WHERE key LIKE 'sync.%' ORDER BY key",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (out, "meta %s=%s\n", sqlite3_column_text (stmt, 0),
                                sqlite3_column_text (stmt, 1));
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

static void
assert_equal_to_hub (const char *desk_path,
                     const char *hub_path)
{
  g_autofree char *desk = dump_db (desk_path, FALSE);
  g_autofree char *hub = dump_db (hub_path, FALSE);

  g_assert_cmpuint (count_lines (hub), >, 0);
  g_assert_cmpstr (desk, ==, hub);
}

static DirStore *
new_desk (const char  *name,
          char       **out_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (hub_test_tmp_dir (), name, NULL);
  DirStore *store = dir_store_new (path, &error);

  g_assert_no_error (error);
  *out_path = g_steal_pointer (&path);
  return store;
}

static char *
new_hub_db (const char *name)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");

  return hub_new_db (name, fixture);
}

static void
pull_ok (DirSync       *sync,
         DirSyncResult *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dir_sync_pull (sync, NULL, result, &error));
  g_assert_no_error (error);
}

/* The fixture with one service renamed, as a one-service import file. */
static char *
write_changed_record (const char *name,
                      const char *new_name)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) one = json_array_new ();
  g_autoptr(JsonNode) doc = json_node_new (JSON_NODE_ARRAY);
  char *path = g_build_filename (hub_test_tmp_dir (), name, NULL);
  JsonObject *service;

  g_file_get_contents (fixture, &text, NULL, &error);
  g_assert_no_error (error);
  root = hub_parse_json (text);
  service = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                         "contents"), 1);
  json_object_set_string_member (service, "name", new_name);
  json_array_add_object_element (one, json_object_ref (service));
  json_node_set_array (doc, one);

  g_clear_pointer (&text, g_free);
  text = json_to_string (doc, FALSE);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  return path;
}

static void
test_bootstrap_delta_delete (void)
{
  g_autofree char *hub_db = new_hub_db ("bootstrap.db");
  g_autofree char *desk_path = NULL;
  g_autoptr(DirStore) desk = new_desk ("bootstrap-desk.db", &desk_path);
  g_autoptr(DirSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *out = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *last = NULL;
  DirSyncResult r = { 0 };
  Hub *hub = hub_start (hub_db);

  sync = dir_sync_new (desk, hub->base_url, &error);
  g_assert_no_error (error);
  /* Small pages: the fixture's 7 services take 3 of them. */
  dir_sync_set_page_size (sync, 3);

  /* Bootstrap into an empty store. */
  pull_ok (sync, &r);
  g_assert_true (r.full_resync);
  g_assert_false (r.not_modified);
  g_assert_cmpuint (r.upserts, ==, 7);
  g_assert_cmpuint (r.deletes, ==, 0);
  g_assert_cmpuint (r.swept, ==, 0);
  g_assert_cmpuint (r.pages, ==, 4);   /* 3 + 3 + 1, then the empty end page */
  g_assert_cmpuint (r.requests, ==, 4);
  g_assert_cmpuint (r.wire_bytes, >, 0);
  g_assert_cmpint (r.cursor, >, 0);
  assert_equal_to_hub (desk_path, hub_db);
  cursor = dir_store_get_meta (desk, DIR_SYNC_META_CURSOR);
  g_assert_cmpint (g_ascii_strtoll (cursor, NULL, 10), ==, r.cursor);
  last = dir_store_get_meta (desk, DIR_SYNC_META_LAST_SUCCESS);
  g_assert_nonnull (last);
  g_assert_true (g_str_has_suffix (last, "Z"));
  g_assert_null (dir_store_get_meta (desk, DIR_SYNC_META_RESYNC));

  /* Nothing changed: one request, answered 304. */
  pull_ok (sync, &r);
  g_assert_true (r.not_modified);
  g_assert_false (r.full_resync);
  g_assert_cmpuint (r.requests, ==, 1);
  g_assert_cmpuint (r.pages, ==, 0);
  g_assert_cmpuint (r.upserts + r.deletes, ==, 0);

  /* A changed record re-imported on the hub: one upsert. */
  changed = write_changed_record ("changed.json", "Night Shelter Renamed");
  g_assert_cmpint (hub_run_cli ((const char *[]) { "import", "--db", hub_db, changed, NULL },
                                NULL, &out, NULL), ==, 0);
  pull_ok (sync, &r);
  g_assert_false (r.not_modified);
  g_assert_false (r.full_resync);
  g_assert_cmpuint (r.upserts, ==, 1);
  g_assert_cmpuint (r.deletes, ==, 0);
  assert_equal_to_hub (desk_path, hub_db);
  {
    g_autoptr(DirService) s = dir_store_get_service (desk, "6f1c2d3e-4a5b-4c6d-8e7f-000000000002",
                                                     &error);
    g_assert_no_error (error);
    g_assert_cmpstr (dir_service_get_name (s), ==, "Night Shelter Renamed");
  }

  /* And again nothing: 304. */
  pull_ok (sync, &r);
  g_assert_true (r.not_modified);
  g_assert_cmpuint (r.requests, ==, 1);

  /* A deletion on the hub (its database, as an admin tool would). */
  {
    g_autoptr(DirStore) hub_store = dir_store_new (hub_db, &error);
    const char *gone[] = { "6f1c2d3e-4a5b-4c6d-8e7f-000000000003", NULL };

    g_assert_no_error (error);
    g_assert_true (dir_store_apply (hub_store, NULL, gone, &error));
    g_assert_no_error (error);
  }
  pull_ok (sync, &r);
  g_assert_cmpuint (r.deletes, ==, 1);
  g_assert_cmpuint (r.upserts, ==, 0);
  g_assert_cmpuint (dir_store_count_services (desk), ==, 6);
  assert_equal_to_hub (desk_path, hub_db);

  hub_stop (hub, SIGTERM);
}

static void
test_resync_after_purge (void)
{
  g_autofree char *hub_db = new_hub_db ("purge.db");
  g_autofree char *desk_path = NULL;
  g_autoptr(DirStore) desk = new_desk ("purge-desk.db", &desk_path);
  g_autoptr(DirSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  g_autofree char *text = NULL;
  g_autofree char *extra_text = NULL;
  DirSyncResult r = { 0 };
  Hub *hub = hub_start (hub_db);

  sync = dir_sync_new (desk, hub->base_url, &error);
  g_assert_no_error (error);
  /* Pages of two: the resync below pages through cursors that are under
   * the hub's purge watermark, which it allows because the desk says it is
   * resyncing (resync=1). */
  dir_sync_set_page_size (sync, 2);
  pull_ok (sync, &r);
  assert_equal_to_hub (desk_path, hub_db);

  /* A service only the desk has (it must go), and a deletion on the hub
   * whose tombstone is then purged: the desk's cursor is too old. */
  g_file_get_contents (fixture, &text, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) root = hub_parse_json (text);
    JsonObject *service = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (root), "contents"), 0);
    g_autoptr(JsonNode) node = NULL;
    g_autoptr(GPtrArray) upserts = g_ptr_array_new_with_free_func (g_object_unref);

    json_object_set_string_member (service, "id", EXTRA_ID);
    g_ptr_array_add (upserts, dir_service_new_from_json (service, &error));
    g_assert_no_error (error);
    g_assert_true (dir_store_apply (desk, upserts, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(DirStore) hub_store = dir_store_new (hub_db, &error);
    const char *gone[] = { "6f1c2d3e-4a5b-4c6d-8e7f-000000000004", NULL };

    g_assert_no_error (error);
    g_assert_true (dir_store_apply (hub_store, NULL, gone, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (hub_run_cli ((const char *[]) { "purge-changes", "--db", hub_db,
                                                   "--older-than", "0", NULL },
                                NULL, &out, NULL), ==, 0);
  g_assert_cmpuint (dir_store_count_services (desk), ==, 8);

  pull_ok (sync, &r);
  g_assert_true (r.full_resync);
  g_assert_cmpuint (r.upserts, ==, 6);
  g_assert_cmpuint (r.swept, ==, 2);   /* the extra one and the deleted one */
  g_assert_cmpuint (r.pages, >=, 3);
  g_assert_cmpuint (r.requests, ==, 1 + 3 + 1);   /* 410, three pages of 2, the end page */
  assert_equal_to_hub (desk_path, hub_db);
  g_assert_null (dir_store_get_meta (desk, DIR_SYNC_META_RESYNC));

  /* Back to normal: 304. */
  pull_ok (sync, &r);
  g_assert_true (r.not_modified);
  g_assert_cmpuint (r.requests, ==, 1);

  hub_stop (hub, SIGTERM);
}

static void
test_hub_down (void)
{
  g_autofree char *hub_db = new_hub_db ("down.db");
  g_autofree char *desk_path = NULL;
  g_autoptr(DirStore) desk = new_desk ("down-desk.db", &desk_path);
  g_autoptr(DirSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *out = NULL;
  g_autofree char *url = NULL;
  DirSyncResult r = { 0 };
  Hub *hub = hub_start (hub_db);

  url = g_strdup (hub->base_url);
  sync = dir_sync_new (desk, url, &error);
  g_assert_no_error (error);
  pull_ok (sync, &r);

  changed = write_changed_record ("down-changed.json", "Changed While Down");
  g_assert_cmpint (hub_run_cli ((const char *[]) { "import", "--db", hub_db, changed, NULL },
                                NULL, &out, NULL), ==, 0);
  hub_stop (hub, SIGTERM);

  before = dump_db (desk_path, TRUE);
  g_assert_false (dir_sync_pull (sync, NULL, &r, &error));
  g_assert_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_NETWORK);
  g_assert_cmpuint (r.requests, ==, 1);
  after = dump_db (desk_path, TRUE);
  g_assert_cmpstr (after, ==, before);
}

static void
test_slow_hub (void)
{
  g_autofree char *hub_db = new_hub_db ("slow.db");
  g_autofree char *desk_path = NULL;
  g_autoptr(DirStore) desk = new_desk ("slow-desk.db", &desk_path);
  g_autoptr(DirSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  DirSyncResult r = { 0 };
  Hub *hub = hub_start (hub_db);
  gint64 start;

  sync = dir_sync_new (desk, hub->base_url, &error);
  g_assert_no_error (error);
  dir_sync_set_timeout (sync, 1);

  /* A stopped hub accepts connections (the kernel does) and never answers. */
  before = dump_db (desk_path, TRUE);
  hub_pause (hub);
  start = g_get_monotonic_time ();
  g_assert_false (dir_sync_pull (sync, NULL, &r, &error));
  g_subprocess_send_signal (hub->process, SIGCONT);
  g_assert_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  after = dump_db (desk_path, TRUE);
  g_assert_cmpstr (after, ==, before);

  g_clear_error (&error);
  dir_sync_set_timeout (sync, 30);
  pull_ok (sync, &r);
  assert_equal_to_hub (desk_path, hub_db);

  hub_stop (hub, SIGTERM);
}

/* ---- a broken peer -------------------------------------------------------- */

#define SVC(n) "{\"id\":\"6f1c2d3e-4a5b-4c6d-8e7f-0000000001" n "\",\"name\":\"Svc " n "\"," \
               "\"status\":\"active\"}"
#define UP(seq, n) "{\"seq\":" #seq ",\"op\":\"upsert\",\"id\":\"6f1c2d3e-4a5b-4c6d-8e7f-0000000001" \
                   n "\",\"service\":" SVC (n) "}"

typedef struct
{
  const char *name;
  const char *page1;          /* answer to since=0 */
  const char *page2;          /* answer to since=2, or NULL */
  guint       status;
  gint        error_code;
  const char *error_part;     /* in the message */
  guint       applied;        /* services in the store afterwards */
} BadCase;

static const BadCase bad_cases[] = {
  { "truncated", "{\"changes\":[" UP (1, "01") ",{\"seq\":2,\"op\":\"ups", NULL, 200, DIR_HUB_ERROR_MALFORMED,
    "not valid JSON", 0 },
  { "not-object", "[1,2]", NULL, 200, DIR_HUB_ERROR_MALFORMED, "not a JSON object", 0 },
  { "no-changes", "{\"next\":0,\"has_more\":false,\"latest\":0}", NULL, 200,
    DIR_HUB_ERROR_MALFORMED, "“changes”", 0 },
  { "seq-order", "{\"changes\":[" UP (2, "01") "," UP (2, "02") "],\"next\":2,\"has_more\":false,"
    "\"latest\":2}", NULL, 200, DIR_HUB_ERROR_MALFORMED, "seq 2, not after 2", 0 },
  { "bad-service", "{\"changes\":[" UP (1, "01") ",{\"seq\":2,\"op\":\"upsert\",\"id\":"
    "\"6f1c2d3e-4a5b-4c6d-8e7f-000000000102\",\"service\":{\"id\":"
    "\"6f1c2d3e-4a5b-4c6d-8e7f-000000000102\"}}],\"next\":2,\"has_more\":false,\"latest\":2}",
    NULL, 200, DIR_HUB_ERROR_MALFORMED, "change 2 (seq 2) has an invalid service", 0 },
  { "bad-id", "{\"changes\":[{\"seq\":1,\"op\":\"delete\",\"id\":\"42\"}],\"next\":1,"
    "\"has_more\":false,\"latest\":1}", NULL, 200, DIR_HUB_ERROR_MALFORMED, "UUID", 0 },
  { "bad-op", "{\"changes\":[{\"seq\":1,\"op\":\"zap\",\"id\":"
    "\"6f1c2d3e-4a5b-4c6d-8e7f-000000000101\"}],\"next\":1,\"has_more\":false,\"latest\":1}",
    NULL, 200, DIR_HUB_ERROR_MALFORMED, "zap", 0 },
  { "next-mismatch", "{\"changes\":[" UP (1, "01") "],\"next\":5,\"has_more\":true,"
    "\"latest\":9}", NULL, 200, DIR_HUB_ERROR_MALFORMED, "“next” (5)", 0 },
  { "latest-behind", "{\"changes\":[" UP (1, "01") "],\"next\":1,\"has_more\":false,"
    "\"latest\":0}", NULL, 200, DIR_HUB_ERROR_MALFORMED, "“latest” (0)", 0 },
  { "more-than-limit", "{\"changes\":[" UP (1, "01") "," UP (2, "02") "," UP (3, "03") "],"
    "\"next\":3,\"has_more\":false,\"latest\":3}", NULL, 200, DIR_HUB_ERROR_MALFORMED,
    "more than the 2", 0 },
  { "server-error", "{\"error\":{\"code\":\"x\",\"message\":\"boom\"}}", NULL, 500,
    DIR_HUB_ERROR_HTTP, "boom", 0 },
  /* The first page is good and kept with its cursor; the second is not. */
  { "second-page", "{\"changes\":[" UP (1, "01") "," UP (2, "02") "],\"next\":2,"
    "\"has_more\":true,\"latest\":4}",
    "{\"changes\":[" UP (3, "03") ",{\"seq\":4}],\"next\":4,\"has_more\":false,\"latest\":4}",
    200, DIR_HUB_ERROR_MALFORMED, "change 2 (seq 4) has no UUID", 2 },
};

static void
bad_server_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  const BadCase *c = user_data;
  const char *since = query ? g_hash_table_lookup (query, "since") : NULL;
  const char *body = g_strcmp0 (since, "2") == 0 && c->page2 ? c->page2 : c->page1;

  soup_server_message_set_status (msg, g_strcmp0 (since, "0") == 0 || c->page2 ? c->status : 500,
                                  NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

static void
pull_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_broken_peer (gconstpointer data)
{
  const BadCase *c = data;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autoptr(DirSync) sync = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *name = g_strdup_printf ("broken-%s.db", c->name);
  g_autofree char *desk_path = NULL;
  g_autoptr(DirStore) desk = new_desk (name, &desk_path);
  g_autofree char *url = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  DirSyncResult r = { 0 };

  soup_server_add_handler (server, "/api/v1/changes", bad_server_cb, (gpointer) c, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  sync = dir_sync_new (desk, url, &error);
  g_assert_no_error (error);
  dir_sync_set_page_size (sync, 2);
  dir_sync_set_timeout (sync, 10);

  before = dump_db (desk_path, TRUE);

  /* The server runs on this thread's main context, the pull in a worker. */
  dir_sync_pull_async (sync, NULL, pull_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (dir_sync_pull_finish (sync, result, &r, &error));
  g_assert_error (error, DIR_HUB_ERROR, c->error_code);
  g_test_message ("%s: %s", c->name, error->message);
  if (strstr (error->message, c->error_part) == NULL)
    g_error ("“%s” is not in “%s”", c->error_part, error->message);

  g_assert_cmpuint (dir_store_count_services (desk), ==, c->applied);
  after = dump_db (desk_path, TRUE);
  if (c->applied == 0)
    {
      g_assert_cmpstr (after, ==, before);
    }
  else
    {
      g_autofree char *cursor = dir_store_get_meta (desk, DIR_SYNC_META_CURSOR);

      g_assert_cmpstr (cursor, ==, "2");
      g_assert_cmpuint (r.pages, ==, 1);
    }
}

/* The one check of a hub's address (DirSync, DirAccount and Preferences
 * use it): http(s) with a host, nothing else, kept without a trailing "/". */
static void
test_invalid_url (void)
{
  const char *bad[] = {
    "", "hub", "ftp://127.0.0.1/", "http://", "file:///etc/passwd", "http://user:pw@127.0.0.1",
    "http://127.0.0.1:8080/?q=1", "http://127.0.0.1:8080/#top", "127.0.0.1:8080",
  };
  const char *good[][2] = {
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
    { "HTTPS://hub.example.org//", "https://hub.example.org" },
    { "https://hub.example.org/direction/", "https://hub.example.org/direction" },
  };
  g_autoptr(DirStore) desk = dir_store_new (NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DirSync) sync = dir_sync_new (desk, bad[i], &error);

      g_assert_null (sync);
      g_assert_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_INVALID_URL);
      g_assert_nonnull (strstr (error->message, "is not a hub address"));
      g_clear_error (&error);
      g_assert_null (dir_hub_normalize_url (bad[i], &error));
      g_assert_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_INVALID_URL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DirSync) sync = dir_sync_new (desk, good[i][0], &error);
      g_autofree char *url = dir_hub_normalize_url (good[i][0], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, good[i][1]);
      g_assert_cmpstr (dir_sync_get_base_url (sync), ==, good[i][1]);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/invalid-url", test_invalid_url);
  g_test_add_func ("/sync/bootstrap-delta-delete", test_bootstrap_delta_delete);
  g_test_add_func ("/sync/resync-after-purge", test_resync_after_purge);
  g_test_add_func ("/sync/hub-down", test_hub_down);
  g_test_add_func ("/sync/slow-hub", test_slow_hub);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/broken-peer/%s", bad_cases[i].name);

      g_test_add_data_func (path, &bad_cases[i], test_broken_peer);
    }

  ret = g_test_run ();
  hub_test_cleanup ();
  return ret;
}
