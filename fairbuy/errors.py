"""Typed errors. Every error a user can cause names the file and, where known, the position."""

from __future__ import annotations


class FairbuyError(Exception):
    """Base class of all errors fairbuy raises on purpose."""


class InputError(FairbuyError):
    """An input file cannot be read at all (missing, empty, corrupt, encrypted, unsupported)."""

    def __init__(
        self,
        path: str,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = path
        self.reason = message
        self.sheet = sheet
        self.row = row
        self.column = column
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = self.path
        if self.sheet is not None:
            where += f", sheet {self.sheet!r}"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class DataError(FairbuyError):
    """A data file of the label database or a rule set is malformed."""

    def __init__(self, path: str, message: str, *, entry: str | None = None, field: str | None = None,
                 line: int | None = None) -> None:
        self.path = path
        self.reason = message
        self.entry = entry
        self.field = field
        self.line = line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        if self.entry is not None:
            where += f" [{self.entry}]"
        if self.field is not None:
            where += f" field {self.field!r}"
        return f"{where}: {self.reason}"


class UsageError(FairbuyError):
    """Wrong use of the API or CLI (unknown rule set id, bad option value...)."""
