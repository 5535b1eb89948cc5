/* test-map.c
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

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <math.h>

#include "desk-map-view.h"
#include "desk-marker-layer.h"
#include "desk-prefetch-dialog.h"
#include "desk-resources.h"
#include "desk-tile-prefetch.h"
#include "desk-tile-source.h"

/* The map, with an in-process loopback tile server: no test touches the
 * internet.  XDG_CACHE_HOME is a fresh temporary directory (set in main()
 * before anything asks GLib for it), so the tile cache starts empty. */

#define BEDFORD_LAT 52.136845
#define BEDFORD_LON -0.468484
#define TILE_R 200
#define TILE_G 225
#define TILE_B 250
#define LAND_R 242
#define LAND_G 239
#define LAND_B 233

typedef struct
{
  SoupServer *server;
  guint       port;
  GBytes     *png;
  guint       n_requests;
  guint       n_not_modified;
  guint       max_age;
  guint       delay_ms;
  guint       in_flight;
  guint       max_in_flight;
  char       *user_agent;
  gboolean    bad_user_agent;
} TileServer;

static char *cache_home;

/* --- helpers ------------------------------------------------------------ */

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL &&
         (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      remove_tree (child);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_until (Condition condition,
            gpointer  data,
            guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }

  return TRUE;
}

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
make_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, TILE_R / 255.0, TILE_G / 255.0, TILE_B / 255.0);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.4, 0.5, 0.6);
  cairo_set_line_width (cr, 2);
  cairo_rectangle (cr, 1, 1, 254, 254);
  cairo_move_to (cr, 112, 128);
  cairo_line_to (cr, 144, 128);
  cairo_move_to (cr, 128, 112);
  cairo_line_to (cr, 128, 144);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_png_cb, png);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (png);
}

static void
on_tile_gone_cb (SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), "tile-gone", GINT_TO_POINTER (TRUE));
}

static gboolean
unpause_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;
  TileServer *ts = g_object_get_data (G_OBJECT (msg), "tile-server");

  ts->in_flight--;
  /* The client may have gone (a cancelled download): nothing to resume. */
  if (g_object_get_data (G_OBJECT (msg), "tile-gone") == NULL)
    soup_server_message_unpause (msg);
  g_object_unref (msg);

  return G_SOURCE_REMOVE;
}

static void
tile_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  TileServer *ts = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *ua = soup_message_headers_get_one (request, "User-Agent");
  const char *inm = soup_message_headers_get_one (request, "If-None-Match");
  g_autofree char *cache_control = g_strdup_printf ("max-age=%u", ts->max_age);
  g_auto(GStrv) parts = NULL;
  guint n;
  int z, x, y;

  ts->n_requests++;
  g_free (ts->user_agent);
  ts->user_agent = g_strdup (ua);
  if (g_strcmp0 (ua, desk_tile_source_get_user_agent ()) != 0)
    ts->bad_user_agent = TRUE;

  /* /t/<name>/z/x/y.png */
  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  if (n < 5 || sscanf (parts[n - 3], "%d", &z) != 1 || sscanf (parts[n - 2], "%d", &x) != 1 ||
      sscanf (parts[n - 1], "%d.png", &y) != 1)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_message_headers_replace (response, "Cache-Control", cache_control);
  soup_message_headers_replace (response, "ETag", "\"tile-1\"");
  if (g_strcmp0 (inm, "\"tile-1\"") == 0)
    {
      ts->n_not_modified++;
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (ts->png, NULL),
                                        g_bytes_get_size (ts->png));
    }

  if (ts->delay_ms > 0)
    {
      ts->in_flight++;
      ts->max_in_flight = MAX (ts->max_in_flight, ts->in_flight);
      g_object_set_data (G_OBJECT (msg), "tile-server", ts);
      g_signal_connect (msg, "disconnected", G_CALLBACK (on_tile_gone_cb), NULL);
      g_signal_connect (msg, "finished", G_CALLBACK (on_tile_gone_cb), NULL);
      soup_server_message_pause (msg);
      g_timeout_add (ts->delay_ms, unpause_cb, g_object_ref (msg));
    }
}

static TileServer *
tile_server_new (guint max_age)
{
  TileServer *ts = g_new0 (TileServer, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  ts->png = make_png ();
  ts->max_age = max_age;
  ts->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (ts->server, "/t", tile_handler, ts, NULL);
  soup_server_listen_local (ts->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (ts->server);
  ts->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return ts;
}

static char *
tile_server_template (TileServer *ts,
                      const char *name)
{
  return g_strdup_printf ("http://127.0.0.1:%u/t/%s/{z}/{x}/{y}.png", ts->port, name);
}

static void
tile_server_stop (TileServer *ts)
{
  if (ts->server == NULL)
    return;
  soup_server_disconnect (ts->server);
  g_clear_object (&ts->server);
}

static void
tile_server_free (TileServer *ts)
{
  /* Delayed answers still to resume point at ts: let them run first. */
  while (ts->in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  tile_server_stop (ts);
  g_bytes_unref (ts->png);
  g_free (ts->user_agent);
  g_free (ts);
}

typedef struct
{
  GtkWindow   *window;
  DeskMapView *view;
} Shown;

static Shown
show_map (const char *url_template,
          int         width,
          int         height)
{
  Shown shown;

  shown.window = GTK_WINDOW (gtk_window_new ());
  shown.view = DESK_MAP_VIEW (desk_map_view_new ());
  desk_map_view_set_tile_url_template (shown.view, url_template);
  gtk_window_set_child (shown.window, GTK_WIDGET (shown.view));
  gtk_window_set_default_size (shown.window, width, height);
  gtk_window_present (shown.window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (shown.window));

  return shown;
}

static void
close_map (Shown *shown)
{
  gtk_window_destroy (shown->window);
  iterate_for (50);
}

typedef struct
{
  int     width;
  int     height;
  gsize   stride;
  guchar *data;     /* B, G, R, A (little-endian ARGB32) */
} Picture;

static Picture
render (GtkWidget  *widget,
        const char *save_as)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  Picture picture;

  gtk_widget_queue_draw (widget);
  gtk_test_widget_wait_for_draw (window);

  picture.width = gtk_widget_get_width (widget);
  picture.height = gtk_widget_get_height (widget);
  /* The widget's own drawing (its children's render nodes, as last drawn),
   * at its origin. */
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, picture.width,
                                                              picture.height));
  picture.stride = picture.width * 4;
  picture.data = g_malloc (picture.stride * picture.height);
  gdk_texture_download (texture, picture.data, picture.stride);
  if (save_as != NULL)
    gdk_texture_save_to_png (texture, save_as);

  return picture;
}

static gboolean
pixel_is (const Picture *p,
          int            x,
          int            y,
          int            r,
          int            g,
          int            b)
{
  const guchar *px = p->data + y * p->stride + x * 4;

  return abs (px[2] - r) <= 2 && abs (px[1] - g) <= 2 && abs (px[0] - b) <= 2;
}

