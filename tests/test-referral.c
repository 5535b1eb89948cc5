/* test-referral.c
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

/* DirReferral: every validation rule, the body for each kind and role,
 * the draft and send round trips, the list label, and the body as the
 * real direction-hub ($DIRECTION_HUB) takes it: what the form sends is
 * accepted, field for field, so the form and the hub cannot drift apart. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "dir-referral.h"
#include "hub-test-util.h"

#define SHELTER_ID  "6f1c2d3e-4a5b-4c6d-8e7f-000000000001"
#define HOUSING_ID  "6f1c2d3e-4a5b-4c6d-8e7f-000000000002"
#define PASSWORD    "correct horse battery staple"
#define AGENCY      "Bedford Probation"

static DirGeocoder *geocoder;

/* ---- helpers ------------------------------------------------------------- */

static char *
date_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%d/%m/%Y");
}

static char *
date_years_ago (int years,
                int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_years (now, -years);
  g_autoptr(GDateTime) shifted = g_date_time_add_days (then, days);

  return g_date_time_format (shifted, "%d/%m/%Y");
}

/* A complete referral a referrer could send. */
static DirReferral *
full_referral (void)
{
  DirReferral *self = dir_referral_new ();
  const char *needs[] = { "ACC.EMERG", "FIN.BEN", NULL };

  self->service_id = g_strdup (SHELTER_ID);
  self->service_name = g_strdup ("Night Shelter Sample");
  self->given_name = g_strdup ("Jo");
  self->family_name = g_strdup ("Sample");
  self->date_of_birth = g_strdup ("31/12/1990");
  self->phone = g_strdup ("01632 960123");
  self->email = g_strdup ("jo.sample@example.org");
  self->address = g_strdup ("1 Sample Street\nBedford");
  self->postcode = g_strdup ("mk40 1pg");
  self->preferred_language = g_strdup ("pl");
  self->interpreter_needed = TRUE;
  self->crn = g_strdup ("x123456");
  self->prison_number = g_strdup ("a1234bc");
  self->release_date = date_from_today (14);
  self->release_postcode = g_strdup ("MK42 9AA");
  dir_referral_set_needs (self, needs);
  self->notes = g_strdup ("Needs a bed on release night.");
  self->rosh = DIR_ROSH_MEDIUM;
  self->mappa_level = 1;
  self->do_not_see_alone = TRUE;
  self->risk_to_self = FALSE;
  self->risk_notes = g_strdup ("Contact the offender manager first.");
  self->consent_given_by = DIR_CONSENT_GIVER_PERSON;
  self->consent_given_at = date_from_today (-1);
  self->consent_method = DIR_CONSENT_METHOD_WRITTEN;
  self->consent_share_with = DIR_SHARE_SERVICE | DIR_SHARE_DIRECTION;
  self->callback_requested = TRUE;

  return self;
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static GPtrArray *
validate (DirReferral *self,
          DirRole      role)
{
  return dir_referral_validate (self, role, geocoder, NULL);
}

static const DirFieldError *
find_problem (GPtrArray  *problems,
              const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const DirFieldError *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->field, field))
        return problem;
    }

  return NULL;
}

/* "field:level" for every problem, joined with "|", to compare at once. */
static char *
problem_list (GPtrArray *problems)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const DirFieldError *problem = g_ptr_array_index (problems, i);

      g_assert_nonnull (problem->message);
      g_assert_cmpuint (strlen (problem->message), >, 10);
      g_string_append_printf (text, "%s%s:%s", i ? "|" : "", problem->field,
                              problem->level == DIR_FIELD_ERROR ? "error" : "warning");
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Sets one field and checks the problems it alone causes. */
static void
assert_problems (DirReferral *self,
                 DirRole      role,
                 const char  *expected)
{
  g_autoptr(GPtrArray) problems = validate (self, role);
  g_autofree char *list = problem_list (problems);

  g_assert_cmpstr (list, ==, expected);
}

static JsonObject *
body_object (DirReferral        *self,
             DirRole             role,
             DirReferralBodyMode mode,
             JsonNode          **out_root)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = dir_referral_to_json (self, role, mode, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  *out_root = root;
  return json_node_get_object (root);
}

/* ---- dates --------------------------------------------------------------- */

static void
test_parse_dates (void)
{
  static const struct { const char *text; int day, month, year; } good[] = {
    { "31/12/1990", 31, 12, 1990 },
    { "1/2/1990", 1, 2, 1990 },
    { " 01/02/1990 ", 1, 2, 1990 },
    { "31-12-1990", 31, 12, 1990 },
    { "31.12.1990", 31, 12, 1990 },
    { "1990-12-31", 31, 12, 1990 },
    { "29/02/2024", 29, 2, 2024 },
  };
  static const char * const bad[] = {
    "", "   ", "abc", "31/02/1990", "29/02/2023", "1/2/90", "1990/12/31", "31/12/1990x",
    "31/13/1990", "0/12/1990", "31/12/19900", "31/12-1990", "12/1990", "1990-1-31",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      GDate date;

      g_assert_true (dir_referral_parse_date (good[i].text, &date));
      g_assert_cmpint (g_date_get_day (&date), ==, good[i].day);
      g_assert_cmpint (g_date_get_month (&date), ==, good[i].month);
      g_assert_cmpint (g_date_get_year (&date), ==, good[i].year);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GDate date;

      if (dir_referral_parse_date (bad[i], &date))
        g_error ("“%s” was read as a date", bad[i]);
    }

  {
    GDate date;
    g_autofree char *text = NULL;

    g_date_clear (&date, 1);
    g_date_set_dmy (&date, 5, 3, 2026);
    text = dir_referral_format_date (&date);
    g_assert_cmpstr (text, ==, "05/03/2026");
  }
}

static void
test_parse_date_times (void)
{
  gboolean has_time = TRUE;
  g_autoptr(GDateTime) a = dir_referral_parse_date_time ("12/03/2026 14:30", &has_time);
  g_autoptr(GDateTime) b = NULL;
  g_autoptr(GDateTime) c = NULL;
  g_autoptr(GDateTime) d = NULL;

  g_assert_nonnull (a);
  g_assert_true (has_time);
  g_assert_cmpint (g_date_time_get_hour (a), ==, 14);
  g_assert_cmpint (g_date_time_get_minute (a), ==, 30);

  b = dir_referral_parse_date_time ("12/03/2026", &has_time);
  g_assert_nonnull (b);
  g_assert_false (has_time);

  c = dir_referral_parse_date_time ("2026-03-12T09:05:00Z", &has_time);
  g_assert_nonnull (c);
  g_assert_true (has_time);

  d = dir_referral_parse_date_time ("12/03/2026 9.05", &has_time);
  g_assert_nonnull (d);
  g_assert_cmpint (g_date_time_get_hour (d), ==, 9);

  g_assert_null (dir_referral_parse_date_time ("12/03/2026 24:00", &has_time));
  g_assert_null (dir_referral_parse_date_time ("12/03/2026 14:60", &has_time));
  g_assert_null (dir_referral_parse_date_time ("12/03/2026 2pm", &has_time));
  g_assert_null (dir_referral_parse_date_time ("12/03/2026 14:30 15:00", &has_time));
  g_assert_null (dir_referral_parse_date_time ("yesterday", &has_time));
  g_assert_null (dir_referral_parse_date_time ("", &has_time));
}

