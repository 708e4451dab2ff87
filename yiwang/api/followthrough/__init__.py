"""督查督办 over the API: key tasks and their workflow, meetings and their decision items,
suggestion campaigns and suggestions, deputies' suggestions and CPPCC proposals; the same
permissions and workflow tables as the pages. One router; each module adds its endpoints."""
from ninja import Router

router = Router(tags=["follow-through"])

from . import proposals, suggestions, tasks  # noqa: E402, F401  (their endpoints join the router)
