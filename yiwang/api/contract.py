"""What the OpenAPI schema says beyond the success answers django-ninja documents: every error
answer (one JSON envelope, `Error`), the Idempotency-Key header every write requires, and the
answers of the middleware (429 from the limits, 401 from the key check)."""
from ninja import NinjaAPI

from .idempotency import HEADER, KEY_PATTERN

ERROR_SCHEMA = {
    "title": "Error", "type": "object", "required": ["code", "message", "message_en"],
    "properties": {
        "code": {"type": "string", "description": "machine-readable, e.g. invalid, stale, scope_missing"},
        "message": {"type": "string", "description": "中文"},
        "message_en": {"type": "string"},
        "errors": {"type": "array", "description": "bad input: the problems by field", "items": {
            "type": "object", "required": ["field", "message", "message_en"],
            "properties": {"field": {"type": "string"}, "message": {"type": "string"},
                           "message_en": {"type": "string"}}}},
    },
}
READ_ERRORS = {
    "400": "bad input (a filter or a parameter)",
    "401": "no key, or an unknown or revoked key",
    "403": "the key lacks the scope, or its user the role",
    "404": "no such record, or not one this key may see",
    "422": "a value the schema allows but the product refuses",
    "429": "too many requests",
}
WRITE_ERRORS = {
    **READ_ERRORS,
    "400": "bad input, or the Idempotency-Key header is missing",
    "409": "the case changed (a stale version) or its state does not allow this, or the same "
           "Idempotency-Key is still running",
    "413": "the upload is too large",
    "422": "a value the product refuses, or an Idempotency-Key reused with another body",
}
IDEMPOTENCY_PARAMETER = {
    "in": "header", "name": HEADER, "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": KEY_PATTERN},
    "description": "a fresh unique value (a UUID) per write; a retry with the same key and body gets the first "
                   "answer again, and nothing is written twice",
}


class ContractAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for methods in schema.get("paths", {}).values():
            for method, operation in methods.items():
                writes = method.upper() in ("POST", "PUT", "PATCH", "DELETE")
                responses = operation.setdefault("responses", {})
                for status, description in (WRITE_ERRORS if writes else READ_ERRORS).items():
                    responses.setdefault(status, {"description": description, "content": ref})
                if writes:
                    parameters = operation.setdefault("parameters", [])
                    if not any(p.get("name") == HEADER for p in parameters):
                        parameters.append(IDEMPOTENCY_PARAMETER)
        return schema
