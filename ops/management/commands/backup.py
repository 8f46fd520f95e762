from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from ops import backup


class Command(BaseCommand):
    help = (
        "备份数据库（PostgreSQL 用 pg_dump，SQLite 用在线备份）和上传文件到 DIR 下的新目录，"
        "附清单与 SHA-256 校验值；最后一行输出备份目录的路径。"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="存放备份的目录（每次备份在其中新建一个子目录）")
        parser.add_argument(
            "--keep", type=int, default=0, help="只保留最新的 N 份备份，删除更早的（默认全部保留）"
        )

    def handle(self, *args, directory, keep, **options):
        try:
            path = backup.create(Path(directory))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = backup.verify(path)
        for entry in manifest["files"]:
            self.stdout.write(
                f"{entry['name']}：{filesizeformat(entry['bytes'])}，SHA-256 {entry['sha256']}"
            )
        self.stdout.write(
            f"数据库 {manifest['database']['vendor']}，上传文件 {manifest['media_files']} 个，"
            f"程序版本 {manifest['app_version'] or '未知'}"
        )
        if keep > 0:
            for old in backup.prune(Path(directory), keep=keep):
                self.stdout.write(f"已删除旧备份 {old}")
        self.stdout.write(str(path))
