"""The label database: data honesty, loader validation, queries."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fairbuy.errors import DataError, UsageError
from fairbuy.labeldb import TOPICS, Label, LabelDB, load_label_db
from fairbuy.labeldb.schema import CPV_CODE_RE, CPV_PREFIX_RE
from fairbuy.paths import label_db_dir

ROOT = Path(__file__).resolve().parent.parent

CANONICAL_LABELS = {
    "fairtrade", "fairtrade-cotton", "fairtrade-textile-production", "fairtrade-sourced-ingredient",
    "fairtrade-sports-balls", "fairtrade-gold", "naturland-fair", "fair-for-life", "wfto", "gepa-fair-plus",
    "hand-in-hand", "rainforest-alliance", "utz", "eu-bio", "bio-siegel-de", "naturland", "demeter", "bioland",
    "gots", "ivn-best", "fair-wear-foundation", "gruener-knopf", "oeko-tex-standard-100", "oeko-tex-made-in-green",
    "oeko-tex-step", "bluesign", "cotton-made-in-africa", "better-cotton", "global-recycled-standard",
    "responsible-wool-standard", "leather-working-group", "amfori-bsci", "sa8000", "xertifix", "xertifix-plus",
    "fair-stone", "igep", "tco-certified", "epeat", "energy-star", "tuv-green-product-mark", "blauer-engel",
    "eu-ecolabel", "nordic-swan", "cradle-to-cradle", "fsc", "pefc", "fair-flowers-fair-plants",
    "flower-label-program", "fair-toys-organisation", "label-step", "goodweave", "msc", "asc", "fairmined",
}
CANONICAL_GROUPS = {
    "clothing_workwear", "textiles", "footwear", "sports_goods", "sports_balls", "toys", "carpets", "natural_stone",
    "gravestones", "coffee", "tea", "cocoa_chocolate", "sugar", "orange_juice", "tomatoes", "tropical_fruit",
    "flowers_plants", "natural_rubber", "office_supplies_wood_stone_rubber", "wood", "furniture", "paper",
    "leather_goods", "ict_hardware", "cleaning_products", "eudr_other_commodities",
}


def _find_cpv_csv() -> Path | None:
    for base in (ROOT.parent / "shared", ROOT.parent.parent / "shared", Path("/work/shared")):
        p = base / "reference" / "cpv" / "cpv-2008.csv"
        if p.is_file():
            return p
    return None


@pytest.fixture(scope="module")
def db() -> LabelDB:
    return load_label_db()


@pytest.fixture()
def db_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "label_db"
    shutil.copytree(label_db_dir(), dst)
    return dst


# ----------------------------------------------------------------------------------------- data honesty
#: labels beyond the canonical list (reported as label evidence: lexicon ``unreported_labels``)
BEYOND_CANONICAL = {"care-and-fair", "fair-rubber", "tft-responsible-stone"}


def test_exactly_the_canonical_labels(db: LabelDB) -> None:
    assert set(db.labels) == CANONICAL_LABELS | BEYOND_CANONICAL
    assert len(db.labels) == 55 + 3


def test_canonical_groups_present(db: LabelDB) -> None:
    assert set(db.groups) >= CANONICAL_GROUPS
    extra = set(db.groups) - CANONICAL_GROUPS
    assert extra == {"food", "fish_seafood", "jewellery_precious_metals"}


def test_version(db: LabelDB) -> None:
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", db.version)


def test_default_load_is_cached() -> None:
    assert load_label_db() is load_label_db()


def test_every_label_has_source_urls(db: LabelDB) -> None:
    for lab in db.labels.values():
        assert lab.sources, lab.id
        for u in lab.sources:
            assert re.match(r"^https?://\S+$", u), (lab.id, u)


def test_stated_properties_carry_sources(db: LabelDB) -> None:
    for lab in db.labels.values():
        if any(getattr(lab.ilo, t) is not None for t in ("forced_labour", "child_labour")):
            assert lab.ilo.sources, lab.id
        if lab.verification.third_party is not None:
            assert lab.verification.sources, lab.id
        for r in lab.ratings:
            assert r.source is None or r.source.startswith("http"), (lab.id, r)


def test_aliases_unique_across_labels(db: LabelDB) -> None:
    seen: dict[str, str] = {}
    for lab in db.labels.values():
        for a in [lab.name, *lab.aliases]:
            k = a.casefold()
            assert seen.setdefault(k, lab.id) == lab.id, f"{a!r} claimed by {seen[k]} and {lab.id}"


@pytest.mark.parametrize("token", ["TCO", "FSC", "MSC", "UTZ", "FLO", "GEPA", "STEP", "FFP", "kbA",
                                   "Fair Trade", "fair", "Bio-Siegel", "Öko-Tex"])
def test_short_or_generic_tokens_are_ambiguous_not_aliases(db: LabelDB, token: str) -> None:
    key = token.casefold()
    assert key not in db.alias_index(), token
    assert key in db.ambiguous_index(), token


def test_longer_aliases_still_match(db: LabelDB) -> None:
    idx = db.alias_index()
    assert idx["tco certified"] == "tco-certified"
    assert idx["fsc-zertifiziert"] == "fsc"
    assert idx["max havelaar"] == "fairtrade"
    assert idx["win=win fair stone"] == "fair-stone"
    assert idx["oeko-tex standard 100"] == "oeko-tex-standard-100"
    assert idx["xertifix"] == "xertifix"
    assert idx["xertifix plus"] == "xertifix-plus"


def test_label_groups_exist(db: LabelDB) -> None:
    for lab in db.labels.values():
        for g in lab.product_groups:
            assert g in db.groups, (lab.id, g)
    for g in db.groups.values():
        assert g.parent is None or g.parent in db.groups


def test_cpv_codes_well_formed_and_inside_group(db: LabelDB) -> None:
    for g in db.groups.values():
        for p in [*g.cpv_prefixes, *g.cpv_exclude_prefixes]:
            assert CPV_PREFIX_RE.match(p), (g.id, p)
        for c in [*g.cpv_codes, *g.cpv_weak_codes, *g.cpv_excluded_codes, *(r.code for r in g.cpv_reference)]:
            assert CPV_CODE_RE.match(c), (g.id, c)
        for r in g.cpv_reference:
            assert g.covers_code(r.code), (g.id, r.code)
        for p in g.cpv_exclude_prefixes:
            assert any(p.startswith(q) and p != q for q in g.cpv_prefixes), (g.id, p)
        assert g.cpv_prefixes or g.cpv_codes or g.cpv_weak_codes or g.id == "gravestones", g.id


def test_cpv_codes_in_official_list(db: LabelDB) -> None:
    path = _find_cpv_csv()
    if path is None:
        pytest.skip("shared/reference/cpv/cpv-2008.csv not available")
    with path.open(encoding="utf-8") as fh:
        rows = {r["code"]: r for r in csv.DictReader(fh)}
    digits = [c[:8] for c in rows]
    for g in db.groups.values():
        for c in [*g.cpv_codes, *g.cpv_weak_codes, *g.cpv_excluded_codes]:
            assert c in rows, (g.id, c)
        for r in g.cpv_reference:
            assert r.code in rows, (g.id, r.code)
            if r.title_en is not None:
                assert r.title_en == rows[r.code]["name_en"], (g.id, r.code)
        for p in [*g.cpv_prefixes, *g.cpv_exclude_prefixes]:
            assert any(d.startswith(p) for d in digits), (g.id, p)


def test_natural_stone_cpv_semantics(db: LabelDB) -> None:
    stone = db.group("natural_stone")
    assert "44113120-2" in stone.cpv_weak_codes and "44113130-5" in stone.cpv_weak_codes
    assert stone.cpv_matches("44911200-1")  # travertine under 4491
    assert not stone.cpv_matches("44113130-5")  # paving stones may be concrete: weak only
    coffee = db.group("coffee")
    assert "15862000-8" in coffee.cpv_excluded_codes
    assert not coffee.cpv_matches("15862000-8")
    assert coffee.cpv_matches("15861000-1")


def test_risk_tags(db: LabelDB) -> None:
    assert "child_labour" in db.group("natural_stone").risk_tags
    assert "child_labour" in db.group("gravestones").risk_tags
    assert "deforestation_eudr" in db.group("coffee").risk_tags
    assert "environment" in db.group("paper").risk_tags


# ----------------------------------------------------------------------------------------- facts
def test_validity_in_time(db: LabelDB) -> None:
    utz = db.label("utz")
    assert utz.successor == "rainforest-alliance"
    assert utz.valid_on(dt.date(2022, 5, 1)) and not utz.valid_on(dt.date(2023, 7, 1))
    star = db.label("energy-star")
    assert star.valid_until == dt.date(2018, 2, 20) and not star.valid_on(dt.date(2020, 1, 1))
    knopf = db.label("gruener-knopf")
    assert knopf.valid_from == dt.date(2019, 9, 9) and not knopf.valid_on(dt.date(2019, 1, 1))
    assert db.label("fairtrade").valid_on(dt.date(2025, 1, 1))


def test_certificate_patterns(db: LabelDB) -> None:
    fsc = db.label("fsc").certificate_patterns[0]
    assert re.search(fsc.regex, "Lizenz FSC-C012345") and not re.search(fsc.regex, "FSC-C12")
    bio = db.label("eu-bio").certificate_patterns[0]
    assert re.search(bio.regex, "Kontrollstelle DE-ÖKO-006")
    for lab in db.labels.values():
        for p in lab.certificate_patterns:
            assert p.source and p.source.startswith("http"), lab.id


def test_natural_stone_labels(db: LabelDB) -> None:
    ids = {lab.id for lab in db.labels_for_group("natural_stone")}
    assert {"xertifix", "xertifix-plus", "fair-stone", "igep"} <= ids
    # gravestones inherit natural_stone labels
    assert {"xertifix", "xertifix-plus", "fair-stone", "igep"} <= {
        lab.id for lab in db.labels_for_group("gravestones")}
    assert db.label("xertifix-plus").parent == "xertifix"
    assert db.label("xertifix-plus").covers("child_labour") is True
    assert db.label("oeko-tex-standard-100").covers("child_labour") is not True


def test_credible_labels(db: LabelDB) -> None:
    credible = {lab.id for lab in db.credible_labels_for("natural_stone", ["child_labour"])}
    assert {"xertifix-plus", "fair-stone"} <= credible
    # no independent third-party certification confirmed for XertifiX (basic) and IGEP
    assert "xertifix" not in credible and "igep" not in credible
    for lab in db.credible_labels_for("coffee", ["child_labour", "fair_price"]):
        assert lab.verification.third_party is True
        assert lab.covers("child_labour") and lab.covers("fair_price")
    assert "fairtrade" in {lab.id for lab in db.credible_labels_for("coffee", ["child_labour", "fair_price"])}
    with pytest.raises(UsageError):
        db.credible_labels_for("coffee", ["nonsense"])


def test_covers_topics(db: LabelDB) -> None:
    lab = db.label("fairtrade")
    for t in TOPICS:
        assert lab.covers(t) in (True, False, None)
    assert lab.covers("fair_price") is True
    with pytest.raises(ValueError):
        lab.covers("nonsense")


def test_lookup_and_merged_ids(db: LabelDB) -> None:
    assert db.canonical_label_id("max-havelaar") == "fairtrade"
    assert db.canonical_label_id("win-win-fair-stone") == "fair-stone"
    assert db.label("max-havelaar").id == "fairtrade"
    with pytest.raises(UsageError):
        db.label("no-such-label")
    with pytest.raises(UsageError):
        db.group("no_such_group")


def test_group_tree(db: LabelDB) -> None:
    assert db.group_ancestors("gravestones") == ["natural_stone"]
    assert db.group_ancestors("coffee") == []
    assert db.group_children("sports_goods") == ["sports_balls"]
    assert db.group_descendants("natural_stone") == ["gravestones"]
    # a label for sports goods applies to sports balls, not the other way round
    balls = {lab.id for lab in db.labels_for_group("sports_balls")}
    assert "fairtrade-sports-balls" in balls
    assert "fairtrade-sports-balls" not in {lab.id for lab in db.labels_for_group("sports_goods")}
    stone_only = {lab.id for lab in db.labels_for_group("gravestones", include_parents=False)}
    assert {"xertifix", "fair-stone"} <= stone_only  # they list gravestones themselves
    # 'food' in general is not the parent of coffee: MSC (fish) is no coffee label
    assert "msc" not in {lab.id for lab in db.labels_for_group("coffee")}


def test_search(db: LabelDB) -> None:
    assert db.search("Max Havelaar")[0][0].id == "fairtrade"
    assert db.search("xertifix plus")[0][0].id == "xertifix-plus"
    assert db.search("Blauer Engel")[0][0].id == "blauer-engel"
    assert db.search("grüner knopf")[0][0].id == "gruener-knopf"
    assert db.search("") == []
    hits = db.search("fair", limit=3)
    assert len(hits) <= 3


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40), st.integers(min_value=0, max_value=20))
def test_search_never_fails(text: str, limit: int) -> None:
    db = load_label_db()
    hits = db.search(text, limit=limit)
    assert len(hits) <= limit
    for lab, score in hits:
        assert isinstance(lab, Label) and 0.0 <= score <= 100.0
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


# ----------------------------------------------------------------------------------------- validation
def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_broken_field_names_file_field_and_line(db_copy: Path) -> None:
    f = db_copy / "labels" / "xertifix-plus.yaml"
    _edit(f, "  child_labour: true", "  child_labour: perhaps")
    with pytest.raises(DataError) as ei:
        load_label_db(db_copy)
    err = ei.value
    assert err.path == str(f)
    assert err.entry == "xertifix-plus"
    assert err.field == "ilo.child_labour"
    lines = f.read_text(encoding="utf-8").splitlines()
    assert err.line is not None and "child_labour: perhaps" in lines[err.line - 1]
    assert "xertifix-plus.yaml" in str(err) and "ilo.child_labour" in str(err)


def test_unknown_field_rejected(db_copy: Path) -> None:
    _edit(db_copy / "labels" / "gots.yaml", "confidence:", "colour: green\nconfidence:")
    with pytest.raises(DataError, match=r"gots\.yaml:\d+ \[gots\] field 'colour'"):
        load_label_db(db_copy)


def test_unknown_product_group(db_copy: Path) -> None:
    _edit(db_copy / "labels" / "igep.yaml", "- natural_stone", "- natural_stones")
    with pytest.raises(DataError) as ei:
        load_label_db(db_copy)
    assert ei.value.entry == "igep" and ei.value.field is not None
    assert ei.value.field.startswith("product_groups[")
    assert "natural_stones" in str(ei.value)


def test_alias_claimed_twice(db_copy: Path) -> None:
    _edit(db_copy / "labels" / "igep.yaml", "aliases:\n", "aliases:\n- xertifix plus\n")
    with pytest.raises(DataError, match="already claimed by label") as ei:
        load_label_db(db_copy)
    msg = str(ei.value)
    assert "igep" in msg and "xertifix-plus" in msg and "aliases[0]" in msg
    assert ei.value.line is not None


def test_missing_sources(db_copy: Path) -> None:
    f = db_copy / "labels" / "msc.yaml"
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    data["sources"] = []
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as ei:
        load_label_db(db_copy)
    assert ei.value.field == "sources" and ei.value.entry == "msc"


def test_stated_ilo_without_source(db_copy: Path) -> None:
    f = db_copy / "labels" / "goodweave.yaml"
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    data["ilo"]["sources"] = []
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError, match="no source URL") as ei:
        load_label_db(db_copy)
    assert ei.value.field == "ilo"


def test_unknown_successor(db_copy: Path) -> None:
    _edit(db_copy / "labels" / "utz.yaml", "successor: rainforest-alliance", "successor: rainforest")
    with pytest.raises(DataError, match="rainforest") as ei:
        load_label_db(db_copy)
    assert ei.value.field == "successor" and ei.value.line is not None


def test_malformed_cpv_code(db_copy: Path) -> None:
    _edit(db_copy / "groups.yaml", "- 15862000-8", "- 1586200-8")
    with pytest.raises(DataError) as ei:
        load_label_db(db_copy)
    assert ei.value.entry == "coffee" and ei.value.field == "cpv_excluded_codes"
    assert ei.value.path.endswith("groups.yaml") and ei.value.line is not None


def test_cpv_reference_outside_group(db_copy: Path) -> None:
    f = db_copy / "groups.yaml"
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    for g in data["groups"]:
        if g["id"] == "toys":
            g["cpv_reference"].append({"code": "03000000-1"})
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError, match="03000000-1") as ei:
        load_label_db(db_copy)
    assert ei.value.entry == "toys"


def test_duplicate_group(db_copy: Path) -> None:
    f = db_copy / "groups.yaml"
    data = yaml.safe_load(f.read_text(encoding="utf-8"))
    data["groups"].append(dict(data["groups"][0]))
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError, match="duplicate product group id 'clothing_workwear'"):
        load_label_db(db_copy)


def test_id_must_match_file_name(db_copy: Path) -> None:
    shutil.copy(db_copy / "labels" / "msc.yaml", db_copy / "labels" / "msc2.yaml")
    with pytest.raises(DataError, match="does not match the file name"):
        load_label_db(db_copy)


def test_yaml_syntax_error_has_line(db_copy: Path) -> None:
    f = db_copy / "labels" / "asc.yaml"
    _edit(f, "type:", "type: [unclosed\nx:")
    with pytest.raises(DataError, match="invalid YAML") as ei:
        load_label_db(db_copy)
    assert ei.value.path == str(f) and ei.value.line is not None


def test_missing_folder() -> None:
    with pytest.raises(DataError):
        load_label_db(Path("/nonexistent/label_db"))


def test_ratings_without_url_say_so(db: LabelDB) -> None:
    for lab in db.labels.values():
        for r in lab.ratings:
            if r.source is None:
                assert r.note and "without a complete URL" in r.note, (lab.id, r.by)


def test_group_keyword_hints(db: LabelDB) -> None:
    for g in db.groups.values():
        assert g.keywords_de and g.keywords_en, g.id
        assert all(h == h.lower() for h in g.compound_heads_de), g.id
        kw = {k.casefold() for k in g.keywords_de}
        assert not kw & {n.casefold() for n in g.negative_keywords_de}, g.id
    coffee = db.group("coffee")
    assert "kaffee" in coffee.compound_heads_de and "Kaffeemaschine" in coffee.negative_keywords_de


def test_groups_for_cpv(db: LabelDB) -> None:
    assert db.groups_for_cpv("44912100-7") == {"natural_stone": "strong"}  # granite
    assert db.groups_for_cpv("44113130-5") == {"natural_stone": "weak"}  # paving stones: maybe concrete
    assert db.groups_for_cpv("15862000")["coffee"] == "excluded"  # coffee substitutes
    assert db.groups_for_cpv("15861000-1")["coffee"] == "strong"
    assert "clothing_workwear" not in db.groups_for_cpv("18444000-3")  # protective headgear excluded
    assert db.groups_for_cpv("99999999-9") == {}
    with pytest.raises(UsageError):
        db.groups_for_cpv("1586")


def test_valid_on_filter(db: LabelDB) -> None:
    day = dt.date(2024, 1, 1)
    assert "utz" in {lab.id for lab in db.labels_for_group("cocoa_chocolate")}
    assert "utz" not in {lab.id for lab in db.labels_for_group("cocoa_chocolate", valid_on=day)}
    assert "energy-star" not in {lab.id for lab in db.labels_for_group("ict_hardware", valid_on=day)}


@settings(max_examples=int(os.environ.get("FAIRBUY_HYPOTHESIS_EXAMPLES", "25")), deadline=None)
@given(data=st.data())
def test_mutated_label_file_gives_data_error_or_loads(tmp_path_factory: pytest.TempPathFactory,
                                                      data: st.DataObject) -> None:
    """Whatever happens to a data file, loading gives a valid database or a DataError - never a crash."""
    base = tmp_path_factory.mktemp("mut")
    src = label_db_dir()
    (base / "labels").mkdir()
    shutil.copy(src / "meta.yaml", base / "meta.yaml")
    shutil.copy(src / "groups.yaml", base / "groups.yaml")
    for lid in ("fairtrade", "fair-stone"):  # merged ids in meta.yaml point here
        shutil.copy(src / "labels" / f"{lid}.yaml", base / "labels" / f"{lid}.yaml")
    lines = (src / "labels" / "gots.yaml").read_text(encoding="utf-8").splitlines()
    i = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
    action = data.draw(st.sampled_from(["delete", "replace", "insert", "truncate"]))
    junk = data.draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
    if action == "delete":
        del lines[i]
    elif action == "replace":
        lines[i] = junk
    elif action == "insert":
        lines.insert(i, junk)
    else:
        lines = lines[:i]
    (base / "labels" / "gots.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        db = load_label_db(base)
    except DataError as exc:
        assert exc.path  # names the file
        return
    assert set(db.labels) == {"fairtrade", "fair-stone", "gots"}


def test_stray_file_in_label_folder(db_copy: Path) -> None:
    shutil.copy(db_copy / "labels" / "msc.yaml", db_copy / "labels" / "msc-new.yml")
    with pytest.raises(DataError, match="unexpected file"):
        load_label_db(db_copy)
