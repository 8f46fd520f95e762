"""A service's refusal shown on the form that called it."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import add_service_errors


class _Form(forms.Form):
    title = forms.CharField(required=False)
    opens_on = forms.DateField(required=False)


def _bound():
    form = _Form(data={})
    assert form.is_valid()
    return form


def test_messages_land_on_their_field_or_on_top_when_the_form_lacks_it():
    form = _bound()
    add_service_errors(form, ValidationError({"title": "标题重复", "secret": "内部字段有误"}))
    assert form.errors["title"] == ["标题重复"]
    assert form.non_field_errors() == ["内部字段有误"]


def test_a_renamed_model_field_shows_under_the_form_name():
    form = _bound()
    add_service_errors(
        form,
        ValidationError({"opens_at": "开始日期不能晚于截止日期"}),
        renamed={"opens_at": "opens_on"},
    )
    assert form.errors["opens_on"] == ["开始日期不能晚于截止日期"]


def test_an_error_without_fields_goes_on_top():
    form = _bound()
    add_service_errors(form, ValidationError(["窗口已关闭", "请联系市局"]))
    assert form.non_field_errors() == ["窗口已关闭", "请联系市局"]
