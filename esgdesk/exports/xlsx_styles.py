"""Cell styles of the workbook, built once per export.

openpyxl resolves a style per cell by hashing its parts; a workbook of a group report has
hundreds of thousands of cells, so each named style is resolved once into a style array and
shared by every cell that wears it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from esgdesk.exports.xlsx_cells import clean_text, needs_quote
from esgdesk.exports.xlsx_profile import Profile

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.styles.cell_style import StyleArray


# openpyxl's stubs describe neither the write-only sheet nor the cell internals used here
Sheet = Any


class Styles:
    def __init__(self, wb: Workbook, profile: Profile, lang: str) -> None:
        self.wb = wb
        self.style = profile.style
        self.font_name = self.style.font_zh if lang == "zh" else self.style.font
        self._arrays: dict[Any, tuple[StyleArray, int]] = {}

    def _parts(self, name: str) -> dict[str, Any]:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        st = self.style
        side = Side(style="thin", color=st.border_color)
        box = Border(left=side, right=side, top=side, bottom=side)
        font = self.font_name
        table: dict[str, dict[str, Any]] = {
            "title": {
                "font": Font(name=font, size=st.title_size, bold=True, color=st.group_color),
                "alignment": Alignment(vertical="center"),
            },
            "subtitle": {"font": Font(name=font, size=10, italic=True, color=st.muted_color)},
            "header": {
                "font": Font(name=font, size=10, bold=True, color=st.header_color),
                "fill": PatternFill("solid", fgColor=st.header_fill),
                "border": box,
                "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
            },
            "group": {
                "font": Font(name=font, size=10, bold=True, color=st.group_color),
                "fill": PatternFill("solid", fgColor=st.group_fill),
                "border": box,
                "alignment": Alignment(vertical="center"),
            },
            "label": {
                "font": Font(name=font, size=10),
                "border": box,
                "alignment": Alignment(vertical="center", wrap_text=True),
            },
            "muted": {
                "font": Font(name=font, size=9, color=st.muted_color),
                "border": box,
                "alignment": Alignment(vertical="center", wrap_text=True),
            },
            "centre": {
                "font": Font(name=font, size=10),
                "border": box,
                "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
            },
            "figure_text": {
                "font": Font(name=font, size=10),
                "border": box,
                "alignment": Alignment(horizontal="right", vertical="center"),
                "number_format": "@",
            },
            "figure": {
                "font": Font(name=font, size=10),
                "border": box,
                "alignment": Alignment(horizontal="right", vertical="center"),
            },
            "figure_muted": {
                "font": Font(name=font, size=10, italic=True, color=st.muted_color),
                "border": box,
                "alignment": Alignment(horizontal="right", vertical="center"),
            },
            "plain": {},
            "text": {"font": Font(name=font, size=10)},
            "wrap": {"font": Font(name=font, size=10), "alignment": Alignment(vertical="top", wrap_text=True)},
            "error": {
                "font": Font(name=font, size=10, bold=True, color="C00000"),
                "alignment": Alignment(vertical="top", wrap_text=True),
            },
        }
        return table[name]

    def _array(self, ws: Sheet, key: Any) -> tuple[StyleArray, int]:
        """The style array of a named style and its index in the workbook's cell styles."""
        found = self._arrays.get(key)
        if found is not None:
            return found
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles.cell_style import StyleArray

        name, number_format, quoted = key
        probe = WriteOnlyCell(ws)
        for attr, value in self._parts(name).items():
            setattr(probe, attr, value)
        if number_format is not None:
            probe.number_format = number_format
        style: Any = getattr(probe, "_style", None)
        arr: StyleArray = style if style is not None else StyleArray()
        if quoted:
            arr.quotePrefix = 1  # Excel's leading-apostrophe flag: the text is never run as a formula
        found = self._arrays[key] = (arr, self.wb._cell_styles.add(arr))  # type: ignore[attr-defined]
        return found

    def cell(self, ws: Sheet, value: Any, name: str) -> Any:
        if isinstance(value, str):
            value = clean_text(value)
            if needs_quote(value):
                return self.quoted(ws, value, name)
        c = _cell_class()(ws, value=value)
        c._style, c._style_id = self._array(ws, (name, None, False))
        return c

    def quoted(self, ws: Sheet, value: str, name: str) -> Any:
        c = _cell_class()(ws)
        c._value = value
        c.data_type = "s"
        c._style, c._style_id = self._array(ws, (name, None, True))
        return c

    def number(self, ws: Sheet, value: float, number_format: str, *, muted: bool = False) -> Any:
        c = _cell_class()(ws, value=value)
        c._style, c._style_id = self._array(ws, ("figure_muted" if muted else "figure", number_format, False))
        return c


def append_cells_directly(ws: Sheet) -> None:
    """Let a write-only sheet take our cell objects without trying them as values first.

    For each appended object openpyxl first tries to store it as the value of a scratch cell;
    for a cell object that fails (an exception, a formatted message) and the scratch cell is
    then thrown away: about 6 µs per styled cell, a third of the workbook's extra cost over
    bare values. This replaces the sheet's own row conversion (`_values_to_row`, same
    contract: the cells of one row with their column and row set) on this sheet only; if
    openpyxl renames the hook, nothing breaks and the export is merely slower.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell

    def values_to_row(values: Any, row_idx: int) -> Any:
        scratch = WriteOnlyCell(ws)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                cell = scratch
                cell.value = value
            cell.column = col_idx
            cell.row = row_idx
            yield cell

    if hasattr(ws, "_values_to_row"):
        ws._values_to_row = values_to_row


@lru_cache(maxsize=1)
def _cell_class() -> Any:
    from openpyxl.cell.cell import Cell

    class StyledCell(Cell):
        """A cell handed to a write-only sheet, its style resolved once for all cells that wear it.

        openpyxl looks a cell's style up in the workbook by hashing it, and asks whether it has
        one, several times per cell; both answers are known when the cell is made. openpyxl also
        first tries to store any appended object as a value and formats its repr for the error
        it then catches: keep that repr cheap."""

        __slots__ = ("_style_id",)
        _style_id: int
        has_style = True  # only cells that wear a style are made of this class

        @property
        def style_id(self) -> int:
            return self._style_id

        def __repr__(self) -> str:
            return "<StyledCell>"

    return StyledCell