static guint
count_pixels (const Picture *p,
              int x0, int y0, int x1, int y1,
              int r, int g, int b)
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      n += pixel_is (p, x, y, r, g, b);

  return n;
}

static guint
count_colours (const Picture *p,
               int x0, int y0, int x1, int y1)
{
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guchar *px = p->data + y * p->stride + x * 4;
        guint rgb = px[0] | px[1] << 8 | px[2] << 16;

        g_hash_table_add (colours, GUINT_TO_POINTER (rgb + 1));
      }

  return g_hash_table_size (colours);
}

static gboolean
tiles_settled (gpointer data)
{
  TileServer *ts = data;
  static guint last = G_MAXUINT;
  static gint64 since;
  gint64 now = g_get_monotonic_time ();

  if (ts->n_requests != last)
    {
      last = ts->n_requests;
      since = now;
      return FALSE;
    }

  return ts->n_requests > 0 && now - since > 400 * 1000;
}

static int
lon_to_tile (double lon, int z)
{
  return (int) floor ((lon + 180.0) / 360.0 * (1 << z));
}

static int
lat_to_tile (double lat, int z)
{
  double rad = lat * G_PI / 180.0;

  return (int) floor ((1.0 - log (tan (rad) + 1.0 / cos (rad)) / G_PI) / 2.0 * (1 << z));
}

static double
tile_to_lon (double x, int z)
{
  return x / (1 << z) * 360.0 - 180.0;
}

static double
tile_to_lat (double y, int z)
{
  return atan (sinh (G_PI * (1.0 - 2.0 * y / (1 << z)))) * 180.0 / G_PI;
}

/* --- tests -------------------------------------------------------------- */

static void
test_tiles_download_and_cache (void)
{
  TileServer *ts = tile_server_new (3600);
  g_autofree char *url_template = tile_server_template (ts, "online");
  g_autofree char *tile_path = NULL;
  Shown shown;
  Picture pic;
  guint n_first, tile_pixels;

  /* First view: tiles come from the server, with our User-Agent, and are
   * written to our cache. */
  shown = show_map (url_template, 800, 600);
  desk_map_view_center_on (shown.view, BEDFORD_LAT, BEDFORD_LON, 12);
  g_assert_true (wait_until (tiles_settled, ts, 10000));
  iterate_for (200);

  g_assert_cmpuint (ts->n_requests, >=, 12);
  g_assert_false (ts->bad_user_agent);
  g_assert_cmpstr (ts->user_agent, ==,
                   "DirectionDesk/" PACKAGE_VERSION " (+https://github.com/directionhub/direction)");
  tile_path = desk_tile_source_get_tile_path (desk_map_view_get_tile_source (shown.view),
                                              lon_to_tile (BEDFORD_LON, 12),
                                              lat_to_tile (BEDFORD_LAT, 12), 12);
  g_assert_true (g_str_has_prefix (tile_path, cache_home));
  g_assert_true (strstr (tile_path, "/direction-desk/tiles/") != NULL);
  g_assert_true (g_file_test (tile_path, G_FILE_TEST_IS_REGULAR));

  pic = render (GTK_WIDGET (shown.view), NULL);
  tile_pixels = count_pixels (&pic, 0, 0, pic.width, pic.height, TILE_R, TILE_G, TILE_B);
  g_assert_cmpuint (tile_pixels, >, pic.width * pic.height * 6 / 10);
  g_free (pic.data);
  close_map (&shown);
  n_first = ts->n_requests;

  /* Second view: the cache is fresh, so no request at all. */
  shown = show_map (url_template, 800, 600);
  desk_map_view_center_on (shown.view, BEDFORD_LAT, BEDFORD_LON, 12);
  iterate_for (800);
  g_assert_cmpuint (ts->n_requests, ==, n_first);
  close_map (&shown);

  /* Third view, server gone: still the cached tiles. */
  tile_server_stop (ts);
  shown = show_map (url_template, 800, 600);
  desk_map_view_center_on (shown.view, BEDFORD_LAT, BEDFORD_LON, 12);
  iterate_for (800);
  pic = render (GTK_WIDGET (shown.view), NULL);
  tile_pixels = count_pixels (&pic, 0, 0, pic.width, pic.height, TILE_R, TILE_G, TILE_B);
  g_assert_cmpuint (tile_pixels, >, pic.width * pic.height * 6 / 10);
  g_free (pic.data);
  close_map (&shown);
  g_assert_cmpuint (ts->n_requests, ==, n_first);

  tile_server_free (ts);
}

typedef struct
{
  GMainLoop *loop;
  GBytes    *bytes;
  GError    *error;
  gboolean   ok;
  guint      n_received;
} Result;

static void
tile_data_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Result *r = user_data;

  r->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result,
                                                       &r->error);
  g_main_loop_quit (r->loop);
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Result *r = user_data;

  r->ok = desk_tile_source_download_tile_finish (DESK_TILE_SOURCE (object), result, &r->error);
  g_main_loop_quit (r->loop);
}

static void
on_received_data_cb (ShumateDataSource *source,
                     int                x,
                     int                y,
                     int                z,
                     GBytes            *bytes,
                     Result            *r)
{
  g_assert_cmpint (x, ==, 1);
  g_assert_cmpint (y, ==, 2);
  g_assert_cmpint (z, ==, 3);
  r->n_received++;
}

static void
test_tiles_revalidate_offline (void)
{
  TileServer *ts = tile_server_new (0);   /* always stale: revalidate */
  g_autofree char *url_template = tile_server_template (ts, "reval");
  g_autoptr(DeskTileSource) source = desk_tile_source_new (url_template);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Result r = { loop, };

  g_signal_connect (source, "received-data", G_CALLBACK (on_received_data_cb), &r);

  desk_tile_source_download_tile_async (source, 1, 2, 3, NULL, download_cb, &r);
  g_main_loop_run (loop);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (ts->n_requests, ==, 1);
  g_assert_cmpuint (r.n_received, ==, 0);   /* a prefetch is not for the map */

  /* Stale: one conditional request, 304, served from the cache; the map
   * gets the cached tile at once (and only once: 304 changes nothing). */
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), 1, 2, 3, NULL,
                                           tile_data_cb, &r);
  g_main_loop_run (loop);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.bytes);
  g_assert_true (g_bytes_equal (r.bytes, ts->png));
  g_clear_pointer (&r.bytes, g_bytes_unref);
  g_assert_cmpuint (ts->n_requests, ==, 2);
  g_assert_cmpuint (ts->n_not_modified, ==, 1);
  g_assert_cmpuint (r.n_received, ==, 1);

  /* The server is gone: the stale tile is still served. */
  tile_server_stop (ts);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), 1, 2, 3, NULL,
                                           tile_data_cb, &r);
  g_main_loop_run (loop);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.bytes);
  g_clear_pointer (&r.bytes, g_bytes_unref);
  g_assert_cmpuint (r.n_received, ==, 2);

  /* Offline and not cached: an error, no request, no warning. */
  desk_tile_source_set_offline (source, TRUE);
  g_signal_handlers_disconnect_by_func (source, on_received_data_cb, &r);
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), 5, 5, 5, NULL,
                                           tile_data_cb, &r);
  g_main_loop_run (loop);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE);
  g_assert_null (r.bytes);
  g_clear_error (&r.error);
  /* (the third was the attempt while the server was gone) */
  g_assert_cmpuint (desk_tile_source_get_n_requests (source), ==, 3);

  tile_server_free (ts);
}

