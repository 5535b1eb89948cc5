/* desk-handout.c
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
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "desk-format.h"
#include "desk-handout.h"
#include "desk-map-data.h"
#include "desk-map-private.h"

/* The client handout.  The desk may be in English while the client reads
 * Urdu, so the handout's own words do not come from the process locale:
 * they are marked H_() (extracted into direction.pot by po/meson.build)
 * and looked up in the client's language with a DirCatalog.  Service text
 * comes from the directory's translations, English where there is none.
 *
 * The pages are laid out once (begin-print) as blocks of Pango layouts and
 * small maps, then cut into pages at line boundaries; draw-page only
 * paints.  Units are points on A4. */

/* Marks text for the handout: extracted with --keyword=H_ (po/meson.build),
 * translated at run time by t(), never by gettext. */
#define H_(s) (s)

#define A4_WIDTH   595.276
#define A4_HEIGHT  841.89
#define MARGIN     34.0   /* 12 mm */
#define COLUMN_GAP 18.0

typedef struct
{
  double   latitude, longitude;
  double   span_m;           /* across the map's width */
  gboolean pin;
} MapSpec;

typedef struct
{
  double rgb[3];
} Colour;

typedef struct
{
  PangoLayout *layout;
  double       x, y;          /* page x, y in the block */
  Colour       colour;
} Piece;

typedef struct
{
  GArray   *pieces;           /* Piece */
  double    height;
  gboolean  has_map;
  MapSpec   map;
  double    map_x, map_y, map_size;
  gboolean  rule;             /* a line along its top */
  guint     service;
} Block;

typedef struct
{
  guint  block;
  double from, to;            /* the part of the block shown */
  double y;                   /* where it goes on the page */
} Slice;

typedef struct
{
  double body;                /* plain text */
  double english;             /* the English beside it */
  double label;               /* "Opening hours" */
  double name;                /* a service's name */
  double title;
  double small;               /* footer, map names */
  double map;                 /* side of the square map */
  double gap;                 /* between paragraphs */
} Sizes;

static const Sizes standard_sizes = { 9.5, 9.0, 8.5, 12.0, 16.0, 6.5, 136.0, 4.0 };
/* Large print: the client's words at 16 pt and over; the English beside
 * them, the date and the credits smaller. */
static const Sizes large_sizes = { 16.0, 12.0, 16.0, 22.0, 18.0, 9.0, 140.0, 5.0 };

static const Colour black = { { 0.0, 0.0, 0.0 } };
static const Colour grey = { { 0.30, 0.30, 0.32 } };
static const Colour accent = { { 0.38, 0.21, 0.51 } };   /* the map's border purple */
static const Colour warning = { { 0.65, 0.11, 0.09 } };

typedef struct
{
  GPtrArray        *services;       /* DirService */
  char             *language;
  DirCatalog       *catalog;        /* the client's language */
  DirCatalog       *english;
  gboolean          rtl;
  gboolean          bilingual;      /* not English: English beside it */
  DeskHandoutStyle  style;
  const Sizes      *sizes;
  char             *helpline;
  GDateTime        *now;

  PangoContext     *ltr;
  PangoContext     *rtl_context;
  GPtrArray        *blocks;         /* Block */
  GPtrArray        *pages;          /* GArray of Slice */
  double            header_height;
  double            footer_height;
} Handout;

static const char * const languages[] = {
  "en", "pl", "ur", "bn", "pa", "ro", "pt", "lt", "it", NULL,
};

