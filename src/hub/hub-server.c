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

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

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
/* The request log is written in pieces of at most this many bytes, each whole
 * lines: a write(2) to a pipe (journald) this size is never interleaved with
 * another thread's. */
#define LOG_WRITE_MAX             4096
#define LOG_LINE_MAX              1024
/* Answers with bodies up to this size are sent corked (see cork_answer()). */
#define CORK_MAX_BODY             (16 * 1024)
/* The lean path (see "lean connections"): how much of a request head it
 * looks at (a longer head goes to libsoup), how many requests of one
 * connection it answers in a row before letting the others have a turn, and
 * how many events and new connections it takes per wake-up. */
#define LEAN_HEAD_MAX             8192
/* The longest request head libsoup reads (it drops the connection of a
 * longer one without an answer). */
#define LEAN_HEAD_LIMIT           (64 * 1024)
#define LEAN_MAX_IN_A_ROW         16
#define LEAN_EVENTS               64
#define LEAN_MAX_ACCEPTS          64
/* Out of file descriptors: how long the thread stops taking connections,
 * and how often it says so at most. */
#define LEAN_ACCEPT_PAUSE_MS      100
#define LEAN_ACCEPT_WARN_S        10

typedef struct
{
  HubMethods     methods;
  char         **segments;  /* pattern split on '/', "{}" matches one segment */
  gsize         *lengths;   /* of segments */
  gboolean      *is_param;  /* segments[i] is "{}" */
  guint          n_segments;
  guint          n_params;
  HubRouteFlags  flags;
  HubHandler     handler;
} HubRoute;

/* What the early handler found, for the handler once the body is in. */
typedef struct
{
  const HubRoute *route;
  GStrv           params;
} Routed;

/* A serving thread's request log: whole lines, written together each time
 * the thread's main loop is about to wait (turn_source_funcs), instead of a
 * write(2) per request. */
typedef struct
{
  GString *pending;
  gint64   second;      /* the second stamp is for */
  char     stamp[16];   /* "12:34:56", local time */
} HubLog;

/* A connection the lean path answers itself (see "lean connections"). */
typedef struct
{
  HubThread  *thread;
  int         fd;
  gint64      last_io;      /* monotonic µs of the last byte moved either way */
  /* The answer being sent (counted in n_active): its head, its body (none
   * for HEAD), how much of both is out, and what its log line says. */
  gboolean    answering;
  GString    *out_head;
  GBytes     *out_body;
  gsize       out_sent;
  gboolean    close_after;
  const char *log_method;
  char       *log_path;
  guint       log_status;
  gint64      log_start;
} LeanConn;

/* One serving thread: its main context, SoupServer and listening socket,
 * the requests it is answering, and its own database connections.
 * Everything here but n_active and the read-only members belongs to the
 * thread.  Thread 0 is the main thread (the caller of hub_server_listen()),
 * whose store and hub connection are the server's own; it takes connections
 * (has a socket and a SoupServer) only when it is the only thread. */
struct _HubThread
{
  HubServer    *server;     /* not owned: it owns us */
  guint         index;
  GMainContext *context;
  GMainLoop    *loop;       /* workers */
  GThread      *thread;     /* workers, until joined */
  SoupServer   *soup;
  GSocket      *socket;     /* our listening socket */
  GHashTable   *active;     /* SoupServerMessage → monotonic start (µs), boxed */
  gint          n_active;   /* the size of active, read by any thread (atomic) */
  /* Kept-alive connections between requests: GSocket → monotonic time the
   * last answer went out (µs, boxed), swept every second. */
  GHashTable   *idle;
  /* Requests whose headers or body are still coming: SoupServerMessage
   * (a set), checked against request_timeout_s by the sweep. */
  GHashTable   *receiving;
  GSource      *sweep;
  DirStore     *store;
  sqlite3      *db;
  gboolean      own_db;     /* workers: db is ours to close */
  GData        *data;       /* hub_request_set_thread_data() */
  HubLog        log;
  GSource      *turn_source;
  gboolean      in_snapshot;  /* db is in a read transaction of ours */
  gboolean      stopped;
  /* The lean path (plain http only): the listening socket and the
   * connections answered here, on one epoll instance watched by
   * lean_source; connections handed to libsoup, by remote address. */
  int           epfd;
  GSource      *lean_source;
  /* Out of file descriptors: the listening socket is out of epoll until
   * this fires (else its readiness would spin the thread). */
  GSource      *accept_pause;
  gint64        accept_warned;  /* monotonic µs of the last such warning */
  GHashTable   *lean_conns;   /* LeanConn set, owned */
  GHashTable   *handed;       /* GSocketAddress → GSocket */
  SoupMessageHeaders *lean_request_headers;
  SoupMessageHeaders *lean_response_headers;
  gint64        date_second;
  char          date[64];     /* the Date header for date_second */
};

/* A request for a main-thread route taken by a worker, on its way. */
typedef struct
{
  HubServer         *server;
  HubThread         *from;
  SoupServerMessage *msg;
  const HubRoute    *route;
  GStrv              params;
  GSource           *source;  /* on the main context, while in forwards */
} Forward;

struct _HubServer
{
  GObject      parent_instance;

  DirStore    *store;
  HubDb       *db;
  GPtrArray   *routes;    /* of HubRoute, fixed once listening */
  guint        n_threads;
  GPtrArray   *threads;   /* of HubThread, [0] the main thread; NULL until listening */
  GMainContext *main_context;

  GTlsCertificate *tls_certificate;
  gsize        max_body_size;
  guint        io_timeout_s;
  guint        request_timeout_s;

  /* Forwards waiting on the main context, and whether to take more. */
  GMutex       lock;
  GHashTable  *forwards;
  gboolean     stopping;
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
  g_free (route->lengths);
  g_free (route->is_param);
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

/* One segment of a request path, not copied. */
typedef struct
{
  const char *text;
  gsize       length;
} PathSegment;

/* Paths this deep or less, with nothing percent-encoded (every path of this
 * API), are matched in place; others go through split_path(). */
#define MAX_PLAIN_SEGMENTS 8

/* The segments of a path as split_path() would make them, without copying:
 * FALSE when the path has an escape, is not UTF-8 or is too deep. */
static gboolean
split_plain_path (const char  *path,
                  PathSegment *segments,
                  guint       *n_segments)
{
  const char *p;
  const char *end;
  gsize length;
  guint n = 0;

  if (path == NULL || path[0] != '/' || strchr (path, '%') != NULL)
    return FALSE;

  length = strlen (path);
  if (!g_utf8_validate_len (path, length, NULL))
    return FALSE;

  p = path + 1;
  end = path + length;
  if (end > p && end[-1] == '/')
    end--;

  while (p < end || (n > 0 && p == end))
    {
      const char *slash = memchr (p, '/', end - p);
      const char *stop = slash != NULL ? slash : end;

      if (n == MAX_PLAIN_SEGMENTS)
        return FALSE;

      segments[n].text = p;
      segments[n].length = stop - p;
      n++;

      if (slash == NULL)
        break;
      p = slash + 1;
    }

  *n_segments = n;
  return TRUE;
}

static RouteResult
find_route (HubServer       *self,
            const char      *path,
            const char      *method_name,
            const HubRoute **out_route,
            GStrv           *out_params,
            HubMethods      *out_allowed)
{
  PathSegment plain[MAX_PLAIN_SEGMENTS];
  g_autofree PathSegment *decoded_segments = NULL;
  g_auto(GStrv) decoded = NULL;
  const PathSegment *segments = plain;
  HubMethods method;
  HubMethods allowed = 0;
  guint n_segments;

  if (!split_plain_path (path, plain, &n_segments))
    {
      decoded = split_path (path);
      if (decoded == NULL)
        return ROUTE_BAD_PATH;

      n_segments = g_strv_length (decoded);
      decoded_segments = g_new (PathSegment, MAX (n_segments, 1));
      for (guint i = 0; i < n_segments; i++)
        {
          decoded_segments[i].text = decoded[i];
          decoded_segments[i].length = strlen (decoded[i]);
        }
      segments = decoded_segments;
    }

  method = method_from_string (method_name);

  for (guint i = 0; i < self->routes->len; i++)
    {
      const HubRoute *route = g_ptr_array_index (self->routes, i);
      gboolean match = TRUE;

      if (route->n_segments != n_segments)
        continue;

      for (guint j = 0; match && j < n_segments; j++)
        {
          if (route->is_param[j])
            match = segments[j].length > 0;
          else
            match = route->lengths[j] == segments[j].length &&
                    memcmp (route->segments[j], segments[j].text, segments[j].length) == 0;
        }

      if (!match)
        continue;

      if ((route->methods & method) != 0)
        {
          GStrv params = g_new0 (char *, route->n_params + 1);
          guint k = 0;

          for (guint j = 0; j < n_segments; j++)
            {
              if (route->is_param[j])
                params[k++] = g_strndup (segments[j].text, segments[j].length);
            }

          *out_route = route;
          *out_params = params;
          return ROUTE_FOUND;
        }

      allowed |= route->methods;
    }

  *out_allowed = allowed;
  return allowed != 0 ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}

/* Keys of what the hub keeps on a message (g_object_set_qdata()), made once
 * in class_init: g_quark_from_static_string() takes a process-wide lock the
 * serving threads would contend for on every request. */
static struct
{
  GQuark answered_5xx;  /* an answer of ours was a 5xx (not an abort) */
  GQuark started;       /* request-started time, for requests refused early */
  GQuark body_size;     /* bytes of a chunked body so far */
  GQuark rejected;      /* answered 413 by hand */
  GQuark routed;        /* the early handler's Routed */
  GQuark owner;         /* the HubThread owning the connection */
  GQuark done;          /* libsoup reported it finished or aborted */
  GQuark corked;        /* TCP_CORK is on for its answer */
} quarks;

static void
routed_free (gpointer data)
{
  Routed *routed = data;

  g_strfreev (routed->params);
  g_free (routed);
}

/* A HubRequest for a message libsoup is answering (with no handler yet). */
static void
request_init_message (HubRequest        *request,
                      HubThread         *thread,
                      SoupServerMessage *msg)
{
  memset (request, 0, sizeof *request);
  request->server = thread->server;
  request->msg = msg;
  request->thread = thread;
}

static guint
request_get_status (HubRequest *request)
{
  if (request->msg != NULL)
    return soup_server_message_get_status (request->msg);
  return request->status;
}

static void
respond_error_request (HubRequest *request,
                       guint       status,
                       const char *code,
                       const char *field,
                       const char *message)
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

