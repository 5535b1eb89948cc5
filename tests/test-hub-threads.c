/* test-hub-threads.c
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

/* The hub serving on several threads (serve --threads N): every route gives
 * the same answers whichever thread takes the connection, with many
 * clients at once; SIGTERM finishes requests in flight on every thread; a
 * port another program listens on is refused; TLS on every thread. */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hub-test-util.h"

#define PASSWORD   "correct horse battery staple"
#define AGENCY     "Bedford Probation"
#define AGENCY_HUB "Direction Hub"
#define SHELTER_ID "6f1c2d3e-4a5b-4c6d-8e7f-000000000001"

#define N_CLIENTS  8
#define N_ROUNDS   6

/* ---- helpers ------------------------------------------------------------- */

static void
run_ok (const char * const *args,
        const char         *stdin_text)
{
  g_autofree char *err = NULL;
  int status = hub_run_cli (args, stdin_text, NULL, &err);

  if (status != 0)
    g_test_message ("%s: %s", args[0], err);
  g_assert_cmpint (status, ==, 0);
}

/* The fixture directory, a referrer and an advisor. */
static char *
new_threads_db (const char *name)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  char *db_path = hub_new_db (name, fixture);

  run_ok ((const char *[]) { "add-agency", "--db", db_path, AGENCY, NULL }, NULL);
  run_ok ((const char *[]) { "add-agency", "--db", db_path, AGENCY_HUB, NULL }, NULL);
  run_ok ((const char *[]) { "add-user", "--db", db_path, "--agency", AGENCY,
                             "--role", "referrer", "ref", NULL }, PASSWORD "\n");
  run_ok ((const char *[]) { "add-user", "--db", db_path, "--agency", AGENCY_HUB,
                             "--role", "advisor", "advisor", NULL }, PASSWORD "\n");

  return db_path;
}

/* The thread= of every request log line whose text contains match, as a
 * bit set; *n_lines counts them. */
static guint64
log_threads (const char *log,
             const char *match,
             guint      *n_lines)
{
  g_auto(GStrv) lines = g_strsplit (log, "\n", -1);
  guint64 threads = 0;

  *n_lines = 0;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *thread = strstr (lines[i], " thread=");
      guint index;

      if (strstr (lines[i], match) == NULL || thread == NULL)
        continue;

      g_assert_cmpint (sscanf (thread, " thread=%u", &index), ==, 1);
      g_assert_cmpuint (index, <, 64);
      threads |= G_GUINT64_CONSTANT (1) << index;
      (*n_lines)++;
    }

  return threads;
}

static guint
count_bits (guint64 bits)
{
  guint n = 0;

  for (; bits != 0; bits &= bits - 1)
    n++;

  return n;
}

static char *
json_string_at (const char *body,
                const char *member)
{
  g_autoptr(JsonNode) root = hub_parse_json (body);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (root),
                                                               member, ""));
}

static char *
referral_text (const char *id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_hours (now, -1);
  g_autofree char *given_at = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");

  return g_strdup_printf ("{\"id\": \"%s\", \"kind\": \"referral\", \"service_id\": \"" SHELTER_ID "\","
                          " \"person\": {\"given_name\": \"Sample\", \"family_name\": \"Person\","
                          "   \"date_of_birth\": \"1990-04-12\","
                          "   \"contact\": {\"phone\": \"01632 960123\"}},"
                          " \"needs\": [\"ACC.EMERG\"],"
                          " \"consent\": {\"given_by\": \"person\", \"given_at\": \"%s\","
                          "   \"method\": \"verbal\", \"share_with\": [\"service\", \"direction\"]}}",
                          id, given_at);
}

/* ---- many clients at once ------------------------------------------------ */

typedef struct
{
  const char *path;
  guint       status;
  char       *body;     /* what a lone client got */
} Expected;

typedef struct
{
  Hub        *hub;
  GPtrArray  *expected;  /* of Expected */
  guint       index;
  GMutex     *lock;
  GString    *failures;
  guint       n_referrals;
} Client;

