/* dir-hub-client.c
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

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dir-hub-client.h"
#include "dir-service.h"

/* The desk's client for the hub's HTTP API.  For now: pulling the whole
 * directory through the paged GET /api/v1/services.  Later: the changes
 * feed, sessions and referrals, on the same session. */

#define PAGE_SIZE          500
#define TIMEOUT_SECONDS    30
/* More than any real directory; a hub claiming more is broken or hostile. */
#define MAX_SERVICES       1000000
/* How much of a hub's error message we repeat to the user. */
#define MAX_HUB_MESSAGE    300

struct _DirHubClient
{
  GObject      parent_instance;

  char        *base_url;   /* no trailing '/' */
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (DirHubClient, dir_hub_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (dir-hub-error-quark, dir_hub_error)

enum {
  PROP_0,
  PROP_BASE_URL,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Pulls {"error": {"message": …}} out of an error response, if it is one. */
static char *
dup_hub_error_message (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *data;
  gsize size;
  JsonNode *root;
  JsonNode *node;
  const char *message;
  g_autofree char *valid = NULL;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &size);
  if (size == 0 || !json_parser_load_from_data (parser, data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  /* Typed getters would warn on a hub that sent other shapes: check by hand. */
  node = json_object_get_member (json_node_get_object (root), "error");
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
    {
      char *end = g_utf8_offset_to_pointer (valid, MAX_HUB_MESSAGE);

      *end = '\0';
      return g_strconcat (valid, "…", NULL);
    }

  return g_steal_pointer (&valid);
}

/* GETs url and returns its JSON root.  Errors: the cancellation as it is,
 * else DIR_HUB_ERROR_NETWORK, _HTTP (with the status and the hub's own
 * message) or _MALFORMED. */
static JsonNode *
fetch_json (DirHubClient  *self,
            const char    *url,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size;
  guint status;

  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    {
      g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_INVALID_URL,
                   _("“%s” is not a valid hub address"), url);
      return NULL;
    }

  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Accept", "application/json");

  body = soup_session_send_and_read (self->session, msg, cancellable, &local_error);
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
  if (status != SOUP_STATUS_OK)
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
      return NULL;
    }

  data = g_bytes_get_data (body, &size);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", size, &local_error))
    {
      g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                   _("The hub’s answer is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                           _("The hub’s answer is empty"));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/* Checks one ORUK page wrapper and appends its services.  total is the
 * page's total_items. */
static gboolean
read_page (JsonNode    *root,
           guint        page,
           GPtrArray   *services,
           GHashTable  *ids,
           gint64      *total,
           guint       *n_contents,
           GError     **error)
{
  JsonObject *object;
  JsonNode *total_node;
  JsonNode *contents_node;
  JsonArray *contents;
  guint n;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    goto malformed;

  object = json_node_get_object (root);
  total_node = json_object_get_member (object, "total_items");
  contents_node = json_object_get_member (object, "contents");

  if (total_node == NULL || !JSON_NODE_HOLDS_VALUE (total_node) ||
      json_node_get_value_type (total_node) != G_TYPE_INT64 ||
      contents_node == NULL || !JSON_NODE_HOLDS_ARRAY (contents_node))
    goto malformed;

  *total = json_node_get_int (total_node);
  if (*total < 0 || *total > MAX_SERVICES)
    {
      g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, *total);

      /* Translators: %s is a number of services the hub claims to have */
      g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                   _("The hub’s directory size (%s) is not believable"), size);
      return FALSE;
    }

  contents = json_node_get_array (contents_node);
  n = json_array_get_length (contents);
  if (n > PAGE_SIZE)
    {
      g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                   _("Page %u from the hub has %u services, more than the %u asked for"),
                   page, n, PAGE_SIZE);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (contents, i);
      g_autoptr(DirService) service = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                       _("Service %u on page %u from the hub is not an object"), i + 1, page);
          return FALSE;
        }

      service = dir_service_new_from_json (json_node_get_object (element), &local_error);
      if (service == NULL)
        {
          g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                       _("Service %u on page %u from the hub is not valid: %s"),
                       i + 1, page, local_error->message);
          return FALSE;
        }

      if (!g_hash_table_add (ids, g_strdup (dir_service_get_id (service))))
        {
          g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                       _("The hub sent service %s twice; the directory may have changed "
                         "while it was read, try again"),
                       dir_service_get_id (service));
          return FALSE;
        }

      g_ptr_array_add (services, g_steal_pointer (&service));
    }

  *n_contents = n;
  return TRUE;

malformed:
  g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
               _("Page %u from the hub is not a service list "
                 "(an object with “total_items” and “contents”)"), page);
  return FALSE;
}

static void
pull_directory_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  DirHubClient *self = source_object;
  DirStore *store = task_data;
  g_autoptr(GError) error = NULL;
  guint n_services = 0;

  if (!dir_hub_client_pull_directory (self, store, cancellable, &n_services, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n_services);
}

static void
dir_hub_client_finalize (GObject *object)
{
  DirHubClient *self = (DirHubClient *)object;

  g_clear_pointer (&self->base_url, g_free);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dir_hub_client_parent_class)->finalize (object);
}

