/* test-nearest.c
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

#include <math.h>
#include <string.h>

#include "test-util.h"

/* Points of the fixture, as written in tests/data/core-directory.json. */
#define BEDFORD_LAT 52.1363
#define BEDFORD_LON -0.4682

/* How much farther a service known only by its area sorts (dir-store.c). */
#define AREA_ORDER_PENALTY_M 2000.0

typedef struct
{
  char     *name;
  double    distance;
  gboolean  pinned;    /* has an address, not only an area */
} Row;

/* What "nearest first" orders by. */
static double
row_order (const Row *row)
{
  return row->distance + (row->pinned ? 0 : AREA_ORDER_PENALTY_M);
}

static GArray *
nearest (DirStore *store,
         double    lat,
         double    lon,
         double    radius,
         guint     limit)
{
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (Row));

  dir_query_set_near (query, lat, lon, radius);
  dir_query_set_limit (query, limit);
  model = dir_store_query (store, query, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (model, i);
      Row row = { g_strdup (dir_service_get_name (service)), dir_service_get_distance (service),
                  dir_service_get_point (service, NULL, NULL) };

      g_assert_cmpfloat (row.distance, ==,
                         dir_service_list_get_distance_at (DIR_SERVICE_LIST (model), i));
      g_array_append_val (rows, row);
    }

  return rows;
}

static void
free_rows (GArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    g_free (g_array_index (rows, Row, i).name);
  g_array_unref (rows);
}

typedef GArray RowList;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RowList, free_rows)

static void
test_nearest_distance (void)
{
  /* Bedford to Luton town centres is 28.5 km as the crow flies. */
  g_assert_cmpfloat_with_epsilon (dir_geo_distance_m (52.1363, -0.4682, 51.8787, -0.4200) / 1000.0,
                                  28.8, 0.2);
  g_assert_cmpfloat (dir_geo_distance_m (52.0, -0.4, 52.0, -0.4), ==, 0.0);
  /* a quarter of the way round the Earth */
  g_assert_cmpfloat_with_epsilon (dir_geo_distance_m (0, 0, 0, 90), G_PI / 2 * DIR_EARTH_RADIUS_M, 1.0);
  g_assert_false (dir_geo_is_valid_point (NAN, 0));
  g_assert_false (dir_geo_is_valid_point (91, 0));
  g_assert_false (dir_geo_is_valid_point (0, -180.5));
  g_assert_true (dir_geo_is_valid_point (-90, 180));
}

static void
test_nearest_order (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(RowList) rows = nearest (store, BEDFORD_LAT, BEDFORD_LON, 0, 4);
  /* 146 m, 262 m, 404 m and 695 m from the centre of Bedford */
  const char *expect[] = {
    "Bedford Night Shelter (sample)",
    "Jobcentre Plus Bedford ex-offender adviser (sample)",
    "Custody Resettlement Team (sample)",
    "Old Town Hostel (sample)",
  };

  g_assert_cmpuint (rows->len, ==, 4);
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      g_assert_cmpstr (row->name, ==, expect[i]);
      if (i > 0)
        g_assert_cmpfloat (row->distance, >=, g_array_index (rows, Row, i - 1).distance);
    }

  /* Exact great-circle metres, not box distance. */
  g_assert_cmpfloat_with_epsilon (g_array_index (rows, Row, 1).distance,
                                  dir_geo_distance_m (BEDFORD_LAT, BEDFORD_LON, 52.1350, -0.4650), 1e-6);
  g_assert_cmpfloat_with_epsilon (g_array_index (rows, Row, 0).distance, 146.0, 1.0);
  g_assert_cmpfloat_with_epsilon (g_array_index (rows, Row, 1).distance, 261.6, 1.0);
}

