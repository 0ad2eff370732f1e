"""The spaCy pipeline and rapport's components: the cue and marker rulers, and the question typer.

spaCy itself loads when `load_pipeline` runs, never on import.
"""

from __future__ import annotations

from analyser.nlp.pipeline import MODEL_NAME, load_pipeline, model_description, parse, word_count

__all__ = ["MODEL_NAME", "load_pipeline", "model_description", "parse", "word_count"]
