from django.core.management.base import BaseCommand

from consultation.services import reminders_send


class Command(BaseCommand):
    help = "提醒尚未答复的征求意见受邀单位（每日运行；同一天重复运行不会重复发送）"

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"已发送 {sent} 封提醒邮件")
