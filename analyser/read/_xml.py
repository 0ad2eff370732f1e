"""Parse the XML transcript formats (ELAN, Transcriber) safely, and name the place of an error.

The parser never resolves entities, never loads a DTD and never reaches the network:
Transcriber files declare `trans-14.dtd`, which must not be fetched.
"""

from __future__ import annotations

from lxml import etree

from analyser.errors import InputError
from analyser.messages import Notice

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "load_dtd": False,
    "no_network": True,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def parse_xml(data: bytes, source: str, *, root_tag: str, format_name: str) -> etree._Element:
    """The root element, after checking that it is `root_tag`.

    The encoding comes from the XML declaration (ISO-8859-1 for most Transcriber files),
    UTF-8 when there is none.

    Raises:
        InputError: not well-formed XML (with its line and column), or another root element.
    """
    if not data.strip():
        raise InputError(source, Notice("error.empty_file"))
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        raise InputError(source, Notice("error.xml_not_well_formed", reason=xml_error_reason(exc)), place=Notice("place.line_column", line=line, column=column)) from None
    except ValueError as exc:  # lxml refuses some encodings ("Unicode strings with encoding declaration")
        raise InputError(source, Notice("error.xml_unreadable", reason=str(exc))) from None
    if root.tag != root_tag:
        raise InputError(
            source, Notice("error.xml_other_root", format=format_name, found=root.tag, expected=root_tag), place=Notice("place.line", line=root.sourceline)
        )
    return root


def element_place(element: etree._Element) -> Notice:
    """An element as a place in its file: "<Turn> at line 120"."""
    return Notice("place.element", tag=element.tag, line=element.sourceline)


def declared_encoding(root: etree._Element) -> str:
    """The encoding the XML declaration names, lower case; "utf-8" without one."""
    encoding = root.getroottree().docinfo.encoding
    return encoding.lower() if encoding else "utf-8"


def xml_error_reason(exc: etree.XMLSyntaxError) -> str:
    """lxml's message for a syntax error, on one line and without its place."""
    # lxml appends ", line L, column C" to its message, and some messages end with a line break; the place is given separately.
    message = exc.msg or str(exc)
    return " ".join(message.split(", line ")[0].split())
