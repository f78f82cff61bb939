"""The theme is one state, App.theme: switching to a theme with the key draws the screen as
starting in that theme does, and the renderer follows the app's theme however it is set."""

from __future__ import annotations

import pytest

from tui.content.model import Chapter
from tui.ui.app import DeckApp
from tui.ui.themes import THEMES


async def picture(app: DeckApp, pilot, keys: tuple[str, ...] = ()) -> str:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    app.clear_notifications()  # "Theme: light" is said for a moment
    await pilot.pause()
    return app.export_screenshot(title="deck")


@pytest.mark.parametrize(("keys", "name"), [(("c",), "light"), (("c", "c"), "ansi"),
                                            (("c", "c", "c"), "dark")])
async def test_switching_draws_what_starting_in_the_theme_draws(chapter: Chapter, keys, name):
    started = DeckApp(chapter, start_step=2, theme=name)
    async with started.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        wanted = await picture(started, pilot)
    switched = DeckApp(chapter, start_step=2)
    async with switched.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        got = await picture(switched, pilot, keys)
        assert switched.current_theme is THEMES[name]
    assert got == wanted


async def test_the_renderer_follows_the_app_theme(chapter: Chapter):
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = THEMES["ansi"].name
        await pilot.pause()
        assert app.renderer.ansi is True
        app.theme = THEMES["light"].name
        await pilot.pause()
        assert app.renderer.ansi is False and app.renderer.foreground == "#1b2035"
