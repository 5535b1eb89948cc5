/* test-catalog.c
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

#include <glib/gstdio.h>
#include <string.h>

#include "dir-core.h"
#include "test-util.h"

/* DirCatalog against catalogues compiled here by GNU msgfmt from small
 * .po texts, and against damaged copies of them. */

#define PL_PLURAL "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && " \
                  "(n%100<10 || n%100>=20) ? 1 : 2);"

static const char pl_po[] =
  "msgid \"\"\n"
  "msgstr \"\"\n"
  "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
  "\"Plural-Forms: " PL_PLURAL "\\n\"\n"
  "\n"
  "msgid \"Opening hours\"\n"
  "msgstr \"Godziny otwarcia\"\n"
  "\n"
  "msgid \"Address\"\n"
  "msgstr \"Adres\"\n"
  "\n"
  "msgid \"Zebra crossing\"\n"
  "msgstr \"Przejście dla pieszych\"\n"
  "\n"
  "msgctxt \"time range\"\n"
  "msgid \"%s to %s\"\n"
  "msgstr \"%s–%s\"\n"
  "\n"
  "msgid \"%s to %s\"\n"
  "msgstr \"od %s do %s\"\n"
  "\n"
  "msgid \"%u service\"\n"
  "msgid_plural \"%u services\"\n"
  "msgstr[0] \"%u usługa\"\n"
  "msgstr[1] \"%u usługi\"\n"
  "msgstr[2] \"%u usług\"\n"
  "\n"
  "#, fuzzy\n"
  "msgid \"Phone\"\n"
  "msgstr \"Telefon\"\n"
  "\n"
  "msgid \"Untranslated\"\n"
  "msgstr \"\"\n";

static const char ur_po[] =
  "msgid \"\"\n"
  "msgstr \"\"\n"
  "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
  "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n"
  "\n"
  "msgid \"Opening hours\"\n"
  "msgstr \"کھلنے کے اوقات\"\n"
  "\n"
  "msgid \"Phone first — address not given\"\n"
  "msgstr \"پہلے فون کریں — پتا نہیں دیا جاتا\"\n";

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-catalog-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Compiles po_text with msgfmt (extra option or NULL) into
 * <dir>/<language>/LC_MESSAGES/direction.mo and returns that path. */
static char *
compile (Fixture    *fixture,
         const char *language,
         const char *po_text,
         const char *option)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autofree char *po = g_strdup_printf ("%s/%s.po", fixture->dir, language);
  g_autofree char *messages = g_build_filename (fixture->dir, language, "LC_MESSAGES", NULL);
  char *mo = g_build_filename (messages, "direction.mo", NULL);
  g_autofree char *err = NULL;
  const char *argv[] = { msgfmt, "-o", mo, po, option, NULL };
  int status = -1;

  /* build-aux/setup.sh installs gettext: no msgfmt is a broken set-up. */
  g_assert_nonnull (msgfmt);
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  g_file_set_contents (po, po_text, -1, &error);
  g_assert_no_error (error);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("msgfmt failed: %s", err);

  return mo;
}

