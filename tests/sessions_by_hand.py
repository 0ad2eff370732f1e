"""Analysed sessions built by hand, without the model: utterances, codes and markers as a test states them."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType

from analyser.domain import CodedUtterance, Marker, Transcript, Utterance
from analyser.profile.alliance import measure_alliance
from analyser.profile.miti import measure_coding
from analyser.profile.opening import measure_opening
from analyser.profile.session import SessionProfile, session_duration
from analyser.profile.turn_balance import measure_turn_balance
from analyser.session import SessionAnalysis

# Text that must come out escaped wherever it goes.
HOSTILE = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "Tom & \"Jerry\" l'ami")


def mark(text: str, label: str, phrase: str, rule: str = "rule") -> Marker:
    """The marker of `label` over the first `phrase` in `text`."""
    start = text.index(phrase)
    return Marker(label, phrase, start, start + len(phrase), rule)


def turn(
    speaker: str,
    role: str,
    text: str,
    *,
    question: str | None = None,
    reflection: str | None = None,
    markers: Sequence[tuple[str, str] | tuple[str, str, str]] = (),
    start: float | None = None,
    place: str | None = None,
) -> dict:
    """One utterance as a test states it; `markers` are (label, phrase[, rule]) found in `text`."""
    return {
        "speaker": speaker,
        "role": role,
        "text": text,
        "question": question,
        "reflection": reflection,
        "markers": tuple(mark(text, *spec) for spec in markers),
        "start": start,
        "place": place,
    }


def session(
    turns: Sequence[dict],
    *,
    session_id: str = "seance",
    source: str = "/home/superviseur/dossiers/seance.txt",
    warnings: tuple[str, ...] = (),
) -> SessionAnalysis:
    """A whole analysed session from its turns, its profile measured the way the analysis measures it."""
    utterances = tuple(
        Utterance(
            index,
            spec["speaker"],
            spec["role"],
            spec["text"],
            start=spec["start"],
            end=None if spec["start"] is None else spec["start"] + 2.0,
            source_line=None if spec["place"] else index + 1,
            place=spec["place"],
        )
        for index, spec in enumerate(turns)
    )
    transcript = Transcript(
        session_id,
        source,
        utterances,
        metadata=MappingProxyType({"format": "txt"}),
        warnings=warnings,
        role_source=MappingProxyType({u.speaker: "label" for u in utterances}),
    )
    words = [len(u.text.split()) for u in utterances]
    coded = tuple(
        CodedUtterance(u, count, question=spec["question"], reflection=spec["reflection"], markers=spec["markers"])
        for u, count, spec in zip(utterances, words, turns, strict=True)
    )
    profile = SessionProfile(
        utterances=len(utterances),
        words=sum(words),
        speakers=len(transcript.speakers),
        duration_s=session_duration(transcript),
        turn_balance=measure_turn_balance(transcript, words),
        readability={"therapist": 72.5, "client": None},
        coding=measure_coding(coded),
        opening=measure_opening(coded),
        alliance=measure_alliance(coded, duration_s=session_duration(transcript)),
    )
    return SessionAnalysis(transcript, coded, profile)


def short_session(*, session_id: str = "seance", timed: bool = False, therapist: str = "Thérapeute", client: str = "Patiente") -> SessionAnalysis:
    """Twelve utterances with every code family, so that the opening holds two of them."""
    t = (lambda i: float(i * 5)) if timed else (lambda i: None)
    turns = [
        turn(therapist, "therapist", "Bonjour, qu'est-ce qui vous amène ?", question="open", markers=[("QUESTION_OPEN", "qu'est-ce qui vous amène ?")], start=t(0)),
        turn(client, "client", "Je dors mal depuis des semaines.", start=t(1)),
        turn(therapist, "therapist", "Vous dormez mal depuis des semaines.", reflection="simple", markers=[("REFLECTION_SIMPLE", "Vous dormez mal")], start=t(2)),
        turn(client, "client", "Oui, et on pourrait en parler ensemble.", markers=[("CLIENT_SHARED_GOAL", "on pourrait")], start=t(3)),
        turn(therapist, "therapist", "Vous êtes à bout, et on va chercher ensemble ?", question="closed", reflection="complex",
             markers=[("REFLECTION_COMPLEX", "Vous êtes à bout"), ("SHARED_GOAL", "on va chercher ensemble"), ("QUESTION_CLOSED", "on va chercher ensemble ?")], start=t(4)),
        turn(client, "client", "Mm.", markers=[("BACKCHANNEL", "Mm.")], start=t(5)),
        turn(therapist, "therapist", "Qu'en pensez-vous ?", question="open", markers=[("QUESTION_OPEN", "Qu'en pensez-vous ?"), ("SEEKING_COLLABORATION", "Qu'en pensez-vous")], start=t(6)),
        turn(client, "client", "Je ne sais pas.", start=t(7)),
        turn(therapist, "therapist", "C'est vous qui décidez.", markers=[("EMPHASIZING_AUTONOMY", "C'est vous qui décidez")], start=t(8)),
        turn(client, "client", "D'accord.", start=t(9)),
        turn(therapist, "therapist", "Vous avez fait un vrai effort.", markers=[("AFFIRMATION", "vrai effort")], start=t(10)),
        turn(client, "client", "Merci.", start=t(11)),
    ]
    return session(turns, session_id=session_id)
