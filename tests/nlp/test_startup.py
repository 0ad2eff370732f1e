"""The start-up cache: a compiled expression kept on disk is the very one `re` compiles, and a bad cache is never an error."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from analyser.nlp.startup import CACHE_ENV, TOKEN_MATCH_FILE, cache_folder, keep_token_match, prime_token_match

from ..conftest import SAMPLES

# Shaped like spaCy's French token-match expression: case-insensitive, Unicode classes, hyphens and elisions, a group.
PATTERN = "(?iu)(?:^a[-–—‐‑]sexualis[a-zà-ÿœ]+$)|(?:^r?é?entr['’][a-zà-ÿ][-a-zà-ÿ'’]*$)|(?:^(?P<saint>saint)[-–][a-zà-ÿ]+$)"
WORDS = [
    ("a-sexualisé", True),
    ("A–SEXUALISÉES", True),
    ("entr'abat", True),
    ("réentr’ouvert", True),
    ("saint-émilion", True),
    ("asexualisé", False),
    ("entr'", False),
    ("saintémilion", False),
    ("", False),
]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Iterator[Path]:
    """A cache folder of the test's own, and `re` without the expression, as in a process that never compiled it."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    re.purge()
    yield folder
    re.purge()


def _fresh(pattern: str = PATTERN) -> re.Pattern[str]:
    """The pattern as `re.compile` makes it, not from any cache."""
    re.purge()
    return re.compile(pattern)


@pytest.mark.parametrize(
    ("rapport_cache", "xdg", "expected"),
    [
        (None, "/xdg", "/xdg/rapport"),
        (None, None, "HOME/.cache/rapport"),
        (None, "relative/path", "HOME/.cache/rapport"),  # the XDG specification ignores a relative path
        ("/mon/cache", "/xdg", "/mon/cache"),
        ("off", "/xdg", None),
        ("OFF", None, None),
        ("0", None, None),
        ("no", None, None),
        ("false", None, None),
    ],
)
def test_cache_folder(rapport_cache, xdg, expected, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    for name, value in ((CACHE_ENV, rapport_cache), ("XDG_CACHE_HOME", xdg)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    folder = cache_folder()
    assert (None if folder is None else str(folder)) == (None if expected is None else expected.replace("HOME", str(tmp_path)))


def test_a_kept_expression_comes_back_as_the_one_re_compiles(cache):
    reference = _fresh()
    keep_token_match(reference.match, None)
    assert (cache / TOKEN_MATCH_FILE).is_file()
    re.purge()
    primed = prime_token_match()
    assert primed is not None and primed is not reference
    assert primed == reference  # equal patterns: same pattern, flags and compiled code
    assert (primed.flags, primed.groups, primed.groupindex) == (reference.flags, reference.groups, reference.groupindex)
    assert re.compile(PATTERN) is primed  # what spaCy's module-level re.compile finds
    for word, matches in WORDS:
        assert bool(primed.match(word)) is matches, word
        assert bool(reference.match(word)) is matches, word


def test_the_cached_expression_is_not_written_again(cache):
    keep_token_match(_fresh().match, None)
    written = (cache / TOKEN_MATCH_FILE).stat().st_mtime_ns
    re.purge()
    primed = prime_token_match()
    keep_token_match(re.compile(PATTERN).match, primed)
    assert (cache / TOKEN_MATCH_FILE).stat().st_mtime_ns == written


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flipped(data: bytes) -> bytes:
    middle = len(data) // 2 + 7
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


def _other_python(data: bytes) -> bytes:
    header, _, payload = data.partition(b"\n")
    fields = json.loads(header)
    fields["versions"]["python"] = "3.99.0 (another build)"
    return json.dumps(fields).encode() + b"\n" + payload


def _other_spacy(data: bytes) -> bytes:
    header, _, payload = data.partition(b"\n")
    fields = json.loads(header)
    fields["versions"]["spacy"] = "2.0.0"
    return json.dumps(fields).encode() + b"\n" + payload


def _bad_code(data: bytes) -> bytes:
    """A whole file, its checksum right, whose code the regular expression engine refuses."""
    header, _, payload = data.partition(b"\n")
    fields, body = json.loads(header), json.loads(payload)
    body["code"] = [99999] * 8
    payload = json.dumps(body).encode()
    fields["sha256"] = hashlib.sha256(payload).hexdigest()
    return json.dumps(fields).encode() + b"\n" + payload


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: b"",
        _truncated,
        _flipped,
        lambda data: b"\x00\xff not JSON at all",
        lambda data: b"{}\n{}",
        _other_python,
        _other_spacy,
        _bad_code,
    ],
    ids=["empty", "truncated", "a flipped bit", "not JSON", "no fields", "another Python", "another spaCy", "code refused"],
)
def test_a_corrupt_or_stale_cache_is_ignored_then_written_anew(cache, spoil):
    keep_token_match(_fresh().match, None)
    path = cache / TOKEN_MATCH_FILE
    path.write_bytes(spoil(path.read_bytes()))
    re.purge()
    assert prime_token_match() is None  # ignored, without an error
    reference = _fresh()
    keep_token_match(reference.match, None)  # what load_pipeline does after spaCy compiled it as usual
    re.purge()
    assert prime_token_match() == reference


