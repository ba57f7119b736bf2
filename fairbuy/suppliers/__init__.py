"""Supplier evidence register: company-level proof joined to line items by supplier.

>>> from fairbuy.suppliers import load_register, join_register
>>> register = load_register("examples/register/lieferanten-nachweise.yaml")  # doctest: +SKIP
>>> table = join_register(table, register)  # adds the column "register_evidence"  # doctest: +SKIP
"""

from __future__ import annotations

from fairbuy.suppliers.join import (
    AMBIGUITY_MARGIN,
    FUZZY_THRESHOLD,
    JOIN_COLUMN,
    SupplierMatch,
    SupplierMatcher,
    as_evidence,
    evidence_state,
    join_register,
    valid_register_evidence,
)
from fairbuy.suppliers.names import (
    normalise_supplier_id,
    normalise_supplier_name,
    tokens_compatible,
)
from fairbuy.suppliers.overview import (
    EXPIRY_WINDOW_DAYS,
    entry_state,
    expiring_evidence,
    register_extra,
    supplier_overview,
)
from fairbuy.suppliers.register import (
    KINDS,
    Register,
    RegisterEntry,
    RegisterSupplier,
    load_register,
    parse_date,
)

__all__ = [
    "AMBIGUITY_MARGIN",
    "EXPIRY_WINDOW_DAYS",
    "FUZZY_THRESHOLD",
    "JOIN_COLUMN",
    "KINDS",
    "Register",
    "RegisterEntry",
    "RegisterSupplier",
    "SupplierMatch",
    "SupplierMatcher",
    "as_evidence",
    "entry_state",
    "evidence_state",
    "expiring_evidence",
    "join_register",
    "load_register",
    "normalise_supplier_id",
    "normalise_supplier_name",
    "parse_date",
    "register_extra",
    "supplier_overview",
    "tokens_compatible",
    "valid_register_evidence",
]
