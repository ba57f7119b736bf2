"""Fixed wording of the evaluator (German and English)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

TOPIC_TEXT: Final[dict[str, tuple[str, str]]] = {
    "forced_labour": ("Verbot von Zwangsarbeit (ILO C29/C105)", "no forced labour (ILO C29/C105)"),
    "child_labour": (
        "Verbot ausbeuterischer Kinderarbeit (ILO C138/C182)",
        "no exploitative child labour (ILO C138/C182)",
    ),
    "freedom_of_association": (
        "Vereinigungsfreiheit und Tarifverhandlungen (ILO C87/C98)",
        "freedom of association and collective bargaining (ILO C87/C98)",
    ),
    "non_discrimination": ("Nichtdiskriminierung (ILO C100/C111)", "non-discrimination (ILO C100/C111)"),
    "occupational_safety_health": (
        "Arbeitsschutz (ILO C155/C187)",
        "occupational safety and health (ILO C155/C187)",
    ),
    "fair_price": ("fairer Preis (Mindestpreis/Prämie)", "fair price (minimum price/premium)"),
    "living_wage": ("existenzsichernder Lohn", "living wage"),
    "environment": ("Umweltkriterien", "environmental criteria"),
}

LEVEL_TEXT: Final[dict[str, tuple[str, str]]] = {
    "product": ("Produkt", "product"),
    "ingredient": ("Rohstoff/Zutat", "ingredient"),
    "site": ("Produktionsstätte", "production site"),
    "company": ("Unternehmen", "company"),
    "supply_chain": ("Lieferkette", "supply chain"),
    "membership": ("Mitgliedschaft", "membership"),
    "meta": ("Meta-Siegel", "meta label"),
}

STATUS_TEXT: Final[dict[str, tuple[str, str]]] = {
    "compliant": ("erfüllt", "met"),
    "non_compliant": ("nicht erfüllt", "not met"),
    "needs_review": ("prüfen", "needs review"),
    "not_applicable": ("nicht anwendbar", "not applicable"),
}

STEP_TEXT: Final[dict[str, tuple[str, str]]] = {
    "origin_outside_risk_area": ("Herkunft außerhalb des Risikogebiets", "origin outside the risk area"),
    "recognised_certificate": ("anerkanntes Zertifikat", "recognised certificate"),
    "label_or_equivalent": ("Gütezeichen oder gleichwertiges Gütezeichen", "label or equivalent label"),
    "membership_or_third_party_declaration": (
        "Mitgliedschaft in einer Initiative oder Erklärung eines Dritten",
        "membership in an initiative or third-party declaration",
    ),
    "other_suitable_evidence": ("sonstiger geeigneter Nachweis", "other suitable evidence"),
    "self_declaration": ("Eigenerklärung", "self-declaration"),
}


def topics(ids: Sequence[str], lang: int) -> str:
    return ", ".join(TOPIC_TEXT.get(t, (t, t))[lang] for t in ids)


def levels(ids: Sequence[str], lang: int) -> str:
    return ", ".join(LEVEL_TEXT.get(t, (t, t))[lang] for t in ids)
