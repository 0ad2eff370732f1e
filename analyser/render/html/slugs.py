"""File names of the report's pages, made from session and series names: ASCII, lower case, unique within a folder."""

from __future__ import annotations

import re

from analyser.textnorm import strip_accents

_MAX_SLUG = 80
_UNSAFE = re.compile(r"[^a-z0-9_-]+")
# Never a page's name: the index's, and names Windows refuses for a file.
RESERVED_SLUGS = frozenset({"index", "con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))})


def slug(session_id: str) -> str:
    """A file name made from a session id: accents folded to ASCII, lower case, only [a-z0-9_-]."""
    folded = strip_accents(session_id).lower()
    return _UNSAFE.sub("-", folded).strip("-")[:_MAX_SLUG].strip("-") or "session"


def unique_slug(session_id: str, taken: set[str]) -> str:
    """The slug of `session_id`, with -2, -3… when already in `taken` (which it is added to)."""
    base = slug(session_id)
    candidate, number = base, 1
    while candidate in taken or candidate in RESERVED_SLUGS:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate
