# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The HTTP contract of order_sync as pure, ORM-free Python (see ``payload``)."""
