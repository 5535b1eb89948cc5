/* desk-sync-runner.c
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

#include <glib/gi18n.h>

#include "desk-sync-runner.h"

/* Seconds the network must stay up before a pull follows it coming back. */
#define NETWORK_SETTLE_SECONDS 5

/* Keeps the local directory in step with the hub through DirSync: a pull
 * when started, when the network comes back, every sync-interval-minutes
 * and on demand.  One pull at a time; triggers while one runs fold into a
 * single pull after it.  Knows nothing of widgets: the window follows
 * "running" and "finished". */
struct _DeskSyncRunner
{
  GObject          parent_instance;

  DirStore        *store;
  DirSync         *sync;
  GSettings       *settings;
  GNetworkMonitor *monitor;
  GCancellable    *cancellable;  /* of the running pull */
  GError          *error;        /* of the last pull, until one succeeds */

  gulong           network_changed_id;
  gulong           interval_changed_id;
  guint            timer_id;
  guint            network_timeout_id;

  guint            started : 1;
  guint            running : 1;
  guint            pending : 1;  /* a trigger came while a pull ran */
  guint            manual : 1;   /* the user asked for the running (or pending) pull */
  guint            pending_manual : 1;
  guint            network_available : 1;
};

G_DEFINE_FINAL_TYPE (DeskSyncRunner, desk_sync_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void start_pull (DeskSyncRunner *self);

static void
set_running (DeskSyncRunner *self,
             gboolean        running)
{
  if (self->running == !!running)
    return;

  self->running = !!running;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RUNNING]);
}

static gboolean
timer_cb (gpointer user_data)
{
  DeskSyncRunner *self = DESK_SYNC_RUNNER (user_data);

  self->timer_id = 0;
  g_debug ("Periodic directory sync");
  desk_sync_runner_sync (self, FALSE);

  return G_SOURCE_REMOVE;
}

/* The next periodic pull, counted from now. */
static void
schedule_timer (DeskSyncRunner *self)
{
  guint minutes;

  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (!self->started)
    return;

  minutes = g_settings_get_uint (self->settings, "sync-interval-minutes");
  if (minutes == 0)
    return;

  self->timer_id = g_timeout_add_seconds (minutes * 60, timer_cb, self);
}

static void
pull_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  DirSync *sync = DIR_SYNC (object);
  g_autoptr(DeskSyncRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  DirSyncResult summary = { 0 };
  gboolean changed = FALSE;
  gboolean manual;

  g_assert (DESK_IS_SYNC_RUNNER (self));

  dir_sync_pull_finish (sync, result, &summary, &error);

  /* Stopped: nobody is listening any more. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  manual = self->manual;
  self->manual = FALSE;

  g_clear_error (&self->error);
  if (error != NULL)
    {
      g_debug ("Syncing the directory from %s failed: %s",
               dir_sync_get_base_url (sync), error->message);
      self->error = g_steal_pointer (&error);
    }
  else
    {
      changed = summary.upserts + summary.deletes + summary.swept > 0;
      g_debug ("Synced the directory from %s: %u requests, %u pages, %u upserts, "
               "%u deletes, %u swept, %" G_GUINT64_FORMAT " bytes%s",
               dir_sync_get_base_url (sync), summary.requests, summary.pages,
               summary.upserts, summary.deletes, summary.swept, summary.wire_bytes,
               summary.not_modified ? " (not modified)" : "");
    }

  /* Listeners start their follow-up work (a new search) before "running"
   * drops, so there is no moment where nothing seems under way. */
  g_signal_emit (self, signals [FINISHED], 0, changed, manual, self->error);

  if (self->pending)
    {
      self->pending = FALSE;
      self->manual = self->pending_manual;
      self->pending_manual = FALSE;
      start_pull (self);
      return;
    }

  set_running (self, FALSE);
  schedule_timer (self);
}

