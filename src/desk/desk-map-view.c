/* desk-map-view.c
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
#include <math.h>

#include "desk-base-layer.h"
#include "desk-map-private.h"
#include "desk-map-view.h"
#include "desk-near-layer.h"

/* The map of services: a bare ShumateMap with, bottom to top, our base
 * layer (boundaries and towns, so it is never blank offline), the raster
 * tiles from DeskTileSource, the "near" circle, the clustered service
 * markers and the "near" point; our own ShumateScale and ShumateLicense
 * (always "© OpenStreetMap contributors") on top, as GNOME Maps does.
 *
 * Keyboard: the map takes focus; arrow keys pan, + and - zoom. */

#define PAN_STEP_PX 128
#define SELECT_MIN_ZOOM 13.0
#define SAVE_VIEW_DELAY_MS 1000

struct _DeskMapView
{
  GtkWidget           parent_instance;

  /* template */
  GtkOverlay         *overlay;
  ShumateMap         *map;
  ShumateScale       *scale;
  ShumateLicense     *license;

  char               *url_template;
  DeskTileSource     *tile_source;
  ShumateMapSource   *map_source;
  ShumateMapLayer    *tile_layer;
  DeskBaseLayer      *base_layer;
  DeskNearLayer      *near_layer;
  DeskMarkerLayer    *marker_layer;
  ShumateMarkerLayer *near_markers;
  ShumateMarker      *near_marker;

  GSettings          *settings;
  guint               save_view_id;
  guint64             cache_max_bytes;
};

G_DEFINE_FINAL_TYPE (DeskMapView, desk_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TILE_URL_TEMPLATE,
  PROP_SELECTED_SERVICE,
  N_PROPS
};

enum {
  SERVICE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
save_view (DeskMapView *self)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);

  if (self->settings == NULL)
    return;

  /* Not g_settings_delay(): the window shares this GSettings, and delay
   * mode would hold back its other writes (the shortlist, the filters)
   * until the next move of the map. */
  g_settings_set_double (self->settings, "map-latitude",
                         shumate_location_get_latitude (SHUMATE_LOCATION (viewport)));
  g_settings_set_double (self->settings, "map-longitude",
                         shumate_location_get_longitude (SHUMATE_LOCATION (viewport)));
  g_settings_set_double (self->settings, "map-zoom",
                         shumate_viewport_get_zoom_level (viewport));
}

static gboolean
save_view_cb (gpointer user_data)
{
  DeskMapView *self = user_data;

  self->save_view_id = 0;
  save_view (self);

  return G_SOURCE_REMOVE;
}

static void
on_viewport_changed_cb (DeskMapView *self)
{
  if (self->settings != NULL && self->save_view_id == 0)
    self->save_view_id = g_timeout_add (SAVE_VIEW_DELAY_MS, save_view_cb, self);
}

static void
on_service_activated_cb (DeskMapView *self,
                         const char  *id)
{
  g_signal_emit (self, signals [SERVICE_ACTIVATED], 0, id);
}

static void
on_cluster_activated_cb (DeskMapView *self,
                         double       latitude,
                         double       longitude,
                         double       zoom_level)
{
  desk_map_view_go_to (self, latitude, longitude, zoom_level);
}

static void
on_markers_changed_cb (DeskMapView *self)
{
  /* Place names step aside for the service markers. */
  desk_base_layer_set_obstacles (self->base_layer,
                                 desk_marker_layer_get_obstacles (self->marker_layer));
}

static void
on_settings_cache_max_changed_cb (DeskMapView *self,
                                  const char  *key,
                                  GSettings   *settings)
{
  self->cache_max_bytes = (guint64) g_settings_get_uint (settings, "tile-cache-max-mb") << 20;
  if (self->tile_source != NULL)
    desk_tile_source_set_cache_max_bytes (self->tile_source, self->cache_max_bytes);
}