  hub_request_take_json (request, status, text, length);

  if (status >= 500 && request->msg != NULL)
    g_object_set_qdata (G_OBJECT (request->msg), quarks.answered_5xx, GINT_TO_POINTER (TRUE));
}

static void
respond_error_message (HubThread         *thread,
                       SoupServerMessage *msg,
                       guint              status,
                       const char        *code,
                       const char        *field,
                       const char        *message)
{
  HubRequest request;

  request_init_message (&request, thread, msg);
  respond_error_request (&request, status, code, field, message);
}

static void
respond_route_error (HubThread         *thread,
                     SoupServerMessage *msg,
                     RouteResult        result,
                     HubMethods         allowed)
{
  switch (result)
    {
    case ROUTE_BAD_PATH:
      respond_error_message (thread, msg, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL,
                             "The request path is not valid percent-encoded UTF-8");
      break;

    case ROUTE_NOT_FOUND:
      respond_error_message (thread, msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
                             "No such resource");
      break;

    case ROUTE_BAD_METHOD:
      {
        g_autofree char *allow = allow_header_for (allowed);
        g_autofree char *message = g_strdup_printf ("Method not allowed here; use %s", allow);

        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Allow", allow);
        respond_error_message (thread, msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                               "method_not_allowed", NULL, message);
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
log_flush (HubLog *log)
{
  const char *data = log->pending->str;
  gsize left = log->pending->len;

  while (left > 0)
    {
      gssize n = write (STDERR_FILENO, data, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;  /* nowhere to say so */
      data += n;
      left -= n;
    }

  g_string_truncate (log->pending, 0);
}

/* The request log, one line per request in g_message()'s own format
 * ("Hub-Message: 12:34:56.789: …").  GLib's default writer costs a dozen
 * system calls per line (terminal and journald probes, unbuffered pieces),
 * a fifth of the time of a small request: the thread's lines are written
 * together instead, before its main loop next waits, so a line is never
 * later than the batch of requests it belongs to. */
static void
access_log (HubLog     *log,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
access_log (HubLog     *log,
            const char *format,
            ...)
{
  char line[LOG_LINE_MAX];
  gint64 now = g_get_real_time ();
  va_list args;
  int n;
  int m;

  if (now / G_USEC_PER_SEC != log->second)
    {
      time_t seconds = (time_t) (now / G_USEC_PER_SEC);
      struct tm tm;

      localtime_r (&seconds, &tm);
      g_snprintf (log->stamp, sizeof log->stamp, "%02d:%02d:%02d",
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
      log->second = now / G_USEC_PER_SEC;
    }

  n = g_snprintf (line, sizeof line, G_LOG_DOMAIN "-Message: %s.%03d: ",
                  log->stamp, (int) ((now % G_USEC_PER_SEC) / 1000));

  va_start (args, format);
  m = g_vsnprintf (line + n, sizeof line - n - 1, format, args);
  va_end (args);

  n = MIN (n + MAX (m, 0), (int) sizeof line - 2);
  line[n++] = '\n';

  if (log->pending->len + n > LOG_WRITE_MAX)
    log_flush (log);
  g_string_append_len (log->pending, line, n);
}

/* A serving thread's database snapshot (see hub_request_get_db_handle()):
 * ended before the thread waits again. */
static void
end_snapshot (HubThread *thread)
{
  if (!thread->in_snapshot)
    return;

  thread->in_snapshot = FALSE;
  if (!sqlite3_get_autocommit (thread->db) &&
      sqlite3_exec (thread->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    sqlite3_exec (thread->db, "ROLLBACK", NULL, NULL, NULL);
}

/* The end of a turn of a serving thread's main loop: its prepare is called
 * each time the loop is about to poll (never ready itself), and writes the
 * turn's request log lines and ends its database snapshot. */
typedef struct
{
  GSource    source;
  HubThread *thread;
} TurnSource;

static gboolean
turn_source_prepare (GSource *source,
                     gint    *timeout)
{
  HubThread *thread = ((TurnSource *) source)->thread;

  end_snapshot (thread);
  if (thread->log.pending->len > 0)
    log_flush (&thread->log);

  *timeout = -1;
  return FALSE;
}

static gboolean
turn_source_check (GSource *source)
{
  return FALSE;
}

static gboolean
turn_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs turn_source_funcs = {
  turn_source_prepare,
  turn_source_check,
  turn_source_dispatch,
  NULL, NULL, NULL
};

static void
log_request (HubThread         *thread,
             SoupServerMessage *msg,
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
  if (aborted && g_object_get_qdata (G_OBJECT (msg), quarks.answered_5xx) == NULL)
    access_log (&thread->log, "method=%s path=%.*s%s aborted=true duration_ms=%.2f thread=%u",
               soup_server_message_get_method (msg),
               (int) MIN (path_len, MAX_LOGGED_PATH), path,
               path_len > MAX_LOGGED_PATH ? "..." : "",
               ms, thread->index);
  else
    access_log (&thread->log, "method=%s path=%.*s%s status=%u duration_ms=%.2f thread=%u",
               soup_server_message_get_method (msg),
               (int) MIN (path_len, MAX_LOGGED_PATH), path,
               path_len > MAX_LOGGED_PATH ? "..." : "",
               soup_server_message_get_status (msg),
               ms, thread->index);
}


/* A timeout on the calling thread's main context (the thread that owns
 * whatever the callback touches).  Returns the attached source, a
 * reference the caller keeps. */
static GSource *
add_timeout_here (guint       interval_ms,
                  GSourceFunc func,
                  gpointer    data)
{
  GSource *source = interval_ms % 1000 == 0 ? g_timeout_source_new_seconds (interval_ms / 1000)
                                            : g_timeout_source_new (interval_ms);

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

static void
destroy_source (gpointer data)
{
  GSource *source = data;

  g_source_destroy (source);
  g_source_unref (source);
}

static void
active_add (HubThread         *thread,
            SoupServerMessage *msg,
            gint64            *start)
{
  if (!g_hash_table_contains (thread->active, msg))
    g_atomic_int_inc (&thread->n_active);
  g_hash_table_replace (thread->active, g_object_ref (msg), start);
}

static void
active_remove (HubThread         *thread,
               SoupServerMessage *msg)
{
  if (g_hash_table_remove (thread->active, msg))
    g_atomic_int_add (&thread->n_active, -1);
}

/* Called from the early handler: the request's headers are in. */
static void
request_got_headers (HubThread         *thread,
                     SoupServerMessage *msg)
{
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  active_add (thread, msg, start);
}

/* The socket of a message's connection.  libsoup knows it for the
 * connections it accepted itself, not for those the lean path handed it
 * (soup_server_accept_iostream()), which the thread keeps by their remote
 * address (the very object libsoup gives the message). */
static GSocket *
message_socket (HubThread         *thread,
                SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket == NULL && thread != NULL && thread->handed != NULL)
    socket = g_hash_table_lookup (thread->handed, soup_server_message_get_remote_address (msg));

  return socket;
}

/* The request was not all in within request_timeout_s: drop the connection.
 * libsoup sees the end of its input and aborts the message. */
static void
drop_late_request (HubThread         *thread,
                   SoupServerMessage *msg)
{
  GSocket *socket = message_socket (thread, msg);

  g_message ("Dropping a connection whose request did not arrive in time");
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

typedef struct
{
  GIOStream    *stream;
  GCancellable *cancellable;
  char         *response;
  gsize         length;
  gsize         drained;
  GSource      *timeout;
  guint8        buffer[16384];
} Rejection;

static void
rejection_free (Rejection *rejection)
{
  g_clear_pointer (&rejection->timeout, destroy_source);
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

  g_clear_pointer (&rejection->timeout, g_source_unref);
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
  rejection->timeout = add_timeout_here (LINGER_TIMEOUT_MS, rejection_timeout_cb, rejection);
  g_input_stream_read_async (g_io_stream_get_input_stream (rejection->stream),
                             rejection->buffer, sizeof rejection->buffer,
                             G_PRIORITY_LOW, rejection->cancellable,
                             rejection_drain_cb, rejection);
}

/* Sends response (taken) on stream (taken), then reads and drops what the
 * client still sends for a moment, and closes. */
static void
send_rejection (GIOStream *stream,
                GString   *response)
{
  Rejection *rejection = g_new0 (Rejection, 1);

  rejection->stream = stream;
  rejection->cancellable = g_cancellable_new ();
  rejection->length = response->len;
  rejection->response = g_string_free (response, FALSE);

  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   rejection->response, rejection->length,
                                   G_PRIORITY_DEFAULT, rejection->cancellable,
                                   rejection_written_cb, rejection);
}

/* Answers 413 before the body is read (or while it is, for a chunked one),
 * and closes the connection: libsoup would otherwise read the whole body
 * before sending any answer.  The connection is taken from libsoup and
 * answered by hand. */
static void
reject_oversize_body (HubThread         *thread,
                      SoupServerMessage *msg)
{
  g_autofree char *body = NULL;
  g_autoptr(GString) response = NULL;
  gint64 *start;
  GIOStream *stream;

  if (g_object_get_qdata (G_OBJECT (msg), quarks.rejected) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (msg), quarks.rejected, GINT_TO_POINTER (TRUE));

  body = g_strdup_printf ("{\"error\":{\"code\":\"payload_too_large\","
                          "\"message\":\"The request body is larger than %" G_GSIZE_FORMAT
                          " bytes\"}}", thread->server->max_body_size);
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
  start = g_hash_table_lookup (thread->active, msg);
  if (start == NULL)
    start = g_object_get_qdata (G_OBJECT (msg), quarks.started);
  if (start != NULL)
    {
      GUri *uri = soup_server_message_get_uri (msg);

      access_log (&thread->log, "method=%s path=%.*s status=413 duration_ms=%.2f thread=%u",
                 soup_server_message_get_method (msg),
                 MAX_LOGGED_PATH, uri != NULL ? g_uri_get_path (uri) : "",
                 (g_get_monotonic_time () - *start) / 1000.0, thread->index);
    }
  active_remove (thread, msg);
  g_hash_table_remove (thread->receiving, msg);

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;

  send_rejection (stream, g_steal_pointer (&response));
}

static void
on_message_got_chunk_cb (SoupServerMessage *msg,
                         GBytes            *chunk,
                         HubThread         *thread)
{
  gsize size = GPOINTER_TO_SIZE (g_object_get_qdata (G_OBJECT (msg), quarks.body_size));

  size += g_bytes_get_size (chunk);
  g_object_set_qdata (G_OBJECT (msg), quarks.body_size, GSIZE_TO_POINTER (size));

  if (size > thread->server->max_body_size)
    reject_oversize_body (thread, msg);
}

static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       HubThread         *thread)
{
  HubServer *self = thread->server;
  GSocket *socket = message_socket (thread, msg);
  gint64 *start = g_new (gint64, 1);

  g_object_set_qdata (G_OBJECT (msg), quarks.owner, thread);

  /* Replaced by the got-headers time when the request line parses; kept for
   * the log of requests libsoup itself refuses (bad request target). */
  *start = g_get_monotonic_time ();
  g_object_set_qdata_full (G_OBJECT (msg), quarks.started, start, g_free);

  /* SoupServer 3.2 has no timeouts of its own.  A GSocket timeout makes every
   * wait on the connection's pollable streams give up with TIMED_OUT after
   * io_timeout_s without progress, and libsoup then drops the connection:
   * a client stalling mid-request or not reading its answer.  TLS goes
   * through the same socket.  (Between requests see request_done().) */
  if (socket != NULL)
    {
      g_hash_table_remove (thread->idle, socket);
      if (self->io_timeout_s > 0)
        g_socket_set_timeout (socket, self->io_timeout_s);
    }

  /* Its deadline is checked by the sweep, every second: a timer of its own
   * would cost more than the rest of a small request's bookkeeping. */
  if (self->request_timeout_s > 0)
    g_hash_table_add (thread->receiving, g_object_ref (msg));
}

/* Every second: closes kept-alive connections idle for io_timeout_s, and
 * drops requests not all in request_timeout_s after they started (so a
 * deadline is met within a second of it).
 *
 * libsoup 3.2 starts the next request of a connection (request-started) only
 * once its first bytes arrive, and it does not close a kept-alive connection
 * whose wait for them times out (it keeps it, unread): so between requests
 * the GSocket timeout is off and the sweep shuts idle sockets down instead,
 * which libsoup sees as the client closing. */
static void lean_sweep (HubThread *thread,
                        gint64     now);

static gboolean
sweep_cb (gpointer user_data)
{
  HubThread *thread = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 idle_limit = (gint64) thread->server->io_timeout_s * G_USEC_PER_SEC;
  gint64 request_limit = (gint64) thread->server->request_timeout_s * G_USEC_PER_SEC;
  g_autoptr(GPtrArray) late = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, thread->idle);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (now - *(gint64 *) value >= idle_limit)
        {
          g_socket_shutdown (G_SOCKET (key), TRUE, TRUE, NULL);
          g_hash_table_iter_remove (&iter);
        }
    }

  /* Shutting a socket down can end its message (and change the set). */
  g_hash_table_iter_init (&iter, thread->receiving);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 *start = g_object_get_qdata (key, quarks.started);

      if (start != NULL && now - *start >= request_limit)
        {
          if (late == NULL)
            late = g_ptr_array_new_with_free_func (g_object_unref);
          g_ptr_array_add (late, g_object_ref (key));
          g_hash_table_iter_remove (&iter);
        }
    }

  for (guint i = 0; late != NULL && i < late->len; i++)
    drop_late_request (thread, g_ptr_array_index (late, i));

  lean_sweep (thread, now);

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

/* libsoup writes an answer's headers and its body with a send() each, and
 * with TCP_NODELAY (which it sets) each goes out as a packet of its own, the
 * client woken for each.  Corked from the moment the answer is ready until
 * libsoup has written it all, a small answer goes out as one packet: a
 * third less work per request for the client.  A big one is left alone:
 * its headers' packet is nothing beside the body's, and corking it costs
 * the kernel more than it saves (a 444 kB changes page: 78 → 120 µs). */
static void
cork_answer (HubThread         *thread,
             SoupServerMessage *msg)
{
  GSocket *socket = message_socket (thread, msg);

  if (soup_server_message_get_response_body (msg)->length > CORK_MAX_BODY)
    return;

  if (socket != NULL && g_socket_set_option (socket, IPPROTO_TCP, TCP_CORK, TRUE, NULL))
    g_object_set_qdata (G_OBJECT (msg), quarks.corked, GINT_TO_POINTER (TRUE));
}

static void
uncork_answer (HubThread         *thread,
               SoupServerMessage *msg)
{
  GSocket *socket = message_socket (thread, msg);

  if (g_object_steal_qdata (G_OBJECT (msg), quarks.corked) != NULL &&
      socket != NULL && g_socket_is_connected (socket))
    g_socket_set_option (socket, IPPROTO_TCP, TCP_CORK, FALSE, NULL);
}

static void
request_done (HubThread         *thread,
              SoupServerMessage *msg,
              gboolean           aborted)
{
  gint64 *start = g_hash_table_lookup (thread->active, msg);
  GSocket *socket = message_socket (thread, msg);

  g_object_set_qdata (G_OBJECT (msg), quarks.done, GINT_TO_POINTER (TRUE));
  uncork_answer (thread, msg);

  if (socket != NULL && thread->server->io_timeout_s > 0 && !aborted && !thread->stopped &&
      is_kept_alive (msg) && g_socket_is_connected (socket))
    {
      gint64 *finished = g_new (gint64, 1);

      *finished = g_get_monotonic_time ();
      g_socket_set_timeout (socket, 0);
      g_hash_table_replace (thread->idle, g_object_ref (socket), finished);
    }

  if (start == NULL)
    start = g_object_get_qdata (G_OBJECT (msg), quarks.started);

  if (start != NULL)
    log_request (thread, msg, *start, aborted);

  active_remove (thread, msg);
  g_hash_table_remove (thread->receiving, msg);
}

static void
on_request_finished_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        HubThread         *thread)
{
  request_done (thread, msg, FALSE);
}

static void
on_request_aborted_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       HubThread         *thread)
{
  request_done (thread, msg, TRUE);
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
  HubThread *thread = user_data;
  const HubRoute *route = NULL;
  g_auto(GStrv) params = NULL;
  SoupMessageHeaders *headers;
  SoupEncoding encoding;
  HubMethods allowed = 0;
  RouteResult result;
  Routed *routed;

  request_got_headers (thread, msg);

  /* Before routing: whatever the path, libsoup reads the body it is
   * promised before any answer goes out. */
  headers = soup_server_message_get_request_headers (msg);
  encoding = soup_message_headers_get_encoding (headers);
  if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) thread->server->max_body_size)
    {
      reject_oversize_body (thread, msg);
      return;
    }
  else if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    {
      /* No size up front: count as it comes. */
      g_signal_connect (msg, "got-chunk", G_CALLBACK (on_message_got_chunk_cb), thread);
    }

  result = find_route (thread->server, g_uri_get_path (soup_server_message_get_uri (msg)),
                       soup_server_message_get_method (msg), &route, &params, &allowed);
  if (result != ROUTE_FOUND)
    {
      respond_route_error (thread, msg, result, allowed);
      return;
    }

  routed = g_new (Routed, 1);
  routed->route = route;
  routed->params = g_steal_pointer (&params);
  g_object_set_qdata_full (G_OBJECT (msg), quarks.routed, routed, routed_free);
}

/* Runs the route's handler for request (its backend set: msg, or the lean
 * path's headers) on this thread.  Returns whether the handler deferred its
 * answer (hub_request_defer()). */
static gboolean
run_route (HubRequest     *request,
           const HubRoute *route,
           GStrv           params,
           const char     *path,
           const char     *query_text)
{
  SoupMessageHeaders *response_headers = hub_request_get_response_headers (request);
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bad_field = NULL;

  /* The response headers are still empty: append, not replace. */
  if (route->flags & HUB_ROUTE_PUBLIC)
    soup_message_headers_append (response_headers, "Access-Control-Allow-Origin", "*");
  soup_message_headers_append (response_headers, "X-Content-Type-Options", "nosniff");

  query = parse_query (query_text, &bad_field, &error);
  if (query == NULL)
    {
      respond_error_request (request, SOUP_STATUS_BAD_REQUEST, "invalid_parameter",
                             bad_field, error->message);
      return FALSE;
    }

  request->params = (const char * const *) params;
  request->query = query;
  request->deferred = FALSE;

  route->handler (request);

  request->params = NULL;
  request->query = NULL;

  if (request_get_status (request) == 0)
    {
      g_warning ("Handler for %s gave no response", path);
      respond_error_request (request, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", NULL,
                             "The hub failed to answer");
    }

  return request->deferred;
}

/* run_route() for a message of libsoup's. */
static gboolean
run_handler (HubThread         *thread,
             SoupServerMessage *msg,
             const HubRoute    *route,
             GStrv              params,
             gboolean           forwarded)
{
  GUri *uri = soup_server_message_get_uri (msg);
  HubRequest request;

  request_init_message (&request, thread, msg);
  request.forwarded = forwarded;

  return run_route (&request, route, params, g_uri_get_path (uri), g_uri_get_query (uri));
}

static void
forward_free (gpointer data)
{
  Forward *forward = data;

  g_object_unref (forward->msg);
  g_strfreev (forward->params);
  g_free (forward);
}

/* On the main thread: runs the handler, then sends the answer back to the
 * thread that owns the connection. */
static gboolean
forward_run_cb (gpointer user_data)
{
  Forward *forward = user_data;
  HubServer *self = forward->server;
  gboolean stopping;

  g_mutex_lock (&self->lock);
  stopping = self->stopping;
  g_hash_table_remove (self->forwards, forward);
  g_mutex_unlock (&self->lock);

  if (!stopping &&
      !run_handler (g_ptr_array_index (self->threads, 0), forward->msg,
                    forward->route, forward->params, TRUE))
    hub_server_message_resume (forward->msg);

  return G_SOURCE_REMOVE;
}

/* On the worker, once the dispatch that paused the message is over (so
 * libsoup is done with it until it is unpaused): hands it to the main
 * thread.  user_data is the hop's own box: once handed, the Forward is the
 * main thread's (which may free it at any moment), and the box forgets it. */
static gboolean
forward_hop_cb (gpointer user_data)
{
  Forward **box = user_data;
  Forward *forward = *box;
  HubServer *self = forward->server;

  g_mutex_lock (&self->lock);
  if (!self->stopping)
    {
      *box = NULL;
      forward->source = g_idle_source_new ();
      g_source_set_priority (forward->source, G_PRIORITY_DEFAULT);
      g_source_set_callback (forward->source, forward_run_cb, forward, forward_free);
      g_hash_table_add (self->forwards, forward);
      g_source_attach (forward->source, self->main_context);
      g_source_unref (forward->source);
    }
  g_mutex_unlock (&self->lock);

  return G_SOURCE_REMOVE;
}

/* A Forward never handed (the server stopping) is freed with the hop. */
static void
forward_hop_done (gpointer data)
{
  Forward **box = data;

  g_clear_pointer (box, forward_free);
  g_free (box);
}

/* A worker took a request for a main-thread route: the message waits
 * (paused) while the main thread answers it. */
static void
forward_request (HubThread         *thread,
                 SoupServerMessage *msg,
                 const HubRoute    *route,
                 GStrv              params)
{
  Forward *forward = g_new0 (Forward, 1);
  Forward **box;
  GSource *hop;

  forward->server = thread->server;
  forward->from = thread;
  forward->msg = g_object_ref (msg);
  forward->route = route;
  forward->params = params;

  /* Replaced by the real answer before the message is unpaused. */
  soup_server_message_set_status (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
  soup_server_message_pause (msg);

  box = g_new (Forward *, 1);
  *box = forward;
  hop = g_idle_source_new ();
  g_source_set_priority (hop, G_PRIORITY_DEFAULT);
  g_source_set_callback (hop, forward_hop_cb, box, forward_hop_done);
  g_source_attach (hop, thread->context);
  g_source_unref (hop);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *soup_query,
            gpointer           user_data)
{
  HubThread *thread = user_data;
  const HubRoute *route = NULL;
  g_auto(GStrv) params = NULL;
  HubMethods allowed = 0;
  RouteResult result;
  Routed *routed;

  /* The whole request is in: its deadline is met. */
  g_hash_table_remove (thread->receiving, msg);

  routed = g_object_get_qdata (G_OBJECT (msg), quarks.routed);
  if (routed != NULL)
    {
      route = routed->route;
      params = g_steal_pointer (&routed->params);
    }
  else
    {
      result = find_route (thread->server, g_uri_get_path (soup_server_message_get_uri (msg)),
                       soup_server_message_get_method (msg), &route, &params, &allowed);
      if (result != ROUTE_FOUND)
        {
          respond_route_error (thread, msg, result, allowed);
          return;
        }
    }

  if (thread->index != 0 && !(route->flags & HUB_ROUTE_ANY_THREAD))
    {
      forward_request (thread, msg, route, g_steal_pointer (&params));
      return;
    }

  if (!run_handler (thread, msg, route, params, FALSE))
    cork_answer (thread, msg);
}

/* ---- lean connections ----------------------------------------------------
 *
 * Most of the time of a small directory read through libsoup goes to
 * libsoup and GLib themselves (a SoupServerMessage with its signals, stream
 * wrappers, wake-ups), not to the handler.  So on plain http the serving
 * threads take their connections themselves, on one epoll instance each,
 * and answer the simplest, commonest requests directly: a complete GET or
 * HEAD head with no body, for a HUB_ROUTE_ANY_THREAD route.  The head is
 * read with MSG_PEEK, and only consumed once it is known to be one of
 * those; anything else (another route, an unknown path, a body, a head
 * that is not all in or is longer than LEAN_HEAD_MAX, anything libsoup's
 * own parser refuses) hands the connection, its unread bytes still in the
 * kernel, to the thread's SoupServer with soup_server_accept_iostream(),
 * which reads it as if it had accepted it, with all its limits; it keeps
 * the connection from then on.  The answers are the same bytes libsoup
 * would send (the tests compare them), logged the same way. */

/* The answer is all out, or (aborted) never will be: its log line, as
 * log_request() writes libsoup's. */
static void
lean_answer_done (LeanConn *conn,
                  gboolean  aborted)
{
  HubThread *thread = conn->thread;
  gsize path_len = strlen (conn->log_path);
  double ms = (g_get_monotonic_time () - conn->log_start) / 1000.0;

  if (aborted)
    access_log (&thread->log, "method=%s path=%.*s%s aborted=true duration_ms=%.2f thread=%u",
                conn->log_method, (int) MIN (path_len, MAX_LOGGED_PATH), conn->log_path,
                path_len > MAX_LOGGED_PATH ? "..." : "", ms, thread->index);
  else
    access_log (&thread->log, "method=%s path=%.*s%s status=%u duration_ms=%.2f thread=%u",
                conn->log_method, (int) MIN (path_len, MAX_LOGGED_PATH), conn->log_path,
                path_len > MAX_LOGGED_PATH ? "..." : "", conn->log_status, ms, thread->index);

  conn->answering = FALSE;
  g_atomic_int_add (&thread->n_active, -1);
}

static void
lean_conn_free (gpointer data)
{
  LeanConn *conn = data;

  if (conn->fd >= 0)
    close (conn->fd);
  /* The client went away (or the thread is stopping) mid-answer. */
  if (conn->answering)
    lean_answer_done (conn, TRUE);
  if (conn->out_head != NULL)
    g_string_free (conn->out_head, TRUE);
  g_clear_pointer (&conn->out_body, g_bytes_unref);
  g_free (conn->log_path);
  g_free (conn);
}

static void
lean_conn_close (LeanConn *conn)
{
  g_hash_table_remove (conn->thread->lean_conns, conn);
}

static gboolean
lean_conn_watch (LeanConn *conn,
                 guint32   events)
{
  struct epoll_event event = { .events = events, .data.ptr = conn };

  return epoll_ctl (conn->thread->epfd, EPOLL_CTL_MOD, conn->fd, &event) == 0;
}

/* Gives the connection to libsoup, whatever of it is still unread. */
static void
lean_hand_off (LeanConn *conn)
{
  HubThread *thread = conn->thread;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;

  g_assert (!conn->answering);

  epoll_ctl (thread->epfd, EPOLL_CTL_DEL, conn->fd, NULL);
  socket = g_socket_new_from_fd (conn->fd, &error);
  if (socket == NULL)
    {
      g_warning ("Could not hand a connection over: %s", error->message);
      lean_conn_close (conn);
      return;
    }
  conn->fd = -1;  /* the socket's now */
  lean_conn_close (conn);

  local = g_socket_get_local_address (socket, NULL);
  remote = g_socket_get_remote_address (socket, NULL);
  if (local == NULL || remote == NULL)
    return;  /* gone already: closed with the socket */

  connection = g_socket_connection_factory_create_connection (socket);
  stream = g_object_ref (G_IO_STREAM (connection));
  /* https: libsoup reads and writes through TLS (the handshake comes with
   * the first read). */
  if (thread->server->tls_certificate != NULL)
    {
      g_clear_object (&stream);
      stream = g_tls_server_connection_new (G_IO_STREAM (connection),
                                            thread->server->tls_certificate, &error);
      if (stream == NULL)
        {
          g_warning ("Could not start TLS on a connection: %s", error->message);
          return;
        }
    }
  g_hash_table_replace (thread->handed, g_object_ref (remote), g_object_ref (socket));
  if (!soup_server_accept_iostream (thread->soup, stream, local, remote, &error))
    {
      g_hash_table_remove (thread->handed, remote);
      g_debug ("libsoup refused a connection: %s", error->message);
    }
}

/* Sends what is left of the answer.  Returns FALSE when the connection
 * is gone (closed here). */
static gboolean
lean_send (LeanConn *conn)
{
  gsize head_len = conn->out_head->len;
  gsize body_len = conn->out_body != NULL ? g_bytes_get_size (conn->out_body) : 0;

  while (conn->out_sent < head_len + body_len)
    {
      struct iovec iov[2];
      struct msghdr message = { .msg_iov = iov };
      gssize n;

      if (conn->out_sent < head_len)
        {
          iov[0].iov_base = conn->out_head->str + conn->out_sent;
          iov[0].iov_len = head_len - conn->out_sent;
          message.msg_iovlen = 1;
          if (body_len > 0)
            {
              iov[1].iov_base = (gpointer) g_bytes_get_data (conn->out_body, NULL);
              iov[1].iov_len = body_len;
              message.msg_iovlen = 2;
            }
        }
      else
        {
          iov[0].iov_base = (char *) g_bytes_get_data (conn->out_body, NULL) + (conn->out_sent - head_len);
          iov[0].iov_len = head_len + body_len - conn->out_sent;
          message.msg_iovlen = 1;
        }

      n = sendmsg (conn->fd, &message, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          /* The client reads slower than we write: wait until it can take
           * more, reading nothing more from it meanwhile. */
          if (!lean_conn_watch (conn, EPOLLOUT))
            {
              lean_conn_close (conn);
              return FALSE;
            }
          return TRUE;
        }
      if (n <= 0)
        {
          lean_conn_close (conn);
          return FALSE;
        }

      conn->out_sent += n;
      conn->last_io = g_get_monotonic_time ();
    }

  lean_answer_done (conn, FALSE);
  g_clear_pointer (&conn->out_body, g_bytes_unref);
  g_clear_pointer (&conn->log_path, g_free);
  g_string_truncate (conn->out_head, 0);
  conn->out_sent = 0;

  if (conn->close_after)
    {
      shutdown (conn->fd, SHUT_WR);
      lean_conn_close (conn);
      return FALSE;
    }

  return TRUE;
}

static const char *
lean_date (HubThread *thread)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (now != thread->date_second)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (now);
      g_autofree char *text = soup_date_time_to_string (date, SOUP_DATE_HTTP);

      g_strlcpy (thread->date, text, sizeof thread->date);
      thread->date_second = now;
    }

  return thread->date;
}

