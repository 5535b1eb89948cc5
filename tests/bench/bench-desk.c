/* bench-desk.c
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

/* The desk's window benchmark, under a display (Xvfb):
 *
 *   xvfb-run -a -s '-screen 0 1280x800x24' build/tests/bench-desk \
 *       [--services N] [--rounds N] [--frames N] [--keystrokes N] [--keep DIR]
 *       [--only launch|first-frame|keystrokes|panning] [--shots DIR]
 *
 * Prints one line per figure: `bench <name> <value> <unit>`.  Targets
 * (issue #5):
 * - time to the first frame, as a person sees it: from launching the
 *   program to its first frame reaching the X server (launch_first_frame_*),
 *   for the real direction-desk on the sample directory and on 100,000
 *   services, against a minimal GTK 4 program holding only a ShumateMap
 *   (bench-map-window): at most 1.5 times that floor.  Beside them, a
 *   minimal libadwaita application holding only the map
 *   (bench-map-window-adw): what libadwaita and the session bus cost any
 *   GNOME application.  Each program runs on a session bus of its own with
 *   no services, is timed from outside by the DAMAGE extension, and is
 *   stopped after its first frame; medians of --rounds, after one untimed
 *   launch of each;
 * - the same inside this process, the window alone (DeskWindow on its own
 *   store) against a GtkWindow holding only a ShumateMap, the process and
 *   GTK already up (first_frame_*: from the store opened, or the bare
 *   window made, to the frame clock's after-paint of the first frame;
 *   window_made_*: the part of it before the window is presented;
 *   results_drawn_*: until the first results are drawn as well);
 * - median frame time while panning the map over 100,000 services: 16 ms;
 *   beside it, in the same run, the floor: a window of the same size
 *   holding only a ShumateMap with the desk's tile source
 *   (pan_frame_shumate_map: with no tiles to show it draws nothing, so its
 *   frames are nearly free) and that map with the desk's offline base
 *   layer under it, which is what the desk shows here
 *   (pan_frame_shumate_map_base);
 * - the list updated after a keystroke at 100,000 services, from the
 *   search starting to the new list model drawn: 16 ms.  Measured twice:
 *   keystroke_* with no search delay, the clock started as the text is set
 *   (so the frame drawing the typed character comes first, and the list's
 *   frame waits its turn after it); search_* with the entry's delay, as
 *   when someone types, the clock started when the search does.  A search
 *   whose first services are those the list shows already (the same
 *   objects: DirStore) changes no row and owes no frame: its *_to_frame
 *   is its *_to_model, and it is counted apart ("# ... left the list as
 *   it was"); *_to_new_rows_frame_* and the frame's layout and paint are
 *   of the other searches only, those with rows to change and draw.
 *
 * A frame's time is the main thread's work for it: the frame clock's
 * update, layout and paint phases (after-paint minus update) plus the
 * marker layer's reclustering that ran since the frame before.  Windows are
 * timed alternately, after one untimed window of each kind, medians of
 * --rounds.
 *
 * Where the desk's first frame went under Xvfb on llvmpipe (perf, with
 * the panel pages and results made after it): some 9 ms making the window
 * (window_made_*), 6 ms styling and measuring it as it is presented, 4 ms
 * for its GL context and renderer, 20-25 ms in gsk_renderer_render, most
 * of it llvmpipe compiling (LLVM JIT) the shader variants that text,
 * icons, rounded clips and borders need, again for each new GL context;
 * the rest is waiting for llvmpipe's threads to rasterise the frame.  The
 * bare ShumateMap window needs few variants (3-4 ms of JIT).
 *
 * And from launch (perf of the main thread, against the minimal libadwaita
 * program, which is itself 1.3-1.4 times the bare GTK one): about 12 ms
 * more drawing the first frame, nearly all LLVM compiling shader variants,
 * which Mesa's disk cache does not keep from one launch to the next; 10 ms
 * building the window (521 widgets, 90 of them in the first frame); 7 ms
 * loading the icon theme for the first icon, since read in a thread
 * (desk-resources.c: 6-8 ms less from launch); 3 ms measuring; 5 ms in
 * start-up.  Reading every result of the first search (37 ms of CPU at
 * 100,000 services) now waits for the first frame, as its first results
 * do: launch_first_frame_ratio_100000 1.74-1.78 -> 1.64-1.70.  Tried and
 * left, each within the runs' noise (about 5 ms): the empty-result pages
 * hidden until the first frame (74 fewer widgets styled), the offline
 * base layer loaded only once the map is shown, and no spinner on the
 * first frame. */

#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>

#include "desk-base-layer.h"
#include "desk-map-view.h"
#include "desk-marker-layer.h"
#include "desk-resources.h"
#include "desk-tile-source.h"
#include "desk-window.h"

#define BEDFORD_LAT 52.1368
#define BEDFORD_LON -0.4685

static const char *places[] = {
  "Bedford", "Luton", "Dunstable", "Kempston", "Biggleswade", "Sandy", "Leighton Buzzard",
  "Flitwick", "Ampthill", "Shefford", "Potton", "Toddington", "Cranfield", "Wixams",
};

static const char *services[] = {
  "hostel", "advice centre", "recovery group", "job club", "food bank", "mentoring scheme",
  "women's centre", "debt clinic", "family support", "tenancy help", "drop-in", "helpline",
};

static const char *pathways[] = {
  "ACC.EMERG", "ACC.SUPP", "ETE.EMP", "ETE.TRAIN", "FIN.BEN", "FIN.DEBT", "DA.RECOV",
  "HLT.MH", "FAM.PRIS", "WOM.CENTRE", "ATB.CBT", "MEN.CHAP", "YP.EIS", "RES.PLAN",
};

