"""Compare rapport's coding with human labels: per code, per pair of kinds, and per session."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from typing import Any

from analyser.errors import InputError
from analyser.evaluation import agreement
from analyser.labels import CLIENT_TALK_KINDS, INPUT_KINDS
from analyser.messages import Notice
from analyser.profile.numbers import rounded
from analyser.profile.statistics import spearman
from analyser.read import read_utf8_file
from analyser.read.table import header_delimiter
from analyser.session import SessionAnalysis, analyses

LABEL_COLUMNS = ("session", "source_line", "question", "reflection")
# Read when the file has them: the speaker's role, MITI's input and MISC's client talk per line, AnnoMI's quality per session.
OPTIONAL_COLUMNS = ("speaker", "therapist_input", "client_talk", "mi_quality")
QUESTION_KINDS = ("open", "closed")
REFLECTION_KINDS = ("simple", "complex")
MI_QUALITY_KINDS = ("high", "low")
NONE = "none"
SESSION_FIGURES = ("open_question_share", "reflection_to_question", "complex_reflection_share", "input_share", "change_talk_share")
# Which way each session figure points for good MI: giving information and advice is not MI-inconsistent, but less of it is.
ORIENTATION = {
    "open_question_share": "higher",
    "reflection_to_question": "higher",
    "complex_reflection_share": "higher",
    "input_share": "lower",
    "change_talk_share": "higher",
}


@dataclass(frozen=True, slots=True)
class Codes:
    """The codes of one utterance: question open|closed|None, reflection simple|complex|None, input, client talk.

    `role` is the speaker's role: the labels' `speaker` column for the reference, rapport's role for its own codes.
    """

    question: str | None
    reflection: str | None
    input: str | None = None
    client_talk: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Labels(Mapping[str, Mapping[int, Codes]]):
    """Human codes by session and source line, the optional columns the file has, and each session's MI quality."""

    codes: Mapping[str, Mapping[int, Codes]]
    columns: frozenset[str] = frozenset()
    mi_quality: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, session: str) -> Mapping[int, Codes]:
        return self.codes[session]

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(frozen=True, slots=True)
class ComparedUtterance:
    session: str
    source_line: int
    reference: Codes
    predicted: Codes


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every labelled utterance with both codings, and what could not be compared.

    `columns` are the optional label columns the file has; `lengths` each session's number of utterances.
    """

    labels_source: str
    utterances: tuple[ComparedUtterance, ...]
    sessions: tuple[str, ...]
    errors: tuple[InputError, ...]
    warnings: tuple[str, ...]
    columns: frozenset[str] = frozenset()
    mi_quality: Mapping[str, str] = field(default_factory=dict)
    lengths: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """All the figures: detection, kinds, confusion matrices, session-level correlations and validity."""
        items = self.utterances
        out: dict[str, Any] = {
            "labels": self.labels_source,
            "sessions": len(self.sessions),
            "utterances": len(items),
        }
        for code, kinds in (("question", QUESTION_KINDS), ("reflection", REFLECTION_KINDS)):
            out[code] = _code_figures([getattr(i.reference, code) for i in items], [getattr(i.predicted, code) for i in items], kinds)
        if "therapist_input" in self.columns:
            # Only the therapist's lines can hold an input; without a speaker column every line counts.
            by_speaker = "speaker" in self.columns
            rows = [i for i in items if i.reference.role == "therapist"] if by_speaker else list(items)
            out["input"] = {
                "rows": "therapist" if by_speaker else "all",
                "items": len(rows),
                **_code_figures([i.reference.input for i in rows], [i.predicted.input for i in rows], INPUT_KINDS),
            }
        if "client_talk" in self.columns:
            out["client_talk"] = self._client_talk_figures()
        per_session = self.session_figures()
        out["session_level"] = {
            "spearman": {
                metric: rounded(spearman([s["reference"][metric] for s in per_session], [s["predicted"][metric] for s in per_session]), 4)
                for metric in SESSION_FIGURES
            },
            "sessions": per_session,
        }
        if "mi_quality" in self.columns:
            out["session_validity"] = _session_validity(per_session)
        out["warnings"] = list(self.warnings)
        out["errors"] = [{"source": e.source, "place": e.place, "message": e.message} for e in self.errors]
        return out

    def session_figures(self) -> list[dict[str, Any]]:
        """% open questions, R:Q, % complex reflections, % input and change-talk share per session, by each coder."""
        figures = []
        for session in self.sessions:
            items = [i for i in self.utterances if i.session == session]
            # Both coders are measured on the same lines: the labels' speaker when they say it, else rapport's role.
            roles = [i.reference.role or i.predicted.role for i in items]
            row: dict[str, Any] = {
                "session": session,
                "utterances": self.lengths.get(session),
                "reference": _session_summary(
                    [i.reference for i in items],
                    roles,
                    inputs="therapist_input" in self.columns,
                    talk="client_talk" in self.columns,
                ),
                "predicted": _session_summary([i.predicted for i in items], roles, inputs=True, talk=True),
            }
            if "mi_quality" in self.columns:
                row["mi_quality"] = self.mi_quality.get(session)
            figures.append(row)
        return figures

    def _client_talk_figures(self) -> dict[str, Any]:
        rows = [i for i in self.utterances if i.reference.client_talk is not None]
        if "speaker" in self.columns:
            rows = [i for i in rows if i.reference.role == "client"]
        ref = [i.reference.client_talk or NONE for i in rows]
        pred = [i.predicted.client_talk or NONE for i in rows]
        classes = [NONE, *CLIENT_TALK_KINDS]
        return {
            "items": len(rows),
            **{kind: agreement.detection([r == kind for r in ref], [p == kind for p in pred]).to_dict() for kind in CLIENT_TALK_KINDS},
            "macro_f1": rounded(agreement.macro_f1(ref, pred, CLIENT_TALK_KINDS), 4),
            "accuracy": rounded(agreement.accuracy(ref, pred), 4),
            "confusion": {"classes": classes, "rows_are": "reference", "matrix": agreement.confusion(ref, pred, classes)},
        }


def read_labels(path: str | PathLike[str]) -> Labels:
    """Human labels by session and source line, from a CSV with `session, source_line, question, reflection`.

    The columns `speaker`, `therapist_input`, `client_talk` and `mi_quality` (one value per session) are read when present.

    Raises:
        InputError: the file cannot be read, a column is missing, a value is not a known code, or a session has two
            MI qualities.
    """
    source = str(path)
    reader = read_csv_table(source, what=Notice("term.the_labels"))
    fieldnames = reader.fieldnames or []
    missing = [c for c in LABEL_COLUMNS if c not in fieldnames]
    if missing:
        raise InputError(
            source, Notice("error.labels_missing_columns", columns=", ".join(LABEL_COLUMNS), missing=", ".join(missing)), place=Notice("place.line", line=1)
        )
    columns = frozenset(c for c in OPTIONAL_COLUMNS if c in fieldnames)
    labels: dict[str, dict[int, Codes]] = {}
    quality: dict[str, str] = {}
    for row in reader:
        place = Notice("place.line", line=reader.line_num)
        try:
            line = int(row["source_line"])
        except (TypeError, ValueError):
            raise InputError(source, Notice("error.labels_bad_source_line", value=row["source_line"]), place=place) from None
        session = row["session"]
        codes = Codes(
            question=_code(row["question"], QUESTION_KINDS, "question", source, place),
            reflection=_code(row["reflection"], REFLECTION_KINDS, "reflection", source, place),
            input=_code(row.get("therapist_input"), INPUT_KINDS, "therapist_input", source, place),
            client_talk=_code(row.get("client_talk"), CLIENT_TALK_KINDS, "client_talk", source, place),
            role=(row.get("speaker") or "").strip().lower() or None,
        )
        labels.setdefault(session, {})[line] = codes
        mi_quality = _code(row.get("mi_quality"), MI_QUALITY_KINDS, "mi_quality", source, place)
        if mi_quality is not None and quality.setdefault(session, mi_quality) != mi_quality:
            raise InputError(source, Notice("error.labels_mi_quality_varies", session=session, above=quality[session], here=mi_quality), place=place)
    return Labels(labels, columns, quality)


def read_csv_table(path: str | PathLike[str], *, what: Notice) -> csv.DictReader[str]:
    """A CSV file the user gives (labels, corrections), as rows by header: UTF-8 with or without a byte-order mark,
    its cells separated by `,`, `;` or tabs (whichever splits the first non-blank line into the most columns).

    `reader.line_num` is the file line a row ends on, for messages.

    Raises:
        InputError: the file cannot be read, or is not UTF-8 (`what` names it, in the plural: Notice("term.the_labels")).
    """
    source = str(path)
    text = read_utf8_file(
        source,
        cannot_read=lambda exc: Notice("error.cannot_read_table", what=what, reason=exc.strerror or str(exc)),
        not_utf8=Notice("error.table_not_utf8", what=what),
    )
    header = next((line for line in text.splitlines() if line.strip()), "")
    return csv.DictReader(io.StringIO(text, newline=""), delimiter=header_delimiter(header))


def compare(results: Iterable[SessionAnalysis | InputError], labels: Mapping[str, Mapping[int, Codes]], *, labels_source: str) -> Evaluation:
    """Pair each labelled utterance with rapport's codes for it."""
    compared: list[ComparedUtterance] = []
    sessions: list[str] = []
    lengths: dict[str, int] = {}
    errors: list[InputError] = []
    warnings: list[str] = []
    for result in analyses(results, errors):
        session = result.transcript.session_id
        reference = labels.get(session)
        if reference is None:
            warnings.append(Notice("evaluate.no_labels_for_session", source=result.transcript.source, session=session))
            continue
        sessions.append(session)
        lengths[session] = len(result.utterances)
        predicted = {}
        for coded in result.utterances:
            if coded.utterance.source_line is not None:
                predicted.setdefault(
                    coded.utterance.source_line,
                    Codes(coded.question, coded.reflection, coded.input, coded.client_talk, coded.utterance.role),
                )
        unmatched = sorted(set(reference) - set(predicted))
        if unmatched:
            warnings.append(Notice("evaluate.unmatched_lines", source=result.transcript.source, count=len(unmatched), first=unmatched[0]))
        compared.extend(
            ComparedUtterance(session, line, codes, predicted[line]) for line, codes in sorted(reference.items()) if line in predicted
        )
    for session in sorted(set(labels) - set(sessions)):
        warnings.append(Notice("evaluate.labels_without_transcript", session=session))
    columns = labels.columns if isinstance(labels, Labels) else frozenset()
    quality = labels.mi_quality if isinstance(labels, Labels) else {}
    return Evaluation(labels_source, tuple(compared), tuple(sessions), tuple(errors), tuple(warnings), columns, quality, lengths)


