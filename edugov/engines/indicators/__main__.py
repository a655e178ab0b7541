"""``python -m edugov.engines.indicators youzhi STATS.csv`` — see :mod:`.cli`."""

from .cli import main

raise SystemExit(main())
