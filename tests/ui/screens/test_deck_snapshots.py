"""Snapshot pictures of every deck screen, at the sizes our users have.

Review changed snapshots as pictures: `pytest --snapshot-update` rewrites them, and
snapshot_report.html shows the differences.
"""

from __future__ import annotations

import pytest

from tui.content.loader import load_chapter
from tui.content.paths import default_chapter
from tui.ui.app import DeckApp


def deck(**options) -> DeckApp:
    return DeckApp(load_chapter(default_chapter()), **options)


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (120, 36), (200, 60)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_step(snap_compare, size):
    assert snap_compare(deck(start_step=3), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_cover(snap_compare, size):
    assert snap_compare(deck(), terminal_size=size)


def test_last_step_wide(snap_compare):
    assert snap_compare(deck(start_step=8), terminal_size=(120, 36))


def test_tall_card_paged_down(snap_compare):
    assert snap_compare(deck(start_step=2), press=["space"], terminal_size=(80, 24))


def test_no_color(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(deck(start_step=6), terminal_size=(80, 24))


def test_ascii(snap_compare):
    assert snap_compare(deck(start_step=5, ascii_only=True), terminal_size=(80, 24))


def test_ascii_60x20(snap_compare):
    assert snap_compare(deck(start_step=1, ascii_only=True), terminal_size=(60, 20))


def test_help(snap_compare):
    assert snap_compare(deck(start_step=1), press=["question_mark"], terminal_size=(80, 24))


def test_contents(snap_compare):
    assert snap_compare(deck(start_step=4), press=["t"], terminal_size=(80, 24))


def test_end_of_chapter(snap_compare):
    assert snap_compare(deck(start_step=8), press=["right"], terminal_size=(80, 24))


def test_go_to_step_typed(snap_compare):
    assert snap_compare(deck(start_step=1), press=["7"], terminal_size=(60, 20))


def test_too_small(snap_compare):
    assert snap_compare(deck(start_step=1), terminal_size=(40, 12))
