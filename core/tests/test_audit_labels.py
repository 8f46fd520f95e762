"""Every audit action the code records has a Chinese label (core.audit_labels)."""

import re
from pathlib import Path

from django.conf import settings

from core import audit_labels

# action="x.y", and the "x.y" if … else "x.z" forms next to it.
ACTION_LINE = re.compile(r'action=(?:.*?)"([a-z_]+\.[a-z_]+)"(?:.*?"([a-z_]+\.[a-z_]+)")?')
SKIP_DIRS = {".venv", ".tools", "node_modules", "tests", "migrations", "var", "bench"}


def recorded_actions() -> set[str]:
    found = set()
    for path in Path(settings.BASE_DIR).rglob("*.py"):
        if SKIP_DIRS & set(path.relative_to(settings.BASE_DIR).parts):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            for match in ACTION_LINE.finditer(line):
                found.update(code for code in match.groups() if code)
    return found


def test_it_labels_every_action_the_code_records():
    actions = recorded_actions()
    assert "standard.create" in actions and "saved_search.create" in actions
    missing = sorted(a for a in actions if not audit_labels.is_labelled(a))
    assert not missing, f"declare Chinese labels in the app's audit_labels.py: {missing}"


def test_it_labels_workflow_actions_from_their_process():
    label = audit_labels.action_label("organization_verification.verify")
    assert "：" in label and "verify" not in label


def test_it_falls_back_to_a_chinese_verb_for_unknown_codes():
    assert audit_labels.action_label("mystery.delete") == "删除"
    assert audit_labels.action_label("mystery.frobnicate") == "其他操作"
    assert audit_labels.action_label("") == "其他操作"


def test_it_translates_role_group_names():
    assert audit_labels.object_label("auth.group", "city_officer") == "市市场监管局"
    assert audit_labels.object_label("auth.group", "custom") == "custom"
    assert audit_labels.object_label("catalog.standard", "city_officer") == "city_officer"
