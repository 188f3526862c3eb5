"""export -o: standard output, regular files only (issue 15 group 12), TSV, ICS UIDs per store."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app


def one_error(result, code: int = 2) -> str:  # type: ignore[no-untyped-def]
    text = result.stdout + result.stderr
    assert result.exit_code == code, text
    lines = [ln for ln in text.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), text
    return lines[0]


@pytest.fixture
def db(runner: CliRunner, db_path: Path) -> Path:
    for args in (
        ["Moon Jae-in meets Donald Trump", "--date", "2019-04-11", "--type", "04",
         "--actor", "Moon Jae-in", "--actor", "Donald Trump"],
        ["Kim says North Korea stands firm", "--date", "2019-04-10", "--cameo", "010",
         "--actor", "Kim Jong Un", "--location", "Pyongyang"],
        ["UN sanctions", "--date", "2019-02", "--cameo", "163", "--actor", "United Nations"],
    ):  # fmt: skip
        result = runner.invoke(app, ["--db", str(db_path), "add", *args, "--ref", "2019-04-11"])
        assert result.exit_code == 0, result.output
    return db_path


def export(runner: CliRunner, db: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), "export", *args])


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "ics", "timelinejs"])
def test_dash_writes_to_stdout(runner: CliRunner, db: Path, tmp_path: Path, fmt: str) -> None:
    os.chdir(tmp_path)
    result = export(runner, db, "-o", "-", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists()
    assert "wrote" not in result.stdout
    if fmt == "json":
        assert len(json.loads(result.stdout)) == 3
    elif fmt == "ics":
        assert result.stdout.startswith("BEGIN:VCALENDAR")
    elif fmt == "timelinejs":
        assert len(json.loads(result.stdout)["events"]) == 3


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["-o", "-"], "give --format"),
        (["-o", "-", "--format", "png"], "text formats"),
        (["-o", ""], "--output is empty"),
        (["-o", "x.timeline.json", "--group-by", "actor"], "TimelineJS groups"),
    ],
)
def test_dash_refusals(runner: CliRunner, db: Path, args: list[str], needle: str) -> None:
    assert needle in one_error(export(runner, db, *args))


def test_symlink_is_written_through(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    target.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = export(runner, db, "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert len(json.loads(target.read_text())) == 3
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # the file's mode is kept


def test_directory_fifo_are_refused(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    directory = tmp_path / "out.json"
    directory.mkdir()
    assert "a directory" in one_error(export(runner, db, "-o", str(directory)))
    assert directory.is_dir()
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert "a fifo" in one_error(export(runner, db, "-o", str(fifo)))
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    link = tmp_path / "to-fifo.csv"
    link.symlink_to(fifo)
    assert "a fifo" in one_error(export(runner, db, "-o", str(link)))
    assert link.is_symlink() and stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_devices_are_never_replaced(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    """A character device like /dev/full (1, 7), made in tmp: the test never touches the
    system's own devices, even when run as root against a broken export."""
    device = tmp_path / "full"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here ({exc}); only root can, and only root "
                    "could replace one")  # fmt: skip
    link = tmp_path / "full-link.json"
    link.symlink_to(device)
    for target in (device, link):
        line = one_error(export(runner, db, "-o", str(target), "--format", "json"))
        assert "a character device" in line and "-o -" in line
        after = os.lstat(device)
        assert stat.S_ISCHR(after.st_mode) and after.st_rdev == os.makedev(1, 7)
    assert link.is_symlink()


def test_tsv_keeps_codes_as_text(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert export(runner, db, "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text()), delimiter="\t"))
    kim = next(r for r in rows if r["summary"].startswith("Kim"))
    assert (kim["type"], kim["cameo"], kim["actor1"], kim["actor1_country"]) == (
        "01", "010", "Kim Jong Un", "North Korea"
    )  # fmt: skip
    assert {r["store_id"] for r in rows} and all(len(r["store_id"]) == 12 for r in rows)


def test_ics_uids_are_unique_across_databases(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    add = ["add", "Talks", "--date", "2019-04-11", "--type", "04"]
    assert runner.invoke(app, ["--db", str(other), *add]).exit_code == 0
    uids = []
    for path in (db, other):
        result = export(runner, path, "-o", "-", "--format", "ics", "--limit", "1", "--sort", "id")
        uids += [ln for ln in result.stdout.splitlines() if ln.startswith("UID:")]
    assert len(uids) == 2 and uids[0] != uids[1]
    assert all(u.startswith("UID:event-1.") for u in uids)
    again = export(runner, db, "-o", "-", "--format", "ics", "--limit", "1", "--sort", "id")
    assert uids[0] in again.stdout  # stable: a re-export updates the calendar


def test_timelinejs_groups_and_warning(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.timeline.json"
    assert export(runner, db, "-o", str(out), "--group-by", "type").exit_code == 0
    groups = {e.get("group") for e in json.loads(out.read_text())["events"]}
    assert groups == {"04 consult", "01 make public statement", "16 reduce relations"}
    from timeline.render.timelinejs import STORY_LIMIT, story_warning

    assert story_warning(STORY_LIMIT) is None
    assert "HTML chart" in (story_warning(STORY_LIMIT + 1) or "")
    # at most a handful of groups: the busiest types keep theirs, the others share one
    from timeline.render import render
    from timeline.render.timelinejs import MAX_GROUPS, OTHER_TYPES

    many = [
        {"id": i, "type": f"{1 + i % 12:02d}", "summary": "x", "start": "2019-01-01"}
        for i in range(40)
    ]
    slides = json.loads(render(many, "timelinejs", group_by="type"))["events"]
    by_group: dict[str, int] = {}
    for e in slides:
        by_group[e["group"]] = by_group.get(e["group"], 0) + 1
    # types 01-04 have 4 events, 05-12 have 3: 01-05 keep a group, 06-12 share one
    assert len(by_group) == MAX_GROUPS == 6 and by_group[OTHER_TYPES] == 7 * 3


def test_timelinejs_story_warning_through_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    """Above STORY_LIMIT dated events the CLI warns (to a file and with -o -), pointing to the
    HTML chart; at the limit it does not; --quiet does not hide a warning."""
    from datetime import date, timedelta

    from timeline.dates import DateInterval
    from timeline.render.timelinejs import STORY_LIMIT
    from timeline.store import EventInput, open_store

    db = tmp_path / "many.db"
    with open_store(str(db)) as store:
        for i in range(STORY_LIMIT + 1):
            day = date(2019, 1, 1) + timedelta(days=i)
            iv = DateInterval(day, day, "day", "", day.isoformat())
            store.add_event(EventInput(f"Talks {i}", "04", interval=iv))
    out = tmp_path / "s.timeline.json"
    for args in (["-o", str(out)], ["-o", "-", "--format", "timelinejs"]):
        result = runner.invoke(app, ["--db", str(db), "-q", "export", *args])
        assert result.exit_code == 0, result.output
        warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("Warning: ")]
        assert len(warnings) == 1 and f"{STORY_LIMIT + 1} events" in warnings[0], result.stderr
        assert "-o timeline.html" in warnings[0]
    result = runner.invoke(
        app, ["--db", str(db), "export", "-o", "-", "-f", "timelinejs", "--limit", str(STORY_LIMIT)]
    )
    assert result.exit_code == 0 and "Warning" not in result.stderr
    assert len(json.loads(result.stdout)["events"]) == STORY_LIMIT
