"""The platform's roles, defined in code and synced to auth groups by `manage.py sync_roles`."""

from dataclasses import dataclass, field

from django.db import models


class Role(models.TextChoices):
    ENTERPRISE = "enterprise", "企业用户"
    EXPERT = "expert", "专家"
    COUNTY_OFFICER = "county_officer", "县(市、区)市场监管局"
    SECTOR_DEPARTMENT = "sector_department", "市有关行业主管部门"
    CITY_OFFICER = "city_officer", "市市场监管局"
    ADMINISTRATOR = "administrator", "平台管理员"


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    # Model permissions as "app_label.codename"; "app_label.*" grants every permission of an app.
    permissions: tuple[str, ...] = field(default_factory=tuple)
    is_staff: bool = False


CATALOG_EDIT = (
    "catalog.view_standard",
    "catalog.add_standard",
    "catalog.change_standard",
    "catalog.view_standardreplacement",
    "catalog.add_standardreplacement",
    "catalog.change_standardreplacement",
    "catalog.delete_standardreplacement",
    "catalog.view_standarddraftingorganization",
    "catalog.add_standarddraftingorganization",
    "catalog.change_standarddraftingorganization",
    "catalog.delete_standarddraftingorganization",
    "catalog.import_standards",
)
REFERENCE_VIEW = (
    "reference.view_region",
    "reference.view_industryclass",
    "reference.view_icsclass",
    "reference.view_ccsclass",
    "reference.view_industrystandardprefix",
)

ROLE_SPECS: dict[Role, RoleSpec] = {
    Role.ENTERPRISE: RoleSpec(Role.ENTERPRISE),
    Role.EXPERT: RoleSpec(Role.EXPERT),
    Role.COUNTY_OFFICER: RoleSpec(
        Role.COUNTY_OFFICER, ("catalog.view_standard", "directory.view_organization")
    ),
    Role.SECTOR_DEPARTMENT: RoleSpec(Role.SECTOR_DEPARTMENT, ("catalog.view_standard",)),
    Role.CITY_OFFICER: RoleSpec(
        Role.CITY_OFFICER,
        (
            *CATALOG_EDIT,
            *REFERENCE_VIEW,
            "directory.view_organization",
            "directory.add_organization",
            "directory.change_organization",
            "core.view_auditevent",
        ),
        is_staff=True,
    ),
    Role.ADMINISTRATOR: RoleSpec(
        Role.ADMINISTRATOR,
        ("accounts.*", "auth.*", "reference.*", "directory.*", "catalog.*", "core.view_auditevent"),
        is_staff=True,
    ),
}

# The roles that see every organization's records (the bureau), as opposed to their own only.
BUREAU_ROLES = frozenset({Role.CITY_OFFICER, Role.ADMINISTRATOR})

# The roles whose users may hold an API token (an organization's own systems call the API).
# Officers and staff act in the browser only, so a leaked token never carries the bureau's powers.
TOKEN_ROLES = frozenset({Role.ENTERPRISE, Role.EXPERT})


def may_hold_api_token(user) -> bool:
    if not user.is_active or user.is_staff or user.is_superuser:
        return False
    return not (user.role_keys - {r.value for r in TOKEN_ROLES})
