"""The exceptions rapport raises: one tree, each naming the file and the place."""

from __future__ import annotations


class RapportError(Exception):
    """Base class of every error rapport reports to its user."""


class InputError(RapportError):
    """A transcript could not be read: names the file and the place (line, cue, element)."""

    def __init__(self, source: str, message: str, *, place: str | None = None) -> None:
        self.source = source
        self.place = place
        self.message = message
        # Where the file sits among a batch's inputs (set by the batch; JSON Lines and `rapport merge` order by it).
        self.input_index: int | None = None
        super().__init__(str(self))

    def __reduce__(self) -> tuple[object, ...]:
        # Errors travel back from worker processes; the default pickling would call __init__ with the message only.
        return (_rebuilt_input_error, (type(self), self.source, self.message, self.place, self.input_index))

    def __str__(self) -> str:
        where = f"{self.source}: {self.place}" if self.place else self.source
        return f"{where}: {self.message}"


def _rebuilt_input_error(kind: type[InputError], source: str, message: str, place: str | None, input_index: int | None) -> InputError:
    error = kind(source, message, place=place)
    error.input_index = input_index
    return error


class ModelMissingError(RapportError):
    """The spaCy French model is not installed."""


class DataFileError(RapportError):
    """A data file under models/ is missing or malformed."""


class NotATranscriptError(InputError):
    """The file is well formed but is another kind of file (a labels CSV, a JSON that is not Whisper output).

    Named on the command line it is an error; found while walking a folder it is passed over.
    """


class ConfigError(RapportError):
    """A configuration file (rapport.toml) is unusable: names the file and the key."""
