"""The seal on an issued collection file: an HMAC whose key never leaves the master.

The seal covers the file's claims (master, department, entity, indicators, nonce...) and the
hash of its audit log at issue, which chains every value the file was issued with; changing
any of them outside esgdesk breaks it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from esgdesk.core.store import Report

SECRET_KEY = "workflow.secret"


def master_secret(master: Report) -> bytes:
    """The master's signing key, made on first use."""
    key = master.meta.extra.get(SECRET_KEY)
    if not key:
        key = secrets.token_hex(32)
        master.set_meta(SECRET_KEY, key, why="signing key for collection files")
    return bytes.fromhex(key)


def seal(key: bytes, payload: dict[str, Any]) -> str:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def check_seal(key: bytes, payload: dict[str, Any], signature: str) -> bool:
    return hmac.compare_digest(seal(key, payload), signature)
