"""Column roles: which column holds the description, quantity, price ... found from header text.

Headers are matched in German and English: exact alias (after folding case, umlauts and
punctuation) first, then an alias contained as whole words ("Gesamtpreis netto (EUR)" contains
"gesamtpreis netto"), then a fuzzy pass for typos. An explicit ``column_map`` ``{role: header}``
always wins. The header row is the first row among the top rows that names the most roles; a
second header row below it (units, more specific names) or a group row above it (often merged
cells) is joined in when every cell of it is column-name text.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from fairbuy.errors import UsageError

#: Roles a column can play (names of the READ_COLUMNS they fill).
ROLES: tuple[str, ...] = (
    "description",
    "quantity",
    "unit",
    "unit_price",
    "amount",
    "currency",
    "supplier",
    "supplier_id",
    "cpv",
    "label_text",
    "origin",
    "purchase_date",
    "article_number",
    "document_number",
)

#: Header aliases per role, written folded (lower case, ä→ae, punctuation → space).
ALIASES: dict[str, tuple[str, ...]] = {
    "description": (
        "bezeichnung", "artikelbezeichnung", "artikeltext", "artikel", "artikelname", "beschreibung",
        "produkt", "produktbezeichnung", "produktname", "leistung", "leistungsbeschreibung",
        "positionstext", "positionsbezeichnung", "materialkurztext", "kurztext", "langtext",
        "bestelltext", "warenbezeichnung", "ware", "gegenstand", "text", "material",
        "materialbezeichnung", "artikelbeschreibung", "bezeichnung des artikels",
        "description", "item", "item description", "item name", "product", "product name",
        "article", "article description", "goods", "name",
        "bez", "art bez", "artikel bez", "buchungstext", "was", "title", "item title", "product title",
    ),
    "quantity": (
        "menge", "anzahl", "stueck", "stk", "stueckzahl", "bestellmenge", "liefermenge", "anz",
        "qty", "quantity", "count", "pieces", "pcs", "ordered quantity", "invoiced quantity",
    ),
    "unit": (
        "einheit", "me", "mengeneinheit", "masseinheit", "basismengeneinheit", "bme", "unit",
        "uom", "unit of measure", "units",
    ),
    "unit_price": (
        "ep", "einzelpreis", "einzelpreis netto", "preis", "stueckpreis", "e preis", "nettopreis",
        "preis je einheit", "preis pro einheit", "preis netto", "listenpreis", "netto ep",
        "ep netto", "unit price", "price", "price per unit", "net price", "unit cost",
        "preis einheit", "preis stueck", "preis je stueck", "preis pro stueck", "preis stk", "preis je stk",
        "ppu", "purchase ppu", "price per item", "item price",
    ),
    "amount": (
        "gesamtpreis", "gesamtpreis netto", "gesamtbetrag", "gesamtbetrag netto", "betrag",
        "nettobetrag", "netto", "gesamt", "gesamt netto", "summe", "summe netto", "positionswert",
        "positionsbetrag", "wert", "bestellwert", "rechnungsbetrag", "gp", "gesamt eur", "umsatz",
        "nettowert", "total", "line total", "amount", "net amount", "value", "total price",
        "total net", "line amount", "extended price", "spend",
        "gp netto", "nettobestellwert", "bestellwert netto", "item subtotal", "subtotal", "netto gesamt",
    ),
    "currency": ("waehrung", "whrg", "wahrung", "currency", "cur", "ccy"),
    "supplier": (
        "lieferant", "lieferantenname", "name lieferant", "lieferant name", "kreditor", "kreditorname",
        "kreditor name", "firma",
        "anbieter", "auftragnehmer", "verkaeufer", "haendler", "supplier", "supplier name",
        "vendor", "vendor name", "seller",
        "name 1", "wo bestellt", "bestellt bei", "gekauft bei", "bezugsquelle",
    ),
    "supplier_id": (
        "lieferantennummer", "lieferanten nr", "lieferant nr", "lieferant nummer", "lief nr", "kreditorennummer",
        "kreditorennr", "kreditor nr", "kreditornummer", "ust id", "ustid", "ust idnr",
        "umsatzsteuer id", "ust identifikationsnummer", "vat id", "vat number", "supplier id",
        "supplier number", "vendor id", "vendor number",
    ),
    "cpv": ("cpv", "cpv code", "cpv nummer", "cpv nr", "cpv kennung"),
    "label_text": (
        "siegel", "siegel nachweis", "nachweis", "label", "labels", "guetesiegel", "zertifikat",
        "zertifizierung", "zertifikate", "nachhaltigkeitssiegel", "nachhaltigkeitsnachweis",
        "oekolabel", "umweltzeichen", "sozialstandard", "nachweis siegel", "label evidence",
        "certificate", "certification", "ecolabel", "eco label", "evidence", "sustainability label",
    ),
    "origin": (
        "herkunft", "herkunftsland", "ursprungsland", "ursprung", "land", "produktionsland",
        "herstellungsland", "country of origin", "origin", "origin country", "country",
    ),
    "purchase_date": (
        "bestelldatum", "rechnungsdatum", "datum", "lieferdatum", "belegdatum", "buchungsdatum",
        "kaufdatum", "auftragsdatum", "order date", "invoice date", "date", "purchase date",
        "posting date",
    ),
    "article_number": (
        "artikelnummer", "artikel nr", "art nr", "artnr", "artikelnr", "materialnummer",
        "material nr", "ean", "gtin", "ean code", "sku", "item number", "item no", "article number",
        "part number", "product code", "produktnummer",
    ),
    "document_number": (
        "bestellnummer", "bestell nr", "belegnummer", "beleg nr", "rechnungsnummer",
        "rechnungs nr", "rechnung nr", "auftragsnummer", "auftrags nr", "bestellung", "beleg",
        "order number", "order no", "invoice number", "invoice no", "po number", "po",
        "document number",
    ),
}

_ALIAS_ROLE: dict[str, str] = {a: role for role, aliases in ALIASES.items() for a in aliases}
_ALIAS_TOKENS: list[tuple[tuple[str, ...], str, str]] = sorted(
    ((tuple(a.split()), a, role) for a, role in _ALIAS_ROLE.items()), key=lambda t: -len(t[1])
)
_FUZZY_ALIASES: list[str] = [a for a in _ALIAS_ROLE if len(a) >= 5]
#: Minimum match score for a header cell to count as naming a role.
MIN_SCORE = 70.0
#: Longer cells are never header cells (and are not folded: a 10 MB cell must cost nothing here).
MAX_HEADER_CHARS = 200
#: Cells of a row looked at for the header (fields far right of a list are never its header).
MAX_HEADER_COLUMNS = 1024
#: How many rows from the top are searched for the header.
HEADER_SEARCH_ROWS = 40


def fold_header(text: str) -> str:
    """Lower case, umlauts spelt out, accents and punctuation removed, spaces collapsed."""
    t = text.strip().lower().replace("ß", "ss")
    t = t.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    t = unicodedata.normalize("NFKD", t)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("€", " eur ").replace("%", " prozent ")
    t = re.sub(r"[^0-9a-z]+", " ", t)
    return t.strip()


#: Position in :data:`_ALIAS_TOKENS` of each alias (as words) used by the word pass (the first one
#: when two aliases split into the same words); the word pass looks up the runs of a header's words.
#: Aliases that name a role only as the whole header: common words ("Was" names the description,
#: "noch was" in a note names nothing).
_EXACT_ONLY = frozenset(("was", "bez", "title", "wo bestellt"))
_ALIAS_RANK: dict[tuple[str, ...], int] = {
    sub: rank for rank, (sub, alias, _) in reversed(list(enumerate(_ALIAS_TOKENS)))
    if len(alias) >= 2 and alias not in _EXACT_ONLY
}
_ALIAS_MAX_WORDS = max(map(len, _ALIAS_RANK))


def _contains(tokens: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(tokens[i : i + n] == sub for i in range(len(tokens) - n + 1))


def _first_alias_within(tokens: tuple[str, ...]) -> tuple[str, str] | None:
    """The first alias of :data:`_ALIAS_TOKENS` (longest first) whose words occur as a run in
    ``tokens``: ``(alias, role)``. Same answer as trying every alias with :func:`_contains`, but
    one dictionary look-up per run of words."""
    best = len(_ALIAS_TOKENS)
    n = len(tokens)
    for i in range(n):
        for j in range(i + 1, min(n, i + _ALIAS_MAX_WORDS) + 1):
            rank = _ALIAS_RANK.get(tokens[i:j])
            if rank is not None and rank < best:
                best = rank
    if best == len(_ALIAS_TOKENS):
        return None
    _, alias, role = _ALIAS_TOKENS[best]
    return alias, role


#: Generic description aliases ("Material" in SAP is the material number, "Name 1" the supplier's
#: name, "Item Tax" no description): they name the description only when no better column does.
_WEAK_ALIASES: dict[str, float] = {"material": 75.0, "name": 75.0, "text": 75.0, "item": 74.0, "product": 74.0}
#: Words of a tax column ("USt-Betrag", "MwSt 19 %", "Item Tax"): never the line amount or price.
_TAX_WORDS = frozenset(("ust", "mwst", "vat", "tax", "steuer", "umsatzsteuer", "mehrwertsteuer"))
#: Words of a classification or maker column ("Product Category", "Warengruppe", "Brand"): not
#: the description (nor the supplier).
_CLASS_WORDS = frozenset((
    "category", "kategorie", "warengruppe", "produktgruppe", "brand", "marke", "hersteller", "manufacturer",
    "account", "konto", "kostenstelle", "unspsc",
))
#: Words saying a column holds a price: "Preis/Einheit", "Preis/Stück" are the unit price, not the
#: unit or the quantity.
_PRICE_WORDS = frozenset(("preis", "price", "ep", "ppu", "cost", "kosten"))
_TOTAL_WORDS = frozenset(("gesamt", "total", "summe", "gesamtpreis"))
#: Date columns: an order date is the purchase date before an invoice, delivery or posting date.
_DATE_WORDS = frozenset(("datum", "date", "dat"))
_ORDER_WORDS = frozenset(("bestellung", "bestellt", "bestell", "order", "auftrag", "kauf", "purchase"))
#: Headers that look like a role but are none: SAP's "Preiseinheit" is the price's quantity basis.
_NO_ROLE = frozenset(("preiseinheit", "preiseinh", "price unit"))
_LATER_DATES = frozenset(("bestelldatum", "auftragsdatum", "kaufdatum", "order date", "purchase date"))


@lru_cache(maxsize=4096)
def match_role(header: str) -> tuple[str | None, float]:
    """Best role for one header text and its score (0..100)."""
    key = fold_header(header)
    if not key or len(key) > 80:
        return None, 0.0
    if key in _NO_ROLE:
        return None, 0.0
    if key in _ALIAS_ROLE:
        role = _ALIAS_ROLE[key]
        if role == "purchase_date" and key not in _LATER_DATES:
            return role, 95.0  # an invoice/delivery/posting date: the order date wins
        return role, _WEAK_ALIASES.get(key, 100.0)
    tokens = tuple(key.split())
    words = set(tokens)
    if len(tokens) <= 8:
        found = _first_alias_within(tokens)
        if words & _DATE_WORDS and (found is None or found[1] in ("document_number", "purchase_date")):
            return "purchase_date", 92.0 if words & _ORDER_WORDS else 85.0
        if words & _TAX_WORDS:
            return None, 0.0
        if found is not None:
            alias, role = found
            if words & _PRICE_WORDS and role in ("unit", "quantity"):
                return ("amount", 86.0) if words & _TOTAL_WORDS else ("unit_price", 86.0)
            if words & _CLASS_WORDS and role in ("description", "supplier"):
                return None, 0.0
            if alias in _WEAK_ALIASES:
                return role, 72.0
            # longer aliases are more specific; one-letter-ish aliases need more support
            return role, 80.0 + min(len(alias), 19) if len(alias) >= 3 else 72.0
    if len(key) >= 5:
        hit = process.extractOne(key, _FUZZY_ALIASES, scorer=fuzz.ratio, score_cutoff=88)
        if hit is not None:
            return _ALIAS_ROLE[hit[0]], float(hit[1]) * 0.8
    return None, 0.0


@dataclass(frozen=True)
class HeaderMatch:
    """The header row found in a block of rows and the roles of its columns."""

    index: int  # index of the (last) header row within the searched rows; data starts below it
    headers: list[str]  # header text per column ("" when empty); two header rows: both texts
    roles: dict[str, int]  # role -> column index
    rows: int = 1  # header rows: 2 when the header spans rows index - 1 and index


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, str) and len(v) <= MAX_HEADER_CHARS:
        return v.strip()
    return ""


def validate_column_map(column_map: Mapping[str, str] | None) -> dict[str, str]:
    """Check a user mapping ``{role: header}``; unknown roles are a usage error."""
    if not column_map:
        return {}
    out: dict[str, str] = {}
    for role, header in column_map.items():
        if role not in ROLES:
            raise UsageError(f"unknown column role {role!r} (known: {', '.join(ROLES)})")
        if not isinstance(header, str) or not header.strip():
            raise UsageError(f"column role {role!r}: header text is empty")
        out[role] = header.strip()
    return out


def assign_roles(headers: Sequence[str], column_map: Mapping[str, str] | None = None) -> dict[str, int]:
    """Map roles to column indexes for one header row. ``column_map`` entries win."""
    return _assign_roles([[h] for h in headers], column_map)


def _assign_roles(options: Sequence[Sequence[str]], column_map: Mapping[str, str] | None) -> dict[str, int]:
    """Map roles to column indexes where each column has one or more texts to be matched by (a
    header on two rows); each column and each role is used once. ``column_map`` entries win;
    then the highest score first, leftmost on ties, a column's earlier text on ties."""
    roles: dict[str, int] = {}
    taken: set[int] = set()
    for role, header in (column_map or {}).items():
        want = fold_header(header)
        for i, texts in enumerate(options):
            if i not in taken and any(h.strip() == header or (want and fold_header(h) == want) for h in texts):
                roles[role] = i
                taken.add(i)
                break
    candidates: list[tuple[float, int, int, str]] = []
    for i, texts in enumerate(options):
        if i in taken:
            continue
        for rank, h in enumerate(texts):
            if not h:
                continue
            found, score = match_role(h)
            if found is not None and score >= MIN_SCORE and found not in roles and found not in (column_map or {}):
                candidates.append((score, i, rank, found))
    for _score, i, _rank, role_name in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if role_name in roles or i in taken:
            continue
        roles[role_name] = i
        taken.add(i)
    return roles


