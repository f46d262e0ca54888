"""``python -m careerrep``: the ``careerrep`` command."""

import sys

from careerrep.cli import main

sys.exit(main())
