"""Notices, policies and news (通知公告 / 政策法规 / 工作动态): articles the city bureau writes and
publishes, optionally at a scheduled time; the public sees a published article from its
`publish_at` on. Bodies are rich text sanitized when saved (core.richtext); attachments are
documents, public with the article (documents.public)."""
