"""The risks app's pages: a unit's risk register and key posts, the hospital-wide lists."""
