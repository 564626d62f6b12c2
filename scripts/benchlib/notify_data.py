#!/usr/bin/env python3
"""Writes the inputs of scripts/bench-notify for N recipients.

    notify_data.py N URL SECRET CONTACTS_CSV CURL_CONFIG

CONTACTS_CSV: N webhook contacts (hook-1 … hook-N, role customer-admin, tag bench, secret from
$BREACH_BENCH_SECRET) for `breach contact import`. CURL_CONFIG: N signed POSTs to URL of webhook bodies
shaped like breach's (the same keys, a message of the same length), with the Idempotency-Key and the
X-Breach-Timestamp / X-Breach-Signature headers breach sends, for `curl --parallel --config`.
"""
import hashlib
import hmac
import json
import sys
import time

count, url, secret, csv_path, config_path = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]

with open(csv_path, "w") as csv:
    csv.write("id,name,role,tags,webhook_url,webhook_secret\n")
    for n in range(1, count + 1):
        csv.write(f"hook-{n},Receiver {n},customer-admin,bench,{url},env:BREACH_BENCH_SECRET\n")


def quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


stamp = str(int(time.time()))
message = "We are writing to tell you about a security incident that affected your account. " * 6
with open(config_path, "w") as config:
    for n in range(1, count + 1):
        notification = f"INC-1.customer-admins.hook-{n}.webhook"
        body = json.dumps({
            "notification_id": notification,
            "incident": {"id": "INC-1", "title": "Exposed storage bucket", "kind": "data-breach", "severity": "high",
                         "stage": "assess", "declared_at": "2026-03-01T11:30:00Z"},
            "obligation": {"id": "customer-admins", "title": "Notify affected customers' administrators",
                           "due_at": "2026-03-04T11:30:00Z"},
            "subject": "[INC-1] Security incident affecting your account",
            "message": f"Dear Receiver {n},\n{message}",
            "sent_at": "2026-03-01T12:00:00Z",
        }, separators=(",", ":"))
        signature = hmac.new(secret.encode(), f"{stamp}.{body}".encode(), hashlib.sha256).hexdigest()
        if n > 1:
            config.write("next\n")
        config.write(f"url = {quoted(url)}\n")
        config.write(f"data-binary = {quoted(body)}\n")
        config.write('header = "Content-Type: application/json"\n')
        config.write(f'header = {quoted("Idempotency-Key: " + notification)}\n')
        config.write('header = "Expect:"\n')
        config.write(f'header = "X-Breach-Timestamp: {stamp}"\n')
        config.write(f'header = "X-Breach-Signature: sha256={signature}"\n')
        config.write("output = /dev/null\n")
