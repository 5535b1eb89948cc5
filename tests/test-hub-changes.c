/* test-hub-changes.c
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

/* The directory sync feed (/api/v1/changes, purge-changes) and the hub's
 * operational limits (TLS, body size, timeouts), against the real binary. */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "hub-test-util.h"

#define FIXTURE_SIZE 7

typedef struct
{
  gint64      seq;
  const char *op;
  const char *id;
  JsonNode   *service;  /* borrowed from the page's root */
} Change;

typedef struct
{
  JsonNode  *root;
  GArray    *changes;   /* of Change */
  gint64     next;
  gint64     latest;
  gboolean   has_more;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->root, json_node_unref);
  g_clear_pointer (&page->changes, g_array_unref);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

/* A session without the content decoder: the test sees the bytes on the wire. */
static SoupSession *
raw_session (void)
{
  static SoupSession *session;

  if (session == NULL)
    {
      session = soup_session_new_with_options ("timeout", 30, NULL);
      soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
    }

  return session;
}

static Response *
raw_get (Hub        *hub,
         const char *path,
         const char *accept_encoding,
         const char *if_none_match)
{
  g_autofree char *url = g_strconcat (hub->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  Response *response = g_new0 (Response, 1);

  if (accept_encoding != NULL)
    soup_message_headers_replace (headers, "Accept-Encoding", accept_encoding);
  if (if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", if_none_match);

  bytes = soup_session_send_and_read (raw_session (), msg, NULL, &error);
  g_assert_no_error (error);

  response->status = soup_message_get_status (msg);
  response->length = g_bytes_get_size (bytes);
  response->body = g_malloc (response->length + 1);
  if (response->length > 0)
    memcpy (response->body, g_bytes_get_data (bytes, NULL), response->length);
  response->body[response->length] = '\0';
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return response;
}

static Page *
parse_page (const char *body)
{
  Page *page = g_new0 (Page, 1);
  JsonObject *object;
  JsonArray *changes;
  gint64 last = -1;

  page->root = hub_parse_json (body);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (page->root));
  object = json_node_get_object (page->root);

  g_assert_true (json_object_has_member (object, "next"));
  g_assert_true (json_object_has_member (object, "has_more"));
  g_assert_true (json_object_has_member (object, "latest"));
  page->next = json_object_get_int_member (object, "next");
  page->latest = json_object_get_int_member (object, "latest");
  page->has_more = json_object_get_boolean_member (object, "has_more");

  changes = json_object_get_array_member (object, "changes");
  g_assert_nonnull (changes);
  page->changes = g_array_new (FALSE, TRUE, sizeof (Change));

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *entry = json_array_get_object_element (changes, i);
      Change change = { 0 };

      change.seq = json_object_get_int_member (entry, "seq");
      change.op = json_object_get_string_member (entry, "op");
      change.id = json_object_get_string_member (entry, "id");
      change.service = json_object_get_member (entry, "service");

      /* In sequence order, each once. */
      g_assert_cmpint (change.seq, >, last);
      last = change.seq;

      if (g_str_equal (change.op, "upsert"))
        {
          g_assert_nonnull (change.service);
          g_assert_cmpstr (json_object_get_string_member (json_node_get_object (change.service), "id"),
                           ==, change.id);
        }
      else
        {
          g_assert_cmpstr (change.op, ==, "delete");
          g_assert_null (change.service);
          g_assert_cmpuint (json_object_get_size (entry), ==, 3);
        }

      g_array_append_val (page->changes, change);
    }

  if (page->has_more)
    g_assert_cmpint (page->next, ==, last);
  else
    g_assert_cmpint (page->next, ==, page->latest);

  return page;
}

static Page *
get_page (Hub    *hub,
          gint64  since,
          guint   limit)
{
  g_autofree char *path = NULL;
  g_autoptr(Response) response = NULL;

  if (limit > 0)
    path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u", since, limit);
  else
    path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, since);

  response = raw_get (hub, path, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Access-Control-Allow-Origin"),
                   ==, "*");
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Cache-Control"), ==, "no-cache");
  g_assert_nonnull (soup_message_headers_get_one (response->headers, "ETag"));

  return parse_page (response->body);
}

static void
expect_status (Hub        *hub,
               const char *path,
               guint       status,
               const char *code,
               const char *field)
{
  g_autoptr(Response) response = raw_get (hub, path, NULL, NULL);

  g_assert_cmpuint (response->status, ==, status);
  hub_assert_error_body (response->body, code, field);
}

