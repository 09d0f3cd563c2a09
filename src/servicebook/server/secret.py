"""The server secret and the keyed hashes made with it.

Sign-in codes are stored as HMAC-SHA256(secret, code): a stolen gradebook alone does not give the
codes, and checking one costs microseconds (a deliberately slow password hash would cost seconds of
CPU per hundred sign-ins on two cores; the codes are random and sign-in attempts are rate-limited).

Where the secret lives: `SERVICEBOOK_SECRET` when set (several server processes or machines must
share it), otherwise the file `server-secret.key` beside the gradebook (created, readable by its
owner only, on first use). `exam open` and `exam serve` must see the same secret.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import unicodedata
from pathlib import Path

ENV_VAR = "SERVICEBOOK_SECRET"
FILE_NAME = "server-secret.key"


class SecretError(Exception):
    """The secret cannot be read or made; message is user-facing."""


def load_secret(beside: Path) -> bytes:
    """The server secret: SERVICEBOOK_SECRET, or server-secret.key in the directory `beside`."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        if len(value) < 16:
            raise SecretError(f"环境变量 {ENV_VAR} 太短（至少 16 个字符），请换一个足够长的随机字符串。")
        return value.encode("utf-8")
    path = beside / FILE_NAME
    if not path.exists():
        beside.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32) + "\n")
    try:
        value = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise SecretError(f"无法读取服务器密钥文件 {path}（{error}）。请检查文件权限，"
                          f"或设置环境变量 {ENV_VAR}。") from error
    if len(value) < 16:
        raise SecretError(f"服务器密钥文件 {path} 内容无效。删除它后重新运行 servicebook exam open（已发的登录码需重新开放考试）。")
    return value.encode("ascii")


def normal_code(code: str) -> str:
    """A code as typed on a phone: full-width digits and letters, spaces and case do not matter."""
    return "".join(unicodedata.normalize("NFKC", code).split()).upper()


def code_hash(secret: bytes, code: str) -> str:
    return hmac.new(secret, normal_code(code).encode("utf-8"), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    """Session tokens are long and random: a plain hash is enough to keep them out of the database."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)
