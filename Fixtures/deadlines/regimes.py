#!/usr/bin/env python3
"""Writes regimes.csv: hand-chosen deadline cases over the shipped regime playbooks (issue 16).

Each expected due time is computed here with Python's datetime arithmetic and a hand-typed list of
Brazil's fixed national holidays, independently of breach; the test (GoldenRegimeTests) runs every row
through the binary with the shipped Playbooks/ folder. Steps run in order, each at its own time:
  mark:NAME@T   breach mark ID NAME --at T
  facts:K=V,K=V@T   breach facts ID --set K=V ... (run at T)
  file:OID@T    breach file ID OID --reference R --at T
expected_status: pending, missed, withdrawn, absent (never applies), late (created after its due time).
Run: python3 Fixtures/deadlines/regimes.py > Fixtures/deadlines/regimes.csv
"""
import csv, sys
from datetime import datetime, timedelta, timezone, date

UTC = timezone.utc
def t(s): return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
def f(d): return d.strftime("%Y-%m-%dT%H:%M:%SZ")
H = lambda n: timedelta(hours=n)
D = lambda n: timedelta(days=n)

def add_month(d, n=1):
    y, m = d.year + (d.month - 1 + n) // 12, (d.month - 1 + n) % 12 + 1
    import calendar
    return d.replace(year=y, month=m, day=min(d.day, calendar.monthrange(y, m)[1]))

def end_of_year(d): return datetime(d.year, 12, 31, 23, 59, 59, tzinfo=UTC)

BR_HOLIDAYS = {date(y, m, dd) for y in (2026, 2027, 2028) for (m, dd) in
               [(1, 1), (4, 21), (5, 1), (9, 7), (10, 12), (11, 2), (11, 15), (11, 20), (12, 25)]}
BRT = timezone(timedelta(hours=-3))  # America/Sao_Paulo has had no DST since 2019
def br_business_days(start, n):
    local = start.astimezone(BRT)
    day = local.date()
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in BR_HOLIDAYS: n -= 1
    return datetime.combine(day, local.timetz()).astimezone(UTC)

rows = []
def row(pb, ob, declared, aware, steps, due, status, rule, note, source="python datetime (regimes.py)"):
    rows.append(dict(playbook=pb, obligation=ob, declared_at=declared, aware_at=aware, steps=";".join(steps),
                     expected_due=f(due) if isinstance(due, datetime) else due, expected_status=status, rule=rule, note=note, source=source))

# DORA: earliest of 4 h after classification and 24 h after awareness; 72 h after the initial; 1 month after the intermediate.
A = "2026-03-02T01:00:00Z"
row("dora-major-ict", "initial-notification", "2026-03-02T02:00:00Z", A, ["mark:classified-major@2026-03-02T23:00:00Z"],
    min(t("2026-03-02T23:00:00Z") + H(4), t(A) + H(24)), "pending", "DORA Art. 19(4)(a): earliest of classification+4h and awareness+24h",
    "classified major at 23:00 after 22 h of awareness: the 24 h cap wins")
row("dora-major-ict", "initial-notification", "2026-03-02T02:00:00Z", A, ["mark:classified-major@2026-03-02T05:00:00Z"],
    t("2026-03-02T09:00:00Z"), "pending", "DORA Art. 19(4)(a)", "classified 4 h after awareness: 4 h after classification wins")
row("dora-major-ict", "initial-notification", "2026-03-02T02:00:00Z", A, [], t(A) + H(24), "pending", "DORA Art. 19(4)(a)",
    "not classified yet: the 24 h cap alone")
row("dora-major-ict", "initial-notification", "2026-03-02T02:00:00Z", A, ["mark:classified-major@2026-03-02T01:00:00Z"],
    t(A) + H(4), "pending", "DORA Art. 19(4)(a)", "classified at awareness")
row("dora-major-ict", "initial-notification", "2026-03-02T02:00:00Z", A, ["mark:classified-major@2026-03-02T21:00:00Z"],
    t(A) + H(24), "pending", "DORA Art. 19(4)(a)", "classified at 20 h: 4 h later is exactly the cap")
row("dora-major-ict", "intermediate-report", "2026-03-02T02:00:00Z", A, ["file:initial-notification@2026-03-02T08:00:00Z"],
    t("2026-03-02T08:00:00Z") + H(72), "pending", "Del. Reg. 2025/301 Art. 5(2): 72 h after the initial notification", "initial filed at 08:00")
