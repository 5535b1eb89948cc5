/* sync-push.c
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

/* The desk side of a sync, headless, for tests/sync-trials.sh: what
 * `direction-desk --sync-now` does (a directory pull, then the outbox
 * pushed and the statuses pulled), with the session from a sign-in rather
 * than the keyring, and the outbox key in a key file (no keyring).
 *
 *   sync-push --outbox OUT.db --create N --service ID
 *       adds N queued signposts to service ID (fresh ids, no personal
 *       data); prints "created N".
 *   sync-push --outbox OUT.db --hub URL --user NAME [--db DESK.db]
 *             [--timeout S] [--limit N]
 *       (password on standard input) pulls the directory into DESK.db when
 *       given, signs in and runs dir_outbox_sync() once with no back-off;
 *       prints "sent N", "failed N", "deferred N", "statuses N",
 *       "waiting N", and when the push began and ended ("push_start_ms",
 *       "push_end_ms", from the program's start); exit status 0 when
 *       nothing is left to send.
 *   sync-push --outbox OUT.db --check HUB.db
 *       prints "integrity <PRAGMA integrity_check of OUT.db>",
 *       "hub_integrity <of HUB.db>", "local N", "sent N", "lost N" (a local
 *       referral the hub does not have, or SENT here with another
 *       reference), "duplicated N" (ids the hub holds more than once);
 *       exit status 0 only when both are ok and nothing is lost or
 *       duplicated.
 *   sync-push --count HUB.db
 *       prints "hub_referrals N" and "hub_distinct N".
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "dir-core.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static sqlite3 *
open_readonly (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_printerr ("sync-push: cannot open %s: %s\n", path, db ? sqlite3_errmsg (db) : "?");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 10000);
  return db;
}

static gboolean
integrity_ok (sqlite3    *db,
              const char *label)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *text;

  if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      printf ("%s error %s\n", label, sqlite3_errmsg (db));
      return FALSE;
    }

  text = (const char *) sqlite3_column_text (stmt, 0);
  printf ("%s %s\n", label, text);
  return g_strcmp0 (text, "ok") == 0;
}

static DirOutbox *
open_outbox (const char  *path,
             GError     **error)
{
  g_autoptr(GBytes) key = NULL;
  gboolean used_key_file = FALSE;

  key = dir_outbox_key_load (path, TRUE, &used_key_file, error);
  if (key == NULL)
    return NULL;

  return dir_outbox_open (path, key, error);
}

static int
create (const char *outbox_path,
        const char *service_id,
        int         n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirOutbox) outbox = open_outbox (outbox_path, &error);

  if (outbox == NULL)
    {
      g_printerr ("sync-push: %s\n", error->message);
      return 1;
    }

  for (int i = 0; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *body = NULL;

      /* A signpost: no personal data, so nothing to invent. */
      body = g_strdup_printf ("{\"id\": \"%s\", \"kind\": \"signpost\", \"service_id\": \"%s\", "
                              "\"needs\": [\"ACC.EMERG\"]}", id, service_id);
      if (!dir_outbox_save_draft (outbox, id, "signpost", service_id, NULL, "Trial signpost",
                                  body, &error) ||
          !dir_outbox_queue (outbox, id, &error))
        {
          g_printerr ("sync-push: %s\n", error->message);
          return 1;
        }
    }

  printf ("created %d\n", n);
  return 0;
}

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gint64 started;

