/* test-service.c
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

static DirService *
fixture_service (DirStore   *store,
                 const char *id)
{
  g_autoptr(GError) error = NULL;
  DirService *service = dir_store_get_service (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (service);
  return service;
}

static void
test_service_fields (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(DirService) shelter = fixture_service (store, SHELTER_ID);
  const DirTranslation *pl;
  const char * const *pathways;
  GPtrArray *phones, *locations, *schedules;
  double lat, lon;

  g_assert_cmpstr (dir_service_get_id (shelter), ==, SHELTER_ID);
  g_assert_cmpstr (dir_service_get_name (shelter), ==, "Bedford Night Shelter (sample)");
  g_assert_cmpint (dir_service_get_status (shelter), ==, DIR_STATUS_ACTIVE);
  g_assert_cmpint (dir_service_get_gender (shelter), ==, DIR_GENDER_MEN);
  g_assert_cmpint (dir_service_get_risk_levels (shelter), ==,
                   DIR_RISK_LOW | DIR_RISK_MEDIUM | DIR_RISK_HIGH);
  g_assert_cmpint (dir_service_get_stages (shelter), ==, DIR_STAGE_GATE | DIR_STAGE_COMMUNITY);
  g_assert_true (dir_service_get_self_referral (shelter));
  g_assert_true (dir_service_get_sample (shelter));
  g_assert_false (dir_service_get_confidential (shelter));
  g_assert_cmpstr (dir_service_get_eligibility_text (shelter), ==, "Men aged 18 and over.");
  g_assert_cmpstr (dir_service_get_assured_date (shelter), ==, "2026-06-01");
  g_assert_cmpint (dir_service_get_minimum_age (shelter), ==, -1);

  pathways = dir_service_get_pathways (shelter);
  g_assert_cmpuint (g_strv_length ((char **) pathways), ==, 1);
  g_assert_cmpstr (pathways[0], ==, "ACC.EMERG");
  g_assert_true (g_strv_contains (dir_service_get_languages (shelter), "pl"));
  g_assert_true (g_strv_contains (dir_service_get_aliases (shelter), "night shelter"));

  phones = dir_service_get_phones (shelter);
  g_assert_cmpuint (phones->len, ==, 1);
  g_assert_cmpstr (((DirPhone *) phones->pdata[0])->number, ==, "01632 960001");

  locations = dir_service_get_locations (shelter);
  g_assert_cmpuint (locations->len, ==, 1);
  g_assert_cmpstr (((DirLocation *) locations->pdata[0])->postcode, ==, "MK40 1PG");
  g_assert_true (dir_service_get_point (shelter, &lat, &lon));
  g_assert_cmpfloat_with_epsilon (lat, 52.1370, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, -0.4700, 1e-9);

  schedules = dir_service_get_schedules (shelter);
  g_assert_cmpuint (schedules->len, ==, 1);
  g_assert_cmpuint (((DirSchedule *) schedules->pdata[0])->opens, ==, 20 * 60);
  g_assert_cmpuint (((DirSchedule *) schedules->pdata[0])->closes, ==, 8 * 60);
  g_assert_cmpuint (((DirSchedule *) schedules->pdata[0])->weekdays, ==, 0x7f);

  pl = dir_service_get_translation (shelter, "PL");
  g_assert_nonnull (pl);
  g_assert_cmpstr (pl->name, ==, "Schronisko nocne w Bedford (przykład)");
  g_assert_null (pl->eligibility);
  g_assert_null (dir_service_get_translation (shelter, "ur"));
  g_assert_cmpstrv (dir_service_get_translation_languages (shelter), ((const char *[]) { "pl", NULL }));

  g_assert_true (isnan (dir_service_get_distance (shelter)));

  g_assert_finalize_object (g_steal_pointer (&shelter));
}

static void
test_service_confidential (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(DirService) refuge = fixture_service (store, REFUGE_ID);
  g_autofree char *data = NULL;
  double lat = 0, lon = 0;

  g_assert_true (dir_service_get_confidential (refuge));
  /* The fixture gives the refuge an address at 51.9, -0.43: it must be gone. */
  g_assert_false (dir_service_get_point (refuge, &lat, &lon));
  g_assert_cmpfloat (lat, ==, 0);
  g_assert_cmpuint (dir_service_get_locations (refuge)->len, ==, 0);

  data = dir_service_to_data (refuge, NULL);
  g_assert_null (strstr (data, "51.9"));
  g_assert_null (strstr (data, "Sample Street"));
  g_assert_null (strstr (data, "MK40"));

  g_assert_true (dir_service_get_area_point (refuge, &lat, &lon));
  g_assert_cmpfloat_with_epsilon (lat, 51.8790, 1e-9);
  g_assert_cmpstr (dir_service_get_area_name (refuge), ==, "Luton");
}

