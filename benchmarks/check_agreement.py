"""Does `rapport check` give the verdict expert coders' codes would give? Gate agreement on a labelled corpus.

Usage: python benchmarks/check_agreement.py ../shared/eval/annomi-fr/dev/ [LABELS.csv]

For each built-in profile, every session is checked twice: on the figures of rapport's coding
(as `rapport check` does) and on the same figures computed from the human codes of LABELS.csv
(default: labels.csv in the folder). It prints, per check and for the whole session, how often
the two verdicts agree, and Cohen's kappa. When the labels carry AnnoMI's `mi_quality`
(high | low, the corpus's own judgment of each session), it also prints how the verdicts line
up with it.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from analyser.batch.run import analyse_paths
from analyser.evaluation.agreement import cohen_kappa
from analyser.evaluation.evaluate import compare, read_labels
from analyser.gate.checks import builtin_profiles, check_row
from analyser.nlp.pipeline import load_pipeline


def mi_quality(labels_path: Path) -> dict[str, str]:
    """Session -> high | low, when the labels file has an `mi_quality` column."""
    with labels_path.open(encoding="utf-8", newline="") as stream:
        return {row["session"]: row["mi_quality"] for row in csv.DictReader(stream) if row.get("mi_quality")}


def main(folder: str, labels: str | None = None) -> None:
    labels_path = Path(labels) if labels else Path(folder) / "labels.csv"
    evaluation = compare(analyse_paths([folder], nlp=load_pipeline()), read_labels(labels_path), labels_source=str(labels_path))
    figures = evaluation.session_figures()
    quality = mi_quality(labels_path)
    print(f"{len(figures)} sessions, {len(evaluation.utterances)} labelled utterances ({labels_path})\n")
    for name, config in builtin_profiles().items():
        human = {f["session"]: check_row({"session_id": f["session"], **f["reference"]}, config) for f in figures}
        machine = {f["session"]: check_row({"session_id": f["session"], **f["predicted"]}, config) for f in figures}
        print(f"profile {name}")
        for index, threshold in enumerate(config.thresholds):
            ref = [human[s].results[index].status for s in human]
            pred = [machine[s].results[index].status for s in human]
            _line(threshold.label, ref, pred)
        ref = ["fail" if human[s].failed else "pass" for s in human]
        pred = ["fail" if machine[s].failed else "pass" for s in human]
        _line("session verdict", ref, pred)
        if quality:
            for coder, verdicts in (("human codes", ref), ("rapport", pred)):
                table = Counter((quality.get(s, "?"), v) for s, v in zip(human, verdicts, strict=True))
                print(f"  {'mi_quality vs ' + coder:<42} " + ", ".join(f"{q}/{v} {n}" for (q, v), n in sorted(table.items())))
        print()


def _line(label: str, reference: list[str], predicted: list[str]) -> None:
    agree = sum(r == p for r, p in zip(reference, predicted, strict=True))
    kappa = cohen_kappa(reference, predicted)
    shown = "–" if kappa is None else f"{kappa:.2f}"
    print(f"  {label:<42} agree {agree}/{len(reference)}  κ {shown}  (human fails {reference.count('fail')}, rapport fails {predicted.count('fail')})")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(*sys.argv[1:])
