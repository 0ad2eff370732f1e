"""Tests of analyser.nlp."""