/* Whether a request target is one the lean path routes exactly as libsoup
 * would (an origin-form path with nothing to decode or normalise, a query
 * of URI characters); splits off the query (NULL if none). */
static gboolean
lean_target_is_plain (char  *target,
                      char **query)
{
  char *question;

  if (target[0] != '/')
    return FALSE;

  /* Only what RFC 3986 allows in a path and query, escapes well formed:
   * libsoup refuses some of the rest itself, with an answer of its own. */
  for (const char *p = target; *p != '\0'; p++)
    {
      if (*p == '%')
        {
          if (!g_ascii_isxdigit (p[1]) || !g_ascii_isxdigit (p[2]))
            return FALSE;
          p += 2;
        }
      else if (!g_ascii_isalnum (*p) && strchr ("-._~!$&'()*+,;=:@/?", *p) == NULL)
        {
          return FALSE;
        }
    }

  question = strchr (target, '?');
  if (question != NULL)
    *question = '\0';

  /* Escapes and dot segments ("/a/../b") are libsoup's to resolve. */
  if (strchr (target, '%') != NULL || strstr (target, "/.") != NULL)
    {
      if (question != NULL)
        *question = '?';
      return FALSE;
    }

  *query = question != NULL ? question + 1 : NULL;
  return TRUE;
}

