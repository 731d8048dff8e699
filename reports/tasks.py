import logging
import tempfile

from celery import shared_task
from django.core.files import File

from reports import periods
from reports.models import Report
from reports.services import write_report

log = logging.getLogger(__name__)


@shared_task(
    name="reports.build_report",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=900,
    time_limit=960,
)
def build_report(report_id: int) -> str:
    """Build one report's workbook; running it again for a finished report does nothing."""
    report = Report.objects.select_related("street", "district").get(pk=report_id)
    if report.status == Report.Status.DONE:
        return report.file.name
    from organizations.models import Street

    streets = [report.street] if report.street else list(Street.objects.filter(district=report.district))
    period = periods.parse(report.period)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING, progress=5)

    def progress(pct):
        Report.objects.filter(pk=report.pk).update(progress=pct)

    try:
        with tempfile.TemporaryFile() as tmp:
            write_report(tmp, streets, period, progress)
            tmp.seek(0)
            name = f"{report.street or report.district}-{report.period}.xlsx"
            report.file.save(name, File(tmp), save=False)
    except Exception as exc:
        Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error=str(exc)[:300])
        raise
    report.status = Report.Status.DONE
    report.progress = 100
    report.save(update_fields=["file", "status", "progress", "updated"])
    return report.file.name