/* Written right to left. */
static const char * const rtl_languages[] = { "ar", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi" };

static const char * const weekday_names[] = {
  H_("Monday"),
  H_("Tuesday"),
  H_("Wednesday"),
  H_("Thursday"),
  H_("Friday"),
  H_("Saturday"),
  H_("Sunday"),
};

/* The credits the map's data and the postcodes behind the pins require
 * (data/geo/README.md).  Legal text: not translated. */
static const char credits[] =
  "Maps: UK Boundary Data by Martin Chorley (github.com/martinjc/UK-GeoJSON), CC BY 4.0. "
  "Place names and postcodes: OS Open Names and Code-Point Open, Open Government Licence v3.0. "
  "Contains OS data © Crown copyright and database right 2014, 2017 and 2025. "
  "Contains Royal Mail data © Royal Mail copyright and database right 2017 and 2025. "
  "Contains National Statistics data © Crown copyright and database right 2017 and 2025. "
  "Directory: Direction.";

static const char *
t (Handout    *h,
   const char *msgid) G_GNUC_FORMAT (2);

static const char *
t (Handout    *h,
   const char *msgid)
{
  return dir_catalog_gettext (h->catalog, msgid);
}

static gboolean
language_is_rtl (const char *language)
{
  g_autofree char *base = g_strndup (language, strcspn (language, "_.@-"));

  for (guint i = 0; i < G_N_ELEMENTS (rtl_languages); i++)
    if (g_ascii_strcasecmp (base, rtl_languages[i]) == 0)
      return TRUE;

  return FALSE;
}

/* Fonts that have the script, best first: Debian's fonts-noto-core and the
 * Flatpak's fonts module bring the Noto ones (README, "Fonts").  Urdu is
 * set in Naskh: Nastaliq's stacked letters take half as many lines again
 * and come out of the PDF's text (copying, screen readers) as fragments. */
static const char *
font_family (const char *language)
{
  if (g_str_has_prefix (language, "ur") || g_str_has_prefix (language, "ar") ||
      g_str_has_prefix (language, "fa") || g_str_has_prefix (language, "ps"))
    return "Noto Naskh Arabic, Noto Sans, Noto Sans Arabic, Nafees, DejaVu Sans, Sans";
  if (g_str_has_prefix (language, "bn"))
    return "Noto Sans Bengali, Lohit Bengali, Noto Sans, DejaVu Sans, Sans";
  if (g_str_has_prefix (language, "pa"))
    return "Noto Sans Gurmukhi, Lohit Gurmukhi, Noto Sans, DejaVu Sans, Sans";

  return "Noto Sans, DejaVu Sans, Sans";
}

/* Naskh's letters sit small beside Latin ones of the same size. */
static double
font_scale (const char *language)
{
  return g_str_has_prefix (language, "ur") || g_str_has_prefix (language, "ar") ||
         g_str_has_prefix (language, "fa") || g_str_has_prefix (language, "ps") ? 1.1 : 1.0;
}

/* A value in another direction (a phone number, a time) inside a
 * right-to-left sentence: isolated, so "01632 960001" stays in order. */
static char *
isolate (Handout    *h,
         const char *text)
{
  if (!h->rtl)
    return g_strdup (text);

  return g_strconcat ("\u2066", text, "\u2069", NULL);
}

/* --- drawing a map ----------------------------------------------------- */

typedef struct
{
  double cmx, cmy;            /* the centre */
  double scale;               /* points per normalised unit */
  double x, y, size;
} MapFrame;

static void
map_project (const MapFrame *frame,
             double          mx,
             double          my,
             double         *px,
             double         *py)
{
  *px = frame->x + frame->size / 2 + (mx - frame->cmx) * frame->scale;
  *py = frame->y + frame->size / 2 + (my - frame->cmy) * frame->scale;
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   w,
                   double   h,
                   double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_pin (cairo_t *cr,
          double   x,
          double   y,
          double   r)
{
  double cy = y - 2.4 * r;
  double a = asin (r / (2.4 * r));

  cairo_new_path (cr);
  cairo_move_to (cr, x, y);
  cairo_arc (cr, x, cy, r, G_PI / 2 + a, 2 * G_PI + G_PI / 2 - a);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.80, 0.12, 0.10);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, r * 0.3);
  cairo_stroke (cr);

  cairo_arc (cr, x, cy, r * 0.38, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
}

static gboolean
overlaps (GArray *taken,
          double  x,
          double  y,
          double  w,
          double  h)
{
  for (guint i = 0; i < taken->len; i += 4)
    {
      double *r = &g_array_index (taken, double, i);

      if (x < r[0] + r[2] && x + w > r[0] && y < r[1] + r[3] && y + h > r[1])
        return TRUE;
    }

  return FALSE;
}

static void
take (GArray *taken,
      double  x,
      double  y,
      double  w,
      double  h)
{
  double r[4] = { x, y, w, h };

  g_array_append_vals (taken, r, 4);
}

static void
draw_map (Handout       *h,
          cairo_t       *cr,
          const MapSpec *spec,
          double         x,
          double         y,
          double         size)
{
  static const double fills[][3] = {
    { 0.208, 0.518, 0.894 },
    { 0.180, 0.761, 0.494 },
    { 0.965, 0.827, 0.176 },
  };
  const DeskMapData *data = desk_map_data_get ();
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PangoLayout) layout = pango_layout_new (h->ltr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Noto Sans, DejaVu Sans, Sans");
  double metres_per_unit = 40075016.686 * cos (spec->latitude * G_PI / 180.0);
  double radius = size / 26.0;
  double pin_x = 0, pin_y = 0;
  MapFrame frame;

  frame.cmx = desk_map_lon_to_mx (spec->longitude);
  frame.cmy = desk_map_lat_to_my (spec->latitude);
  frame.scale = size / (spec->span_m / metres_per_unit);
  frame.x = x;
  frame.y = y;
  frame.size = size;

  cairo_save (cr);
  rounded_rectangle (cr, x, y, size, size, 4);
  cairo_clip (cr);

  /* The land, then the council areas: Bedfordshire's lightly filled. */
  cairo_set_source_rgb (cr, 0.957, 0.949, 0.929);
  cairo_paint (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < data->areas->len; i++)
    {
      const DeskMapArea *area = g_ptr_array_index (data->areas, i);

      cairo_new_path (cr);
      for (guint j = 0; j < area->rings->len; j++)
        {
          const DeskMapRing *ring = &g_array_index (area->rings, DeskMapRing, j);

          for (guint k = 0; k < ring->n_points; k++)
            {
              double px, py;

              map_project (&frame, ring->xy[2 * k], ring->xy[2 * k + 1], &px, &py);
              if (k == 0)
                cairo_move_to (cr, px, py);
              else
                cairo_line_to (cr, px, py);
            }
          cairo_close_path (cr);
        }

      if (area->bedfordshire)
        {
          const double *fill = fills[area->index % G_N_ELEMENTS (fills)];

          cairo_set_source_rgba (cr, fill[0], fill[1], fill[2], 0.16);
          cairo_fill_preserve (cr);
          cairo_set_source_rgba (cr, accent.rgb[0], accent.rgb[1], accent.rgb[2], 0.8);
          cairo_set_line_width (cr, size / 160.0);
        }
      else
        {
          cairo_set_source_rgba (cr, 0.47, 0.46, 0.48, 0.7);
          cairo_set_line_width (cr, size / 240.0);
        }
      cairo_stroke (cr);
    }

  if (spec->pin)
    {
      map_project (&frame, frame.cmx, frame.cmy, &pin_x, &pin_y);
      /* Place names keep clear of the pin. */
      take (taken, pin_x - radius * 1.2, pin_y - radius * 3.6, radius * 2.4, radius * 3.8);
    }

  /* Towns always; villages when the map is a town's size. */
  pango_font_description_set_size (font, h->sizes->small * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  for (guint rank = 0; rank <= (spec->span_m <= 16000 ? 1u : 0u); rank++)
    for (guint i = 0; i < data->places->len; i++)
      {
        const DeskMapPlace *place = &g_array_index (data->places, DeskMapPlace, i);
        gboolean placed = FALSE;
        int lw, lh;
        double px, py, lx = 0, ly = 0, w, ht;

        if (place->rank != rank)
          continue;
        map_project (&frame, place->mx, place->my, &px, &py);
        if (px < x || px > x + size || py < y || py > y + size)
          continue;

        pango_layout_set_text (layout, place->name, -1);
        pango_layout_get_size (layout, &lw, &lh);
        w = lw / (double) PANGO_SCALE;
        ht = lh / (double) PANGO_SCALE;

        /* Above the dot, else below, right or left of it. */
        for (guint k = 0; k < 4 && !placed; k++)
          {
            static const double dx[] = { -0.5, -0.5, 0.0, -1.0 };
            static const double dy[] = { -1.0, 0.0, -0.5, -0.5 };
            static const double ox[] = { 0.0, 0.0, 3.0, -3.0 };
            static const double oy[] = { -1.5, 1.5, 0.0, 0.0 };

            lx = px + dx[k] * w + ox[k];
            ly = py + dy[k] * ht + oy[k];
            if (lx < x + 2 || lx + w > x + size - 2 || ly < y + 1 || ly + ht > y + size - 1 ||
                overlaps (taken, lx - 1, ly, w + 2, ht))
              continue;
            placed = TRUE;
          }
        if (!placed)
          continue;
        take (taken, lx - 1, ly, w + 2, ht);
        take (taken, px - 2, py - 2, 4, 4);

        cairo_new_path (cr);
        cairo_arc (cr, px, py, rank == 0 ? size / 110.0 : size / 150.0, 0, 2 * G_PI);
        cairo_set_source_rgb (cr, 0.24, 0.22, 0.27);
        cairo_fill (cr);

        cairo_move_to (cr, lx, ly);
        pango_cairo_layout_path (cr, layout);
        cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
        cairo_set_line_width (cr, 2.0);
        cairo_stroke (cr);
        cairo_move_to (cr, lx, ly);
        cairo_set_source_rgb (cr, 0.24, 0.22, 0.27);
        pango_cairo_show_layout (cr, layout);
      }

  if (spec->pin)
    draw_pin (cr, pin_x, pin_y, radius);

  cairo_restore (cr);

  rounded_rectangle (cr, x, y, size, size, 4);
  cairo_set_source_rgb (cr, 0.55, 0.55, 0.57);
  cairo_set_line_width (cr, 0.75);
  cairo_stroke (cr);
}

/* --- text -------------------------------------------------------------- */

static PangoLayout *
new_layout (Handout        *h,
            const char     *text,
            const char     *language,
            double          size,
            gboolean        bold,
            double          width,
            PangoAlignment  alignment)
{
  gboolean rtl = language_is_rtl (language);
  PangoLayout *layout = pango_layout_new (rtl ? h->rtl_context : h->ltr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (font_family (language));
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  pango_font_description_set_size (font, (int) (size * font_scale (language) * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_attr_list_insert (attrs, pango_attr_language_new (pango_language_from_string (language)));
  pango_layout_set_attributes (layout, attrs);
  /* The paragraph's direction is its language's, not guessed from its
   * first letter (an Urdu line may start with a number). */
  pango_layout_set_auto_dir (layout, FALSE);
  /* Naskh's line box leaves room for stacks of marks Urdu does not use. */
  if (rtl)
    pango_layout_set_line_spacing (layout, 0.8);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, ht;

  pango_layout_get_size (layout, &w, &ht);
  return ht / (double) PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return logical.width / (double) PANGO_SCALE;
}

static Block *
block_new (guint service)
{
  Block *block = g_new0 (Block, 1);

  block->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  block->service = service;
  return block;
}

static void
block_free (gpointer data)
{
  Block *block = data;

  for (guint i = 0; i < block->pieces->len; i++)
    g_object_unref (g_array_index (block->pieces, Piece, i).layout);
  g_array_unref (block->pieces);
  g_free (block);
}

/* Adds a layout (taking it) at x, y; returns its bottom. */
static double
block_add (Block        *block,
           PangoLayout  *layout,
           double        x,
           double        y,
           const Colour *colour)
{
  Piece piece = { layout, x, y, *colour };
  double bottom = y + layout_height (layout);

  g_array_append_val (block->pieces, piece);
  block->height = MAX (block->height, bottom);
  return bottom;
}

/* Where a text running from the page's start edge goes in a column
 * [x, x + width]: aligned to the right on a right-to-left page. */
static PangoAlignment
start_alignment (Handout *h)
{
  return h->rtl ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
}

/* A column of text in one language: the stack grows down from y. */
typedef struct
{
  Handout    *h;
  Block      *block;
  const char *language;
  double      x, width;
  double      y;
  PangoAlignment alignment;
} Column;

static void
column_add (Column       *column,
            const char   *text,
            double        size,
            gboolean      bold,
            const Colour *colour,
            double        space_after)
{
  PangoLayout *layout;

  if (text == NULL || text[0] == '\0')
    return;

  layout = new_layout (column->h, text, column->language, size, bold, column->width,
                       column->alignment);
  column->y = block_add (column->block, layout, column->x, column->y, colour) + space_after;
}

/* --- the words ---------------------------------------------------------- */

static char *
format_time (Handout *h,
             guint    minutes)
{
  if (minutes >= 24 * 60)
    /* Translators: closing time of a service open until the end of the day */
    return g_strdup (t (h, H_("midnight")));

  return g_strdup_printf ("%02u:%02u", minutes / 60, minutes % 60);
}

static char *
format_weekdays (Handout *h,
                 guint8   weekdays)
{
  g_autoptr(GString) list = NULL;
  int first = -1, last = -1, count = 0;
  gboolean contiguous = TRUE;

  weekdays &= 0x7f;
  if (weekdays == 0)
    return NULL;
  if (weekdays == 0x7f)
    return g_strdup (t (h, H_("Every day")));

  for (int day = 0; day < 7; day++)
    if (weekdays & (1 << day))
      {
        if (last >= 0 && day != last + 1)
          contiguous = FALSE;
        if (first < 0)
          first = day;
        last = day;
        count++;
      }

  if (count == 1)
    return g_strdup (t (h, weekday_names[first]));

  if (contiguous && count > 2)
    /* Translators: a range of weekdays, e.g. "Monday to Friday" */
    return g_strdup_printf (t (h, H_("%s to %s")), t (h, weekday_names[first]),
                            t (h, weekday_names[last]));

  list = g_string_new (NULL);
  for (int day = 0, seen = 0; day < 7; day++)
    if (weekdays & (1 << day))
      {
        seen++;
        if (seen == count)
          break;
        if (seen > 1)
          /* Translators: separator between weekdays in a list, e.g. "Monday, Wednesday" */
          g_string_append (list, t (h, H_(", ")));
        g_string_append (list, t (h, weekday_names[day]));
      }

  /* Translators: the last two items of a list of weekdays,
   * e.g. "Monday, Wednesday and Friday" */
  return g_strdup_printf (t (h, H_("%s and %s")), list->str, t (h, weekday_names[last]));
}

/* A date as the client's language writes it in figures. */
static char *
format_date (Handout   *h,
             GDateTime *date)
{
  /* Translators: a date on the client handout, in figures, as a
   * g_date_time_format() pattern: %d day, %m month, %Y year.  Use your
   * language's order and separators, e.g. "%d.%m.%Y"; no month names.
   * xgettext:no-c-format */
  return g_date_time_format (date, t (h, H_("%d/%m/%Y")));
}

static char *
format_iso_date (Handout    *h,
                 const char *iso8601)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, day;

  if (iso8601 == NULL || sscanf (iso8601, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      !g_date_valid_dmy ((GDateDay) CLAMP (day, 0, 31), (GDateMonth) CLAMP (month, 0, 12),
                         (GDateYear) CLAMP (year, 0, 9999)))
    return NULL;

  date = g_date_time_new_local (year, month, day, 12, 0, 0);
  return date != NULL ? format_date (h, date) : NULL;
}

/* "Monday to Friday 08:00–22:00", then the slot's note and dates. */
static char *
format_schedule (Handout           *h,
                 const DirSchedule *schedule)
{
  g_autofree char *days = format_weekdays (h, schedule->weekdays);
  g_autofree char *from = format_time (h, schedule->opens);
  g_autofree char *to = format_time (h, schedule->closes);
  g_autofree char *times = NULL;
  g_autofree char *valid_from = format_iso_date (h, schedule->valid_from);
  g_autofree char *valid_to = format_iso_date (h, schedule->valid_to);
  g_autoptr(GString) line = g_string_new (NULL);

  if (schedule->opens == 0 && schedule->closes >= 24 * 60)
    /* Translators: on the client handout, after the days a service is open
     * on, for one that never closes, e.g. "Every day (open 24 hours)" */
    times = g_strdup (t (h, H_("(open 24 hours)")));
  else
    {
      /* Word joiners: never a line break inside "08:00–22:00". */
      g_autofree char *range = g_strdup_printf ("%s\u2060–\u2060%s", from, to);

      times = isolate (h, range);
    }

  if (days != NULL)
    {
      g_string_append (line, days);
      g_string_append_c (line, ' ');
    }
  g_string_append (line, times);

  if (valid_from != NULL && valid_to != NULL)
    {
      g_string_append_c (line, ' ');
      /* Translators: when opening hours apply, e.g. "(from 01/05/2026 until 30/06/2026)" */
      g_string_append_printf (line, t (h, H_("(from %s until %s)")), valid_from, valid_to);
    }
  else if (valid_from != NULL)
    {
      g_string_append_c (line, ' ');
      g_string_append_printf (line, t (h, H_("(from %s)")), valid_from);
    }
  else if (valid_to != NULL)
    {
      g_string_append_c (line, ' ');
      g_string_append_printf (line, t (h, H_("(until %s)")), valid_to);
    }

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static const DirTranslation *
get_translation (Handout    *h,
                 DirService *service)
{
  const DirTranslation *translation;

  if (!h->bilingual)
    return NULL;

  translation = dir_service_get_translation (service, h->language);
  if (translation == NULL || translation->name == NULL || translation->name[0] == '\0')
    return NULL;

  return translation;
}

/* --- a service --------------------------------------------------------- */

typedef struct
{
  const char *offer;
  const char *who;
  const char *address;
  const char *area;
  const char *hours;
  const char *phone;
} Labels;

/* The labels, in plain words for the easy-read handout. */
static void
get_labels (Handout *h,
            Labels  *labels)
{
  if (h->style == DESK_HANDOUT_STYLE_LARGE_PRINT)
    {
      labels->offer = H_("What they can do for you");
      labels->who = H_("Who can go");
      labels->address = H_("Where to go");
      labels->area = H_("Where they work");
      labels->hours = H_("When it is open");
      labels->phone = H_("Phone number");
    }
  else
    {
      labels->offer = H_("What they offer");
      labels->who = H_("Who can use it");
      labels->address = H_("Address");
      labels->area = H_("Area");
      labels->hours = H_("Opening hours");
      labels->phone = H_("Phone");
    }
}

/* A label in the client's language with the English one after it, in
 * grey, on one line; returns the y below it. */
static double
add_label (Handout    *h,
           Block      *block,
           const char *msgid,
           double      x,
           double      width,
           double      y)
{
  const Sizes *s = h->sizes;
  PangoLayout *label = new_layout (h, t (h, msgid), h->language, s->label, TRUE, width,
                                   start_alignment (h));
  double bottom = y + layout_height (label);

  if (h->bilingual && g_strcmp0 (t (h, msgid), msgid) != 0)
    {
      double used = layout_width (label) + 8;
      PangoLayout *english = new_layout (h, msgid, "en", h->style == DESK_HANDOUT_STYLE_LARGE_PRINT
                                         ? s->english : s->label, FALSE, -1, PANGO_ALIGN_LEFT);
      double ew = layout_width (english);

      if (used + ew <= width)
        {
          double ex = h->rtl ? x + width - used - ew : x + used;
          /* Baselines level. */
          double ey = y + (pango_layout_get_baseline (label) - pango_layout_get_baseline (english))
                          / (double) PANGO_SCALE;

          block_add (block, english, ex, ey, &grey);
        }
      else
        {
          pango_layout_set_width (english, (int) (width * PANGO_SCALE));
          pango_layout_set_alignment (english, start_alignment (h));
          block_add (block, english, x, bottom, &grey);
          bottom += layout_height (english);
        }
    }

  block_add (block, label, x, y, &accent);
  return bottom + 1;
}

/* A line in the client's language, then the same in English (grey) when
 * the handout is bilingual and the two differ. */
static void
add_both (Handout      *h,
          Column       *client,
          Column       *english,
          const char   *msgid,
          const Colour *colour,
          gboolean      bold,
          double        space_after)
{
  const Sizes *s = h->sizes;
  gboolean both = h->bilingual && g_strcmp0 (t (h, msgid), msgid) != 0;

  column_add (client, t (h, msgid), s->body, bold, colour, both ? 0 : space_after);
  if (both)
    {
      english->y = client->y;
      column_add (english, msgid, s->english, FALSE, &grey, space_after);
      client->y = english->y;
    }
}

typedef enum
{
  FACTS_WHERE = 1 << 0,   /* status, address or "phone first", area */
  FACTS_HOURS = 1 << 1,
  FACTS_PHONE = 1 << 2,
  FACTS_ALL   = FACTS_WHERE | FACTS_HOURS | FACTS_PHONE,
} Facts;

/* Address or "phone first", the area, opening hours and phone numbers, in
 * a column of the given place and width from y; returns the y below. */
static double
add_facts (Handout    *h,
           Block      *block,
           DirService *service,
           Facts       facts,
           double      x,
           double      width,
           double      y)
{
  const Sizes *s = h->sizes;
  gboolean large = h->style == DESK_HANDOUT_STYLE_LARGE_PRINT;
  gboolean confidential = dir_service_get_confidential (service);
  const char *area = dir_service_get_area_name (service);
  GPtrArray *locations = dir_service_get_locations (service);
  GPtrArray *schedules = dir_service_get_schedules (service);
  GPtrArray *phones = dir_service_get_phones (service);
  DirStatusFlags status = dir_service_get_status (service);
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  Column client = { h, block, h->language, x, width, y, start_alignment (h) };
  /* English values (addresses, numbers) sit under their labels. */
  Column english = { h, block, "en", x, width, y, start_alignment (h) };
  Labels labels;

  get_labels (h, &labels);
  if (area != NULL && area[0] == '\0')
    area = NULL;

  if (!(facts & FACTS_WHERE))
    goto hours;

  if (status & DIR_STATUS_CLOSED)
    add_both (h, &client, &english, H_("Closed"), &warning, TRUE, s->gap);
  else if (status & DIR_STATUS_PAUSED)
    add_both (h, &client, &english, H_("Closed for now"), &warning, TRUE, s->gap);

  /* Where: never an address for a confidential service. */
  if (!confidential)
    for (guint i = 0; locations != NULL && i < locations->len && addresses->len < 3; i++)
      {
        char *address = desk_format_address (g_ptr_array_index (locations, i));

        if (address != NULL)
          g_ptr_array_add (addresses, address);
      }

  if (confidential)
    {
      client.y = add_label (h, block, labels.address, x, width, client.y);
      add_both (h, &client, &english,
                large ? H_("Phone them first. They do not give out this address.")
                      : H_("Phone first — address not given"),
                &black, TRUE, s->gap);
    }
  else if (addresses->len > 0)
    {
      client.y = add_label (h, block, labels.address, x, width, client.y);
      for (guint i = 0; i < addresses->len; i++)
        {
          english.y = client.y;
          column_add (&english, g_ptr_array_index (addresses, i), s->body, FALSE, &black,
                      i + 1 == addresses->len ? s->gap : 1);
          client.y = english.y;
        }
    }

  if (area != NULL && (confidential || addresses->len == 0))
    {
      client.y = add_label (h, block, labels.area, x, width, client.y);
      english.y = client.y;
      column_add (&english, area, s->body, FALSE, &black, s->gap);
      client.y = english.y;
    }

hours:
  if (!(facts & FACTS_HOURS))
    goto phone;

  client.y = add_label (h, block, labels.hours, x, width, client.y);
  if (schedules == NULL || schedules->len == 0)
    add_both (h, &client, &english, H_("Phone to ask when it is open"), &black, FALSE, s->gap);
  for (guint i = 0; schedules != NULL && i < schedules->len; i++)
    {
      const DirSchedule *schedule = g_ptr_array_index (schedules, i);
      g_autofree char *line = format_schedule (h, schedule);

      column_add (&client, line, s->body, FALSE, &black, 0);
      /* The same in English; not in large print, where the room is the
       * client's (the times are figures). */
      if (h->bilingual && !large)
        {
          Handout in_english = *h;
          g_autofree char *english_line = NULL;

          in_english.catalog = h->english;
          in_english.rtl = FALSE;
          english_line = format_schedule (&in_english, schedule);
          if (!g_str_equal (english_line, line))
            {
              english.y = client.y;
              column_add (&english, english_line, s->english, FALSE, &grey, 0);
              client.y = english.y;
            }
        }
      if (schedule->description != NULL && schedule->description[0] != '\0')
        {
          english.y = client.y;
          column_add (&english, schedule->description, s->english, FALSE, &grey, 0);
          client.y = english.y;
        }
      client.y += i + 1 == schedules->len ? s->gap : s->gap / 2;
    }

phone:
  if ((facts & FACTS_PHONE) && phones != NULL && phones->len > 0)
    {
      client.y = add_label (h, block, labels.phone, x, width, client.y);
      for (guint i = 0; i < phones->len && i < 3; i++)
        {
          const DirPhone *phone = g_ptr_array_index (phones, i);
          g_auto(GStrv) groups = g_strsplit (phone->number, " ", -1);
          /* No-break spaces: a number is never cut in two. */
          g_autofree char *number = g_strjoinv ("\u00a0", groups);
          g_autofree char *markup = NULL;
          PangoLayout *layout;

          if (phone->description != NULL && phone->description[0] != '\0')
            markup = g_markup_printf_escaped ("<b>%s</b>  %s", number, phone->description);
          else
            markup = g_markup_printf_escaped ("<b>%s</b>", number);
          layout = new_layout (h, "", "en", s->body, FALSE, width, start_alignment (h));
          pango_layout_set_markup (layout, markup, -1);
          client.y = block_add (block, layout, x, client.y, &black) + 1;
        }
    }

  return client.y;
}

/* The map: a pin where the service is; for a confidential service, or one
 * known only by its area, the area and no pin.  Returns its bottom, or y
 * when there is nothing to show. */
static double
add_map (Handout    *h,
         Block      *block,
         DirService *service,
         double      x,
         double      y,
         double      size)
{
  double lat, lon;

  if (!dir_service_get_confidential (service) && dir_service_get_point (service, &lat, &lon))
    block->map = (MapSpec) { lat, lon, 10000, TRUE };
  else if (dir_service_get_area_point (service, &lat, &lon))
    block->map = (MapSpec) { lat, lon, 40000, FALSE };
  else
    return y;

  block->has_map = TRUE;
  block->map_x = x;
  block->map_y = y;
  block->map_size = size;
  block->height = MAX (block->height, y + size);
  return y + size;
}

/* Large print, easy read: the client's words across the page; the facts
 * in two columns beside the map; the English last, smaller.  English only
 * when the directory has no translation, marked so. */
static void
add_large_print (Handout              *h,
                 Block                *block,
                 DirService           *service,
                 const DirTranslation *translation)
{
  const Sizes *s = h->sizes;
  double body_w = A4_WIDTH - 2 * MARGIN;
  double col_w = (body_w - s->map - 2 * COLUMN_GAP) / 2;
  Column client = { h, block, h->language, MARGIN, body_w, 0, start_alignment (h) };
  Column english = { h, block, "en", MARGIN, body_w, 0, PANGO_ALIGN_LEFT };
  const char *name = dir_service_get_name (service);
  const char *description = dir_service_get_description (service);
  const char *eligibility = dir_service_get_eligibility_text (service);
  const char *offer = translation != NULL ? translation->description : description;
  const char *who = translation != NULL ? translation->eligibility : eligibility;
  Column *text = translation != NULL ? &client : &english;
  double first_x, second_x, map_x, top, bottom;
  Labels labels;

  get_labels (h, &labels);

  if (translation == NULL && h->bilingual)
    column_add (&client, t (h, H_("(English)")), s->english, TRUE, &grey, 1);
  english.alignment = start_alignment (h);
  english.y = client.y;
  column_add (text, translation != NULL ? translation->name : name, s->name, TRUE, &black, 2);
  english.y = client.y = MAX (client.y, english.y);
  if (translation != NULL)
    {
      english.alignment = PANGO_ALIGN_LEFT;
      column_add (&english, name, s->english, TRUE, &grey, s->gap);
      client.y = english.y;
    }
  client.y += s->gap;

  if (offer != NULL && offer[0] != '\0')
    {
      column_add (&client, t (h, labels.offer), s->label, TRUE, &accent, 1);
      text->y = client.y;
      column_add (text, offer, s->body, FALSE, &black, s->gap);
      client.y = text->y;
    }
  if (who != NULL && who[0] != '\0')
    {
      column_add (&client, t (h, labels.who), s->label, TRUE, &accent, 1);
      text->y = client.y;
      column_add (text, who, s->body, FALSE, &black, s->gap);
      client.y = text->y;
    }

  /* Where and phone | when | the map; mirrored right to left. */
  top = client.y + s->gap;
  first_x = h->rtl ? MARGIN + body_w - col_w : MARGIN;
  second_x = h->rtl ? first_x - COLUMN_GAP - col_w : MARGIN + col_w + COLUMN_GAP;
  map_x = h->rtl ? MARGIN : MARGIN + body_w - s->map;
  bottom = add_facts (h, block, service, FACTS_WHERE | FACTS_PHONE, first_x, col_w, top);
  bottom = MAX (bottom, add_facts (h, block, service, FACTS_HOURS, second_x, col_w, top));
  bottom = MAX (bottom, add_map (h, block, service, map_x, top + s->gap, s->map));

  /* The English beside a translation, for whoever helps the client. */
  english.y = bottom + s->gap;
  english.alignment = PANGO_ALIGN_LEFT;
  if (translation != NULL && description != NULL && description[0] != '\0')
    column_add (&english, description, s->english, FALSE, &grey, s->gap / 2);
  if (translation != NULL && eligibility != NULL && eligibility[0] != '\0')
    column_add (&english, eligibility, s->english, FALSE, &grey, 0);

  block->height = MAX (bottom, english.y);
}

/* One service.  Standard, translated: two columns, the client's language
 * at the page's start edge with the facts under it, the English at the
 * other with the map under it.  English only, or large print: the text
 * across the page, then the facts with the map beside them. */
static void
add_service (Handout    *h,
             DirService *service,
             guint       index)
{
  const DirTranslation *translation = get_translation (h, service);
  const Sizes *s = h->sizes;
  gboolean large = h->style == DESK_HANDOUT_STYLE_LARGE_PRINT;
  double body_w = A4_WIDTH - 2 * MARGIN;
  double top = large || index == 0 ? 0 : 3 * s->gap;
  Block *block = block_new (index);
  Column client = { h, block, h->language, MARGIN, body_w, top, start_alignment (h) };
  Column english = { h, block, "en", MARGIN, body_w, top, PANGO_ALIGN_LEFT };
  const char *name = dir_service_get_name (service);
  const char *description = dir_service_get_description (service);
  const char *eligibility = dir_service_get_eligibility_text (service);
  Labels labels;

  get_labels (h, &labels);
  block->rule = !large && index > 0;

  if (translation != NULL && !large)
    {
      double col_w = (body_w - COLUMN_GAP) / 2;
      double bottom;

      client.width = english.width = col_w;
      client.x = h->rtl ? MARGIN + col_w + COLUMN_GAP : MARGIN;
      english.x = h->rtl ? MARGIN : MARGIN + col_w + COLUMN_GAP;

      column_add (&client, translation->name, s->name, TRUE, &black, s->gap);
      if (translation->description != NULL && translation->description[0] != '\0')
        {
          column_add (&client, t (h, labels.offer), s->label, TRUE, &accent, 1);
          column_add (&client, translation->description, s->body, FALSE, &black, s->gap);
        }
      if (translation->eligibility != NULL && translation->eligibility[0] != '\0')
        {
          column_add (&client, t (h, labels.who), s->label, TRUE, &accent, 1);
          column_add (&client, translation->eligibility, s->body, FALSE, &black, s->gap);
        }
      bottom = add_facts (h, block, service, FACTS_ALL, client.x, col_w, client.y);

      column_add (&english, name, s->name - 1, TRUE, &grey, s->gap);
      if (description != NULL && description[0] != '\0')
        {
          column_add (&english, labels.offer, s->label, TRUE, &grey, 1);
          column_add (&english, description, s->english, FALSE, &grey, s->gap);
        }
      if (eligibility != NULL && eligibility[0] != '\0')
        {
          column_add (&english, labels.who, s->label, TRUE, &grey, 1);
          column_add (&english, eligibility, s->english, FALSE, &grey, s->gap);
        }
      english.y = add_map (h, block, service, english.x, english.y + s->gap, s->map);

      block->height = MAX (bottom, english.y);
      g_ptr_array_add (h->blocks, block);
      return;
    }

  if (large)
    {
      add_large_print (h, block, service, translation);
      g_ptr_array_add (h->blocks, block);
      return;
    }

  /* English only; the labels are still the client's, and the text keeps
   * to the same edge. */
  english.alignment = start_alignment (h);
  if (h->bilingual)
    /* Translators: on the client handout, above a service the directory
     * has no translation of: what follows is in English */
    column_add (&client, t (h, H_("(English)")), s->label, TRUE, &grey, 1);
  english.y = client.y;
  column_add (&english, name, s->name, TRUE, &black, s->gap);
  client.y = english.y;
  if (description != NULL && description[0] != '\0')
    {
      column_add (&client, t (h, labels.offer), s->label, TRUE, &accent, 1);
      english.y = client.y;
      column_add (&english, description, s->body, FALSE, &black, s->gap);
      client.y = english.y;
    }
  if (eligibility != NULL && eligibility[0] != '\0')
    {
      column_add (&client, t (h, labels.who), s->label, TRUE, &accent, 1);
      english.y = client.y;
      column_add (&english, eligibility, s->body, FALSE, &black, s->gap);
      client.y = english.y;
    }

  /* The facts at the start edge, the map at the other. */
  {
    double facts_w = body_w - s->map - COLUMN_GAP;
    double facts_x = h->rtl ? MARGIN + s->map + COLUMN_GAP : MARGIN;
    double map_x = h->rtl ? MARGIN : MARGIN + body_w - s->map;
    double top_of_facts = client.y + s->gap;
    double bottom = add_facts (h, block, service, FACTS_ALL, facts_x, facts_w, top_of_facts);
    double map_bottom = add_map (h, block, service, map_x, top_of_facts + s->gap, s->map);

    block->height = MAX (bottom, map_bottom);
  }

  g_ptr_array_add (h->blocks, block);
}

/* --- pages ------------------------------------------------------------- */

static void
collect_line_bottoms (PangoLayout *layout,
                      double       top,
                      GArray      *bottoms)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      int y0, y1;
      double bottom;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      bottom = top + y1 / (double) PANGO_SCALE;
      g_array_append_val (bottoms, bottom);
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
}

static gboolean
is_line_bottom (PangoLayout *layout,
                double       top,
                double       y)
{
  g_autoptr(GArray) bottoms = g_array_new (FALSE, FALSE, sizeof (double));

  collect_line_bottoms (layout, top, bottoms);
  for (guint i = 0; i < bottoms->len; i++)
    if (fabs (g_array_index (bottoms, double, i) - y) < 0.01)
      return TRUE;

  return FALSE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

/* The lowest place at most limit where the block can be cut: between two
 * lines of every text it crosses, never through the map. */
static double
find_cut (Block  *block,
          double  from,
          double  limit)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (double));

  if (limit >= block->height)
    return block->height;

  for (guint i = 0; i < block->pieces->len; i++)
    {
      Piece *piece = &g_array_index (block->pieces, Piece, i);

      g_array_append_val (candidates, piece->y);
      collect_line_bottoms (piece->layout, piece->y, candidates);
    }
  if (block->has_map)
    g_array_append_val (candidates, block->map_y);
  g_array_sort (candidates, compare_doubles);

  for (guint i = candidates->len; i-- > 0;)
    {
      double cut = g_array_index (candidates, double, i);
      gboolean ok = cut > from + 0.01 && cut <= limit;

      for (guint j = 0; ok && j < block->pieces->len; j++)
        {
          Piece *piece = &g_array_index (block->pieces, Piece, j);
          double bottom = piece->y + layout_height (piece->layout);

          if (cut > piece->y + 0.01 && cut < bottom - 0.01 &&
              !is_line_bottom (piece->layout, piece->y, cut))
            ok = FALSE;
        }
      if (ok && block->has_map && cut > block->map_y + 0.01 &&
          cut < block->map_y + block->map_size - 0.01)
        ok = FALSE;

      if (ok)
        return cut;
    }

  return from;
}

static double
service_height (Handout *h,
                guint    first_block)
{
  Block *first = g_ptr_array_index (h->blocks, first_block);
  double height = 0;

  for (guint i = first_block; i < h->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (h->blocks, i);

      if (block->service != first->service)
        break;
      height += block->height;
    }

  return height;
}

static void
paginate (Handout *h)
{
  double top = MARGIN + h->header_height;
  double bottom = A4_HEIGHT - MARGIN - h->footer_height;
  GArray *page = g_array_new (FALSE, FALSE, sizeof (Slice));
  double y = top;

  g_ptr_array_add (h->pages, page);

  for (guint i = 0; i < h->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (h->blocks, i);
      gboolean starts_service = i == 0 ||
        ((Block *) g_ptr_array_index (h->blocks, i - 1))->service != block->service;
      double from = 0;

      if (starts_service && page->len > 0)
        {
          double needed = service_height (h, i);

          /* Large print: a page a service.  Otherwise keep a service on one
           * page when it fits on one. */
          if (h->style == DESK_HANDOUT_STYLE_LARGE_PRINT ||
              (y + needed > bottom && needed <= bottom - top))
            {
              page = g_array_new (FALSE, FALSE, sizeof (Slice));
              g_ptr_array_add (h->pages, page);
              y = top;
            }
        }

      while (from < block->height)
        {
          double cut = find_cut (block, from, from + (bottom - y));
          Slice slice;

          if (cut <= from)
            {
              if (page->len == 0 || y <= top)
                /* Taller than a page with no place to cut: cut anyway. */
                cut = MIN (block->height, from + (bottom - top));
              else
                {
                  page = g_array_new (FALSE, FALSE, sizeof (Slice));
                  g_ptr_array_add (h->pages, page);
                  y = top;
                  continue;
                }
            }

          slice = (Slice) { i, from, cut, y };
          g_array_append_val (page, slice);
          y += cut - from;
          from = cut;

          if (from < block->height)
            {
              page = g_array_new (FALSE, FALSE, sizeof (Slice));
              g_ptr_array_add (h->pages, page);
              y = top;
            }
        }
    }
}

/* One line of the heading: drawn when cr is given; returns its bottom. */
static double
header_line (Handout        *h,
             cairo_t        *cr,
             const char     *text,
             const char     *language,
             double          size,
             gboolean        bold,
             double          x,
             double          width,
             PangoAlignment  alignment,
             const Colour   *colour,
             double          y)
{
  g_autoptr(PangoLayout) layout = new_layout (h, text, language, size, bold, width, alignment);

  if (cr != NULL)
    {
      cairo_move_to (cr, x, y);
      cairo_set_source_rgb (cr, colour->rgb[0], colour->rgb[1], colour->rgb[2]);
      pango_cairo_show_layout (cr, layout);
    }

  return y + layout_height (layout);
}

/* The top of every page: the title at the start edge; the helpline and the
 * date at the other.  Large print: the helpline large, the date small.
 * Returns the height taken, rule and space included. */
static double
draw_header (Handout *h,
             cairo_t *cr)
{
  const Sizes *s = h->sizes;
  gboolean large = h->style == DESK_HANDOUT_STYLE_LARGE_PRINT;
  gboolean has_number = h->helpline != NULL && h->helpline[0] != '\0';
  double body_w = A4_WIDTH - 2 * MARGIN;
  double half = (body_w - COLUMN_GAP) / 2;
  double start_x = h->rtl ? MARGIN + body_w - half : MARGIN;
  double end_x = h->rtl ? MARGIN : MARGIN + body_w - half;
  PangoAlignment start = start_alignment (h);
  PangoAlignment end = h->rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT;
  g_autofree char *date = format_date (h, h->now);
  g_autofree char *date_line = NULL;
  g_autofree char *helpline = NULL;
  g_autofree char *english_helpline = NULL;
  double y_start = MARGIN, y_end = MARGIN;

  if (has_number)
    {
      g_autofree char *number = isolate (h, h->helpline);

      /* Translators: on the client handout; %s is a phone number */
      helpline = g_strdup_printf (t (h, H_("Direction helpline: %s")), number);
      english_helpline = g_strdup_printf ("Direction helpline: %s", h->helpline);
    }
  else
    helpline = g_strdup (t (h, H_("Direction helpline")));

  {
    g_autofree char *isolated = isolate (h, date);

    /* Translators: on the client handout; %s is today's date */
    date_line = g_strdup_printf (t (h, H_("Printed on %s")), isolated);
  }

  if (large)
    {
      /* The number says it in any language: no English line. */
      y_start = header_line (h, cr, helpline, h->language, s->title, TRUE,
                             h->rtl ? MARGIN + body_w * 0.3 : MARGIN, body_w * 0.7, start,
                             &black, y_start);
      y_end = header_line (h, cr, date_line, h->language, 12, FALSE,
                           h->rtl ? MARGIN : MARGIN + body_w * 0.7, body_w * 0.3, end, &grey, y_end);
    }
  else
    {
      /* Translators: the title of the client handout */
      y_start = header_line (h, cr, t (h, H_("Services that can help you")), h->language, s->title,
                             TRUE, start_x, half, start, &accent, y_start);
      y_start = header_line (h, cr, t (h, H_("From Direction, Bedfordshire’s hub for people on "
                                             "probation, leaving prison, and their families")),
                             h->language, s->english, FALSE, start_x, half, start, &grey, y_start);

      y_end = header_line (h, cr, helpline, h->language, s->name, TRUE, end_x, half, end, &black, y_end);
      if (h->bilingual && english_helpline != NULL)
        y_end = header_line (h, cr, english_helpline, "en", s->english, FALSE, end_x, half, end,
                             &grey, y_end);
      y_end = header_line (h, cr, date_line, h->language, s->english, FALSE, end_x, half, end,
                           &grey, y_end);
    }

  y_start = MAX (y_start, y_end) + s->gap;
  if (cr != NULL)
    {
      cairo_move_to (cr, MARGIN, y_start);
      cairo_line_to (cr, MARGIN + body_w, y_start);
      cairo_set_source_rgb (cr, accent.rgb[0], accent.rgb[1], accent.rgb[2]);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }

  return y_start + 2 * s->gap - MARGIN;
}

/* Page numbers at the end edge.  Large print has the data credits at the
 * start of every page, since its pages may be handed out one by one; the
 * standard handout has them once, after the last service. */
static double
draw_footer (Handout *h,
             cairo_t *cr,
             int      page,
             int      n_pages)
{
  const Sizes *s = h->sizes;
  double body_w = A4_WIDTH - 2 * MARGIN;
  double number_w = body_w * 0.2;
  g_autoptr(PangoLayout) credit_layout = NULL;
  g_autoptr(PangoLayout) number_layout = NULL;
  g_autofree char *numbers = NULL;
  double height;

  if (h->style == DESK_HANDOUT_STYLE_LARGE_PRINT)
    credit_layout = new_layout (h, credits, "en", standard_sizes.small, FALSE,
                                body_w - number_w - COLUMN_GAP, PANGO_ALIGN_LEFT);
  /* Translators: at the foot of each page of the client handout */
  numbers = g_strdup_printf (t (h, H_("Page %d of %d")), page + 1, n_pages);
  number_layout = new_layout (h, numbers, h->language, s->small, FALSE, number_w,
                              h->rtl ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
  height = layout_height (number_layout);
  if (credit_layout != NULL)
    height = MAX (height, layout_height (credit_layout));

  if (cr != NULL)
    {
      double y = A4_HEIGHT - MARGIN - height;

      cairo_set_source_rgb (cr, 0.45, 0.45, 0.47);
      if (credit_layout != NULL)
        {
          cairo_move_to (cr, h->rtl ? MARGIN + number_w + COLUMN_GAP : MARGIN, y);
          pango_cairo_show_layout (cr, credit_layout);
        }
      cairo_move_to (cr, h->rtl ? MARGIN : MARGIN + body_w - number_w, y);
      pango_cairo_show_layout (cr, number_layout);
    }

  return height + s->gap * 2;
}

/* The credits after the last service (standard handout). */
static void
add_credits (Handout *h)
{
  Block *block = block_new (G_MAXUINT);
  PangoLayout *layout = new_layout (h, credits, "en", standard_sizes.small, FALSE,
                                    A4_WIDTH - 2 * MARGIN, PANGO_ALIGN_LEFT);
  static const Colour credit_grey = { { 0.45, 0.45, 0.47 } };

  block->rule = TRUE;
  block_add (block, layout, MARGIN, 3 * h->sizes->gap, &credit_grey);
  g_ptr_array_add (h->blocks, block);
}

static void
lay_out (Handout         *h,
         GtkPrintContext *context)
{
  g_clear_object (&h->ltr);
  g_clear_object (&h->rtl_context);
  g_clear_pointer (&h->blocks, g_ptr_array_unref);
  g_clear_pointer (&h->pages, g_ptr_array_unref);

  h->ltr = gtk_print_context_create_pango_context (context);
  pango_context_set_base_dir (h->ltr, PANGO_DIRECTION_LTR);
  h->rtl_context = gtk_print_context_create_pango_context (context);
  pango_context_set_base_dir (h->rtl_context, PANGO_DIRECTION_RTL);
  h->blocks = g_ptr_array_new_with_free_func (block_free);
  h->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  h->header_height = draw_header (h, NULL);
  h->footer_height = draw_footer (h, NULL, 0, 1);

  for (guint i = 0; i < h->services->len; i++)
    {
      DirService *service = g_ptr_array_index (h->services, i);

      add_service (h, service, i);
    }
  if (h->style == DESK_HANDOUT_STYLE_STANDARD)
    add_credits (h);

  paginate (h);

  for (guint i = 0; i < h->blocks->len; i++)
    g_debug ("Handout service %u: %.0f pt", i, ((Block *) g_ptr_array_index (h->blocks, i))->height);
  g_debug ("Handout: %u pages of %.0f pt", h->pages->len,
           A4_HEIGHT - 2 * MARGIN - h->header_height - h->footer_height);
}

static void
draw_block_slice (Handout     *h,
                  cairo_t     *cr,
                  const Slice *slice)
{
  Block *block = g_ptr_array_index (h->blocks, slice->block);
  gboolean whole = slice->from <= 0 && slice->to >= block->height;

  cairo_save (cr);
  if (!whole)
    {
      cairo_rectangle (cr, 0, slice->y, A4_WIDTH, slice->to - slice->from);
      cairo_clip (cr);
    }
  cairo_translate (cr, 0, slice->y - slice->from);

  /* A rule between services, not under the page's heading. */
  if (block->rule && slice->from <= 0 && slice->y > MARGIN + h->header_height + 1)
    {
      cairo_move_to (cr, MARGIN, 0);
      cairo_line_to (cr, A4_WIDTH - MARGIN, 0);
      cairo_set_source_rgb (cr, 0.78, 0.78, 0.80);
      cairo_set_line_width (cr, 0.75);
      cairo_stroke (cr);
    }

  for (guint i = 0; i < block->pieces->len; i++)
    {
      Piece *piece = &g_array_index (block->pieces, Piece, i);

      if (piece->y >= slice->to || piece->y + layout_height (piece->layout) <= slice->from)
        continue;
      cairo_set_source_rgb (cr, piece->colour.rgb[0], piece->colour.rgb[1], piece->colour.rgb[2]);
      cairo_move_to (cr, piece->x, piece->y);
      pango_cairo_show_layout (cr, piece->layout);
    }

  if (block->has_map && block->map_y < slice->to && block->map_y + block->map_size > slice->from)
    draw_map (h, cr, &block->map, block->map_x, block->map_y, block->map_size);

  cairo_restore (cr);
}

/* --- the print operation ----------------------------------------------- */

static void
handout_free (gpointer data)
{
  Handout *h = data;

  g_clear_pointer (&h->services, g_ptr_array_unref);
  g_clear_pointer (&h->language, g_free);
  g_clear_object (&h->catalog);
  g_clear_object (&h->english);
  g_clear_pointer (&h->helpline, g_free);
  g_clear_pointer (&h->now, g_date_time_unref);
  g_clear_object (&h->ltr);
  g_clear_object (&h->rtl_context);
  g_clear_pointer (&h->blocks, g_ptr_array_unref);
  g_clear_pointer (&h->pages, g_ptr_array_unref);
  g_free (h);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Handout, handout_free)

static Handout *
handout_new (GListModel        *services,
             const char        *language,
             DeskHandoutStyle   style,
             GError           **error)
{
  g_autoptr(Handout) h = g_new0 (Handout, 1);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autoptr(GError) local_error = NULL;
  guint n = g_list_model_get_n_items (services);

  if (n == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("There are no services to put on the handout"));
      return NULL;
    }

  h->catalog = dir_catalog_new_for_language (desk_handout_get_locale_dir (), GETTEXT_PACKAGE,
                                             language, &local_error);
  if (h->catalog == NULL)
    {
      if (!g_error_matches (local_error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      /* No translation of the handout's own words yet: they stay English,
       * the services still come in the client's language. */
      g_debug ("Handout in %s with English headings: %s", language, local_error->message);
      h->catalog = dir_catalog_new_empty (language);
    }

  h->english = dir_catalog_new_empty ("en");
  h->language = g_strdup (language);
  h->rtl = language_is_rtl (language);
  h->bilingual = !g_str_equal (language, "en") && !g_str_has_prefix (language, "en_");
  h->style = style;
  h->sizes = style == DESK_HANDOUT_STYLE_LARGE_PRINT ? &large_sizes : &standard_sizes;
  h->helpline = g_settings_get_string (settings, "handout-helpline");
  h->now = g_date_time_new_now_local ();
  h->services = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (h->services, g_list_model_get_item (services, i));

  return g_steal_pointer (&h);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                Handout           *h)
{
  lay_out (h, context);
  gtk_print_operation_set_n_pages (operation, (int) h->pages->len);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              Handout           *h)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  GArray *page;

  if (page_nr < 0 || (guint) page_nr >= h->pages->len)
    return;

  draw_header (h, cr);
  page = g_ptr_array_index (h->pages, page_nr);
  for (guint i = 0; i < page->len; i++)
    draw_block_slice (h, cr, &g_array_index (page, Slice, i));
  draw_footer (h, cr, page_nr, (int) h->pages->len);
}

static GtkPrintOperation *
new_operation (Handout *h)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* Never the client's name or anything about them. */
  gtk_print_operation_set_job_name (operation, _("Direction handout"));

  g_object_set_data_full (G_OBJECT (operation), "desk-handout", h, handout_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), h);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), h);

  return operation;
}

/* --- public API -------------------------------------------------------- */

/* The languages a handout is offered in: English, then the county's main
 * languages (domain notes §6.3). */
const char * const *
desk_handout_get_languages (void)
{
  return languages;
}

/* Where the compiled catalogues are: $DIRECTION_LOCALE_DIR (the build
 * tree's po/, tests), else the installed locale dir; main.c binds the
 * UI's domain to the same place. */
const char *
desk_handout_get_locale_dir (void)
{
  const char *dir = g_getenv ("DIRECTION_LOCALE_DIR");

  return dir != NULL && dir[0] != '\0' ? dir : LOCALEDIR;
}

/* Whether the handout's own words exist in the language (English always). */
gboolean
desk_handout_has_translation (const char *language)
{
  g_autoptr(DirCatalog) catalog = NULL;

  g_return_val_if_fail (language != NULL, FALSE);

  catalog = dir_catalog_new_for_language (desk_handout_get_locale_dir (), GETTEXT_PACKAGE,
                                          language, NULL);
  return catalog != NULL;
}

/**
 * desk_handout_export_pdf:
 * @services: a #GListModel of #DirService, in the order to print them
 * @language: the client's language, such as "pl" or "ur"; "en" for English
 * @style: standard, or large print and easy read
 * @pdf_path: the file to write; replaced only once the new one is complete
 *
 * Writes the handout as a PDF without a dialog (GtkPrintOperation's export
 * action).  Needs GTK initialised.
 */
gboolean
desk_handout_export_pdf (GListModel        *services,
                         const char        *language,
                         DeskHandoutStyle   style,
                         const char        *pdf_path,
                         GError           **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  GtkPrintOperationResult result;
  Handout *h;
  int fd;

  g_return_val_if_fail (G_IS_LIST_MODEL (services), FALSE);
  g_return_val_if_fail (language != NULL, FALSE);
  g_return_val_if_fail (pdf_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  h = handout_new (services, language, style, error);
  if (h == NULL)
    return FALSE;
  operation = new_operation (h);

  /* Into a new file beside the target, then renamed over it: a failed
   * export leaves whatever was there. */
  dir = g_path_get_dirname (pdf_path);
  base = g_path_get_basename (pdf_path);
  tmp_path = g_strdup_printf ("%s%c.%s-XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (tmp_path, O_RDWR, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a folder, then the system's reason */
                   _("Cannot write the handout in %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  gtk_print_operation_set_export_filename (operation, tmp_path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  if (g_rename (tmp_path, pdf_path) != 0)
    {
      int saved_errno = errno;

      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a file, then the system's reason */
                   _("Cannot write the handout to %s: %s"), pdf_path, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static void
finish_print (GTask                   *task,
              GtkPrintOperation       *operation,
              GtkPrintOperationResult  result)
{
  if (g_object_get_data (G_OBJECT (task), "desk-handout-done") != NULL)
    return;
  g_object_set_data (G_OBJECT (task), "desk-handout-done", GINT_TO_POINTER (TRUE));

  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gtk_print_operation_get_error (operation, &error);
        if (error == NULL)
          g_set_error_literal (&error, GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL,
                               _("The handout could not be printed"));
        g_task_return_error (task, g_steal_pointer (&error));
      }
      break;

    case GTK_PRINT_OPERATION_RESULT_CANCEL:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Printing was cancelled"));
      break;

    case GTK_PRINT_OPERATION_RESULT_APPLY:
    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
    default:
      g_task_return_boolean (task, TRUE);
      break;
    }
}

static void
on_operation_done_cb (GtkPrintOperation       *operation,
                      GtkPrintOperationResult  result,
                      GTask                   *task)
{
  finish_print (task, operation, result);
  /* Drops the handler's reference on the task. */
  g_signal_handlers_disconnect_by_func (operation, on_operation_done_cb, task);
}

/**
 * desk_handout_print_async:
 *
 * Prints the handout through the print dialog (which also saves PDFs).
 * Finishes with %G_IO_ERROR_CANCELLED when the user closes the dialog.
 */
void
desk_handout_print_async (GtkWindow           *parent,
                          GListModel          *services,
                          const char          *language,
                          DeskHandoutStyle     style,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;
  Handout *h;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (G_IS_LIST_MODEL (services));
  g_return_if_fail (language != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_handout_print_async);

  h = handout_new (services, language, style, &error);
  if (h == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  operation = new_operation (h);
  gtk_print_operation_set_allow_async (operation, TRUE);
  /* The task keeps the operation and, until "done", the operation's
   * handler keeps the task. */
  g_task_set_task_data (task, g_object_ref (operation), g_object_unref);
  g_signal_connect_data (operation, "done", G_CALLBACK (on_operation_done_cb),
                         g_object_ref (task), (GClosureNotify) (void (*) (void)) g_object_unref, 0);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    return;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL &&
      g_object_get_data (G_OBJECT (task), "desk-handout-done") == NULL)
    {
      g_object_set_data (G_OBJECT (task), "desk-handout-done", GINT_TO_POINTER (TRUE));
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    finish_print (task, operation, result);
  g_signal_handlers_disconnect_by_func (operation, on_operation_done_cb, task);
}

gboolean
desk_handout_print_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == desk_handout_print_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
