"""The vault's boundary: which of the files found under the vault folder may be read and published.

A vault is untrusted: a symbolic link in it may point at any file of the machine that builds the
site (``secrets -> ~/.ssh``, ``notes.md -> /etc/passwd``). MkDocs follows every link when it walks
the docs folder, so the adapter asks this module, before anything is read, which files stay:

- a file whose real path is outside the vault is never read, indexed or published;
- a file reached through a symbolic link to a folder is not published either, unless the author
  asks for symlinked folders (``publish_symlinked_folders``): a linked folder may hold a loop
  (``a -> .``) or duplicate the vault's own notes. Even then each real file is published once,
  and only if its real path is inside the vault or inside the linked folder's own target.

Each link gives one message, however many files lie behind it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(slots=True)
class Boundary:
    keep: list[str] = field(default_factory=list)  # vault paths that may be read and published
    problems: dict[str, str] = field(default_factory=dict)  # the link's vault path -> what was refused


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def check_boundary(root: str, paths: Iterable[str], *, symlinked_folders: bool = False) -> Boundary:
    """Split ``paths`` (posix, relative to the vault folder ``root``) into those that may be read
    and the links that were refused."""
    real_root = os.path.realpath(root)
    out = Boundary()
    link_of_dir: dict[str, str | None] = {"": None}  # a folder -> the first symlinked folder on its path
    seen: set[str] = set()

    def linked_folder(folder: str) -> str | None:
        if folder in link_of_dir:
            return link_of_dir[folder]
        parent = folder.rpartition("/")[0]
        link = linked_folder(parent) if parent != folder else None
        if link is None and os.path.islink(os.path.join(root, folder)):
            link = folder
        link_of_dir[folder] = link
        return link

    for path in paths:
        full = os.path.join(root, path)
        real = os.path.realpath(full)
        link = linked_folder(path.rpartition("/")[0])
        if link is not None:
            if not symlinked_folders:
                out.problems.setdefault(
                    link,
                    f"a symbolic link to a folder ({_target(root, link)}): its files are not "
                    "published (publish_symlinked_folders: true publishes them)",
                )
                continue
            target = os.path.realpath(os.path.join(root, link))
            if not (_inside(real, real_root) or _inside(real, target)):
                out.problems.setdefault(path, "a symbolic link leaving the vault: not published")
                continue
        elif not _inside(real, real_root):
            out.problems.setdefault(
                path, f"a symbolic link to a file outside the vault ({_target(root, path)}): not published"
            )
            continue
        if real in seen and link is not None:
            continue  # the same file again through a linked folder (or a loop)
        seen.add(real)
        out.keep.append(path)
    return out


def _target(root: str, path: str) -> str:
    try:
        return os.readlink(os.path.join(root, path))
    except OSError:
        return "unreadable"
