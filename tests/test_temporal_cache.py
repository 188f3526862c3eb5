"""The compiled-rule cache (``temporal/rules.py``: ``load_ruleset``).

The cache holds what building the rules computes (expanded patterns, first-word index, word
lists) as JSON, keyed by the resource files, the building code and the package version. Any
defect of the cache means "build again", silently; a cache never changes a result.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

import timeline
from timeline.temporal import rules as rules_module
from timeline.temporal.rules import RESOURCE_FILES, cache_dir, load_ruleset, to_data

TEXT = (
    "The talks, which open Tuesday, were announced yesterday; the 2004-05 season ended "
    "three weeks ago and the third quarter of 1998 was weak."
)
DCT = date(2019, 4, 11)


def tagged(ruleset: rules_module.RuleSet) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), ruleset.by_group[m.lastgroup or ""].id) for m in ruleset.finditer(TEXT)
    ]


@pytest.fixture(scope="module")
def fresh() -> rules_module.RuleSet:
    return load_ruleset("en", None)[0]


def only_file(directory: Path) -> Path:
    (path,) = directory.glob("temporal-rules-en-*.json")
    return path


def test_built_then_read_back_identically(tmp_path: Path, fresh: rules_module.RuleSet) -> None:
    first, how = load_ruleset("en", tmp_path)
    assert how == "built"
    second, how = load_ruleset("en", tmp_path)
    assert how == "cache"
    assert to_data(second) == to_data(first) == to_data(fresh)
    assert tagged(second) == tagged(fresh)
    assert len(tagged(fresh)) >= 4


def test_no_directory_means_in_memory(fresh: rules_module.RuleSet) -> None:
    ruleset, how = load_ruleset("en", None)
    assert how == "memory"
    assert to_data(ruleset) == to_data(fresh)


def test_unwritable_directory_compiles_in_memory(
    tmp_path: Path, fresh: rules_module.RuleSet
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    ruleset, how = load_ruleset("en", blocker / "cache")
    assert how == "memory"
    assert tagged(ruleset) == tagged(fresh)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: b"", id="empty"),
        pytest.param(lambda raw: b"\x00\xff garbage \xfe" * 50, id="garbage"),
        pytest.param(lambda raw: raw.replace(b'"weekday"', b'"weekdax"', 1), id="tampered"),
        pytest.param(lambda raw: raw.split(b"\n", 1)[1], id="no-header"),
        pytest.param(
            lambda raw: b'{"format": 1, "key": "x", "sha256": "y"}\n' + raw.split(b"\n", 1)[1],
            id="other-key",
        ),
    ],
)
def test_corrupt_cache_is_rebuilt_silently(
    tmp_path: Path, fresh: rules_module.RuleSet, damage
) -> None:
    load_ruleset("en", tmp_path)
    path = only_file(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    ruleset, how = load_ruleset("en", tmp_path)
    assert how == "built"
    assert to_data(ruleset) == to_data(fresh)
    assert load_ruleset("en", tmp_path)[1] == "cache"  # and the file is good again


def test_well_formed_but_wrong_data_is_rebuilt(tmp_path: Path, fresh: rules_module.RuleSet) -> None:
    """Valid JSON with a matching checksum but the wrong shape: rebuilt, not an error."""
    load_ruleset("en", tmp_path)
    path = only_file(tmp_path)
    header = json.loads(path.read_bytes().split(b"\n", 1)[0])
    body = json.dumps({"rules": "nonsense"}).encode()
    header["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    ruleset, how = load_ruleset("en", tmp_path)
    assert how == "built"
    assert to_data(ruleset) == to_data(fresh)


def test_unreadable_cache_file_is_rebuilt(tmp_path: Path, fresh: rules_module.RuleSet) -> None:
    load_ruleset("en", tmp_path)
    path = only_file(tmp_path)
    path.unlink()
    path.mkdir()  # a directory where the file should be: unreadable and unwritable
    ruleset, how = load_ruleset("en", tmp_path)
    assert how == "memory"
    assert to_data(ruleset) == to_data(fresh)


def test_changed_resources_give_a_new_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_ruleset("en", tmp_path)
    original = rules_module._read

    def edited(lang: str, name: str) -> str:
        text = original(lang, name)
        if name == "rules.tsv":
            example = "A blue moon.|2019-04-11|2019-04-11"
            text += f"test_only_rule\tDATE\tblue moon\t@dct(D,0)\t\t{example}\n"
        return text

    monkeypatch.setattr(rules_module, "_read", edited)
    ruleset, how = load_ruleset("en", tmp_path)
    assert how == "built"
    assert ruleset.get("test_only_rule") is not None
    assert len(list(tmp_path.glob("temporal-rules-en-*.json"))) == 2
    monkeypatch.setattr(rules_module, "_read", original)
    ruleset, how = load_ruleset("en", tmp_path)
    assert how == "cache"
    assert ruleset.get("test_only_rule") is None


def test_another_version_never_reads_this_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_ruleset("en", tmp_path)
    monkeypatch.setattr(timeline, "__version__", "99.0.0")
    assert load_ruleset("en", tmp_path)[1] == "built"
    assert len(list(tmp_path.glob("temporal-rules-en-*.json"))) == 2


def test_cache_key_covers_every_resource() -> None:
    sources = {name: rules_module._read("en", name) for name in RESOURCE_FILES}
    key = rules_module.cache_key(sources)
    for name in RESOURCE_FILES:
        changed = dict(sources, **{name: sources[name] + " "})
        assert rules_module.cache_key(changed) != key, name


def test_cache_dir_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.setenv("TIMELINE_CACHE_DIR", "off")
    assert cache_dir() is None
    monkeypatch.delenv("TIMELINE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "timeline"
