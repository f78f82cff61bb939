"""Handouts: a chapter as SVG pictures of its steps, one self-contained HTML page, and
Markdown; and its quiz as a paper test (Markdown and HTML) with a separate key.

The pictures come from the deck itself, run headless at the chosen size; the Markdown and
the HTML text come straight from the chapter model (no Textual), so a card taller than the
picture still has all its words in the handout.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .content.markup import paragraph_lines, parse, reflow
from .content.model import Block, Chapter, Step, colour_hex
from .content.quiz import Question, QuestionBank
from .errors import ChapterdeckError
from .quiz.sampling import arrange, shuffled


class ExportError(ChapterdeckError):
    """The handout cannot be written; the message says why."""


# -- Markdown ---------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md_plain(text: str) -> str:
    """Text drawn as written (titles, labels): anything Markdown would read as markup is
    escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _inline(markup: str, escape, bold: str, italic: str) -> str:
    """Inline markup in another format: each run escaped, then wrapped by the `bold` and
    `italic` patterns ('{}' stands for the text)."""
    out = []
    for span in parse(markup):
        text = escape(span.text)
        if span.italic:
            text = italic.format(text)
        if span.bold:
            text = bold.format(text)
        out.append(text)
    return "".join(out)


def _md_inline(markup: str) -> str:
    return _inline(markup, _md_plain, "**{}**", "*{}*")


def _md_text(markup: str, prefix: str = "") -> str:
    """A text field as Markdown paragraphs (bullets as a list), each line after `prefix`."""
    parts = []
    for bullets, lines in paragraph_lines(markup):
        if bullets:
            parts.append("\n".join(f"- {_md_inline(line)}" for line in lines))
        else:
            parts.append("  \n".join(_md_inline(line) for line in lines))
    text = "\n\n".join(parts)
    return "\n".join(f"{prefix}{line}".rstrip() for line in text.split("\n"))


def markdown(chapter: Chapter) -> str:
    """The chapter's text as Markdown: each step's title, narration, blocks and callouts."""
    out = [f"# {_md_plain(chapter.title)}", ""]
    if chapter.subtitle:
        out += [_md_text(chapter.subtitle), ""]
    for number, step in enumerate(chapter.steps, 1):
        out += [f"## Step {number}: {_md_plain(step.title)}", ""]
        if step.subtitle:
            out += [f"*{_md_inline(step.subtitle)}*", ""]
        if step.narration:
            out += [_md_text(step.narration, "> "), ""]
        for column in step.columns:
            for entry in column:
                if isinstance(entry, Block):
                    out += [f"### {_md_plain(entry.label)}", "", _md_text(entry.text), ""]
                else:
                    out += [_md_text(entry.text, "> "), ""]
    nav = [x for x in (f"Previous: {chapter.previous}" if chapter.previous else "",
                       f"Next: {chapter.next}" if chapter.next else "") if x]
    if nav:
        out += ["---", "", _md_plain(" · ".join(nav)), ""]
    return "\n".join(out)


# -- HTML -------------------------------------------------------------------------------------


def _html_inline(markup: str) -> str:
    return _inline(markup, html.escape, "<strong>{}</strong>", "<em>{}</em>")


