"""Compressed responses and versioned static files (tyopaja/web/compress.py)."""

import gzip
import re

GZIP = {"Accept-Encoding": "gzip, deflate"}


def test_the_participant_page_is_gzipped_when_the_browser_accepts_it(client, workshop):
    page = client.get(f"/j/{workshop[0]['code']}", headers=GZIP)
    assert page.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["Vary"]
    html = gzip.decompress(page.data).decode()
    assert "Testityöpaja" in html and int(page.headers["Content-Length"]) == len(page.data)


def test_without_gzip_the_page_comes_as_it_is(client, workshop):
    page = client.get(f"/j/{workshop[0]['code']}", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in page.headers and b"Testity" in page.data


def test_static_files_are_versioned_compressed_and_cached_for_a_year(client, workshop):
    html = client.get(f"/j/{workshop[0]['code']}").get_data(as_text=True)
    urls = re.findall(r'src="(/static/[^"]+\?v=[0-9a-f]{12})"', html)
    assert any("socket.io.min.js" in u for u in urls) and any("chat.js" in u for u in urls)
    for url in urls:
        plain = client.get(url)
        zipped = client.get(url, headers=GZIP)
        assert zipped.headers["Content-Encoding"] == "gzip" and "ETag" not in zipped.headers
        assert gzip.decompress(zipped.data) == plain.data
        assert len(zipped.data) < len(plain.data)
        assert "immutable" in zipped.headers["Cache-Control"]
        assert "max-age=31536000" in zipped.headers["Cache-Control"]
        plain.close()
        zipped.close()


def test_the_version_changes_with_the_content(app, tmp_path):
    from tyopaja.web.compress import _digest

    asset = tmp_path / "a.js"
    asset.write_text("one")
    first = _digest(str(asset), 1, 3)
    asset.write_text("two")
    assert _digest(str(asset), 2, 3) != first


def test_unversioned_static_files_still_revalidate(client):
    response = client.get("/static/js/common.js", headers=GZIP)
    assert "immutable" not in response.headers.get("Cache-Control", "")
    again = client.get(
        "/static/js/common.js",
        headers=dict(GZIP, **{"If-Modified-Since": response.headers["Last-Modified"]}),
    )
    assert again.status_code == 304
    response.close()
    again.close()


def test_small_and_binary_responses_are_left_alone(client):
    assert "Content-Encoding" not in client.get("/healthz", headers=GZIP).headers
    icon = client.get("/static/favicon.svg", headers=GZIP)  # under 500 bytes
    assert "Content-Encoding" not in icon.headers
    icon.close()
