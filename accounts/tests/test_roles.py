"""Roles are defined in code and synced idempotently."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.backends import PasswordBackend
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


class SignedInUserRoleTests(PersonaTestCase):
    """A signed-in request reads its user's roles with the user (accounts.backends.get_user)."""

    def test_the_user_of_a_request_knows_their_roles_without_another_query(self):
        user = PasswordBackend().get_user(self.county_officer.pk)
        with self.assertNumQueries(0):
            self.assertEqual(user.role_keys, {Role.COUNTY_OFFICER.value})
            self.assertTrue(user.has_role(Role.COUNTY_OFFICER))
        self.assertEqual(PasswordBackend().get_user(self.citizen.pk).role_keys, set())

    def test_a_signed_in_page_does_not_ask_for_the_roles_separately(self):
        self.login(self.enterprise_user)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(reverse("workspace:home")).status_code, 200)
        own_group_queries = [
            q["sql"] for q in queries if q["sql"].startswith('SELECT "auth_group"."name"')
        ]
        self.assertEqual(own_group_queries, [])

    def test_a_role_taken_away_is_gone_on_the_next_request(self):
        self.county_officer.groups.remove(Group.objects.get(name=Role.COUNTY_OFFICER))
        self.assertEqual(PasswordBackend().get_user(self.county_officer.pk).role_keys, set())

    def test_a_group_whose_name_contains_a_role_key_gives_no_role(self):
        sneaky = Group.objects.create(name=f"readers,{Role.CITY_OFFICER.value}")
        self.citizen.groups.add(sneaky)
        user = PasswordBackend().get_user(self.citizen.pk)
        self.assertEqual(user.role_keys, set())
        self.assertFalse(user.is_bureau)

    def test_an_inactive_or_missing_user_is_nobody(self):
        self.expert.is_active = False
        self.expert.save(update_fields=["is_active"])
        self.assertIsNone(PasswordBackend().get_user(self.expert.pk))
        self.assertIsNone(PasswordBackend().get_user(10**9))
