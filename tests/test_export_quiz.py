"""The quiz on paper: `chapterdeck export --quiz` writes quiz.md and quiz.html (every question,
its choices shuffled as the engine shuffles them, no answers) and key.md (the answers, why, and
the step each tests). Read back from the files, as a teacher or examinee would."""

from __future__ import annotations

import html

import re
from collections import Counter
from pathlib import Path

import pytest

from test_export import external_resources
from tui.cli import main
from tui.content.loader import load_chapter
from tui.content.markup import plain, reflow
from tui.content.paths import default_chapter
from tui.content.quiz import Question
from tui.content.quizload import load_quiz
from tui.export import paper_questions
from tui.quiz.session import Course

ROOT = Path(__file__).parent.parent
BANK = ROOT / "quizzes" / "ch03-ai-product-roles.yaml"
SMALL_BANK = ROOT / "tests" / "fixtures" / "quiz" / "ch03-small.yaml"
CHOICE = re.compile(r"^- \*\*([A-Z])\*\* (.*)$", re.M)
PROMPT = re.compile(r"^(\d+)\. (.*) — ____$", re.M)


def unmark(markdown: str) -> str:
    """Markdown text back to the plain words: emphasis and escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown.replace("**", "").replace("*", ""))


def sections(text: str) -> dict[int, str]:
    """A paper's (or key's) questions by number."""
    parts = re.split(r"^## Question (\d+)\b", text, flags=re.M)[1:]
    return {int(n): body for n, body in zip(parts[::2], parts[1::2])}


def export(tmp_path: Path, *args: str) -> dict[str, str]:
    out = tmp_path / "paper"
    assert main(["export", "--quiz", *args, "-o", str(out)]) == 0
    return {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}


@pytest.fixture(scope="module")
def course() -> Course:
    chapter = load_chapter(default_chapter())
    return Course(chapter, load_quiz(BANK, chapter))


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> dict[str, str]:
    return export(tmp_path_factory.mktemp("paper"), "--seed", "11")


def question_of(body: str, course: Course) -> Question:
    """The bank's question whose stem this paper section shows (exactly one)."""
    found = [q for q in course.bank.questions
             if plain(reflow(q.stem)) in unmark(body)]
    assert len(found) == 1, body[:200]
    return found[0]


def choice_texts(q: Question) -> list[str]:
    return list(q.answers) if q.kind == "match" else [plain(o.text) for o in q.options]


def test_the_paper_has_every_question_once_with_all_its_choices(paper, course):
    papers = sections(paper["quiz.md"])
    assert sorted(papers) == list(range(1, len(course.bank.questions) + 1))
    shown = [question_of(body, course) for body in papers.values()]
    assert Counter(q.id for q in shown) == Counter(q.id for q in course.bank.questions)
    for body, q in zip(papers.values(), shown):
        letters = CHOICE.findall(body)
        assert [letter for letter, _ in letters] == list("ABCDEFGH"[:len(letters)])
        assert sorted(unmark(text) for _, text in letters) == sorted(choice_texts(q))
        if q.kind == "match":
            assert [unmark(p) for _, p in PROMPT.findall(body)] == \
                [plain(p.prompt) for p in q.pairs]


def test_the_key_answers_each_question_as_the_bank_does(paper, course):
    """Read the key's letters against the paper's letters: they name the bank's answers."""
    papers, keys = sections(paper["quiz.md"]), sections(paper["key.md"])
    assert sorted(keys) == sorted(papers)
    for number, body in papers.items():
        q = question_of(body, course)
        letters = {letter: unmark(text) for letter, text in CHOICE.findall(body)}
        key = keys[number].split("\n", 1)[0].lstrip(": ").strip()
        if q.kind in ("single", "multiple"):
            assert sorted(letters[x] for x in key.split(", ")) == \
                sorted(plain(o.text) for o in q.options if o.correct)
        elif q.kind == "order":
            assert [letters[x] for x in key.split()] == [plain(o.text) for o in q.options]
        else:
            pairs = [part.split() for part in key.split(", ")]
            assert [(int(n), letters[x]) for n, x in pairs] == \
                [(n, p.answer) for n, p in enumerate(q.pairs, 1)]
        step = course.step_label(q.steps[0])
        assert f"Tests: {step}" in keys[number]
        whys = [o.why for o in q.options] + [p.why for p in q.pairs]
        assert all(plain(reflow(w)).replace("\n", " ") in unmark(keys[number]) for w in whys)
    assert "seed 11" in paper["key.md"]


