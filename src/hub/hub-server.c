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
#include <time.h>
#include <unistd.h>

#include "hub-server-private.h"

/* GLib listens with a backlog of 10, which drops connections under load. */
#define LISTEN_BACKLOG       1024
/* Query strings are tiny in this API; anything bigger is an attack or a bug. */
#define MAX_QUERY_PARAMS     32
/* Paths are logged percent-encoded (so never with control bytes), cut to this. */
#define MAX_LOGGED_PATH      200

/* Request limits (see hub_server_set_limits()).  Routes that want less check
 * the body they get themselves. */
#define DEFAULT_MAX_BODY_SIZE     (1024 * 1024)
/* No byte moving either way for this long: the connection is dropped (an idle
 * keep-alive connection, a client that stalls mid-request or stops reading
 * its answer). */
#define DEFAULT_IO_TIMEOUT_S      30
/* Headers and body must have arrived this long after the request started,
 * however slowly they trickle in. */
#define DEFAULT_REQUEST_TIMEOUT_S 60
/* After refusing an oversize body, how long and how much of the rest of it
 * we read (and drop) so the client sees the 413 rather than a reset. */
#define LINGER_TIMEOUT_MS         2000
#define LINGER_MAX_BYTES          (4 * 1024 * 1024)

typedef struct
{
  HubMethods     methods;
  char         **segments;  /* pattern split on '/', "{}" matches one segment */
  guint          n_segments;
  HubRouteFlags  flags;
  HubHandler     handler;
} HubRoute;

/* What the early handler found, for the handler once the body is in. */
typedef struct
{
  const HubRoute *route;
  GStrv           params;
} Routed;

struct _HubServer
{
  GObject      parent_instance;

  DirStore    *store;
  HubDb       *db;
  SoupServer  *soup;
  GSocket     *socket;    /* our listening socket, NULL until listening */
  GPtrArray   *routes;    /* of HubRoute */
  GHashTable  *active;    /* SoupServerMessage → monotonic start (µs), boxed */

  GTlsCertificate *tls_certificate;
  /* Kept-alive connections between requests: GSocket → monotonic time the
   * last answer went out (µs, boxed), swept every second. */
  GHashTable  *idle;
  guint        idle_sweep_id;
  gsize        max_body_size;
  guint        io_timeout_s;
  guint        request_timeout_s;
};

