#!/usr/bin/env python3
"""Writes golden.csv: hand-chosen deadline cases and their expected due times.

The expected values are computed here, independently of breach: Python's zoneinfo for time zones and
daylight saving (wall times that do not exist or exist twice resolve with fold=0, the offset in force
before the transition), and the holiday lists below typed by hand from the official sources. Rows
marked `hand` were also worked out on paper; the script checks that it agrees with them.

Run:  python3 Fixtures/deadlines/golden.py  (rewrites golden.csv next to it)
"""
import csv, datetime as dt, os
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc
CAL = {
    'ny-test': (ZoneInfo('America/New_York'), 2026, 2027, {
        '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12',
        '2026-11-11', '2026-11-26', '2026-12-25', '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18',
        '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-24', '2027-12-31'}),
    'de-test': (ZoneInfo('Europe/Berlin'), 2026, 2026, {
        '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26'}),
    'utc-plain': (ZoneInfo('UTC'), 2024, 2030, set()),
    None: (ZoneInfo('UTC'), None, None, set()),
}
# playbook -> (calendar, anchor, (amount, unit), end_of_day)
RULES = {
    'g-ny-4bd-eod': ('ny-test', 'determined', (4, 'bd'), True),
    'g-ny-4bd': ('ny-test', 'determined', (4, 'bd'), False),
    'g-ny-2bd-declared': ('ny-test', 'declared', (2, 'bd'), False),
    'g-ny-1d': ('ny-test', 'declared', (1, 'd'), False),
    'g-ny-1d-eod': ('ny-test', 'declared', (1, 'd'), True),
    'g-ber-1d': ('de-test', 'aware', (1, 'd'), False),
    'g-ber-3bd': ('de-test', 'aware', (3, 'bd'), False),
    'g-ber-1mo': ('de-test', 'aware', (1, 'mo'), False),
    'g-ber-72h': ('de-test', 'aware', (72, 'h'), False),
    'g-utc-72h': (None, 'aware', (72, 'h'), False),
    'g-utc-1mo': (None, 'aware', (1, 'mo'), False),
    'g-utc-60d': (None, 'aware', (60, 'd'), False),
    'g-utc-5bd': ('utc-plain', 'declared', (5, 'bd'), False),
    'g-milestone': (None, 'milestone', (24, 'h'), False),
    'g-earliest': (None, 'earliest', None, False),
    'g-eoy-utc': (None, 'eoy', (60, 'd'), False),
    'g-eoy-ny': ('ny-test', 'eoy', (60, 'd'), False),
    'g-chain': (None, 'chain', (1, 'mo'), False),
}


class Gap(Exception):
    pass


def t(text):
    return dt.datetime.fromisoformat(text.replace('Z', '+00:00')).astimezone(UTC)


def fmt(instant):
    return instant.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')


def wall(tz, date, clock):
    return dt.datetime.combine(date, clock).replace(tzinfo=tz, fold=0).astimezone(UTC)


