"""The pages of major projects, one module per part: the projects themselves, command posts, joint
acceptance, investors' interests (staff), the public pages and the owner's portal."""
from .acceptances import (
                          acceptance_act,
                          acceptance_apply,
                          acceptance_detail,
                          acceptance_list,
                          acceptance_reveal,
                          opinion_pdf,
)
from .interests import interest_act, interest_detail, interest_list, interest_reveal
from .portal import portal_acceptance, portal_projects
from .posts import post_detail, post_list
from .projects import (
                          map_json,
                          milestone_edit,
                          milestone_list,
                          problem_new,
                          project_detail,
                          project_edit,
                          project_list,
                          project_map,
                          publish,
                          report,
)
from .public import oc4ids_json, public_detail, public_list, public_photo, verify

__all__ = ["acceptance_act", "acceptance_apply", "acceptance_detail", "acceptance_list", "acceptance_reveal",
           "interest_act", "interest_detail", "interest_list", "interest_reveal", "map_json", "milestone_edit", "milestone_list", "oc4ids_json", "opinion_pdf",
           "portal_acceptance", "portal_projects", "post_detail", "post_list", "problem_new", "project_detail", "project_edit",
           "project_list", "project_map", "public_detail", "public_list", "public_photo", "publish", "report",
           "verify"]