static void
test_base_layer_offline (void)
{
  /* Nothing listens on port 9 (discard) here: every request fails at once. */
  Shown shown = show_map ("http://127.0.0.1:9/t/none/{z}/{x}/{y}.png", 800, 600);
  g_autofree char *shot = g_strdup (g_getenv ("DESK_MAP_SCREENSHOT_DIR"));
  g_autofree char *path = NULL;
  Picture pic = { 0, };
  guint n_colours = 0, n_other = 0;
  gint64 end;

  desk_map_view_center_on (shown.view, 52.02, -0.45, 10);

  /* The boundaries load in a thread: wait until they are drawn. */
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      iterate_for (100);
      g_free (pic.data);
      pic = render (GTK_WIDGET (shown.view), NULL);
      n_colours = count_colours (&pic, 200, 150, 600, 450);
      if (n_colours > 30)
        break;
    }

  if (shot != NULL)
    {
      path = g_build_filename (shot, "map-offline-base.png", NULL);
      g_free (pic.data);
      pic = render (GTK_WIDGET (shown.view), path);
    }

  /* Bedfordshire (the middle of the map) has fills, borders and names. */
  n_other = 400 * 300 - count_pixels (&pic, 200, 150, 600, 450, LAND_R, LAND_G, LAND_B);
  g_test_message ("offline base layer: %u colours, %u non-background pixels", n_colours, n_other);
  g_assert_cmpuint (n_colours, >, 30);
  g_assert_cmpuint (n_other, >, 400 * 300 / 2);   /* the three councils are filled */
  g_assert_cmpuint (count_pixels (&pic, 0, 0, pic.width, pic.height, TILE_R, TILE_G, TILE_B),
                    ==, 0);
  g_free (pic.data);
  close_map (&shown);
}

/* Place names keep clear of the scale and the attribution drawn over the
 * map: around Bedfordshire, at town and village zoom levels, no name is
 * under either, though some places' dots are. */
static void
test_base_layer_overlays (void)
{
  const double centres[][3] = {
    { 52.02, -0.45, 10 }, { 52.13, -0.47, 12 }, { 51.88, -0.42, 12 },
    { 52.20, -0.30, 12 }, { 52.00, -0.60, 12 }, { 51.95, -0.25, 12 },
    { 52.10, -0.65, 13 }, { 52.05, -0.35, 13 }, { 51.90, -0.52, 13 },
    { 52.25, -0.50, 12 }, { 52.15, -0.20, 12 }, { 51.98, -0.70, 12 },
  };
  Shown shown = show_map ("http://127.0.0.1:9/t/none/{z}/{x}/{y}.png", 800, 600);
  DeskBaseLayer *layer = desk_map_view_get_base_layer (shown.view);
  GtkWidget *overlays[2] = { NULL, NULL };
  guint n_named = 0, n_under = 0;
  gint64 end;

  /* The scale and the attribution: the map's siblings over it. */
  for (GtkWidget *child = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (shown.view)));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (SHUMATE_IS_SCALE (child))
        overlays[0] = child;
      else if (SHUMATE_IS_LICENSE (child))
        overlays[1] = child;
    }
  g_assert_nonnull (overlays[0]);
  g_assert_nonnull (overlays[1]);

  /* The places load in a thread. */
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!desk_base_layer_is_loaded (layer))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      iterate_for (20);
    }

  for (guint c = 0; c < G_N_ELEMENTS (centres); c++)
    {
      GArray *places;
      graphene_rect_t bounds[2];

      desk_map_view_center_on (shown.view, centres[c][0], centres[c][1], centres[c][2]);
      iterate_for (50);
      gtk_widget_queue_draw (GTK_WIDGET (layer));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (shown.window));

      for (guint k = 0; k < 2; k++)
        g_assert_true (gtk_widget_compute_bounds (overlays[k], GTK_WIDGET (layer), &bounds[k]));

      places = desk_base_layer_get_places (layer);
      g_assert_nonnull (places);
      for (guint i = 0; i < places->len; i++)
        {
          const DeskBasePlace *place = &g_array_index (places, DeskBasePlace, i);

          for (guint k = 0; k < 2; k++)
            {
              if (place->named)
                g_assert_false (graphene_rect_intersection (&place->label, &bounds[k], NULL));
              if (graphene_rect_contains_point (&bounds[k], &place->at))
                n_under++;
            }
          n_named += place->named;
        }
    }

  g_test_message ("%u names drawn, %u places under the scale or the attribution", n_named, n_under);
  g_assert_cmpuint (n_named, >, 100);
  g_assert_cmpuint (n_under, >, 0);
  close_map (&shown);
}

static GArray *
make_points (guint n,
             guint seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GArray *points = g_array_sized_new (FALSE, TRUE, sizeof (DirPoint), n);
  guint n_pathways = 0;

  dir_taxonomy_get_all (&n_pathways);
  for (guint i = 0; i < n; i++)
    {
      DirPoint p = { 0, };

      p.rowid = i + 1;
      if (i % 10 == 0)
        {
          /* some all over England and Wales */
          p.latitude = g_rand_double_range (rand, 50.0, 55.0);
          p.longitude = g_rand_double_range (rand, -5.0, 1.5);
        }
      else
        {
          p.latitude = g_rand_double_range (rand, 51.80, 52.30);
          p.longitude = g_rand_double_range (rand, -0.75, -0.10);
        }
      p.pathway = 0;
      g_snprintf (p.id, sizeof p.id, "00000000-0000-4000-8000-%012u", i);
      g_array_append_val (points, p);
    }

  return points;
}

static guint
count_points_in (GArray *points,
                 double  north,
                 double  south,
                 double  west,
                 double  east)
{
  guint n = 0;

  for (guint i = 0; i < points->len; i++)
    {
      DirPoint *p = &g_array_index (points, DirPoint, i);

      n += p->latitude <= north && p->latitude > south &&
           p->longitude >= west && p->longitude < east;
    }

  return n;
}

