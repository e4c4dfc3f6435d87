"""People and firms by the shape of the text around them: speaker labels and initials in
transcripts and chats ("LB:", "[JK]", "RD said", "Rhona Dunbar (RD)"), a name set off by
its role ("Hope, the trainee", "Joy on reception"), the name line of a signature block, and
firm names joined by an ampersand ("Tanat & Teifi Solicitors").

Each finder is one pass of a compiled pattern plus word-list lookups, and returns
(start, end, why) triples; the detection stage turns them into spans with the reason.

>>> text = "[09:02] DV: Late.\\n[09:03] Hope: ok\\n[09:04] DV: fine"
>>> [(text[a:b], why) for a, b, why in speaker_labels(text, lambda w: False, frozenset())]
[('DV', 'speaker label'), ('Hope', 'speaker label'), ('DV', 'speaker label')]
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Callable, Iterator

import regex

from ..text.names import STOP_CAPS, title_words
from ..text.wordlists import word_list, word_pattern
from .given import dataset_names
from .initials import (CAPWORD, FIELD_GAP, INIT, INITIALS, INITIALS_ONLY, capitals, listed,
                       not_initials, shared_initials, upper_function_words)
from .mentions import Found, every_pattern


#: an emoji or two a chat export keeps after a sender's name ("Sterling 🎓:")
_EMOJI = r"[ \t]*[\p{So}\p{Sk}\uFE0F\u200D]{1,4}"
# what may stand before a speaker label on its line: a list mark, a time or date stamp
_STAMP = (r"(?:[-*>•]\s*)?(?:\[[^\]\n]{1,32}\]\s*|\(\d[^)\n]{0,30}\)\s*|"
          r"\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}[:.]\d{2}(?:\s*[ap]m)?\s*[-–—]\s*|"
          r"\d{1,2}[:.]\d{2}(?:\s*[ap]m)?\s*[-–—]?\s*)?")
# a stamp that must be there (a chat export's speaker of several words follows one)
_STAMP_ONLY = (r"(?:[-*>•]\s*)?(?:\[[^\]\n]{1,32}\]\s*|"
               r"\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}[:.]\d{2}(?:\s*[ap]m)?\s*[-–—]\s*|"
               r"\d{1,2}[:.]\d{2}(?:\s*[ap]m)?\s*[-–—]\s*)")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, regex.Pattern[str]]:
    roles = word_pattern("relation_nouns")
    verbs = word_pattern("person_verbs")
    posts = word_pattern("workplace_posts").replace(r"\ ", r"\s+")
    fields = word_pattern("person_fields").replace(r"\ ", r"[ \t_]+")
    return {
        "label": regex.compile(
            rf"(?m)^[ \t]*(?P<stamp>{_STAMP})(?:\*\*)?(?P<id>{INITIALS}|{CAPWORD})"
            rf"(?:{_EMOJI})?(?:\*\*)?[ \t]*:(?:\*\*)?(?=[ \t]|$)"),
        # a chat export's speaker of one to three words after its stamp, perhaps with a role
        # in brackets ("15/10/2024, 21:04 - Gill Kemp: Hi all", "18:15 - Pat (admin): who"),
        # or with a nickname in brackets inside ("21:06 - Bhupinder (Bindi) Gill: The")
        "chat": regex.compile(
            rf"(?m)^[ \t]*(?P<stamp>{_STAMP_ONLY})(?:\*\*)?(?P<id>{CAPWORD}[ \t]+\({CAPWORD}\)"
            rf"[ \t]+{CAPWORD}|{CAPWORD}(?:[ \t]+{CAPWORD}){{1,2}}|{CAPWORD}(?=[ \t]*\())"
            rf"(?:\*\*)?[ \t]*(?:\([^)\n]{{1,24}}\)[ \t]*)?"
            rf"(?:{_EMOJI})?(?:\*\*)?:(?:\*\*)?(?=[ \t]|$)"),
        "bracket": regex.compile(rf"(?m)^[ \t]*{_STAMP}\[(?P<id>{INITIALS})\]"),
        "acts": regex.compile(rf"(?P<id>{INIT})\s+(?:(?:then|just|also|has|had)\s+)?"
                              rf"{verbs}\b"),
        # "PK (Parveen Kaur) asked", "AH (Aisha Hussain, trainee)"
        "named_after": regex.compile(rf"(?P<id>{INIT})[ \t]*\((?P<name>{CAPWORD}"
                                     rf"(?:[ \t]+{CAPWORD}){{1,2}})(?=[),;])"),
        "named": regex.compile(rf"(?P<name>{CAPWORD}(?:\s+{CAPWORD}){{1,2}})\s+"
                               rf"\((?P<id>{INITIALS})(?=[),;]|\s)"),
        # "DO is Dele Ogunleye", "PM is Parvin Moradi"
        "named_is": regex.compile(rf"(?P<id>{INIT})[ \t]+(?:is|was|=)[ \t]+"
                                  rf"(?P<name>{CAPWORD}(?:[ \t]+{CAPWORD}){{1,2}})"),
        # "Present: AK (chair), SB, T-JW", "Fee earner: RW", "Signed: AN / DAP", and after
        # a role ("Supervisor: JLD"): the rest of the line, cut where another field begins
        "listed": regex.compile(
            rf"(?i:\b(?P<label>{roles}|{fields}))(?:s|\(s\))?(?:\*\*)?[ \t]*(?:\.{{2,}}[ \t]*)?:"
            rf"(?:\*\*)?"
            rf"[ \t]*"
            rf"(?P<list>(?:(?!{FIELD_GAP})[^\n])*)"),
        # "- AN to draft the statement", "CM to speak to S"
        "action": regex.compile(rf"(?m)^[ \t]*(?:[-*•]|\d+[.)])?[ \t]*(?:(?:\*\*)?(?i:actions?|"
                                rf"to[ \t]?do|next[ \t]steps?)(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*)?"
                                rf"(?P<id>{INIT})[ \t]+to[ \t]+\p{{Ll}}"),
        # "fee earner: jk": initials in lower case after a field of people
        "listed_lower": regex.compile(
            rf"(?i:\b(?:{fields}))(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*"
            rf"(?P<id>(?-i:\p{{Ll}}{{2,3}}|\p{{Lu}}\p{{Ll}}{{1,2}}))(?![\p{{L}}\p{{N}}'’-])"),
        # "me (SH)": the writer's own initials
        "me_initials": regex.compile(
            rf"(?<![\p{{L}}])(?i:me)[ \t]*\((?P<id>{INITIALS})\)|"
            rf"(?<![\p{{L}}])I(?:['’]m|[ \t]+am)[ \t]+(?P<id>{INITIALS})(?=[ \t]*[.,;:!?)\n]|$)"),
        "role_after": regex.compile(
            rf"(?P<id>{INIT})\s+\((?i:me\b|(?:(?:my|our|the|his|her|their)\s+)?{roles}\b)"),
        "role_before": regex.compile(
            rf"(?i:\b{roles}s?)(?:,\s+|\s+(?:is|was)\s+)(?P<id>{INIT})(?=[\s,.;:)]|$)"),
        "who": regex.compile(rf"(?P<id>{INIT}),\s+who\b"),
        # a note's author in brackets ("Discussion (RM):", '(RM: "An apology …")') and a
        # remark after a sentence ("… statement. RB: don't put that in"); each alternative is
        # led by what it needs (a bracket, the sentence's end, "comment", a dash), not by a
        # look-behind tried at every position
        "remark": regex.compile(
            rf"\((?P<id>{INITIALS})(?:\)[ \t]*(?:\*\*)?:|:[ \t]+(?=[\p{{Ll}}\"“]))|"
            rf"[.!?—–|][\"”’]?[ \t]{{1,3}}(?P<id>{INITIALS}):[ \t]+(?=[\p{{Ll}}\"“])|"
            # a comment's author ("(Comment BL: check the wording)", "[Comment by RM:")
            rf"(?<![\p{{L}}])(?i:comments?)(?:[ \t]+(?i:by|from))?[ \t]+(?P<id>{INITIALS})"
            rf"[ \t]*:|"
            # initials signing the end of a comment in square brackets ("… too? — FO]")
            rf"[—–][ \t]{{0,2}}(?P<id>{INITIALS})(?=[ \t]*\])"),
        "apposed": regex.compile(
            rf"(?<![\p{{L}}\p{{N}}'’-])(?P<id>{CAPWORD}),\s+(?i:(?:the|our|my|his|her|their)"
            rf"\s+(?:\p{{Ll}}+\s+)?{roles})\b"),
        "speaks": regex.compile(rf"(?<![\p{{L}}\p{{N}}'’-])(?P<id>\p{{Lu}}\p{{Ll}}+)\s+"
                                rf"{verbs}\b"),
        # "Hope (group) asked", "Ben (facilitator)": a name with its role in brackets;
        # "Faith, who chairs our group": a member of the group
        "bracket_role": regex.compile(
            rf"(?<![\p{{L}}\p{{N}}'’-])(?P<id>\p{{L}}\p{{Ll}}+)[ \t]+\((?i:the[ \t]+)?"
            rf"(?i:group(?:[ \t]+member)?|{roles})\)"),
        "who_group": regex.compile(
            rf"(?<![\p{{L}}\p{{N}}'’-])(?P<id>\p{{Lu}}\p{{Ll}}+),[ \t]+who[ \t]+(?:chairs|runs|"
            rf"leads|facilitates|co-facilitates|convenes|joined|is[ \t]+in|sits[ \t]+in)[ \t]+"
            rf"(?:our|the|my)[ \t]+(?:Balint[ \t]+)?group\b|"
            rf"(?<![\p{{L}}\p{{N}}'’-])(?P<id>\p{{Lu}}\p{{Ll}}+),[ \t]+in[ \t]+(?:our|the|my)"
            rf"[ \t]+(?:Balint[ \t]+)?group,"),
        # "clerk Tash opened it", "nurse Rosa arrived": a role in lower case, a name, a verb
        "role_acts": regex.compile(
            rf"(?<![\p{{L}}\p{{N}}'’-])(?-i:{roles})[ \t]+(?P<id>\p{{Lu}}\p{{Ll}}+)[ \t]+"
            rf"(?:{verbs}|\p{{Ll}}{{2,}}ed)\b"),
        # "Mother Kamala has diabetes", "wife Rose, 40": a name right after its kin
        "kin_name": regex.compile(
            rf"(?<![\p{{L}}\p{{N}}'’-])(?i:{word_pattern('kin_nouns')})[ \t]+"
            rf"(?P<id>\p{{L}}\p{{Ll}}+)(?=[ \t]+\p{{Ll}}|[ \t]*[,;:)]|\.(?!\p{{L}})|['’]s\b)"),
        # "his union rep Gaz that afternoon", "my solicitor, Frances from": a name after a
        # possessive and its relation; "Ploy is 29,": a name said to be an age
        "possessed": regex.compile(
            rf"(?<![\p{{L}}\p{{N}}'’-])(?i:my|our|his|her|their|your)[ \t]+(?:\p{{Ll}}+[ \t]+)?"
            rf"(?-i:{roles}),?[ \t]+(?P<id>\p{{Lu}}\p{{Ll}}+)"
            rf"(?=[ \t]+\p{{Ll}}|[ \t]*[,;:)]|\.(?!\p{{L}})|['’]s\b)"),
        "aged": regex.compile(
            r"(?<![\p{L}\p{N}'’-])(?P<id>\p{Lu}\p{Ll}+)[ \t]+(?:is|was|turned|turns)[ \t]+"
            r"(?:[1-9]\d?)(?=[ \t]*[,;.)](?!\d)|[ \t]+(?:years?|yrs?)\b)"),
        # "Rasa my wife is pregnant": a name set beside a possessive relation
        "my_relation": regex.compile(
            rf"(?<![\p{{L}}\p{{N}}'’-])(?P<id>\p{{Lu}}\p{{Ll}}+)[ \t]+(?:my|our|his|her|their)"
            rf"[ \t]+{roles}\b"),
        # "Sunny is a paralegal", "Hope is my sister": a first name said to be a role
        "is_role": regex.compile(
            rf"(?<![\p{{L}}\p{{N}}'’-])(?P<id>\p{{Lu}}\p{{Ll}}+)\s+(?:is|was)\s+"
            rf"(?:a|an|the|my|our|his|her|their)\s+(?:\p{{Ll}}+\s+)?{roles}\b"),
        "post": regex.compile(rf"(?<![\p{{L}}\p{{N}}'’-])(?P<id>\p{{L}}[\p{{Ll}}\p{{M}}]+)"
                              rf"\s+(?i:(?:on|in|from|at)\s+{posts})\b"),
    }


@lru_cache(maxsize=1)
def _not_speakers() -> frozenset[str]:
    """Words that label a stamped line but are no sender ("Note:", "Me:", "the")."""
    return word_list("not_speakers") | word_list("function_words")


def _label_ok(word: str, is_common: Callable[[str], bool], names: frozenset[str]) -> bool:
    if word.isupper() or "-" in word[:3] or "'" in word or "’" in word:
        return word not in not_initials()
    # a first name or nickname the dictionary also holds ("Bal:", "Tilly:")
    return word in names or word in dataset_names() or not is_common(word)


def speaker_labels(text: str, is_common: Callable[[str], bool], names: frozenset[str]
                   ) -> Found:
    """Speakers at the start of a line ("DV: …", "[09:03] Hope: …", "[JK] …"): initials,
    a name the dictionary lacks, or a first name that is also a word. A label counts when
    a time or date stamp stands before it, it opens two lines or more ("Date:" opens one),
    or it is initials among three or more lines opened by initials."""
    pats = _patterns()
    seen: list[tuple[int, int, bool]] = []
    shared: list[tuple[int, int]] = []  # "PD:", "AM:": a word's or a body's capitals too
    for m in pats["label"].finditer(text):
        stamped = bool(m.group("stamp").strip())
        word = m.group("id")
        # after a time stamp even an ordinary word labels a sender ("08:06 — **Sterling**:");
        # a list mark or a quote mark is no stamp ("> **Sent:**", "- Client:")
        timed = any(c.isdigit() for c in m.group("stamp"))
        if _label_ok(word, is_common, names) or (
                timed and word[1:].islower() and word.lower() not in _not_speakers()):
            seen.append((m.start("id"), m.end("id"), stamped))
        elif word in shared_initials():
            shared.append((m.start("id"), m.end("id")))
    for m in pats["chat"].finditer(text):
        # every word capitalised after a chat's stamp: the sender's name, even of words
        # ("Gill Kemp"); one that is a body's acronym is no name
        if not any(w.upper() in not_initials() for w in m.group("id").split()):
            seen.append((m.start("id"), m.end("id"), True))
    for m in pats["bracket"].finditer(text):
        if m.group("id") not in not_initials():
            seen.append((m.start("id"), m.end("id"), False))
    counts = Counter(text[a:b] for a, b, _ in seen)
    # in a transcript of initials ("[JK] … [MT] … [JK] …") a label once is a speaker too
    initials = sum(n for w, n in counts.items() if INITIALS_ONLY.fullmatch(w))
    if initials >= 3 and shared:
        # and capitals that are a word's or a body's too speak there when they open two
        # lines or more ("- KA: his. … - PD: whose case is it?")
        twice = Counter(text[a:b] for a, b in shared)
        seen += [(a, b, True) for a, b in shared if twice[text[a:b]] >= 2]
    return [(a, b, "speaker label") for a, b, stamped in sorted(seen)
            if stamped or counts[text[a:b]] >= 2 or
            (initials >= 3 and INITIALS_ONLY.fullmatch(text[a:b]))]


@lru_cache(maxsize=1)
def _gates() -> dict[str, regex.Pattern[str]]:
    """A cheap regex that every match of the pattern of the same name contains, led by one
    character so that its scan is quick (the patterns start with a long list of words):
    where it finds nothing, the pattern cannot match. Over the corpus write-ups (809 texts,
    0.75 MB) the three scans fall from 0.24 s to 0.12 s of CPU (the gates of "possessed" and
    "aged" were added with those patterns; "role_acts" falls from 0.10 to 0.05 s a MB; a MB
    of the speed benchmark's texts, CPU: "action" 0.061 -> 0.003 s, "who_group" 0.021 ->
    0.003 s, "me_initials" 0.021 -> 0.006 s)."""
    roles = word_pattern("relation_nouns")
    posts = word_pattern("workplace_posts").replace(r"\ ", r"\s+")
    fields = word_pattern("person_fields").replace(r"\ ", r"[ \t_]+")
    return {
        "role_before": regex.compile(
            rf"\s\p{{Lu}}(?<=(?i:{roles})(?i:s)?(?:,\s+|\s+(?i:is|was)\s+)\p{{Lu}})"),
        "listed": regex.compile(
            rf":(?<=(?i:{roles}|{fields})(?i:s|\(s\))?(?:\*\*)?[ \t]*(?:\.{{2,}}[ \t]*)?:)"),
        "listed_lower": regex.compile(rf":(?<=(?i:{fields})(?:\*\*)?[ \t]*:)"),
        "post": regex.compile(rf"\s(?i:{posts})"),
        "possessed": regex.compile(rf"[ \t]\p{{Lu}}(?<=(?:{roles}),?[ \t]\p{{Lu}})"),
        "aged": regex.compile(r"[ \t](?:is|was|turned|turns)[ \t]+[1-9]"),
        "role_acts": regex.compile(rf"[ \t]\p{{Lu}}(?<=(?:{roles})[ \t]\p{{Lu}})"),
        # initials end in a capital or a full stop ("AN to draft", "C.O'N. to call")
        "action": regex.compile(r"to[ \t]+\p{Ll}(?<=[\p{Lu}.][ \t]+to[ \t]+\p{Ll})"),
        "who_group": regex.compile(r"group"),
        "me_initials": regex.compile(r"\((?<=(?i:me)[ \t]*\()|I(?:['’]m|[ \t]+am)[ \t]+\p{Lu}"),
    }


def _matches(key: str, text: str) -> Iterator[regex.Match[str]]:
    """``_patterns()[key].finditer(text)``, not run where the key's gate finds nothing."""
    gate = _gates().get(key)
    if gate is not None and gate.search(text) is None:
        return iter(())
    return _patterns()[key].finditer(text)


