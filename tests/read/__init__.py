"""Tests of analyser.read."""