static void
client_fail (Client     *client,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
client_fail (Client     *client,
             const char *format,
             ...)
{
  va_list args;

  g_mutex_lock (client->lock);
  g_string_append_printf (client->failures, "client %u: ", client->index);
  va_start (args, format);
  g_string_append_vprintf (client->failures, format, args);
  va_end (args);
  g_string_append_c (client->failures, '\n');
  g_mutex_unlock (client->lock);
}

/* A request from this thread's own session.  close: on a connection of its
 * own, so the requests of one client land on every serving thread. */
static Response *
client_request (Client             *client,
                SoupSession        *session,
                const char         *method,
                const char         *path,
                const char         *body,
                const char * const *headers,
                gboolean            close)
{
  g_autofree char *url = g_strconcat (client->hub->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Response *response = g_new0 (Response, 1);

  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  if (close)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Connection", "close");

  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  if (bytes == NULL)
    {
      client_fail (client, "%s %s: %s", method, path, error->message);
      response->body = g_strdup ("");
      return response;
    }

  response->status = soup_message_get_status (msg);
  response->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  response->length = g_bytes_get_size (bytes);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return response;
}

static gboolean
client_expect (Client     *client,
               Response   *response,
               guint       status,
               const char *what)
{
  if (response->status == status)
    return TRUE;

  client_fail (client, "%s: %u, not %u: %.200s", what, response->status, status, response->body);
  return FALSE;
}

/* Every read route, answered as a lone client saw it; then a session, a
 * referral (created, read, replayed), a status change and the referral
 * changes feed: the routes that run on the main thread. */
static gpointer
client_run (gpointer data)
{
  Client *client = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      gboolean close = (client->index + round) % 2 == 0;
      g_autofree char *login = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"" PASSWORD "\"}",
                                                round % 3 == 2 ? "advisor" : "ref");
      g_autofree char *token = NULL;
      g_autofree char *bearer = NULL;
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *referral = referral_text (id);
      g_autofree char *referral_path = g_strconcat ("/api/v1/referrals/", id, NULL);
      g_autoptr(Response) signed_in = NULL;

      for (guint i = 0; i < client->expected->len; i++)
        {
          const Expected *expected = g_ptr_array_index (client->expected, i);
          g_autoptr(Response) response = client_request (client, session, "GET", expected->path,
                                                         NULL, NULL, close);

          if (response->status != expected->status || g_strcmp0 (response->body, expected->body) != 0)
            client_fail (client, "GET %s: %u, %" G_GSIZE_FORMAT " bytes; a lone client got %u, %"
                         G_GSIZE_FORMAT " bytes", expected->path, response->status,
                         response->length, expected->status, strlen (expected->body));
        }

      signed_in = client_request (client, session, "POST", "/api/v1/session", login, NULL, close);
      if (!client_expect (client, signed_in, SOUP_STATUS_CREATED, "POST /api/v1/session"))
        continue;
      token = json_string_at (signed_in->body, "token");
      bearer = g_strconcat ("Bearer ", token, NULL);

      {
        const char *auth[] = { "Authorization", bearer, NULL };
        const char *create[] = { "Authorization", bearer, "Idempotency-Key", id, NULL };
        g_autoptr(Response) me = client_request (client, session, "GET", "/api/v1/session",
                                                 NULL, auth, close);
        g_autoptr(Response) created = NULL;
        g_autoptr(Response) replay = NULL;
        g_autoptr(Response) read = NULL;
        g_autoptr(Response) changes = NULL;
        g_autoptr(Response) bye = NULL;

        client_expect (client, me, SOUP_STATUS_OK, "GET /api/v1/session");

        if (round % 3 == 2)
          {
            /* The advisor moves the shelter's oldest referrals along. */
            g_autoptr(Response) list = client_request (client, session, "GET",
                                                       "/api/v1/referrals?limit=1", NULL,
                                                       auth, close);

            client_expect (client, list, SOUP_STATUS_OK, "GET /api/v1/referrals");
          }
        else
          {
            g_autofree char *created_id = NULL;

            created = client_request (client, session, "POST", "/api/v1/referrals", referral,
                                      create, close);
            if (client_expect (client, created, SOUP_STATUS_CREATED, "POST /api/v1/referrals"))
              {
                created_id = json_string_at (created->body, "id");
                if (g_strcmp0 (created_id, id) != 0)
                  client_fail (client, "POST /api/v1/referrals answered id %s for %s", created_id, id);
                client->n_referrals++;
              }

            replay = client_request (client, session, "POST", "/api/v1/referrals", referral,
                                     create, close);
            if (client_expect (client, replay, SOUP_STATUS_CREATED, "replayed POST") &&
                (g_strcmp0 (replay->body, created->body) != 0 ||
                 g_strcmp0 (soup_message_headers_get_one (replay->headers, "Idempotent-Replay"),
                            "true") != 0))
              client_fail (client, "the replay is not the first answer");

            read = client_request (client, session, "GET", referral_path, NULL, auth, close);
            if (client_expect (client, read, SOUP_STATUS_OK, "GET /api/v1/referrals/{id}"))
              {
                g_autofree char *read_id = json_string_at (read->body, "id");
                g_autofree char *status = json_string_at (read->body, "status");

                if (g_strcmp0 (read_id, id) != 0 || g_strcmp0 (status, "submitted") != 0)
                  client_fail (client, "GET %s: id %s, status %s", referral_path, read_id, status);
              }
          }

        changes = client_request (client, session, "GET", "/api/v1/referrals/changes?since=0&limit=5",
                                  NULL, auth, close);
        client_expect (client, changes, SOUP_STATUS_OK, "GET /api/v1/referrals/changes");

        bye = client_request (client, session, "DELETE", "/api/v1/session", NULL, auth, close);
        client_expect (client, bye, SOUP_STATUS_NO_CONTENT, "DELETE /api/v1/session");
      }
    }

  return NULL;
}

