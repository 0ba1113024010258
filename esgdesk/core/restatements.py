"""Restatements: a figure of a published year is not edited but restated, and the restatement is disclosed.

The report keeps the value as first published, the reason, who and when (`Restatement`); the restated
value is the figure itself, so every rule, the year-over-year change and every export read it. What a
user or an export says about a restatement (the note beside a restated figure, the list of restated
indicators for GRI 2-4) is made here, once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from esgdesk.core.display import display_with_unit
from esgdesk.core.values import Value

if TYPE_CHECKING:
    from esgdesk.core.catalogue import Indicator
    from esgdesk.core.store import Report

GRI_RESTATEMENTS = "2-4"  # GRI 2-4: restatements of information


@dataclass(frozen=True, slots=True)
class Restatement:
    """A restated figure: what was published first, why it changed, who changed it and when."""

    previous: Value | None  # as first published; None when the year was published without this figure
    reason: str
    by: str
    at: str

    def previous_json(self) -> str:
        return json.dumps(self.previous.to_dict() if self.previous else None, ensure_ascii=False, sort_keys=True)

    @staticmethod
    def from_row(previous: str, reason: str, by: str, at: str) -> Restatement:
        data = json.loads(previous)
        if data is not None and not isinstance(data, dict):
            raise ValueError("a restatement's previous value is not a figure")
        return Restatement(Value.from_dict(data) if data is not None else None, reason, by, at)

    def to_json(self) -> dict[str, Any]:
        """The `restatement` field of `esgdesk show --json`."""
        return {
            "previous": self.previous.json_value() if self.previous else None,
            "reason": self.reason,
            "at": self.at,
            "by": self.by,
        }


def previous_text(rest: Restatement, ind: Indicator) -> str:
    """The value as published, as a person reads it, with its unit."""
    if rest.previous is None:
        return "(not published)"
    return display_with_unit(rest.previous, ind)


def note_text(rest: Restatement, ind: Indicator, lang: str = "en") -> str:
    """The note a restated figure carries in an export: the previous value and the reason."""
    if lang == "zh":
        return f"重述：原披露值 {previous_text(rest, ind)}；原因：{rest.reason}"
    return f"Restated: previously published as {previous_text(rest, ind)}; reason: {rest.reason}"


def restated_indicators(report: Report, entities: set[str] | None = None) -> list[str]:
    """Ids of the indicators with a restated figure, in catalogue order (GRI 2-4 lists them)."""
    held = {k[1] for k in report.restatements() if entities is None or k[0] in entities}
    return [ind.id for ind in report.catalogue.ordered_indicators() if ind.id in held]
