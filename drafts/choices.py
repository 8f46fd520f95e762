"""Purposes of a draft series are data (any short label); these are the usual ones, offered as
suggestions by forms and used by processes, never a closed list."""

DRAFT_FOR_COMMENT = "征求意见稿"
DRAFT_FOR_REVIEW = "送审稿"
DRAFT_FOR_APPROVAL = "报批稿"
COMMON_PURPOSES = (DRAFT_FOR_COMMENT, DRAFT_FOR_REVIEW, DRAFT_FOR_APPROVAL)
