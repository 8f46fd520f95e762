from django.core.management.base import BaseCommand, CommandError

from catalog.models import Standard
from catalog.search import check, index, indexer


def _codes(ids: list[int], limit: int = 20) -> str:
    shown = ids[:limit]
    codes = dict(Standard.objects.filter(pk__in=shown).values_list("pk", "code"))
    text = "、".join(codes.get(pk, f"#{pk}") for pk in shown)
    return text + (f" 等 {len(ids)} 条" if len(ids) > limit else "")


class Command(BaseCommand):
    help = (
        "比较本节点的检索索引与数据库（每条记录的编号、内容摘要和可见范围），列出差异；"
        "有差异时以非零状态退出。默认先应用本节点待处理的变更。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-apply", action="store_true", help="不先应用待处理变更，按索引现状比较"
        )
        parser.add_argument("--repair", action="store_true", help="重新索引有差异的记录")

    def handle(self, *args, no_apply, repair, **options):
        if not no_apply:
            indexer.apply_pending()
        report = check.compare()
        where = f"节点 {index.node()}，{index.index_dir()}"
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"检索索引与数据库一致：{report.database} 条记录，{report.indexed} 条索引文档（{where}）"
                )
            )
            return
        self.stdout.write(
            f"检索索引与数据库不一致（{where}）：数据库 {report.database} 条，索引 {report.indexed} 条"
        )
        for label, ids in (
            ("索引中缺少", report.missing),
            ("索引中多出（数据库已无此记录）", report.extra),
            ("内容或可见范围不同", report.changed),
            ("重复索引", report.duplicated),
        ):
            if ids:
                self.stdout.write(f"{label} {len(ids)} 条：{_codes(ids)}")
        if repair:
            count = check.repair(report)
            self.stdout.write(self.style.SUCCESS(f"已重新索引 {count} 条记录"))
            return
        raise CommandError(
            "检索索引与数据库不一致（可用 --repair 修复，或 rebuild_search_index 重建）",
            returncode=1,
        )
