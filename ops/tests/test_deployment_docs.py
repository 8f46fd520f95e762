"""The deployment guide and the shipped files cannot drift from the code: every environment
variable the settings read is documented (and nothing else), the environment example names them,
cron and systemd run commands that exist, nginx's body limit is the application's."""

import re
import shlex
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands
from django.test import SimpleTestCase

ROOT = Path(settings.BASE_DIR)
GUIDE = ROOT / "docs" / "deployment.md"
DEPLOY = ROOT / "deploy"
GUNICORN_VARIABLES = {
    "GUNICORN_BIND",
    "GUNICORN_WORKERS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_FORWARDED_ALLOW_IPS",
}
# Commands the crontab names before the branch that adds them is merged (a stale entry fails).
PENDING_COMMANDS: dict[str, str] = {}  # command → the branch that brings it, until merged


def settings_variables() -> set[str]:
    source = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r"\benv(?:_bool|_int|_list)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def documented_variables() -> set[str]:
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", GUIDE.read_text(encoding="utf-8"), re.M))


def example_variables() -> set[str]:
    text = (DEPLOY / "env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", text, re.M))


def cron_commands() -> list[str]:
    commands = []
    for line in (DEPLOY / "cron" / "jining").read_text(encoding="utf-8").splitlines():
        commands += re.findall(r"deploy/manage\.sh (\w+)", line)
    return commands


class EnvironmentReferenceTests(SimpleTestCase):
    def test_every_variable_the_settings_read_is_in_the_guide_and_nothing_else(self):
        read = settings_variables()
        self.assertIn("SECRET_KEY", read)
        self.assertIn("SITE_URL", read)  # a call spread over two lines is found too
        documented = documented_variables()
        self.assertEqual(
            sorted(read - documented), [], "read by config/settings.py, not documented"
        )
        self.assertEqual(
            sorted(documented - read - GUNICORN_VARIABLES),
            [],
            "documented in docs/deployment.md, read by nothing",
        )

    def test_the_environment_example_names_every_variable(self):
        named = example_variables()
        self.assertEqual(sorted(settings_variables() - named), [])
        self.assertEqual(sorted(named - settings_variables() - GUNICORN_VARIABLES), [])

    def test_gunicorn_reads_the_variables_the_guide_gives_it(self):
        config = (DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8")
        self.assertEqual(set(re.findall(r'"(GUNICORN_[A-Z_]+)"', config)), GUNICORN_VARIABLES)


class ShippedFilesTests(SimpleTestCase):
    def test_cron_runs_commands_that_exist(self):
        commands = cron_commands()
        for expected in (
            "run_workflow_timers",
            "refresh_standard_status",
            "send_follow_digest",
            "send_deadline_reminders",
            "send_consultation_reminders",
            "backup",
            "check_search_index",
            "export_open_data",
        ):
            self.assertIn(expected, commands)
        known = set(get_commands())
        missing = sorted(set(commands) - known - set(PENDING_COMMANDS))
        self.assertEqual(missing, [], "the crontab names commands that do not exist")
        stale = sorted(set(PENDING_COMMANDS) & known)
        self.assertEqual(stale, [], "merged: delete these from PENDING_COMMANDS")

    def test_every_command_the_guide_schedules_is_in_the_crontab(self):
        guide = GUIDE.read_text(encoding="utf-8")
        section = guide[guide.index("## 6. Periodic jobs") : guide.index("## 7. nginx")]
        scheduled = set(re.findall(r"^\| [^|]+ \| `(\w+)", section, re.M))
        self.assertTrue(scheduled)
        self.assertEqual(sorted(scheduled - set(cron_commands())), [])

    def test_systemd_units_start_commands_that_exist(self):
        for unit in ("jining-web.service", "jining-worker.service", "jining-indexer.service"):
            text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
            args = shlex.split(re.search(r"^ExecStart=(.+)$", text, re.M).group(1))
            if "manage.py" in args:
                self.assertIn(args[args.index("manage.py") + 1], get_commands(), unit)
            else:
                self.assertIn("config.wsgi", args, unit)
            self.assertIn("EnvironmentFile=/etc/jining/jining.env", text)
            self.assertIn("Restart=always", text)

    def test_nginx_refuses_what_the_application_would_refuse(self):
        site = (DEPLOY / "nginx" / "jining.conf").read_text(encoding="utf-8")
        megabytes = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))
        self.assertEqual(megabytes * 1024 * 1024, settings.UPLOAD_MAX_REQUEST_BYTES)
        self.assertIn("proxy_set_header X-Forwarded-For $remote_addr;", site)
        self.assertIn("location /media/ { return 404; }", site)
