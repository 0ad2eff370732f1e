"""Recall and precision of --redact on planted transcripts: how many planted names, e-mails and phones are replaced,
and how many replacements hit something that is not one.

    python benchmarks/redaction_recall.py                      # tests/data/redact/*.txt, each with its .truth file
    python benchmarks/redaction_recall.py FILE... [--show]     # any transcripts; without a .truth file, lists what is replaced

A truth file (`<transcript>.truth`, tab-separated, `#` comments) lists every planted item: `line`, `field` (`text`:
in the utterance starting on that line; `speaker`: its label, listed once per label; `file`: a word of the file
name), `text` as written, `kind` (`name`, `email`, `phone`) and `person` (who it is, for the consistency check).
Recall counts an item found when every letter of it is replaced by a pseudonym of its kind; precision counts the
replacements in utterances and labels that cover no planted item of their kind.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from analyser.nlp.pipeline import load_pipeline, parse
from analyser.pipeline import analyse_transcript, load_session
from analyser.redact import EMAIL, PERSON, PHONE, find_pseudonyms
from analyser.textnorm import fold

REPO = Path(__file__).resolve().parent.parent

KINDS = {"name": PERSON, "email": EMAIL, "phone": PHONE}


@dataclass(frozen=True)
class Planted:
    line: int
    field: str
    text: str
    kind: str
    person: str


def read_truth(path: Path) -> list[Planted]:
    rows = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    reader = csv.DictReader(rows, delimiter="\t")
    return [Planted(int(row["line"]), row["field"], row["text"], row["kind"], row["person"]) for row in reader]


def measure(path: Path, nlp, *, show: bool) -> dict[str, list[int]]:
    transcript = load_session(path)
    docs = list(parse(nlp, (u.analysis_text for u in transcript.utterances)))
    pseudonyms = find_pseudonyms(transcript, docs, paths=[transcript.source, transcript.session_id])
    redacted = analyse_transcript(transcript, nlp, redact=True)
    by_line = {u.source_line: u for u in transcript.utterances}
    truth_path = path.with_suffix(".truth")
    planted = read_truth(truth_path) if truth_path.exists() else None
    print(f"\n{path}")
    if planted is None:
        for utterance in transcript.utterances:
            for r in pseudonyms.utterances[utterance.index]:
                print(f"  line {utterance.source_line}: {utterance.text[r.start:r.end]!r} -> {r.pseudonym} ({r.rule})")
        for label, shown in pseudonyms.labels.items():
            print(f"  label {label!r} -> {shown}")
        print(f"  session id -> {redacted.transcript.session_id}")
        return {}

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # planted, found, replaced, replaced right
    spans: dict[int, list[tuple[int, int, Planted]]] = defaultdict(list)
    missed, wrong = [], []
    people: dict[str, set[str]] = defaultdict(set)
    for item in planted:
        counts[item.kind][0] += 1
        if item.field == "file":
            shown = fold(redacted.transcript.session_id + " " + redacted.transcript.source)
            found = fold(item.text) not in shown.replace("_", " ").replace("-", " ").split()
        elif item.field == "speaker":
            label = by_line[item.line].speaker
            shown = pseudonyms.label(label)
            found = fold(item.text) not in fold(shown) and PERSON in shown
            if found:
                people[item.person].update(re.findall(rf"{PERSON}_\d+", shown))
        else:
            utterance = by_line[item.line]
            taken = spans[utterance.index]
            start = utterance.text.find(item.text)
            # the first occurrence not already a part of an item listed before it ("Marie" after "Marie Dupont")
            while start >= 0 and any(s < start + len(item.text) and start < e for s, e, _ in taken):
                start = utterance.text.find(item.text, start + 1)
            if start < 0:
                raise SystemExit(f"{truth_path}: {item.text!r} is not on line {item.line}")
            end = start + len(item.text)
            spans[utterance.index].append((start, end, item))
            covering = [r for r in pseudonyms.utterances[utterance.index] if r.start < end and start < r.end and r.pseudonym.startswith(KINDS[item.kind])]
            covered = set()
            for r in covering:
                covered.update(range(r.start, r.end))
            found = all(i in covered for i in range(start, end) if utterance.text[i].isalnum())
            if found and item.kind == "name":
                people[item.person].update(r.pseudonym for r in covering)
        counts[item.kind][1] += found
        if not found:
            missed.append(item)
    for utterance in transcript.utterances:
        for r in pseudonyms.utterances[utterance.index]:
            kind = next(k for k, prefix in KINDS.items() if r.pseudonym.startswith(prefix))
            counts[kind][2] += 1
            hit = any(r.start < end and start < r.end and item.kind == kind for start, end, item in spans[utterance.index])
            counts[kind][3] += hit
            if not hit:
                wrong.append(f"line {utterance.source_line}: {utterance.text[r.start:r.end]!r} ({r.rule})")
    planted_labels = {by_line[item.line].speaker for item in planted if item.field == "speaker"}
    for label in pseudonyms.labels:
        counts["name"][2] += 1
        counts["name"][3] += label in planted_labels
        if label not in planted_labels:
            wrong.append(f"label {label!r}")

    print(f"  {'kind':<8}{'planted':>8}{'found':>7}{'recall':>8}{'replaced':>10}{'precision':>11}")
    for kind in ("name", "email", "phone"):
        n, found, replaced, right = counts[kind]
        print(f"  {kind:<8}{n:>8}{found:>7}{found / n if n else float('nan'):>8.3f}{replaced:>10}{right / replaced if replaced else float('nan'):>11.3f}")
    owners = defaultdict(set)
    for person, pseudonyms_of in people.items():
        for pseudonym in pseudonyms_of:
            owners[pseudonym].add(person)
    split = sorted(p for p, names in people.items() if len(names) > 1)
    merged = sorted(p for p, persons in owners.items() if len(persons) > 1)
    print(f"  consistency: {len(people)} planted people, {len(split)} given several pseudonyms {split}, "
          f"{len(merged)} pseudonyms shared by several people {[(p, sorted(owners[p])) for p in merged]}")
    if missed or show:
        print("  missed: " + ("; ".join(f"line {m.line} {m.field} {m.text!r}" for m in missed) or "none"))
    if wrong or show:
        print("  replaced, not planted: " + ("; ".join(wrong) or "none"))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=sorted((REPO / "tests/data/redact").glob("*.txt")))
    parser.add_argument("--show", action="store_true", help="list misses and wrong replacements even when there are none")
    args = parser.parse_args()
    nlp = load_pipeline(entities=True)
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for path in args.files:
        for kind, values in measure(path, nlp, show=args.show).items():
            total[kind] = [a + b for a, b in zip(total[kind], values, strict=True)]
    if len(args.files) > 1 and total:
        print("\nall files")
        for kind in ("name", "email", "phone"):
            n, found, replaced, right = total[kind]
            print(f"  {kind:<8}{n:>8}{found:>7}{found / n if n else float('nan'):>8.3f}{replaced:>10}{right / replaced if replaced else float('nan'):>11.3f}")


if __name__ == "__main__":
    main()