static void
test_nearest_all (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(RowList) rows = nearest (store, BEDFORD_LAT, BEDFORD_LON, 0, 0);

  /* Every service has a point or an area, so every one is found. */
  g_assert_cmpuint (rows->len, ==, FIXTURE_N_SERVICES);
  /* Luton is the farthest from Bedford (28.8 km), farther than Milton Keynes
   * (22.6 km); the refuge, known only by its area (Luton), sorts after the
   * women's centre there. */
  g_assert_cmpstr (g_array_index (rows, Row, rows->len - 1).name, ==, "Safe Haven Refuge (sample)");
  g_assert_cmpstr (g_array_index (rows, Row, rows->len - 2).name, ==, "Luton Women's Centre (sample)");
  g_assert_cmpfloat_with_epsilon (g_array_index (rows, Row, rows->len - 2).distance, 28830, 10);
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpfloat (row_order (&g_array_index (rows, Row, i)), >=,
                       row_order (&g_array_index (rows, Row, i - 1)));
}

/* Two services at the same point come back in a stable order, both of them. */
static void
test_nearest_ties (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(RowList) rows = nearest (store, 52.1290, -0.2970, 0, 2);
  g_autoptr(RowList) one = nearest (store, 52.1290, -0.2970, 0, 1);

  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (g_array_index (rows, Row, 0).name, ==, "Sandy Advice Point A (sample)");
  g_assert_cmpstr (g_array_index (rows, Row, 1).name, ==, "Sandy Advice Point B (sample)");
  g_assert_cmpfloat (g_array_index (rows, Row, 0).distance, ==, 0.0);
  g_assert_cmpfloat (g_array_index (rows, Row, 1).distance, ==, 0.0);

  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpstr (g_array_index (one, Row, 0).name, ==, "Sandy Advice Point A (sample)");
}

/* A service exactly on the radius is inside; a metre less and it is out. */
static void
test_nearest_radius_edge (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  double d = dir_geo_distance_m (BEDFORD_LAT, BEDFORD_LON, 52.1370, -0.4700);
  double next = dir_geo_distance_m (BEDFORD_LAT, BEDFORD_LON, 52.1350, -0.4650);
  g_autoptr(RowList) on = nearest (store, BEDFORD_LAT, BEDFORD_LON, d, 0);
  g_autoptr(RowList) under = nearest (store, BEDFORD_LAT, BEDFORD_LON, d - 1.0, 0);
  g_autoptr(RowList) tiny = nearest (store, BEDFORD_LAT, BEDFORD_LON, 1.0, 0);

  g_assert_cmpfloat (next, >, d);
  g_assert_cmpuint (on->len, ==, 1);
  g_assert_cmpstr (g_array_index (on, Row, 0).name, ==, "Bedford Night Shelter (sample)");
  g_assert_cmpuint (under->len, ==, 0);
  g_assert_cmpuint (tiny->len, ==, 0);
}

/* A refuge has no pin, but someone near Luton still finds it, by the centre
 * of its area, and never learns its address. */
static void
test_nearest_confidential (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(RowList) rows = nearest (store, 51.8790, -0.4170, 1000, 0);
  g_autoptr(RowList) at_secret = nearest (store, 51.9000, -0.4300, 100, 0);
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(GListModel) model = NULL;
  guint found = G_MAXUINT;

  /* Within 1 km of Luton's centre: the refuge, at the centre of its area. */
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (g_array_index (rows, Row, i).name, "Safe Haven Refuge (sample)"))
      found = i;
  g_assert_cmpuint (found, <, rows->len);
  g_assert_cmpfloat (g_array_index (rows, Row, found).distance, ==, 0.0);
  g_assert_false (g_array_index (rows, Row, found).pinned);

  /* The address given in the feed was dropped: nothing is found there. */
  g_assert_cmpuint (at_secret->len, ==, 0);

  dir_query_set_near (query, 51.8790, -0.4170, 1000);
  model = dir_store_query (store, query, NULL, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DirService) service = g_list_model_get_item (model, i);

      if (dir_service_get_confidential (service))
        g_assert_false (dir_service_get_point (service, NULL, NULL));
    }
}

/* Near a town centre, services with an address there come before those
 * known only by that town (helplines, refuges), measured to its centre
 * at 0 m; the first page is exactly the start of the whole order. */
