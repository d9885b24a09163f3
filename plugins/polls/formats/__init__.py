"""Readers for each kind of poll file: tallies (our YAML) and form-tool exports."""
