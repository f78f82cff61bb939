"""The colour themes' short names, in the order the theme key cycles through them: what
--theme takes. Apart from themes.py (which builds THEMES from them) so that the command line
knows them without importing Textual."""

THEME_NAMES = ("dark", "light", "ansi")
