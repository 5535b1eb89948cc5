/* test-search.c
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

#include <string.h>

#include "test-util.h"

static char *
search (DirStore      *store,
        DirSearchMode  mode,
        const char    *text)
{
  g_autoptr(DirQuery) query = dir_query_new ();

  dir_query_set_mode (query, mode);
  dir_query_set_text (query, text);
  return query_names (store, query);
}

static void
test_search_prefix (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  struct {
    const char *text;
    const char *expect;
  } cases[] = {
    { "shel", "Bedford Night Shelter (sample)" },
    { "SHELTER", "Bedford Night Shelter (sample)" },
    { "  night   shel ", "Bedford Night Shelter (sample)" },
    /* aliases and translated names are searched too */
    { "release night", "Bedford Night Shelter (sample)" },
    { "schronisko", "Bedford Night Shelter (sample)" },
    { "przyk", "Bedford Night Shelter (sample)" },
    /* diacritics are folded both ways */
    { "cafe zoe", "Café Zoë Recovery Group (sample)" },
    { "CAFÉ", "Café Zoë Recovery Group (sample)" },
    { "zoë", "Café Zoë Recovery Group (sample)" },
    /* organisation names */
    { "sample organisation 13", "Milton Keynes Hostel (sample)" },
    /* every word must match */
    { "luton wom", "Luton Women's Centre (sample)" },
    { "luton shelter", "" },
    { "xyzzy", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *typeahead = search (store, DIR_SEARCH_TYPEAHEAD, cases[i].text);
      g_autofree char *ranked = search (store, DIR_SEARCH_RANKED, cases[i].text);

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpstr (typeahead, ==, cases[i].expect);
      g_assert_cmpstr (ranked, ==, cases[i].expect);
    }
}

/* What people type is text, never FTS5 syntax, and never an error. */
static void
test_search_hostile (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  const char *inputs[] = {
    "\"", "\"\"\"", "*", "shel*ter", "NEAR(a b)", "a OR b", "NOT shelter", "-shelter",
    "name:shelter", "'; DROP TABLE service; --", "^shelter", "(((", "\\", "%", "_",
    "\xff\xfe invalid utf8", "🏠", "ا", "\t\n",
  };
  g_autofree char *huge = g_strnfill (10000, 'a');

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *names = search (store, DIR_SEARCH_RANKED, inputs[i]);
      g_test_message ("input %u", i);
      g_assert_nonnull (names);
    }

  {
    g_autofree char *names = search (store, DIR_SEARCH_TYPEAHEAD, huge);
    g_assert_cmpstr (names, ==, "");
  }

  /* the operators typed are just words: "NOT shelter" needs a "not" word */
  {
    g_autofree char *names = search (store, DIR_SEARCH_TYPEAHEAD, "NOT shelter");
    g_assert_cmpstr (names, ==, "");
  }
  {
    g_autofree char *names = search (store, DIR_SEARCH_TYPEAHEAD, "shel*ter");
    g_assert_cmpstr (names, ==, "");
  }
  {
    g_autofree char *names = search (store, DIR_SEARCH_TYPEAHEAD, "-shelter");
    g_assert_cmpstr (names, ==, "Bedford Night Shelter (sample)");
  }

  g_assert_cmpuint (dir_store_count_services (store), ==, FIXTURE_N_SERVICES);
}

static void
test_search_ranked (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autofree char *names = search (store, DIR_SEARCH_RANKED, "hostel");

  /* Names first: the two hostels, then the one that only mentions hostels
   * in its description. */
  g_assert_true (g_str_has_suffix (names, "|Biggleswade Debt Advice (sample)"));
  g_assert_nonnull (strstr (names, "Milton Keynes Hostel (sample)"));
  g_assert_nonnull (strstr (names, "Old Town Hostel (sample)"));
  g_assert_cmpuint (strlen (names), ==,
                    strlen ("Milton Keynes Hostel (sample)|Old Town Hostel (sample)|"
                            "Biggleswade Debt Advice (sample)"));
}

static void
test_search_limit (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *page = NULL;

  /* No text: everything, by name. */
  all = query_names (store, query);
  g_assert_true (g_str_has_prefix (all, "Ampthill Christmas Drop-in (sample)|Bedford Night Shelter"));
  g_assert_cmpuint (dir_store_count (store, query, &error), ==, FIXTURE_N_SERVICES);

  dir_query_set_limit (query, 2);
  dir_query_set_offset (query, 1);
  page = query_names (store, query);
  g_assert_cmpstr (page, ==, "Bedford Night Shelter (sample)|Biggleswade Debt Advice (sample)");
  /* the count ignores paging */
  g_assert_cmpuint (dir_store_count (store, query, &error), ==, FIXTURE_N_SERVICES);
  g_assert_no_error (error);
}

typedef void (*SetFilter) (DirQuery *query);

