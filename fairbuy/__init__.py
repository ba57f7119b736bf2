"""fairbuy: check public procurement against sustainability rules.

>>> import fairbuy
>>> report = fairbuy.check("examples/einkaufsliste-2025.xlsx")  # doctest: +SKIP
>>> report.summary.by_status  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from fairbuy.api import check
from fairbuy.models import AuditReport, Status

__all__ = ["AuditReport", "Status", "__version__", "check"]
