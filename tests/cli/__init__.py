"""Tests of analyser.cli."""
