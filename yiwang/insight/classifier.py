"""The category classifier: NB-weighted linear SVMs over character and word TF-IDF.

Why this shape (figures in docs/insight.md, measured by bench/insight_classify.py):
- character 1-2-grams read raw and jieba-segmented training text alike once spaces are gone;
- jieba words of the first part of the message add a little and cost the most time, so they
  are cut at `word_chars` characters;
- each class gets a binary SVM on features scaled by their naive-Bayes log-count ratio
  (Wang & Manning's NB-SVM), which beat a plain SVM, logistic regression and an ensemble;
- balanced class weights raise the small classes' recall, which macro-F1 rewards;
- the scores become a confidence through a logistic regression fitted on out-of-fold scores,
  so "0.9" means about nine in ten such suggestions were right on the training data.

The trained model is a dense weight matrix: predicting is one sparse product per batch.
"""
import io
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from . import text as t

FORMAT = 1
MODEL_FILE = "model.joblib"
META_FILE = "meta.json"


@dataclass(frozen=True)
class Params:
    char_max_n: int = 2
    min_df: int = 2
    word_chars: int = 0  # jieba words of the first N characters; 0: none (see docs/insight.md)
    C: float = 1.0
    nb_alpha: float = 1.0
    balanced: bool = True


class TrainingError(ValueError):
    pass


def prepare(title, body):
    return t.message_text(title, body)


class Classifier:
    def __init__(self, params=Params()):
        self.params = params
        self.labels = []
        self.weights = None
        self.bias = None
        self.calibrator = None

    # -- features -------------------------------------------------------------------------
    def _vectorizers(self):
        p = self.params
        made = [TfidfVectorizer(analyzer="char", ngram_range=(1, p.char_max_n), min_df=p.min_df,
                                sublinear_tf=True, dtype=np.float32)]
        if p.word_chars:
            made.append(TfidfVectorizer(token_pattern=r"\S+", min_df=p.min_df, sublinear_tf=True,
                                        dtype=np.float32))
        return made

    def _inputs(self, texts):
        inputs = [texts]
        if self.params.word_chars:
            inputs.append([t.words(x, self.params.word_chars) for x in texts])
        return inputs

    def _transform(self, inputs):
        return sp.hstack([v.transform(docs) for v, docs in zip(self.vectorizers, inputs)]).tocsr()

    def _fit(self, inputs, labels):
        """Fit the vectorisers and the per-class SVMs on prepared inputs."""
        self.vectorizers = self._vectorizers()
        matrix = sp.hstack([v.fit_transform(docs) for v, docs in zip(self.vectorizers, inputs)]).tocsr()
        self.weights, self.bias = _nbsvm(matrix, labels, self.labels, self.params)
        return self

    # -- prediction -----------------------------------------------------------------------
    def scores(self, texts):
        return np.asarray(self._transform(self._inputs(texts)) @ self.weights) + self.bias

    def probabilities(self, texts):
        scores = self.scores(texts)
        if self.calibrator is None:
            exp = np.exp(scores - scores.max(axis=1, keepdims=True))
            return exp / exp.sum(axis=1, keepdims=True)
        # The calibrator knows the labels in its own (sorted) order, which is ours.
        return self.calibrator.predict_proba(scores)

    def predict(self, texts, top=1):
        """For each text, the `top` (label, confidence) pairs, best first."""
        probs = self.probabilities(texts)
        order = np.argsort(-probs, axis=1)[:, :top]
        return [[(self.labels[j], float(row[j])) for j in best] for row, best in zip(probs, order)]

    # -- storage --------------------------------------------------------------------------
    def save(self, directory, meta=None):
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        joblib.dump(self._state(), directory / MODEL_FILE, compress=3)
        (directory / META_FILE).write_text(json.dumps(meta or {}, ensure_ascii=False, indent=2), encoding="utf-8")

    def _state(self):
        return {"format": FORMAT, "sklearn": sklearn.__version__, "params": asdict(self.params),
                "labels": self.labels, "vectorizers": self.vectorizers, "weights": self.weights,
                "bias": self.bias, "calibrator": self.calibrator}

    @classmethod
    def load(cls, directory):
        path = Path(directory) / MODEL_FILE
        if not path.exists():
            raise FileNotFoundError(f"no model in {directory} (expected {MODEL_FILE})")
        return cls.from_state(joblib.load(path))

    @classmethod
    def from_state(cls, state):
        if state.get("format") != FORMAT:
            raise ValueError(f"model format {state.get('format')} is not {FORMAT}; train it again")
        if state.get("sklearn") != sklearn.__version__:
            # Pickled scikit-learn objects are only guaranteed to load in the version that made them.
            raise ValueError(f"model made with scikit-learn {state.get('sklearn')}, this is {sklearn.__version__}; "
                             "train it again")
        model = cls(Params(**state["params"]))
        model.labels = state["labels"]
        model.vectorizers = state["vectorizers"]
        model.weights, model.bias = state["weights"], state["bias"]
        model.calibrator = state["calibrator"]
        return model

    def to_bytes(self):
        buffer = io.BytesIO()
        joblib.dump(self._state(), buffer, compress=3)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data):
        return cls.from_state(joblib.load(io.BytesIO(bytes(data))))


