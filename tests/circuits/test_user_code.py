"""An error in a circuit author's own code is one CircuitError pointing at the author's line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from circuits import compile_circuit, load_circuit, make_circuit, solve_circuit
from circuits.errors import CircuitError, InputError

HEADER = """\
from circuits import Circuit, public, private

class Bad(Circuit):
    threshold = public()
    income = private()

    def define(self, c):
"""

DEFINE_BODIES = {
    "value-error": ('raise ValueError("threshold must\\nbe positive")',
                    "ValueError: threshold must be positive"),
    "typo-attribute": ("c.assert_less_thn(self.income, self.threshold, bits=64)",
                       "AttributeError: 'Builder' object has no attribute 'assert_less_thn'"),
    "bits-as-string": ('c.assert_less_than(self.income, self.threshold, bits="64")',
                       "TypeError"),
    "name-error": ("c.assert_eq(self.income, undefined_name)", "NameError"),
    "division-by-zero": ("1 / 0", "ZeroDivisionError"),
}


def _write(tmp_path: Path, body: str, name: str = "bad.py") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


@pytest.mark.parametrize("case", sorted(DEFINE_BODIES))
def test_errors_in_define_name_the_authors_line(tmp_path: Path, case: str) -> None:
    statement, expected = DEFINE_BODIES[case]
    path = _write(tmp_path, HEADER + "        " + statement + "\n")
    cls = load_circuit(str(path))
    line = _line_of(path, statement.split("(")[0].strip())
    for run in (lambda: compile_circuit(cls()),
                lambda: solve_circuit(cls(), {"threshold": 3, "income": 2}),
                lambda: cls.compile()):
        with pytest.raises(CircuitError) as info:
            run()
        message = str(info.value)
        assert message.startswith(f"{path}:{line}: ") and expected in message
        assert "\n" not in message


@pytest.mark.parametrize("source,expected", [
    ("import no_such_module_zz\n", "ModuleNotFoundError: No module named 'no_such_module_zz'"),
    ("raise RuntimeError('no config')\n", "RuntimeError: no config"),
    ("x = [1][5]\n", "IndexError"),
    ("import sys\nsys.exit(3)\n", "SystemExit: 3"),
])
def test_errors_while_loading_the_file(tmp_path: Path, source: str, expected: str) -> None:
    path = _write(tmp_path, source)
    with pytest.raises(CircuitError) as info:
        load_circuit(str(path))
    assert str(info.value).startswith(f"{path}:{source.count(chr(10))}: ")
    assert expected in str(info.value)


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "from circuits import Circuit\nclass Bad(Circuit)\n    pass\n")
    with pytest.raises(CircuitError, match=r"bad\.py:2: syntax error"):
        load_circuit(str(path))


def test_errors_in_an_imported_helper_point_at_the_import(tmp_path: Path) -> None:
    _write(tmp_path, "raise ValueError('helper broke')\n", "zkgov_test_helper_mod.py")
    path = _write(tmp_path, f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\n"
                            "import zkgov_test_helper_mod\n")
    with pytest.raises(CircuitError, match=r"bad\.py:3: ValueError: helper broke"):
        load_circuit(str(path))


def test_constructor_errors_and_bad_parameters(tmp_path: Path) -> None:
    path = _write(tmp_path, textwrap.dedent("""\
        from circuits import Circuit, public

        class Deep(Circuit):
            x = public()

            def __init__(self, depth=3):
                if depth > 10:
                    raise ValueError(f"depth {depth} is too large")
                super().__init__(depth=depth)

            def define(self, c):
                c.assert_equal(self.x, self.x)
        """))
    cls = load_circuit(str(path))
    assert make_circuit(cls, {"depth": 4}).depth == 4
    with pytest.raises(CircuitError, match=r"bad\.py:8: ValueError: depth 11 is too large"):
        make_circuit(cls, {"depth": 11})
    with pytest.raises(CircuitError, match=r"bad\.py:8: ValueError"):
        cls.compile(depth=11)
    with pytest.raises(CircuitError, match="bad circuit parameters for Deep: TypeError"):
        make_circuit(cls, {"width": 2})


def test_zkgov_own_errors_pass_through_unchanged(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "        c.assert_less_than(self.income, self.threshold, "
                                     "bits=64)\n")
    cls = load_circuit(str(path))
    with pytest.raises(InputError, match="missing input"):
        solve_circuit(cls(), {"threshold": 3})


@pytest.mark.parametrize("data", [b"zkey\x01\x00\x00\x00\x00\x00", bytes(range(256)),
                                  "x = 'é'".encode("latin-1")])
def test_a_file_that_is_not_python_is_one_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.py"
    path.write_bytes(data)
    with pytest.raises(CircuitError) as info:
        load_circuit(str(path))
    assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)
