/* dir-geocoder.c
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

/* The offline geocoder.  Everything it knows is read once, at construction,
 * from the trimmed tables in data/geo/ (see data/geo/README.md for their
 * source and format); nothing is ever sent over the network.
 *
 *  - bedfordshire-postcodes.csv  unit postcodes of Bedford, Central
 *                                Bedfordshire and Luton
 *  - gb-outcodes.csv             postcode district centroids, all of GB
 *  - bedfordshire-places.csv     Bedfordshire towns, suburbs, villages, hamlets
 *  - gb-towns.csv                GB cities and towns
 *
 * Coordinates are stored as integer micro-degrees: the files carry exactly
 * six decimals, so this is lossless and keeps an entry at 16 bytes.
 *
 * After construction the object is immutable, so lookups and completion
 * may run from any thread.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dir-data.h"
#include "dir-geocoder.h"

#define POSTCODES_FILE      "bedfordshire-postcodes.csv"
#define OUTCODES_FILE       "gb-outcodes.csv"
#define BEDS_PLACES_FILE    "bedfordshire-places.csv"
#define GB_TOWNS_FILE       "gb-towns.csv"

#define POSTCODES_HEADER    "postcode,lat,lon"
#define OUTCODES_HEADER     "outcode,lat,lon"
#define PLACES_HEADER       "name,type,district,lat,lon,outcode"

/* Longest compact postcode ("AA9A9AA") plus its NUL. */
#define COMPACT_POSTCODE_SIZE 8
/* How much of the user's text we repeat back in an error message. */
#define DISPLAY_MAX_CHARS     40

typedef struct
{
  char   code[COMPACT_POSTCODE_SIZE];  /* first member: the entry is its own hash key */
  gint32 lat_e6;
  gint32 lon_e6;
} CodeEntry;

typedef struct
{
  char   *name;
  char   *district;
  char   *label;
  char   *folded_name;
  char   *folded_district;
  char   *folded_label;
  char    outcode[5];
  gint32  lat_e6;
  gint32  lon_e6;
  guint   rank;
  guint   order;
  guint   bedfordshire : 1;
} Place;

typedef struct
{
  char       *path;       /* for display: UTF-8 */
  char       *contents;
  char       *pos;
  char       *end;
  guint       line;
} CsvReader;

struct _DirGeocoder
{
  GObject     parent_instance;

  CodeEntry  *postcodes;
  GHashTable *postcode_index;   /* compact postcode → CodeEntry* (a set) */
  CodeEntry  *outcodes;
  GHashTable *outcode_index;    /* outward code → CodeEntry* (a set) */
  GPtrArray  *places;           /* Place*, in preference order */
  GHashTable *place_index;      /* folded name → GPtrArray of Place*, preference order */
};