/* Whether a Host header is a plain host name or address with an optional
 * port, which libsoup takes as it is; it refuses some others (400). */
static gboolean
lean_host_is_plain (const char *host)
{
  const char *p = host;

  if (*p == '[')
    {
      for (p++; g_ascii_isxdigit (*p) || *p == ':' || *p == '.'; p++)
        ;
      if (*p++ != ']' || p == host + 2)
        return FALSE;
    }
  else
    {
      for (; g_ascii_isalnum (*p) || *p == '-' || *p == '.'; p++)
        ;
      if (p == host)
        return FALSE;
    }

  if (*p == ':')
    {
      const char *digits = ++p;

      for (; g_ascii_isdigit (*p); p++)
        ;
      if (p == digits || p - digits > 5)
        return FALSE;
    }

  return *p == '\0';
}

typedef enum
{
  LEAN_ANSWERED,  /* consumed and answered (or being sent) */
  LEAN_HAND_OFF,  /* nothing consumed: libsoup's */
  LEAN_GONE,      /* the connection was closed */
} LeanResult;

/* head: a complete request head (head_len bytes, blank line included),
 * still unread in the kernel. */
static LeanResult
lean_serve (LeanConn *conn,
            char     *head,
            gsize     head_len)
{
  HubThread *thread = conn->thread;
  SoupMessageHeaders *request_headers = thread->lean_request_headers;
  SoupMessageHeaders *response_headers = thread->lean_response_headers;
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_auto(GStrv) params = NULL;
  const HubRoute *route = NULL;
  const char *content_length;
  const char *host;
  SoupHTTPVersion version;
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;
  HubMethods allowed = 0;
  HubRequest request;
  gboolean head_only;
  char *query = NULL;
  gsize body_len;
  gssize n;
  guint status;

  soup_message_headers_clear (request_headers);
  if (soup_headers_parse_request (head, head_len, request_headers,
                                  &method, &target, &version) != SOUP_STATUS_OK)
    return LEAN_HAND_OFF;

  if (g_str_equal (method, SOUP_METHOD_GET))
    head_only = FALSE;
  else if (g_str_equal (method, SOUP_METHOD_HEAD))
    head_only = TRUE;
  else
    return LEAN_HAND_OFF;

  content_length = soup_message_headers_get_one (request_headers, "Content-Length");
  host = soup_message_headers_get_list (request_headers, "Host");
  if ((version != SOUP_HTTP_1_0 && version != SOUP_HTTP_1_1) ||
      (host == NULL && version == SOUP_HTTP_1_1) ||
      (host != NULL && !lean_host_is_plain (host)) ||
      (content_length != NULL && !g_str_equal (content_length, "0")) ||
      soup_message_headers_get_one (request_headers, "Transfer-Encoding") != NULL ||
      soup_message_headers_get_one (request_headers, "Expect") != NULL ||
      soup_message_headers_get_one (request_headers, "Upgrade") != NULL ||
      /* libsoup answers a Range itself (206), from the handler's answer. */
      soup_message_headers_get_one (request_headers, "Range") != NULL ||
      !lean_target_is_plain (target, &query))
    return LEAN_HAND_OFF;

  if (find_route (thread->server, target, method, &route, &params, &allowed) != ROUTE_FOUND ||
      !(route->flags & HUB_ROUTE_ANY_THREAD))
    return LEAN_HAND_OFF;

  /* It is ours: take the head off the connection. */
  do
    n = recv (conn->fd, head, head_len, 0);
  while (n < 0 && errno == EINTR);
  if (n != (gssize) head_len)
    {
      lean_conn_close (conn);
      return LEAN_GONE;
    }

  conn->answering = TRUE;
  conn->log_start = g_get_monotonic_time ();
  g_atomic_int_inc (&thread->n_active);

  soup_message_headers_clear (response_headers);
  memset (&request, 0, sizeof request);
  request.server = thread->server;
  request.thread = thread;
  request.request_headers = request_headers;
  request.response_headers = response_headers;
  request.lean = conn;

  /* ANY_THREAD handlers never defer. */
  run_route (&request, route, params, target, query);
  status = request.status;

  /* As libsoup: the same status line, headers in the same order, a
   * Content-Length even for HEAD and 304 (the answers' own). */
  if (conn->out_head == NULL)
    conn->out_head = g_string_sized_new (512);
  g_string_append_printf (conn->out_head, "HTTP/1.%d %u %s\r\nServer: direction-hub\r\nDate: %s\r\n",
                          version == SOUP_HTTP_1_1 ? 1 : 0, status,
                          soup_status_get_phrase (status), lean_date (thread));
  soup_message_headers_iter_init (&iter, response_headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (conn->out_head, "%s: %s\r\n", name, value);
  body_len = request.body != NULL ? g_bytes_get_size (request.body) : 0;
  if (status >= 200 && status != SOUP_STATUS_NO_CONTENT)
    g_string_append_printf (conn->out_head, "Content-Length: %" G_GSIZE_FORMAT "\r\n", body_len);
  g_string_append (conn->out_head, "\r\n");

  if (head_only || body_len == 0 || status == SOUP_STATUS_NO_CONTENT ||
      status == SOUP_STATUS_NOT_MODIFIED)
    g_clear_pointer (&request.body, g_bytes_unref);
  conn->out_body = g_steal_pointer (&request.body);
  conn->out_sent = 0;

  /* HTTP/1.0 connections close after one answer, as libsoup's do. */
  conn->close_after = version != SOUP_HTTP_1_1 ||
                      soup_message_headers_header_contains (request_headers, "Connection", "close");
  conn->log_method = head_only ? SOUP_METHOD_HEAD : SOUP_METHOD_GET;
  conn->log_path = g_steal_pointer (&target);
  conn->log_status = status;

  if (!lean_send (conn))
    return LEAN_GONE;

  return LEAN_ANSWERED;
}

/* Whether the head coming in is longer than LEAN_HEAD_LIMIT. */
static gboolean
lean_head_is_too_long (LeanConn *conn)
{
  g_autofree char *head = g_malloc (LEAN_HEAD_LIMIT + 1);
  gssize n;

  do
    n = recv (conn->fd, head, LEAN_HEAD_LIMIT + 1, MSG_PEEK);
  while (n < 0 && errno == EINTR);

  return n > LEAN_HEAD_LIMIT && memmem (head, LEAN_HEAD_LIMIT, "\r\n\r\n", 4) == NULL;
}

/* Answers 431 and closes (lingering, as for an oversize body). */
static void
lean_refuse_head (LeanConn   *conn,
                  const char *head,
                  gsize       length)
{
  HubThread *thread = conn->thread;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *body = NULL;
  GString *response;
  const char *method_end = memchr (head, ' ', MIN (length, 16));
  const char *path = method_end != NULL ? method_end + 1 : head;
  gsize path_len = 0;

  epoll_ctl (thread->epfd, EPOLL_CTL_DEL, conn->fd, NULL);
  socket = g_socket_new_from_fd (conn->fd, NULL);
  if (socket == NULL)
    {
      lean_conn_close (conn);
      return;
    }
  conn->fd = -1;

  /* Logged as libsoup would (method and path, never the query). */
  while (method_end != NULL && path + path_len < head + length && path_len < MAX_LOGGED_PATH &&
         g_ascii_isgraph (path[path_len]) && path[path_len] != '?')
    path_len++;
  access_log (&thread->log, "method=%.*s path=%.*s status=431 duration_ms=0.00 thread=%u",
              method_end != NULL ? (int) (method_end - head) : 1, method_end != NULL ? head : "-",
              (int) path_len, path, thread->index);
  lean_conn_close (conn);

  body = g_strdup_printf ("{\"error\":{\"code\":\"headers_too_large\","
                          "\"message\":\"The request head is larger than %d bytes\"}}",
                          LEAN_HEAD_LIMIT);
  response = g_string_new (NULL);
  g_string_append_printf (response,
                          "HTTP/1.1 431 Request Header Fields Too Large\r\n"
                          "Server: direction-hub\r\n"
                          "Date: %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "X-Content-Type-Options: nosniff\r\n"
                          "Connection: close\r\n"
                          "\r\n%s",
                          lean_date (thread), strlen (body), body);

  send_rejection (G_IO_STREAM (g_socket_connection_factory_create_connection (socket)), response);
}

static void
lean_conn_readable (LeanConn *conn)
{
  char head[LEAN_HEAD_MAX];

  for (guint i = 0; i < LEAN_MAX_IN_A_ROW; i++)
    {
      const char *end;
      gssize n;

      n = recv (conn->fd, head, sizeof head, MSG_PEEK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
      if (n <= 0)
        {
          lean_conn_close (conn);  /* the client closed it, or it failed */
          return;
        }
      conn->last_io = g_get_monotonic_time ();

      end = memmem (head, n, "\r\n\r\n", 4);
      if (end == NULL)
        {
          /* Not all in (a slow client), or longer than we look at; libsoup
           * takes heads up to LEAN_HEAD_LIMIT, and drops the connection
           * without a word after that, so longer ones are refused here. */
          if (n == sizeof head && lean_head_is_too_long (conn))
            lean_refuse_head (conn, head, n);
          else
            lean_hand_off (conn);
          return;
        }

      switch (lean_serve (conn, head, end + 4 - head))
        {
        case LEAN_HAND_OFF:
          lean_hand_off (conn);
          return;

        case LEAN_GONE:
          return;

        case LEAN_ANSWERED:
        default:
          break;
        }

      /* Still sending (the client must read first), or nothing more was
       * in: epoll says when there is. */
      if (conn->answering || n == end + 4 - head)
        return;
    }
}

static void
lean_conn_writable (LeanConn *conn)
{
  if (!lean_send (conn))
    return;

  if (!conn->answering)
    {
      if (!lean_conn_watch (conn, EPOLLIN))
        {
          lean_conn_close (conn);
          return;
        }
      /* Requests that came in while we were sending. */
      lean_conn_readable (conn);
    }
}

static gboolean
lean_resume_accepting_cb (gpointer user_data)
{
  HubThread *thread = user_data;
  struct epoll_event event = { .events = EPOLLIN, .data.ptr = NULL };

  g_clear_pointer (&thread->accept_pause, g_source_unref);
  if (thread->epfd >= 0 &&
      epoll_ctl (thread->epfd, EPOLL_CTL_ADD, g_socket_get_fd (thread->socket), &event) < 0)
    g_warning ("Could not watch the listening socket again: %s", g_strerror (errno));

  return G_SOURCE_REMOVE;
}

/* accept(2) failed for want of file descriptors or memory: the waiting
 * connections stay in the backlog, and the listening socket stays
 * readable, so epoll would wake the thread again at once, for ever.  It
 * leaves epoll for LEAN_ACCEPT_PAUSE_MS; answers in progress go on. */
static void
lean_pause_accepting (HubThread *thread,
                      int        errsv)
{
  if (thread->accept_pause != NULL)
    return;

  if (thread->accept_warned == 0 ||
      g_get_monotonic_time () - thread->accept_warned > LEAN_ACCEPT_WARN_S * G_USEC_PER_SEC)
    {
      g_warning ("Cannot take connections (%s): trying again every %d ms",
                 g_strerror (errsv), LEAN_ACCEPT_PAUSE_MS);
      thread->accept_warned = g_get_monotonic_time ();
    }
  epoll_ctl (thread->epfd, EPOLL_CTL_DEL, g_socket_get_fd (thread->socket), NULL);
  thread->accept_pause = g_timeout_source_new (LEAN_ACCEPT_PAUSE_MS);
  g_source_set_static_name (thread->accept_pause, "[hub] accept pause");
  g_source_set_callback (thread->accept_pause, lean_resume_accepting_cb, thread, NULL);
  g_source_attach (thread->accept_pause, thread->context);
}

static void
lean_accept (HubThread *thread)
{
  int listen_fd = g_socket_get_fd (thread->socket);

  for (guint i = 0; i < LEAN_MAX_ACCEPTS; i++)
    {
      struct epoll_event event;
      LeanConn *conn;
      int on = 1;
      int fd;

      fd = accept4 (listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0)
        {
          if (errno == EINTR || errno == ECONNABORTED)
            continue;
          if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
            lean_pause_accepting (thread, errno);
          else if (errno != EAGAIN && errno != EWOULDBLOCK)
            g_debug ("accept: %s", g_strerror (errno));
          return;
        }

      /* As libsoup does: answers go out as soon as they are written. */
      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);

      conn = g_new0 (LeanConn, 1);
      conn->thread = thread;
      conn->fd = fd;
      conn->last_io = g_get_monotonic_time ();
      event.events = EPOLLIN;
      event.data.ptr = conn;
      g_hash_table_add (thread->lean_conns, conn);
      /* https is all libsoup's: this loop only takes the connections, so
       * that running out of descriptors pauses it (libsoup's own listener
       * gives up for good). */
      if (thread->server->tls_certificate != NULL)
        lean_hand_off (conn);
      else if (epoll_ctl (thread->epfd, EPOLL_CTL_ADD, fd, &event) < 0)
        lean_conn_close (conn);
    }
}

typedef struct
{
  GSource    source;
  HubThread *thread;
} LeanSource;

static gboolean
lean_source_dispatch (GSource     *source,
                      GSourceFunc  callback,
                      gpointer     user_data)
{
  HubThread *thread = ((LeanSource *) source)->thread;
  struct epoll_event events[LEAN_EVENTS];
  int n;

  do
    n = epoll_wait (thread->epfd, events, G_N_ELEMENTS (events), 0);
  while (n < 0 && errno == EINTR);

  /* Each connection is in the list at most once, and handling it frees
   * nothing but itself. */
  for (int i = 0; i < n; i++)
    {
      LeanConn *conn = events[i].data.ptr;

      if (conn == NULL)
        lean_accept (thread);
      else if (conn->answering)
        lean_conn_writable (conn);
      else
        lean_conn_readable (conn);
    }

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs lean_source_funcs = {
  NULL, NULL,
  lean_source_dispatch,
  NULL, NULL, NULL
};

/* libsoup keeps a connection alive after an answer only while its server
 * listens somewhere, and the thread's SoupServer takes no connections of
 * its own: it listens on a socket nobody knows of, a Unix one with an
 * abstract name the kernel picks (so nothing on the file system). */
static gboolean
lean_listen_nowhere (HubThread  *thread,
                     GError    **error)
{
  g_autoptr(GSocket) nowhere = NULL;
  sa_family_t family = AF_UNIX;
  int fd;

  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 ||
      bind (fd, (struct sockaddr *) &family, sizeof family) < 0 ||  /* autobind */
      listen (fd, 1) < 0)
    {
      int errsv = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Could not make a Unix socket: %s", g_strerror (errsv));
      return FALSE;
    }

  nowhere = g_socket_new_from_fd (fd, error);
  if (nowhere == NULL)
    {
      close (fd);
      return FALSE;
    }

  return soup_server_listen_socket (thread->soup, nowhere, 0, error);
}

/* On the thread's context (the thread default). */
static gboolean
lean_listen (HubThread  *thread,
             GError    **error)
{
  struct epoll_event event = { .events = EPOLLIN, .data.ptr = NULL };

  if (!lean_listen_nowhere (thread, error))
    return FALSE;

  thread->epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (thread->epfd < 0 ||
      epoll_ctl (thread->epfd, EPOLL_CTL_ADD, g_socket_get_fd (thread->socket), &event) < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "Could not watch the listening socket: %s", g_strerror (errsv));
      return FALSE;
    }

  thread->lean_conns = g_hash_table_new_full (NULL, NULL, lean_conn_free, NULL);
  thread->lean_request_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  thread->lean_response_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

  thread->lean_source = g_source_new (&lean_source_funcs, sizeof (LeanSource));
  ((LeanSource *) thread->lean_source)->thread = thread;
  g_source_set_name (thread->lean_source, "hub lean connections");
  g_source_add_unix_fd (thread->lean_source, thread->epfd, G_IO_IN);
  g_source_attach (thread->lean_source, g_main_context_get_thread_default ());

  return TRUE;
}

