"""One person from many departments' records: by ID, else by the model; decisions that stick."""
from yiwang.assistance import importing, linking, services, synthetic
from yiwang.assistance.models import LinkDecision, Person, Record, ReviewPair

from .conftest import load, source

HEAD = ["姓名", "身份证号", "性别", "出生日期", "街道", "社区", "家庭住址", "户号", "与户主关系", "联系电话"]


def streets(org):
    return [(org.street.name, [org.community.name]), (org.other_street.name, [org.other_community.name])]


def test_the_model_finds_people_on_synthetic_data_with_known_truth(centre):
    generated = synthetic.generate(1500, streets=streets(centre), seed=11)
    for spec in generated.specs:
        src = importing.source_for(spec.code, help=spec.help, fact=spec.fact)
        load(src, generated.files[spec.code], name=f"{spec.code}.csv")
    summary = linking.run()
    predicted = {(c, r): p for c, r, p in Record.objects.values_list("source__code", "row", "person_id")}
    precision, recall = synthetic.pairwise_quality(generated.truth, predicted)
    assert precision >= 0.99 and recall >= 0.9, (precision, recall, summary)


def background(centre, records=800):
    """Other departments' files, so the model has a district to learn from."""
    generated = synthetic.generate(records, streets=streets(centre), seed=5, specs=synthetic.SOURCES[:6])
    for spec in generated.specs:
        load(importing.source_for("BG-" + spec.code, help=spec.help, fact=spec.fact), generated.files[spec.code])


def test_a_homophone_typo_is_the_same_person_and_namesakes_in_other_streets_are_not(centre):
    background(centre)
    mz, cl = source("MZ-X", help="dibao"), source("CL-X", fact="disability")
    phone = "13905310001"
    load(mz, [HEAD, ["张明", "370214198003071795", "男", "1980-03-07", "青山街道", "松林社区", "春阳路1号", "H1", "户主",
                     phone],
              ["李静", "", "女", "1985-05-05", "白鹭街道", "鹭岛社区", "正阳路9号", "H2", "户主", "13905310002"]])
    load(cl, [HEAD, ["张铭", "", "男", "1980/3/7", "青山街道", "松林社区", "春阳路1号", "H1", "户主", phone],
              ["李静", "", "女", "1985-05-05", "青山街道", "松林社区", "春阳路7号", "", "", ""]])
    linking.run()
    zhang = Record.objects.get(name="张明").person
    assert Record.objects.get(name="张铭").person == zhang
    assert zhang.household.number == "H1"
    assert zhang.id_number == "370214198003071795"
    li_mz, li_cl = (Record.objects.get(name="李静", source=s) for s in (mz, cl))
    assert li_mz.person != li_cl.person  # the same name and birth day, two streets: never joined unreviewed


def test_a_decision_on_a_pair_holds_on_later_imports(centre):
    mz, cl = source("MZ-DB", help="dibao"), source("CL-CJ", fact="disability")
    rows_mz = [HEAD, ["李静", "", "女", "1985-05-05", "白鹭街道", "鹭岛社区", "正阳路9号", "", "", ""]]
    rows_cl = [HEAD, ["李静", "", "女", "1985-05-05", "青山街道", "松林社区", "正阳路9号", "", "", ""]]
    load(mz, rows_mz)
    load(cl, rows_cl)
    pairs = [(min(a, b), max(a, b), 0.9) for a, b in [tuple(Record.objects.values_list("pk", flat=True))]]
    linking.run(predictions=pairs)
    pair = ReviewPair.objects.get(decision__isnull=True)
    assert pair.first.person != pair.second.person
    services.decide_pair(actor=centre.analyst, pair=pair, same=True, reason="户籍迁移，同一人")
    assert Record.objects.get(source=mz).person == Record.objects.get(source=cl).person
    # Both departments send the same files again; the model runs again; the decision holds.
    load(mz, rows_mz)
    load(cl, rows_cl)
    linking.run(predictions=pairs)
    assert Record.objects.get(source=mz).person == Record.objects.get(source=cl).person
    assert not ReviewPair.objects.filter(decision__isnull=True).exists()
    assert LinkDecision.objects.get().same
    assert Person.objects.count() == 1


def test_a_split_decision_keeps_them_apart(centre):
    mz, cl = source("MZ-DB", help="dibao"), source("CL-CJ", fact="disability")
    load(mz, [HEAD, ["王伟", "", "男", "1970-01-01", "青山街道", "", "", "", "", ""]])
    load(cl, [HEAD, ["王伟", "", "男", "1970-01-01", "青山街道", "", "", "", "", ""]])
    a, b = sorted(Record.objects.values_list("pk", flat=True))
    linking.run(predictions=[(a, b, 0.8)])
    pair = ReviewPair.objects.get()
    services.decide_pair(actor=centre.analyst, pair=pair, same=False, reason="不同出生地，两个人")
    linking.run(predictions=[(a, b, 0.999)])  # even a sure model does not undo a person's decision
    assert Record.objects.get(pk=a).person != Record.objects.get(pk=b).person


def test_a_roll_that_names_each_members_head_makes_one_household_without_a_household_number(centre):
    from yiwang.assistance.models import Household, Person

    roll = source("MZ-DB", centre.minzheng, help="dibao")
    load(roll, [["姓名", "身份证号", "与户主关系", "户主身份证号", "街道"],
                ["张明", "370214198003071795", "户主", "370214198003071795", "青山街道"],
                ["张小明", "", "之子", "370214198003071795", "青山街道"],
                ["李静", "11010519491231002X", "户主", "11010519491231002X", "白鹭街道"]])
    linking.run(predictions=[])
    zhang, son, li = (Person.objects.get(name=n) for n in ("张明", "张小明", "李静"))
    assert zhang.household_id is not None and zhang.household_id == son.household_id != li.household_id
    number = zhang.household.number
    assert number.startswith("HZ") and "370214" not in number  # the head's number is not shown
    assert Household.objects.count() == 2
    again, _parsed = load(roll, [["姓名", "身份证号", "与户主关系", "户主身份证号", "街道"],
                                 ["张明", "370214198003071795", "户主", "370214198003071795", "青山街道"],
                                 ["张小明", "", "之子", "370214198003071795", "青山街道"],
                                 ["李静", "11010519491231002X", "户主", "11010519491231002X", "白鹭街道"]])
    assert (again.added, again.ended) == (0, 0)  # the same roll again changes nothing
