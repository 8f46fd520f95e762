from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from rich.progress import Progress

from catalog.importer import COMMAND_LIMITS, ImportFileError, commit_import, read_import_file
from catalog.search import indexer


class Command(BaseCommand):
    help = (
        "从 CSV 或 XLSX 文件导入标准（按规范化标准号更新或新增）。先校验整个文件：有错误则不写入；"
        "写入分块提交，中断后重新导入同一文件即可补齐。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV（UTF-8 或 GBK）或 XLSX 文件")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告，不写入")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="导入通过校验的行，跳过并列出有错误的行"
        )
        parser.add_argument("--source", help="记录的数据来源，默认为文件名")
        parser.add_argument("--max-errors", type=int, default=200, help="最多列出的错误条数")

    def handle(self, *args, file, dry_run, skip_invalid, source, max_errors, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        show_progress = options.get("verbosity", 1) >= 1 and self.stdout.isatty()
        try:
            with Progress(disable=not show_progress, transient=True) as bar:
                task = bar.add_task("校验", total=None)
                preview = read_import_file(
                    path.read_bytes(),
                    path.name,
                    progress=lambda n: bar.advance(task, n),
                    limits=COMMAND_LIMITS,
                )
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write(
            f"{path.name}：共 {preview.total_rows} 行，通过校验 {len(preview.valid_rows)} 行，"
            f"有错误 {len(preview.rejected_lines)} 行，提示 {len(preview.warnings)} 条"
        )
        if preview.unmapped_headers:
            self.stdout.write(f"未使用的列：{'、'.join(preview.unmapped_headers)}")
        for problem in preview.errors[:max_errors]:
            self.stderr.write(f"错误 {problem}")
        if len(preview.errors) > max_errors:
            self.stderr.write(f"……另有 {len(preview.errors) - max_errors} 条错误未列出")
        for problem in preview.warnings[:max_errors]:
            self.stdout.write(f"提示 {problem}")

        if dry_run:
            self.stdout.write("试运行（--dry-run）：未写入任何数据")
            if preview.errors:
                # A non-zero exit lets scripts check a file before a nightly import.
                raise CommandError(f"有 {len(preview.rejected_lines)} 行未通过校验")
            return
        if preview.errors and not skip_invalid:
            raise CommandError(
                f"有 {len(preview.rejected_lines)} 行未通过校验，未导入任何数据；"
                "修正后重试，或用 --skip-invalid 只导入通过校验的行"
            )
        # What an earlier run left queued for the search index (a crash after its commit) first.
        applied = indexer.apply_pending()
        if applied:
            self.stdout.write(f"检索索引：已补做 {applied} 条待处理变更")
        try:
            with Progress(disable=not show_progress, transient=True) as bar:
                task = bar.add_task("导入", total=len(preview.valid_rows))
                counts = commit_import(
                    preview,
                    actor=None,
                    source=source,
                    skip_invalid=skip_invalid,
                    progress=lambda n: bar.advance(task, n),
                )
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"导入完成：新增 {counts.created}，更新 {counts.updated}，未变化 {counts.unchanged}"
                + (f"，跳过 {len(preview.rejected_lines)} 行" if preview.rejected_lines else "")
            )
        )
