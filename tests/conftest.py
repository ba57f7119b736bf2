from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def example_xlsx() -> Path:
    return EXAMPLES / "einkaufsliste-2025.xlsx"


@pytest.fixture(scope="session")
def example_csv() -> Path:
    return EXAMPLES / "einkaufsliste-2025.csv"
