"""Municipal local standards (地方标准 DB3708/T) from suggestion to periodic review.

A `LocalStandardProject` moves through the process declared in `drafting.workflows` (the shared
engine, `core/workflow`): application → 初审 → 立项审查 (查新, 公平竞争审查, expert panel through
`reviews`) → 立项公示 (`publicity`) → 计划下达 (plan number `2026-001`) → 起草 → 征求意见
(`consultation`, ≥ 30 days) → 送审 → 技术审查 (panel) → 报批 → 批准编号 (`DB3708/T NNN—YYYY`) → 发布
(creates the catalog standard through `catalog.services`) → 备案 → 现行 → 复审 (confirm / revise /
abolish). Suggestions (立项建议) stand on their own and are answered by the bureau.
"""
