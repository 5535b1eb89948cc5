/* desk-format.c
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
#include <stdio.h>

#include "desk-format.h"

static const char * const weekday_names[] = {
  N_("Monday"),
  N_("Tuesday"),
  N_("Wednesday"),
  N_("Thursday"),
  N_("Friday"),
  N_("Saturday"),
  N_("Sunday"),
};

static const DirTranslation *
get_translation (DirService *service,
                 const char *language)
{
  if (language == NULL || language[0] == '\0')
    return NULL;

  return dir_service_get_translation (service, language);
}

static char *
format_time (guint minutes)
{
  if (minutes >= 24 * 60)
    /* Translators: closing time of a service open until the end of the day */
    return g_strdup (_("midnight"));

  return g_strdup_printf ("%02u:%02u", minutes / 60, minutes % 60);
}

/* "09:30", or "midnight" for 24:00. */
char *
desk_format_time (guint minutes)
{
  return format_time (minutes);
}

const char *
desk_format_name (DirService *service,
                  const char *language)
{
  const DirTranslation *translation;

  g_return_val_if_fail (DIR_IS_SERVICE (service), NULL);

  translation = get_translation (service, language);
  if (translation != NULL &&
      translation->name != NULL && translation->name[0] != '\0')
    return translation->name;

  return dir_service_get_name (service);
}

const char *
desk_format_description (DirService *service,
                         const char *language)
{
  const DirTranslation *translation;

  g_return_val_if_fail (DIR_IS_SERVICE (service), NULL);

  translation = get_translation (service, language);
  if (translation != NULL &&
      translation->description != NULL && translation->description[0] != '\0')
    return translation->description;

  return dir_service_get_description (service);
}

const char *
desk_format_eligibility (DirService *service,
                         const char *language)
{
  const DirTranslation *translation;

  g_return_val_if_fail (DIR_IS_SERVICE (service), NULL);

  translation = get_translation (service, language);
  if (translation != NULL &&
      translation->eligibility != NULL && translation->eligibility[0] != '\0')
    return translation->eligibility;

  return dir_service_get_eligibility_text (service);
}

/* The top-level pathway of the service's first pathway code, or NULL. */
const DirPathway *
desk_format_main_pathway (DirService *service)
{
  const char * const *codes;

  g_return_val_if_fail (DIR_IS_SERVICE (service), NULL);

  codes = dir_service_get_pathways (service);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      g_autofree char *top = dir_taxonomy_top_level_of (codes[i]);
      const DirPathway *pathway = top != NULL ? dir_taxonomy_lookup (top) : NULL;

      if (pathway != NULL)
        return pathway;
    }

  return NULL;
}

/* The distinct top-level pathways of the service, in the order the service
 * lists them.  An array of const DirPathway *, owned by the taxonomy. */
GPtrArray *
desk_format_top_pathways (DirService *service)
{
  g_autoptr(GPtrArray) pathways = g_ptr_array_new ();
  const char * const *codes;

  g_return_val_if_fail (DIR_IS_SERVICE (service), NULL);

  codes = dir_service_get_pathways (service);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      g_autofree char *top = dir_taxonomy_top_level_of (codes[i]);
      const DirPathway *pathway = top != NULL ? dir_taxonomy_lookup (top) : NULL;

      if (pathway != NULL && !g_ptr_array_find (pathways, pathway, NULL))
        g_ptr_array_add (pathways, (gpointer) pathway);
    }

  return g_steal_pointer (&pathways);
}

/* Town or area for a list row.  Confidential services only ever give their
 * area, never a location. */
char *
desk_format_place (DirService *service)
{
  GPtrArray *locations;
  const char *area;
  const char *first = NULL;
  guint n_others = 0;

  g_return_val_if_fail (DIR_IS_SERVICE (service), NULL);

  area = dir_service_get_area_name (service);
  if (area != NULL && area[0] == '\0')
    area = NULL;

  if (dir_service_get_confidential (service))
    return g_strdup (area);

  locations = dir_service_get_locations (service);
  for (guint i = 0; locations != NULL && i < locations->len; i++)
    {
      const DirLocation *location = g_ptr_array_index (locations, i);
      const char *town = location->city;

      if (town == NULL || town[0] == '\0')
        town = location->postcode;
      if (town == NULL || town[0] == '\0')
        continue;

      if (first == NULL)
        first = town;
      else if (g_strcmp0 (first, town) != 0)
        n_others++;
    }

  if (first == NULL)
    return g_strdup (area);

  if (n_others == 0)
    return g_strdup (first);

  /* Translators: a town, then how many other towns the service is in,
   * e.g. "Bedford and 2 more"; keep it short, it shares a line in the list */
  return g_strdup_printf (ngettext ("%s and %u more",
                                    "%s and %u more",
                                    n_others),
                          first, n_others);
}