def find_header(
    rows: Sequence[Sequence[object]], column_map: Mapping[str, str] | None = None
) -> HeaderMatch | None:
    """Find the header among the first rows: the first row naming the most roles.

    A header needs at least two roles, or one role if it is the description (or a mapped column).
    Returns None when no row qualifies. The header may span two rows (see :func:`_two_row_header`):
    then ``index`` is its second row and ``headers`` joins the texts of both.
    """
    best: HeaderMatch | None = None
    best_score = 0.0
    next_tie: HeaderMatch | None = None  # the row right below ``best``, if it scores the same
    wanted = {fold_header(h) for h in (column_map or {}).values()}
    searched = rows[:HEADER_SEARCH_ROWS]
    for idx, row in enumerate(searched):
        texts = [_cell_text(v) for v in row[:MAX_HEADER_COLUMNS]]
        nonempty = [t for t in texts if t]
        if not nonempty:
            continue
        roles = assign_roles(texts, column_map)
        mapped = sum(1 for t in texts if t and fold_header(t) in wanted)
        score = len(roles) + 10 * mapped
        qualifies = len(roles) >= 2 or (len(roles) == 1 and ("description" in roles or mapped))
        if qualifies and score > best_score:
            best, best_score, next_tie = HeaderMatch(idx, texts, roles), score, None
        elif qualifies and best is not None and score == best_score and idx == best.index + 1:
            next_tie = HeaderMatch(idx, texts, roles)
    if best is not None:
        found = _two_row_header(searched, best, best_score, column_map, wanted)
        if found.rows == 1 and next_tie is not None:
            # two stacked rows that each name the columns and do not join: the lower one, next
            # to the data, is the header (the upper one a group or title row above it), so that
            # it is not read as an item
            found = _two_row_header(searched, next_tie, best_score, column_map, wanted)
        best = found
    return best


