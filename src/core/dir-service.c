/* dir-service.c
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

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dir-geo.h"
#include "dir-service-private.h"
#include "dir-store.h"
#include "dir-taxonomy.h"
#include "dir-time.h"

/* A directory record: an Open Referral UK 3.0 service with its organisation,
 * locations, phones and schedules, plus our `direction` extension object
 * (eligibility facets, confidentiality, area, translations).  Immutable once
 * built; the canonical JSON text is kept so the hub can serve it unchanged. */
struct _DirService
{
  GObject parent_instance;

  char *data;            /* canonical JSON */

  char *id;
  char *name;
  char *description;
  char *url;
  char *email;
  char *alert;
  char *organization_id;
  char *organization_name;
  char *assured_date;
  char *last_modified;
  DirStatusFlags status;
  int minimum_age;
  int maximum_age;

  char **pathways;
  char **languages;
  char **aliases;
  char **translation_languages;
  GPtrArray *locations;
  GPtrArray *phones;
  GPtrArray *schedules;
  GHashTable *translations;

  gboolean confidential;
  gboolean sample;
  char *area_name;
  double area_latitude;
  double area_longitude;

  DirGender gender;
  DirRiskFlags risk_levels;
  DirStageFlags stages;
  DirDeliveryFlags delivery;
  gboolean self_referral;
  gboolean tags_accepted;
  char *excluded_offences;
  char *eligibility_text;
  char *capacity;
  char *waiting_list;
  char *funding_end;

  double distance;
};

G_DEFINE_FINAL_TYPE (DirService, dir_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_ORGANIZATION_NAME,
  PROP_DISTANCE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
dir_location_free (gpointer data)
{
  DirLocation *location = data;

  g_free (location->id);
  g_free (location->name);
  g_free (location->address_1);
  g_free (location->city);
  g_free (location->postcode);
  g_free (location);
}

static void
dir_phone_free (gpointer data)
{
  DirPhone *phone = data;

  g_free (phone->number);
  g_free (phone->description);
  g_free (phone);
}

static void
dir_schedule_free (gpointer data)
{
  DirSchedule *schedule = data;

  g_free (schedule->valid_from);
  g_free (schedule->valid_to);
  g_free (schedule->description);
  g_free (schedule);
}

static void
dir_translation_free (gpointer data)
{
  DirTranslation *translation = data;

  g_free (translation->name);
  g_free (translation->description);
  g_free (translation->eligibility);
  g_free (translation);
}

/* ---- validation helpers ------------------------------------------------ */

G_GNUC_PRINTF (3, 4)
static gboolean
fail (GError     **error,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED, "%s: %s", path, message);
  return FALSE;
}

/* Reads an optional string member.  NULL member or absent → *out = NULL. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            gboolean     required,
            const char  *path,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (error, path, _("“%s” is missing"), member);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, path, _("“%s” must be a string"), member);

  {
    const char *value = json_node_get_string (node);

    if (!g_utf8_validate (value, -1, NULL))
      return fail (error, path, _("“%s” is not valid UTF-8"), member);

    if (required && *value == '\0')
      return fail (error, path, _("“%s” is empty"), member);

    *out = *value ? g_strdup (value) : NULL;
  }

  return TRUE;
}

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            const char  *path,
            double      *out,
            gboolean    *present,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  *present = FALSE;
  *out = NAN;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return fail (error, path, _("“%s” must be a number"), member);

  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else
    return fail (error, path, _("“%s” must be a number"), member);

  if (!isfinite (*out))
    return fail (error, path, _("“%s” is not a finite number"), member);

  *present = TRUE;
  return TRUE;
}

static gboolean
get_bool (JsonObject  *object,
          const char  *member,
          const char  *path,
          gboolean     fallback,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = fallback;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (error, path, _("“%s” must be true or false"), member);

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Optional array member; *out NULL when absent. */
static gboolean
get_array (JsonObject  *object,
           const char  *member,
           const char  *path,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, path, _("“%s” must be a list"), member);

  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
get_object (JsonObject   *object,
            const char   *member,
            const char   *path,
            JsonObject  **out,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, path, _("“%s” must be an object"), member);

  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
element_object (JsonArray   *array,
                guint        index,
                const char  *path,
                JsonObject **out,
                GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, path, _("item %u must be an object"), index);

  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
is_date (const char *text)
{
  int y, m, d;
  char tail;

  if (text == NULL || strlen (text) != 10)
    return FALSE;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;

  return g_date_valid_dmy (d, m, y);
}

static gboolean
is_timestamp (const char *text)
{
  g_autoptr(GDateTime) when = dir_time_parse (text);

  return when != NULL;
}

/* "09:00", "09:00:00", "24:00" → minutes from midnight, or -1. */
static int
parse_clock (const char *text)
{
  int h, m, s = 0;
  char tail;
  int n;

  if (text == NULL)
    return -1;

  n = sscanf (text, "%2d:%2d:%2d%c", &h, &m, &s, &tail);
  if (n != 2 && n != 3)
    return -1;

  if (h < 0 || m < 0 || m > 59 || s < 0 || s > 59)
    return -1;

  if (h == 24 && m == 0 && s == 0)
    return 1440;

  if (h > 23)
    return -1;

  return h * 60 + m;
}

