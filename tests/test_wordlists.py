"""Tests for the shipped common-word list (models/words/common_words.txt)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

REPO_FILE = Path(__file__).parents[1] / "models" / "words" / "common_words.txt"


def _read_list() -> str:
    """Read the list through the package if installed with it, else from the repo."""
    try:
        resource = resources.files("balint_redact.models.words") / "common_words.txt"
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, TypeError):
        pass
    return REPO_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def raw_text() -> str:
    return _read_list()


@pytest.fixture(scope="module")
def words(raw_text: str) -> list[str]:
    return [line for line in raw_text.splitlines() if line and not line.startswith("#")]


@pytest.fixture(scope="module")
def word_set(words: list[str]) -> set[str]:
    return set(words)


def test_header_has_source_licence_and_generator(raw_text: str) -> None:
    header = raw_text.splitlines()[:3]
    assert header[0].startswith("# source")
    assert header[1].startswith("# licence")
    assert "tools/build_wordlists.py" in header[2]


@pytest.mark.parametrize(
    "word",
    ["will", "rose", "mark", "hope", "grace", "brown", "hunt",
     "client", "judge", "court", "children", "feel", "angry"],
)
def test_contains_ordinary_words(word_set: set[str], word: str) -> None:
    assert word in word_set


@pytest.mark.parametrize(
    "name",
    ["amina", "patel", "gerald", "thorne", "okafor", "kwame", "siobhan",
     "john", "mary", "david"],
)
def test_excludes_names(word_set: set[str], name: str) -> None:
    assert name not in word_set


def test_all_lower_case_letters(words: list[str]) -> None:
    bad = [w for w in words if not (w.isascii() and w.isalpha() and w.islower())]
    assert not bad, bad[:20]


def test_sorted(words: list[str]) -> None:
    assert words == sorted(words)


def test_no_duplicates(words: list[str]) -> None:
    assert len(words) == len(set(words))


def test_size(words: list[str]) -> None:
    assert 15_000 <= len(words) <= 60_000


# --- the detection word lists are data (models/words/*.txt), each defined once ---------------

import ast  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

from balint_redact.text.wordlists import word_entries, word_list, word_pattern  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORDS_DIR = ROOT / "models" / "words"
_WORD = re.compile(r"^[A-Za-z][A-Za-z'’.&-]*$")
#: the generated dictionaries (their own tests above), not hand-kept lists
_GENERATED = {"common_words", "rare_words", "extra_words", "word_names", "word_surnames"}
#: names of literals that are not word lists (export lists, slots, the trace's actions)
_NOT_LISTS = {"__all__", "__slots__", "ACTIONS"}


def _detection_modules() -> list[Path]:
    pkg = ROOT / "balint_redact"
    named = ["text/names", "text/lexicon", "text/truecase", "text/layout", "text/wordlists",
             "render/placeholders"]  # detect/ holds heuristics and public
    # and the other modules that hold lists of words: report contexts, the scorer
    named += ["batch/check_context", "evaluate/scoring"]
    return sorted((pkg / "detect").glob("*.py")) + [pkg / f"{m}.py" for m in named]


def _word_lists_in(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """Literals of 5+ words, and "word word ...".split(), outside _NOT_LISTS assignments."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in _NOT_LISTS for t in targets):
                skip.update(id(n) for n in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        words: list[str] = []
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            words = [e.value for e in node.elts
                     if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "split" and not node.args):
            try:
                value = ast.literal_eval(node.func.value)
            except ValueError:
                value = None
            words = value.split() if isinstance(value, str) else []
        if sum(bool(_WORD.match(w)) for w in words) >= 5:
            found.append((node.lineno, words))
    return found


def test_the_scan_finds_a_word_list_in_code() -> None:
    planted = ('X = frozenset("road street lane avenue close".split())\n'
               'Y = ("ltd", "plc", "llp", "inc", "limited")\n__all__ = ["a", "b", "c", "d", "e"]')
    assert sorted(n for n, _ in _word_lists_in(ast.parse(planted))) == [1, 2]


def test_no_word_list_is_defined_in_python_code() -> None:
    bad = [f"{p.relative_to(ROOT)}:{n}: {w[:4]}" for p in _detection_modules()
           for n, w in _word_lists_in(ast.parse(p.read_text(encoding="utf-8")))]
    assert not bad, bad


def _own_entries() -> dict[str, list[str]]:
    out = {}
    for p in sorted(WORDS_DIR.glob("*.txt")):
        if p.stem in _GENERATED:
            continue
        lines = [s.strip() for s in p.read_text(encoding="utf-8").splitlines()]
        out[p.stem] = [s for s in lines if s and not s.startswith(("#", "@include "))]
    return out


def test_each_list_file_has_a_purpose_line_and_no_repeats() -> None:
    own = _own_entries()
    assert len(own) >= 15
    for name, entries in own.items():
        first = (WORDS_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 20, name
        assert len(entries) == len(set(entries)), name
        assert word_list(name), name


def test_no_list_file_repeats_another() -> None:
    """A list that extends another includes it (``@include``) instead of copying it: no two
    files share an entry written out in both, for the lists that serve one purpose (names of
    bodies, streets, parties, company forms) — and no two lists of 8+ entries share half."""
    own = {k: set(v) for k, v in _own_entries().items()}
    related = [("org_endings", "company_forms"), ("org_noise", "company_forms"),
               ("body_nouns", "org_endings"), ("body_nouns", "company_forms"),
               ("address_words", "street_suffixes"), ("edge_words", "party_roles"),
               ("generic_bodies", "edge_words"), ("generic_bodies", "party_roles"),
               ("stop_caps", "party_roles")]
    for a, b in related:
        assert not own[a] & own[b] and not {w.lower() for w in own[a]} & own[b], (a, b)
    # the scorer's lists copy shared/tools/score.py word for word (evaluate scores as it does),
    # so they may overlap detection's lists
    names_ = sorted(n for n in own if not n.startswith("score_"))
    for i, a in enumerate(names_):
        for b in names_[i + 1:]:
            shared = own[a] & own[b]
            smaller = min(len(own[a]), len(own[b]))
            if smaller >= 8:  # a handful of small words ("the", "of") may serve two lists
                assert len(shared) * 2 < smaller, (a, b, sorted(shared))


def test_every_list_file_is_in_the_readme_and_used() -> None:
    readme = (WORDS_DIR / "README.md").read_text(encoding="utf-8")
    code = "".join(p.read_text(encoding="utf-8") for p in _detection_modules())
    for name in _own_entries():
        assert f"`{name}.txt`" in readme, name
        included = any(f"@include {name}" in (WORDS_DIR / f).read_text(encoding="utf-8")
                       for f in [p.name for p in WORDS_DIR.glob("*.txt")])
        assert f'"{name}"' in code or f"'{name}'" in code or included, name


def test_includes_and_patterns() -> None:
    assert word_list("company_forms") < word_list("org_endings")
    assert word_list("street_suffixes") < word_list("address_words")
    assert word_list("party_roles") < word_list("edge_words")
    assert len(word_entries("org_endings")) == len(set(word_entries("org_endings")))
    pattern = re.compile(rf"\b{word_pattern('address_words')}\b")
    assert pattern.search("41 wills crescent") and pattern.search("2 rose cottages")
    assert not pattern.search("the crescents")


def test_party_roles_end_a_titled_name_in_both_numbers() -> None:
    # a fix: the capitalised party roles were a third, drifted copy ("Claimant" but not
    # "Claimants"); now one list serves all three uses
    from balint_redact.text.names import find_titled_names

    text = "Mr Okafor Claimants and Mrs Adeyemi Defendants were heard; Ms Bell Claimant too."
    assert [text[a:b] for a, b in find_titled_names(text)] == ["Okafor", "Adeyemi", "Bell"]
