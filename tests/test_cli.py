"""The command line, run as a user runs it: real files, real exit codes, one-line errors."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.support import SAMPLE_CASES
from workbench.casefile import CaseFile
from workbench.cli import main
from workbench.formats.case_json import case_to_json
from workbench.model import Case


def run(*args: str, ok: bool = True) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_new_list_and_json(library: Path) -> None:
    _, out, _ = run("new", "Crime doubled last year", "--scale", "politifact")
    path = Path(out.strip())
    assert path.parent == library and path.name == "crime-doubled-last-year.case.db"
    _, out, _ = run("new", "Crime doubled last year")
    assert Path(out.strip()).name == "crime-doubled-last-year-2.case.db"
    _, out, _ = run("list", "--json")
    entries = json.loads(out)
    assert {tuple(sorted(e)) for e in entries} == {
        ("claim", "path", "rating", "status", "title", "updated")}
    assert {e["claim"] for e in entries} == {"Crime doubled last year"}
    _, out, _ = run("list")
    assert "draft" in out and "Crime doubled last year" in out


def test_library_option_beats_the_environment(tmp_path: Path, library: Path) -> None:
    other = tmp_path / "other"
    run("--library", str(other), "new", "One")
    run("new", "Two", "--library", str(other))
    _, out, _ = run("list", "--json", "--library", str(other))
    assert sorted(e["claim"] for e in json.loads(out)) == ["One", "Two"]
    assert not library.exists() or not list(library.glob("*.case.db"))


def test_empty_library_says_what_to_do(library: Path) -> None:
    _, out, err = run("list")
    assert out == "" and 'workbench new "CLAIM"' in err
    _, out, _ = run("list", "--json")
    assert json.loads(out) == []


@pytest.mark.parametrize("sample", SAMPLE_CASES, ids=lambda p: p.stem)
def test_sample_cases_round_trip_byte_identical(sample: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.case.db"
    run("import", str(sample), "-o", str(first))
    exported = tmp_path / "first.json"
    run("export", str(first), "--format", "json", "-o", str(exported))
    assert exported.read_text("utf-8") == sample.read_text("utf-8")
    second = tmp_path / "second.case.db"
    run("import", str(exported), "-o", str(second))
    _, again, _ = run("export", str(second), "--format", "json")
    assert again == exported.read_text("utf-8")


def test_import_into_the_library(library: Path, small_case: Case, tmp_path: Path) -> None:
    document = tmp_path / "case.json"
    document.write_text(case_to_json(small_case), "utf-8")
    _, out, _ = run("import", str(document))
    path = Path(out.strip())
    assert path.parent == library
    with CaseFile.open(path) as case_file:
        assert case_file.load() == small_case


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (lambda d: None, ["export", "{d}/missing.case.db", "--format", "json"], "no such file"),
        (lambda d: (d / "r.case.db").write_bytes(b"\x00\xff" * 900),
         ["export", "{d}/r.case.db", "--format", "json"], "not an SQLite database"),
        (lambda d: None, ["export", "{d}", "--format", "json"], "is a directory"),
        (lambda d: (d / "r.case.db").write_bytes(b"\x00\xff" * 900),
         ["open", "{d}/r.case.db"], "not an SQLite database"),
        (lambda d: (d / "c.json").write_text("{broken"), ["import", "{d}/c.json"],
         "not valid JSON"),
        (lambda d: (d / "c.json").write_bytes(b"\xff\xfe{}"), ["import", "{d}/c.json"],
         "not UTF-8"),
        (lambda d: None, ["import", "{d}/none.json"], "no such file"),
        (lambda d: (d / "c.txt").write_text("x"), ["import", "{d}/c.txt"], "neither an article"),
        (lambda d: None, ["new", "  "], "claim is empty"),
        (lambda d: None, ["new", "x", "--scale", "stars"], "unknown rating scale"),
        (lambda d: None, ["new", "x", "-o", "{d}/no/such/dir/x.case.db"], "no such folder"),
    ],
    ids=["export-missing", "export-random", "export-dir", "open-random", "import-bad-json",
         "import-not-utf8", "import-missing", "import-txt", "new-empty", "new-bad-scale",
         "new-bad-folder"],
)
def test_bad_input_is_one_line_and_changes_nothing(tmp_path: Path, library: Path, setup,
                                                   args: list[str], message: str) -> None:
    setup(tmp_path)
    before = {p: digest(p) for p in tmp_path.rglob("*")}
    code, out, err = run(*[a.format(d=tmp_path) for a in args], ok=False)
    assert code == 1
    assert err.count("\n") == 1 and message in err and err.startswith("workbench: ")
    assert "Traceback" not in out + err
    assert {p: digest(p) for p in tmp_path.rglob("*")} == before


def test_export_to_a_file_replaces_it_whole(tmp_path: Path, small_case: Case) -> None:
    path = tmp_path / "c.case.db"
    CaseFile.create(path, small_case).close()
    target = tmp_path / "out.json"
    target.write_text("old")
    run("export", str(path), "--format", "json", "-o", str(target))
    assert json.loads(target.read_text())["id"] == small_case.id
    # Nothing left but the case, its lock file and the export: no temporary file.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".c.case.db.lock", "c.case.db", "out.json"]


def test_import_never_overwrites(tmp_path: Path, small_case: Case) -> None:
    document = tmp_path / "case.json"
    document.write_text(case_to_json(small_case), "utf-8")
    target = tmp_path / "taken.case.db"
    target.write_text("someone else's")
    code, _, err = run("import", str(document), "-o", str(target), ok=False)
    assert code == 1 and "already exists" in err
    assert target.read_text() == "someone else's"


def test_help_does_not_load_textual_or_sqlite_utils() -> None:
    probe = (
        "import sys; from workbench.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('textual', 'sqlite_utils') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip().endswith("[]")


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "workbench", "--help"], capture_output=True,
                            text=True, check=True)
    assert "workbench" in result.stdout and "import" in result.stdout


SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def test_import_reads_the_seed_article_and_claimreview(library: Path) -> None:
    seed = SHARED / "reference" / "seed-article.txt"
    review = SHARED / "reference" / "claimreview-schemaorg-example.jsonld"
    if not seed.exists():
        pytest.skip("../shared is not beside the repository")
    _, out, _ = run("import", str(seed))
    with CaseFile.open(Path(out.strip())) as case_file:
        case = case_file.load()
    assert [s.number for s in case.sources] == [1, 2, 3, 4, 5, 6]
    assert len(case.sections) == 7
    _, out, _ = run("import", str(review))
    with CaseFile.open(Path(out.strip())) as case_file:
        assert case_file.load().verdict.rating == "Pants on Fire"


def test_bulk_import_reports_bad_rows_and_keeps_going(library: Path, tmp_path: Path) -> None:
    table = tmp_path / "claims.csv"
    table.write_text('claim,speaker\n"Taxes doubled",Ann\n,Nobody\n"Crime fell",Bo\n', "utf-8")
    code, out, err = run("import", str(table), ok=False)
    assert code == 1
    assert f"{table}:3: empty claim" in err
    assert "Queued 2 claims" in out
    assert not list(library.glob("*.case.db"))
    _, out, _ = run("corpus", "list", "--queued", "--json")
    queued = {row["claim"]: row["id"] for row in json.loads(out)}
    assert sorted(queued) == ["Crime fell", "Taxes doubled"]
    _, out, _ = run("corpus", "open", str(queued["Crime fell"]))
    assert Path(out.strip()) == library / "crime-fell.case.db"
    assert [p.name for p in library.glob("*.case.db")] == ["crime-fell.case.db"]
    code, _, err = run("import", str(table), "-o", str(tmp_path / "x.case.db"), ok=False)
    assert code == 1 and "leave out -o" in err


def test_import_of_an_empty_file_changes_nothing(library: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("")
    code, _, err = run("import", str(empty), ok=False)
    assert code == 1 and err == f"workbench: {empty}: empty file\n"
    assert not list(library.glob("*.case.db"))


def _sample(name: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{name}.case.db"
    run("import", str(REPO / "sample_cases" / f"{name}.json"), "-o", str(path))
    return path


REPO = Path(__file__).resolve().parent.parent


def test_putin_case_exports_to_every_format(tmp_path: Path, isolated_config: Path) -> None:
    from html.parser import HTMLParser

    from markdown_it import MarkdownIt

    isolated_config.write_text('[organisation]\nname = "Example Checks"\n'
                               'review_url = "https://checks.example.org/{slug}"\n')
    case_path = _sample("putin-nato", tmp_path)
    outputs = {}
    for format_name in ("md", "html", "txt", "json", "claimreview"):
        target = tmp_path / f"putin.{format_name}"
        run("export", str(case_path), "--format", format_name, "-o", str(target))
        outputs[format_name] = target.read_text("utf-8")
    headings = [t.content for t in MarkdownIt().parse(outputs["md"]) if t.type == "inline"]
    assert "Executive summary" in headings
    assert ("Bottom line: what can be said with confidence and what remains unresolved"
            in headings)
    HTMLParser().feed(outputs["html"])
    assert 'application/ld+json' in outputs["html"] and "DRAFT" not in outputs["html"]
    assert outputs["txt"].startswith("Fact check:")
    review = json.loads(outputs["claimreview"])
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == "Mixture"
    assert review["url"] == "https://checks.example.org/did-putin-ask-to-join-nato"
    assert review["author"]["name"] == "Example Checks"
    assert json.loads(outputs["json"])["title"] == "Did Putin ask to join NATO?"


def test_a_case_with_errors_exports_only_when_forced(tmp_path: Path) -> None:
    case_path = _sample("obama-carbon-pollution", tmp_path)
    target = tmp_path / "draft.html"
    code, _, err = run("export", str(case_path), "--format", "html", "-o", str(target), ok=False)
    assert code == 1 and "readiness error" in err and "--force" in err
    assert not target.exists()
    run("export", str(case_path), "--format", "html", "-o", str(target), "--force")
    assert "DRAFT" in target.read_text("utf-8")
    _, out, _ = run("export", str(case_path), "--format", "claimreview", "--force")
    # No organisation configured: marked incomplete as well as draft.
    assert json.loads(out)["creativeWorkStatus"] == "Draft; Incomplete: no url, no author"
    # The lossless JSON is a backup: never blocked, never stamped.
    _, out, _ = run("export", str(case_path), "--format", "json")
    assert "DRAFT" not in out


def test_check_lists_findings_and_exits_by_errors(tmp_path: Path) -> None:
    draft = _sample("obama-carbon-pollution", tmp_path)
    code, out, _ = run("check", str(draft), "--json", ok=False)
    assert code == 1
    findings = json.loads(out)
    assert {"code", "severity", "where", "message"} <= set(findings[0])
    assert {"citation-without-source", "empty-section"} <= {
        f["code"] for f in findings if f["severity"] == "error"}
    code, out, _ = run("check", str(_sample("putin-nato", tmp_path)))
    assert code == 0 and "0 errors" in out


def test_seed_article_import_then_check_lists_the_stubs(library: Path) -> None:
    seed = SHARED / "reference" / "seed-article.txt"
    if not seed.exists():
        pytest.skip("../shared is not beside the repository")
    _, out, _ = run("import", str(seed))
    _, out, _ = run("check", out.strip(), "--json", ok=False)
    lacking = {f["where"] for f in json.loads(out) if f["code"] == "source-without-motive"}
    assert lacking == {f"source [{n}]" for n in range(1, 7)}


def test_match_and_reindex(library: Path) -> None:
    for claim in ("The unemployment rate doubled under the governor",
                  "Crime in the city fell by half since 2010",
                  "The new stadium cost taxpayers two billion dollars"):
        run("new", claim)
    _, out, _ = run("match", "crime in teh city fell by half", "--json", "--limit", "2")
    found = json.loads(out)
    assert found[0]["claim"] == "Crime in the city fell by half since 2010"
    assert {"path", "title", "claim", "status", "rating", "updated", "score", "kind",
            "publisher", "url", "id"} == set(found[0])
    assert found[0]["kind"] == "case"
    assert all("stadium" not in m["claim"] for m in found)
    _, out, _ = run("reindex")
    assert "Indexed 3 cases" in out
    code, _, err = run("match", "  ", ok=False)
    assert code == 1 and "nothing to match" in err
