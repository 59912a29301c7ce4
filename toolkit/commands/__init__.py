"""The command-line commands, one module per group of users; importing this registers them."""

from toolkit.commands import authoring, building, packs, quality

__all__ = ["authoring", "building", "packs", "quality"]
