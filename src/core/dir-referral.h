/* dir-referral.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "dir-account.h"
#include "dir-types.h"

G_BEGIN_DECLS

/* A referral as the form holds it, its POST body for the hub
 * (POST /api/v1/referrals, described at the top of src/hub/hub-referrals.c)
 * and the checks the hub would make, with messages a person can act on.
 *
 * Text fields hold what was typed, untouched: a malformed date stays as it
 * was typed, with a message beside it.  The body normalises (trims, dates
 * to YYYY-MM-DD, postcodes and identifiers to their standard forms) and
 * never carries what the kind or the role rules out:
 *   - a "signpost" carries no person, release, risk, notes or consent;
 *   - risk is sent only by a referrer or an advisor: never by a volunteer,
 *     nor by anyone whose role is not known, whatever the model holds. */

typedef enum
{
  DIR_REFERRAL_KIND_REFERRAL,   /* to the service, with the person's details */
  DIR_REFERRAL_KIND_SIGNPOST,   /* "signpost only": no personal data sent */
  DIR_REFERRAL_KIND_CALLBACK,   /* a Direction advisor calls the person back */
} DirReferralKind;

typedef enum
{
  DIR_ROSH_NOT_GIVEN = 0,
  DIR_ROSH_LOW,
  DIR_ROSH_MEDIUM,
  DIR_ROSH_HIGH,
  DIR_ROSH_VERY_HIGH,
} DirRosh;

typedef enum
{
  DIR_CONSENT_GIVER_NOT_GIVEN = 0,
  DIR_CONSENT_GIVER_PERSON,
  DIR_CONSENT_GIVER_PARENT_OR_GUARDIAN,
  DIR_CONSENT_GIVER_ADVOCATE,
} DirConsentGiver;

typedef enum
{
  DIR_CONSENT_METHOD_NOT_GIVEN = 0,
  DIR_CONSENT_METHOD_VERBAL,
  DIR_CONSENT_METHOD_WRITTEN,
  DIR_CONSENT_METHOD_ELECTRONIC,
} DirConsentMethod;

typedef enum
{
  DIR_SHARE_SERVICE   = 1 << 0,
  DIR_SHARE_DIRECTION = 1 << 1,
} DirShareFlags;

#define DIR_MAPPA_NOT_GIVEN (-1)

typedef struct
{
  char             *id;                  /* UUID: also the Idempotency-Key */
  DirReferralKind   kind;
  char             *service_id;          /* NULL only for a call-back */
  char             *service_name;        /* for labels; never sent */

  /* The person ("person" in the body) */
  char             *given_name;
  char             *family_name;
  char             *date_of_birth;       /* as typed: "31/12/1990" or "1990-12-31" */
  char             *phone;
  char             *email;
  char             *address;
  char             *postcode;            /* home postcode */
  char             *preferred_language;  /* BCP 47 tag, "pl" */
  gboolean          interpreter_needed;
  char             *crn;                 /* "X123456" */
  char             *prison_number;       /* "A1234BC" */

  /* Release ("release") */
  char             *release_date;        /* as typed */
  char             *release_postcode;

  GPtrArray        *needs;               /* pathway codes (char *), in order */
  char             *notes;

  /* Risk ("risk"): only ever sent by a referrer or an advisor */
  DirRosh           rosh;
  int               mappa_level;         /* 0..3, or DIR_MAPPA_NOT_GIVEN */
  gboolean          do_not_see_alone;
  gboolean          risk_to_self;
  char             *risk_notes;

  /* Consent ("consent") */
  DirConsentGiver   consent_given_by;
  char             *consent_given_at;    /* as typed: "12/03/2026 14:30", "12/03/2026" or ISO 8601 */
  DirConsentMethod  consent_method;
  DirShareFlags     consent_share_with;

  gboolean          callback_requested;
} DirReferral;

typedef enum
{
  /* The POST body: normalised, what the rules allow; fails on a field the
   * hub would refuse (see dir_referral_validate). */
  DIR_REFERRAL_BODY_SEND,
  /* A draft: the same members, every text as typed (an invalid date
   * included), so that a form restores exactly what was on screen. */
  DIR_REFERRAL_BODY_DRAFT,
} DirReferralBodyMode;

typedef enum
{
  DIR_FIELD_ERROR,     /* the hub would refuse it: Send stays disabled */
  DIR_FIELD_WARNING,   /* worth a second look; sending is allowed */
} DirFieldLevel;

