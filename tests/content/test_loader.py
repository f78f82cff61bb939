"""The chapter format: the shipped chapter against the original page, the fixtures, every kind
of content error (message, line and column), the `chapterdeck check` command, and properties
of the checker. No Textual here."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from textwrap import dedent

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT
from helpers import assert_problems_point_into, at, edit, parse_like_the_deck, value_at, yaml_like
from tui.cli import main
from tui.content import icons
from tui.content.loader import (
    MAX_STAGES, MAX_STEPS, ContentError, Problem, check_file, check_text, load_chapter,
)
from tui.content.markup import paragraphs, parse, plain
from tui.content.model import PALETTE, Block, Callout, Chapter, Stage, Step, colour_hex
from tui.content.paths import bundled_files, bundled_quizzes, default_chapter
from tui.content.quizload import is_quiz

DOCS = ROOT / "docs" / "content-format.md"
SEED_TEXT = FIXTURES / "ch03-ai-product-roles.txt"
ORIGINAL_PAGE = FIXTURES / "ORIGINAL-PAGE.md"


@pytest.fixture(scope="module")
def chapter() -> Chapter:
    return load_chapter(default_chapter())


# -- the original page, parsed ------------------------------------------------------------

def _names(colour_line: str) -> tuple[str, ...]:
    """'violet #7c3aed' or 'linear-gradient(135deg,violet #7c3aed,blue #2563eb)' as names,
    checking each name's hex against the page's palette line."""
    found = re.findall(r"(\w+) (#[0-9a-f]{6})", colour_line)
    assert found, colour_line
    for name, hexcode in found:
        assert PALETTE[name] == hexcode
    return tuple(name for name, _ in found)


def _original_page() -> dict:
    """ORIGINAL-PAGE.md as data: the pipeline, the lit lists and the eight cards."""
    md = ORIGINAL_PAGE.read_text(encoding="utf-8")
    stages = re.findall(r"`(\w+)` ([^→`.]+?)\s*(?:→|\.)",
                        md.split("**Pipeline**", 1)[1].split("At each step", 1)[0])
    lit_text = re.search(r"Stages lit per step.*?:(.*?)Clicking", md, re.S).group(1)
    lit = {}
    for number, spec in re.findall(r"step (\d+): (\[[\d, ]*\]|all six)", lit_text):
        lit[int(number)] = list(range(6)) if spec == "all six" else yaml.safe_load(spec)
    steps = []
    parts = re.split(r"^## Step (\d+): (.+)$", md, flags=re.M)
    for number, title, body in zip(parts[1::3], parts[2::3], parts[3::3]):
        head, *columns = re.split(r"^### Column \d+$", body, flags=re.M)
        card = []
        for column in columns:
            entries = []
            pieces = re.split(r"^#### (?:Block: (.+)|Callout \((.+)\))$", column, flags=re.M)
            for label, callout_colour, text in zip(pieces[1::3], pieces[2::3], pieces[3::3]):
                if label:
                    entries.append(("block", label, text.strip()))
                else:
                    entries.append(("callout", text.strip(), _names(callout_colour)[0]))
            card.append(entries)
        steps.append({
            "number": int(number),
            "title": title.strip(),
            "icon": re.search(r"^- icon: `(\w+)`", head, re.M).group(1),
            "colours": _names(re.search(r"icon colour: (.+)$", head, re.M).group(1)),
            "subtitle": re.search(r"^- subtitle: (.+)$", head, re.M).group(1).strip(),
            "columns": card,
            "bold": re.findall(r"\*\*(.+?)\*\*", body),
            "italic": re.findall(r"\*(.+?)\*", re.sub(r"\*\*(.+?)\*\*", "", body)),
        })
    return {"stages": stages, "lit": lit, "steps": steps}


PAGE = _original_page()


def test_the_page_parser_found_everything():
    assert len(PAGE["stages"]) == 6
    assert sorted(PAGE["lit"]) == list(range(1, 9))
    assert [s["number"] for s in PAGE["steps"]] == list(range(1, 9))
    assert all(s["columns"] and all(s["columns"]) for s in PAGE["steps"])


# -- the shipped chapter ------------------------------------------------------------------

def test_real_chapter_loads_with_eight_steps(chapter):
    assert chapter.total == 8
    assert chapter.id == "ch03-ai-product-roles"
    assert chapter.title == "Ch 3 — AI Product Roles & Team Structure"
    assert chapter.subtitle == ("Who you need on an AI product team, how it differs from "
                                "traditional software, and the PM’s evolving role.")
    assert chapter.tag == "High Level"
    assert chapter.previous == "Ch 2: The AI Product Landscape"
    assert chapter.next == "Ch 4: The AI Product Lifecycle"
    assert chapter.source == default_chapter()


def test_real_chapter_is_the_bundled_one():
    assert default_chapter() in bundled_files()


def test_pipeline_matches_the_page(chapter):
    assert [(s.icon, s.label) for s in chapter.pipeline] == [
        ("person", "AI PM"), ("engineering", "Core Team"), ("hub", "GenAI Roles"),
        ("account_tree", "Topology"), ("handshake", "Working"), ("group_add", "Scaling"),
    ]
    assert [(s.icon, s.label) for s in chapter.pipeline] == PAGE["stages"]


def test_lit_stages_per_step_as_on_the_page(chapter):
    expected = [[0], [1], [1, 2], [3], [0, 1], [0, 1, 2, 3], [4, 5], [0, 1, 2, 3, 4, 5]]
    assert [list(step.lit) for step in chapter.steps] == expected
    assert [PAGE["lit"][n] for n in range(1, 9)] == expected


def test_step_colours(chapter):
    assert [step.colours for step in chapter.steps] == [
        ("violet",), ("blue",), ("teal",), ("amber",), ("pink",), ("red",), ("green",),
        ("violet", "blue"),
    ]
    assert [step.colours for step in chapter.steps] == [s["colours"] for s in PAGE["steps"]]
    assert [colour_hex(step.colour) for step in chapter.steps] == [
        "#7c3aed", "#2563eb", "#0d9488", "#d97706", "#db2777", "#dc2626", "#16a34a", "#7c3aed",
    ]


def test_step_icons(chapter):
    assert [step.icon for step in chapter.steps] == [
        "person", "engineering", "hub", "account_tree", "handshake", "report", "group_add",
        "psychology",
    ]
    assert [step.icon for step in chapter.steps] == [s["icon"] for s in PAGE["steps"]]
    assert all(step.icon in icons.ICONS for step in chapter.steps)


def test_titles_and_subtitles(chapter):
    assert [step.title for step in chapter.steps] == [s["title"] for s in PAGE["steps"]]
    assert [step.subtitle for step in chapter.steps] == [s["subtitle"] for s in PAGE["steps"]]


def test_callouts_and_their_colours(chapter):
    callouts = [[(e.text.strip(), e.colour) for column in step.columns for e in column
                 if isinstance(e, Callout)] for step in chapter.steps]
    page = [[(e[1], e[2]) for column in s["columns"] for e in column if e[0] == "callout"]
            for s in PAGE["steps"]]
    assert callouts == page
    leads = [[re.match(r"\*\*(.+?)\*\*", text).group(1) for text, _ in step] for step in callouts]
    assert leads == [
        ["The key shift:"], [], ["Hiring reality:"], ["PM implication:"],
        ["The error review ritual:"], ["The ownership matrix:"], ["Scaling principle:"],
        ["The bottom line:"],
    ]
    assert [[colour for _, colour in step] for step in callouts] == [
        ["violet"], [], ["teal"], ["amber"], ["pink"], ["red"], ["green"], ["violet"],
    ]


def test_cards_match_the_page_block_by_block(chapter):
    for step, page in zip(chapter.steps, PAGE["steps"]):
        card = [[("block", e.label, e.text.strip()) if isinstance(e, Block)
                 else ("callout", e.text.strip(), e.colour) for e in column]
                for column in step.columns]
        assert card == page["columns"], f"step {page['number']}"
        assert len(step.columns) == 2


def test_every_step_has_a_narration_with_a_bold_lead_in(chapter):
    for step in chapter.steps:
        spans = parse(step.narration)
        assert spans[0].bold and spans[0].text.strip(), step.id
        assert len(paragraphs(step.narration)) == 1


# Lines of the seed that are the page's furniture, not the chapter's words.
SEED_UI_LINES = {
    "person", "engineering", "hub", "account_tree", "handshake", "group_add", "report",
    "psychology", "arrow_forward", "-", "Click play or press Space to begin...", "Step- / 8",
}


def _words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text))


def _seed_words() -> Counter:
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    return _words("\n".join(line for line in lines if line.strip() not in SEED_UI_LINES))


def _chapter_text(chapter: Chapter) -> str:
    """All the chapter's words with markup removed."""
    written = [chapter.title, chapter.tag, chapter.previous, chapter.next]  # drawn as written
    written += [stage.label for stage in chapter.pipeline]
    marked = [chapter.subtitle]
    for step in chapter.steps:
        written += [step.title] + [entry.label for column in step.columns
                                   for entry in column if isinstance(entry, Block)]
        marked += step.marked() + [step.narration]
    return "\n".join([p for p in written if p] + [plain(p) for p in marked if p])


