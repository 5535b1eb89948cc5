/* hub-test-util.c
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

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include <sqlite3.h>

#include "hub-test-util.h"

static char *tmp_dir;
static SoupSession *session;

const char *
hub_test_tmp_dir (void)
{
  if (tmp_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      tmp_dir = g_dir_make_tmp ("test-hub-XXXXXX", &error);
      g_assert_no_error (error);
    }

  return tmp_dir;
}

SoupSession *
hub_test_session (void)
{
  if (session == NULL)
    session = soup_session_new_with_options ("timeout", 30, NULL);

  return session;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

void
hub_test_cleanup (void)
{
  g_clear_object (&session);

  if (tmp_dir != NULL)
    remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

const char *
hub_binary (void)
{
  const char *path = g_getenv ("DIRECTION_HUB");

  g_assert_nonnull (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE));
  return path;
}

char *
hub_fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

int
hub_run_cli (const char * const  *args,
             const char          *stdin_text,
             char               **out_stdout,
             char               **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  g_ptr_array_add (argv, (gpointer) hub_binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (stdin_text != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;

  process = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);

  return g_subprocess_get_exit_status (process);
}

char *
hub_new_db (const char *name,
            const char *import)
{
  g_autofree char *out = NULL;
  char *db_path = g_build_filename (hub_test_tmp_dir (), name, NULL);

  g_assert_cmpint (hub_run_cli ((const char *[]) { "init", "--db", db_path, NULL }, NULL, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "schema version"));

  if (import != NULL)
    {
      g_autofree char *import_out = NULL;

      g_assert_cmpint (hub_run_cli ((const char *[]) { "import", "--db", db_path, import, NULL },
                                    NULL, &import_out, NULL), ==, 0);
      g_assert_true (g_str_has_prefix (import_out, "Imported "));
    }

  return db_path;
}

/* A failed assertion aborts the test: take the hub down with it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Everything the variants below need: environment (NAME=VALUE), listen
 * address (default 127.0.0.1:0), more serve arguments, stderr file. */
Hub *
hub_start_with (const char         *db_path,
           const char * const *env,
           const char         *listen,
           const char * const *extra_args,
           const char         *log_path)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  Hub *hub = g_new0 (Hub, 1);
  guint port = 0;

  hub->db_path = g_strdup (db_path);
  /* stderr (the request log) goes to the test log, or to log_path. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  if (log_path != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_assert_nonnull (pair[1]);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  g_ptr_array_add (argv, (gpointer) hub_binary ());
  g_ptr_array_add (argv, (gpointer) "serve");
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db_path);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) (listen ? listen : "127.0.0.1:0"));
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  hub->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (hub->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  if (sscanf (line, "Listening on http://127.0.0.1:%u/", &port) == 1)
    hub->base_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  else if (sscanf (line, "Listening on https://127.0.0.1:%u/", &port) == 1)
    hub->base_url = g_strdup_printf ("https://127.0.0.1:%u", port);
  else
    g_error ("serve said “%s”, not where it listens", line);
  g_assert_cmpuint (port, >, 0);
  g_assert_cmpuint (port, <=, G_MAXUINT16);

  hub->port = port;

  return hub;
}

Hub *
hub_start (const char *db_path)
{
  return hub_start_with (db_path, NULL, NULL, NULL, NULL);
}

Hub *
hub_start_full (const char         *db_path,
                const char * const *extra_args,
                const char         *log_path)
{
  return hub_start_with (db_path, NULL, NULL, extra_args, log_path);
}

Hub *
hub_start_env (const char         *db_path,
               const char * const *env,
               const char         *listen)
{
  return hub_start_with (db_path, env, listen, NULL, NULL);
}

void
hub_make_certificate (const char  *name,
                      char       **out_cert,
                      char       **out_key)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert_name = g_strconcat (name, "-cert.pem", NULL);
  g_autofree char *key_name = g_strconcat (name, "-key.pem", NULL);
  g_autofree char *cert = g_build_filename (hub_test_tmp_dir (), cert_name, NULL);
  g_autofree char *key = g_build_filename (hub_test_tmp_dir (), key_name, NULL);
  g_autoptr(GSubprocess) gen = NULL;
  g_autoptr(GError) error = NULL;

  /* build-aux/setup.sh installs both: their absence is a broken test
   * machine, never a pass. */
  if (openssl == NULL)
    g_error ("openssl is not installed (build-aux/setup.sh installs it)");

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    g_error ("no TLS backend: glib-networking is not installed (build-aux/setup.sh installs it)");

  gen = g_subprocess_newv ((const char * const []) {
                             openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                             "-days", "2", "-subj", "/CN=127.0.0.1",
                             "-addext", "subjectAltName=IP:127.0.0.1",
                             "-keyout", key, "-out", cert, NULL
                           },
                           G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                           &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (gen, NULL, &error));
  g_assert_no_error (error);

  *out_cert = g_steal_pointer (&cert);
  *out_key = g_steal_pointer (&key);
}

