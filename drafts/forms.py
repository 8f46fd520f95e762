from django import forms

from drafts.services import NOTE_MAX


class VersionUploadForm(forms.Form):
    note = forms.CharField(
        label="版本说明",
        max_length=NOTE_MAX,
        help_text="本版改了什么，例如“根据征求意见修改第 4 章”",
    )
    file = forms.FileField(
        label="草案文件",
        help_text="Word（DOCX）可提取正文并与其他版本比对；也接受 PDF、DOC，单个文件不超过 20 MB",
    )


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label="旧版本", coerce=int)
    b = forms.TypedChoiceField(label="新版本", coerce=int)

    def __init__(self, *args, versions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.pk, f"第 {v.number} 版：{v.note[:30]}") for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
