/* bench-store.c
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

/* Store benchmark: 100,000 synthetic services in a file database.
 *
 *   build/tests/bench-store [--services N] [--queries N]
 *
 * Prints one line per figure: `bench <name> <value> <unit>`.
 * Targets (issue #2): type-ahead p95 ≤ 2 ms, ranked p95 ≤ 15 ms,
 * nearest-20 p95 ≤ 1 ms, import ≤ 15 s. */

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dir-core.h"

static const char *towns[] = {
  "Bedford", "Luton", "Dunstable", "Kempston", "Biggleswade", "Sandy", "Leighton Buzzard",
  "Houghton Regis", "Flitwick", "Ampthill", "Shefford", "Stotfold", "Cranfield", "Potton",
  "Arlesey", "Toddington", "Barton", "Wixams", "Caddington", "Milton Keynes", "Northampton",
  "Peterborough", "Hitchin", "Stevenage", "Letchworth", "St Albans", "Watford", "Cambridge",
};

static const char *kinds[] = {
  "Housing", "Advice", "Recovery", "Employment", "Support", "Hostel", "Mentoring", "Food Bank",
  "Women's Centre", "Family", "Benefits", "Debt", "Training", "College", "Wellbeing", "Counselling",
  "Chaplaincy", "Youth", "Resettlement", "Tenancy", "Drop-in", "Helpline", "Outreach", "Skills",
};

static const char *tails[] = {
  "Project", "Trust", "Service", "Hub", "Network", "Partnership", "Team", "Point", "Centre", "Line",
};

static const char *words[] = {
  "release", "prison", "accommodation", "night", "shelter", "jobs", "work", "coach", "drugs",
  "alcohol", "treatment", "mental", "health", "families", "children", "visits", "women", "safe",
  "budget", "money", "court", "probation", "peer", "volunteer", "literacy", "numeracy", "GP",
  "dentist", "medication", "travel", "clothes", "phones", "ID", "bank", "furniture", "deposit",
};

static const char *codes[] = {
  "ACC.EMERG", "ACC.SUPP", "ACC.LA", "ETE.JCP", "ETE.EMP", "ETE.TRAIN", "FIN.BEN", "FIN.DEBT",
  "FIN.EMERG", "DA.COMM", "DA.RECOV", "HLT.MH", "HLT.PRIM", "FAM.PRIS", "WOM.CENTRE",
  "DSA.VICT", "ATB.CBT", "MEN.CHAP", "YP.EIS", "RES.INFO", "RES.PLAN", "CJ.IOM", "VET.GEN",
};

static const char *prefixes[] = {
  "hou", "bed", "lut", "adv", "rec", "emp", "sup", "hos", "men", "foo", "wom", "fam", "ben",
  "deb", "tra", "wel", "cou", "cha", "you", "res", "ten", "dro", "hel", "out", "ski",
  "bed hou", "lut adv", "dun emp", "kem rec", "big foo", "san men", "hou sup", "adv deb",
  "release", "prison night", "shelter", "drugs alc", "mental hea", "women saf", "probation",
  "bedford housing", "luton women", "mentoring", "chaplaincy", "food bank", "job coach",
};

static char *
make_document (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  GString *doc = g_string_sized_new ((gsize) n * 1100);

  g_string_append (doc, "{\"contents\":[");

  for (guint i = 0; i < n; i++)
    {
      const char *town = towns[g_rand_int_range (rand, 0, G_N_ELEMENTS (towns))];
      const char *kind = kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))];
      const char *tail = tails[g_rand_int_range (rand, 0, G_N_ELEMENTS (tails))];
      const char *code = codes[g_rand_int_range (rand, 0, G_N_ELEMENTS (codes))];
      g_autofree char *term = dir_taxonomy_uuid_for_code (code);
      /* England south of the Humber, denser around Bedfordshire */
      gboolean local = g_rand_double (rand) < 0.3;
      double lat = local ? g_rand_double_range (rand, 51.80, 52.33) : g_rand_double_range (rand, 50.6, 53.6);
      double lon = local ? g_rand_double_range (rand, -0.70, -0.15) : g_rand_double_range (rand, -3.2, 1.6);
      gboolean confidential = (i % 97) == 0;
      char lat_s[32], lon_s[32];

      g_ascii_formatd (lat_s, sizeof lat_s, "%.6f", lat);
      g_ascii_formatd (lon_s, sizeof lon_s, "%.6f", lon);

      g_string_append_printf (doc,
        "%s{\"id\":\"%08x-0000-4000-8000-%012x\",\"name\":\"%s %s %s %u (sample)\","
        "\"status\":\"%s\",\"description\":\"Synthetic record: %s %s %s %s for people in %s.\","
        "\"organization\":{\"id\":\"%08x-1111-4000-8000-000000000000\",\"name\":\"%s %s Trust\"},"
        "\"last_modified\":\"2026-%02u-%02uT10:00:00Z\",\"assured_date\":\"2026-06-01\","
        "\"phones\":[{\"id\":\"p\",\"number\":\"01632 960%03u\"}],"
        "\"attributes\":[{\"id\":\"a\",\"taxonomy_term_id\":\"%s\",\"taxonomy_term\":{\"id\":\"%s\",\"code\":\"%s\"}}],"
        "\"languages\":[{\"id\":\"l\",\"code\":\"en\"}%s],"
        "\"schedules\":[{\"id\":\"s\",\"freq\":\"WEEKLY\",\"byday\":\"MO,TU,WE,TH,FR\",\"opens_at\":\"09:00\",\"closes_at\":\"17:00\"}],"
        "\"service_at_locations\":[{\"id\":\"sl\",\"location\":{\"id\":\"lo\",\"location_type\":\"physical\","
        "\"latitude\":%s,\"longitude\":%s}}],"
        "\"direction\":{\"sample\":true,\"confidential\":%s,\"area\":{\"name\":\"%s\",\"latitude\":%s,\"longitude\":%s},"
        "\"eligibility\":{\"gender\":\"%s\",\"risk_levels\":[\"low\",\"medium\"%s],\"self_referral\":%s}}}",
        i ? "," : "", i, i, town, kind, tail, i, (i % 20) ? "active" : "temporarily closed",
        words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
        words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
        words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
        words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))], town,
        i / 7, town, kind, 1 + i % 10, 1 + i % 28, i % 1000, term, term, code,
        (i % 5) == 0 ? ",{\"id\":\"l2\",\"code\":\"pl\"}" : "",
        lat_s, lon_s, confidential ? "true" : "false", town, lat_s, lon_s,
        (i % 11) == 0 ? "women" : "any", (i % 3) == 0 ? ",\"high\"" : "",
        (i % 2) ? "true" : "false");
    }

  g_string_append (doc, "]}");
  return g_string_free (doc, FALSE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, (guint) MIN (samples->len - 1, floor (p * samples->len)));
}

