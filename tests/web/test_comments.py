"""Comments on planned sessions: the coach writes, the athlete reads them on the session's page
and on Today; only the author edits; nobody else reads or writes them."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.test_roster import PLAN, Club, make_club

TODAY = "2026-11-27"


@pytest.fixture
def club(server: TestClient, server_app: FastAPI) -> Club:
    """Cora coaches Ana, who has a plan with a session today."""
    made = make_club(server_app)
    made.link(made.cora, made.ana)
    assert made.ana.write("POST", "/api/plan", json=PLAN).status_code == 200
    return made


def today_session(club: Club) -> str:
    sessions = club.ana.client.get("/api/today").json()["sessions"]
    assert sessions, "the plan has a session today"
    session_id: str = sessions[0]["id"]
    return session_id


def test_the_coach_comments_and_the_athlete_sees_it(club: Club) -> None:
    session_id = today_session(club)
    ana_id = club.ana.account.athlete_id
    path = f"/api/plan/sessions/{session_id}/comments"
    made = club.cora.write("POST", f"{path}?athlete={ana_id}", json={"body": "Easy on the hills"})
    assert made.status_code == 201, made.text
    comment = made.json()["comment"]
    assert comment["author"] == "Cora" and comment["mine"] is True
    listed = club.ana.client.get(path).json()["comments"]
    assert [c["body"] for c in listed] == ["Easy on the hills"] and listed[0]["mine"] is False
    assert "Easy on the hills" in club.ana.client.get(f"/plan/sessions/{session_id}").text
    today = club.ana.client.get("/").text  # kept pages move on with the comment
    assert "Easy on the hills" in today and f'id="comments-{session_id}"' in today
    reply = club.ana.form(
        f"/plan/sessions/{session_id}/comments", {"body": "Will do", "next": f"/?day={TODAY}"}
    )
    assert reply.status_code == 303
    assert reply.headers["location"] == f"/?day={TODAY}#comments-{session_id}"
    assert [c["author"] for c in club.ana.client.get(path).json()["comments"]] == ["Cora", "Ana"]


def test_only_the_author_edits_a_comment(club: Club) -> None:
    session_id = today_session(club)
    ana_id = club.ana.account.athlete_id
    path = f"/api/plan/sessions/{session_id}/comments"
    made = club.cora.write("POST", f"{path}?athlete={ana_id}", json={"body": "Easy"})
    comment_id = made.json()["comment"]["id"]
    refused = club.ana.write("PUT", f"{path}/{comment_id}", json={"body": "Hard!"})
    assert refused.status_code == 404
    edited = club.cora.write(
        "PUT", f"{path}/{comment_id}?athlete={ana_id}", json={"body": "Easier"}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["comment"]["edited_at"] is not None
    assert club.ana.client.get(path).json()["comments"][0]["body"] == "Easier"
    by_form = club.cora.client.post(
        f"/plan/sessions/{session_id}/comments/{comment_id}?athlete={ana_id}",
        data={"csrf_token": club.cora.csrf, "body": "Easiest"},
        follow_redirects=False,
    )
    assert by_form.status_code == 303
    assert by_form.headers["location"] == f"/plan/sessions/{session_id}#comments-{session_id}"
    assert club.ana.client.get(path).json()["comments"][0]["body"] == "Easiest"


def test_session_ids_must_be_in_the_athletes_active_plan(club: Club) -> None:
    ana_id = club.ana.account.athlete_id
    for session_id in ("2031-01-01-run", "nothing"):
        path = f"/api/plan/sessions/{session_id}/comments?athlete={ana_id}"
        assert club.cora.client.get(path).status_code == 404
        assert club.cora.write("POST", path, json={"body": "hi"}).status_code == 404
    # Ben has no plan: none of Ana's session IDs are his.
    session_id = today_session(club)
    ben = club.ben
    assert (
        ben.write(
            "POST", f"/api/plan/sessions/{session_id}/comments", json={"body": "hi"}
        ).status_code
        == 404
    )


def test_nobody_else_reads_or_writes_the_comments(club: Club) -> None:
    session_id = today_session(club)
    ana_id = club.ana.account.athlete_id
    path = f"/api/plan/sessions/{session_id}/comments?athlete={ana_id}"
    club.cora.write("POST", path, json={"body": "Private"})
    for other in (club.dan, club.ben):
        assert other.client.get(path).status_code == 404
        assert other.write("POST", path, json={"body": "x"}).status_code == 404
        assert other.write("PUT", path.replace("?", "/1?"), json={"body": "x"}).status_code == 404


def test_comments_need_the_csrf_token_and_some_text(club: Club) -> None:
    session_id = today_session(club)
    path = f"/api/plan/sessions/{session_id}/comments"
    assert club.ana.client.post(path, json={"body": "hi"}).status_code == 403
    assert club.ana.client.post(f"/plan/sessions/{session_id}/comments").status_code == 403
    empty = club.ana.write("POST", path, json={"body": "   "})
    assert empty.status_code == 400 and "1 to 4,000" in empty.json()["error"]
    assert club.ana.client.get(path).json()["comments"] == []


def test_after_unlink_the_coach_can_no_longer_comment(club: Club) -> None:
    session_id = today_session(club)
    ana_id = club.ana.account.athlete_id
    store = club.app.state.everyrun.store
    link_id = store.links(athlete_id=ana_id)[0].id
    path = f"/api/plan/sessions/{session_id}/comments?athlete={ana_id}"
    assert club.cora.client.get(path).status_code == 200
    club.unlink(club.ana, link_id)
    assert club.cora.client.get(path).status_code == 404
    assert club.cora.write("POST", path, json={"body": "still here?"}).status_code == 404


def test_the_single_user_app_has_no_comments_to_write(client: TestClient) -> None:
    session_id = client.get("/api/plan/weeks/1").json()["sessions"][0]["id"]
    path = f"/api/plan/sessions/{session_id}/comments"
    assert client.get(path).json() == {"comments": []}
    refused = client.post(path, json={"body": "hi"})
    assert refused.status_code == 404 and "shared server" in refused.json()["error"]
    assert "Add comment" not in client.get(f"/plan/sessions/{session_id}").text
