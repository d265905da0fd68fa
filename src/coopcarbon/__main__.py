"""``python -m coopcarbon``: the same as the ``coopcarbon`` command."""

from coopcarbon.cli import main

raise SystemExit(main())
