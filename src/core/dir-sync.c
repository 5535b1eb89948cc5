/* dir-sync.c
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
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dir-hub.h"
#include "dir-service.h"
#include "dir-sync.h"

/* The directory pull through GET /api/v1/changes.
 *
 * The cursor (the last seq applied) lives in the store's meta table and is
 * written in the same transaction as the page it ends, so whatever happens
 * (a kill, a full disk, a dropped connection) the store sits at a page
 * boundary and the next pull resumes from there.  Every page is checked
 * whole before any of it is applied.
 *
 * A full resync (no cursor yet, or 410 from the hub) reads the feed from
 * since=0.  When the store already had services, the ones the feed does not
 * mention must go at the end; the ids seen are only kept in memory, so the
 * flag DIR_SYNC_META_RESYNC, saved with the first page, makes an interrupted
 * resync start again from 0 rather than resume without them.
 *
 * The loop stops on an empty page; its ETag is kept, so the next pull is one
 * request answered 304 when nothing changed. */

#define MAX_PAGE_SIZE      2000
/* How much of a hub's error message we repeat to the user. */
#define MAX_HUB_MESSAGE    300

struct _DirSync
{
  GObject      parent_instance;

  DirStore    *store;
  char        *base_url;   /* no trailing '/' */
  SoupSession *session;
  guint        page_size;
  gint         busy;       /* atomic */
};

