from django import forms


class ObjectionForm(forms.Form):
    """Anyone's objection; `website` is a honeypot that people never see and bots fill in."""

    name = forms.CharField(label="姓名", max_length=50)
    organization = forms.CharField(label="单位", max_length=100, required=False)
    contact = forms.CharField(label="联系电话或地址", max_length=100)
    email = forms.EmailField(
        label="电子邮箱", required=False, help_text="填写后，答复将发送到该邮箱"
    )
    content = forms.CharField(
        label="异议内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    website = forms.CharField(
        label="网址（请勿填写）",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.setdefault("name", str(user))
            self.initial.setdefault("email", user.email)

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def service_values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "website"}


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="答复", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
