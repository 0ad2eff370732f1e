"""Tests of analyser.render."""
