"""One room per mechanism: the rules of docs/CONTRIBUTING.md, read from the source with `ast`.

- A mechanism (ecosim/core/mechanisms/, and the link network's own hooks) never writes the
  model's state: it returns `Changes` and signals, and the model applies them. Writing
  through `model` - an assignment to anything reached from it, or a call of a method that
  changes core state on it - is a breach, also through a local name bound to part of it
  (`links = model.links; links.disconnect(...)`).
- Only `EcosystemModel._send_signals` (and the neutral signals of `__init__`) writes `Signals`.
- Nothing but `ecosim/core/mesa_adapter.py` touches Mesa's private attributes.
- Every registered mechanism has a name, declares its metrics once, and is neutral at 0.

Each rule is also applied to a breach written for the purpose, so it is known to catch one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import mesa
import pytest

from ecosim.core.mechanisms import MECHANISMS

PACKAGE = Path(__file__).resolve().parent.parent / "ecosim"
MECHANISM_FILES = sorted((PACKAGE / "core" / "mechanisms").glob("*.py"))
#: methods that change core state (links, landscapes, population, funds, the model itself)
MUTATORS = {
    "connect",
    "disconnect",
    "broker",
    "propose",
    "build_trust",
    "replace",
    "redraw",
    "add",
    "end",
    "compact",
    "receive",
    "replenish",
    "apply_changes",
    "step",
    "fill",
}


def _root(node: ast.AST) -> str | None:
    """The name an attribute/subscript chain starts from (`model` in `model.links.trust[0]`)."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def writes_through_model(source: str) -> list[str]:
    """Lines where a function writes state reached from its `model` argument."""
    found = []
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        derived = {"model"}
        for node in ast.walk(func):
            if isinstance(node, ast.Assign) and _root(node.value) in derived:
                value_is_view = isinstance(node.value, ast.Attribute | ast.Name | ast.Subscript)
                for target in node.targets:
                    names = target.elts if isinstance(target, ast.Tuple) else [target]
                    for name in names:
                        if isinstance(name, ast.Name) and value_is_view:
                            derived.add(name.id)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple):
                for target in node.targets:
                    if isinstance(target, ast.Tuple):
                        for name, value in zip(target.elts, node.value.elts, strict=False):
                            view = isinstance(value, ast.Attribute | ast.Name)
                            if isinstance(name, ast.Name) and view and _root(value) in derived:
                                derived.add(name.id)
        for node in ast.walk(func):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                chains = target.elts if isinstance(target, ast.Tuple) else [target]
                for chain in chains:
                    if isinstance(chain, ast.Attribute | ast.Subscript) and (
                        _root(chain) in derived
                    ):
                        found.append(f"line {node.lineno}: writes {ast.unparse(chain)}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in MUTATORS
                and _root(node.func.value) in derived
            ):
                found.append(f"line {node.lineno}: calls {ast.unparse(node.func)}")
    return found


def signal_writes(source: str) -> list[tuple[str, int]]:
    """(function, line) of every write to `signals` or one of its fields."""
    found = []
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, ast.FunctionDef):
            continue
        for node in ast.walk(func):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign):
                targets = [node.target]
            for target in targets:
                text = ast.unparse(target)
                if "signals" in text.split("[")[0].split("."):
                    found.append((func.name, node.lineno))
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "setattr"
                and node.args
                and ast.unparse(node.args[0]).split(".")[-1] == "signals"
            ):
                found.append((func.name, node.lineno))
    return found


