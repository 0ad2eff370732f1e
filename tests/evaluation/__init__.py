"""Tests of analyser.evaluation."""