static void
check_polish (DirCatalog *catalog)
{
  g_assert_cmpstr (dir_catalog_gettext (catalog, "Opening hours"), ==, "Godziny otwarcia");
  g_assert_cmpstr (dir_catalog_gettext (catalog, "Address"), ==, "Adres");
  g_assert_cmpstr (dir_catalog_gettext (catalog, "Zebra crossing"), ==, "Przejście dla pieszych");
  /* Not in the catalogue, fuzzy or left empty: the msgid itself. */
  g_assert_cmpstr (dir_catalog_gettext (catalog, "Nothing like it"), ==, "Nothing like it");
  g_assert_cmpstr (dir_catalog_gettext (catalog, "Phone"), ==, "Phone");
  g_assert_null (dir_catalog_lookup (catalog, "Phone"));
  g_assert_cmpstr (dir_catalog_gettext (catalog, "Untranslated"), ==, "Untranslated");
  g_assert_null (dir_catalog_lookup (catalog, "Untranslated"));
  /* The header is not a message. */
  g_assert_null (dir_catalog_lookup (catalog, ""));
  g_assert_cmpstr (dir_catalog_gettext (catalog, ""), ==, "");
  /* Keys before the first and after the last entry. */
  g_assert_null (dir_catalog_lookup (catalog, "!"));
  g_assert_null (dir_catalog_lookup (catalog, "~~~"));
  /* A prefix of a msgid is another msgid. */
  g_assert_null (dir_catalog_lookup (catalog, "Opening"));
  g_assert_null (dir_catalog_lookup (catalog, "Opening hours!"));

  /* The same msgid with and without a context. */
  g_assert_cmpstr (dir_catalog_gettext (catalog, "%s to %s"), ==, "od %s do %s");
  g_assert_cmpstr (dir_catalog_pgettext (catalog, "time range", "%s to %s"), ==, "%s–%s");
  g_assert_cmpstr (dir_catalog_pgettext (catalog, "other", "%s to %s"), ==, "%s to %s");

  /* Polish has three forms: 1; 2–4, 22–24, …; the rest. */
  g_assert_cmpuint (dir_catalog_get_n_plurals (catalog), ==, 3);
  g_assert_cmpstr (dir_catalog_ngettext (catalog, "%u service", "%u services", 1), ==, "%u usługa");
  g_assert_cmpstr (dir_catalog_ngettext (catalog, "%u service", "%u services", 2), ==, "%u usługi");
  g_assert_cmpstr (dir_catalog_ngettext (catalog, "%u service", "%u services", 4), ==, "%u usługi");
  g_assert_cmpstr (dir_catalog_ngettext (catalog, "%u service", "%u services", 5), ==, "%u usług");
  g_assert_cmpstr (dir_catalog_ngettext (catalog, "%u service", "%u services", 0), ==, "%u usług");
  g_assert_cmpstr (dir_catalog_ngettext (catalog, "%u service", "%u services", 12), ==, "%u usług");
  g_assert_cmpstr (dir_catalog_ngettext (catalog, "%u service", "%u services", 22), ==, "%u usługi");
  g_assert_cmpstr (dir_catalog_ngettext (catalog, "%u service", "%u services", 111), ==, "%u usług");
  /* No entry: English's choice. */
  g_assert_cmpstr (dir_catalog_ngettext (catalog, "%u bed", "%u beds", 1), ==, "%u bed");
  g_assert_cmpstr (dir_catalog_ngettext (catalog, "%u bed", "%u beds", 3), ==, "%u beds");

  /* Header, 6 messages (the fuzzy and the empty ones are left out). */
  g_assert_cmpuint (dir_catalog_get_n_messages (catalog), ==, 6);
}