# ------------------------------------------------------------------------- headers on two rows

#: Words of a unit or currency note below a column name ("(Stk)", "netto", "in €").
_UNIT_WORDS = frozenset((
    "eur", "euro", "chf", "usd", "stk", "st", "stueck", "kg", "g", "t", "l", "m", "m2", "qm", "lfm", "h",
    "std", "pck", "pak", "paar", "ve", "netto", "brutto", "je", "pro", "in", "inkl", "exkl", "zzgl", "mwst",
    "ust",
))
#: Other words that name or qualify a column on one of two header rows ("Nr.", "Einzel", "Preise").
_QUALIFIERS = _UNIT_WORDS | frozenset((
    "nr", "no", "nummer", "einzel", "gesamt", "name", "kurz", "lang", "code", "id", "typ", "art", "land",
    "ort", "text", "datum", "pos", "position", "summe", "wert", "betrag", "preise", "mengen", "ek", "vk",
))
_KEY_VALUE = re.compile(r":\s*\S")
_DIGIT = re.compile(r"\d")


def _unit_note(text: str) -> bool:
    """A note on the column above rather than a name: in parentheses/brackets (``(Stk)``,
    ``[EUR]``) or only unit/currency words (``netto``, ``in €``)."""
    if text[:1] in "([" and text[-1:] in ")]":
        return True
    folded = fold_header(text)
    return all(w in _UNIT_WORDS for w in folded.split()) if folded else text in ("€", "%")