def test_every_word_of_the_seed_is_in_the_chapter(chapter):
    missing = _seed_words() - _words(_chapter_text(chapter))
    assert not missing


def test_cards_hold_exactly_the_seed_words(chapter):
    """Title bar, pipeline and cards (not the narration, which is ours) use the seed's words,
    each as often as the seed does: nothing lost, nothing added."""
    parts = [chapter.title, chapter.subtitle, chapter.tag]
    parts += [stage.label for stage in chapter.pipeline]
    for step in chapter.steps:
        parts += step.texts()
    card_words = _words("\n".join(plain(p) for p in parts))
    seed = _seed_words()
    assert seed - card_words == Counter()
    assert card_words - seed == Counter()


def _emphasis(step: Step) -> tuple[Counter, Counter]:
    bold, italic = Counter(), Counter()
    for text in step.texts():
        for paragraph in paragraphs(text):
            for span in parse(paragraph):
                if span.bold:
                    bold[span.text] += 1
                if span.italic:
                    italic[span.text] += 1
    return bold, italic


@pytest.mark.parametrize("number", range(1, 9))
def test_bold_and_italic_as_on_the_page(chapter, number):
    page = PAGE["steps"][number - 1]
    bold, italic = _emphasis(chapter.step(number))
    assert page["bold"], "the page has bold in every step"
    assert bold == Counter(page["bold"])
    assert italic == Counter(page["italic"])


def test_step_ids_are_unique(chapter):
    assert len({step.id for step in chapter.steps}) == chapter.total


# -- clicking a stage and lit arrows ------------------------------------------------------

def test_clicking_a_stage_jumps_to_the_first_step_that_starts_with_it(chapter):
    # AI PM: step 1 [0]; Core Team: step 2 [1]; Topology: step 4 [3]; Working: step 7 [4, 5].
    assert chapter.step_for_stage(0) == 1
    assert chapter.step_for_stage(1) == 2
    assert chapter.step_for_stage(3) == 4
    assert chapter.step_for_stage(4) == 7


def test_clicking_a_stage_no_list_starts_with_goes_to_the_first_that_lights_it(chapter):
    # GenAI Roles first lit by step 3 [1, 2]; Scaling by step 7 [4, 5].
    assert chapter.step_for_stage(2) == 3
    assert chapter.step_for_stage(5) == 7


def _chapter(lits: list[list[int]], stages: int = 4) -> Chapter:
    pipeline = tuple(Stage(f"s{i}", "star", f"S{i}") for i in range(stages))
    steps = tuple(Step(id=f"p{n}", title=f"P{n}", icon="star", colours=("violet",),
                       columns=((Block("L", "T"),),), lit=tuple(lit))
                  for n, lit in enumerate(lits, 1))
    return Chapter(title="T", steps=steps, pipeline=pipeline)


def test_order_of_the_lit_list_decides_where_a_click_goes():
    c = _chapter([[0, 2], [1], [2, 0]])
    assert c.step_for_stage(0) == 1
    assert c.step_for_stage(2) == 3  # step 3 starts with it, though step 1 lit it first
    assert c.step_for_stage(3) is None  # nothing lights it: the click does nothing


def test_a_chapter_without_pipeline_has_nothing_to_click_or_light():
    c = load_chapter(FIXTURES / "minimal.yaml")
    assert c.pipeline == ()
    assert c.step_for_stage(0) is None
    assert c.lit_arrows(0) == []
    assert c.lit_arrows(1) == []


def test_lit_arrows_of_the_real_chapter(chapter):
    assert len(chapter.lit_arrows(0)) == 5
    on = {n: [i for i, lit in enumerate(chapter.lit_arrows(n)) if lit] for n in range(9)}
    assert on == {
        0: [],            # not started: nothing lit
        1: [], 2: [], 4: [],  # a single stage lights no arrow
        3: [1],           # Core Team → GenAI Roles
        5: [0],           # AI PM → Core Team
        6: [0, 1, 2],     # AI PM → … → Topology
        7: [4],           # Working → Scaling
        8: [0, 1, 2, 3, 4],
    }


def test_an_arrow_needs_both_its_stages_lit():
    c = _chapter([[0, 2], [2, 1], [3, 0, 1]])
    assert c.lit_arrows(1) == [False, False, False]  # not neighbours
    assert c.lit_arrows(2) == [False, True, False]  # order in the list does not matter
    assert c.lit_arrows(3) == [True, False, False]


# -- the fixtures and the docs ------------------------------------------------------------

