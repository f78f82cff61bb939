"""What every content file's check shares: problems and how they are told, the walk over
the YAML node tree that collects them, and reading a file safely.

The chapter loader (loader.py) and the quiz loader (quizload.py) each build on this: a
Checker subclass for their format, and check_document to run it on a file's text.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import ChapterdeckError
from .controls import CONTROL, visible
from .markup import MarkupError, check

FORMAT_VERSION = 1
# The largest chapter or quiz file read (about 35 times chapter 3): bigger files are
# refused before they are read, so nothing is read without limit and the deck draws any
# file it accepts within a second.
MAX_FILE_BYTES = 1 << 20
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, and how to fix it."""

    path: str
    line: int | None
    column: int | None
    message: str
    # "error" stops a file being played; "warning" (the quiz's item-writing rules) is printed
    # by `chapterdeck check` but leaves the file usable.
    severity: str = "error"

    def __str__(self) -> str:
        message = self.message if self.severity == "error" else f"{self.severity}: {self.message}"
        if self.line is None:
            return visible(f"{self.path}: {message}")
        return visible(f"{self.path}:{self.line}:{self.column}: {message}")


class ContentError(ChapterdeckError):
    """A content file that cannot be played; carries every problem found. Printed as the
    problems file by file and a summary (report_lines)."""

    def __init__(self, problems: list[Problem], title: str | None = None) -> None:
        super().__init__("\n".join(str(p) for p in problems), title)
        self.problems = problems

    def lines(self) -> list[str]:
        return report_lines(self.problems)


def report_lines(problems: list[Problem], checked: int = 0) -> list[str]:
    """Problems file by file, then a summary. Warnings (the quiz's item-writing rules) are
    counted apart from errors; `checked` is how many files were checked."""
    files = list(dict.fromkeys(p.path for p in problems))
    # File by file in the order given, and top to bottom within a file.
    lines = [str(problem) for problem in sorted(
        problems, key=lambda p: (files.index(p.path), p.line or 0, p.column or 0))]
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    where = f"in {count(len(files), 'file')}"
    if errors and warnings:
        lines.append(f"{count(errors, 'problem')} and {count(warnings, 'warning')} {where}; "
                     f"see docs/content-format.md for the format.")
    elif errors:
        lines.append(f"{count(errors, 'problem')} {where}; see docs/content-format.md for the "
                     f"format.")
    else:
        lines.append(f"{count(checked, 'file')} checked, no errors; "
                     f"{count(warnings, 'warning')} {where}; see 'Writing a quiz' in "
                     f"docs/content-format.md.")
    return lines


def count(n: int, word: str) -> str:
    """`n` and the word, plural unless `n` is 1: "1 file", "3 files"."""
    return f"{n} {word}{'s' if n != 1 else ''}"


class Checker:
    """Walks the YAML node tree, collecting problems as it goes. A format's checker
    subclasses it with a method per part of the file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, message: str, line_offset: int = 0) -> None:
        if node is None:
            self.problems.append(Problem(self.path, 1, 1, message))
            return
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1 + line_offset, mark.column + 1, message))

    def fields(self, node: Node, where: str, required: tuple[str, ...],
               optional: tuple[str, ...]) -> dict[str, Node] | None:
        """The keys of a mapping node, after reporting duplicate, unknown and missing keys."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{where} should be a mapping of keys to values, "
                               f"not {kind_of(node)}; give it keys such as {', '.join(required or optional)}")
            return None
        allowed = required + optional
        found: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self.problem(key_node, f"{where} has a key that is not a plain word")
                continue
            if key in found:
                self.problem(key_node, f"{where} has the key '{key}' twice; keep one of them")
                continue
            if key not in allowed:
                hint = close_matches(key, allowed, n=1)
                fix = f"did you mean '{hint[0]}'?" if hint else f"allowed keys: {', '.join(allowed)}"
                self.problem(key_node, f"{where} has an unknown key '{key}'; {fix}")
                continue
            found[key] = value_node
        for key in required:
            if key not in found:
                self.problem(node, f"{where} is missing '{key}'; add it")
        return found

    def text(self, node: Node | None, where: str, markup: bool = True,
             allow_empty: bool = False) -> str | None:
        if node is None:
            return None
        if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:str" and not _plain_scalar(node):
            self.problem(node, f"{where} should be text, not {kind_of(node)}")
            return None
        value = str(node.value)
        control = CONTROL.search(value)
        if control:
            self.problem(node, f"{where} holds a control character "
                               f"(U+{ord(control.group()):04X}), which a terminal would act "
                               f"on instead of showing; remove it")
            return None
        if not value.strip() and not allow_empty:
            self.problem(node, f"{where} is empty; write something or remove the key")
            return None
        if markup:
            try:
                check(value)
            except MarkupError as exc:
                line, column = _offset_position(node, value, exc.offset)
                self.problems.append(Problem(self.path, line, column, f"{where}: {exc}"))
                return None
        return value

    def ident(self, node: Node | None, where: str) -> str | None:
        value = self.text(node, where, markup=False)
        if value is not None and not ID_PATTERN.match(value):
            self.problem(node, f"{where} '{value}' should be lower-case letters, digits, '-' "
                               f"and '_', starting with a letter or a digit, such as "
                               f"'team-topologies'")
            return None
        return value

    def sequence(self, node: Node | None, where: str, minimum: int, maximum: int) -> list[Node]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{where} should be a list (lines starting with '- '), not {kind_of(node)}")
            return []
        count = len(node.value)
        if count < minimum:
            self.problem(node, f"{where} is empty; it needs at least {minimum}" if count == 0
                         else f"{where} has {count}; it needs at least {minimum}")
        elif count > maximum:
            self.problem(node, f"{where} has {count}; at most {maximum} are allowed")
        return list(node.value)

    def format_version(self, node: Node | None) -> None:
        # The number 1, not the text '1' (which YAML tags as a string).
        if node is not None and not (isinstance(node, ScalarNode)
                                     and node.tag == "tag:yaml.org,2002:int"
                                     and node.value == str(FORMAT_VERSION)):
            self.problem(node, f"format should be {FORMAT_VERSION} (a number), the only "
                               f"version this chapterdeck reads")