static void f_pathway_parent (DirQuery *q) { dir_query_set_pathways (q, (const char *[]) { "ACC", NULL }); }
static void f_pathway_child (DirQuery *q) { dir_query_set_pathways (q, (const char *[]) { "ACC.SUPP", NULL }); }
static void f_pathway_two (DirQuery *q) { dir_query_set_pathways (q, (const char *[]) { "DA.RECOV", "FIN", NULL }); }
static void f_women (DirQuery *q) { dir_query_set_gender (q, DIR_GENDER_WOMEN); dir_query_set_pathways (q, (const char *[]) { "ACC", "WOM", "DSA", NULL }); }
static void f_men (DirQuery *q) { dir_query_set_gender (q, DIR_GENDER_MEN); dir_query_set_pathways (q, (const char *[]) { "ACC", "WOM", "DSA", NULL }); }
static void f_age_17 (DirQuery *q) { dir_query_set_age (q, 17); dir_query_set_pathways (q, (const char *[]) { "YP", NULL }); }
static void f_age_30 (DirQuery *q) { dir_query_set_age (q, 30); dir_query_set_pathways (q, (const char *[]) { "YP", NULL }); }
static void f_risk_very_high (DirQuery *q) { dir_query_set_risk (q, DIR_RISK_VERY_HIGH); dir_query_set_pathways (q, (const char *[]) { "ACC", "RES", NULL }); }
static void f_stage_custody (DirQuery *q) { dir_query_set_stages (q, DIR_STAGE_CUSTODY); dir_query_set_pathways (q, (const char *[]) { "ACC", "RES", NULL }); }
static void f_self_referral (DirQuery *q) { dir_query_set_self_referral (q, TRUE); }
static void f_language (DirQuery *q) { dir_query_set_language (q, "UR"); }
static void f_active (DirQuery *q) { dir_query_set_statuses (q, DIR_STATUS_ACTIVE); dir_query_set_pathways (q, (const char *[]) { "ACC", "FIN", NULL }); }
static void f_paused_closed (DirQuery *q) { dir_query_set_statuses (q, DIR_STATUS_PAUSED | DIR_STATUS_CLOSED); }
static void f_modified (DirQuery *q) { dir_query_set_modified_after (q, "2026-10-01T09:00:00Z"); }
/* the same instant in another zone and with a fraction: one second before */
static void f_modified_offset (DirQuery *q) { dir_query_set_modified_after (q, "2026-10-01T09:59:59.5+01:00"); }
static void f_modified_date (DirQuery *q) { dir_query_set_modified_after (q, "2026-09-30"); dir_query_set_pathways (q, (const char *[]) { "DA", NULL }); }
static void f_text_and_pathway (DirQuery *q) { dir_query_set_text (q, "sample"); dir_query_set_pathways (q, (const char *[]) { "DSA", NULL }); }

