"""Reading YAML: the line of every key and item, plain scalars only, bounded nesting."""

import datetime

import pytest

from tertib.sop.yamlsource import MAX_DEPTH, SourceError, read_source, shown_tag


def test_lines_of_keys_and_items():
    source = read_source("a: 1\nb:\n  - x\n  - c: 2\n    d: [3, 4]\n")

    assert source.data == {"a": 1, "b": ["x", {"c": 2, "d": [3, 4]}]}
    assert source.line_of(("a",)) == 1
    assert source.line_of(("b", 0)) == 3
    assert source.line_of(("b", 1, "d")) == 5
    assert source.line_of(("b", 1, "d", 1)) == 5


def test_line_of_a_missing_path_is_its_nearest_parent():
    source = read_source("a: 1\nb:\n  c: 2\n")

    assert source.line_of(("b", "tidak_ada", 3)) == 2  # the line of the key b
    assert source.line_of(("tidak_ada",)) == 1
    assert source.line_of(()) == 1


def test_scalars_keep_their_yaml_types_but_keys_stay_text():
    source = read_source("no: 3\nyes: no\n2: 2023-06-05\nx: ~\n")

    assert source.data == {"no": 3, "yes": False, "2": datetime.date(2023, 6, 5), "x": None}


def test_impossible_date_is_left_as_text():
    assert read_source("d: 2023-02-30\n").data == {"d": "2023-02-30"}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\na: 2\n", 2, "kunci 'a' ditulis dua kali"),
        ("a:\n  b: 1\n  b: 2\n", 3, "kunci 'b' ditulis dua kali"),
        ("a: !!python/tuple [1]\n", 1, "tag YAML '!!python/tuple' tidak diizinkan"),
        ("a: !lokal x\n", 1, "tag YAML '!lokal' tidak diizinkan"),
        ("!!map\nb: 1\n", None, None),  # an explicit plain tag is fine
        ("a: &x 1\n", 1, "anchor dan alias YAML (& dan *) tidak diizinkan"),
        ("", 1, "berkas kosong"),
        ("a: [1, 2\n", 2, None),
    ],
)
def test_what_the_reader_refuses(text, line, message):
    if line is None:
        assert read_source(text).data == {"b": 1}
        return
    with pytest.raises(SourceError) as refused:
        read_source(text)
    assert refused.value.line == line
    if message:
        assert refused.value.message == message
    else:
        assert refused.value.message.startswith("YAML tidak dapat dibaca: ")


def test_nesting_up_to_the_limit_is_read_and_one_more_is_refused():
    def nested(depth: int) -> str:
        return "[" * depth + "]" * depth

    assert read_source(f"a: {nested(MAX_DEPTH - 1)}\n").data is not None
    with pytest.raises(SourceError) as refused:
        read_source(f"a: {nested(MAX_DEPTH)}\n")
    assert refused.value.message == f"susunan terlalu dalam (lebih dari {MAX_DEPTH} tingkat)"


def test_shown_tag_is_written_as_the_author_wrote_it():
    assert shown_tag("tag:yaml.org,2002:python/object") == "!!python/object"
    assert shown_tag("!lokal") == "!lokal"
