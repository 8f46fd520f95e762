from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from core.excel import ImportFileError, import_rows
from directory.excel import IMPORTS


class Command(BaseCommand):
    help = "导入专家库、标准化专员或技术委员会（XLSX/CSV，表头同导出文件；全部通过校验才写入）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help="办理人（市局或管理员账号）：导入的标准化专员以其名义记为已认证",
        )

    def handle(self, *args, kind, file, dry_run, by=None, **options):
        sheet, form_class, save = IMPORTS[kind]
        actor = None
        if by:
            actor = User.objects.filter(username=by, is_active=True).first()
            if actor is None:
                raise CommandError(f"没有可用的账号“{by}”")
        elif kind == "specialists" and not dry_run:
            raise CommandError("导入标准化专员须用 --by 指明办理人（记为其认证）")
        path = Path(file)
        try:
            result = import_rows(
                sheet=sheet,
                raw=path.read_bytes(),
                file_name=path.name,
                form_class=form_class,
                save=lambda data: save(data=data, actor=actor),
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
