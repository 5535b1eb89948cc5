/* desk-handout.h
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

#pragma once

#include <gtk/gtk.h>

#include "dir-core.h"

G_BEGIN_DECLS

/* The sheet a client takes away: the services on it in the client's
 * language beside the English, printed or saved as a PDF. */

typedef enum
{
  DESK_HANDOUT_STYLE_STANDARD,
  DESK_HANDOUT_STYLE_LARGE_PRINT,   /* large print, easy read: a page a service */
} DeskHandoutStyle;

const char * const *desk_handout_get_languages      (void);
gboolean            desk_handout_has_translation    (const char           *language);
const char         *desk_handout_get_locale_dir     (void);

gboolean            desk_handout_export_pdf         (GListModel           *services,
                                                     const char           *language,
                                                     DeskHandoutStyle      style,
                                                     const char           *pdf_path,
                                                     GError              **error);
void                desk_handout_print_async        (GtkWindow            *parent,
                                                     GListModel           *services,
                                                     const char           *language,
                                                     DeskHandoutStyle      style,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean            desk_handout_print_finish       (GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
