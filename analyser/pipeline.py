"""Analyse one session: read it, decide its roles, parse it, code it and measure its profile."""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from analyser.coding.session import code_session
from analyser.domain import Transcript
from analyser.errors import InputError, RapportError
from analyser.messages import Notice
from analyser.profile.alliance import session_attunement
from analyser.profile.attunement import style_counts
from analyser.profile.session import measure_profile
from analyser.read.registry import InputFile, read_input
from analyser.read.roles import assign_roles
from analyser.session import DEFAULT_OPTIONS, AnalysisOptions, SessionAnalysis

if TYPE_CHECKING:
    from spacy.language import Language


def analyse_transcript(transcript: Transcript, nlp: Language, *, redact: bool = False, target: str | None = None) -> SessionAnalysis:
    """Parse a transcript whose roles are decided, and measure its profile.

    With `redact`, the analysis comes back pseudonymised (`redact.redact_analysis`); `nlp` must
    then hold the named-entity recogniser (`load_pipeline(entities=True)`). `target` gives the
    behaviour client talk is about (`--target WORDS`); without it, it is inferred from the session.
    """
    from analyser.coding.client_talk import infer_target, target_from_words
    from analyser.nlp.pipeline import parse, word_count
    from analyser.profile.readability import kandel_moles

    docs = list(parse(nlp, (u.analysis_text for u in transcript.utterances)))
    words = [word_count(doc) for doc in docs]
    behaviour = target_from_words(target) if target else infer_target(docs)
    coded = code_session(transcript, docs, words, target=behaviour)
    readability = {
        role: kandel_moles(doc for doc, u in zip(docs, transcript.utterances, strict=True) if u.role == role)
        for role in ("therapist", "client")
    }
    attunement = session_attunement(coded, [style_counts(doc) for doc in docs], seed=transcript.session_id)
    profile = measure_profile(transcript, coded, readability=readability, attunement=attunement, target=behaviour)
    analysis = SessionAnalysis(transcript, coded, profile)
    if redact:
        from analyser.redact.session import redact_analysis

        return redact_analysis(analysis, docs)
    return analysis


def load_session(path: str | PathLike[str] | InputFile, options: AnalysisOptions = DEFAULT_OPTIONS) -> Transcript | None:
    """Read a transcript and decide its speakers' roles; None for a file found in a folder that is not a transcript."""
    item = path if isinstance(path, InputFile) else InputFile(Path(path))
    transcript = read_input(item, input_format=options.input_format, options=options.read_options)
    if transcript is None:
        return None
    return assign_roles(
        transcript,
        therapist_labels=options.therapist_labels,
        client_labels=options.client_labels,
        other_labels=options.other_labels,
    )


def analyse_input(item: InputFile, options: AnalysisOptions = DEFAULT_OPTIONS, *, nlp: Language | None = None) -> SessionAnalysis | InputError | None:
    """Read and analyse one file: its analysis, its `InputError`, or None for a walked file that is not a transcript.

    What a worker process runs for each file. An unexpected failure becomes the file's error, so
    that one file cannot stop a batch of thousands.
    """
    try:
        transcript = load_session(item, options)
        if transcript is None:
            return None  # a labels CSV or another non-transcript file met while walking a folder
        if nlp is None:
            from analyser.nlp.pipeline import load_pipeline

            nlp = load_pipeline(entities=options.redact)
        return analyse_transcript(transcript, nlp, redact=options.redact, target=options.target)
    except InputError as error:
        # A value from here on: drop the traceback and the reader's exception behind it, which may not pickle
        # back from a worker (dask pickles an exception's whole chain).
        error.__context__ = error.__cause__ = None
        return written_error(error.with_traceback(None), options)
    except RapportError:
        raise  # no model, a broken data file: nothing else can be analysed either
    except Exception as exc:  # noqa: BLE001 - reported as this file's error, and the batch goes on
        return written_error(InputError(str(item.path), Notice("error.unexpected", kind=type(exc).__name__, detail=str(exc))), options)


def written_error(error: InputError, options: AnalysisOptions) -> InputError:
    """The error as outputs and messages show it: pseudonymised under --redact."""
    if not options.redact:
        return error
    from analyser.redact.session import redact_error

    return redact_error(error)
