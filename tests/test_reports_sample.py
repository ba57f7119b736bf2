"""A small, realistic :class:`AuditReport` built in code, shared by the report tests.

It covers every status (including unreadable rows), labels with matched text, findings from two
rule sets, list findings, indicators, unknown evidence, and hostile descriptions (formula
injection, leading tab/CR, sign characters, markup).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from fairbuy.models import (
    AuditReport,
    CountryListRef,
    DetectedLabel,
    Evidence,
    Finding,
    GroupSummary,
    Indicator,
    InputInfo,
    ItemResult,
    Location,
    RuleSetRef,
    Severity,
    Status,
    StatusSummary,
    Summary,
)

MCR = "magna-charta-ruhr-2010"
BESTG = "nrw-bestg-4a"
MCR_REF = "https://www.faire-metropole-ruhr.de/archiv/charta-ruhr-2010.html"
BESTG_REF = "https://recht.nrw.de/lmi/owa/br_vbl_detail_text?anw_nr=7&vd_id=18342&ver=8&val=18342&sg=0&menu=0&vd_back=N"
FILE = "examples/einkaufsliste-2025.xlsx"
SHEET = "Bestellungen 2025"
GENERATED_AT = dt.datetime(2026, 1, 15, 12, 0, 0, tzinfo=dt.UTC)

HOSTILE_DESCRIPTIONS = [
    '=HYPERLINK("http://x")',
    "=1+1",
    "@SUM(A1)",
    "+49 123",
    "-5",
    "\tTabulator am Anfang",
    "\rWagenrücklauf am Anfang",
    "<script>alert('x')</script> & Co",
]


def _f(rule: str, status: Status, msg: str, msg_en: str, *, ruleset: str = MCR,
       suggestion: list[str] | None = None, used: list[str] | None = None,
       severity: Severity = Severity.WARNING) -> Finding:
    return Finding(
        rule_id=rule, ruleset_id=ruleset, status=status, severity=severity, message=msg, message_en=msg_en,
        suggestion=suggestion or [], evidence_used=used or [],
        reference=MCR_REF if ruleset == MCR else BESTG_REF,
    )


def _item(row: int, desc: str | None, status: Status, *, group: str | None = None, amount: float | None = None,
          qty: float | None = None, price: float | None = None, labels: list[DetectedLabel] | None = None,
          findings: list[Finding] | None = None, evidence: list[Evidence] | None = None,
          score: int | None = None, **extra: Any) -> ItemResult:
    return ItemResult(
        source=Location(file=FILE, sheet=SHEET, row=row), description=desc, product_group=group,
        labels=labels or [], evidence=evidence or [], status=status, score=score, findings=findings or [],
        quantity=qty, unit_price=price, amount=amount, **extra,
    )


def _summary(items: list[ItemResult]) -> Summary:
    """Counts and spend by status / group / label / rule (mirrors fairbuy.summary for the fixture)."""
    s = Summary(items=len(items), spend=round(sum(i.amount or 0.0 for i in items), 2))
    for i in items:
        st = s.by_status.setdefault(i.status.value, StatusSummary())
        st.count += 1
        st.spend = round(st.spend + (i.amount or 0.0), 2)
        if i.product_group:
            g = s.by_product_group.setdefault(i.product_group, GroupSummary())
            g.count += 1
            g.spend = round(g.spend + (i.amount or 0.0), 2)
            gs = g.by_status.setdefault(i.status.value, StatusSummary())
            gs.count += 1
            gs.spend = round(gs.spend + (i.amount or 0.0), 2)
        for lid in dict.fromkeys(lab.id for lab in i.labels):
            ls = s.by_label.setdefault(lid, StatusSummary())
            ls.count += 1
            ls.spend = round(ls.spend + (i.amount or 0.0), 2)
        for f in i.findings:
            if f.rule_id == "read":
                continue
            r = s.by_rule.setdefault(f"{f.ruleset_id}/{f.rule_id}", {}).setdefault(f.status.value, StatusSummary())
            r.count += 1
            r.spend = round(r.spend + (i.amount or 0.0), 2)
    for g in s.by_product_group.values():
        comp = g.by_status["compliant"].spend if "compliant" in g.by_status else 0.0
        g.compliant_spend_share = round(comp / g.spend, 4) if g.spend > 0 else None
    return s


def sample_report(*, n_extra: int = 0) -> AuditReport:
    """The fixture report; ``n_extra`` appends that many plain coffee items (for size tests)."""
    fairtrade = DetectedLabel(id="fairtrade", name="Fairtrade", matched_text="Fairtrade", confidence=1.0)
    xertifix = DetectedLabel(id="xertifix-plus", name="XertifiX PLUS", matched_text="XertifiX PLUS",
                             field="label_text", method="alias")
    fairtrade_typo = DetectedLabel(id="fairtrade", name="Fairtrade", matched_text="Fairtade", method="fuzzy",
                                   confidence=0.86)
    no_evidence_coffee = _f("coffee-child-labour", Status.NON_COMPLIANT,
                            "Kaffee: kein Nachweis gegen ausbeuterische Kinderarbeit.",
                            "Coffee: no evidence against exploitative child labour.",
                            suggestion=["fairtrade", "naturland-fair"], severity=Severity.ERROR)
    items = [
        _item(4, "Röstkaffee gemahlen 500 g, Fairtrade", Status.COMPLIANT, group="coffee", qty=20, price=6.49,
              amount=129.8, labels=[fairtrade], score=100, supplier="GEPA mbH", cpv="15861000-1",
              purchase_date=dt.date(2025, 3, 4), document_number="R-2025-0117",
              evidence=[Evidence(kind="label", text="Fairtrade", label_id="fairtrade", field="description")],
              findings=[_f("coffee-child-labour", Status.COMPLIANT, "Nachweis: Fairtrade.",
                           "Evidence: Fairtrade.", used=["fairtrade"])]),
        _item(5, "Kaffeebohnen Crema 1 kg", Status.NON_COMPLIANT, group="coffee", qty=12, price=14.9,
              amount=178.8, score=0, supplier="Bürobedarf Schmidt", findings=[no_evidence_coffee]),
        _item(6, "Kaffee gemahlen 500 g, nicht Fairtrade", Status.NON_COMPLIANT, group="coffee", qty=5,
              price=4.2, amount=21.0, score=0,
              findings=[no_evidence_coffee.model_copy(update={"message": "Kaffee: Gütezeichen verneint (»nicht Fairtrade«)."})]),
        _item(7, "Granitpflaster 8/11 grau", Status.COMPLIANT, group="natural_stone", qty=40, unit="m²",
              price=31.5, amount=1260.0, labels=[xertifix], label_text="XertifiX PLUS", origin="IN", score=100,
              evidence=[Evidence(kind="label", text="XertifiX PLUS", label_id="xertifix-plus", field="label_text")],
              findings=[
                  _f("stone-child-labour", Status.COMPLIANT, "Nachweis: XertifiX PLUS.", "Evidence: XertifiX PLUS.",
                     used=["xertifix-plus"]),
                  _f("stone-certificate", Status.COMPLIANT, "Zertifikat einer anerkannten Stelle.",
                     "Certificate of a recognised body.", ruleset=BESTG, used=["xertifix-plus"]),
              ]),
        _item(8, "Grabstein Granit poliert, Herkunft unbekannt", Status.NEEDS_REVIEW, group="gravestones", qty=1,
              price=2450.0, amount=2450.0, score=50, label_text="fair stone geprüft",
              evidence=[Evidence(kind="unknown_label", text="fair stone geprüft", field="label_text",
                                 confidence=0.6)],
              findings=[
                  _f("stone-child-labour", Status.NEEDS_REVIEW, "Herkunft unbekannt: prüfen, ob § 4a gilt.",
                     "Origin unknown: check whether § 4a applies.", suggestion=["xertifix-plus", "fair-stone"]),
                  _f("stone-certificate", Status.NEEDS_REVIEW, "»fair stone geprüft« ist kein bekanntes Zertifikat.",
                     "'fair stone geprüft' is not a known certificate.", ruleset=BESTG,
                     suggestion=["xertifix-plus"]),
              ]),
        _item(9, "Kaffeemaschine Edelstahl", Status.NOT_APPLICABLE, group="ict_hardware", qty=1, price=89.0,
              amount=89.0),
        _item(10, "Kugelschreiber blau, sozial verantwortlich hergestellt", Status.NOT_APPLICABLE,
              group="office_supplies_wood_stone_rubber", qty=100, price=0.45, amount=45.0,
              evidence=[Evidence(kind="generic_claim", text="sozial verantwortlich hergestellt",
                                 field="description", confidence=0.9)]),
        _item(11, "Tee Darjeeling Fairtade 250 g", Status.NEEDS_REVIEW, group="tea", qty=10, price=5.99,
              amount=59.9, labels=[fairtrade_typo], score=60,
              findings=[_f("tea-child-labour", Status.NEEDS_REVIEW,
                           "Gütezeichen unsicher erkannt (»Fairtade«, 86 %).",
                           "Label recognised with low confidence ('Fairtade', 86%).", suggestion=["fairtrade"])]),
        _item(12, None, Status.UNREADABLE, findings=[
            Finding(rule_id="read", ruleset_id="fairbuy", status=Status.UNREADABLE, severity=Severity.WARNING,
                    message="Zeile nicht lesbar: Betrag »zwölf« ist keine Zahl",
                    message_en="Row could not be read: amount 'zwölf' is not a number")]),
    ]
    row = 13
    for desc in HOSTILE_DESCRIPTIONS:
        items.append(_item(row, desc, Status.NON_COMPLIANT, group="coffee", qty=1, price=-5.0, amount=-5.0,
                           score=0, supplier=desc, label_text=desc, findings=[no_evidence_coffee],
                           evidence=[Evidence(kind="unknown_label", text=desc, field="label_text")]))
        row += 1
    items.append(_item(row, "Summe", Status.UNREADABLE, amount=None, findings=[
        Finding(rule_id="read", ruleset_id="fairbuy", status=Status.UNREADABLE, severity=Severity.INFO,
                message="Summen- oder Zwischensummenzeile: keine Position.",
                message_en="Totals or subtotal row: no line item.")]))
    for k in range(n_extra):
        items.insert(-1, _item(row + k, f"Kaffeebohnen Sorte {k}", Status.NON_COMPLIANT, group="coffee", qty=1,
                               price=9.5, amount=9.5, score=0, findings=[no_evidence_coffee]))
    if n_extra:
        items[-1] = items[-1].model_copy(update={"source": Location(file=FILE, sheet=SHEET, row=row + n_extra)})
    return AuditReport(
        fairbuy_version="0.1.0",
        label_db_version="2026.11.0",
        rulesets=[
            RuleSetRef(id=MCR, version="1.0.0", source="shipped", path=f"rules/{MCR}.yaml",
                       sha256="2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"),
            RuleSetRef(id=BESTG, version="2024-01", source="shipped", path=f"rules/{BESTG}.yaml",
                       sha256="fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9",
                       lists=[CountryListRef(id="nrw-bestg-risk-countries", source="file",
                                             path="listen/risikostaaten-2025.yaml", replaces="shipped",
                                             sha256="baa5a0964d3320fbc0c6a922140453c8513ea24ab8fd0577034804a967248096",
                                             valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2025, 12, 31))]),
        ],
        inputs=[InputInfo(path=FILE, sha256="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                          rows=len(items), format="xlsx", sheets=[SHEET])],
        generated_at=GENERATED_AT,
        audit_date=dt.date(2026, 1, 15),
        items=items,
        list_findings=[_f("share-fair-coffee", Status.NON_COMPLIANT,
                          "Anteil fairer Kaffee 36,6 % (Ziel: 100 %).", "Fair coffee share 36.6% (target: 100%).")],
        indicators=[Indicator(id="fair-coffee-share", ruleset_id=MCR, title="Anteil fair gehandelter Kaffee",
                              value=0.366, unit="share", detail={"compliant_spend": 129.8})],
        summary=_summary(items),
    )


class FakeLabel:
    """Duck-typed label-database entry (what fairbuy.labeldb provides)."""

    def __init__(self, name: str, sources: list[str], ilo: list[str], verification: str) -> None:
        self.name = name
        self.sources = sources
        self.ilo = ilo
        self.verification = verification


class FakeGroup:
    def __init__(self, name: str) -> None:
        self.name = name


class FakeLabelDB:
    version = "2026.11.0"
    labels: ClassVar[dict[str, FakeLabel]] = {
        "fairtrade": FakeLabel("Fairtrade", ["https://www.fairtrade.net/standard"], ["C138", "C182"],
                               "third_party"),
        "xertifix-plus": FakeLabel("XertifiX PLUS", ["https://www.xertifix.de/"], ["C138", "C182"], "third_party"),
    }
    groups: ClassVar[dict[str, FakeGroup]] = {"coffee": FakeGroup("Kaffee"), "natural_stone": FakeGroup("Naturstein")}


def test_sample_covers_every_status() -> None:
    report = sample_report()
    assert {i.status for i in report.items} == set(Status)
    assert {f.ruleset_id for i in report.items for f in i.findings} >= {MCR, BESTG}
    assert AuditReport.model_validate_json(report.model_dump_json()) == report


def test_sample_extra_items_keep_rows_unique() -> None:
    report = sample_report(n_extra=5)
    rows = [i.source.row for i in report.items]
    assert len(rows) == len(set(rows))
