"""Tests of analyser.batch."""
