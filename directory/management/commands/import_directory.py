from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.excel import ImportFileError, import_rows
from directory.excel import IMPORTS


class Command(BaseCommand):
    help = "导入专家库、标准化专员或技术委员会（XLSX/CSV，表头同导出文件；全部通过校验才写入）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")

    def handle(self, *args, kind, file, dry_run, **options):
        sheet, form_class, save = IMPORTS[kind]
        path = Path(file)
        try:
            result = import_rows(
                sheet=sheet,
                raw=path.read_bytes(),
                file_name=path.name,
                form_class=form_class,
                save=lambda data: save(data=data, actor=None),
                dry_run=dry_run,
            )
        except (OSError, ImportFileError) as error:
            raise CommandError(str(error)) from error
        for problem in result.errors:
            self.stderr.write(str(problem))
        if result.errors:
            raise CommandError(f"{len(result.errors)} 处错误，未导入任何记录")
        self.stdout.write(
            f"共 {result.rows} 行，{'校验通过' if dry_run else f'已导入 {result.saved} 条'}"
        )
