"""Initial passwords: random, unambiguous when read off paper, enough entropy unstretched."""

import secrets

# Digits and lower-case letters without those read as others (0/o, 1/l/i): 31 symbols.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
LENGTH = 12  # 31**12 ≈ 2**59: see accounts/hashers.py


def initial_password():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
