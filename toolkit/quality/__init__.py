"""The quality gate: rules that check built decks and documents, and module text, before a room sees them."""