row("dora-major-ict", "final-report", "2026-03-02T02:00:00Z", A,
    ["file:initial-notification@2026-03-02T08:00:00Z", "file:intermediate-report@2026-03-05T07:00:00Z"],
    add_month(t("2026-03-05T07:00:00Z")), "pending", "Del. Reg. 2025/301 Art. 5(3): one month after the intermediate report", "March to April")
row("dora-major-ict", "final-report", "2026-01-29T02:00:00Z", "2026-01-29T01:00:00Z",
    ["file:initial-notification@2026-01-29T05:00:00Z", "file:intermediate-report@2026-01-31T10:00:00Z"],
    add_month(t("2026-01-31T10:00:00Z")), "pending", "Del. Reg. 2025/301 Art. 5(3)", "31 January + 1 month = 28 February")
row("dora-major-ict", "initial-notification", "2026-03-28T13:00:00Z", "2026-03-28T12:00:00Z", [], t("2026-03-29T12:00:00Z"), "pending",
    "DORA Art. 19(4)(a): clock hours", "across the EU DST change (29 March): 24 clock hours in UTC")

# NYDFS 500.17: 72 h after determination; extortion payment 24 h, justification 30 days.
fri = t("2026-03-07T00:30:00Z")  # Friday 6 March 2026, 19:30 EST in New York
row("nydfs-500-17", "extortion-payment", "2026-03-06T12:00:00Z", "2026-03-06T10:00:00Z", ["mark:extortion-paid@2026-03-07T00:30:00Z"],
    fri + H(24), "pending", "23 NYCRR 500.17(c)(1): 24 hours after the payment",
    "paid Friday 19:30 New York time: due Saturday 19:30, weekends do not count")
row("nydfs-500-17", "extortion-justification", "2026-03-06T12:00:00Z", "2026-03-06T10:00:00Z", ["mark:extortion-paid@2026-03-07T00:30:00Z"],
    fri + D(30), "pending", "23 NYCRR 500.17(c)(2): 30 days after the payment", "Friday evening payment, 30 days")
row("nydfs-500-17", "superintendent", "2026-06-12T12:00:00Z", "2026-06-12T10:00:00Z", ["mark:incident-determined@2026-06-12T21:00:00Z"],
    t("2026-06-12T21:00:00Z") + H(72), "pending", "23 NYCRR 500.17(a)(1): 72 hours after determining", "determined Friday 17:00 EDT")
row("nydfs-500-17", "extortion-payment", "2026-03-07T12:00:00Z", "2026-03-07T10:00:00Z", ["mark:extortion-paid@2026-03-08T04:00:00Z"],
    t("2026-03-09T04:00:00Z"), "pending", "23 NYCRR 500.17(c)(1)", "paid Saturday 23:00 EST, the night the US DST starts: 24 clock hours")
row("nydfs-500-17", "extortion-payment", "2026-12-31T12:00:00Z", "2026-12-31T10:00:00Z", ["mark:extortion-paid@2026-12-31T23:30:00Z"],
    t("2027-01-01T23:30:00Z"), "pending", "23 NYCRR 500.17(c)(1)", "paid on New Year's Eve: the holiday does not count")
row("nydfs-500-17", "superintendent", "2026-06-12T12:00:00Z", "2026-06-12T10:00:00Z", [], "", "pending",
    "23 NYCRR 500.17(a)(1)", "no determination recorded yet: no due time")

# CIRCIA (proposed): 72 h (from awareness, conservative), 24 h after a ransom payment.
row("circia-proposed", "covered-incident", "2026-05-01T11:00:00Z", "2026-05-01T10:00:00Z", [], t("2026-05-04T10:00:00Z"), "pending",
    "6 U.S.C. 681b(a)(1) (proposed rule): 72 hours", "counted from awareness")
row("circia-proposed", "ransom-payment", "2026-05-01T11:00:00Z", "2026-05-01T10:00:00Z", ["mark:ransom-paid@2026-05-02T15:00:00Z"],
    t("2026-05-03T15:00:00Z"), "pending", "6 U.S.C. 681b(a)(2) (proposed rule): 24 hours after payment", "ransom paid the day after")
