"""``timeline tag``: every input kind, every output format, --explain and every bad input.

The command is tested with a small fake tagger (weekday names -> the DCT; "the past week" ->
P1W) so that the expected output is exact whatever the real tagger's coverage; one test runs
the real tagger to check that the command hands it the right text and DCT.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

import timeline.cli.tag as tag_cli
from timeline.cli import app  # the Typer app, even though a command module was imported first
from timeline.temporal import Timex, tag
from timeline.text import split_headers

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = FIXTURES / "tag_docs.jsonl"
ARTICLE = FIXTURES / "tag_article.txt"
HEADED = FIXTURES / "tag_headed.txt"
KEYS = ["start", "end", "text", "type", "value", "interval", "granularity", "rule"]
_WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")


def fake_tag(text: str, dct: date) -> list[Timex]:
    found = [
        Timex(
            m.start(),
            m.end(),
            m.group(),
            "DATE",
            dct.isoformat(),
            (dct, dct),
            "day",
            rule="fake_weekday",
            reason="fake: the DCT",
        )
        for m in _WEEKDAY.finditer(text)
    ]
    for m in re.finditer("the past week", text):
        found.append(
            Timex(
                m.start(),
                m.end(),
                m.group(),
                "DURATION",
                "P1W",
                (dct - timedelta(days=7), dct),
                "week",
                rule="fake_past_week",
                reason="fake: DCT-7d..DCT",
                mod="APPROX",
            )
        )
    return sorted(found, key=lambda t: t.start)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tag_cli, "tag_text", fake_tag)


def run(runner: CliRunner, *args: str, input: str | bytes | None = None):  # noqa: A002
    return runner.invoke(app, ["tag", *args], input=input)


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def assert_one_line_error(result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    err = result.stderr
    assert err.startswith("Error: ") and err.count("\n") == 1, err
    assert "Traceback" not in result.output + err
    for fragment in fragments:
        assert fragment in err, err


# -- inputs and the jsonl format -----------------------------------------------------------------


@pytest.mark.usefixtures("fake")
def test_jsonl_in_jsonl_out(runner: CliRunner) -> None:
    result = run(runner, str(DOCS))
    assert result.exit_code == 0, result.output
    out = lines(result.stdout)
    assert [d["doc_id"] for d in out] == ["d1", "d2", 3]  # ids kept as given, for the scorer
    assert all(list(d) == ["doc_id", "timexes"] for d in out)
    d1 = out[0]["timexes"]
    assert d1 == [
        {
            "start": 18,
            "end": 27,
            "text": "Wednesday",
            "type": "DATE",
            "value": "2019-04-11",
            "interval": ["2019-04-11", "2019-04-11"],
            "granularity": "day",
            "rule": "fake_weekday",
        },
        {
            "start": 51,
            "end": 57,
            "text": "Monday",
            "type": "DATE",
            "value": "2019-04-11",
            "interval": ["2019-04-11", "2019-04-11"],
            "granularity": "day",
            "rule": "fake_weekday",
        },
    ]
    assert out[1]["timexes"] == []
    # a timestamp dct is read as its date
    assert {t["value"] for t in out[2]["timexes"]} == {"2020-01-01", "P1W"}


@pytest.mark.usefixtures("fake")
def test_text_file_with_dct(runner: CliRunner) -> None:
    result = run(runner, str(ARTICLE), "--dct", "2019-04-11")
    assert result.exit_code == 0, result.output
    (doc,) = lines(result.stdout)
    assert doc["doc_id"] == "tag_article.txt"
    text = ARTICLE.read_text(encoding="utf-8")
    assert [(t["text"], text[t["start"] : t["end"]]) for t in doc["timexes"]] == [
        ("Tuesday", "Tuesday"),
        ("Friday", "Friday"),
    ]
    assert all(list(t) == KEYS for t in doc["timexes"])


@pytest.mark.usefixtures("fake")
def test_text_file_published_header_gives_dct_and_body_offsets(runner: CliRunner) -> None:
    result = run(runner, str(HEADED))
    assert result.exit_code == 0, result.output
    (doc,) = lines(result.stdout)
    _, body = split_headers(HEADED.read_text(encoding="utf-8"))
    (timex,) = doc["timexes"]
    assert body[timex["start"] : timex["end"]] == "Wednesday"
    assert timex["value"] == "2019-04-11"


@pytest.mark.usefixtures("fake")
def test_stdin_text(runner: CliRunner) -> None:
    result = run(runner, "-", "--dct", "2019-04-11", input="They met on Sunday.\n")
    assert result.exit_code == 0, result.output
    assert lines(result.stdout) == [
        {
            "doc_id": "stdin",
            "timexes": [
                {
                    "start": 12,
                    "end": 18,
                    "text": "Sunday",
                    "type": "DATE",
                    "value": "2019-04-11",
                    "interval": ["2019-04-11", "2019-04-11"],
                    "granularity": "day",
                    "rule": "fake_weekday",
                }
            ],
        }
    ]


@pytest.mark.usefixtures("fake")
def test_stdin_jsonl_detected_by_content(runner: CliRunner) -> None:
    result = run(runner, "-", input=DOCS.read_bytes())
    assert result.exit_code == 0, result.output
    assert [d["doc_id"] for d in lines(result.stdout)] == ["d1", "d2", 3]


@pytest.mark.usefixtures("fake")
def test_txt_extension_with_jsonl_content_is_jsonl(runner: CliRunner) -> None:
    result = run(runner, str(FIXTURES / "tag_jsonl_content.txt"))
    assert result.exit_code == 0, result.output
    assert [d["doc_id"] for d in lines(result.stdout)] == ["x"]


@pytest.mark.usefixtures("fake")
def test_dct_option_is_the_fallback_for_jsonl_lines(runner: CliRunner) -> None:
    result = run(runner, str(FIXTURES / "tag_no_dct.jsonl"), "--dct", "2019-04-12")
    assert result.exit_code == 0, result.output
    (doc,) = lines(result.stdout)
    assert doc["timexes"][0]["value"] == "2019-04-12"


@pytest.mark.usefixtures("fake")
def test_explain_adds_reason_to_jsonl(runner: CliRunner) -> None:
    result = run(runner, str(DOCS), "--explain")
    assert result.exit_code == 0, result.output
    timexes = lines(result.stdout)[0]["timexes"]
    assert [t["reason"] for t in timexes] == ["fake: the DCT", "fake: the DCT"]
    assert [list(t) for t in timexes] == [[*KEYS, "reason"]] * 2


def test_real_tagger_gets_the_body_and_the_dct(runner: CliRunner) -> None:
    """Wiring check with the real tagger: the command's output is exactly tag(body, dct)."""
    article = Path(__file__).parent.parent / "examples" / "nk_sanctions_2019-04-11.txt"
    result = run(runner, str(article))
    assert result.exit_code == 0, result.output
    (doc,) = lines(result.stdout)
    _, body = split_headers(article.read_text(encoding="utf-8"))
    assert doc["timexes"] == [t.to_dict() for t in tag(body, date(2019, 4, 11))]


