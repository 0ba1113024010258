"""One precedence between a typed and a computed figure (esgdesk.core.formulas): the form, the workbook and
the XBRL export show the same figure for a computed indicator that also has a typed one."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from openpyxl import load_workbook

from esgdesk.core.formulas import figure
from esgdesk.exports.xbrl import export_xbrl
from esgdesk.exports.xlsx import export_workbook
from esgdesk.gui.form_model import Col
from esgdesk.gui.main_window import MainWindow

IND = "rnd_expense_ratio"  # the demo prints 22.33 % for 2023; R&D investment / revenue gives 17.42 %


def test_form_workbook_and_xbrl_agree_on_a_computed_indicator_with_a_typed_figure(
    demo_window: MainWindow, tmp_path: Path
) -> None:
    session = demo_window.session
    assert session is not None
    report = session.report
    year = report.year
    typed, computed = session.figure(IND, year)
    assert typed is not None and typed.number == 22.33
    assert computed is not None and round(computed, 2) == 17.42  # the formula's result differs
    assert any(f.rule == "computed" for f in session.findings_for(IND))  # and the rule says so

    # the form
    assert demo_window.select_cell(IND)
    row = demo_window.form_model.row_of(IND)
    assert row is not None
    assert demo_window.form_model.index(row, Col.CURRENT).data() == "22.33%"
    assert session.number(IND, year) == figure(typed, computed) == 22.33

    # the workbook
    book = export_workbook(
        report, tmp_path / "demo.xlsx", findings=session.engine.findings(), computed=dict(session.engine.computed_map())
    )
    sheet = load_workbook(book)["Social Performance"]
    cells = [r for r in sheet.iter_rows(values_only=True) if IND in r]
    assert len(cells) == 1
    header = [c.value for c in sheet[3]]
    shown = cells[0][header.index(str(year))]
    assert isinstance(shown, float) and round(shown * 100, 2) == 22.33

    # the XBRL instance
    x = export_xbrl(report, tmp_path / "xbrl")
    concept = next(q.split(":")[1] for q, ind in x.concepts.items() if ind == IND)
    context = next(c for c, key in x.context_keys.items() if key == (report.entity, year))
    facts = [
        el
        for el in etree.parse(str(x.instance)).getroot()
        if etree.QName(el).localname == concept and el.get("contextRef") == context
    ]
    assert len(facts) == 1 and facts[0].text is not None
    assert round(float(facts[0].text) * 100, 2) == 22.33
