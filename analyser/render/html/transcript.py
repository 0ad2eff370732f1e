"""The transcript in HTML: each utterance's text with its marker spans highlighted, and its code badges."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from analyser import labels as L
from analyser.domain import CodedUtterance, Marker
from analyser.profile.numbers import format_clock
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
        title = "; ".join(f"{words.marker_name(m.label)} ({m.rule})" for m in covering)
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
    return found


def utterance_item(coded: CodedUtterance, words: ReportText) -> Html:
    """One utterance as `<li id="uN">`: number, place in the file, clock time, speaker, role, text, badges."""
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
        {"id": f"u{u.index + 1}", "class": f"utterance role-{u.role}"},
        element("p", {"class": "meta"}, _spaced(m for m in meta if m is not None)),
        element("p", {"class": "text"}, highlight(u.text, coded.markers, words)),
        element("p", {"class": "badges"}, _spaced(found)) if found else None,
    )


def _spaced(items: Iterable[Html]) -> Html:
    """Items with a space between them, so the page still reads without its stylesheet."""
    out: list[Html | str] = []
    for item in items:
        if out:
            out.append(" ")
        out.append(item)
    return fragment(out)
