"""Clusters for the labs: kind for people, and `local`, built from upstream sources."""
