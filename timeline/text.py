"""Loading articles: plain text with header lines, HTML pages, JSONL; one ``Article`` each.

``load_articles(path)`` yields an :class:`~timeline.events.types.Article` per document or a
:class:`LoadError` per bad file or line, so one bad input never stops the rest. Nothing here
fetches anything from the network, and no article is ever dated "today" by default: a
document without a publication date is refused unless the caller gives one.

Formats (``fmt="auto"`` picks by extension, then by sniffing the content):

* text: optional header lines before the first blank line, case-insensitive keys
  ``published:`` (or ``date:``), ``title:``, ``source:``, ``url:``; they are stripped from the
  text, so character offsets are into the article body.
* html: main text and metadata (date, title, URL, site name) through trafilatura, offline.
* jsonl: one ``{"id"?, "text", "published", "source"?, "url"?, "title"?}`` object per line.
"""

from __future__ import annotations

import io
import json
import re
import sys
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from timeline.errors import InputError
from timeline.events.types import Article

FORMATS = ("auto", "text", "html", "jsonl")
STDIN = "-"

_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
#: File types picked up when a directory is given.
DIRECTORY_EXTENSIONS = tuple(sorted(_EXTENSIONS))

_HEADER = re.compile(r"^\s*(published|date|title|source|url)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_HTML_SNIFF = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_SNIFF_BYTES = 8192
#: The largest article (a text/HTML file, or one JSONL line) read by default: 5 MB. Reading
#: stops one byte past the limit, so memory stays bounded whatever the input (even /dev/zero).
DEFAULT_MAX_BYTES = 5_000_000
_SKIP_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class LoadError:
    """One input that could not be loaded: the file, the line (JSONL) and what is wrong."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


def parse_published(value: Any) -> date:
    """A publication date from a header, metadata or ``--published``; InputError naming it.

    Accepts ISO dates and timestamps (``2019-04-11``, ``2019-04-11T08:30:00Z``) and absolute
    dates in common formats ("11 April 2019", "April 11, 2019"). Relative words ("yesterday")
    are refused: they would silently depend on today's date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"not a publication date: {value!r}")
    text = value.strip()
    iso = _ISO_PREFIX.match(text)
    if iso:
        try:
            return date.fromisoformat(iso.group(1))
        except ValueError:
            raise InputError(_bad_date(text)) from None
    if re.search(r"\d", text):  # an absolute date has a number in it: "April 11, 2019"
        import dateparser

        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings={
                "PARSERS": ["absolute-time"],
                "STRICT_PARSING": True,
                "REQUIRE_PARTS": ["day", "month", "year"],
            },
        )
        if parsed is not None:
            return parsed.date()
    raise InputError(_bad_date(text))


def _bad_date(text: str) -> str:
    return f"not a valid publication date (expected YYYY-MM-DD): {text!r}"


def detect_format(path: str, head: bytes) -> str:
    """``text``, ``html`` or ``jsonl`` from the file extension, else from the first bytes."""
    by_ext = _EXTENSIONS.get(Path(path).suffix.lower()) if path != STDIN else None
    if by_ext:
        return by_ext
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except (ValueError, RecursionError):
            pass
    if _HTML_SNIFF.search(stripped[:2048]):
        return "html"
    return "text"


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Check that every path exists; a directory becomes its article files, sorted.

    Raises InputError (a usage error: nothing is loaded) for a missing path or an empty
    directory, so a typo never half-ingests a batch.
    """
    out: list[str] = []
    for raw in paths:
        if raw == STDIN:
            out.append(raw)
            continue
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in DIRECTORY_EXTENSIONS
            )
            if not found:
                raise InputError(
                    f"{raw}: no article files in directory (looked for "
                    f"{', '.join(DIRECTORY_EXTENSIONS)})"
                )
            out.extend(found)
        elif p.exists():
            out.append(raw)
        else:
            raise InputError(f"{raw}: no such file or directory")
    return out


def load_articles(
    path_or_dash: str | Path,
    *,
    fmt: str = "auto",
    published: date | None = None,
    source: str | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | LoadError]:
    """Yield the articles in one file (``-`` = standard input), or a LoadError per bad one.

    ``published`` and ``source`` fill in only when the document carries none of its own
    (a header, HTML metadata or a JSONL field wins). A document with no date at all is refused.
    A missing path raises InputError (checked before anything is read). A text or HTML file
    larger than ``max_bytes``, or a JSONL line longer, is a LoadError; it is never read whole.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown input format {fmt!r}: use {', '.join(FORMATS)}")
    check_max_bytes(max_bytes)
    name = str(path_or_dash)
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        display = "<stdin>"
    else:
        p = Path(name)
        if not p.exists():
            raise InputError(f"{name}: no such file or directory")
        if p.is_dir():
            raise InputError(f"{name}: is a directory")
        try:
            stream = p.open("rb")
        except OSError as exc:
            yield LoadError(name, f"cannot read: {exc.strerror or exc}")
            return
        display = name
    if not hasattr(stream, "peek"):  # e.g. a BytesIO standing in for stdin
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    try:
        head = stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
        kind = fmt if fmt != "auto" else detect_format(name, head)
        if kind == "jsonl":
            yield from _load_jsonl(stream, display, published, source, max_bytes)
            return
        try:
            data = stream.read(max_bytes + 1)
        except OSError as exc:
            yield LoadError(display, f"cannot read: {exc.strerror or exc}")
            return
        if len(data) > max_bytes:
            yield _too_large(display, max_bytes)
            return
    finally:
        if name != STDIN:
            stream.close()
    text = _decode(data, display)
    if isinstance(text, LoadError):
        yield text
        return
    doc_id = "<stdin>" if name == STDIN else Path(name).name
    if kind == "html":
        yield _from_html(text, display, doc_id, published, source)
    else:
        yield _from_text(text, display, doc_id, published, source)


