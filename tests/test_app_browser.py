"""The educator app in a real headless browser (Debian's chromium driven by Playwright),
with every host but this machine unreachable, on a projector's 1280x720: the page must
load, open a lesson in compare mode, take ten quick clicks on Step as ten quarters and
save a snapshot of the quarter it shows and names, rebuild both worlds from every knob,
switch language and play, using only what `ecosim viz` serves locally. In English and
in French it measures what a room reads: node labels >= 14 px, chart ticks >= 12 px, no
two node labels overlapping, no slider label over a slider, the sidebar clear of the
worlds, a sector key, no Mesa or Solara words, numbers and names in the page's language.

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
    """A number as the page writes it, in English ("4,406.5") or French ("4 406,5")."""
    text = text.replace("+", "").replace("−", "-")
    if "," in text and "." not in text and not re.search(r",\d{3}(\D|$)", text):
        text = text.replace(",", ".")  # a French decimal comma
    return float(re.sub(r"[,\u202f\u00a0 ]", "", text))


def rounding(text: str) -> float:
    """Half a unit of the last digit shown: how far a displayed value may be from the one
    it rounds (`115` may be 114.5-115.5)."""
    match = re.search(r"[.,](\d+)$", text)
    decimals = len(match.group(1)) if match and not re.search(r",\d{3}$", text) else 0
    return 0.5 * 10.0**-decimals


VIEWPORT = {"width": 1280, "height": 720}
#: words of Mesa's own page and Solara's banner that a class must not see
FOREIGN = ("Play Interval", "Render Interval", "Use Threads", "Model Parameters",
           "Information", "This website runs on")  # fmt: skip
MIN_LABEL_PX, MIN_TICK_PX = 14, 12
FRENCH_NUMBER = re.compile("^[+-]?\\d{1,3}(\u202f\\d{3})*(,\\d+)?$")

#: What the page shows, measured by the browser: every SVG text's size on screen (its
#: font size times the drawing's scale), node labels' boxes, the settings' label and
#: slider boxes, and the sidebar's and worlds' boxes.
MEASURE = """() => {
  const box = e => { const r = e.getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom]; };
  const px = t => { const m = t.getScreenCTM();
                    return parseFloat(getComputedStyle(t).fontSize)
                           * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)); };
  const networks = Array.from(document.querySelectorAll('.ecosim-network svg')).map(svg =>
    Array.from(svg.querySelectorAll('g[id^="node-label-"] text')).map(
      t => ({text: t.textContent, px: px(t), box: box(t)})));
  const ticks = Array.from(document.querySelectorAll(
    '.ecosim-kpis g[id^="xtick_"] text, .ecosim-kpis g[id^="ytick_"] text')).map(px);
  const controls = Array.from(document.querySelectorAll('.ecosim-control')).map(c => ({
    label: c.querySelector('.ecosim-control-label') ?
      box(c.querySelector('.ecosim-control-label')) : null,
    text: c.innerText,
    slider: c.querySelector('.v-slider') ? box(c.querySelector('.v-slider')) : null}));
  const sidebar = Array.from(document.querySelectorAll('.ecosim-run, .ecosim-settings-panel'))
    .map(box);
  const worlds = Array.from(document.querySelectorAll(
    '.ecosim-world-0, .ecosim-world-1, .ecosim-kpis')).map(box);
  return {networks, ticks, controls, sidebar, worlds};
}"""


def overlap(a, b, tolerance: float = 0.5) -> bool:
    return (min(a[2], b[2]) - max(a[0], b[0]) > tolerance
            and min(a[3], b[3]) - max(a[1], b[1]) > tolerance)  # fmt: skip


def check_readable(page, lang: str) -> None:
    """Sizes and overlaps at 1280x720, as a room sees them (see MEASURE)."""
    seen = page.evaluate(MEASURE)
    assert len(seen["networks"]) == 2 and all(len(labels) == 10 for labels in seen["networks"])
    for labels in seen["networks"]:
        for label in labels:
            assert label["px"] >= MIN_LABEL_PX, (lang, label)
        for i, a in enumerate(labels):
            for b in labels[i + 1 :]:
                assert not overlap(a["box"], b["box"]), (lang, a, b)
    assert len(seen["ticks"]) >= 16
    assert min(seen["ticks"]) >= MIN_TICK_PX, (lang, min(seen["ticks"]))
    sliders = [c for c in seen["controls"] if c["slider"]]
    assert len(sliders) >= 8, seen["controls"]  # the seed and the knobs
    labels = [c["label"] for c in sliders]
    for control in sliders:
        for other in sliders:
            assert not overlap(control["label"], other["slider"]), (lang, control, other)
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not overlap(a, b), (lang, a, b)
    assert len(seen["sidebar"]) == 2 and len(seen["worlds"]) == 3
    for side in seen["sidebar"]:
        for world in seen["worlds"]:
            assert not overlap(side, world), (lang, "the sidebar covers the worlds", side, world)
    text = page.locator("body").inner_text()
    for word in FOREIGN:
        assert word not in text, (lang, word)


def sector_key_matches(page) -> None:
    from ecosim.viz.network import sector_colour

    key = page.locator(".ecosim-sector-key .ecosim-sector")
    assert key.count() >= 2
    for item in key.all():
        sector = int(item.get_attribute("data-sector"))
        swatch = item.locator(".ecosim-swatch").evaluate("e => getComputedStyle(e).backgroundColor")
        rgb = tuple(round(c * 255) for c in sector_colour(sector - 1)[:3])
        assert swatch == f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})", (sector, swatch)


@pytest.mark.slow
def test_classroom_at_1280x720_in_english_and_french_offline(viz_server):
    from playwright.sync_api import expect, sync_playwright

    from ecosim.viz.app import page_title, world_names
    from ecosim.viz.charts import WORLD_COLOURS
    from ecosim.viz.controls import KNOBS
    from ecosim.viz.effects import compared
    from ecosim.viz.lessons import LESSONS, UI
    from ecosim.viz.view import Frame, snapshot_png

    url, log = viz_server
    origin = url.rstrip("/")
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            page.set_default_timeout(60_000)
            expect.set_options(timeout=60_000)  # 2 cores shared: a step can take seconds
            page.on("request", lambda r: requests.append(r.url))
            page.goto(url)

            quarters = page.locator(".ecosim-quarter")
            scenarios = page.locator(".ecosim-scenario")
            kpis = page.locator(".ecosim-kpis")
            step = page.get_by_role("button", name="Step", exact=True)
            expect(quarters).to_have_count(1)
            expect(quarters).to_have_text("Quarter 0")
            expect(page.get_by_role("tab", name="Worlds and indicators")).to_be_visible()
            for help_text in ("help_step", "help_play", "help_reset"):
                expect(page.locator(".ecosim-run")).to_contain_text(UI["en"][help_text])

            # The central lesson opens in compare mode: two worlds, named in the title.
            page.locator(".v-select", has_text="Choose a lesson").click()
            page.locator(".v-menu__content .v-list-item", has_text="Isolated vs connected").click()
            page.get_by_role("button", name="Start this lesson").click()
            expect(quarters).to_have_count(2)
            expect(page).to_have_title("ecosim: isolated (left) vs connected (right)")
            expect(scenarios.nth(0)).to_have_text("Two-speed world · Isolated · seed 0")
            expect(scenarios.nth(1)).to_have_text("Two-speed world · Complementarity · seed 0")
            expect(page.locator(".ecosim-world-0")).to_contain_text("left: isolated")
            expect(page.locator(".ecosim-world-1")).to_contain_text("right: connected")

            # A teacher's ten quick clicks on Step are ten quarters, in both worlds; the
            # snapshot, offered once the worlds stand still, shows and names that quarter.
            for _ in range(10):
                step.click()
            snapshot = page.get_by_role("button", name="Snapshot (PNG)")
            with page.expect_download() as download:
                snapshot.click()  # waits while the button is disabled (quarters queued)
            shown = quarters.all_inner_texts()
            assert shown == ["Quarter 10", "Quarter 10"], shown
            assert download.value.suggested_filename == "ecosim-quarter-10.png"
            png = Path(download.value.path()).read_bytes()
            lesson = LESSONS[0]
            expected = Frame.of(compared(lesson, quarters=10))
            names = world_names(expected, "en")
            assert png == snapshot_png(expected, page_title(expected, "en"), names, "en")
            for colour in WORLD_COLOURS:
                assert colour_pixels(png, hex_rgb(colour)) > 200

            page.wait_for_timeout(800)  # the drawings are replaced after the counters
            chart = kpis.screenshot()
            for colour in WORLD_COLOURS:
                assert colour_pixels(chart, hex_rgb(colour)) > 200, f"no {colour} line"
            table = page.locator(".ecosim-difference")
            expect(table).to_contain_text("Quarter 10")
            expect(table).to_contain_text("connected − isolated")
            rows = table.locator("tr").all()[1:]
            assert len(rows) == 4
            for row in rows:
                _, left, right, diff = (c.inner_text() for c in row.locator("td").all())
                margin = rounding(left) + rounding(right) + rounding(diff)
                assert abs(number(right) - number(left) - number(diff)) <= margin, row
            check_readable(page, "en")
            sector_key_matches(page)
            expect(page.locator(".ecosim-sector-key")).to_contain_text("Colour = dominant sector")

            # Every knob (and the seed) moved once with the keyboard; Reset rebuilds both
            # worlds with the new values (the settings line is read from the built model).
            moved = {}
            for knob in KNOBS:
                control = page.locator(f".ecosim-sidebar .ecosim-control-{knob.name}")
                text = control.locator(".ecosim-control-label")
                before = text.inner_text()
                control.get_by_role("slider").focus()
                page.keyboard.press("ArrowRight" if knob.name != "openness" else "ArrowLeft")
                expect(text).not_to_have_text(before)
                moved[knob.name] = text.inner_text()
            seed = page.locator(".ecosim-sidebar .ecosim-control-seed")
            seed.get_by_role("slider").focus()
            page.keyboard.press("ArrowRight")
            expect(seed.locator(".ecosim-control-label")).to_contain_text(": 1")
            page.get_by_role("button", name="Reset").click()
            expect(quarters).to_have_text(["Quarter 0", "Quarter 0"])
            expect(scenarios).to_have_text(
                [
                    "Two-speed world · Isolated · seed 1",
                    "Two-speed world · Complementarity · seed 1",
                ]
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
            editor = page.locator(".ecosim-variant .ecosim-control")
            editor.get_by_role("slider").focus()
            for _ in range(3):
                page.keyboard.press("ArrowRight")
            # The label is drawn by the server: once it reads 4, so does the value Set uses.
            expect(editor.locator(".ecosim-control-label")).to_have_text(
                "Horizon: 4 quarters (0 = never cut)"
            )
            page.get_by_role("button", name="Set in the right world").click()
            expect(page.get_by_role("button", name="Horizon: 4 quarters")).to_be_visible()
            page.get_by_role("button", name="Reset").click()
            expect(settings.nth(0)).to_contain_text("Horizon: 1 quarters")
            expect(settings.nth(1)).to_contain_text("Horizon: 4 quarters")
            step.click()
            expect(quarters).to_have_text(["Quarter 1", "Quarter 1"])

            # French: the page's words, names and numbers, and the same room checks.
            page.get_by_role("button", name="fr", exact=True).click()
            expect(quarters).to_have_text(["Trimestre 1", "Trimestre 1"])
            expect(page.get_by_role("tab", name="Mondes et indicateurs")).to_be_visible()
            expect(page.locator(".ecosim-why")).to_contain_text("Un lien apporte")
            expect(scenarios.nth(0)).to_have_text("Monde à deux vitesses · Isolement · graine 1")
            budget = page.locator(".ecosim-sidebar .ecosim-control-link_budget")
            expect(budget).to_contain_text("Budget de liens\u00a0: 4 liens par pôle")
            expect(page.locator(".ecosim-sidebar .ecosim-control-openness")).to_contain_text(
                "Ouverture\u00a0: 0,75 (part des flux, 0-1)"
            )
            for help_text in ("help_step", "help_play", "help_reset"):
                expect(page.locator(".ecosim-run")).to_contain_text(UI["fr"][help_text])
            # the lesson names the buttons the page shows
            lesson_text = page.locator(".v-card", has_text="À faire").inner_text()
            for button in ("Avancer", "▶ Lecture"):
                assert button in lesson_text
                expect(page.get_by_role("button", name=button, exact=True)).to_be_visible()
            cells = page.locator(".ecosim-difference td")
            expect(cells.nth(1)).not_to_have_text(re.compile(r"\d\.\d|\d,\d{3}"))
            for row in page.locator(".ecosim-difference tr").all()[1:]:
                for cell in row.locator("td").all()[1:]:
                    assert FRENCH_NUMBER.match(cell.inner_text()), cell.inner_text()
            expect(page.locator(".ecosim-sector-key")).to_contain_text("secteur 1")
            check_readable(page, "fr")

            page.get_by_role("button", name="▶ Lecture").click()
            expect(quarters.first).to_have_text(re.compile(r"Trimestre ([3-9]|\d\d)"))
            page.get_by_role("button", name="❚❚ Pause").click()
            expect(page.get_by_role("button", name="▶ Lecture")).to_be_visible()
            left, right = quarters.all_inner_texts()
            assert left == right, (left, right)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.wait_for_timeout(500)
            page.screenshot(path=str(ARTIFACTS / "viz-app-fr.png"))

            page.get_by_role("button", name="en", exact=True).click()
            expect(page.locator(".ecosim-why")).to_contain_text("A link brings")
            expect(page.get_by_role("tab", name="Worlds and indicators")).to_be_visible()
            shot = ARTIFACTS / "viz-app.png"
            page.wait_for_timeout(500)
            page.screenshot(path=str(shot))
            print(f"\nscreenshots of the app: {shot}, {ARTIFACTS / 'viz-app-fr.png'}")
        finally:
            browser.close()

    outside = [u for u in requests if not (u.startswith(origin) or u.startswith(f"blob:{origin}"))]
    assert not outside, f"requests left this machine: {outside[:5]}"
    assert any("/_solara/cdn/" in u for u in requests), "the page loaded no proxied assets"
    assert "Could not load URL" not in Path(log).read_text(), "the server went to the CDN"
