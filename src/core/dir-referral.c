/* dir-referral.c
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
#include <string.h>

#include "dir-geocoder.h"
#include "dir-referral.h"
#include "dir-taxonomy.h"
#include "dir-time.h"
#include "dir-validate.h"

/* The hub's limits (src/hub/hub-referrals.c): the form refuses what the
 * hub would, before anything is queued. */
#define MAX_NAME_CHARS     100
#define MAX_SHORT_CHARS    200
#define MAX_PHONE_CHARS    40
#define MAX_EMAIL_CHARS    254
#define MAX_ADDRESS_CHARS  500
#define MAX_TEXT_CHARS     4000
#define MAX_NEEDS          32
#define MAX_AGE_YEARS      120
#define ADULT_AGE_YEARS    18

/* A consent time a little ahead of this computer's clock is allowed for
 * (the hub allows ten minutes; we allow one, so clocks can disagree). */
#define CONSENT_SKEW_US    G_TIME_SPAN_MINUTE

static const char * const kind_names[] = { "referral", "signpost", "callback" };
static const char * const rosh_names[] = { NULL, "low", "medium", "high", "very_high" };
static const char * const giver_names[] = { NULL, "person", "parent_or_guardian", "advocate" };
static const char * const method_names[] = { NULL, "verbal", "written", "electronic" };

G_DEFINE_BOXED_TYPE (DirReferral, dir_referral, dir_referral_copy, dir_referral_free)
G_DEFINE_QUARK (dir-referral-error-quark, dir_referral_error)

/* ---- helpers ------------------------------------------------------------- */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }

  return TRUE;
}

static char *
trimmed (const char *text)
{
  if (is_blank (text))
    return NULL;

  return g_strstrip (g_strdup (text));
}

static gboolean
has_control_characters (const char *text,
                        gboolean    multiline)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (multiline && (c == '\n' || c == '\r' || c == '\t'))
        continue;
      if (c < 0x20 || c == 0x7f)
        return TRUE;
    }

  return FALSE;
}

static int
enum_from_string (const char * const *names,
                  guint               n_names,
                  const char         *text)
{
  if (text == NULL)
    return -1;

  for (guint i = 0; i < n_names; i++)
    {
      if (names[i] != NULL && g_str_equal (names[i], text))
        return (int) i;
    }

  return -1;
}

static void
add_problem (GPtrArray     *problems,
             DirFieldLevel  level,
             const char    *field,
             const char    *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (GPtrArray     *problems,
             DirFieldLevel  level,
             const char    *field,
             const char    *format,
             ...)
{
  DirFieldError *problem = g_new0 (DirFieldError, 1);
  va_list args;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  problem->field = g_strdup (field);
  problem->level = level;
  g_ptr_array_add (problems, problem);
}

/* Length and control characters of an optional text: TRUE when it is fine
 * (or blank). */
static gboolean
check_text (GPtrArray  *problems,
            const char *field,
            const char *text,
            guint       max_chars,
            gboolean    multiline)
{
  glong n_chars;

  if (is_blank (text))
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      add_problem (problems, DIR_FIELD_ERROR, field, "%s",
                   _("This text is damaged (it is not valid UTF-8): type it again"));
      return FALSE;
    }

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars > (glong) max_chars)
    {
      add_problem (problems, DIR_FIELD_ERROR, field,
                   /* Translators: the first number is a limit, the second how many there are */
                   ngettext ("Use at most %u character (this has %ld)",
                             "Use at most %u characters (this has %ld)", max_chars),
                   max_chars, n_chars);
      return FALSE;
    }

  if (has_control_characters (text, multiline))
    {
      add_problem (problems, DIR_FIELD_ERROR, field, "%s",
                   multiline ? _("Remove the control characters from this text")
                             : _("Remove the line breaks and control characters from this text"));
      return FALSE;
    }

  return TRUE;
}

static void
today_local (GDateTime *now,
             GDate     *date)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

static char *
format_iso_date (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u",
                          g_date_get_year (date),
                          g_date_get_month (date),
                          g_date_get_day (date));
}

/* Whole years from born to on. */
static int
years_between (const GDate *born,
               const GDate *on)
{
  int years = (int) g_date_get_year (on) - (int) g_date_get_year (born);

  if (g_date_get_month (on) < g_date_get_month (born) ||
      (g_date_get_month (on) == g_date_get_month (born) &&
       g_date_get_day (on) < g_date_get_day (born)))
    years--;

  return years;
}

/* Digits with exactly n characters from text, into out (n + 1 bytes). */
static gboolean
read_digits (const char *text,
             guint       n,
             guint      *out)
{
  guint value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint) (text[i] - '0');
    }

  *out = value;
  return TRUE;
}

/* "2 digit years" are refused: the century of a date of birth is not
 * guessable.  two_digit_year tells the caller so it can say so. */
static gboolean
parse_date_full (const char *text,
                 GDate      *date,
                 gboolean   *two_digit_year)
{
  g_autofree char *clean = trimmed (text);
  guint day, month, year;
  const char *p;
  char separator;
  gsize len;

  if (two_digit_year != NULL)
    *two_digit_year = FALSE;

  if (clean == NULL)
    return FALSE;

  len = strlen (clean);

  /* ISO 8601: YYYY-MM-DD */
  if (len == 10 && clean[4] == '-' && clean[7] == '-')
    {
      if (!read_digits (clean, 4, &year) || !read_digits (clean + 5, 2, &month) ||
          !read_digits (clean + 8, 2, &day))
        return FALSE;
    }
  else
    {
      /* D/M/YYYY with "/", "-" or "." */
      p = clean;
      day = 0;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      for (guint i = 0; i < 2 && g_ascii_isdigit (*p); i++, p++)
        day = day * 10 + (guint) (*p - '0');

      separator = *p;
      if (separator != '/' && separator != '-' && separator != '.')
        return FALSE;
      p++;

      month = 0;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      for (guint i = 0; i < 2 && g_ascii_isdigit (*p); i++, p++)
        month = month * 10 + (guint) (*p - '0');

      if (*p != separator)
        return FALSE;
      p++;

      len = strlen (p);
      if (len == 2 && g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]))
        {
          if (two_digit_year != NULL)
            *two_digit_year = TRUE;
          return FALSE;
        }
      if (len != 4 || !read_digits (p, 4, &year))
        return FALSE;
    }

  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/* The UK forms of a telephone number, or an international one with "+".
 * Only the characters the hub accepts: digits, spaces, "-", "(", ")" and
 * a leading "+". */
