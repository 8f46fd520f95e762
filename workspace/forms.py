from django import forms


class StageDeadlineForm(forms.Form):
    """The bureau's deadline for one stage; 0 days goes back to the default in code."""

    process = forms.CharField(widget=forms.HiddenInput)
    state = forms.CharField(widget=forms.HiddenInput)
    days = forms.IntegerField(label="办理期限（天）", min_value=0, max_value=365)
    working = forms.BooleanField(label="按工作日计", required=False)
