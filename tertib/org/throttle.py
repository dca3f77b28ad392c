"""One throttle for every password check: login, admin login, step signing, monitoring paraf;
and a rate limit per address for the public pages that take a code.

Failures are counted under three keys: the pair (address, name), the address alone and the name
alone, the name NFKC-normalised and case-folded so that "ｋasi.kesra" counts as "kasi.kesra".

- A pair is refused after PAIR_LIMIT failures: a stranger who guesses locks out only himself.
- An address is refused after ADDRESS_LIMIT failures over all names (password spraying).
- A name with ACCOUNT_LIMIT failures from anywhere allows only ACCOUNT_PAIR_LIMIT guesses per
  address, so guessing from many addresses stays slow; a correct password from an address
  without those failures still passes, so nobody can lock an official out.
- A lock lasts LOCK_SECONDS, doubled for every lock of the same key within a day.
- A correct password clears the pair and the name.

An attempt is reserved (counted as a failure) before the password is checked and given back when
it was right; the reservation holds an exclusive lock on the keys, so parallel attempts never
check more passwords than the limit. The counters are never kept in the database: the signing
checks run inside the engine's transaction, and a wrong password rolls that transaction back,
which would undo a count kept there (the database cache included). With REDIS_URL they live in
Redis, which every app server shares (a lock per key taken with cache.add, SET NX); otherwise in
files under THROTTLE_DIR, locked with flock, which every process of one machine shares.
"""

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import authenticate as django_authenticate
from django.core.cache import cache
from django.shortcuts import render

from tertib.lib.text import normalise_username

PAIR_LIMIT = 5
ADDRESS_LIMIT = 20
ACCOUNT_LIMIT = 10
ACCOUNT_PAIR_LIMIT = 2  # guesses per address while the name is under attack
LOCK_SECONDS = 15 * 60
WINDOW_SECONDS = 15 * 60
STRIKES_FORGOTTEN_AFTER = 24 * 60 * 60
MAX_LOCK_SECONDS = 24 * 60 * 60


