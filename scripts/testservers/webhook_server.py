#!/usr/bin/env python3
"""A scriptable webhook receiver for breach's delivery tests (loopback only).

Listens on 127.0.0.1 with an ephemeral port (or --port P), prints "READY <port>" on stdout,
and appends one JSON line per request to --log:
    {"method", "path", "headers": {name: value}, "body": <text>, "peer": [host, port]}

Behaviour by path:
    /ok                        200
    /keep-alive                200, the connection left open for the next request (every other path closes it)
    /status/<code>[?retry_after=N]   that status (with Retry-After: N when given)
    /seq/<name>/<c1>,<c2>,...  the codes in order per <name>, then the last one again
    /sleep/<seconds>           sleeps, then 200
    /redirect                  302 with Location: /ok
    /reset                     closes the connection without answering
    /hostile/status            500 whose reason phrase carries terminal escapes and a bell
    /hostile/redirect          302 whose Location header carries terminal escapes
Anything else: 404.
With --tls --cert C --key K it serves HTTPS. With --secret S each log line also
has "signature_valid", checked exactly as a receiver would.
With --standard-secret whsec_... every request is verified with the `standardwebhooks`
library (PyPI) as a Standard Webhooks receiver would: a request that fails is answered
401 and logged with "standard_valid": false and "standard_error"; one that passes is
logged with "standard_valid": true and "tampered_rejected" (whether the library also
refuses the same headers over a body with one byte changed), then served by its path.
"""
import argparse
import hashlib
import hmac
import http.server
import json
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse

LOCK = threading.Lock()
SEQUENCES = {}


def verify_signature(secret, headers, body):
    """What a receiver does: HMAC-SHA256 over "<timestamp>.<body>", constant-time compare."""
    timestamp = headers.get("X-Breach-Timestamp", "")
    signature = headers.get("X-Breach-Signature", "")
    expected = "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return bool(timestamp) and hmac.compare_digest(expected, signature)


def verify_standard(webhook, headers, body):
    """Verifies with the standardwebhooks library; also checks it refuses a tampered copy of the body."""
    from standardwebhooks.webhooks import WebhookVerificationError
    try:
        webhook.verify(body, headers)
    except (WebhookVerificationError, ValueError) as error:
        return {"standard_valid": False, "standard_error": str(error)}
    tampered = bytearray(body or b" ")
    tampered[len(tampered) // 2] ^= 0x01
    try:
        webhook.verify(bytes(tampered), headers, json_parse=False)
        rejected = False
    except (WebhookVerificationError, ValueError, UnicodeDecodeError):
        rejected = True
    return {"standard_valid": True, "tampered_rejected": rejected}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "breach-test-webhook/1"

    def log_message(self, fmt, *args):  # keep stderr quiet
        pass

    def _record(self, body):
        entry = {
            "method": self.command,
            "path": self.path,
            "headers": {k: v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
            "peer": list(self.client_address[:2]),
            "received_at": time.time(),
        }
        if self.server.secret is not None:
            entry["signature_valid"] = verify_signature(self.server.secret, self.headers, body)
        if self.server.standard is not None:
            entry.update(verify_standard(self.server.standard, dict(self.headers.items()), body))
        with LOCK:
            with open(self.server.log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps(entry) + "\n")
        return entry if self.server.standard is not None else None

    def _answer(self, code, headers=None, body=b"", keep_alive=False):
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if not keep_alive:
            self.send_header("Connection", "close")
        self.end_headers()
        if body:
            self.wfile.write(body)
        self.close_connection = not keep_alive

    def do_POST(self):
        self._handle()

    def do_GET(self):
        self._handle()

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        verdict = self._record(body)
        if verdict is not None and not verdict.get("standard_valid"):
            self._answer(401, body=b"signature verification failed")
            return
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = [p for p in url.path.split("/") if p]
        if parts == ["ok"]:
            self._answer(200, body=b'{"ok":true}')
        elif parts == ["keep-alive"]:
            self._answer(200, body=b'{"ok":true}', keep_alive=True)
        elif len(parts) == 2 and parts[0] == "status":
            headers = {}
            if "retry_after" in query:
                headers["Retry-After"] = query["retry_after"][0]
            self._answer(int(parts[1]), headers, b"status")
        elif len(parts) == 3 and parts[0] == "seq":
            codes = [int(c) for c in parts[2].split(",") if c]
            with LOCK:
                index = SEQUENCES.get(parts[1], 0)
                SEQUENCES[parts[1]] = index + 1
            self._answer(codes[min(index, len(codes) - 1)])
        elif len(parts) == 2 and parts[0] == "sleep":
            time.sleep(float(parts[1]))
            try:
                self._answer(200)
            except OSError:
                pass
        elif parts == ["redirect"]:
            self._answer(302, {"Location": "/ok"})
        elif parts == ["hostile", "status"]:
            # What a hostile receiver may send: escape sequences in the status line (issue 18).
            self.send_response_only(500, "Internal \x1b[31mRED\x1b[0m\x07 \x1b]0;pwned\x07Error")
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
        elif parts == ["hostile", "redirect"]:
            self._answer(302, {"Location": "/ok\x1b[2J\x1b]0;pwned\x07"})
        elif parts == ["reset"]:
            # RST instead of an answer.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        else:
            self._answer(404, body=b"not found")


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True
    allow_reuse_address = True


def main():
    # A launcher may hand us a blocked signal mask (Foundation's Process does): unblock so SIGTERM stops us.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, set(signal.Signals))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--log", required=True, help="JSON-lines file receiving every request")
    parser.add_argument("--secret", help="verify X-Breach-Signature with this secret; logs signature_valid")
    parser.add_argument("--standard-secret", help="verify every request with the standardwebhooks library (whsec_...)")
    parser.add_argument("--port", type=int, default=0, help="listen on this port (default: an ephemeral one)")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    server.log_path = args.log
    server.secret = args.secret
    server.standard = None
    if args.standard_secret:
        from standardwebhooks.webhooks import Webhook
        server.standard = Webhook(args.standard_secret)
    open(args.log, "a").close()
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"READY {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
