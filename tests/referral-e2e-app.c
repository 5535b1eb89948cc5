/* referral-e2e-app.c
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

/* The referral form and the Referrals page in a window of their own, for
 * tests/referral-e2e.py (driven through AT-SPI against a real hub) and
 * for screenshots.  Not installed.
 *
 *   referral-e2e-app [--hub-url URL] [--outbox PATH] [--directory JSON]
 *                    [--service ID]... [--blank] [--key-file]
 *                    [--snapshot DIR]
 *
 * With DESK_E2E_USERNAME and DESK_E2E_PASSWORD set it signs in first
 * (DirAccount: the token goes to the keyring).  It prints one line per
 * event on stdout, for the script: "READY", "QUEUED n", "SYNCED sent=…",
 * "SYNC-ERROR …".  --snapshot DIR writes PNGs of every step and exits. */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "dir-referral.h"
#include "desk-account-group.h"
#include "desk-referral-form.h"
#include "desk-referrals-page.h"
#include "desk-resources.h"

static char *hub_url;
static char *outbox_path;
static char *directory_path;
static char **service_ids;
static char *snapshot_dir;
static gboolean blank;
static gboolean key_file;

static DirStore *store;
static DirOutbox *outbox;
static DirAccount *account;
static GtkWindow *main_window;
static DeskReferralsPage *page;

static const GOptionEntry options[] = {
  { "hub-url", 0, 0, G_OPTION_ARG_STRING, &hub_url, "Hub address", "URL" },
  { "outbox", 0, 0, G_OPTION_ARG_FILENAME, &outbox_path, "Outbox database", "PATH" },
  { "directory", 0, 0, G_OPTION_ARG_FILENAME, &directory_path, "Directory to import", "JSON" },
  { "service", 0, 0, G_OPTION_ARG_STRING_ARRAY, &service_ids, "Refer to this service", "ID" },
  { "blank", 0, 0, G_OPTION_ARG_NONE, &blank, "Open a blank form", NULL },
  { "key-file", 0, 0, G_OPTION_ARG_NONE, &key_file, "Allow a key file without a keyring", NULL },
  { "snapshot", 0, 0, G_OPTION_ARG_FILENAME, &snapshot_dir, "Write screenshots there", "DIR" },
  { NULL }
};

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static void
wait_for (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

static void
settle (void)
{
  /* Rows fade their separators and hover in over 200 ms. */
  for (guint i = 0; i < 60; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

/* ---- screenshots --------------------------------------------------------- */

static void
snapshot (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snap = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (snapshot_dir, name, NULL);
  int width, height;

  gtk_test_widget_wait_for_draw (widget);
  settle ();

  /* What the X server shows (with no window manager the window is at 0,0),
   * rather than the widget drawn again. */
  if (g_getenv ("DESK_E2E_XSHOT") != NULL)
    {
      g_autofree char *geometry = g_strdup_printf ("%dx%d+0+0", gtk_widget_get_width (widget),
                                                   gtk_widget_get_height (widget));
      const char *argv[] = { "import", "-window", "root", "-crop", geometry, path, NULL };

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                    NULL, NULL);
      say ("SNAPSHOT %s", path);
      return;
    }

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snap = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snap), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snap));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_save_to_png (texture, path);
  say ("SNAPSHOT %s", path);
}

static void
show_page (DeskReferralForm *form,
           const char       *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (form),
                                                                       DESK_TYPE_REFERRAL_FORM,
                                                                       "view_stack"));

  adw_view_stack_set_visible_child_name (stack, name);
}

/* A draft as a person would leave it: some right, some wrong. */
static const char *sample_draft =
  "{\"id\":\"@ID@\",\"kind\":\"referral\",\"service_id\":\"@SERVICE@\","
  "\"person\":{\"given_name\":\"Jo\",\"family_name\":\"Sample\",\"date_of_birth\":\"31/02/1990\","
  "\"contact\":{\"phone\":\"01632 96012\",\"email\":\"jo.sample@example.org\","
  "\"postcode\":\"MK40 1PG\"},\"preferred_language\":\"pl\",\"interpreter_needed\":true,"
  "\"crn\":\"X12345\"},"
  "\"release\":{\"date\":\"12/12/2026\",\"postcode\":\"MK42 9AA\"},"
  "\"needs\":[\"ACC.EMERG\",\"FIN.BEN\"],\"notes\":\"Needs a bed on release night.\","
  "\"risk\":{\"rosh\":\"medium\",\"mappa_level\":1,\"do_not_see_alone\":true,"
  "\"risk_to_self\":false,\"notes\":\"Check with the offender manager first.\"},"
  "\"consent\":{\"given_by\":\"person\",\"method\":\"written\",\"share_with\":[\"service\"]},"
  "\"callback_requested\":false}";

