"""Small hand-written messages for the insight tests (the shared data feeds only the benchmarks)."""
import json

NOISE = ["{}小区楼下烧烤店油烟扰民", "{}小区底层餐馆深夜噪音扰民", "{}小区夜宵摊油烟噪音严重", "{}小区临街门面油烟直排",
         "{}小区餐饮店半夜吵闹", "{}小区楼下饭店排烟扰民"]
FUND = ["住房公积金提取手续太复杂", "公积金贷款额度怎么计算", "离职后公积金如何转移", "公积金缴存基数调整咨询",
        "异地公积金提取问题", "公积金账户封存怎么办"]
SCHOOL = ["学校强制学生去工厂实习", "学校乱收补课费", "学校食堂饭菜质量差", "中学放学时间太晚",
          "学校宿舍没有热水", "小学学位紧张入学难"]
PLACES = ["青山", "翠湖", "金鼎", "松林", "白鹭", "东湖"]


def labelled_rows():
    rows = []
    for i, place in enumerate(PLACES):
        rows.append({"title": NOISE[i].format(place), "body": "每天晚上油烟和噪音影响居民休息，请环保和城管部门处理。",
                     "label": "环境保护"})
        rows.append({"title": FUND[i], "body": "请问住房公积金中心办理需要哪些材料，多久能到账。", "label": "劳动和社会保障"})
        rows.append({"title": SCHOOL[i], "body": "希望教育局管一管学校，保障学生的权益。", "label": "教育文体"})
    return rows


def jsonl(rows):
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
