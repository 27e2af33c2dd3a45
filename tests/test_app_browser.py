"""The educator app in a real headless browser (Debian's chromium driven by Playwright),
with every host but this machine unreachable: the page must load, open a lesson in
compare mode, step both worlds together, rebuild them from every knob, switch language
and save a snapshot using only what `ecosim viz` serves locally.

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


def colour_pixels(png: bytes, rgb: tuple[int, int, int], tolerance: int = 40) -> int:
    """How many pixels of an image are close to a colour (a chart's line)."""
    import io

    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    return int((np.abs(pixels - np.array(rgb)).sum(axis=2) < tolerance).sum())


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def number(text: str) -> float:
    return float(text.replace(",", "").replace("+", ""))


def rounding(text: str) -> float:
    """Half a unit of the last digit shown: how far a displayed value may be from the one
    it rounds (`115` may be 114.5-115.5)."""
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10.0**-decimals


@pytest.mark.slow
def test_compare_lesson_steps_both_worlds_knobs_rebuild_languages_snapshot_offline(viz_server):
    from playwright.sync_api import expect, sync_playwright

    from ecosim.viz.charts import WORLD_COLOURS
    from ecosim.viz.controls import KNOBS

    url, log = viz_server
    origin = url.rstrip("/")
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.set_default_timeout(60_000)
            expect.set_options(timeout=60_000)  # 2 cores shared: a step can take seconds
            page.on("request", lambda r: requests.append(r.url))
            page.goto(url)

            quarters = page.locator(".ecosim-quarter")
            scenarios = page.locator(".ecosim-scenario")
            kpis = page.locator(".ecosim-kpis img")
            step = page.get_by_role("button", name="Step")
            expect(quarters).to_have_count(1)
            expect(quarters).to_have_text("Quarter 0")
            expect(page.get_by_role("tab", name="Worlds and indicators")).to_be_visible()

            # The central lesson opens in compare mode: two worlds, named in the title.
            page.locator(".v-select", has_text="Choose a lesson").click()
            page.locator(".v-menu__content .v-list-item", has_text="Isolated vs connected").click()
            page.get_by_role("button", name="Start this lesson").click()
            expect(quarters).to_have_count(2)
            expect(page).to_have_title("ecosim: isolated (left) vs connected (right)")
            expect(scenarios.nth(0)).to_contain_text("two_speed · isolated · seed 0")
            expect(scenarios.nth(1)).to_contain_text("two_speed · complementarity · seed 0")
            expect(page.locator(".ecosim-world-0")).to_contain_text("left: isolated")
            expect(page.locator(".ecosim-world-1")).to_contain_text("right: connected")

            # Step 10 times: both worlds' quarter counters move together.
            for i in range(1, 11):
                step.click()
                expect(quarters).to_have_text([f"Quarter {i}", f"Quarter {i}"])
            page.wait_for_timeout(800)  # the KPI image is replaced after the text
            chart = kpis.screenshot()
            for colour in WORLD_COLOURS:
                assert colour_pixels(chart, hex_rgb(colour)) > 200, (
                    f"no {colour} line in the charts"
                )
            table = page.locator(".ecosim-difference")
            expect(table).to_contain_text("Quarter 10")
            expect(table).to_contain_text("connected − isolated")
            rows = table.locator("tr").all()[1:]
            assert len(rows) == 4
            for row in rows:
                _, left, right, diff = (c.inner_text() for c in row.locator("td").all())
                shown = rounding(left) + rounding(right) + rounding(diff)
                assert abs(number(right) - number(left) - number(diff)) <= shown, (
                    left,
                    right,
                    diff,
                )

            # The snapshot: both networks and the charts in one PNG.
            with page.expect_download() as download:
                page.get_by_role("button", name="Snapshot (PNG)").click()
            png = Path(download.value.path()).read_bytes()
            assert png[:8] == b"\x89PNG\r\n\x1a\n"
            assert download.value.suggested_filename == "ecosim-quarter-10.png"
            for colour in WORLD_COLOURS:
                assert colour_pixels(png, hex_rgb(colour)) > 200

            # Every knob (and the seed) moved once with the keyboard; Reset rebuilds both
            # worlds with the new values (the settings line is read from the built model).
            moved = {}
            for knob in KNOBS:
                slider = page.locator(".v-input__slider", has_text=f"{knob.label['en']}: ")
                before = slider.locator(".v-label").inner_text()
                slider.get_by_role("slider").focus()
                page.keyboard.press("ArrowRight" if knob.name != "openness" else "ArrowLeft")
                expect(slider.locator(".v-label")).not_to_have_text(before)
                moved[knob.name] = slider.locator(".v-label").inner_text()
            seed = page.locator(".v-input__slider", has_text="Seed (another draw of chance)")
            seed.get_by_role("slider").focus()
            page.keyboard.press("ArrowRight")
            expect(seed.locator(".v-label")).to_contain_text(": 1")
            page.get_by_role("button", name="Reset").click()
            expect(quarters).to_have_text(["Quarter 0", "Quarter 0"])
            expect(scenarios).to_have_text(
                ["two_speed · isolated · seed 1", "two_speed · complementarity · seed 1"]
            )
            settings = page.locator(".ecosim-settings")
            for knob in KNOBS:
                for side in range(2):
                    expect(settings.nth(side)).to_contain_text(moved[knob.name])
            assert "Horizon: 1 quarters" in moved["horizon"]
            assert "Diaspora programmes: 0.05" in moved["diaspora_programmes"]
            assert "Tax advantage for returnees: 0.05" in moved["diaspora_tax_advantage"]

            # The right world's differences are the teacher's too: any control.
            page.locator(".v-select", has_text="Control").click()
            page.locator(".v-menu__content .v-list-item", has_text="Horizon").click()
            editor = page.locator(".ecosim-variant .v-input__slider", has_text="Horizon: ")
            editor.get_by_role("slider").focus()
            for _ in range(3):
                page.keyboard.press("ArrowRight")
            # The label is drawn by the server: once it reads 4, so does the value Set uses.
            expect(editor.locator(".v-label")).to_contain_text("Horizon: 4 quarters")
            page.get_by_role("button", name="Set in the right world").click()
            expect(page.get_by_role("button", name="Horizon: 4 quarters")).to_be_visible()
            page.get_by_role("button", name="Reset").click()
            expect(settings.nth(0)).to_contain_text("Horizon: 1 quarters")
            expect(settings.nth(1)).to_contain_text("Horizon: 4 quarters")
            step.click()
            expect(quarters).to_have_text(["Quarter 1", "Quarter 1"])

            # French and back.
            page.get_by_role("button", name="fr", exact=True).click()
            expect(quarters).to_have_text(["Trimestre 1", "Trimestre 1"])
            expect(page.get_by_role("tab", name="Mondes et indicateurs")).to_be_visible()
            expect(page.locator(".ecosim-why")).to_contain_text("Un lien apporte")
            expect(page.locator(".v-input__slider", has_text="Budget de liens: ")).to_be_visible()
            page.get_by_role("button", name="▶").click()
            expect(quarters.first).to_have_text(re.compile(r"Trimestre ([3-9]|\d\d)"))
            page.get_by_role("button", name="❚❚").click()
            expect(page.get_by_role("button", name="▶")).to_be_visible()
            left, right = quarters.all_inner_texts()
            assert left == right, (left, right)
            page.get_by_role("button", name="en", exact=True).click()
            expect(page.locator(".ecosim-why")).to_contain_text("A link brings")
            expect(page.get_by_role("tab", name="Worlds and indicators")).to_be_visible()

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
