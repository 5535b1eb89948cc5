/* hub-directory.c
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

/* The open directory reads of the hub API (ORUK 3.0 shaped):
 *   GET /api/v1/                 api_details
 *   GET /api/v1/services         paged services, filters search/taxonomy_term_id/modified_after
 *   GET /api/v1/services/{id}    one service
 *   GET /api/v1/taxonomy_terms   paged Direction pathways
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "dir-geo.h"
#include "dir-geocoder.h"
#include "dir-store.h"
#include "dir-taxonomy.h"
#include "dir-time.h"

#include "hub-server-private.h"

#define ORUK_VERSION       "3.0"
#define ORUK_PROFILE       "https://openreferraluk.org/specifications/3.0/"
#define ORUK_OPENAPI_URL   "https://openreferraluk.org/specifications/3.0/openapi.json"
#define TAXONOMY_NAME      "Direction pathways"

#define DEFAULT_PER_PAGE   50
#define MAX_PER_PAGE       500
/* (MAX_PAGE - 1) * MAX_PER_PAGE must fit a guint offset. */
#define MAX_PAGE           1000000
/* In characters; longer text is not a search anybody typed. */
#define MAX_SEARCH_LENGTH  500
/* Half the length of Great Britain: a proximity beyond it filters nothing. */
#define MAX_PROXIMITY_M    1000000

#define READ_ROUTE         (HUB_ROUTE_PUBLIC | HUB_ROUTE_ANY_THREAD)

typedef struct
{
  guint page;
  guint per_page;
  guint total;
} Paging;

static gboolean
parse_uint_param (HubRequest *request,
                  const char *name,
                  guint       min,
                  guint       max,
                  guint       fallback,
                  guint      *out_value)
{
  const char *text = hub_request_get_param (request, name);
  guint64 value;

  if (text == NULL)
    {
      *out_value = fallback;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    {
      hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", name,
                                 "%s must be a whole number from %u to %u", name, min, max);
      return FALSE;
    }

  *out_value = (guint) value;
  return TRUE;
}

static gboolean
parse_paging (HubRequest *request,
              Paging     *paging)
{
  paging->total = 0;

  return parse_uint_param (request, "page", 1, MAX_PAGE, 1, &paging->page) &&
         parse_uint_param (request, "per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE,
                           &paging->per_page);
}

static guint
paging_get_offset (const Paging *paging)
{
  return (paging->page - 1) * paging->per_page;
}

/* The ORUK 3.0 page wrapper around contents, already JSON texts: they are
 * spliced in as they are, not parsed and generated again. */
static char *
build_page (const Paging  *paging,
            GPtrArray     *texts,
            gsize         *length)
{
  guint total_pages = paging->total / paging->per_page
                      + (paging->total % paging->per_page != 0 ? 1 : 0);
  gsize reserve = 256;
  GString *page;

  for (guint i = 0; i < texts->len; i++)
    reserve += strlen (g_ptr_array_index (texts, i)) + 1;

  page = g_string_sized_new (reserve);
  g_string_append_printf (page,
                          "{\"total_items\":%u,\"total_pages\":%u,\"page_number\":%u,"
                          "\"size\":%u,\"first_page\":%s,\"last_page\":%s,\"empty\":%s,"
                          "\"contents\":[",
                          paging->total,
                          total_pages,
                          paging->page,
                          texts->len,
                          paging->page == 1 ? "true" : "false",
                          paging->page >= total_pages ? "true" : "false",
                          texts->len == 0 ? "true" : "false");

  for (guint i = 0; i < texts->len; i++)
    {
      if (i > 0)
        g_string_append_c (page, ',');
      g_string_append (page, g_ptr_array_index (texts, i));
    }

  g_string_append (page, "]}");

  *length = page->len;
  return g_string_free (page, FALSE);
}