static void
test_service_open_at (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(DirService) shelter = fixture_service (store, SHELTER_ID);
  struct {
    int day, hour, minute;
    gboolean open;
  } cases[] = {
    { 24, 19, 59, FALSE },  /* Tuesday evening before opening */
    { 24, 20, 0, TRUE },    /* opens at 20:00 */
    { 24, 23, 59, TRUE },
    { 25, 0, 0, TRUE },     /* the overnight part */
    { 25, 7, 59, TRUE },
    { 25, 8, 0, FALSE },    /* closes at 08:00 */
    { 25, 12, 0, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) when = london_time (2026, 11, cases[i].day, cases[i].hour, cases[i].minute);

      g_test_message ("case %u", i);
      g_assert_cmpint (dir_service_is_open_at (shelter, when), ==, cases[i].open);
    }

  /* The same moment expressed in another time zone gives the same answer. */
  {
    g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Karachi");
    g_autoptr(GDateTime) karachi = g_date_time_new (tz, 2026, 11, 25, 1, 30, 0); /* 20:30 London */

    g_assert_true (dir_service_is_open_at (shelter, karachi));
  }
}

static void
test_service_roundtrip (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(DirService) shelter = fixture_service (store, SHELTER_ID);
  g_autoptr(DirService) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *data2 = NULL;
  gsize len;

  data = dir_service_to_data (shelter, &len);
  g_assert_cmpuint (len, ==, strlen (data));
  again = dir_service_new_from_data (data, len, &error);
  g_assert_no_error (error);
  data2 = dir_service_to_data (again, NULL);
  g_assert_cmpstr (data, ==, data2);
  g_assert_cmpstr (dir_service_get_name (again), ==, dir_service_get_name (shelter));
}

/* Each bad record must be refused with an error that says what is wrong. */
static void
test_service_invalid (void)
{
  struct {
    const char *json;
    const char *expect;
  } cases[] = {
    { "[]", "must be a JSON object" },
    { "{\"name\": \"x\", \"status\": \"active\"}", "“id” is missing" },
    { "{\"id\": \"not-a-uuid\", \"name\": \"x\", \"status\": \"active\"}", "must be a UUID" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"\", \"status\": \"active\"}", "“name” is empty" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": 12, \"status\": \"active\"}", "“name” must be a string" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"open\"}", "“status” must be" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"minimum_age\": 30, \"maximum_age\": 20}", "above" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"assured_date\": \"yesterday\"}", "assured_date" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"service_at_locations\": [{\"location\": {\"id\": \"a\", \"latitude\": \"52\", \"longitude\": 0}}]}", "“latitude” must be a number" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"service_at_locations\": [{\"location\": {\"id\": \"a\", \"latitude\": 95, \"longitude\": 0}}]}", "outside the Earth" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"service_at_locations\": [{\"location\": {\"id\": \"a\", \"latitude\": 52}}]}", "together" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"schedules\": [{\"id\": \"s\", \"byday\": \"XX\", \"opens_at\": \"09:00\", \"closes_at\": \"10:00\"}]}", "byday" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"schedules\": [{\"id\": \"s\", \"opens_at\": \"25:00\", \"closes_at\": \"10:00\"}]}", "opens_at" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"attributes\": [{\"id\": \"a\", \"taxonomy_term\": {\"id\": \"t\", \"code\": \"acc; drop table\"}}]}", "not a pathway code" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"direction\": {\"confidential\": true}}", "confidential service needs an area" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"direction\": {\"eligibility\": {\"gender\": \"other\"}}}", "gender" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"direction\": {\"eligibility\": {\"risk_levels\": [\"extreme\"]}}}", "“extreme” is not a known value" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"direction\": {\"delivery\": \"phone\"}}", "must be a list" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"phones\": [{\"id\": \"p\"}]}", "“number” is missing" },
    { "{\"id\": \"0d9f77d9-670c-5dea-856e-3ff76582bb26\", \"name\": \"x\", \"status\": \"active\", \"minimum_age\": 1e400}", "number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DirService) service = NULL;

      g_test_message ("case %u: %s", i, cases[i].json);
      service = dir_service_new_from_data (cases[i].json, -1, &error);
      g_assert_null (service);
      g_assert_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED);
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message, cases[i].expect);
    }
}

static void
test_service_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirService) service = NULL;

  /* A bare ORUK record from another feed, without our extension. */
  service = dir_service_new_from_data ("{\"id\": \"0D9F77D9-670C-5DEA-856E-3FF76582BB26\","
                                       " \"name\": \"Plain\", \"status\": \"active\"}", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dir_service_get_id (service), ==, SHELTER_ID);
  g_assert_cmpint (dir_service_get_gender (service), ==, DIR_GENDER_ANY);
  g_assert_cmpint (dir_service_get_risk_levels (service), ==, DIR_RISK_ALL);
  g_assert_cmpint (dir_service_get_stages (service), ==, DIR_STAGE_ALL);
  g_assert_false (dir_service_get_point (service, NULL, NULL));
  g_assert_cmpuint (g_strv_length ((char **) dir_service_get_pathways (service)), ==, 0);
  g_assert_null (dir_service_get_description (service));
}

