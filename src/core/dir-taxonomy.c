/* dir-taxonomy.c
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

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dir-taxonomy.h"

/* The "Direction pathways" (docs/domain.md §1.2).  Codes are stable and go in a
 * taxonomy term's `code`; labels are English, translated at display time. */
static const DirPathway pathways[] = {
  { "ACC", NULL, N_("Accommodation"), "pathway-acc-symbolic" },
  { "ACC.EMERG", "ACC", N_("Emergency and release-night accommodation"), NULL },
  { "ACC.SUPP", "ACC", N_("Supported housing and hostels"), NULL },
  { "ACC.DRY", "ACC", N_("Substance-free and recovery housing"), NULL },
  { "ACC.LA", "ACC", N_("Council housing options and homelessness"), NULL },
  { "ACC.DEP", "ACC", N_("Rent deposit and tenancy start-up"), NULL },
  { "ACC.MOVE", "ACC", N_("Move-on and longer-term housing"), NULL },
  { "ACC.FLOAT", "ACC", N_("Floating support and tenancy sustainment"), NULL },
  { "ACC.WOM", "ACC", N_("Women-only accommodation"), NULL },

  { "ETE", NULL, N_("Employment, training and education"), "pathway-ete-symbolic" },
  { "ETE.JCP", "ETE", N_("Jobcentre Plus ex-offender advisers"), NULL },
  { "ETE.EMP", "ETE", N_("Employment support and fair-chance employers"), NULL },
  { "ETE.PLACE", "ETE", N_("Work placements, volunteering and ROTL"), NULL },
  { "ETE.TRAIN", "ETE", N_("Training, qualifications and college"), NULL },
  { "ETE.BASIC", "ETE", N_("Literacy and numeracy"), NULL },
  { "ETE.ENT", "ETE", N_("Self-employment and enterprise"), NULL },
  { "ETE.GRANT", "ETE", N_("Bursaries and grants"), NULL },

  { "FIN", NULL, N_("Finance, benefits and debt"), "pathway-fin-symbolic" },
  { "FIN.BEN", "FIN", N_("Benefits advice and claims"), NULL },
  { "FIN.BUDG", "FIN", N_("Budgeting and money skills"), NULL },
  { "FIN.DEBT", "FIN", N_("Debt advice"), NULL },
  { "FIN.BANK", "FIN", N_("Bank accounts and ID"), NULL },
  { "FIN.EMERG", "FIN", N_("Food banks and emergency provisions"), NULL },

  { "DA", NULL, N_("Drugs and alcohol"), "pathway-da-symbolic" },
  { "DA.COMM", "DA", N_("Community drug and alcohol treatment"), NULL },
  { "DA.RESI", "DA", N_("Residential rehab and detox"), NULL },
  { "DA.PRESC", "DA", N_("Substitute prescribing and drug intervention"), NULL },
  { "DA.RECOV", "DA", N_("Recovery and peer groups"), NULL },
  { "DA.COURT", "DA", N_("Court-ordered treatment (DRR and ATR)"), NULL },

  { "HLT", NULL, N_("Health and wellbeing"), "pathway-hlt-symbolic" },
  { "HLT.MH", "HLT", N_("Mental health services"), NULL },
  { "HLT.MHTR", "HLT", N_("Mental Health Treatment Requirement"), NULL },
  { "HLT.DUAL", "HLT", N_("Dual diagnosis"), NULL },
  { "HLT.PRIM", "HLT", N_("GP and dentist registration"), NULL },
  { "HLT.COUNS", "HLT", N_("Counselling and therapies"), NULL },
  { "HLT.MEDS", "HLT", N_("Medication on release"), NULL },
  { "HLT.WELL", "HLT", N_("Emotional support and wellbeing"), NULL },

  { "FAM", NULL, N_("Children, families and relationships"), "pathway-fam-symbolic" },
  { "FAM.PRIS", "FAM", N_("Families of prisoners and prison visits"), NULL },
  { "FAM.REL", "FAM", N_("Family reconnection and relationships"), NULL },
  { "FAM.WHOLE", "FAM", N_("Whole-family support"), NULL },
  { "FAM.PAR", "FAM", N_("Parenting and childcare"), NULL },

  { "WOM", NULL, N_("Women"), "pathway-wom-symbolic" },
  { "WOM.CENTRE", "WOM", N_("Women’s centres"), NULL },
  { "WOM.DIV", "WOM", N_("Whole-system and diversion schemes for women"), NULL },
  { "WOM.GATE", "WOM", N_("Through-the-gate support for women"), NULL },
  { "WOM.SEX", "WOM", N_("Sexual exploitation and sex work support"), NULL },
  { "WOM.HBV", "WOM", N_("Honour-based violence and forced marriage"), NULL },

  { "DSA", NULL, N_("Domestic and sexual abuse"), "pathway-dsa-symbolic" },
  { "DSA.VICT", "DSA", N_("Support for survivors of domestic abuse"), NULL },
  { "DSA.SEX", "DSA", N_("Sexual abuse and violence support"), NULL },
  { "DSA.PERP", "DSA", N_("Domestic abuse perpetrator programmes"), NULL },
  { "DSA.STALK", "DSA", N_("Stalking perpetrator interventions"), NULL },

  { "ATB", NULL, N_("Attitudes, thinking and behaviour"), "pathway-atb-symbolic" },
  { "ATB.ACC", "ATB", N_("Accredited programmes"), NULL },
  { "ATB.CBT", "ATB", N_("Cognitive-behavioural and one-to-one work"), NULL },
  { "ATB.RJ", "ATB", N_("Restorative justice"), NULL },
  { "ATB.GANG", "ATB", N_("Gangs, violence and knife crime"), NULL },
  { "ATB.DRIVE", "ATB", N_("Driving offences"), NULL },

  { "MEN", NULL, N_("Mentoring and peer support"), "pathway-men-symbolic" },
  { "MEN.CHAP", "MEN", N_("Community chaplaincy mentors"), NULL },
  { "MEN.LIVED", "MEN", N_("Lived-experience mentors"), NULL },
  { "MEN.PEER", "MEN", N_("Peer mentoring"), NULL },
  { "MEN.ACT", "MEN", N_("Positive activities"), NULL },

  { "YP", NULL, N_("Young people and young adults"), "pathway-yp-symbolic" },
  { "YP.YOS", "YP", N_("Youth Offending Service"), NULL },
  { "YP.EIS", "YP", N_("Young-adult early intervention (16–26)"), NULL },
  { "YP.RESET", "YP", N_("Youth resettlement"), NULL },
  { "YP.GANG", "YP", N_("Gang exit"), NULL },

  { "RES", NULL, N_("Resettlement and case management"), "pathway-res-symbolic" },
  { "RES.PLAN", "RES", N_("Prison resettlement and release planning"), NULL },
  { "RES.DAY1", "RES", N_("Release-day essentials"), NULL },
  { "RES.ACCOMP", "RES", N_("Accompanying people to appointments"), NULL },
  { "RES.CASE", "RES", N_("Case management for complex needs"), NULL },
  { "RES.INFO", "RES", N_("Information, advice and signposting"), NULL },

  { "CJ", NULL, N_("Criminal-justice routes"), "pathway-cj-symbolic" },
  { "CJ.IOM", "CJ", N_("Integrated Offender Management"), NULL },
  { "CJ.OOCD", "CJ", N_("Out-of-court disposals and deferred prosecution"), NULL },
  { "CJ.CSTR", "CJ", N_("Community Sentence Treatment Requirements"), NULL },
  { "CJ.COURT", "CJ", N_("Court signposting and diversion"), NULL },
  { "CJ.PP", "CJ", N_("Public protection"), NULL },

  { "VET", NULL, N_("Veterans"), "pathway-vet-symbolic" },
  { "VET.GEN", "VET", N_("Armed forces and veterans’ support"), NULL },
};

