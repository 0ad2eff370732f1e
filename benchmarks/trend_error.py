"""The coding's measured error on each figure of a series' trend, written to models/trend_error.tsv.

Usage: python benchmarks/trend_error.py $EVAL/annomi-fr/dev/ [ALLIANCE_FOLDER...] [--write]

For every session, rapport's figure (as `rapport trend` keeps it) is set against the same figure computed from the
expert codes: `labels.csv` of AnnoMI in French for % open questions, R:Q, % complex reflections, input share and
% change talk (the per-session figures of `rapport evaluate`), and the labels' speakers for the therapist's talk
share; the hand-labelled fictional sessions of benchmarks/alliance/ (dev and blind by default: `labels.csv` and
`episodes.csv`) for goal talk, task talk, empathy, repairs and rupture episodes. The error kept is per code: the
root mean square across sessions of (rapport − reference − their mean difference, the bias) divided by the session's `coding_scale` (1/sqrt(n) for
a share of n codes, sqrt(c) for a count c; analyser/series/margin.py), so that it applies to sessions of any
length. It is what a change between two sessions can owe to the coding (a constant bias cancels in a difference).
--write rewrites models/trend_error.tsv.
"""

from __future__ import annotations

import csv
import math
import statistics
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from analyser import labels as L
from analyser.evaluation.evaluate import compare, read_labels
from analyser.nlp import load_pipeline
from analyser.pipeline import analyse_transcript, load_session
from analyser.profile.registry import BY_NAME, TREND_METRICS, Figure
from analyser.series.margin import coding_scale
from analyser.series.trend import SessionFigures
from analyser.session import AnalysisOptions, SessionAnalysis

REPO = Path(__file__).resolve().parent.parent
TABLE = REPO / "models" / "trend_error.tsv"
ALLIANCE_FOLDERS = (REPO / "benchmarks" / "alliance" / "dev", REPO / "benchmarks" / "alliance" / "blind")
ALLIANCE_OPTIONS = AnalysisOptions(therapist_labels=("Thérapeute",), client_labels=("Client", "Partenaire"))
CODING_FIGURES = ("open_question_share", "reflection_to_question", "complex_reflection_share", "input_share", "change_talk_share")
# The alliance figures, by the hand labels that count for each (per therapist utterance).
ALLIANCE_LABELS = {"goal_talk": (L.GOAL_TALK,), "task_talk": (L.TASK_TALK,), "empathy": L.EMPATHY_LABELS, "repairs": (L.REPAIR,)}
HEADER = """# The coding's measured error on each figure of a series' trend: figure, error, sessions, where it was measured.
# error: per code, the spread across sessions of (rapport's figure − the figure from expert or hand codes − their
# mean difference) divided by the session's coding scale: 1/sqrt(n) for a share or ratio of n codes, sqrt(c) for a count c.
# A constant bias cancels in a change between two sessions (analyser/series/margin.py, docs/trends.md).
# Written by benchmarks/trend_error.py; do not edit by hand.
# where: a key of report_labels.tsv (error_source_<where>).
# figure\terror\tsessions\twhere
"""


def analysed(folder: Path, options: AnalysisOptions) -> Iterator[SessionAnalysis]:
    nlp = load_pipeline()
    for path in sorted(folder.glob("*.txt")):
        yield analyse_transcript(load_session(path, options), nlp)


Pairs = dict[str, list[tuple[float, float, float]]]


def annomi_pairs(folder: Path) -> Pairs:
    """(rapport, experts, coding scale) per session, for the coding figures and the talk share."""
    labels = read_labels(folder / "labels.csv")
    sessions = list(analysed(folder, AnalysisOptions()))
    pairs: Pairs = {}
    evaluation = compare(sessions, labels, labels_source=str(folder / "labels.csv"))
    by_id = {analysis.transcript.session_id: analysis for analysis in sessions}
    for row in evaluation.session_figures():
        figures = SessionFigures.from_analysis(by_id[row["session"]]).values
        for name in CODING_FIGURES:
            ours, theirs = figures[name], row["reference"][name]
            if ours is not None and theirs is not None:
                pairs.setdefault(name, []).append((float(ours), float(theirs), scale(name, figures)))
    for analysis in sessions:
        reference = labels.get(analysis.transcript.session_id, {})
        words = {"therapist": 0, "all": 0}
        for coded in analysis.utterances:
            codes = reference.get(coded.utterance.source_line) if coded.utterance.source_line is not None else None
            role = codes.role if codes is not None else coded.utterance.role
            words["all"] += coded.words
            words["therapist"] += coded.words if role == "therapist" else 0
        figures = SessionFigures.from_analysis(analysis).values
        ours = figures["therapist_word_share"]
        if words["all"] and ours is not None:
            pairs.setdefault("therapist_word_share", []).append((float(ours), words["therapist"] / words["all"], scale("therapist_word_share", figures)))
    return pairs