@pytest.mark.parametrize("name", ["minimal.yaml", "thirty.yaml", "two-steps.yaml"])
def test_fixtures_are_clean(name):
    chapter, problems = check_file(FIXTURES / name)
    assert problems == []
    assert chapter is not None


def test_minimal_fixture():
    c = load_chapter(FIXTURES / "minimal.yaml")
    assert c.total == 1
    assert c.pipeline == ()
    assert c.step(1).columns == ((Block("Hello", "One block of text."),),)
    assert c.step(1).lit == ()


def test_thirty_fixture():
    c = load_chapter(FIXTURES / "thirty.yaml")
    assert c.total == MAX_STEPS == 30
    assert [s.id for s in c.pipeline] == ["intro", "build", "ship"]
    lits = {step.lit for step in c.steps}
    assert {(), (0,), (1,), (2,), (0, 1), (1, 2), (0, 2), (0, 1, 2), (2, 0)} <= lits
    assert {len(step.columns) for step in c.steps} == {1, 2}
    assert any(len(step.colours) == 2 for step in c.steps)
    assert any(step.colour.startswith("#") for step in c.steps)
    assert not any(icons.glyph(step.icon) == step.icon and step.icon in icons.ICONS
                   for step in c.steps)
    assert c.step_for_stage(2) == 3  # step 3 is [ship]; step 10 [ship, intro] comes later


def test_two_steps_fixture():
    c = load_chapter(FIXTURES / "two-steps.yaml")
    assert c.total == 2
    assert c.step(2).lit == (1, 2)
    assert c.lit_arrows(2) == [False, True]
    assert c.step(2).colours == ("teal", "green")
    assert c.step(1).minutes == 3
    assert c.step(1).notes
    assert c.step_for_stage(0) == 1
    assert c.step_for_stage(1) == 2
    assert c.step_for_stage(2) == 2


def _doc_yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)


def test_the_docs_example_is_the_two_steps_fixture_and_is_clean(tmp_path):
    example = [b for b in _doc_yaml_blocks() if b.startswith("# A two-step chapter")]
    assert len(example) == 1
    assert example[0] == (FIXTURES / "two-steps.yaml").read_text(encoding="utf-8")
    path = tmp_path / "example.yaml"
    path.write_text(example[0], encoding="utf-8")
    assert check_file(path)[1] == []


def test_whole_chapters_in_the_docs_are_clean():
    for block in _doc_yaml_blocks():
        if block.lstrip().startswith(("title:", "format:", "#")) and not is_quiz(block):
            assert check_text(block, "docs")[1] == [], block


def test_the_docs_name_every_icon_colour_and_key():
    doc = DOCS.read_text(encoding="utf-8")
    for name in list(icons.ICONS) + list(PALETTE) + list(PALETTE.values()):
        assert f"`{name}`" in doc, name
    keys = ["format", "id", "title", "subtitle", "tag", "previous", "next", "pipeline", "steps",
            "icon", "label", "colour", "lit", "narration", "notes", "minutes", "columns",
            "text", "callout"]
    for key in keys:
        assert f"| `{key}`" in doc, key


# -- content errors: one message each, at the right line and column ----------------------

VALID = dedent("""\
    title: Broken on Purpose
    pipeline:
    - id: plan
      icon: flag
      label: Plan
    - id: build
      icon: code
      label: Build
    steps:
    - id: first
      title: First
      icon: star
      colour: violet
      lit: [plan]
      columns:
      - - label: One
          text: |
            Some **bold** text.

            A second paragraph.
    - id: second
      title: Second
      icon: check
      colour: blue
      lit: [plan, build]
      columns:
      - - label: Two
          text: More text.
        - callout: '**Note:** a callout.'
    """)


def problems_in(tmp_path: Path, text: str | bytes, name: str = "broken.yaml") -> list[Problem]:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    chapter, problems = check_file(path)
    assert chapter is None
    assert problems
    for problem in problems:
        assert problem.path == str(path)
    with pytest.raises(ContentError) as info:
        load_chapter(path)
    assert info.value.problems == problems
    return problems


def one_problem(tmp_path: Path, text: str | bytes) -> Problem:
    problems = problems_in(tmp_path, text)
    assert len(problems) == 1, problems
    return problems[0]


def where(problem: Problem) -> tuple[int | None, int | None]:
    return problem.line, problem.column


def test_the_base_text_is_valid():
    chapter, problems = check_text(VALID, "valid.yaml")
    assert problems == []
    assert chapter.total == 2


def test_problem_format(tmp_path):
    text = edit(VALID, "colour: violet", "colour: purple")
    problem = one_problem(tmp_path, text)
    line, column = at(text, "purple")
    assert str(problem) == f"{tmp_path / 'broken.yaml'}:{line}:{column}: {problem.message}"


def test_unknown_key_with_did_you_mean(tmp_path):
    text = edit(VALID, "  title: First", "  titel: First")
    problems = problems_in(tmp_path, text)
    assert [(where(p), p.message) for p in problems] == [
        (at(text, "titel"), "step 1 has an unknown key 'titel'; did you mean 'title'?"),
        (at(text, "id: first"), "step 1 is missing 'title'; add it"),
    ]


def test_unknown_chapter_key_with_did_you_mean(tmp_path):
    text = edit(VALID, "title: Broken on Purpose\n",
                "title: Broken on Purpose\nsubtitel: A typo\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "subtitel")
    assert problem.message == "the chapter has an unknown key 'subtitel'; did you mean 'subtitle'?"


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path):
    text = edit(VALID, "  label: Plan\n", "  label: Plan\n  zzz: 1\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "zzz")
    assert problem.message == ("pipeline stage 1 has an unknown key 'zzz'; "
                               "allowed keys: id, icon, label")


def test_misspelt_entry_key_with_did_you_mean(tmp_path):
    text = edit(VALID, "- callout: '**Note:**", "- calout: '**Note:**")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "calout")
    assert problem.message.startswith("step 2, column 1, entry 2 has an unknown key 'calout'; "
                                      "did you mean 'callout'?")


def test_entry_that_is_neither_block_nor_callout(tmp_path):
    text = edit(VALID, "- callout: '**Note:** a callout.'", "- quote: Someone said this.")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "quote")
    assert problem.message == ("step 2, column 1, entry 2 should be a block (label and text) or "
                               "a callout (callout, optional colour)")


def test_block_with_an_extra_key(tmp_path):
    text = edit(VALID, "      text: More text.\n", "      text: More text.\n      colour: red\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "colour: red")
    assert problem.message == ("step 2, column 1, entry 1 (a block) has an unknown key "
                               "'colour'; allowed keys: label, text")


def test_duplicate_key(tmp_path):
    text = edit(VALID, "  icon: check\n", "  icon: check\n  icon: star\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "icon: star", 2)
    assert problem.message == "step 2 has the key 'icon' twice; keep one of them"


def test_list_where_text_is_expected(tmp_path):
    text = edit(VALID, "title: Broken on Purpose", "title: [Broken, on Purpose]")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "[Broken")
    assert problem.message == "the chapter's title should be text, not a list"


def test_mapping_where_text_is_expected(tmp_path):
    text = edit(VALID, "label: Two", "label: {a: b}")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "{a: b}")
    assert problem.message == "step 2, column 1, entry 1's label should be text, not a mapping"


