"""The learned coder through the CLI and the store: --coder, --explain, --min-confidence,
bad model files, the m004 columns and the faded chart marks."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app
from timeline.coder.model import MODEL_ENV
from timeline.render.chart import build_figure
from timeline.render.model import prepare

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = str(FIXTURES / "coder_article.txt")


def _events(output: str) -> list[dict]:
    [doc] = [json.loads(ln) for ln in output.splitlines()]
    return doc["events"]


def test_extract_both_adds_what_the_rules_miss(runner: CliRunner, db_path: Path) -> None:
    result = runner.invoke(
        app, ["--db", str(db_path), "extract", ARTICLE, "--coder", "both", "-f", "jsonl",
              "--explain"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    events = _events(result.stdout)
    penalties = [e for e in events if "Russia" in {a["name"] for a in e["actors"]}]
    assert len(penalties) == 1, events
    ev = penalties[0]
    assert ev["plover"] == "COERCE" and ev["coder"] == "model"
    assert "coder.model_only" in ev["rules"]
    assert 0.5 <= ev["coder_probability"] <= 1.0 and ev["confidence"] <= ev["coder_probability"]
    assert {(a["name"], a["role"]) for a in ev["actors"]} == {
        ("European Union", "source"),
        ("Russia", "target"),
    }
    assert (ev["start"], ev["granularity"]) == ("2019-04-08", "day")  # "on Monday", past
    hanoi = [e for e in events if e["type"] == "04"]
    assert len(hanoi) == 1 and hanoi[0]["coder"] == "rules+model"
    assert "coder.agree" in hanoi[0]["rules"]
    assert len(events) == 2  # the French sentence is no event


def test_extract_rules_is_the_default_and_has_no_probability(
    runner: CliRunner, db_path: Path
) -> None:
    result = runner.invoke(app, ["--db", str(db_path), "extract", ARTICLE, "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    events = _events(result.stdout)
    assert [e["type"] for e in events] == ["04"]  # the rules miss "slapped fresh penalties"
    assert events[0]["coder"] == "rules" and events[0]["coder_probability"] is None
    assert "rules" not in events[0]  # only with --explain


def test_extract_explain_table_names_the_coder(runner: CliRunner, db_path: Path) -> None:
    result = runner.invoke(
        app, ["--db", str(db_path), "extract", ARTICLE, "--coder", "model", "--explain"]
    )
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.split())
    assert "coder: model (p=" in flat and "coder.model_only" in flat


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_unknown_coder_is_a_usage_error(runner: CliRunner, db_path: Path, command: str) -> None:
    result = runner.invoke(app, ["--db", str(db_path), command, ARTICLE, "--coder", "bert"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:") and "--coder" in result.stderr
    assert not db_path.exists()


@pytest.mark.parametrize("content", [None, b"garbage", gzip.compress(b'{"classes": 3}')])
@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_missing_or_corrupt_model_is_one_error_and_nothing_stored(
    runner: CliRunner,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes | None,
    command: str,
) -> None:
    model = tmp_path / "coder_model.json.gz"
    if content is not None:
        model.write_bytes(content)
    monkeypatch.setenv(MODEL_ENV, str(model))
    result = runner.invoke(app, ["--db", str(db_path), command, ARTICLE, "--coder", "both"])
    assert result.exit_code == 1
    err = result.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Error:")
    assert str(model) in err[0] and "reinstall" in err[0]
    assert "Traceback" not in result.output
    assert not db_path.exists()  # nothing stored, not even an empty database


def test_ingest_records_the_coder_and_query_filters_on_confidence(
    runner: CliRunner, db_path: Path
) -> None:
    db = ["--db", str(db_path)]
    result = runner.invoke(app, [*db, "ingest", ARTICLE, "--coder", "both"])
    assert result.exit_code == 0, result.output
    rows = json.loads(runner.invoke(app, [*db, "query", "-f", "json"]).stdout)
    assert {(e["plover"], e["coder"]) for e in rows} == {
        ("COERCE", "model"),
        ("CONSULT", "rules+model"),
    }
    assert all(0.0 < e["coder_probability"] <= 1.0 for e in rows)
    low = min(e["confidence"] for e in rows)
    high = max(e["confidence"] for e in rows)
    assert low < high
    kept = json.loads(
        runner.invoke(app, [*db, "query", "-f", "json", "--min-confidence", str(high)]).stdout
    )
    assert [e["confidence"] for e in kept] == [high]
    with sqlite3.connect(db_path) as c:
        stored = sorted(r[0] for r in c.execute("SELECT coder FROM event"))
    assert stored == ["model", "rules+model"]
    model_id = next(e["id"] for e in rows if e["coder"] == "model")
    shown = runner.invoke(app, [*db, "show", str(model_id)])
    assert shown.exit_code == 0, shown.output
    assert "typed by model (p=" in " ".join(shown.stdout.split())


@pytest.mark.parametrize("value", ["abc", "1.5", "-0.1"])
def test_bad_min_confidence_is_a_usage_error(runner: CliRunner, db_path: Path, value: str) -> None:
    runner.invoke(app, ["--db", str(db_path), "ingest", ARTICLE])
    result = runner.invoke(app, ["--db", str(db_path), "query", "--min-confidence", value])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:") and "--min-confidence" in result.stderr


def test_chart_fades_low_confidence_events() -> None:
    base = {"type": "04", "start": "2019-04-11", "end": "2019-04-11", "granularity": "day",
            "summary": "A meets B", "actors": [{"name": "A", "role": "participant"}]}  # fmt: skip
    views = prepare([{**base, "id": 1, "confidence": 0.9}, {**base, "id": 2, "confidence": 0.2}])
    fig, _info = build_figure(views)
    points = [t for t in fig["data"] if t["meta"]["kind"] == "point"]
    assert sorted(t["meta"]["faded"] for t in points) == [False, True]
    faded = next(t for t in points if t["meta"]["faded"])
    solid = next(t for t in points if not t["meta"]["faded"])
    assert faded["marker"]["color"] == "rgba(0,136,86,0.35)"  # type 04's colour, faded
    assert solid["marker"]["color"].startswith("#")
    assert solid["showlegend"] and not faded["showlegend"]  # one legend entry per type
    assert "confidence: 0.20" in faded["hovertext"][0]


def test_old_database_gets_the_coder_columns(tmp_path: Path, runner: CliRunner) -> None:
    import shutil

    path = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "store_v1.db", path)
    result = runner.invoke(app, ["--db", str(path), "query", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(e["coder"] is None and e["coder_probability"] is None for e in rows)
    with sqlite3.connect(path) as c:
        cols = {r[1] for r in c.execute("PRAGMA table_info(event)")}
    assert {"coder", "coder_probability"} <= cols
