"""Keep the topics current (cron, every few minutes; idempotent): apply the catalog changes
beyond the topics' cursor to the rules' matches and tell followers, then tell drafts opened for
comment in the topics' fields. `--full` re-evaluates every rule from the index."""

from django.core.management.base import BaseCommand

from topics import refresh


class Command(BaseCommand):
    help = "按目录变化更新专题的自动归集结果，并提醒专题关注者"

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="重新计算全部规则")

    def handle(self, *args, full=False, **options):
        if full:
            rules = refresh.refresh_all()
            self.stdout.write(f"已重新计算 {rules} 条规则")
        told = refresh.process_pending()
        told += refresh.tell_consultations()
        self.stdout.write(f"已提醒 {told} 位关注者")
