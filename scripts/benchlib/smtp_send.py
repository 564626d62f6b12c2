#!/usr/bin/env python3
"""The limit for email fan-out: smtplib sending N plain-text messages over C SMTP connections at once.

Usage: smtp_send.py PORT COUNT [CONNECTIONS]. Messages are shaped like breach's (headers, ~700-byte
body); message n goes over connection n % CONNECTIONS, each connection in its own thread (default 1).
"""
import smtplib, sys, threading
from email.message import EmailMessage

port, count = int(sys.argv[1]), int(sys.argv[2])
connections = int(sys.argv[3]) if len(sys.argv) > 3 else 1


def send(first):
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for n in range(first, count, connections):
            msg = EmailMessage()
            msg["From"] = "breach@bench.example"
            msg["To"] = f"admin{n}@customer.example"
            msg["Subject"] = f"[INC-{n}] Security incident affecting your account"
            msg["Message-ID"] = f"<INC-{n}.bench@breach.example>"
            msg.set_content("We are writing to tell you about a security incident. " * 12)
            smtp.send_message(msg)


threads = [threading.Thread(target=send, args=(first,)) for first in range(connections)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
