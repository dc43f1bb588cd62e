"""Self-assessment pages: elements."""

urls: list = []
