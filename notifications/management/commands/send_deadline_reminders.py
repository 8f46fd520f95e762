from django.core.management.base import BaseCommand

from notifications.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = "向办理人发送即将到期和已逾期事项的提醒（每天运行一次，可重复运行，同一天不重复提醒）"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2, help="提前几天提醒（默认 2）")

    def handle(self, *args, days, **options):
        counts = send_deadline_reminders(days_ahead=days)
        self.stdout.write(f"提醒事项 {counts['items']} 件，发出通知 {counts['notifications']} 条")
