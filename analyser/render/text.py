"""Text output: a readable profile per session, in French or English (models/report_labels.tsv)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TextIO

from analyser import labels as L
from analyser.errors import InputError
from analyser.messages import say, say_error
from analyser.profile.alliance import AllianceProfile, BordinPart
from analyser.profile.miti import RATE_LABELS, THIRDS, CodingProfile, MetricReading
from analyser.profile.numbers import NONE, format_clock
from analyser.profile.registry import BANDED, BY_NAME
from analyser.profile.turn_balance import BalanceStats
from analyser.render.clients import client_lines
from analyser.render.report_text import ReportText
from analyser.session import SessionAnalysis, analyses
from analyser.textnorm import printable

_SPARK = "▁▂▃▄▅▆▇█"
_QUOTE = 120  # characters of an utterance quoted as a moment to discuss
# The turn-balance table: its columns (keys text_col_<name> of models/report_labels.tsv), each this wide.
_COLUMNS = ("utterances", "turns", "words", "word_share", "talk_time", "time_share", "overlap", "interruptions", "mean_turn", "median_turn", "longest")
_CELL = 12
_SEPARATOR = " · "  # between items of a line: a comma would be read as a French decimal mark


def write_text(results: Iterable[SessionAnalysis | InputError], stream: TextIO, *, generator: dict[str, str], lang: str = "fr") -> None:
    """Write one block per session, then the files that could not be read.

    Args:
        results: analysed sessions and the errors of the files that could not be read.
        stream: where to write.
        generator: rapport's name and versions (not shown in the text output).
        lang: "fr" or "en", the language of every word written.
    """
    words = ReportText.for_lang(lang)
    errors: list[InputError] = []
    first = True
    for result in analyses(results, errors):
        if not first:
            stream.write("\n")
        stream.write(render_session(result, lang=lang))
        first = False
    if errors:
        stream.write(("\n" if not first else "") + words.format("text_not_analysed", count=len(errors)) + "\n")
        stream.writelines(f"  {printable(say_error(error, lang))}\n" for error in errors)


def render_session(analysis: SessionAnalysis, *, lang: str = "fr") -> str:
    """The profile of one session as text, in `lang` ("fr" or "en")."""
    words = ReportText.for_lang(lang)
    transcript, profile = analysis.transcript, analysis.profile
    balance = profile.turn_balance
    roles = ", ".join(
        f"{speaker} = {words.labels.get(f'role_{role}', role)} ({_role_source(transcript.role_source.get(speaker), words)})" for speaker, role in transcript.roles.items()
    )
    facts = [
        words.format("text_utterances", count=profile.utterances),
        words.format("text_words", count=profile.words),
        words.format("text_speakers", count=profile.speakers),
        *([words.format("text_duration", clock=format_clock(profile.duration_s))] if profile.duration_s is not None else []),
        words.format("text_time_rule", rule=words[f"time_rule_{balance.time_rule}"]),
    ]
    interruptions = [] if balance.interruptions is None else [words.format("text_interruptions", count=balance.interruptions)]
    readability = _SEPARATOR.join(f"{words[f'role_{role}']} {words.number(value)}" for role, value in profile.readability.items())
    lines = [
        f"{words.format('session_heading', session=printable(transcript.session_id))}  ({printable(transcript.source)})",
        words.format("text_roles", roles=roles),
        _SEPARATOR.join(facts),
        "",
        words["text_turn_balance"],
        _table(words["text_col_role"], {words[f"role_{role}"]: stats for role, stats in balance.roles.items()}, words),
        _table(words["text_col_speaker"], balance.speakers, words),
        "  " + _SEPARATOR.join([words.format("text_switches", count=balance.switches), *interruptions]),
        "  " + words["text_timeline"] + " " + _timeline(balance.therapist_word_share_timeline, words),
        "",
        words.format("text_readability", values=readability),
        "  " + words["readability_scale"],
        "",
        *_coding_lines(profile.coding, words),
        "",
        *_miti_lines(profile.coding, words),
        *client_lines(profile, words),
        "",
        *_alliance_lines(analysis, words),
    ]
    if transcript.warnings:
        lines += ["", words.format("text_warnings", count=len(transcript.warnings))]
        lines += [f"  {printable(say(warning, lang))}" for warning in transcript.warnings]
    return "\n".join(lines) + "\n"


def _role_source(source: str | None, words: ReportText) -> str:
    """How a speaker's role was decided ("étiquette", "option", "déduit"), "?" when the reader did not say."""
    return "?" if source is None else words.labels.get(f"role_source_{source}", source)