static const char *sample_valid =
  "{\"id\":\"@ID@\",\"kind\":\"referral\",\"service_id\":\"@SERVICE@\","
  "\"person\":{\"given_name\":\"Jo\",\"family_name\":\"Sample\",\"date_of_birth\":\"1990-12-31\","
  "\"contact\":{\"phone\":\"01632 960123\",\"email\":\"jo.sample@example.org\","
  "\"postcode\":\"MK40 1PG\"},\"preferred_language\":\"pl\",\"interpreter_needed\":true,"
  "\"crn\":\"X123456\"},"
  "\"release\":{\"date\":\"12/12/2026\",\"postcode\":\"MK42 9AA\"},"
  "\"needs\":[\"ACC.EMERG\",\"FIN.BEN\"],\"notes\":\"Needs a bed on release night.\","
  "\"risk\":{\"rosh\":\"medium\",\"mappa_level\":1,\"do_not_see_alone\":true,"
  "\"risk_to_self\":false,\"notes\":\"Check with the offender manager first.\"},"
  "\"consent\":{\"given_by\":\"person\",\"given_at\":\"01/03/2026 10:15\",\"method\":\"written\","
  "\"share_with\":[\"service\",\"direction\"]},"
  "\"callback_requested\":true}";

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

static DeskReferralForm *
form_for_draft (const char *template,
                int         width,
                int         height)
{
  g_autofree char *id = g_uuid_string_random ();
  const char *service = service_ids != NULL && service_ids[0] != NULL
                          ? service_ids[0] : "6f1c2d3e-4a5b-4c6d-8e7f-000000000001";
  g_autofree char *with_id = replace (template, "@ID@", id);
  g_autofree char *body = replace (with_id, "@SERVICE@", service);
  g_autoptr(GError) error = NULL;
  DeskReferralForm *form = desk_referral_form_new (outbox, account, store);

  if (!dir_outbox_save_draft (outbox, id, "referral", service, "Night Shelter Sample",
                              "J. S. — Accommodation, Night Shelter Sample", body, &error) ||
      !desk_referral_form_load (form, id, &error))
    g_error ("Sample draft: %s", error->message);

  gtk_window_set_default_size (GTK_WINDOW (form), width, height);
  gtk_window_present (GTK_WINDOW (form));
  return form;
}

static void
sync_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!dir_outbox_sync_finish (outbox, result, NULL, &error))
    say ("SYNC-ERROR %s", error->message);
  *done = TRUE;
}

static void
sync_now (void)
{
  gboolean done = FALSE;

  dir_outbox_sync_async (outbox, account, NULL, sync_cb, &done);
  wait_for (&done);
}

/* For pictures of a full page: one the hub takes, one it refuses, sent
 * once; run again (after changing their status at the hub) to pull. */
static void
seed_referrals (void)
{
  const char *bodies[] = { sample_valid, sample_draft };
  const char *labels[] = { "J. S. — Accommodation, Night Shelter Sample",
                           "A. E. — Accommodation, Night Shelter Sample" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(DirReferral) referral = NULL;
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *with_id = replace (bodies[i], "@ID@", id);
      g_autofree char *body = replace (with_id, "@SERVICE@", "6f1c2d3e-4a5b-4c6d-8e7f-000000000001");
      g_autofree char *send = NULL;
      g_autoptr(GError) error = NULL;

      referral = dir_referral_new_from_body (body, &error);
      g_assert_no_error (error);
      /* The second is sent as the hub would refuse it. */
      if (i == 1)
        {
          g_free (referral->date_of_birth);
          referral->date_of_birth = g_strdup ("01/01/1990");
          g_free (referral->crn);
          referral->crn = NULL;
          g_free (referral->consent_given_at);
          referral->consent_given_at = g_strdup ("01/03/2026 10:15");
          g_free (referral->service_id);
          referral->service_id = g_strdup ("6f1c2d3e-4a5b-4c6d-8e7f-0000000000ff");
        }
      send = dir_referral_to_body (referral, dir_account_get_role (account),
                                   DIR_REFERRAL_BODY_SEND, &error);
      g_assert_no_error (error);
      if (!dir_outbox_save_draft (outbox, id, "referral", referral->service_id,
                                  "Night Shelter Sample", labels[i], send, &error) ||
          !dir_outbox_queue (outbox, id, &error))
        g_error ("Seed: %s", error->message);
      say ("SEEDED %s", id);
    }
}