def _introduced(name: str, initials: str, is_name: Callable[[str], bool]) -> bool:
    """"Rhona Dunbar (RD)": the initials are the capitals of the words before them, and the
    last is a surname ("Local Authority (LA)", "Telecom Commission (TC)", "Birmingham City
    Council (BCC)" are not); a first name that is also a word may lead ("Dele Ogunleye")."""
    letters = [c for c in initials if c.isalpha() and c.isupper()]
    words = name.split()[-len(letters):] if len(letters) <= len(name.split()) else []
    return bool(words) and [w[0] for w in words] == letters and is_name(words[-1])


def initials_named(text: str, is_name: Callable[[str], bool]) -> Found:
    """Initials that speak or act ("RD said"), are introduced with a name ("Rhona Dunbar
    (RD)", "PM is Parvin Moradi"), a role ("RD (supervisor)", "Mum, EN,", "the safeguarder
    is JF-C") or "who"."""
    pats = _patterns()
    out: Found = []
    skip = not_initials()
    # introduced with the name they are the capitals of: initials even when they spell a
    # body or a word elsewhere ("PM is Parvin Moradi", "Dele Ogunleye (DO)")
    for key in ("named", "named_after", "named_is"):
        for m in pats[key].finditer(text):
            if _introduced(m.group("name"), m.group("id"), is_name):
                out.append((m.start("id"), m.end("id"), "initials introduced with a name"))
    for m in _matches("listed", text):
        field = m.group("label").lower().replace("_", " ") in word_list("person_fields")
        out += [(a, b, "initials listed as people ('Present:')")
                for a, b in listed(text, m.start("list"), m.end("list"), field, skip)]
    for m in _matches("listed_lower", text):
        if is_name(m.group("id")):
            out.append((m.start("id"), m.end("id"), "initials listed as people ('Present:')"))
    for key, why in (("action", "initials given an action ('AN to draft')"),
                     ("acts", "initials that speak or act"),
                     ("role_after", "initials with a role"),
                     ("role_before", "initials with a role"),
                     ("who", "initials followed by 'who'"),
                     ("me_initials", "the writer's own initials ('me (SH)')"),
                     ("remark", "initials that sign a remark ('(RM):', '. RB: don't')")):
        for m in _matches(key, text):
            a, b = m.span("id")
            if text[a:b] in skip or text[max(0, a - 4):a].lower() == "the ":
                continue
            out.append((a, b, why))
    return out