/* ---- validation ---------------------------------------------------------- */

static void
test_valid (void)
{
  g_autoptr(DirReferral) self = full_referral ();

  assert_problems (self, DIR_ROLE_REFERRER, "");
  assert_problems (self, DIR_ROLE_VOLUNTEER, "");
  assert_problems (self, DIR_ROLE_ADVISOR, "");
}

static void
test_empty_referral (void)
{
  g_autoptr(DirReferral) self = dir_referral_new ();
  g_autoptr(GPtrArray) problems = NULL;

  /* Everything a referral needs, in the order of the form. */
  assert_problems (self, DIR_ROLE_REFERRER,
                   "service_id:error|person.given_name:error|person.family_name:error|"
                   "person.date_of_birth:error|consent.given_by:error|consent.given_at:error|"
                   "consent.method:error|consent.share_with:error");

  problems = validate (self, DIR_ROLE_REFERRER);
  g_assert_true (dir_referral_problems_block (problems));
}

static void
test_names (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autofree char *long_name = g_strnfill (101, 'a');
  g_autofree char *max_name = g_strnfill (100, 'a');

  replace (&self->given_name, "   ");
  assert_problems (self, DIR_ROLE_REFERRER, "person.given_name:error");
  replace (&self->given_name, long_name);
  assert_problems (self, DIR_ROLE_REFERRER, "person.given_name:error");
  replace (&self->given_name, max_name);
  assert_problems (self, DIR_ROLE_REFERRER, "");
  replace (&self->given_name, "Jo\tAnne");
  assert_problems (self, DIR_ROLE_REFERRER, "person.given_name:error");
  replace (&self->given_name, "Zoë");
  replace (&self->family_name, NULL);
  assert_problems (self, DIR_ROLE_REFERRER, "person.family_name:error");
}

static void
test_date_of_birth (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autofree char *tomorrow = date_from_today (1);
  g_autofree char *too_old = date_years_ago (121, -1);
  g_autofree char *oldest = date_years_ago (120, 1);
  g_autofree char *young = date_years_ago (17, 0);
  g_autofree char *adult = date_years_ago (18, 0);
  g_autoptr(GPtrArray) problems = NULL;
  const DirFieldError *problem;

  replace (&self->date_of_birth, NULL);
  assert_problems (self, DIR_ROLE_REFERRER, "person.date_of_birth:error");

  replace (&self->date_of_birth, "31/02/1990");
  assert_problems (self, DIR_ROLE_REFERRER, "person.date_of_birth:error");

  replace (&self->date_of_birth, "31/12/90");
  problems = validate (self, DIR_ROLE_REFERRER);
  problem = find_problem (problems, "person.date_of_birth");
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem->message, "year in full"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  replace (&self->date_of_birth, tomorrow);
  problems = validate (self, DIR_ROLE_REFERRER);
  problem = find_problem (problems, "person.date_of_birth");
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem->message, "future"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  replace (&self->date_of_birth, too_old);
  assert_problems (self, DIR_ROLE_REFERRER, "person.date_of_birth:error");
  replace (&self->date_of_birth, oldest);
  assert_problems (self, DIR_ROLE_REFERRER, "");
  replace (&self->date_of_birth, "01/01/1899");
  assert_problems (self, DIR_ROLE_REFERRER, "person.date_of_birth:error");

  /* Under 18: a warning that does not stop sending. */
  replace (&self->date_of_birth, young);
  problems = validate (self, DIR_ROLE_REFERRER);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_false (dir_referral_problems_block (problems));
  assert_problems (self, DIR_ROLE_REFERRER, "person.date_of_birth:warning");
  replace (&self->date_of_birth, adult);
  assert_problems (self, DIR_ROLE_REFERRER, "");

  /* A call-back needs no date of birth; a wrong one is still wrong. */
  self->kind = DIR_REFERRAL_KIND_CALLBACK;
  replace (&self->date_of_birth, NULL);
  assert_problems (self, DIR_ROLE_REFERRER, "");
  replace (&self->date_of_birth, "yesterday");
  assert_problems (self, DIR_ROLE_REFERRER, "person.date_of_birth:error");
}

static void
test_phone (void)
{
  static const char * const good[] = {
    "01632 960123", "01632960123", "(01632) 960123", "01632-960-123", "07700 900123",
    "0800 123456", "0113 496 0000", "+44 1632 960123", "+44 (0)1632 960123", "+447700900123",
    "0044 1632 960123", "+48 123 456 789", " 01632 960123 ",
  };
  static const char * const bad[] = {
    "960123", "1632 960123", "01632 96012a", "01632.960123", "00000", "0 0000 000000",
    "+44 01632", "+44 16329601234567", "01632 960 1234 5", "016329601", "+0 123 456 789",
    "01632 960123 ext 4", "phone", "+", "01632+960123",
  };
  g_autoptr(DirReferral) self = full_referral ();

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GPtrArray) problems = NULL;

      replace (&self->phone, good[i]);
      problems = validate (self, DIR_ROLE_REFERRER);
      if (problems->len != 0)
        g_error ("“%s” was refused: %s", good[i],
                 ((DirFieldError *) g_ptr_array_index (problems, 0))->message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) problems = NULL;

      replace (&self->phone, bad[i]);
      problems = validate (self, DIR_ROLE_REFERRER);
      if (find_problem (problems, "person.contact.phone") == NULL)
        g_error ("“%s” was taken as a phone number", bad[i]);
    }

  /* Optional for a referral; a call-back needs one. */
  replace (&self->phone, NULL);
  assert_problems (self, DIR_ROLE_REFERRER, "");
  self->kind = DIR_REFERRAL_KIND_CALLBACK;
  assert_problems (self, DIR_ROLE_REFERRER, "person.contact.phone:error");
}

/* Shared with the hub test below: every address the form refuses, the hub
 * refuses too. */
static const char * const bad_emails[] = {
  "jo", "jo@", "@example.org", "jo@example", "jo@@example.org", "jo@.example.org",
  "jo@example.org.", "jo@example..org", "jo sample@example.org", "<jo@example.org>",
  "jo@example.org, al@example.org", "jo(home)@example.org", "\"jo\"@example.org",
};

