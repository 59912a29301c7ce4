"""The one build: options, which modules need building, rendering and writing them, and reporting progress."""