/* Requests on many connections land on (nearly) every thread: at least two
 * of them, never the main thread, which takes no connections then; with
 * one thread, all on it. */
static void
check_spread (const char *what,
              guint64     served_by,
              guint       n_threads)
{
  g_test_message ("%s: taken by %u of %u threads", what, count_bits (served_by), n_threads);

  if (n_threads == 1)
    {
      g_assert_cmpuint (served_by, ==, 1);
      return;
    }

  g_assert_cmpuint (count_bits (served_by), >=, 2);
  g_assert_cmpuint (served_by & 1, ==, 0);
}

static void
add_expected (GPtrArray  *expected,
              Hub        *hub,
              const char *path)
{
  g_autoptr(Response) response = hub_request (hub, "GET", path, NULL, NULL, -1, NULL);
  Expected *item = g_new0 (Expected, 1);

  item->path = g_strdup (path);
  item->status = response->status;
  item->body = g_strdup (response->body);
  g_ptr_array_add (expected, item);
}

static void
expected_free (gpointer data)
{
  Expected *item = data;

  g_free ((char *) item->path);
  g_free (item->body);
  g_free (item);
}

static void
check_parallel_clients (const char *threads)
{
  g_autofree char *name = g_strdup_printf ("parallel-%s.db", threads);
  g_autofree char *log_name = g_strdup_printf ("parallel-%s.log", threads);
  g_autofree char *db_path = new_threads_db (name);
  g_autofree char *log_path = hub_test_tmp_path (log_name);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (expected_free);
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autofree char *log = NULL;
  Client clients[N_CLIENTS];
  GThread *threads_run[N_CLIENTS];
  guint n_threads = (guint) g_ascii_strtoull (threads, NULL, 10);
  guint n_referrals = 0;
  guint64 served_by;
  guint n_lines;
  GMutex lock;
  Hub *hub;

  hub = hub_start_full (db_path, (const char *[]) { "--threads", threads, NULL }, log_path);

  /* What one client alone gets, route by route. */
  add_expected (expected, hub, "/api/v1/");
  add_expected (expected, hub, "/api/v1/services");
  add_expected (expected, hub, "/api/v1/services?page=2&per_page=2&search=shelter");
  add_expected (expected, hub, "/api/v1/services/" SHELTER_ID);
  add_expected (expected, hub, "/api/v1/services/00000000-0000-4000-8000-000000000000");
  add_expected (expected, hub, "/api/v1/services/not-a-uuid");
  add_expected (expected, hub, "/api/v1/taxonomy_terms?top_only=true");
  add_expected (expected, hub, "/api/v1/service_at_locations?postcode=MK40%201PG&proximity=20000");
  add_expected (expected, hub, "/api/v1/changes?since=0&limit=3");
  add_expected (expected, hub, "/api/v1/nowhere");
  {
    const guint statuses[] = { 200, 200, 200, 200, 404, 400, 200, 200, 200, 404 };

    for (guint i = 0; i < expected->len; i++)
      {
        const Expected *item = g_ptr_array_index (expected, i);

        g_test_message ("GET %s: %u, %" G_GSIZE_FORMAT " bytes", item->path, item->status,
                        strlen (item->body));
        g_assert_cmpuint (item->status, ==, statuses[i]);
      }
  }

  g_mutex_init (&lock);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      clients[i] = (Client) { hub, expected, i, &lock, failures, 0 };
      threads_run[i] = g_thread_new ("client", client_run, &clients[i]);
    }
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_thread_join (threads_run[i]);
      n_referrals += clients[i].n_referrals;
    }
  g_mutex_clear (&lock);

  if (failures->len > 0)
    g_test_message ("%s", failures->str);
  g_assert_cmpuint (failures->len, ==, 0);

  /* Two rounds in three create a referral, and each was stored once. */
  g_assert_cmpuint (n_referrals, ==, N_CLIENTS * (N_ROUNDS - N_ROUNDS / 3));
  g_assert_cmpint (hub_sql_number (db_path, "SELECT count(*) FROM referral"), ==, n_referrals);
  g_assert_cmpint (hub_sql_number (db_path, "SELECT count(*) FROM audit WHERE action = 'referral.create'"),
                   ==, n_referrals);

  hub_stop (hub, SIGTERM);

  log = hub_read_file (log_path);
  g_assert_nonnull (strstr (log, "Serving with "));

  /* Every request has its line.  With more than one thread, the requests
   * were spread over them, and main-thread routes (sessions, referrals)
   * were answered for connections other threads took. */
  served_by = log_threads (log, "path=/api/v1/services/" SHELTER_ID " status=200", &n_lines);
  g_assert_cmpuint (n_lines, ==, 1 + N_CLIENTS * N_ROUNDS);
  check_spread ("GET /api/v1/services/{id}", served_by, n_threads);

  served_by = log_threads (log, "method=POST path=/api/v1/referrals status=201", &n_lines);
  g_assert_cmpuint (n_lines, ==, 2 * n_referrals);
  check_spread ("POST /api/v1/referrals", served_by, n_threads);

  served_by = log_threads (log, "method=POST path=/api/v1/session status=201", &n_lines);
  g_assert_cmpuint (n_lines, ==, N_CLIENTS * N_ROUNDS);
  check_spread ("POST /api/v1/session", served_by, n_threads);

  served_by = log_threads (log, "method=PATCH", &n_lines);
  g_assert_cmpuint (n_lines, ==, 0);
}

