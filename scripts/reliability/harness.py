"""Shared plumbing of the long reliability suites (torture_crash.py, soak.py).

Runs the built `breach` binary in an isolated environment (its own database, playbooks from the
checkout, a fixed --now), starts the loopback webhook receiver from scripts/testservers, and reads
the read models straight from SQLite (read-only) to compare them with what the receiver logged.
"""
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-28T09:00:00Z"


def find_binary(explicit=None):
    for candidate in [explicit, os.environ.get("BREACH_BIN"), ROOT / ".build/debug/breach"]:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    sys.exit("breach is not built: run `swift build` first, or pass --binary PATH")


class Breach:
    """One isolated breach installation: a working directory, a database, a fixed clock."""

    def __init__(self, binary, directory, now=NOW):
        self.binary = binary
        self.directory = Path(directory)
        self.db = self.directory / "breach.db"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.directory), "LANG": "C.UTF-8",
            "BREACH_DB": str(self.db), "BREACH_ACTOR": "reliability", "BREACH_NOW": now,
            "BREACH_PLAYBOOKS": str(ROOT / "Playbooks"),
        }

    def start(self, *args):
        """Starts `breach args…` in its own process group, output to files, without waiting."""
        name = f"{time.monotonic_ns()}-{random.randrange(1 << 30)}"
        out = open(self.directory / f"{name}.out", "w+")
        err = open(self.directory / f"{name}.err", "w+")
        process = subprocess.Popen([self.binary, *args], cwd=self.directory, env=self.env, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        process.files = (out, err)
        return process

    @staticmethod
    def finish(process, timeout=120):
        """Waits for a started process; returns (status, stdout, stderr). A negative status is a signal."""
        status = process.wait(timeout=timeout)
        texts = []
        for handle in process.files:
            handle.seek(0)
            texts.append(handle.read())
            handle.close()
            os.unlink(handle.name)
        return status, texts[0], texts[1]

    def run(self, *args, timeout=120):
        return self.finish(self.start(*args), timeout)

    def ok(self, *args):
        status, out, err = self.run(*args)
        if status != 0:
            raise AssertionError(f"breach {' '.join(args)} exited {status}: {err.strip()}")
        return out

    def verify(self):
        """`breach verify --json`; raises unless the chain and read models are intact."""
        status, out, err = self.run("verify", "--json")
        report = json.loads(out) if out.strip() else {}
        if status != 0 or not report.get("ok"):
            raise AssertionError(f"verify failed (exit {status}): {err.strip()} {out.strip()[:300]}")
        return report

    def query(self, sql, *params):
        """Reads the database read-only (WAL readers never block breach's writers)."""
        connection = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=30)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()


def kill_after(process, delay):
    """SIGKILLs the process (group) after `delay` seconds unless it exited first; True if it was killed."""
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True


class WebhookReceiver:
    """scripts/testservers/webhook_server.py on an ephemeral loopback port, logging every request."""

    def __init__(self, directory):
        self.log_path = Path(directory) / "webhook.jsonl"
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts/testservers/webhook_server.py"), "--log", str(self.log_path)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            self.stop()
            sys.exit("the webhook receiver did not start")
        self.port = int(line.split()[1])

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def requests(self):
        if not self.log_path.exists():
            return []
        with open(self.log_path, encoding="utf-8") as log:
            return [json.loads(line) for line in log if line.strip()]

    def reset(self):
        self.log_path.write_text("")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=5)


def contacts_csv(path, receiver, count, prefix="c", tag="customer:torture"):
    """A contact import with `count` customer admins, each with its own webhook path."""
    with open(path, "w", encoding="utf-8") as csv:
        csv.write("id,name,role,tags,webhook_url\n")
        for index in range(count):
            cid = f"{prefix}{index:04d}"
            csv.write(f"{cid},Customer {index},customer-admin,{tag},{receiver.url('/ok?c=' + cid)}\n")


def temporary_directory(label):
    return tempfile.TemporaryDirectory(prefix=f"breach-{label}-")


def summary(kind, **figures):
    """The last line of a suite's output: one JSON object the CI test and docs/reliability.md read."""
    print("SUMMARY " + json.dumps({"suite": kind, **figures}, sort_keys=True), flush=True)
