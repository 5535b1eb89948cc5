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
/* Seconds after a referral is queued before the push: the form may queue
 * several in a row. */
#define QUEUED_SETTLE_SECONDS  1

/* Keeps the local directory in step with the hub through DirSync, and,
 * once it has the outbox (desk_sync_runner_set_outbox), pushes the
 * referrals and pulls their statuses after each pull: when started, when
 * the network comes back, every sync-interval-minutes and on demand; the
 * outbox alone when a referral is queued, when a backed-off one is due and
 * after signing in.  One run at a time; triggers while one runs fold into
 * a single run after it.  Knows nothing of widgets: the window follows
 * "running", "finished", "pending-count", "failed-count", "outbox-error"
 * and "outbox-finished". */
struct _DeskSyncRunner
{
  GObject          parent_instance;

  DirStore        *store;
  DirSync         *sync;
  GSettings       *settings;
  GNetworkMonitor *monitor;
  GCancellable    *cancellable;  /* of the running pull or push */
  GError          *error;        /* of the last pull, until one succeeds */

  DirOutbox       *outbox;
  DirAccount      *account;
  GError          *outbox_error; /* of the last push, or "sign in" */
  guint            pending_count;
  guint            failed_count;

  gulong           network_changed_id;
  gulong           interval_changed_id;
  gulong           items_changed_id;
  gulong           signed_in_id;
  guint            timer_id;
  guint            network_timeout_id;
  guint            outbox_timer_id;
  guint            queued_timeout_id;

  guint            started : 1;
  guint            running : 1;
  guint            pending : 1;  /* a trigger came while a run was under way */
  guint            manual : 1;   /* the user asked for the running (or pending) pull */
  guint            pending_manual : 1;
  guint            pending_push : 1;
  guint            push_make_due : 1; /* the next push sends what waits out a back-off */
  guint            network_available : 1;
};

G_DEFINE_FINAL_TYPE (DeskSyncRunner, desk_sync_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_PENDING_COUNT,
  PROP_FAILED_COUNT,
  PROP_OUTBOX_ERROR,
  PROP_OUTBOX,
  N_PROPS
};

enum {
  FINISHED,
  OUTBOX_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void start_pull (DeskSyncRunner *self);
static void start_push (DeskSyncRunner *self);
static void end_run    (DeskSyncRunner *self);

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

/* ---- the outbox ----------------------------------------------------------- */

static gboolean
can_push (DeskSyncRunner *self)
{
  return self->outbox != NULL && self->account != NULL &&
         dir_account_get_signed_in (self->account);
}

static void
set_outbox_error (DeskSyncRunner *self,
                  const GError   *error)
{
  if (self->outbox_error == NULL && error == NULL)
    return;

  if (self->outbox_error != NULL && error != NULL &&
      self->outbox_error->domain == error->domain &&
      self->outbox_error->code == error->code &&
      g_strcmp0 (self->outbox_error->message, error->message) == 0)
    return;

  g_clear_error (&self->outbox_error);
  if (error != NULL)
    self->outbox_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OUTBOX_ERROR]);
}

/* The counts from the database, and "sign in" as the error while
 * referrals wait for it. */
static void
update_counts (DeskSyncRunner *self)
{
  guint pending = 0;
  guint failed = 0;

  if (self->outbox != NULL)
    {
      pending = dir_outbox_count (self->outbox, DIR_OUTBOX_QUEUED) +
                dir_outbox_count (self->outbox, DIR_OUTBOX_SENDING);
      failed = dir_outbox_count (self->outbox, DIR_OUTBOX_FAILED);
    }

  if (self->pending_count != pending)
    {
      self->pending_count = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING_COUNT]);
    }

  if (self->failed_count != failed)
    {
      self->failed_count = failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FAILED_COUNT]);
    }

  if (self->account != NULL && !dir_account_get_signed_in (self->account))
    {
      if (pending > 0)
        {
          g_autoptr(GError) error = NULL;

          g_set_error (&error, DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_NOT_SIGNED_IN,
                       ngettext ("Sign in to send the referral waiting here",
                                 "Sign in to send the %u referrals waiting here", pending),
                       pending);
          set_outbox_error (self, error);
        }
      else if (g_error_matches (self->outbox_error, DIR_ACCOUNT_ERROR,
                                DIR_ACCOUNT_ERROR_NOT_SIGNED_IN))
        {
          set_outbox_error (self, NULL);
        }
    }
}

static gboolean
outbox_timer_cb (gpointer user_data)
{
  DeskSyncRunner *self = DESK_SYNC_RUNNER (user_data);

  self->outbox_timer_id = 0;
  g_debug ("A referral is due again: pushing the outbox");

  if (self->running)
    self->pending_push = TRUE;
  else if (can_push (self))
    start_push (self);

  return G_SOURCE_REMOVE;
}