static void
test_parallel_clients (void)
{
  check_parallel_clients ("4");
}

static void
test_parallel_clients_one_thread (void)
{
  check_parallel_clients ("1");
}

/* ---- SIGTERM with requests in flight --------------------------------------- */

typedef struct
{
  GSocketConnection *connection;
  char              *body;
  gsize              sent;      /* of body */
  char              *id;        /* referral id, or NULL for a sign-in */
} InFlight;

static void
in_flight_free (gpointer data)
{
  InFlight *request = data;

  g_clear_object (&request->connection);
  g_free (request->body);
  g_free (request->id);
  g_free (request);
}

static void
send_text (GSocketConnection *connection,
           const char        *text,
           gsize              length)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             text, length, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Reads until the peer closes; the answer, headers and body. */
static char *
read_answer (GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  guint8 buffer[4096];
  gssize n;

  g_socket_set_timeout (g_socket_connection_get_socket (connection), 20);
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (data, buffer, n);
  g_assert_no_error (error);

  return g_strndup ((const char *) data->data, data->len);
}

static void
test_sigterm_in_flight (void)
{
  g_autofree char *db_path = new_threads_db ("sigterm.db");
  g_autofree char *log_path = hub_test_tmp_path ("sigterm.log");
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (in_flight_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *log = NULL;
  g_autofree char *shutting_down = NULL;
  guint64 served_by;
  guint n_lines;
  gint64 start;
  Hub *hub;

  hub = hub_start_full (db_path, (const char *[]) { "--threads", "4", NULL }, log_path);

  {
    g_autoptr(Response) response = hub_request (hub, "POST", "/api/v1/session", "application/json",
                                                "{\"username\": \"ref\", \"password\": \"" PASSWORD "\"}",
                                                -1, NULL);

    g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
    token = json_string_at (response->body, "token");
  }

  /* Twelve requests, each on a connection of its own (so on any thread):
   * headers and half of the body sent, the rest held back.  Two are
   * sign-ins (each hashes a password on the main thread: slow), the others
   * referrals (answered by the main thread, and only once the referral is
   * on disk). */
  for (guint i = 0; i < 12; i++)
    {
      InFlight *request = g_new0 (InFlight, 1);
      g_autofree char *head = NULL;

      if (i % 6 == 0)
        {
          request->body = g_strdup ("{\"username\": \"ref\", \"password\": \"" PASSWORD "\"}");
          head = g_strdup_printf ("POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                  "Content-Type: application/json\r\nContent-Length: %" G_GSIZE_FORMAT
                                  "\r\nConnection: close\r\n\r\n", strlen (request->body));
        }
      else
        {
          request->id = g_uuid_string_random ();
          request->body = referral_text (request->id);
          head = g_strdup_printf ("POST /api/v1/referrals HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                  "Authorization: Bearer %s\r\nIdempotency-Key: %s\r\n"
                                  "Content-Type: application/json\r\nContent-Length: %" G_GSIZE_FORMAT
                                  "\r\nConnection: close\r\n\r\n",
                                  token, request->id, strlen (request->body));
        }

      request->connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1", hub->port,
                                                             NULL, &error);
      g_assert_no_error (error);
      request->sent = strlen (request->body) / 2;
      send_text (request->connection, head, strlen (head));
      send_text (request->connection, request->body, request->sent);
      g_ptr_array_add (requests, request);
    }

  /* Let the hub read every set of headers, then ask it to stop. */
  g_usleep (500 * G_TIME_SPAN_MILLISECOND);
  start = g_get_monotonic_time ();
  g_subprocess_send_signal (hub->process, SIGTERM);
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);

  /* The hub is still waiting for them: each gets its answer. */
  for (guint i = 0; i < requests->len; i++)
    {
      InFlight *request = g_ptr_array_index (requests, i);

      send_text (request->connection, request->body + request->sent,
                 strlen (request->body) - request->sent);
    }

  for (guint i = 0; i < requests->len; i++)
    {
      InFlight *request = g_ptr_array_index (requests, i);
      g_autofree char *answer = read_answer (request->connection);
      const char *body = strstr (answer, "\r\n\r\n");

      g_test_message ("%s: %.40s", request->id != NULL ? "referral" : "sign-in", answer);
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 201 "));
      g_assert_nonnull (body);
      if (request->id != NULL)
        {
          g_autofree char *id = json_string_at (body + 4, "id");

          g_assert_cmpstr (id, ==, request->id);
        }
      else
        {
          g_autofree char *new_token = json_string_at (body + 4, "token");

          g_assert_cmpuint (strlen (new_token), >, 20);
        }
    }

  /* And it stops by itself, well within its grace period, cleanly. */
  hub_wait_exit (hub);
  g_assert_cmpint ((g_get_monotonic_time () - start) / G_TIME_SPAN_MILLISECOND, <, 3000);

  /* Every referral answered 201 is stored. */
  g_assert_cmpint (hub_sql_number (db_path, "SELECT count(*) FROM referral"), ==, 10);

  log = hub_read_file (log_path);
  g_test_message ("hub log:\n%s", log);
  shutting_down = g_strdup_printf ("Shutting down (%u requests in progress)", requests->len);
  g_assert_nonnull (strstr (log, shutting_down));
  g_assert_nonnull (strstr (log, "Stopped"));

  served_by = log_threads (log, "method=POST path=/api/v1/referrals status=201", &n_lines);
  g_assert_cmpuint (n_lines, ==, 10);
  served_by |= log_threads (log, "method=POST path=/api/v1/session status=201", &n_lines);
  g_assert_cmpuint (n_lines, ==, 3);
  g_test_message ("in-flight requests were on %u threads", count_bits (served_by));
  g_assert_cmpuint (count_bits (served_by), >=, 2);
}