def _plain_scalar(node: ScalarNode) -> bool:
    """Unquoted scalars that YAML would read as numbers or booleans still count as text here
    where text is expected (a title of 2024, say); only lists and mappings are wrong."""
    return node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")


def key_of(mapping: Node, key: str) -> Node:
    """The node of `key` in a mapping node (for messages about the key itself)."""
    if isinstance(mapping, MappingNode):
        for k, _ in mapping.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return k
    return mapping


def value_of(mapping: Node, key: str) -> Node | None:
    if isinstance(mapping, MappingNode):
        for k, v in mapping.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v
    return None


def scalar_value(mapping: Node, key: str, ident: bool = True) -> str | None:
    """The text of `key` in a mapping node if it is a plain scalar (and, with `ident`, a
    usable id), for naming a part in messages, or finding it, before it is checked."""
    value = value_of(mapping, key)
    if not isinstance(value, ScalarNode) or not isinstance(value.value, str) or \
            not value.value.strip():
        return None
    if ident and not ID_PATTERN.match(value.value):
        return None
    return value.value


def kind_of(node: Node | None) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode):
        if node.tag == "tag:yaml.org,2002:null":
            return "nothing"
        if node.tag == "tag:yaml.org,2002:bool":
            return f"true/false ({node.value})"
        if not node.tag.startswith("tag:yaml.org,2002:"):
            return f"a value tagged '{node.tag}' (remove the tag)"
        return f"'{node.value}'"
    return "nothing"


def _offset_position(node: ScalarNode, value: str, offset: int) -> tuple[int, int]:
    """Line and column in the file of character `offset` of a scalar's value, which is where an
    emphasis marker ('*') opens.

    YAML never escapes '*' in plain, quoted or block scalars, so the n-th '*' of the value is
    the n-th '*' of the scalar's source text: find it there. This stays exact when YAML folds
    lines (quoted and plain multi-line scalars, '>' blocks) or strips a block's indentation.
    """
    mark = node.start_mark
    buffer = mark.buffer
    if buffer and value[offset:offset + 1] == "*":
        begin, finish = mark.pointer, node.end_mark.pointer
        if node.style in ("|", ">"):
            # Skip the block's header line: a comment there may hold a '*'.
            begin = buffer.find("\n", begin, finish) + 1 or finish
        if buffer.count("*", begin, finish) != value.count("*"):
            return mark.line + 1, mark.column + 1  # a '*' written as an escape ("\x2a")
        wanted = value[:offset].count("*")
        at = begin - 1
        for _ in range(wanted + 1):
            at = buffer.find("*", at + 1, finish)
            if at < 0:
                break
        else:
            line, column = _text_position(buffer[mark.pointer:at], at - mark.pointer)
            return mark.line + line, (mark.column + column if line == 1 else column)
    return mark.line + 1, mark.column + 1


def close_matches(word: str, choices, n: int = 1) -> list[str]:
    """Did-you-mean suggestions; difflib is only imported when there is a mistake."""
    import difflib

    return difflib.get_close_matches(word, list(choices), n=n)


def _text_position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character `index` of `text`, counting line breaks as
    PyYAML's marks do."""
    breaks = list(LINE_BREAK.finditer(text, 0, index))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - line_start + 1