def _header_like(value: object) -> bool:
    """A cell that can be (part of) a column name: short text without digits or ``key: value``
    that names a role itself, is a unit note (:func:`_unit_note`) or only qualifier words
    (``Nr.``, ``Einzel``). Numbers, dates and other values are not."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if not text or len(text) > 40 or _DIGIT.search(text) or _KEY_VALUE.search(text):
        return False
    if _unit_note(text):
        return True
    folded = fold_header(text)
    if folded and all(w in _QUALIFIERS for w in folded.split()):
        return True
    return match_role(text)[1] >= MIN_SCORE


def _header_text(value: object) -> bool:
    """Text that can name a column, whatever it says: short, no digits, no ``key: value``."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    return bool(text) and len(text) <= 40 and not _DIGIT.search(text) and not _KEY_VALUE.search(text)


def _fits_header(cells: Sequence[tuple[int, object]], header_row: Sequence[object]) -> bool:
    """Whether the non-empty ``cells`` of a row next to a header row can be its other header row:
    every cell header-like (:func:`_header_like`); or, when two or more cells hold the same text
    as the header row's cell in their column (header cells merged over both rows, whose value
    the reader repeats in each), every other cell at least header text (:func:`_header_text`):
    ``Datum`` over ``Bestellung | Rechnung`` next to merged ``Artikel``, ``Menge``."""
    if all(_header_like(v) for _, v in cells):
        return True
    merged = {i for i, v in cells
              if isinstance(v, str) and v.strip() and i < len(header_row) and _cell_text(header_row[i]) == v.strip()}
    return len(merged) >= 2 and all(i in merged or _header_text(v) for i, v in cells)


