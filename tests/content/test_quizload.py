"""The quiz format: the chapter 3 bank against the issue's counts, every error and warning the
checker gives (message, line and column), `chapterdeck check` on quiz files, the bundled paths,
and the property that any text is reported, never raised. No Textual here."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from textwrap import dedent

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from helpers import assert_problems_point_into, at, edit, parse_like_the_deck, value_at, yaml_like
from tui.cli import main
from tui.content import paths
from tui.content.loader import ContentError, Problem, load_chapter
from tui.content.markup import plain
from tui.content.paths import bundled_quizzes, default_chapter, quiz_for_chapter, quizzes_dir
from tui.content.quiz import QUESTION_TYPES, QuestionBank
from tui.content.quizload import (
    ECHO_OTHERS, ECHO_WORDS, LONGEST_MARGIN, LONGEST_RATIO, check_quiz_file, check_quiz_text, is_quiz, load_quiz,
)

BANK = ROOT / "quizzes" / "ch03-ai-product-roles.yaml"
DOCS = ROOT / "docs" / "content-format.md"
STEPS = ("ai-pm", "core-team", "genai-roles", "topologies", "pm-ml", "mistakes", "scaling",
         "playbook")
CORE_ROLES = ("ML Engineer", "Data Engineer", "Data Scientist", "Software Engineer",
              "UX Designer", "Domain Expert")
# The four mistakes of step 6 and the questions that test each. The questions ask for the fix
# or the owner, not for the mistake's label: a story whose options are the four labels is a
# matching exercise (issue 8), so none is left.
MISTAKES = {
    "data infrastructure": ("mistakes-first-ai-hire", "mistakes-hiring-sequence"),
    "no PM": ("mistakes-small-team-needs-pm",),
    "evaluation afterthought": ("mistakes-evaluation-plan",),
    "cost and incidents": ("mistakes-cost-owner", "mistakes-night-incident-owner",
                           "mistakes-ai-specific-duties", "mistakes-ownership-matrix"),
}
MISTAKE_LABELS = ("before the data infrastructure", "without a PM",
                  "evaluation as an afterthought", "cost and incidents with no owner")
# British spellings the chapter does not use (it writes organize, prioritize, modeling,
# labeled, behavior); the bank, the narration and the notes follow it.
BRITISH = re.compile(r"\b(organis\w*|prioritis\w*|optimis\w*|summaris\w*|labell\w*|modell\w*|"
                     r"behaviour\w*|centre\w*|theatre\w*|catalogue\w*|judgement\w*|colour(?!:)\w*|"
                     r"productionis\w*|centralis\w*|recognis\w*|analys(e|ed|ing)\b)", re.I)


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return load_quiz(BANK)


# -- the chapter 3 bank -------------------------------------------------------------------

def test_the_bank_is_bundled_and_found_by_its_chapter(bank):
    assert BANK.resolve() in [p.resolve() for p in bundled_quizzes()]
    assert quiz_for_chapter("ch03-ai-product-roles").resolve() == BANK.resolve()
    assert bank.chapter == load_chapter(default_chapter()).id == "ch03-ai-product-roles"
    assert bank.source == BANK


def test_the_bank_checks_clean_with_no_warnings(capsys):
    assert main(["check", str(BANK)]) == 0
    assert capsys.readouterr().out == "1 file checked, no problems.\n"


def test_the_bank_has_sixty_four_questions_and_eight_for_every_step(bank):
    assert len(bank.questions) >= 64
    main_step = Counter(q.steps[0] for q in bank.questions)
    assert set(main_step) == set(STEPS)
    for step in STEPS:
        assert main_step[step] >= 8, step


def test_every_question_type_is_used_and_six_of_each_rarer_one(bank):
    kinds = Counter(q.kind for q in bank.questions)
    assert set(kinds) == set(QUESTION_TYPES)
    assert kinds["multiple"] >= 6 and kinds["match"] >= 6 and kinds["order"] >= 6
    for q in bank.questions:
        if q.kind == "multiple":
            assert "TWO" in q.stem, q.id  # "Which TWO ...", so the learner knows how many


def test_the_topics_the_issue_asks_for(bank):
    titles = {t.id: t.title for t in bank.topics}
    assert titles["topologies"] == "Choose the topology"
    assert titles["mistakes"] == "Spot the team mistake"
    assert {"who-to-ask", "scaling"} <= set(titles)
    for topic in bank.topics:
        assert bank.for_topic(topic.id), f"topic {topic.id} has no questions"
    assert len(bank.for_topic("topologies")) >= 6
    assert all("topologies" in q.steps for q in bank.for_topic("topologies"))


def test_every_mistake_is_tested_and_no_story_is_a_labeling_exercise(bank):
    for mistake, ids in MISTAKES.items():
        for question_id in ids:
            q = bank.question(question_id)
            assert q is not None, (mistake, question_id)
            assert "mistakes" in q.steps and "mistakes" in q.topics, question_id
    for q in bank.questions:
        labels = [o.text for o in q.options if any(label in o.text for label in MISTAKE_LABELS)]
        assert len(labels) <= 1, (q.id, labels)


def test_bank_and_chapter_use_american_spelling(bank):
    texts = [q.stem + q.explanation for q in bank.questions]
    texts += [o.text + o.why for q in bank.questions for o in q.options]
    texts += [p.prompt + p.answer + p.why for q in bank.questions for p in q.pairs]
    chapter = load_chapter(default_chapter())
    texts += [step.narration + step.notes for step in chapter.steps]
    found = sorted({m.group(0) for text in texts for m in BRITISH.finditer(text)})
    assert found == []


def test_who_to_ask_covers_the_six_core_roles(bank):
    answered = set()
    for q in bank.for_topic("who-to-ask"):
        answers = [p.answer for p in q.pairs] + [o.text for o in q.options if o.correct]
        answered |= {role for role in CORE_ROLES for a in answers if role.lower() in a.lower()}
    assert answered == set(CORE_ROLES)


def test_the_genai_roles_each_have_a_question(bank):
    text = " ".join(p.answer for q in bank.for_step("genai-roles") for p in q.pairs).lower()
    text += " ".join(o.text for q in bank.for_step("genai-roles") for o in q.options).lower()
    for role in ("prompt engineer", "mlops", "evaluation specialist", "ai architect"):
        assert role in text, role
    assert any("hiring" in q.id for q in bank.for_step("genai-roles"))  # the hiring reality


def test_every_choice_explains_itself_and_tags_come_from_the_list(bank):
    header = BANK.read_text(encoding="utf-8").split("\nquestions:", 1)[0]
    listed = set(re.findall(r"^#   ([a-z-]+) ", header, re.M))
    used = Counter()
    for q in bank.questions:
        for o in q.options:
            assert o.why.startswith(("Right", "Wrong", "Tempting")) or q.kind == "order", q.id
            if q.kind in ("single", "multiple"):
                assert o.why.startswith("Right") == o.correct, (q.id, o.text)
            if o.misconception:
                used[o.misconception] += 1
        for p in q.pairs:
            assert p.why
    assert set(used) <= listed, set(used) - listed
    assert len(used) >= 8
    assert sum(bool(o.misconception) for q in bank.questions for o in q.options) >= 40


def test_the_key_is_written_in_every_position_and_is_rarely_the_longest(bank):
    singles = [q for q in bank.questions if q.kind == "single"]
    positions = Counter(q.correct[0] for q in singles if len(q.options) == 4)
    assert set(positions) == {0, 1, 2, 3} and min(positions.values()) >= 5, positions
    longest = [q.id for q in singles
               if (lengths := [len(plain(o.text)) for o in q.options])[q.correct[0]]
               == max(lengths) and lengths.count(max(lengths)) == 1]
    assert len(longest) <= len(singles) // 4, longest  # no more often than by chance


def test_stems_are_scenarios_not_recall(bank):
    chapter = load_chapter(default_chapter())
    chapter_text = " ".join(" ".join(step.texts()) for step in chapter.steps)
    for q in bank.questions:
        assert len(plain(q.stem)) >= 60, q.id  # a situation, not a one-line prompt
        # No stem copies a sentence of the chapter: at most a few words in a row.
        words = plain(q.stem).split()
        for i in range(len(words) - 8):
            assert " ".join(words[i:i + 9]) not in chapter_text, (q.id, words[i:i + 9])


def test_question_lines_point_at_their_ids(bank):
    lines = BANK.read_text(encoding="utf-8").splitlines()
    for q in bank.questions:
        assert lines[q.line - 1] == f"- id: {q.id}"


def test_fast_and_exact_readers_agree_on_the_bank():
    from tui.content.checking import Checker, compose_exactly
    from tui.content.quizload import QUIZ_FILE, _QuizChecker

    assert issubclass(_QuizChecker, Checker)
    text = BANK.read_text(encoding="utf-8")
    root, problems = compose_exactly(text, str(BANK), QUIZ_FILE)
    checker = _QuizChecker(str(BANK))
    assert problems == [] and checker.bank(root) == check_quiz_text(text, str(BANK))[0]
    assert checker.problems == []


def test_every_text_of_the_bank_can_be_drawn(bank):
    for q in bank.questions:
        for text in [q.stem, q.explanation] + [o.text for o in q.options] + \
                [o.why for o in q.options] + [p.prompt for p in q.pairs]:
            parse_like_the_deck(text)


# -- paths and packaging ------------------------------------------------------------------

def test_quizzes_dir_and_lookup(tmp_path, monkeypatch):
    assert quizzes_dir() == BANK.parent
    assert quiz_for_chapter("no-such-chapter") is None
    # A quiz named otherwise is still found by its top-level chapter key.
    (tmp_path / "any-name.yaml").write_text("chapter: ch07-other\nquestions: []\n",
                                            encoding="utf-8")
    monkeypatch.setattr(paths, "quizzes_dir", lambda: tmp_path)
    assert quiz_for_chapter("ch07-other") == tmp_path / "any-name.yaml"
    assert quiz_for_chapter("ch03-ai-product-roles") is None


def test_the_wheel_and_sdist_ship_the_quizzes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    build = project["tool"]["hatch"]["build"]["targets"]
    assert build["wheel"]["force-include"]["quizzes"] == "tui/quizzes"
    assert "quizzes" in build["sdist"]["include"]


# -- a small valid quiz, and every error ------------------------------------------------------

VALID = dedent("""\
    chapter: ch03-ai-product-roles
    title: Test Quiz
    topics:
    - id: topologies
      title: Choose the topology
    questions:
    - id: pick-one
      type: single
      steps: [topologies]
      topics: [topologies]
      stem: A small firm has one AI feature. Which topology fits?
      options:
      - text: Embedded model
        correct: true
        why: Right, one feature.
      - text: Central platform team
        why: Wrong, a queue.
        misconception: over-centralising
      - text: Hybrid model
        why: Wrong, too early.
    - id: pick-two
      type: multiple
      steps: [core-team]
      stem: Which TWO roles are in the smallest team?
      options:
      - text: Data engineer
        correct: true
        why: Right.
      - text: ML engineer
        correct: true
        why: Right.
      - text: MLOps engineer
        why: Wrong.
    - id: put-in-order
      type: order
      steps: [scaling]
      stem: Put the stages in order.
      items:
      - text: Exploration
        why: First.
      - text: Product-market fit
        why: Second.
      - text: Scale
        why: Third.
      explanation: Roles arrive as bottlenecks appear.
    - id: match-them
      type: match
      steps: [core-team, genai-roles]
      stem: Match each question to a role.
      pairs:
      - prompt: Is the data fresh?
        answer: Data Engineer
        why: Pipelines.
      - prompt: Is it clinically acceptable?
        answer: Domain Expert
        why: Practitioner.
      - prompt: Can we serve it in 200 ms?
        answer: Software Engineer
        why: Serving.
      distractors: [UX Designer]
      explanation: Each role owns its questions.
    """)


def check(text: str) -> tuple[QuestionBank | None, list[Problem]]:
    return check_quiz_text(text, "quiz.yaml")


def errors(text: str) -> list[tuple[int, int, str]]:
    bank, problems = check(text)
    found = [(p.line, p.column, p.message) for p in problems if p.severity == "error"]
    assert (bank is None) == bool(found)
    return found


def only_error(text: str) -> tuple[tuple[int, int], str]:
    found = errors(text)
    assert len(found) == 1, found
    line, column, message = found[0]
    return (line, column), message


def test_the_valid_quiz_is_clean():
    bank, problems = check(VALID)
    assert problems == []
    assert [q.kind for q in bank.questions] == ["single", "multiple", "order", "match"]
    single, multiple, order, match = bank.questions
    assert single.correct == (0,) and single.options[1].misconception == "over-centralising"
    assert multiple.correct == (0, 1)
    assert [o.text for o in order.options] == ["Exploration", "Product-market fit", "Scale"]
    assert match.answers == ("Data Engineer", "Domain Expert", "Software Engineer",
                             "UX Designer")
    assert match.steps == ("core-team", "genai-roles") and single.topics == ("topologies",)
    assert single.line == 7 and bank.topics[0].title == "Choose the topology"
    assert bank.for_step("core-team") == [multiple, match]


# Each case: (old, new) edits of VALID, the needle (and occurrence) in the edited text where
# the problem is reported, and the start of its message.
ERROR_CASES = {
    "unknown top-level key": (
        ("title: Test Quiz", "title: Test Quiz\nformt: 1"), ("formt", 1),
        "the quiz has an unknown key 'formt'; did you mean 'format'?"),
    "missing title": (
        ("title: Test Quiz\n", ""), ("chapter", 1), "the quiz is missing 'title'; add it"),
    "wrong format": (
        ("chapter: ch03", "format: 3\nchapter: ch03"), ("3\n", 1),
        "format should be 1 (a number), the only version"),
    "unknown chapter": (
        ("chapter: ch03-ai-product-roles", "chapter: ch03-ai-product-role"),
        ("ch03-ai-product-role", 1),
        "the quiz's chapter 'ch03-ai-product-role' cannot be found: no chapter in the quiz's "
        "../slides folder or among the bundled chapters has that id; did you mean "
        "'ch03-ai-product-roles'?"),
    "duplicate topic": (
        ("  title: Choose the topology\n",
         "  title: Choose the topology\n- id: topologies\n  title: Again\n"),
        ("id: topologies", 2),
        "topic 2 has the id 'topologies', which an earlier topic already uses"),
    "topic without a title": (
        ("  title: Choose the topology\n", ""), ("id: topologies", 1),
        "topic 1 is missing 'title'; add it"),
    "unknown question key": (
        ("  topics: [topologies]", "  topcs: [topologies]"), ("topcs", 1),
        "question pick-one has an unknown key 'topcs'; did you mean 'topics'?"),
    "missing stem": (
        ("  stem: Put the stages in order.\n", ""), ("id: put-in-order", 1),
        "question put-in-order is missing 'stem'; add it"),
    "empty stem": (
        ("stem: Put the stages in order.", "stem: ' '"), ("' '", 1),
        "question put-in-order's stem is empty"),
    "duplicate question id": (
        ("- id: pick-two", "- id: pick-one"), ("pick-one", 2),
        "question 2 has the id 'pick-one', which question 1 already uses; question ids must be "
        "unique"),
    "bad question id": (
        ("- id: pick-two", "- id: Pick Two"), ("Pick Two", 1),
        "question 2's id 'Pick Two' should be lower-case letters, digits, '-' and '_'"),
    "unknown type": (
        ("type: order", "type: ordre"), ("ordre", 1),
        "question put-in-order's type 'ordre' is not a question type; did you mean 'order'? "
        "use one of single, multiple, order, match"),
    "unknown step": (
        ("steps: [topologies]", "steps: [topology]"), ("topology]", 1),
        "question pick-one names step 'topology', which does not exist; did you mean "
        "'topologies'?"),
    "step named twice": (
        ("steps: [scaling]", "steps: [scaling, scaling]"), ("scaling]", 1),
        "question put-in-order names step 'scaling' twice"),
    "no steps": (
        ("steps: [scaling]", "steps: []"), ("[]", 1),
        "question put-in-order's steps is empty; it needs at least 1"),
    "steps not a list": (
        ("steps: [scaling]", "steps: scaling"), ("scaling\n", 1),
        "question put-in-order's steps should be a list"),
    "unknown topic": (
        ("topics: [topologies]", "topics: [topolgies]"), ("topolgies", 1),
        "question pick-one names topic 'topolgies', which does not exist; did you mean "
        "'topologies'?"),
    "negative not a boolean": (
        ("  type: order\n", "  type: order\n  negative: maybe\n"), ("maybe", 1),
        "question put-in-order's negative should be true or false, not 'maybe'"),
    "single with two correct": (
        ("  - text: Hybrid model\n", "  - text: Hybrid model\n    correct: true\n"),
        ("- text: Embedded", 1),
        "question pick-one is a 'single' question with 2 correct options; mark exactly one "
        "with 'correct: true'; for several use type: multiple"),
    "single with none correct": (
        ("    correct: true\n    why: Right, one feature.", "    why: Right, one feature."),
        ("- text: Embedded", 1),
        "question pick-one is a 'single' question with 0 correct options; mark exactly one"),
    "multiple with one correct": (
        ("    correct: true\n    why: Right.\n  - text: ML engineer",
         "    why: Right.\n  - text: ML engineer"),
        ("- text: Data engineer", 1),
        "question pick-two is a 'multiple' question with 1 correct option; mark at least two "
        "with 'correct: true'; for one use type: single"),
    "multiple all correct": (
        ("  - text: MLOps engineer\n", "  - text: MLOps engineer\n    correct: true\n"),
        ("- text: Data engineer", 1),
        "question pick-two is a 'multiple' question whose options are all correct; it needs "
        "at least one wrong option"),
    "correct not a boolean": (
        ("    correct: true\n    why: Right, one", "    correct: sure\n    why: Right, one"),
        ("sure", 1), "question pick-one, option 1's correct should be true or false"),
    "option without why": (
        ("    why: Wrong, too early.\n", ""), ("text: Hybrid", 1),
        "question pick-one, option 3 is missing 'why'; add it"),
    "item without why": (
        ("    why: Second.\n", ""), ("text: Product-market", 1),
        "question put-in-order, item 2 is missing 'why'; add it"),
    "pair without why": (
        ("    why: Serving.\n", ""), ("prompt: Can we", 1),
        "question match-them, pair 3 is missing 'why'; add it"),
    "order without explanation": (
        ("  explanation: Roles arrive as bottlenecks appear.\n", ""), ("id: put-in-order", 1),
        "question put-in-order is missing 'explanation'; an order question needs one"),
    "match without explanation": (
        ("  explanation: Each role owns its questions.\n", ""), ("id: match-them", 1),
        "question match-them is missing 'explanation'; a match question needs one"),
    "too few options": (
        ("  - text: Hybrid model\n    why: Wrong, too early.\n", ""), ("- text: Embedded", 1),
        "question pick-one's options has 2; it needs at least 3"),
    "too many pairs": (
        ("    why: Serving.\n", "    why: Serving.\n" + "".join(
            f"  - prompt: P{n}?\n    answer: A{n}\n    why: W.\n" for n in range(4))),
        ("- prompt: Is the data", 1), "question match-them's pairs has 7; at most 6 are allowed"),
    "too few items": (
        ("  - text: Scale\n    why: Third.\n", ""), ("- text: Exploration", 1),
        "question put-in-order's items has 2; it needs at least 3"),
    "duplicate option text": (
        ("text: Hybrid model", "text: embedded  MODEL"), ("embedded  MODEL", 1),
        "question pick-one, option 3 has the same text as option 1; make each option "
        "different"),
    "duplicate item text": (
        ("text: Scale", "text: Exploration"), ("Exploration", 2),
        "question put-in-order, item 3 has the same text as item 1"),
    "duplicate prompt": (
        ("prompt: Can we serve it in 200 ms?", "prompt: Is the data fresh?"),
        ("Is the data fresh?", 2), "question match-them, pair 3 has the same prompt as pair 1"),
    "distractor that is an answer": (
        ("distractors: [UX Designer]", "distractors: [Data Engineer]"), ("Data Engineer]", 1),
        "question match-them's distractor 'Data Engineer' is also a pair's answer"),
    "distractor twice": (
        ("distractors: [UX Designer]", "distractors: [UX Designer, UX Designer]"),
        ("UX Designer]", 1), "question match-them lists the distractor 'UX Designer' twice"),
    "list of another type": (
        ("  explanation: Roles arrive", "  pairs: []\n  explanation: Roles arrive"),
        ("pairs: []", 1),
        "question put-in-order is an 'order' question, which lists its choices under 'items', "
        "not 'pairs'"),
    "missing its list": (
        ("  items:\n  - text: Exploration\n    why: First.\n  - text: Product-market fit\n"
         "    why: Second.\n  - text: Scale\n    why: Third.\n", ""), ("id: put-in-order", 1),
        "question put-in-order is an 'order' question but is missing 'items'; add it"),
    "misconception on the key": (
        ("    correct: true\n    why: Right, one feature.\n",
         "    correct: true\n    why: Right, one feature.\n    misconception: model-first\n"),
        ("misconception: model-first", 1),
        "question pick-one, option 1 is correct, so it catches no misconception"),
    "bad misconception tag": (
        ("misconception: over-centralising", "misconception: Over Centralising"),
        ("Over Centralising", 1), "question pick-one, option 2's misconception 'Over "
                                  "Centralising' should be lower-case"),
    "option text not text": (
        ("text: Central platform team", "text: [Central, platform]"), ("[Central", 1),
        "question pick-one, option 2's text should be text, not a list"),
    "unclosed bold in a why": (
        ("why: Wrong, a queue.", "why: Wrong, a **queue."), ("**queue", 1),
        "question pick-one, option 2's why: '**' opens bold text that is never closed"),
    "question not a mapping": (
        ("- id: put-in-order\n", "- just words\n- id: put-in-order\n"), ("just words", 1),
        "question 3 should be a mapping of keys to values, not 'just words'"),
}


@pytest.mark.parametrize("name", ERROR_CASES)
def test_each_error_has_its_message_and_place(name):
    (old, new), (needle, occurrence), message = ERROR_CASES[name]
    text = edit(VALID, old, new)
    where, found = only_error(text)
    assert found.startswith(message), found
    assert where == at(text, needle, occurrence), (where, found)


def test_distractors_only_in_a_match():
    text = edit(VALID, "  explanation: Roles arrive", "  distractors: [x]\n  explanation: Roles "
                                                      "arrive")
    assert only_error(text) == (at(text, "distractors: [x]"),
                                "question put-in-order is an 'order' question, which lists its "
                                "choices under 'items', not 'distractors'")


def test_a_question_with_a_broken_type_still_has_its_list_checked():
    text = edit(edit(VALID, "type: single", "type: singel"), "  - text: Hybrid model\n    why: "
                "Wrong, too early.\n", "")
    found = errors(text)
    assert [(line, column) for line, column, _ in found] == [
        value_at(text, "type: singel"), at(text, "- text: Embedded")]
    assert found[1][2] == "question pick-one's options has 2; it needs at least 3"


def test_every_problem_is_reported_at_once():
    text = edit(edit(edit(VALID, "title: Test Quiz", "titel: Test Quiz"),
                     "steps: [topologies]", "steps: [topology]"),
                "    why: Second.\n", "")
    assert len(errors(text)) == 4  # the unknown key, the missing title, the step, the why


@pytest.mark.parametrize("text, where, message", [
    ("", (1, 1), "the file is empty; a quiz needs a chapter, a title and questions"),
    ("- a list\n", (1, 1), "a quiz file should be a mapping with 'chapter', 'title' and "
                           "'questions', not a list"),
    ("questions: [\n", (2, 1), "this is not valid YAML"),
    ("chapter: a\n---\nquestions: []\n", (2, 1),
     "the file holds more than one YAML document"),
])
def test_files_that_are_not_quizzes(text, where, message):
    found_where, found = only_error(text)
    assert found.startswith(message) and found_where == where


def test_a_chapter_in_the_quizs_own_slides_folder(tmp_path):
    """The chapter is looked for in <quiz folder>/../slides first, by its id."""
    (tmp_path / "slides").mkdir()
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "slides" / "tea.yaml").write_text(dedent("""\
        id: ch01-tea
        title: Tea
        steps:
        - {id: boil, title: Boil, icon: bolt, colour: blue, columns: [[{label: L, text: T}]]}
        """), encoding="utf-8")
    quiz = tmp_path / "quizzes" / "tea.yaml"
    text = edit(VALID.replace("steps: [core-team, genai-roles]", "steps: [boil]")
                .replace("steps: [topologies]", "steps: [boil]")
                .replace("steps: [core-team]", "steps: [boil]")
                .replace("steps: [scaling]", "steps: [boyl]"),
                "chapter: ch03-ai-product-roles", "chapter: ch01-tea")
    quiz.write_text(text, encoding="utf-8")
    bank, problems = check_quiz_file(quiz)
    assert [(p.line, p.column, p.message) for p in problems] == [
        (*at(text, "boyl"), "question put-in-order names step 'boyl', which does not exist; "
                            "did you mean 'boil'?")]
    # A broken chapter with that id is named once, instead of every step id being doubted.
    (tmp_path / "slides" / "tea.yaml").write_text("id: ch01-tea\ntitle: Tea\n", encoding="utf-8")
    problems = check_quiz_file(quiz)[1]
    assert [(p.line, p.column) for p in problems] == [value_at(text, "chapter: ch01-tea")]
    assert [p.message for p in problems] == [
        f"the quiz's chapter 'ch01-tea' is {tmp_path / 'slides' / 'tea.yaml'}, which has "
        f"problems of its own; fix them (chapterdeck check {tmp_path / 'slides' / 'tea.yaml'}) "
        f"and check the quiz again"]


def test_a_given_chapter_is_used_and_must_be_the_right_one():
    chapter = load_chapter(default_chapter())
    assert check_quiz_text(VALID, "quiz.yaml", chapter) == check(VALID)
    from dataclasses import replace

    other = replace(chapter, id="ch04-other")
    bank, problems = check_quiz_text(VALID, "quiz.yaml", other)
    assert bank is None and [(p.line, p.column, p.message) for p in problems] == [
        (1, 10, "the quiz tests chapter 'ch03-ai-product-roles', but it is being checked "
                "against chapter 'ch04-other'")]


def test_load_quiz_raises_with_every_error(tmp_path):
    path = tmp_path / "quiz.yaml"
    path.write_text(edit(VALID, "type: order", "type: ordre"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_quiz(path)
    assert [p.message[:39] for p in caught.value.problems] == [
        "question put-in-order's type 'ordre' is"]
    with pytest.raises(ContentError):
        load_quiz(tmp_path / "missing.yaml")


# -- the item-writing rules: warnings -------------------------------------------------------

def warnings_of(text: str) -> list[tuple[int, int, str]]:
    bank, problems = check(text)
    assert bank is not None, problems  # warnings alone leave the quiz usable
    assert all(p.severity == "warning" for p in problems)
    return [(p.line, p.column, p.message) for p in problems]


def only_warning(text: str, question: str) -> str:
    found = warnings_of(text)
    assert len(found) == 1, found
    line, column, message = found[0]
    assert (line, column) == at(text, f"id: {question}")  # where the question starts
    return message


@pytest.mark.parametrize("phrase", ["All of the above", "none of the above",
                                    "Both of the above", "NONE OF THE ABOVE"])
def test_all_or_none_of_the_above(phrase):
    text = edit(VALID, "text: Hybrid model", f"text: {phrase}")
    assert only_warning(text, "pick-one") == (
        f"question pick-one, option 3 is '{phrase}'; write a real alternative instead, one a "
        f"learner must know the chapter to rule in or out")


def test_the_correct_option_much_the_longest():
    key = "Embedded model, with an applied AI engineer in the squad"  # 56 against 21
    text = edit(VALID, "text: Embedded model", f"text: {key}")
    assert only_warning(text, "pick-one") == (
        "question pick-one's correct option is much the longest (56 characters against at "
        "most 21 for a wrong one), a giveaway; shorten it or make the wrong options as full")


@pytest.mark.parametrize("wrong, key, flagged", [
    (21, 32, False),  # 1.52 times as long but only 11 longer: under the margin
    (21, 40, False),  # 19 longer
    (21, 41, True),   # 20 longer and 1.95 times: both
    (50, 72, False),  # 22 longer but 1.44 times: under the ratio
    (50, 76, True),   # 26 longer and 1.52 times
])
def test_the_longest_threshold(wrong, key, flagged):
    text = edit(edit(VALID, "text: Embedded model", f"text: {'k' * key}"),
                "text: Central platform team", f"text: {'w' * wrong}")
    assert bool(warnings_of(text)) == flagged


def test_a_multiple_question_warns_only_when_every_key_is_long():
    long = "a data engineer to build the pipelines first"
    text = edit(VALID, "text: Data engineer", f"text: {long}")
    assert warnings_of(text) == []  # the other key, "ML engineer", is short
    text = edit(text, "text: ML engineer", f"text: {long} and more")
    assert "question pick-two's correct options are much the longest" in \
        only_warning(text, "pick-two")


@pytest.mark.parametrize("stem, word", [
    ("A small firm has one AI feature. Which topology does NOT fit?", "NOT"),
    ("All of these fit EXCEPT one. Which topology is it?", "EXCEPT"),
    ("A small firm has one AI feature. Which topology would it never choose?", "never"),
    ("A small firm has one AI feature. Which topology fits it least?", "least"),
    ("A small firm has one AI feature. Which statement about it is false?", "false"),
    ("A small firm has one AI feature. Which topology wouldn't fit?", "n't"),
])
def test_negative_stems(stem, word):
    text = edit(VALID, "stem: A small firm has one AI feature. Which topology fits?",
                f"stem: {stem}")
    assert only_warning(text, "pick-one") == (
        f"question pick-one's stem asks a negative question ('{word}'); ask it positively, or "
        f"set 'negative: true' if it is meant to ask which is NOT ...")
    marked = edit(text, "  type: single\n", "  type: single\n  negative: true\n")
    assert warnings_of(marked) == []


@pytest.mark.parametrize("stem", [
    "The firm has not hired anyone and cannot wait. Which topology fits?",
    "At least three squads want AI features. Which topology fits at least for now?",
    "Nobody knows the answer. Which topology fits?",
])
def test_negative_words_in_the_scenario_are_fine(stem):
    text = edit(VALID, "stem: A small firm has one AI feature. Which topology fits?",
                f"stem: {stem}")
    assert warnings_of(text) == []


def echo(which: str, run: str) -> str:
    return (f"{which} repeats '{run}' from the stem and no wrong option echoes it, a "
            f"giveaway; reword the key or let a wrong option use the stem's words too")


STEM = "stem: A small firm has one AI feature. Which topology fits?"


@pytest.mark.parametrize("key, wrong, stem, run", [
    ("The firm has one AI feature", None, None, "firm has one ai feature"),
    ("Embedded, for one AI feature", None, None, "one ai feature"),  # three words are enough
    # Fine when a wrong option echoes the stem as well, or the run is short.
    ("The firm has one AI feature", "Hybrid, as a firm has one AI feature", None, None),
    ("Embedded, for one AI feature", "Hybrid, as a small firm has", None, None),
    ("Embedded, one AI", None, None, None),
    # A run of nothing but small words is no echo.
    ("Embedded, as is the custom", None, "stem: A small firm, as is the case. Which fits?",
     None),
])
def test_a_key_that_echoes_the_stem(key, wrong, stem, run):
    text = edit(VALID, "text: Embedded model", f"text: {key}")
    text = edit(text, "text: Hybrid model", f"text: {wrong}") if wrong else text
    text = edit(text, STEM, stem) if stem else text
    if run is None:
        assert warnings_of(text) == []
    else:
        assert only_warning(text, "pick-one") == echo("question pick-one's correct option", run)


def test_each_echoing_key_of_a_multiple_question_is_warned():
    text = edit(VALID, "text: Data engineer", "text: Data engineer in the smallest team")
    assert only_warning(text, "pick-two") == echo("question pick-two's correct option 1",
                                                  "in the smallest team")


@pytest.mark.parametrize("wrong, word", [
    ("Central platform team, always", "always"), ("It can never work", "never"),
    ("Every squad hires its own", "Every"), ("A team for everything", "everything"),
    ("Wait for a perfect model", "perfect"), ("A guaranteed date", "guaranteed"),
    ("Demand 100% accuracy", "100%"), ("Aim for 100 % recall", "100 %"),
])
def test_a_wrong_option_with_an_absolute_the_key_lacks(wrong, word):
    text = edit(VALID, "text: Hybrid model", f"text: {wrong}")
    assert only_warning(text, "pick-one") == (
        f"question pick-one, option 3 says '{word}' and the correct option has no such "
        f"absolute, a giveaway: a learner rules out absolutes unread; qualify it as a real "
        f"professional would, or let a key be absolute where the chapter is")
    # Not when the key is absolute too.
    assert warnings_of(edit(text, "text: Embedded model", "text: Embedded, every time")) == []


@pytest.mark.parametrize("wrong", ["An everyday review", "Nevertheless hybrid",
                                   "A 100-person team", "Perfectionist rules"])
def test_words_that_only_look_absolute(wrong):
    assert warnings_of(edit(VALID, "text: Hybrid model", f"text: {wrong}")) == []


KEYS = ["Embed analysts", "Pool budgets", "Train staff", "Write rubrics", "Label samples",
        "Track costs"]
OTHERS = ["Cut scope", "Ship sooner", "Review weekly", "Merge squads", "Audit vendors",
          "Rotate leads"]


def pattern_bank(wrongs: list[str], keys: list[str] = KEYS) -> str:
    """A bank of single questions, the i-th with the key keys[i], the wrong option wrongs[i]
    and a wrong option no other question shares."""
    out = [VALID.split("questions:\n")[0] + "questions:"]
    for i, wrong in enumerate(wrongs):
        out.append(dedent(f"""\
            - id: case-{i}
              type: single
              steps: [topologies]
              stem: Case {i}. Which move fits?
              options:
              - text: {keys[i]}
                correct: true
                why: Right.
              - text: {wrong}
                why: Wrong.
              - text: {OTHERS[i]}
                why: Wrong."""))
    return "\n".join(out) + "\n"


def pattern_warnings(text: str) -> list[str]:
    return [f"{line}: {message}" for line, _, message in warnings_of(text)]


def test_a_phrase_and_an_opening_word_five_wrong_options_share_and_no_key_has():
    wrongs = [f"Hire more engineers for {what}" for what in
              ("speed", "the backlog", "quality", "scale", "coverage")]
    text = pattern_bank(wrongs)
    line = at(text, "id: case-0")[0]
    ids = "case-0, case-1, case-2, case-3, case-4"
    assert pattern_warnings(text) == [
        f"{line}: 5 wrong options across the bank say 'hire more engineers' and no correct "
        f"option does (questions {ids}), a pattern a learner can rule out without the "
        f"chapter; reword some, or make it the key where the chapter says so"]
    # Four are not yet a pattern.
    assert pattern_warnings(pattern_bank(wrongs[:4])) == []
    # Nor when the chapter makes it the key somewhere.
    keys = [*KEYS[:5], "Hire more engineers at once"]
    assert pattern_warnings(pattern_bank([*wrongs, "Rename teams"], keys)) == []
    # The phrase wherever it stands in the option.
    mixed = [*wrongs[:4], "Then hire more engineers"]
    assert [w.split(" and no")[0] for w in pattern_warnings(pattern_bank(mixed))] == [
        f"{line}: 5 wrong options across the bank say 'hire more engineers'"]


def test_an_opening_word_five_wrong_options_share():
    wrongs = ["Wait until launch", "Wait a quarter", "Wait for data", "Wait on legal",
              "The wait, then decide"]
    assert [m.split(" and no")[0].split(": ", 1)[1]
            for m in pattern_warnings(pattern_bank(wrongs))] == [
        "5 wrong options across the bank open with 'wait'"]
    assert pattern_warnings(pattern_bank([*wrongs[:4], "Then wait"])) == []
    # An opening word that a phrase of the same options says already is not warned twice.
    leads = [f"The ML lead {what}" for what in ("decides", "picks", "chooses", "rules",
                                                "judges")]
    assert [m.split(" and no")[0].split(": ", 1)[1]
            for m in pattern_warnings(pattern_bank(leads))] == [
        "5 wrong options across the bank say 'ml lead'"]


def test_match_distractors_are_wrong_choices_and_pair_answers_right_ones():
    match = VALID.split("- id: match-them")[1]
    copies = [f"- id: match-{i}{match}".replace("distractors: [UX Designer]",
                                                 "distractors: [Growth Hacker]")
              for i in range(5)]
    text = VALID + "".join(copies)
    assert len(pattern_warnings(text)) == 1
    assert "5 wrong options across the bank say 'growth hacker'" in pattern_warnings(text)[0]
    answered = text.replace("answer: Domain Expert", "answer: Growth Hacker", 1)
    assert pattern_warnings(answered) == []


# -- `chapterdeck check` on quiz files ------------------------------------------------------

def test_check_tells_a_quiz_from_a_chapter():
    assert is_quiz(VALID) and is_quiz(BANK.read_text(encoding="utf-8"))
    assert not is_quiz(default_chapter().read_text(encoding="utf-8"))


def test_check_a_clean_quiz(tmp_path, capsys):
    path = tmp_path / "quiz.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert main(["check", str(path), str(default_chapter())]) == 0
    assert capsys.readouterr().out == "2 files checked, no problems.\n"


def test_check_a_quiz_with_warnings_only(tmp_path, capsys):
    path = tmp_path / "quiz.yaml"
    text = edit(VALID, "text: Hybrid model", "text: All of the above")
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path), str(BANK)]) == 0
    line, column = at(text, "id: pick-one")
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:{line}:{column}: warning: question pick-one, option 3 is 'All of the above'; "
        f"write a real alternative instead, one a learner must know the chapter to rule in or "
        f"out",
        "2 files checked, no errors; 1 warning in 1 file; see 'Writing a quiz' in "
        "docs/content-format.md.",
    ]


def test_check_a_quiz_with_errors_and_warnings(tmp_path, capsys):
    path = tmp_path / "quiz.yaml"
    text = edit(edit(VALID, "text: Hybrid model", "text: None of the above"),
                "type: order", "type: ordre")
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{path}:{at(text, '- id: pick-one')[0]}:3: warning: ")
    assert lines[1].startswith(f"{path}:{value_at(text, 'type: ordre')[0]}:"
                               f"{value_at(text, 'type: ordre')[1]}: question put-in-order's "
                               f"type 'ordre'")
    assert lines[2] == "1 problem and 1 warning in 1 file; see docs/content-format.md for the " \
                       "format."


def test_problem_strings():
    assert str(Problem("q.yaml", 3, 1, "m", severity="warning")) == "q.yaml:3:1: warning: m"
    assert str(Problem("q.yaml", 3, 1, "m")) == "q.yaml:3:1: m"
    assert str(Problem("q.yaml", None, None, "m", "warning")) == "q.yaml: warning: m"


def test_the_docs_quiz_example_is_clean():
    blocks = re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    quizzes = [b for b in blocks if is_quiz(b)]
    assert quizzes
    for block in quizzes:
        assert check(block)[1] == [], block
    doc = DOCS.read_text(encoding="utf-8")
    for key in ("chapter", "questions", "topics", "type", "steps", "stem", "options", "items",
                "pairs", "distractors", "explanation", "negative", "correct", "why",
                "misconception", "prompt", "answer"):
        assert f"| `{key}`" in doc or f"`{key}`" in doc, key
    assert f"**{LONGEST_RATIO} ×**" in doc and f"**{LONGEST_MARGIN} characters**" in doc
    assert f"**{ECHO_WORDS} or more words in a row**" in doc and f"more than {ECHO_OTHERS}" in doc


# -- properties: the checker reports, it never raises ------------------------------------

KEYS = ["format", "chapter", "title", "topics", "questions", "id", "type", "steps", "stem",
        "options", "items", "pairs", "distractors", "explanation", "negative", "text", "why",
        "correct", "misconception", "prompt", "answer"]
WORDS = KEYS + list(QUESTION_TYPES) + ["ch03-ai-product-roles", "topologies", "scaling",
                                       "all of the above", "NOT", "**", "*", "true"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from(WORDS), st.text(max_size=20),
)
yamlish = yaml_like(scalars, KEYS, list_size=5, key_size=6)
option = st.fixed_dictionaries({"text": scalars, "why": scalars},
                               optional={"correct": st.one_of(st.booleans(), scalars),
                                         "misconception": scalars})
quizish = st.fixed_dictionaries(
    {"chapter": st.sampled_from(["ch03-ai-product-roles", "nope", ""]), "title": scalars,
     "questions": st.lists(st.fixed_dictionaries(
         {"id": st.sampled_from(["a", "b", "A", ""]),
          "type": st.sampled_from(list(QUESTION_TYPES) + ["x"]),
          "steps": st.lists(st.sampled_from(["topologies", "scaling", "x"]), max_size=3),
          "stem": scalars},
         optional={"options": st.lists(option, max_size=7),
                   "items": st.lists(option, max_size=7),
                   "pairs": st.lists(st.fixed_dictionaries(
                       {"prompt": scalars, "answer": scalars, "why": scalars}), max_size=7),
                   "distractors": st.lists(scalars, max_size=3),
                   "explanation": scalars, "negative": scalars,
                   "topics": st.lists(st.sampled_from(["t", "u"]), max_size=2)}),
         max_size=3)},
    optional={"topics": st.lists(st.fixed_dictionaries(
        {"id": st.sampled_from(["t", "u", "T"]), "title": scalars}), max_size=3),
        "format": scalars},
)


def assert_reported_not_raised(text: str) -> None:
    bank, problems = check_quiz_text(text, "fuzz.yaml")
    assert (bank is None) == any(p.severity == "error" for p in problems)
    assert_problems_point_into(problems, text, "fuzz.yaml")
    assert all(problem.severity in ("error", "warning") for problem in problems)
    if bank is not None:
        for q in bank.questions:
            assert q.kind in QUESTION_TYPES and q.steps
            assert 3 <= len(q.options or q.pairs) <= 6
            for text in [q.stem, q.explanation] + [o.why for o in q.options]:
                parse_like_the_deck(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_text_is_reported_not_raised(text):
    assert_reported_not_raised("questions:\n" + text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yamlish)
def test_random_yaml_structures_are_reported_not_raised(data):
    assert_reported_not_raised(yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quizish, st.booleans())
def test_random_quizzes_are_reported_not_raised(data, flow):
    assert_reported_not_raised(yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                              default_flow_style=flow))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(VALID)), st.integers(0, 12),
       st.text(alphabet=st.sampled_from(list("-:[]{}'\"|>*&!#\t\n ab\\")), max_size=6))
def test_damaged_valid_quizzes_are_reported_not_raised(start, length, insert):
    assert_reported_not_raised(VALID[:start] + insert + VALID[start + length:])


def test_a_match_whose_pairs_all_share_one_answer_is_warned():
    text = VALID.replace("answer: Domain Expert", "answer: Data Engineer").replace(
        "answer: Software Engineer", "answer: Data Engineer")
    bank, problems = check(text)
    warnings = [p.message for p in problems if p.severity == "warning"]
    assert bank is not None and len(warnings) == 1, problems
    assert "every pair has the same answer" in warnings[0] and "Data Engineer" in warnings[0]


def test_format_must_be_the_number_1_not_the_text():
    bank, problems = check("format: '1'\n" + VALID)
    assert bank is None and any("format should be 1" in p.message for p in problems)


def test_control_characters_in_quiz_text_are_refused():
    text = VALID.replace("stem: Put the stages in order.", 'stem: "Put the \\a stages in order."')
    (_, message), = [((p.line, p.column), p.message) for p in check(text)[1]
                     if p.severity == "error"]
    assert message.startswith("question put-in-order's stem holds a control character (U+0007)")
