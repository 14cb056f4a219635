"""vidi-server-mock against its own /openapi.json, under schemathesis.

Starts the server binary on 127.0.0.1:0 with a fresh data dir and runs
`schemathesis run` on the document it serves: examples, coverage, fuzzing and
stateful phases, at most 20 examples per operation. Every check runs (no 5xx,
status codes, content types, headers and bodies as documented, invalid input
refused, auth not ignored, ...) except `positive_data_acceptance`: a request
that fits the schema can still be refused for the server's state (an unknown
pre-authorized code is `invalid_grant`, an offer for a licence the minor does
not hold is `invalid_request`), as OAuth and the API mean it to be.

The document is also checked against the OpenAPI 3.0 schema
(openapi-spec-validator).

Twice: on a loopback listener with an open admin API, and with an admin
token (sent on every request, so `ignored_auth` checks the admin routes
refuse requests without it).

Environment: VIDI_SERVER_MOCK_BIN (default target/debug/vidi-server-mock),
SCHEMATHESIS_SEED (default 1), SCHEMATHESIS_MAX_EXAMPLES (default 20).
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("VIDI_SERVER_MOCK_BIN", str(ROOT / "target" / "debug" / "vidi-server-mock"))
SEED = os.environ.get("SCHEMATHESIS_SEED", "1")
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "20")


@pytest.fixture(params=[None, "schemathesis-admin-token"], ids=["open-loopback", "admin-token"])
def server(request, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "VIDI_ADMIN_TOKEN"}
    args = [BIN, "--data-dir", str(tmp_path / "data"), "--listen", "127.0.0.1:0", "--quiet"]
    if request.param:
        args += ["--admin-token", request.param]
    child = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
    base = None
    try:
        for line in child.stdout:
            if line.strip().startswith("this machine"):
                base = line.split()[-1]
            if "Ctrl-C" in line:
                break
        assert base, "the server printed no base URL"
        yield base, request.param
    finally:
        child.terminate()
        child.wait(timeout=10)


def test_document_is_valid_openapi():
    with open(ROOT / "server-mock" / "src" / "http" / "openapi.json", encoding="utf-8") as f:
        validate(json.load(f))


def test_schemathesis(server):
    base, token = server
    with urllib.request.urlopen(base + "/openapi.json") as response:
        document = json.load(response)
    # Every operation but the document itself, which schemathesis leaves out.
    operations = sum(
        1
        for path, item in document["paths"].items()
        for method in item
        if method != "parameters" and path != "/openapi.json"
    )
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", base + "/openapi.json",
        "--checks", "all",
        "--exclude-checks", "positive_data_acceptance",
        "--max-examples", MAX_EXAMPLES,
        "--seed", SEED,
        "--generation-database", "none",
        "--request-timeout", "20",
        "--no-color",
    ]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    with tempfile.TemporaryDirectory() as work:
        run = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=600)
    output = run.stdout + run.stderr
    summary = "\n".join(output.strip().splitlines()[-25:])
    assert run.returncode == 0, output
    assert f"Tested: {operations}" in output, summary
    assert " passed" in summary, summary
