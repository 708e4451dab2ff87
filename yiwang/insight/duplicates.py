"""Near-duplicate messages: the same problem at the same place, worded differently.

Two steps, as search engines do it:
1. candidates: MinHash signatures of each message's word set (without the words that most
   messages use, `common_words.txt`), cut into bands (locality sensitive hashing): two
   messages that share one whole band are candidates. With 64 bands of 2 rows, pairs whose
   word sets overlap by a fifth are found more than nine times in ten. The bands are stored
   with each order, so the database finds an order's candidates through an index;
2. verification: the cosine of the candidates' word sets and the overlap of their titles'
   characters, weighed together, must reach `threshold`; messages that name two different
   places are never duplicates.

`bench/insight_duplicates.py` measures precision and recall on labelled pairs and the speed
on 100,000 messages; docs/insight.md has the figures.
"""
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

from datasketch import MinHash

from . import text as t

NUM_PERM = 128
BAND_ROWS = 2
BANDS = NUM_PERM // BAND_ROWS
SEED = 20191101
W_WORDS = 0.7
_MASK = (1 << 63) - 1


@dataclass(frozen=True)
class Settings:
    threshold: float = 0.35
    body_chars: int = 300


@dataclass
class Document:
    key: object
    title: str
    body: str
    place: str = ""
    words: frozenset = frozenset()
    title_chars: frozenset = frozenset()
    bands: tuple = ()


COMMON_WORDS = frozenset(line.strip() for line in (Path(__file__).parent / "common_words.txt").read_text("utf-8").splitlines()
                         if line.strip() and not line.startswith("#"))
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED)


def prepare(key, title, body, place=None, settings=Settings()):
    """A document ready to compare: its word set, title bigrams, place and band hashes."""
    title_clean = t.clean(title)
    words = frozenset(w for w in t.words(t.message_text(title, t.clean(body)[:settings.body_chars])).split()
                      if len(w) > 1 and w not in COMMON_WORDS)
    title_chars = frozenset(title_clean[i:i + 2] for i in range(len(title_clean) - 1))
    return Document(key=key, title=title, body=body, place=t.place(title, body) if place is None else place,
                    words=words, title_chars=title_chars, bands=band_hashes(words))


def band_hashes(words):
    if not words:
        return ()
    signature = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme)
    signature.update_batch([w.encode("utf-8") for w in words])
    values = signature.hashvalues.reshape(BANDS, BAND_ROWS)
    # One 63-bit number per band (fits a database bigint), salted by the band's position.
    return tuple(int.from_bytes(hashlib.blake2b(row.tobytes(), digest_size=8, salt=bytes([i])).digest()) & _MASK
                 for i, row in enumerate(values))


def _jaccard(a, b):
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _cosine(a, b):
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def similarity(a, b):
    """How alike two documents are, 0..1; 0 when they name different places."""
    if a.place and b.place and a.place != b.place and not (a.place.endswith(b.place) or b.place.endswith(a.place)):
        return 0.0
    return W_WORDS * _cosine(a.words, b.words) + (1 - W_WORDS) * _jaccard(a.title_chars, b.title_chars)


def candidate_pairs(documents):
    """Index pairs (i < j) that share at least one band."""
    buckets = {}
    for i, document in enumerate(documents):
        for band in document.bands:
            buckets.setdefault(band, []).append(i)
    pairs = set()
    for members in buckets.values():
        if 1 < len(members) <= 200:  # a band shared by hundreds is boilerplate, not a problem
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    pairs.add((members[x], members[y]))
    return pairs


def duplicate_pairs(documents, settings=Settings()):
    """Verified pairs with their similarity, most alike first."""
    scored = []
    for i, j in candidate_pairs(documents):
        score = similarity(documents[i], documents[j])
        if score >= settings.threshold:
            scored.append((i, j, score))
    scored.sort(key=lambda p: -p[2])
    return scored


def groups(documents, settings=Settings()):
    """Groups of duplicates (index lists, each of two or more), biggest first."""
    parent = list(range(len(documents)))

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in duplicate_pairs(documents, settings):
        parent[root(i)] = root(j)
    found = {}
    for i in range(len(documents)):
        found.setdefault(root(i), []).append(i)
    return sorted((g for g in found.values() if len(g) > 1), key=lambda g: (-len(g), g[0]))


def documents_from_rows(rows, settings=Settings()):
    return [prepare(row.get("id", n), row["title"], row["body"], settings=settings) for n, row in enumerate(rows)]


def ranked(document, others, settings=Settings(), limit=5):
    """The `others` most like `document`, above the threshold: [(other, score)]."""
    scored = [(other, similarity(document, other)) for other in others if other.key != document.key]
    scored = [pair for pair in scored if pair[1] >= settings.threshold]
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]

