"""Build the bundled sample database (top-level ``events.db``) from the articles in ``examples/``.

Deterministic: the same examples and code give the same events (ids, dates, actors,
summaries). The database is built in a temporary file next to the output and renamed over it
only when every article went in, so a failed build never leaves a half-written sample.

Usage: python scripts/build_sample_db.py [--output events.db] [--examples examples]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.ingest import ingest  # noqa: E402
from timeline.store import open_store  # noqa: E402
from timeline.text import iter_articles  # noqa: E402


def build(examples: Path, output: Path) -> str:
    """Build ``output`` from ``examples``; return the ingest summary line."""
    output.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".build-", dir=output.parent))
    try:
        tmp_db = workdir / output.name
        store = open_store(str(tmp_db), create=True)
        try:
            summary = ingest(store, iter_articles([str(examples)]))
        finally:
            store.close()
        if summary.errors:
            raise SystemExit("build failed, sample not replaced:\n" + "\n".join(summary.errors))
        # Compact, one self-contained file (the WAL is checkpointed and removed on close). The
        # file stays in WAL mode, as the store opens it, so reading it never rewrites it.
        conn = sqlite3.connect(tmp_db)
        try:
            conn.execute("VACUUM")
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        leftovers = [p.name for p in workdir.iterdir() if p.name != output.name]
        if leftovers:
            raise SystemExit(f"build failed, unexpected files next to the database: {leftovers}")
        os.replace(tmp_db, output)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return summary.line()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "events.db")
    parser.add_argument("--examples", type=Path, default=ROOT / "examples")
    args = parser.parse_args(argv)
    line = build(args.examples, args.output)
    print(f"{args.output}: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