static void
respond_store_error (HubRequest   *request,
                     const GError *error,
                     const char   *field)
{
  if (g_error_matches (error, DIR_STORE_ERROR, DIR_STORE_ERROR_QUERY))
    {
      hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", field,
                                 "%s", error->message);
    }
  else if (g_error_matches (error, DIR_STORE_ERROR, DIR_STORE_ERROR_NOT_FOUND))
    {
      hub_request_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
                                 "%s", error->message);
    }
  else if (g_error_matches (error, DIR_STORE_ERROR, DIR_STORE_ERROR_IO))
    {
      /* Locked or failing disk: an operational condition, not a hub bug. */
      g_message ("Store unavailable: %s", error->message);
      hub_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", NULL,
                                 "The directory is unavailable; try again later");
    }
  else
    {
      g_warning ("Store query failed: %s", error->message);
      hub_request_respond_error (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                                 NULL, "The hub failed to read the directory");
    }
}

/* ORUK's modified_after is an ISO 8601 date-time, "on or after"; a bare date
 * means its midnight, and a time without offset is UTC.  DirQuery wants
 * "strictly after" (and normalises zones itself), so this returns one
 * microsecond earlier, in UTC, or NULL when text is not valid. */
static char *
normalize_timestamp (const char *text)
{
  g_autoptr(GDateTime) when = dir_time_parse (text);
  g_autoptr(GDateTime) earlier = NULL;

  if (when == NULL)
    return NULL;

  earlier = g_date_time_add (when, -1);
  if (earlier == NULL)
    earlier = g_date_time_ref (when);  /* the year 1: everything is after it */

  return dir_time_format_sortable (earlier);
}

static void
api_details_cb (HubRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, ORUK_VERSION);
  json_builder_set_member_name (builder, "profile");
  json_builder_add_string_value (builder, ORUK_PROFILE);
  json_builder_set_member_name (builder, "openapi_url");
  json_builder_add_string_value (builder, ORUK_OPENAPI_URL);
  json_builder_set_member_name (builder, "direction_version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  hub_request_respond_node (request, SOUP_STATUS_OK, root);
}

/* The ORUK filters both lists share: search, taxonomy_term_id and
 * modified_after.  Answers 400 and returns FALSE on a bad one.  *out_search
 * points into the request (NULL without a search). */
static gboolean
parse_filters (HubRequest  *request,
               DirQuery    *query,
               const char **out_search)
{
  const char *search;
  const char *term_id;
  const char *modified_after;

  /* The hub publishes every record, closed ones included: clients show status. */
  dir_query_set_statuses (query, DIR_STATUS_ALL);

  search = hub_request_get_param (request, "search");
  if (search != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (search));

      if (g_utf8_strlen (stripped, -1) > MAX_SEARCH_LENGTH)
        {
          hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter",
                                     "search", "search must be at most %u characters",
                                     MAX_SEARCH_LENGTH);
          return FALSE;
        }

      if (stripped[0] != '\0')
        {
          dir_query_set_text (query, stripped);
          dir_query_set_mode (query, DIR_SEARCH_RANKED);
        }
    }

  term_id = hub_request_get_param (request, "taxonomy_term_id");
  if (term_id != NULL)
    {
      const DirPathway *pathway = NULL;
      const char *codes[2] = { NULL, NULL };
      g_autofree char *lower_id = NULL;

      if (!g_uuid_string_is_valid (term_id))
        {
          hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter",
                                     "taxonomy_term_id", "taxonomy_term_id must be a UUID");
          return FALSE;
        }

      lower_id = g_ascii_strdown (term_id, -1);
      pathway = dir_taxonomy_lookup_uuid (lower_id);
      if (pathway == NULL)
        {
          hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter",
                                     "taxonomy_term_id",
                                     "No taxonomy term has that id; see /api/v1/taxonomy_terms");
          return FALSE;
        }

      codes[0] = pathway->code;
      dir_query_set_pathways (query, codes);
    }

  modified_after = hub_request_get_param (request, "modified_after");
  if (modified_after != NULL)
    {
      g_autofree char *timestamp = normalize_timestamp (modified_after);

      if (timestamp == NULL)
        {
          hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter",
                                     "modified_after",
                                     "modified_after must be an ISO 8601 date or date-time");
          return FALSE;
        }

      dir_query_set_modified_after (query, timestamp);
    }

  *out_search = search;
  return TRUE;
}