/* Closes the lean connections (those still being answered are logged as
 * aborted) and the listening socket; libsoup's go with the SoupServer. */
static void
lean_stop (HubThread *thread)
{
  g_clear_pointer (&thread->accept_pause, destroy_source);
  g_clear_pointer (&thread->lean_source, destroy_source);
  g_clear_pointer (&thread->lean_conns, g_hash_table_unref);
  if (thread->epfd >= 0)
    {
      close (thread->epfd);
      thread->epfd = -1;
      g_socket_close (thread->socket, NULL);
    }
  g_clear_pointer (&thread->lean_request_headers, soup_message_headers_unref);
  g_clear_pointer (&thread->lean_response_headers, soup_message_headers_unref);
}

/* From the sweep: lean connections with no byte moving for io_timeout_s
 * (idle ones, and clients not reading their answer) are closed; the
 * connections handed to libsoup that it has closed are forgotten. */
static void
lean_sweep (HubThread *thread,
            gint64     now)
{
  gint64 limit = (gint64) thread->server->io_timeout_s * G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer key, value;

  if (thread->lean_conns != NULL && limit > 0)
    {
      g_hash_table_iter_init (&iter, thread->lean_conns);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          if (now - ((LeanConn *) key)->last_io >= limit)
            g_hash_table_iter_remove (&iter);
        }
    }

  g_hash_table_iter_init (&iter, thread->handed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_socket_is_closed (value))
        g_hash_table_iter_remove (&iter);
    }
}

