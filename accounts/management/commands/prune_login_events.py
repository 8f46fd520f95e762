from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import LoginEvent


class Command(BaseCommand):
    help = "删除超过保留期（LOGIN_AUDIT_DAYS，默认 180 天）的登录日志。每日由 cron 运行"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="保留天数，默认 LOGIN_AUDIT_DAYS"
        )

    def handle(self, *args, days, **options):
        days = days if days is not None else settings.LOGIN_AUDIT_DAYS
        cutoff = timezone.now() - timezone.timedelta(days=days)
        removed, _ = LoginEvent.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"已删除 {removed} 条 {days} 天前的登录日志")