/* ---- reads stay fresh ----------------------------------------------------- */

/* The shelter's record renamed, as a one-record import file. */
static char *
write_renamed_shelter (const char *name)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  g_autofree char *path = g_build_filename (hub_test_tmp_dir (), "renamed.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonArray) one = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GError) error = NULL;
  JsonArray *contents;

  json_parser_load_from_file (parser, fixture, &error);
  g_assert_no_error (error);
  contents = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "contents");
  for (guint i = 0; i < json_array_get_length (contents); i++)
    {
      JsonObject *service = json_array_get_object_element (contents, i);

      if (g_str_equal (json_object_get_string_member (service, "id"), SHELTER_ID))
        {
          json_object_set_string_member (service, "name", name);
          json_array_add_object_element (one, json_object_ref (service));
        }
    }
  g_assert_cmpuint (json_array_get_length (one), ==, 1);

  json_node_set_array (root, one);
  json_generator_set_root (generator, root);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

typedef struct
{
  Hub      *hub;
  gboolean  stop;     /* atomic */
  guint     n_done;   /* atomic */
} Load;

/* Keeps the serving threads busy (long turns of their loops) on kept-alive
 * connections. */
static gpointer
load_run (gpointer data)
{
  Load *load = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 60, NULL);
  g_autofree char *url = g_strconcat (load->hub->base_url, "/api/v1/services/" SHELTER_ID, NULL);

  while (!g_atomic_int_get (&load->stop))
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

      g_atomic_int_inc (&load->n_done);
    }

  return NULL;
}