/* ---- threads ------------------------------------------------------------- */

static void
hub_thread_free (gpointer data)
{
  HubThread *thread = data;

  g_assert (thread->thread == NULL);

  g_datalist_clear (&thread->data);
  if (thread->soup != NULL)
    soup_server_disconnect (thread->soup);
  g_clear_object (&thread->soup);
  g_clear_pointer (&thread->sweep, destroy_source);
  g_clear_pointer (&thread->turn_source, destroy_source);
  lean_stop (thread);
  g_clear_pointer (&thread->handed, g_hash_table_unref);
  log_flush (&thread->log);
  g_string_free (thread->log.pending, TRUE);
  g_clear_object (&thread->socket);
  g_clear_pointer (&thread->active, g_hash_table_unref);
  g_clear_pointer (&thread->idle, g_hash_table_unref);
  g_clear_pointer (&thread->receiving, g_hash_table_unref);
  if (thread->own_db)
    g_clear_pointer (&thread->db, sqlite3_close);
  g_clear_object (&thread->store);
  g_clear_pointer (&thread->loop, g_main_loop_unref);
  /* Sources still attached (answers for connections now closed) go with it. */
  g_clear_pointer (&thread->context, g_main_context_unref);
  g_free (thread);
}

/* On the thread itself: no more connections, no more requests. */
static void
hub_thread_stop (HubThread *thread)
{
  if (thread->stopped)
    return;

  thread->stopped = TRUE;
  if (thread->soup != NULL)
    soup_server_disconnect (thread->soup);
  g_clear_pointer (&thread->sweep, destroy_source);
  lean_stop (thread);
  g_hash_table_remove_all (thread->idle);
  g_hash_table_remove_all (thread->receiving);
  g_hash_table_remove_all (thread->handed);
  end_snapshot (thread);
  /* Module state goes before the connections it uses. */
  g_datalist_clear (&thread->data);
  /* Lines of the requests just aborted included. */
  log_flush (&thread->log);
}

