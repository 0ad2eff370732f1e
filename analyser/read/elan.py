"""ELAN `.eaf` annotation files: one top-level tier per speaker, annotations timed by time slots."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from analyser.domain import Transcript
from analyser.errors import InputError
from analyser.messages import Notice
from analyser.read._builder import Draft, build_transcript
from analyser.read._xml import declared_encoding, element_place, parse_xml

if TYPE_CHECKING:
    from analyser.read.registry import ReadOptions


@dataclass(frozen=True, slots=True)
class _Slot:
    """A TIME_SLOT: its time in seconds (None when unaligned) and where it sorts."""

    time: float | None
    position: int  # index in TIME_ORDER, which ELAN keeps in time order
    anchor: float  # its time, or the last aligned time before it: where an unaligned slot sorts


def read_eaf(data: bytes, *, source: str, session_id: str, options: ReadOptions | None = None) -> Transcript:
    """Read an ELAN annotation file.

    Every top-level tier (no PARENT_REF) holding ALIGNABLE_ANNOTATIONs is a speaker, named
    by its PARTICIPANT attribute when set, else by its TIER_ID; dependent tiers
    (translations, glosses) are skipped. An annotation's times come from its two time
    slots; an unaligned slot (no TIME_VALUE) leaves that time unknown, never invented.
    Utterances are ordered by start time, ties by tier order; an untimed start sorts right
    after the last aligned slot before it in TIME_ORDER. Overlapping annotations keep
    their overlapping times.

    Raises:
        InputError: not well-formed XML, another root than <ANNOTATION_DOCUMENT>, a
            TIME_VALUE that is not a number, an annotation naming an unknown time slot,
            or no top-level tier with annotations.
    """
    root = parse_xml(data, source, root_tag="ANNOTATION_DOCUMENT", format_name="ELAN")
    slots = _time_slots(root, source)
    keyed: list[tuple[tuple[float, int, int, int], Draft]] = []
    tiers = [tier for tier in root.iterfind("TIER") if not tier.get("PARENT_REF")]
    for tier_index, tier in enumerate(tiers):
        speaker = (tier.get("PARTICIPANT") or "").strip() or (tier.get("TIER_ID") or "").strip() or f"tier {tier_index + 1}"
        for annotation in tier.iterfind("ANNOTATION/ALIGNABLE_ANNOTATION"):
            first, last = _slot(annotation, "TIME_SLOT_REF1", slots, source), _slot(annotation, "TIME_SLOT_REF2", slots, source)
            text = annotation.findtext("ANNOTATION_VALUE") or ""
            draft = Draft(speaker, text, first.time, last.time, line=annotation.sourceline, place=element_place(annotation))
            keyed.append(((first.anchor, tier_index, first.position, len(keyed)), draft))
    if not keyed:
        raise InputError(source, Notice("error.eaf_no_annotations"), place=Notice("place.line", line=root.sourceline))
    keyed.sort(key=lambda item: item[0])
    metadata = {"format": "eaf", "encoding": declared_encoding(root)}
    return build_transcript((draft for _, draft in keyed), source=source, session_id=session_id, metadata=metadata)


def _time_slots(root: etree._Element, source: str) -> dict[str, _Slot]:
    """TIME_SLOT_ID -> slot, in seconds."""
    slots: dict[str, _Slot] = {}
    anchor = -math.inf
    for position, element in enumerate(root.iterfind("TIME_ORDER/TIME_SLOT")):
        raw = element.get("TIME_VALUE")
        time = None if raw is None or not raw.strip() else _milliseconds(raw, element, source) / 1000
        if time is not None:
            anchor = time
        slots[element.get("TIME_SLOT_ID", "")] = _Slot(time, position, anchor)
    return slots


def _milliseconds(raw: str, slot: etree._Element, source: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InputError(source, Notice("error.eaf_time_not_milliseconds", value=raw), place=element_place(slot))
    if value < 0:
        raise InputError(source, Notice("error.eaf_time_negative", value=raw), place=element_place(slot))
    return value


def _slot(annotation: etree._Element, attribute: str, slots: dict[str, _Slot], source: str) -> _Slot:
    reference = annotation.get(attribute)
    if reference is None:
        raise InputError(source, Notice("error.eaf_annotation_without_slot", attribute=attribute), place=element_place(annotation))
    if reference not in slots:
        raise InputError(source, Notice("error.eaf_unknown_slot", attribute=attribute, value=reference), place=element_place(annotation))
    return slots[reference]
