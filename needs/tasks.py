"""Periodic work for needs: the hourly SLA breach notifications."""

from celery import shared_task


@shared_task(
    name="needs.send_breach_notifications",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=300,
    time_limit=360,
)
def send_breach_notifications():
    """Notify the assignee and the street staff of each need past its deadline, once per breach."""
    from needs.services import send_breach_notifications as run

    return run()
