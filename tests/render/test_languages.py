"""Every output for people speaks one language: no English UI word in French (the default), no French one in English.

The words to look for come from models/report_labels.tsv: a word of the English column that no French label uses is
English-only, and the other way round. The outputs are rendered without a model, from hand-built sessions; the words
of the transcript itself (its text, speakers, names) and rapport's internal ids (rules, metric columns, settings) are
not UI words and are left out of the scan.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from analyser.errors import InputError
from analyser.gate.checks import CheckRun, UnreadableInput, check_row, load_config
from analyser.messages import Notice
from analyser.render.checks import render_markdown_summary, render_summary
from analyser.render.evaluation import render_evaluation
from analyser.render.explain import render_explanation
from analyser.render.github import annotations
from analyser.render.junit import render_junit
from analyser.render.markdown import write_markdown
from analyser.render.text import write_text
from analyser.resources import report_labels
from analyser.rows import session_row

from ..evaluation.test_evaluate import HAND_ROWS, LENGTHS, QUALITY, hand_evaluation
from ..sessions_by_hand import short_session

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Internal ids and settings the outputs quote as they are: metric columns, check settings and their values, commands,
# GitHub's workflow commands; and the {fields} of a label.
_IDS = re.compile(r"\w+_\w+(?: = `?\w+`?)?|rapport (?:check|analyse)|miti-\w+|`[^`]*`|^::\w+ title=|\{[^}]*\}", re.MULTILINE)


def words_of(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(text)}


def only_in(lang: str) -> set[str]:
    """Words of one column of report_labels.tsv that the other column never uses."""
    other = "en" if lang == "fr" else "fr"
    mine = set().union(*(words_of(_IDS.sub(" ", label)) for label in report_labels(lang).values()))
    theirs = set().union(*(words_of(_IDS.sub(" ", label)) for label in report_labels(other).values()))
    return mine - theirs


def session():
    return short_session(session_id="seance-canari")


def transcript_words() -> set[str]:
    """What the session's own words may bring into an output: its text, speakers, names and target, and the rules' ids."""
    analysis = session()
    texts = [analysis.transcript.session_id, analysis.transcript.source, *analysis.transcript.roles]
    for coded in analysis.utterances:
        texts += [coded.utterance.text, *(marker.rule for marker in coded.markers)]
    texts += [analysis.profile.coding.target.name or "", *analysis.profile.coding.target.words]
    return set().union(*map(words_of, texts))


def _check_run():
    analysis = session()
    return CheckRun(load_config(None), (check_row(session_row(analysis), load_config(None)),), (UnreadableInput("cassee", "line 3, column 2"),))


def unreadable() -> InputError:
    """A file that could not be read, as a reader reports it."""
    return InputError("cassee.srt", Notice("error.binary_data"), place=Notice("place.byte", byte=3))


def _text(lang: str) -> str:
    stream = io.StringIO()
    write_text([session(), unreadable()], stream, generator={}, lang=lang)
    return stream.getvalue()


def _markdown(lang: str) -> str:
    stream = io.StringIO()
    write_markdown([session(), unreadable()], stream, generator={"version": "0", "data_version": "0"}, lang=lang)
    return stream.getvalue()


def _junit_messages(lang: str) -> str:
    root = ET.fromstring(render_junit(_check_run(), lang=lang))
    return "\n".join([*(node.get("message", "") for node in root.iter() if node.tag in ("failure", "skipped", "error")), *(n.text or "" for n in root.iter("system-out"))])


def _github(lang: str) -> str:
    return "\n".join(annotations(_check_run(), lang=lang)).replace("%25", "%").replace("%3A", ":").replace("%2C", ",")


RENDERERS: dict[str, Callable[[str], str]] = {
    "text": _text,
    "markdown": _markdown,
    "explain": lambda lang: render_explanation(session(), lang=lang),
    "evaluate": lambda lang: render_evaluation({**hand_evaluation(HAND_ROWS, quality=QUALITY, lengths=LENGTHS).to_dict(), "labels": "etiquettes.csv"}, lang=lang),
    "check summary": lambda lang: render_summary(_check_run(), lang=lang),
    "check markdown": lambda lang: render_markdown_summary(_check_run(), lang=lang),
    "junit messages": _junit_messages,
    "github annotations": _github,
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_an_output_holds_no_word_of_the_other_language(renderer, lang):
    other = "en" if lang == "fr" else "fr"
    output = RENDERERS[renderer](lang)
    found = (words_of(_IDS.sub(" ", output)) & only_in(other)) - transcript_words()
    assert not found, f"{renderer} in {lang} has words of the {other} labels: {sorted(found)}"


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_french_is_the_default_and_differs_from_english(renderer):
    french, english = RENDERERS[renderer]("fr"), RENDERERS[renderer]("en")
    assert french != english
    assert words_of(french) & only_in("fr"), f"{renderer} says no French word"


def test_the_scan_would_find_an_english_word():
    """The vocabulary is not empty of the words a stray English line would bring."""
    assert {"session", "band", "threshold", "reflections", "warnings", "sessions"} <= only_in("en")
    assert {"séance", "bande", "seuil", "reflets", "avertissements"} <= only_in("fr")


@pytest.mark.parametrize(("lang", "threshold"), [("fr", "% questions ouvertes ≥ 50\u00a0%"), ("en", "% open questions ≥ 50%")])
def test_shares_and_thresholds_are_percentages(lang, threshold):
    """No share written as a fraction (0.6923, "fair ≥ 0.5") in an output for people."""
    run = _check_run()
    for output in (render_summary(run, lang=lang), render_markdown_summary(run, lang=lang), _text(lang), _markdown(lang)):
        assert not re.search(r"≥ 0[.,]\d", output), output
        assert not re.search(r"\b0[.,]\d{4}\b", output)
    assert threshold in render_summary(run, lang=lang) and threshold in render_markdown_summary(run, lang=lang)