static gboolean
hub_thread_stop_cb (gpointer user_data)
{
  HubThread *thread = user_data;

  hub_thread_stop (thread);
  g_main_loop_quit (thread->loop);

  return G_SOURCE_REMOVE;
}

static gpointer
hub_thread_run (gpointer user_data)
{
  HubThread *thread = user_data;

  g_main_context_push_thread_default (thread->context);
  g_main_loop_run (thread->loop);

  /* Its own connections close on their own thread. */
  g_clear_object (&thread->soup);
  g_clear_pointer (&thread->db, sqlite3_close);
  g_clear_object (&thread->store);
  g_main_context_pop_thread_default (thread->context);

  return NULL;
}

/* With the thread's context as the thread default, so libsoup attaches the
 * listener (and later each connection) to it. */
static gboolean
hub_thread_listen (HubThread  *thread,
                   GError    **error)
{
  HubServer *self = thread->server;

  thread->soup = soup_server_new ("server-header", "direction-hub",
                                  "tls-certificate", self->tls_certificate,
                                  NULL);

  soup_server_add_early_handler (thread->soup, NULL, early_handler_cb, thread, NULL);
  soup_server_add_handler (thread->soup, NULL, handler_cb, thread, NULL);

  g_signal_connect (thread->soup, "request-started",
                    G_CALLBACK (on_request_started_cb), thread);
  g_signal_connect (thread->soup, "request-finished",
                    G_CALLBACK (on_request_finished_cb), thread);
  g_signal_connect (thread->soup, "request-aborted",
                    G_CALLBACK (on_request_aborted_cb), thread);

  /* Plain http takes the lean path, which hands libsoup what it does not
   * answer itself; https connections are all handed to libsoup as they
   * come (see lean_accept()). */
  if (!lean_listen (thread, error))
    return FALSE;

  if (self->io_timeout_s > 0 || self->request_timeout_s > 0 || thread->epfd >= 0)
    thread->sweep = add_timeout_here (1000, sweep_cb, thread);

  /* Prepared before every other source, so before every poll. */
  thread->turn_source = g_source_new (&turn_source_funcs, sizeof (TurnSource));
  ((TurnSource *) thread->turn_source)->thread = thread;
  g_source_set_priority (thread->turn_source, G_MININT);
  g_source_set_name (thread->turn_source, "hub turn end");
  g_source_attach (thread->turn_source, g_main_context_get_thread_default ());

  return TRUE;
}

static HubThread *
hub_thread_new (HubServer  *self,
                guint       index,
                GSocket    *socket,
                GError    **error)
{
  HubThread *thread = g_new0 (HubThread, 1);
  gboolean ok;

  thread->server = self;
  thread->index = index;
  thread->socket = socket != NULL ? g_object_ref (socket) : NULL;
  thread->active = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  thread->idle = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  thread->receiving = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  thread->handed = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  thread->epfd = -1;
  thread->log.pending = g_string_sized_new (LOG_WRITE_MAX);
  thread->log.second = -1;
  g_datalist_init (&thread->data);

  if (index == 0)
    {
      thread->context = g_main_context_ref_thread_default ();
      thread->store = g_object_ref (self->store);
      thread->db = hub_db_get_handle (self->db);
      if (socket != NULL && !hub_thread_listen (thread, error))
        {
          hub_thread_free (thread);
          return NULL;
        }
      return thread;
    }

  thread->context = g_main_context_new ();
  thread->loop = g_main_loop_new (thread->context, FALSE);

  /* Connections of its own: sqlite connections are not shared between
   * threads, and WAL lets readers run beside each other and the writer. */
  thread->store = dir_store_new (dir_store_get_path (self->store), error);
  if (thread->store == NULL)
    {
      hub_thread_free (thread);
      return NULL;
    }

  thread->db = hub_db_open_connection (self->db, error);
  if (thread->db == NULL)
    {
      hub_thread_free (thread);
      return NULL;
    }
  thread->own_db = TRUE;

  g_main_context_push_thread_default (thread->context);
  ok = hub_thread_listen (thread, error);
  g_main_context_pop_thread_default (thread->context);

  if (!ok)
    {
      hub_thread_free (thread);
      return NULL;
    }

  return thread;
}

/* ---- listening sockets --------------------------------------------------- */

static GSocket *
new_listening_socket (GInetSocketAddress  *address,
                      gboolean             reuse_port,
                      GError             **error)
{
  g_autoptr(GSocket) socket = NULL;
  struct sockaddr_storage native;
  gsize native_size = g_socket_address_get_native_size (G_SOCKET_ADDRESS (address));
  int on = 1;
  int fd;

  socket = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (address)),
                         G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP,
                         error);
  if (socket == NULL)
    return NULL;

  if (!reuse_port)
    {
      if (!g_socket_bind (socket, G_SOCKET_ADDRESS (address), TRUE, error))
        return NULL;
    }
  else
    {
      /* g_socket_bind() turns SO_REUSEPORT off on stream sockets: bind by
       * hand. */
      fd = g_socket_get_fd (socket);
      if (!g_socket_address_to_native (G_SOCKET_ADDRESS (address), &native, sizeof native, error))
        return NULL;

      if (setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0 ||
          setsockopt (fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) < 0 ||
          bind (fd, (struct sockaddr *) &native, native_size) < 0)
        {
          int errsv = errno;
          g_autofree char *where = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                       "Error binding to address %s: %s", where, g_strerror (errsv));
          return NULL;
        }
    }

  /* GLib listens with a backlog of 10 by default. */
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_listen (socket, error))
    return NULL;

  return g_steal_pointer (&socket);
}

/* n listening sockets on one address.  With more than one, they share the
 * port with SO_REUSEPORT, which the kernel also lets any other socket of the
 * same user join: so the port is first bound without it, which fails if
 * anything listens there, and only then by our sockets.  Port 0: the first
 * socket gets a free port (the kernel never picks one a SO_REUSEPORT group
 * already has) and the others join it. */
static GPtrArray *
new_listening_sockets (GInetSocketAddress  *address,
                       guint                n,
                       GError             **error)
{
  g_autoptr(GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GSocketAddress) bound = NULL;
  GSocket *socket;

  if (n == 1)
    {
      socket = new_listening_socket (address, FALSE, error);
      if (socket == NULL)
        return NULL;
      g_ptr_array_add (sockets, socket);
      return g_steal_pointer (&sockets);
    }

  if (g_inet_socket_address_get_port (address) != 0)
    {
      g_autoptr(GSocket) probe = g_socket_new (g_socket_address_get_family (G_SOCKET_ADDRESS (address)),
                                               G_SOCKET_TYPE_STREAM,
                                               G_SOCKET_PROTOCOL_TCP,
                                               error);

      if (probe == NULL ||
          !g_socket_bind (probe, G_SOCKET_ADDRESS (address), TRUE, error) ||
          !g_socket_close (probe, error))
        return NULL;
    }

  socket = new_listening_socket (address, TRUE, error);
  if (socket == NULL)
    return NULL;
  g_ptr_array_add (sockets, socket);

  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return NULL;

  for (guint i = 1; i < n; i++)
    {
      socket = new_listening_socket (G_INET_SOCKET_ADDRESS (bound), TRUE, error);
      if (socket == NULL)
        return NULL;
      g_ptr_array_add (sockets, socket);
    }

  return g_steal_pointer (&sockets);
}

/* ---- the object ---------------------------------------------------------- */

static void
hub_server_dispose (GObject *object)
{
  HubServer *self = (HubServer *)object;

  hub_server_disconnect (self);

  G_OBJECT_CLASS (hub_server_parent_class)->dispose (object);
}

static void
hub_server_finalize (GObject *object)
{
  HubServer *self = (HubServer *)object;

  /* Before the store and db their connections come from. */
  g_clear_pointer (&self->threads, g_ptr_array_unref);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->forwards, g_hash_table_unref);
  g_mutex_clear (&self->lock);
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

  quarks.answered_5xx = g_quark_from_static_string ("hub-answered-5xx");
  quarks.started = g_quark_from_static_string ("hub-request-started");
  quarks.body_size = g_quark_from_static_string ("hub-request-body-size");
  quarks.rejected = g_quark_from_static_string ("hub-request-rejected");
  quarks.routed = g_quark_from_static_string ("hub-request-routed");
  quarks.owner = g_quark_from_static_string ("hub-request-owner");
  quarks.done = g_quark_from_static_string ("hub-request-done");
  quarks.corked = g_quark_from_static_string ("hub-request-corked");
}

