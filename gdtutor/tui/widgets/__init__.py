"""Widgets of the Textual front-end: plots, prose, feedback."""
