"""The class console: the terminal where `chapterdeck serve` runs shows the class live.

ClassConsole is a ClassWatcher (tui/serve/events.py): it starts the server on its own event
loop when it mounts, takes the server's events as they come, and stops the server when it
quits. One screen shows the class (the join instructions, who is connected and where, recent
events); the class report (tui/classroom/report.py) is a screen of its own, read in a
worker so that a class of sixty does not stall the console.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..classroom.state import ClassState
from ..serve.events import ClassEvent, ClassServerHandle, JoinInfo
from .messages import Open, OpensScreens, ShowHelp
from .render import Renderer
from .screens.base import ascii_scrollbars
from .themes import THEMES
from .widgets.classroom import ClassPart, ClassStatus, JoinPanel, LearnerList, RecentEvents
from .widgets.keybar import KeyBar, NamedKeys, key_hints

if TYPE_CHECKING:
    from ..quiz.session import Course


def scroll_keys(what: str) -> list[Binding]:
    return [Binding("down,j", "scroll(1)", f"Scroll {what} down", show=False),
            Binding("up,k", "scroll(-1)", f"Scroll {what} up", show=False),
            Binding("pagedown,space", "page(1)", f"Page {what} down", show=False),
            Binding("pageup", "page(-1)", f"Page {what} up", show=False)]


class ConsoleScreen(Screen[None]):
    """A screen of the console: one part that scrolls by keys (its id in SCROLLS), and the
    help from its bindings."""

    app: "ClassConsole"
    SCROLLS = ""

    def action_help(self) -> None:
        self.post_message(ShowHelp(self))

    def action_scroll(self, lines: int) -> None:
        self.query_one(f"#{self.SCROLLS}", VerticalScroll).scroll_relative(y=lines,
                                                                          animate=False)

    def action_page(self, direction: int) -> None:
        scroll = self.query_one(f"#{self.SCROLLS}", VerticalScroll)
        if direction > 0:
            scroll.scroll_page_down(animate=False)
        else:
            scroll.scroll_page_up(animate=False)


class ClassScreen(ConsoleScreen):
    """The class live: status, join instructions, learners, recent events, keys."""

    BINDINGS = [
        Binding("r", "report", "Class report"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "app.quit_class", "Quit"),
        *scroll_keys("the learners"),
    ]
    SCROLLS = "learners-scroll"

    def compose(self) -> ComposeResult:
        renderer = self.app.renderer
        yield ClassStatus(renderer, id="class-status")
        yield JoinPanel(renderer, id="join")
        with VerticalScroll(id="learners-scroll", can_focus=False):
            yield LearnerList(renderer, id="learners")
        yield RecentEvents(renderer, id="recent")
        yield KeyBar(id="class-keys")

    def on_mount(self) -> None:
        self.query_one("#join").border_title = "Join the class"
        self.query_one("#learners-scroll").border_title = "Learners"
        self.query_one("#recent").border_title = "Recent"
        self.query_one(KeyBar).keys = key_hints(self)
        ascii_scrollbars(self)
        self.show(self.app.state)

    def show(self, state: ClassState) -> None:
        for part in self.query(ClassPart):
            part.show(state)
        self.query_one("#learners-scroll").border_title = (
            f"Learners ({len(state.connections)})" if state.connections else "Learners")

    def action_report(self) -> None:
        self.post_message(Open(ClassReportScreen()))


class ClassReportScreen(ConsoleScreen):
    """The class report, read from the learners' stores when opened (and on `u`)."""

    BINDINGS = [
        Binding("u", "reread", "Read again"),
        Binding("escape,r", "close", "Back", key_display="Esc"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "app.quit_class", "Quit"),
        *scroll_keys("the report"),
    ]
    SCROLLS = "report-scroll"

    class Read(Message):
        """The report was read (or why it could not be)."""

        def __init__(self, report=None, problem: str = "") -> None:
            super().__init__()
            self.report, self.problem = report, problem

    def compose(self) -> ComposeResult:
        yield Static(id="report-title")
        with VerticalScroll(id="report-scroll", can_focus=False):
            yield Static(id="report-body")
        yield KeyBar(id="report-keys")

    def on_mount(self) -> None:
        self.query_one(KeyBar).keys = key_hints(self)
        ascii_scrollbars(self)
        self.action_reread()

    def action_reread(self) -> None:
        self.query_one("#report-title", Static).update(
            Text(
                self.app.renderer.drawable("Class report — reading the learners' scores…"),
                Style(bold=True),
            )
        )
        self.read()

    @work(thread=True, exclusive=True, group="report")
    def read(self) -> None:
        """Off the event loop: sixty learners' stores are sixty SQLite files."""
        from ..classroom.report import NotAClass, class_report

        course, problem = self.app.course()
        if course is None:
            self.post_message(self.Read(problem=problem))
            return
        try:
            self.post_message(self.Read(class_report(self.app.data_dir, course)))
        except NotAClass as exc:
            self.post_message(self.Read(problem=str(exc)))

    def on_class_report_screen_read(self, message: Read) -> None:
        from .classrender import ClassReportRenderer

        draw = ClassReportRenderer(self.app.renderer)
        title = self.query_one("#report-title", Static)
        body = self.query_one("#report-body", Static)
        if message.report is None:
            title.update(Text("Class report", Style(bold=True)))
            body.update(Text(self.app.renderer.drawable(message.problem)))
            return
        title.update(draw.title(message.report))
        body.update(draw.report(message.report))

    def action_close(self) -> None:
        self.app.pop_screen()


