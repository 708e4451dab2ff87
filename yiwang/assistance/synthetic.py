"""Synthetic assistance data with a known truth, for the demo, the tests and the benchmark: people in
households across streets, each appearing in several departments' files written the way each
department writes (its own headings, dates in mixed formats, full-width digits, old 15-digit ID
numbers), with about a fifth of the records carrying no usable ID number, names mistyped by sound
(明/铭) or by shape (王/玉), and namesakes born the same day in different streets. No real person:
the names are drawn from common characters and the ID numbers are made up (with a right check
character, so that they read as valid)."""
import dataclasses
import datetime as dt
import random

from stdnum.cn import ric

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕鹏辉斌宇浩凯健俊帆帅旭宁"
         "龙林欣琳雪梅晨阳佳颖倩婷雯璐曦悦瑶蕾露怡琪晓东海波峰春建国志文成永新亮成博子涵梓轩浩然一诺")
# Homophones written for each other (the same sound): a clerk's typo, not another person.
HOMOPHONES = {"明": "铭", "华": "骅", "丽": "莉", "伟": "玮", "静": "婧", "军": "君", "红": "虹", "芳": "方",
              "燕": "艳", "玲": "琳", "杰": "洁", "涛": "韬", "斌": "彬", "敏": "闽", "婷": "亭", "峰": "锋",
              "刚": "钢", "平": "萍", "英": "瑛", "霞": "侠", "娜": "纳", "梅": "玫", "宇": "雨", "国": "帼"}
# Characters of similar shape, mistyped for each other.
SHAPES = {"王": "玉", "未": "末", "己": "已", "土": "士", "日": "曰", "人": "入", "大": "太", "天": "夫",
          "午": "牛", "田": "由", "玉": "王", "晓": "哓", "明": "朋", "东": "东", "海": "诲", "波": "坡",
          "建": "健", "春": "椿", "永": "水", "文": "纹", "志": "忐", "新": "斩", "博": "搏", "辉": "挥"}
AREAS = ["370214", "370202", "370203", "370211", "370212", "370281"]
ROADS = ["春阳路", "正阳路", "文阳路", "和阳路", "长城路", "黑龙江路", "银河路", "仙山路", "华城路", "城阳路"]


@dataclasses.dataclass
class SourceSpec:
    code: str
    name: str
    unit: str              # the department's unit name
    help: str = ""
    fact: str = ""
    share: float = 0.1     # the share of people in its file
    headings: tuple = ()


DEPARTMENTS = {"民政": "区民政局", "残联": "区残疾人联合会", "人社": "区人力资源和社会保障局", "医保": "区医疗保障局",
               "教育": "区教育和体育局", "住建": "区住房和城乡建设局", "卫健": "区卫生健康局", "公安": "公安分局",
               "乡村振兴": "区乡村振兴局", "工会": "区总工会", "慈善": "区慈善总会"}
P = ("姓名", "身份证号", "性别", "出生日期", "街道", "社区", "家庭住址", "联系电话")
SOURCES = [
    SourceSpec("GA-HJ", "公安户籍", "公安分局", fact="household", share=0.9,
               headings=("姓名", "公民身份号码", "性别", "出生日期", "镇街", "村居", "户籍地址", "户号", "与户主关系")),
    SourceSpec("MZ-DB", "民政低保", "区民政局", help="dibao", share=0.12,
               headings=P + ("户号", "与户主关系", "家庭人口", "月收入", "救助金额", "起止日期")),
    SourceSpec("MZ-TK", "民政特困供养", "区民政局", help="tekun", share=0.03,
               headings=("姓名", "身份证号码", "性别", "出生年月日", "所属街道", "所属社区", "住址", "救助金额", "起始日期")),
    SourceSpec("MZ-LS", "民政临时救助", "区民政局", help="temporary", share=0.05,
               headings=P + ("救助金额", "发放日期")),
    SourceSpec("MZ-SR", "民政收入核对", "区民政局", fact="income", share=0.2,
               headings=("姓名", "身份证号", "街道", "社区", "户号", "家庭人口", "月收入", "登记日期")),
    SourceSpec("CL-CJ", "残联残疾人证", "区残疾人联合会", fact="disability", share=0.08,
               headings=("残疾人姓名", "证件号码", "性别", "出生日期", "镇街", "村居", "现住址", "残疾类别", "残疾等级")),
    SourceSpec("CL-BT", "残联两项补贴", "区残疾人联合会", help="disability_subsidy", share=0.04,
               headings=("姓名", "身份证号", "街道", "社区", "补贴金额", "起止日期")),
    SourceSpec("RS-SY", "人社失业登记", "区人力资源和社会保障局", fact="unemployment", share=0.06,
               headings=P + ("登记日期",)),
    SourceSpec("RS-GY", "人社公益岗位", "区人力资源和社会保障局", help="public_job", share=0.02,
               headings=P + ("起始日期", "终止日期")),
    SourceSpec("YB-FY", "医保医疗费用", "区医疗保障局", fact="medical", share=0.15,
               headings=("姓名", "身份证号码", "性别", "出生日期", "街道", "医疗自付金额", "发放日期")),
    SourceSpec("YB-JZ", "医保医疗救助", "区医疗保障局", help="medical_aid", share=0.04,
               headings=("姓名", "身份证号", "街道", "社区", "救助金额", "发放日期")),
    SourceSpec("JY-XS", "教育在校学生", "区教育和体育局", fact="schooling", share=0.1,
               headings=("学生姓名", "身份证号", "性别", "出生日期", "街道", "家庭住址", "登记日期")),
    SourceSpec("JY-ZZ", "教育学生资助", "区教育和体育局", help="education_aid", share=0.03,
               headings=("学生姓名", "身份证号", "街道", "资助金额", "发放日期")),
    SourceSpec("ZJ-ZF", "住建住房保障", "区住房和城乡建设局", help="housing_aid", share=0.03,
               headings=P + ("补贴金额", "起始日期")),
    SourceSpec("WJ-XL", "卫健心理关爱", "区卫生健康局", help="care", share=0.01,
               headings=P + ("起始日期",)),
    SourceSpec("GA-SW", "公安死亡登记", "公安分局", fact="death", share=0.005,
               headings=("死者姓名", "公民身份号码", "性别", "出生日期", "镇街", "户号", "死亡日期")),
    SourceSpec("XC-JC", "防返贫监测", "区乡村振兴局", fact="monitoring", share=0.02,
               headings=P + ("户号", "认定日期")),
    SourceSpec("GH-KN", "工会困难职工帮扶", "区总工会", help="other", share=0.02,
               headings=P + ("救助金额", "发放日期")),
]


