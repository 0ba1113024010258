"""Roll-forward: next year's report from this year's; this year becomes the prior year."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from esgdesk.core.catalogue import Catalogue
from esgdesk.core.errors import Refused, WriteError

if TYPE_CHECKING:
    from esgdesk.core.store import Report


def roll_forward(old: Report, new_path: Path, *, catalogue: Catalogue | None = None) -> Report:
    """A new report for `old.year + 1` holding every value and explanation of the old one.

    Values and explanations keep their years, so last year's figures and explanations are
    the new report's prior year; section states and acknowledgements start afresh.
    `catalogue` replaces the snapshot (to adopt an edited `forms/`); by default the old one is kept.
    """
    from esgdesk.core.store import Report
    from esgdesk.core.store.carry import carry_forward

    if Path(new_path).resolve() == old.path.resolve():
        raise Refused("roll-forward writes a new file; choose another name than the current report's")
    cat = catalogue or old.catalogue
    main = old.entities[old.entity]
    new = Report.create(
        new_path,
        cat,
        company=old.meta.company,
        company_zh=old.meta.company_zh,
        year=old.year + 1,
        entity_id=main.id,
        identifier=main.identifier,
        scheme=main.scheme,
        currency=old.meta.currency,
        user=old.user,
        extra={"previous_report_id": old.meta.report_id, "previous_report": old.path.name},
    )
    try:
        carry_forward(old, new, known=set(cat.indicators))
    except Exception as exc:
        path = new.path
        new.close()
        path.unlink(missing_ok=True)
        raise WriteError(f"roll-forward failed ({exc}); nothing was written", where=str(path)) from None
    path = new.path
    new.close()
    return Report.open(path, user=old.user)
