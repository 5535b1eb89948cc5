/* hub-server.c
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

#include <string.h>

#include "hub-server-private.h"

/* GLib listens with a backlog of 10, which drops connections under load. */
#define LISTEN_BACKLOG       1024
/* Query strings are tiny in this API; anything bigger is an attack or a bug. */
#define MAX_QUERY_PARAMS     32
/* Paths are logged percent-encoded (so never with control bytes), cut to this. */
#define MAX_LOGGED_PATH      200

typedef struct
{
  HubMethods     methods;
  char         **segments;  /* pattern split on '/', "{}" matches one segment */
  HubRouteFlags  flags;
  HubHandler     handler;
} HubRoute;

struct _HubServer
{
  GObject      parent_instance;

  DirStore    *store;
  SoupServer  *soup;
  GSocket     *socket;    /* our listening socket, NULL until listening */
  GPtrArray   *routes;    /* of HubRoute */
  GHashTable  *active;    /* SoupServerMessage → monotonic start (µs), boxed */
};

G_DEFINE_FINAL_TYPE (HubServer, hub_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef enum
{
  ROUTE_FOUND,
  ROUTE_BAD_PATH,
  ROUTE_NOT_FOUND,
  ROUTE_BAD_METHOD,
} RouteResult;

static void
hub_route_free (gpointer data)
{
  HubRoute *route = data;

  g_strfreev (route->segments);
  g_free (route);
}

static HubMethods
method_from_string (const char *method)
{
  if (method == NULL)
    return 0;
  if (g_str_equal (method, SOUP_METHOD_GET) || g_str_equal (method, SOUP_METHOD_HEAD))
    return HUB_METHOD_GET;
  if (g_str_equal (method, SOUP_METHOD_POST))
    return HUB_METHOD_POST;
  if (g_str_equal (method, SOUP_METHOD_PUT))
    return HUB_METHOD_PUT;
  if (g_str_equal (method, "PATCH"))
    return HUB_METHOD_PATCH;
  if (g_str_equal (method, SOUP_METHOD_DELETE))
    return HUB_METHOD_DELETE;
  return 0;
}

static char *
allow_header_for (HubMethods methods)
{
  GString *allow = g_string_new (NULL);

  if (methods & HUB_METHOD_GET)
    g_string_append (allow, ", GET, HEAD");
  if (methods & HUB_METHOD_POST)
    g_string_append (allow, ", POST");
  if (methods & HUB_METHOD_PUT)
    g_string_append (allow, ", PUT");
  if (methods & HUB_METHOD_PATCH)
    g_string_append (allow, ", PATCH");
  if (methods & HUB_METHOD_DELETE)
    g_string_append (allow, ", DELETE");

  if (allow->len > 0)
    g_string_erase (allow, 0, 2);

  return g_string_free (allow, FALSE);
}

/* Splits the percent-encoded request path into decoded segments.  Returns
 * NULL when a segment has a bad escape, an escaped NUL or is not UTF-8. */
static GStrv
split_path (const char *path)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) raw = NULL;
  g_autofree char *trimmed = NULL;
  gsize len;

  if (path == NULL || path[0] != '/')
    return NULL;

  /* "/api/v1/services/" is "/api/v1/services". */
  trimmed = g_strdup (path + 1);
  len = strlen (trimmed);
  if (len > 0 && trimmed[len - 1] == '/')
    trimmed[len - 1] = '\0';

  raw = g_strsplit (trimmed, "/", -1);
  for (guint i = 0; raw[i] != NULL; i++)
    {
      g_autofree char *segment = g_uri_unescape_segment (raw[i], NULL, NULL);

      if (segment == NULL || !g_utf8_validate (segment, -1, NULL))
        return NULL;
      g_strv_builder_add (builder, segment);
    }

  return g_strv_builder_end (builder);
}