/* Renders a day's openings as "HH:MM-HH:MM,…" to compare in one go. */
static char *
openings_on (DirService *service,
             int         month,
             int         day)
{
  g_autoptr(GDateTime) when = london_time (2026, month, day, 12, 0);
  g_autoptr(GArray) openings = dir_service_get_openings_on (service, when);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < openings->len; i++)
    {
      const DirOpening *o = &g_array_index (openings, DirOpening, i);

      g_string_append_printf (text, "%s%02u:%02u-%02u:%02u", i > 0 ? "," : "",
                              o->opens / 60, o->opens % 60, o->closes / 60, o->closes % 60);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A day's opening hours: split slots, an overnight slot seen from both of
 * its days, seasonal dates, slots that overlap. */
static void
test_service_openings_on (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirService) service = NULL;
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(DirService) shelter = fixture_service (store, SHELTER_ID);
  struct {
    int month, day;
    const char *expect;
  } cases[] = {
    { 11, 23, "09:00-12:30,13:30-17:00" },  /* Monday */
    { 11, 27, "09:00-12:30,13:30-17:00,22:00-24:00" },  /* Friday: the night starts */
    { 11, 28, "00:00-02:00" },              /* Saturday: only the end of Friday night */
    { 11, 29, "" },                         /* Sunday */
    { 12, 7, "09:00-12:30,13:30-17:00" },   /* Monday after the winter slot began */
    { 12, 14, "09:00-12:30,13:30-17:00" },  /* Monday */
    { 12, 15, "09:00-12:30,13:30-18:00" },  /* Tuesday: 15:00-18:00 merges with 13:30-17:00 */
  };

  service = dir_service_new_from_data (
    "{\"id\": \"6f1c7a52-5d0c-4f37-9b1e-6f4b8e0c2a11\", \"name\": \"Hours\", \"status\": \"active\","
    " \"schedules\": ["
    "  {\"freq\": \"WEEKLY\", \"byday\": \"MO,TU,WE,TH,FR\", \"opens_at\": \"09:00\", \"closes_at\": \"12:30\"},"
    "  {\"freq\": \"WEEKLY\", \"byday\": \"MO,TU,WE,TH,FR\", \"opens_at\": \"13:30\", \"closes_at\": \"17:00\"},"
    "  {\"freq\": \"WEEKLY\", \"byday\": \"FR\", \"opens_at\": \"22:00\", \"closes_at\": \"02:00\"},"
    "  {\"freq\": \"WEEKLY\", \"byday\": \"TU\", \"opens_at\": \"15:00\", \"closes_at\": \"18:00\","
    "   \"valid_from\": \"2026-12-01\", \"valid_to\": \"2026-12-31\"}"
    " ]}", -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = openings_on (service, cases[i].month, cases[i].day);

      g_test_message ("case %u", i);
      g_assert_cmpstr (text, ==, cases[i].expect);
    }

  /* Tuesday 24 November before the winter slot: only the weekday hours. */
  {
    g_autofree char *text = openings_on (service, 11, 24);

    g_assert_cmpstr (text, ==, "09:00-12:30,13:30-17:00");
  }

  /* The night shelter, 20:00-08:00 every day: both parts every day, and
   * every moment said open by dir_service_is_open_at() is inside one. */
  {
    g_autofree char *text = openings_on (shelter, 11, 24);
    g_autoptr(GDateTime) day = london_time (2026, 11, 24, 12, 0);
    g_autoptr(GArray) openings = dir_service_get_openings_on (shelter, day);

    g_assert_cmpstr (text, ==, "00:00-08:00,20:00-24:00");
    for (int minute = 0; minute < 24 * 60; minute += 15)
      {
        g_autoptr(GDateTime) when = london_time (2026, 11, 24, minute / 60, minute % 60);
        gboolean inside = FALSE;

        for (guint i = 0; i < openings->len; i++)
          {
            const DirOpening *o = &g_array_index (openings, DirOpening, i);

            inside |= minute >= o->opens && minute < o->closes;
          }
        g_assert_cmpint (inside, ==, dir_service_is_open_at (shelter, when));
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/service/fields", test_service_fields);
  g_test_add_func ("/core/service/confidential", test_service_confidential);
  g_test_add_func ("/core/service/open-at", test_service_open_at);
  g_test_add_func ("/core/service/openings-on", test_service_openings_on);
  g_test_add_func ("/core/service/roundtrip", test_service_roundtrip);
  g_test_add_func ("/core/service/invalid", test_service_invalid);
  g_test_add_func ("/core/service/minimal", test_service_minimal);

  return g_test_run ();
}
