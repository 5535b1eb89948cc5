/* test-hub.c
 *
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

/* The real direction-hub binary ($DIRECTION_HUB), run as a child process on
 * a loopback port, tested over HTTP.
 * Nothing here touches any other host. */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dir-core.h"
#include "hub-test-util.h"

#define FIXTURE_N_SERVICES 7
#define SHELTER_ID  "6f1c2d3e-4a5b-4c6d-8e7f-000000000001"
#define HOUSING_ID  "6f1c2d3e-4a5b-4c6d-8e7f-000000000002"
#define RECOVERY_ID "6f1c2d3e-4a5b-4c6d-8e7f-000000000004"
#define WOMEN_ID    "6f1c2d3e-4a5b-4c6d-8e7f-000000000005"
#define MENTORS_ID  "6f1c2d3e-4a5b-4c6d-8e7f-000000000007"
#define UNKNOWN_ID  "6f1c2d3e-4a5b-4c6d-8e7f-0000000000ff"
#define MANY_N_SERVICES 1203

/* The hub most tests talk to, started once with the fixture directory. */
static Hub *main_hub;

static guint
count_services_in (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirStore) store = dir_store_new (db_path, &error);

  g_assert_no_error (error);
  return dir_store_count_services (store);
}

static int
run_cli (const char * const  *args,
         char               **out_stdout,
         char               **out_stderr)
{
  return hub_run_cli (args, NULL, out_stdout, out_stderr);
}

#define new_db(name, import) hub_new_db ((name), (import))
#define fixture_path(name) hub_fixture_path (name)

/* ---- HTTP helpers -------------------------------------------------------- */

static Response *
request (const char *method,
         const char *path)
{
  return hub_request (main_hub, method, path, NULL, NULL, 0, NULL);
}

#define raw_request(port, target) hub_raw_request ((port), (target))
#define parse_json(text) hub_parse_json (text)
#define assert_error_body(body, code, field) hub_assert_error_body ((body), (code), (field))

/* GET path, expect status and a JSON object back. */
static JsonNode *
get_json (const char *path,
          guint       status)
{
  g_autoptr(Response) response = request ("GET", path);
  const char *type;

  if (response->status != status)
    g_test_message ("GET %s: %u %s", path, response->status, response->body);
  g_assert_cmpuint (response->status, ==, status);

  type = soup_message_headers_get_content_type (response->headers, NULL);
  g_assert_cmpstr (type, ==, "application/json");
  g_assert_true (g_utf8_validate (response->body, response->length, NULL));

  return parse_json (response->body);
}

static void
assert_error (const char *path,
              guint       status,
              const char *code,
              const char *field)
{
  g_autoptr(JsonNode) root = get_json (path, status);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  assert_error_body (text, code, field);
}

static gboolean
hub_is_alive (void)
{
  g_autoptr(JsonNode) root = get_json ("/api/v1/", SOUP_STATUS_OK);

  return JSON_NODE_HOLDS_OBJECT (root);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The ids of a services page's contents, sorted, joined by ','. */
static char *
page_ids (JsonObject *page)
{
  JsonArray *contents = json_object_get_array_member (page, "contents");
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (contents); i++)
    {
      JsonObject *service = json_array_get_object_element (contents, i);

      g_ptr_array_add (ids, (gpointer) json_object_get_string_member (service, "id"));
    }
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);

  return g_strjoinv (",", (char **) ids->pdata);
}

static JsonObject *
get_page (const char *path,
          JsonNode  **out_root)
{
  *out_root = get_json (path, SOUP_STATUS_OK);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*out_root));
  return json_node_get_object (*out_root);
}

static void
assert_page (JsonObject *page,
             gint64      total_items,
             gint64      total_pages,
             gint64      page_number,
             gint64      size,
             gboolean    last_page)
{
  g_assert_cmpint (json_object_get_int_member (page, "total_items"), ==, total_items);
  g_assert_cmpint (json_object_get_int_member (page, "total_pages"), ==, total_pages);
  g_assert_cmpint (json_object_get_int_member (page, "page_number"), ==, page_number);
  g_assert_cmpint (json_object_get_int_member (page, "size"), ==, size);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (page, "contents")), ==, size);
  g_assert_cmpint (json_object_get_boolean_member (page, "first_page"), ==, page_number == 1);
  g_assert_cmpint (json_object_get_boolean_member (page, "last_page"), ==, last_page);
  g_assert_cmpint (json_object_get_boolean_member (page, "empty"), ==, size == 0);
}