static void
dir_hub_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DirHubClient *self = DIR_HUB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dir_hub_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DirHubClient *self = DIR_HUB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dir_hub_client_class_init (DirHubClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dir_hub_client_finalize;
  object_class->get_property = dir_hub_client_get_property;
  object_class->set_property = dir_hub_client_set_property;

  /**
   * DirHubClient:base-url:
   *
   * The hub's address, such as "http://127.0.0.1:8080", without "/api/v1"
   * and without a trailing slash.  Use dir_hub_client_new(), which checks it.
   */
  properties [PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dir_hub_client_init (DirHubClient *self)
{
  /* Configured here, before any request: the session's send methods are
   * then safe to call from the worker thread of the _async variants. */
  self->session = soup_session_new_with_options ("user-agent", "DirectionDesk/" PACKAGE_VERSION,
                                                 "timeout", TIMEOUT_SECONDS,
                                                 NULL);
}

/**
 * dir_hub_client_new:
 * @base_url: the hub's http or https address, e.g. "http://127.0.0.1:8080"
 * @error: a #GError, or %NULL
 *
 * Returns: (transfer full): a new client, or %NULL with
 *   %DIR_HUB_ERROR_INVALID_URL when @base_url is not an http(s) URL.
 */
DirHubClient *
dir_hub_client_new (const char  *base_url,
                    GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;
  const char *scheme;
  const char *host;
  gsize len;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (uri == NULL ||
      scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      host == NULL || host[0] == '\0' ||
      g_uri_get_userinfo (uri) != NULL ||
      g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_INVALID_URL,
                   _("“%s” is not a hub address; it should look like https://hub.example.org"),
                   base_url);
      return NULL;
    }

  text = g_uri_to_string (uri);
  len = strlen (text);
  while (len > 0 && text[len - 1] == '/')
    text[--len] = '\0';

  return g_object_new (DIR_TYPE_HUB_CLIENT,
                       "base-url", text,
                       NULL);
}

const char *
dir_hub_client_get_base_url (DirHubClient *self)
{
  g_return_val_if_fail (DIR_IS_HUB_CLIENT (self), NULL);

  return self->base_url;
}

/**
 * dir_hub_client_pull_directory:
 * @self: a #DirHubClient
 * @store: the store whose directory is replaced
 * @cancellable: (nullable): a #GCancellable
 * @n_services: (out) (optional): how many services the store now has
 * @error: a #GError, or %NULL
 *
 * Reads every page of GET /api/v1/services, checks and parses all of it,
 * and only then replaces the directory in @store in one transaction, so on
 * any error (network, HTTP, a bad record, cancellation) @store is unchanged.
 * Blocks: call it from a worker thread, or use the _async variant.
 *
 * Returns: %TRUE on success
 */
gboolean
dir_hub_client_pull_directory (DirHubClient  *self,
                               DirStore      *store,
                               GCancellable  *cancellable,
                               guint         *n_services,
                               GError       **error)
{
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 expected = -1;

  g_return_val_if_fail (DIR_IS_HUB_CLIENT (self), FALSE);
  g_return_val_if_fail (DIR_IS_STORE (store), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  services = g_ptr_array_new_with_free_func (g_object_unref);
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Each round either adds at least one new service or stops, so this ends. */
  for (guint page = 1; ; page++)
    {
      g_autofree char *url = NULL;
      g_autoptr(JsonNode) root = NULL;
      gint64 total = 0;
      guint n_contents = 0;

      url = g_strdup_printf ("%s/api/v1/services?page=%u&per_page=%u",
                             self->base_url, page, PAGE_SIZE);

      root = fetch_json (self, url, cancellable, error);
      if (root == NULL)
        return FALSE;

      if (!read_page (root, page, services, ids, &total, &n_contents, error))
        return FALSE;

      if (expected < 0)
        {
          expected = total;
        }
      else if (total != expected)
        {
          g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                       _("The directory changed on the hub while it was read "
                         "(%u services, then %u); try again"),
                       (guint) expected, (guint) total);
          return FALSE;
        }

      if ((gint64) services->len > expected)
        {
          g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                       _("The hub sent more services than the %u it announced"),
                       (guint) expected);
          return FALSE;
        }

      if (n_contents == 0 || (gint64) services->len == expected)
        break;
    }

  if ((gint64) services->len != expected)
    {
      g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                   _("The hub announced %u services but sent %u"),
                   (guint) expected, services->len);
      return FALSE;
    }

  /* Last chance to stop before the store changes. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!dir_store_replace_all (store, services, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not save the directory from the hub: "));
      return FALSE;
    }

  g_debug ("Pulled %u services from %s", services->len, self->base_url);

  if (n_services != NULL)
    *n_services = services->len;

  return TRUE;
}

void
dir_hub_client_pull_directory_async (DirHubClient        *self,
                                     DirStore            *store,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DIR_IS_HUB_CLIENT (self));
  g_return_if_fail (DIR_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dir_hub_client_pull_directory_async);
  g_task_set_name (task, "[dir] pull directory");
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  /* The store locks itself; the session is safe to send from a thread. */
  g_task_run_in_thread (task, pull_directory_worker);
}

gboolean
dir_hub_client_pull_directory_finish (DirHubClient  *self,
                                      GAsyncResult  *result,
                                      guint         *n_services,
                                      GError       **error)
{
  gssize n;

  g_return_val_if_fail (DIR_IS_HUB_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dir_hub_client_pull_directory_async, FALSE);

  n = g_task_propagate_int (G_TASK (result), error);
  if (n < 0)
    return FALSE;

  if (n_services != NULL)
    *n_services = (guint) n;

  return TRUE;
}
