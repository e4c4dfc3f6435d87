"""Regression floor: recall on our own annotated write-ups must not fall below what we reached.

Figures measured when the floors were last raised (48 write-ups): direct recall 0.998,
retention 0.989; variants: lower-cased 0.965, upper-cased 0.984, line-wrapped 0.998, with typos
0.997. On the shared InLegalNER development set (when present beside the repository): direct
recall 0.962, documents without a direct leak 0.963, retention 0.8505 (issue #4 asks 0.95, 0.90,
0.85). Raise the floors when detection improves; never lower them to make a change pass.
"""

from pathlib import Path

import pytest

from balint_redact.evaluate.scoring import evaluate, load_gold
from balint_redact.evaluate.robustness import VARIANTS, corpus_variant

CORPUS = Path(__file__).parent / "corpus" / "writeups.jsonl"
DIRECT_RECALL_FLOOR = 0.995
RETENTION_FLOOR = 0.99
VARIANT_FLOORS = {"lower": 0.96, "upper": 0.98, "wrapped": 0.99, "typos": 0.99}
INLEGAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "inlegal-dev-a.jsonl"
# first-sight sets (tests/corpus/blind/README.md): (direct recall, retention) when added
BLIND_FLOORS = {"2026-12-01-a": (0.99, 0.975), "2026-12-01-b": (0.99, 0.975),
                "2026-12-01-c": (0.99, 0.97), "2026-12-01-d": (0.99, 0.975),
                "2026-12-01-e": (0.99, 0.965), "2026-12-01-f": (0.99, 0.975),
                "2026-12-01-g": (0.99, 0.97), "2026-12-01-h": (0.99, 0.97),
                "2026-12-01-i": (0.99, 0.975), "2026-12-01-j": (0.99, 0.975),
                "2026-12-01-k": (0.99, 0.965), "2026-12-01-l": (0.97, 0.97),
                "2026-12-01-m": (0.975, 0.975), "2026-12-01-n": (0.99, 0.965),
                "2026-12-01-o": (0.99, 0.97), "2026-12-01-p": (0.99, 0.975),
                "2026-12-01-q": (0.98, 0.975), "2026-12-01-r": (0.99, 0.975),
                "2026-12-01-s": (0.985, 0.98), "2026-12-01-t": (0.99, 0.965),
                "2026-12-01-u": (0.985, 0.97), "2026-12-01-v": (0.975, 0.975),
                "2026-12-01-w": (0.985, 0.97), "2026-12-01-x": (0.99, 0.97),
                "2026-12-01-y": (0.98, 0.975), "2026-12-01-z": (0.98, 0.975),
                "2026-12-01-za": (0.99, 0.965), "2026-12-01-zb": (0.995, 0.975),
                "2026-12-01-zc": (0.99, 0.98), "2026-12-01-zd": (0.99, 0.975),
                "2026-12-01-ze": (0.985, 0.975), "2026-12-01-zf": (0.975, 0.975),
                "2026-12-01-zg": (0.98, 0.97), "2026-12-01-zh": (0.99, 0.975),
                "2026-12-01-zi": (0.97, 0.98), "2026-12-01-zj": (0.98, 0.96),
                "2026-12-01-zk": (0.98, 0.97), "2026-12-01-zl": (0.98, 0.98),
                "2026-12-01-zm": (0.975, 0.97), "2026-12-01-zn": (0.985, 0.975),
                "2026-12-01-zo": (0.98, 0.98), "2026-12-01-zp": (0.975, 0.98),
                "2026-12-01-zq": (0.99, 0.98), "2026-12-01-zr": (0.995, 0.975),
                "2026-12-02-a": (0.98, 0.98), "2026-12-02-b": (0.995, 0.97),
                "2026-12-02-c": (0.98, 0.975), "2026-12-02-d": (0.98, 0.985),
                "2026-12-02-e": (0.98, 0.98), "2026-12-02-f": (0.98, 0.98),
                "2026-12-02-g": (0.955, 0.975), "2026-12-02-h": (0.97, 0.975),
                "2026-12-02-i": (0.96, 0.98), "2026-12-02-j": (0.985, 0.975)}


@pytest.fixture(scope="module")
def scores(redactor):
    return evaluate(redactor, load_gold(CORPUS))


def test_direct_recall_floor(scores):
    assert scores.direct_recall >= DIRECT_RECALL_FLOOR


def test_retention_floor(scores):
    assert scores.retention >= RETENTION_FLOOR


@pytest.mark.parametrize("kind", VARIANTS)
def test_robustness_variant_floor(redactor, kind):
    scores = evaluate(redactor, corpus_variant(load_gold(CORPUS), kind))
    assert scores.direct_recall >= VARIANT_FLOORS[kind], kind


@pytest.mark.parametrize("name", sorted(BLIND_FLOORS))
def test_first_sight_set_floor(redactor, name):
    scores = evaluate(redactor, load_gold(CORPUS.parent / "blind" / name / "writeups.jsonl"))
    recall, retention = BLIND_FLOORS[name]
    assert scores.direct_recall >= recall
    assert scores.retention >= retention


@pytest.mark.skipif(not INLEGAL.is_file(), reason="shared InLegalNER set not beside the repo")
def test_inlegal_floors(redactor):
    scores = evaluate(redactor, load_gold(INLEGAL))
    assert scores.direct_recall >= 0.97
    assert scores.clean_doc_rate >= 0.96
    assert scores.retention >= 0.85


def test_role_only_references_survive(redactor):
    text = ("The client told me her supervisor and the social worker disagreed; the judge, "
            "opposing counsel and my supervisor all felt the mother was angry.")
    assert redactor.redact(text).text == text


def test_legal_vocabulary_survives(redactor):
    text = ("Section 20 of the Children Act 1989 and Part 36 of the CPR were argued; the Court "
            "of Appeal in Re B-S [2013] EWCA Civ 1146 set the test; the offer was £25,000.")
    assert redactor.redact(text).text == text
