from __future__ import annotations

import datetime as dt
import json

import pytest
from pydantic import ValidationError

from fairbuy.models import (
    AuditReport,
    Finding,
    InputInfo,
    ItemResult,
    Location,
    RuleSetRef,
    Status,
    Summary,
    most_severe,
)


def _item(status: Status, row: int = 2) -> ItemResult:
    return ItemResult(
        source=Location(file="a.csv", row=row),
        description="Kaffee",
        product_group="coffee",
        status=status,
        score=None,
    )


def _report(items: list[ItemResult]) -> AuditReport:
    return AuditReport(
        fairbuy_version="0.1.0",
        label_db_version="2026.11.0",
        rulesets=[RuleSetRef(id="magna-charta-ruhr-2010", version="1.0.0")],
        inputs=[InputInfo(path="a.csv", sha256="0" * 64, rows=len(items))],
        generated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        items=items,
        summary=Summary(items=len(items)),
    )


def test_status_values_are_the_contract() -> None:
    assert {s.value for s in Status} == {
        "compliant",
        "non_compliant",
        "needs_review",
        "not_applicable",
        "unreadable",
    }


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], Status.NOT_APPLICABLE),
        ([Status.COMPLIANT, Status.NOT_APPLICABLE], Status.COMPLIANT),
        ([Status.COMPLIANT, Status.NEEDS_REVIEW], Status.NEEDS_REVIEW),
        ([Status.NEEDS_REVIEW, Status.NON_COMPLIANT, Status.COMPLIANT], Status.NON_COMPLIANT),
    ],
)
def test_most_severe(statuses: list[Status], expected: Status) -> None:
    assert most_severe(statuses) is expected


def test_location_rows_are_one_based() -> None:
    with pytest.raises(ValidationError):
        Location(file="a.csv", row=0)


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Location(file="a.csv", row=1, colum="B")  # type: ignore[call-arg]


def test_report_json_has_contract_fields() -> None:
    report = _report([_item(Status.COMPLIANT)])
    data = json.loads(report.model_dump_json())
    for key in (
        "fairbuy_version",
        "label_db_version",
        "rulesets",
        "inputs",
        "generated_at",
        "items",
        "summary",
    ):
        assert key in data
    # the contract: a list of at least {id, version}; provenance fields come on top
    assert [{k: rs[k] for k in ("id", "version")} for rs in data["rulesets"]] == [
        {"id": "magna-charta-ruhr-2010", "version": "1.0.0"}]
    assert {"source", "path", "sha256", "lists"} <= set(data["rulesets"][0])
    assert set(data["inputs"][0]) >= {"path", "sha256", "rows"}
    item = data["items"][0]
    assert item["source"] == {"file": "a.csv", "sheet": None, "row": 2, "column": None}
    for key in ("description", "product_group", "labels", "status", "score", "findings"):
        assert key in item
    assert item["status"] == "compliant"


def test_exit_code_follows_non_compliance() -> None:
    assert _report([_item(Status.COMPLIANT), _item(Status.NEEDS_REVIEW)]).exit_code() == 0
    assert _report([_item(Status.COMPLIANT), _item(Status.NON_COMPLIANT)]).exit_code() == 1
    report = _report([_item(Status.COMPLIANT)])
    report.list_findings.append(
        Finding(rule_id="r1", ruleset_id="fairtrade-towns", status=Status.NON_COMPLIANT, message="x")
    )
    assert report.exit_code() == 1
