"""How long a trend over a long series takes once its sessions are analysed: the figures, the text, CSV and JSON, and the HTML page.

Usage: python benchmarks/trend_speed.py [SESSIONS]   (default 200)

The four sessions of tests/data/series/ are analysed once and written as JSON Lines; their records are repeated
to SESSIONS sessions of one series (dupont-s001…), and `rapport trend` reads them back, as a supervisor's weekly run
does. Timed: reading the JSON Lines and building the trend; each output; and the series page of `rapport report`
(build_trends + render_series_page). The target is under 2 s in all.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from analyser.cli.main import main as rapport
from analyser.render.html.series import render_series_page
from analyser.render.merge import session_records
from analyser.render.trend import write_trend_csv, write_trend_json, write_trend_text
from analyser.series import SeriesAssigner, SessionFigures, build_trends

REPO = Path(__file__).resolve().parent.parent
SERIES = REPO / "tests" / "data" / "series"


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 200
    with tempfile.TemporaryDirectory() as folder:
        analysed = Path(folder) / "four.jsonl"
        result = CliRunner().invoke(rapport, ["analyse", str(SERIES), "--format", "jsonl", "-o", str(analysed), "-q"])
        assert result.exit_code == 0, result.output
        lines = analysed.read_text(encoding="utf-8").splitlines()
        header, sessions = lines[0], [json.loads(line) for line in lines[1:-1]]
        long = Path(folder) / "long.jsonl"
        with long.open("w", encoding="utf-8") as stream:
            stream.write(header + "\n")
            for number in range(count):
                record = dict(sessions[number % len(sessions)], session_id=f"dupont-s{number + 1:03d}", source=f"dupont-s{number + 1:03d}.txt", input_index=number)
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            stream.write(json.dumps({"record": "end", "sessions": count, "errors": 0}) + "\n")
        timings = {}
        start = time.perf_counter()
        assigner = SeriesAssigner()
        figures = [SessionFigures.from_record(record, source=str(long), place=place) for place, record in session_records(long)]
        figures = [session.placed(assigner.membership(session.source)) for session in figures]
        trends = build_trends(figures)
        timings["read JSON Lines + trend"] = time.perf_counter() - start
        for name, write in (("text", write_trend_text), ("csv", write_trend_csv)):
            start = time.perf_counter()
            write(trends, io.StringIO())
            timings[name] = time.perf_counter() - start
        start = time.perf_counter()
        write_trend_json(trends, io.StringIO(), generator={})
        timings["json"] = time.perf_counter() - start
        start = time.perf_counter()
        page = render_series_page(build_trends(figures)[0])
        timings["HTML series page"] = time.perf_counter() - start
        start = time.perf_counter()
        result = CliRunner().invoke(rapport, ["trend", str(long), "--format", "json", "-o", str(Path(folder) / "trend.json")])
        timings["rapport trend FILE.jsonl --format json (in process)"] = time.perf_counter() - start
        assert result.exit_code == 0, result.output
    print(f"A series of {len(trends[0].sessions)} sessions, {len(trends[0].figures)} figures each; the series page is {len(page) / 1024:.0f} KiB")
    for name, seconds in timings.items():
        print(f"  {name:<55} {seconds:6.3f} s")
    total = sum(seconds for name, seconds in timings.items() if not name.startswith("rapport"))
    print(f"  {'all of the above but the command':<55} {total:6.3f} s (target: under 2 s)")


if __name__ == "__main__":
    main(sys.argv[1:])
