"""Fuzzing every reader with hypothesis: whatever the bytes, a sound Transcript or an InputError, never another exception.

Run longer with `HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_fuzz.py --hypothesis-show-statistics`.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analyser.domain import Transcript
from analyser.errors import InputError
from analyser.read._rttm import read_rttm
from analyser.read.registry import FORMATS, KNOWN_EXTENSIONS, ReadOptions, read_transcript

from .conftest import SAMPLES, TEST_DATA

# "default" keeps the suite quick; "fuzz" is the long run (HYPOTHESIS_PROFILE=fuzz). In CI, no example database and the
# same examples every run, so that a red build is reproducible; loaded explicitly, as hypothesis would pick its "ci" one.
_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    **({"database": None, "derandomize": True} if os.environ.get("CI") else {}),
}
settings.register_profile("default", max_examples=200, **_COMMON)
settings.register_profile("fuzz", max_examples=5000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DATA = TEST_DATA
SOURCE = "seance-fuzz.txt"
READERS: dict[str, Callable[..., Transcript]] = {name: input_format.load() for name, input_format in FORMATS.items()}
NAMES = sorted(READERS)


# --- what every answer must be ---


def assert_one_line(error: InputError, source: str) -> None:
    text = str(error)
    assert text.startswith(f"{source}: "), text
    assert "\n" not in text and "\r" not in text, text


def assert_sound(transcript: Transcript) -> None:
    """The invariants every reader promises of the Transcript it returns."""
    assert isinstance(transcript, Transcript)
    assert transcript.utterances, "a transcript without utterances"
    for position, utterance in enumerate(transcript.utterances):
        assert utterance.index == position
        assert utterance.text and utterance.text == utterance.text.strip(), repr(utterance.text)
        assert utterance.speaker.strip(), repr(utterance.speaker)
        for time in (utterance.start, utterance.end):
            assert time is None or (isinstance(time, float | int) and math.isfinite(time) and time >= 0), time
        # An external entity (XXE) must never be read into the transcript.
        assert "root:x:0:0" not in utterance.text
    for warning in transcript.warnings:
        assert isinstance(warning, str) and "\n" not in warning and "\r" not in warning, warning


def read(name: str, data: bytes) -> Transcript | InputError:
    """Call a reader as `read_transcript` does; any exception other than InputError fails the test."""
    try:
        transcript = READERS[name](data, source=SOURCE, session_id="seance-fuzz", options=ReadOptions())
    except InputError as error:
        assert_one_line(error, SOURCE)
        return error
    assert_sound(transcript)
    return transcript


# --- seeds: the valid and malformed fixtures of each format ---


def _seed_format(path: Path) -> str | None:
    if path.suffix == ".json":
        return "whisperx" if b'"speaker"' in path.read_bytes() else "whisper"
    if path.suffix == ".txt":
        return "txt"
    return next((name for name, input_format in FORMATS.items() if path.suffix in input_format.extensions), None)


def _seeds() -> dict[str, list[bytes]]:
    seeds: dict[str, list[bytes]] = {name: [] for name in NAMES}
    for path in sorted([*DATA.rglob("*.*"), *SAMPLES.glob("*.txt")]):
        name = _seed_format(path)
        if name is not None and path.name != "README.md":
            seeds[name].append(path.read_bytes())
    return seeds


SEEDS = _seeds()
ALL_SEEDS = [data for name in NAMES for data in SEEDS[name]]
RTTM_SEEDS = [path.read_bytes() for path in sorted(DATA.rglob("*.rttm"))]


def test_every_reader_has_seeds() -> None:
    assert all(SEEDS[name] for name in NAMES), {name: len(seeds) for name, seeds in SEEDS.items()}
    assert RTTM_SEEDS


# --- strategies ---

# Numbers a time field should never have to hold: huge, negative, not numbers, other digits.
ODD_NUMBERS = [
    b"-1", b"-0.5", b"-0", b"0", b"60", b"99", b"99999999999999999999", b"9" * 400, b"9" * 5000, b"1e308", b"1e400", b"-1e400",
    b"NaN", b"nan", b"Infinity", b"-Infinity", b"inf", b"1_000", b"0x1F", "٣".encode(), b"1.5.5", b"", b"3,5", b"+5", b"1e-400",
]
# Pieces of every format's syntax, and bytes that upset decoders.
TOKENS = [
    b"\n", b"\n\n", b"\r", b"\r\n", b"\t", b" ", b"\x00", b"\x0c", b"\x1c", b"\x15", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xe9", b"\x81",
    b"\xc3\xa9", b"\xe2\x80\xa8", b"\xc2\x85", b"\xc2\xa0", "\u202f".encode(),
    b"-->", b" --> ", b"00:00:01,000 --> 00:00:00,500", b"00:00:01.000 --> 00:00:02.000", b"99:59:59.999", b"1:2", b"[00:01]", b"(12:30)",
    b"WEBVTT", b"NOTE", b"STYLE", b"<v Cliente>", b"<v>", b"</v>", b"<c.x>", b"<rt>", b"&amp;", b"&#0;", b"&#x110000;", b"&nbsp;",
    "Thérapeute : ".encode(), b"T : ", b"[SPEAKER_00]: ", b"- ", b"-5", b":", b"#", b"[rires] ",
    b"@UTF8", b"@Begin", b"@End", b"@Participants:\tTHE T Therapist", b"*THE:\t", b"*XYZ:\t", b"%com:\t", b"\x150_1\x15", b"\x1512_\x15",
    b"xxx", b"&=rit", b"[/]", b"(.)", b"+...",
    b'"', b";", b",", b"locuteur;texte;debut;fin", b"speaker,text,start,end", "Début (ms)".encode(),
    b"{", b"}", b"[", b"]", b'"segments": [', b'"speaker": "A"', b'"start": ', b'"words": ', b"null", b"NaN", b"-Infinity",
    b"<Trans>", b"</Trans>", b'<Turn speaker="s1 s2" startTime="0" endTime="1">', b"</Turn>", b'<Who nb="9"/>', b'<Sync time="x"/>',
    b"<ANNOTATION_DOCUMENT>", b'<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="-1"/>', b"<!--", b"<![CDATA[", b"]]>", b"&lol9;", b"&xxe;",
    b"SPEAKER", b"<NA>", b"PK\x03\x04", b"word/",
]
# Document type declarations a hostile XML file may carry: entity expansion (billion laughs), external entities, a DTD to fetch.
DOCTYPES = [
    b'<!DOCTYPE r [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (n, b"".join(b"&lol%d;" % (n - 1) for _ in range(10))) for n in range(2, 10))
    + b"]>",
    b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    b'<!DOCTYPE r SYSTEM "http://127.0.0.1:9/trans-14.dtd">',
    b'<!DOCTYPE Trans SYSTEM "trans-14.dtd">',
    b'<?xml version="1.0" encoding="UTF-16"?>',
    b'<?xml version="1.0" encoding="ISO-8859-1"?>',
    b'<?xml version="1.0" encoding="no-such-codec"?>',
    b'<?xml version="1.1"?>',
]
_TIMESTAMP = re.compile(rb"\d+:\d+(?::\d+)?(?:[.,]\d+)?|\d+_\d+|\d+\.\d+")
_NUMBER = re.compile(rb"\d+(?:[.,]\d+)?")
_ATTRIBUTE = re.compile(rb'="[^"]*"')


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def _flip_byte(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    at = draw(st.integers(0, len(data) - 1))
    return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]


def _insert_token(draw: st.DrawFn, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=8)) + data[at:]


def _delete_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    at = draw(st.integers(0, len(lines) - 1))
    return b"".join(lines[:at] + lines[at + draw(st.integers(1, 4)) :])


def _duplicate_lines(draw: st.DrawFn, data: bytes) -> bytes:
    """A line or a block of lines twice: duplicated cues, tiers, rows."""
    lines = _lines(data)
    at = draw(st.integers(0, len(lines) - 1))
    block = lines[at : at + draw(st.integers(1, 5))]
    return b"".join(lines[:at] + block * draw(st.integers(2, 3)) + lines[at + len(block) :])


def _swap_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    first, second = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[first], lines[second] = lines[second], lines[first]
    return b"".join(lines)


def _insert_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    at = draw(st.integers(0, len(lines)))
    line = b"".join(draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6))) + b"\n"
    return b"".join(lines[:at] + [line] + lines[at:])


def _odd_number(draw: st.DrawFn, data: bytes) -> bytes:
    found = list(_NUMBER.finditer(data))
    if not found:
        return data
    match = draw(st.sampled_from(found))
    return data[: match.start()] + draw(st.sampled_from(ODD_NUMBERS)) + data[match.end() :]


def _swap_timestamps(draw: st.DrawFn, data: bytes) -> bytes:
    found = list(_TIMESTAMP.finditer(data))
    if len(found) < 2:
        return data
    first, second = sorted(draw(st.lists(st.sampled_from(found), min_size=2, max_size=2, unique_by=lambda m: m.start())), key=lambda m: m.start())
    return data[: first.start()] + second.group() + data[first.end() : second.start()] + first.group() + data[second.end() :]


def _odd_attribute(draw: st.DrawFn, data: bytes) -> bytes:
    found = list(_ATTRIBUTE.finditer(data))
    if not found:
        return data
    match = draw(st.sampled_from(found))
    value = draw(st.sampled_from(ODD_NUMBERS) | st.sampled_from([b"", b" ", b"ts999", b"&lol9;", b"&xxe;", b"s1 s1", b"s9"]))
    return data[: match.start()] + b'="' + value + b'"' + data[match.end() :]


def _doctype(draw: st.DrawFn, data: bytes) -> bytes:
    """A hostile document type declaration after the XML declaration, and an entity reference in the text."""
    declaration_end = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
    doctype = draw(st.sampled_from(DOCTYPES))
    data = data[:declaration_end] + doctype + data[declaration_end:]
    texts = [m.end() for m in re.finditer(rb">(?=[^<\s])", data)]
    if texts:
        at = draw(st.sampled_from(texts))
        data = data[:at] + draw(st.sampled_from([b"&lol9;", b"&xxe;", b"&undefined;"])) + data[at:]
    return data


MUTATIONS = [
    _truncate, _flip_byte, _insert_token, _delete_lines, _duplicate_lines, _swap_lines, _insert_line, _odd_number, _swap_timestamps,
    _odd_attribute, _doctype,
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A fixture changed by one to four mutations."""
    data = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 4))):
        data = draw(st.sampled_from(MUTATIONS))(draw, data)
    return data


