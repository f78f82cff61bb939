"""The chapter cache keeps the model by its dataclasses: every field of every question type
comes back as it went in, a field added to the model is kept without touching the cache, and
entries of an older shape or of an unknown type are read from the file again."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.content import cache
from tui.content.quiz import QUESTION_TYPES, Option, Pair, Question, QuestionBank, Topic

from conftest import FIXTURES

texts = st.text(max_size=12)
ids = st.text("abcdefghij-", min_size=1, max_size=8)
words = st.tuples(texts, texts).map(lambda t: t[0]) | st.sampled_from(["", "→ ✔", "a\nb"])


def questions(kind: str):
    return st.builds(
        Question, id=ids, kind=st.just(kind), steps=st.lists(ids, max_size=3).map(tuple),
        stem=words, options=st.lists(st.builds(Option, words, words, st.booleans(), texts),
                                     max_size=4).map(tuple),
        pairs=st.lists(st.builds(Pair, words, words, words), max_size=4).map(tuple),
        distractors=st.lists(words, max_size=3).map(tuple), explanation=words,
        topics=st.lists(ids, max_size=2).map(tuple), negative=st.booleans(),
        line=st.integers(0, 10**6))


banks = st.builds(QuestionBank, chapter=ids, title=words,
                  questions=st.tuples(*(questions(kind) for kind in QUESTION_TYPES)),
                  topics=st.lists(st.builds(Topic, ids, words), max_size=3).map(tuple))


def through_json(value, cls):
    return cache._rebuild(cls, json.loads(json.dumps(cache._plain(value))))


@settings(max_examples=60, deadline=None)
@given(banks)
def test_a_bank_with_every_question_type_comes_back_as_it_went_in(bank):
    again = through_json(bank, QuestionBank)
    assert again == bank
    assert [q.kind for q in again.questions] == list(QUESTION_TYPES)


def test_every_field_of_a_question_is_stored_by_name():
    q = Question("q", "match", ("s",), "stem", pairs=(Pair("p", "a", "w"),), line=3)
    assert set(cache._plain(q)) == {f.name for f in fields(Question)}


@dataclass(frozen=True)
class WithBlanks(Question):
    """A question with a field the model does not have yet, as a new type would add."""

    blanks: tuple[str, ...] = ()


def test_a_field_added_to_the_model_is_kept_without_touching_the_cache():
    q = WithBlanks("q", "single", ("s",), "stem", blanks=("first", "second"))
    assert through_json(q, WithBlanks) == q


def test_a_stored_bank_comes_back_for_every_question_type(tmp_path, chapter):
    from tui.content.quizload import load_quiz

    path = FIXTURES / "quiz" / "ch03-small.yaml"
    bank = load_quiz(path, chapter)
    assert {q.kind for q in bank.questions} == set(QUESTION_TYPES)
    cache.store_bank(path, chapter, bank)
    assert cache.load_bank(path, chapter) == bank


def test_an_entry_of_the_older_shape_is_read_from_the_file_again(tmp_path, chapter,
                                                                  monkeypatch):
    from tui.content.quizload import load_quiz

    path = FIXTURES / "quiz" / "ch03-small.yaml"
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT - 1)
    cache.store_bank(path, chapter, load_quiz(path, chapter))
    assert cache.load_bank(path, chapter) is not None
    monkeypatch.undo()
    assert cache.load_bank(path, chapter) is None


def test_a_cached_question_of_an_unknown_type_is_read_from_the_file_again(chapter):
    from tui.content.quizload import load_quiz

    path = FIXTURES / "quiz" / "ch03-small.yaml"
    bank = load_quiz(path, chapter)
    odd = replace(bank, questions=(replace(bank.questions[0], kind="blank"),))
    cache.store_bank(path, chapter, odd)
    assert cache.load_bank(path, chapter) is None


def test_an_entry_missing_a_field_is_no_hit(chapter):
    from tui.content.quizload import load_quiz

    path = FIXTURES / "quiz" / "ch03-small.yaml"
    cache.store_bank(path, chapter, load_quiz(path, chapter))
    (entry,) = cache.cache_dir().glob("*.quiz.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    del data["bank"]["questions"][0]["negative"]
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert cache.load_bank(path, chapter) is None
