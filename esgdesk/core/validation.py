"""The validation engine: computed figures and findings for a report, kept current edit by edit.

`Engine.run_all()` evaluates everything; `Engine.recheck(keys)` after an edit re-evaluates only
the rules that read the edited figures. Rules themselves live in `esgdesk.core.rules`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from esgdesk.core.catalogue import Catalogue, topological_formulas
from esgdesk.core.findings import Finding, sort_findings
from esgdesk.core.rules import RuleContext, rules_for_subject, subjects_affected_by
from esgdesk.core.values import Value

if TYPE_CHECKING:
    from esgdesk.core.store import Report

ValueKey = tuple[str, str, int]


class Engine:
    """Findings and computed values of one open report."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.catalogue: Catalogue = report.catalogue
        self._formulas = topological_formulas(self.catalogue)
        self._computed: dict[ValueKey, float] = {}
        self._by_subject: dict[ValueKey, list[Finding]] = {}
        self.ctx = RuleContext(report, self._computed)

    # -- computed indicators ---------------------------------------------------------------
    def computed(self, indicator: str, year: int | None = None, entity: str | None = None) -> float | None:
        return self._computed.get((entity or self.report.entity, indicator, year or self.report.year))

    def computed_map(self) -> dict[ValueKey, float]:
        return self._computed

    def _compute(self, entity: str, year: int, only: Iterable[str] | None = None) -> set[str]:
        """Evaluate formulas for one entity and year; returns the ids whose result changed."""
        wanted = set(only) if only is not None else None
        changed: set[str] = set()
        for ind in self._formulas:
            if wanted is not None and ind.id not in wanted:
                continue
            result = self.ctx.evaluate_formula(ind, entity, year)
            key = (entity, ind.id, year)
            if result is None:
                if self._computed.pop(key, None) is not None:
                    changed.add(ind.id)
            elif self._computed.get(key) != result:
                self._computed[key] = result
                changed.add(ind.id)
        return changed

    def _downstream(self, indicator: str) -> set[str]:
        """Computed indicators that depend on `indicator`, transitively."""
        out: set[str] = set()
        todo = [indicator]
        deps = self.catalogue.dependents
        while todo:
            for d in deps.get(todo.pop(), ()):
                if d not in out:
                    out.add(d)
                    todo.append(d)
        return out

    # -- findings ---------------------------------------------------------------------------
    def run_all(self) -> list[Finding]:
        self._computed.clear()
        self._by_subject.clear()
        years = self.report.years()
        for entity in self.report.entities:
            for year in years:
                self._compute(entity, year)
        for subject in self.ctx.all_subjects():
            self._evaluate(subject)
        return self.findings()

    def _evaluate(self, subject: ValueKey) -> None:
        found: list[Finding] = []
        for rule in rules_for_subject(self.ctx, subject):
            found.extend(rule(self.ctx, subject))
        if found:
            self._by_subject[subject] = found
        else:
            self._by_subject.pop(subject, None)

    def recheck(self, keys: Iterable[ValueKey]) -> set[ValueKey]:
        """Re-evaluate after `keys` changed; returns the subjects whose findings may have changed."""
        touched: set[ValueKey] = set()
        for entity, indicator, year in keys:
            recomputed = self._downstream(indicator)
            if recomputed:
                self._compute(entity, year, recomputed)
            for ind in (indicator, *recomputed):
                touched |= subjects_affected_by(self.ctx, (entity, ind, year))
        for subject in touched:
            self._evaluate(subject)
        return touched

    def findings(self, *, entity: str | None = None, year: int | None = None,
                 section: str | None = None, include_explained: bool = True) -> list[Finding]:
        out: list[Finding] = []
        section_ids = None
        if section is not None:
            section_ids = {i.id for i in self.catalogue.sections[section].indicators}
        for (ent, ind, yr), fs in self._by_subject.items():
            if entity is not None and ent != entity:
                continue
            if year is not None and yr != year:
                continue
            if section_ids is not None and ind not in section_ids:
                continue
            for f in fs:
                if include_explained or not f.explained:
                    out.append(f)
        order = {i.id: n for n, i in enumerate(self.catalogue.ordered_indicators())}
        return sort_findings(out, order)

    def findings_for(self, indicator: str, year: int | None = None, entity: str | None = None) -> list[Finding]:
        return list(self._by_subject.get((entity or self.report.entity, indicator, year or self.report.year), ()))

    def value_or_computed(self, indicator: str, year: int, entity: str) -> Value | None:
        return self.ctx.value(entity, indicator, year)


def validate(report: Report) -> list[Finding]:
    return Engine(report).run_all()
