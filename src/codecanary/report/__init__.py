"""Summaries, reports and CI outputs built from stored runs."""
