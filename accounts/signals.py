"""What accounts tell the apps built on them, without knowing those apps."""

from django.dispatch import Signal

# Sent inside the transaction that consumed a fresh confirmation link; `user` is now active.
email_confirmed = Signal()