def _row_cells(row: Sequence[object]) -> list[tuple[int, object]]:
    """The non-empty cells of a row: ``(column, value)``."""
    out = []
    for i, v in enumerate(row[:MAX_HEADER_COLUMNS]):
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        out.append((i, v))
    return out


def _joined(upper: str, lower: str) -> str:
    if not upper or upper == lower:  # (a cell merged over both rows holds the same text in each)
        return lower
    return f"{upper} {lower}" if lower else upper


def _pair_header(
    upper: Sequence[object],
    lower: Sequence[object],
    column_map: Mapping[str, str] | None,
    wanted: set[str],
    *,
    anchor_upper: bool,
) -> tuple[list[str], dict[str, int], int]:
    """Header texts, roles and mapped columns of a header on two rows. Each column is matched by
    its joined text ("Preis (EUR netto)", "Lieferant Name"), the text of the row found as the
    header on its own (the anchor) and the text of the other row ("Land" under a group
    "Lieferant"; not a unit note such as "(Stk)", which only qualifies the name above it),
    whichever names a role best, on equal scores in that order (:func:`_assign_roles`): "Menge"
    over "ME" stays the quantity, "Land" under "Lieferant" the origin. A mapped header may be
    any of them."""
    up = [_cell_text(v) for v in upper[:MAX_HEADER_COLUMNS]]
    low = [_cell_text(v) for v in lower[:MAX_HEADER_COLUMNS]]
    width = max(len(up), len(low))
    up += [""] * (width - len(up))
    low += [""] * (width - len(low))
    joined = [_joined(u, lo) for u, lo in zip(up, low, strict=True)]
    options: list[list[str]] = []
    for j, u, lo in zip(joined, up, low, strict=True):
        lo = "" if lo and _unit_note(lo) else lo
        if j and set(fold_header(j).split()) & _DATE_WORDS and match_role(j)[0] == "purchase_date":
            # "Datum" over "Bestellung | Rechnung": dates, not the order's number ("Bestellung")
            options.append([j])
            continue
        options.append([t for t in dict.fromkeys((j, u, lo) if anchor_upper else (j, lo, u)) if t])
    mapped = sum(1 for texts in options if any(fold_header(t) in wanted for t in texts))
    return joined, _assign_roles(options, column_map), mapped


