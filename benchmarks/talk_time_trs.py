"""Interviewer talk-time share of Transcriber files: rapport's profile against the XML itself.

Usage: python benchmarks/talk_time_trs.py ../shared/eval/eslo/ [INTERVIEWER...]

The rule (issue 4): talk time of a speaker is the summed duration of their single-speaker turns
that hold text; overlap turns (`speaker="spk1 spk2"`) count for nobody's talk time; shares are
over all speakers' talk time. The reference figure is computed here from the XML with the
standard library alone, independently of rapport's reader; rapport's figure is the one its
profile reports (`turn_balance.speakers[...].time_share`). Interviewers default to the codes of
the ESLO interviews (OU, JR, RC, PB).
"""

from __future__ import annotations

import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from analyser.profile.turn_balance import measure_turn_balance
from analyser.read.registry import read_transcript
from analyser.read.roles import assign_roles

INTERVIEWERS = ("OU", "JR", "RC", "PB")


def reference_talk_time(path: Path) -> dict[str, float]:
    """Speaker name -> summed duration of their single-speaker turns that hold text, from the XML."""
    root = ET.parse(path).getroot()  # the declaration's encoding is honoured
    names = {speaker.get("id"): speaker.get("name") or speaker.get("id") for speaker in root.iter("Speaker")}
    talk: dict[str, float] = defaultdict(float)
    for turn in root.iter("Turn"):
        speakers = (turn.get("speaker") or "").split()
        if len(speakers) != 1:
            continue
        pieces = [turn.text or ""] + [child.tail or "" for child in turn.iter() if child is not turn]
        if "".join(pieces).strip():
            talk[names.get(speakers[0], speakers[0])] += float(turn.get("endTime")) - float(turn.get("startTime"))
    return dict(talk)


def main(folder: str, interviewers: tuple[str, ...]) -> int:
    mismatches = 0
    print(f"{'file':<24}{'interviewer':>12}{'XML share':>12}{'rapport':>12}{'overlap s':>11}{'interrupt.':>11}{'utter.':>8}{'read s':>8}")
    for path in sorted(Path(folder).glob("*.trs")):
        reference = reference_talk_time(path)
        began = time.perf_counter()
        transcript = assign_roles(read_transcript(path))
        elapsed = time.perf_counter() - began
        # Word counts do not enter talk time; the profile's time figures are measured as here.
        balance = measure_turn_balance(transcript, [0] * len(transcript.utterances))
        interviewer = next(name for name in interviewers if name in reference)
        expected = reference[interviewer] / sum(reference.values())
        measured = balance.speakers[interviewer].time_share
        same = measured is not None and abs(measured - expected) < 1e-9
        mismatches += not same
        print(
            f"{path.stem[-9:]:<24}{interviewer:>12}{expected:>12.4f}{measured:>12.4f}"
            f"{balance.speakers[interviewer].overlap_s:>11.1f}{balance.interruptions:>11}{len(transcript.utterances):>8}{elapsed:>8.2f}"
            + ("" if same else "   MISMATCH")
        )
    print("all equal" if not mismatches else f"{mismatches} file(s) differ")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], tuple(sys.argv[2:]) or INTERVIEWERS))
