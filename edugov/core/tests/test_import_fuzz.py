"""Every registered importer survives arbitrary input: errors for the user, never a crash."""

import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edugov.core.context import acting
from edugov.core.io.registry import IMPORTERS

pytestmark = pytest.mark.django_db
# Every file now goes through the sandboxed reader (a fork each), so 1,000 examples per
# importer cost ~16 minutes of test time; 200 keep `make test` inside its budget, and
# EDUGOV_FUZZ_EXAMPLES=1000 runs the long version.
FUZZ = settings(
    max_examples=int(os.environ.get("EDUGOV_FUZZ_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def cells():
    return st.one_of(
        st.text(max_size=30),
        st.integers(-(10**12), 10**12).map(str),
        st.sampled_from(["", "公办", "小学", "360102", "=1+1", "否", "2136000001"]),
    )


@st.composite
def csv_files(draw, importer):
    header = [str(c.label) for c in importer.columns]
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    if draw(st.booleans()):
        header = header[: draw(st.integers(0, len(header)))]
    rows = draw(st.lists(st.lists(cells(), min_size=0, max_size=len(header) + 2), max_size=8))
    lines = [",".join(header)] + [",".join(f'"{c.replace(chr(34), "")}"' for c in r) for r in rows]
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]))
    return "\n".join(lines).encode(encoding, errors="replace")


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_an_importer_never_crashes_on_generated_csv(cast, name):
    importer = IMPORTERS[name]

    @FUZZ
    @given(content=csv_files(importer))
    def run(content):
        with acting(cast.donghu_officer):
            report = importer(cast.donghu_officer).run(io.BytesIO(content), "f.csv", len(content))
        assert isinstance(report.errors, list)

    run()


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_an_importer_never_crashes_on_arbitrary_bytes(cast, name):
    importer = IMPORTERS[name]

    @FUZZ
    @given(
        content=st.binary(max_size=2000),
        name_=st.sampled_from(["f.csv", "f.xlsx", "f.txt"]),
        zipped=st.booleans(),
    )
    def run(content, name_, zipped):
        if zipped:
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as zf:
                zf.writestr("xl/worksheets/sheet1.xml", content)
            content = buf.getvalue()
        with acting(cast.donghu_officer):
            report = importer(cast.donghu_officer).run(io.BytesIO(content), name_, len(content))
        assert (
            report.errors
            or report.rows == 0
            or report.created + report.updated + report.unchanged == report.rows
        )

    run()
