"""Chinese labels of the directory's audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "organization.register": "注册机构",
        "organization.create": "新建机构",
        "organization.update": "修改机构信息",
        "organization.delete": "删除机构",
        "organization.clusters": "修改机构所属产业集群",
        "membership.request": "申请加入机构",
        "membership.decide": "审核加入申请",
        "specialist.declare": "申报标准化专员",
        "specialist.import": "导入标准化专员",
        "expert.create": "新建专家",
        "expert.update": "修改专家信息",
        "expert.conflict": "登记专家回避单位",
        "committee.create": "新建技术委员会",
        "committee.update": "修改技术委员会",
    }
)
