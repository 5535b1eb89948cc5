/* desk-application.c
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
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "desk-application.h"
#include "desk-account-group.h"
#include "desk-preferences-window.h"
#include "desk-resources.h"
#include "desk-script-fonts.h"
#include "desk-sign-in-dialog.h"
#include "desk-sync-runner.h"
#include "desk-window.h"

/* Owns the local directory (one sqlite store for the whole session) and
 * the sync runner that keeps it up to date with the hub, and opens the
 * window on them.  `--sync-now` pulls once and exits before the
 * application registers, so it never initialises GTK or needs a display. */
struct _DeskApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  DirStore       *store;
  DeskSyncRunner *sync_runner;
  DirOutbox      *outbox;        /* drafts, outbox, sent: NULL if it cannot open */
  gboolean        outbox_opening; /* its key is being read from the keyring */
  DirAccount     *account;       /* the session with the runner's hub */

  char           *db_path;       /* --db */
  char           *hub_url;       /* --hub-url, DIRECTION_HUB_URL or the hub-url key */
  char           *search_text;   /* --search */
  char           *snapshot_path; /* --snapshot or APP_SNAPSHOT: testing hook */
  char           *startup_error; /* shown in a toast once the window is up */

  guint           snapshot_frames;
  guint           snapshot_tick_id;
};

G_DEFINE_FINAL_TYPE (DeskApplication, desk_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Use the directory saved in FILE instead of the usual one"), N_("FILE") },
  { "hub-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Refresh the directory from the hub at URL"), N_("URL") },
  { "sync-now", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Bring the directory up to date with the hub, print a summary and quit, "
       "without opening a window"), NULL },
  { "search", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Start with a search for TEXT"), N_("TEXT") },
  { "snapshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Save a PNG picture of the window to FILE once the results show, then quit "
       "(for testing)"), N_("FILE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and quit"), NULL },
  { NULL }
};

/* The data the directory and its maps are built on, and the credit each
 * licence requires: the "Suggested About / Data sources" text of the shared
 * data README, the ORUK/HSDS schema notices and the OpenStreetMap
 * attribution.  Copyright lines are legal text and stay untranslated. */
static const struct
{
  const char *title;        /* N_() */
  const char *copyright;
  GtkLicense  license_type;
  const char *license;      /* N_(), markup; NULL for a standard licence */
} data_sources[] = {
  {
    N_("Postcode and place data"),
    "Contains OS data © Crown copyright and database right 2025\n"
    "Contains Royal Mail data © Royal Mail copyright and database right 2025\n"
    "Contains National Statistics data © Crown copyright and database right 2025\n"
    "Place names: contains OS data © Crown copyright and database right 2017; "
    "contains Royal Mail data © Royal Mail copyright and database right 2017; "
    "contains National Statistics data © Crown copyright and database right 2017",
    GTK_LICENSE_CUSTOM,
    N_("Code-Point Open and OS Open Names, used under the "
       "<a href=\"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\">"
       "Open Government Licence v3.0</a>."),
  },
  {
    N_("Boundaries"),
    "Martin Chorley, UK-GeoJSON (github.com/martinjc/UK-GeoJSON)\n"
    "Contains OS data © Crown copyright and database right 2014",
    GTK_LICENSE_CUSTOM,
    N_("UK Boundary Data by Martin Chorley, used under the "
       "<a href=\"https://creativecommons.org/licenses/by/4.0/\">Creative Commons "
       "Attribution 4.0 International</a> licence; the underlying ONS and OS data "
       "is under the Open Government Licence v3.0."),
  },
  {
    N_("Prison and probation office lists"),
    "© 2021 Crown Copyright (Ministry of Justice), prison-register\n"
    "© 2020 Crown Copyright (Ministry of Justice), hmpps-interventions-ui",
    GTK_LICENSE_MIT_X11,
    NULL,
  },
  {
    N_("Library list"),
    "© 2020 Libraries Hacked",
    GTK_LICENSE_MIT_X11,
    NULL,
  },
  {
    N_("Directory format"),
    "Human Services Data Specification UK: an Open Referral UK resource "
    "(openreferraluk.org), © 2025 Open Referral UK project and contributors\n"
    "Human Services Data Specification: an Open Referral resource (openreferral.org)",
    GTK_LICENSE_CUSTOM,
    N_("The directory follows the Open Referral UK 3.0 and HSDS 3.0 schemas, "
       "published under the BSD 3-Clause licence and "
       "<a href=\"https://creativecommons.org/licenses/by-sa/4.0/\">Creative Commons "
       "Attribution-ShareAlike 4.0</a>."),
  },
  {
    N_("Map tiles"),
    "Map tiles © OpenStreetMap contributors (ODbL)",
    GTK_LICENSE_CUSTOM,
    N_("Map data from <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>, "
       "available under the Open Database Licence; tiles are fetched only when online."),
  },
};

