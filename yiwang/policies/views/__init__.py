"""The pages of enterprise policies, one module per part: documents, articles and runs; claims and the
ledger; sessions; the public pages; the enterprise's portal."""
from .claims import butler_apply, claim_act, claim_detail, claim_file, claim_list, ledger  # noqa: F401
from .documents import article_detail, article_edit, document_detail, document_list, document_new, run_detail, run_list, run_start  # noqa: F401
from .portal import portal_apply, portal_ask, portal_home, portal_problem, portal_rate  # noqa: F401
from .public import public_notice, public_object, public_session  # noqa: F401
from .sessions import question_list, session_detail, session_list  # noqa: F401
