"""The name authority: one person however spelled, and the librarians' decisions on it."""
