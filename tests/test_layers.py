"""The layout is a contract: imports run one way and no module imports itself back.

cli -> {report, viz, validation} -> analysis -> inputs -> runs -> core -> shared bottom
modules (config, io, kpis, args, plots). Imports are read from the source with `ast`,
including those inside functions and modules named to `importlib.import_module`, so a
lazy import cannot hide a circle. The commands live in the `cli` package, one module
each; the packages below it are library code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ecosim"
SHARED = {"config", "io", "kpis", "args", "plots", "numbers", "names", "labels"}
#: layer -> rank; a module may import its own layer or a lower rank, never a sibling
RANK = {"shared": 0, "core": 1, "runs": 2, "inputs": 3, "analysis": 4}
RANK |= {"report": 5, "viz": 5, "validation": 5, "cli": 6, "api": 7}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "api"  # the package itself: the Python API's façade, above every layer
    head = parts[1]
    if head in SHARED:
        return "shared"
    if head in ("cli", "__main__"):
        return "cli"
    return head


def _typing_only(tree: ast.AST) -> set[int]:
    """The nodes under `if TYPE_CHECKING:`: annotations' imports, never run."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            inside |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return inside


def imported(path: Path, typing: bool = True) -> set[str]:
    """Every ecosim module the file imports, at top level, in functions, or by name (and,
    with `typing`, under `if TYPE_CHECKING:`)."""
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set() if typing else _typing_only(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from ecosim import io` imports the module ecosim.io, not the package's façade
            if node.module != "ecosim":
                found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Constant):
                found.add(arg.value)
            elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                found.add(arg.values[0].value.rstrip("."))  # f"ecosim.validation.{name}"
    return {m for m in found if m == "ecosim" or m.startswith("ecosim.")}


def graph(typing: bool = True) -> dict[str, set[str]]:
    """Module -> the ecosim modules it imports (`typing`: also those for annotations only,
    which the layers count and circles do not: they never run)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges = {}
    for name, path in modules.items():
        targets = set()
        for m in imported(path, typing):
            # `from ecosim.core import model` names the module ecosim.core.model
            while m not in modules and "." in m:
                m = m.rsplit(".", 1)[0]
            if m in modules and m != name:
                targets.add(m)
        edges[name] = targets
    return edges


def test_the_tree_shows_the_layers():
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert set(top) <= SHARED | {"__init__"}, top
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert packages == ["analysis", "cli", "core", "inputs", "report", "runs", "validation", "viz"]
    for package in PACKAGE.rglob("__init__.py"):
        if package.parent != PACKAGE:
            doc = ast.get_docstring(ast.parse(package.read_text(encoding="utf-8")))
            assert doc and "import" in doc, f"{package}: say what lives here and may import"


def functions(path: Path) -> list[str]:
    return [
        node.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
    ]


def test_commands_live_in_the_cli_package_one_module_each():
    """Every command is `ecosim.cli.<module>:cmd_<name>`; no library module defines one."""
    from ecosim.cli import COMMANDS

    for name, (target, _) in COMMANDS.items():
        module, function = target.split(":")
        path = PACKAGE / "cli" / f"{module.removeprefix('ecosim.cli.')}.py"
        assert module.startswith("ecosim.cli.") and function == f"cmd_{name}", target
        assert function in functions(path), target
    commands = {
        module_name(p): [f for f in functions(p) if f.startswith("cmd_")]
        for p in PACKAGE.rglob("*.py")
    }
    misplaced = [m for m, found in commands.items() if found and layer(m) != "cli"]
    assert not misplaced, misplaced


def test_the_command_line_imports_its_commands_only_when_used():
    """`ecosim.cli` itself imports only shared bottom modules at its top level, so that
    `ecosim run` does not pay for the other commands' imports."""
    tree = ast.parse((PACKAGE / "cli" / "__init__.py").read_text(encoding="utf-8"))
    top = {a.name for n in tree.body if isinstance(n, ast.Import) for a in n.names}
    for n in tree.body:
        if isinstance(n, ast.ImportFrom) and n.module == "ecosim":  # `from ecosim import io`
            top |= {f"ecosim.{a.name}" for a in n.names}
        elif isinstance(n, ast.ImportFrom) and n.module:
            top.add(n.module)
    ecosim_modules = {m for m in top if m.startswith("ecosim")}
    assert all(layer(m) == "shared" for m in ecosim_modules), ecosim_modules


def test_imports_run_one_way():
    wrong = []
    for source, targets in graph().items():
        for target in targets:
            a, b = layer(source), layer(target)
            if a != b and (RANK[b] >= RANK[a]):
                wrong.append(f"{source} ({a}) imports {target} ({b})")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_circles():
    edges = graph(typing=False)
    state: dict[str, int] = {}
    circles = []

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                circles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not circles, "\n".join(circles)


@pytest.mark.parametrize(
    "source, target, ok",
    [
        ("ecosim.core.model", "ecosim.runs.run", False),
        ("ecosim.runs.sweep", "ecosim.cli", False),
        ("ecosim.analysis.discovery", "ecosim.cli.discover", False),
        ("ecosim.analysis.sensitivity", "ecosim.report.sections", False),
        ("ecosim.viz.app", "ecosim.validation.homogenization", False),
        ("ecosim.cli.validate", "ecosim.validation.homogenization", True),
        ("ecosim.cli.map", "ecosim.inputs.actor_map", True),
        ("ecosim.report.command", "ecosim.analysis.stats", True),
        ("ecosim.core.mechanisms.diaspora", "ecosim.core.agents", True),
        ("ecosim.args", "ecosim.config", True),
        ("ecosim.analysis.calibration", "ecosim.inputs.regions", True),
        ("ecosim.inputs.actor_map", "ecosim.analysis.stats", False),
    ],
)
def test_the_rule_itself_tells_right_from_wrong(source, target, ok):
    """The check above would catch a breach: the rule applied to known cases."""
    a, b = layer(source), layer(target)
    assert (a == b or RANK[b] < RANK[a]) is ok
