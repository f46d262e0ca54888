"""Finished replicates on disk, so an interrupted study can resume.

A results folder holds two files:

* ``study.json``: what the study is (scenario, cases per replicate,
  estimator, interval level, root seed, options). A rerun with different
  arguments is refused instead of mixing two studies. The number of
  replicates is *not* part of it: replicate ``r``'s seed is the ``r``-th child
  of the root seed whatever the total, so a study can be extended.
* ``replicates.jsonl``: one JSON line per finished replicate, keyed by its
  replicate number and seed (entropy and spawn key), with its rows. A line is
  written and flushed to disk as soon as the replicate's batch finishes; a
  line cut short by a crash is ignored on reading (that replicate reruns).

JSON writes floats with ``repr``, so a resumed table is bit-identical to an
uninterrupted one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from careerrep.errors import CareerRepError

FORMAT = "careerrep.simulate.study"
VERSION = 1


class StudyStoreError(CareerRepError, ValueError):
    """A results folder belongs to a different study, or cannot be read."""


def _normalised(document: Mapping[str, Any]) -> dict[str, Any]:
    """``document`` as it reads back from JSON (tuples become lists, objects their repr)."""
    result: dict[str, Any] = json.loads(json.dumps(document, sort_keys=True, default=repr))
    return result


class ResultsStore:
    """Append-only record of finished replicates in ``folder`` (created if needed).

    Parameters
    ----------
    folder
        Where ``study.json`` and ``replicates.jsonl`` live.
    identity
        The study's description; must equal the one already stored, if any.
    """

    def __init__(self, folder: str | os.PathLike[str], identity: Mapping[str, Any]) -> None:
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise StudyStoreError(f"results_path {str(self.folder)!r} exists and is not a folder")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.manifest = self.folder / "study.json"
        self.lines = self.folder / "replicates.jsonl"
        document = {"format": FORMAT, "version": VERSION, **identity}
        if self.manifest.exists():
            try:
                stored = json.loads(self.manifest.read_text(encoding="utf-8"))
            except json.JSONDecodeError as error:
                raise StudyStoreError(f"{self.manifest}: not valid JSON ({error})") from None
            wanted = _normalised(document)
            differing = sorted(k for k in set(stored) | set(wanted) if stored.get(k) != wanted.get(k))
            if differing:
                raise StudyStoreError(
                    f"results_path {str(self.folder)!r} holds a different study (differs in "
                    f"{', '.join(differing)}); use another folder or the same arguments"
                )
        else:
            text = json.dumps(_normalised(document), indent=1, sort_keys=True)
            self.manifest.write_text(text + "\n", encoding="utf-8")

    def load(self) -> dict[int, list[dict[str, Any]]]:
        """Finished replicates: ``{rep: rows}`` (a truncated last line is skipped)."""
        finished: dict[int, list[dict[str, Any]]] = {}
        if not self.lines.exists():
            return finished
        with self.lines.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.endswith("\n"):
                    break  # cut short while being written: that replicate reruns
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError as error:
                    raise StudyStoreError(f"{self.lines}, line {number}: not valid JSON ({error})") from None
                finished[int(entry["rep"])] = entry["rows"]
        return finished

    def expected_key(self, rows: list[dict[str, Any]]) -> tuple[str, str]:
        """The (seed, spawn key) a stored replicate's rows carry."""
        return (str(rows[0]["seed"]), str(rows[0]["spawn_key"])) if rows else ("", "")

    def append(self, rep: int, rows: list[dict[str, Any]]) -> None:
        """Add one finished replicate and flush it to disk."""
        seed, spawn_key = self.expected_key(rows)
        line = json.dumps({"rep": rep, "seed": seed, "spawn_key": spawn_key, "rows": rows})
        with self.lines.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
