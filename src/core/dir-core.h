/* dir-core.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "dir-account.h"
#include "dir-catalog.h"
#include "dir-data.h"
#include "dir-geo.h"
#include "dir-geocoder.h"
#include "dir-hub.h"
#include "dir-outbox.h"
#include "dir-query.h"
#include "dir-service.h"
#include "dir-service-list.h"
#include "dir-store.h"
#include "dir-sync.h"
#include "dir-taxonomy.h"
#include "dir-time.h"
#include "dir-types.h"
#include "dir-validate.h"
