"""`rapport report`: the batch of pages and its index — slugs, streaming, CSS sorting, links, and the command end to end."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from analyser.cli.report import report
from analyser.errors import InputError
from analyser.render.html.index import INDEX_COLUMNS, UNKNOWN_RANK, index_row, render_index, sort_ranks, sort_style
from analyser.render.html.report import RESERVED_SLUGS, slug, unique_slug, write_report
from analyser.resources import report_labels

from ..conftest import SAMPLES
from ..sessions_by_hand import HOSTILE, session, short_session, turn
from .test_html import assert_locked_down

# --- slugs -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("session_id", "expected"),
    [
        ("premiere-seance-alliance", "premiere-seance-alliance"),
        ("Séance 3 — Mme Dupré", "seance-3-mme-dupre"),
        ("ÉTÉ_2024", "ete_2024"),
        ("../../etc/passwd", "etc-passwd"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("«»…", "session"),
        ("", "session"),
        ("a" * 200, "a" * 80),
        ("Œuvre ﬁnale", "uvre-finale"),
    ],
)
def test_slug_is_a_safe_ascii_file_name(session_id, expected):
    assert slug(session_id) == expected
    assert re.fullmatch(r"[a-z0-9_-]+", slug(session_id))


def test_slugs_are_unique_in_input_order_and_never_reserved():
    taken: set[str] = set()
    ids = ["Séance 1", "seance-1", "SEANCE 1", "seance-1-2", "index", "Index", "CON", "autre"]
    assert [unique_slug(i, taken) for i in ids] == ["seance-1", "seance-1-2", "seance-1-3", "seance-1-2-2", "index-2", "index-3", "con-2", "autre"]
    assert not taken & RESERVED_SLUGS


# --- the index ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "ranks"),
    [
        ([0.3, None, 0.1, 0.3], [2, UNKNOWN_RANK, 1, 2]),
        ([None, None], [UNKNOWN_RANK, UNKNOWN_RANK]),
        ([5, 2, 9], [2, 1, 3]),
        (["b", "Été", "a", "ete"], [2, 4, 1, 3]),  # folded first, then as written
        ([], []),
    ],
    ids=["none-and-ties", "all-unknown", "counts", "text-folded", "empty"],
)
def test_sort_ranks(values, ranks):
    assert sort_ranks(values) == ranks


def visual_order(rows: list[dict[str, int]], column: str, direction: str) -> list[int]:
    """Row positions as the browser shows them with `#sort-<column>-<direction>` checked, from the CSS we wrote.

    Evaluates the one `order:` rule for that radio with each row's custom properties, then
    sorts stably (flex order keeps the source order of equal values).
    """
    rule = re.search(rf"#sort-{column}-{direction}:checked ~ #sessions tbody tr {{ order: (.+?); }}", sort_style())
    assert rule, (column, direction)
    expression = rule.group(1)

    def order(properties: dict[str, int]) -> int:
        python = re.sub(r"var\(--k-([\w-]+)\)", lambda found: str(properties[found.group(1)]), expression).replace("calc(", "(")
        assert re.fullmatch(r"[\d\s()*+,max-]+", python), python
        # Only digits, operators and max() are left (checked above): Python computes it as CSS would.
        return int(eval(python, {"__builtins__": {}}, {"max": max}))

    return sorted(range(len(rows)), key=lambda position: order(rows[position]))


def row_properties(page: str) -> tuple[list[str], list[dict[str, int]]]:
    tree = lxml.html.fromstring(page)
    ids, properties = [], []
    for tr in tree.xpath("//table[@id='sessions']/tbody/tr"):
        ids.append(tr.xpath("string(td[1]/a)"))
        properties.append({name: int(value) for name, value in re.findall(r"--k-([\w-]+): (\d+)", tr.get("style"))})
    return ids, properties


def three_sessions():
    """Three sessions whose open-question share is known, unknown (no question) and another."""
    asks = short_session(session_id="b-asks")  # 2 open of 3 questions
    silent = session([turn("T", "therapist", "Bonjour."), turn("C", "client", "Bonjour.")], session_id="c-silent")
    closed = session([turn("T", "therapist", "Ça va ?", question="closed"), turn("C", "client", "Oui.")], session_id="a-closed")
    return [asks, silent, closed]


@pytest.mark.parametrize(
    ("column", "direction", "expected"),
    [
        ("open_question_share", "asc", ["a-closed", "b-asks", "c-silent"]),
        ("open_question_share", "desc", ["b-asks", "a-closed", "c-silent"]),
        ("reflection_to_question", "desc", ["b-asks", "a-closed", "c-silent"]),
        ("session_id", "asc", ["a-closed", "b-asks", "c-silent"]),
        ("session_id", "desc", ["c-silent", "b-asks", "a-closed"]),
        ("utterances", "desc", ["b-asks", "c-silent", "a-closed"]),  # 12, 2, 2: equal values keep their input order
        ("duration_s", "asc", ["b-asks", "c-silent", "a-closed"]),  # never timed: all unknown, input order
    ],
)
def test_css_sorting_puts_unknown_values_last_in_both_directions(column, direction, expected):
    rows = [index_row(analysis, f"sessions/{analysis.transcript.session_id}.html") for analysis in three_sessions()]
    ids, properties = row_properties(render_index(rows, [], lang="fr"))
    assert ids == ["b-asks", "c-silent", "a-closed"]  # source order: input order
    assert [ids[position] for position in visual_order(properties, column, direction)] == expected


def test_index_follows_the_html_contract():
    rows = [index_row(analysis, f"sessions/{analysis.transcript.session_id}.html") for analysis in three_sessions()]
    error = InputError("/x/cassé.srt", "malformed timing line", place="line 3")
    page = render_index(rows, [error], lang="fr")
    assert_locked_down(page)
    tree = lxml.html.fromstring(page)
    radios = tree.xpath("//input[@type='radio']")
    names = [column.name for column in INDEX_COLUMNS]
    assert [r.get("id") for r in radios] == [f"sort-{name}-{d}" for name in names for d in ("asc", "desc")]
    assert {r.get("name") for r in radios} == {"sort"}
    table = tree.xpath("//table[@id='sessions']")[0]
    assert all(r.getparent() is table.getparent() for r in radios) and radios[-1].getnext() is table, "radios are the table's earlier siblings"
    assert tree.xpath("//table[@id='sessions']/thead//label/@for") == [r.get("id") for r in radios]
    for tr in table.xpath("tbody/tr"):
        assert tr.xpath("td[1]/a/@href")[0].startswith("sessions/")
        assert [name for name in re.findall(r"--k-([\w-]+):", tr.get("style"))] == names
    for column in ("session_id", "utterances", "therapist_word_share", "open_question_share", "complex_reflection_share", "reflection_to_question", "shared_goal_per_1000_words", "warnings"):
        assert column in names
    banded = table.xpath("tbody/tr[1]/td[contains(@class, 'band-')]/@class")
    assert len(banded) == 5 and all(re.search(r"band-(low|fair|good|none)$", c) for c in banded)
    assert tree.xpath("//section[@id='errors']//li/code/text()") == ["/x/cassé.srt"]
    assert tree.xpath("string(//section[@id='errors']//li/span[@class='place'])") == "line 3"


def test_index_escapes_session_ids_and_error_messages():
    script, img, amp = HOSTILE
    analysis = short_session(session_id=script + img)
    error = InputError(f"/x/{script}.txt", img, place=amp)
    page = render_index([index_row(analysis, "sessions/script.html")], [error], lang="en")
    assert_locked_down(page)
    assert "<img" not in page
    tree = lxml.html.fromstring(page)
    assert tree.xpath("string(//table[@id='sessions']/tbody/tr/td[1]/a)") == script + img
    assert tree.xpath("string(//section[@id='errors']//li)") == f"/x/{script}.txt — {amp} — {img}"


# --- write_report ------------------------------------------------------------------------------------------


def links_resolve(root: Path) -> list[Path]:
    """The session pages the index links to, each checked to exist and to link back to the index."""
    tree = lxml.html.fromstring((root / "index.html").read_text(encoding="utf-8"))
    pages = []
    for href in tree.xpath("//table[@id='sessions']/tbody/tr/td[1]/a/@href"):
        page = root / href
        assert page.is_file(), href
        back = lxml.html.fromstring(page.read_text(encoding="utf-8")).xpath("//nav[@class='back']/a/@href")
        assert (page.parent / back[0]).resolve() == (root / "index.html").resolve()
        pages.append(page)
    return pages


def test_write_report_writes_a_page_per_session_and_an_index_listing_the_failures(tmp_path):
    out = tmp_path / "rapport" / "semaine 12"
    results = [
        short_session(session_id="Séance 1"),
        InputError("/x/abimé.vtt", "not a WebVTT file", place="line 1"),
        short_session(session_id="seance-1"),
        short_session(session_id="index"),
    ]
    summary = write_report(results, out, lang="fr")
    assert summary.index == out / "index.html"
    assert [p.name for p in summary.pages] == ["seance-1.html", "seance-1-2.html", "index-2.html"]
    assert [e.source for e in summary.errors] == ["/x/abimé.vtt"]
    assert links_resolve(out) == list(summary.pages)
    assert sorted(p.name for p in (out / "sessions").iterdir()) == sorted(p.name for p in summary.pages), "no temporary file left"
    tree = lxml.html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    assert tree.xpath("//table[@id='sessions']/tbody/tr/td[1]/a/text()") == ["Séance 1", "seance-1", "index"]
    assert tree.xpath("//section[@id='errors']//code/text()") == ["/x/abimé.vtt"]


def test_write_report_streams_one_page_at_a_time(tmp_path):
    written: list[bool] = []

    def results():
        yield short_session(session_id="un")
        written.append((tmp_path / "sessions" / "un.html").is_file())
        yield short_session(session_id="deux")
        written.append((tmp_path / "sessions" / "deux.html").is_file())
        assert not (tmp_path / "index.html").exists(), "the index comes last"

    write_report(results(), tmp_path, lang="en")
    assert written == [True, True]


def test_write_report_with_nothing_readable_still_writes_the_index(tmp_path):
    summary = write_report([InputError("vide.txt", "empty file")], tmp_path, lang="en")
    assert summary.pages == () and summary.index.is_file()
    tree = lxml.html.fromstring(summary.index.read_text(encoding="utf-8"))
    assert tree.xpath("//table[@id='sessions']/tbody/tr") == []
    assert tree.xpath("string(//section[@id='errors']//span[@class='message'])") == "empty file"


# --- the command -------------------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(report, list(args))


def test_report_help_and_usage_errors():
    assert run("--help").exit_code == 0
    assert run("samples").exit_code == 2, "-o DIR is required"
    assert run("samples", "-o", "x", "--lang", "de").exit_code == 2


def test_importing_the_command_does_not_import_spacy():
    code = "import sys\nimport analyser.cli.report\nprint('spacy' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "False"


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "out"
    result = run(str(SAMPLES), "-o", str(out))
    return result, out


@pytest.mark.model
def test_report_of_the_samples(sample_report):
    result, out = sample_report
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out / "index.html")
    pages = links_resolve(out)
    assert sorted(p.name for p in pages) == sorted(f"{p.stem}.html" for p in SAMPLES.glob("*.txt"))
    for path in [out / "index.html", *pages]:
        page = path.read_text(encoding="utf-8")
        assert_locked_down(page)
        assert lxml.html.fromstring(page).get("lang") == "fr"
    tree = lxml.html.fromstring(pages[0].read_text(encoding="utf-8"))
    assert [s.get("id") for s in tree.xpath("//main/section")] == ["profile", "alliance", "timelines", "opening", "transcript", "legend"]
    assert tree.xpath("//mark[contains(@class, 'm-question-open')]"), "markers are highlighted"


@pytest.mark.model
def test_report_is_byte_identical_from_one_run_to_the_next(sample_report, tmp_path):
    _, first = sample_report
    result = run(str(SAMPLES), "-o", str(tmp_path))
    assert result.exit_code == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*.html"))
    assert files == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.html"))
    for name in files:
        assert (first / name).read_bytes() == (tmp_path / name).read_bytes(), name


@pytest.mark.model
def test_report_in_english(tmp_path):
    result = run(str(SAMPLES / "rupture-et-reparation.txt"), "-o", str(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result.output
    french = {report_labels("fr")[key] for key in ("section_profile", "section_timelines", "section_opening", "section_transcript", "section_legend", "section_sessions")}
    for path in tmp_path.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        tree = lxml.html.fromstring(page)
        assert tree.get("lang") == "en"
        assert not french & set(tree.xpath("//h2/text()"))
        for title in french:
            assert title not in page
    page = lxml.html.fromstring((tmp_path / "sessions" / "rupture-et-reparation.html").read_text(encoding="utf-8"))
    assert page.xpath("//section[@id='transcript']/h2/text()") == ["Transcript"]


@pytest.mark.model
def test_an_unreadable_file_is_listed_in_the_index_and_exits_3(tmp_path):
    good = tmp_path / "bonne.txt"
    good.write_text("Thérapeute : Qu'est-ce qui vous amène ?\nPatiente : Je dors mal.\n", encoding="utf-8")
    bad = tmp_path / "cassee.srt"
    bad.write_text("1\n00:00:0x,000 --> 00:00:09,000\nBonjour\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(str(good), str(bad), "-o", str(out))
    assert result.exit_code == 3
    assert f"rapport : erreur : {bad}" in result.stderr
    assert [p.name for p in links_resolve(out)] == ["bonne.html"]
    tree = lxml.html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    assert tree.xpath("//section[@id='errors']//code/text()") == [str(bad)]


@pytest.mark.model
def test_hostile_file_names_speakers_and_text_come_out_escaped(tmp_path):
    script, img, amp = HOSTILE
    inputs = tmp_path / "in"
    inputs.mkdir()
    # A file name cannot hold "/": the closing tag's slash becomes part of the text instead.
    names = ["<script>alert(1)<script>", img, amp]
    lines = f"Thérapeute : {script} Qu'est-ce qui vous amène ?\n{img} : {amp} on pourrait essayer ensemble\nThérapeute : {img}\n"
    for name in names:
        (inputs / f"{name}.txt").write_text(lines, encoding="utf-8")
    out = tmp_path / "out"
    result = run(str(inputs), "-o", str(out), "--therapist", "Thérapeute", "--client", img)
    assert result.exit_code == 0, result.output
    pages = links_resolve(out)
    assert len(pages) == 3
    for path in [out / "index.html", *pages]:
        page = path.read_text(encoding="utf-8")
        assert_locked_down(page)
        assert "<img" not in page
    index = lxml.html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    assert sorted(index.xpath("//table[@id='sessions']/tbody/tr/td[1]/a/text()")) == sorted(names)
    shown = lxml.html.fromstring(pages[0].read_text(encoding="utf-8")).text_content()
    for text in (script, img, amp):
        assert text in shown


# --- the index's legend, and what the French pages say ---------------------------------------------------------


def test_index_has_a_legend_for_its_bands_and_the_readability_scale():
    from analyser.profile.bands import bands
    from analyser.profile.registry import SHARE

    rows = [index_row(analysis, f"sessions/{analysis.transcript.session_id}.html") for analysis in three_sessions()]
    for lang, good, percent in (("fr", "bon", "\u00a0%"), ("en", "good", "%")):
        tree = lxml.html.fromstring(render_index(rows, [], lang=lang))
        legend = tree.xpath("//section[@id='legend']")[0]
        labels = report_labels(lang)
        banded = [column.metric for column in INDEX_COLUMNS if column.banded]
        assert legend.xpath(".//tbody/tr/th/text()") == [labels[metric.column_key] for metric in banded]
        for metric, row in zip(banded, legend.xpath(".//tbody/tr"), strict=True):
            band = bands()[metric.name]
            thresholds, source = (cell.text_content() for cell in row.xpath("td"))
            if metric.kind == SHARE:  # a share's thresholds are written as percentages, the French way in French
                assert f"{good} ≥ {round(band.good * 100)}{percent}" in thresholds
            else:
                assert re.fullmatch(rf".+ ≥ [\d,.]+ · {good} ≥ [\d,.]+", thresholds), thresholds
            assert source == labels[metric.source_key] and source
        said = legend.text_content()
        assert labels["band_low"] in said and labels["band_fair"] in said and labels["band_good"] in said
        assert "Kandel" in said and "100" in said, "readability says its scale"
        assert labels["col_readability_therapist"] in tree.xpath("//table[@id='sessions']//th/span[1]/text()")


def english_fragments() -> set[str]:
    """The report's English phrases that French does not share (several words each, so no French word matches one)."""
    from analyser.resources import evidence_phrases

    found = set()
    for english, french in ((report_labels("en"), report_labels("fr")), (evidence_phrases("en"), evidence_phrases("fr"))):
        for key, text in english.items():
            if text != french.get(key):
                found |= {piece.strip(" :;,.()—·“”") for piece in re.split(r"\{[^}]*\}", text)}
    return {piece for piece in found if " " in piece and len(piece) >= 8}


@pytest.mark.model
def test_french_pages_hold_no_english_fragment(sample_report):
    """What a French reader sees (the transcript and the internal rules aside) holds no English phrase of the report."""
    _, out = sample_report
    english = english_fragments()
    assert len(english) > 100
    for path in [out / "index.html", *sorted((out / "sessions").glob("*.html"))]:
        tree = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        for own_words in tree.xpath("//details[contains(@class, 'rules')] | //p[@class='text'] | //style"):
            own_words.drop_tree()
        shown = tree.text_content() + " ".join(tree.xpath("//@title | //@aria-label"))
        assert [fragment for fragment in english if fragment in shown] == [], path.name
        for english_word in ("provisional", "Source:", "ratio)", " at line "):
            assert english_word not in shown, (path.name, english_word)