/* ---- CLI ----------------------------------------------------------------- */

static void
test_cli_help (void)
{
  g_autofree char *out = NULL;
  g_autofree char *out_serve = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli ((const char *[]) { "--help", NULL }, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "init"));
  g_assert_nonnull (strstr (out, "import"));
  g_assert_nonnull (strstr (out, "serve"));

  g_assert_cmpint (run_cli ((const char *[]) { "serve", "--help", NULL }, &out_serve, NULL), ==, 0);
  g_assert_nonnull (strstr (out_serve, "--listen"));
  g_assert_nonnull (strstr (out_serve, "--db"));

  g_assert_cmpint (run_cli ((const char *[]) { "frobnicate", NULL }, NULL, &err), ==, 2);
  g_assert_nonnull (strstr (err, "frobnicate"));
}

static void
test_cli_usage_errors (void)
{
  g_autofree char *missing = g_build_filename (hub_test_tmp_dir (), "missing.db", NULL);
  g_autofree char *err1 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *err4 = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", main_hub->port);

  /* No --db */
  g_assert_cmpint (run_cli ((const char *[]) { "init", NULL }, NULL, &err1), ==, 2);
  g_assert_nonnull (strstr (err1, "--db"));

  /* A typo in --db must not serve an empty directory. */
  g_assert_cmpint (run_cli ((const char *[]) { "serve", "--db", missing, NULL }, NULL, &err2), ==, 1);
  g_assert_nonnull (strstr (err2, "No database"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run_cli ((const char *[]) { "serve", "--db", main_hub->db_path,
                                               "--listen", "nowhere", NULL }, NULL, &err3), ==, 2);
  g_assert_nonnull (strstr (err3, "--listen"));

  /* The port is taken by the main hub. */
  g_assert_cmpint (run_cli ((const char *[]) { "serve", "--db", main_hub->db_path,
                                               "--listen", listen, NULL }, NULL, &err4), ==, 1);
  g_assert_nonnull (strstr (err4, "Could not listen"));
}

static void
test_cli_import_malformed (void)
{
  g_autofree char *good = fixture_path ("hub-directory.json");
  g_autofree char *bad = fixture_path ("hub-malformed.json");
  g_autofree char *not_json = fixture_path ("hub-not-json.json");
  g_autofree char *missing = fixture_path ("hub-no-such-file.json");
  g_autofree char *db_path = new_db ("import.db", good);
  const char *bad_files[] = { bad, not_json, missing };

  g_assert_cmpuint (count_services_in (db_path), ==, FIXTURE_N_SERVICES);

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status;

      status = run_cli ((const char *[]) { "import", "--db", db_path, bad_files[i], NULL },
                        &out, &err);
      g_test_message ("import %s: %s", bad_files[i], err);
      g_assert_cmpint (status, ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "direction-hub: Could not import"));
      g_assert_cmpuint (count_services_in (db_path), ==, FIXTURE_N_SERVICES);
    }

  /* The bad record is named, so an operator can fix it. */
  {
    g_autofree char *err = NULL;

    run_cli ((const char *[]) { "import", "--db", db_path, bad, NULL }, NULL, &err);
    g_assert_nonnull (strstr (err, "Bad Status Sample"));
  }

  g_assert_cmpint (g_unlink (db_path), ==, 0);
}

/* ---- directory API ------------------------------------------------------ */

static void
test_api_details (void)
{
  g_autoptr(Response) response = request ("GET", "/api/v1/");
  g_autoptr(Response) bare = request ("GET", "/api/v1");
  g_autoptr(JsonNode) root = parse_json (response->body);
  JsonObject *details;

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (bare->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Access-Control-Allow-Origin"),
                   ==, "*");
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL),
                   ==, "application/json");

  /* api_details.json: version, profile, openapi_url are required strings. */
  details = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (details, "version"), ==, "3.0");
  g_assert_cmpstr (json_object_get_string_member (details, "profile"),
                   ==, "https://openreferraluk.org/specifications/3.0/");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (details, "openapi_url"),
                                   "https://"));
  g_assert_cmpstr (json_object_get_string_member (details, "direction_version"),
                   ==, PACKAGE_VERSION);
}

