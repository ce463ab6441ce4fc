"""Evaluation: datasets, metrics, the naive baseline, reports."""
