"""Text output of `rapport evaluate`: agreement tables a supervisor or a developer reads, in French or English."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analyser.evaluation.evaluate import QUESTION_KINDS, REFLECTION_KINDS, SESSION_FIGURES
from analyser.labels import CLIENT_TALK_KINDS, INPUT_KINDS
from analyser.messages import say
from analyser.profile.registry import BY_NAME
from analyser.render.report_text import ReportText


def render_evaluation(figures: dict[str, Any], *, lang: str = "fr") -> str:
    """The figures of `Evaluation.to_dict()` as aligned text tables, in `lang` ("fr" or "en")."""
    words = ReportText.for_lang(lang)
    codes = [("question", QUESTION_KINDS), ("reflection", REFLECTION_KINDS)]
    if "input" in figures:
        codes.append(("input", INPUT_KINDS))
    columns = "".join(f"{words[f'eval_col_{column}']:>{width}}" for column, width in _COLUMNS)
    lines = [
        words.format("eval_heading", labels=figures["labels"], sessions=figures["sessions"], utterances=figures["utterances"]),
        words["eval_reference"],
        "",
        f"{words['eval_col_code']:<22}{columns}",
    ]
    for code, kinds in codes:
        block = figures[code]
        lines.append(_detection_row(_code(code, words), block["detection"], words))
        lines.extend(_detection_row(f"  {_kind(kind, words)}", block[kind], words) for kind in kinds)
    talk = figures.get("client_talk")
    if talk is not None:
        lines.append(_code("client_talk", words))
        lines.extend(_detection_row(f"  {_kind(kind, words)}", talk[kind], words) for kind in CLIENT_TALK_KINDS)
    lines.append("")
    for code, kinds in codes:
        both = figures[code]["kind_on_both_found"]
        every = figures[code]["kind_on_all_reference"]
        lines.append(
            words.format(
                "eval_kind_agreement",
                code=_code(code, words),
                kinds="/".join(_kind(kind, words) for kind in kinds),
                both=both["items"],
                accuracy=_statistic(both["accuracy"], words),
                kappa=_statistic(both["cohen_kappa"], words),
                every=every["items"],
                all=_statistic(every["accuracy"], words),
            )
        )
    if "input" in figures:
        scope = words["eval_scope_therapist" if figures["input"]["rows"] == "therapist" else "eval_scope_labelled"]
        lines.append(words.format("eval_input_scope", scope=scope, count=figures["input"]["items"]))
    if talk is not None:
        lines.append(
            words.format(
                "eval_talk_agreement",
                kinds="/".join(_kind(kind, words) for kind in CLIENT_TALK_KINDS),
                count=talk["items"],
                accuracy=_statistic(talk["accuracy"], words),
                f1=_statistic(talk["macro_f1"], words),
            )
        )
    matrices = [(code, figures[code]["confusion"]) for code, _ in codes]
    if talk is not None:
        matrices.append(("client_talk", talk["confusion"]))
    for code, matrix in matrices:
        classes = [_kind(kind, words) for kind in matrix["classes"]]
        lines += ["", words.format("eval_confusion", code=_code(code, words)), *_confusion_rows(classes, matrix["matrix"])]
    spearman = figures["session_level"]["spearman"]
    lines += [
        "",
        words["eval_spearman"],
        "  " + " · ".join(f"{_figure(figure, words)} {_statistic(spearman[figure], words)}" for figure in SESSION_FIGURES),
        "",
    ]
    # The input and change-talk columns only when the labels code them.
    shown = ["open_question_share", "reflection_to_question", "complex_reflection_share"]
    shown += [key for key, block in (("input_share", "input"), ("change_talk_share", "client_talk")) if block in figures]
    titles = [words.format("eval_reference_rapport", figure=_figure(figure, words)) for figure in shown]
    widths = [max(len(title), 14) + 2 for title in titles]
    lines.append(f"{words['col_session_id']:<24}" + "".join(f"{title:>{width}}" for title, width in zip(titles, widths, strict=True)))
    for row in figures["session_level"]["sessions"]:
        ref, pred = row["reference"], row["predicted"]
        cells = [f"{_value(figure, ref[figure], words)} / {_value(figure, pred[figure], words)}" for figure in shown]
        lines.append(f"{row['session']:<24}" + "".join(f"{cell:>{width}}" for cell, width in zip(cells, widths, strict=True)))
    if "session_validity" in figures:
        lines += ["", *_validity_lines(figures["session_validity"], figures["session_level"]["sessions"], words)]
    if figures["warnings"]:
        lines += ["", words.format("text_warnings", count=len(figures["warnings"]))] + [f"  {say(w, lang)}" for w in figures["warnings"]]
    if figures["errors"]:
        lines += ["", words.format("text_not_analysed", count=len(figures["errors"]))] + [
            "  " + ": ".join(p for p in (e["source"], e["place"], e["message"]) if p) for e in figures["errors"]
        ]
    return "\n".join(lines) + "\n"


# The detection table's columns after the code: (key eval_col_<name>, width).
_COLUMNS = (("precision", 10), ("recall", 10), ("f1", 8), ("tp", 6), ("fp", 6), ("fn", 6))


def _code(code: str, words: ReportText) -> str:
    return words[f"eval_code_{code}"]


def _kind(kind: str, words: ReportText) -> str:
    """A code's value as people read it ("ouverte", "conseil"); the value itself for one without a label."""
    return words.labels.get(f"eval_kind_{kind}", kind)