static void
test_services_list (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(Response) response = request ("GET", "/api/v1/services");
  JsonObject *page = get_page ("/api/v1/services", &root);
  JsonArray *contents = json_object_get_array_member (page, "contents");
  g_autofree char *ids = page_ids (page);

  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Access-Control-Allow-Origin"),
                   ==, "*");
  assert_page (page, FIXTURE_N_SERVICES, 1, 1, FIXTURE_N_SERVICES, TRUE);
  g_assert_nonnull (strstr (ids, SHELTER_ID));
  g_assert_nonnull (strstr (ids, MENTORS_ID));

  /* Full records, every status (the closed one too), the fields ORUK requires. */
  for (guint i = 0; i < json_array_get_length (contents); i++)
    {
      JsonObject *service = json_array_get_object_element (contents, i);

      g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (service, "id")));
      g_assert_nonnull (json_object_get_string_member (service, "name"));
      g_assert_nonnull (json_object_get_string_member (service, "status"));
      g_assert_true (json_object_has_member (service, "attributes"));
    }
}

static void
test_services_paging (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const gint64 sizes[] = { 3, 3, 1 };

  for (guint p = 1; p <= 3; p++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/services?page=%u&per_page=3", p);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *page = get_page (path, &root);
      JsonArray *contents = json_object_get_array_member (page, "contents");

      assert_page (page, FIXTURE_N_SERVICES, 3, p, sizes[p - 1], p == 3);
      for (guint i = 0; i < json_array_get_length (contents); i++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (contents, i),
                                                          "id");

          /* Pages do not overlap. */
          g_assert_true (g_hash_table_add (seen, g_strdup (id)));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, FIXTURE_N_SERVICES);

  /* Beyond the end: an empty page, not an error. */
  {
    g_autoptr(JsonNode) root = NULL;
    JsonObject *page = get_page ("/api/v1/services?page=4&per_page=3", &root);

    assert_page (page, FIXTURE_N_SERVICES, 3, 4, 0, TRUE);
  }
  {
    g_autoptr(JsonNode) root = NULL;
    JsonObject *page = get_page ("/api/v1/services?page=1000000&per_page=500", &root);

    assert_page (page, FIXTURE_N_SERVICES, 1, 1000000, 0, TRUE);
  }
  /* Exactly one page. */
  {
    g_autoptr(JsonNode) root = NULL;
    JsonObject *page = get_page ("/api/v1/services?per_page=7", &root);

    assert_page (page, FIXTURE_N_SERVICES, 1, 1, 7, TRUE);
  }
}

static void
test_services_bad_paging (void)
{
  const char *bad_pages[] = {
    "page=0", "page=-1", "page=abc", "page=", "page=1.5", "page=%201", "page=+1",
    "page=0x10", "page=1000001", "page=99999999999999999999999",
  };
  const char *bad_per_page[] = {
    "per_page=0", "per_page=-5", "per_page=501", "per_page=lots", "per_page=", "per_page=1e3",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_pages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/services?%s", bad_pages[i]);
      g_autofree char *terms = g_strdup_printf ("/api/v1/taxonomy_terms?%s", bad_pages[i]);

      assert_error (path, 400, "invalid_parameter", "page");
      assert_error (terms, 400, "invalid_parameter", "page");
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_per_page); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/services?%s", bad_per_page[i]);

      assert_error (path, 400, "invalid_parameter", "per_page");
    }

  assert_error ("/api/v1/services?page=1&page=2", 400, "invalid_parameter", "page");
}