static void
test_email (void)
{
  static const char * const good[] = {
    "jo@example.org", "jo.sample+desk@mail.example.org", " jo@example.org ",
  };
  static const char * const * const bad = bad_emails;
  g_autoptr(DirReferral) self = full_referral ();

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      replace (&self->email, good[i]);
      assert_problems (self, DIR_ROLE_REFERRER, "");
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_emails); i++)
    {
      g_autoptr(GPtrArray) problems = NULL;

      replace (&self->email, bad[i]);
      problems = validate (self, DIR_ROLE_REFERRER);
      if (find_problem (problems, "person.contact.email") == NULL)
        g_error ("“%s” was taken as an e-mail address", bad[i]);
    }
}

static void
test_postcodes (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body;

  /* Malformed: an error, whether or not the geocoder is there. */
  replace (&self->postcode, "Bedford");
  assert_problems (self, DIR_ROLE_REFERRER, "person.contact.postcode:error");
  replace (&self->postcode, "MK40 1PGX");
  assert_problems (self, DIR_ROLE_REFERRER, "person.contact.postcode:error");
  problems = dir_referral_validate (self, DIR_ROLE_REFERRER, NULL, NULL);
  g_assert_nonnull (find_problem (problems, "person.contact.postcode"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* Well formed but unknown: a warning, and only the geocoder knows. */
  replace (&self->postcode, "ZZ9 9ZZ");
  assert_problems (self, DIR_ROLE_REFERRER, "person.contact.postcode:warning");
  problems = dir_referral_validate (self, DIR_ROLE_REFERRER, NULL, NULL);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A unit outside Bedfordshire is found by its district; a district alone is fine. */
  replace (&self->postcode, "LS1 4AP");
  assert_problems (self, DIR_ROLE_REFERRER, "");
  replace (&self->postcode, "mk40");
  assert_problems (self, DIR_ROLE_REFERRER, "");

  replace (&self->release_postcode, "Kempston");
  assert_problems (self, DIR_ROLE_REFERRER, "release.postcode:error");
  replace (&self->release_postcode, "mk429aa");
  assert_problems (self, DIR_ROLE_REFERRER, "");

  /* Sent normalised. */
  body = body_object (self, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_SEND, &root);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (body, "person"), "contact"), "postcode"),
                   ==, "MK40");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "release"),
                                                  "postcode"), ==, "MK42 9AA");
}

static void
test_identifiers (void)
{
  static const char * const bad_crn[] = { "X12345", "X1234567", "1234567", "XX12345", "X12345Y" };
  static const char * const bad_prison[] = { "A1234B", "A12345BC", "AB123CD", "11234BC", "A1234B1" };
  g_autoptr(DirReferral) self = full_referral ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *person;

  for (guint i = 0; i < G_N_ELEMENTS (bad_crn); i++)
    {
      replace (&self->crn, bad_crn[i]);
      assert_problems (self, DIR_ROLE_REFERRER, "person.crn:error");
    }
  replace (&self->crn, " x 123456 ");

  for (guint i = 0; i < G_N_ELEMENTS (bad_prison); i++)
    {
      replace (&self->prison_number, bad_prison[i]);
      assert_problems (self, DIR_ROLE_REFERRER, "person.prison_number:error");
    }
  replace (&self->prison_number, "a1234bc");
  assert_problems (self, DIR_ROLE_REFERRER, "");

  person = json_object_get_object_member (body_object (self, DIR_ROLE_REFERRER,
                                                       DIR_REFERRAL_BODY_SEND, &root), "person");
  g_assert_cmpstr (json_object_get_string_member (person, "crn"), ==, "X123456");
  g_assert_cmpstr (json_object_get_string_member (person, "prison_number"), ==, "A1234BC");

  /* Both are optional. */
  replace (&self->crn, NULL);
  replace (&self->prison_number, "");
  assert_problems (self, DIR_ROLE_REFERRER, "");
}

static void
test_language (void)
{
  g_autoptr(DirReferral) self = full_referral ();

  replace (&self->preferred_language, "pa-Guru");
  assert_problems (self, DIR_ROLE_REFERRER, "");
  replace (&self->preferred_language, "Polish");
  assert_problems (self, DIR_ROLE_REFERRER, "person.preferred_language:error");
  replace (&self->preferred_language, "p");
  assert_problems (self, DIR_ROLE_REFERRER, "person.preferred_language:error");
}

static void
test_release (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autofree char *long_ago = date_years_ago (2, 0);
  g_autofree char *far_ahead = date_from_today (6 * 366);
  g_autofree char *too_far = date_from_today (102 * 366);

  /* A release postcode needs its date (the hub requires release.date). */
  replace (&self->release_date, NULL);
  assert_problems (self, DIR_ROLE_REFERRER, "release.date:error");
  replace (&self->release_postcode, NULL);
  assert_problems (self, DIR_ROLE_REFERRER, "");

  replace (&self->release_date, "30/02/2026");
  assert_problems (self, DIR_ROLE_REFERRER, "release.date:error");
  replace (&self->release_date, long_ago);
  assert_problems (self, DIR_ROLE_REFERRER, "release.date:warning");
  replace (&self->release_date, far_ahead);
  assert_problems (self, DIR_ROLE_REFERRER, "release.date:warning");
  replace (&self->release_date, too_far);
  assert_problems (self, DIR_ROLE_REFERRER, "release.date:error");
}

static void
test_needs (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  const char *twice[] = { "ACC", "ACC", "DA", NULL };
  const DirPathway *all;
  guint n_all;

  dir_referral_set_needs (self, twice);
  g_assert_cmpuint (self->needs->len, ==, 2);
  g_assert_true (dir_referral_has_need (self, "DA"));
  g_assert_false (dir_referral_has_need (self, "DA.COMM"));
  assert_problems (self, DIR_ROLE_REFERRER, "");

  g_ptr_array_add (self->needs, g_strdup ("NOPE.X"));
  assert_problems (self, DIR_ROLE_REFERRER, "needs[2]:error");

  g_ptr_array_set_size (self->needs, 0);
  all = dir_taxonomy_get_all (&n_all);
  g_assert_cmpuint (n_all, >, 32);
  for (guint i = 0; i < 33; i++)
    g_ptr_array_add (self->needs, g_strdup (all[i].code));
  assert_problems (self, DIR_ROLE_REFERRER, "needs:error");

  /* None at all is fine. */
  g_ptr_array_set_size (self->needs, 0);
  assert_problems (self, DIR_ROLE_REFERRER, "");
}

