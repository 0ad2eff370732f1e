"""Apply a supervisor's corrections to analysed sessions as they stream by, and measure rapport's agreement with them.

A corrected session's profile is measured again from its corrected codes, by the function the analysis measures it
with (`profile.session.measure_profile`), so every figure, band, check and page follows the corrections. What only
the parse gives (readability, attunement) reads no code and is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from analyser.corrections.file import Correction, Corrections, Form
from analyser.domain import CodedUtterance, Marker, read_only
from analyser.errors import InputError
from analyser.evaluation.evaluate import Codes, ComparedUtterance, Evaluation
from analyser.labels import CODE_MARKERS, CODE_ROLES, UTTERANCE_CODES
from analyser.profile.session import measure_profile
from analyser.session import SessionAnalysis

Reason = Literal["no_session", "no_utterance", "not_for_role"]
# The rule of a corrected code's marker starts so: its evidence is the supervisor's word.
SUPERVISOR_RULE = "supervisor"
# Agreement is measured as `rapport evaluate` measures it, the supervisor's codes as the reference.
_AGREEMENT_COLUMNS = frozenset({"speaker", "therapist_input", "client_talk"})


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A correction that matches nothing among the inputs, and why.

    `no_session`: no input is that session (`count` corrections of it, the first one given); `no_utterance`: the
    session has no utterance at that line; `not_for_role`: the utterance's speaker (`role`) is never given that code.
    """

    correction: Correction
    reason: Reason
    role: str | None = None
    count: int = 1

    def to_dict(self) -> dict[str, Any]:
        c = self.correction
        return {
            "row": c.row,
            "session": c.session,
            "line": c.line,
            "utterance": c.number,
            "code": c.code,
            "value": c.value,
            "reason": self.reason,
            "role": self.role,
            "count": self.count,
        }


@dataclass(frozen=True, slots=True)
class CorrectionSummary:
    """What the corrections changed, what they could not be matched to, and how far rapport agrees with them.

    The agreement compares every utterance of the reviewed sessions (those the file names that are among the
    inputs): an utterance no correction changed counts as rapport and the supervisor agreeing.
    """

    source: str
    form: Form
    changed: Mapping[str, int]  # code -> how many utterances' code the corrections changed
    reviewed_sessions: tuple[str, ...]
    corrected_sessions: tuple[str, ...]  # the reviewed sessions where a code changed
    unmatched: tuple[Unmatched, ...]
    agreement: Evaluation

    @property
    def corrected(self) -> int:
        """How many codes the corrections changed."""
        return sum(self.changed.values())

    def to_dict(self) -> dict[str, Any]:
        """The summary under stable English keys; `agreement` holds `rapport evaluate`'s figures, the supervisor as reference."""
        figures = {key: value for key, value in self.agreement.to_dict().items() if key not in ("labels", "warnings", "errors")}
        return {
            "source": self.source,
            "form": self.form,
            "corrected_codes": self.corrected,
            "by_code": dict(self.changed),
            "reviewed_sessions": len(self.reviewed_sessions),
            "corrected_sessions": len(self.corrected_sessions),
            "unmatched": [item.to_dict() for item in self.unmatched],
            "agreement": {"reference": "supervisor", "predicted": "rapport", **figures},
        }


@dataclass(slots=True)
class CorrectionRun:
    """Corrections being applied to a stream of results: `apply` passes them through, then `summary` says what it did."""

    corrections: Corrections
    _changed: Counter[str] = field(default_factory=Counter)
    _seen: dict[str, bool] = field(default_factory=dict)  # reviewed session -> a code of it changed
    _unmatched: list[Unmatched] = field(default_factory=list)
    _compared: list[ComparedUtterance] = field(default_factory=list)
    _lengths: dict[str, int] = field(default_factory=dict)

    def apply(self, results: Iterable[SessionAnalysis | InputError]) -> Iterator[SessionAnalysis | InputError]:
        """The results in their order, each session the corrections name corrected and its profile measured again."""
        for result in results:
            corrections = self.corrections.by_session.get(result.transcript.session_id) if isinstance(result, SessionAnalysis) else None
            if corrections is None or result.transcript.session_id in self._seen:
                yield result
                continue
            corrected, changed, unmatched = correct_session(result, corrections)
            session = result.transcript.session_id
            self._seen[session] = bool(changed)
            self._changed.update(changed)
            self._unmatched.extend(unmatched)
            self._lengths[session] = len(result.utterances)
            self._compared.extend(_compared(session, result.utterances, corrected.utterances))
            yield corrected

    def summary(self) -> CorrectionSummary:
        """What the corrections did, once the results are all taken; the sessions never met are unmatched."""
        missing = [
            Unmatched(corrections[0], "no_session", count=len(corrections))
            for session, corrections in self.corrections.by_session.items()
            if session not in self._seen
        ]
        reviewed = tuple(self._seen)
        agreement = Evaluation(self.corrections.source, tuple(self._compared), reviewed, (), (), _AGREEMENT_COLUMNS, {}, dict(self._lengths))
        return CorrectionSummary(
            source=self.corrections.source,
            form=self.corrections.form,
            changed=read_only({code: self._changed[code] for code in UTTERANCE_CODES}),
            reviewed_sessions=reviewed,
            corrected_sessions=tuple(session for session, changed in self._seen.items() if changed),
            unmatched=tuple(sorted((*self._unmatched, *missing), key=lambda item: item.correction.row)),
            agreement=agreement,
        )


