"""Tests of analyser.redact."""