/* The directory as the hub serves it: id → service JSON. */
static GHashTable *
directory_of (Hub *hub)
{
  g_autoptr(Response) response = hub_request (hub, "GET", "/api/v1/services?per_page=500",
                                              NULL, NULL, 0, NULL);
  g_autoptr(JsonNode) root = NULL;
  GHashTable *directory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) json_node_unref);
  JsonArray *contents;

  g_assert_cmpuint (response->status, ==, 200);
  root = hub_parse_json (response->body);
  contents = json_object_get_array_member (json_node_get_object (root), "contents");
  for (guint i = 0; i < json_array_get_length (contents); i++)
    {
      JsonNode *node = json_array_get_element (contents, i);

      g_hash_table_insert (directory,
                           g_strdup (json_object_get_string_member (json_node_get_object (node), "id")),
                           json_node_copy (node));
    }

  return directory;
}

/* Applies the whole feed from since (like a desk does) to a copy. */
static void
apply_feed (Hub        *hub,
            gint64      since,
            guint       limit,
            GHashTable *copy,
            gint64     *out_latest,
            guint      *out_pages)
{
  gboolean more = TRUE;
  guint pages = 0;

  while (more)
    {
      g_autoptr(Page) page = get_page (hub, since, limit);

      for (guint i = 0; i < page->changes->len; i++)
        {
          const Change *change = &g_array_index (page->changes, Change, i);

          g_assert_cmpint (change->seq, >, since);
          if (g_str_equal (change->op, "upsert"))
            g_hash_table_insert (copy, g_strdup (change->id), json_node_copy (change->service));
          else
            g_hash_table_remove (copy, change->id);
        }

      if (limit > 0)
        g_assert_cmpuint (page->changes->len, <=, limit);

      since = page->next;
      more = page->has_more;
      *out_latest = page->latest;
      pages++;
    }

  if (out_pages != NULL)
    *out_pages = pages;
}

static void
assert_same_directory (GHashTable *a,
                       GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonNode *other = g_hash_table_lookup (b, key);

      g_assert_nonnull (other);
      g_assert_true (json_node_equal (value, other));
    }
}

static char *
fixture_db (const char *name)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");

  return hub_new_db (name, fixture);
}

/* The fixture with one service renamed, as a file in the temp dir. */
static char *
write_changed_fixture (const char *new_name,
                       char      **out_id)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (hub_test_tmp_dir (), "changed.json", NULL);
  JsonObject *service;
  JsonArray *contents;

  json_parser_load_from_file (parser, fixture, &error);
  g_assert_no_error (error);
  contents = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "contents");
  service = json_array_get_object_element (contents, 2);
  json_object_set_string_member (service, "name", new_name);
  *out_id = g_strdup (json_object_get_string_member (service, "id"));

  /* Only that record: the CLI import upserts what it is given. */
  {
    g_autoptr(JsonArray) one = json_array_new ();
    g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

    json_array_add_object_element (one, json_object_ref (service));
    json_node_set_array (root, one);
    json_generator_set_root (generator, root);
    json_generator_to_file (generator, path, &error);
    g_assert_no_error (error);
  }

  return g_steal_pointer (&path);
}

/* ---- the feed ------------------------------------------------------------- */

static void
test_bootstrap (void)
{
  g_autofree char *db = fixture_db ("bootstrap.db");
  Hub *hub = hub_start (db);
  g_autoptr(Page) page = get_page (hub, 0, 0);
  g_autoptr(GHashTable) directory = directory_of (hub);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (page->changes->len, ==, FIXTURE_SIZE);
  g_assert_false (page->has_more);
  g_assert_cmpint (page->latest, ==, g_array_index (page->changes, Change, FIXTURE_SIZE - 1).seq);

  for (guint i = 0; i < page->changes->len; i++)
    {
      const Change *change = &g_array_index (page->changes, Change, i);
      JsonNode *expected = g_hash_table_lookup (directory, change->id);

      g_assert_cmpstr (change->op, ==, "upsert");
      g_assert_true (g_hash_table_add (seen, (gpointer) change->id));
      g_assert_nonnull (expected);
      g_assert_true (json_node_equal (change->service, expected));
    }

  /* The spliced text is the service's own bytes, as /services/{id} has them. */
  {
    const Change *first = &g_array_index (page->changes, Change, 0);
    g_autofree char *path = g_strdup_printf ("/api/v1/services/%s", first->id);
    g_autoptr(Response) one = raw_get (hub, path, NULL, NULL);
    g_autoptr(Response) feed = raw_get (hub, "/api/v1/changes?limit=1", NULL, NULL);

    g_assert_nonnull (strstr (feed->body, one->body));
  }

  hub_stop (hub, SIGTERM);
}

