"""The quoting functions outside text goes through before it becomes Python, YAML or SQL:
property tests over hostile text (line breaks of every kind, quotes, backslashes, bidi marks,
surrogates) check that what is written reads back as exactly that text and nothing more."""

from __future__ import annotations

import ast

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from archdocs.quoting import (
    one_line,
    python_comment,
    python_docstring_text,
    python_string,
    sql_identifier,
    yaml_scalar,
)

HOSTILE = st.lists(
    st.one_of(
        st.sampled_from(['"', "'", "\\", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028",
                         "\u2029", "\u202e", "\u200f", "\x00", "#", ":", "-", "{", "}", "`",
                         "$", ";", "*", "&", "!", "%", "@", '"""', "'''", "\\N", "\\x"]),
        st.characters(),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300)
@given(HOSTILE)
def test_a_comment_is_one_line_that_the_parser_ignores(text):
    comment = python_comment(text)
    assert comment.splitlines() == [comment]
    tree = ast.parse(f"x = 1\n{comment}\ny = 2\n")
    assert [type(node).__name__ for node in tree.body] == ["Assign", "Assign"]


@settings(max_examples=300)
@given(HOSTILE)
def test_a_docstring_reads_back_as_the_one_line_text(text):
    inside = python_docstring_text(text)
    tree = ast.parse(f'"""Models of {inside}."""\nx = 1\n')
    assert ast.get_docstring(tree, clean=False) == f"Models of {one_line(text)}."
    assert len(tree.body) == 2


@settings(max_examples=300)
@given(HOSTILE)
def test_a_python_string_reads_back_as_the_text(text):
    assert ast.literal_eval(python_string(text)) == text


@settings(max_examples=300)
@given(HOSTILE)
def test_a_yaml_value_reads_back_as_the_text_and_adds_no_key(text):
    document = yaml.safe_load(f"site_name: {yaml_scalar(text)}\ntheme: material\n")
    assert document == {"site_name": text, "theme": "material"}


def test_sql_identifiers_are_quoted_by_the_dialect():
    assert sql_identifier("orders", "postgresql") == "orders"
    assert sql_identifier('Ix "x"; DROP TABLE t', "postgresql") == '"Ix ""x""; DROP TABLE t"'
    assert sql_identifier("ix`x", "mysql") == "`ix``x`"
