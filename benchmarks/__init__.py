"""Benchmarks: speed, memory, scale and load, printed as Markdown tables."""
