"""Self-assessment pages: assessments."""

urls: list = []
