"""Background work of the safety module (django-tasks)."""

from django_tasks import task


@task()
def thumbnail_task(ids: list[int]) -> int:
    """Thumbnails of newly kept inspection photos (decoding a 10 MB photo is not done
    while the phone waits for its answer)."""
    from .services import make_thumbnails

    return make_thumbnails(ids)
