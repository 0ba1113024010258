"""File → New: the wizard offers the templates, checks the identifier as it is typed, and the report made
carries the chosen template and the company's own identity."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk.core.identifiers import LEI_SCHEME
from esgdesk.core.store import Report
from esgdesk.core.templates import list_templates, load_template
from esgdesk.gui.main_window import MainWindow
from esgdesk.gui.new_report_wizard import NewReportChoice, NewReportWizard

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs

VALID_LEI = "529900T8BM49AURSDO55"  # check digits per ISO 17442 (a published LEI)


def test_the_wizard_offers_every_template_general_first_and_refuses_a_wrong_lei(qtbot: Any) -> None:
    templates = list_templates()
    wizard = NewReportWizard(templates)
    qtbot.addWidget(wizard)
    page = wizard.template_page
    assert page.list.count() == len(templates) and page.template.name == "general"
    assert f"({templates[0].indicator_count} indicators)" in page.list.item(0).text()
    blank = next(i for i, t in enumerate(templates) if t.name == "blank")
    page.list.setCurrentRow(blank)
    assert page.about.text() == load_template("blank").description.en

    company = wizard.company_page
    assert not company.isComplete()  # no company name yet
    company.company.setText("Huaxin Precision Co., Ltd.")
    assert company.isComplete()  # the identifier may stay empty: never invented
    company.scheme.setCurrentIndex(company.scheme.findData("lei"))
    company.identifier.setText(VALID_LEI[:-1] + ("6" if VALID_LEI[-1] != "6" else "7"))
    assert not company.isComplete() and "check digits" in company.problem.text().lower()
    company.identifier.setText(VALID_LEI)
    assert company.isComplete() and company.problem.text() == ""
    company.year.setValue(2024)
    choice = wizard.choice()
    assert (choice.template, choice.company, choice.identifier, choice.scheme, choice.year) == (
        "blank",
        "Huaxin Precision Co., Ltd.",
        VALID_LEI,
        "lei",
        2024,
    )


def test_file_new_makes_the_report_from_the_chosen_template(
    qtbot: Any, settings: Any, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    window = MainWindow(settings, dialogs)
    qtbot.addWidget(window)
    dialogs.answer(
        "new_report",
        NewReportChoice("general", "Huaxin Precision Co., Ltd.", "华鑫精密股份有限公司", VALID_LEI, "lei", 2024, "CNY"),
    )
    path = tmp_path / "huaxin-2024.esg"
    dialogs.answer("ask_save_path", path)
    window.act_new.trigger()
    assert not dialogs.texts("error")
    assert window.session is not None and window.session.report.path == path
    with Report.open(path, readonly=True) as rep:
        assert rep.meta.company == "Huaxin Precision Co., Ltd." and rep.year == 2024
        assert set(rep.catalogue.indicators) == set(load_template("general").catalogue.indicators)
        entity = rep.entities[rep.meta.entity]
        assert (entity.identifier, entity.scheme) == (VALID_LEI, LEI_SCHEME)
    # the suggested file name comes from the company, not from any template
    assert dialogs.asked[1][1][1] == Path("huaxin-precision-co-ltd-2024.esg")


def test_cancelling_the_wizard_makes_nothing(qtbot: Any, settings: Any, dialogs: FakeDialogs) -> None:
    window = MainWindow(settings, dialogs)
    qtbot.addWidget(window)
    window.act_new.trigger()  # the fake answers None: cancelled
    assert window.session is None and not dialogs.texts("ask_save_path")
