"""The HTML reports in a real browser: headless Chromium through Playwright, offline, with and without JavaScript.

Needs a Chromium binary (Debian's `chromium`; `RAPPORT_CHROMIUM=/path` overrides the search) and the `playwright`
package (test extra). Playwright's own browser download is never used: Chromium is launched by path.
Without either the tests are skipped with the reason — unless `CI` is set, where they fail: CI must run them.
Screenshots go to `$RAPPORT_ARTIFACTS` (default `build/test-artifacts/`).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
from click.testing import CliRunner

from analyser.cli.main import main

from ..conftest import REPO, SAMPLES

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # starts Chromium

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FALLBACK = Path("/usr/bin/chromium")
# Playwright adds --headless and a fresh temporary --user-data-dir itself; the rest keep Chromium off the network
# (this machine's closed network refuses its background connections) and skip first-run work.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 15_000


def unavailable(reason: str) -> NoReturn:
    """Skip with the reason, or fail when `CI` is set: CI must run the browser tests."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> tuple[str | None, str]:
    """Where Chromium is, or None and why not: `RAPPORT_CHROMIUM`, else PATH, else /usr/bin/chromium."""
    override = os.environ.get("RAPPORT_CHROMIUM")
    if override:
        if os.path.isfile(override) and os.access(override, os.X_OK):
            return override, f"RAPPORT_CHROMIUM={override}"
        return None, f"RAPPORT_CHROMIUM={override} is not an executable file"
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found, f"{name} on PATH"
    if os.access(CHROMIUM_FALLBACK, os.X_OK):
        return str(CHROMIUM_FALLBACK), str(CHROMIUM_FALLBACK)
    return None, f"no Chromium found ({', '.join(CHROMIUM_NAMES)} on PATH, {CHROMIUM_FALLBACK}; set RAPPORT_CHROMIUM=/path)"