G_DEFINE_FINAL_TYPE (HubServer, hub_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_DB,
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
      g_autofree char *decoded = NULL;
      const char *segment = raw[i];

      /* The common case has nothing to decode. */
      if (strchr (segment, '%') != NULL)
        segment = decoded = g_uri_unescape_segment (raw[i], NULL, NULL);

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
  guint n_segments;

  segments = split_path (g_uri_get_path (soup_server_message_get_uri (msg)));
  if (segments == NULL)
    return ROUTE_BAD_PATH;

  n_segments = g_strv_length (segments);
  method = method_from_string (soup_server_message_get_method (msg));

  for (guint i = 0; i < self->routes->len; i++)
    {
      const HubRoute *route = g_ptr_array_index (self->routes, i);
      gboolean match = TRUE;

      if (route->n_segments != n_segments)
        continue;

      for (guint j = 0; match && j < n_segments; j++)
        {
          if (g_str_equal (route->segments[j], "{}"))
            match = segments[j][0] != '\0';
          else
            match = g_str_equal (route->segments[j], segments[j]);
        }

      if (!match)
        continue;

      if ((route->methods & method) != 0)
        {
          g_autoptr(GStrvBuilder) params = g_strv_builder_new ();

          for (guint j = 0; j < n_segments; j++)
            {
              if (g_str_equal (route->segments[j], "{}"))
                g_strv_builder_add (params, segments[j]);
            }

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

static GQuark
deadline_quark (void)
{
  return g_quark_from_static_string ("hub-request-deadline");
}

static GQuark
body_size_quark (void)
{
  return g_quark_from_static_string ("hub-request-body-size");
}

static GQuark
rejected_quark (void)
{
  return g_quark_from_static_string ("hub-request-rejected");
}

static GQuark
routed_quark (void)
{
  return g_quark_from_static_string ("hub-request-routed");
}

static void
routed_free (gpointer data)
{
  Routed *routed = data;

  g_strfreev (routed->params);
  g_free (routed);
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

/* The request log, one line per request in g_message()'s own format
 * ("Hub-Message: 12:34:56.789: …"), written with one write(2): GLib's
 * default writer costs a dozen system calls per line (terminal and journald
 * probes, unbuffered pieces), a fifth of the time of a small request. */
static void
access_log (const char *format,
            ...) G_GNUC_PRINTF (1, 2);

static void
access_log (const char *format,
            ...)
{
  char line[1024];
  gint64 now = g_get_real_time ();
  time_t seconds = (time_t) (now / G_USEC_PER_SEC);
  struct tm tm;
  va_list args;
  int n;
  int m;

  localtime_r (&seconds, &tm);
  n = g_snprintf (line, sizeof line, "%s-Message: %02d:%02d:%02d.%03d: ",
                  G_LOG_DOMAIN, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  (int) ((now % G_USEC_PER_SEC) / 1000));

  va_start (args, format);
  m = g_vsnprintf (line + n, sizeof line - n - 1, format, args);
  va_end (args);

  n = MIN (n + MAX (m, 0), (int) sizeof line - 2);
  line[n++] = '\n';

  if (write (STDERR_FILENO, line, n) < 0)
    {
      /* Nowhere to say so. */
    }
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
    access_log ("method=%s path=%.*s%s aborted=true duration_ms=%.2f",
               soup_server_message_get_method (msg),
               (int) MIN (path_len, MAX_LOGGED_PATH), path,
               path_len > MAX_LOGGED_PATH ? "..." : "",
               ms);
  else
    access_log ("method=%s path=%.*s%s status=%u duration_ms=%.2f",
               soup_server_message_get_method (msg),
               (int) MIN (path_len, MAX_LOGGED_PATH), path,
               path_len > MAX_LOGGED_PATH ? "..." : "",
               soup_server_message_get_status (msg),
               ms);
}

/* Called from the early handler: the request's headers are in. */
static void
request_got_headers (HubServer         *self,
                     SoupServerMessage *msg)
{
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_hash_table_insert (self->active, g_object_ref (msg), start);
}

static void
remove_source (gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

/* The request was not all in within request_timeout_s: drop the connection.
 * libsoup sees the end of its input and aborts the message. */
static gboolean
request_deadline_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);

  /* This source is being dispatched: forget it without removing it. */
  g_object_steal_qdata (G_OBJECT (msg), deadline_quark ());

  g_message ("Dropping a connection whose request did not arrive in time");
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);

  return G_SOURCE_REMOVE;
}

typedef struct
{
  GIOStream    *stream;
  GCancellable *cancellable;
  char         *response;
  gsize         length;
  gsize         drained;
  guint         timeout_id;
  guint8        buffer[16384];
} Rejection;

static void
rejection_free (Rejection *rejection)
{
  g_clear_handle_id (&rejection->timeout_id, g_source_remove);
  g_io_stream_close_async (rejection->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&rejection->stream);
  g_clear_object (&rejection->cancellable);
  g_free (rejection->response);
  g_free (rejection);
}

static gboolean
rejection_timeout_cb (gpointer user_data)
{
  Rejection *rejection = user_data;

  rejection->timeout_id = 0;
  g_cancellable_cancel (rejection->cancellable);
  return G_SOURCE_REMOVE;
}

static void
rejection_drain_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Rejection *rejection = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0 || (rejection->drained += n) >= LINGER_MAX_BYTES)
    {
      rejection_free (rejection);
      return;
    }

  g_input_stream_read_async (G_INPUT_STREAM (object),
                             rejection->buffer, sizeof rejection->buffer,
                             G_PRIORITY_LOW, rejection->cancellable,
                             rejection_drain_cb, rejection);
}

