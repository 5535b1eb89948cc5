/* test-handout.c
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

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "desk-handout.h"
#include "desk-handout-dialog.h"
#include "test-util.h"

/* Handouts exported headlessly (GtkPrintOperation's export action) for
 * services of data/sample-directory.json, read back with pdftotext and
 * looked at with pdftoppm.
 *
 * The handout's own words come from catalogues compiled here from small
 * .po texts, and also from po/pl.po and po/ur.po once they exist.  Set
 * HANDOUT_KEEP_DIR to keep the PDFs and page PNGs for looking at. */

#define DIRECTION_HUB_ID "4f7065e1-57fc-5a92-9c51-c8230bea83d2"   /* translated, 2 phones */
#define FOOD_BANK_ID     "6c092f86-fa64-5cc6-ad5e-6ae7b18e60e0"   /* translated */
#define DA_HELPLINE_ID   "fe6e33c9-ce61-5666-8ea7-d2762b7e0a49"   /* translated, confidential */
#define SAMPLE_REFUGE_ID        "cc5a97f7-dc57-59d3-a696-16ef7c8e8a47"   /* English only, confidential */
#define LIBRARY_ID       "885dd150-a03d-5d5c-9a95-c95d8d4ef5f5"   /* English only, real hours */

#define HELPLINE "01632 960001"

/* The address a confidential service's record carries in the test's
 * own record: it must never reach paper. */
#define SECRET_STREET "17 Larkspur Close"
#define SECRET_POSTCODE "MK41 7ZZ"

static const char * const sample_ids[] = {
  DIRECTION_HUB_ID, FOOD_BANK_ID, DA_HELPLINE_ID, SAMPLE_REFUGE_ID, LIBRARY_ID,
};

static const char pl_po[] =
  "msgid \"\"\nmsgstr \"\"\n"
  "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
  "\"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n"
  "msgid \"Services that can help you\"\nmsgstr \"Usługi, które mogą Ci pomóc\"\n"
  "msgid \"Opening hours\"\nmsgstr \"Godziny otwarcia\"\n"
  "msgid \"Address\"\nmsgstr \"Adres\"\n"
  "msgid \"What they offer\"\nmsgstr \"Co oferują\"\n"
  "msgid \"Who can use it\"\nmsgstr \"Kto może skorzystać\"\n"
  "msgid \"Phone\"\nmsgstr \"Telefon\"\n"
  "msgid \"Area\"\nmsgstr \"Obszar\"\n"
  "msgid \"Phone first — address not given\"\nmsgstr \"Najpierw zadzwoń — adres nie jest podawany\"\n"
  "msgid \"(English)\"\nmsgstr \"(po angielsku)\"\n"
  "msgid \"Monday\"\nmsgstr \"poniedziałek\"\n"
  "msgid \"Friday\"\nmsgstr \"piątek\"\n"
  "msgid \"Saturday\"\nmsgstr \"sobota\"\n"
  "msgid \"Sunday\"\nmsgstr \"niedziela\"\n"
  "msgid \"%s to %s\"\nmsgstr \"%s – %s\"\n"
  "msgid \"%s and %s\"\nmsgstr \"%s i %s\"\n"
  "msgid \"Every day\"\nmsgstr \"codziennie\"\n"
  "msgid \"(open 24 hours)\"\nmsgstr \"(całą dobę)\"\n"
  "msgid \"Direction helpline: %s\"\nmsgstr \"Infolinia Direction: %s\"\n"
  "msgid \"Printed on %s\"\nmsgstr \"Wydrukowano %s\"\n"
  "msgid \"%d/%m/%Y\"\nmsgstr \"%d.%m.%Y\"\n"
  "msgid \"Page %d of %d\"\nmsgstr \"Strona %d z %d\"\n"
  "msgid \"What they can do for you\"\nmsgstr \"W czym mogą Ci pomóc\"\n"
  "msgid \"Who can go\"\nmsgstr \"Kto może przyjść\"\n"
  "msgid \"Where to go\"\nmsgstr \"Dokąd iść\"\n"
  "msgid \"Where they work\"\nmsgstr \"Gdzie działają\"\n"
  "msgid \"When it is open\"\nmsgstr \"Kiedy jest otwarte\"\n"
  "msgid \"Phone number\"\nmsgstr \"Numer telefonu\"\n"
  "msgid \"Phone them first. They do not give out this address.\"\n"
  "msgstr \"Najpierw zadzwoń. Tego adresu nie podają.\"\n";

