"""What librarians ask of the index (list, show, status, verify, remove) and citations."""