def spoken_capitals(text: str, names: list[str], is_name: Callable[[str], bool]) -> Found:
    """Speakers' labels and initials that act which are a found name's capitals although they
    spell a body or a word elsewhere ("AM: What do we tell the village?" where "Ann Moss" is
    present, "GO: …", "GO followed." where "Grace Oduya" is): the label only, never "9 AM"
    in the same document."""
    caps = capitals(names, is_name) & (not_initials() | upper_function_words())
    if not caps:
        return []
    pats = _patterns()
    found = sorted((m for key in ("label", "acts", "remark") for m in pats[key].finditer(text)
                    if m.group("id") in caps), key=lambda m: m.start("id"))
    if not found:
        return []
    # only where the word is never used otherwise: a found name is looked for everywhere
    seen = Counter(m.group() for m in every_pattern({m.group("id") for m in found})
                   .finditer(text))
    said = Counter(m.group("id") for m in found)
    return [(m.start("id"), m.end("id"), "speaker label") for m in found
            if seen[m.group("id")] == said[m.group("id")]]


_DOUBLE = regex.compile(r"(?<![\p{L}\p{N}'’-])(\p{Lu}\p{Ll}+)-(\p{Lu}\p{Ll}+)(?![\p{L}\p{N}-])")


def double_first_names(text: str, first_names: frozenset[str]) -> Found:
    """Double-barrelled first names of two first names that are also words ("Ivy-Rose",
    "Lily-May"): each part is a name, so the whole is one."""
    return [(m.start(), m.end(), "a double-barrelled first name")
            for m in _DOUBLE.finditer(text)
            if m.group(1) in first_names and m.group(2) in first_names]


