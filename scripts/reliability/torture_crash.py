#!/usr/bin/env python3
"""Crash torture: SIGKILL `breach notify` and `breach check` at random moments, restart, prove nothing is lost.

Each trial starts from the same prepared database (N customer admins with a webhook on the loopback
receiver, an incident affecting all of them, declared) and:
  1. runs `breach notify INC-1`, killed at a random moment (re-run, killed again, until it has queued:
     an operator whose notify died before printing anything runs it again);
  2. runs `breach check` up to K times, each killed at a random moment;
  3. runs `breach check` to completion until no notification is pending.
After every kill and at the end it asserts: nothing marked delivered that the receiver never logged.
At the end: every notification arrived at least once, every request for a contact carried that
notification's Idempotency-Key (so duplicates are recognisable), the same key the body names, and
`breach verify` passes. Prints a SUMMARY line with the figures (kills, duplicates, trials).

Usage: torture_crash.py [--trials N] [--notifications N] [--kills K] [--seed S] [--binary PATH]
"""
import argparse
import collections
import json
import random
import shutil
import sys
import time
from pathlib import Path

import harness


def pending(breach):
    return breach.query("SELECT count(*) FROM notifications WHERE status IN ('queued', 'retrying')")[0][0]


def queued_count(breach):
    return breach.query("SELECT count(*) FROM notifications")[0][0]


def delivered_ids(breach):
    return {row[0] for row in breach.query("SELECT notification_id FROM notifications WHERE status = 'delivered'")}


def received_keys(receiver):
    return {request["headers"].get("Idempotency-Key") for request in receiver.requests()}


def assert_no_false_delivery(breach, receiver, moment):
    false = delivered_ids(breach) - received_keys(receiver)
    if false:
        raise AssertionError(f"{moment}: marked delivered but never received: {sorted(false)[:5]} ({len(false)})")


def prepare(template_dir, binary, receiver, count):
    breach = harness.Breach(binary, template_dir)
    harness.contacts_csv(template_dir / "contacts.csv", receiver, count)
    breach.ok("contact", "import", "contacts.csv")
    breach.ok("detect", "Crash torture", "--kind", "data-breach", "--severity", "high")
    breach.ok("affect", "INC-1", "--tag", "customer:torture")
    breach.ok("declare", "INC-1")
    # One timed, uninterrupted pass tells how long the kill window must be.
    probe_dir = template_dir / "probe"
    probe_dir.mkdir()
    shutil.copy(breach.db, probe_dir / "breach.db")
    probe = harness.Breach(binary, probe_dir)
    started = time.monotonic()
    probe.ok("notify", "INC-1")
    window = time.monotonic() - started
    receiver.reset()
    shutil.rmtree(probe_dir)
    return breach.db, window


def trial(number, rng, template_db, directory, binary, receiver, count, kills, verify_each, window):
    receiver.reset()
    directory.mkdir()
    shutil.copy(template_db, directory / "breach.db")
    breach = harness.Breach(binary, directory)
    killed = 0
    # 1. notify, killed at a random moment, until its queueing transaction has committed.
    for _ in range(20):
        if harness.kill_after(breach.start("notify", "INC-1"), rng.uniform(0, window)):
            killed += 1
        assert_no_false_delivery(breach, receiver, f"trial {number} after notify")
        if queued_count(breach) > 0:
            break
    if queued_count(breach) != count:
        raise AssertionError(f"trial {number}: {queued_count(breach)} of {count} notifications queued")
    # 2. checks killed at random moments.
    for _ in range(kills):
        if pending(breach) == 0:
            break
        if harness.kill_after(breach.start("check"), rng.uniform(0, window)):
            killed += 1
        assert_no_false_delivery(breach, receiver, f"trial {number} after a killed check")
        if verify_each:
            breach.verify()
    # 3. restart until nothing is pending.
    for _ in range(10):
        if pending(breach) == 0:
            break
        status, _, err = breach.run("check")
        if status not in (0, 2):
            raise AssertionError(f"trial {number}: check exited {status}: {err.strip()}")
    if pending(breach):
        raise AssertionError(f"trial {number}: {pending(breach)} notifications still pending after 10 checks")
    assert_no_false_delivery(breach, receiver, f"trial {number} at the end")
    ids = {row[0] for row in breach.query("SELECT notification_id FROM notifications")}
    if delivered_ids(breach) != ids:
        raise AssertionError(f"trial {number}: not all delivered: {sorted(ids - delivered_ids(breach))[:5]}")
    # Every notification arrived; every request for a contact carries one key, the one its body names.
    by_contact = collections.defaultdict(set)
    requests = receiver.requests()
    for request in requests:
        key = request["headers"].get("Idempotency-Key")
        body = json.loads(request["body"])
        if body.get("notification_id") != key:
            raise AssertionError(f"trial {number}: Idempotency-Key {key} but body names {body.get('notification_id')}")
        by_contact[request["path"].split("c=")[-1]].add(key)
    missing = ids - received_keys(receiver)
    if missing:
        raise AssertionError(f"trial {number}: never received: {sorted(missing)[:5]} ({len(missing)})")
    mixed = {contact: keys for contact, keys in by_contact.items() if len(keys) != 1}
    if mixed:
        raise AssertionError(f"trial {number}: duplicates with different keys: {list(mixed.items())[:3]}")
    breach.verify()
    duplicates = len(requests) - len(ids)
    shutil.rmtree(directory)
    return killed, duplicates


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--notifications", type=int, default=500)
    parser.add_argument("--kills", type=int, default=3, help="killed checks per trial (default 3)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--verify-each", action="store_true", help="also run verify after every kill")
    parser.add_argument("--binary")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    rng = random.Random(seed)
    binary = harness.find_binary(args.binary)
    started = time.monotonic()
    with harness.temporary_directory("torture") as tmp:
        root = Path(tmp)
        receiver = harness.WebhookReceiver(root)
        try:
            (root / "template").mkdir()
            template_db, window = prepare(root / "template", binary, receiver, args.notifications)
            total_kills = total_duplicates = 0
            for number in range(1, args.trials + 1):
                killed, duplicates = trial(number, rng, template_db, root / f"trial-{number}", binary, receiver,
                                           args.notifications, args.kills, args.verify_each, window)
                total_kills += killed
                total_duplicates += duplicates
                print(f"trial {number}: {killed} kill(s), {duplicates} duplicate request(s), verify ok", flush=True)
        finally:
            receiver.stop()
    harness.summary("torture-crash", trials=args.trials, notifications=args.notifications, kills=total_kills,
                    duplicates=total_duplicates, seed=seed, kill_window_seconds=round(window, 2),
                    seconds=round(time.monotonic() - started, 1))


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