/* Runs the query and reads every row, as a view showing them would. */
static double
time_query (DirStore *store,
            DirQuery *query,
            guint    *n_results)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = NULL;
  gint64 start = g_get_monotonic_time ();

  model = dir_store_query (store, query, NULL, &error);
  if (model == NULL)
    g_error ("query failed: %s", error->message);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_object_unref (g_list_model_get_item (model, i));

  *n_results = g_list_model_get_n_items (model);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— directory store benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(DirStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GArray) typeahead = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ranked = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) near = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *doc = NULL;
  int n_services = 100000;
  int n_queries = 2000;
  guint imported = 0, n_results = 0;
  guint64 empty_typeahead = 0, total_ranked = 0, total_near = 0;
  gint64 start;
  GStatBuf st;
  GOptionEntry entries[] = {
    { "services", 0, 0, G_OPTION_ARG_INT, &n_services, "Services to generate", "N" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &n_queries, "Queries per kind", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  dir = g_dir_make_tmp ("direction-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "directory.db", NULL);

  doc = make_document (n_services);
  printf ("bench document_size %.1f MB\n", strlen (doc) / 1e6);

  store = dir_store_new (path, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  if (!dir_store_import_data (store, doc, strlen (doc), &imported, &error))
    g_error ("import failed: %s", error->message);
  printf ("bench import_%d %.2f s\n", n_services, (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (imported, ==, (guint) n_services);
  g_clear_pointer (&doc, g_free);

  /* warm the page cache as a desk that has been open a while would be */
  {
    g_autoptr(DirQuery) warm = dir_query_new ();
    dir_query_set_text (warm, "bedford");
    dir_query_set_limit (warm, 20);
    time_query (store, warm, &n_results);
  }

  for (int i = 0; i < n_queries; i++)
    {
      g_autoptr(DirQuery) query = dir_query_new ();
      const char *text = prefixes[i % G_N_ELEMENTS (prefixes)];

      dir_query_set_text (query, text);
      dir_query_set_limit (query, 20);
      dir_query_set_mode (query, DIR_SEARCH_TYPEAHEAD);
      g_array_append_val (typeahead, (double) { time_query (store, query, &n_results) });
      empty_typeahead += n_results == 0;

      dir_query_set_mode (query, DIR_SEARCH_RANKED);
      g_array_append_val (ranked, (double) { time_query (store, query, &n_results) });
      total_ranked += n_results;
    }

  for (int i = 0; i < n_queries; i++)
    {
      g_autoptr(DirQuery) query = dir_query_new ();

      dir_query_set_near (query,
                          g_rand_double_range (rand, 51.80, 52.33),
                          g_rand_double_range (rand, -0.70, -0.15), 0);
      dir_query_set_limit (query, 20);
      g_array_append_val (near, (double) { time_query (store, query, &n_results) });
      total_near += n_results;
    }

  printf ("bench typeahead_p50 %.3f ms\n", percentile (typeahead, 0.50));
  printf ("bench typeahead_p95 %.3f ms\n", percentile (typeahead, 0.95));
  printf ("bench ranked_p50 %.3f ms\n", percentile (ranked, 0.50));
  printf ("bench ranked_p95 %.3f ms\n", percentile (ranked, 0.95));
  printf ("bench nearest20_p50 %.3f ms\n", percentile (near, 0.50));
  printf ("bench nearest20_p95 %.3f ms\n", percentile (near, 0.95));
  printf ("bench typeahead_empty_results %" G_GUINT64_FORMAT " queries\n", empty_typeahead);
  printf ("bench ranked_mean_results %.1f rows\n", (double) total_ranked / n_queries);
  printf ("bench nearest_mean_results %.1f rows\n", (double) total_near / n_queries);

  g_clear_object (&store);   /* checkpoints the WAL into the file */
  if (g_stat (path, &st) == 0)
    printf ("bench database_size %.1f MB\n", st.st_size / 1e6);

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (path);
    g_rmdir (dir);
  }

  return 0;
}
