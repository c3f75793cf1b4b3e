"""Build the Minh Long office's fund workbook, January 2018 to April 2022.

Run: python workbook/build_sample.py  (needs xlpy installed: pip install .)

Writes workbook/quy-dan-van-kheo.xlsm (the clerk's workbook: control panel,
buttons, VBA) and workbook/quy-dan-van-kheo.xlsx (the same data without
macros, for the command line and for programs that read the contract).

The figures are those of the seed report (HĐND huyện Minh Long, số 36/BC-HĐND,
20/4/2022): 50.000 đồng a member a month, 11.700.000 đồng collected by the
report date, and the eight activities of its appendix. The people and the
payment dates are invented but plausible: the office has 4 staff at the report
date; one member left in 2019, one at the end of the 2016-2021 term, one
joined in November 2020; some pay several months at once, one is two months
behind and one has paid ahead. The voucher settings (address, head of unit,
chief accountant, treasurer, preparer) and the payees of the two payments
from the fund are invented too, for the phiếu thu / phiếu chi (xlpy.vouchers);
the `Số phiếu` columns are left empty: numbers are given when vouchers print.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from xlpy import layout

HERE = Path(__file__).parent
NAME = "quy-dan-van-kheo"
RATE = 50_000
FIRST_MONTH, LAST_MONTH = date(2018, 1, 1), date(2022, 4, 1)

MEMBERS = [  # Mã, Họ và tên, Chức vụ, Ngày tham gia, Ngày rời, Mức đóng, Ghi chú
    ("TV01", "Đinh Thị Mai Sinh", "Chủ tịch HĐND huyện", date(2018, 1, 2), None, None, None),
    ("TV02", "Phạm Văn Hòa", "Phó Chủ tịch HĐND huyện", date(2018, 1, 2), None, None, None),
    (
        "TV03",
        "Đinh Văn Tâm",
        "Trưởng Ban Pháp chế HĐND huyện",
        date(2018, 1, 2),
        date(2021, 6, 30),
        None,
        "Hết nhiệm kỳ 2016-2021",
    ),
    ("TV04", "Đinh Thị Hồng Nhung", "Chuyên viên tổng hợp Văn phòng", date(2018, 1, 2), None, None, None),
    (
        "TV05",
        "Trương Công Lý",
        "Phó Trưởng Ban Kinh tế - Xã hội HĐND huyện",
        date(2018, 1, 2),
        date(2019, 6, 15),
        None,
        "Chuyển công tác",
    ),
    (
        "TV06",
        "Phạm Thị Kim Oanh",
        "Trưởng Ban Kinh tế - Xã hội HĐND huyện",
        date(2020, 11, 2),
        None,
        None,
        "Tham gia từ tháng 11/2020",
    ),
]

# (member, year, month) -> amount paid that month, where it differs from one month's rate.
EXCEPTIONS = {
    ("TV04", 2019, 1): 0,
    ("TV04", 2019, 2): 0,
    ("TV04", 2019, 3): 3 * RATE,  # pays the quarter in March
    ("TV01", 2020, 12): 0,
    ("TV01", 2021, 1): 2 * RATE,  # December paid with January
    ("TV02", 2022, 4): 3 * RATE,  # April, May and June 2022 at once: paid ahead
    ("TV06", 2022, 3): 0,
    ("TV06", 2022, 4): 0,  # two months behind at the report date
}

# Ngày, Nội dung, Đối tượng, Số suất, Tổng số tiền, Từ quỹ, Ghi chú (then Số phiếu, Người nhận tiền: see PAYEES)
SPENDING = [
    (
        date(2018, 12, 27),
        "Phối hợp với Chi bộ HĐND, Chi bộ Văn phòng thăm và tặng [Số suất] suất quà với tổng số tiền "
        "[Tổng số tiền] cho 25 hộ nghèo, gia đình chính sách khó khăn tại thôn Làng Ren, xã Long Môn và "
        "thôn Gò Tranh, xã Long Sơn.",
        "Hộ nghèo, gia đình chính sách",
        34,
        8_550_000,
        2_550_000,
        None,
    ),
    (
        date(2019, 1, 29),
        "Phối hợp Chi bộ HĐND, Tổ đại biểu HĐND xã Long Mai đến thăm và tặng [Số suất] suất quà cho các hộ "
        "gia đình có hoàn cảnh khó khăn nhân dịp Tết Nguyên đán xuân Kỷ Hợi với tổng số tiền [Tổng số tiền]",
        "Thăm hỏi, tặng quà Tết",
        8,
        8_550_000,
        None,
        None,
    ),
    (
        date(2019, 9, 5),
        "Nhân dịp khai giảng năm học 2019-2020 tặng [Số suất] suất quà cho học sinh nghèo hiếu học, với "
        "tổng số tiền là [Tổng số tiền].",
        "Học sinh nghèo",
        3,
        1_500_000,
        1_000_000,
        None,
    ),
    (
        date(2020, 9, 4),
        "Phối hợp với Chi bộ HĐND tổ chức đến thăm và tặng [Số suất] suất quà cho học sinh nghèo hiếu học "
        "với số tiền [Tổng số tiền] nhân dịp lễ khai giảng năm học 2020-2021;",
        "Học sinh nghèo",
        3,
        1_500_000,
        None,
        None,
    ),
    (
        date(2020, 9, 18),
        "Hỗ trợ các đối tượng cách ly do dịch Covid-19 trên địa bàn huyện (mua 03 thùng sữa, 02 thùng nước "
        "khoáng và 15 hộp Vitamin C) với số tiền là [Tổng số tiền].",
        "Phòng, chống dịch bệnh",
        None,
        1_630_000,
        None,
        None,
    ),
    (
        date(2021, 5, 20),
        "Phối hợp Chi bộ HĐND đã ủng hộ Quỹ “Phòng, chống Covid-19” do Ủy ban MTTQ Việt Nam huyện phát động "
        "với số tiền [Tổng số tiền].",
        "Phòng, chống dịch bệnh",
        None,
        500_000,
        None,
        None,
    ),
    (
        date(2021, 6, 10),
        "Phối hợp Chi bộ HĐND vận động cán bộ, công chức, đảng viên trong đơn vị hưởng ứng đóng góp quỹ ủng hộ "
        "phòng, chống dịch Covid-19 do các cơ quan, ban, ngành phát động với số tiền trên [Tổng số tiền].",
        "Phòng, chống dịch bệnh",
        None,
        7_000_000,
        None,
        "Số tiền vận động, làm tròn",
    ),
    (
        date(2021, 2, 8),
        "Phối hợp Chi bộ HĐND trong dịp Tết Nguyên đán Tân Sửu năm 2021 tổ chức thăm hỏi, tặng quà cho các "
        "đồng chí lãnh đạo HĐND huyện qua các thời kỳ và lão thành cách mạng với tổng số tiền là "
        "[Tổng số tiền];",
        "Thăm hỏi, tặng quà Tết",
        None,
        12_000_000,
        None,
        None,
    ),
]

PAYEES = {  # invented: who took the cash from the treasurer for the activities the fund paid for
    date(2018, 12, 27): "Đinh Thị Hồng Nhung",
    date(2019, 9, 5): "Phạm Văn Hòa",
}

CATEGORIES = [
    "Hộ nghèo, gia đình chính sách",
    "Học sinh nghèo",
    "Phòng, chống dịch bệnh",
    "Thăm hỏi, tặng quà Tết",
    "Hoạn nạn, thiên tai",
    "Khác",
]

SETTINGS = {
    "parent_body": "",
    "issuing_body": "HỘI ĐỒNG NHÂN DÂN\nHUYỆN MINH LONG",
    "place": "Minh Long",
    "number": 36,
    "symbol": "BC-HĐND",
    "report_date": date(2022, 4, 20),
    "subject": "Kết quả 05 năm thực hiện Chỉ thị số 22-CT/TU ngày 03/4/2017\n"
    "của Ban Thường vụ Tỉnh ủy về đẩy mạnh và nâng cao hiệu quả\n"
    "phong trào thi đua “Dân vận khéo”",
    "reporting_body": "Thường trực HĐND huyện Minh Long",
    "default_rate": RATE,
    "model_name": "Xây dựng quỹ để thăm hỏi và tặng quà cho hộ nghèo, gia đình chính sách khó khăn, "
    "hoạn nạn trên địa bàn huyện",
    "model_form": "Phối hợp với Chi bộ HĐND phát động trong cán bộ, đảng viên mỗi đồng chí đóng quỹ",
    "contributors": "Thường trực HĐND, Chi bộ HĐND",
    "period_from": 2017,
    "period_to": 2021,
    "appendix_title": "BÁO CÁO THỐNG KÊ\nKẾT QUẢ XÂY DỰNG VÀ TRIỂN KHAI THỰC HIỆN\nMÔ HÌNH “DÂN VẬN KHÉO”",
    "signing_authority": "TM. THƯỜNG TRỰC HĐND",
    "signer_title": "CHỦ TỊCH",
    "signer": "Đinh Thị Mai Sinh",
    "recipients": [
        "Thường trực Huyện ủy",
        "CT, PCT HĐND huyện",
        "Ban Dân vận Huyện ủy",
        "Các Ban HĐND huyện",
        "VP: PCVP, CVTH",
        "Lưu: VT",
    ],
    "zero_tens": "linh",
    # Vouchers (invented, like the members)
    "unit_address": "Thị trấn Long Hiệp, huyện Minh Long, tỉnh Quảng Ngãi",
    "head_of_unit": "Đinh Thị Mai Sinh",
    "chief_accountant": "Nguyễn Thị Thu Hà",
    "treasurer": "Đinh Thị Hồng Nhung",
    "preparer": "Phạm Thị Kim Oanh",
    "voucher_book": "01",
    "receipt_mode": "Theo từng lần nộp",
    "report_chart": "Có",
}

H, P = True, False
TEXT = [
    (
        "Mở đầu",
        P,
        "Thực hiện Công văn số 455-CV/HU ngày 12/4/2022 của Ban Dân vận Huyện ủy Minh Long về sơ kết "
        "05 năm thực hiện Chỉ thị số 22-CT/TU ngày 03/4/2017 của Ban Thường vụ Tỉnh ủy. Thường trực HĐND huyện "
        "báo cáo kết quả thực hiện phong trào thi đua “Dân vận khéo” như sau:",
    ),
    ("I", H, "I. Khái quát tình hình chung"),
    (
        "I",
        P,
        "Trong thời gian qua, hoạt động của HĐND đã có nhiều chuyển biến tích cực, có hiệu lực và hiệu "
        "quả, đáp ứng cơ bản các yêu cầu về cải thiện, nâng cao đời sống và phát huy dân chủ của Nhân dân. Lề lối "
        "và phương thức làm việc được đổi mới; công tác chuẩn bị và tổ chức các kỳ họp HĐND cơ bản được thực hiện "
        "đúng trình tự, thủ tục theo quy định, nhất là việc tiếp thu ý kiến chỉ đạo của cấp trên và tiến hành tổ "
        "chức họp liên tịch giữa các cơ quan, đơn vị; chuẩn bị chu đáo các dự thảo báo cáo nội dung thông qua phục "
        "vụ kỳ họp, từng bước nâng cao chất lượng kỳ họp. Đối với công tác dân vận, Thường trực HĐND huyện luôn xác "
        "định công tác dân vận là trách nhiệm của tất cả cán bộ, đảng viên trong đơn vị và phải làm công tác dân "
        "vận theo chức trách, nhiệm vụ của mình; phong trào thi đua “Dân vận khéo” đã đi vào đời sống và lan tỏa "
        "trên tất cả các lĩnh vực hoạt động của HĐND huyện.",
    ),
    ("II", H, "II. Kết quả thực hiện phong trào thi đua dân vận khéo:"),
    ("II", H, "1. Công tác tham mưu lãnh đạo, chỉ đạo"),
    (
        "II",
        P,
        "- Thường trực HĐND huyện thường xuyên phối hợp với Chi bộ HĐND tổ chức quán triệt đến cán bộ, "
        "đảng viên HĐND, các cơ quan, đơn vị liên quan và Thường trực HĐND các xã về quan điểm, chủ trương của "
        "Đảng, chính sách pháp luật của Nhà nước và tư tưởng dân vận của Chủ tịch Hồ Chí Minh, các văn bản chỉ đạo "
        "của cấp trên về công tác dân vận chính quyền, công tác dân vận khéo. Nghiêm túc thực hiện tốt các nội dung "
        "thực hiện theo Kế hoạch số 42-KH/HU ngày 25/5/2017 của Ban Thường vụ Huyện ủy về triển khai thực hiện Chỉ "
        "thị số 22-CT/TU ngày 03/4/2017 của Ban thường vụ Tỉnh ủy về đẩy mạnh và nâng cao hiệu quả phong trào thi "
        "đua “Dân vận khéo”, Hướng dẫn số 01-HD/BDVHU ngày 31/5/2017 về xây dựng mô hình, điển hình “Dân vận khéo”.",
    ),
    (
        "II",
        P,
        "- Ngoài ra, Thường trực HĐND quán triệt triển khai các văn bản chỉ đạo của các cấp về công tác dân "
        "vận như: Chỉ thị số 16/CT-TTg ngày 16/5/2016 của Thủ tướng Chính phủ về tăng cường và đổi mới công tác "
        "dân vận trong cơ quan hành chính nhà nước, chính quyền các cấp trong tình hình mới; thực hiện tốt phong "
        "trào thi đua “Dân vận khéo” gắn với việc học tập và làm theo tấm gương đạo đức Hồ Chí Minh; Quyết định số "
        "290-QĐ/TW ngày 25/02/2010 của Bộ Chính trị về việc ban hành Quy chế công tác dân vận của hệ thống chính "
        "trị và Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư Trung ương Đảng về nâng cao hiệu quả công tác "
        "dân vận của cơ quan nhà nước các cấp; Chỉ thị số 08-CT/TU ngày 25/5/2021 của Ban Thường vụ Tỉnh ủy về "
        "nâng cao hiệu quả công tác dân vận của các cơ quan hành chính nhà nước và gắn liền với việc thực hiện cải "
        "cách thủ tục hành chính.",
    ),
    ("II", H, "2. Kết quả thực hiện phong trào thi đua Dân vận khéo"),
    ("III", H, "III. Đánh giá chung"),
    (
        "III",
        P,
        "1. Ưu điểm: Việc thực hiện công tác dân vận đã được Thường trực HĐND huyện quan tâm chỉ đạo, lãnh "
        "đạo, phân công nhiệm vụ cho cán bộ thực hiện và duy trì tốt việc thực hiện quy chế dân chủ tại cơ quan, "
        "đơn vị. Mô hình về “Dân vận khéo” được phát huy góp phần huy động được sức mạnh, đoàn kết, thống nhất của "
        "cán bộ, đảng viên HĐND huyện phấn đấu hoàn thành xuất sắc các nhiệm vụ, chỉ tiêu kế hoạch được giao hằng "
        "năm.",
    ),
    (
        "III",
        P,
        "2. Hạn chế: Công tác tuyên truyền, phổ biến các nội dung thực hiện phong trào thi đua “Dân vận "
        "khéo” chỉ thực hiện trực tiếp văn bản chỉ đạo của Huyện ủy và lồng ghép với các nội dung chương trình "
        "khác, không cụ thể hóa văn bản của Thường trực, BTV Huyện ủy. Đơn vị chỉ xây dựng 01 mô hình “Dân vận "
        "khéo” từ năm 2018 và duy trì cho đến nay.",
    ),
    (
        "III",
        P,
        "3. Nguyên nhân: Số lượng cán bộ trong đơn vị Thường trực HĐND và các Ban HĐND huyện chỉ có 04 "
        "đồng chí, phần lớn tập trung vào công tác chuyên môn, lĩnh vực, ngành phụ trách, cùng một lúc phải thực "
        "hiện nhiệm vụ trên nhiều cương vị khác nhau, nên chưa dành nhiều thời gian để tập trung xây dựng các mô "
        "hình “Dân vận khéo” khác do địa phương phát động.",
    ),
    ("IV", H, "IV. Phương hướng, giải pháp thực hiện phong trào thi đua Dân vận khéo trong thời gian tới:"),
    (
        "IV",
        P,
        "1. Tiếp tục quán triệt, triển khai thực hiện có hiệu quả các chủ trương, chính sách pháp luật của "
        "Đảng, Nhà nước về công tác dân vận; Gắn việc thực hiện phong trào thi đua “Dân vận khéo” với việc đẩy mạnh "
        "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh trong đơn vị và chỉ đạo Thường trực HĐND các "
        "xã thực hiện.",
    ),
    (
        "IV",
        P,
        "2. Phát huy vai trò, trách nhiệm của người đứng đầu cơ quan, đơn vị trong chỉ đạo và tổ chức thực "
        "hiện công tác dân vận gắn với quy chế dân chủ trong đơn vị. Trong lãnh đạo, chỉ đạo và triển khai, tổ "
        "chức thực hiện phong trào thi đua “Dân vận khéo” cần bám sát nhiệm vụ chính trị của địa phương, cơ quan, "
        "đơn vị và thực tiễn của phong trào để định hướng giải pháp thực hiện sát và đem lại hiệu quả chất lượng "
        "cao.",
    ),
    (
        "IV",
        P,
        "3. Gắn việc thực hiện phong trào thi đua “Dân vận khéo” với các cuộc vận động và các phong trào "
        "thi đua yêu nước hằng năm của địa phương phát động; lựa chọn thêm mô hình phù hợp để triển khai thực hiện "
        "tại đơn vị.",
    ),
    (
        "IV",
        P,
        "4. Phối hợp chặt chẽ các cơ quan, ban, ngành, Ủy ban MTTQVN, các tổ chức chính trị - xã hội huyện, "
        "Thường trực HĐND các xã trong triển khai, tổ chức thực hiện phong trào thi đua “Dân vận khéo”.",
    ),
    (
        "IV",
        P,
        "5. Cụ thể hóa văn bản của cấp trên trong tổ chức thực hiện; quán triệt Thường trực HĐND các xã "
        "lựa chọn các mô hình Dân vận khéo phù hợp để thực hiện và nhân rộng.",
    ),
    (
        "IV",
        P,
        "6. Giám sát và đề xuất biểu dương khen thưởng kịp thời những tập thể, cá nhân đại biểu HĐND "
        "(huyện, xã) tiêu biểu trong thực hiện phong trào thi đua “Dân vận khéo”.",
    ),
    (
        "Kết thúc",
        P,
        "Trên đây là Báo cáo kết quả 5 năm thực hiện phong trào thi đua “Dân vận khéo” giai đoạn "
        "2017-2021, Thường trực HĐND huyện kính báo cáo Thường trực Huyện ủy theo dõi, chỉ đạo./.",
    ),
]


def months(first: date, last: date):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def active(member, month: date) -> bool:
    joined, left = member[3], member[4]
    return (joined.year, joined.month) <= (month.year, month.month) and (
        left is None or (month.year, month.month) <= (left.year, left.month)
    )


def month_rows(month: date) -> list[tuple]:
    rows = []
    for number, member in enumerate(m for m in MEMBERS if active(m, month)):
        amount = EXCEPTIONS.get((member[0], month.year, month.month), RATE)
        paid_on = date(month.year, month.month, 5 + 2 * number) if amount else None
        note = "Nộp 3 tháng" if amount == 3 * RATE else ("Nộp 2 tháng" if amount == 2 * RATE else None)
        rows.append((member[0], member[1], amount or None, paid_on, note))
    return rows


def build(out: Path) -> Path:
    """The sample at `out`: with the control panel and buttons when it ends in .xlsm."""
    writer = layout.WorkbookWriter(out, with_buttons=out.suffix.lower() == ".xlsm")
    if writer.with_buttons:
        writer.panel()
    writer.settings(SETTINGS)
    writer.members(MEMBERS)
    for month in months(FIRST_MONTH, LAST_MONTH):
        writer.month(month, month_rows(month))
    writer.spending([(*row, None, PAYEES.get(row[0])) for row in SPENDING])
    writer.text(TEXT)
    writer.lists(CATEGORIES)
    return writer.close()


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for suffix in (".xlsm", ".xlsx"):
        print(build(folder / f"{NAME}{suffix}"))
