"""Where fairbuy finds its data: inside the installed wheel, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    packaged = _PKG / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = _PKG.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"fairbuy data folder {name!r} not found (looked in {packaged} and {checkout})")


def label_db_dir() -> Path:
    """The folder of the label database (``label_db/``)."""
    return _data_dir("label_db")


def rules_dir() -> Path:
    """The folder of the shipped rule sets (``rules/``)."""
    return _data_dir("rules")