static void
test_notes (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autofree char *long_notes = g_strnfill (4001, 'n');

  replace (&self->notes, long_notes);
  assert_problems (self, DIR_ROLE_REFERRER, "notes:error");
  replace (&self->risk_notes, long_notes);
  assert_problems (self, DIR_ROLE_REFERRER, "notes:error|risk.notes:error");
  /* A volunteer's risk notes are never sent, so never checked. */
  assert_problems (self, DIR_ROLE_VOLUNTEER, "notes:error");
  replace (&self->notes, "Two lines\nand a tab\there.");
  assert_problems (self, DIR_ROLE_VOLUNTEER, "");
}

static void
test_consent (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_minutes (now, 30);
  g_autoptr(GDateTime) just_now = g_date_time_add_minutes (now, -2);
  g_autofree char *soon_text = g_date_time_format (soon, "%d/%m/%Y %H:%M");
  g_autofree char *just_now_text = g_date_time_format (just_now, "%d/%m/%Y %H:%M");
  g_autofree char *tomorrow = date_from_today (1);
  g_autofree char *today = date_from_today (0);
  g_autofree char *long_ago = date_years_ago (2, 0);

  self->consent_given_by = DIR_CONSENT_GIVER_NOT_GIVEN;
  assert_problems (self, DIR_ROLE_REFERRER, "consent.given_by:error");
  self->consent_given_by = DIR_CONSENT_GIVER_ADVOCATE;

  replace (&self->consent_given_at, NULL);
  assert_problems (self, DIR_ROLE_REFERRER, "consent.given_at:error");
  replace (&self->consent_given_at, "last week");
  assert_problems (self, DIR_ROLE_REFERRER, "consent.given_at:error");
  replace (&self->consent_given_at, tomorrow);
  assert_problems (self, DIR_ROLE_REFERRER, "consent.given_at:error");
  replace (&self->consent_given_at, soon_text);
  assert_problems (self, DIR_ROLE_REFERRER, "consent.given_at:error");
  replace (&self->consent_given_at, just_now_text);
  assert_problems (self, DIR_ROLE_REFERRER, "");
  replace (&self->consent_given_at, today);
  assert_problems (self, DIR_ROLE_REFERRER, "");
  replace (&self->consent_given_at, long_ago);
  assert_problems (self, DIR_ROLE_REFERRER, "consent.given_at:warning");
  replace (&self->consent_given_at, today);

  self->consent_method = DIR_CONSENT_METHOD_NOT_GIVEN;
  assert_problems (self, DIR_ROLE_REFERRER, "consent.method:error");
  self->consent_method = DIR_CONSENT_METHOD_VERBAL;

  /* A referral is shared with the service; a call-back with Direction. */
  self->consent_share_with = DIR_SHARE_DIRECTION;
  assert_problems (self, DIR_ROLE_REFERRER, "consent.share_with:error");
  self->consent_share_with = DIR_SHARE_SERVICE;
  assert_problems (self, DIR_ROLE_REFERRER, "consent.share_with:error");   /* callback_requested */
  self->callback_requested = FALSE;
  assert_problems (self, DIR_ROLE_REFERRER, "");

  self->kind = DIR_REFERRAL_KIND_CALLBACK;
  assert_problems (self, DIR_ROLE_REFERRER, "consent.share_with:error");
  self->consent_share_with = DIR_SHARE_DIRECTION;
  assert_problems (self, DIR_ROLE_REFERRER, "");

  /* A signpost needs no consent at all. */
  self->kind = DIR_REFERRAL_KIND_SIGNPOST;
  self->consent_share_with = 0;
  self->consent_given_by = DIR_CONSENT_GIVER_NOT_GIVEN;
  assert_problems (self, DIR_ROLE_REFERRER, "");
}

static void
test_consent_time_sent (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) sent_at = NULL;
  g_autofree char *today = date_from_today (0);
  g_autofree char *earlier = date_from_today (-3);
  g_autoptr(GDateTime) earlier_time = g_date_time_add_days (before, -3);
  g_autofree char *earlier_iso = g_date_time_format (earlier_time, "%Y-%m-%d");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) root2 = NULL;
  g_autoptr(JsonNode) root3 = NULL;
  JsonObject *consent;

  /* Today, no time: the moment it was sent (to the minute), never later. */
  replace (&self->consent_given_at, today);
  consent = json_object_get_object_member (body_object (self, DIR_ROLE_REFERRER,
                                                        DIR_REFERRAL_BODY_SEND, &root), "consent");
  sent_at = dir_time_parse (json_object_get_string_member (consent, "given_at"));
  g_assert_nonnull (sent_at);
  g_assert_cmpint (g_date_time_difference (sent_at, before), <=, 0);
  g_assert_cmpint (g_date_time_difference (before, sent_at), <, 61 * G_TIME_SPAN_SECOND);

  /* Another day, no time: the bare date. */
  replace (&self->consent_given_at, earlier);
  consent = json_object_get_object_member (body_object (self, DIR_ROLE_REFERRER,
                                                        DIR_REFERRAL_BODY_SEND, &root2), "consent");
  g_assert_cmpstr (json_object_get_string_member (consent, "given_at"), ==, earlier_iso);

  /* With a time: that moment, in UTC. */
  replace (&self->consent_given_at, "12/01/2026 14:30");
  consent = json_object_get_object_member (body_object (self, DIR_ROLE_REFERRER,
                                                        DIR_REFERRAL_BODY_SEND, &root3), "consent");
  {
    g_autoptr(GDateTime) expected = dir_referral_parse_date_time ("12/01/2026 14:30", NULL);
    g_autofree char *expected_text = dir_time_format_sortable (expected);

    g_assert_cmpstr (json_object_get_string_member (consent, "given_at"), ==, expected_text);
  }
}

/* ---- bodies -------------------------------------------------------------- */

static void
test_send_body (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autofree char *release = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected_text = NULL;
  JsonObject *body;
  GDate release_date;

  replace (&self->consent_given_at, "01/03/2026 10:15");
  body = body_object (self, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_SEND, &root);
  g_assert_true (dir_referral_parse_date (self->release_date, &release_date));
  release = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&release_date),
                             g_date_get_month (&release_date), g_date_get_day (&release_date));

  {
    g_autoptr(GDateTime) consent = dir_referral_parse_date_time ("01/03/2026 10:15", NULL);
    g_autofree char *consent_text = dir_time_format_sortable (consent);

    expected_text = g_strdup_printf (
      "{\"id\":\"%s\",\"kind\":\"referral\",\"service_id\":\"" SHELTER_ID "\","
      "\"person\":{\"given_name\":\"Jo\",\"family_name\":\"Sample\","
      "\"date_of_birth\":\"1990-12-31\",\"contact\":{\"phone\":\"01632 960123\","
      "\"email\":\"jo.sample@example.org\",\"address\":\"1 Sample Street\\nBedford\","
      "\"postcode\":\"MK40 1PG\"},\"preferred_language\":\"pl\",\"interpreter_needed\":true,"
      "\"crn\":\"X123456\",\"prison_number\":\"A1234BC\"},"
      "\"release\":{\"date\":\"%s\",\"postcode\":\"MK42 9AA\"},"
      "\"needs\":[\"ACC.EMERG\",\"FIN.BEN\"],\"notes\":\"Needs a bed on release night.\","
      "\"risk\":{\"rosh\":\"medium\",\"mappa_level\":1,\"do_not_see_alone\":true,"
      "\"risk_to_self\":false,\"notes\":\"Contact the offender manager first.\"},"
      "\"consent\":{\"given_by\":\"person\",\"given_at\":\"%s\",\"method\":\"written\","
      "\"share_with\":[\"service\",\"direction\"]},\"callback_requested\":true}",
      self->id, release, consent_text);
  }

  expected = hub_parse_json (expected_text);
  text = json_to_string (root, FALSE);
  if (!json_node_equal (root, expected))
    g_error ("body\n%s\nexpected\n%s", text, expected_text);

  /* The service's name is for the desk's lists only. */
  g_assert_null (strstr (text, "Night Shelter"));
  g_assert_false (json_object_has_member (body, "service_name"));
}