static void
test_clustering (void)
{
  const double zooms[] = { 7, 10, 13, 16 };
  g_autoptr(GArray) points = make_points (100000, 42);
  Shown shown = show_map ("http://127.0.0.1:9/t/none/{z}/{x}/{y}.png", 1024, 768);
  DeskMarkerLayer *layer = desk_map_view_get_marker_layer (shown.view);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  desk_map_view_set_points (shown.view, points);

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      double north, south, west, east;
      gint64 start, build, total = 0, worst = 0, query_total = 0, query_worst = 0;
      gint64 pan_total = 0;
      guint n_live, n_in_view;
      const guint n_moves = 50;

      desk_map_view_center_on (shown.view, BEDFORD_LAT, BEDFORD_LON, zooms[i]);
      start = g_get_monotonic_time ();
      desk_marker_layer_update (layer);
      build = g_get_monotonic_time () - start;
      iterate_for (50);

      n_live = desk_marker_layer_get_n_live_markers (layer);
      desk_marker_layer_get_query_bounds (layer, &north, &south, &west, &east);
      n_in_view = count_points_in (points, north, south, west, east);
      g_assert_cmpuint (n_live, >, 0);
      g_assert_cmpuint (n_live, <=, DESK_MARKER_LAYER_MAX_MARKERS);
      g_assert_cmpuint (desk_marker_layer_get_n_pooled_markers (layer), <=,
                        DESK_MARKER_LAYER_MAX_MARKERS);
      g_assert_cmpuint (desk_marker_layer_get_n_shown_services (layer), ==, n_in_view);
      g_assert_cmpuint (g_list_length (shumate_marker_layer_get_markers (
                          desk_marker_layer_get_marker_layer (layer))), ==, n_live);

      /* Viewport changes at this zoom: the level is built, only a query. */
      for (guint m = 0; m < n_moves; m++)
        {
          gint64 t;

          shumate_map_center_on (desk_map_view_get_map (shown.view),
                                 BEDFORD_LAT + g_rand_double_range (rand, -0.15, 0.15),
                                 BEDFORD_LON + g_rand_double_range (rand, -0.2, 0.2));
          start = g_get_monotonic_time ();
          desk_marker_layer_update (layer);
          t = g_get_monotonic_time () - start;
          total += t;
          worst = MAX (worst, t);
          query_total += desk_marker_layer_get_last_query_time (layer);
          query_worst = MAX (query_worst, desk_marker_layer_get_last_query_time (layer));
          g_assert_cmpuint (desk_marker_layer_get_n_live_markers (layer), <=,
                            DESK_MARKER_LAYER_MAX_MARKERS);
          desk_marker_layer_get_query_bounds (layer, &north, &south, &west, &east);
          g_assert_cmpuint (desk_marker_layer_get_n_shown_services (layer), ==,
                            count_points_in (points, north, south, west, east));
        }
      g_assert_cmpuint (desk_marker_layer_get_n_pooled_markers (layer), <=,
                        DESK_MARKER_LAYER_MAX_MARKERS);

      /* Panning as a person does: 128 px steps. */
      for (guint m = 0; m < n_moves; m++)
        {
          gtk_widget_activate_action (GTK_WIDGET (shown.view), "map.pan", "(ii)",
                                      m % 20 < 10 ? 1 : -1, 0);
          start = g_get_monotonic_time ();
          desk_marker_layer_update (layer);
          pan_total += g_get_monotonic_time () - start;
          g_assert_cmpuint (desk_marker_layer_get_n_live_markers (layer), <=,
                            DESK_MARKER_LAYER_MAX_MARKERS);
        }

      g_test_message ("zoom %.0f: %u live markers for %u services in view; first update "
                      "(builds the level) %.2f ms; random jumps: update avg %.3f ms "
                      "(max %.3f), of which cell query avg %.3f ms (max %.3f); "
                      "128 px pans: update avg %.3f ms; pool %u",
                      zooms[i], n_live, n_in_view, build / 1000.0,
                      total / 1000.0 / n_moves, worst / 1000.0,
                      query_total / 1000.0 / n_moves, query_worst / 1000.0,
                      pan_total / 1000.0 / n_moves,
                      desk_marker_layer_get_n_pooled_markers (layer));
    }

  /* A huge window still gets at most the bound. */
  gtk_window_set_default_size (shown.window, 3840, 2160);
  gtk_widget_set_size_request (GTK_WIDGET (shown.view), 3840, 2160);
  iterate_for (300);
  desk_marker_layer_update (layer);
  g_test_message ("3840×2160: %u live markers", desk_marker_layer_get_n_live_markers (layer));
  g_assert_cmpuint (desk_marker_layer_get_n_live_markers (layer), <=,
                    DESK_MARKER_LAYER_MAX_MARKERS);
  g_assert_cmpuint (desk_marker_layer_get_n_pooled_markers (layer), <=,
                    DESK_MARKER_LAYER_MAX_MARKERS);

  close_map (&shown);
}

static void
on_service_activated_cb (DeskMapView *view,
                         const char  *id,
                         char       **out)
{
  g_free (*out);
  *out = g_strdup (id);
}

static gboolean
zoom_above (gpointer data)
{
  gpointer *args = data;

  return shumate_viewport_get_zoom_level (args[0]) > *(double *)args[1] + 0.5;
}

static gboolean
zoom_at_least (gpointer data)
{
  gpointer *args = data;

  return shumate_viewport_get_zoom_level (args[0]) >= *(double *)args[1] - 0.01;
}

static gboolean
is_set (gpointer data)
{
  return *(char **)data != NULL;
}

static GArray *
few_points (void)
{
  /* Three towns apart, and five services in one Luton building. */
  static const double where[][2] = {
    { 52.1360, -0.4667 }, { 51.8870, -0.5230 }, { 52.0860, -0.2630 },
    { 51.87950, -0.41740 }, { 51.87952, -0.41745 }, { 51.87948, -0.41738 },
    { 51.87955, -0.41750 }, { 51.87951, -0.41742 },
  };
  GArray *points = g_array_new (FALSE, TRUE, sizeof (DirPoint));

  for (guint i = 0; i < G_N_ELEMENTS (where); i++)
    {
      DirPoint p = { i + 1, where[i][0], where[i][1], i % 14, "" };

      g_snprintf (p.id, sizeof p.id, "11111111-0000-4000-8000-%012u", i);
      g_array_append_val (points, p);
    }

  return points;
}