static gboolean
phone_is_valid (const char *text)
{
  g_autofree char *clean = trimmed (text);
  char digits[64];
  guint n = 0;
  gboolean plus = FALSE;

  if (clean == NULL)
    return FALSE;

  for (const char *p = clean; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (n + 1 >= sizeof digits)
            return FALSE;
          digits[n++] = *p;
        }
      else if (*p == '+' && p == clean)
        plus = TRUE;
      else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')')
        return FALSE;
    }
  digits[n] = '\0';

  if (!plus && g_str_has_prefix (digits, "00"))
    {
      /* 0044 1632 960123, 0048 …: an international prefix */
      memmove (digits, digits + 2, n - 1);
      n -= 2;
      plus = TRUE;
    }

  if (plus)
    {
      if (g_str_has_prefix (digits, "44"))
        {
          const char *national = digits + 2;
          guint len = n - 2;

          /* "+44 (0)1632 960123" */
          if (national[0] == '0')
            {
              national++;
              len--;
            }

          return (len == 9 || len == 10) && national[0] != '0';
        }

      return n >= 8 && n <= 15 && digits[0] != '0';
    }

  /* National: 0 then 9 or 10 digits (01632 960123, 07700 900123, 0800 123456) */
  return digits[0] == '0' && digits[1] != '0' && digits[1] != '\0' && (n == 10 || n == 11);
}

static gboolean
email_valid_trimmed (const char *text)
{
  g_autofree char *clean = trimmed (text);

  return clean != NULL && dir_email_is_valid (clean);
}

/* pattern as for dir_identifier_match(); spaces typed are ignored and the
 * result is upper case, or NULL when it does not match. */
static char *
normalize_identifier (const char *text,
                      const char *pattern)
{
  g_autoptr(GString) clean = g_string_new (NULL);

  if (text == NULL)
    return NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p != ' ')
        g_string_append_c (clean, *p);
    }

  return dir_identifier_match (clean->str, pattern);
}

/* The parts of a consent time: a date, and a time when one was given. */
static GDateTime *
parse_local_date_time (const char *text,
                       gboolean   *has_time)
{
  g_autofree char *clean = trimmed (text);
  g_auto(GStrv) parts = NULL;
  g_autoptr(GTimeZone) local = NULL;
  guint hour = 0, minute = 0;
  GDate date;

  *has_time = FALSE;
  if (clean == NULL)
    return NULL;

  /* ISO 8601 with a time ("2026-03-12T14:30:00Z") */
  if (strchr (clean, 'T') != NULL)
    {
      GDateTime *when = dir_time_parse (clean);

      *has_time = when != NULL;
      return when;
    }

  parts = g_strsplit_set (clean, " ,", -1);
  {
    /* Drop the empty parts of "12/03/2026,  14:30" */
    guint j = 0;

    for (guint i = 0; parts[i] != NULL; i++)
      {
        if (parts[i][0] != '\0')
          parts[j++] = parts[i];
        else
          g_free (parts[i]);
      }
    parts[j] = NULL;
  }

  if (parts[0] == NULL || !parse_date_full (parts[0], &date, NULL))
    return NULL;

  if (parts[1] != NULL)
    {
      const char *t = parts[1];
      gsize len = strlen (t);

      if (parts[2] != NULL)
        return NULL;

      /* "14:30", "9:05", "14.30" */
      if (len == 5 && (t[2] == ':' || t[2] == '.'))
        {
          if (!read_digits (t, 2, &hour) || !read_digits (t + 3, 2, &minute))
            return NULL;
        }
      else if (len == 4 && (t[1] == ':' || t[1] == '.'))
        {
          if (!read_digits (t, 1, &hour) || !read_digits (t + 2, 2, &minute))
            return NULL;
        }
      else
        return NULL;

      if (hour > 23 || minute > 59)
        return NULL;
      *has_time = TRUE;
    }

  local = g_time_zone_new_local ();
  return g_date_time_new (local,
                          (int) g_date_get_year (&date),
                          (int) g_date_get_month (&date),
                          (int) g_date_get_day (&date),
                          (int) hour, (int) minute, 0);
}

/* ---- validation ---------------------------------------------------------- */

/* A date field: empty (and required) or malformed is an error. */
static gboolean
check_date (GPtrArray  *problems,
            const char *field,
            const char *text,
            gboolean    required,
            const char *required_message,
            GDate      *date)
{
  gboolean two_digit_year = FALSE;

  if (is_blank (text))
    {
      if (required)
        add_problem (problems, DIR_FIELD_ERROR, field, "%s", required_message);
      return FALSE;
    }

  if (!parse_date_full (text, date, &two_digit_year))
    {
      if (two_digit_year)
        add_problem (problems, DIR_FIELD_ERROR, field, "%s",
                     _("Write the year in full, such as 31/12/1990"));
      else
        add_problem (problems, DIR_FIELD_ERROR, field, "%s",
                     _("Enter a date such as 31/12/1990"));
      return FALSE;
    }

  return TRUE;
}

static void
check_postcode (GPtrArray   *problems,
                const char  *field,
                const char  *text,
                DirGeocoder *geocoder)
{
  g_autofree char *normalized = NULL;
  g_autoptr(DirPlace) place = NULL;
  g_autoptr(GError) error = NULL;

  if (is_blank (text))
    return;

  normalized = dir_geocoder_normalize_postcode (text);
  if (normalized == NULL)
    {
      add_problem (problems, DIR_FIELD_ERROR, field, "%s",
                   _("Enter a postcode such as MK40 1PG, or a postcode district such as MK40"));
      return;
    }

  if (geocoder == NULL)
    return;

  /* Well formed but not known to the offline data: the data may be behind
   * (new postcodes) or not cover it (Northern Ireland), so it may still be
   * sent. */
  place = dir_geocoder_lookup (geocoder, normalized, &error);
  if (place == NULL && g_error_matches (error, DIR_GEOCODER_ERROR, DIR_GEOCODER_ERROR_NOT_FOUND))
    add_problem (problems, DIR_FIELD_WARNING, field,
                 /* Translators: %s is the geocoder's message, such as
                  * "No postcode district ZZ9 in the offline data" */
                 _("%s. Check the postcode; it can still be sent."), error->message);
}

