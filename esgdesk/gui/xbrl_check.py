"""Validate with Arelle: the report's XBRL, written to a temporary folder, checked by Arelle in its own
process, and Arelle's complaints turned into findings that point at the indicator and year.

Arelle runs as a separate process (one session per process, single-threaded), so waiting for it
happens on a helper thread that the job polls: the Cancel button answers at once even while
Arelle is busy; the abandoned run finishes on its own and its result is dropped.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from esgdesk.core.catalogue import Severity
from esgdesk.core.findings import Finding
from esgdesk.core.jobs import Cancelled, CancelToken, Progress
from esgdesk.gui.i18n import tr

if TYPE_CHECKING:
    from esgdesk.core.store import Report
    from esgdesk.exports.xbrl.validator import ArelleResult

XBRL_RULE_PREFIX = "xbrl."
_POLL_SECONDS = 0.1

Validator = Callable[[Path], "ArelleResult"]


@dataclass(frozen=True, slots=True)
class XbrlCheck:
    """What Arelle said about the report's XBRL."""

    errors: int
    inconsistencies: int
    warnings: int
    facts: int
    contexts: int
    seconds: float
    findings: list[Finding] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return tr("msg.arelle_summary", errors=self.errors, inconsistencies=self.inconsistencies)


def arelle_available() -> bool:
    from importlib.util import find_spec

    try:
        return find_spec("arelle") is not None
    except (ImportError, ValueError):
        return False


def is_xbrl(finding: Finding) -> bool:
    return finding.rule.startswith(XBRL_RULE_PREFIX)


def wait_cancellable(call: Callable[[], Any], cancel: CancelToken) -> Any:
    """Run `call` on a helper thread; raise `Cancelled` as soon as the user cancels."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:  # handed back to the waiting job
            box["error"] = exc

    helper = threading.Thread(target=target, name="esgdesk-arelle", daemon=True)
    helper.start()
    while helper.is_alive():
        if cancel.cancelled:
            raise Cancelled()
        helper.join(_POLL_SECONDS)
    cancel.check()
    if "error" in box:
        raise box["error"]
    return box["result"]


def check_report(
    report: Report, progress: Progress, cancel: CancelToken, validate: Validator | None = None
) -> XbrlCheck:
    """Export the report's XBRL to a temporary folder and validate the instance with Arelle."""
    from esgdesk.exports.xbrl import export_xbrl

    if validate is None:
        from esgdesk.exports.xbrl import validate_with_arelle

        def validate(path: Path) -> ArelleResult:
            return validate_with_arelle(path, cancel=cancel)  # a cancelled check stops Arelle itself

    run = validate
    with tempfile.TemporaryDirectory(prefix="esgdesk-xbrl-", ignore_cleanup_errors=True) as tmp:
        progress(0, 2, tr("job.arelle_export"))
        exported = export_xbrl(report, Path(tmp) / "xbrl", cancel=cancel)
        cancel.check()
        progress(1, 2, tr("job.arelle"))
        result: ArelleResult = wait_cancellable(lambda: run(exported.instance), cancel)
        progress(2, 2, tr("job.arelle"))
    found = result.to_findings(concepts=exported.concepts, contexts=exported.context_keys)
    # A complaint about no particular fact (a schema, a unit) is still the report's: show it at the top.
    found = [
        f
        if f.entity
        else Finding(
            f.indicator, report.entity, f.year or report.year, f.severity, f.rule, f.message, f.message_zh, f.data
        )
        for f in found
    ]
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    found.sort(key=lambda f: (order[f.severity], f.indicator, -f.year))
    return XbrlCheck(
        len(result.errors),
        len(result.inconsistencies),
        len(result.warnings),
        exported.facts,
        exported.contexts,
        result.seconds,
        found,
    )