static void
test_pins_and_clusters (void)
{
  g_autoptr(GArray) points = few_points ();
  Shown shown = show_map ("http://127.0.0.1:9/t/none/{z}/{x}/{y}.png", 800, 600);
  DeskMarkerLayer *layer = desk_map_view_get_marker_layer (shown.view);
  ShumateViewport *viewport = desk_map_view_get_viewport (shown.view);
  const char *bedford = g_array_index (points, DirPoint, 0).id;
  g_autofree char *activated = NULL;
  GtkWidget *pin;
  GList *markers;
  ShumateMarker *cluster = NULL;
  double zoom_before;
  gpointer args[2];

  g_signal_connect (shown.view, "service-activated",
                    G_CALLBACK (on_service_activated_cb), &activated);
  desk_map_view_set_points (shown.view, points);
  desk_map_view_center_on (shown.view, 52.0, -0.45, 11);
  desk_marker_layer_update (layer);
  iterate_for (100);

  /* The Bedford pin: a button, named by its pathway for screen readers. */
  pin = desk_marker_layer_get_pin (layer, bedford);
  g_assert_nonnull (pin);
  g_assert_true (GTK_IS_BUTTON (pin));
  g_assert_true (gtk_widget_has_css_class (pin, "map-pin"));
  g_assert_true (gtk_widget_has_css_class (pin, "pathway-acc"));
  /* (GtkButton::activate clicks after a short press animation) */
  gtk_widget_activate (pin);
  g_assert_true (wait_until (is_set, &activated, 2000));
  g_assert_cmpstr (activated, ==, bedford);

  /* The Luton building is one bubble of 5. */
  markers = shumate_marker_layer_get_markers (desk_marker_layer_get_marker_layer (layer));
  for (GList *l = markers; l != NULL; l = l->next)
    if (desk_marker_layer_get_marker_count (layer, l->data) > 1)
      {
        g_assert_null (cluster);
        cluster = l->data;
      }
  g_list_free (markers);
  g_assert_nonnull (cluster);
  g_assert_cmpuint (desk_marker_layer_get_marker_count (layer, cluster), ==, 5);
  g_assert_cmpuint (desk_marker_layer_get_n_live_markers (layer), ==, 4);
  g_assert_cmpuint (desk_marker_layer_get_n_shown_services (layer), ==, 8);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (shumate_marker_get_child (cluster))), ==, "5");
  g_assert_true (gtk_widget_get_has_tooltip (shumate_marker_get_child (cluster)));
  g_assert_cmpstr (desk_marker_layer_get_marker_tooltip (layer, cluster), ==,
                   "5 services");

  /* Clicking it zooms in to it. */
  zoom_before = shumate_viewport_get_zoom_level (viewport);
  args[0] = viewport;
  args[1] = &zoom_before;
  gtk_widget_activate (shumate_marker_get_child (cluster));
  g_assert_true (wait_until (zoom_above, args, 5000));
  zoom_before = 19;   /* five services in one building: all the way in */
  g_assert_true (wait_until (zoom_at_least, args, 5000));
  iterate_for (200);
  g_assert_cmpfloat (fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - 51.8795),
                     <, 0.001);

  close_map (&shown);
}

static gboolean
centred_on (gpointer data)
{
  gpointer *args = data;
  ShumateViewport *viewport = args[0];
  DirPoint *p = args[1];

  return fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - p->latitude) < 1e-4 &&
         fabs (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)) - p->longitude) < 1e-4;
}

static void
test_select_service (void)
{
  g_autoptr(GArray) points = few_points ();
  Shown shown = show_map ("http://127.0.0.1:9/t/none/{z}/{x}/{y}.png", 800, 600);
  DeskMarkerLayer *layer = desk_map_view_get_marker_layer (shown.view);
  DirPoint *in_building = &g_array_index (points, DirPoint, 4);
  gpointer args[2] = { desk_map_view_get_viewport (shown.view), in_building };
  GtkWidget *pin;

  desk_map_view_set_points (shown.view, points);
  desk_map_view_center_on (shown.view, 52.0, -0.45, 9);
  desk_marker_layer_update (layer);

  /* One of the five in the building: out of its cluster, highlighted, and
   * brought to the centre. */
  g_assert_true (desk_map_view_select_service (shown.view, in_building->id));
  g_assert_cmpstr (desk_map_view_get_selected_service (shown.view), ==, in_building->id);
  g_assert_true (wait_until (centred_on, args, 5000));
  desk_marker_layer_update (layer);
  pin = desk_marker_layer_get_pin (layer, in_building->id);
  g_assert_nonnull (pin);
  g_assert_true (gtk_widget_has_css_class (pin, "selected"));
  g_assert_cmpuint (desk_marker_layer_get_n_shown_services (layer), ==, 5);

  g_assert_false (desk_map_view_select_service (shown.view, "no-such-service"));
  g_assert_null (desk_map_view_get_selected_service (shown.view));
  g_assert_true (desk_map_view_select_service (shown.view, NULL));

  close_map (&shown);
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gboolean   ok;
  guint      last_done;
  guint      n_notifies;
  gboolean   cancel_at_3;
} PrefetchRun;

static void
on_prefetch_progress_cb (DeskTilePrefetch *prefetch,
                         GParamSpec       *pspec,
                         PrefetchRun      *run)
{
  guint done = desk_tile_prefetch_get_n_done (prefetch);

  g_assert_cmpuint (done, >=, run->last_done);
  run->last_done = done;
  run->n_notifies++;
  if (run->cancel_at_3 && done == 3)
    desk_tile_prefetch_cancel (prefetch);
}

