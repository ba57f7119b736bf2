"""Rule sets as data, and their evaluation.

>>> from fairbuy.rules import load_rulesets, evaluate_table
>>> rulesets = load_rulesets(["magna-charta-ruhr-2010"])            # doctest: +SKIP
>>> result = evaluate_table(table, rulesets, db, audit_date=today)  # doctest: +SKIP
"""

from __future__ import annotations

from fairbuy.rules.evaluate import EvaluationResult, evaluate_table
from fairbuy.rules.loader import (
    list_rulesets,
    load_country_list,
    load_ruleset,
    load_ruleset_file,
    load_rulesets,
    ruleset_ref,
    shipped_country_lists,
)
from fairbuy.rules.schema import CountryList, Rule, RuleSet, json_schema

__all__ = [
    "CountryList",
    "EvaluationResult",
    "Rule",
    "RuleSet",
    "evaluate_table",
    "json_schema",
    "list_rulesets",
    "load_country_list",
    "load_ruleset",
    "load_ruleset_file",
    "load_rulesets",
    "ruleset_ref",
    "shipped_country_lists",
]
