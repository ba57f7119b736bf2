"""One-off bootstrap: convert the research facts (shared/reference) into fairbuy's label_db/ YAML.

Not part of the package. The YAML files it wrote were then reviewed and edited by hand; do not
re-run it over edited data (it overwrites). Usage:

    python tools/bootstrap_label_db.py /work/shared/reference label_db
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

CPV_REG = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32008R0213"

# loose product-group slugs of labels-facts -> canonical group ids (None: no fairbuy group)
PG_MAP: dict[str, str | None] = {
    "textiles": "textiles", "home_textiles": "textiles", "cotton": "textiles", "wool": "textiles",
    "bags": "textiles",
    "clothing": "clothing_workwear", "workwear": "clothing_workwear", "outdoor_clothing": "clothing_workwear",
    "shoes": "footwear", "leather": "leather_goods",
    "coffee": "coffee", "tea": "tea", "cocoa": "cocoa_chocolate", "chocolate": "cocoa_chocolate",
    "sugar": "sugar", "bananas": "tropical_fruit", "pineapple": "tropical_fruit", "juice": "orange_juice",
    "flowers": "flowers_plants", "plants": "flowers_plants",
    "natural_stone": "natural_stone", "granite": "natural_stone", "marble": "natural_stone",
    "sandstone": "natural_stone", "paving_stones": "natural_stone", "gravestones": "gravestones",
    "sports_balls": "sports_balls", "toys": "toys", "carpets": "carpets",
    "wood": "wood", "furniture": "furniture", "paper": "paper",
    "office_supplies": "office_supplies_wood_stone_rubber", "writing_instruments": "office_supplies_wood_stone_rubber",
    "it_hardware": "ict_hardware", "notebooks": "ict_hardware", "displays": "ict_hardware",
    "servers": "ict_hardware", "tablets": "ict_hardware", "smartphones": "ict_hardware",
    "desktops": "ict_hardware", "all_in_one_pcs": "ict_hardware", "projectors": "ict_hardware",
    "headsets": "ict_hardware", "data_storage": "ict_hardware", "computers": "ict_hardware",
    "imaging_equipment": "ict_hardware", "network_equipment": "ict_hardware", "printers": "ict_hardware",
    "office_equipment": "ict_hardware", "mobile_phones": "ict_hardware",
    "cleaning_products": "cleaning_products", "palm_oil": "eudr_other_commodities",
    "food": "food", "fruit": "food", "vegetables": "food", "honey": "food", "rice": "food",
    "spices": "food", "nuts": "food", "wine": "food", "grain": "food", "milk": "food", "meat": "food",
    "eggs": "food", "oils": "food", "dried_fruit": "food", "citrus": "food", "coconut": "food",
    "hazelnuts": "food",
    "fish": "fish_seafood", "seafood": "fish_seafood",
    "gold": "jewellery_precious_metals", "silver": "jewellery_precious_metals",
    "platinum": "jewellery_precious_metals", "jewellery": "jewellery_precious_metals",
}

# short tokens / generic words that must never match alone (moved from aliases to ambiguous_aliases)
FORCE_AMBIGUOUS: dict[str, dict[str, str]] = {
    "fairtrade": {"FLO": "Short acronym (Fairtrade Labelling Organizations International); too short to match alone."},
    "fairtrade-sourced-ingredient": {"FSI": "Short acronym with many other meanings; unverified alias."},
    "rainforest-alliance": {"RFA": "Short acronym with many other meanings.",
                            "Frosch-Siegel": "'Frosch' is also a brand of cleaning products; match only with context.",
                            "grüner Frosch": "'Frosch' is also a brand of cleaning products; match only with context."},
    "eu-bio": {"kbA": "Abbreviation 'kontrolliert biologischer Anbau' is also used on textiles and cosmetics, where it is no EU organic certification."},
    "bio-siegel-de": {"Biosiegel": "Used generically for any organic label (EU logo, association labels)."},
    "tco-certified": {"TCO 8": "Old generation; 'TCO' alone means Total Cost of Ownership in IT tenders."},
    "cotton-made-in-africa": {"CmiA": "Short acronym; CmiA products may use mass balance.",
                              "CMIA": "Short acronym; CmiA products may use mass balance."},
    "responsible-wool-standard": {"RWS": "Short acronym with other meanings."},
    "cradle-to-cradle": {"C2C": "Also used for the design concept (and 'consumer to consumer'), not only the certification."},
    "wfto": {"IFAT": "Former name (International Fair Trade Association); short acronym."},
    "amfori-bsci": {"amfori": "Business association; membership alone says nothing about audits of a product's supplier."},
    "msc": {},
}
# ambiguous entries of labels-facts that are really aliases (longest-match issues): keep as alias
KEEP_AS_ALIAS = {("xertifix", "XertifiX"), ("naturland", "Naturland"), ("pefc", "PEFC"),
                 ("goodweave", "Rugmark"), ("fsc", "FSC Mix / FSC Recycled"), ("max-havelaar", "Max Havelaar")}
# ambiguous entries that are caveats rather than text: -> notes (or replaced by concrete strings)
AMB_REPLACE: dict[tuple[str, str], list[str]] = {
    ("fairtrade", "mit Pfeil / Mischprodukt"): [],
    ("fairtrade", "Fair Trade / fair trade / Fairer Handel / fair gehandelt"): ["Fair Trade", "Fairer Handel", "fair gehandelt"],
    ("fairtrade-cotton", "Fairtrade-Baumwolle (Rohstoffsiegel / Baumwollprogramm)"): [],
    ("fairtrade-sourced-ingredient", "Fairtrade (white seal)"): [],
    ("fair-for-life", "Fair for Life (ingredient)"): [],
    ("rainforest-alliance", "Rainforest Alliance (with percentage)"): [],
    ("gots", "GOTS 'made with X% organic'"): [],
    ("gots", "Bio-Baumwolle / organic cotton / kbA-Baumwolle"): ["Bio-Baumwolle", "organic cotton", "kbA-Baumwolle"],
    ("oeko-tex-standard-100", "OEKO-TEX / Öko-Tex (without further qualifier)"): ["OEKO-TEX", "Öko-Tex", "Oeko-Tex"],
    ("cotton-made-in-africa", "CmiA (mass balance)"): [],
    ("sa8000", "SA 8000 (on product)"): [],
    ("blauer-engel", "Blauer Engel (product group)"): [],
    ("cradle-to-cradle", "Cradle to Cradle / C2C (concept)"): [],
    ("gruener-knopf", "grüner Knopf / grüne Knöpfe"): ["grüne Knöpfe"],
    ("eu-bio", "DE-ÖKO-xxx"): [],
    ("eu-bio", "Bio / Öko / bio"): ["Bio", "Öko", "Oeko"],
    ("eu-bio", "organic / Bio-Baumwolle"): ["organic", "Bio-Baumwolle"],
    ("fair-stone", "fair stone / fairer Stein / fair gehandelter Naturstein"): ["fairer Stein", "fair gehandelter Naturstein"],
}
DROP_ALIASES = {("eu-bio", "DE-ÖKO-0xx"), ("fsc", "FSC-C0xxxxx")}

CERT_PATTERNS: dict[str, list[dict[str, Any]]] = {
    "fsc": [{"regex": r"\bFSC[- ]?C\d{6}\b", "example": "FSC-C012345",
             "source": "https://combra-shop.de/wiki/fsc",
             "note": "FSC licence code: 'FSC-C' + digits (labels-facts: alias 'FSC-C0xxxxx', ambiguous-alias note)."}],
    "eu-bio": [{"regex": r"\bDE-(?:ÖKO|OEKO|OKO)-\d{3}\b", "example": "DE-ÖKO-006",
                "source": "https://www.bofrost.de/bio.html",
                "note": "Code of the German organic control body printed under the EU organic logo; identifies the control body, not a separate label."}],
    "blauer-engel": [{"regex": r"\b(?:DE|RAL)[- ]?UZ[- ]?\d{1,3}[a-z]?\b", "example": "DE-UZ 78",
                      "source": "https://www.idealo.de/unternehmen/nachhaltigkeit/filter-nachhaltige-produkte/nachhaltigkeitssiegel",
                      "note": "Number of the product-group award criteria (Vergabegrundlage), e.g. DE-UZ 14a recycled paper, 78 computers, 154 textiles, 148 leather; identifies the criteria, not a certificate."}],
}


_INCOMPLETE: list[str] = []


def clean_sources(urls: list[str] | None) -> list[str]:
    """Keep real URLs; a URL with an annotation keeps the URL; incomplete ones go to _INCOMPLETE."""
    out: list[str] = []
    for u in urls or []:
        first = u.split(" ")[0]
        if re.match(r"^https?://\S+$", first) and "…" not in first:
            if first not in out:
                out.append(first)
        else:
            _INCOMPLETE.append(u)
    return out


def _fallback(block: dict[str, Any], stated: bool, label_sources: list[str], note_key: str | None) -> None:
    if stated and not block["sources"]:
        block["sources"] = list(label_sources)
        msg = "No specific source was recorded for this block; sources are the label's general sources."
        if note_key:
            block[note_key] = (block.get(note_key) + " " if block.get(note_key) else "") + msg


def _rating_source(r: dict[str, Any]) -> tuple[str | None, str | None]:
    src = r.get("source")
    if src is None:
        return None, r.get("note")
    got = clean_sources([src])
    _INCOMPLETE[:] = [x for x in _INCOMPLETE if x != src]
    if got:
        return got[0], r.get("note")
    return None, ((r.get("note") + " ") if r.get("note") else "") + f"Source recorded without a complete URL: {src}"


def _split(alias: str) -> list[str]:
    if "(" in alias:
        return [alias]
    return [a.strip() for a in alias.split(" / ") if a.strip()]


def convert_label(lab: dict[str, Any], merged: list[dict[str, Any]]) -> dict[str, Any]:
    lid = lab["id"]
    _INCOMPLETE.clear()
    notes: list[str] = list(lab.get("notes") or [])
    aliases: list[str] = []
    seen: set[str] = set()
    raw_aliases = list(lab.get("aliases") or [])
    for m in merged:
        raw_aliases += [m["name"].split(" (")[0], *(m.get("aliases") or [])]
    for a in raw_aliases:
        if (lid, a) in DROP_ALIASES or a.casefold() in seen or a.casefold() == lab["name"].casefold():
            continue
        seen.add(a.casefold())
        aliases.append(a)
    amb: list[dict[str, Any]] = []
    amb_seen: set[str] = set()

    def add_amb(alias: str, why: str, source: str | None) -> None:
        k = alias.casefold()
        if k in amb_seen:
            return
        amb_seen.add(k)
        amb.append({"alias": alias, "why": why, "source": source})

    for src in [lab, *merged]:
        for a in src.get("ambiguous_aliases") or []:
            key = (src["id"], a["alias"])
            if key in KEEP_AS_ALIAS:
                notes.append(f"Matching caveat for '{a['alias']}': {a['why']}"
                             + (f" ({a['source']})" if a.get("source") else ""))
                continue
            if key in AMB_REPLACE:
                strings = AMB_REPLACE[key]
                if not strings:
                    notes.append(f"Caveat ({a['alias']}): {a['why']}" + (f" ({a['source']})" if a.get("source") else ""))
                    continue
            else:
                strings = _split(a["alias"])
            for s in strings:
                add_amb(s, a["why"], a.get("source"))
    for alias, why in FORCE_AMBIGUOUS.get(lid, {}).items():
        add_amb(alias, why, None)
    # an ambiguous string must not stay an alias of the same label
    aliases = [a for a in aliases if a.casefold() not in amb_seen]

    pgs: list[str] = []
    unmapped: list[str] = []
    for g in lab.get("product_groups") or []:
        c = PG_MAP.get(g)
        if c is None:
            unmapped.append(g)
        elif c not in pgs:
            pgs.append(c)
    pg_note_parts = []
    if lab.get("product_groups_note"):
        pg_note_parts.append(lab["product_groups_note"])
    pg_note_parts.append("Product groups named in the sources: " + ", ".join(lab.get("product_groups") or []) + ".")
    if unmapped:
        pg_note_parts.append("No fairbuy product group for: " + ", ".join(unmapped) + ".")

    ilo_src = lab.get("ilo") or {}
    ilo = {k: ilo_src.get(k) for k in ("forced_labour", "child_labour", "freedom_of_association",
                                       "non_discrimination", "occupational_safety_health", "basis")}
    ilo["conventions"] = list(ilo_src.get("conventions_cited") or [])
    ilo["note"] = ilo_src.get("note")
    ilo["sources"] = clean_sources(ilo_src.get("sources"))
    lw = lab.get("living_wage_fair_price") or {}
    fair = {"minimum_price": lw.get("minimum_price"), "premium": lw.get("premium"),
            "living_wage": lw.get("living_wage"), "note": lw.get("note"), "sources": clean_sources(lw.get("sources"))}
    has_env = lab.get("has_environmental_criteria")
    env_summary = lab.get("environmental_criteria")
    if lab.get("environmental_note"):
        env_summary = (env_summary + " " if env_summary else "") + lab["environmental_note"]
    if has_env is None and env_summary:
        has_env = True
    env = {"has_criteria": has_env, "summary": env_summary, "sources": clean_sources(lab.get("environmental_sources"))}
    if lid == "fair-wear-foundation":
        env["sources"] = ["https://fairtrade-aachen.de/fair-wear-foundation"]
    v = lab.get("verification") or {}
    tp = v.get("third_party_certification")
    details = v.get("details")
    if tp == "partial":
        tp = None
        details = "Independent third-party verification only partly (external audits are one element). " + (details or "")
    ver = {"third_party": tp, "on_site_audits": v.get("on_site_audits"),
           "self_declaration": v.get("self_declaration"), "level": v.get("level"), "details": details,
           "sources": clean_sources(v.get("sources"))}
    top_sources = clean_sources([*lab["sources"], *(lab.get("vgv34_sources") or []),
                                 *[s for m in merged for s in m["sources"]]])
    _fallback(ilo, any(ilo[k] is not None for k in ("forced_labour", "child_labour", "freedom_of_association",
                                                    "non_discrimination", "occupational_safety_health")),
              top_sources, "note")
    _fallback(fair, any(fair[k] is not None for k in ("minimum_price", "premium", "living_wage")), top_sources, "note")
    _fallback(env, env["summary"] is not None, top_sources, None)
    _fallback(ver, any(ver[k] is not None for k in ("third_party", "on_site_audits", "self_declaration", "details")),
              top_sources, "details")

    ratings: list[dict[str, Any]] = []
    rt = lab.get("ratings") or {}
    by_names = {"siegelklarheit": "Siegelklarheit", "kompass_nachhaltigkeit": "Kompass Nachhaltigkeit",
                "cir": "CIR (Christliche Initiative Romero)", "label_online": "label-online.de (Verbraucher Initiative)"}
    for key, by in by_names.items():
        r = rt.get(key)
        if not r:
            continue
        extra = []
        if r.get("environment"):
            extra.append(f"Umwelt: {r['environment']}")
        if r.get("social"):
            extra.append(f"Soziales: {r['social']}")
        if r.get("source_note"):
            extra.append(str(r["source_note"]))
        note = " ".join([*(extra), *([r["note"]] if r.get("note") else [])]) or None
        if r.get("value") is None:
            notes.append(f"{by}: {r.get('note')} ({r.get('source')})")
            continue
        rsrc, _ = _rating_source(r)
        ratings.append({"by": by, "value": str(r["value"]), "product_group": r.get("product_group"),
                        "date": None, "score": (f"credibility {r['credibility_score']}" if r.get("credibility_score") else None),
                        "method": ("current Siegelklarheit method" if r.get("older") else r.get("method")),
                        "source": rsrc, "note": note})
        old = r.get("older")
        if old:
            ratings.append({"by": by, "value": str(old["value"]), "product_group": r.get("product_group"),
                            "date": None, "score": None, "method": old.get("method"), "source": old.get("source"),
                            "note": (f"Umwelt: {old['environment']}" if old.get("environment") else None)})
    for o in rt.get("other") or []:
        m = re.search(r"\b(19|20)\d{2}\b", o.get("by", ""))
        ratings.append({"by": o["by"], "value": str(o["value"]), "product_group": o.get("product_group"),
                        "date": m.group(0) if m else None, "score": None, "method": None,
                        "source": _rating_source(o)[0], "note": _rating_source(o)[1]})

    status = lab.get("status")
    out: dict[str, Any] = {
        "id": lid,
        "name": lab["name"],
        "name_en": None,
        "aliases": aliases,
        "ambiguous_aliases": amb,
        "parent": lab.get("parent"),
        "type": lab["type"],
        "owner": lab.get("standard_owner"),
        "awarding_body": lab.get("awarding_body_de") or lab.get("awarding_body"),
        "certification_body": lab.get("certification_body"),
        "country": lab.get("country"),
        "product_groups": pgs,
        "product_groups_note": " ".join(pg_note_parts),
        "ilo": ilo,
        "fair_trade": fair,
        "environmental": env,
        "verification": ver,
        "ratings": ratings,
        "valid_from": None,
        "valid_until": None,
        "successor": None,
        "validity_note": status if status and status != "legacy" else None,
        "certificate_patterns": CERT_PATTERNS.get(lid, []),
        "confidence": lab.get("confidence"),
        "procurement_notes": list(lab.get("vgv34_indicators") or []),
        "notes": notes,
        "sources": top_sources,
    }
    for inc in dict.fromkeys(_INCOMPLETE):
        out["notes"].append(f"Source recorded without a complete URL: {inc}")
    if lab.get("focus"):
        out["notes"].insert(0, f"Focus: {lab['focus']}")
    return out


RULE_CHILD = {"magna_charta_ruhr_2010", "nrw_bestg_4a", "bw_bestattg_15_2021", "by_bestg_9a",
              "hb_bestattungsgesetz_4_5", "sl_bestattg_8_4", "he_fbg_grabsteine", "ni_bestattg_13a",
              "bb_bestg_grabsteine", "rp_bestg_2019", "by_bekanntmachung_2008", "rlp_2009", "muenchen_2002",
              "halle_2007", "neuss_2006", "kempten_2008", "nrw_rvo_tvgg_2017"}
RULE_ILO_CORE = {"ni_nkernvo_2015", "hb_kernv_2011", "nrw_rvo_tvgg_2017"}


def convert_group(g: dict[str, Any], rule_sources: dict[str, str], titles: dict[str, tuple[str, str]]) -> dict[str, Any]:
    exact = list(g.get("cpv_match_codes_exact") or [])
    prefixes = list(g.get("cpv_match_prefixes") or [])
    weak: list[str] = []
    refs = []
    for c in g.get("cpv") or []:
        code = c["code"]
        de, en = titles.get(code, (c.get("title_de"), c.get("title_en")))
        caution = c.get("caution") or c.get("note")
        refs.append({"code": code, "title_de": de, "title_en": en, "caution": caution})
        inside = code in exact or any(code.startswith(p) for p in prefixes)
        if not inside:
            weak.append(code)
    listed = list(g.get("listed_in") or [])
    tags: list[str] = []
    if RULE_CHILD & set(listed):
        tags.append("child_labour")
    if RULE_ILO_CORE & set(listed):
        tags += ["forced_labour", "labour_rights"]
    if "eudr_2023_1115" in listed:
        tags.append("deforestation_eudr")
    if g["id"] in ("paper", "cleaning_products"):
        tags.append("environment")
    sources = [rule_sources[r] for r in listed if r in rule_sources]
    sources.append(CPV_REG)
    notes = " ".join(x for x in (g.get("notes"),) if x) or None
    cpv_note = " ".join(x for x in (g.get("cpv_notes"), g.get("cpv_check_note")) if x) or None
    for corr in g.get("cpv_corrections") or []:
        cpv_note = (cpv_note + " " if cpv_note else "") + (
            f"{corr['code']} is '{corr['actual_title_en']}' – {corr['note']}.")
    return {
        "id": g["id"], "name_de": g["name_de"], "name_en": g["name_en"], "parent": g.get("parent"),
        "keywords_de": list(g.get("synonyms_de") or []), "keywords_en": list(g.get("synonyms_en") or []),
        "compound_heads_de": [], "negative_keywords_de": [],
        "cpv_prefixes": prefixes, "cpv_codes": exact, "cpv_exclude_prefixes": list(g.get("cpv_exclude_prefixes") or []),
        "cpv_weak_codes": weak, "cpv_excluded_codes": list(g.get("cpv_exclude_codes") or []),
        "cpv_reference": refs, "cpv_note": cpv_note, "risk_tags": tags, "listed_in": listed,
        "sources": sources, "notes": notes,
    }


def main(ref: Path, out: Path) -> None:
    import csv

    facts = yaml.safe_load((ref / "labels-facts.yaml").read_text(encoding="utf-8"))
    rules = yaml.safe_load((ref / "rules-facts.yaml").read_text(encoding="utf-8"))
    titles = {r["code"]: (r["name_de"], r["name_en"])
              for r in csv.DictReader((ref / "cpv" / "cpv-2008.csv").open(encoding="utf-8"))}
    labs = {lab["id"]: lab for lab in facts["labels"]}
    merged_into = {"fairtrade": ["max-havelaar"], "fair-stone": ["win-win-fair-stone"]}
    (out / "labels").mkdir(parents=True, exist_ok=True)
    for lid, lab in labs.items():
        if lid in ("max-havelaar", "win-win-fair-stone"):
            continue
        data = convert_label(lab, [labs[m] for m in merged_into.get(lid, [])])
        text = f"# Label {lid}. null = unknown (not found in the sources read), false = a source says no.\n"
        text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)
        (out / "labels" / f"{lid}.yaml").write_text(text, encoding="utf-8")
    rule_sources = {r["id"]: (r.get("sources") or [None])[0] for r in rules["rule_sets"] if r.get("sources")}
    groups = [convert_group(g, rule_sources, titles) for g in rules["product_groups"]]
    text = "# fairbuy product groups. CPV codes verified against CPV 2008 (Regulation (EC) No 213/2008).\n"
    text += yaml.safe_dump({"groups": groups}, allow_unicode=True, sort_keys=False, width=110)
    (out / "groups.yaml").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
