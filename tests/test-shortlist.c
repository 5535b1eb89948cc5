/* test-shortlist.c
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

#include <gio/gio.h>

#include "desk-shortlist.h"

/* DeskShortlist on its own: a GListModel of DirService kept in GSettings.
 * The window's use of it is in test-window.c. */

/* The fixture directory (tests/data/desk-directory.json). */
#define HOSTEL_ID  "e777246a-a712-5354-b950-72dadaf9ac75"
#define REFUGE_ID  "7f332d44-41a3-567a-948c-261388f89ee3"
#define JOBS_ID    "338e3e6b-d73c-5b06-8d88-2738602b6c3e"
#define CAFE_ID    "1115439d-a609-512c-9161-d24ac6a0f576"
#define MISSING_ID "00000000-0000-4000-8000-000000000000"

typedef struct
{
  DirStore  *store;
  GSettings *settings;
  guint      n_changes;
  guint      last_position, last_removed, last_added;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_test_build_filename (G_TEST_DIST, "data", "desk-directory.json", NULL);
  guint n = 0;

  fixture->store = dir_store_new (NULL, &error);
  g_assert_no_error (error);
  if (GPOINTER_TO_INT (user_data))
    {
      dir_store_import_file (fixture->store, json, &n, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, 6);
    }

  fixture->settings = g_settings_new ("io.github.directionhub.Desk");
  g_settings_reset (fixture->settings, "shortlist");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_settings_reset (fixture->settings, "shortlist");
  g_clear_object (&fixture->settings);
  g_assert_finalize_object (fixture->store);
}

static DirService *
get_service (Fixture    *fixture,
             const char *id)
{
  g_autoptr(GError) error = NULL;
  DirService *service = dir_store_get_service (fixture->store, id, &error);

  g_assert_no_error (error);
  return service;
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Fixture    *fixture)
{
  fixture->n_changes++;
  fixture->last_position = position;
  fixture->last_removed = removed;
  fixture->last_added = added;
}

static char *
kept_ids (Fixture *fixture)
{
  g_auto(GStrv) ids = g_settings_get_strv (fixture->settings, "shortlist");

  return g_strjoinv (",", ids);
}

static char *
shown_names (GListModel *model)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (model, i);

      g_string_append_printf (names, "%s%s", i > 0 ? "|" : "", dir_service_get_name (service));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_shortlist_add_remove (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(DeskShortlist) shortlist = desk_shortlist_new (fixture->store, fixture->settings);
  GListModel *model = G_LIST_MODEL (shortlist);
  g_autoptr(DirService) hostel = get_service (fixture, HOSTEL_ID);
  g_autoptr(DirService) jobs = get_service (fixture, JOBS_ID);
  g_autoptr(DirService) cafe = get_service (fixture, CAFE_ID);
  g_autoptr(DirService) item = NULL;
  g_autofree char *names = NULL;
  g_autofree char *kept = NULL;
  g_auto(GStrv) ids = NULL;

  g_assert_true (g_list_model_get_item_type (model) == DIR_TYPE_SERVICE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);

  /* Added at the end, in order, each once. */
  g_assert_true (desk_shortlist_add (shortlist, jobs));
  g_assert_true (desk_shortlist_add (shortlist, hostel));
  g_assert_cmpuint (fixture->n_changes, ==, 2);
  g_assert_cmpuint (fixture->last_position, ==, 1);
  g_assert_cmpuint (fixture->last_removed, ==, 0);
  g_assert_cmpuint (fixture->last_added, ==, 1);
  g_assert_false (desk_shortlist_add (shortlist, jobs));
  g_assert_cmpuint (fixture->n_changes, ==, 2);
  g_assert_true (desk_shortlist_add (shortlist, cafe));

  names = shown_names (model);
  g_assert_cmpstr (names, ==, "Jobcentre Ex-offender Advisers|Bedford Resettlement Hostel|Recovery Café");
  g_assert_true (desk_shortlist_contains (shortlist, HOSTEL_ID));
  g_assert_false (desk_shortlist_contains (shortlist, REFUGE_ID));
  g_assert_false (desk_shortlist_contains (shortlist, NULL));
  kept = kept_ids (fixture);
  g_assert_cmpstr (kept, ==, JOBS_ID "," HOSTEL_ID "," CAFE_ID);
  item = g_list_model_get_item (model, 1);
  g_assert_true (item == hostel);
  g_assert_null (g_list_model_get_item (model, 3));
  ids = desk_shortlist_dup_ids (shortlist);
  g_assert_cmpuint (g_strv_length (ids), ==, 3);
  g_assert_cmpstr (ids[2], ==, CAFE_ID);

  /* Removed from the middle. */
  g_assert_true (desk_shortlist_remove (shortlist, HOSTEL_ID));
  g_assert_cmpuint (fixture->last_position, ==, 1);
  g_assert_cmpuint (fixture->last_removed, ==, 1);
  g_assert_cmpuint (fixture->last_added, ==, 0);
  g_assert_false (desk_shortlist_remove (shortlist, HOSTEL_ID));
  g_assert_false (desk_shortlist_contains (shortlist, HOSTEL_ID));
  g_clear_pointer (&kept, g_free);
  kept = kept_ids (fixture);
  g_assert_cmpstr (kept, ==, JOBS_ID "," CAFE_ID);

  /* Toggled: off, then on again at the end. */
  g_assert_false (desk_shortlist_toggle (shortlist, jobs));
  g_assert_false (desk_shortlist_contains (shortlist, JOBS_ID));
  g_assert_true (desk_shortlist_toggle (shortlist, jobs));
  g_clear_pointer (&kept, g_free);
  kept = kept_ids (fixture);
  g_assert_cmpstr (kept, ==, CAFE_ID "," JOBS_ID);

  /* Cleared for the next client. */
  desk_shortlist_clear (shortlist);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (fixture->last_removed, ==, 2);
  g_clear_pointer (&kept, g_free);
  kept = kept_ids (fixture);
  g_assert_cmpstr (kept, ==, "");
}

