"""Loading and validating rule set files; the shipped rule sets; the JSON Schema; the CLI group."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rules_support import StubDB, item, label, table

from fairbuy.cli.rules import rules_group
from fairbuy.errors import DataError, UsageError
from fairbuy.io.countries import ISO_ALPHA2
from fairbuy.rules import (
    RuleSet,
    evaluate_table,
    json_schema,
    list_rulesets,
    load_ruleset,
    load_ruleset_file,
    load_rulesets,
    shipped_country_lists,
)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = {
    "magna-charta-ruhr-2010",
    "nrw-bestg-4a",
    "fairtrade-towns",
    "charta-faire-metropole-ruhr-2030",
    "ni-nkernvo-2015",
    "eudr-2023-1115",
}
URL = re.compile(r"^https?://\S+$")


def test_the_six_rule_sets_load_with_sources_and_validity() -> None:
    rulesets = {rs.id: rs for rs in list_rulesets()}
    assert set(rulesets) == SHIPPED
    for rs in rulesets.values():
        assert rs.sources and all(URL.match(s) for s in rs.sources)
        assert rs.title_de and rs.title_en and rs.version
        assert rs.path is not None and rs.path.stem == rs.id
    assert rulesets["nrw-bestg-4a"].validity == (dt.date(2015, 5, 1), None)
    assert rulesets["nrw-bestg-4a"].rules[0].valid_from == dt.date(2020, 1, 1)
    assert rulesets["ni-nkernvo-2015"].valid_from == dt.date(2015, 5, 6)
    assert rulesets["eudr-2023-1115"].rules[0].valid_from == dt.date(2026, 12, 30)
    assert rulesets["magna-charta-ruhr-2010"].valid_from == dt.date(2010, 6, 12)


def test_facts_in_the_shipped_data() -> None:
    rs = load_ruleset("nrw-bestg-4a")
    risk = rs.country_lists["nrw-bestg-risk-countries"]
    assert sorted(risk.countries or []) == ["CN", "IN", "PH", "VN"]
    nk = load_ruleset("ni-nkernvo-2015").rules[0].applies_to
    assert nk.min_value is not None and nk.min_value.amount == 10000 and nk.min_value.basis == "order"
    # the DAC list is not shipped (not sourced): unknown members, EU members known to be outside
    dac = shipped_country_lists()["oecd-dac-list"]
    assert dac.countries is None and "DE" in dac.not_members and dac.status == "P"
    # not_members are exactly EU-27 + the former G8 members outside the EU, all valid ISO codes; a
    # high-income country outside both (CH, NO, AU) is not claimed to be off the list
    assert len(dac.not_members) == len(set(dac.not_members)) == 32
    assert {"CA", "JP", "GB", "US", "RU"} <= set(dac.not_members) and set(dac.not_members) <= set(ISO_ALPHA2)
    assert not {"CH", "NO", "AU", "BD"} & set(dac.not_members)
    eea = shipped_country_lists()["eea-ch"]
    assert eea.countries is not None and len(eea.countries) == 31 and "NO" in eea.countries


def test_unknown_id_is_a_usage_error_and_missing_file_too() -> None:
    with pytest.raises(UsageError, match="unknown rule set 'no-such-rules'"):
        load_rulesets(["no-such-rules"])
    with pytest.raises(UsageError, match="not found"):
        load_rulesets(["some/dir/own.yaml"])


def test_json_schema_export_matches_docs_copy() -> None:
    schema = json_schema()
    assert schema["title"] == "fairbuy rule set"
    assert "rules" in schema["properties"]
    docs = json.loads((ROOT / "docs" / "ruleset.schema.json").read_text(encoding="utf-8"))
    assert docs == schema, "docs/ruleset.schema.json is stale: regenerate with `fairbuy rules schema`"


# -- errors with file, line and field -----------------------------------------------------------

GOOD = """\
fairbuy_rules: 1
id: musterstadt-2025
version: "1"
title_de: Musterstadt
title_en: Model town
jurisdiction: Musterstadt
legal_nature: council resolution
sources: ["https://example.org/ratsbeschluss"]
rules:
  - id: coffee
    title: {de: Kaffee, en: Coffee}
    requirement: {de: fair, en: fair}
    applies_to:
      product_groups: [coffee]
    satisfied_by:
      - step: label_or_equivalent
        labels: [fairtrade]
