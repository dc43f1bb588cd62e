"""The reviews' assurance checks, registered in the one registry (ascent.assurance.registry)."""
