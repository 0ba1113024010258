"""The parts of openpyxl's insides that the fast workbook writer (esgdesk/exports/xlsx.py, xlsx_styles.py)
leans on. openpyxl does not promise them: an upgrade that moves one must fail here, by name, rather than
slow the export down or write unstyled cells without a word."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell import _writer as cell_writer
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet import _writer as sheet_writer
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from esgdesk.exports.xlsx import merge
from esgdesk.exports.xlsx_profile import load_profile
from esgdesk.exports.xlsx_styles import Styles, append_cells_directly

UPGRADE = f"openpyxl {openpyxl.__version__} changed an internal that esgdesk/exports/xlsx_styles.py relies on: "


def test_write_only_sheet_converts_rows_through_the_hook_we_replace() -> None:
    hook = getattr(WriteOnlyWorksheet, "_values_to_row", None)
    assert callable(hook), UPGRADE + "WriteOnlyWorksheet._values_to_row is gone (append_cells_directly)"
    assert list(inspect.signature(hook).parameters) == ["self", "values", "row_idx"], (
        UPGRADE + f"WriteOnlyWorksheet._values_to_row{inspect.signature(hook)} takes other arguments"
    )
    write_rows = getattr(WriteOnlyWorksheet, "_write_rows", None)
    assert callable(write_rows), UPGRADE + "WriteOnlyWorksheet._write_rows is gone"
    assert "self._values_to_row(" in inspect.getsource(write_rows), (
        UPGRADE + "WriteOnlyWorksheet._write_rows no longer converts rows with _values_to_row"
    )
    ws = Workbook(write_only=True).create_sheet("x")
    append_cells_directly(ws)
    assert ws._values_to_row.__name__ == "values_to_row", UPGRADE + "the row hook could not be replaced"


def test_cells_keep_their_style_in_the_slots_the_writer_reads() -> None:
    slots = {s for klass in Cell.__mro__ for s in getattr(klass, "__slots__", ())}
    missing = {"_style", "_value", "data_type", "parent", "row", "column"} - slots
    assert not missing, UPGRADE + f"Cell has no slot {sorted(missing)}"
    for name in ("style_id", "has_style"):
        assert isinstance(inspect.getattr_static(Cell, name), property), UPGRADE + f"Cell.{name} is not a property"
    for module, used in (
        (cell_writer, "cell.style_id"),
        (cell_writer, "cell._value"),
        (cell_writer, "cell.data_type"),
        (sheet_writer, "cell.has_style"),
    ):
        assert used in inspect.getsource(module), UPGRADE + f"{module.__name__} no longer reads {used}"


def test_a_probe_cell_resolves_its_style_into_a_shared_array() -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    probe = WriteOnlyCell(ws)
    probe.font = Font(bold=True)
    style: Any = getattr(probe, "_style", None)
    assert isinstance(style, StyleArray), UPGRADE + "WriteOnlyCell keeps no StyleArray in _style"
    styles = getattr(wb, "_cell_styles", None)
    assert styles is not None and callable(getattr(styles, "add", None)), UPGRADE + "Workbook._cell_styles.add is gone"
    first, again = styles.add(style), styles.add(StyleArray(style))
    assert isinstance(first, int) and first == again, UPGRADE + "Workbook._cell_styles.add does not share equal styles"
    assert hasattr(StyleArray(), "quotePrefix"), UPGRADE + "StyleArray has no quotePrefix (text kept from formulas)"
    ranges = getattr(ws.merged_cells, "ranges", None)
    assert callable(getattr(ranges, "add", None)), UPGRADE + "a sheet's merged_cells.ranges cannot be added to"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_styled_cells_written_the_fast_way_read_back_as_written(tmp_path: Path, lang: str) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Figures")
    append_cells_directly(ws)
    styles = Styles(wb, load_profile(), lang)
    ws.append([styles.cell(ws, "Key performance data", "title")])
    ws.append([styles.cell(ws, "=1+1", "label"), styles.number(ws, 1981.0, "#,##0"), "plain", None, 7])
    merge(ws, "A1:C1")
    wb.save(tmp_path / "x.xlsx")

    sheet = load_workbook(tmp_path / "x.xlsx")["Figures"]
    assert sheet["A1"].value == "Key performance data" and sheet["A1"].font.b, UPGRADE + "a styled cell lost its style"
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix, (
        UPGRADE + "text that looks like a formula was not kept as quoted text"
    )
    assert sheet["B2"].value == 1981 and sheet["B2"].number_format == "#,##0", UPGRADE + "a figure lost its format"
    assert (sheet["C2"].value, sheet["D2"].value, sheet["E2"].value) == ("plain", None, 7), (
        UPGRADE + "bare values beside styled cells landed in the wrong columns"
    )
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:C1"], UPGRADE + "a merged range was lost"
