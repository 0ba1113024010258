"""Rules that produce findings, each a function of one subject (entity, indicator, year).

Every module in this package holds one kind of rule, marked with `marks.rule` and saying which
indicators it applies to, so the engine runs only the rules an indicator can fail. Hooks marked
`marks.affects` say which subjects a change to one figure can alter (a part alters its total's
breakdown, last year alters this year's change), so the engine re-checks only those after an edit;
sources marked `marks.subjects` add subjects that have no value of their own (a total whose parts
are given, a required figure left empty). `collect` finds them all; `context.RuleContext` is what a
rule reads the report through.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache
from typing import Any

from esgdesk.core.rules.marks import MARK, AffectedHook, RuleKind, RuleSet, SubjectSource

# Modules that hold what rules share rather than rules.
_NOT_RULES = frozenset({"context", "marks"})


@cache
def collect() -> RuleSet:
    """The rules, hooks and subject sources of every module in this package (built once per process)."""
    kinds: list[RuleKind] = []
    hooks: list[AffectedHook] = []
    sources: list[SubjectSource] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name in _NOT_RULES:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for fn in _marked(module):
            what, name, applies = getattr(fn, MARK)
            if what == "rule":
                kinds.append(RuleKind(name, fn, applies))
            elif what == "affects":
                hooks.append(fn)
            else:
                sources.append(fn)
    return RuleSet(tuple(kinds), tuple(hooks), tuple(sources))


def _marked(module: Any) -> list[Any]:
    """The module's own marked functions, in the order they are defined."""
    found = [
        fn
        for _, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__ and hasattr(fn, MARK)
    ]
    return sorted(found, key=lambda fn: fn.__code__.co_firstlineno)
