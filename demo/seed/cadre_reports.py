"""Demo cadre reports (双报告): cadre1's and cadre2's reports on past quarters, one of them overdue."""

from cadre_reports import services as reports
from cadre_reports.models import CadreReport
from crossposts.models import CrossPost
from organizations.periods import Quarter

NARRATIVES = [
    "本季度走访联系楼宇企业，宣传党建政策，协助两家企业解决员工子女入学和停车问题；参加集体党日活动。下季度计划推动联合党支部开展主题党日。",
    "本季度在居民区和楼宇两头履职，组织楼宇党员到社区报到，开展志愿服务；协调处理企业反映的需求。存在问题：部分企业配合度一般，下季度加强走访。",
]


def run(ctx):
    cadres = [ctx.users["cadre1"], ctx.users["cadre2"]]
    if CadreReport.objects.filter(cadre__in=cadres).exists():
        ctx.stdout.write("Cadre reports: already seeded.")
        return
    staff = ctx.users["staff"]
    last = Quarter.containing(ctx.today).previous()
    made = 0
    for n, cadre in enumerate(cadres):
        post = CrossPost.objects.filter(cadre=cadre, active=True).order_by("term_start").first()
        if post is None:
            continue
        quarter = last.previous().previous()
        # Two quarters before the last: submitted and received by both units.
        for q in (quarter, quarter.next()):
            if not reports.held_during(post, q):
                continue
            report = reports.start_report(post, q)
            reports.submit(report, NARRATIVES[n % 2])
            reports.mark_received(report, staff)
            made += 1
        # The last quarter: cadre1 has submitted (not yet received); cadre2's is overdue, a draft at most.
        if reports.held_during(post, last):
            report = reports.start_report(post, last)
            if n == 0:
                reports.submit(report, NARRATIVES[0])
            made += 1
    ctx.stdout.write(f"Cadre reports: {made}.")
