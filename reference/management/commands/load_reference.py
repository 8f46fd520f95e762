from django.core.management.base import BaseCommand

from reference.loaders import load_reference


class Command(BaseCommand):
    help = "载入随平台发布的基础分类数据（行政区划、国民经济行业分类、ICS、CCS、行业标准代号），可重复执行"

    def handle(self, *args, **options):
        for label, (created, updated) in load_reference().items():
            self.stdout.write(f"{label}：新增 {created}，更新 {updated}")
