"""Realistic prose for sections 一 and 五 of a sampled report, with every prose-metric statement labelled.

``prose_for(record, rng)`` writes the paragraphs of section 一 (sub-headings such as ``（一）主动公开`` are
paragraphs of their own) and of section 五 for a gold-shaped record, and returns them with the record's prose
entries in the gold convention of ``shared/schema/README.md`` ("Prose metrics"):

- every prose metric of the schema has several sentence patterns (:data:`PATTERNS`: different verbs, word
  orders, units), and numbers are written in varied ways (:func:`quantity`): ``3016条``, ``3,016条``,
  full-width ``３０１６条``, ``1.2万条`` (12000), ``5500余条`` / ``约5500条`` / ``超过5500条`` (5500), Chinese
  numerals ``十二场`` / ``两期`` (via cn2an);
- each true statement is an entry whose ``text`` is the shortest verbatim span (verb, object, number, unit) and
  whose ``value`` is the number the convention gives; a restatement in another sentence is another entry;
- distractor sentences hold numbers that are *not* entries: ``其中`` sub-counts of the same metric (channels
  that add up to the total, 自然人/法人 requests, 维持/纠错 reviews, 图文/视频 interpretations),
  ``历年累计``/``截至…累计`` totals, other years' figures (``较2022年的18件``, next year's plans in 五),
  one-channel or one-content-type counts where a total is given, 办结/上年结转/结转下年度 requests,
  percentages, dates, phone numbers, 《条例》第三十三条, page views in 万人次, gazette copies (份);
- ``requests_received`` equals ``requests.new_received.total`` when stated, except in a small share of records
  (``p_mismatch``) that state an office-only figure, as hongze-2024 does, with a gold note
  (``Composition.notes``). A zero said only in words (``未收到政府信息公开申请``) is not an entry; ``0件`` is.

:func:`compose` gives the same and also the distractor spans, for tests. The same ``rng`` state gives the same
prose. Only GBK characters are used, so every HTML layout can encode the text.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

try:  # cn2an writes the Chinese numerals; the fallback below gives the same text for 0..99999
    import cn2an as _cn2an
except ImportError:  # pragma: no cover - exercised only where cn2an is not installed
    _cn2an = None

# --------------------------------------------------------------------------- thresholds

#: Chance a metric is stated at all (exec_meetings and gazette_issues only for a 区/县/市 government).
STATE_CHANCE = {
    "info_published": 0.95, "policy_interpretations": 0.7, "press_conferences": 0.4,
    "online_interviews": 0.35, "public_messages": 0.55, "requests_received": 0.9, "admin_reviews": 0.75,
    "admin_suits": 0.75, "training_persons": 0.5, "training_sessions": 0.5, "exec_meetings": 0.6,
    "gazette_issues": 0.55,
}
P_MISMATCH = 0.05  # a 区/县/市 government states an office-only requests_received that differs from table 三
P_NO_SUBHEADINGS = 0.12  # section 一 as plain paragraphs without （一）..（五）
P_RESTATE = 0.2  # a figure restated in section 五 or the opening paragraph
P_CHANNELS_ONLY = 0.1  # info_published given per channel only (each channel count is then an entry)
P_ZERO_AS_NUMBER = 0.3  # a zero of requests/reviews/suits written 0件 (an entry) rather than in words
P_DISTRACTOR = 0.55  # chance of each optional distractor sentence
LARGE_REQUESTS, MEDIUM_REQUESTS = 150, 15  # table 三 新收 总计 from which prose figures are large / medium
#: Weights of the number styles of :func:`quantity`, where a style applies to the value.
STYLE_WEIGHTS = {"digits": 60, "fullwidth": 7, "comma": 8, "wan": 25, "approx": 10, "cn": 20}
#: Metrics whose figures may be rounded (余/多/约/超过) or given in 万; those with a table counterpart never are.
ROUNDABLE = {"info_published", "public_messages", "training_persons", "policy_interpretations"}
WAN_METRICS = {"info_published", "public_messages", "training_persons"}
EXACT = {"requests_received", "admin_reviews", "admin_suits"}
CN_MAX = 30  # Chinese numerals for counts up to this (20 for the metrics in EXACT)
NO_CN = {"info_published", "public_messages", "training_persons"}  # never in Chinese numerals
APPROX_MARKS = (("", "余"), ("", "多"), ("约", ""), ("超过", ""))

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_CN_DIGITS = "零一二三四五六七八九"

# --------------------------------------------------------------------------- sentence patterns

#: metric -> (span template, units): ``{q}`` is the quantity (number and unit), ``{lv}`` the 区/县/市 of the
#: government, ``{gz}`` the gazette's name. A span is what a gold file's ``text`` holds.
PATTERNS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "info_published": (
        ("主动公开政府信息{q}", ("条",)),
        ("共发布政府信息{q}", ("条",)),
        ("主动公开各类政府信息{q}", ("条",)),
        ("全年累计发布各类信息{q}", ("条",)),
        ("公开政务信息共计{q}", ("条",)),
        ("通过各类平台主动发布政府信息{q}", ("条",)),
        ("主动公开政府信息数量达{q}", ("条",)),
        ("在政府门户网站等平台公开政府信息{q}", ("条",)),
    ),
    "policy_interpretations": (
        ("发布政策解读{q}", ("篇", "条")),
        ("制作政策解读{q}", ("个", "篇")),
        ("配发图文解读{q}", ("件", "篇")),
        ("推出政策图解{q}", ("期", "个")),
        ("解读信息发布{q}", ("条",)),
        ("开展政策解读{q}", ("次", "篇")),
        ("以图解、视频等形式解读政策{q}", ("篇", "个")),
    ),
    "press_conferences": (
        ("召开新闻发布会{q}", ("场", "次")),
        ("举办新闻发布会{q}", ("场",)),
        ("组织召开政策吹风会{q}", ("场", "次")),
        ("举行{q}新闻发布会", ("场", "次")),
        ("开展新闻发布活动{q}", ("次", "场")),
        ("召开{q}政策例行吹风会", ("次",)),
    ),
    "online_interviews": (
        ("开展在线访谈{q}", ("期", "场")),
        ("举办网络在线访谈{q}", ("期",)),
        ("组织{q}在线访谈", ("期", "场")),
        ("开展“在线访谈”活动{q}", ("次",)),
        ("邀请部门负责人做客在线访谈{q}", ("期", "次")),
        ("推出“部门负责人在线访谈”节目{q}", ("期",)),
    ),
    "public_messages": (
        ("回复网民留言{q}", ("条",)),
        ("办理网民留言{q}", ("条", "件")),
        ("处理领导信箱来信{q}", ("封", "件")),
        ("办理12345热线工单{q}", ("件",)),
        ("受理网上信访{q}", ("件",)),
        ("答复“书记信箱”“县长信箱”来信{q}", ("件", "封")),
        ("回应网民咨询留言{q}", ("条",)),
        ("通过官方微博私信功能回复网民留言{q}", ("条",)),
    ),
    "requests_received": (
        ("受理政府信息公开申请{q}", ("件",)),
        ("收到政府信息公开申请{q}", ("件",)),
        ("新收政府信息公开申请{q}", ("件",)),
        ("共受理依申请公开{q}", ("件",)),
        ("收到各类政府信息公开申请共计{q}", ("件",)),
        ("新收到政府信息公开申请{q}", ("件", "份")),
        ("受理公民、法人或其他组织提出的政府信息公开申请{q}", ("件",)),
    ),
    "admin_reviews": (
        ("收到政府信息公开行政复议{q}", ("件",)),
        ("发生政府信息公开行政复议案件{q}", ("件", "起")),
        ("因政府信息公开被申请行政复议{q}", ("件", "起")),
        ("涉及政府信息公开的行政复议{q}", ("件",)),
        ("收到因政府信息公开提起的行政复议{q}", ("件",)),
        ("政府信息公开行政复议案件{q}", ("件",)),
    ),
    "admin_suits": (
        ("发生政府信息公开行政诉讼{q}", ("件", "起")),
        ("政府信息公开行政诉讼案件{q}", ("件",)),
        ("因政府信息公开被提起行政诉讼{q}", ("件", "起")),
        ("涉及政府信息公开的行政诉讼{q}", ("件",)),
        ("应诉政府信息公开行政诉讼{q}", ("件",)),
    ),
    "training_persons": (
        ("培训{q}", ("人次",)),
        ("累计轮训政务公开工作人员{q}", ("人次",)),
        ("参训人员达{q}", ("人次", "人")),
        ("培训各级政务公开工作人员{q}", ("人次", "人")),
        ("共培训业务骨干{q}", ("人次",)),
    ),
    "training_sessions": (
        ("举办政务公开业务培训班{q}", ("期",)),
        ("举办培训班{q}", ("期", "次")),
        ("开展政务公开专题培训{q}", ("次", "场")),
        ("组织{q}政务公开业务培训", ("期", "次", "场")),
        ("举办政府信息公开工作培训会{q}", ("场", "次")),
    ),
    "exec_meetings": (
        ("召开{q}{lv}政府常务会议", ("次",)),
        ("公开政府常务会议{q}", ("期", "次")),
        ("解读{lv}政府常务会议{q}", ("次",)),
        ("全年召开{lv}政府常务会议{q}", ("次",)),
        ("对{q}{lv}政府常务会议议定事项进行公开", ("次",)),
    ),
    "gazette_issues": (
        ("编印政府公报{q}", ("期",)),
        ("已发布{gz}共{q}", ("期",)),
        ("制作{gz}{q}", ("期",)),
        ("出版政府公报{q}", ("期",)),
        ("编发{gz}{q}", ("期",)),
        ("印发政府公报{q}", ("期",)),
    ),
}
#: Patterns of an info_published count for one channel: an entry only where no total is given.
CHANNEL_PATTERNS = (
    "通过政府门户网站发布信息{q}",
    "通过政务微信公众号发布信息{q}",
    "在政务微博发布信息{q}",
    "通过“{we}发布”客户端推送信息{q}",
)

_SUBHEADINGS = (
    ("（一）主动公开", "（一）主动公开政府信息情况", "（一）主动公开情况"),
    ("（二）依申请公开", "（二）依申请公开情况", "（二）依申请公开政府信息情况"),
    ("（三）政府信息管理", "（三）政府信息管理情况"),
    ("（四）政府信息公开平台建设", "（四）平台建设情况", "（四）政府信息公开平台建设情况"),
    ("（五）监督保障", "（五）监督保障情况"),
)
_LEADS = (
    (
        "坚持以公开为常态、不公开为例外，围绕中心工作及时准确发布权威信息。",
        "持续加大重点领域信息公开力度，不断提升主动公开的质量和实效。",
        "严格落实公开属性源头认定机制，做到应公开尽公开。",
    ),
    (
        "严格按照《条例》第三十三条规定的期限办理政府信息公开申请，做到依法受理、及时答复、规范告知。",
        "进一步规范依申请公开的受理、审查、答复等环节，切实保障公众依法获取政府信息的权利。",
        "健全依申请公开会商机制，对疑难申请逐件研究，提高答复的规范性。",
    ),
    (
        "健全公开前保密审查机制，动态调整主动公开基本目录，做好已公开信息的清理和规范管理。",
        "落实政府信息公开“三审”制度，规范政府信息的制作、发布和归档。",
    ),
    (
        "发挥政府门户网站第一平台作用，规范政务新媒体运营，畅通政民互动渠道，及时回应社会关切。",
        "加强政府网站和政务新媒体的日常监测，确保平台安全平稳运行。",
    ),
    (
        "将政务公开工作纳入年度绩效考核，加强业务培训和日常督查，推动各项工作任务落到实处。",
        "完善政务公开考核评估机制，以考促改、以评促优。",
    ),
)
_PRE = ("", "全年", "本年度", "{year}年，{we}", "一年来，{we}", "{year}年度，{we}")
_TAIL = (
    "", "", "，公开质量和时效性进一步提升", "，有效回应了社会关切", "，进一步提升了政府工作透明度",
    "，取得了较好效果",
)
_PROBLEMS = (
    "对照上级要求和群众期盼，{we}政务公开工作仍存在一些不足：公开内容的全面性和及时性有待加强，"
    "政策解读的形式还不够丰富，基层工作人员业务能力有待提升。",
    "本年度政务公开工作取得了一定成效，但也存在一些问题：部分单位对政务公开工作重视不够，"
    "信息发布不够及时，依申请公开答复的规范性还需进一步提高。",
    "一是主动公开的深度和广度不够；二是政策解读质量有待提高；三是政务公开队伍建设有待加强。",
)
_IMPROVEMENTS = (
    "下一步，{we}将进一步加强组织领导，完善工作机制，丰富解读形式，加大培训力度，不断提升政务公开工作质量。",
    "针对上述问题，{we}将持续深化重点领域信息公开，加强政策解读和回应关切，强化业务培训和监督考核。",
)


# --------------------------------------------------------------------------- numbers


def chinese_numeral(n: int) -> str:
    """``12`` → ``十二``, ``2`` → ``两``: cn2an's low-case numeral (a fallback of the same text for 0..99999)."""
    if n == 2:
        return "两"
    if _cn2an is not None:
        return _cn2an.an2cn(n, "low")
    return _cn_fallback(n)


