"""Blocks that the report's pages share: a section listing what went wrong, and a table that scrolls on its own."""

from __future__ import annotations

from collections.abc import Sequence

from analyser.render.html.builder import Child, Html, element
from analyser.render.report_text import ReportText


def counted_list(name: str, items: Sequence[Child], text: ReportText) -> Html | None:
    """Section `name`: a heading with the count of `items` (`section_<name>` in report_labels.tsv), then one item a line.

    None when there is nothing to list: the page then has no such section at all.
    """
    if not items:
        return None
    return element(
        "section",
        {"id": name},
        element("h2", {}, text.format(f"section_{name}", count=len(items))),
        element("ul", {}, [element("li", {}, item) for item in items]),
    )


def scrolling(table: Html, name: str) -> Html:
    """`table` in its own horizontal scroller: a table wider than a narrow screen scrolls, never the page.

    The scroller is a named region that takes the keyboard focus, so it can be scrolled without a mouse.
    """
    return element("div", {"class": "table-scroll", "role": "region", "aria-label": name, "tabindex": 0}, table)


def titled_section(section_id: str, title: str, intro: str | None, *children: Child) -> Html:
    """A page section: its heading, a short muted introduction when there is one, then its content."""
    return element("section", {"id": section_id}, element("h2", {}, title), element("p", {"class": "muted"}, intro) if intro else None, *children)