def test_nothing_on_the_paper_gives_the_answers_away(paper, course):
    for name in ("quiz.md", "quiz.html"):
        text = paper[name]
        for q in course.bank.questions:
            assert q.id not in text
            for why in [o.why for o in q.options] + [p.why for p in q.pairs]:
                assert plain(reflow(why)).split("\n")[0][:60] not in unmark(text)
        for word in ("correct:", "misconception", "Right —", "Wrong —", "(right)"):
            assert word not in text


def test_choices_are_shuffled_as_the_engine_shuffles_them(course):
    """Order items are never already in order; single keys are spread over the letters (for
    each number of options, no letter is the key more than once more than another)."""
    papers = paper_questions(course.bank, 11)
    assert {p.question.id for p in papers} == {q.id for q in course.bank.questions}
    assert [p.question.id for p in papers] != [q.id for q in course.bank.questions]
    places: dict[int, Counter] = {}
    for p in papers:
        q = p.question
        if q.kind == "order":
            assert list(p.order) != sorted(p.order)
        if q.kind == "single":
            places.setdefault(len(p.order), Counter())[p.key] += 1
    for n, counts in places.items():
        spread = [counts["ABCDEFGH"[i]] for i in range(n)]
        assert max(spread) - min(spread) <= 1, (n, spread)


def test_the_same_seed_gives_the_same_paper_and_another_seed_another(tmp_path, paper):
    assert export(tmp_path / "again", "--seed", "11") == paper
    other = export(tmp_path / "other", "--seed", "12")
    assert other["quiz.md"] != paper["quiz.md"] and other["key.md"] != paper["key.md"]


def test_without_a_seed_the_key_names_the_one_used(tmp_path, capsys):
    files = export(tmp_path)
    seed = re.search(r"made with seed (\d+)", files["key.md"]).group(1)
    again = export(tmp_path / "again", "--seed", seed)
    assert again["quiz.md"] == files["quiz.md"]


def test_the_html_is_the_same_test_and_needs_nothing_from_outside(paper, course):
    page = paper["quiz.html"]
    assert external_resources(page) == []
    assert page.count('<section class="question">') == len(course.bank.questions)
    for q in course.bank.questions:
        for text in choice_texts(q):
            assert html.escape(text) in page


def test_each_type_has_its_instructions(paper):
    text = paper["quiz.md"]
    how = text.split("## Question 1")[0]
    for instruction in ("Circle the letter of the one best option",
                        "Circle the letter of every option",
                        "in the right order, first to last",
                        "belongs with each numbered prompt"):
        assert instruction in how
    for kind in ("one answer", "several answers", "put in order", "match"):
        assert f"({kind})" in text


def test_markup_in_the_bank_is_escaped_on_paper(tmp_path):
    bank = tmp_path / "odd.yaml"
    bank.write_text(SMALL_BANK.read_text(encoding="utf-8").replace(
        "Central platform team\n", "'Central <script>alert(1)</script> & [team] #1'\n"),
        encoding="utf-8")
    files = export(tmp_path, str(bank), "--seed", "3")
    assert "<script>" not in files["quiz.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [team] #1" in files["quiz.html"]
    assert r"\<script\>alert(1)\</script\> & \[team\] \#1" in files["quiz.md"]


def test_export_quiz_takes_a_bank_file(tmp_path, capsys):
    files = export(tmp_path, str(SMALL_BANK), "--seed", "5")
    assert sorted(files) == ["key.md", "quiz.html", "quiz.md"]
    assert "Wrote 3 files" in capsys.readouterr().out
    assert len(sections(files["quiz.md"])) == len(load_quiz(SMALL_BANK).questions)


def test_export_quiz_of_a_broken_bank_is_a_message(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nchapter: ch03-ai-product-roles\nquestions: 3\n")
    assert main(["export", "--quiz", str(broken), "-o", str(tmp_path / "out")]) == 2
    assert "chapterdeck cannot use the quiz" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_seed_without_quiz_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--seed", "3", "-o", str(tmp_path)])
    assert exit_.value.code == 2
    assert "--seed only goes with --quiz" in capsys.readouterr().err
