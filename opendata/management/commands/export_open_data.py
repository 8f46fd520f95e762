"""`manage.py export_open_data [--dir DIR] [--if-missing]`: write today's open data set (daily,
by cron); prints the folder of the set it published."""

from django.core.management.base import BaseCommand, CommandError

from opendata import store
from opendata.services import open_data_export


class Command(BaseCommand):
    help = "生成开放数据（公开标准目录和地方标准的 CSV、JSON Lines、XLSX、数据字典和清单）"

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="输出目录（缺省为 OPEN_DATA_ROOT）")
        parser.add_argument(
            "--if-missing", action="store_true", help="已有一批数据时什么也不做（演示环境）"
        )

    def handle(self, *args, **options):
        root = store.root_of(options["dir"])
        if options["if_missing"] and store.current_dir(root) is not None:
            self.stdout.write(f"开放数据已存在：{store.current_dir(root)}")
            return
        try:
            result = open_data_export(directory=root)
        except store.ExportRunning as exc:
            raise CommandError(str(exc)) from exc
        for entry in result.manifest["files"]:
            self.stdout.write(f"{entry['name']}: {entry['rows']} 行, {entry['bytes']} 字节")
        self.stdout.write(str(result.folder))
