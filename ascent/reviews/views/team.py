"""Review pages: team (see ascent/reviews/urls.py)."""

urls: list = []