G_DEFINE_FINAL_TYPE (DirGeocoder, dir_geocoder, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (DirPlace, dir_place, dir_place_copy, dir_place_free)
G_DEFINE_QUARK (dir-geocoder-error-quark, dir_geocoder_error)

static void
place_free (Place *place)
{
  if (place == NULL)
    return;

  g_free (place->name);
  g_free (place->district);
  g_free (place->label);
  g_free (place->folded_name);
  g_free (place->folded_district);
  g_free (place->folded_label);
  g_free (place);
}

static DirPlace *
place_new (DirPlaceKind  kind,
           const char   *label,
           gint32        lat_e6,
           gint32        lon_e6)
{
  DirPlace *place = g_new0 (DirPlace, 1);

  place->kind = kind;
  place->label = g_strdup (label);
  place->latitude = lat_e6 / 1e6;
  place->longitude = lon_e6 / 1e6;

  return place;
}

/* ---- Postcode syntax --------------------------------------------------- */

static gboolean
is_inward_letter (char c)
{
  /* The inward code never uses C, I, K, M, O or V. */
  return g_ascii_isupper (c) && strchr ("CIKMOV", c) == NULL;
}

/* Outward code shapes: A9, A99, AA9, AA99, A9A, AA9A.  The trailing letter of
 * A9A and AA9A comes from a restricted set, which is what rejects "MK4O".
 * The first- and second-position letter rules (no Q, V, X first; no I, J, Z
 * second) are deliberately not applied, so that placeholders such as
 * "ZZ9 9ZZ" or the NHS "ZZ99" pseudo-districts read as well formed and get
 * the clearer "no such district" answer rather than "malformed". */
static gboolean
is_outward_code (const char *s,
                 gsize       len)
{
  if (len < 2 || len > 4 || !g_ascii_isupper (s[0]))
    return FALSE;

  switch (len)
    {
    case 2:
      return g_ascii_isdigit (s[1]);

    case 3:
      if (g_ascii_isdigit (s[1]))
        return g_ascii_isdigit (s[2]) ||
               (g_ascii_isupper (s[2]) && strchr ("ABCDEFGHJKPSTUW", s[2]) != NULL);
      return g_ascii_isupper (s[1]) && g_ascii_isdigit (s[2]);

    case 4:
      return g_ascii_isupper (s[1]) &&
             g_ascii_isdigit (s[2]) &&
             (g_ascii_isdigit (s[3]) ||
              (g_ascii_isupper (s[3]) && strchr ("ABEHMNPRVWXY", s[3]) != NULL));

    default:
      g_assert_not_reached ();
    }
}

/* Parses a unit postcode or a bare outward code, ignoring case and any
 * whitespace (ASCII or Unicode, so pasted no-break spaces are fine).
 * On success @compact holds the upper-case code without spaces and
 * @outward_len the length of its outward part; @compact is a full unit
 * postcode when strlen (compact) > outward_len. */
static gboolean
parse_postcode (const char *text,
                char        compact[COMPACT_POSTCODE_SIZE],
                gsize      *outward_len)
{
  gsize len = 0;

  for (const char *p = text; *p != '\0';)
    {
      guchar c = (guchar) *p;

      if (c < 0x80)
        {
          p++;
          if (g_ascii_isspace (c))
            continue;
          if (!g_ascii_isalnum (c) || len == COMPACT_POSTCODE_SIZE - 1)
            return FALSE;
          compact[len++] = g_ascii_toupper (c);
        }
      else
        {
          gunichar uc = g_utf8_get_char_validated (p, -1);

          if (uc == (gunichar) -1 || uc == (gunichar) -2 || !g_unichar_isspace (uc))
            return FALSE;
          p = g_utf8_next_char (p);
        }
    }
  compact[len] = '\0';

  if (len >= 5)
    {
      const char *inward = compact + len - 3;

      if (!g_ascii_isdigit (inward[0]) ||
          !is_inward_letter (inward[1]) ||
          !is_inward_letter (inward[2]) ||
          !is_outward_code (compact, len - 3))
        return FALSE;
      *outward_len = len - 3;
      return TRUE;
    }

  if (!is_outward_code (compact, len))
    return FALSE;
  *outward_len = len;
  return TRUE;
}

static char *
format_postcode (const char *compact,
                 gsize       outward_len)
{
  if (compact[outward_len] == '\0')
    return g_strdup (compact);

  return g_strdup_printf ("%.*s %s", (int) outward_len, compact, compact + outward_len);
}

/* ---- Text folding ------------------------------------------------------ */

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == '`' || c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0x2032;
}

static void
append_folded (GString    *out,
               gboolean   *pending_space,
               const char *bytes,
               gssize      len)
{
  if (*pending_space && out->len > 0)
    g_string_append_c (out, ' ');
  *pending_space = FALSE;
  g_string_append_len (out, bytes, len);
}

/* Folds a place name (valid UTF-8) for matching: lower case, diacritics and
 * apostrophes dropped, any other run of punctuation or space becomes one
 * space, no leading or trailing space.  "Leighton-Buzzard " → "leighton
 * buzzard", "King’s Lynn" → "kings lynn", "Cwmbrân" → "cwmbran".  Letters
 * that have no ASCII transliteration are kept (lower-cased) so they never
 * match by accident. */
static char *
fold_text (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean pending_space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        {
          char ch = (char) c;

          if (g_ascii_isalnum (ch))
            {
              ch = g_ascii_tolower (ch);
              append_folded (out, &pending_space, &ch, 1);
            }
          else if (!is_apostrophe (c))
            pending_space = TRUE;
        }
      else if (is_apostrophe (c) || g_unichar_ismark (c))
        {
          /* dropped: "King’s" → "kings", combining accents */
        }
      else if (g_unichar_isalnum (c))
        {
          char buf[8] = { 0, };
          g_autofree char *ascii = NULL;
          gboolean usable;

          g_unichar_to_utf8 (c, buf);
          ascii = g_str_to_ascii (buf, "C");
          usable = ascii[0] != '\0';
          for (const char *a = ascii; *a != '\0' && usable; a++)
            usable = g_ascii_isalnum (*a);

          if (usable)
            {
              g_autofree char *lower = g_ascii_strdown (ascii, -1);
              append_folded (out, &pending_space, lower, -1);
            }
          else
            {
              memset (buf, 0, sizeof buf);
              g_unichar_to_utf8 (g_unichar_tolower (c), buf);
              append_folded (out, &pending_space, buf, -1);
            }
        }
      else
        pending_space = TRUE;
    }

  return g_string_free (out, FALSE);
}

