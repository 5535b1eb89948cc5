/* desk-script-fonts.h
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

G_BEGIN_DECLS

/* The CSS font-family for the interface when its language is written in
 * Arabic script (Urdu): "Noto Naskh Arabic" first, then ui_font_name's
 * families (a GtkSettings:gtk-font-name such as "Cantarell 11"), so Urdu
 * is set in Naskh — not in Kufi, the display style fontconfig picks first
 * for it — and Latin letters, which Naskh lacks, in the interface font.
 * NULL for any other language. */
char *desk_script_fonts_css        (PangoLanguage *language,
                                    const char    *ui_font_name);

/* Applies desk_script_fonts_css() for the interface language to every
 * window of the default display, and follows changes of the font. */
void  desk_script_fonts_init       (void);

G_END_DECLS