/* RFC 4122 name-space id for URLs: terms are named by a URL built from the code. */
static const guint8 namespace_url[16] = {
  0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
  0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
};

#define TERM_URL_PREFIX "https://directionhub.github.io/taxonomy/"

const DirPathway *
dir_taxonomy_get_all (guint *n_pathways)
{
  if (n_pathways != NULL)
    *n_pathways = G_N_ELEMENTS (pathways);

  return pathways;
}

const DirPathway *
dir_taxonomy_lookup (const char *code)
{
  if (code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (pathways); i++)
    {
      if (strcmp (pathways[i].code, code) == 0)
        return &pathways[i];
    }

  return NULL;
}

char *
dir_taxonomy_uuid_for_code (const char *code)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *name = NULL;
  guint8 digest[20];
  gsize len = sizeof digest;

  g_return_val_if_fail (code != NULL, NULL);

  name = g_strconcat (TERM_URL_PREFIX, code, NULL);
  g_checksum_update (sha1, namespace_url, sizeof namespace_url);
  g_checksum_update (sha1, (const guchar *) name, strlen (name));
  g_checksum_get_digest (sha1, digest, &len);

  digest[6] = (digest[6] & 0x0f) | 0x50;  /* version 5 */
  digest[8] = (digest[8] & 0x3f) | 0x80;  /* RFC 4122 variant */

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3],
                          digest[4], digest[5], digest[6], digest[7],
                          digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}

const DirPathway *
dir_taxonomy_lookup_uuid (const char *uuid)
{
  static GHashTable *by_uuid;

  if (uuid == NULL)
    return NULL;

  if (g_once_init_enter (&by_uuid))
    {
      GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (pathways); i++)
        g_hash_table_insert (table,
                             dir_taxonomy_uuid_for_code (pathways[i].code),
                             (gpointer) &pathways[i]);

      g_once_init_leave (&by_uuid, table);
    }

  {
    g_autofree char *lower = g_ascii_strdown (uuid, -1);
    return g_hash_table_lookup (by_uuid, lower);
  }
}

gboolean
dir_taxonomy_is_top_level (const char *code)
{
  return code != NULL && strchr (code, '.') == NULL;
}

char *
dir_taxonomy_top_level_of (const char *code)
{
  const char *dot;

  g_return_val_if_fail (code != NULL, NULL);

  dot = strchr (code, '.');
  return dot ? g_strndup (code, dot - code) : g_strdup (code);
}