static void
hub_server_init (HubServer *self)
{
  self->routes = g_ptr_array_new_with_free_func (hub_route_free);
  self->max_body_size = DEFAULT_MAX_BODY_SIZE;
  self->io_timeout_s = DEFAULT_IO_TIMEOUT_S;
  self->request_timeout_s = DEFAULT_REQUEST_TIMEOUT_S;
  self->n_threads = 1;
  self->forwards = g_hash_table_new (NULL, NULL);
  g_mutex_init (&self->lock);
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

void
hub_server_set_threads (HubServer *self,
                        guint      n_threads)
{
  g_return_if_fail (HUB_IS_SERVER (self));
  g_return_if_fail (n_threads >= 1 && n_threads <= HUB_SERVER_MAX_THREADS);
  g_return_if_fail (self->threads == NULL);

  self->n_threads = n_threads;
}

guint
hub_server_get_threads (HubServer *self)
{
  g_return_val_if_fail (HUB_IS_SERVER (self), 0);

  return self->n_threads;
}

gboolean
hub_server_listen (HubServer           *self,
                   GInetSocketAddress  *address,
                   GError             **error)
{
  g_autoptr(GPtrArray) sockets = NULL;
  g_autoptr(GPtrArray) threads = NULL;

  g_return_val_if_fail (HUB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (address), FALSE);
  g_return_val_if_fail (self->threads == NULL, FALSE);

  if (self->n_threads > 1 && g_str_equal (dir_store_get_path (self->store), ":memory:"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "Serving threads need a database file, not an in-memory one");
      return FALSE;
    }

  /* Our own sockets rather than soup_server_listen(), for the backlog and
   * SO_REUSEPORT. */
  sockets = new_listening_sockets (address, self->n_threads, error);
  if (sockets == NULL)
    return FALSE;

  /* One thread: the caller's serves everything.  More: they take the
   * connections, and the caller's thread runs only the routes that are not
   * HUB_ROUTE_ANY_THREAD for them (so a sign-in hashing a password there
   * never holds up a directory read). */
  threads = g_ptr_array_new_with_free_func (hub_thread_free);
  for (guint i = 0; i <= sockets->len; i++)
    {
      HubThread *thread;

      if (i == 0)
        thread = hub_thread_new (self, 0, sockets->len == 1 ? g_ptr_array_index (sockets, 0) : NULL,
                                 error);
      else if (sockets->len > 1)
        thread = hub_thread_new (self, i, g_ptr_array_index (sockets, i - 1), error);
      else
        break;

      if (thread == NULL)
        return FALSE;
      g_ptr_array_add (threads, thread);
    }

  self->main_context = g_main_context_ref_thread_default ();
  self->threads = g_steal_pointer (&threads);

  for (guint i = 1; i < self->threads->len; i++)
    {
      HubThread *thread = g_ptr_array_index (self->threads, i);
      g_autofree char *name = g_strdup_printf ("hub-serve-%u", i);

      thread->thread = g_thread_new (name, hub_thread_run, thread);
    }

  return TRUE;
}

/* A listening socket (they all have the same address). */
static GSocket *
get_socket (HubServer *self)
{
  for (guint i = 0; self->threads != NULL && i < self->threads->len; i++)
    {
      HubThread *thread = g_ptr_array_index (self->threads, i);

      if (thread->socket != NULL)
        return thread->socket;
    }

  return NULL;
}

guint16
hub_server_get_port (HubServer *self)
{
  g_autoptr(GSocketAddress) local = NULL;
  GSocket *socket;

  g_return_val_if_fail (HUB_IS_SERVER (self), 0);

  socket = get_socket (self);
  if (socket == NULL)
    return 0;

  local = g_socket_get_local_address (socket, NULL);
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
  GSocket *socket;

  g_return_val_if_fail (HUB_IS_SERVER (self), NULL);

  scheme = self->tls_certificate != NULL ? "https" : "http";

  socket = get_socket (self);
  if (socket == NULL)
    return NULL;

  local = g_socket_get_local_address (socket, NULL);
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
  g_return_if_fail (self->threads == NULL);

  g_set_object (&self->tls_certificate, certificate);
}

void
hub_server_set_limits (HubServer *self,
                       gsize      max_body_size,
                       guint      io_timeout_s,
                       guint      request_timeout_s)
{
  g_return_if_fail (HUB_IS_SERVER (self));
  g_return_if_fail (max_body_size > 0);
  g_return_if_fail (self->threads == NULL);

  self->max_body_size = max_body_size;
  self->io_timeout_s = io_timeout_s;
  self->request_timeout_s = request_timeout_s;
}

guint
hub_server_get_n_active (HubServer *self)
{
  guint n = 0;

  g_return_val_if_fail (HUB_IS_SERVER (self), 0);

  for (guint i = 0; self->threads != NULL && i < self->threads->len; i++)
    {
      HubThread *thread = g_ptr_array_index (self->threads, i);

      n += g_atomic_int_get (&thread->n_active);
    }

  return n;
}

void
hub_server_disconnect (HubServer *self)
{
  g_autoptr(GPtrArray) forwards = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (HUB_IS_SERVER (self));

  if (self->threads == NULL)
    return;

  /* No more requests to the main thread; those on their way are dropped
   * (their connections close below). */
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_hash_table_iter_init (&iter, self->forwards);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (forwards, ((Forward *) key)->source);
  g_hash_table_remove_all (self->forwards);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < forwards->len; i++)
    g_source_destroy (g_ptr_array_index (forwards, i));

  for (guint i = 1; i < self->threads->len; i++)
    {
      HubThread *thread = g_ptr_array_index (self->threads, i);
      GSource *stop;

      if (thread->thread == NULL)
        continue;

      stop = g_idle_source_new ();
      g_source_set_priority (stop, G_PRIORITY_HIGH);
      g_source_set_callback (stop, hub_thread_stop_cb, thread, NULL);
      g_source_attach (stop, thread->context);
      g_source_unref (stop);
      g_clear_pointer (&thread->thread, g_thread_join);
    }

  hub_thread_stop (g_ptr_array_index (self->threads, 0));
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
  g_return_if_fail (self->threads == NULL);

  route = g_new0 (HubRoute, 1);
  route->methods = methods;
  route->segments = split_path (pattern);
  route->n_segments = route->segments != NULL ? g_strv_length (route->segments) : 0;
  route->lengths = g_new0 (gsize, route->n_segments + 1);
  route->is_param = g_new0 (gboolean, route->n_segments + 1);
  route->flags = flags;
  route->handler = handler;

  for (guint i = 0; i < route->n_segments; i++)
    {
      route->lengths[i] = strlen (route->segments[i]);
      route->is_param[i] = g_str_equal (route->segments[i], "{}");
      route->n_params += route->is_param[i];
    }

  if (route->segments == NULL)
    {
      hub_route_free (route);
      g_return_if_reached ();
    }

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

  if (request->msg == NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new_take (json, length);

      hub_request_set_body (request, status, "application/json", body);
      return;
    }

  soup_server_message_set_status (request->msg, status, NULL);
  soup_server_message_set_response (request->msg, "application/json",
                                    SOUP_MEMORY_TAKE, json, length);
}

SoupMessageHeaders *
hub_request_get_request_headers (HubRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  if (request->msg != NULL)
    return soup_server_message_get_request_headers (request->msg);
  return request->request_headers;
}

SoupMessageHeaders *
hub_request_get_response_headers (HubRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  if (request->msg != NULL)
    return soup_server_message_get_response_headers (request->msg);
  return request->response_headers;
}

void
hub_request_set_status (HubRequest *request,
                        guint       status)
{
  g_return_if_fail (request != NULL);

  if (request->msg != NULL)
    soup_server_message_set_status (request->msg, status, NULL);
  else
    request->status = status;
}

void
hub_request_set_body (HubRequest *request,
                      guint       status,
                      const char *content_type,
                      GBytes     *body)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (body != NULL);

  hub_request_set_status (request, status);
  soup_message_headers_set_content_type (hub_request_get_response_headers (request),
                                         content_type, NULL);

  if (request->msg != NULL)
    {
      SoupMessageBody *response_body = soup_server_message_get_response_body (request->msg);

      soup_message_body_truncate (response_body);
      soup_message_body_append_bytes (response_body, body);
      return;
    }

  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = g_bytes_ref (body);
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

  respond_error_request (request, status, code, field, message);
}

/* The client's address, for rate limits and the audit log ("127.0.0.1"). */
char *
hub_request_dup_peer (HubRequest *request)
{
  g_autoptr(GSocketAddress) own = NULL;
  GSocketAddress *address;

  if (request->msg != NULL)
    {
      address = soup_server_message_get_remote_address (request->msg);
    }
  else
    {
      struct sockaddr_storage native;
      socklen_t size = sizeof native;

      if (getpeername (((LeanConn *) request->lean)->fd, (struct sockaddr *) &native, &size) == 0)
        own = g_socket_address_new_from_native (&native, size);
      address = own;
    }

  if (G_IS_INET_SOCKET_ADDRESS (address))
    return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));

  return g_strdup ("unknown");
}

DirStore *
hub_request_get_store (HubRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  return request->thread->store;
}

/* On a serving thread of its own (not the main thread, whose connection
 * sessions and referrals write through), the reads of one turn of the main
 * loop share one snapshot: a read transaction begun at the first use in the
 * turn and ended before the thread polls again (turn_source_prepare()).  A
 * read transaction of its own for each request cost more than the read
 * itself: two fcntl() locks, an fstat() and a lock the threads' connections
 * contend for (12 % of the throughput of GET /api/v1/services/{id}).
 *
 * What a turn answers are the requests that were in when the thread woke,
 * so each still sees every commit finished before it arrived; only one
 * whose last bytes come in during the turn itself can be answered as of
 * the turn's start, a fraction of a millisecond early.  A snapshot never
 * outlives a turn, so WAL checkpoints are not held back. */
sqlite3 *
hub_request_get_db_handle (HubRequest *request)
{
  HubThread *thread;

  g_return_val_if_fail (request != NULL, NULL);

  thread = request->thread;
  if (thread->own_db && !thread->in_snapshot && sqlite3_get_autocommit (thread->db))
    thread->in_snapshot = sqlite3_exec (thread->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

  return thread->db;
}

gpointer
hub_request_get_thread_data (HubRequest *request,
                             GQuark      key)
{
  g_return_val_if_fail (request != NULL, NULL);

  return g_datalist_id_get_data (&request->thread->data, key);
}

void
hub_request_set_thread_data (HubRequest     *request,
                             GQuark          key,
                             gpointer        data,
                             GDestroyNotify  destroy)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (!request->thread->stopped);

  g_datalist_id_set_data_full (&request->thread->data, key, data, destroy);
}

void
hub_request_defer (HubRequest *request)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->msg != NULL);  /* not on the lean path */
  g_return_if_fail (!request->deferred);

  request->deferred = TRUE;

  /* A forwarded message is paused already, by its own thread. */
  if (!request->forwarded)
    soup_server_message_pause (request->msg);
}

static void
resume_now (HubThread         *owner,
            SoupServerMessage *msg)
{
  /* Gone with its connection (the thread stopping, a client hanging up):
   * nobody to answer. */
  if (owner->stopped || g_object_get_qdata (G_OBJECT (msg), quarks.done) != NULL)
    return;

  cork_answer (owner, msg);
  soup_server_message_unpause (msg);
}

static gboolean
resume_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  resume_now (g_object_get_qdata (G_OBJECT (msg), quarks.owner), msg);

  return G_SOURCE_REMOVE;
}

void
hub_server_message_resume (SoupServerMessage *msg)
{
  HubThread *owner;
  GSource *source;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  owner = g_object_get_qdata (G_OBJECT (msg), quarks.owner);
  g_return_if_fail (owner != NULL);

  if (g_main_context_is_owner (owner->context))
    {
      resume_now (owner, msg);
      return;
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, resume_cb, g_object_ref (msg), g_object_unref);
  g_source_attach (source, owner->context);
  g_source_unref (source);
}