static void
services_list_cb (HubRequest *request)
{
  DirStore *store = hub_request_get_store (request);
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *search;
  Paging paging;
  char *body;
  gsize length;

  if (!parse_paging (request, &paging))
    return;

  if (!parse_filters (request, query, &search))
    return;

  paging.total = dir_store_count (store, query, &error);
  if (error != NULL)
    {
      respond_store_error (request, error, search != NULL ? "search" : NULL);
      return;
    }

  if (paging_get_offset (&paging) < paging.total)
    {
      guint n_items;

      dir_query_set_limit (query, paging.per_page);
      dir_query_set_offset (query, paging_get_offset (&paging));

      results = dir_store_query (store, query, NULL, &error);
      if (results == NULL)
        {
          respond_store_error (request, error, search != NULL ? "search" : NULL);
          return;
        }

      n_items = MIN (g_list_model_get_n_items (results), paging.per_page);
      for (guint i = 0; i < n_items; i++)
        {
          g_autoptr(DirService) service = g_list_model_get_item (results, i);

          if (service != NULL)
            g_ptr_array_add (texts, dir_service_to_data (service, NULL));
        }
    }

  body = build_page (&paging, texts, &length);
  hub_request_take_json (request, SOUP_STATUS_OK, body, length);
}

/* GET /api/v1/services/{id} is the hottest read: it answers with the
 * record's canonical JSON exactly as DirStore stored it (the text
 * dir_service_to_data() made, the same the changes feed splices), read with
 * one prepared statement on the serving thread's hub connection, instead of
 * parsing it into a DirService and generating it again (4× the throughput). */
/* Set by hub_directory_register(), before any serving thread starts. */
static GQuark service_text_quark;

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

/* Returns the stored text (NULL with no error when there is no such id). */
static char *
dup_service_text (HubRequest  *request,
                  const char  *id,
                  gsize       *length,
                  GError     **error)
{
  sqlite3 *db = hub_request_get_db_handle (request);
  sqlite3_stmt *stmt;
  char *text = NULL;
  int rc;

  stmt = hub_request_get_thread_data (request, service_text_quark);
  if (stmt == NULL)
    {
      rc = sqlite3_prepare_v3 (db, "SELECT data FROM service WHERE id = ?", -1,
                               SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
      if (rc != SQLITE_OK)
        {
          hub_db_set_error (db, rc, error);
          return NULL;
        }
      hub_request_set_thread_data (request, service_text_quark, stmt, finalize_statement);
    }

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *length = sqlite3_column_bytes (stmt, 0);
      text = g_memdup2 (sqlite3_column_text (stmt, 0), *length + 1);
    }
  else if (rc != SQLITE_DONE)
    {
      hub_db_set_error (db, rc, error);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  return text;
}

static void
service_get_cb (HubRequest *request)
{
  const char *id = request->params[0];
  g_autofree char *lower_id = NULL;
  g_autoptr(GError) error = NULL;
  char *body;
  gsize length = 0;

  if (!g_uuid_string_is_valid (id))
    {
      hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", "id",
                                 "A service id is a UUID");
      return;
    }

  /* Stored ids are lower case; UUIDs compare without case. */
  lower_id = g_ascii_strdown (id, -1);
  body = dup_service_text (request, lower_id, &length, &error);
  if (body == NULL)
    {
      if (error == NULL)
        {
          hub_request_respond_error (request, SOUP_STATUS_NOT_FOUND, "not_found", "id",
                                     "No service has that id");
        }
      else
        {
          /* Locked or failing disk: an operational condition, not a hub bug. */
          g_message ("Store unavailable: %s", error->message);
          hub_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                                     NULL, "The directory is unavailable; try again later");
        }
      return;
    }

  hub_request_take_json (request, SOUP_STATUS_OK, body, length);
}

