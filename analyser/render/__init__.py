"""Outputs: text, JSON, JSON Lines, CSV, Markdown, explain, check summaries, and html/; one registry per kind.

Renderers load only when used (see `registry`), so that `rapport --help` stays light.
"""

from __future__ import annotations

from analyser.render.registry import CHECK_RENDERERS, RENDERERS, REPORTS, check_renderer, render, report_writer

__all__ = ["CHECK_RENDERERS", "RENDERERS", "REPORTS", "check_renderer", "render", "report_writer"]