"""


def write(tmp_path: Path, text: str, name: str = "own.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_good_file_loads(tmp_path: Path) -> None:
    rs = load_ruleset_file(write(tmp_path, GOOD))
    assert isinstance(rs, RuleSet) and rs.id == "musterstadt-2025"


@pytest.mark.parametrize(("old", "new", "line", "field"), [
    ("        labels: [fairtrade]\n", "        labels: [fairtrade]\n        bogus: 1\n", 18, "rules.0.satisfied_by.0.bogus"),
    ("      - step: label_or_equivalent\n", "      - step: label_or_something\n", 16, "rules.0.satisfied_by.0.step"),
    ("      product_groups: [coffee]\n", "      product_groups: [Kaffee Bohnen]\n", 14,
     "rules.0.applies_to.product_groups.0"),
    ('version: "1"\n', "", None, "version"),
    ('sources: ["https://example.org/ratsbeschluss"]\n', 'sources: ["www.example.org"]\n', 8, "sources.0"),
])
def test_malformed_file_names_file_line_and_field(tmp_path: Path, old: str, new: str, line: int | None,
                                                  field: str) -> None:
    assert old in GOOD
    p = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(DataError) as exc:
        load_ruleset_file(p)
    err = exc.value
    assert err.path == str(p)
    assert err.field == field
    if line is not None:
        assert err.line == line
    assert str(p) in str(err) and field in str(err)


def test_entry_is_named(tmp_path: Path) -> None:
    p = write(tmp_path, GOOD.replace("        labels: [fairtrade]\n", "        labels: [fairtrade]\n        x: 1\n"))
    with pytest.raises(DataError) as exc:
        load_ruleset_file(p)
    assert exc.value.entry == "coffee"


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    p = write(tmp_path, GOOD.replace("    applies_to:\n", "    applies_to: [\n"))
    with pytest.raises(DataError) as exc:
        load_ruleset_file(p)
    assert exc.value.line is not None and "YAML" in str(exc.value)


def test_duplicate_key_and_unknown_list_and_placeholder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="duplicate key"):
        load_ruleset_file(write(tmp_path, GOOD.replace('version: "1"\n', 'version: "1"\nversion: "2"\n')))
    bad_list = GOOD.replace("      product_groups: [coffee]\n",
                            "      product_groups: [coffee]\n      origin_in: {lists: [no-such-list]}\n")
    with pytest.raises(DataError, match="unknown country list 'no-such-list'") as exc:
        load_ruleset_file(write(tmp_path, bad_list))
    assert exc.value.line == 15
    bad_tmpl = GOOD + "    messages:\n      non_compliant: {de: '{rule} {foo}', en: x}\n"
    with pytest.raises(DataError, match="unknown placeholder"):
        load_ruleset_file(write(tmp_path, bad_tmpl))


def test_norway_stays_a_country(tmp_path: Path) -> None:
    text = GOOD.replace("      product_groups: [coffee]\n",
                        "      product_groups: [coffee]\n      origin_not_in: {countries: [NO, DE]}\n")
    rs = load_ruleset_file(write(tmp_path, text))
    assert rs.rules[0].applies_to.origin_not_in is not None
    assert rs.rules[0].applies_to.origin_not_in.countries == ["NO", "DE"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_the_loader(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.yaml"
        p.write_text(text, encoding="utf-8")
        try:
            load_ruleset_file(p)
        except DataError as exc:
            assert exc.path == str(p)


# -- a municipality's own rule set, written per docs/rules.md ---------------------------------

def docs_example() -> str:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    m = re.search(r"```yaml\n(# musterstadt-beschaffung\.yaml.*?)```", text, re.S)
    assert m, "docs/rules.md must contain the example rule set"
    return m.group(1)


def test_own_rule_set_from_the_guide_loads_and_is_applied(tmp_path: Path) -> None:
    p = write(tmp_path, docs_example(), "musterstadt-beschaffung.yaml")
    rulesets = load_rulesets([str(p), "nrw-bestg-4a"])
    own = rulesets[0]
    assert own.id == "musterstadt-beschaffung"
    rows = [item("Fußball Gr. 5 Fairtrade", "sports_balls", labels=[label("fairtrade")], amount=30.0),
            item("Fußball Gr. 5", "sports_balls", amount=25.0),
            item("Arbeitsjacke", "clothing_workwear", labels=[label("gots")], amount=80.0),
            item("Arbeitsjacke", "clothing_workwear", labels=[label("gots")], amount=80.0, origin="PT"),
            item("Kugelschreiber", None, amount=2.0)]
    res = evaluate_table(table(*rows), rulesets, StubDB(), audit_date=dt.date(2026, 11, 21))
    assert list(res.table["status"]) == ["needs_review", "non_compliant", "compliant", "not_applicable",
                                         "not_applicable"]
    f = next(x for x in res.table.iloc[1]["findings"] if x["ruleset_id"] == "musterstadt-beschaffung")
    assert f["message"].startswith("Musterstadt")
    assert [i.id for i in res.indicators] == ["fair-spend"]
    assert res.indicators[0].value == 190.0


# -- CLI ------------------------------------------------------------------------------------------

@pytest.fixture
def cli() -> click.Group:
    return rules_group


def test_cli_list_json(cli: click.Group) -> None:
    out = CliRunner().invoke(cli, ["list", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert {d["id"] for d in data} == SHIPPED
    nrw = next(d for d in data if d["id"] == "nrw-bestg-4a")
    assert nrw["valid_from"] == "2015-05-01" and nrw["sources"]


def test_cli_list_text_show_schema(cli: click.Group) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["list"])
    assert out.exit_code == 0 and "magna-charta-ruhr-2010" in out.output and "source: http" in out.output
    out = runner.invoke(cli, ["show", "nrw-bestg-4a"])
    assert out.exit_code == 0
    shown = yaml.safe_load(out.output)
    assert shown["id"] == "nrw-bestg-4a" and "nrw-bestg-risk-countries" in shown["resolved_country_lists"]
    out = runner.invoke(cli, ["schema"])
    assert out.exit_code == 0 and json.loads(out.output)["title"] == "fairbuy rule set"
    out = runner.invoke(cli, ["show", "nope"])
    assert out.exit_code == 2 and "unknown rule set" in out.output


def test_cli_validate(cli: click.Group, tmp_path: Path) -> None:
    runner = CliRunner()
    good = write(tmp_path, GOOD)
    out = runner.invoke(cli, ["validate", str(good)])
    assert out.exit_code == 0 and "ok" in out.output
    bad = write(tmp_path, GOOD.replace("      - step: label_or_equivalent\n", "      - step: nope\n"), "bad.yaml")
    out = runner.invoke(cli, ["validate", str(bad)])
    assert out.exit_code == 2
    assert f"{bad}:16" in out.output and "rules.0.satisfied_by.0.step" in out.output
    assert "Traceback" not in out.output
    lst = write(tmp_path, "id: dac\ntitle_de: D\ntitle_en: D\ncountries: [BD, NO]\nsources: ['https://example.org/x']\n",
                "dac.yaml")
    out = runner.invoke(cli, ["validate", str(lst)])
    assert out.exit_code == 0 and "country list dac (2 countries)" in out.output
    for ref in sorted((ROOT / "rules").glob("*.yaml")) + sorted((ROOT / "rules" / "lists").glob("*.yaml")):
        out = runner.invoke(cli, ["validate", str(ref)])
        assert out.exit_code == 0, out.output


def test_unused_stub_label_is_ok() -> None:
    # the stub DB knows the labels used by the guide's example
    db = StubDB()
    assert db.canonical_label_id("fairtrade") == "fairtrade"