static void
test_paging (void)
{
  g_autofree char *db = fixture_db ("paging.db");
  Hub *hub = hub_start (db);
  g_autoptr(GHashTable) directory = directory_of (hub);
  g_autoptr(GHashTable) copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) json_node_unref);
  gint64 latest = 0;
  guint pages = 0;

  apply_feed (hub, 0, 3, copy, &latest, &pages);
  g_assert_cmpuint (pages, ==, 3);  /* 3 + 3 + 1 */
  assert_same_directory (directory, copy);

  /* Caught up: an empty page that says so. */
  {
    g_autoptr(Page) page = get_page (hub, latest, 3);

    g_assert_cmpuint (page->changes->len, ==, 0);
    g_assert_false (page->has_more);
    g_assert_cmpint (page->next, ==, latest);
  }

  hub_stop (hub, SIGTERM);
}

static void
test_update (void)
{
  g_autofree char *db = fixture_db ("update.db");
  g_autofree char *changed_id = NULL;
  g_autofree char *changed = write_changed_fixture ("Renamed by the test", &changed_id);
  g_autofree char *out = NULL;
  Hub *hub = hub_start (db);
  g_autoptr(Page) before = get_page (hub, 0, 0);
  g_autoptr(Page) after = NULL;
  g_autoptr(GHashTable) directory = NULL;
  g_autoptr(GHashTable) copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) json_node_unref);
  const Change *change;
  gint64 latest = 0;

  /* The import runs beside the serving hub, as an operator would. */
  g_assert_cmpint (hub_run_cli ((const char *[]) { "import", "--db", db, changed, NULL },
                                NULL, &out, NULL), ==, 0);

  after = get_page (hub, before->latest, 0);
  g_assert_cmpuint (after->changes->len, ==, 1);
  change = &g_array_index (after->changes, Change, 0);
  g_assert_cmpstr (change->op, ==, "upsert");
  g_assert_cmpstr (change->id, ==, changed_id);
  g_assert_cmpint (change->seq, >, before->latest);
  g_assert_cmpint (after->latest, ==, change->seq);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (change->service), "name"),
                   ==, "Renamed by the test");

  /* From 0 it is still one entry per service, the renamed one last. */
  {
    g_autoptr(Page) all = get_page (hub, 0, 0);

    g_assert_cmpuint (all->changes->len, ==, FIXTURE_SIZE);
    g_assert_cmpstr (g_array_index (all->changes, Change, FIXTURE_SIZE - 1).id, ==, changed_id);
  }

  /* A desk that applied the first state, then the rest, has the directory. */
  for (guint i = 0; i < before->changes->len; i++)
    {
      const Change *c = &g_array_index (before->changes, Change, i);

      g_hash_table_insert (copy, g_strdup (c->id), json_node_copy (c->service));
    }
  apply_feed (hub, before->latest, 0, copy, &latest, NULL);
  directory = directory_of (hub);
  assert_same_directory (directory, copy);

  hub_stop (hub, SIGTERM);
}

static GPtrArray *
load_fixture_services (void)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *services = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *contents;

  json_parser_load_from_file (parser, fixture, &error);
  g_assert_no_error (error);
  contents = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "contents");
  for (guint i = 0; i < json_array_get_length (contents); i++)
    {
      DirService *service = dir_service_new_from_json (json_array_get_object_element (contents, i),
                                                       &error);

      g_assert_no_error (error);
      g_ptr_array_add (services, service);
    }

  return services;
}

