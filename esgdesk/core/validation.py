"""The validation engine: computed figures and findings for a report, kept current edit by edit.

`Engine.run_all()` evaluates everything; `Engine.recheck(keys)` after an edit recomputes the
formulas that read the edited figures and re-evaluates only the subjects the rules'
dependency hooks name. The rules are the modules of the `esgdesk.core.rules` package, which
`collect` gathers once per process.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from esgdesk.core.catalogue import Catalogue, FactorSet, Severity, topological_formulas
from esgdesk.core.findings import Finding, sort_findings
from esgdesk.core.jobs import CancelToken, Progress, step
from esgdesk.core.rules.context import RuleContext, subjects_affected_by
from esgdesk.core.values import Value

if TYPE_CHECKING:
    from esgdesk.core.store import Report

ValueKey = tuple[str, str, int]
_STEP = 2000  # subjects between progress reports


class Engine:
    """Findings and computed values of one open report."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.catalogue: Catalogue = report.catalogue
        self._formulas = topological_formulas(self.catalogue)
        self._computed: dict[ValueKey, float] = {}
        self._by_subject: dict[ValueKey, list[Finding]] = {}
        self.ctx = RuleContext(report, self._computed)  # collects the rules when they first run
        self.evaluations = 0  # rule evaluations so far: what an incremental re-check saves
        self._prev_dependents: dict[str, set[str]] = {}
        for ind in self.catalogue.indicators.values():
            if ind.formula:
                from esgdesk.core.expressions import parse_expression

                for name in parse_expression(ind.formula).prev_names:
                    self._prev_dependents.setdefault(name, set()).add(ind.id)

    # -- computed indicators ---------------------------------------------------------------
    @property
    def factor_set(self) -> FactorSet | None:
        """The emission factor set the GHG formulas of this report use."""
        return self.ctx.factor_set

    def computed(self, indicator: str, year: int | None = None, entity: str | None = None) -> float | None:
        return self._computed.get((entity or self.report.entity, indicator, year or self.report.year))

    def computed_map(self) -> dict[ValueKey, float]:
        return self._computed

    def computed_meta(self, indicator: str) -> dict[str, Any]:
        """How a computed figure is made: its formula and, for emissions, the factor set and factors."""
        from esgdesk.core.ghg import provenance

        ind = self.catalogue.indicators[indicator]
        if not ind.formula:
            return {}
        return {"formula": ind.formula, **provenance(self.ctx, ind)}

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
        """Computed indicators that depend on `indicator` in the same year, transitively."""
        out: set[str] = set()
        todo = [indicator]
        deps = self.catalogue.dependents
        while todo:
            for d in deps.get(todo.pop(), ()):
                if d not in out:
                    out.add(d)
                    todo.append(d)
        return out

    def _recompute_after(self, entity: str, indicator: str, year: int) -> set[ValueKey]:
        """Recompute what reads the edited figure (this year, and next year through prev()); the keys read."""
        keys: set[ValueKey] = set()
        same_year = self._downstream(indicator)
        if same_year:
            self._compute(entity, year, same_year)
            keys |= {(entity, d, year) for d in same_year}
        next_year: set[str] = set()
        for src in (indicator, *same_year):
            for d in self._prev_dependents.get(src, ()):
                next_year |= {d} | self._downstream(d)
        if next_year:
            self._compute(entity, year + 1, next_year)
            keys |= {(entity, d, year + 1) for d in next_year}
        return keys

    # -- findings ---------------------------------------------------------------------------
    def run_all(self, progress: Progress | None = None, cancel: CancelToken | None = None) -> list[Finding]:
        self._computed.clear()
        self._by_subject.clear()
        years = self.report.years()
        for entity in self.report.entities:
            for year in years:
                self._compute(entity, year)
        subjects = list(self.ctx.all_subjects())
        total = len(subjects)
        for n, subject in enumerate(subjects):
            if n % _STEP == 0:
                step(progress, cancel, n, total, "checking figures")
            self._evaluate(subject)
        step(progress, cancel, total, total, "checking figures")
        return self.findings()

    def _evaluate(self, subject: ValueKey) -> None:
        found: list[Finding] = []
        for rule in self.ctx.rules_for(subject[1]):
            self.evaluations += 1
            found.extend(rule(self.ctx, subject))
        if found:
            self._by_subject[subject] = found
        else:
            self._by_subject.pop(subject, None)

    def affected(self, keys: Iterable[ValueKey]) -> set[ValueKey]:
        """The subjects whose findings an edit of `keys` can change (recomputing formulas on the way)."""
        touched: set[ValueKey] = set()
        for key in keys:
            entity, indicator, year = key
            if indicator not in self.catalogue.indicators:
                continue
            touched |= subjects_affected_by(self.ctx, key)
            for ck in self._recompute_after(entity, indicator, year):
                touched |= subjects_affected_by(self.ctx, ck)
        return touched

    def recheck(self, keys: Iterable[ValueKey]) -> set[ValueKey]:
        """Re-evaluate after `keys` changed; returns the subjects whose findings may have changed."""
        touched = self.affected(keys)
        for subject in touched:
            self._evaluate(subject)
        return touched

    def findings(
        self,
        *,
        entity: str | None = None,
        year: int | None = None,
        section: str | None = None,
        include_explained: bool = True,
    ) -> list[Finding]:
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

    def open_errors(self) -> list[Finding]:
        """Error-level findings nobody has acknowledged: what blocks submission and the final export."""
        return [f for fs in self._by_subject.values() for f in fs if f.severity == Severity.ERROR and not f.explained]

    def value_or_computed(self, indicator: str, year: int, entity: str) -> Value | None:
        return self.ctx.value(entity, indicator, year)


def validate(report: Report, progress: Progress | None = None, cancel: CancelToken | None = None) -> list[Finding]:
    return Engine(report).run_all(progress, cancel)
