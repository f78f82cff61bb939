"""The chapter cache: a hit equals a fresh load, and anything odd falls back to the file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tui.content import cache
from tui.content.loader import load_chapter
from tui.content.paths import default_chapter


def copy_of_chapter(tmp_path):
    path = tmp_path / "chapter.yaml"
    shutil.copy(default_chapter(), path)
    return path


def test_a_stored_chapter_comes_back_equal(tmp_path):
    path = copy_of_chapter(tmp_path)
    assert cache.load(path) is None
    chapter = load_chapter(path)
    cache.store(path, chapter)
    again = cache.load(path)
    assert again == chapter
    assert again.source == path


def test_an_edited_file_is_read_again(tmp_path):
    path = copy_of_chapter(tmp_path)
    cache.store(path, load_chapter(path))
    text = path.read_text(encoding="utf-8").replace("High Level", "Deep Dive")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(1, 1))  # even a changed size alone is enough; make the time differ too
    assert cache.load(path) is None


def test_a_damaged_entry_is_ignored(tmp_path):
    path = copy_of_chapter(tmp_path)
    cache.store(path, load_chapter(path))
    for entry in cache.cache_dir().glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert cache.load(path) is None


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked / "chapters"))
    path = copy_of_chapter(tmp_path)
    cache.store(path, load_chapter(path))  # must not raise
    assert cache.load(path) is None


def test_a_hit_does_not_load_pyyaml(tmp_path):
    path = copy_of_chapter(tmp_path)
    cache.store(path, load_chapter(path))
    probe = (f"import sys\nfrom pathlib import Path\nfrom tui.content import cache\n"
             f"assert cache.load(Path({str(path)!r})) is not None\n"
             f"print('yaml' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=60, env=os.environ.copy())
    assert result.stdout.strip() == "False"
