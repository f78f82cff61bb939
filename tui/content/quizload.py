"""Load and check quiz files: a bank of scenario questions about one chapter.

Built on the chapter loader: the YAML is composed into nodes, never constructed, and every
problem is reported at once with its line and column. The format's shape is checked as errors;
the item-writing rules (no "all of the above", a key that is not much the longest option,
positive stems) as warnings, which `chapterdeck check` prints but which leave the quiz usable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from yaml.constructor import SafeConstructor
from yaml.nodes import Node, ScalarNode

from .checking import (
    Checker, ContentError, FileKind, Problem, check_document, close_matches, key_of, kind_of,
    read_text, scalar_value, value_of,
)
from .loader import MAX_STEPS, check_file, check_text
from .markup import plain
from .model import Chapter
from .paths import beside, bundled_files, resolved
from .quiz import Option, Pair, Question, QuestionBank, Topic

QUIZ_FILE = FileKind("quiz", "a chapter, a title and questions",
                     "'chapter', 'title' and 'questions'")
MAX_QUESTIONS = 500
MAX_TOPICS = 30
CHOICES = (3, 6)  # options of a single or multiple question, items, pairs: this many
MAX_DISTRACTORS = 6
BOOL_TAG = "tag:yaml.org,2002:bool"

# Item-writing rules (warnings).
# The correct option is "much the longest" when it is longer than LONGEST_RATIO times the
# longest wrong option and at least LONGEST_MARGIN characters longer (markup not counted).
LONGEST_RATIO = 1.5
LONGEST_MARGIN = 20
ABOVE = re.compile(r"\b(?:all|none|both|neither)\s+of\s+the\s+(?:above|options|answers)\b", re.I)
# Negative words in the sentence that asks the question; NOT and EXCEPT in capitals anywhere.
NEGATIVE = re.compile(r"\b(?:not|never|except|false|untrue|incorrect|cannot)\b|n['’]t\b|"
                      r"(?<!\bat )\bleast\b", re.I)
SHOUTED_NEGATIVE = re.compile(r"\b(?:NOT|EXCEPT)\b")
# A key that repeats ECHO_WORDS or more words of the stem in a row, where no wrong option
# repeats more than ECHO_OTHERS, can be found by matching words instead of knowing the answer.
# A run of nothing but FILLER words ("one of the") is no echo.
ECHO_WORDS = 3
ECHO_OTHERS = 2
WORD = re.compile(r"[\w%'’-]+")
FILLER = frozenset("a an the of to for and or in on at by with as from is are be it its this "
                   "that".split())
# Absolutes a test-wise learner rules out unread: warned in a wrong option when no correct
# option of the question has one.
ABSOLUTE = re.compile(r"\b(?:always|never|every(?:one|thing|where)?|perfect(?:ly|ion)?|"
                      r"guarantee[sd]?|guaranteeing)\b|\b100\s?%", re.I)
# Across a bank, a phrase (PHRASE_WORDS words) or an opening word found in PATTERN_COUNT or
# more wrong options and in no correct one is a pattern a learner learns to rule out.
PHRASE_WORDS = (2, 3)
PATTERN_COUNT = 5


def is_quiz(text: str) -> bool:
    """Whether content text is a quiz rather than a chapter: it has a top-level `questions`."""
    return re.search(r"""^["']?questions["']?[ \t]*:""", text, re.M) is not None


class _QuizChecker(Checker):
    """Walks a quiz's node tree; `chapter`, if given, is the chapter its step ids must name."""

    def __init__(self, path: str, chapter: Chapter | None = None) -> None:
        super().__init__(path)
        self.given = chapter

    def text(self, node: Node | None, where: str, markup: bool = True,
             allow_empty: bool = False) -> str | None:
        # A block scalar's final line break is YAML's, not the author's.
        value = super().text(node, where, markup, allow_empty)
        return value.strip() if value is not None else None

    def warn(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message,
                                     severity="warning"))

    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    def flag(self, node: Node | None, where: str) -> bool:
        if node is None:
            return False
        if isinstance(node, ScalarNode) and node.tag == BOOL_TAG:
            return SafeConstructor.bool_values[node.value.lower()]
        self.problem(node, f"{where} should be true or false, not {kind_of(node)}")
        return False

    # -- the bank -------------------------------------------------------------------------

    def bank(self, root: Node) -> QuestionBank | None:
        f = self.fields(root, "the quiz", ("chapter", "title", "questions"), ("format", "topics"))
        if f is None:
            return None
        self.format_version(f.get("format"))
        title = self.text(f.get("title"), "the quiz's title")
        chapter_id = self.ident(f.get("chapter"), "the quiz's chapter")
        step_ids = self.chapter_steps(f.get("chapter"), chapter_id)

        topics: list[Topic] = []
        topic_ids: list[str] = []
        for number, node in enumerate(
                self.sequence(f.get("topics"), "topics", 0, MAX_TOPICS), 1):
            topic = self.topic(node, number)
            # A topic broken elsewhere still lends its id, so questions naming it are not
            # reported too.
            tid = topic.id if topic else scalar_value(node, "id")
            if tid in topic_ids:
                self.problem(node, f"topic {number} has the id '{tid}', which an earlier "
                                   f"topic already uses; topic ids must be unique")
                continue
            if tid is not None:
                topic_ids.append(tid)
            if topic is not None:
                topics.append(topic)

        questions: list[Question] = []
        seen: dict[str, int] = {}
        nodes = self.sequence(f.get("questions"), "questions", 1, MAX_QUESTIONS)
        for number, node in enumerate(nodes, 1):
            qid = scalar_value(node, "id")
            if qid in seen:
                self.problem(value_of(node, "id"),
                             f"question {number} has the id '{qid}', which question "
                             f"{seen[qid]} already uses; question ids must be unique")
            elif qid is not None:
                seen[qid] = number
            question = self.question(node, number, step_ids, topic_ids)
            if question is not None:
                questions.append(question)

        if self.errors() or title is None or chapter_id is None:
            return None
        self.check_patterns(questions, nodes)
        return QuestionBank(chapter=chapter_id, title=title, questions=tuple(questions),
                            topics=tuple(topics))

    def chapter_steps(self, node: Node | None, chapter_id: str | None) -> list[str] | None:
        """The step ids of the quiz's chapter, or None when they cannot be known (the chapter
        is missing or broken: that is reported here, once, instead of at every step id)."""
        if chapter_id is None:
            return None
        if self.given is not None:
            if self.given.id != chapter_id:
                self.problem(node, f"the quiz tests chapter '{chapter_id}', but it is being "
                                   f"checked against chapter '{self.given.id or '(no id)'}'")
                return None
            return [step.id for step in self.given.steps]
        chapter, broken, known = find_chapter(chapter_id, Path(self.path))
        if chapter is not None:
            return [step.id for step in chapter.steps]
        if broken is not None:
            self.problem(node, f"the quiz's chapter '{chapter_id}' is {broken}, which has "
                               f"problems of its own; fix them (chapterdeck check {broken}) "
                               f"and check the quiz again")
            return None
        hint = close_matches(chapter_id, known, n=1)
        fix = f"did you mean '{hint[0]}'?" if hint else \
            f"the chapters found are: {', '.join(known) or 'none'}"
        self.problem(node, f"the quiz's chapter '{chapter_id}' cannot be found: no chapter in "
                           f"the quiz's ../slides folder or among the bundled chapters has "
                           f"that id; {fix}")
        return None

    def topic(self, node: Node, number: int) -> Topic | None:
        where = f"topic {number}"
        f = self.fields(node, where, ("id", "title"), ())
        if f is None:
            return None
        tid = self.ident(f.get("id"), f"{where}'s id")
        title = self.text(f.get("title"), f"{where}'s title", markup=False)
        return Topic(tid, title) if tid and title else None

    # -- one question ---------------------------------------------------------------------

    def question(self, node: Node, number: int, step_ids: list[str] | None,
                 topic_ids: list[str]) -> Question | None:
        where = f"question {scalar_value(node, 'id') or number}"
        f = self.fields(node, where, ("id", "type", "steps", "stem"),
                        ("topics", "negative", *LISTS, "explanation"))
        if f is None:
            return None
        before = self.errors()
        qid = self.ident(f.get("id"), f"{where}'s id")
        kind = self.question_type(f.get("type"), where)
        steps = self.names(f.get("steps"), where, "step", step_ids, 1,
                           "the chapter's steps are")
        topics = self.names(f.get("topics"), where, "topic", topic_ids, 0,
                            "the quiz's topics are")
        negative = self.flag(f.get("negative"), f"{where}'s negative")
        stem = self.text(f.get("stem"), f"{where}'s stem")
        explanation = self.text(f.get("explanation"), f"{where}'s explanation") or ""

        reading = READING.get(kind)
        if reading is not None:
            body = reading.lists[0]
            for other in LISTS:
                if other in f and other not in reading.lists:
                    self.problem(key_of(node, other),
                                 f"{where} is {_a(repr(kind))} question, which lists its choices "
                                 f"under '{body}', not '{other}'")
            if body not in f:
                self.problem(node, f"{where} is {_a(repr(kind))} question but is missing "
                                   f"'{body}'; add it")
            if reading.explained and "explanation" not in f:
                self.problem(node, f"{where} is missing 'explanation'; {_a(kind)} question "
                                   f"needs one that explains the answer as a whole")
        # With a known type only its own lists are read; with a broken type, whichever are
        # there, so that their problems are reported now rather than after the type is fixed.
        choices: dict = {}
        readers = [reading.read] if reading else list({
            r.lists: r.read for r in READING.values() if any(key in f for key in r.lists)
        }.values())
        for read in readers:
            choices.update(read(self, f, where, kind))
        options = choices.get("options", [])
        pairs = choices.get("pairs", [])

        if stem is not None and not negative:
            self.check_stem(node, where, stem)
        if len(pairs) > 1 and len({_normal(p.answer) for p in pairs}) == 1:
            self.warn(node, f"{where}: every pair has the same answer ('{pairs[0].answer}'), "
                            f"so one letter answers them all; give each prompt its own answer "
                            f"(or ask a single-choice question)")
        if reading is None or reading.item_writing:
            self.check_options(node, where, options, stem)
        if self.errors() > before or None in (qid, kind, stem):
            return None
        return Question(id=qid, kind=kind, steps=tuple(steps), stem=stem,
                        explanation=explanation, topics=tuple(topics), negative=negative,
                        **{name: tuple(value) for name, value in choices.items()},
                        line=node.start_mark.line + 1)

    def question_type(self, node: Node | None, where: str) -> str | None:
        kind = self.text(node, f"{where}'s type", markup=False)
        if kind is None or kind in READING:
            return kind
        hint = close_matches(kind, list(READING), n=1)
        fix = f"did you mean '{hint[0]}'? " if hint else ""
        self.problem(node, f"{where}'s type '{kind}' is not a question type; {fix}use one of "
                           f"{', '.join(READING)}")
        return None

    def names(self, node: Node | None, where: str, what: str, known: list[str] | None,
              minimum: int, listing: str) -> list[str]:
        """A list of step or topic ids, each one `known` (unless `known` is None: unknowable)."""
        found: list[str] = []
        for item in self.sequence(node, f"{where}'s {what}s", minimum, MAX_STEPS):
            name = self.text(item, f"{where}'s {what}", markup=False)
            if name is None:
                continue
            if known is not None and name not in known:
                hint = close_matches(name, known, n=1)
                fix = f"did you mean '{hint[0]}'?" if hint else \
                    f"{listing}: {', '.join(known) or 'none'}"
                self.problem(item, f"{where} names {what} '{name}', which does not exist; {fix}")
            elif name in found:
                self.problem(item, f"{where} names {what} '{name}' twice")
            else:
                found.append(name)
        return found

    def options(self, node: Node | None, where: str, keys: KeyCheck | None) -> list[Option]:
        """A single or multiple question's options; `keys` checks how many are correct once
        every option's `correct` reads (not for a broken type: its keys are unknowable)."""
        options: list[Option] = []
        nodes = self.sequence(node, f"{where}'s options", *CHOICES)
        complete = True
        for number, item in enumerate(nodes, 1):
            o_where = f"{where}, option {number}"
            f = self.fields(item, o_where, ("text", "why"), ("correct", "misconception"))
            if f is None:
                complete = False
                continue
            text = self.text(f.get("text"), f"{o_where}'s text")
            why = self.text(f.get("why"), f"{o_where}'s why")
            correct = self.flag(f.get("correct"), f"{o_where}'s correct")
            misconception = self.ident(f.get("misconception"), f"{o_where}'s misconception")
            if correct and "misconception" in f:
                self.problem(key_of(item, "misconception"),
                             f"{o_where} is correct, so it catches no misconception; tag only "
                             f"wrong options with 'misconception'")
            if "correct" in f and not (isinstance(f["correct"], ScalarNode)
                                       and f["correct"].tag == BOOL_TAG):
                complete = False
            if text is None or why is None:
                continue
            options.append(Option(text, why, correct, misconception or ""))
        self.duplicates(nodes, [o.text for o in options], where, "option")
        if not nodes or not complete:
            return options
        if keys is not None:
            keys(self, node, where, sum(_is_true(item) for item in nodes), len(nodes))
        return options

    def items(self, node: Node | None, where: str) -> list[Option]:
        return [Option(text, why, correct=True)
                for text, why in self.choices(node, where, "item", ("text", "why"))]

    def pairs(self, node: Node | None, where: str) -> list[Pair]:
        return [Pair(*values)
                for values in self.choices(node, where, "pair", ("prompt", "answer", "why"))]

    def choices(self, node: Node | None, where: str, what: str,
                keys: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The text of `keys` in each of a list of 3 to 6 mappings (the items of an order
        question, the pairs of a match), for those where all of them read; a repeated first
        key (an item's text, a pair's prompt) is reported."""
        found: list[tuple[str, ...]] = []
        nodes = self.sequence(node, f"{where}'s {what}s", *CHOICES)
        for number, item in enumerate(nodes, 1):
            c_where = f"{where}, {what} {number}"
            f = self.fields(item, c_where, keys, ())
            if f is None:
                continue
            values = tuple(self.text(f.get(key), f"{c_where}'s {key}") for key in keys)
            if None not in values:
                found.append(values)
        self.duplicates(nodes, [values[0] for values in found], where, what, keys[0])
        return found

    def distractors(self, node: Node | None, where: str, pairs: list[Pair]) -> list[str]:
        answers = {_normal(p.answer) for p in pairs}
        found: list[str] = []
        for item in self.sequence(node, f"{where}'s distractors", 0, MAX_DISTRACTORS):
            text = self.text(item, f"{where}'s distractor")
            if text is None:
                continue
            if _normal(text) in answers:
                self.problem(item, f"{where}'s distractor '{text}' is also a pair's answer; a "
                                   f"distractor is an answer that belongs with no prompt")
            elif _normal(text) in {_normal(t) for t in found}:
                self.problem(item, f"{where} lists the distractor '{text}' twice")
            else:
                found.append(text)
        return found

    def duplicates(self, nodes: list[Node], texts: list[str], where: str, what: str,
                   key: str = "text") -> None:
        """Report a choice whose text repeats an earlier one's (ignoring case, spacing and
        markup). `texts` are those that parsed, in order; nodes whose text failed are skipped."""
        first: dict[str, int] = {}
        for number, item in enumerate(nodes, 1):
            value = scalar_value(item, key, ident=False)
            if value is None:
                continue
            normal = _normal(value)
            if normal in first and value in texts:
                self.problem(value_of(item, key),
                             f"{where}, {what} {number} has the same {key} as {what} "
                             f"{first[normal]}; make each {what} different")
            else:
                first.setdefault(normal, number)

    # -- item-writing rules (warnings) ----------------------------------------------------

    def check_stem(self, node: Node, where: str, stem: str) -> None:
        text = plain(stem)
        asks = re.findall(r"[^.?!]*\?", text) or [re.split(r"(?<=[.!:])\s+", text.strip())[-1]]
        match = SHOUTED_NEGATIVE.search(text) or next(
            filter(None, (NEGATIVE.search(sentence) for sentence in asks)), None)
        if match:
            self.warn(node, f"{where}'s stem asks a negative question ('{match.group(0)}'); "
                            f"ask it positively, or set 'negative: true' if it is meant to ask "
                            f"which is NOT ...")

    def check_options(self, node: Node, where: str, options: list[Option],
                      stem: str | None) -> None:
        for number, option in enumerate(options, 1):
            match = ABOVE.search(plain(option.text))
            if match:
                self.warn(node, f"{where}, option {number} is '{match.group(0)}'; write a "
                                f"real alternative instead, one a learner must know the "
                                f"chapter to rule in or out")
        if stem is not None and any(o.correct for o in options) and \
                not all(o.correct for o in options):
            self.check_echo(node, where, options, stem)
            self.check_absolutes(node, where, options)
        right = [len(plain(o.text).strip()) for o in options if o.correct]
        wrong = [len(plain(o.text).strip()) for o in options if not o.correct]
        if right and wrong:
            key, longest = min(right), max(wrong)
            if key > LONGEST_RATIO * longest and key - longest >= LONGEST_MARGIN:
                self.warn(node, f"{where}'s correct option{'s are' if len(right) > 1 else ' is'} "
                                f"much the longest ({key} characters against at most {longest} "
                                f"for a wrong one), a giveaway; shorten it or make the wrong "
                                f"options as full")

    def check_echo(self, node: Node, where: str, options: list[Option], stem: str) -> None:
        stem_words = _words(stem)
        runs = [_shared_run(_words(o.text), stem_words) for o in options]
        runs = [run if set(run) - FILLER else [] for run in runs]
        others = max(len(r) for r, o in zip(runs, options) if not o.correct)
        if others > ECHO_OTHERS:
            return
        keys = sum(o.correct for o in options)
        for number, (run, option) in enumerate(zip(runs, options), 1):
            if option.correct and len(run) >= ECHO_WORDS:
                which = f"correct option {number}" if keys > 1 else "correct option"
                self.warn(node, f"{where}'s {which} repeats '{' '.join(run)}' from the stem "
                                f"and no wrong option echoes it, a giveaway; reword the key or "
                                f"let a wrong option use the stem's words too")

    def check_absolutes(self, node: Node, where: str, options: list[Option]) -> None:
        if any(ABSOLUTE.search(plain(o.text)) for o in options if o.correct):
            return
        for number, option in enumerate(options, 1):
            match = None if option.correct else ABSOLUTE.search(plain(option.text))
            if match:
                self.warn(node, f"{where}, option {number} says '{match.group(0)}' and the "
                                f"correct option has no such absolute, a giveaway: a learner "
                                f"rules out absolutes unread; qualify it as a real "
                                f"professional would, or let a key be absolute where the "
                                f"chapter is")

    def check_patterns(self, questions: list[Question], nodes: list[Node]) -> None:
        """Bank-wide: a phrase or an opening word that wrong options share and no correct
        option has, warned at the first question whose wrong option has it."""
        node_of = {scalar_value(n, "id"): n for n in nodes}
        for kind, text, found in bank_patterns(questions):
            ids = list(dict.fromkeys(q.id for q in found))
            listed = ", ".join(ids[:6]) + (f" and {len(ids) - 6} more" if len(ids) > 6 else "")
            what = f"open with '{text}'" if kind == "opening" else f"say '{text}'"
            self.warn(node_of[found[0].id],
                      f"{len(found)} wrong options across the bank {what} and no correct "
                      f"option does (questions {listed}), a pattern a learner can rule out "
                      f"without the chapter; reword some, or make it the key where the "
                      f"chapter says so")


def _words(text: str) -> list[str]:
    return WORD.findall(plain(text).casefold())


def _choices_of(q: Question) -> list[tuple[str, bool]]:
    """The choices of a question that are right or wrong answers, with whether each is
    right (see Reading.choices)."""
    return READING[q.kind].choices(q)


def _phrases(words: list[str]) -> set[str]:
    """The runs of PHRASE_WORDS words that start and end with a word that is not filler."""
    return {" ".join(words[i:i + n]) for n in PHRASE_WORDS for i in range(len(words) - n + 1)
            if words[i] not in FILLER and words[i + n - 1] not in FILLER}


def bank_patterns(questions: list[Question]) -> list[tuple[str, str, list[Question]]]:
    """Phrases and opening words (after a, an or the) found in PATTERN_COUNT or more wrong
    choices and in no right one, as ("phrase" or "opening", the text, the question of each
    wrong choice that has it, in file order). One that a longer phrase found in the same
    choices says already is left out."""
    wrong: dict[tuple[str, str], list[tuple[Question, int]]] = {}
    right: set[tuple[str, str]] = set()
    for q in sorted(questions, key=lambda q: q.line):
        for index, (text, correct) in enumerate(_choices_of(q)):
            words = _words(text)
            content = [w for w in words if w not in ("a", "an", "the")]
            marks = {("phrase", p) for p in _phrases(words)}
            if content:
                marks.add(("opening", content[0] if words[0] in ("a", "an", "the")
                           else words[0]))
            for mark in marks:
                if correct:
                    right.add(mark)
                else:
                    wrong.setdefault(mark, []).append((q, index))
    found = {mark: places for mark, places in wrong.items()
             if len(places) >= PATTERN_COUNT and mark not in right}
    out = []
    for (kind, text), places in found.items():
        # Said already by a longer phrase in the same choices (for an opening word, one that
        # starts with it)?
        said = any(k == "phrase" and t != text and set(p) == set(places) and
                   (f" {text} " in f" {t} " if kind == "phrase" else t.startswith(f"{text} "))
                   for (k, t), p in found.items())
        if not said:
            out.append((kind, text, [q for q, _ in places]))
    return sorted(out, key=lambda item: (item[2][0].line, item[0], item[1]))


def _shared_run(words: list[str], stem: list[str]) -> list[str]:
    """The longest run of consecutive words of `words` that also stands in `stem` (the longest
    common substring, by dynamic programming over the two word lists)."""
    best_end = best = 0
    previous = [0] * (len(stem) + 1)
    for i, word in enumerate(words, 1):
        current = [0] * (len(stem) + 1)
        for j, other in enumerate(stem, 1):
            if word == other:
                current[j] = previous[j - 1] + 1
                if current[j] > best:
                    best, best_end = current[j], i
        previous = current
    return words[best_end - best:best_end]


def _a(word: str) -> str:
    return f"{'an' if word.strip(chr(39))[:1] in 'aeiou' else 'a'} {word}"


def _is_true(item: Node) -> bool:
    value = value_of(item, "correct")
    return isinstance(value, ScalarNode) and value.tag == BOOL_TAG and \
        SafeConstructor.bool_values.get(value.value.lower(), False)


def _normal(text: str) -> str:
    try:
        text = plain(text)
    except ValueError:
        pass
    return " ".join(text.casefold().split())


# -- question types ---------------------------------------------------------------------------

KeyCheck = Callable[["_QuizChecker", Node, str, int, int], None]


def _one_key(checker: _QuizChecker, node: Node, where: str, right: int, count: int) -> None:
    if right != 1:
        checker.problem(node, f"{where} is a 'single' question with {right} correct options; "
                              f"mark exactly one with 'correct: true'" +
                        ("; for several use type: multiple" if right > 1 else ""))


def _some_keys(checker: _QuizChecker, node: Node, where: str, right: int, count: int) -> None:
    if right < 2:
        checker.problem(node, f"{where} is a 'multiple' question with {right} correct "
                              f"option{'s' if right != 1 else ''}; mark at least two with "
                              f"'correct: true'" +
                        ("; for one use type: single" if right == 1 else ""))
    elif right == count:
        checker.problem(node, f"{where} is a 'multiple' question whose options are all "
                              f"correct; it needs at least one wrong option")


def _read_single(checker: _QuizChecker, f: dict, where: str, kind: str | None) -> dict:
    return {"options": checker.options(f.get("options"), where, _one_key if kind else None)}


def _read_multiple(checker: _QuizChecker, f: dict, where: str, kind: str | None) -> dict:
    return {"options": checker.options(f.get("options"), where, _some_keys if kind else None)}


def _read_items(checker: _QuizChecker, f: dict, where: str, kind: str | None) -> dict:
    return {"options": checker.items(f.get("items"), where)}


def _read_pairs(checker: _QuizChecker, f: dict, where: str, kind: str | None) -> dict:
    pairs = checker.pairs(f.get("pairs"), where)
    return {"pairs": pairs, "distractors": checker.distractors(f.get("distractors"), where,
                                                               pairs)}


def _options_as_choices(q: Question) -> list[tuple[str, bool]]:
    return [(o.text, o.correct) for o in q.options]


def _answers_as_choices(q: Question) -> list[tuple[str, bool]]:
    return [(a, a not in q.distractors) for a in q.answers]


def _no_choices(q: Question) -> list[tuple[str, bool]]:
    return []  # an order question's items are all part of the answer: none is wrong


@dataclass(frozen=True)
class Reading:
    """How one question type is read from its bank and checked."""

    lists: tuple[str, ...]  # the keys it lists its choices under; the first is required
    read: Callable[[_QuizChecker, dict, str, str | None], dict]  # -> those Question fields
    choices: Callable[[Question], list[tuple[str, bool]]]  # right and wrong, for patterns
    explained: bool = False  # needs an explanation of the answer as a whole
    item_writing: bool = False  # its options are checked against the item-writing rules


# Every question type, by its name in the bank (content.quiz.QUESTION_TYPES). A type not
# here is reported where the bank names it.
READING: dict[str, Reading] = {
    "single": Reading(("options",), _read_single, _options_as_choices, item_writing=True),
    "multiple": Reading(("options",), _read_multiple, _options_as_choices, item_writing=True),
    "order": Reading(("items",), _read_items, _no_choices, explained=True),
    "match": Reading(("pairs", "distractors"), _read_pairs, _answers_as_choices,
                     explained=True),
}
LISTS = tuple(dict.fromkeys(key for r in READING.values() for key in r.lists))


# -- finding the chapter a quiz tests ---------------------------------------------------------

_CHAPTER_ID = re.compile(r"""^id[ \t]*:[ \t]*["']?([\w-]+)""", re.M)
_found: dict[tuple[str, int, int], tuple[Chapter | None, str]] = {}