/* Text as it may be quoted back in a message: valid UTF-8, trimmed,
 * control characters blanked, at most @max_chars long. */
static char *
shorten_text (const char *text,
              guint       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);
  guint n_chars = 0;

  g_strstrip (valid);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_string_free (out, FALSE);
}

static char *
text_for_display (const char *text)
{
  return shorten_text (text, DISPLAY_MAX_CHARS);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0';)
    {
      guchar c = (guchar) *p;

      if (c < 0x80)
        {
          if (!g_ascii_isspace (c))
            return FALSE;
          p++;
        }
      else
        {
          gunichar uc = g_utf8_get_char_validated (p, -1);

          if (uc == (gunichar) -1 || uc == (gunichar) -2 || !g_unichar_isspace (uc))
            return FALSE;
          p = g_utf8_next_char (p);
        }
    }

  return TRUE;
}

/* Text that is not a valid postcode but has a digit in its name part (before
 * any comma: "Church End, LU7" is a qualified place name) was meant to be
 * one: "MK40 1P", "12345", "MK4O 1PG". */
static gboolean
looks_like_postcode (const char *text)
{
  for (const char *p = text; *p != '\0' && *p != ','; p++)
    {
      if (g_ascii_isdigit (*p))
        return TRUE;
    }

  return FALSE;
}

/* ---- Data files -------------------------------------------------------- */

G_GNUC_PRINTF (3, 4)
static gboolean
csv_reader_fail (CsvReader   *reader,
                 GError     **error,
                 const char  *format,
                 ...)
{
  g_autofree char *raw = NULL;
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  raw = g_strdup_vprintf (format, args);
  va_end (args);

  /* It may quote a damaged field: keep the message short and valid UTF-8. */
  reason = shorten_text (raw, 120);

  g_set_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_DATA,
               _("Geocoder data file “%s” is damaged at line %u: %s"),
               reader->path, reader->line, reason);
  return FALSE;
}

static void
csv_reader_clear (CsvReader *reader)
{
  g_clear_pointer (&reader->path, g_free);
  g_clear_pointer (&reader->contents, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CsvReader, csv_reader_clear)

static gboolean
csv_reader_next (CsvReader  *reader,
                 char      **fields,
                 guint       n_fields,
                 gboolean   *done,
                 GError    **error)
{
  char *line = reader->pos;
  char *newline;
  guint n = 0;

  *done = FALSE;
  if (reader->pos == reader->end)
    {
      *done = TRUE;
      return TRUE;
    }

  reader->line++;
  newline = memchr (reader->pos, '\n', reader->end - reader->pos);
  if (newline == NULL)
    return csv_reader_fail (reader, error, _("the file is truncated (the last line has no end)"));

  if (memchr (line, '\0', newline - line) != NULL)
    return csv_reader_fail (reader, error, _("the line contains a NUL byte"));

  reader->pos = newline + 1;
  *newline = '\0';
  if (newline > line && newline[-1] == '\r')
    newline[-1] = '\0';
  if (line[0] == '\0')
    return csv_reader_fail (reader, error, _("the line is empty"));

  fields[n++] = line;
  for (char *p = line; *p != '\0'; p++)
    {
      if (*p != ',')
        continue;
      *p = '\0';
      if (n == n_fields)
        return csv_reader_fail (reader, error, _("expected %u fields, found more"), n_fields);
      fields[n++] = p + 1;
    }

  if (n != n_fields)
    return csv_reader_fail (reader, error, _("expected %u fields, found %u"), n_fields, n);

  return TRUE;
}

static gboolean
csv_reader_open (CsvReader   *reader,
                 const char  *path,
                 const char  *header,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  gsize header_len;
  char *newline;

  reader->path = g_filename_display_name (path);
  reader->line = 0;

  if (!g_file_get_contents (path, &reader->contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_DATA,
                     _("Geocoder data file “%s” is missing"), reader->path);
      else
        g_set_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_DATA,
                     _("Geocoder data file “%s” cannot be read: %s"),
                     reader->path, local_error->message);
      return FALSE;
    }

  reader->pos = reader->contents;
  reader->end = reader->contents + length;

  if (length == 0)
    {
      g_set_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_DATA,
                   _("Geocoder data file “%s” is empty"), reader->path);
      return FALSE;
    }

  /* The header holds commas: compare it whole rather than split it. */
  reader->line = 1;
  newline = memchr (reader->pos, '\n', length);
  if (newline == NULL)
    return csv_reader_fail (reader, error, _("the file is truncated (the last line has no end)"));

  header_len = newline - reader->pos;
  if (header_len > 0 && reader->pos[header_len - 1] == '\r')
    header_len--;
  if (header_len != strlen (header) || memcmp (reader->pos, header, header_len) != 0)
    return csv_reader_fail (reader, error, _("expected the header “%s”"), header);

  reader->pos = newline + 1;
  return TRUE;
}