static const char ur_po[] =
  "msgid \"\"\nmsgstr \"\"\n"
  "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
  "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n"
  "msgid \"Services that can help you\"\nmsgstr \"وہ خدمات جو آپ کی مدد کر سکتی ہیں\"\n"
  "msgid \"From Direction, Bedfordshire’s hub for people on probation, leaving prison, and their families\"\n"
  "msgstr \"ڈائریکشن کی طرف سے، جو بیڈفورڈشائر میں پروبیشن پر موجود افراد، جیل سے رہا ہونے والوں اور ان کے خاندانوں کا مرکز ہے\"\n"
  "msgid \"Opening hours\"\nmsgstr \"کھلنے کے اوقات\"\n"
  "msgid \"Address\"\nmsgstr \"پتا\"\n"
  "msgid \"What they offer\"\nmsgstr \"وہ کیا پیش کرتے ہیں\"\n"
  "msgid \"Who can use it\"\nmsgstr \"کون فائدہ اٹھا سکتا ہے\"\n"
  "msgid \"Phone\"\nmsgstr \"فون\"\n"
  "msgid \"Area\"\nmsgstr \"علاقہ\"\n"
  "msgid \"Phone first — address not given\"\nmsgstr \"پہلے فون کریں — پتا نہیں دیا جاتا\"\n"
  "msgid \"(English)\"\nmsgstr \"(انگریزی میں)\"\n"
  "msgid \"Monday\"\nmsgstr \"پیر\"\n"
  "msgid \"Tuesday\"\nmsgstr \"منگل\"\n"
  "msgid \"Wednesday\"\nmsgstr \"بدھ\"\n"
  "msgid \"Thursday\"\nmsgstr \"جمعرات\"\n"
  "msgid \"Friday\"\nmsgstr \"جمعہ\"\n"
  "msgid \"Saturday\"\nmsgstr \"ہفتہ\"\n"
  "msgid \"Sunday\"\nmsgstr \"اتوار\"\n"
  "msgid \"%s to %s\"\nmsgstr \"%s سے %s\"\n"
  "msgid \"%s and %s\"\nmsgstr \"%s اور %s\"\n"
  "msgid \", \"\nmsgstr \"، \"\n"
  "msgid \"Every day\"\nmsgstr \"ہر روز\"\n"
  "msgid \"(open 24 hours)\"\nmsgstr \"(چوبیس گھنٹے کھلا)\"\n"
  "msgid \"Direction helpline: %s\"\nmsgstr \"ڈائریکشن ہیلپ لائن: %s\"\n"
  "msgid \"Printed on %s\"\nmsgstr \"تاریخ: %s\"\n"
  "msgid \"Page %d of %d\"\nmsgstr \"صفحہ %d از %d\"\n"
  "msgid \"What they can do for you\"\nmsgstr \"وہ آپ کے لیے کیا کر سکتے ہیں\"\n"
  "msgid \"Who can go\"\nmsgstr \"کون جا سکتا ہے\"\n"
  "msgid \"Where to go\"\nmsgstr \"کہاں جائیں\"\n"
  "msgid \"Where they work\"\nmsgstr \"وہ کہاں کام کرتے ہیں\"\n"
  "msgid \"When it is open\"\nmsgstr \"یہ کب کھلا ہوتا ہے\"\n"
  "msgid \"Phone number\"\nmsgstr \"فون نمبر\"\n"
  "msgid \"Phone them first. They do not give out this address.\"\n"
  "msgstr \"پہلے فون کریں۔ وہ یہ پتا نہیں بتاتے۔\"\n";

/* A confidential service whose feed sent an address anyway. */
static const char secret_refuge_json[] =
  "{\"id\": \"8a4d2f0e-2b7c-4b7e-9c51-0d6c1f2e7a11\", \"name\": \"Test women's refuge\","
  " \"description\": \"Safe rooms for women and children leaving abuse.\", \"status\": \"active\","
  " \"phones\": [{\"id\": \"c1a4f1de-5f0b-4c8e-9d2a-5b1e7c3a9f01\", \"number\": \"01632 960999\"}],"
  " \"service_at_locations\": [{\"id\": \"0e3c9a51-7d2f-4a6b-8c1e-2f9d4b7a6c02\","
  "   \"location\": {\"id\": \"5b2e8d4c-1a7f-4e3b-9c6d-8f0a2e4b6d03\", \"location_type\": \"physical\","
  "   \"latitude\": 52.14, \"longitude\": -0.46,"
  "   \"addresses\": [{\"id\": \"9f1c3e5a-7b2d-4f6e-8a0c-1d3e5f7a9b04\", \"address_1\": \"" SECRET_STREET "\","
  "     \"city\": \"Bedford\", \"postal_code\": \"" SECRET_POSTCODE "\", \"country\": \"GB\"}]}}],"
  " \"direction\": {\"confidential\": true, \"area\": {\"name\": \"Bedford\", \"latitude\": 52.136845,"
  "   \"longitude\": -0.468484}}}";

typedef struct
{
  char     *dir;
  char     *locale_dir;
  DirStore *store;
} Fixture;

static char *
run (const char * const *argv,
     gboolean            want_stdout)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  int status = -1;

  /* build-aux/setup.sh installs gettext and poppler-utils. */
  if (program == NULL)
    g_error ("%s is not installed", argv[0]);

  g_ptr_array_add (args, program);
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);

  return want_stdout ? g_steal_pointer (&out) : NULL;
}

static void
compile_po (const char *locale_dir,
            const char *language,
            const char *po_path)
{
  g_autofree char *messages = g_build_filename (locale_dir, language, "LC_MESSAGES", NULL);
  g_autofree char *mo = g_build_filename (messages, "direction.mo", NULL);
  const char *argv[] = { "msgfmt", "-o", mo, po_path, NULL };

  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  run (argv, FALSE);
}

