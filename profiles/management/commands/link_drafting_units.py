from django.core.management.base import BaseCommand

from profiles.matching import drafting_units_link


class Command(BaseCommand):
    help = "按统一社会信用代码或规范化名称，把标准的起草单位关联到机构（人工确认的关联不变）"

    def add_arguments(self, parser):
        parser.add_argument("--after-id", type=int, default=0, help="只处理编号大于此值的起草单位")

    def handle(self, *args, after_id: int = 0, **options):
        counts = drafting_units_link(after_id=after_id)
        self.stdout.write(
            f"起草单位 {counts.seen} 条：按代码匹配 {counts.by_uscc}，按名称匹配 {counts.by_name}，"
            f"未匹配 {counts.unlinked}；变更 {counts.changed} 条"
        )
