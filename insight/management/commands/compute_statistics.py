"""Compute the statistics snapshots the public pages and API read (cron: hourly)."""

from django.core.management.base import BaseCommand

from insight.services import snapshots_refresh


class Command(BaseCommand):
    help = "计算统计快照（公开统计和市局统计），供统计分析页面和接口读取；建议每小时运行"

    def handle(self, *args, **options):
        for snapshot in snapshots_refresh():
            figures = len(snapshot.data["figures"])
            self.stdout.write(
                f"{snapshot.get_scope_display()}：{figures} 项统计，{snapshot.computed_at:%Y-%m-%d %H:%M}"
            )
