/* desk-marker-layer.c
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

#include "desk-map-private.h"
#include "desk-marker-layer.h"

/* Service markers, clustered.
 *
 * libshumate 1.0 makes every marker a widget, so we never show more than
 * DESK_MARKER_LAYER_MAX_MARKERS of them.  The services are bucketed on a
 * grid per zoom level: at level L the world is (4 << L)² cells, 64 px wide
 * at zoom L.  Each non-empty cell in view is one marker: a pin, coloured by
 * the service's top-level pathway, when it holds one service; a bubble with
 * the count when it holds more.  The cells of every level are built at
 * once, away from the widget (DeskMarkerIndex: one sort at the finest
 * level, each coarser level merged from the one below in O(cells)), so
 * the window builds them in the thread that reads the pins and the main
 * thread never sorts; they are kept sorted by (row, column), so a viewport
 * change only binary-searches the visible rows: O(visible cells · log n),
 * not O(n).  When even that many cells would be too many widgets (a very
 * large window) the next coarser level is used.  A cluster's bubble sits
 * at the centre of its services but never closer to its cell's edge than
 * its own size, so the bubbles of neighbouring cells do not overlap.
 *
 * The widgets come from a pool: a marker that stays in view keeps its
 * widget (and the keyboard focus); the others are reconfigured for what
 * came into view, and unused ones are taken out of the ShumateMarkerLayer
 * but kept for later. */

#define CELL_PX 64.0
#define MAX_LEVEL 19
/* How far a bubble stays from its cell's edges: half the largest bubble
 * (36 px and its border), with a gap. */
#define CLUSTER_MARGIN_PX 22.0
#define UPDATE_PRIORITY (G_PRIORITY_HIGH_IDLE + 10)   /* before layout */
#define SINGLETON_BIT (G_GUINT64_CONSTANT (1) << 63)

typedef struct
{
  guint64 key;        /* row << 32 | column */
  guint   count;
  guint   first;      /* two members, to show the other one of a pair */
  guint   second;     /* when the first is the selected service */
  double  sum_mx;
  double  sum_my;
} Cell;

typedef struct
{
  guint64 key;
  guint   point;
} KeyedPoint;

typedef struct _Slot Slot;

struct _DeskMarkerIndex
{
  gatomicrefcount     ref_count;
  GArray             *points;         /* DirPoint */
  double             *mxy;            /* normalised positions, 2 per point */
  GHashTable         *index_by_id;    /* id (in points) → index + 1 */
  GArray             *levels[MAX_LEVEL + 1];   /* Cell, sorted */
};

struct _DeskMarkerLayer
{
  ShumateLayer        parent_instance;

  ShumateMarkerLayer *markers;
  DeskMarkerIndex    *index;
  /* shortcuts into index */
  GArray             *points;         /* DirPoint */
  double             *mxy;
  GHashTable         *index_by_id;
  guint               selected;       /* index + 1, 0 for none */
  GArray             *obstacles;      /* DeskMarkerObstacle of the live markers */

  GPtrArray          *slots;          /* every Slot ever made (the pool) */
  GHashTable         *live;           /* ident → Slot */
  GPtrArray          *spare;          /* Slots not in view */

  guint               update_id;
  guint               shown_count;
  guint               query_level;
  double              query_mx0, query_my0, query_mx1, query_my1;
  gint64              last_update_time;
  gint64              last_query_time;
  int                 last_width;
  int                 last_height;
};

struct _Slot
{
  DeskMarkerLayer *layer;
  ShumateMarker   *marker;
  GtkWidget       *button;
  guint64          ident;
  guint            count;
  guint            point;            /* singletons */
  guint            level;
  gboolean         in_layer;
  gboolean         selected;
  char            *tooltip;          /* given on query-tooltip */
};

G_DEFINE_FINAL_TYPE (DeskMarkerLayer, desk_marker_layer, SHUMATE_TYPE_LAYER)

