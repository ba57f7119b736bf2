"""``fairbuy labels ...`` and ``fairbuy groups ...``: look up the label database.

Thin layer over :mod:`fairbuy.labeldb`; texts for procurement officers in German (default) or English.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from fairbuy.cli import handle_errors
from fairbuy.labeldb import ILO_CONVENTIONS, ILO_TOPICS, TOPICS, Label, LabelDB, ProductGroup, load_label_db

WIDTH = 100

_T: dict[str, dict[str, str]] = {
    "de": {
        "yes": "ja", "no": "nein", "unknown": "unbekannt",
        "social": "sozial", "environmental": "ökologisch", "both": "sozial und ökologisch",
        "forced_labour": "Zwangsarbeit", "child_labour": "Kinderarbeit",
        "freedom_of_association": "Vereinigungsfreiheit", "non_discrimination": "Nichtdiskriminierung",
        "occupational_safety_health": "Arbeitsschutz", "fair_price": "fairer Preis",
        "living_wage": "existenzsichernder Lohn", "environment": "Umweltkriterien",
        "minimum_price": "Mindestpreis", "premium": "Prämie",
        "product": "Produkt", "ingredient": "Rohstoff/Zutat", "site": "Betriebsstätte", "company": "Unternehmen",
        "supply_chain": "Lieferkette", "membership": "Mitgliedschaft", "meta": "Meta-Siegel (baut auf anderen Siegeln auf)",
        "type": "Art", "db": "Datenbank", "confidence": "Verlässlichkeit der Angaben",
        "high": "hoch", "medium": "mittel", "low": "niedrig",
        "aliases": "Auch genannt", "ambiguous": "Nicht allein als Nachweis werten",
        "owner": "Standardgeber", "awarding": "Siegelvergabe", "certifier": "Zertifizierung durch",
        "country": "Land", "groups": "Produktgruppen", "groups_note": "Hinweis zu Produktgruppen",
        "guarantees": "Was garantiert das Siegel?", "ilo": "ILO-Kernarbeitsnormen",
        "basis_explicit": "in den Quellen ausdrücklich genannt",
        "basis_core_norms_reference": "Quellen verweisen nur allgemein auf die ILO-Kernarbeitsnormen",
        "conventions": "ausdrücklich genannte Übereinkommen", "note": "Hinweis",
        "fairtrade": "Fairer Handel", "env": "Umwelt",
        "verification": "Wie wird geprüft?", "third_party": "unabhängige Dritte",
        "on_site": "Vor-Ort-Audits", "self_decl": "Selbsterklärung", "level": "Ebene",
        "ratings": "Bewertungen", "none_found": "keine gefunden",
        "validity": "Gültigkeit", "valid_from": "gültig ab", "valid_until": "gültig bis",
        "successor": "Nachfolger", "open": "keine Einschränkung bekannt",
        "patterns": "Zertifikats-/Lizenznummern", "procurement": "Vergaberecht",
        "notes": "Hinweise", "sources": "Quellen", "parent": "Teil der Familie",
        "garantiert": "garantiert", "geprueft": "geprüft", "label_count": "Siegel",
        "legend": "ja = Quelle bestätigt, nein = Quelle verneint, unbekannt = in den Quellen nicht gefunden",
        "cpv_prefixes": "CPV-Präfixe", "cpv_codes": "CPV-Codes (allein ausreichend)",
        "cpv_weak": "CPV-Codes (nur mit Beschreibung)", "cpv_excluded": "ausgeschlossene CPV-Codes",
        "cpv_exclude_prefixes": "ausgeschlossene CPV-Präfixe", "keywords": "Stichwörter",
        "risk": "Risiken", "listed_in": "genannt in", "children": "Untergruppen",
        "labels_for_group": "Siegel für diese Gruppe", "name": "Name",
        "no_labels": "Keine Siegel gefunden.", "score": "Treffer",
    },
    "en": {
        "yes": "yes", "no": "no", "unknown": "unknown",
        "social": "social", "environmental": "environmental", "both": "social and environmental",
        "forced_labour": "forced labour", "child_labour": "child labour",
        "freedom_of_association": "freedom of association", "non_discrimination": "non-discrimination",
        "occupational_safety_health": "occupational safety and health", "fair_price": "fair price",
        "living_wage": "living wage", "environment": "environmental criteria",
        "minimum_price": "minimum price", "premium": "premium",
        "product": "product", "ingredient": "ingredient", "site": "site", "company": "company",
        "supply_chain": "supply chain", "membership": "membership", "meta": "meta label (builds on other labels)",
        "type": "type", "db": "database", "confidence": "confidence in the data",
        "high": "high", "medium": "medium", "low": "low",
        "aliases": "Also called", "ambiguous": "Do not accept alone",
        "owner": "Standard owner", "awarding": "Awarding body", "certifier": "Certification by",
        "country": "Country", "groups": "Product groups", "groups_note": "Note on product groups",
        "guarantees": "What does the label guarantee?", "ilo": "ILO fundamental conventions",
        "basis_explicit": "named explicitly in the sources",
        "basis_core_norms_reference": "sources only refer to the ILO core labour standards in general",
        "conventions": "conventions named explicitly", "note": "Note",
        "fairtrade": "Fair trade", "env": "Environment",
        "verification": "How is it verified?", "third_party": "independent third party",
        "on_site": "on-site audits", "self_decl": "self-declaration", "level": "level",
        "ratings": "Ratings", "none_found": "none found",
        "validity": "Validity", "valid_from": "valid from", "valid_until": "valid until",
        "successor": "successor", "open": "no limit known",
        "patterns": "Certificate / licence numbers", "procurement": "Procurement law",
        "notes": "Notes", "sources": "Sources", "parent": "Part of the family",
        "garantiert": "guarantees", "geprueft": "verified", "label_count": "labels",
        "legend": "yes = a source confirms, no = a source denies, unknown = not found in the sources",
        "cpv_prefixes": "CPV prefixes", "cpv_codes": "CPV codes (sufficient alone)",
        "cpv_weak": "CPV codes (only with description)", "cpv_excluded": "excluded CPV codes",
        "cpv_exclude_prefixes": "excluded CPV prefixes", "keywords": "Keywords",
        "risk": "Risks", "listed_in": "listed in", "children": "Sub-groups",
        "labels_for_group": "Labels for this group", "name": "Name",
        "no_labels": "No labels found.", "score": "score",
    },
}


class _Ctx:
    def __init__(self, db_path: str | None, lang: str) -> None:
        self.db_path = db_path
        self.lang = lang
        self._db: LabelDB | None = None

    @property
    def db(self) -> LabelDB:
        if self._db is None:
            self._db = load_label_db(Path(self.db_path) if self.db_path else None)
        return self._db

    def t(self, key: str) -> str:
        return _T[self.lang].get(key, key)


def _yn(ctx: _Ctx, v: bool | None) -> str:
    return ctx.t("unknown") if v is None else ctx.t("yes") if v else ctx.t("no")


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width=WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_on_hyphens=False) or [first or indent]


class _Sources:
    """Numbers source URLs in order of first use."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def ref(self, urls: Iterable[str | None]) -> str:
        nums: list[str] = []
        for u in urls:
            if not u:
                continue
            if u not in self.urls:
                self.urls.append(u)
            n = f"[{self.urls.index(u) + 1}]"
            if n not in nums:
                nums.append(n)
        return " ".join(nums)


