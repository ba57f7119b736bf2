"""The deliberately naive baseline: what a user might write in an afternoon.

    python benchmarks/naive.py FILE [--limit 10000] [--label-db label_db] [-o out.json]

Per row (``DataFrame.iterrows``): fuzzy-match the description and the label column against
*all* label aliases with ``rapidfuzz.process.extractOne`` and look the product group up by
keyword, then dump the results as JSON. Only the first ``--limit`` rows are processed; the
script prints one JSON line with the rows/s of the loop so that ``bench.py`` can extrapolate.

Aliases and keywords come from ``label_db/labels/*.yaml`` (``aliases``) and
``label_db/groups.yaml`` (``keywords_de``) when the checkout has them, else from the small
embedded lists below.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from rapidfuzz import process

# Fallback only, used when the checkout has no label_db/ yet: a small alias list, NOT the
# project's label database.
FALLBACK_ALIASES: dict[str, str] = {
    "Fairtrade": "fairtrade",
    "Fairtrade-Siegel": "fairtrade",
    "TransFair": "fairtrade",
    "Max Havelaar": "fairtrade",
    "Fairtrade Cotton": "fairtrade-cotton",
    "Naturland Fair": "naturland-fair",
    "GEPA fair+": "gepa-fair-plus",
    "Fair for Life": "fair-for-life",
    "WFTO": "wfto",
    "Rainforest Alliance": "rainforest-alliance",
    "UTZ": "utz",
    "GOTS": "gots",
    "Global Organic Textile Standard": "gots",
    "Fair Wear Foundation": "fair-wear-foundation",
    "Fair Wear": "fair-wear-foundation",
    "Grüner Knopf": "gruener-knopf",
    "OEKO-TEX Standard 100": "oeko-tex-standard-100",
    "MADE IN GREEN by OEKO-TEX": "oeko-tex-made-in-green",
    "SA8000": "sa8000",
    "amfori BSCI": "amfori-bsci",
    "XertifiX": "xertifix",
    "XertifiX PLUS": "xertifix-plus",
    "Fair Stone": "fair-stone",
    "WiN=WiN Fair Stone": "fair-stone",
    "IGEP": "igep",
    "TCO Certified": "tco-certified",
    "EPEAT": "epeat",
    "Blauer Engel": "blauer-engel",
    "EU Ecolabel": "eu-ecolabel",
    "FSC": "fsc",
    "PEFC": "pefc",
    "GoodWeave": "goodweave",
    "Fair Toys Organisation": "fair-toys-organisation",
    "Flower Label Program": "flower-label-program",
}
FALLBACK_KEYWORDS: dict[str, str] = {
    "kaffee": "coffee",
    "espresso": "coffee",
    "tee": "tea",
    "kakao": "cocoa_chocolate",
    "schoko": "cocoa_chocolate",
    "zucker": "sugar",
    "banane": "tropical_fruit",
    "shirt": "clothing_workwear",
    "hose": "clothing_workwear",
    "jacke": "clothing_workwear",
    "handschuh": "clothing_workwear",
    "schuh": "footwear",
    "handtuch": "textiles",
    "bettwäsche": "textiles",
    "granit": "natural_stone",
    "pflaster": "natural_stone",
    "bordstein": "natural_stone",
    "grab": "gravestones",
    "ball": "sports_balls",
    "spielzeug": "toys",
    "puzzle": "toys",
    "teppich": "carpets",
    "blume": "flowers_plants",
    "rosen": "flowers_plants",
    "papier": "paper",
    "notebook": "ict_hardware",
    "monitor": "ict_hardware",
    "stuhl": "furniture",
    "tisch": "furniture",
    "holz": "wood",
    "reiniger": "cleaning_products",
    "bleistift": "office_supplies_wood_stone_rubber",
}


def load_vocabulary(label_db: Path | None) -> tuple[dict[str, str], dict[str, str], str]:
    """Aliases (alias -> label id) and keywords (keyword -> group id), and where they came from."""
    if label_db is not None and (label_db / "labels").is_dir():
        aliases: dict[str, str] = {}
        for f in sorted((label_db / "labels").glob("*.yaml")):
            data: Any = yaml.safe_load(f.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                continue
            lid = str(data.get("id", f.stem))
            ambiguous = [a.get("alias") for a in data.get("ambiguous_aliases") or [] if isinstance(a, dict)]
            for a in [data.get("name"), *(data.get("aliases") or []), *ambiguous]:
                if isinstance(a, str) and a:
                    aliases[a] = lid
        keywords: dict[str, str] = {}
        groups_file = label_db / "groups.yaml"
        if groups_file.is_file():
            groups: Any = yaml.safe_load(groups_file.read_text(encoding="utf-8"))
            if isinstance(groups, dict):
                groups = groups.get("groups") or list(groups.values())
            for g in groups or []:
                if not isinstance(g, dict) or "id" not in g:
                    continue
                for k in g.get("keywords_de") or g.get("synonyms_de") or []:
                    keywords[str(k).lower()] = str(g["id"])
        return aliases, keywords or dict(FALLBACK_KEYWORDS), str(label_db)
    return dict(FALLBACK_ALIASES), dict(FALLBACK_KEYWORDS), "embedded fallback"


def naive_check(df: pd.DataFrame, aliases: dict[str, str], keywords: dict[str, str]) -> list[dict[str, Any]]:
    """The naive per-row loop."""
    choices = list(aliases)
    out: list[dict[str, Any]] = []
    for _, row in df.iterrows():
        text = f"{row['Bezeichnung']} {row['Siegel'] or ''}".strip()
        # rapidfuzz's default scorer (WRatio), as a user would call it
        hit = process.extractOne(text, choices, score_cutoff=90)
        label = aliases[hit[0]] if hit else None
        low = text.lower()
        group = None
        for kw, gid in keywords.items():
            if kw in low:
                group = gid
                break
        status = "not_relevant" if group is None else ("compliant" if label else "non_compliant")
        out.append(
            {
                "row": int(row["Pos"]),
                "description": row["Bezeichnung"],
                "group": group,
                "label": label,
                "score": hit[1] if hit else None,
                "status": status,
            }
        )
    return out


def read(path: Path, limit: int) -> pd.DataFrame:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        df = pd.read_excel(path, engine="calamine", nrows=limit)
    else:
        df = pd.read_csv(path, sep=";", decimal=",", nrows=limit, keep_default_na=False, dtype={"CPV": str})
    return df.fillna("")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--limit", type=int, default=10_000)
    ap.add_argument("--label-db", type=Path, default=Path(__file__).resolve().parents[1] / "label_db")
    ap.add_argument("-o", "--output", type=Path, default=None)
    args = ap.parse_args(argv)
    aliases, keywords, source = load_vocabulary(args.label_db)
    df = read(args.file, args.limit)
    t0 = time.perf_counter()
    results = naive_check(df, aliases, keywords)
    text = json.dumps(results, ensure_ascii=False)
    elapsed = time.perf_counter() - t0
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    rows = len(results)
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": round(elapsed, 3),
                "rows_per_s": round(rows / elapsed, 1) if elapsed else None,
                "aliases": len(aliases),
                "keywords": len(keywords),
                "vocabulary": source,
            }
        )
    )
    print(
        f"naive: {rows} rows in {elapsed:.1f} s ({rows / elapsed:,.0f} rows/s), "
        f"{len(aliases)} aliases from {source}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