@pytest.mark.parametrize("old, new, needle, message", [
    ("lit: [plan]", "lit: plan", "plan\n  columns",
     "step 1's lit stages should be a list (lines starting with '- '), not 'plan'"),
    ("lit: [plan, build]", "lit: plan, build", "plan, build",
     "step 2's lit stages should be a list (lines starting with '- '), not 'plan, build'"),
])
def test_text_where_a_list_is_expected(tmp_path, old, new, needle, message):
    text = edit(VALID, old, new)
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, needle)
    assert problem.message == message


def test_steps_as_text(tmp_path):
    text = "title: T\nsteps: none yet\n"
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "none yet")
    assert problem.message == "steps should be a list (lines starting with '- '), not 'none yet'"


def test_columns_as_text(tmp_path):
    text = VALID.replace("  columns:\n  - - label: One\n      text: |\n        Some **bold** text."
                         "\n\n        A second paragraph.\n", "  columns: one column\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "one column")
    assert problem.message == ("step 1's columns should be a list (lines starting with '- '), "
                               "not 'one column'")


def test_column_written_as_a_single_entry(tmp_path):
    # The most likely slip: forgetting the second '-' of '- - label:'.
    text = edit(VALID, "  - - label: One\n      text: |\n        Some **bold** text.\n\n"
                       "        A second paragraph.\n",
                "  - label: One\n    text: Some text.\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "label: One")
    assert problem.message.startswith("step 1, column 1 should be a list of blocks and callouts, "
                                      "not a mapping")
    assert "'- - label: ...'" in problem.message


def test_lit_stage_that_does_not_exist(tmp_path):
    text = edit(VALID, "lit: [plan, build]", "lit: [plan, biuld]")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "biuld")
    assert problem.message == ("step 2 lights stage 'biuld', which is not in the pipeline; "
                               "did you mean 'build'?")


def test_lit_stage_that_does_not_exist_lists_the_stages(tmp_path):
    text = edit(VALID, "lit: [plan]", "lit: [zzz]")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "zzz")
    assert problem.message == ("step 1 lights stage 'zzz', which is not in the pipeline; "
                               "the stages are: plan, build")


def test_lit_stage_twice(tmp_path):
    text = edit(VALID, "lit: [plan]", "lit: [plan, plan]")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "plan]")
    assert problem.message == "step 1 lights stage 'plan' twice"


def test_lit_without_a_pipeline(tmp_path):
    text = edit((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"),
                "  colour: violet\n", "  colour: violet\n  lit: [intro]\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "[intro]")
    assert problem.message == ("step 1 lights stages but the chapter has no pipeline; add a "
                               "pipeline or remove 'lit'")


def test_a_broken_stage_does_not_make_lit_look_wrong(tmp_path):
    text = edit(VALID, "icon: code", "icon: kode")
    problem = one_problem(tmp_path, text)  # only the icon; 'lit: [plan, build]' is fine
    assert where(problem) == at(text, "kode")
    assert problem.message.startswith("pipeline stage 2's icon 'kode' is not a known icon; "
                                      "did you mean 'code'?")


@pytest.mark.parametrize("columns", ["[[]]", "[[], []]"])
def test_empty_step(tmp_path, columns):
    text = VALID.replace("  columns:\n  - - label: One\n      text: |\n        Some **bold** text."
                         "\n\n        A second paragraph.\n", f"  columns: {columns}\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, columns)
    assert problem.message == ("step 1 is empty: give it at least one block (label and text) "
                               "or callout")


def test_no_columns_at_all(tmp_path):
    text = VALID.replace("  columns:\n  - - label: One\n      text: |\n        Some **bold** text."
                         "\n\n        A second paragraph.\n", "  columns: []\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "[]")
    assert problem.message == "step 1's columns is empty; it needs at least 1"


def test_three_columns(tmp_path):
    text = edit(VALID, "    - callout: '**Note:** a callout.'\n",
                "    - callout: '**Note:** a callout.'\n  - - label: B\n      text: b\n"
                "  - - label: C\n      text: c\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "- - label: Two")
    assert problem.message == "step 2's columns has 3; at most 2 are allowed"


def test_duplicate_step_ids(tmp_path):
    text = edit(VALID, "- id: second", "- id: first")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "id: first", 2)
    assert problem.message == ("step 2 has the id 'first', which an earlier step already uses; "
                               "step ids must be unique")


def test_duplicate_stage_ids(tmp_path):
    text = edit(edit(VALID, "- id: build", "- id: plan"), "lit: [plan, build]", "lit: [plan]")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "id: plan", 2)
    assert problem.message == ("pipeline stage id 'plan' is used twice; give each stage its "
                               "own id")


@pytest.mark.parametrize("bad", ["First Step", "Ümlaut", "-dash", "a.b"])
def test_bad_id(tmp_path, bad):
    text = edit(VALID, "- id: first", f"- id: '{bad}'")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, f"'{bad}'")
    assert problem.message == (f"step 1's id '{bad}' should be lower-case letters, digits, "
                               f"'-' and '_', starting with a letter or a digit, such as "
                               f"'team-topologies'")


def test_tab_indentation_is_not_yaml(tmp_path):
    text = edit(VALID, "  icon: check\n", "\ticon: check\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "\t")
    assert problem.message == ("this is not valid YAML (found character '\\t' that cannot start "
                               "any token); check the indentation and quoting here")


def test_unbalanced_brackets_are_not_yaml(tmp_path):
    text = edit(VALID, "lit: [plan]", "lit: [plan")
    problem = one_problem(tmp_path, text)
    # PyYAML notices at the ':' of the next key, which would otherwise sit inside the list.
    assert where(problem) == at(text, ":\n  - - label: One")
    assert problem.message.startswith("this is not valid YAML (")
    assert problem.message.endswith("); check the indentation and quoting here")


def test_prose_is_not_a_chapter(tmp_path):
    text = "Just some notes: about a chapter: I might write.\n"
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, ": I might")  # the second ': ' on the line
    assert problem.message.startswith("this is not valid YAML (mapping values are not allowed")


@pytest.mark.parametrize("text", ["", "\n\n   \n", "# only a comment\n", "---\n", "--- # nothing yet\n"])
def test_empty_file(tmp_path, text):
    problem = one_problem(tmp_path, text)
    assert where(problem) == (1, 1)
    assert problem.message == ("the file is empty; a chapter needs a title and steps "
                               "(see docs/content-format.md)")


def test_top_level_list(tmp_path):
    problem = one_problem(tmp_path, "- title: T\n- steps: []\n")
    assert where(problem) == (1, 1)
    assert problem.message == ("a chapter file should be a mapping with 'title' and 'steps', "
                               "not a list; see docs/content-format.md")


def test_top_level_text(tmp_path):
    problem = one_problem(tmp_path, "\nA chapter about tea\n")
    assert where(problem) == (2, 1)
    assert "should be a mapping with 'title' and 'steps', not 'A chapter about tea'" in \
        problem.message


def test_missing_required_step_key(tmp_path):
    text = edit(VALID, "  icon: check\n", "")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "id: second")
    assert problem.message == "step 2 is missing 'icon'; add it"


def test_missing_chapter_keys(tmp_path):
    problems = problems_in(tmp_path, "subtitle: Nothing else yet\n")
    assert [(where(p), p.message) for p in problems] == [
        ((1, 1), "the chapter is missing 'title'; add it"),
        ((1, 1), "the chapter is missing 'steps'; add it"),
    ]


def test_missing_stage_label(tmp_path):
    text = edit(VALID, "  label: Build\n", "")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "id: build")
    assert problem.message == "pipeline stage 2 is missing 'label'; add it"