static int
push (const char *outbox_path,
      const char *desk_path,
      const char *hub_url,
      const char *username,
      int         timeout,
      int         limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirOutbox) outbox = NULL;
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GIOChannel) in = g_io_channel_unix_new (0);
  DirOutboxSyncResult r = { 0 };
  gsize end = 0;
  gboolean ok = TRUE;
  guint waiting;
  gint64 push_start;
  gint64 push_end;

  if (g_io_channel_read_line (in, &password, NULL, &end, &error) != G_IO_STATUS_NORMAL)
    {
      g_printerr ("sync-push: no password on standard input\n");
      return 2;
    }
  password[end] = '\0';

  /* The directory first, as --sync-now does. */
  if (desk_path != NULL)
    {
      g_autoptr(DirStore) store = dir_store_new (desk_path, &error);
      g_autoptr(DirSync) sync = NULL;
      DirSyncResult pulled = { 0 };

      if (store == NULL)
        {
          g_printerr ("sync-push: %s\n", error->message);
          return 1;
        }
      sync = dir_sync_new (store, hub_url, &error);
      if (sync == NULL)
        {
          g_printerr ("sync-push: %s\n", error->message);
          return 2;
        }
      dir_sync_set_page_size (sync, limit);
      dir_sync_set_timeout (sync, timeout);
      if (!dir_sync_pull (sync, NULL, &pulled, &error))
        {
          g_printerr ("sync-push: directory: %s\n", error->message);
          g_clear_error (&error);
          ok = FALSE;
        }
      printf ("pages %u\n", pulled.pages);
    }

  outbox = open_outbox (outbox_path, &error);
  if (outbox == NULL)
    {
      g_printerr ("sync-push: %s\n", error->message);
      return 1;
    }
  dir_outbox_set_backoff (outbox, 0, 0);
  dir_outbox_set_timeout (outbox, timeout);

  account = dir_account_new (hub_url);
  dir_account_sign_in_async (account, username, password, NULL, sign_in_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!dir_account_sign_in_finish (account, result, &error))
    {
      g_printerr ("sync-push: sign-in: %s\n", error->message);
      return 1;
    }

  push_start = g_get_monotonic_time ();
  if (!dir_outbox_sync (outbox, account, NULL, &r, &error))
    {
      g_printerr ("sync-push: outbox: %s\n", error->message);
      ok = FALSE;
    }
  push_end = g_get_monotonic_time ();

  waiting = dir_outbox_count (outbox, DIR_OUTBOX_QUEUED) +
            dir_outbox_count (outbox, DIR_OUTBOX_SENDING);
  printf ("sent %u\nfailed %u\ndeferred %u\nstatuses %u\nwaiting %u\n",
          r.sent, r.failed, r.deferred, r.statuses, waiting);
  /* When the push ran, from the start of the program: where kills aim. */
  printf ("push_start_ms %" G_GINT64_FORMAT "\npush_end_ms %" G_GINT64_FORMAT "\n",
          (push_start - started) / 1000, (push_end - started) / 1000);

  return ok && waiting == 0 && r.failed == 0 ? 0 : 1;
}

