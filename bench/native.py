"""The native core's figures in one command: `.venv/bin/python bench/native.py`.

Prints a Markdown report (and writes bench/out/native.md):

1. Detection throughput, one process, one core: the Python reference
   (``Scanner(native=False)``) against the native core, ``--no-model`` and default, on the
   synthetic dense records (seed 20261206, the project's own corpus) and on news text
   (CLUENER2020 sentences); ripgrep over the same texts with five patterns as the ceiling.
2. ``boxguard scan --jobs N`` (the CLI, a child process each): one large JSONL file, one
   large text file and a folder of 8 files, ``--jobs 1`` against ``--jobs 2``, each
   ``BOXGUARD_BENCH_REPEATS`` (3) times with the load average: wall time, CPU seconds and
   peak RSS; the large JSONL file and the folder at 1× and 4× (memory flat in input size,
   and how a fixed start-up weighs less on a larger input); and two
   ``--jobs 1`` runs started at once, the machine's own ceiling for two processes.
   ``BOXGUARD_BENCH_ONLY=jobs`` runs this part alone (``BOXGUARD_BENCH_ONLY=throughput``:
   part 1 alone).
3. Start-up: ``boxguard scan`` of a one-line file and of one line on standard input, median
   wall and CPU (user + system) seconds of 21 runs each (``BOXGUARD_BENCH_STARTUP_RUNS``),
   after one run that fills the caches, with Python's bytecode caches on as in an install
   (``PYTHONDONTWRITEBYTECODE`` is dropped for the children); CPU time is the steadier
   figure on a shared machine.
   ``BOXGUARD_BENCH_ONLY=startup`` runs this part alone.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "boxguard"
CLUENER = Path(
    os.environ.get("BOXGUARD_CLUENER", ROOT.parent / "shared/data/cluener2020/train.jsonl")
)
SEED = 20261206
DOCS = int(os.environ.get("BOXGUARD_BENCH_DOCS", "3000"))
SECONDS = float(os.environ.get("BOXGUARD_BENCH_SECONDS", "6"))
STARTUP_RUNS = int(os.environ.get("BOXGUARD_BENCH_STARTUP_RUNS", "21"))
#: the ceiling's patterns (the issue's five-pattern yardstick)
RG_PATTERNS = [r"1[3-9]\d{9}", r"\d{17}[\dXx]", r"[\w.+-]+@[\w-]+\.[\w.]+", r"\d{16,19}",
               r"\d{1,3}(?:\.\d{1,3}){3}"]  # fmt: skip


def best_pass(fn, min_seconds: float = SECONDS) -> float:  # type: ignore[no-untyped-def]
    """The fastest of repeated passes of ``fn`` over at least ``min_seconds`` (≥ 2 passes)."""
    best, spent, n = float("inf"), 0.0, 0
    while n < 2 or spent < min_seconds:
        t0 = time.perf_counter()
        fn()
        took = time.perf_counter() - t0
        best, spent, n = min(best, took), spent + took, n + 1
    return best


def throughput(texts: list[str], label: str) -> list[str]:
    from boxguard import Scanner, services

    mb = sum(len(t.encode()) for t in texts) / 1e6
    rows = []
    rates: dict[str, float] = {}
    for model in (False, True):
        models = services.default_models() if model else ()
        for native in (False, True):
            s = Scanner(models=models, native=native)
            s.scan_many(texts[:200])  # warm-up
            secs = best_pass(lambda s=s: s.scan_many(texts))
            name = ("default" if model else "--no-model") + (
                " native" if native else " Python reference"
            )
            rates[name] = mb / secs
    for name, rate in rates.items():
        base = rates[name.split(" ")[0] + " Python reference"]
        rows.append(f"| {label} | {name} | {rate:.2f} | {rate / base:.2f}× |")
    # the bench extra's ripgrep (PyPI's wheel) beside this Python, else the system's
    rg = shutil.which("rg", path=os.path.dirname(sys.executable)) or shutil.which("rg")
    if rg:
        block = "\n".join(texts) + "\n"
        reps = max(1, 50_000_000 // len(block.encode()))  # ~50 MB: the process start is noise
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
            fh.write(block * reps)
        args = [rg, "-c", "--no-filename", *(a for p in RG_PATTERNS for a in ("-e", p)), fh.name]
        secs = best_pass(lambda: subprocess.run(args, capture_output=True, check=False), 2)
        rows.append(f"| {label} | ripgrep, 5 patterns (ceiling) | {mb * reps / secs:.1f} | |")
        os.unlink(fh.name)
    return rows


#: The children's environment: Python writes and reads its bytecode caches, as in a user's
#: install (pip compiles them); a shell with PYTHONDONTWRITEBYTECODE would compile every
#: changed module at every start.
_INSTALLED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(args: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, the workers' too) and peak RSS (MB, of the
    largest process) of a child command."""
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", *args],
        capture_output=True,
        text=True,
        check=False,
        env=_INSTALLED,
    )
    if out.returncode not in (0, 1):
        raise SystemExit(f"{args[:3]} failed: {out.stderr[-500:]}")
    wall, user, system, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) // 1024


