"""The learned label classifier: the mapper's last resort after exact and fuzzy (rapidfuzz) label matching.

Printed labels that neither the exact scanner nor rapidfuzz recognise are usually damaged copies of a template
label: OCR noise (a visually similar character, a dropped or doubled one), a typo, traditional script, a label
cut short, or a report's own abbreviation (``不予公开-国家秘密``, ``无法提供(不掌握)``). The training data is
generated from the label index itself, so the model always covers exactly the labels the scanner knows:

* every variant of the index, clean, with its printed numbering (（三） / 3. / 三、), in traditional script,
  cut to a prefix of at least 4 characters, and with OCR-like noise (:data:`CONFUSIONS`, dropped and doubled
  characters);
* the group and row of table 三 printed in one cell (``（三）不予公开 1.属于国家秘密``) and known abbreviations
  (:data:`ABBREVIATIONS`);
* a ``none`` class: fragments of report prose and section headings, table notes and random strings, so that
  the model can say "not a label".

The legacy (2008-2018) statistics tables have a classifier of their own, made the same way from the legacy
index (:mod:`pipeline.template.legacy`: the core indicators with their provincial variants, the other rows,
the categories and header words) and stored beside the template's (:data:`PRE2019_MODEL_NAME`): each scanner
asks only its own, so neither vocabulary can leak into the other's tables and the template's model stays
exactly what it was.

A class is the index's refs for a variant, as a string (``requests:row:denied_state_secret``; several refs
joined with ``|`` in the index's order); :func:`label_classes` maps it back to the refs. Features are character
1-3-grams, hashed (no vocabulary to store), weighted by tf-idf; a logistic regression (fixed seed, trained with
scikit-learn) picks the class. The model is saved as plain numpy arrays and JSON (:mod:`pipeline.linear`, never
pickle) and run in numpy: answering a label needs no scikit-learn.
"""

from __future__ import annotations

import json
import random
import re
import time
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from ..linear import LinearModel
from .editions import PRE2019
from .labels import CN_DIGITS, LabelIndex, LabelRef, Numbering, label_index
from .normalize import normalize_label
from .schema import load_schema

NONE = "none"
#: Below this probability the model says no label.
MIN_PROBABILITY = 0.6
#: The models' files: ``NAME.npz`` (arrays) and ``NAME.json`` (classes, hashing, threshold).
MODEL_NAME = "label_model"
PRE2019_MODEL_NAME = "legacy_model"
METRICS_FILE = "metrics.json"
#: Inputs shorter than this (normalised) are not classified: too little to go on.
MIN_CHARS = 2
#: Regularisation of the logistic regression (larger: sharper probabilities).
C = 50.0
#: Hashed char n-gram features (no vocabulary to store: the file stays small and loads fast).
N_FEATURES = 2**15
_ROOT = Path(__file__).resolve().parents[2]
#: Report prose for the ``none`` class (read if present; the built-in fragments below are always used).
PROSE_SOURCES = (_ROOT / "corpora" / "seed" / "hedong-2020.txt",)

# --------------------------------------------------------------------------- noise

