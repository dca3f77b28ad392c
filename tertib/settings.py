"""Tertib settings: one file, read from the environment."""

import datetime
import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tertib.lib.officetime import parse_hours

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(int(default))).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and not DEBUG:
    # A public key signs sessions and password-reset links anyone could forge.
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it in production (e.g. python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))'), or DEBUG=1 for development (make run does)."
    )
if not SECRET_KEY:
    SECRET_KEY = "django-insecure-tertib-development-only-key-change-me"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The report indexes carry extra columns (INCLUDE) so PostgreSQL answers from the index alone;
# SQLite has no such indexes and simply builds them without those columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "tertib.sop",
    "tertib.org",
    "tertib.cases",
    # Services are found, not named: every app folder under tertib/services/ (see sop/services.py).
    *sorted(
        f"tertib.services.{folder.name}"
        for folder in (BASE_DIR / "tertib" / "services").iterdir()
        if (folder / "apps.py").exists()
    ),
    "tertib.reports",
    "tertib.citizen",
    "tertib.api",
    "tertib.demo",
]

MIDDLEWARE = [
    "tertib.middleware.BulkLane",
    "django.middleware.security.SecurityMiddleware",
    "tertib.middleware.content_security_policy",
    "tertib.middleware.InputGuard",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tertib.cases.middleware.office_time_zone",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tertib.middleware.RetryLostConnection",
]