enum {
  SERVICE_ACTIVATED,
  CLUSTER_ACTIVATED,
  MARKERS_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* Top-level pathway colours: white icons on them have a contrast of at
 * least 4.5:1 (WCAG AA for text), and each is told apart by its icon too. */
static const struct {
  const char *code;
  const char *color;
} pathway_colors[] = {
  { "ACC", "#1c71d8" },   /* 4.8:1 */
  { "ETE", "#1b7f4c" },   /* 5.0:1 */
  { "FIN", "#8a6100" },   /* 5.5:1 */
  { "DA",  "#c64600" },   /* 4.9:1 */
  { "HLT", "#c01c28" },   /* 6.1:1 */
  { "FAM", "#865e3c" },   /* 5.7:1 */
  { "WOM", "#b5246f" },   /* 6.1:1 */
  { "DSA", "#8f1a2c" },   /* 8.9:1 */
  { "ATB", "#813d9c" },   /* 6.8:1 */
  { "MEN", "#0b7285" },   /* 5.6:1 */
  { "YP",  "#3a5bd9" },   /* 5.7:1 */
  { "RES", "#4a3fa3" },   /* 8.3:1 */
  { "CJ",  "#3d3846" },   /* 11.3:1 */
  { "VET", "#5e6b2d" },   /* 5.8:1 */
};

static void
ensure_style (GdkDisplay *display)
{
  g_autoptr(GtkCssProvider) provider = NULL;
  g_autoptr(GString) css = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), "desk-map-style") != NULL)
    return;

  /* No drop shadow at rest: a blurred shadow under each of up to 500
   * markers cost a quarter of a pan frame under software GL (pan p50 14.8
   * -> 11 ms at 100,000 services); the white ring keeps them apart from
   * the map.  The hovered and the selected marker, one each, keep one. */
  css = g_string_new (
    "button.map-marker {"
    "  min-width: 20px; min-height: 20px; padding: 2px; margin: 0;"
    "  border-radius: 999px; border: 2px solid white;"
    "  background-image: none; background-color: #5e5c64; color: white;"
    "  box-shadow: none;"
    "}"
    "button.map-marker:hover { box-shadow: 0 1px 5px alpha(black, 0.7); }"
    "button.map-marker:focus-visible { outline: 2px solid #1a5fb4; outline-offset: 1px; }"
    "button.map-marker.selected {"
    "  min-width: 28px; min-height: 28px; border-width: 3px;"
    "  box-shadow: 0 0 0 3px alpha(#1a5fb4, 0.6), 0 1px 5px alpha(black, 0.6);"
    "}"
    "button.map-cluster {"
    "  min-width: 24px; min-height: 24px; padding: 0;"
    "  background-color: alpha(#241f31, 0.88);"
    "  font-weight: bold; font-size: 0.85em;"
    "}"
    "button.map-cluster.medium { min-width: 30px; min-height: 30px; }"
    "button.map-cluster.large { min-width: 36px; min-height: 36px; font-size: 0.95em; }"
    ".map-near-marker {"
    "  min-width: 26px; min-height: 26px; border-radius: 999px;"
    "  background-color: #1a5fb4; color: white; border: 2px solid white;"
    "  box-shadow: 0 1px 4px alpha(black, 0.6);"
    "}");
  for (guint i = 0; i < G_N_ELEMENTS (pathway_colors); i++)
    {
      g_autofree char *lower = g_ascii_strdown (pathway_colors[i].code, -1);

      g_string_append_printf (css, "button.map-marker.pathway-%s { background-color: %s; }",
                              lower, pathway_colors[i].color);
    }

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, css->str, css->len);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "desk-map-style",
                          g_steal_pointer (&provider), g_object_unref);
}

static int
compare_keyed (gconstpointer a,
               gconstpointer b)
{
  const KeyedPoint *ka = a;
  const KeyedPoint *kb = b;

  return (ka->key > kb->key) - (ka->key < kb->key);
}

static inline guint64
cell_key_for (double mx,
              double my,
              guint  n_cells)
{
  guint64 cx = (guint64) CLAMP (mx * n_cells, 0, n_cells - 1);
  guint64 cy = (guint64) CLAMP (my * n_cells, 0, n_cells - 1);

  return (cy << 32) | cx;
}

static inline void
cell_add (Cell       *cell,
          const Cell *other)
{
  if (cell->count == 1)
    cell->second = other->first;
  cell->count += other->count;
  cell->sum_mx += other->sum_mx;
  cell->sum_my += other->sum_my;
}

/* The finest level: every point's cell, sorted.  O(n log n). */
static GArray *
build_finest_level (const double *mxy,
                    guint         n)
{
  guint n_cells = 4u << MAX_LEVEL;
  g_autofree KeyedPoint *keyed = g_new (KeyedPoint, MAX (n, 1));
  GArray *cells = g_array_sized_new (FALSE, FALSE, sizeof (Cell), n);

  for (guint i = 0; i < n; i++)
    {
      keyed[i].key = cell_key_for (mxy[2 * i], mxy[2 * i + 1], n_cells);
      keyed[i].point = i;
    }
  qsort (keyed, n, sizeof (KeyedPoint), compare_keyed);

  for (guint i = 0; i < n; i++)
    {
      guint p = keyed[i].point;
      Cell one = { keyed[i].key, 1, p, p, mxy[2 * p], mxy[2 * p + 1] };

      if (cells->len > 0 && g_array_index (cells, Cell, cells->len - 1).key == one.key)
        cell_add (&g_array_index (cells, Cell, cells->len - 1), &one);
      else
        g_array_append_val (cells, one);
    }

  return cells;
}

static inline void
append_coarser (GArray     *out,
                guint64     row,
                const Cell *cell)
{
  Cell coarse = *cell;

  coarse.key = row | ((cell->key & 0xffffffff) >> 1);
  if (out->len > 0 && g_array_index (out, Cell, out->len - 1).key == coarse.key)
    cell_add (&g_array_index (out, Cell, out->len - 1), &coarse);
  else
    g_array_append_val (out, coarse);
}

