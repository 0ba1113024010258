"""The key-performance-data workbook: one sheet per area laid out like the report's Appendix I,
the GRI content index like Appendix II, findings, the audit log and what the workbook is.

Written with openpyxl's write-only mode (a group report has tens of thousands of cells) into a
temporary file that replaces the target only when complete, so a cancelled or failed export
never leaves a half-written workbook under the real name.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk import __version__
from esgdesk.core.catalogue import GRI, Area, Indicator, Text
from esgdesk.core.display import display
from esgdesk.core.errors import UnusableInput, WriteError
from esgdesk.core.indexes import FrameworkIndex, build_index, gri_order
from esgdesk.core.jobs import CancelToken, Progress, step
from esgdesk.core.restatements import GRI_RESTATEMENTS, note_text, previous_text, restated_indicators
from esgdesk.core.store.files import replacing
from esgdesk.core.values import Value
from esgdesk.exports.xlsx_cells import (
    COL_ENTITY,
    COL_INDICATOR,
    COL_VALUE,
    COMPUTED_MARK,
    FORMAT_ID,
    FORMAT_VERSION,
    FORMULA_START,
    MAX_CELL_TEXT,
    META_KEY,
    TEXT,
    Rendered,
    change_cell,
    clean_text,
    exact_json,
    jsonable,
    needs_quote,
    render,
    render_computed,
    values_digest,
)
from esgdesk.exports.xlsx_profile import Column, Profile, load_profile
from esgdesk.exports.xlsx_styles import Styles, append_cells_directly

if TYPE_CHECKING:
    from openpyxl import Workbook

    from esgdesk.core.findings import Finding
    from esgdesk.core.store import Report

# openpyxl's type stubs leave out most of the write-only sheet (merged cells, filters, setup)
Sheet = Any
ROW_STEP = 500  # rows between progress reports and cancel checks
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def export_workbook(
    report: Report,
    path: Path | str,
    *,
    lang: str = "en",
    entities: Sequence[str] | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    profile: Profile | None = None,
    findings: Sequence[Finding] | None = None,
    computed: Mapping[tuple[str, str, int], float] | None = None,
    years: int = 2,
) -> Path:
    """Write the workbook of `report` to `path`; returns the path written.

    `years` is how many years the area sheets print, the report's own first: 2 (this year and the
    prior year) or more (3 is what Chinese ESG reports usually print), from the years the report holds.

    `findings` and `computed` are what a current validation engine holds for the report
    (`engine.findings()`, `engine.computed_map()`); a caller that keeps one passes copies of
    both and spares the export a full validation. Without them the report is validated here.
    """
    from openpyxl import Workbook

    path = Path(path)
    lang = "zh" if lang.startswith("zh") else "en"
    profile = profile or load_profile()
    chosen = _entities(report, entities)
    wb = Workbook(write_only=True)
    try:
        if not 2 <= years <= 10:
            raise UnusableInput(f"a workbook prints 2 to 10 years, not {years}")
        writer = _Writer(report, wb, profile, lang, chosen, progress, cancel, findings, computed)
        writer.earlier = [report.year - n for n in range(2, years)]
        writer.write_all()
        step(progress, cancel, writer.total, writer.total, "saving")
    except BaseException:
        _discard(wb)
        raise
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as tmp:  # the workbook appears under its name only when complete
            wb.save(tmp)
    except OSError as exc:
        raise WriteError(f"the workbook could not be written: {exc.strerror or exc}", where=str(path)) from None
    return path


def _discard(wb: Workbook) -> None:
    """Finish the sheets a cancelled export left open and delete their scratch files."""
    for ws in wb.worksheets:
        try:
            if not ws.closed:
                ws.close()
        except Exception:  # a sheet broken half-way: its scratch file is removed all the same
            pass
        out = getattr(getattr(ws, "_writer", None), "out", None)
        if isinstance(out, str):
            with contextlib.suppress(OSError):
                os.unlink(out)


def _entities(report: Report, wanted: Sequence[str] | None) -> list[str]:
    if wanted:
        unknown = [e for e in wanted if e not in report.entities]
        if unknown:
            raise UnusableInput(f"unknown entity '{unknown[0]}' (the report has: {', '.join(report.entities)})")
        return [e for e in report.entities if e in set(wanted)]
    # By default the entities that hold figures; the reporting entity always comes first.
    holding = {k[0] for k in report.value_map()}
    out = [e for e in report.entities if e in holding or e == report.entity]
    out.sort(key=lambda e: e != report.entity)
    return out


def sheet_title(text: str, taken: set[str]) -> str:
    base = " ".join(text.translate(_SHEET_FORBIDDEN).split()).strip("'")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def period_text(year: int) -> str:
    return f"{year}-01-01 – {year}-12-31"


def merge(ws: Sheet, ref: str) -> None:
    """Merge a range that overlaps no other merged range of the sheet (every merge here is one
    title or group row): openpyxl's own `add` compares each new range with all earlier ones."""
    from openpyxl.worksheet.cell_range import CellRange

    ws.merged_cells.ranges.add(CellRange(ref))


