/* test-hub-lean.c
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

/* The hub's lean path (plain http: the serving threads answer complete,
 * bodiless GET/HEAD heads for directory reads and /changes themselves and
 * hand everything else to libsoup), driven through raw sockets: the same
 * bytes as libsoup's answers (a head split over two writes goes to
 * libsoup), pipelining, HEAD, Connection: close, HTTP/1.0, a POST after
 * GETs on one connection, unknown paths, an oversize head, the idle
 * timeout, a slow reader of a big answer, and SIGTERM while one is being
 * written. */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/time.h>

#include <glib/gstdio.h>

#include "hub-test-util.h"

#define PASSWORD   "correct horse battery staple"
#define AGENCY     "Bedford Probation"
#define SHELTER_ID "6f1c2d3e-4a5b-4c6d-8e7f-000000000001"
#define SHELTER    "/api/v1/services/" SHELTER_ID

/* ---- helpers ------------------------------------------------------------- */

/* The test fixture directory and a referrer who can sign in. */
static char *
new_lean_db (const char *name)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  char *db_path = hub_new_db (name, fixture);

  hub_add_user (db_path, AGENCY, "referrer", "ref", PASSWORD);

  return db_path;
}

/* The whole sample directory: a changes page of hundreds of kB. */
static char *
new_big_db (const char *name)
{
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                   "sample-directory.json", NULL);

  return hub_new_db (name, sample);
}

static guint
count_matches (const char *text,
               const char *match)
{
  guint n = 0;

  for (const char *p = strstr (text, match); p != NULL; p = strstr (p + 1, match))
    n++;

  return n;
}

/* A connection to the hub; reads give up after timeout_s. */
static int
connect_hub (Hub  *hub,
             int   receive_buffer,
             guint timeout_s)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons (hub->port) };
  struct timeval timeout = { .tv_sec = timeout_s };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (receive_buffer > 0)
    g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer), ==, 0);
  g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout), ==, 0);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &address, sizeof address), ==, 0);

  return fd;
}

static void
send_text (int         fd,
           const char *text,
           gsize       length)
{
  while (length > 0)
    {
      gssize n = send (fd, text, length, MSG_NOSIGNAL);

      g_assert_cmpint (n, >, 0);
      text += n;
      length -= n;
    }
}

/* Buffered reading of answers from one connection. */
typedef struct
{
  int         fd;
  GByteArray *data;
  gboolean    eof;
} Reader;

static Reader *
reader_new (int fd)
{
  Reader *reader = g_new0 (Reader, 1);

  reader->fd = fd;
  reader->data = g_byte_array_new ();
  return reader;
}

static void
reader_free (Reader *reader)
{
  close (reader->fd);
  g_byte_array_unref (reader->data);
  g_free (reader);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reader, reader_free)

/* Reads more; FALSE at the end of the stream.  A timeout fails the test. */
static gboolean
reader_fill (Reader *reader)
{
  guint8 buffer[16384];
  gssize n;

  do
    n = recv (reader->fd, buffer, sizeof buffer, 0);
  while (n < 0 && errno == EINTR);

  if (n < 0 && errno == ECONNRESET)
    n = 0;
  if (n < 0)
    g_error ("reading from the hub: %s", g_strerror (errno));

  if (n == 0)
    {
      reader->eof = TRUE;
      return FALSE;
    }

  g_byte_array_append (reader->data, buffer, n);
  return TRUE;
}

/* The end of the first head in what was read, or NULL. */
static const guint8 *
head_end (Reader *reader)
{
  if (reader->data->len < 4)
    return NULL;
  return memmem (reader->data->data, reader->data->len, "\r\n\r\n", 4);
}

typedef struct
{
  char   *status_line;
  char   *headers;   /* "Name: value\r\n" lines but Date's */
  char   *body;
  gsize   length;
} Answer;

