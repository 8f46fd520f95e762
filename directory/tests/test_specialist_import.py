"""Specialists imported from the bureau's register start their history with a status change."""

import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.models import AuditEvent, StatusChange
from core.workflow import TransitionDenied, history
from directory.choices import VerificationState
from directory.models import Specialist
from directory.services import IMPORT_OPINION, specialist_import
from testing.personas import PersonaTestCase


class SpecialistImportTests(PersonaTestCase):
    def test_an_imported_specialist_is_verified_by_a_status_change_of_the_importer(self):
        specialist = specialist_import(
            data={"organization": self.organization, "name": "刘专员", "position": "质量部长"},
            actor=self.city_officer,
        )
        assert specialist.state == VerificationState.VERIFIED and specialist.state_changed_at
        (change,) = history(specialist)
        assert (change.from_state, change.to_state) == ("unsubmitted", "verified")
        assert change.actor == self.city_officer and change.opinion == IMPORT_OPINION
        assert change.process == "specialist_verification" and change.data == {"source": "import"}
        assert AuditEvent.objects.filter(action="specialist_verification.verify").exists()
        assert AuditEvent.objects.filter(action="specialist.import").exists()

    def test_importing_again_updates_the_details_and_adds_no_status_change(self):
        data = {"organization": self.organization, "name": "刘专员", "position": "质量部长"}
        specialist_import(data=data, actor=self.city_officer)
        specialist_import(data={**data, "position": "总经理"}, actor=self.city_officer)
        specialist = Specialist.objects.get()
        assert specialist.position == "总经理" and StatusChange.objects.count() == 1

    def test_only_the_bureau_may_vouch_for_an_imported_specialist(self):
        with pytest.raises(TransitionDenied):
            specialist_import(
                data={"organization": self.organization, "name": "刘专员"},
                actor=self.county_officer,
            )
        assert not Specialist.objects.exists()

    def test_the_command_names_who_imports_the_specialists(self):
        path = Path(tempfile.mkdtemp()) / "specialists.csv"
        path.write_text(f"姓名,所在机构\n刘专员,{self.organization.uscc}\n", encoding="utf-8")
        with pytest.raises(CommandError, match="--by"):
            call_command("import_directory", "specialists", str(path))
        assert not Specialist.objects.exists()
        call_command("import_directory", "specialists", str(path), "--by", "city")
        assert history(Specialist.objects.get()).get().actor == self.city_officer
