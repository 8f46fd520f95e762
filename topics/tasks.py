"""Background work of the thematic databases (django-tasks; at once in tests and the demo)."""

from django_tasks import task


@task()
def evaluate_rule_task(rule_id: int) -> int:
    """Compute one rule's matches (capped); returns how many are stored."""
    from topics.models import NodeRule
    from topics.refresh import evaluate_rule

    rule = NodeRule.objects.filter(pk=rule_id).first()
    return 0 if rule is None else evaluate_rule(rule)
