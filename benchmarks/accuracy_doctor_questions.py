"""Share of doctor turns rapport finds as questions, and codes as reflections, in LabForSims2 doctor–patient dialogues.

Usage: python benchmarks/accuracy_doctor_questions.py ../shared/eval/labforsims2/

Each `dialogues/Interne*/dialogues` file holds lines `d<id> text` (doctor, coded as the
therapist) and `p<id> text` (patient). Coded as given, then with every punctuation mark removed,
as raw speech recognition gives it. There are no human question labels: this measures coverage. History-taking
is questions and information, hardly ever reflections: the share of doctor turns coded reflection is the false
reflections of a directive session (and how many of them are also questions).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from analyser.nlp.pipeline import load_pipeline
from analyser.pipeline import analyse_transcript
from analyser.read.roles import assign_roles
from analyser.read.txt import read_txt

_PUNCTUATION = re.compile(r"[?!.,;:«»\"…]")
_LINE = re.compile(r"^([dp])\d+\s+(.*)$")


def dialogue_lines(path: Path, *, strip: bool) -> str:
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        match = _LINE.match(line.strip())
        if match and match.group(2).strip():
            text = _PUNCTUATION.sub(" ", match.group(2)) if strip else match.group(2)
            out.append(f"{'Médecin' if match.group(1) == 'd' else 'Patient'} : {' '.join(text.split())}")
    return "\n".join(out)


def main(folder: str) -> None:
    nlp = load_pipeline()
    files = sorted(Path(folder).glob("dialogues/Interne*/dialogues"))
    for name, strip in (("as given", False), ("without punctuation", True)):
        doctor = questions = open_ = reflections = both = 0
        for path in files:
            transcript = read_txt(dialogue_lines(path, strip=strip).encode("utf-8"), source=str(path), session_id=path.parent.name)
            transcript = assign_roles(transcript, therapist_labels=("Médecin",), client_labels=("Patient",))
            for coded in analyse_transcript(transcript, nlp).utterances:
                if coded.utterance.role == "therapist":
                    doctor += 1
                    questions += coded.question is not None
                    open_ += coded.question == "open"
                    reflections += coded.reflection is not None
                    both += coded.reflection is not None and coded.question is not None
        print(f"LabForSims2 {name}: {len(files)} dialogues, {doctor} doctor turns, "
              f"{questions / doctor:.3f} found as questions ({open_} open, {questions - open_} closed), "
              f"{reflections} coded reflection ({reflections / doctor:.1%}; {both} of them also questions)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/labforsims2")
