"""Workshop packs: a pack file, its days on the clock, and every file a workshop needs, built as one."""
