"""A paginator for lists over tables of millions of rows: it counts at most `cap` rows unless
asked for the exact figure. Counting every order of a city's ten years costs seconds; the first
page of the list needs twenty rows. A capped count reads "more than 10,000", with a link that
counts them all (`?count=all`)."""
from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap=None, exact=False, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = settings.LIST_COUNT_CAP if cap is None else cap
        self.exact, self.capped = exact, False

    @cached_property
    def count(self):
        if self.exact or not hasattr(self.object_list, "query"):
            return super().count
        # COUNT(*) over a LIMIT: the database stops after cap + 1 rows.
        n = self.object_list.order_by()[: self.cap + 1].count()
        if n > self.cap:
            self.capped = True
            return self.cap
        return n
