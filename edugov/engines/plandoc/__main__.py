"""Allow ``python -m edugov.engines.plandoc PATH``."""

import sys

from .cli import main

sys.exit(main())
