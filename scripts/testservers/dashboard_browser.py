#!/usr/bin/env python3
"""Loads a breach dashboard page in headless Chromium with a session cookie and keeps what it rendered.

Usage: dashboard_browser.py URL COOKIE_NAME COOKIE_VALUE OUT_DIR NAME

The cookie (from the dashboard's sign-in form) is put into a fresh Chromium profile over the DevTools
protocol (--remote-debugging-pipe: fds 3 and 4, NUL-separated JSON, no extra library), then Chromium is
run again on that profile with --dump-dom (the DOM goes to OUT_DIR/NAME.html and to stdout) and with
--screenshot at a phone's and a desktop's width (OUT_DIR/NAME-phone.png, OUT_DIR/NAME-desktop.png).
"""
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("dashboard_browser: chromium is not installed; run scripts/setup-deps")


BASE_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--password-store=basic",
              "--disable-dev-shm-usage", "--hide-scrollbars", "--disable-extensions", "--disable-background-networking"]


def set_cookie(binary, profile, url, name, value):
    host = urllib.parse.urlsplit(url).hostname
    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()

    def child_fds():
        # Chromium reads commands on fd 3 and writes answers on fd 4; copy high first so neither clobbers the other.
        read_end = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 100)
        write_end = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 100)
        os.dup2(read_end, 3)
        os.dup2(write_end, 4)

    process = subprocess.Popen([binary, *BASE_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
                               preexec_fn=child_fds, pass_fds=(3, 4),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(to_chrome_r)
    os.close(from_chrome_w)
    buffer = b""

    def call(message_id, method, params):
        nonlocal buffer
        os.write(to_chrome_w, json.dumps({"id": message_id, "method": method, "params": params}).encode() + b"\0")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if message.get("id") == message_id:
                    if "error" in message:
                        sys.exit(f"dashboard_browser: {method} failed: {message['error']}")
                    return message.get("result")
            chunk = os.read(from_chrome_r, 65536)
            if not chunk:
                sys.exit(f"dashboard_browser: chromium closed the pipe during {method}")
            buffer += chunk
        sys.exit(f"dashboard_browser: no answer to {method}")

    call(1, "Storage.setCookies", {"cookies": [{
        "name": name, "value": value, "domain": host, "path": "/", "httpOnly": True, "sameSite": "Strict",
        "expires": time.time() + 3600}]})
    cookies = call(2, "Storage.getCookies", {})["cookies"]
    if not any(cookie["name"] == name for cookie in cookies):
        sys.exit("dashboard_browser: the cookie did not stick")
    try:
        call(3, "Browser.close", {})
    except SystemExit:
        pass  # closing may drop the pipe before the answer arrives
    process.wait(timeout=30)


def main():
    url, cookie_name, cookie_value, out_dir, name = sys.argv[1:6]
    binary = chromium()
    os.makedirs(out_dir, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="breach-chromium-")
    try:
        set_cookie(binary, profile, url, cookie_name, cookie_value)
        dom = subprocess.run([binary, *BASE_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                             capture_output=True, text=True, timeout=60)
        if dom.returncode != 0 or not dom.stdout.strip():
            sys.exit(f"dashboard_browser: --dump-dom failed ({dom.returncode}): {dom.stderr[-2000:]}")
        with open(os.path.join(out_dir, f"{name}.html"), "w") as file:
            file.write(dom.stdout)
        for label, size in (("phone", "390,844"), ("desktop", "1280,900")):
            path = os.path.join(out_dir, f"{name}-{label}.png")
            shot = subprocess.run([binary, *BASE_FLAGS, f"--user-data-dir={profile}", f"--screenshot={path}",
                                   f"--window-size={size}", url], capture_output=True, text=True, timeout=60)
            if shot.returncode != 0 or not os.path.exists(path):
                sys.exit(f"dashboard_browser: screenshot failed ({shot.returncode}): {shot.stderr[-2000:]}")
        sys.stdout.write(dom.stdout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