static void
answer_free (Answer *answer)
{
  g_free (answer->status_line);
  g_free (answer->headers);
  g_free (answer->body);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

static guint
answer_status (Answer *answer)
{
  return (guint) g_ascii_strtoull (answer->status_line + 9, NULL, 10);
}

/* The value of a header of an answer, or NULL. */
static char *
answer_header (Answer     *answer,
               const char *name)
{
  g_auto(GStrv) lines = g_strsplit (answer->headers, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (colon != NULL && (gsize) (colon - lines[i]) == strlen (name) &&
          g_ascii_strncasecmp (lines[i], name, strlen (name)) == 0)
        return g_strstrip (g_strdup (colon + 1));
    }

  return NULL;
}

/* The next answer on the connection (to a HEAD request if head_only). */
static Answer *
read_answer (Reader   *reader,
             gboolean  head_only)
{
  Answer *answer = g_new0 (Answer, 1);
  g_autofree char *head = NULL;
  g_autofree char *content_length = NULL;
  g_auto(GStrv) lines = NULL;
  GString *headers = g_string_new (NULL);
  const guint8 *end;
  gsize head_len;
  gsize length = 0;

  while ((end = head_end (reader)) == NULL)
    {
      if (!reader_fill (reader))
        g_error ("the hub closed the connection before an answer (%u bytes in)", reader->data->len);
    }

  head_len = end + 4 - reader->data->data;
  head = g_strndup ((const char *) reader->data->data, head_len - 4);
  g_byte_array_remove_range (reader->data, 0, head_len);

  lines = g_strsplit (head, "\r\n", -1);
  answer->status_line = g_strdup (lines[0]);
  g_assert_true (g_str_has_prefix (answer->status_line, "HTTP/1."));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (!g_str_has_prefix (lines[i], "Date: "))
        g_string_append_printf (headers, "%s\r\n", lines[i]);
    }
  answer->headers = g_string_free (headers, FALSE);

  content_length = answer_header (answer, "Content-Length");
  if (content_length != NULL && !head_only)
    length = g_ascii_strtoull (content_length, NULL, 10);

  while (reader->data->len < length)
    {
      if (!reader_fill (reader))
        g_error ("the hub closed the connection %u bytes into a %" G_GSIZE_FORMAT "-byte body",
                 reader->data->len, length);
    }

  answer->body = g_strndup ((const char *) reader->data->data, length);
  answer->length = length;
  g_byte_array_remove_range (reader->data, 0, length);

  return answer;
}

/* After the answers: the hub closes the connection, with nothing more. */
static void
assert_closed (Reader *reader)
{
  while (reader_fill (reader))
    ;
  g_assert_cmpuint (reader->data->len, ==, 0);
}

/* One request on a connection of its own; split: the head in two writes,
 * a pause between them, so the hub's lean path never sees it whole and
 * libsoup answers it. */
static Answer *
ask (Hub        *hub,
     const char *request,
     gboolean    split)
{
  g_autoptr(Reader) reader = reader_new (connect_hub (hub, 0, 20));
  gsize length = strlen (request);
  gboolean head_only = g_str_has_prefix (request, "HEAD ");

  if (split)
    {
      send_text (reader->fd, request, length / 2);
      g_usleep (200 * G_TIME_SPAN_MILLISECOND);
      send_text (reader->fd, request + length / 2, length - length / 2);
    }
  else
    {
      send_text (reader->fd, request, length);
    }

  return read_answer (reader, head_only);
}

