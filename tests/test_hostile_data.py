"""Malformed and hostile rule and label data files: a DataError naming file, line and field.

Each test copies a shipped data file, breaks it in one place and loads it with the real loader
(:func:`fairbuy.labeldb.load_label_db` on a copy of the database folder,
:func:`fairbuy.rules.load_ruleset` on a copy of a rule set). Hostile YAML — Python object tags,
alias bombs, NUL bytes, invalid UTF-8 — must be refused quickly without running anything.
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fairbuy.errors import DataError, FairbuyError
from fairbuy.paths import label_db_dir, rules_dir

RULESET = "magna-charta-ruhr-2010"
LABEL = "fairtrade"


def _line_no(text: str, needle: str) -> int:
    for n, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(needle):
            return n
    raise AssertionError(f"{needle!r} not in the file")


def _replace_line(text: str, needle: str, new: str) -> tuple[str, int]:
    lines = text.splitlines(keepends=True)
    n = _line_no(text, needle)
    lines[n - 1] = new + "\n"
    return "".join(lines), n


def _insert_after(text: str, needle: str, new: str) -> tuple[str, int]:
    lines = text.splitlines(keepends=True)
    n = _line_no(text, needle)
    lines.insert(n, new + "\n")
    return "".join(lines), n + 1


def _indent_of(text: str, needle: str) -> str:
    line = text.splitlines()[_line_no(text, needle) - 1]
    return line[: len(line) - len(line.lstrip())]


def _alias_bomb(levels: int = 9) -> str:
    out = ['x-lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*lol{i - 1}"] * 10)
        out.append(f"x-lol{i}: &lol{i} [{refs}]")
    return "\n".join(out) + "\n"


# Each mutation: (text) -> (new text, expected line or None, expected field fragment or None)
Mutation = Callable[[str, str], tuple[str | bytes, int | None, str | None]]


def _tab(text: str, key: str) -> tuple[str, int | None, str | None]:
    line = text.splitlines()[_line_no(text, key) - 1]
    new, n = _replace_line(text, key, "\t" + line.lstrip())
    return new, n, None


def _bad_value(text: str, key: str) -> tuple[str, int | None, str | None]:
    indent = _indent_of(text, key)
    new, n = _replace_line(text, key, f"{indent}{key.strip().rstrip(':')}: [1, 2, {{x: 3}}]")
    return new, n, key.strip().rstrip(":")


def _unknown_field(text: str, key: str) -> tuple[str, int | None, str | None]:
    indent = _indent_of(text, key)
    new, n = _insert_after(text, key, f"{indent}colour_of_the_day: green")
    return new, n, "colour_of_the_day"


def _duplicate_key(text: str, key: str) -> tuple[str, int | None, str | None]:
    line = text.splitlines()[_line_no(text, key) - 1]
    new, n = _insert_after(text, key, line)
    return new, n, None


def _nul(text: str, key: str) -> tuple[str, int | None, str | None]:
    line = text.splitlines()[_line_no(text, key) - 1]
    new, n = _replace_line(text, key, line + " \x00\x00")
    return new, n, None


def _bad_utf8(text: str, key: str) -> tuple[bytes, int | None, str | None]:
    data = text.encode("utf-8")
    n = _line_no(text, key)
    offset = len("".join(text.splitlines(keepends=True)[: n - 1]).encode("utf-8"))
    return data[:offset] + b"# \xff\xfe\xc3(\n" + data[offset:], None, None


def _empty(text: str, key: str) -> tuple[str, int | None, str | None]:
    return "", None, None


def _top_level_list(text: str, key: str) -> tuple[str, int | None, str | None]:
    return "- a\n- b\n", None, None


MUTATIONS: dict[str, Mutation] = {
    "tab_indent": _tab,
    "bad_value": _bad_value,
    "unknown_field": _unknown_field,
    "duplicate_key": _duplicate_key,
    "nul_bytes": _nul,
    "invalid_utf8": _bad_utf8,
    "empty": _empty,
    "top_level_list": _top_level_list,
}


def _check(err: DataError, path: Path, line: int | None, field: str | None) -> None:
    assert Path(err.path).resolve() == path.resolve(), err
    assert "\n" not in str(err)
    if line is not None:
        assert err.line == line, (str(err), line)
    if field is not None:
        assert err.field is not None and field in err.field, (str(err), field)


# ----------------------------------------------------------------------------------- rule sets


def _ruleset_copy(tmp_path: Path) -> tuple[Path, str]:
    pytest.importorskip("fairbuy.rules", reason="rules stage not merged yet")
    src = rules_dir() / f"{RULESET}.yaml"
    dst = tmp_path / f"{RULESET}-broken.yaml"
    return dst, src.read_text(encoding="utf-8")


def _load_ruleset(path: Path) -> Any:
    from fairbuy.rules import load_ruleset

    return load_ruleset(path)


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_malformed_ruleset(mutation: str, tmp_path: Path) -> None:
    dst, text = _ruleset_copy(tmp_path)
    key = "severity:" if mutation in ("bad_value", "unknown_field", "duplicate_key") else "title_de:"
    new, line, field = MUTATIONS[mutation](text, key)
    dst.write_bytes(new if isinstance(new, bytes) else new.encode("utf-8"))
    with pytest.raises(DataError) as info:
        _load_ruleset(dst)
    _check(info.value, dst, line, field)


# ---------------------------------------------------------------------------------- label db


def _labeldb_copy(tmp_path: Path) -> tuple[Path, Path, str]:
    pytest.importorskip("fairbuy.labeldb", reason="labeldb stage not merged yet")
    root = tmp_path / "label_db"
    shutil.copytree(label_db_dir(), root)
    path = root / "labels" / f"{LABEL}.yaml"
    return root, path, path.read_text(encoding="utf-8")


def _load_db(root: Path) -> Any:
    from fairbuy.labeldb import load_label_db

    return load_label_db(root)


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_malformed_label_file(mutation: str, tmp_path: Path) -> None:
    root, path, text = _labeldb_copy(tmp_path)
    key = "type:" if mutation in ("bad_value", "unknown_field", "duplicate_key") else "name_en:"
    new, line, field = MUTATIONS[mutation](text, key)
    path.write_bytes(new if isinstance(new, bytes) else new.encode("utf-8"))
    with pytest.raises(DataError) as info:
        _load_db(root)
    _check(info.value, path, line, field)


def test_malformed_groups_file(tmp_path: Path) -> None:
    root, _, _ = _labeldb_copy(tmp_path)
    path = root / "groups.yaml"
    text = path.read_text(encoding="utf-8")
    new, line, _ = _bad_value(text, "parent:")
    path.write_text(new, encoding="utf-8")
    with pytest.raises(DataError) as info:
        _load_db(root)
    _check(info.value, path, line, "parent")


# ------------------------------------------------------------------------------ hostile YAML


def _python_tag(marker: Path) -> str:
    return f'x-pwn: !!python/object/apply:os.system ["touch {marker}"]\n'


@pytest.mark.parametrize("kind", ["python_tag", "alias_bomb"])
def test_hostile_yaml_in_ruleset(kind: str, tmp_path: Path) -> None:
    dst, text = _ruleset_copy(tmp_path)
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    extra = _python_tag(marker) if kind == "python_tag" else _alias_bomb()
    body = text + extra + ("notes: *lol9\n" if kind == "alias_bomb" else "")
    if kind == "alias_bomb":
        body = body.replace("\nnotes:\n", "\nx-old-notes:\n", 1)
    dst.write_text(body, encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(FairbuyError) as info:
        _load_ruleset(dst)
    assert time.monotonic() - start < 5.0
    assert not marker.exists(), "a YAML tag ran a command"
    assert isinstance(info.value, DataError)
    assert len(str(info.value)) < 2000
    _check(info.value, dst, None, None)


@pytest.mark.parametrize("kind", ["python_tag", "alias_bomb"])
def test_hostile_yaml_in_label_file(kind: str, tmp_path: Path) -> None:
    root, path, text = _labeldb_copy(tmp_path)
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    if kind == "python_tag":
        body = text + _python_tag(marker)
    else:
        body = _alias_bomb() + text.replace("\naliases:\n", "\nx-old-aliases:\n", 1) + "aliases: *lol9\n"
    path.write_text(body, encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(DataError) as info:
        _load_db(root)
    assert time.monotonic() - start < 5.0
    assert not marker.exists(), "a YAML tag ran a command"
    assert len(str(info.value)) < 2000
    _check(info.value, path, None, None)


def test_huge_ruleset_file_is_refused_quickly(tmp_path: Path) -> None:
    dst, text = _ruleset_copy(tmp_path)
    dst.write_text(text + "x-padding: |\n" + ("  " + "x" * 1000 + "\n") * 20_000, encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(DataError) as info:
        _load_ruleset(dst)
    assert time.monotonic() - start < 5.0
    _check(info.value, dst, None, None)


def test_rules_option_with_broken_file_is_one_line_exit_2(tmp_path: Path) -> None:
    """Through the CLI: a broken --rules file gives exit 2 and one line with file and line."""
    dst, text = _ruleset_copy(tmp_path)
    pytest.importorskip("fairbuy.reports", reason="reports stage not merged yet")
    pytest.importorskip("fairbuy.recognise", reason="recognise stage not merged yet")
    new, line, _ = _tab(text, "title_de:")
    dst.write_text(new, encoding="utf-8")
    src = tmp_path / "liste.csv"
    src.write_text("Bezeichnung;Menge\nKaffee;1\n", encoding="utf-8")
    from click.testing import CliRunner

    from fairbuy.cli import main

    result = CliRunner().invoke(main, ["check", str(src), "--rules", str(dst), "-q"])
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and dst.name in lines[0] and f":{line}" in lines[0], result.stderr


@pytest.mark.parametrize("kind", ["python_tag", "alias_bomb", "nul", "invalid_utf8", "xlsx_bomb"])
def test_hostile_evidence_register(kind: str, tmp_path: Path) -> None:
    """A hostile supplier evidence register (--evidence): one line, exit 2, nothing executed."""
    pytest.importorskip("fairbuy.suppliers", reason="supplier register not merged yet")
    pytest.importorskip("fairbuy.reports", reason="reports stage not merged yet")
    from click.testing import CliRunner

    from fairbuy.cli import main
    from tests.hostile import ooxml

    src = tmp_path / "liste.csv"
    src.write_text("Bezeichnung;Menge;Lieferant\nKaffee;1;Kaffee GmbH\n", encoding="utf-8")
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    reg = tmp_path / ("register.xlsx" if kind == "xlsx_bomb" else "register.yaml")
    if kind == "python_tag":
        reg.write_text(_python_tag(marker), encoding="utf-8")
    elif kind == "alias_bomb":
        reg.write_text(_alias_bomb() + "suppliers: *lol9\n", encoding="utf-8")
    elif kind == "nul":
        reg.write_bytes(b"suppliers:\n  - name: Kaffee GmbH\x00\n")
    elif kind == "invalid_utf8":
        reg.write_bytes(b"suppliers:\n  - name: Kaffee \xff\xfe GmbH\n")
    else:
        ooxml.xlsx_bomb(reg, unpacked=2 << 30)
    start = time.monotonic()
    result = CliRunner().invoke(main, ["check", str(src), "--evidence", str(reg), "-q"])
    assert time.monotonic() - start < 10
    assert not marker.exists(), "a YAML tag ran a command"
    assert "Traceback" not in result.stderr
    if kind == "invalid_utf8" and result.exit_code in (0, 1):
        return  # read with a fallback encoding: acceptable
    assert result.exit_code == 2, (result.exit_code, result.stderr[-500:])
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and reg.name in lines[0], result.stderr
    assert "internal error" not in lines[0] and "\\n" not in lines[0], lines[0]
    if kind == "nul":
        assert f"{reg.name}:2" in lines[0], lines[0]  # the line of the NUL
