"""The widget's routes in the real app: the page works without JavaScript, and every file is ours."""

from __future__ import annotations

import html as html_module
import json
import re

import pytest
from aiohttp.test_utils import TestClient

from bot.app import create_app
from bot.store.migrate import upgrade
from bot.supervisor import local_settings

IOPC_PHONE = "0300 020 0096"


async def widget_app(aiohttp_client, tmp_path, **overrides: object) -> TestClient:
    """The gateway on its own migrated SQLite database, settings made the one way tests make them."""
    settings = local_settings(tmp_path, **overrides)
    upgrade(settings.database_url)
    return await aiohttp_client(create_app(settings))


@pytest.fixture
async def client(aiohttp_client, tmp_path) -> TestClient:
    return await widget_app(
        aiohttp_client,
        tmp_path,
        exit_url="https://neutral.example.test/weather",
        retention_days=30,
        max_message_chars=1500,
    )


async def test_public_page_without_javascript_still_gives_the_ways_to_get_help(client):
    response = await client.get("/")
    assert response.status == 200
    html = await response.text()
    noscript = html[html.index("<noscript>") : html.index("</noscript>")]
    details = (IOPC_PHONE, "18001 0207 166 3000", "enquiries@policeconduct.gov.uk", "PO Box 473, Sale M33 0BW", "999")
    for detail in details:
        assert detail in noscript
    assert '<html lang="en">' in html
    assert 'data-mode="page"' in html


async def test_public_page_loads_nothing_from_anywhere_else(client):
    response = await client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["Referrer-Policy"] == "no-referrer"
    html = await response.text()
    assert not re.search(r'(src|href)="(https?:)?//', html), "only same-origin assets"
    for url in re.findall(r'(?:src|href)="(/[^"]+)"', html):
        assert (await client.get(url)).status == 200, url


async def test_widget_script_carries_this_gateways_settings(client):
    response = await client.get("/widget.js")
    assert response.status == 200
    assert response.content_type == "application/javascript"
    source = await response.text()
    defaults = json.loads(re.search(r"var SERVER_DEFAULTS = (\{.*?\});", source).group(1))
    assert defaults["exitUrl"] == "https://neutral.example.test/weather"
    assert defaults["retentionDays"] == 30
    assert defaults["maxChars"] == 1500
    assert (await client.get(defaults["stylesheet"])).status == 200


async def test_static_files_are_public_and_unknown_ones_are_not_found(client):
    css = await client.get("/static/widget/widget.css")
    assert css.status == 200
    assert css.headers["Access-Control-Allow-Origin"] == "*"
    assert (await client.get("/static/widget/nothing-here.js")).status == 404
    assert (await client.get("/static/widget/..%2Fviews.py")).status == 404


async def test_privacy_notice_is_a_marked_draft_with_the_retention_period(client):
    response = await client.get("/privacy")
    assert response.status == 200
    html = await response.text()
    assert "Draft." in html
    assert "not the police" in html.lower()
    assert "We delete conversations after 30 days." in html
    exit_link = '<a class="pch-exit-link" href="https://neutral.example.test/weather" rel="noreferrer">'
    assert exit_link + "Exit this page</a>" in html


async def test_the_page_loads_the_widget_as_modules_with_this_gateways_settings(client):
    html = await (await client.get("/")).text()
    tag = re.search(r'<script type="module" src="([^"]+)"([^>]*)>', html)
    assert tag, "the page loads the widget with <script type=module>"
    settings = json.loads(re.search(r"data-settings='([^']*)'", tag.group(2)).group(1))
    assert settings["exitUrl"] == "https://neutral.example.test/weather"
    assert settings["retentionDays"] == 30 and settings["maxChars"] == 1500
    module = await client.get(tag.group(1))
    assert module.status == 200
    assert module.content_type == "text/javascript", "browsers refuse module scripts of any other type"


async def test_another_site_can_import_every_module_the_embed_names(client):
    source = await (await client.get("/widget.js")).text()
    defaults = json.loads(re.search(r"var SERVER_DEFAULTS = (\{.*?\});", source).group(1))
    assert defaults["module"] in defaults["preload"]
    for url in defaults["preload"]:
        response = await client.get(url)
        assert response.status == 200, url
        assert response.content_type == "text/javascript", url
        # A module from another origin is fetched with CORS: without this header it never runs.
        assert response.headers["Access-Control-Allow-Origin"] == "*", url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url


async def test_the_widget_gets_its_words_from_texts_widget_json(client):
    from bot.widget.assets import widget_texts

    source = await (await client.get("/widget.js")).text()
    module = json.loads(re.search(r"var SERVER_DEFAULTS = (\{.*?\});", source).group(1))["module"]
    words = await (await client.get(module.replace("/main.js", "/texts.js"))).text()
    served = json.loads(re.search(r"export default (\{.*\});", words).group(1))
    assert served == widget_texts()
    assert served["cy"]["exit"] == "Gadael y dudalen hon"


async def test_modules_of_another_release_are_not_kept_and_unknown_ones_are_not_found(client):
    old = await client.get("/static/widget/js/000000000000/main.js")
    assert old.status == 200 and old.headers["Cache-Control"] == "no-cache"
    assert (await client.get("/static/widget/js/000000000000/nothing.js")).status == 404
    assert (await client.get("/static/widget/js/000000000000/..%2F..%2Fviews.py")).status == 404
    assert (await client.get("/static/widget/widget.js")).status == 404, "the loader is only served filled in"


async def test_settings_are_escaped_wherever_the_pages_show_them(aiohttp_client, tmp_path):
    hostile = "https://neutral.example.test/?a=1&b='\"><script>alert(1)</script>"
    client = await widget_app(aiohttp_client, tmp_path, exit_url=hostile)
    for path in ("/", "/privacy"):
        html = await (await client.get(path)).text()
        assert "<script>alert" not in html, path
    page = await (await client.get("/")).text()
    settings_json = re.search(r"data-settings='([^']*)'", page).group(1)
    assert json.loads(html_module.unescape(settings_json))["exitUrl"] == hostile
