"""Text output: a readable profile per session."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TextIO

from analyser import labels as L
from analyser.errors import InputError
from analyser.profile.alliance import BordinPart
from analyser.profile.miti import RATE_LABELS, THIRDS, CodingProfile, MetricReading
from analyser.profile.numbers import NONE, format_clock, format_decimal, format_percent
from analyser.profile.registry import BANDED, BY_NAME
from analyser.profile.turn_balance import BalanceStats
from analyser.render.report_text import ReportText
from analyser.session import SessionAnalysis, analyses
from analyser.textnorm import printable

_SPARK = "▁▂▃▄▅▆▇█"
# The text output is written in English throughout; its shared phrases (the target, "too few to conclude")
# come from models/report_labels.tsv, so that they read the same as in the other outputs.
_QUOTE = 120  # characters of an utterance quoted as a moment to discuss
_LANG = "en"


def write_text(results: Iterable[SessionAnalysis | InputError], stream: TextIO, *, generator: dict[str, str]) -> None:
    """Write one block per session, then the files that could not be read."""
    errors: list[InputError] = []
    first = True
    for result in analyses(results, errors):
        if not first:
            stream.write("\n")
        stream.write(render_session(result))
        first = False
    if errors:
        stream.write(("\n" if not first else "") + f"Not analysed ({len(errors)}):\n")
        stream.writelines(f"  {printable(str(error))}\n" for error in errors)


def render_session(analysis: SessionAnalysis) -> str:
    """The profile of one session as text."""
    transcript, profile = analysis.transcript, analysis.profile
    balance = profile.turn_balance
    lines = [
        f"Session {printable(transcript.session_id)}  ({printable(transcript.source)})",
        "Roles: " + ", ".join(f"{speaker} = {role} ({transcript.role_source.get(speaker, '?')})" for speaker, role in transcript.roles.items()),
        f"Utterances {profile.utterances} · words {profile.words} · speakers {profile.speakers}"
        + (f" · duration {format_clock(profile.duration_s)}" if profile.duration_s is not None else "")
        + f" · time rule: {balance.time_rule}",
        "",
        "Turn balance (automatic estimates)",
        _table("role", balance.roles),
        _table("speaker", balance.speakers),
        f"  speaker switches: {balance.switches}"
        + ("" if balance.interruptions is None else f" · interruptions: {balance.interruptions}"),
        "  therapist word share in ten windows: " + _timeline(balance.therapist_word_share_timeline),
        "",
        "Readability (Kandel & Moles, higher is easier): "
        + ", ".join(f"{role} {format_decimal(value)}" for role, value in profile.readability.items()),
        "",
        *_coding_lines(profile.coding),
        "",
        *_miti_lines(profile.coding),
        "",
        *_alliance_lines(analysis),
    ]
    if transcript.warnings:
        lines += ["", f"Warnings ({len(transcript.warnings)}):"] + [f"  {printable(warning)}" for warning in transcript.warnings]
    return "\n".join(lines) + "\n"


def _coding_lines(coding: CodingProfile) -> list[str]:
    lines = [
        "Therapist coding (automatic estimates, MITI bands)",
        (
            f"  questions {coding.questions} (open {coding.open_questions}, closed {coding.closed_questions})"
            f" · reflections {coding.reflections} (simple {coding.simple_reflections}, complex {coding.complex_reflections})"
        ),
    ]
    words = ReportText.for_lang(_LANG)
    readings = coding.readings()
    for metric in BANDED:
        reading = readings[metric.name]
        band = reading.scale
        if band is None:
            continue  # no row in models/bands.tsv: tests/profile/test_registry.py says so
        shown = words.figure(metric, reading.value)
        verdict = words.too_few(reading.count or 0) if reading.too_few else f"{reading.band or NONE:<5}"
        minimum = f"; minimum n = {reading.minimum}" if reading.too_few else ""
        lines.append(f"  {words[metric.short_key]:<36}{shown:>8}  {verdict} (fair ≥ {band.fair:g}, good ≥ {band.good:g}; {band.source}{minimum})")
    lines.append("  markers per speaker (count, per 1000 words):")
    for speaker, markers in coding.speakers.items():
        used = [f"{label} {markers.counts[label]} ({format_decimal(markers.rate(label))})" for label in RATE_LABELS if markers.counts.get(label)]
        lines.append(f"    {speaker}: " + (", ".join(used) if used else "none"))
    return lines


def _miti_lines(coding: CodingProfile) -> list[str]:
    words = ReportText.for_lang(_LANG)
    readings = coding.readings()
    inputs = " · ".join(f"{kind} {coding.input_count(kind)}" for kind in L.INPUT_KINDS)
    thirds = " · ".join(f"{words[f'third_{third}']} {_with_count(readings[f'change_talk_share_t{third}'], words)}" for third in THIRDS)
    answers = " · ".join(f"{answer} {coding.sustain_answered(answer)}" for answer in ("reflection", "input", "other"))
    input_share = words.figure(BY_NAME["input_share"], readings["input_share"].value)
    change_talk_share = _with_count(readings["change_talk_share"], words)
    return [
        "MITI 4 summary (automatic estimates; utterances counted once per behaviour)",
        f"  {printable(words.target(coding.target))}",
        f"  MI-adherent {coding.mi_adherent} (collaboration, affirmation, autonomy) · MI-non-adherent {coding.mi_non_adherent} (confront, persuade)",
        f"  therapist input: {inputs} · {input_share} of therapist utterances (no band)",
        f"  client talk: change {coding.change_talk} · sustain {coding.sustain_talk} · % change talk {change_talk_share}",
        f"    % change talk by third: {thirds}",
        f"  sustain talk answered by: {answers} · % by reflection {_with_count(readings['sustain_answered_by_reflection_share'], words)}",
    ]


def _with_count(reading: MetricReading, words: ReportText) -> str:
    """A metric's value, followed by "too few to conclude (n = 2)" when it rests on fewer codes than its minimum."""
    return words.figure(BY_NAME[reading.metric], reading.value) + (f", {words.too_few(reading.count or 0)}" if reading.too_few else "")