def artifacts_dir() -> Path:
    path = Path(os.environ.get("RAPPORT_ARTIFACTS") or REPO / "build" / "test-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Visit:
    """What one page did while it loaded and was used: every request, what was aborted, console and page errors."""

    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Everything that breaks the offline contract: any request but the page itself, any console error or warning."""
        found = [f"request {url}" for url in self.requests if url != self.url]
        found += [f"aborted {url}" for url in self.aborted]
        found += self.console + [f"page error: {error}" for error in self.page_errors]
        return found


def visit(context: BrowserContext, path: Path) -> Visit:
    """Open `path` in a new page of `context`, recording requests and errors; any other request is aborted."""
    page = context.new_page()
    result = Visit(page, path.resolve().as_uri())
    page.on("request", lambda request: result.requests.append(request.url))
    page.on("console", lambda message: result.console.append(f"console {message.type}: {message.text}") if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: result.page_errors.append(str(error)))

    def only_the_page(route: Any) -> None:
        if route.request.url == result.url:
            route.continue_()
        else:
            result.aborted.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_page)
    page.goto(result.url, wait_until="load")
    return result


def require_chromium_and_playwright() -> str:
    """The Chromium executable to launch; skips (fails under CI) when Chromium or playwright is missing."""
    executable, found_by = find_chromium()
    if executable is None:
        unavailable(found_by)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        unavailable(f"playwright is not importable ({error}); install the test extra: pip install -e '.[test]'")
    return executable


def test_chromium_and_playwright_are_found():
    """One plain test for the skip-or-fail decision, so that CI shows a failure, not only setup errors."""
    assert require_chromium_and_playwright()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright; skipped (or failed under CI) when either is missing."""
    executable = require_chromium_and_playwright()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=list(CHROMIUM_ARGS))
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def report_dir(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`rapport report samples/ -o DIR`, run once (after the browser is known to be there)."""
    target = tmp_path_factory.mktemp("report")
    result = CliRunner().invoke(main, ["report", str(SAMPLES), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="session")
def session_pages(report_dir: Path) -> list[Path]:
    pages = sorted((report_dir / "sessions").glob("*.html"))
    assert len(pages) == len(list(SAMPLES.glob("*.txt")))
    return pages


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def context(request: pytest.FixtureRequest, browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context, with JavaScript on and off (the reports must not need it)."""
    made = browser.new_context(java_script_enabled=request.param, viewport=VIEWPORT)
    made.set_default_timeout(TIMEOUT_MS)
    yield made
    made.close()


@pytest.fixture
def no_js(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(java_script_enabled=False, viewport=VIEWPORT)
    made.set_default_timeout(TIMEOUT_MS)
    yield made
    made.close()


def test_the_harness_sees_requests_and_csp_violations(browser, tmp_path):
    """A page that breaks the contract is caught, so a clean run means something."""
    csp = """<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">"""
    body = '<img src="https://example.invalid/x.png"><img src="pixel.png"><script>console.log(1)</script>'
    (tmp_path / "with-csp.html").write_text(f"<!doctype html><html><head>{csp}</head><body>{body}</body></html>", encoding="utf-8")
    (tmp_path / "without-csp.html").write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")
    made = browser.new_context()
    try:
        blocked = visit(made, tmp_path / "with-csp.html")
        assert any("Content Security Policy" in line for line in blocked.console), blocked.console
        assert "https://example.invalid/x.png" in blocked.requests
        leaky = visit(made, tmp_path / "without-csp.html")
        assert set(leaky.aborted) == {"https://example.invalid/x.png", (tmp_path / "pixel.png").as_uri()}
        assert leaky.problems()
    finally:
        made.close()


@pytest.mark.model
def test_every_page_loads_offline_without_console_errors(context, report_dir, session_pages):
    """index.html and every session page: the only request is the page itself, no console error, no page error."""
    problems: dict[str, list[str]] = {}
    for path in [report_dir / "index.html", *session_pages]:
        seen = visit(context, path)
        assert seen.requests[:1] == [seen.url]
        if seen.problems():
            problems[path.relative_to(report_dir).as_posix()] = seen.problems()
        seen.page.close()
    assert not problems, "\n".join(f"{page}: {problem}" for page, found in problems.items() for problem in found)


@pytest.mark.model
def test_index_links_every_session_page(no_js, report_dir, session_pages):
    seen = visit(no_js, report_dir / "index.html")
    links = seen.page.locator("#sessions tbody tr > :first-child a")
    assert sorted(links.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == sorted(f"sessions/{path.name}" for path in session_pages)
    seen.page.unroute("**/*")  # following a link is the one request allowed here
    links.first.click()
    seen.page.wait_for_load_state()
    assert seen.page.url in {path.as_uri() for path in session_pages}
    assert seen.requests == [seen.url, seen.page.url]


@pytest.mark.model
def test_screenshots(browser, report_dir, session_pages, capsys):
    """Full-page screenshots of the index and of one session page, for a person to look at."""
    target = artifacts_dir()
    made = browser.new_context(viewport=VIEWPORT)
    try:
        for path, name in [(report_dir / "index.html", "index.png"), (session_pages[0], f"session-{session_pages[0].stem}.png")]:
            seen = visit(made, path)
            seen.page.screenshot(path=target / name, full_page=True)
            assert seen.problems() == []
    finally:
        made.close()
    with capsys.disabled():
        print(f"\nbrowser screenshots: {target}")


@pytest.mark.model
def test_pages_render_the_same_without_javascript(browser, report_dir, session_pages):
    """Pixel for pixel: nothing on the pages depends on a script."""
    shots = []
    for enabled in (True, False):
        made = browser.new_context(java_script_enabled=enabled, viewport=VIEWPORT)
        try:
            shots.append([visit(made, path).page.screenshot(full_page=True) for path in (report_dir / "index.html", *session_pages)])
        finally:
            made.close()
    assert shots[0] == shots[1]


NUMBER = re.compile(r"[-−]?\d+(?:[.,]\d+)?")
CLOCK = re.compile(r"(\d+):(\d\d)(?::(\d\d))?")


def cell_value(text: str) -> float | None:
    """The number a cell shows ("0,42", "1 200", "42 %", "0:15:02" in seconds), or None for an empty figure ("–")."""
    clock = CLOCK.search(text)
    if clock:
        seconds = 0
        for part in filter(None, clock.groups()):
            seconds = seconds * 60 + int(part)
        return float(seconds)
    match = NUMBER.search(re.sub(r"(?<=\d)[\s\u00a0\u202f](?=\d)", "", text))
    return float(match.group().replace(",", ".").replace("−", "-")) if match else None


def shown_order(page: Page, column: str) -> list[float | str | None]:
    """The values of `column`, read from the cells, in the order the rows appear on screen (top to bottom)."""
    headers = page.locator("#sessions thead th")
    index = next(i for i in range(headers.count()) if headers.nth(i).locator(f'label[for^="sort-{column}-"]').count())
    rows = page.locator("#sessions tbody tr")
    placed = []
    for i in range(rows.count()):
        row = rows.nth(i)
        box = row.bounding_box()
        assert box is not None and box["height"] > 0, f"row {i} is not on screen"
        text = row.locator("td, th").nth(index).inner_text()
        placed.append((box["y"], text.strip().casefold() if column == "session_id" else cell_value(text)))
    assert len({y for y, _ in placed}) == len(placed), "two rows share a line"
    return [value for _, value in sorted(placed)]


def assert_sorted(values: list[Any], *, descending: bool, column: str) -> None:
    known = [value for value in values if value is not None]
    assert known == sorted(known, reverse=descending), f"{column} {'desc' if descending else 'asc'}: {values}"
    assert values[len(known):] == [None] * (len(values) - len(known)), f"{column}: empty figures must come last: {values}"


@pytest.mark.model
def test_index_sorts_without_javascript(no_js, report_dir):
    """Click a sort label, then read where the rows landed on screen: their order must follow the values shown."""
    page = visit(no_js, report_dir / "index.html").page
    radios = page.locator('input[type="radio"][name="sort"]').evaluate_all("inputs => inputs.map(i => i.id)")
    first = "sort-open_question_share-desc"
    assert first in radios
    changed = []
    for radio in [first, *(r for r in radios if r != first)]:
        column, direction = re.fullmatch(r"sort-(\w+)-(asc|desc)", radio).groups()
        before = shown_order(page, column)
        page.locator(f'label[for="{radio}"]').click()
        assert page.locator(f"#{radio}").is_checked(), radio
        after = shown_order(page, column)
        assert_sorted(after, descending=direction == "desc", column=column)
        changed.append(before != after)
    assert any(changed), "no sort label changed the order on screen"


SECTIONS = ("#profile", "#profile .card", "#timelines svg#talk-share-chart", "#timelines svg#marker-chart", "#opening", "#transcript", "#legend")


@pytest.mark.model
def test_session_pages_show_every_section(no_js, session_pages):
    for path in session_pages:
        page = visit(no_js, path).page
        hidden = [selector for selector in SECTIONS if not page.locator(selector).first.is_visible()]
        assert not hidden, f"{path.name}: not visible: {hidden}"
        page.close()


@pytest.mark.model
def test_marker_chart_ticks_move_to_their_utterance_without_a_request(no_js, session_pages):
    """Click the first, middle and last tick of each marker chart: the page jumps to that utterance, offline."""
    from playwright.sync_api import expect

    for path in session_pages:
        seen = visit(no_js, path)
        ticks = seen.page.locator('#marker-chart a[href^="#u"]')
        assert ticks.count() > 0, path.name
        for i in sorted({0, ticks.count() // 2, ticks.count() - 1}):
            href = ticks.nth(i).get_attribute("href")
            ticks.nth(i).click()
            assert seen.page.url == f"{seen.url}{href}"
            target = seen.page.locator(f"li{href}")
            assert target.count() == 1, f"{path.name}: the tick links to {href}, which is not one utterance"
            assert target.evaluate("li => li.matches(':target')")
            expect(target).to_be_in_viewport()
        assert seen.problems() == [], path.name
        assert seen.requests == [seen.url], path.name
        seen.page.close()


NARROW = {"width": 375, "height": 800}


@pytest.mark.model
def test_no_page_scrolls_sideways_on_a_narrow_screen(browser, report_dir, session_pages):
    """At 375 px wide, the index and every session page fit the window: wide tables scroll in their own box, charts shrink."""
    made = browser.new_context(java_script_enabled=False, viewport=NARROW)
    made.set_default_timeout(TIMEOUT_MS)
    try:
        wide = {}
        for path in [report_dir / "index.html", *session_pages]:
            page = visit(made, path).page
            scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert inner_width == NARROW["width"]
            if scroll_width > inner_width:
                wide[path.relative_to(report_dir).as_posix()] = scroll_width
            page.close()
        assert not wide, f"pages wider than {NARROW['width']} px: {wide}"
    finally:
        made.close()


# Each banded cell of the index: the tops of its line boxes (value, then band), and whether the table's own box scrolls.
BAND_LINES = """() => [...document.querySelectorAll('#sessions td[class*="band-"]')].map(td => {
    const range = document.createRange();
    range.selectNodeContents(td);
    return [...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top));
})"""
TABLE_SCROLLS = """() => {
    const box = document.querySelector('#sessions').parentElement;
    return [getComputedStyle(box).overflowX, box.scrollWidth > box.clientWidth];
}"""


@pytest.mark.model
@pytest.mark.parametrize("width", [NARROW["width"], 768, VIEWPORT["width"]])
def test_index_keeps_each_figure_with_its_band(browser, report_dir, width):
    """A figure and its band ("69 %" "correct") stay on one line at any width; on a narrow screen the table scrolls in its box."""
    made = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 800})
    made.set_default_timeout(TIMEOUT_MS)
    try:
        page = visit(made, report_dir / "index.html").page
        cells = page.evaluate(BAND_LINES)
        assert cells and all(len(tops) >= 2 for tops in cells)
        split = [tops for tops in cells if max(tops) - min(tops) > 2]
        assert not split, f"{width} px: a band wrapped under its figure: {split}"
        overflow, scrolls = page.evaluate(TABLE_SCROLLS)
        assert overflow == "auto"
        if width == NARROW["width"]:
            assert scrolls, "the sessions table should scroll in its own box at 375 px"
    finally:
        made.close()


# Transcript text, speaker names and a file name that would run script, load something or set a flag if they were markup.
PWN_PAYLOADS = (
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    "<svg onload=window.__pwned=3></svg>",
    '"><img src=x onerror=alert(1)>',
    "<script>alert(1)</script>",
    "<iframe src=javascript:alert(1)></iframe>",
    "![x](http://evil/x.png) <img src=http://evil/x.png>",
)
PWN_SPEAKER = '<img src=x onerror="window.__pwned=4">'
PWN_FILE = "<svg onload=window.__pwned=5>"
CSP_META = """<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;; style-src &#x27;unsafe-inline&#x27;; img-src data:">"""
PWNED = "() => [typeof window.__pwned, document.querySelectorAll('script, iframe, img, svg [onload], [onerror], [onload]').length]"


def opened_with_javascript(browser: Browser, path: Path) -> tuple[Visit, list[str], list[object]]:
    """`path` in a fresh JavaScript-enabled context: the visit, the dialogs that opened, and what a payload would have set."""
    made = browser.new_context(java_script_enabled=True, viewport=VIEWPORT)
    made.set_default_timeout(TIMEOUT_MS)
    dialogs: list[str] = []
    made.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    seen = visit(made, path)
    seen.page.wait_for_load_state("networkidle")
    return seen, dialogs, seen.page.evaluate(PWNED)


def test_the_harness_sees_a_script_that_runs(browser, tmp_path):
    """The same checks on a page where the payloads are markup: they do catch a script, a dialog and a request."""
    page = tmp_path / "live.html"
    page.write_text(f"<!doctype html><html><body>{PWN_PAYLOADS[0]}{PWN_PAYLOADS[4]}<img src=http://evil/x.png></body></html>", encoding="utf-8")
    seen, dialogs, (flag, live) = opened_with_javascript(browser, page)
    try:
        assert flag == "number" and live > 0
        assert dialogs == ["1"]
        assert "http://evil/x.png" in seen.aborted
    finally:
        seen.page.context.close()


@pytest.mark.model
def test_no_script_from_a_transcript_runs_even_without_the_csp(browser, tmp_path):
    """A report of a transcript full of payloads, opened with JavaScript on, as written and with its CSP removed.

    Without the CSP only the escaping stands between the transcript and the browser: no dialog may
    open, no request leave the page, no payload set its flag, and every payload must show as text.
    """
    from .test_injection import write_payload_transcript

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    rows = tuple((PWN_SPEAKER if i % 2 else "Thérapeute", f"Vous dites {payload} ?" if i % 2 == 0 else payload) for i, payload in enumerate(PWN_PAYLOADS))
    write_payload_transcript(inputs / f"{PWN_FILE}.csv", rows)
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["report", str(inputs), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    [session] = (out / "sessions").glob("*.html")
    checked = 0
    for written in (out / "index.html", session):
        html = written.read_text(encoding="utf-8")
        assert html.count(CSP_META) == 1, f"{written.name}: the CSP meta tag is not where the test expects it"
        bare = written.with_name(f"sans-csp-{written.name}")
        bare.write_text(html.replace(CSP_META, ""), encoding="utf-8")
        for path in (written, bare):
            seen, dialogs, (flag, live) = opened_with_javascript(browser, path)
            try:
                assert dialogs == [], path.name
                assert flag == "undefined" and live == 0, path.name
                assert seen.requests == [seen.url] and seen.aborted == [], path.name
                assert seen.page_errors == [], path.name
                shown = seen.page.locator("body").inner_text()
                expected = [PWN_FILE] if written.name == "index.html" else [PWN_FILE, PWN_SPEAKER, *PWN_PAYLOADS]
                assert [payload for payload in expected if payload not in shown] == [], path.name
                checked += 1
            finally:
                seen.page.context.close()
    assert checked == 4


# --- evidence in words, the coded-only switch, a long session -------------------------------------------------


@pytest.mark.model
def test_evidence_shows_without_hovering_and_rules_open_on_a_click(no_js, session_pages):
    """Each coded utterance says in words what its codes rest on, on the page; the internal rules open with a click, no script."""
    from playwright.sync_api import expect

    for path in session_pages:
        page = visit(no_js, path).page
        lines = page.locator("li.utterance.coded ul.evidence > li")
        assert lines.count() > 0, path.name
        for i in sorted({0, lines.count() // 2, lines.count() - 1}):
            expect(lines.nth(i)).to_be_visible()
            assert " — " in lines.nth(i).inner_text(), path.name
        rules = page.locator("details.rules").first
        expect(rules.locator("ul")).to_be_hidden()
        rules.locator("summary").click()
        expect(rules.locator("ul")).to_be_visible()
        assert re.search(r"[A-Z_]{5,}", rules.locator("ul").inner_text()), "the internal label and rule are there"
        page.close()


LONG_UTTERANCES = 600


@pytest.fixture(scope="session")
def long_session_page(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page of a session of about 600 utterances, the speech of a sample said over and over."""
    folder = tmp_path_factory.mktemp("long")
    sample = (SAMPLES / "rupture-et-reparation.txt").read_text(encoding="utf-8")
    speech = [line for line in sample.splitlines() if line.strip() and not line.startswith("#")]
    lines = (speech * (LONG_UTTERANCES // len(speech) + 1))[:LONG_UTTERANCES]
    (folder / "longue-seance.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(folder / "longue-seance.txt"), "-o", str(folder / "out"), "-q"])
    assert result.exit_code == 0, result.output
    return folder / "out" / "sessions" / "longue-seance.html"


SHOWN_UTTERANCES = "() => [...document.querySelectorAll('li.utterance')].filter(li => li.getClientRects().length > 0).map(li => li.classList.contains('coded'))"
PAGE_SIZE = "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight, window.innerWidth]"


@pytest.mark.model
@pytest.mark.parametrize("width", [NARROW["width"], VIEWPORT["width"]])
def test_the_coded_only_switch_works_without_javascript_on_a_long_session(browser, long_session_page, width):
    """Click the switch: only coded utterances stay, the page gets shorter, nothing scrolls sideways; click again: all back."""
    made = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 800})
    made.set_default_timeout(TIMEOUT_MS)
    try:
        seen = visit(made, long_session_page)
        page = seen.page
        every = page.evaluate(SHOWN_UTTERANCES)
        assert len(every) >= LONG_UTTERANCES * 0.9 and 0 < sum(every) < len(every)
        scroll_width, full_height, inner = page.evaluate(PAGE_SIZE)
        assert scroll_width == inner, "no sideways scrolling"
        page.locator("label[for='only-coded']").click()
        assert page.locator("#only-coded").is_checked()
        shown = page.evaluate(SHOWN_UTTERANCES)
        assert shown == [True] * sum(every), "only the coded utterances, all of them"
        scroll_width, coded_height, inner = page.evaluate(PAGE_SIZE)
        assert scroll_width == inner and coded_height < full_height
        page.locator("label[for='only-coded']").click()
        assert page.evaluate(SHOWN_UTTERANCES) == every
        assert seen.problems() == [] and seen.requests == [seen.url]
    finally:
        made.close()


@pytest.mark.model
def test_the_parts_of_a_long_session_jump_to_an_utterance_the_bar_does_not_hide(browser, long_session_page):
    from playwright.sync_api import expect

    made = browser.new_context(java_script_enabled=False, viewport=NARROW)
    made.set_default_timeout(TIMEOUT_MS)
    try:
        seen = visit(made, long_session_page)
        page = seen.page
        links = page.locator("nav.transcript-tools .parts a")
        assert links.count() == 10
        for i in (1, 5, 9):
            href = links.nth(i).get_attribute("href")
            links.nth(i).click()
            target = page.locator(f"li{href}")
            expect(target).to_be_in_viewport()
            bar = page.locator("nav.transcript-tools").bounding_box()
            box = target.bounding_box()
            assert bar is not None and box is not None
            assert box["y"] >= bar["y"] + bar["height"] - 1, f"{href} is under the sticky bar"
        assert seen.requests == [seen.url]
    finally:
        made.close()


SERIES_DATA = REPO / "tests" / "data" / "series"
# The smallest text size (px) of a chart's labels on screen, and the chart's width against the window's.
CHART_TEXT = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
    const sizes = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect().height).filter(h => h > 0);
    return [svg.id, Math.min(...sizes), svg.getBoundingClientRect().width];
})"""


@pytest.fixture(scope="session")
def series_report_dir(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`rapport report tests/data/series --manifest …/manifest.csv -o DIR`: four sessions of one series and its page."""
    target = tmp_path_factory.mktemp("series-report")
    result = CliRunner().invoke(main, ["report", str(SERIES_DATA), "--manifest", str(SERIES_DATA / "manifest.csv"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "series" / "dupont.html").is_file()
    return target


@pytest.mark.model
def test_the_series_page_loads_offline_and_is_linked(context, series_report_dir):
    """The series page makes no request but for itself, logs no error; the index and every session page link to it."""
    page = series_report_dir / "series" / "dupont.html"
    seen = visit(context, page)
    assert seen.requests == [seen.url] and seen.problems() == []
    assert seen.page.locator("svg.chart").count() == seen.page.locator("table.series-values").count() > 0
    for path in [series_report_dir / "index.html", *sorted((series_report_dir / "sessions").glob("*.html"))]:
        other = visit(context, path)
        hrefs = other.page.locator('a[href$="series/dupont.html"]').evaluate_all("links => links.map(a => a.href)")
        assert hrefs == [page.resolve().as_uri()], path.name
        assert other.problems() == [], path.name
        other.page.close()


@pytest.mark.model
def test_the_series_page_fits_a_narrow_screen_with_readable_charts(browser, series_report_dir):
    """At 375 px: no sideways scrolling of the page, each chart at least most of the window wide, its labels 8 px or more."""
    made = browser.new_context(java_script_enabled=False, viewport=NARROW)
    made.set_default_timeout(TIMEOUT_MS)
    try:
        page = visit(made, series_report_dir / "series" / "dupont.html").page
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll_width <= inner_width == NARROW["width"]
        charts = page.evaluate(CHART_TEXT)
        assert charts
        small = [(chart, size) for chart, size, _ in charts if size < 8]
        assert not small, f"chart labels smaller than 8 px at 375 px: {small}"
        assert all(width >= 0.8 * NARROW["width"] for _, _, width in charts)
        page.screenshot(path=artifacts_dir() / "series-narrow.png", full_page=True)
    finally:
        made.close()