static void
rejection_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Rejection *rejection = user_data;
  GOutputStream *output = G_OUTPUT_STREAM (object);

  if (!g_output_stream_write_all_finish (output, result, NULL, NULL) ||
      !g_output_stream_flush (output, NULL, NULL))
    {
      rejection_free (rejection);
      return;
    }

  /* Read and drop what the client is still sending for a moment: closing
   * with unread input makes the kernel reset the connection, and the client
   * could lose the answer. */
  rejection->timeout_id = g_timeout_add (LINGER_TIMEOUT_MS, rejection_timeout_cb, rejection);
  g_input_stream_read_async (g_io_stream_get_input_stream (rejection->stream),
                             rejection->buffer, sizeof rejection->buffer,
                             G_PRIORITY_LOW, rejection->cancellable,
                             rejection_drain_cb, rejection);
}

/* Answers 413 before the body is read (or while it is, for a chunked one),
 * and closes the connection: libsoup would otherwise read the whole body
 * before sending any answer.  The connection is taken from libsoup and
 * answered by hand. */
static void
reject_oversize_body (HubServer         *self,
                      SoupServerMessage *msg)
{
  g_autofree char *body = NULL;
  g_autoptr(GString) response = NULL;
  Rejection *rejection;
  gint64 *start;
  GIOStream *stream;

  if (g_object_get_qdata (G_OBJECT (msg), rejected_quark ()) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (msg), rejected_quark (), GINT_TO_POINTER (TRUE));

  body = g_strdup_printf ("{\"error\":{\"code\":\"payload_too_large\","
                          "\"message\":\"The request body is larger than %" G_GSIZE_FORMAT
                          " bytes\"}}", self->max_body_size);
  response = g_string_new (NULL);
  g_string_append_printf (response,
                          "HTTP/1.1 413 Payload Too Large\r\n"
                          "Server: direction-hub\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "X-Content-Type-Options: nosniff\r\n"
                          "Connection: close\r\n"
                          "\r\n%s",
                          strlen (body), body);

  /* Logged now: libsoup never reports a message whose connection it gave up. */
  soup_server_message_set_status (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL);
  start = g_hash_table_lookup (self->active, msg);
  if (start == NULL)
    start = g_object_get_qdata (G_OBJECT (msg), started_quark ());
  if (start != NULL)
    {
      GUri *uri = soup_server_message_get_uri (msg);

      access_log ("method=%s path=%.*s status=413 duration_ms=%.2f",
                 soup_server_message_get_method (msg),
                 MAX_LOGGED_PATH, uri != NULL ? g_uri_get_path (uri) : "",
                 (g_get_monotonic_time () - *start) / 1000.0);
    }
  g_hash_table_remove (self->active, msg);
  g_object_set_qdata (G_OBJECT (msg), deadline_quark (), NULL);

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;

  rejection = g_new0 (Rejection, 1);
  rejection->stream = stream;
  rejection->cancellable = g_cancellable_new ();
  rejection->length = response->len;
  rejection->response = g_string_free (g_steal_pointer (&response), FALSE);

  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   rejection->response, rejection->length,
                                   G_PRIORITY_DEFAULT, rejection->cancellable,
                                   rejection_written_cb, rejection);
}

static void
on_message_got_chunk_cb (SoupServerMessage *msg,
                         GBytes            *chunk,
                         HubServer         *self)
{
  gsize size = GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (msg), body_size_quark ()));

  size += g_bytes_get_size (chunk);
  g_object_set_qdata (G_OBJECT (msg), body_size_quark (), GSIZE_TO_POINTER (size));

  if (size > self->max_body_size)
    reject_oversize_body (self, msg);
}

static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       HubServer         *self)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  gint64 *start = g_new (gint64, 1);
  guint deadline_id;

  /* Replaced by the got-headers time when the request line parses; kept for
   * the log of requests libsoup itself refuses (bad request target). */
  *start = g_get_monotonic_time ();
  g_object_set_qdata_full (G_OBJECT (msg), started_quark (), start, g_free);

  /* SoupServer 3.2 has no timeouts of its own.  A GSocket timeout makes every
   * wait on the connection's pollable streams give up with TIMED_OUT after
   * io_timeout_s without progress, and libsoup then drops the connection:
   * a client stalling mid-request or not reading its answer.  TLS goes
   * through the same socket.  (Between requests see request_done().) */
  if (socket != NULL)
    {
      g_hash_table_remove (self->idle, socket);
      if (self->io_timeout_s > 0)
        g_socket_set_timeout (socket, self->io_timeout_s);
    }

  if (self->request_timeout_s > 0)
    {
      deadline_id = g_timeout_add_seconds (self->request_timeout_s, request_deadline_cb, msg);
      g_object_set_qdata_full (G_OBJECT (msg), deadline_quark (),
                               GUINT_TO_POINTER (deadline_id), remove_source);
    }

}

