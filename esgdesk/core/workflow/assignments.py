"""Who supplies which figures: the catalogue's owners, with the ESG office's reassignments on top.

Reassignments live in the master's meta (`workflow.owners`, indicator id -> department id), so
they travel with the report and every change to them is in its audit log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from esgdesk.core.errors import UnusableInput

if TYPE_CHECKING:
    from esgdesk.core.store import Report

OWNERS_KEY = "workflow.owners"


@dataclass(frozen=True, slots=True)
class Assignment:
    department: str
    name: str
    indicators: list[str]
    sections: list[str]

    def to_json(self) -> dict[str, object]:
        return {
            "department": self.department,
            "name": self.name,
            "indicators": self.indicators,
            "sections": self.sections,
        }


def overrides(report: Report) -> dict[str, str]:
    raw = report.meta.extra.get(OWNERS_KEY)
    if not raw:
        return {}
    data = json.loads(raw)
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def owner_of(report: Report, indicator: str, table: dict[str, str] | None = None) -> str:
    table = overrides(report) if table is None else table
    return table.get(indicator) or report.catalogue.owner_of(indicator)


def owners(report: Report) -> dict[str, str]:
    """Every indicator's owner department, in catalogue order."""
    table = overrides(report)
    return {ind.id: owner_of(report, ind.id, table) for ind in report.catalogue.ordered_indicators()}


def indicators_of(report: Report, department: str) -> list[str]:
    return [ind for ind, dep in owners(report).items() if dep == department]


def sections_of(report: Report, indicators: list[str]) -> list[str]:
    wanted = set(indicators)
    return [s.id for s in report.catalogue.sections.values() if any(i.id in wanted for i in s.indicators)]


def section_departments(report: Report, section: str) -> set[str]:
    """Departments that own at least one figure of `section`."""
    own = owners(report)
    return {own[i.id] for i in report.catalogue.sections[section].indicators}


def departments(report: Report) -> list[Assignment]:
    """Departments in catalogue order with what each owns; departments owning nothing are listed empty."""
    own = owners(report)
    out: list[Assignment] = []
    for dep in report.catalogue.departments:
        inds = [i for i, d in own.items() if d == dep.id]
        out.append(Assignment(dep.id, dep.name.en, inds, sections_of(report, inds)))
    return out


def check_department(report: Report, department: str) -> None:
    if department not in report.catalogue.department_table:
        known = ", ".join(d.id for d in report.catalogue.departments)
        raise UnusableInput(f"unknown department '{department}' (known: {known})")


def assign(report: Report, target: str, department: str) -> list[str]:
    """Make `department` the owner of an indicator, or of every indicator of a section; returns the ids moved."""
    check_department(report, department)
    cat = report.catalogue
    if target in cat.sections:
        ids = [i.id for i in cat.sections[target].indicators]
    elif target in cat.indicators:
        ids = [target]
    else:
        raise UnusableInput(f"'{target}' is neither an indicator nor a section of this report")
    table = overrides(report)
    for ind in ids:
        if cat.owner_of(ind) == department:
            table.pop(ind, None)
        else:
            table[ind] = department
    report.set_meta(OWNERS_KEY, json.dumps(table, sort_keys=True), why=f"{target} assigned to {department}")
    return ids