static char *
get_token (Hub *hub)
{
  g_autoptr(Response) response = hub_request (hub, "POST", "/api/v1/session", "application/json",
                                              "{\"username\": \"ref\", \"password\": \"" PASSWORD "\"}",
                                              -1, NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
  root = hub_parse_json (response->body);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}

/* ---- the same answers as libsoup's ---------------------------------------- */

static void
test_same_bytes (void)
{
  g_autofree char *db_path = new_lean_db ("same.db");
  g_autofree char *log_path = hub_test_tmp_path ("same.log");
  g_autofree char *etag = NULL;
  g_autofree char *log = NULL;
  const char *requests[] = {
    "GET " SHELTER " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\n\r\n",
    "HEAD " SHELTER " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET /api/v1/services?search=shelter&limit=5 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET /api/v1/services?search=%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET /api/v1/services?search=%FF HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET /api/v1/services/00000000-0000-4000-8000-000000000000 HTTP/1.1\r\nHost: h\r\n\r\n",
    "GET /api/v1/taxonomy_terms HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET /api/v1/changes?since=0&limit=3 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET /api/v1/changes?since=0&limit=3 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n",
    "GET /api/v1/changes?since=999999 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "GET " SHELTER " HTTP/1.0\r\n\r\n",
    "GET " SHELTER " HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n",
    "GET " SHELTER " HTTP/1.1\r\nHost: a/b\r\n\r\n",
    "GET " SHELTER " HTTP/1.1\r\nHost: h:8x\r\n\r\n",
    "GET " SHELTER " HTTP/1.1\r\nHost: one\r\nHost: two\r\n\r\n",
    "GET " SHELTER " HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "GET " SHELTER " HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
    "GET " SHELTER "?x=%41 HTTP/1.1\r\nHost: h\r\n\r\n",
    "GET " SHELTER " HTTP/1.1\r\nHost: h\r\nRange: bytes=0-9\r\n\r\n",
  };
  Hub *hub;

  hub = hub_start_full (db_path, (const char *[]) { "--threads", "2", NULL }, log_path);

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(Answer) lean = ask (hub, requests[i], FALSE);
      g_autoptr(Answer) soup = ask (hub, requests[i], TRUE);

      g_test_message ("%.60s → %s", requests[i], lean->status_line);
      g_assert_cmpstr (lean->status_line, ==, soup->status_line);
      g_assert_cmpstr (lean->headers, ==, soup->headers);
      g_assert_cmpuint (lean->length, ==, soup->length);
      g_assert_true (memcmp (lean->body, soup->body, lean->length) == 0);
    }

  /* A 304 too. */
  {
    g_autoptr(Answer) first = ask (hub, "GET /api/v1/changes?since=0 HTTP/1.1\r\nHost: h\r\n\r\n", FALSE);
    g_autofree char *request = NULL;

    g_assert_cmpuint (answer_status (first), ==, 200);
    etag = answer_header (first, "ETag");
    g_assert_nonnull (etag);
    request = g_strdup_printf ("GET /api/v1/changes?since=0 HTTP/1.1\r\nHost: h\r\n"
                               "If-None-Match: %s\r\n\r\n", etag);

    {
      g_autoptr(Answer) lean = ask (hub, request, FALSE);
      g_autoptr(Answer) soup = ask (hub, request, TRUE);

      g_assert_cmpuint (answer_status (lean), ==, 304);
      g_assert_cmpstr (lean->status_line, ==, soup->status_line);
      g_assert_cmpstr (lean->headers, ==, soup->headers);
      g_assert_cmpuint (lean->length, ==, 0);
    }
  }

  hub_stop (hub, SIGTERM);

  /* Each request logged, in the same format whichever way it went. */
  log = hub_read_file (log_path);
  g_assert_cmpuint (count_matches (log, "method=GET path=" SHELTER " status=200 duration_ms="), ==, 14);
  g_assert_cmpuint (count_matches (log, "method=HEAD path=" SHELTER " status=200 duration_ms="), ==, 2);
  g_assert_cmpuint (count_matches (log, "method=GET path=/api/v1/changes status=304 duration_ms="), ==, 2);
  g_assert_cmpuint (count_matches (log, "method=GET path=/api/v1/services status=400 duration_ms="), ==, 2);
  g_assert_null (strstr (log, "search=shelter"));
}

/* ---- one connection, many requests ---------------------------------------- */

static void
test_pipelined (void)
{
  g_autofree char *db_path = new_lean_db ("pipelined.db");
  g_autofree char *token = NULL;
  g_autoptr(GString) requests = g_string_new (NULL);
  g_autoptr(Reader) reader = NULL;
  g_autoptr(Answer) expected = NULL;
  g_autofree char *body = NULL;
  g_autofree char *post = NULL;
  Hub *hub;

  hub = hub_start_full (db_path, (const char *[]) { "--threads", "2", NULL }, NULL);
  token = get_token (hub);
  expected = ask (hub, "GET " SHELTER " HTTP/1.1\r\nHost: h\r\n\r\n", FALSE);
  g_assert_cmpuint (answer_status (expected), ==, 200);

  /* Twenty requests in one write, GETs and HEADs and changes pages. */
  for (guint i = 0; i < 20; i++)
    {
      if (i % 5 == 3)
        g_string_append (requests, "HEAD " SHELTER " HTTP/1.1\r\nHost: h\r\n\r\n");
      else if (i % 5 == 4)
        g_string_append (requests, "GET /api/v1/changes?since=0&limit=2 HTTP/1.1\r\nHost: h\r\n\r\n");
      else
        g_string_append (requests, "GET " SHELTER " HTTP/1.1\r\nHost: h\r\n\r\n");
    }

  reader = reader_new (connect_hub (hub, 0, 20));
  send_text (reader->fd, requests->str, requests->len);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(Answer) answer = read_answer (reader, i % 5 == 3);

      g_assert_cmpuint (answer_status (answer), ==, 200);
      if (i % 5 == 4)
        {
          g_autoptr(JsonNode) root = hub_parse_json (answer->body);

          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "changes")), ==, 2);
        }
      else
        {
          g_assert_cmpstr (answer->headers, ==, expected->headers);
          if (i % 5 != 3)
            g_assert_cmpstr (answer->body, ==, expected->body);
        }
    }

  /* Then a sign-in on the same connection: libsoup's, answered properly,
   * and a read after it. */
  body = g_strdup ("{\"username\": \"ref\", \"password\": \"" PASSWORD "\"}");
  post = g_strdup_printf ("POST /api/v1/session HTTP/1.1\r\nHost: h\r\n"
                          "Content-Type: application/json\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s"
                          "GET " SHELTER " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
                          strlen (body), body);
  send_text (reader->fd, post, strlen (post));
  {
    g_autoptr(Answer) signed_in = read_answer (reader, FALSE);
    g_autoptr(Answer) read_after = read_answer (reader, FALSE);
    g_autoptr(JsonNode) root = hub_parse_json (signed_in->body);

    g_assert_cmpuint (answer_status (signed_in), ==, 201);
    g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (root), "token")), >, 20);
    g_assert_cmpuint (answer_status (read_after), ==, 200);
    g_assert_cmpstr (read_after->body, ==, expected->body);
  }
  assert_closed (reader);

  /* A referral list (a main-thread route) after reads, with a token. */
  {
    g_autoptr(Reader) mixed = reader_new (connect_hub (hub, 0, 20));
    g_autofree char *text = g_strdup_printf ("GET " SHELTER " HTTP/1.1\r\nHost: h\r\n\r\n"
                                             "GET /api/v1/referrals HTTP/1.1\r\nHost: h\r\n"
                                             "Authorization: Bearer %s\r\n\r\n"
                                             "GET /api/v1/referrals HTTP/1.1\r\nHost: h\r\n\r\n",
                                             token);
    g_autoptr(Answer) first = NULL;
    g_autoptr(Answer) listed = NULL;
    g_autoptr(Answer) refused = NULL;

    send_text (mixed->fd, text, strlen (text));
    first = read_answer (mixed, FALSE);
    listed = read_answer (mixed, FALSE);
    refused = read_answer (mixed, FALSE);
    g_assert_cmpuint (answer_status (first), ==, 200);
    g_assert_cmpuint (answer_status (listed), ==, 200);
    g_assert_cmpuint (answer_status (refused), ==, 401);
  }

  hub_stop (hub, SIGTERM);
}

