"""CLI of the label database: ``labels list|show|search`` and ``groups list|show``.

Golden file: ``tests/golden/labels_show_fairtrade.txt``; regenerate with FAIRBUY_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fairbuy.cli.labels import groups, labels
from fairbuy.labeldb import load_label_db
from fairbuy.paths import label_db_dir

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def _ok(runner: CliRunner, group: object, args: list[str]) -> str:
    res = runner.invoke(group, args)  # type: ignore[arg-type]
    assert res.exit_code == 0, (res.output, res.exception)
    return res.output


def test_labels_list_json_has_every_label_with_sources(runner: CliRunner) -> None:
    data = json.loads(_ok(runner, labels, ["list", "--format", "json"]))
    db = load_label_db()
    assert isinstance(data, list)
    assert {d["id"] for d in data} == set(db.labels) and len(data) >= 55
    for d in data:
        for key in ("id", "name", "aliases", "product_groups", "sources", "guarantees", "verification"):
            assert key in d
        assert d["sources"] and all(u.startswith("http") for u in d["sources"])
    fs = next(d for d in data if d["id"] == "fair-stone")
    assert fs["guarantees"]["child_labour"] is True and fs["verification"]["third_party"] is True


def test_labels_list_natural_stone(runner: CliRunner) -> None:
    out = _ok(runner, labels, ["list", "--group", "natural_stone"])
    for name in ("XertifiX (Standard-Siegel)", "XertifiX PLUS", "Fair Stone", "IGEP", "TFT Responsible Stone"):
        assert name in out
    assert out.count("garantiert:") == 5 and out.count("geprüft:") == 5
    assert "Kinderarbeit ja" in out and "unabhängige Dritte" in out and "Ebene\n                Mitgliedschaft" in out
    en = _ok(runner, labels, ["--lang", "en", "list", "--group", "natural_stone"])
    assert en.count("guarantees:") == 5 and "child labour yes" in en


def test_labels_list_filters(runner: CliRunner) -> None:
    data = json.loads(_ok(runner, labels, ["list", "--group", "natural_stone", "--covers", "child_labour",
                                            "--third-party", "--format", "json"]))
    ids = {d["id"] for d in data}
    assert {"xertifix-plus", "fair-stone"} <= ids and "igep" not in ids


def test_labels_show_golden(runner: CliRunner) -> None:
    out = _ok(runner, labels, ["show", "fairtrade"])
    golden = GOLDEN / "labels_show_fairtrade.txt"
    if os.environ.get("FAIRBUY_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_labels_show_content(runner: CliRunner) -> None:
    out = _ok(runner, labels, ["show", "max-havelaar"])  # merged id resolves
    assert out.startswith("Fairtrade-Produktsiegel")
    for part in ("Was garantiert das Siegel?", "Wie wird geprüft?", "Bewertungen", "Gültigkeit", "Quellen",
                 "Kinderarbeit (C138, C182)", "https://www.fairtrade-deutschland.de/"):
        assert part in out
    utz = _ok(runner, labels, ["show", "utz"])
    assert "gültig bis: 2023-06-30" in utz and "[rainforest-alliance]" in utz


def test_labels_show_json(runner: CliRunner) -> None:
    data = json.loads(_ok(runner, labels, ["show", "fairtrade", "--format", "json"]))
    assert data["id"] == "fairtrade" and data["guarantees"]["child_labour"] is True
    assert data["db_version"] == load_label_db().version
    assert data["verification"]["level"] == "product"


def test_labels_show_unknown_id(runner: CliRunner) -> None:
    res = runner.invoke(labels, ["show", "no-such-label"])
    assert res.exit_code == 2
    assert "unknown label id 'no-such-label'" in res.output
    assert "Traceback" not in res.output


def test_labels_search(runner: CliRunner) -> None:
    out = _ok(runner, labels, ["search", "xertifix plus"])
    assert out.splitlines()[0].split()[1] == "xertifix-plus"
    data = json.loads(_ok(runner, labels, ["search", "Blauer Engel", "--format", "json", "--limit", "2"]))
    assert data[0]["id"] == "blauer-engel" and len(data) <= 2


def test_groups_list_json(runner: CliRunner) -> None:
    data = json.loads(_ok(runner, groups, ["list", "--format", "json"]))
    ids = {d["id"] for d in data}
    assert len(ids) == len(data) >= 26
    stone = next(d for d in data if d["id"] == "natural_stone")
    assert "4491" in stone["cpv_prefixes"]
    assert all("cpv_prefixes" in d for d in data)


def test_groups_list_and_show(runner: CliRunner) -> None:
    out = _ok(runner, groups, ["list"])
    assert "natural_stone" in out and "CPV 4491" in out
    show = _ok(runner, groups, ["show", "gravestones"])
    assert "Grabsteine" in show and "xertifix-plus" in show
    data = json.loads(_ok(runner, groups, ["show", "sports_goods", "--format", "json"]))
    assert data["children"] == ["sports_balls"] and "37" in "".join(data["cpv_prefixes"])
    res = runner.invoke(groups, ["show", "nope"])
    assert res.exit_code == 2 and "unknown product group id" in res.output


def test_broken_db_via_cli(runner: CliRunner, tmp_path: Path) -> None:
    dst = tmp_path / "db"
    shutil.copytree(label_db_dir(), dst)
    f = dst / "labels" / "fsc.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("type: both", "type: green", 1), encoding="utf-8")
    res = runner.invoke(labels, ["--db", str(dst), "list"])
    assert res.exit_code == 2
    assert "fsc.yaml" in res.output and "field 'type'" in res.output


def test_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(labels, ["list", "--group", "no_such_group"])
    assert res.exit_code == 2 and "unknown product group id 'no_such_group'" in res.output
    res = runner.invoke(labels, ["--db", str(tmp_path / "missing"), "show", "fairtrade"])
    assert res.exit_code == 2 and "label database folder not found" in res.output
    assert "Traceback" not in res.output