@dataclasses.dataclass
class Person:
    index: int
    name: str
    sex: str
    born: dt.date
    id_number: str
    street: str
    community: str
    address: str
    household: str
    relation: str
    phone: str
    income: int


@dataclasses.dataclass
class Generated:
    files: dict            # {source code: [headings, *rows]}
    truth: dict            # {(source code, Excel row): person index}
    people: list
    specs: list


def id_for(rng, born, sex, area=None):
    seq = rng.randrange(0, 99) * 10 + (rng.choice([1, 3, 5, 7, 9]) if sex == "M" else rng.choice([0, 2, 4, 6, 8]))
    body = f"{area or rng.choice(AREAS)}{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def typo(rng, name):
    """The name mistyped once: a homophone, or a character of similar shape."""
    spots = [i for i, c in enumerate(name) if c in HOMOPHONES or c in SHAPES]
    if not spots:
        return name
    i = rng.choice(spots)
    table = HOMOPHONES if name[i] in HOMOPHONES and (name[i] not in SHAPES or rng.random() < 0.6) else SHAPES
    return name[:i] + table[name[i]] + name[i + 1:]


def _date_text(rng, day):
    style = rng.random()
    if style < 0.3:
        return day.isoformat()
    if style < 0.5:
        return f"{day.year}/{day.month}/{day.day}"
    if style < 0.65:
        return f"{day.year}.{day.month}.{day.day}"
    if style < 0.8:
        return f"{day:%Y%m%d}"
    if style < 0.9:
        return (day - dt.date(1899, 12, 30)).days  # an Excel serial
    return f"{day.year}年{day.month}月{day.day}日"


WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def _id_text(rng, number, usable):
    """An ID number as a department writes it; unusable: missing, mistyped or cut short."""
    if not usable:
        r = rng.random()
        if r < 0.5:
            return ""
        if r < 0.8:
            wrong = str((int(number[10]) + 1) % 10)
            return number[:10] + wrong + number[11:]
        return number[:17]
    r = rng.random()
    if r < 0.05 and number[6:8] == "19":
        return number[:6] + number[8:17]  # the old 15-digit number
    if r < 0.1:
        return number.translate(WIDE)
    if r < 0.15:
        return number[:6] + " " + number[6:14] + " " + number[14:]
    if r < 0.2 and number.endswith("X"):
        return number.lower()
    return number