const char *
desk_format_status (DirStatusFlags status)
{
  if (status & DIR_STATUS_CLOSED)
    return _("Closed");

  if (status & DIR_STATUS_PAUSED)
    return _("Temporarily closed");

  return NULL;
}

char *
desk_format_address (const DirLocation *location)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (location != NULL, NULL);

  if (location->address_1 != NULL && location->address_1[0] != '\0')
    g_strv_builder_add (builder, location->address_1);
  if (location->city != NULL && location->city[0] != '\0')
    g_strv_builder_add (builder, location->city);
  if (location->postcode != NULL && location->postcode[0] != '\0')
    g_strv_builder_add (builder, location->postcode);

  parts = g_strv_builder_end (builder);
  if (parts[0] == NULL)
    return NULL;

  return g_strjoinv (", ", parts);
}

/* Days of a weekly slot: "Monday to Friday", "Saturday and Sunday",
 * "Monday, Wednesday and Friday", "Every day".  Bit 0 is Monday. */
char *
desk_format_weekdays (guint8 weekdays)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) list = NULL;
  int first = -1;
  int last = -1;
  gboolean contiguous = TRUE;

  weekdays &= 0x7f;

  if (weekdays == 0)
    return NULL;

  if (weekdays == 0x7f)
    return g_strdup (_("Every day"));

  for (int day = 0; day < 7; day++)
    {
      if ((weekdays & (1 << day)) == 0)
        continue;

      if (last >= 0 && day != last + 1)
        contiguous = FALSE;
      if (first < 0)
        first = day;
      last = day;

      g_ptr_array_add (names, (gpointer) _(weekday_names[day]));
    }

  if (names->len == 1)
    return g_strdup (g_ptr_array_index (names, 0));

  if (contiguous && names->len > 2)
    /* Translators: a range of weekdays, e.g. "Monday to Friday" */
    return g_strdup_printf (_("%s to %s"), _(weekday_names[first]), _(weekday_names[last]));

  list = g_string_new (g_ptr_array_index (names, 0));
  for (guint i = 1; i + 1 < names->len; i++)
    {
      /* Translators: separator between weekdays in a list, e.g. "Monday, Wednesday" */
      g_string_append (list, C_("list of weekdays", ", "));
      g_string_append (list, g_ptr_array_index (names, i));
    }

  /* Translators: the last two items of a list of weekdays,
   * e.g. "Monday, Wednesday and Friday" */
  return g_strdup_printf (_("%s and %s"),
                          list->str,
                          (const char *) g_ptr_array_index (names, names->len - 1));
}

/* "09:00–17:00"; minutes from local midnight, closes may be 1440. */
char *
desk_format_time_range (guint opens,
                        guint closes)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (opens == 0 && closes >= 24 * 60)
    return g_strdup (_("Open all day"));

  from = format_time (opens);
  to = format_time (closes);

  /* Translators: opening time to closing time, e.g. "09:00–17:00" */
  return g_strdup_printf (C_("time range", "%s–%s"), from, to);
}

/* A date such as "2026-03-12" or "2026-03-12T10:00:00Z" as "12 March 2026",
 * or NULL if it is not a date. */