static void
test_services_search (void)
{
  g_autoptr(JsonNode) shelter_root = NULL;
  g_autoptr(JsonNode) none_root = NULL;
  g_autoptr(JsonNode) blank_root = NULL;
  JsonObject *shelter = get_page ("/api/v1/services?search=shelter", &shelter_root);
  JsonObject *none = get_page ("/api/v1/services?search=zebracrossingxyz", &none_root);
  JsonObject *blank = get_page ("/api/v1/services?search=+++", &blank_root);
  g_autofree char *ids = page_ids (shelter);

  g_assert_cmpstr (ids, ==, SHELTER_ID);
  assert_page (shelter, 1, 1, 1, 1, TRUE);
  assert_page (none, 0, 0, 1, 0, TRUE);
  /* Blank search is no search. */
  assert_page (blank, FIXTURE_N_SERVICES, 1, 1, FIXTURE_N_SERVICES, TRUE);

  /* Form encoding: '+' is a space. */
  {
    g_autoptr(JsonNode) root = NULL;
    JsonObject *page = get_page ("/api/v1/services?search=women%27s+centre", &root);
    g_autofree char *women = page_ids (page);

    g_assert_cmpstr (women, ==, WOMEN_ID);
  }
}

static void
test_services_taxonomy (void)
{
  g_autofree char *acc = dir_taxonomy_uuid_for_code ("ACC");
  g_autofree char *emerg = dir_taxonomy_uuid_for_code ("ACC.EMERG");
  g_autofree char *acc_path = g_strdup_printf ("/api/v1/services?taxonomy_term_id=%s", acc);
  g_autofree char *emerg_path = g_strdup_printf ("/api/v1/services?taxonomy_term_id=%s", emerg);
  g_autofree char *upper = g_ascii_strup (acc, -1);
  g_autofree char *upper_path = g_strdup_printf ("/api/v1/services?taxonomy_term_id=%s", upper);
  g_autoptr(JsonNode) acc_root = NULL;
  g_autoptr(JsonNode) emerg_root = NULL;
  JsonObject *acc_page = get_page (acc_path, &acc_root);
  JsonObject *emerg_page = get_page (emerg_path, &emerg_root);
  g_autofree char *acc_ids = page_ids (acc_page);
  g_autofree char *emerg_ids = page_ids (emerg_page);

  /* A parent term includes its children. */
  g_assert_cmpstr (acc_ids, ==, SHELTER_ID "," HOUSING_ID);
  g_assert_cmpstr (emerg_ids, ==, SHELTER_ID);

  assert_error ("/api/v1/services?taxonomy_term_id=" UNKNOWN_ID, 400,
                "invalid_parameter", "taxonomy_term_id");
  assert_error ("/api/v1/services?taxonomy_term_id=ACC", 400,
                "invalid_parameter", "taxonomy_term_id");
  assert_error ("/api/v1/services?taxonomy_term_id=", 400,
                "invalid_parameter", "taxonomy_term_id");

  /* UUIDs are case-insensitive. */
  {
    g_autoptr(JsonNode) upper_root = NULL;
    JsonObject *upper_page = get_page (upper_path, &upper_root);
    g_autofree char *upper_ids = page_ids (upper_page);

    g_assert_cmpstr (upper_ids, ==, acc_ids);
  }
}

static void
test_services_modified_after (void)
{
  const char *cases[][2] = {
    /* On or after, as ORUK says: the recovery service is exactly at 2025-04-01. */
    { "2025-04-01T00:00:00Z", RECOVERY_ID "," WOMEN_ID "," MENTORS_ID },
    { "2025-04-01", RECOVERY_ID "," WOMEN_ID "," MENTORS_ID },
    { "2025-04-01T00:00:01Z", WOMEN_ID "," MENTORS_ID },
    /* Another offset: 2025-04-01T01:00:00+01:00 is midnight UTC. */
    { "2025-04-01T01:00:00%2B01:00", RECOVERY_ID "," WOMEN_ID "," MENTORS_ID },
    { "2030-01-01T00:00:00Z", "" },
  };
  const char *bad[] = {
    "yesterday", "2025-13-01", "2025-02-30T00:00:00Z", "", "2025-04-01T25:00:00Z", "%27%20OR%201=1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/services?modified_after=%s", cases[i][0]);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *page = get_page (path, &root);
      g_autofree char *ids = page_ids (page);

      g_assert_cmpstr (ids, ==, cases[i][1]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/services?modified_after=%s", bad[i]);

      assert_error (path, 400, "invalid_parameter", "modified_after");
    }
}

