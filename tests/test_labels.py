from pipeline.template.labels import Numbering, label_index
from pipeline.template.normalize import normalize_label


def _scan(text):
    return [(m.numbering, sorted((r.table, r.kind, r.ident) for r in m.refs)) for m in label_index().scan(text)]


def test_normalisation_folds_width_script_spacing_and_punctuation():
    assert normalize_label("（二）部分公开（区分处理的，只计这一情形）") == normalize_label("(二)部分公开(区分处理的,只计这一情形)")
    assert normalize_label("對外公開 總數量") == "对外公开总数量"
    assert normalize_label("三 、本 年 度 办 理 结 果") == "三本年度办理结果"


def test_numbering_styles_are_kept_apart_from_the_label():
    [(numbering, refs)] = _scan("（七）总计")
    assert numbering == Numbering("paren", 7)
    assert ("requests", "row", "total_processed") in refs
    [(numbering, _)] = _scan("2.其他法律行政法规禁止公开")
    assert numbering == Numbering("arabic", 2)
    [(numbering, _)] = _scan("四、结转下年度继续办理")
    assert numbering == Numbering("dun", 4)


def test_run_together_header_is_split_into_its_labels():
    found = [refs[0][2] for _, refs in _scan("第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数行政规范性文件")]
    assert found == ["1", "信息内容", "made", "repealed", "in_force", "normative_docs"]


def test_typo_in_a_label_is_matched_fuzzily():
    [match] = label_index().scan("2.其他法律行政止公开")
    assert [r.ident for r in match.refs] == ["denied_prohibited_by_law"]
    assert 80 <= match.score < 100


def test_short_printed_form_of_a_long_label():
    [match] = label_index().scan("（二）部分公开")
    assert [r.ident for r in match.refs] == ["partially_granted"]


def test_unknown_text_matches_nothing():
    assert label_index().scan("为群众提供表达诉求、建言献策的平台") == []
