"""The classroom, pure: the class as the server reports it (ClassState), the plain log of a
server without a terminal (LogWatcher) and the class report read from the learners' stores.
No Textual and no Rich: the live console (tui/ui/console.py) and the report command draw
what these compute."""
