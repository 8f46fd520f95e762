"""The migration that retires User.organization keeps everyone in their organization."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

BEFORE = [("accounts", "0001_initial"), ("directory", "0002_organization_contact_email_organization_introduction_and_more")]  # fmt: skip
AFTER = [("accounts", "0002_organization_from_memberships")]


class OrganizationFieldMigrationTests(TransactionTestCase):
    def migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self):
        self.migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    def test_a_user_named_by_the_field_becomes_an_active_member(self):
        apps = self.migrate(BEFORE)
        User = apps.get_model("accounts", "User")
        Organization = apps.get_model("directory", "Organization")
        Membership = apps.get_model("directory", "Membership")
        institute = Organization.objects.create(name="研究院")
        company = Organization.objects.create(name="公司")
        expert = User.objects.create(username="expert", organization=institute)
        admin = User.objects.create(username="admin1", organization=company)
        Membership.objects.create(user=admin, organization=company, role="admin", state="active")
        waiting = User.objects.create(username="waiting", organization=company)
        Membership.objects.create(user=waiting, organization=company, state="pending")
        loner = User.objects.create(username="loner")

        apps = self.migrate(AFTER)
        Membership = apps.get_model("directory", "Membership")
        found = {
            (m.user_id, m.organization_id): (m.role, m.state) for m in Membership.objects.all()
        }
        assert found == {
            (expert.pk, institute.pk): ("member", "active"),
            (admin.pk, company.pk): ("admin", "active"),
            (waiting.pk, company.pk): ("member", "active"),
        }
        assert not Membership.objects.filter(user_id=loner.pk).exists()
