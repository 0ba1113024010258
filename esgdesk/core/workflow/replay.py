"""A collection file's state as its audit log tells it, to compare with what its tables hold.

Every edit made through esgdesk writes the row and its log entry in one transaction, so the
two always agree; a row changed with another tool has no entry behind it and shows up here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from esgdesk.core.values import Value

if TYPE_CHECKING:
    from esgdesk.core.store import Report

ValueKey = tuple[str, str, int]


@dataclass
class FileState:
    values: dict[ValueKey, dict[str, Any]] = field(default_factory=dict)  # Value.to_dict()
    explanations: dict[ValueKey, str] = field(default_factory=dict)
    acks: dict[tuple[str, str, int, str], str] = field(default_factory=dict)
    states: dict[tuple[str, str], str] = field(default_factory=dict)  # (entity, section) -> state

    def value(self, key: ValueKey) -> Value | None:
        d = self.values.get(key)
        return Value.from_dict(d) if d is not None else None


def state_from_log(report: Report, *, upto: int | None = None) -> FileState:
    """What the audit log says the file holds (up to entry `upto`)."""
    st = FileState()
    for e in report.audit_log(upto=upto):
        if e.field == "value" and e.entity is not None and e.indicator is not None and e.year is not None:
            key = (e.entity, e.indicator, e.year)
            if e.new is None:
                st.values.pop(key, None)
            else:
                st.values[key] = dict(e.new)
        elif e.field == "explanation" and e.entity and e.indicator and e.year is not None:
            key = (e.entity, e.indicator, e.year)
            if e.new is None:
                st.explanations.pop(key, None)
            else:
                st.explanations[key] = str(e.new)
        elif e.field == "ack" and e.entity and e.indicator and e.year is not None and isinstance(e.new, dict):
            st.acks[(e.entity, e.indicator, e.year, str(e.new.get("rule")))] = str(e.new.get("note") or "")
        elif e.field == "section_state" and e.entity and isinstance(e.new, dict):
            st.states[(e.entity, str(e.new.get("section")))] = str(e.new.get("state"))
    return st


def state_from_tables(report: Report) -> FileState:
    st = FileState()
    st.values = {k: v.to_dict() for k, v in report.value_map().items()}
    st.explanations = {k: e.text for k, e in report.explanations().items()}
    st.acks = {k: e.text for k, e in report.acks().items()}
    st.states = {k: s.state for k, s in report.section_states().items()}
    return st


def unexplained_edits(report: Report) -> list[str]:
    """Rows the log cannot account for, in plain words; empty for a file only esgdesk has written."""
    logged = state_from_log(report)
    actual = state_from_tables(report)
    problems: list[str] = []
    for key in sorted(set(logged.values) | set(actual.values)):
        if _norm(logged.values.get(key)) != _norm(actual.values.get(key)):
            problems.append(f"the value of {key[1]} ({key[2]}) does not match its history")
    for key in sorted(set(logged.explanations) | set(actual.explanations)):
        if logged.explanations.get(key) != actual.explanations.get(key):
            problems.append(f"the explanation of {key[1]} ({key[2]}) does not match its history")
    for skey in sorted(set(logged.states) | set(actual.states)):
        if logged.states.get(skey, "draft") != actual.states.get(skey, "draft"):
            problems.append(f"the state of section {skey[1]} does not match its history")
    if set(logged.acks) != set(actual.acks):
        problems.append("the acknowledged findings do not match their history")
    return problems


def _norm(d: dict[str, Any] | None) -> Any:
    # A value read back from SQLite may hold 5.0 where the log holds 5: compare as figures.
    return None if d is None else Value.from_dict(d).to_dict()
