import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from catalog.lifecycle import standards_refresh_status


class Command(BaseCommand):
    help = "按实施日期、废止日期更新标准状态（每日运行）；关注者会收到提醒"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按此日期计算（YYYY-MM-DD，默认今天）")

    def handle(self, *args, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD") from None
        count = standards_refresh_status(today=today)
        self.stdout.write(f"已更新 {count} 项标准的状态")