static void
test_delete (void)
{
  g_autofree char *db = fixture_db ("delete.db");
  Hub *hub = hub_start (db);
  g_autoptr(Page) before = get_page (hub, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *deleted_id = g_strdup (g_array_index (before->changes, Change, 1).id);
  gint64 mark;

  /* dir_store_apply() with a delete, from another process. */
  {
    g_autoptr(DirStore) store = dir_store_new (db, &error);
    const char *deletes[] = { deleted_id, NULL };

    g_assert_no_error (error);
    g_assert_true (dir_store_apply (store, NULL, deletes, &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(Page) page = get_page (hub, before->latest, 0);
    const Change *change;

    g_assert_cmpuint (page->changes->len, ==, 1);
    change = &g_array_index (page->changes, Change, 0);
    g_assert_cmpstr (change->op, ==, "delete");
    g_assert_cmpstr (change->id, ==, deleted_id);
    g_assert_cmpint (change->seq, >, before->latest);
    mark = page->latest;
  }

  /* From 0: the tombstone and no upsert for it. */
  {
    g_autoptr(Page) all = get_page (hub, 0, 0);
    guint n_upserts = 0;

    for (guint i = 0; i < all->changes->len; i++)
      {
        const Change *c = &g_array_index (all->changes, Change, i);

        if (g_str_equal (c->id, deleted_id))
          g_assert_cmpstr (c->op, ==, "delete");
        else
          n_upserts++;
      }
    g_assert_cmpuint (n_upserts, ==, FIXTURE_SIZE - 1);
  }

  /* dir_store_replace_all() with the first four: upserts for the survivors
   * (newer than anything before), tombstones for the other two. */
  {
    g_autoptr(DirStore) store = dir_store_new (db, &error);
    g_autoptr(GPtrArray) services = load_fixture_services ();
    g_autoptr(Page) page = NULL;
    g_autoptr(GHashTable) directory = NULL;
    g_autoptr(GHashTable) copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) json_node_unref);
    guint n_upserts = 0;
    guint n_deletes = 0;
    gint64 latest = 0;

    g_assert_no_error (error);
    g_ptr_array_remove_range (services, 4, services->len - 4);
    g_assert_true (dir_store_replace_all (store, services, &error));
    g_assert_no_error (error);

    page = get_page (hub, mark, 0);
    for (guint i = 0; i < page->changes->len; i++)
      {
        const Change *c = &g_array_index (page->changes, Change, i);

        g_assert_cmpint (c->seq, >, mark);
        if (g_str_equal (c->op, "upsert"))
          n_upserts++;
        else
          n_deletes++;
      }
    /* The one deleted before is back among the four (index 1): 4 upserts,
     * and tombstones for the last three. */
    g_assert_cmpuint (n_upserts, ==, 4);
    g_assert_cmpuint (n_deletes, ==, FIXTURE_SIZE - 4);

    /* A desk that follows the feed from the start ends with the directory. */
    apply_feed (hub, 0, 2, copy, &latest, NULL);
    directory = directory_of (hub);
    g_assert_cmpuint (g_hash_table_size (directory), ==, 4);
    assert_same_directory (directory, copy);
  }

  hub_stop (hub, SIGTERM);
}

static GBytes *
gunzip (const char *data,
        gsize       length)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) base = g_memory_input_stream_new_from_data (data, length, NULL);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (base, G_CONVERTER (decompressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_gzip (void)
{
  g_autofree char *db = NULL;
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                   "sample-directory.json", NULL);
  Hub *hub;
  g_autoptr(Response) plain = NULL;
  g_autoptr(Response) packed = NULL;
  g_autoptr(Response) refused = NULL;
  g_autoptr(Response) small = NULL;
  g_autoptr(GBytes) unpacked = NULL;
  g_autoptr(Page) page = NULL;

  db = hub_new_db ("gzip.db", sample);
  hub = hub_start (db);

  plain = raw_get (hub, "/api/v1/changes?limit=50", NULL, NULL);
  packed = raw_get (hub, "/api/v1/changes?limit=50", "gzip, deflate", NULL);
  refused = raw_get (hub, "/api/v1/changes?limit=50", "gzip;q=0, identity", NULL);

  g_assert_cmpuint (plain->status, ==, 200);
  g_assert_cmpuint (packed->status, ==, 200);
  g_assert_null (soup_message_headers_get_one (plain->headers, "Content-Encoding"));
  g_assert_cmpstr (soup_message_headers_get_one (packed->headers, "Content-Encoding"), ==, "gzip");
  g_assert_null (soup_message_headers_get_one (refused->headers, "Content-Encoding"));
  g_assert_nonnull (strstr (soup_message_headers_get_one (packed->headers, "Vary"),
                            "Accept-Encoding"));
  /* Two representations, two strong tags. */
  g_assert_cmpstr (soup_message_headers_get_one (plain->headers, "ETag"), !=,
                   soup_message_headers_get_one (packed->headers, "ETag"));

  g_assert_cmpuint (packed->length, <, plain->length / 3);
  unpacked = gunzip (packed->body, packed->length);
  g_assert_cmpmem (g_bytes_get_data (unpacked, NULL), g_bytes_get_size (unpacked),
                   plain->body, plain->length);
  g_assert_cmpmem (refused->body, refused->length, plain->body, plain->length);

  page = parse_page (plain->body);
  g_assert_cmpuint (page->changes->len, ==, 50);
  g_assert_true (page->has_more);

  /* Twice the same (served from the page cache the second time). */
  {
    g_autoptr(Response) again = raw_get (hub, "/api/v1/changes?limit=50", "gzip", NULL);

    g_assert_cmpmem (again->body, again->length, packed->body, packed->length);
  }

  /* A caught-up poll is tiny and stays plain. */
  small = raw_get (hub, "/api/v1/changes?since=244", "gzip", NULL);
  g_assert_cmpuint (small->status, ==, 200);
  g_assert_null (soup_message_headers_get_one (small->headers, "Content-Encoding"));
  g_assert_cmpstr (small->body, ==, "{\"changes\":[],\"next\":244,\"has_more\":false,\"latest\":244}");

  hub_stop (hub, SIGTERM);
}

static void
test_etag (void)
{
  g_autofree char *db = fixture_db ("etag.db");
  g_autofree char *changed_id = NULL;
  g_autofree char *changed = write_changed_fixture ("Renamed for the ETag", &changed_id);
  Hub *hub = hub_start (db);
  g_autoptr(Response) first = raw_get (hub, "/api/v1/changes?since=7", NULL, NULL);
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) weak = NULL;
  g_autoptr(Response) listed = NULL;
  g_autoptr(Response) other = NULL;
  g_autoptr(Response) after = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *weak_etag = NULL;
  g_autofree char *list = NULL;

  g_assert_cmpuint (first->status, ==, 200);
  etag = g_strdup (soup_message_headers_get_one (first->headers, "ETag"));
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"');  /* strong */

  second = raw_get (hub, "/api/v1/changes?since=7", NULL, etag);
  g_assert_cmpuint (second->status, ==, 304);
  g_assert_cmpuint (second->length, ==, 0);
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "ETag"), ==, etag);

  weak_etag = g_strconcat ("W/", etag, NULL);
  weak = raw_get (hub, "/api/v1/changes?since=7", NULL, weak_etag);
  g_assert_cmpuint (weak->status, ==, 304);

  list = g_strdup_printf ("\"something-else\", %s", etag);
  listed = raw_get (hub, "/api/v1/changes?since=7", NULL, list);
  g_assert_cmpuint (listed->status, ==, 304);

  /* Another page has another tag. */
  other = raw_get (hub, "/api/v1/changes?since=6", NULL, etag);
  g_assert_cmpuint (other->status, ==, 200);

  /* Something changed: the old tag no longer matches. */
  g_assert_cmpint (hub_run_cli ((const char *[]) { "import", "--db", db, changed, NULL },
                                NULL, NULL, NULL), ==, 0);
  after = raw_get (hub, "/api/v1/changes?since=7", NULL, etag);
  g_assert_cmpuint (after->status, ==, 200);
  {
    g_autoptr(Page) page = parse_page (after->body);

    g_assert_cmpuint (page->changes->len, ==, 1);
    g_assert_cmpstr (g_array_index (page->changes, Change, 0).id, ==, changed_id);
  }

  hub_stop (hub, SIGTERM);
}

