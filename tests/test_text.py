"""Loading articles: headers, HTML, JSONL, refusals (library level, no CLI, no store)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from timeline.errors import InputError
from timeline.events.types import Article
from timeline.text import (
    LoadError,
    count_documents,
    detect_format,
    expand_paths,
    iter_articles,
    load_articles,
    parse_published,
    split_headers,
)

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = Path(__file__).parents[1] / "examples" / "nk_sanctions_2019-04-11.txt"


def one(path: str | Path, **kw: object) -> Article | LoadError:
    items = list(load_articles(path, **kw))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def test_text_headers_are_parsed_and_stripped() -> None:
    art = one(FIXTURES / "ingest_article.txt")
    assert isinstance(art, Article)
    assert art.published == date(2019, 4, 11)
    assert art.title == "Moon and Trump meet at the White House"
    assert art.source == "Example Wire"
    assert art.url == "https://example.org/moon-trump"
    assert art.doc_id == "ingest_article.txt"
    assert art.text.startswith("South Korean President Moon Jae-in met")
    assert "Published:" not in art.text and "Source:" not in art.text


def test_sample_article_body_is_the_original_text() -> None:
    """The header lines are stripped, so offsets are into the article as the user wrote it."""
    art = one(SAMPLE)
    assert isinstance(art, Article)
    assert (art.published, art.source) == (date(2019, 4, 11), "Al Jazeera")
    assert art.text.startswith("North Korea must deliver")
    assert art.text[416:424] == "February"  # an offset of the user's own gold annotation


def test_prose_that_looks_like_a_header_is_kept() -> None:
    text = "Source: officials in Seoul said the talks would resume.\nMore text.\n\nBody."
    headers, body = split_headers(text)
    assert headers == {} and body == text


def test_no_blank_line_means_no_headers() -> None:
    assert split_headers("published: 2019-04-11\nText right away.") == (
        {},
        "published: 2019-04-11\nText right away.",
    )


def test_undated_text_is_refused_with_a_clear_message() -> None:
    err = one(FIXTURES / "ingest_undated.txt")
    assert isinstance(err, LoadError)
    assert str(err) == (
        f"{FIXTURES / 'ingest_undated.txt'}: no publication date; "
        "give --published DATE or a 'published:' header"
    )


def test_published_fills_in_only_when_the_article_has_none() -> None:
    art = one(FIXTURES / "ingest_undated.txt", published=date(2019, 5, 1), source="Desk")
    assert isinstance(art, Article)
    assert (art.published, art.source) == (date(2019, 5, 1), "Desk")
    own = one(FIXTURES / "ingest_article.txt", published=date(2000, 1, 1), source="Desk")
    assert isinstance(own, Article)
    assert (own.published, own.source) == (date(2019, 4, 11), "Example Wire")


def test_malformed_header_date_names_the_value(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("published: 2019-13-45\n\nKim met Putin.\n", encoding="utf-8")
    err = one(path)
    assert isinstance(err, LoadError)
    assert "2019-13-45" in str(err) and str(err).startswith(f"{path}: ")


def test_html_page_main_text_and_metadata() -> None:
    art = one(FIXTURES / "ingest_page.html")
    assert isinstance(art, Article)
    assert art.published == date(2019, 4, 11)
    assert art.source == "Example Daily"
    assert art.url == "https://daily.example.org/2019/04/11/moon-trump"
    assert art.title == "Moon and Trump meet in Washington"
    assert "Moon Jae-in met US President Donald Trump in Washington" in art.text
    assert "Home" not in art.text and "Copyright" not in art.text  # boilerplate removed


def test_html_without_a_date_is_refused(tmp_path: Path) -> None:
    page = (FIXTURES / "ingest_page.html").read_text(encoding="utf-8")
    page = page.replace('content="2019-04-11T09:30:00Z"', 'content=""')
    page = page.replace("/2019/04/11/", "/world/")  # a dated URL is a date too
    path = tmp_path / "nodate.html"
    path.write_text(page, encoding="utf-8")
    err = one(path)
    assert isinstance(err, LoadError) and "no publication date" in str(err)
    art = one(path, published=date(2019, 4, 12))
    assert isinstance(art, Article) and art.published == date(2019, 4, 12)


def test_jsonl_bad_line_is_reported_and_the_rest_loads() -> None:
    items = list(load_articles(FIXTURES / "ingest_feed_bad_line.jsonl"))
    assert [type(i).__name__ for i in items] == ["Article", "LoadError", "Article"]
    first, bad, third = items
    assert isinstance(first, Article) and first.doc_id == "wire-1"
    assert first.source == "Wire One" and first.published == date(2019, 6, 6)
    assert isinstance(bad, LoadError) and bad.line == 2
    assert str(bad).startswith(f"{FIXTURES / 'ingest_feed_bad_line.jsonl'}:2: invalid JSON")
    assert isinstance(third, Article) and third.doc_id == "wire-3"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"published": "2019-04-11"}', 'missing or empty "text" field'),
        ('["a list"]', 'expected a JSON object with a "text" field'),
        ('{"text": "Kim met Putin."}', "no publication date"),
        ('{"text": "Kim met Putin.", "published": "soon"}', "'soon'"),
        ('{"text": "Kim met Putin.", "published": "2019-02-30"}', "2019-02-30"),
    ],
)
def test_jsonl_record_errors(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "ok", "published": "2019-04-11"}\n\n' + line + "\n")
    items = list(load_articles(path))
    assert isinstance(items[0], Article) and items[0].doc_id == "feed.jsonl:1"
    err = items[1]
    assert isinstance(err, LoadError) and err.line == 3 and message in err.message


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    err = one(path, published=date(2019, 4, 11))
    assert isinstance(err, LoadError)
    assert str(err) == f"{path}: not UTF-8 text (binary file?)"


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("published: 2019-04-11\n\nLe président a rencontré Kim.\n".encode("latin-1"))
    err = one(path)
    assert isinstance(err, LoadError)
    assert str(err).startswith(f"{path}: not UTF-8 text (binary file?)")


def test_stdin_is_sniffed() -> None:
    text = b"published: 2019-04-11\nsource: Radio\n\nMoon met Trump in Washington on Thursday.\n"
    art = one("-", stdin=io.BytesIO(text))
    assert isinstance(art, Article)
    assert (art.doc_id, art.source, art.published) == ("<stdin>", "Radio", date(2019, 4, 11))
    feed = b'{"text": "Moon met Trump.", "published": "2019-04-11"}\n'
    art = one("-", stdin=io.BytesIO(feed))
    assert isinstance(art, Article) and art.doc_id == "<stdin>:1"


def test_forced_format_overrides_extension(tmp_path: Path) -> None:
    path = tmp_path / "feed.txt"
    path.write_text('{"id": "x", "text": "Moon met Trump.", "published": "2019-04-11"}\n')
    art = one(path, fmt="jsonl")
    assert isinstance(art, Article) and art.doc_id == "x"
    with pytest.raises(InputError, match="unknown input format"):
        list(load_articles(path, fmt="pdf"))


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.jsonl", b"", "jsonl"),
        ("a.HTML", b"", "html"),
        ("a.txt", b"<html>", "text"),  # the extension wins
        ("a.dat", b'  {"text": "x"}\n', "jsonl"),
        ("a.dat", b"<!DOCTYPE html><html>", "html"),
        ("-", b"\xef\xbb\xbf<html lang='en'>", "html"),
        ("a.dat", b"{not json at all", "text"),
        ("a", b"Kim met Putin.", "text"),
    ],
)
def test_detect_format(name: str, head: bytes, expected: str) -> None:
    assert detect_format(name, head) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-04-11", date(2019, 4, 11)),
        ("2019-04-11T23:30:00Z", date(2019, 4, 11)),
        ("2019-04-11 08:00:00+09:00", date(2019, 4, 11)),
        ("11 April 2019", date(2019, 4, 11)),
        ("April 11, 2019", date(2019, 4, 11)),
    ],
)
def test_parse_published(value: str, expected: date) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2019-13-45", "April 2019", "", "tomorrow 2pm"])
def test_parse_published_refuses(value: str) -> None:
    with pytest.raises(InputError, match="publication date"):
        parse_published(value)


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no-such.txt: no such file or directory"):
        expand_paths([str(tmp_path / "no-such.txt")])
    with pytest.raises(InputError, match="no such file"):
        list(load_articles(tmp_path / "no-such.txt"))


def test_directory_expands_to_its_article_files_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("published: 2019-04-11\n\nKim met Putin.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.jsonl").write_text('{"text": "x", "published": "2019-04-11"}\n')
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    files = expand_paths([str(tmp_path)])
    assert files == [str(tmp_path / "b.txt"), str(tmp_path / "sub" / "a.jsonl")]
    assert [type(a).__name__ for a in iter_articles([str(tmp_path)])] == ["Article", "Article"]
    assert count_documents(files) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no article files"):
        expand_paths([str(empty)])


def test_one_reader_for_tag_extract_and_ingest() -> None:
    """Every command reads its input through ``timeline.text`` (open, decode, headers,
    publication date); no CLI module opens or decodes an input of its own."""
    cli = Path(__file__).resolve().parents[1] / "timeline" / "cli"
    for path in cli.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for marker in ('.decode("utf-8', '.open("rb")', "split_headers(", "sys.stdin.buffer"):
            assert marker not in source, f"{path.name} reads input itself ({marker})"
