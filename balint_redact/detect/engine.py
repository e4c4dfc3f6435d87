"""The one module that builds Presidio objects: analyzer over the spaCy pipeline, recognizers
from rule data, and the anonymizer that writes placeholders. Nothing Presidio leaves it.

>>> from balint_redact.detect.pipeline import default_model_name
>>> from balint_redact.rules.schema import builtin_rules
>>> engine = DetectionEngine.load(default_model_name(), builtin_rules())
>>> [s.entity_type for s in engine.detect("Email amina@example.com")]
['EMAIL_ADDRESS', 'URL']

(The raw candidates: detection.py keeps the e-mail address and drops the URL inside it.)
"""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Iterable, Iterator, Sequence

import regex

from .analysis import MIN_PHONE_DIGITS  # noqa: F401  (the phone gate's figure, read by tests)
from .analysis import (DomainFinder, Found, has_phone_digits, ner_entities, remove_duplicates,
                       url_end)
from ..text.chunking import chunk_text
from ..errors import DetectionError
from ..rules.patterns import match_rule
from . import ner_decode
from .pipeline import load_pipeline, presidio_settings
from .public import is_public_page
from ..rules.schema import PatternRule, RuleSet
from ..text.spans import Span
from ..startup import flags_change_nothing

logger = logging.getLogger(__name__)


