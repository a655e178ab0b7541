"""``python -m edugov.engines.workdays add 2023-09-28 1`` — see :mod:`.cli`."""

from .cli import main

raise SystemExit(main())
