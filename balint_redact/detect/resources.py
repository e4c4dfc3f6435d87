"""What detection is configured with, loaded once: the model engine, the word lists, the
allow list, a firm's terms and known names, the [[keep]] rules, and the shape tests the
stages share (a name in lower case, an organisation that is a person)."""

from __future__ import annotations

from typing import Iterable

from ..text.chunking import keep_regions
from .engine import DetectionEngine
from .fuzzy import FuzzyNames
from .heuristics import CAPITALISED
from ..text.lexicon import Lexicon
from ..text.names import build_index, title_words, titles
from ..rules.schema import RuleSet
from ..text.termindex import TermIndex
from ..text.truecase import TrueCaser
from ..text.wordlists import (builtin_allow_list, common_words, rare_words, word_name_list,
                         word_surname_list)


class Resources:
    """Everything the stages read besides the document; shared by every text of a run."""

    def __init__(self, engine: DetectionEngine, rules: RuleSet,
                 known_names: Iterable[str] = (), fuzzy_names: bool = False) -> None:
        self.engine = engine
        self.rules = rules
        self.common = common_words()
        self.lexicon = Lexicon(self.common, rare_words())
        self.word_names = word_name_list()
        self.word_surnames = word_surname_list()

        allow = builtin_allow_list() + rules.allow
        # phrases ("Court of Appeal", "Children Act 1989") are cut out of any span; single
        # words ("Wednesbury") only stop a span that is nothing but that word, so a client
        # called Montgomery is still found
        self.allow_index = TermIndex()
        for term in allow:
            if len(term.split()) > 1:
                self.allow_index.add(term, "ALLOW")
        single = {t.lower(): t for t in allow if len(t.split()) == 1}
        self.allow_words = frozenset(single)
        self.truecaser = TrueCaser(self.lexicon, self._title_forms(), single,
                                   self.word_names, self.word_surnames)
        self.terms = TermIndex()
        for rule in rules.terms:
            for term in rule.terms:
                self.terms.add(term, rule.entity)
        known_names = list(known_names)
        # a firm's own names beat the built-in allow list (a client called Montgomery)
        self.known = build_index(known_names, self.lexicon.is_common, frozenset(), "PERSON")
        # one typo in the longer words of known names, if asked ("Quartermain")
        self.fuzzy = FuzzyNames(known_names, skip=self.common) if fuzzy_names else None
        self._titles = title_words()
        self.keep_rules = [k.as_pattern() for k in rules.keep]

    @staticmethod
    def _title_forms() -> frozenset[str]:
        return frozenset(t.lower().rstrip(".") for t in titles() if " " not in t)

    def lower_case_name(self, frag: str) -> bool:
        """Places and organisations are written with capitals; a lower-case 'place' of words
        no dictionary knows ("shannon ellis" in quick notes) is a person."""
        words = frag.split()
        return 1 <= len(words) <= 3 and frag.islower() and \
            not any(self.lexicon.is_listed(w) for w in words)

    def looks_like_person(self, frag: str) -> bool:
        """The small model often calls an unfamiliar person's name an organisation: two or
        three capitalised words, none an ordinary word (or a first name that is one, as in
        "Faith Adewale"), are taken as a person."""
        words = frag.split()
        if not 2 <= len(words) <= 3 or not all(CAPITALISED.fullmatch(w) for w in words):
            return False
        rest = words[1:] if words[0] in self.word_names else words
        return not any(self.lexicon.is_listed(w) for w in rest)

    def _kept(self, text: str) -> list[tuple[int, int]]:
        """Regions the [[keep]] rules mark as public text (cited authorities, statutes)."""
        return [(a, b) for rule in self.keep_rules for a, b in keep_regions(rule, text)]
