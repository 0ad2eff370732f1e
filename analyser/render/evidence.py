"""What a code rests on, in plain words: a marker's rule read back into a phrase of models/evidence_phrases.tsv.

The coding writes each marker's evidence as an internal rule ("wh:comment", "score 2.82 ≥ 1.75: …,
complex:new_feeling:honte", "ability:ability:arrêter, negated"). A reader of the report gets instead
« Reflet complexe — nomme un sentiment que le client n'a pas dit (« honte ») ». Rules are grouped by
family (a question's rule family, why a reflection is complex, a client talk family, the context that
made an alliance marker); a rule this module cannot read gets its label's phrase, never the raw rule.
The rule itself stays in the page's details view and in `rapport explain`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from analyser import labels as L
from analyser.coding.reflections import DEPTH_CUE_LABELS
from analyser.domain import Marker
from analyser.render.report_text import ReportText
from analyser.resources import evidence_phrases, span_patterns
from analyser.textnorm import normalise_for_analysis

QUESTION_CUES = "question_cues.jsonl"
REFLECTION_CUES = "reflection_cues.jsonl"
# A quote longer than this many words is cut: the utterance itself is shown just above.
QUOTE_WORDS = 8
_QUESTION_FAMILIES = frozenset({"wh", "invitation", "elaboration", "yes_no", "tag", "inversion", "intonation", "alternative"})
_WHY_FAMILIES = frozenset({"repeats", "leads_into_question", "own_words"})
_TALK_CONTEXTS = frozenset({"does_target", "proposed_change", "plan_asked"})
_CONTINUED = "continues the reflection of "  # analyser/coding/session.py: a reflection carried on after "Mm-hmm"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A marker's evidence as the report says it: the phrase key, the words it rests on, and what is added.

    `known` is False when the rule was not one this module reads: the label's phrase stands in.
    """

    key: str
    quote: str | None = None
    also: tuple[tuple[str, Mapping[str, str]], ...] = ()  # phrase keys appended, with their fields
    fields: Mapping[str, str] = field(default_factory=dict)
    known: bool = True


def evidence_of(marker: Marker) -> Evidence:
    """Read a marker's rule into the key of its phrase and the words it rests on."""
    label, rule = marker.label, marker.rule
    if label in (L.QUESTION_OPEN, L.QUESTION_CLOSED):
        return _question(marker)
    if label == L.ADVICE_AS_QUESTION:
        return Evidence(label, cue_words(marker.text, QUESTION_CUES, rule) or short(marker.text))
    if label in (L.REFLECTION_SIMPLE, L.REFLECTION_COMPLEX):
        return _reflection(marker)
    if label in (L.CHANGE_TALK, L.SUSTAIN_TALK):
        return _talk(marker)
    for prefix, key in _ALLIANCE_CONTEXTS.get(label, ()):
        if rule.startswith(prefix):
            # A reflection that names a feeling or a meaning is the reflection's span: its words are quoted there already.
            return Evidence(f"{label}.{key}", None if label == L.EMPATHY_INTERPRETATION else short(marker.text))
    if label == L.FRAME:
        return Evidence(f"{label}.topic", short(marker.text), fields={"topic": rule.partition(":")[2]})
    return Evidence(label, short(marker.text))


# Alliance markers that the context made: the start of their rule (analyser/coding/alliance.py), and their phrase.
_ALLIANCE_CONTEXTS = {
    L.EMPATHY_INTERPRETATION: (("interpretation:reflects_feeling", "reflects_feeling"), ("interpretation:reflects_meaning", "reflects_meaning")),
    L.REPAIR: (("repair:answers_strain:", "answers_strain"),),
    L.RUPTURE_WITHDRAWAL: (("withdrawal:minimal_answer_to_invitation", "minimal_answer"),),
}


def _question(marker: Marker) -> Evidence:
    family, _, cue = marker.rule.partition(":")
    if family not in _QUESTION_FAMILIES:
        return Evidence(marker.label, short(marker.text), known=False)
    if family == "wh":
        family = "wh_open" if marker.label == L.QUESTION_OPEN else "wh_closed"
    return Evidence(f"question.{family}", cue_words(marker.text, QUESTION_CUES, cue) if cue else None)


def _reflection(marker: Marker) -> Evidence:
    rule = marker.rule
    if rule.startswith(_CONTINUED):
        return Evidence("reflection.continued")
    head, colon, reasons = rule.partition(": ")
    if not (colon and head.startswith("score ")):
        return Evidence(marker.label, known=False)
    items = reasons.split(", ")
    depth, _, detail = items[-1].partition(":")
    also: list[tuple[str, Mapping[str, str]]] = []
    if marker.label == L.REFLECTION_COMPLEX and depth == "simple":
        also.append(("reflection.complex_elsewhere", {}))  # the segment shown restates; another one adds meaning
    opener = next((item.partition(":")[2] for item in items if item.startswith(("opener:", "inference:"))), None)
    quote: str | None = None
    if detail in _WHY_FAMILIES:
        key = detail
    elif detail.startswith("new_feeling:"):
        key, quote = "new_feeling", detail.partition(":")[2]
    elif detail.startswith("continues_client:"):
        key, quote = "continues_client", cue_words(marker.text, REFLECTION_CUES, detail.partition(":")[2])
    elif cue_labels(REFLECTION_CUES).get(detail) in DEPTH_CUE_LABELS:
        key, quote = cue_labels(REFLECTION_CUES)[detail].lower(), cue_words(marker.text, REFLECTION_CUES, detail)
    else:
        return Evidence(marker.label, known=False)
    if opener is not None and opener != detail:
        words = cue_words(marker.text, REFLECTION_CUES, opener)
        if words:
            also.append(("reflection.opener", {"words": words}))
    return Evidence(f"reflection.{key}", quote, tuple(also))