static char *
get_default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "direction-desk", "directory.db", NULL);
}

static void
open_store (DeskApplication *self)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;

  path = self->db_path != NULL ? g_strdup (self->db_path) : get_default_db_path ();
  dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_debug ("Could not create %s: %s", dir, g_strerror (errno));

  self->store = dir_store_new (path, &error);
  if (self->store == NULL)
    {
      g_autoptr(GError) memory_error = NULL;

      /* Keep the app usable (an empty directory the hub can fill) and say why. */
      g_free (self->startup_error);
      self->startup_error = g_strdup_printf (_("Could not open the directory saved on this "
                                               "computer: %s"), error->message);
      self->store = dir_store_new (NULL, &memory_error);
      if (self->store == NULL)
        g_error ("Could not create an in-memory directory: %s", memory_error->message);
    }
}

/* --hub-url, then DIRECTION_HUB_URL, then the hub-url key; NULL if none. */
static char *
get_hub_url (DeskApplication *self,
             GSettings       *settings)
{
  const char *env = g_getenv ("DIRECTION_HUB_URL");
  g_autofree char *setting = NULL;

  if (self->hub_url != NULL && self->hub_url[0] != '\0')
    return g_strdup (self->hub_url);
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  setting = g_settings_get_string (settings, "hub-url");
  if (setting[0] != '\0')
    return g_steal_pointer (&setting);

  return NULL;
}

/* The hub ended the session (expired, revoked): ask for sign-in again, once,
 * over the active window.  The outbox keeps everything meanwhile. */
static void
on_sign_in_required_cb (DeskApplication *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  DeskSignInDialog *dialog;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DESK_IS_SIGN_IN_DIALOG (l->data))
      {
        gtk_window_present (GTK_WINDOW (l->data));
        return;
      }

  if (parent == NULL)
    return;

  dialog = desk_sign_in_dialog_new (self->account);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  desk_sign_in_dialog_set_reason (dialog, _("The hub ended your session. Sign in again to send "
                                            "the referrals waiting in the outbox."));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Says why referrals cannot be used, in every window (or in the first one
 * once it is up). */
static void
report_referrals_error (DeskApplication *self,
                        const GError    *error)
{
  g_autofree char *message = NULL;
  gboolean shown = FALSE;

  /* Translators: %s is the reason, e.g. the keyring's error */
  message = g_strdup_printf (_("Referrals cannot be opened: %s"), error->message);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DESK_IS_WINDOW (l->data))
      {
        desk_window_add_toast (DESK_WINDOW (l->data), message);
        shown = TRUE;
      }

  if (!shown)
    {
      g_free (self->startup_error);
      self->startup_error = g_steal_pointer (&message);
    }
}

typedef struct
{
  char     *path;
  gboolean  used_key_file;
} KeyLoad;

static void
key_load_free (gpointer data)
{
  KeyLoad *load = data;

  g_free (load->path);
  g_free (load);
}

/* The keyring may have to ask (a locked keyring, or none made yet): on a
 * worker, so the window is up and working meanwhile. */
static void
key_load_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  KeyLoad *load = task_data;
  GError *error = NULL;
  GBytes *key;

  key = dir_outbox_key_load (load->path, TRUE, &load->used_key_file, &error);
  if (key == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, (GDestroyNotify) g_bytes_unref);
}