/* A directory of n services as one ORUK document: a third around
 * Bedfordshire, the rest over England south of the Humber. */
static GBytes *
generate_directory (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  GString *json = g_string_sized_new ((gsize) n * 700);

  g_string_append (json, "[");
  for (guint i = 0; i < n; i++)
    {
      const char *place = places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))];
      const char *what = services[g_rand_int_range (rand, 0, G_N_ELEMENTS (services))];
      const char *code = pathways[g_rand_int_range (rand, 0, G_N_ELEMENTS (pathways))];
      g_autofree char *term = dir_taxonomy_uuid_for_code (code);
      gboolean near = g_rand_int_range (rand, 0, 3) == 0;
      double latitude = near ? g_rand_double_range (rand, 51.85, 52.30)
                             : g_rand_double_range (rand, 50.7, 53.5);
      double longitude = near ? g_rand_double_range (rand, -0.68, -0.17)
                              : g_rand_double_range (rand, -3.0, 1.5);
      char lat_text[G_ASCII_DTOSTR_BUF_SIZE];
      char lon_text[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (lat_text, sizeof lat_text, "%.5f", latitude);
      g_ascii_formatd (lon_text, sizeof lon_text, "%.5f", longitude);
      g_string_append_printf (json, "%s\n{\"id\": \"%08x-5eed-4000-8000-%012x\"", i > 0 ? "," : "", i, i);
      g_string_append_printf (json, ", \"name\": \"%s %s no. %u (sample)\"", place, what, i);
      g_string_append_printf (json, ", \"status\": \"%s\"", i % 25 == 0 ? "temporarily closed" : "active");
      g_string_append_printf (json, ", \"description\": \"A %s in %s, for the benchmark.\"", what, place);
      g_string_append_printf (json, ", \"organization\": {\"id\": \"%08x-0a9a-4000-8000-000000000001\", "
                              "\"name\": \"%s Trust\"}", i % 997, place);
      g_string_append_printf (json, ", \"attributes\": [{\"id\": \"a\", \"taxonomy_term_id\": \"%s\", "
                              "\"taxonomy_term\": {\"id\": \"%s\", \"code\": \"%s\"}}]", term, term, code);
      g_string_append_printf (json, ", \"service_at_locations\": [{\"id\": \"s\", \"location\": "
                              "{\"id\": \"l\", \"location_type\": \"physical\", "
                              "\"latitude\": %s, \"longitude\": %s}}]", lat_text, lon_text);
      g_string_append (json, ", \"direction\": {\"sample\": true}}");
    }
  g_string_append (json, "\n]");

  return g_string_free_to_bytes (json);
}

static DirStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  DirStore *store = dir_store_new (path, &error);

  if (store == NULL)
    g_error ("%s: %s", path, error->message);
  return store;
}

/* A store at path with the sample directory, or n generated services;
 * made once and kept when it is there already (--keep). */
static void
make_store (const char *path,
            guint       n)
{
  g_autoptr(DirStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  guint n_imported = 0;
  gint64 start = g_get_monotonic_time ();

  if (dir_store_count_services (store) > 0)
    return;

  if (n == 0)
    {
      g_autofree char *sample = g_build_filename (SOURCE_DATA_DIR, "sample-directory.json", NULL);

      dir_store_import_file (store, sample, &n_imported, &error);
    }
  else
    {
      g_autoptr(GBytes) json = generate_directory (n);

      dir_store_import_data (store, g_bytes_get_data (json, NULL), g_bytes_get_size (json),
                             &n_imported, &error);
    }
  if (error != NULL)
    g_error ("Cannot import into %s: %s", path, error->message);

  g_printerr ("# %s: %u services imported in %.1f s\n", path, n_imported,
              (g_get_monotonic_time () - start) / 1e6);
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      remove_tree (child);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  g_array_sort (samples, compare_doubles);
  if (samples->len == 0)
    return NAN;
  return g_array_index (samples, double, MIN (samples->len - 1, (guint) floor (p * samples->len)));
}

static void
bench (const char *name,
       double      value,
       const char *unit)
{
  g_print ("bench %s %.2f %s\n", name, value, unit);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* ---- time to the first frame -------------------------------------------- */

typedef struct
{
  gint64 painted;
} FirstFrame;

static char *shots_dir;      /* --shots: PNGs of the sample desk */
static const char *shot_name; /* the next first frame's, or NULL */

/* The screen as it is now, as a PNG in shots_dir: with --shots only, and
 * after the figure is taken.  The X server's picture, not one drawn anew,
 * so it is the frame the window last drew. */
static void
save_shot (GtkWidget  *widget,
           const char *name)
{
  g_autofree char *path = g_build_filename (shots_dir, name, NULL);
  g_autofree char *command = g_strdup_printf ("import -window root -crop %dx%d+0+0 %s",
                                              gtk_widget_get_width (widget),
                                              gtk_widget_get_height (widget), path);
  g_autoptr(GError) error = NULL;
  int status;

  gdk_display_sync (gtk_widget_get_display (widget));
  if (!g_spawn_command_line_sync (command, NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", command, error->message);
  g_printerr ("# %s\n", path);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   FirstFrame    *first)
{
  if (first->painted == 0)
    first->painted = g_get_monotonic_time ();
}

static void
on_realize_cb (GtkWidget  *window,
               FirstFrame *first)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_cb), first);
}

/* Presents window (made at start) and runs until its first frame is drawn:
 * milliseconds since start. */
static double
time_first_frame (GtkWindow *window,
                  gint64     start)
{
  FirstFrame first = { 0 };
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), &first);
  gtk_window_set_default_size (window, 1000, 700);
  gtk_window_present (window);
  while (first.painted == 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("No frame in 60 s");
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (GTK_WIDGET (window)), &first);
  if (shot_name != NULL)
    save_shot (GTK_WIDGET (window), shot_name);
  shot_name = NULL;

  return (first.painted - start) / 1000.0;
}

