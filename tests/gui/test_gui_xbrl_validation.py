"""Validate with Arelle from the File menu: a worker, a cancellable progress dialog, findings, a summary."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from esgdesk.core.catalogue import Severity
from esgdesk.core.store import Report
from esgdesk.gui.main_window import MainWindow

if TYPE_CHECKING:
    from esgdesk.exports.xbrl import ArelleResult
    from tests.gui.conftest import FakeDialogs

WAIT_MS = 300_000  # a bound on a hung run, not a speed check


def _report(window: MainWindow) -> Report:
    assert window.session is not None
    return window.session.report


def _wait_jobs(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.jobs, timeout=WAIT_MS)


def _fake_result(path: Path, concept: str, context: str) -> ArelleResult:
    from esgdesk.exports.xbrl import ArelleMessage, ArelleResult

    return ArelleResult(
        path,
        [
            ArelleMessage(
                "error",
                "xbrl.5.2.5.2:calcInconsistency",
                "a unit of the wrong kind",
                {"concept": concept, "contextID": context},
            ),
            ArelleMessage(
                "inconsistency",
                "calc11e:inconsistentCalculationUsing",
                "parts do not add up",
                {
                    "concept": concept,
                    "contextID": context,
                    "reportedSum": "10",
                    "computedSum": "12",
                    "linkrole": "x/calc_y",
                },
            ),
            ArelleMessage("info", "info", "loaded"),
        ],
        0,
        0.5,
    )


def test_findings_and_summary_from_arelle_messages(
    qtbot: Any, demo_window: MainWindow, dialogs: FakeDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    import esgdesk.exports.xbrl as xbrl

    seen: dict[str, Any] = {}

    def fake(path: Path, **_: Any) -> ArelleResult:
        # The instance really was written: read back which concept and context the water total got.
        text = Path(path).read_text(encoding="utf-8")
        assert "<xbrli:context" in text
        seen["path"] = path
        prefix_concept = next(c for c in seen["concepts"] if seen["concepts"][c] == "water_total")
        context = next(c for c, (e, y) in seen["contexts"].items() if y == _report(demo_window).year)
        return _fake_result(Path(path), prefix_concept, context)

    real_export = xbrl.export_xbrl

    def spying_export(*a: Any, **kw: Any) -> Any:
        x = real_export(*a, **kw)
        seen["concepts"], seen["contexts"] = x.concepts, x.context_keys
        return x

    monkeypatch.setattr(xbrl, "validate_with_arelle", fake)
    monkeypatch.setattr(xbrl, "export_xbrl", spying_export)
    demo_window.act_validate_xbrl.trigger()
    _wait_jobs(qtbot, demo_window)
    assert dialogs.texts("inform")[-1].startswith("XBRL Validation Arelle: 1 errors, 1 inconsistencies")
    panel = demo_window.findings
    assert panel.scope.currentIndex() == 2
    items = panel.model.items
    assert [f.severity for f in items] == [Severity.ERROR, Severity.WARNING]
    assert all(f.indicator == "water_total" and f.rule.startswith("xbrl.") for f in items)
    assert "parts add up to 12" in items[1].message
    assert not Path(seen["path"]).exists()  # the temporary export is gone
    # The finding leads to its figure, and may be explained but not acknowledged.
    panel.select_finding(0)
    assert demo_window.details.indicator_id == "water_total"
    assert panel.explain.isEnabled() and not panel.acknowledge.isEnabled()
    # Merged into the report's list too.
    panel.whole_report(True)
    assert sum(1 for f in panel.model.items if f.rule.startswith("xbrl.")) == 2
    # A changed figure makes them stale: they go until the next validation.
    _report(demo_window).set_text("water_total", "19,500 m3")
    assert not any(f.rule.startswith("xbrl.") for f in panel.model.items)


def test_cancel_answers_while_arelle_still_runs(
    qtbot: Any, demo_window: MainWindow, dialogs: FakeDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    import esgdesk.exports.xbrl as xbrl

    started, release = threading.Event(), threading.Event()

    def slow(path: Path, **_: Any) -> ArelleResult:
        started.set()
        release.wait(60)
        return _fake_result(Path(path), "", "")

    monkeypatch.setattr(xbrl, "validate_with_arelle", slow)
    handle = demo_window.validate_xbrl()
    assert handle is not None
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    from PySide6.QtWidgets import QPushButton

    cancel = handle.dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()
    _wait_jobs(qtbot, demo_window)
    assert not release.is_set()  # the job gave up while the validator was still busy
    release.set()
    assert demo_window.statusBar().currentMessage() == "Cancelled; nothing was changed."
    assert demo_window.session is not None and not demo_window.session.xbrl_validated
    assert not dialogs.texts("inform")


@pytest.mark.arelle
def test_validate_the_demo_with_arelle(
    qtbot: Any, demo_window: MainWindow, dialogs: FakeDialogs, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import esgdesk.exports.xbrl as xbrl
    from tests.exports.test_xbrl_arelle import expected_inconsistencies

    exports: list[Any] = []
    real_export = xbrl.export_xbrl

    def spying_export(*a: Any, **kw: Any) -> Any:
        exports.append(real_export(*a, **kw))
        return exports[-1]

    monkeypatch.setattr(xbrl, "export_xbrl", spying_export)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    report = _report(demo_window)
    cat = report.catalogue
    demo_window.act_validate_xbrl.trigger()
    _wait_jobs(qtbot, demo_window)
    computed = {i.id for i in cat.indicators.values() if i.computed}
    expected = expected_inconsistencies(exports[0], cat, dict(report.value_map()), computed)
    assert expected, "the demo's partial breakdowns are real inconsistencies"
    summary = dialogs.texts("inform")[-1]
    assert f"Arelle: 0 errors, {len(expected)} inconsistencies" in summary, summary
    items = demo_window.findings.model.items
    assert len(items) == len(expected)
    totals = {role.removeprefix("calc_").rsplit("_", 1)[0] for role, _ in expected}
    assert {f.indicator for f in items} <= {t for t in totals} | {
        i.breakdown.of for i in cat.indicators.values() if i.breakdown
    }
    assert all(f.severity == Severity.WARNING and f.indicator for f in items)
    # Each leads to the total whose parts do not add up.
    demo_window.findings.select_finding(0)
    assert demo_window.details.indicator_id == items[0].indicator