def _nbsvm(matrix, labels, classes, params):
    """One binary SVM per class on NB-scaled features, folded into one weight matrix."""
    present = (matrix > 0).astype(np.float32)
    weights = np.zeros((matrix.shape[1], len(classes)), dtype=np.float32)
    bias = np.zeros(len(classes), dtype=np.float32)
    for k, label in enumerate(classes):
        positive = labels == label
        p = params.nb_alpha + np.asarray(present[positive].sum(axis=0)).ravel()
        q = params.nb_alpha + np.asarray(present[~positive].sum(axis=0)).ravel()
        ratio = np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)
        svm = LinearSVC(C=params.C, class_weight="balanced" if params.balanced else None)
        svm.fit(matrix @ sp.diags(ratio), positive.astype(int))
        weights[:, k] = ratio * svm.coef_.ravel()
        bias[k] = svm.intercept_[0]
    return weights, bias


def _fold(params, inputs, labels, train, test):
    model = Classifier(params)
    model.labels = sorted(set(labels[train].tolist()))
    model._fit([[docs[i] for i in train] for docs in inputs], labels[train])
    scores = np.asarray(model._transform([[docs[i] for i in test] for docs in inputs]) @ model.weights) + model.bias
    return test, model.labels, scores


def out_of_fold_scores(params, inputs, labels, classes, folds=5, seed=0, jobs=2):
    """Scores for every row from a model that did not see it (stratified k-fold)."""
    splitter = StratifiedKFold(n_splits=min(folds, _smallest_class(labels)), shuffle=True, random_state=seed)
    results = joblib.Parallel(n_jobs=jobs)(
        joblib.delayed(_fold)(params, inputs, labels, train, test) for train, test in splitter.split(inputs[0], labels))
    scores = np.full((len(labels), len(classes)), -1e3, dtype=np.float32)
    for test, fold_labels, fold_scores in results:
        for j, label in enumerate(fold_labels):
            scores[test, classes.index(label)] = fold_scores[:, j]
    return scores


def _smallest_class(labels):
    counts = np.unique(labels, return_counts=True)[1]
    if counts.min() < 2:
        raise TrainingError("every label needs at least two examples for cross-validation")
    return int(counts.min())


def evaluate(labels, predicted, classes):
    """Accuracy, macro-F1, per-class figures and the confusion matrix, as plain JSON."""
    precision, recall, f1, support = precision_recall_fscore_support(labels, predicted, labels=classes,
                                                                      zero_division=0)
    return {
        "samples": int(len(labels)),
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "macro_f1": round(float(f1_score(labels, predicted, labels=classes, average="macro", zero_division=0)), 4),
        "labels": list(classes),
        "per_class": [{"label": c, "precision": round(float(p), 4), "recall": round(float(r), 4),
                       "f1": round(float(f), 4), "support": int(s)}
                      for c, p, r, f, s in zip(classes, precision, recall, f1, support)],
        "confusion": confusion_matrix(labels, predicted, labels=classes).tolist(),
    }


def train(rows, params=Params(), folds=5, jobs=2):
    """Cross-validate, calibrate on the out-of-fold scores, fit on everything.

    Returns the model and its evaluation (the cross-validated figures: the honest ones).
    """
    started = time.perf_counter()
    texts = [prepare(r.get("title", ""), r.get("body", "")) for r in rows]
    labels = np.asarray([r["label"].strip() for r in rows])
    model = Classifier(params)
    classes = sorted(set(labels.tolist()))
    if len(classes) < 2:
        raise TrainingError("training needs at least two different labels")
    inputs = model._inputs(texts)
    scores = out_of_fold_scores(params, inputs, labels, classes, folds=folds, jobs=jobs)
    evaluation = evaluate(labels, np.asarray(classes)[scores.argmax(axis=1)], classes)
    evaluation["folds"] = min(folds, _smallest_class(labels))
    model.labels = classes
    model.calibrator = LogisticRegression(C=1.0, max_iter=1000).fit(scores, labels)
    model._fit(inputs, labels)
    evaluation["training_seconds"] = round(time.perf_counter() - started, 1)
    return model, evaluation