static int
parse_byday (const char *text)
{
  static const char *days[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };
  g_auto(GStrv) parts = NULL;
  int mask = 0;

  if (text == NULL)
    return 0x7f;

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *day = g_ascii_strup (g_strstrip (parts[i]), -1);
      gboolean found = FALSE;

      for (guint d = 0; d < G_N_ELEMENTS (days); d++)
        {
          if (strcmp (day, days[d]) == 0)
            {
              mask |= 1 << d;
              found = TRUE;
            }
        }

      if (!found)
        return -1;
    }

  return mask;
}

static gboolean
is_pathway_code (const char *code)
{
  gboolean after_dot = FALSE;
  guint len = 0;

  if (code == NULL || *code == '\0')
    return FALSE;

  for (const char *p = code; *p; p++, len++)
    {
      if (*p == '.')
        {
          if (after_dot || len == 0)
            return FALSE;
          after_dot = TRUE;
          len = 0;
          continue;
        }
      if (!g_ascii_isupper (*p) && !(after_dot && g_ascii_isdigit (*p)))
        return FALSE;
    }

  return len > 0 && strlen (code) <= 32;
}

static void
strv_add_unique (GPtrArray  *array,
                 const char *value)
{
  for (guint i = 0; i < array->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (array, i), value) == 0)
        return;
    }

  g_ptr_array_add (array, g_strdup (value));
}

static char **
ptr_array_to_strv (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (char **) g_ptr_array_free (array, FALSE);
}

/* ---- section parsers --------------------------------------------------- */