static void
test_send_refuses_invalid (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *draft = NULL;

  replace (&self->date_of_birth, "31/02/1990");
  body = dir_referral_to_body (self, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_SEND, &error);
  g_assert_error (error, DIR_REFERRAL_ERROR, DIR_REFERRAL_ERROR_INVALID);
  g_assert_null (body);
  g_assert_nonnull (strstr (error->message, "person.date_of_birth"));

  /* A draft keeps what was typed. */
  draft = dir_referral_to_body (self, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_DRAFT, NULL);
  g_assert_nonnull (strstr (draft, "\"31/02/1990\""));

  /* Warnings do not stop sending. */
  g_clear_error (&error);
  replace (&self->date_of_birth, "01/01/1990");
  replace (&self->postcode, "ZZ9 9ZZ");
  g_free (body);
  body = dir_referral_to_body (self, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_SEND, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (body, "\"ZZ9 9ZZ\""));
}

static void
test_volunteer_body (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  static const DirRole no_risk[] = {
    DIR_ROLE_VOLUNTEER, DIR_ROLE_NONE, DIR_ROLE_PROVIDER, DIR_ROLE_ADMIN,
  };

  g_assert_true (dir_referral_has_risk (self));

  for (guint i = 0; i < G_N_ELEMENTS (no_risk); i++)
    {
      for (DirReferralBodyMode mode = DIR_REFERRAL_BODY_SEND; mode <= DIR_REFERRAL_BODY_DRAFT; mode++)
        {
          g_autofree char *body = dir_referral_to_body (self, no_risk[i], mode, NULL);

          g_assert_nonnull (body);
          g_assert_null (strstr (body, "risk\""));
          g_assert_null (strstr (body, "rosh"));
          g_assert_null (strstr (body, "mappa"));
          g_assert_null (strstr (body, "do_not_see_alone"));
          g_assert_null (strstr (body, "offender manager"));
          /* The rest is all there. */
          g_assert_nonnull (strstr (body, "\"person\""));
          g_assert_nonnull (strstr (body, "\"consent\""));
        }
    }

  /* A referrer and an advisor send it. */
  for (DirRole role = DIR_ROLE_REFERRER; role <= DIR_ROLE_ADVISOR; role++)
    {
      g_autofree char *body = NULL;

      if (role == DIR_ROLE_VOLUNTEER)
        continue;
      body = dir_referral_to_body (self, role, DIR_REFERRAL_BODY_SEND, NULL);
      g_assert_nonnull (strstr (body, "\"risk\":{\"rosh\":\"medium\""));
    }

  /* No risk given: no risk member, whoever sends it. */
  self->rosh = DIR_ROSH_NOT_GIVEN;
  self->mappa_level = DIR_MAPPA_NOT_GIVEN;
  self->do_not_see_alone = FALSE;
  g_clear_pointer (&self->risk_notes, g_free);
  g_assert_false (dir_referral_has_risk (self));
  {
    g_autofree char *body = dir_referral_to_body (self, DIR_ROLE_REFERRER,
                                                  DIR_REFERRAL_BODY_SEND, NULL);

    g_assert_null (strstr (body, "\"risk\""));
  }
}

static void
test_signpost_body (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) draft_root = NULL;
  g_autoptr(GList) members = NULL;
  g_autofree char *text = NULL;
  JsonObject *body;

  self->kind = DIR_REFERRAL_KIND_SIGNPOST;
  /* Whatever the model still holds, nothing about the person is checked… */
  replace (&self->date_of_birth, "not a date");
  assert_problems (self, DIR_ROLE_REFERRER, "");

  /* …or sent, in either mode. */
  body = body_object (self, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_SEND, &root);
  members = json_object_get_members (body);
  g_assert_cmpuint (g_list_length (members), ==, 4);
  g_assert_true (json_object_has_member (body, "id"));
  g_assert_cmpstr (json_object_get_string_member (body, "kind"), ==, "signpost");
  g_assert_cmpstr (json_object_get_string_member (body, "service_id"), ==, SHELTER_ID);
  g_assert_true (json_object_has_member (body, "needs"));
  text = json_to_string (root, FALSE);
  g_assert_null (strstr (text, "Jo"));
  g_assert_null (strstr (text, "Sample"));

  body = body_object (self, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_DRAFT, &draft_root);
  g_assert_false (json_object_has_member (body, "person"));
  g_assert_false (json_object_has_member (body, "release"));
  g_assert_false (json_object_has_member (body, "risk"));
  g_assert_false (json_object_has_member (body, "notes"));
  g_assert_false (json_object_has_member (body, "consent"));

  /* Clearing what is personal leaves the service and needs. */
  g_assert_true (dir_referral_has_personal (self));
  dir_referral_clear_personal (self);
  g_assert_false (dir_referral_has_personal (self));
  g_assert_cmpstr (self->service_id, ==, SHELTER_ID);
  g_assert_cmpuint (self->needs->len, ==, 2);

  /* A signpost still needs its service. */
  g_clear_pointer (&self->service_id, g_free);
  assert_problems (self, DIR_ROLE_REFERRER, "service_id:error");
}

static void
test_callback_body (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body;

  self->kind = DIR_REFERRAL_KIND_CALLBACK;
  g_clear_pointer (&self->service_id, g_free);
  self->callback_requested = FALSE;
  assert_problems (self, DIR_ROLE_REFERRER, "");

  body = body_object (self, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_SEND, &root);
  g_assert_true (json_node_is_null (json_object_get_member (body, "service_id")));
  g_assert_true (json_object_get_boolean_member (body, "callback_requested"));
}

