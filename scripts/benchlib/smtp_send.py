#!/usr/bin/env python3
"""The limit for email fan-out: smtplib sending N plain-text messages over one SMTP connection.

Usage: smtp_send.py PORT COUNT. Messages are shaped like breach's (headers, ~700-byte body).
"""
import smtplib, sys
from email.message import EmailMessage

port, count = int(sys.argv[1]), int(sys.argv[2])
with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
    for n in range(count):
        msg = EmailMessage()
        msg["From"] = "breach@bench.example"
        msg["To"] = f"admin{n}@customer.example"
        msg["Subject"] = f"[INC-{n}] Security incident affecting your account"
        msg["Message-ID"] = f"<INC-{n}.bench@breach.example>"
        msg.set_content("We are writing to tell you about a security incident. " * 12)
        smtp.send_message(msg)
