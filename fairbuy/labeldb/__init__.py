"""The label database: sustainability labels (Gütezeichen) and product groups, with sources.

>>> from fairbuy.labeldb import load_label_db
>>> db = load_label_db()
>>> db.label("max-havelaar").id
'fairtrade'
"""

from __future__ import annotations

from fairbuy.labeldb.db import LabelDB
from fairbuy.labeldb.loader import load_label_db
from fairbuy.labeldb.schema import (
    ILO_CONVENTIONS,
    ILO_TOPICS,
    TOPICS,
    AmbiguousAlias,
    CertificatePattern,
    CpvRef,
    DBMeta,
    EnvironmentalCriteria,
    FairTrade,
    IloCoverage,
    Label,
    ProductGroup,
    Rating,
    Verification,
)

__all__ = [
    "ILO_CONVENTIONS",
    "ILO_TOPICS",
    "TOPICS",
    "AmbiguousAlias",
    "CertificatePattern",
    "CpvRef",
    "DBMeta",
    "EnvironmentalCriteria",
    "FairTrade",
    "IloCoverage",
    "Label",
    "LabelDB",
    "ProductGroup",
    "Rating",
    "Verification",
    "load_label_db",
]
