"""A fresh installation: the first administrator is created in the browser with the
one-time setup code, then the first-run page leads through the registered steps."""

import logging
import stat
from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role, has_role
from core.errors import DomainError
from core.firstrun import first_run_steps
from home.firstrun import (
    first_administrator_create,
    first_run_status,
    setup_code,
    setup_code_path,
)
from tests.factories import DepartmentFactory, PersonFactory, UserFactory, make_campaign

pytestmark = pytest.mark.django_db

SETUP = reverse("home:first_run")
CREATE = reverse("home:first_administrator")
STRONG = "Qinglian-Setup-2026"
User = get_user_model()


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def _form(code, **overrides):
    return {
        "setup_code": code,
        "username": "zhangsan",
        "name": "张三",
        "password1": STRONG,
        "password2": STRONG,
        **overrides,
    }


# --- the setup code -----------------------------------------------------------------------


def test_setup_code_is_written_once_readable_by_the_owner_only_and_logged(var_dir, caplog):
    with caplog.at_level(logging.WARNING, logger="home.firstrun"):
        code = setup_code()
    path = var_dir / "setup-code"
    assert path.read_text().strip() == code
    assert len(code) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert code in caplog.records[0].getMessage()
    caplog.clear()
    assert setup_code() == code
    assert caplog.records == []


def test_fresh_installation_sends_the_visitor_to_create_the_administrator(client):
    assert client.get(reverse("home"))["Location"] == SETUP
    assert client.get(SETUP)["Location"] == CREATE
    page = client.get(CREATE)
    assert page.status_code == 200
    assert "首次使用：创建系统管理员" in page.content.decode()
    assert setup_code_path().exists()


# --- creating the first administrator -------------------------------------------------------


def test_first_administrator_is_created_with_the_code(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, _form(setup_code()))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={SETUP}"
    user = User.objects.get()
    assert (user.username, user.name, user.is_staff, user.is_superuser) == (
        "zhangsan",
        "张三",
        True,
        False,
    )
    assert has_role(user, Role.ADMIN)
    assert user.check_password(STRONG)
    assert not setup_code_path().exists()


def test_form_is_gone_once_an_administrator_exists(client, admin_user):
    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, _form("whatever")).status_code == 404
    assert User.objects.count() == 1
    client.force_login(admin_user)
    assert client.get(CREATE).status_code == 404


def test_form_is_gone_after_the_first_administrator_is_created(client):
    client.post(CREATE, _form(setup_code()))
    assert client.get(CREATE).status_code == 404
    response = client.post(CREATE, _form("anything", username="lisi"))
    assert response.status_code == 404
    assert list(User.objects.values_list("username", flat=True)) == ["zhangsan"]


def test_a_superuser_counts_as_an_administrator(client):
    User.objects.create_superuser("root", password=STRONG)
    assert client.get(CREATE).status_code == 404


def test_wrong_code_is_refused_and_nothing_is_created(client):
    setup_code()
    page = client.post(CREATE, _form("0" * 32))
    assert page.status_code == 200
    assert "设置码不正确" in page.content.decode()
    assert not User.objects.exists()
    assert setup_code_path().exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678901", "全是数字"),
        ("short1", "至少"),
        ("password123", "太常见"),
        ("zhangsan2026", "相似"),
    ],
)
def test_weak_password_is_refused_with_djangos_validators(client, password, message):
    page = client.post(CREATE, _form(setup_code(), password1=password, password2=password))
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not User.objects.exists()


def test_passwords_must_match(client):
    page = client.post(CREATE, _form(setup_code(), password2=STRONG + "x"))
    assert "两次输入的密码不一致。" in page.content.decode()
    assert not User.objects.exists()


def test_service_refuses_a_taken_username_and_a_second_administrator(staff):
    code = setup_code()
    with pytest.raises(DomainError, match="用户名“STAFF”已被使用。"):
        first_administrator_create(code=code, username="STAFF", name="某人", password=STRONG)
    first_administrator_create(code=code, username="admin2", name="管理员", password=STRONG)
    with pytest.raises(DomainError, match="已有系统管理员"):
        first_administrator_create(code=code, username="admin3", name="管理员", password=STRONG)
    assert User.objects.filter(groups__name=Role.ADMIN).count() == 1


def test_service_refuses_when_no_code_was_ever_issued():
    with pytest.raises(DomainError, match="设置码不正确"):
        first_administrator_create(code="", username="admin", name="管理员", password=STRONG)
    assert not User.objects.exists()


# --- the steps --------------------------------------------------------------------------


def test_steps_are_listed_in_order_with_what_is_done_and_left(persona_client, admin_user):
    page = persona_client("admin_user").get(SETUP).content.decode()
    titles = [str(step.title) for step in first_run_steps()]
    positions = [page.index(f'id="first-run-{step.key}"') for step in first_run_steps()]
    assert positions == sorted(positions)
    for title in ("导入名册", "工作日历", "首个评选批次"):
        assert title in titles
    # The administrator's own department and person: the roster has something.
    assert "已导入 1 个科室、1 人。" in page
    assert "尚无评选批次" in page


def test_step_links_only_for_those_with_the_steps_permission(persona_client, admin_user):
    page = persona_client("admin_user").get(SETUP).content.decode()
    assert f'href="{reverse("departments:import")}"' in page
    assert f'href="{reverse("workcalendar:list")}"' in page
    # The first campaign is the party office's.
    assert f'href="{reverse("appraisal:campaign_create")}"' not in page
    assert "由负责该项工作的部门完成" in page
    page = persona_client("party_office").get(SETUP).content.decode()
    assert f'href="{reverse("appraisal:campaign_create")}"' in page


def test_administrators_home_shows_the_steps_until_every_one_is_done(
    persona_client, admin_user, monkeypatch
):
    client = persona_client("admin_user")
    page = client.get(reverse("home")).content.decode()
    assert 'id="first-run"' in page
    assert 'id="first-run-first_campaign"' in page
    # Every step done: the panel goes, the link to the page stays.
    steps = [replace(step, is_done=lambda: True) for step in first_run_steps()]
    monkeypatch.setattr("home.firstrun.first_run_steps", lambda: steps)
    page = client.get(reverse("home")).content.decode()
    assert 'id="first-run"' not in page
    assert f'href="{SETUP}"' in page


def test_other_roles_see_no_first_run_panel(persona_client):
    assert (
        'id="first-run"' not in persona_client("party_office").get(reverse("home")).content.decode()
    )


def test_first_run_status_follows_the_database(admin_user, party_office, statutory_calendar):
    def done():
        return {status.step.key: status.done for status in first_run_status(admin_user)}

    assert done()["first_campaign"] is False
    make_campaign(party_office)
    assert done()["first_campaign"] is True


def test_first_run_page_queries_do_not_grow_with_the_roster(persona_client, admin_user):
    client = persona_client("admin_user")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(SETUP).status_code == 200
        return len(queries)

    count()  # the process-wide caches filled once
    first = count()
    for _ in range(3):
        PersonFactory(department=DepartmentFactory(), user=UserFactory())
    assert count() == first