/* The level above finer: rows 2k and 2k + 1 become row k, columns 2j and
 * 2j + 1 column j.  Both rows are sorted by column, so one merge of the
 * two keeps the result sorted: O(cells). */
static GArray *
build_coarser_level (GArray *finer)
{
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (Cell), finer->len / 2 + 1);
  const Cell *cells = (const Cell *) finer->data;
  guint n = finer->len;
  guint i = 0;

  while (i < n)
    {
      guint64 row = cells[i].key >> 32;
      guint64 out_row = (row >> 1) << 32;
      guint a = i, a_end = i, b, b_end;

      while (a_end < n && (cells[a_end].key >> 32) == row)
        a_end++;
      b = b_end = a_end;
      if ((row & 1) == 0)
        while (b_end < n && (cells[b_end].key >> 32) == row + 1)
          b_end++;

      while (a < a_end || b < b_end)
        {
          if (b >= b_end ||
              (a < a_end && (cells[a].key & 0xffffffff) <= (cells[b].key & 0xffffffff)))
            append_coarser (out, out_row, &cells[a++]);
          else
            append_coarser (out, out_row, &cells[b++]);
        }

      i = b_end;
    }

  return out;
}

/**
 * desk_marker_index_new:
 * @points: (nullable): a GArray of DirPoint, from dir_store_query_points()
 *
 * Everything the marker layer needs to show @points at any zoom: their
 * positions, the cells of every level, and an index by id.  Plain data, no
 * widgets: build it in a worker thread (O(n log n); about 30 ms for
 * 100,000 services) and hand it to desk_marker_layer_set_index().
 *
 * Returns: (transfer full): the index, keeping a reference to @points
 */
DeskMarkerIndex *
desk_marker_index_new (GArray *points)
{
  DeskMarkerIndex *index = g_new0 (DeskMarkerIndex, 1);
  guint n;

  g_return_val_if_fail (points == NULL || g_array_get_element_size (points) == sizeof (DirPoint), NULL);

  g_atomic_ref_count_init (&index->ref_count);
  if (points == NULL)
    return index;

  n = points->len;
  index->points = g_array_ref (points);
  index->mxy = g_new (double, 2 * MAX (n, 1));
  index->index_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    {
      const DirPoint *point = &g_array_index (points, DirPoint, i);

      index->mxy[2 * i] = desk_map_lon_to_mx (point->longitude);
      index->mxy[2 * i + 1] = desk_map_lat_to_my (point->latitude);
      g_hash_table_insert (index->index_by_id, (gpointer) point->id, GUINT_TO_POINTER (i + 1));
    }

  index->levels[MAX_LEVEL] = build_finest_level (index->mxy, n);
  for (int level = MAX_LEVEL - 1; level >= 0; level--)
    index->levels[level] = build_coarser_level (index->levels[level + 1]);

  return index;
}

DeskMarkerIndex *
desk_marker_index_ref (DeskMarkerIndex *index)
{
  g_return_val_if_fail (index != NULL, NULL);

  g_atomic_ref_count_inc (&index->ref_count);
  return index;
}

void
desk_marker_index_unref (DeskMarkerIndex *index)
{
  g_return_if_fail (index != NULL);

  if (!g_atomic_ref_count_dec (&index->ref_count))
    return;

  for (guint i = 0; i <= MAX_LEVEL; i++)
    g_clear_pointer (&index->levels[i], g_array_unref);
  g_clear_pointer (&index->index_by_id, g_hash_table_unref);
  g_clear_pointer (&index->points, g_array_unref);
  g_clear_pointer (&index->mxy, g_free);
  g_free (index);
}

GArray *
desk_marker_index_get_points (DeskMarkerIndex *index)
{
  g_return_val_if_fail (index != NULL, NULL);

  return index->points;
}

static GArray *
get_level (DeskMarkerLayer *self,
           guint            level)
{
  return self->index->levels[level];
}

/* First cell whose key is >= key. */
static guint
lower_bound (GArray  *cells,
             guint64  key)
{
  guint lo = 0, hi = cells->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (cells, Cell, mid).key < key)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static const DirPoint *
get_point (DeskMarkerLayer *self,
           guint            index)
{
  return &g_array_index (self->points, DirPoint, index);
}

/* Moves a marker only when it moves: each move is a notification and a
 * new allocation of the marker layer. */
static void
place_marker (Slot   *slot,
              double  latitude,
              double  longitude)
{
  ShumateLocation *location = SHUMATE_LOCATION (slot->marker);

  if (shumate_location_get_latitude (location) != latitude ||
      shumate_location_get_longitude (location) != longitude)
    shumate_location_set_location (location, latitude, longitude);
}