row("circia-proposed", "ransom-payment", "2028-02-28T09:00:00Z", "2028-02-28T08:00:00Z", ["mark:ransom-paid@2028-02-28T12:00:00Z"],
    t("2028-02-29T12:00:00Z"), "pending", "6 U.S.C. 681b(a)(2) (proposed rule)", "into a leap day")

# UK GDPR / PECR
UA = "2026-10-23T16:00:00Z"
UD = "2026-10-23T17:00:00Z"
row("uk-gdpr-pecr", "ico", UD, UA, [], t(UA) + H(72), "pending", "UK GDPR Art. 33(1): 72 hours from awareness", "Friday, across the UK DST end (25 October)")
row("uk-gdpr-pecr", "data-subjects", UD, UA, ["facts:high_risk=true@2026-10-23T18:00:00Z"], t(UA) + H(72), "pending",
    "UK GDPR Art. 34: without undue delay (breach's 72 h target)", "high risk set after declaration")
row("uk-gdpr-pecr", "data-subjects", UD, UA, [], "", "absent", "UK GDPR Art. 34(1): only for a high risk", "no high risk: never applies")
row("uk-gdpr-pecr", "controller", UD, UA, ["facts:processor=true@2026-10-23T18:00:00Z"], t(UA) + H(24), "pending",
    "UK GDPR Art. 33(2): processor to controller (24 h target)", "we are the processor")
row("uk-gdpr-pecr", "ico", UD, UA, ["facts:processor=true@2026-10-23T18:00:00Z"], t(UA) + H(72), "withdrawn",
    "UK GDPR Art. 33(1) is the controller's duty", "processor set: the ICO notice is withdrawn, with the fact as reason")
row("uk-gdpr-pecr", "pecr-initial", UD, UA, ["facts:communications_provider=true@2026-10-23T18:00:00Z"], t(UA) + H(24), "pending",
    "PECR reg. 5A(2); Reg. 611/2013 Art. 2(2): 24 hours", "a communications provider")
row("uk-gdpr-pecr", "pecr-second", UD, UA,
    ["facts:communications_provider=true@2026-10-23T18:00:00Z", "file:pecr-initial@2026-10-24T09:00:00Z"],
    t("2026-10-24T09:00:00Z") + D(3), "pending", "Reg. 611/2013 Art. 2(3): 3 days after the initial notification", "second notification")
row("uk-gdpr-pecr", "pecr-subscribers", UD, UA, ["facts:communications_provider=true,high_risk=true@2026-10-23T18:00:00Z"],
    t(UA) + H(72), "pending", "PECR reg. 5A(3) (breach's 72 h target)", "both facts in one command")
row("uk-gdpr-pecr", "pecr-initial", UD, UA, ["facts:communications_provider=true@2026-10-26T18:00:00Z"], t(UA) + H(24), "late",
    "PECR reg. 5A(2)", "provider status set 3 days later: created already late")

# HIPAA in full
HA = "2026-01-15T12:00:00Z"; HD = "2026-01-15T13:00:00Z"
row("hipaa-breach-notification", "individuals", HD, HA, [], t(HA) + D(60), "pending", "45 CFR 164.404(b): 60 days after discovery", "plain case")
row("hipaa-breach-notification", "hhs-annual", "2026-12-10T13:00:00Z", "2026-12-10T12:00:00Z", ["facts:individuals_affected=400@2026-12-11T09:00:00Z"],
    end_of_year(t("2026-12-10T12:00:00Z")) + D(60), "pending", "45 CFR 164.408(c): 60 days after the end of the calendar year",
    "400 individuals in December: due 1 March 23:59:59")
row("hipaa-breach-notification", "hhs-annual", "2027-12-10T13:00:00Z", "2027-12-10T12:00:00Z", ["facts:individuals_affected=400@2027-12-11T09:00:00Z"],
    end_of_year(t("2027-12-10T12:00:00Z")) + D(60), "pending", "45 CFR 164.408(c)", "into leap year 2028: 29 February")
row("hipaa-breach-notification", "hhs-500-or-more", "2026-12-10T13:00:00Z", "2026-12-10T12:00:00Z", ["facts:individuals_affected=400@2026-12-11T09:00:00Z"],
    "", "absent", "45 CFR 164.408(b): only for 500 or more", "400 individuals: no immediate HHS notice")
