"""Pseudonymise a session (--redact): find its people, e-mail addresses and phone numbers, and write a pseudonym for each.

`contacts` finds e-mail addresses and phone numbers, `names` people's names, `people` which mentions are one person,
`replacement` numbers them and writes the pseudonyms, and `session` pseudonymises an analysed session. spaCy loads
only when the name rules first need its stop words, never on import.
"""

from __future__ import annotations

from analyser.redact.contacts import EMAIL, PHONE
from analyser.redact.names import PERSON, label_name_span
from analyser.redact.replacement import Pseudonyms, Replacement, apply, find_pseudonyms
from analyser.redact.session import redact_analysis, redact_error

__all__ = ["EMAIL", "PERSON", "PHONE", "Pseudonyms", "Replacement", "apply", "find_pseudonyms", "label_name_span", "redact_analysis", "redact_error"]
