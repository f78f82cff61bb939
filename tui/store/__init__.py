"""The score database: one class, its migrations, and what to do when the file is bad."""
