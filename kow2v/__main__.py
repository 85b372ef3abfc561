"""``python -m kow2v`` runs the command line."""

from kow2v.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
