"""Synthetic people and labelled documents for tests, benchmarks, training and the demo."""
