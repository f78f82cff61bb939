"""`python -m tui` does what the `chapterdeck` command does."""

from .cli import main

raise SystemExit(main())