class _NoTextFilter(logging.Filter):
    """Presidio logs candidate text at DEBUG (and some at ERROR): keep only warnings and
    above, with their message replaced by the record's logger and level."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return False
        record.msg, record.args = f"{record.name}: suppressed message (may contain text)", ()
        record.exc_info = record.exc_text = None
        return True


for _name in ("presidio-analyzer", "presidio-anonymizer", "presidio_analyzer",
              "presidio_anonymizer", "tldextract"):
    _log = logging.getLogger(_name)
    _log.setLevel(logging.WARNING)
    _log.addFilter(_NoTextFilter())

# spaCy labels the pipeline gives us and the entity types they become
NER_MAPPING = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "DATE": "DATE",
}
NER_SCORE = 0.85
# long texts go through the model in pieces of about this size (paragraph boundaries): spaCy
# batches them well and memory stays flat; everything document-wide happens afterwards
MAX_CHUNK = 10_000


def _presidio() -> SimpleNamespace:
    """Presidio's classes, imported only when an engine is built: `--help` and error paths
    stay fast."""
    import tldextract
    from presidio_analyzer import (AnalyzerEngine, ContextAwareEnhancer, EntityRecognizer,
                                   Pattern, RecognizerRegistry, RecognizerResult)
    from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (CreditCardRecognizer,
                                                          EmailRecognizer, IbanRecognizer,
                                                          IpRecognizer, PhoneRecognizer,
                                                          SpacyRecognizer, UrlRecognizer)

    return SimpleNamespace(
        tldextract=tldextract, AnalyzerEngine=AnalyzerEngine, Pattern=Pattern,
        ContextAwareEnhancer=ContextAwareEnhancer, EntityRecognizer=EntityRecognizer,
        RecognizerRegistry=RecognizerRegistry, RecognizerResult=RecognizerResult,
        NerModelConfiguration=NerModelConfiguration, NlpArtifacts=NlpArtifacts,
        SpacyNlpEngine=SpacyNlpEngine,
        CreditCardRecognizer=CreditCardRecognizer, EmailRecognizer=EmailRecognizer,
        IbanRecognizer=IbanRecognizer, IpRecognizer=IpRecognizer,
        PhoneRecognizer=PhoneRecognizer, SpacyRecognizer=SpacyRecognizer,
        UrlRecognizer=UrlRecognizer)


def _build_analyzer(nlp, rules: RuleSet):
    p = _presidio()
    # tldextract's default instance fetches the public suffix list over the network on first
    # use; this one reads only the snapshot bundled with the package.
    offline_tld = p.tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                             fallback_to_snapshot=True)

    def gated(base, can_match):
        """``base`` run only on texts where ``can_match`` says a match is possible (a cheap
        test in front of a costly recognizer; what it finds is unchanged)."""

        class Gated(base):
            def analyze(self, text, entities, nlp_artifacts=None, *args):
                if not can_match(text):
                    return []
                return super().analyze(text, entities, nlp_artifacts, *args)

        return Gated

    class OfflineEmailRecognizer(gated(p.EmailRecognizer, lambda text: "@" in text)):
        def validate_result(self, pattern_text: str) -> bool:
            return offline_tld(pattern_text).fqdn != ""

    # every IPv4 address has digits around a dot, every IPv6 one two colons among hex digits
    ip_recognizer = gated(p.IpRecognizer, lambda text: _IP_SHAPE.search(text) is not None)
    # libphonenumber's matcher is the slowest recognizer; a number needs six digits or more
    phone_recognizer = gated(p.PhoneRecognizer, has_phone_digits)

    class OfflineUrlRecognizer(p.UrlRecognizer):
        """URLs with a scheme or www., or lower-case domain names with a known suffix — not
        "...Re" or "Ex.PW", which the pattern alone takes for Réunion and Panama."""

        def __init__(self) -> None:
            # our own copies of the patterns (Presidio's are shared by every instance); the
            # bare-domain one searched only where it can match (DomainFinder): 0.033 s of
            # CPU instead of 0.107 s over both corpora (585 texts, 0.3 M characters, best of
            # 5), 1.7% of redact_many's 4.45 s. There is no public hook for a pattern's
            # search, so this sets Pattern.compiled_regex and compiled_with_flags, which
            # PatternRecognizer reuses while the flags are unchanged;
            # tests/test_library_contracts.py fails if Presidio stops doing so.
            patterns = [p.Pattern(pat.name, pat.regex, pat.score) for pat in self.PATTERNS]
            super().__init__(patterns=patterns)
            flags = self.global_regex_flags
            # Presidio compiled these 6 kB patterns without flags when imported; where its
            # flags change nothing they match, that program (regex's cache) is used rather
            # than a second compile with flags: ~15 ms each, a tenth of a cold start in all
            if all(flags_change_nothing(pat.regex, flags) for pat in patterns):
                self.global_regex_flags = 0
            for pat in patterns:
                if pat.regex == "(?i)" + self.BASE_URL_REGEX:
                    pat.compiled_regex = DomainFinder(pat.regex, flags,
                                                      self.global_regex_flags)
                    pat.compiled_with_flags = self.global_regex_flags

        def validate_result(self, pattern_text: str) -> bool:
            low = pattern_text.lower()
            if is_public_page(low):
                return False
            if "://" in low or low.startswith("www."):
                return True
            if pattern_text != low or pattern_text[:1] in ".-":
                return False
            parts = offline_tld(pattern_text)
            return bool(parts.suffix and len(parts.domain) >= 2)

        def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
            """Presidio's, with a URL cut inside its host taken whole (``url_end``)."""
            results = super().analyze(text, entities, nlp_artifacts, regex_flags)
            for r in results or ():
                r.end = url_end(text, r.end)
            return results

    class LoadedSpacyNlpEngine(p.SpacyNlpEngine):
        """Presidio's spaCy engine around a pipeline we loaded (it would otherwise try to
        download a missing model), with leaner artifacts (see ``process_batch``)."""

        def __init__(self, loaded) -> None:
            super().__init__(
                models=[{"lang_code": "en", "model_name": loaded.meta.get("name", "custom")}],
                ner_model_configuration=p.NerModelConfiguration(
                    model_to_presidio_entity_mapping=NER_MAPPING,
                    labels_to_ignore=presidio_settings()["labels_to_ignore"],
                    default_score=NER_SCORE,
                ),
            )
            self.nlp = {"en": loaded}

        def load(self) -> None:  # already loaded; never download
            return None

        def process_batch(self, texts, language, batch_size=1, n_process=1,
                          as_tuples=False):
            """Presidio's, with artifacts holding what our recognizers read (entities and
            scores, through NlpArtifacts' constructor), not lemmas, token offsets, keywords
            or the text rebuilt from the tokens: 0.006 s of CPU instead of 0.049 s over both
            corpora (585 texts, 0.3 M characters, best of 7), 1-1.5% of redact_many's 4.4 s.
            tests/test_library_contracts.py checks they equal Presidio's own."""
            if as_tuples:
                yield from super().process_batch(texts, language, batch_size, n_process,
                                                 as_tuples)
                return
            texts = [str(t) for t in texts]
            if n_process == 1:  # spaCy's NER decoded with the GIL held: see ner_decode.py
                docs = ner_decode.pipe(self.nlp[language], texts, batch_size)
            else:
                docs = self.nlp[language].pipe(texts, batch_size=batch_size,
                                               n_process=n_process)
            for text, doc in zip(texts, docs):
                yield text, self.entity_artifacts(doc, language)

        def entity_artifacts(self, doc, language):
            entities, scores = ner_entities(doc.ents, self.ner_model_configuration)
            return p.NlpArtifacts(entities=entities, tokens=doc, tokens_indices=[], lemmas=[],
                                  nlp_engine=self, language=language, scores=scores)

    class NoContextEnhancer(p.ContextAwareEnhancer):
        """Scores stay as the recognizers give them: pattern rules apply their own cue
        words, and Presidio's lemma enhancer deep-copies every result of every text."""

        def __init__(self) -> None:
            super().__init__(context_similarity_factor=0.0, min_score_with_context_similarity=0.0,
                             context_prefix_count=0, context_suffix_count=0)

        def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers,
                                  context=None):
            return raw_results

    class RuleRecognizer(p.EntityRecognizer):
        """A recognizer made from one PatternRule (regex, group, validator, context)."""

        def __init__(self, rule: PatternRule) -> None:
            self.rule = rule
            super().__init__(supported_entities=[rule.entity], name=f"rule:{rule.name}",
                             supported_language="en", context=[])

        def load(self) -> None:
            return None

        def analyze(self, text, entities, nlp_artifacts=None):
            return [p.RecognizerResult(self.rule.entity, s, e, score,
                                          recognition_metadata={"recognizer_name": self.name})
                    for s, e, score in match_rule(self.rule, text)]

    nlp_engine = LoadedSpacyNlpEngine(nlp)
    registry = p.RecognizerRegistry(supported_languages=["en"])
    uk_phone = phone_recognizer(supported_regions=("GB",),
                                context=presidio_settings()["phone_context"])
    for recognizer in [
        p.SpacyRecognizer(supported_entities=sorted(set(NER_MAPPING.values()))),
        OfflineEmailRecognizer(),
        OfflineUrlRecognizer(),
        ip_recognizer(),
        p.IbanRecognizer(),
        p.CreditCardRecognizer(),
        uk_phone,
        *[RuleRecognizer(rule) for rule in rules.patterns],
    ]:
        registry.add_recognizer(recognizer)
    analyzer = p.AnalyzerEngine(registry=registry, nlp_engine=nlp_engine,
                                   supported_languages=["en"], default_score_threshold=0.4,
                                   context_aware_enhancer=NoContextEnhancer())
    return analyzer, nlp_engine


