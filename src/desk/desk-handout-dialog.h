/* desk-handout-dialog.h
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

#include <adwaita.h>

#include "desk-handout.h"

G_BEGIN_DECLS

#define DESK_TYPE_HANDOUT_DIALOG (desk_handout_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DeskHandoutDialog, desk_handout_dialog, DESK, HANDOUT_DIALOG, AdwMessageDialog)

DeskHandoutDialog *desk_handout_dialog_new          (GtkWindow         *parent,
                                                     GListModel        *services);
const char        *desk_handout_dialog_get_language (DeskHandoutDialog *self);
void               desk_handout_dialog_set_language (DeskHandoutDialog *self,
                                                     const char        *language);
DeskHandoutStyle   desk_handout_dialog_get_style    (DeskHandoutDialog *self);
void               desk_handout_dialog_set_style    (DeskHandoutDialog *self,
                                                     DeskHandoutStyle   style);

G_END_DECLS
