"""rapport: language markers of the therapeutic alliance in French session transcripts."""

from __future__ import annotations

__version__ = "0.1.0"
