"""Text normalisation for analysis and label matching.

Normalisation for analysis replaces one character by one character, so offsets found in the
normalised text point at the same characters of the original text shown to the user.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Typographic apostrophes, quotes, hyphens and the no-break spaces of French typography.
_ANALYSIS_TABLE = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark, the usual typographic apostrophe
        "\u2018": "'",
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",  # no-break space (before ; : ! ? in French)
        "\u202f": " ",  # narrow no-break space
        "\u2009": " ",  # thin space
        "\u2007": " ",
        "\u200b": " ",  # zero-width space: kept as a space to keep offsets
        "\u2010": "-",
        "\u2011": "-",
    }
)

HORIZONTAL_SPACES = " \t\u00a0\u202f\u2009\u2007"


# Speech recognition often writes elisions without their apostrophe (« j ai », « c est », « qu est ce que »):
# the space after an elided word before a vowel becomes the apostrophe, and « est ce que » takes its hyphen,
# one character for one, so that the rules read « j'ai » and « qu'est-ce que ».
# A capital letter alone is an elision only where a sentence starts (« J ai »): elsewhere it is an initial (« vitamine D »).
_ELIDED_WITHOUT_APOSTROPHE = re.compile(
    r"((?<![\w'-])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|aujourd)|(?:^|(?<=[.!?…] ))(?:[CDJLMNST]|Qu|Jusqu|Lorsqu|Puisqu|Aujourd))"
    r" (?=[aeiouyhàâéèêëîïôöûùüAEIOUYHÀÂÉÈÊÎÔ])"
)
_EST_CE_WITHOUT_HYPHEN = re.compile(r"(?<![\w-])([Ee]st) (?=ce qu)")


@functools.lru_cache(maxsize=8192)
def normalise_for_analysis(text: str) -> str:
    """Return `text` with apostrophes, quotes and spaces normalised, same length.

    Elisions written without their apostrophe, as speech recognition writes them, get it back. Cached:
    an utterance's analysis text is asked for many times.
    """
    text = text.translate(_ANALYSIS_TABLE)
    if " " not in text:
        return text
    text = _ELIDED_WITHOUT_APOSTROPHE.sub(r"\1'", text)
    return _EST_CE_WITHOUT_HYPHEN.sub(r"\1-", text)


def strip_accents(text: str) -> str:
    """Remove combining accents: "Thérapeute" -> "Therapeute"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Case- and accent-insensitive key, for matching speaker labels."""
    return " ".join(strip_accents(normalise_for_analysis(text)).casefold().split())


def printable(text: str) -> str:
    """Text on one line of a log or a report: control characters shown as escapes, so a file name cannot forge a line."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