static void
configure_pin (Slot  *slot,
               guint  point_index)
{
  DeskMarkerLayer *self = slot->layer;
  const DirPoint *point = get_point (self, point_index);
  const DirPathway *pathway = NULL;
  gboolean selected = self->selected == point_index + 1;
  guint n_pathways = 0;
  const DirPathway *all = dir_taxonomy_get_all (&n_pathways);
  g_autofree char *pathway_class = NULL;
  const char *label;
  char **classes;

  if (point->pathway < n_pathways)
    pathway = &all[point->pathway];

  place_marker (slot, point->latitude, point->longitude);

  if (slot->count == 1 && slot->point == point_index && slot->selected == selected)
    return;

  slot->count = 1;
  slot->point = point_index;
  slot->selected = selected;

  if (pathway != NULL && pathway->icon_name != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (pathway->code, -1);

      pathway_class = g_strconcat ("pathway-", lower, NULL);
      gtk_button_set_icon_name (GTK_BUTTON (slot->button), pathway->icon_name);
      label = _(pathway->label);
    }
  else
    {
      gtk_button_set_icon_name (GTK_BUTTON (slot->button), "mark-location-symbolic");
      label = C_("map pin without a name", "Service");
    }

  classes = (char *[]) { (char *)"map-marker", (char *)"map-pin",
                         selected ? (char *)"selected" : pathway_class,
                         selected ? pathway_class : NULL, NULL };
  gtk_widget_set_css_classes (slot->button, (const char **)classes);
  /* Not gtk_widget_set_tooltip_text(): it asks the X server where the
   * pointer is, a round trip per marker per update. */
  g_free (slot->tooltip);
  slot->tooltip = g_strdup (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (slot->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
configure_cluster (Slot   *slot,
                   guint   count,
                   double  mx,
                   double  my)
{
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;
  const char *size;

  place_marker (slot, desk_map_my_to_lat (my), desk_map_mx_to_lon (mx));

  if (slot->count == count)
    return;
  slot->count = count;
  slot->selected = FALSE;

  if (count < 1000)
    text = g_strdup_printf ("%u", count);
  else if (count < 10000)
    /* Translators: a count of thousands on a map marker: "2.5k" */
    text = g_strdup_printf (_("%.1fk"), count / 1000.0);
  else
    text = g_strdup_printf (_("%uk"), count / 1000);

  size = count < 10 ? NULL : count < 100 ? "medium" : "large";
  gtk_widget_set_css_classes (slot->button,
                              (const char *[]) { "map-marker", "map-cluster", size, NULL });
  gtk_button_set_label (GTK_BUTTON (slot->button), text);

  label = g_strdup_printf (ngettext ("%u service", "%u services", count), count);
  g_free (slot->tooltip);
  slot->tooltip = g_steal_pointer (&label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (slot->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, slot->tooltip,
                                  -1);
}

static gboolean
on_marker_query_tooltip_cb (GtkWidget  *button,
                            int         x,
                            int         y,
                            gboolean    keyboard_mode,
                            GtkTooltip *tooltip,
                            Slot       *slot)
{
  if (slot->tooltip == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, slot->tooltip);
  return TRUE;
}

static void
on_marker_clicked_cb (GtkButton *button,
                      Slot      *slot)
{
  DeskMarkerLayer *self = slot->layer;
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  guint n_cells = 4u << slot->level;
  guint64 key;
  double mx0 = G_MAXDOUBLE, my0 = G_MAXDOUBLE, mx1 = -G_MAXDOUBLE, my1 = -G_MAXDOUBLE;
  double zoom, span, fit;
  int width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 64);
  int height = MAX (gtk_widget_get_height (GTK_WIDGET (self)), 64);

  if (slot->count == 1)
    {
      g_signal_emit (self, signals [SERVICE_ACTIVATED], 0, get_point (self, slot->point)->id);
      return;
    }

  /* Zoom to the cluster's members: one pass over the points on a click. */
  key = slot->ident;
  for (guint i = 0; i < self->points->len; i++)
    {
      double mx = self->mxy[2 * i], my = self->mxy[2 * i + 1];

      if (cell_key_for (mx, my, n_cells) != key)
        continue;
      mx0 = MIN (mx0, mx);
      mx1 = MAX (mx1, mx);
      my0 = MIN (my0, my);
      my1 = MAX (my1, my);
    }
  if (mx0 > mx1)
    return;

  span = MAX (MAX (mx1 - mx0, my1 - my0), 1e-12);
  fit = log2 (MIN (width, height) * 0.6 / (256.0 * span));
  zoom = shumate_viewport_get_zoom_level (viewport);
  zoom = CLAMP (fit, zoom + 1, (double) shumate_viewport_get_max_zoom_level (viewport));

  g_signal_emit (self, signals [CLUSTER_ACTIVATED], 0,
                 desk_map_my_to_lat ((my0 + my1) / 2), desk_map_mx_to_lon ((mx0 + mx1) / 2),
                 zoom);
}

static Slot *
take_slot (DeskMarkerLayer *self)
{
  Slot *slot;

  if (self->spare->len > 0)
    return g_ptr_array_steal_index_fast (self->spare, self->spare->len - 1);

  if (self->slots->len >= DESK_MARKER_LAYER_MAX_MARKERS)
    return NULL;

  slot = g_new0 (Slot, 1);
  slot->layer = self;
  slot->marker = g_object_ref_sink (shumate_marker_new ());
  shumate_marker_set_selectable (slot->marker, FALSE);
  slot->button = gtk_button_new ();
  gtk_widget_set_halign (slot->button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (slot->button, GTK_ALIGN_CENTER);
  gtk_widget_set_focus_on_click (slot->button, FALSE);
  g_signal_connect (slot->button, "clicked", G_CALLBACK (on_marker_clicked_cb), slot);
  gtk_widget_set_has_tooltip (slot->button, TRUE);
  g_signal_connect (slot->button, "query-tooltip", G_CALLBACK (on_marker_query_tooltip_cb), slot);
  shumate_marker_set_child (slot->marker, slot->button);
  g_ptr_array_add (self->slots, slot);

  return slot;
}

static void
slot_free (gpointer data)
{
  Slot *slot = data;

  g_signal_handlers_disconnect_by_data (slot->button, slot);
  g_clear_object (&slot->marker);
  g_clear_pointer (&slot->tooltip, g_free);
  g_free (slot);
}

typedef struct
{
  guint64 ident;
  guint   count;
  guint   point;
  double  mx, my;
} Item;

static void
show_item (DeskMarkerLayer *self,
           Slot            *slot,
           const Item      *item,
           guint            level)
{
  slot->ident = item->ident;
  slot->level = level;
  if (item->count == 1)
    configure_pin (slot, item->point);
  else
    configure_cluster (slot, item->count, item->mx, item->my);

  if (!slot->in_layer)
    {
      shumate_marker_layer_add_marker (self->markers, slot->marker);
      slot->in_layer = TRUE;
    }

  g_hash_table_insert (self->live, &slot->ident, slot);
}

static void
do_update (DeskMarkerLayer *self)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (Item));
  g_autoptr(GHashTable) old_live = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();
  gint64 start = g_get_monotonic_time ();
  DeskMapProjection proj;
  GHashTableIter iter;
  gpointer value;
  GArray *cells;
  double cell_px, mx0, my0, mx1, my1, margin;
  guint level, n_cells, budget;
  guint64 cx0, cx1, cy0, cy1;
  guint sel = self->selected;

  self->shown_count = 0;
  old_live = g_steal_pointer (&self->live);
  self->live = g_hash_table_new (g_int64_hash, g_int64_equal);

  if (self->points == NULL || self->points->len == 0 ||
      gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
    goto reconcile;

  desk_map_projection_init (&proj, viewport, widget);

  /* The level: 64–128 px cells at this zoom, coarser while the cells in
   * view could be more markers than we allow (one is kept for the
   * selected pin). */
  level = (guint) CLAMP (floor (proj.zoom), 0, MAX_LEVEL);
  cell_px = CELL_PX * exp2 (proj.zoom - level);
  budget = DESK_MARKER_LAYER_MAX_MARKERS - 1;
  for (;;)
    {
      double span_x, span_y;

      desk_map_projection_get_bounds (&proj, cell_px / 2, &mx0, &my0, &mx1, &my1);
      span_x = (mx1 - mx0) * proj.world;
      span_y = (my1 - my0) * proj.world;
      if (level == 0 || (ceil (span_x / cell_px) + 1) * (ceil (span_y / cell_px) + 1) <= budget)
        break;
      level--;
      cell_px *= 2;
    }

  n_cells = 4u << level;
  margin = CLUSTER_MARGIN_PX / proj.world;
  cx0 = (guint64) CLAMP (floor (mx0 * n_cells), 0, n_cells - 1);
  cx1 = (guint64) CLAMP (floor (mx1 * n_cells), 0, n_cells - 1);
  cy0 = (guint64) CLAMP (floor (my0 * n_cells), 0, n_cells - 1);
  cy1 = (guint64) CLAMP (floor (my1 * n_cells), 0, n_cells - 1);
  self->query_level = level;
  self->query_mx0 = (double) cx0 / n_cells;
  self->query_mx1 = (double) (cx1 + 1) / n_cells;
  self->query_my0 = (double) cy0 / n_cells;
  self->query_my1 = (double) (cy1 + 1) / n_cells;

  cells = get_level (self, level);

  for (guint64 cy = cy0; cy <= cy1; cy++)
    {
      guint64 row = cy << 32;

      for (guint i = lower_bound (cells, row | cx0); i < cells->len; i++)
        {
          const Cell *cell = &g_array_index (cells, Cell, i);
          Item item = { 0, };
          gboolean shares_cell;

          if (cell->key > (row | cx1))
            break;

          item.count = cell->count;
          item.mx = cell->sum_mx;
          item.my = cell->sum_my;

          /* The selected service is its own pin, out of its cluster. */
          shares_cell = sel != 0 &&
                        cell_key_for (self->mxy[2 * (sel - 1)], self->mxy[2 * (sel - 1) + 1],
                                      n_cells) == cell->key;
          if (shares_cell)
            {
              Item pin = { SINGLETON_BIT | (sel - 1), 1, sel - 1, 0, 0 };

              g_array_append_val (items, pin);
              item.count--;
              item.mx -= self->mxy[2 * (sel - 1)];
              item.my -= self->mxy[2 * (sel - 1) + 1];
              if (item.count == 0)
                continue;
              if (item.count == 1)
                item.point = cell->first == sel - 1 ? cell->second : cell->first;
            }
          else if (item.count == 1)
            item.point = cell->first;

          if (item.count == 1)
            item.ident = SINGLETON_BIT | item.point;
          else
            {
              double cell0_x = (double) (cell->key & 0xffffffff) / n_cells;
              double cell0_y = (double) (cell->key >> 32) / n_cells;

              item.ident = cell->key;  /* unique within the level shown */
              item.mx /= item.count;
              item.my /= item.count;
              /* Clear of the neighbouring cells' bubbles. */
              if (2 * margin < 1.0 / n_cells)
                {
                  item.mx = CLAMP (item.mx, cell0_x + margin, cell0_x + 1.0 / n_cells - margin);
                  item.my = CLAMP (item.my, cell0_y + margin, cell0_y + 1.0 / n_cells - margin);
                }
              else
                {
                  item.mx = cell0_x + 0.5 / n_cells;
                  item.my = cell0_y + 0.5 / n_cells;
                }

              /* …and of the selected pin taken out of it: to the corner
               * of the cell away from the pin. */
              if (shares_cell &&
                  hypot (item.mx - self->mxy[2 * (sel - 1)], item.my - self->mxy[2 * (sel - 1) + 1]) <
                  2 * margin)
                {
                  double inset = MIN (margin, 0.5 / n_cells);

                  item.mx = self->mxy[2 * (sel - 1)] < cell0_x + 0.5 / n_cells
                              ? cell0_x + 1.0 / n_cells - inset : cell0_x + inset;
                  item.my = self->mxy[2 * (sel - 1) + 1] < cell0_y + 0.5 / n_cells
                              ? cell0_y + 1.0 / n_cells - inset : cell0_y + inset;
                }
            }
          g_array_append_val (items, item);
        }
    }

  self->last_query_time = g_get_monotonic_time () - start;

  /* Markers still in view keep their widget. */
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      Slot *slot = NULL;

      if (g_hash_table_steal_extended (old_live, &item->ident, NULL, (gpointer *)&slot) &&
          (item->count == 1 || slot->level == level))
        show_item (self, slot, item, level);
      else
        {
          if (slot != NULL)
            g_ptr_array_add (self->spare, slot);
          g_ptr_array_add (pending, item);
        }
      self->shown_count += item->count;
    }

reconcile:
  g_hash_table_iter_init (&iter, old_live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (self->spare, value);

  for (guint i = 0; i < pending->len; i++)
    {
      Slot *slot = take_slot (self);

      if (slot == NULL)
        {
          /* Cannot happen with the budget above; keep the bound anyway. */
          g_debug ("Marker pool exhausted");
          break;
        }
      show_item (self, slot, g_ptr_array_index (pending, i), self->query_level);
    }

  for (guint i = 0; i < self->spare->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->spare, i);

      if (slot->in_layer)
        {
          shumate_marker_layer_remove_marker (self->markers, slot->marker);
          slot->in_layer = FALSE;
        }
    }

  /* Where the markers are, for the labels under them. */
  g_array_set_size (self->obstacles, 0);
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Slot *slot = value;
      DeskMarkerObstacle obstacle;

      if (slot->count == 1)
        {
          obstacle.mx = self->mxy[2 * slot->point];
          obstacle.my = self->mxy[2 * slot->point + 1];
          obstacle.radius_px = slot->selected ? 19 : 14;
        }
      else
        {
          double latitude = shumate_location_get_latitude (SHUMATE_LOCATION (slot->marker));
          double longitude = shumate_location_get_longitude (SHUMATE_LOCATION (slot->marker));

          obstacle.mx = desk_map_lon_to_mx (longitude);
          obstacle.my = desk_map_lat_to_my (latitude);
          obstacle.radius_px = slot->count < 10 ? 16 : slot->count < 100 ? 19 : 22;
        }
      g_array_append_val (self->obstacles, obstacle);
    }

  self->last_update_time = g_get_monotonic_time () - start;

  g_signal_emit (self, signals [MARKERS_CHANGED], 0);
}

/**
 * desk_marker_layer_get_obstacles:
 *
 * Returns: (transfer none) (element-type DeskMarkerObstacle): where the
 *   live markers are, in normalised map coordinates, and how large
 */
GArray *
desk_marker_layer_get_obstacles (DeskMarkerLayer *self)
{
  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), NULL);

  return self->obstacles;
}

static gboolean
update_idle_cb (gpointer user_data)
{
  DeskMarkerLayer *self = user_data;

  self->update_id = 0;
  do_update (self);

  return G_SOURCE_REMOVE;
}

static void
queue_update (DeskMarkerLayer *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (UPDATE_PRIORITY, update_idle_cb, self, NULL);
}

static void
on_viewport_changed_cb (DeskMarkerLayer *self)
{
  queue_update (self);
}

static void
desk_marker_layer_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = *natural = 0;
}

static void
desk_marker_layer_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  DeskMarkerLayer *self = DESK_MARKER_LAYER (widget);

  gtk_widget_allocate (GTK_WIDGET (self->markers), width, height, baseline, NULL);

  if (width != self->last_width || height != self->last_height)
    {
      self->last_width = width;
      self->last_height = height;
      queue_update (self);
    }
}

static void
desk_marker_layer_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (desk_marker_layer_parent_class)->realize (widget);

  ensure_style (gtk_widget_get_display (widget));
}

static void
desk_marker_layer_constructed (GObject *object)
{
  DeskMarkerLayer *self = (DeskMarkerLayer *)object;
  ShumateViewport *viewport;
  const char *props[] = { "notify::latitude", "notify::longitude",
                          "notify::zoom-level", "notify::rotation" };

  G_OBJECT_CLASS (desk_marker_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  self->markers = shumate_marker_layer_new_full (viewport, GTK_SELECTION_NONE);
  gtk_widget_set_parent (GTK_WIDGET (self->markers), GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect_object (viewport, props[i],
                             G_CALLBACK (on_viewport_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
desk_marker_layer_dispose (GObject *object)
{
  DeskMarkerLayer *self = (DeskMarkerLayer *)object;

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->markers != NULL)
    {
      shumate_marker_layer_remove_all (self->markers);
      gtk_widget_unparent (GTK_WIDGET (self->markers));
      self->markers = NULL;
    }
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->spare, g_ptr_array_unref);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->index, desk_marker_index_unref);
  self->points = NULL;
  self->mxy = NULL;
  self->index_by_id = NULL;
  g_clear_pointer (&self->obstacles, g_array_unref);

  G_OBJECT_CLASS (desk_marker_layer_parent_class)->dispose (object);
}

static void
desk_marker_layer_class_init (DeskMarkerLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = desk_marker_layer_constructed;
  object_class->dispose = desk_marker_layer_dispose;

  widget_class->measure = desk_marker_layer_measure;
  widget_class->size_allocate = desk_marker_layer_size_allocate;
  widget_class->realize = desk_marker_layer_realize;

  /**
   * DeskMarkerLayer::service-activated:
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

  /**
   * DeskMarkerLayer::cluster-activated:
   * @latitude: the centre of the cluster's services
   * @longitude:
   * @zoom_level: a zoom level that shows them apart
   */
  signals [CLUSTER_ACTIVATED] =
    g_signal_new ("cluster-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_DOUBLE, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  /**
   * DeskMarkerLayer::markers-changed:
   *
   * The live markers changed: desk_marker_layer_get_obstacles() has where
   * they are, for the layers under them to keep their labels clear.
   */
  signals [MARKERS_CHANGED] =
    g_signal_new ("markers-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "map-service-layer");
}

static void
desk_marker_layer_init (DeskMarkerLayer *self)
{
  self->slots = g_ptr_array_new_with_free_func (slot_free);
  self->spare = g_ptr_array_new ();
  self->live = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->obstacles = g_array_new (FALSE, FALSE, sizeof (DeskMarkerObstacle));
}

DeskMarkerLayer *
desk_marker_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (DESK_TYPE_MARKER_LAYER, "viewport", viewport, NULL);
}

/**
 * desk_marker_layer_set_index:
 * @index: (nullable): the services to show, from desk_marker_index_new()
 *
 * Shows these services; cheap, whatever their number.  The selected
 * service stays selected if it is among them.
 */
void
desk_marker_layer_set_index (DeskMarkerLayer *self,
                             DeskMarkerIndex *index)
{
  g_autofree char *selected = NULL;

  g_return_if_fail (DESK_IS_MARKER_LAYER (self));

  if (self->selected != 0)
    selected = g_strdup (get_point (self, self->selected - 1)->id);

  g_clear_pointer (&self->index, desk_marker_index_unref);
  self->index = index != NULL ? desk_marker_index_ref (index) : desk_marker_index_new (NULL);
  self->points = self->index->points;
  self->mxy = self->index->mxy;
  self->index_by_id = self->index->index_by_id;
  self->selected = 0;

  /* Identities of pins are point indices: start afresh. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->live);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        ((Slot *)value)->count = 0;
        ((Slot *)value)->ident = 0;
        g_ptr_array_add (self->spare, value);
        g_hash_table_iter_steal (&iter);
      }
  }

  if (selected != NULL && self->index_by_id != NULL)
    self->selected = GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_id, selected));

  queue_update (self);
}

/**
 * desk_marker_layer_set_points:
 * @points: (nullable): a GArray of DirPoint, from dir_store_query_points()
 *
 * Shows these services, clustering them here and now (O(n log n)): for a
 * large set, build a DeskMarkerIndex in a thread instead.  The array is
 * kept (a reference), not copied: do not change it afterwards.
 */
void
desk_marker_layer_set_points (DeskMarkerLayer *self,
                              GArray          *points)
{
  DeskMarkerIndex *index;

  g_return_if_fail (DESK_IS_MARKER_LAYER (self));
  g_return_if_fail (points == NULL || g_array_get_element_size (points) == sizeof (DirPoint));

  index = desk_marker_index_new (points);
  desk_marker_layer_set_index (self, index);
  desk_marker_index_unref (index);
}

GArray *
desk_marker_layer_get_points (DeskMarkerLayer *self)
{
  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), NULL);

  return self->points;
}

/* Highlights a service's pin, out of any cluster; NULL to unselect.
 * FALSE when there is no such service on the map. */
gboolean
desk_marker_layer_set_selected_service (DeskMarkerLayer *self,
                                        const char      *id)
{
  guint index = 0;

  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), FALSE);

  if (id != NULL && self->index_by_id != NULL)
    index = GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_id, id));

  if (index != self->selected)
    {
      self->selected = index;
      queue_update (self);
    }

  return id == NULL || index != 0;
}

