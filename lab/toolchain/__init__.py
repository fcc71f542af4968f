"""The Go toolchain: pinned versions, wrapper modules, builds and their cache."""