/* An import finished before a request is sent is in its answer, on every
 * thread, however busy: the snapshot a serving thread's reads share never
 * outlives a turn of its loop. */
static void
test_fresh_reads (void)
{
  g_autofree char *db_path = new_threads_db ("fresh.db");
  g_autoptr(SoupSession) kept = soup_session_new_with_options ("timeout", 60, NULL);
  GThread *loaders[4];
  Load load = { 0 };
  gint64 latest = 0;
  Hub *hub;

  hub = hub_start_full (db_path, (const char *[]) { "--threads", "2", NULL }, NULL);
  load.hub = hub;
  for (guint i = 0; i < G_N_ELEMENTS (loaders); i++)
    loaders[i] = g_thread_new ("load", load_run, &load);

  for (guint round = 0; round < 8; round++)
    {
      g_autofree char *name = g_strdup_printf ("Shelter renamed %u", round);
      g_autofree char *import = write_renamed_shelter (name);
      g_autofree char *changes_path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, latest);

      run_ok ((const char *[]) { "import", "--db", db_path, import, NULL }, NULL);

      /* On a kept-alive connection (its thread busy with the others), and on
       * new ones (any thread). */
      for (guint i = 0; i < 4; i++)
        {
          g_autofree char *url = g_strconcat (hub->base_url, "/api/v1/services/" SHELTER_ID, NULL);
          g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
          g_autoptr(GBytes) body = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *got = NULL;

          if (i > 0)
            soup_message_headers_replace (soup_message_get_request_headers (msg), "Connection", "close");
          body = soup_session_send_and_read (kept, msg, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
          got = json_string_at (g_bytes_get_data (body, NULL), "name");
          g_assert_cmpstr (got, ==, name);
        }

      {
        g_autoptr(Response) response = hub_request (hub, "GET", changes_path, NULL, NULL, -1, NULL);
        g_autoptr(JsonNode) root = NULL;
        JsonObject *page;
        JsonArray *changes;
        JsonObject *last;

        g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
        root = hub_parse_json (response->body);
        page = json_node_get_object (root);
        changes = json_object_get_array_member (page, "changes");
        g_assert_cmpuint (json_array_get_length (changes), >=, 1);
        last = json_array_get_object_element (changes, json_array_get_length (changes) - 1);
        g_assert_cmpstr (json_object_get_string_member (last, "id"), ==, SHELTER_ID);
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (last, "service"),
                                                        "name"), ==, name);
        g_assert_cmpint (json_object_get_int_member (page, "latest"), >, latest);
        latest = json_object_get_int_member (page, "latest");
      }
    }

  g_atomic_int_set (&load.stop, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (loaders); i++)
    g_thread_join (loaders[i]);
  g_test_message ("%u reads beside", g_atomic_int_get (&load.n_done));
  g_assert_cmpuint (g_atomic_int_get (&load.n_done), >, 0);

  hub_stop (hub, SIGTERM);
}

