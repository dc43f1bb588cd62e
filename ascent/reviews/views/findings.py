"""Review pages: findings (see ascent/reviews/urls.py)."""

urls: list = []
