"""Querysets compiled once per process (`core.compiled_queries`): the same rows as Django reads
them, no compile after the first call, and builders whose SQL depends on more than their
arguments refused at their first call."""

from __future__ import annotations

import threading
from unittest import mock

from django.db import connection
from django.db.models import Count, Q
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.compiled_queries import UncompilableQuery, compiled_query
from directory.choices import MembershipState
from directory.models import Membership, Organization
from testing.personas import PersonaTestCase


def memberships(user_id):
    return (
        Membership.objects.filter(user_id=user_id, state=MembershipState.ACTIVE)
        .select_related("organization", "organization__region")
        .order_by("created_at", "pk")
    )


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


class CompiledQueryTests(PersonaTestCase):
    def test_a_compiled_query_reads_the_rows_and_related_objects_the_queryset_reads(self):
        compiled = compiled_query(int)(memberships)
        for user in (self.enterprise_user, self.other_enterprise_user, self.citizen):
            expected = list(memberships(user.pk))
            with CaptureQueriesContext(connection) as queries:
                rows = compiled(user.pk)
                regions = [m.organization.region.name for m in rows]
            self.assertEqual([fields(m) for m in rows], [fields(m) for m in expected])
            self.assertEqual(regions, [m.organization.region.name for m in expected])
            self.assertEqual(len(queries), 1)  # organization and region came with the row
        self.assertEqual(compiled(self.citizen.pk), [])

    def test_only_the_first_call_builds_and_compiles_the_sql(self):
        compiled = compiled_query(int)(memberships)
        compiled(self.enterprise_user.pk)  # compiles twice (the two marker rounds)
        with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql:
            rows = compiled(self.other_enterprise_user.pk)
        as_sql.assert_not_called()
        self.assertEqual([m.organization for m in rows], [self.other_organization])

    def test_text_arguments_values_lists_and_aggregates_are_bound_like_numbers(self):
        @compiled_query(str, str)
        def organizations_named(name, region_id):
            return (
                Organization.objects.filter(name=name, region_id=region_id)
                .order_by()
                .values("region_id")
                .annotate(n=Count("pk"))
                .values_list("n", flat=True)
            )

        self.assertEqual(organizations_named(self.organization.name, self.county.pk), [1])
        self.assertEqual(organizations_named(self.organization.name, self.other_county.pk), [])
        self.assertEqual(organizations_named("不存在的公司'; --", self.county.pk), [])

    def test_list_arguments_are_bound_per_length_and_an_empty_one_asks_nothing(self):
        @compiled_query(list[int], list[str])
        def memberships_in(user_ids, states):
            return Membership.objects.filter(user_id__in=user_ids, state__in=states).order_by("pk")

        def expected(user_ids, states):
            return list(
                Membership.objects.filter(user_id__in=user_ids, state__in=states).order_by("pk")
            )

        users = [self.enterprise_user.pk, self.other_enterprise_user.pk, self.citizen.pk]
        for user_ids, states in (
            (users[:1], ["active"]),
            (users[1:2], ["active"]),  # the same lengths: the same SQL, other values
            (users, ["active", "pending"]),
            (users[:2] + users[:1], ["active"]),  # a value twice matches once
        ):
            with self.subTest(user_ids=user_ids, states=states):
                self.assertEqual(memberships_in(user_ids, states), expected(user_ids, states))
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(memberships_in([], ["active"]), [])
        self.assertEqual(len(queries), 0)

        @compiled_query(int, list[str], list[str])
        def own_or_in(user_id, roles, states):
            # An empty list drops its branch, and the other list's values in it with it (a
            # person without roles and their work items).
            return Membership.objects.filter(
                Q(user_id=user_id) | Q(role__in=roles, state__in=states)
            )

        self.assertEqual(
            [m.user_id for m in own_or_in(self.enterprise_user.pk, [], ["active"])],
            [self.enterprise_user.pk],
        )
        with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql:
            memberships_in(users[2:], ["pending"])
        as_sql.assert_not_called()
        many = [*range(-200, 0), self.enterprise_user.pk]  # longer than any compiled shape
        self.assertEqual(memberships_in(many, ["active"]), expected(many, ["active"]))
        with self.assertRaises(TypeError):
            memberships_in([str(self.enterprise_user.pk)], ["active"])

    def test_a_clock_passed_in_is_bound_as_the_database_binds_a_datetime(self):
        import datetime as dt

        @compiled_query(dt.datetime, int)
        def joined_before(moment, user_id):
            return Membership.objects.filter(created_at__lt=moment, user_id=user_id)

        joined = Membership.objects.get(user=self.enterprise_user).created_at
        for moment in (
            joined - dt.timedelta(microseconds=1),
            joined,
            joined + dt.timedelta(microseconds=1),
            (joined + dt.timedelta(hours=1)).astimezone(dt.timezone(dt.timedelta(hours=8))),
        ):
            with self.subTest(moment=moment):
                self.assertEqual(
                    joined_before(moment, self.enterprise_user.pk),
                    list(joined_before.build(moment, self.enterprise_user.pk)),
                )
        self.assertEqual(
            len(joined_before(joined + dt.timedelta(seconds=1), self.enterprise_user.pk)), 1
        )
        with self.assertRaises(TypeError):  # naive: which zone it means is not known
            joined_before(dt.datetime(2026, 1, 1), self.enterprise_user.pk)

        @compiled_query(dt.datetime)
        def joined_on(moment):  # a date column: the datetime becomes a date, not bound as given
            return Organization.objects.filter(verification_deadline=moment)

        with self.assertRaises(UncompilableQuery):
            joined_on(timezone.now())

    def test_a_number_compared_with_a_small_integer_column_is_bound_not_taken_for_nothing(self):
        from calls.models import Call

        opens = timezone.now()
        call = Call.objects.create(
            program="subsidy",
            year=2026,
            title="2026年资助申报",
            opens_at=opens,
            closes_at=opens + timezone.timedelta(days=30),
        )

        @compiled_query(int)
        def calls_of_year(year):  # a PositiveSmallIntegerField: 0..32767
            return Call.objects.filter(year=year)

        self.assertEqual(calls_of_year(2026), [call])
        self.assertEqual(calls_of_year(2025), [])
        self.assertEqual(calls_of_year(2026), [call])

        @compiled_query(int)
        def years_after(year):  # the constant 30000 is round 1's first marker: refused, not bound
            return Call.objects.filter(year__gt=year).exclude(year=30000)

        with self.assertRaises(UncompilableQuery):
            years_after(2020)

    def test_prefetches_of_the_queryset_are_read_as_well(self):
        @compiled_query(int)
        def organization_with_members(organization_id):
            return Organization.objects.filter(pk=organization_id).prefetch_related("memberships")

        (organization,) = organization_with_members(self.organization.pk)
        with CaptureQueriesContext(connection) as queries:
            users = [m.user_id for m in organization.memberships.all()]
        self.assertEqual(users, [self.enterprise_user.pk])
        self.assertEqual(len(queries), 0)

    def test_a_call_from_another_thread_reads_on_that_threads_connection(self):
        from catalog.models import Standard

        @compiled_query(str)
        def standards_coded(code):
            # A table this test does not write: the other thread's connection, outside this
            # test's transaction, reads it without waiting for the transaction's locks.
            return Standard.objects.filter(code=code).only("code")

        self.assertEqual(standards_coded("GB 1-2020"), [])  # compiled on this thread
        seen = []

        def other_thread():
            try:
                seen.append(standards_coded("GB 2-2020"))
            except Exception as error:  # a connection of this thread used there raises
                seen.append(error)
            finally:
                connection.close()

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        self.assertEqual(seen, [[]])

    def test_arguments_of_the_wrong_kind_are_refused_before_any_query(self):
        compiled = compiled_query(int)(memberships)
        for bad in ("1", 1.0, True, None):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                compiled(bad)
        with self.assertRaises(TypeError):
            compiled(1, 2)
        with self.assertRaises(TypeError):
            compiled_query(list)

    def test_a_builder_whose_sql_depends_on_more_than_its_arguments_is_refused(self):
        def reads_the_clock(user_id):
            return Membership.objects.filter(user_id=user_id, created_at__lte=timezone.now())

        def transforms_its_argument(name):
            return Organization.objects.filter(name__icontains=name)

        def ignores_its_argument(user_id):
            return Membership.objects.filter(user_id=1)

        def locks(user_id):
            return Membership.objects.select_for_update().filter(user_id=user_id)

        cases = [
            (int, reads_the_clock),
            (str, transforms_its_argument),
            (int, ignores_its_argument),
            (int, locks),
        ]
        for kind, build in cases:
            with self.subTest(build.__name__), self.assertRaises(UncompilableQuery):
                compiled_query(kind)(build)(kind())
