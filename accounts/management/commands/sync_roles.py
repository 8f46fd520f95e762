from django.core.management.base import BaseCommand

from accounts.services import roles_sync


class Command(BaseCommand):
    help = "按代码中的角色定义创建或更新用户组及其权限（可重复执行）"

    def handle(self, *args, **options):
        result = roles_sync()
        self.stdout.write(f"角色 {result['roles']} 个，更新 {result['changed']} 个")