/* Kept across restarts; a service that left the directory is dropped
 * from the list and the key, a key edited by hand is tidied. */
static void
test_shortlist_kept (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(DeskShortlist) first = desk_shortlist_new (fixture->store, fixture->settings);
  g_autoptr(DeskShortlist) again = NULL;
  g_autoptr(DeskShortlist) later = NULL;
  g_autoptr(DirService) hostel = get_service (fixture, HOSTEL_ID);
  g_autoptr(DirService) refuge = get_service (fixture, REFUGE_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  g_autofree char *kept = NULL;
  const char *deletes[] = { HOSTEL_ID, NULL };

  desk_shortlist_add (first, refuge);
  desk_shortlist_add (first, hostel);
  g_clear_object (&first);

  again = desk_shortlist_new (fixture->store, fixture->settings);
  names = shown_names (G_LIST_MODEL (again));
  g_assert_cmpstr (names, ==, "Luton Women's Refuge Helpline|Bedford Resettlement Hostel");
  g_clear_object (&again);

  /* The hostel leaves the directory (a sync deleted it). */
  dir_store_apply (fixture->store, NULL, deletes, &error);
  g_assert_no_error (error);
  later = desk_shortlist_new (fixture->store, fixture->settings);
  g_clear_pointer (&names, g_free);
  names = shown_names (G_LIST_MODEL (later));
  g_assert_cmpstr (names, ==, "Luton Women's Refuge Helpline");
  kept = kept_ids (fixture);
  g_assert_cmpstr (kept, ==, REFUGE_ID);
  g_assert_false (desk_shortlist_contains (later, HOSTEL_ID));

  /* Reloading after another deletion says how many went. */
  deletes[0] = REFUGE_ID;
  dir_store_apply (fixture->store, NULL, deletes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (desk_shortlist_reload (later), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (later)), ==, 0);
  g_assert_cmpuint (desk_shortlist_reload (later), ==, 0);
  g_clear_object (&later);

  /* Duplicates and empty ids in a hand-edited key. */
  g_settings_set_strv (fixture->settings, "shortlist",
                       (const char *[]) { JOBS_ID, "", JOBS_ID, CAFE_ID, NULL });
  later = desk_shortlist_new (fixture->store, fixture->settings);
  g_clear_pointer (&names, g_free);
  names = shown_names (G_LIST_MODEL (later));
  g_assert_cmpstr (names, ==, "Jobcentre Ex-offender Advisers|Recovery Café");
}

/* An empty directory (not downloaded yet, or a database that could not be
 * opened): the kept ids are not thrown away. */
static void
test_shortlist_empty_directory (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(DeskShortlist) shortlist = NULL;
  g_autofree char *kept = NULL;

  g_settings_set_strv (fixture->settings, "shortlist",
                       (const char *[]) { HOSTEL_ID, MISSING_ID, NULL });
  shortlist = desk_shortlist_new (fixture->store, fixture->settings);
  g_assert_cmpuint (dir_store_count_services (fixture->store), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shortlist)), ==, 0);
  g_assert_cmpuint (desk_shortlist_reload (shortlist), ==, 0);
  kept = kept_ids (fixture);
  g_assert_cmpstr (kept, ==, HOSTEL_ID "," MISSING_ID);
  g_assert_true (desk_shortlist_contains (shortlist, HOSTEL_ID));
}

/* Another window's shortlist changes the key: this one follows. */
static void
test_shortlist_follows_key (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(DeskShortlist) one = desk_shortlist_new (fixture->store, fixture->settings);
  g_autoptr(GSettings) other_settings = g_settings_new ("io.github.directionhub.Desk");
  g_autoptr(DeskShortlist) other = desk_shortlist_new (fixture->store, other_settings);
  g_autoptr(DirService) cafe = get_service (fixture, CAFE_ID);

  desk_shortlist_add (one, cafe);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, 1);
  g_assert_true (desk_shortlist_contains (other, CAFE_ID));

  desk_shortlist_remove (other, CAFE_ID);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (one)), ==, 0);
}

/* Without settings: a list for this session only. */
static void
test_shortlist_unkept (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(DeskShortlist) shortlist = desk_shortlist_new (fixture->store, NULL);
  g_autoptr(DirService) cafe = get_service (fixture, CAFE_ID);
  g_autofree char *kept = NULL;

  g_assert_true (desk_shortlist_add (shortlist, cafe));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shortlist)), ==, 1);
  kept = kept_ids (fixture);
  g_assert_cmpstr (kept, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/desk/shortlist/add-remove", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_shortlist_add_remove, fixture_tear_down);
  g_test_add ("/desk/shortlist/kept", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_shortlist_kept, fixture_tear_down);
  g_test_add ("/desk/shortlist/empty-directory", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_shortlist_empty_directory, fixture_tear_down);
  g_test_add ("/desk/shortlist/follows-key", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_shortlist_follows_key, fixture_tear_down);
  g_test_add ("/desk/shortlist/unkept", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_shortlist_unkept, fixture_tear_down);

  return g_test_run ();
}