def iter_articles(
    paths: Iterable[str],
    *,
    fmt: str = "auto",
    published: date | None = None,
    source: str | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | LoadError]:
    """``load_articles`` over several paths (directories expanded), in the order given."""
    check_max_bytes(max_bytes)
    for path in expand_paths(paths):
        yield from load_articles(
            path, fmt=fmt, published=published, source=source, stdin=stdin, max_bytes=max_bytes
        )


def check_max_bytes(max_bytes: int) -> int:
    """``max_bytes`` must be a positive number of bytes (InputError otherwise)."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise InputError(f"--max-bytes must be a positive number of bytes, not {max_bytes!r}")
    return max_bytes


def _too_large(display: str, max_bytes: int, line: int | None = None) -> LoadError:
    return LoadError(
        display, f"larger than --max-bytes ({max_bytes} bytes); raise --max-bytes to read it", line
    )


def count_documents(paths: Iterable[str], *, fmt: str = "auto") -> int | None:
    """A cheap upper bound on the documents in ``paths`` (for a progress bar); None = unknown."""
    total = 0
    for path in paths:
        if path == STDIN or not Path(path).is_file():  # a pipe or device: no cheap count
            return None
        kind = fmt
        if kind == "auto":
            with open(path, "rb") as fh:
                kind = detect_format(path, fh.read(_SNIFF_BYTES))
        if kind != "jsonl":
            total += 1
            continue
        with open(path, "rb") as fh:  # newlines counted in chunks: any line length
            newlines = 0
            last = b"\n"
            while chunk := fh.read(_SKIP_CHUNK):
                newlines += chunk.count(b"\n")
                last = chunk[-1:]
            total += newlines + (last != b"\n")
    return total


# -- formats -----------------------------------------------------------------------------------


def _decode(data: bytes, display: str) -> str | LoadError:
    if b"\x00" in data[:_SNIFF_BYTES]:
        return LoadError(display, "not UTF-8 text (binary file?)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return LoadError(display, f"not UTF-8 text (binary file?): bad byte at offset {exc.start}")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse_undated(display: str, line: int | None = None) -> LoadError:
    return LoadError(
        display, "no publication date; give --published DATE or a 'published:' header", line
    )


def split_headers(text: str) -> tuple[dict[str, str], str]:
    """Header lines (``key: value`` before the first blank line) and the body after them.

    Only when every line before the first blank line is a known header: an article that
    happens to start with "Source: ..." prose keeps it.
    """
    head, sep, body = text.partition("\n\n")
    lines = [ln for ln in head.split("\n") if ln.strip()]
    if not sep or not lines:
        return {}, text
    headers: dict[str, str] = {}
    for ln in lines:
        m = _HEADER.match(ln)
        if not m:
            return {}, text
        key = m.group(1).lower()
        headers["published" if key == "date" else key] = m.group(2)
    return headers, body.lstrip("\n")


def _from_text(
    text: str, display: str, doc_id: str, published: date | None, source: str | None
) -> Article | LoadError:
    headers, body = split_headers(text)
    if not body.strip():
        return LoadError(display, "empty article (no text)")
    return _article(
        body, display, doc_id, headers, "'published:' header", published=published, source=source
    )


def _article(
    body: str,
    display: str,
    doc_id: str,
    meta: dict[str, Any],
    date_origin: str,
    *,
    published: date | None,
    source: str | None,
) -> Article | LoadError:
    """The article from its own metadata; ``published``/``source`` only fill in what is missing.

    ``meta`` holds the article's own ``published``/``source``/``url``/``title``; a malformed
    own date is an error naming ``date_origin``; no date at all is refused.
    """
    when: date | None = published
    if meta.get("published"):
        try:
            when = parse_published(meta["published"])
        except InputError as exc:
            return LoadError(display, f"{date_origin}: {exc}")
    if when is None:
        return _refuse_undated(display)
    return Article(
        text=body,
        published=when,
        source=meta.get("source") or source,
        url=meta.get("url") or None,
        title=meta.get("title") or None,
        doc_id=doc_id,
    )


def _from_html(
    html: str, display: str, doc_id: str, published: date | None, source: str | None
) -> Article | LoadError:
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(
                html,
                with_metadata=True,
                include_comments=False,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except Exception as exc:  # trafilatura/lxml on a malformed page
            return LoadError(display, f"cannot parse HTML: {exc}")
    meta: dict[str, Any] = {}
    if doc is not None:
        meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (meta.get("text") or "").strip()
    if not body:
        return LoadError(display, "no article text found in the HTML page")
    # trafilatura separates paragraphs with one newline; a blank line keeps headlines and
    # paragraphs apart for the sentence splitter.
    body = re.sub(r"\n+", "\n\n", body)
    own = {
        "published": meta.get("date"),
        "source": meta.get("sitename"),
        "url": meta.get("url"),
        "title": meta.get("title"),
    }
    return _article(body, display, doc_id, own, "page date", published=published, source=source)


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[bytes, bool]]:
    """The lines of a stream, each read with at most ``max_bytes`` + 1 bytes in memory:
    ``(line, True)``, or ``(first bytes, False)`` for a longer line (the rest is skipped)."""
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw.rstrip(b"\r\n")) <= max_bytes:
            yield raw, True
            continue
        yield raw[:_SNIFF_BYTES], False
        if b"\x00" in raw[:_SNIFF_BYTES]:
            return  # binary data (/dev/zero): the caller reports it and stops
        while raw and not raw.endswith(b"\n"):
            raw = stream.readline(_SKIP_CHUNK)


def _load_jsonl(
    stream: BinaryIO,
    display: str,
    published: date | None,
    source: str | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | LoadError]:
    base = "<stdin>" if display == "<stdin>" else Path(display).name
    for lineno, (raw, whole) in enumerate(_lines(stream, max_bytes), start=1):
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not whole:
            if b"\x00" in raw:
                yield LoadError(display, "not UTF-8 text (binary file?)", lineno)
                return
            yield _too_large(display, max_bytes, lineno)
            continue
        if not raw.strip():
            continue
        if b"\x00" in raw:
            yield LoadError(display, "not UTF-8 text (binary file?)", lineno)
            continue
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            yield LoadError(display, "not UTF-8 text (binary file?)", lineno)
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            msg = getattr(exc, "msg", str(exc))
            col = getattr(exc, "colno", None)
            where = f" at column {col}" if col is not None else ""
            yield LoadError(display, f"invalid JSON: {msg}{where}", lineno)
            continue
        except RecursionError:  # "[[[[..." 100,000 deep: one bad line, not the end of the run
            yield LoadError(display, "invalid JSON: nested too deeply", lineno)
            continue
        yield _from_record(obj, display, lineno, f"{base}:{lineno}", published, source)


def _from_record(
    obj: Any,
    display: str,
    lineno: int,
    default_id: str,
    published: date | None,
    source: str | None,
) -> Article | LoadError:
    if not isinstance(obj, dict):
        return LoadError(display, "expected a JSON object with a \"text\" field", lineno)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return LoadError(display, "missing or empty \"text\" field", lineno)
    when: date | None = published
    if obj.get("published") not in (None, ""):
        try:
            when = parse_published(obj["published"])
        except InputError as exc:
            return LoadError(display, f"\"published\": {exc}", lineno)
    if when is None:
        return LoadError(
            display,
            "no publication date; give --published DATE or a \"published\" field",
            lineno,
        )
    for key in ("id", "source", "url", "title"):
        if obj.get(key) is not None and not isinstance(obj[key], str | int):
            return LoadError(display, f"\"{key}\" must be a string", lineno)
    doc_id = str(obj["id"]) if obj.get("id") not in (None, "") else default_id
    return Article(
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        published=when,
        source=obj.get("source") or source,
        url=obj.get("url") or None,
        title=obj.get("title") or None,
        doc_id=doc_id,
    )