/* made: milliseconds to make the window, before it is presented. */
static double
floor_first_frame (double *made)
{
  gint64 start = g_get_monotonic_time ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  double ms;

  gtk_window_set_child (window, GTK_WIDGET (shumate_map_new ()));
  if (made != NULL)
    *made = (g_get_monotonic_time () - start) / 1000.0;
  ms = time_first_frame (window, start);
  gtk_window_destroy (window);
  iterate_for (50);

  return ms;
}

static void
wait_idle (DeskWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (desk_window_get_busy (window))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The window stayed busy for 120 s");
      g_main_context_iteration (NULL, TRUE);
    }
  iterate ();
}

/* The desk from opening its store to its first frame; made: to the window
 * made (store opened, desk_window_new()), before it is presented; ready:
 * until the first results are drawn too; shot: a PNG of it then. */
static double
desk_first_frame (const char *path,
                  double     *made,
                  double     *ready,
                  const char *shot)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(DirStore) store = open_store (path);
  DeskWindow *window = desk_window_new (NULL, store, NULL);
  double ms;

  if (made != NULL)
    *made = (g_get_monotonic_time () - start) / 1000.0;
  ms = time_first_frame (GTK_WINDOW (window), start);

  wait_idle (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  if (ready != NULL)
    *ready = (g_get_monotonic_time () - start) / 1000.0;
  if (shot != NULL)
    save_shot (GTK_WIDGET (window), shot);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (50);

  return ms;
}

/* ---- from launch to the first frame --------------------------------------- */

/* A program's start-up as a person sees it: from spawning it to its first
 * frame reaching the X server, timed the same way for every program from
 * outside it.  The first frame is the first damage to the program's first
 * mapped top-level window after it was mapped: the X server's own fill of
 * the window's background as it maps it comes before, and is subtracted. */

typedef struct
{
  Display     *display;
  int          damage_event;
  char       **envp;
  GSubprocess *bus;
} Launcher;

static int
ignore_x_error (Display     *display,
                XErrorEvent *event)
{
  /* XDamageCreate() on an input-only or already destroyed window. */
  return 0;
}

/* The bus goes when the benchmark does, whatever stops it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
launcher_init (Launcher   *launcher,
               const char *dir)
{
  g_autofree char *config = g_build_filename (dir, "config", NULL);
  g_autofree char *settings_dir = g_build_filename (config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autoptr(GError) error = NULL;
  int damage_error;

  launcher->display = XOpenDisplay (NULL);
  if (launcher->display == NULL)
    g_error ("Cannot open the X display %s", g_getenv ("DISPLAY"));
  if (!XDamageQueryExtension (launcher->display, &launcher->damage_event, &damage_error))
    g_error ("The X server has no DAMAGE extension");
  XSelectInput (launcher->display, DefaultRootWindow (launcher->display), SubstructureNotifyMask);

  /* Settings in a file the children share: tiles from nowhere, as in
   * this process. */
  g_mkdir_with_parents (settings_dir, 0700);
  if (!g_file_set_contents (keyfile,
                            "[io/github/directionhub/Desk]\n"
                            "tile-url-template='http://127.0.0.1:9/{z}/{x}/{y}.png'\n",
                            -1, &error))
    g_error ("%s", error->message);

  /* The programs' session bus: one with no services to start. */
  {
    const char *config_arg = "--config-file=" SESSION_BUS_CONFIG_FILE;
    g_autofree char *address = NULL;
    g_autoptr(GDataInputStream) out = NULL;
    g_autoptr(GSubprocessLauncher) bus_launcher = NULL;

    bus_launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
    g_subprocess_launcher_set_child_setup (bus_launcher, die_with_parent, NULL, NULL);
    launcher->bus = g_subprocess_launcher_spawn (bus_launcher, &error, "dbus-daemon", config_arg,
                                                 "--nofork", "--print-address", NULL);
    if (launcher->bus == NULL)
      g_error ("dbus-daemon: %s", error->message);
    out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (launcher->bus));
    address = g_data_input_stream_read_line (out, NULL, NULL, &error);
    if (address == NULL)
      g_error ("dbus-daemon gave no address: %s", error != NULL ? error->message : "end of output");
    launcher->envp = g_get_environ ();
    launcher->envp = g_environ_setenv (launcher->envp, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  }
  launcher->envp = g_environ_setenv (launcher->envp, "GSETTINGS_BACKEND", "keyfile", TRUE);
  launcher->envp = g_environ_setenv (launcher->envp, "XDG_CONFIG_HOME", config, TRUE);
  launcher->envp = g_environ_setenv (launcher->envp, "XDG_DATA_HOME", data, TRUE);
  /* No accessibility bus on the private session bus. */
  launcher->envp = g_environ_setenv (launcher->envp, "GTK_A11Y", "none", TRUE);
}

static void
launcher_clear (Launcher *launcher)
{
  g_autoptr(GError) error = NULL;

  XCloseDisplay (launcher->display);
  g_strfreev (launcher->envp);
  g_subprocess_send_signal (launcher->bus, SIGTERM);
  if (!g_subprocess_wait (launcher->bus, NULL, &error))
    g_error ("dbus-daemon: %s", error->message);
  g_object_unref (launcher->bus);
}