G_DEFINE_FINAL_TYPE (DirSync, dir_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BASE_URL,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef struct
{
  GPtrArray *upserts;     /* DirService */
  GPtrArray *deletes;     /* char *, NULL-terminated */
  gint64     next;
  gint64     latest;
  gboolean   has_more;
  guint      n_changes;
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->upserts, g_ptr_array_unref);
  g_clear_pointer (&page->deletes, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

/* ---- helpers -------------------------------------------------------------- */

static char *
dup_hub_error_message (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *valid = NULL;
  const char *data;
  const char *message;
  JsonNode *node;
  gsize size;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &size);
  if (size == 0 || !json_parser_load_from_data (parser, data, size, NULL))
    return NULL;

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  node = json_object_get_member (json_node_get_object (node), "error");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  node = json_object_get_member (json_node_get_object (node), "message");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  message = json_node_get_string (node);
  if (message == NULL || message[0] == '\0')
    return NULL;

  valid = g_utf8_make_valid (message, -1);
  if (g_utf8_strlen (valid, -1) > MAX_HUB_MESSAGE)
    *g_utf8_offset_to_pointer (valid, MAX_HUB_MESSAGE) = '\0';

  return g_steal_pointer (&valid);
}

static gboolean
get_int_member (JsonObject *object,
                const char *name,
                gint64     *out_value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *out_value = json_node_get_int (node);
  return TRUE;
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Checks one page of the feed whole and reads it into page; nothing is
 * applied here.  Within the page the last change of an id wins (the hub
 * never sends two, but the result must not depend on that). */
/* Sequence numbers in translatable messages: xgettext cannot expand
 * G_GINT64_FORMAT, so they are formatted first and passed as %s. */
static const char *
seq_text (char   *buffer,
          gint64  value)
{
  g_snprintf (buffer, 24, "%" G_GINT64_FORMAT, value);
  return buffer;
}

#define SEQ(value) seq_text ((char[24]) { 0 }, (value))

static gboolean
parse_page (GBytes   *body,
            gint64    since,
            guint     limit,
            guint     page_no,
            Page     *page,
            GError  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) last_op = NULL;   /* id → index in changes */
  g_autofree char *since_text = g_strdup_printf ("%" G_GINT64_FORMAT, since);
  g_autofree char *what = NULL;
  JsonObject *object;
  JsonNode *root;
  JsonNode *node;
  JsonArray *changes;
  gint64 prev_seq = since;
  guint n;
  const char *data;
  gsize size;

#define MALFORMED(...) \
  G_STMT_START { \
    what = g_strdup_printf (__VA_ARGS__); \
    goto malformed; \
  } G_STMT_END

  data = g_bytes_get_data (body, &size);
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", size, &local_error))
    MALFORMED (_("it is not valid JSON (%s); it may have been cut short"), local_error->message);

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    MALFORMED (_("it is not a JSON object"));
  object = json_node_get_object (root);

  node = json_object_get_member (object, "changes");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    MALFORMED (_("“changes” is missing or not a list"));
  changes = json_node_get_array (node);

  if (!get_int_member (object, "next", &page->next))
    MALFORMED (_("“next” is missing or not a whole number"));
  if (!get_int_member (object, "latest", &page->latest))
    MALFORMED (_("“latest” is missing or not a whole number"));
  node = json_object_get_member (object, "has_more");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    MALFORMED (_("“has_more” is missing or not true/false"));
  page->has_more = json_node_get_boolean (node);

  n = json_array_get_length (changes);
  if (n > limit)
    MALFORMED (_("it has %u changes, more than the %u asked for"), n, limit);

  last_op = g_hash_table_new (g_str_hash, g_str_equal);
  page->upserts = g_ptr_array_new_with_free_func (g_object_unref);
  page->deletes = g_ptr_array_new_with_free_func (g_free);

  /* First pass: shape, order, ids, records. */
  {
    g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func (unref_nullable);
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < n; i++)
      {
        JsonNode *element = json_array_get_element (changes, i);
        JsonObject *change;
        const char *op;
        const char *id;
        gint64 seq;
        g_autofree char *lower = NULL;
        DirService *service = NULL;

        if (!JSON_NODE_HOLDS_OBJECT (element))
          MALFORMED (_("change %u is not an object"), i + 1);
        change = json_node_get_object (element);

        if (!get_int_member (change, "seq", &seq))
          MALFORMED (_("change %u has no whole-number “seq”"), i + 1);
        if (seq <= prev_seq)
          MALFORMED (_("change %u has seq %s, not after %s"),
                     i + 1, SEQ (seq), SEQ (prev_seq));
        prev_seq = seq;

        id = get_string_member (change, "id");
        if (id == NULL || !g_uuid_string_is_valid (id))
          MALFORMED (_("change %u (seq %s) has no UUID “id”"), i + 1, SEQ (seq));
        lower = g_ascii_strdown (id, -1);

        op = get_string_member (change, "op");
        if (g_strcmp0 (op, "upsert") == 0)
          {
            node = json_object_get_member (change, "service");
            if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
              MALFORMED (_("change %u (seq %s) is an upsert without a "
                           "“service” object"), i + 1, SEQ (seq));

            service = dir_service_new_from_json (json_node_get_object (node), &local_error);
            if (service == NULL)
              MALFORMED (_("change %u (seq %s) has an invalid service: %s"),
                         i + 1, SEQ (seq), local_error->message);

            if (g_strcmp0 (dir_service_get_id (service), lower) != 0)
              {
                what = g_strdup_printf (_("change %u (seq %s) is for %s but "
                                          "carries service %s"),
                                        i + 1, SEQ (seq), lower, dir_service_get_id (service));
                g_object_unref (service);
                goto malformed;
              }
          }
        else if (g_strcmp0 (op, "delete") != 0)
          {
            if (op == NULL)
              MALFORMED (_("change %u (seq %s) has no “op”"), i + 1, SEQ (seq));
            else
              MALFORMED (_("change %u (seq %s) has “op” “%s”, not upsert or delete"),
                         i + 1, SEQ (seq), op);
          }

        g_ptr_array_add (parsed, service);   /* NULL for a delete */
        g_hash_table_insert (last_op, lower, GUINT_TO_POINTER (i));
        g_ptr_array_add (ids, g_steal_pointer (&lower));
      }

    if (n == 0)
      {
        if (page->has_more)
          MALFORMED (_("it has no changes but says it has more"));
        if (page->next < since)
          MALFORMED (_("“next” (%s) goes back before “since”"), SEQ (page->next));
      }
    else if (page->has_more ? page->next != prev_seq : page->next < prev_seq)
      {
        MALFORMED (_("“next” (%s) does not follow its last change "
                     "(seq %s)"), SEQ (page->next), SEQ (prev_seq));
      }

    if (page->latest < page->next)
      MALFORMED (_("“latest” (%s) is before “next” (%s)"),
                 SEQ (page->latest), SEQ (page->next));

    /* Second pass: the last change of each id. */
    for (guint i = 0; i < n; i++)
      {
        const char *id = g_ptr_array_index (ids, i);
        DirService *service = g_ptr_array_index (parsed, i);

        if (GPOINTER_TO_UINT (g_hash_table_lookup (last_op, id)) != i)
          continue;

        if (service != NULL)
          g_ptr_array_add (page->upserts, g_object_ref (service));
        else
          g_ptr_array_add (page->deletes, g_strdup (id));
      }
    g_ptr_array_add (page->deletes, NULL);
  }

  page->n_changes = n;
  return TRUE;

malformed:
  g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
               /* Translators: page number, the since= value, then what is wrong */
               _("Page %u of the hub’s changes (since %s) was rejected: %s"),
               page_no, since_text, what);
  page_clear (page);
  return FALSE;

