"""Compare rapport's coding with human labels: per code, per pair of kinds, and per session."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from . import agreement
from .analysis import SessionAnalysis
from .errors import InputError

LABEL_COLUMNS = ("session", "source_line", "question", "reflection")
QUESTION_KINDS = ("open", "closed")
REFLECTION_KINDS = ("simple", "complex")
NONE = "none"


@dataclass(frozen=True, slots=True)
class Codes:
    """The codes of one utterance: question open|closed|None, reflection simple|complex|None."""

    question: str | None
    reflection: str | None


@dataclass(frozen=True, slots=True)
class ComparedUtterance:
    session: str
    source_line: int
    reference: Codes
    predicted: Codes


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every labelled utterance with both codings, and what could not be compared."""

    labels_source: str
    utterances: tuple[ComparedUtterance, ...]
    sessions: tuple[str, ...]
    errors: tuple[InputError, ...]
    warnings: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """All the figures: detection, kinds, confusion matrices and session-level correlations."""
        items = self.utterances
        out: dict[str, Any] = {
            "labels": self.labels_source,
            "sessions": len(self.sessions),
            "utterances": len(items),
        }
        for code, kinds in (("question", QUESTION_KINDS), ("reflection", REFLECTION_KINDS)):
            ref = [getattr(i.reference, code) for i in items]
            pred = [getattr(i.predicted, code) for i in items]
            both = [(r, p) for r, p in zip(ref, pred) if r is not None and p is not None]
            out[code] = {
                "detection": agreement.detection([r is not None for r in ref], [p is not None for p in pred]).to_dict(),
                **{kind: agreement.detection([r == kind for r in ref], [p == kind for p in pred]).to_dict() for kind in kinds},
                "kind_on_both_found": {
                    "items": len(both),
                    "accuracy": _round(agreement.accuracy([r for r, _ in both], [p for _, p in both])),
                    "cohen_kappa": _round(agreement.cohen_kappa([r for r, _ in both], [p for _, p in both])),
                },
                "kind_on_all_reference": {
                    "items": sum(r is not None for r in ref),
                    "accuracy": _round(agreement.accuracy([r for r in ref if r is not None], [p for r, p in zip(ref, pred) if r is not None])),
                },
                "confusion": {
                    "classes": [NONE, *kinds],
                    "rows_are": "reference",
                    "matrix": agreement.confusion([r or NONE for r in ref], [p or NONE for p in pred], [NONE, *kinds]),
                },
            }
        per_session = self.session_figures()
        out["session_level"] = {
            "spearman": {
                metric: _round(agreement.spearman([s["reference"][metric] for s in per_session], [s["predicted"][metric] for s in per_session]))
                for metric in ("open_question_share", "reflection_to_question", "complex_reflection_share")
            },
            "sessions": per_session,
        }
        out["warnings"] = list(self.warnings)
        out["errors"] = [{"source": e.source, "place": e.place, "message": e.message} for e in self.errors]
        return out

    def session_figures(self) -> list[dict[str, Any]]:
        """% open questions, R:Q and % complex reflections per session, by each coder."""
        figures = []
        for session in self.sessions:
            items = [i for i in self.utterances if i.session == session]
            figures.append(
                {
                    "session": session,
                    "reference": _session_summary([i.reference for i in items]),
                    "predicted": _session_summary([i.predicted for i in items]),
                }
            )
        return figures


def read_labels(path: str | PathLike[str]) -> dict[str, dict[int, Codes]]:
    """Human labels by session and source line, from a CSV with `session, source_line, question, reflection`.

    Raises:
        InputError: the file cannot be read, a column is missing or a value is not a known code.
    """
    source = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(source, f"cannot read the labels ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise InputError(source, "the labels are not UTF-8", place=f"byte {exc.start}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in LABEL_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(source, f"the labels need the columns {', '.join(LABEL_COLUMNS)}; missing: {', '.join(missing)}", place="line 1")
    labels: dict[str, dict[int, Codes]] = {}
    for row in reader:
        place = f"line {reader.line_num}"
        try:
            line = int(row["source_line"])
        except (TypeError, ValueError):
            raise InputError(source, f"source_line must be a line number, not {row['source_line']!r}", place=place) from None
        question = _code(row["question"], QUESTION_KINDS, "question", source, place)
        reflection = _code(row["reflection"], REFLECTION_KINDS, "reflection", source, place)
        labels.setdefault(row["session"], {})[line] = Codes(question, reflection)
    return labels


def compare(results: Iterable[SessionAnalysis | InputError], labels: Mapping[str, Mapping[int, Codes]], *, labels_source: str) -> Evaluation:
    """Pair each labelled utterance with rapport's codes for it."""
    compared: list[ComparedUtterance] = []
    sessions: list[str] = []
    errors: list[InputError] = []
    warnings: list[str] = []
    for result in results:
        if isinstance(result, InputError):
            errors.append(result)
            continue
        session = result.transcript.session_id
        reference = labels.get(session)
        if reference is None:
            warnings.append(f"{result.transcript.source}: no labels for session {session!r}")
            continue
        sessions.append(session)
        predicted = {}
        for coded in result.utterances:
            if coded.utterance.source_line is not None:
                predicted.setdefault(coded.utterance.source_line, Codes(coded.question, coded.reflection))
        unmatched = sorted(set(reference) - set(predicted))
        if unmatched:
            warnings.append(f"{result.transcript.source}: {len(unmatched)} labelled lines hold no utterance (first: line {unmatched[0]})")
        compared.extend(
            ComparedUtterance(session, line, codes, predicted[line]) for line, codes in sorted(reference.items()) if line in predicted
        )
    for session in sorted(set(labels) - set(sessions)):
        warnings.append(f"labels for session {session!r} have no transcript among the inputs")
    return Evaluation(labels_source, tuple(compared), tuple(sessions), tuple(errors), tuple(warnings))


def _session_summary(codes: Sequence[Codes]) -> dict[str, Any]:
    open_ = sum(c.question == "open" for c in codes)
    questions = sum(c.question is not None for c in codes)
    reflections = sum(c.reflection is not None for c in codes)
    complex_ = sum(c.reflection == "complex" for c in codes)
    return {
        "questions": questions,
        "open_questions": open_,
        "reflections": reflections,
        "complex_reflections": complex_,
        "open_question_share": _round(open_ / questions) if questions else None,
        "reflection_to_question": _round(reflections / questions) if questions else None,
        "complex_reflection_share": _round(complex_ / reflections) if reflections else None,
    }


def _code(value: str | None, kinds: Sequence[str], column: str, source: str, place: str) -> str | None:
    value = (value or "").strip().lower()
    if not value:
        return None
    if value not in kinds:
        raise InputError(source, f"{column} must be {', '.join(kinds)} or empty, not {value!r}", place=place)
    return value


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
