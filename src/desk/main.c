/* main.c
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "desk-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DeskApplication) app = NULL;
  const char *localedir = g_getenv ("DIRECTION_LOCALE_DIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = desk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
