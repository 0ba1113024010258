"""Errors a user can cause, each with the exit code the command line promises.

0 done, 1 refused (or error-level findings), 2 unusable input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from esgdesk.core.values import Value


class EsgdeskError(Exception):
    """A failure explained in plain words; never shown as a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class Refused(EsgdeskError):
    """The input was understood but may not be applied (a value out of range, a locked section)."""

    exit_code = 1


class UnusableInput(EsgdeskError):
    """The input cannot be used at all: missing, corrupt, foreign or newer file, unknown indicator."""

    exit_code = 2


class CatalogueError(UnusableInput):
    """A catalogue file is broken; the message names the file, the indicator and the problem."""

    def __init__(self, message: str, *, file: str | None = None, indicator: str | None = None) -> None:
        self.file = file
        self.indicator = indicator
        parts = [p for p in (file, f"indicator '{indicator}'" if indicator else None) if p]
        super().__init__(message, where=": ".join(parts) if parts else None)


class ReportFileError(UnusableInput):
    """A report file that cannot be opened: corrupt, foreign, newer, or not there."""


class LockedError(UnusableInput):
    """Somebody else holds the report file open for writing."""

    def __init__(self, message: str, *, holder: dict[str, str] | None = None, where: str | None = None) -> None:
        self.holder = holder or {}
        super().__init__(message, where=where)


class ParseError(Refused):
    """What was typed is not a value of the indicator's kind; nothing is coerced."""


class WriteError(EsgdeskError):
    """The disk refused a write (full, read-only); the last good state is untouched."""

    exit_code = 1


class Conflict(Refused):
    """An edit of a figure someone else changed since it was read (a report on a server): nothing was written.

    `key` is (entity, indicator, year); `base` is the value this report showed, `theirs` what the server
    holds now, `mine` the refused edit (Values, or None for no figure). The app asks which to keep.
    """

    def __init__(
        self,
        message: str,
        *,
        key: tuple[str, str, int],
        base: Value | None,
        theirs: Value | None,
        mine: Value | None,
        where: str | None = None,
    ) -> None:
        self.key, self.base, self.theirs, self.mine = key, base, theirs, mine
        super().__init__(message, where=where)
