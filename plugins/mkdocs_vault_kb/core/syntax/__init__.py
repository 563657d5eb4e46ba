"""Obsidian syntaxes beyond links, one module each: callouts, highlights, tags, block ids."""