ROOT_URLCONF = "tertib.urls"
WSGI_APPLICATION = "tertib.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tertib.cases.context_processors.menu",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL selects PostgreSQL in production.
VAR_DIR = Path(os.environ.get("TERTIB_VAR_DIR", BASE_DIR / "var"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"  # filled by collectstatic in production
WHITENOISE_USE_FINDERS = True  # serve from the app folders until collectstatic has run
STATIC_ROOT.mkdir(parents=True, exist_ok=True)


def cache_settings(redis_url: str, prefix: str = "tertib") -> dict:
    """The database cache (make run creates its table) by default; with REDIS_URL, Redis, which
    every app server shares and which holds the password throttle's counters too."""
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": prefix,  # several installations may share one Redis
            }
        }
    # Culling at the default 300 entries would drop drawn SOP documents and command locks.
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tertib_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = cache_settings(REDIS_URL, os.environ.get("TERTIB_CACHE_PREFIX", "tertib"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:worklist"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

SECURE_CONTENT_TYPE_NOSNIFF = True
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Production sits behind HTTPS: TERTIB_HTTPS=1 turns on the redirect and HSTS.
HTTPS = env_bool("TERTIB_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("TERTIB_BEHIND_PROXY"):
    # Only when a reverse proxy (nginx) sets X-Forwarded-Proto and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Password throttle (tertib/org/throttle.py): its counters, and whether X-Forwarded-For names
# the client. Set TERTIB_TRUST_FORWARDED_FOR=1 only behind a proxy that appends the address it
# saw (nginx: proxy_add_x_forwarded_for); otherwise any client could pick its own address.
# The counters live in Redis when REDIS_URL is set (shared by every app server), else in files
# under THROTTLE_DIR (one machine); never in the database (see tertib/org/throttle.py).
THROTTLE_DIR = Path(os.environ.get("TERTIB_THROTTLE_DIR", VAR_DIR / "throttle"))
THROTTLE_IN_CACHE = bool(REDIS_URL)
TRUST_FORWARDED_FOR = env_bool("TERTIB_TRUST_FORWARDED_FOR")
# Lookups a minute per address at /lacak/ and /verifikasi/ (codes are 60 bits; this keeps a
# scraper from walking them).
PUBLIC_LOOKUPS_PER_MINUTE = int(os.environ.get("TERTIB_PUBLIC_LOOKUPS_PER_MINUTE", "30"))

# Public SOP documents (PDF, BPMN) are bulk: BULK_SLOTS of them are served at once per server,
# the rest wait without using a processor (tertib/middleware.py BulkLane).
BULK_PATHS = r"^/sop/(?!studio/)[^/]+/v[0-9]+\.(pdf|bpmn)$"
BULK_SLOTS = int(os.environ.get("TERTIB_BULK_SLOTS", "1"))
BULK_PER_SECOND = float(os.environ.get("TERTIB_BULK_PER_SECOND", "50"))  # per slot
BULK_LANE_DIR = Path(os.environ.get("TERTIB_BULK_LANE_DIR", VAR_DIR / "lanes"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "weasyprint.progress": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

# Uploaded scans and issued documents: outside the web root, served only through views.
PRIVATE_DIR = Path(os.environ.get("TERTIB_PRIVATE_DIR", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Written only after the transaction commits (tertib/cases/storage.py); readable by the app
    # user and its group, by nobody else.
    "private": {
        "BACKEND": "tertib.cases.storage.PrivateStorage",
        "OPTIONS": {"file_permissions_mode": 0o640, "directory_permissions_mode": 0o750},
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# The audit trail's checkpoints (docs/audit.md): the key is never stored in the database, the
# file is kept outside it (best on another disk or machine); e-mail addresses get a copy.
AUDIT_KEY = os.environ.get("TERTIB_AUDIT_KEY", "")
AUDIT_CHECKPOINT_DIR = Path(
    os.environ.get("TERTIB_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints")
)
AUDIT_CHECKPOINT_EMAIL = env_list("TERTIB_AUDIT_CHECKPOINT_EMAIL")

# Number format of a new register book (each book can change it in the admin).
REGISTER_FORMAT = os.environ.get("TERTIB_REGISTER_FORMAT", "400.7.22/{nomor:04}/{unit}/{tahun}")

# Where citizens reach the public pages; printed in QR codes.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")

# Signatures on issued PDFs (tertib/cases/signing.py): "none", "pkcs12" or "remote".
SIGNER = os.environ.get("TERTIB_SIGNER", "none")
# {office slug: {"path": ".p12 file", "passphrase_env": "variable holding its passphrase"}}
SIGNING_PKCS12 = json.loads(os.environ.get("TERTIB_SIGNING_PKCS12", "{}"))
# A remote certified signing service (BSrE-shaped) and each office's account on it:
# {office slug: {"nik": "...", "passphrase_env": "variable holding the passphrase"}}
SIGNING_REMOTE_URL = os.environ.get("TERTIB_SIGNING_REMOTE_URL", "")
SIGNING_REMOTE_ACCOUNTS = json.loads(os.environ.get("TERTIB_SIGNING_REMOTE_ACCOUNTS", "{}"))
# CA certificates (PEM or DER files) that /verifikasi/ trusts when it checks a signature.
SIGNING_TRUST_ROOTS = env_list("TERTIB_SIGNING_TRUST_ROOTS")

# SOP definitions and their printed document.
SOP_DIR = Path(os.environ.get("TERTIB_SOP_DIR", BASE_DIR / "sops"))
# Paper of the printed SOP: "A4" or "F4" (215 x 330 mm), landscape.
SOP_PAPER = os.environ.get("TERTIB_SOP_PAPER", "A4")
# Steps per page of the procedure table; 0 fits as many as the page holds.
SOP_MAX_STEPS_PER_PAGE = int(os.environ.get("TERTIB_SOP_MAX_STEPS_PER_PAGE", "0"))

# Office time: cuti bersama (joint leave days) of the year, e.g. "2026-03-20,2026-03-23".
CUTI_BERSAMA = [datetime.date.fromisoformat(day) for day in env_list("TERTIB_CUTI_BERSAMA")]
# Working hours, e.g. "1-4=07:30-12:00,13:00-16:00; 5=07:30-11:30,13:00-16:30" (ISO weekdays);
# empty keeps the default Kudus week written in tertib/lib/officetime.py.
OFFICE_HOURS = (
    parse_hours(os.environ["TERTIB_OFFICE_HOURS"]) if os.environ.get("TERTIB_OFFICE_HOURS") else {}
)

# Iuran Jaminan Kesehatan Kepala Desa dan Perangkat Desa (SOP Dinas PMD).
# The contribution is due on this day of the billing month (next working day when closed).
IURAN_DUE_DAY = int(os.environ.get("TERTIB_IURAN_DUE_DAY", "10"))
# SPP/SPM numbers: empty means typed in from the finance system (SIPD); a format such as
# "{nomor:04}/SPP-LS/DINPMD/{tahun}" makes them from the office's SPP/SPM register instead.
IURAN_NUMBER_FORMATS = {
    "spp": os.environ.get("TERTIB_SPP_NUMBER_FORMAT", ""),
    "spm": os.environ.get("TERTIB_SPM_NUMBER_FORMAT", ""),
}
# Budget account printed on the SPP/SPM, offered at step 1. The code follows the SIPD code
# lists, which change; no code is assumed until it is set here or typed in.
IURAN_ACCOUNT_CODE = os.environ.get("TERTIB_IURAN_ACCOUNT_CODE", "")
IURAN_ACCOUNT_NAME = os.environ.get(
    "TERTIB_IURAN_ACCOUNT_NAME",
    "Belanja Iuran Jaminan Kesehatan bagi Kepala Desa dan Perangkat Desa",
)
# Working days BPKAD needs between receiving the SPM and the transfer (SP2D); the SPM must
# reach it this many working days before the month's last working day.
IURAN_SP2D_LEAD_DAYS = int(os.environ.get("TERTIB_IURAN_SP2D_LEAD_DAYS", "2"))
# Reminders to the open step's holder: working days before the due day and before the last day
# the SPM can reach BPKAD. Escalation every working day to the Ka. Dinas (or whoever acts for
# them, else the fallback post) from this many working days before that last day.
IURAN_REMIND_DAYS = [int(d) for d in env_list("TERTIB_IURAN_REMIND_DAYS", "2,1,0")]
IURAN_ESCALATE_DAYS = int(os.environ.get("TERTIB_IURAN_ESCALATE_DAYS", "3"))
IURAN_ESCALATE_TO = os.environ.get("TERTIB_IURAN_ESCALATE_TO", "ka_dinas")
IURAN_ESCALATE_FALLBACK = os.environ.get("TERTIB_IURAN_ESCALATE_FALLBACK", "sekdin_kabid")
# A roster siltap below this is refused as a probable typo ("3.500" for Rp 3.500.000).
IURAN_SILTAP_FLOOR = int(os.environ.get("TERTIB_IURAN_SILTAP_FLOOR", "500000"))
# SPP/SPM parts per Permendagri 77/2020, offered at step 1 (each bill keeps its own copy).
IURAN_SPP_DEFAULTS = {
    "spd_number": os.environ.get("TERTIB_IURAN_SPD_NUMBER", ""),
    "program": os.environ.get("TERTIB_IURAN_PROGRAM", ""),
    "kegiatan": os.environ.get("TERTIB_IURAN_KEGIATAN", ""),
    "sub_kegiatan": os.environ.get("TERTIB_IURAN_SUB_KEGIATAN", ""),
    "skpd_code": os.environ.get("TERTIB_IURAN_SKPD_CODE", ""),
    "bank_name": os.environ.get("TERTIB_IURAN_BANK", ""),
    "bank_account_name": os.environ.get("TERTIB_IURAN_BANK_ACCOUNT_NAME", "BPJS Kesehatan"),
    "npwp": os.environ.get("TERTIB_IURAN_NPWP", ""),
}
# Posts whose holders sign the Bendahara Pengeluaran and PPK-SKPD blocks of the SPP/SPM.
IURAN_BENDAHARA = os.environ.get("TERTIB_IURAN_BENDAHARA", "bendahara")
IURAN_PPK_SKPD = os.environ.get("TERTIB_IURAN_PPK_SKPD", "ppk_skpd")

# Monitoring and evaluation of SOP use (Permenpan RB 35/2012). The sources differ, so these
# are settings. Grades, best first: the Permenpan form has two; the BPS variant has three,
# e.g. "Berjalan dengan baik|Berjalan kurang baik|Tidak berjalan".
MONITORING_GRADES = [
    grade.strip()
    for grade in os.environ.get(
        "TERTIB_MONITORING_GRADES", "Berjalan dengan baik|Tidak berjalan dengan baik"
    ).split("|")
    if grade.strip()
]
# The rule that proposes a grade: each condition missed moves one grade down the list.
# (1) at least this % of finished cases took no longer than the SOP's total mutu baku;
# (2) no step's p90 is above this many times its mutu baku.
MONITORING_MIN_SHARE = int(os.environ.get("TERTIB_MONITORING_MIN_SHARE", "80"))
MONITORING_MAX_P90_RATIO = float(os.environ.get("TERTIB_MONITORING_MAX_P90_RATIO", "2"))
# Holders of these positions assess (penilai) and finalise their office's monitoring form.
MONITORING_ASSESSORS = env_list("TERTIB_MONITORING_ASSESSORS", "camat,ka_dinas")
# The yearly evaluation: each criterion with the facts that inform it (keys of
# tertib/reports/evaluation.py FACTS). A JSON list in TERTIB_EVALUATION_CRITERIA replaces it.
EVALUATION_CRITERIA = json.loads(os.environ.get("TERTIB_EVALUATION_CRITERIA", "null")) or [
    {"teks": "Mampu mendorong peningkatan kinerja", "fakta": ["dalam_mutu_baku", "volume"]},
    {"teks": "Mudah dipahami", "fakta": ["dikembalikan"]},
    {"teks": "Mudah dilaksanakan", "fakta": ["langkah_terlambat", "dikembalikan"]},
    {"teks": "Semua orang dapat menjalankan perannya masing-masing", "fakta": ["pelaksana"]},
    {"teks": "Mampu mengatasi permasalahan yang berkaitan dengan proses", "fakta": ["ditolak"]},
    {
        "teks": "Mampu menjawab kebutuhan peningkatan kinerja organisasi",
        "fakta": ["dalam_mutu_baku", "langkah_terlambat"],
    },
]
# A new mutu baku time is proposed for a step only from at least this many observations.
# SKM (Permenpan RB 14/2017): the lowest IKM of grades A, B and C, each table valid from a date;
# a JSON list in TERTIB_SKM_GRADES replaces them. The survey link of a case is an HMAC of its code
# under TERTIB_SURVEY_KEY, so a reprinted receipt carries the same link.
SKM_GRADE_TABLES = json.loads(os.environ.get("TERTIB_SKM_GRADES", "null")) or [
    {"berlaku": "2017-01-01", "A": "88.31", "B": "76.61", "C": "65.00"},
]
SURVEY_KEY = os.environ.get("TERTIB_SURVEY_KEY", "") or SECRET_KEY
EVALUATION_MIN_OBSERVATIONS = int(os.environ.get("TERTIB_EVALUATION_MIN_OBSERVATIONS", "10"))

# E-mail for reminders; the console backend prints them until SMTP is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tertib@kuduskab.go.id")