def _code_figures(ref: Sequence[str | None], pred: Sequence[str | None], kinds: Sequence[str]) -> dict[str, Any]:
    """Detection, per-kind P/R/F1, kind agreement and confusion of one code (None: the code is absent)."""
    both = [(r, p) for r, p in zip(ref, pred) if r is not None and p is not None]
    return {
        "detection": agreement.detection([r is not None for r in ref], [p is not None for p in pred]).to_dict(),
        **{kind: agreement.detection([r == kind for r in ref], [p == kind for p in pred]).to_dict() for kind in kinds},
        "kind_on_both_found": {
            "items": len(both),
            "accuracy": rounded(agreement.accuracy([r for r, _ in both], [p for _, p in both]), 4),
            "cohen_kappa": rounded(agreement.cohen_kappa([r for r, _ in both], [p for _, p in both]), 4),
        },
        "kind_on_all_reference": {
            "items": sum(r is not None for r in ref),
            "accuracy": rounded(agreement.accuracy([r for r in ref if r is not None], [p for r, p in zip(ref, pred) if r is not None]), 4),
        },
        "confusion": {
            "classes": [NONE, *kinds],
            "rows_are": "reference",
            "matrix": agreement.confusion([r or NONE for r in ref], [p or NONE for p in pred], [NONE, *kinds]),
        },
    }


