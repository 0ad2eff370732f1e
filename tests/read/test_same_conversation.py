"""One conversation saved in every input format reads as the same speakers, texts and times."""

from __future__ import annotations

import pytest

from analyser.read.registry import ReadOptions, detect_format, read_transcript

from ..conftest import TEST_DATA

CONVERSATION = TEST_DATA / "conversation"

# tests/data/README.md: (speaker, text, start, end).
EXPECTED = [
    ("Thérapeute", "Bonjour, qu'est-ce qui vous amène aujourd'hui ?", 0.0, 3.25),
    ("Cliente", "J'ai du mal à dormir depuis que j'ai changé de travail.", 3.5, 8.12),
    ("Thérapeute", "Vous dormez mal depuis ce changement.", 8.4, 11.0),
    ("Cliente", "Oui, je me réveille à trois heures et je pense au bureau.", 11.25, 16.48),
    ("Thérapeute", "Qu'est-ce que vous aimeriez changer en premier ?", 16.7, 20.305),
    ("Cliente", "Retrouver des nuits calmes, je crois.", 20.5, 24.9),
]

# file -> (format detected, whether the format keeps times)
FILES = {
    "conversation.txt": ("txt", True),
    "conversation.csv": ("csv", True),
    "conversation.tsv": ("csv", True),
    "conversation.srt": ("srt", True),
    "conversation.vtt": ("vtt", True),
    "whisperx.json": ("whisperx", True),
    "whisper.json": ("whisper", True),
    "conversation.docx": ("docx", False),
    "conversation.eaf": ("eaf", True),
    "conversation.trs": ("trs", True),
    "conversation.cha": ("cha", True),
}


def _options(name: str) -> ReadOptions:
    return ReadOptions(rttm=str(CONVERSATION / "whisper.rttm")) if name == "whisper.json" else ReadOptions()


def test_every_format_has_the_conversation() -> None:
    assert sorted(path.name for path in CONVERSATION.iterdir() if path.suffix != ".rttm") == sorted(FILES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_same_speakers_texts_and_times(name: str) -> None:
    path = CONVERSATION / name
    fmt, timed = FILES[name]
    assert detect_format(path, path.read_bytes()) == fmt
    transcript = read_transcript(path, options=_options(name))
    assert transcript.metadata["format"] == fmt
    assert [(u.speaker, u.text) for u in transcript.utterances] == [(speaker, text) for speaker, text, _, _ in EXPECTED]
    times = [(u.start, u.end) for u in transcript.utterances]
    if timed:
        assert times == [(start, end) for _, _, start, end in EXPECTED]
    else:
        assert times == [(None, None)] * len(EXPECTED)
    assert not transcript.warnings


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_utterance_says_where_it_is(name: str) -> None:
    transcript = read_transcript(CONVERSATION / name, options=_options(name))
    assert all(u.location for u in transcript.utterances)