static void
add_taxonomy_term (JsonBuilder      *builder,
                   const DirPathway *pathway)
{
  g_autofree char *id = dir_taxonomy_uuid_for_code (pathway->code);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, pathway->code);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, pathway->label);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, pathway->label);
  json_builder_set_member_name (builder, "taxonomy");
  json_builder_add_string_value (builder, TAXONOMY_NAME);
  if (pathway->parent != NULL)
    {
      g_autofree char *parent_id = dir_taxonomy_uuid_for_code (pathway->parent);

      json_builder_set_member_name (builder, "parent_id");
      json_builder_add_string_value (builder, parent_id);
    }
  json_builder_end_object (builder);
}

static gboolean
pathway_matches_text (const DirPathway *pathway,
                      const char       *folded)
{
  g_autofree char *code = g_utf8_casefold (pathway->code, -1);
  g_autofree char *label = g_utf8_casefold (pathway->label, -1);

  return strstr (code, folded) != NULL || strstr (label, folded) != NULL;
}

static void
taxonomy_terms_cb (HubRequest *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  g_autofree char *folded = NULL;
  const DirPathway *all;
  const DirPathway *parent = NULL;
  const char *parent_id;
  const char *search;
  const char *top_only;
  gboolean want_top_only = FALSE;
  guint total_pages;
  guint n_pathways = 0;
  guint offset;
  guint end;
  Paging paging;

  if (!parse_paging (request, &paging))
    return;

  parent_id = hub_request_get_param (request, "parent_id");
  if (parent_id != NULL)
    {
      g_autofree char *lower_id = g_ascii_strdown (parent_id, -1);

      if (!g_uuid_string_is_valid (lower_id) ||
          (parent = dir_taxonomy_lookup_uuid (lower_id)) == NULL)
        {
          hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter",
                                     "parent_id", "parent_id must be the id of a taxonomy term");
          return;
        }
    }

  top_only = hub_request_get_param (request, "top_only");
  if (top_only != NULL)
    {
      if (g_str_equal (top_only, "true"))
        want_top_only = TRUE;
      else if (!g_str_equal (top_only, "false"))
        {
          hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter",
                                     "top_only", "top_only must be true or false");
          return;
        }
    }

  search = hub_request_get_param (request, "search");
  if (search != NULL && search[0] != '\0')
    {
      if (g_utf8_strlen (search, -1) > MAX_SEARCH_LENGTH)
        {
          hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter",
                                     "search", "search must be at most %u characters",
                                     MAX_SEARCH_LENGTH);
          return;
        }
      folded = g_utf8_casefold (search, -1);
    }

  all = dir_taxonomy_get_all (&n_pathways);
  for (guint i = 0; i < n_pathways; i++)
    {
      const DirPathway *pathway = &all[i];

      if (want_top_only && pathway->parent != NULL)
        continue;
      if (parent != NULL && g_strcmp0 (pathway->parent, parent->code) != 0)
        continue;
      if (folded != NULL && !pathway_matches_text (pathway, folded))
        continue;

      g_ptr_array_add (matches, (gpointer) pathway);
    }

  paging.total = matches->len;
  total_pages = paging.total / paging.per_page + (paging.total % paging.per_page != 0 ? 1 : 0);
  offset = MIN (paging_get_offset (&paging), paging.total);
  end = MIN ((guint64) offset + paging.per_page, paging.total);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total_items");
  json_builder_add_int_value (builder, paging.total);
  json_builder_set_member_name (builder, "total_pages");
  json_builder_add_int_value (builder, total_pages);
  json_builder_set_member_name (builder, "page_number");
  json_builder_add_int_value (builder, paging.page);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, end - offset);
  json_builder_set_member_name (builder, "first_page");
  json_builder_add_boolean_value (builder, paging.page == 1);
  json_builder_set_member_name (builder, "last_page");
  json_builder_add_boolean_value (builder, paging.page >= total_pages);
  json_builder_set_member_name (builder, "empty");
  json_builder_add_boolean_value (builder, end == offset);
  json_builder_set_member_name (builder, "contents");
  json_builder_begin_array (builder);
  for (guint i = offset; i < end; i++)
    add_taxonomy_term (builder, g_ptr_array_index (matches, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  hub_request_respond_node (request, SOUP_STATUS_OK, root);
}

/* ---- /api/v1/service_at_locations ---------------------------------------- */

/* The offline geocoder, loaded the first time a postcode is asked for. */
static DirGeocoder *
get_geocoder (GError **error)
{
  static GMutex lock;
  static DirGeocoder *geocoder;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  if (geocoder == NULL)
    geocoder = dir_geocoder_new (NULL, error);

  return geocoder;
}

typedef struct
{
  JsonObject *service;    /* borrowed from the parsed services */
  JsonObject *sal;
  double      distance;   /* metres, or NAN without a postcode */
  guint       order;      /* the store's order, for a stable sort */
} SalEntry;

static int
compare_sal_entries (gconstpointer a,
                     gconstpointer b)
{
  const SalEntry *x = a, *y = b;

  if (!isnan (x->distance) && x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  return (x->order > y->order) - (x->order < y->order);
}

/* One content item: the service_at_location as the service record holds it,
 * with the service's one-to-one fields beside it and, near a postcode, the
 * distance in our extension object. */
static char *
build_sal_text (const SalEntry *entry)
{
  g_autoptr(JsonObject) item = json_object_new ();
  g_autoptr(JsonObject) service = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (entry->service);
  g_autoptr(JsonNode) root = NULL;

  for (GList *l = json_object_get_members (entry->sal); l != NULL; l = g_list_delete_link (l, l))
    json_object_set_member (item, l->data, json_node_copy (json_object_get_member (entry->sal, l->data)));

  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (entry->service, l->data);

      /* one-to-one fields only, as ORUK lists them */
      if (JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node))
        json_object_set_member (service, l->data, json_node_copy (node));
    }

  json_object_set_string_member (item, "service_id",
                                 json_object_get_string_member_with_default (entry->service, "id", ""));
  json_object_set_object_member (item, "service", json_object_ref (service));

  if (!isnan (entry->distance))
    {
      JsonObject *ext = json_object_new ();

      json_object_set_int_member (ext, "distance_m", (gint64) (entry->distance + 0.5));
      json_object_set_object_member (item, "direction", ext);
    }

  root = json_node_init_object (json_node_alloc (), item);
  return json_to_string (root, FALSE);
}

