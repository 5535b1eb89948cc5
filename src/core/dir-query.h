/* dir-query.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "dir-types.h"

G_BEGIN_DECLS

#define DIR_TYPE_QUERY (dir_query_get_type ())

/* What to look for in a DirStore: free text, facets and a point.
 * A plain refcounted box; copy it before changing one that a running
 * query holds. */
GType          dir_query_get_type           (void) G_GNUC_CONST;
DirQuery      *dir_query_new                (void);
DirQuery      *dir_query_copy               (const DirQuery *self);
DirQuery      *dir_query_ref                (DirQuery       *self);
void           dir_query_unref              (DirQuery       *self);

void           dir_query_set_text           (DirQuery       *self,
                                             const char     *text);
const char    *dir_query_get_text           (const DirQuery *self);
void           dir_query_set_mode           (DirQuery       *self,
                                             DirSearchMode   mode);
DirSearchMode  dir_query_get_mode           (const DirQuery *self);
/* Pathway codes, e.g. "ACC" or "ACC.EMERG"; a top-level code includes its children.
 * A service matches when it is in any of them. */
void           dir_query_set_pathways       (DirQuery       *self,
                                             const char * const *codes);
const char * const *dir_query_get_pathways  (const DirQuery *self);
/* The client's gender: services for anyone, or for that gender. */
void           dir_query_set_gender         (DirQuery       *self,
                                             DirGender       gender);
/* The client's age in years, or -1. */
void           dir_query_set_age            (DirQuery       *self,
                                             int             age);
/* The client's risk level (one flag), or 0: services that accept it. */
void           dir_query_set_risk           (DirQuery       *self,
                                             DirRiskFlags    risk);
/* Stages of which a service must serve at least one, or 0. */
void           dir_query_set_stages         (DirQuery       *self,
                                             DirStageFlags   stages);
void           dir_query_set_self_referral  (DirQuery       *self,
                                             gboolean        self_referral_only);
/* ISO 639-1 code of a language the service must be delivered in, or NULL. */
void           dir_query_set_language       (DirQuery       *self,
                                             const char     *language);
void           dir_query_set_statuses       (DirQuery       *self,
                                             DirStatusFlags  statuses);
/* Services open at that moment (converted to Europe/London), or NULL. */
void           dir_query_set_open_at        (DirQuery       *self,
                                             GDateTime      *when);
/* ISO 8601 timestamp; services last modified strictly after it. */
void           dir_query_set_modified_after (DirQuery       *self,
                                             const char     *timestamp);
/* Sort by great-circle distance from a point; radius_m <= 0 for no radius. */
void           dir_query_set_near           (DirQuery       *self,
                                             double          latitude,
                                             double          longitude,
                                             double          radius_m);
void           dir_query_clear_near         (DirQuery       *self);
gboolean       dir_query_get_near           (const DirQuery *self,
                                             double         *latitude,
                                             double         *longitude,
                                             double         *radius_m);
/* At most that many results (0 = all). */
void           dir_query_set_limit          (DirQuery       *self,
                                             guint           limit);
guint          dir_query_get_limit          (const DirQuery *self);
void           dir_query_set_offset         (DirQuery       *self,
                                             guint           offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DirQuery, dir_query_unref)

G_END_DECLS
