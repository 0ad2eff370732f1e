"""The session page's per-client block: each client's talk and change talk, for a session with several clients."""

from __future__ import annotations

from analyser.render.clients import CLIENT_COLUMNS, client_cells
from analyser.render.html.blocks import scrolling
from analyser.render.html.builder import Html, element
from analyser.render.report_text import ReportText
from analyser.session import SessionAnalysis


def clients_block(analysis: SessionAnalysis, text: ReportText) -> list[Html]:
    """A heading, a line saying the client figures count the clients together, and a row per client; nothing with one client."""
    clients = analysis.profile.clients
    if not clients:
        return []
    header = element(
        "tr",
        {},
        element("th", {"scope": "col"}, text["col_client"]),
        [element("th", {"scope": "col", "class": "num"}, text[key]) for key in CLIENT_COLUMNS],
    )
    rows = [
        element("tr", {}, element("th", {"scope": "row"}, speaker), [element("td", {"class": "num"}, cell) for cell in client_cells(figures, text)])
        for speaker, figures in clients.items()
    ]
    table = element(
        "table",
        {"class": "speakers clients"},
        element("caption", {"class": "vh"}, text["clients_heading"]),
        element("thead", {}, header),
        element("tbody", {}, rows),
    )
    return [
        element("h3", {"class": "spaced", "id": "clients"}, text["clients_heading"]),
        element("p", {"class": "muted"}, text.format("clients_intro", count=len(clients))),
        scrolling(table, text["clients_heading"]),
    ]
