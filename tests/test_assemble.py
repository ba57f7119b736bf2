from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from fairbuy.assemble import build_report
from fairbuy.models import InputInfo, RuleSetRef
from fairbuy.summary import summarise


def _table() -> pd.DataFrame:
    finding = {
        "rule_id": "child-labour",
        "ruleset_id": "magna-charta-ruhr-2010",
        "status": "compliant",
        "severity": "error",
        "message": "ok",
        "message_en": "ok",
        "evidence_used": ["fairtrade"],
        "suggestion": [],
        "reference": None,
    }
    bad = {**finding, "status": "non_compliant", "evidence_used": [], "suggestion": ["fairtrade"]}
    return pd.DataFrame(
        {
            "source_file": ["l.csv"] * 4,
            "source_sheet": [None] * 4,
            "source_row": [2, 3, 4, 5],
            "row_kind": ["item", "item", "blank", "total"],
            "read_error": [None, None, None, None],
            "description": ["Kaffee Fairtrade", "Kaffee", None, "Summe"],
            "amount": [100.0, 50.5, math.nan, 150.5],
            "product_group": ["coffee", "coffee", None, None],
            "labels": [[{"id": "fairtrade", "matched_text": "Fairtrade"}], [], [], []],
            "evidence": [[], [], [], []],
            "status": ["compliant", "non_compliant", None, None],
            "score": [100.0, 0.0, math.nan, math.nan],
            "findings": [[finding], [bad], [], []],
        }
    )