def _coding_lines(coding: CodingProfile, words: ReportText) -> list[str]:
    questions = words.format("text_questions", count=coding.questions, open=coding.open_questions, closed=coding.closed_questions)
    reflections = words.format("text_reflections", count=coding.reflections, simple=coding.simple_reflections, complex=coding.complex_reflections)
    lines = [words["text_coding"], f"  {questions}{_SEPARATOR}{reflections}"]
    readings = coding.readings()
    shown_bands = [words[f"band_{band}"] for band in ("low", "fair", "good")]
    band_width = max(len(name) for name in shown_bands)
    for metric in BANDED:
        reading = readings[metric.name]
        band = reading.scale
        if band is None:
            continue  # no row in models/bands.tsv: tests/profile/test_registry.py says so
        shown = words.figure(metric, reading.value)
        verdict = words.too_few(reading.count or 0) if reading.too_few else f"{words[f'band_{reading.band}'] if reading.band else NONE:<{band_width}}"
        detail = words.format("text_band_detail", thresholds=words.band_thresholds(band), source=words.band_source(band))
        if reading.too_few:
            detail = words.format("text_band_detail", thresholds=detail, source=words.format("minimum_count", minimum=reading.minimum))
        lines.append(f"  {words[metric.short_key]:<40}{shown:>8}  {verdict} ({detail})")
    lines.append("  " + words.bands_legend())
    lines.append("  " + words["text_markers_per_speaker"])
    for speaker, markers in coding.speakers.items():
        used = [
            f"{words.marker_name(label)} {markers.counts[label]} ({words.number(markers.rate(label))})" for label in RATE_LABELS if markers.counts.get(label)
        ]
        lines.append("    " + words.format("labelled", label=speaker, value=_SEPARATOR.join(used) if used else words["alliance_none"]))
    return lines


def _miti_lines(coding: CodingProfile, words: ReportText) -> list[str]:
    readings = coding.readings()
    inputs = _SEPARATOR.join(f"{words[f'badge_input_{kind}']} {coding.input_count(kind)}" for kind in L.INPUT_KINDS)
    thirds = _SEPARATOR.join(f"{words[f'third_{third}']} {_with_count(readings[f'change_talk_share_t{third}'], words)}" for third in THIRDS)
    return [
        words["text_miti"],
        f"  {printable(words.target(coding.target))}",
        "  " + words.format("text_mi_adherence", adherent=coding.mi_adherent, non_adherent=coding.mi_non_adherent),
        "  " + words.format("text_input", inputs=inputs, share=words.figure(BY_NAME["input_share"], readings["input_share"].value)),
        "  " + words.format("text_client_talk", change=coding.change_talk, sustain=coding.sustain_talk, share=_with_count(readings["change_talk_share"], words)),
        "    " + words.format("text_change_talk_thirds", thirds=thirds),
        "  "
        + words.format(
            "text_sustain_answered",
            reflection=coding.sustain_answered("reflection"),
            input=coding.sustain_answered("input"),
            other=coding.sustain_answered("other"),
            share=_with_count(readings["sustain_answered_by_reflection_share"], words),
        ),
    ]


def _with_count(reading: MetricReading, words: ReportText) -> str:
    """A metric's value, followed by "trop peu pour conclure (n = 2)" when it rests on fewer codes than its minimum."""
    return words.figure(BY_NAME[reading.metric], reading.value) + (f", {words.too_few(reading.count or 0)}" if reading.too_few else "")


def _table(heading: str, rows: Mapping[str, BalanceStats], words: ReportText) -> str:
    width = max(12, len(heading) + 2, *(len(name) + 2 for name in rows))
    out = ["  " + heading.ljust(width) + "".join(words[f"text_col_{column}"].rjust(_CELL) for column in _COLUMNS)]
    for name, stats in rows.items():
        cells = (
            str(stats.utterances),
            str(stats.turns),
            str(stats.words),
            words.percent(stats.word_share),
            format_clock(stats.talk_time_s),
            words.percent(stats.time_share),
            format_clock(stats.overlap_s),
            NONE if stats.interruptions is None else str(stats.interruptions),
            words.number(stats.mean_turn_words),
            words.number(stats.median_turn_words),
            str(stats.longest_turn_words),
        )
        out.append("  " + name.ljust(width) + "".join(cell.rjust(_CELL) for cell in cells))
    return "\n".join(out)


