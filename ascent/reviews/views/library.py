"""Review pages: library (see ascent/reviews/urls.py)."""

urls: list = []