#undef MALFORMED
}

/* One GET.  Returns the body (NULL for a 304) and the status; NULL with
 * error on a network failure or a status other than 200, 304 and 410. */
static GBytes *
fetch (DirSync        *self,
       const char     *url,
       const char     *etag,
       GCancellable   *cancellable,
       DirSyncResult  *result,
       guint          *out_status,
       char          **out_etag,
       GError        **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  SoupMessageHeaders *headers;
  SoupMessageMetrics *metrics;
  guint status;

  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    {
      g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_INVALID_URL,
                   _("“%s” is not a valid hub address"), url);
      return NULL;
    }

  soup_message_add_flags (msg, SOUP_MESSAGE_COLLECT_METRICS);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "Accept-Encoding", "gzip");
  if (etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", etag);

  result->requests++;
  body = soup_session_send_and_read (self->session, msg, cancellable, &local_error);

  metrics = soup_message_get_metrics (msg);
  if (metrics != NULL)
    result->wire_bytes += soup_message_metrics_get_response_header_bytes_received (metrics) +
                          soup_message_metrics_get_response_body_bytes_received (metrics);

  if (body == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_NETWORK,
                     _("Could not reach the hub at %s: %s"),
                     self->base_url, local_error->message);
      return NULL;
    }

  status = soup_message_get_status (msg);
  *out_status = status;

  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_NOT_MODIFIED ||
      status == SOUP_STATUS_GONE)
    {
      if (out_etag != NULL)
        *out_etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                            "ETag"));
      return status == SOUP_STATUS_NOT_MODIFIED ? g_bytes_new (NULL, 0) : g_steal_pointer (&body);
    }

  {
    g_autofree char *hub_message = dup_hub_error_message (body);
    const char *reason = soup_message_get_reason_phrase (msg);

    if (reason == NULL || reason[0] == '\0')
      reason = soup_status_get_phrase (status);

    if (hub_message != NULL)
      g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_HTTP,
                   _("The hub answered %u %s: %s"), status, reason ? reason : "", hub_message);
    else
      g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_HTTP,
                   _("The hub answered %u %s"), status, reason ? reason : "");
  }

  return NULL;
}

/* The store's error, same domain and code, said in the sync's words. */
static void
save_failed (GError       **error,
             const GError  *cause)
{
  g_set_error (error, cause->domain, cause->code,
               /* Translators: %s is the database's error message */
               _("Could not save the directory from the hub: %s"), cause->message);
}