def mesa_private_uses(source: str) -> list[str]:
    """Mesa's own private attributes (`_ids`, `_agents_by_type`, ...) used on `mesa`, on a
    model or agent (names `model`, `agent`; `self` in a subclass of a Mesa class), and
    writes into the dict `agents_by_type` returns."""
    model = mesa.Model(rng=0)
    agent = mesa.Agent(model)
    private = {
        n
        for n in {*dir(mesa.Model), *dir(mesa.Agent), *vars(model), *vars(agent)}
        if n.startswith("_") and not n.startswith("__")
    }
    tree = ast.parse(source)
    mesa_self = set()  # nodes inside classes derived from a Mesa class
    for cls in ast.walk(tree):
        if isinstance(cls, ast.ClassDef) and any("mesa." in ast.unparse(b) for b in cls.bases):
            mesa_self |= {id(n) for n in ast.walk(cls)}
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in private:
            root = _root(node)
            if root in ("mesa", "model", "agent") or (root == "self" and id(node) in mesa_self):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "getattr":
            arg = node.args[1] if len(node.args) > 1 else None
            if isinstance(arg, ast.Constant) and arg.value in private:
                found.append(f"line {node.lineno}: getattr(..., {arg.value!r})")
        is_registry = isinstance(node, ast.Attribute) and node.attr == "agents_by_type"
        if is_registry and isinstance(parents.get(id(node)), ast.Subscript | ast.Attribute):
            use = parents[id(node)]
            if isinstance(use, ast.Subscript) and isinstance(use.ctx, ast.Store | ast.Del):
                found.append(f"line {node.lineno}: writes {ast.unparse(use)}")
            if isinstance(use, ast.Attribute) and use.attr in ("pop", "update", "clear"):
                found.append(f"line {node.lineno}: {ast.unparse(use)}")
    return found


@pytest.mark.parametrize("path", MECHANISM_FILES + [PACKAGE / "core" / "links.py"], ids=str)
def test_mechanisms_do_not_write_the_models_state(path):
    found = writes_through_model(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name} writes the model's state (return Changes):\n" + "\n".join(found)


def test_only_send_signals_writes_signals():
    allowed = {("model.py", "_send_signals"), ("model.py", "__init__")}
    breaches = []
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        for func, line in signal_writes(path.read_text(encoding="utf-8")):
            if (path.name, func) not in allowed and path.name != "signals.py":
                breaches.append(f"{path.relative_to(PACKAGE)}:{line} in {func}")
    assert not breaches, "Signals written outside _send_signals:\n" + "\n".join(breaches)


def test_nothing_but_the_adapter_touches_mesas_private_attributes():
    breaches = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "mesa_adapter.py":
            continue
        breaches += [
            f"{path.relative_to(PACKAGE)} {f}" for f in mesa_private_uses(path.read_text())
        ]
    assert not breaches, "\n".join(breaches)


@pytest.mark.parametrize(
    "source, rule, caught",
    [
        ("def f(self, model):\n    model.links.trust += 1", writes_through_model, True),
        (
            "def f(self, model):\n    links = model.links\n    links.disconnect(0, 1)",
            writes_through_model,
            True,
        ),
        (
            "def f(self, model):\n    pop = model.population\n    pop.bits[0] = 1",
            writes_through_model,
            True,
        ),
        ("def f(self, model):\n    model.state.talent[0] -= 1", writes_through_model, True),
        (
            "def f(self, model):\n    x = model.links.trust * 2\n    x += 1",
            writes_through_model,
            False,
        ),
        ("def f(self, model):\n    self.demand[0] = 1", writes_through_model, False),
        ("def f(self, model):\n    model.signals.demand[2] *= 0.5", signal_writes, True),
        ("def apply(self, model):\n    model.signals = None", signal_writes, True),
        ("def f(self, model):\n    d = model.signals.demand", signal_writes, False),
        ("import mesa\nids = mesa.Model._agents_by_type", mesa_private_uses, True),
        ("def f(model):\n    model.agents_by_type[int] = 1", mesa_private_uses, True),
        ("def f(model):\n    return getattr(model, '_agents_by_type')", mesa_private_uses, True),
        ("def f(model):\n    model.agents_by_type.pop(int)", mesa_private_uses, True),
        ("class A(mesa.Agent):\n    def f(self):\n        self._rng = 1", mesa_private_uses, True),
        ("class R:\n    def f(self):\n        self._agents = 1", mesa_private_uses, False),
        ("def f(model):\n    return model.agents_by_type", mesa_private_uses, False),
    ],
)
def test_the_rules_catch_a_breach(source, rule, caught):
    assert bool(rule(source)) is caught


def test_the_registry_names_each_mechanism_once_with_its_metrics():
    names = [kind.name for kind in MECHANISMS]
    assert all(names) and len(set(names)) == len(names), names
    assert names[0] == "links"  # built first: the other mechanisms read the links
    metric_names = [m.name for kind in MECHANISMS for m in kind.METRICS]
    assert len(set(metric_names)) == len(metric_names)
