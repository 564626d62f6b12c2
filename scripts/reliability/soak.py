#!/usr/bin/env python3
"""Concurrency soak: 2 overlapping `breach check` loops and 4 writer processes on one database.

Writers pick at random: detect (then affect), note, advance --force, declare, notify — each command
carrying a unique token in its text. Webhooks answer 503 and 200 alternately, so notify leaves work
that the checkers (running 2 hours later on the clock, when retries are due) pick up concurrently.

Asserts:
  - every command exits 0, or 67 (a rule refusal the random choice provoked: advancing past stabilize,
    declaring twice, notifying an undeclared incident or a met obligation), or 75 (a clean conflict, counted; ideally zero since the service retries);
    checks exit 0 or 2; stderr is one `breach: ` line when not 0;
  - no event lost or doubled: each successful command's token is in exactly one event, a refused
    command's in none;
  - sequences 1..N and each stream's versions 1..n are contiguous; `breach verify` passes;
  - no double send: every notification was received exactly as many times as it was attempted.
Prints a SUMMARY line.

Usage: soak.py [--seconds N] [--writers W] [--seed S] [--binary PATH]
"""
import argparse
import collections
import random
import sys
import threading
import time
from pathlib import Path

import harness

CHECK_NOW = "2026-11-28T11:00:00Z"
# The event each token-carrying command appends (its token may also be quoted by later events).
EVENT_TYPES = {"detect": "incident.detected", "note": "incident.note_added", "advance": "incident.stage_advanced",
               "declare": "incident.declared"}


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.tokens = {}          # token -> expected number of events carrying it (1 or 0)
        self.problems = []

    def record(self, what, status, err, token=None, allowed=(0,)):
        with self.lock:
            self.statuses[(what, status)] += 1
            if token is not None:
                self.tokens[token] = (EVENT_TYPES[what], 1 if status == 0 else 0)
            if status not in allowed:
                self.problems.append(f"{what} exited {status}: {err.strip()}")
            elif status != 0 and (len(err.splitlines()) != 1 or not err.startswith("breach: ")):
                self.problems.append(f"{what} exited {status} without one clean stderr line: {err!r}")


def incidents(breach):
    return breach.query("SELECT id, declared_at IS NOT NULL FROM incidents")


def writer(number, breach, deadline, rng, tally):
    step = 0
    while time.monotonic() < deadline:
        step += 1
        token = f"soak-w{number}-{step}"
        known = incidents(breach)
        choice = rng.random()
        if not known or choice < 0.15:
            status, out, err = breach.run("detect", f"Incident {token}", "--kind", "data-breach", "--severity", "high")
            tally.record("detect", status, err, token)
            if status == 0:
                status, _, err = breach.run("affect", out.strip(), "--tag", "customer:soak")
                tally.record("affect", status, err)
            continue
        incident, declared = rng.choice(known)
        if choice < 0.55:
            status, _, err = breach.run("note", incident, f"note {token}")
            tally.record("note", status, err, token)
        elif choice < 0.70:
            status, _, err = breach.run("advance", incident, "--force", "--reason", f"advance {token}")
            tally.record("advance", status, err, token, allowed=(0, 67, 75))
        elif choice < 0.85 and not declared:
            status, _, err = breach.run("declare", incident, "--reason", f"declare {token}")
            tally.record("declare", status, err, token, allowed=(0, 67, 75))
        else:
            # The soak's contacts are customer admins only; the other obligations have no audience (67).
            status, _, err = breach.run("notify", incident, "--obligation", "customer-admins")
            # 67: not declared yet (or racing the declaration), or the obligation is already met.
            tally.record("notify", status, err, allowed=(0, 67, 75))


def checker(breach, deadline, tally):
    while time.monotonic() < deadline:
        status, _, err = breach.run("check", "--now", CHECK_NOW)
        tally.record("check", status, err, allowed=(0, 2))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--checkers", type=int, default=2)
    parser.add_argument("--contacts", type=int, default=5)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--binary")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    binary = harness.find_binary(args.binary)
    with harness.temporary_directory("soak") as tmp:
        root = Path(tmp)
        receiver = harness.WebhookReceiver(root)
        try:
            breach = harness.Breach(binary, root)
            with open(root / "contacts.csv", "w") as csv:
                csv.write("id,name,role,tags,webhook_url\n")
                flaky = ",".join(["503", "200"] * 50)
                for index in range(args.contacts):
                    csv.write(f"s{index},Soak {index},customer-admin,customer:soak,\"{receiver.url(f'/seq/s{index}/{flaky}')}\"\n")
            breach.ok("contact", "import", "contacts.csv")
            tally = Tally()
            started = time.monotonic()
            deadline = started + args.seconds
            threads = [threading.Thread(target=writer, args=(n, breach, deadline, random.Random(seed + n), tally))
                       for n in range(1, args.writers + 1)]
            threads += [threading.Thread(target=checker, args=(breach, deadline, tally)) for _ in range(args.checkers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            problems = list(tally.problems)
            # No event lost or doubled.
            events = breach.query("SELECT type, payload FROM events")
            for token, (kind, expected) in tally.tokens.items():
                # "soak-w1-1" is a prefix of "soak-w1-10": match whole tokens only.
                exact = sum(1 for t, p in events if t == kind and (f"{token} " in p or f"{token}\"" in p))
                if exact != expected:
                    problems.append(f"token {token}: {exact} event(s), expected {expected}")
            # Contiguous sequences and versions.
            sequences = [row[0] for row in breach.query("SELECT sequence FROM events ORDER BY sequence")]
            if sequences != list(range(1, len(sequences) + 1)):
                problems.append("event sequences are not contiguous")
            for stream, versions in breach.query("SELECT stream, group_concat(version) FROM (SELECT stream, version FROM events ORDER BY stream, version) GROUP BY stream"):
                if [int(v) for v in versions.split(",")] != list(range(1, len(versions.split(",")) + 1)):
                    problems.append(f"{stream}: versions not contiguous: {versions}")
            report = breach.verify()
            # No double send: requests per key equal recorded attempts.
            requests = collections.Counter(r["headers"].get("Idempotency-Key") for r in receiver.requests())
            attempts = dict(breach.query("SELECT notification_id, attempts FROM notifications WHERE channel = 'webhook'"))
            for key, sent in requests.items():
                if sent != attempts.get(key, 0):
                    problems.append(f"{key}: received {sent} time(s), {attempts.get(key, 0)} attempt(s) recorded")
            delivered = breach.query("SELECT count(*) FROM notifications WHERE status = 'delivered'")[0][0]
        finally:
            receiver.stop()
    conflicts = sum(count for (what, status), count in tally.statuses.items() if status == 75)
    commands = sum(tally.statuses.values())
    for problem in problems[:20]:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    harness.summary("soak", seconds=round(elapsed, 1), commands=commands, conflicts=conflicts, events=report["events"],
                    requests=sum(requests.values()), delivered=delivered, problems=len(problems), seed=seed,
                    statuses={f"{w}:{s}": c for (w, s), c in sorted(tally.statuses.items())})
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
