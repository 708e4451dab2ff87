"""Hot issues (热点问题): group messages about the same problem at the same place (or for the same
group of people) and rank the groups by a heat index.

How grouping works:
1. each message gets its place or group (`text.place`: 魅力之城小区, 经济学院, 东六路, or none);
   a longer name that ends with a shorter known one (万科魅力之城小区 → 魅力之城小区) joins it;
2. inside one place, messages are clustered by what they say (TF-IDF over jieba words,
   average linkage, so one odd pair cannot chain two problems together);
3. messages without a place are clustered by what they say alone, with a stricter threshold.

The heat index and its weights are in `HeatWeights`; docs/insight.md explains each part.
"""
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from . import text as t

URGENT = re.compile(r"紧急|急需|尽快|危险|安全隐患|隐患|火灾|坍塌|倒塌|漏电|触电|中毒|救命|人身安全|生命|溺水|塌陷|燃气泄漏|欠薪|讨薪")


@dataclass(frozen=True)
class Grouping:
    same_place: float = 0.08  # least average similarity of messages grouped within one place
    attach: float = 0.10  # a lone message at a place joins the nearest group this similar to it
    no_place: float = 0.45  # least similarity of messages linked when neither names a place
    min_size: int = 2
    body_chars: int = 150


@dataclass(frozen=True)
class HeatWeights:
    volume: float = 1.0  # ln(1 + messages)
    spread: float = 1.0  # ln(1 + distinct people who raised it)
    likes: float = 0.5  # ln(1 + likes - dislikes, at least 0)
    growth: float = 0.5  # ln((recent + 1) / (earlier + 1)) over two windows
    urgency: float = 1.0  # share of messages that speak of danger or urgency
    window_days: int = 14


@dataclass
class Message:
    key: object
    title: str
    body: str
    time: datetime | None = None
    user: str = ""
    likes: int = 0
    dislikes: int = 0
    urgent: bool = False
    place: str = ""
    repeats: list = field(default_factory=list)  # other ids the same message came in under


@dataclass
class HotIssue:
    messages: list
    place: str
    description: str
    heat: float = 0.0
    parts: dict = field(default_factory=dict)
    trend: list = field(default_factory=list)
    rank: int = 0

    @property
    def first(self):
        times = [m.time for m in self.messages if m.time]
        return min(times) if times else None

    @property
    def last(self):
        times = [m.time for m in self.messages if m.time]
        return max(times) if times else None

    @property
    def time_range(self):
        if not self.first:
            return ""
        return f"{self.first:%Y/%m/%d} 至 {self.last:%Y/%m/%d}"

    def as_json(self):
        return {"rank": self.rank, "heat": round(self.heat, 3), "time_range": self.time_range,
                "location_or_group": self.place, "description": self.description,
                "message_ids": [key for m in self.messages for key in (m.key, *m.repeats)],
                "size": len(self.messages),
                "parts": self.parts, "trend": self.trend}


def parse_time(value):
    if isinstance(value, datetime) or value is None:
        return value
    value = str(value).strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d", "%Y/%m/%d", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value[:19], fmt)
        except ValueError:
            continue
    return None


def messages_from_rows(rows):
    """Messages from JSON rows (id, title, body, time, user, likes, dislikes). The same message
    repeated under another id (the data's README warns of it) counts once and keeps both ids."""
    seen = {}
    out = []
    for number, row in enumerate(rows):
        fingerprint = (t.clean(row["title"]), t.clean(row["body"]), str(row.get("time", "")))
        if fingerprint in seen:
            seen[fingerprint].repeats.append(row.get("id", number))
            continue
        seen[fingerprint] = message = (Message(key=row.get("id", number), title=row["title"], body=row["body"],
                           time=parse_time(row.get("time")), user=str(row.get("user", "")),
                           likes=int(row.get("likes") or 0), dislikes=int(row.get("dislikes") or 0)))
        out.append(message)
    return out


def _canonical_places(messages):
    names = sorted({m.place for m in messages if m.place}, key=len)
    canon = {}
    for name in names:
        canon[name] = next((short for short in canon.values() if len(short) >= 4 and name.endswith(short)), name)
    for m in messages:
        m.place = canon.get(m.place, "")


def group(messages, grouping=Grouping()):
    """Lists of message indexes, one per issue (of at least `min_size` messages)."""
    if not messages:
        return []
    for m in messages:
        if not m.place:
            m.place = t.place(m.title, m.body)
    _canonical_places(messages)
    docs = []
    for m in messages:
        words = t.words(t.message_text(m.title, t.clean(m.body)[:grouping.body_chars]))
        docs.append(" ".join(w for w in words.split() if len(w) > 1 and w not in m.place))
    # Words in most messages say nothing of the problem; on a handful of messages keep them all.
    vectors = TfidfVectorizer(token_pattern=r"\S+", sublinear_tf=True,
                              max_df=0.3 if len(docs) >= 50 else 1.0).fit_transform(docs)
    by_place = defaultdict(list)
    for i, m in enumerate(messages):
        by_place[m.place].append(i)
    groups = []
    for place, members in by_place.items():
        if place:
            groups.extend(_attach_lone(vectors, _average_link(vectors, members, grouping.same_place),
                                       grouping.attach))
        else:
            groups.extend(_linked(vectors, members, grouping.no_place))
    return [g for g in groups if len(g) >= grouping.min_size]


