"""Filling collection files the way a department would, through the core API."""

from __future__ import annotations

from esgdesk.core.catalogue import DataType
from esgdesk.core.store import Report
from esgdesk.core.workflow.collection import claims_of


def fill_all(rep: Report, factor: float = 0.1, like: Report | None = None) -> int:
    """Enter every typed figure of the file: as `like` has it for its own entity, else last year's scaled."""
    claims = claims_of(rep)
    n = 0
    for ind_id in claims.indicators:
        ind = rep.catalogue.indicators[ind_id]
        if ind.computed or rep.section_state(rep.catalogue.section_of[ind_id].id, claims.entity).state != "draft":
            continue
        if rep.get(ind_id) is not None:
            continue
        model = like.get(ind_id) if like is not None else None
        if model is not None:
            rep.set_value(ind_id, model, why="from the department's records")
            n += 1
            continue
        if like is not None:
            continue  # the model lacks it: left empty rather than invented
        prior = rep.get(ind_id, rep.prior_year)
        if ind.type == DataType.TEXT:
            text = "yes"
        elif ind.type == DataType.RANGE:
            text = "7.0-7.2"
        elif ind.type == DataType.PERCENT:
            text = "50%"
        else:
            base = prior.numeric() if prior is not None and prior.numeric() is not None else 10.0
            x = (
                max(round((base or 10.0) * factor), 1)
                if ind.type == DataType.INTEGER
                else round((base or 10.0) * factor, 2)
            )
            text = str(x)
        rep.set_text(ind_id, text, why="from the department's records")
        n += 1
    return n


def explain_open(rep: Report) -> None:
    """Explain every open warning of the file's figures so that its sections can be submitted."""
    from esgdesk.core.validation import Engine

    claims = claims_of(rep)
    engine = Engine(rep)
    for f in engine.run_all():
        if f.entity == claims.entity and f.year == rep.year and f.indicator in claims.indicators and not f.explained:
            rep.set_explanation(f.indicator, "checked against the ledger", entity=f.entity)
