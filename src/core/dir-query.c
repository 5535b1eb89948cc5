/* dir-query.c
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

#include <math.h>

#include "dir-query-private.h"

G_DEFINE_BOXED_TYPE (DirQuery, dir_query, dir_query_ref, dir_query_unref)

DirQuery *
dir_query_new (void)
{
  DirQuery *self = g_atomic_rc_box_new0 (DirQuery);

  self->mode = DIR_SEARCH_TYPEAHEAD;
  self->age = -1;
  self->statuses = DIR_STATUS_ALL;
  self->near_latitude = NAN;
  self->near_longitude = NAN;

  return self;
}

DirQuery *
dir_query_copy (const DirQuery *self)
{
  DirQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_atomic_rc_box_new0 (DirQuery);
  *copy = *self;
  copy->text = g_strdup (self->text);
  copy->pathways = g_strdupv (self->pathways);
  copy->language = g_strdup (self->language);
  copy->modified_after = g_strdup (self->modified_after);
  copy->open_at = self->open_at ? g_date_time_ref (self->open_at) : NULL;

  return copy;
}

static void
dir_query_clear (gpointer data)
{
  DirQuery *self = data;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->pathways, g_strfreev);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->modified_after, g_free);
  g_clear_pointer (&self->open_at, g_date_time_unref);
}

DirQuery *
dir_query_ref (DirQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
dir_query_unref (DirQuery *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, dir_query_clear);
}

void
dir_query_set_text (DirQuery   *self,
                    const char *text)
{
  g_return_if_fail (self != NULL);

  if (text != NULL && *text == '\0')
    text = NULL;

  g_free (self->text);
  self->text = g_strdup (text);
}

const char *
dir_query_get_text (const DirQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

void
dir_query_set_mode (DirQuery      *self,
                    DirSearchMode  mode)
{
  g_return_if_fail (self != NULL);

  self->mode = mode;
}

DirSearchMode
dir_query_get_mode (const DirQuery *self)
{
  g_return_val_if_fail (self != NULL, DIR_SEARCH_TYPEAHEAD);

  return self->mode;
}

void
dir_query_set_pathways (DirQuery           *self,
                        const char * const *codes)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->pathways, g_strfreev);
  if (codes != NULL && codes[0] != NULL)
    self->pathways = g_strdupv ((char **) codes);
}

const char * const *
dir_query_get_pathways (const DirQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->pathways;
}

void
dir_query_set_gender (DirQuery  *self,
                      DirGender  gender)
{
  g_return_if_fail (self != NULL);

  self->gender = gender;
}

void
dir_query_set_age (DirQuery *self,
                   int       age)
{
  g_return_if_fail (self != NULL);

  self->age = age < 0 ? -1 : age;
}

void
dir_query_set_risk (DirQuery     *self,
                    DirRiskFlags  risk)
{
  g_return_if_fail (self != NULL);

  self->risk = risk & DIR_RISK_ALL;
}

void
dir_query_set_stages (DirQuery      *self,
                      DirStageFlags  stages)
{
  g_return_if_fail (self != NULL);

  self->stages = stages & DIR_STAGE_ALL;
}

void
dir_query_set_self_referral (DirQuery *self,
                             gboolean  self_referral_only)
{
  g_return_if_fail (self != NULL);

  self->self_referral_only = !!self_referral_only;
}

void
dir_query_set_language (DirQuery   *self,
                        const char *language)
{
  g_return_if_fail (self != NULL);

  g_free (self->language);
  self->language = (language && *language) ? g_ascii_strdown (language, -1) : NULL;
}

void
dir_query_set_statuses (DirQuery       *self,
                        DirStatusFlags  statuses)
{
  g_return_if_fail (self != NULL);

  self->statuses = statuses & DIR_STATUS_ALL;
}

void
dir_query_set_open_at (DirQuery  *self,
                       GDateTime *when)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->open_at, g_date_time_unref);
  if (when != NULL)
    self->open_at = g_date_time_ref (when);
}

void
dir_query_set_modified_after (DirQuery   *self,
                              const char *timestamp)
{
  g_return_if_fail (self != NULL);

  g_free (self->modified_after);
  self->modified_after = g_strdup (timestamp);
}

void
dir_query_set_near (DirQuery *self,
                    double    latitude,
                    double    longitude,
                    double    radius_m)
{
  g_return_if_fail (self != NULL);

  self->has_near = TRUE;
  self->near_latitude = latitude;
  self->near_longitude = longitude;
  self->near_radius = radius_m > 0 ? radius_m : 0;
}

void
dir_query_clear_near (DirQuery *self)
{
  g_return_if_fail (self != NULL);

  self->has_near = FALSE;
  self->near_latitude = NAN;
  self->near_longitude = NAN;
  self->near_radius = 0;
}

gboolean
dir_query_get_near (const DirQuery *self,
                    double         *latitude,
                    double         *longitude,
                    double         *radius_m)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (latitude)
    *latitude = self->near_latitude;
  if (longitude)
    *longitude = self->near_longitude;
  if (radius_m)
    *radius_m = self->near_radius;

  return self->has_near;
}

void
dir_query_set_limit (DirQuery *self,
                     guint     limit)
{
  g_return_if_fail (self != NULL);

  self->limit = limit;
}

guint
dir_query_get_limit (const DirQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->limit;
}

void
dir_query_set_offset (DirQuery *self,
                      guint     offset)
{
  g_return_if_fail (self != NULL);

  self->offset = offset;
}