char *
desk_format_date (const char *iso8601)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, day;

  if (iso8601 == NULL)
    return NULL;

  if (sscanf (iso8601, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      month < 1 || month > 12 || day < 1 || day > 31 || year < 1 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return NULL;

  date = g_date_time_new_local (year, month, day, 12, 0, 0);
  if (date == NULL)
    return NULL;

  /* Translators: a date as in "12 March 2026", see g_date_time_format() */
  return g_date_time_format (date, _("%-d %B %Y"));
}

/* Extra line for an opening slot: its description and when it applies. */
char *
desk_format_schedule (const DirSchedule *schedule)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *validity = NULL;

  g_return_val_if_fail (schedule != NULL, NULL);

  from = desk_format_date (schedule->valid_from);
  to = desk_format_date (schedule->valid_to);

  if (from != NULL && to != NULL)
    /* Translators: when an opening slot applies, e.g. "From 1 May 2026 until 30 June 2026" */
    validity = g_strdup_printf (_("From %s until %s"), from, to);
  else if (from != NULL)
    validity = g_strdup_printf (_("From %s"), from);
  else if (to != NULL)
    validity = g_strdup_printf (_("Until %s"), to);

  if (schedule->description != NULL && schedule->description[0] != '\0')
    {
      if (validity == NULL)
        return g_strdup (schedule->description);

      /* Translators: an opening slot's note, then when it applies */
      /* Translators: an opening slot's note, then the dates it applies */
      return g_strdup_printf (C_("opening note and dates", "%s (%s)"), schedule->description, validity);
    }

  return g_steal_pointer (&validity);
}

/* "850 m", "1.2 km" (with the locale's decimal mark), or for a confidential
 * service, whose distance is to the centre of its area, "≈ 3 km (area)".
 * NULL for no distance (NaN or negative). */
char *
desk_format_distance (double   metres,
                      gboolean area)
{
  if (isnan (metres) || metres < 0)
    return NULL;

  if (area)
    /* Translators: distance to the centre of the area a confidential
     * service covers, in whole kilometres */
    return g_strdup_printf (_("≈ %.0f km (area)"), MAX (1.0, round (metres / 1000.0)));

  if (metres < 995)
    /* Translators: a distance in metres */
    return g_strdup_printf (_("%.0f m"), round (metres / 10.0) * 10.0);

  /* Translators: a distance in kilometres, with one decimal */
  return g_strdup_printf (_("%.1f km"), metres / 1000.0);
}

/* Languages services are delivered in: the English name (translated) and
 * the language's own name.  Bedfordshire's main languages first (domain
 * notes §6.3), then others a directory may hold. */
static const struct {
  const char *code;
  const char *name;
  const char *own_name;
} languages[] = {
  { "en", N_("English"), NULL },
  { "pl", N_("Polish"), "polski" },
  { "ur", N_("Urdu"), "اردو" },
  { "bn", N_("Bengali"), "বাংলা" },
  { "pa", N_("Punjabi"), "ਪੰਜਾਬੀ" },
  { "ro", N_("Romanian"), "română" },
  { "pt", N_("Portuguese"), "português" },
  { "lt", N_("Lithuanian"), "lietuvių" },
  { "it", N_("Italian"), "italiano" },
  { "gu", N_("Gujarati"), "ગુજરાતી" },
  { "hi", N_("Hindi"), "हिन्दी" },
  { "ar", N_("Arabic"), "العربية" },
  { "so", N_("Somali"), "Soomaali" },
  { "ti", N_("Tigrinya"), "ትግርኛ" },
  { "ku", N_("Kurdish"), "Kurdî" },
  { "fa", N_("Persian"), "فارسی" },
  { "ps", N_("Pashto"), "پښتو" },
  { "tr", N_("Turkish"), "Türkçe" },
  { "es", N_("Spanish"), "español" },
  { "fr", N_("French"), "français" },
  { "de", N_("German"), "Deutsch" },
  { "bg", N_("Bulgarian"), "български" },
  { "lv", N_("Latvian"), "latviešu" },
  { "ru", N_("Russian"), "русский" },
  { "uk", N_("Ukrainian"), "українська" },
  { "sq", N_("Albanian"), "shqip" },
  { "zh", N_("Chinese"), "中文" },
  { "cy", N_("Welsh"), "Cymraeg" },
  { "sgn", N_("British Sign Language"), NULL },
};

/* "Polish (polski)", "English"; the code itself when unknown. */
char *
desk_format_language (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      if (g_ascii_strcasecmp (languages[i].code, code) != 0)
        continue;

      if (languages[i].own_name == NULL)
        return g_strdup (_(languages[i].name));

      /* Translators: a language's name, then its name in that language */
      /* Translators: a language's name, then its own name for itself */
      return g_strdup_printf (C_("language and native name", "%s (%s)"), _(languages[i].name), languages[i].own_name);
    }

  return g_strdup (code);
}