const char *
desk_marker_layer_get_selected_service (DeskMarkerLayer *self)
{
  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), NULL);

  return self->selected != 0 ? get_point (self, self->selected - 1)->id : NULL;
}

gboolean
desk_marker_layer_get_service_location (DeskMarkerLayer *self,
                                        const char      *id,
                                        double          *latitude,
                                        double          *longitude)
{
  guint index;

  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (self->index_by_id == NULL ||
      (index = GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_id, id))) == 0)
    return FALSE;

  if (latitude != NULL)
    *latitude = get_point (self, index - 1)->latitude;
  if (longitude != NULL)
    *longitude = get_point (self, index - 1)->longitude;

  return TRUE;
}

void
desk_marker_layer_update (DeskMarkerLayer *self)
{
  g_return_if_fail (DESK_IS_MARKER_LAYER (self));

  g_clear_handle_id (&self->update_id, g_source_remove);
  do_update (self);
}

ShumateMarkerLayer *
desk_marker_layer_get_marker_layer (DeskMarkerLayer *self)
{
  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), NULL);

  return self->markers;
}

/* Marker widgets on the map now. */
guint
desk_marker_layer_get_n_live_markers (DeskMarkerLayer *self)
{
  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), 0);

  return g_hash_table_size (self->live);
}

