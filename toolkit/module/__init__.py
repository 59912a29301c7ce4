"""A module file: safe YAML, the typed model, its rules, translations, themes, images and the one `load`."""
