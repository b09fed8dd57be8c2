"""Extraction: PDF pages with pdfminer.six, OCR of pages without text, language, the cache."""
