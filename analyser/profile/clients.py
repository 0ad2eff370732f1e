"""Client figures one client at a time, for a session with several clients (a family, a couple).

The session's client figures (turn balance, client talk, % change talk) count every client together;
this breakdown says how much each one of them took part and what each one said about change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from analyser.domain import CodedUtterance, Transcript
from analyser.profile.bands import bands, minimum_counts
from analyser.profile.miti import MetricReading
from analyser.profile.numbers import rounded_fields
from analyser.profile.turn_balance import TurnBalance

# The session metric whose band and minimum count a client's own % change talk takes.
CHANGE_TALK_SHARE = "change_talk_share"


@dataclass(frozen=True, slots=True)
class ClientFigures:
    """One client's part of the session: talk, and change and sustain talk. Automatic estimates."""

    utterances: int
    turns: int
    words: int
    word_share: float | None  # of the session's words
    clients_word_share: float | None  # of all the clients' words
    time_share: float | None  # of the session's talk time; None without times
    change_talk: int  # utterances of change talk
    sustain_talk: int

    @property
    def change_talk_share(self) -> MetricReading:
        """Change talk among this client's change and sustain talk, with the count behind it and the session's minimum."""
        whole = self.change_talk + self.sustain_talk
        minimum = minimum_counts().get(CHANGE_TALK_SHARE)
        return MetricReading(
            CHANGE_TALK_SHARE,
            self.change_talk / whole if whole else None,
            bands().get(CHANGE_TALK_SHARE),
            None if minimum is None else whole,
            None if minimum is None else minimum.minimum,
        )

    def to_dict(self) -> dict[str, Any]:
        figures = rounded_fields(self, word_share=4, clients_word_share=4, time_share=4)
        return {**figures, "change_talk_share": self.change_talk_share.to_dict()}


def measure_clients(transcript: Transcript, coded: Sequence[CodedUtterance], balance: TurnBalance) -> Mapping[str, ClientFigures]:
    """Each client's figures, by speaker in order of first appearance; empty with fewer than two clients.

    Args:
        transcript: the session, its roles decided.
        coded: its coded utterances, in order.
        balance: its turn balance, whose per-speaker figures give each client's talk.
    """
    clients = [speaker for speaker, role in transcript.roles.items() if role == "client"]
    if len(clients) < 2:
        return MappingProxyType({})  # one client: the session's client figures are theirs
    change = dict.fromkeys(clients, 0)
    sustain = dict.fromkeys(clients, 0)
    for c in coded:
        speaker = c.utterance.speaker
        if c.utterance.role != "client":
            continue
        if c.client_talk == "change":
            change[speaker] += 1
        elif c.client_talk == "sustain":
            sustain[speaker] += 1
    clients_words = sum(balance.speakers[speaker].words for speaker in clients)
    figures = {}
    for speaker in clients:
        stats = balance.speakers[speaker]
        figures[speaker] = ClientFigures(
            utterances=stats.utterances,
            turns=stats.turns,
            words=stats.words,
            word_share=stats.word_share,
            clients_word_share=stats.words / clients_words if clients_words else None,
            time_share=stats.time_share,
            change_talk=change[speaker],
            sustain_talk=sustain[speaker],
        )
    return MappingProxyType(figures)


def clients_to_dict(clients: Mapping[str, ClientFigures]) -> dict[str, Any]:
    """The breakdown as the JSON profile holds it: speaker -> figures."""
    return {speaker: figures.to_dict() for speaker, figures in clients.items()}