def _talk(marker: Marker) -> Evidence:
    main, *flags = marker.rule.split(", ")
    family, _, rest = main.partition(":")
    prefix, _, why = rest.partition(":")
    if family.upper() not in L.TALK_FAMILY_CUE_LABELS:
        return Evidence(marker.label, short(marker.text), known=False)
    also: list[tuple[str, Mapping[str, str]]] = []
    if prefix == "ruler":
        also.append(("talk.ruler", {"rating": why}))
    elif why in _TALK_CONTEXTS:
        also.append((f"talk.{why}", {}))
    if "negated" in flags:
        also.append(("talk.negated", {}))
    return Evidence(f"talk.{family}", short(marker.text), tuple(also))


def describe(marker: Marker, words: ReportText) -> str:
    """The marker's line: « Reflet complexe — nomme un sentiment que le client n'a pas dit (« honte ») »."""
    return evidence_phrases(words.lang)["line"].format(name=words.marker_name(marker.label), why=why(marker, words))


def why(marker: Marker, words: ReportText) -> str:
    """What the marker rests on, without its name: « nomme un sentiment que le client n'a pas dit (« honte ») »."""
    phrases = evidence_phrases(words.lang)
    found = evidence_of(marker)
    key = found.key if found.key in phrases else marker.label
    fields = dict(found.fields)
    if "topic" in fields:
        fields["topic"] = words.labels.get(f"frame_{fields['topic']}", fields["topic"])
    said = phrases.get(key, "").format(**fields) if key in phrases else ""
    if found.quote:
        quote = phrases["quote"].format(text=found.quote)
        said = phrases["quoted"].format(why=said, quote=quote) if said else quote
    for extra, values in found.also:
        shown = {name: phrases["quote"].format(text=value) if name == "words" else value for name, value in values.items()}
        more = phrases[extra].format(quote=shown.get("words", ""), **{k: v for k, v in shown.items() if k != "words"})
        said = phrases["also"].format(why=said, more=more) if said else more
    return said


def short(text: str, limit: int = QUOTE_WORDS) -> str | None:
    """`text` on one line, cut after `limit` words with "…"; None when empty."""
    words = text.split()
    if not words:
        return None
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


@functools.cache
def cue_labels(name: str) -> Mapping[str, str]:
    """Each pattern id of a cue file and its label: which family a rule's id belongs to."""
    return {entry["id"]: entry["label"] for entry in _patterns(name) if "id" in entry}


def cue_words(text: str, name: str, cue_id: str) -> str | None:
    """The words of `text` that the patterns of `cue_id` in `name` match: « comment », « qu'est-ce que »; None if none."""
    checked = normalise_for_analysis(text)  # same length: offsets found here hold in `text`
    for pattern in _cue_regexes(name).get(cue_id, ()):
        found = pattern.search(checked)
        if found:
            return short(text[found.start() : found.end()])
    return None


def _patterns(name: str) -> Sequence[dict]:
    labels = L.QUESTION_CUE_LABELS if name == QUESTION_CUES else L.REFLECTION_CUE_LABELS
    return span_patterns(name, labels)


@functools.cache
def _cue_regexes(name: str) -> Mapping[str, tuple[re.Pattern[str], ...]]:
    """Each cue id's token patterns as regular expressions over plain text (literal words; any other token is a word)."""
    found: dict[str, list[re.Pattern[str]]] = {}
    for entry in _patterns(name):
        if isinstance(entry.get("pattern"), list) and "id" in entry:
            found.setdefault(entry["id"], []).append(re.compile(_token_regex(entry["pattern"]), re.IGNORECASE))
    return {cue: tuple(patterns) for cue, patterns in found.items()}


_WORD = r"[\w-]+'?"


def _token_regex(tokens: Sequence[dict]) -> str:
    """One pattern as a regular expression; optional words and open slots at its ends are left out of the quote."""
    tokens = list(tokens)
    while tokens and (tokens[-1].get("OP") in ("?", "*") or not _literal(tokens[-1])):
        tokens.pop()
    while tokens and (tokens[0].get("OP") in ("?", "*") or not _literal(tokens[0])):
        tokens.pop(0)
    if not tokens:
        return r"(?!)"  # nothing literal to quote: never matches
    parts = []
    for token in tokens:
        words = _literal(token)
        one = "(?:" + "|".join(re.escape(word) for word in words) + ")" if words else _WORD
        # spaCy splits "qu'est-ce" into qu' / est / -ce: tokens may touch or stand apart.
        one = rf"\s*{one}" if parts else one
        parts.append(f"(?:{one})?" if token.get("OP") in ("?", "*") else one)
    # Whole words: nothing glued before, and after the last word a space, punctuation or an elision's apostrophe.
    return r"(?<![\w'])" + "".join(parts) + r"(?:(?<=')|(?!\w))"


def _literal(token: dict) -> list[str]:
    for attribute in ("LOWER", "ORTH", "TEXT", "NORM"):
        value = token.get(attribute)
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict) and isinstance(value.get("IN"), list):
            return sorted(value["IN"], key=len, reverse=True)
    return []
