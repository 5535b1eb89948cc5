/* hub-cli.c
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

/* The direction-hub command line: one GOptionContext per subcommand.
 * Output and errors are for operators and scripts and are not translated;
 * the only line a script may rely on is "Listening on URL" from serve. */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>

#include "dir-store.h"

#include "hub-cli.h"
#include "hub-commands.h"
#include "hub-db.h"
#include "hub-server.h"

#define DEFAULT_LISTEN   "127.0.0.1:8080"
/* On SIGTERM, requests still being answered get this long to finish. */
#define DRAIN_TIMEOUT_MS 3000

/* Request limits of serve (flags, or these environment variables). */
#define DEFAULT_MAX_BODY_SIZE     (1024 * 1024)
#define DEFAULT_IO_TIMEOUT_S      30
#define DEFAULT_REQUEST_TIMEOUT_S 60
#define MAX_TIMEOUT_S             86400
/* The default number of serving threads: one per CPU, but no more than this
 * (each has its own database connections and page cache). */
#define DEFAULT_MAX_THREADS       16
#define ENV_IO_TIMEOUT            "DIRECTION_HUB_IO_TIMEOUT_S"
#define ENV_REQUEST_TIMEOUT       "DIRECTION_HUB_REQUEST_TIMEOUT_S"


typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} HubCommand;

typedef struct
{
  GMainLoop *loop;
  HubServer *server;
  gint64     drain_deadline;
  guint      drain_id;
} ServeState;

static int run_init   (int argc, char **argv);
static int run_import (int argc, char **argv);
static int run_serve  (int argc, char **argv);

static const HubCommand commands[] = {
  { "init",   "Create the hub database, or upgrade it to this version", run_init },
  { "import", "Import an Open Referral UK 3.0 JSON directory",          run_import },
  { "serve",  "Serve the hub HTTP API",                                  run_serve },
  { "add-agency",      "Add a partner agency",                           hub_accounts_cli_add_agency },
  { "add-user",        "Add a user (the password is read from standard input)", hub_accounts_cli_add_user },
  { "list-users",      "List users and their roles",                     hub_accounts_cli_list_users },
  { "list-referrals",  "List referrals (never their content)",           hub_referrals_cli_list },
  { "purge-referrals", "Delete referrals closed longer ago than a retention period", hub_referrals_cli_purge },
  { "purge-changes",   "Forget sync tombstones older than a retention period", hub_changes_cli_purge },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream,
           "Usage:\n"
           "  direction-hub COMMAND [OPTION…]\n"
           "\n"
           "The Direction hub: source of truth for the directory of services.\n"
           "\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-8s %s\n", commands[i].name, commands[i].summary);
  fprintf (stream,
           "\n"
           "Use \"direction-hub COMMAND --help\" for the options of a command.\n");
}

int
hub_cli_fail (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("direction-hub: %s\n", message);
  return EXIT_FAILURE;
}

int
hub_cli_usage_error (const char *message)
{
  g_printerr ("direction-hub: %s\n", message);
  g_printerr ("Try \"%s --help\" for more information.\n", g_get_prgname ());
  return HUB_CLI_EXIT_USAGE;
}

/* Parses a subcommand's options; argv[0] is the subcommand name. */
gboolean
hub_cli_parse_options (GOptionContext  *context,
                       int             *argc,
                       char          ***argv,
                       int             *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = hub_cli_usage_error (error->message);
      return FALSE;
    }

  return TRUE;
}

HubDb *
hub_cli_open_db (const char  *path,
                 GError     **error)
{
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, HUB_DB_ERROR, HUB_DB_ERROR_OPEN,
                   "No database at %s; create it with \"direction-hub init --db %s\"",
                   path, path);
      return NULL;
    }

  return hub_db_open (path, error);
}

/* Opens (creating or upgrading) the database; must_exist refuses a path
 * that is not there yet, so a typo never serves an empty directory. */
