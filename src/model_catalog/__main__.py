"""``python -m model_catalog`` runs the ``model-catalog`` command."""

from model_catalog._cli import main

raise SystemExit(main())
