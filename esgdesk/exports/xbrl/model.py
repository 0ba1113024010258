"""What an XBRL export says, independent of syntax: concepts, units, contexts, facts, footnotes.

The taxonomy, the instance, the Inline XBRL page and the xBRL-JSON file are all written from
one `XbrlModel`, so the four can never disagree about a figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from esgdesk.core.catalogue import BreakdownKind, Catalogue, DataType, Indicator, topological_formulas
from esgdesk.core.display import display
from esgdesk.core.errors import Refused, UnusableInput
from esgdesk.core.indexes import FrameworkIndex, build_index
from esgdesk.core.jobs import CancelToken, Progress, step
from esgdesk.core.properties import xbrl_names
from esgdesk.core.restatements import note_text
from esgdesk.core.values import Qualifier, Status, Value
from esgdesk.exports.xbrl.profile import XbrlProfile

if TYPE_CHECKING:
    from esgdesk.core.store import Explanation, Report

ValueKey = tuple[str, str, int]

NAMESPACES = {
    "xbrli": "http://www.xbrl.org/2003/instance",
    "link": "http://www.xbrl.org/2003/linkbase",
    "xlink": "http://www.w3.org/1999/xlink",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xs": "http://www.w3.org/2001/XMLSchema",
    "iso4217": "http://www.xbrl.org/2003/iso4217",
    "utr": "http://www.xbrl.org/2009/utr",
    "dtr-types": "http://www.xbrl.org/dtr/type/2024-01-31",
    "ref": "http://www.xbrl.org/2006/ref",
    "xbrldi": "http://xbrl.org/2006/xbrldi",
}
DTR_TYPES_URL = "https://www.xbrl.org/dtr/type/2024-01-31/types.xsd"
INSTANCE_XSD = "http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"

_QUALIFIER_WORDS = {
    Qualifier.MORE_THAN: "More than",
    Qualifier.AT_LEAST: "At least",
    Qualifier.LESS_THAN: "Less than",
    Qualifier.AT_MOST: "At most",
    Qualifier.APPROXIMATELY: "Approximately",
}


@dataclass(frozen=True, slots=True)
class XUnit:
    id: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()

    @property
    def oim(self) -> str:
        num = "*".join(self.numerator)
        if not self.denominator:
            return num
        den = "*".join(self.denominator)
        return f"{num}/{den}"


@dataclass(frozen=True, slots=True)
class Concept:
    indicator: str
    name: str
    type: str  # prefixed item type, e.g. "dtr-types:energyItemType"
    balance: str | None
    kind: str  # "number", "text" or "boolean"
    unit: XUnit | None
    scale: Decimal  # catalogue unit -> XBRL unit multiplier
    power: int | None  # log10(scale) when scale is a power of ten (Inline XBRL `scale`)
    part: str = ""  # "min" / "max" for the two halves of a range
    gri_element: bool = False

    @property
    def numeric(self) -> bool:
        return self.kind == "number"


@dataclass(frozen=True, slots=True)
class XContext:
    id: str
    entity: str
    identifier: str
    scheme: str
    year: int

    @property
    def start(self) -> str:
        return f"{self.year}-01-01"

    @property
    def end(self) -> str:
        return f"{self.year}-12-31"


@dataclass(slots=True)
class Footnote:
    id: str
    text: str
    lang: str = "en"


@dataclass(slots=True)
class Fact:
    id: str
    concept: Concept
    context: XContext
    value: str | None  # None: nil
    decimals: int | None
    shown: str = ""  # what the Inline XBRL page prints for a fact that is not a number
    number: float | None = None  # the figure in the catalogue unit, as the page prints it
    shown_decimals: int = 0
    negative: bool = False
    prefix: str = ""  # qualifier mark printed around the figure ("≈20,000", "1,500+")
    suffix: str = ""
    footnotes: tuple[str, ...] = ()  # ids; most facts have none

    @property
    def display(self) -> str:
        if self.number is None:
            return self.shown
        return f"{abs(self.number):,.{self.shown_decimals}f}"


@dataclass(frozen=True, slots=True)
class CalcFamily:
    role: str  # short role id
    total: Concept
    parts: tuple[Concept, ...]
    title: str


@dataclass(slots=True)
class XbrlModel:
    catalogue: Catalogue
    profile: XbrlProfile
    namespace: str
    prefix: str
    stem: str
    company: str
    year: int
    concepts: dict[str, list[Concept]]  # indicator id -> its concept(s)
    units: dict[str, XUnit]
    contexts: list[XContext]
    facts: list[Fact]
    footnotes: dict[str, Footnote]
    calc_families: list[CalcFamily]
    skipped: list[str]
    # The framework indexes the template prints (the guideline's topic index, GRI's content index)
    indexes: list[FrameworkIndex] = field(default_factory=list)

    @property
    def schema_file(self) -> str:
        return f"{self.stem}.xsd"

    @property
    def schema_url(self) -> str:
        """Where the schema is published; the taxonomy package maps it to its own copy."""
        return f"{self.namespace.rstrip('/')}/{self.schema_file}"

    def all_concepts(self) -> list[Concept]:
        return [c for cs in self.concepts.values() for c in cs]


# -- names --------------------------------------------------------------------------------------


def camel(identifier: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^A-Za-z0-9]+", identifier) if p)


def ncname(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9_.-]", "_", text)
    return s if s[:1].isalpha() or s[:1] == "_" else f"_{s}"


# -- concepts and units -------------------------------------------------------------------------


def _item_type(ind: Indicator, dimension: str, profile: XbrlProfile) -> str:
    if ind.type == DataType.TEXT:
        return "xbrli:stringItemType"
    if ind.type == DataType.BOOLEAN:
        return "xbrli:booleanItemType"
    if ind.type == DataType.PERCENT:
        return "dtr-types:percentItemType"
    by_dimension = profile.dimension_types.get(dimension)
    if by_dimension:
        return by_dimension
    if ind.type == DataType.INTEGER:
        return "xbrli:integerItemType"
    if ind.type == DataType.MONETARY:
        return "xbrli:monetaryItemType"
    return "xbrli:decimalItemType"


def _power_of_ten(x: Decimal) -> int | None:
    if x <= 0:
        return None
    exp = x.normalize().as_tuple()
    if exp.digits == (1,) and isinstance(exp.exponent, int):
        return exp.exponent
    return None


def _unit_for(
    ind: Indicator, catalogue: Catalogue, profile: XbrlProfile, units: dict[str, XUnit]
) -> tuple[XUnit, Decimal]:
    unit = catalogue.unit_table[ind.unit]
    mapping = profile.units.get(unit.id)
    scale = Decimal(1)
    if mapping is not None:
        if mapping.measure:
            num: tuple[str, ...] = (mapping.measure,)
            den: tuple[str, ...] = ()
        elif mapping.numerator and mapping.denominator:
            num, den = (mapping.numerator,), (mapping.denominator,)
        else:
            raise UnusableInput(
                f"unit '{unit.id}' in the XBRL profile needs a measure, or a numerator and a denominator",
                where="exporters/xbrl.toml",
            )
        scale = Decimal(repr(mapping.scale))
    elif unit.xbrl:
        num, den = (unit.xbrl,), ()
        ref_id = profile.measure_units.get(unit.xbrl)
        ref = catalogue.unit_table.get(ref_id) if ref_id else None
        if ref is not None and ref.dimension == unit.dimension:
            scale = Decimal(repr(unit.factor)) / Decimal(repr(ref.factor))
    else:
        raise Refused(
            f"indicator '{ind.id}' is in '{unit.id}', which has no XBRL unit: give it an `xbrl` measure "
            "in forms/units.toml or a [units] entry in exporters/xbrl.toml"
        )
    if ind.type == DataType.PERCENT:
        scale = scale / 100  # the catalogue keeps percentage points, XBRL keeps ratios
    uid = "u_" + "_".join(m.split(":")[1] for m in num)
    if den:
        uid += "_per_" + "_".join(m.split(":")[1] for m in den)
    uid = ncname(uid)
    found = units.setdefault(uid, XUnit(uid, num, den))
    return found, scale.normalize()


def build_concepts(catalogue: Catalogue, profile: XbrlProfile) -> tuple[dict[str, list[Concept]], dict[str, XUnit]]:
    concepts: dict[str, list[Concept]] = {}
    units: dict[str, XUnit] = {}
    seen: dict[str, str] = {}
    for ind in catalogue.ordered_indicators():
        gri = profile.gri.get(ind.id)
        name = gri.name if gri else camel(ind.id)
        if name in seen:
            raise UnusableInput(
                f"indicators '{seen[name]}' and '{ind.id}' would both be XBRL concept {name}",
                where="exporters/xbrl.toml",
            )
        seen[name] = ind.id
        dimension = catalogue.unit_table[ind.unit].dimension
        item_type = gri.type if gri else _item_type(ind, dimension, profile)
        kind = "text" if ind.type == DataType.TEXT else "boolean" if ind.type == DataType.BOOLEAN else "number"
        unit: XUnit | None = None
        scale = Decimal(1)
        if kind == "number":
            unit, scale = _unit_for(ind, catalogue, profile, units)
        balance = profile.balance.get(ind.id) if item_type == "xbrli:monetaryItemType" else None
        base = dict(
            indicator=ind.id,
            type=item_type,
            balance=balance,
            kind=kind,
            unit=unit,
            scale=scale,
            power=_power_of_ten(scale),
            gri_element=gri is not None,
        )
        if ind.type == DataType.RANGE:
            # Two concepts rather than a tuple or a dimension: OIM (xBRL-JSON, Inline XBRL 1.1
            # processors) has no tuples, and a low/high axis would need a definition linkbase
            # and a hypercube for one indicator.
            concepts[ind.id] = [
                Concept(name=f"{name}Minimum", part="min", **base),  # type: ignore[arg-type]
                Concept(name=f"{name}Maximum", part="max", **base),  # type: ignore[arg-type]
            ]
        else:
            concepts[ind.id] = [Concept(name=name, **base)]  # type: ignore[arg-type]
    return concepts, units


def calc_families(catalogue: Catalogue, concepts: dict[str, list[Concept]]) -> list[CalcFamily]:
    """Every additive breakdown family whose total and parts are single numeric concepts."""
    families: dict[tuple[str, str], list[Concept]] = {}
    for ind in catalogue.ordered_indicators():
        b = ind.breakdown
        if b is None or b.kind != BreakdownKind.SUM:
            continue
        part = concepts[ind.id]
        whole = concepts[b.of]
        if len(part) != 1 or len(whole) != 1 or not part[0].numeric or not whole[0].numeric:
            continue
        families.setdefault((b.of, b.family), []).append(part[0])
    out: list[CalcFamily] = []
    for (total_id, family), parts in families.items():
        total = concepts[total_id][0]
        label = catalogue.indicators[total_id].label.en
        out.append(
            CalcFamily(
                ncname(f"calc_{total_id}_{family}"), total, tuple(parts), f"{label}, by {family.replace('_', ' ')}"
            )
        )
    return out


# -- facts --------------------------------------------------------------------------------------


def _plain(d: Decimal) -> str:
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _rounded(d: Decimal, decimals: int | None) -> Decimal:
    if decimals is None:
        return d
    return (
        d.quantize(Decimal(1).scaleb(-decimals))
        if decimals >= 0
        else d.scaleb(decimals).quantize(Decimal(1)).scaleb(-decimals)
    )


def _xbrl_decimals(decimals: int, scale: Decimal) -> int:
    p = _power_of_ten(scale)
    if p is not None:
        return decimals - p
    return math.floor(decimals - math.log10(scale) + 1e-9)


def computed_values(report: Report, entities: list[str], years: list[int]) -> dict[tuple[str, str, int], float]:
    """Formulas evaluated where the report holds no figure of its own (GHG from activity data), by the
    precedence of `esgdesk.core.formulas`."""
    from esgdesk.core.formulas import evaluate, figure

    cat = report.catalogue
    formulas = [ind for ind in topological_formulas(cat) if ind.formula]
    if not formulas:
        return {}
    fs = cat.factor_set(report.meta.extra.get("factor_set"))
    factors = {f.id: f.value for f in fs.factors} if fs else {}
    values = report.value_map()
    computed: dict[tuple[str, str, int], float] = {}

    def number(ent: str, name: str, year: int) -> float | None:
        key = (ent, name, year)
        return figure(values.get(key), computed.get(key))

    for ent in entities:
        for year in years:
            for ind in formulas:
                if (ent, ind.id, year) in values:
                    continue  # a typed figure stands
                assert ind.formula is not None
                result = evaluate(
                    ind.formula,
                    lambda n, e=ent, y=year: number(e, n, y),  # type: ignore[misc]
                    lambda n, e=ent, y=year: number(e, n, y - 1),  # type: ignore[misc]
                    factors,
                )
                if result is not None:
                    computed[(ent, ind.id, year)] = result
    return computed


class _FactBuilder:
    def __init__(self, model: XbrlModel) -> None:
        self.model = model
        self.n_notes = 0
        self.by_text: dict[str, str] = {}

    def note(self, text: str) -> str:
        """A footnote resource; facts that need the same words share one."""
        fid = self.by_text.get(text)
        if fid is None:
            self.n_notes += 1
            fid = f"fn{self.n_notes}"
            self.model.footnotes[fid] = Footnote(fid, text)
            self.by_text[text] = fid
        return fid

    def fact(
        self,
        concept: Concept,
        ctx: XContext,
        value: str | None,
        decimals: int | None,
        shown: str = "",
        number: float | None = None,
        shown_decimals: int = 0,
        negative: bool = False,
    ) -> Fact:
        facts = self.model.facts
        f = Fact(f"f{len(facts) + 1}", concept, ctx, value, decimals, shown, number, shown_decimals, negative)
        facts.append(f)
        return f

    def number(self, concept: Concept, ctx: XContext, x: float, decimals: int) -> Fact:
        p = concept.power
        xd = decimals - p if p is not None else _xbrl_decimals(decimals, concept.scale)
        if p is not None and xd >= 0:
            # the common case, kept off the Decimal path: a power-of-ten scale and a result with
            # decimals >= 0, which float formatting rounds exactly for figures of 15 digits or less
            text = f"{x * 10.0**p if p else x:.{xd}f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            if text == "-0":
                text = "0"
            return self.fact(concept, ctx, text, xd, "", x, max(decimals, 0), x < 0)
        scaled = _rounded(Decimal(repr(x)) * concept.scale, xd)
        return self.fact(concept, ctx, _plain(scaled), xd, "", x, max(decimals, 0), scaled < 0)

    def add(self, ind: Indicator, ctx: XContext, v: Value) -> list[Fact]:
        concepts = self.model.concepts[ind.id]
        c0 = concepts[0]
        if (
            v.number is not None
            and v.status is Status.REPORTED
            and v.qualifier is Qualifier.NONE
            and c0.kind == "number"
            and len(concepts) == 1
        ):
            return [self.number(c0, ctx, v.number, ind.decimals if v.decimals is None else v.decimals)]
        if v.status == Status.NOT_REPORTED:
            return []  # not disclosed: a fact would claim a figure exists
        if v.status in (Status.NOT_APPLICABLE, Status.BELOW_DETECTION):
            facts = [self.fact(c, ctx, None, None, shown="\\") for c in concepts]
            if v.status == Status.NOT_APPLICABLE:
                text = f"Not applicable: {v.reason}" if v.reason else "Not applicable."
            else:
                lim = display(Value(number=v.detection_limit), ind) if v.detection_limit is not None else "?"
                text = f"Not detected: below the detection limit of {lim} {ind.unit}."
                for f in facts:
                    f.shown = "ND"
            fn = self.note(text)
            for f in facts:
                f.footnotes += (fn,)
            return facts
        if c0.kind == "text":
            if v.text is None:
                return self._skip(ind, ctx, v)
            return [self.fact(c0, ctx, v.text, None, shown=v.text)]
        if c0.kind == "boolean":
            t = (v.text or "").strip().casefold()
            if t not in ("yes", "no", "true", "false"):
                return self._skip(ind, ctx, v)
            flag = "true" if t in ("yes", "true") else "false"
            return [self.fact(c0, ctx, flag, None, shown="yes" if flag == "true" else "no")]
        dec = v.decimals if v.decimals is not None else ind.decimals
        if len(concepts) == 2:
            if v.low is None or v.high is None:
                return self._skip(ind, ctx, v)
            facts = [self.number(concepts[0], ctx, v.low, dec), self.number(concepts[1], ctx, v.high, dec)]
        else:
            x = v.number if v.number is not None else v.numeric()
            if x is None:
                return self._skip(ind, ctx, v)
            facts = [self.number(c0, ctx, x, dec)]
        if v.qualifier != Qualifier.NONE:
            words = _QUALIFIER_WORDS[v.qualifier]
            shown = display(v, ind)
            as_entered = f" (entered as “{v.entered}”)" if v.entered and v.entered != shown else ""
            unit = "" if ind.type == DataType.PERCENT else f" {ind.unit}"  # "70%" carries its unit already
            fn = self.note(
                f"{words} {display(v.with_changes(qualifier=Qualifier.NONE), ind)}{unit}: "
                f"the report states “{shown}”{as_entered}; the fact gives the stated bound."
            )
            for f in facts:
                f.footnotes += (fn,)
                if v.qualifier == Qualifier.MORE_THAN:
                    f.suffix = "+"
                else:
                    f.prefix = display(v, ind)[:1]
        return facts

    def _skip(self, ind: Indicator, ctx: XContext, v: Value) -> list[Fact]:
        self.model.skipped.append(
            f"{ind.id} ({ctx.entity}, {ctx.year}): '{v.entered or v.text}' is not a value of "
            f"a {ind.type.value} indicator and was left out"
        )
        return []


_SPECS = [f".{d}f" for d in range(40)]


def _plain_numbers(
    builder: _FactBuilder,
    ind: Indicator,
    concept: Concept,
    keys: list[tuple[str, int, XContext]],
    values: Mapping[ValueKey, Value],
    computed: Mapping[ValueKey, float],
    explanations: Mapping[ValueKey, Explanation],
) -> None:
    """The facts of an indicator with one numeric concept on a power-of-ten unit scale.

    The common fact, a plain reported number, is made here without the general path (a group
    report has tens of thousands of them); anything else goes through `builder.add`.
    """
    iid = ind.id
    p = concept.power
    assert p is not None
    factor = 10.0**p  # exact for p == 0: a float times 1.0 is itself
    ind_dec = ind.decimals
    facts = builder.model.facts
    add = facts.append
    n = len(facts)
    reported, no_qualifier = Status.REPORTED, Qualifier.NONE
    for e, year, ctx in keys:
        key = (e, iid, year)
        v = values.get(key)
        if v is None:
            x = computed.get(key)
            if x is None:
                continue
            v = Value(number=x, decimals=ind_dec)
        num = v.number
        if num is not None and v.status is reported and v.qualifier is no_qualifier:
            dec = ind_dec if v.decimals is None else v.decimals
            xd = dec - p
            if 0 <= xd < 40:
                # float formatting rounds exactly for figures of 15 digits or less
                text = format(num * factor, _SPECS[xd])
                if "." in text:
                    text = text.rstrip("0").rstrip(".")
                if text == "-0":
                    text = "0"
                n += 1
                fact = Fact(f"f{n}", concept, ctx, text, xd, "", num, dec if dec > 0 else 0, num < 0)
                add(fact)
                if explanations and key in explanations:
                    _explain(builder, explanations[key], [fact])
                continue
        made = builder.add(ind, ctx, v)
        n = len(facts)
        if explanations and made and key in explanations:
            _explain(builder, explanations[key], made)


def _explain(builder: _FactBuilder, expl: Explanation, facts: list[Fact]) -> None:
    fn = builder.note(f"Explanation ({expl.author}, {expl.at[:10]}): {expl.text}")
    for f in facts:
        f.footnotes += (fn,)


def build_model(
    report: Report,
    profile: XbrlProfile,
    *,
    entities: list[str] | None = None,
    include_computed: bool = True,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
) -> XbrlModel:
    cat = report.catalogue
    wanted = list(report.entities) if entities is None else list(entities)
    for e in wanted:
        if e not in report.entities:
            raise UnusableInput(f"unknown entity '{e}'")
    years = sorted(report.years(), reverse=True)  # every year the report holds, newest first
    concepts, units = build_concepts(cat, profile)
    names = xbrl_names(report.meta)  # the report's own company, never the profile's or another's
    model = XbrlModel(
        catalogue=cat,
        profile=profile,
        namespace=names.namespace,
        prefix=names.prefix,
        stem=names.stem,
        company=report.meta.company,
        year=report.year,
        concepts=concepts,
        units=units,
        contexts=[],
        facts=[],
        footnotes={},
        calc_families=calc_families(cat, concepts),
        skipped=[],
    )
    contexts: dict[tuple[str, int], XContext] = {}
    for e in wanted:
        ent = report.entities[e]
        for year in years:
            c = XContext(ncname(f"c_{e}_{year}"), e, ent.identifier or e, ent.scheme or profile.default_scheme, year)
            contexts[(e, year)] = c
            model.contexts.append(c)
    values = report.value_map()
    computed = computed_values(report, wanted, years) if include_computed else {}
    builder = _FactBuilder(model)
    explanations = report.explanations()
    inds = list(cat.ordered_indicators())
    plain_keys = [(e, year, contexts[(e, year)]) for e in wanted for year in years]
    for n, ind in enumerate(inds):
        if n % 16 == 0:
            step(progress, cancel, n, len(inds), "facts")
        cs = concepts[ind.id]
        if len(cs) == 1 and cs[0].kind == "number" and cs[0].power is not None:
            _plain_numbers(builder, ind, cs[0], plain_keys, values, computed, explanations)
            continue
        for e, year, ctx in plain_keys:
            key = (e, ind.id, year)
            v = values.get(key)
            if v is None:
                x = computed.get(key)
                if x is None:
                    continue
                v = Value(number=x, decimals=ind.decimals)
            facts = builder.add(ind, ctx, v)
            if explanations and facts and key in explanations:
                _explain(builder, explanations[key], facts)
    _disclose_restatements(report, builder, concepts, contexts)
    model.indexes = [build_index(report, name, entities=wanted, computed=computed) for name in cat.index_names]
    step(progress, cancel, len(inds), len(inds), "facts")
    return model


def _disclose_restatements(
    report: Report, builder: _FactBuilder, concepts: dict[str, list[Concept]], contexts: dict[tuple[str, int], XContext]
) -> None:
    """A restated fact carries a footnote giving the value as published and the reason."""
    restated = report.restatements()
    if not restated:
        return
    by_target: dict[tuple[str, str], list[Fact]] = {}
    for f in builder.model.facts:
        by_target.setdefault((f.context.id, f.concept.name), []).append(f)
    cat = report.catalogue
    for (e, ind_id, year), rest in restated.items():
        ctx = contexts.get((e, year))
        ind = cat.indicators.get(ind_id)
        if ctx is None or ind is None:
            continue
        facts = [f for c in concepts.get(ind_id, []) for f in by_target.get((ctx.id, c.name), [])]
        if facts:
            fn = builder.note(f"{note_text(rest, ind)} ({rest.by}, {rest.at[:10]})")
            for f in facts:
                f.footnotes += (fn,)