def _chapter_in(path: Path) -> tuple[Chapter | None, str]:
    """The chapter in `path` (None if it has problems) and the id it declares. Remembered by
    path, size and time, so checking many quizzes reads each chapter once."""
    try:
        stat = path.stat()
    except OSError:
        return None, ""
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _found:
        chapter, _ = check_file(path)
        if chapter is not None:
            _found[key] = chapter, chapter.id
        else:
            text, _ = read_text(path)
            match = _CHAPTER_ID.search(text or "")
            _found[key] = None, match.group(1) if match else ""
    return _found[key]


def find_chapter(chapter_id: str, quiz_path: Path) -> tuple[Chapter | None, Path | None,
                                                              list[str]]:
    """The chapter with id `chapter_id`: looked for in the quiz's ../slides folder, then among
    the bundled chapters, a file named after the id first. Returns the chapter, or else the
    path of a file with that id that has problems; and the ids that were found."""
    folders: list[list[Path]] = []
    local = beside(quiz_path, "slides")
    if local.is_dir():
        folders.append(sorted(local.glob("*.yaml")))
    try:
        folders.append(bundled_files())
    except FileNotFoundError:
        pass
    known: list[str] = []
    seen: set[Path] = set()
    for files in folders:
        for path in sorted(files, key=lambda p: p.stem != chapter_id):
            if resolved(path) in seen:
                continue
            seen.add(resolved(path))
            chapter, found_id = _chapter_in(path)
            if found_id == chapter_id:
                return chapter, (None if chapter is not None else path), known
            if found_id and found_id not in known:
                known.append(found_id)
    return None, None, known


