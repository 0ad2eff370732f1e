"""Numbers as the outputs write them: rounded for JSON and CSV, and as text for a reader (decimals, percentages, clock times)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

NONE = "–"  # a figure that could not be measured


def rounded(value: float | None, digits: int) -> float | None:
    """`value` with `digits` decimals, as JSON and CSV keep it; None stays None."""
    return None if value is None else round(value, digits)


def rounded_fields(record: Any, **digits: int) -> dict[str, Any]:
    """A dataclass's fields by name, in their order, for JSON: those named in `digits` rounded to that many decimals.

    Examples:
        >>> from dataclasses import dataclass
        >>> @dataclass
        ... class Stats:
        ...     turns: int
        ...     share: float
        >>> rounded_fields(Stats(3, 0.123456), share=4)
        {'turns': 3, 'share': 0.1235}
    """
    values = {field.name: getattr(record, field.name) for field in fields(record)}
    return {name: rounded(value, digits[name]) if name in digits else value for name, value in values.items()}


def format_decimal(value: float | None, digits: int = 1, *, mark: str = ".") -> str:
    """A number with `digits` decimals and the given decimal mark: "1.5", or "1,5" with mark=","; a dash when unknown."""
    if value is None:
        return NONE
    text = f"{value:.{digits}f}"
    return text if mark == "." else text.replace(".", mark)


def format_percent(share: float | None, digits: int = 0, *, mark: str = ".", sign: str = "%") -> str:
    """A share of 1 as a percentage, "47%"; `sign` is what follows the number (French writes "47\u00a0%")."""
    if share is None:
        return NONE
    return format_decimal(share * 100, digits, mark=mark) + sign


def format_number(value: float) -> str:
    """A measured value or threshold as check reports show it: at most 4 decimals (as in session rows), no trailing ".0"."""
    return repr(round(value, 4)).removesuffix(".0")


def format_clock(seconds: float | None) -> str:
    """Seconds as h:mm:ss, the way transcripts write times; a dash when unknown."""
    if seconds is None:
        return NONE
    whole = round(seconds)
    return f"{whole // 3600:d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
