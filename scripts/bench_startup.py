#!/usr/bin/env python3
"""Benchmark command start-up: each CLI command against ``python -c pass`` in the same run.

Every command is run as a fresh process (as a user types it) ``--repeat`` times, alternating
with the baseline so that machine load affects both alike. Bytecode is cached as in an
installed tool (pip compiles it at install time): the children write and read their ``.pyc``
files under a temporary ``PYTHONPYCACHEPREFIX``, whatever ``PYTHONDONTWRITEBYTECODE`` says in
the calling shell; ``--no-bytecode-cache`` measures every module compiled from source instead.

It prints, per command, the median wall time, the median CPU time (user + system of the
child), and the ratio of each to the baseline's. Also lists which heavy modules each command
imported (``-X importtime``), so a regression names its cause.

Usage::

    .venv/bin/python scripts/bench_startup.py [--repeat 9] [--db events.db] [--json]
        [--no-bytecode-cache]

Targets (issue 8): ``timeline --help`` and ``timeline query`` on the sample under 0.25 s wall,
``timeline tag`` on one sentence under 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SENTENCE = "Kim Jong Un met Donald Trump in Hanoi in February and will visit Seoul on Thursday.\n"
HEAVY = (
    "sqlalchemy",
    "sqlmodel",
    "pydantic",
    "plotly",
    "dateparser",
    "trafilatura",
    "kaleido",
    "pycountry",
)


def _run(argv: list[str], stdin: str | None) -> tuple[float, float]:
    """Wall and CPU seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        argv,
        input=stdin,
        text=True,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _heavy_imports(argv: list[str], stdin: str | None) -> list[str]:
    python, *rest = argv
    if rest[:2] != ["-m", "timeline"]:
        return []
    out = subprocess.run(
        [python, "-X", "importtime", *rest],
        input=stdin,
        text=True,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
    ).stderr
    found = set()
    for line in out.splitlines():
        name = line.rsplit("|", 1)[-1].strip()
        if name in HEAVY:
            found.add(name)
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--db", default=str(REPO / "events.db"), help="a store to query")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="compile every module from source on each run (PYTHONDONTWRITEBYTECODE=1)",
    )
    args = parser.parse_args()

    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = tmp  # a cold rule cache is built once, then reused
        if args.no_bytecode_cache:
            os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
            os.environ["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
        commands: dict[str, tuple[list[str], str | None]] = {
            "python -c pass": ([py, "-c", "pass"], None),
            "timeline --help": ([py, "-m", "timeline", "--help"], None),
            "timeline --version": ([py, "-m", "timeline", "--version"], None),
            "timeline query (sample)": ([py, "-m", "timeline", "--db", args.db, "query"], None),
            "timeline query --actor (sample)": (
                [py, "-m", "timeline", "--db", args.db, "query", "--actor", "Kim Jong Un"],
                None,
            ),
            "timeline tag (1 sentence)": (
                [py, "-m", "timeline", "tag", "-", "--dct", "2019-04-11"],
                SENTENCE,
            ),
            "timeline extract (1 sentence)": (
                [py, "-m", "timeline", "extract", "-", "--published", "2019-04-11"],
                SENTENCE,
            ),
        }
        for argv, stdin in commands.values():  # warm the OS cache and the rule cache
            _run(argv, stdin)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, (argv, stdin) in commands.items():
                wall, cpu = _run(argv, stdin)
                walls[name].append(wall)
                cpus[name].append(cpu)
        heavy = {name: _heavy_imports(argv, stdin) for name, (argv, stdin) in commands.items()}

    base_wall = statistics.median(walls["python -c pass"])
    base_cpu = statistics.median(cpus["python -c pass"])
    rows = []
    for name in commands:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        rows.append(
            {
                "command": name,
                "wall_s": round(wall, 3),
                "cpu_s": round(cpu, 3),
                "wall_ratio": round(wall / base_wall, 1),
                "cpu_ratio": round(cpu / base_cpu, 1),
                "heavy_imports": heavy[name],
            }
        )
    if args.json:
        print(
            json.dumps(
                {
                    "repeat": args.repeat,
                    "load": os.getloadavg()[0],
                    "bytecode_cache": not args.no_bytecode_cache,
                    "rows": rows,
                }
            )
        )
        return 0
    cached = "no bytecode cache" if args.no_bytecode_cache else "bytecode cached"
    print(
        f"start-up, median of {args.repeat} runs, {cached} "
        f"(1-min load average {os.getloadavg()[0]:.1f})"
    )
    print(f"{'command':32} {'wall s':>7} {'x pass':>7} {'cpu s':>7} {'x pass':>7}  heavy imports")
    for r in rows:
        print(
            f"{r['command']:32} {r['wall_s']:7.3f} {r['wall_ratio']:7.1f} {r['cpu_s']:7.3f}"
            f" {r['cpu_ratio']:7.1f}  {', '.join(r['heavy_imports']) or '-'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
