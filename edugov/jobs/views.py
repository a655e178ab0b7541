from django.shortcuts import render

from edugov.core.scoping import get_visible_or_404, scoped_view

from .models import Job, JobStatus
from .results import result_view
from .services import jobs_reap


# Not an object_view: its owner sees a job without jobs.view_job, a rule visible_to cannot
# express, so the view looks the job up itself and scoped_view only feeds the matrix.
@scoped_view(Job, "view")
def job_detail(request, pk: int):
    """The job page; htmx polls the same view for the progress partial until done.

    Its owner always sees a job; others only within scope (a district admin following
    an import started by her staff).
    """
    job = Job.objects.filter(pk=pk, owner=request.user).first() or get_visible_or_404(
        Job, request.user, "view", pk=pk
    )
    if job.status == JobStatus.RUNNING and jobs_reap():
        job.refresh_from_db()  # its process had died: show it failed, not spinning
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job, "result": result_view(job.result)})