static void
next_x_event (Launcher *launcher,
              gint64    deadline,
              XEvent   *event)
{
  while (XPending (launcher->display) == 0)
    {
      struct pollfd fd = { ConnectionNumber (launcher->display), POLLIN, 0 };
      gint64 left = deadline - g_get_monotonic_time ();

      if (left <= 0)
        g_error ("No first frame in 60 s");
      if (poll (&fd, 1, (int) MAX (1, left / 1000)) < 0 && errno != EINTR)
        g_error ("poll: %s", g_strerror (errno));
    }
  XNextEvent (launcher->display, event);
}

/* Milliseconds from spawning argv to its first frame; the program is then
 * stopped. */
static double
launch_first_frame (Launcher          *launcher,
                    const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) windows = g_array_new (FALSE, FALSE, sizeof (Window));
  g_autoptr(GArray) damages = g_array_new (FALSE, FALSE, sizeof (Damage));
  int (*old_handler) (Display *, XErrorEvent *);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  unsigned long armed = 0;
  Window target = None;
  gint64 start;
  gint64 drawn = 0;
  GPid pid;
  int status;

  old_handler = XSetErrorHandler (ignore_x_error);
  XSync (launcher->display, True);  /* nothing of the program before */

  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv, launcher->envp,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    g_error ("%s: %s", argv[0], error->message);

  while (drawn == 0)
    {
      XEvent event;

      next_x_event (launcher, deadline, &event);
      if (event.type == CreateNotify && target == None)
        {
          Damage damage = XDamageCreate (launcher->display, event.xcreatewindow.window,
                                         XDamageReportNonEmpty);

          g_array_append_val (windows, event.xcreatewindow.window);
          g_array_append_val (damages, damage);
        }
      else if (event.type == MapNotify && target == None)
        {
          for (guint i = 0; i < windows->len; i++)
            if (g_array_index (windows, Window, i) == event.xmap.window)
              {
                /* Whatever was drawn so far is the server's, not a frame. */
                target = event.xmap.window;
                armed = NextRequest (launcher->display);
                XDamageSubtract (launcher->display, g_array_index (damages, Damage, i), None, None);
                XSync (launcher->display, False);
              }
        }
      else if (event.type == launcher->damage_event + XDamageNotify)
        {
          XDamageNotifyEvent *damage = (XDamageNotifyEvent *) &event;

          if (target != None && damage->drawable == target && event.xany.serial >= armed)
            drawn = g_get_monotonic_time ();
        }
    }

  kill (pid, SIGTERM);
  if (waitpid (pid, &status, 0) < 0)
    g_error ("waitpid: %s", g_strerror (errno));
  g_spawn_close_pid (pid);
  /* The windows are gone, and their damage objects with them. */
  XSync (launcher->display, True);
  XSetErrorHandler (old_handler);

  return (drawn - start) / 1000.0;
}

static void
bench_launches (const char *dir,
                const char *sample_db,
                const char *big_db,
                int         n_services,
                int         rounds)
{
  const char *const floor_argv[] = { MAP_WINDOW_PROGRAM, NULL };
  const char *const adw_argv[] = { MAP_WINDOW_ADW_PROGRAM, NULL };
  const char *const sample_argv[] = { DESK_PROGRAM, "--db", sample_db, NULL };
  const char *const big_argv[] = { DESK_PROGRAM, "--db", big_db, NULL };
  g_autoptr(GArray) floor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) adw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sample_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) big_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *big_name = g_strdup_printf ("launch_first_frame_%d", n_services);
  g_autofree char *big_ratio = g_strdup_printf ("launch_first_frame_ratio_%d", n_services);
  Launcher launcher;
  double floor_p50;

  launcher_init (&launcher, dir);

  /* One of each, untimed: page cache and the shader cache warm. */
  launch_first_frame (&launcher, floor_argv);
  launch_first_frame (&launcher, adw_argv);
  launch_first_frame (&launcher, sample_argv);
  launch_first_frame (&launcher, big_argv);

  for (int r = 0; r < rounds; r++)
    {
      double ms;

      ms = launch_first_frame (&launcher, floor_argv);
      g_array_append_val (floor_ms, ms);
      ms = launch_first_frame (&launcher, adw_argv);
      g_array_append_val (adw_ms, ms);
      ms = launch_first_frame (&launcher, sample_argv);
      g_array_append_val (sample_ms, ms);
      ms = launch_first_frame (&launcher, big_argv);
      g_array_append_val (big_ms, ms);
    }
  launcher_clear (&launcher);

  floor_p50 = percentile (floor_ms, 0.5);
  bench ("launch_first_frame_shumate_map", floor_p50, "ms");
  bench ("launch_first_frame_adw_shumate_map", percentile (adw_ms, 0.5), "ms");
  bench ("launch_first_frame_ratio_adw_shumate_map", percentile (adw_ms, 0.5) / floor_p50, "x");
  bench ("launch_first_frame_sample", percentile (sample_ms, 0.5), "ms");
  bench ("launch_first_frame_ratio_sample", percentile (sample_ms, 0.5) / floor_p50, "x");
  bench (big_name, percentile (big_ms, 0.5), "ms");
  bench (big_ratio, percentile (big_ms, 0.5) / floor_p50, "x");
}

/* ---- frames ------------------------------------------------------------- */

typedef struct
{
  ShumateViewport *viewport;
  GArray      *frame_ms;
  GArray      *paint_ms;          /* the paint phase: snapshot and render */
  GArray      *interval_ms;
  guint        frames_left;
  double       step_px;
  gint64       update_time;
  gint64       paint_time;
  gint64       last_update_time;
  gint64       marker_us;        /* reclustering since the last frame */
  gint64       last_marker_stamp;
} Panning;