def test_missing_block_text(tmp_path):
    text = edit(VALID, "      text: More text.\n", "")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "label: Two")
    assert problem.message == "step 2, column 1, entry 1 (a block) is missing 'text'; add it"


@pytest.mark.parametrize("value", ["''", "'   '"])
def test_empty_text_value(tmp_path, value):
    text = edit(VALID, "title: Second", f"title: {value}")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, value)
    assert problem.message == "step 2's title is empty; write something or remove the key"


def test_no_value_at_all(tmp_path):
    text = edit(VALID, "title: Second", "title:")
    problem = one_problem(tmp_path, text)
    assert problem.line == at(text, "title:\n")[0]
    assert problem.message == "step 2's title should be text, not nothing"


def test_bad_colour_with_did_you_mean(tmp_path):
    text = edit(VALID, "colour: violet", "colour: violett")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "violett")
    assert problem.message == ("step 1's colour 'violett' is not a colour; did you mean "
                               "'violet'? use one of violet, blue, teal, amber, pink, red, "
                               "green, orange or #rrggbb")


@pytest.mark.parametrize("value", ["'#12345'", "'#1234567'", "'#gggggg'", "rgb(1,2,3)"])
def test_bad_colour(tmp_path, value):
    text = edit(VALID, "colour: blue", f"colour: {value}")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, value)
    assert problem.message.startswith(f"step 2's colour '{value.strip(chr(39))}' is not a "
                                      f"colour; use one of violet")


def test_hex_colours_are_fine_in_quotes(tmp_path):
    text = edit(VALID, "colour: blue", "colour: ['#2563EB', '#0d9488']")
    chapter, problems = check_text(text, "x")
    assert problems == []
    assert chapter.step(2).colours == ("#2563EB", "#0d9488")


def test_unquoted_hex_colour_is_a_comment(tmp_path):
    text = edit(VALID, "colour: blue", "colour: #2563eb")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "#2563eb")
    assert problem.message == ("step 2's colour has no value: YAML reads an unquoted #rrggbb as "
                               "a comment; put it in quotes, such as '#7c3aed'")


def test_three_colours(tmp_path):
    text = edit(VALID, "colour: blue", "colour: [blue, teal, green]")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "[blue")
    assert problem.message == "step 2's colour list has 3; at most 2 are allowed"


def test_bad_callout_colour(tmp_path):
    text = edit(VALID, "    - callout: '**Note:** a callout.'\n",
                "    - callout: '**Note:** a callout.'\n      colour: golden\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "golden")
    assert problem.message.startswith("step 2, column 1, entry 2's colour 'golden' is not a "
                                      "colour;")


def test_callout_colour_defaults_to_the_step_colour():
    chapter, _ = check_text(edit(VALID, "colour: blue", "colour: [pink, red]"), "x")
    assert chapter.step(2).columns[0][1] == Callout("**Note:** a callout.", "pink")


def test_unknown_icon_with_did_you_mean(tmp_path):
    text = edit(VALID, "icon: star", "icon: stra")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "stra")
    assert problem.message.startswith("step 1's icon 'stra' is not a known icon; did you mean "
                                      "'star'? use one of person, engineering,")
    assert problem.message.endswith("or a single one-cell character")


@pytest.mark.parametrize("icon", ["🚀", "漢", "ab", '"\\u0301"', '"\\x1b"'])
def test_icons_that_are_not_one_cell(tmp_path, icon):
    text = edit(VALID, "icon: star", f"icon: {icon}")
    problem = one_problem(tmp_path, text)
    assert where(problem) == value_at(text, f"icon: {icon}")
    assert ("holds a control character" if icon == '"\\x1b"' else "is not a known icon") \
        in problem.message


def test_a_blank_icon_is_empty(tmp_path):
    text = edit(VALID, "icon: star", "icon: ' '")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "' '")
    assert problem.message == "step 1's icon is empty; write something or remove the key"


@pytest.mark.parametrize("icon", ["§", "Ω", "→", "x"])
def test_any_single_one_cell_character_is_an_icon(icon):
    chapter, problems = check_text(edit(VALID, "icon: star", f"icon: {icon}"), "x")
    assert problems == []
    assert chapter.step(1).icon == icon


def test_unclosed_bold_in_a_block_scalar(tmp_path):
    text = edit(VALID, "Some **bold** text.", "Some **bold text.")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "**bold")
    assert problem.message == ("step 1, column 1, entry 1's text: '**' opens bold text that is "
                               "never closed in its paragraph: add the closing '**' (or write "
                               "\\* for a literal asterisk)")


def test_unclosed_italic_in_a_later_line_of_a_block_scalar(tmp_path):
    text = edit(VALID, "A second paragraph.", "A *second paragraph.")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "*second")
    assert "'*' opens italic text that is never closed" in problem.message


def test_bold_running_across_paragraphs_is_an_error(tmp_path):
    # Balanced in the field as a whole, but the deck draws paragraph by paragraph.
    text = edit(edit(VALID, "Some **bold** text.", "Some **bold text."),
                "A second paragraph.", "A second** paragraph.")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "**bold")
    assert "never closed in its paragraph" in problem.message


def test_bold_running_across_bullet_lines_is_an_error(tmp_path):
    text = edit(VALID, "A second paragraph.", "• **one\n        • two**")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "**one")
    assert "never closed in its bullet line" in problem.message


def test_unclosed_bold_in_a_quoted_value(tmp_path):
    text = edit(VALID, "'**Note:** a callout.'", "'**Note: a callout.'")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "**Note")
    assert problem.message.startswith("step 2, column 1, entry 2's callout text: '**' opens bold")


