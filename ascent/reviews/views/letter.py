"""Review pages: letter (see ascent/reviews/urls.py)."""

urls: list = []