static void
setup_tiles (DeskMapView *self)
{
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  g_autoptr(DeskTileSource) source = desk_tile_source_new (self->url_template);
  g_autoptr(ShumateMapSource) map_source = desk_tile_source_create_map_source (source);
  ShumateMapLayer *layer;

  if (self->tile_layer != NULL)
    shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->tile_layer));
  if (self->map_source != NULL)
    shumate_license_remove_map_source (self->license, self->map_source);

  desk_tile_source_set_cache_max_bytes (source, self->cache_max_bytes);
  g_set_object (&self->tile_source, source);
  g_set_object (&self->map_source, map_source);

  shumate_viewport_set_reference_map_source (viewport, map_source);
  layer = shumate_map_layer_new (map_source, viewport);
  shumate_map_insert_layer_above (self->map, SHUMATE_LAYER (layer),
                                  SHUMATE_LAYER (self->base_layer));
  self->tile_layer = layer;
  shumate_license_append_map_source (self->license, map_source);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DeskMapView *self = DESK_MAP_VIEW (widget);
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  GtkWidget *map = GTK_WIDGET (self->map);
  double latitude, longitude;
  int dx, dy;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  shumate_viewport_widget_coords_to_location (viewport, map,
                                              gtk_widget_get_width (map) / 2.0 + dx * PAN_STEP_PX,
                                              gtk_widget_get_height (map) / 2.0 + dy * PAN_STEP_PX,
                                              &latitude, &longitude);
  shumate_map_center_on (self->map,
                         CLAMP (latitude, SHUMATE_MIN_LATITUDE, SHUMATE_MAX_LATITUDE),
                         CLAMP (longitude, SHUMATE_MIN_LONGITUDE, SHUMATE_MAX_LONGITUDE));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DeskMapView *self = DESK_MAP_VIEW (widget);
  ShumateViewport *viewport = shumate_map_get_viewport (self->map);
  double zoom = round (shumate_viewport_get_zoom_level (viewport));

  /* Whole levels, about the centre (ShumateMap 1.0's own zoom_in/out do
   * not animate reliably from a key press). */
  zoom += g_str_equal (action_name, "map.zoom-in") ? 1 : -1;
  zoom = CLAMP (zoom, shumate_viewport_get_min_zoom_level (viewport),
                shumate_viewport_get_max_zoom_level (viewport));
  desk_map_view_go_to (self,
                       shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                       shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                       zoom);
}

static void
desk_map_view_dispose (GObject *object)
{
  DeskMapView *self = (DeskMapView *)object;

  if (self->save_view_id != 0)
    {
      g_clear_handle_id (&self->save_view_id, g_source_remove);
      save_view (self);
    }
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_MAP_VIEW);

  self->tile_layer = NULL;
  self->base_layer = NULL;
  self->near_layer = NULL;
  self->marker_layer = NULL;
  self->near_markers = NULL;
  g_clear_object (&self->near_marker);
  g_clear_object (&self->map_source);
  g_clear_object (&self->tile_source);

  G_OBJECT_CLASS (desk_map_view_parent_class)->dispose (object);
}

static void
desk_map_view_finalize (GObject *object)
{
  DeskMapView *self = (DeskMapView *)object;

  g_clear_pointer (&self->url_template, g_free);

  G_OBJECT_CLASS (desk_map_view_parent_class)->finalize (object);
}

