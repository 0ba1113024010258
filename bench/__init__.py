"""Benchmarks: each row is esgdesk against the fastest bare way to do the same job, in the same run."""