row("hipaa-breach-notification", "hhs-500-or-more", HD, HA, ["facts:individuals_affected=600,residents.CA=350,residents.TX=250@2026-01-16T09:00:00Z"],
    t(HA) + D(60), "pending", "45 CFR 164.408(b): 500 or more, with the individuals", "600 across two states")
row("hipaa-breach-notification", "media-ca", HD, HA, ["facts:individuals_affected=600,residents.CA=350,residents.TX=250@2026-01-16T09:00:00Z"],
    "", "absent", "45 CFR 164.406: more than 500 residents of one state", "600 across two states, neither over 500: no media notice")
row("hipaa-breach-notification", "media-ca", HD, HA, ["facts:individuals_affected=600,residents.CA=550,residents.OR=50@2026-01-16T09:00:00Z"],
    t(HA) + D(60), "pending", "45 CFR 164.406(b): 60 days after discovery", "600 across two states, 550 in California: media there")
row("hipaa-breach-notification", "media-or", HD, HA, ["facts:individuals_affected=600,residents.CA=550,residents.OR=50@2026-01-16T09:00:00Z"],
    "", "absent", "45 CFR 164.406", "and not in Oregon")
row("hipaa-breach-notification", "hhs-annual", HD, HA, ["facts:individuals_affected=600@2026-01-16T09:00:00Z"],
    "", "absent", "45 CFR 164.408(c): only under 500", "600: not the annual log")
row("hipaa-breach-notification", "covered-entity", HD, HA, ["facts:business_associate=true@2026-01-16T09:00:00Z"],
    t(HA) + D(60), "pending", "45 CFR 164.410(b): 60 days after discovery", "we are a business associate")
row("hipaa-breach-notification", "individuals", HD, HA, ["facts:business_associate=true@2026-01-16T09:00:00Z"],
    t(HA) + D(60), "withdrawn", "45 CFR 164.404 is the covered entity's duty", "business associate: withdrawn, fact as reason")
row("hipaa-breach-notification", "individuals", HD, HA, ["facts:law_enforcement_delay=true@2026-01-20T09:00:00Z"],
    t(HA) + D(60), "withdrawn", "45 CFR 164.412: law enforcement delay", "the delay withdraws the regular notice")
row("hipaa-breach-notification", "individuals-after-delay", HD, HA,
    ["facts:law_enforcement_delay=true@2026-01-20T09:00:00Z", "mark:law-enforcement-delay-ended@2026-04-01T12:00:00Z"],
    t("2026-04-01T12:00:00Z") + D(1), "pending", "45 CFR 164.412 (breach's 1-day target after the delay)", "delay ended 1 April")
row("hipaa-breach-notification", "hhs-500-or-more", "2026-12-10T13:00:00Z", "2026-12-10T12:00:00Z",
    ["facts:individuals_affected=400@2026-12-11T09:00:00Z", "facts:individuals_affected=600@2027-01-05T09:00:00Z"],
    t("2026-12-10T12:00:00Z") + D(60), "pending", "45 CFR 164.408(b)", "400 corrected to 600 in January: the 60-day notice appears")
row("hipaa-breach-notification", "hhs-annual", "2026-12-10T13:00:00Z", "2026-12-10T12:00:00Z",
    ["facts:individuals_affected=400@2026-12-11T09:00:00Z", "facts:individuals_affected=600@2027-01-05T09:00:00Z"],
    end_of_year(t("2026-12-10T12:00:00Z")) + D(60), "withdrawn", "45 CFR 164.408(c)", "and the annual log entry is withdrawn")
row("hipaa-breach-notification", "hhs-500-or-more", "2026-12-10T13:00:00Z", "2026-12-10T12:00:00Z",
    ["facts:individuals_affected=400@2026-12-11T09:00:00Z", "facts:individuals_affected=600@2027-02-20T09:00:00Z"],
    t("2026-12-10T12:00:00Z") + D(60), "late", "45 CFR 164.408(b)", "corrected after the 60 days: created already late")

# US states: deadlines from awareness (conservative), thresholds per state.
SA = "2026-02-01T00:00:00Z"; SD_ = "2026-02-01T01:00:00Z"; ST = "2026-02-02T09:00:00Z"
def state(ob, facts, days, status, rule, note):
    row("us-state-breach", ob, SD_, SA, [f"facts:{facts}@{ST}"], t(SA) + D(days) if days else "", status, rule, note)