static void
desk_map_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DeskMapView *self = DESK_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_TILE_URL_TEMPLATE:
      g_value_set_string (value, self->url_template);
      break;
    case PROP_SELECTED_SERVICE:
      g_value_set_string (value, desk_map_view_get_selected_service (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_map_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DeskMapView *self = DESK_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_TILE_URL_TEMPLATE:
      desk_map_view_set_tile_url_template (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_zoom_bindings (GtkWidgetClass *widget_class,
                   const guint    *keys,
                   guint           n_keys,
                   const char     *action)
{
  for (guint i = 0; i < n_keys; i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i], 0, action, NULL);
}

static void
desk_map_view_class_init (DeskMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const guint zoom_in_keys[] = { GDK_KEY_plus, GDK_KEY_equal, GDK_KEY_KP_Add };
  static const guint zoom_out_keys[] = { GDK_KEY_minus, GDK_KEY_underscore, GDK_KEY_KP_Subtract };
  static const struct { guint key; int dx; int dy; } pan_keys[] = {
    { GDK_KEY_Left, -1, 0 }, { GDK_KEY_KP_Left, -1, 0 },
    { GDK_KEY_Right, 1, 0 }, { GDK_KEY_KP_Right, 1, 0 },
    { GDK_KEY_Up, 0, -1 }, { GDK_KEY_KP_Up, 0, -1 },
    { GDK_KEY_Down, 0, 1 }, { GDK_KEY_KP_Down, 0, 1 },
  };

  object_class->dispose = desk_map_view_dispose;
  object_class->finalize = desk_map_view_finalize;
  object_class->get_property = desk_map_view_get_property;
  object_class->set_property = desk_map_view_set_property;

  properties [PROP_TILE_URL_TEMPLATE] =
    g_param_spec_string ("tile-url-template", NULL, NULL,
                         DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_SELECTED_SERVICE] =
    g_param_spec_string ("selected-service", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DeskMapView::service-activated:
   * @id: the service's id
   *
   * A service's pin was clicked or activated from the keyboard.
   */
  signals [SERVICE_ACTIVATED] =
    g_signal_new ("service-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/directionhub/Desk/ui/desk-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskMapView, overlay);
  gtk_widget_class_bind_template_child (widget_class, DeskMapView, map);
  gtk_widget_class_bind_template_child (widget_class, DeskMapView, scale);
  gtk_widget_class_bind_template_child (widget_class, DeskMapView, license);

  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "map.pan", "(ii)", pan_action);

  add_zoom_bindings (widget_class, zoom_in_keys, G_N_ELEMENTS (zoom_in_keys), "map.zoom-in");
  add_zoom_bindings (widget_class, zoom_out_keys, G_N_ELEMENTS (zoom_out_keys), "map.zoom-out");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_SHIFT_MASK,
                                       "map.zoom-in", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (pan_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, pan_keys[i].key, 0, "map.pan",
                                         "(ii)", pan_keys[i].dx, pan_keys[i].dy);

  gtk_widget_class_set_css_name (widget_class, "mapview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (SHUMATE_TYPE_SCALE);
  g_type_ensure (SHUMATE_TYPE_LICENSE);
}

static void
desk_map_view_init (DeskMapView *self)
{
  ShumateViewport *viewport;
  GtkWidget *image;
  const char *props[] = { "notify::latitude", "notify::longitude", "notify::zoom-level" };

  gtk_widget_init_template (GTK_WIDGET (self));

  viewport = shumate_map_get_viewport (self->map);
  shumate_viewport_set_min_zoom_level (viewport, 2);
  shumate_viewport_set_max_zoom_level (viewport, 19);
  shumate_scale_set_viewport (self->scale, viewport);
  shumate_scale_set_unit (self->scale, SHUMATE_UNIT_BOTH);

  self->url_template = g_strdup (DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE);

  self->base_layer = desk_base_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->base_layer));
  desk_base_layer_add_overlay (self->base_layer, GTK_WIDGET (self->scale));
  desk_base_layer_add_overlay (self->base_layer, GTK_WIDGET (self->license));
  setup_tiles (self);

  self->near_layer = desk_near_layer_new (viewport);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->near_layer));

  self->marker_layer = desk_marker_layer_new (viewport);
  g_signal_connect_object (self->marker_layer, "service-activated",
                           G_CALLBACK (on_service_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->marker_layer, "cluster-activated",
                           G_CALLBACK (on_cluster_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->marker_layer, "markers-changed",
                           G_CALLBACK (on_markers_changed_cb), self, G_CONNECT_SWAPPED);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->marker_layer));

  self->near_markers = shumate_marker_layer_new_full (viewport, GTK_SELECTION_NONE);
  gtk_widget_set_can_target (GTK_WIDGET (self->near_markers), FALSE);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->near_markers));

  self->near_marker = g_object_ref_sink (shumate_marker_new ());
  image = gtk_image_new_from_icon_name ("mark-location-symbolic");
  gtk_widget_add_css_class (image, "map-near-marker");
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search centre"),
                                  -1);
  shumate_marker_set_child (self->near_marker, image);

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect_object (viewport, props[i],
                             G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);

  /* Bedfordshire until told otherwise. */
  shumate_viewport_set_zoom_level (viewport, 10);
  shumate_map_center_on (self->map, 52.02, -0.45);
}

GtkWidget *
desk_map_view_new (void)
{
  return g_object_new (DESK_TYPE_MAP_VIEW, NULL);
}

ShumateMap *
desk_map_view_get_map (DeskMapView *self)
{
  g_return_val_if_fail (DESK_IS_MAP_VIEW (self), NULL);

  return self->map;
}

ShumateViewport *
desk_map_view_get_viewport (DeskMapView *self)
{
  g_return_val_if_fail (DESK_IS_MAP_VIEW (self), NULL);

  return shumate_map_get_viewport (self->map);
}

/**
 * desk_map_view_get_base_layer:
 *
 * Returns: (transfer none): the offline base layer under the tiles
 */
