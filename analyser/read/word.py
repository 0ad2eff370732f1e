"""Word .docx transcripts: "T : …" paragraphs and speaker | text tables, read in document order."""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from analyser.domain import Transcript
from analyser.errors import InputError, NotATranscriptError
from analyser.messages import Notice
from analyser.read._builder import Draft, build_transcript
from analyser.read._columns import (
    Spellings,
    check_column_option,
    map_columns,
    parse_seconds,
    row_without_text,
    rows_taking_speaker_above,
    speaker_cell,
    unreadable_time,
)
from analyser.read._speaker_prefix import SpeakerLabels
from analyser.read._timestamps import split_leading_time
from analyser.read._xml import xml_error_reason
from analyser.textnorm import HORIZONTAL_SPACES

if TYPE_CHECKING:
    from analyser.read.registry import ReadOptions

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
_P, _TBL, _SDT, _SDT_CONTENT, _CUSTOM_XML = (f"{{{_W}}}{tag}" for tag in ("p", "tbl", "sdt", "sdtContent", "customXml"))
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, and password-protected .docx
_DOCUMENT_PART = "word/document.xml"  # the part holding the text: a place in the archive, named as it is
# Zip bombs are refused on the sizes the archive declares, before anything is unpacked (zipfile never reads past a
# declared size). Word's XML compresses 5 to 30 times; a 130 kB file holding 64 MB of empty paragraphs took a minute
# and 1.4 GB to read.
_MOST_UNPACKED = 512 * 1024**2
_BOMB_RATIO = 100
_BOMB_FLOOR = 4 * 1024**2  # parts below this size may compress as well as they like

# The text of a paragraph with all tracked changes accepted: runs outside deletions and moved-away
# text, not in the fallback copy of a drawing, and not in a text box nested in the paragraph.
_VISIBLE_RUN_CONTENT = etree.XPath(
    ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::mc:Fallback)]"
    "/*[self::w:t or self::w:tab or self::w:br or self::w:cr or self::w:noBreakHyphen][count(ancestor::w:p) = $depth]",
    namespaces=_NS,
)
_PARAGRAPH_DEPTH = etree.XPath("count(ancestor-or-self::w:p)", namespaces=_NS)
_HAS_CHANGES = etree.XPath("boolean(.//w:ins | .//w:del | .//w:moveFrom | .//w:moveTo)", namespaces=_NS)
# Rows deleted as a tracked change are gone once the changes are accepted.
_ROWS = etree.XPath("(./w:tr | ./w:sdt/w:sdtContent/w:tr | ./w:customXml/w:tr)[not(w:trPr/w:del)]", namespaces=_NS)
_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc | ./w:customXml/w:tc", namespaces=_NS)
_CELL_PARAGRAPHS = etree.XPath(".//w:p[not(ancestor::w:txbxContent)]", namespaces=_NS)
_GRID_BEFORE = etree.XPath("string(./w:trPr/w:gridBefore/@w:val)", namespaces=_NS)
_GRID_SPAN = etree.XPath("string(./w:tcPr/w:gridSpan/@w:val)", namespaces=_NS)
_V_MERGE = etree.XPath("./w:tcPr/w:vMerge", namespaces=_NS)
_CHANGE_COUNTS = {
    name: etree.XPath(f"count(.//w:{tag})", namespaces=_NS)
    for name, tag in (("insertion", "ins"), ("deletion", "del"), ("move", "moveFrom"))
}


def read_docx(data: bytes, *, source: str, session_id: str, options: ReadOptions | None = None) -> Transcript:
    """Read a Word document.

    Paragraphs and tables are read in document order. A paragraph opening with a speaker
    label ("T : …", "Thérapeute : …", "[SPEAKER_00]: …"), optionally after a time, starts
    an utterance; a paragraph without one continues the previous utterance. A table of
    speaker | text, or with a time column as well, gives one utterance a row; a header row
    (Locuteur | Texte, or the headers of `options.columns`) is recognised and skipped.
    Tracked changes are read as if accepted, with one warning.

    Raises:
        InputError: not a .docx file, or a damaged one.
        NotATranscriptError: a document without speaker-labelled paragraphs or usable tables.
    """
    columns = options.columns if options is not None else {}
    check_column_option(columns, source)
    body = _open_body(data, source)
    reading = _Reading(source=source, columns=columns)
    for block in _blocks(body):
        reading.read_block(block)
    if not reading.drafts:
        raise reading.nothing_found()
    if not any(draft.text.strip() for draft in reading.drafts):
        raise InputError(source, Notice("error.labels_without_text"), place=reading.drafts[0].place)
    warnings = reading.change_warning(body) + reading.warnings
    return build_transcript(reading.drafts, source=source, session_id=session_id, metadata={"format": "docx"}, warnings=warnings)