static void
test_purge (void)
{
  g_autofree char *db = fixture_db ("purge.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *deleted_id = NULL;
  g_autofree char *path = NULL;
  gint64 tombstone_seq;
  gint64 latest;
  Hub *hub;

  /* Delete two services: two tombstones. */
  {
    g_autoptr(DirStore) store = dir_store_new (db, &error);
    const char *deletes[] = {
      "6f1c2d3e-4a5b-4c6d-8e7f-000000000002",
      "6f1c2d3e-4a5b-4c6d-8e7f-000000000004",
      NULL
    };

    g_assert_no_error (error);
    g_assert_true (dir_store_apply (store, NULL, deletes, &error));
    g_assert_no_error (error);
    deleted_id = g_strdup (deletes[1]);
  }

  hub = hub_start (db);
  {
    g_autoptr(Page) page = get_page (hub, 0, 0);

    g_assert_cmpuint (page->changes->len, ==, FIXTURE_SIZE);
    tombstone_seq = g_array_index (page->changes, Change, FIXTURE_SIZE - 1).seq;
    g_assert_cmpstr (g_array_index (page->changes, Change, FIXTURE_SIZE - 1).op, ==, "delete");
    latest = page->latest;
  }

  /* Recent tombstones are kept. */
  g_assert_cmpint (hub_run_cli ((const char *[]) { "purge-changes", "--db", db,
                                                   "--older-than", "30", NULL },
                                NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Purged 0 tombstones"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  {
    g_autofree char *p = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, tombstone_seq - 2);
    g_autoptr(Page) page = get_page (hub, tombstone_seq - 2, 0);

    g_assert_cmpuint (page->changes->len, ==, 2);
  }

  g_assert_cmpint (hub_run_cli ((const char *[]) { "purge-changes", "--db", db,
                                                   "--older-than", "0", NULL },
                                NULL, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Purged 2 tombstones older than 0 days"));
  g_assert_nonnull (strstr (out, "Kept 5 upserts and 0 tombstones"));

  /* A cursor from before the purged tombstones: resync. */
  path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, tombstone_seq - 1);
  expect_status (hub, path, 410, "resync_required", "since");
  expect_status (hub, "/api/v1/changes?since=1", 410, "resync_required", "since");
  /* …unless the client is paging a sync that began at 0: it sweeps what it
   * does not see, so the purged tombstones cannot mislead it. */
  {
    g_autoptr(Response) response = hub_request (hub, "GET", "/api/v1/changes?since=1&resync=1",
                                                NULL, NULL, 0, NULL);

    g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  }
  expect_status (hub, "/api/v1/changes?since=1&resync=2", 400, "invalid_parameter", "resync");

  /* Bootstrap still works and has only the current directory. */
  {
    g_autoptr(Page) page = get_page (hub, 0, 0);

    g_assert_cmpuint (page->changes->len, ==, FIXTURE_SIZE - 2);
    for (guint i = 0; i < page->changes->len; i++)
      g_assert_cmpstr (g_array_index (page->changes, Change, i).op, ==, "upsert");
    /* latest is the newest seq ever issued, purged or not. */
    g_assert_cmpint (page->latest, ==, latest);
    g_assert_cmpint (page->next, ==, latest);
  }

  /* An up-to-date client is not sent away. */
  {
    g_autoptr(Page) page = get_page (hub, latest, 0);

    g_assert_cmpuint (page->changes->len, ==, 0);
  }

  /* Wrong usage. */
  g_assert_cmpint (hub_run_cli ((const char *[]) { "purge-changes", "--db", db, NULL },
                                NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (hub_run_cli ((const char *[]) { "purge-changes", "--db", db,
                                                   "--older-than", "-1", NULL },
                                NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (hub_run_cli ((const char *[]) { "purge-changes", "--db", db,
                                                   "--older-than", "ten", NULL },
                                NULL, NULL, NULL), ==, 2);
  {
    g_autofree char *missing = g_build_filename (hub_test_tmp_dir (), "missing.db", NULL);

    g_assert_cmpint (hub_run_cli ((const char *[]) { "purge-changes", "--db", missing,
                                                     "--older-than", "1", NULL },
                                  NULL, NULL, NULL), ==, 1);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }

  hub_stop (hub, SIGTERM);
}

static void
test_bad_params (void)
{
  g_autofree char *db = fixture_db ("params.db");
  Hub *hub = hub_start (db);
  const struct { const char *query; const char *field; } cases[] = {
    { "since=-1", "since" },
    { "since=abc", "since" },
    { "since=1e3", "since" },
    { "since=", "since" },
    { "since=%2B3", "since" },
    { "since=99999999999999999999999", "since" },
    { "limit=0", "limit" },
    { "limit=-5", "limit" },
    { "limit=2001", "limit" },
    { "limit=1000000000000", "limit" },
    { "limit=ten", "limit" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/changes?%s", cases[i].query);

      expect_status (hub, path, 400, "invalid_parameter", cases[i].field);
    }

  /* The largest limit is fine; a client ahead of the hub must resync. */
  {
    g_autoptr(Page) page = get_page (hub, 0, 2000);

    g_assert_cmpuint (page->changes->len, ==, FIXTURE_SIZE);
  }
  expect_status (hub, "/api/v1/changes?since=8", 410, "resync_required", "since");
  expect_status (hub, "/api/v1/changes?since=9223372036854775807", 410, "resync_required", "since");

  /* Read-only. */
  {
    g_autoptr(Response) response = hub_request (hub, "DELETE", "/api/v1/changes", NULL, NULL, 0,
                                                NULL);

    g_assert_cmpuint (response->status, ==, 405);
  }

  hub_stop (hub, SIGTERM);
}

/* A hub database made before the changes feed existed: init seeds it. */
static void
test_seed (void)
{
  g_autofree char *db = g_build_filename (hub_test_tmp_dir (), "seed.db", NULL);
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  g_autoptr(GError) error = NULL;
  Hub *hub;

  {
    g_autoptr(DirStore) store = dir_store_new (db, &error);
    guint n = 0;

    g_assert_no_error (error);
    g_assert_true (dir_store_import_file (store, fixture, &n, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, FIXTURE_SIZE);
  }

  g_assert_cmpint (hub_run_cli ((const char *[]) { "init", "--db", db, NULL }, NULL, NULL, NULL),
                   ==, 0);
  /* Twice is harmless. */
  g_assert_cmpint (hub_run_cli ((const char *[]) { "init", "--db", db, NULL }, NULL, NULL, NULL),
                   ==, 0);

  hub = hub_start (db);
  {
    g_autoptr(Page) page = get_page (hub, 0, 0);

    g_assert_cmpuint (page->changes->len, ==, FIXTURE_SIZE);
    g_assert_cmpint (page->latest, ==, FIXTURE_SIZE);
  }
  hub_stop (hub, SIGTERM);
}

/* ---- operations ----------------------------------------------------------- */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* serve with extra arguments; returns the "Listening on" URL. */
static GSubprocess *
spawn_serve (const char * const  *extra,
             char               **out_url)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  char *line;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_ptr_array_add (argv, (gpointer) hub_binary ());
  g_ptr_array_add (argv, (gpointer) "serve");
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on "));
  *out_url = g_strdup (line + strlen ("Listening on "));
  g_free (line);

  return process;
}

static void
stop_serve (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_object_unref (process);
}

static void
test_tls (void)
{
  g_autofree char *db = fixture_db ("tls.db");
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  guint port = 0;

  hub_make_certificate ("test", &cert, &key);

  /* Both or neither, and files that load. */
  g_assert_cmpint (hub_run_cli ((const char *[]) { "serve", "--db", db, "--listen", "127.0.0.1:0",
                                                   "--tls-cert", cert, NULL },
                                NULL, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--tls-key"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (hub_run_cli ((const char *[]) { "serve", "--db", db, "--listen", "127.0.0.1:0",
                                                   "--tls-cert", cert, "--tls-key", db, NULL },
                                NULL, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "TLS certificate"));

  process = spawn_serve ((const char *[]) { "--db", db, "--listen", "127.0.0.1:0",
                                            "--tls-cert", cert, "--tls-key", key, NULL },
                         &url);
  g_assert_cmpint (sscanf (url, "https://127.0.0.1:%u/", &port), ==, 1);

  certificate = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  session = soup_session_new_with_options ("timeout", 30, NULL);

  /* https with the test certificate accepted. */
  {
    g_autofree char *https = g_strdup_printf ("https://127.0.0.1:%u/api/v1/changes?limit=2", port);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", https);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(Page) page = NULL;

    hub_pin_certificate (msg, certificate);
    body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    page = parse_page (g_bytes_get_data (body, NULL));
    g_assert_cmpuint (page->changes->len, ==, 2);
  }

  /* Unaccepted (unknown issuer): refused by the client, as it should be. */
  {
    g_autofree char *https = g_strdup_printf ("https://127.0.0.1:%u/api/v1/", port);
    g_autoptr(SoupSession) fresh = soup_session_new ();  /* no kept-alive connection */
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", https);
    g_autoptr(GBytes) body = soup_session_send_and_read (fresh, msg, NULL, &error);

    g_assert_null (body);
    g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
    g_clear_error (&error);
  }

  /* Plain http to the https port gets no HTTP answer. */
  {
    g_autofree char *http = g_strdup_printf ("http://127.0.0.1:%u/api/v1/", port);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", http);
    g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

    g_assert_nonnull (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 0);
    g_clear_error (&error);
  }

  stop_serve (process);
}

/* Raw HTTP/1.1 over a plain socket: what libsoup's client would not send. */
static GSocketConnection *
raw_connect (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

static void
raw_send (GSocketConnection *connection,
          const char        *data,
          gsize              length)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             data, length, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Reads until EOF (or error, or timeout_s), returning what came. */
static char *
raw_read_all (GSocketConnection *connection,
              guint              timeout_s,
              gboolean          *out_closed)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GString) text = g_string_new (NULL);
  char buffer[4096];

  g_socket_set_timeout (socket, timeout_s);
  *out_closed = FALSE;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      if (n > 0)
        {
          g_string_append_len (text, buffer, n);
          continue;
        }

      /* EOF or reset: the hub closed it.  TIMED_OUT: it did not. */
      *out_closed = n == 0 || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      break;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_oversize (void)
{
  g_autofree char *db = fixture_db ("oversize.db");
  Hub *hub = hub_start (db);

  /* Content-Length over 1 MiB: 413 at once, without the body being sent. */
  {
    g_autoptr(GSocketConnection) connection = raw_connect (hub->port);
    const char *head = "POST /api/v1/changes HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n";
    g_autofree char *reply = NULL;
    const char *body;
    gboolean closed;

    raw_send (connection, head, strlen (head));
    reply = raw_read_all (connection, 10, &closed);
    g_assert_true (closed);
    g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 413 "));
    g_assert_nonnull (strstr (reply, "Connection: close\r\n"));
    body = strstr (reply, "\r\n\r\n");
    g_assert_nonnull (body);
    hub_assert_error_body (body + 4, "payload_too_large", NULL);
  }

  /* A chunked body that grows past the limit. */
  {
    g_autoptr(GSocketConnection) connection = raw_connect (hub->port);
    const char *head = "POST /api/v1/services HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    g_autofree char *chunk = NULL;
    g_autofree char *reply = NULL;
    gsize chunk_size = 64 * 1024;
    gboolean closed;

    chunk = g_malloc (chunk_size + 32);
    {
      int n = g_snprintf (chunk, 32, "%" G_GSIZE_MODIFIER "x\r\n", chunk_size);

      memset (chunk + n, ' ', chunk_size);
      memcpy (chunk + n + chunk_size, "\r\n", 2);
      raw_send (connection, head, strlen (head));
      for (guint i = 0; i < 20; i++)  /* 1.25 MiB */
        raw_send (connection, chunk, n + chunk_size + 2);
    }

    reply = raw_read_all (connection, 10, &closed);
    g_assert_true (closed);
    g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 413 "));
    hub_assert_error_body (strstr (reply, "\r\n\r\n") + 4, "payload_too_large", NULL);
  }

  /* Within the limit, bodies still reach their routes (here: 405). */
  {
    g_autoptr(Response) response = hub_request (hub, "POST", "/api/v1/changes",
                                                "application/json", "{}", -1, NULL);

    g_assert_cmpuint (response->status, ==, 405);
  }

  /* And the hub serves on. */
  {
    g_autoptr(Page) page = get_page (hub, 0, 0);

    g_assert_cmpuint (page->changes->len, ==, FIXTURE_SIZE);
  }

  hub_stop (hub, SIGTERM);
}

static void
test_stalled (void)
{
  g_autofree char *db = fixture_db ("stalled.db");
  g_autoptr(GSocketConnection) half = NULL;
  g_autoptr(GSocketConnection) idle = NULL;
  g_autoptr(GSocketConnection) trickle = NULL;
  g_autofree char *reply = NULL;
  gint64 start;
  gint64 elapsed;
  gboolean closed;
  Hub *hub;

  /* The child inherits these. */
  g_setenv ("DIRECTION_HUB_IO_TIMEOUT_S", "1", TRUE);
  g_setenv ("DIRECTION_HUB_REQUEST_TIMEOUT_S", "3", TRUE);
  hub = hub_start (db);
  g_unsetenv ("DIRECTION_HUB_IO_TIMEOUT_S");
  g_unsetenv ("DIRECTION_HUB_REQUEST_TIMEOUT_S");

  start = g_get_monotonic_time ();
  half = raw_connect (hub->port);
  raw_send (half, "GET /api/v1/changes HTTP/1.1\r\nHost: 127.0.0.1\r\n", 48);
  idle = raw_connect (hub->port);
  trickle = raw_connect (hub->port);
  raw_send (trickle, "GET /api/v1/changes HTTP/1.1\r\n", 30);

  /* Others are answered meanwhile. */
  {
    g_autoptr(Page) page = get_page (hub, 0, 0);

    g_assert_cmpuint (page->changes->len, ==, FIXTURE_SIZE);
  }

  /* The half request is dropped after the I/O timeout, with no answer. */
  reply = raw_read_all (half, 10, &closed);
  elapsed = (g_get_monotonic_time () - start) / G_TIME_SPAN_MILLISECOND;
  g_assert_true (closed);
  g_assert_cmpstr (reply, ==, "");
  g_assert_cmpint (elapsed, >=, 900);
  g_assert_cmpint (elapsed, <, 5000);
  g_clear_pointer (&reply, g_free);

  /* So is a connection that never sends a byte. */
  reply = raw_read_all (idle, 10, &closed);
  g_assert_true (closed);
  g_clear_pointer (&reply, g_free);

  /* A client that keeps trickling header lines never trips the I/O timeout,
   * but the request timeout ends it. */
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(GError) error = NULL;

      g_usleep (400 * G_TIME_SPAN_MILLISECOND);
      if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (trickle)),
                                      "X-Slow: 1\r\n", 11, NULL, NULL, &error))
        break;
    }
  reply = raw_read_all (trickle, 10, &closed);
  elapsed = (g_get_monotonic_time () - start) / G_TIME_SPAN_MILLISECOND;
  g_assert_true (closed);
  g_assert_cmpint (elapsed, <, 8000);

  /* Still serving. */
  {
    g_autoptr(Page) page = get_page (hub, 0, 1);

    g_assert_cmpuint (page->changes->len, ==, 1);
  }

  hub_stop (hub, SIGTERM);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hub/changes/bootstrap", test_bootstrap);
  g_test_add_func ("/hub/changes/paging", test_paging);
  g_test_add_func ("/hub/changes/update", test_update);
  g_test_add_func ("/hub/changes/delete", test_delete);
  g_test_add_func ("/hub/changes/gzip", test_gzip);
  g_test_add_func ("/hub/changes/etag", test_etag);
  g_test_add_func ("/hub/changes/purge", test_purge);
  g_test_add_func ("/hub/changes/bad-params", test_bad_params);
  g_test_add_func ("/hub/changes/seed", test_seed);
  g_test_add_func ("/hub/ops/tls", test_tls);
  g_test_add_func ("/hub/ops/oversize", test_oversize);
  g_test_add_func ("/hub/ops/stalled", test_stalled);

  status = g_test_run ();
  hub_test_cleanup ();

  return status;
}
