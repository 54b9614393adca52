"""The subject of a sentence: disclosure work, or another domain that uses the same words.

``政务服务中心共受理申请98000余件`` counts approval business, not disclosure requests; ``发布招考信息30余条`` is
recruitment, ``税务审批…办结240件`` tax approvals. The same verbs and units (受理, 办结, 发布 … 件, 条) serve every
domain, so a figure is read as a disclosure metric only where its clause does not name another domain's
subject — or where it also names disclosure itself (政务服务中心共受理政府信息公开申请5件 is a request count).
One lexicon, used by the prose rules, the classifier's features and the legacy report's sentences.
"""

from __future__ import annotations

import re

#: Another domain's subject, by kind (the kind is a classifier feature).
OTHER_DOMAINS: dict[str, str] = {
    "approval": r"审批|许可|核准|备案|政务服务(?:中心|大厅|网)?|便民服务|行政服务中心|办件|一网通办|一件事|窗口",
    "tax": r"税务|纳税|税收|退税|减税",
    "recruitment": r"招聘|招考|招录|考录|遴选",
    "procurement": r"招标|采购|招投标|中标",
    "news": r"新闻通稿|通稿|时政|要闻|阅读量|浏览量|点击量|访问量|粉丝|关注人数",
    "data": r"数据集|共享数据|数据资源|数据开放",
    "powers": r"权责清单|权力清单|责任清单|权力事项",
    "proposals": r"人大代表建议|政协委员提案|建议提案|人大建议|政协提案|(?<!复)议案",
    "records": r"归档|存档|报送|(?<!网)上报|约稿",
    "enforcement": r"行政处罚|处罚决定|执法|双随机|检查事项",  # 执法: 执法检查, 行政执法信息, 执法案件 (C44)
    # an agency's internal office system (委内OA系统, 内网): posts to its staff, no disclosure to the public (C79)
    "internal": r"OA|内网|局域网|办公网络",
}
#: Words that say the clause is about disclosure after all.
DISCLOSURE = re.compile(r"信息公开|依申请|公开申请|政务公开|政府信息")
_ANY = re.compile("|".join(f"(?P<{kind}>{words})" for kind, words in OTHER_DOMAINS.items()))


def other_domain(text: str) -> str | None:
    """The kind of another domain's subject that ``text`` (a clause before a figure) names without naming
    disclosure work, or None."""
    if DISCLOSURE.search(text):
        return None
    for m in _ANY.finditer(text):
        if not _LISTED.match(text, m.end()) and text[max(0, m.start() - 1) : m.start()] != "、":
            return m.lastgroup  # one kind among others listed (规划、统计、…公务员招考等方面信息) is not the subject
    return None


#: What follows a kind of item that is one of a list.
_LISTED = re.compile(r"[^，。；、]{0,3}(?:、|等)")
