"""The desk index: two libraries gathered into one database, served by a real Datasette.

The server listens on 127.0.0.1 only and is asked over loopback with proxies turned off:
nothing here touches the network.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import refused, run
from workbench.casefile.desk import SIMILAR_CLAIMS, metadata_path
from workbench.casefile.library import Library, ReferenceClaim

BRIDGE = "The bridge over the river Wendle closed to traffic in May"
JOBS = "Unemployment in Ostrava fell to four percent last year"
VACCINE = "Vaccines contain microchips that track people, says a viral post"
BLEACH = ReferenceClaim(claim="Drinking bleach cures the flu", claimant="A post",
                        date="2020-03-01", rating="False", publisher="PolitiFact",
                        url="https://example.org/bleach", language="en")


@pytest.fixture
def libraries(tmp_path: Path) -> tuple[Path, Path]:
    """Two libraries made with the command line: BRIDGE and JOBS in one, VACCINE in the
    other, with BLEACH, a prior check, in its corpus."""
    first, second = tmp_path / "newsroom", tmp_path / "freelance"
    run("new", BRIDGE, "--library", str(first))
    run("new", JOBS, "--library", str(first))
    run("new", VACCINE, "--library", str(second))
    Library(second).add_references([BLEACH])
    return first, second


def _rows(database: Path, sql: str, parameters: dict[str, str] | tuple[()] = ()) -> list[Any]:
    with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=ro",
                                            uri=True)) as connection:
        return connection.execute(sql, parameters).fetchall()


def test_a_desk_index_holds_every_claim_with_its_library_and_a_link(
        tmp_path: Path, libraries: tuple[Path, Path]) -> None:
    database = tmp_path / "desk.db"
    _, out, _ = run("desk", "build", str(database), *map(str, libraries))
    assert "4 claims (newsroom 2, freelance 2)" in out
    assert f"datasette serve -i {database} -m {metadata_path(database)}" in out
    rows = _rows(database, "SELECT library, kind, claim, status, link FROM claims "
                           "WHERE kind = 'case' ORDER BY claim")
    assert [(row[0], row[1], row[2], row[3]) for row in rows] == [
        ("newsroom", "case", BRIDGE, "draft"), ("newsroom", "case", JOBS, "draft"),
        ("freelance", "case", VACCINE, "draft")]
    assert _rows(database, "SELECT library, claim, claimant, rating, publisher, updated, link "
                           "FROM claims WHERE kind = 'reference'") == [
        ("freelance", BLEACH.claim, "A post", "False", "PolitiFact", "2020-03-01", BLEACH.url)]
    for *_, link in rows:
        case_file = Path(urllib.parse.unquote(urllib.parse.urlparse(link).path))
        assert case_file.is_file() and case_file.name.endswith(".case.db")
    found = _rows(database, "SELECT claims.claim FROM claims_fts JOIN claims "
                            "ON claims.id = claims_fts.rowid WHERE claims_fts MATCH 'wendle'")
    assert found == [(BRIDGE,)]
    metadata = json.loads(metadata_path(database).read_text("utf-8"))
    table = metadata["databases"]["desk"]["tables"]["claims"]
    assert {"status", "rating", "claimant", "publisher"} <= set(table["facets"])
    assert table["fts_table"] == "claims_fts"
    assert metadata["databases"]["desk"]["queries"]["similar_claims"]["sql"] == SIMILAR_CLAIMS


@pytest.mark.parametrize("text", ['microchips" OR *', "NEAR(a b)", "-", "qwerty asdf", ""])
def test_similar_claims_reads_any_text_as_words(tmp_path: Path, libraries: tuple[Path, Path],
                                                text: str) -> None:
    database = tmp_path / "desk.db"
    run("desk", "build", str(database), *map(str, libraries))
    found = [row[1] for row in _rows(database, SIMILAR_CLAIMS, {"text": text})]
    assert found == ([VACCINE] if "microchips" in text else [])


def test_a_desk_index_is_rebuilt_whole(tmp_path: Path, libraries: tuple[Path, Path]) -> None:
    database = tmp_path / "desk.db"
    run("desk", "build", str(database), *map(str, libraries))
    run("new", "A second claim in the freelance library", "--library", str(libraries[1]))
    _, out, _ = run("desk", "build", str(database), str(libraries[1]))
    assert "3 claims (freelance 3)" in out
    assert _rows(database, "SELECT DISTINCT library FROM claims") == [("freelance",)]
    assert not list(tmp_path.glob(".desk.db*"))


def test_a_file_that_is_not_a_desk_index_is_left_alone(tmp_path: Path,
                                                      libraries: tuple[Path, Path]) -> None:
    other = tmp_path / "notes.db"
    with contextlib.closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.commit()
    refused(other, "desk", "build", str(other), str(libraries[0]),
            message="exists and is not a desk index")
    assert not metadata_path(other).exists()
    text = tmp_path / "readme.txt"
    text.write_text("not a database", "utf-8")
    refused(text, "desk", "build", str(text), str(libraries[0]),
            message="exists and is not a desk index")


def test_metadata_of_no_desk_is_left_alone(tmp_path: Path, libraries: tuple[Path, Path]) -> None:
    metadata = tmp_path / "desk.metadata.json"
    metadata.write_text("{}", "utf-8")
    refused(metadata, "desk", "build", str(tmp_path / "desk.db"), str(libraries[0]),
            message="belongs to no desk index")
    assert not (tmp_path / "desk.db").exists()


def test_a_folder_that_is_no_library_is_refused(tmp_path: Path,
                                                libraries: tuple[Path, Path]) -> None:
    code, out, err = run("desk", "build", str(tmp_path / "desk.db"), str(libraries[0]),
                         str(tmp_path / "nowhere"), ok=False)
    assert (code, out) == (1, "")
    assert err == f"workbench: {tmp_path / 'nowhere'}: not a library (no case files, no index)\n"
    assert not (tmp_path / "desk.db").exists()


def test_without_libraries_named_the_desk_gathers_your_library(
        tmp_path: Path, libraries: tuple[Path, Path]) -> None:
    database = tmp_path / "desk.db"
    _, out, _ = run("--library", str(libraries[0]), "desk", "build", str(database))
    assert "2 claims (newsroom 2)" in out
    assert _rows(database, "SELECT count(*) FROM claims WHERE library = 'newsroom'") == [(2,)]


# Datasette, for real, on loopback

#: No proxy from the environment: the requests go straight to 127.0.0.1.
_LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_START_LIMIT = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> Any:
    with _LOOPBACK.open(url, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


@contextlib.contextmanager
def _datasette(database: Path) -> Iterator[str]:
    """A Datasette serving ``database`` (immutable) with its metadata; yields its URL."""
    pytest.importorskip("datasette")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", "-i", str(database),
         "-m", str(metadata_path(database)), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + _START_LIMIT
        while True:
            try:
                _get(f"{url}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    _, errors = server.communicate(timeout=5)
                    pytest.fail(f"datasette did not start: {errors.decode(errors='replace')}")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stderr:
            server.stderr.close()


def test_datasette_serves_the_desk_and_finds_a_claim_from_each_library(
        tmp_path: Path, libraries: tuple[Path, Path]) -> None:
    database = tmp_path / "desk.db"
    run("desk", "build", str(database), *map(str, libraries))
    with _datasette(database) as url:
        searched = _get(f"{url}/desk/claims.json?_shape=array&_search="
                        + urllib.parse.quote("bridge Wendle"))
        assert [(row["claim"], row["library"]) for row in searched] == [(BRIDGE, "newsroom")]
        similar = _get(f"{url}/desk/similar_claims.json?_shape=array&text="
                       + urllib.parse.quote("vacines contain microchips, a viral post says"))
        assert [(row["claim"], row["library"]) for row in similar] == [(VACCINE, "freelance")]
        assert similar[0]["link"].startswith("file://")
        facets = _get(f"{url}/desk/claims.json?_facet=library")
        counts = {item["value"]: item["count"]
                  for item in facets["facet_results"]["library"]["results"]}
        assert counts == {"newsroom": 2, "freelance": 2}
        prior = _get(f"{url}/desk/claims.json?_shape=array&publisher=PolitiFact")
        assert [(row["claim"], row["link"]) for row in prior] == [(BLEACH.claim, BLEACH.url)]

