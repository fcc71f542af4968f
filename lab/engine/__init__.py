"""Docker Engine for machines that have none: built from source, configured, started."""
