"""Text output of `rapport evaluate`: agreement tables a supervisor or a developer reads."""

from __future__ import annotations

from typing import Any

from .evaluate import NONE, QUESTION_KINDS, REFLECTION_KINDS


def render_evaluation(figures: dict[str, Any]) -> str:
    """The figures of `Evaluation.to_dict()` as aligned text tables."""
    lines = [
        f"Agreement with {figures['labels']}: {figures['sessions']} sessions, {figures['utterances']} labelled utterances",
        "(reference = the labels; rapport's codes are automatic estimates)",
        "",
        f"{'code':<22}{'precision':>10}{'recall':>10}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}",
    ]
    for code, kinds in (("question", QUESTION_KINDS), ("reflection", REFLECTION_KINDS)):
        block = figures[code]
        lines.append(_detection_row(code, block["detection"]))
        lines.extend(_detection_row(f"  {kind}", block[kind]) for kind in kinds)
    lines.append("")
    for code, pair in (("question", "open/closed"), ("reflection", "simple/complex")):
        both = figures[code]["kind_on_both_found"]
        every = figures[code]["kind_on_all_reference"]
        lines.append(
            f"{pair} on the {both['items']} {code}s both found: accuracy {_fmt(both['accuracy'])}, "
            f"Cohen's kappa {_fmt(both['cohen_kappa'])}; on all {every['items']} reference {code}s "
            f"(missed ones count as wrong): accuracy {_fmt(every['accuracy'])}"
        )
    for code, kinds in (("question", QUESTION_KINDS), ("reflection", REFLECTION_KINDS)):
        lines += ["", f"Confusion, {code} (rows: reference, columns: rapport)"]
        classes = [NONE, *kinds]
        lines.append(" " * 12 + "".join(c.rjust(10) for c in classes))
        for name, row in zip(classes, figures[code]["confusion"]["matrix"]):
            lines.append(name.ljust(12) + "".join(str(n).rjust(10) for n in row))
    spearman = figures["session_level"]["spearman"]
    lines += [
        "",
        "Session level, Spearman correlation between reference and rapport:",
        (
            f"  % open questions {_fmt(spearman['open_question_share'])} · R:Q {_fmt(spearman['reflection_to_question'])}"
            f" · % complex reflections {_fmt(spearman['complex_reflection_share'])}"
        ),
        "",
        f"{'session':<24}{'% open ref/rap':>18}{'R:Q ref/rap':>16}{'% complex ref/rap':>20}",
    ]
    for row in figures["session_level"]["sessions"]:
        ref, pred = row["reference"], row["predicted"]
        lines.append(
            f"{row['session']:<24}"
            f"{_pct(ref['open_question_share']) + ' / ' + _pct(pred['open_question_share']):>18}"
            f"{_fmt(ref['reflection_to_question'], 2) + ' / ' + _fmt(pred['reflection_to_question'], 2):>16}"
            f"{_pct(ref['complex_reflection_share']) + ' / ' + _pct(pred['complex_reflection_share']):>20}"
        )
    if figures["warnings"]:
        lines += ["", f"Warnings ({len(figures['warnings'])}):"] + [f"  {w}" for w in figures["warnings"]]
    if figures["errors"]:
        lines += ["", f"Not analysed ({len(figures['errors'])}):"] + [
            "  " + ": ".join(p for p in (e["source"], e["place"], e["message"]) if p) for e in figures["errors"]
        ]
    return "\n".join(lines) + "\n"


def _detection_row(name: str, d: dict[str, Any]) -> str:
    return (
        f"{name:<22}{_fmt(d['precision']):>10}{_fmt(d['recall']):>10}{_fmt(d['f1']):>8}"
        f"{d['true_positives']:>6}{d['false_positives']:>6}{d['false_negatives']:>6}"
    )


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"