static void
prefetch_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PrefetchRun *run = user_data;

  run->ok = desk_tile_prefetch_run_finish (DESK_TILE_PREFETCH (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
test_prefetch (void)
{
  TileServer *ts = tile_server_new (3600);
  g_autofree char *url_template = tile_server_template (ts, "prefetch");
  g_autofree char *cancel_template = tile_server_template (ts, "cancel");
  g_autoptr(DeskTileSource) source = desk_tile_source_new (url_template);
  g_autoptr(DeskTileSource) cancel_source = desk_tile_source_new (cancel_template);
  g_autoptr(DeskTilePrefetch) prefetch = desk_tile_prefetch_new (source);
  g_autoptr(DeskTilePrefetch) cancelled = desk_tile_prefetch_new (cancel_source);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  PrefetchRun run = { loop, };
  int x0 = lon_to_tile (BEDFORD_LON, 12) - 1;
  int y0 = lat_to_tile (BEDFORD_LAT, 12) - 1;
  /* A 3×3 block of zoom-12 tiles, edges a quarter tile inside: 9 tiles at
   * zoom 12 and 6×6 at zoom 13. */
  double west = tile_to_lon (x0 + 0.25, 12), east = tile_to_lon (x0 + 2.75, 12);
  double north = tile_to_lat (y0 + 0.25, 12), south = tile_to_lat (y0 + 2.75, 12);
  g_autofree char *corner = NULL;

  g_assert_cmpuint (desk_tile_prefetch_count_tiles (north, south, west, east, 12, 12), ==, 9);
  g_assert_cmpuint (desk_tile_prefetch_count_tiles (north, south, west, east, 12, 13), ==, 45);

  ts->delay_ms = 15;
  g_signal_connect (prefetch, "notify::n-done", G_CALLBACK (on_prefetch_progress_cb), &run);
  desk_tile_prefetch_run_async (prefetch, north, south, west, east, 12, 13, NULL,
                                prefetch_cb, &run);
  g_assert_true (desk_tile_prefetch_get_running (prefetch));
  g_assert_cmpuint (desk_tile_prefetch_get_n_total (prefetch), ==, 45);
  g_main_loop_run (loop);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_false (desk_tile_prefetch_get_running (prefetch));
  g_assert_cmpuint (ts->n_requests, ==, 45);
  g_assert_cmpuint (run.last_done, ==, 45);
  g_assert_cmpuint (run.n_notifies, ==, 45);
  g_assert_cmpuint (desk_tile_prefetch_get_n_failed (prefetch), ==, 0);
  g_assert_cmpuint (ts->max_in_flight, ==, DESK_TILE_PREFETCH_MAX_CONCURRENT);
  g_assert_false (ts->bad_user_agent);
  corner = desk_tile_source_get_tile_path (source, 2 * x0 + 5, 2 * y0 + 5, 13);
  g_assert_true (g_file_test (corner, G_FILE_TEST_IS_REGULAR));

  /* Again: everything is cached and fresh, nothing is downloaded. */
  run.last_done = 0;
  run.n_notifies = 0;
  desk_tile_prefetch_run_async (prefetch, north, south, west, east, 12, 13, NULL,
                                prefetch_cb, &run);
  g_main_loop_run (loop);
  g_assert_no_error (run.error);
  g_assert_cmpuint (ts->n_requests, ==, 45);
  g_assert_cmpuint (run.last_done, ==, 45);

  /* Cancelled after 3 tiles: stops, with at most the 2 in flight more. */
  run.last_done = 0;
  run.cancel_at_3 = TRUE;
  g_signal_connect (cancelled, "notify::n-done", G_CALLBACK (on_prefetch_progress_cb), &run);
  desk_tile_prefetch_run_async (cancelled, north, south, west, east, 12, 13, NULL,
                                prefetch_cb, &run);
  g_main_loop_run (loop);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&run.error);
  g_assert_cmpuint (desk_tile_prefetch_get_n_done (cancelled), <=, 5);
  g_assert_cmpuint (ts->n_requests, <=, 45 + 5);
  g_assert_false (desk_tile_prefetch_get_running (cancelled));

  /* Too many tiles: refused before any request. */
  run.cancel_at_3 = FALSE;
  g_assert_cmpuint (desk_tile_prefetch_get_max_tiles (prefetch), ==, 5000);
  desk_tile_prefetch_run_async (prefetch, 52.4, 51.7, -0.9, 0.0, 8, 16, NULL,
                                prefetch_cb, &run);
  g_main_loop_run (loop);
  g_assert_error (run.error, DESK_TILE_PREFETCH_ERROR, DESK_TILE_PREFETCH_ERROR_TOO_MANY_TILES);
  g_test_message ("over the limit: %s", run.error->message);
  g_clear_error (&run.error);
  g_assert_cmpuint (ts->n_requests, <=, 45 + 5);

  /* The public OSM servers forbid bulk downloads: the UI must know. */
  g_assert_true (desk_tile_prefetch_template_is_public_osm (DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE));
  g_assert_true (desk_tile_prefetch_template_is_public_osm ("https://a.tile.openstreetmap.org/{z}/{x}/{y}.png"));
  g_assert_true (desk_tile_prefetch_template_is_public_osm ("http://TILE.openstreetmap.org/{z}/{x}/{y}.png"));
  g_assert_false (desk_tile_prefetch_template_is_public_osm (url_template));
  g_assert_false (desk_tile_prefetch_template_is_public_osm ("https://tile.openstreetmap.org.example.com/{z}/{x}/{y}.png"));
  g_assert_false (desk_tile_prefetch_template_is_public_osm ("https://tiles.example.org/{z}/{x}/{y}.png"));

  tile_server_free (ts);
}


static gpointer
dialog_child (DeskPrefetchDialog *dialog,
              const char         *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), DESK_TYPE_PREFETCH_DIALOG, name);

  g_assert_nonnull (child);
  return child;
}

static gboolean
dialog_finished (gpointer data)
{
  DeskPrefetchDialog *dialog = data;

  return !desk_tile_prefetch_get_running (desk_prefetch_dialog_get_prefetch (dialog)) &&
         !gtk_widget_get_visible (dialog_child (dialog, "download_button"));
}

static gboolean
not_running (gpointer data)
{
  return !desk_tile_prefetch_get_running (data);
}

static gboolean
three_done (gpointer data)
{
  return desk_tile_prefetch_get_n_done (desk_prefetch_dialog_get_prefetch (data)) >= 3;
}

/* "Download this area": the count before starting, the limit, progress,
 * cancel, and no bulk download from OpenStreetMap's servers; against the
 * loopback tile server. */