/* Strict: [-]D{1,3}.DDDDDD, exactly what the derivation writes, so that a
 * file cut short in the middle of a number is noticed. */
static gboolean
parse_microdegrees (const char *s,
                    gint32      max_abs_e6,
                    gint32     *out)
{
  gboolean negative = FALSE;
  gint64 value = 0;
  guint digits = 0;

  if (*s == '-')
    {
      negative = TRUE;
      s++;
    }

  for (; g_ascii_isdigit (*s); s++, digits++)
    value = value * 10 + (*s - '0');
  if (digits < 1 || digits > 3 || *s != '.')
    return FALSE;

  s++;
  for (digits = 0; g_ascii_isdigit (*s); s++, digits++)
    value = value * 10 + (*s - '0');
  if (digits != 6 || *s != '\0' || value > max_abs_e6)
    return FALSE;

  *out = (gint32) (negative ? -value : value);
  return TRUE;
}

static gboolean
parse_coordinates (CsvReader   *reader,
                   const char  *lat,
                   const char  *lon,
                   gint32      *lat_e6,
                   gint32      *lon_e6,
                   GError     **error)
{
  if (!parse_microdegrees (lat, 90000000, lat_e6))
    return csv_reader_fail (reader, error, _("bad latitude “%s”"), lat);
  if (!parse_microdegrees (lon, 180000000, lon_e6))
    return csv_reader_fail (reader, error, _("bad longitude “%s”"), lon);

  return TRUE;
}

static guint
count_lines (const CsvReader *reader)
{
  guint n = 0;

  for (const char *p = reader->pos; p < reader->end; p++)
    {
      p = memchr (p, '\n', reader->end - p);
      if (p == NULL)
        break;
      n++;
    }

  return n + 1;
}

/* Loads a "code,lat,lon" table.  Unit postcodes when @full is TRUE,
 * else outward codes. */
static gboolean
load_codes (const char   *path,
            const char   *header,
            gboolean      full,
            CodeEntry   **entries_out,
            GHashTable  **index_out,
            GError      **error)
{
  g_auto(CsvReader) reader = { 0, };
  g_autofree CodeEntry *entries = NULL;
  g_autoptr(GHashTable) index = NULL;
  guint n = 0;

  if (!csv_reader_open (&reader, path, header, error))
    return FALSE;

  /* Sized once, so the hash keys (pointers into the array) stay put. */
  entries = g_new (CodeEntry, count_lines (&reader));
  index = g_hash_table_new (g_str_hash, g_str_equal);

  for (;;)
    {
      CodeEntry *entry = &entries[n];
      char *fields[3];
      gboolean done;
      gsize outward_len;

      if (!csv_reader_next (&reader, fields, G_N_ELEMENTS (fields), &done, error))
        return FALSE;
      if (done)
        break;

      if (!parse_postcode (fields[0], entry->code, &outward_len) ||
          (entry->code[outward_len] != '\0') != full)
        return csv_reader_fail (&reader, error,
                                full ? _("bad unit postcode “%s”")
                                     : _("bad postcode district “%s”"),
                                fields[0]);

      if (!parse_coordinates (&reader, fields[1], fields[2], &entry->lat_e6, &entry->lon_e6, error))
        return FALSE;

      if (!g_hash_table_add (index, entry))
        return csv_reader_fail (&reader, error, _("“%s” appears twice"), fields[0]);
      n++;
    }

  if (n == 0)
    {
      g_set_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_DATA,
                   _("Geocoder data file “%s” has no rows"), reader.path);
      return FALSE;
    }

  *entries_out = g_steal_pointer (&entries);
  *index_out = g_steal_pointer (&index);
  return TRUE;
}