static void
write_po (Fixture    *fixture,
          const char *language,
          const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *po = g_strdup_printf ("%s/test-%s.po", fixture->dir, language);

  g_file_set_contents (po, text, -1, &error);
  g_assert_no_error (error);
  compile_po (fixture->locale_dir, language, po);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autofree char *json = g_test_build_filename (G_TEST_DIST, "..", "data", "sample-directory.json", NULL);
  guint n = 0;

  fixture->dir = g_dir_make_tmp ("test-handout-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->locale_dir = g_build_filename (fixture->dir, "locale", NULL);
  write_po (fixture, "pl", pl_po);
  write_po (fixture, "ur", ur_po);
  g_setenv ("DIRECTION_LOCALE_DIR", fixture->locale_dir, TRUE);

  g_settings_set_string (settings, "handout-helpline", HELPLINE);

  fixture->store = dir_store_new (NULL, &error);
  g_assert_no_error (error);
  dir_store_import_file (fixture->store, json, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 244);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");

  g_settings_reset (settings, "handout-helpline");
  g_settings_reset (settings, "content-language");
  g_clear_object (&fixture->store);
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->locale_dir);
}

static GListModel *
get_services (Fixture            *fixture,
              const char * const *ids,
              guint               n_ids)
{
  GListStore *list = g_list_store_new (DIR_TYPE_SERVICE);

  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DirService) service = dir_store_get_service (fixture->store, ids[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (service);
      g_list_store_append (list, service);
    }

  return G_LIST_MODEL (list);
}

static GListModel *
get_samples (Fixture *fixture)
{
  return get_services (fixture, sample_ids, G_N_ELEMENTS (sample_ids));
}

/* Text as pdftotext gives it back, and text to look for, made alike:
 * compatibility forms folded (Arabic presentation forms), direction marks
 * and joiners dropped, every run of space one space. */
static char *
normalise (const char *text)
{
  g_autofree char *folded = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x200c || c == 0x200d || c == 0x200e || c == 0x200f || c == 0x00ad || c == 0x2060 ||
          (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
        continue;
      if (g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static char *
pdf_text (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *text = run (argv, TRUE);

  return normalise (text);
}

static void
assert_has (const char *haystack,
            const char *needle,
            const char *what)
{
  g_autofree char *normal = normalise (needle);

  if (strstr (haystack, normal) == NULL)
    g_error ("%s: “%s” is not in the handout's text:\n%s", what, normal, haystack);
}

static void
assert_has_not (const char *haystack,
                const char *needle,
                const char *what)
{
  g_autofree char *normal = normalise (needle);

  if (strstr (haystack, normal) != NULL)
    g_error ("%s: “%s” is in the handout's text", what, normal);
}

/* pdftotext puts right-to-left text back together imperfectly: spaces
 * inside words, and a lam-alef ligature's alef put elsewhere.  So for
 * Urdu every word of the text must be in the page text with its spaces
 * taken out, but for words with a lam-alef, which are counted apart. */
static void
assert_has_words (const char *haystack,
                  const char *needle,
                  const char *what)
{
  g_autofree char *normal = normalise (needle);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) packed = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  guint n_words = 0, n_ligature = 0;

  /* Spaces and punctuation out of the page text (brackets come out
   * mirrored); the words of the needle split at both. */
  for (const char *p = haystack; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != ' ' && !g_unichar_ispunct (c))
        g_string_append_unichar (packed, c);
    }
  for (const char *p = normal; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || c == ' ' || g_unichar_ispunct (c))
        {
          if (word->len > 0)
            g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
          if (c == 0)
            break;
        }
      else
        g_string_append_unichar (word, c);
    }

  for (guint i = 0; i < words->len; i++)
    {
      const char *text = g_ptr_array_index (words, i);

      if (strstr (text, "\u0644\u0627") != NULL || strstr (text, "\u0644\u0622") != NULL)
        {
          n_ligature++;
          continue;
        }
      n_words++;
      if (strstr (packed->str, text) == NULL)
        g_error ("%s: the word “%s” of “%s” is not in the handout's text:\n%s",
                 what, text, normal, packed->str);
    }

  /* Most words are checked. */
  g_assert_cmpuint (n_words, >, 0);
  g_assert_cmpuint (n_words, >=, n_ligature);
}

static char *
export (Fixture          *fixture,
        GListModel       *services,
        const char       *language,
        DeskHandoutStyle  style,
        const char       *name)
{
  g_autoptr(GError) error = NULL;
  const char *keep = g_getenv ("HANDOUT_KEEP_DIR");
  char *pdf = g_build_filename (keep != NULL ? keep : fixture->dir, name, NULL);
  gint64 start = g_get_monotonic_time ();

  g_assert_true (desk_handout_export_pdf (services, language, style, pdf, &error));
  g_assert_no_error (error);
  g_test_message ("%s: %u services in %.0f ms", name, g_list_model_get_n_items (services),
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  return pdf;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static int
pdf_n_pages (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *info = run (argv, TRUE);
  const char *pages = strstr (info, "\nPages:");

  g_assert_nonnull (pages);
  return atoi (pages + strlen ("\nPages:"));
}

/* The pages as PNGs at a low resolution, in order. */
static GPtrArray *
render_pages (const char *pdf,
              int         dpi)
{
  g_autofree char *prefix = g_strdup_printf ("%.*s-page", (int) strlen (pdf) - 4, pdf);
  g_autofree char *resolution = g_strdup_printf ("%d", dpi);
  g_autofree char *dir = g_path_get_dirname (pdf);
  g_autofree char *base = g_path_get_basename (prefix);
  const char *argv[] = { "pdftoppm", "-r", resolution, "-png", pdf, prefix, NULL };
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) listing = NULL;
  const char *name;

  /* Pages of an earlier run (HANDOUT_KEEP_DIR) would count. */
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, base) && g_str_has_suffix (name, ".png"))
      {
        g_autofree char *old = g_build_filename (dir, name, NULL);

        g_unlink (old);
      }
  g_clear_pointer (&listing, g_dir_close);

  run (argv, FALSE);
  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, base) && g_str_has_suffix (name, ".png"))
      g_ptr_array_add (pages, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (pages, compare_paths);   /* page-1, page-2, … up to 9 */

  return g_steal_pointer (&pages);
}

