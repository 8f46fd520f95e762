"""The one seam between reviews and the workflow engine's panels (branch `engine`, issue 7).

Today assignments are `Review` rows and nothing more happens here. When `panel_open` and
`work_item_complete` land, wire them in these two functions and nowhere else:

- `assigned`: open the stage's panel with one work item per expert (user = the expert, due date =
  the review's due date), so the expert's queue and the stage's completion rule (all, majority,
  chair) come from the engine;
- `submitted`: complete the expert's work item with outcome = the vote and data = the scores
  (criterion id → points), the total and the opinion.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models

from reviews.models import Review


def assigned(*, object: models.Model, reviews: Sequence[Review], actor) -> None:
    """Called in the assignment's transaction, after the rows exist."""


def submitted(*, review: Review, actor) -> None:
    """Called in the submission's transaction, after the review is saved."""
