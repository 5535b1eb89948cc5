/* dir-taxonomy.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The "Direction pathways": two levels with stable codes (docs/domain.md §1.2). */
typedef struct
{
  const char *code;        /* "ACC", "ACC.EMERG" */
  const char *parent;      /* NULL for a top-level pathway */
  const char *label;       /* English, marked N_() for gettext: translate with _() */
  const char *icon_name;   /* symbolic icon for top-level pathways, NULL for children */
} DirPathway;

const DirPathway  *dir_taxonomy_get_all          (guint       *n_pathways);
const DirPathway  *dir_taxonomy_lookup           (const char  *code);
/* Stable UUID (version 5, from the code) used as the ORUK taxonomy_term id. */
char              *dir_taxonomy_uuid_for_code    (const char  *code);
const DirPathway  *dir_taxonomy_lookup_uuid      (const char  *uuid);
gboolean           dir_taxonomy_is_top_level     (const char  *code);
/* "ACC.EMERG" -> "ACC"; a top-level code is its own top. */
char              *dir_taxonomy_top_level_of     (const char  *code);

G_END_DECLS