static void
test_nearest_area_after_addresses (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(RowList) all = nearest (store, 51.8790, -0.4170, 0, 0);
  g_autoptr(RowList) two = nearest (store, 51.8790, -0.4170, 0, 2);
  guint refuge = G_MAXUINT;

  for (guint i = 0; i < all->len; i++)
    if (g_str_equal (g_array_index (all, Row, i).name, "Safe Haven Refuge (sample)"))
      refuge = i;

  g_assert_cmpuint (refuge, <, all->len);
  g_assert_cmpfloat (g_array_index (all, Row, refuge).distance, ==, 0.0);
  /* Every service with an address within the penalty comes first. */
  for (guint i = 0; i < all->len; i++)
    {
      const Row *row = &g_array_index (all, Row, i);

      if (row->pinned && row->distance < AREA_ORDER_PENALTY_M)
        g_assert_cmpuint (i, <, refuge);
    }
  g_assert_true (g_array_index (all, Row, 0).pinned);
  g_assert_cmpstr (g_array_index (all, Row, 0).name, ==, "Luton Women's Centre (sample)");

  g_assert_cmpuint (two->len, ==, 2);
  for (guint i = 0; i < two->len; i++)
    g_assert_cmpstr (g_array_index (two, Row, i).name, ==, g_array_index (all, Row, i).name);
}

/* From far away (Inverness) the box grows until the nearest are found, and
 * they are exactly the first of the exhaustive order. */
static void
test_nearest_far (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(RowList) rows = nearest (store, 57.4778, -4.2247, 0, 3);
  g_autoptr(RowList) all = nearest (store, 57.4778, -4.2247, 0, 0);

  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpuint (all->len, ==, FIXTURE_N_SERVICES);
  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpstr (g_array_index (rows, Row, i).name, ==, g_array_index (all, Row, i).name);
      g_assert_cmpfloat (g_array_index (rows, Row, i).distance, ==, g_array_index (all, Row, i).distance);
    }
  g_assert_cmpfloat (g_array_index (rows, Row, 0).distance, >, 600000.0);
}

static void
test_nearest_filters (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autofree char *names = NULL;

  /* nearest accommodation to Bedford that takes women */
  dir_query_set_near (query, BEDFORD_LAT, BEDFORD_LON, 0);
  dir_query_set_pathways (query, (const char *[]) { "ACC", NULL });
  dir_query_set_gender (query, DIR_GENDER_WOMEN);
  dir_query_set_statuses (query, DIR_STATUS_ACTIVE);
  dir_query_set_limit (query, 5);
  names = query_names (store, query);
  g_assert_cmpstr (names, ==, "Milton Keynes Hostel (sample)");
  g_clear_pointer (&names, g_free);

  /* with text */
  dir_query_set_pathways (query, NULL);
  dir_query_set_gender (query, DIR_GENDER_ANY);
  dir_query_set_text (query, "advice");
  names = query_names (store, query);
  g_assert_cmpstr (names, ==, "Sandy Advice Point A (sample)|Sandy Advice Point B (sample)");
}

static void
test_nearest_invalid (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;

  dir_query_set_near (query, NAN, 0, 0);
  model = dir_store_query (store, query, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_QUERY);
  g_clear_error (&error);

  dir_query_set_near (query, 52, 200, 0);
  model = dir_store_query (store, query, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_QUERY);
}

/* The map's pins: every located service, never a confidential one, with
 * the facet filters applied and the pathway of its first top-level code. */
