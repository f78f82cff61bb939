"""The chapter format: model, inline markup, loading and checking. No Textual here."""
