"""Publish an Obsidian vault with MkDocs.

``core`` and ``execute`` import nothing from MkDocs; ``plugin`` is the thin adapter that wires
them to MkDocs' events.
"""

__version__ = "0.1.0"
