#!/usr/bin/env python3
"""A scriptable SMTP server (aiosmtpd) for breach's delivery tests (loopback only).

Listens on 127.0.0.1 with an ephemeral port, prints "READY <port>" on stdout,
and appends one JSON line per DATA transaction to --log:
    {"connection": <n>, "peer": [host, port], "mail_from", "rcpt_tos": [...],
     "data": <raw message text>, "reply": <reply sent>, "tls": bool, "auth": <login or null>}

Options:
    --reply CODE            answer every DATA with CODE
    --replies C1,C2,...     answer the n-th DATA with Cn (then the last one again)
    --starttls --cert C --key K   offer and require STARTTLS
    --tls --cert C --key K        implicit TLS (smtps://)
    --auth user:password    require AUTH (PLAIN/LOGIN; only offered over TLS)
    --drop-mid-data         receive the message, then drop the connection without replying
    --max-connections N     greet a client beyond N open connections with 421 and close (a relay's limit)
    --delay SECONDS         wait this long before answering each DATA (a slow relay)

Each DATA log line also has "active" (the connections open at that moment) and "started" / "finished"
(monotonic seconds around the --delay: overlapping intervals mean messages were sent in parallel).
"""
import argparse
import asyncio
import itertools
import json
import signal
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

TEXTS = {
    250: "250 2.0.0 OK: queued",
    421: "421 4.3.2 Service shutting down",
    450: "450 4.2.1 Mailbox busy, try later",
    451: "451 4.3.0 Temporary failure, try again later",
    452: "452 4.3.1 Insufficient storage",
    550: "550 5.1.1 Mailbox unavailable",
    552: "552 5.3.4 Message too big",
    554: "554 5.7.1 Rejected",
    # A hostile server (issue 18): escape sequences and a bell in the reply text.
    553: "553 5.1.3 \x1b[31mRejected\x1b[0m \x1b]0;pwned\x07address",
}
LOCK = threading.Lock()
CONNECTIONS = itertools.count(1)
ACTIVE = [0]


class Handler:
    def __init__(self, args):
        self.args = args
        self.replies = [int(c) for c in (args.replies or args.reply or "250").split(",") if c]
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        with LOCK:
            index = self.count
            self.count += 1
        started = time.monotonic()
        if self.args.delay:
            await asyncio.sleep(self.args.delay)
        code = self.replies[min(index, len(self.replies) - 1)]
        reply = TEXTS.get(code, f"{code} scripted reply")
        if self.args.drop_mid_data:
            reply = "(dropped)"
        entry = {
            "connection": getattr(server, "breach_connection", 0),
            "peer": list(session.peer[:2]) if session.peer else None,
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "data": envelope.original_content.decode("utf-8", "replace") if envelope.original_content else envelope.content.decode("utf-8", "replace"),
            "reply": reply,
            "tls": server.transport.get_extra_info("sslcontext") is not None or session.ssl is not None,
            "auth": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
            "active": ACTIVE[0],
            "started": started,
            "finished": time.monotonic(),
        }
        with LOCK:
            with open(self.args.log, "a", encoding="utf-8") as log:
                log.write(json.dumps(entry) + "\n")
        if self.args.drop_mid_data:
            server.transport.abort()
            return "250 2.0.0 never seen by the client"
        return reply


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == self.user and auth_data.password == self.password
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


class LimitedSMTP(SMTP):
    """Counts open connections; beyond --max-connections, greets with 421 and closes, as relays do."""

    limit = 0
    log = None

    def connection_made(self, transport):
        with LOCK:
            refused = bool(self.limit) and ACTIVE[0] >= self.limit
            if not refused:
                ACTIVE[0] += 1
            else:
                with open(self.log, "a", encoding="utf-8") as log:
                    log.write(json.dumps({"refused_connection": True, "active": ACTIVE[0]}) + "\n")
        self.breach_refused = refused
        if refused:
            transport.write(b"421 4.7.0 Too many connections, try again later\r\n")
            transport.close()
            return
        super().connection_made(transport)

    def connection_lost(self, error):
        if self.breach_refused:
            return
        with LOCK:
            ACTIVE[0] -= 1
        super().connection_lost(error)


class CountingController(Controller):
    """A Controller that binds port 0 and numbers each client connection."""

    def factory(self):
        smtp = LimitedSMTP(self.handler, **self.SMTP_kwargs)
        smtp.breach_connection = next(CONNECTIONS)
        return smtp

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def main():
    # A launcher may hand us a blocked signal mask (Foundation's Process does): unblock so SIGTERM stops us.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, set(signal.Signals))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--log", required=True)
    parser.add_argument("--reply")
    parser.add_argument("--replies")
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth")
    parser.add_argument("--drop-mid-data", action="store_true")
    parser.add_argument("--max-connections", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0)
    args = parser.parse_args()
    LimitedSMTP.limit = args.max_connections
    LimitedSMTP.log = args.log
    open(args.log, "a").close()

    context = None
    if args.starttls or args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
    kwargs = {"hostname": "127.0.0.1", "port": 0, "server_hostname": "breach-test", "data_size_limit": 10 * 1024 * 1024}
    if args.starttls:
        kwargs.update(tls_context=context, require_starttls=True)
    if args.tls:
        kwargs.update(ssl_context=context)
    if args.auth:
        user, _, password = args.auth.partition(":")
        kwargs.update(authenticator=Authenticator(user, password), auth_required=True,
                      auth_require_tls=bool(args.starttls or args.tls))
    controller = CountingController(Handler(args), **kwargs)
    controller.start()
    print(f"READY {controller.port}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
