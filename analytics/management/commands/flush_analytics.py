"""Move the buffered counts (Redis or this process) into the daily rows. Cron: every minute.
Safe to run on several nodes at once and again after a crash (see analytics.flush)."""

from django.core.management.base import BaseCommand

from analytics.flush import flush


class Command(BaseCommand):
    help = "汇总网站统计缓冲区中的计数（建议每分钟运行一次）"

    def handle(self, *args, **options):
        result = flush()
        self.stdout.write(
            f"汇总 {result.batches} 批、{result.fields} 项；跳过已汇总的 {result.skipped} 批"
        )
