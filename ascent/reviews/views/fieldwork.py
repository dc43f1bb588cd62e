"""Review pages: fieldwork (see ascent/reviews/urls.py)."""

urls: list = []
