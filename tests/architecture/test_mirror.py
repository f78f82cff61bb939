"""tests/ mirrors tui/, so a module's tests are found by its path (tests/README.md): every test
file outside the named folders of whole-program tests sits in the folder of tui/ it tests and
names the module or package it tests there."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from conftest import ROOT

# Folders of tests that test the whole program rather than one module; tests/README.md says
# what goes in each.
WHOLE_PROGRAM = ("e2e", "architecture")
NOT_TESTS = ("__snapshots__", "fixtures", "__pycache__")


def module_under_test(test: Path, tui: Path) -> Path | None:
    """The module or package of `tui` that test file `test` (relative to tests/) names, if any.

    tests/<folder>/test_<name>.py tests tui/<folder>/<name>.py or the package tui/<folder>/<name>/;
    tests/<folder>/test_<module>_<aspect>.py (test_deck_snapshots.py) one aspect of the module
    tui/<folder>/<module>.py."""
    folder = tui.joinpath(*test.parent.parts)
    name = test.stem.removeprefix("test_")
    if (folder / f"{name}.py").is_file():
        return folder / f"{name}.py"
    if (folder / name / "__init__.py").is_file():
        return folder / name
    words = name.split("_")
    for end in range(len(words) - 1, 0, -1):
        module = folder / ("_".join(words[:end]) + ".py")
        if module.is_file():
            return module
    return None


def most_used_modules(source: str, tui: Path) -> list[str]:
    """The modules of tui/ whose imported names the test source uses, most used first."""
    tree = ast.parse(source)
    names = Counter(node.id for node in ast.walk(tree) if isinstance(node, ast.Name))
    uses: Counter[str] = Counter()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tui."):
            for alias in node.names:
                module = f"{node.module}.{alias.name}"  # from tui.quiz import review
                if not tui.parent.joinpath(*module.split(".")).with_suffix(".py").is_file():
                    module = node.module
                uses[module] += names[alias.asname or alias.name]
    return ["/".join(module.split(".")) + ".py" for module, count in uses.most_common()
            if count and tui.parent.joinpath(*module.split(".")).with_suffix(".py").is_file()]


def misplaced(tests: Path, tui: Path) -> list[str]:
    """A line for each test file under `tests` that does not mirror `tui`, saying where it goes."""
    found = []
    for path in sorted(tests.rglob("test_*.py")):
        test = path.relative_to(tests)
        if test.parts[0] in WHOLE_PROGRAM or set(test.parts) & set(NOT_TESTS):
            continue
        if module_under_test(test, tui) is not None:
            continue
        name = "/".join([*test.parent.parts, test.stem.removeprefix("test_")])
        line = f"tests/{test.as_posix()}: there is no tui/{name}.py or package tui/{name}/"
        modules = most_used_modules(path.read_text(encoding="utf-8"), tui)
        if modules:
            *folder, stem = modules[0].removeprefix("tui/").removesuffix(".py").split("/")
            home = "/".join(["tests", *folder, f"test_{stem}"])
            line += (f"; it uses {modules[0]} most (then {', '.join(modules[1:5]) or 'none'}), "
                     f"so perhaps `git mv` it to {home}.py, or to {home}_<aspect>.py beside it")
        folders = " or ".join(f"tests/{folder}/" for folder in WHOLE_PROGRAM)
        line += (f"; a test file is named after the module of tui/ it tests, in that module's "
                 f"folder under tests/, or sits in {folders} if it tests the whole program "
                 f"(tests/README.md)")
        found.append(line)
    return found


def test_every_test_file_sits_where_its_module_is():
    wrong = misplaced(ROOT / "tests", ROOT / "tui")
    assert not wrong, "\n".join(wrong)


def test_a_flat_test_file_is_told_where_it_belongs(tmp_path):
    tui = tmp_path / "tui"
    (tui / "ui" / "screens").mkdir(parents=True)
    for package in (tui, tui / "ui", tui / "ui" / "screens"):
        (package / "__init__.py").write_text("")
    (tui / "ui" / "screens" / "deck.py").write_text("class DeckScreen: ...\n")
    tests = tmp_path / "tests"
    (tests / "ui" / "screens").mkdir(parents=True)
    (tests / "e2e").mkdir()
    (tests / "ui" / "screens" / "test_deck.py").write_text("")
    (tests / "ui" / "screens" / "test_deck_snapshots.py").write_text("")
    (tests / "e2e" / "test_anything.py").write_text("")
    (tests / "test_deck_keys.py").write_text(
        "from tui.ui.screens.deck import DeckScreen\n\ndef test_keys():\n    DeckScreen()\n")
    (tests / "widgets").mkdir()
    (tests / "widgets" / "test_deck.py").write_text("")

    wrong = misplaced(tests, tui)

    assert len(wrong) == 2, wrong
    assert wrong[0].startswith("tests/test_deck_keys.py: there is no tui/deck_keys.py")
    assert "it uses tui/ui/screens/deck.py most (then none), so perhaps `git mv` it to " \
        "tests/ui/screens/test_deck.py" in wrong[0]
    assert wrong[1].startswith("tests/widgets/test_deck.py: there is no tui/widgets/deck.py")


def test_the_whole_program_folders_are_explained():
    readme = (ROOT / "tests" / "README.md").read_text(encoding="utf-8")
    for folder in WHOLE_PROGRAM:
        assert f"`{folder}/`" in readme, folder
