"""Views for performance evidence, one module per page family (see urls.py)."""
