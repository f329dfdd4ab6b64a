"""Organisations and the people who sign in."""

import enum
import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from contractmgr.extensions import db
from contractmgr.models.types import enum as enum_type
from contractmgr.models.types import utcnow


class OrgKind(enum.StrEnum):
    PURCHASER = "purchaser"  #: 采购人 / 甲方
    VENDOR = "vendor"  #: 供应商 / 乙方
    USER_UNIT = "user_unit"  #: 使用单位 / 服务单位 of a line


class Role(enum.StrEnum):
    PROCUREMENT = "procurement"  #: 采购经办人
    FINANCE = "finance"  #: 财务
    VENDOR = "vendor"  #: 供应商
    ADMIN = "admin"  #: 系统管理员


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (sa.UniqueConstraint("name", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the organisation's full name as printed in the documents
    name: Mapped[str] = mapped_column(sa.String(200))
    #: purchaser, vendor or user unit; one name may appear in several roles
    kind: Mapped[str] = mapped_column(enum_type(*OrgKind, name="org_kind"))
    #: 中小企业 (软件和信息服务业) — 《保障中小企业款项支付条例》 applies to SME vendors
    is_sme: Mapped[bool] = mapped_column(default=False)
    #: 中小企业划分 industry (划分行业) the size was judged in, e.g. 软件和信息服务业 — tender's 中小企业划分
    sme_industry: Mapped[str | None] = mapped_column(sa.String(100))

    def __repr__(self) -> str:
        return f"<Organisation {self.name} ({self.kind})>"


def token_digest(token: str) -> str:
    """sha256 of a secret handed to a person (API token, calendar feed): only this is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        # A vendor user is bound to exactly one vendor organisation; nobody else is bound to one.
        sa.CheckConstraint(
            "(role = 'vendor' AND vendor_id IS NOT NULL) OR (role <> 'vendor' AND vendor_id IS NULL)",
            name="vendor_bound_to_organisation",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(80), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    #: one role per user: procurement, finance, vendor or admin
    role: Mapped[str] = mapped_column(enum_type(*Role, name="user_role"))
    #: the vendor organisation whose contracts a vendor user may see
    vendor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    is_active_user: Mapped[bool] = mapped_column(default=True)
    #: set when an administrator resets the password: the user chooses a new one at the next sign-in,
    #: before any other page (web/account.py); cleared when they do
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: preferred interface language (zh_CN or en); None follows the default
    locale: Mapped[str | None] = mapped_column(sa.String(10))
    #: where the daily reminder digest goes; None: reminders appear only in the app's notice list
    email: Mapped[str | None] = mapped_column(sa.String(254))
    #: reminder categories the user turned off (domain.reminders.CATEGORIES), e.g. ["payment"]
    reminder_opt_outs: Mapped[list[str]] = mapped_column(sa.JSON, default=list, server_default="[]")
    #: sha256 of the secret part of the user's iCalendar feed URL (shown once, never stored); None when revoked
    calendar_token_digest: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    vendor: Mapped[Organisation | None] = relationship()
    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:
        return self.is_active_user

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def issue_token(self) -> str:
        """A new bearer token for the API; only its digest is stored, so it is shown once."""
        token = secrets.token_urlsafe(32)
        self.tokens.append(ApiToken(token_digest=token_digest(token)))
        return token

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: sha256 of the bearer token; the token itself is never stored
    token_digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")

    @classmethod
    def find_user(cls, token: str) -> User | None:
        row = db.session.scalar(sa.select(cls).where(cls.token_digest == token_digest(token), cls.revoked_at.is_(None)))
        return row.user if row and row.user.is_active else None


class LoginSession(db.Model):
    """One sign-in through the login page, held on the server so that it can be ended there: by signing
    out, after inactivity, or when the user's password changes or the user is disabled. The browser's
    (signed) session cookie carries only a random key; a saved copy of the cookie opens nothing once
    its row here is ended."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: sha256 of the random key in the session cookie; the key itself is never stored
    key_digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: when the user signed in (UTC)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: the last request seen (UTC), written at most once a minute
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: when the session was ended (signed out, password changed, user disabled); None while it is live
    ended_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
