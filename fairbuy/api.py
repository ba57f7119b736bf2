"""The library entry point: :func:`check` runs read → recognise → evaluate → assemble."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from pydantic import TypeAdapter

from fairbuy.errors import InputError, UsageError
from fairbuy.gcpause import gc_paused, with_gc_paused
from fairbuy.models import AuditReport, InputInfo, ItemResult

_ITEMS = TypeAdapter(list[ItemResult])

if TYPE_CHECKING:
    from fairbuy.labeldb import LabelDB

#: The rule set applied when none is named: the Ruhr municipalities' child-labour pledge.
DEFAULT_RULESETS: tuple[str, ...] = ("magna-charta-ruhr-2010",)

InputLike = str | os.PathLike[str] | pd.DataFrame


def resolve_generated_at(generated_at: dt.datetime | str | None = None) -> dt.datetime:
    """The report timestamp: given, else ``SOURCE_DATE_EPOCH``, else now (UTC, whole seconds)."""
    if isinstance(generated_at, str):
        try:
            generated_at = dt.datetime.fromisoformat(generated_at)
        except ValueError as exc:
            raise UsageError(f"generated-at: not an ISO date/time: {generated_at!r}") from exc
    if generated_at is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch:
            try:
                generated_at = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
            except (ValueError, OverflowError, OSError) as exc:
                raise UsageError(f"SOURCE_DATE_EPOCH is not a Unix time: {epoch!r}") from exc
        else:
            generated_at = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    if generated_at.tzinfo is None:
        generated_at = generated_at.replace(tzinfo=dt.UTC)
    return generated_at


def _as_list(inputs: InputLike | Sequence[InputLike]) -> list[InputLike]:
    if isinstance(inputs, str | os.PathLike | pd.DataFrame):
        return [inputs]
    return list(inputs)


@dataclass
class Audit:
    """An evaluated audit, still columnar: ``table`` (one row per input row) and ``meta`` (the
    report without items). :meth:`report` builds the pydantic :class:`AuditReport`;
    :meth:`json_bytes` writes the same JSON in bulk without per-item objects."""

    table: pd.DataFrame
    meta: AuditReport

    def report(self) -> AuditReport:
        from fairbuy.assemble import finalise_statuses, item_dicts

        with gc_paused():
            items = _ITEMS.validate_python(item_dicts(finalise_statuses(self.table)))
            return self.meta.model_copy(update={"items": items})

    def json_bytes(self) -> bytes:
        """Exactly ``self.report().model_dump_json()``, computed column-wise."""
        from fairbuy.fastjson import report_json

        with gc_paused():
            return report_json(self.meta, self.table)

    def json_chunks(self) -> Iterator[bytes]:
        """The bytes of :meth:`json_bytes` in pieces, for writing large reports to a file."""
        from fairbuy.fastjson import report_json_chunks

        return report_json_chunks(self.meta, self.table)


def check(
    inputs: InputLike | Sequence[InputLike],
    *,
    rules: Sequence[str | os.PathLike[str]] | str | None = None,
    label_db: LabelDB | str | os.PathLike[str] | None = None,
    audit_date: dt.date | None = None,
    generated_at: dt.datetime | str | None = None,
    sheets: Sequence[str] | None = None,
    column_map: Mapping[str, str] | None = None,
    evidence: str | os.PathLike[str] | None = None,
) -> AuditReport:
    """Check purchase lists or e-invoices and return the :class:`AuditReport`.

    Same arguments as :func:`audit`, which returns the still columnar result.
    """
    return audit(
        inputs,
        rules=rules,
        label_db=label_db,
        audit_date=audit_date,
        generated_at=generated_at,
        sheets=sheets,
        column_map=column_map,
        evidence=evidence,
    ).report()


@with_gc_paused  # (see fairbuy.gcpause: the audit makes many objects and few cycles)
def audit(
    inputs: InputLike | Sequence[InputLike],
    *,
    rules: Sequence[str | os.PathLike[str]] | str | None = None,
    label_db: LabelDB | str | os.PathLike[str] | None = None,
    audit_date: dt.date | None = None,
    generated_at: dt.datetime | str | None = None,
    sheets: Sequence[str] | None = None,
    column_map: Mapping[str, str] | None = None,
    evidence: str | os.PathLike[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Audit:
    """Read, recognise and evaluate; return the columnar :class:`Audit`.

    ``inputs``: one or more paths (csv, tsv, xlsx, xlsm, xls, ods, XRechnung UBL/CII XML,
    ZUGFeRD/Factur-X PDF) or pandas DataFrames. ``rules``: rule set ids or YAML files (default:
    the Magna Charta Ruhr 2010). ``audit_date``: the date of the audit (default: today); items
    without a purchase date are judged by the rules valid on it. ``evidence``: a supplier evidence
    register (xlsx/csv/yaml). ``progress`` is called with a short text as each stage starts.
    Raises :class:`fairbuy.errors.InputError` for an unreadable file,
    :class:`fairbuy.errors.UsageError` for unknown rule sets or bad arguments.
    """
    from fairbuy.assemble import build_report, finalise_statuses
    from fairbuy.io import ReadResult, read_dataframe, read_input
    from fairbuy.labeldb import LabelDB, load_label_db
    from fairbuy.recognise import Recogniser
    from fairbuy.rules import evaluate_table, load_rulesets, ruleset_ref
    from fairbuy.summary import summarise

    def step(text: str) -> None:
        if progress is not None:
            progress(text)

    gen_at = resolve_generated_at(generated_at)
    audit_day = audit_date or gen_at.date()

    db = label_db if isinstance(label_db, LabelDB) else load_label_db(
        Path(label_db) if label_db is not None else None
    )
    rule_ids: list[str | os.PathLike[str]]
    if rules is None:
        rule_ids = list(DEFAULT_RULESETS)
    elif isinstance(rules, str):
        rule_ids = [rules]
    else:
        rule_ids = list(rules)
    if not rule_ids:
        raise UsageError("no rule set given")
    rulesets = load_rulesets([str(r) for r in rule_ids])

    results: list[ReadResult] = []
    for n, source in enumerate(_as_list(inputs)):
        if isinstance(source, pd.DataFrame):
            name = "<dataframe>" if n == 0 else f"<dataframe {n + 1}>"
            results.append(read_dataframe(source, name=name, column_map=dict(column_map or {})))
        else:
            path = Path(source)
            step(f"read {os.fspath(source)}")
            if not path.exists():
                raise InputError(os.fspath(source), "file not found")
            if path.is_dir():
                raise InputError(os.fspath(source), "is a folder, not a file")
            results.append(
                read_input(
                    Path(source),
                    sheets=list(sheets) if sheets else None,
                    column_map=dict(column_map or {}) or None,
                    display_path=os.fspath(source),
                )
            )
    if not results:
        raise UsageError("no input given")
    tables = [r.table for r in results]
    table = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0].reset_index(drop=True)
    infos: list[InputInfo] = [r.info for r in results]

    step(f"recognise {len(table):,} rows")
    table = Recogniser(db).recognise_table(table)

    extra: dict[str, object] = {}
    register = None
    if evidence is not None:
        from fairbuy.suppliers import join_register, load_register, register_extra

        register = load_register(Path(evidence), label_db=db)
        table = join_register(table, register)
        extra["evidence_register"] = os.fspath(evidence)
        extra["supplier_register"] = register_extra(register, audit_day)

    step(f"evaluate {len(rulesets)} rule set(s)")
    result = evaluate_table(table, rulesets, db, audit_date=audit_day)
    table = finalise_statuses(result.table)
    if register is not None:
        table, extra["suppliers"] = _with_register_columns(table, register, audit_day)
    meta = build_report(
        table.iloc[:0],
        infos,
        [ruleset_ref(rs) for rs in rulesets],
        label_db_version=db.version,
        generated_at=gen_at,
        audit_date=audit_day,
        list_findings=result.list_findings,
        indicators=result.indicators,
        extra=extra,
    ).model_copy(update={"summary": summarise(table)})
    return Audit(table=table, meta=meta)


def _with_register_columns(table: pd.DataFrame, register: Any, audit_day: dt.date) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Per item, the register entries joined to it (added to its evidence, for the report), and the
    supplier overview (``extra["suppliers"]``: spend, evidence held, validity, open items)."""
    from fairbuy.suppliers import as_evidence, supplier_overview

    merged: dict[tuple[int, int], list[dict[str, Any]]] = {}

    def merge(ev: Any, reg: Any) -> Any:
        if not isinstance(reg, list) or not reg:
            return ev
        key = (id(ev), id(reg))
        hit = merged.get(key)
        if hit is None:
            hit = [*(ev if isinstance(ev, list) else []), *as_evidence(reg)]
            merged[key] = hit
        return hit

    table = table.copy()
    if "register_evidence" in table.columns:
        table["evidence"] = pd.Series(
            [merge(e, r) for e, r in zip(table["evidence"].tolist(), table["register_evidence"].tolist(), strict=True)],
            index=table.index,
            dtype=object,
        )
    overview = supplier_overview(table, register, audit_date=audit_day)
    keep = ["supplier", "supplier_id", "items", "spend", "register_supplier", "join_method", "join_score",
            "ambiguous", "evidence", "validity", "valid_to", "open_items"]
    records: list[dict[str, Any]] = []
    for rec in overview[[c for c in keep if c in overview.columns]].to_dict(orient="records"):
        clean: dict[str, Any] = {}
        for k, v in rec.items():
            if v is None or (isinstance(v, float) and v != v):
                clean[str(k)] = None
            elif isinstance(v, dt.date):
                clean[str(k)] = v.isoformat()
            elif hasattr(v, "item"):
                clean[str(k)] = v.item()
            else:
                clean[str(k)] = v
        records.append(clean)
    return table, records
