"""Read peer_addons.txt: the OCA addons whose own tests `make test` runs, and the peer tests that
are excluded or expected to fail, each with its reason.

The file's lines (``#`` starts a comment, blank lines are ignored):

    contract                                   an OCA addon whose Python tests run
    exclude <addon>/tests/<file>[::<Class>[::<method>]]   # why it does not run
    xfail   <addon>/tests/<file>::<Class>::<method>        # why it fails today (strict)

Used by scripts/test.sh (``python scripts/peers.py addons`` prints the addon names) and by
conftest.py (selection, exclusions, expected failures, counts).
"""

import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_FILE = ROOT / "peer_addons.txt"


@dataclass
class Peers:
    addons: list = field(default_factory=list)
    exclude: dict = field(default_factory=dict)  # node id (or prefix) -> reason
    xfail: dict = field(default_factory=dict)  # node id -> reason

    @staticmethod
    def _match(rules, node_id):
        """The reason of the rule that ``node_id`` falls under: the same id, or a file or class
        that contains it."""
        for rule, reason in rules.items():
            if node_id == rule or node_id.startswith(rule + "::"):
                return reason
        return None

    def excluded(self, node_id):
        return self._match(self.exclude, node_id)

    def expected_failure(self, node_id):
        return self.xfail.get(node_id)


def read(path=PEER_FILE):
    peers = Peers()
    if not Path(path).exists():
        return peers
    for number, raw in enumerate(Path(path).read_text().splitlines(), 1):
        text, _, comment = raw.partition("#")
        words = text.split()
        if not words:
            continue
        reason = comment.strip()
        if words[0] in ("exclude", "xfail"):
            if len(words) != 2 or not reason:
                raise ValueError(f"{path}:{number}: `{words[0]} <node id>  # reason` expected")
            getattr(peers, words[0])[words[1]] = reason
        elif len(words) == 1:
            peers.addons.append(words[0])
        else:
            raise ValueError(f"{path}:{number}: one addon name per line expected")
    return peers


if __name__ == "__main__":
    if sys.argv[1:] != ["addons"]:
        sys.exit("usage: python scripts/peers.py addons")
    print("\n".join(read().addons))
