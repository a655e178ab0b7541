"""``python -m edugov.engines.fitness score RESULTS.csv --out SCORED.csv`` — see :mod:`.cli`."""

from .cli import main

raise SystemExit(main())
