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
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, cast

from timeline.dates import parse_iso_date, parse_published
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


# -- reading one input: shared by every reader (articles, documents to tag) -----------------


class NotText(ValueError):
    """The bytes are not UTF-8 text; the message says why (without the file name)."""


def open_input(name: str, stdin: BinaryIO | None = None) -> tuple[BinaryIO, str]:
    """The byte stream of a path (``-`` = standard input) and the name to show in messages.

    InputError for a missing path or a directory; OSError when the file cannot be opened.
    """
    if name == STDIN:
        if stdin is not None:
            return stdin, "<stdin>"
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text-only stdin (rare): re-encode what it gives
            stream = io.BytesIO(sys.stdin.read().encode("utf-8", errors="surrogateescape"))
        return stream, "<stdin>"
    p = Path(name)
    if not p.exists():
        raise InputError(f"{name}: no such file or directory")
    if p.is_dir():
        raise InputError(f"{name}: is a directory")
    return p.open("rb"), name


def decode_text(data: bytes, *, scan: int | None = None) -> str:
    """UTF-8 text (a BOM dropped, line endings normalised to ``\\n``); NotText for binary
    data (a NUL byte in the first ``scan`` bytes, or anywhere) or bad UTF-8."""
    if b"\x00" in (data if scan is None else data[:scan]):
        raise NotText("not UTF-8 text (binary file?)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotText(f"not UTF-8 text (binary file?): bad byte at offset {exc.start}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    try:
        stream, display = open_input(name, stdin)
    except OSError as exc:
        yield LoadError(name, f"cannot read: {exc.strerror or exc}")
        return
    if not hasattr(stream, "peek"):  # e.g. a BytesIO standing in for stdin
        stream = io.BufferedReader(cast("io.RawIOBase", stream))
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
    try:
        return decode_text(data, scan=_SNIFF_BYTES)
    except NotText as exc:
        return LoadError(display, str(exc))


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
        return LoadError(display, 'expected a JSON object with a "text" field', lineno)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return LoadError(display, 'missing or empty "text" field', lineno)
    when: date | None = published
    if obj.get("published") not in (None, ""):
        try:
            when = parse_published(obj["published"])
        except InputError as exc:
            return LoadError(display, f'"published": {exc}', lineno)
    if when is None:
        return LoadError(
            display,
            'no publication date; give --published DATE or a "published" field',
            lineno,
        )
    for key in ("id", "source", "url", "title"):
        if obj.get(key) is not None and not isinstance(obj[key], str | int):
            return LoadError(display, f'"{key}" must be a string', lineno)
    doc_id = str(obj["id"]) if obj.get("id") not in (None, "") else default_id
    return Article(
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        published=when,
        source=obj.get("source") or source,
        url=obj.get("url") or None,
        title=obj.get("title") or None,
        doc_id=doc_id,
    )


# -- documents to tag (``timeline tag``) ------------------------------------------------------
#
# The tagger's input: the scorer's JSONL (``{"doc_id", "dct", "text"}`` per line) or one text
# document whose ``published:`` header (read as for articles) or ``--dct`` gives its DCT.
# Unlike ``load_articles``, a bad line stops the run (InputError): a scorer needs every line.

#: The tag reader's messages and the document id of standard input.
STDIN_DOC_ID = "stdin"
NEED_DCT = "give --dct: relative dates need the document's date"


@dataclass(frozen=True, slots=True)
class TagDocument:
    """One document to tag: its id, its creation time (DCT) and its text."""

    doc_id: str | int  # kept as given so that predictions match the gold file's ids
    dct: date
    text: str


def _open_document(path: str) -> tuple[BinaryIO, str]:
    try:
        return open_input(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _decode_document(data: bytes, where: str) -> str:
    try:
        return decode_text(data)
    except NotText as exc:
        raise InputError(f"{where}: {exc}") from None


def _parse_dct(value: Any, where: str) -> date:
    """A document creation time: an ISO date or timestamp, strictly (timeline.dates)."""
    if isinstance(value, str):
        try:
            return parse_iso_date(value, "dct")
        except InputError:
            pass
    raise InputError(f"{where}: bad dct {value!r} (expected YYYY-MM-DD)")


def _jsonl_documents(
    lines: Iterable[bytes], display: str, default_dct: date | None
) -> Iterator[TagDocument]:
    seen: set[str | int] = set()
    for number, raw in enumerate(lines, 1):
        where = f"{display}:{number}"
        if not raw.strip():
            continue
        line = _decode_document(raw, where)
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: invalid JSON ({exc.msg})") from None
        except RecursionError:
            raise InputError(f"{where}: invalid JSON (nested too deeply)") from None
        if not isinstance(record, dict):
            raise InputError(f"{where}: expected a JSON object with doc_id, dct and text")
        missing = [k for k in ("doc_id", "text") if k not in record]
        if "dct" not in record and default_dct is None:
            missing.append("dct")
        if missing:
            keys = ", ".join(missing)
            hint = " (or give --dct)" if missing == ["dct"] else ""
            raise InputError(f"{where}: missing key{'s' if len(missing) > 1 else ''} {keys}{hint}")
        doc_id, text = record["doc_id"], record["text"]
        if not isinstance(doc_id, str | int) or isinstance(doc_id, bool):
            raise InputError(f"{where}: doc_id must be a string")
        if doc_id in seen:
            raise InputError(f"{where}: duplicate doc_id {doc_id!r}")
        seen.add(doc_id)
        if not isinstance(text, str):
            raise InputError(f"{where}: text must be a string")
        if "dct" in record:
            yield TagDocument(doc_id, _parse_dct(record["dct"], where), text)
        elif default_dct is not None:
            yield TagDocument(doc_id, default_dct, text)


def read_tag_documents(path: str, dct: date | None = None) -> Iterator[TagDocument]:
    """The documents in ``path`` ('-' = stdin), read lazily; raise InputError on bad input.

    JSONL lines give their own ``dct``; ``dct`` is the fallback for lines without one. A text
    document may start with header lines (``published: 2019-04-11``, ``source: ...``, a blank
    line; see :func:`split_headers`): they are not tagged, offsets are into the
    body, and a ``published:`` date is its DCT. Without either, a text cannot be tagged.
    """
    stream, display = _open_document(path)
    with stream:
        lines = iter(stream)
        head: list[bytes] = []
        first = b""
        for raw in lines:
            head.append(raw)
            if raw.strip():
                first = raw.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
                break
        everything = chain(head, lines)
        if path.lower().endswith((".jsonl", ".ndjson")) or first.startswith(b"{"):
            yield from _jsonl_documents(everything, display, dct)
            return
        text = _decode_document(b"".join(everything), display)
    headers, body = split_headers(text)
    when = dct
    if headers.get("published"):
        try:
            when = parse_published(headers["published"])
        except InputError as exc:
            raise InputError(f"{display}: 'published:' header: {exc}") from None
    if when is None:
        raise InputError(NEED_DCT)
    doc_id = STDIN_DOC_ID if path == STDIN else Path(path).name
    yield TagDocument(doc_id, when, body)
