"""The educator app in a real headless browser (Debian's chromium driven by Playwright),
with every host but this machine unreachable: the page must load, step, switch
policy, reset and open a lesson using only what `ecosim viz` serves locally.

One test, one browser, one server: the machine's 2 cores are shared.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

ARTIFACTS = ROOT / "results" / "artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The network is cut off: no name resolves but this machine's, and anything that
    # would still go out is sent to a closed local port.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
]


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is missing: .ci/run installs it with apt (apt-get install chromium)")
    pytest.skip("no chromium on this machine (apt-get install -y chromium); CI requires it")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def viz_server(ecosim_cmd, clean_env, tmp_path):
    """`ecosim viz` on a free port; yields (url, server log path)."""
    port = free_port()
    log = tmp_path / "viz.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [ecosim_cmd, "viz", "--port", str(port)],
            cwd=tmp_path,
            env=clean_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as res:
                    if res.status == 200:
                        break
            except OSError:
                pass
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "ecosim viz did not answer in 180 s"
            time.sleep(0.5)
        yield url, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_app_steps_switches_policy_resets_and_opens_a_lesson_offline(viz_server):
    from playwright.sync_api import expect, sync_playwright

    url, log = viz_server
    origin = url.rstrip("/")
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.set_default_timeout(60_000)
            page.on("request", lambda r: requests.append(r.url))
            page.goto(url)

            quarter = page.locator(".ecosim-quarter")
            scenario = page.locator(".ecosim-scenario")
            kpis = page.locator(".ecosim-kpis img")
            step = page.get_by_role("button", name="Step")
            expect(quarter).to_have_text("Quarter 0")
            expect(scenario).to_contain_text("two_speed · complementarity")
            before = kpis.screenshot()

            for i in range(1, 4):
                step.click()
                expect(quarter).to_have_text(f"Quarter {i}")
            expect(page.get_by_text("Step: 3").or_(page.get_by_text("Time: 3.0"))).to_be_visible()
            page.wait_for_timeout(500)  # the KPI image is replaced after the text
            assert kpis.screenshot() != before, "the KPI charts did not change after 3 steps"

            page.locator(".v-select", has_text="Networking policy").click()
            page.locator(".v-menu__content .v-list-item", has_text="isolated").click()
            page.get_by_role("button", name="Reset").click()
            expect(scenario).to_contain_text("two_speed · isolated")
            expect(quarter).to_have_text("Quarter 0")
            step.click()
            expect(quarter).to_have_text("Quarter 1")

            page.locator(".v-select", has_text="Choose a lesson").click()
            page.locator(
                ".v-menu__content .v-list-item", has_text="The homogenization trap"
            ).click()
            page.get_by_role("button", name="Start this lesson").click()
            expect(scenario).to_contain_text("balanced · open_mesh")
            expect(quarter).to_have_text("Quarter 0")
            expect(page.locator(".ecosim-why")).to_contain_text("every good idea travels")
            page.get_by_role("button", name="fr", exact=True).click()
            expect(page.locator(".ecosim-why")).to_contain_text("chaque bonne idée voyage")
            expect(quarter).to_have_text("Trimestre 0")
            page.get_by_role("button", name="▶").click()
            expect(quarter).to_have_text(re.compile(r"Trimestre ([2-9]|\d\d)"))
            page.get_by_role("button", name="❚❚").click()
            expect(page.get_by_role("button", name="▶")).to_be_visible()

            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / "viz-app.png"
            page.wait_for_timeout(500)
            page.screenshot(path=str(shot))
            print(f"\nscreenshot of the app: {shot}")
        finally:
            browser.close()

    outside = [u for u in requests if not (u.startswith(origin) or u.startswith(f"blob:{origin}"))]
    assert not outside, f"requests left this machine: {outside[:5]}"
    assert any("/_solara/cdn/" in u for u in requests), "the page loaded no proxied assets"
    assert "Could not load URL" not in Path(log).read_text(), "the server went to the CDN"
