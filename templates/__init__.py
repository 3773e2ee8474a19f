"""Bundled page templates, stylesheets, fonts and the reference DOCX (data, not code)."""
