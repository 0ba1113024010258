"""Figures in from a workbook in the exported layout: a preview first, then one transaction.

Each exported row carries hidden columns with the entity, the indicator id and the exact
figure of each year, so a row that was moved, sorted or copied to another sheet still imports,
and an untouched cell reproduces the figure exactly (status, qualifier, range, detection limit,
the unit it was entered in). A cell somebody changed is read like typed text, through the same
parser as the app's forms; a workbook without the hidden columns is matched by indicator name.
Nothing is written by the preview; `apply_import` writes all of it or none.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk.core.catalogue import DataType, Indicator, Unit
from esgdesk.core.errors import EsgdeskError, Refused, UnusableInput
from esgdesk.core.jobs import CancelToken, Progress, step
from esgdesk.core.parser import normalise
from esgdesk.core.values import Change, Key, Value
from esgdesk.exports.xlsx_cells import (
    COL_ENTITY,
    COL_INDICATOR,
    COL_VALUE,
    META_KEY,
    Rendered,
    from_cell_number,
    qualifier_marks,
    render,
)
from esgdesk.exports.xlsx_guard import check_workbook_file
from esgdesk.exports.xlsx_profile import Profile, load_profile

if TYPE_CHECKING:
    from esgdesk.core.store import Report

HEADER_SEARCH_ROWS = 30  # the header row is among the first rows of a sheet
MAX_CELLS = 3_000_000  # bound on the work a crafted sheet can cause
_YEAR = re.compile(r"^(\d{4})\s*(?:年|年度|FY)?$", re.I)
_QUALIFIER_MARKS = {"+", "≈", "~", ">", "≥", ">=", "<", "≤", "<="}


@dataclass(frozen=True, slots=True)
class ImportChange:
    key: Key
    old: Value | None
    new: Value
    where: str  # the cell, e.g. "Environmental!E14"
    exact: bool  # taken from the workbook's machine-readable columns


@dataclass(frozen=True, slots=True)
class Refusal:
    where: str
    reason: str
    indicator: str | None = None
    entity: str | None = None
    year: int | None = None
    cell: str = ""  # what the cell held, as text


@dataclass
class ImportPreview:
    path: Path
    changes: list[ImportChange] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    unchanged: int = 0
    computed_skipped: int = 0  # figures esgdesk computes itself; never imported
    sheets_read: list[str] = field(default_factory=list)
    sheets_skipped: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    source: dict[str, str] = field(default_factory=dict)  # the workbook's own "About" sheet
    notes: list[str] = field(default_factory=list)

    @property
    def nothing_to_do(self) -> bool:
        return not self.changes and not self.refusals


# -- reading the workbook ---------------------------------------------------------------------


def _load(path: Path, data_only: bool) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=data_only, keep_links=False)
    except EsgdeskError:
        raise
    except Exception as exc:  # openpyxl raises anything from KeyError to zlib errors on a damaged file
        raise UnusableInput(
            f"this workbook is damaged and cannot be read ({exc.__class__.__name__}: {exc})", where=str(path)
        ) from None


def _rows(ws: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    ws.reset_dimensions()  # a crafted dimension would pad every row to 16,384 columns
    yield from enumerate(ws.iter_rows(), 1)


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


@dataclass
class _Header:
    row: int
    indicator_id: int | None = None
    entity_id: int | None = None
    label: int | None = None
    unit: int | None = None
    entity_name: int | None = None
    years: dict[int, int] = field(default_factory=dict)  # column -> year (visible figures)
    exact: dict[int, int] = field(default_factory=dict)  # year -> column (hidden exact figures)


def _year_of(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float) and float(v).is_integer() and 1900 <= int(v) <= 2200:
        return int(v)
    if isinstance(v, str):
        m = _YEAR.match(v.strip())
        if m and 1900 <= int(m.group(1)) <= 2200:
            return int(m.group(1))
    return None


class _Importer:
    def __init__(
        self,
        report: Report,
        path: Path,
        year: int | None,
        profile: Profile,
        progress: Progress | None,
        cancel: CancelToken | None,
    ) -> None:
        self.report = report
        self.cat = report.catalogue
        self.path = path
        self.year = year
        self.profile = profile
        self.progress = progress
        self.cancel = cancel
        self.preview = ImportPreview(path)
        self.seen: dict[tuple[str, str, int], tuple[str, Value]] = {}
        self.cells = 0
        self.by_label: dict[str, Indicator] = {}
        for ind in self.cat.indicators.values():
            for text in (ind.label.en, ind.label.zh):
                if text:
                    self.by_label.setdefault(normalise(text).casefold(), ind)
        self.unit_by_label: dict[str, Unit] = {}
        for u in self.cat.units:
            for text in (u.id, u.label.en, u.label.zh):
                if text:
                    self.unit_by_label.setdefault(normalise(text).casefold(), u)
        self.entity_by_name = {normalise(e.name).casefold(): e.id for e in report.entities.values()}
        # The workbook's entities as this report calls them (id -> id), and those that match none of them.
        self.entity_match: dict[str, str] = {}
        self.unmatched: dict[str, int] = {}
        col_titles: dict[str, set[str]] = {}
        for c in profile.area.column:
            col_titles[c.key] = {normalise(t).casefold() for t in (c.title.en, c.title.zh) if t}
        self.titles = col_titles

    # -- sheets ----------------------------------------------------------------------------------
    def run(self, wb_values: Any, wb_formulas: Any) -> ImportPreview:
        names = list(wb_values.sheetnames)
        for n, name in enumerate(names):
            step(self.progress, self.cancel, n, len(names), f"reading {name}")
            ws = wb_values[name]
            if not hasattr(ws, "iter_rows"):
                continue  # a chart sheet
            wsf = wb_formulas[name] if name in wb_formulas.sheetnames else None
            self.sheet(name, ws, wsf)
        step(self.progress, self.cancel, len(names), len(names), "comparing with the report")
        p = self.preview
        if not p.sheets_read:
            raise UnusableInput(
                "no sheet of this workbook is in the exported layout (a header row with 'Indicator' and year "
                "columns); nothing to import",
                where=str(self.path),
            )
        if self.year is not None and self.year not in p.years:
            found = ", ".join(str(y) for y in sorted(p.years, reverse=True)) or "none"
            raise UnusableInput(
                f"the workbook has no figures for {self.year} (its years: {found})", where=str(self.path)
            )
        p.years.sort(reverse=True)
        matched = {k: v for k, v in self.entity_match.items() if k != v}
        if matched and len(self.report.entities) > 1:
            p.notes.append("entities matched by name: " + ", ".join(f"'{k}' -> '{v}'" for k, v in matched.items()))
        if self.unmatched:
            p.notes.append(
                "entities of the workbook that match none of this report's (their rows are refused): "
                + ", ".join(f"'{k}' ({n} row{'s' if n != 1 else ''})" for k, n in self.unmatched.items())
            )
        return p

    def sheet(self, name: str, ws: Any, wsf: Any) -> None:
        if self._is_metadata(ws):
            self._read_metadata(ws)
            return
        rows = _rows(ws)
        frows = _rows(wsf) if wsf is not None else None
        header: _Header | None = None
        for n, row in rows:
            frow = next(frows, (n, ()))[1] if frows is not None else ()
            self.cells += len(row)
            if self.cells > MAX_CELLS:
                raise UnusableInput(f"the workbook has more than {MAX_CELLS:,} cells; refused", where=str(self.path))
            if n % 500 == 0:
                step(self.progress, self.cancel, n, n + 500, f"reading {name}")
            if header is None:
                header = self._header(n, row)
                if header is None and n >= HEADER_SEARCH_ROWS:
                    break
                continue
            self._row(name, n, row, frow, header)
        if header is None:
            self.preview.sheets_skipped.append(name)
        else:
            self.preview.sheets_read.append(name)

    def _is_metadata(self, ws: Any) -> bool:
        for _, row in _rows(ws):
            return len(row) >= 3 and row[2].value == META_KEY
        return False

    def _read_metadata(self, ws: Any) -> None:
        for n, row in _rows(ws):
            if n > 200:
                break
            if len(row) >= 3 and isinstance(row[2].value, str) and row[1].value is not None:
                self.preview.source[row[2].value] = str(row[1].value)
        src = self.preview.source
        if src.get("company") and src["company"] != self.report.meta.company:
            self.preview.notes.append(f"the workbook is of {src['company']}, the report of {self.report.meta.company}")

    def _header(self, n: int, row: tuple[Any, ...]) -> _Header | None:
        h = _Header(n)
        for col, cell in enumerate(row, 1):
            v = cell.value
            if v is None:
                continue
            if isinstance(v, str):
                s = v.strip()
                if s == COL_INDICATOR:
                    h.indicator_id = col
                    continue
                if s == COL_ENTITY:
                    h.entity_id = col
                    continue
                if s.startswith(COL_VALUE):
                    y = _year_of(s[len(COL_VALUE) :])
                    if y is not None:
                        h.exact[y] = col
                    continue
                low = normalise(s).casefold()
                if low in self.titles.get("indicator", set()) and h.label is None:
                    h.label = col
                    continue
                if low in self.titles.get("unit", set()) and h.unit is None:
                    h.unit = col
                    continue
                if low in self.titles.get("entity", set()) and h.entity_name is None:
                    h.entity_name = col
                    continue
            y = _year_of(v)
            if y is not None and y not in h.years.values():
                h.years[col] = y
        if (h.indicator_id is None and h.label is None) or not h.years:
            return None
        for y in h.years.values():
            if y not in self.preview.years:
                self.preview.years.append(y)
        return h

    # -- rows ------------------------------------------------------------------------------------
    def _row(self, sheet: str, n: int, row: tuple[Any, ...], frow: tuple[Any, ...], h: _Header) -> None:
        def value(col: int | None) -> Any:
            if col is None or col > len(row):
                return None
            v = row[col - 1].value
            return v.strip() if isinstance(v, str) else v

        figures = [(col, y) for col, y in h.years.items() if self.year is None or y == self.year]
        filled = [(col, y) for col, y in figures if value(col) not in (None, "") or _formula(frow, col) is not None]
        if not filled:
            return
        where_row = f"{sheet}!{_letter(filled[0][0])}{n}"
        ind_id = value(h.indicator_id)
        label = value(h.label)
        ind: Indicator | None = None
        if isinstance(ind_id, str) and ind_id:
            ind = self.cat.indicators.get(ind_id)
            if ind is None:
                self._refuse(where_row, f"unknown indicator '{ind_id}' (not in this report's catalogue)")
                return
        elif label not in (None, ""):
            ind = self.by_label.get(normalise(str(label)).casefold())
            if ind is None:
                self._refuse(where_row, f"unknown indicator '{label}' (no indicator of this report has that name)")
                return
        else:
            self._refuse(where_row, "a figure with no indicator beside it")
            return
        entity = self._entity(value(h.entity_id), value(h.entity_name))
        if entity is None:
            shown = value(h.entity_id) or value(h.entity_name)
            self._refuse(where_row, f"unknown entity '{shown}' (not in this report)", ind.id)
            return
        unit_text = value(h.unit)
        for col, year in filled:
            where = f"{sheet}!{_letter(col)}{n}"
            exact_col = h.exact.get(year)
            exact = value(exact_col) if exact_col is not None else None
            self._figure(where, ind, entity, year, row[col - 1], _formula(frow, col), exact, unit_text)

    def _entity(self, ent_id: Any, ent_name: Any) -> str | None:
        """This report's entity for a row: by id, then by name; a single-entity report takes the one entity
        of a workbook from another report of the same company (its id differs: each report names its own)."""
        has_id = isinstance(ent_id, str) and bool(ent_id)
        has_name = isinstance(ent_name, str) and bool(ent_name)
        if not has_id and not has_name:
            return self.report.entity
        key = str(ent_id) if has_id else str(ent_name)
        if key in self.entity_match:
            return self.entity_match[key]
        found: str | None = None
        if has_id and ent_id in self.report.entities:
            found = str(ent_id)
        elif has_name:
            found = self.entity_by_name.get(normalise(str(ent_name)).casefold())
        if found is None and len(self.report.entities) == 1 and not self.entity_match:
            found = self.report.entity
            self.preview.notes.append(
                f"the workbook's entity '{key}' is taken as this report's only entity '{found}' "
                f"({self.report.meta.company})"
            )
        if found is None:
            self.unmatched[key] = self.unmatched.get(key, 0) + 1
            return None
        self.entity_match[key] = found
        return found

    def _refuse(
        self,
        where: str,
        reason: str,
        indicator: str | None = None,
        entity: str | None = None,
        year: int | None = None,
        cell: Any = None,
    ) -> None:
        shown = "" if cell is None else str(cell)[:80]
        self.preview.refusals.append(Refusal(where, reason, indicator, entity, year, shown))

    def _figure(
        self,
        where: str,
        ind: Indicator,
        entity: str,
        year: int,
        cell: Any,
        formula: str | None,
        exact: Any,
        unit_text: Any,
    ) -> None:
        v = cell.value
        if isinstance(v, str):
            v = v.strip()
        if v is None or v == "":
            if formula is not None:
                self._refuse(
                    where,
                    "a formula without a saved result: open the workbook in Excel or LibreOffice "
                    "and save it, so the figure is stored beside the formula",
                    ind.id,
                    entity,
                    year,
                    formula,
                )
            return
        try:
            unit = self._unit(unit_text, ind)
        except Refused as exc:
            self._refuse(where, exc.message, ind.id, entity, year, unit_text)
            return
        exact_value: Value | None = None
        if isinstance(exact, str) and exact.startswith("{"):
            try:
                data = json.loads(exact)
            except ValueError:
                data = None
            if isinstance(data, dict) and data.get("computed"):
                self.preview.computed_skipped += 1  # esgdesk computes it again from its inputs
                return
            if isinstance(data, dict):
                try:
                    exact_value = Value.from_dict(data)
                except (ValueError, TypeError, KeyError):
                    exact_value = None
        new: Value | None
        taken_exact = False
        if exact_value is not None and unit is None and _matches_any(v, exact_value, ind, self.profile):
            new, taken_exact = exact_value, True
        else:
            if ind.computed:
                self.preview.computed_skipped += 1
                self._refuse(
                    where,
                    f"'{ind.label.en}' is computed by esgdesk from other figures; change the "
                    "figures it is computed from instead",
                    ind.id,
                    entity,
                    year,
                    v,
                )
                return
            try:
                new = self._parse(v, cell, ind, unit)
            except EsgdeskError as exc:
                self._refuse(where, exc.message, ind.id, entity, year, v)
                return
        if new is None:
            return
        key = (entity, ind.id, year)
        earlier = self.seen.get(key)
        if earlier is not None:
            if not earlier[1].same_figure(new):
                self._refuse(
                    where,
                    f"this figure appears twice with different values (also at {earlier[0]})",
                    ind.id,
                    entity,
                    year,
                    v,
                )
            return
        self.seen[key] = (where, new)
        old = self.report.get(ind.id, year, entity)
        if old == new or (old is not None and not taken_exact and old.same_figure(new)):
            self.preview.unchanged += 1
            return
        change = Change(Key(*key), old, new, None, "import")
        try:
            self.report.guard(change, allow_computed=taken_exact)
        except EsgdeskError as exc:
            self._refuse(where, exc.message, ind.id, entity, year, v)
            return
        self.preview.changes.append(ImportChange(Key(*key), old, new, where, taken_exact))

    def _unit(self, text: Any, ind: Indicator) -> str | None:
        """The unit a row's figures are in, when it is not the indicator's own; refuses a wrong one."""
        if text is None or (isinstance(text, str) and not text):
            return None
        s = normalise(str(text))
        own = self.report.units.units.get(ind.unit)
        if own is not None and s.casefold() in {
            normalise(t).casefold() for t in (own.id, own.label.en, own.label.zh, *own.aliases) if t
        }:
            return None  # several units share a Chinese label ("项"); the row's own unit wins
        u = self.unit_by_label.get(s.casefold()) or self.report.units.resolve(s)
        if u is None:
            raise Refused(f"unknown unit '{s}'")
        if u.id == ind.unit:
            return None
        target = self.report.units.get(ind.unit) if ind.unit in self.report.units else None
        if target is None or u.dimension != target.dimension:
            raise Refused(f"wrong unit '{s}': '{ind.label.en}' is reported in {ind.unit}")
        return u.id

    def _parse(self, v: Any, cell: Any, ind: Indicator, unit: str | None) -> Value | None:
        text: str
        if isinstance(v, bool):
            text = "yes" if v else "no"
        elif isinstance(v, datetime | date | time):
            if ind.type != DataType.TEXT:
                raise Refused(f"a date is not a figure in {ind.unit} (the cell is formatted as a date)")
            text = v.isoformat()
        elif isinstance(v, int | float):
            if not math.isfinite(float(v)):
                raise Refused("not a finite number")
            fmt = str(getattr(cell, "number_format", "") or "")
            d = from_cell_number(v, ind, "%" in fmt)
            before, after = qualifier_marks(fmt)
            before = before if before in _QUALIFIER_MARKS else ""
            after = after if after in _QUALIFIER_MARKS else ""
            text = f"{before}{_plain(d)}{after}"
        else:
            text = str(v)
        return self.report.parse(ind.id, text, unit=unit)


def _plain(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s


def _formula(frow: tuple[Any, ...], col: int) -> str | None:
    if col > len(frow):
        return None
    v = frow[col - 1].value
    if isinstance(v, str) and v.startswith("="):
        return v
    if v is not None and v.__class__.__name__ in ("ArrayFormula", "DataTableFormula"):
        return str(getattr(v, "text", "") or "=")
    return None


def _matches_any(v: Any, exact: Value, ind: Indicator, profile: Profile) -> bool:
    """The cell still shows what the export wrote for `exact` (in either language)."""
    return any(_same(v, render(exact, ind, profile, lang)) for lang in ("en", "zh"))


def _same(v: Any, r: Rendered) -> bool:
    rv = r.value
    if rv is None:
        return False
    if isinstance(rv, float | int) and isinstance(v, int | float) and not isinstance(v, bool):
        return math.isclose(float(v), float(rv), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(rv, str) and isinstance(v, str):
        return normalise(v) == normalise(rv)
    return False


# -- the API ----------------------------------------------------------------------------------


def preview_import(
    report: Report,
    path: Path | str,
    *,
    year: int | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    profile: Profile | None = None,
) -> ImportPreview:
    """What importing `path` into `report` would change and what it refuses; writes nothing."""
    path = Path(path)
    if year is not None and not (1900 <= year <= 2200):
        raise Refused(f"{year} is not a reporting year")
    check_workbook_file(path, progress=progress, cancel=cancel)
    wb_values = _load(path, data_only=True)
    wb_formulas = _load(path, data_only=False)
    try:
        importer = _Importer(report, path, year, profile or load_profile(), progress, cancel)
        try:
            return importer.run(wb_values, wb_formulas)
        except EsgdeskError:
            raise
        except Exception as exc:  # a malformed part found while streaming the sheets
            raise UnusableInput(
                f"this workbook is damaged and cannot be read ({exc.__class__.__name__}: {exc})", where=str(path)
            ) from None
    finally:
        wb_values.close()
        wb_formulas.close()


def apply_import(report: Report, preview: ImportPreview) -> int:
    """Write the previewed changes in one transaction (after a backup); returns how many."""
    if not preview.changes:
        return 0
    for c in preview.changes:
        now = report.get(c.key.indicator, c.key.year, c.key.entity)
        if now != c.old:
            raise Refused("the report changed since the preview was made; preview the import again", where=c.where)
    report.backup("before-import")
    name = preview.path.name
    changes = [Change(c.key, c.old, c.new, f"imported from {name} ({c.where})", "import") for c in preview.changes]
    report.apply(
        changes,
        allow_computed=True,
        batch_source="import",
        batch_note={"file": name, "changes": len(changes), "refused": len(preview.refusals)},
    )
    return len(changes)