static void
assert_referrals_equal (const DirReferral *a,
                        const DirReferral *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpstr (a->service_id, ==, b->service_id);
  g_assert_cmpstr (a->given_name, ==, b->given_name);
  g_assert_cmpstr (a->family_name, ==, b->family_name);
  g_assert_cmpstr (a->date_of_birth, ==, b->date_of_birth);
  g_assert_cmpstr (a->phone, ==, b->phone);
  g_assert_cmpstr (a->email, ==, b->email);
  g_assert_cmpstr (a->address, ==, b->address);
  g_assert_cmpstr (a->postcode, ==, b->postcode);
  g_assert_cmpstr (a->preferred_language, ==, b->preferred_language);
  g_assert_cmpint (a->interpreter_needed, ==, b->interpreter_needed);
  g_assert_cmpstr (a->crn, ==, b->crn);
  g_assert_cmpstr (a->prison_number, ==, b->prison_number);
  g_assert_cmpstr (a->release_date, ==, b->release_date);
  g_assert_cmpstr (a->release_postcode, ==, b->release_postcode);
  g_assert_cmpuint (a->needs->len, ==, b->needs->len);
  for (guint i = 0; i < a->needs->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->needs, i), ==, g_ptr_array_index (b->needs, i));
  g_assert_cmpstr (a->notes, ==, b->notes);
  g_assert_cmpint (a->rosh, ==, b->rosh);
  g_assert_cmpint (a->mappa_level, ==, b->mappa_level);
  g_assert_cmpint (a->do_not_see_alone, ==, b->do_not_see_alone);
  g_assert_cmpint (a->risk_to_self, ==, b->risk_to_self);
  g_assert_cmpstr (a->risk_notes, ==, b->risk_notes);
  g_assert_cmpint (a->consent_given_by, ==, b->consent_given_by);
  g_assert_cmpstr (a->consent_given_at, ==, b->consent_given_at);
  g_assert_cmpint (a->consent_method, ==, b->consent_method);
  g_assert_cmpint (a->consent_share_with, ==, b->consent_share_with);
  g_assert_cmpint (a->callback_requested, ==, b->callback_requested);
}

static void
test_round_trip (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autoptr(DirReferral) from_draft = NULL;
  g_autoptr(DirReferral) from_send = NULL;
  g_autoptr(DirReferral) half_typed = NULL;
  g_autoptr(DirReferral) from_half = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *draft2 = NULL;
  g_autofree char *send = NULL;
  g_autofree char *send2 = NULL;

  /* Shown forms ("31/12/1990", "12/03/2026 14:30") come back as they were. */
  replace (&self->postcode, "MK40 1PG");
  replace (&self->crn, "X123456");
  replace (&self->prison_number, "A1234BC");
  replace (&self->consent_given_at, "12/01/2026 14:30");

  draft = dir_referral_to_body (self, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_DRAFT, &error);
  g_assert_no_error (error);
  from_draft = dir_referral_new_from_body (draft, &error);
  g_assert_no_error (error);
  g_free (self->service_name);
  self->service_name = NULL;
  assert_referrals_equal (self, from_draft);
  draft2 = dir_referral_to_body (from_draft, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_DRAFT, NULL);
  g_assert_cmpstr (draft, ==, draft2);

  /* The hub's forms ("1990-12-31", UTC) are read back as shown. */
  send = dir_referral_to_body (self, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_SEND, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (send, "\"1990-12-31\""));
  from_send = dir_referral_new_from_body (send, &error);
  g_assert_no_error (error);
  assert_referrals_equal (self, from_send);
  send2 = dir_referral_to_body (from_send, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_SEND, NULL);
  g_assert_cmpstr (send, ==, send2);

  /* A half-typed draft: every field as it was, even the wrong ones. */
  half_typed = dir_referral_new ();
  half_typed->given_name = g_strdup ("  Al ");
  half_typed->date_of_birth = g_strdup ("31/02/19");
  half_typed->phone = g_strdup ("01632");
  half_typed->consent_given_at = g_strdup ("yesterday-ish");
  half_typed->consent_share_with = DIR_SHARE_DIRECTION;
  half_typed->kind = DIR_REFERRAL_KIND_CALLBACK;
  g_free (draft);
  draft = dir_referral_to_body (half_typed, DIR_ROLE_VOLUNTEER, DIR_REFERRAL_BODY_DRAFT, &error);
  g_assert_no_error (error);
  from_half = dir_referral_new_from_body (draft, &error);
  g_assert_no_error (error);
  assert_referrals_equal (half_typed, from_half);
}

static void
test_parse_errors (void)
{
  static const char * const bad[] = {
    "", "[]", "{", "{\"kind\": \"referral\"}",
    "{\"id\": \"not-a-uuid\", \"kind\": \"referral\"}",
    "{\"id\": \"6f1c2d3e-4a5b-4c6d-8e7f-000000000001\", \"kind\": \"letter\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DirReferral) self = dir_referral_new_from_body (bad[i], &error);

      g_assert_null (self);
      g_assert_error (error, DIR_REFERRAL_ERROR, DIR_REFERRAL_ERROR_PARSE);
    }
}

static void
test_label (void)
{
  g_autoptr(DirReferral) self = full_referral ();
  g_autofree char *label = dir_referral_make_label (self);
  g_autofree char *no_name = NULL;
  g_autofree char *signpost = NULL;
  g_autofree char *callback = NULL;

  g_assert_cmpstr (label, ==, "J. S. — Accommodation, Night Shelter Sample");

  replace (&self->given_name, "élodie");
  replace (&self->family_name, NULL);
  g_free (label);
  label = dir_referral_make_label (self);
  g_assert_cmpstr (label, ==, "É. — Accommodation, Night Shelter Sample");

  replace (&self->given_name, NULL);
  no_name = dir_referral_make_label (self);
  g_assert_cmpstr (no_name, ==, "No name yet — Accommodation, Night Shelter Sample");

  self->kind = DIR_REFERRAL_KIND_SIGNPOST;
  signpost = dir_referral_make_label (self);
  g_assert_cmpstr (signpost, ==, "Signpost — Accommodation, Night Shelter Sample");

  self->kind = DIR_REFERRAL_KIND_CALLBACK;
  replace (&self->given_name, "Jo");
  replace (&self->family_name, "Sample");
  g_clear_pointer (&self->service_name, g_free);
  g_ptr_array_set_size (self->needs, 0);
  callback = dir_referral_make_label (self);
  g_assert_cmpstr (callback, ==, "J. S. — Direction advisor call-back");
}