static void
key_loaded_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DeskApplication *self = DESK_APPLICATION (object);
  KeyLoad *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) error = NULL;

  self->outbox_opening = FALSE;

  /* The outbox is opened here, on the main thread: its list lives here. */
  key = g_task_propagate_pointer (G_TASK (result), &error);
  if (key != NULL)
    self->outbox = dir_outbox_open (load->path, key, &error);
  if (self->outbox == NULL)
    {
      report_referrals_error (self, error);
      return;
    }

  /* The sync runner deletes old referrals once it has them. */
  if (load->used_key_file)
    g_warning ("No keyring: the referrals' key is kept in a file beside them");

  if (self->sync_runner != NULL && self->account != NULL)
    desk_sync_runner_set_outbox (self->sync_runner, self->outbox, self->account);
}

/* The referral store (once per run; the runner gets it when it is open)
 * and the session with this hub (a new one when the hub changes).
 * Without a keyring the key is kept in a file beside the store (see
 * README, "With no keyring"): typing is never lost for want of a
 * keyring. */
static void
open_referrals (DeskApplication *self,
                const char      *url)
{
  if (self->outbox == NULL && !self->outbox_opening)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, key_loaded_cb, NULL);
      KeyLoad *load = g_new0 (KeyLoad, 1);

      load->path = dir_outbox_dup_default_path ();
      self->outbox_opening = TRUE;
      g_task_set_source_tag (task, open_referrals);
      g_task_set_name (task, "[desk] load the referrals' key");
      g_task_set_task_data (task, load, key_load_free);
      g_task_run_in_thread (task, key_load_worker);
    }

  if (self->account == NULL ||
      g_strcmp0 (dir_account_get_base_url (self->account), url) != 0)
    {
      g_clear_object (&self->account);
      self->account = dir_account_new (url);
      g_signal_connect_object (self->account, "sign-in-required",
                               G_CALLBACK (on_sign_in_required_cb), self,
                               G_CONNECT_SWAPPED);
      dir_account_restore_async (self->account, NULL, NULL, NULL);
    }
}

static void
open_sync_runner (DeskApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = get_hub_url (self, self->settings);

  if (url == NULL)
    return;

  self->sync_runner = desk_sync_runner_new (self->store, url, self->settings, &error);
  if (self->sync_runner == NULL)
    {
      g_free (self->startup_error);
      /* Translators: %s is the hub address as configured */
      self->startup_error = g_strdup_printf (_("The hub address “%s” is not valid — "
                                               "showing the directory saved on this computer"),
                                             url);
      return;
    }

  open_referrals (self, url);
  if (self->outbox != NULL)
    desk_sync_runner_set_outbox (self->sync_runner, self->outbox, self->account);
}

/* --sync-now, the referrals part: pushes the outbox and pulls statuses
 * with the session kept in the keyring.  Skipped (TRUE, *summary NULL)
 * when this desk has never kept a referral.  Counts only: no personal
 * data is printed. */
