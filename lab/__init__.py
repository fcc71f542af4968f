"""The lab toolkit: helpers and a CLI used by notebooks, tests and CI."""