def _average_link(vectors, members, threshold):
    if len(members) == 1:
        return [members]
    sub = vectors[members]
    distance = 1.0 - (sub @ sub.T).toarray()
    condensed = np.clip(distance[np.triu_indices(len(members), k=1)], 0.0, 1.0)
    labels = fcluster(linkage(condensed, method="average"), t=1.0 - threshold, criterion="distance")
    out = defaultdict(list)
    for member, label in zip(members, labels):
        out[label].append(member)
    return list(out.values())


def _attach_lone(vectors, clusters, threshold):
    """Average linkage leaves a message alone when it shares few words with each other one;
    it still belongs to a group whose words, taken together, it shares."""
    groups = [c for c in clusters if len(c) > 1]
    if not groups:
        return clusters
    centroids = np.vstack([np.asarray(vectors[c].mean(axis=0)) for c in groups])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True) + 1e-12
    out = [list(g) for g in groups]
    for lone in (c for c in clusters if len(c) == 1):
        similarity = np.asarray(vectors[lone] @ centroids.T).ravel()
        best = int(similarity.argmax())
        if similarity[best] >= threshold:
            out[best].extend(lone)
        else:
            out.append(lone)
    return out


def _linked(vectors, members, threshold):
    sub = vectors[members]
    similar = sub @ sub.T
    similar.data[similar.data < threshold] = 0
    similar.eliminate_zeros()
    count, labels = connected_components(similar, directed=False)
    out = defaultdict(list)
    for member, label in zip(members, labels):
        out[label].append(member)
    return list(out.values())


def describe(messages):
    """One line for an issue: the title that shares most words with the others."""
    titles = [t.clean(m.title) or t.clean(m.body)[:40] for m in messages]
    if len(titles) <= 2:
        return titles[0][:60]
    counts = Counter(w for title in titles for w in set(t.words(title).split()) if len(w) > 1)
    best = max(titles, key=lambda title: sum(counts[w] for w in set(t.words(title).split()) if len(w) > 1)
               / (1 + len(title) / 30))
    return best[:60]


def heat(messages, now, weights=HeatWeights()):
    """The heat index and its parts for one issue's messages, as of `now`."""
    window = timedelta(days=weights.window_days)
    recent = sum(1 for m in messages if m.time and now - window < m.time <= now)
    earlier = sum(1 for m in messages if m.time and now - 2 * window < m.time <= now - window)
    people = len({m.user for m in messages if m.user}) or len(messages)
    likes = max(0, sum(m.likes - m.dislikes for m in messages))
    urgency = sum(1 for m in messages if m.urgent or URGENT.search(m.title + m.body)) / len(messages)
    parts = {"messages": len(messages), "people": people, "likes": likes, "recent": recent, "earlier": earlier,
             "urgency": round(urgency, 3)}
    value = (weights.volume * math.log1p(len(messages)) + weights.spread * math.log1p(people)
             + weights.likes * math.log1p(likes) + weights.growth * math.log((recent + 1) / (earlier + 1))
             + weights.urgency * urgency)
    return value, parts


def trend(messages):
    """Messages per month, or per week when the issue spans less than half a year."""
    times = sorted(m.time for m in messages if m.time)
    if not times:
        return []
    weekly = times[-1] - times[0] < timedelta(days=183)
    counts = Counter()
    for moment in times:
        start = (moment - timedelta(days=moment.weekday())).date() if weekly else moment.date().replace(day=1)
        counts[start.isoformat()] += 1
    return [{"period": period, "count": counts[period]} for period in sorted(counts)]


def rank(messages, now=None, grouping=Grouping(), weights=HeatWeights()):
    """Hot issues, hottest first. `now` defaults to the newest message's time."""
    groups = group(messages, grouping)
    if now is None:
        times = [m.time for m in messages if m.time]
        now = max(times) if times else datetime.now()
    issues = []
    for members in groups:
        chosen = sorted((messages[i] for i in members), key=lambda m: (m.time or datetime.min, str(m.key)))
        value, parts = heat(chosen, now, weights)
        issues.append(HotIssue(messages=chosen, place=chosen[0].place, description=describe(chosen),
                               heat=value, parts=parts, trend=trend(chosen)))
    issues.sort(key=lambda issue: (-issue.heat, -len(issue.messages), issue.description))
    for position, issue in enumerate(issues, 1):
        issue.rank = position
    return issues
