"""The quiz format as data: a bank of scenario questions about one chapter.

Built by the quiz loader, used by the quiz engine (tui/quiz) and shown by the UI. Pure: no
Textual, no Rich.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# single: pick one option. multiple: pick every correct option ("which TWO..."), partial credit.
# order: put the items in order. match: pair each prompt with one of a list of answers.
QUESTION_TYPES = ("single", "multiple", "order", "match")


@dataclass(frozen=True)
class Option:
    """A choice (single, multiple) or an item to place (order, where the file's order is the
    right one). `why` says why choosing it is right or wrong, or why it sits where it does."""

    text: str
    why: str
    correct: bool = False
    misconception: str = ""  # the mistaken belief a distractor catches, e.g. over-centralising


@dataclass(frozen=True)
class Pair:
    """A match question's prompt and the answer that belongs with it."""

    prompt: str
    answer: str
    why: str


@dataclass(frozen=True)
class Question:
    """One scenario question: its stem, its options or pairs, and the steps it tests."""

    id: str
    kind: str  # one of QUESTION_TYPES
    steps: tuple[str, ...]  # ids of the chapter's steps that teach what this tests
    stem: str  # the scenario and the question
    options: tuple[Option, ...] = ()  # single, multiple; order: the items, in the right order
    pairs: tuple[Pair, ...] = ()  # match
    distractors: tuple[str, ...] = ()  # match: answers that belong with no prompt
    explanation: str = ""  # the question as a whole (the order's logic, say)
    topics: tuple[str, ...] = ()
    negative: bool = False  # the stem is meant to ask "which is NOT ..."
    line: int = 0  # where the question starts in its file, for messages

    @property
    def answers(self) -> tuple[str, ...]:
        """A match question's list of answers to choose from: each pair's answer once, in file
        order, then the distractors."""
        return tuple(dict.fromkeys([p.answer for p in self.pairs] + list(self.distractors)))

    @property
    def correct(self) -> tuple[int, ...]:
        """Indices (file order) of the correct options of a single or multiple question."""
        return tuple(i for i, o in enumerate(self.options) if o.correct)


@dataclass(frozen=True)
class Topic:
    """A named group of questions a learner can choose to take, such as 'topologies'."""

    id: str
    title: str


@dataclass(frozen=True)
class QuestionBank:
    """The questions about one chapter, and the topics a learner can take them by."""

    chapter: str  # the id of the chapter it tests
    title: str
    questions: tuple[Question, ...]
    topics: tuple[Topic, ...] = ()
    source: Path | None = field(default=None, compare=False)

    def question(self, question_id: str) -> Question | None:
        for q in self.questions:
            if q.id == question_id:
                return q
        return None

    def for_step(self, step_id: str) -> list[Question]:
        return [q for q in self.questions if step_id in q.steps]

    def for_topic(self, topic_id: str) -> list[Question]:
        return [q for q in self.questions if topic_id in q.topics]
