"""The supplier evidence register: its model and the readers for xlsx/csv/YAML.

A register lists, per supplier, the company-level evidence a procurement office holds:
memberships (Fair Wear Foundation, WFTO, ...), certificates (SA8000, XertifiX, amfori BSCI
audits, ...), labels the supplier is licensed for, signed self-declarations. Spreadsheets hold one
evidence entry per row; rows of the same supplier (same normalised name or same id) form one
supplier. YAML nests the entries under their supplier::

    suppliers:
      - name: Textil Import GmbH
        vat_id: DE123456789
        creditor_number: "70412"
        aliases: [TIG Textilimport]
        evidence:
          - kind: membership
            label: fair-wear-foundation
            valid_from: 2024-01-01
            valid_to: 2025-12-31
            scope: [clothing_workwear, textiles]
            reference: "Ablage 4711"

Headers and keys may be German or English (``Lieferant``/``supplier``, ``Nachweisart``/``kind``,
``Gültig bis``/``valid to``, ...). Every problem raises :class:`fairbuy.errors.InputError` (file
cannot be read) or :class:`fairbuy.errors.DataError` naming the file, the row and the field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import yaml

from fairbuy.errors import DataError, FairbuyError, InputError
from fairbuy.suppliers.names import compact_key, fold_text, normalise_supplier_id, normalise_supplier_name

if TYPE_CHECKING:
    from fairbuy.labeldb import LabelDB

#: Evidence kinds of a register entry.
KINDS: Final[tuple[str, ...]] = ("label", "membership", "certificate", "self_declaration", "other")

_KIND_WORDS: Final[dict[str, str]] = {
    "label": "label",
    "siegel": "label",
    "guetesiegel": "label",
    "guetezeichen": "label",
    "zeichen": "label",
    "produktsiegel": "label",
    "membership": "membership",
    "member": "membership",
    "mitgliedschaft": "membership",
    "mitglied": "membership",
    "certificate": "certificate",
    "certification": "certificate",
    "zertifikat": "certificate",
    "zertifizierung": "certificate",
    "audit": "other",
    "auditbericht": "other",
    "self declaration": "self_declaration",
    "self_declaration": "self_declaration",
    "selfdeclaration": "self_declaration",
    "declaration": "self_declaration",
    "supplier declaration": "self_declaration",
    "eigenerklaerung": "self_declaration",
    "eigenerklarung": "self_declaration",
    "erklaerung": "self_declaration",
    "selbstauskunft": "self_declaration",
    "selbsterklaerung": "self_declaration",
    "verpflichtungserklaerung": "self_declaration",
    "other": "other",
    "sonstiges": "other",
    "sonstige": "other",
    "andere": "other",
    "anderer nachweis": "other",
}

#: Register fields and the header names (folded, see :func:`fold_text`) that mean them.
HEADER_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "supplier": (
        "lieferant", "lieferantenname", "name des lieferanten", "firma", "unternehmen", "auftragnehmer",
        "kreditorname", "kreditor name", "name", "supplier", "supplier name", "vendor", "vendor name",
        "company",
    ),
    "vat_id": (
        "ust id", "ust idnr", "ustid", "ustidnr", "ust id nr", "umsatzsteuer id",
        "umsatzsteuer identifikationsnummer", "vat", "vat id", "vat no", "vat number", "vat_id",
    ),
    "creditor_number": (
        "kreditor", "kreditorennummer", "kreditornummer", "kreditor nr", "kreditoren nr", "kreditorennr",
        "lieferantennummer", "lieferanten nr", "lieferantennr", "lief nr", "creditor", "creditor number",
        "creditor no", "creditor_number", "supplier number", "supplier no", "supplier id", "supplier_id",
        "vendor id", "vendor number", "vendor no",
    ),
    "aliases": (
        "alias", "aliase", "aliasse", "aliasnamen", "aliases", "weitere namen", "andere namen",
        "schreibweisen", "auch bekannt als", "other names", "also known as", "aka",
    ),
    "kind": (
        "nachweisart", "art des nachweises", "art", "nachweistyp", "typ", "kind", "evidence kind",
        "evidence type", "type",
    ),
    "label": (
        "siegel", "label", "standard", "siegel id", "label id", "label_id", "scheme", "scheme id",
        "system", "guetezeichen", "zertifizierungssystem", "programm", "initiative", "siegel standard",
    ),
    "text": ("nachweis", "beschreibung", "bezeichnung", "text", "description", "evidence"),
    "certificate_number": (
        "zertifikatsnummer", "zertifikatnummer", "zertifikat nr", "zertifikats nr", "zertifikatsnr",
        "lizenznummer", "lizenz nr", "mitgliedsnummer", "mitglieds nr", "registriernummer",
        "certificate number", "certificate no", "certificate_number", "certificate id", "license number",
        "licence number", "membership number", "nummer", "nr",
    ),
    "scope": (
        "geltungsbereich", "umfang", "produktgruppen", "produktgruppe", "warengruppen", "warengruppe",
        "gilt fuer", "scope", "scope groups", "product groups", "product group",
    ),
    "sites": ("standorte", "standort", "produktionsstaetten", "betriebsstaetten", "werke", "sites", "site"),
    "valid_from": (
        "gueltig ab", "gueltig von", "gueltigkeit ab", "gueltigkeit von", "von", "ab", "ausgestellt am",
        "ausstellungsdatum", "beginn", "mitglied seit", "unterzeichnet am", "datum", "valid from", "valid_from",
        "issued", "issue date", "start", "since", "from", "signed",
    ),
    "valid_to": (
        "gueltig bis", "gueltigkeit bis", "bis", "ablaufdatum", "ablauf", "laeuft ab", "ende", "valid to",
        "valid_to", "valid until", "valid till", "expires", "expiry", "expiry date", "expiration date", "end",
        "until", "to",
    ),
    "reference": (
        "dokument", "referenz", "ablage", "fundstelle", "aktenzeichen", "datei", "link", "beleg", "document",
        "reference", "file", "url", "document reference",
    ),
    "note": (
        "bemerkung", "bemerkungen", "anmerkung", "anmerkungen", "hinweis", "hinweise", "notiz", "kommentar",
        "note", "notes", "comment", "comments", "remarks",
    ),
}

_ALIAS_TO_FIELD: Final[dict[str, str]] = {
    alias: fld for fld, aliases in HEADER_ALIASES.items() for alias in aliases
}

#: YAML keys that nest evidence entries under a supplier.
_EVIDENCE_KEYS: Final[frozenset[str]] = frozenset({"evidence", "nachweise", "entries", "eintraege"})
_SUPPLIER_LIST_KEYS: Final[frozenset[str]] = frozenset({"suppliers", "lieferanten", "register"})
_SUPPLIER_FIELDS: Final[frozenset[str]] = frozenset({"supplier", "vat_id", "creditor_number", "aliases"})

_ALL_WORDS: Final[frozenset[str]] = frozenset(
    {"", "all", "alle", "alles", "*", "gesamt", "gesamtes sortiment", "all products", "alle produkte",
     "alle produktgruppen", "all groups", "unternehmen", "company", "company wide", "unternehmensweit"}
)
_LIST_SPLIT = re.compile(r"\s*[;,|\n]\s*")
_DATE_DE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_MONTH = re.compile(r"^(\d{1,2})[./](\d{4})$")
_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(19|20|21)\d{2}$")
_LABEL_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class RegisterSupplier:
    """One supplier of the register (all rows with its name or one of its ids)."""

    index: int
    name: str
    normalised: str
    vat_ids: tuple[str, ...] = ()
    creditor_numbers: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    rows: tuple[int, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """All ids of the supplier, normalised (see :func:`normalise_supplier_id`)."""
        return self.vat_ids + self.creditor_numbers


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """One evidence entry (one spreadsheet row, one YAML ``evidence`` item).

    ``row`` is where the user finds it: the Excel row number, the CSV line (header = line 1),
    or the line of the entry in the YAML file. ``supplier`` indexes :attr:`Register.suppliers`.
    ``scope_groups`` None means all product groups.
    """

    row: int
    supplier: int
    kind: str
    label_id: str | None
    text: str
    certificate_number: str | None = None
    scope_groups: tuple[str, ...] | None = None
    sites: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    reference: str | None = None
    note: str | None = None


@dataclass(slots=True)
class Register:
    """A loaded register: its suppliers and their evidence entries."""

    path: str
    suppliers: list[RegisterSupplier] = field(default_factory=list)
    entries: list[RegisterEntry] = field(default_factory=list)
    sheet: str | None = None

    def entries_of(self, supplier: int) -> list[RegisterEntry]:
        """The evidence entries of one supplier (by index), in register order."""
        return [e for e in self.entries if e.supplier == supplier]

    def __len__(self) -> int:
        return len(self.entries)


# --------------------------------------------------------------------------------------- values


def _clean_header(value: object) -> str:
    text = "" if value is None else str(value)
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)
    return fold_text(text)


def header_field(header: object) -> str | None:
    """The register field a column header means, or None."""
    key = _clean_header(header)
    if not key:
        return None
    if key in _ALIAS_TO_FIELD:
        return _ALIAS_TO_FIELD[key]
    compact = key.replace(" ", "")
    for alias, fld in _ALIAS_TO_FIELD.items():
        if len(alias) >= 5 and alias.replace(" ", "") == compact:
            return fld
    return None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():
            return str(int(value))
    text = " ".join(str(value).split())
    return text or None


def _list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple | set):
        out: list[str] = []
        for item in value:
            out.extend(_list(item))
        return out
    text = _text(value)
    if text is None:
        return []
    return [part for part in _LIST_SPLIT.split(text) if part]


def _month_bound(year: int, month: int, end: bool) -> dt.date:
    first = dt.date(year, month, 1)
    if not end:
        return first
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def parse_date(value: object, *, excel: bool = False, end: bool = False) -> dt.date | None:
    """A date from a cell; None when blank. Raises ValueError for anything else.

    Accepted: date/datetime, ``2025-01-31``, ``31.01.2025``, ``31.1.25``; a month ``12/2025``,
    ``12.2025`` or ``2025-12`` and a year ``2025`` mean their first day, or with ``end`` their last
    day (for "valid to"). With ``excel`` a number is an Excel serial day, except whole numbers
    1900–2100, which are years.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != value:
            return None
        if float(value).is_integer() and 1900 <= value <= 2100:
            return dt.date(int(value), 12, 31) if end else dt.date(int(value), 1, 1)
        if excel and 1 <= value < 2958466:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        raise ValueError(f"not a date: {value!r}")
    text = str(value).strip()
    if not text or text in {"-", "–", "—"}:
        return None
    try:
        m = _DATE_ISO.match(text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _DATE_DE.match(text)
        if m:
            year = int(m.group(3))
            if len(m.group(3)) == 2:
                year += 2000
            return dt.date(year, int(m.group(2)), int(m.group(1)))
        m = _MONTH.match(text)
        if m:
            return _month_bound(int(m.group(2)), int(m.group(1)), end)
        m = _MONTH_ISO.match(text)
        if m:
            return _month_bound(int(m.group(1)), int(m.group(2)), end)
        if _YEAR.match(text):
            return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
    except ValueError as exc:
        raise ValueError(f"not a date ({exc}): {text!r}") from None
    raise ValueError(f"not a date (expected YYYY-MM-DD, DD.MM.YYYY, MM/YYYY or YYYY): {text!r}")


def parse_kind(value: object) -> str | None:
    """The evidence kind named by a cell (German or English), None when blank; ValueError if unknown."""
    text = _text(value)
    if text is None:
        return None
    key = fold_text(text)
    if key in _KIND_WORDS:
        return _KIND_WORDS[key]
    if key.replace(" ", "_") in KINDS:
        return key.replace(" ", "_")
    raise ValueError(f"unknown evidence kind {text!r} (use one of: {', '.join(KINDS)}; "
                     "or Siegel, Mitgliedschaft, Zertifikat, Eigenerklärung, Sonstiges)")


# --------------------------------------------------------------------------------------- readers

RawRecord = tuple[int, dict[str, Any]]


def _records_from_rows(
    path: str, rows: Iterable[tuple[int, list[Any]]], *, sheet: str | None = None
) -> list[RawRecord] | None:
    """Find the header among the first rows and turn the rows below it into field dicts.

    Returns None when no header with a supplier column was found.
    """
    iterator = iter(rows)
    mapping: dict[int, str] | None = None
    for scanned, (_row_no, cells) in enumerate(iterator, start=1):
        candidate: dict[int, str] = {}
        for col, cell in enumerate(cells):
            fld = header_field(cell)
            if fld is not None and fld not in candidate.values():
                candidate[col] = fld
        has_supplier = any(f in candidate.values() for f in ("supplier", "vat_id", "creditor_number"))
        has_evidence = any(f in candidate.values() for f in ("kind", "label", "text", "certificate_number"))
        if has_supplier and (has_evidence or len(candidate) >= 2):
            mapping = candidate
            break
        if scanned >= 30:
            break
    if mapping is None:
        return None
    records: list[RawRecord] = []
    for row_no, cells in iterator:
        record: dict[str, Any] = {}
        for col, fld in mapping.items():
            if col < len(cells):
                value = cells[col]
                if isinstance(value, str):
                    value = value.strip()
                    if value == "":
                        value = None
                record[fld] = value
        if all(v is None for v in record.values()):
            continue
        records.append((row_no, record))
    _ = path, sheet
    return records


def _decode(path: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(path, "cannot decode the file as UTF-8 or Windows-1252 text")


def _read_csv(path: Path, display: str) -> list[RawRecord]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(display, f"cannot read the file: {exc.strerror or exc}") from exc
    if b"\x00" in data[:4096]:
        raise InputError(display, "not a text file (binary content)")
    text = _decode(display, data)
    if not text.strip():
        raise InputError(display, "the register is empty")
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", "\t", ",", "|")}
    delimiter = max(counts, key=lambda d: counts[d]) if max(counts.values()) > 0 else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterable[tuple[int, list[Any]]]:
        start = 1
        try:
            for cells in reader:
                yield start, list(cells)
                start = reader.line_num + 1
        except csv.Error as exc:
            raise InputError(display, f"malformed CSV: {exc}", row=start) from exc

    records = _records_from_rows(display, rows())
    if records is None:
        raise InputError(display, "no header row with a supplier column (Lieferant/Supplier) found")
    return records


def _read_workbook(path: Path, display: str, sheet: str | None) -> tuple[list[RawRecord], str]:
    from python_calamine import CalamineWorkbook

    from fairbuy.io.guards import guard_office_file
    from fairbuy.io.sheets import check_xlsx_extents

    # the purchase-list reader's checks: calamine aborts the process on a zip bomb, an absurd
    # shared-string count or a sheet grid too large to allocate
    fmt = path.suffix.lstrip(".").lower()
    try:
        guard_office_file(path, display_path=display, fmt=fmt)
        if fmt in ("xlsx", "xlsm"):
            check_xlsx_extents(path.read_bytes(), display)
    except InputError as exc:
        raise InputError(display, f"cannot open the workbook: {exc.reason}", sheet=exc.sheet) from None
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise InputError(display, f"cannot open the workbook: {' '.join(str(exc).split())[:200]}") from exc
    names = list(wb.sheet_names)
    if sheet is not None and sheet not in names:
        raise InputError(display, f"no sheet named {sheet!r} (sheets: {', '.join(names)})")
    for name in [sheet] if sheet is not None else names:
        try:
            values = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise InputError(display, f"cannot read the sheet: {' '.join(str(exc).split())[:200]}",
                             sheet=name) from exc
        records = _records_from_rows(display, ((i + 1, list(r)) for i, r in enumerate(values)), sheet=name)
        if records is not None:
            return records, name
    raise InputError(display, "no sheet with a header row naming a supplier column (Lieferant/Supplier)")


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that records the 1-based line of every mapping under ``__line__``."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _yaml_key(key: object) -> str | None:
    if key == "__line__":
        return None
    folded = fold_text(str(key))
    if folded in _EVIDENCE_KEYS:
        return "evidence"
    if folded in ("name",):
        return "supplier"
    return header_field(key)


def _read_yaml(path: Path, display: str) -> list[RawRecord]:
    try:
        text = _decode(display, path.read_bytes())
    except OSError as exc:
        raise InputError(display, f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        doc = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        if isinstance(exc, yaml.reader.ReaderError):  # a forbidden character (NUL, ...)
            line = text.count("\n", 0, exc.position) + 1
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or exc
        raise DataError(display, f"invalid YAML: {' '.join(str(problem).split())}", line=line) from exc
    if doc is None:
        raise InputError(display, "the register is empty")
    suppliers: Any = doc
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key != "__line__" and fold_text(str(key)) in _SUPPLIER_LIST_KEYS:
                suppliers = value
                break
        else:
            raise DataError(display, "expected a list under 'suppliers:' (or 'lieferanten:')",
                            line=doc.get("__line__"))
    if not isinstance(suppliers, list):
        raise DataError(display, "expected a list of suppliers")
    records: list[RawRecord] = []
    for n, item in enumerate(suppliers, start=1):
        if not isinstance(item, dict):
            raise DataError(display, "a supplier must be a mapping (name:, evidence: ...)", entry=f"#{n}")
        line = int(item.get("__line__", 0)) or n
        base: dict[str, Any] = {}
        evidence: Any = None
        for key, value in item.items():
            fld = _yaml_key(key)
            if key == "__line__":
                continue
            if fld is None:
                raise DataError(display, f"unknown key {key!r}", line=line, field=str(key))
            if fld == "evidence":
                evidence = value
            else:
                base[fld] = value
        if evidence is None:
            records.append((line, base))
            continue
        if not isinstance(evidence, list):
            raise DataError(display, "'evidence' must be a list of entries", line=line, field="evidence")
        if not evidence:
            records.append((line, base))
        for ev in evidence:
            if not isinstance(ev, dict):
                raise DataError(display, "an evidence entry must be a mapping (kind:, label: ...)",
                                line=line, field="evidence")
            ev_line = int(ev.get("__line__", line))
            record = dict(base)
            for key, value in ev.items():
                fld = _yaml_key(key)
                if key == "__line__":
                    continue
                if fld is None or fld == "evidence":
                    raise DataError(display, f"unknown key {key!r}", line=ev_line, field=str(key))
                if fld in _SUPPLIER_FIELDS:
                    raise DataError(display, f"{key!r} belongs to the supplier, not to an evidence entry",
                                    line=ev_line, field=str(key))
                record[fld] = value
            records.append((ev_line, record))
    return records


# --------------------------------------------------------------------------------------- building


class _LabelResolver:
    """Turns the label cell into a canonical label id, validating it where a database is at hand.

    With a label database the cell may hold a label id, a merged former id (``max-havelaar``) or
    a label's name or alias ("Fair Wear Foundation"); without one, ids from ``known`` (or, with
    nothing to check against, any id-shaped text).
    """

    def __init__(self, db: LabelDB | None, known: Collection[str] | None) -> None:
        self.db = db
        self.known = frozenset(known) if known is not None else None
        self.names: dict[str, str] = {}
        self.display: dict[str, str] = {}
        if db is not None:
            for lid, label in db.labels.items():
                self.display[lid] = str(getattr(label, "name", lid))
                texts = [lid, getattr(label, "name", None), getattr(label, "name_en", None),
                         *getattr(label, "aliases", [])]
                for text in texts:
                    if isinstance(text, str) and text:
                        self.names.setdefault(fold_text(text), lid)

    def __call__(self, value: str) -> str | None:
        slug = _slug(value)
        if self.db is not None:
            for candidate in (value.strip(), slug):
                try:
                    found = self.db.canonical_label_id(candidate)
                except (FairbuyError, LookupError, ValueError):
                    continue
                if found in self.db.labels:
                    return found
            return self.names.get(fold_text(value))
        if self.known is not None:
            return slug if slug in self.known else None
        return slug if _LABEL_SLUG.match(slug) else None

    def suggest(self, value: str) -> str | None:
        """The closest known label id to an unknown label text, for the error message."""
        from rapidfuzz import fuzz, process

        pool: dict[str, str] = dict(self.names)
        for lid in self.known or ():
            pool.setdefault(fold_text(lid), lid)
        if not pool:
            return None
        found = process.extractOne(fold_text(value), list(pool), scorer=fuzz.WRatio, score_cutoff=80)
        return pool[found[0]] if found else None

    def name(self, label_id: str) -> str:
        """The label's display name (its id without a database)."""
        return self.display.get(label_id, label_id)


def _slug(value: str) -> str:
    return fold_text(value).replace(" ", "-")


def _default_label_db() -> LabelDB | None:
    try:
        from fairbuy.labeldb import load_label_db
    except ImportError:
        return None
    try:
        return load_label_db()
    except FileNotFoundError:
        return None


class _Builder:
    def __init__(
        self,
        display: str,
        *,
        resolve_label: _LabelResolver,
        known_groups: Collection[str] | None,
        excel_dates: bool,
    ) -> None:
        self.display = display
        self.resolve_label = resolve_label
        self.known_groups = frozenset(known_groups) if known_groups is not None else None
        self.excel_dates = excel_dates

    def fail(self, row: int, fld: str, message: str) -> DataError:
        return DataError(self.display, message, line=row, field=fld)

    def build(self, records: list[RawRecord], sheet: str | None) -> Register:
        if not records:
            raise InputError(self.display, "the register has no entries", sheet=sheet)
        parsed: list[tuple[int, str | None, tuple[str, ...], tuple[str, ...], tuple[str, ...], dict[str, Any]]] = []
        for row, rec in records:
            name = _text(rec.get("supplier"))
            vat_ids = tuple(dict.fromkeys(normalise_supplier_id(v) for v in _list(rec.get("vat_id"))))
            creditors = tuple(
                dict.fromkeys(normalise_supplier_id(v) for v in _list(rec.get("creditor_number")))
            )
            aliases = tuple(dict.fromkeys(_list(rec.get("aliases"))))
            if name is None and not vat_ids and not creditors:
                raise self.fail(row, "supplier", "no supplier name or id")
            if name is not None and not normalise_supplier_name(name):
                raise self.fail(row, "supplier", f"supplier name {name!r} has no letters or digits")
            parsed.append((row, name, vat_ids, creditors, aliases, rec))
        groups = _group_rows([(p[1], p[2] + p[3]) for p in parsed])
        register = Register(path=self.display, sheet=sheet)
        row_supplier: dict[int, int] = {}
        for members in groups:
            name = next((parsed[i][1] for i in members if parsed[i][1] is not None), None)
            vat = tuple(dict.fromkeys(v for i in members for v in parsed[i][2]))
            cred = tuple(dict.fromkeys(v for i in members for v in parsed[i][3]))
            aliases = tuple(dict.fromkeys(a for i in members for a in parsed[i][4]))
            other_names = tuple(
                dict.fromkeys(
                    n for i in members if (n := parsed[i][1]) is not None and n != name
                )
            )
            index = len(register.suppliers)
            display_name = name if name is not None else (vat + cred)[0]
            register.suppliers.append(
                RegisterSupplier(
                    index=index,
                    name=display_name,
                    normalised=normalise_supplier_name(name) if name is not None else "",
                    vat_ids=vat,
                    creditor_numbers=cred,
                    aliases=tuple(dict.fromkeys(other_names + aliases)),
                    rows=tuple(parsed[i][0] for i in members),
                )
            )
            for i in members:
                row_supplier[i] = index
        for i, (row, _name, _vat, _cred, _aliases, rec) in enumerate(parsed):
            entry = self.entry(row, row_supplier[i], rec)
            if entry is not None:
                register.entries.append(entry)
        return register

    def entry(self, row: int, supplier: int, rec: dict[str, Any]) -> RegisterEntry | None:
        try:
            kind = parse_kind(rec.get("kind"))
        except ValueError as exc:
            raise self.fail(row, "kind", str(exc)) from exc
        label_text = _text(rec.get("label"))
        label_id: str | None = None
        if label_text is not None:
            label_id = self.resolve_label(label_text)
            if label_id is None:
                hint = self.resolve_label.suggest(label_text)
                more = f" – did you mean {hint!r}?" if hint else " (one label id per row; see `fairbuy labels`)"
                raise self.fail(row, "label", f"unknown label or scheme id {label_text!r}{more}")
        text = _text(rec.get("text"))
        cert = _text(rec.get("certificate_number"))
        if kind is None:
            if label_id is None and text is None and cert is None:
                return None  # a supplier row without evidence (ids, aliases only)
            if label_id is None:
                raise self.fail(row, "kind", "evidence without a kind (label, membership, certificate, "
                                             "self_declaration, other) or a label id")
            kind = "label"
        scope = self.scope(row, rec.get("scope"))
        dates: dict[str, dt.date | None] = {}
        for fld in ("valid_from", "valid_to"):
            try:
                dates[fld] = parse_date(rec.get(fld), excel=self.excel_dates, end=fld == "valid_to")
            except ValueError as exc:
                raise self.fail(row, fld, str(exc)) from exc
        vf, vt = dates["valid_from"], dates["valid_to"]
        if vf is not None and vt is not None and vt < vf:
            raise self.fail(row, "valid_to", f"valid to {vt.isoformat()} lies before valid from {vf.isoformat()}")
        sites = ", ".join(_list(rec.get("sites"))) or None
        if text is None:
            text = self.resolve_label.name(label_id) if label_id is not None else kind
        return RegisterEntry(
            row=row,
            supplier=supplier,
            kind=kind,
            label_id=label_id,
            text=text,
            certificate_number=cert,
            scope_groups=scope,
            sites=sites,
            valid_from=vf,
            valid_to=vt,
            reference=_text(rec.get("reference")),
            note=_text(rec.get("note")),
        )

    def scope(self, row: int, value: object) -> tuple[str, ...] | None:
        items = _list(value)
        if not items or any(fold_text(i) in _ALL_WORDS for i in items):
            if len(items) > 1:
                raise self.fail(row, "scope", "'all' cannot be combined with product groups")
            return None
        groups: list[str] = []
        for item in items:
            gid = fold_text(item).replace(" ", "_")
            if self.known_groups is not None and gid not in self.known_groups:
                raise self.fail(row, "scope", f"unknown product group {item!r}")
            if not re.fullmatch(r"[a-z0-9_]+", gid):
                raise self.fail(row, "scope", f"not a product group id: {item!r}")
            groups.append(gid)
        return tuple(dict.fromkeys(groups))


def _group_rows(rows: list[tuple[str | None, tuple[str, ...]]]) -> list[list[int]]:
    """Rows → suppliers: rows sharing an id belong together; rows with the same normalised name
    too, unless both carry ids and share none (two companies of the same name)."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_id: dict[str, int] = {}
    for i, (_name, ids) in enumerate(rows):
        for sid in ids:
            if sid in by_id:
                union(i, by_id[sid])
            else:
                by_id[sid] = i
    by_name: dict[str, list[int]] = {}
    for i, (name, _ids) in enumerate(rows):
        if name is not None:
            by_name.setdefault(compact_key(normalise_supplier_name(name)), []).append(i)
    for members in by_name.values():
        with_ids = {find(i) for i in members if rows[i][1]}
        if len(with_ids) <= 1:
            for i in members[1:]:
                union(members[0], i)
        # else: two id-distinct companies share the name; rows without ids stay on their own.
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def load_register(
    path: str | os.PathLike[str],
    *,
    label_db: LabelDB | None = None,
    known_label_ids: Collection[str] | None = None,
    known_groups: Collection[str] | None = None,
    sheet: str | None = None,
    use_label_db: bool = True,
) -> Register:
    """Read a supplier evidence register (xlsx/xlsm/xls/ods, csv/tsv/txt, yaml/yml).

    Label ids are validated against ``label_db`` (default: the packaged label database, when it
    can be loaded and ``use_label_db``), else against ``known_label_ids`` when given; product
    group ids in the scope against ``known_groups`` or the label database's groups.
    """
    p = Path(path)
    display = os.fspath(path)
    if not p.exists():
        raise InputError(display, "file not found")
    if p.is_dir():
        raise InputError(display, "is a folder, not a file")
    if label_db is None and known_label_ids is None and use_label_db:
        label_db = _default_label_db()
    if known_groups is None and label_db is not None:
        groups = getattr(label_db, "groups", None)
        if isinstance(groups, Mapping) and groups:
            known_groups = frozenset(str(g) for g in groups)
    builder = _Builder(
        display,
        resolve_label=_LabelResolver(label_db, known_label_ids),
        known_groups=known_groups,
        excel_dates=False,
    )
    suffix = p.suffix.lower()
    sheet_name: str | None = None
    if suffix in (".yaml", ".yml"):
        records = _read_yaml(p, display)
    elif suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        records, sheet_name = _read_workbook(p, display, sheet)
        builder.excel_dates = True
    elif suffix in (".csv", ".tsv", ".txt", ""):
        records = _read_csv(p, display)
    else:
        raise InputError(display, f"unsupported register format {suffix!r} (use .xlsx, .csv or .yaml)")
    return builder.build(records, sheet_name)