_IP_SHAPE = regex.compile(r"\d\.\d|[0-9A-Fa-f]?:[0-9A-Fa-f]{0,4}:")

_PRESIDIO_TYPES = {"DATE_TIME": "DATE", "NRP": None, "IN_PAN": None}
_NAME_KEY = "recognizer_name"  # RecognizerResult.RECOGNIZER_NAME_KEY
class DetectionEngine:
    """Loaded pipeline + analyzer for one rule set. Build once per process and reuse."""

    def __init__(self, nlp, rules: RuleSet) -> None:
        self.nlp = nlp
        self.rules = rules
        self.analyzer, self.nlp_engine = _build_analyzer(nlp, rules)
        # what AnalyzerEngine.analyze would look up for every text, looked up once: the
        # recognizers in its order, the rule each stands for (ours), the score thresholds
        self._entities = self.analyzer.get_supported_entities(language="en")
        self._recognizers = [
            (rec, rule if isinstance(rule := getattr(rec, "rule", None), PatternRule) else None,
             rec.score_thresholds)
            for rec in self.analyzer.registry.get_recognizers(language="en", all_fields=True)]
        self._default_threshold = self.analyzer.default_score_threshold

    @classmethod
    def load(cls, model: str, rules: RuleSet) -> "DetectionEngine":
        return cls(load_pipeline(model), rules)

    def _analyze(self, text: str, artifacts) -> list[Found]:
        """What ``AnalyzerEngine.analyze(text, nlp_artifacts=artifacts)`` returns, in the same
        order, as (type, start, end, score, recognizer name) tuples.

        The same recognizers run in the same order, and the results go through the same
        steps: score thresholds, then Presidio's de-duplication and its two sorts. What is cut
        is the per-text overhead: the registry look-ups, context enhancement (ours returns the
        results unchanged) and, for our pattern rules, the RecognizerResult objects."""
        found: list[Found] = []
        for rec, rule, thresholds in self._recognizers:
            if rule is not None:
                items = [(rule.entity, s, e, score, rec.name)
                         for s, e, score in match_rule(rule, text)]
            else:
                items = []
                for r in rec.analyze(text=text, entities=self._entities,
                                     nlp_artifacts=artifacts) or ():
                    meta = r.recognition_metadata
                    name = meta[_NAME_KEY] if meta and _NAME_KEY in meta else rec.name
                    items.append((r.entity_type, r.start, r.end, r.score, name))
            for item in items:
                limit = thresholds.get(item[0])
                if limit is None:
                    limit = thresholds.get("default")
                    if limit is None:
                        limit = self._default_threshold
                if item[3] >= limit:
                    found.append(item)
        return remove_duplicates(found)

    def _to_spans(self, results: list[Found], offset: int) -> list[Span]:
        spans = []
        for etype, start, end, score, name in results:
            etype = _PRESIDIO_TYPES.get(etype, etype)
            if etype is None:
                continue
            spans.append(Span(start + offset, end + offset, etype, float(score), str(name)))
        return spans

    def detect_many(self, texts: Sequence[str], batch_size: int = 32) -> Iterator[list[Span]]:
        """Spans for each text in order; long texts are chunked on paragraph boundaries."""
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, chunk)
        for i, text in enumerate(texts):
            for offset, chunk in chunk_text(text, MAX_CHUNK):
                pieces.append((i, offset, chunk))
        current: list[Span] = []
        current_index = 0
        try:
            docs = self.nlp_engine.process_batch([c for _, _, c in pieces], language="en",
                                                 batch_size=batch_size)
            for (i, offset, chunk), (_, artifacts) in zip(pieces, docs):
                while current_index < i:
                    yield current
                    current, current_index = [], current_index + 1
                current.extend(self._to_spans(self._analyze(chunk, artifacts), offset))
        except DetectionError:
            raise
        except Exception as exc:  # a recognizer or the pipeline failed: fail closed
            raise DetectionError(f"detection failed ({type(exc).__name__}); "
                                 "no output was written for this input") from None
        while current_index < len(texts):
            yield current
            current, current_index = [], current_index + 1

    def detect(self, text: str) -> list[Span]:
        return next(iter(self.detect_many([text])))


