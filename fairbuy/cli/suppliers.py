"""``fairbuy suppliers``: the suppliers of purchase lists with their spend and register evidence.

Helps an office build its supplier evidence register: which suppliers get the money, which of
them already have evidence in the register (and how the name was joined), which evidence has
expired or expires soon. Registered on the ``fairbuy`` group by :mod:`fairbuy.cli`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click
import pandas as pd

from fairbuy.cli import fail, handle_errors
from fairbuy.errors import InputError

_HEADERS: dict[str, dict[str, str]] = {
    "de": {
        "supplier": "Lieferant",
        "items": "Posten",
        "spend": "Ausgaben",
        "evidence": "Nachweise im Register",
        "validity": "Gültigkeit",
        "join": "Zuordnung",
        "none": "(ohne Lieferant)",
        "no_evidence": "–",
        "expiring": "Abgelaufene oder bald ablaufende Nachweise (Stichtag {date}, {days} Tage)",
        "no_expiring": "Keine abgelaufenen oder bald ablaufenden Nachweise (Stichtag {date}).",
        "expired": "abgelaufen",
        "soon": "läuft ab",
        "total": "{n} Lieferanten, {items} Posten, {spend} Ausgaben; {with_ev} mit Nachweisen im Register",
        "ambiguous": "mehrdeutig",
        "row": "Zeile",
    },
    "en": {
        "supplier": "Supplier",
        "items": "Items",
        "spend": "Spend",
        "evidence": "Evidence in register",
        "validity": "Validity",
        "join": "Join",
        "none": "(no supplier)",
        "no_evidence": "-",
        "expiring": "Expired or soon expiring evidence (audit date {date}, {days} days)",
        "no_expiring": "No expired or soon expiring evidence (audit date {date}).",
        "expired": "expired",
        "soon": "expires",
        "total": "{n} suppliers, {items} items, {spend} spend; {with_ev} with evidence in the register",
        "ambiguous": "ambiguous",
        "row": "row",
    },
}

_VALIDITY: dict[str, dict[str, str]] = {
    "de": {"valid": "gültig", "expiring": "läuft bald ab", "expired": "abgelaufen",
           "not_yet_valid": "noch nicht gültig", "none": "–"},
    "en": {"valid": "valid", "expiring": "expiring soon", "expired": "expired",
           "not_yet_valid": "not yet valid", "none": "-"},
}


_KINDS: dict[str, dict[str, str]] = {
    "de": {"label": "Siegel", "membership": "Mitgliedschaft", "certificate": "Zertifikat",
           "self_declaration": "Eigenerklärung", "other": "Sonstiges"},
    "en": {"self_declaration": "self-declaration"},
}


def read_items(inputs: Sequence[str], sheets: Sequence[str] | None, column_map: dict[str, str]) -> pd.DataFrame:
    """Read purchase lists / e-invoices into one item table (see :mod:`fairbuy.io`)."""
    from fairbuy.io import read_input

    tables: list[pd.DataFrame] = []
    for source in inputs:
        path = Path(source)
        if not path.exists():
            raise InputError(source, "file not found")
        if path.is_dir():
            raise InputError(source, "is a folder, not a file")
        result = read_input(path, sheets=list(sheets) if sheets else None, column_map=column_map or None,
                            display_path=os.fspath(source))
        tables.append(result.table)
    return pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]


def _money(value: float, lang: str) -> str:
    text = f"{value:,.2f}"
    if lang == "de":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        return value.item()
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _validity_text(rec: Mapping[Any, Any], lang: str) -> str:
    words = _VALIDITY[lang]
    validity = str(rec.get("validity"))
    text = words.get(validity, validity)
    notes = []
    expired, expiring = int(rec.get("expired_entries") or 0), int(rec.get("expiring_entries") or 0)
    if expired and validity != "expired":
        notes.append(f"{expired} {words['expired']}")
    if expiring and validity != "expiring":
        notes.append(f"{expiring} {words['expiring']}")
    return f"{text} ({', '.join(notes)})" if notes else text


def render_table(
    overview: pd.DataFrame, expiring: list[dict[str, Any]] | None, *, audit_date: dt.date, within_days: int,
    lang: str = "de",
) -> str:
    """The overview as aligned text (one line per supplier), then the expiry list."""
    h = _HEADERS[lang]
    rows: list[tuple[str, str, str, str, str, str]] = []
    for rec in overview.to_dict(orient="records"):
        join = ""
        if rec.get("join_method"):
            join = f"{rec['join_method']} {float(rec['join_score']):.0f}"
            if rec.get("ambiguous"):
                join += f" ({h['ambiguous']})"
        rows.append(
            (
                str(rec["supplier"]) if rec.get("supplier") else h["none"],
                str(rec["items"]),
                _money(float(rec["spend"]), lang),
                _validity_text(rec, lang),
                join,
                str(rec["evidence"]) if rec.get("evidence") else h["no_evidence"],
            )
        )
    header = (h["supplier"], h["items"], h["spend"], h["validity"], h["join"], h["evidence"])
    widths = [max([len(header[i])] + [len(r[i]) for r in rows]) for i in range(5)]
    widths[0] = min(widths[0], 48)

    def line(cells: tuple[str, ...]) -> str:
        name = cells[0] if len(cells[0]) <= widths[0] else cells[0][: widths[0] - 1] + "…"
        return "  ".join(
            [name.ljust(widths[0]), cells[1].rjust(widths[1]), cells[2].rjust(widths[2]),
             cells[3].ljust(widths[3]), cells[4].ljust(widths[4]), cells[5]]
        ).rstrip()

    out = [line(header), line((*("-" * w for w in widths), "-" * len(header[5])))]
    out += [line(r) for r in rows]
    with_ev = int((overview["evidence_count"] > 0).sum()) if not overview.empty else 0
    out.append("")
    out.append(
        h["total"].format(
            n=len(overview),
            items=int(overview["items"].sum()) if not overview.empty else 0,
            spend=_money(float(overview["spend"].sum()) if not overview.empty else 0.0, lang),
            with_ev=with_ev,
        )
    )
    if expiring is not None:
        out.append("")
        if not expiring:
            out.append(h["no_expiring"].format(date=audit_date.isoformat()))
        else:
            out.append(h["expiring"].format(date=audit_date.isoformat(), days=within_days))
            for e in expiring:
                state = h["expired"] if e["state"] == "expired" else h["soon"]
                what = e["label_id"] or e["text"]
                cert = f" {e['certificate_number']}" if e.get("certificate_number") else ""
                out.append(
                    f"  {e['valid_to'].isoformat()}  {state:<10}  {e['supplier_name']}: {what}{cert} "
                    f"({_KINDS[lang].get(e['kind'], e['kind'])}, {h['row']} {e['register_row']})"
                )
    return "\n".join(out) + "\n"


@click.command("suppliers")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-e", "--evidence", type=click.Path(dir_okay=False), default=None,
              help="Supplier evidence register (xlsx/csv/yaml) to look the suppliers up in.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of stdout.")
@click.option("--audit-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date the evidence validity is judged on (default: today).")
@click.option("--within-days", type=click.IntRange(min=0), default=90, show_default=True,
              help="List evidence expiring within this many days of the audit date.")
@click.option("--sheet", "sheets", multiple=True, help="Read only this sheet (repeatable).")
@click.option("--column", "columns", multiple=True, metavar="ROLE=HEADER",
              help="Map a column explicitly, e.g. --column supplier=Kreditor (repeatable).")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="Language of the table output.")
@handle_errors
def suppliers_cmd(
    inputs: tuple[str, ...],
    evidence: str | None,
    fmt: str,
    output: str | None,
    audit_date: dt.datetime | None,
    within_days: int,
    sheets: tuple[str, ...],
    columns: tuple[str, ...],
    lang: str,
) -> None:
    """List the suppliers of INPUT purchase lists with spend and the evidence held for each."""
    from fairbuy.suppliers import expiring_evidence, load_register, supplier_overview

    column_map: dict[str, str] = {}
    for value in columns:
        role, sep, header = value.partition("=")
        if not sep or not role.strip() or not header.strip():
            fail(f"--column expects ROLE=HEADER, got {value!r}")
        column_map[role.strip()] = header.strip()
    on = audit_date.date() if audit_date else dt.date.today()
    register = load_register(Path(evidence)) if evidence else None
    table = read_items(list(inputs), sheets, column_map)
    overview = supplier_overview(table, register, audit_date=on, within_days=within_days)
    expiring = expiring_evidence(register, on, within_days) if register is not None else None

    if fmt == "json":
        doc = {
            "audit_date": on.isoformat(),
            "inputs": list(inputs),
            "register": evidence,
            "suppliers": _records(overview),
            "expiring": [{k: _plain(v) for k, v in e.items()} for e in expiring] if expiring is not None else None,
        }
        data = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        data = overview.to_csv(sep=";", index=False, decimal=",", lineterminator="\r\n")
    else:
        data = render_table(overview, expiring, audit_date=on, within_days=within_days, lang=lang)
    if output is None:
        sys.stdout.write(data)
        sys.stdout.flush()
    else:
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
        try:
            Path(output).write_text(data, encoding=encoding, newline="")
        except OSError as exc:
            raise InputError(output, f"cannot write the file: {exc.strerror or exc}") from exc