#: Characters OCR confuses with the ones the labels print: ``char:alternatives``.
_CONFUSION_TEXT = """
公:么会松 申:甲由电田中 请:清倩晴睛 予:于子矛 于:予干子 处:外各 开:并井升 政:致攻故 信:倍言佶 息:忌恩怠
理:埋里哩 务:条劣 总:忽怠 计:汁什针认订 人:入八 已:己巳 行:衍往待 年:牛午 数:教敖 本:木术末 量:最重
其:具甚共 不:丕下个 项:顶须 他:地也池 费:贵弗 法:去汰洁 结:洁纳给 正:止王证 收:牧攸 府:腐附付 机:杌几扒
关:美天 件:伴仵 属:嘱履 第:弟笫 要:耍票 复:夏 规:现观视 新:亲析 制:刺判 性:姓牲 一:二 事:争 三:二王
无:天尤元 诉:沂拆 求:来永水 逾:愉谕输 期:欺朗斯 未:末来米朱 果:呆杲 定:走宝足 业:亚北 采:来彩 购:构败
金:全会余 额:领频 部:陪郊剖 分:今兮 情:倩请清 类:米粪 内:肉纳丙 补:朴扑衬 当:尚雪 由:田甲申曲 议:仪义
作:昨诈 对:时封 外:处夕 范:苑 文:又丈交 上:土止 目:日且自 决:块快诀 服:股报 止:正上 现:规观 有:布存右
构:购钩沟 益:盖溢 组:姐阻祖 织:积识职 律:津肆 转:传砖 的:约钓 形:开刑 合:会含令 四:西匹 提:捉堤 供:洪拱
后:局启 容:客宏 确:硝 重:童垂 出:山击 或:戒域 再:冉 按:接安 通:遁递 知:如和 缴:激邀 纳:钠呐 用:甩
度:庶席 办:为力 起:赵赴超 加:如架 之:乏芝 和:知私 章:竟意 发:友拔 许:浒 可:司叮 增:憎赠曾 减:咸喊
管:菅官 罚:罪 强:弹张 集:焦 中:申串 废:度庆 效:郊校 单:早 位:住泣 万:方 元:无云 自:白目 然:燃 商:高
企:仑 科:料抖 研:妍 社:杜礼 会:合公金 以:似 区:匡 只:兄 这:还达 国:固图 家:冢宗 秘:泌 密:宻蜜 禁:楚
危:免 及:乃 安:案 全:金 稳:隐 保:堡 护:沪扩 方:万 权:杈 过:进达 程:呈 执:热 案:安 卷:券眷 查:杳
询:洵 掌:常堂 握:屋 相:想 没:设投 成:戌 需:霜 另:别 仍:扔 明:朋 访:仿纺 举:誉 报:服 投:没设 版:板
物:勿 大:太犬 反:友 认:队计 具:其真 获:荻 取:耶 下:卞不 继:断 续:读 小:少 维:锥 持:特侍 纠:纪 尚:当
审:宙 经:轻径 直:真 接:按 况:沉 列:例 据:剧 勾:匀 稽:嵇 系:紧 为:办 二:三 等:筹 讼:松讯 收:牧
"""