/* Preference among places of the same name: a lower rank wins. */
static gboolean
rank_place_type (const char *type,
                 gboolean    bedfordshire,
                 guint      *rank)
{
  static const char * const beds_types[] = {
    "Town", "Suburban Area", "Village", "Hamlet", "Other Settlement",
  };
  static const char * const gb_types[] = { "City", "Town" };
  const char * const *types = bedfordshire ? beds_types : gb_types;
  guint n_types = bedfordshire ? G_N_ELEMENTS (beds_types) : G_N_ELEMENTS (gb_types);

  for (guint i = 0; i < n_types; i++)
    {
      if (strcmp (type, types[i]) == 0)
        {
          *rank = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
load_places (const char  *path,
             gboolean     bedfordshire,
             GPtrArray   *places,
             GError     **error)
{
  g_auto(CsvReader) reader = { 0, };
  guint first = places->len;

  if (!csv_reader_open (&reader, path, PLACES_HEADER, error))
    return FALSE;

  for (;;)
    {
      char *fields[6];
      gboolean done;
      Place *place;
      gint32 lat_e6, lon_e6;
      gsize outward_len = 0;
      char outcode[COMPACT_POSTCODE_SIZE] = { 0, };
      guint rank;

      if (!csv_reader_next (&reader, fields, G_N_ELEMENTS (fields), &done, error))
        return FALSE;
      if (done)
        break;

      if (!g_utf8_validate (fields[0], -1, NULL) || !g_utf8_validate (fields[2], -1, NULL))
        return csv_reader_fail (&reader, error, _("the line is not valid UTF-8"));
      if (fields[0][0] == '\0')
        return csv_reader_fail (&reader, error, _("the place has no name"));
      if (!rank_place_type (fields[1], bedfordshire, &rank))
        return csv_reader_fail (&reader, error, _("unknown place type “%s”"), fields[1]);
      if (!parse_coordinates (&reader, fields[3], fields[4], &lat_e6, &lon_e6, error))
        return FALSE;
      if (fields[5][0] != '\0' &&
          (!parse_postcode (fields[5], outcode, &outward_len) || outcode[outward_len] != '\0'))
        return csv_reader_fail (&reader, error, _("bad postcode district “%s”"), fields[5]);

      place = g_new0 (Place, 1);
      place->name = g_strdup (fields[0]);
      place->district = g_strdup (fields[2]);
      place->folded_name = fold_text (fields[0]);
      place->folded_district = fold_text (fields[2]);
      memcpy (place->outcode, outcode, sizeof place->outcode - 1);
      place->lat_e6 = lat_e6;
      place->lon_e6 = lon_e6;
      place->rank = rank;
      place->order = places->len;
      place->bedfordshire = !!bedfordshire;
      g_ptr_array_add (places, place);

      if (place->folded_name[0] == '\0')
        return csv_reader_fail (&reader, error, _("the place name “%s” has no letters"),
                                place->name);
    }

  if (places->len == first)
    {
      g_set_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_DATA,
                   _("Geocoder data file “%s” has no rows"), reader.path);
      return FALSE;
    }

  return TRUE;
}

static int
compare_places (gconstpointer a,
                gconstpointer b)
{
  const Place *pa = *(const Place * const *) a;
  const Place *pb = *(const Place * const *) b;
  int cmp;

  if (pa->bedfordshire != pb->bedfordshire)
    return pa->bedfordshire ? -1 : 1;
  if (pa->rank != pb->rank)
    return pa->rank < pb->rank ? -1 : 1;
  if ((cmp = strcmp (pa->folded_name, pb->folded_name)) != 0)
    return cmp;

  return pa->order < pb->order ? -1 : (pa->order > pb->order);
}

/* Sorts the places into preference order, drops duplicates and gives each
 * a label that tells it apart from its namesakes:
 *  - a GB town that is also in the Bedfordshire table (same name and
 *    point) is the same place;
 *  - two places with the same name, district and postcode district cannot
 *    be told apart by a user either (OS Open Names has two "Ravensden"
 *    points 1 km apart): the preferred one is kept.
 * Labels: "Kempston" when the name is unique, "Salford, Salford" when the
 * district is enough, else "Church End, Central Bedfordshire, LU7". */
static void
index_places (DirGeocoder *self)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) place_free);
  GHashTableIter iter;
  GPtrArray *group;
  guint n_duplicates = 0;

  g_ptr_array_sort (self->places, compare_places);

  for (guint i = 0; i < self->places->len; i++)
    {
      Place *place = g_ptr_array_index (self->places, i);
      gboolean duplicate = FALSE;

      group = g_hash_table_lookup (self->place_index, place->folded_name);
      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_hash_table_insert (self->place_index, place->folded_name, group);
        }

      for (guint j = 0; j < group->len && !duplicate; j++)
        {
          const Place *other = g_ptr_array_index (group, j);

          duplicate = (other->lat_e6 == place->lat_e6 && other->lon_e6 == place->lon_e6) ||
                      (strcmp (other->folded_district, place->folded_district) == 0 &&
                       strcmp (other->outcode, place->outcode) == 0);
        }

      if (duplicate)
        {
          n_duplicates++;
          continue;
        }

      g_ptr_array_add (group, place);
      g_ptr_array_add (kept, place);
      self->places->pdata[i] = NULL;
    }

  g_clear_pointer (&self->places, g_ptr_array_unref);
  self->places = g_steal_pointer (&kept);
  g_debug ("Geocoder: %u duplicate places dropped", n_duplicates);

  g_hash_table_iter_init (&iter, self->place_index);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &group))
    {
      for (guint i = 0; i < group->len; i++)
        {
          Place *place = g_ptr_array_index (group, i);
          guint same_district = 0;

          for (guint j = 0; j < group->len; j++)
            {
              const Place *other = g_ptr_array_index (group, j);

              if (strcmp (other->folded_district, place->folded_district) == 0)
                same_district++;
            }

          if (group->len == 1)
            place->label = g_strdup (place->name);
          else if (same_district == 1 || place->outcode[0] == '\0')
            place->label = g_strdup_printf ("%s, %s", place->name, place->district);
          else
            place->label = g_strdup_printf ("%s, %s, %s",
                                            place->name, place->district, place->outcode);
          place->folded_label = fold_text (place->label);
        }
    }
}

