"""Which reader a file goes to: the extension first, the content where the extension says nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analyser.errors import InputError, NotATranscriptError
from analyser.read.registry import (
    InputFile,
    ReadOptions,
    detect_format,
    iter_input_files,
    read_input,
    read_transcript,
    sniff_format,
)

from ..conftest import TEST_DATA

DATA = TEST_DATA
CONVERSATION = DATA / "conversation"


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        # The content decides for .txt, .json, .xml and no extension.
        ("conversation.srt", ".txt", "srt"),
        ("conversation.vtt", ".txt", "vtt"),
        ("conversation.txt", ".txt", "txt"),
        ("conversation.srt", "", "srt"),
        ("conversation.cha", ".txt", "cha"),
        ("whisperx.json", ".json", "whisperx"),
        ("whisper.json", ".json", "whisper"),
        ("conversation.trs", ".xml", "trs"),
        ("conversation.eaf", ".xml", "eaf"),
        ("conversation.docx", "", "docx"),
        # The extension decides for the others, whatever the content.
        ("conversation.txt", ".srt", "srt"),
        ("conversation.txt", ".tsv", "csv"),
    ],
)
def test_detection(tmp_path: Path, name: str, extension: str, expected: str) -> None:
    path = tmp_path / f"seance{extension}"
    shutil.copyfile(CONVERSATION / name, path)
    assert detect_format(path, path.read_bytes()) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xef\xbb\xbfWEBVTT\n\n00:01.000 --> 00:02.000\nBonjour.\n", "vtt"),
        (b"1\n00:00:01,000 --> 00:00:02,000\nT : Bonjour.\n", "srt"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE Trans SYSTEM "trans-14.dtd">\n<Trans/>', "trs"),
        (b'{"segments": [{"start": 0, "end": 1, "text": "Bonjour", "speaker": "SPEAKER_00"}]}', "whisperx"),
        (b'{"segments": [{"start": 0, "end": 1, "text": "Bonjour", "words": [{"word": "Bonjour", "speaker": "SPEAKER_00"}]}]}', "whisperx"),
        (b'{"text": "Bonjour", "segments": [{"id": 0, "start": 0, "end": 1, "text": "Bonjour"}]}', "whisper"),
        (b'{"sessions": []}', None),
        (b"T : Bonjour.\nP : Bonjour.\n", None),
        (b"<html><body>Bonjour</body></html>", None),
    ],
    ids=["vtt-bom", "srt", "trs-doctype", "whisperx-segment-speaker", "whisperx-word-speaker", "whisper", "other-json", "plain", "other-xml"],
)
def test_sniffing(content: bytes, expected: str | None) -> None:
    assert sniff_format(content) == expected


def test_unknown_extension_is_an_error_naming_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "seance.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"seance\.pdf: unknown transcript format '\.pdf'; known: .*\.trs"):
        read_transcript(path)


def test_input_format_forces_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "seance.data"
    shutil.copyfile(CONVERSATION / "conversation.vtt", path)
    assert read_transcript(path, input_format="vtt").metadata["format"] == "vtt"


def test_a_non_transcript_found_in_a_folder_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "labels.csv").write_text("session,source_line,question\ns,1,open\n", encoding="utf-8")
    (tmp_path / "config.json").write_text('{"model": "large-v3"}', encoding="utf-8")
    (tmp_path / "notes.xml").write_text("<notes/>", encoding="utf-8")
    shutil.copyfile(CONVERSATION / "conversation.srt", tmp_path / "seance.srt")
    found = [item for item in iter_input_files([tmp_path]) if isinstance(item, InputFile)]
    read = {item.path.name: read_input(item, input_format=None, options=ReadOptions()) for item in found}
    assert read.keys() == {"config.json", "labels.csv", "notes.xml", "seance.srt"}
    assert {name for name, transcript in read.items() if transcript is not None} == {"seance.srt"}
    for name in ("labels.csv", "config.json", "notes.xml"):
        with pytest.raises(NotATranscriptError, match=name):
            read_input(InputFile(tmp_path / name), input_format=None, options=ReadOptions())