/* Marker widgets made so far, live or spare: never more than
 * DESK_MARKER_LAYER_MAX_MARKERS. */
guint
desk_marker_layer_get_n_pooled_markers (DeskMarkerLayer *self)
{
  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), 0);

  return self->slots->len;
}

/* The services the live markers stand for: the sum of the cluster counts. */
guint
desk_marker_layer_get_n_shown_services (DeskMarkerLayer *self)
{
  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), 0);

  return self->shown_count;
}

/* The area (whole grid cells) the last update looked at: every service in
 * it is in exactly one live marker. */
void
desk_marker_layer_get_query_bounds (DeskMarkerLayer *self,
                                    double          *north,
                                    double          *south,
                                    double          *west,
                                    double          *east)
{
  g_return_if_fail (DESK_IS_MARKER_LAYER (self));

  *north = desk_map_my_to_lat (self->query_my0);
  *south = desk_map_my_to_lat (self->query_my1);
  *west = desk_map_mx_to_lon (self->query_mx0);
  *east = desk_map_mx_to_lon (self->query_mx1);
}

/* Microseconds the last reclustering took. */
gint64
desk_marker_layer_get_last_update_time (DeskMarkerLayer *self)
{
  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), 0);

  return self->last_update_time;
}

/* Microseconds the last reclustering spent finding the cells in view,
 * without updating the widgets. */