static gboolean
load_tables (DirGeocoder  *self,
             const char   *dir,
             GError      **error)
{
  g_autofree char *postcodes_path = g_build_filename (dir, POSTCODES_FILE, NULL);
  g_autofree char *outcodes_path = g_build_filename (dir, OUTCODES_FILE, NULL);
  g_autofree char *beds_path = g_build_filename (dir, BEDS_PLACES_FILE, NULL);
  g_autofree char *towns_path = g_build_filename (dir, GB_TOWNS_FILE, NULL);
  gint64 start = g_get_monotonic_time ();

  if (!load_codes (postcodes_path, POSTCODES_HEADER, TRUE,
                   &self->postcodes, &self->postcode_index, error) ||
      !load_codes (outcodes_path, OUTCODES_HEADER, FALSE,
                   &self->outcodes, &self->outcode_index, error) ||
      !load_places (beds_path, TRUE, self->places, error) ||
      !load_places (towns_path, FALSE, self->places, error))
    return FALSE;

  index_places (self);

  g_debug ("Geocoder: %u postcodes, %u districts and %u places from %s in %.1f ms",
           g_hash_table_size (self->postcode_index),
           g_hash_table_size (self->outcode_index),
           self->places->len, dir,
           (g_get_monotonic_time () - start) / 1000.0);

  return TRUE;
}

/* ---- Lookups ----------------------------------------------------------- */

