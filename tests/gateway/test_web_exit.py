""" "Exit this page" revokes the widget's token on the server: it neither resumes the conversation
nor opens a socket again, and its open sockets are closed."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot import keys
from bot.store.models import AuditEvent

from .conftest import ORIGIN, Gateway
from .test_web_channel import Widget, new_session


def exits(gateway: Gateway) -> list[AuditEvent]:
    return gateway.query(lambda s: list(s.scalars(select(AuditEvent).where(AuditEvent.action == "web_session_exited"))))


async def test_exit_revokes_the_token_and_closes_its_sockets(gateway: Gateway) -> None:
    session = await new_session(gateway.client)
    widget = await Widget.open(gateway.client, session["token"])
    await widget.say("hello", "c-1")
    await widget.until(lambda f: f["type"] == "message" and f["author"] == "system")
    await gateway.settle()

    # As navigator.sendBeacon sends it: the token as text/plain.
    response = await gateway.client.post(
        "/api/web/session/exit",
        data=session["token"],
        headers={"Content-Type": "text/plain;charset=UTF-8", "Origin": ORIGIN},
    )
    assert response.status == 204
    assert await widget.closed() == 4403

    contact_id = gateway.app[keys.WEB].contact_id_for(gateway.app[keys.WEB].signer.verify(session["token"]).session_id)
    [event] = exits(gateway)
    assert event.contact_id == contact_id and event.detail == {}

    again = await new_session(gateway.client, session["token"])
    assert again["resumed"] is False  # a new, empty conversation
    ws = await gateway.client.ws_connect(f"/channels/web/ws?token={session['token']}", origin=ORIGIN)
    frame = json.loads((await ws.receive(timeout=5)).data)
    assert frame["code"] == "expired"
    assert (await ws.receive(timeout=5)).data == 4401


async def test_a_session_that_never_spoke_can_be_revoked(gateway: Gateway) -> None:
    session = await new_session(gateway.client)
    response = await gateway.client.post("/api/web/session/exit", json={"token": session["token"]})
    assert response.status == 204
    assert len(exits(gateway)) == 1
    assert gateway.contacts() == []  # revoking creates no conversation
    assert (await new_session(gateway.client, session["token"]))["resumed"] is False


async def test_exit_with_a_bad_token_answers_the_same_and_stores_nothing(gateway: Gateway) -> None:
    for body in ("", "forged.token", "x" * 5000, "ÿ.þ"):
        response = await gateway.client.post("/api/web/session/exit", data=body, headers={"Content-Type": "text/plain"})
        assert response.status == 204
    response = await gateway.client.post(
        "/api/web/session/exit", data=b"\xff\xfe", headers={"Content-Type": "text/plain"}
    )
    assert response.status == 204
    assert exits(gateway) == []


async def test_exit_from_another_site_is_refused(gateway: Gateway) -> None:
    session = await new_session(gateway.client)
    response = await gateway.client.post(
        "/api/web/session/exit", data=session["token"], headers={"Origin": "https://evil.example"}
    )
    assert response.status == 403
    assert exits(gateway) == []


def test_the_widget_revokes_its_token_before_forgetting_it() -> None:
    from bot.widget.views import STATIC_DIR

    source = (STATIC_DIR / "js" / "exit.js").read_text()
    exit_page = source[source.index("function exitPage()") : source.index("function revokeToken(")]
    assert exit_page.index("revokeToken(state.token)") < exit_page.index("store.clearOurs()")
    assert "navigator.sendBeacon(url, token)" in source
