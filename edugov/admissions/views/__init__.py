"""Admissions pages, split by sub-domain."""

from .inputs import (  # noqa: F401
    CandidateDetail,
    CandidateExport,
    CandidateImport,
    CandidateList,
    PreferenceImport,
    ProgrammeExport,
    ProgrammeImport,
    ProgrammeList,
    SessionDetail,
    SessionEdit,
    SessionList,
)
from .lottery import (  # noqa: F401
    ApplicantExport,
    ApplicantImport,
    ApplicantList,
    DrawDetail,
    DrawEdit,
    DrawList,
    draw_bundle_view,
    draw_close_view,
    draw_commit_view,
    draw_reveal_view,
    draw_run_view,
)
from .runs import (  # noqa: F401
    CutoffExport,
    CutoffList,
    ResultExport,
    ResultList,
    RunDetail,
    RunEdit,
    RunList,
    run_compare_view,
    run_publish_view,
    run_replay_view,
    run_start_view,
)
