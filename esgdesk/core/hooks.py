"""Where the layers above plug into the core: the extra rules a report of a kind enforces on every write.

The store knows its own rules (a computed figure, an approved section, a published year); a
department's collection file and a consolidated group carry rules the workflow knows. The workflow
is named once, by the package root (`esgdesk/__init__.py`), as "module:function" so that neither the
store nor a plain report's start-up imports it: it is imported when a report first asks.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from esgdesk.core.store import Report
    from esgdesk.core.values import Change

Guard = Callable[["Report", "Change"], None]  # raises Refused when the change breaks the rule
GuardProvider = Callable[["Report"], Sequence[Guard]]  # the guards a report of its kind and shape needs

_providers: list[str | GuardProvider] = []


def provide_guards(provider: str | GuardProvider) -> None:
    """Register (once) what gives a report its extra guards: a callable, or "module:function"."""
    if provider not in _providers:
        _providers.append(provider)


def guards_for(report: Report) -> tuple[Guard, ...]:
    """The extra guards `report` enforces, from every registered provider."""
    found: list[Guard] = []
    for n, provider in enumerate(_providers):
        if isinstance(provider, str):
            module, _, name = provider.partition(":")
            provider = _providers[n] = getattr(importlib.import_module(module), name)
        found.extend(provider(report))
    return tuple(found)
