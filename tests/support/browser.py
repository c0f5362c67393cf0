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


# What DevTools answers when an evaluation races a navigation.
_NAVIGATING = ("Inspected target navigated or closed", "Execution context was destroyed",
               "Cannot find context with specified id")


class Session:
    """A headless Chromium driven over the DevTools protocol on a pipe (no extra package):
    navigate, run JavaScript, click at a point like a user's mouse."""

    def __init__(self, profile: Path, *, window: str = "1400,1000") -> None:
        import os

        assert CHROMIUM is not None, NO_CHROMIUM
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def onto_3_and_4() -> None:
            # Chromium reads commands on fd 3 and writes replies on fd 4.
            reading, writing = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self._process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--window-size={window}", f"--user-data-dir={profile}",
             "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4, to_browser_r, from_browser_w), preexec_fn=onto_3_and_4)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        targets = self._call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self._session = self._call("Target.attachToTarget", targetId=page["targetId"],
                                   flatten=True)["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")

    def _send(self, message: dict[str, object]) -> int:
        import os

        self._next += 1
        message["id"] = self._next
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next

    def _reply(self, wanted: int) -> dict[str, object]:
        import os

        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._from_browser, 1 << 16)
                if not chunk:
                    raise AssertionError("chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, _, self._buffer = self._buffer.partition(b"\0")
            message = json.loads(raw)
            if message.get("id") == wanted:
                if "error" in message:
                    raise AssertionError(f"DevTools: {message['error']}")
                result: dict[str, object] = message.get("result", {})
                return result

    def _call(self, method: str, **params: object) -> dict:  # type: ignore[type-arg]
        return self._reply(self._send({"method": method, "params": params}))

    def call(self, method: str, **params: object) -> dict:  # type: ignore[type-arg]
        """A DevTools command on the page."""
        return self._reply(self._send({"method": method, "params": params,
                                       "sessionId": self._session}))

    def evaluate(self, expression: str) -> object:
        """The value of a JavaScript expression (promises awaited)."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, *, tries: int = 100) -> object:
        """Poll ``expression`` until it is truthy (every 0.1 s, at most ``tries`` times).

        A poll that lands while the page is navigating away (a click just followed a
        link) counts as "not yet": the old document is gone before the new one answers.
        """
        for _ in range(tries):
            try:
                value = self.evaluate(expression)
            except AssertionError as error:
                if not any(sign in str(error) for sign in _NAVIGATING):
                    raise
                value = None
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"never true: {expression}")

    def goto(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self.wait_for(f"document.readyState === 'complete' && location.href === {json.dumps(url)}")

    def click(self, x: float, y: float) -> None:
        """A left click at ``(x, y)`` CSS pixels of the viewport, as a mouse would."""
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                      clickCount=1)

    def close(self) -> None:
        import os

        self._process.terminate()
        self._process.wait(timeout=10)
        os.close(self._to_browser)
        os.close(self._from_browser)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
