"""Tests for the reports: builders, pages and background production."""