/* Closes kept-alive connections idle for io_timeout_s.  libsoup 3.2 starts
 * the next request of a connection (request-started) only once its first
 * bytes arrive, and it does not close a kept-alive connection whose wait for
 * them times out (it keeps it, unread): so between requests the GSocket
 * timeout is off and this sweep shuts idle sockets down instead, which
 * libsoup sees as the client closing. */
static gboolean
idle_sweep_cb (gpointer user_data)
{
  HubServer *self = user_data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->idle);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (now - *(gint64 *) value >= (gint64) self->io_timeout_s * G_USEC_PER_SEC)
        {
          g_socket_shutdown (G_SOCKET (key), TRUE, TRUE, NULL);
          g_hash_table_iter_remove (&iter);
        }
    }

  return G_SOURCE_CONTINUE;
}

/* Whether libsoup keeps the connection for another request. */
static gboolean
is_kept_alive (SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  if (soup_message_headers_header_contains (response, "Connection", "close") ||
      soup_message_headers_header_contains (request, "Connection", "close"))
    return FALSE;

  if (soup_server_message_get_http_version (msg) == SOUP_HTTP_1_0)
    return soup_message_headers_header_contains (request, "Connection", "keep-alive");

  return TRUE;
}

static void
request_done (HubServer         *self,
              SoupServerMessage *msg,
              gboolean           aborted)
{
  gint64 *start = g_hash_table_lookup (self->active, msg);
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL && self->io_timeout_s > 0 && !aborted && is_kept_alive (msg) &&
      g_socket_is_connected (socket))
    {
      gint64 *finished = g_new (gint64, 1);

      *finished = g_get_monotonic_time ();
      g_socket_set_timeout (socket, 0);
      g_hash_table_replace (self->idle, g_object_ref (socket), finished);
    }

  if (start == NULL)
    start = g_object_get_qdata (G_OBJECT (msg), started_quark ());

  if (start != NULL)
    log_request (msg, *start, aborted);

  g_hash_table_remove (self->active, msg);
  g_object_set_qdata (G_OBJECT (msg), deadline_quark (), NULL);
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
  SoupMessageHeaders *headers;
  SoupEncoding encoding;
  HubMethods allowed = 0;
  RouteResult result;
  Routed *routed;

  request_got_headers (self, msg);

  /* Before routing: whatever the path, libsoup reads the body it is
   * promised before any answer goes out. */
  headers = soup_server_message_get_request_headers (msg);
  encoding = soup_message_headers_get_encoding (headers);
  if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) self->max_body_size)
    {
      reject_oversize_body (self, msg);
      return;
    }
  else if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    {
      /* No size up front: count as it comes. */
      g_signal_connect_object (msg, "got-chunk",
                               G_CALLBACK (on_message_got_chunk_cb), self,
                               G_CONNECT_DEFAULT);
    }

  result = find_route (self, msg, &route, &params, &allowed);
  if (result != ROUTE_FOUND)
    {
      respond_route_error (msg, result, allowed);
      return;
    }

  routed = g_new (Routed, 1);
  routed->route = route;
  routed->params = g_steal_pointer (&params);
  g_object_set_qdata_full (G_OBJECT (msg), routed_quark (), routed, routed_free);
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
  Routed *routed;

  /* The whole request is in: its deadline is met. */
  g_object_set_qdata (G_OBJECT (msg), deadline_quark (), NULL);

  routed = g_object_get_qdata (G_OBJECT (msg), routed_quark ());
  if (routed != NULL)
    {
      route = routed->route;
      params = g_steal_pointer (&routed->params);
    }
  else
    {
      result = find_route (self, msg, &route, &params, &allowed);
      if (result != ROUTE_FOUND)
        {
          respond_route_error (msg, result, allowed);
          return;
        }
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
  g_clear_handle_id (&self->idle_sweep_id, g_source_remove);
  g_clear_pointer (&self->idle, g_hash_table_unref);

  G_OBJECT_CLASS (hub_server_parent_class)->dispose (object);
}