# ---------------------------------------------------------------------------------------------- summaries
def guarantees(label: Label) -> dict[str, bool | None]:
    """Coverage per topic (``None`` = unknown)."""
    return {t: label.covers(t) for t in TOPICS}


def _guarantee_line(ctx: _Ctx, label: Label) -> str:
    return " · ".join(f"{ctx.t(t)} {_yn(ctx, label.covers(t))}" for t in TOPICS)


def _verification_line(ctx: _Ctx, label: Label) -> str:
    v = label.verification
    parts = [f"{ctx.t('third_party')} {_yn(ctx, v.third_party)}", f"{ctx.t('on_site')} {_yn(ctx, v.on_site_audits)}",
             f"{ctx.t('self_decl')} {_yn(ctx, v.self_declaration)}",
             f"{ctx.t('level')} {ctx.t(v.level) if v.level else ctx.t('unknown')}"]
    return " · ".join(parts)


def label_summary(label: Label) -> dict[str, Any]:
    """The JSON object of ``labels list``."""
    v = label.verification
    return {
        "id": label.id,
        "name": label.name,
        "name_en": label.name_en,
        "type": label.type,
        "parent": label.parent,
        "aliases": list(label.aliases),
        "ambiguous_aliases": [a.alias for a in label.ambiguous_aliases],
        "product_groups": list(label.product_groups),
        "guarantees": guarantees(label),
        "verification": {"third_party": v.third_party, "on_site_audits": v.on_site_audits,
                         "self_declaration": v.self_declaration, "level": v.level},
        "valid_from": label.valid_from.isoformat() if label.valid_from else None,
        "valid_until": label.valid_until.isoformat() if label.valid_until else None,
        "successor": label.successor,
        "confidence": label.confidence,
        "sources": list(label.sources),
    }


