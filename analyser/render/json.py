"""JSON output: {"schema_version": 1, "generator": …, "sessions": […], "errors": […]}, streamed; "corrections": {…} after them with --corrections."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from analyser.errors import InputError
from analyser.session import SessionAnalysis

if TYPE_CHECKING:
    from analyser.corrections import CorrectionRun

SCHEMA_VERSION = 1


def error_to_dict(error: InputError) -> dict[str, Any]:
    return {"source": error.source, "place": error.place, "message": error.message}


def write_json(
    results: Iterable[SessionAnalysis | InputError], stream: TextIO, *, generator: dict[str, str], corrections: CorrectionRun | None = None
) -> None:
    """Write sessions as they come, so that memory does not grow with the batch.

    With `corrections` (the run the results came through), their summary follows the errors.
    """
    errors: list[dict[str, Any]] = []

    def sessions() -> Iterator[dict[str, Any]]:
        for result in results:
            if isinstance(result, InputError):
                errors.append(error_to_dict(result))
            else:
                yield result.to_dict()

    summary = None if corrections is None else (lambda: corrections.summary().to_dict())
    write_json_document(sessions(), errors, stream, generator=generator, corrections=summary)


def write_json_document(
    sessions: Iterable[dict[str, Any]],
    errors: list[dict[str, Any]],
    stream: TextIO,
    *,
    generator: dict[str, Any],
    corrections: Callable[[], dict[str, Any]] | None = None,
) -> None:
    """The JSON document of session dicts; `errors` is read after the last session, so it may fill while they stream.

    `corrections`, when given, is called after the last session too, for the supervisor corrections' summary.

    `rapport merge` writes from the session dicts of JSON Lines shards through here, so its
    output is byte for byte what `rapport analyse --format json` writes.
    """
    stream.write(f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "generator": {_dumps(generator, 2)},\n  "sessions": [')
    first = True
    for session in sessions:
        stream.write(("\n    " if first else ",\n    ") + _dumps(session, 4))
        first = False
    stream.write(("\n  " if not first else "") + "],\n")
    stream.write('  "errors": ' + _dumps(errors, 2))
    if corrections is not None:
        stream.write(',\n  "corrections": ' + _dumps(corrections(), 2))
    stream.write("\n}\n")


def _dumps(value: Any, indent_level: int) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + " " * indent_level)