def test_build_report_keeps_every_row_in_order() -> None:
    report = build_report(
        _table(),
        [InputInfo(path="l.csv", sha256="a" * 64, rows=4)],
        [RuleSetRef(id="magna-charta-ruhr-2010", version="1")],
        label_db_version="x",
        generated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    assert [i.source.row for i in report.items] == [2, 3, 4, 5]
    assert [i.status.value for i in report.items] == ["compliant", "non_compliant", "unreadable", "unreadable"]
    blank, total = report.items[2], report.items[3]
    assert blank.findings[0].rule_id == "read" and "Leere Zeile" in blank.findings[0].message
    assert total.findings[0].rule_id == "read" and "Summen" in total.findings[0].message
    assert total.product_group is None and total.score is None
    assert report.items[0].labels[0].id == "fairtrade"
    assert report.items[0].score == 100
    assert report.exit_code() == 1


def test_summary_adds_up() -> None:
    table = _table()
    table.loc[2:, "status"] = "unreadable"
    s = summarise(table)
    assert s.items == 4
    assert sum(v.count for v in s.by_status.values()) == 4
    assert math.isclose(sum(v.spend for v in s.by_status.values()), s.spend)
    assert s.spend == 150.5
    assert s.by_status["compliant"].spend == 100.0
    assert s.by_product_group["coffee"].count == 2
    assert s.by_product_group["coffee"].compliant_spend_share == round(100 / 150.5, 4)
    assert s.by_label["fairtrade"].count == 1
    rule = s.by_rule["magna-charta-ruhr-2010/child-labour"]
    assert rule["compliant"].count == 1 and rule["non_compliant"].count == 1
    assert s.compliant_spend_share_by_rule["magna-charta-ruhr-2010/child-labour"] == round(100 / 150.5, 4)


def test_bulk_json_equals_pydantic_json() -> None:
    from fairbuy.fastjson import report_json

    table = _table()
    table.loc[0, "purchase_date"] = dt.date(2025, 1, 13)
    table["quantity"] = [1.0, -0.0, math.inf, 1e308]
    table["supplier"] = ['Müller "&" Söhne\n', None, 3, "x"]
    args = (
        [InputInfo(path="l.csv", sha256="a" * 64, rows=4)],
        [RuleSetRef(id="magna-charta-ruhr-2010", version="1")],
    )
    kw: dict[str, object] = {"label_db_version": "x", "generated_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}
    full = build_report(table, *args, **kw)  # type: ignore[arg-type]
    meta = build_report(table.iloc[:0], *args, **kw)  # type: ignore[arg-type]
    meta = meta.model_copy(update={"summary": full.summary})
    assert report_json(meta, table) == full.model_dump_json().encode()


def test_totals_rows_are_not_spend() -> None:
    table = _table()
    table.loc[2:, "status"] = "unreadable"
    s = summarise(table)
    assert s.spend == 150.5  # the totals row's 150.5 is not added again
    assert s.by_status["unreadable"].count == 2 and s.by_status["unreadable"].spend == 0.0


def test_sub_lines_are_not_counted_twice() -> None:
    table = _table().iloc[:2].copy()
    table["parent_row"] = [None, 2]  # row 3 is a sub-line of row 2 (its amount is inside row 2's)
    s = summarise(table)
    assert s.spend == 100.0
    assert s.items == 2


def test_bulk_json_of_a_generated_ledger_equals_pydantic_serial_and_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Merged columns and the two-process writer give exactly the pydantic report's bytes."""
    from bench_support import benchmark_module

    import fairbuy.fastjson as fastjson
    from fairbuy.api import audit

    gen = benchmark_module("generate")
    frame = gen.generate(3000, seed=5)
    result = audit(frame, generated_at="2026-01-01T00:00:00+00:00")
    expected = result.report().model_dump_json().encode()
    assert result.json_bytes() == expected  # one process
    monkeypatch.setattr(fastjson, "PARALLEL_MIN_ROWS", 100)
    monkeypatch.setenv("FAIRBUY_WORKERS", "2")
    chunks = list(result.json_chunks())
    assert b"".join(chunks) == expected  # second half encoded by a forked process
    assert len(chunks) >= 4  # head, first half, second half (from the worker's file), tail


def test_finalise_statuses_leaves_its_input_alone() -> None:
    from fairbuy.assemble import finalise_statuses

    table = _table()
    table["read_error"] = [None, "quantity 'abc' is not a number", None, "bad cell"]
    table["row_kind"] = ["item", "item", "blank", "unreadable"]
    before = table.copy(deep=True)
    findings_before = table["findings"].tolist()
    out = finalise_statuses(table)
    pd.testing.assert_frame_equal(table, before)  # the caller's frame is unchanged ...
    assert all(a is b for a, b in zip(table["findings"].tolist(), findings_before, strict=True))  # ... and its lists
    assert out["status"].tolist() == ["compliant", "non_compliant", "unreadable", "unreadable"]
    notes = [f["message_en"] for f in out["findings"].iloc[1] if f["rule_id"] == "read"]
    assert notes == ["Reading note: quantity 'abc' is not a number"]
    assert out["findings"].iloc[0] is findings_before[0]  # unchanged rows keep their list
    assert [f["message_en"] for f in out["findings"].iloc[3]] == ["Row could not be read: bad cell"]
    assert [f["message_en"] for f in out["findings"].iloc[2]] == ["Blank row: no line item."]
    again = finalise_statuses(out)  # idempotent: no second note
    assert [len(x) for x in again["findings"].tolist()] == [len(x) for x in out["findings"].tolist()]


@pytest.mark.parametrize("tricky", ["", '"', "\\", "\t", "\n", "\x07", "\x00", "\x1f"])
def test_bulk_json_texts_escape_like_pydantic(tricky: str) -> None:
    """Texts with nothing to escape take a shortcut (quotes around the UTF-8); a column with
    anything to escape goes through orjson. Both give the pydantic report's bytes."""
    from bench_support import benchmark_module

    from fairbuy.api import audit

    frame = benchmark_module("generate").generate(300, seed=11)
    texts = ["Kaffee 1 kg", "Müller Söhne", "Ärmel ÿ ĳ", "line\u2028sep", "emoji 😀", "del\x7f", "a/b", "", " x "]
    if tricky:
        texts.append(f"odd {tricky} one")
    frame["Bezeichnung"] = [texts[i % len(texts)] + f" {i % 7}" for i in range(len(frame))]
    result = audit(frame, generated_at="2026-01-01T00:00:00+00:00")
    assert result.json_bytes() == result.report().model_dump_json().encode()