def _session_summary(codes: Sequence[Codes], roles: Sequence[str | None], *, inputs: bool, talk: bool) -> dict[str, Any]:
    """One coder's session figures; `inputs`/`talk` say whether this coder codes input and client talk at all."""
    open_ = sum(c.question == "open" for c in codes)
    questions = sum(c.question is not None for c in codes)
    reflections = sum(c.reflection is not None for c in codes)
    complex_ = sum(c.reflection == "complex" for c in codes)
    therapist = [c for c, role in zip(codes, roles, strict=True) if role == "therapist"]
    given = sum(c.input is not None for c in therapist)
    change = sum(c.client_talk == "change" for c in codes)
    sustain = sum(c.client_talk == "sustain" for c in codes)
    return {
        "questions": questions,
        "open_questions": open_,
        "reflections": reflections,
        "complex_reflections": complex_,
        "open_question_share": rounded(open_ / questions, 4) if questions else None,
        "reflection_to_question": rounded(reflections / questions, 4) if questions else None,
        "complex_reflection_share": rounded(complex_ / reflections, 4) if reflections else None,
        "therapist_utterances": len(therapist),
        "inputs": given if inputs else None,
        "change_talk": change if talk else None,
        "sustain_talk": sustain if talk else None,
        "input_share": rounded(given / len(therapist), 4) if inputs and therapist else None,
        "change_talk_share": rounded(change / (change + sustain), 4) if talk and change + sustain else None,
    }