static gboolean
pull_locked (DirSync        *self,
             GCancellable   *cancellable,
             DirSyncResult  *result,
             GError        **error)
{
  g_autofree char *cursor_text = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *resync_flag = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean sweep = FALSE;
  gboolean first = TRUE;
  gint64 since = 0;

  cursor_text = dir_store_get_meta (self->store, DIR_SYNC_META_CURSOR);
  etag = dir_store_get_meta (self->store, DIR_SYNC_META_ETAG);
  resync_flag = dir_store_get_meta (self->store, DIR_SYNC_META_RESYNC);

  if (resync_flag != NULL)
    {
      /* An earlier resync was interrupted before its sweep: start it again. */
      result->full_resync = TRUE;
      sweep = TRUE;
    }
  else if (cursor_text == NULL ||
           !g_ascii_string_to_signed (cursor_text, 10, 0, G_MAXINT64, &since, NULL))
    {
      if (cursor_text != NULL)
        g_debug ("Ignoring a bad sync cursor “%s”", cursor_text);
      since = 0;
      result->full_resync = TRUE;
      sweep = dir_store_count_services (self->store) > 0;
    }

  if (result->full_resync)
    {
      since = 0;
      g_clear_pointer (&etag, g_free);
    }

  if (sweep)
    seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint page_no = 1; ; page_no++)
    {
      g_autofree char *url = NULL;
      g_autofree char *since_text = NULL;
      g_autofree char *cursor = NULL;
      g_autofree char *new_etag = NULL;
      g_autofree char *now = NULL;
      g_autoptr(GBytes) body = NULL;
      g_auto(Page) page = { 0 };
      guint status = 0;

      /* A sync that began at since=0 takes the whole directory and sweeps
       * what it did not see, so purged tombstones cannot hurt it: it says
       * so, and the hub does not answer 410 while it pages. */
      url = g_strdup_printf ("%s/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u%s",
                             self->base_url, since, self->page_size,
                             result->full_resync ? "&resync=1" : "");

      body = fetch (self, url, first ? etag : NULL, cancellable, result,
                    &status, &new_etag, error);
      if (body == NULL)
        return FALSE;

      if (status == SOUP_STATUS_NOT_MODIFIED)
        {
          if (!first || etag == NULL)
            {
              g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                           _("The hub answered 304 Not Modified to a request that was not "
                             "conditional"));
              return FALSE;
            }

          now = now_iso8601 ();
          if (!dir_store_set_meta (self->store, DIR_SYNC_META_LAST_SUCCESS, now, error))
            return FALSE;

          result->not_modified = TRUE;
          result->cursor = since;
          return TRUE;
        }

      if (status == SOUP_STATUS_GONE)
        {
          if (result->full_resync)
            {
              /* The hub refuses any since below its oldest_available, even
               * the cursors of a resync paging from 0. */
              g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_HTTP,
                           _("The hub answered 410 Gone in the middle of a full resync "
                             "(since %s); its old changes were purged "
                             "and it cannot be read in pages of %u"),
                           SEQ (since), self->page_size);
              return FALSE;
            }

          g_debug ("Cursor %" G_GINT64_FORMAT " is too old for %s: full resync",
                   since, self->base_url);
          result->full_resync = TRUE;
          since = 0;
          first = FALSE;
          sweep = dir_store_count_services (self->store) > 0;
          if (sweep)
            seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          continue;
        }

      first = FALSE;

      if (!parse_page (body, since, self->page_size, page_no, &page, error))
        return FALSE;

      /* Last chance to stop before the store changes. */
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      cursor = g_strdup_printf ("%" G_GINT64_FORMAT, page.next);

      if (page.n_changes > 0)
        {
          const char *keys[] = { DIR_SYNC_META_CURSOR, DIR_SYNC_META_ETAG,
                                 sweep ? DIR_SYNC_META_RESYNC : NULL, NULL };
          const char *values[] = { cursor, NULL, "1", NULL };

          if (!dir_store_apply_page (self->store, page.upserts,
                                     (const char * const *) page.deletes->pdata,
                                     keys, values, &local_error))
            {
              save_failed (error, local_error);
              return FALSE;
            }

          if (seen != NULL)
            {
              for (guint i = 0; i < page.upserts->len; i++)
                g_hash_table_add (seen,
                                  g_strdup (dir_service_get_id (g_ptr_array_index (page.upserts, i))));
              for (guint i = 0; page.deletes->pdata[i] != NULL; i++)
                g_hash_table_remove (seen, page.deletes->pdata[i]);
            }

          result->pages++;
          result->upserts += page.upserts->len;
          result->deletes += page.deletes->len - 1;
          since = page.next;
          continue;
        }

      /* The empty page that ends the feed.  Its ETag is only worth keeping
       * when it is for the cursor the next pull asks with. */
      result->pages++;
      now = now_iso8601 ();
      {
        const char *keys[] = { DIR_SYNC_META_CURSOR, DIR_SYNC_META_ETAG,
                               DIR_SYNC_META_LAST_SUCCESS, DIR_SYNC_META_RESYNC, NULL };
        const char *values[] = { cursor, page.next == since ? new_etag : NULL, now, NULL, NULL };
        gboolean ok;

        if (sweep)
          ok = dir_store_retain_only (self->store, seen, keys, values,
                                      &result->swept, &local_error);
        else
          ok = dir_store_apply_page (self->store, NULL, NULL, keys, values, &local_error);

        if (!ok)
          {
            save_failed (error, local_error);
            return FALSE;
          }
      }

      result->cursor = page.next;
      g_debug ("Synced with %s: %u pages, %u upserts, %u deletes, %u swept, cursor %s",
               self->base_url, result->pages, result->upserts, result->deletes,
               result->swept, cursor);
      return TRUE;
    }
}

