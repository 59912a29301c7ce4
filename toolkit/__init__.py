"""Gender & SSR training toolkit: compile YAML training modules into decks, handouts and guides."""

__version__ = "0.1.0"
