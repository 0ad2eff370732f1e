"""The transcript in HTML: each utterance's text with its marker spans highlighted, its code badges and its evidence.

Under a coded utterance, each code says in plain words what it rests on (render/evidence.py); the internal
rule and score stay one click away, in a `<details>` that needs no script.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from analyser import labels as L
from analyser.domain import CodedUtterance, Marker
from analyser.profile.numbers import format_clock
from analyser.render.corrections import code_value_name
from analyser.render.evidence import describe
from analyser.render.html.builder import Html, element, fragment
from analyser.render.report_text import ReportText

# Classes in a fixed order, so that the same markers always give the same class attribute.
_LABEL_ORDER = {label: rank for rank, label in enumerate(L.MARKER_LABELS)}


def marker_class(label: str) -> str:
    """The CSS class of a marker label: QUESTION_OPEN -> m-question-open."""
    return "m-" + label.lower().replace("_", "-")


def highlight(text: str, markers: Sequence[Marker], words: ReportText) -> Html:
    """`text` escaped, each stretch covered by markers in one `<mark>` naming all of them.

    The text is cut at every marker boundary, so overlapping and nested markers give flat,
    well-nested HTML: a stretch inside two markers carries both classes and both titles.
    Offsets are into `text` (the utterance as written); empty or out-of-range spans are clamped.
    """
    spans = [(max(0, m.start_char), min(len(text), m.end_char), m) for m in markers]
    spans = [(start, end, m) for start, end, m in spans if start < end]
    cuts = sorted({0, len(text), *(start for start, _, _ in spans), *(end for _, end, _ in spans)})
    pieces: list[Html | str] = []
    for start, end in pairwise(cuts):
        covering = sorted((m for s, e, m in spans if s <= start and end <= e), key=lambda m: (_LABEL_ORDER.get(m.label, len(_LABEL_ORDER)), m.label, m.rule))
        piece = text[start:end]
        if not covering:
            pieces.append(piece)
            continue
        classes = dict.fromkeys(marker_class(m.label) for m in covering)
        title = "; ".join(describe(m, words) for m in covering)
        pieces.append(element("mark", {"class": " ".join(classes), "title": title}, piece))
    return fragment(pieces)


def badges(coded: CodedUtterance, words: ReportText) -> list[Html]:
    """The utterance's codes as badges: question open/closed, reflection simple/complex, input, change or sustain talk, overlap."""
    found = []
    if coded.question is not None:
        found.append(element("span", {"class": f"badge badge-question-{coded.question}"}, words[f"badge_question_{coded.question}"]))
    if coded.reflection is not None:
        found.append(element("span", {"class": f"badge badge-reflection-{coded.reflection}"}, words[f"badge_reflection_{coded.reflection}"]))
    if coded.input is not None:
        found.append(element("span", {"class": f"badge badge-input-{coded.input}"}, words[f"badge_input_{coded.input}"]))
    # Neutral client talk is most of what a client says: no badge.
    if coded.client_talk in ("change", "sustain"):
        found.append(element("span", {"class": f"badge badge-talk-{coded.client_talk}"}, words[f"badge_talk_{coded.client_talk}"]))
    if coded.utterance.overlap:
        found.append(element("span", {"class": "badge badge-overlap"}, words["badge_overlap"]))
    # A supervisor's correction (--corrections) says what rapport had found.
    found.extend(
        element("span", {"class": "badge badge-corrected"}, words.format("badge_corrected", was=code_value_name(code, was, words)))
        for code, was in coded.corrected_from.items()
    )
    return found


def is_coded(coded: CodedUtterance) -> bool:
    """Whether the utterance carries a code: a code badge (not overlap), or a marker other than a bare backchannel."""
    codes = (coded.question, coded.reflection, coded.input, coded.client_talk in ("change", "sustain") or None)
    return any(code is not None for code in codes) or any(marker.label != L.BACKCHANNEL for marker in coded.markers)


def _ordered(coded: CodedUtterance) -> list[Marker]:
    return sorted(coded.markers, key=lambda m: (_LABEL_ORDER.get(m.label, len(_LABEL_ORDER)), m.start_char, m.rule))


def evidence(coded: CodedUtterance, words: ReportText) -> Html | None:
    """What each code of the utterance rests on, in plain words, one line a code (the same line said once).

    A backchannel's line is left out (it is the utterance itself); its rule stays in `rules`.
    """
    shown = list(dict.fromkeys(describe(marker, words) for marker in _ordered(coded) if marker.label != L.BACKCHANNEL))
    return element("ul", {"class": "evidence"}, [element("li", {}, line) for line in shown]) if shown else None


def rules(coded: CodedUtterance, words: ReportText) -> Html | None:
    """The internal rule of each marker, with its score and characters, in a `<details>` closed until clicked."""
    if not coded.markers:
        return None
    found = [
        element("li", {}, element("code", {}, marker.label), " ", element("code", {}, marker.rule), " ", element("span", {"class": "chars"}, f"[{marker.start_char}–{marker.end_char}]"))
        for marker in _ordered(coded)
    ]
    return element("details", {"class": "rules"}, element("summary", {}, words["rules_summary"]), element("ul", {}, found))


def utterance_item(coded: CodedUtterance, words: ReportText) -> Html:
    """One utterance as `<li id="uN">`: number, place in the file, clock time, speaker, role, text, badges, evidence."""
    u = coded.utterance
    where = words.location(u)
    meta = [
        element("span", {"class": "num"}, str(u.index + 1)),
        element("span", {"class": "loc"}, where) if where else None,
        element("span", {"class": "clock"}, format_clock(u.start)) if u.start is not None else None,
        element("span", {"class": "speaker"}, u.speaker),
        element("span", {"class": f"role role-{u.role}"}, words[f"role_{u.role}"]),
    ]
    found = badges(coded, words)
    return element(
        "li",
        # "uncoded": what the "coded utterances only" switch of the session page hides.
        {"id": f"u{u.index + 1}", "class": f"utterance role-{u.role} {'coded' if is_coded(coded) else 'uncoded'}"},
        element("p", {"class": "meta"}, _spaced(m for m in meta if m is not None)),
        element("p", {"class": "text"}, highlight(u.text, coded.markers, words)),
        # The badges and, at the end of their line, the internal rules: one line for both.
        element("div", {"class": "codes"}, _spaced(found) if found else None, rules(coded, words)) if found or coded.markers else None,
        evidence(coded, words),
    )


def _spaced(items: Iterable[Html]) -> Html:
    """Items with a space between them, so the page still reads without its stylesheet."""
    out: list[Html | str] = []
    for item in items:
        if out:
            out.append(" ")
        out.append(item)
    return fragment(out)
