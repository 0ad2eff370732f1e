"""`rapport check`: the configuration (built-in profiles, rapport.toml) and the thresholds on each session's figures."""

from __future__ import annotations

from analyser.gate.checks import CheckConfig, CheckRun, check_row, load_config

__all__ = ["CheckConfig", "CheckRun", "check_row", "load_config"]