static gboolean
parse_locations (DirService  *self,
                 JsonObject  *object,
                 GError     **error)
{
  JsonArray *sals;

  self->locations = g_ptr_array_new_with_free_func (dir_location_free);

  if (!get_array (object, "service_at_locations", "service_at_locations", &sals, error))
    return FALSE;

  if (sals == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (sals); i++)
    {
      char path[96];
      g_snprintf (path, sizeof path, "service_at_locations[%u]", i);
      char lpath[96];
      g_snprintf (lpath, sizeof lpath, "service_at_locations[%u].location", i);
      JsonObject *sal, *loc;
      JsonArray *addresses;
      DirLocation *location;
      gboolean has_lat, has_lon;

      if (!element_object (sals, i, "service_at_locations", &sal, error) ||
          !get_object (sal, "location", path, &loc, error))
        return FALSE;

      if (loc == NULL)
        continue;

      location = g_new0 (DirLocation, 1);
      g_ptr_array_add (self->locations, location);

      if (!get_string (loc, "id", TRUE, lpath, &location->id, error) ||
          !get_string (loc, "name", FALSE, lpath, &location->name, error) ||
          !get_number (loc, "latitude", lpath, &location->latitude, &has_lat, error) ||
          !get_number (loc, "longitude", lpath, &location->longitude, &has_lon, error) ||
          !get_array (loc, "addresses", lpath, &addresses, error))
        return FALSE;

      if (has_lat != has_lon)
        return fail (error, lpath, _("latitude and longitude must be given together"));

      if (has_lat && !dir_geo_is_valid_point (location->latitude, location->longitude))
        return fail (error, lpath, _("coordinates %.6f, %.6f are outside the Earth"),
                     location->latitude, location->longitude);

      if (addresses != NULL && json_array_get_length (addresses) > 0)
        {
          char apath[96];
      g_snprintf (apath, sizeof apath, "%s.addresses[0]", lpath);
          JsonObject *address;

          if (!element_object (addresses, 0, apath, &address, error) ||
              !get_string (address, "address_1", FALSE, apath, &location->address_1, error) ||
              !get_string (address, "city", FALSE, apath, &location->city, error) ||
              !get_string (address, "postal_code", FALSE, apath, &location->postcode, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_phones (DirService  *self,
              JsonObject  *object,
              GError     **error)
{
  JsonArray *phones;

  self->phones = g_ptr_array_new_with_free_func (dir_phone_free);

  if (!get_array (object, "phones", "phones", &phones, error))
    return FALSE;

  if (phones == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (phones); i++)
    {
      char path[96];
      g_snprintf (path, sizeof path, "phones[%u]", i);
      JsonObject *p;
      DirPhone *phone = g_new0 (DirPhone, 1);

      g_ptr_array_add (self->phones, phone);

      if (!element_object (phones, i, "phones", &p, error) ||
          !get_string (p, "number", TRUE, path, &phone->number, error) ||
          !get_string (p, "description", FALSE, path, &phone->description, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_schedules (DirService  *self,
                 JsonObject  *object,
                 GError     **error)
{
  JsonArray *schedules;

  self->schedules = g_ptr_array_new_with_free_func (dir_schedule_free);

  if (!get_array (object, "schedules", "schedules", &schedules, error))
    return FALSE;

  if (schedules == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (schedules); i++)
    {
      char path[96];
      g_snprintf (path, sizeof path, "schedules[%u]", i);
      g_autofree char *freq = NULL;
      g_autofree char *byday = NULL;
      g_autofree char *opens = NULL;
      g_autofree char *closes = NULL;
      g_autofree char *description = NULL;
      g_autofree char *valid_from = NULL;
      g_autofree char *valid_to = NULL;
      DirSchedule *schedule;
      JsonObject *s;
      int days, open_min, close_min;

      if (!element_object (schedules, i, "schedules", &s, error) ||
          !get_string (s, "freq", FALSE, path, &freq, error) ||
          !get_string (s, "byday", FALSE, path, &byday, error) ||
          !get_string (s, "opens_at", FALSE, path, &opens, error) ||
          !get_string (s, "closes_at", FALSE, path, &closes, error) ||
          !get_string (s, "description", FALSE, path, &description, error) ||
          !get_string (s, "valid_from", FALSE, path, &valid_from, error) ||
          !get_string (s, "valid_to", FALSE, path, &valid_to, error))
        return FALSE;

      if (valid_from && !is_date (valid_from))
        return fail (error, path, _("“valid_from” must be a date (YYYY-MM-DD)"));
      if (valid_to && !is_date (valid_to))
        return fail (error, path, _("“valid_to” must be a date (YYYY-MM-DD)"));

      /* Only weekly slots with times take part in "open at"; anything else
       * (monthly, by appointment) is kept as a description. */
      if ((freq != NULL && g_ascii_strcasecmp (freq, "WEEKLY") != 0) ||
          (opens == NULL && closes == NULL))
        {
          if (description == NULL)
            continue;
          days = 0;
          open_min = close_min = 0;
        }
      else
        {
          days = parse_byday (byday);
          if (days < 0)
            return fail (error, path, _("“byday” must list days like MO,TU,WE"));

          open_min = parse_clock (opens);
          close_min = parse_clock (closes);
          if (open_min < 0 || open_min == 1440)
            return fail (error, path, _("“opens_at” must be a time like 09:00"));
          if (close_min < 0)
            return fail (error, path, _("“closes_at” must be a time like 17:30"));
          if (close_min == open_min)
            return fail (error, path, _("“opens_at” and “closes_at” are the same"));
        }

      schedule = g_new0 (DirSchedule, 1);
      schedule->weekdays = days;
      schedule->opens = open_min;
      schedule->closes = close_min;
      schedule->valid_from = g_steal_pointer (&valid_from);
      schedule->valid_to = g_steal_pointer (&valid_to);
      schedule->description = g_steal_pointer (&description);
      g_ptr_array_add (self->schedules, schedule);
    }

  return TRUE;
}

static gboolean
parse_pathways (DirService  *self,
                JsonObject  *object,
                GError     **error)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  JsonArray *attributes;

  if (!get_array (object, "attributes", "attributes", &attributes, error))
    return FALSE;

  for (guint i = 0; attributes && i < json_array_get_length (attributes); i++)
    {
      char path[96];
      g_snprintf (path, sizeof path, "attributes[%u]", i);
      char tpath[96];
      g_snprintf (tpath, sizeof tpath, "attributes[%u].taxonomy_term", i);
      g_autofree char *term_id = NULL;
      g_autofree char *code = NULL;
      JsonObject *attribute, *term;

      if (!element_object (attributes, i, "attributes", &attribute, error) ||
          !get_string (attribute, "taxonomy_term_id", FALSE, path, &term_id, error) ||
          !get_object (attribute, "taxonomy_term", path, &term, error))
        return FALSE;

      if (term != NULL && !get_string (term, "code", FALSE, tpath, &code, error))
        return FALSE;

      if (code == NULL && term_id != NULL)
        {
          const DirPathway *pathway = dir_taxonomy_lookup_uuid (term_id);

          if (pathway != NULL)
            code = g_strdup (pathway->code);
        }

      /* Attributes from other taxonomies are allowed and ignored. */
      if (code == NULL)
        continue;

      if (!is_pathway_code (code))
        return fail (error, tpath, _("“%s” is not a pathway code like ACC.EMERG"), code);

      strv_add_unique (codes, code);
    }

  self->pathways = ptr_array_to_strv (g_steal_pointer (&codes));
  return TRUE;
}

static gboolean
parse_languages (DirService  *self,
                 JsonObject  *object,
                 GError     **error)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  JsonArray *languages;

  if (!get_array (object, "languages", "languages", &languages, error))
    return FALSE;

  for (guint i = 0; languages && i < json_array_get_length (languages); i++)
    {
      char path[96];
      g_snprintf (path, sizeof path, "languages[%u]", i);
      g_autofree char *code = NULL;
      JsonObject *language;

      if (!element_object (languages, i, "languages", &language, error) ||
          !get_string (language, "code", FALSE, path, &code, error))
        return FALSE;

      if (code == NULL)
        continue;

      if (strlen (code) < 2 || strlen (code) > 8)
        return fail (error, path, _("“%s” is not a language code"), code);

      {
        g_autofree char *lower = g_ascii_strdown (code, -1);
        strv_add_unique (codes, lower);
      }
    }

  self->languages = ptr_array_to_strv (g_steal_pointer (&codes));
  return TRUE;
}

static gboolean
parse_strv (JsonObject  *object,
            const char  *member,
            const char  *path,
            char      ***out,
            GError     **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (!get_array (object, member, path, &array, error))
    return FALSE;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return fail (error, path, _("“%s” must be a list of strings"), member);

      if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
        return fail (error, path, _("“%s” is not valid UTF-8"), member);

      strv_add_unique (values, json_node_get_string (node));
    }

  *out = ptr_array_to_strv (g_steal_pointer (&values));
  return TRUE;
}

typedef struct
{
  const char *name;
  guint       flag;
} FlagName;

static gboolean
parse_flags (JsonObject     *object,
             const char     *member,
             const char     *path,
             const FlagName *names,
             guint           n_names,
             guint           fallback,
             guint          *out,
             GError        **error)
{
  g_auto(GStrv) values = NULL;

  *out = fallback;

  if (!json_object_has_member (object, member))
    return TRUE;

  if (!parse_strv (object, member, path, &values, error))
    return FALSE;

  *out = 0;
  for (guint i = 0; values[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < n_names; j++)
        {
          if (strcmp (values[i], names[j].name) == 0)
            {
              *out |= names[j].flag;
              found = TRUE;
            }
        }

      if (!found)
        return fail (error, path, _("“%s” is not a known value for “%s”"), values[i], member);
    }

  return TRUE;
}

static const FlagName risk_names[] = {
  { "low", DIR_RISK_LOW }, { "medium", DIR_RISK_MEDIUM },
  { "high", DIR_RISK_HIGH }, { "very_high", DIR_RISK_VERY_HIGH },
};

static const FlagName stage_names[] = {
  { "custody", DIR_STAGE_CUSTODY }, { "gate", DIR_STAGE_GATE },
  { "community", DIR_STAGE_COMMUNITY }, { "court", DIR_STAGE_COURT },
};

static const FlagName delivery_names[] = {
  { "drop_in", DIR_DELIVERY_DROP_IN }, { "appointment", DIR_DELIVERY_APPOINTMENT },
  { "phone", DIR_DELIVERY_PHONE }, { "online", DIR_DELIVERY_ONLINE },
  { "outreach", DIR_DELIVERY_OUTREACH },
};

static gboolean
parse_extension (DirService  *self,
                 JsonObject  *object,
                 GError     **error)
{
  JsonObject *ext, *area, *eligibility, *translations;
  guint flags;

  /* Defaults for records from feeds without our extension. */
  self->gender = DIR_GENDER_ANY;
  self->risk_levels = DIR_RISK_ALL;
  self->stages = DIR_STAGE_ALL;
  self->area_latitude = NAN;
  self->area_longitude = NAN;
  self->translations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, dir_translation_free);

  if (!get_object (object, "direction", "direction", &ext, error))
    return FALSE;

  if (ext == NULL)
    {
      self->aliases = g_new0 (char *, 1);
      return TRUE;
    }

  if (!get_bool (ext, "sample", "direction", FALSE, &self->sample, error) ||
      !get_bool (ext, "confidential", "direction", FALSE, &self->confidential, error) ||
      !parse_strv (ext, "aliases", "direction", &self->aliases, error) ||
      !get_string (ext, "capacity", FALSE, "direction", &self->capacity, error) ||
      !get_string (ext, "waiting_list", FALSE, "direction", &self->waiting_list, error) ||
      !get_string (ext, "funding_end", FALSE, "direction", &self->funding_end, error) ||
      !parse_flags (ext, "delivery", "direction", delivery_names,
                    G_N_ELEMENTS (delivery_names), 0, &flags, error))
    return FALSE;

  self->delivery = flags;

  if (self->funding_end && !is_date (self->funding_end))
    return fail (error, "direction", _("“funding_end” must be a date (YYYY-MM-DD)"));

  if (!get_object (ext, "area", "direction", &area, error))
    return FALSE;

  if (area != NULL)
    {
      gboolean has_lat, has_lon;

      if (!get_string (area, "name", TRUE, "direction.area", &self->area_name, error) ||
          !get_number (area, "latitude", "direction.area", &self->area_latitude, &has_lat, error) ||
          !get_number (area, "longitude", "direction.area", &self->area_longitude, &has_lon, error))
        return FALSE;

      if (has_lat != has_lon ||
          (has_lat && !dir_geo_is_valid_point (self->area_latitude, self->area_longitude)))
        return fail (error, "direction.area", _("the area’s coordinates are not valid"));
    }

  if (self->confidential && !dir_geo_is_valid_point (self->area_latitude, self->area_longitude))
    return fail (error, "direction.area",
                 _("a confidential service needs an area with coordinates, since it has no address"));

  if (!get_object (ext, "eligibility", "direction", &eligibility, error))
    return FALSE;

  if (eligibility != NULL)
    {
      const char *epath = "direction.eligibility";
      g_autofree char *gender = NULL;

      if (!get_string (eligibility, "gender", FALSE, epath, &gender, error) ||
          !get_bool (eligibility, "self_referral", epath, FALSE, &self->self_referral, error) ||
          !get_bool (eligibility, "tags_accepted", epath, FALSE, &self->tags_accepted, error) ||
          !get_string (eligibility, "excluded_offences", FALSE, epath, &self->excluded_offences, error) ||
          !get_string (eligibility, "text", FALSE, epath, &self->eligibility_text, error))
        return FALSE;

      if (gender == NULL || strcmp (gender, "any") == 0)
        self->gender = DIR_GENDER_ANY;
      else if (strcmp (gender, "women") == 0)
        self->gender = DIR_GENDER_WOMEN;
      else if (strcmp (gender, "men") == 0)
        self->gender = DIR_GENDER_MEN;
      else
        return fail (error, epath, _("“gender” must be any, women or men"));

      if (!parse_flags (eligibility, "risk_levels", epath, risk_names,
                        G_N_ELEMENTS (risk_names), DIR_RISK_ALL, &flags, error))
        return FALSE;
      self->risk_levels = flags;

      if (!parse_flags (eligibility, "stages", epath, stage_names,
                        G_N_ELEMENTS (stage_names), DIR_STAGE_ALL, &flags, error))
        return FALSE;
      self->stages = flags;
    }

  if (!get_object (ext, "translations", "direction", &translations, error))
    return FALSE;

  if (translations != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (translations);
      g_autoptr(GPtrArray) langs = g_ptr_array_new_with_free_func (g_free);

      for (const GList *l = members; l; l = l->next)
        {
          const char *lang = l->data;
          char tpath[96];
      g_snprintf (tpath, sizeof tpath, "direction.translations.%s", lang);
          DirTranslation *translation;
          JsonObject *t;

          if (strlen (lang) < 2 || strlen (lang) > 16 || !g_str_is_ascii (lang))
            return fail (error, "direction.translations", _("“%s” is not a language code"), lang);

          if (!get_object (translations, lang, "direction.translations", &t, error))
            return FALSE;

          if (t == NULL)
            continue;

          translation = g_new0 (DirTranslation, 1);
          g_hash_table_insert (self->translations, g_ascii_strdown (lang, -1), translation);

          if (!get_string (t, "name", FALSE, tpath, &translation->name, error) ||
              !get_string (t, "description", FALSE, tpath, &translation->description, error) ||
              !get_string (t, "eligibility", FALSE, tpath, &translation->eligibility, error))
            return FALSE;

          g_ptr_array_add (langs, g_ascii_strdown (lang, -1));
        }

      g_ptr_array_sort (langs, (GCompareFunc) g_strcmp0);
      self->translation_languages = ptr_array_to_strv (g_steal_pointer (&langs));
    }

  return TRUE;
}

static gboolean
parse_service (DirService  *self,
               JsonObject  *object,
               GError     **error)
{
  g_autofree char *status = NULL;
  JsonObject *organization;
  double age;
  gboolean present;

  if (!get_string (object, "id", TRUE, "service", &self->id, error))
    return FALSE;

  if (!g_uuid_string_is_valid (self->id))
    return fail (error, "service", _("“id” must be a UUID, not “%s”"), self->id);

  {
    /* ids are compared as text: keep one spelling */
    char *lower = g_ascii_strdown (self->id, -1);
    g_free (self->id);
    self->id = lower;
  }

  if (!get_string (object, "name", TRUE, "service", &self->name, error) ||
      !get_string (object, "status", TRUE, "service", &status, error) ||
      !get_string (object, "description", FALSE, "service", &self->description, error) ||
      !get_string (object, "url", FALSE, "service", &self->url, error) ||
      !get_string (object, "email", FALSE, "service", &self->email, error) ||
      !get_string (object, "alert", FALSE, "service", &self->alert, error) ||
      !get_string (object, "organization_id", FALSE, "service", &self->organization_id, error) ||
      !get_string (object, "assured_date", FALSE, "service", &self->assured_date, error) ||
      !get_string (object, "last_modified", FALSE, "service", &self->last_modified, error))
    return FALSE;

  if (strcmp (status, "active") == 0)
    self->status = DIR_STATUS_ACTIVE;
  else if (strcmp (status, "temporarily closed") == 0)
    self->status = DIR_STATUS_PAUSED;
  else if (strcmp (status, "inactive") == 0 || strcmp (status, "defunct") == 0)
    self->status = DIR_STATUS_CLOSED;
  else
    return fail (error, "service",
                 _("“status” must be active, temporarily closed, inactive or defunct, not “%s”"),
                 status);

  if (self->assured_date && !is_date (self->assured_date))
    return fail (error, "service", _("“assured_date” must be a date (YYYY-MM-DD)"));

  if (self->last_modified && !is_timestamp (self->last_modified))
    return fail (error, "service", _("“last_modified” must be an ISO 8601 date and time"));

  self->minimum_age = self->maximum_age = -1;

  if (!get_number (object, "minimum_age", "service", &age, &present, error))
    return FALSE;
  if (present)
    {
      if (age < 0 || age > 150)
        return fail (error, "service", _("“minimum_age” must be between 0 and 150"));
      self->minimum_age = (int) age;
    }

  if (!get_number (object, "maximum_age", "service", &age, &present, error))
    return FALSE;
  if (present)
    {
      if (age < 0 || age > 150)
        return fail (error, "service", _("“maximum_age” must be between 0 and 150"));
      self->maximum_age = (int) age;
    }

  if (self->minimum_age >= 0 && self->maximum_age >= 0 && self->minimum_age > self->maximum_age)
    return fail (error, "service", _("“minimum_age” is above “maximum_age”"));

  if (!get_object (object, "organization", "service", &organization, error))
    return FALSE;

  if (organization != NULL)
    {
      if (!get_string (organization, "name", FALSE, "organization", &self->organization_name, error))
        return FALSE;
      if (self->organization_id == NULL &&
          !get_string (organization, "id", FALSE, "organization", &self->organization_id, error))
        return FALSE;
    }

  if (!parse_locations (self, object, error) ||
      !parse_phones (self, object, error) ||
      !parse_schedules (self, object, error) ||
      !parse_pathways (self, object, error) ||
      !parse_languages (self, object, error) ||
      !parse_extension (self, object, error))
    return FALSE;

  if (self->area_name == NULL)
    {
      JsonArray *areas;

      if (!get_array (object, "service_areas", "service", &areas, error))
        return FALSE;

      if (areas != NULL && json_array_get_length (areas) > 0)
        {
          JsonObject *area;

          if (!element_object (areas, 0, "service_areas", &area, error) ||
              !get_string (area, "name", FALSE, "service_areas[0]", &self->area_name, error))
            return FALSE;
        }
    }

  if (self->translation_languages == NULL)
    self->translation_languages = g_new0 (char *, 1);

  return TRUE;
}

/* ---- GObject ------------------------------------------------------------ */

static void
dir_service_finalize (GObject *object)
{
  DirService *self = (DirService *)object;

  g_free (self->data);
  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->url);
  g_free (self->email);
  g_free (self->alert);
  g_free (self->organization_id);
  g_free (self->organization_name);
  g_free (self->assured_date);
  g_free (self->last_modified);
  g_strfreev (self->pathways);
  g_strfreev (self->languages);
  g_strfreev (self->aliases);
  g_strfreev (self->translation_languages);
  g_clear_pointer (&self->locations, g_ptr_array_unref);
  g_clear_pointer (&self->phones, g_ptr_array_unref);
  g_clear_pointer (&self->schedules, g_ptr_array_unref);
  g_clear_pointer (&self->translations, g_hash_table_unref);
  g_free (self->area_name);
  g_free (self->excluded_offences);
  g_free (self->eligibility_text);
  g_free (self->capacity);
  g_free (self->waiting_list);
  g_free (self->funding_end);

  G_OBJECT_CLASS (dir_service_parent_class)->finalize (object);
}

static void
dir_service_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DirService *self = DIR_SERVICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ORGANIZATION_NAME:
      g_value_set_string (value, self->organization_name);
      break;

    case PROP_DISTANCE:
      g_value_set_double (value, self->distance);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dir_service_class_init (DirServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dir_service_finalize;
  object_class->get_property = dir_service_get_property;

  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_ORGANIZATION_NAME] =
    g_param_spec_string ("organization-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * DirService:distance:
   *
   * Metres from the query's point, or NAN when the query had none.
   */
  properties [PROP_DISTANCE] =
    g_param_spec_double ("distance", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dir_service_init (DirService *self)
{
  self->distance = NAN;
}

/* ---- public API --------------------------------------------------------- */

/**
 * dir_service_new_from_json:
 *
 * Validates and reads one ORUK 3.0 service object.  A confidential service's
 * locations are dropped here, so no address or coordinate of it is ever
 * stored or served.
 */
static DirService *
service_new (JsonObject  *object,
             const char  *text,
             gsize        text_len,
             GError     **error);

DirService *
dir_service_new_from_json (JsonObject  *object,
                           GError     **error)
{
  g_return_val_if_fail (object != NULL, NULL);

  return service_new (object, NULL, 0, error);
}

/* text, when given, is the JSON the object was parsed from: kept as the
 * canonical form instead of generating it again. */
static DirService *
service_new (JsonObject  *object,
             const char  *text,
             gsize        text_len,
             GError     **error)
{
  g_autoptr(DirService) self = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;

  self = g_object_new (DIR_TYPE_SERVICE, NULL);

  if (!parse_service (self, object, &local_error))
    {
      const char *label = self->name ? self->name : self->id;

      if (label != NULL)
        g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED,
                     _("Service “%s”: %s"), label, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (text != NULL && !(self->confidential && self->locations->len > 0))
    {
      self->data = g_strndup (text, text_len);
      return g_steal_pointer (&self);
    }

  node = json_node_init_object (json_node_alloc (), object);

  if (self->confidential && json_object_has_member (object, "service_at_locations"))
    {
      g_autoptr(JsonObject) copy = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (object);

      for (const GList *l = members; l; l = l->next)
        {
          if (strcmp (l->data, "service_at_locations") != 0)
            json_object_set_member (copy, l->data,
                                    json_node_copy (json_object_get_member (object, l->data)));
        }
      json_object_set_array_member (copy, "service_at_locations", json_array_new ());
      json_node_set_object (node, copy);
      g_ptr_array_set_size (self->locations, 0);
    }

  self->data = json_to_string (node, FALSE);

  return g_steal_pointer (&self);
}

DirService *
dir_service_new_from_data (const char  *json,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED,
                   _("Not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DIR_STORE_ERROR, DIR_STORE_ERROR_MALFORMED,
                           _("A service must be a JSON object"));
      return NULL;
    }

  if (length < 0)
    length = strlen (json);

  return service_new (json_node_get_object (root), json, length, error);
}

char *
dir_service_to_data (DirService *self,
                     gsize      *length)
{
  g_return_val_if_fail (DIR_IS_SERVICE (self), NULL);

  if (length != NULL)
    *length = strlen (self->data);

  return g_strdup (self->data);
}

#define GETTER(type, name, field)               \
  type                                          \
  dir_service_get_##name (DirService *self)     \
  {                                             \
    g_return_val_if_fail (DIR_IS_SERVICE (self), 0); \
    return self->field;                         \
  }

GETTER (const char *, id, id)
GETTER (const char *, name, name)
GETTER (const char *, description, description)
GETTER (const char *, organization_id, organization_id)
GETTER (const char *, organization_name, organization_name)
GETTER (const char *, url, url)
GETTER (const char *, email, email)
GETTER (const char *, alert, alert)
GETTER (DirStatusFlags, status, status)
GETTER (const char *, assured_date, assured_date)
GETTER (const char *, last_modified, last_modified)
GETTER (int, minimum_age, minimum_age)
GETTER (int, maximum_age, maximum_age)
GETTER (GPtrArray *, locations, locations)
GETTER (GPtrArray *, phones, phones)
GETTER (GPtrArray *, schedules, schedules)
GETTER (gboolean, confidential, confidential)
GETTER (gboolean, sample, sample)
GETTER (const char *, area_name, area_name)
GETTER (DirGender, gender, gender)
GETTER (DirRiskFlags, risk_levels, risk_levels)
GETTER (DirStageFlags, stages, stages)
GETTER (DirDeliveryFlags, delivery, delivery)
GETTER (gboolean, self_referral, self_referral)
GETTER (gboolean, tags_accepted, tags_accepted)
GETTER (const char *, excluded_offences, excluded_offences)
GETTER (const char *, eligibility_text, eligibility_text)
GETTER (const char *, capacity, capacity)
GETTER (const char *, waiting_list, waiting_list)
GETTER (const char *, funding_end, funding_end)
GETTER (double, distance, distance)

#undef GETTER

const char * const *
dir_service_get_pathways (DirService *self)
{
  g_return_val_if_fail (DIR_IS_SERVICE (self), NULL);

  return (const char * const *) self->pathways;
}

const char * const *
dir_service_get_languages (DirService *self)
{
  g_return_val_if_fail (DIR_IS_SERVICE (self), NULL);

  return (const char * const *) self->languages;
}

const char * const *
dir_service_get_aliases (DirService *self)
{
  g_return_val_if_fail (DIR_IS_SERVICE (self), NULL);

  return (const char * const *) self->aliases;
}

const char * const *
dir_service_get_translation_languages (DirService *self)
{
  g_return_val_if_fail (DIR_IS_SERVICE (self), NULL);

  return (const char * const *) self->translation_languages;
}

const DirTranslation *
dir_service_get_translation (DirService *self,
                             const char *language)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (DIR_IS_SERVICE (self), NULL);

  if (language == NULL)
    return NULL;

  lower = g_ascii_strdown (language, -1);
  return g_hash_table_lookup (self->translations, lower);
}

/**
 * dir_service_get_point:
 *
 * The pin for the map: the first located address.  Always FALSE for a
 * confidential service, which must never be pinned.
 */
gboolean
dir_service_get_point (DirService *self,
                       double     *latitude,
                       double     *longitude)
{
  g_return_val_if_fail (DIR_IS_SERVICE (self), FALSE);

  if (self->confidential)
    return FALSE;

  for (guint i = 0; i < self->locations->len; i++)
    {
      DirLocation *location = g_ptr_array_index (self->locations, i);

      if (dir_geo_is_valid_point (location->latitude, location->longitude))
        {
          if (latitude)
            *latitude = location->latitude;
          if (longitude)
            *longitude = location->longitude;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * dir_service_get_area_point:
 *
 * The centre of the area the service covers (a town or district), used to
 * find services with no address by distance.
 */
gboolean
dir_service_get_area_point (DirService *self,
                            double     *latitude,
                            double     *longitude)
{
  g_return_val_if_fail (DIR_IS_SERVICE (self), FALSE);

  if (!dir_geo_is_valid_point (self->area_latitude, self->area_longitude))
    return FALSE;

  if (latitude)
    *latitude = self->area_latitude;
  if (longitude)
    *longitude = self->area_longitude;
  return TRUE;
}

static GTimeZone *
london (void)
{
  static GTimeZone *tz;

  if (g_once_init_enter (&tz))
    {
      GTimeZone *zone = g_time_zone_new_identifier ("Europe/London");

      if (zone == NULL)
        zone = g_time_zone_new_local ();
      g_once_init_leave (&tz, zone);
    }

  return tz;
}

/* Converts any moment to the directory's wall clock: weekday 0 = Monday,
 * minutes from midnight, and the date as YYYY-MM-DD. */
void
dir_service_wall_clock (GDateTime *when,
                        int       *weekday,
                        int       *minute,
                        char       date[11])
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (when, london ());

  *weekday = g_date_time_get_day_of_week (local) - 1;
  *minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
  g_snprintf (date, 11, "%04d-%02d-%02d",
              g_date_time_get_year (local),
              g_date_time_get_month (local),
              g_date_time_get_day_of_month (local));
}

static gboolean
schedule_valid_on (const DirSchedule *schedule,
                   const char        *date)
{
  if (schedule->valid_from && strcmp (date, schedule->valid_from) < 0)
    return FALSE;
  if (schedule->valid_to && strcmp (date, schedule->valid_to) > 0)
    return FALSE;
  return TRUE;
}

gboolean
dir_service_is_open_at (DirService *self,
                        GDateTime  *when)
{
  g_autoptr(GDateTime) day_before = NULL;
  int weekday, minute, prev_weekday, prev_minute;
  char date[11], prev_date[11];

  g_return_val_if_fail (DIR_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (when != NULL, FALSE);

  if (self->status != DIR_STATUS_ACTIVE)
    return FALSE;

  dir_service_wall_clock (when, &weekday, &minute, date);
  day_before = g_date_time_add_days (when, -1);
  dir_service_wall_clock (day_before, &prev_weekday, &prev_minute, prev_date);

  for (guint i = 0; i < self->schedules->len; i++)
    {
      const DirSchedule *s = g_ptr_array_index (self->schedules, i);

      if (s->weekdays == 0)
        continue;

      if (s->opens < s->closes)
        {
          if ((s->weekdays & (1 << weekday)) && schedule_valid_on (s, date) &&
              minute >= s->opens && minute < s->closes)
            return TRUE;
        }
      else
        {
          /* Overnight slot, e.g. 22:00–06:00: the evening part on the day
           * itself, the morning part on the day after. */
          if ((s->weekdays & (1 << weekday)) && schedule_valid_on (s, date) &&
              minute >= s->opens)
            return TRUE;
          if ((s->weekdays & (1 << prev_weekday)) && schedule_valid_on (s, prev_date) &&
              minute < s->closes)
            return TRUE;
        }
    }

  return FALSE;
}

static int
compare_openings (gconstpointer a,
                  gconstpointer b)
{
  const DirOpening *x = a, *y = b;

  if (x->opens != y->opens)
    return x->opens < y->opens ? -1 : 1;
  return (x->closes > y->closes) - (x->closes < y->closes);
}

/**
 * dir_service_get_openings_on:
 * @day: any moment of the day, taken on the directory's wall clock
 *   (Europe/London)
 *
 * When the service's weekly schedules open it on that day: the slots of
 * its weekday valid on that date, the evening part of an overnight slot
 * (until midnight) and the morning part of one that began the day before,
 * sorted and with overlapping or touching slots merged.  The status is not
 * looked at: a temporarily closed service still has its usual hours.
 *
 * Returns: (transfer full) (element-type DirOpening): the openings, empty
 *   when the schedules do not open it that day
 */
GArray *
dir_service_get_openings_on (DirService *self,
                             GDateTime  *day)
{
  g_autoptr(GArray) openings = g_array_new (FALSE, FALSE, sizeof (DirOpening));
  g_autoptr(GDateTime) day_before = NULL;
  GArray *merged;
  int weekday, minute, prev_weekday, prev_minute;
  char date[11], prev_date[11];

  g_return_val_if_fail (DIR_IS_SERVICE (self), NULL);
  g_return_val_if_fail (day != NULL, NULL);

  dir_service_wall_clock (day, &weekday, &minute, date);
  day_before = g_date_time_add_days (day, -1);
  dir_service_wall_clock (day_before, &prev_weekday, &prev_minute, prev_date);

  for (guint i = 0; i < self->schedules->len; i++)
    {
      const DirSchedule *s = g_ptr_array_index (self->schedules, i);

      if (s->weekdays == 0)
        continue;

      if ((s->weekdays & (1 << weekday)) && schedule_valid_on (s, date))
        {
          DirOpening opening = { s->opens, s->opens < s->closes ? s->closes : 24 * 60 };

          if (opening.opens < opening.closes)
            g_array_append_val (openings, opening);
        }

      /* The morning part of last night's overnight slot. */
      if (s->opens >= s->closes && s->closes > 0 &&
          (s->weekdays & (1 << prev_weekday)) && schedule_valid_on (s, prev_date))
        {
          DirOpening opening = { 0, s->closes };

          g_array_append_val (openings, opening);
        }
    }

  g_array_sort (openings, compare_openings);

  merged = g_array_sized_new (FALSE, FALSE, sizeof (DirOpening), openings->len);
  for (guint i = 0; i < openings->len; i++)
    {
      const DirOpening *opening = &g_array_index (openings, DirOpening, i);
      DirOpening *last = merged->len > 0
        ? &g_array_index (merged, DirOpening, merged->len - 1) : NULL;

      if (last != NULL && opening->opens <= last->closes)
        last->closes = MAX (last->closes, opening->closes);
      else
        g_array_append_val (merged, *opening);
    }

  return merged;
}

void
dir_service_set_distance (DirService *self,
                          double      metres)
{
  g_return_if_fail (DIR_IS_SERVICE (self));

  if (self->distance == metres || (isnan (self->distance) && isnan (metres)))
    return;

  self->distance = metres;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DISTANCE]);
}
