"""Self-assessment pages: workflow."""

urls: list = []