#: Runs of each ``--jobs`` figure (the machine may be shared: each run's load is shown).
REPEATS = int(os.environ.get("BOXGUARD_BENCH_REPEATS", "3"))


def scaling(work: Path, texts: list[str]) -> list[str]:
    big = work / "big.jsonl"
    lines = [json.dumps({"text": t}, ensure_ascii=False) for t in texts]
    reps = max(1, 8_000_000 // sum(map(len, lines)))
    big.write_text("\n".join(lines * reps) + "\n", "utf-8")
    big4 = work / "big4.jsonl"
    big4.write_text(big.read_text("utf-8") * 4, "utf-8")
    text = work / "big.txt"
    text.write_text("\n".join(texts * reps) + "\n", "utf-8")
    folder, folder4 = work / "files", work / "files4"
    folder.mkdir()
    folder4.mkdir()
    for i in range(8):
        part = "\n".join(lines[i::8] * reps) + "\n"
        (folder / f"part{i}.jsonl").write_text(part, "utf-8")
        (folder4 / f"part{i}.jsonl").write_text(part * 4, "utf-8")
    rows = []
    inputs = (
        ("one large JSONL file", big),
        ("one large text file", text),
        ("8 files", folder),
        ("one JSONL file, 4×", big4),
        ("8 files, 4×", folder4),
    )
    for label, target in inputs:
        mb = sum(p.stat().st_size for p in ([target] if target.is_file() else target.iterdir()))
        for run in range(REPEATS):
            got = {}

            def command(jobs: int, out: str, target: Path = target) -> list[str]:
                cmd = [str(BIN), "scan", "--no-model", "-f", "jsonl", "--jobs", str(jobs)]
                return [*cmd, str(target), "-o", str(work / out)]

            for jobs in (1, 2):
                load = os.getloadavg()[0]
                got[jobs] = (load, *timed(command(jobs, f"out{jobs}.jsonl")))
            same = (work / "out1.jsonl").read_bytes() == (work / "out2.jsonl").read_bytes()
            (l1, w1, c1, r1), (l2, w2, c2, r2) = got[1], got[2]
            # the machine's own ceiling: two --jobs 1 runs at once
            pair = together([command(1, "pair1.jsonl"), command(1, "pair2.jsonl")])
            rows.append(
                f"| {label} | {mb / 1e6:.1f} | {run + 1} | {l1:.1f} / {l2:.1f} | {w1:.1f} "
                f"| {w2:.1f} | {w1 / w2:.2f}× | {pair:.1f} | {2 * w1 / pair:.2f}× "
                f"| {c1:.1f} / {c2:.1f} | {c1 / w2 / 2:.0%} "
                f"| {r1} / {r2} | {'yes' if same else 'NO'} |"
            )
    return rows


def together(commands: list[list[str]]) -> float:
    """Wall seconds until every one of ``commands``, started at once, has ended."""
    t0 = time.perf_counter()
    children = [
        subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_INSTALLED)
        for c in commands
    ]
    if any(c.wait() not in (0, 1) for c in children):
        raise SystemExit(f"{commands[0][:3]} failed")
    return time.perf_counter() - t0


