"""English lemmatiser: simplemma lemmas, with British and American spellings given one key.

The key is the American spelling: criminalize, organization, offense, defense, license,
behavior, center, analyze, judgment, program, fulfill, cooperation, email. Rules cover open
classes (-ise/-ize, -yse/-yze, -our/-or, -tre/-ter, -dgement/-dgment, final -ll) and a
table the rest. Keys are index terms, not display text, so a rule that over-applies
(``overall`` → ``overal``) does no harm as long as it merges no two different words; the
exception lists keep the keys of common words and of every stopword readable.

Words that are not plain Latin-alphabet words (digits, other scripts) come back as their
index form.
"""
import re
from functools import lru_cache

from indexer import lemma_tables
from indexer.normalise import index_form

_ENGLISH_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
# Prefixes written with and without a hyphen: co-operation = cooperation, e-mail = email.
_HYPHENATED_PREFIX = re.compile(r"^(co|e)-")

# (pattern, replacement, lemmas the pattern must leave alone), applied in order.
_RULES = [
    # organise(r|able), organisation(al) → -iz-; not raise, otherwise, advise, surprise.
    (re.compile(r"(?<=[a-z]{3})(?<![aeiouvw])(?<!pr)is(?=(?:e|ation|ational|er|able)$)"), "iz",
     frozenset("""advertise chastise circumcise compromise concise demise despise excise
        exercise expertise franchise incise merchandise mortise paradise precise premise
        promise surmise treatise""".split())),
    # analyse(r) → analyze(r).
    (re.compile(r"ys(?=(?:e|er)$)"), "yz", frozenset()),
    # behaviour(al), favour(able|ite), labour(er), neighbour(hood) → -or-; not hour, four.
    (re.compile(r"(?<=[a-z]{2})our(?=(?:al|ally|able|ably|ite|er|ful|less|hood)?$)"), "or",
     frozenset("amour contour detour devour flour paramour scour troubadour velour".split())),
    # centre, metre, fibre → center, meter, fiber.
    (re.compile(r"(?<=[a-z]{2}[tb])re$"), "er", frozenset({"macabre", "timbre"})),
    # judgement, acknowledgement → judgment, acknowledgment.
    (re.compile(r"dgement"), "dgment", frozenset()),
    # A final -ll after two vowel groups is written single here and restored for the few
    # American -ll verbs by the table: simplemma lemmatises travelling to "travell".
    (re.compile(r"([aeiouy][^aeiouy]+[aeiouy]l)l$"), r"\1", frozenset()),
]
# Pairs no rule covers: British or variant spelling (after the rules) → key.
_RESPELLINGS = {
    "analogue": "analog",
    "catalogue": "catalog",
    "defence": "defense",
    "dialogue": "dialog",
    "distil": "distill",
    "enrol": "enroll",
    "enrolment": "enrollment",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "instal": "install",
    "instalment": "installment",
    "instil": "instill",
    "licence": "license",
    "offence": "offense",
    "pretence": "pretense",
    "programme": "program",
    "skilful": "skillful",
    "wilful": "willful",
    "wilfully": "willfully",
}


def _respell(word: str) -> str:
    """The spelling key of one hyphen-free part of a lemma."""
    for pattern, replacement, keep in _RULES:
        if word not in keep:
            word = pattern.sub(replacement, word)
    return _RESPELLINGS.get(word, word)


@lru_cache(maxsize=None)
def _lemmatize():
    import simplemma

    return simplemma.lemmatize


def is_english_word(form: str) -> bool:
    """Whether an index form is a plain Latin-alphabet word (others are their own lemma)."""
    return bool(_ENGLISH_WORD.fullmatch(form))


@lru_cache(maxsize=1 << 18)
def lemma(word: str) -> str:
    """Lower-case lemma with one key for British and American spellings."""
    form = index_form(word)
    if not is_english_word(form):
        return form
    return lemma_tables.lemma("en", form) or computed_lemma(form)


def computed_lemma(form: str) -> str:
    """The lemma of an English index form, by simplemma (``lemma`` looks in Zan's table first)."""
    form = _HYPHENATED_PREFIX.sub(r"\1", form)
    base = _lemmatize()(form, lang="en").lower()
    return "-".join(map(_respell, base.split("-")))