def _timeline(values: tuple[float | None, ...], words: ReportText) -> str:
    spark = "".join(" " if v is None else _SPARK[min(len(_SPARK) - 1, int(v * len(_SPARK)))] for v in values)
    return f"{spark}  " + " ".join(words.percent(v) for v in values)


def _alliance_lines(analysis: SessionAnalysis, words: ReportText) -> list[str]:
    """Descriptors of the alliance with the utterances behind them; no score (see profile/alliance.py)."""
    alliance = analysis.profile.alliance
    where = {c.utterance.index: c.utterance for c in analysis.utterances}

    def place(index: int) -> str:
        return words.location(where[index]) or words.format("utterance_n", n=index + 1)

    def places(indices: Iterable[int]) -> str:
        return ", ".join(place(index) for index in indices) or words["alliance_none"]

    def ruptures() -> str:
        shown = [
            f"{place(e.first_index)}{'' if e.last_index == e.first_index else '–' + place(e.last_index)} {words[f'rupture_{e.kind}']}, "
            + (words.format("rupture_repaired", where=place(e.repair_index)) if e.repaired and e.repair_index is not None else words["rupture_not_repaired"])
            for e in alliance.ruptures
        ]
        return f" ({'; '.join(shown)})" if shown else ""

    empathy = _SEPARATOR.join(f"{words[f'empathy_{mechanism}']} {count}" for mechanism, count in alliance.empathy.items())
    lines = [
        words["text_alliance"],
        _bordin_line(words["alliance_goals"], alliance.goals, alliance, words, places),
        _bordin_line(words["alliance_tasks"], alliance.tasks, alliance, words, places),
        _bordin_line(words["alliance_bond"], alliance.bond, alliance, words, places)
        + _SEPARATOR
        + empathy
        + _SEPARATOR
        + (words.format("text_missed_empathy", where=places(alliance.missed_empathy)) if alliance.missed_empathy else words["text_no_missed_empathy"]),
        "  " + words.format("text_frame", topics=", ".join(words[f"frame_{topic}"] for topic in alliance.frame_topics) or words["alliance_none"]),
        "  " + words.format("text_ruptures", count=len(alliance.ruptures), list=ruptures(), repairs=alliance.repairs),
        "  " + _opening_line(alliance, words),
        "  " + words.format("labelled", label=words["alliance_attunement"], value=words.attunement(alliance.attunement)),
    ]
    if alliance.moments:
        lines.append("  " + words.format("labelled", label=words["alliance_moments"], value="").rstrip())
        for moment in alliance.moments:
            text = " ".join(where[moment.index].text.split())
            quote = text if len(text) <= _QUOTE else text[: _QUOTE - 1] + "…"
            lines.append("    " + words.format("text_moment", place=place(moment.index), reason=words[f"moment_{moment.reason}"], quote=printable(quote)))
    return lines


def _bordin_line(name: str, figures: BordinPart, alliance: AllianceProfile, words: ReportText, places: Callable[[Iterable[int]], str]) -> str:
    unit = words[f"rate_{alliance.rate_unit}"]
    agreed = "" if figures.client_agreement is None else _SEPARATOR + words.format("alliance_agreement", count=figures.client_agreement)
    examples = words.format("text_examples", where=places(figures.examples))
    therapist = words.format("text_therapist_rate", count=figures.therapist, rate=words.number(figures.rate), unit=unit)
    return "  " + words.format("labelled", label=name, value=therapist + agreed + _SEPARATOR + examples)


def _opening_line(alliance: AllianceProfile, words: ReportText) -> str:
    opening, rest = alliance.opening, alliance.rest
    first = opening.utterances_before_first_reflection
    return words.format(
        "text_opening",
        utterances=opening.utterances,
        share=words.percent(opening.therapist_word_share),
        rest_share=words.percent(rest.therapist_word_share),
        open=opening.open_questions,
        rest_open=rest.open_questions,
        closed=opening.closed_questions,
        rest_closed=rest.closed_questions,
        frame=opening.frame,
        rest_frame=rest.frame,
        goals=opening.goal_talk,
        rest_goals=rest.goal_talk,
        doubts=opening.client_doubts,
        rest_doubts=rest.client_doubts,
        before=NONE if first is None else first,
    )
