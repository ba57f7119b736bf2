"""The recognition engine: product group and labels of one (description, CPV, label text) triple.

Built once per label database (:class:`Engine`), then applied to unique texts.  Everything the
engine knows about words comes from the label database and the recognition lexicon; this module
holds only the procedure:

* **groups**: phrase and word keywords (English phrases also in the plural); a German keyword
  names the item when it is the *head* of a compound (Röst|kaffee) and not when it is a modifier
  (Kaffee|maschine); listed compounds win over their parts (longest match first); material words
  (Granit, Latex, Leder) decide only when no product noun does; the first product noun of the line
  wins, refined by "beats" (never by a collective noun such as Dienstkleidung after it) and the
  parent/child relation; service words and material exclusions (Beton, Nitril) veto, a group's
  negative keywords only that group, and a service compound naming a place or unit
  (Straßen|reinigung) not after a product noun nor against a product CPV code; then the CPV code
  is combined (description wins on conflict, weak codes are never the only clue).
* **labels**: one regular expression over all aliases (longest first, word boundaries, distinctive
  names also as the first part of a compound), context rules for short tokens, masks for brands
  and titles, negation / equivalence / pending scopes, certificate numbers, and a fuzzy pass for
  typos of distinctive names.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import OSA

from fairbuy.recognise.cpv import repair_cpv
from fairbuy.recognise.lexicon import ContextAlias, Lexicon
from fairbuy.recognise.normalise import (
    Token,
    compounds,
    expand_abbreviations,
    fold,
    normalise,
    original_span,
    to_text,
    tokenise,
)

_ENDINGS = ("", "e", "n", "en", "s", "es", "er", "ern", "nen")
_MIN_PREFIX = 2  # letters a compound modifier needs (Ei|stee would be too short)
_LETTER_RE = re.compile(r"[a-z]")  # tokens are lower-case a-z, 0-9 and + & %
_COMPLEMENT_BREAK_RE = re.compile(r"[,;()\[\]]")
_CLAUSE_BREAK_RE = re.compile(r"[,;()\[\]+|]|\s[-/]\s|\s-$|^-\s|:")


# ---------------------------------------------------------------------------------------------
# small data holders (internal, not per row objects of the public API)
# ---------------------------------------------------------------------------------------------
@dataclass(slots=True)
class GroupHit:
    pos: int  # token index
    group: str | None
    kind: str  # "strong" | "weak" | "excl" | "neutral"
    word: str
    source: str  # "keyword" | "compound rule" | "material" | "phrase"
    complement: str | None = None  # None | "prep" | "paren"


@dataclass(slots=True)
class GroupResult:
    group: str | None  # internal group (may be unreported)
    method: str | None
    reason: str | None
    hits: list[GroupHit] = field(default_factory=list)
    text_group: str | None = None
    text_veto: str | None = None
    cpv_group: str | None = None
    cpv_weak: bool = False


@dataclass(slots=True)
class AliasEntry:
    label: str
    alias: str  # match form
    kind: str  # "plain" | "context" | "ambiguous"
    rule: ContextAlias | None = None
    compound: bool = False
    joined: bool = False  # a variant with words written together (not used for fuzzy/truncation)


#: A context question detect() asked (alias entry, its token span) and the answer it got.
ContextQuery = tuple[AliasEntry, int, int, tuple[bool, str]]


@dataclass(slots=True)
class Candidate:
    label: str | None
    matched: str
    field: str
    method: str  # alias | fuzzy | certificate
    start: int  # folded-text offsets
    end: int
    tok_start: int
    tok_end: int  # inclusive
    confidence: float
    accepted: bool = True
    why: str = ""
    certificate_number: str | None = None
    score: float | None = None


DetectResult = tuple[list[Candidate], list[dict[str, Any]]]

#: :meth:`Engine.text_group`: (group, veto reason, hits, why, place reading): the last is
#: (group, veto reason, why) of the text read without a service word that names a place or unit
#: and stands before any product noun ("Straßenreinigung: Regenjacken"), else None.
TextGroup = tuple[str | None, str | None, list[GroupHit], str, tuple[str | None, str | None, str] | None]


@dataclass(slots=True)
class FieldText:
    raw: str
    folded: str
    tokens: list[Token]
    match: str  # match form built from tokens
    tok_match_start: list[int]  # token i starts at this offset in `match`
    _runs: list[tuple[str, int, int]] | None = None

    @property
    def runs(self) -> list[tuple[str, int, int]]:
        """:func:`compounds` of the tokens (computed once)."""
        if self._runs is None:
            self._runs = compounds(self.tokens)
        return self._runs


@dataclass(slots=True)
class _FoldedInfo:
    """The part of a description's analysis that depends on its folded text only (descriptions
    that differ in case or accents share it): everything but the patterns run on the raw text."""

    ft: FieldText  # of the first raw text seen with this folded form
    text_group: TextGroup
    nothing: bool  # :meth:`Engine._nothing_to_detect` without the raw-text patterns


@dataclass(slots=True)
class _DescInfo:
    """What the analysis of a description needs that depends on the description alone."""

    ft: FieldText
    text_group: TextGroup
    nothing: bool  # :meth:`Engine._nothing_to_detect`
    words: frozenset[str] | None = None  # tokens and compounds (built on first use)
    # key of the description's :meth:`Engine.detect` memo: the folded text when no pattern on
    # the original text matches (then detect() reads the folded text only), else the raw text
    detect_key: tuple[str, str] | None = None


_MEMO_MAX = 250_000
#: Line-dependent detect() results kept per field text (one per distinct set of context answers).
_CTX_VARIANTS = 4


def _prepare(raw: str, lex_abbr: tuple[tuple[str, str], ...]) -> FieldText:
    return _prepare_folded(raw, expand_abbreviations(fold(raw), lex_abbr))


def _prepare_folded(raw: str, folded: str) -> FieldText:
    """:func:`_prepare` of ``raw`` whose folded, abbreviation-expanded form is ``folded``."""
    tokens = tokenise(folded)
    starts: list[int] = []
    pos = 0
    parts: list[str] = []
    for k, t in enumerate(tokens):
        if k:
            # a clause break (comma, parenthesis, spaced dash) keeps multi-word names apart
            gap = folded[tokens[k - 1].end : t.start]
            sep = " , " if gap != " " and _CLAUSE_BREAK_RE.search(gap) and gap not in ("+", "&", "%") else " "
            parts.append(sep)
            pos += len(sep)
        starts.append(pos)
        parts.append(t.text)
        pos += len(t.text)
    return FieldText(raw, folded, tokens, "".join(parts), starts)


def _bare(rx: re.Pattern[str]) -> str:
    """``rx`` as one branch of a combined expression: group names removed, a leading ``(?i)``
    turned into a scoped ``(?i:…)`` group."""
    pattern = re.sub(r"\(\?P<\w+>", "(?:", rx.pattern)
    if pattern.startswith("(?i)"):
        return "(?i:" + pattern[4:] + ")"
    return "(?:" + pattern + ")"


def _combined(patterns: list[re.Pattern[str]], flags: int) -> re.Pattern[str] | None:
    """One expression matching where any of ``patterns`` matches; None if they cannot be combined."""
    if not patterns:
        return None
    try:
        return re.compile("|".join(_bare(rx) for rx in patterns), flags)
    except re.error:  # pragma: no cover - e.g. a back-reference to a removed group name
        return None


def _norm_list(words: Iterable[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        n = normalise(w)
        if n:
            out.append(n)
    return out


def _phrase_regex(phrases: Iterable[str], plural: bool = False) -> re.Pattern[str] | None:
    """Whole-word matches of ``phrases``, longest first; ``plural``: the last word may also take
    an English plural ending ("mobile phone" matches "mobile phones")."""
    uniq = sorted(set(phrases), key=len, reverse=True)
    if not uniq:
        return None
    tail = "(?:es|s)?" if plural else ""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(p) for p in uniq) + ")" + tail + r"(?![a-z0-9])")


class Engine:
    """Indexes built once from the label database and the lexicon."""

    def __init__(self, db: Any, lex: Lexicon) -> None:
        self.db = db
        self.lex = lex
        # memo tables of pure per-word functions: ledgers reuse a small vocabulary
        self._word_cache: dict[tuple[str, bool], tuple[str | None, str, str, str] | None] = {}
        self._weak_cache: dict[str, tuple[str, str] | None] = {}
        self.abbr: tuple[tuple[str, str], ...] = tuple(
            (fold(a.abbr), fold(a.expansion)) for a in lex.abbreviations
        )
        self.unreported = set(lex.unreported_groups)
        self.unreported_labels = frozenset(lex.unreported_labels)
        self._fuzzy_memo: dict[str, tuple[int, str, str] | None] = {}
        self._cpv_memo: dict[str, tuple[str | None, bool, str]] = {}
        self._ctx_cache: dict[int, tuple[set[str], set[str], set[str], list[str]]] = {}
        # per-text memos: a ledger's triples repeat descriptions (with other CPV codes or label
        # columns) and label texts; these parts of the analysis depend on one text only
        self._desc_memo: dict[str, _DescInfo] = {}
        self._folded_memo: dict[str, _FoldedInfo] = {}
        self._field_memo: dict[str, FieldText] = {}
        self._repair_memo: dict[str, str | None] = {}
        # detect() of one field, kept when it did not look at the rest of the line (context aliases)
        self._detect_memo: dict[tuple[str, str], tuple[list[Candidate], list[dict[str, Any]]]] = {}
        self._span_memo: dict[tuple[str, str], str] = {}
        # detect() results that depended on the line: the context questions asked and the result
        self._ctx_detect_memo: dict[tuple[str, str], list[tuple[list[ContextQuery], DetectResult]]] = {}
        self.ctx_variants = _CTX_VARIANTS  # (0: never reuse a line-dependent result)
        self._build_groups()
        self._build_labels()

    # ========================================================================= groups: indexes
    def _build_groups(self) -> None:
        db, lex = self.db, self.lex
        self.group_ids: set[str] = set(db.groups)
        # word (no space) -> (group|None, kind, source); phrase (with space) likewise
        self.words_de: dict[str, tuple[str | None, str, str]] = {}
        self.words_en: dict[str, tuple[str | None, str, str]] = {}
        self.phrases: dict[str, tuple[str | None, str, str]] = {}
        self.weak_words: dict[str, str] = {}
        self.exact_only = set(_norm_list(lex.exact_only))
        self.short_heads = set(_norm_list(lex.short_heads))

        def add(word: str, group: str | None, kind: str, source: str, lang: str) -> None:
            n = normalise(word)
            if not n:
                return
            forms = {n}
            if "-" in word or "/" in word:
                forms.add(n.replace(" ", ""))
            for f in forms:
                target = self.phrases if " " in f else (self.words_de if lang == "de" else self.words_en)
                old = target.get(f)
                # compound rules beat keywords; strong beats weak
                if old is None or _rank(kind, source) >= _rank(old[1], old[2]):
                    target[f] = (group, kind, source)

        for gid, g in db.groups.items():
            for w in [*g.keywords_de, *g.compound_heads_de]:
                add(w, gid, "strong", "keyword", "de")
            for w in g.keywords_en:
                add(w, gid, "strong", "keyword", "en")
        for gid, words in lex.groups.items():
            if gid not in db.groups:
                continue
            for w in words.de:
                add(w, gid, "strong", "keyword", "de")
            for w in words.en:
                add(w, gid, "strong", "keyword", "en")
            for w in [*words.weak_de, *words.weak_en]:
                n = normalise(w)
                if n and " " not in n:
                    self.weak_words.setdefault(n, gid)
        # a group's negative keywords ("Kaffeemaschine" is no coffee) veto that group only: a word
        # that another group lists as its keyword keeps that group, and a material word of another
        # group is not vetoed by it ("Kletterturm Robinie, Spielplatz …": Spielplatz is no toy,
        # Robinie still wood)
        self.negative_of: dict[str, set[str]] = {}
        for gid, g in db.groups.items():
            for w in g.negative_keywords_de:
                n = normalise(w)
                for f in {n, n.replace(" ", "")}:
                    if not f:
                        continue
                    target = self.phrases if " " in f else self.words_de
                    old = target.get(f)
                    if old is None and " " not in f:
                        found = self._lookup_word_uncached(f, True)
                        if found is not None and found[0] is not None and found[0] != gid and found[0] not in self.ancestors(gid):
                            continue  # "Computertisch" is no ICT, but still a table
                    if old is None or old[0] is None or old[0] == gid or old[0] in self.ancestors(gid):
                        target[f] = (None, "excl", "negative keyword")
                        self.negative_of.setdefault(f, set()).add(gid)
        for rule in lex.compounds:
            if rule.group is not None and rule.group not in db.groups:
                continue
            kind = "strong" if rule.group is not None else ("neutral" if rule.neutral else "excl")
            for w in rule.words:
                add(w, rule.group, kind, "compound rule", "de")
                add(w, rule.group, kind, "compound rule", "en")
        # material words are weak even where the database lists them as keywords (Granit, Leder)
        for w, gid in self.weak_words.items():
            for table in (self.words_de, self.words_en):
                old = table.get(w)
                if old is not None and old[0] == gid and old[2] == "keyword":
                    table[w] = (gid, "weak", "material")
        self.transparent = set(_norm_list(lex.transparent_heads))
        self._transparent_longest_first = sorted(self.transparent, key=lambda h: (-len(h), h))
        self._heads_memo: dict[str, tuple[str | None, str, str, str] | None] = {}
        self.modifier_heads = set(_norm_list(lex.modifier_heads))
        self.non_product_heads = tuple(sorted(set(_norm_list(lex.non_product_heads)), key=len, reverse=True))
        self.phrase_re = _phrase_regex(self.phrases, plural=True)
        self.sorted_de = sorted(self.words_de)
        self.service_de = set(_norm_list(lex.service_words.de))
        self.service_en = set(_norm_list(lex.service_words.en))
        self.service_places = tuple(sorted(set(_norm_list(lex.service_words.place_modifiers)), key=len, reverse=True))
        self.category_nouns = set(_norm_list(lex.category_nouns))
        svc_phr = [w for w in self.service_en | self.service_de if " " in w]
        self.service_phrase_re = _phrase_regex(svc_phr)
        # first words of the phrases (match form: whole tokens): without one, no phrase matches
        self._group_phrase_starts = {p.split(" ")[0] for p in self.phrases}
        self._service_phrase_starts = {p.split(" ")[0] for p in svc_phr}
        self._service_memo: dict[str, str | None] = {}
        self.material_excl: dict[str, list[str]] = {
            g: _norm_list(ws) for g, ws in lex.material_exclusions.items()
        }
        self.complement_words = set(_norm_list(lex.complement_words))
        # beats: winner -> set of losers; plus parent/child
        self.beats: dict[str, set[str]] = {g: set(ls) for g, ls in lex.beats.items()}
        # CPV: 8 digits -> full code for codes the database states
        self.known_cpv: dict[str, str] = {}
        for g in db.groups.values():
            codes = [*g.cpv_codes, *g.cpv_weak_codes, *g.cpv_excluded_codes]
            codes += [r.code for r in getattr(g, "cpv_reference", [])]
            for c in codes:
                self.known_cpv.setdefault(c[:8], c)

    def ancestors(self, gid: str) -> list[str]:
        out: list[str] = []
        p = self.db.groups[gid].parent if gid in self.db.groups else None
        while p is not None and p not in out:
            out.append(p)
            p = self.db.groups[p].parent if p in self.db.groups else None
        return out

    # ------------------------------------------------------------------ word lookup
    def _lookup_word(self, w: str, lang_de: bool = True) -> tuple[str | None, str, str, str] | None:
        """(group, kind, source, keyword) for one word (memoised: a pure function of the word)."""
        key = (w, lang_de)
        cache = self._word_cache
        if key in cache:
            return cache[key]
        hit = self._lookup_word_uncached(w, lang_de)
        if len(cache) > 200_000:
            cache.clear()
        cache[key] = hit
        return hit

    def _lookup_word_uncached(self, w: str, lang_de: bool) -> tuple[str | None, str, str, str] | None:
        """(group, kind, source, keyword) for one word, by exact form, inflection or compound head."""
        tables = (self.words_de, self.words_en) if lang_de else (self.words_en,)
        # exact and inflected
        for table in tables:
            for end in _ENDINGS:
                if end and not w.endswith(end):
                    continue
                stem = w[: len(w) - len(end)] if end else w
                if len(stem) < 2:
                    continue
                hit = table.get(stem)
                if hit is not None and (table is self.words_de or end in ("", "s", "es")):
                    return (*hit, stem)
        if len(w) >= 5:
            # singular of a plural keyword (Topfpflanze -> Topfpflanzen)
            for end in ("n", "en", "e"):
                hit = self.words_de.get(w + end)
                if hit is not None:
                    return (*hit, w + end)
        if not lang_de:
            return None
        # compound head: longest keyword that ends the word, with a modifier of 2+ letters
        n = len(w)
        for i in range(_MIN_PREFIX, n - 2):
            suffix = w[i:]
            for end in _ENDINGS:
                if end and not suffix.endswith(end):
                    continue
                stem = suffix[: len(suffix) - len(end)] if end else suffix
                if len(stem) < 3:
                    continue
                if len(stem) == 3 and stem not in self.short_heads:
                    continue
                if stem in self.exact_only:
                    continue
                hit = self.words_de.get(stem)
                if hit is not None:
                    return (*hit, stem)
            if len(suffix) >= 5:
                for end in ("n", "en"):
                    hit = self.words_de.get(suffix + end)
                    if hit is not None and suffix + end not in self.exact_only:
                        return (*hit, suffix + end)
        return None

    def _truncated(self, w: str) -> tuple[str | None, str, str, str] | None:
        """An ERP truncation with a dot ("Allzweckr.", "Kopierpap."): the group all keywords that
        start with it agree on."""
        lo = bisect.bisect_left(self.sorted_de, w)
        groups: set[str] = set()
        first = ""
        for k in range(lo, min(lo + 200, len(self.sorted_de))):
            kw = self.sorted_de[k]
            if not kw.startswith(w):
                break
            g, kind, _ = self.words_de[kw]
            if g is not None and kind in ("strong", "weak"):
                groups.add(g)
                first = first or kw
        if len(groups) == 1:
            return (groups.pop(), "strong", "truncated word", first)
        return None

    def _weak_in(self, w: str) -> tuple[str, str] | None:
        """Memoised :meth:`_weak_in_uncached` (a pure function of the word)."""
        cache = self._weak_cache
        if w in cache:
            return cache[w]
        hit = self._weak_in_uncached(w)
        if len(cache) > 200_000:
            cache.clear()
        cache[w] = hit
        return hit

    def _weak_in_uncached(self, w: str) -> tuple[str, str] | None:
        """A material word as the whole word, its first part or its head (Granit|platten)."""
        if any(w.endswith(h) and len(w) > len(h) for h in self.non_product_heads):
            return None
        best: tuple[str, str] | None = None
        for m, gid in self.weak_words.items():
            if len(m) < 4 and w != m:
                continue
            stem_hit = m.endswith("e") and len(m) > 5 and w.startswith(m[:-1])  # Baumwoll|tasche
            hit = w == m or w.startswith(m) or w.endswith(m) or w.endswith(m + "e") or stem_hit
            if hit and (best is None or len(m) > len(best[0])):
                best = (m, gid)
        return best

    # ------------------------------------------------------------------ group of the text
    def _complements(self, ft: FieldText) -> list[str | None]:
        """Per token: None, "prep" (after für/mit/inkl. up to a clause break) or "paren"."""
        out: list[str | None] = [None] * len(ft.tokens)
        depth = 0
        prep = False
        prev_end = 0
        for i, t in enumerate(ft.tokens):
            gap = ft.folded[prev_end : t.start]
            if gap != " ":  # (a single space changes neither depth nor the scope)
                depth += gap.count("(") + gap.count("[")
                depth -= gap.count(")") + gap.count("]")
                depth = max(depth, 0)
                if prep and _COMPLEMENT_BREAK_RE.search(gap):
                    prep = False
            if t.text in self.complement_words and i > 0:
                prep = True
                out[i] = "prep"
            elif depth > 0:
                out[i] = "paren"
            elif prep:
                out[i] = "prep"
            prev_end = t.end
        return out

    def group_hits(self, ft: FieldText) -> tuple[list[GroupHit], list[tuple[str, int, bool]], list[str | None]]:
        """Group hits, service words (word, token index, whether the compound names a place or
        unit: :meth:`_place_service`) and the complement kind per token."""
        toks = ft.tokens
        comp = self._complements(ft)
        hits: list[GroupHit] = []
        covered = [False] * len(toks)
        services: list[tuple[str, int, bool]] = []  # (service word, token, names a place)
        # phrases (multi-word keywords and compound rules), longest first
        words = {t.text for t in toks}
        if self.phrase_re is not None and not words.isdisjoint(self._group_phrase_starts):
            for m in self.phrase_re.finditer(ft.match):
                i = bisect.bisect_right(ft.tok_match_start, m.start()) - 1
                j = bisect.bisect_right(ft.tok_match_start, m.end() - 1) - 1
                if any(covered[i : j + 1]):
                    continue
                phrase = self._phrase_form(m.group(0))
                g, kind, source = self.phrases[phrase]
                hits.append(GroupHit(i, g, kind, phrase, "phrase " + source, comp[i]))
                for k in range(i, j + 1):
                    covered[k] = True
        if self.service_phrase_re is not None and not words.isdisjoint(self._service_phrase_starts):
            for m in self.service_phrase_re.finditer(ft.match):
                i = bisect.bisect_right(ft.tok_match_start, m.start()) - 1
                if comp[i] != "prep":
                    services.append((m.group(0), i, False))
        for word, i, j in ft.runs:
            if any(covered[i : j + 1]):
                continue
            if not word.isascii() or _LETTER_RE.search(word) is None:
                continue
            c = comp[i]
            res = self._lookup_word(word)
            # service words (head of the compound), unless the word is a listed product
            if c != "prep" and not (res is not None and res[1] == "strong" and res[3] == word):
                sv = self._service(word)
                if sv and not self._licence_number(word, sv, toks, i, j):
                    place = self._place_service(word, sv)
                    services.append((word if place else sv, i, place))
            if res is None and j > i:
                # hyphen compound: try the head part, then the parts one by one
                res = self._lookup_word(toks[j].text)
                if res is None and toks[j].text.isdigit():
                    # a grade or type number joined to the name ("OSB/3", "OSB-4"): the name decides
                    k = j
                    while k > i and toks[k].text.isdigit():
                        k -= 1
                    res = self._lookup_word("".join(t.text for t in toks[i : k + 1]))
                    if res is None and k > i:
                        res = self._lookup_word(toks[k].text)
            if res is None and len(word) >= 4 and ft.folded[toks[j].end : toks[j].end + 1] == ".":
                res = self._truncated(word)
            if res is not None and res[0] is None and res[1] == "neutral":
                res = None
            if res is None:
                res = self._lookup_without_heads(word)
            if (res is not None and res[1] in ("strong", "weak") and j + 1 < len(toks)
                    and toks[j + 1].text in self.modifier_heads and ft.folded[toks[j].end : toks[j + 1].start] == " "):
                hits.append(GroupHit(i, None, "neutral", res[3], f"modifier of '{toks[j + 1].text}'", c))
                continue
            if res is not None:
                g, kind, source, kw = res
                hits.append(GroupHit(i, g, kind, kw, source, c))
                continue
            weak = self._weak_in(word)
            if weak is not None:
                hits.append(GroupHit(i, weak[1], "weak", weak[0], "material", c))
            elif j > i:
                for k in range(i, j + 1):
                    wk = self._weak_in(toks[k].text)
                    if wk is not None:
                        hits.append(GroupHit(k, wk[1], "weak", wk[0], "material", c))
                        break
        hits.sort(key=lambda h: h.pos)
        return hits, services, comp

    def _lookup_without_heads(self, word: str) -> tuple[str | None, str, str, str] | None:
        """:meth:`_lookup_word` of ``word`` with transparent heads cut off (Tastatur-Maus|set →
        Tastatur-Maus), longest head first; memoised (a pure function of the word)."""
        if word in self._heads_memo:
            return self._heads_memo[word]
        res = None
        w = word
        while res is None and w:
            stripped = next((w[: -len(h)] for h in self._transparent_longest_first
                             if w.endswith(h) and len(w) > len(h) + 2), None)
            if stripped is None:
                break
            w = stripped
            res = self._lookup_word(w)
        if len(self._heads_memo) < _MEMO_MAX:
            self._heads_memo[word] = res
        return res

    def _licence_number(self, word: str, sv: str, toks: list[Token], i: int, j: int) -> bool:
        """"GOTS Lizenz-Nr. 123", "Fairtrade-Lizenz": a certificate, not a licence purchase."""
        prefix = word[: len(word) - len(sv)]
        if prefix and (prefix in self.label_tokens or prefix.rstrip("s") in self.label_tokens):
            return True
        if j + 1 < len(toks) and toks[j + 1].text in ("nr", "no", "nummer", "number", "id"):
            return True
        return i > 0 and (toks[i - 1].text in self.label_tokens or toks[i - 1].text in self.qualifiers)

    def _service(self, word: str) -> str | None:
        if word in self._service_memo:
            return self._service_memo[word]
        found = self._service_uncached(word)
        if len(self._service_memo) < _MEMO_MAX:
            self._service_memo[word] = found
        return found

    def _place_service(self, word: str, sv: str) -> bool:
        """Whether the service compound ``word`` (head ``sv``) names a place or facility as its
        modifier (Straßen|reinigung, Grünflächen|pflege, Friedhofs|pflege): such a compound is
        also the name of the unit doing that work."""
        modifier = word[: len(word) - len(sv)]
        if len(modifier) < 3:
            return False
        forms = {modifier}
        if modifier.endswith(("s", "n")):
            forms.add(modifier[:-1])
        if modifier.endswith("en"):
            forms.add(modifier[:-2])
        return any(f.endswith(p) for f in forms for p in self.service_places)

    def _phrase_form(self, text: str) -> str:
        """The phrase of :attr:`phrases` that a match of :attr:`phrase_re` (perhaps with an
        English plural ending) stands for."""
        if text in self.phrases:
            return text
        if text[:-1] in self.phrases:
            return text[:-1]
        return text[:-2]

    def _service_uncached(self, word: str) -> str | None:
        if word in self.service_de or word in self.service_en:
            return word
        for i in range(_MIN_PREFIX, len(word) - 3):
            if word[i:] in self.service_de and len(word[i:]) >= 4:
                return word[i:]
        return None

    def _material_veto(self, group: str, ft: FieldText) -> str | None:
        words = self.material_excl.get(group, [])
        if not words:
            for a in self.ancestors(group):
                words = self.material_excl.get(a, [])
                if words:
                    break
        if not words:
            return None
        runs = [w for w, _, _ in ft.runs] + [t.text for t in ft.tokens]
        for m in words:
            if " " in m:
                if re.search(r"(?<![a-z0-9])" + re.escape(m) + r"(?![a-z0-9])", ft.match):
                    return m
                continue
            for r in runs:
                if r == m or (len(m) >= 5 and m in r):
                    return m
        return None

    def text_group(self, ft: FieldText) -> TextGroup:
        """(group, veto reason, hits, why, place reading).

        A service word vetoes the line (no group).  A service compound that names a place or
        unit (Straßen|reinigung, Grün|pflege) does not when a product noun comes before it
        ("Regenjacke Straßenreinigung": a jacket for the street-cleaning unit); before any
        product noun it vetoes, but the last element then keeps (group, veto, why) of the text
        read without it, for :meth:`classify` to use when a product CPV code outweighs it."""
        hits, services, _ = self.group_hits(ft)
        hard = [sv for sv in services if not sv[2]]
        if hard:
            return None, f"service ({hard[0][0]})", hits, f"service word '{hard[0][0]}'", None
        g, veto, hits, why = self._hits_group(ft, hits)
        if not services:
            return g, veto, hits, why, None
        first = min((h.pos for h in hits if h.kind == "strong" and h.group is not None and h.complement is None),
                    default=len(ft.tokens))
        early = [sv for sv in services if sv[1] < first]
        if early:
            w = early[0][0]
            return None, f"service ({w})", hits, f"service word '{w}'", (g if veto is None else None, veto, why)
        why += f"; '{services[0][0]}' after the product names a place or unit, no service"
        return g, veto, hits, why, None

    def _hits_group(self, ft: FieldText, hits: list[GroupHit]) -> tuple[str | None, str | None, list[GroupHit], str]:
        """(group, veto reason, hits, why) of the group hits of a text without service words."""
        # English noun compounds: "football jerseys" is jerseys (the last noun is the head)
        by_pos = {h.pos: h for h in hits if h.kind == "strong" and h.group is not None}
        drop: set[int] = set()
        for h in hits:
            nxt = by_pos.get(h.pos + 1)
            if (h.kind == "strong" and h.group is not None and nxt is not None and nxt.group != h.group
                    and h.word in self.words_en and h.word not in self.words_de
                    and ft.folded[ft.tokens[h.pos].end : ft.tokens[h.pos + 1].start] == " "):
                drop.add(id(h))
        if drop:
            hits = [h for h in hits if id(h) not in drop]
        main = [h for h in hits if h.complement is None]
        paren = [h for h in hits if h.complement == "paren"]
        strong = [h for h in main if h.kind == "strong"]
        excl = [h for h in main if h.kind == "excl"]
        weak = [h for h in main if h.kind == "weak"]
        if excl and weak and not strong:
            # a negative keyword vetoes its own group only ("Spielplatz" is no toy)
            excl = [h for h in excl if not self._other_groups_negative(h, weak[0].group)]
        chosen: GroupHit | None = None
        if strong:
            chosen = strong[0]
        elif excl:
            return None, f"'{excl[0].word}' is no sensitive product", hits, f"compound '{excl[0].word}' names no group"
        elif weak:
            chosen = weak[0]
        else:
            pstrong = [h for h in paren if h.kind == "strong"]
            if pstrong:
                chosen = pstrong[0]
        if chosen is None or chosen.group is None:
            return None, None, hits, "no keyword"
        g = chosen.group
        why = f"'{chosen.word}' ({chosen.source}, {chosen.kind})"
        # beats: a later product noun of a winning group; a collective noun (Dienstkleidung,
        # Möbel) after a specific product noun only says what the item belongs to and never beats it
        specific = chosen.kind == "strong" and chosen.word not in self.category_nouns
        for h in main:
            if h is chosen or h.group is None or h.kind == "excl":
                continue
            if h.kind == "weak" and chosen.kind == "strong":
                continue
            if specific and h.word in self.category_nouns:
                continue
            if g in self.beats.get(h.group, set()):
                why += f"; '{h.word}' → {h.group} beats {g}"
                g = h.group
        # parent/child: a material word is refined by a more specific group named anywhere
        if chosen.kind == "weak":
            for h in hits:
                if h.group is not None and h.kind == "strong" and g in self.ancestors(h.group):
                    why += f"; '{h.word}' → more specific {h.group}"
                    g = h.group
        veto = self._material_veto(g, ft)
        if veto is not None:
            return None, f"material '{veto}' is not {g}", hits, why + f"; material '{veto}' excludes {g}"
        return g, None, hits, why

    def _other_groups_negative(self, h: GroupHit, gid: str | None) -> bool:
        """Whether the excluding hit ``h`` is only a negative keyword of groups other than ``gid``
        (and its parents and children)."""
        if h.source != "negative keyword" or gid is None:
            return False
        owners = self.negative_of.get(h.word)
        if not owners:
            return False
        related = {gid, *self.ancestors(gid)}
        return all(o not in related and gid not in self.ancestors(o) for o in owners)

    def cpv_group(self, code: str | None) -> tuple[str | None, bool, str]:
        """(group, weak, why) for a repaired CPV code."""
        if not code:
            return None, False, ""
        hit = self._cpv_memo.get(code)
        if hit is None:
            hit = self._cpv_group_uncached(code)
            if len(self._cpv_memo) < 100_000:
                self._cpv_memo[code] = hit
        return hit

    def _cpv_group_uncached(self, code: str) -> tuple[str | None, bool, str]:
        best: tuple[int, int, str, bool] | None = None  # (exactness/length, depth, gid, weak)
        for gid, g in self.db.groups.items():
            score: int | None = None
            weak = False
            if any(code[:8] == c[:8] for c in g.cpv_excluded_codes):
                continue  # (also with a wrong or missing check digit, as the label database reads it)
            if len(code) == 10 and code in g.cpv_codes:
                score = 100
            elif len(code) == 10 and code in g.cpv_weak_codes:
                score, weak = 99, True
            else:
                digits = code[:8]
                if any(digits.startswith(p) for p in g.cpv_exclude_prefixes):
                    continue
                lens = [len(p) for p in g.cpv_prefixes if digits.startswith(p)]
                if lens:
                    score = max(lens)
                elif any(c.startswith(digits) for c in g.cpv_codes) and len(code) == 8:
                    score = 90
            if score is None:
                continue
            depth = len(self.ancestors(gid))
            cand = (score, depth, gid, weak)
            if best is None or cand[:2] > best[:2]:
                best = cand
        if best is None:
            return None, False, f"CPV {code} is in no product group"
        return best[2], best[3], f"CPV {code} → {best[2]}" + (" (weak code)" if best[3] else "")

    def classify(self, ft: FieldText, cpv_code: str | None, text: TextGroup | None = None) -> GroupResult:
        """Group of a description and CPV code; ``text`` is :meth:`text_group` of ``ft`` if known."""
        tg, veto, hits, why, place = text if text is not None else self.text_group(ft)
        cg, cweak, cwhy = self.cpv_group(cpv_code)
        note = ""
        if place is not None and cg is not None and not cweak and cg not in self.unreported:
            # a service word that names a place or unit does not outweigh a product CPV code
            note = f" ({veto} names a place or unit: outweighed by the product CPV code)"
            tg, veto, why = place[0], place[1], place[2] + note
        if tg in self.unreported and cg is not None and cg not in self.unreported and not cweak:
            tg, why = None, why + f" (not a sensitive group; {cwhy} decides)"
        res = GroupResult(None, None, None, hits, tg, veto, cg, cweak)
        if tg is not None:
            if cg is not None and cg != tg and tg in self.ancestors(cg):
                res.group, res.method, res.reason = cg, "cpv+text", f"text {why}; {cwhy} is more specific"
            elif cg is not None and (cg == tg or cg in self.ancestors(tg)):
                res.group, res.method, res.reason = tg, "cpv+text", f"text {why}; {cwhy}"
            else:
                extra = f"; {cwhy} disagrees, description wins" if cg is not None else ""
                res.group, res.method, res.reason = tg, "text", f"text {why}{extra}"
            return res
        if veto is not None:
            res.reason = f"no group: {veto}" + (f" (ignoring {cwhy})" if cg else "")
            return res
        if cg is not None and not cweak:
            v = self._material_veto(cg, ft)
            if v is not None:
                res.reason = f"no group: {cwhy}, but material '{v}' excludes it"
                return res
            res.group, res.method, res.reason = cg, "cpv", cwhy + note
            return res
        if cg is not None and cweak:
            res.reason = f"no group: {cwhy} is never the only clue"
            return res
        res.reason = None
        return res

    # ========================================================================= labels: indexes
    def _build_labels(self) -> None:
        db, lex = self.db, self.lex
        blocked = set(_norm_list(lex.blocked_aliases))
        no_compound = set(_norm_list(lex.no_compound_aliases))
        self.alias_entries: dict[str, list[AliasEntry]] = {}
        context_forms: dict[str, ContextAlias] = {}
        for rule in lex.context_aliases:
            if rule.label in db.labels:
                context_forms[normalise(rule.alias)] = rule

        def add(form: str, entry: AliasEntry) -> None:
            lst = self.alias_entries.setdefault(form, [])
            if any(e.label == entry.label and e.kind == entry.kind for e in lst):
                return
            lst.append(entry)

        for lid, lab in db.labels.items():
            amb = {normalise(a.alias) for a in lab.ambiguous_aliases}
            names: list[str] = []
            base = re.split(r"\s+\(|\s+[–—-]\s+", lab.name)[0]
            names.extend(p.strip() for p in base.split(" / ") if p.strip())
            names.extend(lab.aliases)
            names.extend(lex.extra_aliases.get(lid, []))
            for nm in names:
                f = normalise(nm)
                if not f or f in blocked or f in amb:
                    continue
                if f in context_forms:
                    continue
                compound = " " not in f and len(f) >= 8 and f.isalpha() and f not in no_compound
                add(f, AliasEntry(lid, f, "plain", None, compound))
            for a in lab.ambiguous_aliases:
                f = normalise(a.alias)
                if f and len(f) >= 3 and f not in context_forms and f not in blocked:
                    add(f, AliasEntry(lid, f, "ambiguous"))
        # multi-word names written as one word ("XertifiXPLUS", "TCOzertifiziert", "Fairtradebaumwolle")
        # and two of their words written together ("Ökotex 100" for "Öko-Tex 100")
        for f, lst in list(self.alias_entries.items()):
            words = f.split()
            if len(words) < 2 or len(words) > 6:
                continue
            variants = {"".join(words)}
            for k in range(len(words) - 1):
                if words[k].isalpha() and words[k + 1].isalpha():
                    variants.add(" ".join([*words[:k], words[k] + words[k + 1], *words[k + 2 :]]))
            for v in variants:
                joined = v.replace(" ", "")
                if len(joined) < 6 or not joined.replace("+", "").replace("&", "").isalnum():
                    continue
                if v in self.alias_entries or v in blocked or v in context_forms:
                    continue
                for e in lst:
                    if e.kind in ("plain", "ambiguous"):
                        add(v, AliasEntry(e.label, v, e.kind, None,
                                          e.kind == "plain" and " " not in v and v.isalpha() and len(v) >= 8
                                          and v not in no_compound, joined=True))
        for f, rule in context_forms.items():
            add(f, AliasEntry(rule.label, f, "context", rule))
        # a plain alias of one label may be ambiguous for another (Naturland): plain wins
        for f, lst in self.alias_entries.items():
            if any(e.kind == "plain" for e in lst):
                self.alias_entries[f] = [e for e in lst if e.kind != "ambiguous"]
        alts: list[str] = []
        for f in sorted(self.alias_entries, key=len, reverse=True):
            esc = re.escape(f)
            if any(e.compound for e in self.alias_entries[f]):
                alts.append(esc + r"(?=[a-z])|" + esc + r"(?![a-z0-9])")
            else:
                alts.append(esc + r"(?![a-z0-9])")
        self.alias_re = re.compile(r"(?<![a-z0-9])(?:" + "|".join(alts) + ")") if alts else None
        self.not_label_re = _phrase_regex(_norm_list(lex.not_label_phrases))
        self.generic_fair_re = _phrase_regex(_norm_list(lex.generic_claims.fair))
        self.generic_org_re = _phrase_regex(_norm_list(lex.generic_claims.organic))
        self.self_decl_re = _phrase_regex(_norm_list(lex.self_declarations))
        self.known_other_re = _phrase_regex(_norm_list(lex.known_other_labels))
        self.neg_prefix = set(_norm_list(lex.negation.prefix))
        self.neg_postfix = set(_norm_list(lex.negation.postfix))
        self.neg_breakers = set(_norm_list(lex.negation.breakers))
        self.neg_max = lex.negation.max_scope_tokens
        self.neg_gap_words = set(_norm_list(lex.negation.gap_words))
        self.neg_postfix_re = _phrase_regex(_norm_list(lex.negation.postfix_phrases))
        self.equiv_re = _phrase_regex(_norm_list(lex.equivalence_cues))
        self.pending_re = _phrase_regex(_norm_list(lex.pending_cues))
        # first words of the cue phrases (match form: whole tokens), by expression
        self._cue_starts: dict[str, frozenset[str]] = {}
        for rx, phrases in ((self.equiv_re, lex.equivalence_cues), (self.pending_re, lex.pending_cues)):
            if rx is not None:
                self._cue_starts[rx.pattern] = frozenset(p.split(" ")[0] for p in _norm_list(phrases))
        self.no_label_cells = set(_norm_list(lex.no_label_cells)) | {""}
        self.qualifiers = set(_norm_list(lex.qualifier_words))
        self.unknown_res = [re.compile(p) for p in lex.unknown_label_patterns]
        self.unknown_ignore = set(_norm_list(lex.unknown_label_ignore))
        self.cert_rules: list[tuple[str, re.Pattern[str], bool]] = []
        for lid, lab in db.labels.items():
            for cp in lab.certificate_patterns:
                self.cert_rules.append((lid, re.compile(cp.regex, re.IGNORECASE), True))
        for cr in lex.certificate_patterns:
            if cr.label in db.labels:
                self.cert_rules.append((cr.label, re.compile(cr.regex), False))
        # the same patterns as two expressions, for the "is there anything" check
        # (the raw-text patterns are all compiled with IGNORECASE; the folded ones without flags)
        raw_rules = [rx for _, rx, on_raw in self.cert_rules if on_raw]
        folded_rules = [rx for _, rx, on_raw in self.cert_rules if not on_raw] + self.unknown_res
        self._any_raw_re = _combined(raw_rules, re.IGNORECASE)
        self._any_folded_re = _combined(folded_rules, 0)
        self._combined_ok = (self._any_raw_re is not None or not raw_rules) and (
            self._any_folded_re is not None or not folded_rules)
        # fuzzy choices: distinctive plain aliases
        fz = lex.fuzzy
        excl = set(_norm_list(fz.exclude_aliases))
        self.fuzzy_excl_tokens = set(_norm_list(fz.exclude_tokens))
        self.fuzzy_choices: list[tuple[str, str]] = []
        for f, lst in self.alias_entries.items():
            plain = [e for e in lst if e.kind == "plain" and not e.joined]
            if not plain or len(f.replace(" ", "")) < fz.min_alias_length or f in excl:
                continue
            if not re.search(r"[a-z]{4}", f):
                continue
            self.fuzzy_choices.append((f, plain[0].label))
        self.fuzzy_dist = sorted(((d.min_length, d.distance) for d in fz.max_distance), reverse=True)
        self.fuzzy_prefix = fz.min_common_prefix
        self.trunc_aliases: list[tuple[str, str]] = [
            (f, e.label) for f, lst in self.alias_entries.items() for e in lst
            if e.kind == "plain" and not e.joined and " " not in f and len(f) >= 7 and f.isalpha()
            and f not in excl]
        self.alias_ext: dict[str, list[tuple[str, str]]] = {}
        for f, lst in self.alias_entries.items():
            words = f.split()
            if len(words) >= 2 and len(words[-1]) >= 4 and any(e.kind == "plain" for e in lst):
                self.alias_ext.setdefault(" ".join(words[:-1]), []).append((f, words[-1]))
        self.fuzzy_index: dict[tuple[str, int], list[tuple[str, str, int]]] = {}
        for alias, lid in self.fuzzy_choices:
            maxd = next((d for ml, d in self.fuzzy_dist if len(alias) >= ml), 0)
            if maxd > 0:
                key = (alias[: self.fuzzy_prefix], alias.count(" "))
                self.fuzzy_index.setdefault(key, []).append((alias, lid, maxd))
        # first letters → window lengths (1–4 tokens) that have typo candidates with them
        self._fuzzy_spans: dict[str, tuple[int, ...]] = {}
        for pre, spaces in sorted(self.fuzzy_index):
            if spaces < 4:
                self._fuzzy_spans[pre] = (*self._fuzzy_spans.get(pre, ()), spaces + 1)
        self.known_words: set[str] = set(self.words_de) | set(self.words_en)
        self.label_tokens: set[str] = set()
        for f, lst in self.alias_entries.items():
            self.known_words.update(f.split())
            if any(e.kind != "ambiguous" for e in lst):
                self.label_tokens.update(w for w in f.split() if len(w) >= 3 and w.isalpha())
        # words that can begin a match of one of the phrase expressions checked by
        # _nothing_to_detect (every phrase is in match form: its first word is a whole token),
        # and the aliases that may also begin a longer word (compounds)
        self._start_words: set[str] = {f.split(" ")[0] for f in self.alias_entries}
        for phrases in (lex.not_label_phrases, lex.generic_claims.fair, lex.generic_claims.organic,
                        lex.self_declarations, lex.known_other_labels):
            self._start_words.update(p.split(" ")[0] for p in _norm_list(phrases))
        self._compound_starts: tuple[str, ...] = tuple(sorted(
            f for f, lst in self.alias_entries.items() if " " not in f and any(e.compound for e in lst)))
        self._start_memo: dict[str, bool] = {}
        self.label_tokens -= {"fair", "der", "die", "das", "the", "and", "und", "mit", "by", "for", "made",
                              "green", "blue", "standard", "label", "siegel", "certified", "zertifiziert"}

    def labels_for_group(self, gid: str | None) -> set[str]:
        if gid is None:
            return set()
        wanted = {gid, *self.ancestors(gid)}
        return {lid for lid, lab in self.db.labels.items() if wanted.intersection(lab.product_groups)}

    # ------------------------------------------------------------------ label scopes
    def _clause_breaks(self, ft: FieldText) -> list[bool]:
        """break_before[i]: a clause break lies between token i-1 and token i."""
        out = [True] * len(ft.tokens)
        for i in range(1, len(ft.tokens)):
            gap = ft.folded[ft.tokens[i - 1].end : ft.tokens[i].start]
            out[i] = gap != " " and (bool(_CLAUSE_BREAK_RE.search(gap)) or (gap.strip() in ("-", "/") and " " in gap))
        return out

    def _negated_tokens(self, ft: FieldText, brk: list[bool]) -> list[str | None]:
        """Per token: the negation cue whose scope covers it."""
        toks = ft.tokens
        out: list[str | None] = [None] * len(toks)
        for i, t in enumerate(toks):
            if t.text not in self.neg_prefix:
                continue
            n = 0
            for k in range(i + 1, len(toks)):
                if brk[k] and k > i + 1:
                    break
                if brk[k] and k == i + 1 and re.search(r"[,;()]", ft.folded[toks[i].end : toks[k].start]):
                    break
                if toks[k].text in self.neg_breakers:
                    break
                out[k] = t.text
                n += 1  # noqa: SIM113
                if toks[k].text not in self.neg_gap_words:
                    # the first content word (with its hyphenated compound) ends the scope:
                    # "ohne Fairtrade-Siegel", but not "ohne Zucker, Fairtrade" / "ohne Zucker Fairtrade"
                    q = k
                    while q + 1 < len(toks) and toks[q].joined:
                        q += 1
                        out[q] = t.text
                    break
                if n >= self.neg_max:
                    break
        return out

    def _postfix_negated(self, ft: FieldText, tok_end: int) -> str | None:
        """A postfix cue after a label ("Fairtrade: nein"), allowing one qualifier word between."""
        toks = ft.tokens
        rest = ft.folded[toks[tok_end].end :]
        if re.match(r"\s*[:=]?\s*-\s*(?:$|[,;)|/])", rest):
            return "-"
        k = tok_end + 1
        if k < len(toks) and toks[k].text in self.qualifiers:
            k += 1
        if k < len(toks) and self.neg_postfix_re is not None:
            tail = " ".join(t.text for t in toks[k : k + 4])
            m = self.neg_postfix_re.match(tail)
            if m and not any(_CLAUSE_BREAK_RE.search(ft.folded[toks[q - 1].end : toks[q].start]) and
                             toks[q - 1].text not in self.qualifiers for q in range(tok_end + 1, k)):
                return m.group(0)
        if k >= len(toks) or toks[k].text not in self.neg_postfix:
            return None
        after = ft.folded[toks[k].end : toks[k + 1].start] if k + 1 < len(toks) else ""
        if k + 1 < len(toks) and not re.search(r"[,;()/|]", after):
            return None
        return toks[k].text

    def _cue_scopes(self, ft: FieldText, cue_re: re.Pattern[str] | None, brk: list[bool],
                    both_ways: bool) -> list[str | None]:
        out: list[str | None] = [None] * len(ft.tokens)
        if cue_re is None:
            return out
        starts = self._cue_starts.get(cue_re.pattern)
        if starts is not None and all(t.text not in starts for t in ft.tokens):
            return out  # no word can begin a cue
        for m in cue_re.finditer(ft.match):
            i = bisect.bisect_right(ft.tok_match_start, m.start()) - 1
            j = bisect.bisect_right(ft.tok_match_start, m.end() - 1) - 1
            k = j + 1
            while k < len(ft.tokens) and not (brk[k] and re.search(r"[,;(]", ft.folded[ft.tokens[k - 1].end :
                                                                                           ft.tokens[k].start])):
                out[k] = m.group(0)
                k += 1
            if both_ways:
                k = i - 1
                while k >= 0 and not brk[k + 1]:
                    out[k] = m.group(0)
                    k -= 1
        return out

    def _context_ok(self, e: AliasEntry, ft: FieldText, i: int, j: int, fld: str,
                    line_groups: set[str], line_words: set[str] | frozenset[str], line_text: str,
                    raw_all: str) -> tuple[bool, str]:
        rule = e.rule
        assert rule is not None
        cached = self._ctx_cache.get(id(rule))
        if cached is None:
            cached = (set(_norm_list(rule.qualifiers)) | self.qualifiers, set(_norm_list(rule.context)),
                      set(), _norm_list(rule.deny))
            self._ctx_cache[id(rule)] = cached
        quals, ctx, _, deny = cached
        for d in deny:
            if (" " in d and re.search(r"(?<![a-z0-9])" + re.escape(d) + r"(?![a-z0-9])", line_text)) or d in line_words:
                return False, f"deny word '{d}' on the line"
            if " " not in d and len(d) >= 4 and any(w.endswith(d) for w in line_words):
                return False, f"deny word '{d}' on the line"
        for rx in rule.deny_raw:
            if re.search(rx, raw_all):
                return False, f"written as {rx!r}"
        toks = ft.tokens
        near = [toks[k].text for k in range(max(0, i - 1), min(len(toks), j + 3)) if k < i or k > j]
        near2 = " ".join(toks[k].text for k in range(j + 1, min(len(toks), j + 3)))
        # sorted: the reason names the same word in every run (set order follows the hash seed)
        qual = next((q for q in sorted(quals) if q in near or (" " in q and near2.startswith(q))), None)
        if qual is None and j + 1 < len(toks) and toks[j + 1].text.startswith(("zertifi", "certif", "siegel")):
            qual = toks[j + 1].text
        if rule.never_bare:
            return (qual is not None, f"qualifier '{qual}'" if qual else "needs a qualifier")
        if not rule.require:
            return True, "allowed without context (no deny word)"
        if qual is not None:
            return True, f"qualifier '{qual}' next to it"
        if fld == "label_text":
            return True, "stands in the label column"
        groups_ok = set(rule.groups) | self.labels_for_group_ids(e.label)
        common = groups_ok & line_groups
        if common:
            return True, f"product group {sorted(common)[0]} fits"
        hit = next((w for w in sorted(line_words) if w in ctx or any(c in w and len(c) >= 4 for c in ctx)), None)
        if hit is not None:
            return True, f"context word '{hit}'"
        return False, "short/ambiguous token without context"

    def _root_label(self, lid: str) -> str:
        """The family head of a label (fairtrade-cotton → fairtrade)."""
        seen = {lid}
        lab = self.db.labels.get(lid)
        while lab is not None and lab.parent and lab.parent in self.db.labels and lab.parent not in seen:
            lid = lab.parent
            seen.add(lid)
            lab = self.db.labels.get(lid)
        return lid

    def labels_for_group_ids(self, lid: str) -> set[str]:
        lab = self.db.labels.get(lid)
        return set(lab.product_groups) if lab is not None else set()

    # ------------------------------------------------------------------ label detection
    def detect(self, ft: FieldText, fld: str, line_groups: set[str], line_words: set[str] | frozenset[str],
               line_text: str, raw_all: str, nothing: bool | None = None,
               looked_at: list[ContextQuery] | None = None,
               ) -> tuple[list[Candidate], list[dict[str, Any]]]:
        """Candidates (accepted and rejected) and evidence dicts for one field (``nothing``:
        :meth:`_nothing_to_detect` of a description, if already known). Each time the result
        depends on the rest of the line (a context alias judged by :meth:`_context_ok`), the
        question and its answer are appended to ``looked_at``: the only way the line enters."""
        cands: list[Candidate] = []
        evidence: list[dict[str, Any]] = []
        toks = ft.tokens
        whole = ft.match
        if fld == "label_text" and ft.raw.strip() and " ".join(t.text for t in toks) in self.no_label_cells:
            evidence.append({"kind": "negated_label", "text": f"no label stated: {ft.raw.strip()}", "label_id": None,
                             "field": fld, "confidence": 1.0})
            return cands, evidence
        if not toks:
            return cands, evidence
        if fld != "label_text" and (nothing if nothing is not None else self._nothing_to_detect(ft)):
            return cands, evidence
        brk = self._clause_breaks(ft)
        neg = self._negated_tokens(ft, brk)
        equiv = self._cue_scopes(ft, self.equiv_re, brk, False)
        pend = self._cue_scopes(ft, self.pending_re, brk, True)
        used = [False] * len(toks)

        def tok_range(a: int, b: int) -> tuple[int, int]:
            i = bisect.bisect_right(ft.tok_match_start, a) - 1
            j = bisect.bisect_right(ft.tok_match_start, b - 1) - 1
            return i, j

        masked = [False] * len(toks)
        mask_why: list[str | None] = [None] * len(toks)
        if self.not_label_re is not None:
            for m in self.not_label_re.finditer(whole):
                i, j = tok_range(m.start(), m.end())
                for k in range(i, j + 1):
                    masked[k] = True
                    mask_why[k] = m.group(0)

        def status(c: Candidate) -> None:
            i, j = c.tok_start, c.tok_end
            if c.label is None:
                return
            for k in range(i, j + 1):
                if neg[k]:
                    c.accepted, c.why = False, f"negated by '{neg[k]}'"
                    return
            pf = self._postfix_negated(ft, j)
            if pf:
                c.accepted, c.why = False, f"negated by '{pf}' after it"
                return
            for k in range(i, j + 1):
                if equiv[k]:
                    c.accepted, c.why = False, f"only claimed equivalent ('{equiv[k]}')"
                    return
                if pend[k]:
                    c.accepted, c.why = False, f"only applied for ('{pend[k]}')"
                    return

        # 1. aliases
        skip_to = -1
        if self.alias_re is not None:
            for m in self.alias_re.finditer(whole):
                form = m.group(0)
                entries = self.alias_entries.get(form, [])
                i, j = tok_range(m.start(), m.end())
                if i <= skip_to:
                    continue
                method, fz_why = "alias", ""
                ext = self._extend_alias(form, toks, j)
                if ext is not None:
                    form, fz_why = ext
                    entries = self.alias_entries.get(form, [])
                    j += 1
                    skip_to = j
                    method = "fuzzy"
                start, end = toks[i].start, toks[j].end
                if any(masked[i : j + 1]):
                    why = next(w for w in mask_why[i : j + 1] if w)
                    for e in entries:
                        cands.append(Candidate(e.label, form, fld, "alias", start, end, i, j, 0.0, False,
                                               f"inside '{why}' (brand, title or other word)"))
                    for k in range(i, j + 1):
                        used[k] = True
                    continue
                for e in entries:
                    c = Candidate(e.label, form, fld, method, start, end, i, j,
                                  (1.0 if len(form) >= 5 else 0.9) if method == "alias" else 0.8)
                    if e.kind == "ambiguous":
                        c.accepted, c.why, c.confidence = False, "ambiguous alias (never matched alone)", 0.0
                    elif e.kind == "context":
                        ok, why = self._context_ok(e, ft, i, j, fld, line_groups, line_words, line_text, raw_all)
                        if looked_at is not None:  # the answer depends on the rest of the line
                            looked_at.append((e, i, j, (ok, why)))
                        c.accepted, c.why, c.confidence = ok, why, 0.85 if ok else 0.0
                    elif fz_why:
                        c.why = fz_why
                    else:
                        c.why = "alias" + (" (first part of a compound)" if toks[j].end > start + len(form) and
                                           " " not in form and len(toks[j].text) > len(form) else "")
                    if c.accepted:
                        status(c)
                    cands.append(c)
                if any(e.kind != "ambiguous" for e in entries):
                    for k in range(i, j + 1):
                        used[k] = True
        # 2. certificate numbers
        for lid, rx, on_raw in self.cert_rules:
            text = ft.raw if on_raw else ft.folded
            for m in rx.finditer(text):
                number = m.groupdict().get("number") or m.group(0)
                number = number.strip()
                if on_raw:
                    # locate in folded text approximately by the folded number
                    fn = fold(m.group(0))
                    pos = ft.folded.find(fn)
                    s_, e_ = (pos, pos + len(fn)) if pos >= 0 else (0, 0)
                else:
                    s_, e_ = m.start(), m.end()
                ti = max(0, bisect.bisect_right([t.start for t in toks], s_) - 1)
                tj = max(ti, bisect.bisect_right([t.start for t in toks], max(s_, e_ - 1)) - 1)
                if any(c.label == lid and c.method == "certificate" and c.start < e_ and s_ < c.end
                       for c in cands):
                    continue
                c = Candidate(lid, m.group(0), fld, "certificate", s_, e_, ti, tj, 1.0, True,
                              "certificate/licence number", number)
                status(c)
                cands.append(c)
                evidence.append({"kind": "certificate", "text": m.group(0).strip(), "label_id": lid,
                                 "field": fld, "confidence": 1.0})
                for k in range(ti, tj + 1):
                    used[k] = True
        # 3. generic claims, self-declarations, other labels (on words no label used)
        claim_used = [False] * len(toks)
        claim_block = [False] * len(toks)  # spans the fuzzy pass must not touch
        claim_res: list[tuple[re.Pattern[str] | None, str]] = [
            (self.self_decl_re, "self_declaration"), (self.known_other_re, "unknown_label"),
            (self.generic_fair_re, "generic_claim"), (self.generic_org_re, "generic_claim")]
        for crx, kind in claim_res:
            if crx is None:
                continue
            for m in crx.finditer(whole):
                i, j = tok_range(m.start(), m.end())
                if any(used[i : j + 1]) or any(claim_used[i : j + 1]):
                    continue
                for k in range(i, j + 1):
                    claim_used[k] = True
                    if i < j or kind != "generic_claim":
                        claim_block[k] = True
                if any(neg[k] for k in range(i, j + 1)):
                    continue
                text = ft.folded[toks[i].start : toks[j].end]
                evidence.append({"kind": kind, "text": text, "label_id": None, "field": fld,
                                 "confidence": 0.9 if kind != "generic_claim" else 0.8})
        # 4. fuzzy pass for typos of distinctive names
        for c in self._fuzzy(ft, fld, used, claim_block, masked):
            status(c)
            cands.append(c)
            for k in range(c.tok_start, c.tok_end + 1):
                used[k] = True
        # 4b. names cut short with a dot ("Fairtr.", "Naturl.")
        for k, t in enumerate(toks):
            if used[k] or masked[k] or claim_block[k] or len(t.text) < 5 or not t.text.isalpha():
                continue
            if ft.folded[t.end : t.end + 1] != ".":
                continue
            lids = {self._root_label(lid) for alias, lid in self.trunc_aliases
                    if alias.startswith(t.text) and alias != t.text}
            if len(lids) != 1:
                continue
            c = Candidate(lids.pop(), t.text + ".", fld, "fuzzy", t.start, t.end + 1, k, k, 0.7, True,
                          "name cut short with a dot")
            status(c)
            cands.append(c)
            used[k] = True
        # 5. unknown label-like strings
        for rx in self.unknown_res:
            for m in rx.finditer(ft.folded):
                s_, e_ = m.span("name")
                name = m.group("name").strip(" .-")
                ti = bisect.bisect_right([t.start for t in toks], s_) - 1
                tj = bisect.bisect_right([t.start for t in toks], max(s_, e_ - 1)) - 1
                ti = max(ti, 0)
                if any(used[ti : tj + 1]) or any(claim_used[ti : tj + 1]) or any(neg[ti : tj + 1]):
                    continue
                nm = normalise(name)
                if not nm or nm in self.no_label_cells or nm.split()[0] in self.neg_prefix | self.neg_postfix:
                    continue
                if nm in self.qualifiers or len(nm) < 2 or nm.isdigit() or nm.split()[0] in self.unknown_ignore:
                    continue
                if " " not in nm and self._lookup_word(nm) is not None:
                    continue  # a product word ("Papier-Siegel"), not a label name
                evidence.append({"kind": "unknown_label", "text": name, "label_id": None, "field": fld,
                                 "confidence": 0.5})
                for k in range(ti, tj + 1):
                    claim_used[k] = True
        # 6. negated labels as evidence
        for c in cands:
            if c.label and not c.accepted and c.why.startswith("negated"):
                evidence.append({"kind": "negated_label", "text": f"negated: {c.label}", "label_id": c.label,
                                 "field": fld, "confidence": 1.0})
            elif c.label and not c.accepted and c.why.startswith(("only claimed", "only applied")):
                evidence.append({"kind": "other", "text": f"{c.why}: {c.label}", "label_id": c.label,
                                 "field": fld, "confidence": 1.0})
        # 7. a label column that said something nobody understood
        if fld == "label_text" and not any(c.accepted for c in cands) and not evidence and not any(neg):
            evidence.append({"kind": "unknown_label", "text": ft.raw.strip()[:200], "label_id": None,
                             "field": fld, "confidence": 0.5})
        return cands, evidence

    def _may_start_phrase(self, word: str) -> bool:
        hit = self._start_memo.get(word)
        if hit is None:
            hit = word in self._start_words or word.startswith(self._compound_starts)
            if len(self._start_memo) < _MEMO_MAX:
                self._start_memo[word] = hit
        return hit

    def _raw_pattern_found(self, raw: str) -> bool:
        """Whether a certificate pattern that runs on the original text matches ``raw``."""
        return self._any_raw_re is not None and self._any_raw_re.search(raw) is not None

    def _nothing_to_detect(self, ft: FieldText, *, raw_patterns: bool = True) -> bool:
        """True when :meth:`detect` cannot find anything in a description: no pattern of any step
        matches, no token is a name cut short with a dot, and the fuzzy pass with no token taken
        finds no typo. Then negation scopes and masks need not be built (most lines name no label).
        Must list every step of :meth:`detect` that can yield a candidate or evidence.

        The alias and phrase expressions run only when a word could begin one of their matches
        (:meth:`_may_start_phrase`); :meth:`_nothing_to_detect_reference` always runs them and
        gives the same answer (tested). ``raw_patterns=False`` leaves out the patterns that run
        on the original text (:meth:`_raw_pattern_found`): then the answer depends on the folded
        text alone."""
        if any(self._may_start_phrase(t.text) for t in ft.tokens) and self._phrase_found(ft):
            return False
        return self._nothing_else(ft, raw_patterns=raw_patterns)

    def _nothing_to_detect_reference(self, ft: FieldText) -> bool:
        return not self._phrase_found(ft) and self._nothing_else(ft, reference=True)

    def _phrase_found(self, ft: FieldText) -> bool:
        whole = ft.match
        return any(rx is not None and rx.search(whole) is not None
                   for rx in (self.alias_re, self.not_label_re, self.self_decl_re, self.known_other_re,
                              self.generic_fair_re, self.generic_org_re))

    def _nothing_else(self, ft: FieldText, *, reference: bool = False, raw_patterns: bool = True) -> bool:
        """No certificate number, unknown-label pattern, cut-short name or typo in ``ft``.
        The patterns run as two combined expressions (one for the original text, one for the
        folded one); ``reference=True`` runs them one by one (same answer: tested)."""
        if reference or not self._combined_ok:
            for _, rx, on_raw in self.cert_rules:
                if rx.search(ft.raw if on_raw else ft.folded) is not None:
                    return False
            for rx in self.unknown_res:
                if rx.search(ft.folded) is not None:
                    return False
        else:
            if raw_patterns and self._raw_pattern_found(ft.raw):
                return False
            if self._any_folded_re is not None and self._any_folded_re.search(ft.folded) is not None:
                return False
        for t in ft.tokens:
            if (len(t.text) >= 5 and ft.folded[t.end : t.end + 1] == "." and t.text.isalpha()
                    and any(alias.startswith(t.text) and alias != t.text for alias, _ in self.trunc_aliases)):
                return False
        free = [False] * len(ft.tokens)
        return not self._fuzzy(ft, "description", free, free, free)

    def _fuzzy(self, ft: FieldText, fld: str, used: list[bool], claim_used: list[bool],
               masked: list[bool]) -> list[Candidate]:
        toks = ft.tokens
        out: list[Candidate] = []
        if not self.fuzzy_choices:
            return out
        taken = [u or c or m for u, c, m in zip(used, claim_used, masked, strict=True)]
        index, pfx, spans = self.fuzzy_index, self.fuzzy_prefix, self._fuzzy_spans
        # windows (n tokens from i) whose first letters some typo candidate shares: elsewhere
        # neither lookup can hit; listed in the order of the full scan (longest windows first)
        windows: list[tuple[int, int]] = []
        for i, t in enumerate(toks):
            first = t.text
            if len(first) >= pfx:
                ns = spans.get(first[:pfx])
                if ns:
                    windows.extend((-n, i) for n in ns if i + n <= len(toks))
            else:
                for n in (4, 3, 2, 1):
                    if i + n <= len(toks) and (" ".join(x.text for x in toks[i : i + n])[:pfx], n - 1) in index:
                        windows.append((-n, i))
        windows.sort()
        for neg_n, i in windows:
            n = -neg_n
            j = i + n - 1
            if any(taken[i : j + 1]):
                continue
            words = [t.text for t in toks[i : j + 1]]
            if not all(w.isalnum() for w in words) or not words[0].isalpha():
                continue
            if not any(len(w) >= 4 and w.isalpha() for w in words):
                continue
            if n > 1 and any(toks[k].end != toks[k + 1].start - 1 and
                             ft.folded[toks[k].end : toks[k + 1].start].strip(" -") != ""
                             for k in range(i, j)):
                continue
            cand = " ".join(words)
            if cand in self.fuzzy_excl_tokens or (n == 1 and cand in self.known_words):
                continue
            if len(cand) < 6:
                continue
            if cand in self._fuzzy_memo:
                best = self._fuzzy_memo[cand]
            else:
                best = self._fuzzy_best(cand)
                if best is None and n == 1:
                    best = self._fuzzy_compound(cand)
                if len(self._fuzzy_memo) > 200_000:
                    self._fuzzy_memo.clear()
                self._fuzzy_memo[cand] = best
            if best is None:
                continue
            d, alias, lid = best
            score = round(100.0 * (1 - d / max(len(alias), 1)), 1)
            out.append(Candidate(lid, ft.folded[toks[i].start : toks[j].end], fld, "fuzzy",
                                 toks[i].start, toks[j].end, i, j, round(0.9 * score / 100, 2), True,
                                 f"typo of '{alias}' (edit distance {d}, score {score})", None, score))
            for k in range(i, j + 1):
                taken[k] = True
        return out

    def _extend_alias(self, form: str, toks: list[Token], j: int) -> tuple[str, str] | None:
        """A longer alias whose last word is misspelt after an exact shorter one
        ("Naturland Fiar" → "naturland fair", "XertifiX PLUSS" → "xertifix plus")."""
        if j + 1 >= len(toks):
            return None
        nxt = toks[j + 1].text
        if len(nxt) < 4 or not nxt.isalpha() or nxt in self.fuzzy_excl_tokens:
            return None
        for full, last in self.alias_ext.get(form, []):
            if nxt == last:
                return None  # the exact longer alias would have matched
            if OSA.distance(nxt, last, score_cutoff=1) == 1:
                return full, f"typo of '{full}' ('{nxt}' for '{last}', edit distance 1)"
        return None

    def _fuzzy_compound(self, word: str) -> tuple[int, str, str] | None:
        """A misspelt distinctive name as the first part of a compound (Fairtade|kaffee): only when
        the rest of the word is a product keyword."""
        for alias, lid, _maxd in self.fuzzy_index.get((word[: self.fuzzy_prefix], 0), []):
            if len(alias) < 8 or not any(e.compound for e in self.alias_entries.get(alias, [])):
                continue
            for cut in (len(alias) - 1, len(alias) + 1, len(alias)):
                head = word[cut:]
                if len(head) < 4 or cut <= 0:
                    continue
                hit = self._lookup_word(head)
                if hit is None or hit[0] is None or hit[1] != "strong":
                    continue
                d = OSA.distance(word[:cut], alias, score_cutoff=1)
                if d == 1:
                    return (d, alias, lid)
        return None

    def _fuzzy_best(self, cand: str) -> tuple[int, str, str] | None:
        best: tuple[int, str, str] | None = None
        for alias, lid, maxd in self.fuzzy_index.get((cand[: self.fuzzy_prefix], cand.count(" ")), []):
            if abs(len(alias) - len(cand)) > maxd:
                continue
            d = OSA.distance(cand, alias, score_cutoff=maxd)
            if 0 < d <= maxd and (best is None or d < best[0]):
                best = (d, alias, lid)
        return best

    # ========================================================================= one triple
    def _desc_info(self, raw: str) -> _DescInfo:
        info = self._desc_memo.get(raw)
        if info is None:
            if not self._combined_ok:  # pragma: no cover - only with patterns ``re`` cannot combine
                ft = _prepare(raw, self.abbr)
                info = _DescInfo(ft, self.text_group(ft), self._nothing_to_detect(ft) if ft.tokens else True)
            else:
                # the group and most of the "anything to detect" check are shared by the
                # descriptions with the same folded text; only the raw-text patterns run per text
                folded = expand_abbreviations(fold(raw), self.abbr)
                base = self._folded_memo.get(folded)
                if base is None:
                    ft = _prepare_folded(raw, folded)
                    base = _FoldedInfo(ft, self.text_group(ft),
                                       self._nothing_to_detect(ft, raw_patterns=False) if ft.tokens else True)
                    if len(self._folded_memo) >= _MEMO_MAX:
                        self._folded_memo.clear()
                    self._folded_memo[folded] = base
                else:
                    b = base.ft  # (its token lists are never changed, so they can be shared)
                    ft = FieldText(raw, folded, b.tokens, b.match, b.tok_match_start, b._runs)
                raw_hit = bool(ft.tokens) and self._raw_pattern_found(raw)
                info = _DescInfo(ft, base.text_group, base.nothing and not raw_hit,
                                 detect_key=("description", raw) if raw_hit else ("description (folded)", folded))
            if len(self._desc_memo) >= _MEMO_MAX:
                self._desc_memo.clear()
            self._desc_memo[raw] = info
        return info

    def _field(self, raw: str) -> FieldText:
        ft = self._field_memo.get(raw)
        if ft is None:
            ft = _prepare(raw, self.abbr)
            if len(self._field_memo) >= _MEMO_MAX:
                self._field_memo.clear()
            self._field_memo[raw] = ft
        return ft

    def _repair(self, cpv: object) -> str | None:
        if cpv is None:
            return None
        if not isinstance(cpv, str):
            return repair_cpv(cpv, self.known_cpv)
        if cpv in self._repair_memo:
            return self._repair_memo[cpv]
        code = repair_cpv(cpv, self.known_cpv)
        if len(self._repair_memo) < _MEMO_MAX:
            self._repair_memo[cpv] = code
        return code

    def analyse(self, description: object, cpv: object, label_text: object) -> dict[str, Any]:
        """Full analysis (with trace) of one line."""
        desc_raw = to_text(description)
        lt_raw = to_text(label_text)
        info = self._desc_info(desc_raw)
        ft_d = info.ft
        ft_l = self._field(lt_raw)
        code = self._repair(cpv)
        gres = self.classify(ft_d, code, info.text_group)
        line_groups: set[str] = set()
        if gres.group is not None:
            line_groups = {gres.group, *self.ancestors(gres.group)}
        elif gres.text_veto is None:
            for h in gres.hits:
                if h.group is not None and h.kind in ("strong", "weak"):
                    line_groups.update({h.group, *self.ancestors(h.group)})
        cands: list[Candidate] = []
        evidence: list[dict[str, Any]] = []
        if info.nothing and not ft_l.tokens:
            # neither field can yield a candidate: the line context is never looked at
            line_words: frozenset[str] = frozenset()
            line_text = raw_all = ""
        else:
            if info.words is None:
                info.words = frozenset({t.text for t in ft_d.tokens} | {w for w, _, _ in ft_d.runs})
            line_words = info.words | {t.text for t in ft_l.tokens} if ft_l.tokens else info.words
            line_text = ft_d.match + " | " + ft_l.match
            raw_all = desc_raw + " | " + lt_raw
        for ft, fld in ((ft_d, "description"), (ft_l, "label_text")):
            key = (info.detect_key or (fld, ft.raw)) if fld == "description" else (fld, ft.raw)
            hit = self._detect_memo.get(key)
            if hit is None:
                # a result that depended on the line is reused when every context question it
                # asked gets the same answer on this line (detect() is deterministic otherwise)
                for queries, earlier in self._ctx_detect_memo.get(key, ()):
                    if all(self._context_ok(e, ft, i, j, fld, line_groups, line_words, line_text, raw_all) == ans
                           for e, i, j, ans in queries):
                        hit = earlier
                        break
            if hit is None:
                looked_at: list[ContextQuery] = []  # (local: engines may be shared between threads)
                hit = self.detect(ft, fld, line_groups, line_words, line_text, raw_all,
                                  info.nothing if fld == "description" else None, looked_at)
                if not looked_at:
                    # a pure function of the field's text: valid for every line it appears on
                    if len(self._detect_memo) >= _MEMO_MAX:
                        self._detect_memo.clear()
                    self._detect_memo[key] = hit
                else:
                    if len(self._ctx_detect_memo) >= _MEMO_MAX:
                        self._ctx_detect_memo.clear()
                    variants = self._ctx_detect_memo.setdefault(key, [])
                    if len(variants) < self.ctx_variants:
                        variants.append((looked_at, hit))
            cands.extend(hit[0])
            evidence.extend(dict(e) for e in hit[1])
        labels: dict[str, dict[str, Any]] = {}
        unreported_ev: dict[str, dict[str, Any]] = {}
        for c in cands:
            if not c.accepted or c.label is None:
                continue
            old = labels.get(c.label)
            raw_field = desc_raw if c.field == "description" else lt_raw
            span = self._span_memo.get((raw_field, c.matched))
            if span is None:
                span = original_span(raw_field, c.matched)
                if len(self._span_memo) < _MEMO_MAX:
                    self._span_memo[(raw_field, c.matched)] = span
            if c.label in self.unreported_labels:
                # a label outside the reported list: evidence with its id (the rules judge it by
                # what the label database says it guarantees), once per label, the surest match
                ev = {"kind": "label", "text": span, "label_id": c.label, "field": c.field,
                      "confidence": c.confidence}
                prev = unreported_ev.get(c.label)
                if prev is None:
                    unreported_ev[c.label] = ev
                    evidence.append(ev)
                elif c.confidence > prev["confidence"]:
                    prev.update(ev)
                continue
            rec = {"id": c.label, "name": self.db.labels[c.label].name,
                   "matched_text": span,
                   "field": c.field, "method": c.method, "confidence": c.confidence,
                   "certificate_number": c.certificate_number}
            if old is None:
                labels[c.label] = rec
            else:
                if c.certificate_number and not old["certificate_number"]:
                    old["certificate_number"] = c.certificate_number
                if c.confidence > old["confidence"]:
                    old.update({k: v for k, v in rec.items() if k != "certificate_number" or v})
        reported = gres.group if gres.group not in self.unreported else None
        reason = gres.reason
        if gres.group is not None and reported is None:
            reason = f"{reason}; {gres.group} is not a sensitive product group"
        return {
            "cpv_normalised": code,
            "product_group": reported,
            "group_method": gres.method if reported is not None else None,
            "group_reason": reason,
            "labels": list(labels.values()),
            "evidence": evidence,
            "_trace": {"desc": ft_d, "label_text": ft_l, "group": gres, "candidates": cands,
                       "cpv_raw": to_text(cpv) or None},
        }


def _rank(kind: str, source: str) -> int:
    r = {"weak": 0, "strong": 1, "neutral": 1, "excl": 1}.get(kind, 0)
    return r + (10 if source == "compound rule" else 0)
