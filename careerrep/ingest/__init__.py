"""Media-monitoring exports and comment coding sheets -> case records.

The one call most users need is :func:`ingest`::

    from careerrep.ingest import ingest

    result = ingest("mentions.csv", cases="cases.csv", comments="comments.csv", strict=False)
    table = result.table              # a CaseTable, one record per case
    print(result.report.summary())    # what was read, used and skipped

The pieces, one file each:

- :mod:`~careerrep.ingest.mapping`: which column holds what; label aliases.
- :mod:`~careerrep.ingest.exports`: reading CSV / Excel-CSV / JSON lines / Excel / Parquet in chunks.
- :mod:`~careerrep.ingest.files`: formats, encodings, CSV dialects; small side files.
- :mod:`~careerrep.ingest.sheets`: Excel workbooks and Parquet files as text cells.
- :mod:`~careerrep.ingest.parse`: dates, labels and numbers of a column.
- :mod:`~careerrep.ingest.cases`: the cases file (windows and outcomes).
- :mod:`~careerrep.ingest.assign`: mentions -> cases, by case id or official and window.
- :mod:`~careerrep.ingest.aggregate`: streaming counts -> records.
- :mod:`~careerrep.ingest.comments`: comment coding sheets -> comment samples.
- :mod:`~careerrep.ingest.problems`: row-numbered problem reports, strict or lenient.
- :mod:`~careerrep.ingest.synthetic`: exports with known counts (tests, docs, demos).
"""

from careerrep.ingest.cases import CaseSpec, read_cases
from careerrep.ingest.comments import read_comment_sheet
from careerrep.ingest.mapping import ColumnMapping, default_mapping
from careerrep.ingest.pipeline import IngestResult, ingest
from careerrep.ingest.problems import IngestReport, Problem
from careerrep.ingest.synthetic import demo_export, mentions_from_record

__all__ = [
    "CaseSpec",
    "ColumnMapping",
    "IngestReport",
    "IngestResult",
    "Problem",
    "default_mapping",
    "demo_export",
    "ingest",
    "mentions_from_record",
    "read_cases",
    "read_comment_sheet",
]
