"""Screens of the Textual front-end: picker, lesson, help, errors."""
