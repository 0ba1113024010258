"""Findings: what the rules say about a figure, in English and Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from esgdesk.core.catalogue import Severity

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found with a figure: where, how serious, and in plain words."""

    indicator: str
    entity: str
    year: int
    severity: Severity
    rule: str  # e.g. "type", "range", "breakdown.sum", "yoy", "computed", "check.<id>", "required"
    message: str
    message_zh: str = ""
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    explained: bool = field(default=False, compare=False)  # an explanation or acknowledgement stands

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.entity, self.indicator, self.year)

    @property
    def id(self) -> tuple[str, str, int, str]:
        return (self.entity, self.indicator, self.year, self.rule)

    def text(self, lang: str = "en") -> str:
        return self.message_zh if lang.startswith("zh") and self.message_zh else self.message

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "entity": self.entity,
            "year": self.year,
            "severity": self.severity.value,
            "rule": self.rule,
            "message": self.message,
            "message_zh": self.message_zh,
            "explained": self.explained,
            **({"data": self.data} if self.data else {}),
        }


def sort_findings(findings: list[Finding], order: dict[str, int] | None = None) -> list[Finding]:
    pos = order or {}
    return sorted(
        findings,
        key=lambda f: (SEVERITY_ORDER[f.severity], pos.get(f.indicator, 1 << 30), f.entity, -f.year, f.rule),
    )
