"""How a rules module marks what the engine collects: rules, dependency hooks and subject sources.

A mark only tags the function; nothing is registered at import. `esgdesk.core.rules.collect` reads
the marks of every module in this package, so a rule kind is added by adding a module, and no
module imports another to be found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from esgdesk.core.catalogue import Catalogue, Indicator
    from esgdesk.core.findings import Finding
    from esgdesk.core.rules.context import RuleContext

ValueKey = tuple[str, str, int]
Rule = Callable[["RuleContext", ValueKey], "list[Finding]"]
Applies = Callable[["Catalogue", "Indicator"], bool]
AffectedHook = Callable[["RuleContext", ValueKey], set[ValueKey]]
SubjectSource = Callable[["RuleContext"], Iterable[ValueKey]]
F = TypeVar("F", bound=Callable[..., Any])

MARK = "__esgdesk_rule_mark__"


@dataclass(frozen=True, slots=True)
class RuleKind:
    """A rule function and the subjects it applies to, as the engine collects it."""

    name: str
    fn: Rule
    applies: Applies


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything the engine runs, in a fixed order (module name, then place in the module)."""

    kinds: tuple[RuleKind, ...]
    affected_hooks: tuple[AffectedHook, ...]
    subject_sources: tuple[SubjectSource, ...]


def rule(name: str, applies: Applies) -> Callable[[Rule], Rule]:
    """Mark a function of (context, subject) as the rule `name`, run for the indicators `applies` accepts."""

    def mark(fn: Rule) -> Rule:
        setattr(fn, MARK, ("rule", name, applies))
        return fn

    return mark


def affects(fn: F) -> F:
    """Mark a hook naming the subjects an edit of one figure can change (beyond the figure itself)."""
    setattr(fn, MARK, ("affects", "", None))
    return fn


def subjects(fn: F) -> F:
    """Mark a source of subjects that hold no value of their own (a required figure left empty)."""
    setattr(fn, MARK, ("subjects", "", None))
    return fn