/* ---- the port ------------------------------------------------------------ */

static void
on_waited_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

/* serve that must fail: its exit status and stderr.  One that listens
 * instead never exits by itself: it is killed and the test fails. */
static int
run_serve_failing (const char * const  *args,
                   char               **out_err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) err = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  gboolean done = FALSE;

  g_ptr_array_add (argv, (gpointer) hub_binary ());
  g_ptr_array_add (argv, (gpointer) "serve");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);

  g_subprocess_wait_async (process, NULL, on_waited_cb, &done);
  while (!done && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }

  if (!done)
    {
      g_subprocess_force_exit (process);
      g_error ("serve %s %s did not fail", args[3], args[5]);
    }

  g_subprocess_communicate (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  *out_err = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));

  return g_subprocess_get_exit_status (process);
}

static void
test_port_taken (void)
{
  g_autofree char *db_path = new_threads_db ("port.db");
  g_autoptr(GSocket) squatter = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hub_listen = NULL;
  g_autofree char *squatter_listen = NULL;
  g_autofree char *expected = NULL;
  const char *thread_counts[] = { "1", "2", "3" };
  Hub *hub;
  int on = 1;

  hub = hub_start_full (db_path, (const char *[]) { "--threads", "2", NULL }, NULL);
  hub_listen = g_strdup_printf ("127.0.0.1:%u", hub->port);

  /* Another program listening with SO_REUSEPORT, as a second hub would
   * (the kernel lets a socket of the same user join it). */
  squatter = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_cmpint (setsockopt (g_socket_get_fd (squatter), SOL_SOCKET, SO_REUSEPORT, &on, sizeof on),
                   ==, 0);
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
    struct sockaddr_storage native;

    g_assert_true (g_socket_address_to_native (any_port, &native, sizeof native, &error));
    g_assert_cmpint (bind (g_socket_get_fd (squatter), (struct sockaddr *) &native,
                           g_socket_address_get_native_size (any_port)), ==, 0);
  }
  g_assert_true (g_socket_listen (squatter, &error));
  bound = g_socket_get_local_address (squatter, &error);
  g_assert_no_error (error);
  squatter_listen = g_strdup_printf ("127.0.0.1:%u",
                                     g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  for (guint i = 0; i < G_N_ELEMENTS (thread_counts); i++)
    {
      const char *taken[] = { hub_listen, squatter_listen };

      for (guint j = 0; j < G_N_ELEMENTS (taken); j++)
        {
          g_autofree char *err = NULL;
          int status = run_serve_failing ((const char *[]) { "--db", db_path, "--listen", taken[j],
                                                             "--threads", thread_counts[i], NULL },
                                          &err);

          g_test_message ("--threads %s on %s: %d %s", thread_counts[i], taken[j], status, err);
          g_assert_cmpint (status, ==, 1);
          g_clear_pointer (&expected, g_free);
          expected = g_strdup_printf ("Could not listen on %s: ", taken[j]);
          g_assert_nonnull (strstr (err, expected));
          g_assert_nonnull (strstr (err, "Address already in use"));
        }
    }

  /* The first hub never noticed. */
  {
    g_autoptr(Response) response = hub_request (hub, "GET", "/api/v1/", NULL, NULL, -1, NULL);

    g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  }
  hub_stop (hub, SIGTERM);

  /* A port that is free again is taken by every thread. */
  g_socket_close (squatter, NULL);
  {
    g_autofree char *fixed_log = hub_test_tmp_path ("port-fixed.log");
    g_autofree char *log = NULL;
    guint64 served_by;
    guint n_lines;

    hub = hub_start_full (db_path, (const char *[]) { "--listen", squatter_listen,
                                                      "--threads", "3", NULL }, fixed_log);
    g_assert_cmpstr (strrchr (squatter_listen, ':') + 1, ==,
                     strrchr (hub->base_url, ':') + 1);
    /* A connection each: the kernel spreads them over the three sockets. */
    for (guint i = 0; i < 40; i++)
      {
        g_autoptr(Response) response = hub_raw_request (hub->port, "/api/v1/");

        g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
      }
    hub_stop (hub, SIGTERM);
    log = hub_read_file (fixed_log);
    served_by = log_threads (log, "path=/api/v1/ status=200", &n_lines);
    g_assert_cmpuint (n_lines, ==, 40);
    g_assert_cmpuint (count_bits (served_by), ==, 3);
  }
}

