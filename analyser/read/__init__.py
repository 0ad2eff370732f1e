"""Read transcripts: the reader registry, format detection and the folder walk; one module per format, and roles.

The public API is the registry's; the format modules load only when a file of their format is read.
"""

from __future__ import annotations

from analyser.read._encoding import read_utf8_file
from analyser.read.registry import FORMATS, InputFile, InputFormat, ReadOptions, detect_format, iter_input_files, read_input, read_transcript

__all__ = ["FORMATS", "InputFile", "InputFormat", "ReadOptions", "detect_format", "iter_input_files", "read_input", "read_transcript", "read_utf8_file"]
