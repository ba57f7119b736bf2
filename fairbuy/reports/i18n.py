"""Strings of the human-readable reports (xlsx, html, csv headers, terminal summary) in German and English.

German is the default: fairbuy's users are German public buyers. Every key exists in both languages
(checked by a test); :func:`t` raises ``KeyError`` for an unknown key so typos fail loudly.
"""

from __future__ import annotations

import math

from fairbuy.errors import UsageError

LANGS = ("de", "en")

STRINGS: dict[str, dict[str, str]] = {
    "de": {
        # sheets
        "sheet.overview": "Übersicht",
        "sheet.items": "Positionen",
        "sheet.findings": "Befunde",
        "sheet.rules": "Regeln",
        "sheet.labels": "Gütezeichen",
        "sheet.unknown": "Unbekannte Nachweise",
        # statuses
        "status.compliant": "konform",
        "status.non_compliant": "nicht konform",
        "status.needs_review": "prüfen",
        "status.not_applicable": "nicht anwendbar",
        "status.unreadable": "nicht lesbar",
        # overview
        "title": "fairbuy – Prüfbericht",
        "meta.generated_at": "Erstellt am",
        "meta.audit_date": "Prüfdatum",
        "meta.fairbuy_version": "fairbuy-Version",
        "meta.label_db_version": "Version der Gütezeichen-Datenbank",
        "inputs": "Geprüfte Dateien",
        "input.path": "Datei",
        "input.sha256": "SHA-256",
        "input.rows": "Zeilen",
        "input.format": "Format",
        "input.sheets": "Tabellenblätter",
        "rulesets": "Regelwerke",
        "ruleset.id": "Regelwerk",
        "ruleset.version": "Version",
        "ruleset.source": "Herkunft",
        "country_lists": "Verwendete Länderlisten",
        "list.id": "Länderliste",
        "source.shipped": "mitgeliefert",
        "source.file": "Datei",
        "source.rule_set": "im Regelwerk",
        "source.replaces.shipped": "ersetzt die mitgelieferte Liste",
        "source.replaces.rule_set": "ersetzt die Liste des Regelwerks",
        "validity.from": "ab",
        "validity.to": "bis",
        "validity.open": "unbegrenzt",
        "headline": "Kennzahlen",
        "headline.items": "Positionen",
        "headline.spend": "Ausgaben gesamt",
        "headline.compliant_share": "Anteil konformer Ausgaben (an den Ausgaben, für die eine Regel gilt)",
        "headline.applicable_spend": "Ausgaben, für die eine Regel gilt",
        "by_status": "Nach Status",
        "by_group": "Nach Warengruppe",
        "col.status": "Status",
        "col.count": "Anzahl",
        "col.spend": "Ausgaben",
        "col.share_items": "Anteil Positionen",
        "col.group": "Warengruppe",
        "col.compliant_spend": "davon konform",
        "col.compliant_share": "Anteil konform",
        "chart.spend_by_status": "Ausgaben nach Status",
        "chart.compliant_share_by_group": "Anteil konformer Ausgaben je Warengruppe",
        "indicators": "Indikatoren",
        "indicator.title": "Indikator",
        "indicator.value": "Wert",
        "indicator.unit": "Einheit",
        "list_findings": "Befunde zur gesamten Liste",
        "whole_list": "gesamte Liste",
        "no_group": "(keine Warengruppe)",
        # items
        "col.file": "Datei",
        "col.sheet": "Blatt",
        "col.row": "Zeile",
        "col.description": "Beschreibung",
        "col.quantity": "Menge",
        "col.unit": "Einheit",
        "col.unit_price": "Einzelpreis",
        "col.amount": "Betrag",
        "col.currency": "Währung",
        "col.supplier": "Lieferant",
        "col.cpv": "CPV",
        "col.labels": "Gütezeichen (gefundener Text)",
        "col.label_text": "Nachweisangabe",
        "col.origin": "Herkunft",
        "col.date": "Datum",
        "col.document": "Belegnummer",
        "col.score": "Punkte",
        "col.reason": "Begründung",
        "col.suggestion": "Vorschlag",
        # findings
        "col.ruleset": "Regelwerk",
        "col.rule": "Regel",
        "col.severity": "Schwere",
        "col.message": "Befund",
        "col.evidence_used": "Verwendete Nachweise",
        "col.reference": "Quelle",
        # rules
        "col.applied": "angewendet auf Positionen",
        "col.applied_spend": "Ausgaben (angewendet)",
        # labels
        "col.label": "Gütezeichen",
        "col.label_name": "Name",
        "col.matched_texts": "Gefundene Schreibweisen",
        "col.guarantees": "Was es zusichert",
        "col.verification": "Überprüfung",
        "col.ilo": "ILO-Kernarbeitsnormen",
        "col.links": "Quellen",
        # unknown evidence
        "col.kind": "Art",
        "col.text": "Text",
        "col.fields": "Spalte",
        "col.examples": "Beispiele (Datei/Blatt/Zeile)",
        "sheet.suppliers": "Lieferanten",
        "col.register_supplier": "Eintrag im Nachweisregister",
        "col.join": "Zuordnung",
        "col.evidence_held": "Vorliegende Nachweise (Gültigkeit)",
        "col.validity": "Gültigkeit",
        "col.valid_to": "gültig bis",
        "col.open_items": "offene Positionen",
        "kind.unknown_label": "unbekanntes Gütezeichen",
        "kind.generic_claim": "allgemeine Aussage",
        # suggestions
        "suggest.prefix": "Nachweis z. B. durch",
        # html
        "html.filter": "Filter",
        "html.filter_placeholder": "Text suchen …",
        "html.all_statuses": "alle Status",
        "html.shown": "angezeigt",
        "html.findings": "Befunde",
        "html.no_items": "Keine Positionen.",
        "html.nothing": "keine",
        "html.large.title": "Großer Bericht: {hidden} von {total} Positionen sind hier nicht einzeln aufgeführt",
        "html.large.items": "Einzeln aufgeführt sind die ersten {shown} Positionen in Listenreihenfolge.",
        "html.large.hidden_action": "Von den {hidden} übrigen brauchen {action} eine Klärung ({by_status}); alle "
                                    "ihre Befunde stehen unter „{findings}“.",
        "html.large.findings": "Alle {count} Befunde mit Handlungsbedarf (nicht konform, prüfen, nicht lesbar) stehen "
                               "unter „{findings}“, gleiche Befunde zu {groups} Zeilen zusammengefasst, jede mit der "
                               "Zahl der Positionen und ihren Zeilennummern. Konforme und nicht anwendbare Ergebnisse "
                               "({other}) sind nur in der Tabelle „{rules}“ gezählt.",
        "html.large.list": "Befunde zur gesamten Liste stehen oben unter „{list_findings}“.",
        "html.large.full": "Jede Position mit allen Befunden enthält der xlsx-Bericht (Blätter „{items_sheet}“ und "
                           "„{findings}“) und der JSON-Bericht (items) desselben Laufs: fairbuy check mit denselben "
                           "Eingaben und -o bericht.xlsx bzw. -o bericht.json. Diesen HTML-Bericht mit allen "
                           "Positionen erzeugt die Option --html-max-items 0 (API: max_items=0).",
        "html.large.shown": "Nur die ersten {shown} von {total} Positionen sind hier aufgeführt; alle enthält der xlsx- "
                            "oder JSON-Bericht.",
        "html.large.grouped": "Gleiche Befunde mit Handlungsbedarf sind zusammengefasst: Regel, Status, Befund, "
                              "Nachweise, Vorschlag, Quelle und Warengruppe gleich. Konforme und nicht anwendbare "
                              "Ergebnisse zählt die Tabelle „{rules}“.",
        "html.col.items": "Positionen",
        "html.col.rows": "Zeilen",
        "html.rows_n": "{n} Zeilen",
        # terminal
        "term.checked": "{items} Positionen geprüft, Ausgaben {spend}",
        "term.top_groups": "Größte nicht konforme Warengruppen",
        "term.positions": "Pos.",
        "term.user_lists": "Eigene Länderlisten",
        # diff
        "diff.title": "Vergleich zweier Prüfberichte",
        "diff.old": "vorher",
        "diff.new": "nachher",
    },
    "en": {
        "sheet.overview": "Overview",
        "sheet.items": "Items",
        "sheet.findings": "Findings",
        "sheet.rules": "Rules",
        "sheet.labels": "Labels",
        "sheet.unknown": "Unknown evidence",
        "status.compliant": "compliant",
        "status.non_compliant": "non-compliant",
        "status.needs_review": "needs review",
        "status.not_applicable": "not applicable",
        "status.unreadable": "unreadable",
        "title": "fairbuy – audit report",
        "meta.generated_at": "Generated at",
        "meta.audit_date": "Audit date",
        "meta.fairbuy_version": "fairbuy version",
        "meta.label_db_version": "Label database version",
        "inputs": "Inputs checked",
        "input.path": "File",
        "input.sha256": "SHA-256",
        "input.rows": "Rows",
        "input.format": "Format",
        "input.sheets": "Sheets",
        "rulesets": "Rule sets",
        "ruleset.id": "Rule set",
        "ruleset.version": "Version",
        "ruleset.source": "Source",
        "country_lists": "Country lists used",
        "list.id": "Country list",
        "source.shipped": "shipped",
        "source.file": "file",
        "source.rule_set": "in the rule set",
        "source.replaces.shipped": "replaces the shipped list",
        "source.replaces.rule_set": "replaces the rule set's list",
        "validity.from": "from",
        "validity.to": "until",
        "validity.open": "no limits",
        "headline": "Headline figures",
        "headline.items": "Items",
        "headline.spend": "Total spend",
        "headline.compliant_share": "Compliant share of spend (of the spend a rule applies to)",
        "headline.applicable_spend": "Spend a rule applies to",
        "by_status": "By status",
        "by_group": "By product group",
        "col.status": "Status",
        "col.count": "Count",
        "col.spend": "Spend",
        "col.share_items": "Share of items",
        "col.group": "Product group",
        "col.compliant_spend": "compliant",
        "col.compliant_share": "Compliant share",
        "chart.spend_by_status": "Spend by status",
        "chart.compliant_share_by_group": "Compliant share of spend per product group",
        "indicators": "Indicators",
        "indicator.title": "Indicator",
        "indicator.value": "Value",
        "indicator.unit": "Unit",
        "list_findings": "Findings on the whole list",
        "whole_list": "whole list",
        "no_group": "(no product group)",
        "col.file": "File",
        "col.sheet": "Sheet",
        "col.row": "Row",
        "col.description": "Description",
        "col.quantity": "Quantity",
        "col.unit": "Unit",
        "col.unit_price": "Unit price",
        "col.amount": "Amount",
        "col.currency": "Currency",
        "col.supplier": "Supplier",
        "col.cpv": "CPV",
        "col.labels": "Labels (matched text)",
        "col.label_text": "Evidence given",
        "col.origin": "Origin",
        "col.date": "Date",
        "col.document": "Document number",
        "col.score": "Score",
        "col.reason": "Reason",
        "col.suggestion": "Suggestion",
        "col.ruleset": "Rule set",
        "col.rule": "Rule",
        "col.severity": "Severity",
        "col.message": "Finding",
        "col.evidence_used": "Evidence used",
        "col.reference": "Source",
        "col.applied": "applied to items",
        "col.applied_spend": "Spend (applied)",
        "col.label": "Label",
        "col.label_name": "Name",
        "col.matched_texts": "Matched texts",
        "col.guarantees": "What it guarantees",
        "col.verification": "Verification",
        "col.ilo": "ILO core labour standards",
        "col.links": "Sources",
        "col.kind": "Kind",
        "col.text": "Text",
        "col.fields": "Column",
        "col.examples": "Examples (file/sheet/row)",
        "sheet.suppliers": "Suppliers",
        "col.register_supplier": "Evidence register entry",
        "col.join": "Joined by",
        "col.evidence_held": "Evidence held (validity)",
        "col.validity": "Validity",
        "col.valid_to": "valid to",
        "col.open_items": "open items",
        "kind.unknown_label": "unknown label",
        "kind.generic_claim": "generic claim",
        "suggest.prefix": "Evidence e.g. by",
        "html.filter": "Filter",
        "html.filter_placeholder": "Search text …",
        "html.all_statuses": "all statuses",
        "html.shown": "shown",
        "html.findings": "Findings",
        "html.no_items": "No items.",
        "html.nothing": "none",
        "html.large.title": "Large report: {hidden} of {total} items are not listed one by one here",
        "html.large.items": "Listed one by one are the first {shown} items in list order.",
        "html.large.hidden_action": "Of the {hidden} others, {action} need attention ({by_status}); all their "
                                    "findings are under “{findings}”.",
        "html.large.findings": "All {count} findings that need attention (non-compliant, needs review, unreadable) "
                               "are under “{findings}”, identical findings merged into {groups} rows, each with the "
                               "number of items and their row numbers. Compliant and not applicable results "
                               "({other}) are only counted in the “{rules}” table.",
        "html.large.list": "Findings on the whole list are above under “{list_findings}”.",
        "html.large.full": "Every item with all its findings is in the xlsx report (sheets “{items_sheet}” and "
                           "“{findings}”) and the JSON report (items) of the same run: fairbuy check with the same "
                           "inputs and -o report.xlsx or -o report.json. This HTML report with every item: option "
                           "--html-max-items 0 (API: max_items=0).",
        "html.large.shown": "Only the first {shown} of {total} items are listed here; the xlsx or JSON report has "
                            "them all.",
        "html.large.grouped": "Identical findings that need attention are merged: same rule, status, finding, "
                              "evidence, suggestion, source and product group. Compliant and not applicable results "
                              "are counted in the “{rules}” table.",
        "html.col.items": "Items",
        "html.col.rows": "Rows",
        "html.rows_n": "{n} rows",
        "term.checked": "{items} items checked, spend {spend}",
        "term.top_groups": "Largest non-compliant product groups",
        "term.positions": "items",
        "term.user_lists": "Country lists given by the user",
        "diff.title": "Comparison of two audit reports",
        "diff.old": "before",
        "diff.new": "after",
    },
}


