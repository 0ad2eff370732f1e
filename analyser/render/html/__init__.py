"""The HTML report: an index of the sessions and a page per session, self-contained (no script, nothing fetched)."""
