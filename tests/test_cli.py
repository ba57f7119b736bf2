"""The CLI through click's CliRunner, and once as a real subprocess of the console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import fairbuy
from fairbuy.cli import main

GEN = ["--generated-at", "2026-01-15T12:00:00+00:00"]


def _run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = _run(["--version"])
    assert code == 0 and fairbuy.__version__ in out


def test_check_writes_json_report(example_xlsx: Path, tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    code, _, err = _run(["check", str(example_xlsx), "-o", str(out), *GEN])
    assert code == 1, err  # the example holds non-compliant items
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["items"][0]["source"]["row"] == 4
    assert data["rulesets"][0]["id"] == "magna-charta-ruhr-2010"


def test_json_on_stdout_is_the_library_report(example_csv: Path) -> None:
    code, out, _ = _run(["check", str(example_csv), "--format", "json", "-q", *GEN])
    assert code == 1
    report = fairbuy.check(example_csv, generated_at="2026-01-15T12:00:00+00:00")
    assert out == report.model_dump_json()


def test_exit_zero_when_nothing_non_compliant(tmp_path: Path) -> None:
    src = tmp_path / "ok.csv"
    src.write_text(
        "Bezeichnung;Menge\nKugelschreiber blau;10\nRöstkaffee 1 kg Fairtrade;2\n", encoding="utf-8"
    )
    code, out, err = _run(["check", str(src), "-q", *GEN])
    assert code == 0, err
    assert [i["status"] for i in json.loads(out)["items"]] == ["not_applicable", "compliant"]


def test_user_dac_list_replaces_the_shipped_one(tmp_path: Path) -> None:
    """NKernVO through the CLI: without a DAC list only EU/G8 origins are decided; a user file with
    the id oecd-dac-list replaces the shipped (member-less) list, so other origins are decided too."""
    src = tmp_path / "einkauf.csv"
    src.write_text(
        "Bezeichnung;Menge;Gesamtpreis netto;Herkunftsland\n"
        + "".join(f"Arbeitshemd Baumwolle;500;12000;{land}\n"
                  for land in ("Bangladesch", "Schweiz", "Deutschland", "Norwegen")),
        encoding="utf-8")
    dac = tmp_path / "dac-2024.yaml"
    dac.write_text("id: oecd-dac-list\ntitle_de: DAC-Liste (Test)\ntitle_en: DAC list (test)\n"
                   "countries: [BD]\nsources: ['https://example.org/dac']\n", encoding="utf-8")
    base = ["check", str(src), "--rules", "ni-nkernvo-2015", "--format", "json", "-q", *GEN]
    code, out, err = _run(base)
    assert code == 0, err
    assert [i["status"] for i in json.loads(out)["items"]] == [
        "needs_review", "needs_review", "not_applicable", "needs_review"]
    code, out, err = _run([*base, "--rules", str(dac)])
    assert code == 1, err
    assert [i["status"] for i in json.loads(out)["items"]] == [
        "non_compliant", "not_applicable", "not_applicable", "not_applicable"]
    # the summary on stderr says which list the user gave (it decided items); without, nothing
    code, _, err = _run(["check", str(src), "--rules", "ni-nkernvo-2015", "--rules", str(dac),
                         "-o", str(tmp_path / "r.json"), *GEN])
    assert f"Eigene Länderlisten: oecd-dac-list ({dac})" in err
    code, _, err = _run(["check", str(src), "--rules", "ni-nkernvo-2015", "-o", str(tmp_path / "s.json"), *GEN])
    assert "Länderliste" not in err


def test_origin_that_is_no_country_code_is_not_judged_by_a_list(tmp_path: Path) -> None:
    """"EU" or "ZZ" in the origin column are kept as written but name no country: a country list
    cannot place them (before: any two capital letters counted as a code, so both were "not on
    the list"); XK (Kosovo, user-assigned) is a code the list decides on."""
    src = tmp_path / "einkauf.csv"
    src.write_text(
        "Bezeichnung;Menge;Gesamtpreis netto;Herkunftsland\n"
        + "".join(f"Arbeitshemd Baumwolle;500;12000;{land}\n" for land in ("EU", "ZZ", "XK", "BD")),
        encoding="utf-8")
    dac = tmp_path / "dac.yaml"
    dac.write_text("id: oecd-dac-list\ntitle_de: DAC-Liste (Test)\ntitle_en: DAC list (test)\n"
                   "countries: [BD, XK]\nsources: ['https://example.org/dac']\n", encoding="utf-8")
    code, out, err = _run(["check", str(src), "--rules", "ni-nkernvo-2015", "--rules", str(dac),
                           "--format", "json", "-q", *GEN])
    assert code == 1, err
    items = json.loads(out)["items"]
    assert [i["status"] for i in items] == ["needs_review", "needs_review", "non_compliant", "non_compliant"]
    assert [i["origin"] for i in items] == ["EU", "ZZ", "XK", "BD"]
    assert "EU" in items[0]["findings"][0]["message_en"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("missing.xlsx", None),
        ("empty.csv", b""),
        ("corrupt.xlsx", b"PK\x03\x04 this is not a workbook"),
        ("binary.xlsx", bytes(range(256)) * 10),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, name: str, content: bytes | None) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = _run(["check", str(path), *GEN])
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert name in lines[0]
    assert "Traceback" not in err
    assert out == ""


def test_unknown_format_from_extension(example_csv: Path, tmp_path: Path) -> None:
    code, _, err = _run(["check", str(example_csv), "-o", str(tmp_path / "r.txt")])
    assert code == 2 and "format" in err


def test_bad_column_mapping(example_csv: Path) -> None:
    code, _, err = _run(["check", str(example_csv), "--column", "description"])
    assert code == 2 and "ROLE=HEADER" in err


def _console_script() -> str | None:
    candidate = Path(sys.executable).with_name("fairbuy")
    if candidate.exists():
        return str(candidate)
    return shutil.which("fairbuy")


def test_console_script_subprocess(example_xlsx: Path, tmp_path: Path) -> None:
    script = _console_script()
    if script is None:
        pytest.skip("the fairbuy console script is not installed (pip install -e .)")
    out = tmp_path / "audit.json"
    proc = subprocess.run(
        [script, "check", str(example_xlsx), "-o", str(out), *GEN],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["items"]) == 61
    bad = subprocess.run(
        [script, "check", str(tmp_path / "nope.csv")], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "nope.csv" in bad.stderr


def test_installed_wheel_finds_its_data(root: Path, tmp_path: Path, example_xlsx: Path) -> None:
    """Build the wheel, install it (not editable) into a separate folder and run it elsewhere."""
    pytest.importorskip("hatchling")
    wheel_dir = tmp_path / "wheel"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheel_dir),
            str(root),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(wheel_dir.glob("fairbuy-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("fairbuy/_data/label_db/") for n in names)
    assert any(n.startswith("fairbuy/_data/rules/") for n in names)
    site = tmp_path / "site"
    inst = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert inst.returncode == 0, inst.stderr[-2000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(example_xlsx, work / "liste.xlsx")
    code = (
        "import fairbuy, fairbuy.paths as p, sys;"
        "r = fairbuy.check('liste.xlsx', generated_at='2026-01-15T12:00:00+00:00');"
        "print(fairbuy.__file__); print(p.label_db_dir()); print(p.rules_dir()); print(len(r.items))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=work, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    assert all(line.startswith(str(site)) for line in lines[:3]), lines
    assert lines[3] == "61"


@pytest.mark.parametrize(
    "args",
    [["check"], ["check", "x.csv", "--bogus"], ["check", "x.csv", "--format", "pdf"], ["nosuchcommand"]],
)
def test_usage_errors_are_one_line(args: list[str]) -> None:
    code, out, err = _run(args)
    assert code == 2
    assert len([line for line in err.splitlines() if line.strip()]) == 1, err
    assert err.startswith("fairbuy: error: ") and out == ""