static void
test_catalog_lookup (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mo = compile (fixture, "pl", pl_po, NULL);
  g_autoptr(DirCatalog) catalog = dir_catalog_new_from_file (mo, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  g_assert_cmpstr (dir_catalog_get_language (catalog), ==, "pl");
  g_assert_cmpstr (dir_catalog_get_path (catalog), ==, mo);
  check_polish (catalog);
}

/* A catalogue written on a big-endian machine reads the same. */
static void
test_catalog_big_endian (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mo = compile (fixture, "pl", pl_po, "--endianness=big");
  g_autoptr(DirCatalog) catalog = NULL;
  g_autofree char *data = NULL;

  g_file_get_contents (mo, &data, NULL, &error);
  g_assert_no_error (error);
  /* 0x950412de written big-endian. */
  g_assert_cmpint ((guchar) data[0], ==, 0x95);

  catalog = dir_catalog_new_from_file (mo, &error);
  g_assert_no_error (error);
  check_polish (catalog);
}

static void
test_catalog_rtl (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mo = compile (fixture, "ur", ur_po, NULL);
  g_autoptr(DirCatalog) catalog = dir_catalog_new_from_file (mo, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (dir_catalog_gettext (catalog, "Opening hours"), ==, "کھلنے کے اوقات");
  g_assert_cmpstr (dir_catalog_gettext (catalog, "Phone first — address not given"), ==,
                   "پہلے فون کریں — پتا نہیں دیا جاتا");
  g_assert_cmpuint (dir_catalog_get_n_plurals (catalog), ==, 2);
  g_assert_cmpuint (dir_catalog_get_plural_index (catalog, 1), ==, 0);
  g_assert_cmpuint (dir_catalog_get_plural_index (catalog, 0), ==, 1);
  g_assert_cmpuint (dir_catalog_get_plural_index (catalog, 7), ==, 1);
}

/* The locale dir is searched the way gettext searches it. */
static void
test_catalog_for_language (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mo = compile (fixture, "pl", pl_po, NULL);
  static const char * const found[] = { "pl", "pl_PL", "pl_PL.UTF-8", "pl@x" };
  static const char * const english[] = { "en", "en_GB", "en_GB.UTF-8", "C", "C.UTF-8" };
  static const char * const not_codes[] = { "", "../pl", "pl/../pl", "pl pl", ".", "..", "p\\l" };

  for (guint i = 0; i < G_N_ELEMENTS (found); i++)
    {
      g_autoptr(DirCatalog) catalog = dir_catalog_new_for_language (fixture->dir, "direction",
                                                                    found[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (dir_catalog_get_language (catalog), ==, found[i]);
      g_assert_cmpstr (dir_catalog_get_path (catalog), ==, mo);
      g_assert_cmpstr (dir_catalog_gettext (catalog, "Opening hours"), ==, "Godziny otwarcia");
    }

  for (guint i = 0; i < G_N_ELEMENTS (english); i++)
    {
      g_autoptr(DirCatalog) catalog = dir_catalog_new_for_language (fixture->dir, "direction",
                                                                    english[i], &error);

      g_assert_no_error (error);
      g_assert_null (dir_catalog_get_path (catalog));
      g_assert_cmpuint (dir_catalog_get_n_messages (catalog), ==, 0);
      g_assert_cmpstr (dir_catalog_gettext (catalog, "Opening hours"), ==, "Opening hours");
      g_assert_cmpstr (dir_catalog_ngettext (catalog, "%u service", "%u services", 1), ==,
                       "%u service");
      g_assert_cmpstr (dir_catalog_ngettext (catalog, "%u service", "%u services", 0), ==,
                       "%u services");
    }

  /* Another domain, another language: none. */
  g_assert_null (dir_catalog_new_for_language (fixture->dir, "other", "pl", &error));
  g_assert_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (dir_catalog_new_for_language (fixture->dir, "direction", "ur", &error));
  g_assert_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "ur"));
  g_clear_error (&error);

  /* Never a path out of the locale dir. */
  for (guint i = 0; i < G_N_ELEMENTS (not_codes); i++)
    {
      g_assert_null (dir_catalog_new_for_language (fixture->dir, "direction", not_codes[i], &error));
      g_assert_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_LANGUAGE);
      g_clear_error (&error);
    }
  g_assert_null (dir_catalog_new_for_language (fixture->dir, "direction", NULL, &error));
  g_assert_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_LANGUAGE);
}

/* Each language's rule (the Plural-Forms its PO team uses) against the
 * same rule written in C, for n up to 10 000. */
static guint plural_pl (gulong n) { return n == 1 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20) ? 1 : 2; }
static guint plural_ro (gulong n) { return n == 1 ? 0 : (n == 0 || (n % 100 > 0 && n % 100 < 20)) ? 1 : 2; }
static guint plural_lt (gulong n) { return n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && (n % 100 < 10 || n % 100 >= 20) ? 1 : 2; }
static guint plural_pt (gulong n) { return n > 1; }
static guint plural_ur (gulong n) { return n != 1; }
static guint plural_silly (gulong n) { return (!(n % 3) + 2 * (n / 7 % 2) - (n > 40)) % 4; }

static void
test_catalog_plural_rules (Fixture       *fixture,
                           gconstpointer  user_data)
{
  static const struct {
    const char *language;
    const char *rule;
    guint       n_plurals;
    guint     (*expected) (gulong n);
  } rules[] = {
    { "pl", PL_PLURAL, 3, plural_pl },
    { "ro", "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);", 3, plural_ro },
    { "lt", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);", 3, plural_lt },
    { "pt", "nplurals=2; plural=(n > 1);", 2, plural_pt },
    { "ur", "nplurals=2; plural=n != 1;", 2, plural_ur },
    /* Precedence, !, unary chains, + - * / and a result out of range (3 → 0). */
    { "xx", "nplurals=3; plural=(!(n%3) + 2*(n/7%2) - (n>40)) % 4", 3, plural_silly },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *po = g_strdup_printf ("msgid \"\"\nmsgstr \"\"\n"
                                             "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                                             "\"Plural-Forms: %s\\n\"\n", rules[i].rule);
      g_autofree char *mo = compile (fixture, rules[i].language, po, NULL);
      g_autoptr(DirCatalog) catalog = dir_catalog_new_from_file (mo, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (dir_catalog_get_n_plurals (catalog), ==, rules[i].n_plurals);
      for (gulong n = 0; n <= 10000; n++)
        {
          guint expected = rules[i].expected (n);

          if (expected >= rules[i].n_plurals)
            expected = 0;
          if (dir_catalog_get_plural_index (catalog, n) != expected)
            g_error ("%s, n = %lu: form %u, expected %u", rules[i].language, n,
                     dir_catalog_get_plural_index (catalog, n), expected);
        }
    }
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, length, &error);
  g_assert_no_error (error);
  return data;
}