static void
hub_free (Hub *hub)
{
  g_clear_object (&hub->process);
  g_free (hub->db_path);
  g_free (hub->base_url);
  g_free (hub);
}

/* SIGSTOP, then waits until every thread of the hub is stopped: kill()
 * returns before the threads on other CPUs have left user mode, and a
 * request in that window would still be answered. */
void
hub_pause (Hub *hub)
{
  const char *pid = g_subprocess_get_identifier (hub->process);
  g_autofree char *task_dir = g_strdup_printf ("/proc/%s/task", pid);

  g_subprocess_send_signal (hub->process, SIGSTOP);
  for (guint attempt = 0; attempt < 500; attempt++)
    {
      g_autoptr(GDir) dir = g_dir_open (task_dir, 0, NULL);
      const char *name;
      gboolean all_stopped = dir != NULL;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (task_dir, name, "stat", NULL);
          g_autofree char *stat = NULL;
          const char *state;

          if (!g_file_get_contents (path, &stat, NULL, NULL))
            continue;
          /* "tid (comm) S …": the state follows the last ')' */
          state = strrchr (stat, ')');
          if (state == NULL || state[1] != ' ' || (state[2] != 'T' && state[2] != 't'))
            all_stopped = FALSE;
        }
      if (all_stopped)
        return;
      g_usleep (10 * 1000);
    }
  g_error ("the hub did not stop within 5 s of SIGSTOP");
}

void
hub_stop (Hub *hub,
          int  signum)
{
  g_subprocess_send_signal (hub->process, signum);
  hub_wait_exit (hub);
}

void
hub_wait_exit (Hub *hub)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (hub->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (hub->process));
  g_assert_cmpint (g_subprocess_get_exit_status (hub->process), ==, 0);

  hub_free (hub);
}

void
hub_kill (Hub *hub)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_force_exit (hub->process);
  g_subprocess_wait (hub->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (hub->process));

  hub_free (hub);
}

void
response_free (Response *response)
{
  g_free (response->body);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

Response *
hub_request (Hub                *hub,
             const char         *method,
             const char         *path,
             const char         *content_type,
             const char         *body,
             gssize              length,
             const char * const *headers)
{
  g_autofree char *url = g_strconcat (hub->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Response *response = g_new0 (Response, 1);

  msg = soup_message_new (method, url);
  g_assert_nonnull (msg);

  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);

      soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json",
                                                request_body);
    }

  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);

  bytes = soup_session_send_and_read (hub_test_session (), msg, NULL, &error);
  g_assert_no_error (error);

  response->status = soup_message_get_status (msg);
  response->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  response->length = g_bytes_get_size (bytes);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return response;
}

