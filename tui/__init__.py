"""chapterdeck: play a course chapter as a full-screen terminal deck."""

__version__ = "0.1.0"
