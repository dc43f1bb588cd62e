"""Benchmarks at national scale: see bench/README.md. Run with `make bench`."""
