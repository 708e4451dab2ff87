"""Every download of a list (Excel) or a document (PDF) is an export, recorded in the audit log
with what was asked for: one place sees them all, including exports added later."""
from .services import record

EXPORT_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/pdf")


class ExportAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        kind = response.get("Content-Type", "").split(";")[0]
        if response.status_code == 200 and kind in EXPORT_TYPES and getattr(request, "user", None) is not None:
            disposition = response.get("Content-Disposition", "")
            record("export", request=request, target=request.path[:120],
                   detail={"query": request.GET.urlencode()[:500], "file": disposition.split("filename=")[-1][:200],
                           "type": "xlsx" if "sheet" in kind else "pdf"})
        return response
