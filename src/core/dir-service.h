/* dir-service.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "dir-types.h"

G_BEGIN_DECLS

/* One physical place a service is delivered at. */
typedef struct
{
  char   *id;
  char   *name;
  char   *address_1;
  char   *city;
  char   *postcode;
  double  latitude;   /* NAN when unknown */
  double  longitude;
} DirLocation;

typedef struct
{
  char *number;
  char *description;
} DirPhone;

/* A weekly opening slot.  Minutes from local midnight (Europe/London);
 * closes may be 1440 for "until midnight". */
typedef struct
{
  guint8  weekdays;        /* bit 0 = Monday … bit 6 = Sunday */
  guint16 opens;
  guint16 closes;
  char   *valid_from;      /* YYYY-MM-DD or NULL */
  char   *valid_to;        /* YYYY-MM-DD or NULL */
  char   *description;
} DirSchedule;

typedef struct
{
  char *name;
  char *description;
  char *eligibility;
} DirTranslation;

/* Open from opens to closes, minutes from local midnight on one day;
 * closes is 1440 for "until midnight". */
typedef struct
{
  guint16 opens;
  guint16 closes;
} DirOpening;

#define DIR_TYPE_SERVICE (dir_service_get_type ())

G_DECLARE_FINAL_TYPE (DirService, dir_service, DIR, SERVICE, GObject)

DirService            *dir_service_new_from_json          (JsonObject   *object,
                                                           GError      **error);
DirService            *dir_service_new_from_data          (const char   *json,
                                                           gssize        length,
                                                           GError      **error);
char                  *dir_service_to_data                (DirService   *self,
                                                           gsize        *length);
const char            *dir_service_get_id                 (DirService   *self);
const char            *dir_service_get_name               (DirService   *self);
const char            *dir_service_get_description        (DirService   *self);
const char            *dir_service_get_organization_id    (DirService   *self);
const char            *dir_service_get_organization_name  (DirService   *self);
const char            *dir_service_get_url                (DirService   *self);
const char            *dir_service_get_email              (DirService   *self);
const char            *dir_service_get_alert              (DirService   *self);
DirStatusFlags         dir_service_get_status             (DirService   *self);
const char            *dir_service_get_assured_date       (DirService   *self);
const char            *dir_service_get_last_modified      (DirService   *self);
int                    dir_service_get_minimum_age        (DirService   *self);
int                    dir_service_get_maximum_age        (DirService   *self);
const char * const    *dir_service_get_pathways           (DirService   *self);
const char * const    *dir_service_get_languages          (DirService   *self);
const char * const    *dir_service_get_aliases            (DirService   *self);
GPtrArray             *dir_service_get_locations          (DirService   *self);
GPtrArray             *dir_service_get_phones             (DirService   *self);
GPtrArray             *dir_service_get_schedules          (DirService   *self);
gboolean               dir_service_get_confidential       (DirService   *self);
gboolean               dir_service_get_sample             (DirService   *self);
const char            *dir_service_get_area_name          (DirService   *self);
gboolean               dir_service_get_point              (DirService   *self,
                                                           double       *latitude,
                                                           double       *longitude);
gboolean               dir_service_get_area_point         (DirService   *self,
                                                           double       *latitude,
                                                           double       *longitude);
DirGender              dir_service_get_gender             (DirService   *self);
DirRiskFlags           dir_service_get_risk_levels        (DirService   *self);
DirStageFlags          dir_service_get_stages             (DirService   *self);
DirDeliveryFlags       dir_service_get_delivery           (DirService   *self);
gboolean               dir_service_get_self_referral      (DirService   *self);
gboolean               dir_service_get_tags_accepted      (DirService   *self);
const char            *dir_service_get_excluded_offences  (DirService   *self);
const char            *dir_service_get_eligibility_text   (DirService   *self);
const char            *dir_service_get_capacity           (DirService   *self);
const char            *dir_service_get_waiting_list       (DirService   *self);
const char            *dir_service_get_funding_end        (DirService   *self);
const DirTranslation  *dir_service_get_translation        (DirService   *self,
                                                           const char   *language);
const char * const    *dir_service_get_translation_languages (DirService *self);
gboolean               dir_service_is_open_at             (DirService   *self,
                                                           GDateTime    *when);
GArray                *dir_service_get_openings_on        (DirService   *self,
                                                           GDateTime    *day);
double                 dir_service_get_distance           (DirService   *self);
void                   dir_service_set_distance           (DirService   *self,
                                                           double        metres);

G_END_DECLS
