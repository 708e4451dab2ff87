"""Who reaches what: every route outside the admin and the API, and the roles that get in.

"Gets in" means the answer is not 403/404 and not a redirect to a log-in page; what they may then
do is the workflow tables' business (tests of each app). The sample objects belong to the bureau
(B1): `unit_staff` and `unit_head` are its people, `other_unit` the staff of another bureau;
`nobody` is logged in with no role; `applicant` a portal account. Change a line here only with
the change of the view it describes, and say why in the commit."""

ROLES = ["anonymous", "nobody", "applicant", "agent", "dispatcher", "unit_staff", "unit_head", "other_unit",
         "callback", "supervisor", "leader", "admin", "security", "auditor", "clerk", "butler", "inspector"]
EVERYONE = set(ROLES)
LOGGED_IN = EVERYONE - {"anonymous"}

FOLLOWERS = {"supervisor", "leader"}
UNITS = {"unit_staff", "unit_head", "other_unit"}
B1 = {"unit_staff", "unit_head"}
# Whoever serves enterprises reads the registry: the centre, the units and the hall.
READERS = {"agent", "dispatcher", "callback", "supervisor", "leader"} | UNITS | {"clerk", "butler"}
PROJECT_EDITORS = {"supervisor", "leader", "butler"}
ACCEPTANCE_READERS = {"agent", "dispatcher", "callback", "supervisor", "leader", "butler"} | B1

# Social assistance: the centre's analysts (a role outside this matrix: tests/assistance/test_pages.py)
# and the leaders see everything; a department (the bureau B1 sends a source) its own records and the
# people it helps; a street its own people (tests/assistance). Rules: the analysts and the system
# administrator. A person's full number only after a purpose is given (403 before).
ASSISTANCE_USERS = {"leader"} | B1
DEPARTMENT = B1

