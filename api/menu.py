"""The API's menu entry (see core.menu): the documentation, in every page's footer."""

from core import menu

menu.register(menu.Entry("开放接口", "api-docs", section=menu.FOOTER, order=20))
menu.unlisted("api-root", "the API's entry point, for programs (linked from the documentation)")
menu.unlisted("schema", "the OpenAPI schema, for programs (read by the documentation page)")
