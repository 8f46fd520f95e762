"""Steps shared by the programs' browser journeys: people, signing in and out, taking an action."""

from accounts.models import User
from accounts.services import user_grant_role
from directory.choices import MembershipRole, MembershipState
from directory.models import Membership
from e2e.login import pass_second_factor
from testing.personas import PASSWORD


def person(username, role, organization=None, county=None) -> User:
    """A user with a role; with an organization, its administrator."""
    user = User.objects.create_user(
        username=username, password=PASSWORD, display_name=username, county=county
    )
    user_grant_role(user=user, role=role)
    if organization is not None:
        Membership.objects.create(
            user=user, organization=organization, role=MembershipRole.ADMIN,
            state=MembershipState.ACTIVE,
        )  # fmt: skip
    return user


def login(page, base, username, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, username)


def logout(page):
    page.get_by_role("button", name="退出").click()


def act(page, label):
    """Press a workflow panel's button by its label."""
    page.get_by_role("button", name=label, exact=True).first.click()