static void
write_file (const char *path,
            const char *data,
            gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
}

static guint32
get_u32 (const char *data,
         gsize       offset)
{
  guint32 value;

  memcpy (&value, data + offset, sizeof value);
  return GUINT32_FROM_LE (value);
}

static void
put_u32 (char    *data,
         gsize    offset,
         guint32  value)
{
  value = GUINT32_TO_LE (value);
  memcpy (data + offset, &value, sizeof value);
}

static void
assert_invalid (const char *path,
                const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirCatalog) catalog = dir_catalog_new_from_file (path, &error);

  g_assert_null (catalog);
  g_assert_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_INVALID);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message_part);
}

/* Damaged files are refused with a reason; none is read out of bounds
 * (the sanitizer runs check that). */
static void
test_catalog_invalid (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mo = compile (fixture, "pl", pl_po, "--no-hash");
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.mo", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.mo", NULL);
  g_autofree char *good = NULL;
  g_autofree char *copy = NULL;
  gsize length = 0;
  guint32 n, orig, trans;

  good = read_file (mo, &length);
  g_assert_cmpuint (get_u32 (good, 0), ==, 0x950412de);
  n = get_u32 (good, 8);
  orig = get_u32 (good, 12);
  trans = get_u32 (good, 16);
  g_assert_cmpuint (n, ==, 7);

  g_assert_null (dir_catalog_new_from_file (missing, &error));
  g_assert_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_NOT_FOUND);
  g_clear_error (&error);

  write_file (bad, "", 0);
  assert_invalid (bad, "not a compiled message catalogue");
  write_file (bad, good, 20);
  assert_invalid (bad, "not a compiled message catalogue");
  write_file (bad, pl_po, sizeof pl_po - 1);
  assert_invalid (bad, "not a compiled message catalogue");

  /* Cut short: the tables or the strings are gone. */
  write_file (bad, good, orig + 8);
  assert_invalid (bad, "outside the file");
  write_file (bad, good, length - 3);
  assert_invalid (bad, "outside the file");

  /* A revision this reader does not know. */
  copy = g_memdup2 (good, length);
  put_u32 (copy, 4, 2 << 16);
  write_file (bad, copy, length);
  assert_invalid (bad, "revision 2");

  /* Entry counts and offsets pointing anywhere. */
  memcpy (copy, good, length);
  put_u32 (copy, 8, G_MAXUINT32);
  write_file (bad, copy, length);
  assert_invalid (bad, "outside the file");
  memcpy (copy, good, length);
  put_u32 (copy, 16, G_MAXUINT32 - 4);
  write_file (bad, copy, length);
  assert_invalid (bad, "outside the file");
  memcpy (copy, good, length);
  put_u32 (copy, trans + 8 * 2 + 4, (guint32) length - 2);   /* translation 2 */
  put_u32 (copy, trans + 8 * 2, 10);
  write_file (bad, copy, length);
  assert_invalid (bad, "outside the file");
  memcpy (copy, good, length);
  put_u32 (copy, orig + 8 * 3 + 4, G_MAXUINT32);
  write_file (bad, copy, length);
  assert_invalid (bad, "outside the file");

  /* Originals out of order: a binary search would miss entries. */
  memcpy (copy, good, length);
  for (guint table = orig; table == orig || table == trans; table = table == orig ? trans : 0)
    {
      guint32 len1 = get_u32 (good, table + 8), off1 = get_u32 (good, table + 12);
      guint32 len2 = get_u32 (good, table + 16), off2 = get_u32 (good, table + 20);

      put_u32 (copy, table + 8, len2);
      put_u32 (copy, table + 12, off2);
      put_u32 (copy, table + 16, len1);
      put_u32 (copy, table + 20, off1);
    }
  write_file (bad, copy, length);
  assert_invalid (bad, "not sorted");

  /* A translation that is not UTF-8. */
  memcpy (copy, good, length);
  {
    char *adres = memmem (copy, length, "Adres", 5);

    g_assert_nonnull (adres);
    adres[1] = (char) 0xff;
  }
  write_file (bad, copy, length);
  assert_invalid (bad, "not UTF-8");

  /* The same in the last plural form only. */
  memcpy (copy, good, length);
  {
    char *form = memmem (copy, length, "usług", sizeof "usług");   /* with its NUL */

    g_assert_nonnull (form);
    form[3] = 'x';   /* 0xc5, a lead byte, then no continuation */
  }
  write_file (bad, copy, length);
  assert_invalid (bad, "not UTF-8");
}