def test_unclosed_bold_on_a_continuation_line_of_a_quoted_value(tmp_path):
    text = edit(VALID, "  lit: [plan]\n",
                "  lit: [plan]\n  narration: '**Lead-in.** The first line, and then\n"
                "    the **second line.'\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "**second")
    assert problem.message.startswith("step 1's narration: '**' opens bold text")


def test_unclosed_italic_in_a_folded_block(tmp_path):
    text = edit(VALID, "text: More text.", "text: >\n        Folded lines\n"
                                          "        with *one marker.\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "*one")


def test_unclosed_markup_with_a_comment_on_the_block_header(tmp_path):
    text = edit(VALID, "text: More text.", "text: |  # *not* text\n        More *text.\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "*text.")


def test_escaped_asterisk_is_fine():
    chapter, problems = check_text(edit(VALID, "More text.", r"5 \* 3 is 15."), "x")
    assert problems == []
    assert plain(chapter.step(2).columns[0][0].text) == "5 * 3 is 15."


def test_more_than_thirty_steps(tmp_path):
    base = (FIXTURES / "thirty.yaml").read_text(encoding="utf-8")
    text = base + dedent("""\
        - id: step-31
          title: One Too Many
          icon: star
          colour: red
          columns:
          - - label: L
              text: T
        """)
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "- id: step-01")
    assert problem.message == f"steps has 31; at most {MAX_STEPS} are allowed"


def test_more_than_twelve_stages(tmp_path):
    stages = "".join(f"- id: s{i}\n  icon: star\n  label: S{i}\n" for i in range(13))
    text = edit(VALID, "pipeline:\n- id: plan\n  icon: flag\n  label: Plan\n"
                       "- id: build\n  icon: code\n  label: Build\n",
                f"pipeline:\n{stages}").replace("[plan]", "[s0]").replace("[plan, build]", "[s1]")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "- id: s0")
    assert problem.message == f"the pipeline has 13; at most {MAX_STAGES} are allowed"


def test_twelve_stages_are_fine():
    stages = "".join(f"- id: s{i}\n  icon: star\n  label: S{i}\n" for i in range(12))
    text = VALID.replace("- id: plan\n  icon: flag\n  label: Plan\n- id: build\n  icon: code\n"
                         "  label: Build\n", stages).replace("plan", "s0").replace("build", "s11")
    chapter, problems = check_text(text, "x")
    assert problems == []
    assert len(chapter.pipeline) == 12
    assert chapter.lit_arrows(2) == [False] * 11


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.yaml"
    chapter, problems = check_file(path)
    assert chapter is None
    assert problems == [Problem(str(path), None, None, "no such file; check the path")]
    assert str(problems[0]) == f"{path}: no such file; check the path"


def test_folder_instead_of_file(tmp_path):
    chapter, problems = check_file(tmp_path)
    assert chapter is None
    assert [p.message for p in problems] == [
        "this is a folder, not a file; name a .yaml file inside it"]


def returns_within(seconds: float, call):
    """What `call()` returns, or a failure (not a hung test) when it blocks for longer."""
    import threading

    out: list = []

    def run() -> None:
        try:
            out.append(call())
        except BaseException as exc:  # noqa: BLE001 - raised again in the test's thread
            out.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert out, f"still blocked after {seconds} s"
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


def test_only_regular_files_are_read(tmp_path):
    """A device or a pipe is never read: /dev/zero would be read for ever, and a FIFO with
    no writer would block the check, the deck and the quiz."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    for path in (Path("/dev/zero"), fifo, zero):
        chapter, problems = returns_within(60, lambda: check_file(path))
        assert chapter is None
        assert [p.message for p in problems] == [
            "this is not a regular file (a device, a pipe or a socket); name a .yaml file"]


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    from tui.content.checking import MAX_FILE_BYTES

    big = tmp_path / "big.yaml"
    big.write_text("title: x\n" + "#" * MAX_FILE_BYTES, encoding="utf-8")
    chapter, problems = check_file(big)
    assert chapter is None
    assert [p.message for p in problems] == [
        f"this file is {big.stat().st_size:,} bytes; a chapter or quiz file may hold at most "
        f"{MAX_FILE_BYTES:,} bytes (1 MB): split it into smaller chapters"]
    just = tmp_path / "just.yaml"
    just.write_text(VALID + "#" * (MAX_FILE_BYTES - len(VALID.encode())), encoding="utf-8")
    assert just.stat().st_size == MAX_FILE_BYTES
    assert check_file(just)[1] == []


def test_a_symlink_loop_is_a_plain_problem(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "other.yaml")
    (tmp_path / "other.yaml").symlink_to(loop)
    chapter, problems = check_file(loop)
    assert chapter is None
    assert [p.message for p in problems] == [
        "this is a symbolic link that leads back to itself (a loop); point it at a file"]


@pytest.mark.parametrize("kind", ["device", "fifo", "loop"])
@pytest.mark.parametrize("command", [["check"], [], ["quiz", "--quiz"], ["export", "-o", "out"]])
def test_every_command_refuses_what_it_cannot_read(tmp_path, capsys, monkeypatch, kind,
                                                   command):
    """check, the deck, the quiz (--quiz) and export say plainly what is wrong with a
    device, a FIFO or a symlink loop (never read for ever, never blocked, no traceback)."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "content.yaml"
    if kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(tmp_path / "back.yaml")
        (tmp_path / "back.yaml").symlink_to(path)
    argv = [*command, str(path)]
    if command[-1:] == ["--quiz"]:
        argv = [*command, str(path), str(default_chapter())]
    assert returns_within(60, lambda: main(argv)) == 2
    err = capsys.readouterr()
    message = {"device": "this is not a regular file", "fifo": "this is not a regular file",
               "loop": "this is a symbolic link that leads back to itself"}[kind]
    assert f"{path}: {message}" in err.out + err.err
    assert "Traceback" not in err.out + err.err


@pytest.mark.parametrize(("old", "new", "where"), [
    ("title: First", 'title: "Fi\\e[2Jrst"', "step 1's title"),
    ("text: More text.", 'text: "More\\rtext."', "step 2, column 1, entry 1's text"),
    ("label: Plan", 'label: "Pl\\x9ban"', "pipeline stage 1's label"),  # C1: CSI
    ("title: Broken on Purpose", 'title: "Broken\\x7f"', "the chapter's title"),
])
def test_control_characters_in_text_are_refused(tmp_path, old, new, where):
    """YAML's escapes can put any control character in a string; a terminal would act on
    it (clear the screen, move the cursor, fake a message) instead of showing it."""
    problem = one_problem(tmp_path, edit(VALID, old, new))
    assert problem.message.startswith(f"{where} holds a control character (U+")
    assert "which a terminal would act on instead of showing; remove it" in problem.message


def test_tab_and_newline_are_still_text():
    text = edit(VALID, "text: More text.", 'text: "More\\ttext.\\nA new line."')
    assert check_text(text, "x")[1] == []


def test_check_escapes_what_it_quotes_from_the_file(tmp_path, capsys):
    """A key that rewrites the line (CR, ESC[2K) and hides the rest (ESC[8m) made a failing
    check look clean; every message shows such characters as escapes."""
    forged = '"\\r\\e[2K1 file checked, no problems.\\e[8m": 1\n'
    path = tmp_path / "forged\x1b[31m.yaml"
    path.write_text(forged + VALID, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    out = capsys.readouterr().out
    assert not [c for c in out if ord(c) < 32 and c != "\n" or 0x7f <= ord(c) <= 0x9f]
    assert "unknown key '\\r\\x1b[2K1 file checked, no problems.\\x1b[8m'" in out
    assert "forged\\x1b[31m.yaml:1:1:" in out
    assert out.rstrip().endswith("see docs/content-format.md for the format.")


def test_non_utf8_file(tmp_path):
    # Latin-1 'é' in 'Café' on line 2; line 1 has UTF-8 'é's before it, which count as one
    # column each.
    data = "title: Thé é\n".encode("utf-8") + "subtitle: Café au lait\n".encode("latin-1")
    problem = one_problem(tmp_path, data)
    assert where(problem) == (2, 14)
    assert problem.message == "this is not UTF-8 text; save the file as UTF-8"


def test_non_utf8_column_counts_characters(tmp_path):
    data = "title: ééé ".encode("utf-8") + b"\xff\n"
    problem = one_problem(tmp_path, data)
    assert where(problem) == (1, 12)


def test_control_character(tmp_path):
    text = edit(VALID, "title: Second", "title: Sec\x07ond")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "\x07")
    assert problem.message == ("this file holds a control character (#x0007) that YAML does not "
                               "allow; delete it")


def test_two_yaml_documents(tmp_path):
    text = VALID + "---\ntitle: Another\n"
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "---")
    assert problem.message == ("the file holds more than one YAML document (a second '---'); "
                               "keep one")


