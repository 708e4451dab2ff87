import io
import json
from datetime import datetime

from django.core.management import call_command

from yiwang.insight import duplicates, hot, text


def row(i, title, body, time, user=None, likes=0):
    return {"id": i, "title": title, "body": body, "time": time, "user": user or f"u{i}", "likes": likes}


ROWS = [
    row(1, "A5区劳动东路魅力之城小区油烟扰民", "小区临街门面烧烤店油烟直排，晚上噪音很大。", "2019-08-18 10:00:00"),
    row(2, "魅力之城小区底层餐馆噪音扰民", "楼下餐馆营业到凌晨，油烟和噪音让居民无法休息。", "2019-08-26 10:00:00", likes=3),
    row(3, "万科魅力之城小区夜宵摊油烟严重", "夜宵摊油烟熏人，噪音扰民，请处理。", "2019-09-04 21:00:00"),
    row(4, "A市经济学院强制学生外出实习", "学校要求学生必须去指定工厂实习，不去不给毕业证。", "2019-04-28 10:00:00"),
    row(5, "A市涉外经济学院组织学生外出打工合理吗", "学校组织学生去外省工厂流水线实习打工。", "2019-11-05 10:00:00"),
    row(6, "魅力之城小区楼板开裂", "新房楼板开裂渗水，开发商不处理。", "2019-10-23 10:00:00"),
    row(7, "金鼎村水泥路什么时候修", "村里的路坑坑洼洼，下雨出行困难。", "2019-05-01 10:00:00"),
]


def test_place_is_the_named_estate_or_school_before_roads_and_towns():
    assert text.place("A5区劳动东路魅力之城小区油烟扰民", "") == "魅力之城小区"
    assert text.place("A市魅力之城商铺无排烟管道", "A市魅力之城小区自打交房入住后") == "魅力之城小区"
    assert text.place("西地省经济学院体育学院变相强制实习", "") == "经济学院"
    assert text.place("反映A7县春华镇金鼎村水泥路的问题", "") == "金鼎村"
    assert text.place("请问公积金怎么取", "") == ""


def test_hot_issues_group_one_problem_at_one_place_and_keep_other_problems_apart():
    issues = hot.rank(hot.messages_from_rows(ROWS))
    groups = {frozenset(m.key for m in issue.messages) for issue in issues}
    assert frozenset({1, 2, 3}) in groups  # 万科魅力之城小区 joins 魅力之城小区
    assert frozenset({4, 5}) in groups  # the same school, two wordings, half a year apart
    assert not any(6 in g or 7 in g for g in groups)  # a different problem; a lone message
    fumes = next(i for i in issues if i.messages[0].key == 1)
    assert fumes.place == "魅力之城小区"
    assert fumes.time_range == "2019/08/18 至 2019/09/04"
    assert fumes.parts["likes"] == 3 and fumes.parts["people"] == 3
    assert sum(p["count"] for p in fumes.trend) == 3
    assert fumes.rank == 1  # more people, likes and recent growth than the school issue


def test_heat_grows_with_volume_likes_and_urgency():
    now = datetime(2019, 9, 10)
    base = [hot.Message(key=i, title="路灯不亮", body="", time=datetime(2019, 9, 1), user=f"u{i}") for i in range(3)]
    more = base + [hot.Message(key=9, title="路灯不亮", body="", time=datetime(2019, 9, 2), user="u9")]
    liked = [hot.Message(key=i, title="路灯不亮", body="", time=datetime(2019, 9, 1), user=f"u{i}", likes=50)
             for i in range(3)]
    urgent = [hot.Message(key=i, title="路灯不亮有安全隐患", body="", time=datetime(2019, 9, 1), user=f"u{i}")
              for i in range(3)]
    value = hot.heat(base, now)[0]
    assert hot.heat(more, now)[0] > value
    assert hot.heat(liked, now)[0] > value
    assert hot.heat(urgent, now)[0] > value


def test_the_same_message_under_two_ids_counts_once_and_keeps_both_ids():
    twice = ROWS[:3] + [dict(ROWS[0], id=101)]
    issues = hot.rank(hot.messages_from_rows(twice))
    assert issues[0].as_json()["message_ids"] == [1, 101, 2, 3]
    assert issues[0].as_json()["size"] == 3


def test_hot_issues_command_writes_the_ranked_table(tmp_path):
    data = tmp_path / "m.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    out = io.StringIO()
    call_command("insight", "hot-issues", "--data", str(data), "--top", "1", stdout=out)
    table = json.loads(out.getvalue())
    assert len(table) == 1
    assert table[0]["rank"] == 1 and table[0]["message_ids"] == [1, 2, 3]
    assert table[0]["location_or_group"] == "魅力之城小区" and table[0]["description"]


def test_a_reworded_report_of_the_same_problem_is_a_duplicate():
    a = duplicates.prepare(1, "翠湖小区门口下水道堵塞污水横流", "翠湖小区南门下水道堵了一个星期，污水流到马路上，臭气熏天。")
    b = duplicates.prepare(2, "翠湖小区南门污水横流", "小区南门的下水道堵塞，污水横流好几天了，臭味很大，请尽快疏通。")
    other_place = duplicates.prepare(3, "金鼎小区门口下水道堵塞污水横流", "金鼎小区南门下水道堵了一个星期，污水流到马路上。")
    unrelated = duplicates.prepare(4, "公积金提取咨询", "离职后公积金如何提取，需要哪些材料。")
    assert duplicates.similarity(a, b) >= duplicates.Settings().threshold
    assert duplicates.similarity(a, other_place) == 0.0
    assert duplicates.similarity(a, unrelated) < 0.1
    assert duplicates.groups([a, b, other_place, unrelated]) == [[0, 1]]


def test_band_hashes_are_stable_across_runs():
    words = frozenset({"翠湖", "下水道", "堵塞"})
    assert duplicates.band_hashes(words) == duplicates.band_hashes(frozenset(sorted(words)))
    assert len(duplicates.band_hashes(words)) == duplicates.BANDS
    assert all(0 <= h < 2 ** 63 for h in duplicates.band_hashes(words))


def test_phrases_that_are_not_places_are_not_taken_for_places():
    from yiwang.insight import text

    for phrase in ("孩子明年上小学需要哪些材料", "一家装修公司拖欠工资", "建议增开新城到高铁站的公交"):
        assert text.place(phrase, "") == "", phrase
    assert text.place("开元小区停水", "") == "开元小区" and text.place("魅力之城小区油烟", "") == "魅力之城小区"
