"""What a rule reads the report through, and the wording helpers every rule kind shares."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from esgdesk.core.catalogue import Catalogue, DataType, FactorSet, Indicator, Severity
from esgdesk.core.findings import Finding
from esgdesk.core.formulas import evaluate, figure
from esgdesk.core.rule_text import quantity
from esgdesk.core.rules.marks import Rule, RuleSet, ValueKey
from esgdesk.core.values import Qualifier, Status, Value

if TYPE_CHECKING:
    from esgdesk.core.store import Report

_QUALIFIER_EN = {
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.LESS_THAN: "less than ",
    Qualifier.AT_MOST: "at most ",
    Qualifier.APPROXIMATELY: "about ",
}
_QUALIFIER_ZH = {
    Qualifier.MORE_THAN: "超过",
    Qualifier.AT_LEAST: "不少于",
    Qualifier.LESS_THAN: "少于",
    Qualifier.AT_MOST: "不超过",
    Qualifier.APPROXIMATELY: "约",
}
T = TypeVar("T")


class RuleContext:
    def __init__(self, report: Report, computed: dict[ValueKey, float], rules: RuleSet | None = None) -> None:
        from esgdesk.core.ghg import factor_set_for

        self.report = report
        self._ruleset = rules
        self.catalogue: Catalogue = report.catalogue
        self.values = report.value_map()  # the live mapping: edits show through without a copy
        self.computed = computed
        self.factor_set: FactorSet | None = factor_set_for(report)
        self.factors: dict[str, float] = {f.id: f.value for f in self.factor_set.factors} if self.factor_set else {}
        self._rules: dict[str, list[Rule]] = {}
        self._memo: dict[str, Any] = {}

    @property
    def rules(self) -> RuleSet:
        """The rule kinds, collected on first use: the app paints a report's figures (and their formulas'
        results) before the rule modules are even imported, and checks them right after."""
        if self._ruleset is None:
            from esgdesk.core.rules import collect

            self._ruleset = collect()
        return self._ruleset

    # -- what a rule reads ------------------------------------------------------------------
    def value(self, entity: str, indicator: str, year: int) -> Value | None:
        return self.values.get((entity, indicator, year))

    def number(self, entity: str, indicator: str, year: int) -> float | None:
        """A figure for arithmetic, by the precedence of `esgdesk.core.formulas`: typed first, else computed."""
        key = (entity, indicator, year)
        return figure(self.values.get(key), self.computed.get(key))

    def typed_number(self, entity: str, indicator: str, year: int) -> float | None:
        v = self.values.get((entity, indicator, year))
        return v.numeric() if v is not None else None

    def evaluate_formula(self, ind: Indicator, entity: str, year: int) -> float | None:
        assert ind.formula is not None
        return evaluate(
            ind.formula,
            lambda name: self.number(entity, name, year),
            lambda name: self.number(entity, name, year - 1),
            self.factors,
        )

    def half_unit(self, entity: str, indicator: str, year: int) -> float:
        """How far a figure may be from the truth through rounding alone (0 for counts and formula results)."""
        ind = self.catalogue.indicators[indicator]
        if ind.type == DataType.INTEGER:
            return 0.0
        v = self.values.get((entity, indicator, year))
        if v is None or v.status != Status.REPORTED:
            return 0.0
        d = v.decimals if v.decimals is not None else ind.decimals
        return 0.5 * 10.0 ** (-d)

    def cached(self, key: str, build: Callable[[Catalogue], T]) -> T:
        """Per-catalogue lookups a rule kind builds once (families, check readers, GRI anchors)."""
        if key not in self._memo:
            self._memo[key] = build(self.catalogue)
        result: T = self._memo[key]
        return result

    def rules_for(self, indicator: str) -> list[Rule]:
        rules = self._rules.get(indicator)
        if rules is None:
            ind = self.catalogue.indicators[indicator]
            # A retired indicator's figures are kept as history: nothing more is asked of them.
            rules = [] if ind.retired else [k.fn for k in self.rules.kinds if k.applies(self.catalogue, ind)]
            self._rules[indicator] = rules
        return rules

    # -- what a rule says -------------------------------------------------------------------
    def severity(self, year: int, severity: Severity) -> Severity:
        """Earlier years are published history: they can be restated or explained, never block this year."""
        if year < self.report.year and severity == Severity.ERROR:
            return Severity.WARNING
        return severity

    def finding(self, subject: ValueKey, severity: Severity, rule: str, en: str, zh: str, **data: Any) -> Finding:
        entity, indicator, year = subject
        severity = self.severity(year, severity)
        acked = self.report.acknowledged(indicator, rule, year, entity)
        # An error is cleared only by acknowledging that very rule; a written explanation answers the rest.
        explained = acked or (
            severity != Severity.ERROR and self.report.explanation(indicator, year, entity) is not None
        )
        return Finding(indicator, entity, year, severity, rule, en, zh, dict(data), explained)

    def label(self, indicator: str, lang: str = "en") -> str:
        return self.catalogue.indicators[indicator].label.get(lang)

    def q(self, indicator: str, x: float, lang: str = "en", decimals: int | None = None) -> str:
        return quantity(self.catalogue, self.catalogue.indicators[indicator], x, lang=lang, decimals=decimals)

    def shown(self, entity: str, indicator: str, year: int, x: float, lang: str = "en") -> str:
        """A figure as quoted in a finding: at its typed precision and with its qualifier ("more than 1,500")."""
        ind = self.catalogue.indicators[indicator]
        v = self.values.get((entity, indicator, year))
        if v is None or v.numeric() != x or (ind.computed and (entity, indicator, year) in self.computed):
            return self.q(indicator, x, lang)
        text = self.q(indicator, x, lang, decimals=v.decimals)
        words = _QUALIFIER_ZH if lang.startswith("zh") else _QUALIFIER_EN
        return words.get(v.qualifier, "") + text

    # -- what there is to check -------------------------------------------------------------
    def all_subjects(self) -> Iterator[ValueKey]:
        seen: set[ValueKey] = set()
        for source in (self.values, self.computed):
            for key in source:
                if key not in seen:
                    seen.add(key)
                    yield key
        for extra in self.rules.subject_sources:
            for key in extra(self):
                if key not in seen:
                    seen.add(key)
                    yield key


def label(ctx: RuleContext, indicator: str) -> tuple[str, str]:
    ind = ctx.catalogue.indicators[indicator]
    return ind.label.en, ind.label.zh or ind.label.en


def rules_for_subject(ctx: RuleContext, subject: ValueKey) -> list[Rule]:
    return ctx.rules_for(subject[1])


def subjects_affected_by(ctx: RuleContext, key: ValueKey) -> set[ValueKey]:
    out = {key}
    for hook in ctx.rules.affected_hooks:
        out |= hook(ctx, key)
    return out
