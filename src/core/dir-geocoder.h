/* dir-geocoder.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define DIR_GEOCODER_ERROR (dir_geocoder_error_quark ())

typedef enum
{
  DIR_GEOCODER_ERROR_EMPTY,       /* nothing typed */
  DIR_GEOCODER_ERROR_MALFORMED,   /* looks like a postcode but is not a valid one */
  DIR_GEOCODER_ERROR_NOT_FOUND,   /* well formed, but not in the offline data */
  DIR_GEOCODER_ERROR_DATA,        /* the shipped data files are missing or damaged */
} DirGeocoderError;

typedef enum
{
  DIR_PLACE_UNIT_POSTCODE,   /* "MK40 1PG" (Bedfordshire only) */
  DIR_PLACE_DISTRICT,        /* "MK40": the outcode centroid (all of GB) */
  DIR_PLACE_TOWN,            /* "Kempston", "Leeds" */
} DirPlaceKind;

typedef struct
{
  DirPlaceKind  kind;
  char         *label;       /* normalised, for display: "MK40 1PG", "MK40", "Kempston, Bedford" */
  double        latitude;
  double        longitude;
} DirPlace;

#define DIR_TYPE_PLACE (dir_place_get_type ())
#define DIR_TYPE_GEOCODER (dir_geocoder_get_type ())

G_DECLARE_FINAL_TYPE (DirGeocoder, dir_geocoder, DIR, GEOCODER, GObject)

GQuark        dir_geocoder_error_quark  (void);
GType         dir_place_get_type        (void) G_GNUC_CONST;
DirPlace     *dir_place_copy            (const DirPlace *place);
void          dir_place_free            (DirPlace       *place);

/* data_dir holds the geocoder data files; NULL = the installed data
 * directory, or $DIRECTION_DATA_DIR when set. */
DirGeocoder  *dir_geocoder_new          (const char     *data_dir,
                                         GError        **error);
/* Offline only: never sends anything anywhere. */
DirPlace     *dir_geocoder_lookup       (DirGeocoder    *self,
                                         const char     *text,
                                         GError        **error);
/* Normalises a full or partial postcode ("mk401pg" -> "MK40 1PG"), NULL if malformed. */
char         *dir_geocoder_normalize_postcode (const char *text);
/* Up to max_results place names starting with prefix (for completion). */
GPtrArray    *dir_geocoder_complete     (DirGeocoder    *self,
                                         const char     *prefix,
                                         guint           max_results);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DirPlace, dir_place_free)

G_END_DECLS
