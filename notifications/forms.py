from django import forms

from notifications.choices import Kind


class PreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label="接收邮件通知", required=False)
    email_kinds = forms.MultipleChoiceField(
        label="以下类型发送邮件",
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