/* ---- closing ------------------------------------------------------------- */

static void
test_close (void)
{
  g_autofree char *db_path = new_lean_db ("close.db");
  Hub *hub;

  hub = hub_start_full (db_path, (const char *[]) { "--threads", "2", NULL }, NULL);

  /* Connection: close, and whatever else was sent is not answered. */
  {
    g_autoptr(Reader) reader = reader_new (connect_hub (hub, 0, 20));
    const char *text = "GET " SHELTER " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
    g_autoptr(Answer) answer = NULL;

    send_text (reader->fd, text, strlen (text));
    answer = read_answer (reader, FALSE);
    g_assert_cmpstr (answer->status_line, ==, "HTTP/1.1 200 OK");
    assert_closed (reader);
  }

  /* HEAD: a Content-Length but no body. */
  {
    g_autoptr(Reader) reader = reader_new (connect_hub (hub, 0, 20));
    const char *text = "HEAD " SHELTER " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n";
    g_autoptr(Answer) answer = NULL;
    g_autofree char *length = NULL;

    send_text (reader->fd, text, strlen (text));
    answer = read_answer (reader, TRUE);
    g_assert_cmpstr (answer->status_line, ==, "HTTP/1.1 200 OK");
    length = answer_header (answer, "Content-Length");
    g_assert_cmpuint (g_ascii_strtoull (length, NULL, 10), >, 100);
    assert_closed (reader);
  }

  /* HTTP/1.0: one answer, then the hub closes. */
  {
    g_autoptr(Reader) reader = reader_new (connect_hub (hub, 0, 20));
    const char *text = "GET " SHELTER " HTTP/1.0\r\n\r\n";
    g_autoptr(Answer) answer = NULL;

    send_text (reader->fd, text, strlen (text));
    answer = read_answer (reader, FALSE);
    g_assert_cmpstr (answer->status_line, ==, "HTTP/1.0 200 OK");
    g_assert_nonnull (strstr (answer->body, SHELTER_ID));
    assert_closed (reader);
  }

  /* HTTP/1.1 without Host is libsoup's to refuse. */
  {
    g_autoptr(Reader) reader = reader_new (connect_hub (hub, 0, 20));
    const char *text = "GET " SHELTER " HTTP/1.1\r\n\r\n";
    g_autoptr(Answer) answer = NULL;

    send_text (reader->fd, text, strlen (text));
    answer = read_answer (reader, FALSE);
    g_assert_cmpuint (answer_status (answer), ==, 400);
  }

  hub_stop (hub, SIGTERM);
}

/* ---- what the lean path does not answer ----------------------------------- */

