"""Every public name has a numpydoc docstring with a running example.

The examples themselves run as doctests (``--doctest-modules``); these tests
check that the sections the API reference is built from are there and that
every parameter of a signature is documented.
"""

import inspect
import re

import pytest

import skgan
import skgan.datasets
import skgan.metrics


def _public():
    return list(_iter_public())


def _iter_public():
    for module in (skgan, skgan.metrics, skgan.datasets):
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                yield pytest.param(obj, id=f"{module.__name__}.{name}")


def _sections(obj):
    doc = inspect.cleandoc(obj.__doc__ or "")
    titles = re.findall(r"^(\w[\w ]*)\n-{3,}$", doc, flags=re.MULTILINE)
    return doc, titles


def _section(doc, title):
    match = re.search(
        rf"^{title}\n-{{3,}}\n(.*?)(?=^\w[\w ]*\n-{{3,}}$|\Z)",
        doc,
        flags=re.MULTILINE | re.DOTALL,
    )
    return match.group(1) if match else ""


def _parameters(obj):
    if inspect.isclass(obj) and obj.__init__ is object.__init__:
        return []
    target = obj.__init__ if inspect.isclass(obj) else obj
    signature = inspect.signature(target)
    return [
        name
        for name, parameter in signature.parameters.items()
        if name != "self" and parameter.kind not in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL)
    ]


@pytest.mark.parametrize("obj", _public())
def test_public_name_has_a_running_example(obj):
    doc, titles = _sections(obj)
    assert "Examples" in titles, f"{obj.__qualname__} has no Examples section"
    assert ">>> " in _section(doc, "Examples")


@pytest.mark.parametrize("obj", _public())
def test_public_name_documents_every_parameter(obj):
    doc, titles = _sections(obj)
    expected = _parameters(obj)
    if not expected:
        return
    assert "Parameters" in titles, f"{obj.__qualname__} has no Parameters section"
    documented = set()
    for line in _section(doc, "Parameters").splitlines():
        match = re.match(r"^(\*{0,2}[\w, ]+?) :", line)
        if match and not line.startswith(" "):
            documented.update(n.strip().lstrip("*") for n in match.group(1).split(","))
    missing = [name for name in expected if name not in documented]
    assert not missing, f"{obj.__qualname__} does not document {missing}"


@pytest.mark.parametrize(
    "obj", [p for p in _public() if inspect.isclass(p.values[0])]
)
def test_public_class_documents_attributes(obj):
    _, titles = _sections(obj)
    assert "Attributes" in titles, f"{obj.__qualname__} has no Attributes section"
