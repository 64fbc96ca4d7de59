"""Secrets at rest and tokens: hashed API keys and passcodes, HS256 JWTs through PyJWT."""
from __future__ import annotations

import hashlib
import hmac

import jwt

ISSUER = "aether"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def matches(secret: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(secret), stored_digest)


def issue_token(secret_key: str, now: float, *, person_id: str, account_id: str, site_id: str, lifetime: int) -> str:
    """A token issued at ``now`` (the sandbox's time), valid for ``lifetime`` whole seconds."""
    now = int(now)
    claims = {"iss": ISSUER, "sub": person_id, "acc": account_id, "sid": site_id,
              "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, secret_key, algorithm="HS256")


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


def read_token(token: str, secret_key: str, now: float, *, check_signature: bool = True, check_issuer: bool = True,
               check_expiry: bool = True, allow_alg_none: bool = False) -> dict:
    """The verified claims of ``token`` at ``now`` (the sandbox's time); the keyword switches exist only for the
    sandbox's faults."""
    try:
        if allow_alg_none and jwt.get_unverified_header(token).get("alg", "").lower() == "none":
            check_signature = False
        options = {"verify_signature": check_signature, "verify_iss": check_issuer,
                   "verify_exp": False, "verify_iat": False, "verify_nbf": False,  # against ``now``, below
                   "require": ["iss", "sub", "acc", "sid", "iat", "exp"]}
        claims = jwt.decode(token, secret_key, algorithms=["HS256"], issuer=ISSUER if check_issuer else None,
                            options=options)
    except jwt.PyJWTError:
        raise TokenInvalid() from None
    try:  # whole seconds, as PyJWT reads them
        issued, expires, not_before = int(claims["iat"]), int(claims["exp"]), int(claims.get("nbf", claims["iat"]))
    except (TypeError, ValueError, OverflowError):
        raise TokenInvalid() from None
    if issued > now or not_before > now:
        raise TokenInvalid()  # not valid yet
    if check_expiry and expires <= now:
        raise TokenExpired()
    return claims
