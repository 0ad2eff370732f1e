"""Plan a batch: the inputs in order, their sizes, the batch's fingerprint, and the shard of them to take."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike

from analyser.errors import InputError
from analyser.pipeline import written_error
from analyser.read.registry import InputFile, iter_input_files
from analyser.session import AnalysisOptions


@dataclass(frozen=True, slots=True)
class Shard:
    """Part `index` of `count` (1-based) of a batch's inputs: --shard 2/8."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """ "2/8" -> Shard(2, 8); ValueError with a message for the user otherwise."""
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if match is None:
            raise ValueError(f"{text!r} is not i/N (for example 2/8)")
        index, count = int(match[1]), int(match[2])
        if count < 1 or not 1 <= index <= count:
            raise ValueError(f"{text!r}: i must be between 1 and N")
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True, slots=True)
class PlannedInput:
    """One input of the batch: where it sits among all the inputs (shards included), and its size for the progress bar."""

    position: int
    item: InputFile | InputError
    size: int


@dataclass(frozen=True, slots=True)
class BatchPlan:
    """The inputs this run analyses, out of `total_inputs`; `fingerprint` tells the shards of one batch from another's."""

    inputs: tuple[PlannedInput, ...]
    total_inputs: int
    fingerprint: str
    shard: Shard | None = None

    @property
    def total_bytes(self) -> int:
        return sum(planned.size for planned in self.inputs)

    def describe(self) -> dict[str, object]:
        """What JSON Lines output says about the batch, for `rapport merge` to check."""
        return {"inputs": self.total_inputs, "fingerprint": self.fingerprint, "shard": None if self.shard is None else str(self.shard)}


def plan_batch(paths: Iterable[str | PathLike[str]], options: AnalysisOptions, shard: Shard | None = None) -> BatchPlan:
    """List the inputs (paths only: no file is read) and keep the shard's part.

    A shard takes every N-th input of the inputs sorted by path, so that every machine of a
    job array picks the same part whatever order its shell listed a glob in.
    """
    listed = list(iter_input_files(paths))
    names = [item.source if isinstance(item, InputError) else str(item.path) for item in listed]
    # The ordered names and the options: shards of one batch agree on both, and positions depend on the order.
    fingerprint = hashlib.sha256("\n".join([repr(options), *names]).encode("utf-8", "surrogateescape")).hexdigest()
    listed = [written_error(item, options) if isinstance(item, InputError) else item for item in listed]
    chosen = range(len(listed))
    if shard is not None:
        by_name = sorted(range(len(listed)), key=lambda position: (names[position], position))
        chosen = sorted(position for rank, position in enumerate(by_name) if rank % shard.count == shard.index - 1)
    inputs = tuple(PlannedInput(position, listed[position], _size(listed[position])) for position in chosen)
    return BatchPlan(inputs, len(listed), fingerprint, shard)


def _size(item: InputFile | InputError) -> int:
    if isinstance(item, InputError):
        return 0
    try:
        return item.path.stat().st_size
    except OSError:
        return 0  # the worker reading it will report why
