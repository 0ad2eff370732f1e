"""Write the Word fixtures of tests/data/docx/ and tests/data/conversation/conversation.docx (run once: python make_docx.py)."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

HERE = Path(__file__).resolve().parent
CONVERSATION = HERE.parent / "conversation"

# The shared conversation of tests/data/README.md: (speaker, start, end, text).
TURNS = (
    ("Thérapeute", 0.000, 3.250, "Bonjour, qu'est-ce qui vous amène aujourd'hui ?"),
    ("Cliente", 3.500, 8.120, "J'ai du mal à dormir depuis que j'ai changé de travail."),
    ("Thérapeute", 8.400, 11.000, "Vous dormez mal depuis ce changement."),
    ("Cliente", 11.250, 16.480, "Oui, je me réveille à trois heures et je pense au bureau."),
    ("Thérapeute", 16.700, 20.305, "Qu'est-ce que vous aimeriez changer en premier ?"),
    ("Cliente", 20.500, 24.900, "Retrouver des nuits calmes, je crois."),
)


def clock(seconds: float) -> str:
    """00:00:03.250"""
    minutes, rest = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours:02d}:{minutes:02d}:{rest:06.3f}"


def table(document: Document, rows: list[list[str]]) -> None:
    """A table with one row per list, in python-docx's default grid."""
    grid = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    grid.style = "Table Grid"
    for cells, row in zip((r.cells for r in grid.rows), rows):
        for cell, text in zip(cells, row):
            cell.text = text


def conversation() -> Document:
    """The six utterances as 'Speaker : text' paragraphs, without times."""
    document = docx.Document()
    for speaker, _, _, text in TURNS:
        document.add_paragraph(f"{speaker} : {text}")
    return document


def timed_paragraphs() -> Document:
    """A title, timed labelled paragraphs, a continuation paragraph, a blank paragraph."""
    document = docx.Document()
    document.add_heading("Séance 3 — transcription", level=1)
    for speaker, start, end, text in TURNS[:4]:
        document.add_paragraph(f"[{clock(start)} - {clock(end)}] {speaker} : {text}")
    document.add_paragraph("Ça me fatigue beaucoup.")
    document.add_paragraph("")
    return document


def table_with_header() -> Document:
    """A title paragraph, then a Locuteur | Début | Fin | Texte table with a header row."""
    document = docx.Document()
    document.add_paragraph("Entretien du 12 mars")
    table(document, [["Locuteur", "Début", "Fin", "Texte"]] + [[s, f"{a:.3f}".replace(".", ","), f"{b:.3f}".replace(".", ","), t] for s, a, b, t in TURNS])
    return document


def timed_table() -> Document:
    """A three-column table without a header row: time | speaker | text."""
    document = docx.Document()
    table(document, [[f"[{clock(a)}]", s, t] for s, a, _, t in TURNS[:3]])
    return document


def mixed() -> Document:
    """Paragraphs, a speaker | text table, then paragraphs again."""
    document = docx.Document()
    document.add_paragraph("T : Bonjour, installez-vous.")
    document.add_paragraph("P : Merci.")
    table(document, [["T", "Comment s'est passée la semaine ?"], ["P", "Mieux, je crois."]])
    document.add_paragraph("Note : la patiente sourit.")
    document.add_paragraph("T : On reprend là où on s'était arrêtés ?")
    return document


def merged_cells() -> Document:
    """A title row merged across the table, and a speaker cell merged over two rows."""
    document = docx.Document()
    grid = document.add_table(rows=4, cols=2)
    title = grid.cell(0, 0).merge(grid.cell(0, 1))
    title.text = "Séance 4 — 19 mars"
    grid.cell(1, 0).text, grid.cell(1, 1).text = "Locuteur", "Texte"
    speaker = grid.cell(2, 0).merge(grid.cell(3, 0))
    speaker.text = "Cliente"
    grid.cell(2, 1).text = "Je n'arrive plus à me concentrer."
    grid.cell(3, 1).text = "Même le week-end."
    return document


def tracked_changes() -> Document:
    """Paragraphs with a deletion, an insertion and a move, as Word writes them when changes are tracked."""
    document = docx.Document()
    document.add_paragraph("Thérapeute : Depuis quand dormez-vous mal ?")
    changed = document.add_paragraph("Cliente : Je dors mal depuis ")
    author = 'w:author="Relecteur" w:date="2024-03-12T10:00:00Z"'
    for xml in (
        f'<w:del {nsdecls("w")} w:id="1" {author}><w:r><w:delText>février</w:delText></w:r></w:del>',
        f'<w:ins {nsdecls("w")} w:id="2" {author}><w:r><w:t>janvier</w:t></w:r></w:ins>',
        f'<w:r {nsdecls("w")}><w:t>.</w:t></w:r>',
        f'<w:moveFrom {nsdecls("w")} w:id="3" {author}><w:r><w:t xml:space="preserve"> Tous les soirs.</w:t></w:r></w:moveFrom>',
    ):
        changed._p.append(parse_xml(xml))
    moved = document.add_paragraph("Thérapeute : Tous les soirs ?")
    moved._p.append(parse_xml(f'<w:moveTo {nsdecls("w")} w:id="4" {author}><w:r><w:t xml:space="preserve"> Vraiment tous ?</w:t></w:r></w:moveTo>'))
    return document


def no_speaker() -> Document:
    """Session notes: text, but no speaker label and no transcript table."""
    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("Notes de séance : la patiente parle de son sommeil.")
    document.add_paragraph("À revoir la semaine prochaine.")
    return document


def saved(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def without_document_xml(data: bytes) -> bytes:
    """The same package with word/document.xml left out."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(copy.copy(item), source.read(item))
    return buffer.getvalue()


def main() -> None:
    (CONVERSATION / "conversation.docx").write_bytes(saved(conversation()))
    fixtures = {
        "paragraphes_horodates.docx": timed_paragraphs(),
        "tableau_entete.docx": table_with_header(),
        "tableau_horodate.docx": timed_table(),
        "mixte.docx": mixed(),
        "cellules_fusionnees.docx": merged_cells(),
        "revisions.docx": tracked_changes(),
        "notes_sans_locuteur.docx": no_speaker(),
    }
    for name, document in fixtures.items():
        (HERE / name).write_bytes(saved(document))
    whole = saved(conversation())
    (HERE / "malformed_tronque.docx").write_bytes(whole[: len(whole) // 2])
    (HERE / "malformed_sans_document_xml.docx").write_bytes(without_document_xml(whole))


if __name__ == "__main__":
    main()
