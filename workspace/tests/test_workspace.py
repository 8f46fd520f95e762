"""The workspace: what waits for the user, across every registered process."""

from core.workflow import transition
from testing.personas import PersonaTestCase
from workspace.selectors import queues_for


class QueueTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for organization, admin in (
            (cls.organization, cls.enterprise_user),
            (cls.other_organization, cls.other_enterprise_user),
        ):
            transition(obj=organization, action="submit", actor=admin)
        transition(obj=cls.other_organization, action="verify", actor=cls.other_county_officer)

    def queued(self, user):
        return {item.obj for queue in queues_for(user) for item in queue.items}

    def test_it_lists_what_waits_for_the_officer_not_what_is_done(self):
        # The city bureau may revoke a verification at any time; that is not work waiting.
        assert self.queued(self.city_officer) == {self.organization}
        assert self.queued(self.county_officer) == {self.organization}
        assert self.queued(self.other_county_officer) == set()

    def test_the_page_shows_the_queue(self):
        self.login(self.county_officer)
        response = self.client.get("/workspace/")
        assert self.organization.name in response.content.decode()