def _parse_confusions(text: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for token in text.split():
        char, alternatives = token.split(":")
        for alt in alternatives:
            if alt != char and alt not in out.setdefault(char, []):
                out[char].append(alt)
    return {char: tuple(alts) for char, alts in out.items()}


#: Character → visually similar characters (OCR confusions), used for training and for the noise eval.
CONFUSIONS: dict[str, tuple[str, ...]] = _parse_confusions(_CONFUSION_TEXT)


def ocr_noise(text: str, rng: random.Random, substitutions: int = 1, drops: int = 0, doubles: int = 0,
              confusions: dict[str, tuple[str, ...]] | None = None) -> str:
    """``text`` with OCR-like damage: characters swapped for similar ones, dropped, doubled.

    Substitutions only touch characters that have confusions; a drop never leaves fewer than two characters.
    """
    table = CONFUSIONS if confusions is None else confusions
    chars = list(text)
    swappable = [i for i, c in enumerate(chars) if table.get(c)]
    for i in rng.sample(swappable, min(substitutions, len(swappable))):
        chars[i] = rng.choice(table[chars[i]])
    for _ in range(doubles):
        if chars:
            i = rng.randrange(len(chars))
            chars.insert(i, chars[i])
    for _ in range(drops):
        if len(chars) > 2:
            del chars[rng.randrange(len(chars))]
    return "".join(chars)


@cache
def _to_traditional():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    return _to_traditional().convert(text)


# --------------------------------------------------------------------------- classes


def ref_id(ref: LabelRef) -> str:
    return f"{ref.table}:{ref.kind}:{ref.ident}"


def class_id(refs: tuple[LabelRef, ...] | list[LabelRef]) -> str:
    """The class of a variant: its refs as the index stores them, joined with ``|``."""
    return "|".join(ref_id(r) for r in refs)


def index_variants(index: LabelIndex) -> list[tuple[str, tuple[LabelRef, ...]]]:
    """Every normalised variant of the index with its refs, sorted (the index's own order depends on hashing)."""
    return sorted((variant, tuple(refs)) for variant, refs in index._refs.items())


def label_classes(index: LabelIndex) -> dict[str, tuple[LabelRef, ...]]:
    """Class → refs: one class per distinct refs tuple of a variant, plus one per single ref."""
    out: dict[str, tuple[LabelRef, ...]] = {}
    for _, refs in index_variants(index):
        out.setdefault(class_id(refs), refs)
    for _, refs in index_variants(index):
        for ref in refs:
            out.setdefault(ref_id(ref), (ref,))
    return out


def _refs_of(cls: str, classes: dict[str, tuple[LabelRef, ...]]) -> tuple[LabelRef, ...]:
    """The refs of a class; a class the current index does not know is read from its id (no numbering)."""
    if cls in classes:
        return classes[cls]
    return tuple(LabelRef(*part.split(":", 2)) for part in cls.split("|"))


# --------------------------------------------------------------------------- training examples

#: Short or reworded forms that reports print instead of the template's wording, by class.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "requests:row:new_received": ("本年新收申请数量", "本年新收政府信息公开申请", "本年新收申请"),
    "requests:row:carried_over": ("上年结转申请数量", "上年结转政府信息公开申请", "上年结转申请"),
    "requests:row:partially_granted": ("部分公开(区分处理的)",),
    "requests:row:denied_state_secret": ("不予公开-国家秘密", "不予公开(国家秘密)", "国家秘密", "涉及国家秘密"),
    "requests:row:denied_prohibited_by_law": ("不予公开-法律法规禁止", "法律行政法规禁止公开", "法律法规禁止公开",
                                              "其他法律行政法规禁止"),
    "requests:row:denied_endangers_safety": ("不予公开-危及三安全一稳定", "三安全一稳定",
                                             "危及国家安全、公共安全、经济安全和社会稳定"),
    "requests:row:denied_third_party": ("不予公开-第三方合法权益", "第三方合法权益", "保护第三方权益",
                                        "涉及第三方合法权益"),
    "requests:row:denied_internal_affairs": ("不予公开-内部事务信息", "三类内部事务信息", "内部事务信息"),
    "requests:row:denied_process_info": ("不予公开-过程性信息", "四类过程性信息", "过程性信息"),
    "requests:row:denied_enforcement_file": ("不予公开-行政执法案卷", "行政执法案卷", "执法案卷"),
    "requests:row:denied_inquiry_matter": ("不予公开-行政查询事项", "行政查询事项", "查询事项"),
    "requests:row:unable_not_held": ("无法提供(不掌握)", "不掌握相关政府信息", "本机关不掌握", "不掌握",
                                     "无法提供-本机关不掌握相关政府信息"),
    "requests:row:unable_needs_creation": ("无法提供(需另行制作)", "没有现成信息", "需要另行制作",
                                           "没有现成信息需另行制作"),
    "requests:row:unable_unclear": ("无法提供(申请内容不明确)", "申请内容不明确", "补正后仍不明确",
                                    "补正后申请内容不明确"),
    "requests:row:rejected_petition": ("不予处理-信访举报投诉", "信访举报投诉类", "信访举报投诉"),
    "requests:row:rejected_duplicate": ("不予处理-重复申请",),
    "requests:row:rejected_publication": ("不予处理-公开出版物", "公开出版物", "要求提供出版物"),
    "requests:row:rejected_mass_repeat": ("不予处理-大量反复申请", "大量反复申请", "无正当理由大量反复"),
    "requests:row:rejected_confirm_reissue": ("不予处理-确认或重新出具", "要求确认或重新出具已获取信息",
                                              "重新出具已获取信息"),
    "requests:row:other_no_correction": ("逾期不补正", "申请人逾期不补正", "其他处理-逾期不补正"),
    "requests:row:other_unpaid_fee": ("逾期未缴纳费用", "未按收费通知缴纳费用", "其他处理-逾期未缴费"),
    "requests:row:carried_forward": ("结转下一年度继续办理", "结转下年度办理", "结转下年继续办理"),
    "requests:col:social_org": ("公益组织",),
    "requests:col:legal_service": ("法律服务",),
    "active:row:fees": ("行政事业收费", "事业性收费"),
    "active:row:procurement": ("集中采购", "政府采购"),
    "active:row:other_services": ("其他对外管理服务", "对外管理服务事项"),
    "active:col:amount": ("本年收费金额(万元)", "收费金额"),
    "active:col:total": ("对外公开总数", "公开总数量"),
    "litigation:group:suit_direct": ("直接起诉", "未经复议起诉"),
    "litigation:group:suit_after_review": ("复议后诉讼",),
}

