/* dir-service-list.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "dir-types.h"

G_BEGIN_DECLS

#define DIR_TYPE_SERVICE_LIST (dir_service_list_get_type ())

/* The result of a query: a GListModel of DirService.  Holds only row ids and
 * distances; each DirService is read from the store the first time a view asks. */
G_DECLARE_FINAL_TYPE (DirServiceList, dir_service_list, DIR, SERVICE_LIST, GObject)

double       dir_service_list_get_distance_at    (DirServiceList *self,
                                                  guint           position);

G_END_DECLS
