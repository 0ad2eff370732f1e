"""The start-up cache: spaCy's French token-match expression, compiled once and kept on disk for every later process.

Importing spaCy's French language compiles one regular expression of 1.4 million characters (its tokenizer
exceptions for hyphenated and elided words): about 2.3 s of the 4 s a process takes to load the model, in every
`rapport` process and every worker. Python cannot keep a compiled expression between processes, but it can be
handed one: this module keeps the expression's compiled form (the code of Python's regular expression engine,
built by the Python that reads it) in the user's cache folder, and before spaCy loads, puts it in `re`'s own cache
under the same pattern, where spaCy's `re.compile` finds it. The result is the very object `re.compile` would make
(same pattern, flags and code), so nothing the analysis reads can change.

The cache is a convenience and never an error: a missing, unreadable, corrupt or stale file (another Python, another
spaCy) is ignored, spaCy compiles the expression as usual, and the file is written anew, atomically. Nothing is
downloaded. The folder is `$XDG_CACHE_HOME/rapport`, else `~/.cache/rapport`; `RAPPORT_CACHE=DIR` puts it in DIR
and `RAPPORT_CACHE=off` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

CACHE_ENV = "RAPPORT_CACHE"
_OFF = frozenset({"off", "0", "no", "false"})
TOKEN_MATCH_FILE = "fr-token-match.json"
_FORMAT = 1
# A small expression of the same kind, compiled both ways before the large one: this module knows this Python's engine.
_PROBE = "(?iu)(?P<word>[a-zé]+)['’]?$"


def cache_folder() -> Path | None:
    """Where rapport keeps its start-up cache (`RAPPORT_CACHE=DIR`, else the user's cache folder); None when `RAPPORT_CACHE=off`."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen.lower() in _OFF:
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG specification ignores a relative path.
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "rapport"


def _versions() -> dict[str, Any]:
    """What the compiled code depends on: the Python that compiled it (its regular expression engine) and spaCy's pattern."""
    import _sre

    import spacy

    return {"format": _FORMAT, "python": sys.version, "sre_magic": _sre.MAGIC, "sre_codesize": _sre.CODESIZE, "spacy": spacy.__version__}


def prime_token_match() -> re.Pattern[str] | None:
    """Before spaCy's French language is imported: put the cached compiled expression in `re`'s cache.

    Returns the pattern put there, or None (no cache, or nothing usable in it).
    """
    folder = cache_folder()
    if folder is None:
        return None
    try:
        compiled = _read(folder / TOKEN_MATCH_FILE)
        if compiled is None:
            return None
        key = (str, compiled.pattern, 0)  # what re.compile(pattern) looks up: spaCy passes no flags
        # re's private cache is the one way to hand re.compile an expression compiled already.
        if key not in re._cache:
            re._cache[key] = compiled
        return compiled
    except Exception:  # noqa: BLE001 - a cache that cannot be used is not an error: spaCy compiles as usual
        return None


def keep_token_match(token_match: Any, primed: re.Pattern[str] | None) -> None:
    """After loading: when spaCy did not use the cached expression, compile the one it uses and write it to the cache."""
    folder = cache_folder()
    pattern = getattr(token_match, "__self__", None)
    if folder is None or not isinstance(pattern, re.Pattern) or pattern is primed:
        return
    if primed is not None and primed.pattern == pattern.pattern:
        return  # the cached one was pushed out of re's cache before spaCy asked: the file is good
    with contextlib.suppress(Exception):  # a cache that cannot be written is not an error
        _write(folder / TOKEN_MATCH_FILE, pattern)


def _read(path: Path) -> re.Pattern[str] | None:
    """The compiled expression in a cache file, if the file is whole and was written by this Python for this spaCy."""
    try:
        header_line, _, payload = path.read_bytes().partition(b"\n")
    except OSError:
        return None
    header = json.loads(header_line)
    if header.get("versions") != _versions() or header.get("sha256") != hashlib.sha256(payload).hexdigest():
        return None
    return _from_data(json.loads(payload))


def _write(path: Path, pattern: re.Pattern[str]) -> None:
    """Compile `pattern` as `re` does, check it is the same expression, and write its code atomically.

    Compiling costs as much as spaCy's own compile: a folder that cannot be written, or a Python whose engine this
    module does not know, is found out before it.
    """
    if _compiled(_PROBE) != re.compile(_PROBE):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            data = _compile_data(pattern.pattern)
            if _from_data(data) != pattern:
                raise ValueError("not the expression re.compile made")  # pattern equality compares the code too
            payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            header = json.dumps({"versions": _versions(), "sha256": hashlib.sha256(payload).hexdigest()}).encode("utf-8")
            stream.write(header + b"\n" + payload)
        os.replace(temporary, path)  # concurrent workers each write a whole file; the last one stays
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _compile_data(pattern: str) -> dict[str, Any]:
    """re.compile's own steps (parse, then generate the engine's code), stopped before the engine: what is kept."""
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, 0)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return {
        "pattern": pattern,
        "flags": parsed.state.flags,
        "code": _compiler._code(parsed, 0),
        "groups": parsed.state.groups - 1,
        "groupindex": groupindex,
        "indexgroup": indexgroup,
    }


def _from_data(data: dict[str, Any]) -> re.Pattern[str]:
    """The engine's pattern from kept data; _sre checks the code before it accepts it (a RuntimeError otherwise)."""
    import _sre

    return _sre.compile(data["pattern"], data["flags"], data["code"], data["groups"], data["groupindex"], tuple(data["indexgroup"]))


def _compiled(pattern: str) -> re.Pattern[str]:
    return _from_data(_compile_data(pattern))