static void
test_not_ours (void)
{
  g_autofree char *db_path = new_lean_db ("notours.db");
  g_autoptr(GString) big = g_string_new ("GET " SHELTER " HTTP/1.1\r\nHost: h\r\n");
  Hub *hub;

  hub = hub_start_full (db_path, (const char *[]) { "--threads", "2", NULL }, NULL);

  /* An unknown path and a wrong method: JSON errors, and the connection
   * still serves reads. */
  {
    g_autoptr(Reader) reader = reader_new (connect_hub (hub, 0, 20));
    const char *text = "GET /api/v1/nothing-here HTTP/1.1\r\nHost: h\r\n\r\n"
                       "DELETE " SHELTER " HTTP/1.1\r\nHost: h\r\n\r\n"
                       "GET /api/v1/services/../services/" SHELTER_ID " HTTP/1.1\r\nHost: h\r\n\r\n"
                       "GET " SHELTER " HTTP/1.1\r\nHost: h\r\n\r\n";
    g_autoptr(Answer) missing = NULL;
    g_autoptr(Answer) wrong = NULL;
    g_autoptr(Answer) dotted = NULL;
    g_autoptr(Answer) fine = NULL;
    g_autofree char *allow = NULL;

    send_text (reader->fd, text, strlen (text));
    missing = read_answer (reader, FALSE);
    g_assert_cmpuint (answer_status (missing), ==, 404);
    hub_assert_error_body (missing->body, "not_found", NULL);

    wrong = read_answer (reader, FALSE);
    g_assert_cmpuint (answer_status (wrong), ==, 405);
    hub_assert_error_body (wrong->body, "method_not_allowed", NULL);
    allow = answer_header (wrong, "Allow");
    g_assert_cmpstr (allow, ==, "GET, HEAD");

    /* Dot segments are resolved (by libsoup), not taken as an id. */
    dotted = read_answer (reader, FALSE);
    g_assert_cmpuint (answer_status (dotted), ==, 200);
    g_assert_nonnull (strstr (dotted->body, SHELTER_ID));

    fine = read_answer (reader, FALSE);
    g_assert_cmpuint (answer_status (fine), ==, 200);
  }

  /* A head far over any sane size is refused, not read forever. */
  {
    g_autoptr(Reader) reader = reader_new (connect_hub (hub, 0, 20));
    g_autoptr(Answer) answer = NULL;

    for (guint i = 0; big->len < 256 * 1024; i++)
      g_string_append_printf (big, "X-Filler-%u: %0200u\r\n", i, i);
    g_string_append (big, "\r\n");

    /* The hub may answer and close before it has everything. */
    for (gsize sent = 0; sent < big->len;)
      {
        gssize n = send (reader->fd, big->str + sent, big->len - sent, MSG_NOSIGNAL);

        if (n <= 0)
          break;
        sent += n;
      }
    answer = read_answer (reader, FALSE);
    g_test_message ("oversize head: %s", answer->status_line);
    g_assert_cmpuint (answer_status (answer), >=, 400);
    g_assert_cmpuint (answer_status (answer), <, 500);
  }

  /* A body on a GET goes to libsoup too, which answers it. */
  {
    g_autoptr(Reader) reader = reader_new (connect_hub (hub, 0, 20));
    const char *text = "GET " SHELTER " HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
                       "GET " SHELTER " HTTP/1.1\r\nHost: h\r\n\r\n";
    g_autoptr(Answer) first = NULL;
    g_autoptr(Answer) second = NULL;

    send_text (reader->fd, text, strlen (text));
    first = read_answer (reader, FALSE);
    second = read_answer (reader, FALSE);
    g_assert_cmpuint (answer_status (first), ==, 200);
    g_assert_cmpuint (answer_status (second), ==, 200);
    g_assert_cmpstr (first->body, ==, second->body);
  }

  hub_stop (hub, SIGTERM);
}

/* ---- idle connections ----------------------------------------------------- */

