"""A fresh report on the real catalogue, filled figure by figure as a department would type them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.findings import Finding
from esgdesk.core.store import Report
from esgdesk.core.validation import Engine
from esgdesk.core.values import Change, Key

YEAR = 2023
ENTITY = "acme"


def new_report(path: Path, catalogue: Catalogue, **extra: Any) -> Report:
    return Report.create(path, catalogue, company="ACME", year=YEAR, entity_id=ENTITY, extra=extra or None)


def put(rep: Report, figures: dict[str, str], year: int = YEAR, entity: str = ENTITY) -> None:
    """Type figures, computed ones included (as an import of a published year would bring them)."""
    changes = []
    for ind, text in figures.items():
        changes.append(Change(Key(entity, ind, year), None, rep.parse(ind, text), None, "test"))
    rep.apply(changes, allow_computed=True)


def findings(
    rep: Report, indicator: str | None = None, rule: str | None = None, year: int | None = None
) -> list[Finding]:
    out = Engine(rep).run_all()
    return [
        f
        for f in out
        if (indicator is None or f.indicator == indicator)
        and (rule is None or f.rule == rule or f.rule.startswith(rule + "."))
        and (year is None or f.year == year)
    ]
