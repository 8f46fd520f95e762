from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops import backup


class Command(BaseCommand):
    help = (
        "从 backup 命令写出的备份恢复数据库和上传文件（覆盖现有数据），然后重建检索索引。"
        "先校验全部 SHA-256：不符则拒绝，不做任何更改。恢复前请停止网站、任务和索引进程。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份目录（backup 命令最后一行输出的路径）")
        parser.add_argument("--yes", action="store_true", help="确认覆盖当前数据库和上传文件")

    def handle(self, *args, path, yes, **options):
        if not yes:
            raise CommandError(
                "恢复会用备份覆盖当前数据库和全部上传文件；确认请加 --yes"
                "（restore overwrites the database and the uploaded files; pass --yes to confirm）"
            )
        try:
            done = backup.restore(Path(path))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = done.manifest
        self.stdout.write(
            f"已从 {done.path} 恢复：数据库（{manifest['database']['vendor']}，"
            f"备份于 {manifest['created_at']}，程序版本 {manifest['app_version'] or '未知'}），"
            f"上传文件 {done.media_files} 个"
        )
        self.stdout.write(
            f"检索索引已重建：{done.indexed} 条；已重置读取位置 {len(done.cursors_reset)} 个"
            "（其他节点的索引进程会自行重建）"
        )
        self.stdout.write(
            self.style.SUCCESS("恢复完成。如程序版本比备份新，请再运行 manage.py migrate")
        )
