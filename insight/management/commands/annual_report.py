"""Write the annual statistics report (DOCX) of a year to a file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from insight.report import annual_report_docx
from insight.services import annual_snapshot


class Command(BaseCommand):
    help = "生成年度统计报告（DOCX），如 manage.py annual_report --year 2026 报告.docx"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="报告年度")
        parser.add_argument("output", help="输出文件路径（.docx）")

    def handle(self, *args, year, output, **options):
        if not 1949 <= year <= 2100:
            raise CommandError("年度应为四位数字，如 2026")
        snapshot = annual_snapshot(year=year)
        data = annual_report_docx(snapshot, bureau_name=settings.SITE.get("bureau_name", ""))
        Path(output).write_bytes(data)
        self.stdout.write(f"已生成 {output}（{len(snapshot.data['figures'])} 项统计）")
