"""``python -m kow2v`` runs the command line."""

from kow2v.cli import main

raise SystemExit(main())