def paragraph_text(paragraph: etree._Element) -> str:
    """A `w:p`'s text as if every tracked change were accepted; tabs and line breaks as spaces."""
    depth = _PARAGRAPH_DEPTH(paragraph)
    parts = []
    for element in _VISIBLE_RUN_CONTENT(paragraph, depth=depth):
        local = etree.QName(element).localname
        parts.append((element.text or "") if local == "t" else "-" if local == "noBreakHyphen" else " ")
    return "".join(parts)


def _open_body(data: bytes, source: str) -> etree._Element:
    archive = _archive(data, source)
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except etree.XMLSyntaxError:
        raise _xml_error(archive, source) from None
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(source, Notice("error.docx_not_docx", reason=str(exc)), place=Notice("place.zip_archive")) from None
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise InputError(source, Notice("error.docx_cannot_unpack", reason=str(exc)), place=Notice("place.zip_archive")) from None
    except (AttributeError, TypeError) as exc:  # python-docx on a part whose elements are not the expected ones
        raise InputError(source, Notice("error.docx_bad_layout", reason=str(exc)), place=_DOCUMENT_PART) from None
    if body is None:
        raise InputError(source, Notice("error.docx_no_body"), place=_DOCUMENT_PART)
    return body


def _archive(data: bytes, source: str) -> zipfile.ZipFile:
    if data.startswith(_OLE_MAGIC):
        raise InputError(source, Notice("error.docx_old_or_protected"), place=Notice("place.byte", byte=0))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise InputError(source, Notice("error.docx_not_zip"), place=Notice("place.zip_archive")) from None
    if _DOCUMENT_PART not in archive.namelist():
        raise InputError(source, Notice("error.docx_no_document"), place=_DOCUMENT_PART)
    _refuse_bombs(archive, source)
    return archive


