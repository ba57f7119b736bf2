"""The label database: sustainability labels (Gütezeichen) and product groups, with sources.

Data: ``label_db/`` (see its README). Queries on :class:`LabelDB`:
``label(id)``, ``group(id)``, ``canonical_label_id(id)``, ``labels_for_group(group, include_parents=True,
valid_on=None)``, ``credible_labels_for(group, requires, valid_on=None)``, ``search(text, limit)``,
``group_ancestors`` / ``group_children`` / ``group_descendants``, ``groups_for_cpv(code)``,
``alias_index()`` / ``ambiguous_index()`` for text recognition. Per label: ``covers(topic)``,
``valid_on(date)``.

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