def alliance_pairs(folders: list[Path]) -> Pairs:
    """(rapport, hand labels, coding scale) per session, for the alliance counts and rupture episodes."""
    pairs: Pairs = {}
    for folder in folders:
        labelled: dict[tuple[str, int], tuple[str, set[str]]] = {}
        with (folder / "labels.csv").open(encoding="utf-8") as stream:
            for row in csv.DictReader(stream):
                labelled[(row["session"], int(row["source_line"]))] = (row["speaker"], {label for label in row["labels"].split(";") if label})
        with (folder / "episodes.csv").open(encoding="utf-8") as stream:
            episodes = [row["session"] for row in csv.DictReader(stream)]
        for analysis in analysed(folder, ALLIANCE_OPTIONS):
            session = analysis.transcript.session_id
            figures = SessionFigures.from_analysis(analysis).values
            rows = [(speaker, labels) for (name, _), (speaker, labels) in labelled.items() if name == session]
            for name, wanted in ALLIANCE_LABELS.items():
                reference = sum(1 for speaker, labels in rows if speaker == "therapist" and labels & set(wanted))
                pairs.setdefault(name, []).append((float(figures[name]), float(reference), scale(name, figures)))  # type: ignore[arg-type]
            pairs.setdefault("ruptures", []).append((float(figures["ruptures"]), float(episodes.count(session)), scale("ruptures", figures)))  # type: ignore[arg-type]
    return pairs


def scale(name: str, figures: Mapping[str, Figure]) -> float:
    found = coding_scale(BY_NAME[name], figures)
    if found is None:
        raise ValueError(f"{name}: a count behind the figure is unknown")
    return found


def main(argv: list[str]) -> None:
    write = "--write" in argv
    folders = [Path(arg) for arg in argv if not arg.startswith("--")]
    if not folders:
        sys.exit(__doc__)
    annomi, alliance = folders[0], folders[1:] or list(ALLIANCE_FOLDERS)
    where = {
        # Keys of report_labels.tsv (error_source_<key>): the pages say in their language where the error was measured.
        **dict.fromkeys((*CODING_FIGURES, "therapist_word_share"), "annomi_expert"),
        **dict.fromkeys((*ALLIANCE_LABELS, "ruptures"), "alliance_hand"),
    }
    pairs = {**annomi_pairs(annomi), **alliance_pairs(alliance)}
    print(f"{'figure':<26} {'sessions':>8} {'bias':>8} {'sd':>8} {'per code':>8}")
    lines = []
    for metric in TREND_METRICS:
        found = pairs.get(metric.name, [])
        differences = [ours - theirs for ours, theirs, _ in found]
        if len(differences) < 2:
            sys.exit(f"{metric.name}: fewer than two sessions to measure on")
        bias = statistics.fmean(differences)
        # The spread around the bias, per code: sqrt(sum(((d - bias) / scale)²) / (sessions - 1)).
        error = math.sqrt(sum(((ours - theirs - bias) / scaled) ** 2 for ours, theirs, scaled in found) / (len(found) - 1))
        print(f"{metric.name:<26} {len(differences):>8} {statistics.fmean(differences):>8.3f} {statistics.stdev(differences):>8.3f} {error:>8.3f}")
        lines.append(f"{metric.name}\t{error:.4f}\t{len(differences)}\t{where[metric.name]}\n")
    if write:
        TABLE.write_text(HEADER + "".join(lines), encoding="utf-8")
        print(f"wrote {TABLE.relative_to(REPO)}")


if __name__ == "__main__":
    main(sys.argv[1:])
