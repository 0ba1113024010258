"""The workflow's rules on every write: a department's file, a consolidated group (see `core.hooks`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from esgdesk.core.hooks import Guard
    from esgdesk.core.store import Report


def guards_for(report: Report) -> Sequence[Guard]:
    """A department's file allows only its own figures; a group's consolidated figures are not typed.

    Registered by the package root; the store asks again when the report's kind or entities change.
    """
    if report.meta.kind == "collection":
        from esgdesk.core.workflow.collection import collection_guard

        return (collection_guard,)
    if len(report.entities) > 1:
        from esgdesk.core.workflow.consolidation import group_guard

        return (group_guard,)
    return ()
