"""One table of parameters: the command line, the notebooks and the API read, check and
default every parameter the same way, with the same message."""

from __future__ import annotations

import pytest

from analysis.cli import parser
from analysis.compute.parameters import PARAMETERS, read_parameters
from analysis.dataset.errors import UsageError
from analysis.notebook import setup
from analysis.report.options import BUILD_PARAMETERS


def test_every_build_option_is_a_parameter_of_the_table_with_its_name():
    build = parser()._subparsers._group_actions[0].choices["build"]
    options = {a.dest: a.option_strings for a in build._actions if a.dest != "help"}
    assert set(options) == set(BUILD_PARAMETERS)
    for name, strings in options.items():
        assert strings == [PARAMETERS[name].option]  # --as-of for as_of: one name


@pytest.mark.parametrize(
    ("name", "bad"),
    [("lang", "fr"), ("currency", "XYZ"), ("year", "²⁰¹⁰"), ("as_of", "20x5"), ("kind", "foo")],
)
def test_a_bad_value_gets_the_same_message_on_the_command_line_and_in_a_notebook(name, bad):
    with pytest.raises(UsageError) as in_notebook:
        read_parameters({name: bad}, [name])
    with pytest.raises(UsageError) as on_command_line:
        read_parameters({name: bad}, [name], command_line=True)
    (notebook,), (command,) = in_notebook.value.problems, on_command_line.value.problems
    assert notebook.expected == command.expected == PARAMETERS[name].expected
    assert notebook.field == name and command.field == PARAMETERS[name].option


def test_setup_checks_its_parameters_by_the_table():
    with pytest.raises(UsageError) as caught:
        setup(lang="fr", currency="XYZ")
    fields = {p.field: p.expected for p in caught.value.problems}
    assert fields == {
        "lang": PARAMETERS["lang"].expected,
        "currency": PARAMETERS["currency"].expected,
    }


def test_defaults_are_named_once_in_the_table():
    values = read_parameters({}, ["lang", "currency", "year", "as_of", "kind"])
    assert values == {"lang": "da", "currency": "DKK", "year": 2010, "as_of": None, "kind": ""}
