"""The `rapport` command: click glue over the library, one module per command family.

Only click loads here; the analysis, spaCy and dask load when a command runs.
"""

from __future__ import annotations

from analyser.cli.main import main

__all__ = ["main"]
