"""Local standards' menu entries (see core.menu): the public pages for everyone, the application
and "my projects" for sector departments and enterprises, the bureau's desk and suggestions."""

from accounts.roles import Role
from core import menu

APPLICANTS = menu.has_role(Role.SECTOR_DEPARTMENT.value, Role.ENTERPRISE.value)

menu.register(
    menu.Entry(
        "地方标准",
        "drafting:index",
        order=46,
        active_prefix="/local-standards/",
        description="济宁市地方标准制修订：项目进度、征求意见稿、已发布标准全文",
    ),
    menu.Entry(
        "地方标准项目办理",
        "drafting:bureau",
        section=menu.MANAGE,
        visible=menu.has_role(Role.CITY_OFFICER.value),
        order=30,
        description="各环节待办、逾期项目、90 天内到期的复审",
    ),
    menu.Entry(
        "地方标准立项建议",
        "drafting:suggestion_list",
        section=menu.MANAGE,
        visible=menu.authenticated,
        order=31,
        description="提出或答复地方标准立项建议",
    ),
    menu.Entry(
        "申报地方标准",
        "drafting:apply",
        section=menu.MANAGE,
        visible=APPLICANTS,
        order=32,
        description="填写立项申请书，上传申请材料",
    ),
    menu.Entry(
        "我的地方标准项目",
        "drafting:my_projects",
        section=menu.MANAGE,
        visible=menu.authenticated,
        order=33,
        description="我申报、起草、评审的项目和各自等待的事项",
    ),
    menu.Entry("地方标准项目进度", "drafting:project_list", section=menu.FOOTER, order=60),
    menu.Entry("地方标准征求意见", "drafting:open_for_comment", section=menu.FOOTER, order=61),
    menu.Entry("济宁市地方标准全文", "drafting:published", section=menu.FOOTER, order=62),
)
menu.unlisted("drafting:suggestion_new", "从“立项建议”页进入")