/* GET /api/v1/service_at_locations: ORUK 3.0's list of services at their
 * locations, with the filters of /services.  With postcode (geocoded
 * offline: a unit postcode, a district or a town), the list comes nearest
 * first with each distance; proximity (metres, needs postcode) keeps those
 * within it.  Every location of a service is its own item, so a service is
 * found by whichever of its places is near.  A confidential service has no
 * location and so never appears. */
static void
service_at_locations_cb (HubRequest *request)
{
  DirStore *store = hub_request_get_store (request);
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GPtrArray) parsers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (SalEntry));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(DirPlace) place = NULL;
  const char *postcode = hub_request_get_param (request, "postcode");
  const char *search;
  guint proximity = 0;
  Paging paging;
  char *body;
  gsize length;

  if (!parse_paging (request, &paging) ||
      !parse_filters (request, query, &search) ||
      !parse_uint_param (request, "proximity", 1, MAX_PROXIMITY_M, 0, &proximity))
    return;

  if (proximity > 0 && postcode == NULL)
    {
      hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter",
                                 "proximity", "proximity needs a postcode to measure from");
      return;
    }

  if (postcode != NULL)
    {
      DirGeocoder *geocoder = get_geocoder (&error);

      if (geocoder == NULL)
        {
          g_message ("Geocoder unavailable: %s", error->message);
          hub_request_respond_error (request, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                                     "postcode", "Postcode look-up is unavailable on this hub");
          return;
        }

      place = dir_geocoder_lookup (geocoder, postcode, &error);
      if (place == NULL)
        {
          gboolean unknown = g_error_matches (error, DIR_GEOCODER_ERROR,
                                              DIR_GEOCODER_ERROR_NOT_FOUND);

          hub_request_respond_error (request, SOUP_STATUS_BAD_REQUEST,
                                     unknown ? "unknown_postcode" : "invalid_parameter",
                                     "postcode", "%s", error->message);
          return;
        }

      /* Every service is a candidate: another of its locations may be
       * nearer than the one the store measures from. */
      dir_query_set_near (query, place->latitude, place->longitude, 0);
    }

  results = dir_store_query (store, query, NULL, &error);
  if (results == NULL)
    {
      respond_store_error (request, error, search != NULL ? "search" : NULL);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (results, i);
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autofree char *data = NULL;
      JsonObject *object;
      JsonArray *sals;

      if (service == NULL || dir_service_get_confidential (service))
        continue;

      data = dir_service_to_data (service, NULL);
      if (!json_parser_load_from_data (parser, data, -1, NULL))
        continue;

      /* The stored record was validated on import (DirService): these
       * members are arrays and objects when present. */
      object = json_node_get_object (json_parser_get_root (parser));
      if (!json_object_has_member (object, "service_at_locations"))
        continue;

      sals = json_object_get_array_member (object, "service_at_locations");
      for (guint j = 0; j < json_array_get_length (sals); j++)
        {
          JsonObject *sal = json_array_get_object_element (sals, j);
          JsonObject *location;
          SalEntry entry = { object, sal, NAN, entries->len };

          if (sal == NULL || !json_object_has_member (sal, "location"))
            continue;

          location = json_object_get_object_member (sal, "location");

          if (place != NULL)
            {
              if (!json_object_has_member (location, "latitude") ||
                  !json_object_has_member (location, "longitude"))
                continue;

              entry.distance = dir_geo_distance_m (place->latitude, place->longitude,
                                                   json_object_get_double_member (location, "latitude"),
                                                   json_object_get_double_member (location, "longitude"));
              if (proximity > 0 && entry.distance > proximity)
                continue;
            }

          g_array_append_val (entries, entry);
        }

      g_ptr_array_add (parsers, g_steal_pointer (&parser));
    }

  g_array_sort (entries, compare_sal_entries);

  paging.total = entries->len;
  for (guint i = paging_get_offset (&paging);
       i < entries->len && texts->len < paging.per_page;
       i++)
    g_ptr_array_add (texts, build_sal_text (&g_array_index (entries, SalEntry, i)));

  body = build_page (&paging, texts, &length);
  hub_request_take_json (request, SOUP_STATUS_OK, body, length);
}

void
hub_directory_register (HubServer *server)
{
  g_return_if_fail (HUB_IS_SERVER (server));

  service_text_quark = g_quark_from_static_string ("hub-directory-service-text");

  /* Every directory read runs on whichever thread took the request: they
   * read through the thread's own store and connection, and the geocoder
   * and taxonomy are read-only once loaded. */
  hub_server_add_route (server, HUB_METHOD_GET, "/api/v1", READ_ROUTE, api_details_cb);
  hub_server_add_route (server, HUB_METHOD_GET, "/api/v1/services", READ_ROUTE,
                        services_list_cb);
  hub_server_add_route (server, HUB_METHOD_GET, "/api/v1/services/{}", READ_ROUTE,
                        service_get_cb);
  hub_server_add_route (server, HUB_METHOD_GET, "/api/v1/service_at_locations", READ_ROUTE,
                        service_at_locations_cb);
  hub_server_add_route (server, HUB_METHOD_GET, "/api/v1/taxonomy_terms", READ_ROUTE,
                        taxonomy_terms_cb);
}
