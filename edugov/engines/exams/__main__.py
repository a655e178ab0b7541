"""``python -m edugov.engines.exams`` — see :mod:`.cli`."""

from .cli import main

raise SystemExit(main())