def _session_validity(per_session: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """AUC of each session figure for telling `high` from `low` MI-quality sessions, by each coder, and of length alone."""
    rated = [row for row in per_session if row.get("mi_quality") in MI_QUALITY_KINDS]
    out: dict[str, Any] = {}
    for figure in SESSION_FIGURES:
        orientation = ORIENTATION[figure]
        sign = 1 if orientation == "higher" else -1
        entry: dict[str, Any] = {}
        used: dict[str, int] = {}
        for side, key in (("rapport", "predicted"), ("reference", "reference")):
            scores = {quality: [_signed(row[key][figure], sign) for row in rated if row["mi_quality"] == quality] for quality in MI_QUALITY_KINDS}
            entry[side] = rounded(agreement.auc(scores["high"], scores["low"]), 4)
            used[side] = sum(row[key][figure] is not None for row in rated)
        out[figure] = {**entry, "sessions": used, "orientation": orientation}
    # The baseline gets the benefit of the doubt: whichever way round separates the sessions better.
    lengths = {quality: [row["utterances"] for row in rated if row["mi_quality"] == quality] for quality in MI_QUALITY_KINDS}
    longer = agreement.auc(lengths["high"], lengths["low"])
    orientation = "higher" if longer is None or longer >= 0.5 else "lower"
    out["baseline_length"] = {
        "auc": rounded(longer if orientation == "higher" or longer is None else 1 - longer, 4),
        "sessions": sum(row["utterances"] is not None for row in rated),
        "orientation": orientation,
    }
    return out


def _signed(value: float | None, sign: int) -> float | None:
    return None if value is None else sign * value


def _code(value: str | None, kinds: Sequence[str], column: str, source: str, place: str) -> str | None:
    value = (value or "").strip().lower()
    if not value:
        return None
    if value not in kinds:
        raise InputError(source, Notice("error.labels_bad_code", column=column, kinds=", ".join(kinds), value=value), place=place)
    return value
