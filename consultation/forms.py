from django import forms

from consultation.choices import Disposition
from consultation.services import CONTACT_MAX, CONTENT_MAX, NAME_MAX, ORGANIZATION_MAX, REASON_MAX
from drafts.selectors import clauses_of

WHOLE_DRAFT = ("", "对全文提出意见")


def clause_choices(draft) -> list[tuple[str, str]]:
    return [WHOLE_DRAFT] + [
        (number, f"{number} {title}".strip()) for number, title in clauses_of(draft)
    ]


class CommentForm(forms.Form):
    """A public comment; `website` is a honeypot hidden from people (bots fill it)."""

    clause = forms.ChoiceField(label="章条编号", required=False)
    content = forms.CharField(label="意见内容", max_length=CONTENT_MAX, widget=forms.Textarea)
    name = forms.CharField(label="姓名", max_length=NAME_MAX)
    organization = forms.CharField(
        label="单位", max_length=ORGANIZATION_MAX, required=False, help_text="个人提出可不填"
    )
    contact = forms.CharField(
        label="联系方式",
        max_length=CONTACT_MAX,
        help_text="电话或电子邮箱；填写邮箱将收到回执和处理结果。联系方式不公开。",
    )
    website = forms.CharField(label="网址（请勿填写）", required=False)

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].choices = clause_choices(draft)

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class DispositionForm(forms.Form):
    disposition = forms.ChoiceField(label="处理意见", choices=Disposition.choices)
    reason = forms.CharField(
        label="理由",
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="部分采纳、不采纳须填写理由",
    )


class InviteForm(forms.Form):
    """A named unit by e-mail, or an organization registered on the platform (its members then
    answer for it when they comment while logged in)."""

    name = forms.CharField(
        label="单位名称",
        max_length=ORGANIZATION_MAX,
        required=False,
        help_text="填写信用代码时可不填",
    )
    email = forms.EmailField(label="电子邮箱")
    uscc = forms.CharField(
        label="统一社会信用代码", max_length=18, required=False, help_text="平台已登记的机构"
    )

    def clean(self):
        data = super().clean()
        data["organization"] = None
        if data.get("uscc"):
            from directory.models import Organization

            data["organization"] = Organization.objects.filter(uscc=data["uscc"].upper()).first()
            if data["organization"] is None:
                self.add_error("uscc", "平台上没有该统一社会信用代码的机构")
        elif not data.get("name"):
            self.add_error("name", "请填写单位名称或统一社会信用代码")
        return data
