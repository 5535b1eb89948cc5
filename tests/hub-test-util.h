/* hub-test-util.h
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

#pragma once

/* Shared harness for the hub tests: the real direction-hub ($DIRECTION_HUB)
 * as a child process on 127.0.0.1 port 0, and HTTP helpers.  Nothing here
 * talks to any other host. */

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dir-core.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char        *db_path;
  char        *base_url;   /* "http://127.0.0.1:PORT" */
  guint16      port;
} Hub;

typedef struct
{
  guint                status;
  char                *body;
  gsize                length;
  SoupMessageHeaders  *headers;
} Response;

/* A private temporary directory for the test program, removed (with what is
 * in it) by hub_test_cleanup(). */
const char  *hub_test_tmp_dir     (void);
SoupSession *hub_test_session     (void);
void         hub_test_cleanup     (void);

const char  *hub_binary           (void);
char        *hub_fixture_path     (const char          *name);
/* Runs direction-hub with args (stdin from stdin_text when not NULL);
 * returns its exit status. */
int          hub_run_cli          (const char * const  *args,
                                   const char          *stdin_text,
                                   char               **out_stdout,
                                   char               **out_stderr);
/* init (and import, when given) a database named name in the temp dir. */
char        *hub_new_db           (const char          *name,
                                   const char          *import);
Hub         *hub_start            (const char          *db_path);
/* hub_start() with more serve arguments (NULL-terminated, or NULL), and the
 * hub's stderr (its request log) written to log_path when not NULL.  With
 * --tls-cert and --tls-key, base_url is https. */
Hub         *hub_start_full       (const char          *db_path,
                                   const char * const  *extra_args,
                                   const char          *log_path);
/* Stops the hub (SIGSTOP) and returns once all its threads are stopped;
 * g_subprocess_send_signal (hub->process, SIGCONT) resumes it. */
void         hub_pause            (Hub                 *hub);
/* Sends signum and expects exit status 0. */
void         hub_stop             (Hub                 *hub,
                                   int                  signum);
/* A throw-away self-signed certificate for 127.0.0.1 and its key, as PEM
 * files NAME-cert.pem and NAME-key.pem in the temporary directory. */
void         hub_make_certificate (const char          *name,
                                   char               **out_cert,
                                   char               **out_key);
/* Waits for a hub already told to stop, and expects exit status 0. */
void         hub_wait_exit        (Hub                 *hub);
/* SIGKILL, no questions asked (for crash trials). */
void         hub_kill             (Hub                 *hub);

/* Any request.  body may be NULL; headers is a NULL-terminated list of
 * "Name", "value" pairs, or NULL. */
Response    *hub_request          (Hub                 *hub,
                                   const char          *method,
                                   const char          *path,
                                   const char          *content_type,
                                   const char          *body,
                                   gssize               length,
                                   const char * const  *headers);
/* Sends a request target as it is, bypassing client-side normalisation. */
Response    *hub_raw_request      (guint16              port,
                                   const char          *target);
void         response_free        (Response            *response);
JsonNode    *hub_parse_json       (const char          *text);
/* Expects {"error": {"code": code, "message": non-empty, "field": field}}. */
void         hub_assert_error_body (const char         *body,
                                   const char          *code,
                                   const char          *field);

/* Like hub_start(), with more environment for the hub (NULL-terminated
 * "NAME=value" strings, or NULL) and the address to listen on (NULL:
 * "127.0.0.1:0"; give the port of a hub that was stopped to bring it back
 * where its clients expect it). */
Hub         *hub_start_env        (const char          *db_path,
                                   const char * const  *env,
                                   const char          *listen);
/* All of the above: environment (NAME=value strings, or NULL), listen
 * address (NULL: "127.0.0.1:0"), more serve arguments and the log file,
 * each NULL for none. */
Hub         *hub_start_with       (const char          *db_path,
                                   const char * const  *env,
                                   const char          *listen,
                                   const char * const  *extra_args,
                                   const char          *log_path);
/* add-agency (when the agency is new) and add-user with password. */
void         hub_add_user         (const char          *db_path,
                                   const char          *agency,
                                   const char          *role,
                                   const char          *username,
                                   const char          *password);
/* From `direction-hub list-referrals`: how many referrals the hub holds
 * with this id (its Idempotency-Key; NULL: all of them). */
guint        hub_count_referrals  (const char          *db_path,
                                   const char          *id);

/* GET path from an https hub on a connection of its own, trusting only
 * certificate: the answer's status. */
guint        hub_https_get_status (Hub                 *hub,
                                   const char          *path,
                                   GTlsCertificate     *certificate);
/* msg accepts the test's own self-signed certificate, and no other. */
void         hub_pin_certificate  (SoupMessage         *msg,
                                   GTlsCertificate     *certificate);
/* Runs the built direction-desk ($DIRECTION_DESK) with args and no display
 * nor DIRECTION_HUB_URL; with this test's session bus (and so its keyring)
 * when keep_session_bus, else with none.  Its exit status. */
int          hub_run_desk         (gboolean             keep_session_bus,
                                   const char * const  *args,
                                   char               **out_stdout,
                                   char               **out_stderr);
/* A path for name in hub_test_tmp_dir(). */
char        *hub_test_tmp_path    (const char          *name);
/* The whole of a file (a hub's request log), asserting it can be read. */
char        *hub_read_file        (const char          *path);
/* Runs sql on the database at path behind its owner's back (to age rows,
 * to break things). */
void         hub_run_sql          (const char          *path,
                                   const char          *sql);
/* The first column of the first row of a query on path, as a number. */
gint64       hub_sql_number       (const char          *path,
                                   const char          *sql);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

G_END_DECLS