/* ---- TLS on every thread ------------------------------------------------- */

static void
test_tls (void)
{
  g_autofree char *db_path = new_threads_db ("tls.db");
  g_autofree char *log_path = hub_test_tmp_path ("tls.log");
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  guint64 served_by;
  guint n_lines;
  Hub *hub;

  hub_make_certificate ("threads", &cert, &key);
  certificate = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);

  hub = hub_start_full (db_path, (const char *[]) { "--threads", "3", "--tls-cert", cert,
                                                    "--tls-key", key, NULL }, log_path);
  g_assert_true (g_str_has_prefix (hub->base_url, "https://"));

  /* A connection of its own for each request: every thread does TLS. */
  for (guint i = 0; i < 24; i++)
    {
      g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
      g_autofree char *url = g_strconcat (hub->base_url, "/api/v1/services/" SHELTER_ID, NULL);
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = NULL;
      g_autofree char *id = NULL;

      hub_pin_certificate (msg, certificate);
      body = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
      id = json_string_at (g_bytes_get_data (body, NULL), "id");
      g_assert_cmpstr (id, ==, SHELTER_ID);
    }

  hub_stop (hub, SIGTERM);

  log = hub_read_file (log_path);
  served_by = log_threads (log, "path=/api/v1/services/" SHELTER_ID " status=200", &n_lines);
  g_assert_cmpuint (n_lines, ==, 24);
  g_test_message ("TLS served by %u threads", count_bits (served_by));
  g_assert_cmpuint (count_bits (served_by), >=, 2);
}

/* ---- the option ---------------------------------------------------------- */

static void
test_cli_threads (void)
{
  g_autofree char *db_path = new_threads_db ("cli.db");
  g_autofree char *help = NULL;
  const char *bad[] = { "0", "65", "two", "", "-1" };

  g_assert_cmpint (hub_run_cli ((const char *[]) { "serve", "--help", NULL }, NULL, &help, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (help, "--threads=N"));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (hub_run_cli ((const char *[]) { "serve", "--db", db_path, "--listen",
                                                       "127.0.0.1:0", "--threads", bad[i], NULL },
                                    NULL, NULL, &err), ==, 2);
      g_assert_nonnull (strstr (err, "--threads must be a whole number from 1 to 64"));
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hub/threads/parallel-clients", test_parallel_clients);
  g_test_add_func ("/hub/threads/parallel-clients-one-thread", test_parallel_clients_one_thread);
  g_test_add_func ("/hub/threads/sigterm-in-flight", test_sigterm_in_flight);
  g_test_add_func ("/hub/threads/fresh-reads", test_fresh_reads);
  g_test_add_func ("/hub/threads/port-taken", test_port_taken);
  g_test_add_func ("/hub/threads/tls", test_tls);
  g_test_add_func ("/hub/threads/cli", test_cli_threads);

  status = g_test_run ();
  hub_test_cleanup ();

  return status;
}