typedef struct
{
  char          *field;     /* as the hub names it: "person.date_of_birth", "consent.share_with" */
  char          *message;   /* translated, a sentence */
  DirFieldLevel  level;
} DirFieldError;

#define DIR_TYPE_REFERRAL (dir_referral_get_type ())
#define DIR_REFERRAL_ERROR (dir_referral_error_quark ())

typedef enum
{
  DIR_REFERRAL_ERROR_PARSE,     /* not a referral body */
  DIR_REFERRAL_ERROR_INVALID,   /* a field the hub would refuse; the message names it */
} DirReferralError;

GType         dir_referral_get_type           (void) G_GNUC_CONST;
GQuark        dir_referral_error_quark        (void);

/* A new, empty referral with a fresh random id. */
DirReferral  *dir_referral_new                (void);
DirReferral  *dir_referral_copy               (const DirReferral  *self);
void          dir_referral_free               (DirReferral        *self);
/* Clears everything about the person (person, release, notes, risk,
 * consent, call-back): what "signpost only" does. */
void          dir_referral_clear_personal     (DirReferral        *self);
/* TRUE when anything about the person is filled in. */
gboolean      dir_referral_has_personal       (const DirReferral  *self);
gboolean      dir_referral_has_risk           (const DirReferral  *self);
void          dir_referral_set_needs          (DirReferral        *self,
                                               const char * const *codes);
gboolean      dir_referral_has_need           (const DirReferral  *self,
                                               const char         *code);

/* "Referrer", "Volunteer", … (translated); NULL for DIR_ROLE_NONE. */
const char   *dir_role_label                  (DirRole             role);
/* Whether a role may send (or see) risk fields: referrer and advisor. */
gboolean      dir_role_may_send_risk          (DirRole             role);
/* Whether a role may send referrals at all: referrer, volunteer, advisor. */
gboolean      dir_role_may_refer              (DirRole             role);

/* Every problem found, in the order of the form (DirFieldError *; empty
 * when all is well).  geocoder (nullable) tells a well-formed postcode it
 * does not know (a warning) from a malformed one (an error); now (nullable)
 * is the current time. */
GPtrArray    *dir_referral_validate           (const DirReferral  *self,
                                               DirRole             role,
                                               DirGeocoder        *geocoder,
                                               GDateTime          *now);
/* TRUE when problems holds an error (not only warnings). */
gboolean      dir_referral_problems_block     (GPtrArray          *problems);

JsonNode     *dir_referral_to_json            (const DirReferral  *self,
                                               DirRole             role,
                                               DirReferralBodyMode mode,
                                               GError            **error);
char         *dir_referral_to_body            (const DirReferral  *self,
                                               DirRole             role,
                                               DirReferralBodyMode mode,
                                               GError            **error);
/* Reads a body of either mode.  Dates in the hub's forms come back as they
 * are shown ("31/12/1990", "12/03/2026 14:30", local time). */
DirReferral  *dir_referral_new_from_json      (JsonNode           *node,
                                               GError            **error);
DirReferral  *dir_referral_new_from_body      (const char         *body,
                                               GError            **error);

/* A short label for lists, "J. S. — Accommodation, Bedford Foyer" (kept
 * sealed by the outbox: it is personal data). */
char         *dir_referral_make_label         (const DirReferral  *self);

/* "31/12/1990", "31-12-1990", "31.12.1990", "1990-12-31"; FALSE otherwise
 * (two-digit years included). */
gboolean      dir_referral_parse_date         (const char         *text,
                                               GDate              *date);
/* A date as dir_referral_parse_date reads it, optionally followed by a
 * time "14:30" (local), or ISO 8601.  *has_time says whether a time was
 * given.  NULL when invalid. */
GDateTime    *dir_referral_parse_date_time    (const char         *text,
                                               gboolean           *has_time);
/* "31/12/1990" */
char         *dir_referral_format_date        (const GDate        *date);

/* Words for the hub's statuses and reason codes (translated); unknown
 * codes come back as they are. */
const char   *dir_referral_status_label       (const char         *status);
const char   *dir_referral_reason_label       (const char         *reason_code);
const char   *dir_referral_kind_label         (DirReferralKind     kind);
const char   *dir_referral_kind_to_string     (DirReferralKind     kind);
gboolean      dir_referral_kind_from_string   (const char         *text,
                                               DirReferralKind    *kind);

void          dir_field_error_free            (DirFieldError      *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DirReferral, dir_referral_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DirFieldError, dir_field_error_free)

G_END_DECLS