static RouteResult
find_route (HubServer         *self,
            SoupServerMessage *msg,
            const HubRoute   **out_route,
            GStrv             *out_params,
            HubMethods        *out_allowed)
{
  g_auto(GStrv) segments = NULL;
  HubMethods method;
  HubMethods allowed = 0;

  segments = split_path (g_uri_get_path (soup_server_message_get_uri (msg)));
  if (segments == NULL)
    return ROUTE_BAD_PATH;

  method = method_from_string (soup_server_message_get_method (msg));

  for (guint i = 0; i < self->routes->len; i++)
    {
      const HubRoute *route = g_ptr_array_index (self->routes, i);
      g_autoptr(GStrvBuilder) params = g_strv_builder_new ();
      gboolean match;
      guint j;

      if (g_strv_length (route->segments) != g_strv_length (segments))
        continue;

      match = TRUE;
      for (j = 0; match && segments[j] != NULL; j++)
        {
          if (g_str_equal (route->segments[j], "{}"))
            {
              if (segments[j][0] == '\0')
                match = FALSE;
              else
                g_strv_builder_add (params, segments[j]);
            }
          else if (!g_str_equal (route->segments[j], segments[j]))
            {
              match = FALSE;
            }
        }

      if (!match)
        continue;

      if ((route->methods & method) != 0)
        {
          *out_route = route;
          *out_params = g_strv_builder_end (params);
          return ROUTE_FOUND;
        }

      allowed |= route->methods;
    }

  *out_allowed = allowed;
  return allowed != 0 ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}

static GQuark
answered_5xx_quark (void)
{
  return g_quark_from_static_string ("hub-answered-5xx");
}

static GQuark
started_quark (void)
{
  return g_quark_from_static_string ("hub-request-started");
}

static void
respond_error_message (SoupServerMessage *msg,
                       guint              status,
                       const char        *code,
                       const char        *field,
                       const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (field != NULL)
    {
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, length);

  if (status >= 500)
    g_object_set_qdata (G_OBJECT (msg), answered_5xx_quark (), GINT_TO_POINTER (TRUE));
}

static void
respond_route_error (SoupServerMessage *msg,
                     RouteResult        result,
                     HubMethods         allowed)
{
  switch (result)
    {
    case ROUTE_BAD_PATH:
      respond_error_message (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                             "The request path is not valid percent-encoded UTF-8");
      break;

    case ROUTE_NOT_FOUND:
      respond_error_message (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
                             "No such resource");
      break;

    case ROUTE_BAD_METHOD:
      {
        g_autofree char *allow = allow_header_for (allowed);
        g_autofree char *message = g_strdup_printf ("Method not allowed here; use %s", allow);

        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Allow", allow);
        respond_error_message (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                               NULL, message);
      }
      break;

    case ROUTE_FOUND:
    default:
      g_assert_not_reached ();
    }
}

/* Strict application/x-www-form-urlencoded parsing: unlike soup_form_decode(),
 * a bad escape, an escaped NUL, invalid UTF-8 or a repeated name is an error,
 * never silently truncated or dropped. */
static GHashTable *
parse_query (const char  *query,
             char       **bad_field,
             GError     **error)
{
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) parts = NULL;

  if (query == NULL)
    return g_steal_pointer (&params);

  parts = g_strsplit (query, "&", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      char *eq;

      if (parts[i][0] == '\0')
        continue;

      if (g_hash_table_size (params) >= MAX_QUERY_PARAMS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Too many query parameters");
          return NULL;
        }

      g_strdelimit (parts[i], "+", ' ');
      eq = strchr (parts[i], '=');
      if (eq != NULL)
        *eq = '\0';

      name = g_uri_unescape_string (parts[i], NULL);
      if (name == NULL || !g_utf8_validate (name, -1, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "A query parameter name is not valid percent-encoded UTF-8");
          return NULL;
        }

      value = g_uri_unescape_string (eq != NULL ? eq + 1 : "", NULL);
      if (value == NULL || !g_utf8_validate (value, -1, NULL))
        {
          *bad_field = g_steal_pointer (&name);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The value is not valid percent-encoded UTF-8");
          return NULL;
        }

      if (g_hash_table_contains (params, name))
        {
          *bad_field = g_steal_pointer (&name);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The parameter is given more than once");
          return NULL;
        }

      g_hash_table_insert (params, g_steal_pointer (&name), g_steal_pointer (&value));
    }

  return g_steal_pointer (&params);
}

static void
log_request (SoupServerMessage *msg,
             gint64             start,
             gboolean           aborted)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = uri != NULL ? g_uri_get_path (uri) : "";
  gsize path_len = strlen (path);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  /* Never the query string (search text) or the body: only what routed.
   * libsoup reports a connection lost mid-request as an aborted 500; that
   * is the client going away, not an answer of ours, so say so instead. */
  if (aborted && g_object_get_qdata (G_OBJECT (msg), answered_5xx_quark ()) == NULL)
    g_message ("method=%s path=%.*s%s aborted=true duration_ms=%.2f",
               soup_server_message_get_method (msg),
               (int) MIN (path_len, MAX_LOGGED_PATH), path,
               path_len > MAX_LOGGED_PATH ? "..." : "",
               ms);
  else
    g_message ("method=%s path=%.*s%s status=%u duration_ms=%.2f",
               soup_server_message_get_method (msg),
               (int) MIN (path_len, MAX_LOGGED_PATH), path,
               path_len > MAX_LOGGED_PATH ? "..." : "",
               soup_server_message_get_status (msg),
               ms);
}

