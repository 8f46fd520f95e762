from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor
from catalog.models import Standard
from demo.loaders import demo_logins, load_demo


class Command(BaseCommand):
    help = "载入演示数据（基础分类、真实标准数据、演示机构和各角色演示账号）。仅在演示模式下可用"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="数据库中已有标准时不再载入")

    def handle(self, *args, once, **options):
        if not settings.DEMO_MODE:  # the demo logins only work in demo mode (accounts.backends)
            raise CommandError("演示数据含公开的演示密码，只能在 DEMO_MODE=1 时载入")
        if once and Standard.objects.exists():
            self.stdout.write("演示数据已载入，跳过")
        else:
            load_demo(stdout=self.stdout)
        self.stdout.write("演示账号（用户名 / 密码 / 角色）：")
        for username, password, role in demo_logins():
            self.stdout.write(f"  {username} / {password} / {role}")
        self.stdout.write(
            "监管人员和管理员登录时还须输入动态口令：演示密钥 "
            f"{second_factor.secret_base32(TOTPDevice(key=second_factor.DEMO_SECRET_HEX))}"
            "（演示模式下登录页面会显示当前口令）"
        )