static void
on_pan_update_cb (GdkFrameClock *clock,
                  Panning       *pan)
{
  ShumateViewport *viewport = pan->viewport;
  double zoom = shumate_viewport_get_zoom_level (viewport);
  double world = 256.0 * exp2 (zoom);
  double longitude = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  double latitude = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));

  pan->update_time = g_get_monotonic_time ();
  if (pan->last_update_time != 0)
    {
      double interval = (pan->update_time - pan->last_update_time) / 1000.0;

      g_array_append_val (pan->interval_ms, interval);
    }
  pan->last_update_time = pan->update_time;

  /* Across and back, as a hand dragging the map would. */
  if (pan->frames_left % 120 == 0)
    pan->step_px = -pan->step_px;
  shumate_location_set_location (SHUMATE_LOCATION (viewport), latitude,
                                 longitude + pan->step_px * 360.0 / world);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
}

static void
on_pan_paint_cb (GdkFrameClock *clock,
                 Panning       *pan)
{
  pan->paint_time = g_get_monotonic_time ();
}

static void
on_pan_after_paint_cb (GdkFrameClock *clock,
                       Panning       *pan)
{
  gint64 now = g_get_monotonic_time ();
  double ms;

  if (pan->update_time == 0 || pan->frames_left == 0)
    return;

  ms = (now - pan->update_time) / 1000.0 + pan->marker_us / 1000.0;
  g_array_append_val (pan->frame_ms, ms);
  ms = (now - pan->paint_time) / 1000.0;
  g_array_append_val (pan->paint_ms, ms);
  pan->marker_us = 0;
  pan->frames_left--;
}

static void
on_markers_changed_cb (DeskMarkerLayer *layer,
                       Panning         *pan)
{
  pan->marker_us += desk_marker_layer_get_last_update_time (layer);
}

/* Pans the map of viewport in window: n_frames frames of the frame
 * clock, each moving it 6 px, across and back.  layer: the marker layer,
 * whose reclustering counts in each frame, or NULL. */
static void
pan_frames (GtkWidget       *window,
            ShumateViewport *viewport,
            DeskMarkerLayer *layer,
            guint            n_frames,
            GArray          *frame_ms,
            GArray          *paint_ms,
            GArray          *interval_ms)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  Panning pan = { viewport, frame_ms, paint_ms, interval_ms, n_frames, 6.0, 0, 0, 0, 0, 0 };
  gulong update_id, paint_id, markers_id = 0, phase_id;

  update_id = g_signal_connect (clock, "update", G_CALLBACK (on_pan_update_cb), &pan);
  /* After GTK's own layout handler: where drawing starts. */
  phase_id = g_signal_connect_after (clock, "layout", G_CALLBACK (on_pan_paint_cb), &pan);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_pan_after_paint_cb), &pan);
  if (layer != NULL)
    markers_id = g_signal_connect (layer, "markers-changed", G_CALLBACK (on_markers_changed_cb), &pan);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
  while (pan.frames_left > 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, update_id);
  g_signal_handler_disconnect (clock, phase_id);
  g_signal_handler_disconnect (clock, paint_id);
  if (layer != NULL)
    g_signal_handler_disconnect (layer, markers_id);
}

/* The floor: a window of the desk's size holding only a ShumateMap with
 * the desk's tile source (the same template: no tiles come, as in the
 * desk's run), panned the same way; with_base: and our offline base layer
 * under it, as the desk draws it. */
static void
floor_panning (guint     n_frames,
               gboolean  with_base,
               GArray   *frame_ms)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  ShumateMap *map = shumate_map_new ();
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  g_autoptr(DeskTileSource) source = desk_tile_source_new ("http://127.0.0.1:9/{z}/{x}/{y}.png");
  g_autoptr(ShumateMapSource) map_source = desk_tile_source_create_map_source (source);
  g_autoptr(GArray) paint_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) interval_ms = g_array_new (FALSE, FALSE, sizeof (double));

  shumate_viewport_set_reference_map_source (viewport, map_source);
  if (with_base)
    shumate_map_add_layer (map, SHUMATE_LAYER (desk_base_layer_new (viewport)));
  shumate_map_add_layer (map, SHUMATE_LAYER (shumate_map_layer_new (map_source, viewport)));
  gtk_window_set_child (window, GTK_WIDGET (map));
  gtk_window_set_default_size (window, 1000, 700);
  shumate_viewport_set_zoom_level (viewport, 11);
  shumate_map_center_on (map, BEDFORD_LAT, BEDFORD_LON);
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  iterate_for (1500);

  pan_frames (GTK_WIDGET (window), viewport, NULL, n_frames, frame_ms, paint_ms, interval_ms);

  gtk_window_destroy (window);
  iterate_for (50);
}

/* The window as drawn, to a PNG: to look at what the frames draw. */
static void
save_window (GtkWidget  *window,
             const char *dir,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  gtk_widget_queue_draw (window);
  gtk_test_widget_wait_for_draw (window);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
  g_printerr ("# %s\n", path);
}

