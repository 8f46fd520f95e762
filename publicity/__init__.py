"""Publicity periods with objections (公示 / 异议), for any object of any process.

A notice points at the object it publicizes through a content type + object id (a project, a
subsidy round, a list of pilots…): processes call `notice_publish(obj=…)` and their guards ask
`publicity_ended(obj)` / `all_objections_answered(obj)`, one indexed query each on
(content_type, object_id). Notices are public once their period starts, so their scope never
depends on the object's; objections are seen by the bureau and by the signed-in user who raised
them. A process can attach the rows it publicizes (projects, award amounts) as columns + rows.
"""
