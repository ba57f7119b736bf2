"""The JSON report: exactly :meth:`AuditReport.model_dump_json` (the fixed contract of DESIGN.md)."""

from __future__ import annotations

import json
from typing import Any

from fairbuy.models import AuditReport


def render_json(report: AuditReport) -> bytes:
    """The report as JSON bytes, identical to ``report.model_dump_json()`` (UTF-8)."""
    return report.model_dump_json().encode("utf-8")


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the report (draft 2020-12, as pydantic generates it)."""
    schema = AuditReport.model_json_schema()
    schema.setdefault("$schema", "https://json-schema.org/draft/2020-12/schema")
    return schema


def render_schema() -> bytes:
    """The JSON Schema as stable, indented JSON (sorted keys, trailing newline)."""
    return (json.dumps(report_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
