/* test-geocoder.c
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

/* Expected coordinates are copied from the rows of /work/shared/data
 * (bedfordshire_postcodes.csv, uk_outcode_centroids.csv,
 * bedfordshire_places.csv, gb_towns_cities.csv). */

#include <glib/gstdio.h>
#include <string.h>

#include "dir-geocoder.h"

#define EPSILON 1e-4

static const char * const data_files[] = {
  "bedfordshire-postcodes.csv",
  "gb-outcodes.csv",
  "bedfordshire-places.csv",
  "gb-towns.csv",
};

static char *
source_geo_dir (void)
{
  const char *data_dir = g_getenv ("DIRECTION_DATA_DIR");

  g_assert_nonnull (data_dir);
  return g_build_filename (data_dir, "geo", NULL);
}

static DirGeocoder *
new_geocoder (void)
{
  g_autoptr(GError) error = NULL;
  DirGeocoder *geocoder = dir_geocoder_new (NULL, &error);

  g_assert_no_error (error);
  g_assert_true (DIR_IS_GEOCODER (geocoder));
  return geocoder;
}

static void
assert_place (DirGeocoder  *geocoder,
              const char   *text,
              DirPlaceKind  kind,
              const char   *label,
              double        latitude,
              double        longitude)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirPlace) place = dir_geocoder_lookup (geocoder, text, &error);

  if (error != NULL)
    g_test_message ("lookup of “%s” failed", text);
  g_assert_no_error (error);
  g_assert_nonnull (place);
  g_assert_cmpint (place->kind, ==, kind);
  g_assert_cmpstr (place->label, ==, label);
  g_assert_cmpfloat_with_epsilon (place->latitude, latitude, EPSILON);
  g_assert_cmpfloat_with_epsilon (place->longitude, longitude, EPSILON);
}

