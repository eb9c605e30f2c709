"""Matching engine: bank statement lines against open items (invoices, bills, expense
reports, current accounts, payments), without the ORM.

Every proposal says why (a reason code and its parameters) and whether it is *certain*
(reconciled automatically) or only *proposed* (waits for the accountant). A wrong automatic
match is the worst outcome, so a match is certain only when two independent facts agree:
a reference found in the label (or the payer's IBAN, or an NDF/CC pattern with a unique
candidate) AND the exact amount. Amount alone is never certain.

Everything goes through dictionaries built once (reference -> items, amount -> items,
partner -> items): the cost grows with lines + items, not lines x items.
"""

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

TOKEN_RE = re.compile(r"[A-Z0-9]+")
MAX_TOKENS_JOINED = 5
MIN_REF_LENGTH = 4
SUBSET_MAX_ITEMS = 12

# reason codes
REF = "reference"
REFS = "several_references"
REF_PARTIAL = "reference_amount_differs"
NDF = "expense_report"
CC = "current_account"
IBAN = "partner_iban"
IBAN_ALL = "partner_iban_all_open"
IBAN_SEVERAL = "partner_iban_several"
AMOUNT = "amount_date"
CONFLICT = "conflict"

KINDS_EXPENSE = ("expense",)
KINDS_CURRENT_ACCOUNT = ("current_account",)


@dataclass(slots=True)
class Line:
    id: int
    company_id: int
    date: object
    amount: float
    label: str = ""
    partner_id: int | None = None
    iban: str | None = None


@dataclass(slots=True)
class Item:
    id: int
    company_id: int
    amount: float
    date: object
    due_date: object = None
    kind: str = "other"
    partner_id: int | None = None
    refs: tuple = ()


@dataclass(slots=True)
class Proposal:
    line_id: int
    item_ids: list
    reason: str
    certain: bool
    params: dict = field(default_factory=dict)


def normalize_ref(value):
    return "".join(TOKEN_RE.findall((value or "").upper()))


def normalize_iban(value):
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())


def _cents(amount):
    return round(amount * 100)


def _is_ref(token):
    return (
        len(token) >= MIN_REF_LENGTH
        and any(c.isdigit() for c in token)
        and not token.isdigit()
        or (token.isdigit() and len(token) >= 6)
    )


