"""files.write_atomic: whole or nothing."""

import os

import pytest

from gigawatt.files import write_atomic


@pytest.mark.parametrize("payload", ["text é\n", b"\x89PNG bytes"])
def test_writes_text_bytes_and_callbacks(tmp_path, payload):
    target = tmp_path / "out.bin"
    write_atomic(target, payload)
    assert (target.read_bytes() if isinstance(payload, bytes) else target.read_text(encoding="utf-8")) == payload
    write_atomic(target, lambda tmp: open(tmp, "w").write("again"))
    assert target.read_text() == "again"
    assert oct(os.stat(target).st_mode & 0o777) == "0o644"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "keep.txt"
    target.write_text("old")

    def boom(tmp):
        open(tmp, "w").write("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, boom)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["keep.txt"]
