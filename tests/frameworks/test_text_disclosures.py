"""The guideline's qualitative items: a text disclosure must say something, or say why it does not apply."""

from __future__ import annotations

from esgdesk.core.catalogue import Severity
from esgdesk.core.findings import Finding
from esgdesk.core.rules.disclosures import substance
from esgdesk.core.store import Report
from esgdesk.core.validation import validate
from tests.frameworks.conftest import write


def text_findings(rep: Report) -> dict[str, Finding]:
    return {f.indicator: f for f in validate(rep) if f.rule == "disclosure.text"}


def test_a_placeholder_is_flagged_and_a_real_description_is_not(sse14: Report) -> None:
    found = text_findings(sse14)
    assert "sse14_climate_governance" not in found  # a sentence with substance
    thin = found["sse14_rural_policy"]  # "TBD"
    assert thin.severity == Severity.INFO  # the guideline encourages this item
    assert "TBD" in thin.message and "Art. 36" in thin.message
    write(sse14, {"sse14_climate_strategy": "见报告"})
    required = text_findings(sse14)["sse14_climate_strategy"]
    assert required.severity == Severity.WARNING and "requires" in required.message
    assert "见报告" in required.message_zh


def test_not_applicable_needs_a_reason_for_the_index(sse14: Report) -> None:
    assert "sse14_pollutants_policy" not in text_findings(sse14)  # marked \\ with a reason
    write(sse14, {"sse14_waste_policy": "\\"})
    finding = text_findings(sse14)["sse14_waste_policy"]
    assert "without a reason" in finding.message


def test_an_empty_item_is_asked_for_once(sse14: Report) -> None:
    found = text_findings(sse14)
    cat = sse14.catalogue
    # the template marks the required items required: the `required` finding asks for them, not this rule
    assert cat.indicators["sse14_climate_targets"].required and "sse14_climate_targets" not in found
    required_findings = {f.indicator for f in validate(sse14) if f.rule == "required"}
    assert "sse14_climate_targets" in required_findings
    optional = [i for i in cat.indicators.values() if i.id.startswith("sse14_") and not i.required]
    for ind in optional:
        if sse14.get(ind.id) is None:
            assert found[ind.id].rule == "disclosure.text"


def test_substance_counts_words_and_chinese_characters() -> None:
    assert substance("The board reviews climate risks twice a year") == 8
    assert substance("董事会每年审议两次气候风险") == 13
    assert substance("TBD") == 1 and substance("") == 0
