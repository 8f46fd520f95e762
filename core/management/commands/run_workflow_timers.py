from django.core.management.base import BaseCommand

from core.workflow.timers import run_workflow_timers


class Command(BaseCommand):
    help = "办理到期的系统操作（公示期满、期限届满等），可重复运行；由 cron 每几分钟运行一次。"

    def handle(self, *args, **options):
        done = run_workflow_timers()
        total = sum(done.values())
        for key, count in sorted(done.items()):
            self.stdout.write(f"{key}: {count}")
        self.stdout.write(self.style.SUCCESS(f"系统操作 {total} 项"))