static void
validate_person (const DirReferral *self,
                 GPtrArray         *problems,
                 DirGeocoder       *geocoder,
                 GDateTime         *now)
{
  GDate dob;
  GDate today;

  today_local (now, &today);

  if (is_blank (self->given_name))
    add_problem (problems, DIR_FIELD_ERROR, "person.given_name", "%s",
                 _("Enter the person’s first name"));
  else
    check_text (problems, "person.given_name", self->given_name, MAX_NAME_CHARS, FALSE);

  if (is_blank (self->family_name))
    add_problem (problems, DIR_FIELD_ERROR, "person.family_name", "%s",
                 _("Enter the person’s last name"));
  else
    check_text (problems, "person.family_name", self->family_name, MAX_NAME_CHARS, FALSE);

  if (check_date (problems, "person.date_of_birth", self->date_of_birth,
                  self->kind == DIR_REFERRAL_KIND_REFERRAL,
                  _("Enter the date of birth, such as 31/12/1990"), &dob))
    {
      int age = years_between (&dob, &today);

      if (g_date_compare (&dob, &today) > 0)
        add_problem (problems, DIR_FIELD_ERROR, "person.date_of_birth", "%s",
                     _("The date of birth cannot be in the future"));
      else if (age > MAX_AGE_YEARS || g_date_get_year (&dob) < 1900)
        add_problem (problems, DIR_FIELD_ERROR, "person.date_of_birth",
                     ngettext ("Check the year: the person would be over %d year old",
                               "Check the year: the person would be over %d years old",
                               MAX_AGE_YEARS),
                     MAX_AGE_YEARS);
      else if (age < ADULT_AGE_YEARS)
        add_problem (problems, DIR_FIELD_WARNING, "person.date_of_birth", "%s",
                     _("The person is under 18: referrals for children usually go "
                       "through the Youth Offending Service"));
    }

  if (is_blank (self->phone))
    {
      if (self->kind == DIR_REFERRAL_KIND_CALLBACK)
        add_problem (problems, DIR_FIELD_ERROR, "person.contact.phone", "%s",
                     _("Enter a phone number: the advisor needs one to call back"));
    }
  else if (check_text (problems, "person.contact.phone", self->phone, MAX_PHONE_CHARS, FALSE) &&
           !phone_is_valid (self->phone))
    add_problem (problems, DIR_FIELD_ERROR, "person.contact.phone", "%s",
                 _("Enter a UK phone number with its area code, such as 01632 960123, "
                   "or an international one starting with +"));

  if (check_text (problems, "person.contact.email", self->email, MAX_EMAIL_CHARS, FALSE) &&
      !is_blank (self->email) && !email_valid_trimmed (self->email))
    add_problem (problems, DIR_FIELD_ERROR, "person.contact.email", "%s",
                 _("Enter an e-mail address such as name@example.org"));

  check_text (problems, "person.contact.address", self->address, MAX_ADDRESS_CHARS, TRUE);

  if (check_text (problems, "person.contact.postcode", self->postcode, MAX_SHORT_CHARS, FALSE))
    check_postcode (problems, "person.contact.postcode", self->postcode, geocoder);

  if (!is_blank (self->preferred_language) && !dir_language_tag_is_valid (self->preferred_language))
    add_problem (problems, DIR_FIELD_ERROR, "person.preferred_language", "%s",
                 _("Choose a language from the list"));

  if (!is_blank (self->crn))
    {
      g_autofree char *crn = normalize_identifier (self->crn, "A999999");

      if (crn == NULL)
        add_problem (problems, DIR_FIELD_ERROR, "person.crn", "%s",
                     _("A CRN is a letter and 6 digits, such as X123456"));
    }

  if (!is_blank (self->prison_number))
    {
      g_autofree char *number = normalize_identifier (self->prison_number, "A9999AA");

      if (number == NULL)
        add_problem (problems, DIR_FIELD_ERROR, "person.prison_number", "%s",
                     _("A prison number is a letter, 4 digits and 2 letters, such as A1234BC"));
    }
}

static void
validate_release (const DirReferral *self,
                  GPtrArray         *problems,
                  DirGeocoder       *geocoder,
                  GDateTime         *now)
{
  GDate release;
  GDate today;

  today_local (now, &today);

  if (check_date (problems, "release.date", self->release_date,
                  !is_blank (self->release_postcode),
                  _("Enter the release date too, or give the postcode as the home postcode "
                    "under Contact"),
                  &release))
    {
      GDate year_ago = today;
      GDate years_ahead = today;

      g_date_subtract_years (&year_ago, 1);
      g_date_add_years (&years_ahead, 5);

      /* The hub's bounds */
      if (g_date_get_year (&release) < 1900 ||
          g_date_get_year (&release) > g_date_get_year (&today) + 100)
        add_problem (problems, DIR_FIELD_ERROR, "release.date", "%s",
                     _("Check the year of the release date"));
      else if (g_date_compare (&release, &year_ago) < 0)
        add_problem (problems, DIR_FIELD_WARNING, "release.date", "%s",
                     _("This release date is more than a year ago: check it"));
      else if (g_date_compare (&release, &years_ahead) > 0)
        add_problem (problems, DIR_FIELD_WARNING, "release.date", "%s",
                     _("This release date is more than 5 years away: check it"));
    }

  if (check_text (problems, "release.postcode", self->release_postcode, MAX_SHORT_CHARS, FALSE))
    check_postcode (problems, "release.postcode", self->release_postcode, geocoder);
}

static void
validate_needs (const DirReferral *self,
                GPtrArray         *problems)
{
  if (self->needs->len > MAX_NEEDS)
    add_problem (problems, DIR_FIELD_ERROR, "needs",
                 ngettext ("Choose at most %u need", "Choose at most %u needs", MAX_NEEDS),
                 MAX_NEEDS);

  for (guint i = 0; i < self->needs->len; i++)
    {
      const char *code = g_ptr_array_index (self->needs, i);
      g_autofree char *field = g_strdup_printf ("needs[%u]", i);

      if (dir_taxonomy_lookup (code) == NULL)
        add_problem (problems, DIR_FIELD_ERROR, field,
                     _("“%s” is not a Direction pathway"), code);
    }
}

