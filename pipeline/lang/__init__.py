"""Swedish language data and the spaCy pipeline built from it (gazetteers, roles, themes, dates)."""