static void
bench_panning (DeskWindow *window,
               guint       n_frames,
               guint       rounds,
               const char *screenshots)
{
  DeskMapView *map_view = DESK_MAP_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                        DESK_TYPE_WINDOW,
                                                                        "map_view"));
  DeskMarkerLayer *layer = desk_map_view_get_marker_layer (map_view);
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) paint_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) interval_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) base_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) desk_p50 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) desk_p95 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) desk_paint = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) desk_interval = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_p50 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) base_p50 = g_array_new (FALSE, FALSE, sizeof (double));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-map", NULL);
  desk_map_view_center_on (map_view, BEDFORD_LAT, BEDFORD_LON, 11);
  iterate_for (1500);
  desk_marker_layer_update (layer);
  g_printerr ("# panning over %u services, %u markers on the map\n",
              desk_marker_layer_get_points (layer)->len,
              desk_marker_layer_get_n_live_markers (layer));

  /* The desk and the bare maps alternately, a median of each round. */
  for (guint r = 0; r < MAX (rounds, 1); r++)
    {
      double ms;

      g_array_set_size (frame_ms, 0);
      g_array_set_size (paint_ms, 0);
      g_array_set_size (interval_ms, 0);
      pan_frames (GTK_WIDGET (window), desk_map_view_get_viewport (map_view), layer,
                  n_frames, frame_ms, paint_ms, interval_ms);
      ms = percentile (frame_ms, 0.50);
      g_array_append_val (desk_p50, ms);
      ms = percentile (frame_ms, 0.95);
      g_array_append_val (desk_p95, ms);
      ms = percentile (paint_ms, 0.50);
      g_array_append_val (desk_paint, ms);
      ms = percentile (interval_ms, 0.50);
      g_array_append_val (desk_interval, ms);

      g_array_set_size (floor_ms, 0);
      floor_panning (n_frames, FALSE, floor_ms);
      ms = percentile (floor_ms, 0.50);
      g_array_append_val (floor_p50, ms);

      g_array_set_size (base_ms, 0);
      floor_panning (n_frames, TRUE, base_ms);
      ms = percentile (base_ms, 0.50);
      g_array_append_val (base_p50, ms);
    }

  /* After the timing: a change of style slows the frames after it. */
  if (screenshots != NULL)
    {
      AdwStyleManager *style = adw_style_manager_get_default ();

      g_mkdir_with_parents (screenshots, 0755);
      save_window (GTK_WIDGET (window), screenshots, "pan-light.png");
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      iterate_for (300);
      save_window (GTK_WIDGET (window), screenshots, "pan-dark.png");
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
      iterate_for (300);
    }

  bench ("pan_frame_p50", percentile (desk_p50, 0.50), "ms");
  bench ("pan_frame_p95", percentile (desk_p95, 0.50), "ms");
  /* Of which drawing: snapshot and render (software GL under Xvfb). */
  bench ("pan_frame_paint_p50", percentile (desk_paint, 0.50), "ms");
  bench ("pan_frame_interval_p50", percentile (desk_interval, 0.50), "ms");
  /* What the machine itself costs: a window of the same size holding only
   * a ShumateMap (the same tile source), and that with our base layer. */
  bench ("pan_frame_shumate_map_p50", percentile (floor_p50, 0.50), "ms");
  bench ("pan_frame_shumate_map_base_p50", percentile (base_p50, 0.50), "ms");
}

/* ---- a keystroke -------------------------------------------------------- */

typedef struct
{
  GtkWidget *entry;
  gint64 searched;  /* the entry's search-changed emitted */
  gint64 changed;
  gint64 frame;     /* the frame after the change starts */
  gint64 paint;
  gint64 painted;
} Keystroke;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Keystroke  *key)
{
  if (key->changed == 0)
    key->changed = g_get_monotonic_time ();
}

/* Before any handler: when the window's starts the search. */
static gboolean
on_search_changed_hook (GSignalInvocationHint *hint,
                        guint                  n_params,
                        const GValue          *params,
                        gpointer               user_data)
{
  Keystroke **key = user_data;

  /* The search entry's, not another one's, and not the empty text that
   * gtk_editable_set_text() passes through on its way. */
  if (*key != NULL && (*key)->changed == 0 &&
      g_value_get_object (&params[0]) == (gpointer) (*key)->entry &&
      gtk_editable_get_text (GTK_EDITABLE ((*key)->entry))[0] != '\0')
    (*key)->searched = g_get_monotonic_time ();

  return TRUE;
}

static void
on_key_before_paint_cb (GdkFrameClock *clock,
                        Keystroke     *key)
{
  if (key->changed != 0 && key->frame == 0)
    key->frame = g_get_monotonic_time ();
}

static void
on_key_paint_cb (GdkFrameClock *clock,
                 Keystroke     *key)
{
  if (key->changed != 0 && key->paint == 0)
    key->paint = g_get_monotonic_time ();
}

static void
on_key_after_paint_cb (GdkFrameClock *clock,
                       Keystroke     *key)
{
  if (key->changed != 0 && key->painted == 0)
    key->painted = g_get_monotonic_time ();
}

/* delay_ms: the entry's search delay.  0: the clock starts as the text is
 * set, so it also holds the frame drawing the typed character (prefix
 * "keystroke").  Otherwise the entry draws the text while it waits, as it
 * does when someone types, and the clock starts when the search does:
 * search-changed (prefix "search"). */
