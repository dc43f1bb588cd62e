"""Self-assessment pages: regional."""

urls: list = []
