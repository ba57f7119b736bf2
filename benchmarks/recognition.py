"""Score fairbuy's recognition against a dev set (see shared/dev-set/README.md, "How to score").

Usage: python benchmarks/recognition.py [PATH_TO_dev.csv]   (default ../shared/dev-set/dev.csv)

Prints product-group accuracy, a confusion summary with per-group precision/recall, label
precision/recall/F1 (micro, per (case, label) pair, Fairtrade variants merged), extra figures on
trap rows, the wrong cases, and, as the last lines, the headline figures.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fairbuy.labeldb import load_label_db
from fairbuy.recognise import Recogniser

MERGE = {"max-havelaar": "fairtrade", "win-win-fair-stone": "fair-stone",
         **{v: "fairtrade" for v in ("fairtrade-cotton", "fairtrade-sports-balls", "fairtrade-gold",
                                     "fairtrade-textile-production", "fairtrade-sourced-ingredient")}}
TRAP_WORDS = ("negat", "generic", "tco", "ffp", "msc", "not in the canonical list")


def labset(s: str) -> set[str]:
    return {MERGE.get(x, x) for x in s.split("|") if x}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parent.parent
    candidates = [Path.cwd().parent / "shared/dev-set/dev.csv", root.parent / "shared/dev-set/dev.csv",
                  root.parent.parent / "shared/dev-set/dev.csv"]
    default = next((c for c in candidates if c.is_file()), candidates[0])
    ap.add_argument("path", nargs="?", default=str(default),
                    help="dev.csv (default ../shared/dev-set/dev.csv)")
    ap.add_argument("--quiet", action="store_true", help="only the headline figures")
    args = ap.parse_args(argv)
    with open(args.path, encoding="utf-8", newline="") as fh:
        gold = {r["case_id"]: r for r in csv.DictReader(fh)}
    t0 = time.perf_counter()
    rec = Recogniser(load_label_db())
    t1 = time.perf_counter()
    pred: dict[str, tuple[str, set[str]]] = {}
    for cid, r in gold.items():
        res = rec.recognise_one(r["Bezeichnung"], r.get("CPV") or None, r.get("Siegel") or None)
        pred[cid] = (res["product_group"] or "", {lab["id"] for lab in res["labels"]})
    t2 = time.perf_counter()

    acc = sum(pred[c][0] == g["expected_group"] for c, g in gold.items()) / len(gold)
    tp = fp = fn = 0
    trap_fp = 0
    exact = 0
    wrong_labels: list[str] = []
    for c, g in gold.items():
        G, P = labset(g["expected_labels"]), {MERGE.get(x, x) for x in pred[c][1]}
        tp += len(P & G)
        fp += len(P - G)
        fn += len(G - P)
        exact += P == G
        if P - G and any(w in g["note"].lower() for w in TRAP_WORDS):
            trap_fp += len(P - G)
        if P != G:
            wrong_labels.append(f"  {c} {g['Bezeichnung']!r} | Siegel={g['Siegel']!r}: expected "
                                f"{sorted(G) or '-'} got {sorted(P) or '-'}  ({g['note']})")
    p = tp / (tp + fp) if tp + fp else 1.0
    r_ = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r_ / (p + r_) if p + r_ else 0.0

    if not args.quiet:
        conf: Counter[tuple[str, str]] = Counter()
        for c, g in gold.items():
            conf[(g["expected_group"] or "none", pred[c][0] or "none")] += 1
        groups = sorted({k for pair in conf for k in pair})
        print("Per group (precision / recall / support):")
        for grp in groups:
            tpg = conf[(grp, grp)]
            predicted = sum(v for (e, q), v in conf.items() if q == grp)
            actual = sum(v for (e, q), v in conf.items() if e == grp)
            pg = tpg / predicted if predicted else float("nan")
            rg = tpg / actual if actual else float("nan")
            print(f"  {grp:36s} P={pg:5.2f} R={rg:5.2f} n={actual}")
        print("Confusions (expected → predicted: count):")
        for (e, q), v in sorted(conf.items(), key=lambda kv: -kv[1]):
            if e != q:
                print(f"  {e} → {q}: {v}")
        print("Wrong product groups:")
        for c, g in gold.items():
            if pred[c][0] != g["expected_group"]:
                print(f"  {c} {g['Bezeichnung']!r} CPV={g['CPV']!r}: expected {g['expected_group'] or '-'} "
                      f"got {pred[c][0] or '-'}  ({g['note']})")
        print("Wrong label sets:")
        for line in wrong_labels:
            print(line)
        print(f"Label FP on trap rows (negation / generic claim / TCO/FFP/MSC / not canonical): {trap_fp}")
        print(f"Exact label-set match per case: {exact / len(gold):.3f}")
        print(f"Timing: index build {t1 - t0:.2f} s, {len(gold)} lines {t2 - t1:.2f} s")
    print(f"cases={len(gold)} label TP={tp} FP={fp} FN={fn}")
    print(f"product-group accuracy: {acc:.3f}")
    print(f"label precision: {p:.3f}  recall: {r_:.3f}  F1: {f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
