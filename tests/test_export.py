"""The handout: SVG per step, one self-contained HTML page, and Markdown."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

from tui.cli import main
from tui.content.model import Chapter
from tui.export import markdown, standalone, write_handout


class Resources(HTMLParser):
    """Everything in a page that a browser would fetch from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "poster", "action", "xlink:href") \
                    and value and not value.startswith("#"):
                self.external.append(f"<{tag} {name}={value}>")
        if tag == "link":
            self.external.append("<link>")


def external_resources(page: str) -> list[str]:
    parser = Resources()
    parser.feed(page)
    found = parser.external
    lowered = page.lower()
    for needle in ("url(", "@import", "http://", "https://"):
        start = 0
        while (at := lowered.find(needle, start)) >= 0:
            snippet = lowered[at:at + 60]
            # An SVG's namespace names a standard and url(#id) points inside the page: a
            # browser fetches neither.
            if not snippet.startswith(("http://www.w3.org/2000/svg", "url(#")):
                found.append(snippet)
            start = at + 1
    return found


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    from tui.content.loader import load_chapter
    from tui.content.paths import default_chapter

    chapter = load_chapter(default_chapter())
    folder = tmp_path_factory.mktemp("handout")
    written = write_handout(chapter, folder)
    return chapter, folder, written


def test_every_step_has_a_picture_with_its_title(handout):
    chapter, folder, written = handout
    assert {p.name for p in written} == {f"step-{n}.svg" for n in range(1, 9)} | {
        "index.html", "chapter.md"}
    for number, step in enumerate(chapter.steps, 1):
        svg = (folder / f"step-{number}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg")
        text = svg.replace("&#160;", " ")
        assert html.escape(f"Step {number} / 8: {step.title}") in text  # the picture's title
        assert html.escape(step.title) + " " in text  # the card's own title line
        assert 'viewBox="0 0' in svg
        assert external_resources(svg) == []


def test_the_html_shows_every_step_in_order_with_its_narration(handout):
    chapter, folder, _ = handout
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    positions = [page.index(f'<section id="step-{n}">') for n in range(1, 9)]
    assert positions == sorted(positions)
    assert page.count("<svg") == 8
    for number, step in enumerate(chapter.steps, 1):
        section = page[positions[number - 1]:]
        assert html.escape(step.title) in section[:2000]
        lead = step.narration.split("**")[1]  # the narration's bold lead-in
        assert f"<strong>{html.escape(lead)}</strong>" in section[:4000]
    # Every word of a tall card is there, not only what fits its picture.
    assert "Some teams call this role “AI Quality Engineer” or “Eval Lead.”" in page
    assert "Open with the question for the room" not in page  # speaker notes stay private


def test_the_html_needs_nothing_from_outside(handout):
    _, folder, _ = handout
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert external_resources(page) == []
    parser = Resources()
    parser.feed(page)
    assert "script" not in parser.tags and "link" not in parser.tags


def test_the_check_can_see_an_external_resource():
    assert external_resources('<img src="https://example.com/x.png">')
    assert external_resources("<style>@font-face { src: url(x.woff2) }</style>")
    assert external_resources('<link rel="stylesheet" href="s.css">')


def test_rich_web_fonts_are_removed():
    svg = ('src: local("FiraCode-Regular"),\n    url("https://cdnjs.cloudflare.com/a.woff2") '
           'format("woff2"),\n    url("https://cdnjs.cloudflare.com/a.woff") format("woff");')
    assert standalone(svg) == 'src: local("FiraCode-Regular");'


def test_markdown_has_every_step_and_its_text(chapter: Chapter, handout):
    _, folder, _ = handout
    text = (folder / "chapter.md").read_text(encoding="utf-8")
    assert text == markdown(chapter)
    assert text.startswith("# Ch 3 — AI Product Roles & Team Structure\n")
    for number, step in enumerate(chapter.steps, 1):
        assert f"## Step {number}: {step.title}" in text
    assert "- **Evaluate feasibility** — Can this problem be solved" in text
    assert "> **The key shift:**" in text


def test_markdown_escapes_what_would_be_markup(small: Chapter):
    from dataclasses import replace

    odd = replace(small, title="A *starred* [link] title")
    assert markdown(odd).startswith(r"# A \*starred\* \[link\] title")


def test_export_command(tmp_path, capsys):
    from helpers import SMALL_CHAPTER

    source = tmp_path / "small.yaml"
    source.write_text(SMALL_CHAPTER, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", "-o", str(out), "--size", "80x24", str(source)]) == 0
    assert "Wrote 5 files" in capsys.readouterr().out
    svg = (out / "step-1.svg").read_text(encoding="utf-8").replace("&#160;", " ")
    assert "First Step" in svg
    assert 'viewBox="0 0 994' in svg  # 80 columns wide


@pytest.mark.parametrize(("args", "message"), [
    (["--size", "big"], "is not a size; write it as WIDTHxHEIGHT"),
    (["--size", "20x10"], "the size must be from 44x14 to 400x200"),
    ([], "the following arguments are required: -o/--output"),
])
def test_export_refuses_bad_options_with_a_message(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as exit_:
        main(["export", *(["-o", str(tmp_path)] if args else []), *args])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_export_of_a_broken_chapter_prints_its_problems(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Broken\nsteps:\n  - id: one\n    titel: One\n", encoding="utf-8")
    assert main(["export", "-o", str(tmp_path / "out"), str(broken)]) == 2
    err = capsys.readouterr().err
    assert "chapterdeck cannot export" in err and "did you mean 'title'" in err
    assert not (tmp_path / "out").exists()


def test_export_into_a_file_is_a_message(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["export", "-o", str(blocker)]) == 2
    assert "chapterdeck export: cannot make the folder" in capsys.readouterr().err