static void
bench_keystrokes (DeskWindow *window,
                  guint       n_keystrokes,
                  guint       delay_ms)
{
  static const char *typed[] = { "bedford hostel", "luton food", "mentoring", "debt clinic",
                                 "kempston", "women", "drop", "sandy job" };
  GtkWidget *entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                DESK_TYPE_WINDOW,
                                                                "search_entry"));
  GListModel *selection = G_LIST_MODEL (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                       DESK_TYPE_WINDOW,
                                                                       "selection"));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_autoptr(GArray) to_model = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) to_new_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) paint = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) layout = g_array_new (FALSE, FALSE, sizeof (double));
  guint done = 0;
  guint n_unchanged = 0;
  const char *prefix = delay_ms == 0 ? "keystroke" : "search";
  Keystroke *current = NULL;
  guint hook_signal = g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY);
  gulong hook_id = g_signal_add_emission_hook (hook_signal, 0, on_search_changed_hook,
                                               &current, NULL);
  char name[64];

  /* The list beside the map: what staff see while typing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-map", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  /* The entry waits for typing to pause (150 ms) before it searches: that
   * wait is not work, so it is taken out; the clock starts with the search. */
  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), delay_ms);

  for (guint w = 0; done < n_keystrokes; w++)
    {
      const char *word = typed[w % G_N_ELEMENTS (typed)];

      for (guint len = 1; word[len - 1] != '\0' && done < n_keystrokes; len++)
        {
          g_autofree char *text = g_strndup (word, len);
          Keystroke key = { entry, 0 };
          gulong changed_id, paint_id, phase_id, before_id;
          const char *shown;
          GListModel *results;
          gboolean unchanged = FALSE;
          gint64 start;
          double ms;

          if (text[len - 1] == ' ')
            continue;

          changed_id = g_signal_connect (selection, "items-changed",
                                         G_CALLBACK (on_items_changed_cb), &key);
          paint_id = g_signal_connect (clock, "after-paint",
                                       G_CALLBACK (on_key_after_paint_cb), &key);
          phase_id = g_signal_connect_after (clock, "layout", G_CALLBACK (on_key_paint_cb), &key);
          before_id = g_signal_connect (clock, "before-paint", G_CALLBACK (on_key_before_paint_cb), &key);
          current = &key;
          shown = gtk_editable_get_text (GTK_EDITABLE (entry));
          start = g_get_monotonic_time ();
          /* Typed: what is added at the end (gtk_editable_set_text() would
           * empty the entry on the way, a search of its own). */
          if (g_str_has_prefix (text, shown))
            {
              int position = -1;

              gtk_editable_insert_text (GTK_EDITABLE (entry), text + strlen (shown), -1, &position);
            }
          else
            gtk_editable_set_text (GTK_EDITABLE (entry), text);
          results = desk_window_get_results (window);
          while (key.painted == 0)
            {
              if (g_get_monotonic_time () - start > 30 * G_USEC_PER_SEC)
                g_error ("No new results for “%s” in 30 s", text);
              g_main_context_iteration (NULL, TRUE);
              /* New results that change nothing the list shows (the same
               * services first): no rows change, no frame is owed. */
              if (key.changed == 0 && desk_window_get_results (window) != results)
                {
                  key.changed = key.paint = key.frame = key.painted = g_get_monotonic_time ();
                  unchanged = TRUE;
                }
            }
          g_signal_handler_disconnect (selection, changed_id);
          g_signal_handler_disconnect (clock, paint_id);
          g_signal_handler_disconnect (clock, phase_id);
          g_signal_handler_disconnect (clock, before_id);
          current = NULL;
          if (delay_ms > 0)
            start = key.searched;

          ms = (key.changed - start) / 1000.0;
          g_array_append_val (to_model, ms);
          ms = (key.painted - start) / 1000.0;
          g_array_append_val (to_frame, ms);
          if (unchanged)
            {
              n_unchanged++;
            }
          else
            {
              g_array_append_val (to_new_frame, ms);
              ms = (key.painted - key.paint) / 1000.0;
              g_array_append_val (paint, ms);
              ms = (key.paint - key.frame) / 1000.0;
              g_array_append_val (layout, ms);
            }
          done++;

          /* The next key when this one is finished with, map pins included. */
          wait_idle (window);
        }
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      wait_idle (window);
    }

  g_signal_remove_emission_hook (hook_signal, hook_id);

#define BENCH_KEY(suffix, value) \
  (g_snprintf (name, sizeof name, "%s_%s", prefix, suffix), bench (name, (value), "ms"))
  BENCH_KEY ("to_model_p50", percentile (to_model, 0.50));
  BENCH_KEY ("to_model_p95", percentile (to_model, 0.95));
  BENCH_KEY ("to_frame_p50", percentile (to_frame, 0.50));
  BENCH_KEY ("to_frame_p95", percentile (to_frame, 0.95));
  /* Only the searches whose first services changed, so the list had rows
   * to change and a frame to draw. */
  BENCH_KEY ("to_new_rows_frame_p50", percentile (to_new_frame, 0.50));
  BENCH_KEY ("to_new_rows_frame_p95", percentile (to_new_frame, 0.95));
  /* Of the frame that shows new rows: its update and layout phases (rows
   * bound and measured), then drawing. */
  BENCH_KEY ("frame_layout_p50", percentile (layout, 0.50));
  BENCH_KEY ("frame_paint_p50", percentile (paint, 0.50));
#undef BENCH_KEY
  g_print ("# %s: %u of %u searches left the list as it was (the same first services)\n",
           prefix, n_unchanged, done);
}