typedef struct
{
  int    width, height;
  double ink;        /* share of pixels that are not white */
  guint  pin_red;    /* pixels of the pin's red */
} PageStats;

static PageStats
page_stats (const char *png)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (png, &error);
  g_autofree guchar *pixels = NULL;
  PageStats stats = { 0 };
  guint64 inked = 0;
  gsize stride;

  g_assert_no_error (error);
  stats.width = gdk_texture_get_width (texture);
  stats.height = gdk_texture_get_height (texture);
  stride = 4 * (gsize) stats.width;
  pixels = g_malloc (stride * stats.height);
  gdk_texture_download (texture, pixels, stride);

  for (int y = 0; y < stats.height; y++)
    for (int x = 0; x < stats.width; x++)
      {
        /* Cairo's ARGB32 in memory: B, G, R, A on little-endian. */
        const guchar *px = pixels + y * stride + 4 * x;
        int b = px[0], g = px[1], r = px[2];

        if (r < 235 || g < 235 || b < 235)
          inked++;
        if (r > 170 && g < 70 && b < 70)
          stats.pin_red++;
      }

  stats.ink = inked / (double) ((guint64) stats.width * stats.height);
  return stats;
}

static void
check_pages (GPtrArray *pages,
             guint      expected)
{
  g_assert_cmpuint (pages->len, ==, expected);
  for (guint i = 0; i < pages->len; i++)
    {
      PageStats stats = page_stats (g_ptr_array_index (pages, i));

      g_test_message ("%s: %dx%d, %.1f%% ink, %u pin pixels", (char *) g_ptr_array_index (pages, i),
                      stats.width, stats.height, 100 * stats.ink, stats.pin_red);
      /* A4 portrait. */
      g_assert_cmpfloat (fabs (stats.height / (double) stats.width - 297.0 / 210.0), <, 0.01);
      /* Not blank, not a black page: text and maps take a few percent. */
      g_assert_cmpfloat (stats.ink, >, 0.02);
      g_assert_cmpfloat (stats.ink, <, 0.40);
    }
}

typedef struct
{
  char   *text;
  double  x, y;        /* top left, in points */
  double  height;
} Word;

static void
word_clear (gpointer data)
{
  g_free (((Word *) data)->text);
}

/* The words of the first page with their places (pdftotext -bbox). */
static GArray *
first_page_words (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-bbox", "-enc", "UTF-8", "-f", "1", "-l", "1", pdf, "-", NULL };
  g_autofree char *html = run (argv, TRUE);
  GArray *words = g_array_new (FALSE, FALSE, sizeof (Word));
  const char *p = html;

  g_array_set_clear_func (words, word_clear);
  while ((p = strstr (p, "<word xMin=\"")) != NULL)
    {
      Word word;
      const char *text = strchr (p, '>') + 1;
      const char *end = strstr (text, "</word>");

      word.x = g_ascii_strtod (p + strlen ("<word xMin=\""), NULL);
      word.y = g_ascii_strtod (strstr (p, "yMin=\"") + strlen ("yMin=\""), NULL);
      word.height = g_ascii_strtod (strstr (p, "yMax=\"") + strlen ("yMax=\""), NULL) - word.y;
      word.text = g_strndup (text, end - text);
      g_array_append_val (words, word);
      p = end;
    }

  return words;
}

static double
word_x (GArray     *words,
        const char *text)
{
  for (guint i = 0; i < words->len; i++)
    if (g_str_equal (g_array_index (words, Word, i).text, text))
      return g_array_index (words, Word, i).x;

  g_error ("“%s” is not a word on the first page", text);
}

static gboolean
is_arabic_script (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_ARABIC)
      return TRUE;

  return FALSE;
}

static void
check_translated_services (Fixture    *fixture,
                           const char *text,
                           const char *language)
{
  void (*check) (const char *, const char *, const char *) =
    g_str_equal (language, "ur") ? assert_has_words : assert_has;

  static const char * const translated[] = { DIRECTION_HUB_ID, FOOD_BANK_ID, DA_HELPLINE_ID };
  static const char * const english_only[] = { SAMPLE_REFUGE_ID, LIBRARY_ID };

  for (guint i = 0; i < G_N_ELEMENTS (translated); i++)
    {
      g_autoptr(DirService) service = dir_store_get_service (fixture->store, translated[i], NULL);
      const DirTranslation *translation = dir_service_get_translation (service, language);

      g_assert_nonnull (translation);
      check (text, translation->name, "translated name");
      check (text, translation->description, "translated description");
      /* The English beside it. */
      assert_has (text, dir_service_get_name (service), "English name");
      assert_has (text, dir_service_get_description (service), "English description");
    }

  for (guint i = 0; i < G_N_ELEMENTS (english_only); i++)
    {
      g_autoptr(DirService) service = dir_store_get_service (fixture->store, english_only[i], NULL);

      g_assert_null (dir_service_get_translation (service, language));
      assert_has (text, dir_service_get_name (service), "untranslated name");
      assert_has (text, dir_service_get_description (service), "untranslated description");
    }

  /* Addresses of the others, not of the confidential ones. */
  assert_has (text, "74 Albert Road, Bedford, MK40 1LQ", "address");
  assert_has (text, HELPLINE, "helpline");
  assert_has (text, "01632 960167", "confidential service's phone");
}