static void
test_prefetch_dialog (void)
{
  TileServer *ts = tile_server_new (3600);
  g_autofree char *url_template = tile_server_template (ts, "dialog");
  g_autofree char *cancel_template = tile_server_template (ts, "dialog-cancel");
  g_autoptr(DeskTileSource) source = desk_tile_source_new (url_template);
  g_autoptr(DeskTileSource) cancel_source = desk_tile_source_new (cancel_template);
  g_autoptr(DeskTileSource) osm_source = desk_tile_source_new (DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE);
  int x0 = lon_to_tile (BEDFORD_LON, 12) - 1;
  int y0 = lat_to_tile (BEDFORD_LAT, 12) - 1;
  /* The same 3×3 block of zoom-12 tiles as the prefetch test. */
  double west = tile_to_lon (x0 + 0.25, 12), east = tile_to_lon (x0 + 2.75, 12);
  double north = tile_to_lat (y0 + 0.25, 12), south = tile_to_lat (y0 + 2.75, 12);
  DeskPrefetchDialog *dialog;
  GtkLabel *count_label;
  GtkLabel *progress_label;
  GtkWidget *download;
  guint done;

  /* Shown at zoom 12.4: from 12 to three levels closer. */
  dialog = desk_prefetch_dialog_new (source, north, south, west, east, 12.4);
  gtk_window_present (GTK_WINDOW (dialog));
  count_label = dialog_child (dialog, "count_label");
  progress_label = dialog_child (dialog, "progress_label");
  download = dialog_child (dialog, "download_button");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (dialog_child (dialog, "min_zoom_spin")), ==, 12);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (dialog_child (dialog, "max_zoom_spin")), ==, 15);
  g_assert_cmpuint (desk_prefetch_dialog_get_n_tiles (dialog), ==,
                    desk_tile_prefetch_count_tiles (north, south, west, east, 12, 15));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "osm_box")));

  /* 12 to 13: 9 + 36 tiles, said before anything is downloaded. */
  desk_prefetch_dialog_set_zoom_range (dialog, 12, 13);
  g_assert_cmpuint (desk_prefetch_dialog_get_n_tiles (dialog), ==, 45);
  g_assert_cmpstr (gtk_label_get_text (count_label), ==, "45 tiles to download");
  g_assert_true (gtk_widget_get_sensitive (download));
  g_assert_cmpuint (ts->n_requests, ==, 0);

  /* Farthest above closest moves closest along. */
  gtk_spin_button_set_value (dialog_child (dialog, "min_zoom_spin"), 14);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (dialog_child (dialog, "max_zoom_spin")), ==, 14);
  desk_prefetch_dialog_set_zoom_range (dialog, 12, 13);

  /* Over the limit: refused, and said why. */
  desk_tile_prefetch_set_max_tiles (desk_prefetch_dialog_get_prefetch (dialog), 40);
  desk_prefetch_dialog_set_zoom_range (dialog, 12, 13);
  g_assert_false (desk_prefetch_dialog_get_can_start (dialog));
  g_assert_false (gtk_widget_get_sensitive (download));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (count_label), "error"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (count_label),
                                   "That is 45 tiles: at most 40 can be downloaded at once."));
  g_signal_emit_by_name (download, "clicked");
  g_assert_false (desk_tile_prefetch_get_running (desk_prefetch_dialog_get_prefetch (dialog)));
  desk_tile_prefetch_set_max_tiles (desk_prefetch_dialog_get_prefetch (dialog), 5000);
  desk_prefetch_dialog_set_zoom_range (dialog, 12, 13);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (count_label), "error"));

  /* Download: progress to the end, every tile requested once. */
  g_signal_emit_by_name (download, "clicked");
  g_assert_true (desk_tile_prefetch_get_running (desk_prefetch_dialog_get_prefetch (dialog)));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "progress_box")));
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "zoom_group")));
  g_assert_true (wait_until (dialog_finished, dialog, 20000));
  g_assert_cmpuint (ts->n_requests, ==, 45);
  g_assert_false (ts->bad_user_agent);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (dialog_child (dialog, "progress_bar")), ==, 1.0);
  g_assert_cmpstr (gtk_label_get_text (progress_label), ==, "Done: 45 tiles are saved for offline use.");
  g_assert_cmpstr (gtk_button_get_label (dialog_child (dialog, "cancel_button")), ==, "_Close");
  gtk_window_close (GTK_WINDOW (dialog));
  iterate_for (20);

  /* Cancel part-way: stops, says how far it got. */
  ts->delay_ms = 40;
  dialog = desk_prefetch_dialog_new (cancel_source, north, south, west, east, 12);
  gtk_window_present (GTK_WINDOW (dialog));
  desk_prefetch_dialog_set_zoom_range (dialog, 12, 13);
  progress_label = dialog_child (dialog, "progress_label");
  desk_prefetch_dialog_start (dialog);
  g_assert_true (wait_until (three_done, dialog, 20000));
  g_signal_emit_by_name (dialog_child (dialog, "cancel_button"), "clicked");
  g_assert_true (wait_until (dialog_finished, dialog, 20000));
  done = desk_tile_prefetch_get_n_done (desk_prefetch_dialog_get_prefetch (dialog));
  g_assert_cmpuint (done, <, 45);
  {
    g_autofree char *expect = g_strdup_printf ("Cancelled: %u of 45 tiles were saved.", done);

    g_assert_cmpstr (gtk_label_get_text (progress_label), ==, expect);
  }
  g_assert_cmpuint (ts->n_requests, <=, 45 + done + DESK_TILE_PREFETCH_MAX_CONCURRENT);
  gtk_window_close (GTK_WINDOW (dialog));

  /* Closing while it runs stops it too. */
  {
    g_autoptr(DeskTilePrefetch) prefetch = NULL;
    guint before = ts->n_requests;

    dialog = desk_prefetch_dialog_new (cancel_source, north, south, west, east, 12);
    gtk_window_present (GTK_WINDOW (dialog));
    desk_prefetch_dialog_set_zoom_range (dialog, 13, 14);
    prefetch = g_object_ref (desk_prefetch_dialog_get_prefetch (dialog));
    desk_prefetch_dialog_start (dialog);
    g_assert_true (desk_tile_prefetch_get_running (prefetch));
    gtk_window_close (GTK_WINDOW (dialog));
    g_assert_true (wait_until ((Condition) not_running, prefetch, 20000));
    g_assert_cmpuint (desk_tile_prefetch_get_n_done (prefetch), <, 36 + 144);
    g_assert_cmpuint (ts->n_requests - before, <=, DESK_TILE_PREFETCH_MAX_CONCURRENT);
    iterate_for (100);
  }
  ts->delay_ms = 0;

  /* OpenStreetMap's own server: the warning, and no Download at all. */
  dialog = desk_prefetch_dialog_new (osm_source, north, south, west, east, 12);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "osm_box")));
  g_assert_false (desk_prefetch_dialog_get_can_start (dialog));
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "download_button")));
  desk_prefetch_dialog_start (dialog);
  g_assert_false (desk_tile_prefetch_get_running (desk_prefetch_dialog_get_prefetch (dialog)));
  gtk_window_close (GTK_WINDOW (dialog));
  iterate_for (20);

  tile_server_free (ts);
}

static void
test_near (void)
{
  Shown shown = show_map ("http://127.0.0.1:9/t/none/{z}/{x}/{y}.png", 800, 600);
  Picture before, after, cleared;
  guint changed = 0, changed_outside = 0, restored = 0;
  double lat, lon, radius;

  desk_map_view_center_on (shown.view, BEDFORD_LAT, BEDFORD_LON, 13);
  iterate_for (500);
  before = render (GTK_WIDGET (shown.view), NULL);

  desk_map_view_set_near (shown.view, BEDFORD_LAT, BEDFORD_LON, 1000);
  g_assert_true (desk_map_view_get_near (shown.view, &lat, &lon, &radius));
  g_assert_cmpfloat (radius, ==, 1000);
  iterate_for (200);
  after = render (GTK_WIDGET (shown.view), NULL);

  /* 1 km at zoom 13 and 52° is about 85 px: inside changes, far out not. */
  for (int y = 300 - 60; y < 300 + 60; y++)
    for (int x = 400 - 60; x < 400 + 60; x++)
      changed += memcmp (before.data + y * before.stride + x * 4,
                         after.data + y * after.stride + x * 4, 3) != 0;
  for (int y = 0; y < 100; y++)
    for (int x = 0; x < 150; x++)
      changed_outside += memcmp (before.data + y * before.stride + x * 4,
                                 after.data + y * after.stride + x * 4, 3) != 0;
  g_assert_cmpuint (changed, >, 120 * 120 * 9 / 10);
  g_assert_cmpuint (changed_outside, ==, 0);

  desk_map_view_clear_near (shown.view);
  g_assert_false (desk_map_view_get_near (shown.view, NULL, NULL, NULL));
  iterate_for (200);
  cleared = render (GTK_WIDGET (shown.view), NULL);
  for (int y = 300 - 60; y < 300 + 60; y++)
    for (int x = 400 - 60; x < 400 + 60; x++)
      restored += memcmp (before.data + y * before.stride + x * 4,
                          cleared.data + y * cleared.stride + x * 4, 3) == 0;
  g_assert_cmpuint (restored, ==, 120 * 120);

  g_free (before.data);
  g_free (after.data);
  g_free (cleared.data);
  close_map (&shown);
}

