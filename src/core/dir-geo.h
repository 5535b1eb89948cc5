/* dir-geo.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DIR_EARTH_RADIUS_M 6371008.8

double    dir_geo_distance_m     (double lat1,
                                  double lon1,
                                  double lat2,
                                  double lon2);
gboolean  dir_geo_is_valid_point (double latitude,
                                  double longitude);

G_END_DECLS