state("ca-residents", "residents.CA=10", 30, "pending", "Cal. Civ. Code 1798.82(a): 30 days", "California, 10 residents")
state("ca-regulator", "residents.CA=501", 30, "pending", "Cal. Civ. Code 1798.82(f): more than 500", "501: the AG gets a sample copy")
state("ca-regulator", "residents.CA=500", None, "absent", "Cal. Civ. Code 1798.82(f): more than 500", "500 is not more than 500")
state("tx-residents", "residents.TX=10", 60, "pending", "Tex. Bus. & Com. Code 521.053(b): 60 days", "Texas individuals")
state("tx-regulator", "residents.TX=250", 30, "pending", "Tex. Bus. & Com. Code 521.053(i): 250 or more, 30 days", "Texas AG at 250")
state("tx-regulator", "residents.TX=249", None, "absent", "Tex. Bus. & Com. Code 521.053(i)", "249 Texans: no AG notice")
state("fl-regulator", "residents.FL=500", 30, "pending", "Fla. Stat. 501.171(3): 500 or more, 30 days", "Florida at 500")
state("ny-regulator", "residents.NY=1", 30, "pending", "N.Y. Gen. Bus. Law 899-aa(8)(a)", "New York: any resident")
state("ny-residents", "residents.NY=1", 30, "pending", "N.Y. Gen. Bus. Law 899-aa(2): 30 days", "New York individuals")
state("oh-residents", "residents.OH=5", 45, "pending", "Ohio Rev. Code 1349.19(B)(2): 45 days", "Ohio")
state("wa-regulator", "residents.WA=501", 30, "pending", "RCW 19.255.010(7): more than 500, 30 days", "Washington AG")
state("wa-regulator", "residents.WA=500", None, "absent", "RCW 19.255.010(7)", "500 is not more than 500")
state("co-regulator", "residents.CO=500", 30, "pending", "Colo. Rev. Stat. 6-1-716(2)(f): 500 or more", "Colorado at 500")
state("al-regulator", "residents.AL=1001", 45, "pending", "Ala. Code 8-38-6(a): more than 1,000, 45 days", "Alabama")
state("al-regulator", "residents.AL=1000", None, "absent", "Ala. Code 8-38-6(a)", "1,000 is not more than 1,000")
state("az-residents", "residents.AZ=3", 45, "pending", "Ariz. Rev. Stat. 18-552(B): 45 days", "Arizona")
state("or-regulator", "residents.OR=251", 45, "pending", "Or. Rev. Stat. 646A.604(1)(b): more than 250", "Oregon")
state("sd-regulator", "residents.SD=251", 60, "pending", "S.D. Codified Laws 22-40-20: more than 250, 60 days", "South Dakota")
state("de-regulator", "residents.DE=501", 60, "pending", "6 Del. C. 12B-102(d): more than 500", "Delaware")
state("ct-regulator", "residents.CT=1", 60, "pending", "Conn. Gen. Stat. 36a-701b(b)(2)", "Connecticut AG with the residents")
state("vt-regulator", "residents.VT=1", 14, "pending", "9 V.S.A. 2435(b)(3): 14 business days (counted as calendar days)", "Vermont preliminary")
state("me-residents", "residents.ME=2", 30, "pending", "10 M.R.S. 1348(1): 30 days", "Maine")
state("ga-residents", "residents.GA=2", 30, "pending", "O.C.G.A. 10-1-912(a): no day count (breach's 30-day target)", "Georgia")
state("mi-residents", "residents.MI=2", 30, "pending", "Mich. Comp. Laws 445.72(1): no day count (30-day target)", "Michigan")
state("pa-regulator", "residents.PA=501", 30, "pending", "73 P.S. 2303(c.1) (Act 33 of 2024): more than 500, with the residents", "Pennsylvania")
state("il-regulator", "residents.IL=501", 30, "pending", "815 ILCS 530/10(e): more than 500", "Illinois")
state("md-regulator", "residents.MD=1", 45, "pending", "Md. Code Com. Law 14-3504(h)", "Maryland")
state("la-regulator", "residents.LA=1", 60, "pending", "La. Admin. Code tit. 16, pt. III, 701", "Louisiana")
state("in-residents", "residents.IN=1", 45, "pending", "Ind. Code 24-4.9-3-3(a): 45 days", "Indiana")
state("nm-regulator", "residents.NM=1001", 45, "pending", "N.M. Stat. 57-12C-10: more than 1,000", "New Mexico")
state("ri-regulator", "residents.RI=501", 45, "pending", "R.I. Gen. Laws 11-49.3-4(a)(2): more than 500", "Rhode Island")
state("tn-residents", "residents.TN=1", 45, "pending", "Tenn. Code 47-18-2107(b): 45 days", "Tennessee")
state("wi-residents", "residents.WI=1", 45, "pending", "Wis. Stat. 134.98(3)(a): 45 days", "Wisconsin")
state("nc-regulator", "residents.NC=1", 30, "pending", "N.C.G.S. 75-65(e1): no day count (30-day target)", "North Carolina")
# A threshold crossed by a later fact change.
CA = "2026-01-05T09:00:00Z"; CD = "2026-01-05T10:00:00Z"
row("us-state-breach", "ca-regulator", CD, CA, ["facts:residents.CA=300@2026-01-06T09:00:00Z", "facts:residents.CA=800@2026-02-20T09:00:00Z"],
    t(CA) + D(30), "late", "Cal. Civ. Code 1798.82(f): more than 500", "300 then 800 after the 30 days: the AG notice appears, already late")