# Openings that get a text past the first checks of each format.
OPENINGS = [
    b"", b"WEBVTT\n\n", b"1\n00:00:01,000 --> 00:00:02,000\n", b"@UTF8\n@Begin\n@Participants:\tTHE T Therapist, CLI C Client\n", b"*THE:\t",
    b"locuteur;texte;debut;fin\n", b"speaker,text,start,end\n", b'{"segments": [', b"<Trans>", b"<ANNOTATION_DOCUMENT>", "Thérapeute : ".encode(),
]
token_soup = st.builds(
    lambda opening, pieces: opening + b"".join(pieces),
    st.sampled_from(OPENINGS),
    st.lists(st.sampled_from(TOKENS) | st.binary(max_size=4) | st.text(max_size=8).map(str.encode), max_size=40),
)
utf8_text = st.text().map(lambda text: text.encode("utf-8"))
cp1252_text = st.text(st.characters(codec="cp1252")).map(lambda text: text.encode("cp1252"))
any_bytes = st.binary(max_size=2048)


# --- JSON: Whisper and WhisperX documents with odd values anywhere ---

_RAW = "\x00raw{}\x00"  # a placeholder for a JSON number Python cannot write (more digits than int() takes)
RAW_NUMBERS = ["1" + "0" * 5000, "-" + "9" * 4400, "1e400", "-1e400", "1e-400", "NaN", "Infinity", "-Infinity", "-0", "1E+2"]
odd_json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), -1, -0.0, 2**63, 2**64])
    | st.floats()
    | st.sampled_from([_RAW.format(n) for n in range(len(RAW_NUMBERS))])
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(["text", "start", "end", "speaker", "word", "words"]), children, max_size=4),
    max_leaves=8,
)
json_word = st.fixed_dictionaries({}, optional={"word": st.text(max_size=10) | odd_json_value, "start": odd_json_value, "end": odd_json_value, "speaker": st.sampled_from(["A", "B", " ", ""]) | odd_json_value})
json_segment = st.fixed_dictionaries(
    {},
    optional={
        "text": st.text(max_size=30) | odd_json_value,
        "start": st.floats(0, 100) | odd_json_value,
        "end": st.floats(0, 100) | odd_json_value,
        "speaker": st.sampled_from(["SPEAKER_00", "SPEAKER_01", ""]) | odd_json_value,
        "words": st.lists(json_word | odd_json_value, max_size=5) | odd_json_value,
    },
)
json_document = st.fixed_dictionaries({"segments": st.lists(json_segment | odd_json_value, max_size=5) | odd_json_value}, optional={"language": odd_json_value})