static void
validate_consent (const DirReferral *self,
                  GPtrArray         *problems,
                  GDateTime         *now)
{
  if (self->consent_given_by == DIR_CONSENT_GIVER_NOT_GIVEN)
    add_problem (problems, DIR_FIELD_ERROR, "consent.given_by", "%s",
                 _("Say who gave consent"));

  if (is_blank (self->consent_given_at))
    add_problem (problems, DIR_FIELD_ERROR, "consent.given_at", "%s",
                 _("Enter when consent was given, such as 12/03/2026 14:30"));
  else
    {
      gboolean has_time = FALSE;
      g_autoptr(GDateTime) when = parse_local_date_time (self->consent_given_at, &has_time);

      if (when == NULL)
        add_problem (problems, DIR_FIELD_ERROR, "consent.given_at", "%s",
                     _("Enter a date and time such as 12/03/2026 14:30, or just the date"));
      else
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (when);
          g_autoptr(GDateTime) year_ago = g_date_time_add_years (now, -1);
          GDate day;
          GDate today;

          today_local (now, &today);
          today_local (local, &day);

          if ((has_time && g_date_time_difference (when, now) > CONSENT_SKEW_US) ||
              (!has_time && g_date_compare (&day, &today) > 0))
            add_problem (problems, DIR_FIELD_ERROR, "consent.given_at", "%s",
                         _("Consent cannot be given in the future"));
          else if (g_date_get_year (&day) < 1900)
            add_problem (problems, DIR_FIELD_ERROR, "consent.given_at", "%s",
                         _("Check the year consent was given"));
          else if (g_date_time_compare (when, year_ago) < 0)
            add_problem (problems, DIR_FIELD_WARNING, "consent.given_at", "%s",
                         _("Consent was given more than a year ago: check that it still stands"));
        }
    }

  if (self->consent_method == DIR_CONSENT_METHOD_NOT_GIVEN)
    add_problem (problems, DIR_FIELD_ERROR, "consent.method", "%s",
                 _("Say how consent was given"));

  if (self->kind == DIR_REFERRAL_KIND_REFERRAL &&
      !(self->consent_share_with & DIR_SHARE_SERVICE))
    add_problem (problems, DIR_FIELD_ERROR, "consent.share_with", "%s",
                 _("For a referral, the person must agree to their details being shared "
                   "with the service"));
  else if ((self->kind == DIR_REFERRAL_KIND_CALLBACK || self->callback_requested) &&
           !(self->consent_share_with & DIR_SHARE_DIRECTION))
    add_problem (problems, DIR_FIELD_ERROR, "consent.share_with", "%s",
                 _("For a call-back, the person must agree to their details being shared "
                   "with Direction"));
}

/* ---- JSON ---------------------------------------------------------------- */

static void
set_text (JsonBuilder        *builder,
          const char         *name,
          const char         *text,
          DirReferralBodyMode mode)
{
  if (mode == DIR_REFERRAL_BODY_DRAFT)
    {
      if (text != NULL && text[0] != '\0')
        {
          json_builder_set_member_name (builder, name);
          json_builder_add_string_value (builder, text);
        }
    }
  else
    {
      g_autofree char *clean = trimmed (text);

      if (clean != NULL)
        {
          json_builder_set_member_name (builder, name);
          json_builder_add_string_value (builder, clean);
        }
    }
}

/* A date: YYYY-MM-DD to send; as typed in a draft. */
static void
set_date (JsonBuilder        *builder,
          const char         *name,
          const char         *text,
          DirReferralBodyMode mode)
{
  GDate date;

  if (mode == DIR_REFERRAL_BODY_SEND && parse_date_full (text, &date, NULL))
    {
      g_autofree char *iso = format_iso_date (&date);

      json_builder_set_member_name (builder, name);
      json_builder_add_string_value (builder, iso);
    }
  else
    set_text (builder, name, text, mode);
}

static void
set_postcode (JsonBuilder        *builder,
              const char         *name,
              const char         *text,
              DirReferralBodyMode mode)
{
  g_autofree char *normalized = NULL;

  if (mode == DIR_REFERRAL_BODY_SEND && text != NULL)
    normalized = dir_geocoder_normalize_postcode (text);

  set_text (builder, name, normalized != NULL ? normalized : text, mode);
}

static void
set_identifier (JsonBuilder        *builder,
                const char         *name,
                const char         *text,
                const char         *pattern,
                DirReferralBodyMode mode)
{
  g_autofree char *normalized = NULL;

  if (mode == DIR_REFERRAL_BODY_SEND)
    normalized = normalize_identifier (text, pattern);

  set_text (builder, name, normalized != NULL ? normalized : text, mode);
}

/* The consent time to send: the moment, in UTC; a bare date when only the
 * day was given (but the current moment when it is today, so that it is
 * never later than now for the hub). */
static char *
consent_time_for_sending (const char *text,
                          GDateTime  *now)
{
  gboolean has_time = FALSE;
  g_autoptr(GDateTime) when = parse_local_date_time (text, &has_time);
  g_autoptr(GDateTime) local = NULL;
  GDate day;
  GDate today;

  if (when == NULL)
    return NULL;

  if (has_time)
    return dir_time_format_sortable (when);

  local = g_date_time_to_local (when);
  today_local (local, &day);
  today_local (now, &today);

  if (g_date_compare (&day, &today) == 0)
    {
      g_autoptr(GDateTime) floor = g_date_time_add_seconds (now, -g_date_time_get_seconds (now));

      return dir_time_format_sortable (floor);
    }

  return format_iso_date (&day);
}

static gboolean
has_contact (const DirReferral *self)
{
  return !is_blank (self->phone) || !is_blank (self->email) ||
         !is_blank (self->address) || !is_blank (self->postcode);
}

