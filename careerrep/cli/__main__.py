"""``python -m careerrep.cli``."""

import sys

from careerrep.cli import main

sys.exit(main())
