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
  line cut short by a crash is cut off the file on reading (that replicate
  reruns), so the next line appended starts on a line of its own. Any other
  damaged line (not JSON, not a replicate entry, rows without a column) is
  refused naming the line rather than read into the table.

JSON writes floats with ``repr``, so a resumed table is bit-identical to an
uninterrupted one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from careerrep.errors import StudyStoreError as StudyStoreError  # its home is errors.py
from careerrep.simulate.replicate import COLUMNS

FORMAT = "careerrep.simulate.study"
VERSION = 1


# What each stored row column holds (JSON types), so a damaged value is refused, not cast.
_ROW_TYPES: dict[str, tuple[type, ...]] = {
    "n_cases": (int,),
    "true_value": (int, float),
    "estimate": (int, float),
    "se": (int, float),
    "lower": (int, float),
    "upper": (int, float),
    "converged": (bool,),
    "parameter": (str,),
    "estimator": (str,),
    "kind": (str,),
}
_NULLABLE = {"true_value", "estimate", "se", "lower", "upper"}


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
        """Finished replicates: ``{rep: rows}``.

        A last line without its line end (a crash while it was written) is
        removed from the file, so appends start on a fresh line.

        Raises
        ------
        StudyStoreError
            For a complete line that is not a valid replicate entry, naming the line.
        """
        finished: dict[int, list[dict[str, Any]]] = {}
        if not self.lines.exists():
            return finished
        complete = 0  # bytes of the file up to the end of the last complete line
        with self.lines.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.endswith(b"\n"):
                    break  # cut short while being written: that replicate reruns
                complete += len(raw)
                rep, rows = self._entry(raw, number)
                finished[rep] = rows
        if complete < self.lines.stat().st_size:
            os.truncate(self.lines, complete)
        return finished

    def _entry(self, raw: bytes, number: int) -> tuple[int, list[dict[str, Any]]]:
        """One stored line as ``(rep, rows)``, or a StudyStoreError naming the line and the problem."""
        where = f"{self.lines}, line {number}"
        try:
            entry = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise StudyStoreError(f"{where}: not valid JSON ({error})") from None
        if not isinstance(entry, dict) or not {"rep", "rows"} <= set(entry):
            raise StudyStoreError(f"{where}: not a replicate entry (an object with 'rep' and 'rows')")
        rep, rows = entry["rep"], entry["rows"]
        if isinstance(rep, bool) or not isinstance(rep, int) or rep < 0:
            raise StudyStoreError(f"{where}: rep = {rep!r} is not a replicate number")
        if not isinstance(rows, list) or not rows:
            raise StudyStoreError(f"{where}: rows = {str(rows)[:40]} is not a non-empty list of rows")
        for row in rows:
            if not isinstance(row, dict):
                raise StudyStoreError(f"{where}: a row is a {type(row).__name__}, not an object")
            missing = [column for column in COLUMNS if column not in row]
            extra = sorted(set(row) - set(COLUMNS))
            if missing or extra:
                raise StudyStoreError(
                    f"{where}: replicate {rep} has a row "
                    + (f"without {', '.join(missing)}" if missing else f"with unknown {', '.join(extra)}")
                )
            if row["rep"] != rep:
                raise StudyStoreError(f"{where}: a row of replicate {rep} says rep = {row['rep']!r}")
            for column, kinds in _ROW_TYPES.items():
                value = row[column]
                if not (value is None and column in _NULLABLE) and (
                    not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)
                ):
                    raise StudyStoreError(
                        f"{where}: replicate {rep}: {column} = {value!r} has the wrong type"
                    )
        return rep, rows

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