static void
test_search_filters (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  struct {
    const char *name;
    SetFilter set;
    const char *expect;
  } cases[] = {
    { "pathway-parent", f_pathway_parent, "Bedford Night Shelter (sample)|Milton Keynes Hostel (sample)|Old Town Hostel (sample)" },
    { "pathway-child", f_pathway_child, "Milton Keynes Hostel (sample)|Old Town Hostel (sample)" },
    { "pathway-two", f_pathway_two, "Biggleswade Debt Advice (sample)|Café Zoë Recovery Group (sample)|Jobcentre Plus Bedford ex-offender adviser (sample)" },
    /* a women-only or mixed service, never a men-only one */
    { "women", f_women, "Luton Women's Centre (sample)|Milton Keynes Hostel (sample)|Old Town Hostel (sample)|Safe Haven Refuge (sample)" },
    { "men", f_men, "Bedford Night Shelter (sample)|Milton Keynes Hostel (sample)|Old Town Hostel (sample)" },
    { "age-17", f_age_17, "Young Futures Mentoring (sample)" },
    { "age-30", f_age_30, "" },
    /* only services that list very high risk as accepted */
    { "risk-very-high", f_risk_very_high, "Custody Resettlement Team (sample)|Old Town Hostel (sample)|Sandy Advice Point A (sample)|Sandy Advice Point B (sample)" },
    { "stage-custody", f_stage_custody, "Custody Resettlement Team (sample)|Milton Keynes Hostel (sample)|Old Town Hostel (sample)|Sandy Advice Point A (sample)|Sandy Advice Point B (sample)" },
    { "self-referral", f_self_referral, "Bedford Night Shelter (sample)|Café Zoë Recovery Group (sample)|Luton Women's Centre (sample)" },
    { "language", f_language, "Luton Women's Centre (sample)" },
    { "active", f_active, "Bedford Night Shelter (sample)|Jobcentre Plus Bedford ex-offender adviser (sample)|Milton Keynes Hostel (sample)" },
    { "paused-closed", f_paused_closed, "Biggleswade Debt Advice (sample)|Old Town Hostel (sample)" },
    { "modified-after", f_modified, "" },
    { "modified-after-offset", f_modified_offset, "Ampthill Christmas Drop-in (sample)|Bedford Night Shelter (sample)|Biggleswade Debt Advice (sample)|Café Zoë Recovery Group (sample)|Custody Resettlement Team (sample)|Jobcentre Plus Bedford ex-offender adviser (sample)|Luton Women's Centre (sample)|Milton Keynes Hostel (sample)|Old Town Hostel (sample)|Safe Haven Refuge (sample)|Sandy Advice Point A (sample)|Sandy Advice Point B (sample)|Young Futures Mentoring (sample)" },
    { "modified-after-date", f_modified_date, "Café Zoë Recovery Group (sample)" },
    { "text-and-pathway", f_text_and_pathway, "Safe Haven Refuge (sample)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DirQuery) query = dir_query_new ();
      g_autofree char *names = NULL;

      g_test_message ("filter %s", cases[i].name);
      cases[i].set (query);
      names = query_names (store, query);
      g_assert_cmpstr (names, ==, cases[i].expect);
    }
}

static void
test_search_open_at (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  struct {
    int y, m, d, hour, minute;
    const char *expect;
  } cases[] = {
    /* Tuesday 24 Nov 2026, 19:00: the Tuesday group; the refuge line is 24 h */
    { 2026, 11, 24, 19, 0, "Café Zoë Recovery Group (sample)|Safe Haven Refuge (sample)" },
    /* 21:00: the group has closed, the night shelter has opened */
    { 2026, 11, 24, 21, 0, "Bedford Night Shelter (sample)|Safe Haven Refuge (sample)" },
    /* Wednesday 02:00: the overnight part of Tuesday's slot */
    { 2026, 11, 25, 2, 0, "Bedford Night Shelter (sample)|Safe Haven Refuge (sample)" },
    /* Wednesday 10:00: office hours */
    { 2026, 11, 25, 10, 0, "Jobcentre Plus Bedford ex-offender adviser (sample)|Luton Women's Centre (sample)|Safe Haven Refuge (sample)" },
    /* Saturday 28 Nov: the December drop-in is not valid yet */
    { 2026, 11, 28, 11, 0, "Safe Haven Refuge (sample)" },
    /* Saturday 5 Dec: it is */
    { 2026, 12, 5, 11, 0, "Ampthill Christmas Drop-in (sample)|Safe Haven Refuge (sample)" },
    /* Saturday 2 Jan 2027: over again */
    { 2027, 1, 2, 11, 0, "Safe Haven Refuge (sample)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DirQuery) query = dir_query_new ();
      g_autoptr(GDateTime) when = london_time (cases[i].y, cases[i].m, cases[i].d,
                                               cases[i].hour, cases[i].minute);
      g_autofree char *names = NULL;
      g_autoptr(GListModel) model = NULL;

      g_test_message ("case %u", i);
      dir_query_set_open_at (query, when);
      names = query_names (store, query);
      g_assert_cmpstr (names, ==, cases[i].expect);

      /* The store and the model agree on what "open" means. */
      model = dir_store_query (store, query, NULL, NULL);
      for (guint j = 0; j < g_list_model_get_n_items (model); j++)
        {
          g_autoptr(DirService) service = g_list_model_get_item (model, j);
          g_assert_true (dir_service_is_open_at (service, when));
        }
    }
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GListModel **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = dir_store_query_finish (DIR_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) model = dir_store_query_finish (DIR_STORE (object), result, &error);

  /* Cancelled before it ran or while it ran: either way, no result. */
  g_assert_null (model);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

static void
test_search_async (void)
{
  g_autoptr(DirStore) store = fixture_store ();
  g_autoptr(DirQuery) query = dir_query_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GListModel *model = NULL;
  gboolean done = FALSE;

  dir_query_set_text (query, "sandy");
  dir_store_query_async (store, query, NULL, query_done_cb, &model);
  /* the query was copied: changing ours does not change the running one */
  dir_query_set_text (query, "nothing matches this");

  while (model == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_true (g_list_model_get_item_type (model) == DIR_TYPE_SERVICE);
  g_assert_null (g_list_model_get_item (model, 2));
  g_object_unref (model);

  g_cancellable_cancel (cancellable);
  dir_store_query_async (store, query, cancellable, cancelled_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/search/prefix", test_search_prefix);
  g_test_add_func ("/core/search/hostile", test_search_hostile);
  g_test_add_func ("/core/search/ranked", test_search_ranked);
  g_test_add_func ("/core/search/limit", test_search_limit);
  g_test_add_func ("/core/search/filters", test_search_filters);
  g_test_add_func ("/core/search/open-at", test_search_open_at);
  g_test_add_func ("/core/search/async", test_search_async);

  return g_test_run ();
}
