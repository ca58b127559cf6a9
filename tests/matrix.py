"""The rows of the permission matrix (tests/test_permission_matrix.py) and the
helpers that write them, shared with the apps whose rows live in their own test
package (``tests/<app>/matrix_rows.py``: ``ROWS`` and ``FORM_POSTS``, merged into the
matrix)."""

from dataclasses import dataclass, field

from tests.conftest import PERSONAS

LOGIN = 302


@dataclass(frozen=True)
class Row:
    """``expect`` maps persona → status; personas not named get ``default``."""

    build: object = None  # (request fixture) -> (args) for reverse
    method: str = "get"
    data: object = field(default_factory=dict)  # or (request fixture) -> dict, after build
    default: int = 200
    expect: dict = field(default_factory=dict)
    # POST rows: every persona either acts (its post changes the database) or is refused
    # (its post leaves the database as it was). ``actors`` are those who act; by default
    # every signed-in persona sent back with 302. Name them when some of those sent back
    # are told why they may not. ``public`` says why a post that anyone, signed in or
    # not, may make has no one to refuse and changes no project data.
    actors: tuple = ()
    public: str = ""

    def status_for(self, persona):
        return self.expect.get(persona, self.default)

    def acting(self):
        if self.actors:
            return self.actors
        return tuple(p for p in PERSONAS if p != "anonymous" and self.status_for(p) == 302)

    def refuses(self, persona):
        return not self.public and persona not in self.acting()


SIGNED_IN = tuple(p for p in PERSONAS if p != "anonymous")


def anonymous_login(**others):
    return {"anonymous": LOGIN, **others}


def only(readers, status_else=403):
    return anonymous_login(
        **{p: 200 if p in readers else status_else for p in PERSONAS if p != "anonymous"}
    )


def only_posts(actors):
    """A form post: the actors are sent back to the page (302), others refused."""
    return {
        "anonymous": LOGIN,
        **{p: 302 if p in actors else 403 for p in PERSONAS if p != "anonymous"},
    }


def hidden_except(allowed, status=200):
    """Pages of department A's application: others get 404 (ids cannot be probed)."""
    return {
        "anonymous": LOGIN,
        **{p: status if p in allowed else 404 for p in PERSONAS if p != "anonymous"},
    }