row("us-state-breach", "ca-regulator", CD, CA, ["facts:residents.CA=300@2026-01-06T09:00:00Z", "facts:residents.CA=800@2026-01-20T09:00:00Z"],
    t(CA) + D(30), "pending", "Cal. Civ. Code 1798.82(f)", "300 then 800 within the 30 days: appears in time")
row("us-state-breach", "ca-regulator", CD, CA, ["facts:residents.CA=800@2026-01-06T09:00:00Z", "facts:residents.CA=400@2026-01-08T09:00:00Z"],
    t(CA) + D(30), "withdrawn", "Cal. Civ. Code 1798.82(f)", "800 corrected to 400: withdrawn with the change as reason")
row("us-state-breach", "tx-regulator", CD, CA, ["facts:residents.TX=100@2026-01-06T09:00:00Z", "facts:residents.TX=260@2026-02-10T09:00:00Z"],
    t(CA) + D(30), "late", "Tex. Bus. & Com. Code 521.053(i)", "Texas count crosses 250 after 36 days")

# Elsewhere
row("au-ndb", "assessment", "2026-07-01T01:00:00Z", "2026-07-01T00:00:00Z", [], t("2026-07-31T00:00:00Z"), "pending",
    "Privacy Act 1988 s 26WH(2): 30 days", "assessment")
row("au-ndb", "commissioner", "2026-07-01T01:00:00Z", "2026-07-01T00:00:00Z", ["mark:eligible-breach-determined@2026-07-10T03:00:00Z"],
    t("2026-07-13T03:00:00Z"), "pending", "Privacy Act 1988 s 26WK (breach's 72 h target)", "statement after the determination")
row("au-ndb", "individuals", "2026-07-01T01:00:00Z", "2026-07-01T00:00:00Z",
    ["mark:eligible-breach-determined@2026-07-10T03:00:00Z", "file:commissioner@2026-07-11T05:00:00Z"],
    t("2026-07-14T05:00:00Z"), "pending", "Privacy Act 1988 s 26WL(3) (72 h target after the statement)", "after the statement")
row("sg-pdpa", "pdpc", "2026-08-03T02:00:00Z", "2026-08-03T01:00:00Z",
    ["facts:individuals_affected=500@2026-08-04T01:00:00Z", "mark:assessed-notifiable@2026-08-05T06:00:00Z"],
    t("2026-08-08T06:00:00Z"), "pending", "PDPA s 26D(1): 3 calendar days after assessing; s 26B(1)(b): 500 or more", "500 individuals")
row("sg-pdpa", "pdpc", "2026-08-03T02:00:00Z", "2026-08-03T01:00:00Z", ["facts:individuals_affected=499@2026-08-04T01:00:00Z"],
    "", "absent", "PDPA s 26B(1): neither significant harm nor 500", "499 and no significant harm: not notifiable")
row("sg-pdpa", "individuals", "2026-08-03T02:00:00Z", "2026-08-03T01:00:00Z",
    ["facts:significant_harm=true@2026-08-04T01:00:00Z", "mark:assessed-notifiable@2026-08-05T06:00:00Z", "file:pdpc@2026-08-06T06:00:00Z"],
    t("2026-08-09T06:00:00Z"), "pending", "PDPA s 26D(2) (breach's 72 h target after the PDPC notice)", "significant harm")