# -- timeml ---------------------------------------------------------------------------------


def timeml_documents(output: str) -> list[ET.Element]:
    chunks = [c for c in output.split('<?xml version="1.0" encoding="UTF-8"?>') if c.strip()]
    return [ET.fromstring(chunk) for chunk in chunks]


@pytest.mark.usefixtures("fake")
def test_timeml(runner: CliRunner) -> None:
    result = run(runner, str(DOCS), "--format", "timeml")
    assert result.exit_code == 0, result.output
    docs = timeml_documents(result.stdout)
    assert [d.findtext("DOCID") for d in docs] == ["d1", "d2", "3"]
    originals = [json.loads(line) for line in DOCS.read_text().splitlines() if line.strip()]
    for doc, original in zip(docs, originals, strict=True):
        dct = doc.find("DCT/TIMEX3")
        assert dct is not None
        assert dct.get("functionInDocument") == "CREATION_TIME"
        assert dct.get("value") == original["dct"][:10]
        text = doc.find("TEXT")
        assert text is not None
        assert "".join(text.itertext()) == original["text"]  # escaping round-trips
    tags = docs[0].findall("TEXT/TIMEX3")
    assert [(t.get("tid"), t.get("type"), t.get("value"), t.text) for t in tags] == [
        ("t1", "DATE", "2019-04-11", "Wednesday"),
        ("t2", "DATE", "2019-04-11", "Monday"),
    ]
    assert docs[1].findall("TEXT/TIMEX3") == []
    past_week = docs[2].findall("TEXT/TIMEX3")[1]
    assert (past_week.text, past_week.get("value"), past_week.get("mod")) == (
        "the past week",
        "P1W",
        "APPROX",
    )
    assert "&lt;b&gt; &amp;" in result.stdout
    assert "comment=" not in result.stdout