@dataclass(frozen=True)
class FileKind:
    """What a kind of content file is called in the messages about its overall shape."""

    name: str  # "chapter"
    needs: str  # what an empty file lacks: "a title and steps"
    keys: str  # the keys its top-level mapping needs: "'title' and 'steps'"


def check_document(text: str, path: str, build, make_checker, kind: FileKind):
    """Compose `text` and `build(checker, root)` the content from it, with every problem.

    A clean file is read with libyaml when PyYAML has it (about ten times faster, which
    counts at start-up); any problem sends the file through the pure-Python reader, whose
    marks carry the source text that exact positions are worked out from."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            loader = fast(text)
            try:
                root = loader.get_single_node()
            finally:
                loader.dispose()
        except (yaml.YAMLError, RecursionError):
            pass
        else:
            if isinstance(root, MappingNode):
                checker = make_checker(path)
                built = build(checker, root)
                if built is not None and not checker.problems:
                    return built, []
    root, problems = compose_exactly(text, path, kind)
    if root is None:
        return None, problems
    checker = make_checker(path)
    built = build(checker, root)
    return built, checker.problems


def compose_exactly(text: str, path: str, kind: FileKind) -> tuple[MappingNode | None,
                                                                     list[Problem]]:
    """The top-level mapping of `text`, read by the pure-Python reader for exact positions,
    or the one problem that stops it being read."""
    loader = None
    try:
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except RecursionError:
        # PyYAML composes nested nodes recursively; the reader stopped near the culprit.
        # Where the reader gave up depends on the stack depth; point at where the run of
        # nesting begins instead, which is the same however deep the caller was.
        mark = loader.get_mark() if loader is not None else None
        at = mark.index if mark else 0
        while at > 0 and text[at - 1] in "[{- \t\r\n":
            at -= 1
        while at < len(text) - 1 and text[at] in "- \t\r\n":
            at += 1
        line, column = _text_position(text, at)
        return None, [Problem(path, line, column, f"lists or mappings are nested too deeply "
                                                  f"here to read; a {kind.name} needs only a "
                                                  f"few levels")]
    except yaml.reader.ReaderError as exc:
        line, column = _text_position(text, exc.position)
        return None, [Problem(path, line, column, f"this file holds a control character "
                                                  f"(#x{exc.character:04x}) that YAML does not "
                                                  f"allow; delete it")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "unreadable"
        if "expected a single document" in str(exc):
            what = "the file holds more than one YAML document (a second '---'); keep one"
        else:
            what = f"this is not valid YAML ({what}); check the indentation and quoting here"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(path, line, column, what)]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, 1, f"this is not valid YAML ({exc})")]
    if root is None or (isinstance(root, ScalarNode) and root.tag == "tag:yaml.org,2002:null"
                        and not root.value):
        return None, [Problem(path, 1, 1, f"the file is empty; a {kind.name} needs {kind.needs} "
                                          f"(see docs/content-format.md)")]
    if not isinstance(root, MappingNode):
        return None, [Problem(path, root.start_mark.line + 1, root.start_mark.column + 1,
                              f"a {kind.name} file should be a mapping with {kind.keys}, "
                              f"not {kind_of(root)}; see docs/content-format.md")]
    return root, []


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """A file's text, or the problem that stops it being read."""
    name = str(path)
    try:
        data = _read_regular(path)
    except _Unreadable as exc:
        return None, [Problem(name, None, None, str(exc))]
    except FileNotFoundError:
        return None, [Problem(name, None, None, "no such file; check the path")]
    except IsADirectoryError:
        return None, [Problem(name, None, None, "this is a folder, not a file; name a "
                                                ".yaml file inside it")]
    except PermissionError:
        return None, [Problem(name, None, None, "permission denied; make the file readable "
                                                "(chmod u+r)")]
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, [Problem(name, None, None, "this is a symbolic link that leads back "
                                                    "to itself (a loop); point it at a file")]
        return None, [Problem(name, None, None, f"cannot be read: {exc.strerror}")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        # Count characters, not bytes: everything before exc.start decoded fine.
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8")) + 1
        return None, [Problem(name, line, column, "this is not UTF-8 text; save the file as "
                                                  "UTF-8")]


class _Unreadable(Exception):
    """A file that is not read at all; the message says why."""


def _read_regular(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES. Opened without blocking, so a
    FIFO with no writer does not stop everything; a device, pipe or socket is never read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(info.st_mode):
            raise _Unreadable("this is not a regular file (a device, a pipe or a socket); "
                              "name a .yaml file")
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:  # read at most one byte past the limit, even if the
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)  # file grows while it is read
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise _Unreadable(f"this file is {max(size, info.st_size):,} bytes; a chapter or "
                              f"quiz file may hold at most {MAX_FILE_BYTES:,} bytes (1 MB): "
                              f"split it into smaller chapters")
        return b"".join(chunks)
    finally:
        os.close(fd)

