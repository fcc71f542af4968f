"""Settings profiles: `http` (plain HTTP, the default) and `production` (TLS in front)."""