def test_one_document_with_a_leading_marker_is_fine():
    assert check_text("---\n" + VALID, "x")[1] == []


def test_deep_nesting_is_reported_not_raised(tmp_path):
    text = "title: T\nsteps: " + "[" * 5000 + "]" * 5000 + "\n"
    problem = one_problem(tmp_path, text)
    assert problem.line == 2
    assert problem.message == ("lists or mappings are nested too deeply here to read; a "
                               "chapter needs only a few levels")


def test_format_version(tmp_path):
    text = "format: 2\n" + VALID
    problem = one_problem(tmp_path, text)
    assert where(problem) == (1, 9)
    assert problem.message == ("format should be 1 (a number), the only version this "
                               "chapterdeck reads")


@pytest.mark.parametrize("value", ["0", "-2", "soon", "[3]", ".inf"])
def test_bad_minutes(tmp_path, value):
    text = edit(VALID, "  lit: [plan]\n", f"  lit: [plan]\n  minutes: {value}\n")
    problem = one_problem(tmp_path, text)
    assert where(problem) == value_at(text, f"minutes: {value}")
    assert problem.message == "step 1's minutes should be a number above 0, such as 4 or 2.5"


def test_minutes_may_be_a_fraction():
    chapter, _ = check_text(edit(VALID, "  lit: [plan]\n", "  lit: [plan]\n  minutes: 2.5\n"),
                            "x")
    assert chapter.step(1).minutes == 2.5


def test_numbers_dates_and_yes_are_text():
    text = edit(edit(edit(VALID, "title: Broken on Purpose", "title: 2024"),
                     "title: Second", "title: Yes"),
                "  lit: [plan]\n", "  lit: [plan]\n  subtitle: 2024-05-01\n")
    chapter, problems = check_text(text, "x")
    assert problems == []
    assert chapter.title == "2024"
    assert chapter.step(2).title == "Yes"
    assert chapter.step(1).subtitle == "2024-05-01"


def test_tagged_value(tmp_path):
    text = edit(VALID, "title: Second", "title: !custom Second")
    problem = one_problem(tmp_path, text)
    assert where(problem) == at(text, "!custom")
    assert problem.message == ("step 2's title should be text, not a value tagged '!custom' "
                               "(remove the tag)")


def test_anchors_and_aliases_are_followed():
    text = edit(edit(VALID, "colour: violet", "colour: &main violet"), "colour: blue",
                "colour: *main")
    chapter, problems = check_text(text, "x")
    assert problems == []
    assert chapter.step(2).colours == ("violet",)


def test_several_problems_are_all_reported_at_once(tmp_path):
    text = VALID
    text = edit(text, "  title: First", "  titel: First")
    text = edit(text, "colour: blue", "colour: purple")
    text = edit(text, "icon: check", "icon: chek")
    text = edit(text, "lit: [plan, build]", "lit: [plan, nope]")
    text = edit(text, "Some **bold** text.", "Some **bold text.")
    text = edit(text, "- id: build", "- id: plan")
    problems = problems_in(tmp_path, text)
    found = {(where(p), p.message.split(";")[0].split(":")[0]) for p in problems}
    assert found == {
        (at(text, "titel"), "step 1 has an unknown key 'titel'"),
        (at(text, "id: first"), "step 1 is missing 'title'"),
        (at(text, "id: plan", 2), "pipeline stage id 'plan' is used twice"),
        (at(text, "**bold"), "step 1, column 1, entry 1's text"),
        (at(text, "chek"), "step 2's icon 'chek' is not a known icon"),
        (at(text, "purple"), "step 2's colour 'purple' is not a colour"),
        (at(text, "nope"), "step 2 lights stage 'nope', which is not in the pipeline"),
    }
    assert len(problems) == 7


def test_problems_in_several_steps_are_all_reported(tmp_path):
    text = (FIXTURES / "thirty.yaml").read_text(encoding="utf-8")
    text = text.replace("label: First Block", "lable: First Block")
    problems = problems_in(tmp_path, text)
    unknown = [p for p in problems if "unknown key 'lable'; did you mean 'label'?" in p.message]
    assert len(unknown) == 30
    assert len({p.line for p in unknown}) == 30


# -- the `chapterdeck check` command ------------------------------------------------------

def test_check_the_shipped_content(capsys):
    """With no files, `check` checks the bundled chapters and the bundled quizzes."""
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    shipped = len(bundled_files()) + len(bundled_quizzes())
    assert bundled_quizzes()
    assert out.strip() == f"{shipped} files checked, no problems."


def test_check_clean_files(capsys):
    files = [str(FIXTURES / n) for n in ("minimal.yaml", "thirty.yaml", "two-steps.yaml")]
    assert main(["check", *files, str(default_chapter())]) == 0
    assert capsys.readouterr().out == "4 files checked, no problems.\n"


