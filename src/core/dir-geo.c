/* dir-geo.c
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

#include "dir-geo.h"

static inline double
radians (double degrees)
{
  return degrees * G_PI / 180.0;
}

/* Great-circle distance on a sphere of the mean Earth radius (haversine).
 * Error against the ellipsoid is below 0.5 %, well under postcode precision. */
double
dir_geo_distance_m (double lat1,
                    double lon1,
                    double lat2,
                    double lon2)
{
  double dlat = radians (lat2 - lat1);
  double dlon = radians (lon2 - lon1);
  double a = sin (dlat / 2) * sin (dlat / 2)
             + cos (radians (lat1)) * cos (radians (lat2)) * sin (dlon / 2) * sin (dlon / 2);

  return 2 * DIR_EARTH_RADIUS_M * asin (MIN (1.0, sqrt (a)));
}

gboolean
dir_geo_is_valid_point (double latitude,
                        double longitude)
{
  return isfinite (latitude) && isfinite (longitude)
         && latitude >= -90.0 && latitude <= 90.0
         && longitude >= -180.0 && longitude <= 180.0;
}
