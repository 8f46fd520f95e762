"""Registration and profile forms; all messages in Chinese."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from accounts.models import User


class AccountForm(forms.Form):
    username = forms.RegexField(
        label="用户名",
        max_length=50,
        regex=r"^[A-Za-z0-9_.@+-]{3,50}$",
        error_messages={"invalid": "用户名为 3–50 位字母、数字或 _ . @ + -"},
    )
    display_name = forms.CharField(label="姓名", max_length=100)
    email = forms.EmailField(label="电子邮箱", help_text="用于接收确认邮件和通知")
    phone = forms.CharField(label="手机号码", max_length=30, required=False)
    password1 = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少 10 位，不能全是数字，不能与用户名相近",
    )
    password2 = forms.CharField(
        label="确认密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError("该用户名已被使用")
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError("该邮箱已注册，可直接登录或找回密码")
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "两次输入的密码不一致")
        elif p1:
            probe = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def account_data(self) -> dict:
        c = self.cleaned_data
        return {
            "username": c["username"],
            "display_name": c["display_name"],
            "email": c["email"],
            "phone": c.get("phone", ""),
            "password": c["password1"],
        }


class IndividualRegistrationForm(AccountForm):
    pass


class ProfileForm(forms.Form):
    display_name = forms.CharField(label="姓名", max_length=100)
    phone = forms.CharField(label="手机号码", max_length=30, required=False)


class LoginForm(AuthenticationForm):
    """Django's login form; a correct password on an account whose email is not confirmed yet
    says so (and the page offers to resend the link) instead of "wrong user name or password"."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "unconfirmed": "该账号的邮箱尚未确认。请打开注册时收到的确认邮件中的链接激活账号；"
        "没有收到可以重新发送。",
    }
    awaiting_confirmation = None

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            from accounts.services import user_awaiting_confirmation

            user = user_awaiting_confirmation(
                username=self.cleaned_data.get("username", ""),
                password=self.cleaned_data.get("password", ""),
            )
            if user is None:
                raise error from None
            self.awaiting_confirmation = user
            raise ValidationError(self.error_messages["unconfirmed"], code="unconfirmed") from None


class SecondFactorForm(forms.Form):
    """The code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label="动态口令",
        max_length=40,
        help_text="打开手机上的身份验证器应用，输入显示的 6 位数字；手机不在身边时可输入一个恢复码（用后作废）",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": "请输入动态口令或恢复码"},
    )


class EnrolmentForm(forms.Form):
    code = forms.RegexField(
        label="验证码",
        regex=r"^\s*\d{6}\s*$",
        help_text="扫描二维码（或手动输入密钥）后，输入应用中显示的 6 位数字",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "请输入 6 位验证码", "invalid": "验证码为 6 位数字"},
    )
