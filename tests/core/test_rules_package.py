"""The rules are a package whose modules the engine collects; no rule module needs another to be found."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import esgdesk.core.rules as rules_pkg
from esgdesk.core.rules import collect

RULES_DIR = Path(rules_pkg.__file__).parent
RULE_MODULES = {m.name for m in pkgutil.iter_modules([str(RULES_DIR)])} - {"context", "marks"}


def _imports(path: Path) -> set[str]:
    """What a module imports when it runs (imports for type checking only are left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(n)
        for node in tree.body
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def test_every_rule_kind_is_collected_from_its_module() -> None:
    names = {k.name for k in collect().kinds}
    assert {
        "type",
        "breakdown",
        "check",
        "cumulative",
        "required",
        "gri.no_data",
        "computed",
        "intensity.direction",
        "yoy",
        "ghg.factor_missing",
        "evidence.missing",
        "catalogue.note",
        "disclosure.text",
    } == names
    modules = {k.fn.__module__.rsplit(".", 1)[1] for k in collect().kinds}
    rule_modules = {m.name for m in pkgutil.iter_modules([str(RULES_DIR)])} - {"context", "marks"}
    assert modules == rule_modules  # each module holds at least one rule, and every one is found


def test_hooks_and_subject_sources_are_collected() -> None:
    rs = collect()
    hook_modules = {h.__module__.rsplit(".", 1)[1] for h in rs.affected_hooks}
    source_modules = {s.__module__.rsplit(".", 1)[1] for s in rs.subject_sources}
    assert {"breakdown", "checks", "completeness", "yoy"} <= hook_modules
    assert {"breakdown", "checks", "completeness"} <= source_modules


def test_rule_modules_do_not_import_each_other_in_a_circle() -> None:
    graph: dict[str, set[str]] = {}
    for m in pkgutil.iter_modules([str(RULES_DIR)]):
        deps = {
            d.rsplit(".", 1)[1] for d in _imports(RULES_DIR / f"{m.name}.py") if d.startswith("esgdesk.core.rules.")
        }
        graph[m.name] = deps
    # the shared modules import no rule kind; a kind may use another's helper, never in a loop
    assert graph["marks"] == set()
    assert graph["context"] <= {"marks"}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(d == goal or (d not in seen and reaches(d, goal, seen | {d})) for d in graph.get(start, set()))

    assert not [m for m in graph if reaches(m, m, set())]
    init_imports = _imports(RULES_DIR / "__init__.py")
    assert not {i for i in init_imports if i.startswith("esgdesk.core.rules.")} - {"esgdesk.core.rules.marks"}


def _fresh_engine(demo_path: Path, then: str) -> list[str]:
    """Lines printed by a new process that opens the demo, makes its Engine as `engine`, then runs `then`."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from esgdesk.core.store import Report\n"
        "from esgdesk.core.validation import Engine\n"
        f"engine = Engine(Report.open(Path({str(demo_path)!r}), readonly=True))\n"
        "rules = lambda: sorted(m for m in sys.modules if m.startswith('esgdesk.core.rules.') and m not in "
        "('esgdesk.core.rules.context', 'esgdesk.core.rules.marks'))\n" + then
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return out.stdout.splitlines()


def test_the_rule_modules_load_only_when_rules_first_run(demo_path: Path) -> None:
    """The app paints a report's figures before any rule module is imported (start-up), then checks them."""
    before, after = _fresh_engine(demo_path, "print(rules())\nengine.run_all()\nprint(len(rules()))\n")
    assert before == "[]"
    assert int(after) == len(RULE_MODULES)


def test_a_full_check_neither_serialises_the_catalogue_nor_loads_pydantic(demo_path: Path) -> None:
    """The rules' indexes are kept per catalogue object: the findings follow the first paint at once."""
    [line] = _fresh_engine(demo_path, "print(len(engine.run_all()), 'pydantic' in sys.modules)\n")
    count, pydantic = line.split()
    assert int(count) > 0 and pydantic == "False"
