"""Headless Debian Chromium against a built site served on 127.0.0.1: shared by the browser
tests of the site, the Mermaid option and the performance pages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_CHROMIUM = "chromium is not installed (Debian: apt-get install chromium); CI installs it"

# The flags the project's browser tests run with: headless, no sandbox (containers), and no
# background traffic, so every request a page makes is one the test can see.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]


@contextmanager
def served(directory: Path, access_log: Path | None = None) -> Iterator[str]:
    """``directory`` served over HTTP on a free local port; yields the base URL. Requests are
    logged to ``access_log`` when given (``"GET /path HTTP/1.1" 200`` lines)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = access_log.open("w") if access_log is not None else None
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(directory)],
        stdout=log or subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("http.server did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        if log is not None:
            log.close()


def dom(url: str, profile: Path, *, wait_ms: int = 5000, window: str | None = None) -> str:
    """The DOM Chromium builds for ``url`` once its scripts ran (``wait_ms`` of virtual time),
    in a window of ``window`` (``"width,height"``) when given."""
    assert CHROMIUM is not None, NO_CHROMIUM
    size = [f"--window-size={window}"] if window else []
    return subprocess.run(
        [CHROMIUM, *FLAGS, *size, f"--user-data-dir={profile}",
         f"--virtual-time-budget={wait_ms}", "--dump-dom", url],
        check=True, capture_output=True, text=True, timeout=120).stdout


def screenshot(url: str, target: Path, profile: Path, *, size: str = "1400,2000",
               wait_ms: int = 5000) -> None:
    """A PNG of ``url`` at ``size`` (width,height), for a person to look at."""
    assert CHROMIUM is not None, NO_CHROMIUM
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={wait_ms}",
         f"--window-size={size}", f"--screenshot={target}", url],
        check=True, capture_output=True, timeout=120)


def requests_made(url: str, profile: Path, netlog: Path, *,
                  wait_ms: int = 5000) -> list[tuple[str, str]]:
    """``(url, initiator)`` of every request Chromium started while it loaded ``url`` and ran
    its scripts, from Chromium's own network log. The initiator is the origin of the page that
    asked for it, or ``"not an origin"`` for the navigation itself and the browser's own
    housekeeping (update checks and the like, which no page asked for)."""
    assert CHROMIUM is not None, NO_CHROMIUM
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--virtual-time-budget={wait_ms}",
         f"--log-net-log={netlog}", "--dump-dom", url],
        check=True, capture_output=True, timeout=120)
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [(event["params"]["url"], str(event["params"].get("initiator", "")))
            for event in log["events"]
            if event["type"] == start and "url" in event.get("params", {})]