def render_label(ctx: _Ctx, label: Label) -> str:
    """Readable description of one label for a procurement officer."""
    db = ctx.db
    src = _Sources()
    out: list[str] = []
    out.append(f"{label.name}  [{label.id}]")
    head = f"{ctx.t('type')}: {ctx.t(label.type)}"
    if label.confidence:
        head += f" · {ctx.t('confidence')}: {ctx.t(label.confidence)}"
    head += f" · {ctx.t('db')} {db.version}"
    out.append(head)
    if label.name_en:
        out.append(f"English: {label.name_en}")
    if label.parent:
        out.append(f"{ctx.t('parent')}: {db.labels[label.parent].name} [{label.parent}]")
    if label.aliases:
        out += _wrap(", ".join(label.aliases), "  ", f"{ctx.t('aliases')}: ")
    if label.ambiguous_aliases:
        out.append(f"{ctx.t('ambiguous')}:")
        for a in label.ambiguous_aliases:
            out += _wrap(f"\"{a.alias}\" – {a.why} {src.ref([a.source])}".rstrip(), "      ", "  - ")
    for key, val in (("owner", label.owner), ("awarding", label.awarding_body),
                     ("certifier", label.certification_body), ("country", label.country)):
        if val:
            out += _wrap(val, "    ", f"{ctx.t(key)}: ")
    if label.product_groups:
        names = [f"{g} ({db.groups[g].name_de if ctx.lang == 'de' else db.groups[g].name_en})"
                 for g in label.product_groups]
        out += _wrap(", ".join(names), "    ", f"{ctx.t('groups')}: ")
    if label.product_groups_note:
        out += _wrap(label.product_groups_note, "    ", f"{ctx.t('groups_note')}: ")

    out.append("")
    out.append(ctx.t("guarantees"))
    ilo = label.ilo
    basis = f" ({ctx.t('basis_' + ilo.basis)})" if ilo.basis else ""
    out.append(f"  {ctx.t('ilo')}{basis} {src.ref(ilo.sources)}".rstrip())
    width = max(len(f"{ctx.t(t)} ({', '.join(ILO_CONVENTIONS[t])})") for t in ILO_TOPICS) + 2
    for t in ILO_TOPICS:
        name = f"{ctx.t(t)} ({', '.join(ILO_CONVENTIONS[t])})"
        out.append(f"    {name:<{width}}{_yn(ctx, getattr(ilo, t))}")
    if ilo.conventions:
        out.append(f"    {ctx.t('conventions')}: {', '.join(ilo.conventions)}")
    if ilo.note:
        out += _wrap(ilo.note, "      ", f"    {ctx.t('note')}: ")
    ft = label.fair_trade
    out.append(f"  {ctx.t('fairtrade')}: {ctx.t('minimum_price')} {_yn(ctx, ft.minimum_price)} · "
               f"{ctx.t('premium')} {_yn(ctx, ft.premium)} · {ctx.t('living_wage')} {_yn(ctx, ft.living_wage)} "
               f"{src.ref(ft.sources)}".rstrip())
    if ft.note:
        out += _wrap(ft.note, "      ", f"    {ctx.t('note')}: ")
    env = label.environmental
    out.append(f"  {ctx.t('env')}: {_yn(ctx, env.has_criteria)} {src.ref(env.sources)}".rstrip())
    if env.summary:
        out += _wrap(env.summary, "    ")

    out.append("")
    out.append(ctx.t("verification"))
    out.append(f"  {_verification_line(ctx, label)} {src.ref(label.verification.sources)}".rstrip())
    if label.verification.details:
        out += _wrap(label.verification.details, "    ")

    out.append("")
    out.append(ctx.t("ratings"))
    if not label.ratings:
        out.append(f"  {ctx.t('none_found')}")
    for r in label.ratings:
        bits = [r.by]
        if r.product_group:
            bits.append(f"({r.product_group})")
        if r.date and r.date not in r.by:
            bits.append(r.date)
        line = " ".join(bits) + f": {r.value}"
        if r.score:
            line += f" – {r.score}"
        if r.method:
            line += f" – {r.method}"
        line += f" {src.ref([r.source])}"
        out += _wrap(line.rstrip(), "      ", "  - ")
        if r.note:
            out += _wrap(r.note, "      ")

    out.append("")
    out.append(ctx.t("validity"))
    if label.valid_from is None and label.valid_until is None and not label.successor:
        out.append(f"  {ctx.t('open')}")
    if label.valid_from:
        out.append(f"  {ctx.t('valid_from')}: {label.valid_from.isoformat()}")
    if label.valid_until:
        out.append(f"  {ctx.t('valid_until')}: {label.valid_until.isoformat()}")
    if label.successor:
        out.append(f"  {ctx.t('successor')}: {db.labels[label.successor].name} [{label.successor}]")
    if label.validity_note:
        out += _wrap(label.validity_note, "    ", "  ")

    if label.certificate_patterns:
        out.append("")
        out.append(ctx.t("patterns"))
        for p in label.certificate_patterns:
            line = f"{p.regex}" + (f" (z. B. {p.example})" if p.example and ctx.lang == "de" else
                                   f" (e.g. {p.example})" if p.example else "")
            if p.note:
                line += f" – {p.note}"
            out += _wrap(f"{line} {src.ref([p.source])}".rstrip(), "      ", "  - ")
    if label.procurement_notes:
        out.append("")
        out.append(ctx.t("procurement"))
        for n in label.procurement_notes:
            out += _wrap(n, "      ", "  - ")
    if label.notes:
        out.append("")
        out.append(ctx.t("notes"))
        for n in label.notes:
            out += _wrap(n, "      ", "  - ")
    src.ref(label.sources)
    out.append("")
    out.append(ctx.t("sources"))
    for i, u in enumerate(src.urls, 1):
        out.append(f"  [{i}] {u}")
    out.append("")
    out.append(f"({ctx.t('legend')})")
    return "\n".join(out) + "\n"


