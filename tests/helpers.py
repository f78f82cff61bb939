"""Helpers for the tests: a small chapter and a way to read the screen."""

from __future__ import annotations

SMALL_CHAPTER = """\
title: "Ch 9 — A Small Test Chapter"
subtitle: Three steps to drive every key.
tag: Test
previous: "Ch 8: Before"
next: "Ch 10: After"
pipeline:
  - {id: one, icon: person, label: One}
  - {id: two, icon: hub, label: Two}
  - {id: three, icon: group_add, label: Three}
steps:
  - id: first
    title: First Step
    subtitle: The start
    icon: person
    colour: violet
    lit: [one]
    narration: "**Lead one.** The first step in a sentence."
    columns:
      - - label: Alpha
          text: "Some **bold** and *italic* words."
  - id: second
    title: Second Step
    icon: hub
    colour: teal
    lit: [two, three]
    narration: "**Lead two.** The second step."
    columns:
      - - label: Beta
          text: Beta text.
      - - callout: "**Note:** a callout."
  - id: third
    title: Third Step
    icon: group_add
    colour: [violet, blue]
    lit: [three]
    columns:
      - - label: Gamma
          text: Gamma text.
"""


# What each app has said with App.notify during the test (conftest records it): Textual keeps
# its notifications in a private list, and a toast leaves the screen when its time is up.
NOTICES: dict[int, list[str]] = {}


def notices(app) -> list[str]:
    """Every message `app` has notified so far, in order."""
    return NOTICES.get(id(app), [])


def screen_text(app) -> str:
    """What the terminal shows, as plain text lines."""
    # Textual 8.2.8 has no public way to read the composed screen as text (export_screenshot
    # gives an SVG picture): the screen's private compositor it is, in the tests only.
    strips = app.screen._compositor.render_strips()  # noqa: SLF001
    return "\n".join(strip.text for strip in strips)


def flat(text: str) -> str:
    """Screen text as one line of words, so a sentence wrapped in a box still matches."""
    return " ".join(text.translate(str.maketrans("│╭╮╰╯─▊▎", "        ")).split())


ONE_STEP_NO_PIPELINE = """\
title: A One-Step Chapter
steps:
  - id: only
    title: The Only Step
    icon: "★"
    colour: "#336699"
    columns:
      - - label: Just This
          text: One block, no pipeline, no narration.
"""


def chapter_of(steps: int) -> str:
    """A chapter with `steps` steps and a four-stage pipeline, as YAML."""
    lines = ["title: Generated", "pipeline:"]
    lines += [f"  - {{id: s{i}, icon: star, label: Stage {i}}}" for i in range(4)]
    lines.append("steps:")
    for n in range(1, steps + 1):
        lines += [f"  - id: step-{n}", f"    title: Generated Step {n}", "    icon: check",
                  "    colour: green", f"    lit: [s{n % 4}]",
                  "    columns:", "      - - label: Text", f"          text: Body of step {n}."]
    return "\n".join(lines) + "\n"


def parse_like_the_deck(text: str) -> None:
    """Parse `text` the way render.Renderer.paragraphs draws it: paragraph by paragraph, a
    bullet list line by line. Raises MarkupError where the deck would."""
    from tui.content.markup import BULLET, paragraphs, parse

    for paragraph in paragraphs(text):
        lines = paragraph.split("\n")
        if all(line.startswith(BULLET) for line in lines):
            for line in lines:
                parse(line[len(BULLET):])
        else:
            parse(paragraph)


# -- editing content text and finding places in it, for the format tests --------------------

def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def at(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of the `occurrence`-th `needle` in `text`."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def value_at(text: str, key_and_value: str) -> tuple[int, int]:
    """Line and column of the value in the first `key: value` that reads `key_and_value`."""
    line, column = at(text, key_and_value)
    return line, column + key_and_value.index(": ") + 2


async def until(pilot, condition, tries: int = 3000) -> None:
    """Let the app (and any other in the same loop) run until `condition()` holds. `tries`
    only bounds the wait; no test asserts on how long anything took."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition never held")


# -- fuzzing the checkers: YAML-like data, and what every problem they report must be ---------

def yaml_like(scalars, keys: list[str], list_size: int, key_size: int):
    """A hypothesis strategy: lists and mappings (keys from `keys`, or short random text)
    nested over `scalars`."""
    from hypothesis import strategies as st

    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=list_size),
            st.dictionaries(st.one_of(st.sampled_from(keys), st.text(max_size=key_size)),
                            children, max_size=6),
        ),
        max_leaves=30,
    )


def assert_problems_point_into(problems, text: str, path: str) -> None:
    """Each problem names `path`, says something, and points at a line and column that
    exist in `text` (or just past its end)."""
    import re

    lines = len(re.split("\r\n|[\r\n\x85\u2028\u2029]", text))
    for problem in problems:
        assert problem.path == path
        assert problem.message and "Traceback" not in problem.message
        assert 1 <= problem.line <= lines + 1 and problem.column >= 1
        str(problem)