static void
test_words (void)
{
  g_assert_cmpstr (dir_referral_status_label ("more_information_needed"), ==,
                   "More information needed");
  g_assert_cmpstr (dir_referral_status_label ("received"), ==, "Received");
  g_assert_cmpstr (dir_referral_status_label ("new_status"), ==, "new_status");
  g_assert_cmpstr (dir_referral_reason_label ("no_capacity"), ==,
                   "The service has no places at the moment");
  g_assert_cmpstr (dir_referral_reason_label ("not_eligible"), ==,
                   "The person is not eligible for this service");
  g_assert_cmpstr (dir_referral_reason_label ("custom_code"), ==, "custom_code");
  g_assert_null (dir_referral_reason_label (NULL));

  for (DirReferralKind kind = DIR_REFERRAL_KIND_REFERRAL; kind <= DIR_REFERRAL_KIND_CALLBACK; kind++)
    {
      DirReferralKind back;

      g_assert_true (dir_referral_kind_from_string (dir_referral_kind_to_string (kind), &back));
      g_assert_cmpint (back, ==, kind);
      g_assert_nonnull (dir_referral_kind_label (kind));
    }
  g_assert_false (dir_referral_kind_from_string ("letter", NULL));

  g_assert_cmpstr (dir_role_label (DIR_ROLE_VOLUNTEER), ==, "Volunteer");
  g_assert_cmpstr (dir_role_label (DIR_ROLE_ADVISOR), ==, "Direction advisor");
  g_assert_null (dir_role_label (DIR_ROLE_NONE));

  g_assert_true (dir_role_may_send_risk (DIR_ROLE_REFERRER));
  g_assert_true (dir_role_may_send_risk (DIR_ROLE_ADVISOR));
  g_assert_false (dir_role_may_send_risk (DIR_ROLE_VOLUNTEER));
  g_assert_false (dir_role_may_send_risk (DIR_ROLE_NONE));
  g_assert_true (dir_role_may_refer (DIR_ROLE_VOLUNTEER));
  g_assert_false (dir_role_may_refer (DIR_ROLE_PROVIDER));
}

/* ---- against the real hub ------------------------------------------------ */

static void
run_ok (const char * const *args,
        const char         *stdin_text)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = hub_run_cli (args, stdin_text, &out, &err);

  if (status != 0)
    g_test_message ("%s: %s", args[0], err);
  g_assert_cmpint (status, ==, 0);
}

static char *
sign_in (Hub        *hub,
         const char *username)
{
  g_autofree char *body = g_strdup_printf ("{\"username\": \"%s\", \"password\": \"%s\"}",
                                           username, PASSWORD);
  g_autoptr(Response) response = hub_request (hub, "POST", "/api/v1/session",
                                              "application/json", body, -1, NULL);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (response->status, ==, SOUP_STATUS_CREATED);
  root = hub_parse_json (response->body);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}

static Response *
call (Hub        *hub,
      const char *token,
      const char *method,
      const char *path,
      const char *key,
      const char *body)
{
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  const char *headers[] = { "Authorization", authorization,
                            key != NULL ? "Idempotency-Key" : NULL, key, NULL };

  return hub_request (hub, method, path, body != NULL ? "application/json" : NULL,
                      body, -1, headers);
}

/* POSTs the body the referral makes for role, as token; returns the
 * status and, on 201, checks that the hub kept exactly what was sent. */
static guint
post_referral (Hub         *hub,
               const char  *token,
               DirReferral *self,
               DirRole      role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) sent = dir_referral_to_json (self, role, DIR_REFERRAL_BODY_SEND, &error);
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autoptr(Response) response = NULL;
  g_autoptr(Response) read = NULL;
  g_autoptr(JsonNode) stored = NULL;
  JsonObject *sent_object;
  JsonObject *stored_object;
  g_autoptr(GList) members = NULL;

  g_assert_no_error (error);
  body = json_to_string (sent, FALSE);
  response = call (hub, token, "POST", "/api/v1/referrals", self->id, body);
  if (response->status != SOUP_STATUS_CREATED)
    {
      g_test_message ("POST %s: %u %s", body, response->status, response->body);
      return response->status;
    }

  /* What the hub stored is what the form sent: every member, every value. */
  path = g_strdup_printf ("/api/v1/referrals/%s", self->id);
  read = call (hub, token, "GET", path, NULL, NULL);
  g_assert_cmpuint (read->status, ==, SOUP_STATUS_OK);
  stored = hub_parse_json (read->body);
  stored_object = json_node_get_object (stored);
  sent_object = json_node_get_object (sent);

  members = json_object_get_members (sent_object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *a = json_object_get_member (sent_object, l->data);
      JsonNode *b = json_object_get_member (stored_object, l->data);

      if (b == NULL || !json_node_equal (a, b))
        {
          g_autofree char *a_text = json_to_string (a, FALSE);
          g_autofree char *b_text = b != NULL ? json_to_string (b, FALSE) : g_strdup ("(none)");

          g_error ("member %s: sent %s, the hub kept %s", (char *) l->data, a_text, b_text);
        }
    }

  return response->status;
}