/* Seconds until the hub closes the connection. */
static double
seconds_until_closed (Reader *reader)
{
  gint64 start = g_get_monotonic_time ();

  assert_closed (reader);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
test_idle_timeout (void)
{
  g_autofree char *db_path = new_lean_db ("idle.db");
  g_autofree char *token = NULL;
  g_autoptr(Reader) silent = NULL;
  g_autoptr(Reader) after_read = NULL;
  g_autoptr(Reader) after_post = NULL;
  g_autoptr(Reader) busy = NULL;
  g_autoptr(Answer) read_answered = NULL;
  g_autoptr(Answer) post_answered = NULL;
  g_autofree char *post = NULL;
  const char *get = "GET " SHELTER " HTTP/1.1\r\nHost: h\r\n\r\n";
  double waited;
  Hub *hub;

  hub = hub_start_full (db_path, (const char *[]) { "--threads", "2", "--io-timeout", "2", NULL },
                        NULL);
  token = get_token (hub);

  /* One connection that never says anything, one idle after a read, one
   * idle after a request libsoup answered (handed over), and one that
   * keeps reading every half second. */
  silent = reader_new (connect_hub (hub, 0, 20));
  after_read = reader_new (connect_hub (hub, 0, 20));
  send_text (after_read->fd, get, strlen (get));
  read_answered = read_answer (after_read, FALSE);
  g_assert_cmpuint (answer_status (read_answered), ==, 200);

  after_post = reader_new (connect_hub (hub, 0, 20));
  post = g_strdup_printf ("GET /api/v1/referrals HTTP/1.1\r\nHost: h\r\n"
                          "Authorization: Bearer %s\r\n\r\n", token);
  send_text (after_post->fd, post, strlen (post));
  post_answered = read_answer (after_post, FALSE);
  g_assert_cmpuint (answer_status (post_answered), ==, 200);

  busy = reader_new (connect_hub (hub, 0, 20));
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(Answer) answer = NULL;

      send_text (busy->fd, get, strlen (get));
      answer = read_answer (busy, FALSE);
      g_assert_cmpuint (answer_status (answer), ==, 200);
      g_usleep (G_USEC_PER_SEC / 2);
    }

  /* Four seconds of use: more than the timeout, yet busy is still open. */
  send_text (busy->fd, get, strlen (get));
  {
    g_autoptr(Answer) answer = read_answer (busy, FALSE);

    g_assert_cmpuint (answer_status (answer), ==, 200);
  }

  /* The others were closed within the timeout and the sweep's second. */
  waited = seconds_until_closed (silent);
  g_assert_cmpfloat (waited, <, 1.0);
  waited = seconds_until_closed (after_read);
  g_assert_cmpfloat (waited, <, 1.0);
  waited = seconds_until_closed (after_post);
  g_assert_cmpfloat (waited, <, 1.0);

  /* And busy, once left alone, is closed after the timeout. */
  waited = seconds_until_closed (busy);
  g_test_message ("busy closed after %.2f s", waited);
  g_assert_cmpfloat (waited, >=, 1.5);
  g_assert_cmpfloat (waited, <, 4.0);

  hub_stop (hub, SIGTERM);
}

/* ---- big answers ---------------------------------------------------------- */

/* Sends n_answers requests for a big changes page in one write (more than
 * the kernel buffers on loopback, so the hub has to wait for the client),
 * and reads the answers a little at a time, with pauses, each checked
 * against its Content-Length.  signal_after: once this many bytes are in,
 * SIGTERM the hub (0: never).  Returns the body length. */
#define BIG_PAGE "GET /api/v1/changes?since=0&limit=200 HTTP/1.1\r\nHost: h\r\n\r\n"

static gsize
read_slowly (Hub    *hub,
             Reader *reader,
             guint   n_answers,
             gsize   signal_after)
{
  g_autoptr(GString) requests = g_string_new (NULL);
  gboolean signalled = FALSE;
  gsize received = 0;
  gsize first_length = 0;

  for (guint i = 0; i < n_answers; i++)
    g_string_append (requests, BIG_PAGE);
  send_text (reader->fd, requests->str, requests->len);

  for (guint i = 0; i < n_answers; i++)
    {
      g_autofree char *head = NULL;
      const guint8 *end;
      const char *value;
      gsize head_len;
      gsize length;

      while ((end = head_end (reader)) == NULL)
        g_assert_true (reader_fill (reader));

      head_len = end + 4 - reader->data->data;
      head = g_strndup ((const char *) reader->data->data, head_len);
      g_assert_true (g_str_has_prefix (head, "HTTP/1.1 200 OK\r\n"));
      value = strstr (head, "Content-Length: ");
      g_assert_nonnull (value);
      length = g_ascii_strtoull (value + strlen ("Content-Length: "), NULL, 10);
      g_assert_cmpuint (length, >, 500 * 1024);
      if (i == 0)
        first_length = length;
      g_assert_cmpuint (length, ==, first_length);

      while (reader->data->len < head_len + length)
        {
          gsize before = reader->data->len;

          if (signal_after > 0 && !signalled && received >= signal_after)
            {
              g_subprocess_send_signal (hub->process, SIGTERM);
              signalled = TRUE;
            }
          g_usleep (2 * G_TIME_SPAN_MILLISECOND);
          if (!reader_fill (reader))
            g_error ("the connection closed %u bytes into answer %u of %u",
                     reader->data->len, i + 1, n_answers);
          received += reader->data->len - before;
        }

      g_assert_cmpint (reader->data->data[head_len + length - 1], ==, '}');
      g_byte_array_remove_range (reader->data, 0, head_len + length);
    }

  g_assert_true (signal_after == 0 || signalled);

  return first_length;
}