static DirPlace *
lookup_postcode (DirGeocoder  *self,
                 const char   *compact,
                 gsize         outward_len,
                 GError      **error)
{
  g_autofree char *label = format_postcode (compact, outward_len);
  char outward[COMPACT_POSTCODE_SIZE] = { 0, };
  const CodeEntry *entry;

  if (compact[outward_len] != '\0')
    {
      entry = g_hash_table_lookup (self->postcode_index, compact);
      if (entry != NULL)
        return place_new (DIR_PLACE_UNIT_POSTCODE, label, entry->lat_e6, entry->lon_e6);
    }

  /* Outside Bedfordshire (or a unit we do not have): the district is the
   * best we know, and the label says so. */
  memcpy (outward, compact, outward_len);
  entry = g_hash_table_lookup (self->outcode_index, outward);
  if (entry != NULL)
    return place_new (DIR_PLACE_DISTRICT, outward, entry->lat_e6, entry->lon_e6);

  if (g_str_has_prefix (outward, "BT"))
    g_set_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_NOT_FOUND,
                 _("No postcode district %s in the offline data (it covers Great Britain, "
                   "not Northern Ireland)"), outward);
  else
    g_set_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_NOT_FOUND,
                 _("No postcode district %s in the offline data"), outward);
  return NULL;
}

static gboolean
place_matches_qualifier (const Place *place,
                         const char  *qualifier)
{
  return strcmp (qualifier, place->folded_district) == 0 ||
         g_ascii_strcasecmp (qualifier, place->outcode) == 0 ||
         (place->bedfordshire &&
          (strcmp (qualifier, "bedfordshire") == 0 || strcmp (qualifier, "beds") == 0));
}

/* "Name" or "Name, qualifier[, qualifier…]", where a qualifier is a district
 * ("Kempston, Bedford"), a postcode district ("Church End, LU7") or
 * "Bedfordshire". */
static DirPlace *
lookup_place (DirGeocoder  *self,
              const char   *text,
              GError      **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GPtrArray) qualifiers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = fold_text (parts[0]);
  GPtrArray *group = g_hash_table_lookup (self->place_index, name);

  for (guint i = 1; parts[i] != NULL; i++)
    {
      char *qualifier = fold_text (parts[i]);

      if (qualifier[0] == '\0')
        g_free (qualifier);
      else
        g_ptr_array_add (qualifiers, qualifier);
    }

  for (guint i = 0; group != NULL && i < group->len; i++)
    {
      const Place *place = g_ptr_array_index (group, i);
      gboolean matches = TRUE;

      for (guint j = 0; j < qualifiers->len && matches; j++)
        matches = place_matches_qualifier (place, g_ptr_array_index (qualifiers, j));

      if (matches)
        return place_new (DIR_PLACE_TOWN, place->label, place->lat_e6, place->lon_e6);
    }

  {
    g_autofree char *shown = text_for_display (text);

    g_set_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_NOT_FOUND,
                 _("No place called “%s” in the offline data"), shown);
  }
  return NULL;
}

/* ---- Object ------------------------------------------------------------ */

static void
dir_geocoder_finalize (GObject *object)
{
  DirGeocoder *self = (DirGeocoder *) object;

  g_clear_pointer (&self->postcode_index, g_hash_table_unref);
  g_clear_pointer (&self->postcodes, g_free);
  g_clear_pointer (&self->outcode_index, g_hash_table_unref);
  g_clear_pointer (&self->outcodes, g_free);
  /* The index borrows its keys from the places: drop it first. */
  g_clear_pointer (&self->place_index, g_hash_table_unref);
  g_clear_pointer (&self->places, g_ptr_array_unref);

  G_OBJECT_CLASS (dir_geocoder_parent_class)->finalize (object);
}

static void
dir_geocoder_class_init (DirGeocoderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dir_geocoder_finalize;
}

static void
dir_geocoder_init (DirGeocoder *self)
{
  self->places = g_ptr_array_new_with_free_func ((GDestroyNotify) place_free);
  self->place_index = g_hash_table_new_full (g_str_hash, g_str_equal,
                                             NULL, (GDestroyNotify) g_ptr_array_unref);
}

/* ---- Public API -------------------------------------------------------- */

DirPlace *
dir_place_copy (const DirPlace *place)
{
  DirPlace *copy;

  g_return_val_if_fail (place != NULL, NULL);

  copy = g_new0 (DirPlace, 1);
  copy->kind = place->kind;
  copy->label = g_strdup (place->label);
  copy->latitude = place->latitude;
  copy->longitude = place->longitude;

  return copy;
}

void
dir_place_free (DirPlace *place)
{
  if (place == NULL)
    return;

  g_free (place->label);
  g_free (place);
}

