from django import forms

from follows.services import NAME_MAX


class SavedSearchForm(forms.Form):
    name = forms.CharField(
        label="检索名称",
        max_length=NAME_MAX,
        error_messages={
            "required": "请填写检索名称",
            "max_length": f"检索名称不能超过 {NAME_MAX} 个字",
        },
    )