def _html_text(markup: str) -> str:
    parts = []
    for bullets, lines in paragraph_lines(markup):
        if bullets:
            items = "".join(f"<li>{_html_inline(line)}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append("<p>" + "<br>".join(_html_inline(line) for line in lines) + "</p>")
    return "\n".join(parts)


def _html_card(step: Step) -> str:
    columns = []
    for column in step.columns:
        entries = []
        for entry in column:
            if isinstance(entry, Block):
                entries.append(f'<h4 style="color:{colour_hex(step.colour)}">'
                               f"{html.escape(entry.label)}</h4>\n{_html_text(entry.text)}")
            else:
                entries.append(f'<aside style="border-color:{colour_hex(entry.colour)}">'
                               f"{_html_text(entry.text)}</aside>")
        columns.append('<div class="column">' + "\n".join(entries) + "</div>")
    return '<div class="columns">' + "\n".join(columns) + "</div>"


PAGE_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b2035;
       background: #ffffff; max-width: 70rem; margin: 0 auto; padding: 1.5rem; line-height: 1.5; }
header p { color: #505872; }
.tag { border: 1px solid #1b2035; border-radius: 4px; padding: 0 .4em; font-size: .8em; }
nav ol { columns: 2; }
section { border-top: 1px solid #e6e8f0; padding-top: 1rem; margin-top: 2rem; }
.badge { display: inline-block; min-width: 1.6em; text-align: center; color: #fff;
         border-radius: 1em; font-weight: bold; margin-right: .4em; }
.subtitle { color: #505872; font-style: italic; margin-top: -.6rem; }
.narration { background: #f4f5f9; border-radius: 6px; padding: .6rem 1rem; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: #8892ab; font-size: .85em; }
.columns { display: flex; gap: 2rem; flex-wrap: wrap; }
.column { flex: 1 1 22rem; }
aside { border: 2px solid; border-radius: 8px; padding: 0 1rem; margin: 1rem 0; }
footer { color: #505872; margin-top: 2rem; }
"""


def html_page(chapter: Chapter, pictures: list[str]) -> str:
    """One HTML file with everything inline: every step's picture, narration and text."""
    title = html.escape(chapter.title)
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{title}</title>", f"<style>{PAGE_STYLE}</style>", "</head>", "<body>",
           "<header>", f"<h1>{title}"
           + (f' <span class="tag">{html.escape(chapter.tag)}</span>' if chapter.tag else "")
           + "</h1>"]
    if chapter.subtitle:
        out.append(f"<p>{_html_inline(chapter.subtitle)}</p>")
    out += ["</header>", "<nav><ol>"]
    out += [f'<li><a href="#step-{n}">{html.escape(s.title)}</a></li>'
            for n, s in enumerate(chapter.steps, 1)]
    out.append("</ol></nav>")
    for number, (step, picture) in enumerate(zip(chapter.steps, pictures, strict=True), 1):
        out += [f'<section id="step-{number}">',
                f'<h2><span class="badge" style="background:{colour_hex(step.colour)}">'
                f"{number}</span>{html.escape(step.title)}</h2>"]
        if step.subtitle:
            out.append(f'<p class="subtitle">{_html_inline(step.subtitle)}</p>')
        if step.narration:
            out.append(f'<div class="narration">{_html_text(step.narration)}</div>')
        out += ["<figure>", picture,
                f"<figcaption>Step {number} of {chapter.total} as the deck shows it."
                "</figcaption>", "</figure>", _html_card(step), "</section>"]
    nav = " · ".join(html.escape(x) for x in (chapter.previous, chapter.next) if x)
    out += [f"<footer>{nav}</footer>" if nav else "", "</body>", "</html>", ""]
    return "\n".join(out)


# -- pictures ---------------------------------------------------------------------------------

_FONT_URL = re.compile(r',\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\)')
_CREDIT = re.compile(r"\s*<!-- Generated with Rich [^>]*-->")


def standalone(svg: str) -> str:
    """An SVG with nothing to fetch: Rich names web fonts to download, the handout uses the
    reader's own Fira Code if installed, else any monospace font."""
    return _CREDIT.sub("", _FONT_URL.sub("", svg))


def pictures(chapter: Chapter, size: tuple[int, int], theme: str = "dark") -> list[str]:
    """Each step of the deck as an SVG, as the deck draws it at `size` (columns, rows)."""
    import asyncio

    from .ui.app import DeckApp

    app = DeckApp(chapter, start_step=1, theme=theme, link=False)
    shots: list[str] = []

    async def take(pilot) -> None:
        await pilot.pause()  # the deck is mounted
        deck = app.screen
        for number in range(1, chapter.total + 1):
            deck.go(number)
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            step = chapter.step(number)
            shots.append(standalone(app.export_screenshot(
                title=f"Step {number} / {chapter.total}: {step.title}")))
        app.exit()

    async def run() -> None:
        await app.run_async(headless=True, size=size, auto_pilot=take)

    asyncio.run(run())
    if len(shots) != chapter.total:
        raise ExportError("the deck stopped before every step was drawn")
    return shots


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot make the folder {folder}: {exc.strerror}") from exc
    if not folder.is_dir():
        raise ExportError(f"{folder} is not a folder")


def write_handout(chapter: Chapter, folder: Path, size: tuple[int, int] = (120, 36),
                  theme: str = "dark") -> list[Path]:
    """Write step-N.svg for each step, index.html and chapter.md into `folder`."""
    _make_folder(folder)
    shots = pictures(chapter, size, theme)
    files: dict[str, str] = {f"step-{n}.svg": svg for n, svg in enumerate(shots, 1)}
    files["index.html"] = html_page(chapter, shots)
    files["chapter.md"] = markdown(chapter)
    return _write(folder, files)


def _write(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write each named text into `folder`, made first if need be."""
    _make_folder(folder)
    written = []
    for name, text in files.items():
        path = folder / name
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
        written.append(path)
    return written


# -- the quiz on paper ------------------------------------------------------------------------

PAPER_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

@dataclass(frozen=True)
class PaperQuestion:
    """One question as the paper test shows it: its number and the order of its choices
    (indices in file order: options, items, or a match question's answers)."""

    number: int
    question: Question
    order: tuple[int, ...]

    def letter(self, index: int) -> str:
        """The letter the choice at file-order `index` has on paper."""
        return PAPER_LETTERS[self.order.index(index)]

    @property
    def key(self) -> str:
        """The answer as letters: 'B', 'A, C', 'C B A' (in order) or '1 D, 2 A' (match)."""
        return PAPER[self.question.kind].key(self)

    @property
    def kind(self) -> PaperType:
        return PAPER[self.question.kind]


def paper_questions(bank: QuestionBank, seed: int) -> list[PaperQuestion]:
    """Every question of the bank in one shuffled order, each with its choices arranged as
    the quiz engine arranges them for an attempt with this seed (order items never already
    in order, single-choice keys spread over the places)."""
    ids = shuffled([q.id for q in bank.questions], seed)
    questions = [bank.question(i) for i in ids]
    return [PaperQuestion(n, q, order)
            for n, (q, order) in enumerate(zip(questions, arrange(questions, seed)), 1)]


def _choices(paper: PaperQuestion) -> list[str]:
    """The texts shown under the question's letters, in paper order."""
    texts = paper.kind.choices(paper.question)
    return [texts[i] for i in paper.order]


def quiz_markdown(bank: QuestionBank, papers: list[PaperQuestion]) -> str:
    """The paper test: instructions, then every question with its lettered choices and a line
    to answer on. No answers, no explanations, no question ids."""
    out = [f"# {_md_plain(bank.title)}", "",
           f"{len(papers)} questions. Name: ______________________", "",
           "## How to answer", ""]
    out += [f"- **{kind.name}**: {kind.how}" for kind in _kinds(papers)] + [""]
    for paper in papers:
        q = paper.question
        out += [f"## Question {paper.number} ({paper.kind.name.lower()})", "",
                _md_text(reflow(q.stem)), ""]
        letters = [f"- **{PAPER_LETTERS[row]}** {_md_inline(text)}"
                   for row, text in enumerate(_choices(paper))]
        out += paper.kind.markdown(paper, letters)
    return "\n".join(out)


def quiz_html(bank: QuestionBank, papers: list[PaperQuestion]) -> str:
    """The same paper test as one self-contained HTML page, ready to print."""
    title = html.escape(bank.title)
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{title}</title>", f"<style>{PAGE_STYLE}{PAPER_STYLE}</style>", "</head>",
           "<body>", "<header>", f"<h1>{title}</h1>",
           f"<p>{len(papers)} questions. Name: <span class=\"blank wide\"></span></p>",
           "</header>", '<section class="how">', "<h2>How to answer</h2>", "<ul>"]
    out += [f"<li><strong>{kind.name}</strong>: {html.escape(kind.how)}</li>"
            for kind in _kinds(papers)]
    out += ["</ul>", "</section>"]
    for paper in papers:
        q = paper.question
        out += ['<section class="question">',
                f"<h2>Question {paper.number} <small>({paper.kind.name.lower()})</small>"
                "</h2>", _html_text(reflow(q.stem))]
        letters = "".join(f"<li><strong>{PAPER_LETTERS[row]}</strong> {_html_inline(text)}"
                          "</li>" for row, text in enumerate(_choices(paper)))
        out += paper.kind.html(paper, f'<ul class="choices">{letters}</ul>')
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


PAPER_STYLE = """
.choices { list-style: none; padding-left: 1rem; }
.choices strong { display: inline-block; min-width: 1.5em; }
.blank { display: inline-block; min-width: 4em; border-bottom: 1px solid #1b2035; }
.blank.wide { min-width: 16em; }
h2 small { font-weight: normal; color: #505872; }
@media print { section { break-inside: avoid; } body { max-width: none; } }
"""


def _md_line(markup: str) -> str:
    """A text field (an explanation) run into one line, to sit in a list item."""
    return _md_inline(reflow(markup).replace("\n", " "))


def key_markdown(bank: QuestionBank, papers: list[PaperQuestion], seed: int,
                 step_label) -> str:
    """The key to the paper test: every answer at a glance, then each question's answer, the
    step it tests and why each choice is right or wrong. `step_label` names a step id."""
    out = [f"# {_md_plain(bank.title)}: answer key", "",
           f"For the paper test made with seed {seed} "
           f"(`chapterdeck export --quiz --seed {seed}`); {len(papers)} questions.", "",
           "## Answers", "", "| Question | Answer |", "| --- | --- |"]
    out += [f"| {p.number} | {p.key} |" for p in papers] + [""]
    for paper in papers:
        q = paper.question
        steps = "; ".join(_md_plain(step_label(s)) for s in q.steps)
        out += [f"## Question {paper.number}: {paper.key}", "",
                f"Tests: {steps} · {paper.kind.name.lower()} · id `{q.id}`", ""]
        out += paper.kind.key_lines(paper)
        out.append("")
        if q.explanation:
            out += [_md_text(reflow(q.explanation)), ""]
    return "\n".join(out)


# -- each question type on paper ----------------------------------------------------------

def _option_texts(q: Question) -> list[str]:
    return [o.text for o in q.options]


def _answer_texts(q: Question) -> list[str]:
    return list(q.answers)


def _correct_letters(paper: PaperQuestion) -> str:
    return ", ".join(sorted(paper.letter(i) for i in paper.question.correct))


def _order_letters(paper: PaperQuestion) -> str:
    return " ".join(paper.letter(i) for i in range(len(paper.question.options)))


def _match_letters(paper: PaperQuestion) -> str:
    answers = paper.question.answers
    return ", ".join(f"{n} {paper.letter(answers.index(p.answer))}"
                     for n, p in enumerate(paper.question.pairs, 1))


def _blanks(count: int) -> str:
    return " ".join('<span class="blank"></span>' for _ in range(count))


def _one_answer_md(paper: PaperQuestion, letters: list[str]) -> list[str]:
    return [*letters, "", "Answer: ____________", ""]


def _one_answer_html(paper: PaperQuestion, choices: str) -> list[str]:
    return [choices, f"<p>Answer: {_blanks(1)}</p>"]


def _order_md(paper: PaperQuestion, letters: list[str]) -> list[str]:
    return [*letters, "", "Order, first to last: " + " ".join(
        "____" for _ in paper.question.options), ""]


def _order_html(paper: PaperQuestion, choices: str) -> list[str]:
    return [choices, f"<p>Order, first to last: {_blanks(len(paper.question.options))}</p>"]


def _match_md(paper: PaperQuestion, letters: list[str]) -> list[str]:
    return ["Answers:", "", *letters, "", "Prompts:", "",
            *[f"{n}. {_md_inline(p.prompt)} — ____"
              for n, p in enumerate(paper.question.pairs, 1)], ""]


def _match_html(paper: PaperQuestion, choices: str) -> list[str]:
    return ["<p>Answers:</p>", choices, "<p>Prompts:</p>",
            "<ol>" + "".join(f'<li>{_html_inline(p.prompt)} {_blanks(1)}</li>'
                             for p in paper.question.pairs) + "</ol>"]


def _options_keyed(paper: PaperQuestion) -> list[str]:
    out = []
    for row, index in enumerate(paper.order):
        option = paper.question.options[index]
        mark = "right" if option.correct else "wrong"
        out.append(f"- **{PAPER_LETTERS[row]}** ({mark}) {_md_inline(option.text)}  \n"
                   f"  {_md_line(option.why)}")
    return out


def _order_keyed(paper: PaperQuestion) -> list[str]:
    return [f"{n}. **{paper.letter(i)}** {_md_inline(o.text)}  \n   {_md_line(o.why)}"
            for n, (i, o) in enumerate(enumerate(paper.question.options), 1)]


def _match_keyed(paper: PaperQuestion) -> list[str]:
    answers = paper.question.answers
    return [f"{n}. {_md_inline(p.prompt)} → **{paper.letter(answers.index(p.answer))}** "
            f"{_md_plain(p.answer)}  \n   {_md_line(p.why)}"
            for n, p in enumerate(paper.question.pairs, 1)]


@dataclass(frozen=True)
class PaperType:
    """One question type on paper. `name` and `how` say how to answer it, once at the top
    of the test and in short beside each question: the same words for every question of a
    type, so that nothing in them tells one question's answer."""

    name: str
    how: str
    choices: Callable[[Question], list[str]]  # the lettered texts, in file order
    key: Callable[[PaperQuestion], str]  # the answer as letters
    markdown: Callable[[PaperQuestion, list[str]], list[str]]  # the lettered lines, and more
    html: Callable[[PaperQuestion, str], list[str]]  # the list of choices, and more
    key_lines: Callable[[PaperQuestion], list[str]]  # in the key: each choice and why


# Every question type, by its name in the bank (content.quiz.QUESTION_TYPES).
PAPER: dict[str, PaperType] = {
    "single": PaperType("One answer", "Circle the letter of the one best option.",
                        _option_texts, _correct_letters, _one_answer_md, _one_answer_html,
                        _options_keyed),
    "multiple": PaperType("Several answers", "Circle the letter of every option you think "
                                             "is correct.",
                          _option_texts, _correct_letters, _one_answer_md, _one_answer_html,
                          _options_keyed),
    "order": PaperType("Put in order", "Write the letters of the items on the line in the "
                                       "right order, first to last.",
                       _option_texts, _order_letters, _order_md, _order_html, _order_keyed),
    "match": PaperType("Match", "Write the letter of the answer that belongs with each "
                                "numbered prompt on its line; an answer may fit one prompt, "
                                "several or none.",
                       _answer_texts, _match_letters, _match_md, _match_html, _match_keyed),
}


def _kinds(papers: list[PaperQuestion]) -> list[PaperType]:
    """The types the test asks, in the table's order."""
    return [PAPER[k] for k in PAPER if any(p.question.kind == k for p in papers)]


def write_quiz_paper(course, folder: Path, seed: int) -> list[Path]:
    """Write quiz.md, quiz.html (the test, no answers) and key.md into `folder`."""
    papers = paper_questions(course.bank, seed)
    return _write(folder, {
        "quiz.md": quiz_markdown(course.bank, papers),
        "quiz.html": quiz_html(course.bank, papers),
        "key.md": key_markdown(course.bank, papers, seed, course.step_label),
    })