#: Headings, table notes and sentences that are not labels (the ``none`` class), besides the prose corpus.
NOT_LABELS = (
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    "（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理", "（四）平台建设情况", "（五）监督保障情况",
    "单位：件", "单位：万元", "单位：个", "备注", "说明", "注：", "序号", "暂无", "数据来源", "填报单位",
    "统计时间", "项目", "类别", "指标", "年度报告", "政府信息公开工作年度报告", "人民政府办公室", "发布机构",
    "索引号", "发布日期", "成文日期", "公开目录", "主题分类", "浏览次数", "打印本页", "关闭窗口", "字号大中小",
    "本报告中所列数据统计期限从1月1日到12月31日止", "如对本年度报告有疑问请与办公室联系",
    "加强组织领导完善体制机制", "进一步提升政务公开质量", "坚持以公开为常态不公开为例外",
    "建立健全政务公开制度", "推进决策执行管理服务结果公开", "及时回应社会关切", "加大政策解读力度",
)

_ENGLISH_NOTE = re.compile(r"\s*\([A-Za-z][^)]*\)\s*$")
_HEADING = re.compile(rf"^\s*(?:[{CN_DIGITS}]+\s*、|[（(]\s*[{CN_DIGITS}]+\s*[)）])")
_CN_NUM = {i + 1: c for i, c in enumerate(CN_DIGITS)}