for aware, note in [("2026-11-18T15:00:00Z", "Wednesday, across Consciencia Negra (Friday 20 November)"),
                    ("2026-12-23T13:00:00Z", "Wednesday before Christmas"),
                    ("2027-04-20T13:00:00Z", "Tuesday before Tiradentes (Wednesday 21 April)"),
                    ("2026-09-04T02:00:00Z", "Thursday 23:00 in Sao Paulo (a Friday in UTC), across Independence Day (Monday 7 September)"),
                    ("2026-11-13T15:00:00Z", "Friday, across the weekend and Proclamacao da Republica (a Sunday)")]:
    declared = f(t(aware) + H(1))
    row("br-lgpd", "anpd", declared, aware, [f"facts:relevant_risk=true@{f(t(aware) + H(2))}"], br_business_days(t(aware), 3), "pending",
        "Res. CD/ANPD 15/2024 Art. 6: 3 business days (Sao Paulo dates, fixed national holidays)", note)
row("br-lgpd", "anpd", "2026-11-18T16:00:00Z", "2026-11-18T15:00:00Z", [], "", "absent", "LGPD Art. 48: relevant risk or damage",
    "no relevant risk: nothing to communicate")
row("in-cert-in", "cert-in", "2026-04-10T21:00:00Z", "2026-04-10T20:00:00Z", [], t("2026-04-11T02:00:00Z"), "pending",
    "CERT-In Directions 28 April 2022: 6 hours", "noticed at 20:00 UTC (01:30 IST)")
row("ca-pipeda", "commissioner", "2026-05-04T14:00:00Z", "2026-05-04T13:00:00Z", ["mark:rrosh-determined@2026-05-06T15:00:00Z"],
    t("2026-05-09T15:00:00Z"), "pending", "PIPEDA s 10.1(1) (breach's 72 h target)", "real risk of significant harm determined")
row("ca-pipeda", "breach-record", "2026-05-04T14:00:00Z", "2026-05-04T13:00:00Z", [], t("2026-06-03T13:00:00Z"), "pending",
    "PIPEDA s 10.3 (breach's 30-day target)", "every breach is recorded")
row("jp-appi", "preliminary-report", "2026-06-01T01:00:00Z", "2026-06-01T00:00:00Z", ["facts:reportable=true@2026-06-01T02:00:00Z"],
    t("2026-06-04T00:00:00Z"), "pending", "APPI Art. 26(1); Rules Art. 8(1) (3 days, conservative)", "reportable leakage")
row("jp-appi", "final-report", "2026-06-01T01:00:00Z", "2026-06-01T00:00:00Z", ["facts:reportable=true@2026-06-01T02:00:00Z"],
    t("2026-07-01T00:00:00Z"), "pending", "APPI Rules Art. 8(2): 30 days", "final report")
row("jp-appi", "final-report-wrongful", "2026-06-01T01:00:00Z", "2026-06-01T00:00:00Z",
    ["facts:reportable=true,wrongful_purpose=true@2026-06-01T02:00:00Z"], t("2026-07-31T00:00:00Z"), "pending",
    "APPI Rules Art. 8(2): 60 days for a wrongful purpose", "unauthorised access for a wrongful purpose")
row("jp-appi", "final-report", "2026-06-01T01:00:00Z", "2026-06-01T00:00:00Z",
    ["facts:reportable=true,wrongful_purpose=true@2026-06-01T02:00:00Z"], "", "absent",
    "APPI Rules Art. 8(2)", "wrongful purpose: the 30-day report never applies")
# Added after the first hundred (appended so that earlier case ids stay as cited).
state("pa-regulator", "residents.PA=500", None, "absent", "73 P.S. 2303(c.1): more than 500", "500 is not more than 500")

out = csv.writer(sys.stdout, lineterminator="\n")
fields = ["case_id", "playbook", "obligation", "declared_at", "aware_at", "steps", "expected_due", "expected_status", "rule", "note", "source"]
out.writerow(fields)
for i, r in enumerate(rows, 1):
    out.writerow([f"R{i:03d}"] + [r[k] for k in fields[1:]])