static gboolean
has_person (const DirReferral *self)
{
  return !is_blank (self->given_name) || !is_blank (self->family_name) ||
         !is_blank (self->date_of_birth) || has_contact (self) ||
         !is_blank (self->preferred_language) || self->interpreter_needed ||
         !is_blank (self->crn) || !is_blank (self->prison_number);
}

static gboolean
has_consent (const DirReferral *self)
{
  return self->consent_given_by != DIR_CONSENT_GIVER_NOT_GIVEN ||
         !is_blank (self->consent_given_at) ||
         self->consent_method != DIR_CONSENT_METHOD_NOT_GIVEN ||
         self->consent_share_with != 0;
}

static void
build_person (const DirReferral  *self,
              JsonBuilder        *builder,
              DirReferralBodyMode mode)
{
  json_builder_set_member_name (builder, "person");
  json_builder_begin_object (builder);

  set_text (builder, "given_name", self->given_name, mode);
  set_text (builder, "family_name", self->family_name, mode);
  set_date (builder, "date_of_birth", self->date_of_birth, mode);

  if (has_contact (self))
    {
      json_builder_set_member_name (builder, "contact");
      json_builder_begin_object (builder);
      set_text (builder, "phone", self->phone, mode);
      set_text (builder, "email", self->email, mode);
      set_text (builder, "address", self->address, mode);
      set_postcode (builder, "postcode", self->postcode, mode);
      json_builder_end_object (builder);
    }

  set_text (builder, "preferred_language", self->preferred_language, mode);
  json_builder_set_member_name (builder, "interpreter_needed");
  json_builder_add_boolean_value (builder, self->interpreter_needed);
  set_identifier (builder, "crn", self->crn, "A999999", mode);
  set_identifier (builder, "prison_number", self->prison_number, "A9999AA", mode);

  json_builder_end_object (builder);
}

static void
build_risk (const DirReferral  *self,
            JsonBuilder        *builder,
            DirReferralBodyMode mode)
{
  json_builder_set_member_name (builder, "risk");
  json_builder_begin_object (builder);

  if (self->rosh != DIR_ROSH_NOT_GIVEN)
    {
      json_builder_set_member_name (builder, "rosh");
      json_builder_add_string_value (builder, rosh_names[self->rosh]);
    }
  if (self->mappa_level >= 0)
    {
      json_builder_set_member_name (builder, "mappa_level");
      json_builder_add_int_value (builder, self->mappa_level);
    }
  json_builder_set_member_name (builder, "do_not_see_alone");
  json_builder_add_boolean_value (builder, self->do_not_see_alone);
  json_builder_set_member_name (builder, "risk_to_self");
  json_builder_add_boolean_value (builder, self->risk_to_self);
  set_text (builder, "notes", self->risk_notes, mode);

  json_builder_end_object (builder);
}

static void
build_consent (const DirReferral  *self,
               JsonBuilder        *builder,
               DirReferralBodyMode mode,
               GDateTime          *now)
{
  json_builder_set_member_name (builder, "consent");
  json_builder_begin_object (builder);

  if (self->consent_given_by != DIR_CONSENT_GIVER_NOT_GIVEN)
    {
      json_builder_set_member_name (builder, "given_by");
      json_builder_add_string_value (builder, giver_names[self->consent_given_by]);
    }

  if (mode == DIR_REFERRAL_BODY_SEND)
    {
      g_autofree char *given_at = consent_time_for_sending (self->consent_given_at, now);

      set_text (builder, "given_at", given_at, mode);
    }
  else
    set_text (builder, "given_at", self->consent_given_at, mode);

  if (self->consent_method != DIR_CONSENT_METHOD_NOT_GIVEN)
    {
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, method_names[self->consent_method]);
    }

  json_builder_set_member_name (builder, "share_with");
  json_builder_begin_array (builder);
  if (self->consent_share_with & DIR_SHARE_SERVICE)
    json_builder_add_string_value (builder, "service");
  if (self->consent_share_with & DIR_SHARE_DIRECTION)
    json_builder_add_string_value (builder, "direction");
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
get_bool (JsonObject *object,
          const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return FALSE;

  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  return json_node_get_boolean (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

/* "1990-12-31" (the hub's form) is shown as "31/12/1990"; anything else
 * (a draft's text as typed) is kept. */
static char *
date_for_display (const char *text)
{
  GDate date;

  if (text == NULL)
    return NULL;

  if (strlen (text) == 10 && text[4] == '-' && parse_date_full (text, &date, NULL))
    return dir_referral_format_date (&date);

  return g_strdup (text);
}

static char *
date_time_for_display (const char *text)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (text == NULL)
    return NULL;

  if (strlen (text) == 10)
    return date_for_display (text);

  if (strchr (text, 'T') == NULL || (when = dir_time_parse (text)) == NULL)
    return g_strdup (text);

  local = g_date_time_to_local (when);
  return g_date_time_format (local, "%d/%m/%Y %H:%M");
}

/* ---- public API ---------------------------------------------------------- */

DirReferral *
dir_referral_new (void)
{
  DirReferral *self = g_new0 (DirReferral, 1);

  self->id = g_uuid_string_random ();
  self->kind = DIR_REFERRAL_KIND_REFERRAL;
  self->needs = g_ptr_array_new_with_free_func (g_free);
  self->mappa_level = DIR_MAPPA_NOT_GIVEN;

  return self;
}

DirReferral *
dir_referral_copy (const DirReferral *self)
{
  DirReferral *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (DirReferral, 1);
  *copy = *self;

  copy->id = g_strdup (self->id);
  copy->service_id = g_strdup (self->service_id);
  copy->service_name = g_strdup (self->service_name);
  copy->given_name = g_strdup (self->given_name);
  copy->family_name = g_strdup (self->family_name);
  copy->date_of_birth = g_strdup (self->date_of_birth);
  copy->phone = g_strdup (self->phone);
  copy->email = g_strdup (self->email);
  copy->address = g_strdup (self->address);
  copy->postcode = g_strdup (self->postcode);
  copy->preferred_language = g_strdup (self->preferred_language);
  copy->crn = g_strdup (self->crn);
  copy->prison_number = g_strdup (self->prison_number);
  copy->release_date = g_strdup (self->release_date);
  copy->release_postcode = g_strdup (self->release_postcode);
  copy->needs = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->needs->len; i++)
    g_ptr_array_add (copy->needs, g_strdup (g_ptr_array_index (self->needs, i)));
  copy->notes = g_strdup (self->notes);
  copy->risk_notes = g_strdup (self->risk_notes);
  copy->consent_given_at = g_strdup (self->consent_given_at);

  return copy;
}

