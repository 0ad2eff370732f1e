"""How rapport types the interrogatives of the French Interrogative Bank (UD_French-FIB).

Usage: python benchmarks/accuracy_fib.py ../shared/eval/fib/

A sentence is a direct question when its root carries ClauseType=Int; it is yes/no when no
interrogative phrase (PhraseType=Int) depends on it, constituent otherwise. Each sentence is coded
as one therapist utterance, with and without its punctuation (as speech recognition gives it).
Prints the rate of yes/no questions coded closed and of questions found at all.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from analyser.nlp.pipeline import load_pipeline
from analyser.pipeline import analyse_transcript
from analyser.read.roles import assign_roles
from analyser.read.txt import read_txt

_PUNCTUATION = re.compile(r"[?!.,;:«»\"…]")


def direct_questions(conllu: Path) -> list[tuple[str, str]]:
    """(text, "yes_no" | "constituent") for each sentence whose root is an interrogative clause."""
    found = []
    for block in conllu.read_text(encoding="utf-8").split("\n\n"):
        text = next((line[9:] for line in block.splitlines() if line.startswith("# text = ")), None)
        rows = [line.split("\t") for line in block.splitlines() if line and not line.startswith("#")]
        rows = [r for r in rows if len(r) == 10 and r[0].isdigit()]
        root = next((r for r in rows if r[7] == "root"), None)
        if text is None or root is None or "ClauseType=Int" not in root[9]:
            continue
        wh = any("PhraseType=Int" in r[9] and _depends_on(r, root[0], rows) for r in rows)
        found.append((text, "constituent" if wh else "yes_no"))
    return found


def _depends_on(row: list[str], head: str, rows: list[list[str]]) -> bool:
    by_id = {r[0]: r for r in rows}
    seen = set()
    while row[6] not in ("0", head) and row[6] not in seen:
        seen.add(row[6])
        row = by_id.get(row[6], row)
        if row[6] == row[0]:
            break
    return row[6] == head or row[0] == head


def code(nlp, texts: list[str]) -> list[str | None]:
    lines = "\n".join(f"Thérapeute : {' '.join(t.split())}" for t in texts)
    transcript = read_txt(lines.encode("utf-8"), source="fib", session_id="fib")
    transcript = assign_roles(transcript, therapist_labels=("Thérapeute",))
    return [u.question for u in analyse_transcript(transcript, nlp).utterances]


def main(folder: str) -> None:
    questions = [q for path in sorted(Path(folder).glob("fr_fib-ud-*.conll")) for q in direct_questions(path)]
    nlp = load_pipeline()
    kinds = Counter(kind for _, kind in questions)
    print(f"UD_French-FIB: {len(questions)} direct questions ({kinds['yes_no']} yes/no, {kinds['constituent']} constituent)")
    for name, texts in (
        ("as written", [t for t, _ in questions]),
        ("without punctuation", [_PUNCTUATION.sub(" ", t) for t, _ in questions]),
    ):
        coded = code(nlp, texts)
        pairs = list(zip((k for _, k in questions), coded))
        yes_no = [c for k, c in pairs if k == "yes_no"]
        constituent = [c for k, c in pairs if k == "constituent"]
        print(f"  {name}:")
        print(f"    yes/no coded closed: {sum(c == 'closed' for c in yes_no) / len(yes_no):.3f}"
              f"  (open {sum(c == 'open' for c in yes_no)}, not a question {sum(c is None for c in yes_no)})")
        print(f"    constituent found as questions: {sum(c is not None for c in constituent) / len(constituent):.3f}"
              f"  (open {sum(c == 'open' for c in constituent)}, closed {sum(c == 'closed' for c in constituent)})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/fib")