static void
on_message_got_headers_cb (SoupServerMessage *msg,
                           HubServer         *self)
{
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_hash_table_insert (self->active, g_object_ref (msg), start);
}

static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       HubServer         *self)
{
  gint64 *start = g_new (gint64, 1);

  /* Replaced by the got-headers time when the request line parses; kept for
   * the log of requests libsoup itself refuses (bad request target). */
  *start = g_get_monotonic_time ();
  g_object_set_qdata_full (G_OBJECT (msg), started_quark (), start, g_free);

  g_signal_connect_object (msg, "got-headers",
                           G_CALLBACK (on_message_got_headers_cb), self,
                           G_CONNECT_DEFAULT);
}

static void
request_done (HubServer         *self,
              SoupServerMessage *msg,
              gboolean           aborted)
{
  gint64 *start = g_hash_table_lookup (self->active, msg);

  if (start == NULL)
    start = g_object_get_qdata (G_OBJECT (msg), started_quark ());

  if (start != NULL)
    log_request (msg, *start, aborted);

  g_hash_table_remove (self->active, msg);
}

static void
on_request_finished_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        HubServer         *self)
{
  request_done (self, msg, FALSE);
}

static void
on_request_aborted_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       HubServer         *self)
{
  request_done (self, msg, TRUE);
}

/* Runs once the headers are in, before any body is read: unknown paths and
 * methods are refused here so a body meant for them is never buffered. */
static void
early_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  HubServer *self = user_data;
  const HubRoute *route = NULL;
  g_auto(GStrv) params = NULL;
  HubMethods allowed = 0;
  RouteResult result;

  result = find_route (self, msg, &route, &params, &allowed);
  if (result != ROUTE_FOUND)
    respond_route_error (msg, result, allowed);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *soup_query,
            gpointer           user_data)
{
  HubServer *self = user_data;
  const HubRoute *route = NULL;
  g_auto(GStrv) params = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bad_field = NULL;
  HubMethods allowed = 0;
  RouteResult result;
  HubRequest request;

  result = find_route (self, msg, &route, &params, &allowed);
  if (result != ROUTE_FOUND)
    {
      respond_route_error (msg, result, allowed);
      return;
    }

  if (route->flags & HUB_ROUTE_PUBLIC)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Access-Control-Allow-Origin", "*");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Content-Type-Options", "nosniff");

  query = parse_query (g_uri_get_query (soup_server_message_get_uri (msg)), &bad_field, &error);
  if (query == NULL)
    {
      respond_error_message (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameter",
                             bad_field, error->message);
      return;
    }

  request.server = self;
  request.msg = msg;
  request.params = (const char * const *) params;
  request.query = query;

  route->handler (&request);

  if (soup_server_message_get_status (msg) == 0)
    {
      g_warning ("Handler for %s gave no response", g_uri_get_path (soup_server_message_get_uri (msg)));
      respond_error_message (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", NULL,
                             "The hub failed to answer");
    }
}

static void
hub_server_dispose (GObject *object)
{
  HubServer *self = (HubServer *)object;

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->socket);
  g_clear_pointer (&self->active, g_hash_table_unref);

  G_OBJECT_CLASS (hub_server_parent_class)->dispose (object);
}

static void
hub_server_finalize (GObject *object)
{
  HubServer *self = (HubServer *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->routes, g_ptr_array_unref);

  G_OBJECT_CLASS (hub_server_parent_class)->finalize (object);
}

static void
hub_server_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HubServer *self = HUB_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_server_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  HubServer *self = HUB_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hub_server_constructed (GObject *object)
{
  HubServer *self = (HubServer *)object;

  G_OBJECT_CLASS (hub_server_parent_class)->constructed (object);

  g_assert (DIR_IS_STORE (self->store));

  hub_directory_register (self);
}