Response *
hub_raw_request (guint16     port,
                 const char *target)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *req = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autofree char *text = NULL;
  GInputStream *in;
  Response *response = g_new0 (Response, 1);
  const char *body;
  guint8 buffer[4096];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);

  req = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", target);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             req, strlen (req), NULL, NULL, &error);
  g_assert_no_error (error);

  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (data, buffer, n);
  g_assert_no_error (error);

  text = g_strndup ((const char *) data->data, data->len);
  g_assert_true (g_str_has_prefix (text, "HTTP/1.1 "));
  response->status = (guint) g_ascii_strtoull (text + 9, NULL, 10);
  body = strstr (text, "\r\n\r\n");
  response->body = g_strdup (body != NULL ? body + 4 : "");
  response->length = strlen (response->body);

  return response;
}

JsonNode *
hub_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));

  return json_node_ref (json_parser_get_root (parser));
}

void
hub_assert_error_body (const char *body,
                       const char *code,
                       const char *field)
{
  g_autoptr(JsonNode) root = hub_parse_json (body);
  JsonObject *error;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  error = json_object_get_object_member (json_node_get_object (root), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_true (strlen (json_object_get_string_member (error, "message")) > 0);
  if (field != NULL)
    g_assert_cmpstr (json_object_get_string_member_with_default (error, "field", NULL), ==, field);
}

void
hub_add_user (const char *db_path,
              const char *agency,
              const char *role,
              const char *username,
              const char *password)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *agencies = NULL;
  g_autofree char *stdin_text = g_strconcat (password, "\n", NULL);
  int status;

  /* add-agency refuses a name it has; list-users shows the ones in use. */
  status = hub_run_cli ((const char *[]) { "add-agency", "--db", db_path, agency, NULL },
                        NULL, &out, &err);
  if (status != 0 && strstr (err, "already") == NULL)
    g_error ("add-agency %s: %s", agency, err);

  g_clear_pointer (&err, g_free);
  status = hub_run_cli ((const char *[]) { "add-user", "--db", db_path, "--agency", agency,
                                           "--role", role, username, NULL },
                        stdin_text, NULL, &err);
  if (status != 0)
    g_error ("add-user %s: %s", username, err);
}

guint
hub_count_referrals (const char *db_path,
                     const char *id)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_cmpint (hub_run_cli ((const char *[]) { "list-referrals", "--db", db_path, NULL },
                                NULL, &out, &err), ==, 0);
  lines = g_strsplit (out, "\n", -1);

  /* The first line names the columns; the id is the first. */
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      if (id == NULL || (g_str_has_prefix (lines[i], id) && lines[i][strlen (id)] == '\t'))
        n++;
    }

  return n;
}

char *
hub_test_tmp_path (const char *name)
{
  return g_build_filename (hub_test_tmp_dir (), name, NULL);
}

char *
hub_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

void
hub_run_sql (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

gint64
hub_sql_number (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static gboolean
accept_pinned_cb (SoupMessage          *msg,
                  GTlsCertificate      *peer,
                  GTlsCertificateFlags  errors,
                  GTlsCertificate      *pinned)
{
  return g_tls_certificate_is_same (peer, pinned);
}

/* msg accepts the test's own self-signed certificate, and no other. */
void
hub_pin_certificate (SoupMessage     *msg,
                     GTlsCertificate *certificate)
{
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_pinned_cb), certificate);
}

guint
hub_https_get_status (Hub             *hub,
                      const char      *path,
                      GTlsCertificate *certificate)
{
  g_autoptr(SoupSession) own_session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = g_strconcat (hub->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  hub_pin_certificate (msg, certificate);
  body = soup_session_send_and_read (own_session, msg, NULL, &error);
  g_assert_no_error (error);

  return soup_message_get_status (msg);
}

int
hub_run_desk (gboolean             keep_session_bus,
              const char * const  *args,
              char               **out_stdout,
              char               **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *desk = g_getenv ("DIRECTION_DESK");

  g_assert_nonnull (desk);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DIRECTION_HUB_URL");
  if (!keep_session_bus)
    g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");

  g_ptr_array_add (argv, (gpointer) desk);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out_stdout, out_stderr, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  return g_subprocess_get_exit_status (process);
}
