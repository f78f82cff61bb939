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


def test_the_cache_is_private_like_the_data_folder(tmp_path, chapter):
    """Entries hold chapter text, notes and quiz keys: a 0600 chapter in a 0700 folder must
    not become readable by everyone through a 0644 entry in a 0755 folder."""
    import stat

    old_mask = os.umask(0o022)
    try:
        path = copy_of_chapter(tmp_path)
        folder = cache.cache_dir()
        folder.mkdir(parents=True, mode=0o755)  # an older chapterdeck's folder
        cache.store(path, load_chapter(path))
        from tui.content.paths import quiz_for_chapter
        from tui.content.quizload import load_quiz

        bank_path = quiz_for_chapter(chapter.id)
        cache.store_bank(bank_path, chapter, load_quiz(bank_path, chapter))
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    entries = list(folder.iterdir())
    assert len(entries) == 2
    assert {stat.S_IMODE(e.stat().st_mode) for e in entries} == {0o600}


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


def test_a_chapter_read_for_the_deck_loads_no_quiz_model_nor_hashlib(tmp_path):
    """The deck's start reads its chapter through finding.read_chapter: neither the quiz's
    model (it loads with the first bank) nor hashlib (~2 ms and 0.6 MiB) comes with it."""
    path = copy_of_chapter(tmp_path)
    cache.store(path, load_chapter(path))
    probe = (f"import sys\nfrom pathlib import Path\n"
             f"from tui.content.finding import read_chapter\n"
             f"assert read_chapter(Path({str(path)!r})).steps\n"
             f"print(sorted({{'tui.content.quiz', 'hashlib'}} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=60, env=os.environ.copy())
    assert result.stdout.strip() == "[]"


def test_a_question_bank_is_cached_against_its_chapter(tmp_path, chapter):
    """The cached bank equals the loaded one, is stale once the file or the chapter's steps
    change, and a start with a warm cache does not import PyYAML."""
    import dataclasses
    import shutil
    import subprocess
    import sys

    from conftest import FIXTURES
    from tui.content import cache
    from tui.content.quizload import load_quiz

    bank_file = tmp_path / "bank.yaml"
    shutil.copy(FIXTURES / "quiz" / "ch03-small.yaml", bank_file)
    bank = load_quiz(bank_file, chapter)
    assert cache.load_bank(bank_file, chapter) is None
    cache.store_bank(bank_file, chapter, bank)
    cached = cache.load_bank(bank_file, chapter)
    assert cached == bank and cached.source == bank_file
    fewer = dataclasses.replace(chapter, steps=chapter.steps[:-1])
    assert cache.load_bank(bank_file, fewer) is None
    bank_file.write_text(bank_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache.load_bank(bank_file, chapter) is None

    probe = ("import sys\nfrom pathlib import Path\nfrom tui.content.finding import read_chapter\n"
             "from tui.quiz.course import find_course\n"
             "path = Path(sys.argv[1])\ncourse, why = find_course(read_chapter(path), path, None)\n"
             "assert course is not None, why\nprint('yaml' in sys.modules)")
    from tui.content.paths import default_chapter

    runs = [subprocess.run([sys.executable, "-c", probe, str(default_chapter())],
                           capture_output=True, text=True, check=True).stdout.strip()
            for _ in range(2)]
    assert runs[1] == "False"  # the second start found both chapter and bank cached
