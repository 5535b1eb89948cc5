#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# make-sample-directory.py: generate data/sample-directory.json, the sample
# Bedfordshire directory for Direction Desk, as an Open Referral UK 3.0 paged
# service list.  Python 3 standard library only.  Deterministic: the same
# input files always give byte-identical output (no clock, no randomness;
# every "random" choice is a hash of a fixed string).
#
# Usage:
#   python3 build-aux/make-sample-directory.py > data/sample-directory.json
#   python3 build-aux/make-sample-directory.py data/sample-directory.json
#   python3 build-aux/make-sample-directory.py --check data/sample-directory.json
#   python3 build-aux/make-sample-directory.py --data-dir /path/to/shared/data ...
#
# The summary and the validation report go to stderr.  See data/README.md.

import argparse
import csv
import datetime
import hashlib
import json
import math
import os
import re
import sys
import uuid
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_DATA_DIR = os.environ.get(
    "DIRECTION_SHARED_DATA",
    os.path.normpath(os.path.join(ROOT, "..", "shared", "data")))

# The date the sample is "as of".  assured_date and last_modified are computed
# relative to it, never relative to the clock, so the output is reproducible.
REF_DATE = datetime.date(2026, 11, 22)

SAMPLE_BASE = "https://directionhub.github.io/sample/"
TAXONOMY_BASE = "https://directionhub.github.io/taxonomy/"
TAXONOMY_NAME = "Direction pathways"


def sample_uuid(path):
    """uuid5(NAMESPACE_URL, SAMPLE_BASE + path) as a string."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, SAMPLE_BASE + path))


def term_uuid(code):
    """The taxonomy term id for a pathway code.  The same rule is implemented
    in C (dir_taxonomy_uuid_for_code): do not change it."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, TAXONOMY_BASE + code))


def h(*parts):
    """A stable integer hash of some strings (used instead of randomness)."""
    return int(hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:12], 16)


# ---------------------------------------------------------------------------
# Taxonomy: docs/domain.md §1.2
# ---------------------------------------------------------------------------

TAXONOMY = OrderedDict([
    ("ACC", "Accommodation"),
    ("ACC.EMERG", "Emergency and release-night accommodation"),
    ("ACC.SUPP", "Supported housing and hostels for prison leavers"),
    ("ACC.DRY", "Substance-free and recovery housing"),
    ("ACC.LA", "Council housing options and homelessness applications"),
    ("ACC.DEP", "Rent deposit, rent in advance and tenancy start-up"),
    ("ACC.MOVE", "Move-on and longer-term housing"),
    ("ACC.FLOAT", "Floating support and tenancy sustainment"),
    ("ACC.WOM", "Women-only accommodation"),
    ("ETE", "Employment, training and education"),
    ("ETE.JCP", "Jobcentre Plus ex-offender advisers"),
    ("ETE.EMP", "Employment support and fair-chance employers"),
    ("ETE.PLACE", "Work placements, volunteering and work experience"),
    ("ETE.TRAIN", "Training, qualifications and college"),
    ("ETE.BASIC", "Basic skills: literacy and numeracy"),
    ("ETE.ENT", "Self-employment and enterprise"),
    ("ETE.GRANT", "Bursaries and grants"),
    ("FIN", "Finance, benefits and debt"),
    ("FIN.BEN", "Benefits advice and claims"),
    ("FIN.BUDG", "Budgeting and money skills"),
    ("FIN.DEBT", "Debt advice"),
    ("FIN.BANK", "Bank accounts and ID"),
    ("FIN.EMERG", "Emergency provisions: food, phones, starter packs"),
    ("DA", "Drugs and alcohol"),
    ("DA.COMM", "Community drug and alcohol treatment"),
    ("DA.RESI", "Residential rehab and detox"),
    ("DA.PRESC", "Substitute prescribing and drug intervention on charge"),
    ("DA.RECOV", "Recovery and peer groups"),
    ("DA.COURT", "Court-ordered drug and alcohol treatment (DRR/ATR)"),
    ("HLT", "Health and wellbeing"),
    ("HLT.MH", "Mental health services"),
    ("HLT.MHTR", "Mental Health Treatment Requirement"),
    ("HLT.DUAL", "Dual diagnosis"),
    ("HLT.PRIM", "GP and dentist registration"),
    ("HLT.COUNS", "Counselling and therapies"),
    ("HLT.MEDS", "Medication continuity on release"),
    ("HLT.WELL", "Emotional support and wellbeing"),
    ("FAM", "Children, families and relationships"),
    ("FAM.PRIS", "Support for children and families of prisoners"),
    ("FAM.REL", "Family reconnection and relationships"),
    ("FAM.WHOLE", "Whole-family interventions"),
    ("FAM.PAR", "Parenting and childcare"),
    ("WOM", "Women"),
    ("WOM.CENTRE", "Women's centres"),
    ("WOM.DIV", "Whole-system and diversion schemes for women"),
    ("WOM.GATE", "Through-the-gate support for women"),
    ("WOM.SEX", "Sexual exploitation and sex work support"),
    ("WOM.HBV", "Honour-based violence and forced marriage"),
    ("DSA", "Domestic and sexual abuse"),
    ("DSA.VICT", "Support for survivors of domestic abuse"),
    ("DSA.SEX", "Sexual abuse and violence support"),
    ("DSA.PERP", "Domestic abuse perpetrator programmes"),
    ("DSA.STALK", "Stalking perpetrator interventions"),
    ("ATB", "Attitudes, thinking and behaviour"),
    ("ATB.ACC", "Accredited programmes"),
    ("ATB.CBT", "Cognitive-behavioural and one-to-one interventions"),
    ("ATB.RJ", "Restorative justice"),
    ("ATB.GANG", "Gangs, violence and knife crime"),
    ("ATB.DRIVE", "Driving offences"),
    ("MEN", "Mentoring and peer support"),
    ("MEN.CHAP", "Community chaplaincy and volunteer mentors"),
    ("MEN.LIVED", "Lived-experience mentors"),
    ("MEN.PEER", "Peer mentoring"),
    ("MEN.ACT", "Positive activities: sport, leisure, animals, arts"),
    ("YP", "Young people and young adults"),
    ("YP.YOS", "Youth Offending Service"),
    ("YP.EIS", "Young-adult early intervention and mentoring"),
    ("YP.RESET", "Youth resettlement"),
    ("YP.GANG", "Gang exit"),
    ("RES", "Resettlement and case management"),
    ("RES.PLAN", "Prison resettlement and release planning"),
    ("RES.DAY1", "Release-day essentials"),
    ("RES.ACCOMP", "Accompanying people to appointments"),
    ("RES.CASE", "Case management for multiple complex needs"),
    ("RES.INFO", "Information, advice and signposting hubs"),
    ("CJ", "Criminal-justice routes"),
    ("CJ.IOM", "Integrated Offender Management"),
    ("CJ.OOCD", "Out-of-court disposals and deferred prosecution"),
    ("CJ.CSTR", "Community Sentence Treatment Requirements"),
    ("CJ.COURT", "Court signposting and diversion"),
    ("CJ.PP", "Public protection: MAPPA and MAGPAN"),
    ("VET", "Veterans"),
    ("VET.GEN", "Armed forces and veterans' support"),
])
TOP_LEVEL = [c for c in TAXONOMY if "." not in c]
# CJ.PP (MAPPA / MAGPAN) is never a listable service (domain.md §2.1, §5).
UNLISTABLE = {"CJ.PP"}


def taxonomy_term(code):
    term = OrderedDict()
    term["id"] = term_uuid(code)
    term["code"] = code
    term["name"] = TAXONOMY[code]
    term["description"] = TAXONOMY[code]
    term["taxonomy"] = TAXONOMY_NAME
    if "." in code:
        term["parent_id"] = term_uuid(code.split(".")[0])
    return term


# ---------------------------------------------------------------------------
# Real open data (shared/data beside the checkout, see its README.md)
# ---------------------------------------------------------------------------

class Geo:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.places = {}        # Bedfordshire places: name -> row (first wins)
        self.towns = {}         # GB towns and cities: name -> row
        self.outcodes = {}      # outcode -> row
        self.postcodes = []     # rooftop-quality Bedfordshire postcodes
        self.libraries = []
        self.prisons = {}
        self.probation = {}
        for row in self._csv("bedfordshire_places.csv"):
            self.places.setdefault(row["name"], row)
        for row in self._csv("gb_towns_cities.csv"):
            self.towns.setdefault(row["name"], row)
        for row in self._csv("uk_outcode_centroids.csv"):
            self.outcodes[row["outcode"]] = row
        for row in self._csv("bedfordshire_postcodes.csv"):
            if row["positional_quality"] == "10":
                self.postcodes.append(row)
        self.postcodes.sort(key=lambda r: r["postcode"])
        self.libraries = list(self._csv("bedfordshire_libraries.csv"))
        for row in self._csv("prisons_england_wales.csv"):
            self.prisons.setdefault(row["prison_id"], row)
        for row in self._csv("probation_offices_england_wales.csv"):
            self.probation[row["probation_office_id"]] = row
        self._cands = {}
        self._used = Counter()

    def _csv(self, name):
        path = os.path.join(self.data_dir, name)
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    def centroid(self, name):
        """(lat, lon) of a Bedfordshire place or a GB town/city."""
        row = self.places.get(name) or self.towns.get(name)
        if row is None:
            raise KeyError("no centroid for place %r" % name)
        return float(row["latitude"]), float(row["longitude"])

    def pick_postcode(self, town, near=None):
        """A real rooftop postcode close to the centre of a Bedfordshire town
        (or of a suburb `near`), spread deterministically over successive calls."""
        key = near or town
        if key not in self._cands:
            place = self.places[key]
            lat0, lon0 = float(place["latitude"]), float(place["longitude"])
            district = place["district"]
            radius = 1.4 if key in ("Bedford", "Luton") else 0.8
            cands = []
            for r in self.postcodes:
                if r["district_name"].replace(" (B)", "") != district:
                    continue
                d = haversine_km(lat0, lon0, float(r["latitude"]), float(r["longitude"]))
                if d <= radius:
                    cands.append((round(d, 4), r["postcode"], r))
            cands.sort(key=lambda t: (t[0], t[1]))
            if not cands:
                raise KeyError("no postcodes near %s" % key)
            self._cands[key] = [c[2] for c in cands]
        cands = self._cands[key]
        n = self._used[key]
        self._used[key] += 1
        return cands[(n * 53 + 11) % len(cands)]


def haversine_km(lat1, lon1, lat2, lon2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


# Where each town of the sample sits.  "district" is the service area name used
# by default; "county" goes into address.state_province.
BEDS_TOWNS = {
    "Bedford": "Bedford", "Kempston": "Bedford",
    "Luton": "Luton",
    "Dunstable": "Central Bedfordshire", "Houghton Regis": "Central Bedfordshire",
    "Leighton Buzzard": "Central Bedfordshire", "Biggleswade": "Central Bedfordshire",
    "Sandy": "Central Bedfordshire", "Flitwick": "Central Bedfordshire",
    "Ampthill": "Central Bedfordshire", "Shefford": "Central Bedfordshire",
    "Stotfold": "Central Bedfordshire", "Potton": "Central Bedfordshire",
    "Woburn": "Central Bedfordshire",
}
# Out-of-county towns: (county for addresses, outcode for the location, area name)
OUT_TOWNS = {
    "Milton Keynes": ("Buckinghamshire", "MK9", "Milton Keynes"),
    "Bletchley": ("Buckinghamshire", "MK2", "Milton Keynes"),
    "Peterborough": ("Cambridgeshire", "PE1", "Peterborough"),
    "Cambridge": ("Cambridgeshire", "CB1", "Cambridgeshire"),
    "Northampton": ("Northamptonshire", "NN1", "West Northamptonshire"),
    "Hatfield": ("Hertfordshire", "AL9", "Hertfordshire"),      # Welham Green
    "Stevenage": ("Hertfordshire", "SG1", "Hertfordshire"),
    "St Albans": ("Hertfordshire", "AL1", "Hertfordshire"),
    "Hitchin": ("Hertfordshire", "SG5", "Hertfordshire"),
}

# Invented street addresses: plausible but generic, always flagged as sample.
STREETS = ["High Street", "Station Road", "Church Street", "Mill Street",
           "Park Road", "George Street", "Victoria Road", "London Road",
           "Queen Street", "Albert Road", "Bridge Street", "Market Square",
           "Castle Road", "King Street", "Grove Place", "Midland Road"]

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAYS = "MO,TU,WE,TH,FR"
ALLDAYS = "MO,TU,WE,TH,FR,SA,SU"

OFFICE = [(WEEKDAYS, "09:00", "17:00")]
OFFICE_830 = [(WEEKDAYS, "08:30", "16:30")]
H24 = [(ALLDAYS, "00:00", "24:00", "24 hours a day, every day")]

R_LM = ["low", "medium"]
R_LMH = ["low", "medium", "high"]
R_ALL = ["low", "medium", "high", "very_high"]

LANGUAGE_NAMES = {
    "en": "English", "pl": "Polish", "ro": "Romanian", "ur": "Urdu",
    "pa": "Punjabi", "bn": "Bengali", "pt": "Portuguese", "it": "Italian",
    "lt": "Lithuanian", "ar": "Arabic", "so": "Somali", "bg": "Bulgarian",
    "gu": "Gujarati", "ku": "Kurdish", "sq": "Albanian", "tr": "Turkish",
}
TRANSLATION_LANGS = ["pl", "ro", "ur", "pa", "bn", "pt", "it", "lt"]


# ---------------------------------------------------------------------------
# Organisations.  Real public bodies keep their real names and only the web
# addresses that are in the shared data (or the council's own domain, which
# the library e-mail addresses in the data confirm).  Everything else is
# invented, marked "(sample)", and uses example.org.
# ---------------------------------------------------------------------------

REAL_ORGS = {
    "hmpps": ("HM Prison and Probation Service",
              "Executive agency of the Ministry of Justice that runs prisons and the Probation Service in England and Wales.",
              "https://www.gov.uk/government/organisations/her-majesty-s-prison-and-probation-service"),
    "bedford-bc": ("Bedford Borough Council",
                   "Unitary council for Bedford, Kempston and the surrounding villages; runs the borough's public libraries.",
                   "https://www.bedford.gov.uk/"),
    "central-beds": ("Central Bedfordshire Council",
                     "Unitary council for Central Bedfordshire, including Dunstable, Houghton Regis, Leighton Buzzard, Biggleswade, Sandy, Flitwick and Ampthill; runs its public libraries.",
                     "https://www.centralbedfordshire.gov.uk/"),
    "luton-bc": ("Luton Borough Council",
                 "Unitary council for Luton; its public libraries are listed here.",
                 "https://www.luton.gov.uk/"),
}

SAMPLE_ORGS = {
    "direction": ("Direction Hub (sample)", "Sample record modelled on Direction, the Bedfordshire offenders' hub funded by the Police and Crime Commissioner: an online directory, a helpline of specialist advisers and referrals for people with convictions and their families."),
    "signpost": ("Signpost Victims Hub (sample)", "Sample record modelled on Signpost, the Police and Crime Commissioner's hub for victims of crime in Bedfordshire. Kept separate from offender services."),
    "hpt": ("East of England Homelessness Prevention Taskforce (sample)", "Sample record modelled on the probation region's Homelessness Prevention Taskforce, which funds short-term accommodation and deposits for prison leavers."),
    "probation-commissioned": ("East of England Probation Commissioned Services (sample)", "Sample organisation for services that the Probation Service commissions in the East of England region."),
    "turnaround": ("Turnaround Futures (sample)", "Sample charity modelled on the Bedfordshire charity that hosts the county's Integrated Offender Management scheme and works intensively with repeat offenders."),
    "familylinks": ("Family Links Bedfordshire (sample)", "Sample charity modelled on the family support charity working with HMP Bedford: support for children and families of people in prison."),
    "bench": ("BeNCH Community Rehabilitation Company (historic, sample record)", "Community Rehabilitation Company for Bedfordshire, Northamptonshire, Cambridgeshire and Hertfordshire. Its work returned to the Probation Service on 26 June 2021. Kept as a defunct record."),
    "kestrel": ("Kestrel Housing (sample)", "Sample housing association running hostels and supported housing for single people in Bedford Borough."),
    "lantern": ("Lantern Housing Luton (sample)", "Sample supported-housing provider for single homeless people and prison leavers in Luton."),
    "chiltern-edge": ("Chiltern Edge Housing (sample)", "Sample housing charity for Central Bedfordshire: supported housing, move-on flats and floating support."),
    "three-counties-recovery": ("Three Counties Recovery Housing (sample)", "Sample provider of substance-free recovery houses in Bedfordshire."),
    "herts-recovery-link": ("Hertfordshire Recovery Link (sample)", "Sample drugs charity modelled on the Hertfordshire provider of an 11-bed hostel for prison leavers."),
    "la-housing-bedford": ("Local authority housing team – Bedford (sample)", "Sample record standing in for the council's statutory housing options service in Bedford Borough."),
    "la-housing-luton": ("Local authority housing team – Luton (sample)", "Sample record standing in for the council's statutory housing options service in Luton."),
    "la-housing-central": ("Local authority housing team – Central Bedfordshire (sample)", "Sample record standing in for the council's statutory housing options service in Central Bedfordshire."),
    "jcp": ("Jobcentre Plus (sample records)", "Sample records for Jobcentre ex-offender advisers. The seed documents mention 13 Jobcentres in the Bedfordshire regional area but do not name them, so none of these sites is real."),
    "second-chance": ("Second Chance Works (sample)", "Sample social enterprise that finds jobs with fair-chance employers for people with convictions."),
    "gateway-board": ("Bedfordshire Gateway to Employment Board (sample)", "Sample multi-agency board, modelled on the Norfolk Gateway to Employment board, linking employers with prison leavers and people on probation."),
    "ouse-skills": ("Ouse Skills Centre (sample)", "Sample adult education provider in Bedford: basic skills, ESOL, vocational courses and college access."),
    "lea-skills": ("Lea Valley Skills (sample)", "Sample adult education provider in Luton and south Bedfordshire."),
    "upcycle": ("Second Life Upcycling (sample)", "Sample social enterprise that restores furniture and offers work placements."),
    "mk-pathways": ("Milton Keynes Pathways to Work (sample)", "Sample employment charity covering Milton Keynes, modelled on a Thames Valley scheme whose workers sit alongside probation officers."),
    "money-bedford": ("Bedford Money Advice Centre (sample)", "Sample independent advice charity: benefits, debt and budgeting in Bedford Borough."),
    "luton-advice": ("Luton Community Advice (sample)", "Sample advice charity for Luton: benefits, debt, housing and employment rights."),
    "central-advice": ("Central Beds Advice Network (sample)", "Sample advice charity with outreach sessions across Central Bedfordshire."),
    "foodbank-bedford": ("Bedford Community Food Bank (sample)", "Sample food bank for Bedford and Kempston."),
    "luton-food": ("Luton Food Partnership (sample)", "Sample network of food banks and community pantries in Luton."),
    "central-food": ("Central Beds Food Network (sample)", "Sample network of food banks in Central Bedfordshire towns."),
    "starter-packs": ("Fresh Start Furniture (sample)", "Sample charity providing furniture and home starter packs."),
    "recovery-bedford": ("Bedford Recovery Partnership (sample)", "Sample NHS and voluntary sector partnership providing drug and alcohol treatment in Bedford Borough."),
    "recovery-luton": ("Luton Recovery Partnership (sample)", "Sample drug and alcohol treatment provider in Luton."),
    "recovery-central": ("Central Bedfordshire Recovery Service (sample)", "Sample drug and alcohol treatment provider in Central Bedfordshire."),
    "rehab-northants": ("Nene Valley Rehab (sample)", "Sample residential rehabilitation provider in Northamptonshire."),
    "detox-cambs": ("Fen Edge Detox Unit (sample)", "Sample inpatient detox unit in Cambridgeshire."),
    "wellbeing-beds": ("Wellbeing Bedfordshire (sample)", "Sample mental health charity for Bedfordshire: drop-ins, talking therapies and peer support."),
    "nhs-mh": ("Bedfordshire and Luton Mental Health Service (sample)", "Sample NHS mental health provider for Bedfordshire and Luton."),
    "homeless-health": ("Homeless Health Bedfordshire (sample)", "Sample NHS primary care team for people who are homeless or newly released from prison."),
    "womens-luton": ("Amber Women's Centre (sample)", "Sample women's centre in Luton offering a woman-only space, key workers and a crèche."),
    "womens-bedford": ("Bedford Women's Centre (sample)", "Sample women's centre in Bedford."),
    "womens-diversion": ("Bedfordshire Women's Diversion Partnership (sample)", "Sample whole-system partnership for women in contact with the justice system, modelled on the Norfolk WONDER scheme."),
    "safe-haven": ("Harbour Domestic Abuse Service (sample)", "Sample domestic abuse charity for Bedfordshire: helpline, refuges, outreach and independent advocates."),
    "asian-womens": ("Roshni Women's Project (sample)", "Sample specialist service for South Asian women affected by domestic abuse, honour-based abuse and forced marriage."),
    "sv-support": ("Bedfordshire Sexual Violence Support (sample)", "Sample sexual violence support service with independent advisers and counselling."),
    "change-programmes": ("Change Programmes Bedfordshire (sample)", "Sample provider of domestic abuse perpetrator and stalking interventions."),
    "chaplaincy": ("Bedfordshire Community Chaplaincy (sample)", "Sample faith-based volunteer mentoring charity working in HMP Bedford, through the gate and in the community."),
    "lived-exp": ("Lived Experience Bedfordshire (sample)", "Sample charity whose mentors have themselves been through the justice system."),
    "restorative": ("Restorative Bedfordshire (sample)", "Sample restorative justice service."),
    "youth-justice": ("Youth Justice Bedfordshire (sample)", "Sample record standing in for the three council youth offending services."),
    "young-adults": ("Next Step Young Adults (sample)", "Sample charity for young adults aged 16 to 26 in contact with the police."),
    "veterans": ("Bedfordshire Veterans' Hub (sample)", "Sample armed forces veterans' charity."),
    "complex-needs": ("Bedfordshire Complex Needs Navigators (sample)", "Sample case-management service using a Making Every Adult Matter approach."),
    "active-futures": ("Active Futures Bedfordshire (sample)", "Sample sport, arts and outdoor activity projects for people on probation."),
    "court-desk": ("Bedfordshire Court Support Desks (sample)", "Sample voluntary sector signposting desks at court."),
    "police-iom": ("Bedfordshire Police IOM Team (sample)", "Sample record for the police side of Integrated Offender Management."),
    "resettlement": ("Bedfordshire Resettlement Trust (sample)", "Sample charity for release planning, release-day support and accompanying people to appointments."),
    "peterborough-gate": ("Fenland Gate Resettlement (sample)", "Sample resettlement charity working in HMP Peterborough."),
    "herts-women": ("Hertfordshire Women's Housing Project (sample)", "Sample women's housing charity in Hertfordshire, modelled on plans for a women's hostel."),
    "driving": ("Road Ahead Driving Offender Scheme (sample)", "Sample scheme for people with repeat driving offences."),
    "family-mediation": ("Bedfordshire Family Mediation (sample)", "Sample family mediation and relationship support charity."),
    "parenting": ("Parenting Together Luton (sample)", "Sample parenting and family support charity in Luton."),
    "dental": ("Community Dental Access Bedfordshire (sample)", "Sample NHS community dental access scheme."),
    "mk-housing": ("Milton Keynes Prison Leavers Housing (sample)", "Sample supported-housing provider in Milton Keynes."),
    "mk-women": ("Milton Keynes Women's Hub (sample)", "Sample women's centre in Milton Keynes."),
    "northants-housing": ("Northampton Step Housing (sample)", "Sample hostel provider in Northampton."),
    "herts-skills": ("North Herts Construction Academy (sample)", "Sample construction training academy in Hertfordshire."),
}


# ---------------------------------------------------------------------------
# Invented services.  S() records a service spec; build_service() turns it
# into ORUK JSON.  Keyword arguments (all optional):
#   status, alert, phones (list of descriptions; [] = none), email, url,
#   min_age, max_age, hours (list of (byday, opens, closes[, description
#   [, valid_from[, valid_to]]])), langs (extra ISO 639-1 codes besides en),
#   areas (service_areas names), gender, risk, stages, self_ref, tags, excl,
#   elig, delivery, capacity, waiting, funding_end, confidential,
#   loc (None = invented address in town; False = no location; "key" or
#   ["key", ...] = shared location), near (suburb for the invented address),
#   aliases, handover.
# ---------------------------------------------------------------------------

SERVICES = []


def S(slug, name, org, town, codes, desc, **kw):
    spec = dict(slug=slug, name=name, org=org, town=town, codes=codes.split(),
                desc=desc)
    spec.update(kw)
    SERVICES.append(spec)
    return spec


# --- Seed-grounded records (domain.md §2.1) and resettlement ----------------

S("direction-hub", "Direction offenders' hub (sample)", "direction", "Bedford",
  "RES.INFO",
  "Direction is a one-stop hub for people on probation, people leaving prison and their families in Bedfordshire. "
  "Advisers on the helpline help you find housing, work, benefits, health and family support, and can make referrals for you. "
  "You can phone, use the online directory, or ask your probation practitioner to refer you.",
  phones=["Helpline", "Professionals' referral line"],
  hours=[(WEEKDAYS, "08:00", "22:00", "Helpline, weekdays"),
         ("SA,SU", "09:00", "18:00", "Helpline, weekends and bank holidays")],
  langs=["pl", "ro", "ur", "pa", "bn", "pt", "it", "lt"],
  areas=["Bedfordshire"], risk=R_ALL, stages=["custody", "gate", "community", "court"],
  elig="Anyone in Bedfordshire with a conviction, on probation or leaving prison, and their families. You can refer yourself.",
  delivery=["phone", "online", "appointment"],
  aliases=["Direction", "Direction Offenders' Hub", "Direction Hub", "Direction of Bedfordshire", "Direction for Bedfordshire"])

S("signpost-victims", "Signpost victims hub – onward handover (sample)", "signpost", "Bedford",
  "RES.INFO",
  "Signpost is the Police and Crime Commissioner's separate hub for victims of crime in Bedfordshire. "
  "If someone you support is also a victim, give them the Signpost number so they can contact it themselves, or hand over with their consent. "
  "Signpost keeps its own records; nothing is shared with Direction.",
  phones=["Victims' helpline"], loc=False,
  hours=[(WEEKDAYS, "08:00", "20:00"), ("SA", "09:00", "17:00")],
  langs=["pl", "ro", "ur", "pa", "bn"], areas=["Bedfordshire"], risk=R_ALL,
  stages=["community", "custody", "gate", "court"],
  elig="Victims of any crime in Bedfordshire, whether or not it was reported to the police. For onward handover only.",
  delivery=["phone", "online"], handover="victim_services",
  aliases=["Signpost", "Signpost Bedfordshire", "victim services"])

S("hpt-hotel-nights", "Homelessness Prevention Taskforce – hotel nights and deposits (sample)", "hpt", "Bedford",
  "ACC.EMERG ACC.DEP",
  "The taskforce is not a housing provider, but it can pay for up to 14 nights in a hotel for people released from prison with nowhere to live. "
  "It can also pay a rent deposit or rent in advance so that you can move into a private tenancy. Only probation can refer.",
  phones=["Probation referrals line"], loc=False,
  areas=["East of England"], risk=R_ALL, stages=["gate"], self_ref=False,
  elig="People leaving prison on licence to the East of England who would otherwise be homeless. Referral by a probation practitioner only.",
  delivery=["phone"], capacity="Up to 14 hotel nights per person",
  aliases=["HPT", "Homelessness Prevention Taskforce", "hotel nights"])

S("vanguard-12-weeks", "Project Vanguard-style 12-week accommodation (sample)", "probation-commissioned", "Bedford",
  "ACC.EMERG ACC.SUPP",
  "Provides accommodation for the first 12 weeks after release, with a support worker who helps you with benefits, health and finding a longer-term home. "
  "Places are arranged by probation before your release date.",
  phones=["Referrals line"], loc=False,
  areas=["East of England"], risk=R_LMH, stages=["gate", "community"], self_ref=False,
  elig="Men and women released on licence, referred by probation. Low, medium and high risk accepted.",
  delivery=["appointment", "outreach"], capacity="12 weeks per person", funding_end="2027-03-31",
  aliases=["Project Vanguard", "Vanguard", "CAS3"])

S("turnaround-iom", "Turnaround Futures – Integrated Offender Management (sample)", "turnaround", "Luton",
  "CJ.IOM DSA.PERP ATB.CBT",
  "Hosts the county's Integrated Offender Management scheme with police and probation. "
  "Key workers work intensively with people who repeatedly commit burglary and other acquisitive crime, and with domestic abuse perpetrators, on housing, drugs, work and thinking skills. "
  "People are selected for IOM by police and probation; you cannot refer yourself.",
  phones=["IOM office"], areas=["Bedfordshire"], risk=R_ALL, stages=["community", "gate", "court"],
  self_ref=False, delivery=["appointment", "outreach"], langs=["ur", "pl"],
  elig="Adults selected for the IOM cohort by Bedfordshire Police and the Probation Service.",
  aliases=["YouTurn Futures", "You Turn Futures", "IOM Bedfordshire"])

S("police-iom", "Bedfordshire Police IOM and prolific offender team (sample)", "police-iom", "Kempston",
  "CJ.IOM",
  "The police side of Integrated Offender Management, now focused on serious acquisitive crime such as burglary and robbery. "
  "Officers work with probation and support agencies to help people in the cohort stop offending. For information: selection is by police and probation only.",
  phones=["IOM duty officer"], areas=["Bedfordshire"], risk=R_ALL, stages=["community", "gate"],
  self_ref=False, delivery=["appointment", "outreach"],
  elig="People selected for the IOM cohort by the police and the Probation Service.",
  aliases=["Prolific Intensive Offender programme", "PIO", "IOM police"])

S("bench-crc", "BeNCH Community Rehabilitation Company – Bedfordshire (historic, sample)", "bench", "Bedford",
  "RES.PLAN ATB.CBT",
  "BeNCH ran local probation for lower-risk cases, Through the Gate resettlement and community payback in Bedfordshire. "
  "It closed on 26 June 2021, when its work returned to the Probation Service. Contact the Probation Service offices in Bedford or Luton instead.",
  status="defunct", phones=[], loc=False, email=None,
  alert="Closed 26 June 2021: work transferred to the Probation Service.",
  areas=["Bedfordshire", "Northamptonshire", "Cambridgeshire", "Hertfordshire"],
  risk=R_LM, stages=["community", "gate"], self_ref=False, delivery=["appointment"],
  funding_end="2021-06-25",
  elig="No longer operating. Lower-risk cases are now supervised by the Probation Service.",
  aliases=["BeNCH", "BeNCH CRC", "CRC", "Community Rehabilitation Company"])

S("hmp-bedford-family-support", "Family support at HMP Bedford visits (sample)", "familylinks", "Bedford",
  "FAM.PRIS",
  "Family workers at HMP Bedford's visits help children and families keep in touch with someone in prison. "
  "They explain how visits work, show children a short video of what prison is like inside, and offer one-to-one support for children and carers. "
  "Families can refer themselves; prison and probation staff can refer too.",
  loc="prison:BFI", phones=["Family support line"],
  hours=[("TU,TH", "13:30", "16:30", "At visits sessions"), ("SA,SU", "09:30", "16:00", "At visits sessions")],
  langs=["pl", "ur", "pa"], areas=["Bedfordshire"], risk=R_ALL, stages=["custody"],
  elig="Children, partners and carers of men held at HMP Bedford. You can refer yourself.",
  delivery=["drop_in", "appointment", "phone"],
  aliases=["Ormiston Families", "prison visits support", "children of prisoners"])

S("luton-cmhtr", "Luton Community Mental Health Treatment Requirement pilot (sample)", "nhs-mh", "Luton",
  "HLT.MHTR CJ.CSTR",
  "For information: in Luton, courts can add a Mental Health Treatment Requirement to a community order on probation's advice. "
  "Psychologists and practitioners then give up to 12 sessions of talking therapy during the order. "
  "It is not open to referral by the public.",
  phones=["Court liaison"], areas=["Luton"], risk=R_LMH, stages=["court", "community"],
  self_ref=False, delivery=["appointment"], min_age=18, langs=["ur", "bn"],
  funding_end="2027-03-31",
  elig="Adults sentenced at Luton courts who agree to treatment and whose mental health need is assessed as suitable.",
  aliases=["CMHTR", "MHTR", "CSTR Luton"])

S("womens-diversion", "Bedfordshire Women's Diversion Scheme (sample)", "womens-diversion", "Bedford",
  "WOM.DIV CJ.OOCD",
  "A whole-system approach for women who come into contact with the police. "
  "At several diversion points (arrest, caution, court) a women's worker offers up to 16 weeks of support with housing, mental health, relationships and reconnecting with children. "
  "Referrals come from police and courts; women can also ask to be referred.",
  phones=["Diversion team"], loc=False, gender="women", areas=["Bedfordshire"], risk=R_LMH,
  stages=["court", "community"], self_ref=False, delivery=["appointment", "outreach", "phone"],
  langs=["pl", "ur", "ro"], min_age=18, funding_end="2027-01-31",
  elig="Women aged 18 and over arrested or charged in Bedfordshire for a low-level offence.",
  aliases=["WONDER", "Wonder", "women's diversion"])

S("chaplaincy-mentors", "Community chaplaincy volunteer mentors (sample)", "chaplaincy", "Bedford",
  "MEN.CHAP RES.ACCOMP",
  "Trained volunteer mentors from local faith communities meet you in prison before release and stay with you through the gate and into the community. "
  "They help with practical tasks such as appointments, housing forms and finding work. The service is for people of any faith or none.",
  phones=["Mentoring coordinator"], areas=["Bedfordshire"], risk=R_LMH,
  stages=["custody", "gate", "community"], delivery=["appointment", "outreach"], langs=["pl", "pa"],
  elig="Adults at HMP Bedford or released to Bedfordshire, and their families. People can refer themselves.",
  capacity="19 volunteer mentors", waiting_list="About 3 weeks",
  aliases=["chaplaincy", "community chaplaincy", "through the gate mentors"])

S("chaplaincy-luton", "Luton community chaplaincy mentors (sample)", "chaplaincy", "Luton",
  "MEN.CHAP",
  "Volunteer mentors from Luton's churches, mosques and gurdwaras support people after release from prison. "
  "Mentors meet weekly, help people settle back into the community and encourage education, training and positive activities.",
  phones=["Luton coordinator"], areas=["Luton"], risk=R_LMH, stages=["gate", "community"],
  delivery=["appointment", "outreach"], langs=["ur", "pa", "bn"],
  elig="Adults released to Luton, of any faith or none.")

S("release-day-kit", "Release-day essentials pack (sample)", "resettlement", "Bedford",
  "RES.DAY1 FIN.EMERG",
  "Gives people leaving HMP Bedford with nowhere to go a backpack with a sleeping bag, toiletries, a basic phone with credit, a travel pass and a map of local services. "
  "Prison resettlement staff order the pack at least a week before release.",
  loc="prison:BFI", phones=["Orders line"], areas=["Bedfordshire"], risk=R_ALL, stages=["gate"],
  self_ref=False, delivery=["appointment"],
  elig="People leaving HMP Bedford who are homeless or have no belongings. Ordered by prison resettlement staff.",
  aliases=["backpack", "urban survival kit", "release pack"])

S("travel-warrants", "Release travel and first-week fares fund (sample)", "resettlement", "Bedford",
  "RES.DAY1",
  "Pays train or bus fares for release day and for the first week of appointments with probation, the Jobcentre and housing. "
  "Probation or prison staff apply on the person's behalf.",
  phones=["Fund administrator"], loc=False, areas=["Bedfordshire"], risk=R_ALL, stages=["gate"],
  self_ref=False, delivery=["phone"],
  elig="People released to Bedfordshire with no money for travel to statutory appointments.")

S("accompany-bedford", "Appointment buddies – Bedford (sample)", "resettlement", "Bedford",
  "RES.ACCOMP MEN.PEER",
  "Volunteer buddies meet you at the prison gate or at home and go with you to your first appointments: probation, the Jobcentre, the council housing team, the GP. "
  "Useful for anyone who finds offices and forms stressful.",
  phones=["Buddy bookings"], risk=R_LMH, stages=["gate", "community"],
  delivery=["outreach", "appointment"], langs=["pl", "lt"],
  elig="Adults on probation or released in the last 3 months in Bedford and Kempston.")

S("accompany-luton", "Appointment buddies – Luton (sample)", "resettlement", "Luton",
  "RES.ACCOMP",
  "Volunteers go with you to appointments in Luton in the first weeks after release, and help you find your way around offices and forms. "
  "Book at least two working days ahead.",
  phones=["Buddy bookings"], risk=R_LMH, stages=["gate", "community"],
  delivery=["outreach"], langs=["ur", "bn", "ro"],
  elig="Adults on probation or recently released who live in Luton.")

S("release-planning-bedford", "Pre-release planning team – HMP Bedford (sample)", "resettlement", "Bedford",
  "RES.PLAN ACC.LA FIN.BEN",
  "Resettlement workers see men at HMP Bedford from 12 weeks before release to plan housing, benefits, ID and health appointments for day one. "
  "They book Jobcentre appointments and make homelessness referrals to the council before release.",
  loc="prison:BFI", phones=["Resettlement office"], gender="men", risk=R_ALL, stages=["custody", "gate"],
  self_ref=False, delivery=["appointment"], areas=["Bedfordshire"],
  elig="Men held at HMP Bedford due for release within 12 weeks. Prisoners can ask via an application form.")

S("complex-needs-bedford", "Complex needs navigators – Bedford (sample)", "complex-needs", "Bedford",
  "RES.CASE ACC.FLOAT DA.COMM",
  "Navigators work with a small caseload of people who face several problems at once: homelessness, drugs or alcohol, mental health and offending. "
  "They coordinate the services around you and stay with you for up to a year.",
  phones=["Navigator team"], risk=R_LMH, stages=["community", "gate"], self_ref=False,
  delivery=["outreach", "appointment"], capacity="40 people", waiting_list="6 to 8 weeks",
  elig="Adults in Bedford Borough with at least three of: homelessness, offending, substance misuse, mental ill-health.",
  aliases=["MEAM", "Horizons"])

S("complex-needs-luton", "Complex needs navigators – Luton (sample)", "complex-needs", "Luton",
  "RES.CASE",
  "A navigator coordinates support for people with multiple needs in Luton, including those who have been excluded from other services. "
  "Referrals from any agency; there is no threshold beyond offending or other complex needs.",
  phones=["Navigator team"], risk=R_LMH, stages=["community"], self_ref=False,
  delivery=["outreach"], langs=["ur", "pl", "ro"],
  elig="Adults in Luton with multiple and complex needs, referred by any agency.")

S("video-housing-peterborough", "Pre-release housing assessments by video – HMP Peterborough (sample)", "peterborough-gate", "Peterborough",
  "RES.PLAN ACC.LA",
  "Caseworkers run housing assessments by video link with council housing teams for people due to leave HMP Peterborough. "
  "This means a housing plan is in place before release, instead of turning up at the council office on the day.",
  loc="prison:PBI", phones=["Caseworker team"], areas=["Peterborough", "Bedfordshire"], risk=R_ALL,
  stages=["custody"], self_ref=False, delivery=["online", "appointment"],
  elig="People held at HMP Peterborough due for release to Cambridgeshire or Bedfordshire.")


# --- Accommodation -----------------------------------------------------------

S("bedford-release-night", "Bedford Release-Night Accommodation Service (sample)", "kestrel", "Bedford",
  "ACC.EMERG",
  "Emergency beds for the first nights after release for people leaving prison with nowhere to stay in Bedford. "
  "Staff meet you on release day, give you a room and help you make a homelessness application the next morning. "
  "Referrals come from the prison resettlement team or probation, ideally two weeks before release.",
  phones=["Referrals line", "Out-of-hours duty worker"],
  hours=[(WEEKDAYS, "09:00", "17:00", "Referrals"), (ALLDAYS, "17:00", "23:00", "Check-in for release-night beds")],
  langs=["pl", "lt", "ro"], risk=R_LMH, stages=["gate"], self_ref=False,
  excl="Arson", capacity="6 beds", delivery=["appointment", "phone"],
  elig="Adults leaving prison to the Bedford area with no address, referred by prison or probation. Not suitable for people who pose a very high risk of harm.",
  aliases=["release night beds", "night one accommodation"])

S("luton-release-night", "Luton Release-Night Accommodation Service (sample)", "lantern", "Luton",
  "ACC.EMERG",
  "Up to five nights in a staffed shared house for people released to Luton with nowhere to stay. "
  "A worker helps you register with the council housing team and the Jobcentre before you move on.",
  phones=["Referrals line"], hours=[(ALLDAYS, "10:00", "22:00", "Staffed hours")],
  langs=["ur", "bn", "pl", "ro"], risk=R_LMH, stages=["gate"], self_ref=False,
  excl="Sexual offences; arson", capacity="8 beds", delivery=["appointment"],
  elig="Adults released to Luton with no accommodation, referred by prison or probation.")

S("bedford-night-shelter", "Bedford winter night shelter (sample)", "kestrel", "Bedford",
  "ACC.EMERG",
  "A winter night shelter run with local churches, open every night from December to March. "
  "Guests get an evening meal, a bed and breakfast, and are helped to find longer-term housing.",
  phones=["Shelter coordinator"],
  hours=[(ALLDAYS, "19:30", "24:00", "Winter season", "2026-12-01", "2027-03-31"),
         (ALLDAYS, "00:00", "08:00", "Winter season", "2026-12-01", "2027-03-31")],
  risk=R_LMH, stages=["community", "gate"], delivery=["drop_in"], capacity="14 beds",
  elig="Rough sleepers aged 18 and over in Bedford. Arrive by 20:30; referral from the outreach team preferred.")

S("luton-swep", "Luton severe weather emergency beds (sample)", "lantern", "Luton",
  "ACC.EMERG",
  "Emergency beds opened when the overnight temperature is forecast to be zero or below. "
  "Anyone sleeping rough in Luton can use them, whatever their housing status.",
  status="temporarily closed", alert="Opens only when severe weather is declared; check before sending anyone.",
  phones=["Street outreach line"], hours=[(ALLDAYS, "20:00", "24:00", "Severe weather nights only")],
  risk=R_ALL, delivery=["drop_in", "outreach"], langs=["pl", "ro"],
  elig="Anyone sleeping rough in Luton during severe weather.", aliases=["SWEP"])

S("dunstable-emergency-beds", "Dunstable emergency beds (sample)", "chiltern-edge", "Dunstable",
  "ACC.EMERG ACC.SUPP",
  "Short-stay rooms for single people who are homeless in south Central Bedfordshire, with a key worker from the first day. "
  "Stays are usually two to six weeks while a move-on place is found.",
  phones=["Referrals line"], risk=R_LMH, stages=["gate", "community"], self_ref=False,
  capacity="10 rooms", excl="Arson", delivery=["appointment"],
  elig="Single adults with a local connection to Central Bedfordshire, referred by the council housing team or probation.")

S("kestrel-ouse-house", "Ouse Bank House men's hostel (sample)", "kestrel", "Bedford",
  "ACC.SUPP",
  "A 24-hour staffed hostel for men, with 28 single rooms, shared kitchens and a key worker for each resident. "
  "Staff help with benefits, health and move-on. Stays are usually up to 9 months.",
  phones=["Hostel office"], hours=H24, gender="men", risk=R_LMH, stages=["gate", "community"],
  self_ref=False, excl="Arson; sexual offences", tags=True, capacity="28 rooms",
  waiting_list="About 4 weeks", delivery=["appointment"], min_age=18, langs=["pl", "lt"],
  elig="Men aged 18 and over with a local connection to Bedford Borough. Referral through the council's single homeless pathway or probation.")

S("kestrel-young-men", "Kestrel young people's supported housing – Bedford (sample)", "kestrel", "Bedford",
  "ACC.SUPP YP.RESET",
  "Supported flats for young people aged 16 to 25, with a support worker on site during the day and on call at night. "
  "Residents work on life skills, education and training before moving to their own tenancy.",
  phones=["Referrals line"], hours=[(ALLDAYS, "08:00", "22:00", "Staff on site")],
  min_age=16, max_age=25, risk=R_LM, stages=["community", "gate"], self_ref=False,
  excl="Sexual offences", capacity="16 flats", delivery=["appointment"],
  elig="Young people aged 16 to 25 in Bedford Borough, referred by children's services, the youth offending service or the council.")

S("kempston-supported-house", "Kempston supported house (sample)", "kestrel", "Kempston",
  "ACC.SUPP",
  "A small shared house for six people leaving prison, with visiting support workers five days a week. "
  "The address is not published; referrers are given it when a place is offered.",
  confidential=True, loc=False, phones=["Referrals line"], risk=R_LMH, stages=["gate"],
  self_ref=False, tags=True, excl="Sexual offences", capacity="6 rooms", delivery=["appointment"],
  elig="Adults leaving prison to Bedford Borough who can live with others with visiting support.")

S("lantern-luton-hostel", "Lantern House hostel – Luton (sample)", "lantern", "Luton",
  "ACC.SUPP",
  "A 24-hour staffed hostel for single homeless adults in Luton, including people released from prison. "
  "Each resident has a key worker and a support plan; on-site sessions cover benefits, drugs and alcohol, and job search.",
  phones=["Hostel office"], hours=H24, risk=R_LMH, stages=["gate", "community"], self_ref=False,
  excl="Arson", capacity="36 rooms", waiting_list="2 to 6 weeks", delivery=["appointment"],
  langs=["ur", "bn", "pl", "ro"], min_age=18,
  elig="Single adults aged 18 and over with a local connection to Luton, referred by the council housing team or probation.")

S("lantern-prison-leavers", "Lantern prison leavers' supported housing – Luton (sample)", "lantern", "Luton",
  "ACC.SUPP ACC.MOVE",
  "Self-contained supported flats for men leaving prison, with support from before release until they move on. "
  "The address is withheld because of community sensitivity; it is given to referrers on acceptance.",
  confidential=True, loc=False, gender="men", phones=["Referrals line"], risk=R_LMH,
  stages=["custody", "gate"], self_ref=False, tags=True, excl="Arson; sexual offences",
  capacity="12 flats", delivery=["appointment"], langs=["ur", "pl"],
  elig="Men released to Luton on licence, referred by probation at least 6 weeks before release.")

S("luton-young-adults-housing", "Luton young adults' supported housing, 18–25 (sample)", "lantern", "Luton",
  "ACC.SUPP YP.EIS",
  "Shared supported housing for young adults aged 18 to 25, with daily key-work sessions and help into education, training or work. "
  "Young people leaving youth custody or care are prioritised.",
  phones=["Referrals line"], min_age=18, max_age=25, risk=R_LM, stages=["gate", "community"],
  self_ref=False, capacity="14 rooms", delivery=["appointment"], langs=["ur", "bn"],
  elig="Young adults aged 18 to 25 with a local connection to Luton.")

S("gateway-house-welham", "Gateway House hostel, Welham Green (sample)", "herts-recovery-link", "Hatfield",
  "ACC.SUPP DA.COMM",
  "An 11-bed hostel for prison leavers with nowhere to live, run by a drugs charity. "
  "It accepts people on electronic tags and people completing a detox. Stays last from 12 weeks to a year, with floating support after you move on.",
  phones=["Hostel office"], hours=H24, risk=R_LM, stages=["gate"], self_ref=False, tags=True,
  capacity="11 beds", areas=["Hertfordshire", "Bedfordshire"], delivery=["appointment"],
  excl="Arson", town_label="Welham Green",
  elig="Prison leavers assessed as low or medium risk with nowhere to live. Tags accepted.",
  aliases=["Oxygen Gateway", "Welham Green hostel"])

S("mk-supported-housing", "Milton Keynes prison leavers' supported housing (sample)", "mk-housing", "Milton Keynes",
  "ACC.SUPP",
  "Shared supported houses in Milton Keynes for men released from local prisons, including HMP Woodhill and HMP Bedford. "
  "Support workers visit daily and help with benefits, ID and move-on.",
  phones=["Referrals line"], gender="men", risk=R_LMH, stages=["gate"], self_ref=False,
  tags=True, excl="Sexual offences", capacity="20 rooms", areas=["Milton Keynes"], delivery=["appointment"],
  elig="Men released to Milton Keynes with a local connection, referred by probation.")

S("northampton-hostel", "Northampton Step House hostel (sample)", "northants-housing", "Northampton",
  "ACC.SUPP",
  "A staffed hostel in Northampton for single adults, including prison leavers, with 24-hour staff and a structured move-on plan.",
  phones=["Hostel office"], hours=H24, risk=R_LMH, stages=["gate", "community"], self_ref=False,
  excl="Arson", capacity="24 rooms", areas=["West Northamptonshire"], delivery=["appointment"],
  elig="Single adults with a local connection to Northampton.")

S("peterborough-hostel", "Peterborough supported housing for prison leavers (sample)", "peterborough-gate", "Peterborough",
  "ACC.SUPP RES.PLAN",
  "Supported rooms for people leaving HMP Peterborough who are homeless, with a support officer who starts working with them in prison.",
  phones=["Referrals line"], risk=R_LMH, stages=["custody", "gate"], self_ref=False,
  capacity="15 rooms", areas=["Peterborough"], delivery=["appointment"],
  elig="People due for release from HMP Peterborough with a connection to Peterborough.")

S("biggleswade-shared-house", "Biggleswade shared supported house (sample)", "chiltern-edge", "Biggleswade",
  "ACC.SUPP",
  "A five-bedroom shared house with visiting support for people who need help to manage a home after prison or homelessness.",
  phones=["Housing team"], risk=R_LM, stages=["gate", "community"], self_ref=False,
  capacity="5 rooms", delivery=["appointment"],
  elig="Adults with a local connection to east Central Bedfordshire, low or medium risk.")

S("dunstable-supported-mixed", "Dunstable supported housing (sample)", "chiltern-edge", "Dunstable",
  "ACC.SUPP ACC.FLOAT",
  "Supported flats for single people in Dunstable, with staff on site during office hours and an emergency on-call service.",
  phones=["Housing office"], risk=R_LMH, stages=["community", "gate"], self_ref=False,
  excl="Arson", capacity="18 flats", delivery=["appointment"],
  elig="Single adults with a local connection to Central Bedfordshire, referred by the council.")

S("recovery-house-bedford", "Bedford recovery house (dry house) (sample)", "three-counties-recovery", "Bedford",
  "ACC.DRY DA.RECOV",
  "A substance-free shared house for people in recovery from drugs or alcohol. "
  "Residents agree to random testing and take part in house meetings and recovery groups. Stays are up to 2 years.",
  phones=["House manager"], risk=R_LMH, stages=["community", "gate"], self_ref=True,
  capacity="7 rooms", delivery=["appointment"],
  elig="Adults who are abstinent or completing detox and want to stay drug and alcohol free.",
  aliases=["dry house"])

S("recovery-house-luton", "Luton men's recovery house (sample)", "three-counties-recovery", "Luton",
  "ACC.DRY",
  "Abstinence-based shared housing for men in recovery, with peer support and links to 12-step and SMART-style groups.",
  phones=["House manager"], gender="men", risk=R_LM, stages=["gate", "community"],
  capacity="8 rooms", delivery=["appointment"], confidential=True, loc=False,
  elig="Men aged 18 and over who are abstinent from drugs and alcohol.")

S("recovery-house-houghton", "Houghton Regis recovery housing (sample)", "three-counties-recovery", "Houghton Regis",
  "ACC.DRY ACC.MOVE",
  "Second-stage recovery flats for people who have completed rehab or a recovery house and are ready for more independence.",
  phones=["Housing worker"], risk=R_LM, stages=["community"], capacity="6 flats", delivery=["appointment"],
  elig="Adults who have been abstinent for at least 3 months.")

S("housing-options-bedford", "Housing options and homelessness advice – Bedford (sample)", "la-housing-bedford", "Bedford",
  "ACC.LA",
  "The council's housing team assesses people who are homeless or at risk of homelessness and decides what help the council must give. "
  "Prison and probation staff should use the duty to refer before release. You can also come in or phone on the day.",
  phones=["Housing options", "Out-of-hours homelessness line"],
  hours=[(WEEKDAYS, "09:00", "17:00"), (ALLDAYS, "17:00", "24:00", "Out-of-hours emergency line")],
  langs=["pl", "pa", "it", "pt"], risk=R_ALL, stages=["custody", "gate", "community"],
  delivery=["drop_in", "appointment", "phone"],
  elig="Anyone who is homeless or at risk of homelessness in Bedford Borough.",
  aliases=["homelessness application", "duty to refer", "council housing"])

S("housing-options-luton", "Housing options and homelessness advice – Luton (sample)", "la-housing-luton", "Luton",
  "ACC.LA",
  "The council's housing team assesses people who are homeless or at risk of homelessness and decides what help the council must give. "
  "Prison and probation staff should use the duty to refer before release. You can also come in or phone on the day.",
  phones=["Housing options", "Out-of-hours homelessness line"],
  hours=[(WEEKDAYS, "09:00", "17:00"), (ALLDAYS, "17:00", "24:00", "Out-of-hours emergency line")],
  langs=["ur", "bn", "pa", "pl", "ro"], risk=R_ALL, stages=["custody", "gate", "community"],
  delivery=["drop_in", "appointment", "phone"],
  elig="Anyone who is homeless or at risk of homelessness in Luton.",
  aliases=["homelessness application", "duty to refer", "council housing"])

S("housing-options-central", "Housing options and homelessness advice – Central Bedfordshire (sample)", "la-housing-central", "Dunstable",
  "ACC.LA",
  "The council's housing team for Central Bedfordshire assesses people who are homeless or at risk. "
  "Appointments at the Dunstable office or by phone; prison and probation staff should use the duty to refer.",
  phones=["Housing options"], hours=[(WEEKDAYS, "09:00", "17:00")],
  areas=["Central Bedfordshire"], risk=R_ALL, stages=["custody", "gate", "community"],
  delivery=["appointment", "phone"],
  elig="Anyone homeless or at risk of homelessness in Central Bedfordshire.")

S("housing-outreach-leighton", "Housing advice outreach – Leighton Buzzard (sample)", "la-housing-central", "Leighton Buzzard",
  "ACC.LA ACC.FLOAT",
  "A council housing officer holds a weekly drop-in in Leighton Buzzard for people worried about losing their home, including people recently released.",
  phones=["Housing options"], hours=[("WE", "10:00", "13:00", "Weekly drop-in")], risk=R_ALL,
  delivery=["drop_in"], elig="Residents of Leighton Buzzard and Linslade.")

S("luton-housing-support-worker", "Prison leavers' housing link worker – Luton (sample)", "la-housing-luton", "Luton",
  "ACC.LA RES.PLAN",
  "A housing officer in the council team who is the single point of contact on housing for probation and prison staff. "
  "They take referrals before release and arrange an assessment so that people are not left to turn up at the office on release day.",
  phones=["Link worker"], loc=False, risk=R_ALL, stages=["custody", "gate"], self_ref=False,
  delivery=["phone", "appointment"], langs=["ur"],
  elig="People due for release to Luton, referred by prison or probation staff.",
  aliases=["Offender Housing Support Worker"])

S("rent-deposit-bedford", "Bedford rent deposit scheme (sample)", "money-bedford", "Bedford",
  "ACC.DEP",
  "Provides a deposit guarantee bond and help to find a private landlord, so you can rent without paying a cash deposit. "
  "Staff also check the tenancy agreement and help you set up Housing Benefit or Universal Credit housing costs.",
  phones=["Deposit scheme"], risk=R_LMH, stages=["community", "gate"], delivery=["appointment"],
  langs=["pl", "it"], elig="Single people and couples in Bedford Borough who can afford a private rent but have no deposit.")

S("rent-bond-luton", "Luton rent bond and tenancy start-up (sample)", "luton-advice", "Luton",
  "ACC.DEP FIN.EMERG",
  "A bond scheme for private rented housing, plus a small tenancy start-up grant for bedding, pans and a first electricity top-up.",
  phones=["Bond scheme"], risk=R_LMH, stages=["community"], delivery=["appointment"],
  langs=["ur", "bn", "pl"], waiting_list="About 2 weeks",
  elig="Adults in Luton who are homeless or in temporary accommodation and can afford a private rent.")

S("rent-deposit-central", "Central Bedfordshire rent deposit (sample)", "central-advice", "Flitwick",
  "ACC.DEP",
  "Pays a rent deposit or the first month's rent in advance as a loan you repay in small amounts. "
  "Referrals through the council housing team or probation.",
  phones=["Deposit scheme"], risk=R_LMH, stages=["community", "gate"], self_ref=False,
  status="temporarily closed", alert="Fund used up for this financial year; reopens in April.",
  delivery=["appointment"], elig="Adults with a local connection to Central Bedfordshire.")

S("move-on-bedford", "Bedford move-on flats (sample)", "kestrel", "Bedford",
  "ACC.MOVE",
  "One-bedroom flats for people ready to leave a hostel, with a two-year tenancy and light-touch support. "
  "Tenants build a rent record before moving to social or private housing.",
  phones=["Lettings"], risk=R_LM, stages=["community"], self_ref=False, capacity="20 flats",
  waiting_list="3 to 6 months", delivery=["appointment"],
  elig="Hostel residents in Bedford Borough nominated by their key worker.")

S("move-on-luton", "Luton move-on homes (sample)", "lantern", "Luton",
  "ACC.MOVE ACC.FLOAT",
  "Shared and self-contained move-on homes for people leaving supported housing, with a tenancy support worker for the first six months.",
  phones=["Lettings"], risk=R_LM, stages=["community"], self_ref=False, delivery=["appointment"],
  elig="Residents of Luton supported housing who are ready to live more independently.")

S("floating-support-bedford", "Bedford tenancy sustainment service (sample)", "kestrel", "Bedford",
  "ACC.FLOAT",
  "Support workers visit you at home to help you keep your tenancy: paying rent, dealing with letters, neighbours and repairs. "
  "Support lasts up to a year. You can refer yourself.",
  phones=["Floating support"], risk=R_LMH, stages=["community"], delivery=["outreach", "phone"],
  langs=["pl", "pa"], elig="Adults living in Bedford Borough who are at risk of losing their home.")

S("floating-support-luton", "Luton floating support (sample)", "lantern", "Luton",
  "ACC.FLOAT FIN.BUDG",
  "Home visits and phone support to help people settle into a new tenancy, budget for bills and link with local services.",
  phones=["Floating support"], risk=R_LMH, stages=["community", "gate"], delivery=["outreach", "phone"],
  langs=["ur", "bn", "pl", "ro"], elig="Adults living in Luton who need help to keep their home.")

S("floating-support-sandy", "Rural floating support – Sandy and Biggleswade (sample)", "chiltern-edge", "Sandy",
  "ACC.FLOAT",
  "Visiting tenancy support for people in the villages and small towns of east Central Bedfordshire, where there are few other services.",
  phones=["Floating support"], risk=R_LMH, stages=["community"], delivery=["outreach"],
  elig="Adults in Sandy, Biggleswade, Potton and surrounding villages.")

S("floating-support-ampthill", "Floating support – Ampthill, Flitwick and Shefford (sample)", "chiltern-edge", "Ampthill",
  "ACC.FLOAT",
  "Support workers visit people at home across mid Bedfordshire to help with tenancies, bills and getting to appointments.",
  phones=["Floating support"], risk=R_LMH, stages=["community"], delivery=["outreach", "phone"],
  elig="Adults in Ampthill, Flitwick, Shefford and nearby villages.")

S("womens-housing-luton", "Women's supported housing – Luton (sample)", "womens-luton", "Luton",
  "ACC.WOM WOM.GATE",
  "Supported housing for women leaving prison or at risk of homelessness, in a women-only building. "
  "The address is confidential. Women get a key worker and links to the women's centre.",
  confidential=True, loc=False, gender="women", phones=["Referrals line"], risk=R_LMH,
  stages=["gate", "community"], self_ref=False, capacity="9 rooms", delivery=["appointment"],
  langs=["ur", "bn", "pl"], elig="Women aged 18 and over with a connection to Luton.")

S("womens-safe-house-bedford", "Bedford women's safe house (sample)", "womens-bedford", "Bedford",
  "ACC.WOM DSA.VICT",
  "A safe house for women who have left prison or a violent relationship and cannot go home. "
  "The location is never published; contact is through the referrals line only.",
  confidential=True, loc=False, gender="women", phones=["Referrals line"], risk=R_LMH,
  stages=["gate", "community"], self_ref=True, capacity="6 rooms", delivery=["phone"],
  langs=["pl", "pa"], elig="Women aged 18 and over who need a safe place to live.")

S("herts-womens-hostel", "Hertfordshire women's hostel (sample)", "herts-women", "St Albans",
  "ACC.WOM WOM.GATE",
  "A women-only hostel for women leaving prison or on probation in Hertfordshire and neighbouring areas. "
  "Staff are on site around the clock; the address is given only to referrers.",
  confidential=True, loc=False, gender="women", phones=["Referrals line"], hours=H24,
  risk=R_LMH, stages=["gate", "community"], self_ref=False, capacity="10 rooms",
  areas=["Hertfordshire", "Bedfordshire"], delivery=["appointment"],
  elig="Women on licence or community orders, referred by probation.", aliases=["HACRO women's hostel"])

S("womens-moveon-dunstable", "Women's move-on flats – Dunstable (sample)", "womens-diversion", "Dunstable",
  "ACC.WOM ACC.MOVE",
  "Self-contained flats for women moving on from refuges, hostels or prison, with a support worker for the first year.",
  confidential=True, loc=False, gender="women", phones=["Referrals line"], risk=R_LM,
  stages=["community"], self_ref=False, capacity="5 flats", delivery=["appointment"],
  elig="Women in Central Bedfordshire ready to live independently.")


# --- Employment, training and education -------------------------------------

JCP_SITES = [
    # slug suffix, town, near (suburb), languages, extra hours
    ("bedford", "Bedford", None, ["pl", "pa", "it", "lt", "ro"]),
    ("kempston", "Kempston", None, ["pl"]),
    ("luton", "Luton", None, ["ur", "bn", "pa", "pl", "ro"]),
    ("luton-north", "Luton", "Leagrave", ["ur", "bn", "ro"]),
    ("dunstable", "Dunstable", None, ["pl", "ro"]),
    ("houghton-regis", "Houghton Regis", None, ["pl"]),
    ("leighton-buzzard", "Leighton Buzzard", None, []),
    ("biggleswade", "Biggleswade", None, ["pl", "lt"]),
    ("sandy", "Sandy", None, []),
    ("flitwick", "Flitwick", None, []),
    ("ampthill", "Ampthill", None, []),
    ("shefford", "Shefford", None, []),
    ("stotfold", "Stotfold", None, []),
]
for _suffix, _town, _near, _langs in JCP_SITES:
    _label = "Luton North" if _suffix == "luton-north" else _town
    S("jcp-" + _suffix, "Jobcentre ex-offender adviser – %s (sample)" % _label, "jcp", _town,
      "ETE.JCP FIN.BEN",
      "A work coach at the Jobcentre who specialises in helping people with convictions. "
      "They help you claim Universal Credit, plan your job search, and explain how and when to disclose a conviction. "
      "Ask for the ex-offender adviser when you book your appointment.",
      near=_near, phones=["Appointments"],
      hours=[(WEEKDAYS, "09:00", "17:00")] if _town in ("Bedford", "Luton") and _near is None
      else [("MO,TU,WE,TH", "09:00", "16:30"), ("FR", "09:00", "16:00")],
      langs=_langs, risk=R_ALL, stages=["custody", "gate", "community"],
      delivery=["appointment", "phone"],
      elig="Anyone with a conviction who is claiming or about to claim benefits. Prison leavers can book an appointment before release.",
      aliases=["Jobcentre", "JobCentre Plus", "JCP", "work coach", "DWP prison work coach"],
      site_label="Jobcentre – %s (sample location)" % _label)

S("fair-chance-employment", "Fair-chance employment service (sample)", "second-chance", "Bedford",
  "ETE.EMP",
  "Employment advisers match people with convictions to local employers who have signed a fair-chance pledge. "
  "They help you write a CV and a disclosure letter, prepare for interviews, and keep in touch for six months after you start work. "
  "You can refer yourself or be referred by probation, the prison or the Jobcentre.",
  phones=["Employment team"], hours=[(WEEKDAYS, "09:00", "17:00"), ("TH", "17:00", "19:30", "Late evening appointments")],
  langs=["pl", "pa"], areas=["Bedfordshire"], risk=R_LMH, stages=["custody", "gate", "community"],
  delivery=["appointment", "phone", "online"],
  elig="Adults with a conviction who live in Bedfordshire or are due for release there. You can refer yourself.",
  aliases=["Fair Chance Recruitment", "ban the box jobs"])

S("employment-luton", "Luton employment support for people with convictions (sample)", "second-chance", "Luton",
  "ETE.EMP ETE.TRAIN",
  "One-to-one employment support in Luton: CVs, disclosure, interview practice, and short courses such as food hygiene and warehouse safety. "
  "Weekly job club on Wednesday afternoons.",
  phones=["Employment team"], hours=[(WEEKDAYS, "09:00", "17:00"), ("WE", "13:00", "16:00", "Job club drop-in")],
  langs=["ur", "bn", "pl", "ro", "pa"], risk=R_LMH, stages=["gate", "community"],
  delivery=["appointment", "drop_in"], elig="Adults with a conviction living in Luton.")

S("gateway-board", "Bedfordshire Gateway to Employment (sample)", "gateway-board", "Bedford",
  "ETE.EMP ETE.GRANT ETE.PLACE",
  "A partnership of employers and training providers that offers interview experience, work placements, training bursaries and job offers to prison leavers and people on probation. "
  "Referrals come from probation, HMP Bedford and Jobcentre work coaches.",
  phones=["Coordinator"], loc=False, areas=["Bedfordshire"], risk=R_LMH, stages=["custody", "gate", "community"],
  self_ref=False, delivery=["appointment", "online"],
  elig="People on probation or in HMP Bedford who are ready to work, referred by a professional.",
  aliases=["Gateway to Employment", "GtoE"])

S("job-club-luton-library", "Job club at Luton Central Library (sample)", "lea-skills", "Luton",
  "ETE.EMP ETE.BASIC",
  "A free weekly job club with help to search and apply for jobs online, write a CV and set up an e-mail account. "
  "Volunteers can help people who have not used a computer before.",
  loc="lib:Luton Central Library", phones=[], hours=[("TU", "10:00", "12:30", "Job club")],
  langs=["ur", "pl"], risk=R_LMH, delivery=["drop_in"],
  elig="Anyone looking for work in Luton. Just turn up.")

S("job-club-bedford-library", "Job club at Bedford Central Library (sample)", "ouse-skills", "Bedford",
  "ETE.EMP ETE.BASIC",
  "Weekly drop-in job club with computers, printing for CVs and volunteers who help with online applications and Universal Credit journals.",
  loc="lib:Bedford Central Library", phones=[], hours=[("TH", "13:30", "16:00", "Job club")],
  langs=["pl", "it"], risk=R_LMH, delivery=["drop_in"],
  elig="Anyone looking for work in Bedford. No referral needed.")

S("digital-skills-dunstable", "Digital skills sessions at Dunstable Library (sample)", "lea-skills", "Dunstable",
  "ETE.BASIC",
  "Small-group sessions to learn basic computer and phone skills: e-mail, online forms, Universal Credit and keeping safe online.",
  loc="lib:Dunstable Library", phones=["Bookings"], hours=[("MO", "10:00", "12:00"), ("TH", "14:00", "16:00")],
  risk=R_LMH, delivery=["drop_in", "appointment"], elig="Adults in Dunstable and Houghton Regis.")

S("mk-pathways", "Milton Keynes Pathways to Work (sample)", "mk-pathways", "Milton Keynes",
  "ETE.EMP RES.PLAN ETE.PLACE",
  "Employment and development workers based alongside probation officers in Milton Keynes help people into work and housing. "
  "The team also arranges work on temporary release for men in open prisons.",
  phones=["Team office"], areas=["Milton Keynes"], risk=R_LMH, stages=["custody", "gate", "community"],
  self_ref=False, delivery=["appointment"], elig="Adults on probation in Milton Keynes, referred by probation.",
  aliases=["Aspire Pathways to Employment", "Through the Prison Gate"])

S("rotl-placements", "Work placements on temporary release (sample)", "gateway-board", "Bedford",
  "ETE.PLACE",
  "Arranges paid and unpaid work placements with local employers for prisoners eligible for release on temporary licence (ROTL), "
  "so they leave prison with recent work experience and a reference.",
  loc=False, phones=["Placements team"], areas=["Bedfordshire"], risk=R_LM, stages=["custody"],
  self_ref=False, delivery=["appointment"],
  elig="Prisoners approved for ROTL whose release area is Bedfordshire.", aliases=["ROTL"])

S("volunteering-bedford", "Volunteer Bedford hub (sample)", "ouse-skills", "Bedford",
  "ETE.PLACE MEN.ACT",
  "Helps people find volunteering roles with local charities, from warehouses and food banks to gardening and sports clubs. "
  "Volunteering is a good way to build confidence, skills and a reference.",
  phones=["Volunteering team"], hours=[("MO,WE,FR", "10:00", "15:00")], langs=["pl"],
  risk=R_LMH, delivery=["drop_in", "appointment", "online"],
  elig="Anyone aged 16 or over in Bedford Borough.")

S("upcycling-luton", "Second Life upcycling workshop – Luton (sample)", "upcycle", "Luton",
  "ETE.PLACE ETE.TRAIN",
  "A social enterprise workshop where trainees restore and sell donated furniture. "
  "Placements last 12 weeks, three days a week, and include a level 1 qualification in health and safety.",
  phones=["Workshop"], hours=[("MO,TU,WE,TH", "09:00", "16:00")], risk=R_LM, stages=["community"],
  delivery=["appointment"], capacity="10 placements", waiting_list="About 1 month",
  elig="Adults on probation or unemployed in Luton and Dunstable.", aliases=["Foxton Centre"])

S("wire-placements-dunstable", "Mentored work placements – Dunstable (sample)", "second-chance", "Dunstable",
  "ETE.PLACE MEN.PEER",
  "Mentored work placements with a bank of local employers, with a volunteer mentor for the first three months. "
  "Most participants move into paid work within three months of finishing.",
  phones=["Placements"], risk=R_LMH, stages=["community"], self_ref=False, delivery=["appointment"],
  elig="Adults on probation in south Central Bedfordshire.", aliases=["Wire Project"])

S("garden-project-biggleswade", "Growing Futures garden project – Biggleswade (sample)", "active-futures", "Biggleswade",
  "ETE.PLACE MEN.ACT HLT.WELL",
  "A market garden where volunteers grow vegetables for local food banks and learn horticulture skills, with a level 1 certificate available.",
  phones=["Project leader"], hours=[("TU,TH", "09:30", "15:00")], risk=R_LM, delivery=["drop_in"],
  elig="Adults of any background; people on probation and in recovery are welcome.")

S("ouse-skills-college", "Adult college access for people with convictions – Bedford (sample)", "ouse-skills", "Bedford",
  "ETE.TRAIN ETE.GRANT",
  "Advisers help you choose a course, apply and get funding, including courses in construction, motor vehicle, hospitality and care. "
  "They explain which courses ask about criminal records.",
  phones=["Admissions advice"], hours=[(WEEKDAYS, "09:00", "17:00"), ("TU,WE", "17:00", "19:00", "Evening advice")],
  langs=["pl", "pa", "it"], risk=R_LMH, delivery=["appointment", "drop_in"],
  elig="Adults aged 19 and over living in Bedford Borough.")

S("lea-skills-college", "Adult courses and college access – Luton (sample)", "lea-skills", "Luton",
  "ETE.TRAIN",
  "Free and low-cost courses for adults in Luton, including maths and English, IT, warehousing, security and childcare. "
  "Advisers can help with fee waivers for people on benefits.",
  phones=["Course advice"], hours=[(WEEKDAYS, "09:00", "17:00"), ("MO,TH", "17:00", "20:00", "Evening classes")],
  langs=["ur", "bn", "pl", "ro"], risk=R_LMH, delivery=["appointment", "drop_in"],
  elig="Adults aged 19 and over in Luton.")

S("cscs-kempston", "Construction skills and CSCS card course – Kempston (sample)", "ouse-skills", "Kempston",
  "ETE.TRAIN ETE.EMP",
  "A two-week construction course with health and safety training and the CSCS card test, followed by help to find site work.",
  phones=["Course bookings"], risk=R_LMH, delivery=["appointment"], capacity="12 places per course",
  hours=[(WEEKDAYS, "08:30", "15:30", "During courses")],
  elig="Adults on benefits or on probation in Bedford Borough.", aliases=["CSCS"])

S("warehouse-houghton", "Warehouse and forklift training – Houghton Regis (sample)", "lea-skills", "Houghton Regis",
  "ETE.TRAIN",
  "Short courses in warehouse work, forklift driving and manual handling, linked to employers at local distribution centres.",
  phones=["Bookings"], risk=R_LMH, delivery=["appointment"], langs=["pl", "ro"],
  elig="Unemployed adults in south Central Bedfordshire and Luton.")

S("catering-academy-leighton", "Kitchen skills academy – Leighton Buzzard (sample)", "active-futures", "Leighton Buzzard",
  "ETE.TRAIN ETE.PLACE",
  "An eight-week course in a community café kitchen leading to a food hygiene certificate and a barista certificate, with a work trial at the end.",
  phones=["Café"], hours=[("MO,TU,WE", "09:00", "14:00")], risk=R_LM, delivery=["appointment"],
  status="temporarily closed", alert="Kitchen refurbishment: no new courses until the new year.",
  elig="Adults in Leighton Buzzard and Linslade who want to work in catering.")

S("hitchin-construction", "North Herts construction academy (sample)", "herts-skills", "Hitchin",
  "ETE.TRAIN",
  "Full-time construction training in bricklaying, carpentry and groundworks for unemployed adults, including prison leavers from Bedfordshire and Hertfordshire.",
  phones=["Admissions"], areas=["Hertfordshire", "Central Bedfordshire"], risk=R_LMH,
  delivery=["appointment"], elig="Adults aged 19 and over who can travel to Hitchin.")

S("literacy-luton", "Reading and maths for adults – Luton (sample)", "lea-skills", "Luton",
  "ETE.BASIC",
  "Friendly one-to-one and small-group help with reading, writing and everyday maths. No exams unless you want them.",
  phones=["Learner support"], hours=[("MO,WE", "10:00", "12:00"), ("TU", "18:00", "20:00", "Evening group")],
  langs=["ur", "bn"], risk=R_LMH, delivery=["drop_in", "appointment"],
  elig="Adults in Luton who want to improve reading, writing or maths.")

S("literacy-bedford", "Adult literacy and numeracy – Bedford (sample)", "ouse-skills", "Bedford",
  "ETE.BASIC",
  "Classes and one-to-one tutoring in English and maths from entry level to level 2, in the daytime and on one evening a week.",
  phones=["Learner support"], hours=[("MO,TU,TH", "09:30", "12:00"), ("WE", "18:00", "20:00", "Evening class")],
  risk=R_LMH, delivery=["appointment"], langs=["pl"],
  elig="Adults in Bedford Borough.")

S("esol-luton", "English classes (ESOL) – Luton (sample)", "lea-skills", "Luton",
  "ETE.BASIC",
  "English for speakers of other languages, from beginners to level 2, with a Saturday conversation club.",
  phones=["ESOL enrolment"], hours=[("MO,TU,WE,TH", "09:30", "12:30"), ("SA", "10:00", "12:00", "Conversation club")],
  langs=["ur", "bn", "pa", "pl", "ro", "ar", "so"], risk=R_LMH, delivery=["drop_in", "appointment"],
  elig="Adults in Luton whose first language is not English.", aliases=["ESOL", "English lessons"])

S("esol-bedford", "English classes (ESOL) – Bedford (sample)", "ouse-skills", "Bedford",
  "ETE.BASIC",
  "English classes for adults whose first language is not English, at beginner to intermediate level, in the day and evening.",
  phones=["ESOL enrolment"], hours=[("MO,WE", "09:30", "12:00"), ("TU,TH", "18:00", "20:00")],
  langs=["pl", "it", "pt", "lt", "ro", "pa"], risk=R_LMH, delivery=["appointment"],
  elig="Adults in Bedford Borough.", aliases=["ESOL"])

S("reading-hmp-bedford", "Reading mentors in HMP Bedford (sample)", "ouse-skills", "Bedford",
  "ETE.BASIC MEN.PEER",
  "Trained prisoner mentors help other men learn to read, one-to-one, on the wings at HMP Bedford. Ask education staff or a wing officer.",
  loc="prison:BFI", phones=[], gender="men", risk=R_ALL, stages=["custody"], self_ref=True,
  delivery=["appointment"], elig="Men at HMP Bedford who want to read better.")

S("enterprise-bedford", "Start your own business – Bedford (sample)", "second-chance", "Bedford",
  "ETE.ENT",
  "Workshops and one-to-one advice for people with convictions who want to become self-employed: business plans, tax, insurance and small start-up loans.",
  phones=["Enterprise adviser"], risk=R_LMH, delivery=["appointment", "online"],
  areas=["Bedfordshire"], elig="Adults with a conviction in Bedfordshire.",
  aliases=["Enterprise for Employment", "Enterprise to Employment", "self-employment"])

S("enterprise-luton", "Luton start-up support (sample)", "luton-advice", "Luton",
  "ETE.ENT FIN.BUDG",
  "A six-week start-up course and mentoring for people who want to work for themselves, including advice on benefits while you start trading.",
  phones=["Start-up team"], risk=R_LMH, delivery=["appointment"], langs=["ur", "bn"],
  status="inactive", funding_end="2026-06-30", alert="Funding ended June 2026; not taking referrals.",
  elig="Adults in Luton who want to become self-employed.")

S("training-bursary", "Bedfordshire training bursary fund (sample)", "gateway-board", "Bedford",
  "ETE.GRANT",
  "Small grants of up to 500 pounds for course fees, tools, work boots and clothing, or travel to a new job. "
  "A professional such as a probation practitioner or work coach applies for you.",
  loc=False, phones=["Grants officer"], areas=["Bedfordshire"], risk=R_LMH,
  stages=["gate", "community"], self_ref=False, delivery=["online"],
  elig="People with a conviction in Bedfordshire starting a course or a job.")

S("tools-for-work", "Tools and work clothing grants (sample)", "starter-packs", "Luton",
  "ETE.GRANT FIN.EMERG",
  "Provides work boots, hi-vis clothing and basic tool kits for people starting a job or a training course.",
  phones=["Grants line"], loc=False, areas=["Luton", "Central Bedfordshire"], risk=R_LMH,
  self_ref=False, delivery=["phone"], funding_end="2027-02-28",
  elig="Adults starting work or training, referred by a work coach or probation.")


# --- Finance, benefits and debt ---------------------------------------------

S("benefits-advice-luton", "Luton Benefits Advice Service (sample)", "luton-advice", "Luton",
  "FIN.BEN",
  "Free, confidential advice on Universal Credit, PIP and other benefits, including help to fill in forms and to challenge a decision. "
  "Drop in on Tuesday and Thursday mornings or book a phone appointment. Advisers speak Urdu, Bengali and Polish.",
  phones=["Advice line"], hours=[("TU,TH", "09:30", "12:30", "Drop-in"), (WEEKDAYS, "10:00", "16:00", "Phone advice")],
  langs=["ur", "bn", "pl"], risk=R_ALL, stages=["community", "gate"],
  delivery=["drop_in", "phone", "appointment"],
  elig="Anyone living in Luton, including people on probation and prison leavers. You can refer yourself.",
  aliases=["welfare rights", "Universal Credit help"])

S("benefits-advice-bedford", "Bedford benefits advice (sample)", "money-bedford", "Bedford",
  "FIN.BEN FIN.DEBT",
  "Advisers help you claim the right benefits, prepare for assessments and ask for a mandatory reconsideration or appeal. "
  "Appointments in person, by phone or by video.",
  phones=["Advice line"], hours=[(WEEKDAYS, "09:30", "16:30"), ("SA", "10:00", "12:00", "Saturday drop-in")],
  langs=["pl", "pa", "it"], risk=R_ALL, delivery=["appointment", "phone", "drop_in"],
  elig="Residents of Bedford Borough.")

S("benefits-advice-dunstable", "Benefits and money advice – Dunstable (sample)", "central-advice", "Dunstable",
  "FIN.BEN FIN.DEBT",
  "Free advice on benefits and debts, with weekly drop-in sessions and home visits for people who cannot travel.",
  phones=["Advice line"], hours=[("MO,WE", "10:00", "15:00", "Drop-in")], risk=R_ALL,
  delivery=["drop_in", "outreach", "phone"], langs=["pl"],
  elig="Residents of Central Bedfordshire.")

S("benefits-outreach-biggleswade", "Benefits advice outreach – Biggleswade (sample)", "central-advice", "Biggleswade",
  "FIN.BEN",
  "A monthly advice session in Biggleswade for benefits and Universal Credit problems. Book ahead or drop in.",
  phones=["Advice line"], hours=[{"byday": "TU", "freq": "MONTHLY", "opens": "10:00", "closes": "13:00",
                                 "description": "First Tuesday of each month"}],
  risk=R_ALL, delivery=["drop_in", "appointment"], elig="Residents of east Central Bedfordshire.")

S("uc-help-to-claim", "Universal Credit help to claim line (sample)", "central-advice", "Shefford",
  "FIN.BEN FIN.BANK",
  "Phone and online help to make a Universal Credit claim, verify your identity and get your first payment, including advance payments for prison leavers.",
  loc=False, phones=["Freephone help to claim"], hours=[(WEEKDAYS, "08:00", "18:00")],
  areas=["Bedfordshire"], risk=R_ALL, stages=["custody", "gate", "community"],
  delivery=["phone", "online"], elig="Anyone in Bedfordshire making a Universal Credit claim.")

S("money-skills-bedford", "Money skills course – Bedford (sample)", "money-bedford", "Bedford",
  "FIN.BUDG",
  "A free four-week course on budgeting, bills, bank accounts and avoiding loan sharks, run at the Bedford office and in HMP Bedford.",
  loc=["money-bedford", "prison:BFI"], phones=["Bookings"], hours=[("WE", "10:00", "12:00", "Course sessions")],
  risk=R_LMH, stages=["custody", "community"], delivery=["appointment"],
  elig="Adults in Bedford Borough and men at HMP Bedford.")

S("budgeting-luton", "Budgeting support – Luton (sample)", "luton-advice", "Luton",
  "FIN.BUDG FIN.BANK",
  "One-to-one help to set up a budget, open a basic bank account and set up direct debits for rent and bills.",
  phones=["Advice line"], risk=R_LMH, delivery=["appointment"], langs=["ur", "bn", "ro"],
  elig="Adults in Luton.")

S("debt-advice-bedford", "Bedford debt advice (sample)", "money-bedford", "Bedford",
  "FIN.DEBT",
  "Free, confidential debt advice: we look at everything you owe, deal with creditors for you and help you choose a solution such as a payment plan or a debt relief order. "
  "Court fines and rent arrears are included. Book an appointment or call the advice line.",
  loc="money-bedford", phones=["Advice line"],
  hours=[(WEEKDAYS, "09:30", "16:30"), ("TU", "16:30", "19:00", "Late appointments")],
  langs=["pl", "it"], risk=R_ALL, delivery=["appointment", "phone"],
  elig="Anyone living in Bedford Borough, including people on probation. You can refer yourself.",
  aliases=["money advice", "debt relief order"])

S("debt-advice-luton", "Luton debt advice (sample)", "luton-advice", "Luton",
  "FIN.DEBT",
  "Specialist debt caseworkers help with priority debts such as council tax, rent arrears and court fines, and with bankruptcy and debt relief orders.",
  phones=["Advice line"], hours=[(WEEKDAYS, "09:30", "16:30")], risk=R_ALL,
  delivery=["appointment", "phone"], langs=["ur", "bn", "pl"], waiting_list="About 2 weeks for a caseworker",
  elig="Residents of Luton.")

S("debt-clinic-leighton", "Debt clinic – Leighton Buzzard (sample)", "central-advice", "Leighton Buzzard",
  "FIN.DEBT",
  "A fortnightly Saturday debt clinic with volunteer advisers in Leighton Buzzard.",
  phones=["Advice line"], hours=[{"byday": "SA", "interval": 2, "opens": "10:00", "closes": "12:30",
                                 "description": "Every other Saturday"}],
  risk=R_ALL, delivery=["drop_in"], elig="Residents of Leighton Buzzard, Linslade and nearby villages.")

S("id-bank-account", "ID and bank account help (sample)", "resettlement", "Bedford",
  "FIN.BANK",
  "Helps people leaving prison get the ID they need: a birth certificate, provisional driving licence or other proof of identity, and a basic bank account. "
  "We can pay the fee for a birth certificate. Start before release if you can.",
  phones=["ID service"], hours=[("MO,WE,FR", "10:00", "16:00")], areas=["Bedfordshire"],
  risk=R_ALL, stages=["custody", "gate", "community"], delivery=["appointment", "phone"],
  langs=["pl", "ur"],
  elig="People in prison or released in the last six months with a Bedfordshire release address.",
  aliases=["birth certificate", "bank account", "identification"])

S("foodbank-bedford", "Bedford Community Food Bank (sample)", "foodbank-bedford", "Bedford",
  "FIN.EMERG",
  "Emergency food parcels for three days, plus toiletries and help with gas and electricity top-ups. "
  "You need a food voucher from an agency such as probation, the Jobcentre or Direction. Prison leavers can get a release-week parcel.",
  phones=["Food bank"], hours=[("MO,WE,FR", "10:00", "13:00"), ("TH", "17:00", "19:00", "Evening session")],
  langs=["pl", "pa"], risk=R_ALL, delivery=["drop_in"], stages=["community", "gate"],
  elig="Anyone in food crisis in the Bedford area with a voucher from a referring agency.",
  aliases=["food parcel", "food voucher"])

S("foodbank-kempston", "Kempston food bank (sample)", "foodbank-bedford", "Kempston",
  "FIN.EMERG",
  "A satellite of the Bedford food bank in Kempston, open two mornings a week. Voucher needed.",
  phones=["Food bank"], hours=[("TU,SA", "10:00", "12:00")], risk=R_ALL, delivery=["drop_in"],
  elig="People in food crisis in Kempston with a food voucher.")

S("foodbank-luton", "Luton Food Bank (sample)", "luton-food", "Luton",
  "FIN.EMERG",
  "Emergency food parcels, including halal and vegetarian options, nappies and toiletries. "
  "You need a voucher from a referring agency; if you have just left prison, ask your probation practitioner or the Jobcentre.",
  phones=["Food bank"], hours=[("MO,TU,TH,FR", "11:00", "14:00"), ("SA", "10:00", "12:00", "Saturday session")],
  langs=["ur", "bn", "pl", "ro", "pa"], risk=R_ALL, delivery=["drop_in"], stages=["community", "gate"],
  elig="Anyone in food crisis in Luton with a voucher from a referring agency.",
  aliases=["food parcel", "food voucher"])

S("pantry-luton-marsh-farm", "Marsh Farm community pantry (sample)", "luton-food", "Luton",
  "FIN.EMERG FIN.BUDG",
  "A membership pantry: pay a few pounds a week and choose groceries worth much more. No referral needed.",
  near="Marsh Farm", phones=["Pantry"], hours=[("WE", "12:00", "15:00"), ("SA", "10:00", "12:00")],
  risk=R_ALL, delivery=["drop_in"], langs=["ur", "ro"], elig="Residents of north Luton.")

S("foodbank-dunstable", "Dunstable food bank (sample)", "central-food", "Dunstable",
  "FIN.EMERG",
  "Three-day emergency food parcels with a voucher. Volunteers can also help you find benefits and debt advice.",
  phones=["Food bank"], hours=[("TU,FR", "10:00", "13:00")], risk=R_ALL, delivery=["drop_in"],
  elig="People in food crisis in Dunstable, with a voucher.")

S("foodbank-houghton", "Houghton Regis food bank (sample)", "central-food", "Houghton Regis",
  "FIN.EMERG",
  "Emergency food parcels for people in Houghton Regis, open one afternoon and one evening each week.",
  phones=["Food bank"], hours=[("WE", "13:00", "15:00"), ("TH", "18:00", "19:30")],
  risk=R_ALL, delivery=["drop_in"], elig="People in food crisis with a voucher.")

S("foodbank-leighton", "Leighton Buzzard food bank (sample)", "central-food", "Leighton Buzzard",
  "FIN.EMERG",
  "Emergency food parcels and a weekly community lunch. Voucher needed for parcels; the lunch is open to all.",
  phones=["Food bank"], hours=[("MO,TH", "10:00", "12:00"), ("WE", "12:00", "14:00", "Community lunch")],
  risk=R_ALL, delivery=["drop_in"], elig="People in Leighton Buzzard and Linslade.")

S("foodbank-biggleswade", "Biggleswade and Sandy food bank (sample)", "central-food", "Biggleswade",
  "FIN.EMERG",
  "Emergency food for people in east Central Bedfordshire, with a delivery service for people who cannot travel.",
  phones=["Food bank"], hours=[("TU,FR", "10:00", "12:00")], risk=R_ALL,
  delivery=["drop_in", "outreach"], elig="People in food crisis in Biggleswade, Sandy and Potton, with a voucher.")

S("community-fridge-flitwick", "Flitwick community fridge (sample)", "central-food", "Flitwick",
  "FIN.EMERG",
  "Surplus food from local shops, free for anyone to collect. No questions asked.",
  phones=[], hours=[("MO,WE,FR", "15:00", "17:00"), ("SA", "10:00", "12:00")], risk=R_ALL,
  delivery=["drop_in"], elig="Anyone.")

S("pantry-shefford", "Shefford community pantry (sample)", "central-food", "Shefford",
  "FIN.EMERG",
  "A low-cost pantry with fresh and store-cupboard food, open on Thursday afternoons.",
  phones=["Pantry"], hours=[("TH", "13:00", "16:00")], risk=R_ALL, delivery=["drop_in"],
  status="temporarily closed", alert="Closed until further notice while the hall is repaired.",
  elig="Residents of Shefford and nearby villages.")

S("starter-packs-bedford", "Home starter packs and furniture – Bedford (sample)", "starter-packs", "Bedford",
  "FIN.EMERG ACC.DEP",
  "Free starter packs for people moving into an empty tenancy: bedding, kitchen equipment and cleaning materials, plus low-cost second-hand furniture and delivery.",
  phones=["Orders"], hours=[("MO,TU,WE,TH,FR,SA", "09:30", "16:00")], risk=R_ALL,
  self_ref=False, delivery=["appointment"],
  elig="People moving out of homelessness, hostels or prison in Bedfordshire, referred by a support worker.")

S("phones-luton", "Free phones and data for prison leavers – Luton (sample)", "luton-food", "Luton",
  "FIN.EMERG RES.DAY1",
  "Recycled smartphones with three months of free data and calls, so people can keep in touch with probation, the Jobcentre and family.",
  phones=["Phone scheme"], risk=R_ALL, stages=["gate", "community"], self_ref=False,
  delivery=["appointment"], funding_end="2026-12-31",
  elig="People released in the last three months with no phone, referred by any agency.")


# --- Drugs and alcohol -------------------------------------------------------

S("dac-bedford", "Bedford Community Drug and Alcohol Service (sample)", "recovery-bedford", "Bedford",
  "DA.COMM DA.PRESC",
  "Free, confidential help to cut down or stop using drugs or alcohol, including a key worker, substitute prescribing and recovery groups. "
  "You can walk in, phone or be referred by probation or your GP. Appointments can be in person or by phone.",
  phones=["Reception and self-referral", "Criminal justice team"],
  hours=[(WEEKDAYS, "09:00", "17:00"), ("TU", "17:00", "19:30", "Late clinic"), ("SA", "10:00", "13:00", "Saturday drop-in")],
  langs=["pl", "lt", "pa"], risk=R_ALL, stages=["community", "gate", "court"], min_age=18,
  delivery=["drop_in", "appointment", "phone"],
  elig="Adults aged 18 and over living in Bedford Borough. Self-referral welcome.",
  aliases=["drug service", "alcohol service", "CGL", "Change, Grow, Live"])

S("dac-luton", "Luton Drug and Alcohol Recovery Service (sample)", "recovery-luton", "Luton",
  "DA.COMM DA.PRESC",
  "Free, confidential help to cut down or stop using drugs or alcohol, including a key worker, substitute prescribing and recovery groups. "
  "You can walk in, phone or be referred by probation or your GP. Appointments can be in person or by phone.",
  phones=["Reception and self-referral", "Criminal justice team"],
  hours=[(WEEKDAYS, "09:00", "17:00"), ("WE", "17:00", "19:30", "Late clinic"), ("SA", "10:00", "13:00", "Saturday drop-in")],
  langs=["ur", "bn", "pa", "pl", "ro"], risk=R_ALL, stages=["community", "gate", "court"], min_age=18,
  delivery=["drop_in", "appointment", "phone"],
  elig="Adults aged 18 and over living in Luton. Self-referral welcome.",
  aliases=["drug service", "alcohol service", "Swanswell"])

S("dac-central", "Central Bedfordshire drug and alcohol service – Dunstable (sample)", "recovery-central", "Dunstable",
  "DA.COMM",
  "Assessment, key work, prescribing and groups for adults in Central Bedfordshire, with satellite clinics in smaller towns.",
  phones=["Self-referral line"], hours=[(WEEKDAYS, "09:00", "17:00"), ("TH", "17:00", "19:00", "Late clinic")],
  langs=["pl"], risk=R_ALL, stages=["community", "gate"], min_age=18,
  delivery=["drop_in", "appointment", "phone"], elig="Adults living in Central Bedfordshire.")

S("dac-biggleswade", "Drug and alcohol satellite clinic – Biggleswade (sample)", "recovery-central", "Biggleswade",
  "DA.COMM",
  "A weekly satellite clinic for people in east Central Bedfordshire, so you do not have to travel to Dunstable for appointments.",
  phones=["Self-referral line"], hours=[("TU", "10:00", "16:00")], risk=R_ALL, min_age=18,
  delivery=["appointment"], elig="Adults registered with the Central Bedfordshire service.")

S("dac-leighton", "Drug and alcohol satellite clinic – Leighton Buzzard (sample)", "recovery-central", "Leighton Buzzard",
  "DA.COMM",
  "A weekly satellite clinic in Leighton Buzzard for key-work appointments and prescription reviews.",
  phones=["Self-referral line"], hours=[("TH", "10:00", "16:00")], risk=R_ALL, min_age=18,
  delivery=["appointment"], elig="Adults registered with the Central Bedfordshire service.")

S("alcohol-luton", "Alcohol support clinic – Luton (sample)", "recovery-luton", "Luton",
  "DA.COMM HLT.PRIM",
  "Help for people worried about their drinking: brief advice, community detox with a nurse, and liver health checks.",
  phones=["Alcohol team"], hours=[("MO,WE", "13:00", "17:00")], risk=R_ALL, min_age=18,
  delivery=["appointment", "drop_in"], langs=["pl", "ro"], elig="Adults in Luton.")

S("drug-intervention-custody", "Drug intervention in police custody (sample)", "recovery-luton", "Luton",
  "DA.PRESC CJ.COURT",
  "Drug workers see people in police custody who test positive for heroin or cocaine on arrest, and arrange a follow-up assessment in the community. "
  "For information: the assessment is required by law after a positive test.",
  loc=False, phones=["Custody team"], areas=["Bedfordshire"], risk=R_ALL, stages=["court"],
  self_ref=False, delivery=["outreach"], elig="Adults tested on arrest in Bedfordshire police custody.",
  aliases=["drug test on arrest", "DIP"])

S("rehab-northants", "Nene Valley residential rehab (sample)", "rehab-northants", "Northampton",
  "DA.RESI",
  "A 12-week residential rehab programme with group therapy, one-to-one counselling and aftercare. "
  "Funding is usually through your local drug and alcohol service.",
  phones=["Admissions"], areas=["West Northamptonshire", "Bedfordshire"], risk=R_LM, stages=["community", "gate"],
  self_ref=False, excl="Arson; sexual offences", capacity="18 beds", waiting_list="4 to 8 weeks",
  delivery=["appointment"], elig="Adults who have completed detox, funded by their local authority.",
  aliases=["Offender to Rehab"])

S("detox-cambridge", "Fen Edge inpatient detox (sample)", "detox-cambs", "Cambridge",
  "DA.RESI HLT.DUAL",
  "A 10 to 14 day medically supervised detox from alcohol, opiates or benzodiazepines, with a psychiatrist for people with mental health needs.",
  phones=["Admissions"], areas=["Cambridgeshire", "Bedfordshire"], risk=R_LMH, stages=["community"],
  self_ref=False, capacity="12 beds", delivery=["appointment"], min_age=18,
  elig="Adults referred by their community drug and alcohol service.")

S("recovery-cafe-bedford", "Recovery café – Bedford (sample)", "recovery-bedford", "Bedford",
  "DA.RECOV MEN.PEER",
  "A drug- and alcohol-free café run by people in recovery, with peer support, mutual aid meetings and activities on weekday evenings and Saturdays.",
  phones=["Café"], hours=[("MO,TU,WE,TH,FR", "17:00", "21:00"), ("SA", "11:00", "16:00")],
  risk=R_LMH, delivery=["drop_in"], langs=["pl"], elig="Anyone in or seeking recovery.")

S("mutual-aid-luton", "12-step and mutual aid meetings – Luton (sample)", "recovery-luton", "Luton",
  "DA.RECOV",
  "A weekly list of 12-step and other mutual aid meetings in Luton, with a welcome volunteer who can go with you to your first meeting.",
  phones=["Recovery volunteers"], hours=[("MO,WE,FR", "19:00", "20:30"), ("SU", "11:00", "12:30")],
  risk=R_ALL, delivery=["drop_in"], elig="Anyone who wants to stop drinking or using drugs.")

S("smart-dunstable", "SMART-style recovery group – Dunstable (sample)", "recovery-central", "Dunstable",
  "DA.RECOV",
  "A self-management recovery group using practical tools from cognitive behavioural therapy. Meets every Monday evening.",
  phones=["Group facilitator"], hours=[("MO", "18:30", "20:00")], risk=R_LMH, delivery=["drop_in"],
  elig="Adults in recovery from any addiction.")

S("drr-atr-info", "Drug and alcohol treatment requirements – DRR and ATR (sample)", "probation-commissioned", "Bedford",
  "DA.COURT CJ.CSTR",
  "For information: courts can order Drug Rehabilitation Requirements and Alcohol Treatment Requirements as part of a community sentence, delivered by the local drug and alcohol service with regular reviews. "
  "Probation assesses suitability in the pre-sentence report.",
  loc=False, phones=[], areas=["Bedfordshire"], risk=R_ALL, stages=["court", "community"],
  self_ref=False, delivery=["appointment"],
  elig="Adults sentenced in Bedfordshire courts, assessed as suitable by probation.",
  aliases=["DRR", "ATR", "CSTR"])

S("alcohol-monitoring-info", "Alcohol abstinence monitoring (sample)", "probation-commissioned", "Luton",
  "DA.COURT CJ.CSTR",
  "For information: courts can require someone not to drink alcohol for up to 120 days, checked with an ankle tag. "
  "This is a sentence requirement, not a treatment service.",
  loc=False, phones=[], areas=["Bedfordshire"], risk=R_ALL, stages=["court", "community"],
  self_ref=False, delivery=["outreach"], elig="Set by the court.", aliases=["AAMR", "sobriety tag"])


# --- Health and wellbeing ----------------------------------------------------

S("mental-health-bedford", "Bedford mental health support (sample)", "wellbeing-beds", "Bedford",
  "HLT.MH HLT.WELL",
  "Drop-in and appointment-based support for anxiety, low mood and stress, with a wellbeing worker and peer support groups. "
  "In a crisis, an evening crisis café is open every day from 6pm to 11pm. You can refer yourself.",
  phones=["Wellbeing line", "Crisis café"],
  hours=[(WEEKDAYS, "09:30", "16:30"), (ALLDAYS, "18:00", "23:00", "Crisis café")],
  langs=["pl", "pa", "it"], risk=R_LMH, stages=["community", "gate"], min_age=18,
  delivery=["drop_in", "appointment", "phone"],
  elig="Adults aged 18 and over in Bedford Borough. No GP referral needed.",
  aliases=["crisis café", "wellbeing service"])

S("crisis-cafe-luton", "Luton evening crisis café (sample)", "wellbeing-beds", "Luton",
  "HLT.MH",
  "A safe, calm place to go in the evening if you are struggling with your mental health, as an alternative to A&E. Staffed by mental health workers.",
  phones=["Crisis café"], hours=[(ALLDAYS, "18:00", "23:00")], risk=R_LMH, min_age=18,
  delivery=["drop_in", "phone"], langs=["ur", "bn", "pl"], elig="Adults in Luton in emotional distress.")

S("talking-therapies", "Talking therapies – Bedfordshire and Luton (sample)", "nhs-mh", "Luton",
  "HLT.MH HLT.COUNS",
  "NHS talking therapies for depression, anxiety and trauma, by phone, video or in person. You can refer yourself online or by phone.",
  loc=False, phones=["Self-referral line"], hours=[(WEEKDAYS, "08:00", "20:00"), ("SA", "09:00", "13:00")],
  areas=["Bedfordshire"], risk=R_LMH, min_age=18, delivery=["phone", "online", "appointment"],
  langs=["ur", "bn", "pa", "pl"], elig="Adults registered with a GP in Bedfordshire or Luton.",
  aliases=["IAPT", "NHS Talking Therapies"])

S("mh-support-central", "Community mental health support – Leighton Buzzard (sample)", "wellbeing-beds", "Leighton Buzzard",
  "HLT.MH HLT.WELL",
  "Wellbeing groups, one-to-one support and help to get specialist care for people in west Central Bedfordshire.",
  phones=["Wellbeing line"], hours=[("MO,WE,TH", "10:00", "16:00")], risk=R_LMH, min_age=18,
  delivery=["appointment", "drop_in"], elig="Adults in Leighton Buzzard and nearby villages.")

S("suicide-helpline", "24-hour listening line (sample)", "wellbeing-beds", "Bedford",
  "HLT.WELL HLT.MH",
  "A free, confidential listening line for anyone who is struggling or thinking about suicide, open day and night.",
  loc=False, phones=["Listening line"], hours=H24, areas=["Bedfordshire"], risk=R_ALL,
  stages=["community", "gate"], delivery=["phone"], elig="Anyone, of any age.")

S("dual-diagnosis-bedford", "Dual diagnosis team (sample)", "nhs-mh", "Bedford",
  "HLT.DUAL DA.COMM HLT.MH",
  "Specialist workers for people who have both a mental health condition and problems with drugs or alcohol, "
  "working jointly with the drug and alcohol service so you are not passed between teams.",
  phones=["Team office"], areas=["Bedfordshire"], risk=R_ALL, min_age=18, self_ref=False,
  delivery=["appointment", "outreach"], elig="Adults referred by a GP, mental health team or drug and alcohol service.")

S("gp-registration-luton", "GP registration help for prison leavers – Luton (sample)", "homeless-health", "Luton",
  "HLT.PRIM HLT.MEDS",
  "Helps people leaving prison or without a fixed address to register with a GP, so they can get prescriptions and health care. "
  "You do not need an address or ID to register with a GP. A nurse-led drop-in also offers health checks.",
  phones=["Health team"], hours=[("MO,WE,FR", "09:30", "12:30", "Nurse drop-in")],
  langs=["ur", "bn", "pl", "ro"], risk=R_ALL, stages=["gate", "community"],
  delivery=["drop_in", "phone"],
  elig="Adults in Luton who are homeless, recently released, or not registered with a GP.",
  aliases=["register with a doctor", "homeless health"])

S("homeless-health-bedford", "Homeless health outreach – Bedford (sample)", "homeless-health", "Bedford",
  "HLT.PRIM DA.COMM",
  "A nurse and GP outreach team that runs clinics in hostels and day centres and on the street, and helps people register with a practice.",
  loc=False, phones=["Outreach team"], hours=[(WEEKDAYS, "08:30", "16:30")], risk=R_ALL,
  stages=["gate", "community"], delivery=["outreach"], elig="Adults sleeping rough or in hostels in Bedford.")

S("dental-access", "Urgent dental access for people without a dentist (sample)", "dental", "Dunstable",
  "HLT.PRIM",
  "Urgent dental appointments for people in pain who have no NHS dentist, including people recently released from prison. Phone first.",
  phones=["Dental access line"], hours=[(WEEKDAYS, "08:00", "18:00")], areas=["Bedfordshire"],
  risk=R_ALL, delivery=["appointment", "phone"], elig="Anyone in Bedfordshire without a regular NHS dentist.")

S("meds-on-release", "Medication on release service (sample)", "homeless-health", "Bedford",
  "HLT.MEDS RES.DAY1",
  "Makes sure people leaving HMP Bedford do not run out of their medicines, including opioid substitute treatment. "
  "A pharmacist arranges a supply for the first days and transfers the prescription to a community GP or drug service.",
  loc="prison:BFI", phones=["Pharmacy team"], risk=R_ALL, stages=["custody", "gate"], self_ref=False,
  delivery=["appointment"], areas=["Bedfordshire"],
  elig="People leaving HMP Bedford who take regular medication. Arranged by healthcare staff before release.",
  aliases=["prescriptions on release", "bridging prescription"])

S("counselling-bedford", "Low-cost counselling – Bedford (sample)", "wellbeing-beds", "Bedford",
  "HLT.COUNS",
  "Weekly counselling sessions for adults, with fees on a sliding scale and free places for people on benefits.",
  phones=["Counselling bookings"], hours=[(WEEKDAYS, "09:00", "20:00")], risk=R_LMH, min_age=18,
  delivery=["appointment", "online"], waiting_list="6 to 10 weeks", langs=["pl", "it"],
  elig="Adults in Bedford Borough.")

S("trauma-counselling-luton", "Trauma counselling for women – Luton (sample)", "womens-luton", "Luton",
  "HLT.COUNS WOM.CENTRE",
  "Specialist trauma-informed counselling for women, delivered at the women's centre by women counsellors.",
  phones=["Women's centre"], gender="women", risk=R_LMH, min_age=18, delivery=["appointment"],
  langs=["ur", "bn"], waiting_list="About 8 weeks", elig="Women in Luton and south Bedfordshire.")

S("art-therapy-ampthill", "Art and creative therapy group – Ampthill (sample)", "active-futures", "Ampthill",
  "HLT.COUNS MEN.ACT",
  "A weekly creative therapy group using painting and clay to explore feelings, led by an art therapist.",
  phones=["Group leader"], hours=[("WE", "13:30", "15:30")], risk=R_LM, delivery=["appointment"],
  funding_end="2026-12-31", elig="Adults on probation or in recovery in mid Bedfordshire.")

S("equine-therapy-woburn", "Equine-assisted therapy – Woburn (sample)", "active-futures", "Woburn",
  "HLT.COUNS MEN.ACT",
  "Six-week programme working with horses to build trust, confidence and emotional control. Transport from Bedford and Luton can be arranged.",
  phones=["Programme coordinator"], risk=R_LM, stages=["community"], self_ref=False,
  delivery=["appointment"], capacity="8 places per programme", elig="Adults on probation, referred by their practitioner.")

S("wellbeing-walks-leighton", "Wellbeing walks – Leighton Buzzard (sample)", "active-futures", "Leighton Buzzard",
  "HLT.WELL MEN.ACT",
  "Free guided walks along the canal and heath every Saturday morning, at an easy pace, finishing with a cup of tea.",
  phones=[], hours=[("SA", "10:00", "12:00")], risk=R_LMH, delivery=["drop_in"], elig="Anyone.")

S("mindfulness-flitwick", "Mindfulness course – Flitwick (sample)", "wellbeing-beds", "Flitwick",
  "HLT.WELL",
  "An eight-week mindfulness course for stress and low mood, in small groups.",
  phones=["Bookings"], hours=[("TH", "18:30", "20:30", "Spring course", "2027-01-14", "2027-03-04")],
  risk=R_LM, delivery=["appointment"], elig="Adults in mid Bedfordshire.")

S("mens-wellbeing-luton", "Men's wellbeing group – Luton (sample)", "wellbeing-beds", "Luton",
  "HLT.WELL MEN.PEER",
  "A weekly group where men talk, play pool and get support with stress and loneliness. No need to book.",
  phones=["Group worker"], hours=[("TU", "18:00", "20:00")], gender="men", risk=R_LMH,
  delivery=["drop_in"], langs=["ur", "pa"], elig="Men aged 18 and over in Luton.")


# --- Children, families and relationships ------------------------------------

S("children-of-prisoners-luton", "Support for children with a parent in prison – Luton (sample)", "familylinks", "Luton",
  "FAM.PRIS FAM.WHOLE",
  "One-to-one and group support for children and young people who have a family member in prison, in schools and at home. "
  "Workers help carers explain what is happening and prepare for visits.",
  phones=["Family workers"], risk=R_ALL, stages=["custody"], min_age=5, max_age=18,
  delivery=["outreach", "appointment"], langs=["ur", "bn", "pl"],
  elig="Children aged 5 to 18 in Luton with a family member in prison, and their carers.")

S("hmp-bedford-visitors-centre", "HMP Bedford visitors' help point (sample)", "familylinks", "Bedford",
  "FAM.PRIS",
  "A help point for visitors to HMP Bedford: information about booking visits, what to bring, help with travel costs and a quiet space with toys for children.",
  loc="prison:BFI", phones=[], hours=[("TU,TH,SA,SU", "13:00", "16:30", "Visit days")],
  risk=R_ALL, stages=["custody"], delivery=["drop_in"],
  elig="Anyone visiting someone at HMP Bedford.")

S("family-helpline", "Prisoners' families helpline (sample)", "familylinks", "Bedford",
  "FAM.PRIS FAM.REL",
  "A phone line for families worried about someone who has been arrested, sentenced or released: what happens next, visits, money and how to talk to children.",
  loc=False, phones=["Families helpline"], hours=[(WEEKDAYS, "09:00", "20:00"), ("SA,SU", "10:00", "15:00")],
  areas=["Bedfordshire"], risk=R_ALL, stages=["court", "custody", "gate", "community"],
  delivery=["phone", "online"], elig="Families and friends of anyone in the justice system.")

S("family-mediation-bedford", "Family mediation and reconnection (sample)", "family-mediation", "Bedford",
  "FAM.REL",
  "Mediators help people leaving prison and their families talk through what has happened and agree how to rebuild contact, including contact with children.",
  phones=["Mediation"], areas=["Bedfordshire"], risk=R_LMH, stages=["custody", "gate", "community"],
  delivery=["appointment", "online"], waiting_list="About 4 weeks",
  elig="Adults on probation or in prison and their family members, where it is safe to do so.")

S("relationships-luton", "Relationship support – Luton (sample)", "parenting", "Luton",
  "FAM.REL",
  "Counselling and support for couples and families under strain, including after a prison sentence. Sessions in person or by video.",
  phones=["Bookings"], risk=R_LMH, delivery=["appointment", "online"], langs=["ur", "bn"],
  elig="Adults in Luton.")

S("whole-family-dunstable", "Whole-family support – Dunstable (sample)", "familylinks", "Dunstable",
  "FAM.WHOLE",
  "A family worker supports the whole household when a parent is on probation: parenting, school attendance, money and housing, over up to six months.",
  phones=["Family team"], risk=R_LMH, stages=["community", "gate"], self_ref=False,
  delivery=["outreach"], elig="Families in Central Bedfordshire with a parent on probation.",
  aliases=["Engage", "Think Family"])

S("parenting-luton", "Parenting course – Luton (sample)", "parenting", "Luton",
  "FAM.PAR",
  "A free ten-week parenting course for mums and dads, with a crèche. Courses run in English and Urdu.",
  phones=["Bookings"], hours=[("WE", "10:00", "12:00", "Term time")], risk=R_LMH,
  delivery=["appointment"], langs=["ur"], elig="Parents and carers of children aged 0 to 12 in Luton.")

S("dads-group-bedford", "Dads after prison group – Bedford (sample)", "familylinks", "Bedford",
  "FAM.PAR FAM.REL MEN.PEER",
  "A monthly Saturday group for fathers who have been in prison, with activities to do with their children and peer support.",
  phones=["Family workers"], hours=[{"byday": "SA", "freq": "MONTHLY", "opens": "10:00", "closes": "12:30",
                                    "description": "Second Saturday of the month"}],
  gender="men", risk=R_LM, delivery=["drop_in"], elig="Fathers in Bedford Borough with experience of prison.")


# --- Women -------------------------------------------------------------------

S("womens-centre-luton", "Amber Women's Centre – Luton (sample)", "womens-luton", "Luton",
  "WOM.CENTRE HLT.MH FIN.EMERG DSA.VICT",
  "A women-only centre where you can get support with housing, money, mental health, relationships and children, all in one place. "
  "Drop in for a cup of tea, use the shower and laundry, or see a key worker. There is a crèche during sessions.",
  phones=["Reception"], hours=[("MO,TU,WE,TH", "09:30", "16:00"), ("FR", "09:30", "13:00")],
  gender="women", langs=["ur", "bn", "pa", "pl", "ro"], risk=R_LMH,
  stages=["community", "gate", "court"], delivery=["drop_in", "appointment", "phone"],
  elig="Women aged 18 and over in Luton and south Bedfordshire, including women on probation. You can refer yourself.",
  aliases=["women's centre", "Women's Wellness Centre"])

S("womens-centre-bedford", "Bedford Women's Centre (sample)", "womens-bedford", "Bedford",
  "WOM.CENTRE WOM.DIV",
  "A safe, women-only space offering key workers, group programmes and women's probation appointments in a non-probation setting.",
  phones=["Reception"], hours=[("MO,TU,WE,TH,FR", "09:30", "16:00")], gender="women",
  langs=["pl", "pa", "it", "lt"], risk=R_LMH, stages=["community", "court"],
  delivery=["drop_in", "appointment"], elig="Women aged 18 and over in Bedford Borough.")

S("womens-hub-dunstable", "Women's outreach hub – Dunstable (sample)", "womens-diversion", "Dunstable",
  "WOM.CENTRE",
  "A weekly women-only drop-in in Dunstable run by the diversion partnership, for women who cannot travel to Luton or Bedford.",
  phones=["Outreach worker"], hours=[("TH", "10:00", "14:00")], gender="women", risk=R_LMH,
  delivery=["drop_in"], elig="Women in south Central Bedfordshire.")

S("mk-womens-hub", "Milton Keynes women's hub (sample)", "mk-women", "Milton Keynes",
  "WOM.CENTRE WOM.GATE",
  "A women's centre in central Milton Keynes offering key workers, groups and support for women leaving prison.",
  phones=["Reception"], hours=[(WEEKDAYS, "09:30", "16:30")], gender="women",
  areas=["Milton Keynes"], risk=R_LMH, delivery=["drop_in", "appointment"],
  elig="Women in Milton Keynes and north Bedfordshire.")

S("women-checkpoint", "Deferred prosecution support for women (sample)", "womens-diversion", "Luton",
  "WOM.DIV CJ.OOCD",
  "Women offered a deferred prosecution by the police agree a short support plan with a women's worker. "
  "If they complete it, they are not prosecuted.",
  loc=False, phones=["Diversion team"], gender="women", areas=["Bedfordshire"], risk=R_LM,
  stages=["court"], self_ref=False, delivery=["appointment", "phone"],
  elig="Women aged 18 and over offered a deferred prosecution by Bedfordshire Police.",
  aliases=["Checkpoint Plus"])

S("women-gate-peterborough", "Through-the-gate support for women – HMP Peterborough (sample)", "peterborough-gate", "Peterborough",
  "WOM.GATE HLT.MEDS RES.ACCOMP",
  "Workers meet women at HMP Peterborough before release, go with them on release day and help them get to probation, housing and health appointments in Bedfordshire. "
  "They make sure medication and travel are arranged.",
  loc="prison:PFI", phones=["Gate team"], gender="women", areas=["Bedfordshire", "Peterborough"],
  risk=R_LMH, stages=["custody", "gate"], self_ref=False, delivery=["outreach", "appointment"],
  elig="Women held at HMP Peterborough due for release to Bedfordshire.")

S("sex-work-outreach-luton", "Sex work outreach – Luton (sample)", "womens-luton", "Luton",
  "WOM.SEX HLT.PRIM",
  "A non-judgemental outreach service for women involved in sex work or sexual exploitation: health, safety, housing and support to exit if they want to. "
  "Contact by phone; workers arrange where to meet.",
  confidential=True, loc=False, gender="women", phones=["Outreach phone"],
  hours=[("TU,TH", "20:00", "24:00", "Evening outreach")], risk=R_ALL, delivery=["outreach", "phone"],
  langs=["ro", "pl"], elig="Women of any age involved in sex work or at risk of exploitation in Luton.")

S("hbv-forced-marriage", "Honour-based abuse and forced marriage support (sample)", "asian-womens", "Luton",
  "WOM.HBV DSA.VICT",
  "Confidential advice and advocacy for people at risk of honour-based abuse or forced marriage, including safety planning and emergency accommodation. "
  "Contact by phone only; locations are never shared.",
  confidential=True, loc=False, phones=["Confidential helpline"],
  hours=[(WEEKDAYS, "09:00", "19:00")], areas=["Bedfordshire"], risk=R_ALL,
  delivery=["phone", "outreach"], langs=["ur", "pa", "bn"],
  elig="Anyone at risk of honour-based abuse or forced marriage, mainly women and girls.",
  aliases=["Halo", "forced marriage"])


# --- Domestic and sexual abuse -----------------------------------------------

S("da-helpline", "Bedfordshire domestic abuse helpline (sample)", "safe-haven", "Bedford",
  "DSA.VICT",
  "A free, confidential helpline for anyone experiencing domestic abuse, open 24 hours a day. "
  "Advisers listen, help you plan for your safety and can arrange a place in a refuge or an independent advocate. "
  "Women on probation who are also victims can use it.",
  confidential=True, loc=False, phones=["24-hour helpline"], hours=H24, areas=["Bedfordshire"],
  langs=["pl", "ur", "pa", "bn", "ro"], risk=R_ALL, stages=["community", "gate", "custody"],
  delivery=["phone", "online"],
  elig="Anyone affected by domestic abuse in Bedfordshire. You can call yourself.",
  aliases=["domestic violence helpline", "DA helpline"])

S("refuge-bedford", "Bedford women's refuge (sample)", "safe-haven", "Bedford",
  "DSA.VICT ACC.WOM",
  "Safe emergency accommodation for women and children escaping domestic abuse, with support workers on site. "
  "The address is secret; contact through the domestic abuse helpline.",
  confidential=True, loc=False, gender="women", phones=["Via 24-hour helpline"], risk=R_ALL,
  delivery=["phone"], capacity="8 family units", elig="Women, with or without children, fleeing domestic abuse.")

S("refuge-luton", "Luton women's refuge (sample)", "safe-haven", "Luton",
  "DSA.VICT ACC.WOM",
  "Emergency refuge accommodation for women and children fleeing abuse, with support on housing, legal options and children's needs. "
  "Contact through the helpline only.",
  confidential=True, loc=False, gender="women", phones=["Via 24-hour helpline"], risk=R_ALL,
  delivery=["phone"], capacity="10 family units", langs=["ur", "bn", "pl"],
  elig="Women fleeing domestic abuse, with or without children.")

S("refuge-central", "Central Bedfordshire refuge (sample)", "safe-haven", "Leighton Buzzard",
  "DSA.VICT ACC.WOM",
  "A small refuge for women and children in Central Bedfordshire. The location is confidential; referrals through the helpline.",
  confidential=True, loc=False, gender="women", phones=["Via 24-hour helpline"], risk=R_ALL,
  delivery=["phone"], capacity="5 family units", status="temporarily closed",
  alert="No new admissions while the building is refurbished; the helpline will find another refuge.",
  elig="Women fleeing domestic abuse, with or without children.")

S("refuge-asian-women", "Refuge for South Asian women (sample)", "asian-womens", "Luton",
  "DSA.VICT WOM.HBV ACC.WOM",
  "Refuge accommodation and specialist support for South Asian women escaping domestic abuse or honour-based abuse, with staff who speak community languages.",
  confidential=True, loc=False, gender="women", phones=["Confidential helpline"], risk=R_ALL,
  delivery=["phone"], langs=["ur", "pa", "bn"], capacity="6 rooms",
  areas=["Bedfordshire", "Hertfordshire"], elig="South Asian women, with or without children.")

S("refuge-stevenage", "Hertfordshire refuge – north (sample)", "safe-haven", "Stevenage",
  "DSA.VICT ACC.WOM",
  "A refuge in north Hertfordshire that takes women from Bedfordshire when it is not safe for them to stay in the county.",
  confidential=True, loc=False, gender="women", phones=["Referrals"], risk=R_ALL,
  delivery=["phone"], areas=["Hertfordshire"], elig="Women fleeing domestic abuse who need to move out of area.")

S("idva-service", "Independent domestic violence advisers (sample)", "safe-haven", "Luton",
  "DSA.VICT",
  "Advisers support people at high risk of domestic abuse through the police and court process, and with safety planning and housing.",
  confidential=True, loc=False, phones=["Referrals"], areas=["Bedfordshire"], risk=R_ALL,
  self_ref=True, delivery=["phone", "outreach"], langs=["ur", "pl"],
  elig="Victims of domestic abuse assessed as high risk.", aliases=["IDVA"])

S("male-victims-line", "Support line for male victims of domestic abuse (sample)", "safe-haven", "Bedford",
  "DSA.VICT",
  "A confidential phone and online service for men experiencing domestic abuse, including safety planning and help to find emergency housing.",
  confidential=True, loc=False, gender="men", phones=["Men's line"], hours=[(WEEKDAYS, "10:00", "20:00")],
  areas=["Bedfordshire"], risk=R_ALL, delivery=["phone", "online"],
  elig="Men affected by domestic abuse.")

S("sexual-violence-support", "Sexual violence support and ISVA service (sample)", "sv-support", "Bedford",
  "DSA.SEX HLT.COUNS",
  "Independent sexual violence advisers and counsellors for anyone who has experienced rape or sexual abuse, recently or in the past. "
  "Contact by phone; appointments are at a confidential location.",
  confidential=True, loc=False, phones=["Support line"], hours=[(WEEKDAYS, "09:00", "17:00"), ("WE", "17:00", "20:00")],
  areas=["Bedfordshire"], risk=R_ALL, delivery=["phone", "appointment"], min_age=13,
  elig="Anyone aged 13 and over affected by sexual violence.", aliases=["ISVA", "rape crisis"])

S("da-perpetrator-programme", "Domestic abuse behaviour change programme (sample)", "change-programmes", "Bedford",
  "DSA.PERP ATB.CBT",
  "A 26-week group programme for people who have been abusive to a partner and want to change, with a separate support worker for the partner. "
  "Self-referrals are assessed for suitability.",
  phones=["Programme office"], hours=[("TU,TH", "18:30", "21:00", "Group sessions")], areas=["Bedfordshire"],
  risk=R_LMH, stages=["community"], delivery=["appointment"], waiting_list="About 6 weeks",
  elig="Adults who have used abuse in a relationship, not subject to a court order requiring an accredited programme.",
  aliases=["perpetrator programme", "Choices"])

S("da-perpetrator-online", "Online perpetrator intervention for rural areas (sample)", "change-programmes", "Biggleswade",
  "DSA.PERP",
  "The behaviour change programme delivered online for people in rural Central Bedfordshire who cannot travel to group sessions.",
  loc=False, phones=["Programme office"], hours=[("WE", "18:30", "20:30")], areas=["Central Bedfordshire"],
  risk=R_LM, stages=["community"], self_ref=False, delivery=["online"],
  elig="Adults referred by probation or children's services, assessed as suitable.")

S("stalking-intervention", "Stalking perpetrator intervention (sample)", "change-programmes", "Luton",
  "DSA.STALK",
  "One-to-one work with a psychologist and a case manager for people who stalk, alongside police action such as Stalking Protection Orders. "
  "Referral by police or probation only.",
  loc=False, phones=["Referrals"], areas=["Bedfordshire"], risk=R_ALL, stages=["community", "court"],
  self_ref=False, delivery=["appointment"], funding_end="2027-03-31",
  elig="Adults with stalking behaviour referred by police or probation.")


# --- Attitudes, thinking and behaviour ---------------------------------------

S("accredited-programmes-info", "Accredited programmes: Thinking Skills, DA and sexual offending (sample)", "probation-commissioned", "Bedford",
  "ATB.ACC",
  "For information: the Probation Service delivers accredited group programmes such as Thinking Skills, Building Better Relationships and Horizon as requirements of a court order or licence. "
  "Places are allocated by the probation practitioner.",
  loc="probation:18", phones=[], areas=["Bedfordshire"], risk=R_ALL, stages=["community", "custody"],
  self_ref=False, delivery=["appointment"], elig="People required by a court order or licence.")

S("thinking-skills-121", "One-to-one thinking skills sessions (sample)", "turnaround", "Bedford",
  "ATB.CBT",
  "Structured one-to-one sessions on managing emotions, solving problems and making decisions, for people who find groups difficult.",
  phones=["Sessions team"], risk=R_LMH, stages=["community"], self_ref=False, delivery=["appointment"],
  langs=["pl"], elig="Adults on probation in Bedford Borough, referred by their practitioner.")

S("anger-management-luton", "Managing anger course – Luton (sample)", "turnaround", "Luton",
  "ATB.CBT HLT.WELL",
  "An eight-week course to understand anger and learn ways to stay in control. Open to self-referral.",
  phones=["Bookings"], hours=[("MO", "18:00", "20:00")], risk=R_LMH, delivery=["appointment"],
  langs=["ur"], elig="Adults in Luton.")

S("restorative-justice", "Restorative justice service (sample)", "restorative", "Bedford",
  "ATB.RJ",
  "Brings together people harmed by crime and those responsible, when both agree, to talk about the harm and how to repair it. "
  "It is voluntary and led by the victim's wishes.",
  loc=False, phones=["Referrals"], areas=["Bedfordshire"], risk=R_LMH, stages=["custody", "community", "court"],
  delivery=["appointment"], elig="Victims and people who have offended in Bedfordshire, when both agree.",
  aliases=["RJ", "Remedi", "REMDI"])

S("knife-crime-luton", "Knife crime awareness course – Luton (sample)", "young-adults", "Luton",
  "ATB.GANG YP.EIS",
  "A short course run by people with lived experience on the consequences of carrying a knife, and how to get out of situations safely.",
  phones=["Course team"], min_age=14, max_age=25, risk=R_LMH, stages=["community", "court"],
  delivery=["appointment"], langs=["ur", "so"], elig="Young people aged 14 to 25 in Luton.")

S("violence-mentoring-bedford", "Violence reduction mentoring – Bedford (sample)", "lived-exp", "Bedford",
  "ATB.GANG MEN.LIVED",
  "Mentors work with young men involved in or at risk of serious violence, including at hospital A&E and in police custody.",
  loc=False, phones=["Mentors"], gender="men", min_age=16, max_age=26, risk=R_ALL,
  stages=["community", "court"], delivery=["outreach"], elig="Young men aged 16 to 26 in Bedford Borough.")

S("driving-offender-scheme", "Repeat driving offender scheme (sample)", "driving", "Kempston",
  "ATB.DRIVE",
  "Support for people with repeat driving offences such as driving while disqualified or without insurance, including help to get a licence and insurance legally.",
  phones=["Scheme office"], areas=["Bedfordshire"], risk=R_LMH, stages=["community"], self_ref=False,
  delivery=["appointment"], elig="Adults with two or more driving convictions, referred by police or probation.",
  aliases=["#MORSE", "MORSE"])


# --- Mentoring and peer support ----------------------------------------------

S("lived-exp-mentors-luton", "Lived-experience mentors – Luton (sample)", "lived-exp", "Luton",
  "MEN.LIVED RES.ACCOMP",
  "Mentors who have been through prison themselves meet you at the gate and support you for up to six months: appointments, housing and staying out of trouble.",
  phones=["Mentoring team"], risk=R_LMH, stages=["custody", "gate", "community"],
  delivery=["outreach", "appointment"], langs=["ur", "bn"], elig="Adults released to Luton.")

S("lived-exp-mentors-bedford", "Lived-experience mentors – Bedford (sample)", "lived-exp", "Bedford",
  "MEN.LIVED",
  "Peer mentors with their own experience of the justice system support people on probation week by week.",
  phones=["Mentoring team"], risk=R_LMH, stages=["gate", "community"], delivery=["outreach"],
  elig="Adults on probation in Bedford Borough.")

S("peer-mentors-hmp-bedford", "Peer mentors on the wings – HMP Bedford (sample)", "lived-exp", "Bedford",
  "MEN.PEER",
  "Trained prisoner peer mentors help new arrivals settle in and help men get ready for release.",
  loc="prison:BFI", phones=[], gender="men", risk=R_ALL, stages=["custody"], delivery=["appointment"],
  elig="Men at HMP Bedford.")

S("peer-support-dunstable", "Peer support group – Dunstable (sample)", "lived-exp", "Dunstable",
  "MEN.PEER",
  "A weekly peer support group for people on probation, led by trained volunteers.",
  phones=["Group lead"], hours=[("TH", "17:30", "19:00")], risk=R_LMH, delivery=["drop_in"],
  elig="Adults on probation in Central Bedfordshire.")

S("boxing-luton", "Community boxing gym – Luton (sample)", "active-futures", "Luton",
  "MEN.ACT YP.EIS",
  "Non-contact boxing fitness sessions with coaches who mentor young people away from crime. Free for under-25s.",
  phones=["Gym"], hours=[("MO,WE,FR", "17:00", "20:00"), ("SA", "10:00", "13:00")], min_age=14,
  risk=R_LMH, delivery=["drop_in"], elig="Anyone aged 14 and over; free for under-25s.")

S("football-bedford", "Football project – Bedford (sample)", "active-futures", "Bedford",
  "MEN.ACT",
  "Weekly five-a-side football for adults on probation and in recovery, with coaching qualifications available.",
  phones=["Coach"], hours=[("WE", "18:00", "19:30")], risk=R_LMH, delivery=["drop_in"],
  elig="Adults aged 18 and over.")

S("allotment-sandy", "Community allotment – Sandy (sample)", "active-futures", "Sandy",
  "MEN.ACT HLT.WELL",
  "A shared allotment where people grow food together, with tools, tea and no experience needed.",
  phones=["Allotment lead"], hours=[("TU,SA", "10:00", "13:00")], risk=R_LMH, delivery=["drop_in"],
  elig="Anyone.")

S("dog-project", "Rescue dog walking and training project (sample)", "active-futures", "Shefford",
  "MEN.ACT ETE.TRAIN HLT.WELL",
  "Participants help care for and train rescue dogs, building confidence and working towards an animal care qualification.",
  phones=["Project coordinator"], risk=R_LM, stages=["community"], self_ref=False, delivery=["appointment"],
  status="inactive", funding_end="2026-08-31", alert="Project paused after funding ended in August 2026.",
  elig="Adults on probation, referred by their practitioner.", aliases=["Rescue Rehab"])

S("arts-project-luton", "Arts and music project – Luton (sample)", "active-futures", "Luton",
  "MEN.ACT",
  "Music production, spoken word and visual art workshops, with a showcase at the end of each term.",
  phones=["Project worker"], hours=[("TU,TH", "16:00", "19:00")], min_age=16, max_age=30,
  risk=R_LMH, delivery=["drop_in"], elig="People aged 16 to 30 in Luton.")


# --- Young people and young adults -------------------------------------------

for _slug, _town, _area in (("yos-bedford", "Bedford", "Bedford"), ("yos-luton", "Luton", "Luton"),
                            ("yos-central", "Ampthill", "Central Bedfordshire")):
    S(_slug, "Youth Offending Service – %s (sample)" % _area, "youth-justice", _town,
      "YP.YOS",
      "The statutory youth justice team for children aged 10 to 17 who are arrested or convicted. "
      "Case workers supervise court orders, write reports for court and work with families, schools and health services. "
      "Children under 18 should be referred through the youth offending service, not directly to adult services.",
      phones=["Duty officer"], hours=[(WEEKDAYS, "09:00", "17:00")], areas=[_area],
      min_age=10, max_age=17, risk=R_ALL, stages=["court", "custody", "gate", "community"],
      self_ref=False, delivery=["appointment", "outreach"],
      elig="Children aged 10 to 17 referred by the police or the courts.",
      aliases=["YOS", "YOT", "Youth Offender Services", "youth justice"])

S("young-adults-eis", "18–25 early intervention service (sample)", "young-adults", "Luton",
  "YP.EIS CJ.OOCD",
  "Young adults are offered a support worker at the point of arrest, to help with whatever is behind their offending: housing, education, drugs, mental health or family. "
  "Support is voluntary and lasts up to 12 weeks.",
  loc=False, phones=["Custody team"], min_age=18, max_age=25, areas=["Luton", "Bedford"],
  risk=R_LMH, stages=["court"], self_ref=False, delivery=["outreach", "appointment"],
  langs=["ur", "bn"], elig="Young adults aged 18 to 25 arrested in Luton or Bedford.")

S("custody-mentors-16-26", "Custody suite mentors for 16–26s (sample)", "young-adults", "Kempston",
  "YP.EIS MEN.LIVED",
  "Mentors with lived experience meet young people in police custody who have been arrested for violence, and keep working with them afterwards, "
  "going with them to training sessions and appointments.",
  loc=False, phones=["Mentoring team"], min_age=16, max_age=26, areas=["Bedfordshire"],
  risk=R_ALL, stages=["court", "community"], self_ref=False, delivery=["outreach"],
  elig="Young people aged 16 to 26 arrested for a violent offence in Bedfordshire.",
  aliases=["U-Turn"])

S("youth-resettlement", "Youth resettlement support (sample)", "youth-justice", "Bedford",
  "YP.RESET RES.PLAN",
  "Plans release from youth custody around the young person's strengths and goals, with accommodation, education and family support in place before they come out.",
  loc=False, phones=["Resettlement worker"], min_age=15, max_age=18, areas=["Bedfordshire"],
  risk=R_ALL, stages=["custody", "gate"], self_ref=False, delivery=["appointment", "outreach"],
  elig="Young people in youth custody returning to Bedfordshire.", aliases=["Constructive Resettlement"])

S("gang-exit-luton", "Gang exit service – Luton (sample)", "young-adults", "Luton",
  "YP.GANG ATB.GANG",
  "Specialist workers help young people who want to leave a gang or county lines: safety planning, relocation where needed, and education or work.",
  loc=False, phones=["Gang exit team"], min_age=13, max_age=25, risk=R_ALL,
  stages=["community", "custody", "gate"], delivery=["outreach"], langs=["ur", "so"],
  elig="Young people aged 13 to 25 involved in or at risk of gang activity in Luton.",
  aliases=["county lines", "gangs"])


# --- Criminal-justice routes and veterans ------------------------------------

S("court-desk-luton", "Court signposting desk – Luton (sample)", "court-desk", "Luton",
  "CJ.COURT RES.INFO",
  "Volunteers at court help defendants and families find support services on the day, such as housing, drugs and alcohol, and mental health. "
  "They also pass information to probation for pre-sentence reports with the person's consent.",
  phones=["Court desk"], hours=[(WEEKDAYS, "09:30", "16:00", "Court sitting days")], risk=R_ALL,
  stages=["court"], delivery=["drop_in"], langs=["ur", "pl", "ro"],
  elig="Anyone attending court in Luton.", aliases=["Court Up"])

S("court-desk-bedford", "Court signposting desk – Bedford (sample)", "court-desk", "Bedford",
  "CJ.COURT",
  "A volunteer signposting desk at court in Bedford for defendants, witnesses' families and people waiting for sentence.",
  phones=["Court desk"], hours=[("MO,TU,WE,TH", "09:30", "15:30")], risk=R_ALL, stages=["court"],
  delivery=["drop_in"], status="temporarily closed",
  alert="Volunteers unavailable until January; ask court staff or call Direction.",
  elig="Anyone attending court in Bedford.")

S("liaison-diversion", "Liaison and diversion service (sample)", "nhs-mh", "Kempston",
  "CJ.COURT HLT.MH",
  "Nurses in police custody and at court identify people with mental health needs, learning disabilities or substance misuse and refer them to support, "
  "and advise the police and courts.",
  loc=False, phones=["Duty nurse"], hours=[(ALLDAYS, "07:00", "22:00")], areas=["Bedfordshire"],
  risk=R_ALL, stages=["court"], self_ref=False, delivery=["outreach"],
  elig="Anyone in police custody or at court in Bedfordshire.")

S("oocd-info", "Out-of-court disposals and conditional cautions (sample)", "police-iom", "Kempston",
  "CJ.OOCD",
  "For information: for lower-level offences the police can give a conditional caution or community resolution with conditions such as attending a course or a support service, instead of going to court.",
  loc=False, phones=[], areas=["Bedfordshire"], risk=R_LM, stages=["court"], self_ref=False,
  delivery=["appointment"], elig="Adults who admit a low-level offence and are offered an out-of-court disposal.")

S("cstr-pilot-old", "Community sentence treatment requirement pilot – Bedford (sample)", "nhs-mh", "Bedford",
  "CJ.CSTR HLT.MHTR",
  "A pilot of combined mental health, drug and alcohol treatment requirements at Bedford courts. The pilot has ended; use the Luton MHTR service.",
  status="inactive", phones=[], loc=False, funding_end="2025-09-30", areas=["Bedford"],
  risk=R_LMH, stages=["court"], self_ref=False, delivery=["appointment"],
  alert="Pilot ended September 2025.", elig="No longer taking referrals.")

S("veterans-bedford", "Veterans' hub – Bedford (sample)", "veterans", "Bedford",
  "VET.GEN",
  "A drop-in for armed forces veterans, with help on housing, benefits, mental health and war pensions, and a breakfast club on Saturdays.",
  phones=["Veterans' hub"], hours=[("TU,TH", "10:00", "15:00"), ("SA", "09:00", "11:30", "Breakfast club")],
  risk=R_LMH, delivery=["drop_in", "appointment"], elig="Anyone who has served in the armed forces, and their families.")

S("veterans-luton", "Veterans' support – Luton (sample)", "veterans", "Luton",
  "VET.GEN ACC.LA",
  "Caseworkers help veterans in Luton with housing applications, benefits and getting specialist veterans' mental health care.",
  phones=["Caseworker"], risk=R_LMH, delivery=["appointment", "phone"],
  elig="Veterans living in Luton.")

S("veterans-in-custody", "Veterans in custody support – HMP Bedford (sample)", "veterans", "Bedford",
  "VET.GEN RES.PLAN",
  "Identifies veterans at HMP Bedford and links them with armed forces charities for support before and after release.",
  loc="prison:BFI", phones=[], gender="men", risk=R_ALL, stages=["custody", "gate"],
  delivery=["appointment"], elig="Men at HMP Bedford who have served in the armed forces.")

S("veterans-northampton-housing", "Veterans' supported housing – Northampton (sample)", "veterans", "Northampton",
  "VET.GEN ACC.SUPP",
  "Supported housing for single veterans who are homeless, including veterans leaving prison, with specialist support workers.",
  phones=["Referrals"], areas=["West Northamptonshire", "Bedfordshire"], risk=R_LMH,
  stages=["gate", "community"], self_ref=True, capacity="16 rooms", delivery=["appointment"],
  excl="Sexual offences", elig="Single veterans with a housing need.")

S("chaplaincy-peterborough", "Through-the-gate mentors – HMP Peterborough (sample)", "peterborough-gate", "Peterborough",
  "MEN.CHAP RES.ACCOMP",
  "Volunteer mentors meet men and women at HMP Peterborough before release and support them through the gate, "
  "including people returning to Bedfordshire.",
  loc="prison:PBI", phones=["Mentoring coordinator"], areas=["Peterborough", "Bedfordshire"],
  risk=R_LMH, stages=["custody", "gate"], delivery=["appointment", "outreach"],
  elig="People at HMP Peterborough due for release to Cambridgeshire or Bedfordshire.")

S("woodhill-family-support", "Family support at HMP Woodhill visits (sample)", "familylinks", "Milton Keynes",
  "FAM.PRIS",
  "Family workers at HMP Woodhill's visits hall support partners and children visiting men held there, many of whom come from Bedfordshire.",
  loc="prison:WHI", phones=["Family support line"], hours=[("WE,SA,SU", "13:30", "16:30", "At visits sessions")],
  areas=["Milton Keynes", "Bedfordshire"], risk=R_ALL, stages=["custody"], delivery=["drop_in", "phone"],
  elig="Families and children visiting HMP Woodhill.")

S("foundations-pilot-bedford", "Foundations-style prison leavers' housing pilot – Bedford (sample)", "resettlement", "Bedford",
  "ACC.SUPP RES.PLAN",
  "A pilot in which a person-centred support officer started work with men in HMP Bedford and moved them straight into a tenancy on release. "
  "The pilot ended in September 2022 and has not been recommissioned; kept so that old referrals can be traced.",
  status="defunct", phones=[], loc=False, funding_end="2022-09-30", gender="men",
  alert="Pilot ended September 2022.", risk=R_LMH, stages=["custody", "gate"], self_ref=False,
  delivery=["appointment"], elig="No longer operating.", aliases=["Foundations"])


# Status changes, alerts and extra languages applied after the specs above,
# so that the sample has a realistic mix (about 90% active).
OVERRIDES = {
    "foodbank-houghton": dict(status="temporarily closed",
                              alert="Closed over Christmas and New Year; reopens on 6 January. Use the Dunstable food bank."),
    "jcp-sandy": dict(status="temporarily closed",
                      alert="Site closed for building works; appointments are at the Biggleswade Jobcentre (sample) until further notice."),
    "recovery-house-houghton": dict(status="temporarily closed",
                                    alert="Not taking referrals until March 2027 because of staff vacancies."),
    "counselling-bedford": dict(status="temporarily closed",
                                alert="Waiting list closed until February 2027; use NHS talking therapies meanwhile."),
    "football-bedford": dict(status="temporarily closed", alert="Winter break: sessions restart in February."),
    "relationships-luton": dict(status="temporarily closed", alert="Paused while a new counsellor is recruited."),
    "peer-support-dunstable": dict(status="temporarily closed", alert="Venue unavailable until January."),
    "wire-placements-dunstable": dict(status="inactive", funding_end="2026-03-31",
                                      alert="Funding ended March 2026; no new placements."),
    "debt-clinic-leighton": dict(status="inactive",
                                 alert="Volunteer advisers no longer available; use the Dunstable advice service."),
    "cstr-pilot-old": dict(status="defunct"),
    "direction-hub": dict(alert="Reduced helpline hours over Christmas: 10:00 to 16:00 on 24 to 26 and 31 December and 1 January."),
    "foodbank-luton": dict(alert="Reduced hours over Christmas: closed 25 December to 1 January."),
    "dac-bedford": dict(alert="Saturday drop-in closed on 27 December and 3 January."),
    "art-therapy-ampthill": dict(alert="Funding ends December 2026; no new referrals after November."),
}
EXTRA_LANGS = {
    "foodbank-bedford": ["pt", "it"], "dac-bedford": ["pt"], "jcp-bedford": ["pt"],
    "benefits-advice-bedford": ["pt", "lt"], "debt-advice-bedford": ["pt", "lt"],
    "womens-centre-bedford": ["pt"], "floating-support-bedford": ["lt"],
    "jcp-kempston": ["pt", "it"], "foodbank-kempston": ["pl", "it"],
}
for _spec in SERVICES:
    _spec.update(OVERRIDES.get(_spec["slug"], {}))
    _spec["langs"] = list(_spec.get("langs", [])) + [
        l for l in EXTRA_LANGS.get(_spec["slug"], []) if l not in _spec.get("langs", [])]
_unknown = (set(OVERRIDES) | set(EXTRA_LANGS)) - {s["slug"] for s in SERVICES}
assert not _unknown, _unknown

# Shared invented locations: key -> (location name, town)
SHARED_LOCS = {
    "money-bedford": ("Bedford Money Advice Centre (sample location)", "Bedford"),
}


# ---------------------------------------------------------------------------
# Building the ORUK JSON
# ---------------------------------------------------------------------------

def od(*pairs, **kw):
    d = OrderedDict(pairs)
    d.update(kw)
    return d


def strip_sample(name):
    return re.sub(r"\s*\((?:sample|historic)[^)]*\)\s*$", "", name).strip()


class Builder:
    def __init__(self, geo):
        self.geo = geo
        self.locations = {}
        self.phone_seq = 0
        self.orgs = {}

    # -- organisations --------------------------------------------------------
    def organization(self, key):
        if key in self.orgs:
            return self.orgs[key]
        org = OrderedDict()
        org["id"] = sample_uuid("organization/" + key)
        if key in REAL_ORGS:
            name, desc, website = REAL_ORGS[key]
            org["name"], org["description"], org["website"] = name, desc, website
        else:
            name, desc = SAMPLE_ORGS[key]
            org["name"], org["description"] = name, desc
            org["website"] = "https://example.org/" + key
            org["email"] = key + "@example.org"
        self.orgs[key] = org
        return org

    # -- areas ------------------------------------------------------------------
    def area(self, town):
        lat, lon = self.geo.centroid(town)
        return od(("name", town), ("latitude", round(lat, 6)), ("longitude", round(lon, 6)))

    def default_area_name(self, town):
        if town in BEDS_TOWNS:
            return BEDS_TOWNS[town]
        return OUT_TOWNS[town][2]

    # -- locations --------------------------------------------------------------
    def _location(self, key, name, lat, lon, address_1, city, county, postcode, description=None):
        loc = OrderedDict()
        loc["id"] = sample_uuid("location/" + key)
        loc["location_type"] = "physical"
        loc["name"] = name
        if description:
            loc["description"] = description
        loc["latitude"] = round(float(lat), 6)
        loc["longitude"] = round(float(lon), 6)
        loc["addresses"] = [od(("id", sample_uuid("location/" + key + "/address")),
                               ("location_id", loc["id"]),
                               ("address_1", address_1), ("city", city),
                               ("state_province", county), ("postal_code", postcode),
                               ("country", "GB"), ("address_type", "physical"))]
        return loc

    def location(self, key, spec=None):
        if key in self.locations:
            return self.locations[key]
        g = self.geo
        if key.startswith("prison:"):
            p = g.prisons[key.split(":", 1)[1]]
            m = re.match(r"^(.*) \((HMP(?: & YOI)?)\)$", p["name"])
            place, kind = (m.group(1), m.group(2)) if m else (p["name"], "HMP")
            name = "%s %s" % (kind, place.replace(" Female", " (women's site)"))
            line = ", ".join(x for x in (p["address_line1"], p["address_line2"]) if x)
            loc = self._location(key, name, p["latitude"], p["longitude"], line,
                                 p["town"], p["county"], p["postcode"],
                                 "Address: MoJ prison register.")
        elif key.startswith("probation:"):
            p = g.probation[key.split(":", 1)[1]]
            town = p["name"].split(":", 1)[0].strip()
            parts = [x.strip() for x in p["address"].split(",")]
            parts = [x for x in parts if x not in (p["postcode"], town, "Bedfordshire")]
            loc = self._location(key, p["name"], p["latitude"], p["longitude"],
                                 ", ".join(parts), town, "Bedfordshire", p["postcode"],
                                 "Upstream address: " + p["address"])
        elif key.startswith("lib:"):
            lib = next(l for l in g.libraries if l["name"] == key[4:])
            loc = self._location(key, lib["name"], lib["latitude"], lib["longitude"],
                                 lib["address_1"], lib["address_2"], lib["address_3"] or "Bedfordshire",
                                 lib["postcode"], "Address: Libraries Hacked library data.")
        else:
            if key in SHARED_LOCS:
                name, town = SHARED_LOCS[key]
                near, town_label = None, town
            else:
                name = spec.get("site_label") or strip_sample(spec["name"]) + " (sample location)"
                town, near = spec["town"], spec.get("near")
                town_label = spec.get("town_label", town)
            n = h("street", key)
            address_1 = "%d %s" % (n % 89 + 1, STREETS[(n // 89) % len(STREETS)])
            if town in BEDS_TOWNS:
                pc = g.pick_postcode(town, near)
                loc = self._location(key, name, pc["latitude"], pc["longitude"], address_1,
                                     town_label, "Bedfordshire", pc["postcode"],
                                     "Sample address: the street is invented; the postcode and "
                                     "coordinates are a real postcode in %s (Code-Point Open)." % (near or town))
            else:
                county, outcode, _ = OUT_TOWNS[town]
                oc = g.outcodes[outcode]
                loc = self._location(key, name, oc["latitude"], oc["longitude"], address_1,
                                     town_label, county, outcode,
                                     "Sample address: the street is invented; the point is the %s "
                                     "postcode district centroid (Code-Point Open)." % outcode)
        self.locations[key] = loc
        return loc

    # -- schedules ---------------------------------------------------------------
    def schedules(self, sid_path, hours):
        out = []
        for i, slot in enumerate(hours):
            if isinstance(slot, dict):
                d = dict(slot)
            else:
                d = dict(zip(("byday", "opens", "closes", "description", "valid_from", "valid_to"), slot))
            s = OrderedDict()
            s["id"] = sample_uuid("%s/schedule/%d" % (sid_path, i))
            s["freq"] = d.get("freq", "WEEKLY")
            if d.get("interval"):
                s["interval"] = d["interval"]
            s["byday"] = d["byday"]
            s["opens_at"] = d["opens"]
            s["closes_at"] = d["closes"]
            for k in ("description", "valid_from", "valid_to"):
                if d.get(k):
                    s[k] = d[k]
            out.append(s)
        return out

    def phone(self, sid_path, i, description):
        self.phone_seq += 1
        if self.phone_seq > 999:
            raise SystemExit("ran out of Ofcom drama numbers")
        return od(("id", sample_uuid("%s/phone/%d" % (sid_path, i))),
                  ("number", "01632 960%03d" % self.phone_seq),
                  ("description", description))

    # -- one service -------------------------------------------------------------
    def service(self, spec):
        slug = spec["slug"]
        path = "service/" + slug
        sid = sample_uuid(path)
        sample = spec.get("sample", True)
        confidential = spec.get("confidential", False)
        org = self.organization(spec["org"])
        svc = OrderedDict()
        svc["id"] = sid
        svc["organization_id"] = org["id"]
        svc["organization"] = org
        svc["name"] = spec["name"]
        svc["description"] = spec["desc"]
        svc["url"] = spec.get("url") or ("https://example.org/direction-sample/" + slug if sample else org.get("website"))
        email = spec.get("email", slug + "@example.org" if sample else None)
        if email:
            svc["email"] = email
        svc["status"] = spec.get("status", "active")
        if spec.get("min_age") is not None:
            svc["minimum_age"] = spec["min_age"]
        if spec.get("max_age") is not None:
            svc["maximum_age"] = spec["max_age"]
        svc["assured_date"] = spec["_assured"]
        svc["last_modified"] = spec["_modified"]
        if spec.get("alert"):
            svc["alert"] = spec["alert"]
        phones = spec.get("phones", ["Main line"] if sample else [])
        svc["phones"] = [self.phone(path, i, d) for i, d in enumerate(phones)]

        # locations
        loc = spec.get("loc")
        if confidential:
            keys = []
        elif loc is False:
            keys = []
        elif loc is None:
            keys = ["svc:" + slug]
        elif isinstance(loc, str):
            keys = [loc]
        else:
            keys = list(loc)
        sals = []
        for key in keys:
            location = self.location(key, spec)
            sals.append(od(("id", sample_uuid("%s/at/%s" % (path, key))),
                           ("service_id", sid), ("location_id", location["id"]),
                           ("location", location)))
        svc["service_at_locations"] = sals
        svc["schedules"] = self.schedules(path, spec.get("hours", OFFICE if sample else []))
        langs = ["en"] + [l for l in spec.get("langs", []) if l != "en"]
        svc["languages"] = [od(("id", sample_uuid("%s/language/%s" % (path, l))), ("service_id", sid),
                               ("name", LANGUAGE_NAMES[l]), ("code", l)) for l in langs]
        areas = spec.get("areas") or [self.default_area_name(spec["town"])]
        svc["service_areas"] = [od(("id", sample_uuid("%s/area/%d" % (path, i))), ("service_id", sid),
                                   ("name", a), ("extent_type", "text")) for i, a in enumerate(areas)]
        svc["attributes"] = [od(("id", sample_uuid("%s/attribute/%s" % (path, c))),
                                ("link_type", "service"), ("link_id", sid),
                                ("taxonomy_term_id", term_uuid(c)),
                                ("taxonomy_term", taxonomy_term(c))) for c in spec["codes"]]

        d = OrderedDict()
        d["sample"] = sample
        d["confidential"] = confidential
        d["area"] = self.area(spec.get("area_town", spec["town"]))
        d["aliases"] = spec.get("aliases", [])
        e = OrderedDict()
        e["gender"] = spec.get("gender", "any")
        e["risk_levels"] = spec.get("risk", R_LMH)
        e["stages"] = spec.get("stages", ["community"])
        e["self_referral"] = spec.get("self_ref", True)
        e["tags_accepted"] = spec.get("tags", True)
        if spec.get("excl"):
            e["excluded_offences"] = spec["excl"]
        e["text"] = spec["elig"]
        d["eligibility"] = e
        d["delivery"] = spec.get("delivery", ["appointment"])
        for k, key in (("capacity", "capacity"), ("waiting_list", "waiting"), ("funding_end", "funding_end")):
            if spec.get(key):
                d[k] = spec[key]
        # historic spelling used in a few specs
        if spec.get("waiting_list"):
            d["waiting_list"] = spec["waiting_list"]
        if spec.get("handover"):
            d["onward_handover"] = spec["handover"]
        tr = TRANSLATIONS.get(slug)
        if tr:
            d["translations"] = OrderedDict((l, tr[l]) for l in TRANSLATION_LANGS if l in tr)
        svc["direction"] = d
        return svc


# ---------------------------------------------------------------------------
# Real public bodies (sample: false)
# ---------------------------------------------------------------------------

DAY_COLS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def library_hours(lib):
    slots = OrderedDict()
    for code, col in zip(DAYS, DAY_COLS):
        v = lib[col].strip()
        if not v:
            continue
        opens, closes = v.split("-")
        slots.setdefault((opens, closes), []).append(code)
    return [(",".join(days), o, c, "Staffed hours") for (o, c), days in slots.items()]


def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def real_specs(geo):
    specs = []
    p = geo.prisons["BFI"]
    specs.append(dict(
        slug="hmp-bedford", name="HMP & YOI Bedford", org="hmpps", town="Bedford",
        codes=["RES.PLAN", "FAM.PRIS"], sample=False, loc="prison:BFI",
        desc="HMP & YOI Bedford is the local prison for men from Bedfordshire's courts. "
             "Its resettlement staff work with probation and local services on housing, benefits and health before release, "
             "and families can book visits. Services that work inside the prison are listed separately.",
        url="https://www.gov.uk/guidance/bedford-prison", phones=[], hours=[],
        gender="men", risk=R_ALL, stages=["custody", "gate"], self_ref=False, delivery=["appointment"],
        areas=["Bedfordshire"],
        elig="Men held at HMP Bedford, and their families for visits. Contact is through prison staff.",
        aliases=["Bedford prison", "HMP Bedford", "Bedford (HMP & YOI)", "BFI"]))
    for oid, codes, desc in (
        ("18", ["ATB.ACC", "CJ.COURT", "CJ.CSTR"],
         "Probation Service office in Bedford town centre. People on licence or a community sentence report here to their probation practitioner, "
         "and accredited programmes and court reports are arranged from here. It is also a delivery site for commissioned rehabilitative services."),
        ("29", ["ATB.ACC", "CJ.COURT", "CJ.CSTR"],
         "Probation Service office in Luton town centre. People on licence or a community sentence report here to their probation practitioner, "
         "and accredited programmes and court reports are arranged from here."),
        ("245", ["ATB.CBT", "RES.CASE"],
         "Probation Service site in Bedford used for commissioned rehabilitative services, such as accommodation, finance and wellbeing sessions "
         "that probation practitioners refer people to."),
        ("246", ["ATB.CBT", "RES.CASE"],
         "Probation Service site in Luton used for commissioned rehabilitative services, such as accommodation, finance and wellbeing sessions "
         "that probation practitioners refer people to."),
        ("247", ["ATB.CBT", "RES.CASE"],
         "Probation Service site in Luton used for commissioned rehabilitative services, such as accommodation, finance and wellbeing sessions "
         "that probation practitioners refer people to."),
    ):
        row = geo.probation[oid]
        town = row["name"].split(":", 1)[0].strip()
        specs.append(dict(
            slug="probation-office-" + oid, name="Probation Service – " + row["name"], org="hmpps", town=town,
            codes=codes, sample=False, loc="probation:" + oid, desc=desc,
            url=row["gov_uk_url"] or REAL_ORGS["hmpps"][2], phones=[], hours=[],
            risk=R_ALL, stages=["community", "gate", "court"], self_ref=False, delivery=["appointment"],
            areas=[BEDS_TOWNS[town]],
            elig="People supervised by the Probation Service in Bedfordshire, by appointment with their probation practitioner.",
            aliases=["probation", "NPS", "National Probation Service", "Bedfordshire LDU"]))
    orgs = {"Bedford Borough Council": "bedford-bc", "Central Bedfordshire Council": "central-beds",
            "Luton Borough Council": "luton-bc"}
    for lib in geo.libraries:
        access_point = lib["type"] == "CRL" or "Access Point" in lib["name"]
        codes = ["RES.INFO"] if access_point else ["RES.INFO", "ETE.BASIC"]
        # The area is the settlement the library serves (a town, suburb or village
        # in bedfordshire_places.csv), taken from the library's name.
        place = re.sub(r" (Central )?Library.*$", "", lib["name"])
        place = {"Barton": "Barton-le-Clay", "Lewsey": "Lewsey Farm"}.get(place, place)
        if place not in geo.places:
            place = lib["address_2"]
        town = place
        desc = ("Public library run by %s. Free to join, with free computers and Wi-Fi, printing, and staff who can help you "
                "get online, find local information and services, and search and apply for jobs." % lib["local_authority"])
        if access_point:
            desc = ("Library access point run by %s: borrow and return books, use a public computer and ask for "
                    "information about local services." % lib["local_authority"])
        desc += " Opening hours are the staffed hours in the published library data; check before visiting."
        specs.append(dict(
            slug="library-" + slugify(lib["name"]), name=lib["name"], org=orgs[lib["local_authority"]],
            town=town, area_town=town, codes=codes, sample=False, loc="lib:" + lib["name"], desc=desc,
            url=lib["url"] or REAL_ORGS[orgs[lib["local_authority"]]][2], email=lib["email"] or None,
            phones=[], hours=library_hours(lib), risk=R_ALL, stages=["community"], self_ref=True,
            delivery=["drop_in", "online"], areas=[geo.places[place]["district"]],
            elig="Anyone can visit. Library membership is free for people who live, work or study in the area.",
            aliases=["library"]))
    return specs


# ---------------------------------------------------------------------------
# Dates: assured_date ("last verified") and last_modified, relative to
# REF_DATE.  About 10% of records are deliberately older than 18 months so
# that the app's "not verified recently" warning has something to show.
# ---------------------------------------------------------------------------

def assign_dates(specs):
    ranked = sorted(specs, key=lambda s: h("assured", s["slug"]))
    n_stale = round(len(specs) * 0.10)
    stale = {s["slug"] for s in ranked[:n_stale]}
    for s in specs:
        k = h("days", s["slug"])
        if s["slug"] in stale or s.get("status") == "defunct":
            days = 560 + k % 380           # roughly 18.5 to 31 months old
        else:
            days = 4 + k % 350             # within the last 12 months
        assured = REF_DATE - datetime.timedelta(days=days)
        s["_assured"] = assured.isoformat()
        s["_modified"] = "%sT%02d:%02d:00Z" % (assured.isoformat(), 8 + k % 9, (k // 9) % 60)


def build(geo):
    specs = real_specs(geo) + SERVICES
    slugs = Counter(s["slug"] for s in specs)
    dup = [k for k, v in slugs.items() if v > 1]
    if dup:
        raise SystemExit("duplicate slugs: %s" % ", ".join(dup))
    assign_dates(specs)
    b = Builder(geo)
    contents = [b.service(s) for s in specs]
    return OrderedDict([
        ("total_items", len(contents)), ("total_pages", 1), ("page_number", 1),
        ("size", len(contents)), ("first_page", True), ("last_page", True),
        ("empty", len(contents) == 0), ("contents", contents)])


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PHONE_RE = re.compile(r"^01632 960\d{3}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STATUSES = {"active", "temporarily closed", "inactive", "defunct"}
RISKS = {"low", "medium", "high", "very_high"}
STAGES = {"custody", "gate", "community", "court"}
DELIVERY = {"drop_in", "appointment", "phone", "online", "outreach"}


def in_gb(lat, lon):
    return 49.8 <= lat <= 60.95 and -8.7 <= lon <= 1.8


def validate(doc):
    errors = []
    err = errors.append
    seen = {}

    def walk(obj, kind):
        if isinstance(obj, dict):
            if "id" in obj:
                i = obj["id"]
                if not isinstance(i, str) or not UUID_RE.match(i):
                    err("%s id is not a UUID: %r" % (kind, i))
                canon = (kind, json.dumps(obj, sort_keys=True, ensure_ascii=False))
                if i in seen and seen[i] != canon:
                    err("id %s used for two different objects (%s / %s)" % (i, seen[i][0], kind))
                seen.setdefault(i, canon)
            for k, v in obj.items():
                if k in ("direction",):
                    continue
                walk(v, k)
        elif isinstance(obj, list):
            for v in obj:
                walk(v, kind)

    for key in ("total_items", "total_pages", "page_number", "size", "first_page",
                "last_page", "empty", "contents"):
        if key not in doc:
            err("page is missing %s" % key)
    services = doc.get("contents", [])
    if doc.get("total_items") != len(services) or doc.get("size") != len(services):
        err("total_items/size do not match contents")
    if len(services) < 220:
        err("only %d services (need at least 220)" % len(services))
    walk(services, "service")

    tops = Counter()
    for s in services:
        name = s.get("name", "?")
        d = s.get("direction")
        if not isinstance(d, dict):
            err("%s: no direction object" % name)
            continue
        sample = d.get("sample")
        if s.get("status") not in STATUSES:
            err("%s: bad status %r" % (name, s.get("status")))
        if "MAPPA" in name or "MAGPAN" in name:
            err("%s: MAPPA/MAGPAN panels are not listable services" % name)
        if not DATE_RE.match(s.get("assured_date", "")):
            err("%s: bad assured_date" % name)
        attrs = s.get("attributes") or []
        if not attrs:
            err("%s: no taxonomy attribute" % name)
        for a in attrs:
            t = a.get("taxonomy_term", {})
            code = t.get("code")
            if code not in TAXONOMY or "." not in code:
                err("%s: unknown or top-level code %r" % (name, code))
                continue
            if code in UNLISTABLE:
                err("%s: %s is never a listable service" % (name, code))
            if a.get("taxonomy_term_id") != term_uuid(code) or t.get("id") != term_uuid(code):
                err("%s: term id for %s does not follow the uuid5 rule" % (name, code))
            if t.get("parent_id") != term_uuid(code.split(".")[0]):
                err("%s: wrong parent_id for %s" % (name, code))
            if a.get("link_id") != s["id"]:
                err("%s: attribute link_id mismatch" % name)
        for top in {a["taxonomy_term"]["code"].split(".")[0] for a in attrs if "taxonomy_term" in a}:
            tops[top] += 1
        # places
        area = d.get("area") or {}
        if not area.get("name") or not in_gb(area.get("latitude", 0), area.get("longitude", 0)):
            err("%s: missing area or area outside GB" % name)
        for sal in s.get("service_at_locations", []):
            loc = sal.get("location", {})
            if sal.get("location_id") != loc.get("id") or sal.get("service_id") != s["id"]:
                err("%s: service_at_location ids inconsistent" % name)
            if not in_gb(loc.get("latitude", 0), loc.get("longitude", 0)):
                err("%s: location outside GB" % name)
            if not loc.get("addresses"):
                err("%s: location without address" % name)
        if d.get("confidential"):
            if s.get("service_at_locations"):
                err("%s: confidential service has locations" % name)
            if "addresses" in json.dumps(s):
                err("%s: confidential service carries an address" % name)
        # contacts
        for p in s.get("phones", []):
            if sample and not PHONE_RE.match(p.get("number", "")):
                err("%s: sample phone %r outside Ofcom drama range" % (name, p.get("number")))
        if sample:
            emails = [s.get("email"), s.get("organization", {}).get("email")]
            for e in emails:
                if e and not e.endswith("@example.org"):
                    err("%s: sample e-mail %r not @example.org" % (name, e))
            for u in (s.get("url"), s.get("organization", {}).get("website")):
                if u and not u.startswith("https://example.org/"):
                    err("%s: sample web address %r not on example.org" % (name, u))
        elif s.get("phones"):
            err("%s: real body with an invented phone number" % name)
        # schedules
        for sc in s.get("schedules", []):
            byday = sc.get("byday", "")
            if not byday or any(x not in DAYS for x in byday.split(",")):
                err("%s: bad byday %r" % (name, byday))
            if not TIME_RE.match(sc.get("opens_at", "")) or not TIME_RE.match(sc.get("closes_at", "")):
                err("%s: bad opening time" % name)
            elif sc["opens_at"] >= sc["closes_at"]:
                err("%s: schedule closes before it opens" % name)
        if not s.get("languages") or s["languages"][0].get("code") != "en":
            err("%s: English must be listed first" % name)
        e = d.get("eligibility", {})
        if e.get("gender") not in ("any", "women", "men"):
            err("%s: bad gender" % name)
        if not set(e.get("risk_levels", [])) <= RISKS or not e.get("risk_levels"):
            err("%s: bad risk levels" % name)
        if not set(e.get("stages", [])) <= STAGES or not e.get("stages"):
            err("%s: bad stages" % name)
        if not set(d.get("delivery", [])) <= DELIVERY or not d.get("delivery"):
            err("%s: bad delivery" % name)
        if not e.get("text"):
            err("%s: no eligibility text" % name)
        if ("minimum_age" in s and "maximum_age" in s) and s["minimum_age"] > s["maximum_age"]:
            err("%s: age band inverted" % name)
        for l, t in (d.get("translations") or {}).items():
            if l not in TRANSLATION_LANGS:
                err("%s: unexpected translation language %s" % (name, l))
            for f in ("name", "description", "eligibility"):
                if not (t.get(f) or "").strip():
                    err("%s: translation %s lacks %s" % (name, l, f))
    for top in TOP_LEVEL:
        if not tops[top]:
            err("no service in top-level pathway %s" % top)
    full = [s for s in services
            if set((s["direction"].get("translations") or {}).keys()) >= set(TRANSLATION_LANGS)]
    if len(full) < 24:
        err("only %d services have all 8 translations (need 24)" % len(full))
    return errors, tops


def summary(doc, tops, out):
    services = doc["contents"]
    w = out.write
    w("Services: %d (real public bodies: %d, sample: %d)\n" % (
        len(services), sum(1 for s in services if not s["direction"]["sample"]),
        sum(1 for s in services if s["direction"]["sample"])))
    w("Per pathway (a service counts once in each pathway it has):\n")
    for top in TOP_LEVEL:
        w("  %-4s %-40s %3d\n" % (top, TAXONOMY[top], tops[top]))
    towns = Counter(s["direction"]["area"]["name"] for s in services)
    w("Per area (direction.area):\n")
    for t, n in sorted(towns.items(), key=lambda kv: (-kv[1], kv[0])):
        w("  %-22s %3d\n" % (t, n))
    w("Status: %s\n" % ", ".join("%s %d" % kv for kv in sorted(Counter(s["status"] for s in services).items())))
    w("Confidential (area only, no location): %d\n" % sum(1 for s in services if s["direction"]["confidential"]))
    w("Without any location: %d\n" % sum(1 for s in services if not s["service_at_locations"]))
    stale = [s for s in services if s["assured_date"] < (REF_DATE - datetime.timedelta(days=548)).isoformat()]
    w("Assured more than 18 months before %s: %d\n" % (REF_DATE.isoformat(), len(stale)))
    full = sum(1 for s in services
               if set((s["direction"].get("translations") or {}).keys()) >= set(TRANSLATION_LANGS))
    w("With all 8 translations (%s): %d\n" % (" ".join(TRANSLATION_LANGS), full))
    langs = Counter(l["code"] for s in services for l in s["languages"])
    w("Delivered in: %s\n" % ", ".join("%s %d" % kv for kv in sorted(langs.items(), key=lambda kv: -kv[1])))


def dump(doc):
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate the Direction Desk sample directory (ORUK 3.0 JSON).")
    ap.add_argument("output", nargs="?", help="write here instead of standard output")
    ap.add_argument("--check", action="store_true",
                    help="validate; with OUTPUT, also check that the file is up to date and write nothing")
    ap.add_argument("--data-dir", default=DEFAULT_DATA_DIR,
                    help="the shared open data directory (default: %(default)s)")
    ap.add_argument("--quiet", action="store_true", help="no summary on stderr")
    args = ap.parse_args(argv)

    doc = build(Geo(args.data_dir))
    errors, tops = validate(doc)
    text = dump(doc)
    if args.check and args.output:
        with open(args.output, encoding="utf-8") as f:
            on_disk = f.read()
        try:
            errors += ["%s: %s" % (args.output, e) for e in validate(json.loads(on_disk))[0]]
        except ValueError as exc:
            errors.append("%s: not JSON: %s" % (args.output, exc))
        if on_disk != text:
            errors.append("%s is out of date: re-run build-aux/make-sample-directory.py %s"
                          % (args.output, args.output))
    if not args.quiet:
        summary(doc, tops, sys.stderr)
    if errors:
        for e in errors:
            sys.stderr.write("ERROR: %s\n" % e)
        sys.stderr.write("%d error(s)\n" % len(errors))
        return 1
    sys.stderr.write("Validation passed.\n")
    if args.check:
        return 0
    if args.output:
        tmp = args.output + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, args.output)
    else:
        sys.stdout.write(text)
    return 0


# ---------------------------------------------------------------------------
# Translations of name, description and eligibility for key services, in the
# main community languages (domain.md §6.3).  Organisation and scheme names
# (Direction, Signpost, Jobcentre, Universal Credit, HMP Bedford…) are kept
# in English, as people will see them in that form on letters and signs.
# Templates: {T} = town name, {inA} = "in <area>" in the language's grammar.
# ---------------------------------------------------------------------------

TR_TOWNS = {
    "pl": {"Bedford": ("Bedford", "w okręgu Bedford"), "Luton": ("Luton", "w Luton")},
    "ro": {"Bedford": ("Bedford", "în districtul Bedford"), "Luton": ("Luton", "în Luton")},
    "ur": {"Bedford": ("بیڈفورڈ", "بیڈفورڈ بورو میں"), "Luton": ("لوٹن", "لوٹن میں")},
    "pa": {"Bedford": ("ਬੈੱਡਫੋਰਡ", "ਬੈੱਡਫੋਰਡ ਬਰੋ ਵਿੱਚ"), "Luton": ("ਲੂਟਨ", "ਲੂਟਨ ਵਿੱਚ")},
    "bn": {"Bedford": ("বেডফোর্ড", "বেডফোর্ড বরোতে"), "Luton": ("লুটন", "লুটনে")},
    "pt": {"Bedford": ("Bedford", "no município de Bedford"), "Luton": ("Luton", "em Luton")},
    "it": {"Bedford": ("Bedford", "nel distretto di Bedford"), "Luton": ("Luton", "a Luton")},
    "lt": {"Bedford": ("Bedfordas", "Bedfordo apygardoje"), "Luton": ("Lutonas", "Lutone")},
}

# service slug -> (text key, town for templates)
TR_SLUGS = {
    "direction-hub": ("direction", None), "signpost-victims": ("signpost", None),
    "hpt-hotel-nights": ("hpt", None), "vanguard-12-weeks": ("vanguard", None),
    "bedford-release-night": ("release-night", None),
    "jcp-bedford": ("jcp", "Bedford"), "jcp-luton": ("jcp", "Luton"),
    "benefits-advice-luton": ("benefits", None),
    "foodbank-bedford": ("foodbank-bedford", None), "foodbank-luton": ("foodbank-luton", None),
    "dac-bedford": ("dac", "Bedford"), "dac-luton": ("dac", "Luton"),
    "gp-registration-luton": ("gp", None), "mental-health-bedford": ("mh", None),
    "womens-centre-luton": ("womens", None), "da-helpline": ("da-helpline", None),
    "hmp-bedford-family-support": ("family", None), "chaplaincy-mentors": ("chaplaincy", None),
    "debt-advice-bedford": ("debt", None),
    "housing-options-bedford": ("housing", "Bedford"), "housing-options-luton": ("housing", "Luton"),
    "id-bank-account": ("id", None), "release-day-kit": ("kit", None),
    "fair-chance-employment": ("fair", None), "meds-on-release": ("meds", None),
}

TR = {}

TR["pl"] = {
    "direction": (
        "Direction – punkt wsparcia dla osób z wyrokami (przykład)",
        "Direction to punkt kompleksowej pomocy w Bedfordshire dla osób pod nadzorem kuratora, osób opuszczających więzienie oraz ich rodzin. "
        "Doradcy na infolinii pomogą Ci znaleźć mieszkanie, pracę, świadczenia, opiekę zdrowotną i wsparcie dla rodziny, a także mogą skierować Cię do odpowiednich służb. "
        "Możesz zadzwonić, skorzystać z katalogu online albo poprosić swojego kuratora o skierowanie.",
        "Każda osoba w Bedfordshire, która była skazana, jest pod nadzorem kuratora lub wychodzi z więzienia, a także członkowie jej rodziny. Możesz zgłosić się samodzielnie."),
    "signpost": (
        "Signpost – punkt wsparcia dla ofiar przestępstw, przekazanie dalej (przykład)",
        "Signpost to odrębny punkt pomocy dla ofiar przestępstw w Bedfordshire, prowadzony przez Komisarza ds. Policji i Przestępczości. "
        "Jeśli osoba, której pomagasz, jest również ofiarą, podaj jej numer Signpost, aby mogła sama się skontaktować, albo przekaż sprawę za jej zgodą. "
        "Signpost prowadzi własną dokumentację; żadne dane nie są udostępniane Direction.",
        "Ofiary każdego przestępstwa w Bedfordshire, niezależnie od tego, czy zostało zgłoszone policji. Wyłącznie do przekazania dalej."),
    "hpt": (
        "Zespół ds. zapobiegania bezdomności – noclegi w hotelu i kaucje (przykład)",
        "Zespół nie zapewnia mieszkań, ale może opłacić do 14 nocy w hotelu osobom zwolnionym z więzienia, które nie mają gdzie mieszkać. "
        "Może też opłacić kaucję lub czynsz z góry, aby umożliwić wynajem mieszkania na rynku prywatnym. Skierowanie może wystawić wyłącznie kurator.",
        "Osoby zwalniane warunkowo z więzienia do regionu East of England, którym w przeciwnym razie groziłaby bezdomność. Wyłącznie ze skierowaniem od kuratora."),
    "vanguard": (
        "Zakwaterowanie na 12 tygodni w stylu Project Vanguard (przykład)",
        "Zapewnia zakwaterowanie przez pierwsze 12 tygodni po wyjściu z więzienia oraz pracownika wsparcia, który pomaga w sprawach świadczeń, zdrowia i znalezienia stałego mieszkania. "
        "Miejsca organizuje kurator przed datą zwolnienia.",
        "Mężczyźni i kobiety zwolnieni warunkowo, ze skierowaniem od kuratora. Przyjmowane są osoby o niskim, średnim i wysokim poziomie ryzyka."),
    "release-night": (
        "Bedford – noclegi w noc zwolnienia (przykład)",
        "Miejsca noclegowe w nagłych przypadkach na pierwsze noce po wyjściu z więzienia dla osób, które nie mają gdzie się zatrzymać w Bedford. "
        "Pracownicy spotykają się z Tobą w dniu zwolnienia, dają Ci pokój i następnego ranka pomagają złożyć w urzędzie wniosek w sprawie bezdomności. "
        "Skierowania wystawia zespół ds. resocjalizacji w więzieniu lub kurator, najlepiej dwa tygodnie przed zwolnieniem.",
        "Osoby dorosłe wychodzące z więzienia w rejon Bedford bez adresu, ze skierowaniem z więzienia lub od kuratora. Usługa nie jest przeznaczona dla osób stwarzających bardzo wysokie ryzyko wyrządzenia szkody."),
    "jcp": (
        "Doradca Jobcentre ds. osób z wyrokami – {T} (przykład)",
        "Doradca zawodowy (work coach) w Jobcentre, który specjalizuje się w pomocy osobom z wyrokami. "
        "Pomoże Ci złożyć wniosek o Universal Credit, zaplanować szukanie pracy i wyjaśni, jak i kiedy informować o karalności. "
        "Umawiając wizytę, poproś o doradcę ds. osób z wyrokami.",
        "Każda osoba z wyrokiem, która pobiera lub zamierza pobierać świadczenia. Osoby opuszczające więzienie mogą umówić wizytę przed zwolnieniem."),
    "benefits": (
        "Luton – poradnictwo w sprawie świadczeń (przykład)",
        "Bezpłatne, poufne porady dotyczące Universal Credit, PIP i innych świadczeń, w tym pomoc w wypełnianiu formularzy i odwołaniu się od decyzji. "
        "Przyjdź bez umawiania we wtorek lub czwartek rano albo umów się na rozmowę telefoniczną. Doradcy mówią w językach urdu, bengalskim i polskim.",
        "Każdy mieszkaniec Luton, w tym osoby pod nadzorem kuratora i osoby po wyjściu z więzienia. Możesz zgłosić się samodzielnie."),
    "foodbank-bedford": (
        "Bedford – społeczny bank żywności (przykład)",
        "Paczki żywnościowe na trzy dni w nagłej potrzebie, a także środki higieniczne i pomoc w doładowaniu liczników gazu i prądu. "
        "Potrzebny jest talon żywnościowy od instytucji, np. kuratora, Jobcentre lub Direction. Osoby wychodzące z więzienia mogą otrzymać paczkę na pierwszy tydzień.",
        "Każda osoba w rejonie Bedford w kryzysie żywnościowym, z talonem od instytucji kierującej."),
    "foodbank-luton": (
        "Luton – bank żywności (przykład)",
        "Paczki żywnościowe w nagłej potrzebie, również z produktami halal i wegetariańskimi, a także pieluchy i środki higieniczne. "
        "Potrzebny jest talon od instytucji kierującej; jeśli niedawno wyszedłeś z więzienia, zapytaj swojego kuratora lub Jobcentre.",
        "Każda osoba w Luton w kryzysie żywnościowym, z talonem od instytucji kierującej."),
    "dac": (
        "Bedford – środowiskowa pomoc w uzależnieniu od narkotyków i alkoholu (przykład)",
        "Luton – pomoc w wychodzeniu z uzależnienia od narkotyków i alkoholu (przykład)",
        "Bezpłatna, poufna pomoc w ograniczeniu lub zaprzestaniu używania narkotyków lub alkoholu, w tym opiekun prowadzący, leczenie substytucyjne i grupy wsparcia w trzeźwieniu. "
        "Możesz przyjść bez umawiania, zadzwonić albo uzyskać skierowanie od kuratora lub lekarza rodzinnego. Wizyty mogą odbywać się osobiście lub telefonicznie.",
        "Osoby dorosłe w wieku 18 lat i więcej mieszkające {inA}. Można zgłosić się samodzielnie."),
    "gp": (
        "Luton – pomoc w rejestracji u lekarza rodzinnego po wyjściu z więzienia (przykład)",
        "Pomaga osobom wychodzącym z więzienia lub bez stałego adresu zarejestrować się u lekarza rodzinnego (GP), aby mogły otrzymywać recepty i opiekę zdrowotną. "
        "Do rejestracji u GP nie jest potrzebny adres ani dokument tożsamości. Na dyżurze pielęgniarskim bez zapisów można też wykonać badania kontrolne.",
        "Osoby dorosłe w Luton, które są bezdomne, niedawno wyszły z więzienia lub nie są zarejestrowane u lekarza rodzinnego."),
    "mh": (
        "Bedford – wsparcie w zakresie zdrowia psychicznego (przykład)",
        "Wsparcie w przypadku lęku, obniżonego nastroju i stresu, bez umawiania lub po umówieniu wizyty, z pracownikiem ds. dobrostanu i grupami wsparcia rówieśniczego. "
        "W kryzysie codziennie od 18:00 do 23:00 działa wieczorna kawiarnia kryzysowa. Możesz zgłosić się samodzielnie.",
        "Osoby dorosłe w wieku 18 lat i więcej w okręgu Bedford. Skierowanie od lekarza rodzinnego nie jest potrzebne."),
    "womens": (
        "Amber Women's Centre – centrum dla kobiet w Luton (przykład)",
        "Centrum wyłącznie dla kobiet, w którym w jednym miejscu uzyskasz pomoc w sprawach mieszkania, pieniędzy, zdrowia psychicznego, relacji i dzieci. "
        "Wpadnij na herbatę, skorzystaj z prysznica i pralni albo spotkaj się ze swoją opiekunką. Podczas zajęć działa opieka nad dziećmi.",
        "Kobiety w wieku 18 lat i więcej z Luton i południowego Bedfordshire, w tym kobiety pod nadzorem kuratora. Możesz zgłosić się samodzielnie."),
    "da-helpline": (
        "Bedfordshire – telefon zaufania dla osób doznających przemocy domowej (przykład)",
        "Bezpłatna, poufna linia pomocy dla każdej osoby doświadczającej przemocy domowej, czynna całą dobę. "
        "Doradcy wysłuchają Cię, pomogą zaplanować Twoje bezpieczeństwo i mogą zorganizować miejsce w schronisku lub niezależnego doradcę (IDVA). "
        "Mogą z niej korzystać również kobiety pod nadzorem kuratora, które same są ofiarami.",
        "Każda osoba dotknięta przemocą domową w Bedfordshire. Możesz zadzwonić samodzielnie."),
    "family": (
        "Wsparcie rodzin podczas odwiedzin w HMP Bedford (przykład)",
        "Pracownicy ds. rodzin obecni podczas odwiedzin w HMP Bedford pomagają dzieciom i rodzinom utrzymać kontakt z bliską osobą w więzieniu. "
        "Wyjaśniają, jak przebiegają odwiedziny, pokazują dzieciom krótki film o tym, jak wygląda więzienie od środka, i oferują indywidualne wsparcie dla dzieci i opiekunów. "
        "Rodziny mogą zgłosić się same; skierować je mogą także pracownicy więzienia i kuratorzy.",
        "Dzieci, partnerzy i opiekunowie mężczyzn przebywających w HMP Bedford. Możesz zgłosić się samodzielnie."),
    "chaplaincy": (
        "Wolontariusze-mentorzy kapelanii środowiskowej (przykład)",
        "Przeszkoleni wolontariusze z lokalnych wspólnot wyznaniowych spotykają się z Tobą w więzieniu przed zwolnieniem i towarzyszą Ci przy wyjściu oraz po powrocie do społeczności. "
        "Pomagają w sprawach praktycznych, takich jak wizyty w urzędach, wnioski mieszkaniowe i szukanie pracy. Usługa jest dla osób każdego wyznania i niewierzących.",
        "Osoby dorosłe przebywające w HMP Bedford lub zwolnione do Bedfordshire oraz ich rodziny. Można zgłosić się samodzielnie."),
    "debt": (
        "Bedford – doradztwo w sprawie długów (przykład)",
        "Bezpłatne, poufne doradztwo w sprawie długów: przeanalizujemy wszystkie Twoje zobowiązania, skontaktujemy się w Twoim imieniu z wierzycielami i pomożemy wybrać rozwiązanie, np. plan spłat lub postępowanie oddłużeniowe (debt relief order). "
        "Obejmuje to również grzywny sądowe i zaległości czynszowe. Umów się na wizytę lub zadzwoń na linię porad.",
        "Każdy mieszkaniec okręgu Bedford, w tym osoby pod nadzorem kuratora. Możesz zgłosić się samodzielnie."),
    "housing": (
        "Porady mieszkaniowe i pomoc dla bezdomnych – {T} (przykład)",
        "Zespół mieszkaniowy urzędu ocenia sytuację osób bezdomnych lub zagrożonych bezdomnością i decyduje, jakiej pomocy urząd musi udzielić. "
        "Pracownicy więzienia i kuratorzy powinni przed zwolnieniem skorzystać z obowiązku zgłoszenia (duty to refer). Możesz też przyjść lub zadzwonić w dniu, w którym potrzebujesz pomocy.",
        "Każda osoba bezdomna lub zagrożona bezdomnością {inA}."),
    "id": (
        "Pomoc w uzyskaniu dokumentów tożsamości i konta bankowego (przykład)",
        "Pomagamy osobom wychodzącym z więzienia zdobyć potrzebne dokumenty: akt urodzenia, tymczasowe prawo jazdy lub inny dowód tożsamości, a także założyć podstawowe konto bankowe. "
        "Możemy opłacić wydanie aktu urodzenia. Jeśli to możliwe, zacznij przed zwolnieniem.",
        "Osoby przebywające w więzieniu lub zwolnione w ciągu ostatnich sześciu miesięcy, których adres po zwolnieniu znajduje się w Bedfordshire."),
    "kit": (
        "Pakiet niezbędnych rzeczy na dzień zwolnienia (przykład)",
        "Osoby opuszczające HMP Bedford, które nie mają dokąd pójść, otrzymują plecak ze śpiworem, środkami higienicznymi, prostym telefonem z doładowaniem, biletem na przejazdy i mapą lokalnych usług. "
        "Pracownicy więzienia ds. resocjalizacji zamawiają pakiet co najmniej tydzień przed zwolnieniem.",
        "Osoby opuszczające HMP Bedford, które są bezdomne lub nie mają żadnych rzeczy. Pakiet zamawiają pracownicy więzienia ds. resocjalizacji."),
    "fair": (
        "Zatrudnienie z uczciwą szansą (przykład)",
        "Doradcy zawodowi łączą osoby z wyrokami z lokalnymi pracodawcami, którzy zobowiązali się dawać im uczciwą szansę. "
        "Pomagają napisać CV i list informujący o karalności, przygotować się do rozmów kwalifikacyjnych i pozostają w kontakcie przez sześć miesięcy po rozpoczęciu pracy. "
        "Możesz zgłosić się sam lub ze skierowaniem od kuratora, więzienia albo Jobcentre.",
        "Osoby dorosłe z wyrokiem, które mieszkają w Bedfordshire lub mają tam zostać zwolnione. Możesz zgłosić się samodzielnie."),
    "meds": (
        "Leki przy wyjściu z więzienia (przykład)",
        "Dba o to, aby osobom opuszczającym HMP Bedford nie zabrakło leków, w tym leczenia substytucyjnego opioidami. "
        "Farmaceuta zapewnia zapas na pierwsze dni i przekazuje receptę lekarzowi rodzinnemu lub poradni leczenia uzależnień.",
        "Osoby opuszczające HMP Bedford, które regularnie przyjmują leki. Organizuje to personel medyczny przed zwolnieniem."),
}

TR["ro"] = {
    "direction": (
        "Direction – centru de sprijin pentru persoanele cu condamnări (exemplu)",
        "Direction este un centru unic de sprijin în Bedfordshire pentru persoanele aflate în supravegherea serviciului de probațiune, pentru cele care ies din închisoare și pentru familiile lor. "
        "Consilierii de la linia de asistență vă ajută să găsiți locuință, un loc de muncă, ajutoare sociale, servicii medicale și sprijin pentru familie și vă pot îndruma către serviciile potrivite. "
        "Puteți suna, puteți folosi ghidul online sau îi puteți cere consilierului de probațiune să vă îndrume.",
        "Orice persoană din Bedfordshire care are o condamnare, este în probațiune sau iese din închisoare, precum și familia sa. Vă puteți adresa direct."),
    "signpost": (
        "Signpost – centru pentru victime, transfer către alte servicii (exemplu)",
        "Signpost este centrul separat al Comisarului pentru Poliție și Criminalitate, dedicat victimelor infracțiunilor din Bedfordshire. "
        "Dacă o persoană pe care o sprijiniți este și victimă, dați-i numărul Signpost ca să poată lua legătura singură sau transferați cazul cu acordul ei. "
        "Signpost își păstrează propriile evidențe; nicio informație nu este partajată cu Direction.",
        "Victimele oricărei infracțiuni din Bedfordshire, indiferent dacă aceasta a fost raportată poliției. Doar pentru transfer către alte servicii."),
    "hpt": (
        "Grupul operativ pentru prevenirea lipsei de adăpost – nopți la hotel și garanții (exemplu)",
        "Grupul nu oferă locuințe, dar poate plăti până la 14 nopți la hotel pentru persoanele eliberate din închisoare care nu au unde să locuiască. "
        "De asemenea, poate plăti garanția sau chiria în avans, ca să vă puteți muta într-o locuință închiriată în regim privat. Doar serviciul de probațiune poate face trimiterea.",
        "Persoanele eliberate condiționat în regiunea East of England care altfel ar rămâne fără adăpost. Numai cu trimitere de la consilierul de probațiune."),
    "vanguard": (
        "Cazare pentru 12 săptămâni după modelul Project Vanguard (exemplu)",
        "Oferă cazare în primele 12 săptămâni după eliberare, împreună cu un lucrător de sprijin care vă ajută cu ajutoarele sociale, sănătatea și găsirea unei locuințe pe termen lung. "
        "Locurile sunt stabilite de serviciul de probațiune înainte de data eliberării.",
        "Bărbați și femei eliberați condiționat, cu trimitere de la serviciul de probațiune. Sunt acceptate persoanele cu risc scăzut, mediu și ridicat."),
    "release-night": (
        "Bedford – cazare în noaptea eliberării (exemplu)",
        "Paturi de urgență pentru primele nopți după eliberare, pentru persoanele care ies din închisoare și nu au unde să stea în Bedford. "
        "Personalul vă întâmpină în ziua eliberării, vă oferă o cameră și vă ajută a doua zi dimineață să depuneți o cerere de asistență pentru persoanele fără adăpost. "
        "Trimiterile vin de la echipa de reintegrare a închisorii sau de la serviciul de probațiune, ideal cu două săptămâni înainte de eliberare.",
        "Adulți care ies din închisoare în zona Bedford fără o adresă, cu trimitere de la închisoare sau de la serviciul de probațiune. Nu este potrivit pentru persoanele care prezintă un risc foarte ridicat de a face rău."),
    "jcp": (
        "Consilier Jobcentre pentru persoane cu condamnări – {T} (exemplu)",
        "Un consilier (work coach) de la Jobcentre specializat în sprijinirea persoanelor cu condamnări. "
        "Vă ajută să solicitați Universal Credit, să vă planificați căutarea unui loc de muncă și vă explică cum și când să declarați o condamnare. "
        "Când vă programați, cereți consilierul pentru persoane cu condamnări.",
        "Orice persoană cu o condamnare care primește sau urmează să solicite ajutoare sociale. Persoanele care ies din închisoare se pot programa înainte de eliberare."),
    "benefits": (
        "Luton – consiliere privind ajutoarele sociale (exemplu)",
        "Consiliere gratuită și confidențială privind Universal Credit, PIP și alte ajutoare sociale, inclusiv ajutor la completarea formularelor și la contestarea unei decizii. "
        "Veniți fără programare marțea și joia dimineața sau programați o consultație telefonică. Consilierii vorbesc urdu, bengaleză și poloneză.",
        "Orice persoană care locuiește în Luton, inclusiv persoanele în probațiune și cele ieșite din închisoare. Vă puteți adresa direct."),
    "foodbank-bedford": (
        "Bedford – banca de alimente a comunității (exemplu)",
        "Pachete de alimente de urgență pentru trei zile, plus produse de igienă și ajutor pentru reîncărcarea contoarelor de gaz și electricitate. "
        "Aveți nevoie de un voucher de alimente de la o instituție, cum ar fi serviciul de probațiune, Jobcentre sau Direction. Persoanele care ies din închisoare pot primi un pachet pentru prima săptămână.",
        "Orice persoană din zona Bedford aflată în criză alimentară, cu voucher de la o instituție care face trimiterea."),
    "foodbank-luton": (
        "Luton – banca de alimente (exemplu)",
        "Pachete de alimente de urgență, inclusiv variante halal și vegetariene, scutece și produse de igienă. "
        "Aveți nevoie de un voucher de la o instituție care face trimiterea; dacă tocmai ați ieșit din închisoare, întrebați consilierul de probațiune sau Jobcentre.",
        "Orice persoană din Luton aflată în criză alimentară, cu voucher de la o instituție care face trimiterea."),
    "dac": (
        "Bedford – serviciu comunitar pentru droguri și alcool (exemplu)",
        "Luton – serviciu de recuperare pentru droguri și alcool (exemplu)",
        "Ajutor gratuit și confidențial pentru a reduce sau a opri consumul de droguri sau alcool, inclusiv un lucrător de caz, tratament de substituție și grupuri de recuperare. "
        "Puteți veni fără programare, puteți suna sau puteți fi trimis de serviciul de probațiune sau de medicul de familie. Întâlnirile pot avea loc față în față sau la telefon.",
        "Adulți de 18 ani și peste care locuiesc {inA}. Vă puteți adresa direct."),
    "gp": (
        "Luton – ajutor la înscrierea la medicul de familie după ieșirea din închisoare (exemplu)",
        "Ajută persoanele care ies din închisoare sau care nu au o adresă fixă să se înscrie la un medic de familie (GP), ca să poată primi rețete și îngrijiri medicale. "
        "Nu aveți nevoie de adresă sau de act de identitate pentru a vă înscrie la un GP. Un program fără programare, condus de asistente medicale, oferă și controale de sănătate.",
        "Adulți din Luton care nu au locuință, au fost eliberați recent sau nu sunt înscriși la un medic de familie."),
    "mh": (
        "Bedford – sprijin pentru sănătatea mintală (exemplu)",
        "Sprijin pentru anxietate, stare depresivă și stres, cu sau fără programare, cu un lucrător pentru bunăstare și grupuri de sprijin între egali. "
        "În situații de criză, o cafenea de criză este deschisă în fiecare seară, între orele 18:00 și 23:00. Vă puteți adresa direct.",
        "Adulți de 18 ani și peste din districtul Bedford. Nu este nevoie de trimitere de la medicul de familie."),
    "womens": (
        "Amber Women's Centre – centru pentru femei din Luton (exemplu)",
        "Un centru numai pentru femei, unde primiți într-un singur loc sprijin pentru locuință, bani, sănătate mintală, relații și copii. "
        "Treceți pe la noi pentru un ceai, folosiți dușul și spălătoria sau întâlniți-vă cu lucrătoarea de caz. În timpul sesiunilor există un spațiu de îngrijire pentru copii.",
        "Femei de 18 ani și peste din Luton și din sudul comitatului Bedfordshire, inclusiv femei în probațiune. Vă puteți adresa direct."),
    "da-helpline": (
        "Bedfordshire – linie telefonică pentru victimele violenței domestice (exemplu)",
        "O linie de asistență gratuită și confidențială pentru oricine se confruntă cu violență domestică, disponibilă 24 de ore din 24. "
        "Consilierii vă ascultă, vă ajută să vă planificați siguranța și vă pot găsi un loc într-un adăpost sau un consilier independent (IDVA). "
        "O pot folosi și femeile în probațiune care sunt, la rândul lor, victime.",
        "Orice persoană afectată de violență domestică în Bedfordshire. Puteți suna direct."),
    "family": (
        "Sprijin pentru familii la vizitele de la HMP Bedford (exemplu)",
        "Lucrătorii pentru familii prezenți la vizitele de la HMP Bedford ajută copiii și familiile să păstreze legătura cu o persoană aflată în închisoare. "
        "Ei explică cum se desfășoară vizitele, le arată copiilor un scurt film despre cum arată închisoarea pe dinăuntru și oferă sprijin individual copiilor și celor care îi îngrijesc. "
        "Familiile se pot adresa direct; pot face trimiteri și personalul închisorii și al serviciului de probațiune.",
        "Copiii, partenerii și persoanele care îngrijesc copiii bărbaților deținuți la HMP Bedford. Vă puteți adresa direct."),
    "chaplaincy": (
        "Mentori voluntari ai capelaniei comunitare (exemplu)",
        "Mentori voluntari instruiți, din comunitățile religioase locale, se întâlnesc cu dumneavoastră în închisoare înainte de eliberare și vă însoțesc la ieșire și după întoarcerea în comunitate. "
        "Vă ajută cu lucruri practice, precum programările, formularele pentru locuință și găsirea unui loc de muncă. Serviciul este pentru persoane de orice religie sau fără religie.",
        "Adulți aflați la HMP Bedford sau eliberați în Bedfordshire, precum și familiile lor. Vă puteți adresa direct."),
    "debt": (
        "Bedford – consiliere privind datoriile (exemplu)",
        "Consiliere gratuită și confidențială privind datoriile: analizăm tot ce datorați, discutăm în numele dumneavoastră cu creditorii și vă ajutăm să alegeți o soluție, cum ar fi un plan de plată sau un debt relief order (procedură de ștergere a datoriilor). "
        "Sunt incluse și amenzile stabilite de instanță și restanțele la chirie. Programați o întâlnire sau sunați la linia de consiliere.",
        "Orice persoană care locuiește în districtul Bedford, inclusiv persoanele în probațiune. Vă puteți adresa direct."),
    "housing": (
        "Opțiuni de locuire și consiliere pentru persoanele fără adăpost – {T} (exemplu)",
        "Echipa de locuințe a consiliului local evaluează persoanele fără adăpost sau expuse riscului de a rămâne fără locuință și decide ce ajutor trebuie să ofere consiliul. "
        "Personalul închisorii și al serviciului de probațiune trebuie să folosească obligația de sesizare (duty to refer) înainte de eliberare. Puteți, de asemenea, să veniți sau să sunați chiar în ziua respectivă.",
        "Orice persoană fără adăpost sau expusă riscului de a rămâne fără locuință {inA}."),
    "id": (
        "Ajutor pentru acte de identitate și cont bancar (exemplu)",
        "Ajută persoanele care ies din închisoare să obțină actele de care au nevoie: certificat de naștere, permis de conducere provizoriu sau alt document de identitate, precum și un cont bancar de bază. "
        "Putem plăti taxa pentru certificatul de naștere. Dacă puteți, începeți înainte de eliberare.",
        "Persoane aflate în închisoare sau eliberate în ultimele șase luni, cu adresa de după eliberare în Bedfordshire."),
    "kit": (
        "Pachet cu cele necesare pentru ziua eliberării (exemplu)",
        "Persoanele care ies din HMP Bedford și nu au unde să meargă primesc un rucsac cu sac de dormit, produse de igienă, un telefon simplu cu credit, un abonament de transport și o hartă a serviciilor locale. "
        "Personalul de reintegrare al închisorii comandă pachetul cu cel puțin o săptămână înainte de eliberare.",
        "Persoanele care ies din HMP Bedford fără locuință sau fără niciun bun. Pachetul este comandat de personalul de reintegrare al închisorii."),
    "fair": (
        "Serviciu de angajare „o șansă corectă” (exemplu)",
        "Consilierii de angajare pun în legătură persoanele cu condamnări cu angajatori locali care s-au angajat să le ofere o șansă corectă. "
        "Vă ajută să scrieți un CV și o scrisoare despre condamnare, să vă pregătiți pentru interviuri și păstrează legătura cu dumneavoastră timp de șase luni după ce începeți lucrul. "
        "Vă puteți adresa direct sau puteți fi trimis de serviciul de probațiune, de închisoare sau de Jobcentre.",
        "Adulți cu o condamnare care locuiesc în Bedfordshire sau urmează să fie eliberați acolo. Vă puteți adresa direct."),
    "meds": (
        "Serviciu de medicamente la eliberare (exemplu)",
        "Se asigură că persoanele care ies din HMP Bedford nu rămân fără medicamente, inclusiv fără tratamentul de substituție pentru opioide. "
        "Un farmacist asigură o rezervă pentru primele zile și transferă rețeta la un medic de familie sau la un serviciu pentru dependențe din comunitate.",
        "Persoanele care ies din HMP Bedford și iau medicamente în mod regulat. Organizat de personalul medical înainte de eliberare."),
}

TR["ur"] = {
    "direction": (
        "ڈائریکشن – سزا یافتہ افراد کے لیے مدد کا مرکز (نمونہ)",
        "ڈائریکشن بیڈفورڈشائر میں پروبیشن پر موجود افراد، جیل سے رہا ہونے والوں اور ان کے خاندانوں کے لیے ایک ہی جگہ پر مدد کا مرکز ہے۔ "
        "ہیلپ لائن کے مشیر آپ کو رہائش، روزگار، بینیفٹس، صحت اور خاندانی مدد تلاش کرنے میں مدد دیتے ہیں اور آپ کی طرف سے ریفرل بھی کر سکتے ہیں۔ "
        "آپ فون کر سکتے ہیں، آن لائن ڈائریکٹری استعمال کر سکتے ہیں یا اپنے پروبیشن افسر سے ریفرل کرنے کو کہہ سکتے ہیں۔",
        "بیڈفورڈشائر میں ہر وہ شخص جسے سزا ہوئی ہو، جو پروبیشن پر ہو یا جیل سے رہا ہو رہا ہو، اور اس کے گھر والے۔ آپ خود بھی رابطہ کر سکتے ہیں۔"),
    "signpost": (
        "سائن پوسٹ – جرائم کے متاثرین کا مرکز، آگے منتقلی کے لیے (نمونہ)",
        "سائن پوسٹ بیڈفورڈشائر میں جرائم کے متاثرین کے لیے پولیس اینڈ کرائم کمشنر کا الگ مرکز ہے۔ "
        "اگر جس شخص کی آپ مدد کر رہے ہیں وہ خود بھی کسی جرم کا شکار ہے تو انہیں سائن پوسٹ کا نمبر دیں تاکہ وہ خود رابطہ کر سکیں، یا ان کی رضامندی سے معاملہ آگے منتقل کریں۔ "
        "سائن پوسٹ اپنا ریکارڈ الگ رکھتا ہے؛ ڈائریکشن کے ساتھ کوئی معلومات شیئر نہیں کی جاتیں۔",
        "بیڈفورڈشائر میں کسی بھی جرم کے متاثرین، چاہے پولیس کو اطلاع دی گئی ہو یا نہیں۔ صرف آگے منتقلی کے لیے۔"),
    "hpt": (
        "بے گھری کی روک تھام کی ٹاسک فورس – ہوٹل میں قیام اور ڈپازٹ (نمونہ)",
        "یہ ٹاسک فورس خود رہائش فراہم نہیں کرتی، لیکن جیل سے رہا ہونے والے ایسے افراد کے لیے جن کے پاس رہنے کی کوئی جگہ نہ ہو، ہوٹل میں زیادہ سے زیادہ 14 راتوں کا خرچ ادا کر سکتی ہے۔ "
        "یہ کرایے کا ڈپازٹ یا پیشگی کرایہ بھی ادا کر سکتی ہے تاکہ آپ نجی کرایے کے مکان میں منتقل ہو سکیں۔ ریفرل صرف پروبیشن کر سکتا ہے۔",
        "وہ افراد جو لائسنس پر جیل سے رہا ہو کر ایسٹ آف انگلینڈ آ رہے ہوں اور بصورتِ دیگر بے گھر ہو جائیں۔ ریفرل صرف پروبیشن افسر کے ذریعے۔"),
    "vanguard": (
        "پراجیکٹ وینگارڈ کی طرز پر 12 ہفتوں کی رہائش (نمونہ)",
        "رہائی کے بعد پہلے 12 ہفتوں کے لیے رہائش فراہم کرتا ہے، ساتھ ایک سپورٹ ورکر بھی ہوتا ہے جو بینیفٹس، صحت اور طویل مدتی گھر تلاش کرنے میں آپ کی مدد کرتا ہے۔ "
        "جگہ کا انتظام پروبیشن آپ کی رہائی کی تاریخ سے پہلے کرتا ہے۔",
        "لائسنس پر رہا ہونے والے مرد اور خواتین، پروبیشن کے ریفرل کے ساتھ۔ کم، درمیانے اور زیادہ خطرے والے افراد قبول کیے جاتے ہیں۔"),
    "release-night": (
        "بیڈفورڈ – رہائی کی رات کے لیے رہائش (نمونہ)",
        "جیل سے رہا ہونے والے اُن افراد کے لیے جن کے پاس بیڈفورڈ میں ٹھہرنے کی جگہ نہیں، رہائی کے بعد پہلی راتوں کے لیے ہنگامی بستر۔ "
        "عملہ رہائی کے دن آپ سے ملتا ہے، آپ کو کمرہ دیتا ہے اور اگلی صبح کونسل میں بے گھری کی درخواست دینے میں مدد کرتا ہے۔ "
        "ریفرل جیل کی ری سیٹلمنٹ ٹیم یا پروبیشن کی طرف سے آتے ہیں، بہتر ہے کہ رہائی سے دو ہفتے پہلے۔",
        "بالغ افراد جو بغیر کسی پتے کے جیل سے بیڈفورڈ کے علاقے میں رہا ہو رہے ہوں، جیل یا پروبیشن کے ریفرل کے ساتھ۔ یہ اُن افراد کے لیے موزوں نہیں جن سے نقصان کا بہت زیادہ خطرہ ہو۔"),
    "jcp": (
        "جاب سینٹر – سزا یافتہ افراد کے لیے مشیر، {T} (نمونہ)",
        "جاب سینٹر کا ایک ورک کوچ جو سزا یافتہ افراد کی مدد میں مہارت رکھتا ہے۔ "
        "وہ یونیورسل کریڈٹ کے لیے درخواست دینے اور نوکری کی تلاش کی منصوبہ بندی میں آپ کی مدد کرتا ہے، اور بتاتا ہے کہ اپنی سزا کے بارے میں کب اور کیسے بتانا ہے۔ "
        "ملاقات کا وقت لیتے ہوئے سزا یافتہ افراد کے مشیر کا پوچھیں۔",
        "ہر وہ شخص جسے سزا ہوئی ہو اور جو بینیفٹس لے رہا ہو یا لینے والا ہو۔ جیل سے رہا ہونے والے افراد رہائی سے پہلے ملاقات کا وقت لے سکتے ہیں۔"),
    "benefits": (
        "لوٹن – بینیفٹس کے بارے میں مشاورت (نمونہ)",
        "یونیورسل کریڈٹ، PIP اور دیگر بینیفٹس کے بارے میں مفت اور رازدارانہ مشورہ، جس میں فارم بھرنے اور کسی فیصلے کو چیلنج کرنے میں مدد بھی شامل ہے۔ "
        "منگل اور جمعرات کی صبح بغیر وقت لیے آ جائیں یا فون پر ملاقات کا وقت لیں۔ مشیر اردو، بنگالی اور پولش بولتے ہیں۔",
        "لوٹن میں رہنے والا ہر شخص، بشمول پروبیشن پر موجود افراد اور جیل سے رہا ہونے والے۔ آپ خود بھی رابطہ کر سکتے ہیں۔"),
    "foodbank-bedford": (
        "بیڈفورڈ – کمیونٹی فوڈ بینک (نمونہ)",
        "تین دن کے لیے ہنگامی کھانے کے پارسل، ساتھ ہی ذاتی صفائی کا سامان اور گیس و بجلی کے میٹر ٹاپ اپ کرنے میں مدد۔ "
        "آپ کو کسی ادارے، جیسے پروبیشن، جاب سینٹر یا ڈائریکشن، سے فوڈ واؤچر کی ضرورت ہوگی۔ جیل سے رہا ہونے والے افراد پہلے ہفتے کے لیے پارسل لے سکتے ہیں۔",
        "بیڈفورڈ کے علاقے میں خوراک کی ہنگامی ضرورت میں مبتلا ہر شخص، جس کے پاس ریفر کرنے والے ادارے کا واؤچر ہو۔"),
    "foodbank-luton": (
        "لوٹن – فوڈ بینک (نمونہ)",
        "ہنگامی کھانے کے پارسل، جن میں حلال اور سبزی خوروں کے لیے کھانا، بچوں کے ڈائپر اور ذاتی صفائی کا سامان شامل ہے۔ "
        "آپ کو ریفر کرنے والے ادارے سے واؤچر کی ضرورت ہوگی؛ اگر آپ حال ہی میں جیل سے رہا ہوئے ہیں تو اپنے پروبیشن افسر یا جاب سینٹر سے پوچھیں۔",
        "لوٹن میں خوراک کی ہنگامی ضرورت میں مبتلا ہر شخص، جس کے پاس ریفر کرنے والے ادارے کا واؤچر ہو۔"),
    "dac": (
        "بیڈفورڈ – منشیات اور شراب کے لیے کمیونٹی سروس (نمونہ)",
        "لوٹن – منشیات اور شراب سے بحالی کی سروس (نمونہ)",
        "منشیات یا شراب کا استعمال کم کرنے یا چھوڑنے کے لیے مفت اور رازدارانہ مدد، جس میں ایک کی ورکر، متبادل ادویات کے ذریعے علاج اور بحالی کے گروپ شامل ہیں۔ "
        "آپ بغیر وقت لیے آ سکتے ہیں، فون کر سکتے ہیں یا پروبیشن یا اپنے جی پی کے ذریعے ریفر ہو سکتے ہیں۔ ملاقاتیں بالمشافہ یا فون پر ہو سکتی ہیں۔",
        "{inA} رہنے والے 18 سال یا اس سے زیادہ عمر کے بالغ افراد۔ آپ خود بھی رابطہ کر سکتے ہیں۔"),
    "gp": (
        "لوٹن – جیل سے رہا ہونے والوں کے لیے جی پی رجسٹریشن میں مدد (نمونہ)",
        "جیل سے رہا ہونے والے یا مستقل پتے کے بغیر افراد کو جی پی (فیملی ڈاکٹر) کے ساتھ رجسٹر ہونے میں مدد دیتا ہے تاکہ وہ نسخے اور طبی دیکھ بھال حاصل کر سکیں۔ "
        "جی پی کے ساتھ رجسٹر ہونے کے لیے پتے یا شناختی دستاویز کی ضرورت نہیں۔ نرسوں کے زیرِ انتظام، بغیر وقت لیے آنے کی سہولت میں صحت کا معائنہ بھی کیا جاتا ہے۔",
        "لوٹن میں وہ بالغ افراد جو بے گھر ہوں، حال ہی میں رہا ہوئے ہوں یا کسی جی پی کے ساتھ رجسٹرڈ نہ ہوں۔"),
    "mh": (
        "بیڈفورڈ – ذہنی صحت کے لیے مدد (نمونہ)",
        "بے چینی، اداسی اور ذہنی دباؤ کے لیے بغیر وقت لیے یا ملاقات کے ذریعے مدد، ایک ویل بیئنگ ورکر اور ہم تجربہ افراد کے سپورٹ گروپوں کے ساتھ۔ "
        "بحران کی صورت میں ایک کرائسس کیفے ہر روز شام 6 بجے سے رات 11 بجے تک کھلا رہتا ہے۔ آپ خود بھی رابطہ کر سکتے ہیں۔",
        "بیڈفورڈ بورو میں 18 سال یا اس سے زیادہ عمر کے بالغ افراد۔ جی پی کے ریفرل کی ضرورت نہیں۔"),
    "womens": (
        "ایمبر ویمنز سینٹر – لوٹن میں خواتین کا مرکز (نمونہ)",
        "صرف خواتین کے لیے ایک مرکز جہاں آپ کو رہائش، پیسوں، ذہنی صحت، تعلقات اور بچوں کے بارے میں ایک ہی جگہ مدد ملتی ہے۔ "
        "چائے پینے آ جائیں، شاور اور لانڈری استعمال کریں یا اپنی کی ورکر سے ملیں۔ سیشنز کے دوران بچوں کی دیکھ بھال کی سہولت موجود ہے۔",
        "لوٹن اور جنوبی بیڈفورڈشائر میں 18 سال یا اس سے زیادہ عمر کی خواتین، بشمول پروبیشن پر موجود خواتین۔ آپ خود بھی رابطہ کر سکتی ہیں۔"),
    "da-helpline": (
        "بیڈفورڈشائر – گھریلو تشدد ہیلپ لائن (نمونہ)",
        "گھریلو تشدد کا سامنا کرنے والے ہر شخص کے لیے مفت اور رازدارانہ ہیلپ لائن، جو دن رات 24 گھنٹے کھلی ہے۔ "
        "مشیر آپ کی بات سنتے ہیں، آپ کی حفاظت کا منصوبہ بنانے میں مدد کرتے ہیں اور کسی پناہ گاہ میں جگہ یا ایک آزاد معاون (IDVA) کا انتظام کر سکتے ہیں۔ "
        "پروبیشن پر موجود وہ خواتین جو خود بھی تشدد کا شکار ہیں، اسے استعمال کر سکتی ہیں۔",
        "بیڈفورڈشائر میں گھریلو تشدد سے متاثر ہر شخص۔ آپ خود فون کر سکتے ہیں۔"),
    "family": (
        "ایچ ایم پی بیڈفورڈ میں ملاقاتوں کے دوران خاندانی مدد (نمونہ)",
        "ایچ ایم پی بیڈفورڈ میں ملاقاتوں کے دوران موجود فیملی ورکرز بچوں اور خاندانوں کو جیل میں موجود اپنے عزیز سے رابطہ برقرار رکھنے میں مدد دیتے ہیں۔ "
        "وہ بتاتے ہیں کہ ملاقات کیسے ہوتی ہے، بچوں کو ایک مختصر ویڈیو دکھاتے ہیں کہ جیل اندر سے کیسی ہوتی ہے، اور بچوں اور ان کی دیکھ بھال کرنے والوں کو انفرادی مدد دیتے ہیں۔ "
        "خاندان خود رابطہ کر سکتے ہیں؛ جیل اور پروبیشن کا عملہ بھی ریفر کر سکتا ہے۔",
        "ایچ ایم پی بیڈفورڈ میں قید مردوں کے بچے، شریکِ حیات اور دیکھ بھال کرنے والے۔ آپ خود بھی رابطہ کر سکتے ہیں۔"),
    "chaplaincy": (
        "کمیونٹی چیپلینسی کے رضاکار مینٹور (نمونہ)",
        "مقامی مذہبی برادریوں سے تعلق رکھنے والے تربیت یافتہ رضاکار مینٹور رہائی سے پہلے جیل میں آپ سے ملتے ہیں اور جیل سے نکلتے وقت اور معاشرے میں واپسی کے دوران آپ کے ساتھ رہتے ہیں۔ "
        "وہ عملی کاموں میں مدد کرتے ہیں، جیسے ملاقاتیں، رہائش کے فارم اور نوکری کی تلاش۔ یہ سروس ہر مذہب کے لوگوں کے لیے ہے، اور اُن کے لیے بھی جو کسی مذہب کو نہیں مانتے۔",
        "ایچ ایم پی بیڈفورڈ میں موجود یا بیڈفورڈشائر میں رہا ہونے والے بالغ افراد اور ان کے خاندان۔ لوگ خود بھی رابطہ کر سکتے ہیں۔"),
    "debt": (
        "بیڈفورڈ – قرض کے بارے میں مشاورت (نمونہ)",
        "قرض کے بارے میں مفت اور رازدارانہ مشورہ: ہم آپ کے تمام واجبات کا جائزہ لیتے ہیں، آپ کی طرف سے قرض خواہوں سے بات کرتے ہیں اور کوئی حل چننے میں مدد کرتے ہیں، جیسے ادائیگی کا منصوبہ یا ڈیٹ ریلیف آرڈر۔ "
        "عدالتی جرمانے اور کرایے کے بقایاجات بھی اس میں شامل ہیں۔ ملاقات کا وقت لیں یا ایڈوائس لائن پر فون کریں۔",
        "بیڈفورڈ بورو میں رہنے والا ہر شخص، بشمول پروبیشن پر موجود افراد۔ آپ خود بھی رابطہ کر سکتے ہیں۔"),
    "housing": (
        "رہائش کے اختیارات اور بے گھری کے بارے میں مشاورت – {T} (نمونہ)",
        "کونسل کی ہاؤسنگ ٹیم بے گھر یا بے گھری کے خطرے سے دوچار افراد کی صورتِ حال کا جائزہ لیتی ہے اور طے کرتی ہے کہ کونسل کو کیا مدد دینی ہوگی۔ "
        "جیل اور پروبیشن کے عملے کو رہائی سے پہلے 'ڈیوٹی ٹو ریفر' کے تحت اطلاع دینی چاہیے۔ آپ اسی دن خود آ کر یا فون کر کے بھی رابطہ کر سکتے ہیں۔",
        "{inA} ہر وہ شخص جو بے گھر ہو یا بے گھری کے خطرے سے دوچار ہو۔"),
    "id": (
        "شناختی دستاویزات اور بینک اکاؤنٹ کے لیے مدد (نمونہ)",
        "جیل سے رہا ہونے والے افراد کو ضروری شناختی دستاویزات حاصل کرنے میں مدد دیتا ہے: پیدائش کا سرٹیفکیٹ، عارضی ڈرائیونگ لائسنس یا شناخت کا کوئی اور ثبوت، اور ایک بنیادی بینک اکاؤنٹ۔ "
        "ہم پیدائش کے سرٹیفکیٹ کی فیس ادا کر سکتے ہیں۔ اگر ممکن ہو تو رہائی سے پہلے شروع کریں۔",
        "جیل میں موجود یا پچھلے چھ مہینوں میں رہا ہونے والے افراد جن کا رہائی کے بعد کا پتہ بیڈفورڈشائر میں ہو۔"),
    "kit": (
        "رہائی کے دن کے لیے ضروری سامان کا پیک (نمونہ)",
        "ایچ ایم پی بیڈفورڈ سے رہا ہونے والے اُن افراد کو جن کے پاس جانے کی کوئی جگہ نہیں، ایک بیگ دیا جاتا ہے جس میں سلیپنگ بیگ، ذاتی صفائی کا سامان، کریڈٹ والا ایک سادہ فون، سفری پاس اور مقامی خدمات کا نقشہ ہوتا ہے۔ "
        "جیل کا ری سیٹلمنٹ عملہ رہائی سے کم از کم ایک ہفتہ پہلے یہ پیک منگواتا ہے۔",
        "ایچ ایم پی بیڈفورڈ سے رہا ہونے والے وہ افراد جو بے گھر ہوں یا جن کے پاس کوئی سامان نہ ہو۔ یہ پیک جیل کا ری سیٹلمنٹ عملہ منگواتا ہے۔"),
    "fair": (
        "منصفانہ موقع پر مبنی روزگار سروس (نمونہ)",
        "روزگار کے مشیر سزا یافتہ افراد کو اُن مقامی آجروں سے ملاتے ہیں جنہوں نے منصفانہ موقع دینے کا عہد کیا ہے۔ "
        "وہ سی وی اور سزا کے بارے میں وضاحتی خط لکھنے اور انٹرویو کی تیاری میں مدد کرتے ہیں، اور کام شروع کرنے کے بعد چھ مہینے تک رابطے میں رہتے ہیں۔ "
        "آپ خود رابطہ کر سکتے ہیں یا پروبیشن، جیل یا جاب سینٹر کے ذریعے ریفر ہو سکتے ہیں۔",
        "سزا یافتہ بالغ افراد جو بیڈفورڈشائر میں رہتے ہوں یا وہاں رہا ہونے والے ہوں۔ آپ خود بھی رابطہ کر سکتے ہیں۔"),
    "meds": (
        "رہائی کے وقت ادویات کی سروس (نمونہ)",
        "اس بات کو یقینی بناتی ہے کہ ایچ ایم پی بیڈفورڈ سے رہا ہونے والے افراد کی دوائیں ختم نہ ہوں، بشمول اوپیئڈ کے متبادل علاج کے۔ "
        "ایک فارماسسٹ پہلے چند دنوں کی دوا کا انتظام کرتا ہے اور نسخہ کمیونٹی کے جی پی یا منشیات کی سروس کو منتقل کر دیتا ہے۔",
        "ایچ ایم پی بیڈفورڈ سے رہا ہونے والے وہ افراد جو باقاعدگی سے دوا لیتے ہیں۔ رہائی سے پہلے طبی عملہ انتظام کرتا ہے۔"),
}

TR["pa"] = {
    "direction": (
        "ਡਾਇਰੈਕਸ਼ਨ – ਸਜ਼ਾ ਯਾਫ਼ਤਾ ਲੋਕਾਂ ਲਈ ਸਹਾਇਤਾ ਕੇਂਦਰ (ਨਮੂਨਾ)",
        "ਡਾਇਰੈਕਸ਼ਨ ਬੈੱਡਫੋਰਡਸ਼ਾਇਰ ਵਿੱਚ ਪ੍ਰੋਬੇਸ਼ਨ ਅਧੀਨ ਲੋਕਾਂ, ਜੇਲ੍ਹ ਤੋਂ ਰਿਹਾਅ ਹੋ ਰਹੇ ਲੋਕਾਂ ਅਤੇ ਉਨ੍ਹਾਂ ਦੇ ਪਰਿਵਾਰਾਂ ਲਈ ਇੱਕੋ ਥਾਂ 'ਤੇ ਮਦਦ ਦਾ ਕੇਂਦਰ ਹੈ। "
        "ਹੈਲਪਲਾਈਨ ਦੇ ਸਲਾਹਕਾਰ ਤੁਹਾਨੂੰ ਰਿਹਾਇਸ਼, ਕੰਮ, ਬੈਨੀਫ਼ਿਟ, ਸਿਹਤ ਅਤੇ ਪਰਿਵਾਰਕ ਸਹਾਇਤਾ ਲੱਭਣ ਵਿੱਚ ਮਦਦ ਕਰਦੇ ਹਨ ਅਤੇ ਤੁਹਾਡੇ ਲਈ ਰੈਫ਼ਰਲ ਵੀ ਕਰ ਸਕਦੇ ਹਨ। "
        "ਤੁਸੀਂ ਫ਼ੋਨ ਕਰ ਸਕਦੇ ਹੋ, ਆਨਲਾਈਨ ਡਾਇਰੈਕਟਰੀ ਵਰਤ ਸਕਦੇ ਹੋ, ਜਾਂ ਆਪਣੇ ਪ੍ਰੋਬੇਸ਼ਨ ਅਫ਼ਸਰ ਨੂੰ ਰੈਫ਼ਰ ਕਰਨ ਲਈ ਕਹਿ ਸਕਦੇ ਹੋ।",
        "ਬੈੱਡਫੋਰਡਸ਼ਾਇਰ ਵਿੱਚ ਕੋਈ ਵੀ ਵਿਅਕਤੀ ਜਿਸਨੂੰ ਸਜ਼ਾ ਹੋਈ ਹੋਵੇ, ਜੋ ਪ੍ਰੋਬੇਸ਼ਨ 'ਤੇ ਹੋਵੇ ਜਾਂ ਜੇਲ੍ਹ ਤੋਂ ਰਿਹਾਅ ਹੋ ਰਿਹਾ ਹੋਵੇ, ਅਤੇ ਉਸਦਾ ਪਰਿਵਾਰ। ਤੁਸੀਂ ਖ਼ੁਦ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹੋ।"),
    "signpost": (
        "ਸਾਈਨਪੋਸਟ – ਅਪਰਾਧ ਪੀੜਤਾਂ ਲਈ ਕੇਂਦਰ, ਅੱਗੇ ਭੇਜਣ ਲਈ (ਨਮੂਨਾ)",
        "ਸਾਈਨਪੋਸਟ ਬੈੱਡਫੋਰਡਸ਼ਾਇਰ ਵਿੱਚ ਅਪਰਾਧ ਦੇ ਪੀੜਤਾਂ ਲਈ ਪੁਲਿਸ ਅਤੇ ਕ੍ਰਾਈਮ ਕਮਿਸ਼ਨਰ ਦਾ ਵੱਖਰਾ ਕੇਂਦਰ ਹੈ। "
        "ਜੇ ਜਿਸ ਵਿਅਕਤੀ ਦੀ ਤੁਸੀਂ ਮਦਦ ਕਰ ਰਹੇ ਹੋ ਉਹ ਖ਼ੁਦ ਵੀ ਪੀੜਤ ਹੈ, ਤਾਂ ਉਸਨੂੰ ਸਾਈਨਪੋਸਟ ਦਾ ਨੰਬਰ ਦਿਓ ਤਾਂ ਜੋ ਉਹ ਆਪ ਸੰਪਰਕ ਕਰ ਸਕੇ, ਜਾਂ ਉਸਦੀ ਸਹਿਮਤੀ ਨਾਲ ਮਾਮਲਾ ਅੱਗੇ ਭੇਜੋ। "
        "ਸਾਈਨਪੋਸਟ ਆਪਣਾ ਰਿਕਾਰਡ ਵੱਖਰਾ ਰੱਖਦਾ ਹੈ; ਡਾਇਰੈਕਸ਼ਨ ਨਾਲ ਕੁਝ ਵੀ ਸਾਂਝਾ ਨਹੀਂ ਕੀਤਾ ਜਾਂਦਾ।",
        "ਬੈੱਡਫੋਰਡਸ਼ਾਇਰ ਵਿੱਚ ਕਿਸੇ ਵੀ ਅਪਰਾਧ ਦੇ ਪੀੜਤ, ਭਾਵੇਂ ਪੁਲਿਸ ਨੂੰ ਰਿਪੋਰਟ ਕੀਤੀ ਗਈ ਹੋਵੇ ਜਾਂ ਨਹੀਂ। ਸਿਰਫ਼ ਅੱਗੇ ਭੇਜਣ ਲਈ।"),
    "hpt": (
        "ਬੇਘਰੀ ਰੋਕਥਾਮ ਟਾਸਕਫੋਰਸ – ਹੋਟਲ ਵਿੱਚ ਰਾਤਾਂ ਅਤੇ ਡਿਪਾਜ਼ਿਟ (ਨਮੂਨਾ)",
        "ਇਹ ਟਾਸਕਫੋਰਸ ਖ਼ੁਦ ਰਿਹਾਇਸ਼ ਨਹੀਂ ਦਿੰਦੀ, ਪਰ ਜੇਲ੍ਹ ਤੋਂ ਰਿਹਾਅ ਹੋਏ ਉਨ੍ਹਾਂ ਲੋਕਾਂ ਲਈ ਜਿਨ੍ਹਾਂ ਕੋਲ ਰਹਿਣ ਦੀ ਕੋਈ ਥਾਂ ਨਹੀਂ, ਹੋਟਲ ਵਿੱਚ ਵੱਧ ਤੋਂ ਵੱਧ 14 ਰਾਤਾਂ ਦਾ ਖ਼ਰਚਾ ਦੇ ਸਕਦੀ ਹੈ। "
        "ਇਹ ਕਿਰਾਏ ਦਾ ਡਿਪਾਜ਼ਿਟ ਜਾਂ ਅਗਾਊਂ ਕਿਰਾਇਆ ਵੀ ਦੇ ਸਕਦੀ ਹੈ ਤਾਂ ਜੋ ਤੁਸੀਂ ਨਿੱਜੀ ਕਿਰਾਏ ਦੇ ਘਰ ਵਿੱਚ ਜਾ ਸਕੋ। ਰੈਫ਼ਰਲ ਸਿਰਫ਼ ਪ੍ਰੋਬੇਸ਼ਨ ਹੀ ਕਰ ਸਕਦਾ ਹੈ।",
        "ਉਹ ਲੋਕ ਜੋ ਲਾਇਸੈਂਸ 'ਤੇ ਜੇਲ੍ਹ ਤੋਂ ਰਿਹਾਅ ਹੋ ਕੇ ਈਸਟ ਆਫ਼ ਇੰਗਲੈਂਡ ਆ ਰਹੇ ਹਨ ਅਤੇ ਨਹੀਂ ਤਾਂ ਬੇਘਰ ਹੋ ਜਾਣਗੇ। ਰੈਫ਼ਰਲ ਸਿਰਫ਼ ਪ੍ਰੋਬੇਸ਼ਨ ਅਫ਼ਸਰ ਰਾਹੀਂ।"),
    "vanguard": (
        "ਪ੍ਰੋਜੈਕਟ ਵੈਨਗਾਰਡ ਦੀ ਤਰਜ਼ 'ਤੇ 12 ਹਫ਼ਤਿਆਂ ਦੀ ਰਿਹਾਇਸ਼ (ਨਮੂਨਾ)",
        "ਰਿਹਾਈ ਤੋਂ ਬਾਅਦ ਪਹਿਲੇ 12 ਹਫ਼ਤਿਆਂ ਲਈ ਰਿਹਾਇਸ਼ ਦਿੰਦਾ ਹੈ, ਨਾਲ ਇੱਕ ਸਪੋਰਟ ਵਰਕਰ ਵੀ ਜੋ ਬੈਨੀਫ਼ਿਟ, ਸਿਹਤ ਅਤੇ ਲੰਮੇ ਸਮੇਂ ਲਈ ਘਰ ਲੱਭਣ ਵਿੱਚ ਤੁਹਾਡੀ ਮਦਦ ਕਰਦਾ ਹੈ। "
        "ਥਾਂ ਦਾ ਪ੍ਰਬੰਧ ਪ੍ਰੋਬੇਸ਼ਨ ਤੁਹਾਡੀ ਰਿਹਾਈ ਦੀ ਤਾਰੀਖ਼ ਤੋਂ ਪਹਿਲਾਂ ਕਰਦਾ ਹੈ।",
        "ਲਾਇਸੈਂਸ 'ਤੇ ਰਿਹਾਅ ਹੋਏ ਮਰਦ ਅਤੇ ਔਰਤਾਂ, ਪ੍ਰੋਬੇਸ਼ਨ ਦੇ ਰੈਫ਼ਰਲ ਨਾਲ। ਘੱਟ, ਦਰਮਿਆਨੇ ਅਤੇ ਉੱਚ ਖ਼ਤਰੇ ਵਾਲੇ ਲੋਕ ਸਵੀਕਾਰ ਕੀਤੇ ਜਾਂਦੇ ਹਨ।"),
    "release-night": (
        "ਬੈੱਡਫੋਰਡ – ਰਿਹਾਈ ਵਾਲੀ ਰਾਤ ਲਈ ਰਿਹਾਇਸ਼ (ਨਮੂਨਾ)",
        "ਜੇਲ੍ਹ ਤੋਂ ਰਿਹਾਅ ਹੋਣ ਵਾਲੇ ਉਨ੍ਹਾਂ ਲੋਕਾਂ ਲਈ ਜਿਨ੍ਹਾਂ ਕੋਲ ਬੈੱਡਫੋਰਡ ਵਿੱਚ ਰਹਿਣ ਦੀ ਕੋਈ ਥਾਂ ਨਹੀਂ, ਰਿਹਾਈ ਤੋਂ ਬਾਅਦ ਪਹਿਲੀਆਂ ਰਾਤਾਂ ਲਈ ਐਮਰਜੈਂਸੀ ਬਿਸਤਰੇ। "
        "ਸਟਾਫ਼ ਰਿਹਾਈ ਵਾਲੇ ਦਿਨ ਤੁਹਾਨੂੰ ਮਿਲਦਾ ਹੈ, ਤੁਹਾਨੂੰ ਕਮਰਾ ਦਿੰਦਾ ਹੈ ਅਤੇ ਅਗਲੀ ਸਵੇਰ ਕੌਂਸਲ ਕੋਲ ਬੇਘਰੀ ਦੀ ਅਰਜ਼ੀ ਦੇਣ ਵਿੱਚ ਮਦਦ ਕਰਦਾ ਹੈ। "
        "ਰੈਫ਼ਰਲ ਜੇਲ੍ਹ ਦੀ ਰੀਸੈਟਲਮੈਂਟ ਟੀਮ ਜਾਂ ਪ੍ਰੋਬੇਸ਼ਨ ਵੱਲੋਂ ਆਉਂਦੇ ਹਨ, ਚੰਗਾ ਹੈ ਕਿ ਰਿਹਾਈ ਤੋਂ ਦੋ ਹਫ਼ਤੇ ਪਹਿਲਾਂ।",
        "ਬਾਲਗ ਜੋ ਬਿਨਾਂ ਕਿਸੇ ਪਤੇ ਦੇ ਜੇਲ੍ਹ ਤੋਂ ਬੈੱਡਫੋਰਡ ਇਲਾਕੇ ਵਿੱਚ ਰਿਹਾਅ ਹੋ ਰਹੇ ਹਨ, ਜੇਲ੍ਹ ਜਾਂ ਪ੍ਰੋਬੇਸ਼ਨ ਦੇ ਰੈਫ਼ਰਲ ਨਾਲ। ਇਹ ਉਨ੍ਹਾਂ ਲੋਕਾਂ ਲਈ ਢੁਕਵਾਂ ਨਹੀਂ ਜਿਨ੍ਹਾਂ ਤੋਂ ਨੁਕਸਾਨ ਦਾ ਬਹੁਤ ਉੱਚਾ ਖ਼ਤਰਾ ਹੈ।"),
    "jcp": (
        "ਜੌਬਸੈਂਟਰ – ਸਜ਼ਾ ਯਾਫ਼ਤਾ ਲੋਕਾਂ ਲਈ ਸਲਾਹਕਾਰ, {T} (ਨਮੂਨਾ)",
        "ਜੌਬਸੈਂਟਰ ਦਾ ਇੱਕ ਵਰਕ ਕੋਚ ਜੋ ਸਜ਼ਾ ਯਾਫ਼ਤਾ ਲੋਕਾਂ ਦੀ ਮਦਦ ਕਰਨ ਵਿੱਚ ਮਾਹਰ ਹੈ। "
        "ਉਹ ਯੂਨੀਵਰਸਲ ਕ੍ਰੈਡਿਟ ਲਈ ਅਰਜ਼ੀ ਦੇਣ ਅਤੇ ਨੌਕਰੀ ਦੀ ਭਾਲ ਦੀ ਯੋਜਨਾ ਬਣਾਉਣ ਵਿੱਚ ਤੁਹਾਡੀ ਮਦਦ ਕਰਦਾ ਹੈ, ਅਤੇ ਦੱਸਦਾ ਹੈ ਕਿ ਆਪਣੀ ਸਜ਼ਾ ਬਾਰੇ ਕਦੋਂ ਅਤੇ ਕਿਵੇਂ ਦੱਸਣਾ ਹੈ। "
        "ਮੁਲਾਕਾਤ ਬੁੱਕ ਕਰਦੇ ਸਮੇਂ ਸਜ਼ਾ ਯਾਫ਼ਤਾ ਲੋਕਾਂ ਦੇ ਸਲਾਹਕਾਰ ਬਾਰੇ ਪੁੱਛੋ।",
        "ਕੋਈ ਵੀ ਵਿਅਕਤੀ ਜਿਸਨੂੰ ਸਜ਼ਾ ਹੋਈ ਹੋਵੇ ਅਤੇ ਜੋ ਬੈਨੀਫ਼ਿਟ ਲੈ ਰਿਹਾ ਹੈ ਜਾਂ ਲੈਣ ਵਾਲਾ ਹੈ। ਜੇਲ੍ਹ ਤੋਂ ਰਿਹਾਅ ਹੋਣ ਵਾਲੇ ਲੋਕ ਰਿਹਾਈ ਤੋਂ ਪਹਿਲਾਂ ਮੁਲਾਕਾਤ ਬੁੱਕ ਕਰ ਸਕਦੇ ਹਨ।"),
    "benefits": (
        "ਲੂਟਨ – ਬੈਨੀਫ਼ਿਟ ਬਾਰੇ ਸਲਾਹ (ਨਮੂਨਾ)",
        "ਯੂਨੀਵਰਸਲ ਕ੍ਰੈਡਿਟ, PIP ਅਤੇ ਹੋਰ ਬੈਨੀਫ਼ਿਟਾਂ ਬਾਰੇ ਮੁਫ਼ਤ ਅਤੇ ਗੁਪਤ ਸਲਾਹ, ਜਿਸ ਵਿੱਚ ਫ਼ਾਰਮ ਭਰਨ ਅਤੇ ਕਿਸੇ ਫ਼ੈਸਲੇ ਨੂੰ ਚੁਣੌਤੀ ਦੇਣ ਵਿੱਚ ਮਦਦ ਵੀ ਸ਼ਾਮਲ ਹੈ। "
        "ਮੰਗਲਵਾਰ ਅਤੇ ਵੀਰਵਾਰ ਸਵੇਰੇ ਬਿਨਾਂ ਮੁਲਾਕਾਤ ਦੇ ਆ ਜਾਓ ਜਾਂ ਫ਼ੋਨ 'ਤੇ ਮੁਲਾਕਾਤ ਬੁੱਕ ਕਰੋ। ਸਲਾਹਕਾਰ ਉਰਦੂ, ਬੰਗਾਲੀ ਅਤੇ ਪੋਲਿਸ਼ ਬੋਲਦੇ ਹਨ।",
        "ਲੂਟਨ ਵਿੱਚ ਰਹਿਣ ਵਾਲਾ ਕੋਈ ਵੀ ਵਿਅਕਤੀ, ਪ੍ਰੋਬੇਸ਼ਨ ਅਧੀਨ ਲੋਕਾਂ ਅਤੇ ਜੇਲ੍ਹ ਤੋਂ ਰਿਹਾਅ ਹੋਏ ਲੋਕਾਂ ਸਮੇਤ। ਤੁਸੀਂ ਖ਼ੁਦ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹੋ।"),
    "foodbank-bedford": (
        "ਬੈੱਡਫੋਰਡ – ਕਮਿਊਨਿਟੀ ਫੂਡ ਬੈਂਕ (ਨਮੂਨਾ)",
        "ਤਿੰਨ ਦਿਨਾਂ ਲਈ ਐਮਰਜੈਂਸੀ ਖਾਣੇ ਦੇ ਪਾਰਸਲ, ਨਾਲ ਹੀ ਨਿੱਜੀ ਸਫ਼ਾਈ ਦਾ ਸਮਾਨ ਅਤੇ ਗੈਸ ਤੇ ਬਿਜਲੀ ਦੇ ਮੀਟਰ ਟੌਪ-ਅੱਪ ਕਰਨ ਵਿੱਚ ਮਦਦ। "
        "ਤੁਹਾਨੂੰ ਕਿਸੇ ਸੰਸਥਾ, ਜਿਵੇਂ ਪ੍ਰੋਬੇਸ਼ਨ, ਜੌਬਸੈਂਟਰ ਜਾਂ ਡਾਇਰੈਕਸ਼ਨ, ਤੋਂ ਫੂਡ ਵਾਊਚਰ ਦੀ ਲੋੜ ਹੈ। ਜੇਲ੍ਹ ਤੋਂ ਰਿਹਾਅ ਹੋਣ ਵਾਲੇ ਲੋਕ ਪਹਿਲੇ ਹਫ਼ਤੇ ਲਈ ਪਾਰਸਲ ਲੈ ਸਕਦੇ ਹਨ।",
        "ਬੈੱਡਫੋਰਡ ਇਲਾਕੇ ਵਿੱਚ ਖਾਣੇ ਦੇ ਸੰਕਟ ਵਿੱਚ ਕੋਈ ਵੀ ਵਿਅਕਤੀ, ਜਿਸ ਕੋਲ ਰੈਫ਼ਰ ਕਰਨ ਵਾਲੀ ਸੰਸਥਾ ਦਾ ਵਾਊਚਰ ਹੋਵੇ।"),
    "foodbank-luton": (
        "ਲੂਟਨ – ਫੂਡ ਬੈਂਕ (ਨਮੂਨਾ)",
        "ਐਮਰਜੈਂਸੀ ਖਾਣੇ ਦੇ ਪਾਰਸਲ, ਜਿਨ੍ਹਾਂ ਵਿੱਚ ਹਲਾਲ ਅਤੇ ਸ਼ਾਕਾਹਾਰੀ ਵਿਕਲਪ, ਬੱਚਿਆਂ ਦੇ ਡਾਇਪਰ ਅਤੇ ਨਿੱਜੀ ਸਫ਼ਾਈ ਦਾ ਸਮਾਨ ਸ਼ਾਮਲ ਹੈ। "
        "ਤੁਹਾਨੂੰ ਰੈਫ਼ਰ ਕਰਨ ਵਾਲੀ ਸੰਸਥਾ ਤੋਂ ਵਾਊਚਰ ਦੀ ਲੋੜ ਹੈ; ਜੇ ਤੁਸੀਂ ਹੁਣੇ ਜੇਲ੍ਹ ਤੋਂ ਰਿਹਾਅ ਹੋਏ ਹੋ ਤਾਂ ਆਪਣੇ ਪ੍ਰੋਬੇਸ਼ਨ ਅਫ਼ਸਰ ਜਾਂ ਜੌਬਸੈਂਟਰ ਨੂੰ ਪੁੱਛੋ।",
        "ਲੂਟਨ ਵਿੱਚ ਖਾਣੇ ਦੇ ਸੰਕਟ ਵਿੱਚ ਕੋਈ ਵੀ ਵਿਅਕਤੀ, ਜਿਸ ਕੋਲ ਰੈਫ਼ਰ ਕਰਨ ਵਾਲੀ ਸੰਸਥਾ ਦਾ ਵਾਊਚਰ ਹੋਵੇ।"),
    "dac": (
        "ਬੈੱਡਫੋਰਡ – ਨਸ਼ੇ ਅਤੇ ਸ਼ਰਾਬ ਲਈ ਕਮਿਊਨਿਟੀ ਸੇਵਾ (ਨਮੂਨਾ)",
        "ਲੂਟਨ – ਨਸ਼ੇ ਅਤੇ ਸ਼ਰਾਬ ਤੋਂ ਛੁਟਕਾਰੇ ਦੀ ਸੇਵਾ (ਨਮੂਨਾ)",
        "ਨਸ਼ੇ ਜਾਂ ਸ਼ਰਾਬ ਦੀ ਵਰਤੋਂ ਘਟਾਉਣ ਜਾਂ ਛੱਡਣ ਲਈ ਮੁਫ਼ਤ ਅਤੇ ਗੁਪਤ ਮਦਦ, ਜਿਸ ਵਿੱਚ ਇੱਕ ਕੀ-ਵਰਕਰ, ਬਦਲਵੀਂ ਦਵਾਈ ਨਾਲ ਇਲਾਜ ਅਤੇ ਰਿਕਵਰੀ ਗਰੁੱਪ ਸ਼ਾਮਲ ਹਨ। "
        "ਤੁਸੀਂ ਬਿਨਾਂ ਮੁਲਾਕਾਤ ਦੇ ਆ ਸਕਦੇ ਹੋ, ਫ਼ੋਨ ਕਰ ਸਕਦੇ ਹੋ, ਜਾਂ ਪ੍ਰੋਬੇਸ਼ਨ ਜਾਂ ਆਪਣੇ ਜੀਪੀ ਰਾਹੀਂ ਰੈਫ਼ਰ ਹੋ ਸਕਦੇ ਹੋ। ਮੁਲਾਕਾਤਾਂ ਆਹਮੋ-ਸਾਹਮਣੇ ਜਾਂ ਫ਼ੋਨ 'ਤੇ ਹੋ ਸਕਦੀਆਂ ਹਨ।",
        "{inA} ਰਹਿਣ ਵਾਲੇ 18 ਸਾਲ ਜਾਂ ਇਸ ਤੋਂ ਵੱਧ ਉਮਰ ਦੇ ਬਾਲਗ। ਤੁਸੀਂ ਖ਼ੁਦ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹੋ।"),
    "gp": (
        "ਲੂਟਨ – ਜੇਲ੍ਹ ਤੋਂ ਰਿਹਾਅ ਹੋਏ ਲੋਕਾਂ ਲਈ ਜੀਪੀ ਰਜਿਸਟ੍ਰੇਸ਼ਨ ਵਿੱਚ ਮਦਦ (ਨਮੂਨਾ)",
        "ਜੇਲ੍ਹ ਤੋਂ ਰਿਹਾਅ ਹੋ ਰਹੇ ਜਾਂ ਪੱਕੇ ਪਤੇ ਤੋਂ ਬਿਨਾਂ ਲੋਕਾਂ ਨੂੰ ਜੀਪੀ (ਫੈਮਿਲੀ ਡਾਕਟਰ) ਕੋਲ ਰਜਿਸਟਰ ਹੋਣ ਵਿੱਚ ਮਦਦ ਕਰਦਾ ਹੈ, ਤਾਂ ਜੋ ਉਹ ਦਵਾਈ ਦੀਆਂ ਪਰਚੀਆਂ ਅਤੇ ਸਿਹਤ ਸੰਭਾਲ ਲੈ ਸਕਣ। "
        "ਜੀਪੀ ਕੋਲ ਰਜਿਸਟਰ ਹੋਣ ਲਈ ਪਤੇ ਜਾਂ ਪਛਾਣ-ਪੱਤਰ ਦੀ ਲੋੜ ਨਹੀਂ। ਨਰਸਾਂ ਵੱਲੋਂ ਚਲਾਏ ਜਾਂਦੇ ਬਿਨਾਂ ਮੁਲਾਕਾਤ ਵਾਲੇ ਸੈਸ਼ਨ ਵਿੱਚ ਸਿਹਤ ਜਾਂਚ ਵੀ ਹੁੰਦੀ ਹੈ।",
        "ਲੂਟਨ ਦੇ ਬਾਲਗ ਜੋ ਬੇਘਰ ਹਨ, ਹਾਲ ਹੀ ਵਿੱਚ ਰਿਹਾਅ ਹੋਏ ਹਨ, ਜਾਂ ਕਿਸੇ ਜੀਪੀ ਕੋਲ ਰਜਿਸਟਰਡ ਨਹੀਂ ਹਨ।"),
    "mh": (
        "ਬੈੱਡਫੋਰਡ – ਮਾਨਸਿਕ ਸਿਹਤ ਸਹਾਇਤਾ (ਨਮੂਨਾ)",
        "ਚਿੰਤਾ, ਉਦਾਸੀ ਅਤੇ ਤਣਾਅ ਲਈ ਬਿਨਾਂ ਮੁਲਾਕਾਤ ਜਾਂ ਮੁਲਾਕਾਤ ਰਾਹੀਂ ਸਹਾਇਤਾ, ਇੱਕ ਵੈੱਲਬੀਇੰਗ ਵਰਕਰ ਅਤੇ ਸਾਥੀ ਸਹਾਇਤਾ ਗਰੁੱਪਾਂ ਨਾਲ। "
        "ਸੰਕਟ ਵੇਲੇ, ਇੱਕ ਕਰਾਈਸਿਸ ਕੈਫ਼ੇ ਹਰ ਰੋਜ਼ ਸ਼ਾਮ 6 ਵਜੇ ਤੋਂ ਰਾਤ 11 ਵਜੇ ਤੱਕ ਖੁੱਲ੍ਹਾ ਰਹਿੰਦਾ ਹੈ। ਤੁਸੀਂ ਖ਼ੁਦ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹੋ।",
        "ਬੈੱਡਫੋਰਡ ਬਰੋ ਵਿੱਚ 18 ਸਾਲ ਜਾਂ ਇਸ ਤੋਂ ਵੱਧ ਉਮਰ ਦੇ ਬਾਲਗ। ਜੀਪੀ ਦੇ ਰੈਫ਼ਰਲ ਦੀ ਲੋੜ ਨਹੀਂ।"),
    "womens": (
        "ਐਂਬਰ ਵੁਮੈਨਜ਼ ਸੈਂਟਰ – ਲੂਟਨ ਵਿੱਚ ਔਰਤਾਂ ਦਾ ਕੇਂਦਰ (ਨਮੂਨਾ)",
        "ਸਿਰਫ਼ ਔਰਤਾਂ ਲਈ ਇੱਕ ਕੇਂਦਰ ਜਿੱਥੇ ਤੁਹਾਨੂੰ ਰਿਹਾਇਸ਼, ਪੈਸੇ, ਮਾਨਸਿਕ ਸਿਹਤ, ਰਿਸ਼ਤਿਆਂ ਅਤੇ ਬੱਚਿਆਂ ਬਾਰੇ ਇੱਕੋ ਥਾਂ ਮਦਦ ਮਿਲਦੀ ਹੈ। "
        "ਚਾਹ ਪੀਣ ਆ ਜਾਓ, ਸ਼ਾਵਰ ਅਤੇ ਲਾਂਡਰੀ ਵਰਤੋ, ਜਾਂ ਆਪਣੀ ਕੀ-ਵਰਕਰ ਨੂੰ ਮਿਲੋ। ਸੈਸ਼ਨਾਂ ਦੌਰਾਨ ਬੱਚਿਆਂ ਦੀ ਦੇਖਭਾਲ ਦੀ ਸਹੂਲਤ ਹੈ।",
        "ਲੂਟਨ ਅਤੇ ਦੱਖਣੀ ਬੈੱਡਫੋਰਡਸ਼ਾਇਰ ਵਿੱਚ 18 ਸਾਲ ਜਾਂ ਇਸ ਤੋਂ ਵੱਧ ਉਮਰ ਦੀਆਂ ਔਰਤਾਂ, ਪ੍ਰੋਬੇਸ਼ਨ ਅਧੀਨ ਔਰਤਾਂ ਸਮੇਤ। ਤੁਸੀਂ ਖ਼ੁਦ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹੋ।"),
    "da-helpline": (
        "ਬੈੱਡਫੋਰਡਸ਼ਾਇਰ – ਘਰੇਲੂ ਹਿੰਸਾ ਹੈਲਪਲਾਈਨ (ਨਮੂਨਾ)",
        "ਘਰੇਲੂ ਹਿੰਸਾ ਦਾ ਸਾਹਮਣਾ ਕਰ ਰਹੇ ਹਰ ਵਿਅਕਤੀ ਲਈ ਮੁਫ਼ਤ ਅਤੇ ਗੁਪਤ ਹੈਲਪਲਾਈਨ, ਜੋ ਦਿਨ-ਰਾਤ 24 ਘੰਟੇ ਖੁੱਲ੍ਹੀ ਹੈ। "
        "ਸਲਾਹਕਾਰ ਤੁਹਾਡੀ ਗੱਲ ਸੁਣਦੇ ਹਨ, ਤੁਹਾਡੀ ਸੁਰੱਖਿਆ ਦੀ ਯੋਜਨਾ ਬਣਾਉਣ ਵਿੱਚ ਮਦਦ ਕਰਦੇ ਹਨ ਅਤੇ ਕਿਸੇ ਸ਼ਰਨਗਾਹ ਵਿੱਚ ਥਾਂ ਜਾਂ ਇੱਕ ਸੁਤੰਤਰ ਸਹਾਇਕ (IDVA) ਦਾ ਪ੍ਰਬੰਧ ਕਰ ਸਕਦੇ ਹਨ। "
        "ਪ੍ਰੋਬੇਸ਼ਨ ਅਧੀਨ ਉਹ ਔਰਤਾਂ ਜੋ ਆਪ ਵੀ ਪੀੜਤ ਹਨ, ਇਸਨੂੰ ਵਰਤ ਸਕਦੀਆਂ ਹਨ।",
        "ਬੈੱਡਫੋਰਡਸ਼ਾਇਰ ਵਿੱਚ ਘਰੇਲੂ ਹਿੰਸਾ ਤੋਂ ਪ੍ਰਭਾਵਿਤ ਕੋਈ ਵੀ ਵਿਅਕਤੀ। ਤੁਸੀਂ ਖ਼ੁਦ ਫ਼ੋਨ ਕਰ ਸਕਦੇ ਹੋ।"),
    "family": (
        "ਐੱਚਐੱਮਪੀ ਬੈੱਡਫੋਰਡ ਵਿੱਚ ਮੁਲਾਕਾਤਾਂ ਦੌਰਾਨ ਪਰਿਵਾਰਕ ਸਹਾਇਤਾ (ਨਮੂਨਾ)",
        "ਐੱਚਐੱਮਪੀ ਬੈੱਡਫੋਰਡ ਵਿੱਚ ਮੁਲਾਕਾਤਾਂ ਦੌਰਾਨ ਮੌਜੂਦ ਪਰਿਵਾਰਕ ਵਰਕਰ ਬੱਚਿਆਂ ਅਤੇ ਪਰਿਵਾਰਾਂ ਨੂੰ ਜੇਲ੍ਹ ਵਿੱਚ ਬੰਦ ਆਪਣੇ ਕਿਸੇ ਪਿਆਰੇ ਨਾਲ ਸੰਪਰਕ ਬਣਾਈ ਰੱਖਣ ਵਿੱਚ ਮਦਦ ਕਰਦੇ ਹਨ। "
        "ਉਹ ਦੱਸਦੇ ਹਨ ਕਿ ਮੁਲਾਕਾਤ ਕਿਵੇਂ ਹੁੰਦੀ ਹੈ, ਬੱਚਿਆਂ ਨੂੰ ਇੱਕ ਛੋਟੀ ਵੀਡੀਓ ਦਿਖਾਉਂਦੇ ਹਨ ਕਿ ਜੇਲ੍ਹ ਅੰਦਰੋਂ ਕਿਹੋ ਜਿਹੀ ਹੁੰਦੀ ਹੈ, ਅਤੇ ਬੱਚਿਆਂ ਤੇ ਉਨ੍ਹਾਂ ਦੀ ਦੇਖਭਾਲ ਕਰਨ ਵਾਲਿਆਂ ਨੂੰ ਨਿੱਜੀ ਸਹਾਇਤਾ ਦਿੰਦੇ ਹਨ। "
        "ਪਰਿਵਾਰ ਖ਼ੁਦ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹਨ; ਜੇਲ੍ਹ ਅਤੇ ਪ੍ਰੋਬੇਸ਼ਨ ਸਟਾਫ਼ ਵੀ ਰੈਫ਼ਰ ਕਰ ਸਕਦਾ ਹੈ।",
        "ਐੱਚਐੱਮਪੀ ਬੈੱਡਫੋਰਡ ਵਿੱਚ ਬੰਦ ਮਰਦਾਂ ਦੇ ਬੱਚੇ, ਜੀਵਨ ਸਾਥੀ ਅਤੇ ਦੇਖਭਾਲ ਕਰਨ ਵਾਲੇ। ਤੁਸੀਂ ਖ਼ੁਦ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹੋ।"),
    "chaplaincy": (
        "ਕਮਿਊਨਿਟੀ ਚੈਪਲੇਨਸੀ ਦੇ ਵਲੰਟੀਅਰ ਮੈਂਟਰ (ਨਮੂਨਾ)",
        "ਸਥਾਨਕ ਧਾਰਮਿਕ ਭਾਈਚਾਰਿਆਂ ਦੇ ਸਿਖਲਾਈ ਪ੍ਰਾਪਤ ਵਲੰਟੀਅਰ ਮੈਂਟਰ ਰਿਹਾਈ ਤੋਂ ਪਹਿਲਾਂ ਜੇਲ੍ਹ ਵਿੱਚ ਤੁਹਾਨੂੰ ਮਿਲਦੇ ਹਨ ਅਤੇ ਜੇਲ੍ਹ ਤੋਂ ਬਾਹਰ ਆਉਣ ਵੇਲੇ ਅਤੇ ਸਮਾਜ ਵਿੱਚ ਵਾਪਸੀ ਦੌਰਾਨ ਤੁਹਾਡੇ ਨਾਲ ਰਹਿੰਦੇ ਹਨ। "
        "ਉਹ ਵਿਹਾਰਕ ਕੰਮਾਂ ਵਿੱਚ ਮਦਦ ਕਰਦੇ ਹਨ, ਜਿਵੇਂ ਮੁਲਾਕਾਤਾਂ, ਰਿਹਾਇਸ਼ ਦੇ ਫ਼ਾਰਮ ਅਤੇ ਕੰਮ ਲੱਭਣਾ। ਇਹ ਸੇਵਾ ਕਿਸੇ ਵੀ ਧਰਮ ਦੇ ਲੋਕਾਂ ਲਈ ਹੈ, ਅਤੇ ਉਨ੍ਹਾਂ ਲਈ ਵੀ ਜੋ ਕੋਈ ਧਰਮ ਨਹੀਂ ਮੰਨਦੇ।",
        "ਐੱਚਐੱਮਪੀ ਬੈੱਡਫੋਰਡ ਵਿੱਚ ਬੰਦ ਜਾਂ ਬੈੱਡਫੋਰਡਸ਼ਾਇਰ ਵਿੱਚ ਰਿਹਾਅ ਹੋਏ ਬਾਲਗ ਅਤੇ ਉਨ੍ਹਾਂ ਦੇ ਪਰਿਵਾਰ। ਲੋਕ ਖ਼ੁਦ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹਨ।"),
    "debt": (
        "ਬੈੱਡਫੋਰਡ – ਕਰਜ਼ੇ ਬਾਰੇ ਸਲਾਹ (ਨਮੂਨਾ)",
        "ਕਰਜ਼ੇ ਬਾਰੇ ਮੁਫ਼ਤ ਅਤੇ ਗੁਪਤ ਸਲਾਹ: ਅਸੀਂ ਤੁਹਾਡੇ ਸਾਰੇ ਬਕਾਇਆਂ ਦੀ ਜਾਂਚ ਕਰਦੇ ਹਾਂ, ਤੁਹਾਡੇ ਵੱਲੋਂ ਲੈਣਦਾਰਾਂ ਨਾਲ ਗੱਲ ਕਰਦੇ ਹਾਂ ਅਤੇ ਕੋਈ ਹੱਲ ਚੁਣਨ ਵਿੱਚ ਮਦਦ ਕਰਦੇ ਹਾਂ, ਜਿਵੇਂ ਕਿਸ਼ਤਾਂ ਦੀ ਯੋਜਨਾ ਜਾਂ ਡੈੱਟ ਰਿਲੀਫ਼ ਆਰਡਰ। "
        "ਅਦਾਲਤੀ ਜੁਰਮਾਨੇ ਅਤੇ ਕਿਰਾਏ ਦੇ ਬਕਾਏ ਵੀ ਸ਼ਾਮਲ ਹਨ। ਮੁਲਾਕਾਤ ਬੁੱਕ ਕਰੋ ਜਾਂ ਸਲਾਹ ਲਾਈਨ 'ਤੇ ਫ਼ੋਨ ਕਰੋ।",
        "ਬੈੱਡਫੋਰਡ ਬਰੋ ਵਿੱਚ ਰਹਿਣ ਵਾਲਾ ਕੋਈ ਵੀ ਵਿਅਕਤੀ, ਪ੍ਰੋਬੇਸ਼ਨ ਅਧੀਨ ਲੋਕਾਂ ਸਮੇਤ। ਤੁਸੀਂ ਖ਼ੁਦ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹੋ।"),
    "housing": (
        "ਰਿਹਾਇਸ਼ ਦੇ ਵਿਕਲਪ ਅਤੇ ਬੇਘਰੀ ਬਾਰੇ ਸਲਾਹ – {T} (ਨਮੂਨਾ)",
        "ਕੌਂਸਲ ਦੀ ਹਾਊਸਿੰਗ ਟੀਮ ਬੇਘਰ ਜਾਂ ਬੇਘਰੀ ਦੇ ਖ਼ਤਰੇ ਵਿੱਚ ਲੋਕਾਂ ਦੀ ਸਥਿਤੀ ਦਾ ਮੁਲਾਂਕਣ ਕਰਦੀ ਹੈ ਅਤੇ ਫ਼ੈਸਲਾ ਕਰਦੀ ਹੈ ਕਿ ਕੌਂਸਲ ਨੂੰ ਕਿਹੜੀ ਮਦਦ ਦੇਣੀ ਪਵੇਗੀ। "
        "ਜੇਲ੍ਹ ਅਤੇ ਪ੍ਰੋਬੇਸ਼ਨ ਸਟਾਫ਼ ਨੂੰ ਰਿਹਾਈ ਤੋਂ ਪਹਿਲਾਂ 'ਡਿਊਟੀ ਟੂ ਰੈਫ਼ਰ' ਤਹਿਤ ਸੂਚਨਾ ਦੇਣੀ ਚਾਹੀਦੀ ਹੈ। ਤੁਸੀਂ ਉਸੇ ਦਿਨ ਖ਼ੁਦ ਆ ਕੇ ਜਾਂ ਫ਼ੋਨ ਕਰਕੇ ਵੀ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹੋ।",
        "{inA} ਕੋਈ ਵੀ ਵਿਅਕਤੀ ਜੋ ਬੇਘਰ ਹੈ ਜਾਂ ਬੇਘਰੀ ਦੇ ਖ਼ਤਰੇ ਵਿੱਚ ਹੈ।"),
    "id": (
        "ਪਛਾਣ-ਪੱਤਰ ਅਤੇ ਬੈਂਕ ਖਾਤੇ ਲਈ ਮਦਦ (ਨਮੂਨਾ)",
        "ਜੇਲ੍ਹ ਤੋਂ ਰਿਹਾਅ ਹੋ ਰਹੇ ਲੋਕਾਂ ਨੂੰ ਲੋੜੀਂਦੇ ਪਛਾਣ-ਪੱਤਰ ਲੈਣ ਵਿੱਚ ਮਦਦ ਕਰਦਾ ਹੈ: ਜਨਮ ਸਰਟੀਫ਼ਿਕੇਟ, ਆਰਜ਼ੀ ਡਰਾਈਵਿੰਗ ਲਾਇਸੈਂਸ ਜਾਂ ਪਛਾਣ ਦਾ ਕੋਈ ਹੋਰ ਸਬੂਤ, ਅਤੇ ਇੱਕ ਬੁਨਿਆਦੀ ਬੈਂਕ ਖਾਤਾ। "
        "ਅਸੀਂ ਜਨਮ ਸਰਟੀਫ਼ਿਕੇਟ ਦੀ ਫ਼ੀਸ ਦੇ ਸਕਦੇ ਹਾਂ। ਹੋ ਸਕੇ ਤਾਂ ਰਿਹਾਈ ਤੋਂ ਪਹਿਲਾਂ ਸ਼ੁਰੂ ਕਰੋ।",
        "ਜੇਲ੍ਹ ਵਿੱਚ ਬੰਦ ਜਾਂ ਪਿਛਲੇ ਛੇ ਮਹੀਨਿਆਂ ਵਿੱਚ ਰਿਹਾਅ ਹੋਏ ਲੋਕ, ਜਿਨ੍ਹਾਂ ਦਾ ਰਿਹਾਈ ਤੋਂ ਬਾਅਦ ਦਾ ਪਤਾ ਬੈੱਡਫੋਰਡਸ਼ਾਇਰ ਵਿੱਚ ਹੈ।"),
    "kit": (
        "ਰਿਹਾਈ ਵਾਲੇ ਦਿਨ ਲਈ ਜ਼ਰੂਰੀ ਸਮਾਨ ਦਾ ਪੈਕ (ਨਮੂਨਾ)",
        "ਐੱਚਐੱਮਪੀ ਬੈੱਡਫੋਰਡ ਤੋਂ ਰਿਹਾਅ ਹੋਣ ਵਾਲੇ ਉਨ੍ਹਾਂ ਲੋਕਾਂ ਨੂੰ ਜਿਨ੍ਹਾਂ ਕੋਲ ਜਾਣ ਲਈ ਕੋਈ ਥਾਂ ਨਹੀਂ, ਇੱਕ ਬੈਗ ਦਿੱਤਾ ਜਾਂਦਾ ਹੈ ਜਿਸ ਵਿੱਚ ਸਲੀਪਿੰਗ ਬੈਗ, ਨਿੱਜੀ ਸਫ਼ਾਈ ਦਾ ਸਮਾਨ, ਕ੍ਰੈਡਿਟ ਵਾਲਾ ਇੱਕ ਸਾਦਾ ਫ਼ੋਨ, ਸਫ਼ਰ ਪਾਸ ਅਤੇ ਸਥਾਨਕ ਸੇਵਾਵਾਂ ਦਾ ਨਕਸ਼ਾ ਹੁੰਦਾ ਹੈ। "
        "ਜੇਲ੍ਹ ਦਾ ਰੀਸੈਟਲਮੈਂਟ ਸਟਾਫ਼ ਰਿਹਾਈ ਤੋਂ ਘੱਟੋ-ਘੱਟ ਇੱਕ ਹਫ਼ਤਾ ਪਹਿਲਾਂ ਇਹ ਪੈਕ ਮੰਗਵਾਉਂਦਾ ਹੈ।",
        "ਐੱਚਐੱਮਪੀ ਬੈੱਡਫੋਰਡ ਤੋਂ ਰਿਹਾਅ ਹੋਣ ਵਾਲੇ ਉਹ ਲੋਕ ਜੋ ਬੇਘਰ ਹਨ ਜਾਂ ਜਿਨ੍ਹਾਂ ਕੋਲ ਕੋਈ ਸਮਾਨ ਨਹੀਂ। ਇਹ ਪੈਕ ਜੇਲ੍ਹ ਦਾ ਰੀਸੈਟਲਮੈਂਟ ਸਟਾਫ਼ ਮੰਗਵਾਉਂਦਾ ਹੈ।"),
    "fair": (
        "ਨਿਰਪੱਖ ਮੌਕੇ ਵਾਲੀ ਰੁਜ਼ਗਾਰ ਸੇਵਾ (ਨਮੂਨਾ)",
        "ਰੁਜ਼ਗਾਰ ਸਲਾਹਕਾਰ ਸਜ਼ਾ ਯਾਫ਼ਤਾ ਲੋਕਾਂ ਨੂੰ ਉਨ੍ਹਾਂ ਸਥਾਨਕ ਮਾਲਕਾਂ ਨਾਲ ਮਿਲਾਉਂਦੇ ਹਨ ਜਿਨ੍ਹਾਂ ਨੇ ਨਿਰਪੱਖ ਮੌਕਾ ਦੇਣ ਦਾ ਵਾਅਦਾ ਕੀਤਾ ਹੈ। "
        "ਉਹ ਸੀਵੀ ਅਤੇ ਸਜ਼ਾ ਬਾਰੇ ਜਾਣਕਾਰੀ ਦੇਣ ਵਾਲੀ ਚਿੱਠੀ ਲਿਖਣ ਅਤੇ ਇੰਟਰਵਿਊ ਦੀ ਤਿਆਰੀ ਵਿੱਚ ਮਦਦ ਕਰਦੇ ਹਨ, ਅਤੇ ਕੰਮ ਸ਼ੁਰੂ ਕਰਨ ਤੋਂ ਬਾਅਦ ਛੇ ਮਹੀਨੇ ਸੰਪਰਕ ਵਿੱਚ ਰਹਿੰਦੇ ਹਨ। "
        "ਤੁਸੀਂ ਖ਼ੁਦ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹੋ ਜਾਂ ਪ੍ਰੋਬੇਸ਼ਨ, ਜੇਲ੍ਹ ਜਾਂ ਜੌਬਸੈਂਟਰ ਰਾਹੀਂ ਰੈਫ਼ਰ ਹੋ ਸਕਦੇ ਹੋ।",
        "ਸਜ਼ਾ ਯਾਫ਼ਤਾ ਬਾਲਗ ਜੋ ਬੈੱਡਫੋਰਡਸ਼ਾਇਰ ਵਿੱਚ ਰਹਿੰਦੇ ਹਨ ਜਾਂ ਉੱਥੇ ਰਿਹਾਅ ਹੋਣ ਵਾਲੇ ਹਨ। ਤੁਸੀਂ ਖ਼ੁਦ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹੋ।"),
    "meds": (
        "ਰਿਹਾਈ ਵੇਲੇ ਦਵਾਈਆਂ ਦੀ ਸੇਵਾ (ਨਮੂਨਾ)",
        "ਇਹ ਯਕੀਨੀ ਬਣਾਉਂਦੀ ਹੈ ਕਿ ਐੱਚਐੱਮਪੀ ਬੈੱਡਫੋਰਡ ਤੋਂ ਰਿਹਾਅ ਹੋਣ ਵਾਲੇ ਲੋਕਾਂ ਦੀਆਂ ਦਵਾਈਆਂ ਨਾ ਮੁੱਕਣ, ਓਪੀਓਇਡ ਦੇ ਬਦਲਵੇਂ ਇਲਾਜ ਸਮੇਤ। "
        "ਇੱਕ ਫਾਰਮਾਸਿਸਟ ਪਹਿਲੇ ਕੁਝ ਦਿਨਾਂ ਲਈ ਦਵਾਈ ਦਾ ਪ੍ਰਬੰਧ ਕਰਦਾ ਹੈ ਅਤੇ ਪਰਚੀ ਕਮਿਊਨਿਟੀ ਦੇ ਜੀਪੀ ਜਾਂ ਨਸ਼ਾ ਛੁਡਾਊ ਸੇਵਾ ਨੂੰ ਭੇਜ ਦਿੰਦਾ ਹੈ।",
        "ਐੱਚਐੱਮਪੀ ਬੈੱਡਫੋਰਡ ਤੋਂ ਰਿਹਾਅ ਹੋਣ ਵਾਲੇ ਉਹ ਲੋਕ ਜੋ ਨਿਯਮਿਤ ਦਵਾਈ ਲੈਂਦੇ ਹਨ। ਰਿਹਾਈ ਤੋਂ ਪਹਿਲਾਂ ਸਿਹਤ ਸਟਾਫ਼ ਪ੍ਰਬੰਧ ਕਰਦਾ ਹੈ।"),
}

TR["bn"] = {
    "direction": (
        "ডাইরেকশন – দণ্ডপ্রাপ্ত ব্যক্তিদের সহায়তা কেন্দ্র (নমুনা)",
        "ডাইরেকশন হলো বেডফোর্ডশায়ারে প্রবেশনে থাকা মানুষ, কারাগার থেকে মুক্তি পাওয়া মানুষ এবং তাঁদের পরিবারের জন্য এক জায়গায় সব সহায়তার কেন্দ্র। "
        "হেল্পলাইনের উপদেষ্টারা আপনাকে বাসস্থান, কাজ, বেনিফিট, স্বাস্থ্য ও পারিবারিক সহায়তা খুঁজে পেতে সাহায্য করেন এবং আপনার হয়ে রেফারেলও করতে পারেন। "
        "আপনি ফোন করতে পারেন, অনলাইন ডিরেক্টরি ব্যবহার করতে পারেন, অথবা আপনার প্রবেশন অফিসারকে রেফার করতে বলতে পারেন।",
        "বেডফোর্ডশায়ারে যাঁর দণ্ড হয়েছে, যিনি প্রবেশনে আছেন বা কারাগার থেকে মুক্তি পাচ্ছেন, এমন যে কেউ এবং তাঁর পরিবার। আপনি নিজেই যোগাযোগ করতে পারেন।"),
    "signpost": (
        "সাইনপোস্ট – অপরাধের শিকারদের কেন্দ্র, অন্য সেবায় হস্তান্তরের জন্য (নমুনা)",
        "সাইনপোস্ট হলো বেডফোর্ডশায়ারে অপরাধের শিকার মানুষদের জন্য পুলিশ অ্যান্ড ক্রাইম কমিশনারের আলাদা কেন্দ্র। "
        "আপনি যাঁকে সহায়তা করছেন তিনি নিজেও যদি অপরাধের শিকার হন, তবে তাঁকে সাইনপোস্টের নম্বর দিন যাতে তিনি নিজে যোগাযোগ করতে পারেন, অথবা তাঁর সম্মতি নিয়ে বিষয়টি হস্তান্তর করুন। "
        "সাইনপোস্ট নিজস্ব রেকর্ড রাখে; ডাইরেকশনের সাথে কোনো তথ্য শেয়ার করা হয় না।",
        "বেডফোর্ডশায়ারে যেকোনো অপরাধের শিকার, পুলিশকে জানানো হোক বা না হোক। শুধুমাত্র হস্তান্তরের জন্য।"),
    "hpt": (
        "গৃহহীনতা প্রতিরোধ টাস্কফোর্স – হোটেলে রাত্রিযাপন ও ডিপোজিট (নমুনা)",
        "এই টাস্কফোর্স নিজে বাসস্থান দেয় না, তবে কারাগার থেকে মুক্তি পাওয়া যাঁদের থাকার কোনো জায়গা নেই, তাঁদের জন্য সর্বোচ্চ ১৪ রাত হোটেলে থাকার খরচ দিতে পারে। "
        "এটি ভাড়ার ডিপোজিট বা অগ্রিম ভাড়াও দিতে পারে, যাতে আপনি বেসরকারি ভাড়া বাড়িতে উঠতে পারেন। শুধুমাত্র প্রবেশন রেফার করতে পারে।",
        "যাঁরা লাইসেন্সে কারাগার থেকে মুক্তি পেয়ে ইস্ট অফ ইংল্যান্ডে আসছেন এবং অন্যথায় গৃহহীন হয়ে পড়বেন। শুধুমাত্র প্রবেশন অফিসারের রেফারেলে।"),
    "vanguard": (
        "প্রজেক্ট ভ্যানগার্ডের আদলে ১২ সপ্তাহের বাসস্থান (নমুনা)",
        "মুক্তির পর প্রথম ১২ সপ্তাহ বাসস্থান দেয়, সঙ্গে একজন সাপোর্ট ওয়ার্কার থাকেন যিনি বেনিফিট, স্বাস্থ্য এবং দীর্ঘমেয়াদি বাড়ি খুঁজে পেতে আপনাকে সাহায্য করেন। "
        "আপনার মুক্তির তারিখের আগেই প্রবেশন জায়গার ব্যবস্থা করে।",
        "লাইসেন্সে মুক্তিপ্রাপ্ত পুরুষ ও নারী, প্রবেশনের রেফারেলে। নিম্ন, মাঝারি ও উচ্চ ঝুঁকির ব্যক্তিদের গ্রহণ করা হয়।"),
    "release-night": (
        "বেডফোর্ড – মুক্তির রাতের বাসস্থান (নমুনা)",
        "কারাগার থেকে মুক্তি পাওয়া যাঁদের বেডফোর্ডে থাকার জায়গা নেই, তাঁদের জন্য মুক্তির পর প্রথম কয়েক রাতের জরুরি শয্যা। "
        "কর্মীরা মুক্তির দিন আপনার সাথে দেখা করেন, আপনাকে একটি ঘর দেন এবং পরদিন সকালে কাউন্সিলে গৃহহীনতার আবেদন করতে সাহায্য করেন। "
        "রেফারেল আসে কারাগারের রিসেটলমেন্ট টিম বা প্রবেশন থেকে, ভালো হয় মুক্তির দুই সপ্তাহ আগে।",
        "যে প্রাপ্তবয়স্করা কোনো ঠিকানা ছাড়াই কারাগার থেকে বেডফোর্ড এলাকায় মুক্তি পাচ্ছেন, কারাগার বা প্রবেশনের রেফারেলে। যাঁদের থেকে ক্ষতির খুব উচ্চ ঝুঁকি রয়েছে তাঁদের জন্য উপযুক্ত নয়।"),
    "jcp": (
        "জবসেন্টার – দণ্ডপ্রাপ্ত ব্যক্তিদের উপদেষ্টা, {T} (নমুনা)",
        "জবসেন্টারের একজন ওয়ার্ক কোচ, যিনি দণ্ডপ্রাপ্ত ব্যক্তিদের সাহায্য করায় বিশেষজ্ঞ। "
        "তিনি ইউনিভার্সাল ক্রেডিটের আবেদন করতে ও চাকরি খোঁজার পরিকল্পনা করতে আপনাকে সাহায্য করেন, এবং কখন ও কীভাবে আপনার দণ্ডের কথা জানাতে হবে তা বুঝিয়ে দেন। "
        "অ্যাপয়েন্টমেন্ট বুক করার সময় দণ্ডপ্রাপ্ত ব্যক্তিদের উপদেষ্টার কথা বলুন।",
        "যাঁর দণ্ড হয়েছে এবং যিনি বেনিফিট পাচ্ছেন বা শীঘ্রই আবেদন করবেন, এমন যে কেউ। কারাগার থেকে মুক্তি পাচ্ছেন এমন ব্যক্তিরা মুক্তির আগেই অ্যাপয়েন্টমেন্ট বুক করতে পারেন।"),
    "benefits": (
        "লুটন – বেনিফিট বিষয়ক পরামর্শ (নমুনা)",
        "ইউনিভার্সাল ক্রেডিট, PIP ও অন্যান্য বেনিফিট নিয়ে বিনামূল্যে ও গোপনীয় পরামর্শ, যার মধ্যে ফর্ম পূরণ এবং কোনো সিদ্ধান্তের বিরুদ্ধে আপত্তি জানাতে সাহায্যও রয়েছে। "
        "মঙ্গলবার ও বৃহস্পতিবার সকালে অ্যাপয়েন্টমেন্ট ছাড়াই চলে আসুন, অথবা ফোনে অ্যাপয়েন্টমেন্ট বুক করুন। উপদেষ্টারা উর্দু, বাংলা ও পোলিশ ভাষায় কথা বলেন।",
        "লুটনে বসবাসকারী যে কেউ, প্রবেশনে থাকা ব্যক্তি ও কারাগার থেকে মুক্তিপ্রাপ্তরাসহ। আপনি নিজেই যোগাযোগ করতে পারেন।"),
    "foodbank-bedford": (
        "বেডফোর্ড – কমিউনিটি ফুড ব্যাংক (নমুনা)",
        "তিন দিনের জন্য জরুরি খাদ্য পার্সেল, সঙ্গে প্রসাধন সামগ্রী এবং গ্যাস ও বিদ্যুতের মিটার টপ-আপে সাহায্য। "
        "আপনার প্রয়োজন হবে কোনো সংস্থার দেওয়া ফুড ভাউচার, যেমন প্রবেশন, জবসেন্টার বা ডাইরেকশন। কারাগার থেকে মুক্তি পাওয়া ব্যক্তিরা প্রথম সপ্তাহের জন্য একটি পার্সেল পেতে পারেন।",
        "বেডফোর্ড এলাকায় খাদ্য সংকটে থাকা যে কেউ, যাঁর কাছে রেফারকারী সংস্থার ভাউচার আছে।"),
    "foodbank-luton": (
        "লুটন – ফুড ব্যাংক (নমুনা)",
        "জরুরি খাদ্য পার্সেল, যাতে হালাল ও নিরামিষ খাবার, শিশুদের ন্যাপি এবং প্রসাধন সামগ্রী রয়েছে। "
        "আপনার রেফারকারী সংস্থার কাছ থেকে একটি ভাউচার লাগবে; আপনি যদি সদ্য কারাগার থেকে মুক্তি পেয়ে থাকেন, আপনার প্রবেশন অফিসার বা জবসেন্টারকে জিজ্ঞেস করুন।",
        "লুটনে খাদ্য সংকটে থাকা যে কেউ, যাঁর কাছে রেফারকারী সংস্থার ভাউচার আছে।"),
    "dac": (
        "বেডফোর্ড – মাদক ও অ্যালকোহল বিষয়ক কমিউনিটি সেবা (নমুনা)",
        "লুটন – মাদক ও অ্যালকোহল থেকে সেরে ওঠার সেবা (নমুনা)",
        "মাদক বা অ্যালকোহল কমাতে বা ছাড়তে বিনামূল্যে ও গোপনীয় সাহায্য, যার মধ্যে রয়েছে একজন কি-ওয়ার্কার, বিকল্প ওষুধের চিকিৎসা এবং রিকভারি গ্রুপ। "
        "আপনি অ্যাপয়েন্টমেন্ট ছাড়াই আসতে পারেন, ফোন করতে পারেন, অথবা প্রবেশন বা আপনার জিপির মাধ্যমে রেফার হতে পারেন। অ্যাপয়েন্টমেন্ট সরাসরি বা ফোনে হতে পারে।",
        "{inA} বসবাসকারী ১৮ বছর বা তার বেশি বয়সী প্রাপ্তবয়স্করা। আপনি নিজেই যোগাযোগ করতে পারেন।"),
    "gp": (
        "লুটন – কারামুক্ত ব্যক্তিদের জিপি নিবন্ধনে সহায়তা (নমুনা)",
        "কারাগার থেকে মুক্তি পাওয়া বা স্থায়ী ঠিকানাহীন ব্যক্তিদের জিপি (পারিবারিক ডাক্তার)-এর কাছে নিবন্ধন করতে সাহায্য করে, যাতে তাঁরা প্রেসক্রিপশন ও স্বাস্থ্যসেবা পেতে পারেন। "
        "জিপির কাছে নিবন্ধন করতে ঠিকানা বা পরিচয়পত্রের প্রয়োজন নেই। নার্স-পরিচালিত ড্রপ-ইনে স্বাস্থ্য পরীক্ষাও করা হয়।",
        "লুটনের প্রাপ্তবয়স্করা যাঁরা গৃহহীন, সম্প্রতি মুক্তি পেয়েছেন, অথবা কোনো জিপির কাছে নিবন্ধিত নন।"),
    "mh": (
        "বেডফোর্ড – মানসিক স্বাস্থ্য সহায়তা (নমুনা)",
        "উদ্বেগ, মন খারাপ ও মানসিক চাপের জন্য অ্যাপয়েন্টমেন্ট ছাড়া বা অ্যাপয়েন্টমেন্টে সহায়তা, একজন ওয়েলবিয়িং ওয়ার্কার ও সমঅভিজ্ঞতাসম্পন্ন মানুষদের সহায়তা দলের সাথে। "
        "সংকটের সময় একটি ক্রাইসিস ক্যাফে প্রতিদিন সন্ধ্যা ৬টা থেকে রাত ১১টা পর্যন্ত খোলা থাকে। আপনি নিজেই যোগাযোগ করতে পারেন।",
        "বেডফোর্ড বরোতে ১৮ বছর বা তার বেশি বয়সী প্রাপ্তবয়স্করা। জিপির রেফারেল প্রয়োজন নেই।"),
    "womens": (
        "অ্যাম্বার উইমেন্স সেন্টার – লুটনে নারীদের কেন্দ্র (নমুনা)",
        "শুধুমাত্র নারীদের জন্য একটি কেন্দ্র, যেখানে বাসস্থান, অর্থ, মানসিক স্বাস্থ্য, সম্পর্ক ও সন্তান বিষয়ে এক জায়গায় সহায়তা পাবেন। "
        "এক কাপ চায়ের জন্য চলে আসুন, গোসল ও কাপড় ধোয়ার সুবিধা ব্যবহার করুন, অথবা আপনার কি-ওয়ার্কারের সাথে দেখা করুন। সেশন চলাকালীন শিশুদের দেখাশোনার ব্যবস্থা আছে।",
        "লুটন ও দক্ষিণ বেডফোর্ডশায়ারের ১৮ বছর বা তার বেশি বয়সী নারী, প্রবেশনে থাকা নারীসহ। আপনি নিজেই যোগাযোগ করতে পারেন।"),
    "da-helpline": (
        "বেডফোর্ডশায়ার – পারিবারিক নির্যাতন হেল্পলাইন (নমুনা)",
        "পারিবারিক নির্যাতনের শিকার যে কারও জন্য বিনামূল্যে ও গোপনীয় হেল্পলাইন, দিনরাত ২৪ ঘণ্টা খোলা। "
        "উপদেষ্টারা আপনার কথা শোনেন, আপনার নিরাপত্তার পরিকল্পনা করতে সাহায্য করেন এবং আশ্রয়কেন্দ্রে জায়গা বা একজন স্বাধীন সহায়তাকারী (IDVA)-র ব্যবস্থা করতে পারেন। "
        "প্রবেশনে থাকা যে নারীরা নিজেরাও নির্যাতনের শিকার, তাঁরাও এটি ব্যবহার করতে পারেন।",
        "বেডফোর্ডশায়ারে পারিবারিক নির্যাতনে ক্ষতিগ্রস্ত যে কেউ। আপনি নিজেই ফোন করতে পারেন।"),
    "family": (
        "এইচএমপি বেডফোর্ডে সাক্ষাতের সময় পারিবারিক সহায়তা (নমুনা)",
        "এইচএমপি বেডফোর্ডে সাক্ষাতের সময় উপস্থিত ফ্যামিলি ওয়ার্কাররা শিশু ও পরিবারকে কারাগারে থাকা প্রিয়জনের সাথে যোগাযোগ রাখতে সাহায্য করেন। "
        "তাঁরা বুঝিয়ে দেন সাক্ষাৎ কীভাবে হয়, শিশুদের একটি ছোট ভিডিও দেখান যে কারাগারের ভেতরটা কেমন, এবং শিশু ও তাদের দেখাশোনাকারীদের ব্যক্তিগত সহায়তা দেন। "
        "পরিবার নিজেরাই যোগাযোগ করতে পারে; কারাগার ও প্রবেশনের কর্মীরাও রেফার করতে পারেন।",
        "এইচএমপি বেডফোর্ডে বন্দি পুরুষদের সন্তান, সঙ্গী ও দেখাশোনাকারীরা। আপনি নিজেই যোগাযোগ করতে পারেন।"),
    "chaplaincy": (
        "কমিউনিটি চ্যাপলেন্সির স্বেচ্ছাসেবী মেন্টর (নমুনা)",
        "স্থানীয় ধর্মীয় সম্প্রদায়ের প্রশিক্ষিত স্বেচ্ছাসেবী মেন্টররা মুক্তির আগে কারাগারে আপনার সাথে দেখা করেন এবং কারাগার থেকে বেরিয়ে সমাজে ফেরার পথে আপনার পাশে থাকেন। "
        "তাঁরা ব্যবহারিক কাজে সাহায্য করেন, যেমন অ্যাপয়েন্টমেন্ট, বাসস্থানের ফর্ম এবং কাজ খোঁজা। এই সেবা যেকোনো ধর্মের মানুষ এবং কোনো ধর্মে বিশ্বাস করেন না এমন মানুষ, সবার জন্য।",
        "এইচএমপি বেডফোর্ডে থাকা বা বেডফোর্ডশায়ারে মুক্তিপ্রাপ্ত প্রাপ্তবয়স্করা এবং তাঁদের পরিবার। যে কেউ নিজেই যোগাযোগ করতে পারেন।"),
    "debt": (
        "বেডফোর্ড – ঋণ বিষয়ক পরামর্শ (নমুনা)",
        "বিনামূল্যে ও গোপনীয় ঋণ পরামর্শ: আমরা আপনার সব দেনা খতিয়ে দেখি, আপনার হয়ে পাওনাদারদের সাথে কথা বলি এবং একটি সমাধান বেছে নিতে সাহায্য করি, যেমন কিস্তিতে পরিশোধের পরিকল্পনা বা ডেট রিলিফ অর্ডার। "
        "আদালতের জরিমানা ও বকেয়া ভাড়াও এর অন্তর্ভুক্ত। অ্যাপয়েন্টমেন্ট বুক করুন বা পরামর্শ লাইনে ফোন করুন।",
        "বেডফোর্ড বরোতে বসবাসকারী যে কেউ, প্রবেশনে থাকা ব্যক্তিসহ। আপনি নিজেই যোগাযোগ করতে পারেন।"),
    "housing": (
        "বাসস্থানের বিকল্প ও গৃহহীনতা বিষয়ক পরামর্শ – {T} (নমুনা)",
        "কাউন্সিলের হাউজিং টিম গৃহহীন বা গৃহহীন হওয়ার ঝুঁকিতে থাকা মানুষদের অবস্থা মূল্যায়ন করে এবং ঠিক করে কাউন্সিলকে কী সাহায্য দিতে হবে। "
        "কারাগার ও প্রবেশনের কর্মীদের মুক্তির আগে 'ডিউটি টু রেফার' অনুযায়ী কাউন্সিলকে জানানো উচিত। আপনি সেদিনই নিজে এসে বা ফোন করেও যোগাযোগ করতে পারেন।",
        "{inA} গৃহহীন বা গৃহহীন হওয়ার ঝুঁকিতে থাকা যে কেউ।"),
    "id": (
        "পরিচয়পত্র ও ব্যাংক অ্যাকাউন্টের জন্য সহায়তা (নমুনা)",
        "কারাগার থেকে মুক্তি পাওয়া ব্যক্তিদের প্রয়োজনীয় পরিচয়পত্র পেতে সাহায্য করে: জন্ম সনদ, অস্থায়ী ড্রাইভিং লাইসেন্স বা পরিচয়ের অন্য কোনো প্রমাণ, এবং একটি বেসিক ব্যাংক অ্যাকাউন্ট। "
        "আমরা জন্ম সনদের ফি দিতে পারি। সম্ভব হলে মুক্তির আগেই শুরু করুন।",
        "কারাগারে থাকা বা গত ছয় মাসের মধ্যে মুক্তিপ্রাপ্ত ব্যক্তি, যাঁদের মুক্তির পরের ঠিকানা বেডফোর্ডশায়ারে।"),
    "kit": (
        "মুক্তির দিনের প্রয়োজনীয় জিনিসের প্যাক (নমুনা)",
        "এইচএমপি বেডফোর্ড থেকে মুক্তি পাওয়া যাঁদের যাওয়ার কোনো জায়গা নেই, তাঁদের একটি ব্যাকপ্যাক দেওয়া হয়, যাতে থাকে স্লিপিং ব্যাগ, প্রসাধন সামগ্রী, ক্রেডিটসহ একটি সাধারণ ফোন, একটি ভ্রমণ পাস এবং স্থানীয় সেবাগুলোর একটি মানচিত্র। "
        "কারাগারের রিসেটলমেন্ট কর্মীরা মুক্তির অন্তত এক সপ্তাহ আগে প্যাকটি অর্ডার করেন।",
        "এইচএমপি বেডফোর্ড থেকে মুক্তি পাওয়া যাঁরা গৃহহীন বা যাঁদের কোনো জিনিসপত্র নেই। কারাগারের রিসেটলমেন্ট কর্মীরা প্যাকটি অর্ডার করেন।"),
    "fair": (
        "ন্যায্য সুযোগের কর্মসংস্থান সেবা (নমুনা)",
        "কর্মসংস্থান উপদেষ্টারা দণ্ডপ্রাপ্ত ব্যক্তিদের এমন স্থানীয় নিয়োগকর্তাদের সাথে যুক্ত করেন যাঁরা ন্যায্য সুযোগ দেওয়ার অঙ্গীকার করেছেন। "
        "তাঁরা সিভি ও দণ্ড সম্পর্কে জানানোর চিঠি লিখতে এবং ইন্টারভিউয়ের প্রস্তুতি নিতে সাহায্য করেন, আর কাজ শুরুর পর ছয় মাস যোগাযোগ রাখেন। "
        "আপনি নিজেই যোগাযোগ করতে পারেন অথবা প্রবেশন, কারাগার বা জবসেন্টারের মাধ্যমে রেফার হতে পারেন।",
        "দণ্ডপ্রাপ্ত প্রাপ্তবয়স্করা যাঁরা বেডফোর্ডশায়ারে থাকেন বা সেখানে মুক্তি পাবেন। আপনি নিজেই যোগাযোগ করতে পারেন।"),
    "meds": (
        "মুক্তির সময় ওষুধ সরবরাহ সেবা (নমুনা)",
        "এইচএমপি বেডফোর্ড থেকে মুক্তি পাওয়া ব্যক্তিদের ওষুধ যেন ফুরিয়ে না যায়, তা নিশ্চিত করে, ওপিওয়েডের বিকল্প চিকিৎসাসহ। "
        "একজন ফার্মাসিস্ট প্রথম কয়েক দিনের ওষুধের ব্যবস্থা করেন এবং প্রেসক্রিপশনটি কমিউনিটির জিপি বা মাদক চিকিৎসা সেবার কাছে হস্তান্তর করেন।",
        "এইচএমপি বেডফোর্ড থেকে মুক্তি পাওয়া যাঁরা নিয়মিত ওষুধ খান। মুক্তির আগে স্বাস্থ্যকর্মীরা ব্যবস্থা করেন।"),
}

TR["pt"] = {
    "direction": (
        "Direction – centro de apoio a pessoas com condenações (exemplo)",
        "O Direction é um centro de apoio integrado em Bedfordshire para pessoas acompanhadas pelos serviços de probation, pessoas que saem da prisão e as suas famílias. "
        "Os conselheiros da linha de apoio ajudam-no a encontrar habitação, trabalho, prestações sociais, cuidados de saúde e apoio familiar, e podem encaminhá-lo para os serviços adequados. "
        "Pode telefonar, usar o diretório online ou pedir ao seu técnico de probation que o encaminhe.",
        "Qualquer pessoa em Bedfordshire com uma condenação, em probation ou a sair da prisão, e a sua família. Pode contactar-nos diretamente."),
    "signpost": (
        "Signpost – centro de apoio a vítimas, para encaminhamento (exemplo)",
        "O Signpost é o centro separado do Comissário da Polícia e do Crime para vítimas de crime em Bedfordshire. "
        "Se a pessoa que apoia também for vítima, dê-lhe o número do Signpost para que possa contactar diretamente, ou encaminhe o caso com o consentimento dela. "
        "O Signpost mantém os seus próprios registos; nada é partilhado com o Direction.",
        "Vítimas de qualquer crime em Bedfordshire, quer tenha sido ou não comunicado à polícia. Apenas para encaminhamento."),
    "hpt": (
        "Grupo de Prevenção da Falta de Habitação – noites em hotel e cauções (exemplo)",
        "O grupo não fornece habitação, mas pode pagar até 14 noites num hotel a pessoas libertadas da prisão que não têm onde viver. "
        "Também pode pagar a caução ou a renda adiantada para que possa mudar-se para uma casa arrendada no mercado privado. Só os serviços de probation podem fazer o encaminhamento.",
        "Pessoas em liberdade condicional que saem da prisão para a região East of England e que, de outra forma, ficariam sem casa. Apenas por encaminhamento do técnico de probation."),
    "vanguard": (
        "Alojamento de 12 semanas ao estilo do Project Vanguard (exemplo)",
        "Oferece alojamento durante as primeiras 12 semanas após a libertação, com um técnico de apoio que o ajuda com prestações sociais, saúde e a encontrar uma casa a longo prazo. "
        "Os lugares são organizados pelos serviços de probation antes da data de libertação.",
        "Homens e mulheres em liberdade condicional, encaminhados pelos serviços de probation. São aceites pessoas de risco baixo, médio e elevado."),
    "release-night": (
        "Bedford – alojamento na noite da libertação (exemplo)",
        "Camas de emergência para as primeiras noites após a libertação, para pessoas que saem da prisão sem ter onde ficar em Bedford. "
        "A equipa recebe-o no dia da libertação, dá-lhe um quarto e ajuda-o, na manhã seguinte, a apresentar um pedido de apoio por falta de habitação. "
        "Os encaminhamentos são feitos pela equipa de reinserção da prisão ou pelos serviços de probation, idealmente duas semanas antes da libertação.",
        "Adultos que saem da prisão para a zona de Bedford sem morada, encaminhados pela prisão ou pelos serviços de probation. Não é adequado para pessoas que representem um risco muito elevado de causar danos."),
    "jcp": (
        "Conselheiro do Jobcentre para pessoas com condenações – {T} (exemplo)",
        "Um conselheiro de emprego (work coach) do Jobcentre especializado em ajudar pessoas com condenações. "
        "Ajuda-o a pedir o Universal Credit, a planear a procura de emprego e explica como e quando revelar uma condenação. "
        "Quando marcar a sua consulta, peça o conselheiro para pessoas com condenações.",
        "Qualquer pessoa com uma condenação que receba ou vá pedir prestações sociais. Quem está a sair da prisão pode marcar uma consulta antes da libertação."),
    "benefits": (
        "Luton – aconselhamento sobre prestações sociais (exemplo)",
        "Aconselhamento gratuito e confidencial sobre o Universal Credit, o PIP e outras prestações, incluindo ajuda para preencher formulários e contestar uma decisão. "
        "Apareça sem marcação às terças e quintas de manhã ou marque uma consulta por telefone. Os conselheiros falam urdu, bengali e polaco.",
        "Qualquer pessoa que viva em Luton, incluindo pessoas em probation e pessoas que saíram da prisão. Pode contactar-nos diretamente."),
    "foodbank-bedford": (
        "Bedford – banco alimentar comunitário (exemplo)",
        "Cabazes alimentares de emergência para três dias, além de produtos de higiene e ajuda para carregar os contadores de gás e eletricidade. "
        "Precisa de um vale alimentar passado por uma entidade como os serviços de probation, o Jobcentre ou o Direction. Quem sai da prisão pode receber um cabaz para a primeira semana.",
        "Qualquer pessoa em situação de carência alimentar na zona de Bedford, com um vale de uma entidade que faça o encaminhamento."),
    "foodbank-luton": (
        "Luton – banco alimentar (exemplo)",
        "Cabazes alimentares de emergência, incluindo opções halal e vegetarianas, fraldas e produtos de higiene. "
        "Precisa de um vale de uma entidade que faça o encaminhamento; se acabou de sair da prisão, peça ao seu técnico de probation ou ao Jobcentre.",
        "Qualquer pessoa em situação de carência alimentar em Luton, com um vale de uma entidade que faça o encaminhamento."),
    "dac": (
        "Bedford – serviço comunitário para drogas e álcool (exemplo)",
        "Luton – serviço de recuperação de drogas e álcool (exemplo)",
        "Ajuda gratuita e confidencial para reduzir ou deixar o consumo de drogas ou álcool, incluindo um técnico de referência, tratamento de substituição e grupos de recuperação. "
        "Pode aparecer sem marcação, telefonar ou ser encaminhado pelos serviços de probation ou pelo seu médico de família. As consultas podem ser presenciais ou por telefone.",
        "Adultos com 18 ou mais anos que vivam {inA}. Pode contactar-nos diretamente."),
    "gp": (
        "Luton – ajuda na inscrição no médico de família para quem sai da prisão (exemplo)",
        "Ajuda pessoas que saem da prisão ou sem morada fixa a inscrever-se num médico de família (GP), para poderem obter receitas e cuidados de saúde. "
        "Não precisa de morada nem de documento de identificação para se inscrever num GP. Um atendimento sem marcação, assegurado por enfermeiros, também faz rastreios de saúde.",
        "Adultos em Luton que estejam sem casa, tenham sido libertados recentemente ou não estejam inscritos num médico de família."),
    "mh": (
        "Bedford – apoio em saúde mental (exemplo)",
        "Apoio para ansiedade, tristeza e stress, sem marcação ou com consulta marcada, com um técnico de bem-estar e grupos de apoio entre pares. "
        "Em situação de crise, um café de crise está aberto todos os dias das 18h00 às 23h00. Pode contactar-nos diretamente.",
        "Adultos com 18 ou mais anos no município de Bedford. Não é necessário encaminhamento do médico de família."),
    "womens": (
        "Amber Women's Centre – centro para mulheres em Luton (exemplo)",
        "Um centro exclusivo para mulheres onde pode obter apoio com habitação, dinheiro, saúde mental, relações e filhos, tudo no mesmo sítio. "
        "Apareça para tomar um chá, use o duche e a lavandaria ou fale com a sua técnica de referência. Há uma creche durante as sessões.",
        "Mulheres com 18 ou mais anos em Luton e no sul de Bedfordshire, incluindo mulheres em probation. Pode contactar-nos diretamente."),
    "da-helpline": (
        "Bedfordshire – linha de apoio à violência doméstica (exemplo)",
        "Uma linha de apoio gratuita e confidencial para qualquer pessoa que sofra violência doméstica, disponível 24 horas por dia. "
        "Os conselheiros ouvem-no, ajudam-no a planear a sua segurança e podem arranjar um lugar numa casa de abrigo ou um técnico de apoio independente (IDVA). "
        "Mulheres em probation que também sejam vítimas podem utilizá-la.",
        "Qualquer pessoa afetada pela violência doméstica em Bedfordshire. Pode ligar diretamente."),
    "family": (
        "Apoio às famílias nas visitas à HMP Bedford (exemplo)",
        "Os técnicos de apoio à família presentes nas visitas à HMP Bedford ajudam crianças e famílias a manter o contacto com alguém que está preso. "
        "Explicam como funcionam as visitas, mostram às crianças um pequeno vídeo sobre como é a prisão por dentro e oferecem apoio individual às crianças e a quem cuida delas. "
        "As famílias podem contactar-nos diretamente; o pessoal da prisão e dos serviços de probation também pode encaminhar.",
        "Filhos, companheiros e cuidadores de homens detidos na HMP Bedford. Pode contactar-nos diretamente."),
    "chaplaincy": (
        "Mentores voluntários da capelania comunitária (exemplo)",
        "Mentores voluntários com formação, vindos de comunidades religiosas locais, encontram-se consigo na prisão antes da libertação e acompanham-no à saída e no regresso à comunidade. "
        "Ajudam em tarefas práticas, como consultas, formulários de habitação e procura de emprego. O serviço destina-se a pessoas de qualquer religião ou sem religião.",
        "Adultos na HMP Bedford ou libertados para Bedfordshire, e as suas famílias. Pode contactar-nos diretamente."),
    "debt": (
        "Bedford – aconselhamento sobre dívidas (exemplo)",
        "Aconselhamento gratuito e confidencial sobre dívidas: analisamos tudo o que deve, tratamos com os credores em seu nome e ajudamo-lo a escolher uma solução, como um plano de pagamentos ou um debt relief order (procedimento de perdão de dívidas). "
        "Estão incluídas as multas judiciais e as rendas em atraso. Marque uma consulta ou ligue para a linha de aconselhamento.",
        "Qualquer pessoa que viva no município de Bedford, incluindo pessoas em probation. Pode contactar-nos diretamente."),
    "housing": (
        "Opções de habitação e aconselhamento para pessoas sem casa – {T} (exemplo)",
        "A equipa de habitação da câmara avalia as pessoas que estão sem casa ou em risco de ficar sem casa e decide que ajuda a câmara tem de prestar. "
        "O pessoal da prisão e dos serviços de probation deve usar o dever de comunicação (duty to refer) antes da libertação. Também pode vir pessoalmente ou telefonar no próprio dia.",
        "Qualquer pessoa sem casa ou em risco de ficar sem casa {inA}."),
    "id": (
        "Ajuda com documentos de identificação e conta bancária (exemplo)",
        "Ajuda as pessoas que saem da prisão a obter os documentos de que precisam: certidão de nascimento, carta de condução provisória ou outro comprovativo de identidade, e uma conta bancária básica. "
        "Podemos pagar a taxa da certidão de nascimento. Se puder, comece antes da libertação.",
        "Pessoas presas ou libertadas nos últimos seis meses cuja morada após a libertação seja em Bedfordshire."),
    "kit": (
        "Kit essencial para o dia da libertação (exemplo)",
        "Dá às pessoas que saem da HMP Bedford sem ter para onde ir uma mochila com saco-cama, produtos de higiene, um telemóvel simples com saldo, um passe de transporte e um mapa dos serviços locais. "
        "O pessoal de reinserção da prisão encomenda o kit pelo menos uma semana antes da libertação.",
        "Pessoas que saem da HMP Bedford sem casa ou sem quaisquer pertences. O kit é encomendado pelo pessoal de reinserção da prisão."),
    "fair": (
        "Serviço de emprego com uma oportunidade justa (exemplo)",
        "Os conselheiros de emprego põem pessoas com condenações em contacto com empregadores locais que assumiram o compromisso de lhes dar uma oportunidade justa. "
        "Ajudam-no a escrever um CV e uma carta sobre a sua condenação, a preparar-se para entrevistas e mantêm o contacto durante seis meses depois de começar a trabalhar. "
        "Pode contactar-nos diretamente ou ser encaminhado pelos serviços de probation, pela prisão ou pelo Jobcentre.",
        "Adultos com uma condenação que vivam em Bedfordshire ou que vão ser libertados para lá. Pode contactar-nos diretamente."),
    "meds": (
        "Serviço de medicação na libertação (exemplo)",
        "Garante que as pessoas que saem da HMP Bedford não ficam sem os seus medicamentos, incluindo o tratamento de substituição de opioides. "
        "Um farmacêutico assegura a medicação para os primeiros dias e transfere a receita para um médico de família ou um serviço de tratamento de dependências na comunidade.",
        "Pessoas que saem da HMP Bedford e tomam medicação regularmente. Organizado pelos profissionais de saúde antes da libertação."),
}

TR["it"] = {
    "direction": (
        "Direction – centro di supporto per persone con condanne (esempio)",
        "Direction è un centro unico di supporto nel Bedfordshire per le persone in probation, per chi esce dal carcere e per le loro famiglie. "
        "I consulenti della linea di assistenza la aiutano a trovare casa, lavoro, sussidi, assistenza sanitaria e sostegno per la famiglia, e possono indirizzarla ai servizi adatti. "
        "Può telefonare, usare l'elenco online o chiedere al suo operatore di probation di segnalarla.",
        "Chiunque nel Bedfordshire abbia una condanna, sia in probation o stia uscendo dal carcere, e i suoi familiari. Può rivolgersi direttamente."),
    "signpost": (
        "Signpost – centro per le vittime, per l'invio ad altri servizi (esempio)",
        "Signpost è il centro separato del Commissario per la Polizia e la Criminalità dedicato alle vittime di reato nel Bedfordshire. "
        "Se la persona che sta aiutando è anche una vittima, le dia il numero di Signpost perché possa contattarlo da sola, oppure trasmetta il caso con il suo consenso. "
        "Signpost conserva i propri dati; nulla viene condiviso con Direction.",
        "Vittime di qualsiasi reato nel Bedfordshire, che sia stato denunciato alla polizia o no. Solo per l'invio ad altri servizi."),
    "hpt": (
        "Task force per la prevenzione della perdita della casa – notti in albergo e depositi (esempio)",
        "La task force non fornisce alloggi, ma può pagare fino a 14 notti in albergo alle persone scarcerate che non hanno un posto dove vivere. "
        "Può anche pagare il deposito cauzionale o l'affitto anticipato per permetterle di trasferirsi in un alloggio in affitto privato. Solo il servizio di probation può fare la segnalazione.",
        "Persone scarcerate in libertà condizionale verso la regione East of England che altrimenti resterebbero senza casa. Solo su segnalazione dell'operatore di probation."),
    "vanguard": (
        "Alloggio per 12 settimane sul modello del Project Vanguard (esempio)",
        "Offre un alloggio per le prime 12 settimane dopo la scarcerazione, con un operatore di supporto che la aiuta con i sussidi, la salute e la ricerca di una casa a lungo termine. "
        "I posti vengono organizzati dal servizio di probation prima della data di scarcerazione.",
        "Uomini e donne scarcerati in libertà condizionale, su segnalazione del servizio di probation. Sono accettate persone a rischio basso, medio e alto."),
    "release-night": (
        "Bedford – alloggio per la notte della scarcerazione (esempio)",
        "Posti letto di emergenza per le prime notti dopo la scarcerazione, per chi esce dal carcere senza un posto dove stare a Bedford. "
        "Il personale la accoglie il giorno della scarcerazione, le dà una stanza e la mattina dopo la aiuta a presentare al comune la domanda di assistenza per persone senza casa. "
        "Le segnalazioni arrivano dall'équipe di reinserimento del carcere o dal servizio di probation, idealmente due settimane prima della scarcerazione.",
        "Adulti che escono dal carcere verso la zona di Bedford senza un indirizzo, segnalati dal carcere o dal servizio di probation. Non è adatto a persone che presentano un rischio molto alto di arrecare danno."),
    "jcp": (
        "Consulente del Jobcentre per persone con condanne – {T} (esempio)",
        "Un consulente per il lavoro (work coach) del Jobcentre specializzato nell'aiutare le persone con condanne. "
        "La aiuta a richiedere lo Universal Credit, a pianificare la ricerca di lavoro e le spiega come e quando dichiarare una condanna. "
        "Quando prenota l'appuntamento, chieda del consulente per persone con condanne.",
        "Chiunque abbia una condanna e riceva o stia per richiedere sussidi. Chi sta per uscire dal carcere può prenotare un appuntamento prima della scarcerazione."),
    "benefits": (
        "Luton – consulenza sui sussidi (esempio)",
        "Consulenza gratuita e riservata su Universal Credit, PIP e altri sussidi, compreso l'aiuto per compilare i moduli e contestare una decisione. "
        "Venga senza appuntamento il martedì e il giovedì mattina oppure prenoti un appuntamento telefonico. I consulenti parlano urdu, bengalese e polacco.",
        "Chiunque viva a Luton, comprese le persone in probation e quelle uscite dal carcere. Può rivolgersi direttamente."),
    "foodbank-bedford": (
        "Bedford – banco alimentare di comunità (esempio)",
        "Pacchi alimentari di emergenza per tre giorni, oltre a prodotti per l'igiene e aiuto per ricaricare i contatori di gas ed elettricità. "
        "Serve un buono alimentare rilasciato da un ente come il servizio di probation, il Jobcentre o Direction. Chi esce dal carcere può ricevere un pacco per la prima settimana.",
        "Chiunque si trovi in difficoltà alimentare nella zona di Bedford, con un buono rilasciato da un ente che lo segnala."),
    "foodbank-luton": (
        "Luton – banco alimentare (esempio)",
        "Pacchi alimentari di emergenza, anche con prodotti halal e vegetariani, pannolini e prodotti per l'igiene. "
        "Serve un buono rilasciato da un ente che la segnala; se è appena uscito dal carcere, chieda al suo operatore di probation o al Jobcentre.",
        "Chiunque si trovi in difficoltà alimentare a Luton, con un buono rilasciato da un ente che lo segnala."),
    "dac": (
        "Bedford – servizio territoriale per droghe e alcol (esempio)",
        "Luton – servizio di recupero da droghe e alcol (esempio)",
        "Aiuto gratuito e riservato per ridurre o smettere di usare droghe o alcol, con un operatore di riferimento, terapie sostitutive e gruppi di recupero. "
        "Può presentarsi senza appuntamento, telefonare o essere inviato dal servizio di probation o dal medico di base. Gli appuntamenti possono essere di persona o per telefono.",
        "Adulti dai 18 anni in su che vivono {inA}. È possibile rivolgersi direttamente."),
    "gp": (
        "Luton – aiuto per l'iscrizione al medico di base per chi esce dal carcere (esempio)",
        "Aiuta chi esce dal carcere o non ha un indirizzo fisso a iscriversi presso un medico di base (GP), per poter ottenere ricette e cure. "
        "Per iscriversi presso un GP non servono né un indirizzo né un documento d'identità. Un ambulatorio infermieristico senza appuntamento offre anche controlli della salute.",
        "Adulti a Luton senza casa, scarcerati di recente o non iscritti presso un medico di base."),
    "mh": (
        "Bedford – supporto per la salute mentale (esempio)",
        "Supporto per ansia, umore basso e stress, senza appuntamento o su appuntamento, con un operatore del benessere e gruppi di sostegno tra pari. "
        "In caso di crisi, un caffè di crisi è aperto ogni sera dalle 18:00 alle 23:00. Può rivolgersi direttamente.",
        "Adulti dai 18 anni in su nel distretto di Bedford. Non serve l'invio del medico di base."),
    "womens": (
        "Amber Women's Centre – centro per donne a Luton (esempio)",
        "Un centro riservato alle donne dove ricevere sostegno su casa, soldi, salute mentale, relazioni e figli, tutto nello stesso posto. "
        "Passi per una tazza di tè, usi la doccia e la lavanderia o incontri la sua operatrice di riferimento. Durante le attività è disponibile un servizio di custodia per i bambini.",
        "Donne dai 18 anni in su a Luton e nel sud del Bedfordshire, comprese le donne in probation. Può rivolgersi direttamente."),
    "da-helpline": (
        "Bedfordshire – linea di assistenza per la violenza domestica (esempio)",
        "Una linea di assistenza gratuita e riservata per chiunque subisca violenza domestica, attiva 24 ore su 24. "
        "I consulenti la ascoltano, la aiutano a pianificare la sua sicurezza e possono trovarle un posto in una casa rifugio o un consulente indipendente (IDVA). "
        "Possono usarla anche le donne in probation che sono a loro volta vittime.",
        "Chiunque sia colpito da violenza domestica nel Bedfordshire. Può chiamare direttamente."),
    "family": (
        "Sostegno alle famiglie durante le visite a HMP Bedford (esempio)",
        "Gli operatori per le famiglie presenti alle visite a HMP Bedford aiutano bambini e famiglie a mantenere i contatti con una persona in carcere. "
        "Spiegano come funzionano le visite, mostrano ai bambini un breve video su com'è il carcere all'interno e offrono sostegno individuale ai bambini e a chi se ne prende cura. "
        "Le famiglie possono rivolgersi direttamente; anche il personale del carcere e del servizio di probation può segnalarle.",
        "I figli, i partner e chi si prende cura dei figli degli uomini detenuti a HMP Bedford. Può rivolgersi direttamente."),
    "chaplaincy": (
        "Mentori volontari della cappellania di comunità (esempio)",
        "Mentori volontari formati, provenienti dalle comunità religiose locali, la incontrano in carcere prima della scarcerazione e la accompagnano all'uscita e nel ritorno alla vita in comunità. "
        "Aiutano in questioni pratiche come appuntamenti, moduli per la casa e ricerca di lavoro. Il servizio è aperto a persone di qualsiasi fede o di nessuna fede.",
        "Adulti detenuti a HMP Bedford o scarcerati nel Bedfordshire, e le loro famiglie. È possibile rivolgersi direttamente."),
    "debt": (
        "Bedford – consulenza sui debiti (esempio)",
        "Consulenza gratuita e riservata sui debiti: esaminiamo tutto ciò che deve, trattiamo con i creditori per suo conto e la aiutiamo a scegliere una soluzione, come un piano di rientro o un debt relief order (procedura di esdebitazione). "
        "Sono comprese anche le multe del tribunale e gli arretrati d'affitto. Prenoti un appuntamento o chiami la linea di consulenza.",
        "Chiunque viva nel distretto di Bedford, comprese le persone in probation. Può rivolgersi direttamente."),
    "housing": (
        "Soluzioni abitative e consulenza per persone senza casa – {T} (esempio)",
        "L'ufficio casa del comune valuta la situazione delle persone senza casa o a rischio di perderla e decide quale aiuto il comune è tenuto a dare. "
        "Il personale del carcere e del servizio di probation deve usare l'obbligo di segnalazione (duty to refer) prima della scarcerazione. Può anche presentarsi o telefonare il giorno stesso.",
        "Chiunque sia senza casa o a rischio di perderla {inA}."),
    "id": (
        "Aiuto per documenti d'identità e conto in banca (esempio)",
        "Aiuta chi esce dal carcere a ottenere i documenti necessari: certificato di nascita, foglio rosa (patente provvisoria) o altro documento d'identità, e un conto bancario di base. "
        "Possiamo pagare la tariffa per il certificato di nascita. Se possibile, cominci prima della scarcerazione.",
        "Persone detenute o scarcerate negli ultimi sei mesi con un indirizzo nel Bedfordshire dopo la scarcerazione."),
    "kit": (
        "Kit essenziale per il giorno della scarcerazione (esempio)",
        "Chi esce da HMP Bedford senza un posto dove andare riceve uno zaino con sacco a pelo, prodotti per l'igiene, un telefono semplice con credito, un abbonamento ai trasporti e una mappa dei servizi locali. "
        "Il personale del carcere addetto al reinserimento ordina il kit almeno una settimana prima della scarcerazione.",
        "Persone che escono da HMP Bedford senza casa o senza effetti personali. Il kit viene ordinato dal personale del carcere addetto al reinserimento."),
    "fair": (
        "Servizio per l'impiego con una possibilità equa (esempio)",
        "I consulenti per l'impiego mettono in contatto le persone con condanne con datori di lavoro locali che si sono impegnati a offrire loro una possibilità equa. "
        "La aiutano a scrivere un CV e una lettera sulla condanna, a prepararsi ai colloqui e restano in contatto per sei mesi dopo l'inizio del lavoro. "
        "Può rivolgersi direttamente o essere segnalato dal servizio di probation, dal carcere o dal Jobcentre.",
        "Adulti con una condanna che vivono nel Bedfordshire o che vi saranno scarcerati. Può rivolgersi direttamente."),
    "meds": (
        "Servizio farmaci alla scarcerazione (esempio)",
        "Fa in modo che chi esce da HMP Bedford non resti senza i propri farmaci, compresa la terapia sostitutiva per oppioidi. "
        "Un farmacista fornisce una scorta per i primi giorni e trasferisce la prescrizione a un medico di base o a un servizio per le dipendenze sul territorio.",
        "Persone che escono da HMP Bedford e assumono farmaci regolarmente. Organizzato dal personale sanitario prima della scarcerazione."),
}

TR["lt"] = {
    "direction": (
        "Direction – pagalbos centras asmenims, turintiems teistumą (pavyzdys)",
        "Direction – tai vieno langelio pagalbos centras Bedfordšyre asmenims, kuriems taikoma probacija, iš kalėjimo išeinantiems asmenims ir jų šeimoms. "
        "Pagalbos linijos konsultantai padės jums rasti būstą, darbą, pašalpas, sveikatos priežiūrą ir paramą šeimai, taip pat gali jus nukreipti į reikiamas tarnybas. "
        "Galite paskambinti, naudotis internetiniu katalogu arba paprašyti savo probacijos pareigūno jus nukreipti.",
        "Bet kuris Bedfordšyro gyventojas, kuris buvo nuteistas, kuriam taikoma probacija arba kuris išeina iš kalėjimo, ir jo šeima. Galite kreiptis patys."),
    "signpost": (
        "Signpost – nukentėjusiųjų pagalbos centras, perdavimui (pavyzdys)",
        "Signpost – tai atskiras Policijos ir nusikalstamumo komisaro centras nusikaltimų aukoms Bedfordšyre. "
        "Jei žmogus, kuriam padedate, taip pat yra nukentėjęs, duokite jam Signpost numerį, kad jis galėtų susisiekti pats, arba jo sutikimu perduokite atvejį. "
        "Signpost tvarko savo įrašus; jokia informacija nėra perduodama Direction.",
        "Bet kokio nusikaltimo aukos Bedfordšyre, nesvarbu, ar apie jį buvo pranešta policijai. Tik perdavimui."),
    "hpt": (
        "Benamystės prevencijos darbo grupė – nakvynė viešbutyje ir užstatai (pavyzdys)",
        "Darbo grupė pati būsto nesuteikia, tačiau gali apmokėti iki 14 nakvynių viešbutyje iš kalėjimo paleistiems asmenims, kurie neturi kur gyventi. "
        "Ji taip pat gali sumokėti nuomos užstatą arba nuomą į priekį, kad galėtumėte persikelti į privačiai nuomojamą būstą. Nukreipti gali tik probacijos tarnyba.",
        "Asmenys, lygtinai paleidžiami iš kalėjimo į East of England regioną, kurie kitu atveju liktų be pastogės. Tik probacijos pareigūnui nukreipus."),
    "vanguard": (
        "12 savaičių apgyvendinimas pagal Project Vanguard modelį (pavyzdys)",
        "Suteikia apgyvendinimą pirmosioms 12 savaičių po paleidimo, kartu su socialiniu darbuotoju, kuris padeda tvarkyti pašalpas, rūpintis sveikata ir rasti ilgalaikį būstą. "
        "Vietas probacijos tarnyba suorganizuoja iki jūsų paleidimo dienos.",
        "Lygtinai paleisti vyrai ir moterys, nukreipti probacijos tarnybos. Priimami mažos, vidutinės ir didelės rizikos asmenys."),
    "release-night": (
        "Bedfordas – apgyvendinimas paleidimo naktį (pavyzdys)",
        "Skubios pagalbos lovos pirmosioms naktims po paleidimo asmenims, kurie išeina iš kalėjimo ir neturi kur apsistoti Bedforde. "
        "Darbuotojai pasitinka jus paleidimo dieną, suteikia kambarį ir kitą rytą padeda pateikti savivaldybei prašymą dėl benamystės. "
        "Nukreipia kalėjimo reintegracijos komanda arba probacijos tarnyba, geriausia likus dviem savaitėms iki paleidimo.",
        "Suaugusieji, išeinantys iš kalėjimo į Bedfordo apylinkes be adreso, nukreipti kalėjimo arba probacijos tarnybos. Netinka asmenims, keliantiems labai didelę žalos riziką."),
    "jcp": (
        "Jobcentre konsultantas asmenims, turintiems teistumą – {T} (pavyzdys)",
        "Jobcentre darbo konsultantas (work coach), kuris specializuojasi padėti asmenims, turintiems teistumą. "
        "Jis padės jums kreiptis dėl Universal Credit, suplanuoti darbo paieškas ir paaiškins, kaip ir kada atskleisti savo teistumą. "
        "Registruodamiesi vizitui, paprašykite konsultanto asmenims, turintiems teistumą.",
        "Bet kuris asmuo, turintis teistumą, kuris gauna pašalpas arba ketina dėl jų kreiptis. Iš kalėjimo išeinantys asmenys gali užsiregistruoti vizitui dar prieš paleidimą."),
    "benefits": (
        "Lutonas – konsultacijos dėl pašalpų (pavyzdys)",
        "Nemokamos ir konfidencialios konsultacijos dėl Universal Credit, PIP ir kitų pašalpų, įskaitant pagalbą pildant formas ir skundžiant sprendimą. "
        "Ateikite be registracijos antradienio ir ketvirtadienio rytais arba užsiregistruokite pokalbiui telefonu. Konsultantai kalba urdu, bengalų ir lenkų kalbomis.",
        "Bet kuris Lutono gyventojas, įskaitant asmenis, kuriems taikoma probacija, ir iš kalėjimo išėjusius asmenis. Galite kreiptis patys."),
    "foodbank-bedford": (
        "Bedfordas – bendruomenės maisto bankas (pavyzdys)",
        "Skubios pagalbos maisto paketai trims dienoms, taip pat higienos priemonės ir pagalba papildant dujų ir elektros skaitiklius. "
        "Jums reikės maisto talono iš tarnybos, pavyzdžiui, probacijos tarnybos, Jobcentre ar Direction. Iš kalėjimo išeinantys asmenys gali gauti paketą pirmajai savaitei.",
        "Bet kuris asmuo Bedfordo apylinkėse, atsidūręs maisto krizėje ir turintis nukreipiančios tarnybos taloną."),
    "foodbank-luton": (
        "Lutonas – maisto bankas (pavyzdys)",
        "Skubios pagalbos maisto paketai, įskaitant halal ir vegetariškus produktus, sauskelnes ir higienos priemones. "
        "Jums reikės talono iš nukreipiančios tarnybos; jei ką tik išėjote iš kalėjimo, kreipkitės į savo probacijos pareigūną arba Jobcentre.",
        "Bet kuris asmuo Lutone, atsidūręs maisto krizėje ir turintis nukreipiančios tarnybos taloną."),
    "dac": (
        "Bedfordas – bendruomeninė pagalba dėl narkotikų ir alkoholio (pavyzdys)",
        "Lutonas – sveikimo nuo narkotikų ir alkoholio tarnyba (pavyzdys)",
        "Nemokama ir konfidenciali pagalba norintiems sumažinti arba nutraukti narkotikų ar alkoholio vartojimą: atvejo vadybininkas, pakaitinis gydymas ir sveikimo grupės. "
        "Galite ateiti be registracijos, paskambinti arba būti nukreipti probacijos tarnybos ar savo šeimos gydytojo. Susitikimai gali vykti gyvai arba telefonu.",
        "{inA} gyvenantys 18 metų ir vyresni suaugusieji. Galite kreiptis patys."),
    "gp": (
        "Lutonas – pagalba registruojantis pas šeimos gydytoją išėjus iš kalėjimo (pavyzdys)",
        "Padeda iš kalėjimo išeinantiems ar nuolatinio adreso neturintiems asmenims užsiregistruoti pas šeimos gydytoją (GP), kad jie galėtų gauti receptus ir sveikatos priežiūrą. "
        "Norint užsiregistruoti pas GP, adreso ar asmens dokumento nereikia. Slaugytojų priėmime be registracijos taip pat atliekami sveikatos patikrinimai.",
        "Suaugusieji Lutone, kurie neturi būsto, neseniai buvo paleisti arba nėra užsiregistravę pas šeimos gydytoją."),
    "mh": (
        "Bedfordas – psichikos sveikatos pagalba (pavyzdys)",
        "Pagalba esant nerimui, prislėgtai nuotaikai ir stresui – be registracijos arba iš anksto užsiregistravus, su gerovės darbuotoju ir bendraamžių paramos grupėmis. "
        "Krizės atveju kasdien nuo 18:00 iki 23:00 veikia vakarinė krizių kavinė. Galite kreiptis patys.",
        "18 metų ir vyresni suaugusieji Bedfordo apygardoje. Šeimos gydytojo siuntimo nereikia."),
    "womens": (
        "Amber Women's Centre – moterų centras Lutone (pavyzdys)",
        "Tik moterims skirtas centras, kuriame vienoje vietoje gausite pagalbą dėl būsto, pinigų, psichikos sveikatos, santykių ir vaikų. "
        "Užsukite puodeliui arbatos, pasinaudokite dušu ir skalbykla arba susitikite su savo atvejo vadybininke. Užsiėmimų metu veikia vaikų priežiūros kambarys.",
        "18 metų ir vyresnės moterys Lutone ir pietų Bedfordšyre, įskaitant moteris, kurioms taikoma probacija. Galite kreiptis pačios."),
    "da-helpline": (
        "Bedfordšyras – pagalbos linija nukentėjusiems nuo smurto artimoje aplinkoje (pavyzdys)",
        "Nemokama ir konfidenciali pagalbos linija visiems, patiriantiems smurtą artimoje aplinkoje, veikianti visą parą. "
        "Konsultantai jus išklausys, padės suplanuoti jūsų saugumą ir gali surasti vietą prieglaudoje arba nepriklausomą konsultantą (IDVA). "
        "Ja gali naudotis ir moterys, kurioms taikoma probacija ir kurios pačios yra nukentėjusios.",
        "Bet kuris asmuo Bedfordšyre, nukentėjęs nuo smurto artimoje aplinkoje. Galite skambinti patys."),
    "family": (
        "Pagalba šeimoms lankymų metu HMP Bedford kalėjime (pavyzdys)",
        "Lankymų metu HMP Bedford kalėjime dirbantys šeimų darbuotojai padeda vaikams ir šeimoms palaikyti ryšį su artimuoju, esančiu kalėjime. "
        "Jie paaiškina, kaip vyksta lankymai, parodo vaikams trumpą filmuką apie tai, kaip kalėjimas atrodo iš vidaus, ir teikia individualią pagalbą vaikams ir juos prižiūrintiems asmenims. "
        "Šeimos gali kreiptis pačios; nukreipti gali ir kalėjimo bei probacijos darbuotojai.",
        "HMP Bedford kalėjime laikomų vyrų vaikai, partneriai ir vaikus prižiūrintys asmenys. Galite kreiptis patys."),
    "chaplaincy": (
        "Bendruomenės kapelionų tarnybos savanoriai mentoriai (pavyzdys)",
        "Apmokyti savanoriai mentoriai iš vietos religinių bendruomenių susitinka su jumis kalėjime prieš paleidimą ir lydi jus išeinant pro kalėjimo vartus bei grįžtant į bendruomenę. "
        "Jie padeda praktiniais klausimais: vizitais, būsto prašymų formomis ir darbo paieška. Paslauga skirta bet kokio tikėjimo ir netikintiems žmonėms.",
        "Suaugusieji, esantys HMP Bedford kalėjime arba paleisti į Bedfordšyrą, ir jų šeimos. Galima kreiptis patiems."),
    "debt": (
        "Bedfordas – konsultacijos dėl skolų (pavyzdys)",
        "Nemokamos ir konfidencialios konsultacijos dėl skolų: peržiūrime visus jūsų įsiskolinimus, jūsų vardu bendraujame su kreditoriais ir padedame pasirinkti sprendimą, pavyzdžiui, mokėjimų planą arba skolų atleidimo procedūrą (debt relief order). "
        "Įtraukiamos ir teismo baudos bei nuomos įsiskolinimai. Užsiregistruokite konsultacijai arba paskambinkite konsultacijų linija.",
        "Bet kuris Bedfordo apygardos gyventojas, įskaitant asmenis, kuriems taikoma probacija. Galite kreiptis patys."),
    "housing": (
        "Būsto galimybės ir konsultacijos benamystės klausimais – {T} (pavyzdys)",
        "Savivaldybės būsto skyrius įvertina benamių ar benamyste rizikuojančių asmenų padėtį ir nusprendžia, kokią pagalbą savivaldybė privalo suteikti. "
        "Kalėjimo ir probacijos darbuotojai prieš paleidimą turėtų pasinaudoti pareiga pranešti (duty to refer). Taip pat galite ateiti ar paskambinti tą pačią dieną.",
        "Bet kuris benamis ar benamyste rizikuojantis asmuo {inA}."),
    "id": (
        "Pagalba gaunant asmens dokumentus ir banko sąskaitą (pavyzdys)",
        "Padeda iš kalėjimo išeinantiems asmenims gauti reikiamus dokumentus: gimimo liudijimą, laikinąjį vairuotojo pažymėjimą ar kitą tapatybę patvirtinantį dokumentą, taip pat atsidaryti bazinę banko sąskaitą. "
        "Galime sumokėti mokestį už gimimo liudijimą. Jei galite, pradėkite dar prieš paleidimą.",
        "Asmenys, esantys kalėjime arba paleisti per pastaruosius šešis mėnesius, kurių adresas po paleidimo yra Bedfordšyre."),
    "kit": (
        "Būtiniausių daiktų rinkinys paleidimo dienai (pavyzdys)",
        "Iš HMP Bedford išeinantys asmenys, neturintys kur eiti, gauna kuprinę su miegmaišiu, higienos priemonėmis, paprastu telefonu su sąskaitos likučiu, kelionės bilietu ir vietinių paslaugų žemėlapiu. "
        "Kalėjimo reintegracijos darbuotojai rinkinį užsako likus bent savaitei iki paleidimo.",
        "Iš HMP Bedford išeinantys asmenys, neturintys būsto arba jokių daiktų. Rinkinį užsako kalėjimo reintegracijos darbuotojai."),
    "fair": (
        "Įdarbinimo paslauga „sąžininga galimybė“ (pavyzdys)",
        "Įdarbinimo konsultantai suveda asmenis, turinčius teistumą, su vietos darbdaviais, kurie įsipareigojo jiems suteikti sąžiningą galimybę. "
        "Jie padeda parašyti gyvenimo aprašymą ir laišką apie teistumą, pasiruošti darbo pokalbiams ir palaiko ryšį šešis mėnesius po to, kai pradedate dirbti. "
        "Galite kreiptis patys arba būti nukreipti probacijos tarnybos, kalėjimo ar Jobcentre.",
        "Suaugusieji, turintys teistumą, kurie gyvena Bedfordšyre arba bus ten paleisti. Galite kreiptis patys."),
    "meds": (
        "Vaistų aprūpinimas paleidimo metu (pavyzdys)",
        "Užtikrina, kad iš HMP Bedford išeinantiems asmenims nepritrūktų vaistų, įskaitant pakaitinį gydymą opioidais. "
        "Vaistininkas parūpina vaistų pirmosioms dienoms ir perduoda receptą bendruomenės šeimos gydytojui arba priklausomybių gydymo tarnybai.",
        "Iš HMP Bedford išeinantys asmenys, kurie reguliariai vartoja vaistus. Prieš paleidimą organizuoja sveikatos priežiūros darbuotojai."),
}


def build_translations():
    out = {}
    for slug, (key, town) in TR_SLUGS.items():
        per_slug = OrderedDict()
        for lang in TRANSLATION_LANGS:
            entry = TR[lang][key]
            if key == "dac":
                name = entry[0] if town == "Bedford" else entry[1]
                desc, elig = entry[2], entry[3]
            else:
                name, desc, elig = entry
            if town:
                t, in_area = TR_TOWNS[lang][town]
                name, desc, elig = (s.replace("{T}", t).replace("{inA}", in_area) for s in (name, desc, elig))
                elig = elig[:1].upper() + elig[1:]
            per_slug[lang] = OrderedDict([("name", name), ("description", desc), ("eligibility", elig)])
        out[slug] = per_slug
    return out


TRANSLATIONS = build_translations()


if __name__ == "__main__":
    sys.exit(main())
