from django.core.management.base import BaseCommand

from profiles.services import profiles_compute


class Command(BaseCommand):
    help = "计算每个机构的标准化水平得分和推荐信息（每晚运行一次）"

    def handle(self, *args, **options):
        count = profiles_compute()
        self.stdout.write(f"已计算 {count} 个机构的标准化档案")