static gboolean
sync_now_referrals (const char  *url,
                    char       **summary,
                    GError     **error)
{
  g_autofree char *path = dir_outbox_dup_default_path ();
  g_autofree char *key_file = g_strconcat (path, ".key", NULL);
  g_autoptr(GBytes) key = NULL;
  g_autoptr(DirOutbox) outbox = NULL;
  g_autoptr(DirAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  DirOutboxSyncResult result = { 0 };
  guint waiting;
  gboolean used_key_file = FALSE;
  gboolean ok;

  *summary = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  /* A key file is only used when the desk already chose it (no keyring
   * when it first kept a referral). */
  key = dir_outbox_key_load (path, g_file_test (key_file, G_FILE_TEST_EXISTS),
                             &used_key_file, error);
  if (key == NULL)
    return FALSE;

  outbox = dir_outbox_open (path, key, error);
  if (outbox == NULL)
    return FALSE;

  account = dir_account_new (url);
  if (!dir_account_restore (account, NULL, &local_error))
    g_debug ("No session for --sync-now: %s", local_error->message);
  g_clear_error (&local_error);

  /* The user asked: what backs off goes too. */
  dir_outbox_make_due (outbox, NULL);
  ok = dir_account_get_signed_in (account) &&
       dir_outbox_sync (outbox, account, NULL, &result, &local_error);

  dir_outbox_purge (outbox, desk_referrals_get_max_age (settings), NULL);

  waiting = dir_outbox_count (outbox, DIR_OUTBOX_QUEUED) +
            dir_outbox_count (outbox, DIR_OUTBOX_SENDING);
  *summary = desk_outbox_result_to_string (&result, waiting);

  if (!dir_account_get_signed_in (account) && local_error == NULL)
    {
      /* Nothing waits: no harm done. */
      if (waiting == 0)
        return TRUE;

      g_set_error (error, DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_NOT_SIGNED_IN,
                   ngettext ("%u referral waits to be sent: sign in to the hub in the desk "
                             "first (the session is kept in the keyring)",
                             "%u referrals wait to be sent: sign in to the hub in the desk "
                             "first (the session is kept in the keyring)", waiting),
                   waiting);
      return FALSE;
    }

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* --sync-now: one pull, then the outbox, a one-line summary, exit status
 * 0 or 1.  Runs before the application registers: no GTK, no display;
 * the keyring is reached over the session bus when there is one. */
static int
sync_now (DeskApplication *self)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autoptr(DirStore) store = NULL;
  g_autoptr(DirSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) referrals_error = NULL;
  g_autofree char *url = get_hub_url (self, settings);
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *referrals = NULL;
  DirSyncResult result = { 0 };
  gboolean directory_ok = FALSE;
  gboolean referrals_ok;

  if (url == NULL)
    {
      g_printerr ("%s\n", _("No hub address: give one with --hub-url, DIRECTION_HUB_URL "
                            "or the hub-url setting"));
      return 1;
    }

  path = self->db_path != NULL ? g_strdup (self->db_path) : get_default_db_path ();
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_debug ("Could not create %s: %s", dir, g_strerror (errno));

  store = dir_store_new (path, &error);
  if (store == NULL)
    {
      /* Translators: %s is why the database could not be opened */
      g_printerr (_("Could not open the directory saved on this computer: %s"), error->message);
      g_printerr ("\n");
      return 1;
    }

  sync = dir_sync_new (store, url, &error);
  if (sync == NULL)
    {
      /* Translators: %s says why, and names the hub */
      g_printerr (_("Could not sync the directory: %s"), error->message);
      g_printerr ("\n");
      return 1;
    }

  directory_ok = dir_sync_pull (sync, NULL, &result, &error);
  if (!directory_ok)
    {
      /* Translators: %s says why, and names the hub */
      g_printerr (_("Could not sync the directory: %s"), error->message);
      g_printerr ("\n");
    }

  /* The referrals go even when the directory could not be read. */
  referrals_ok = sync_now_referrals (url, &referrals, &referrals_error);
  if (!referrals_ok)
    {
      /* Translators: %s says why */
      g_printerr (_("Could not send the referrals: %s"), referrals_error->message);
      g_printerr ("\n");
    }

  if (directory_ok)
    {
      summary = desk_sync_result_to_string (&result);
      if (referrals != NULL)
        /* Translators: the first %s is like "3 pages, 12 updated, 1 removed, 48 kB",
         * the second like "2 sent, 0 refused, 1 waiting, 3 status changes" */
        g_print (_("Synced: %s; referrals: %s"), summary, referrals);
      else
        /* Translators: %s is like "3 pages, 12 updated, 1 removed, 48 kB" */
        g_print (_("Synced: %s"), summary);
      g_print ("\n");
    }
  else if (referrals_ok && referrals != NULL)
    {
      /* Translators: %s is like "2 sent, 0 refused, 1 waiting, 3 status changes" */
      g_print (_("Synced referrals: %s"), referrals);
      g_print ("\n");
    }

  return directory_ok && referrals_ok ? 0 : 1;
}

static gboolean
save_window_png (GtkWidget   *widget,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window drew nothing");
      return FALSE;
    }

  renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
snapshot_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *frame_clock,
                  gpointer       user_data)
{
  DeskApplication *self = DESK_APPLICATION (user_data);
  g_autoptr(GError) error = NULL;

  /* Let the results lay out and draw before taking the picture. */
  if (desk_window_get_busy (DESK_WINDOW (widget)))
    {
      self->snapshot_frames = 0;
      return G_SOURCE_CONTINUE;
    }
  if (++self->snapshot_frames < 10)
    return G_SOURCE_CONTINUE;

  self->snapshot_tick_id = 0;

  if (save_window_png (widget, self->snapshot_path, &error))
    g_print ("%s\n", self->snapshot_path);
  else
    g_printerr ("%s\n", error->message);

  g_application_quit (G_APPLICATION (self));

  return G_SOURCE_REMOVE;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  DeskApplication *self = DESK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwAboutWindow *about;
  const char *developers[] = { "The Direction Desk authors", NULL };

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  adw_about_window_set_application_name (about, _("Direction Desk"));
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, "The Direction Desk authors");
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_copyright (about, "© 2026 The Direction Desk authors");
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_website (about, "https://github.com/directionhub/direction");
  adw_about_window_set_issue_url (about, "https://github.com/directionhub/direction/issues");
  /* Translators: Replace "translator-credits" with your names, one name per line */
  adw_about_window_set_translator_credits (about, _("translator-credits"));
  adw_about_window_set_comments (about,
                                 _("A directory of the services that help people leaving "
                                   "prison or on probation in Bedfordshire."));

  /* One legal section per data source, with the attribution its licence asks for. */
  for (guint i = 0; i < G_N_ELEMENTS (data_sources); i++)
    adw_about_window_add_legal_section (about,
                                        _(data_sources[i].title),
                                        data_sources[i].copyright,
                                        data_sources[i].license_type,
                                        data_sources[i].license != NULL
                                          ? _(data_sources[i].license)
                                          : NULL);

  gtk_window_set_transient_for (GTK_WINDOW (about), window);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  DeskApplication *self = DESK_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *env = g_getenv ("DIRECTION_HUB_URL");
  const char *hub_url_override = NULL;
  DeskPreferencesWindow *preferences;

  if (self->hub_url != NULL && self->hub_url[0] != '\0')
    hub_url_override = self->hub_url;
  else if (env != NULL && env[0] != '\0')
    hub_url_override = env;

  preferences = desk_preferences_window_new (self->settings, hub_url_override);
  if (self->account != NULL)
    desk_preferences_window_add_account_group (preferences,
                                               ADW_PREFERENCES_GROUP (desk_account_group_new (self->account)));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* Preferences changed the hub-url key: unless --hub-url or
 * DIRECTION_HUB_URL overrides it, a new runner pulls from the new hub (or
 * none, for no hub) and every window follows it. */
