"""JSON Lines output: one record per line, each written as soon as its session is analysed.

    {"record": "header", "schema_version": 1, "generator": {…}, "batch": {"inputs": N, "fingerprint": …, "shard": "i/N" | null}}
    {"record": "session", "input_index": k, …the session, as in JSON output…}
    {"record": "error", "input_index": k, "source": …, "place": …, "message": …}
    {"record": "end", "sessions": S, "errors": E}

`input_index` is the file's place among all the batch's inputs, shards included: `rapport merge`
orders shards by it. The end record tells a complete file from one cut short.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from analyser.errors import InputError
from analyser.render.json import SCHEMA_VERSION, error_to_dict
from analyser.session import SessionAnalysis


def write_jsonl(
    results: Iterable[SessionAnalysis | InputError], stream: TextIO, *, generator: dict[str, str], batch: dict[str, Any] | None = None
) -> None:
    """Write the header, a line per session or error as it comes, then the end record."""
    writer = JsonLinesWriter(stream)
    writer.header(generator, batch)
    for result in results:
        if isinstance(result, InputError):
            writer.record({"record": "error", "input_index": result.input_index, **error_to_dict(result)})
        else:
            writer.record({"record": "session", "input_index": result.input_index, **result.to_dict()})
    writer.end()


class JsonLinesWriter:
    """Writes records one per line, flushed so that a reader at the other end of a pipe gets each session at once."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.counts = {"session": 0, "error": 0}

    def header(self, generator: dict[str, Any], batch: dict[str, Any] | None) -> None:
        self._line({"record": "header", "schema_version": SCHEMA_VERSION, "generator": generator, "batch": batch})

    def record(self, record: dict[str, Any]) -> None:
        self.counts[record["record"]] += 1
        self._line(record)

    def end(self) -> None:
        self._line({"record": "end", "sessions": self.counts["session"], "errors": self.counts["error"]})

    def _line(self, record: dict[str, Any]) -> None:
        self.stream.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.stream.flush()