MATRIX = {
    'assistance:overview': ASSISTANCE_USERS,  # assistance/
    'assistance:people': ASSISTANCE_USERS,  # assistance/people/
    'assistance:person': ASSISTANCE_USERS,  # assistance/people/<int:pk>/
    'assistance:person_reveal': set(),  # assistance/people/<int:pk>/reveal/<str:field>/
    'assistance:household': ASSISTANCE_USERS,  # assistance/households/<int:pk>/
    'assistance:alerts': ASSISTANCE_USERS,  # assistance/warnings/
    'assistance:alert': ASSISTANCE_USERS,  # assistance/warnings/<int:pk>/
    'assistance:review': set(),  # assistance/review/
    'assistance:pair': set(),  # assistance/review/<int:pk>/
    'assistance:sources': DEPARTMENT,  # assistance/sources/
    'assistance:records': DEPARTMENT,  # assistance/sources/<str:code>/
    'assistance:import': set(),  # assistance/imports/<int:pk>/
    'assistance:referrals': ASSISTANCE_USERS,  # assistance/referrals/
    'assistance:answer': ASSISTANCE_USERS,  # assistance/referrals/<int:pk>/answer/
    'assistance:rules': {"admin"},  # assistance/rules/
    'assistance:rule_new': {"admin"},  # assistance/rules/new/
    'assistance:rule': {"admin"},  # assistance/rules/<int:pk>/

    'login': EVERYONE,  # login/
    'logout': EVERYONE,  # logout/
    'accounts:password_change': LOGGED_IN,  # account/password/
    'accounts:password_reset': EVERYONE,  # account/password/reset/
    'accounts:password_reset_done': EVERYONE,  # account/password/reset/sent/
    'accounts:password_reset_confirm': EVERYONE,  # account/password/reset/<uidb64>/<token>/
    'accounts:two_factor': LOGGED_IN,  # account/two-factor/
    'audit:entries': {'auditor'},  # audit/
    'open311:discovery': EVERYONE,  # open311/v2/discovery.<str:fmt>
    'open311:services': EVERYONE,  # open311/v2/services.<str:fmt>
    'open311:service': EVERYONE,  # open311/v2/^services/(?P<code>[^/]+)\.(?P<fmt>[a-z]+)$
    'open311:requests': EVERYONE,  # open311/v2/requests.<str:fmt>
    'open311:request': EVERYONE,  # open311/v2/^requests/(?P<number>[^/]+)\.(?P<fmt>[a-z]+)$
    'public:new': EVERYONE,  # public/
    'public:filed': EVERYONE,  # public/filed/
    'public:track': EVERYONE,  # public/track/
    'rate:rate': EVERYONE,  # public/rate/<str:kind>/<str:number>/<str:token>/
    'rate:fault': EVERYONE,  # public/fault/
    'rate:fault_done': EVERYONE,  # public/fault/done/
    'rate:case': EVERYONE,  # public/case/<str:number>/<str:token>/
    'reviews:list': {'dispatcher', 'unit_staff', 'unit_head', 'other_unit', 'callback', 'supervisor', 'leader'},  # reviews/
    'reviews:ratings': {'dispatcher', 'unit_staff', 'unit_head', 'other_unit', 'callback', 'supervisor', 'leader'},  # reviews/ratings/
    'reviews:pad': {'clerk', 'butler'},  # reviews/pad/<str:number>/
    'reviews:detail': {'dispatcher', 'unit_staff', 'unit_head', 'callback', 'supervisor', 'leader'},  # reviews/<str:number>/
    'reviews:act': {'dispatcher', 'unit_staff', 'unit_head', 'callback', 'supervisor', 'leader'},  # reviews/<str:number>/act/<str:code>/
    'reviews:reveal': {'callback', 'supervisor'},  # reviews/<str:number>/reveal/
    'supervision:overview': {'dispatcher', 'supervisor', 'leader'},  # supervision/
    'supervision:assessment': {'dispatcher', 'supervisor', 'leader'},  # supervision/assessment/
    'supervision:notices': {'dispatcher', 'supervisor', 'leader'},  # supervision/notices/
    'supervision:notice_pdf': {'dispatcher', 'supervisor', 'leader', 'unit_staff', 'unit_head'},  # supervision/notices/<str:source>/<int:pk>.pdf: and the unit it is addressed to
    'dashboard:home': {'dispatcher', 'supervisor', 'leader'},  # dashboard/
    'dashboard:data': {'dispatcher', 'supervisor', 'leader'},  # dashboard/data.json
    'dashboard:map': {'dispatcher', 'supervisor', 'leader'},  # dashboard/map.json
    'dashboard:boundaries': {'admin'},  # dashboard/boundaries/
    'services:home': {'unit_staff', 'unit_head', 'other_unit', 'supervisor', 'leader', 'clerk', 'butler'},  # hall/
    'services:pick': {'clerk', 'butler'},  # hall/new/
    'services:new': {'clerk', 'butler'},  # hall/new/<str:code>/
    'services:bundle_new': {'clerk', 'butler'},  # hall/bundle/<str:code>/new/
    'services:bundle_case': {'unit_staff', 'unit_head', 'other_unit', 'supervisor', 'leader', 'clerk', 'butler'},  # hall/bundle-cases/<str:number>/
    'services:list': {'unit_staff', 'unit_head', 'other_unit', 'supervisor', 'leader', 'clerk', 'butler'},  # hall/applications/
    'services:export': {'unit_staff', 'unit_head', 'other_unit', 'supervisor', 'leader', 'clerk', 'butler'},  # hall/applications/export.xlsx
    'services:detail': {'unit_staff', 'unit_head', 'supervisor', 'leader', 'clerk', 'butler'},  # hall/applications/<str:number>/
    'services:act': {'unit_staff', 'unit_head', 'supervisor', 'leader', 'clerk', 'butler'},  # hall/applications/<str:number>/act/<str:code>/
    'services:document': {'unit_staff', 'unit_head', 'supervisor', 'leader', 'clerk', 'butler'},  # hall/applications/<str:number>/doc/<str:kind>.pdf
    'services:material': {'unit_staff', 'unit_head', 'supervisor', 'leader', 'clerk', 'butler'},  # hall/applications/<str:number>/material/<int:pk>/
    'services:reveal': {'supervisor', 'clerk', 'butler'},  # hall/applications/<str:number>/reveal/<str:field>/
    'services:monitor': {'unit_staff', 'unit_head', 'other_unit', 'supervisor', 'leader'},  # hall/monitor/
    'portal:home': LOGGED_IN,  # portal/
    'portal:guides': EVERYONE,  # portal/guides/
    'portal:guide': EVERYONE,  # portal/guides/<str:code>/
    'portal:guide_version': EVERYONE,  # portal/guides/<str:code>/v<int:number>/
    'portal:bundle': EVERYONE,  # portal/bundles/<str:code>/
    'portal:register': EVERYONE,  # portal/register/
    'portal:activate': EVERYONE,  # portal/activate/<str:token>/
    'portal:password_reset': EVERYONE,  # portal/password/
    'portal:password_reset_confirm': EVERYONE,  # portal/password/<uidb64>/<token>/
    'portal:login': EVERYONE,  # portal/login/
    'portal:apply': {'applicant'},  # portal/apply/<str:code>/
    'portal:apply_bundle': {'applicant'},  # portal/bundles/<str:code>/apply/
    'portal:application': {'applicant'},  # portal/applications/<str:number>/
    'portal:act': {'applicant'},  # portal/applications/<str:number>/act/<str:code>/
    'portal:document': {'applicant'},  # portal/applications/<str:number>/doc/<str:kind>.pdf
    'portal:bundle_case': {'applicant'},  # portal/bundle-cases/<str:number>/
    'portal:follow': EVERYONE,  # portal/follow/<str:number>/<str:token>/
    'insight:models': {'admin'},  # insight/models/
    'insight:train': {'admin'},  # insight/models/train/
    'insight:settings': {'admin'},  # insight/models/settings/
    'insight:model': {'admin'},  # insight/models/<int:number>/
    'insight:activate': {'admin'},  # insight/models/<int:number>/activate/
    'insight:hot': {'agent', 'dispatcher', 'supervisor', 'leader'},  # insight/hot/
    'insight:duplicates': {'agent', 'dispatcher', 'supervisor'},  # insight/duplicates/
    'workorders:home': {'applicant', 'agent', 'dispatcher', 'unit_staff', 'unit_head', 'other_unit', 'callback', 'supervisor', 'leader', 'admin', 'security', 'auditor', 'clerk', 'butler', 'inspector'},  # /
    'workorders:list': {'agent', 'dispatcher', 'unit_staff', 'unit_head', 'other_unit', 'callback', 'supervisor', 'leader'},  # orders/
    'workorders:export': {'agent', 'dispatcher', 'unit_staff', 'unit_head', 'other_unit', 'callback', 'supervisor', 'leader'},  # orders/export.xlsx
    'workorders:new': {'agent', 'dispatcher'},  # orders/new/
    'workorders:grid_report': {'inspector'},  # grid/report/
    'workorders:import': {'dispatcher'},  # orders/import/
    'workorders:import_template': {'dispatcher'},  # orders/import/template.xlsx
    'workorders:import_batch': {'dispatcher'},  # orders/import/<int:pk>/
    'workorders:export_job': {'dispatcher'},  # orders/exports/<int:pk>/ (its owner only)
    'workorders:export_download': {'dispatcher'},  # orders/exports/<int:pk>/download/ (its owner only)
    'workorders:import_undo': {'dispatcher'},  # orders/import/<int:pk>/undo/
    'workorders:caller': {'agent'},  # orders/caller/: a reveal (N5)
    'workorders:find_caller': {'agent', 'callback', 'supervisor'},  # orders/find-caller/
    'workorders:bulk_dispatch': {'dispatcher'},  # orders/bulk-dispatch/
    'workorders:detail': {'agent', 'dispatcher', 'unit_staff', 'unit_head', 'callback', 'supervisor', 'leader'},  # orders/<str:number>/
    'workorders:act': {'agent', 'dispatcher', 'unit_staff', 'unit_head', 'callback', 'supervisor', 'leader'},  # orders/<str:number>/act/<str:code>/
    'workorders:print': {'agent', 'dispatcher', 'unit_staff', 'unit_head', 'callback', 'supervisor', 'leader'},  # orders/<str:number>/print/
    'workorders:attach': {'agent', 'dispatcher', 'unit_staff', 'unit_head', 'callback', 'supervisor', 'leader'},  # orders/<str:number>/attach/
    'workorders:file': {'agent', 'dispatcher', 'unit_staff', 'unit_head', 'callback', 'supervisor', 'leader'},  # orders/<str:number>/files/<int:pk>/
    'workorders:reveal': {'agent', 'callback', 'supervisor'},  # orders/<str:number>/reveal/<str:field>/
    'tasks:list': FOLLOWERS | UNITS,  # tasks/
    'tasks:units': FOLLOWERS | UNITS,  # tasks/units/
    'tasks:new': FOLLOWERS,  # tasks/new/
    'tasks:import': FOLLOWERS,  # tasks/import/
    'tasks:import_template': FOLLOWERS,  # tasks/import/template.xlsx
    'tasks:circular': FOLLOWERS,  # tasks/circular.pdf (a draft)
    'tasks:circulars': FOLLOWERS,  # tasks/circulars/
    'tasks:circular_issued': FOLLOWERS,  # tasks/circulars/<int:pk>.pdf
    'tasks:from_hot_issue': FOLLOWERS,  # tasks/from-hot-issue/
    'tasks:meetings': FOLLOWERS | UNITS,  # tasks/meetings/
    'tasks:meeting_new': FOLLOWERS,  # tasks/meetings/new/
    'tasks:meeting': FOLLOWERS | B1,  # tasks/meetings/<str:number>/ (units whose items they are)
    'tasks:meeting_tasks': FOLLOWERS,  # tasks/meetings/<str:number>/tasks/
    'tasks:meeting_edit': FOLLOWERS,  # tasks/meetings/<str:number>/edit/
    'tasks:visits': FOLLOWERS | UNITS,  # tasks/benchmarking/
    'tasks:visit_new': FOLLOWERS,  # tasks/benchmarking/new/
    'tasks:visit': FOLLOWERS | UNITS,  # tasks/benchmarking/<str:number>/ (each sees the actions it may)
    'tasks:detail': FOLLOWERS | B1,  # tasks/<str:number>/
    'tasks:act': FOLLOWERS | B1,  # tasks/<str:number>/act/<str:code>/
    'tasks:file': FOLLOWERS | B1,  # tasks/<str:number>/files/<int:pk>/
    'suggestions:campaigns': FOLLOWERS,  # suggestions/
    'suggestions:campaign_new': FOLLOWERS,  # suggestions/new/
    'suggestions:campaign': FOLLOWERS,  # suggestions/c/<slug:code>/
    'suggestions:regroup': FOLLOWERS,  # suggestions/c/<slug:code>/regroup/
    'suggestions:detail': FOLLOWERS,  # suggestions/s/<str:number>/
    'suggestions:act': FOLLOWERS,  # suggestions/s/<str:number>/act/<str:code>/
    'suggestions:from_order': {'agent', 'dispatcher'},  # suggestions/from-order/<str:number>/
    'public_suggestions:campaigns': EVERYONE,  # public/suggestions/
    'public_suggestions:campaign': EVERYONE,  # public/suggestions/<slug:code>/
    'public_suggestions:done': EVERYONE,  # public/suggestions/<slug:code>/done/ (back to the form without a number)
    'public_suggestions:follow': EVERYONE,  # public/suggestions/follow/<str:number>/<str:token>/
    'proposals:list': FOLLOWERS | UNITS,  # proposals/
    'proposals:new': {'supervisor'},  # proposals/new/
    'proposals:report': FOLLOWERS,  # proposals/report/
    'proposals:detail': FOLLOWERS | B1,  # proposals/<str:number>/
    'proposals:act': FOLLOWERS | B1,  # proposals/<str:number>/act/<str:code>/
    'enterprises:list': READERS,  # enterprises/
    'enterprises:new': {'supervisor', 'butler'},  # enterprises/new/
    'enterprises:import': {'supervisor', 'butler'},  # enterprises/import/
    'enterprises:import_template': {'supervisor', 'butler'},  # enterprises/import/template.xlsx
    'enterprises:import_preview': {'supervisor', 'butler'},  # enterprises/import/<int:pk>/
    'enterprises:import_mapping': {'supervisor', 'butler'},  # enterprises/import/<int:pk>/columns/
    'enterprises:import_apply': {'supervisor', 'butler'},  # enterprises/import/<int:pk>/apply/
    'enterprises:visits': READERS,  # enterprises/visits/
    'enterprises:coverage': FOLLOWERS,  # enterprises/coverage/
    'enterprises:detail': READERS,  # enterprises/<str:credit_code>/
    'enterprises:edit': {'supervisor', 'butler'},  # enterprises/<str:credit_code>/edit/
    'enterprises:assign': FOLLOWERS,  # enterprises/<str:credit_code>/assign/
    'enterprises:visit': READERS,  # enterprises/<str:credit_code>/visit/
    'enterprises:butler': FOLLOWERS,  # enterprises/<str:credit_code>/butler/
    'policies:list': READERS,  # policies/
    'policies:document_new': {'supervisor'},  # policies/new/
    'policies:document': READERS,  # policies/d/<int:pk>/
    'policies:article_new': {'supervisor'},  # policies/d/<int:document>/article/
    'policies:article': READERS,  # policies/a/<int:pk>/
    'policies:article_edit': {'supervisor'},  # policies/a/<int:pk>/edit/
    'policies:run_start': {'supervisor'} | UNITS,  # policies/a/<int:pk>/run/
    'policies:run': READERS,  # policies/runs/<int:pk>/
    'policies:runs': READERS,  # policies/runs/ (the drafts waiting for a second person)
    'policies:questions': READERS,  # policies/questions/ (each sees the questions it answers)
    'policies:claims': READERS,  # policies/claims/ (each sees the claims it may)
    'policies:claim': FOLLOWERS | B1,  # policies/claims/<str:number>/ (B1 issued the policy)
    'policies:claim_file': FOLLOWERS | B1,  # policies/claims/<str:number>/files/<int:pk>/ (whoever opens the claim)
    'policies:claim_act': FOLLOWERS | B1,  # policies/claims/<str:number>/act/<str:code>/
    'policies:butler_apply': {'butler'},  # policies/apply/<str:credit_code>/<int:pk>/
    'policies:ledger': READERS,  # policies/ledger/
    'policies:sessions': READERS,  # policies/sessions/
    'policies:session': READERS,  # policies/sessions/<int:pk>/
    'public_policies:notice': EVERYONE,  # public/policies/
    'public_policies:object': EVERYONE,  # public/policies/object/<str:number>/
    'public_policies:session': EVERYONE,  # public/policies/sessions/<int:pk>/
    # The enterprise portal is for the portal accounts of the registry's enterprises; the sample
    # applicant is a person.
    'policies_portal:home': set(),  # portal/enterprise/
    'policies_portal:apply': set(),  # portal/enterprise/apply/<int:pk>/
    'policies_portal:ask': set(),  # portal/enterprise/ask/<int:pk>/
    'policies_portal:rate': set(),  # portal/enterprise/rate/<int:pk>/
    'policies_portal:problem': set(),  # portal/enterprise/problem/
    # Major projects: read by whoever serves enterprises; edited by the office and the butlers; a
    # problem becomes a key task, so only those who set tasks list one; acceptances are read by the
    # office, the centre and the units that inspect; interests are followed by the office and butlers.
    'projects:list': READERS,  # projects/
    'projects:new': PROJECT_EDITORS,  # projects/new/
    'projects:map': READERS,  # projects/map/
    'projects:map_json': READERS,  # projects/map.json
    'projects:posts': READERS,  # projects/posts/
    'projects:post': READERS,  # projects/posts/<int:pk>/
    'projects:acceptances': READERS,  # projects/acceptances/
    'projects:acceptance': ACCEPTANCE_READERS,  # projects/acceptances/<str:number>/
    'projects:acceptance_act': ACCEPTANCE_READERS,  # projects/acceptances/<str:number>/act/<str:code>/
    'projects:acceptance_reveal': {'agent', 'callback', 'supervisor', 'butler'},  # projects/acceptances/<str:number>/reveal/<str:field>/ (readers holding the reveal permission)
    'projects:opinion_pdf': ACCEPTANCE_READERS,  # projects/acceptances/<str:number>/opinion.pdf
    'projects:interests': PROJECT_EDITORS,  # projects/interests/
    'projects:interest': PROJECT_EDITORS,  # projects/interests/<str:number>/
    'projects:interest_act': PROJECT_EDITORS,  # projects/interests/<str:number>/act/<str:code>/
    'projects:interest_reveal': {'supervisor', 'butler'},  # projects/interests/<str:number>/reveal/<str:field>/ (followers holding the reveal permission)
    'projects:milestone': PROJECT_EDITORS,  # projects/m/<int:pk>/
    'projects:milestones': READERS,  # projects/milestones/ (the list behind 节点逾期)
    'projects:detail': READERS,  # projects/<int:pk>/
    'projects:edit': PROJECT_EDITORS,  # projects/<int:pk>/edit/
    'projects:report': {'supervisor'},  # projects/<int:pk>/report/ (and the project's own butler or owner)
    'projects:problem': FOLLOWERS,  # projects/<int:pk>/problem/ (it becomes a key task)
    'projects:publish': PROJECT_EDITORS,  # projects/<int:pk>/publish/
    'projects:acceptance_apply': PROJECT_EDITORS,  # projects/<int:pk>/acceptance/
    'public_projects:list': EVERYONE,  # public/projects/
    'public_projects:detail': EVERYONE,  # public/projects/<int:pk>/
    'public_projects:photo': READERS,  # public/projects/photos/<int:pk>/ (everyone once the project is published)
    'public_projects:verify': EVERYONE,  # public/projects/acceptance/<str:number>/
    'projects_portal:home': set(),  # portal/projects/ (the sample applicant is a person, not the owner)
    'projects_portal:acceptance': set(),  # portal/projects/<int:pk>/acceptance/ (the owner's own project only)
    'open_projects': EVERYONE,  # open/projects/oc4ids.json
    'health': EVERYONE,  # health/ (the load balancer's question; no cases, no people)
    # metrics/: to the monitoring host's address only, whoever asks (the matrix asks from 127.0.0.1;
    # any other address gets 403: tests/maintenance/test_metrics.py). Counts by view, no cases, no people.
    'metrics': EVERYONE,
}