static void
test_slow_reader (void)
{
  g_autofree char *db_path = new_big_db ("slow.db");
  g_autofree char *log_path = hub_test_tmp_path ("slow.log");
  g_autoptr(Reader) reader = NULL;
  g_autofree char *log = NULL;
  gsize length;
  Hub *hub;

  hub = hub_start_full (db_path, (const char *[]) { "--threads", "2", NULL }, log_path);

  /* A small receive window, and pauses. */
  reader = reader_new (connect_hub (hub, 4096, 20));
  length = read_slowly (hub, reader, 6, 0);
  g_test_message ("6 × %" G_GSIZE_FORMAT " bytes read slowly", length);

  /* The connection still serves. */
  send_text (reader->fd, BIG_PAGE, strlen (BIG_PAGE));
  {
    g_autoptr(Answer) again = read_answer (reader, FALSE);

    g_assert_cmpuint (again->length, ==, length);
  }

  /* A client that goes away mid-answer: the answer is logged as aborted,
   * and no longer counted as in progress. */
  {
    g_autoptr(Reader) quitter = reader_new (connect_hub (hub, 4096, 20));
    g_autoptr(GString) requests = g_string_new (NULL);

    for (guint i = 0; i < 6; i++)
      g_string_append (requests, BIG_PAGE);
    send_text (quitter->fd, requests->str, requests->len);
    while (quitter->data->len < 64 * 1024)
      g_assert_true (reader_fill (quitter));
  }
  g_usleep (500 * G_TIME_SPAN_MILLISECOND);

  hub_stop (hub, SIGTERM);
  log = hub_read_file (log_path);
  g_test_message ("hub log:\n%s", log);
  g_assert_cmpuint (count_matches (log, "method=GET path=/api/v1/changes status=200"), >=, 7);
  g_assert_cmpuint (count_matches (log, "method=GET path=/api/v1/changes aborted=true"), ==, 1);
  g_assert_nonnull (strstr (log, "Shutting down (0 requests in progress)"));
}

static void
test_sigterm_mid_answer (void)
{
  g_autofree char *db_path = new_big_db ("sigterm-lean.db");
  g_autofree char *log_path = hub_test_tmp_path ("sigterm-lean.log");
  g_autoptr(Reader) reader = NULL;
  g_autofree char *log = NULL;
  Hub *hub;

  hub = hub_start_full (db_path, (const char *[]) { "--threads", "2", NULL }, log_path);

  /* SIGTERM once the first 256 kB are in: the answers being written still
   * come, all of them, then the hub closes the connection and exits
   * cleanly. */
  reader = reader_new (connect_hub (hub, 4096, 20));
  read_slowly (hub, reader, 6, 256 * 1024);
  assert_closed (reader);
  hub_wait_exit (hub);

  log = hub_read_file (log_path);
  g_test_message ("hub log:\n%s", log);
  g_assert_nonnull (strstr (log, "Shutting down (1 requests in progress)"));
  g_assert_cmpuint (count_matches (log, "method=GET path=/api/v1/changes status=200"), ==, 6);
  g_assert_null (strstr (log, "aborted=true"));
}

/* CPU seconds (user and system) the process has used. */
static double
cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  after_name = strrchr (text, ')');
  g_assert_nonnull (after_name);
  fields = g_strsplit (after_name + 2, " ", -1);
  /* utime and stime: fields 14 and 15 of stat(5), 12 and 13 after the name */
  g_assert_cmpuint (g_strv_length (fields), >, 13);

  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