/* The next push for a referral backing off, when it is due. */
static void
schedule_outbox_timer (DeskSyncRunner *self)
{
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan wait;

  g_clear_handle_id (&self->outbox_timer_id, g_source_remove);

  if (!self->started || !can_push (self))
    return;

  next = dir_outbox_dup_next_attempt (self->outbox);
  if (next == NULL)
    return;

  now = g_date_time_new_now_utc ();
  wait = g_date_time_difference (next, now);
  /* Never a busy loop: at least a second, at most a day. */
  wait = CLAMP (wait, G_TIME_SPAN_SECOND, G_TIME_SPAN_DAY);
  self->outbox_timer_id = g_timeout_add_seconds ((guint) ((wait + G_TIME_SPAN_SECOND - 1) /
                                                          G_TIME_SPAN_SECOND),
                                                 outbox_timer_cb, self);
}

static gboolean
queued_timeout_cb (gpointer user_data)
{
  DeskSyncRunner *self = DESK_SYNC_RUNNER (user_data);

  self->queued_timeout_id = 0;
  desk_sync_runner_send_now (self);

  return G_SOURCE_REMOVE;
}

static void
on_outbox_items_changed_cb (DeskSyncRunner *self)
{
  guint before = self->pending_count;

  update_counts (self);

  /* Something new to send (the form queued it): soon, not at the next
   * periodic sync. */
  if (self->started && self->pending_count > before && can_push (self) &&
      self->queued_timeout_id == 0)
    self->queued_timeout_id = g_timeout_add_seconds (QUEUED_SETTLE_SECONDS,
                                                     queued_timeout_cb, self);
}

static void
on_signed_in_changed_cb (DeskSyncRunner *self)
{
  update_counts (self);

  /* Signed in again: what waited for it goes now. */
  if (self->started && can_push (self) && self->pending_count > 0)
    desk_sync_runner_send_now (self);
}

typedef struct
{
  DirOutbox           *outbox;
  DirAccount          *account;
  gboolean             make_due;
  GTimeSpan            max_age;
  DirOutboxSyncResult  result;
} Push;

static void
push_free (gpointer data)
{
  Push *push = data;

  g_clear_object (&push->outbox);
  g_clear_object (&push->account);
  g_free (push);
}

static void
push_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Push *push = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) purge_error = NULL;
  gboolean ok;

  if (push->make_due)
    dir_outbox_make_due (push->outbox, NULL);

  ok = dir_outbox_sync (push->outbox, push->account, cancellable, &push->result, &error);

  /* Minimisation runs whatever the hub said: it is local (and a desk left
   * open for days needs it again). */
  dir_outbox_purge (push->outbox, push->max_age, &purge_error);
  if (purge_error != NULL)
    g_warning ("Could not delete old referrals: %s", purge_error->message);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Deletes what is past its time once the outbox is set, on a worker: a
 * desk that never reaches a hub minimises all the same. */
static void
purge_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Push *push = task_data;
  g_autoptr(GError) error = NULL;
  guint n;

  n = dir_outbox_purge (push->outbox, push->max_age, &error);
  if (error != NULL)
    g_warning ("Could not delete old referrals: %s", error->message);
  else if (n > 0)
    g_debug ("Deleted %u old referrals", n);
  g_task_return_boolean (task, error == NULL);
}

static void
start_purge (DeskSyncRunner *self)
{
  g_autoptr(GTask) task = NULL;
  Push *push = g_new0 (Push, 1);

  push->outbox = g_object_ref (self->outbox);
  push->max_age = desk_referrals_get_max_age (self->settings);

  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, start_purge);
  g_task_set_name (task, "[desk] delete old referrals");
  g_task_set_task_data (task, push, push_free);
  g_task_run_in_thread (task, purge_worker);
}

static void
push_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  DeskSyncRunner *self = DESK_SYNC_RUNNER (object);
  Push *push = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);

  /* Stopped: nobody is listening any more. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);

  if (error == NULL)
    {
      g_debug ("Outbox: %u sent, %u refused, %u deferred, %u statuses",
               push->result.sent, push->result.failed, push->result.deferred,
               push->result.statuses);
      set_outbox_error (self, NULL);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    {
      /* Another sync of the same outbox (the referrals page's) does it. */
      g_debug ("The outbox is already being sent");
      g_clear_error (&error);
    }
  else
    {
      g_debug ("Pushing the outbox failed: %s", error->message);
      set_outbox_error (self, error);
    }

  update_counts (self);
  g_signal_emit (self, signals [OUTBOX_FINISHED], 0,
                 push->result.sent, push->result.failed, error);

  end_run (self);
}