static void
test_handout_polish (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GListModel) services = get_samples (fixture);
  g_autofree char *pdf = export (fixture, services, "pl", DESK_HANDOUT_STYLE_STANDARD, "handout-pl.pdf");
  g_autofree char *text = pdf_text (pdf);
  g_autoptr(GPtrArray) pages = render_pages (pdf, 60);

  check_translated_services (fixture, text, "pl");

  /* The handout's own words, from the test catalogue. */
  assert_has (text, "Usługi, które mogą Ci pomóc", "title");
  assert_has (text, "Infolinia Direction: " HELPLINE, "helpline heading");
  assert_has (text, "Godziny otwarcia", "label");
  assert_has (text, "Co oferują", "label");
  assert_has (text, "Najpierw zadzwoń — adres nie jest podawany", "confidential address");
  assert_has (text, "Phone first — address not given", "the English beside it");
  assert_has (text, "(po angielsku)", "untranslated mark");
  assert_has (text, "poniedziałek – piątek 08:00–22:00", "opening hours");
  assert_has (text, "Monday to Friday 08:00–22:00", "the English hours");
  assert_has (text, "codziennie (całą dobę)", "open all day");
  assert_has (text, "Every day (open 24 hours)", "the English");
  assert_has (text, "Strona 1 z", "page number");
  assert_has (text, "Contains OS data © Crown copyright and database right 2014, 2017 and 2025",
              "credits");
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *date = g_date_time_format (now, "Wydrukowano %d.%m.%Y");

    assert_has (text, date, "date");
  }
  /* The English words where they are not translated. */
  assert_has_not (text, "Opening hours Godziny", "label order");

  /* Polish reads left to right: Polish column left, English right. */
  {
    g_autoptr(GArray) words = first_page_words (pdf);

    g_assert_cmpfloat (word_x (words, "wsparcia"), <, 297.0);       /* the Polish name */
    g_assert_cmpfloat (word_x (words, "practitioner"), >, 297.0);   /* the English text */
  }

  /* Five services, two to a page where two fit. */
  check_pages (pages, 3);
}

static void
test_handout_urdu (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GListModel) services = get_samples (fixture);
  g_autofree char *pdf = export (fixture, services, "ur", DESK_HANDOUT_STYLE_STANDARD, "handout-ur.pdf");
  g_autofree char *text = pdf_text (pdf);
  g_autoptr(GPtrArray) pages = render_pages (pdf, 60);

  check_translated_services (fixture, text, "ur");

  assert_has_words (text, "وہ خدمات جو آپ کی مدد کر سکتی ہیں", "title");
  assert_has_words (text, "کھلنے کے اوقات", "label");
  assert_has_words (text, "پہلے فون کریں — پتا نہیں دیا جاتا", "confidential address");
  assert_has (text, "Phone first — address not given", "the English beside it");
  assert_has_words (text, "(انگریزی میں)", "untranslated mark");
  assert_has_words (text, "پیر سے جمعہ", "weekdays");
  assert_has (text, "08:00–22:00", "opening hours");
  /* The phone number keeps its order inside Urdu. */
  assert_has (text, HELPLINE, "helpline number");

  /* Urdu reads right to left: under the heading, all Urdu is in the
   * right-hand column, the English text in the left-hand one; the
   * helpline is in the heading's left, its end. */
  {
    g_autoptr(GArray) words = first_page_words (pdf);
    guint n_urdu = 0;

    for (guint i = 0; i < words->len; i++)
      {
        Word *word = &g_array_index (words, Word, i);

        /* Below the heading, above the page number. */
        if (word->y > 100 && word->y < 780 && is_arabic_script (word->text))
          {
            n_urdu++;
            if (word->x < 297.0)
              g_error ("Urdu “%s” at x = %.0f, in the left half", word->text, word->x);
          }
      }
    g_test_message ("%u Urdu words on page 1, all on the right", n_urdu);
    g_assert_cmpuint (n_urdu, >, 100);
    g_assert_cmpfloat (word_x (words, "practitioner"), <, 297.0);
    g_assert_cmpfloat (word_x (words, "960001"), <, 297.0);
  }

  check_pages (pages, 4);
}

