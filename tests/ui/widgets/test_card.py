"""The card's own scrollbar: drawn in its last column as Textual's ScrollBar draws one, and
used with the mouse as that one is."""

from __future__ import annotations

from textual.scrollbar import ScrollBarRender

from tui.content.model import Chapter
from tui.ui.app import DeckApp
from tui.ui.widgets.card import CardView

THUMB_ENDS = set(ScrollBarRender.VERTICAL_BARS) - {" "}


def bar(card: CardView) -> list[str]:
    """The card's last column, row by row: "#" for the thumb, "." for the track, " " for a
    blank cell in the card's own background."""
    cells = []
    for y in range(card.scrollable_content_region.height):
        segment = list(card.render_line(y))[-1]
        style = segment.style
        if style.reverse or segment.text in THUMB_ENDS:
            cells.append("#")
        elif style.bgcolor == card.visual_style.rich_style.bgcolor:
            cells.append(" ")
        else:
            cells.append(".")
    return cells


def thumb(card: CardView) -> tuple[int, int]:
    cells = "".join(bar(card))
    return cells.index("#"), cells.rindex("#") + 1


async def test_the_thumb_shows_where_the_card_is_and_how_much_of_it(chapter: Chapter):
    app = DeckApp(chapter, start_step=2)  # six roles: far taller than 24 rows
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = app.screen.query_one(CardView)
        assert not card.show_vertical_scrollbar  # Textual's own is not drawn
        height, lines = card.scrollable_content_region.height, card.max_scroll_y
        lines += height
        first, end = thumb(card)
        assert first == 0 and 1 <= end < height
        assert "." in bar(card)[end:]
        assert abs((end - first) - height * height / lines) <= 1.5
        card.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        first, end = thumb(card)
        assert first > 0 and end == height
        app.screen.go(3)  # another step: the thumb is back on top, for a card of its length
        await pilot.pause()
        assert thumb(card)[0] == 0


async def test_a_card_that_fits_keeps_a_blank_column(chapter: Chapter):
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        card = app.screen.query_one(CardView)
        assert card.max_scroll_y == 0
        assert set(bar(card)) == {" "}
        assert card.render_line(0).cell_length == card.size.width


async def test_a_click_on_the_track_pages_and_the_thumb_drags(chapter: Chapter):
    app = DeckApp(chapter, start_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = app.screen.query_one(CardView)
        column, height = card.size.width - 1, card.scrollable_content_region.height
        first, end = thumb(card)
        await pilot.click(CardView, offset=(column, end + 1))  # below the thumb: a page down
        await pilot.pause()
        assert card.scroll_y == height
        await pilot.click(CardView, offset=(column, 0))  # above it: a page up
        await pilot.pause()
        assert card.scroll_y == 0
        await pilot.click(CardView, offset=(column - 5, height - 1))  # the text: nothing
        await pilot.pause()
        assert card.scroll_y == 0
        # The thumb dragged 3 rows down scrolls the card 3 rows' worth of its length.
        await pilot.mouse_down(CardView, offset=(column, first))
        await pilot.hover(CardView, offset=(column, first + 3))
        await pilot.mouse_up(CardView, offset=(column, first + 3))
        await pilot.pause()
        lines = card.max_scroll_y + height
        assert abs(card.scroll_y - 3 * lines / height) <= 1
        assert thumb(card)[0] >= 2


def text(strips) -> list[str]:
    return ["".join(segment.text for segment in strip) for strip in strips]


async def test_a_view_drawn_again_is_the_same_lines_and_a_changed_card_is_drawn_anew(
        chapter: Chapter):
    """Textual asks for a card's lines one by one; they come from one view of the card,
    kept by what it shows: the same view again is the very same strips, and the view of
    another step, of the card scrolled, or of a card forgotten (read again) is new."""
    from textual.geometry import Region

    app = DeckApp(chapter, start_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = app.screen.query_one(CardView)
        height = card.scrollable_content_region.height
        whole = Region(0, 0, card.size.width, height)
        first = [card.render_line(y) for y in range(height)]
        assert text(card.render_lines(whole)) == text(first)  # as Textual draws them
        assert all(a is b for a, b in zip(first, (card.render_line(y) for y in range(height))))
        assert "The Core AI Team" in text(first)[0] and "ML Engineer" in text(first)[3]
        card.scroll_to(y=3, animate=False, immediate=True)
        await pilot.pause()
        scrolled = [card.render_line(y) for y in range(height)]
        assert text(scrolled)[0] == text(first)[3][:-1] + text(scrolled)[0][-1]
        app.screen.go(3)
        await pilot.pause()
        third = text(card.render_line(y) for y in range(height))
        assert third != text(first) and third != text(scrolled)
        app.screen.go(2)
        await pilot.pause()
        again = [card.render_line(y) for y in range(height)]
        assert all(a is b for a, b in zip(first, again))  # step 2's view, kept
        card.forget()  # the chapter was read again: nothing drawn before is used
        await pilot.pause()
        assert not any(a is b for a, b in zip(first, (card.render_line(y)
                                                      for y in range(height))))
