"""E-mail addresses and phone numbers in a text, each with a key that is the same wherever it comes back."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from analyser.resources import class_entries

EMAIL = "EMAIL"
PHONE = "TELEPHONE"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPACE = r"[ \u00a0\u202f\u2009]"
# French numbers: 06 12 34 56 78, 06.12.34.56.78, 0612345678, 01-23-45-67-89, +33 6 12 34 56 78, +33 (0)6 …, 0033 6 ….
_PHONE = re.compile(rf"(?<![\w+])(?:(?:\+|00){_SPACE}?33{_SPACE}?(?:\(0\){_SPACE}?)?|0)[1-9](?:(?:{_SPACE}|[.-])?\d\d){{4}}(?!\d)")


@dataclass(frozen=True, slots=True)
class Contact:
    """An e-mail address or a phone number found in a text."""

    start: int
    end: int
    kind: str  # EMAIL or PHONE
    key: str  # the address in lower case, spaces collapsed; the number as ten national digits
    rule: str  # email or phone


def find_contacts(text: str) -> list[Contact]:
    """The e-mail addresses (written or dictated) and French phone numbers of `text`, e-mails first."""
    found = []
    for match in _EMAIL.finditer(text):
        found.append(Contact(match.start(), match.end(), EMAIL, match.group().lower(), "email"))
    for match in _spoken_email().finditer(text):
        key = re.sub(r"\s+", " ", match.group().lower())
        found.append(Contact(match.start(), match.end(), EMAIL, key, "email"))
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group().replace("(0)", ""))
        national = "0" + digits[2:] if digits.startswith("33") else "0" + digits[4:] if digits.startswith("0033") else digits
        found.append(Contact(match.start(), match.end(), PHONE, national, "phone"))
    return found


@functools.cache
def _spoken_email() -> re.Pattern[str]:
    """A dictated address, "marie point dupont arobase gmail point com", with the words of redaction_words.tsv."""
    at, dot, dash = ("|".join(map(re.escape, class_entries("redaction_words.tsv", kind))) for kind in ("spoken_at", "spoken_dot", "spoken_dash"))
    return re.compile(rf"(?i)\b[\w-]+(?:\s+(?:{dot}|{dash})\s+[\w-]+)*\s+(?:{at})\s+[\w-]+(?:\s+(?:{dot})\s+[\w-]+)+")