/* Large print, easy read: a page a service, body text at 18 pt. */
static void
test_handout_large_print (Fixture       *fixture,
                          gconstpointer  user_data)
{
  static const char * const languages[] = { "pl", "ur" };

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr(GListModel) services = get_samples (fixture);
      g_autofree char *name = g_strdup_printf ("handout-%s-large.pdf", languages[l]);
      g_autofree char *pdf = export (fixture, services, languages[l],
                                     DESK_HANDOUT_STYLE_LARGE_PRINT, name);
      g_autofree char *text = pdf_text (pdf);
      g_autoptr(GPtrArray) pages = render_pages (pdf, 40);

      check_pages (pages, g_list_model_get_n_items (services));
      if (g_str_equal (languages[l], "pl"))
        {
          assert_has (text, "W czym mogą Ci pomóc", "plain words");
          assert_has (text, "Najpierw zadzwoń. Tego adresu nie podają.", "plain words");
          assert_has (text, "Phone them first. They do not give out this address.", "English");
          assert_has (text, "Strona 5 z 5", "page number");
        }
      else
        assert_has_words (text, "وہ آپ کے لیے کیا کر سکتے ہیں", "plain words");
    }

  /* The client's text at 16 pt: pdftotext -bbox gives a word's box, the
   * font's ascent and descent high, 1.36 times the size for Noto Sans. */
  {
    g_autoptr(GListModel) services = get_services (fixture, (const char *[]) { FOOD_BANK_ID }, 1);
    g_autofree char *pdf = export (fixture, services, "pl", DESK_HANDOUT_STYLE_LARGE_PRINT,
                                   "handout-pl-large-1.pdf");
    g_autoptr(GArray) words = first_page_words (pdf);
    double polish = 0, english = 0;

    for (guint i = 0; i < words->len; i++)
      {
        Word *word = &g_array_index (words, Word, i);

        /* First words of the Polish and of the English description. */
        if (g_str_equal (word->text, "Paczki"))
          polish = word->height / 1.36;
        else if (g_str_equal (word->text, "Emergency"))
          english = word->height / 1.36;
      }
    g_test_message ("large print: Polish text %.1f pt, English %.1f pt", polish, english);
    g_assert_cmpfloat (polish, >=, 15.9);
    g_assert_cmpfloat (english, >, 0);
    g_assert_cmpfloat (english, <, polish);
  }
}

/* A confidential service: no address, even if its feed sent one, and no
 * pin; a service with an address gets both. */
static void
test_handout_confidential (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DirService) refuge = dir_service_new_from_data (secret_refuge_json, -1, &error);
  g_autoptr(GListStore) secret = g_list_store_new (DIR_TYPE_SERVICE);
  g_autoptr(GListModel) hub = get_services (fixture, (const char *[]) { DIRECTION_HUB_ID }, 1);
  g_autofree char *secret_pdf = NULL;
  g_autofree char *hub_pdf = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) secret_pages = NULL;
  g_autoptr(GPtrArray) hub_pages = NULL;
  PageStats stats;

  g_assert_no_error (error);
  g_assert_true (dir_service_get_confidential (refuge));
  g_list_store_append (secret, refuge);

  for (guint style = DESK_HANDOUT_STYLE_STANDARD; style <= DESK_HANDOUT_STYLE_LARGE_PRINT; style++)
    {
      g_clear_pointer (&secret_pdf, g_free);
      g_clear_pointer (&text, g_free);
      secret_pdf = export (fixture, G_LIST_MODEL (secret), "pl", style,
                           style == DESK_HANDOUT_STYLE_STANDARD ? "secret.pdf" : "secret-large.pdf");
      text = pdf_text (secret_pdf);
      assert_has (text, "Test women's refuge", "name");
      assert_has (text, "01632 960999", "phone");
      assert_has (text, "Bedford", "area");
      assert_has_not (text, SECRET_STREET, "confidential street");
      assert_has_not (text, SECRET_POSTCODE, "confidential postcode");
      assert_has_not (text, "Larkspur", "confidential street");
    }
  assert_has (text, "Najpierw zadzwoń. Tego adresu nie podają.", "phone first");

  secret_pages = render_pages (secret_pdf, 60);
  g_assert_cmpuint (secret_pages->len, ==, 1);
  stats = page_stats (g_ptr_array_index (secret_pages, 0));
  g_test_message ("confidential: %u pin pixels", stats.pin_red);
  g_assert_cmpuint (stats.pin_red, ==, 0);

  hub_pdf = export (fixture, hub, "pl", DESK_HANDOUT_STYLE_LARGE_PRINT, "pin.pdf");
  hub_pages = render_pages (hub_pdf, 60);
  g_assert_cmpuint (hub_pages->len, ==, 1);
  stats = page_stats (g_ptr_array_index (hub_pages, 0));
  g_test_message ("with an address: %u pin pixels", stats.pin_red);
  g_assert_cmpuint (stats.pin_red, >, 15);
}

/* English: one column, nothing marked "(English)"; a language with no
 * catalogue: English headings around the translated services. */
