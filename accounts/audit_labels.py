"""Chinese labels of the accounts' audit actions and of the roles' groups (see core.audit_labels)."""

from accounts.roles import Role
from core import audit_labels

audit_labels.register(
    {
        "role.sync": "同步角色权限",
        "user.register": "注册账号",
        "user.confirm_email": "确认电子邮箱",
        "user.grant_role": "授予角色",
        "user.update_profile": "修改个人资料",
        "user.api_token_rotate": "更换接口令牌",
        "user.resend_confirmation": "重发确认邮件",
        "user.second_factor_enrol": "绑定动态口令",
        "user.second_factor_reset": "重置动态口令",
        "user.recovery_codes_renew": "重新生成恢复码",
    }
)
# A role's group is named by its key ("city_officer"); show its Chinese name.
audit_labels.register_object_labels("auth.group", {r.value: r.label for r in Role})