static DirStore *
open_store (const char  *path,
            gboolean     must_exist,
            GError     **error)
{
  if (must_exist && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_OPEN,
                   "No database at %s; create it with \"direction-hub init --db %s\"",
                   path, path);
      return NULL;
    }

  return dir_store_new (path, error);
}

static int
run_init (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(DirStore) store = NULL;
  g_autoptr(HubDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  int status = EXIT_SUCCESS;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The hub database (created if missing)", "PATH" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "Create the hub database, or upgrade an existing one to the\n"
                                "schema of this version.  Running it twice is harmless.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hub_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (db_path == NULL)
    return hub_cli_usage_error ("--db PATH is required");
  if (argc > 1)
    return hub_cli_usage_error ("init takes no arguments");

  store = open_store (db_path, FALSE, &error);
  if (store == NULL)
    return hub_cli_fail ("%s", error->message);

  db = hub_db_open (db_path, &error);
  if (db == NULL)
    return hub_cli_fail ("%s", error->message);

  g_print ("Database %s is at schema version %d with %u services\n",
           db_path, dir_store_get_schema_version (store), dir_store_count_services (store));

  return EXIT_SUCCESS;
}

static int
run_import (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(DirStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  guint n_imported = 0;
  int status = EXIT_SUCCESS;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The hub database (see init)", "PATH" },
    { NULL }
  };

  context = g_option_context_new ("FILE");
  g_option_context_set_summary (context,
                                "Import an Open Referral UK 3.0 JSON directory: a paged service\n"
                                "list ({\"contents\": […]}) or an array of services.  Services\n"
                                "with the same id are replaced.  The whole file is checked first:\n"
                                "if any record is invalid, nothing is changed.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hub_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (db_path == NULL)
    return hub_cli_usage_error ("--db PATH is required");
  if (argc != 2)
    return hub_cli_usage_error ("import takes exactly one FILE");

  store = open_store (db_path, TRUE, &error);
  if (store == NULL)
    return hub_cli_fail ("%s", error->message);

  if (!dir_store_import_file (store, argv[1], &n_imported, &error))
    return hub_cli_fail ("Could not import %s: %s", argv[1], error->message);

  g_print ("Imported %u services\n", n_imported);

  return EXIT_SUCCESS;
}

/* "127.0.0.1:8080", "[::1]:0", "localhost:8080". */
static GInetSocketAddress *
parse_listen_address (const char  *text,
                      GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port;

  colon = strrchr (text, ':');
  if (colon == NULL || colon == text)
    goto invalid;

  if (text[0] == '[')
    {
      if (colon[-1] != ']' || colon - text < 3)
        goto invalid;
      host = g_strndup (text + 1, colon - text - 2);
    }
  else
    {
      host = g_strndup (text, colon - text);
      if (strchr (host, ':') != NULL)
        goto invalid;
    }

  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXUINT16, &port, NULL))
    goto invalid;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (host);

  if (address == NULL)
    goto invalid;

  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, (guint16) port));

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "--listen must be ADDRESS:PORT with a numeric address, such as "
               "127.0.0.1:8080 or [::1]:8080, not “%s”", text);
  return NULL;
}

/* A limit from its flag, else its environment variable, else the default. */
static gboolean
parse_limit (const char  *flag,
             const char  *flag_value,
             const char  *env,
             guint64      min,
             guint64      max,
             guint64      fallback,
             guint64     *out_value,
             GError     **error)
{
  const char *text = flag_value;
  const char *source = flag;

  if (text == NULL && env != NULL)
    {
      text = g_getenv (env);
      source = env;
    }

  if (text == NULL)
    {
      *out_value = fallback;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (text, 10, min, max, out_value, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "%s must be a whole number from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                   ", not “%s”", source, min, max, text);
      return FALSE;
    }

  return TRUE;
}

static GTlsCertificate *
load_tls_certificate (const char  *cert_path,
                      const char  *key_path,
                      GError     **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "TLS is not available: the glib-networking GIO module is missing");
      return NULL;
    }

  certificate = g_tls_certificate_new_from_files (cert_path, key_path, &local_error);
  if (certificate == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Could not load the TLS certificate %s with the key %s: %s",
                   cert_path, key_path, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&certificate);
}

