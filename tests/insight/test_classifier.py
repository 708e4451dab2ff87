import io
import json

import pytest
from django.core.management import CommandError, call_command

from yiwang.insight import classifier
from yiwang.insight.text import DataError, read_jsonl

from .conftest import jsonl, labelled_rows


@pytest.fixture(scope="module")
def trained():
    return classifier.train(labelled_rows(), jobs=1)


def test_classifier_learns_the_categories_of_unseen_messages(trained):
    model, evaluation = trained
    got = model.predict([classifier.prepare("小区楼下烧烤油烟太大", "晚上睡不着"),
                         classifier.prepare("公积金提取要什么材料", ""),
                         classifier.prepare("学校要求学生暑假去实习", "")])
    assert [ranked[0][0] for ranked in got] == ["环境保护", "劳动和社会保障", "教育文体"]
    assert all(0 < ranked[0][1] <= 1 for ranked in got)


def test_each_training_run_stores_its_cross_validated_evaluation(trained):
    _, evaluation = trained
    assert evaluation["samples"] == 18 and evaluation["folds"] == 5
    assert evaluation["labels"] == ["劳动和社会保障", "教育文体", "环境保护"]
    assert len(evaluation["confusion"]) == 3 and sum(map(sum, evaluation["confusion"])) == 18
    assert {row["label"] for row in evaluation["per_class"]} == set(evaluation["labels"])
    assert 0.5 < evaluation["macro_f1"] <= 1


def test_confidences_of_all_labels_sum_to_one_and_are_ranked(trained):
    model, _ = trained
    ranked = model.predict([classifier.prepare("公积金", "")], top=3)[0]
    assert [c for _, c in ranked] == sorted((c for _, c in ranked), reverse=True)
    assert sum(c for _, c in ranked) == pytest.approx(1.0, abs=1e-6)


def test_a_saved_model_predicts_the_same_after_loading(trained, tmp_path):
    model, _ = trained
    texts = [classifier.prepare("学校食堂", "饭菜不卫生"), classifier.prepare("噪音", "")]
    model.save(tmp_path)
    assert classifier.Classifier.load(tmp_path).predict(texts) == model.predict(texts)
    assert classifier.Classifier.from_bytes(model.to_bytes()).predict(texts) == model.predict(texts)


def test_training_refuses_a_single_label():
    with pytest.raises(classifier.TrainingError):
        classifier.train([{"title": "a", "body": "b", "label": "x"}] * 4)


def test_bad_json_lines_name_the_line():
    with pytest.raises(DataError, match="line 2: missing field 'label'"):
        read_jsonl(['{"title": "a", "body": "b", "label": "x"}', '{"title": "a", "body": "b"}'],
                   ("title", "body", "label"))
    with pytest.raises(DataError, match="line 1: not valid JSON"):
        read_jsonl(["{nope"])


def test_command_line_trains_and_classifies_in_input_order(tmp_path, monkeypatch):
    data = tmp_path / "train.jsonl"
    data.write_text(jsonl(labelled_rows()), encoding="utf-8")
    call_command("insight", "train", "--data", str(data), "--out", str(tmp_path / "model"), "--jobs", "1",
                 stderr=io.StringIO())
    meta = json.loads((tmp_path / "model" / "meta.json").read_text(encoding="utf-8"))
    assert meta["evaluation"]["samples"] == 18
    queries = [{"title": "公积金怎么提取", "body": ""}, {"title": "小区饭店油烟", "body": "扰民"},
               {"title": "学校补课收费", "body": ""}]
    monkeypatch.setattr("sys.stdin", io.StringIO(jsonl(queries)))
    out = io.StringIO()
    call_command("insight", "classify", "--model", str(tmp_path / "model"), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["label"] for line in lines] == ["劳动和社会保障", "环境保护", "教育文体"]
    assert all(set(line) == {"label", "confidence"} for line in lines)


def test_command_line_refuses_a_missing_model_and_bad_input(tmp_path, monkeypatch):
    with pytest.raises(CommandError, match="no model"):
        call_command("insight", "classify", "--model", str(tmp_path))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "x"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: missing field 'body'"):
        call_command("insight", "train", "--data", str(bad), "--out", str(tmp_path / "m"))


def test_a_model_from_another_scikit_learn_is_refused_with_a_reason(trained):
    model, _ = trained
    state = model._state()
    state["sklearn"] = "0.1"
    with pytest.raises(ValueError, match="scikit-learn 0.1"):
        classifier.Classifier.from_state(state)