static void
start_push (DeskSyncRunner *self)
{
  g_autoptr(GTask) task = NULL;
  Push *push;

  g_assert (self->cancellable == NULL);
  g_assert (self->outbox != NULL && self->account != NULL);

  push = g_new0 (Push, 1);
  push->outbox = g_object_ref (self->outbox);
  push->account = g_object_ref (self->account);
  push->make_due = self->push_make_due;
  push->max_age = desk_referrals_get_max_age (self->settings);
  self->push_make_due = FALSE;
  self->pending_push = FALSE;
  g_clear_handle_id (&self->outbox_timer_id, g_source_remove);
  g_clear_handle_id (&self->queued_timeout_id, g_source_remove);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, push_cb, NULL);
  g_task_set_source_tag (task, start_push);
  g_task_set_name (task, "[desk] push the outbox");
  g_task_set_task_data (task, push, push_free);
  g_task_run_in_thread (task, push_worker);
  set_running (self, TRUE);
}

/* A pull or push ended: what was asked for meanwhile, or rest. */
static void
end_run (DeskSyncRunner *self)
{
  if (self->pending)
    {
      self->pending = FALSE;
      self->manual = self->pending_manual;
      self->pending_manual = FALSE;
      start_pull (self);
      return;
    }

  if (self->pending_push && can_push (self))
    {
      start_push (self);
      return;
    }
  self->pending_push = FALSE;

  set_running (self, FALSE);
  update_counts (self);
  schedule_timer (self);
  schedule_outbox_timer (self);
}

