"""File → New: a short wizard with the choices of `esgdesk new` (template, company, identifier, year, currency).

The wizard only collects and checks; the report is made by the core's `templates.create_report`, and the
identifier is checked as it is typed by the core's `identifiers.check_identifier` (never invented).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from esgdesk.core.errors import EsgdeskError
from esgdesk.core.templates import Template
from esgdesk.gui.i18n import indicator_count, language, tr

SCHEME_KEYS = ("", "lei", "uscc", "sse", "szse", "bse")


@dataclass(frozen=True)
class NewReportChoice:
    template: str
    company: str
    company_zh: str
    identifier: str
    scheme: str
    year: int
    currency: str


class TemplatePage(QWizardPage):
    def __init__(self, templates: list[Template]) -> None:
        super().__init__()
        self.setTitle(tr("wiz.template_title"))
        self.setSubTitle(tr("wiz.template_sub"))
        self.templates = templates
        self.list = QListWidget()
        lang = language()
        for t in templates:
            item = QListWidgetItem(
                tr("wiz.template_item", title=t.title.get(lang), count=indicator_count(t.indicator_count))
            )
            item.setToolTip(t.description.get(lang))
            self.list.addItem(item)
        self.about = QLabel()
        self.about.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(self.about)
        self.list.currentRowChanged.connect(self._chosen)
        self.list.setCurrentRow(0)  # the general template comes first: it is the default

    def _chosen(self, row: int) -> None:
        self.about.setText(self.templates[row].description.get(language()) if row >= 0 else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.list.currentRow() >= 0

    @property
    def template(self) -> Template:
        return self.templates[self.list.currentRow()]


class CompanyPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("wiz.company_title"))
        self.setSubTitle(tr("wiz.company_sub"))
        self.company = QLineEdit()
        self.company_zh = QLineEdit()
        self.identifier = QLineEdit()
        self.scheme = QComboBox()
        for key in SCHEME_KEYS:
            self.scheme.addItem(tr(f"wiz.scheme_{key or 'guess'}"), key)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setObjectName("identifierProblem")
        self.year = QSpinBox()
        self.year.setRange(1990, 2200)
        self.year.setValue(date.today().year - 1)  # a report is written the spring after its year
        self.currency = QLineEdit("CNY")
        self.currency.setMaxLength(3)
        form = QFormLayout(self)
        form.addRow(tr("wiz.company"), self.company)
        form.addRow(tr("wiz.company_zh"), self.company_zh)
        form.addRow(tr("wiz.identifier"), self.identifier)
        form.addRow(tr("wiz.scheme"), self.scheme)
        form.addRow("", self.problem)
        form.addRow(tr("wiz.year"), self.year)
        form.addRow(tr("wiz.currency"), self.currency)
        for edit in (self.company, self.identifier, self.currency):
            edit.textChanged.connect(self._changed)
        self.scheme.currentIndexChanged.connect(self._changed)

    def identifier_problem(self) -> str:
        """What is wrong with the identifier as typed ("" when it is empty or right)."""
        from esgdesk.core.identifiers import check_identifier

        text = self.identifier.text().strip()
        if not text:
            return ""
        try:
            check_identifier(text, self.scheme.currentData() or None)
        except EsgdeskError as exc:
            return exc.message
        return ""

    def _changed(self) -> None:
        self.problem.setText(self.identifier_problem())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        currency = self.currency.text().strip()
        return (
            bool(self.company.text().strip())
            and not self.identifier_problem()
            and len(currency) == 3
            and currency.isalpha()
        )


class NewReportWizard(QWizard):
    def __init__(self, templates: list[Template], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("wiz.title"))
        self.template_page = TemplatePage(templates)
        self.company_page = CompanyPage()
        self.addPage(self.template_page)
        self.addPage(self.company_page)

    def choice(self) -> NewReportChoice:
        c = self.company_page
        return NewReportChoice(
            template=self.template_page.template.name,
            company=c.company.text().strip(),
            company_zh=c.company_zh.text().strip(),
            identifier=c.identifier.text().strip(),
            scheme=str(c.scheme.currentData() or ""),
            year=c.year.value(),
            currency=c.currency.text().strip().upper(),
        )
