"""Every data file is checked on load (its patterns by the tests and where they are used): a broken
copy gives one DataError naming file, entry and problem."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import regex

from extract.core import datafiles
from extract.core.dataspecs import SPECS
from extract.core.errors import CuofengError, DataError

#: A value of the wrong shape for each kind of entry, and the words the error must use.
_BROKEN: dict[str, tuple[Any, str]] = {
    "pattern": ("(unclosed", "bad pattern"),
    "patterns": (["ok", "[unclosed"], "bad pattern"),
    "words": ([], "non-empty array"),
    "str": (3, "must be str"),
    "int": ("7", "must be int"),
    "number": ("0.5", "must be number"),
    "bool": ("yes", "must be bool"),
    "table": (["not", "a", "table"], "must be table"),
    "array": ({"not": "an array"}, "must be array"),
}


def _cases() -> list[Any]:
    cases = []
    for name, spec in SPECS.items():
        if name == "render.toml" and name not in _present():
            continue
        for path, kind in spec.items():
            cases.append(pytest.param(name, path, kind, id=f"{name}:{path}"))
    return cases


def _present() -> set[str]:
    from importlib import resources

    return {p.name for p in resources.files("extract.data").iterdir()}


def _set(data: dict[str, Any], path: str, value: Any) -> str:
    """Put ``value`` at ``path`` (the first item of an array for ``a[]``); the entry it names."""
    node: Any = data
    entry = []
    parts = path.split(".")
    for part in parts[:-1]:
        key = part.removesuffix("[]")
        node = node[key]
        entry.append(key)
        if part.endswith("[]"):
            node = node[0]
            entry[-1] += "[0]"
    last = parts[-1]
    if last.endswith("[]"):  # an array of tables named by itself: break its first item
        node[last[:-2]][0] = value
        return ".".join([*entry, last[:-2] + "[0]"])
    node[last] = value
    return ".".join([*entry, last])


@pytest.mark.parametrize(("name", "path", "kind"), _cases())
def test_a_broken_entry_is_named(name: str, path: str, kind: str) -> None:
    data = copy.deepcopy(datafiles.load(name))
    value, words = _BROKEN[kind]
    entry = _set(data, path, value)
    with pytest.raises(DataError) as err:
        datafiles.check(name, data)
    assert err.value.file == name
    assert err.value.entry.startswith(entry)
    assert words in err.value.problem
    assert str(err.value).startswith(f"{name}: {entry}")


@pytest.mark.parametrize(("name", "path"), [pytest.param(n, p, id=f"{n}:{p}") for n, s in SPECS.items()
                                            if n != "render.toml" or n in _present()
                                            for p in list(s)[:1]])
def test_a_missing_entry_is_named(name: str, path: str) -> None:
    data = copy.deepcopy(datafiles.load(name))
    first = path.split(".")[0].removesuffix("[]")
    del data[first]
    with pytest.raises(DataError, match=rf"^{name}: {first}: missing$"):
        datafiles.check(name, data)


def test_a_bad_regex_in_rules_toml_names_file_and_entry() -> None:
    text = datafiles.read_text("rules.toml").replace("coking = '", "coking = '(?P<x", 1)
    with pytest.raises(DataError, match=r"^rules\.toml: actions\.coking: bad pattern: "):
        datafiles.parse("rules.toml", text, patterns=True)


def test_a_bad_pattern_inside_a_list_names_its_index() -> None:
    # a leading quantifier fails whatever the later alternatives hold (an unbalanced "[" could be
    # closed by a later entry's character class)
    text = datafiles.read_text("rules.toml").replace("voluntary = ['", "voluntary = ['*", 1)
    with pytest.raises(DataError, match=r"^rules\.toml: actions\.voluntary\[0\]: bad pattern"):
        datafiles.parse("rules.toml", text, patterns=True)


def test_load_does_not_compile_patterns_and_explain_names_a_bad_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # a leading quantifier fails whatever the later alternatives hold (an unbalanced "[" could be
    # closed by a later entry's character class)
    text = datafiles.read_text("rules.toml").replace("voluntary = ['", "voluntary = ['*", 1)
    monkeypatch.setattr(datafiles, "_parsed", {})
    data = datafiles.parse("rules.toml", text)  # shapes checked, the pattern not compiled
    assert data["actions"]["voluntary"][0].startswith("*")
    with pytest.raises(regex.error) as where_used:
        regex.compile("|".join(data["actions"]["voluntary"]))
    found = datafiles.explain(where_used.value)
    assert found is not None and str(found).startswith("rules.toml: actions.voluntary[0]: bad pattern")
    assert datafiles.explain(ValueError("not a pattern")) is None


def test_explain_is_none_when_every_parsed_pattern_compiles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(datafiles, "_parsed", {})
    datafiles.parse("rules.toml", datafiles.read_text("rules.toml"))
    assert datafiles.explain(regex.error("from somewhere else")) is None


def test_a_pattern_of_the_wrong_type_is_caught_on_load() -> None:
    text = datafiles.read_text("rules.toml").replace("coking = '", "coking = 3 #'", 1)
    with pytest.raises(DataError, match=r"^rules\.toml: actions\.coking: must be a non-empty pattern"):
        datafiles.parse("rules.toml", text)


def test_invalid_toml_names_the_file() -> None:
    with pytest.raises(DataError, match=r"^outline\.toml: \(file\): not valid TOML"):
        datafiles.parse("outline.toml", "[marker\nname = 1")


def test_a_missing_file_is_a_data_error() -> None:
    with pytest.raises(DataError, match=r"^nosuch\.toml: \(file\): cannot be read"):
        datafiles.read_text("nosuch.toml")


def test_a_value_a_model_rejects_names_its_entry() -> None:
    from extract.dedup.shingles import _Settings

    data = copy.deepcopy(datafiles.load("dedup.toml"))
    data["semantic"]["threshold"] = "high"
    with pytest.raises(DataError, match=r"^dedup\.toml: semantic\.threshold: "):
        datafiles.validated("dedup.toml", _Settings, data)


def test_data_error_is_the_package_error_and_a_value_error() -> None:
    assert issubclass(DataError, CuofengError) and issubclass(DataError, ValueError)


@pytest.mark.parametrize("name", sorted(n for n in _present() if n.endswith(".toml")))
def test_every_data_file_has_a_spec_and_loads(name: str) -> None:
    assert name in SPECS
    assert datafiles.load(name)
    datafiles.check(name, datafiles.load(name), patterns=True)  # every pattern compiles (not done on load)


@pytest.mark.parametrize("name", sorted(n for n in _present() if n.endswith(".toml")))
def test_the_fast_parser_reads_what_tomllib_reads(name: str) -> None:
    import tomllib

    text = datafiles.read_text(name)
    expected = tomllib.loads(text)
    got = datafiles.toml_loads(text)
    assert got == expected
    assert _shape(got) == _shape(expected)  # the same types and key order, not only equal values


def _shape(node: Any) -> Any:
    if isinstance(node, dict):
        return [(k, _shape(v)) for k, v in node.items()]
    if isinstance(node, list):
        return [_shape(v) for v in node]
    return type(node).__name__


def test_invalid_toml_is_a_data_error_whichever_parser() -> None:
    with pytest.raises(DataError, match=r"^outline\.toml: \(file\): not valid TOML"):
        datafiles.parse("outline.toml", 'a = "unclosed')