static void
test_service_get (void)
{
  g_autoptr(JsonNode) root = get_json ("/api/v1/services/" SHELTER_ID, 200);
  g_autoptr(JsonNode) upper = get_json ("/api/v1/services/6F1C2D3E-4A5B-4C6D-8E7F-000000000001", 200);
  g_autoptr(Response) response = request ("GET", "/api/v1/services/" SHELTER_ID);
  JsonObject *service = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (service, "id"), ==, SHELTER_ID);
  g_assert_cmpstr (json_object_get_string_member (service, "name"), ==, "Night Shelter Sample");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (upper), "id"),
                   ==, SHELTER_ID);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Access-Control-Allow-Origin"),
                   ==, "*");

  assert_error ("/api/v1/services/" UNKNOWN_ID, 404, "not_found", NULL);
  assert_error ("/api/v1/services/not-a-uuid", 400, "invalid_parameter", "id");
  assert_error ("/api/v1/services/" SHELTER_ID "/extra", 404, "not_found", NULL);
}

static void
test_taxonomy_terms (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *page = get_page ("/api/v1/taxonomy_terms?per_page=500", &root);
  JsonArray *contents = json_object_get_array_member (page, "contents");
  guint n_pathways = 0;
  const DirPathway *all = dir_taxonomy_get_all (&n_pathways);

  g_assert_cmpuint (n_pathways, >, 0);
  assert_page (page, n_pathways, 1, 1, n_pathways, TRUE);

  for (guint i = 0; i < n_pathways; i++)
    {
      JsonObject *term = json_array_get_object_element (contents, i);
      g_autofree char *id = dir_taxonomy_uuid_for_code (all[i].code);

      /* taxonomy_term.json requires id (uuid), name, description. */
      g_assert_cmpstr (json_object_get_string_member (term, "id"), ==, id);
      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_cmpstr (json_object_get_string_member (term, "code"), ==, all[i].code);
      g_assert_cmpstr (json_object_get_string_member (term, "name"), ==, all[i].label);
      g_assert_nonnull (json_object_get_string_member (term, "description"));
      g_assert_cmpstr (json_object_get_string_member (term, "taxonomy"), ==, "Direction pathways");

      if (all[i].parent != NULL)
        {
          g_autofree char *parent_id = dir_taxonomy_uuid_for_code (all[i].parent);

          g_assert_cmpstr (json_object_get_string_member (term, "parent_id"), ==, parent_id);
        }
      else
        {
          g_assert_false (json_object_has_member (term, "parent_id"));
        }
    }

  /* Default paging is 50 a page. */
  {
    g_autoptr(JsonNode) first_root = NULL;
    JsonObject *first = get_page ("/api/v1/taxonomy_terms", &first_root);

    g_assert_cmpint (json_object_get_int_member (first, "size"), ==, MIN (n_pathways, 50));
  }

  /* Children of one parent; top level only. */
  {
    g_autofree char *acc = dir_taxonomy_uuid_for_code ("ACC");
    g_autofree char *path = g_strdup_printf ("/api/v1/taxonomy_terms?parent_id=%s&per_page=500", acc);
    g_autoptr(JsonNode) children_root = NULL;
    g_autoptr(JsonNode) top_root = NULL;
    JsonObject *children = get_page (path, &children_root);
    JsonObject *top = get_page ("/api/v1/taxonomy_terms?top_only=true&per_page=500", &top_root);
    JsonArray *array = json_object_get_array_member (children, "contents");

    g_assert_cmpint (json_array_get_length (array), >, 0);
    for (guint i = 0; i < json_array_get_length (array); i++)
      g_assert_true (g_str_has_prefix (json_object_get_string_member (
                                         json_array_get_object_element (array, i), "code"),
                                       "ACC."));

    array = json_object_get_array_member (top, "contents");
    for (guint i = 0; i < json_array_get_length (array); i++)
      g_assert_false (json_object_has_member (json_array_get_object_element (array, i),
                                              "parent_id"));
  }

  assert_error ("/api/v1/taxonomy_terms?parent_id=" UNKNOWN_ID, 400, "invalid_parameter",
                "parent_id");
  assert_error ("/api/v1/taxonomy_terms?top_only=maybe", 400, "invalid_parameter", "top_only");
}

