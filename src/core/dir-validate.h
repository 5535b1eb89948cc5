/* dir-validate.h
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

#include <glib.h>

G_BEGIN_DECLS

/* Field rules the desk's referral form and the hub's intake share, so the
 * hub refuses exactly what the form already refused.  Texts are taken as
 * they are: trimming is the caller's. */

/* One address: local@domain.tld, no spaces, no list or display-name
 * characters (<>,;()[]\"), no empty domain labels. */
gboolean  dir_email_is_valid        (const char *text);
/* "pl", "pa-Guru", "en-GB": a plausible BCP 47 tag. */
gboolean  dir_language_tag_is_valid (const char *text);
/* pattern: 'A' a letter, '9' a digit, as long as text.  Returns text in
 * upper case, or NULL when it does not match. */
char     *dir_identifier_match      (const char *text,
                                     const char *pattern);

G_END_DECLS