@lru_cache(maxsize=1)
def non_name_words() -> frozenset[str]:
    """Words that are no name's after a kin word ("Mother Mary" is a name, "his sister
    Monday" is not) nor a firm's after its owner's name ("Patel Senior"): function words,
    titles, times, peoples, relations."""
    return (word_list("function_words") | word_list("month_names") | word_list("weekdays") |
            word_list("temporal_words") | word_list("demonyms") | word_list("relation_nouns") |
            title_words() | word_list("determiners") | frozenset(w.lower() for w in STOP_CAPS))


def role_names(text: str, is_name: Callable[[str], bool], lowered: bool = False,
               first: Callable[[str], bool] = lambda w: False) -> Found:
    """A name set off by its role or post: "Hope, the trainee who sits with me", "Summer,
    our paralegal,", "Joy on reception", "Sunny is a paralegal" (``is_name`` says whether a
    word may be a first name: not an ordinary word, or one that is also a first name). In
    an all-lower-case note, "joy on reception" too."""
    out: Found = []
    for key, why in (("apposed", "a name set off by a role ('Hope, the trainee')"),
                     ("post", "a name before a post ('Joy on reception')"),
                     ("speaks", "a first name that speaks or acts ('Chi says')"),
                     ("is_role", "a first name said to be a role ('Sunny is a paralegal')"),
                     ("bracket_role", "a name with its role in brackets ('Hope (group)')"),
                     ("who_group", "a member of the group ('Faith, who chairs our group')"),
                     ("my_relation", "a name beside its relation ('Rasa my wife')"),
                     ("role_acts", "a name after its role that acts ('clerk Tash opened')"),
                     ("kin_name", "a name right after its kin ('Mother Kamala has')"),
                     ("possessed", "a name after its relation ('his union rep Gaz')"),
                     ("aged", "a name said to be an age ('Ploy is 29,')")):
        for m in _matches(key, text):
            w = m.group("id")
            if not (w[0].isupper() or (lowered and key in ("post", "bracket_role")) or (
                    key in ("bracket_role", "kin_name") and first(w.capitalize()) and
                    w not in word_list("too_common_names"))):
                continue  # a lower-case first name with its role ("rich (supervisor)") or
                # after its kin ("sharon's daughter ruby is 11"; not "my son will")
            cased = w[0].upper() + w[1:]
            if key in ("kin_name", "aged"):  # any word that is no title, time
                # or function word (said to be an age: also capitalised elsewhere after a
                # lower-case word or a comma, as a name is and "Rent was 95." is not)
                if cased.lower() not in non_name_words() and (key != "aged" or regex.search(
                        rf"[\p{{Ll}},;][ \t]+{regex.escape(w)}(?![\p{{L}}\p{{N}}])", text)):
                    out.append((m.start("id"), m.end("id"), why))
                continue
            if key in ("role_acts", "possessed"):  # a first name or nickname, even one
                # that is a word ("clerk Tash opened", "his union rep Gaz"; not "My client
                # Fine wanted it")
                if first(cased) or cased in dataset_names() or is_name(cased):
                    out.append((m.start("id"), m.end("id"), why))
                continue
            if key in ("speaks", "is_role", "my_relation") and not first(cased) and \
                    not (key == "speaks" and cased in dataset_names()):
                continue  # only a first name or nickname that is also a word ("Gaz said"):
                # others are unknown words
            if is_name(cased):
                out.append((m.start("id"), m.end("id"), why))
    return out