static gboolean
drain_cb (gpointer user_data)
{
  ServeState *state = user_data;

  if (hub_server_get_n_active (state->server) > 0 &&
      g_get_monotonic_time () < state->drain_deadline)
    return G_SOURCE_CONTINUE;

  state->drain_id = 0;
  g_main_loop_quit (state->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_quit_signal_cb (gpointer user_data)
{
  ServeState *state = user_data;

  if (state->drain_id != 0)
    {
      /* A second signal: stop waiting. */
      g_clear_handle_id (&state->drain_id, g_source_remove);
      g_main_loop_quit (state->loop);
      return G_SOURCE_CONTINUE;
    }

  g_message ("Shutting down (%u requests in progress)",
             hub_server_get_n_active (state->server));

  /* Answers being written get a moment to finish; the main loop keeps
   * running them while we wait. */
  state->drain_deadline = g_get_monotonic_time () + DRAIN_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  state->drain_id = g_timeout_add (20, drain_cb, state);
  drain_cb (state);

  return G_SOURCE_CONTINUE;
}

static int
run_serve (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(DirStore) store = NULL;
  g_autoptr(HubDb) db = NULL;
  g_autoptr(HubServer) server = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *url = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *max_body_text = NULL;
  g_autofree char *io_timeout_text = NULL;
  g_autofree char *request_timeout_text = NULL;
  g_autofree char *threads_text = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  guint64 n_threads;
  guint64 max_body_size;
  guint64 io_timeout_s;
  guint64 request_timeout_s;
  ServeState state = { 0 };
  guint sigterm_id;
  guint sigint_id;
  int status = EXIT_SUCCESS;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The hub database (see init)", "PATH" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      "Address and port to listen on (default " DEFAULT_LISTEN "; port 0 picks a free port)",
      "ADDR:PORT" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Directory of the shipped data (geocoder tables, sample directory)", "DIR" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      "Serve https with this PEM certificate (chain); needs --tls-key", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      "The PEM private key of --tls-cert", "FILE" },
    { "max-body-size", 0, 0, G_OPTION_ARG_STRING, &max_body_text,
      "Refuse request bodies larger than this with 413 (default 1048576)", "BYTES" },
    { "io-timeout", 0, 0, G_OPTION_ARG_STRING, &io_timeout_text,
      "Drop a connection idle or stalled this long (default 30; "
      ENV_IO_TIMEOUT "; 0 = never)", "SECONDS" },
    { "request-timeout", 0, 0, G_OPTION_ARG_STRING, &request_timeout_text,
      "Drop a connection whose request is not all in after this long (default 60; "
      ENV_REQUEST_TIMEOUT "; 0 = never)", "SECONDS" },
    { "threads", 0, 0, G_OPTION_ARG_STRING, &threads_text,
      "Serving threads sharing the port (default: one per CPU, at most "
      G_STRINGIFY (DEFAULT_MAX_THREADS) "; 1 to "
      G_STRINGIFY (HUB_SERVER_MAX_THREADS) ")", "N" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                "Serve the hub HTTP API (/api/v1/) until SIGTERM or SIGINT.\n"
                                "Listens on the loopback interface unless --listen names another\n"
                                "address.  Prints \"Listening on URL\" once it is ready and logs one\n"
                                "line per request to stderr.  With --tls-cert and --tls-key it\n"
                                "serves https only.  Directory reads and the changes feed are\n"
                                "answered by whichever of the --threads took the connection;\n"
                                "sessions, referrals and everything else by the main thread.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hub_cli_parse_options (context, &argc, &argv, &status))
    return status;

  if (db_path == NULL)
    return hub_cli_usage_error ("--db PATH is required");
  if (argc > 1)
    return hub_cli_usage_error ("serve takes no arguments");

  address = parse_listen_address (listen != NULL ? listen : DEFAULT_LISTEN, &error);
  if (address == NULL)
    return hub_cli_usage_error (error->message);

  if ((tls_cert == NULL) != (tls_key == NULL))
    return hub_cli_usage_error ("--tls-cert and --tls-key go together: give both or neither");

  if (!parse_limit ("--max-body-size", max_body_text, NULL, 1, G_MAXUINT32,
                    DEFAULT_MAX_BODY_SIZE, &max_body_size, &error) ||
      !parse_limit ("--io-timeout", io_timeout_text, ENV_IO_TIMEOUT, 0, MAX_TIMEOUT_S,
                    DEFAULT_IO_TIMEOUT_S, &io_timeout_s, &error) ||
      !parse_limit ("--request-timeout", request_timeout_text, ENV_REQUEST_TIMEOUT, 0,
                    MAX_TIMEOUT_S, DEFAULT_REQUEST_TIMEOUT_S, &request_timeout_s, &error) ||
      !parse_limit ("--threads", threads_text, NULL, 1, HUB_SERVER_MAX_THREADS,
                    CLAMP (g_get_num_processors (), 1, DEFAULT_MAX_THREADS), &n_threads, &error))
    return hub_cli_usage_error (error->message);

  if (tls_cert != NULL)
    {
      certificate = load_tls_certificate (tls_cert, tls_key, &error);
      if (certificate == NULL)
        return hub_cli_fail ("%s", error->message);
    }

  if (data_dir != NULL)
    {
      if (!g_file_test (data_dir, G_FILE_TEST_IS_DIR))
        return hub_cli_fail ("--data-dir %s is not a directory", data_dir);
      /* Read by dir_data_get_dir(), before anything in core asks for it. */
      g_setenv ("DIRECTION_DATA_DIR", data_dir, TRUE);
    }

  store = open_store (db_path, TRUE, &error);
  if (store == NULL)
    return hub_cli_fail ("%s", error->message);

  db = hub_db_open (db_path, &error);
  if (db == NULL)
    return hub_cli_fail ("%s", error->message);

  server = hub_server_new (store, db);
  hub_server_set_limits (server, max_body_size, io_timeout_s, request_timeout_s);
  hub_server_set_threads (server, n_threads);
  if (certificate != NULL)
    hub_server_set_tls_certificate (server, certificate);
  if (!hub_server_listen (server, address, &error))
    {
      g_autofree char *where = g_socket_connectable_to_string (G_SOCKET_CONNECTABLE (address));

      return hub_cli_fail ("Could not listen on %s: %s", where, error->message);
    }

  if (!g_inet_address_get_is_loopback (g_inet_socket_address_get_address (address)))
    g_message ("Listening beyond the loopback interface, as --listen asks");
  g_message ("Serving with %u thread%s", (guint) n_threads, n_threads == 1 ? "" : "s");

  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;
  state.server = server;
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal_cb, &state);
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal_cb, &state);

  url = hub_server_dup_base_url (server);
  g_print ("Listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);

  g_clear_handle_id (&state.drain_id, g_source_remove);
  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  hub_server_disconnect (server);
  g_message ("Stopped");

  return EXIT_SUCCESS;
}

int
hub_cli_run (int    argc,
             char **argv)
{
  const char *name;

  g_set_prgname ("direction-hub");

  if (argc < 2)
    {
      print_usage (stderr);
      return HUB_CLI_EXIT_USAGE;
    }

  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return EXIT_SUCCESS;
    }

  if (g_str_equal (name, "--version"))
    {
      g_print ("direction-hub %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (name, commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("direction-hub %s", name);

          g_set_prgname (prgname);
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  g_printerr ("direction-hub: unknown command “%s”\n\n", name);
  print_usage (stderr);
  return HUB_CLI_EXIT_USAGE;
}