/* @message: the exact message, or NULL to only check it is valid UTF-8 */
static void
assert_lookup_error (DirGeocoder *geocoder,
                     const char  *text,
                     int          code,
                     const char  *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirPlace) place = dir_geocoder_lookup (geocoder, text, &error);

  g_assert_null (place);
  g_assert_error (error, DIR_GEOCODER_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

/* ---- Postcodes --------------------------------------------------------- */

static void
test_normalize (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "mk401pg", "MK40 1PG" },
    { " MK40 1PG ", "MK40 1PG" },
    { "mk40 1pg", "MK40 1PG" },
    { "MK401PG", "MK40 1PG" },
    { "m k 4 0 1 p g", "MK40 1PG" },
    { "\tmk40\n1pg\r", "MK40 1PG" },
    { "MK40\u00a01PG", "MK40 1PG" },
    { "MK40", "MK40" },
    { "mk40", "MK40" },
    { "m1 1ae", "M1 1AE" },           /* A9 */
    { "b338th", "B33 8TH" },          /* A99 */
    { "cr2 6xh", "CR2 6XH" },         /* AA9 */
    { "dn551pt", "DN55 1PT" },        /* AA99 */
    { "w1a 0ax", "W1A 0AX" },         /* A9A */
    { "ec1a1bb", "EC1A 1BB" },        /* AA9A */
    { "zz9 9zz", "ZZ9 9ZZ" },         /* well formed, even if unknown */
    { "zz99", "ZZ99" },
    { "e1w", "E1W" },
    { "", NULL },
    { "   ", NULL },
    { "M", NULL },
    { "MK", NULL },
    { "1PG", NULL },
    { "12345", NULL },
    { "MK40 1P", NULL },
    { "MK401", NULL },                /* sectors are not supported */
    { "MK4O 1PG", NULL },             /* letter O for zero */
    { "W1O 0AX", NULL },              /* A9A: O is never the third character */
    { "MK40 1PGX", NULL },
    { "MK40 1CI", NULL },             /* C and I never appear in the inward code */
    { "MK40 IPG", NULL },
    { "MK40-1PG", NULL },
    { "MK40;1PG", NULL },
    { "AAA1 1AA", NULL },
    { "GIR 0AA", NULL },
    { "\xef\xbc\xad\xef\xbc\xab" "40", NULL },   /* full-width "ＭＫ" */
    { "MK40 1PG\xff", NULL },
    { "MK40 1PG MK40 1PG", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = dir_geocoder_normalize_postcode (cases[i].in);
      g_autofree char *escaped = g_strescape (cases[i].in, NULL);

      g_test_message ("normalise “%s”", escaped);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_postcode_unit (void)
{
  DirGeocoder *geocoder = new_geocoder ();
  static const char * const forms[] = {
    "mk401pg", " MK40 1PG ", "mk40 1pg", "MK40 1PG", "MK401PG", "\tmk40   1pg\n", "MK40\u00a01PG",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    assert_place (geocoder, forms[i], DIR_PLACE_UNIT_POSTCODE, "MK40 1PG", 52.136301, -0.468231);

  assert_place (geocoder, "LU1 2HN", DIR_PLACE_UNIT_POSTCODE, "LU1 2HN", 51.880411, -0.413787);
  assert_place (geocoder, "lu71aa", DIR_PLACE_UNIT_POSTCODE, "LU7 1AA", 51.915261, -0.664243);
  /* A border postcode: Central Bedfordshire, but in the St Albans AL3 district. */
  assert_place (geocoder, "al38qe", DIR_PLACE_UNIT_POSTCODE, "AL3 8QE", 51.847932, -0.447392);

  g_assert_finalize_object (geocoder);
}

static void
test_postcode_district_fallback (void)
{
  DirGeocoder *geocoder = new_geocoder ();

  /* Outside Bedfordshire: never claim unit precision. */
  assert_place (geocoder, "LS1 4DY", DIR_PLACE_DISTRICT, "LS1", 53.797647, -1.551286);
  assert_place (geocoder, "ls14dy", DIR_PLACE_DISTRICT, "LS1", 53.797647, -1.551286);
  assert_place (geocoder, "SW1A 1AA", DIR_PLACE_DISTRICT, "SW1A", 51.504521, -0.13225);
  /* A Bedfordshire district, but a unit that is not in the data. */
  assert_place (geocoder, "MK40 9ZZ", DIR_PLACE_DISTRICT, "MK40", 52.137968, -0.477374);

  g_assert_finalize_object (geocoder);
}

static void
test_postcode_district (void)
{
  DirGeocoder *geocoder = new_geocoder ();

  assert_place (geocoder, "MK40", DIR_PLACE_DISTRICT, "MK40", 52.137968, -0.477374);
  assert_place (geocoder, "mk40", DIR_PLACE_DISTRICT, "MK40", 52.137968, -0.477374);
  assert_place (geocoder, " lu7 ", DIR_PLACE_DISTRICT, "LU7", 51.907672, -0.662377);
  assert_place (geocoder, "mk42", DIR_PLACE_DISTRICT, "MK42", 52.116336, -0.471297);
  assert_place (geocoder, "B1", DIR_PLACE_DISTRICT, "B1", 52.479865, -1.909381);
  assert_place (geocoder, "e1w", DIR_PLACE_DISTRICT, "E1W", 51.509319, -0.058966);
  assert_place (geocoder, "W1A", DIR_PLACE_DISTRICT, "W1A", 51.524354, -0.112887);
  assert_place (geocoder, "ec1a", DIR_PLACE_DISTRICT, "EC1A", 51.520554, -0.104194);

  g_assert_finalize_object (geocoder);
}

static void
test_postcode_not_found (void)
{
  DirGeocoder *geocoder = new_geocoder ();

  assert_lookup_error (geocoder, "ZZ9 9ZZ", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No postcode district ZZ9 in the offline data");
  assert_lookup_error (geocoder, "zz9", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No postcode district ZZ9 in the offline data");
  assert_lookup_error (geocoder, "MK99 1AA", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No postcode district MK99 in the offline data");
  assert_lookup_error (geocoder, "zz99", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No postcode district ZZ99 in the offline data");
  assert_lookup_error (geocoder, "zz99 3wz", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No postcode district ZZ99 in the offline data");
  assert_lookup_error (geocoder, "BT1 1AA", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No postcode district BT1 in the offline data "
                       "(it covers Great Britain, not Northern Ireland)");

  g_assert_finalize_object (geocoder);
}

static void
test_postcode_malformed (void)
{
  DirGeocoder *geocoder = new_geocoder ();
  static const char * const inputs[] = {
    "MK40 1P", "12345", "MK4O 1PG", "MK40;DROP TABLE", "MK40 1PGX", "MK40-1PG", "1PG",
    "A1A1A1", "MK40 1CI", "Kempston 2", "MK40 1PG\xff",
    "ZZ99 3VZ",   /* the NHS "no fixed abode" code: V is never in an inward code */
  };

  assert_lookup_error (geocoder, "MK40 1P", DIR_GEOCODER_ERROR_MALFORMED,
                       "“MK40 1P” is not a valid postcode. A postcode looks like "
                       "“MK40 1PG”, or “MK40” for a whole postcode district.");
  assert_lookup_error (geocoder, "  MK4O 1PG ", DIR_GEOCODER_ERROR_MALFORMED,
                       "“MK4O 1PG” is not a valid postcode. A postcode looks like "
                       "“MK40 1PG”, or “MK40” for a whole postcode district.");
  assert_lookup_error (geocoder, "MK40;DROP TABLE", DIR_GEOCODER_ERROR_MALFORMED,
                       "“MK40;DROP TABLE” is not a valid postcode. A postcode looks like "
                       "“MK40 1PG”, or “MK40” for a whole postcode district.");
  /* Invalid UTF-8 is replaced, never echoed raw. */
  assert_lookup_error (geocoder, "MK40 1PG\xff", DIR_GEOCODER_ERROR_MALFORMED,
                       "“MK40 1PG\xef\xbf\xbd” is not a valid postcode. A postcode looks like "
                       "“MK40 1PG”, or “MK40” for a whole postcode district.");

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_lookup_error (geocoder, inputs[i], DIR_GEOCODER_ERROR_MALFORMED, NULL);

  g_assert_finalize_object (geocoder);
}

/* ---- Empty, odd and hostile input -------------------------------------- */

static void
test_empty (void)
{
  DirGeocoder *geocoder = new_geocoder ();
  static const char * const inputs[] = { "", " ", "\t\r\n", "\u00a0", "  \u2003 " };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_lookup_error (geocoder, inputs[i], DIR_GEOCODER_ERROR_EMPTY,
                         "Type a postcode or a place name");

  g_assert_finalize_object (geocoder);
}

static void
test_weird_input (void)
{
  DirGeocoder *geocoder = new_geocoder ();

  assert_lookup_error (geocoder, "Robert'); DROP TABLE places;--", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No place called “Robert'); DROP TABLE places;--” in the offline data");
  /* Format directives are data, not formats. */
  assert_lookup_error (geocoder, "%s%s%n", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No place called “%s%s%n” in the offline data");
  assert_lookup_error (geocoder, "<b>Kempston</b>", DIR_GEOCODER_ERROR_NOT_FOUND, NULL);
  assert_lookup_error (geocoder, "東京", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No place called “東京” in the offline data");
  assert_lookup_error (geocoder, "!!!", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No place called “!!!” in the offline data");
  assert_lookup_error (geocoder, ", Bedford", DIR_GEOCODER_ERROR_NOT_FOUND, NULL);
  /* Control characters are blanked in the message. */
  assert_lookup_error (geocoder, "Atlan\x01tis", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No place called “Atlan tis” in the offline data");

  g_assert_finalize_object (geocoder);
}

static void
test_invalid_utf8 (void)
{
  DirGeocoder *geocoder = new_geocoder ();

  /* Not folded into "kempston": bytes that are not text never match. */
  assert_lookup_error (geocoder, "\xff\xfeKempston", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No place called “\xef\xbf\xbd\xef\xbf\xbdKempston” in the offline data");
  assert_lookup_error (geocoder, "Kemp\xc3ston", DIR_GEOCODER_ERROR_NOT_FOUND, NULL);
  assert_lookup_error (geocoder, "\xc0\xaf", DIR_GEOCODER_ERROR_NOT_FOUND, NULL);

  g_assert_finalize_object (geocoder);
}

static void
test_long_input (void)
{
  DirGeocoder *geocoder = new_geocoder ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DirPlace) place = NULL;
  g_autofree char *letters = g_strnfill (10 * 1024, 'a');
  g_autofree char *spaces = g_strnfill (10 * 1024, ' ');
  g_autoptr(GString) postcodes = g_string_new (NULL);
  g_autoptr(GString) commas = g_string_new ("Kempston");
  g_autofree char *expected = NULL;
  g_autofree char *forty = g_strnfill (40, 'a');

  while (postcodes->len < 10 * 1024)
    g_string_append (postcodes, "MK40 1PG ");
  while (commas->len < 10 * 1024)
    g_string_append (commas, ", Bedford");

  /* The message quotes at most 40 characters. */
  place = dir_geocoder_lookup (geocoder, letters, &error);
  g_assert_null (place);
  g_assert_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_NOT_FOUND);
  expected = g_strdup_printf ("No place called “%s…” in the offline data", forty);
  g_assert_cmpstr (error->message, ==, expected);

  assert_lookup_error (geocoder, spaces, DIR_GEOCODER_ERROR_EMPTY, NULL);
  assert_lookup_error (geocoder, postcodes->str, DIR_GEOCODER_ERROR_MALFORMED, NULL);
  /* Every qualifier matches Kempston, however many there are. */
  assert_place (geocoder, commas->str, DIR_PLACE_TOWN, "Kempston", 52.115955, -0.500578);

  g_assert_finalize_object (geocoder);
}

/* ---- Places ------------------------------------------------------------ */

static void
test_town (void)
{
  DirGeocoder *geocoder = new_geocoder ();

  assert_place (geocoder, "Kempston", DIR_PLACE_TOWN, "Kempston", 52.115955, -0.500578);
  assert_place (geocoder, "kempston", DIR_PLACE_TOWN, "Kempston", 52.115955, -0.500578);
  assert_place (geocoder, "  KEMPSTON\t", DIR_PLACE_TOWN, "Kempston", 52.115955, -0.500578);
  assert_place (geocoder, "Leighton Buzzard", DIR_PLACE_TOWN, "Leighton Buzzard",
                51.916362, -0.661462);
  assert_place (geocoder, "leighton-buzzard", DIR_PLACE_TOWN, "Leighton Buzzard",
                51.916362, -0.661462);
  assert_place (geocoder, "LEIGHTON   BUZZARD.", DIR_PLACE_TOWN, "Leighton Buzzard",
                51.916362, -0.661462);
  assert_place (geocoder, "leeds", DIR_PLACE_TOWN, "Leeds", 53.800703, -1.550264);
  assert_place (geocoder, "Bedford", DIR_PLACE_TOWN, "Bedford", 52.136845, -0.468484);
  assert_place (geocoder, "luton", DIR_PLACE_TOWN, "Luton", 51.879543, -0.417446);
  /* A suburb, and apostrophes in either form or none. */
  assert_place (geocoder, "Queens Park", DIR_PLACE_TOWN, "Queen's Park", 52.136762, -0.483003);
  assert_place (geocoder, "king’s lynn", DIR_PLACE_TOWN, "King's Lynn", 52.751937, 0.395379);
  assert_place (geocoder, "Kings-Lynn", DIR_PLACE_TOWN, "King's Lynn", 52.751937, 0.395379);
  /* Diacritics, composed or not, or left out. */
  assert_place (geocoder, "Cwmbran", DIR_PLACE_TOWN, "Cwmbrân", 51.654222, -3.02001);
  assert_place (geocoder, "CWMBRÂN", DIR_PLACE_TOWN, "Cwmbrân", 51.654222, -3.02001);
  assert_place (geocoder, "cwmbra\xcc\x82n", DIR_PLACE_TOWN, "Cwmbrân", 51.654222, -3.02001);

  g_test_message ("OS Open Names has two Ravensden points in MK44: the first is kept");
  assert_place (geocoder, "Ravensden", DIR_PLACE_TOWN, "Ravensden", 52.177673, -0.44263);

  g_assert_finalize_object (geocoder);
}

static void
test_town_qualified (void)
{
  DirGeocoder *geocoder = new_geocoder ();

  assert_place (geocoder, "Kempston, Bedford", DIR_PLACE_TOWN, "Kempston", 52.115955, -0.500578);
  assert_place (geocoder, "kempston,bedfordshire", DIR_PLACE_TOWN, "Kempston",
                52.115955, -0.500578);
  assert_place (geocoder, "Kempston, MK42", DIR_PLACE_TOWN, "Kempston", 52.115955, -0.500578);
  assert_place (geocoder, "Kempston,", DIR_PLACE_TOWN, "Kempston", 52.115955, -0.500578);
  assert_place (geocoder, "Leeds, LS1", DIR_PLACE_TOWN, "Leeds", 53.800703, -1.550264);
  assert_lookup_error (geocoder, "Kempston, Luton", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No place called “Kempston, Luton” in the offline data");
  assert_lookup_error (geocoder, "Leeds, Bedfordshire", DIR_GEOCODER_ERROR_NOT_FOUND, NULL);

  /* Every label reads back as the same place. */
  assert_place (geocoder, "Church End, Bedford", DIR_PLACE_TOWN, "Church End, Bedford",
                52.094508, -0.533968);
  assert_place (geocoder, "Church End, SG19", DIR_PLACE_TOWN,
                "Church End, Central Bedfordshire, SG19", 52.163896, -0.302096);
  assert_place (geocoder, "Church End, Central Bedfordshire, LU7", DIR_PLACE_TOWN,
                "Church End, Central Bedfordshire, LU7", 51.932844, -0.596299);
  assert_place (geocoder, "Wood End, Bedford, MK44", DIR_PLACE_TOWN, "Wood End, Bedford, MK44",
                52.186817, -0.451882);
  assert_place (geocoder, "Newport, Isle of Wight", DIR_PLACE_TOWN, "Newport, Isle of Wight",
                50.70023, -1.293671);

  g_assert_finalize_object (geocoder);
}

static void
test_town_preference (void)
{
  DirGeocoder *geocoder = new_geocoder ();

  /* Bedfordshire before GB, even a village before a city. */
  assert_place (geocoder, "Salford", DIR_PLACE_TOWN, "Salford, Central Bedfordshire",
                52.04432, -0.638177);
  assert_place (geocoder, "Salford, Salford", DIR_PLACE_TOWN, "Salford, Salford",
                53.480642, -2.295005);
  assert_place (geocoder, "salford, m5", DIR_PLACE_TOWN, "Salford, Salford",
                53.480642, -2.295005);
  assert_place (geocoder, "Beeston", DIR_PLACE_TOWN, "Beeston, Central Bedfordshire",
                52.118257, -0.292538);
  assert_place (geocoder, "Beeston, Broxtowe", DIR_PLACE_TOWN, "Beeston, Broxtowe",
                52.927379, -1.215912);
  assert_place (geocoder, "Willington", DIR_PLACE_TOWN, "Willington, Bedford",
                52.137839, -0.375501);

  /* Within Bedfordshire: Town > Suburban Area > Village > Hamlet. */
  assert_place (geocoder, "Woodside", DIR_PLACE_TOWN, "Woodside, Bedford", 52.154051, -0.438825);
  assert_place (geocoder, "Chalton", DIR_PLACE_TOWN, "Chalton, Central Bedfordshire, LU4",
                51.927821, -0.501387);
  assert_place (geocoder, "Chalton, MK44", DIR_PLACE_TOWN, "Chalton, Central Bedfordshire, MK44",
                52.138109, -0.328125);
  assert_place (geocoder, "Wood End", DIR_PLACE_TOWN, "Wood End, Bedford, MK43",
                52.106189, -0.545587);
  assert_place (geocoder, "Bury End", DIR_PLACE_TOWN, "Bury End, Central Bedfordshire",
                52.004705, -0.364413);
  /* Seven suburban Church Ends: the first in the file wins. */
  assert_place (geocoder, "Church End", DIR_PLACE_TOWN, "Church End, Central Bedfordshire, MK17",
                51.967157, -0.587923);

  /* Namesakes in GB only: cities before towns, then file order. */
  assert_place (geocoder, "Newport", DIR_PLACE_TOWN, "Newport, Telford and Wrekin",
                52.768818, -2.378481);
  assert_place (geocoder, "st. ives", DIR_PLACE_TOWN, "St Ives, Cornwall", 50.211431, -5.480773);

  g_assert_finalize_object (geocoder);
}

static void
test_place_not_found (void)
{
  DirGeocoder *geocoder = new_geocoder ();

  assert_lookup_error (geocoder, "Atlantis", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No place called “Atlantis” in the offline data");
  assert_lookup_error (geocoder, " kempstonn ", DIR_GEOCODER_ERROR_NOT_FOUND,
                       "No place called “kempstonn” in the offline data");
  /* A prefix is a completion, not a match. */
  assert_lookup_error (geocoder, "Kemp", DIR_GEOCODER_ERROR_NOT_FOUND, NULL);

  g_assert_finalize_object (geocoder);
}

/* ---- Completion -------------------------------------------------------- */

static void
assert_completion (DirGeocoder        *geocoder,
                   const char         *prefix,
                   guint               max_results,
                   const char * const *labels)
{
  g_autoptr(GPtrArray) results = dir_geocoder_complete (geocoder, prefix, max_results);
  g_autofree char *escaped = g_strescape (prefix, NULL);

  g_assert_nonnull (results);
  g_test_message ("complete “%s”", escaped);
  for (guint i = 0; i < results->len; i++)
    {
      const DirPlace *place = g_ptr_array_index (results, i);

      g_assert_cmpint (place->kind, ==, DIR_PLACE_TOWN);
      g_assert_cmpstr (place->label, ==, labels[i]);
    }
  g_assert_cmpuint (results->len, ==, g_strv_length ((char **) labels));
}

static void
test_complete (void)
{
  DirGeocoder *geocoder = new_geocoder ();
  g_autoptr(GPtrArray) results = NULL;
  const DirPlace *first;
  const char * const kemp[] = {
    "Kempston", "Kempston Hardwick", "Kempston Church End", "Kempston West End", NULL,
  };
  const char * const kemp2[] = { "Kempston", "Kempston Hardwick", NULL };
  const char * const sal[] = {
    "Salford, Central Bedfordshire", "Salph End",                  /* Bedfordshire villages */
    "Salford, Salford", "Salisbury",                               /* GB cities */
    "Salcombe", "Sale", "Saltash", "Saltburn-by-the-Sea", "Saltcoats", /* GB towns */
    NULL,
  };
  const char * const leighton[] = { "Leighton Buzzard", NULL };
  const char * const church_end_b[] = { "Church End, Bedford", NULL };
  const char * const none[] = { NULL };

  assert_completion (geocoder, "kemp", 10, kemp);
  assert_completion (geocoder, "KEMPSTON ", 10, kemp);
  assert_completion (geocoder, "kemp", 2, kemp2);
  assert_completion (geocoder, "sal", 20, sal);
  assert_completion (geocoder, "leighton-b", 10, leighton);
  assert_completion (geocoder, "Church End, B", 10, church_end_b);
  assert_completion (geocoder, "", 10, none);
  assert_completion (geocoder, "  ", 10, none);
  assert_completion (geocoder, "zzzz", 10, none);
  assert_completion (geocoder, "kemp", 0, none);
  assert_completion (geocoder, "\xff", 10, none);

  results = dir_geocoder_complete (geocoder, "leed", 5);
  g_assert_cmpuint (results->len, ==, 2);
  first = g_ptr_array_index (results, 0);
  g_assert_cmpstr (first->label, ==, "Leedon");
  first = g_ptr_array_index (results, 1);
  g_assert_cmpstr (first->label, ==, "Leeds");
  g_assert_cmpfloat_with_epsilon (first->latitude, 53.800703, EPSILON);
  g_assert_cmpfloat_with_epsilon (first->longitude, -1.550264, EPSILON);

  g_assert_finalize_object (geocoder);
}

/* ---- Types and construction -------------------------------------------- */

static void
test_place_boxed (void)
{
  DirGeocoder *geocoder = new_geocoder ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DirPlace) place = dir_geocoder_lookup (geocoder, "MK40", &error);
  g_autoptr(DirPlace) copy = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  const DirPlace *held;

  g_assert_no_error (error);
  g_assert_true (G_TYPE_IS_BOXED (DIR_TYPE_PLACE));
  g_assert_cmpstr (g_type_name (DIR_TYPE_PLACE), ==, "DirPlace");

  copy = g_boxed_copy (DIR_TYPE_PLACE, place);
  g_assert_true (copy != place);
  g_assert_true (copy->label != place->label);
  g_assert_cmpint (copy->kind, ==, DIR_PLACE_DISTRICT);
  g_assert_cmpstr (copy->label, ==, "MK40");
  g_assert_cmpfloat (copy->latitude, ==, place->latitude);
  g_assert_cmpfloat (copy->longitude, ==, place->longitude);

  g_value_init (&value, DIR_TYPE_PLACE);
  g_value_set_boxed (&value, place);
  held = g_value_get_boxed (&value);
  g_assert_true (held != place);
  g_assert_cmpstr (held->label, ==, "MK40");

  dir_place_free (NULL);

  g_assert_cmpstr (g_quark_to_string (DIR_GEOCODER_ERROR), ==, "dir-geocoder-error-quark");
  g_assert_finalize_object (geocoder);
}

static void
test_explicit_dir (void)
{
  g_autofree char *dir = source_geo_dir ();
  g_autoptr(GError) error = NULL;
  DirGeocoder *geocoder = dir_geocoder_new (dir, &error);

  g_assert_no_error (error);
  assert_place (geocoder, "MK40 1PG", DIR_PLACE_UNIT_POSTCODE, "MK40 1PG", 52.136301, -0.468231);
  g_assert_finalize_object (geocoder);
}

static void
test_load_time (void)
{
  DirGeocoder *geocoder;
  double seconds;

  g_test_timer_start ();
  geocoder = new_geocoder ();
  seconds = g_test_timer_elapsed ();
  g_test_message ("geocoder loaded in %.1f ms", seconds * 1000);
  g_test_minimized_result (seconds * 1000, "load time %.1f ms", seconds * 1000);

  /* The real target is 30 ms; only enforced with -m perf, as sanitizers and
   * valgrind are many times slower. */
  if (g_test_perf ())
    g_assert_cmpfloat (seconds, <, 0.030);
  assert_place (geocoder, "kempston", DIR_PLACE_TOWN, "Kempston", 52.115955, -0.500578);

  g_assert_finalize_object (geocoder);
}

typedef struct
{
  DirGeocoder *geocoder;
  guint        failures;
} ThreadData;

static gpointer
lookup_worker (gpointer user_data)
{
  DirGeocoder *geocoder = user_data;
  guint failures = 0;

  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(DirPlace) unit = dir_geocoder_lookup (geocoder, "mk401pg", NULL);
      g_autoptr(DirPlace) town = dir_geocoder_lookup (geocoder, "Church End", NULL);
      g_autoptr(GPtrArray) completion = dir_geocoder_complete (geocoder, "kemp", 10);

      if (unit == NULL || g_strcmp0 (unit->label, "MK40 1PG") != 0 ||
          town == NULL || g_strcmp0 (town->label, "Church End, Central Bedfordshire, MK17") != 0 ||
          completion->len != 4)
        failures++;
    }

  return GUINT_TO_POINTER (failures);
}

static void
test_threads (void)
{
  DirGeocoder *geocoder = new_geocoder ();
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("geocoder-test", lookup_worker, geocoder);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 0);

  g_assert_finalize_object (geocoder);
}

/* ---- Damaged data ------------------------------------------------------ */

/* A temporary copy of the data directory with @file replaced by @contents
 * (@length bytes; -1 for a string), or removed when @contents is NULL. */
static char *
make_data_dir (const char *file,
               const char *contents,
               gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = source_geo_dir ();
  char *dir = g_dir_make_tmp ("test-geocoder-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (data_files); i++)
    {
      g_autofree char *from = g_build_filename (source, data_files[i], NULL);
      g_autofree char *to = g_build_filename (dir, data_files[i], NULL);
      g_autofree char *bytes = NULL;
      gsize size;

      if (g_strcmp0 (data_files[i], file) == 0)
        {
          if (contents != NULL)
            g_file_set_contents (to, contents, length, &error);
        }
      else if (g_file_get_contents (from, &bytes, &size, &error))
        g_file_set_contents (to, bytes, size, &error);
      g_assert_no_error (error);
    }

  return dir;
}

static void
remove_data_dir (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (data_files); i++)
    {
      g_autofree char *path = g_build_filename (dir, data_files[i], NULL);

      g_unlink (path);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Loads @file replaced by @contents and expects a DATA error whose message
 * is "Geocoder data file “<path>”" followed by @tail. */
static void
assert_data_error (const char *file,
                   const char *contents,
                   gssize      length,
                   const char *tail)
{
  g_autofree char *dir = make_data_dir (file, contents, length);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *expected = g_strdup_printf ("Geocoder data file “%s”%s", path, tail);
  g_autoptr(GError) error = NULL;
  g_autoptr(DirGeocoder) geocoder = dir_geocoder_new (dir, &error);

  g_test_message ("damaged %s: expecting …%s", file, tail);
  g_assert_null (geocoder);
  g_assert_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, expected);

  remove_data_dir (dir);
}

static void
test_data_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirGeocoder) geocoder = NULL;

  assert_data_error ("bedfordshire-postcodes.csv", NULL, 0, " is missing");
  assert_data_error ("gb-towns.csv", NULL, 0, " is missing");

  geocoder = dir_geocoder_new ("/nonexistent/geo", &error);
  g_assert_null (geocoder);
  g_assert_error (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_DATA);
  g_assert_cmpstr (error->message, ==,
                   "Geocoder data file “/nonexistent/geo/bedfordshire-postcodes.csv” is missing");
}

static void
test_data_truncated (void)
{
  g_autofree char *source = source_geo_dir ();
  g_autofree char *path = g_build_filename (source, "bedfordshire-postcodes.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *longitude = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *cut;
  guint line = 1;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);

  /* Cut the file in the middle of a longitude ("-0.4"), about half way through. */
  cut = strchr (contents + length / 2, '\n');
  g_assert_nonnull (cut);
  cut = strchr (cut + 1, ',');
  g_assert_nonnull (cut);
  cut = strchr (cut + 1, ',');
  g_assert_nonnull (cut);
  longitude = g_strndup (cut + 1, 4);
  cut += 1 + 4;
  for (const char *p = contents; p < cut; p++)
    line += (*p == '\n');

  tail = g_strdup_printf (" is damaged at line %u: the file is truncated "
                          "(the last line has no end)", line);
  assert_data_error ("bedfordshire-postcodes.csv", contents, cut - contents, tail);

  /* Cut at the same point, but with a newline: the short number gives it away. */
  contents[cut - contents] = '\n';
  g_free (tail);
  tail = g_strdup_printf (" is damaged at line %u: bad longitude “%s”", line, longitude);
  assert_data_error ("bedfordshire-postcodes.csv", contents, cut - contents + 1, tail);

  /* Only the header line, cut short. */
  assert_data_error ("gb-outcodes.csv", "outcode,la", -1,
                     " is damaged at line 1: the file is truncated (the last line has no end)");
}

static void
test_data_garbled (void)
{
  static const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  static const char with_nul[] = "postcode,lat,lon\nMK40 1PG,52.13\0" "6301,-0.468231\n";
  const char *postcodes = "bedfordshire-postcodes.csv";
  const char *outcodes = "gb-outcodes.csv";
  const char *places = "bedfordshire-places.csv";
  const char *towns = "gb-towns.csv";

  assert_data_error (postcodes, binary, sizeof binary - 1,
                     " is damaged at line 1: expected the header “postcode,lat,lon”");
  assert_data_error (postcodes, "", 0, " is empty");
  assert_data_error (postcodes, "postcode,lat,lon\n", -1, " has no rows");
  assert_data_error (outcodes, "postcode,lat,lon\nMK40,52.137968,-0.477374\n", -1,
                     " is damaged at line 1: expected the header “outcode,lat,lon”");
  assert_data_error (postcodes, "postcode,lat,lon\nMK40 1PG,52.136301,-0.468231\n\n", -1,
                     " is damaged at line 3: the line is empty");
  assert_data_error (postcodes,
                     "postcode,lat,lon\nMK40 1PG,52.136301,-0.468231\nLU1 2HN,abc,-0.413787\n",
                     -1, " is damaged at line 3: bad latitude “abc”");
  assert_data_error (postcodes, "postcode,lat,lon\nMK40 1PG,91.000000,-0.468231\n", -1,
                     " is damaged at line 2: bad latitude “91.000000”");
  assert_data_error (postcodes, "postcode,lat,lon\nMK40 1PG,52.136301,-0.468231x\n", -1,
                     " is damaged at line 2: bad longitude “-0.468231x”");
  assert_data_error (postcodes, "postcode,lat,lon\nMK40 1PG,52.136301\n", -1,
                     " is damaged at line 2: expected 3 fields, found 2");
  assert_data_error (postcodes, "postcode,lat,lon\nMK40 1PG,52.136301,-0.468231,1\n", -1,
                     " is damaged at line 2: expected 3 fields, found more");
  assert_data_error (postcodes, "postcode,lat,lon\nMK4O 1PG,52.136301,-0.468231\n", -1,
                     " is damaged at line 2: bad unit postcode “MK4O 1PG”");
  assert_data_error (postcodes, "postcode,lat,lon\nMK40,52.136301,-0.468231\n", -1,
                     " is damaged at line 2: bad unit postcode “MK40”");
  assert_data_error (postcodes,
                     "postcode,lat,lon\n"
                     "MK40 1PG,52.136301,-0.468231\n"
                     "mk401pg,52.136301,-0.468231\n", -1,
                     " is damaged at line 3: “mk401pg” appears twice");
  assert_data_error (postcodes, with_nul, sizeof with_nul - 1,
                     " is damaged at line 2: the line contains a NUL byte");
  assert_data_error (postcodes, "postcode,lat,lon\nMK40 1PG,\xff\xfe,-0.468231\n", -1,
                     " is damaged at line 2: bad latitude “\xef\xbf\xbd\xef\xbf\xbd”");
  assert_data_error (outcodes, "outcode,lat,lon\nMK40 1PG,52.136301,-0.468231\n", -1,
                     " is damaged at line 2: bad postcode district “MK40 1PG”");
  assert_data_error (places,
                     "name,type,district,lat,lon,outcode\n"
                     "Kempston,Metropolis,Bedford,52.115955,-0.500578,MK42\n", -1,
                     " is damaged at line 2: unknown place type “Metropolis”");
  assert_data_error (towns,
                     "name,type,district,lat,lon,outcode\n"
                     "Kempston,Village,Bedford,52.115955,-0.500578,MK42\n", -1,
                     " is damaged at line 2: unknown place type “Village”");
  assert_data_error (places,
                     "name,type,district,lat,lon,outcode\n"
                     "Kemp\xffston,Town,Bedford,52.115955,-0.500578,MK42\n", -1,
                     " is damaged at line 2: the line is not valid UTF-8");
  assert_data_error (places,
                     "name,type,district,lat,lon,outcode\n"
                     ",Town,Bedford,52.115955,-0.500578,MK42\n", -1,
                     " is damaged at line 2: the place has no name");
  assert_data_error (places,
                     "name,type,district,lat,lon,outcode\n"
                     "Kempston,Town,Bedford,52.115955,-0.500578,MK4O\n", -1,
                     " is damaged at line 2: bad postcode district “MK4O”");
}

static void
test_data_crlf (void)
{
  g_autofree char *dir = make_data_dir ("gb-towns.csv",
                                        "name,type,district,lat,lon,outcode\r\n"
                                        "Leeds,City,Leeds,53.800703,-1.550264,LS1\r\n", -1);
  g_autoptr(GError) error = NULL;
  DirGeocoder *geocoder = dir_geocoder_new (dir, &error);

  g_assert_no_error (error);
  assert_place (geocoder, "leeds", DIR_PLACE_TOWN, "Leeds", 53.800703, -1.550264);
  assert_lookup_error (geocoder, "Salisbury", DIR_GEOCODER_ERROR_NOT_FOUND, NULL);
  g_assert_finalize_object (geocoder);

  remove_data_dir (dir);
}

/* Preference must come from the place type, not from the order of the rows. */
static void
test_data_rank (void)
{
  g_autofree char *dir = make_data_dir ("bedfordshire-places.csv",
                                        "name,type,district,lat,lon,outcode\n"
                                        "Testham,Other Settlement,Bedford,52.000005,-0.400005,MK44\n"
                                        "Testham,Hamlet,Bedford,52.000004,-0.400004,MK43\n"
                                        "Testham,Village,Luton,52.000003,-0.400003,LU1\n"
                                        "Testham,Suburban Area,Luton,52.000002,-0.400002,LU2\n"
                                        "Testham,Town,Bedford,52.000001,-0.400001,MK42\n"
                                        "Midham,Hamlet,Luton,52.100000,-0.500000,LU3\n", -1);
  g_autofree char *towns = g_build_filename (dir, "gb-towns.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  DirGeocoder *geocoder;
  const DirPlace *place;

  g_file_set_contents (towns,
                       "name,type,district,lat,lon,outcode\n"
                       "Midham,Town,Leeds,53.000002,-1.000002,LS2\n"
                       "Midham,City,York,54.000001,-1.000001,YO1\n"
                       "Otham,Town,Leeds,53.100000,-1.100000,LS3\n"
                       "Otham,City,Leeds,53.200000,-1.200000,LS4\n"
                       /* the Bedfordshire town again: same point, so the same place */
                       "Testham,Town,Elsewhere,52.000001,-0.400001,MK42\n", -1, &error);
  g_assert_no_error (error);

  geocoder = dir_geocoder_new (dir, &error);
  g_assert_no_error (error);

  assert_place (geocoder, "testham", DIR_PLACE_TOWN, "Testham, Bedford, MK42",
                52.000001, -0.400001);
  assert_place (geocoder, "testham, luton", DIR_PLACE_TOWN, "Testham, Luton, LU2",
                52.000002, -0.400002);
  assert_place (geocoder, "testham, lu1", DIR_PLACE_TOWN, "Testham, Luton, LU1",
                52.000003, -0.400003);
  assert_place (geocoder, "testham, mk43", DIR_PLACE_TOWN, "Testham, Bedford, MK43",
                52.000004, -0.400004);
  /* A Bedfordshire hamlet still beats a GB city. */
  assert_place (geocoder, "midham", DIR_PLACE_TOWN, "Midham, Luton", 52.1, -0.5);
  assert_place (geocoder, "midham, leeds", DIR_PLACE_TOWN, "Midham, Leeds", 53.000002, -1.000002);
  assert_lookup_error (geocoder, "testham, elsewhere", DIR_GEOCODER_ERROR_NOT_FOUND, NULL);
  /* Cities before towns. */
  assert_place (geocoder, "otham", DIR_PLACE_TOWN, "Otham, Leeds, LS4", 53.2, -1.2);

  results = dir_geocoder_complete (geocoder, "testham", 10);
  g_assert_cmpuint (results->len, ==, 5);
  place = g_ptr_array_index (results, 0);
  g_assert_cmpstr (place->label, ==, "Testham, Bedford, MK42");
  place = g_ptr_array_index (results, 1);
  g_assert_cmpstr (place->label, ==, "Testham, Luton, LU2");
  place = g_ptr_array_index (results, 4);
  g_assert_cmpstr (place->label, ==, "Testham, Bedford, MK44");
  g_clear_pointer (&results, g_ptr_array_unref);

  results = dir_geocoder_complete (geocoder, "midham", 10);
  g_assert_cmpuint (results->len, ==, 3);
  place = g_ptr_array_index (results, 0);
  g_assert_cmpstr (place->label, ==, "Midham, Luton");
  place = g_ptr_array_index (results, 1);
  g_assert_cmpstr (place->label, ==, "Midham, York");
  place = g_ptr_array_index (results, 2);
  g_assert_cmpstr (place->label, ==, "Midham, Leeds");

  g_assert_finalize_object (geocoder);
  remove_data_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/geocoder/normalize", test_normalize);
  g_test_add_func ("/core/geocoder/postcode-unit", test_postcode_unit);
  g_test_add_func ("/core/geocoder/postcode-district-fallback", test_postcode_district_fallback);
  g_test_add_func ("/core/geocoder/postcode-district", test_postcode_district);
  g_test_add_func ("/core/geocoder/postcode-not-found", test_postcode_not_found);
  g_test_add_func ("/core/geocoder/postcode-malformed", test_postcode_malformed);
  g_test_add_func ("/core/geocoder/empty", test_empty);
  g_test_add_func ("/core/geocoder/weird-input", test_weird_input);
  g_test_add_func ("/core/geocoder/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/core/geocoder/long-input", test_long_input);
  g_test_add_func ("/core/geocoder/town", test_town);
  g_test_add_func ("/core/geocoder/town-qualified", test_town_qualified);
  g_test_add_func ("/core/geocoder/town-preference", test_town_preference);
  g_test_add_func ("/core/geocoder/place-not-found", test_place_not_found);
  g_test_add_func ("/core/geocoder/complete", test_complete);
  g_test_add_func ("/core/geocoder/place-boxed", test_place_boxed);
  g_test_add_func ("/core/geocoder/explicit-dir", test_explicit_dir);
  g_test_add_func ("/core/geocoder/load-time", test_load_time);
  g_test_add_func ("/core/geocoder/threads", test_threads);
  g_test_add_func ("/core/geocoder/data-missing", test_data_missing);
  g_test_add_func ("/core/geocoder/data-truncated", test_data_truncated);
  g_test_add_func ("/core/geocoder/data-garbled", test_data_garbled);
  g_test_add_func ("/core/geocoder/data-crlf", test_data_crlf);
  g_test_add_func ("/core/geocoder/data-rank", test_data_rank);

  return g_test_run ();
}
