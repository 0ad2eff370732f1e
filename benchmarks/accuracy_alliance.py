"""Precision and recall of the alliance markers, and rupture episodes found, on hand-labelled fictional sessions.

Usage: python benchmarks/accuracy_alliance.py benchmarks/alliance/blind/ [--json]

The folder holds transcripts (`*.txt`, "Thérapeute : …" / "Client : …", a partner as "Partenaire"), `labels.csv`
(session, source_line, speaker, labels separated by ";") and `episodes.csv` (session, first_line, last_line, kind,
repaired). Labels are grouped in the issue's families (the three empathy mechanisms are one family). A reference
episode is found when a rupture episode rapport reports overlaps its lines; "repaired" is scored on the found ones.
`benchmarks/alliance/blind/` was written by someone who had not read the rules: measure on it only after the last
change of rules. `benchmarks/alliance/dev/` is the set the rules may be tuned on.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

from analyser import labels as L
from analyser.nlp import load_pipeline
from analyser.pipeline import analyse_transcript, load_session
from analyser.session import AnalysisOptions

FAMILIES = {
    "goal": (L.GOAL_TALK,),
    "task": (L.TASK_TALK,),
    "frame": (L.FRAME,),
    "empathy": L.EMPATHY_LABELS,
    "repair": (L.REPAIR,),
    "withdrawal": (L.RUPTURE_WITHDRAWAL,),
    "confrontation": (L.RUPTURE_CONFRONTATION,),
    "doubt": (L.CLIENT_DOUBT,),
    "agreement": (L.CLIENT_AGREEMENT,),
}
OPTIONS = AnalysisOptions(therapist_labels=("Thérapeute",), client_labels=("Client", "Partenaire"))


def _families(labels: set[str]) -> set[str]:
    return {family for family, members in FAMILIES.items() if labels & set(members)}


def measure(folder: Path) -> dict:
    nlp = load_pipeline()
    reference = {}
    with (folder / "labels.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            reference[(row["session"], int(row["source_line"]))] = {label for label in row["labels"].split(";") if label}
    with (folder / "episodes.csv").open(encoding="utf-8") as stream:
        episodes = list(csv.DictReader(stream))
    counts = {family: Counter() for family in FAMILIES}
    found_episodes, repaired_right, misses = 0, 0, []
    attuned = []
    for path in sorted(folder.glob("*.txt")):
        analysis = analyse_transcript(load_session(path, OPTIONS), nlp)
        session = path.stem
        line_of = {c.utterance.index: c.utterance.source_line for c in analysis.utterances}
        for coded in analysis.utterances:
            expected = _families(reference.get((session, coded.utterance.source_line), set()))
            got = _families({marker.label for marker in coded.markers})
            for family in FAMILIES:
                key = ("tp" if family in got else "fn") if family in expected else ("fp" if family in got else None)
                if key:
                    counts[family][key] += 1
                    if key != "tp":
                        misses.append((key, family, session, coded.utterance.source_line, coded.utterance.text[:90]))
        attuned.append(analysis.profile.alliance.attunement.above_baseline)
        predicted = [(line_of[e.first_index], line_of[e.last_index], e.repaired) for e in analysis.profile.alliance.ruptures]
        for episode in (e for e in episodes if e["session"] == session):
            first, last = int(episode["first_line"]), int(episode["last_line"])
            match = next((p for p in predicted if p[0] <= last and first <= p[1]), None)
            if match is not None:
                found_episodes += 1
                repaired_right += match[2] == (episode["repaired"] == "yes")
    per_family = {}
    for family, c in counts.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
        per_family[family] = {"precision": precision, "recall": recall, "tp": c["tp"], "fp": c["fp"], "fn": c["fn"]}
    return {
        "folder": str(folder),
        "families": per_family,
        "episodes": len(episodes),
        "episodes_found": found_episodes,
        "episode_recall": found_episodes / len(episodes) if episodes else None,
        "repaired_right": repaired_right / found_episodes if found_episodes else None,
        "attunement_above_baseline": sum(bool(x) for x in attuned),
        "sessions": len(attuned),
        "misses": misses,
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="benchmarks/alliance/blind", help="transcripts, labels.csv and episodes.csv")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="also list every false positive and false negative")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not (folder / "labels.csv").is_file() or not (folder / "episodes.csv").is_file():
        parser.error(f"{folder}: needs labels.csv and episodes.csv")
    result = measure(folder)
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k != "misses"}, indent=2))
        return
    print(f"Alliance markers on {folder}: precision / recall per family (tp fp fn)")
    for family, figures in result["families"].items():
        p = "–" if figures["precision"] is None else f"{figures['precision']:.2f}"
        r = "–" if figures["recall"] is None else f"{figures['recall']:.2f}"
        print(f"  {family:<14} {p:>5} / {r:<5}  ({figures['tp']} {figures['fp']} {figures['fn']})")
    recall = result["episode_recall"]
    right = result["repaired_right"]
    print(
        f"Rupture episodes found: {result['episodes_found']}/{result['episodes']}"
        f" ({'–' if recall is None else f'{recall:.2f}'}); 'repaired' right on the found ones: {'–' if right is None else f'{right:.2f}'}"
    )
    print(f"Attunement above its length-matched baseline in {result['attunement_above_baseline']} of {result['sessions']} sessions")
    if args.misses:
        for miss in result["misses"]:
            print("  ", *miss)


if __name__ == "__main__":
    main(sys.argv[1:])
