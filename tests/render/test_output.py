"""Output files: written whole or not at all, with the permissions the user's umask gives."""

from __future__ import annotations

import os
import stat

import pytest

from analyser.render.output import open_output


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_output_file_permissions_follow_the_umask(tmp_path, mask, mode):
    previous = os.umask(mask)
    try:
        with open_output(tmp_path / "profil.txt") as stream:
            stream.write("bonjour\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "profil.txt").stat().st_mode) == mode


def test_an_interrupted_write_leaves_the_previous_file_and_no_temporary(tmp_path):
    target = tmp_path / "profil.txt"
    target.write_text("avant\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), open_output(target) as stream:
        stream.write("à moitié")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "avant\n"
    assert [path.name for path in tmp_path.iterdir()] == ["profil.txt"]


def test_a_named_pipe_is_written_into_not_replaced(tmp_path):
    """`-o /dev/null` or `-o FIFO`: renaming a file over them would replace the device with a plain file."""
    import threading

    pipe = tmp_path / "tube"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()
    with open_output(pipe) as stream:
        stream.write("bonjour\n")
    reader.join(timeout=10)
    assert received == ["bonjour\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tube"]


def test_a_link_keeps_pointing_at_the_file_it_names(tmp_path):
    (tmp_path / "reel.txt").write_text("avant\n", encoding="utf-8")
    (tmp_path / "lien.txt").symlink_to("reel.txt")
    with open_output(tmp_path / "lien.txt") as stream:
        stream.write("après\n")
    assert (tmp_path / "lien.txt").is_symlink()
    assert (tmp_path / "reel.txt").read_text(encoding="utf-8") == "après\n"