def _cn_fallback(n: int) -> str:
    """cn2an.an2cn(n, "low") for 0 <= n < 100000."""
    if not 0 <= n < 100000:
        raise ValueError(f"no fallback numeral for {n}")
    if n == 0:
        return "零"
    units = ("", "十", "百", "千", "万")
    digits = [int(d) for d in str(n)]
    out, zero = [], False
    for i, d in enumerate(digits):
        place = len(digits) - 1 - i
        if d == 0:
            zero = True
            continue
        if zero and out:
            out.append("零")
        zero = False
        out.append(("" if d == 1 and place == 1 and i == 0 else _CN_DIGITS[d]) + units[place])
    return "".join(out)


def _round_down(n: int) -> int:
    """A round figure just below ``n``: 5537 → 5500, 87 → 80, 1432 → 1400."""
    step = 10 if n < 1000 else 100 if n < 100000 else 1000
    return max(step, n // step * step)


def quantity(rng: random.Random, value: int, unit: str, metric: str) -> tuple[str, int]:
    """The number and unit as printed, and the value a gold file records for it.

    Styles: plain digits; full-width digits; thousands separators (from 1000); ``万`` (from 10000, rounded to
    the printed decimals); a round figure with 余/多/约/超过 (the printed figure is the value); a Chinese
    numeral (up to :data:`CN_MAX`). Metrics in :data:`EXACT` keep their value.
    """
    styles = ["digits", "fullwidth"]
    if value >= 1000:
        styles.append("comma")
    if value >= 10000 and metric in WAN_METRICS:
        styles.append("wan")
    if value >= 20 and metric in ROUNDABLE:
        styles.append("approx")
    if 0 < value <= (20 if metric in EXACT else CN_MAX) and metric not in NO_CN:
        styles.append("cn")
    style = rng.choices(styles, weights=[STYLE_WEIGHTS[s] for s in styles])[0]
    if style == "fullwidth":
        return f"{value}".translate(_FULL_WIDTH) + unit, value
    if style == "comma":
        return f"{value:,}{unit}", value
    if style == "wan":
        decimals = rng.choice((1, 2)) if value < 100000 else 1
        shown = round(value / 10000, decimals)
        printed = f"{shown:.{decimals}f}".rstrip("0").rstrip(".")
        suffix = rng.choice(("", "", "余"))
        return f"{printed}万{suffix}{unit}", round(shown * 10000)
    if style == "approx":
        shown = _round_down(value)
        before, after = rng.choice(APPROX_MARKS)
        return f"{before}{shown}{after}{unit}", shown
    if style == "cn":
        return f"{chinese_numeral(value)}{unit}", value
    return f"{value}{unit}", value


# --------------------------------------------------------------------------- the composition


@dataclass
class Entry:
    """One labelled statement: a gold prose entry plus the printed quantity (for tests)."""

    metric: str
    value: int
    unit: str
    text: str
    quantity: str

    def gold(self) -> dict:
        return {"metric": self.metric, "value": self.value, "unit": self.unit, "text": self.text}


@dataclass
class Composition:
    """The prose of one report: paragraphs of 一 and 五, entries, distractor spans, notes."""

    section1: list[str] = field(default_factory=list)
    section5: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    distractors: list[str] = field(default_factory=list)  # numeric spans that are not entries
    notes: list[str] = field(default_factory=list)


@dataclass
class _Ctx:
    rng: random.Random
    fields: dict
    year: int
    agency: str
    level: str  # 区/县/市 of a government, 镇 of a town, "" for a department
    we: str
    size: str
    out: Composition
    p_mismatch: float = P_MISMATCH

    def one_of(self, *makers: Callable[[], str]) -> str:
        """The text of one alternative, built only once chosen (its distractors are the ones printed)."""
        return self.rng.choice(makers)()

    def pick(self, options: tuple | list) -> object:
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pre(self) -> str:
        return str(self.pick(_PRE)).format(year=self.year, we=self.we)

    def tail(self) -> str:
        return str(self.pick(_TAIL))

    def entry(self, metric: str, value: int, pattern: tuple[str, tuple[str, ...]] | None = None,
              exact: bool = False) -> str:
        """A statement of ``metric``: its span (recorded as an entry), the value as printed."""
        template, units = pattern or self.pick(PATTERNS[metric])
        unit = str(self.pick(units))
        if exact:
            q, shown = f"{value}{unit}", value
        else:
            q, shown = quantity(self.rng, value, unit, metric)
        text = template.format(q=q, lv=self.level, gz=self.gazette() if "{gz}" in template else "", we=self.we)
        self.out.entries.append(Entry(metric, shown, unit, text, q))
        return text

    def distract(self, span: str) -> str:
        """A numeric span that is not an entry."""
        self.out.distractors.append(span)
        return span

    def gazette(self) -> str:
        """《淮安市人民政府公报》, or for a district or county often its own short name (《洪泽区人民政府公报》)."""
        scope = self.agency.split("人民政府")[0]
        if "市" in scope[:-1] and self.level in ("区", "县") and self.chance(0.5):
            scope = scope[scope.index("市") + 1 :]
        return f"《{scope}人民政府公报》"

    def count(self, small: float, medium: float, large: float, floor: int = 1) -> int:
        mean = {"small": small, "medium": medium, "large": large}[self.size]
        return floor + int(self.rng.expovariate(1 / mean))


def _level(agency: str) -> str:
    if "人民政府" not in agency:
        return ""
    scope = agency.split("人民政府")[0]
    return scope[-1] if scope and scope[-1] in "区县市镇" else ""


def _we(agency: str, level: str) -> str:
    if level:
        return f"我{level}"
    for suffix, we in (("局", "我局"), ("委员会", "我委"), ("办公室", "我办")):
        if agency.endswith(suffix):
            return we
    return "本机关"


def _size(fields: dict) -> str:
    received = fields.get("requests.new_received.total") or 0
    return "large" if received >= LARGE_REQUESTS else "medium" if received >= MEDIUM_REQUESTS else "small"


def _value(fields: dict, key: str) -> int | None:
    value = fields.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _sentence(ctx: _Ctx, *spans: str) -> str:
    joiner = str(ctx.pick(("，", "、"))) if len(spans) > 1 else ""
    pre = ctx.pre()
    if pre and spans[0].startswith(pre[:2]):  # not 全年全年累计…
        pre = ""
    return f"{pre}{joiner.join(spans)}{ctx.tail()}。"


# --------------------------------------------------------------------------- 一（一） 主动公开


def _channel_split(rng: random.Random, total: int) -> list[int]:
    """Two or three channel counts that add up to ``total``."""
    k = 3 if total >= 30 else 2
    cuts = sorted(rng.sample(range(1, total), k - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _active(ctx: _Ctx) -> list[str]:
    rng, year, we = ctx.rng, ctx.year, ctx.we
    clusters: list[str] = []
    info_total = ctx.count(400, 2500, 15000, floor=30)
    if ctx.chance(P_CHANNELS_ONLY):  # no total: each channel's count is an entry
        patterns = rng.sample(CHANNEL_PATTERNS, rng.randint(1, 2))
        spans = [ctx.entry("info_published", ctx.count(200, 800, 4000, floor=10), (p, ("条",))) for p in patterns]
        clusters.append(_sentence(ctx, *spans))
    elif ctx.chance(STATE_CHANCE["info_published"]):
        span = ctx.entry("info_published", info_total)
        shown = ctx.out.entries[-1].value
        parts = [_sentence(ctx, span)]
        follow = rng.random()
        if follow < 0.3 and shown >= 10:  # 其中 channels adding up to the total
            names = rng.sample(("政府门户网站", "政务微博", "政务微信", "政务头条号", "政务抖音号"), 3)
            split = _channel_split(rng, shown)
            items = [ctx.distract(f"{n}发布{v}条") for n, v in zip(names, split, strict=False)]
            parts.append(f"其中，{'，'.join(items)}。")
        elif follow < 0.5:  # 其中 a content type, and maybe a different metric (an entry)
            a = ctx.distract(f"{rng.choice(('工作动态', '政策文件', '图片新闻'))}{max(1, shown // 5)}条")
            if ctx.chance(0.5):
                policy = ctx.entry("policy_interpretations", ctx.count(8, 20, 60))
                parts.append(f"其中，{a}，{policy}。")
            else:
                parts.append(f"其中，{a}。")
        if ctx.chance(P_DISTRACTOR):  # a multi-year total
            cumulative = shown * rng.randint(3, 12) + rng.randint(0, 999)
            parts.append(ctx.one_of(
                lambda: f"截至{year}年12月31日，{we}累计公开政府信息{ctx.distract(f'{cumulative}条')}。",
                lambda: f"{we}历年累计主动公开{ctx.distract(f'政府信息{cumulative}条')}。",
                lambda: f"截至{year}年底，政府信息公开专栏累计发布{ctx.distract(f'各类信息{cumulative}余条')}。",
            ))
        if ctx.chance(P_DISTRACTOR * 0.6):  # last year's figure
            last = max(1, int(shown * rng.uniform(0.6, 1.3)))
            parts.append(ctx.one_of(
                lambda: f"较{year - 1}年的{ctx.distract(f'{last}条')}有所{'增加' if last < shown else '减少'}。",
                lambda: f"上年同期为{ctx.distract(f'{last}条')}。",
            ))
        if ctx.chance(P_DISTRACTOR * 0.5):  # one channel or content type in a separate sentence
            parts.append(ctx.one_of(
                lambda: f"政府门户网站“政务公开”专栏更新{ctx.distract(f'信息{max(1, shown // 3)}条')}。",
                lambda: f"公开{ctx.distract(f'财政预决算信息{ctx.count(5, 20, 60)}条')}。",
                lambda: f"发布{ctx.distract(f'工作动态{max(1, shown // 4)}条')}。",
            ))
        clusters.append("".join(parts))
    if not any(e.metric == "policy_interpretations" for e in ctx.out.entries) and ctx.chance(
        STATE_CHANCE["policy_interpretations"]
    ):
        value = ctx.count(8, 20, 60)
        text = _sentence(ctx, ctx.entry("policy_interpretations", value))
        if ctx.chance(0.3) and value >= 4:
            a = rng.randint(1, value - 1)
            text += f"其中，{ctx.distract(f'图文解读{a}篇')}，{ctx.distract(f'视频解读{value - a}个')}。"
        elif ctx.chance(0.3):
            text += f"政策文件与解读材料同步发布率达{ctx.distract('100%')}。"
        clusters.append(text)
    events = []
    if ctx.chance(STATE_CHANCE["press_conferences"]):
        events.append(ctx.entry("press_conferences", ctx.count(2, 4, 10)))
        if ctx.chance(0.3):
            events.append(f"回答记者提问{ctx.distract(f'{ctx.count(5, 15, 40)}个')}")
    if ctx.chance(STATE_CHANCE["online_interviews"]):
        events.append(ctx.entry("online_interviews", ctx.count(2, 4, 8)))
        if ctx.chance(0.3):
            events.append(f"在线解答网民提问{ctx.distract(f'{ctx.count(10, 30, 90)}个')}")
    if events:
        clusters.append(_sentence(ctx, *events))
    if ctx.level in ("区", "县", "市") and ctx.chance(STATE_CHANCE["exec_meetings"]):
        text = _sentence(ctx, ctx.entry("exec_meetings", ctx.count(12, 12, 16, floor=4)))
        if ctx.chance(0.4):
            text += f"会议共审议{ctx.distract(f'议题{ctx.count(30, 40, 60, floor=10)}个')}。"
        clusters.append(text)
    rng.shuffle(clusters)
    return clusters


# --------------------------------------------------------------------------- 一（二） 依申请公开


def _office(ctx: _Ctx) -> str:
    return f"{ctx.level}政府办"


def _requests(ctx: _Ctx) -> list[str]:
    rng, f, year = ctx.rng, ctx.fields, ctx.year
    clusters: list[str] = []
    total = _value(f, "requests.new_received.total")
    if total is not None and ctx.chance(STATE_CHANCE["requests_received"]):
        if total == 0:
            if ctx.chance(P_ZERO_AS_NUMBER):
                clusters.append(_sentence(ctx, ctx.entry("requests_received", 0, exact=True)))
            else:
                clusters.append(str(rng.choice((
                    f"{year}年，{ctx.we}未收到政府信息公开申请。", "本年度未收到公民、法人或其他组织的政府信息公开申请。",
                ))))
        elif total >= 2 and ctx.level in ("区", "县", "市") and ctx.chance(ctx.p_mismatch):
            # an office-only figure, as hongze-2024 prints (区政府办代表区政府受理政府信息公开申请17件)
            part = rng.randint(1, total - 1)
            span = ctx.entry("requests_received", part, (PATTERNS["requests_received"][0][0], ("件",)), exact=True)
            whole = f"{_office(ctx)}代表{ctx.level}政府{span}"
            ctx.out.notes.append(
                f"prose requests_received ({whole}) differs from table 三 requests.new_received.total = {total}; "
                "both kept as printed."
            )
            clusters.append(f"{year}年，{whole}。")
        else:
            parts = [_sentence(ctx, ctx.entry("requests_received", total))]
            people = _value(f, "requests.new_received.natural_person")
            if people and people < total and ctx.chance(0.4):
                parts.append(
                    f"其中，自然人申请{ctx.distract(f'{people}件')}，法人或其他组织申请{ctx.distract(f'{total - people}件')}。"
                )
            carried = _value(f, "requests.carried_over.total")
            if carried and ctx.chance(P_DISTRACTOR):
                parts.append(f"另有上年结转{ctx.distract(f'政府信息公开申请{carried}件')}。")
            done = _value(f, "requests.total_processed.total")
            if done and ctx.chance(P_DISTRACTOR):
                parts.append(ctx.one_of(
                    lambda: f"全年共办结{ctx.distract(f'政府信息公开申请{done}件')}，按时办结率{ctx.distract('100%')}。",
                    lambda: f"已办结{ctx.distract(f'{done}件')}。",
                ))
            forward = _value(f, "requests.carried_forward.total")
            if forward and ctx.chance(P_DISTRACTOR):
                parts.append(f"结转下年度继续办理{ctx.distract(f'{forward}件')}。")
            if ctx.chance(P_DISTRACTOR * 0.5):
                last = max(0, total + rng.randint(-total, total))
                if last != total:
                    parts.append(f"与{year - 1}年的{ctx.distract(f'{last}件')}相比，申请量有所{'上升' if last < total else '下降'}。")
            clusters.append("".join(parts))
    clusters += _litigation(ctx)
    return clusters


def _litigation(ctx: _Ctx) -> list[str]:
    rng, f = ctx.rng, ctx.fields
    review = _value(f, "review.total")
    direct, after = _value(f, "suit_direct.total"), _value(f, "suit_after_review.total")
    suits = direct + after if direct is not None and after is not None else None
    spans, words = [], []
    if review is not None and ctx.chance(STATE_CHANCE["admin_reviews"]):
        if review or ctx.chance(P_ZERO_AS_NUMBER):
            spans.append(ctx.entry("admin_reviews", review))
            upheld, corrected = _value(f, "review.upheld"), _value(f, "review.corrected")
            if review and upheld and corrected is not None and ctx.chance(0.4):
                spans[-1] += f"（其中维持{ctx.distract(f'{upheld}件')}、纠错{ctx.distract(f'{corrected}件')}）"
        else:
            words.append("未发生因政府信息公开引起的行政复议")
    if suits is not None and ctx.chance(STATE_CHANCE["admin_suits"]):
        if suits or ctx.chance(P_ZERO_AS_NUMBER):
            if len(spans) == 1 and ctx.chance(0.4):  # 政府信息公开行政复议3件、行政诉讼2件
                spans.append(ctx.entry("admin_suits", suits, (("行政诉讼{q}", ("件",))), exact=True))
            else:
                spans.append(ctx.entry("admin_suits", suits))
        else:
            words.append("未发生政府信息公开行政诉讼案件")
    out = []
    if spans:
        out.append(f"{ctx.pre()}{'、'.join(spans)}。")
    if words:
        out.append(f"全年{'，'.join(words)}。")
    if rng.random() < P_DISTRACTOR * 0.5:
        out.append(f"自{ctx.distract(f'{ctx.year}年1月1日')}起，申请答复文书全部实行统一编号管理。")
    return out


# --------------------------------------------------------------------------- 一（三）（四）（五）


def _management(ctx: _Ctx) -> list[str]:
    rng, year = ctx.rng, ctx.year
    clusters = []
    if ctx.level in ("区", "县", "市") and ctx.chance(STATE_CHANCE["gazette_issues"]):
        text = _sentence(ctx, ctx.entry("gazette_issues", rng.choice((4, 6, 12, 12, 24))))
        if ctx.chance(0.4):
            text += f"每期印发{ctx.distract(f'{rng.choice((500, 800, 1000, 2000))}份')}，免费发放至各公共查阅点。"
        clusters.append(text)
    if ctx.chance(P_DISTRACTOR):
        clusters.append(ctx.one_of(
            lambda: f"动态更新主动公开基本目录{ctx.distract(f'{ctx.count(20, 40, 80)}项')}。",
            lambda: f"组织{ctx.distract(f'{ctx.count(2, 3, 4)}次')}政府信息公开栏目全覆盖检查，及时整改发现的问题。",
            lambda: f"于{ctx.distract(f'{year}年{rng.randint(3, 11)}月')}完成政府信息公开指南的修订。",
            lambda: f"清理规范性文件{ctx.distract(f'{ctx.count(5, 15, 40)}件')}，并及时向社会公布清理结果。",
        ))
    return clusters


def _platforms(ctx: _Ctx) -> list[str]:
    rng = ctx.rng
    clusters = []
    if ctx.chance(STATE_CHANCE["public_messages"]):
        patterns = rng.sample(PATTERNS["public_messages"], 2 if ctx.chance(0.3) else 1)
        spans = [ctx.entry("public_messages", ctx.count(40, 300, 3000), p) for p in patterns]
        text = _sentence(ctx, *spans)
        if ctx.chance(0.4):
            text += f"办结率{ctx.distract(f'{rng.choice((98.6, 99.2, 100))}%')}，平均办理时长{ctx.distract(f'{rng.randint(2, 7)}个工作日')}。"
        clusters.append(text)
    if ctx.chance(P_DISTRACTOR):
        views = round(rng.uniform(1, 300), 1)
        clusters.append(ctx.one_of(
            lambda: f"政府门户网站全年访问量达{ctx.distract(f'{views:g}万人次')}。",
            lambda: f"{ctx.we}政务新媒体共计{ctx.distract(f'{ctx.count(3, 10, 40)}个')}，均已纳入统一管理。",
            lambda: f"群众可拨打{ctx.distract('12345')}政务服务便民热线咨询政府信息公开事宜。",
            lambda: f"政府信息公开咨询电话：{ctx.distract(f'0{rng.randint(510, 599)}-{rng.randint(80000000, 89999999)}')}。",
        ))
    return clusters


def _oversight(ctx: _Ctx) -> list[str]:
    rng = ctx.rng
    spans = []
    if ctx.chance(STATE_CHANCE["training_sessions"]):
        spans.append(ctx.entry("training_sessions", ctx.count(2, 3, 5)))
    if ctx.chance(STATE_CHANCE["training_persons"]):
        spans.append(ctx.entry("training_persons", ctx.count(40, 150, 600, floor=5)))
    clusters = [_sentence(ctx, *spans)] if spans else []
    if ctx.chance(P_DISTRACTOR * 0.6):
        clusters.append(ctx.one_of(
            lambda: f"政务公开工作在年度绩效考核中的权重为{ctx.distract(f'{rng.choice((2, 3, 4, 5))}%')}。",
            lambda: f"开展政务公开专项督查{ctx.distract(f'{ctx.count(2, 3, 4)}次')}，通报问题{ctx.distract(f'{ctx.count(3, 8, 20)}个')}。",
            lambda: f"培训考核合格率{ctx.distract('100%')}。",
        ))
    return clusters


# --------------------------------------------------------------------------- section 五 and the whole


def _restatement(ctx: _Ctx) -> str | None:
    """A figure told again in another sentence: another entry (never the same span)."""
    for metric, patterns in (("info_published", PATTERNS["info_published"]),
                             ("requests_received", PATTERNS["requests_received"])):
        first = next((e for e in ctx.out.entries if e.metric == metric), None)
        if first is None or (metric == "requests_received" and first.value != ctx.fields.get(
                "requests.new_received.total")):
            continue
        others = [p for p in patterns if p[0].format(q=first.quantity) != first.text]
        template, _ = ctx.pick(others)
        text = template.format(q=first.quantity)
        ctx.out.entries.append(Entry(metric, first.value, first.unit, text, first.quantity))
        return text
    return None


def _section5(ctx: _Ctx) -> list[str]:
    rng, we, year = ctx.rng, ctx.we, ctx.year
    problems = str(rng.choice(_PROBLEMS)).format(we=we)
    if ctx.chance(P_DISTRACTOR * 0.5):
        problems += f"全年发现并整改网站错链、空白栏目等问题{ctx.distract(f'{ctx.count(3, 8, 20)}个')}。"
    plans = str(rng.choice(_IMPROVEMENTS)).format(we=we)
    if ctx.chance(P_DISTRACTOR):  # next year's figures: not this year's statements
        n, m = ctx.count(2, 3, 5), ctx.count(10, 20, 60)
        plans += ctx.one_of(
            lambda: f"{year + 1}年，计划{ctx.distract(f'举办政务公开培训班{n}期')}，{ctx.distract(f'发布政策解读不少于{m}篇')}。",
            lambda: f"力争{year + 1}年{ctx.distract(f'召开新闻发布会{n}场')}以上。",
        )
    paragraphs = [problems, plans]
    if ctx.chance(P_RESTATE):
        restated = _restatement(ctx)
        if restated:
            paragraphs.insert(1, f"本年度{we}{restated}，但与群众的期待相比，公开的针对性仍有差距。")
    return paragraphs


def compose(record: dict, rng: random.Random, p_mismatch: float = P_MISMATCH) -> Composition:
    """The prose of ``record`` (its fields, agency and year), every statement labelled, with gold notes."""
    meta, fields = record["meta"], record["fields"]
    agency = meta["agency"]
    level = _level(agency)
    out = Composition()
    ctx = _Ctx(rng, fields, int(meta["year"]), agency, level, _we(agency, level), _size(fields), out, p_mismatch)
    groups = [_active(ctx), _requests(ctx), _management(ctx), _platforms(ctx), _oversight(ctx)]
    opening = str(rng.choice((
        "{year}年，{agency}认真贯彻落实《条例》和上级部署，扎实推进政务公开各项工作。",
        "{year}年，在上级政务公开部门的指导下，{agency}坚持以人民为中心，全面推进决策、执行、管理、服务、结果公开。",
        "{year}年，{agency}以提升政务公开质量为目标，围绕群众关切，持续深化政务公开工作，现将有关情况报告如下。",
    ))).format(year=ctx.year, agency=agency)
    section1 = [opening]
    if rng.random() < P_NO_SUBHEADINGS:
        flat = [c for g in groups for c in g]
        cut = max(1, len(flat) // 2)
        section1 += ["".join(flat[:cut]), "".join(flat[cut:])]
    else:
        for i, clusters in enumerate(groups):
            section1.append(str(rng.choice(_SUBHEADINGS[i])))
            section1.append(str(rng.choice(_LEADS[i])) + "".join(clusters))
    out.section1 = [p for p in section1 if p]
    out.section5 = _section5(ctx)
    return out


def prose_for(record: dict, rng: random.Random, p_mismatch: float = P_MISMATCH
              ) -> tuple[list[str], list[str], list[dict]]:
    """(paragraphs of section 一, paragraphs of section 五, gold prose entries) for ``record``.

    A requests_received figure that differs from table 三 (``p_mismatch``) needs a gold note:
    :func:`compose` gives it (``Composition.notes``).
    """
    comp = compose(record, rng, p_mismatch)
    return comp.section1, comp.section5, [e.gold() for e in comp.entries]