static void
pull_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DirSync *self = source_object;
  DirSyncResult *result = task_data;
  g_autoptr(GError) error = NULL;

  if (!dir_sync_pull (self, cancellable, result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* ---- GObject -------------------------------------------------------------- */

static void
dir_sync_finalize (GObject *object)
{
  DirSync *self = (DirSync *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dir_sync_parent_class)->finalize (object);
}

static void
dir_sync_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DirSync *self = DIR_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dir_sync_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  DirSync *self = DIR_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dir_sync_class_init (DirSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dir_sync_finalize;
  object_class->get_property = dir_sync_get_property;
  object_class->set_property = dir_sync_set_property;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, DIR_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* Checked and normalised by dir_sync_new(): use that. */
  properties [PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dir_sync_init (DirSync *self)
{
  self->page_size = DIR_SYNC_DEFAULT_PAGE_SIZE;
  /* Configured before any request, so the _async worker may send on it.
   * libsoup 3 sessions decode gzip (SoupContentDecoder) by default. */
  self->session = soup_session_new_with_options ("user-agent", "DirectionDesk/" PACKAGE_VERSION,
                                                 "timeout", DIR_SYNC_DEFAULT_TIMEOUT,
                                                 NULL);
  if (!soup_session_has_feature (self->session, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
}

/* ---- public API ----------------------------------------------------------- */

/**
 * dir_sync_new:
 * @store: the desk's directory
 * @base_url: the hub's http or https address, e.g. "http://127.0.0.1:8080"
 * @error: a #GError, or %NULL
 *
 * Returns: (transfer full): a new sync engine, or %NULL with
 *   %DIR_HUB_ERROR_INVALID_URL when @base_url is not an http(s) URL.
 */
DirSync *
dir_sync_new (DirStore    *store,
              const char  *base_url,
              GError     **error)
{
  g_autofree char *url = NULL;

  g_return_val_if_fail (DIR_IS_STORE (store), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = dir_hub_normalize_url (base_url, error);
  if (url == NULL)
    return NULL;

  return g_object_new (DIR_TYPE_SYNC,
                       "store", store,
                       "base-url", url,
                       NULL);
}

DirStore *
dir_sync_get_store (DirSync *self)
{
  g_return_val_if_fail (DIR_IS_SYNC (self), NULL);

  return self->store;
}

const char *
dir_sync_get_base_url (DirSync *self)
{
  g_return_val_if_fail (DIR_IS_SYNC (self), NULL);

  return self->base_url;
}

void
dir_sync_set_page_size (DirSync *self,
                        guint    page_size)
{
  g_return_if_fail (DIR_IS_SYNC (self));
  g_return_if_fail (page_size >= 1 && page_size <= MAX_PAGE_SIZE);

  self->page_size = page_size;
}

void
dir_sync_set_timeout (DirSync *self,
                      guint    seconds)
{
  g_return_if_fail (DIR_IS_SYNC (self));

  g_object_set (self->session, "timeout", seconds, NULL);
}

/**
 * dir_sync_pull:
 * @self: a #DirSync
 * @cancellable: (nullable): a #GCancellable
 * @out_result: (out caller-allocates) (optional): what the pull did
 * @error: a #GError, or %NULL
 *
 * Reads the hub's changes feed from the saved cursor to its end.  Each
 * page is checked whole, then applied together with its cursor in one
 * transaction; a rejected page and everything after it are not applied.
 * On an error the store holds every page before it, so the next pull
 * resumes there.  Blocks: call it from a worker thread or a command-line
 * program, or use dir_sync_pull_async().
 *
 * Returns: %TRUE when the store is up to date with the hub
 */
gboolean
dir_sync_pull (DirSync        *self,
               GCancellable   *cancellable,
               DirSyncResult  *out_result,
               GError        **error)
{
  DirSyncResult result = { 0 };
  gboolean ok;

  g_return_val_if_fail (DIR_IS_SYNC (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_atomic_int_compare_and_exchange (&self->busy, 0, 1))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("The directory is already being synchronised"));
      return FALSE;
    }

  ok = pull_locked (self, cancellable, &result, error);
  g_atomic_int_set (&self->busy, 0);

  if (out_result != NULL)
    *out_result = result;

  return ok;
}

void
dir_sync_pull_async (DirSync             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DIR_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dir_sync_pull_async);
  g_task_set_name (task, "[dir] sync pull");
  g_task_set_task_data (task, g_new0 (DirSyncResult, 1), g_free);
  g_task_run_in_thread (task, pull_worker);
}

/**
 * dir_sync_pull_finish:
 * @out_result: (out caller-allocates) (optional): what the pull did, also
 *   on failure (what was done before it)
 */
gboolean
dir_sync_pull_finish (DirSync        *self,
                      GAsyncResult   *result,
                      DirSyncResult  *out_result,
                      GError        **error)
{
  g_return_val_if_fail (DIR_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dir_sync_pull_async, FALSE);

  if (out_result != NULL)
    *out_result = *(DirSyncResult *) g_task_get_task_data (G_TASK (result));

  return g_task_propagate_boolean (G_TASK (result), error);
}