gint64
desk_marker_layer_get_last_query_time (DeskMarkerLayer *self)
{
  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), 0);

  return self->last_query_time;
}

/* The pin (a GtkButton) of a service shown on its own, or NULL. */
GtkWidget *
desk_marker_layer_get_pin (DeskMarkerLayer *self,
                           const char      *id)
{
  guint index;
  guint64 ident;
  Slot *slot;

  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (self->index_by_id == NULL ||
      (index = GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_id, id))) == 0)
    return NULL;

  ident = SINGLETON_BIT | (index - 1);
  slot = g_hash_table_lookup (self->live, &ident);

  return slot != NULL ? slot->button : NULL;
}

/* How many services a live marker stands for (1 for a pin), 0 if the
 * marker is not ours or not live. */
guint
desk_marker_layer_get_marker_count (DeskMarkerLayer *self,
                                    ShumateMarker   *marker)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), 0);

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Slot *)value)->marker == marker)
      return ((Slot *)value)->count;

  return 0;
}

/* What a live marker's tooltip says, or NULL. */
const char *
desk_marker_layer_get_marker_tooltip (DeskMarkerLayer *self,
                                      ShumateMarker   *marker)
{
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (DESK_IS_MARKER_LAYER (self), NULL);

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Slot *)value)->marker == marker)
      return ((Slot *)value)->tooltip;

  return NULL;
}
