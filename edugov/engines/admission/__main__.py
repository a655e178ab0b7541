"""``python -m edugov.engines.admission`` — see :mod:`edugov.engines.admission.cli`."""

import sys

from .cli import main

sys.exit(main())