static void
hub_server_class_init (HubServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hub_server_constructed;
  object_class->dispose = hub_server_dispose;
  object_class->finalize = hub_server_finalize;
  object_class->get_property = hub_server_get_property;
  object_class->set_property = hub_server_set_property;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DIR_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hub_server_init (HubServer *self)
{
  self->routes = g_ptr_array_new_with_free_func (hub_route_free);
  self->active = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->soup = soup_server_new ("server-header", "direction-hub", NULL);

  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);

  g_signal_connect_object (self->soup, "request-started",
                           G_CALLBACK (on_request_started_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->soup, "request-finished",
                           G_CALLBACK (on_request_finished_cb), self, G_CONNECT_DEFAULT);
  g_signal_connect_object (self->soup, "request-aborted",
                           G_CALLBACK (on_request_aborted_cb), self, G_CONNECT_DEFAULT);
}

HubServer *
hub_server_new (DirStore *store)
{
  g_return_val_if_fail (DIR_IS_STORE (store), NULL);

  return g_object_new (HUB_TYPE_SERVER,
                       "store", store,
                       NULL);
}

DirStore *
hub_server_get_store (HubServer *self)
{
  g_return_val_if_fail (HUB_IS_SERVER (self), NULL);

  return self->store;
}

gboolean
hub_server_listen (HubServer           *self,
                   GInetSocketAddress  *address,
                   GError             **error)
{
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (HUB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (address), FALSE);
  g_return_val_if_fail (self->socket == NULL, FALSE);

  /* Our own socket rather than soup_server_listen(), for the backlog. */
  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (address)),
                         G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP,
                         error);
  if (socket == NULL)
    return FALSE;

  if (!g_socket_bind (socket, G_SOCKET_ADDRESS (address), TRUE, error))
    return FALSE;

  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_listen (socket, error))
    return FALSE;

  if (!soup_server_listen_socket (self->soup, socket, 0, error))
    return FALSE;

  self->socket = g_steal_pointer (&socket);

  return TRUE;
}

guint16
hub_server_get_port (HubServer *self)
{
  g_autoptr(GSocketAddress) local = NULL;

  g_return_val_if_fail (HUB_IS_SERVER (self), 0);

  if (self->socket == NULL)
    return 0;

  local = g_socket_get_local_address (self->socket, NULL);
  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return 0;

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
}

char *
hub_server_dup_base_url (HubServer *self)
{
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *host = NULL;
  GInetAddress *inet;

  g_return_val_if_fail (HUB_IS_SERVER (self), NULL);

  if (self->socket == NULL)
    return NULL;

  local = g_socket_get_local_address (self->socket, NULL);
  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return NULL;

  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  host = g_inet_address_to_string (inet);

  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("http://[%s]:%u/", host,
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));

  return g_strdup_printf ("http://%s:%u/", host,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
}

guint
hub_server_get_n_active (HubServer *self)
{
  g_return_val_if_fail (HUB_IS_SERVER (self), 0);

  return g_hash_table_size (self->active);
}

void
hub_server_disconnect (HubServer *self)
{
  g_return_if_fail (HUB_IS_SERVER (self));

  soup_server_disconnect (self->soup);
  g_clear_object (&self->socket);
}

void
hub_server_add_route (HubServer     *self,
                      HubMethods     methods,
                      const char    *pattern,
                      HubRouteFlags  flags,
                      HubHandler     handler)
{
  HubRoute *route;

  g_return_if_fail (HUB_IS_SERVER (self));
  g_return_if_fail (pattern != NULL && pattern[0] == '/');
  g_return_if_fail (handler != NULL);

  route = g_new0 (HubRoute, 1);
  route->methods = methods;
  route->segments = split_path (pattern);
  route->flags = flags;
  route->handler = handler;

  g_return_if_fail (route->segments != NULL);

  g_ptr_array_add (self->routes, route);
}

const char *
hub_request_get_param (HubRequest *request,
                       const char *name)
{
  g_return_val_if_fail (request != NULL, NULL);

  return g_hash_table_lookup (request->query, name);
}

void
hub_request_take_json (HubRequest *request,
                       guint       status,
                       char       *json,
                       gsize       length)
{
  g_return_if_fail (request != NULL);

  soup_server_message_set_status (request->msg, status, NULL);
  soup_server_message_set_response (request->msg, "application/json",
                                    SOUP_MEMORY_TAKE, json, length);
}

void
hub_request_respond_node (HubRequest *request,
                          guint       status,
                          JsonNode   *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *text;
  gsize length;

  g_return_if_fail (request != NULL);
  g_return_if_fail (node != NULL);

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  hub_request_take_json (request, status, text, length);
}

void
hub_request_respond_error (HubRequest *request,
                           guint       status,
                           const char *code,
                           const char *field,
                           const char *format,
                           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (request != NULL);
  g_return_if_fail (status >= 400);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  respond_error_message (request->msg, status, code, field, message);
}