/* ---- the directory --------------------------------------------------------- */

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

  /* The referrals go even when the directory could not be read: a bad
   * page of the directory says nothing about the referrals. */
  if (can_push (self))
    {
      start_push (self);
      return;
    }

  end_run (self);
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
  g_debug ("The network is back: syncing the directory and the outbox");
  /* Referrals backing off from a network error need not wait any longer. */
  self->push_make_due = TRUE;
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
  if (was_available && self->error == NULL && self->outbox_error == NULL)
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
  desk_sync_runner_set_outbox (self, NULL, NULL);

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
  g_clear_error (&self->outbox_error);

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

    case PROP_PENDING_COUNT:
      g_value_set_uint (value, self->pending_count);
      break;

    case PROP_FAILED_COUNT:
      g_value_set_uint (value, self->failed_count);
      break;

    case PROP_OUTBOX_ERROR:
      g_value_set_boxed (value, self->outbox_error);
      break;

    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
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

  /* Referrals queued or being sent. */
  properties [PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Referrals the hub refused (the user must change them). */
  properties [PROP_FAILED_COUNT] =
    g_param_spec_uint ("failed-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Why the last push failed (DIR_HUB_ERROR_*), or that referrals wait
   * for a sign-in (DIR_ACCOUNT_ERROR_NOT_SIGNED_IN); NULL when all is well. */
  properties [PROP_OUTBOX_ERROR] =
    g_param_spec_boxed ("outbox-error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The referrals, once the application has them (it reads their key
   * from the keyring after the window is up): see
   * desk_sync_runner_set_outbox(). */
  properties [PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL,
                         DIR_TYPE_OUTBOX,
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

  /**
   * DeskSyncRunner::outbox-finished:
   * @sent: referrals the hub took
   * @failed: referrals the hub refused
   * @error: (nullable): why the push stopped, or %NULL
   *
   * A push of the outbox has ended (never emitted for a cancelled one).
   */
  signals [OUTBOX_FINISHED] =
    g_signal_new ("outbox-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3,
                  G_TYPE_UINT,
                  G_TYPE_UINT,
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

  /* Asked for by the user: referrals backing off go too. */
  if (manual)
    self->push_make_due = TRUE;

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
  self->pending_push = FALSE;

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  set_running (self, FALSE);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->network_timeout_id, g_source_remove);
  g_clear_handle_id (&self->outbox_timer_id, g_source_remove);
  g_clear_handle_id (&self->queued_timeout_id, g_source_remove);
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

/**
 * desk_sync_runner_set_outbox:
 * @outbox: (nullable): the referrals
 * @account: (nullable): who sends them
 *
 * From now on every sync pushes @outbox after the directory pull when
 * @account is signed in, and the runner pushes it on its own when a
 * referral is queued, when a backed-off one is due and after signing in.
 * NULL for both forgets them.
 */
void
desk_sync_runner_set_outbox (DeskSyncRunner *self,
                             DirOutbox      *outbox,
                             DirAccount     *account)
{
  g_return_if_fail (DESK_IS_SYNC_RUNNER (self));
  g_return_if_fail (outbox == NULL || DIR_IS_OUTBOX (outbox));
  g_return_if_fail (account == NULL || DIR_IS_ACCOUNT (account));
  g_return_if_fail ((outbox == NULL) == (account == NULL));

  if (self->outbox != NULL)
    g_clear_signal_handler (&self->items_changed_id, dir_outbox_get_items (self->outbox));
  g_clear_signal_handler (&self->signed_in_id, self->account);
  g_clear_handle_id (&self->outbox_timer_id, g_source_remove);
  g_clear_handle_id (&self->queued_timeout_id, g_source_remove);

  g_set_object (&self->account, account);
  if (g_set_object (&self->outbox, outbox))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OUTBOX]);

  if (outbox != NULL)
    {
      self->items_changed_id = g_signal_connect_object (dir_outbox_get_items (outbox),
                                                        "items-changed",
                                                        G_CALLBACK (on_outbox_items_changed_cb),
                                                        self, G_CONNECT_SWAPPED);
      self->signed_in_id = g_signal_connect_object (account, "notify::signed-in",
                                                    G_CALLBACK (on_signed_in_changed_cb),
                                                    self, G_CONNECT_SWAPPED);
    }

  update_counts (self);
  if (outbox == NULL)
    {
      set_outbox_error (self, NULL);
      return;
    }

  start_purge (self);
  if (!self->running)
    schedule_outbox_timer (self);
}

DirOutbox *
desk_sync_runner_get_outbox (DeskSyncRunner *self)
{
  g_return_val_if_fail (DESK_IS_SYNC_RUNNER (self), NULL);

  return self->outbox;
}

DirAccount *
desk_sync_runner_get_account (DeskSyncRunner *self)
{
  g_return_val_if_fail (DESK_IS_SYNC_RUNNER (self), NULL);

  return self->account;
}

/* Pushes the outbox now (every queued referral, backing off or not),
 * without a directory pull; after the one running, if one is. */
void
desk_sync_runner_send_now (DeskSyncRunner *self)
{
  g_return_if_fail (DESK_IS_SYNC_RUNNER (self));

  if (self->outbox == NULL)
    return;

  self->push_make_due = TRUE;

  if (self->running)
    {
      self->pending_push = TRUE;
      return;
    }

  if (!can_push (self))
    {
      update_counts (self);
      return;
    }

  start_push (self);
}

guint
desk_sync_runner_get_pending_count (DeskSyncRunner *self)
{
  g_return_val_if_fail (DESK_IS_SYNC_RUNNER (self), 0);

  return self->pending_count;
}

guint
desk_sync_runner_get_failed_count (DeskSyncRunner *self)
{
  g_return_val_if_fail (DESK_IS_SYNC_RUNNER (self), 0);

  return self->failed_count;
}

/* Returns: (nullable) (transfer none): why the last push failed, or that
 * referrals wait for a sign-in; %NULL when all is well. */
const GError *
desk_sync_runner_get_outbox_error (DeskSyncRunner *self)
{
  g_return_val_if_fail (DESK_IS_SYNC_RUNNER (self), NULL);

  return self->outbox_error;
}

/* One line for people, no personal data: "2 sent, 0 refused, 1 waiting,
 * 3 status changes". */
char *
desk_outbox_result_to_string (const DirOutboxSyncResult *result,
                              guint                      waiting)
{
  g_autofree char *sent = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *waits = NULL;
  g_autofree char *statuses = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  /* Translators: referrals sent to the hub */
  sent = g_strdup_printf (ngettext ("%u sent", "%u sent", result->sent), result->sent);
  /* Translators: referrals the hub refused */
  refused = g_strdup_printf (ngettext ("%u refused", "%u refused", result->failed),
                             result->failed);
  /* Translators: referrals still waiting to be sent */
  waits = g_strdup_printf (ngettext ("%u waiting", "%u waiting", waiting), waiting);
  statuses = g_strdup_printf (ngettext ("%u status change", "%u status changes",
                                        result->statuses), result->statuses);

  /* Translators: the parts are "2 sent", "0 refused", "1 waiting", "3 status changes" */
  return g_strdup_printf (_("%s, %s, %s, %s"), sent, refused, waits, statuses);
}

GTimeSpan
desk_referrals_get_max_age (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), 0);

  /* The schema keeps it within 1 to 3,650 days. */
  return (GTimeSpan) g_settings_get_uint (settings, "referrals-keep-days") * G_TIME_SPAN_DAY;
}
