"""Load and check chapter files.

The YAML is composed into nodes (never constructed into arbitrary objects) so that every
problem can be reported with its line and column, and all problems are reported at once;
what a quiz's check shares with this one is in checking.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import icons
from .checking import (
    Checker, ContentError, FileKind, Problem, check_document,
    close_matches, kind_of, read_text, scalar_value, value_of,
)
from .model import PALETTE, Block, Callout, Chapter, Entry, Stage, Step

MAX_STEPS = 30
MAX_STAGES = 12
MAX_COLUMNS = 2
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
ENTRY_KEYS = ("label", "text", "callout", "colour")

class ChapterChecker(Checker):
    """The checks of a chapter file, part by part."""

    def colour(self, node: Node, where: str) -> str | None:
        comment = _comment_after(node)
        if comment is not None:
            self.problems.append(Problem(
                self.path, comment[0], comment[1], f"{where} has no value: YAML reads an "
                f"unquoted #rrggbb as a comment; put it in quotes, such as '#7c3aed'"))
            return None
        value = self.text(node, where, markup=False)
        if value is None:
            return None
        if value in PALETTE or HEX_COLOUR.match(value):
            return value
        hint = close_matches(value, list(PALETTE), n=1)
        fix = f"did you mean '{hint[0]}'? " if hint else ""
        self.problem(node, f"{where} '{value}' is not a colour; {fix}use one of "
                           f"{', '.join(PALETTE)} or #rrggbb")
        return None

    def icon(self, node: Node | None, where: str) -> str | None:
        value = self.text(node, where, markup=False)
        if value is None:
            return None
        if not icons.is_known(value):
            hint = close_matches(value, list(icons.ICONS), n=1)
            fix = f"did you mean '{hint[0]}'? " if hint else ""
            self.problem(node, f"{where} '{value}' is not a known icon; {fix}use one of "
                               f"{', '.join(icons.ICONS)}, or a single one-cell character")
            return None
        return value

    def chapter(self, root: Node) -> Chapter | None:
        f = self.fields(root, "the chapter", ("title", "steps"),
                        ("format", "id", "subtitle", "tag", "previous", "next", "pipeline"))
        if f is None:
            return None
        self.format_version(f.get("format"))
        # Titles, labels, the tag, previous/next and notes are drawn as written: no markup.
        title = self.text(f.get("title"), "the chapter's title", markup=False)
        opt = {key: self.text(f.get(key), f"the chapter's {key}",
                              markup=key == "subtitle") or ""
               for key in ("subtitle", "tag", "previous", "next")}
        chapter_id = self.ident(f.get("id"), "the chapter's id") or ""

        stages: list[Stage] = []
        stage_index: dict[str, int] = {}
        for position, node in enumerate(
                self.sequence(f.get("pipeline"), "the pipeline", 1, MAX_STAGES)):
            stage = self.stage(node, position + 1)
            if stage is None:
                # Its own problems are reported; still let steps light it by id, so a broken
                # icon or label does not also make every 'lit' that names it look wrong.
                sid = scalar_value(node, "id")
                if sid is not None and sid not in stage_index:
                    stage_index[sid] = position
                continue
            if stage.id in stage_index:
                self.problem(node, f"pipeline stage id '{stage.id}' is used twice; give each "
                                   f"stage its own id")
                continue
            stage_index[stage.id] = position
            stages.append(stage)

        steps: list[Step] = []
        seen: set[str] = set()
        for number, node in enumerate(
                self.sequence(f.get("steps"), "steps", 1, MAX_STEPS), 1):
            step = self.step(node, number, stage_index, "pipeline" in f)
            if step is None:
                continue
            if step.id in seen:
                self.problem(node, f"step {number} has the id '{step.id}', which an earlier step "
                                   f"already uses; step ids must be unique")
                continue
            seen.add(step.id)
            steps.append(step)

        if self.problems or title is None:
            return None
        return Chapter(title=title, steps=tuple(steps), id=chapter_id, pipeline=tuple(stages),
                       **opt)

    def stage(self, node: Node, number: int) -> Stage | None:
        where = f"pipeline stage {number}"
        f = self.fields(node, where, ("id", "icon", "label"), ())
        if f is None:
            return None
        sid = self.ident(f.get("id"), f"{where}'s id")
        icon = self.icon(f.get("icon"), f"{where}'s icon")
        label = self.text(f.get("label"), f"{where}'s label", markup=False)
        if sid is None or icon is None or label is None:
            return None
        return Stage(sid, icon, label)

    def step(self, node: Node, number: int, stage_index: dict[str, int],
             has_pipeline: bool) -> Step | None:
        where = f"step {number}"
        f = self.fields(node, where, ("id", "title", "icon", "colour", "columns"),
                        ("subtitle", "lit", "narration", "notes", "minutes"))
        if f is None:
            return None
        before = len(self.problems)
        sid = self.ident(f.get("id"), f"{where}'s id")
        title = self.text(f.get("title"), f"{where}'s title", markup=False)
        subtitle = self.text(f.get("subtitle"), f"{where}'s subtitle") or ""
        icon = self.icon(f.get("icon"), f"{where}'s icon")
        narration = self.text(f.get("narration"), f"{where}'s narration") or ""
        notes = self.text(f.get("notes"), f"{where}'s notes", markup=False) or ""

        colours: list[str] = []
        colour_node = f.get("colour")
        if isinstance(colour_node, SequenceNode):
            for c in self.sequence(colour_node, f"{where}'s colour list", 1, 2):
                colours += filter(None, [self.colour(c, f"{where}'s colour")])
        elif colour_node is not None:
            colours += filter(None, [self.colour(colour_node, f"{where}'s colour")])

        minutes = None
        if "minutes" in f:
            minutes = _number(f["minutes"])
            if minutes is None or minutes <= 0:
                self.problem(f["minutes"], f"{where}'s minutes should be a number above 0, "
                                           f"such as 4 or 2.5")

        lit: list[int] = []
        lit_node = f.get("lit")
        if lit_node is not None and not has_pipeline:
            self.problem(lit_node, f"{where} lights stages but the chapter has no pipeline; "
                                   f"add a pipeline or remove 'lit'")
        elif lit_node is not None:
            for item in self.sequence(lit_node, f"{where}'s lit stages", 0, MAX_STAGES):
                stage_id = self.text(item, f"{where}'s lit stage", markup=False)
                if stage_id is None:
                    continue
                if stage_id not in stage_index:
                    hint = close_matches(stage_id, list(stage_index), n=1)
                    fix = f"did you mean '{hint[0]}'?" if hint else \
                        f"the stages are: {', '.join(stage_index) or 'none'}"
                    self.problem(item, f"{where} lights stage '{stage_id}', which is not in "
                                       f"the pipeline; {fix}")
                elif stage_index[stage_id] in lit:
                    self.problem(item, f"{where} lights stage '{stage_id}' twice")
                else:
                    lit.append(stage_index[stage_id])

        columns: list[tuple[Entry, ...]] = []
        col_node = f.get("columns")
        col_nodes = self.sequence(col_node, f"{where}'s columns", 1, MAX_COLUMNS)
        for c_number, c_node in enumerate(col_nodes, 1):
            c_where = f"{where}, column {c_number}"
            if not isinstance(c_node, SequenceNode):
                self.problem(c_node, f"{c_where} should be a list of blocks and callouts, not "
                                     f"{kind_of(c_node)}; start each column with '- ' and each "
                                     f"entry in it with '- ' too (so the first line reads "
                                     f"'- - label: ...')")
                continue
            entries = [self.entry(e, f"{c_where}, entry {e_number}", colours)
                       for e_number, e in enumerate(self.sequence(c_node, c_where, 0, 100), 1)]
            columns.append(tuple(e for e in entries if e is not None))
        if col_nodes and all(isinstance(c, SequenceNode) for c in col_nodes) and \
                not any(c.value for c in col_nodes):
            self.problem(col_node, f"{where} is empty: give it at least one block "
                                   f"(label and text) or callout")

        if len(self.problems) > before or None in (sid, title, icon) or not colours:
            return None
        return Step(id=sid, title=title, icon=icon, colours=tuple(colours),
                    columns=tuple(c for c in columns if c), subtitle=subtitle, lit=tuple(lit),
                    narration=narration, notes=notes, minutes=minutes)

    def entry(self, node: Node, where: str, step_colours: list[str]) -> Entry | None:
        if value_of(node, "callout") is not None:
            f = self.fields(node, f"{where} (a callout)", ("callout",), ("colour",))
            if f is None:
                return None
            text = self.text(f.get("callout"), f"{where}'s callout text")
            colour = self.colour(f["colour"], f"{where}'s colour") if "colour" in f else \
                (step_colours[0] if step_colours else None)
            return Callout(text, colour) if text and colour else None
        if isinstance(node, MappingNode) and value_of(node, "label") is None \
                and value_of(node, "text") is None:
            for k, _ in node.value:
                hint = close_matches(k.value, ENTRY_KEYS, n=1) \
                    if isinstance(k, ScalarNode) and isinstance(k.value, str) else []
                if hint:
                    self.problem(k, f"{where} has an unknown key '{k.value}'; did you mean "
                                    f"'{hint[0]}'? An entry is a block (label and text) or a "
                                    f"callout (callout, optional colour)")
                    return None
            self.problem(node, f"{where} should be a block (label and text) or a callout "
                               f"(callout, optional colour)")
            return None
        f = self.fields(node, f"{where} (a block)", ("label", "text"), ())
        if f is None:
            return None
        label = self.text(f.get("label"), f"{where}'s label", markup=False)
        text = self.text(f.get("text"), f"{where}'s text")
        return Block(label, text) if label and text else None


def _comment_after(node: Node) -> tuple[int, int] | None:
    """For an empty value followed by a comment on its line, as in `colour: #7c3aed`, the
    line and column of the '#'."""
    if not (isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"
            and not node.value and node.start_mark.buffer):
        return None
    mark = node.start_mark
    end = mark.buffer.find("\n", mark.pointer)
    rest = mark.buffer[mark.pointer:end if end >= 0 else len(mark.buffer)]
    if not rest.lstrip(" ").startswith("#"):
        return None
    return mark.line + 1, mark.column + 1 + len(rest) - len(rest.lstrip(" "))


def _number(node: Node) -> float | None:
    if isinstance(node, ScalarNode) and node.tag in ("tag:yaml.org,2002:int",
                                                     "tag:yaml.org,2002:float"):
        try:
            return float(node.value)
        except ValueError:
            return None
    return None


CHAPTER_FILE = FileKind("chapter", "a title and steps", "'title' and 'steps'")


def check_text(text: str, path: str) -> tuple[Chapter | None, list[Problem]]:
    """Parse and check chapter YAML `text`; `path` is only used in messages."""
    return check_document(text, path, lambda checker, root: checker.chapter(root),
                          ChapterChecker, CHAPTER_FILE)


def check_file(path: Path) -> tuple[Chapter | None, list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return None, problems
    chapter, problems = check_text(text, str(path))
    if chapter is not None:
        chapter = replace(chapter, source=path)
    return chapter, problems


def load_chapter(path: Path) -> Chapter:
    """The chapter in `path`; raises ContentError listing every problem."""
    chapter, problems = check_file(path)
    if problems or chapter is None:
        raise ContentError(problems)
    return chapter