int
main (int   argc,
      char *argv[])
{
  int n_services = 100000;
  int rounds = 5;
  int n_frames = 240;
  int n_keystrokes = 40;
  g_autofree char *keep = NULL;
  g_autofree char *only = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *sample_db = NULL;
  g_autofree char *big_db = NULL;
  g_autofree char *big_name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GArray) floor_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sample_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) big_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sample_ready = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) big_ready = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_made = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sample_made = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) big_made = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(DirStore) store = NULL;
  g_autoptr(GSettings) settings = NULL;
  const GOptionEntry entries[] = {
    { "services", 0, 0, G_OPTION_ARG_INT, &n_services, "Services in the large directory", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Windows of each kind timed", "N" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &n_frames, "Frames of panning", "N" },
    { "keystrokes", 0, 0, G_OPTION_ARG_INT, &n_keystrokes, "Keystrokes timed", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep the databases in DIR for the next run", "DIR" },
    { "shots", 0, 0, G_OPTION_ARG_FILENAME, &shots_dir, "Save the sample desk's first frame and ready window, and the map before panning (light and dark), as PNGs in DIR (not for timing)", "DIR" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only launch, first-frame, keystrokes or panning (profiling)", "PART" },
    { NULL }
  };
  DeskWindow *window;
  double floor_p50;
  double ready;
  int pan_rounds;

  context = g_option_context_new ("— time the desk's window");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  /* What users run is a default build: a development build's header
   * bars draw libadwaita's stripes, some 5 ms more to the first frame
   * (launch_first_frame_sample 190-196 ms against 184-192 ms, alternate
   * runs of 7 rounds). */
  g_print ("# build profile: %s%s\n", PROFILE,
           g_str_equal (PROFILE, "development")
             ? " (header bars striped: quote figures from a default build)" : "");

  /* Settings and caches of its own; no hub, and tiles from nowhere. */
  dir = keep != NULL ? g_strdup (keep) : g_dir_make_tmp ("bench-desk-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  g_mkdir_with_parents (dir, 0700);
  if (shots_dir != NULL && g_mkdir_with_parents (shots_dir, 0755) != 0)
    g_error ("Cannot make %s: %s", shots_dir, g_strerror (errno));
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", BUILD_SCHEMA_DIR, FALSE);
  g_setenv ("DIRECTION_DATA_DIR", SOURCE_DATA_DIR, FALSE);
  g_unsetenv ("DIRECTION_HUB_URL");
  {
    g_autofree char *cache = g_build_filename (dir, "cache", NULL);

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }

  gtk_init ();
  adw_init ();

  /* As the application has them: our style sheet and icons. */
  desk_resources_install (gdk_display_get_default ());
  settings = g_settings_new ("io.github.directionhub.Desk");
  g_settings_set_string (settings, "tile-url-template", "http://127.0.0.1:9/{z}/{x}/{y}.png");

  sample_db = g_build_filename (dir, "sample.db", NULL);
  big_name = g_strdup_printf ("services-%d.db", n_services);
  big_db = g_build_filename (dir, big_name, NULL);
  make_store (sample_db, 0);
  make_store (big_db, n_services);

  /* The panning's rounds, whatever --only does to the first frames'. */
  pan_rounds = rounds;

  /* The programs from launch. */
  if (only == NULL || g_str_equal (only, "launch"))
    bench_launches (dir, sample_db, big_db, n_services, rounds);
  if (only != NULL && g_str_equal (only, "launch"))
    goto out;

  /* One of each, untimed: fonts, GL, style sheets and page cache warm. */
  floor_first_frame (NULL);
  desk_first_frame (sample_db, NULL, NULL, NULL);
  desk_first_frame (big_db, NULL, NULL, NULL);

  for (int r = 0; only != NULL && !g_str_equal (only, "first-frame") && r < 1; r++)
    rounds = 0;

  for (int r = 0; r < rounds; r++)
    {
      double made;
      double ms = floor_first_frame (&made);

      g_array_append_val (floor_ms, ms);
      g_array_append_val (floor_made, made);
      if (shots_dir != NULL && r == 0)
        shot_name = "desk-first-frame.png";
      ms = desk_first_frame (sample_db, &made, &ready,
                             shots_dir != NULL && r == 0 ? "desk-ready.png" : NULL);
      g_array_append_val (sample_ms, ms);
      g_array_append_val (sample_made, made);
      g_array_append_val (sample_ready, ready);
      ms = desk_first_frame (big_db, &made, &ready, NULL);
      g_array_append_val (big_ms, ms);
      g_array_append_val (big_made, made);
      g_array_append_val (big_ready, ready);
    }

  if (rounds > 0)
  {
  floor_p50 = percentile (floor_ms, 0.5);
  bench ("first_frame_shumate_map", floor_p50, "ms");
  bench ("window_made_shumate_map", percentile (floor_made, 0.5), "ms");
  bench ("first_frame_sample", percentile (sample_ms, 0.5), "ms");
  bench ("first_frame_ratio_sample", percentile (sample_ms, 0.5) / floor_p50, "x");
  bench ("window_made_sample", percentile (sample_made, 0.5), "ms");
  bench ("results_drawn_sample", percentile (sample_ready, 0.5), "ms");
  {
    g_autofree char *name = g_strdup_printf ("first_frame_%d", n_services);
    g_autofree char *ratio = g_strdup_printf ("first_frame_ratio_%d", n_services);
    g_autofree char *drawn = g_strdup_printf ("results_drawn_%d", n_services);
    g_autofree char *made = g_strdup_printf ("window_made_%d", n_services);

    bench (name, percentile (big_ms, 0.5), "ms");
    bench (ratio, percentile (big_ms, 0.5) / floor_p50, "x");
    bench (made, percentile (big_made, 0.5), "ms");
    bench (drawn, percentile (big_ready, 0.5), "ms");
  }
  }

  /* The large directory in a window that stays. */
  store = open_store (big_db);
  window = desk_window_new (NULL, store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  if (only == NULL || g_str_equal (only, "keystrokes"))
    {
      bench_keystrokes (window, n_keystrokes, 0);
      bench_keystrokes (window, n_keystrokes, 50);
    }
  if (only == NULL || g_str_equal (only, "panning"))
    bench_panning (window, n_frames, pan_rounds, shots_dir);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (100);

out:
  if (keep == NULL)
    {
      const char *files[] = { sample_db, big_db };
      const char *subdirs[] = { "cache", "config", "data" };

      for (guint i = 0; i < G_N_ELEMENTS (files); i++)
        {
          g_autofree char *wal = g_strconcat (files[i], "-wal", NULL);
          g_autofree char *shm = g_strconcat (files[i], "-shm", NULL);

          g_unlink (files[i]);
          g_unlink (wal);
          g_unlink (shm);
        }
      /* The tile cache and Mesa's shader cache, and what the launched
       * programs kept. */
      for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
        {
          g_autofree char *path = g_build_filename (dir, subdirs[i], NULL);
          g_autoptr(GFile) file = g_file_new_for_path (path);

          remove_tree (file);
        }
      g_rmdir (dir);
    }

  return 0;
}
