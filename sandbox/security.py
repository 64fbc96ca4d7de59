"""Secrets at rest and tokens: hashed API keys and passcodes, HS256 JWTs through PyJWT."""
from __future__ import annotations

import hashlib
import hmac
import time

import jwt

ISSUER = "aether"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def matches(secret: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(secret), stored_digest)


def issue_token(secret_key: str, *, person_id: str, account_id: str, site_id: str, lifetime: int) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "sub": person_id, "acc": account_id, "sid": site_id,
              "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, secret_key, algorithm="HS256")


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


def read_token(token: str, secret_key: str, *, check_signature: bool = True, check_issuer: bool = True,
               check_expiry: bool = True, allow_alg_none: bool = False) -> dict:
    """The verified claims of ``token``; the keyword switches exist only for the sandbox's faults."""
    try:
        if allow_alg_none and jwt.get_unverified_header(token).get("alg", "").lower() == "none":
            check_signature = False
        options = {"verify_signature": check_signature, "verify_exp": check_expiry,
                   "verify_iss": check_issuer, "require": ["iss", "sub", "acc", "sid", "iat", "exp"]}
        return jwt.decode(token, secret_key, algorithms=["HS256"], issuer=ISSUER if check_issuer else None,
                          options=options, leeway=0)
    except jwt.ExpiredSignatureError:
        raise TokenExpired() from None
    except jwt.PyJWTError:
        raise TokenInvalid() from None
