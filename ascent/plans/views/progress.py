"""progress pages of improvement plans (filled in by its part of issue 12)."""

urls: list = []
