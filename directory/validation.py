"""Rules shared by the registration form, the directory imports and the API."""

from django.core.exceptions import ValidationError
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from directory.models import Organization


def clean_uscc(value: str, *, exclude_pk: int | None = None) -> str:
    """A valid, not yet registered 统一社会信用代码 in its compact upper-case form."""
    try:
        code = uscc.validate(value or "")
    except InvalidLength:
        raise ValidationError("统一社会信用代码应为 18 位", code="length") from None
    except InvalidChecksum:
        raise ValidationError(
            "统一社会信用代码校验位不正确，请核对营业执照上的代码", code="checksum"
        ) from None
    except InvalidFormat:
        raise ValidationError(
            "统一社会信用代码格式不正确（由数字和大写字母组成，不含 I、O、Z、S、V）", code="format"
        ) from None
    taken = Organization.objects.filter(uscc=code)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError("该统一社会信用代码已注册", code="duplicate")
    return code
