"""Expert review with configurable score sheets (评审), for any object of any process.

A review points at the object reviewed through a content type + object id, like documents and
publicity notices: one indexed filter finds an object's reviews, and the scope is simple — the
bureau sees every review, an expert only their own rows (`Review.objects.visible_to`), the
reviewed organization none. A score sheet is frozen once an assignment uses it (a new version is a
copy), so old scores always read against the criteria they were given on.

Assignment rows are `Review` rows with `submitted_at` empty. When the workflow engine's panels land
(`panel_open`, `work_item_complete`), `reviews.engine` is the one seam: it will open a panel work
item per assigned expert and complete it with `data` = the scores on submission.
"""
