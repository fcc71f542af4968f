"""The documentation site: build it, serve it, open its pages in headless Chromium."""
