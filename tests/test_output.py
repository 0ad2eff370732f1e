"""Output files: written whole or not at all, with the permissions the user's umask gives."""

from __future__ import annotations

import os
import stat

import pytest

from analyser.output import open_output


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