static void
clear_strings (char **first,
               ...)
{
  va_list args;

  va_start (args, first);
  for (char **p = first; p != NULL; p = va_arg (args, char **))
    g_clear_pointer (p, g_free);
  va_end (args);
}

void
dir_referral_clear_personal (DirReferral *self)
{
  g_return_if_fail (self != NULL);

  clear_strings (&self->given_name, &self->family_name, &self->date_of_birth,
                 &self->phone, &self->email, &self->address, &self->postcode,
                 &self->preferred_language, &self->crn, &self->prison_number,
                 &self->release_date, &self->release_postcode, &self->notes,
                 &self->risk_notes, &self->consent_given_at, NULL);

  self->interpreter_needed = FALSE;
  self->rosh = DIR_ROSH_NOT_GIVEN;
  self->mappa_level = DIR_MAPPA_NOT_GIVEN;
  self->do_not_see_alone = FALSE;
  self->risk_to_self = FALSE;
  self->consent_given_by = DIR_CONSENT_GIVER_NOT_GIVEN;
  self->consent_method = DIR_CONSENT_METHOD_NOT_GIVEN;
  self->consent_share_with = 0;
  self->callback_requested = FALSE;
}

void
dir_referral_free (DirReferral *self)
{
  if (self == NULL)
    return;

  dir_referral_clear_personal (self);
  clear_strings (&self->id, &self->service_id, &self->service_name, NULL);
  g_clear_pointer (&self->needs, g_ptr_array_unref);
  g_free (self);
}

gboolean
dir_referral_has_risk (const DirReferral *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->rosh != DIR_ROSH_NOT_GIVEN || self->mappa_level >= 0 ||
         self->do_not_see_alone || self->risk_to_self || !is_blank (self->risk_notes);
}

gboolean
dir_referral_has_personal (const DirReferral *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return has_person (self) || !is_blank (self->release_date) ||
         !is_blank (self->release_postcode) || !is_blank (self->notes) ||
         dir_referral_has_risk (self) || has_consent (self) || self->callback_requested;
}

void
dir_referral_set_needs (DirReferral        *self,
                        const char * const *codes)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->needs, 0);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      if (!dir_referral_has_need (self, codes[i]))
        g_ptr_array_add (self->needs, g_strdup (codes[i]));
    }
}

gboolean
dir_referral_has_need (const DirReferral *self,
                       const char        *code)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->needs->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->needs, i), code) == 0)
        return TRUE;
    }

  return FALSE;
}

const char *
dir_role_label (DirRole role)
{
  switch (role)
    {
    case DIR_ROLE_REFERRER:
      return _("Referrer");
    case DIR_ROLE_VOLUNTEER:
      return _("Volunteer");
    case DIR_ROLE_ADVISOR:
      return _("Direction advisor");
    case DIR_ROLE_PROVIDER:
      return _("Service provider");
    case DIR_ROLE_ADMIN:
      return _("Administrator");
    case DIR_ROLE_NONE:
    default:
      return NULL;
    }
}

gboolean
dir_role_may_send_risk (DirRole role)
{
  return role == DIR_ROLE_REFERRER || role == DIR_ROLE_ADVISOR;
}

gboolean
dir_role_may_refer (DirRole role)
{
  return role == DIR_ROLE_REFERRER || role == DIR_ROLE_VOLUNTEER || role == DIR_ROLE_ADVISOR;
}

GPtrArray *
dir_referral_validate (const DirReferral *self,
                       DirRole            role,
                       DirGeocoder       *geocoder,
                       GDateTime         *now)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) dir_field_error_free);
  g_autoptr(GDateTime) local_now = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (geocoder == NULL || DIR_IS_GEOCODER (geocoder), NULL);

  local_now = now != NULL ? g_date_time_to_local (now) : g_date_time_new_now_local ();

  if (self->service_id == NULL)
    {
      if (self->kind != DIR_REFERRAL_KIND_CALLBACK)
        add_problem (problems, DIR_FIELD_ERROR, "service_id", "%s",
                     _("Choose the service, or ask a Direction advisor to call back instead"));
    }
  else if (!g_uuid_string_is_valid (self->service_id))
    add_problem (problems, DIR_FIELD_ERROR, "service_id", "%s",
                 _("This service is not in the directory"));

  /* A signpost sends nothing about the person: nothing there to check. */
  if (self->kind != DIR_REFERRAL_KIND_SIGNPOST)
    {
      validate_person (self, problems, geocoder, local_now);
      validate_release (self, problems, geocoder, local_now);
    }

  validate_needs (self, problems);

  if (self->kind != DIR_REFERRAL_KIND_SIGNPOST)
    {
      check_text (problems, "notes", self->notes, MAX_TEXT_CHARS, TRUE);

      if (dir_role_may_send_risk (role))
        {
          if (self->mappa_level > 3 || self->mappa_level < DIR_MAPPA_NOT_GIVEN)
            add_problem (problems, DIR_FIELD_ERROR, "risk.mappa_level", "%s",
                         _("The MAPPA level is 1, 2 or 3, or 0 when not managed under MAPPA"));
          check_text (problems, "risk.notes", self->risk_notes, MAX_TEXT_CHARS, TRUE);
        }

      validate_consent (self, problems, local_now);
    }

  return g_steal_pointer (&problems);
}

gboolean
dir_referral_problems_block (GPtrArray *problems)
{
  g_return_val_if_fail (problems != NULL, TRUE);

  for (guint i = 0; i < problems->len; i++)
    {
      const DirFieldError *problem = g_ptr_array_index (problems, i);

      if (problem->level == DIR_FIELD_ERROR)
        return TRUE;
    }

  return FALSE;
}