static void
test_hub_accepts (void)
{
  g_autofree char *fixture = hub_fixture_path ("hub-directory.json");
  g_autofree char *db = hub_new_db ("referral.db", fixture);
  Hub *hub;
  g_autofree char *referrer = NULL;
  g_autofree char *volunteer = NULL;
  g_autoptr(DirReferral) full = full_referral ();
  g_autoptr(DirReferral) minimal = dir_referral_new ();
  g_autoptr(DirReferral) signpost = NULL;
  g_autoptr(DirReferral) callback = NULL;
  g_autoptr(DirReferral) from_volunteer = NULL;
  g_autoptr(DirReferral) today_consent = NULL;
  g_autofree char *today = date_from_today (0);

  run_ok ((const char *[]) { "add-agency", "--db", db, AGENCY, NULL }, NULL);
  run_ok ((const char *[]) { "add-user", "--db", db, "--agency", AGENCY, "--role", "referrer",
                             "ref", NULL }, PASSWORD "\n");
  run_ok ((const char *[]) { "add-user", "--db", db, "--agency", AGENCY, "--role", "volunteer",
                             "vol", NULL }, PASSWORD "\n");

  hub = hub_start (db);
  referrer = sign_in (hub, "ref");
  volunteer = sign_in (hub, "vol");

  /* Everything filled in, as a referrer. */
  g_assert_cmpuint (post_referral (hub, referrer, full, DIR_ROLE_REFERRER), ==, 201);

  /* Only what is required. */
  minimal->service_id = g_strdup (HOUSING_ID);
  minimal->given_name = g_strdup ("Al");
  minimal->family_name = g_strdup ("Example");
  minimal->date_of_birth = g_strdup ("1/2/1985");
  minimal->consent_given_by = DIR_CONSENT_GIVER_PARENT_OR_GUARDIAN;
  minimal->consent_given_at = g_strdup ("3/2/2026");
  minimal->consent_method = DIR_CONSENT_METHOD_VERBAL;
  minimal->consent_share_with = DIR_SHARE_SERVICE;
  assert_problems (minimal, DIR_ROLE_REFERRER, "");
  g_assert_cmpuint (post_referral (hub, referrer, minimal, DIR_ROLE_REFERRER), ==, 201);

  /* Consent recorded today with no time: never "in the future" for the hub. */
  today_consent = dir_referral_copy (minimal);
  g_free (today_consent->id);
  today_consent->id = g_uuid_string_random ();
  replace (&today_consent->consent_given_at, today);
  g_assert_cmpuint (post_referral (hub, referrer, today_consent, DIR_ROLE_REFERRER), ==, 201);

  /* A signpost, from a model that still holds personal data. */
  signpost = full_referral ();
  signpost->kind = DIR_REFERRAL_KIND_SIGNPOST;
  g_assert_cmpuint (post_referral (hub, volunteer, signpost, DIR_ROLE_VOLUNTEER), ==, 201);

  /* A call-back, with no service. */
  callback = full_referral ();
  callback->kind = DIR_REFERRAL_KIND_CALLBACK;
  g_clear_pointer (&callback->service_id, g_free);
  g_assert_cmpuint (post_referral (hub, referrer, callback, DIR_ROLE_REFERRER), ==, 201);

  /* A volunteer's body never carries risk, so the hub takes it… */
  from_volunteer = full_referral ();
  g_assert_true (dir_referral_has_risk (from_volunteer));
  g_assert_cmpuint (post_referral (hub, volunteer, from_volunteer, DIR_ROLE_VOLUNTEER), ==, 201);

  /* …where the same referral with risk would be refused (403). */
  {
    g_autoptr(DirReferral) again = full_referral ();
    g_autofree char *body = dir_referral_to_body (again, DIR_ROLE_REFERRER,
                                                  DIR_REFERRAL_BODY_SEND, NULL);
    g_autoptr(Response) response = call (hub, volunteer, "POST", "/api/v1/referrals",
                                         again->id, body);

    g_assert_cmpuint (response->status, ==, SOUP_STATUS_FORBIDDEN);
    hub_assert_error_body (response->body, "risk_fields_forbidden", "risk");
  }

  /* The hub refuses what the form refuses: one case per rule it shares. */
  {
    static const struct { const char *field; const char *value; const char *hub_field; } cases[] = {
      { "date_of_birth", "2999-01-01", "person.date_of_birth" },
      { "crn", "X12345", "person.crn" },
      { "prison_number", "A1234B", "person.prison_number" },
      { "postcode", "Bedford", "person.contact.postcode" },
      { "email", "jo@", "person.contact.email" },
      { "email", "jo@example..org", "person.contact.email" },
      { "email", "jo(home)@example.org", "person.contact.email" },
      { "email", "<jo@example.org>", "person.contact.email" },
      { "preferred_language", "polish", "person.preferred_language" },
      { "phone", "phone", "person.contact.phone" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(DirReferral) bad = full_referral ();
        g_autoptr(GPtrArray) problems = NULL;
        g_autoptr(JsonNode) root = NULL;
        g_autoptr(Response) response = NULL;
        g_autofree char *body = NULL;
        JsonObject *person;

        /* Built valid, then the one member replaced as the form would not. */
        root = dir_referral_to_json (bad, DIR_ROLE_REFERRER, DIR_REFERRAL_BODY_SEND, NULL);
        person = json_object_get_object_member (json_node_get_object (root), "person");
        if (g_str_has_prefix (cases[i].hub_field, "person.contact."))
          json_object_set_string_member (json_object_get_object_member (person, "contact"),
                                         cases[i].field, cases[i].value);
        else
          json_object_set_string_member (person, cases[i].field, cases[i].value);
        body = json_to_string (root, FALSE);
        response = call (hub, referrer, "POST", "/api/v1/referrals", bad->id, body);
        g_assert_cmpuint (response->status, ==, 422);
        hub_assert_error_body (response->body, "invalid", cases[i].hub_field);

        /* And the form flags the same field. */
        if (g_str_equal (cases[i].field, "date_of_birth"))
          replace (&bad->date_of_birth, "01/01/2999");
        else if (g_str_equal (cases[i].field, "crn"))
          replace (&bad->crn, cases[i].value);
        else if (g_str_equal (cases[i].field, "prison_number"))
          replace (&bad->prison_number, cases[i].value);
        else if (g_str_equal (cases[i].field, "postcode"))
          replace (&bad->postcode, cases[i].value);
        else if (g_str_equal (cases[i].field, "email"))
          replace (&bad->email, cases[i].value);
        else if (g_str_equal (cases[i].field, "preferred_language"))
          replace (&bad->preferred_language, cases[i].value);
        else
          replace (&bad->phone, cases[i].value);
        problems = validate (bad, DIR_ROLE_REFERRER);
        g_assert_nonnull (find_problem (problems, cases[i].hub_field));
      }
  }

  hub_stop (hub, SIGTERM);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  geocoder = dir_geocoder_new (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/core/referral/parse-dates", test_parse_dates);
  g_test_add_func ("/core/referral/parse-date-times", test_parse_date_times);
  g_test_add_func ("/core/referral/valid", test_valid);
  g_test_add_func ("/core/referral/empty", test_empty_referral);
  g_test_add_func ("/core/referral/names", test_names);
  g_test_add_func ("/core/referral/date-of-birth", test_date_of_birth);
  g_test_add_func ("/core/referral/phone", test_phone);
  g_test_add_func ("/core/referral/email", test_email);
  g_test_add_func ("/core/referral/postcodes", test_postcodes);
  g_test_add_func ("/core/referral/identifiers", test_identifiers);
  g_test_add_func ("/core/referral/language", test_language);
  g_test_add_func ("/core/referral/release", test_release);
  g_test_add_func ("/core/referral/needs", test_needs);
  g_test_add_func ("/core/referral/notes", test_notes);
  g_test_add_func ("/core/referral/consent", test_consent);
  g_test_add_func ("/core/referral/consent-time-sent", test_consent_time_sent);
  g_test_add_func ("/core/referral/send-body", test_send_body);
  g_test_add_func ("/core/referral/send-refuses-invalid", test_send_refuses_invalid);
  g_test_add_func ("/core/referral/volunteer-body", test_volunteer_body);
  g_test_add_func ("/core/referral/signpost-body", test_signpost_body);
  g_test_add_func ("/core/referral/callback-body", test_callback_body);
  g_test_add_func ("/core/referral/round-trip", test_round_trip);
  g_test_add_func ("/core/referral/parse-errors", test_parse_errors);
  g_test_add_func ("/core/referral/label", test_label);
  g_test_add_func ("/core/referral/words", test_words);
  g_test_add_func ("/core/referral/hub-accepts", test_hub_accepts);

  ret = g_test_run ();

  g_clear_object (&geocoder);
  hub_test_cleanup ();

  return ret;
}