static void
test_catalog_bad_header (Fixture       *fixture,
                         gconstpointer  user_data)
{
  static const struct {
    const char *header;
    const char *error;
  } headers[] = {
    { "Content-Type: text/plain; charset=ISO-8859-2", "ISO-8859-2, not UTF-8" },
    { "Plural-Forms: nplurals=2; plural=(n==1 ? 0 : );", "plural forms" },
    { "Plural-Forms: nplurals=2; plural=(n==1;", "plural forms" },
    { "Plural-Forms: nplurals=2; plural=n==1 ? 0;", "plural forms" },
    { "Plural-Forms: nplurals=2; plural=n=1;", "plural forms" },
    { "Plural-Forms: nplurals=2; plural=m != 1;", "plural forms" },
    { "Plural-Forms: nplurals=0; plural=0;", "plural forms" },
    { "Plural-Forms: nplurals=x; plural=0;", "plural forms" },
    { "Plural-Forms: nplurals=2;", "plural forms" },
    { "Plural-Forms: nplurals=2; plural=n != 1; junk", "plural forms" },
    { "Plural-Forms: nplurals=2; plural=99999999999999999999999;", "plural forms" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autofree char *po = g_strdup_printf ("msgid \"\"\nmsgstr \"\"\n\"%s\\n\"\n\n"
                                             "msgid \"Address\"\nmsgstr \"Adres\"\n",
                                             headers[i].header);
      g_autofree char *mo = compile (fixture, "pl", po, NULL);

      assert_invalid (mo, headers[i].error);
    }

  /* Deep nesting and long chains are refused, not a stack overflow. */
  {
    g_autoptr(GString) deep = g_string_new ("msgid \"\"\nmsgstr \"\"\n\"Plural-Forms: nplurals=2; plural=");
    g_autoptr(GString) chain = g_string_new ("msgid \"\"\nmsgstr \"\"\n\"Plural-Forms: nplurals=2; plural=n");
    g_autofree char *mo = NULL;

    for (guint i = 0; i < 5000; i++)
      g_string_append_c (deep, '(');
    g_string_append_c (deep, 'n');
    for (guint i = 0; i < 5000; i++)
      g_string_append_c (deep, ')');
    g_string_append (deep, ";\\n\"\n");
    mo = compile (fixture, "pl", deep->str, NULL);
    assert_invalid (mo, "plural forms");
    g_clear_pointer (&mo, g_free);

    for (guint i = 0; i < 5000; i++)
      g_string_append (chain, "+n");
    g_string_append (chain, ";\\n\"\n");
    mo = compile (fixture, "pl", chain->str, NULL);
    assert_invalid (mo, "plural forms");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/catalog/lookup", Fixture, NULL,
              fixture_set_up, test_catalog_lookup, fixture_tear_down);
  g_test_add ("/core/catalog/big-endian", Fixture, NULL,
              fixture_set_up, test_catalog_big_endian, fixture_tear_down);
  g_test_add ("/core/catalog/rtl", Fixture, NULL,
              fixture_set_up, test_catalog_rtl, fixture_tear_down);
  g_test_add ("/core/catalog/for-language", Fixture, NULL,
              fixture_set_up, test_catalog_for_language, fixture_tear_down);
  g_test_add ("/core/catalog/plural-rules", Fixture, NULL,
              fixture_set_up, test_catalog_plural_rules, fixture_tear_down);
  g_test_add ("/core/catalog/invalid", Fixture, NULL,
              fixture_set_up, test_catalog_invalid, fixture_tear_down);
  g_test_add ("/core/catalog/bad-header", Fixture, NULL,
              fixture_set_up, test_catalog_bad_header, fixture_tear_down);

  return g_test_run ();
}
