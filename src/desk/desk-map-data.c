/* desk-map-data.c
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

#include <json-glib/json-glib.h>

#include "dir-core.h"

#include "desk-map-data.h"
#include "desk-map-private.h"

static void
add_ring (DeskMapArea *area,
          JsonArray   *coords)
{
  guint n = json_array_get_length (coords);
  DeskMapRing ring = { g_new (double, 2 * n), 0 };

  for (guint i = 0; i < n; i++)
    {
      JsonArray *pt = json_array_get_array_element (coords, i);
      double mx, my;

      if (pt == NULL || json_array_get_length (pt) < 2)
        continue;

      mx = desk_map_lon_to_mx (json_array_get_double_element (pt, 0));
      my = desk_map_lat_to_my (json_array_get_double_element (pt, 1));
      ring.xy[2 * ring.n_points] = mx;
      ring.xy[2 * ring.n_points + 1] = my;
      ring.n_points++;
      area->mx0 = MIN (area->mx0, mx);
      area->mx1 = MAX (area->mx1, mx);
      area->my0 = MIN (area->my0, my);
      area->my1 = MAX (area->my1, my);
    }

  g_array_append_val (area->rings, ring);
}

static void
add_polygon (DeskMapArea *area,
             JsonArray   *polygon)
{
  if (polygon == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (polygon); i++)
    {
      JsonArray *ring = json_array_get_array_element (polygon, i);

      if (ring != NULL)
        add_ring (area, ring);
    }
}

static void
ring_clear (gpointer data)
{
  g_free (((DeskMapRing *)data)->xy);
}

static void
load_areas (DeskMapData *data,
            const char  *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *features;
  guint n_bedfordshire = 0;

  if (!json_parser_load_from_mapped_file (parser, path, &error))
    {
      g_warning ("Cannot read the map boundaries %s: %s", path, error->message);
      return;
    }

  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
         ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  features = root != NULL && json_object_has_member (root, "features")
             ? json_object_get_array_member (root, "features") : NULL;
  if (features == NULL)
    {
      g_warning ("%s is not a GeoJSON FeatureCollection", path);
      return;
    }

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *props = feature != NULL && json_object_has_member (feature, "properties")
                          ? json_object_get_object_member (feature, "properties") : NULL;
      JsonObject *geometry = feature != NULL && json_object_has_member (feature, "geometry")
                             ? json_object_get_object_member (feature, "geometry") : NULL;
      JsonArray *coords;
      const char *type;
      DeskMapArea *area;
      double sx = 0, sy = 0;
      guint n = 0, largest = 0;

      if (props == NULL || geometry == NULL)
        continue;

      type = json_object_get_string_member_with_default (geometry, "type", "");
      coords = json_object_has_member (geometry, "coordinates")
               ? json_object_get_array_member (geometry, "coordinates") : NULL;
      if (coords == NULL)
        continue;

      area = g_new0 (DeskMapArea, 1);
      area->name = g_strdup (json_object_get_string_member_with_default (props, "name", ""));
      area->bedfordshire = json_object_get_boolean_member_with_default (props, "bedfordshire", FALSE);
      if (area->bedfordshire)
        area->index = n_bedfordshire++;
      area->rings = g_array_new (FALSE, FALSE, sizeof (DeskMapRing));
      g_array_set_clear_func (area->rings, ring_clear);
      area->mx0 = area->my0 = G_MAXDOUBLE;
      area->mx1 = area->my1 = -G_MAXDOUBLE;

      if (g_str_equal (type, "Polygon"))
        add_polygon (area, coords);
      else if (g_str_equal (type, "MultiPolygon"))
        for (guint j = 0; j < json_array_get_length (coords); j++)
          add_polygon (area, json_array_get_array_element (coords, j));

      /* Name at the mean of the largest ring: good enough for a hint. */
      for (guint j = 0; j < area->rings->len; j++)
        if (g_array_index (area->rings, DeskMapRing, j).n_points >
            g_array_index (area->rings, DeskMapRing, largest).n_points)
          largest = j;
      if (area->rings->len > 0)
        {
          DeskMapRing *ring = &g_array_index (area->rings, DeskMapRing, largest);

          for (guint k = 0; k < ring->n_points; k++, n++)
            {
              sx += ring->xy[2 * k];
              sy += ring->xy[2 * k + 1];
            }
          area->label_mx = sx / MAX (n, 1);
          area->label_my = sy / MAX (n, 1);
        }

      g_ptr_array_add (data->areas, area);
    }
}

static void
load_places (DeskMapData *data,
             const char  *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    {
      g_warning ("Cannot read the map places %s: %s", path, error->message);
      return;
    }

  lines = g_strsplit (text, "\n", -1);
  /* name,type,district,lat,lon,outcode; see data/geo/README.md */
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (g_strchomp (lines[i]), ",", -1);
      DeskMapPlace place;

      if (g_strv_length (fields) < 5)
        continue;

      if (g_str_equal (fields[1], "Town") || g_str_equal (fields[1], "City"))
        place.rank = 0;
      else if (g_str_equal (fields[1], "Suburban Area") || g_str_equal (fields[1], "Village"))
        place.rank = 1;
      else
        place.rank = 2;

      place.name = g_strdup (fields[0]);
      place.my = desk_map_lat_to_my (g_ascii_strtod (fields[3], NULL));
      place.mx = desk_map_lon_to_mx (g_ascii_strtod (fields[4], NULL));
      g_array_append_val (data->places, place);
    }
}

static int
compare_places (gconstpointer a,
                gconstpointer b)
{
  const DeskMapPlace *pa = a;
  const DeskMapPlace *pb = b;

  return (int)pa->rank - (int)pb->rank;
}

static gpointer
load_map_data (gpointer user_data)
{
  DeskMapData *data = g_new0 (DeskMapData, 1);
  g_autofree char *geojson = g_build_filename (dir_data_get_dir (), "geo",
                                               "bedfordshire_local_authorities.geojson", NULL);
  g_autofree char *csv = g_build_filename (dir_data_get_dir (), "geo",
                                           "bedfordshire-places.csv", NULL);

  data->areas = g_ptr_array_new ();
  data->places = g_array_new (FALSE, FALSE, sizeof (DeskMapPlace));
  load_areas (data, geojson);
  load_places (data, csv);
  /* Towns are labelled first and win when labels collide. */
  g_array_sort (data->places, compare_places);

  return data;
}

/**
 * desk_map_data_get:
 *
 * The council areas (data/geo/bedfordshire_local_authorities.geojson) and
 * the places (data/geo/bedfordshire-places.csv) the base layer and the
 * handout's maps are drawn from: read on the first call (which blocks:
 * make it on a worker), then shared, read-only, for the life of the
 * process.  A file that cannot be read is warned about and left empty.
 */
const DeskMapData *
desk_map_data_get (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_map_data, NULL);
}