def _json_bytes(document: object, raw_values: dict[str, str] | None = None) -> bytes:
    """The document as JSON, each placeholder string replaced by its raw JSON text."""
    text = json.dumps(document, ensure_ascii=False)
    replacements = {_RAW.format(number): raw for number, raw in enumerate(RAW_NUMBERS)} | (raw_values or {})
    for placeholder, raw in reversed(replacements.items()):  # nested values hold earlier placeholders
        text = text.replace(json.dumps(placeholder), raw)
    return text.encode("utf-8")


def _parses(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


JSON_SEEDS = {name: [data for data in SEEDS[name] if _parses(data)] for name in ("whisper", "whisperx")}


def _json_paths(node: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    paths = [path]
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        paths.extend(_json_paths(child, (*path, key)))
    return paths


@st.composite
def mutated_json(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A Whisper fixture with values replaced, keys removed, segments duplicated or swapped, or nested deep."""
    document = json.loads(draw(st.sampled_from(seeds)))
    nested: dict[str, str] = {}  # placeholder -> a value wrapped in thousands of lists, too deep for json.dumps
    for _ in range(draw(st.integers(1, 4))):
        *parent_path, key = draw(st.sampled_from(_json_paths(document)[1:]))
        parent = document
        for step in parent_path:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "duplicate", "swap", "nest"]))
        if action == "replace":
            parent[key] = draw(odd_json_value)
        elif action == "delete":
            del parent[key]
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, json.loads(json.dumps(parent[key])))
        elif action == "swap" and isinstance(parent, list):
            other = draw(st.integers(0, len(parent) - 1))
            parent[key], parent[other] = parent[other], parent[key]
        elif action == "nest":
            depth = draw(st.integers(1, 100_000))
            placeholder = _RAW.format(f"nest{len(nested)}")
            nested[placeholder] = "[" * depth + _json_bytes(parent[key]).decode() + "]" * depth
            parent[key] = placeholder
        if not _json_paths(document)[1:]:
            break
    return _json_bytes(document, nested)


# --- Word: odd zip archives around mutated XML parts ---


W_NAMESPACE = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _members(data: bytes) -> dict[str, bytes]:
    """The parts of a Word fixture; the large style parts emptied, so that zipping an example stays quick."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    for name, content in members.items():
        if len(content) > 65536 and content.lstrip().startswith(b"<?xml"):
            root = re.search(rb"<(w:\w+)", content)
            members[name] = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<%s xmlns:w="%s"/>' % (root[1], W_NAMESPACE)
    return members


DOCX_SEEDS = [_members(data) for data in SEEDS["docx"] if zipfile.is_zipfile(io.BytesIO(data))]
_XML_PARTS = ["word/document.xml", "[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"]


def _zip(members: list[tuple[str, bytes]], method: int) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", compression=method) as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": wanted here
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def _forged(data: bytes, draw: st.DrawFn) -> bytes:
    """Header fields of the first central directory entry rewritten: method, flags (encryption), sizes."""
    at = data.find(b"PK\x01\x02")
    if at < 0:
        return data
    field, fmt, value = draw(
        st.sampled_from(
            [
                (8, "<H", 1),  # flags: encrypted
                (10, "<H", 99),  # an unknown compression method
                (10, "<H", 14),  # LZMA announced, deflate given
                (20, "<I", 0xFFFFFFFF),  # compressed size
                (24, "<I", 3 * 1024**3),  # uncompressed size: a zip bomb's claim
                (24, "<I", 0),
            ]
        )
    )
    return data[: at + field] + struct.pack(fmt, value) + data[at + field + struct.calcsize(fmt) :]


@st.composite
def docx_archives(draw: st.DrawFn) -> bytes:
    members = list(draw(st.sampled_from(DOCX_SEEDS)).items())
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["part", "part", "part", "drop", "duplicate", "rename", "bomb"]))
        names = [name for name, _ in members]
        if action == "part":
            name = draw(st.sampled_from([n for n in _XML_PARTS if n in names] or names))
            at = names.index(name)
            members[at] = (name, draw(mutated([members[at][1]])))
        elif action == "drop" and members:
            del members[draw(st.integers(0, len(members) - 1))]
        elif action == "duplicate" and members:
            members.append(members[draw(st.integers(0, len(members) - 1))])
        elif action == "rename" and members:
            at = draw(st.integers(0, len(members) - 1))
            members[at] = (draw(st.sampled_from(["word/Document.xml", "../word/document.xml", "/word/document.xml", "word\\document.xml"])), members[at][1])
        elif action == "bomb":
            # A small zip bomb, below the size refused (test_zip_bombs_are_refused_unopened has the big ones).
            unit = draw(st.sampled_from([b"<w:p><w:r><w:t>T : oui</w:t></w:r></w:p>", b" ", b"<w:p>", b"<w:p/>"]))
            document = dict(members).get("word/document.xml", b"")
            body = document.find(b"<w:body>") + len(b"<w:body>")
            members.append(("word/document.xml", document[:body] + unit * (200_000 // len(unit)) + document[body:]))
    data = _zip(members, draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])))
    if draw(st.booleans()):
        data = _forged(data, draw)
    if draw(st.integers(0, 4)) == 0:
        data = draw(mutated([data]))
    return data


# --- RTTM files ---

rttm_field = st.sampled_from(["SPEAKER", "seance-fuzz", "whisper", "1", "<NA>", "Thérapeute", "SPKR-INFO", *(n.decode() for n in ODD_NUMBERS)]) | st.text(max_size=6)
rttm_files = (
    st.lists(st.lists(rttm_field, max_size=11).map(" ".join), max_size=8).map(lambda lines: "\n".join(lines).encode("utf-8"))
    | mutated(RTTM_SEEDS)
    | any_bytes
    | utf8_text
)


# --- the properties ---


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("name", NAMES)
@given(data=any_bytes)
def test_any_bytes_give_a_transcript_or_an_input_error(name: str, data: bytes) -> None:
    read(name, data)


@pytest.mark.parametrize("name", NAMES)
@given(data=utf8_text | cp1252_text)
def test_any_text_in_utf8_or_cp1252_gives_a_transcript_or_an_input_error(name: str, data: bytes) -> None:
    read(name, data)


@pytest.mark.parametrize("name", NAMES)
@given(data=token_soup)
def test_pieces_of_every_format_give_a_transcript_or_an_input_error(name: str, data: bytes) -> None:
    read(name, data)


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_mutated_fixtures_give_a_transcript_or_an_input_error(name: str, data: st.DataObject) -> None:
    read(name, data.draw(mutated(SEEDS[name]), label="mutated fixture"))


@pytest.mark.parametrize("name", ["whisper", "whisperx"])
@given(document=json_document)
@example(document={"segments": [{"text": "Oui.", "start": 10**400}]})
def test_whisper_documents_with_odd_values_give_a_transcript_or_an_input_error(name: str, document: object) -> None:
    read(name, _json_bytes(document))


@pytest.mark.parametrize("name", ["whisper", "whisperx"])
@given(data=st.data())
def test_mutated_whisper_json_gives_a_transcript_or_an_input_error(name: str, data: st.DataObject) -> None:
    read(name, data.draw(mutated_json(JSON_SEEDS[name]), label="mutated JSON"))


@given(data=docx_archives())
def test_odd_word_archives_give_a_transcript_or_an_input_error(data: bytes) -> None:
    read("docx", data)


@given(rttm=rttm_files)
def test_rttm_files_give_turns_or_an_input_error(fuzz_dir: Path, rttm: bytes) -> None:
    path = fuzz_dir / "seance-fuzz.rttm"
    path.write_bytes(rttm)
    try:
        turns = read_rttm(str(path))
    except InputError as error:
        assert_one_line(error, str(path))
    else:
        assert all(math.isfinite(turn.start) and 0 <= turn.start <= turn.end and math.isfinite(turn.end) for turn in turns)
    whisper = (DATA / "conversation" / "whisper.json").read_bytes()
    try:
        transcript = READERS["whisper"](whisper, source=SOURCE, session_id="seance-fuzz", options=ReadOptions(rttm=str(path)))
    except InputError as error:
        assert str(error).startswith((f"{SOURCE}: ", f"{path}: ")) and "\n" not in str(error)
    else:
        assert_sound(transcript)


EXTENSIONS = sorted(KNOWN_EXTENSIONS | {"", ".xml", ".bin", ".JSON", ".Srt", ".rttm"})


@given(
    data=any_bytes | utf8_text | token_soup | st.sampled_from(NAMES).flatmap(lambda name: mutated(SEEDS[name])),
    extension=st.sampled_from(EXTENSIONS),
    input_format=st.none() | st.sampled_from(NAMES),
)
def test_read_transcript_detects_or_refuses_any_file(fuzz_dir: Path, data: bytes, extension: str, input_format: str | None) -> None:
    path = fuzz_dir / f"seance{extension}"
    path.write_bytes(data)
    try:
        transcript = read_transcript(path, input_format=input_format)
    except InputError as error:
        assert_one_line(error, str(path))
    else:
        assert_sound(transcript)


# --- regressions: what the fuzzing found, each fixed ---


def _docx_with_document(document: bytes) -> bytes:
    members = dict(DOCX_SEEDS[0])
    members["word/document.xml"] = document
    return _zip(list(members.items()), zipfile.ZIP_DEFLATED)


def _docx_bomb() -> bytes:
    """A 20 kB Word file holding 6 MB of empty paragraphs (before the fix, 64 MB in 130 kB took a minute and 1.4 GB to read)."""
    document = DOCX_SEEDS[0]["word/document.xml"]
    body = document.find(b"<w:body>") + len(b"<w:body>")
    return _docx_with_document(document[:body] + b"<w:p/>" * (6 * 1024**2 // 6) + document[body:])


def _docx_claiming_3_gb() -> bytes:
    data = _docx_with_document(DOCX_SEEDS[0]["word/document.xml"])
    at = data.find(b"PK\x01\x02")
    return data[: at + 24] + struct.pack("<I", 3 * 1024**3) + data[at + 28 :]


def _docx_corrupt_lzma() -> bytes:
    data = _zip(list(DOCX_SEEDS[0].items()), zipfile.ZIP_LZMA)
    return data[:60] + bytes([data[60] ^ 0xFF]) + data[61:]  # inside the first part's LZMA stream


_CHA_HEADER = "@UTF8\n@Begin\n@Participants:\tTHE Thérapeute Therapist\n"
_EAF_SLOTS = (
    '<ANNOTATION_DOCUMENT><TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="{}"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="900"/></TIME_ORDER>'
    '<TIER TIER_ID="Thérapeute"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">'
    "<ANNOTATION_VALUE>Bonjour.</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>"
)
_TRS_TURN = '<Trans><Speakers><Speaker id="s1" name="Cliente"/></Speakers><Episode><Section><Turn speaker="s1" startTime="{}" endTime="2">Oui.</Turn></Section></Episode></Trans>'

# reader, input -> what the error says after the file name (each raised another exception, broke the error's one line, or
# gave a negative time before its fix)
REFUSED: list[tuple[str, str, bytes | Callable[[], bytes], str]] = [
    ("vtt-hours-too-long-for-a-float", "vtt", b"WEBVTT\n\n" + b"9" * 400 + b":00:00.000 --> 00:00:01.000\nT : Oui.\n", "line 3: malformed timing line"),
    ("vtt-hours-too-long-for-int", "vtt", b"WEBVTT\n\n" + b"9" * 5000 + b":00:00.000 --> 00:00:01.000\nT : Oui.\n", "line 3: malformed timing line"),
    ("cha-bullet-too-long-for-a-float", "cha", f"{_CHA_HEADER}*THE:\tOui . \x15{'9' * 400}_1\x15\n@End\n".encode(), "line 4: malformed time bullet"),
    ("cha-bullet-too-long-for-int", "cha", f"{_CHA_HEADER}*THE:\tOui . \x150_{'9' * 5000}\x15\n@End\n".encode(), "line 4: malformed time bullet"),
    ("whisper-integer-too-large-for-a-float", "whisper", b'{"segments": [{"text": "Oui.", "start": 1' + b"0" * 400 + b"}]}", "segment 0: 'start' must be a number of seconds"),
    ("whisperx-integer-too-large-for-a-float", "whisperx", b'{"segments": [{"text": "Oui.", "speaker": "A", "words": [{"word": "Oui.", "end": 1' + b"0" * 400 + b"}]}]}", "segment 0, word 0: 'end' must be a number of seconds"),
    ("whisper-integer-too-long-for-int", "whisper", b'{"segments": [{"text": "Oui.", "start": 1' + b"0" * 5000 + b"}]}", "invalid JSON: a number has too many digits"),
    ("whisper-negative-time", "whisper", b'{"segments": [{"text": "Oui.", "start": -5, "end": 1.0}]}', "segment 0: 'start' must be a number of seconds, not -5"),
    ("whisperx-negative-word-time", "whisperx", b'{"segments": [{"speaker": "A", "words": [{"word": "Oui.", "start": -0.5}]}]}', "segment 0, word 0: 'start' must be a number of seconds, not -0.5"),
    ("eaf-negative-time", "eaf", _EAF_SLOTS.format("-500").encode(), "<TIME_SLOT> at line 1: TIME_VALUE='-500' is negative"),
    ("trs-negative-time", "trs", _TRS_TURN.format("-3").encode(), "<Turn> at line 1: startTime='-3' is negative"),
    ("eaf-lxml-message-ending-in-a-line-break", "eaf", b'<\x00?xml version="1.0"?><ANNOTATION_DOCUMENT/>', "line 1, column 2: not well-formed XML: Invalid character: Char 0x0 out of allowed range"),
    ("trs-lxml-message-ending-in-a-line-break", "trs", b"<\x00Trans/>", "line 1, column 2: not well-formed XML: Invalid character: Char 0x0 out of allowed range"),
    ("docx-lxml-message-ending-in-a-line-break", "docx", lambda: _docx_with_document(b"<\x00w:document/>"), "word/document.xml, line 1, column 2: damaged Word file: not well-formed XML (Invalid character: Char 0x0 out of allowed range)"),
    ("docx-zip-bomb", "docx", _docx_bomb, "word/document.xml: the part would unpack to 6 MB"),
    ("docx-corrupt-lzma-part", "docx", _docx_corrupt_lzma, "zip archive: damaged Word file: cannot unpack it (Corrupt input data)"),
    ("docx-claiming-3-gb", "docx", _docx_claiming_3_gb, "zip archive: the zip archive would unpack to 3072 MB, more than the 512 MB allowed (a zip bomb?)"),
]


@pytest.mark.parametrize(("name", "data", "message"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_found_by_fuzzing_refused_with_one_line(name: str, data: bytes | Callable[[], bytes], message: str) -> None:
    error = read(name, data() if callable(data) else data)
    assert isinstance(error, InputError)
    assert str(error).startswith(f"{SOURCE}: {message}")


# CSV time cells that int() and float() took: before the fix "-1:30" gave -30 s, and a long hour count an OverflowError.
UNREADABLE_TIMES = ["-1:30", "9" * 400 + ":00", "1_0:00", "٣:00", "00:1e1"]


@pytest.mark.parametrize("cell", UNREADABLE_TIMES, ids=["negative", "hours-too-long-for-a-float", "underscore", "arabic-digit", "exponent"])
def test_found_by_fuzzing_a_csv_time_that_is_no_time_is_dropped_with_a_warning(cell: str) -> None:
    transcript = read("csv", f"locuteur;texte;début\nThérapeute;Bonjour.;{cell}\n".encode())
    assert isinstance(transcript, Transcript)
    assert transcript.utterances[0].start is None
    assert any("line 2: start time" in warning and "cannot be read" in warning for warning in transcript.warnings)


def test_found_by_fuzzing_an_rttm_turn_ending_past_any_time_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "seance.rttm"
    path.write_text("SPEAKER seance 1 1e308 1e308 <NA> <NA> Thérapeute <NA> <NA>\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rttm(str(path))
    assert str(caught.value) == f"{path}: line 1: the turn ends past any time: onset '1e308' plus duration '1e308'"


_CUE = "1\n00:00:01,000 --> 00:00:02,000\nThérapeute : Oui.\n".encode()
# Inputs on which a pattern took quadratic (or, in the srt package, cubic) time, each minutes long before the fix: they
# now read in milliseconds. What the reader answers -> a speaker and text read, or the place its error names.
PATHOLOGICAL: list[tuple[str, str, bytes, tuple[str, str] | str]] = [
    ("srt-200k-blank-lines", "srt", _CUE + b"\n" * 200_000, ("Thérapeute", "Oui.")),
    ("srt-unclosed-italics", "srt", b"1\n00:00:01,000 --> 00:00:02,000\nT : " + b"<i " * 100_000 + b"\n", "cue 1"),
    ("srt-unclosed-overrides", "srt", b"1\n00:00:01,000 --> 00:00:02,000\nT : " + b"{\\" * 100_000 + b"\n", "cue 1"),
    ("srt-long-number-before-a-cue", "srt", b"9" * 2_000 + b"\n\n" + _CUE, "line 1: a number of 2,000 digits: not subtitle text"),
    ("vtt-unclosed-voices", "vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + b"<v." * 100_000 + b"\n", "cue 1"),
    ("vtt-unclosed-tags", "vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nT : " + b"<" * 200_000 + b"\n", "cue 1"),
    ("cha-unclosed-annotations", "cha", f"{_CHA_HEADER}*THE:\tOui ".encode() + b"[" * 200_000 + b" .\n@End\n", "line 4"),
    ("csv-200k-trailing-delimiters", "csv", "locuteur,texte\nThérapeute,Oui.".encode() + b"," * 200_000 + b"\n", ("Thérapeute", "Oui.")),
]


@pytest.mark.parametrize(("name", "data", "expected"), [case[1:] for case in PATHOLOGICAL], ids=[case[0] for case in PATHOLOGICAL])
def test_found_by_fuzzing_pathological_inputs_are_read_in_linear_time(name: str, data: bytes, expected: tuple[str, str] | str) -> None:
    result = read(name, data)
    if isinstance(expected, str):
        assert isinstance(result, InputError) and str(result).startswith(f"{SOURCE}: {expected}")
    else:
        assert isinstance(result, Transcript) and (result.utterances[0].speaker, result.utterances[0].text) == expected