DeskBaseLayer *
desk_map_view_get_base_layer (DeskMapView *self)
{
  g_return_val_if_fail (DESK_IS_MAP_VIEW (self), NULL);

  return self->base_layer;
}

DeskMarkerLayer *
desk_map_view_get_marker_layer (DeskMapView *self)
{
  g_return_val_if_fail (DESK_IS_MAP_VIEW (self), NULL);

  return self->marker_layer;
}

/* The tile source in use: for prefetching (DeskTilePrefetch). */
DeskTileSource *
desk_map_view_get_tile_source (DeskMapView *self)
{
  g_return_val_if_fail (DESK_IS_MAP_VIEW (self), NULL);

  return self->tile_source;
}

const char *
desk_map_view_get_tile_url_template (DeskMapView *self)
{
  g_return_val_if_fail (DESK_IS_MAP_VIEW (self), NULL);

  return self->url_template;
}

/* A template such as "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
 * NULL or "" for that default. */
void
desk_map_view_set_tile_url_template (DeskMapView *self,
                                     const char  *url_template)
{
  g_return_if_fail (DESK_IS_MAP_VIEW (self));

  if (url_template == NULL || url_template[0] == '\0')
    url_template = DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE;

  if (g_strcmp0 (self->url_template, url_template) == 0)
    return;

  g_free (self->url_template);
  self->url_template = g_strdup (url_template);
  setup_tiles (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TILE_URL_TEMPLATE]);
}

/* Takes the tile template and cache size from settings, restores the last
 * view and saves it as it changes. */
void
desk_map_view_bind_settings (DeskMapView *self,
                             GSettings   *settings)
{
  ShumateViewport *viewport;

  g_return_if_fail (DESK_IS_MAP_VIEW (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_clear_handle_id (&self->save_view_id, g_source_remove);
  g_set_object (&self->settings, settings);

  g_signal_connect_object (settings, "changed::tile-cache-max-mb",
                           G_CALLBACK (on_settings_cache_max_changed_cb), self,
                           G_CONNECT_SWAPPED);
  on_settings_cache_max_changed_cb (self, "tile-cache-max-mb", settings);
  g_settings_bind (settings, "tile-url-template", self, "tile-url-template",
                   G_SETTINGS_BIND_GET);

  viewport = shumate_map_get_viewport (self->map);
  shumate_viewport_set_zoom_level (viewport, g_settings_get_double (settings, "map-zoom"));
  shumate_map_center_on (self->map,
                         g_settings_get_double (settings, "map-latitude"),
                         g_settings_get_double (settings, "map-longitude"));
  g_clear_handle_id (&self->save_view_id, g_source_remove);
}

/* points: a GArray of DirPoint from dir_store_query_points(), kept (not
 * copied); NULL for none. */
void
desk_map_view_set_points (DeskMapView *self,
                          GArray      *points)
{
  g_return_if_fail (DESK_IS_MAP_VIEW (self));

  desk_marker_layer_set_points (self->marker_layer, points);
}

/* index: the pins, clustered in a thread (desk_marker_index_new()). */
void
desk_map_view_set_index (DeskMapView     *self,
                         DeskMarkerIndex *index)
{
  g_return_if_fail (DESK_IS_MAP_VIEW (self));

  desk_marker_layer_set_index (self->marker_layer, index);
}

/* Highlights a service's pin and brings it to the centre; NULL unselects.
 * FALSE when the service has no pin (unknown, confidential or unlocated). */
gboolean
desk_map_view_select_service (DeskMapView *self,
                              const char  *id)
{
  ShumateViewport *viewport;
  double latitude, longitude, zoom;

  g_return_val_if_fail (DESK_IS_MAP_VIEW (self), FALSE);

  if (g_strcmp0 (id, desk_map_view_get_selected_service (self)) != 0)
    {
      desk_marker_layer_set_selected_service (self->marker_layer, id);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED_SERVICE]);
    }

  if (id == NULL)
    return TRUE;
  if (!desk_marker_layer_get_service_location (self->marker_layer, id, &latitude, &longitude))
    return FALSE;

  viewport = shumate_map_get_viewport (self->map);
  zoom = MAX (shumate_viewport_get_zoom_level (viewport), SELECT_MIN_ZOOM);
  desk_map_view_go_to (self, latitude, longitude, zoom);

  return TRUE;
}

