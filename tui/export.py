"""Handouts: a chapter as SVG pictures of its steps, one self-contained HTML page, and
Markdown.

The pictures come from the deck itself, run headless at the chosen size; the Markdown and
the HTML text come straight from the chapter model (no Textual), so a card taller than the
picture still has all its words in the handout.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from .content.markup import paragraph_lines, parse
from .content.model import Block, Chapter, Step, colour_hex


class ExportError(Exception):
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


def write_handout(chapter: Chapter, folder: Path, size: tuple[int, int] = (120, 36),
                  theme: str = "dark") -> list[Path]:
    """Write step-N.svg for each step, index.html and chapter.md into `folder`."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot make the folder {folder}: {exc.strerror}") from exc
    if not folder.is_dir():
        raise ExportError(f"{folder} is not a folder")
    shots = pictures(chapter, size, theme)
    files: dict[str, str] = {f"step-{n}.svg": svg for n, svg in enumerate(shots, 1)}
    files["index.html"] = html_page(chapter, shots)
    files["chapter.md"] = markdown(chapter)
    written = []
    for name, text in files.items():
        path = folder / name
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
        written.append(path)
    return written
