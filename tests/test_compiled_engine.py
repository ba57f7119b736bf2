"""The opt-in compiled recognition engine (mypyc, ``scripts/build-compiled-wheel.sh``) gives the
same results as the pure-Python one, and a compiled module never silently shadows the sources.

The compiled build is made here the way the wheel hook makes it: ``mypyc`` on the two modules
listed in ``pyproject.toml`` (``[tool.hatch.build.targets.wheel.hooks.mypyc]``), in a copy of the
package. Skipped where no C compiler or no mypyc is available.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from bench_support import benchmark_module

from fairbuy.labeldb import load_label_db
from fairbuy.recognise import Recogniser
from fairbuy.recognise.normalise import strip_references

ROOT = Path(__file__).resolve().parents[1]
# (the package re-exports a function named ``normalise``: import the modules by name)
engine_mod = importlib.import_module("fairbuy.recognise.engine")
normalise_mod = importlib.import_module("fairbuy.recognise.normalise")

_SCRIPT = r"""
import json, sys
import fairbuy.recognise.engine as e
assert e.__file__.endswith(".so"), e.__file__
from fairbuy.labeldb import load_label_db
from fairbuy.recognise import Recogniser
eng = Recogniser(load_label_db()).engine
out = []
for d, c, l in json.load(open(sys.argv[1], encoding="utf-8")):
    r = eng.analyse(d, c, l)
    out.append({k: r[k] for k in ("cpv_normalised", "product_group", "group_method", "group_reason",
                                   "labels", "evidence")})
json.dump(out, open(sys.argv[2], "w", encoding="utf-8"))
"""


def test_checkout_runs_its_sources_not_stale_compiled_modules() -> None:
    """A compiled module left in the checkout (e.g. by an in-place wheel build) would run instead
    of the edited source: the tests would test old code."""
    for mod in (engine_mod, normalise_mod):
        assert mod.__file__ is not None and mod.__file__.endswith(".py"), (
            f"{mod.__file__} shadows the source: delete it (git clean -fX fairbuy/)")


def test_compiled_modules_are_the_ones_the_wheel_hook_lists() -> None:
    hook = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"][
        "targets"]["wheel"]["hooks"]["mypyc"]
    assert hook["enable-by-default"] is False  # default installs stay pure Python
    assert hook["include"] == ["fairbuy/recognise/engine.py", "fairbuy/recognise/normalise.py"]


@pytest.mark.skipif(shutil.which("cc") is None and shutil.which("gcc") is None, reason="no C compiler")
@pytest.mark.skipif(importlib.util.find_spec("mypyc") is None, reason="mypyc (part of mypy) not installed")
def test_compiled_engine_gives_the_same_results(tmp_path: Path) -> None:
    work = tmp_path / "build"
    shutil.copytree(ROOT / "fairbuy", work / "fairbuy", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    for data in ("label_db", "rules"):
        shutil.copytree(ROOT / data, work / data)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    build = subprocess.run(
        [sys.executable, "-m", "mypyc", "--ignore-missing-imports",
         "fairbuy/recognise/engine.py", "fairbuy/recognise/normalise.py"],
        cwd=work, env=env, capture_output=True, text=True, timeout=1200, check=False)
    if build.returncode != 0 and "Python.h" in build.stdout + build.stderr:
        pytest.skip("no Python headers to compile against")
    assert build.returncode == 0, (build.stdout + build.stderr)[-3000:]
    assert list((work / "fairbuy" / "recognise").glob("engine.*.so"))

    # lines from the blind set and the benchmark generator, with CPV codes and label columns
    raw = benchmark_module("generate").generate(4000, seed=5)
    triples: list[tuple[str, str | None, str]] = []
    for d, c, lt in zip(raw["Bezeichnung"].tolist(), raw["CPV"].tolist(), raw["Siegel"].tolist(), strict=True):
        triples.append((strip_references(str(d)), str(c) if isinstance(c, str) and c else None,
                        lt if isinstance(lt, str) else ""))
    triples += [("Kaffee Fairtrade 1kg", None, "FSC"), ("Reinigungsmittel DE/020/00123", None, ""),
                ("Grabstein Xertifix+ Lizenz-Nr. 12345", "14520000-5", ""), ("", None, "ohne Siegel")]
    src = tmp_path / "in.json"
    dst = tmp_path / "out.json"
    src.write_text(json.dumps(triples), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", _SCRIPT, str(src), str(dst)], cwd=work,
                         env={**env, "PYTHONPATH": str(work)}, capture_output=True, text=True,
                         timeout=600, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    compiled = json.loads(dst.read_text(encoding="utf-8"))

    eng = Recogniser(load_label_db()).engine
    assert len(compiled) == len(triples)
    for (d, c, lt), got in zip(triples, compiled, strict=True):
        r = eng.analyse(d, c, lt)
        want = json.loads(json.dumps({k: r[k] for k in got}))
        assert got == want, (d, c, lt)
