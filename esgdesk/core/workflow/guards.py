"""Opening a report with the workflow's rules in force."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from esgdesk.core.workflow.collection import collection_guard, is_collection
from esgdesk.core.workflow.consolidation import group_guard

if TYPE_CHECKING:
    from esgdesk.core.store import Report


def install(report: Report) -> Report:
    """Add the guards a report of its kind needs: a department's file, or a consolidated group."""
    hook = collection_guard if is_collection(report) else group_guard
    if hook not in report.guards:
        report.guards.append(hook)
    return report


def open_report(path: Path | str, *, readonly: bool = False, user: str | None = None) -> Report:
    from esgdesk.core.store import Report

    return install(Report.open(path, readonly=readonly, user=user))