# -- the public API -----------------------------------------------------------------------

def check_quiz_text(text: str, path: str, chapter: Chapter | None = None
                    ) -> tuple[QuestionBank | None, list[Problem]]:
    """Parse and check quiz YAML `text`. `path` names it in messages and locates the chapter
    (its ../slides folder); `chapter`, if given, is the already-loaded chapter it tests. The
    bank is None when there is an error; warnings alone leave it usable."""
    bank, problems = check_document(text, path, lambda checker, root: checker.bank(root),
                                    lambda p: _QuizChecker(p, chapter), QUIZ_FILE)
    return bank, problems


def check_quiz_file(path: Path, chapter: Chapter | None = None
                    ) -> tuple[QuestionBank | None, list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return None, problems
    bank, problems = check_quiz_text(text, str(path), chapter)
    if bank is not None:
        bank = replace(bank, source=path)
    return bank, problems


def load_quiz(path: Path, chapter: Chapter | None = None) -> QuestionBank:
    """The question bank in `path`; raises ContentError listing every error (warnings about
    item writing do not stop it loading)."""
    bank, problems = check_quiz_file(path, chapter)
    if bank is None:
        raise ContentError([p for p in problems if p.severity == "error"])
    return bank


def check_content_file(path: Path) -> tuple[Chapter | QuestionBank | None, list[Problem]]:
    """A chapter or quiz file (told apart by a top-level `questions` key), read and checked:
    what it holds, or None when an error stops it, and every problem."""
    text, problems = read_text(path)
    if text is None:
        return None, problems
    if is_quiz(text):
        return check_quiz_text(text, str(path))
    return check_text(text, str(path))
