from django.core.management.base import BaseCommand

from follows.choices import Period
from follows.digest import send_follow_digest


class Command(BaseCommand):
    help = "给每位用户发送关注摘要（保存的检索的新标准、即将实施或废止的关注标准）；重复运行不会重复发送"

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=Period.values, default=Period.DAILY)

    def handle(self, *args, period, **options):
        result = send_follow_digest(period=period)
        self.stdout.write(f"已向 {result['users']} 位用户发送摘要，共 {result['items']} 项")
