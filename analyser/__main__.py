"""`python -m analyser` runs the `rapport` command."""

from __future__ import annotations

from analyser.cli.main import main

if __name__ == "__main__":
    main(prog_name="rapport")
