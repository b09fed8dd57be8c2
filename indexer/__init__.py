"""pubkb: index and search a research centre's report PDFs."""

__version__ = "0.1.0"