static void
start_pull (DeskSyncRunner *self)
{
  g_assert (self->cancellable == NULL);

  self->cancellable = g_cancellable_new ();
  dir_sync_pull_async (self->sync, self->cancellable, pull_cb, g_object_ref (self));
  set_running (self, TRUE);
}

static gboolean
network_timeout_cb (gpointer user_data)
{
  DeskSyncRunner *self = DESK_SYNC_RUNNER (user_data);

  self->network_timeout_id = 0;
  g_debug ("The network is back: syncing the directory");
  desk_sync_runner_sync (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
on_network_changed_cb (DeskSyncRunner  *self,
                       gboolean         available,
                       GNetworkMonitor *monitor)
{
  gboolean was_available = self->network_available;

  self->network_available = !!available;

  if (!available)
    {
      g_clear_handle_id (&self->network_timeout_id, g_source_remove);
      return;
    }

  /* Only when the network came back (or the last pull failed): routes
   * change all the time on a healthy connection. */
  if (was_available && self->error == NULL)
    return;

  /* Debounced: wifi and VPNs come up in steps. */
  g_clear_handle_id (&self->network_timeout_id, g_source_remove);
  self->network_timeout_id = g_timeout_add_seconds (NETWORK_SETTLE_SECONDS,
                                                    network_timeout_cb, self);
}

static void
on_interval_changed_cb (DeskSyncRunner *self)
{
  if (!self->running)
    schedule_timer (self);
}

static void
desk_sync_runner_dispose (GObject *object)
{
  DeskSyncRunner *self = (DeskSyncRunner *)object;

  desk_sync_runner_stop (self);

  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (desk_sync_runner_parent_class)->dispose (object);
}

static void
desk_sync_runner_finalize (GObject *object)
{
  DeskSyncRunner *self = (DeskSyncRunner *)object;

  g_clear_error (&self->error);

  G_OBJECT_CLASS (desk_sync_runner_parent_class)->finalize (object);
}

static void
desk_sync_runner_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DeskSyncRunner *self = DESK_SYNC_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_sync_runner_class_init (DeskSyncRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = desk_sync_runner_dispose;
  object_class->finalize = desk_sync_runner_finalize;
  object_class->get_property = desk_sync_runner_get_property;

  properties [PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DeskSyncRunner::finished:
   * @changed: whether the pull changed the directory
   * @manual: whether the user asked for it
   * @error: (nullable): why it failed, or %NULL
   *
   * A pull has ended (never emitted for a cancelled one).
   */
  signals [FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_BOOLEAN,
                  G_TYPE_BOOLEAN,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
desk_sync_runner_init (DeskSyncRunner *self)
{
}

/**
 * desk_sync_runner_new:
 * @store: the local directory
 * @hub_url: the hub, like "https://hub.example.org"
 * @settings: the desk's settings (sync-interval-minutes)
 * @error: DIR_HUB_ERROR_INVALID_URL when @hub_url is not an http(s) address
 *
 * Returns: (transfer full) (nullable): a runner; it does nothing until
 *   desk_sync_runner_start().
 */
DeskSyncRunner *
desk_sync_runner_new (DirStore    *store,
                      const char  *hub_url,
                      GSettings   *settings,
                      GError     **error)
{
  g_autoptr(DeskSyncRunner) self = NULL;
  g_autoptr(DirSync) sync = NULL;

  g_return_val_if_fail (DIR_IS_STORE (store), NULL);
  g_return_val_if_fail (hub_url != NULL, NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  sync = dir_sync_new (store, hub_url, error);
  if (sync == NULL)
    return NULL;

  self = g_object_new (DESK_TYPE_SYNC_RUNNER, NULL);
  self->store = g_object_ref (store);
  self->sync = g_steal_pointer (&sync);
  self->settings = g_object_ref (settings);

  return g_steal_pointer (&self);
}

DirStore *
desk_sync_runner_get_store (DeskSyncRunner *self)
{
  g_return_val_if_fail (DESK_IS_SYNC_RUNNER (self), NULL);

  return self->store;
}

const char *
desk_sync_runner_get_hub_url (DeskSyncRunner *self)
{
  g_return_val_if_fail (DESK_IS_SYNC_RUNNER (self), NULL);

  return dir_sync_get_base_url (self->sync);
}

gboolean
desk_sync_runner_get_running (DeskSyncRunner *self)
{
  g_return_val_if_fail (DESK_IS_SYNC_RUNNER (self), FALSE);

  return self->running;
}

/* Returns: (nullable) (transfer none): why the last pull failed, or %NULL
 * if it succeeded (or none has ended yet). */
const GError *
desk_sync_runner_get_error (DeskSyncRunner *self)
{
  g_return_val_if_fail (DESK_IS_SYNC_RUNNER (self), NULL);

  return self->error;
}

/* Returns: (nullable) (transfer full): when a pull last succeeded, from the
 * store (so it survives restarts), or %NULL if never. */
GDateTime *
desk_sync_runner_dup_last_success (DeskSyncRunner *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (DESK_IS_SYNC_RUNNER (self), NULL);

  text = dir_store_get_meta (self->store, DIR_SYNC_META_LAST_SUCCESS);
  if (text == NULL)
    return NULL;

  return g_date_time_new_from_iso8601 (text, NULL);
}

/* Pulls now, then when the network comes back and every
 * sync-interval-minutes, until desk_sync_runner_stop(). */
void
desk_sync_runner_start (DeskSyncRunner *self)
{
  g_return_if_fail (DESK_IS_SYNC_RUNNER (self));

  if (self->started)
    return;

  self->started = TRUE;

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  self->network_changed_id = g_signal_connect_object (self->monitor, "network-changed",
                                                      G_CALLBACK (on_network_changed_cb),
                                                      self, G_CONNECT_SWAPPED);
  self->interval_changed_id = g_signal_connect_object (self->settings,
                                                       "changed::sync-interval-minutes",
                                                       G_CALLBACK (on_interval_changed_cb),
                                                       self, G_CONNECT_SWAPPED);

  desk_sync_runner_sync (self, FALSE);
}

/* Asks for a pull.  While one runs, the request is folded into a single
 * pull after it (so a change made meanwhile is not missed). */
void
desk_sync_runner_sync (DeskSyncRunner *self,
                       gboolean        manual)
{
  g_return_if_fail (DESK_IS_SYNC_RUNNER (self));

  if (self->running)
    {
      self->pending = TRUE;
      self->pending_manual |= !!manual;
      return;
    }

  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->manual = !!manual;
  start_pull (self);
}

/* Cancels the running pull and every trigger; for shutdown. */
void
desk_sync_runner_stop (DeskSyncRunner *self)
{
  g_return_if_fail (DESK_IS_SYNC_RUNNER (self));

  self->started = FALSE;
  self->pending = FALSE;
  self->pending_manual = FALSE;

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  set_running (self, FALSE);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->network_timeout_id, g_source_remove);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_signal_handler (&self->interval_changed_id, self->settings);
}

/* One line for people: "3 pages, 12 updated, 1 removed, 48 kB". */
char *
desk_sync_result_to_string (const DirSyncResult *result)
{
  g_autofree char *pages = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *size = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  pages = g_strdup_printf (ngettext ("%u page", "%u pages", result->pages), result->pages);
  /* Translators: services updated in the local directory */
  updated = g_strdup_printf (ngettext ("%u updated", "%u updated", result->upserts),
                             result->upserts);
  /* Translators: services removed from the local directory */
  removed = g_strdup_printf (ngettext ("%u removed", "%u removed",
                                       result->deletes + result->swept),
                             result->deletes + result->swept);
  size = g_format_size (result->wire_bytes);

  /* Translators: the parts are "3 pages", "12 updated", "1 removed", "48 kB" */
  return g_strdup_printf (_("%s, %s, %s, %s"), pages, updated, removed, size);
}
