"""Speaker prefixes at the start of a line of speech: "T : …", "Thérapeute : …", "[SPEAKER_00]: …".

Plain text, subtitles and Word documents all write speakers this way; this module tells a
speaker label from speech that happens to hold a colon ("Il m'a dit : non").
"""

from __future__ import annotations

import functools
import re

from analyser.resources import speaker_role_table, word_list
from analyser.textnorm import HORIZONTAL_SPACES, fold

_SPACE = f"[{HORIZONTAL_SPACES}]"
# "Label: text", "Label : text" with a (narrow) no-break space, "[SPEAKER_00]: text".
_LABELLED = re.compile(rf"^{_SPACE}*(?P<label>[^\s:][^:]{{0,47}}?){_SPACE}*:{_SPACE}*(?P<text>.*)$", re.DOTALL)
# A non-verbal annotation before a label: "[rires] P : Oui." keeps speaker P.
_LEADING_ANNOTATION = re.compile(rf"^[\[(][^\])]{{1,30}}[\])]{_SPACE}*")
_NOT_IN_LABEL = set("?!;,«»\"…=/<>*")
_MAX_LABEL_WORDS = 5


class SpeakerLabels:
    """The speaker labels met so far in one file.

    A label seen once is trusted afterwards, and every later spelling of it (case, accents)
    is given as the first one.
    """

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}  # folded label -> first spelling

    def split(self, line: str) -> tuple[str, str] | None:
        """(speaker, text) when the line opens with a speaker label, else None."""
        match = _LABELLED.match(line)
        if not match:
            return None
        label, text = match["label"].strip(HORIZONTAL_SPACES), match["text"]
        annotation = _LEADING_ANNOTATION.match(label)
        if annotation and annotation.end() < len(label):
            label, text = label[annotation.end():], f"{annotation.group(0).strip(HORIZONTAL_SPACES)} {text}"
        label = label.strip("[]").strip(HORIZONTAL_SPACES)
        if not self._is_label(label):
            return None
        return self._seen.setdefault(fold(label), label), text

    def _is_label(self, label: str) -> bool:
        words = label.split()
        if not words or len(words) > _MAX_LABEL_WORDS or _NOT_IN_LABEL & set(label):
            return False
        key = fold(label)
        if key in self._seen or key in speaker_role_table():
            return True
        if key in _not_labels():
            return False
        if not any(ch.isalpha() for ch in label):
            return False  # "00" from a broken "00:7x:00" stamp
        return all(word[0].isupper() or word[0].isdigit() or word[0] == "_" for word in words)


@functools.cache
def _not_labels() -> frozenset[str]:
    return frozenset(fold(entry) for entry in word_list("not_speaker_labels.txt"))