static void
test_errors (void)
{
  const char *not_found[] = {
    "/", "/api", "/api/v2/services", "/api/v1/nothing", "/api/v1//services",
    "/api/v1/services/" SHELTER_ID "/locations", "/favicon.ico",
  };
  const char *methods[] = { "POST", "PUT", "DELETE", "PATCH" };

  for (guint i = 0; i < G_N_ELEMENTS (not_found); i++)
    assert_error (not_found[i], 404, "not_found", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(Response) list = request (methods[i], "/api/v1/services");
      g_autoptr(Response) one = request (methods[i], "/api/v1/services/" SHELTER_ID);

      g_assert_cmpuint (list->status, ==, 405);
      g_assert_cmpstr (soup_message_headers_get_one (list->headers, "Allow"), ==, "GET, HEAD");
      assert_error_body (list->body, "method_not_allowed", NULL);
      g_assert_cmpuint (one->status, ==, 405);
      g_assert_cmpstr (soup_message_headers_get_one (one->headers, "Allow"), ==, "GET, HEAD");
    }

  /* HEAD is GET without the body. */
  {
    g_autoptr(Response) head = request ("HEAD", "/api/v1/services");

    g_assert_cmpuint (head->status, ==, 200);
    g_assert_cmpuint (head->length, ==, 0);
  }
}

static void
test_hostile_input (void)
{
  g_autofree char *long_search = NULL;
  g_autofree char *long_path = NULL;
  g_autoptr(GString) many_params = g_string_new ("/api/v1/services?");
  const char *searches[] = {
    "%27%3B%20DROP%20TABLE%20service%3B%20--",        /* '; DROP TABLE service; -- */
    "%22unbalanced",
    "NEAR(",
    "*",
    "a%20OR",
    "-",
    "name%3Ax",
    "%22%22%22%22",
    "%5E%5E%5E",
    "(((",
    "AND",
    "%E2%80%8B",                                    /* zero-width space */
    "caf%C3%A9",
    "%F0%9F%8F%A0",                                  /* emoji */
  };
  const char *bad_queries[][2] = {
    { "search=abc%00def", "search" },
    { "search=%FF%FE", "search" },
    { "search=%C3%28", "search" },
    { "search=%ZZ", "search" },
    { "search=%", "search" },
    { "page=1%00", "page" },
  };
  const char *raw_paths[] = {
    "/api/v1/services/../../etc/passwd",
    "/api/v1/services/..%2F..%2Fetc%2Fpasswd",
    "/api/v1/services/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/api/v1/services/%00",
    "/api/v1/services/" SHELTER_ID "%00",
    "/api/v1/services/%FF",
    "/api/v1/services/%ZZ",
    "/api/v1/services?search=%00",
    "/../../../etc/passwd",
    "/api/v1/%2e%2e/%2e%2e/etc/passwd",
  };

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/services?search=%s", searches[i]);
      g_autoptr(Response) response = request ("GET", path);

      g_test_message ("search %s → %u", searches[i], response->status);
      g_assert_cmpuint (response->status, <, 500);
      if (response->status != 200)
        {
          g_assert_cmpuint (response->status, ==, 400);
          assert_error_body (response->body, "invalid_parameter", "search");
        }
    }

  /* Sent raw: GUri refuses to even build these.  A target that is not
   * valid percent-encoding never reaches the hub: libsoup's parser answers
   * a bare 400 itself (no handler runs, so no JSON body). */
  for (guint i = 0; i < G_N_ELEMENTS (bad_queries); i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/services?%s", bad_queries[i][0]);
      g_autoptr(Response) response = raw_request (main_hub->port, path);

      g_test_message ("raw %s → %u %s", path, response->status, response->body);
      g_assert_cmpuint (response->status, ==, 400);
      if (response->length > 0)
        assert_error_body (response->body, "invalid_parameter", bad_queries[i][1]);
      else
        g_assert_nonnull (strstr (bad_queries[i][0], "%Z") ?: strstr (bad_queries[i][0], "=%"));
    }

  /* 10 KB of search text. */
  long_search = g_strnfill (10 * 1024, 'a');
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/services?search=%s", long_search);

    assert_error (path, 400, "invalid_parameter", "search");
  }

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (many_params, "p%u=1&", i);
  assert_error (many_params->str, 400, "invalid_parameter", NULL);

  /* A 10 KB id. */
  long_path = g_strdup_printf ("/api/v1/services/%s", long_search);
  assert_error (long_path, 400, "invalid_parameter", "id");

  for (guint i = 0; i < G_N_ELEMENTS (raw_paths); i++)
    {
      g_autoptr(Response) response = raw_request (main_hub->port, raw_paths[i]);

      g_test_message ("raw %s → %u %s", raw_paths[i], response->status, response->body);
      g_assert_cmpuint (response->status, >=, 400);
      g_assert_cmpuint (response->status, <, 500);
      g_assert_null (strstr (response->body, "root:"));
      if (response->length > 0)
        {
          g_autoptr(JsonNode) root = parse_json (response->body);

          g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
          g_assert_true (json_object_has_member (json_node_get_object (root), "error"));
        }
    }

  /* Still serving, and nothing changed. */
  g_assert_true (hub_is_alive ());
  g_assert_cmpuint (count_services_in (main_hub->db_path), ==, FIXTURE_N_SERVICES);
}

/* ---- signals ------------------------------------------------------------- */

static void
test_signals (void)
{
  g_autofree char *good = fixture_path ("hub-directory.json");
  g_autofree char *db_path = new_db ("signals.db", good);
  int signals[] = { SIGTERM, SIGINT };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      Hub *hub = hub_start (db_path);
      g_autoptr(Response) response = raw_request (hub->port, "/api/v1/");

      g_assert_cmpuint (response->status, ==, 200);
      hub_stop (hub, signals[i]);
    }

  g_assert_cmpint (g_unlink (db_path), ==, 0);
}

/* ---- /api/v1/service_at_locations ----------------------------------------- */

static JsonObject *
sal_page (Hub        *hub,
          const char *path,
          guint       status)
{
  g_autoptr(Response) response = hub_request (hub, "GET", path, NULL, NULL, 0, NULL);
  JsonNode *root;

  if (response->status != status)
    g_test_message ("GET %s: %u %s", path, response->status, response->body);
  g_assert_cmpuint (response->status, ==, status);
  /* the refuge's feed address must never come out, whatever is asked */
  g_assert_null (strstr (response->body, "d5825aaf-7e27-5348-93d6-a68df509e7de"));

  root = parse_json (response->body);
  return json_object_ref (json_node_get_object (root));
}

static const char *
sal_name (JsonObject *page,
          guint       i)
{
  JsonObject *item = json_array_get_object_element (json_object_get_array_member (page, "contents"), i);

  return json_object_get_string_member (json_object_get_object_member (item, "service"), "name");
}

static gint64
sal_distance (JsonObject *page,
              guint       i)
{
  JsonObject *item = json_array_get_object_element (json_object_get_array_member (page, "contents"), i);

  return json_object_get_int_member (json_object_get_object_member (item, "direction"), "distance_m");
}

/* The core fixture: twelve located services and a refuge that must never
 * be placed (its feed sends an address, which the hub drops). */
