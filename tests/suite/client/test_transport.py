"""The transport (aether_suite/client/transport.py), against small loopback servers of the test's own."""
import gc
import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from aether_suite.client.meter import HttpMeter
from aether_suite.client.together import together
from aether_suite.client.transport import Transport, display_url
from aether_suite.errors import ServerUnreachable, UnusableAnswer


class _Server(ThreadingHTTPServer):
    """Answers every request with ``self.answer(handler)``; keeps the request lines and connections seen."""

    daemon_threads = True

    def __init__(self, answer):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer, self.seen, self.connections = answer, [], 0
        self.url = f"http://127.0.0.1:{self.server_port}"

    def process_request(self, request, client_address):
        self.connections += 1
        super().process_request(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.server.seen.append((self.requestline, dict(self.headers)))
        self.server.answer(self)

    do_POST = do_GET

    def log_message(self, *args):
        pass


def _send(handler, status, body: bytes, **headers):
    handler.send_response(status)
    for name, value in {"Content-Type": "application/json", **headers}.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def serve():
    servers = []

    def start(answer) -> _Server:
        server = _Server(answer)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _transport(server, **options) -> Transport:
    return Transport(server.url, timeout=options.pop("timeout", 2), meter=HttpMeter(), **options)


def test_answers_are_read_whole_over_one_kept_alive_connection(serve):
    server = serve(lambda handler: _send(handler, 200, b'{"status": "ok"}'))
    transport = _transport(server)
    answers = [transport.request("GET", "/v3/health").json() for _ in range(3)]
    assert answers == [{"status": "ok"}] * 3 and server.connections == 1
    assert transport.meter.requests == 3
    transport.close()


def test_a_finished_threads_connection_is_closed_as_the_thread_ends(serve):
    """Without waiting for the garbage collector: twenty requests sent together leave no connection open."""
    server = serve(lambda handler: _send(handler, 200, b'{"status": "ok"}'))
    transport = _transport(server)
    gc.disable()
    try:
        together(*[lambda: transport.request("GET", "/v3/health") for _ in range(20)])
        assert len(transport._connections) == 0
    finally:
        gc.enable()
    assert server.connections == 20


def test_a_gzip_answer_is_decoded(serve):
    body = json.dumps({"rows": ["x" * 100] * 1000}).encode()
    server = serve(lambda handler: _send(handler, 200, gzip.compress(body), Content_Encoding="gzip"))
    assert _transport(server).request("GET", "/v3/x").content == body


def test_an_answer_that_decodes_beyond_the_cap_is_not_read_further(serve):
    bomb = gzip.compress(b"\0" * 10_000_000)
    server = serve(lambda handler: _send(handler, 200, bomb, Content_Encoding="gzip"))
    with pytest.raises(UnusableAnswer) as error:
        _transport(server, max_answer_bytes=1_000_000).request("GET", "/v3/health")
    assert str(error.value) == ("the answer to GET /v3/health is larger than the 0 MB the suite reads of an answer "
                                "(more than that came, decoded); it was not read further")


def test_a_declared_length_beyond_the_cap_is_refused_before_reading(serve):
    server = serve(lambda handler: _send(handler, 200, b"x" * 3_000_000))
    with pytest.raises(UnusableAnswer, match=r"\(3000000 bytes, by its Content-Length\)"):
        _transport(server, max_answer_bytes=2**20).request("GET", "/v3/health")


def test_a_redirect_is_reported_with_its_target_host_and_not_followed(serve):
    elsewhere = serve(lambda handler: _send(handler, 200, b"{}"))
    server = serve(lambda handler: _send(handler, 307, b"", Location=f"{elsewhere.url}/steal"))
    with pytest.raises(UnusableAnswer) as error:
        _transport(server).request("POST", "/v3/crud/event_exhibit", json={"name": "x"},
                                   headers={"x-aether-api-key": "k"})
    assert str(error.value) == (f"POST /v3/crud/event_exhibit answered 307 Temporary Redirect, a redirect to "
                                f"127.0.0.1:{elsewhere.server_port}; the suite follows no redirect, so nothing was "
                                f"sent there")
    assert elsewhere.seen == []


def test_not_modified_is_no_redirect(serve):
    server = serve(lambda handler: (handler.send_response(304), handler.send_header("ETag", '"a"'),
                                    handler.end_headers()))
    assert _transport(server).request("GET", "/v3/action/file/f/download").status_code == 304


def test_a_short_streamed_body_fails_in_one_line_when_read(serve):
    def short(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        handler.wfile.write(b"x" * 10)
        handler.close_connection = True

    server = serve(short)
    response = _transport(server).request("GET", "/v3/action/file/f/download", stream=True)
    with pytest.raises(ServerUnreachable) as error:
        b"".join(response.iter_content(64))
    assert str(error.value).endswith("the answer to GET /v3/action/file/f/download was cut short: 10 of its "
                                     "1000 bytes came before the connection closed")


def test_a_proxy_from_the_environment_gets_the_whole_url_and_no_proxy_bypasses_it(serve, monkeypatch):
    target = serve(lambda handler: _send(handler, 200, b'{"direct": true}'))
    proxy = serve(lambda handler: _send(handler, 200, b'{"proxied": true}'))
    monkeypatch.setenv("HTTP_PROXY", f"http://proxy-user:proxy-pw@127.0.0.1:{proxy.server_port}")
    monkeypatch.setenv("NO_PROXY", "")
    assert _transport(target).request("GET", "/v3/health").json() == {"proxied": True}
    [(line, headers)] = proxy.seen
    assert line == f"GET {target.url}/v3/health HTTP/1.1" and headers["Proxy-Authorization"].startswith("Basic ")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert _transport(target).request("GET", "/v3/health").json() == {"direct": True}


def test_urls_are_shown_without_credentials():
    assert display_url("https://user:pw@aether.test:8443/x") == "https://aether.test:8443/x"
    assert display_url("http://aether.test") == "http://aether.test"


@pytest.fixture
def https_server(serve, tmp_path):
    """An HTTPS server whose certificate no public authority signed: a private CA's, as REQUESTS_CA_BUNDLE names."""
    import shutil  # noqa: PLC0415
    import ssl  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=private-ca",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    server = serve(lambda handler: _send(handler, 200, b'{"status": "ok"}'))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.url = f"https://127.0.0.1:{server.server_port}"
    return server, cert


def test_a_private_ca_is_trusted_through_requests_ca_bundle(https_server, monkeypatch):
    server, cert = https_server
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with pytest.raises(ServerUnreachable, match=r"TLS failed for GET /v3/health: .*CERTIFICATE_VERIFY_FAILED.* "
                                                r"\(see REQUESTS_CA_BUNDLE in the README\)$"):
        _transport(server).request("GET", "/v3/health")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    assert _transport(server).request("GET", "/v3/health").json() == {"status": "ok"}
