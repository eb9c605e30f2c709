from . import fs_report