static void
test_service_at_locations (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "core-directory.json", NULL);
  g_autofree char *db_path = new_db ("locations.db", fixture);
  Hub *hub = hub_start (db_path);
  JsonObject *page;
  JsonObject *item;

  /* No postcode: every service at each of its locations, by name. */
  page = sal_page (hub, "/api/v1/service_at_locations", SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (page, "total_items"), ==, 12);
  item = json_array_get_object_element (json_object_get_array_member (page, "contents"), 0);
  g_assert_true (json_object_has_member (item, "location"));
  g_assert_cmpstr (json_object_get_string_member (item, "service_id"), ==,
                   json_object_get_string_member (json_object_get_object_member (item, "service"), "id"));
  g_assert_false (json_object_has_member (json_object_get_object_member (item, "service"),
                                          "service_at_locations"));
  g_assert_false (json_object_has_member (item, "direction"));
  json_object_unref (page);

  /* Nearest to a unit postcode, typed carelessly, within 300 m. */
  page = sal_page (hub, "/api/v1/service_at_locations?postcode=mk401pg&proximity=300", SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (page, "total_items"), ==, 2);
  g_assert_cmpstr (sal_name (page, 0), ==, "Bedford Night Shelter (sample)");
  g_assert_cmpstr (sal_name (page, 1), ==, "Jobcentre Plus Bedford ex-offender adviser (sample)");
  g_assert_cmpint (sal_distance (page, 0), ==,
                   (gint64) (dir_geo_distance_m (52.136301, -0.468231, 52.1370, -0.4700) + 0.5));
  g_assert_cmpint (sal_distance (page, 1), <=, 300);
  json_object_unref (page);

  /* Without proximity: everything, nearest first; paging over the result. */
  page = sal_page (hub, "/api/v1/service_at_locations?postcode=MK40%201PG&per_page=5&page=3", SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (page, "total_items"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (page, "size"), ==, 2);
  g_assert_true (json_object_get_boolean_member (page, "last_page"));
  g_assert_cmpint (sal_distance (page, 0), <=, sal_distance (page, 1));
  json_object_unref (page);

  /* A district and a town work too; filters apply. */
  page = sal_page (hub, "/api/v1/service_at_locations?postcode=LU1&per_page=1", SOUP_STATUS_OK);
  g_assert_cmpstr (sal_name (page, 0), ==, "Luton Women's Centre (sample)");
  json_object_unref (page);

  page = sal_page (hub, "/api/v1/service_at_locations?postcode=Sandy&search=advice", SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (page, "total_items"), ==, 3);
  json_object_unref (page);

  /* Bad input: a clear 400 naming the field. */
  {
    struct { const char *path; const char *code; const char *field; } bad[] = {
      { "/api/v1/service_at_locations?postcode=ZZ9%209ZZ", "unknown_postcode", "postcode" },
      { "/api/v1/service_at_locations?postcode=MK4O%201PG", "invalid_parameter", "postcode" },
      { "/api/v1/service_at_locations?postcode=Nowhereville", "unknown_postcode", "postcode" },
      { "/api/v1/service_at_locations?proximity=500", "invalid_parameter", "proximity" },
      { "/api/v1/service_at_locations?postcode=MK40&proximity=-1", "invalid_parameter", "proximity" },
      { "/api/v1/service_at_locations?postcode=MK40&proximity=99999999", "invalid_parameter", "proximity" },
      { "/api/v1/service_at_locations?per_page=0", "invalid_parameter", "per_page" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(Response) response = hub_request (hub, "GET", bad[i].path, NULL, NULL, 0, NULL);

        g_test_message ("GET %s", bad[i].path);
        g_assert_cmpuint (response->status, ==, SOUP_STATUS_BAD_REQUEST);
        assert_error_body (response->body, bad[i].code, bad[i].field);
      }
  }

  hub_stop (hub, SIGTERM);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fixture = NULL;
  g_autofree char *db_path = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  fixture = fixture_path ("hub-directory.json");
  db_path = new_db ("hub.db", fixture);
  main_hub = hub_start (db_path);

  g_test_add_func ("/hub/cli/help", test_cli_help);
  g_test_add_func ("/hub/cli/usage-errors", test_cli_usage_errors);
  g_test_add_func ("/hub/cli/import-malformed", test_cli_import_malformed);
  g_test_add_func ("/hub/api/details", test_api_details);
  g_test_add_func ("/hub/api/services/list", test_services_list);
  g_test_add_func ("/hub/api/services/paging", test_services_paging);
  g_test_add_func ("/hub/api/services/bad-paging", test_services_bad_paging);
  g_test_add_func ("/hub/api/services/search", test_services_search);
  g_test_add_func ("/hub/api/services/taxonomy", test_services_taxonomy);
  g_test_add_func ("/hub/api/services/modified-after", test_services_modified_after);
  g_test_add_func ("/hub/api/services/get", test_service_get);
  g_test_add_func ("/hub/api/taxonomy-terms", test_taxonomy_terms);
  g_test_add_func ("/hub/api/service-at-locations", test_service_at_locations);
  g_test_add_func ("/hub/api/errors", test_errors);
  g_test_add_func ("/hub/api/hostile-input", test_hostile_input);
  g_test_add_func ("/hub/signals", test_signals);

  ret = g_test_run ();

  hub_stop (main_hub, SIGTERM);
  hub_test_cleanup ();

  return ret;
}
