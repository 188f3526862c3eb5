"""Issue 15: the last bad inputs, foreign databases, read-only stores and idempotency by content.

One test (or more) per group of the issue; each failed before its fix.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hardening_helpers import ARTICLE, events, one_error, run
from typer.testing import CliRunner

# -- 1. ids above 2^63-1 -------------------------------------------------------------------------

HUGE = [str(2**63), str(10**30)]


@pytest.fixture
def db(runner: CliRunner, db_path: Path) -> Path:
    result = run(
        runner, db_path, "add", "Talks", "--date", "2019-04-11", "--type", "04",
        "--actor", "Moon Jae-in",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return db_path


@pytest.mark.parametrize("huge", HUGE)
@pytest.mark.parametrize(
    "args", [["show"], ["edit", "--text", "x"], ["delete", "--yes"], ["delete"]]
)
def test_ids_beyond_64_bits_are_unknown_ids(
    runner: CliRunner, db: Path, args: list[str], huge: str
) -> None:
    argv = [args[0], huge, *args[1:]]
    line = one_error(run(runner, db, *argv), 1)
    assert line == f"Error: no event with id {huge}"
    assert len(events(runner, db)) == 1


# -- 2. a pathologically nested JSONL line -------------------------------------------------------


def test_deeply_nested_jsonl_line_is_one_bad_line(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    def good(doc_id: str, day: int) -> str:
        text = f"Chinese President Xi Jinping visited Moscow on Tuesday, June {day}."
        return json.dumps({"id": doc_id, "text": text, "published": f"2019-06-0{day}"})

    feed = tmp_path / "feed.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    feed.write_text("\n".join([good("a", 6), deep, good("b", 7)]) + "\n")
    result = run(runner, db_path, "ingest", str(feed))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("Error:")]
    assert errors == [f"Error: {feed}:2: invalid JSON: nested too deeply"]
    assert "ingested 2 articles" in result.stdout
    with sqlite3.connect(db_path) as c:
        assert c.execute("select count(*) from document").fetchone()[0] == 2


# -- 3. input size limit and bounded memory ------------------------------------------------------


def test_max_bytes_refuses_a_large_article_and_goes_on(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    big.write_text("published: 2019-04-11\n\n" + "Moon met Trump in Washington. " * 100)
    small = tmp_path / "small.txt"
    small.write_text(ARTICLE)
    result = run(runner, db_path, "ingest", str(big), str(small), "--max-bytes", "2000")
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == (
        f"Error: {big}: larger than --max-bytes (2000 bytes); raise --max-bytes to read it"
    )
    assert "ingested 1 article" in result.stdout


def test_max_bytes_applies_to_each_jsonl_line(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.jsonl"
    line = {"id": "x", "text": "Xi Jinping visited Moscow on Tuesday. ", "published": "2019-06-06"}
    long = dict(line, id="long", text=line["text"] * 200)
    rows = [dict(line, id="a"), long, dict(line, id="b", published="2019-06-07")]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run(runner, db_path, "ingest", str(feed), "--max-bytes", "4000")
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == (
        f"Error: {feed}:2: larger than --max-bytes (4000 bytes); raise --max-bytes to read it"
    )
    assert "ingested 2 articles" in result.stdout


def test_max_bytes_on_stdin(runner: CliRunner, db_path: Path) -> None:
    result = run(
        runner, db_path, "ingest", "-", "--published", "2019-04-11", "--max-bytes", "100",
        stdin="Moon met Trump. " * 20,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "<stdin>: larger than --max-bytes (100 bytes)" in result.stderr


@pytest.mark.parametrize("value", ["0", "-1", "lots"])
def test_bad_max_bytes_is_a_usage_error(runner: CliRunner, db_path: Path, value: str) -> None:
    result = run(runner, db_path, "ingest", "-", "--max-bytes", value, stdin="x")
    line = one_error(result, 2)
    assert "--max-bytes" in line
    assert not db_path.exists()


def test_dev_zero_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    # Under a 1 GB address-space limit: reading /dev/zero whole would end in MemoryError.
    code = (
        "import resource, sys; "
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
        "from timeline.cli import main; sys.argv = ['timeline'] + sys.argv[1:]; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "--db", str(tmp_path / "z.db"), "ingest", "/dev/zero",
         "--published", "2019-04-11"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.strip() == (
        "Error: /dev/zero: larger than --max-bytes (5000000 bytes); raise --max-bytes to read it"
    )


# -- 4. CR/LF in export --title (ICS) -------------------------------------------------------------


def test_ics_title_with_newlines(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.ics"
    result = run(runner, db, "export", "-o", str(out), "--title", "Talks\r\nX-INJECTED:1\x07")
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8")
    assert "X-WR-CALNAME:Talks X-INJECTED:1\r\n" in text
    assert "\r\nX-INJECTED" not in text and "\x07" not in text


# -- 9. CAMEO codes not in the table -------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["add", "x", "--cameo", "0420"],
        ["add", "x", "--type", "04", "--cameo", "049"],
        ["edit", "1", "--cameo", "049"],
        ["edit", "1", "--cameo", "0420"],
    ],
)
def test_unknown_cameo_codes_refused(runner: CliRunner, db: Path, args: list[str]) -> None:
    line = one_error(run(runner, db, *args), 2)
    assert "unknown CAMEO code" in line
    [ev] = events(runner, db)
    assert ev["cameo"] is None and ev["summary"] == "Talks"


def test_known_cameo_codes_accepted(runner: CliRunner, db: Path) -> None:
    assert run(runner, db, "edit", "1", "--cameo", "042").exit_code == 0
    assert run(runner, db, "add", "y", "--cameo", "163").exit_code == 0
    assert {e["cameo"] for e in events(runner, db)} == {"042", "163"}


def test_extractor_lexicon_codes_are_all_in_the_table() -> None:
    # Ingest validates extracted codes against the same table: the lexicon must stay inside it.
    import csv
    from importlib import resources

    from timeline import cameo

    known = cameo.codes()
    root = resources.files("timeline.events.lexicon")
    found: set[str] = set()
    for entry in root.iterdir():
        for f in entry.iterdir() if entry.is_dir() else [entry]:
            if not f.name.endswith(".tsv"):
                continue
            lines = [ln for ln in f.read_text("utf-8").splitlines() if not ln.startswith("#")]
            for row in csv.DictReader(lines, delimiter="\t"):
                code = (row.get("cameo") or "").strip()
                if code:
                    found.add(code)
    assert found, "no cameo column found in the lexicon"
    assert sorted(found - set(known)) == []


# -- 10. LIKE wildcards -----------------------------------------------------------------------


@pytest.mark.parametrize("needle", ["%", "_", "\\", "%%", "_%\\"])
def test_actor_search_wildcards_are_literal(runner: CliRunner, db: Path, needle: str) -> None:
    result = run(runner, db, "actors", "--search", needle, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_actor_search_finds_a_literal_percent(runner: CliRunner, db: Path) -> None:
    run(runner, db, "add", "y", "--type", "04", "--actor", "100% Party")
    result = run(runner, db, "actors", "--search", "%", "--format", "json")
    assert [a["name"] for a in json.loads(result.stdout)] == ["100% Party"]


def test_text_search_without_fts_escapes_wildcards(tmp_path: Path) -> None:
    from timeline.store import EventFilter, EventInput, open_store

    with open_store(str(tmp_path / "s.db")) as store:
        store.add_event(EventInput(summary="ab meeting", type="04"))
        store.add_event(EventInput(summary="a_b meeting", type="04"))
        store._has_fts = False  # the LIKE fallback (databases without FTS5)
        found = store.query(EventFilter(search="a_b"))
        assert [e["summary"] for e in found] == ["a_b meeting"]


# -- 11. control characters in terminal tables --------------------------------------------------

NASTY = "Evil\x1b]0;pwned\x07 \x1b[31mred\x1b[0m\x08\x9b"


@pytest.mark.parametrize(
    "args", [["query"], ["actors"], ["show", "2"], ["query", "--format", "table", "-s", "Evil"]]
)
def test_control_characters_never_reach_the_terminal(
    runner: CliRunner, db: Path, args: list[str]
) -> None:
    result = run(
        runner, db, "add", f"Talks {NASTY}", "--type", "04", "--actor", NASTY,
        "--location", NASTY, "--date", "2019-04-11",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = run(runner, db, *args)
    assert out.exit_code == 0, out.output
    assert "Evil" in out.stdout
    bad = [ch for ch in out.stdout if (ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) < 0xA0]
    assert bad == [], repr(out.stdout)
    assert "\\x1b" in out.stdout  # escaped, visible, not silently dropped


def test_control_characters_kept_in_json(runner: CliRunner, db: Path) -> None:
    run(runner, db, "add", f"Talks {NASTY}", "--type", "04")
    [_, ev] = events(runner, db)
    assert ev["summary"] == f"Talks {NASTY}"
