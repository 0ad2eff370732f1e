"""A tiny HTML builder whose escaping is structural: text is escaped unless it is markup we built (`Html`)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

# Elements without content or end tag, in HTML and in the inline SVG we write.
_VOID = frozenset({"meta", "link", "input", "br", "hr", "img"})
# Tag and attribute names are ours, never the user's: refuse anything that is not a plain name.
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9:-]*\Z")


class Html(str):
    """Markup that is already safe: inserted as is, never escaped again."""

    __slots__ = ()

    def __html__(self) -> Html:
        return self


Child = Html | str | int | float | None | Iterable["Child"]
AttrValue = str | int | float | bool | None


def escape(value: object) -> Html:
    """`value` as text: `&`, `<`, `>` and both quotes escaped; `Html` passes unchanged."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=True))


def fragment(*children: Child) -> Html:
    """Children side by side: strings escaped, `Html` kept, None skipped, iterables flattened."""
    return Html("".join(_pieces(children)))


def element(tag: str, attrs: Mapping[str, AttrValue] | None = None, *children: Child) -> Html:
    """`<tag attrs>children</tag>`, every attribute value and every plain string child escaped.

    An attribute whose value is None or False is left out; True writes the bare name (`checked`).

    Raises:
        ValueError: a tag or attribute name that is not a plain name, or content given to a void element.
    """
    if not _NAME.match(tag):
        raise ValueError(f"not a tag name: {tag!r}")
    start = f"<{tag}{_attributes(attrs or {})}>"
    if tag in _VOID:
        if children:
            raise ValueError(f"<{tag}> takes no content")
        return Html(start)
    return Html(f"{start}{fragment(*children)}</{tag}>")


def _attributes(attrs: Mapping[str, AttrValue]) -> str:
    parts = []
    for name, value in attrs.items():
        if not _NAME.match(name):
            raise ValueError(f"not an attribute name: {name!r}")
        if value is None or value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{escape(value)}"')
    return "".join(parts)


def _pieces(children: Iterable[Child]) -> Iterable[str]:
    for child in children:
        if child is None:
            continue
        if isinstance(child, str | int | float):
            yield escape(child)
        else:
            yield from _pieces(child)