def render_group(ctx: _Ctx, group: ProductGroup) -> str:
    db = ctx.db
    out = [f"{group.name_de if ctx.lang == 'de' else group.name_en}  [{group.id}]"]
    out.append(f"{group.name_en if ctx.lang == 'de' else group.name_de}")
    if group.parent:
        out.append(f"{ctx.t('parent')}: {group.parent}")
    children = db.group_children(group.id)
    if children:
        out.append(f"{ctx.t('children')}: {', '.join(children)}")
    for key, vals in (("keywords", [*group.keywords_de, *group.keywords_en]),
                      ("cpv_prefixes", group.cpv_prefixes), ("cpv_codes", group.cpv_codes),
                      ("cpv_exclude_prefixes", group.cpv_exclude_prefixes), ("cpv_weak", group.cpv_weak_codes),
                      ("cpv_excluded", group.cpv_excluded_codes), ("risk", group.risk_tags),
                      ("listed_in", group.listed_in)):
        if vals:
            out += _wrap(", ".join(vals), "    ", f"{ctx.t(key)}: ")
    if group.cpv_reference:
        out.append("CPV:")
        for r in group.cpv_reference:
            title = r.title_de if ctx.lang == "de" else r.title_en
            line = f"{r.code} {title or ''}" + (f" – {r.caution}" if r.caution else "")
            out += _wrap(line, "      ", "  - ")
    if group.cpv_note:
        out += _wrap(group.cpv_note, "    ", "CPV-Hinweis: " if ctx.lang == "de" else "CPV note: ")
    if group.notes:
        out += _wrap(group.notes, "    ", f"{ctx.t('notes')}: ")
    labs = db.labels_for_group(group.id)
    out.append(f"{ctx.t('labels_for_group')}: " + (", ".join(lab.id for lab in labs) or "-"))
    out.append(f"{ctx.t('sources')}:")
    for u in group.sources:
        out.append(f"  {u}")
    return "\n".join(out) + "\n"


def _dump_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------------------------------------- click
_db_option = click.option("--db", "db_path", type=click.Path(file_okay=False), default=None, envvar="FAIRBUY_LABEL_DB",
                          help="Label database folder (default: the packaged label_db/).")
_lang_option = click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
                            help="Language of the text output.")
_fmt_option = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                           show_default=True, help="Output format.")


@click.group("labels")
@_db_option
@_lang_option
@click.pass_context
def labels(ctx: click.Context, db_path: str | None, lang: str) -> None:
    """Look up sustainability labels (Gütezeichen): what they guarantee and how they are verified."""
    ctx.obj = _Ctx(db_path, lang)


@labels.command("list")
@click.option("--group", "group_id", default=None, metavar="GROUP",
              help="Only labels for this product group (or one of its parent groups).")
@click.option("--covers", "topics", multiple=True, type=click.Choice(list(TOPICS)),
              help="Only labels whose standard covers this topic (repeatable).")
