"""The words of a generated report around its tables: title, section 一's sentences, sections 五 and 六.

Every renderer of synth/ prints the same text, so a figure stated in prose reads the same in HTML, text, PDF and Word.
"""

from __future__ import annotations

import re

from pipeline.template.editions import TEMPLATE_2019, TEMPLATE_2021
from pipeline.template.printed import edition_of

_SUBHEADING = re.compile(r"（[一二三四五六七八九十]{1,3}）[^。，；：]{1,30}")

_NOTICES = {
    TEMPLATE_2019.name: "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
    "（国办公开办函〔2019〕60号）",
    TEMPLATE_2021.name: "《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉"
    "的通知》（国办公开办函〔2021〕30号）",
}

#: Section 一's sub-headings, the prose metrics told under each, and a lead sentence without numbers.
_SUBSECTIONS = (
    (
        "（一）主动公开",
        (
            "info_published",
            "policy_interpretations",
            "press_conferences",
            "online_interviews",
            "exec_meetings",
        ),
        "坚持以公开为常态、不公开为例外，围绕中心工作及时准确发布权威信息，持续加大重点领域信息公开力度。",
    ),
    (
        "（二）依申请公开",
        ("requests_received", "admin_reviews", "admin_suits"),
        "严格按照《条例》规定的程序和时限办理政府信息公开申请，做到依法受理、及时答复、规范告知。",
    ),
    (
        "（三）政府信息管理",
        ("gazette_issues",),
        "健全公开前保密审查机制，动态调整主动公开基本目录，做好已公开信息的清理和规范管理。",
    ),
    (
        "（四）政府信息公开平台建设",
        ("public_messages",),
        "发挥政府门户网站第一平台作用，规范政务新媒体运营，畅通政民互动渠道，及时回应社会关切。",
    ),
    (
        "（五）监督保障",
        ("training_persons", "training_sessions"),
        "将政务公开工作纳入年度绩效考核，加强业务培训和日常督查，推动各项工作任务落到实处。",
    ),
)
_PROBLEMS = (
    "本年度政务公开工作取得了一定成效，但对照上级要求和群众期盼仍存在一些不足：公开内容的全面性和"
    "及时性有待加强，政策解读的形式还不够丰富，基层工作人员业务能力有待提升。",
    "下一步，我们将进一步加强组织领导，完善工作机制，丰富解读形式，加大培训力度，不断提升政务公开工作质量。",
)
_OTHER_MATTERS = {
    TEMPLATE_2019.name: ("无其他需要报告的事项。",),
    TEMPLATE_2021.name: (
        "依据《政府信息公开信息处理费管理办法》，本年度本机关未收取政府信息公开信息处理费。",
        "无其他需要报告的事项。",
    ),
}


# --------------------------------------------------------------------------- the content model



def report_title(record: dict) -> str:
    meta = record["meta"]
    return f"{meta['agency']}{meta['year']}年政府信息公开工作年度报告"


def site_name(agency: str) -> str:
    """The portal the report sits on: 淮安市洪泽区人民政府办公室 → 淮安市洪泽区人民政府."""
    if "人民政府" in agency:
        return agency[: agency.index("人民政府") + 4]
    return agency


def page_title(record: dict) -> str:
    return f"{report_title(record)}_{site_name(record['meta']['agency'])}"


def _we(agency: str) -> str:
    """How the report names its own jurisdiction: 我区 / 我市 / 我县."""
    scope = agency.split("人民政府")[0]
    hits = [(scope.rfind(ch), ch) for ch in "区市县" if ch in scope]
    return f"我{max(hits)[1]}" if hits else "本机关"


def prose_sentence(text: str, year: int, agency: str) -> str:
    """A sentence around a verbatim prose span: ``2023年，我区`` + text + ``。``."""
    if text[:1].isdigit() or text.startswith("全"):
        return f"{text}。"
    return f"{year}年，{_we(agency)}{text}。"


def intro_paragraphs(record: dict) -> list[str]:
    meta = record["meta"]
    year, agency = meta["year"], meta["agency"]
    return [
        f"根据《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）和{_NOTICES[edition_of(record)]}"
        f"要求，现公布{report_title(record)}。本报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。",
        f"本报告电子版可在{site_name(agency)}门户网站“政府信息公开年报”栏目查阅或下载。如对本报告有疑问，"
        f"请与{agency}政务公开办公室联系。",
    ]


def custom_paragraphs(record: dict, section: str) -> list[str] | None:
    """The paragraphs a record brings for section ``一`` or ``五`` (``record["_paragraphs"]``), or None."""
    paragraphs = record.get("_paragraphs") or {}
    return list(paragraphs[section]) if section in paragraphs else None


def problems_paragraphs(record: dict | None = None) -> tuple[str, ...]:
    """Section 五's text, without figures (shared with the PDF renderer), or the record's own paragraphs."""
    custom = custom_paragraphs(record or {}, "五")
    return _PROBLEMS if custom is None else tuple(custom)


def other_matters_paragraphs(record: dict) -> tuple[str, ...]:
    """Section 六's text for the record's edition (shared with the PDF renderer)."""
    return _OTHER_MATTERS[edition_of(record)]


def overview_blocks(record: dict) -> list[tuple[str, str]]:
    """Section 一 as ("sub", heading) / ("para", text) blocks; every prose entry told once, verbatim.

    A record with ``_paragraphs["一"]`` gets those paragraphs instead (a short ``（一）…`` line is a sub-heading).
    """
    custom = custom_paragraphs(record, "一")
    if custom is not None:
        return [("sub" if _SUBHEADING.fullmatch(p) else "para", p) for p in custom]
    meta = record["meta"]
    placed: dict[int, list[str]] = {}
    for entry in record.get("prose", []):
        at = next((i for i, s in enumerate(_SUBSECTIONS) if entry["metric"] in s[1]), 0)
        placed.setdefault(at, []).append(prose_sentence(entry["text"], meta["year"], meta["agency"]))
    blocks: list[tuple[str, str]] = [
        (
            "para",
            f"{meta['year']}年，{meta['agency']}认真贯彻落实《条例》和上级部署，扎实推进政务公开各项工作。",
        )
    ]
    for i, (heading, _, lead) in enumerate(_SUBSECTIONS):
        blocks.append(("sub", heading))
        blocks.append(("para", lead + "".join(placed.get(i, []))))
    return blocks


