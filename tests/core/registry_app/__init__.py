"""A test-only app that registers a navigation section, an Overview panel and an import kind."""
