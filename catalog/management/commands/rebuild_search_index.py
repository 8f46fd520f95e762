import os
import time

from django.core.management.base import BaseCommand
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from catalog import outbox
from catalog.models import Standard
from catalog.search import index, indexer


class Command(BaseCommand):
    help = "从数据库重建标准检索索引（数据库是唯一数据源，索引随时可以重建）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="只在本节点没有可用索引（新节点、索引目录被替换或读取位置过期）时重建，否则只应用待处理变更",
        )

    def handle(self, *args, if_empty, **options):
        total = Standard.objects.count()
        cursor = outbox.cursor_state(indexer.cursor_name())
        if if_empty and not indexer.needs_rebuild(cursor):
            applied = indexer.apply_pending()
            self.stdout.write(f"索引已存在，应用了 {applied} 条待处理变更")
            return
        started = time.monotonic()
        show = options.get("verbosity", 1) >= 1
        with Progress(
            TextColumn("重建检索索引"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            disable=not show,
            transient=True,
        ) as bar:
            task = bar.add_task("rebuild", total=total)
            count = indexer.rebuild(
                progress=lambda n: bar.advance(task, n),
                processes=2 if total > 50_000 and (os.cpu_count() or 1) > 1 else 1,
            )
        self.stdout.write(
            f"已索引 {count} 条标准（其中公开 {Standard.objects.public().count()} 条），"
            f"用时 {time.monotonic() - started:.1f} 秒（节点 {index.node()}，{index.index_dir()}）"
        )