def test_check_a_broken_file(tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    text = edit(edit(VALID, "colour: violet", "colour: purple"), "icon: check", "icon: chek")
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    lines = capsys.readouterr().out.splitlines()
    line, column = at(text, "purple")
    assert lines[0].startswith(f"{path}:{line}:{column}: step 1's colour 'purple' is not a colour")
    line, column = at(text, "chek")
    assert lines[1].startswith(f"{path}:{line}:{column}: step 2's icon 'chek' is not a known icon")
    assert lines[2] == "2 problems in 1 file; see docs/content-format.md for the format."
    assert len(lines) == 3
    for problem_line in lines[:2]:
        assert re.match(rf"^{re.escape(str(path))}:\d+:\d+: \S", problem_line)


def test_check_reports_every_file(tmp_path, capsys):
    good = FIXTURES / "minimal.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text("- not a chapter\n", encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    assert main(["check", str(good), str(bad), str(missing)]) == 2
    assert capsys.readouterr().out.splitlines() == [
        f"{bad}:1:1: a chapter file should be a mapping with 'title' and 'steps', not a list; "
        f"see docs/content-format.md",
        f"{missing}: no such file; check the path",
        "2 problems in 2 files; see docs/content-format.md for the format.",
    ]


def test_playing_a_broken_file_reports_and_exits_2(tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    path.write_text("title: T\n", encoding="utf-8")
    assert main([str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"chapterdeck cannot play {path}:",
        f"{path}:1:1: the chapter is missing 'steps'; add it",
        "1 problem in 1 file; see docs/content-format.md for the format.",
    ]


# -- properties: the checker reports, it never raises ------------------------------------

KEYS = ["format", "id", "title", "subtitle", "tag", "previous", "next", "pipeline", "steps",
        "icon", "label", "colour", "lit", "narration", "notes", "minutes", "columns", "text",
        "callout"]
WORDS = KEYS + list(icons.ICONS) + list(PALETTE) + ["plan", "build", "#7c3aed", "**", "*"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.sampled_from(WORDS), st.text(max_size=20),
    st.text(alphabet=st.sampled_from(list("*\\ab \n•")), max_size=12),
)
yamlish = yaml_like(scalars, KEYS, list_size=4, key_size=8)
chapterish = st.fixed_dictionaries(
    {"title": scalars, "steps": st.lists(st.fixed_dictionaries(
        {"id": st.sampled_from(["a", "b", "A", ""]), "title": scalars,
         "icon": st.sampled_from(list(icons.ICONS) + ["x", "🚀", ""]),
         "colour": st.one_of(st.sampled_from(list(PALETTE) + ["#7c3aed", "nope"]),
                             st.lists(st.sampled_from(list(PALETTE)), max_size=3)),
         "columns": st.lists(st.lists(st.one_of(
             st.fixed_dictionaries({"label": scalars, "text": scalars}),
             st.fixed_dictionaries({"callout": scalars}, optional={"colour": scalars}),
             yamlish), max_size=3), max_size=3)},
        optional={"lit": st.lists(st.sampled_from(["plan", "build", "x"]), max_size=3),
                  "narration": scalars, "minutes": scalars, "subtitle": scalars},
    ), max_size=3)},
    optional={"pipeline": st.lists(st.fixed_dictionaries(
        {"id": st.sampled_from(["plan", "build", "x"]), "icon": st.sampled_from(["flag", "?"]),
         "label": scalars}), max_size=3), "format": scalars},
)


def assert_reported_not_raised(text: str) -> None:
    chapter, problems = check_text(text, "fuzz.yaml")
    assert (chapter is None) == bool(problems)
    assert_problems_point_into(problems, text, "fuzz.yaml")
    if chapter is not None:
        # Whatever the checker passes, the deck can draw: every paragraph and bullet line
        # parses on its own.
        for step in chapter.steps:
            assert step.columns and step.colours and 1 <= len(step.columns) <= 2
            for field in step.marked() + [step.narration, chapter.subtitle]:
                parse_like_the_deck(field)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_is_reported_not_raised(text):
    assert_reported_not_raised(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yamlish)
def test_random_yaml_structures_are_reported_not_raised(data):
    assert_reported_not_raised(yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chapterish, st.booleans())
def test_random_chapters_are_reported_not_raised(data, flow):
    assert_reported_not_raised(yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                              default_flow_style=flow))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(VALID)), st.integers(0, 12),
       st.text(alphabet=st.sampled_from(list("-:[]{}'\"|>*&!#\t\n ab\\")), max_size=6))
def test_damaged_valid_files_are_reported_not_raised(start, length, insert):
    assert_reported_not_raised(VALID[:start] + insert + VALID[start + length:])


@pytest.mark.parametrize("name", ["minimal.yaml", "thirty.yaml", "two-steps.yaml"])
def test_fast_and_exact_readers_agree(name, monkeypatch):
    """Clean files are read with libyaml when it is there; the pure reader must agree."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    shipped = default_chapter().read_text(encoding="utf-8")
    fast = check_text(text, name), check_text(shipped, "ch03")
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)  # as where PyYAML lacks libyaml
    assert fast[0] == check_text(text, name)
    assert fast[1] == check_text(shipped, "ch03")


# -- fields drawn as written take no markup (issue 9, items 26 and 27) -------------------------

from helpers import SMALL_CHAPTER  # noqa: E402


@pytest.mark.parametrize("old, new, field", [
    ("    columns:\n      - - label: Alpha", "    notes: 'Multiply 5 * 3, then **say** it'\n"
     "    columns:\n      - - label: Alpha", "notes"),
    ("title: First Step", "title: '**Bold title** * 2'", "title"),
    ('title: "Ch 9 — A Small Test Chapter"', "title: 'Ch 9 * A Test'", "chapter title"),
    ("label: Alpha", "label: 'Alpha * 2'", "label"),
    ("tag: Test", "tag: '*Test'", "tag"),
], ids=lambda v: v if isinstance(v, str) and " " not in v else None)
def test_fields_drawn_as_written_take_asterisks_as_written(old, new, field):
    chapter, problems = check_text(edit(SMALL_CHAPTER, old, new), "small.yaml")
    assert not problems, problems
    written = new.split(": ", 1)[1].strip("'\n").split("'")[0]
    values = {"notes": chapter.steps[0].notes, "title": chapter.steps[0].title,
              "chapter title": chapter.title, "label": chapter.steps[0].columns[0][0].label,
              "tag": chapter.tag}
    assert values[field] == written


def test_format_must_be_the_number_1_not_the_text_and_ids_may_have_underscores():
    _, problems = check_text("format: '1'\n" + SMALL_CHAPTER, "small.yaml")
    assert [p.message for p in problems] == [
        "format should be 1 (a number), the only version this chapterdeck reads"]
    assert check_text("format: 1\n" + SMALL_CHAPTER, "small.yaml")[1] == []
    assert check_text(edit(SMALL_CHAPTER, "id: first", "id: first_step"), "s.yaml")[1] == []
    _, problems = check_text(edit(SMALL_CHAPTER, "id: first", "id: First"), "s.yaml")
    (message,) = [p.message for p in problems]
    assert "'-' and '_'" in message and "starting with a letter or a digit" in message
