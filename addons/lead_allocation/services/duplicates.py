"""Pure rules of register-before-contact: the keys under which a prospect is
searched, so that "ACME Co., Ltd." and "acme" find the same registration.

Nothing here imports Odoo: the models store the keys of each registered
record, search them with the keys of a new one and, on a hit, show
:func:`protection_message`.

Normalisation
-------------
- Every value is NFKC-normalised first, so full-width characters typed with a
  Chinese input method (``ＡＣＭＥ``, ``１３８``) match their ASCII forms.
- Names are case-folded; dots and apostrophes are dropped (``S.A.`` is
  ``sa``), other punctuation becomes a space, spaces are collapsed, then legal
  form suffixes are removed from the end, repeatedly (``co ltd`` goes whole),
  but never the whole name: a company called "Company" stays "company".
- Phones keep their digits. The China country code (``86``, ``0086`` or
  ``+86``) is dropped in front of an 11-digit mobile number (``1`` then 10
  digits), and replaced by the trunk ``0`` in front of a landline (area code
  and number, 9 or 10 digits not starting with 0 or 1), so ``+86 21 1234
  5678`` matches ``021-1234 5678``. Other numbers keep their last 11 digits,
  which drops other country codes; fewer than 7 digits is no phone at all.
- Emails follow Odoo's own rule for duplicates (crm's
  ``email_domain_criterion``): an address at a generic mail provider (gmail,
  qq.com, 163.com, ...; the caller passes Odoo's list) is a key of its own,
  an address at a company domain stands for the whole company, ``@domain``.
- A value that normalises to nothing yields no key, so blank fields never
  match each other.

Who counts as a registration
----------------------------
Only what a salesperson registered matters (the models leave out records the
system or nobody registered, and the company's own contacts): such a record
stops another salesperson while someone owns it, and while it waits in the
pool (claim it there instead), unless the one registering again is the
salesperson who put it in the pool himself before anybody owned it
(:func:`blocking`).
"""

import re
import unicodedata
from typing import NamedTuple

from odoo.addons.customer_tiering.services.messages import _lt

NAME = "name"
EMAIL = "email"
PHONE = "phone"
VAT = "vat"
COMPANY_REGISTRY = "company_registry"

LATIN_SUFFIXES = frozenset(
    {
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "co",
        "company",
        "llc",
        "gmbh",
        "sa",
        "corp",
        "corporation",
        "plc",
    }
)
# longest first: "股份有限公司" must not lose only its "有限公司"
CHINESE_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "公司")
MIN_PHONE_DIGITS = 7
PHONE_DIGITS_KEPT = 11

_DROPPED = re.compile(r"[.'’`]")
_SEPARATOR = re.compile(r"[\W_]+")
_CN_MOBILE = re.compile(r"(?:0086|86)(1\d{10})")
_CN_LANDLINE = re.compile(r"(?:0086|86)([2-9]\d{8,9})")


MSG_PROTECTED = _lt(
    "Already registered by %(owner)s on %(date)s, protected until %(until)s."
)
MSG_REGISTERED = _lt("Already registered by %(owner)s on %(date)s.")
MSG_IN_POOL = _lt("Already registered and currently in the public pool.")

OWNED = "owned"
IN_POOL = "pool"


class Message(NamedTuple):
    """Untranslated: ``env._(message.message, **message.params)``."""

    message: str
    params: dict

    def __str__(self):
        return self.message % self.params if self.params else self.message


def _nfkc(value):
    return unicodedata.normalize("NFKC", value or "")


def _strip_suffix(name):
    for suffix in CHINESE_SUFFIXES:
        if name.endswith(suffix) and name[: -len(suffix)].strip():
            return name[: -len(suffix)].strip()
    head, _space, last = name.rpartition(" ")
    if head and last in LATIN_SUFFIXES:
        return head
    return name


def normalize_name(name):
    name = _DROPPED.sub("", _nfkc(name).casefold())
    name = _SEPARATOR.sub(" ", name).strip()
    while True:
        shorter = _strip_suffix(name)
        if shorter == name:
            return name or None
        name = shorter


def normalize_email(email):
    """``None`` without an ``@`` between something and something, so that
    placeholders such as "n/a" or "-" are not taken for a shared address."""
    email = _nfkc(email).strip().lower()
    local, at, domain = email.rpartition("@")
    return email if at and local and domain else None


def email_key(email, generic_domains=None):
    """The duplicate key of an address: the address itself at a generic mail
    provider, ``@domain`` at a company domain. ``generic_domains=None``
    treats every domain as generic (each address on its own)."""
    email = normalize_email(email)
    if not email or generic_domains is None:
        return email
    domain = email.rpartition("@")[2]
    return email if domain in generic_domains else "@" + domain


def normalize_phone(phone):
    digits = "".join(char for char in _nfkc(phone) if char.isdigit() and char.isascii())
    mobile = _CN_MOBILE.fullmatch(digits)
    if mobile:
        return mobile.group(1)
    landline = _CN_LANDLINE.fullmatch(digits)
    if landline:
        return "0" + landline.group(1)
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    return digits[-PHONE_DIGITS_KEPT:]


def normalize_vat(vat):
    code = "".join(
        char for char in _nfkc(vat).upper() if char.isascii() and char.isalnum()
    )
    return code or None


def match_keys(
    name=None,
    email=None,
    phone=None,
    vat=None,
    company_registry=None,
    generic_domains=None,
):
    """``{(kind, value)}``: a record is a duplicate of another when they share
    any key; kinds are never compared with each other."""
    values = (
        (NAME, normalize_name(name)),
        (EMAIL, email_key(email, generic_domains)),
        (PHONE, normalize_phone(phone)),
        (VAT, normalize_vat(vat)),
        (COMPANY_REGISTRY, normalize_vat(company_registry)),
    )
    return {(kind, value) for kind, value in values if value}


def blocking(user_id, owner_id, registered_by_id, pooled):
    """Whether a registered record stops ``user_id`` from registering the same
    prospect: ``OWNED`` (someone else owns it), ``IN_POOL`` (it waits in the
    pool: claim it) or ``None``. A record he put in the pool himself and that
    nobody owned since (never ``pooled`` by the engine) does not stop him."""
    if owner_id:
        return None if owner_id == user_id else OWNED
    if registered_by_id == user_id and not pooled:
        return None
    return IN_POOL


def protection_message(owner_name, registered_on, protected_until, in_pool):
    """The owner is named only while the record is owned: once it is in the
    pool, the previous owner's name is nobody's business."""
    if in_pool:
        return Message(MSG_IN_POOL, {})
    params = {"owner": owner_name, "date": registered_on}
    if protected_until is None:
        return Message(MSG_REGISTERED, params)
    return Message(MSG_PROTECTED, {**params, "until": protected_until})
