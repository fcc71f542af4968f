"""Container images: look-alike base images for offline machines, loading into clusters."""
