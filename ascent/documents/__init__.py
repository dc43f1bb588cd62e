"""The document kernel: a neutral document model, charts, and renderers to HTML, PDF, Word and Excel.

Any app may build a :class:`~ascent.documents.model.Document` (or a chart) and render it;
``ascent.reports`` holds the reports themselves (builders, catalogue, pages, background jobs).
"""