def _two_row_header(
    rows: Sequence[Sequence[object]],
    single: HeaderMatch,
    single_score: float,
    column_map: Mapping[str, str] | None,
    wanted: set[str],
) -> HeaderMatch:
    """The header ``single`` found, extended to two rows where the list has them:

    - a second header row below it (``Artikel | Menge | Preis`` over ``Bezeichnung | (Stk) |
      (EUR netto)``): at least two cells, or one unit note right of the header's first column
      (``(EUR)`` under the price), every cell header-like (:func:`_header_like`: no numbers, no
      digits, no ``key: value``), or header cells merged over both rows (:func:`_fits_header`);
      the two rows together name as many roles as it (``Lieferant`` over ``Nr.`` is the
      supplier's number);
    - a group row above it (``Lieferant`` over ``Name | Land``, often merged): every cell
      header-like (or merged cells as below), and two or more cells or one right of the header's
      first column (a title line stands in the first column); the two rows together name more
      roles than it alone.

    Anything else keeps the single row: a data row (numbers, or any cell that is no column name)
    is never taken for a header row.
    """
    h = single.index
    first_col = min((i for i, t in enumerate(single.headers) if t), default=0)
    candidates: list[tuple[float, HeaderMatch]] = []
    if h + 1 < len(rows):
        below = _row_cells(rows[h + 1])
        one_note = (len(below) == 1 and below[0][0] > first_col and isinstance(below[0][1], str)
                    and _unit_note(below[0][1].strip()))
        if (len(below) >= 2 or one_note) and _fits_header(below, rows[h]):
            headers, roles, mapped = _pair_header(rows[h], rows[h + 1], column_map, wanted, anchor_upper=True)
            score = len(roles) + 10 * mapped
            if score >= single_score:
                candidates.append((score, HeaderMatch(h + 1, headers, roles, rows=2)))
    if h >= 1:
        above = _row_cells(rows[h - 1])
        if above and _fits_header(above, rows[h]) and (len(above) >= 2 or above[0][0] > first_col):
            headers, roles, mapped = _pair_header(rows[h - 1], rows[h], column_map, wanted, anchor_upper=False)
            score = len(roles) + 10 * mapped
            if score > single_score:
                candidates.append((score, HeaderMatch(h, headers, roles, rows=2)))
    if not candidates:
        return single
    return max(candidates, key=lambda c: c[0])[1]


def load_column_map(path: str | os.PathLike[str]) -> dict[str, str]:
    """Read a column mapping file: YAML/JSON ``{role: header}``, or lines ``role=header``
    (``#`` comments). Malformed files raise :class:`fairbuy.errors.DataError` naming file and line."""
    import yaml

    from fairbuy.errors import DataError

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(str(path), f"cannot read column mapping: {e}") from None
    out: dict[str, str] = {}
    if p.suffix.lower() in (".yaml", ".yml", ".json"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise DataError(str(path), f"invalid YAML/JSON: {getattr(e, 'problem', e)}",
                            line=mark.line + 1 if mark is not None else None) from None
        if not isinstance(data, dict):
            raise DataError(str(path), "expected a mapping {role: header}")
        items: list[tuple[str, object, int | None]] = [(str(k), v, None) for k, v in data.items()]
    else:
        items = []
        for lineno, text_line in enumerate(text.splitlines(), start=1):
            s = text_line.strip()
            if not s or s.startswith("#"):
                continue
            key, sep, value = s.partition("=")
            if not sep:
                raise DataError(str(path), "expected role=header", line=lineno)
            items.append((key.strip(), value.strip(), lineno))
    for role, header, where in items:
        if role not in ROLES:
            raise DataError(str(path), f"unknown column role (known: {', '.join(ROLES)})", line=where, field=role)
        if not isinstance(header, str) or not header.strip():
            raise DataError(str(path), "header text is empty", line=where, field=role)
        out[role] = header.strip()
    return out
