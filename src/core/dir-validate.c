/* dir-validate.c
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

#include <string.h>

#include "dir-validate.h"

gboolean
dir_email_is_valid (const char *text)
{
  const char *at;
  const char *domain;

  g_return_val_if_fail (text != NULL, FALSE);

  at = strchr (text, '@');
  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;

  domain = at + 1;
  if (domain[0] == '\0' || domain[0] == '.' || strchr (domain, '.') == NULL ||
      g_str_has_suffix (domain, ".") || strstr (domain, "..") != NULL)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || *p == '<' || *p == '>' || *p == ',' || *p == ';' ||
          *p == '(' || *p == ')' || *p == '[' || *p == ']' || *p == '\\' || *p == '"')
        return FALSE;
    }

  return TRUE;
}

gboolean
dir_language_tag_is_valid (const char *text)
{
  g_auto(GStrv) parts = NULL;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);

  parts = g_strsplit (text, "-", -1);
  len = parts[0] != NULL ? strlen (parts[0]) : 0;
  if (len < 2 || len > 3)
    return FALSE;
  for (guint i = 0; i < len; i++)
    {
      if (!g_ascii_isalpha (parts[0][i]))
        return FALSE;
    }

  for (guint j = 1; parts[j] != NULL; j++)
    {
      len = strlen (parts[j]);
      if (len < 1 || len > 8)
        return FALSE;
      for (guint i = 0; i < len; i++)
        {
          if (!g_ascii_isalnum (parts[j][i]))
            return FALSE;
        }
    }

  return TRUE;
}

char *
dir_identifier_match (const char *text,
                      const char *pattern)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (pattern != NULL, NULL);

  if (strlen (text) != strlen (pattern))
    return NULL;

  for (guint i = 0; pattern[i] != '\0'; i++)
    {
      if (pattern[i] == 'A' && !g_ascii_isalpha (text[i]))
        return NULL;
      if (pattern[i] == '9' && !g_ascii_isdigit (text[i]))
        return NULL;
    }

  return g_ascii_strup (text, -1);
}
