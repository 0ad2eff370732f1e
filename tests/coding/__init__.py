"""Tests of analyser.coding."""
