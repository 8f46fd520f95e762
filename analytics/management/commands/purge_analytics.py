"""Retention: delete per-term and per-standard day rows older than ANALYTICS_RETENTION_DAYS
(daily; see analytics.services.purge)."""

from django.core.management.base import BaseCommand

from analytics.services import purge


class Command(BaseCommand):
    help = "删除超过保留期限的检索词与标准每日浏览记录（建议每天运行一次）"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="保留天数，默认取设置")

    def handle(self, *args, **options):
        counts = purge(days=options["days"])
        self.stdout.write("，".join(f"{k}: {v}" for k, v in counts.items()))
