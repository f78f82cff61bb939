"""The inline markup of chapter text: **bold**, *italic*, \\* escapes, paragraphs and bullets."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.content.loader import load_chapter
from helpers import parse_like_the_deck
from tui.content.markup import (
    MarkupError, Span, check, paragraphs, parse, pieces, plain, to_ascii,
)
from tui.content.paths import default_chapter


# -- parse --------------------------------------------------------------------------------

def test_plain_text_is_one_plain_span():
    assert parse("just words") == [Span("just words")]


def test_empty_text_has_no_spans():
    assert parse("") == []


def test_bold_and_italic():
    assert parse("a **b** c *d* e") == [
        Span("a "), Span("b", bold=True), Span(" c "), Span("d", italic=True), Span(" e"),
    ]


def test_italic_inside_bold():
    assert parse("**x *y* z**") == [
        Span("x ", bold=True), Span("y", bold=True, italic=True), Span(" z", bold=True),
    ]


def test_bold_italic_together():
    assert parse("***both***") == [Span("both", bold=True, italic=True)]


def test_escaped_asterisk_is_literal():
    assert parse(r"5 \* 3 = 15") == [Span("5 * 3 = 15")]
    assert parse(r"**a \* b**") == [Span("a * b", bold=True)]


def test_escaped_backslash_before_asterisk():
    # \\ is a literal backslash, so the * after it opens italic.
    assert parse(r"a\\*b*") == [Span("a\\"), Span("b", italic=True)]


def test_backslash_before_other_characters_is_kept():
    assert parse(r"C:\path\to") == [Span(r"C:\path\to")]
    assert parse("trailing \\") == [Span("trailing \\")]


@pytest.mark.parametrize("text, offset, what", [
    ("open **bold", 5, "'**' opens bold"),
    ("open *italic", 5, "'*' opens italic"),
    ("**a** and **b", 10, "'**' opens bold"),
    ("*a* *b* *c", 8, "'*' opens italic"),
])
def test_unclosed_marker_raises_with_its_offset(text, offset, what):
    with pytest.raises(MarkupError) as info:
        parse(text)
    assert info.value.offset == offset
    assert text[offset] == "*"
    assert what in str(info.value)
    assert "never closed" in str(info.value)
    assert r"\*" in str(info.value)  # the message says how to write a literal asterisk


def test_markup_error_is_a_value_error():
    assert issubclass(MarkupError, ValueError)


def test_plain_removes_markup():
    assert plain(r"**Bold** and *italic* and \*") == "Bold and italic and *"


# -- paragraphs, pieces and check ---------------------------------------------------------

def test_paragraphs_split_at_blank_lines():
    text = "\nFirst line\nsecond line\n\nSecond paragraph.\n\n\n\nThird.\n"
    assert paragraphs(text) == ["First line\nsecond line", "Second paragraph.", "Third."]


def test_paragraphs_of_empty_text():
    assert paragraphs("") == []
    assert paragraphs("\n\n  \n") == []


def test_bullet_lines_are_pieces_of_their_own():
    text = "Intro **bold**:\n\n• **One** — first\n• *Two* — second\n"
    assert [(text[o:o + len(p)], w) for o, p, w in pieces(text)] == [
        ("Intro **bold**:", "paragraph"),
        ("**One** — first", "bullet line"),
        ("*Two* — second", "bullet line"),
    ]
    for offset, part, _ in pieces(text):
        assert text[offset:offset + len(part)] == part


def test_a_paragraph_with_some_bullet_lines_is_one_piece():
    text = "Not a list:\n• one\n• two"
    assert pieces(text) == [(0, text, "paragraph")]


def test_check_accepts_balanced_paragraphs():
    check("**a** b\n\n*c*\n\n• **d**\n• e")


def test_bold_cannot_run_across_paragraphs():
    # Balanced over the whole text, but the deck draws each paragraph on its own.
    text = "**start\n\nend**"
    parse(text)  # fine as one run...
    with pytest.raises(MarkupError) as info:
        check(text)  # ...but not paragraph by paragraph
    assert info.value.offset == 0
    assert "in its paragraph" in str(info.value)


def test_bold_cannot_run_across_bullet_lines():
    text = "• **one\n• two**"
    with pytest.raises(MarkupError) as info:
        check(text)
    assert info.value.offset == text.index("**")
    assert "in its bullet line" in str(info.value)


def test_check_offset_points_into_the_whole_text():
    text = "  First paragraph.\n\nSecond *paragraph.\n"
    with pytest.raises(MarkupError) as info:
        check(text)
    assert info.value.offset == text.index("*")


def test_single_paragraph_message_is_unchanged():
    with pytest.raises(MarkupError) as info:
        check("one **paragraph")
    assert "never closed:" in str(info.value)


def test_every_text_of_the_real_chapter_passes_check():
    chapter = load_chapter(default_chapter())
    for step in chapter.steps:
        for text in step.marked() + [step.narration]:
            check(text)


# -- ascii --------------------------------------------------------------------------------

def test_to_ascii_folds_typography():
    assert to_ascii("“Ch 3” — it’s 1–3 • … → ×") == '"Ch 3" -- it\'s 1-3 * ... -> x'
    assert to_ascii("naïve") == "na?ve"
    assert to_ascii("plain") == "plain"


# -- properties ---------------------------------------------------------------------------

def reference_plain(text: str) -> str:
    """The input minus its markers: \\* and \\\\ become their character, other * vanish."""
    return re.sub(r"\\([*\\])|\*", lambda m: m.group(1) or "", text)


MARKUP_TEXT = st.text(
    alphabet=st.one_of(st.sampled_from(list("**\\ab \n•")), st.characters()), max_size=60)


@settings(max_examples=400, deadline=None)
@given(MARKUP_TEXT)
def test_parse_returns_the_text_minus_markers_or_raises_markup_error(text):
    try:
        spans = parse(text)
    except MarkupError as exc:
        assert 0 <= exc.offset < len(text)
        assert text[exc.offset] == "*"
        return
    assert "".join(span.text for span in spans) == reference_plain(text)
    assert all(span.text for span in spans)
    assert plain(text) == reference_plain(text)


@settings(max_examples=400, deadline=None)
@given(MARKUP_TEXT)
def test_check_passes_only_what_the_deck_can_draw(text):
    """check() either points at a '*' or guarantees every paragraph and bullet line parses
    on its own, as the deck parses them, and the whole text parses too."""
    try:
        check(text)
    except MarkupError as exc:
        assert text[exc.offset] == "*"
        return
    parse(text)
    parse_like_the_deck(text)


# -- drawing a long text ----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "word " * 4000,  # one long paragraph
    "**bold** and *italic* words, " * 800,  # with style runs
    "\n\n".join(["a paragraph of several words " * 10] * 50),
    "\n".join(["• a bullet point of several words " * 5] * 50),
], ids=["paragraph", "styled", "paragraphs", "bullets"])
def test_a_long_text_draws_line_by_line(text):
    """Drawing stays linear in the text's length: Rich renders a wrapped Text as segments
    that each span many lines, then splits each at every newline by copying the rest of it
    (quadratic: a 3 MB block took ten seconds and a 50 MB one never drew). Every segment the
    card's text draws holds at most one line."""
    from rich.console import Console

    from tui.content.model import Block, Step
    from tui.ui.render import Renderer

    console = Console(width=78, file=io.StringIO(), color_system="truecolor")
    step = Step(id="x", title="Title", icon="star", colours=("green",),
                columns=((Block("Label", text),),))
    segments = list(console.render(Renderer().card(step), console.options))
    assert sum(s.text.count("\n") for s in segments) > 40  # it did wrap into many lines
    assert not [s.text for s in segments if "\n" in s.text and s.text != "\n"]