static void
test_handout_other_languages (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GListModel) services = get_samples (fixture);
  g_autofree char *en_pdf = export (fixture, services, "en", DESK_HANDOUT_STYLE_STANDARD, "handout-en.pdf");
  g_autofree char *en_text = pdf_text (en_pdf);
  g_autofree char *pt_pdf = NULL;
  g_autofree char *pt_text = NULL;
  g_autoptr(DirService) hub = dir_store_get_service (fixture->store, DIRECTION_HUB_ID, NULL);

  assert_has (en_text, "Services that can help you", "title");
  assert_has (en_text, "Opening hours", "label");
  assert_has (en_text, "Phone first — address not given", "confidential");
  assert_has_not (en_text, "(English)", "mark");
  assert_has_not (en_text, dir_service_get_translation (hub, "pl")->name, "translation");

  g_assert_false (desk_handout_has_translation ("pt"));
  g_assert_true (desk_handout_has_translation ("pl"));
  g_assert_true (desk_handout_has_translation ("en"));
  pt_pdf = export (fixture, services, "pt", DESK_HANDOUT_STYLE_STANDARD, "handout-pt.pdf");
  pt_text = pdf_text (pt_pdf);
  assert_has (pt_text, dir_service_get_translation (hub, "pt")->name, "Portuguese name");
  assert_has (pt_text, "Opening hours", "English heading");
  assert_has (pt_text, "(English)", "mark");

  /* Bengali and Gurmukhi: set in fonts that have them (fonts-noto-core),
   * so the text comes back out of the PDF; missing glyphs would be boxes
   * with no text behind them. */
  {
    static const struct { const char *language; const char *font; } scripts[] = {
      { "bn", "NotoSansBengali" }, { "pa", "NotoSansGurmukhi" }, { "ur", "NotoNaskhArabic" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (scripts); i++)
      {
        g_autofree char *name = g_strdup_printf ("handout-%s.pdf", scripts[i].language);
        g_autofree char *pdf = export (fixture, services, scripts[i].language,
                                       DESK_HANDOUT_STYLE_STANDARD, name);
        g_autofree char *text = pdf_text (pdf);
        const char *argv[] = { "pdffonts", pdf, NULL };
        g_autofree char *fonts = run (argv, TRUE);
        const DirTranslation *translation = dir_service_get_translation (hub, scripts[i].language);

        if (strstr (fonts, scripts[i].font) == NULL)
          g_error ("%s handout: no %s font in the PDF:\n%s", scripts[i].language, scripts[i].font, fonts);
        assert_has_words (text, translation->name, scripts[i].language);
        assert_has_words (text, translation->description, scripts[i].language);
      }
  }
}

/* Bad requests: an error and no file; a good export replaces the old file
 * only when it is complete. */