static void
take_snapshots (void)
{
  const char *role = dir_role_to_string (dir_account_get_role (account));
  const char *pages[] = { "person", "needs", "risk", "consent", "review" };
  DeskReferralForm *form;
  g_autofree char *prefix = g_strdup (role != NULL ? role : "signed-out");

  g_mkdir_with_parents (snapshot_dir, 0700);

  if (dir_account_get_signed_in (account))
    {
      if (dir_outbox_count (outbox, DIR_OUTBOX_SENT) == 0 && g_getenv ("DESK_E2E_SEED") != NULL)
        seed_referrals ();
      sync_now ();
    }

  /* The referrals page, empty */
  if (g_list_model_get_n_items (dir_outbox_get_items (outbox)) == 0)
    {
      gtk_window_set_default_size (main_window, 800, 600);
      gtk_window_present (main_window);
      snapshot (GTK_WIDGET (main_window), "page-empty.png");
    }

  /* Each step with a half-right draft (messages shown), wide */
  form = form_for_draft (sample_draft, 760, 900);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-form-%s.png", prefix, pages[i]);

      if (g_str_equal (pages[i], "risk") && !dir_role_may_send_risk (dir_account_get_role (account)))
        continue;
      show_page (form, pages[i]);
      snapshot (GTK_WIDGET (form), name);
    }
  gtk_window_destroy (GTK_WINDOW (form));

  /* A valid one, review, wide and narrow */
  form = form_for_draft (sample_valid, 760, 1400);
  show_page (form, "review");
  {
    g_autofree char *name = g_strdup_printf ("%s-form-review-valid.png", prefix);

    snapshot (GTK_WIDGET (form), name);
  }
  gtk_window_destroy (GTK_WINDOW (form));

  form = form_for_draft (sample_draft, 360, 800);
  {
    g_autofree char *name = g_strdup_printf ("%s-form-narrow.png", prefix);

    snapshot (GTK_WIDGET (form), name);
  }
  show_page (form, "review");
  {
    g_autofree char *name = g_strdup_printf ("%s-form-narrow-review.png", prefix);

    snapshot (GTK_WIDGET (form), name);
  }
  gtk_window_destroy (GTK_WINDOW (form));

  /* A blank form */
  form = desk_referral_form_new (outbox, account, store);
  gtk_window_set_default_size (GTK_WINDOW (form), 760, 900);
  gtk_window_present (GTK_WINDOW (form));
  {
    g_autofree char *name = g_strdup_printf ("%s-form-blank.png", prefix);

    snapshot (GTK_WIDGET (form), name);
  }
  gtk_window_destroy (GTK_WINDOW (form));

  /* The page with what the forms left */
  gtk_window_set_default_size (main_window, 800, 1400);
  gtk_window_present (main_window);
  snapshot (GTK_WIDGET (main_window), "page-full.png");
  gtk_window_set_default_size (main_window, 360, 700);
  snapshot (GTK_WIDGET (main_window), "page-narrow.png");
}

/* ---- the window ---------------------------------------------------------- */

static void
on_queued_cb (DeskReferralForm *form,
              guint             n_referrals)
{
  say ("QUEUED %u", n_referrals);
  desk_referrals_page_sync (page);
}

static void
on_busy_cb (DeskReferralsPage *self)
{
  if (!desk_referrals_page_get_busy (self))
    say ("SYNCED queued=%u sending=%u failed=%u sent=%u",
         dir_outbox_count (outbox, DIR_OUTBOX_QUEUED),
         dir_outbox_count (outbox, DIR_OUTBOX_SENDING),
         dir_outbox_count (outbox, DIR_OUTBOX_FAILED),
         dir_outbox_count (outbox, DIR_OUTBOX_SENT));
}