class QuitClassScreen(ModalScreen[bool]):
    """Learners are connected: quitting ends their decks. Ask first."""

    BINDINGS = [
        Binding("y", "dismiss(True)", "Quit, ending the class"),
        Binding("n,escape", "dismiss(False)", "Keep the class running"),
    ]

    def __init__(self, learners: int) -> None:
        super().__init__()
        self.learners = learners

    def compose(self) -> ComposeResult:
        who = "1 learner is" if self.learners == 1 else f"{self.learners} learners are"
        text = Text(f"{who} connected.", Style(bold=True))
        text.append("\n\nQuitting stops the class: their decks close. Every answer they have "
                    "given is already saved, and they can resume when the class runs again."
                    "\n\n")
        for key, what in (("y", "quit, ending the class"), ("n", "keep the class running")):
            text.append(f" {key} ", Style(bold=True, reverse=True))
            text.append(f"  {what}\n")
        with Vertical(id="quit-dialog"):
            yield Static(text)


class ClassConsole(NamedKeys, OpensScreens):
    """The teacher's view of a class served over SSH; a ClassWatcher."""

    TITLE = "chapterdeck class"
    CSS_PATH = "console.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+c", "stop", "Quit at once", show=False, priority=True)]
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (18, "-short"), (22, "-normal"), (36, "-tall")]

    class Changed(Message):
        """The class state changed; the screen redraws once for any number of events."""

    def __init__(self, server: ClassServerHandle, data_dir: Path, *,
                 course: "Course | Callable[[], tuple[Course | None, str]] | None" = None,
                 ascii_only: bool = False, theme: str = "dark") -> None:
        """`course` is the chapter and bank the class takes (for the report), or a function
        that loads it and returns it or the reason there is none; None: chapter 3."""
        super().__init__()
        self.server = server
        self.data_dir = Path(data_dir)
        self._course_source = course
        self.state = ClassState()
        self.renderer = Renderer(ascii_only, colour=not self.no_color)
        for each in THEMES.values():
            self.register_theme(each)
        self.theme = THEMES[theme].name
        self.renderer.ansi = THEMES[theme].ansi
        if ascii_only:
            self.add_class("-ascii")
        self.redraw_pending = False  # a Changed message is on its way
        self.serving = False  # the server was started and not yet stopped

    def get_default_screen(self) -> ClassScreen:
        return ClassScreen()


    def on_mount(self) -> None:
        # In a task of its own on this loop, so that the screen is up before it answers.
        self.run_worker(self.start_server(), group="server")

    async def start_server(self) -> None:
        try:
            info = await self.server.start(self)
        except OSError as exc:
            why = str(exc.strerror or exc).rstrip(".")
            self.exit(return_code=2, message=f"The class server could not start: {why}.")
            return
        self.serving = True
        self.started(info)

    # -- the ClassWatcher ---------------------------------------------------------------------

    def started(self, info: JoinInfo) -> None:
        self.state.started(info)
        self._redraw_soon()

    def event(self, event: ClassEvent) -> None:
        self.state.apply(event)
        self._redraw_soon()

    def _redraw_soon(self) -> None:
        if not self.redraw_pending:
            self.redraw_pending = True
            self.post_message(self.Changed())

    def on_class_console_changed(self, message: Changed) -> None:
        self.redraw_pending = False
        for screen in self.screen_stack:
            if isinstance(screen, ClassScreen):
                screen.show(self.state)

    # -- the report's course ------------------------------------------------------------------

    def course(self) -> tuple["Course | None", str]:
        source = self._course_source
        if source is None:
            from ..content.checking import ContentError
            from ..content.finding import read_chapter
            from ..content.paths import default_chapter
            from ..quiz.course import find_course

            path = default_chapter()
            try:
                return find_course(read_chapter(path), path, None)
            except ContentError as exc:
                return None, f"The chapter {path} cannot be read: {exc}"
        if callable(source):
            course, problem = source()
            if course is not None:
                self._course_source = course  # loaded once
            return course, problem
        return source, ""

    # -- quitting -----------------------------------------------------------------------------

    def action_quit_class(self) -> None:
        learners = len(self.state.connections)
        if not learners:
            self.run_worker(self.action_stop(), exclusive=True, group="stop")
            return

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.run_worker(self.action_stop(), exclusive=True, group="stop")

        self.push_screen(QuitClassScreen(learners), answered)

    async def action_stop(self) -> None:
        """Stop the server (its learners' decks end, their answers saved), then quit."""
        await self._stop_server()
        self.exit()

    async def _stop_server(self) -> None:
        if self.serving:
            self.serving = False
            await self.server.stop()

    async def on_unmount(self) -> None:
        await self._stop_server()  # quit some other way (the terminal closed): stop anyway