const char *
desk_map_view_get_selected_service (DeskMapView *self)
{
  g_return_val_if_fail (DESK_IS_MAP_VIEW (self), NULL);

  return desk_marker_layer_get_selected_service (self->marker_layer);
}

/* Animated when the map is on screen and animations are on. */
void
desk_map_view_go_to (DeskMapView *self,
                     double       latitude,
                     double       longitude,
                     double       zoom_level)
{
  g_return_if_fail (DESK_IS_MAP_VIEW (self));

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    shumate_map_go_to_full (self->map, latitude, longitude, zoom_level);
  else
    desk_map_view_center_on (self, latitude, longitude, zoom_level);
}

/* At once, no animation. */
void
desk_map_view_center_on (DeskMapView *self,
                         double       latitude,
                         double       longitude,
                         double       zoom_level)
{
  g_return_if_fail (DESK_IS_MAP_VIEW (self));

  shumate_map_stop_go_to (self->map);
  shumate_viewport_set_zoom_level (shumate_map_get_viewport (self->map), zoom_level);
  shumate_map_center_on (self->map, latitude, longitude);
}

/* The "near" search: a marker at the point and a translucent circle of
 * radius_m metres around it. */
void
desk_map_view_set_near (DeskMapView *self,
                        double       latitude,
                        double       longitude,
                        double       radius_m)
{
  g_return_if_fail (DESK_IS_MAP_VIEW (self));
  g_return_if_fail (latitude >= -90 && latitude <= 90);
  g_return_if_fail (longitude >= -180 && longitude <= 180);
  g_return_if_fail (radius_m >= 0);

  desk_near_layer_set_circle (self->near_layer, latitude, longitude, radius_m);
  shumate_location_set_location (SHUMATE_LOCATION (self->near_marker), latitude, longitude);
  if (gtk_widget_get_parent (GTK_WIDGET (self->near_marker)) == NULL)
    shumate_marker_layer_add_marker (self->near_markers, self->near_marker);
}

void
desk_map_view_clear_near (DeskMapView *self)
{
  g_return_if_fail (DESK_IS_MAP_VIEW (self));

  desk_near_layer_clear (self->near_layer);
  if (gtk_widget_get_parent (GTK_WIDGET (self->near_marker)) != NULL)
    shumate_marker_layer_remove_marker (self->near_markers, self->near_marker);
}

gboolean
desk_map_view_get_near (DeskMapView *self,
                        double      *latitude,
                        double      *longitude,
                        double      *radius_m)
{
  g_return_val_if_fail (DESK_IS_MAP_VIEW (self), FALSE);

  return desk_near_layer_get_circle (self->near_layer, latitude, longitude, radius_m);
}

/**
 * desk_map_view_get_bounds:
 * @width: the width to take the map as, or 0 for its own
 * @height: the height, or 0 for its own
 *
 * The area the map shows (or would show at that size), in degrees: for
 * "Download this area".  FALSE when there is no size to go by.
 */
gboolean
desk_map_view_get_bounds (DeskMapView *self,
                          int          width,
                          int          height,
                          double      *north,
                          double      *south,
                          double      *west,
                          double      *east)
{
  ShumateViewport *viewport;
  double world, cx, cy;

  g_return_val_if_fail (DESK_IS_MAP_VIEW (self), FALSE);

  if (width <= 0 || height <= 0)
    {
      width = gtk_widget_get_width (GTK_WIDGET (self->map));
      height = gtk_widget_get_height (GTK_WIDGET (self->map));
    }
  if (width <= 0 || height <= 0)
    return FALSE;

  viewport = shumate_map_get_viewport (self->map);
  world = 256.0 * exp2 (shumate_viewport_get_zoom_level (viewport));
  cx = desk_map_lon_to_mx (shumate_location_get_longitude (SHUMATE_LOCATION (viewport))) * world;
  cy = desk_map_lat_to_my (shumate_location_get_latitude (SHUMATE_LOCATION (viewport))) * world;

  *west = desk_map_mx_to_lon (CLAMP ((cx - width / 2.0) / world, 0, 1));
  *east = desk_map_mx_to_lon (CLAMP ((cx + width / 2.0) / world, 0, 1));
  *north = desk_map_my_to_lat (CLAMP ((cy - height / 2.0) / world, 0, 1));
  *south = desk_map_my_to_lat (CLAMP ((cy + height / 2.0) / world, 0, 1));

  return TRUE;
}
