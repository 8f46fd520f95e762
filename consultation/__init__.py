"""征求意见: public comment on drafts that closes the loop (see `consultation.models`)."""


def can_dispose(user, consultation) -> bool:
    """The hook a process sets per record type through `consultation.rules.DISPOSE_RULES`."""
    from consultation.rules import can_dispose as rule

    return rule(user, consultation)