def _figure(figure: str, words: ReportText) -> str:
    """A session figure's short name ("% questions ouvertes")."""
    return words[BY_NAME[figure].short_key]


def _value(figure: str, value: float | None, words: ReportText) -> str:
    """A session figure as the text output writes it: a share as a percentage, R:Q with two decimals."""
    return words.figure(BY_NAME[figure], value) if figure != "reflection_to_question" else words.number(value, 2)


def _validity_lines(validity: dict[str, Any], sessions: Sequence[dict[str, Any]], words: ReportText) -> list[str]:
    high = sum(row.get("mi_quality") == "high" for row in sessions)
    low = sum(row.get("mi_quality") == "low" for row in sessions)
    baseline = validity["baseline_length"]
    names = {figure: _figure(figure, words) for figure in SESSION_FIGURES}
    width = max(24, *(len(name) + 2 for name in names.values()))
    header = [("eval_better_when", 16), ("eval_rapport", 10), ("eval_sessions", 10), ("eval_reference_column", 11), ("eval_sessions", 10)]
    lines = [
        words.format("eval_validity", high=high, low=low),
        words["eval_validity_note"],
        "",
        f"{words['eval_col_figure']:<{width}}" + "".join(f"{words[key]:>{size}}" for key, size in header),
    ]
    for figure in SESSION_FIGURES:
        entry = validity[figure]
        better = words[f"eval_orientation_{entry['orientation']}"]
        lines.append(
            f"{names[figure]:<{width}}{better:>16}{_statistic(entry['rapport'], words):>10}{entry['sessions']['rapport']:>10}"
            f"{_statistic(entry['reference'], words):>11}{entry['sessions']['reference']:>10}"
        )
    way = words["eval_longer" if baseline["orientation"] == "higher" else "eval_shorter"]
    lines.append(words.format("eval_baseline", way=way, auc=_statistic(baseline["auc"], words), sessions=baseline["sessions"]))
    return lines


def _confusion_rows(classes: Sequence[str], matrix: Sequence[Sequence[int]]) -> list[str]:
    # Columns as wide as the longest class name ("information", "negotiation") needs.
    name_width, column = max(12, *(len(c) + 2 for c in classes)), max(10, *(len(c) + 2 for c in classes))
    rows = [" " * name_width + "".join(c.rjust(column) for c in classes)]
    rows += [name.ljust(name_width) + "".join(str(n).rjust(column) for n in row) for name, row in zip(classes, matrix)]
    return rows


def _detection_row(name: str, d: dict[str, Any], words: ReportText) -> str:
    return (
        f"{name:<22}{_statistic(d['precision'], words):>10}{_statistic(d['recall'], words):>10}{_statistic(d['f1'], words):>8}"
        f"{d['true_positives']:>6}{d['false_positives']:>6}{d['false_negatives']:>6}"
    )


def _statistic(value: float | None, words: ReportText) -> str:
    """An agreement statistic (precision, kappa, AUC…), read to three decimals."""
    return words.number(value, 3)
