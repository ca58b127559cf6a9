"""The hasher of one-time initial passwords (an account slip's, a reset's).

Django's default hasher stretches a password with PBKDF2 at about a million
iterations, so a stolen hash of a weak, chosen password is slow to guess. An
initial password is neither weak nor chosen: the product draws it at random
(``onboarding.passwords``, 12 characters from 31, about 59 bits), prints it on
a slip, and the first sign-in must replace it. Guessing 2**59 candidates is out
of reach whether each costs one iteration or a million, so stretching buys
nothing here, and it would cost 10,000 accounts minutes of CPU (the bench asks
for 30 s, slips included). Hence a hasher of its own with few iterations, under
a name of its own.

It is listed after the default in ``PASSWORD_HASHERS``: Django verifies such a
hash, reports it as not the preferred one, and re-hashes the password with the
default when its owner signs in; the forced change that follows replaces it
anyway (docs/architecture.md, "Initial passwords").
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher

INITIAL_PASSWORD_HASHER = "pbkdf2_sha256_initial"  # noqa: S105 - a hasher's name, no secret


class InitialPasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 with few iterations, only for random one-time passwords."""

    algorithm = INITIAL_PASSWORD_HASHER
    iterations = 100
