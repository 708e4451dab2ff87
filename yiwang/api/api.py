"""The JSON API (django-ninja) under /api/v1/: work orders, applications, ratings, the catalogue
and reference data, with the pages' permissions and workflow rules. See docs/api.md."""
from . import applications, assistance, enterprises, errors, followthrough, orders, projects, ratings, reference
from .base import AUTH
from .contract import ContractAPI

api = ContractAPI(
    title="yiwang API", version="1", urls_namespace="api", auth=AUTH,
    description="一网 yiwang: work orders (12345), applications (一网通办), ratings (好差评), key tasks, meetings, "
                "suggestion campaigns and proposals (督查督办), enterprises and policies, major projects, the social-assistance data centre (社会救助), the catalogue and reference data. Authenticate with `Authorization: Bearer KEY`. Every write needs an "
                "`Idempotency-Key` header. Errors are JSON: `code`, `message` (中文) and `message_en`.",
)
errors.install(api)
api.add_router("", orders.router)
api.add_router("", applications.router)
api.add_router("", ratings.router)
api.add_router("", reference.router)
api.add_router("", followthrough.router)
api.add_router("", enterprises.router)
api.add_router("", projects.router)
api.add_router("", assistance.router)