static void
on_postcode_located_cb (DeskReferralForm *form,
                        DirPlace         *place)
{
  say ("LOCATED %s", place->label);
}

static DeskReferralForm *
open_form (const char * const *services)
{
  DeskReferralForm *form = desk_referral_form_new (outbox, account, store);

  desk_referral_form_set_services (form, services);
  gtk_window_set_transient_for (GTK_WINDOW (form), main_window);
  g_signal_connect (form, "queued", G_CALLBACK (on_queued_cb), NULL);
  g_signal_connect (form, "postcode-located", G_CALLBACK (on_postcode_located_cb), NULL);
  gtk_window_set_default_size (GTK_WINDOW (form), 760, 900);
  gtk_window_present (GTK_WINDOW (form));

  return form;
}

static void
on_open_referral_cb (DeskReferralsPage *self,
                     const char        *referral_id)
{
  g_autoptr(GError) error = NULL;
  DeskReferralForm *form = open_form (NULL);

  if (!desk_referral_form_load (form, referral_id, &error))
    say ("LOAD-ERROR %s", error->message);
}

static void
on_new_clicked_cb (GtkButton *button)
{
  open_form ((const char * const *) service_ids);
}

static GtkWindow *
build_window (void)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *new_button = gtk_button_new_with_mnemonic ("_New Referral");

  gtk_window_set_title (GTK_WINDOW (window), "Referrals");
  g_signal_connect (new_button, "clicked", G_CALLBACK (on_new_clicked_cb), NULL);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), new_button);
  gtk_box_append (GTK_BOX (box), header);

  page = desk_referrals_page_new (outbox, account);
  gtk_widget_set_vexpand (GTK_WIDGET (page), TRUE);
  g_signal_connect (page, "open-referral", G_CALLBACK (on_open_referral_cb), NULL);
  g_signal_connect (page, "notify::busy", G_CALLBACK (on_busy_cb), NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (page));

  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 700);

  return GTK_WINDOW (window);
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!dir_account_sign_in_finish (DIR_ACCOUNT (source), result, &error))
    say ("SIGN-IN-ERROR %s", error->message);
  else
    say ("SIGNED-IN %s %s", dir_account_get_username (account),
         dir_role_to_string (dir_account_get_role (account)));
  *done = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— referral form test launcher");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = NULL;
  const char *username = g_getenv ("DESK_E2E_USERNAME");
  const char *password = g_getenv ("DESK_E2E_PASSWORD");
  gboolean used_key_file = FALSE;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  gtk_init ();
  adw_init ();

  /* The real desk's style sheet and icons, as its startup adds them. */
  desk_resources_install (gdk_display_get_default ());

  store = dir_store_new (NULL, &error);
  if (store == NULL || (directory_path != NULL &&
                        !dir_store_import_file (store, directory_path, NULL, &error)))
    g_error ("Directory: %s", error->message);

  if (outbox_path == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("referral-e2e-XXXXXX", &error);

      g_assert_no_error (error);
      outbox_path = g_build_filename (dir, "referrals.db", NULL);
    }

  key = dir_outbox_key_load (outbox_path, key_file, &used_key_file, &error);
  if (key == NULL)
    g_error ("Outbox key: %s", error->message);
  outbox = dir_outbox_open (outbox_path, key, &error);
  if (outbox == NULL)
    g_error ("Outbox: %s", error->message);

  account = dir_account_new (hub_url != NULL ? hub_url : "http://127.0.0.1:9");
  if (username != NULL && password != NULL)
    {
      gboolean done = FALSE;

      dir_account_sign_in_async (account, username, password, NULL, sign_in_cb, &done);
      wait_for (&done);
    }

  main_window = build_window ();

  if (snapshot_dir != NULL)
    {
      take_snapshots ();
      return 0;
    }

  gtk_window_present (main_window);
  if (blank || service_ids != NULL)
    open_form ((const char * const *) service_ids);
  say ("READY");

  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0 &&
         gtk_widget_get_visible (GTK_WIDGET (main_window)))
    g_main_context_iteration (NULL, TRUE);

  return 0;
}