static void
test_keyboard (void)
{
  Shown shown = show_map ("http://127.0.0.1:9/t/none/{z}/{x}/{y}.png", 800, 600);
  ShumateViewport *viewport = desk_map_view_get_viewport (shown.view);
  ShumateMap *map = desk_map_view_get_map (shown.view);
  double lon, lat, target;
  gpointer args[2] = { viewport, &target };

  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (map)));
  desk_map_view_center_on (shown.view, BEDFORD_LAT, BEDFORD_LON, 12);

  lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  gtk_widget_activate_action (GTK_WIDGET (shown.view), "map.pan", "(ii)", 1, 0);
  g_assert_cmpfloat (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)), >, lon);

  lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  gtk_widget_activate_action (GTK_WIDGET (shown.view), "map.pan", "(ii)", 0, -1);
  g_assert_cmpfloat (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)), >, lat);

  target = 13;
  gtk_widget_activate_action (GTK_WIDGET (shown.view), "map.zoom-in", NULL);
  g_assert_true (wait_until (zoom_at_least, args, 5000));

  close_map (&shown);
}

static void
test_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autofree char *template = g_settings_get_string (settings, "tile-url-template");
  Shown shown;
  ShumateViewport *viewport;

  g_assert_cmpstr (template, ==, "https://tile.openstreetmap.org/{z}/{x}/{y}.png");
  /* Never the real tile server from a test. */
  g_settings_set_string (settings, "tile-url-template",
                         "http://127.0.0.1:9/t/settings/{z}/{x}/{y}.png");
  g_settings_set_double (settings, "map-latitude", 51.88);
  g_settings_set_double (settings, "map-longitude", -0.42);
  g_settings_set_double (settings, "map-zoom", 14);

  shown = show_map ("http://127.0.0.1:9/t/none/{z}/{x}/{y}.png", 600, 400);
  desk_map_view_bind_settings (shown.view, settings);
  viewport = desk_map_view_get_viewport (shown.view);
  g_assert_cmpstr (desk_map_view_get_tile_url_template (shown.view), ==,
                   "http://127.0.0.1:9/t/settings/{z}/{x}/{y}.png");
  g_assert_cmpfloat (fabs (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)) - 51.88), <, 1e-6);
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), ==, 14);

  /* A moved map is remembered. */
  desk_map_view_center_on (shown.view, 52.1, -0.3, 11);
  close_map (&shown);
  g_assert_cmpfloat (fabs (g_settings_get_double (settings, "map-latitude") - 52.1), <, 1e-6);
  g_assert_cmpfloat (g_settings_get_double (settings, "map-zoom"), ==, 11);
}

/* Pictures to look at (DESK_MAP_SCREENSHOT_DIR): the sample directory's
 * pins over the loopback tiles and over the base layer alone. */
static void
test_screenshots (void)
{
  const char *dir = g_getenv ("DESK_MAP_SCREENSHOT_DIR");
  g_autoptr(GError) error = NULL;
  g_autoptr(DirStore) store = NULL;
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(GArray) points = NULL;
  g_autofree char *sample = g_build_filename (dir_data_get_dir (), "sample-directory.json", NULL);
  const char *modes[] = { "online", "offline" };
  TileServer *ts = tile_server_new (3600);
  guint n = 0;

  if (dir == NULL)
    {
      tile_server_free (ts);
      g_test_skip ("DESK_MAP_SCREENSHOT_DIR is not set");
      return;
    }

  store = dir_store_new (NULL, &error);
  g_assert_no_error (error);
  dir_store_import_file (store, sample, &n, &error);
  g_assert_no_error (error);
  points = dir_store_query_points (store, query, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("sample directory: %u services, %u pins", n, points->len);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *url_template = i == 0 ? tile_server_template (ts, "shot")
                                             : g_strdup ("http://127.0.0.1:9/t/none/{z}/{x}/{y}.png");
      const double zooms[] = { 10, 13 };

      for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
        {
          Shown shown = show_map (url_template, 1000, 700);
          g_autofree char *name = g_strdup_printf ("map-%s-z%.0f.png", modes[i], zooms[z]);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          Picture pic;

          desk_map_view_set_points (shown.view, points);
          desk_map_view_center_on (shown.view, zooms[z] > 11 ? BEDFORD_LAT : 52.02,
                                   zooms[z] > 11 ? BEDFORD_LON : -0.45, zooms[z]);
          if (z == 1)
            {
              desk_map_view_set_near (shown.view, BEDFORD_LAT, BEDFORD_LON, 1500);
              if (points->len > 0)
                desk_map_view_select_service (shown.view,
                                              g_array_index (points, DirPoint, 0).id);
            }
          iterate_for (2500);
          pic = render (GTK_WIDGET (shown.view), path);
          g_free (pic.data);
          close_map (&shown);
        }
    }

  tile_server_free (ts);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("desk-test-map-XXXXXX", &error);
  int ret;

  g_assert_no_error (error);
  /* Before anything asks GLib for it: a tile cache of our own. */
  cache_home = g_build_filename (tmp, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_mkdir_with_parents (cache_home, 0700);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_unsetenv ("DIRECTION_HUB_URL");
  g_mkdir_with_parents (g_get_user_runtime_dir (), 0700);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The style sheet and pathway icons, as the application adds them. */
  desk_resources_install (gdk_display_get_default ());

  /* The boundaries and places the base layer draws (data/geo/). */
  if (g_getenv ("DIRECTION_DATA_DIR") == NULL)
    {
      g_autofree char *data_dir = g_test_build_filename (G_TEST_DIST, "..", "data", NULL);

      g_setenv ("DIRECTION_DATA_DIR", data_dir, TRUE);
    }

  g_test_add_func ("/desk/map/tiles/download-and-cache", test_tiles_download_and_cache);
  g_test_add_func ("/desk/map/tiles/revalidate-offline", test_tiles_revalidate_offline);
  g_test_add_func ("/desk/map/base-layer-offline", test_base_layer_offline);
  g_test_add_func ("/desk/map/base-layer-overlays", test_base_layer_overlays);
  g_test_add_func ("/desk/map/clustering", test_clustering);
  g_test_add_func ("/desk/map/pins-and-clusters", test_pins_and_clusters);
  g_test_add_func ("/desk/map/select-service", test_select_service);
  g_test_add_func ("/desk/map/prefetch", test_prefetch);
  g_test_add_func ("/desk/map/prefetch-dialog", test_prefetch_dialog);
  g_test_add_func ("/desk/map/near", test_near);
  g_test_add_func ("/desk/map/keyboard", test_keyboard);
  g_test_add_func ("/desk/map/settings", test_settings);
  /* Not a check: pictures to look at, taken only when asked for. */
  if (g_getenv ("DESK_MAP_SCREENSHOT_DIR") != NULL)
    g_test_add_func ("/desk/map/screenshots", test_screenshots);

  ret = g_test_run ();

  /* Leave no tiles behind. */
  {
    g_autoptr(GFile) dir = g_file_new_for_path (tmp);

    remove_tree (dir);
  }

  return ret;
}
