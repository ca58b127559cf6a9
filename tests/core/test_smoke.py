from django.urls import reverse


def test_home_redirects_anonymous_to_login(client, staff):
    """Once anybody has an account; an empty installation sends to its first run."""
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_home_shows_party_office_section(persona_client):
    client = persona_client("party_office")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "党办" in response.content.decode()
