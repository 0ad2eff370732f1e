"""rapport test suite."""