def correct_session(analysis: SessionAnalysis, corrections: Sequence[Correction]) -> tuple[SessionAnalysis, Counter[str], list[Unmatched]]:
    """The session with `corrections` applied and its profile measured again; the codes changed, and what did not match.

    A correction to the code rapport gave changes nothing. A client's client talk is change, sustain or neutral:
    none reads as neutral.
    """
    utterances = list(analysis.utterances)
    by_line: dict[int, list[int]] = {}
    for position, coded in enumerate(utterances):
        if coded.utterance.source_line is not None:
            by_line.setdefault(coded.utterance.source_line, []).append(position)
    changed: Counter[str] = Counter()
    unmatched: list[Unmatched] = []
    for correction in corrections:
        position = _position(correction, by_line, utterances)
        if position is None:
            unmatched.append(Unmatched(correction, "no_utterance"))
            continue
        coded = utterances[position]
        role = coded.utterance.role
        value = correction.value
        if CODE_ROLES[correction.code] != role:
            if value is not None:
                unmatched.append(Unmatched(correction, "not_for_role", role=role))
            continue
        if correction.code == "client_talk" and value is None:
            value = "neutral"
        if getattr(coded, correction.code) != value:
            utterances[position] = corrected_code(coded, correction.code, value)
            changed[correction.code] += 1
    if not changed:
        return analysis, changed, unmatched
    old = analysis.profile
    profile = measure_profile(
        analysis.transcript,
        utterances,
        readability=old.readability,
        attunement=old.alliance.attunement,
        target=old.coding.target,
    )
    return replace(analysis, utterances=tuple(utterances), profile=profile), changed, unmatched


def corrected_code(coded: CodedUtterance, code: str, value: str | None) -> CodedUtterance:
    """The utterance with `code` set to `value`, rapport's own value kept in `corrected_from`.

    The code's markers carry its evidence: they take the new value's label, their rule saying the supervisor set it
    and what rapport had found; a new code without a marker gets one over the whole utterance, and no code none.
    """
    old = getattr(coded, code)
    was = dict(coded.corrected_from)
    was.setdefault(code, old)
    if was[code] == value:
        del was[code]  # set back to rapport's own value
    labels = CODE_MARKERS[code]
    own = [m for m in coded.markers if m.label in labels.values()]
    markers = [m for m in coded.markers if m.label not in labels.values()]
    label = labels.get(value) if value is not None else None
    if label is not None:
        rule = f"{SUPERVISOR_RULE}: was {old or 'none'}"
        if own:
            markers += [replace(m, label=label, rule=f"{rule} ({m.rule})") for m in own]
        else:
            text = coded.utterance.text
            start, end = len(text) - len(text.lstrip()), len(text.rstrip())
            markers.append(Marker(label, text[start:end], start, end, rule))
    return replace(
        coded,
        **{code: value},
        markers=tuple(sorted(markers, key=lambda m: (m.start_char, m.end_char, m.label))),
        corrected_from=read_only(was),
    )


def _position(correction: Correction, by_line: Mapping[int, list[int]], utterances: Sequence[CodedUtterance]) -> int | None:
    """Where the corrected utterance is: at its source line (the one with its number, or the first whose speaker the
    code is for); by its number when the session's file has no lines."""
    if by_line and correction.line is not None:
        candidates = by_line.get(correction.line, [])
    else:
        number = correction.number if correction.number is not None else correction.line
        candidates = [number - 1] if number is not None and 0 < number <= len(utterances) else []
    if not candidates:
        return None
    numbered = [p for p in candidates if utterances[p].utterance.index + 1 == correction.number]
    fitting = [p for p in candidates if utterances[p].utterance.role == CODE_ROLES[correction.code]]
    return (numbered or fitting or candidates)[0]


def _compared(session: str, original: Sequence[CodedUtterance], corrected: Sequence[CodedUtterance]) -> Iterator[ComparedUtterance]:
    """Every utterance of a reviewed session, the supervisor's codes as the reference and rapport's as predicted."""
    for before, after in zip(original, corrected, strict=True):
        u = before.utterance
        yield ComparedUtterance(session, u.source_line if u.source_line is not None else u.index + 1, _codes(after), _codes(before))


def _codes(coded: CodedUtterance) -> Codes:
    return Codes(coded.question, coded.reflection, coded.input, coded.client_talk, coded.utterance.role)
