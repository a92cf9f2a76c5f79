import json

from click.testing import CliRunner

from crawler.cli import cli


def test_extract_prints_thread_and_summary(fixtures):
    page = next(fixtures.glob("pipelines/*.html"))
    result = CliRunner().invoke(cli, ["extract", str(page)])
    assert result.exit_code == 0, result.output
    assert "extractor" in result.output and "comments   2" in result.output
    assert "1 of 1 pages extracted, 2 comments, 0 failed" in result.output


def test_extract_json_lines(fixtures):
    page = next(fixtures.glob("pipelines/*.html"))
    result = CliRunner().invoke(cli, ["extract", "--json", str(page)])
    assert result.exit_code == 0
    record = json.loads(result.stdout.splitlines()[0])
    assert record["post"]["title"] == "A small page of our own"
    assert [c["depth"] for c in record["comments"]] == [0, 1]


def test_bad_file_is_reported_and_exit_code_is_non_zero(tmp_path, fixtures):
    bad = tmp_path / "empty.html"
    bad.write_bytes(b"")
    page = next(fixtures.glob("pipelines/*.html"))
    result = CliRunner().invoke(cli, ["extract", str(bad), str(page)])
    assert result.exit_code == 1
    assert f"FAILED {bad}: empty page" in result.output
    assert "1 of 2 pages extracted" in result.output
