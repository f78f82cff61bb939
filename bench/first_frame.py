"""Run an app until its first frame, then end it: for bench/instructions.py, under valgrind.

    python bench/first_frame.py -m tui --step 1
    python bench/first_frame.py bench/minimal_app.py

The app runs as `python -m MODULE ...` or `python SCRIPT ...` would run it. Its first write to
the terminal of more than MIN_FRAME characters (Textual's first frame with content: the
quiz's empty menu, which it draws before question 1, writes less) goes out at once, and the
process ends there, so that everything it counts is the work before the first frame.
Textual is not imported before the app imports it: the hook waits for the import of its
Linux driver (a finder first on sys.meta_path), so that the app starts as it always does (the
deck, for one, turns the garbage collector off before it imports Textual).
"""

from __future__ import annotations

import importlib.util
import os
import runpy
import sys

DRIVER = "textual.drivers.linux_driver"
MIN_FRAME = 300


def _end_at_first_frame(module) -> None:
    def write(driver, data: str) -> None:
        if len(data) <= MIN_FRAME:
            return original(driver, data)
        os.write(sys.__stdout__.fileno(), data.encode("utf-8"))
        os._exit(0)

    original = module.LinuxDriver.write
    module.LinuxDriver.write = write


class _Hook:
    """A finder that finds nothing itself: it patches the driver module once it is run."""

    def find_spec(self, name, path=None, target=None):
        if name != DRIVER:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        run = spec.loader.exec_module

        def exec_module(module) -> None:
            run(module)
            _end_at_first_frame(module)

        spec.loader.exec_module = exec_module
        return spec


def main() -> None:
    args = sys.argv[1:]
    sys.meta_path.insert(0, _Hook())
    # sys.path[0] as Python sets it for the app: this folder's place taken by the current
    # one (-m) or the script's.
    if args[:1] == ["-m"]:
        sys.argv, sys.path[0] = [args[1], *args[2:]], os.getcwd()
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv, sys.path[0] = args, os.path.dirname(os.path.abspath(args[0]))
        runpy.run_path(args[0], run_name="__main__")


if __name__ == "__main__":
    main()