def run_once(args: list[str], stdin: bytes) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one child run fed ``stdin``."""
    t0 = time.perf_counter()
    child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=_INSTALLED)
    assert child.stdin is not None
    child.stdin.write(stdin)
    child.stdin.close()
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{args[:3]} failed")
    return time.perf_counter() - t0, usage.ru_utime + usage.ru_stime


def startup(work: Path) -> list[str]:
    one = work / "one.txt"
    line = "我的手机13812345678\n"
    one.write_text(line, "utf-8")
    rows = []
    for flags in (["--no-model"], []):
        for target, shown in ((str(one), "one.txt"), ("-", "- (one line on stdin)")):
            args = [str(BIN), "scan", *flags, "-f", "jsonl", target]
            run_once(args, line.encode())  # writes the prefilter's and Python's caches
            runs = [run_once(args, line.encode()) for _ in range(STARTUP_RUNS)]
            wall = statistics.median(w for w, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            command = " ".join(["boxguard scan", *flags, shown])
            rows.append(f"| `{command}` | {wall:.3f} | {cpu:.3f} |")
    return rows


def main() -> int:
    from boxguard.synth.corpus import corpus

    only = os.environ.get("BOXGUARD_BENCH_ONLY")  # jobs, startup or throughput: that part
    synth = [] if only == "startup" else [d.text for d in corpus(DOCS, SEED)]
    news = []
    if CLUENER.exists() and only in (None, "throughput"):
        news = [json.loads(x)["text"] for x in CLUENER.read_text("utf-8").splitlines()[:3000]]
    work = Path(tempfile.mkdtemp(prefix="boxguard-native-"))
    rows = throughput(synth, "synthetic records") if only in (None, "throughput") else []
    rows += throughput(news, "news") if news else []
    scale = scaling(work, synth) if only in (None, "jobs") else []
    start = startup(work) if only in (None, "startup") else []
    load = os.getloadavg()
    md = "\n".join(
        [
            f"Command: `.venv/bin/python bench/native.py`. Machine: {platform.machine()}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}; load average at the "
            f"end {load[0]:.2f} / {load[1]:.2f}. Synthetic: {DOCS} documents, seed {SEED} (the "
            "project's own corpus); news: CLUENER2020's first 3,000 sentences.",
            "",
            "| corpus | system (one process) | MB/s | × Python reference |",
            "|---|---|---|---|",
            *rows,
            "",
            "`boxguard scan --no-model -f jsonl --jobs N` (the CLI; load average at the start "
            "of each run; wall seconds; the machine's ceiling: two `--jobs 1` runs started at "
            "once, their wall seconds and 2 × --jobs 1's wall over them; CPU seconds, workers "
            "included; efficiency: --jobs 1's CPU over 2 × --jobs 2's wall; peak RSS of the "
            "largest process in MB; output identical):",
            "",
            "| input | MB | run | load (1 / 2) | --jobs 1 s | --jobs 2 s | scaling "
            "| two --jobs 1 at once s | ceiling | CPU s (1 / 2) | efficiency "
            "| peak RSS MB (1 / 2) | same output |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
            *scale,
            "",
            f"| start-up (one-line input, median of {STARTUP_RUNS}) | wall s | CPU s |",
            "|---|---|---|",
            *start,
            "",
        ]
    )
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "native.md").write_text(md, "utf-8")
    print(md)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
