"""``python -m mkdocs_vault_kb check [VAULT]`` (also installed as ``vault-kb check``)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help"):
        print("usage: python -m mkdocs_vault_kb check [VAULT] [--snippets DIR] [--no-aliases] [--quiet]")
        return 0 if args else 2
    if args[0] != "check":
        print(f"unknown command {args[0]!r}; the command is 'check'", file=sys.stderr)
        return 2
    from .check import main as check_main

    return check_main(args[1:])


if __name__ == "__main__":
    sys.exit(main())
