"""Tests of analyser.profile."""
