"""Sent while an enterprise's page is built, with `enterprise`, `user` and `request`: a receiver
returns an HTML section (or None), so policies, payouts and projects join the enterprise's one page
(多库联动) without the registry knowing those apps."""
from django.dispatch import Signal

enterprise_page = Signal()