@click.option("--third-party", is_flag=True, help="Only labels verified by an independent third party.")
@_fmt_option
@click.pass_obj
@handle_errors
def labels_list(obj: _Ctx, group_id: str | None, topics: tuple[str, ...], third_party: bool, fmt: str) -> None:
    """List labels (all, or those for a product group)."""
    db = obj.db
    labs = db.labels_for_group(group_id) if group_id else list(db.labels.values())
    labs = [lab for lab in labs if all(lab.covers(t) is True for t in topics)]
    if third_party:
        labs = [lab for lab in labs if lab.verification.third_party is True]
    labs.sort(key=lambda lab: lab.id)
    if fmt == "json":
        _dump_json([label_summary(lab) for lab in labs])
        return
    if not labs:
        click.echo(obj.t("no_labels"))
        return
    head = f"{len(labs)} {obj.t('label_count')}"
    if group_id:
        g = db.group(group_id)
        head += f" – {g.name_de if obj.lang == 'de' else g.name_en} [{g.id}]"
    click.echo(f"{head} · {obj.t('db')} {db.version}")
    for lab in labs:
        click.echo("")
        click.echo(f"{lab.id}  {lab.name}  ({obj.t(lab.type)})")
        for line in _wrap(_guarantee_line(obj, lab), " " * 16, f"    {obj.t('garantiert') + ':':<12}"):
            click.echo(line)
        for line in _wrap(_verification_line(obj, lab), " " * 16, f"    {obj.t('geprueft') + ':':<12}"):
            click.echo(line)
        if lab.valid_until or lab.successor:
            bits = []
            if lab.valid_until:
                bits.append(f"{obj.t('valid_until')} {lab.valid_until.isoformat()}")
            if lab.successor:
                bits.append(f"{obj.t('successor')} {lab.successor}")
            click.echo(f"    {obj.t('validity') + ':':<12}{' · '.join(bits)}")
    click.echo("")
    click.echo(f"({obj.t('legend')})")


@labels.command("show")
@click.argument("label_id", metavar="ID")
@_fmt_option
@click.pass_obj
@handle_errors
def labels_show(obj: _Ctx, label_id: str, fmt: str) -> None:
    """Show one label: guarantees, verification, ratings, validity, sources."""
    lab = obj.db.label(label_id)
    if fmt == "json":
        data = lab.model_dump(mode="json")
        data["guarantees"] = guarantees(lab)
        data["db_version"] = obj.db.version
        _dump_json(data)
        return
    click.echo(render_label(obj, lab), nl=False)


@labels.command("search")
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@_fmt_option
@click.pass_obj
@handle_errors
def labels_search(obj: _Ctx, text: str, limit: int, fmt: str) -> None:
    """Fuzzy search over label names and aliases."""
    hits = obj.db.search(text, limit=limit)
    if fmt == "json":
        _dump_json([{"id": lab.id, "name": lab.name, "score": round(score, 1)} for lab, score in hits])
        return
    if not hits:
        click.echo(obj.t("no_labels"))
        return
    idw = max(len(lab.id) for lab, _ in hits)
    for lab, score in hits:
        click.echo(f"{score:5.1f}  {lab.id:<{idw}}  {lab.name}")


@click.group("groups")
@_db_option
@_lang_option
@click.pass_context
def groups(ctx: click.Context, db_path: str | None, lang: str) -> None:
    """Look up product groups: keywords, CPV codes, risks."""
    ctx.obj = _Ctx(db_path, lang)


@groups.command("list")
@_fmt_option
@click.pass_obj
@handle_errors
def groups_list(obj: _Ctx, fmt: str) -> None:
    """List product groups with their CPV prefixes."""
    gs = list(obj.db.groups.values())
    if fmt == "json":
        _dump_json([g.model_dump(mode="json") for g in gs])
        return
    idw = max(len(g.id) for g in gs)
    for g in gs:
        name = g.name_de if obj.lang == "de" else g.name_en
        cpv = ",".join([*g.cpv_prefixes, *g.cpv_codes]) or "-"
        parent = f" < {g.parent}" if g.parent else ""
        click.echo(f"{g.id:<{idw}}  {name}{parent}")
        click.echo(f"{'':<{idw}}  CPV {cpv}" + (f" · {', '.join(g.risk_tags)}" if g.risk_tags else ""))


@groups.command("show")
@click.argument("group_id", metavar="ID")
@_fmt_option
@click.pass_obj
@handle_errors
def groups_show(obj: _Ctx, group_id: str, fmt: str) -> None:
    """Show one product group."""
    g = obj.db.group(group_id)
    if fmt == "json":
        data = g.model_dump(mode="json")
        data["children"] = obj.db.group_children(g.id)
        data["labels"] = [lab.id for lab in obj.db.labels_for_group(g.id)]
        _dump_json(data)
        return
    click.echo(render_group(obj, g), nl=False)