static void
test_nearest_points (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = NULL;
  const DirPathway *all;
  guint n_pathways;
  gboolean seen_shelter = FALSE;

  points = dir_store_query_points (store, query, NULL, &error);
  g_assert_no_error (error);
  /* 13 services, one confidential (the refuge) */
  g_assert_cmpuint (points->len, ==, FIXTURE_N_SERVICES - 1);

  all = dir_taxonomy_get_all (&n_pathways);
  for (guint i = 0; i < points->len; i++)
    {
      const DirPoint *p = &g_array_index (points, DirPoint, i);

      g_assert_cmpstr (p->id, !=, REFUGE_ID);
      g_assert_true (dir_geo_is_valid_point (p->latitude, p->longitude));
      g_assert_cmpuint (p->pathway, <, n_pathways);
      g_assert_null (all[p->pathway].parent);

      if (g_str_equal (p->id, SHELTER_ID))
        {
          seen_shelter = TRUE;
          g_assert_cmpstr (all[p->pathway].code, ==, "ACC");
          g_assert_cmpfloat (p->latitude, ==, 52.1370);
          g_assert_cmpfloat (p->longitude, ==, -0.4700);
        }
    }
  g_assert_true (seen_shelter);
  g_clear_pointer (&points, g_array_unref);

  /* filters apply: women's services with a pin (the refuge has none) */
  dir_query_set_pathways (query, (const char *[]) { "WOM", "DSA", NULL });
  points = dir_store_query_points (store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 1);
  g_assert_cmpstr (all[g_array_index (points, DirPoint, 0).pathway].code, ==, "WOM");
  g_clear_pointer (&points, g_array_unref);

  dir_query_set_pathways (query, NULL);
  dir_query_set_text (query, "sandy");
  points = dir_store_query_points (store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 2);
  g_clear_pointer (&points, g_array_unref);

  /* the radius applies, with the list's great-circle test: within the
   * shelter's 146 m of the centre of Bedford, only the shelter */
  dir_query_set_text (query, NULL);
  dir_query_set_near (query, 52.1363, -0.4682,
                      dir_geo_distance_m (52.1363, -0.4682, 52.1370, -0.4700));
  points = dir_store_query_points (store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, 1);
  g_assert_cmpstr (g_array_index (points, DirPoint, 0).id, ==, SHELTER_ID);
  g_clear_pointer (&points, g_array_unref);

  /* a phone line known only by its area has no pin */
  {
    g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);

    g_ptr_array_add (services,
                     dir_service_new_from_data ("{\"id\": \"7e57a11d-0000-4000-8000-0000000000aa\","
                                                " \"name\": \"Helpline (sample)\", \"status\": \"active\","
                                                " \"direction\": {\"area\": {\"name\": \"Bedford\","
                                                " \"latitude\": 52.1363, \"longitude\": -0.4682}}}",
                                                -1, &error));
    g_assert_no_error (error);
    g_assert_true (dir_store_apply (store, services, NULL, &error));
    g_assert_no_error (error);
  }
  dir_query_clear_near (query);
  points = dir_store_query_points (store, query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (points->len, ==, FIXTURE_N_SERVICES - 1);
  for (guint i = 0; i < points->len; i++)
    g_assert_cmpstr (g_array_index (points, DirPoint, i).id, !=, "7e57a11d-0000-4000-8000-0000000000aa");

  /* …but it is still found near a place, by its area */
  dir_query_set_near (query, 52.1363, -0.4682, 10);
  {
    g_autofree char *names = query_names (store, query);
    g_assert_cmpstr (names, ==, "Helpline (sample)");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/nearest/distance", test_nearest_distance);
  g_test_add_func ("/core/nearest/order", test_nearest_order);
  g_test_add_func ("/core/nearest/all", test_nearest_all);
  g_test_add_func ("/core/nearest/ties", test_nearest_ties);
  g_test_add_func ("/core/nearest/radius-edge", test_nearest_radius_edge);
  g_test_add_func ("/core/nearest/confidential", test_nearest_confidential);
  g_test_add_func ("/core/nearest/area-after-addresses", test_nearest_area_after_addresses);
  g_test_add_func ("/core/nearest/far", test_nearest_far);
  g_test_add_func ("/core/nearest/filters", test_nearest_filters);
  g_test_add_func ("/core/nearest/invalid", test_nearest_invalid);
  g_test_add_func ("/core/nearest/points", test_nearest_points);

  return g_test_run ();
}
