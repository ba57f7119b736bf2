"""German wording of the readers' reasons (why a row is not an item, or a note on a cell).

The readers state their reasons in English (``read_error``); the report's findings carry a German
``message`` and an English ``message_en``. :func:`german` gives the German text of a reason: each
known reason (or part of a ``"; "``-joined reason) is replaced, parameters kept; an unknown one
stays as it is (an English reason in a German message is better than none).
"""

from __future__ import annotations

import re
from typing import Final

#: (pattern, German replacement), tried in order; ``\\1`` … refer to the pattern's groups.
_GERMAN: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), german)
    for pattern, german in (
        (
            r"no header row recognised \(expected column names such as Bezeichnung/Artikeltext, Menge, "
            r"Einzelpreis, Lieferant; or give a column mapping\)",
            "keine Kopfzeile erkannt (erwartet werden Spaltennamen wie Bezeichnung/Artikeltext, Menge, "
            "Einzelpreis, Lieferant; oder eine Spaltenzuordnung angeben)",
        ),
        (r"no header row recognised", "keine Kopfzeile erkannt"),
        (
            r"no description, article number or CPV column recognised; name it with a column mapping "
            r"\(e\.g\. description=<header>\)",
            "keine Spalte für Bezeichnung, Artikelnummer oder CPV-Code erkannt; mit einer Spaltenzuordnung "
            "benennen (z. B. description=<Spaltenname>)",
        ),
        (r"row has no description, article number or CPV code", "Zeile ohne Bezeichnung, Artikelnummer oder CPV-Code"),
        (r"a cell is longer than (\d+) characters", r"eine Zelle ist länger als \1 Zeichen"),
        (r"repeated column header row \(not an item\)", "wiederholte Kopfzeile (keine Position)"),
        (r"sign-off or approval line \(not an item\)", "Prüf- oder Freigabevermerk (keine Position)"),
        (r"budget or balance line below the total \(not an item\)",
         "Budget- oder Restbetragszeile unter der Summe (keine Position)"),
        (r"text only \(no quantity, price or amount\): a heading or remark, not an item",
         "nur Text (keine Menge, kein Preis, kein Betrag): Überschrift oder Bemerkung, keine Position"),
        (r"\bquantity ('.*?'|\".*?\") is not a number \(treated as missing\)",
         r"Menge \1 ist keine Zahl (als fehlend behandelt)"),
        (r"\bunit price ('.*?'|\".*?\") is not a number \(treated as missing\)",
         r"Einzelpreis \1 ist keine Zahl (als fehlend behandelt)"),
        (r"\bamount ('.*?'|\".*?\") is not a number \(treated as missing\)",
         r"Betrag \1 ist keine Zahl (als fehlend behandelt)"),
        (
            r"a quote \(\"\) opens a value that does not close on this line; read up to the end of the "
            r"line, the quote kept as text",
            "ein Anführungszeichen (\") öffnet einen Wert, der in dieser Zeile nicht endet; bis zum "
            "Zeilenende gelesen, das Anführungszeichen als Text behalten",
        ),
        (r"invoice line without item name \(BT-153\)", "Rechnungsposition ohne Artikelname (BT-153)"),
    )
)


def german(reason: str) -> str:
    """``reason`` in German where it is one of the readers' known reasons (see module doc)."""
    for pattern, replacement in _GERMAN:
        reason = pattern.sub(replacement, reason)
    return reason