static void
test_handout_errors (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) empty = g_list_store_new (DIR_TYPE_SERVICE);
  g_autoptr(GListModel) services = get_samples (fixture);
  g_autofree char *pdf = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autofree char *nowhere = g_build_filename (fixture->dir, "no-such-folder", "out.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_false (desk_handout_export_pdf (G_LIST_MODEL (empty), "pl", DESK_HANDOUT_STYLE_STANDARD,
                                           pdf, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  g_assert_false (desk_handout_export_pdf (services, "../../etc", DESK_HANDOUT_STYLE_STANDARD,
                                           pdf, &error));
  g_assert_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_LANGUAGE);
  g_clear_error (&error);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  g_assert_false (desk_handout_export_pdf (services, "pl", DESK_HANDOUT_STYLE_STANDARD,
                                           nowhere, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_clear_error (&error);

  /* A damaged catalogue is an error, not a silent English handout. */
  {
    g_autofree char *mo = g_build_filename (fixture->locale_dir, "pl", "LC_MESSAGES",
                                            "direction.mo", NULL);
    g_autofree char *saved = NULL;
    gsize length;

    g_file_get_contents (mo, &saved, &length, &error);
    g_assert_no_error (error);
    g_file_set_contents (mo, "not a catalogue", -1, &error);
    g_assert_no_error (error);
    g_assert_false (desk_handout_export_pdf (services, "pl", DESK_HANDOUT_STYLE_STANDARD,
                                             pdf, &error));
    g_assert_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_INVALID);
    g_clear_error (&error);
    g_file_set_contents (mo, saved, (gssize) length, &error);
    g_assert_no_error (error);
  }

  g_file_set_contents (pdf, "old", -1, &error);
  g_assert_no_error (error);
  g_assert_true (desk_handout_export_pdf (services, "pl", DESK_HANDOUT_STYLE_STANDARD, pdf, &error));
  g_assert_no_error (error);
  g_file_get_contents (pdf, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  /* No temporary files left behind. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, ".out.pdf-"));
}

/* The real translations, once po/pl.po and po/ur.po are merged: every
 * handout word they translate shows on the handout. */
static void
test_handout_real_translations (Fixture       *fixture,
                                gconstpointer  user_data)
{
  static const char * const languages[] = { "pl", "ur" };
  static const char * const words[] = {
    "Services that can help you", "Opening hours", "What they offer",
    "Phone first — address not given", "(English)", "Page %d of %d",
  };
  g_autofree char *real_dir = g_build_filename (fixture->dir, "real-locale", NULL);
  guint n_checked = 0;

  g_setenv ("DIRECTION_LOCALE_DIR", real_dir, TRUE);

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autofree char *po = g_test_build_filename (G_TEST_DIST, "..", "po", NULL);
      g_autofree char *po_file = g_strdup_printf ("%s/%s.po", po, languages[l]);
      g_autoptr(GError) error = NULL;
      g_autoptr(DirCatalog) catalog = NULL;
      g_autoptr(GListModel) services = NULL;
      g_autofree char *pdf = NULL;
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;

      if (!g_file_test (po_file, G_FILE_TEST_EXISTS))
        {
          g_test_message ("po/%s.po is not there yet: the handout was checked with the test "
                          "catalogue only", languages[l]);
          continue;
        }

      compile_po (real_dir, languages[l], po_file);
      catalog = dir_catalog_new_for_language (real_dir, "direction", languages[l], &error);
      g_assert_no_error (error);

      services = get_samples (fixture);
      name = g_strdup_printf ("handout-%s-real.pdf", languages[l]);
      pdf = export (fixture, services, languages[l], DESK_HANDOUT_STYLE_STANDARD, name);
      text = pdf_text (pdf);

      for (guint i = 0; i < G_N_ELEMENTS (words); i++)
        {
          const char *translation = dir_catalog_lookup (catalog, words[i]);
          g_autofree char *shown = NULL;

          /* Completeness is test-locales' business; here, what is there shows. */
          if (translation == NULL)
            {
              g_test_message ("po/%s.po has no translation of “%s”", languages[l], words[i]);
              continue;
            }
          if (g_str_equal (words[i], "Page %d of %d"))
            {
              /* The translated format, checked against its msgid's. */
              shown = g_strdup_printf (dir_catalog_gettext (catalog, "Page %d of %d"),
                                       1, pdf_n_pages (pdf));
            }
          else
            shown = g_strdup (translation);
          if (g_str_equal (languages[l], "ur"))
            assert_has_words (text, shown, words[i]);
          else
            assert_has (text, shown, words[i]);
          n_checked++;
        }
    }

  g_test_message ("%u words of the real translations checked", n_checked);
}

/* A picture of a window, for looking at (HANDOUT_KEEP_DIR). */
static void
save_window_png (GtkWidget  *widget,
                 const char *name)
{
  const char *keep = g_getenv ("HANDOUT_KEEP_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (keep == NULL)
    return;

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (keep, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The options dialog: the languages offered, the content language as the
 * first choice, large print off. */
static void
test_handout_dialog (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autoptr(GListModel) services = get_samples (fixture);
  const char * const *languages = desk_handout_get_languages ();
  DeskHandoutDialog *dialog;

  g_assert_cmpuint (g_strv_length ((char **) languages), ==, 9);
  g_assert_cmpstr (languages[0], ==, "en");

  dialog = desk_handout_dialog_new (NULL, services);
  g_assert_cmpstr (desk_handout_dialog_get_language (dialog), ==, "en");
  g_assert_cmpint (desk_handout_dialog_get_style (dialog), ==, DESK_HANDOUT_STYLE_STANDARD);
  desk_handout_dialog_set_language (dialog, "ur");
  desk_handout_dialog_set_style (dialog, DESK_HANDOUT_STYLE_LARGE_PRINT);
  g_assert_cmpstr (desk_handout_dialog_get_language (dialog), ==, "ur");
  g_assert_cmpint (desk_handout_dialog_get_style (dialog), ==, DESK_HANDOUT_STYLE_LARGE_PRINT);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  save_window_png (GTK_WIDGET (dialog), "dialog-ur.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Polish has a catalogue here, Bengali none: the dialog says so. */
  g_settings_set_string (settings, "content-language", "bn");
  dialog = desk_handout_dialog_new (NULL, services);
  g_assert_cmpstr (desk_handout_dialog_get_language (dialog), ==, "bn");
  {
    AdwActionRow *row = ADW_ACTION_ROW (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                       DESK_TYPE_HANDOUT_DIALOG,
                                                                       "language_row"));

    g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), "English"));
    gtk_window_present (GTK_WINDOW (dialog));
    gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
    save_window_png (GTK_WIDGET (dialog), "dialog-bn.png");
    desk_handout_dialog_set_language (dialog, "pl");
    g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "");
  }
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A content language the handout does not offer: English. */
  g_settings_set_string (settings, "content-language", "cy");
  dialog = desk_handout_dialog_new (NULL, services);
  g_assert_cmpstr (desk_handout_dialog_get_language (dialog), ==, "en");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_mkdir_with_parents (g_get_user_runtime_dir (), 0700);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The map's boundaries and places (data/geo). */
  if (g_getenv ("DIRECTION_DATA_DIR") == NULL)
    {
      g_autofree char *data_dir = g_test_build_filename (G_TEST_DIST, "..", "data", NULL);

      g_setenv ("DIRECTION_DATA_DIR", data_dir, TRUE);
    }

  g_test_add ("/desk/handout/polish", Fixture, NULL,
              fixture_set_up, test_handout_polish, fixture_tear_down);
  g_test_add ("/desk/handout/urdu", Fixture, NULL,
              fixture_set_up, test_handout_urdu, fixture_tear_down);
  g_test_add ("/desk/handout/large-print", Fixture, NULL,
              fixture_set_up, test_handout_large_print, fixture_tear_down);
  g_test_add ("/desk/handout/confidential", Fixture, NULL,
              fixture_set_up, test_handout_confidential, fixture_tear_down);
  g_test_add ("/desk/handout/other-languages", Fixture, NULL,
              fixture_set_up, test_handout_other_languages, fixture_tear_down);
  g_test_add ("/desk/handout/errors", Fixture, NULL,
              fixture_set_up, test_handout_errors, fixture_tear_down);
  g_test_add ("/desk/handout/real-translations", Fixture, NULL,
              fixture_set_up, test_handout_real_translations, fixture_tear_down);
  g_test_add ("/desk/handout/dialog", Fixture, NULL,
              fixture_set_up, test_handout_dialog, fixture_tear_down);

  return g_test_run ();
}