@pytest.mark.usefixtures("fake")
def test_timeml_explain_adds_a_comment(runner: CliRunner) -> None:
    result = run(runner, str(DOCS), "--format", "timeml", "--explain")
    assert result.exit_code == 0, result.output
    first = timeml_documents(result.stdout)[0].findall("TEXT/TIMEX3")[0]
    assert first.get("comment") == "fake_weekday: fake: the DCT"


def test_timeml_skips_overlaps_and_replaces_xml_invalid_characters(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def overlapping(text: str, dct: date) -> list[Timex]:
        return [Timex(0, 6, text[0:6], "DATE", "2019-04-11"), Timex(3, 9, text[3:9], "DATE", "X")]

    monkeypatch.setattr(tag_cli, "tag_text", overlapping)
    result = run(runner, "-", "--dct", "2019-04-11", "-f", "timeml", input="Monday\x01 talks")
    assert result.exit_code == 0, result.output
    (doc,) = timeml_documents(result.stdout)
    assert [t.text for t in doc.findall("TEXT/TIMEX3")] == ["Monday"]
    assert "".join(doc.find("TEXT").itertext()) == "Monday\ufffd talks"  # type: ignore[union-attr]


# -- table ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("fake")
def test_table(runner: CliRunner) -> None:
    result = run(runner, str(DOCS), "--format", "table")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert all(len(line) <= 80 for line in out.splitlines())
    for word in ("text", "type", "value", "interval", "rule", "Wednesday", "fake_weekday"):
        assert word in out
    assert "2019-12-25 to" in out
    assert "d2 (DCT 2018-06-12): no time expressions" in out
    assert "fake: the DCT" not in out


@pytest.mark.usefixtures("fake")
def test_table_explain(runner: CliRunner) -> None:
    result = run(runner, str(DOCS), "--format", "table", "--explain")
    assert result.exit_code == 0, result.output
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    assert "fake: the DCT" in result.stdout
    assert "rule / why" in result.stdout


# -- bad input: one line on stderr, exit 2, no traceback --------------------------------------


def test_text_without_dct(runner: CliRunner) -> None:
    result = run(runner, str(ARTICLE))
    assert_one_line_error(result, 2, "give --dct: relative dates need the document's date")
    assert result.stdout == ""


def test_stdin_text_without_dct(runner: CliRunner) -> None:
    assert_one_line_error(run(runner, "-", input="They met on Monday."), 2, "give --dct")


@pytest.mark.usefixtures("fake")
def test_broken_jsonl_line_stops_the_run(runner: CliRunner) -> None:
    path = FIXTURES / "tag_broken.jsonl"
    result = run(runner, str(path))
    assert_one_line_error(result, 2, f"{path}:2: invalid JSON")
    assert [d["doc_id"] for d in lines(result.stdout)] == ["ok1"]


def test_missing_key(runner: CliRunner) -> None:
    path = FIXTURES / "tag_missing_key.jsonl"
    assert_one_line_error(run(runner, str(path)), 2, f"{path}:1: missing key text")


def test_missing_dct_in_jsonl_line(runner: CliRunner) -> None:
    path = FIXTURES / "tag_no_dct.jsonl"
    assert_one_line_error(run(runner, str(path)), 2, f"{path}:1: missing key dct")


def test_bad_dct_in_jsonl_line(runner: CliRunner) -> None:
    path = FIXTURES / "tag_bad_dct.jsonl"
    assert_one_line_error(run(runner, str(path)), 2, f"{path}:1: bad dct '2019-13-45'")


def test_bad_dct_option(runner: CliRunner) -> None:
    result = run(runner, str(ARTICLE), "--dct", "2019-13-45")
    assert_one_line_error(result, 2, "2019-13-45")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
        (b"caf\xe9 on Monday", "not UTF-8"),
        (b'{"doc_id": "a", "dct": "2019-04-11", "text": "caf\xe9"}\n', ":1: not UTF-8"),
        (b'{"dct": "2019-04-11"}\n', ":1: missing keys doc_id, text"),
        (b'{"doc_id": true, "dct": "2019-04-11", "text": "x"}\n', "doc_id must be a string"),
        (b'{"doc_id": "a", "dct": "2019-04-11", "text": 5}\n', "text must be a string"),
        (b'{"doc_id": "a"}\n["not", "an", "object"]\n', ":1: missing key text"),
    ],
    ids=["binary", "latin1-text", "latin1-jsonl", "keys", "doc-id-type", "text-type", "stops"],
)
def test_bad_files(runner: CliRunner, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / ("input.jsonl" if content.startswith(b"{") else "input.txt")
    path.write_bytes(content)
    assert_one_line_error(run(runner, str(path), "--dct", "2019-04-11"), 2, message)


@pytest.mark.usefixtures("fake")
def test_duplicate_doc_id(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "dup.jsonl"
    line = '{"doc_id": "a", "dct": "2019-04-11", "text": "x"}\n'
    path.write_text(line * 2, encoding="utf-8")
    result = run(runner, str(path))
    assert_one_line_error(result, 2, f"{path}:2: duplicate doc_id 'a'")
    assert len(lines(result.stdout)) == 1


def test_jsonl_line_that_is_not_an_object(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "list.jsonl"
    path.write_text('["not", "an", "object"]\n', encoding="utf-8")
    assert_one_line_error(run(runner, str(path)), 2, f"{path}:1: expected a JSON object")


def test_no_such_file(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert_one_line_error(run(runner, str(missing), "--dct", "2019-04-11"), 2, "no such file")


def test_directory(runner: CliRunner, tmp_path: Path) -> None:
    assert_one_line_error(run(runner, str(tmp_path), "--dct", "2019-04-11"), 2, "directory")


def test_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tag", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout
    assert "timeline tag" in result.stdout


def test_fiscal_start_sets_the_interval_of_a_fiscal_year(runner: CliRunner) -> None:
    text = "Revenue fell in fiscal 2020.\n"
    args = ["tag", "-", "--dct", "2021-03-01"]
    default = json.loads(runner.invoke(app, args, input=text).stdout)["timexes"][0]
    october = json.loads(runner.invoke(app, [*args, "--fiscal-start", "10"], input=text).stdout)
    shifted = october["timexes"][0]
    assert default["value"] == shifted["value"] == "2020"
    assert default["interval"] == ["2020-01-01", "2020-12-31"]
    assert shifted["interval"] == ["2019-10-01", "2020-09-30"]


@pytest.mark.parametrize("bad", ["0", "13", "oct"])
def test_fiscal_start_out_of_range_is_a_usage_error(runner: CliRunner, bad: str) -> None:
    args = ["tag", "-", "--dct", "2021-03-01", "--fiscal-start", bad]
    result = runner.invoke(app, args, input="x")
    assert result.exit_code == 2
    assert result.output.startswith("Error:") and "--fiscal-start" in result.output


def test_annotation_convention_timeml_tags_vague_minutes(runner: CliRunner) -> None:
    text = "Minutes later the talks resumed.\n"
    args = ["tag", "-", "--dct", "2019-04-11"]
    news = json.loads(runner.invoke(app, args, input=text).stdout)["timexes"]
    timeml = runner.invoke(app, [*args, "--annotation-convention", "timeml"], input=text)
    assert timeml.exit_code == 0, timeml.output
    values = [t["value"] for t in json.loads(timeml.stdout)["timexes"]]
    assert "PTXM" in values and "PTXM" not in [t["value"] for t in news]
