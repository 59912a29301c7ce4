"""Modules through the Jinja2 templates into the format-neutral document tree, with the session plan."""
