"""What librarians ask of the index (list, show, status, review, edit) and citations."""
