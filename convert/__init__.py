"""briefpress: plain-text captures of published reports → PDF brief, DOCX and HTML.

The pieces: :mod:`convert.model` (the document model, the one contract),
:mod:`convert.parse` (capture → model), :mod:`convert.render` (model → formats),
:mod:`convert.cli` (the ``briefpress`` command).
"""

__version__ = "0.1.0"
