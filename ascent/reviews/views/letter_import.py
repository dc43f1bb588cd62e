"""Review pages: letter_import (see ascent/reviews/urls.py)."""

urls: list = []
