from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.excel import export_queryset, write_csv, write_xlsx
from catalog.filters import StandardFilter
from catalog.models import Standard


class Command(BaseCommand):
    help = "导出标准目录为 XLSX 或 CSV（列与导入格式一致，可直接再导入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="输出文件，扩展名 .xlsx 或 .csv")
        parser.add_argument("--kind", help="只导出某类标准，如 national、municipal")
        parser.add_argument("--status", help="只导出某状态，如 current、abolished")
        parser.add_argument("-q", "--query", help="标准号或名称包含的文字")

    def handle(self, *args, file, kind, status, query, **options):
        path = Path(file)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError("输出文件的扩展名应为 .xlsx 或 .csv")
        params = {k: v for k, v in {"kind": kind, "status": status, "q": query}.items() if v}
        filterset = StandardFilter(params, queryset=Standard.objects.all())
        if not filterset.is_valid():
            raise CommandError(f"筛选条件有误：{dict(filterset.errors)}")
        standards = export_queryset(filterset.qs).order_by("code_key")
        data = (
            write_xlsx(standards.iterator(chunk_size=2000))
            if path.suffix.lower() == ".xlsx"
            else write_csv(standards.iterator(chunk_size=2000))
        )
        path.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"已导出 {standards.count()} 条到 {path}"))
