"""Text output of `rapport evaluate`: agreement tables a supervisor or a developer reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analyser.evaluation.evaluate import QUESTION_KINDS, REFLECTION_KINDS, SESSION_FIGURES
from analyser.labels import CLIENT_TALK_KINDS, INPUT_KINDS
from analyser.profile.numbers import format_decimal, format_percent

# How the session figures are named in the text tables.
FIGURE_NAMES = {
    "open_question_share": "% open questions",
    "reflection_to_question": "R:Q",
    "complex_reflection_share": "% complex reflections",
    "input_share": "% input",
    "change_talk_share": "% change talk",
}


def render_evaluation(figures: dict[str, Any]) -> str:
    """The figures of `Evaluation.to_dict()` as aligned text tables."""
    codes = [("question", QUESTION_KINDS), ("reflection", REFLECTION_KINDS)]
    if "input" in figures:
        codes.append(("input", INPUT_KINDS))
    lines = [
        f"Agreement with {figures['labels']}: {figures['sessions']} sessions, {figures['utterances']} labelled utterances",
        "(reference = the labels; rapport's codes are automatic estimates)",
        "",
        f"{'code':<22}{'precision':>10}{'recall':>10}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}",
    ]
    for code, kinds in codes:
        block = figures[code]
        lines.append(_detection_row(code, block["detection"]))
        lines.extend(_detection_row(f"  {kind}", block[kind]) for kind in kinds)
    talk = figures.get("client_talk")
    if talk is not None:
        lines.append("client talk")
        lines.extend(_detection_row(f"  {kind}", talk[kind]) for kind in CLIENT_TALK_KINDS)
    lines.append("")
    for code, kinds in codes:
        both = figures[code]["kind_on_both_found"]
        every = figures[code]["kind_on_all_reference"]
        lines.append(
            f"{'/'.join(kinds)} on the {both['items']} {code}s both found: accuracy {_statistic(both['accuracy'])}, "
            f"Cohen's kappa {_statistic(both['cohen_kappa'])}; on all {every['items']} reference {code}s "
            f"(missed ones count as wrong): accuracy {_statistic(every['accuracy'])}"
        )
    if "input" in figures:
        scope = "therapist utterances" if figures["input"]["rows"] == "therapist" else "labelled utterances (no speaker column)"
        lines.append(f"input is scored over the {figures['input']['items']} {scope}")
    if talk is not None:
        lines.append(
            f"{'/'.join(CLIENT_TALK_KINDS)} on the {talk['items']} client utterances the labels code: "
            f"accuracy {_statistic(talk['accuracy'])}, macro-F1 {_statistic(talk['macro_f1'])}"
        )
    matrices = [(code, figures[code]["confusion"]) for code, _ in codes]
    if talk is not None:
        matrices.append(("client talk", talk["confusion"]))
    for code, matrix in matrices:
        lines += ["", f"Confusion, {code} (rows: reference, columns: rapport)", *_confusion_rows(matrix["classes"], matrix["matrix"])]
    spearman = figures["session_level"]["spearman"]
    lines += [
        "",
        "Session level, Spearman correlation between reference and rapport:",
        (
            f"  % open questions {_statistic(spearman['open_question_share'])} · R:Q {_statistic(spearman['reflection_to_question'])}"
            f" · % complex reflections {_statistic(spearman['complex_reflection_share'])}"
        ),
        f"  % input {_statistic(spearman['input_share'])} · % change talk (of change + sustain) {_statistic(spearman['change_talk_share'])}",
        "",
    ]
    # The input and change-talk columns only when the labels code them.
    extra = [
        (key, title)
        for key, title, block in (("input_share", "% input ref/rap", "input"), ("change_talk_share", "% change ref/rap", "client_talk"))
        if block in figures
    ]
    lines.append(f"{'session':<24}{'% open ref/rap':>18}{'R:Q ref/rap':>16}{'% complex ref/rap':>20}" + "".join(f"{title:>18}" for _, title in extra))
    for row in figures["session_level"]["sessions"]:
        ref, pred = row["reference"], row["predicted"]
        lines.append(
            f"{row['session']:<24}"
            f"{format_percent(ref['open_question_share']) + ' / ' + format_percent(pred['open_question_share']):>18}"
            f"{format_decimal(ref['reflection_to_question'], 2) + ' / ' + format_decimal(pred['reflection_to_question'], 2):>16}"
            f"{format_percent(ref['complex_reflection_share']) + ' / ' + format_percent(pred['complex_reflection_share']):>20}"
            + "".join(f"{format_percent(ref[key]) + ' / ' + format_percent(pred[key]):>18}" for key, _ in extra)
        )
    if "session_validity" in figures:
        lines += ["", *_validity_lines(figures["session_validity"], figures["session_level"]["sessions"])]
    if figures["warnings"]:
        lines += ["", f"Warnings ({len(figures['warnings'])}):"] + [f"  {w}" for w in figures["warnings"]]
    if figures["errors"]:
        lines += ["", f"Not analysed ({len(figures['errors'])}):"] + [
            "  " + ": ".join(p for p in (e["source"], e["place"], e["message"]) if p) for e in figures["errors"]
        ]
    return "\n".join(lines) + "\n"


def _validity_lines(validity: dict[str, Any], sessions: Sequence[dict[str, Any]]) -> list[str]:
    high = sum(row.get("mi_quality") == "high" for row in sessions)
    low = sum(row.get("mi_quality") == "low" for row in sessions)
    baseline = validity["baseline_length"]
    lines = [
        f"Session validity: AUC of each figure for telling the {high} high-quality sessions from the {low} low-quality ones (mi_quality)",
        "(chance that a random high session scores better than a random low one, ties count half; 0.5 is chance)",
        "",
        f"{'figure':<24}{'better when':>13}{'rapport':>10}{'sessions':>10}{'reference':>11}{'sessions':>10}",
    ]
    for figure in SESSION_FIGURES:
        entry = validity[figure]
        lines.append(
            f"{FIGURE_NAMES[figure]:<24}{entry['orientation']:>13}{_statistic(entry['rapport']):>10}{entry['sessions']['rapport']:>10}"
            f"{_statistic(entry['reference']):>11}{entry['sessions']['reference']:>10}"
        )
    way = "longer" if baseline["orientation"] == "higher" else "shorter"
    lines.append(
        f"baseline to beat: session length alone (utterances; {way} rates high, the better way round): "
        f"AUC {_statistic(baseline['auc'])} over {baseline['sessions']} sessions"
    )
    return lines


def _confusion_rows(classes: Sequence[str], matrix: Sequence[Sequence[int]]) -> list[str]:
    # Columns as wide as the longest class name ("information", "negotiation") needs.
    name_width, column = max(12, *(len(c) + 2 for c in classes)), max(10, *(len(c) + 2 for c in classes))
    rows = [" " * name_width + "".join(c.rjust(column) for c in classes)]
    rows += [name.ljust(name_width) + "".join(str(n).rjust(column) for n in row) for name, row in zip(classes, matrix)]
    return rows


def _detection_row(name: str, d: dict[str, Any]) -> str:
    return (
        f"{name:<22}{_statistic(d['precision']):>10}{_statistic(d['recall']):>10}{_statistic(d['f1']):>8}"
        f"{d['true_positives']:>6}{d['false_positives']:>6}{d['false_negatives']:>6}"
    )


def _statistic(value: float | None) -> str:
    """An agreement statistic (precision, kappa, AUC…), read to three decimals."""
    return format_decimal(value, 3)
