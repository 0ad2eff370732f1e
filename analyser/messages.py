"""Messages to people (warnings, notes) that can be said in French or English, from the templates of models/messages.tsv.

A `Notice` is a `str` holding its English text, so that logs, JSON and code that only passes warnings
along keep working; outputs for people call `say(message, lang)` to write it in their language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Self

from analyser.errors import DataFileError, InputError
from analyser.resources import message_templates, models_dir

# The language a Notice's own text is in: the stable one, for machine outputs and logs.
CANONICAL_LANG = "en"
# "{count|séance|séances}": the word that agrees with a number field.
_AGREEING = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


class Notice(str):
    """A message to people, by key and fields; as a `str`, its English text.

    Fields may be Notices themselves: they are said in the same language.
    """

    key: str
    fields: Mapping[str, Any]

    def __new__(cls, key: str, /, **fields: Any) -> Self:
        notice = super().__new__(cls, _fill(key, CANONICAL_LANG, fields))
        notice.key = key
        notice.fields = fields
        return notice

    def __reduce__(self) -> tuple[Any, ...]:
        # Workers send Notices back to the main process: keep the key and fields, not only the text.
        return (_rebuild, (self.key, dict(self.fields)))

    def in_lang(self, lang: str) -> str:
        """The message in `lang` ("fr" or "en")."""
        return _fill(self.key, lang, self.fields)


def say(message: str, lang: str) -> str:
    """`message` in `lang` when it is a Notice; any other text as it is (a file's own words, an old message)."""
    return message.in_lang(lang) if isinstance(message, Notice) else message


def either(items: Sequence[str]) -> str:
    """"a or b" ("a ou b"), "a, b or c"; one item as it is, none as nothing."""
    return _conjoined(items, "or")


def every(items: Sequence[str]) -> str:
    """"a and b" ("a et b"), "a, b and c"; one item as it is, none as nothing."""
    return _conjoined(items, "and")


def _conjoined(items: Sequence[str], conjunction: str) -> str:
    if len(items) <= 1:
        return items[0] if items else ""
    first, last = list(items[:-1]), items[-1]
    return Notice("term.or", first=first, last=last) if conjunction == "or" else Notice("term.and", first=first, last=last)


def say_error(error: BaseException, lang: str) -> str:
    """An error's one line in `lang`: an `InputError`'s file, place and message; another error's message.

    An error whose message is a Notice (`RapportError(Notice(...))`) is said in `lang`; any other as it is written.
    """
    if isinstance(error, InputError):
        if error.place:
            return Notice("error.at_place", source=error.source, place=error.place, message=error.message).in_lang(lang)
        return Notice("error.in_file", source=error.source, message=error.message).in_lang(lang)
    message = error.args[0] if len(error.args) == 1 else None
    return say(message, lang) if isinstance(message, Notice) else str(error)


def _rebuild(key: str, fields: dict[str, Any]) -> Notice:
    return Notice(key, **fields)


def _fill(key: str, lang: str, fields: Mapping[str, Any]) -> str:
    try:
        template = message_templates(lang)[key]
    except KeyError:
        raise DataFileError(f"{models_dir() / 'messages.tsv'}: no message {key!r}") from None
    said = {name: _said_value(value, lang) for name, value in fields.items()}
    try:
        return agreed(template, lang, fields).format(**said)
    except (KeyError, IndexError, ValueError) as exc:
        raise DataFileError(f"{models_dir() / 'messages.tsv'}: message {key!r} does not fit its fields ({exc})") from None


def agreed(template: str, lang: str, fields: Mapping[str, Any]) -> str:
    """`template` with each "{count|séance|séances}" replaced by the word that agrees with the number field (French: singular for 0 and 1)."""

    def agreeing(match: re.Match[str]) -> str:
        count = fields[match.group(1)]
        singular = count in (0, 1) if lang == "fr" else count == 1
        return match.group(2) if singular else match.group(3)

    return _AGREEING.sub(agreeing, template)


def _said_value(value: Any, lang: str) -> Any:
    """A field as the template in `lang` formats it: a Notice said, a number written the French way in French."""
    if isinstance(value, Notice):
        return value.in_lang(lang)
    if isinstance(value, list):
        # A list of things named in a message: each said in `lang`, one after the other.
        return ", ".join(str(_said_value(item, lang)) for item in value)
    if lang == "fr" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _FrenchNumber(value)
    return value


class _FrenchNumber:
    """A number that formats as French writes it: decimal comma, thin no-break space between thousands."""

    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec).translate(_FRENCH_MARKS)

    def __str__(self) -> str:
        return format(self)


# "1,234.5" -> "1 234,5" (U+202F between thousands, as French typography writes them).
_FRENCH_MARKS = str.maketrans({",": "\u202f", ".": ","})