static guint
count_open_files (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", (int) pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* Cuts the hub's descriptor limit to what it has open plus four, connects
 * n clients (the kernel's backlog takes those it cannot) and returns the
 * CPU seconds the hub then uses in one second. */
static double
exhaust_files (Hub   *hub,
               int   *clients,
               guint  n)
{
  GPid pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (hub->process), NULL, 10);
  struct rlimit limit;
  double cpu;

  g_assert_cmpint (prlimit (pid, RLIMIT_NOFILE, NULL, &limit), ==, 0);
  limit.rlim_cur = count_open_files (pid) + 4;
  g_assert_cmpint (prlimit (pid, RLIMIT_NOFILE, &limit, NULL), ==, 0);

  for (guint i = 0; i < n; i++)
    clients[i] = connect_hub (hub, 0, 20);
  g_usleep (200 * 1000);
  cpu = cpu_seconds (pid);
  g_usleep (G_USEC_PER_SEC);
  cpu = cpu_seconds (pid) - cpu;
  g_test_message ("hub CPU over 1 s with no descriptors left: %.2f s", cpu);

  return cpu;
}

/* Out of file descriptors, a serving thread stops taking connections for a
 * moment rather than spinning on a listening socket it cannot accept from
 * (which took both cores), says so, and takes them again once there are
 * descriptors: the waiting clients are answered. */
static void
test_out_of_files (void)
{
  g_autofree char *db_path = new_lean_db ("files-lean.db");
  g_autofree char *log_path = hub_test_tmp_path ("files-lean.log");
  g_autofree char *log = NULL;
  g_autoptr(Reader) reader = NULL;
  g_autoptr(Answer) answer = NULL;
  int clients[40];
  Hub *hub;

  /* It warns, as it should: here that must not abort it (G_DEBUG). */
  hub = hub_start_with (db_path, (const char *[]) { "G_DEBUG=gc-friendly", NULL }, NULL,
                        (const char *[]) { "--threads", "2", NULL }, log_path);
  /* Spinning was 2 s a second (both threads); resting is near 0. */
  g_assert_cmpfloat (exhaust_files (hub, clients, G_N_ELEMENTS (clients)), <, 0.5);

  /* Every client asks; descriptors come back as the answered ones go
   * (each asks for its connection to be closed after the answer). */
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      const char *request = "GET " SHELTER " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Connection: close\r\n\r\n";

      send_text (clients[i], request, strlen (request));
    }
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_autoptr(Reader) client = reader_new (clients[i]);
      g_autoptr(Answer) got = read_answer (client, FALSE);

      g_assert_cmpuint (answer_status (got), ==, 200);
    }

  /* And a new one, after. */
  reader = reader_new (connect_hub (hub, 0, 20));
  send_text (reader->fd, "GET " SHELTER " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
             strlen ("GET " SHELTER " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  answer = read_answer (reader, FALSE);
  g_assert_cmpuint (answer_status (answer), ==, 200);

  hub_stop (hub, SIGTERM);
  log = hub_read_file (log_path);
  g_assert_nonnull (strstr (log, "Cannot take connections (Too many open files)"));
  /* Said once a while, not for every pause. */
  g_assert_cmpuint (count_matches (log, "Cannot take connections"), <=, 2);
}

/* The same over https, which is all libsoup's once taken: libsoup's own
 * listener stopped accepting for good after one failed accept(2), so a
 * hub that once ran out of descriptors never took a connection again.
 * Taken by the thread's loop now, it pauses and goes on. */
static void
test_out_of_files_tls (void)
{
  g_autofree char *db_path = new_lean_db ("files-tls.db");
  g_autofree char *log_path = hub_test_tmp_path ("files-tls.log");
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  int clients[40];
  Hub *hub;

  hub_make_certificate ("files-tls", &cert, &key);
  certificate = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  hub = hub_start_with (db_path, (const char *[]) { "G_DEBUG=gc-friendly", NULL }, NULL,
                        (const char *[]) { "--threads", "2", "--tls-cert", cert,
                                           "--tls-key", key, NULL },
                        log_path);
  g_assert_true (g_str_has_prefix (hub->base_url, "https://"));
  g_assert_cmpuint (hub_https_get_status (hub, SHELTER, certificate), ==, 200);

  /* Clients that connect and never start TLS hold what descriptors are
   * left; the rest wait in the backlog. */
  g_assert_cmpfloat (exhaust_files (hub, clients, G_N_ELEMENTS (clients)), <, 0.5);

  /* They go: a new client is answered. */
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    close (clients[i]);
  g_assert_cmpuint (hub_https_get_status (hub, SHELTER, certificate), ==, 200);

  hub_stop (hub, SIGTERM);
  log = hub_read_file (log_path);
  g_assert_nonnull (strstr (log, "Cannot take connections (Too many open files)"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hub/lean/same-bytes", test_same_bytes);
  g_test_add_func ("/hub/lean/pipelined", test_pipelined);
  g_test_add_func ("/hub/lean/close", test_close);
  g_test_add_func ("/hub/lean/not-ours", test_not_ours);
  g_test_add_func ("/hub/lean/idle-timeout", test_idle_timeout);
  g_test_add_func ("/hub/lean/slow-reader", test_slow_reader);
  g_test_add_func ("/hub/lean/sigterm-mid-answer", test_sigterm_mid_answer);
  g_test_add_func ("/hub/lean/out-of-files", test_out_of_files);
  g_test_add_func ("/hub/lean/out-of-files-tls", test_out_of_files_tls);

  status = g_test_run ();
  hub_test_cleanup ();

  return status;
}