_COLUMNS = ("utter.", "turns", "words", "word %", "talk time", "time %", "overlap", "interrupts", "mean/turn", "median/turn", "longest")


def _table(heading: str, rows: Mapping[str, BalanceStats]) -> str:
    width = max(12, *(len(name) + 2 for name in rows))
    out = ["  " + heading.ljust(width) + "".join(column.rjust(12) for column in _COLUMNS)]
    for name, stats in rows.items():
        cells = (
            str(stats.utterances),
            str(stats.turns),
            str(stats.words),
            format_percent(stats.word_share),
            format_clock(stats.talk_time_s),
            format_percent(stats.time_share),
            format_clock(stats.overlap_s),
            NONE if stats.interruptions is None else str(stats.interruptions),
            format_decimal(stats.mean_turn_words),
            format_decimal(stats.median_turn_words),
            str(stats.longest_turn_words),
        )
        out.append("  " + name.ljust(width) + "".join(cell.rjust(12) for cell in cells))
    return "\n".join(out)


def _timeline(values: tuple[float | None, ...]) -> str:
    spark = "".join(" " if v is None else _SPARK[min(len(_SPARK) - 1, int(v * len(_SPARK)))] for v in values)
    return f"{spark}  " + " ".join(format_percent(v) for v in values)


_MOMENT_REASONS = {
    "rupture": "a possible rupture, repaired",
    "unrepaired_rupture": "a possible rupture, not repaired",
    "repair": "a repair",
    "missed_empathy": "an emotion met by a closed question or input",
    "opening_without_goals": "an opening with no goal or frame talk",
}


def _alliance_lines(analysis: SessionAnalysis) -> list[str]:
    """Descriptors of the alliance with the utterances behind them; no score (see profile/alliance.py)."""
    alliance = analysis.profile.alliance
    where = {c.utterance.index: c.utterance for c in analysis.utterances}

    def place(index: int) -> str:
        utterance = where[index]
        return utterance.location or f"utterance {index + 1}"

    unit = "per 10 min" if alliance.rate_unit == "per_10_minutes" else "per 100 utterances"

    def part(name: str, figures: BordinPart) -> str:
        agreed = "" if figures.client_agreement is None else f" · client agreed {figures.client_agreement}"
        examples = ", ".join(place(index) for index in figures.examples) or "none"
        return f"  {name}: therapist {figures.therapist} ({format_decimal(figures.rate)} {unit}){agreed} · e.g. {examples}"

    empathy = " · ".join(f"{mechanism} {count}" for mechanism, count in alliance.empathy.items())
    missed = ", ".join(place(index) for index in alliance.missed_empathy) or "none"
    ruptures = "; ".join(
        f"{place(e.first_index)}–{place(e.last_index)} {e.kind}, " + (f"repaired at {place(e.repair_index)}" if e.repaired and e.repair_index is not None else "not repaired")
        for e in alliance.ruptures
    )
    opening, rest = alliance.opening, alliance.rest
    attunement = alliance.attunement
    lines = [
        "Alliance (descriptors with their evidence, for discussion; not a score)",
        part("goals", alliance.goals),
        part("tasks", alliance.tasks),
        part("bond (empathy)", alliance.bond) + f" · {empathy} · missed opportunities: {missed}",
        "  frame made explicit: " + (", ".join(alliance.frame_topics) or "none"),
        f"  possible ruptures: {len(alliance.ruptures)}" + (f" ({ruptures})" if ruptures else "") + f" · repairs {alliance.repairs}",
        (
            f"  opening ({opening.utterances} utterances) / rest: therapist word share {format_percent(opening.therapist_word_share)} / {format_percent(rest.therapist_word_share)}"
            f" · open questions {opening.open_questions} / {rest.open_questions} · closed {opening.closed_questions} / {rest.closed_questions}"
            f" · frame {opening.frame} / {rest.frame} · goal talk {opening.goal_talk} / {rest.goal_talk} · client doubts {opening.client_doubts} / {rest.client_doubts}"
            f" · utterances before the first reflection: {_or_none(opening.utterances_before_first_reflection)}"
        ),
        (
            f"  implicit style attunement (rLSM; describes, does not judge): therapist follows {format_decimal(attunement.therapist_follows, 3)}"
            f" · client follows {format_decimal(attunement.client_follows, 3)} · baseline {format_decimal(attunement.baseline, 3)}"
            f" ({attunement.pairs} pairs of turns; correlation with turn length {format_decimal(attunement.length_correlation, 2)})"
        ),
    ]
    if alliance.moments:
        lines.append("  moments to discuss:")
        for moment in alliance.moments:
            text = " ".join(where[moment.index].text.split())
            quote = text if len(text) <= _QUOTE else text[: _QUOTE - 1] + "…"
            lines.append(f"    {place(moment.index)}: {_MOMENT_REASONS[moment.reason]} — « {printable(quote)} »")
    return lines


def _or_none(value: int | None) -> str:
    return NONE if value is None else str(value)
