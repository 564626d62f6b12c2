#!/usr/bin/env python3
"""POSTs N alerts with one fingerprint to breach serve, C at a time, and prints the status counts.

Usage: intake_flood.py BASE_URL TOKEN N CONCURRENCY [RATE [FINGERPRINT]]
With RATE (alerts per second, 0 for as fast as possible) the requests are paced; each thread keeps one
connection. FINGERPRINT "unique" gives every alert its own fingerprint (one incident each); "unique:NAME"
does the same with fingerprints NAME-0, NAME-1, ... so that two runs against one server do not collide.
Prints e.g. "201:1 200:999" (sorted by status, descending), then "rate: X/s over Ys".
"""
import collections
import concurrent.futures
import http.client
import json
import sys
import threading
import time
import urllib.parse


def main():
    base, token, count, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rate = float(sys.argv[5]) if len(sys.argv) > 5 and float(sys.argv[5]) > 0 else None
    fingerprint = sys.argv[6] if len(sys.argv) > 6 else "flood/one"
    url = urllib.parse.urlsplit(base)
    local = threading.local()

    def post(index):
        if rate:
            delay = start + index / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        if fingerprint == "unique" or fingerprint.startswith("unique:"):
            key = f"{fingerprint.partition(':')[2] or 'unique'}-{index}"
        else:
            key = fingerprint
        body = json.dumps({"title": f"Alert {key}", "severity": "high", "fingerprint": key})
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        try:
            connection.request("POST", "/api/v1/alerts", body=body,
                               headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            return response.status
        except Exception as error:  # noqa: BLE001 - every failure is counted, none is hidden
            local.connection = None
            return "error:" + type(error).__name__

    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        statuses = collections.Counter(pool.map(post, range(count)))
    elapsed = time.monotonic() - start
    print(" ".join(f"{status}:{n}" for status, n in sorted(statuses.items(), key=lambda item: str(item[0]), reverse=True)))
    print(f"rate: {count / elapsed:.1f}/s over {elapsed:.2f}s")
    return 0 if all(isinstance(status, int) and status < 300 for status in statuses) else 1


if __name__ == "__main__":
    sys.exit(main())
