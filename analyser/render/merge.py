"""`rapport merge`: combine the JSON Lines outputs of the shards of a batch into what one run would have written.

Each shard file is checked before anything is written: same batch (inputs, options, generator),
every shard 1…N present once, each file complete. Records are merged by `input_index` as they
are read, so memory does not grow with the batch.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from analyser.errors import InputError
from analyser.messages import Notice
from analyser.render.json import SCHEMA_VERSION, write_json_document
from analyser.render.jsonl import JsonLinesWriter

MERGE_FORMATS = ("jsonl", "json")


@dataclass(frozen=True, slots=True)
class ShardFile:
    """A shard's file, with its header read."""

    path: Path
    generator: dict[str, Any]
    batch: dict[str, Any]

    @property
    def part(self) -> tuple[int, int] | None:
        shard = self.batch.get("shard")
        if shard is None:
            return None
        index, _, count = str(shard).partition("/")
        return int(index), int(count)


def merge_shards(paths: Sequence[str], stream: TextIO, *, fmt: str = "jsonl") -> tuple[int, int]:
    """Write the merged batch to `stream`; returns the counts of sessions and errors.

    Raises:
        InputError: a shard file is unreadable, incomplete, from another batch, or a shard is missing or repeated.
    """
    shards = [_read_header(Path(path)) for path in paths]
    _check_same_batch(shards)
    records = heapq.merge(*(_records(shard) for shard in shards), key=lambda record: record["input_index"])
    if fmt == "json":
        errors: list[dict[str, Any]] = []
        counts = [0]

        def sessions() -> Iterator[dict[str, Any]]:
            for record in records:
                kind = record.pop("record")
                del record["input_index"]
                if kind == "error":
                    errors.append(record)
                else:
                    counts[0] += 1
                    yield record

        write_json_document(sessions(), errors, stream, generator=shards[0].generator)
        return counts[0], len(errors)
    writer = JsonLinesWriter(stream)
    writer.header(shards[0].generator, {**shards[0].batch, "shard": None})
    for record in records:
        writer.record(record)
    writer.end()
    return writer.counts["session"], writer.counts["error"]


def session_records(path: str | Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """The session and error records of a complete JSON Lines output of `rapport analyse`, each with its place ("line 3").

    What `rapport trend` reads instead of re-analysing; an error record is an input that could not be read then.

    Raises:
        InputError: as `merge_shards`: the file is unreadable, not rapport's JSON Lines, or incomplete.
    """
    shard = _read_header(Path(path))
    for number, record in enumerate(_records(shard), start=2):  # one record a line, after the header
        yield f"line {number}", record


def _read_header(path: Path) -> ShardFile:
    try:
        with path.open(encoding="utf-8") as stream:
            first = stream.readline()
    except OSError as exc:
        raise InputError(str(path), Notice("error.cannot_read_file", reason=exc.strerror or str(exc))) from None
    except UnicodeDecodeError:
        raise InputError(str(path), Notice("error.merge_not_utf8"), place=Notice("place.line", line=1)) from None
    header = _parse(path, 1, first)
    if header.get("record") != "header" or not isinstance(header.get("batch"), dict):
        raise InputError(str(path), Notice("error.merge_no_header"), place=Notice("place.line", line=1))
    if header.get("schema_version") != SCHEMA_VERSION:
        raise InputError(str(path), Notice("error.merge_schema", found=repr(header.get("schema_version")), reads=SCHEMA_VERSION), place=Notice("place.line", line=1))
    _check_complete(path)
    return ShardFile(path, header.get("generator") or {}, header["batch"])


def _check_complete(path: Path) -> None:
    """Before a byte is written: the file ends with an end record that counts its lines (a run cut short has none).

    Standard output cannot be taken back, so a truncated shard must be found here, not halfway through the merge.
    """
    lines, last = 0, b""
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            lines += chunk.count(b"\n")
            last = (last + chunk)[-4096:]
    tail = last.rstrip(b"\n").rpartition(b"\n")[2]
    try:
        end = json.loads(tail)
    except ValueError:
        end = None
    if not isinstance(end, dict) or end.get("record") != "end":
        raise InputError(str(path), Notice("error.merge_no_end"))
    counts = [end.get("sessions"), end.get("errors")]
    counted = sum(counts) if all(isinstance(count, int) for count in counts) else None
    if counted != lines - 2:
        raise InputError(str(path), Notice("error.merge_end_count", counted=str(counted), held=lines - 2))


def _check_same_batch(shards: Sequence[ShardFile]) -> None:
    first = shards[0]
    for shard in shards[1:]:
        if shard.batch.get("fingerprint") != first.batch.get("fingerprint") or shard.batch.get("inputs") != first.batch.get("inputs"):
            raise InputError(str(shard.path), Notice("error.merge_other_batch", first=str(first.path)))
        if shard.generator != first.generator:
            raise InputError(str(shard.path), Notice("error.merge_other_generator", first=str(first.path)))
    parts = [shard.part for shard in shards]
    if None in parts:
        if len(shards) > 1:
            raise InputError(str(shards[parts.index(None)].path), Notice("error.merge_whole_batch"))
        return
    counts = {count for _, count in parts}
    if len(counts) > 1:
        raise InputError(str(shards[0].path), Notice("error.merge_part_counts", counts=", ".join(map(str, sorted(counts)))))
    count = counts.pop()
    seen: dict[int, Path] = {}
    for shard, (index, _) in zip(shards, parts, strict=True):
        if index in seen:
            raise InputError(str(shard.path), Notice("error.merge_shard_twice", shard=f"{index}/{count}", other=str(seen[index])))
        seen[index] = shard.path
    missing = [f"{index}/{count}" for index in range(1, count + 1) if index not in seen]
    if missing:
        raise InputError(str(first.path), Notice("error.merge_missing", missing=", ".join(missing)))


def _records(shard: ShardFile) -> Iterator[dict[str, Any]]:
    """The shard's session and error records, in order; an error if the file stops before its end record."""
    previous, counts = -1, {"session": 0, "error": 0}
    try:
        with shard.path.open(encoding="utf-8") as stream:
            next(stream)  # the header, already read
            for number, line in enumerate(stream, start=2):
                record = _parse(shard.path, number, line)
                kind = record.get("record")
                if kind == "end":
                    if (record.get("sessions"), record.get("errors")) != (counts["session"], counts["error"]):
                        raise InputError(str(shard.path), Notice("error.merge_end_miscounts"), place=Notice("place.line", line=number))
                    return
                index = record.get("input_index")
                if kind not in counts or not isinstance(index, int) or index <= previous:
                    raise InputError(str(shard.path), Notice("error.merge_out_of_order"), place=Notice("place.line", line=number))
                previous = index
                counts[kind] += 1
                yield record
    except UnicodeDecodeError:
        raise InputError(str(shard.path), Notice("error.merge_not_utf8")) from None
    except OSError as exc:
        raise InputError(str(shard.path), Notice("error.cannot_read_file", reason=exc.strerror or str(exc))) from None
    raise InputError(str(shard.path), Notice("error.merge_no_end"))


def _parse(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except ValueError:
        raise InputError(str(path), Notice("error.merge_not_json"), place=Notice("place.line", line=number)) from None
    if not isinstance(record, dict):
        raise InputError(str(path), Notice("error.merge_not_an_object"), place=Notice("place.line", line=number))
    return record
