"""tui/ uses no private Textual API: no `_underscore` name that Textual has and tui does not
define itself, read as an attribute (`app._driver`) or by getattr (`getattr(x, "_driver")`).

Textual's private names are read from its own source, so a new one is covered as it lands.
A name tui defines itself (the deck's `_stop_autoplay`) is tui's own business, not Textual's.
"""

from __future__ import annotations

import ast
from pathlib import Path

import textual

from conftest import ROOT

TUI = ROOT / "tui"

# The only uses allowed: where Textual (8.2.8) has no public way, each with its reason. Keep
# this empty unless the code beside the use says so in a comment with the Textual version.
ALLOWED: dict[str, str] = {}


def private_names(tree: ast.AST) -> tuple[set[str], set[str]]:
    """(private names read or written as attributes or by getattr, those defined here)."""
    used, defined = set(), set()

    def private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr):
            used.add(node.attr)
            if isinstance(node.ctx, ast.Store):
                defined.add(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                and private(node.name):
            defined.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) \
                and private(node.id):
            defined.add(node.id)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("getattr", "setattr", "hasattr") and len(node.args) > 1 \
                and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str) \
                and private(node.args[1].value):
            used.add(node.args[1].value)
    return used, defined


def module_names(tree: ast.AST) -> set[str]:
    """Names this file binds to modules other than Textual's (`os` in `os._exit`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names
                      if not a.name.startswith("textual")}
    return names


def uses_on_modules(tree: ast.AST, modules: set[str]) -> set[str]:
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name) and node.value.id in modules}


def textual_private_names() -> set[str]:
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        used, defined = private_names(ast.parse(path.read_text(encoding="utf-8")))
        names |= used | defined
    return names


def private_textual_uses(root: Path) -> dict[str, list[str]]:
    """Textual's private names that the code under `root` uses and does not define, and
    where (file:line)."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in root.rglob("*.py")}
    used, defined = set(), set()
    for tree in trees.values():
        u, d = private_names(tree)
        used |= u - uses_on_modules(tree, module_names(tree))
        defined |= d
    suspects = (used - defined) & textual_private_names()
    where: dict[str, list[str]] = {}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            name = node.attr if isinstance(node, ast.Attribute) else (
                node.args[1].value if isinstance(node, ast.Call) and isinstance(
                    node.func, ast.Name) and node.func.id == "getattr" and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant) else None)
            if name in suspects:
                where.setdefault(name, []).append(f"{path.relative_to(root.parent)}:"
                                                  f"{node.lineno}")
    return where


def test_tui_uses_no_private_textual_api():
    found = {name: places for name, places in private_textual_uses(TUI).items()
             if name not in ALLOWED}
    assert not found, found


def test_the_check_finds_what_it_is_for(tmp_path):
    """The uses issue 12 found, written again: each is caught."""
    package = tmp_path / "tui"
    package.mkdir()
    (package / "app.py").write_text(
        "from textual.app import App\n"
        "class A(App):\n"
        "    def f(self, screen):\n"
        "        self._refresh_truecolor_filter(self.ansi_theme)\n"
        "        screen._get_breakpoint_classes(80, [])\n"
        "        screen._bindings.key_to_bindings\n"
        "        getattr(self, '_driver', None)\n"
        "        self._mine = 1  # tui's own: not Textual's\n"
        "        import os\n"
        "        os._exit(0)  # not a Textual object\n", encoding="utf-8")
    found = private_textual_uses(package)
    assert set(found) == {"_refresh_truecolor_filter", "_get_breakpoint_classes", "_bindings",
                          "_driver"}, found
    assert found["_bindings"] == ["tui/app.py:6"]