def _col_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


class _Writer:
    def __init__(
        self,
        report: Report,
        wb: Workbook,
        profile: Profile,
        lang: str,
        entities: list[str],
        progress: Progress | None,
        cancel: CancelToken | None,
        findings: Sequence[Finding] | None,
        computed: Mapping[tuple[str, str, int], float] | None,
    ) -> None:
        self.report = report
        self.wb = wb
        self.profile = profile
        self.lang = lang
        self.entities = entities
        self.progress = progress
        self.cancel = cancel
        self.styles = Styles(wb, profile, lang)
        self.taken: set[str] = set()
        self._shared: dict[tuple[Any, str], Any] = {}
        cat = report.catalogue
        if findings is None or computed is None:
            from esgdesk.core.validation import Engine

            engine = Engine(report)
            findings = engine.run_all()
            computed = engine.computed_map()
        self.findings = findings
        self.computed = computed
        self.values = report.value_map()
        self.restated = {k: r for k, r in report.restatements().items() if k[0] in set(entities)}
        self.earlier: list[int] = []  # years before the prior year printed beside it (newest first)
        self.encoded: dict[tuple[str, str, int], str] = {}  # exact JSON of the figures written, for the digest
        self.company = report.meta.company_zh if lang == "zh" and report.meta.company_zh else report.meta.company
        self.period = period_text(report.year)
        n_ind = len(cat.indicators)
        self.total = len(cat.areas) * len(entities) * (n_ind // max(len(cat.areas), 1)) + 4 * ROW_STEP
        self.done = 0

    def tick(self, what: str, rows: int = 1) -> None:
        before = self.done // ROW_STEP
        self.done += rows
        if self.done // ROW_STEP != before:
            step(self.progress, self.cancel, min(self.done, self.total), self.total, what)

    def fmt(self, template: str, **kw: Any) -> str:
        fields = _Fields(company=self.company, period=self.period, year=self.report.year, version=__version__)
        fields.update(kw)
        return template.format_map(fields)

    def write_all(self) -> None:
        step(self.progress, self.cancel, 0, self.total, "checking the figures")
        for area in self.report.catalogue.areas:
            self.area_sheet(area)
        for name in self.report.catalogue.index_names:
            if name == GRI:
                self.gri_sheet()
            else:
                self.topic_index_sheet(name)
        if self.restated:
            self.restatements_sheet()
        self.findings_sheet()
        self.audit_sheet()
        self.metadata_sheet()

    # -- shared sheet setup ------------------------------------------------------------------
    def new_sheet(
        self, title: str, columns: Sequence[Column], *, hidden_cols: int = 0, freeze: str | None = None
    ) -> Sheet:
        from openpyxl.worksheet.properties import PageSetupProperties

        ws = self.wb.create_sheet(sheet_title(title, self.taken))
        append_cells_directly(ws)
        for n, col in enumerate(columns, 1):
            ws.column_dimensions[_col_letter(n)].width = col.width
        for n in range(len(columns) + 1, len(columns) + hidden_cols + 1):
            dim = ws.column_dimensions[_col_letter(n)]
            dim.hidden = True
            dim.width = 20
        if freeze:
            ws.freeze_panes = freeze
        pr = self.profile.print
        ws.page_setup.orientation = "landscape" if pr.landscape else "portrait"
        ws.page_setup.paperSize = pr.paper
        if pr.fit_to_width:
            ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
        ws.print_options.horizontalCentered = True
        footer = ws.oddFooter
        for part, text in (
            (footer.left, pr.footer_left),
            (footer.center, pr.footer_center),
            (footer.right, pr.footer_right),
        ):
            part.text = self.fmt(
                text.get(self.lang).replace("{company}", "{company_amp}"), company_amp=self.company.replace("&", "&&")
            )
            part.size = 8
        return ws

    def title_rows(self, ws: Sheet, title: str, subtitle: str, width: int) -> None:
        last = _col_letter(width)
        ws.append([self.styles.cell(ws, title, "title")])
        ws.append([self.styles.cell(ws, subtitle, "subtitle")])
        merge(ws, f"A1:{last}1")
        merge(ws, f"A2:{last}2")

    def header_row(self, ws: Sheet, titles: Iterable[str]) -> None:
        ws.append([self.styles.cell(ws, t, "header") for t in titles])

    def plain_row(self, ws: Sheet, values: Iterable[Any]) -> list[Any]:
        """Cells of unstyled free text and numbers; what `text` does, with the common case inline
        (the audit log of a group report has hundreds of thousands of such cells)."""
        text = self.text
        return [
            v
            if type(v) is not str
            or (v and v.isascii() and v.isprintable() and len(v) <= MAX_CELL_TEXT and not v.startswith(FORMULA_START))
            else text(ws, v)
            for v in values
        ]

    def text(self, ws: Sheet, value: Any, style: str = "plain") -> Any:
        """A cell of free text: kept as text even when it starts like a formula."""
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            return value if style == "plain" else self.styles.cell(ws, value, style)
        s = clean_text(value)
        if needs_quote(s):
            return self.styles.quoted(ws, s, style)
        if style == "plain":
            return s  # the cheap path: openpyxl writes a bare value without a cell object of ours
        return self.styles.cell(ws, s, style)

    # -- Appendix I ----------------------------------------------------------------------------
    def area_sheet(self, area: Area) -> None:
        rep = self.report
        cat = rep.catalogue
        lang = self.lang
        multi = len(self.entities) > 1
        cols = self.profile.area_columns(with_entity=multi)
        years = {"current": rep.year, "prior": rep.prior_year}
        if self.earlier:  # the earlier years go right after the prior year, laid out like it
            at = next((n for n, c in enumerate(cols) if c.key == "prior"), len(cols) - 1) + 1
            like = cols[at - 1]
            extra = [Column(key=f"year{y}", title=like.title, width=like.width) for y in self.earlier]
            cols = [*cols[:at], *extra, *cols[at:]]
            years.update({f"year{y}": y for y in self.earlier})
        keys = [c.key for c in cols]
        hidden = [
            COL_ENTITY,
            COL_INDICATOR,
            f"{COL_VALUE}{rep.year}",
            f"{COL_VALUE}{rep.prior_year}",
            *(f"{COL_VALUE}{y}" for y in self.earlier),
        ]
        ws = self.new_sheet(area.label.get(lang), cols, hidden_cols=len(hidden), freeze="A4")
        width = len(cols)
        self.title_rows(
            ws,
            self.fmt(self.profile.area.title.get(lang), area=area.label.get(lang)),
            self.fmt(self.profile.area.subtitle.get(lang)),
            width,
        )
        titles = [self.fmt(c.title.get(lang), year=years.get(c.key, rep.year)) for c in cols]
        self.header_row(ws, [*titles, *hidden])
        ws.print_title_rows = "3:3"
        styles = self.styles
        row_no = 3
        last = _col_letter(width)
        unit_label = {u.id: u.label.get(lang) for u in cat.units}
        self._shared.clear()
        group_rest = [self.shared(ws, None, "group") for _ in range(width - 1)]
        # the cells of an indicator that are the same for every entity, made once per sheet
        static = {
            ind.id: {
                "indicator": self.shared(ws, _retired_label(ind, lang), "label"),
                "unit": self.shared(ws, unit_label.get(ind.unit, ind.unit), "centre"),
                "gri": self.shared(ws, ", ".join(dict.fromkeys(g.code for g in ind.gri)), "centre"),
            }
            for section in area.sections
            for ind in section.indicators
        }
        with_change = "change" in keys
        for ent_id in self.entities:
            ent_name = rep.entities[ent_id].name
            for section in area.sections:
                if not section.indicators:
                    continue
                row_no += 1
                label = (self.profile.area.group_with_entity if multi else self.profile.area.group).get(lang)
                group_text = clean_text(self.fmt(label, entity=ent_name, section=section.label.get(lang)))
                ws.append([styles.cell(ws, group_text, "group"), *group_rest])
                merge(ws, f"A{row_no}:{last}{row_no}")
                fixed = {
                    "entity": self.shared(ws, ent_name, "muted"),
                    "sub_item": self.shared(ws, section.label.get(lang), "muted"),
                }
                for ind in section.indicators:
                    row_no += 1
                    ws.append(self.indicator_row(ws, ind, ent_id, {**fixed, **static[ind.id]}, keys, with_change))
                    self.tick(f"writing {area.label.get(lang)}")
        ws.auto_filter.ref = f"A3:{last}{max(row_no, 4)}"

    def shared(self, ws: Sheet, value: Any, style: str) -> Any:
        """One styled cell object for a text repeated down a sheet (labels, units, empty figures).

        A write-only sheet streams each row out as it is appended, so a cell object may be
        appended again in later rows; building one per row was most of the export's time.
        """
        key = (value, style)
        cell = self._shared.get(key)
        if cell is None:
            cell = self._shared[key] = (
                self.text(ws, value, style) if value not in (None, "") else self.styles.cell(ws, None, style)
            )
        return cell

    def indicator_row(
        self, ws: Sheet, ind: Indicator, ent_id: str, cells: dict[str, Any], keys: list[str], with_change: bool
    ) -> list[Any]:
        """One figure row: `cells` holds the row's fixed cells; the figures are added to it."""
        year, prior = self.report.year, self.report.prior_year
        values = self.values
        cur_v = values.get((ent_id, ind.id, year))
        pri_v = values.get((ent_id, ind.id, prior))
        cur, cur_json = self._figure(cur_v, ind, ent_id, year)
        pri, pri_json = self._figure(pri_v, ind, ent_id, prior)
        cells["current"] = self._figure_cell(ws, cur)
        cells["prior"] = self._figure_cell(ws, pri)
        rest = self.restated.get((ent_id, ind.id, prior)) if self.restated else None
        if rest is not None:  # the restated value, with a note giving the published one and the reason
            cells["prior"] = self._noted_cell(ws, pri, note_text(rest, ind, self.lang))
        if with_change:
            a = cur_v if cur_v is not None else self.computed.get((ent_id, ind.id, year))
            b = pri_v if pri_v is not None else self.computed.get((ent_id, ind.id, prior))
            cells["change"] = self._figure_cell(ws, change_cell(a, b, ind, self.profile))
        earlier_json: list[str | None] = []
        for y in self.earlier:
            v = values.get((ent_id, ind.id, y))
            shown, exact = self._figure(v, ind, ent_id, y)
            rest = self.restated.get((ent_id, ind.id, y)) if self.restated else None
            cells[f"year{y}"] = (
                self._noted_cell(ws, shown, note_text(rest, ind, self.lang))
                if rest is not None
                else self._figure_cell(ws, shown)
            )
            earlier_json.append(exact)
        return [*(cells.get(k) for k in keys), ent_id, ind.id, cur_json, pri_json, *earlier_json]

    def _figure(self, value: Value | None, ind: Indicator, entity: str, year: int) -> tuple[Rendered, str | None]:
        if value is not None:
            text = self.encoded[(entity, ind.id, year)] = exact_json(value)
            return render(value, ind, self.profile, self.lang), text
        number = self.computed.get((entity, ind.id, year))
        if number is not None:
            return render_computed(number, ind, self.profile), jsonable(COMPUTED_MARK)
        return Rendered(None, TEXT), None

    def _noted_cell(self, ws: Sheet, r: Rendered, note: str) -> Any:
        from openpyxl.comments import Comment

        if r.value is None or isinstance(r.value, str):
            cell = self.styles.cell(ws, r.value, "figure_text")  # its own cell: a note belongs to one cell
        else:
            cell = self.styles.number(ws, r.value, r.number_format, muted=r.muted)
        cell.comment = Comment(clean_text(note), "esgdesk", width=320, height=110)
        return cell

    def _figure_cell(self, ws: Sheet, r: Rendered) -> Any:
        if r.value is None or isinstance(r.value, str):
            return self.shared(ws, r.value, "figure_text")
        return self.styles.number(ws, r.value, r.number_format, muted=r.muted)

    # -- Appendix II ---------------------------------------------------------------------------
    def gri_sheet(self) -> None:
        rep = self.report
        lang = self.lang
        lay = self.profile.gri
        ws = self.new_sheet(self.profile.sheets.gri.get(lang), lay.columns, freeze="A4")
        self.title_rows(
            ws, self.fmt(lay.title.get(lang)), self.fmt(self.profile.area.subtitle.get(lang)), len(lay.columns)
        )
        self.header_row(ws, [c.title.get(lang) for c in lay.columns])
        ws.print_title_rows = "3:3"
        with_data = self._disclosures_with_data()
        restated = restated_indicators(rep, set(self.entities))
        if restated:  # GRI 2-4, restatements of information: the indicators whose figures were restated
            with_data[GRI_RESTATEMENTS] = [rep.catalogue.indicators[i].label.get(lang) for i in restated]
        yes, no = self.profile.text.yes.get(lang), self.profile.text.no.get(lang)
        rows = 3
        seen: set[str] = set()
        for entry in rep.catalogue.gri_index:
            seen.add(entry.disclosure)
            inds = with_data.get(entry.disclosure, [])
            title = entry.title_zh if lang == "zh" and entry.title_zh else entry.title
            cells = {
                "standard": entry.standard,
                "disclosure": entry.disclosure,
                "title": title,
                "section": entry.report_section,
                "data": yes if inds else no,
                "indicators": "; ".join(inds),
            }
            ws.append([self.text(ws, cells.get(c.key, "")) for c in lay.columns])
            rows += 1
        for code in sorted(set(with_data) - seen, key=gri_order):
            cells = {
                "standard": f"GRI {code.split('-')[0]}",
                "disclosure": code,
                "title": lay.not_indexed.get(lang),
                "section": "",
                "data": yes,
                "indicators": "; ".join(with_data[code]),
            }
            ws.append([self.text(ws, cells.get(c.key, "")) for c in lay.columns])
            rows += 1
        ws.auto_filter.ref = f"A3:{_col_letter(len(lay.columns))}{max(rows, 4)}"

    def _disclosures_with_data(self) -> dict[str, list[str]]:
        """GRI disclosure code -> labels of the indicators that disclose it, as the core's index finds them."""
        cat = self.report.catalogue
        return {
            row.code: [cat.indicators[i].label.get(self.lang) for i in row.indicators]
            for row in self.gri_index().rows
            if row.indicators
        }

    def gri_index(self) -> FrameworkIndex:
        return build_index(self.report, GRI, entities=self.entities, computed=self.computed)

    # -- a framework's topic index ---------------------------------------------------------------
    def topic_index_sheet(self, framework: str) -> None:
        from esgdesk.exports import xlsx_index as xi

        rep = self.report
        lang = self.lang
        index = build_index(rep, framework, entities=self.entities, computed=self.computed)
        fw = rep.catalogue.framework_table[framework]
        extra = len(rep.catalogue.index_names) > 2  # two guidelines' indexes: name each sheet after its own
        title = xi.SHEET_TITLE.get(lang) + (f" {fw.short.get(lang)}" if extra else "")
        ws = self.new_sheet(title, xi.COLUMNS, freeze="A4")
        self.title_rows(
            ws,
            self.fmt(xi.TITLE.get(lang), framework=fw.short.get(lang)),
            self.fmt(self.profile.area.subtitle.get(lang)),
            len(xi.COLUMNS),
        )
        self.header_row(ws, [c.title.get(lang) for c in xi.COLUMNS])
        ws.print_title_rows = "3:3"
        for row in index.rows:
            cells = xi.row_cells(rep.catalogue, row, lang)
            ws.append([self.text(ws, cells[c.key]) for c in xi.COLUMNS])
        last = 3 + len(index.rows)
        ws.auto_filter.ref = f"A3:{_col_letter(len(xi.COLUMNS))}{max(last, 4)}"
        if xi.has_unconfirmed(index):
            ws.append([])
            ws.append([self.text(ws, xi.UNCONFIRMED.get(lang))])

    # -- restatements --------------------------------------------------------------------------
    def restatements_sheet(self) -> None:
        rep = self.report
        lang = self.lang
        columns = [Column(key=k, title=t, width=w) for k, t, w in _RESTATEMENT_COLUMNS]
        ws = self.new_sheet(_RESTATEMENTS_TITLE.get(lang), columns, freeze="A4")
        self.title_rows(
            ws,
            f"{self.company} — {_RESTATEMENTS_TITLE.get(lang)}",
            self.fmt(self.profile.area.subtitle.get(lang)),
            len(columns),
        )
        self.header_row(ws, [c.title.get(lang) for c in columns])
        order = {ind.id: n for n, ind in enumerate(rep.catalogue.ordered_indicators())}
        rows = 3
        for (ent, ind_id, year), rest in sorted(
            self.restated.items(), key=lambda kv: (order.get(kv[0][1], 0), kv[0][0], kv[0][2])
        ):
            ind = rep.catalogue.indicators.get(ind_id)
            if ind is None:
                continue
            now = self.values.get((ent, ind_id, year))
            cells = {
                "entity": rep.entities[ent].name if ent in rep.entities else ent,
                "indicator": ind.label.get(lang),
                "year": year,
                "unit": ind.unit,
                "previous": previous_text(rest, ind),
                "restated": display(now, ind, lang=lang) if now is not None else "",
                "reason": rest.reason,
                "by": rest.by,
                "at": rest.at,
            }
            ws.append(self.plain_row(ws, [cells[c.key] for c in columns]))
            rows += 1
        ws.auto_filter.ref = f"A3:{_col_letter(len(columns))}{max(rows, 4)}"

    # -- findings ------------------------------------------------------------------------------
    def findings_sheet(self) -> None:
        rep = self.report
        lang = self.lang
        lay = self.profile.findings
        ws = self.new_sheet(self.profile.sheets.findings.get(lang), lay.columns, freeze="A4")
        self.title_rows(
            ws, self.fmt(lay.title.get(lang)), self.fmt(self.profile.area.subtitle.get(lang)), len(lay.columns)
        )
        self.header_row(ws, [c.title.get(lang) for c in lay.columns])
        ws.print_title_rows = "3:3"
        chosen = set(self.entities)
        self._shared.clear()
        explanations = rep.explanations()
        rows = 3
        covered: set[tuple[str, str, int]] = set()
        for f in self.findings:
            if f.entity not in chosen:
                continue
            covered.add(f.key)
            ws.append(self._finding_row(ws, f, explanations.get(f.key)))
            rows += 1
            self.tick("writing findings")
        for key, expl in sorted(explanations.items()):
            if key in covered or key[0] not in chosen or key[1] not in rep.catalogue.indicators:
                continue
            ws.append(self._finding_row(ws, None, expl, key))
            rows += 1
        ws.auto_filter.ref = f"A3:{_col_letter(len(lay.columns))}{max(rows, 4)}"

    def _finding_row(
        self, ws: Sheet, f: Finding | None, expl: Any, key: tuple[str, str, int] | None = None
    ) -> list[Any]:
        rep = self.report
        lang = self.lang
        ent, ind_id, year = f.key if f is not None else key  # type: ignore[misc]
        ind = rep.catalogue.indicators.get(ind_id)
        sev = self.profile.findings.severity.get(f.severity.value) if f is not None else None
        cells = {
            "severity": sev.get(lang) if sev else "",
            "entity": rep.entities[ent].name if ent in rep.entities else ent,
            "indicator": ind.label.get(lang) if ind else ind_id,
            "year": year,
            "rule": f.rule if f is not None else "",
            "message": f.text(lang) if f is not None else "",
            "explanation": expl.text if expl is not None else "",
        }
        sev_style = "error" if f is not None and f.severity.value == "error" and not f.explained else "text"
        keys = [c.key for c in self.profile.findings.columns]
        plain = self.plain_row(ws, [cells.get(k, "") for k in keys])
        return [
            self.shared(ws, cells["severity"], sev_style) if k == "severity" else v
            for k, v in zip(keys, plain, strict=True)
        ]

    # -- audit log -----------------------------------------------------------------------------
    def audit_sheet(self) -> None:
        rep = self.report
        lang = self.lang
        lay = self.profile.audit
        ws = self.new_sheet(self.profile.sheets.audit.get(lang), lay.columns, freeze="A4")
        self.title_rows(
            ws, self.fmt(lay.title.get(lang)), self.fmt(self.profile.area.subtitle.get(lang)), len(lay.columns)
        )
        self.header_row(ws, [c.title.get(lang) for c in lay.columns])
        ws.print_title_rows = "3:3"
        chosen = set(self.entities)
        keys = [c.key for c in lay.columns]
        rows = 3
        # The log's own JSON text goes to the sheet as it is stored: decoding and re-encoding
        # 20,000 entries of a group report would double the time of this sheet.
        for entity, *cells in rep.audit_table(keys):
            if entity is not None and entity not in chosen:
                continue
            ws.append(self.plain_row(ws, cells))
            rows += 1
            self.tick("writing the audit log")
        ws.auto_filter.ref = f"A3:{_col_letter(len(lay.columns))}{max(rows, 4)}"

    # -- what this workbook is -----------------------------------------------------------------
    def metadata_sheet(self) -> None:
        rep = self.report
        lang = self.lang
        lay = self.profile.metadata
        cols = [Column(key="label", title=lay.title, width=34), Column(key="value", title=lay.title, width=70)]
        ws = self.new_sheet(self.profile.sheets.metadata.get(lang), cols, hidden_cols=1)
        ws.append([self.styles.cell(ws, lay.title.get(lang), "title"), None, META_KEY])
        merge(ws, "A1:B1")
        meta = rep.meta
        ent = rep.entities.get(rep.entity)
        identifier = f"{ent.identifier} ({ent.scheme})" if ent and ent.scheme else (ent.identifier if ent else "")
        rows: list[tuple[str, Any]] = [
            ("company", meta.company),
            ("company_zh", meta.company_zh),
            ("identifier", identifier),
            ("period", self.period),
            ("year", meta.year),
            ("prior_year", meta.year - 1),
            ("currency", meta.currency),
            ("entities", ", ".join(f"{rep.entities[e].name} ({e})" for e in self.entities)),
            ("catalogue", f"{rep.catalogue.id} {rep.catalogue.version}"),
            ("report_id", meta.report_id),
            ("generated_at", datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")),
            ("generator", f"esgdesk {__version__}"),
            ("values_sha256", values_digest(rep, self.encoded)),
            ("language", lang),
            ("format", f"{FORMAT_ID} {FORMAT_VERSION}"),
        ]
        for key, value in rows:
            label = lay.labels.get(key)
            ws.append([self.text(ws, label.get(lang) if label else key, "label"), self.text(ws, value, "wrap"), key])


_RESTATEMENTS_TITLE = Text(en="Restatements", zh="信息重述")
_RESTATEMENT_COLUMNS = (
    ("entity", Text(en="Entity", zh="主体"), 18),
    ("indicator", Text(en="Indicator", zh="指标"), 40),
    ("year", Text(en="Year", zh="年份"), 8),
    ("previous", Text(en="As published", zh="原发布值"), 18),
    ("restated", Text(en="Restated", zh="重述值"), 16),
    ("unit", Text(en="Unit", zh="单位"), 18),
    ("reason", Text(en="Reason", zh="原因"), 50),
    ("by", Text(en="By", zh="重述人"), 12),
    ("at", Text(en="At", zh="时间"), 20),
)


class _Fields(dict[str, Any]):
    """Placeholders for profile texts; an unknown one stays as written instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _retired_label(ind: Indicator, lang: str) -> str:
    """A retired indicator's figures are still published, marked as no longer collected."""
    if not ind.retired:
        return ind.label.get(lang)
    return ind.label.get(lang) + ("（已停用）" if lang.startswith("zh") else " (retired)")