def add(anchor, amount, unit, cal, eod):
    tz, first, last, holidays = CAL[cal]
    local = anchor.astimezone(tz)
    if unit == 'h':
        due = anchor + dt.timedelta(hours=amount)
    elif unit == 'd':
        due = wall(tz, local.date() + dt.timedelta(days=amount), local.time())
    elif unit == 'mo':
        index = local.year * 12 + local.month - 1 + amount
        year, month = divmod(index, 12)
        month += 1
        days = [31, 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        due = wall(tz, dt.date(year, month, min(local.day, days)), local.time())
    else:
        day, counted = local.date(), 0
        while counted < amount:
            day += dt.timedelta(days=1)
            if first is not None and not (first <= day.year <= last):
                raise Gap(day.year)
            if day.weekday() < 5 and day.isoformat() not in holidays:
                counted += 1
        due = wall(tz, day, local.time())
    if eod:
        due = wall(tz, due.astimezone(tz).date(), dt.time(23, 59, 59))
    return due


def expected(case):
    cal, anchor, duration, eod = RULES[case['playbook']]
    times = {k: (t(case[k]) if case[k] else None) for k in ('declared_at', 'aware_at', 'determined_at', 'milestone_at', 'filed_at')}
    times['aware_at'] = times['aware_at'] or times['declared_at']
    try:
        if anchor == 'earliest':
            terms = [(times['aware_at'], 24)]
            if times['milestone_at']:
                terms.append((times['milestone_at'], 4))
            return fmt(min(a + dt.timedelta(hours=h) for a, h in terms))
        if anchor == 'eoy':
            tz = CAL[cal][0]
            year = times['aware_at'].astimezone(tz).year
            return fmt(add(wall(tz, dt.date(year, 12, 31), dt.time(23, 59, 59)), *duration, cal, eod))
        if anchor == 'chain':
            if case['obligation'] == 'notification':
                return fmt(add(times['aware_at'], 72, 'h', cal, eod))
            return fmt(add(times['filed_at'], *duration, cal, eod))
        start = {'declared': times['declared_at'], 'aware': times['aware_at'], 'determined': times['determined_at'],
                 'milestone': times['milestone_at']}[anchor]
        return fmt(add(start, *duration, cal, eod))
    except Gap as gap:
        return f'error:calendar does not cover {gap.args[0]}'


CASES = []


def case(playbook, obligation, rule, note, declared, aware='', determined='', milestone='', milestone_at='', filed='', filed_at='', hand=''):
    CASES.append(dict(case_id=f'{len(CASES) + 1:03d}', playbook=playbook, obligation=obligation, declared_at=declared, aware_at=aware,
                      determined_at=determined, milestone=milestone, milestone_at=milestone_at, filed_obligation=filed,
                      filed_at=filed_at, rule=rule, note=note, hand=hand))


# --- SEC 8-K: 4 business days in New York, due at the end of the day; evening determinations
eod = '4 business days after determination, New York dates, end of day (23:59:59 NY)'
for day, note in [('2026-03-03T01:30:00Z', 'Monday 20:30 EST evening (the issue\'s case): due Friday'),
                  ('2026-03-04T01:30:00Z', 'Tuesday 20:30 EST evening'), ('2026-03-05T01:30:00Z', 'Wednesday 20:30 EST evening'),
                  ('2026-03-06T01:30:00Z', 'Thursday 20:30 EST evening, across the US DST start (8 March)'),
                  ('2026-03-07T01:30:00Z', 'Friday 20:30 EST evening, across DST start'),
                  ('2026-03-02T14:00:00Z', 'Monday 09:00 EST morning'), ('2026-03-03T04:59:00Z', 'Monday 23:59 EST'),
                  ('2026-03-03T05:01:00Z', 'Tuesday 00:01 EST'), ('2026-03-07T15:00:00Z', 'Saturday: day 1 is Monday'),
                  ('2026-06-16T00:30:00Z', 'Monday 20:30 EDT, over Juneteenth (Fri 19 June)'),
                  ('2026-06-30T23:00:00Z', 'Tuesday 19:00 EDT, over Independence Day observed (Fri 3 July)'),
                  ('2026-09-04T22:00:00Z', 'Friday 18:00 EDT before Labor Day'),
                  ('2026-10-30T23:30:00Z', 'Friday 19:30 EDT, across the US DST end (1 November)'),
                  ('2026-11-03T01:00:00Z', 'Monday 20:00 EST, over Veterans Day (Wed 11 Nov)'),
                  ('2026-11-24T01:00:00Z', 'Monday 20:00 EST, over Thanksgiving (Thu 26 Nov)'),
                  ('2026-11-26T15:00:00Z', 'on Thanksgiving itself'),
                  ('2026-12-22T22:00:00Z', 'Tuesday 17:00 EST, over Christmas'),
                  ('2026-12-29T02:00:00Z', 'Monday 21:00 EST, over New Year 2027'),
                  ('2027-01-15T23:00:00Z', 'Friday 18:00 EST before MLK Day 2027'),
                  ('2027-02-26T01:00:00Z', 'Thursday 20:00 EST, month end February 2027'),
                  ('2027-12-21T01:00:00Z', 'Monday 20:00 EST, over Christmas observed (Fri 24 Dec 2027)'),
                  ('2026-01-13T01:30:00Z', 'Monday 20:30 EST, over MLK Day 2026 (19 Jan)')]:
    case('g-ny-4bd-eod', 'form', eod, note, declared='2026-01-05T12:00:00Z' if day < '2026-03' else '2026-02-01T12:00:00Z', determined=day)
CASES[0]['hand'] = '2026-03-07T04:59:59Z'  # Fri 6 March 23:59:59 EST
# --- same time of day, New York dates
same = '4 business days after determination, New York dates, same NY wall time'
for day, note in [('2026-03-06T15:00:00Z', 'Friday 10:00 EST; due Thursday 10:00 EDT across DST start'),
                  ('2026-03-03T01:30:00Z', 'Monday 20:30 EST evening: Friday 20:30 EST'),
                  ('2026-10-29T14:00:00Z', 'Thursday 10:00 EDT; due Wednesday 10:00 EST across DST end'),
                  ('2026-11-25T20:00:00Z', 'Wednesday before Thanksgiving 15:00 EST'),
                  ('2027-03-12T22:00:00Z', 'Friday 17:00 EST; DST starts 14 March 2027'),
                  ('2027-07-02T13:00:00Z', 'Friday 09:00 EDT before Independence Day observed (Mon 5 July 2027)')]:
    case('g-ny-4bd', 'form', same, note, declared='2026-02-01T12:00:00Z', determined=day)
CASES[-6]['hand'] = '2026-03-12T14:00:00Z'
two = '2 business days after declaration, New York dates'
for day, note in [('2026-07-02T23:00:00Z', 'Thursday 19:00 EDT; Friday 3 July observed holiday'),
                  ('2026-12-24T02:00:00Z', 'Wednesday 21:00 EST on 23 Dec; Christmas Friday'),
                  ('2026-12-31T16:00:00Z', 'New Year\'s Eve 11:00 EST'),
                  ('2027-12-30T15:00:00Z', 'Thursday 30 Dec 2027; 31 Dec observed New Year')]:
    case('g-ny-2bd-declared', 'notice', two, note, declared=day)
# --- calendar days in New York across DST, with and without end of day
for day, note in [('2026-03-07T07:30:00Z', 'Sat 02:30 EST; Sun 02:30 does not exist: 03:30 EDT'),
                  ('2026-03-07T15:00:00Z', 'Sat 10:00 EST; Sun 10:00 EDT is 23 hours later'),
                  ('2026-10-31T05:30:00Z', 'Sat 01:30 EDT; Sun 01:30 happens twice: the first (EDT)'),
                  ('2026-10-31T14:00:00Z', 'Sat 10:00 EDT; Sun 10:00 EST is 25 hours later'),
                  ('2026-12-31T22:00:00Z', 'New Year\'s Eve 17:00 EST; year end')]:
    case('g-ny-1d', 'notice', '1 calendar day after declaration, New York wall time', note, declared=day)
CASES[-2]['hand'] = '2026-11-01T15:00:00Z'
for day, note in [('2026-03-07T15:00:00Z', 'Sat 10:00 EST; end of Sunday 8 March EDT'),
                  ('2026-10-31T14:00:00Z', 'Sat 10:00 EDT; end of Sunday 1 November EST'),
                  ('2026-03-03T03:00:00Z', 'Mon 22:00 EST: end of Tuesday NY (UTC would say Wednesday)'),
                  ('2028-02-28T12:00:00Z', 'leap day 2028: end of 29 February')]:
    case('g-ny-1d-eod', 'notice', '1 calendar day after declaration, end of that New York day', note, declared=day)
# --- Europe (Berlin): DST starts 29 March 2026 02:00 CET, ends 25 October 2026 03:00 CEST
for day, note in [('2026-03-28T09:00:00Z', 'Sat 10:00 CET; Sun 10:00 CEST: 23 hours'),
                  ('2026-03-28T01:30:00Z', 'Sat 02:30 CET; Sun 02:30 does not exist: 03:30 CEST'),
                  ('2026-10-24T08:00:00Z', 'Sat 10:00 CEST; Sun 10:00 CET: 25 hours'),
                  ('2026-10-24T00:30:00Z', 'Sat 02:30 CEST; Sun 02:30 happens twice: the first (CEST)'),
                  ('2026-03-28T23:30:00Z', 'Sun 00:30 CET, 29 March; Mon 00:30 CEST'),
                  ('2026-12-31T22:30:00Z', 'Thu 23:30 CET on 31 Dec; year end'),
                  ('2026-02-28T12:00:00Z', 'Sat 28 Feb 13:00 CET; 1 March')]:
    case('g-ber-1d', 'notice', '1 calendar day after awareness, Berlin wall time', note, declared='2027-01-01T00:00:00Z' if day >= '2026-12-31' else '2026-11-01T00:00:00Z', aware=day)
CASES[-7]['hand'] = '2026-03-29T08:00:00Z'
for day, note in [('2026-04-02T10:00:00Z', 'Thursday before Easter: Good Friday and Easter Monday skipped'),
                  ('2026-04-30T15:00:00Z', 'Thursday 30 April; May Day Friday'),
                  ('2026-05-13T08:00:00Z', 'Wednesday before Ascension (Thu 14 May)'),
                  ('2026-05-22T16:00:00Z', 'Friday before Whit Monday'),
                  ('2026-03-26T23:30:00Z', 'Friday 00:30 CET (27 March, Berlin date); across DST start'),
                  ('2026-10-02T09:00:00Z', 'Friday 2 October; German Unity Day is a Saturday'),
                  ('2026-10-23T20:00:00Z', 'Friday 22:00 CEST; across DST end'),
                  ('2026-12-23T11:00:00Z', 'Wednesday before Christmas (Fri 25 Dec)'),
                  ('2026-12-28T11:00:00Z', 'Monday 28 Dec: stays in the covered year'),
                  ('2026-12-29T11:00:00Z', 'Tuesday 29 Dec: needs 2027, which de-test does not cover'),
                  ('2026-12-31T10:00:00Z', 'New Year\'s Eve: needs 2027')]:
    case('g-ber-3bd', 'notice', '3 business days after awareness, Berlin dates, German public holidays', note,
         declared=day, aware=day)
for day, note in [('2026-01-31T10:00:00Z', '31 January: clamps to 28 February'),
                  ('2026-03-01T10:00:00Z', '1 March 11:00 CET; 1 April 11:00 CEST, which is 09:00Z'),
                  ('2026-02-28T23:30:00Z', '1 March 00:30 CET Berlin date; 1 April 00:30 CEST'),
                  ('2026-09-30T10:00:00Z', '30 September 12:00 CEST; 30 October 12:00 CET'),
                  ('2026-03-31T08:00:00Z', '31 March 10:00 CEST; 30 April'),
                  ('2026-12-31T12:00:00Z', '31 December: 31 January 2027')]:
    case('g-ber-1mo', 'notice', '1 month after awareness, Berlin dates', note, declared=day, aware=day)
for day, note in [('2026-03-27T12:00:00Z', 'exact hours across DST start'), ('2026-10-23T12:00:00Z', 'exact hours across DST end')]:
    case('g-ber-72h', 'notice', '72 hours after awareness (exact, zone irrelevant)', note, declared=day, aware=day)
# --- UTC (no calendar): year, leap-year and month ends
for aware, declared, note in [('2026-12-30T10:00:00Z', '2026-12-30T12:00:00Z', 'across the year end'),
                              ('2028-02-27T08:00:00Z', '2028-02-27T09:00:00Z', 'across leap day 2028'),
                              ('2027-02-27T08:00:00Z', '2027-02-27T09:00:00Z', 'across February 2027 (no leap day)'),
                              ('2026-11-28T09:12:00Z', '2026-11-29T08:00:00Z', 'aware the day before declaration'),
                              ('2026-03-27T12:00:00Z', '2026-03-27T12:00:00Z', 'across EU DST start (UTC unaffected)')]:
    case('g-utc-72h', 'notice', '72 hours after awareness', note, declared=declared, aware=aware)
CASES[-4]['hand'] = '2028-03-01T08:00:00Z'
for aware, note in [('2026-01-31T10:00:00Z', '31 Jan 2026: 28 Feb'), ('2028-01-31T10:00:00Z', '31 Jan 2028: 29 Feb (leap)'),
                    ('2027-01-29T10:00:00Z', '29 Jan 2027: 28 Feb'), ('2026-03-31T10:00:00Z', '31 March: 30 April'),
                    ('2026-12-31T23:30:00Z', '31 Dec: 31 Jan next year'), ('2028-02-29T12:00:00Z', 'leap day: 29 March'),
                    ('2026-08-31T00:00:00Z', '31 August: 30 September'), ('2026-05-31T06:00:00Z', '31 May: 30 June')]:
    case('g-utc-1mo', 'notice', '1 month after awareness, UTC dates', note, declared=aware, aware=aware)
CASES[-7]['hand'] = '2028-02-29T10:00:00Z'
for aware, note in [('2026-01-01T00:00:00Z', '60 days from 1 Jan 2026: 2 March'), ('2028-01-01T00:00:00Z', '60 days from 1 Jan 2028: 1 March (leap)'),
                    ('2026-11-15T12:00:00Z', 'across the year end'), ('2027-12-31T23:59:59Z', 'from the last second of 2027')]:
    case('g-utc-60d', 'notice', '60 calendar days after awareness', note, declared=aware, aware=aware)
for day, note in [('2026-12-24T10:00:00Z', 'Thursday 24 Dec: weekends only'), ('2028-02-25T10:00:00Z', 'Friday 25 Feb 2028: over leap day'),
                  ('2030-12-27T10:00:00Z', 'Friday 27 Dec 2030: needs 2031, outside utc-plain')]:
    case('g-utc-5bd', 'notice', '5 business days after declaration, UTC dates, no holidays', note, declared=day)
# --- milestones
for marked, note in [('2026-05-04T10:00:00Z', 'ransom paid after declaration'), ('2026-05-01T09:00:00Z', 'ransom paid before declaration, marked later'),
                     ('2026-12-31T12:00:00Z', 'ransom paid on New Year\'s Eve'), ('2028-02-28T12:00:00Z', 'over leap day')]:
    case('g-milestone', 'report', '24 hours after milestone ransom-paid', note, declared='2026-05-02T00:00:00Z' if marked < '2027' else '2028-02-01T00:00:00Z',
         milestone='ransom-paid', milestone_at=marked)
# --- earliest-of (DORA-like): 4 h after classification as major, no later than 24 h after awareness
for aware, marked, note in [('2026-06-01T08:00:00Z', '', 'not classified: 24 h after awareness'),
                            ('2026-06-01T08:00:00Z', '2026-06-01T10:00:00Z', 'classified 2 h after awareness: 4 h wins'),
                            ('2026-06-01T08:00:00Z', '2026-06-01T22:00:00Z', 'classified 14 h after: 24 h still earlier'),
                            ('2026-06-01T08:00:00Z', '2026-06-01T20:00:00Z', 'classified 12 h after: both at 08:00 next day'),
                            ('2026-12-31T22:00:00Z', '2026-12-31T23:00:00Z', 'across the year end')]:
    case('g-earliest', 'report', 'earliest of 4 h after classified-major and 24 h after awareness', note,
         declared=aware, aware=aware, milestone='classified-major' if marked else '', milestone_at=marked)
# --- end of calendar year (HIPAA under 500): 60 days after the end of the year of discovery
for aware, note in [('2026-03-10T12:00:00Z', 'discovered in 2026: 1 March 2027 23:59:59'),
                    ('2027-07-01T12:00:00Z', 'discovered in 2027: 29 February 2028 23:59:59 (leap)'),
                    ('2026-12-31T23:30:00Z', 'discovered on the last evening of 2026 (UTC)')]:
    case('g-eoy-utc', 'report', '60 days after the end of the calendar year of awareness (UTC)', note, declared=aware, aware=aware)
CASES[-3]['hand'] = '2027-03-01T23:59:59Z'
for aware, note in [('2026-03-10T12:00:00Z', 'New York: year end is 31 Dec 23:59:59 EST'),
                    ('2027-01-01T03:00:00Z', 'UTC 2027 but still 31 Dec 2026 in New York'),
                    ('2027-06-01T12:00:00Z', 'New York, 2027: 29 Feb 2028 23:59:59 EST')]:
    case('g-eoy-ny', 'report', '60 days after the end of the calendar year of awareness (New York)', note, declared=aware, aware=aware)
# --- chains through filings: the final report runs from the filing made outside breach
for filed_at, note in [('2026-06-02T15:00:00Z', 'filed on time'), ('2026-06-10T09:00:00Z', 'filed late: the chain moves with it'),
                       ('2026-01-31T10:00:00Z', 'filed on 31 January: 28 February'), ('2027-12-31T23:00:00Z', 'filed on New Year\'s Eve 2027')]:
    aware = (t(filed_at) - dt.timedelta(hours=30)).strftime('%Y-%m-%dT%H:%M:%SZ')
    case('g-chain', 'final', '1 month after the notification was filed (fulfilled:notification)', note,
         declared=aware, aware=aware, filed='notification', filed_at=filed_at)
for aware, note in [('2026-06-01T08:00:00Z', 'the notification itself: 72 h after awareness')]:
    case('g-chain', 'notification', '72 hours after awareness', note, declared=aware, aware=aware)
# --- calendars running out (ny-test covers 2026-2027)
for day, note in [('2027-12-28T01:00:00Z', 'Monday 20:00 EST 27 Dec 2027: counting reaches 2028'),
                  ('2027-12-30T15:00:00Z', 'Thursday 30 Dec 2027: 2028 needed')]:
    case('g-ny-4bd-eod', 'form', eod, note, declared='2027-12-01T12:00:00Z', determined=day)
case('g-ny-2bd-declared', 'notice', two, 'declared 31 Dec 2027: 2028 needed, declaration refused', declared='2027-12-31T15:00:00Z')
case('g-ny-4bd-eod', 'form', eod, 'Tuesday 21 Dec 2027: stays within 2027', declared='2027-12-01T12:00:00Z', determined='2027-12-21T15:00:00Z')

rows = []
for c in CASES:
    c['expected_due'] = expected(c)
    if c['hand'] and c['hand'] != c['expected_due']:
        raise SystemExit(f"case {c['case_id']}: by hand {c['hand']}, computed {c['expected_due']}")
    c['source'] = 'hand, checked by python zoneinfo (golden.py)' if c['hand'] else 'python zoneinfo (golden.py)'
    rows.append(c)
fields = ['case_id', 'playbook', 'obligation', 'declared_at', 'aware_at', 'determined_at', 'milestone', 'milestone_at',
          'filed_obligation', 'filed_at', 'expected_due', 'rule', 'note', 'source']
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'golden.csv'), 'w', newline='') as f:
    writer = csv.DictWriter(f, fieldnames=fields, extrasaction='ignore', lineterminator='\n')
    writer.writeheader()
    writer.writerows(rows)
print(len(rows), 'cases;', sum(1 for r in rows if r['expected_due'].startswith('error')), 'refusals')