#: Presidio's anonymizer is quadratic in the number of replacements; texts with more are cut
#: between two spans into pieces of at most this many replacements
ANONYMIZE_PIECE = 200


def anonymize(text: str, spans: Iterable[tuple[Span, str]]) -> str:
    """Replace each span by its replacement text (see _anonymize_piece), piece by piece."""
    pairs = sorted(spans, key=lambda p: p[0].start)
    if len(pairs) <= ANONYMIZE_PIECE:
        return _anonymize_piece(text, pairs)
    out, cut = [], 0
    for i in range(0, len(pairs), ANONYMIZE_PIECE):
        group = pairs[i:i + ANONYMIZE_PIECE]
        end = pairs[i + ANONYMIZE_PIECE][0].start if i + ANONYMIZE_PIECE < len(pairs) \
            else len(text)
        shifted = [(Span(sp.start - cut, sp.end - cut, sp.entity_type, sp.score, sp.source), r)
                   for sp, r in group]
        out.append(_anonymize_piece(text[cut:end], shifted))
        cut = end
    return "".join(out)


def _anonymize_piece(text: str, spans: Iterable[tuple[Span, str]]) -> str:
    """Replace each span by its replacement with Presidio's anonymizer ("replace" operator,
    one operator per distinct replacement, so every span gets exactly its own text)."""
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    results, operators, keys = [], {}, {}
    for span, replacement in spans:
        key = keys.setdefault(replacement, f"R{len(keys)}")
        results.append(RecognizerResult(key, span.start, span.end, 1.0))
        operators[key] = OperatorConfig("replace", {"new_value": replacement})
    if not results:
        return text
    # two neighbours of one type stay two ("[reference] [reference]"): Presidio would merge
    # spans with only spaces between them, and the findings would no longer match the text
    return _anonymizer(AnonymizerEngine).anonymize(text=text, analyzer_results=results,
                                                   operators=operators,
                                                   merge_entities_with_spaces=False).text


_ANON = None


def _anonymizer(factory):
    global _ANON
    if _ANON is None:
        _ANON = factory()
    return _ANON
