"""The work the benchmark gives the Celery worker whose memory it measures.

Loaded into the worker only (``celery worker --include=benchmarks.load.tasks``).
The heaviest thing the worker does is rendering official documents with
WeasyPrint; this task renders the notices of ``benchmarks.notices`` (the
publicity notice and the 30-department commendation notice) through
``publicity.notices.render_notice``, the function the document task uses.
"""

from pathlib import Path

from celery import shared_task


@shared_task(name="benchmarks.load.mark")
def mark(done_path):
    """Queued behind other tasks: the solo worker has finished them once this file exists."""
    Path(done_path).write_text("done")


@shared_task(name="benchmarks.load.render_notices")
def render_notices(done_path, repeat=3):
    from benchmarks.notices import _commendation_notice, _publicity_notice
    from publicity.notices import render_notice

    sizes = []
    for _ in range(repeat):
        sizes.append(len(render_notice(_publicity_notice())))
        sizes.append(len(render_notice(_commendation_notice())))
    Path(done_path).write_text(" ".join(str(size) for size in sizes))
