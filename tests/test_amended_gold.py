"""Gold written as the amending khoản is read as the khoản it rewrites (real corpus: NĐ 58/2026 amends NĐ 70/2024)."""

from __future__ import annotations

from evals.amended_gold import read_as_amended, rewritten_provisions
from evals.dataset import Dataset, EvalQuestion, GoldRef
from tests.helpers import parsed_index

ND58, ND70 = "58/2026/NĐ-CP", "70/2024/NĐ-CP"


def test_each_amending_khoan_maps_to_the_one_provision_it_rewrites():
    rewritten = rewritten_provisions(parsed_index().documents)
    assert rewritten[(ND58, 5, 2)] == (ND70, 4, 2)  # 'Sửa đổi, bổ sung khoản 2 Điều 4 như sau'
    assert rewritten[(ND58, 5, 4)] == (ND70, 6, None)  # khoản 2 and 3 of Điều 6: the article
    assert rewritten[(ND58, 5, 6)] == (ND70, 11, None)  # its điểm a–c rewrite three khoản of Điều 11
    assert (ND58, 5, 16) not in rewritten  # a phrase replaced in several articles names no one provision
    assert (ND58, 5, 17) not in rewritten  # the annex is no article
    assert all(so_hieu == ND58 for so_hieu, _, _ in rewritten)


def test_a_dataset_names_the_rewritten_khoan_once():
    both = EvalQuestion("q1", "Thông tin dân cư sai thì sửa ở đâu?", "procedure", True,
                        gold=(GoldRef(ND58, 5, 2), GoldRef(ND70, 4, 2)))
    other = EvalQuestion("q2", "Thủ tục kết nối?", "procedure", True, gold=(GoldRef("46/2022/TT-BCA", 7),))
    read = read_as_amended(Dataset("d", (both, other)), parsed_index().documents)
    assert read.questions[0].gold == (GoldRef(ND70, 4, 2),)
    assert read.questions[1] is other