JsonNode *
dir_referral_to_json (const DirReferral  *self,
                      DirRole             role,
                      DirReferralBodyMode mode,
                      GError            **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gboolean personal;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (mode == DIR_REFERRAL_BODY_SEND)
    {
      g_autoptr(GPtrArray) problems = dir_referral_validate (self, role, NULL, now);

      for (guint i = 0; i < problems->len; i++)
        {
          const DirFieldError *problem = g_ptr_array_index (problems, i);

          if (problem->level == DIR_FIELD_ERROR)
            {
              g_set_error (error, DIR_REFERRAL_ERROR, DIR_REFERRAL_ERROR_INVALID,
                           "%s: %s", problem->field, problem->message);
              return NULL;
            }
        }
    }

  personal = self->kind != DIR_REFERRAL_KIND_SIGNPOST;

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_names[self->kind]);
  json_builder_set_member_name (builder, "service_id");
  if (self->service_id != NULL)
    json_builder_add_string_value (builder, self->service_id);
  else
    json_builder_add_null_value (builder);

  if (personal && has_person (self))
    build_person (self, builder, mode);

  if (personal && (!is_blank (self->release_date) || !is_blank (self->release_postcode)))
    {
      json_builder_set_member_name (builder, "release");
      json_builder_begin_object (builder);
      set_date (builder, "date", self->release_date, mode);
      set_postcode (builder, "postcode", self->release_postcode, mode);
      json_builder_end_object (builder);
    }

  if (self->needs->len > 0)
    {
      json_builder_set_member_name (builder, "needs");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->needs->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (self->needs, i));
      json_builder_end_array (builder);
    }

  if (personal)
    set_text (builder, "notes", self->notes, mode);

  /* Whatever the model holds: never from a role that may not send it. */
  if (personal && dir_role_may_send_risk (role) && dir_referral_has_risk (self))
    build_risk (self, builder, mode);

  if (personal && has_consent (self))
    build_consent (self, builder, mode, now);

  if (self->kind == DIR_REFERRAL_KIND_REFERRAL)
    {
      json_builder_set_member_name (builder, "callback_requested");
      json_builder_add_boolean_value (builder, self->callback_requested);
    }
  else if (self->kind == DIR_REFERRAL_KIND_CALLBACK)
    {
      json_builder_set_member_name (builder, "callback_requested");
      json_builder_add_boolean_value (builder, TRUE);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
dir_referral_to_body (const DirReferral  *self,
                      DirRole             role,
                      DirReferralBodyMode mode,
                      GError            **error)
{
  g_autoptr(JsonNode) root = dir_referral_to_json (self, role, mode, error);

  if (root == NULL)
    return NULL;

  return json_to_string (root, FALSE);
}

DirReferral *
dir_referral_new_from_json (JsonNode  *node,
                            GError   **error)
{
  g_autoptr(DirReferral) self = NULL;
  JsonObject *body;
  JsonObject *person;
  JsonObject *contact;
  JsonObject *release;
  JsonObject *risk;
  JsonObject *consent;
  JsonNode *member;
  const char *text;
  DirReferralKind kind;
  int value;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, DIR_REFERRAL_ERROR, DIR_REFERRAL_ERROR_PARSE,
                           _("A referral is a JSON object"));
      return NULL;
    }

  body = json_node_get_object (node);

  text = get_string (body, "id");
  if (text == NULL || !g_uuid_string_is_valid (text))
    {
      g_set_error_literal (error, DIR_REFERRAL_ERROR, DIR_REFERRAL_ERROR_PARSE,
                           _("The referral has no valid id"));
      return NULL;
    }

  if (!dir_referral_kind_from_string (get_string (body, "kind"), &kind))
    {
      g_set_error_literal (error, DIR_REFERRAL_ERROR, DIR_REFERRAL_ERROR_PARSE,
                           _("The referral’s kind is not referral, signpost or callback"));
      return NULL;
    }

  self = dir_referral_new ();
  g_free (self->id);
  self->id = g_ascii_strdown (text, -1);
  self->kind = kind;
  self->service_id = g_strdup (get_string (body, "service_id"));

  person = get_object (body, "person");
  contact = get_object (person, "contact");
  self->given_name = g_strdup (get_string (person, "given_name"));
  self->family_name = g_strdup (get_string (person, "family_name"));
  self->date_of_birth = date_for_display (get_string (person, "date_of_birth"));
  self->phone = g_strdup (get_string (contact, "phone"));
  self->email = g_strdup (get_string (contact, "email"));
  self->address = g_strdup (get_string (contact, "address"));
  self->postcode = g_strdup (get_string (contact, "postcode"));
  self->preferred_language = g_strdup (get_string (person, "preferred_language"));
  self->interpreter_needed = get_bool (person, "interpreter_needed");
  self->crn = g_strdup (get_string (person, "crn"));
  self->prison_number = g_strdup (get_string (person, "prison_number"));

  release = get_object (body, "release");
  self->release_date = date_for_display (get_string (release, "date"));
  self->release_postcode = g_strdup (get_string (release, "postcode"));

  member = json_object_get_member (body, "needs");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING &&
              !dir_referral_has_need (self, json_node_get_string (element)))
            g_ptr_array_add (self->needs, g_strdup (json_node_get_string (element)));
        }
    }

  self->notes = g_strdup (get_string (body, "notes"));

  risk = get_object (body, "risk");
  value = enum_from_string (rosh_names, G_N_ELEMENTS (rosh_names), get_string (risk, "rosh"));
  self->rosh = value > 0 ? (DirRosh) value : DIR_ROSH_NOT_GIVEN;
  member = risk != NULL ? json_object_get_member (risk, "mappa_level") : NULL;
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_INT64 &&
      json_node_get_int (member) >= 0 && json_node_get_int (member) <= 3)
    self->mappa_level = (int) json_node_get_int (member);
  self->do_not_see_alone = get_bool (risk, "do_not_see_alone");
  self->risk_to_self = get_bool (risk, "risk_to_self");
  self->risk_notes = g_strdup (get_string (risk, "notes"));

  consent = get_object (body, "consent");
  value = enum_from_string (giver_names, G_N_ELEMENTS (giver_names), get_string (consent, "given_by"));
  self->consent_given_by = value > 0 ? (DirConsentGiver) value : DIR_CONSENT_GIVER_NOT_GIVEN;
  self->consent_given_at = date_time_for_display (get_string (consent, "given_at"));
  value = enum_from_string (method_names, G_N_ELEMENTS (method_names), get_string (consent, "method"));
  self->consent_method = value > 0 ? (DirConsentMethod) value : DIR_CONSENT_METHOD_NOT_GIVEN;
  member = consent != NULL ? json_object_get_member (consent, "share_with") : NULL;
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *target = json_array_get_string_element (array, i);

          if (g_strcmp0 (target, "service") == 0)
            self->consent_share_with |= DIR_SHARE_SERVICE;
          else if (g_strcmp0 (target, "direction") == 0)
            self->consent_share_with |= DIR_SHARE_DIRECTION;
        }
    }

  /* A call-back always asks for one; only a referral says it as a choice. */
  self->callback_requested = kind == DIR_REFERRAL_KIND_REFERRAL &&
                             get_bool (body, "callback_requested");

  return g_steal_pointer (&self);
}