def _cn(n: int) -> str:
    if n <= 10:
        return _CN_NUM[n]
    return ("" if n < 20 else _CN_NUM[n // 10]) + "十" + (_CN_NUM[n % 10] if n % 10 else "")


def printed_numbering(numbering: Numbering, style: str | None = None) -> str:
    """How a report prints a numbering: （三） / 三、 / 3."""
    style = style or numbering.style
    if style == "paren":
        return f"（{_cn(numbering.number)}）"
    if style == "dun":
        return f"{_cn(numbering.number)}、"
    return f"{numbering.number}."


def _numbering_of(refs: tuple[LabelRef, ...]) -> Numbering | None:
    return next((r.numbering for r in refs if r.numbering is not None), None)


def _max_substitutions(text: str) -> int:
    return max(1, min(2, len(text) // 3))


def _noisy(text: str, rng: random.Random, confusions: dict[str, tuple[str, ...]]) -> str:
    """One random kind of OCR damage, scaled to the length of the text."""
    subs = _max_substitutions(text)
    drop = 1 if len(text) >= 4 else 0
    recipes = [(1, 0, 0), (subs, 0, 0), (0, drop, 0), (0, 0, 1), (1, drop, 0), (1, 0, 1), (subs, drop, 0)]
    weights = [3, 3, 2, 1, 2, 1, 1]
    s, d, dd = rng.choices(recipes, weights)[0]
    out = ocr_noise(text, rng, s, d, dd, confusions)
    return out if out != text else ocr_noise(text, rng, 1, 0, 1, confusions)


def _prose_fragments() -> tuple[list[str], list[str]]:
    """(sentences, headings) of the prose corpus, if the repository's corpora are there."""
    sentences: list[str] = []
    headings: list[str] = []
    for path in PROSE_SOURCES:
        if not path.is_file():
            continue
        for line in path.read_text("utf-8").splitlines():
            line = line.strip()
            if not line or "|" in line:
                continue
            if _HEADING.match(line) and len(line) <= 30:
                headings.append(line)
            elif len(line) >= 15:
                sentences.append(line)
    return sentences, headings


def _none_examples(variants: list[str], rng: random.Random, count: int) -> list[str]:
    """Text that is not a label: headings, notes, pieces of prose, random strings; nothing close to a label."""
    sentences, headings = _prose_fragments()
    sentences += [t for t in NOT_LABELS if not _HEADING.match(t)]
    headings += [t for t in NOT_LABELS if _HEADING.match(t)]
    long_variants = [v for v in variants if len(v) >= 4]

    def is_label_like(text: str) -> bool:
        norm = normalize_label(text)
        if len(norm) < MIN_CHARS:
            return True
        if any(v in norm for v in long_variants) or any(norm in v for v in variants):
            return True
        return process.extractOne(norm, variants, scorer=fuzz.ratio, score_cutoff=60) is not None

    out: list[str] = []
    for heading in headings:
        core = _HEADING.sub("", heading)
        out.extend(t for t in (heading, core) if not is_label_like(t))
    prose = [normalize_label(s) for s in sentences]
    alphabet = sorted({c for s in prose for c in s if "\u4e00" <= c <= "\u9fff"})
    attempts = 0
    while len(out) < count and attempts < count * 20:
        attempts += 1
        if rng.random() < 0.12 and alphabet:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 8)))
        else:
            sentence = rng.choice(prose)
            n = min(len(sentence), rng.randint(3, 14))
            start = rng.randrange(len(sentence) - n + 1)
            text = sentence[start:start + n]
        if not is_label_like(text):
            out.append(text)
    return out


def training_examples(index: LabelIndex, rng: random.Random, per_label: int = 40,
                      confusions: dict[str, tuple[str, ...]] | None = None,
                      template: bool = True) -> tuple[list[str], list[str]]:
    """(text, class) pairs: about ``per_label`` per variant of the index, the abbreviations and ``none``.

    ``confusions`` replaces :data:`CONFUSIONS` as the source of substituted characters (the noise eval trains
    on part of the table and damages the pages with the rest). ``template=False`` is for an index of other
    tables (the legacy ones): its variants and ``none`` only, without table 三's rows and abbreviations.
    """
    table = CONFUSIONS if confusions is None else confusions
    variants = index_variants(index)
    owner = {variant: class_id(refs) for variant, refs in variants}
    texts: list[str] = []
    classes: list[str] = []

    def add(text: str, cls: str) -> None:
        norm = normalize_label(text)
        if len(norm) >= MIN_CHARS and owner.get(norm, cls) == cls:  # damage must not make another label
            texts.append(text)
            classes.append(cls)

    def unambiguous_prefix(prefix: str, cls: str) -> bool:
        return all(owner[v] == cls for v, _ in variants if v.startswith(prefix))

    for variant, refs in variants:
        cls = class_id(refs)
        numbering = _numbering_of(refs)
        start = len(texts)
        add(variant, cls)
        add(to_traditional(variant), cls)
        if numbering is not None:
            for style in ("paren", "dun", "arabic"):
                add(printed_numbering(numbering, style) + variant, cls)
        prefixes = [variant[:n] for n in range(4, len(variant)) if unambiguous_prefix(variant[:n], cls)]
        for prefix in rng.sample(prefixes, min(3, len(prefixes))):
            add(prefix, cls)
            add(_noisy(prefix, rng, table), cls)
        while len(texts) - start < per_label:
            text = _noisy(variant, rng, table)
            if rng.random() < 0.15:
                text = to_traditional(text)
            if numbering is not None and rng.random() < 0.3:
                text = printed_numbering(numbering, rng.choice(("paren", "dun", "arabic"))) + text
            before = len(texts)
            add(text, cls)
            if len(texts) == before and len(variant) <= 2:
                break  # a two-character label has few damaged forms that are not another label

    # The group and the row of table 三 printed in one cell: （三）不予公开 1.属于国家秘密.
    seen_rows: set[str] = set()
    for f in load_schema().fields.values() if template else ():
        parts = _ENGLISH_NOTE.sub("", f.row_label).split()
        if f.table != "requests" or len(parts) != 2 or f.row in seen_rows:
            continue
        seen_rows.add(f.row)
        cls = f"requests:row:{f.row}"
        group, row = parts
        bare_group = _HEADING.sub("", group)
        add(f"{group} {row}", cls)
        for _ in range(max(2, per_label // 4)):
            text = f"{group if rng.random() < 0.7 else bare_group} {row}"
            text = _noisy(text, rng, table) if rng.random() < 0.8 else text
            add(to_traditional(text) if rng.random() < 0.15 else text, cls)

    for cls, forms in ABBREVIATIONS.items() if template else ():
        for form in forms:
            add(form, cls)
            add(to_traditional(form), cls)
            for _ in range(max(2, per_label // 8)):
                add(_noisy(form, rng, table), cls)

    for text in _none_examples([v for v, _ in variants], rng, per_label * 15):
        texts.append(text)
        classes.append(NONE)
    return texts, classes


# --------------------------------------------------------------------------- the model


class LabelModel:
    """Char n-gram tf-idf + logistic regression over the classes of :func:`label_classes`, run in numpy."""

    def __init__(self, linear: LinearModel, classes: dict[str, tuple[LabelRef, ...]] | None = None) -> None:
        self.linear = linear
        self.classes = label_classes(label_index()) if classes is None else classes
        self._cache: dict[str, tuple[tuple[LabelRef, ...], float]] = {}

    @classmethod
    def train(cls, texts: list[str], classes: list[str], seed: int = 0) -> LabelModel:
        """Fit with scikit-learn (imported here only), keep the fitted arrays."""
        return cls.from_sklearn(cls.fit_pipeline(texts, classes, seed))

    @staticmethod
    def fit_pipeline(texts: list[str], classes: list[str], seed: int = 0):
        """The fitted scikit-learn pipeline: hashed char 1-3-grams, tf-idf, logistic regression."""
        import numpy as np
        from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline

        hasher = HashingVectorizer(analyzer="char", ngram_range=(1, 3), n_features=N_FEATURES, alternate_sign=False,
                                   norm=None, lowercase=False, dtype=np.float32)
        counts = hasher.transform([normalize_label(t) for t in texts])
        tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
        # An n-gram never seen in training gets no weight, as with a vocabulary: left at the highest idf, the
        # n-grams that OCR noise creates would outweigh the ones the model knows and blur every answer.
        seen = np.zeros(N_FEATURES, dtype=bool)
        seen[counts.indices] = True
        tfidf.idf_ = np.where(seen, tfidf.idf_, 0).astype(tfidf.idf_.dtype)
        # Fit on the seen columns only (the others get no gradient and stay at 0 under the L2 penalty: same
        # optimum, a quarter of the parameters for L-BFGS), then spread the weights back over all of them.
        columns = np.flatnonzero(seen)
        model = LogisticRegression(C=C, max_iter=3000, random_state=seed)
        model.fit(tfidf.transform(counts)[:, columns], classes)
        coef = np.zeros((model.coef_.shape[0], N_FEATURES), dtype=model.coef_.dtype)
        coef[:, columns] = model.coef_
        model.coef_, model.n_features_in_ = coef, N_FEATURES
        return Pipeline([("features", hasher), ("tfidf", tfidf), ("model", model)])

    @classmethod
    def from_sklearn(cls, pipeline, classes: dict[str, tuple[LabelRef, ...]] | None = None) -> LabelModel:
        return cls(LinearModel.from_sklearn(pipeline, {"min_probability": MIN_PROBABILITY}), classes)

    def predict_proba(self, texts: list[str]):
        """The probability of every class (``self.linear.classes``) per text, as the fitted pipeline gives it."""
        return self.linear.predict_proba([normalize_label(t) for t in texts])

    def probabilities(self, texts: list[str]) -> list[tuple[str, float]]:
        """(best class, its probability) per text, before the threshold."""
        if not texts:
            return []
        rows = self.predict_proba(texts)
        labels = self.linear.classes
        best = rows.argmax(axis=1)
        return [(str(labels[b]), float(row[b])) for row, b in zip(rows, best, strict=True)]

    def predict(self, text: str) -> tuple[tuple[LabelRef, ...], float]:
        """The refs of the label ``text`` is (``()`` for no label or too unsure) and the model's probability."""
        norm = normalize_label(text)
        if norm in self._cache:
            return self._cache[norm]
        if len(norm) < MIN_CHARS:
            return (), 0.0
        [(cls, p)] = self.probabilities([norm])
        out = ((), p) if cls == NONE or p < MIN_PROBABILITY else (_refs_of(cls, self.classes), p)
        if len(self._cache) < 20000:
            self._cache[norm] = out
        return out

    def save(self, folder: Path, name: str = MODEL_NAME) -> Path:
        """Write ``NAME.npz`` and ``NAME.json`` into ``folder``; the npz's path."""
        npz, _ = self.linear.save(folder, name)
        return npz

    @classmethod
    def load(cls, folder: Path, name: str = MODEL_NAME,
             classes: dict[str, tuple[LabelRef, ...]] | None = None) -> LabelModel:
        return cls(LinearModel.load(folder, name), classes)

    @classmethod
    def load_pre2019(cls, folder: Path) -> LabelModel:
        """The legacy tables' classifier (:data:`PRE2019_MODEL_NAME`), its classes read from the legacy index."""
        from .pre2019 import pre2019_label_index

        return cls.load(folder, PRE2019_MODEL_NAME, label_classes(pre2019_label_index()))

    @staticmethod
    def files(folder: Path, name: str = MODEL_NAME) -> tuple[Path, Path]:
        """A model's files in ``folder`` (whether they exist or not)."""
        return LinearModel.files(folder, name)


# --------------------------------------------------------------------------- training and metrics


def evaluate(model: LabelModel, texts: list[str], classes: list[str]) -> dict:
    """Accuracy of the model's decision (threshold applied, so an unsure answer counts as ``none``)."""
    decided = [c if c == NONE or p >= MIN_PROBABILITY else NONE for c, p in model.probabilities(texts)]
    right = [d == c for d, c in zip(decided, classes, strict=True)]
    labels = [r for r, c in zip(right, classes, strict=True) if c != NONE]
    nones = [r for r, c in zip(right, classes, strict=True) if c == NONE]
    wrong_label = sum(1 for d, c in zip(decided, classes, strict=True) if d not in (c, NONE))
    return {
        "examples": len(texts),
        "accuracy": round(sum(right) / max(1, len(right)), 4),
        "label_accuracy": round(sum(labels) / max(1, len(labels)), 4),
        "none_accuracy": round(sum(nones) / max(1, len(nones)), 4),
        "wrong_label_rate": round(wrong_label / max(1, len(texts)), 4),  # a wrong label, worse than none
    }


def train_label_model(out: Path, seed: int = 0, per_label: int = 40) -> dict:
    """Train on examples from the label index, test on a noisy set from another seed, save, and measure; the
    same for the legacy tables' classifier (its metrics under ``legacy``)."""
    metrics = _train_one(Path(out), label_index(), MODEL_NAME, True, seed, per_label)
    from .pre2019 import pre2019_label_index

    metrics[PRE2019.name] = _train_one(Path(out), pre2019_label_index(), PRE2019_MODEL_NAME, False, seed, per_label)
    metrics[PRE2019.name].pop("versions")
    (Path(out) / METRICS_FILE).write_text(json.dumps(metrics, ensure_ascii=False, indent=1), "utf-8")
    return metrics


def _versions(*names: str) -> dict[str, str]:
    from importlib import metadata

    return {name: metadata.version(name) for name in names}


def _train_one(out: Path, index: LabelIndex, name: str, template: bool, seed: int, per_label: int) -> dict:
    texts, classes = training_examples(index, random.Random(seed), per_label, template=template)
    started, cpu = time.perf_counter(), time.process_time()
    model = LabelModel.train(texts, classes, seed=seed)
    train_seconds, train_cpu = time.perf_counter() - started, time.process_time() - cpu
    test_texts, test_classes = training_examples(index, random.Random(seed + 1_000_003), per_label, template=template)
    seen = {normalize_label(t) for t in texts}
    unseen = [(t, c) for t, c in zip(test_texts, test_classes, strict=True) if normalize_label(t) not in seen]
    path = model.save(out, name)
    started = time.perf_counter()
    loaded = LabelModel.load(out, name, label_classes(index))
    load_seconds = time.perf_counter() - started
    metrics = {
        "seed": seed,
        "per_label": per_label,
        "train_examples": len(texts),
        "classes": len(set(classes)),
        "features": N_FEATURES,
        "features_used": int((model.linear.coef != 0).any(axis=0).sum()),
        "train_seconds": round(train_seconds, 2),
        "train_cpu_seconds": round(train_cpu, 2),
        "model_bytes": path.stat().st_size,
        "load_seconds": round(load_seconds, 3),
        "min_probability": MIN_PROBABILITY,
        "held_out": evaluate(loaded, test_texts, test_classes),
        "held_out_unseen": evaluate(loaded, [t for t, _ in unseen], [c for _, c in unseen]),
        "versions": _versions("scikit-learn", "numpy", "opencc", "rapidfuzz"),
    }
    return metrics
