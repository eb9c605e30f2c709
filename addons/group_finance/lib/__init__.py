"""Pure helpers of group_finance (no ORM): statement file checks, reconciliation engine."""