static void
on_hub_url_changed_cb (DeskApplication *self)
{
  g_autofree char *url = NULL;
  const char *old_url;

  if (self->store == NULL)
    return;

  url = get_hub_url (self, self->settings);
  old_url = self->sync_runner != NULL ? desk_sync_runner_get_hub_url (self->sync_runner) : NULL;
  if (g_strcmp0 (url, old_url) == 0)
    return;

  if (self->sync_runner != NULL)
    desk_sync_runner_stop (self->sync_runner);
  g_clear_object (&self->sync_runner);
  open_sync_runner (self);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (DESK_IS_WINDOW (l->data))
      desk_window_set_sync_runner (DESK_WINDOW (l->data), self->sync_runner);

  if (self->sync_runner != NULL)
    desk_sync_runner_start (self->sync_runner);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  DeskApplication *self = DESK_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Close rather than destroy, so each window saves its state (last search). */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));

  g_list_free (windows);
}

static int
desk_application_handle_local_options (GApplication *application,
                                       GVariantDict *options)
{
  DeskApplication *self = DESK_APPLICATION (application);
  const char *snapshot_env = g_getenv ("APP_SNAPSHOT");

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "direction-desk", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "db", "^ay", &self->db_path);
  g_variant_dict_lookup (options, "hub-url", "s", &self->hub_url);
  g_variant_dict_lookup (options, "search", "s", &self->search_text);
  g_variant_dict_lookup (options, "snapshot", "^ay", &self->snapshot_path);

  if (g_variant_dict_contains (options, "sync-now"))
    return sync_now (self);

  if (self->snapshot_path == NULL && snapshot_env != NULL && snapshot_env[0] != '\0')
    self->snapshot_path = g_strdup (snapshot_env);

  /* A snapshot run is a throwaway instance: never hand over to (or become)
   * the instance the user is working in. */
  if (self->snapshot_path != NULL)
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