def test_rapport_cache_off_reads_and_writes_nothing(cache, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "off")
    keep_token_match(_fresh().match, None)
    assert prime_token_match() is None
    assert not cache.exists()


def test_a_cache_folder_that_cannot_be_written_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    keep_token_match(_fresh().match, None)
    assert prime_token_match() is None
    assert list(tmp_path.iterdir()) == [blocker]


@pytest.mark.parametrize(
    ("token_match", "kept"),
    [(None, False), (str.isalpha, False), (len, False), (re.compile("x").search, True), (re.compile("x").match, True)],
    ids=["none", "a method of str", "a function", "a pattern's search", "a pattern's match"],
)
def test_only_a_compiled_expression_is_kept(cache, token_match, kept):
    keep_token_match(token_match, None)
    assert (cache / TOKEN_MATCH_FILE).is_file() is kept


@pytest.mark.model
def test_the_commands_and_the_tests_share_one_loaded_pipeline(nlp):
    from analyser.nlp.pipeline import load_pipeline

    assert load_pipeline(entities=False) is nlp
    assert load_pipeline() is nlp


@pytest.mark.model
def test_after_a_load_the_cache_holds_spacys_own_french_expression(nlp):
    if cache_folder() is None:
        pytest.skip("RAPPORT_CACHE=off")
    spacy_pattern = nlp.tokenizer.token_match.__self__
    assert len(spacy_pattern.pattern) > 1_000_000  # the expression worth caching: spaCy's French token match
    cached = prime_token_match()
    assert cached == spacy_pattern  # same pattern, flags and compiled code
    assert cached.match("entr'abat") and not cached.match("bonjour")


@pytest.mark.model
@pytest.mark.slow
def test_rapport_with_a_built_a_corrupt_and_no_cache_writes_the_same_output(tmp_path):
    """Real processes: no cache, a corrupt cache with two workers (each rebuilds it), then the cache built: the same bytes."""
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / TOKEN_MATCH_FILE).write_bytes(b'{"versions": {}}\ngarbage')
    outputs = []
    for name, cache, jobs in (("off", "off", "1"), ("corrupt", str(folder), "2"), ("built", str(folder), "1")):
        out = tmp_path / f"{name}.jsonl"
        command = [sys.executable, "-m", "analyser", "analyse", str(SAMPLES), "--format", "jsonl", "-q", "--jobs", jobs, "-o", str(out)]
        done = subprocess.run(command, check=False, env={**os.environ, CACHE_ENV: cache}, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        outputs.append(out.read_bytes())
        if name == "corrupt":
            written = (folder / TOKEN_MATCH_FILE).stat().st_mtime_ns
    assert outputs[0] == outputs[1] == outputs[2]
    assert (folder / TOKEN_MATCH_FILE).stat().st_mtime_ns == written  # the built cache was used, not written again
    assert not list(folder.glob("*.part"))
