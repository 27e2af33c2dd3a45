"""Load the educator app in headless Debian chromium and check that it renders and steps.

    python .ci/page_check.py URL

Solara draws the page over a websocket after load, so the page's text is read through
the DevTools protocol (chromium's --remote-debugging-port and the `websockets` client
that the app's own server installs with it): the app must show "Quarter 0" and its
panel, and a click on Step must show "Quarter 1". Exits non-zero with the page's text
when it does not. Used by .ci/viz_only.sh, in an environment with only the app's extra.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from websockets.sync.client import connect

TIMEOUT = 120  # seconds for each wait: 2 shared cores, a first load compiles the page


def wait_for(what: str, test, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        value = test()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.5)


class Page:
    def __init__(self, ws):
        self.ws = ws
        self.ids = 0

    def evaluate(self, expression: str):
        self.ids += 1
        self.ws.send(
            json.dumps(
                {
                    "id": self.ids,
                    "method": "Runtime.evaluate",
                    "params": {"expression": expression, "returnByValue": True},
                }
            )
        )
        while True:
            message = json.loads(self.ws.recv(timeout=30))
            if message.get("id") == self.ids:
                return message["result"]["result"].get("value")


def main(url: str) -> int:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("page check: chromium is missing (apt-get install -y chromium)", file=sys.stderr)
        return 1
    profile = Path(tempfile.mkdtemp(prefix="viz-page-check-"))
    proc = subprocess.Popen(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--window-size=1280,720", f"--user-data-dir={profile}",
         "--remote-debugging-port=0", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    text = ""
    page = None
    stack = contextlib.ExitStack()
    try:
        port_file = profile / "DevToolsActivePort"
        wait_for("chromium's DevTools port", port_file.exists, 60)
        port = wait_for("the port", lambda: port_file.read_text().split("\n")[0].strip(), 10)

        def page_target():
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
                pages = [t for t in json.load(r) if t.get("type") == "page"]
            return pages[0]["webSocketDebuggerUrl"] if pages else None

        ws = stack.enter_context(
            connect(wait_for("a page in chromium", page_target, 60), max_size=None)
        )
        page = Page(ws)

        def quarter(n: int):
            found = page.evaluate(
                "Array.from(document.querySelectorAll('.ecosim-quarter'))"
                ".map(e => e.innerText).join('|')"
            )
            return found and all(q == f"Quarter {n}" for q in found.split("|"))

        wait_for("the app's page with Quarter 0", lambda: quarter(0))
        text = page.evaluate("document.body.innerText")
        for needed in ("Worlds and indicators", "Lessons", "Step"):
            # (tabs and buttons are upper-cased by CSS in innerText)
            assert needed.lower() in text.lower(), f"the page lacks {needed!r}"
        page.evaluate(
            "Array.from(document.querySelectorAll('button'))"
            ".find(b => b.innerText.trim().toLowerCase() === 'step').click()"
        )
        wait_for("Quarter 1 after a click on Step", lambda: quarter(1))
        print("page check: the app rendered (Quarter 0, its panels) and stepped to Quarter 1")
        return 0
    except (TimeoutError, AssertionError) as exc:
        # the browser may be gone: show what we have
        with contextlib.suppress(Exception):
            text = (page and page.evaluate("document.body.innerText")) or text
        print(f"page check failed: {exc}\n--- page text ---\n{text[:3000]}", file=sys.stderr)
        return 1
    finally:
        stack.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
