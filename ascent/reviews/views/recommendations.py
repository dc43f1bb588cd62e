"""Review pages: recommendations (see ascent/reviews/urls.py)."""

urls: list = []
