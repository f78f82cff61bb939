"""The quiz engine: sampling, shuffling, scoring, certainty marks, calibration and the error
review. Pure: no Textual, no Rich, no database (the store keeps what happened)."""