static int
check (const char *outbox_path,
       const char *hub_path)
{
  sqlite3 *local = open_readonly (outbox_path);
  sqlite3 *hub = open_readonly (hub_path);
  g_autoptr(sqlite3_stmt) rows = NULL;
  g_autoptr(sqlite3_stmt) at_hub = NULL;
  gboolean good = local != NULL && hub != NULL;
  guint n_local = 0;
  guint n_sent = 0;
  guint lost = 0;
  guint duplicated = 0;

  if (!good)
    return 1;

  good = integrity_ok (local, "integrity") && good;
  good = integrity_ok (hub, "hub_integrity") && good;

  if (sqlite3_prepare_v2 (local, "SELECT id, state, reference FROM referral", -1, &rows,
                          NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (hub, "SELECT count(*), max (reference) FROM referral WHERE id = ?",
                          -1, &at_hub, NULL) != SQLITE_OK)
    {
      printf ("lost ? (cannot read: %s / %s)\n", sqlite3_errmsg (local), sqlite3_errmsg (hub));
      return 1;
    }

  while (sqlite3_step (rows) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (rows, 0);
      const char *state = (const char *) sqlite3_column_text (rows, 1);
      const char *reference = (const char *) sqlite3_column_text (rows, 2);
      gint64 count;
      const char *hub_reference;

      n_local++;
      sqlite3_reset (at_hub);
      sqlite3_bind_text (at_hub, 1, id, -1, SQLITE_STATIC);
      if (sqlite3_step (at_hub) != SQLITE_ROW)
        {
          printf ("# cannot read the hub for %s\n", id);
          lost++;
          continue;
        }
      count = sqlite3_column_int64 (at_hub, 0);
      hub_reference = (const char *) sqlite3_column_text (at_hub, 1);

      if (g_strcmp0 (state, "sent") == 0)
        n_sent++;

      if (count > 1)
        {
          printf ("# %s is at the hub %" G_GINT64_FORMAT " times\n", id, count);
          duplicated++;
        }
      if (count == 0 ||
          (g_strcmp0 (state, "sent") == 0 && g_strcmp0 (reference, hub_reference) != 0))
        {
          printf ("# %s (%s here) is %s\n", id, state,
                  count == 0 ? "not at the hub" : "at the hub under another reference");
          lost++;
        }
    }

  printf ("local %u\nsent %u\nlost %u\nduplicated %u\n", n_local, n_sent, lost, duplicated);

  sqlite3_finalize (g_steal_pointer (&rows));
  sqlite3_finalize (g_steal_pointer (&at_hub));
  sqlite3_close (local);
  sqlite3_close (hub);

  return good && lost == 0 && duplicated == 0 ? 0 : 1;
}

static int
count_hub (const char *hub_path)
{
  sqlite3 *hub = open_readonly (hub_path);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (hub == NULL)
    return 1;

  if (sqlite3_prepare_v2 (hub, "SELECT count(*), count(DISTINCT id) FROM referral", -1, &stmt,
                          NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    {
      printf ("hub_referrals ? (%s)\n", sqlite3_errmsg (hub));
      sqlite3_close (hub);
      return 1;
    }

  printf ("hub_referrals %" G_GINT64_FORMAT "\nhub_distinct %" G_GINT64_FORMAT "\n",
          (gint64) sqlite3_column_int64 (stmt, 0), (gint64) sqlite3_column_int64 (stmt, 1));
  sqlite3_finalize (g_steal_pointer (&stmt));
  sqlite3_close (hub);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— the desk side of a sync");
  g_autoptr(GError) error = NULL;
  g_autofree char *outbox_path = NULL;
  g_autofree char *desk_path = NULL;
  g_autofree char *hub_url = NULL;
  g_autofree char *username = NULL;
  g_autofree char *check_path = NULL;
  g_autofree char *count_path = NULL;
  g_autofree char *service_id = NULL;
  int n_create = -1;
  int timeout = 5;
  int limit = DIR_SYNC_DEFAULT_PAGE_SIZE;
  GOptionEntry entries[] = {
    { "outbox", 0, 0, G_OPTION_ARG_FILENAME, &outbox_path, "The referrals database", "PATH" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &desk_path, "The directory database", "PATH" },
    { "hub", 0, 0, G_OPTION_ARG_STRING, &hub_url, "The hub, e.g. http://127.0.0.1:8080", "URL" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &username, "Who signs in (password on stdin)", "NAME" },
    { "create", 0, 0, G_OPTION_ARG_INT, &n_create, "Queue N new signposts", "N" },
    { "service", 0, 0, G_OPTION_ARG_STRING, &service_id, "The service they are for", "ID" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Request timeout", "SECONDS" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, "Directory changes per page", "N" },
    { "check", 0, 0, G_OPTION_ARG_FILENAME, &check_path,
      "Check the referrals against this hub database", "HUB_DB" },
    { "count", 0, 0, G_OPTION_ARG_FILENAME, &count_path,
      "Count the referrals in this hub database", "HUB_DB" },
    { NULL }
  };

  started = g_get_monotonic_time ();
  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      limit < 1 || limit > 2000 || timeout < 0)
    {
      g_printerr ("usage: see the top of tests/sync-push.c\n");
      return 2;
    }

  if (count_path != NULL)
    return count_hub (count_path);

  if (outbox_path == NULL)
    {
      g_printerr ("sync-push: --outbox is needed\n");
      return 2;
    }

  if (check_path != NULL)
    return check (outbox_path, check_path);

  if (n_create >= 0)
    {
      if (service_id == NULL || !g_uuid_string_is_valid (service_id))
        {
          g_printerr ("sync-push: --create needs --service with a service id\n");
          return 2;
        }
      return create (outbox_path, service_id, n_create);
    }

  if (hub_url == NULL || username == NULL)
    {
      g_printerr ("sync-push: --hub and --user are needed to push\n");
      return 2;
    }

  return push (outbox_path, desk_path, hub_url, username, timeout, limit);
}