static void
hub_server_finalize (GObject *object)
{
  HubServer *self = (HubServer *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->db);
  g_clear_object (&self->tls_certificate);
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

    case PROP_DB:
      g_value_set_object (value, self->db);
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

    case PROP_DB:
      self->db = g_value_dup_object (value);
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
  g_assert (HUB_IS_DB (self->db));

  hub_directory_register (self);
  hub_accounts_register (self);
  hub_referrals_register (self);
  hub_changes_register (self);
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
  properties [PROP_DB] =
    g_param_spec_object ("db", NULL, NULL,
                         HUB_TYPE_DB,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hub_server_init (HubServer *self)
{
  self->routes = g_ptr_array_new_with_free_func (hub_route_free);
  self->active = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->idle = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->soup = soup_server_new ("server-header", "direction-hub", NULL);
  self->max_body_size = DEFAULT_MAX_BODY_SIZE;
  self->io_timeout_s = DEFAULT_IO_TIMEOUT_S;
  self->request_timeout_s = DEFAULT_REQUEST_TIMEOUT_S;

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
hub_server_new (DirStore *store,
                HubDb    *db)
{
  g_return_val_if_fail (DIR_IS_STORE (store), NULL);
  g_return_val_if_fail (HUB_IS_DB (db), NULL);

  return g_object_new (HUB_TYPE_SERVER,
                       "store", store,
                       "db", db,
                       NULL);
}

HubDb *
hub_server_get_db (HubServer *self)
{
  g_return_val_if_fail (HUB_IS_SERVER (self), NULL);

  return self->db;
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

  if (!soup_server_listen_socket (self->soup, socket,
                                  self->tls_certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0,
                                  error))
    return FALSE;

  self->socket = g_steal_pointer (&socket);

  if (self->io_timeout_s > 0)
    self->idle_sweep_id = g_timeout_add_seconds (1, idle_sweep_cb, self);

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
  const char *scheme;
  GInetAddress *inet;

  g_return_val_if_fail (HUB_IS_SERVER (self), NULL);

  scheme = self->tls_certificate != NULL ? "https" : "http";

  if (self->socket == NULL)
    return NULL;

  local = g_socket_get_local_address (self->socket, NULL);
  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return NULL;

  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  host = g_inet_address_to_string (inet);

  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("%s://[%s]:%u/", scheme, host,
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));

  return g_strdup_printf ("%s://%s:%u/", scheme, host,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
}

void
hub_server_set_tls_certificate (HubServer       *self,
                                GTlsCertificate *certificate)
{
  g_return_if_fail (HUB_IS_SERVER (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));
  g_return_if_fail (self->socket == NULL);

  g_set_object (&self->tls_certificate, certificate);
  g_object_set (self->soup, "tls-certificate", certificate, NULL);
}

void
hub_server_set_limits (HubServer *self,
                       gsize      max_body_size,
                       guint      io_timeout_s,
                       guint      request_timeout_s)
{
  g_return_if_fail (HUB_IS_SERVER (self));
  g_return_if_fail (max_body_size > 0);

  self->max_body_size = max_body_size;
  self->io_timeout_s = io_timeout_s;
  self->request_timeout_s = request_timeout_s;
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
  g_clear_handle_id (&self->idle_sweep_id, g_source_remove);
  g_hash_table_remove_all (self->idle);
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
  route->n_segments = route->segments != NULL ? g_strv_length (route->segments) : 0;
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

/* The client's address, for rate limits and the audit log ("127.0.0.1"). */
char *
hub_request_dup_peer (HubRequest *request)
{
  GSocketAddress *address = soup_server_message_get_remote_address (request->msg);

  if (G_IS_INET_SOCKET_ADDRESS (address))
    return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));

  return g_strdup ("unknown");
}
