"""Code a session's utterances: one module per code family (questions, reflections, therapist input, client talk,
alliance), and `session`, which codes every utterance with them and the context of the turns before."""

from __future__ import annotations

from analyser.coding.session import code_session

__all__ = ["code_session"]