def people(rng, count, streets, today):
    """`streets`: [(street name, [community names])]. Households of one to five, and about 1% namesakes:
    a person with the name, sex and birth day of another, in another street."""
    out, household = [], 0
    while len(out) < count:
        household += 1
        street, communities = rng.choice(streets)
        community = rng.choice(communities)
        address = f"{rng.choice(ROADS)}{rng.randint(1, 300)}号{rng.randint(1, 30)}号楼{rng.randint(1, 6)}单元"
        surname = rng.choice(SURNAMES)
        size = rng.choice([1, 1, 2, 2, 3, 3, 3, 4, 4, 5])
        # A household's monthly income: most above the allowance line, a quarter near or under it.
        income = rng.choice([0, 600, 1200, 2000, 3000, 4000, 4500, 5000, 6000, 6500, 7000, 8000, 9000, 10000,
                             12000, 15000])
        for member in range(size):
            sex = rng.choice("MF")
            age = rng.randint(25, 85) if member == 0 else rng.randint(1, 60)
            born = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
            given = "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
            name = (surname if member in (0, 2, 3) else rng.choice(SURNAMES)) + given
            relation = "户主" if member == 0 else rng.choice(["配偶", "子", "女", "父亲", "母亲"])
            out.append(Person(len(out), name, sex, born, id_for(rng, born, sex), street, community, address,
                              f"H{370214}{household:07d}", relation, f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
                              income))
    for _i in range(max(1, count // 100)):
        twin = out[rng.randrange(len(out))]
        others = [s for s in streets if s[0] != twin.street] or streets
        street, communities = rng.choice(others)
        p = out[rng.randrange(len(out))]
        out[p.index] = Person(p.index, twin.name, twin.sex, twin.born, id_for(rng, twin.born, twin.sex), street,
                              rng.choice(communities), p.address, p.household, p.relation, p.phone, p.income)
    return out


def _row(rng, spec, person, usable, today):
    name = typo(rng, person.name) if rng.random() < 0.15 else person.name
    if rng.random() < 0.05:
        name = name[0] + "\u3000" + name[1:]
    values = {
        "姓名": name, "身份证号": _id_text(rng, person.id_number, usable), "性别": "男" if person.sex == "M" else "女",
        "街道": person.street, "社区": person.community, "户号": person.household, "与户主关系": person.relation,
        "联系电话": person.phone, "家庭人口": rng.randint(1, 5), "月收入": f"{person.income:,}元",
        "救助金额": f"{rng.choice([300, 500, 800, 1000, 1200, 2000, 5000]):,}",
        "医疗自付金额": f"{rng.choice([500, 2000, 8000, 20000, 45000]):,}.00",
        "残疾类别": rng.choice(["肢体", "视力", "听力", "智力", "精神"]), "残疾等级": rng.choice(["一级", "二级", "三级", "四级"]),
    }
    address = person.address if rng.random() < 0.7 else person.address.replace("号楼", "栋").replace("单元", "")
    values["家庭住址"] = f"{person.street}{person.community}{address}"
    born = person.born
    values["出生日期"] = _date_text(rng, born) if rng.random() < 0.97 else ""
    start = today - dt.timedelta(days=rng.randint(20, 900))
    values["起止日期"] = f"{start.isoformat()}至{(start + dt.timedelta(days=365)).isoformat()}"
    for key in ("起始日期", "发放日期", "登记日期", "认定日期", "死亡日期"):
        values[key] = _date_text(rng, start)
    values["终止日期"] = _date_text(rng, start + dt.timedelta(days=365))
    aliases = {"公民身份号码": "身份证号", "证件号码": "身份证号", "身份证号码": "身份证号", "镇街": "街道", "所属街道": "街道",
               "村居": "社区", "所属社区": "社区", "户籍地址": "家庭住址", "住址": "家庭住址", "现住址": "家庭住址",
               "出生年月日": "出生日期", "残疾人姓名": "姓名", "学生姓名": "姓名", "死者姓名": "姓名", "补贴金额": "救助金额",
               "资助金额": "救助金额"}
    return [values[aliases.get(h, h)] for h in spec.headings]


def generate(records, *, streets, seed=4, today=None, no_id=0.2, specs=SOURCES):
    """About `records` rows over the sources, and the truth of who each row is."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    per_person = sum(s.share for s in specs)
    population = people(rng, max(10, int(records / per_person)), streets, today)
    files, truth = {}, {}
    for spec in specs:
        chosen = rng.sample(population, max(1, int(len(population) * spec.share)))
        rows = [list(spec.headings)]
        for person in chosen:
            rows.append(_row(rng, spec, person, rng.random() >= no_id, today))
            truth[(spec.code, len(rows))] = person.index
        files[spec.code] = rows
    return Generated(files, truth, population, list(specs))


def csv_bytes(rows, encoding="utf-8"):
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def pairwise_quality(truth, predicted):
    """(precision, recall) of pairs of records: `truth` and `predicted` map each record to its person."""
    from collections import Counter

    def pairs(counter):
        return sum(n * (n - 1) // 2 for n in counter.values())

    keys = [k for k in truth if k in predicted]
    both = Counter((truth[k], predicted[k]) for k in keys)
    true_pairs = pairs(Counter(truth[k] for k in keys))
    found = pairs(Counter(predicted[k] for k in keys))
    right = pairs(both)
    return (right / found if found else 1.0), (right / true_pairs if true_pairs else 1.0)
