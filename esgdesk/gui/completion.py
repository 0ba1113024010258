"""How far a report is: filled figures, open findings and states per section and department.

Plain Python over the core (no Qt), shared by the section tree badges and the dashboard.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from esgdesk.core.catalogue import Section, Severity
from esgdesk.core.findings import Finding
from esgdesk.core.store import Report
from esgdesk.core.validation import Engine


@dataclass(frozen=True, slots=True)
class SectionStats:
    """How far a section is: figures filled of all, open errors and warnings, and its review state."""

    section: str
    owner: str
    filled: int
    total: int
    errors: int
    warnings: int
    state: str

    @property
    def share(self) -> float:
        return self.filled / self.total if self.total else 1.0


def _open(findings: list[Finding]) -> Counter[Severity]:
    return Counter(f.severity for f in findings if not f.explained)


def section_stats(report: Report, engine: Engine, section: Section) -> SectionStats:
    entity, year = report.entity, report.year
    filled = 0
    for ind in section.indicators:
        if report.get(ind.id, year, entity) is not None or (
            ind.computed and engine.computed(ind.id, year, entity) is not None
        ):
            filled += 1
    counts = _open(engine.findings(entity=entity, year=year, section=section.id))
    return SectionStats(
        section=section.id,
        owner=section.owner,
        filled=filled,
        total=len(section.indicators),
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        state=report.section_state(section.id).state,
    )


def all_section_stats(report: Report, engine: Engine, sections: list[str] | None = None) -> list[SectionStats]:
    wanted = set(sections) if sections is not None else None
    return [
        section_stats(report, engine, s)
        for a in report.catalogue.areas
        for s in a.sections
        if wanted is None or s.id in wanted
    ]


def department_totals(report: Report, stats: list[SectionStats]) -> list[tuple[str, int, int]]:
    """(department id, filled, total) counted by each indicator's owner, in catalogue order."""
    cat = report.catalogue
    entity, year = report.entity, report.year
    wanted = {s.section for s in stats}
    filled: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for ind in cat.ordered_indicators():
        if cat.section_of[ind.id].id not in wanted:
            continue
        owner = cat.owner_of(ind.id)
        total[owner] += 1
        if report.get(ind.id, year, entity) is not None:
            filled[owner] += 1
    return [(d.id, filled[d.id], total[d.id]) for d in cat.departments if total[d.id]]


def severity_counts(findings: list[Finding]) -> dict[Severity, int]:
    counts = _open(findings)
    return {s: counts[s] for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
