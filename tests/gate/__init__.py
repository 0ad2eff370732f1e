"""Tests of analyser.gate."""