class Engine:
    def __init__(self, items, partner_by_iban=None, window_days=60, early_days=45):
        self.items = {item.id: item for item in items}
        self.partner_by_iban = {normalize_iban(k): v for k, v in (partner_by_iban or {}).items()}
        self.window = timedelta(days=window_days)
        self.early = timedelta(days=early_days)
        self.by_ref = defaultdict(set)
        self.by_amount = defaultdict(list)
        self.by_partner = defaultdict(list)
        for item in items:
            for ref in item.refs:
                key = normalize_ref(ref)
                if _is_ref(key):
                    self.by_ref[(item.company_id, key)].add(item.id)
            self.by_amount[(item.company_id, _cents(item.amount))].append(item)
            if item.partner_id:
                self.by_partner[(item.company_id, item.partner_id)].append(item)
        # each amount's items sorted by due date, to find those in a date window by bisection
        self.due_keys = {}
        for key, bucket in self.by_amount.items():
            bucket.sort(key=lambda item: (item.due_date or item.date, item.id))
            self.due_keys[key] = [item.due_date or item.date for item in bucket]

    # -- helpers -------------------------------------------------------------------------
    def _window(self, line):
        """Due dates an item may have to be paid by this line: up to early_days before it
        falls due, up to window_days after."""
        return line.date - self.window, line.date + self.early

    def _same_sign(self, line, item):
        return (line.amount > 0) == (item.amount > 0)

    def _label_tokens(self, line):
        return TOKEN_RE.findall((line.label or "").upper())

    def _refs_in_label(self, line):
        tokens = self._label_tokens(line)
        found = []
        for i in range(len(tokens)):
            joined = ""
            for n in range(MAX_TOKENS_JOINED):
                if i + n >= len(tokens):
                    break
                joined += tokens[i + n]
                for item_id in self.by_ref.get((line.company_id, joined), ()):
                    if item_id not in found:
                        found.append(item_id)
        return [self.items[i] for i in found if self._same_sign(line, self.items[i])]

    def _unique_amount(self, line, kinds=None):
        """The items of exactly this amount due in the line's date window (of these kinds);
        at most two are returned: the callers only need to know whether one is alone."""
        key = (line.company_id, _cents(line.amount))
        bucket = self.by_amount.get(key)
        if not bucket:
            return []
        low, high = self._window(line)
        dues = self.due_keys[key]
        found = []
        for index in range(bisect_left(dues, low), bisect_right(dues, high)):
            item = bucket[index]
            if kinds is None or item.kind in kinds:
                found.append(item)
                if len(found) == 2:
                    break
        return found

    # -- the rules, in order ---------------------------------------------------------------
    def match_line(self, line):
        amount = _cents(line.amount)
        if not amount:
            return None
        tokens = set(self._label_tokens(line))
        by_ref = self._refs_in_label(line)
        if by_ref:
            total = sum(_cents(item.amount) for item in by_ref)
            ids = [item.id for item in by_ref]
            kinds = {item.kind for item in by_ref}
            if total == amount:
                if kinds <= set(KINDS_EXPENSE):
                    reason = NDF
                elif kinds <= set(KINDS_CURRENT_ACCOUNT):
                    reason = CC
                else:
                    reason = REF if len(ids) == 1 else REFS
                return Proposal(line.id, ids, reason, True, {"count": len(ids)})
            exact = [item for item in by_ref if _cents(item.amount) == amount]
            if len(exact) == 1:
                return Proposal(line.id, [exact[0].id], REF, True, {"count": 1})
            return Proposal(line.id, ids, REF_PARTIAL, False, {"count": len(ids)})
        for marker, kinds, reason in (
            ("NDF", KINDS_EXPENSE, NDF),
            ("CC", KINDS_CURRENT_ACCOUNT, CC),
        ):
            if marker in tokens:
                candidates = self._unique_amount(line, kinds)
                if len(candidates) == 1:
                    return Proposal(line.id, [candidates[0].id], reason, True, {"count": 1})
        partner = self.partner_by_iban.get(normalize_iban(line.iban)) if line.iban else None
        partner = partner or line.partner_id
        if partner:
            proposal = self._match_partner(line, partner)
            if proposal:
                return proposal
        candidates = self._unique_amount(line)
        if len(candidates) == 1:
            return Proposal(line.id, [candidates[0].id], AMOUNT, False, {"count": 1})
        return None

    def _match_partner(self, line, partner):
        amount = _cents(line.amount)
        items = [
            item
            for item in self.by_partner.get((line.company_id, partner), ())
            if self._same_sign(line, item)
        ]
        if not items:
            return None
        exact = [item for item in items if _cents(item.amount) == amount]
        if len(exact) == 1:
            return Proposal(line.id, [exact[0].id], IBAN, True, {"count": 1})
        if len(exact) > 1:
            best = min(exact, key=lambda item: abs((item.due_date or item.date) - line.date))
            return Proposal(line.id, [best.id], IBAN_SEVERAL, False, {"count": len(exact)})
        if sum(_cents(item.amount) for item in items) == amount:
            return Proposal(
                line.id, [item.id for item in items], IBAN_ALL, True, {"count": len(items)}
            )
        subset = _subset_sum(items, amount)
        if subset:
            return Proposal(
                line.id, [item.id for item in subset], IBAN_ALL, False, {"count": len(subset)}
            )
        return None

    def run(self, lines):
        """Proposals for all lines; an item claimed by two certain proposals makes both
        uncertain, and an item taken by a certain proposal is removed from the others."""
        proposals = [p for p in (self.match_line(line) for line in lines) if p]
        claims = defaultdict(list)
        for proposal in proposals:
            if proposal.certain:
                for item_id in proposal.item_ids:
                    claims[item_id].append(proposal)
        for claimants in claims.values():
            if len(claimants) > 1:
                for proposal in claimants:
                    proposal.certain = False
                    proposal.params["conflict"] = True
        taken = {item_id for p in proposals if p.certain for item_id in p.item_ids}
        result = []
        for proposal in proposals:
            if not proposal.certain:
                proposal.item_ids = [i for i in proposal.item_ids if i not in taken]
                if not proposal.item_ids:
                    continue
            result.append(proposal)
        return result


def _subset_sum(items, target):
    """A subset of at most SUBSET_MAX_ITEMS items (oldest first) whose amounts sum to target
    (in cents), by dynamic programming over reachable sums; None if there is none."""
    items = sorted(items, key=lambda item: item.due_date or item.date)[:SUBSET_MAX_ITEMS]
    reachable = {0: []}
    for index, item in enumerate(items):
        cents = _cents(item.amount)
        for total, chosen in list(reachable.items()):
            new = total + cents
            if new not in reachable:
                reachable[new] = [*chosen, index]
        if target in reachable:
            return [items[i] for i in reachable[target]]
    return None
