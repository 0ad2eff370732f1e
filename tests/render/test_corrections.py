"""A supervisor's corrections in the outputs: the summary on standard error, the JSON block, the HTML badge and the index section."""

from __future__ import annotations

import io
import json

import lxml.html
import pytest

from analyser.corrections import Correction, CorrectionRun, Corrections
from analyser.render.corrections import code_value_name, render_summary, warning_lines
from analyser.render.html.index import index_row, render_index
from analyser.render.html.session import render_session_page
from analyser.render.json import write_json
from analyser.render.report_text import ReportText
from analyser.resources import REPORT_LANGUAGES

from ..sessions_by_hand import HOSTILE, short_session

SOURCE = "/home/superviseur/relectures/corrections.csv"


def corrected_run(*items: tuple[str, int, str, str | None], session_id: str = "seance") -> tuple[CorrectionRun, list]:
    """A run of corrections (session, line, code, value) over short_session(), with its results taken."""
    by_session: dict[str, list[Correction]] = {}
    for row, (session, line, code, value) in enumerate(items, start=2):
        by_session.setdefault(session, []).append(Correction(session, line, code, value, row))
    run = CorrectionRun(Corrections(SOURCE, "corrections", {key: tuple(found) for key, found in by_session.items()}))
    return run, list(run.apply([short_session(session_id=session_id)]))


@pytest.mark.parametrize("lang", REPORT_LANGUAGES)
def test_the_summary_says_what_changed_and_the_agreement_in_the_language_asked(lang):
    run, _ = corrected_run(("seance", 3, "reflection", "complex"), ("seance", 1, "question", "closed"), ("absente", 2, "question", "open"))
    summary = run.summary()
    text = ReportText.for_lang(lang)
    figures = summary.agreement.to_dict()
    block = render_summary(summary, lang=lang)
    assert block.splitlines()[0] == text.format("corrections_heading", source=SOURCE)
    # Numbers are written the language's way: a decimal comma in French.
    for value in (figures["question"]["kind_on_both_found"]["cohen_kappa"], figures["reflection"]["detection"]["f1"]):
        assert f" {text.number(value, 2)}" in block
    assert text.format("corrections_agreement", utterances=len(short_session().utterances)) in block
    assert text.format("corrections_unmatched", count=1) in block
    (line,) = warning_lines(summary, lang=lang)
    assert line.startswith(text.format("corrections_warning", source=SOURCE, row=4, message="")) and "absente" in line


def test_french_is_the_default_and_has_no_english_left():
    run, _ = corrected_run(("seance", 3, "reflection", None))
    block = render_summary(run.summary())
    assert "codes corrigés : 1" in block and "kappa 1,00" in block
    for word in ("reflection", "agreement", "sessions"):
        assert word not in block


def test_json_shows_the_block_after_the_errors_and_both_codes_of_a_corrected_utterance():
    run = CorrectionRun(Corrections(SOURCE, "corrections", {"seance": (Correction("seance", 3, "reflection", "complex", 2),)}))
    stream = io.StringIO()
    write_json(run.apply([short_session()]), stream, generator={"name": "rapport"}, corrections=run)
    document = json.loads(stream.getvalue())
    assert list(document) == ["schema_version", "generator", "sessions", "errors", "corrections"]
    block = document["corrections"]
    assert (block["corrected_codes"], block["by_code"]["reflection"], block["reviewed_sessions"], block["unmatched"]) == (1, 1, 1, [])
    assert block["agreement"]["reflection"]["complex"]["false_negatives"] == 1
    third = document["sessions"][0]["utterances"][2]
    assert (third["reflection"], third["corrected_from"]) == ("complex", {"reflection": "simple"})


def test_json_without_corrections_is_unchanged():
    stream = io.StringIO()
    write_json([short_session()], stream, generator={"name": "rapport"})
    document = json.loads(stream.getvalue())
    assert "corrections" not in document
    assert all("corrected_from" not in u for u in document["sessions"][0]["utterances"])


@pytest.mark.parametrize("lang", REPORT_LANGUAGES)
def test_the_session_page_says_which_code_the_supervisor_corrected(lang):
    _, (corrected,) = corrected_run(("seance", 3, "reflection", None), ("seance", 9, "question", "open"))
    tree = lxml.html.fromstring(render_session_page(corrected, lang=lang))
    text = ReportText.for_lang(lang)
    badges = [" ".join(b.text_content().split()) for b in tree.xpath("//span[contains(@class, 'badge-corrected')]")]
    assert badges == [
        text.format("badge_corrected", was=code_value_name("reflection", "simple", text)),
        text.format("badge_corrected", was=code_value_name("question", None, text)),
    ]
    assert tree.xpath("//li[@id='u3']//span[contains(@class, 'badge-corrected')]") and tree.xpath("//li[@id='u9']//span[contains(@class, 'badge-corrected')]")


@pytest.mark.parametrize("lang", REPORT_LANGUAGES)
def test_the_index_has_a_corrections_section_naming_the_file_without_its_folders(lang):
    run, (corrected,) = corrected_run(("seance", 3, "reflection", None), ("seance", 40, "question", "open"))
    summary = run.summary()
    page = render_index([index_row(corrected, href="sessions/seance.html")], [], lang=lang, corrections=summary)
    tree = lxml.html.fromstring(page)
    text = ReportText.for_lang(lang)
    (section,) = tree.xpath("//section[@id='corrections']")
    assert section.xpath("string(h2)") == text.format("corrections_heading", source="corrections.csv")
    assert "/home/superviseur" not in page
    assert len(section.xpath(".//ul[@class='corrections-unmatched']/li")) == 1
    assert not lxml.html.fromstring(render_index([index_row(corrected, href="x.html")], [], lang=lang)).xpath("//section[@id='corrections']")


def test_hostile_session_ids_in_warnings_stay_inert():
    run, _ = corrected_run(*((hostile, 3, "reflection", None) for hostile in HOSTILE))
    summary = run.summary()
    page = render_index([], [], corrections=summary)
    assert "<script>" not in page and "<img" not in page
    assert all("\n" not in line for line in warning_lines(summary))
