"""Model fields for personal numbers: the encrypted value, its blind index and its masked copy.

    caller_phone = EncryptedCharField(_("caller phone"), max_length=20, blank=True)
    caller_phone_index = BlindIndexField(source="caller_phone", kind="phone")
    caller_phone_masked = MaskedCopyField(source="caller_phone", kind="phone")

The model reads and writes plain values; the database holds ciphertext. Look a value up by its
index (`lookup(...)`), never by the encrypted column: the field refuses any comparison but with
the empty value, so a forgotten look-up fails loudly instead of finding nothing."""
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from . import crypto
from .masking import mask_id_number, mask_phone

MASKS = {"phone": mask_phone, "id": mask_id_number}


class EmptyOnlyExact(Exact):
    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(f"{self.lhs.target.name} is encrypted: look it up by its blind index "
                             f"(yiwang.privacy.fields.lookup), not by value.")
        return super().get_prep_lookup()


class EncryptedCharField(models.CharField):
    """A short personal value stored encrypted. max_length is the plain value's (forms and
    validation); the column is text, since the ciphertext is longer."""

    def db_type(self, connection):
        return connection.data_types["TextField"]

    def cast_db_type(self, connection):
        return self.db_type(connection)

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if value and not str(value).startswith(crypto.PREFIX):
            return crypto.encrypt(value)
        return value

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        return None


class _Derived(models.CharField):
    """A value computed from another field of the same row on every save (and bulk create)."""

    def __init__(self, *args, source=None, kind="phone", **kwargs):
        self.source, self.kind = source, kind
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, kind=self.kind)
        for key in ("blank", "editable", "default"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def derive(self, value):
        raise NotImplementedError

    def pre_save(self, model_instance, add):
        value = self.derive(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


class BlindIndexField(_Derived):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def derive(self, value):
        return crypto.blind(self.kind, value)


class MaskedCopyField(_Derived):
    """What every list shows anyway (138****0001), kept in clear for the lists and the tail search."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def derive(self, value):
        return MASKS[self.kind](crypto.normalise(self.kind, value))


def lookup(field, value, kind=None):
    """Q-style keyword for rows whose encrypted `field` equals `value`: {'<field>_index': digest}.
    kind defaults from the name (phones and ID numbers)."""
    kind = kind or ("id" if "id_number" in field else "phone")
    return {f"{field}_index": crypto.blind(kind, value)}


def update_derived(instance, *names):
    """The update_fields of a save that changes encrypted fields: their index and masked copies too."""
    fields = set(names)
    for field in instance._meta.concrete_fields:
        if isinstance(field, _Derived) and field.source in names:
            fields.add(field.name)
    return sorted(fields)
