"""The class server: learners join over plain ssh, each with their own deck and quiz.

Pure of Textual: the live console that watches a class lives in tui/ui/console.py and
hears from the server only through the ClassWatcher protocol in events.py.
"""
