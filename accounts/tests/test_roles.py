"""Roles are defined in code and synced idempotently."""

from django.contrib.auth.models import Group
from django.test import TestCase

from accounts.roles import ROLE_SPECS, Role
from accounts.services import roles_sync
from core.models import AuditEvent
from testing.personas import PersonaTestCase


class RoleSyncTests(TestCase):
    def test_it_creates_one_group_per_role_and_changes_nothing_the_second_time(self):
        first = roles_sync()
        self.assertEqual(first["changed"], len(ROLE_SPECS))
        self.assertEqual(set(Group.objects.values_list("name", flat=True)), set(Role.values))
        events = AuditEvent.objects.count()
        self.assertEqual(roles_sync()["changed"], 0)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_it_restores_permissions_removed_by_hand(self):
        roles_sync()
        group = Group.objects.get(name=Role.CITY_OFFICER)
        group.permissions.clear()
        self.assertEqual(roles_sync()["changed"], 1)
        self.assertTrue(group.permissions.filter(codename="import_standards").exists())


class RoleCapabilityTests(PersonaTestCase):
    def test_only_the_bureau_sees_everything(self):
        self.assertTrue(self.city_officer.is_bureau)
        self.assertTrue(self.administrator.is_bureau)
        for user in [
            self.citizen,
            self.enterprise_user,
            self.county_officer,
            self.expert,
            self.sector_officer,
        ]:
            self.assertFalse(user.is_bureau, user.username)

    def test_only_the_city_bureau_and_administrators_may_import_standards(self):
        allowed = {
            u.username
            for u in [self.city_officer, self.administrator]
            if u.has_perm("catalog.import_standards")
        }
        self.assertEqual(allowed, {"city", "administrator"})
        for user in [self.enterprise_user, self.county_officer, self.expert, self.sector_officer]:
            self.assertFalse(user.has_perm("catalog.import_standards"), user.username)

    def test_an_inactive_user_has_no_role(self):
        self.city_officer.is_active = False
        self.assertFalse(self.city_officer.has_role(Role.CITY_OFFICER))