def check_lang(lang: str) -> str:
    """``lang`` if supported, else a :class:`UsageError`."""
    if lang not in STRINGS:
        raise UsageError(f"unsupported report language {lang!r} (use one of: {', '.join(LANGS)})")
    return lang


def t(lang: str, key: str) -> str:
    """The text for ``key`` in ``lang``."""
    return STRINGS[lang][key]


def status_text(lang: str, status: str) -> str:
    return STRINGS[lang].get(f"status.{status}", status)


def format_number(value: float | None, lang: str, decimals: int = 2) -> str:
    """``1234.5`` → ``1.234,50`` (de) or ``1,234.50`` (en); ``None``/non-finite → ``""``."""
    if value is None or not math.isfinite(value):
        return ""
    text = f"{value:,.{decimals}f}"
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_money(value: float | None, lang: str, currency: str = "€") -> str:
    text = format_number(value, lang)
    if not text:
        return ""
    return f"{text} {currency}" if lang == "de" else f"{currency}{text}" if currency == "€" else f"{text} {currency}"


def format_share(value: float | None, lang: str) -> str:
    """``0.4567`` → ``45,7 %`` (de) / ``45.7%`` (en); ``None`` → ``–``."""
    if value is None or not math.isfinite(value):
        return "–"
    text = format_number(value * 100, lang, 1)
    return f"{text} %" if lang == "de" else f"{text}%"