/**
 * dir_geocoder_new:
 * @data_dir: (nullable): the directory holding the geocoder tables, or %NULL
 *   for the `geo` folder of dir_data_get_dir() ($DIRECTION_DATA_DIR or the
 *   installed package data directory)
 * @error: return location for a #DIR_GEOCODER_ERROR_DATA error
 *
 * Loads every table.  Fails, naming the file and line, if any is missing or
 * damaged.
 *
 * Returns: (transfer full) (nullable): a new geocoder
 */
DirGeocoder *
dir_geocoder_new (const char  *data_dir,
                  GError     **error)
{
  g_autoptr(DirGeocoder) self = NULL;
  g_autofree char *default_dir = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data_dir == NULL)
    {
      const char *base = dir_data_get_dir ();

      if (base == NULL)
        {
          g_set_error_literal (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_DATA,
                               _("The data directory is not known"));
          return NULL;
        }
      data_dir = default_dir = g_build_filename (base, "geo", NULL);
    }

  self = g_object_new (DIR_TYPE_GEOCODER, NULL);
  if (!load_tables (self, data_dir, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * dir_geocoder_lookup:
 * @self: a #DirGeocoder
 * @text: what the user typed: a unit postcode, a postcode district or a
 *   place name, optionally qualified ("Kempston, Bedford")
 * @error: return location for a #DirGeocoderError
 *
 * Returns: (transfer full) (nullable): the place, or %NULL with @error set
 */
DirPlace *
dir_geocoder_lookup (DirGeocoder  *self,
                     const char   *text,
                     GError      **error)
{
  char compact[COMPACT_POSTCODE_SIZE];
  gsize outward_len;

  g_return_val_if_fail (DIR_IS_GEOCODER (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (is_blank (text))
    {
      g_set_error_literal (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_EMPTY,
                           _("Type a postcode or a place name"));
      return NULL;
    }

  if (parse_postcode (text, compact, &outward_len))
    return lookup_postcode (self, compact, outward_len, error);

  if (looks_like_postcode (text))
    {
      g_autofree char *shown = text_for_display (text);

      g_set_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_MALFORMED,
                   _("“%s” is not a valid postcode. A postcode looks like “MK40 1PG”, "
                     "or “MK40” for a whole postcode district."), shown);
      return NULL;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *shown = text_for_display (text);

      g_set_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_NOT_FOUND,
                   _("No place called “%s” in the offline data"), shown);
      return NULL;
    }

  return lookup_place (self, text, error);
}

/**
 * dir_geocoder_normalize_postcode:
 * @text: a unit postcode or a postcode district, in any case and spacing
 *
 * Returns: (transfer full) (nullable): "MK40 1PG" or "MK40", or %NULL if
 *   @text is not a well-formed postcode
 */
char *
dir_geocoder_normalize_postcode (const char *text)
{
  char compact[COMPACT_POSTCODE_SIZE];
  gsize outward_len;

  g_return_val_if_fail (text != NULL, NULL);

  if (!parse_postcode (text, compact, &outward_len))
    return NULL;

  return format_postcode (compact, outward_len);
}

/**
 * dir_geocoder_complete:
 * @self: a #DirGeocoder
 * @prefix: the start of a place name, in any case
 * @max_results: the most places to return
 *
 * Bedfordshire places come first, then GB towns and cities; within each,
 * towns before suburbs, villages and hamlets, then alphabetically.
 *
 * Returns: (transfer container) (element-type DirPlace): the places whose
 *   label starts with @prefix, empty when @prefix is blank
 */
GPtrArray *
dir_geocoder_complete (DirGeocoder *self,
                       const char  *prefix,
                       guint        max_results)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *folded = NULL;
  gsize folded_len;

  g_return_val_if_fail (DIR_IS_GEOCODER (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) dir_place_free);
  if (!g_utf8_validate (prefix, -1, NULL))
    return g_steal_pointer (&results);

  folded = fold_text (prefix);
  folded_len = strlen (folded);
  if (folded_len == 0)
    return g_steal_pointer (&results);

  for (guint i = 0; i < self->places->len && results->len < max_results; i++)
    {
      const Place *place = g_ptr_array_index (self->places, i);

      if (strncmp (place->folded_label, folded, folded_len) == 0)
        g_ptr_array_add (results,
                         place_new (DIR_PLACE_TOWN, place->label, place->lat_e6, place->lon_e6));
    }

  return g_steal_pointer (&results);
}
