"""Small builders for catalog tests."""

import datetime

from catalog.models import Standard, StandardReplacement
from catalog.services import standard_save


def make_standard(code: str, title: str = "示例标准", **fields) -> Standard:
    fields.setdefault("status", "current")
    fields.setdefault("issue_date", datetime.date(2020, 1, 1))
    # Through the service, as every real write, so the search index hears of it.
    return standard_save(standard=Standard(code=code, title=title, **fields), actor=None)


def link(old: Standard, new: Standard, partial: bool = False) -> StandardReplacement:
    return StandardReplacement.objects.create(
        old=old,
        old_key=old.code_key,
        old_code=old.code,
        new=new,
        new_key=new.code_key,
        new_code=new.code,
        is_partial=partial,
    )
