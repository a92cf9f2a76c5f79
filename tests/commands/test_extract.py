import json

from click.testing import CliRunner

from crawler.cli import cli


def test_extract_prints_thread_and_summary(fixtures):
    page = next(fixtures.glob("pipelines/*.html"))
    result = CliRunner().invoke(cli, ["extract", str(page)])
    assert result.exit_code == 0, result.output
    assert "extractor" in result.output and "comments   2" in result.output
    assert "1 of 1 pages extracted, 2 comments, 0 failed" in result.output


def test_extract_json_is_one_array_and_nl_one_object_a_line(fixtures, tmp_path):
    page = next(fixtures.glob("pipelines/*.html"))
    bad = tmp_path / "empty.html"
    bad.write_bytes(b"")
    as_array = CliRunner().invoke(cli, ["extract", "--json", str(page), str(bad), str(page)])
    assert as_array.exit_code == 1  # the empty page failed; the others are still printed
    records = json.loads(as_array.stdout)  # one JSON value; the summary went to stderr
    assert [r["post"]["title"] for r in records] == ["A small page of our own"] * 2
    assert [c["depth"] for c in records[0]["comments"]] == [0, 1]
    assert "2 of 3 pages extracted" in as_array.stderr
    as_lines = CliRunner().invoke(cli, ["extract", "--nl", str(page), str(bad), str(page)])
    assert [json.loads(line) for line in as_lines.stdout.splitlines()] == records


def test_extract_json_with_no_page_read_is_an_empty_array(tmp_path):
    bad = tmp_path / "empty.html"
    bad.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", "--json", str(bad)])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert CliRunner().invoke(cli, ["extract", "--nl", str(bad)]).stdout == ""


def test_bad_file_is_reported_and_exit_code_is_non_zero(tmp_path, fixtures):
    bad = tmp_path / "empty.html"
    bad.write_bytes(b"")
    page = next(fixtures.glob("pipelines/*.html"))
    result = CliRunner().invoke(cli, ["extract", str(bad), str(page)])
    assert result.exit_code == 1
    assert f"FAILED {bad}: empty page" in result.output
    assert "1 of 2 pages extracted" in result.output


def test_extract_reads_a_warc_as_import_does(fixtures, tmp_path):
    """A WARC's pages, under their own URLs: the route `import` takes, without storing."""
    from tests.test_one_route import write_warc

    body = next(fixtures.glob("pipelines/*.html")).read_bytes()
    warc = tmp_path / "pages.warc.gz"
    write_warc(warc, "http://127.0.0.1:9", {"/a/": body, "/b/": body})
    result = CliRunner().invoke(cli, ["extract", "--nl", str(warc)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [len(r["comments"]) for r in records] == [2, 2]
    assert "2 of 2 pages extracted, 4 comments" in result.stderr


def test_hostile_pages_are_each_extracted_or_reported_and_none_stops_the_run(corpus, tmp_path):
    """The pages of tests/mockserver/hostile.py: the image is reported, every other page
    read; no traceback ends the run."""
    from tests.mockserver.hostile import write_hostile_folder

    inputs = write_hostile_folder(tmp_path / "hostile", corpus)
    result = CliRunner().invoke(cli, ["extract", "--no-tree", str(tmp_path / "hostile")])
    # exit code 1 from the failed pages, not from an exception escaping
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert f"{inputs - 2} of {inputs} pages extracted" in result.output
    assert "2 failed" in result.output
    assert result.output.count("binary content (a PNG image), not an HTML page") == 2
    assert "problem    nested deeper than 256 levels" in result.output