static void
desk_application_activate (GApplication *application)
{
  DeskApplication *self = DESK_APPLICATION (application);
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    {
      if (self->store == NULL)
        {
          open_store (self);
          open_sync_runner (self);
        }

      window = GTK_WINDOW (desk_window_new (GTK_APPLICATION (self), self->store, self->sync_runner));

      if (self->search_text != NULL)
        desk_window_set_search_text (DESK_WINDOW (window), self->search_text);

      if (self->startup_error != NULL)
        {
          desk_window_add_toast (DESK_WINDOW (window), self->startup_error);
          g_clear_pointer (&self->startup_error, g_free);
        }

      if (self->snapshot_path != NULL)
        self->snapshot_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (window),
                                                               snapshot_tick_cb,
                                                               self, NULL);

      /* Pulls now, then on its own triggers, until shutdown. */
      if (self->sync_runner != NULL)
        desk_sync_runner_start (self->sync_runner);
    }

  gtk_window_present (window);
}

static void
desk_application_startup (GApplication *application)
{
  DeskApplication *self = DESK_APPLICATION (application);
  static const GActionEntry app_actions[] = {
    { "about", about_action },
    { "preferences", preferences_action },
    { "quit", quit_action },
  };
  const char *quit_accels[] = { "<Control>q", NULL };
  /* No user manual yet: F1 shows About, with its data licences. */
  const char *about_accels[] = { "F1", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (desk_application_parent_class)->startup (application);

  desk_resources_install (gdk_display_get_default ());
  desk_script_fonts_init ();
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.about", about_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  /* The window's own action (DeskWindow builds the shortcuts window when
   * it is first shown); the accelerator here so menus show it. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay",
                                         shortcuts_accels);

  self->settings = g_settings_new ("io.github.directionhub.Desk");
  g_signal_connect_object (self->settings, "changed::hub-url",
                           G_CALLBACK (on_hub_url_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
desk_application_shutdown (GApplication *application)
{
  DeskApplication *self = DESK_APPLICATION (application);

  if (self->sync_runner != NULL)
    desk_sync_runner_stop (self->sync_runner);

  G_APPLICATION_CLASS (desk_application_parent_class)->shutdown (application);
}

static void
desk_application_dispose (GObject *object)
{
  DeskApplication *self = (DeskApplication *)object;

  g_clear_object (&self->sync_runner);
  g_clear_object (&self->account);
  g_clear_object (&self->outbox);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (desk_application_parent_class)->dispose (object);
}

static void
desk_application_finalize (GObject *object)
{
  DeskApplication *self = (DeskApplication *)object;

  g_clear_pointer (&self->db_path, g_free);
  g_clear_pointer (&self->hub_url, g_free);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->snapshot_path, g_free);
  g_clear_pointer (&self->startup_error, g_free);

  G_OBJECT_CLASS (desk_application_parent_class)->finalize (object);
}

static void
desk_application_class_init (DeskApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = desk_application_dispose;
  object_class->finalize = desk_application_finalize;

  app_class->handle_local_options = desk_application_handle_local_options;
  app_class->startup = desk_application_startup;
  app_class->activate = desk_application_activate;
  app_class->shutdown = desk_application_shutdown;
}

static void
desk_application_init (DeskApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Find support services for people leaving "
                                              "prison or on probation."));
}

DeskApplication *
desk_application_new (void)
{
  /* No resource base path: startup adds the style sheet and icons
   * itself (desk-resources.c says why). */
  return g_object_new (DESK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", NULL,
                       NULL);
}

DirStore *
desk_application_get_store (DeskApplication *self)
{
  g_return_val_if_fail (DESK_IS_APPLICATION (self), NULL);

  return self->store;
}

const char *
desk_application_get_hub_url (DeskApplication *self)
{
  g_return_val_if_fail (DESK_IS_APPLICATION (self), NULL);

  return self->sync_runner != NULL ? desk_sync_runner_get_hub_url (self->sync_runner) : NULL;
}

GSettings *
desk_application_get_settings (DeskApplication *self)
{
  g_return_val_if_fail (DESK_IS_APPLICATION (self), NULL);

  return self->settings;
}
