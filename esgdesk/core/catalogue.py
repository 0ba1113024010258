"""The indicator catalogue: what a report collects, declared in `forms/` and checked on load.

The models are the single source of truth for indicator definitions; a report file keeps
a JSON snapshot of the catalogue it was made with, so later edits to `forms/` never break it.

They are frozen dataclasses that pydantic validates (`model_validate`, through a `TypeAdapter`
built on first use): pydantic is imported only when a catalogue is loaded from `forms/` or a
snapshot is not in the exact shape esgdesk writes, so that opening a report does not pay for it
(`read_snapshot`, and `esgdesk.core.typed_json` for why that is safe).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Self, TypeVar

from esgdesk.core import typed_json
from esgdesk.core.errors import CatalogueError
from esgdesk.core.expressions import ExpressionError, parse_expression
from esgdesk.core.typed_json import Limits

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
_T = TypeVar("_T")
GRI = "gri"  # the GRI Standards: referenced through `Indicator.gri`, indexed by `Catalogue.gri_index`
Id = Annotated[str, Limits(pattern=ID_PATTERN, max_length=80)]
_CONFIG: dict[str, Any] = {"extra": "forbid", "allow_inf_nan": False}


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _adapter(cls: type) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter


class Model:
    """What the catalogue's dataclasses share: pydantic validation and serialisation on demand."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _CONFIG

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """Raises pydantic's ValidationError, as a pydantic model would."""
        result: Self = _adapter(cls).validate_python(data)
        return result

    @classmethod
    def model_validate_json(cls, text: str | bytes) -> Self:
        result: Self = _adapter(cls).validate_json(text)
        return result

    def model_dump(self, *, by_alias: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = _adapter(type(self)).dump_python(self, by_alias=by_alias)
        return data

    def model_dump_json(self, *, by_alias: bool = False) -> str:
        return _adapter(type(self)).dump_json(self, by_alias=by_alias).decode()


@dataclass(frozen=True)
class Text(Model):
    """A text in English and Chinese; Chinese falls back to English where missing."""

    en: str
    zh: str = ""

    def get(self, lang: str) -> str:
        if lang.startswith("zh") and self.zh:
            return self.zh
        return self.en


class DataType(StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    MONETARY = "monetary"
    TEXT = "text"
    RANGE = "range"
    BOOLEAN = "boolean"

    @property
    def numeric(self) -> bool:
        return self in (DataType.INTEGER, DataType.DECIMAL, DataType.PERCENT, DataType.MONETARY, DataType.RANGE)


class BreakdownKind(StrEnum):
    SUM = "sum"  # the parts add up to the total
    SHARE = "share"  # percentages of the total; a complete family adds up to 100
    WEIGHTED_AVERAGE = "weighted_average"  # the total lies between the smallest and largest part
    SUBSET = "subset"  # the part is at most the total
    OVERLAPPING = "overlapping"  # parts may overlap: each at most the total


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class GriRef(Model):
    """A GRI disclosure an indicator reports under (`305-1`), and the paragraph when one is named."""

    code: Annotated[str, Limits(pattern=r"^\d{1,3}-\d{1,2}$")]
    paragraph: str | None = None

    @property
    def standard_number(self) -> str:
        return self.code.split("-")[0]


class RefLevel(StrEnum):
    REQUIRED = "required"  # the framework says "shall" (应当)
    ENCOURAGED = "encouraged"  # the framework says "is encouraged to" (鼓励) or "may" (可以)


@dataclass(frozen=True)
class FrameworkRef(Model):
    """A reference to a disclosure of another framework (SSE guideline, ISSB, ESRS ...); GRI has `gri`.

    For a framework the catalogue defines (`Catalogue.frameworks`), `code` is the article and `topic`
    one of the framework's topics; the catalogue check holds the two to the framework's own table.
    """

    framework: Id  # e.g. "sse14", "issb_s2", "esrs"
    code: Annotated[str, Limits(pattern=r"^\S.{0,79}$")]
    paragraph: str | None = None
    topic: Id | None = None
    level: RefLevel | None = None
    # False where the article or the wording could not be checked against the framework's official text.
    confirmed: bool = True


@dataclass(frozen=True)
class FrameworkTopic(Model):
    """One row of a framework's topic index: a topic and the articles that ask for it."""

    id: Id
    label: Text
    pillar: Text  # environment / social / governance, as the framework groups its topics
    articles: Annotated[str, Limits(pattern=r"^\d{1,3}(-\d{1,3})?$")]  # "24" or "20-28"
    confirmed: bool = True  # False: the article numbers are a lead, not read in the official text
    source: str = ""  # where the topic and its articles were read

    @property
    def article_numbers(self) -> range:
        low, _, high = self.articles.partition("-")
        return range(int(low), int(high or low) + 1)


@dataclass(frozen=True)
class Framework(Model):
    """A disclosure framework whose topic index a report prints (the exchanges' 2024 guideline)."""

    id: Id
    title: Text
    short: Text  # how an index names it, e.g. "SSE No. 14 / SZSE No. 17 / BSE No. 11"
    topics: tuple[FrameworkTopic, ...]
    publisher: str = ""  # who issues it, as an XBRL reference's Publisher part
    note: Text | None = None  # what is and is not confirmed about the data
    article_label: Text = Text("Article {n}", "第{n}条")

    @cached_property
    def topic_table(self) -> dict[str, FrameworkTopic]:
        return {t.id: t for t in self.topics}

    def article_text(self, articles: str, lang: str) -> str:
        return self.article_label.get(lang).format(n=articles)


@dataclass(frozen=True)
class Breakdown(Model):
    """How an indicator breaks down another: the total it belongs to, its family and the kind of sum."""

    of: Id
    family: Id = "default"
    kind: BreakdownKind = BreakdownKind.SUM
    tolerance: Annotated[float, Limits(ge=0)] | None = None


@dataclass(frozen=True)
class YoY(Model):
    """When a change against last year needs a written explanation."""

    threshold: Annotated[float, Limits(gt=0)]  # relative change (0.3 = 30 %); percentage points for percent indicators
    floor: Annotated[float, Limits(ge=0)] = 0.0  # changes smaller than this, in the indicator's unit, never count


@dataclass(frozen=True)
class Unit(Model):
    """A unit figures may be typed in, with its factor to its dimension's base unit."""

    id: str
    label: Text
    dimension: Id
    factor: Annotated[float, Limits(gt=0)]  # multiples of the dimension's base unit
    aliases: tuple[str, ...] = ()
    xbrl: str | None = None  # unit registry measure, e.g. "utr:kWh", "iso4217:CNY", "xbrli:pure"


@dataclass(frozen=True)
class EmissionFactor(Model):
    """One emission factor: its value, units and source."""

    id: Id
    label: Text
    value: Annotated[float, Limits(gt=0)]
    unit: str  # e.g. "t CO2e/MWh"
    activity_unit: str
    source: str
    year: int


@dataclass(frozen=True)
class FactorSet(Model):
    """A published set of emission factors (a region's and a year's), as GHG formulas read them."""

    id: Id
    label: Text
    version: str
    region: str
    factors: tuple[EmissionFactor, ...]

    def factor(self, factor_id: str) -> EmissionFactor | None:
        return next((f for f in self.factors if f.id == factor_id), None)


@dataclass(frozen=True)
class Check(Model):
    """A cross-field limit declared in the catalogue, e.g. wastewater <= water withdrawn."""

    id: Id
    expr: str
    message: Text
    severity: Severity = Severity.WARNING


@dataclass(frozen=True)
class Indicator(Model):
    """One figure or text a report collects: its label, unit, type, checks and framework references."""

    id: Id
    label: Text
    definition: Text
    unit: str
    type: DataType
    decimals: Annotated[int, Limits(ge=-6, le=10)] = 0
    owner: Id | None = None  # defaults to the section's owner
    gri: tuple[GriRef, ...] = ()
    refs: tuple[FrameworkRef, ...] = ()  # the same figure in other frameworks' disclosures
    breakdown: Breakdown | None = None
    formula: str | None = None
    min: float | None = None
    max: float | None = None
    yoy: YoY | None = None
    required: bool = False
    cumulative: bool = False  # a running total that never falls from one year to the next
    evidence: bool = False  # a figure needs a source document attached (a bill, a roster) before assurance
    instructions: Text | None = None
    # Why and when the ESG office stopped collecting it; its figures stay readable and exported.
    retired: str | None = None
    # Where the catalogue departs from what a published report printed (a label, a unit, a duplicated
    # row, a figure): shown with the figure and as an info-level finding.
    note: Text | None = None

    def __post_init__(self) -> None:
        # Raised as ValueError: pydantic reports it against this indicator, like a field's own error.
        if self.formula is not None:
            try:
                parse_expression(self.formula)
            except ExpressionError as exc:
                raise ValueError(f"formula does not parse: {exc}") from exc
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")

    @property
    def computed(self) -> bool:
        return self.formula is not None

    @cached_property
    def formula_inputs(self) -> frozenset[str]:
        return parse_expression(self.formula).names if self.formula else frozenset()


@dataclass(frozen=True)
class Section(Model):
    """A form of indicators that one department fills in."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {**_CONFIG, "populate_by_name": True}

    id: Id
    label: Text
    owner: Id
    indicators: tuple[Indicator, ...] = field(default=(), metadata={"alias": "indicator"})
    checks: tuple[Check, ...] = field(default=(), metadata={"alias": "check"})


@dataclass(frozen=True)
class Area(Model):
    """A group of sections (environment, social, governance or a template's own)."""

    id: Id
    label: Text
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Department(Model):
    """A department that owns sections, with its name in each language."""

    id: Id
    name: Text


@dataclass(frozen=True)
class GriIndexEntry(Model):
    """A row of the GRI content index: a disclosure and where the report answers it."""

    standard: str
    disclosure: str
    title: str
    title_zh: str = ""
    report_section: str = ""


@dataclass(frozen=True, kw_only=True)
class Catalogue(Model):
    """Everything a report collects: areas, sections, indicators, units, factors and frameworks."""

    id: Id
    version: str
    title: Text
    revenue_indicator: Id | None = None
    departments: tuple[Department, ...]
    areas: tuple[Area, ...]
    units: tuple[Unit, ...]
    factor_sets: tuple[FactorSet, ...] = ()
    gri_index: tuple[GriIndexEntry, ...] = ()
    # Frameworks whose references the indicators carry, with their topic tables.
    frameworks: tuple[Framework, ...] = ()
    # The indexes a report of this catalogue prints ("gri", or a framework's id); empty means GRI only.
    indexes: tuple[Id, ...] = ()

    # -- lookups, built once: the catalogue is immutable ---------------------------------
    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        return {i.id: i for a in self.areas for s in a.sections for i in s.indicators}

    @cached_property
    def sections(self) -> dict[str, Section]:
        return {s.id: s for a in self.areas for s in a.sections}

    @cached_property
    def section_of(self) -> dict[str, Section]:
        return {i.id: s for a in self.areas for s in a.sections for i in s.indicators}

    @cached_property
    def area_of(self) -> dict[str, Area]:
        return {s.id: a for a in self.areas for s in a.sections}

    @cached_property
    def unit_table(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def department_table(self) -> dict[str, Department]:
        return {d.id: d for d in self.departments}

    @cached_property
    def children(self) -> dict[str, list[Indicator]]:
        """Breakdown parts under each total, in catalogue order."""
        out: dict[str, list[Indicator]] = {}
        for ind in self.indicators.values():
            if ind.breakdown:
                out.setdefault(ind.breakdown.of, []).append(ind)
        return out

    @cached_property
    def dependents(self) -> dict[str, frozenset[str]]:
        """Computed indicators that read each indicator, directly."""
        out: dict[str, set[str]] = {}
        for ind in self.indicators.values():
            for name in ind.formula_inputs:
                out.setdefault(name, set()).add(ind.id)
        return {k: frozenset(v) for k, v in out.items()}

    def owner_of(self, indicator_id: str) -> str:
        ind = self.indicators[indicator_id]
        return ind.owner or self.section_of[indicator_id].owner

    def ordered_indicators(self) -> Iterator[Indicator]:
        for a in self.areas:
            for s in a.sections:
                yield from s.indicators

    @cached_property
    def framework_table(self) -> dict[str, Framework]:
        return {f.id: f for f in self.frameworks}

    @property
    def index_names(self) -> tuple[str, ...]:
        """The frameworks whose index a report of this catalogue prints, in order: the template's `indexes`,
        or by default GRI's content index and then each framework the indicators refer to."""
        return self.indexes or (GRI, *(f.id for f in self.frameworks))

    def derived(self, build: Callable[[Catalogue], _T]) -> _T:
        """What `build` makes of this catalogue (the rules' indexes of checks and GRI disclosures), made
        once per catalogue object. Kept on the object rather than under its `fingerprint`, which would
        serialise the whole catalogue (and load pydantic) just to look the result up."""
        made: dict[Callable[[Catalogue], Any], Any] = self.__dict__.setdefault("_derived", {})
        if build not in made:
            made[build] = build(self)
        return made[build]  # type: ignore[no-any-return]  # what `build` returned for this key

    def factor_set(self, set_id: str | None = None) -> FactorSet | None:
        if not self.factor_sets:
            return None
        if set_id is None:
            return self.factor_sets[0]
        return next((f for f in self.factor_sets if f.id == set_id), None)

    @cached_property
    def fingerprint(self) -> str:
        import hashlib  # OpenSSL loads here, not on the app's start (opening a report needs no fingerprint)

        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]


def read_snapshot(text: str) -> Catalogue:
    """The catalogue a report file keeps; raises pydantic's ValidationError when it is not one.

    A snapshot written by esgdesk is read without pydantic (see `esgdesk.core.typed_json`);
    anything else is validated by pydantic in full.
    """
    try:
        return typed_json.loads(Catalogue, text)
    except typed_json.NotPlain:
        return Catalogue.model_validate_json(text)


# -- loading from forms/ -------------------------------------------------------------------


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML data file (forms/, templates/), refused with the file named and what is wrong."""
    import tomllib  # only forms/ is TOML: a report opens from the catalogue stored in it, without this parser

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise CatalogueError("file is missing", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"not valid TOML: {exc}", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"cannot be read: {exc}", file=str(path)) from None


def _explain(exc: ValidationError, data: Any, file: Path) -> CatalogueError:
    """Turn pydantic's report into one line naming the indicator and the field."""
    err = exc.errors()[0]
    loc = list(err["loc"])
    indicator: str | None = None
    if len(loc) >= 2 and loc[0] == "indicator" and isinstance(loc[1], int):
        try:
            indicator = data["indicator"][loc[1]].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            indicator = None
        loc = loc[2:] if indicator else loc
    field = ".".join(str(p) for p in loc)
    msg = err["msg"].removeprefix("Value error, ")
    return CatalogueError(f"{field}: {msg}" if field else msg, file=str(file), indicator=indicator)


def load_catalogue(root: Path) -> Catalogue:
    """Load and cross-check the catalogue in `root` (normally `forms/`)."""
    from pydantic import ValidationError

    root = Path(root)
    head_file = root / "catalogue.toml"
    head = read_toml(head_file)
    units_file = root / "units.toml"
    units_data = read_toml(units_file)
    try:
        units = tuple(Unit.model_validate(u) for u in units_data.get("unit", []))
    except ValidationError as exc:
        raise _explain(exc, units_data, units_file) from None

    factor_sets: list[FactorSet] = []
    factors_file = root / "emission_factors.toml"
    if factors_file.exists():
        fdata = read_toml(factors_file)
        try:
            factor_sets = [FactorSet.model_validate(s) for s in fdata.get("factor_set", [])]
        except ValidationError as exc:
            raise _explain(exc, fdata, factors_file) from None

    gri_index: list[GriIndexEntry] = []
    gri_file = root / "gri_index.toml"
    if gri_file.exists():
        gdata = read_toml(gri_file)
        try:
            gri_index = [GriIndexEntry.model_validate(e) for e in gdata.get("entry", [])]
        except ValidationError as exc:
            raise _explain(exc, gdata, gri_file) from None

    frameworks: list[Framework] = []
    frameworks_dir = root / "frameworks"
    for fw_file in sorted(frameworks_dir.glob("*.toml")) if frameworks_dir.is_dir() else []:
        fdata = read_toml(fw_file)
        try:
            fw = Framework.model_validate(fdata)
        except ValidationError as exc:
            raise _explain(exc, fdata, fw_file) from None
        if fw.id != fw_file.stem:
            raise CatalogueError(
                f"framework id '{fw.id}' does not match its file name '{fw_file.stem}'", file=str(fw_file)
            )
        frameworks.append(fw)

    areas: list[Area] = []
    section_files: dict[str, Path] = {}
    for area_data in head.get("area", []):
        sections: list[Section] = []
        try:
            section_ids = area_data["sections"]
            area_id = area_data["id"]
            if not (
                isinstance(area_id, str)
                and isinstance(section_ids, list)
                and all(isinstance(s, str) for s in section_ids)
            ):
                raise TypeError(area_id)
        except (KeyError, TypeError):
            raise CatalogueError("every [[area]] needs an id and a list of sections", file=str(head_file)) from None
        for sid in section_ids:
            path = root / area_id / f"{sid}.toml"
            data = read_toml(path)
            try:
                section = Section.model_validate(data)
            except ValidationError as exc:
                raise _explain(exc, data, path) from None
            if section.id != sid:
                raise CatalogueError(f"section id '{section.id}' does not match its file name '{sid}'", file=str(path))
            sections.append(section)
            section_files[sid] = path
        try:
            areas.append(Area.model_validate({"id": area_id, "label": area_data.get("label"), "sections": sections}))
        except ValidationError as exc:
            raise CatalogueError(f"area '{area_id}': {exc.errors()[0]['msg']}", file=str(head_file)) from None

    try:
        catalogue = Catalogue.model_validate(
            {
                "id": head.get("id", ""),
                "version": str(head.get("version", "")),
                "title": head.get("title", {}),
                "revenue_indicator": head.get("revenue_indicator"),
                "departments": head.get("department", []),
                "areas": areas,
                "units": units,
                "factor_sets": factor_sets,
                "gri_index": gri_index,
                "frameworks": frameworks,
                "indexes": head.get("indexes", []),
            }
        )
    except ValidationError as exc:
        raise _explain(exc, head, head_file) from None
    check_catalogue(catalogue, section_files)
    if not catalogue.indicators:
        raise CatalogueError(
            "the catalogue declares no indicators (are the [[area]] sections listed?)", file=str(head_file)
        )
    return catalogue


def check_catalogue(cat: Catalogue, files: dict[str, Path] | None = None) -> None:
    """Cross-references that no single model can check on its own."""
    files = files or {}

    def where(section_id: str) -> str:
        return str(files.get(section_id, section_id))

    seen: dict[str, str] = {}
    seen_sections: set[str] = set()
    for area in cat.areas:
        for section in area.sections:
            if section.id in seen_sections:
                raise CatalogueError(f"duplicate section id '{section.id}'", file=where(section.id))
            seen_sections.add(section.id)
            if section.owner not in cat.department_table:
                raise CatalogueError(f"unknown owner department '{section.owner}'", file=where(section.id))
            for ind in section.indicators:
                if ind.id in seen:
                    raise CatalogueError(
                        f"duplicate id: already defined in {where(seen[ind.id])}",
                        file=where(section.id),
                        indicator=ind.id,
                    )
                seen[ind.id] = section.id

    unit_ids = set(cat.unit_table)
    for ind in cat.indicators.values():
        file = where(cat.section_of[ind.id].id)
        if ind.unit not in unit_ids:
            raise CatalogueError(f"unknown unit '{ind.unit}' (declare it in units.toml)", file=file, indicator=ind.id)
        if ind.owner and ind.owner not in cat.department_table:
            raise CatalogueError(f"unknown owner department '{ind.owner}'", file=file, indicator=ind.id)
        if ind.breakdown:
            parent = cat.indicators.get(ind.breakdown.of)
            if parent is None:
                raise CatalogueError(
                    f"breakdown parent '{ind.breakdown.of}' does not exist", file=file, indicator=ind.id
                )
            if ind.breakdown.kind == BreakdownKind.SHARE and ind.type != DataType.PERCENT:
                raise CatalogueError("a share breakdown part must be a percent indicator", file=file, indicator=ind.id)
        for name in ind.formula_inputs:
            if name not in cat.indicators:
                raise CatalogueError(f"formula uses unknown indicator '{name}'", file=file, indicator=ind.id)
        if ind.formula and ind.type in (DataType.TEXT, DataType.BOOLEAN, DataType.RANGE):
            raise CatalogueError(f"a {ind.type.value} indicator cannot have a formula", file=file, indicator=ind.id)
        if not ind.retired:
            # An indicator still collected cannot lean on one that no longer is.
            used = [n for n in sorted(ind.formula_inputs) if cat.indicators[n].retired]
            if used:
                raise CatalogueError(f"formula uses retired indicator '{used[0]}'", file=file, indicator=ind.id)
            if ind.breakdown and cat.indicators[ind.breakdown.of].retired:
                raise CatalogueError(f"breakdown parent '{ind.breakdown.of}' is retired", file=file, indicator=ind.id)
        _check_refs(cat, ind, file)
    _check_breakdown_cycles(cat, where)
    _check_formula_cycles(cat, where)
    for name in cat.indexes:
        if name != GRI and name not in cat.framework_table:
            known = ", ".join([GRI, *cat.framework_table])
            raise CatalogueError(f"index of unknown framework '{name}' (frameworks: {known})")
    for section in cat.sections.values():
        for check in section.checks:
            try:
                names = parse_expression(check.expr).names
            except ExpressionError as exc:
                raise CatalogueError(f"check '{check.id}' does not parse: {exc}", file=where(section.id)) from None
            for name in names:
                if name not in cat.indicators:
                    raise CatalogueError(f"check '{check.id}' uses unknown indicator '{name}'", file=where(section.id))
                if cat.indicators[name].retired:
                    raise CatalogueError(f"check '{check.id}' uses retired indicator '{name}'", file=where(section.id))


def _check_refs(cat: Catalogue, ind: Indicator, file: str) -> None:
    """A reference to a framework the catalogue defines names one of its topics and an article of that topic."""
    seen: set[tuple[str, str, str | None]] = set()
    for ref in ind.refs:
        key = (ref.framework, ref.code, ref.paragraph)
        if key in seen:
            raise CatalogueError(f"reference {ref.framework} {ref.code} is listed twice", file=file, indicator=ind.id)
        seen.add(key)
        if ref.framework == GRI:
            raise CatalogueError("GRI disclosures go in `gri`, not `refs`", file=file, indicator=ind.id)
        fw = cat.framework_table.get(ref.framework)
        if fw is None:
            if ref.topic is not None:
                raise CatalogueError(
                    f"reference names topic '{ref.topic}' of framework '{ref.framework}', which "
                    "the catalogue does not define (add forms/frameworks/"
                    f"{ref.framework}.toml)",
                    file=file,
                    indicator=ind.id,
                )
            continue
        topic = fw.topic_table.get(ref.topic or "")
        if topic is None:
            raise CatalogueError(
                f"reference to {fw.id} needs the topic, one of: {', '.join(fw.topic_table)}"
                if ref.topic is None
                else f"{fw.id} has no topic '{ref.topic}' (topics: {', '.join(fw.topic_table)})",
                file=file,
                indicator=ind.id,
            )
        if not ref.code.isdigit() or int(ref.code) not in topic.article_numbers:
            raise CatalogueError(
                f"{fw.id} article '{ref.code}' is not an article of topic '{topic.id}' (articles {topic.articles})",
                file=file,
                indicator=ind.id,
            )
        if ref.level is None:
            raise CatalogueError(
                f'reference to {fw.id} article {ref.code} needs level = "required" or "encouraged"',
                file=file,
                indicator=ind.id,
            )


def _check_breakdown_cycles(cat: Catalogue, where: Any) -> None:
    for ind in cat.indicators.values():
        seen = {ind.id}
        cur = ind
        while cur.breakdown:
            nxt = cur.breakdown.of
            if nxt in seen:
                raise CatalogueError(
                    f"breakdown cycle: {' -> '.join([*seen, nxt])}",
                    file=where(cat.section_of[ind.id].id),
                    indicator=ind.id,
                )
            seen.add(nxt)
            cur = cat.indicators[nxt]


def _check_formula_cycles(cat: Catalogue, where: Any) -> None:
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(node: str, path: list[str]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            cycle = path[path.index(node) :] + [node]
            raise CatalogueError(
                f"cycle in formulas: {' -> '.join(cycle)}", file=where(cat.section_of[node].id), indicator=node
            )
        state[node] = 1
        for dep in sorted(cat.indicators[node].formula_inputs):
            visit(dep, [*path, node])
        state[node] = 2

    for ind_id in cat.indicators:
        visit(ind_id, [])


def topological_formulas(cat: Catalogue) -> list[Indicator]:
    """Computed indicators in an order where every input is computed before it is read."""
    order: list[Indicator] = []
    done: set[str] = set()

    def visit(node: str) -> None:
        if node in done:
            return
        done.add(node)
        for dep in sorted(cat.indicators[node].formula_inputs):
            visit(dep)
        if cat.indicators[node].computed:
            order.append(cat.indicators[node])

    for ind_id in cat.indicators:
        visit(ind_id)
    return order


def iter_section_indicators(cat: Catalogue, section_ids: Iterable[str]) -> Iterator[Indicator]:
    wanted = set(section_ids)
    for a in cat.areas:
        for s in a.sections:
            if s.id in wanted:
                yield from s.indicators


DEFAULT_LANG: Literal["en"] = "en"