def _refuse_bombs(archive: zipfile.ZipFile, source: str) -> None:
    parts = archive.infolist()
    unpacked = sum(part.file_size for part in parts)
    if unpacked > _MOST_UNPACKED:
        raise InputError(
            source, Notice("error.docx_bomb_archive", size=unpacked // 1024**2, limit=_MOST_UNPACKED // 1024**2), place=Notice("place.zip_archive")
        )
    for part in parts:
        if part.file_size > _BOMB_FLOOR and part.file_size > _BOMB_RATIO * part.compress_size:
            ratio = part.file_size // max(part.compress_size, 1)
            raise InputError(source, Notice("error.docx_bomb_part", size=part.file_size // 1024**2, ratio=ratio), place=part.filename)


def _xml_error(archive: zipfile.ZipFile, source: str) -> InputError:
    """The error naming the part, line and column of the XML python-docx could not parse."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    names = [_DOCUMENT_PART] + sorted(n for n in archive.namelist() if n.endswith((".xml", ".rels")) and n != _DOCUMENT_PART)
    for name in names:
        try:
            etree.fromstring(archive.read(name), parser)
        except etree.XMLSyntaxError as exc:
            line, column = exc.position if exc.position else (exc.lineno, 0)
            place = Notice("place.part_line_column", part=name, line=line, column=column)
            return InputError(source, Notice("error.docx_xml_not_well_formed", reason=xml_error_reason(exc)), place=place)
        except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, RuntimeError, NotImplementedError):
            break
    return InputError(source, Notice("error.docx_xml_damaged"), place=Notice("place.zip_archive"))


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """The body's paragraphs and tables in document order, content controls opened."""
    for child in container.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif child.tag == _CUSTOM_XML:
            yield from _blocks(child)


@dataclass
class _Reading:
    """What has been read of one document so far."""

    source: str
    columns: Mapping[str, str]
    drafts: list[Draft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    labels: SpeakerLabels = field(default_factory=SpeakerLabels)
    spellings: Spellings = field(default_factory=Spellings)
    paragraphs: int = 0
    tables: int = 0
    continues: Draft | None = None  # the utterance an unlabelled paragraph continues
    first_text: str | None = None  # place of the first paragraph (or table) with text
    first_change: str | None = None  # place of the first tracked change

    def read_block(self, block: etree._Element) -> None:
        if block.tag == _P:
            self.paragraphs += 1
            place = Notice("place.paragraph", number=self.paragraphs)
            self._note_changes(block, place)
            self._read_paragraph(paragraph_text(block), place)
        else:
            self.tables += 1
            place = Notice("place.table", number=self.tables)
            self._note_changes(block, place)
            self.continues = None  # a paragraph after a table does not continue its last row
            self._read_table(_grid(block), place)

    def nothing_found(self) -> InputError:
        if self.first_text is None:
            return InputError(self.source, Notice("error.docx_no_text"), place=_DOCUMENT_PART)
        return NotATranscriptError(self.source, Notice("error.docx_not_a_transcript"), place=self.first_text)

    def change_warning(self, body: etree._Element) -> list[str]:
        """One warning when the document holds tracked changes."""
        if self.first_change is None:
            return []
        counts = {name: int(count(body)) for name, count in _CHANGE_COUNTS.items()}
        counted = {"insertion": Notice("term.insertions", count=counts["insertion"]), "deletion": Notice("term.deletions", count=counts["deletion"])}
        if counts["move"]:
            counted["move"] = Notice("term.moves", count=counts["move"])
        return [Notice("read.docx_tracked_changes", source=self.source, place=self.first_change, changes=list(counted.values()))]

    def _note_changes(self, block: etree._Element, place: str) -> None:
        if self.first_change is None and _HAS_CHANGES(block):
            self.first_change = place

    def _read_paragraph(self, text: str, place: str) -> None:
        if not text.strip(HORIZONTAL_SPACES):
            return
        self.first_text = self.first_text or place
        timed = split_leading_time(text)
        labelled = self.labels.split(timed.rest)
        if labelled is None:
            if self.continues is None:
                self.warnings.append(Notice("read.docx_paragraph_without_label", source=self.source, place=place))
            else:
                # Without a label the paragraph is speech: a leading "12:30" belongs to the text.
                self.continues.text += " " + text
            return
        if timed.malformed:
            self.warnings.append(Notice("read.malformed_timestamp_paragraph", source=self.source, place=place, value=timed.malformed))
        speaker, said = labelled
        self.continues = Draft(self.spellings(speaker), said, timed.start, timed.end, place=place)
        self.drafts.append(self.continues)

    def _read_table(self, rows: list[list[str]], place: str) -> None:
        numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(row)]
        if not numbered:
            return
        self.first_text = self.first_text or place
        layout = _Layout.of(numbered, columns=self.columns)
        if layout is None:
            width = max(len(row) for _, row in numbered)
            self.warnings.append(Notice("read.docx_table_without_header", source=self.source, place=place, count=width))
            return
        speaker_above: str | None = None
        filled: list[str] = []  # rows whose speaker came from the row above
        for number, _ in numbered[: max(layout.header, 0)]:
            self.warnings.append(Notice("read.docx_row_before_header", source=self.source, place=Notice("place.table_row", table=place, row=number)))
        for number, row in numbered[layout.header + 1 :]:
            row_place = Notice("place.table_row", table=place, row=number)
            cells = row + [""] * (layout.width - len(row))
            if not cells[layout.index["text"]]:
                self.warnings.append(row_without_text(self.source, row_place))
                continue
            speaker = speaker_cell(cells[layout.index["speaker"]])
            if not speaker:
                if speaker_above is None:
                    self.warnings.append(Notice("read.row_no_speaker", source=self.source, place=row_place))
                    continue
                speaker = speaker_above
                filled.append(row_place)
            start, end = self._row_times(layout, cells, row_place)
            self.drafts.append(Draft(self.spellings(speaker), cells[layout.index["text"]], start, end, place=row_place))
            speaker_above = speaker
        if filled:
            self.warnings.append(rows_taking_speaker_above(self.source, filled[0], len(filled)))

    def _row_times(self, layout: _Layout, cells: list[str], place: str) -> tuple[float | None, float | None]:
        """Start and end of a row: a range in the start column gives both, an end column overrides."""
        found: dict[str, tuple[float | None, float | None]] = {}
        for name in ("start", "end"):
            if name not in layout.index:
                continue
            value = cells[layout.index[name]]
            try:
                found[name] = _cell_times(value, scale=layout.scale.get(name, 1.0))
            except ValueError:
                self.warnings.append(unreadable_time(self.source, place, name, value))
        start, range_end = found.get("start", (None, None))
        end = found.get("end", (None, None))[0]
        return start, range_end if end is None else end


_HEADER_SEARCH = 3  # a header row may follow title rows


@dataclass(frozen=True, slots=True)
class _Layout:
    """Which column of a table holds what, and the row numbers before its first utterance."""

    index: Mapping[str, int]
    scale: Mapping[str, float]
    width: int
    header: int = 0  # position of the header row among the non-blank rows, -1 without one

    @classmethod
    def of(cls, rows: list[tuple[int, list[str]]], *, columns: Mapping[str, str]) -> _Layout | None:
        """The layout a header row names, or else the one two or three columns imply; None for another table."""
        width = max(len(row) for _, row in rows)
        for position, (_, header) in enumerate(rows[:_HEADER_SEARCH]):
            for mapping in (columns, {}) if columns else ({},):
                found = map_columns(header, columns=mapping)
                if not found.missing and not found.named_missing:
                    return cls(found.index, found.scale, max(width, len(header)), header=position)
        if width == 2:
            return cls({"speaker": 0, "text": 1}, {}, width, header=-1)
        if width == 3:
            body = [row + [""] * (width - len(row)) for _, row in rows]
            timed = next((i for i in range(width) if _is_time_column([row[i] for row in body])), None)
            if timed is not None:
                speaker, text = (i for i in range(width) if i != timed)
                return cls({"start": timed, "speaker": speaker, "text": text}, {}, width, header=-1)
        return None


def _is_time_column(cells: list[str]) -> bool:
    """Every non-blank cell a clock time ("00:01:02", "[01:02]", "00:00:01 - 00:00:04")."""
    written = [cell for cell in cells if cell.strip(HORIZONTAL_SPACES)]
    return bool(written) and all(_is_clock(cell) for cell in written)


def _is_clock(cell: str) -> bool:
    timed = split_leading_time(cell.strip(HORIZONTAL_SPACES))
    return timed.start is not None and not timed.rest.strip(HORIZONTAL_SPACES)


def _cell_times(value: str, *, scale: float) -> tuple[float | None, float | None]:
    """(start, end) of a time cell: a clock time or range, or seconds; (None, None) when blank.

    Raises:
        ValueError: the cell holds something else.
    """
    if _is_clock(value):
        timed = split_leading_time(value.strip(HORIZONTAL_SPACES))
        return timed.start, timed.end
    return parse_seconds(value, scale=scale), None


def _grid(table: etree._Element) -> list[list[str]]:
    """A table's cell texts, row by row and one a grid column.

    A horizontally merged cell's text is in its first column; a vertically merged cell's
    text is repeated in every row it spans (a speaker cell merged over two utterances).
    """
    rows = []
    above: dict[int, str] = {}  # grid column -> text of the cell that starts there, for vertical merges
    for tr in _ROWS(table):
        cells = [""] * _count(_GRID_BEFORE(tr), default=0)
        for tc in _CELLS(tr):
            column = len(cells)
            merges = _V_MERGE(tc)
            continues = bool(merges) and merges[0].get(f"{{{_W}}}val", "continue") == "continue"
            text = above.get(column, "") if continues else " ".join(paragraph_text(p) for p in _CELL_PARAGRAPHS(tc))
            above[column] = text
            cells.append(text.strip(HORIZONTAL_SPACES))
            cells.extend([""] * (_count(_GRID_SPAN(tc), default=1) - 1))
        rows.append(cells)
    return rows


def _count(value: str, *, default: int) -> int:
    # Word writes small positive integers; anything else is treated as absent rather than fatal.
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value[:3]) <= 64 else default