class Throttled(Exception):
    """Too many wrong passwords: the password was not checked. The message is Indonesian."""


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the address the proxy appended to X-Forwarded-For
    when TERTIB_TRUST_FORWARDED_FOR says a proxy sets it (a client can write that header)."""
    if settings.TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def verify_password(*, user, password: str, address: str) -> bool:
    """Whether the password is the user's; raises Throttled instead of checking when there were
    too many failures for this name from this address."""
    with _attempt(name=normalise_username(user.get_username()), address=address) as attempt:
        attempt.success = user.check_password(password)
    return attempt.success


def authenticate(request, *, username: str, password: str):
    """Django's authenticate() behind the throttle; None for a wrong name or password, and for
    any name typed with other than ASCII characters (a full-width look-alike counts against the
    name it looks like and never logs in)."""
    name = normalise_username(username)
    with _attempt(name=name, address=client_address(request)) as attempt:
        user = None
        if username.isascii():
            user = django_authenticate(request, username=username, password=password)
        attempt.success = user is not None
    return user


def reset(*, username: str, address: str) -> None:
    """Forget the failures of this name (all addresses) and of this pair; for an admin who
    has checked who was guessing."""
    name = normalise_username(username)
    with _locked([_pair_key(address, name), _name_key(name)]) as counters:
        for counter in counters.values():
            counter.clear()


def count_visit(*, scope: str, address: str, limit: int, seconds: int = 60) -> None:
    """Count a request to a public page; raises Throttled past `limit` in `seconds` from one
    address (guessing codes at /lacak/ and /verifikasi/)."""
    key, now = f"v:{scope}:{address}", time.time()
    with _locked([key]) as counters:
        counter = counters[key]
        if now - counter.get("start", 0) >= seconds:
            counter.clear()
            counter["start"] = now
        counter["n"] = counter.get("n", 0) + 1
        wait = counter["start"] + seconds - now
    if counter["n"] > limit:
        seconds_left = max(1, round(wait))
        raise Throttled(
            f"Terlalu banyak permintaan dari alamat Anda. Coba lagi {seconds_left} detik lagi."
        )


def rate_limited(scope: str):
    """A public view limited to PUBLIC_LOOKUPS_PER_MINUTE requests a minute per address."""

    def decorate(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            try:
                count_visit(
                    scope=scope,
                    address=client_address(request),
                    limit=settings.PUBLIC_LOOKUPS_PER_MINUTE,
                )
            except Throttled as refused:
                return render(request, "429.html", {"message": str(refused)}, status=429)
            return view(request, *args, **kwargs)

        return limited

    return decorate


class _Attempt:
    success = False


@contextlib.contextmanager
def _attempt(*, name: str, address: str):
    keys = [_pair_key(address, name), _address_key(address), _name_key(name)]
    now = time.time()
    with _locked(keys) as counters:
        _refuse_if_locked(counters, keys, now)
        for key in keys:
            _fail(counters[key], key, now)
    attempt = _Attempt()
    try:
        yield attempt
    finally:
        if attempt.success:
            with _locked(keys) as counters:
                counters[keys[0]].clear()
                counters[keys[2]].clear()
                counters[keys[1]]["n"] = max(counters[keys[1]].get("n", 0) - 1, 0)


def _refuse_if_locked(counters: dict, keys: list[str], now: float) -> None:
    pair, from_address, name = (counters[k] for k in keys)
    for counter in (pair, from_address):
        _forget_old(counter, now)
        if counter.get("until", 0) > now:
            minutes = max(1, round((counter["until"] - now) / 60))
            raise Throttled(
                f"Terlalu banyak kata sandi yang salah. Coba lagi {minutes} menit lagi."
            )
    _forget_old(name, now)
    if name.get("n", 0) >= ACCOUNT_LIMIT and pair.get("n", 0) >= ACCOUNT_PAIR_LIMIT:
        raise Throttled(
            "Terlalu banyak kata sandi yang salah untuk nama ini. Coba lagi 15 menit lagi "
            "atau hubungi pengelola kantor."
        )


def _fail(counter: dict, key: str, now: float) -> None:
    counter["n"] = counter.get("n", 0) + 1
    counter["last"] = now
    limit = {"p": PAIR_LIMIT, "a": ADDRESS_LIMIT, "n": None}[key[0]]
    if limit is not None and counter["n"] >= limit:
        strikes = counter.get("strikes", 0)
        counter["until"] = now + min(LOCK_SECONDS * 2**strikes, MAX_LOCK_SECONDS)
        counter["strikes"] = strikes + 1
        counter["n"] = 0


def _forget_old(counter: dict, now: float) -> None:
    last = counter.get("last", 0)
    if now - last > WINDOW_SECONDS and counter.get("until", 0) <= now:
        counter["n"] = 0
    if now - last > STRIKES_FORGOTTEN_AFTER:
        counter["strikes"] = 0


def _pair_key(address: str, name: str) -> str:
    return f"p:{address}:{name}"


def _address_key(address: str) -> str:
    return f"a:{address}"


def _name_key(name: str) -> str:
    return f"n:{name}"


def _locked(keys: list[str]):
    """The keys' counters, read and written under an exclusive lock on each key; the keys are
    locked in one order so that two attempts never wait on each other."""
    return _in_cache(keys) if settings.THROTTLE_IN_CACHE else _in_files(keys)


MUTEX_SECONDS = 10  # a server killed while holding a key frees it after this long
MUTEX_WAIT_SECONDS = 5


@contextlib.contextmanager
def _in_cache(keys: list[str]):
    names = {key: "throttle:" + hashlib.sha256(key.encode()).hexdigest() for key in keys}
    with contextlib.ExitStack() as stack:
        for key in sorted(names):
            stack.enter_context(_mutex(names[key] + ":lock"))
        stored = cache.get_many(list(names.values()))
        counters = {key: dict(stored.get(name, {})) for key, name in names.items()}
        yield counters
        cache.set_many(
            {names[key]: counter for key, counter in counters.items()},
            timeout=STRIKES_FORGOTTEN_AFTER + MAX_LOCK_SECONDS,
        )


@contextlib.contextmanager
def _mutex(name: str):
    token, deadline = secrets.token_hex(8), time.monotonic() + MUTEX_WAIT_SECONDS
    while not cache.add(name, token, MUTEX_SECONDS):
        if time.monotonic() > deadline:
            raise Throttled("Terlalu banyak percobaan bersamaan. Coba lagi sebentar lagi.")
        time.sleep(0.005)
    try:
        yield
    finally:
        if cache.get(name) == token:  # not when it expired and another attempt took it
            cache.delete(name)


@contextlib.contextmanager
def _in_files(keys: list[str]):
    directory = Path(settings.THROTTLE_DIR)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.ExitStack() as stack:
        files = {}
        for key in sorted(set(keys)):
            path = directory / hashlib.sha256(key.encode()).hexdigest()
            handle = stack.enter_context(
                os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), "r+")
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
            files[key] = handle
        counters = {key: _read(handle) for key, handle in files.items()}
        yield counters
        for key, handle in files.items():
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(counters[key]))
            handle.flush()


def _read(handle) -> dict:
    try:
        return json.loads(handle.read() or "{}")
    except ValueError:
        return {}
