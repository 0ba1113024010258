"""One figure of a report: its status, qualifier, value in the canonical unit and as entered.

Values are the hot path (a group report holds tens of thousands), so they are slotted,
frozen dataclasses rather than validated models: they are only ever built by the parser
or read back from a file that was checked when it was opened.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    REPORTED = "reported"
    NOT_APPLICABLE = "not_applicable"  # printed as "\" in the report; carries a reason
    NOT_REPORTED = "not_reported"
    BELOW_DETECTION = "below_detection"  # "ND": under the detection limit, which is kept


class Qualifier(StrEnum):
    NONE = ""
    MORE_THAN = "more_than"  # "1,500+", "more than", "over"
    AT_LEAST = "at_least"
    LESS_THAN = "less_than"
    AT_MOST = "at_most"  # "up to"
    APPROXIMATELY = "approximately"  # "about", "nearly", "约"


QUALIFIER_PREFIX = {
    Qualifier.MORE_THAN: ">",
    Qualifier.AT_LEAST: "≥",
    Qualifier.LESS_THAN: "<",
    Qualifier.AT_MOST: "≤",
    Qualifier.APPROXIMATELY: "≈",
}


@dataclass(frozen=True, slots=True)
class Value:
    """A stored figure: its number, range or text in the canonical unit, as typed, and its status."""

    status: Status = Status.REPORTED
    number: float | None = None  # canonical unit; for a range, None
    low: float | None = None  # ranges
    high: float | None = None
    text: str | None = None  # text indicators; "yes"/"no" for boolean ones
    qualifier: Qualifier = Qualifier.NONE
    entered: str = ""  # exactly what the person typed or the file held
    entered_unit: str | None = None  # unit id the figure was entered in, if not the canonical one
    decimals: int | None = None  # precision of the entry, in the canonical unit (XBRL `decimals`)
    reason: str | None = None  # why not applicable / not reported
    detection_limit: float | None = None  # canonical unit

    @property
    def is_number(self) -> bool:
        return self.status == Status.REPORTED and self.number is not None

    @property
    def is_range(self) -> bool:
        return self.status == Status.REPORTED and self.low is not None and self.high is not None

    def numeric(self) -> float | None:
        """A single number for arithmetic: the value, or a range's midpoint."""
        if self.status != Status.REPORTED:
            return None
        if self.number is not None:
            return self.number
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return None

    @property
    def has_data(self) -> bool:
        """Whether the entry discloses something: a figure, a range, a text, or a measurement below the
        detection limit (not "not applicable" or "not reported"). What a GRI disclosure's finding and a
        framework index both ask of a typed entry."""
        return self.status == Status.BELOW_DETECTION or (
            self.status == Status.REPORTED and (self.numeric() is not None or bool(self.text))
        )

    def json_value(self) -> Any:
        """`value` as the command line prints it: a number, a string, {"min", "max"} or null."""
        if self.status == Status.BELOW_DETECTION:
            return None
        if self.number is not None:
            return _plain(self.number)
        if self.low is not None and self.high is not None:
            return {"min": _plain(self.low), "max": _plain(self.high)}
        return self.text

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {k: v for k, v in d.items() if v not in (None, "", Qualifier.NONE)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Value:
        return cls(
            status=Status(d.get("status", "reported")),
            number=d.get("number"),
            low=d.get("low"),
            high=d.get("high"),
            text=d.get("text"),
            qualifier=Qualifier(d.get("qualifier", "")),
            entered=d.get("entered", ""),
            entered_unit=d.get("entered_unit"),
            decimals=d.get("decimals"),
            reason=d.get("reason"),
            detection_limit=d.get("detection_limit"),
        )

    def with_changes(self, **kw: Any) -> Value:
        return replace(self, **kw)

    def same_figure(self, other: Value | None) -> bool:
        """Equal as a disclosed figure (ignores how it was typed)."""
        if other is None:
            return False
        return (
            self.status == other.status
            and self.qualifier == other.qualifier
            and _close(self.number, other.number)
            and _close(self.low, other.low)
            and _close(self.high, other.high)
            and self.text == other.text
            and _close(self.detection_limit, other.detection_limit)
        )


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def _plain(x: float) -> float | int:
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


_STATUS = {s.value: s for s in Status}
_QUALIFIER = {q.value: q for q in Qualifier}
# The slots' own setters: a frozen dataclass's __init__ goes through object.__setattr__ once per field,
# which makes reading a report's tens of thousands of figures twice as slow.
_SETTERS = tuple(
    getattr(Value, name).__set__
    for name in (
        "status",
        "qualifier",
        "entered",
        "entered_unit",
        "number",
        "low",
        "high",
        "text",
        "decimals",
        "reason",
        "detection_limit",
    )
)
_new = object.__new__


def value_from_row(row: tuple[Any, ...], start: int = 0) -> Value:
    """A Value from a row of the report file's `vals` table (status, qualifier, entered, entered_unit,
    num, low, high, text, decimals, reason, detection_limit), from column `start` on.

    Raises KeyError for a status or qualifier esgdesk does not know.
    """
    v: Value = _new(Value)
    s_status, s_qualifier, s_entered, s_unit, s_number, s_low, s_high, s_text, s_decimals, s_reason, s_limit = _SETTERS
    s_status(v, _STATUS[row[start]])
    s_qualifier(v, _QUALIFIER[row[start + 1]])
    s_entered(v, row[start + 2])
    s_unit(v, row[start + 3])
    s_number(v, row[start + 4])
    s_low(v, row[start + 5])
    s_high(v, row[start + 6])
    s_text(v, row[start + 7])
    s_decimals(v, row[start + 8])
    s_reason(v, row[start + 9])
    s_limit(v, row[start + 10])
    return v


@dataclass(frozen=True, slots=True)
class Key:
    """Where a figure is kept: the entity, the indicator and the year."""

    entity: str
    indicator: str
    year: int


@dataclass(slots=True)
class Change:
    """What an edit did, as the audit log records it."""

    key: Key
    old: Value | None
    new: Value | None
    why: str | None = None
    source: str = "app"
    extra: dict[str, Any] = field(default_factory=dict)