DirReferral *
dir_referral_new_from_body (const char  *body,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  if (!json_parser_load_from_data (parser, body, -1, &local_error))
    {
      g_set_error (error, DIR_REFERRAL_ERROR, DIR_REFERRAL_ERROR_PARSE,
                   _("The referral is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  return dir_referral_new_from_json (json_parser_get_root (parser), error);
}

static void
append_initial (GString    *label,
                const char *name)
{
  g_autofree char *clean = trimmed (name);
  gunichar first;

  if (clean == NULL || !g_utf8_validate (clean, -1, NULL))
    return;

  first = g_unichar_toupper (g_utf8_get_char (clean));
  if (label->len > 0)
    g_string_append_c (label, ' ');
  g_string_append_unichar (label, first);
  g_string_append_c (label, '.');
}

char *
dir_referral_make_label (const DirReferral *self)
{
  g_autoptr(GString) initials = g_string_new (NULL);
  g_autofree char *what = NULL;
  const char *need = NULL;
  const char *service = self->service_name;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->needs->len > 0)
    {
      g_autofree char *top = dir_taxonomy_top_level_of (g_ptr_array_index (self->needs, 0));
      const DirPathway *pathway = dir_taxonomy_lookup (top);

      if (pathway != NULL)
        need = _(pathway->label);
    }

  if (service == NULL && self->kind == DIR_REFERRAL_KIND_CALLBACK)
    service = _("Direction advisor call-back");

  if (need != NULL && service != NULL)
    /* Translators: a list label: the need, then the service: "Accommodation, Bedford Foyer" */
    what = g_strdup_printf (_("%s, %s"), need, service);
  else
    what = g_strdup (need != NULL ? need : service != NULL ? service : _("No service chosen"));

  if (self->kind == DIR_REFERRAL_KIND_SIGNPOST)
    /* Translators: a list label for a referral that sends no personal data */
    return g_strdup_printf (_("Signpost — %s"), what);

  append_initial (initials, self->given_name);
  append_initial (initials, self->family_name);

  if (initials->len == 0)
    /* Translators: a list label when no name has been typed yet */
    return g_strdup_printf (_("No name yet — %s"), what);

  /* Translators: a list label: the person's initials, then what and where */
  return g_strdup_printf (_("%s — %s"), initials->str, what);
}

gboolean
dir_referral_parse_date (const char *text,
                         GDate      *date)
{
  g_return_val_if_fail (date != NULL, FALSE);

  return parse_date_full (text, date, NULL);
}

GDateTime *
dir_referral_parse_date_time (const char *text,
                              gboolean   *has_time)
{
  gboolean dummy;

  return parse_local_date_time (text, has_time != NULL ? has_time : &dummy);
}

char *
dir_referral_format_date (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%02u/%02u/%04u",
                          g_date_get_day (date),
                          g_date_get_month (date),
                          g_date_get_year (date));
}

const char *
dir_referral_status_label (const char *status)
{
  /* A referral's status at the hub, shown on its row */
  static const struct { const char *code; const char *label; } labels[] = {
    { "submitted", NC_("referral status", "Submitted") },
    { "received", NC_("referral status", "Received") },
    { "accepted", NC_("referral status", "Accepted") },
    { "declined", NC_("referral status", "Declined") },
    { "more_information_needed", NC_("referral status", "More information needed") },
    { "closed", NC_("referral status", "Closed") },
  };

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (labels); i++)
    {
      if (g_str_equal (labels[i].code, status))
        return g_dpgettext2 (NULL, "referral status", labels[i].label);
    }

  return status;
}

const char *
dir_referral_reason_label (const char *reason_code)
{
  static const struct { const char *code; const char *label; } labels[] = {
    { "not_eligible", N_("The person is not eligible for this service") },
    { "no_capacity", N_("The service has no places at the moment") },
    { "out_of_area", N_("The person lives outside the area the service covers") },
    { "duplicate", N_("The person has already been referred") },
    { "person_declined", N_("The person declined the service") },
    { "other", N_("Another reason (see the note)") },
  };

  for (guint i = 0; reason_code != NULL && i < G_N_ELEMENTS (labels); i++)
    {
      if (g_str_equal (labels[i].code, reason_code))
        return _(labels[i].label);
    }

  return reason_code;
}

const char *
dir_referral_kind_label (DirReferralKind kind)
{
  switch (kind)
    {
    case DIR_REFERRAL_KIND_REFERRAL:
      return _("Referral");
    case DIR_REFERRAL_KIND_SIGNPOST:
      return _("Signpost only");
    case DIR_REFERRAL_KIND_CALLBACK:
      return _("Advisor call-back");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
dir_referral_kind_to_string (DirReferralKind kind)
{
  g_return_val_if_fail (kind <= DIR_REFERRAL_KIND_CALLBACK, NULL);

  return kind_names[kind];
}

gboolean
dir_referral_kind_from_string (const char      *text,
                               DirReferralKind *kind)
{
  int value = enum_from_string (kind_names, G_N_ELEMENTS (kind_names), text);

  if (value < 0)
    return FALSE;

  if (kind != NULL)
    *kind = (DirReferralKind) value;
  return TRUE;
}

void
dir_field_error_free (DirFieldError *error)
{
  if (error == NULL)
    return;

  g_free (error->field);
  g_free (error->message);
  g_free (error);
}
