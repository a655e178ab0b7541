"""中考 admission engine: batches, 平行志愿 / 顺序志愿 / Chen–Kesten / DA, 指标到校, 投档比例.

No Django here. The Django module builds :class:`Candidates`, :class:`Programmes` and the
preference matrices from its tables, calls :func:`run_admission`, and stores the
:class:`AdmissionResult` together with ``result.record()`` (the audit hashes).
See ``docs/engines/admission.md``.
"""

from .audit import ENGINE_VERSION, inputs_sha256
from .batches import run_admission
from .config import (
    AdmissionConfig,
    BatchConfig,
    ConfigError,
    TieBreak,
    load_config,
    loads_config,
    parse_config,
)
from .mechanisms import (
    boston,
    chen_kesten,
    deferred_acceptance,
    serial_dictatorship,
)
from .model import SECTOR_PRIVATE, SECTOR_PUBLIC, Candidates, InputError, Programmes, Returns
from .ranking import Ranking, common_ranking, cutoff_detail
from .result import AdmissionResult, ProgrammeStats
from .whatif import RunComparison, compare_runs

__all__ = [
    "ENGINE_VERSION",
    "SECTOR_PRIVATE",
    "SECTOR_PUBLIC",
    "AdmissionConfig",
    "AdmissionResult",
    "BatchConfig",
    "Candidates",
    "ConfigError",
    "InputError",
    "ProgrammeStats",
    "Programmes",
    "Ranking",
    "Returns",
    "RunComparison",
    "TieBreak",
    "boston",
    "chen_kesten",
    "common_ranking",
    "compare_runs",
    "cutoff_detail",
    "deferred_acceptance",
    "inputs_sha256",
    "load_config",
    "loads_config",
    "parse_config",
    "run_admission",
    "serial_dictatorship",
]
