"""Minutes content: the Markdown text and the XLSX cells read back with openpyxl."""

import io
from datetime import date, datetime

import openpyxl

from metrics.meeting.minutes import Minutes, SectionMinutes, minutes_markdown, minutes_xlsx


def sample(language: str = "en") -> Minutes:
    return Minutes(
        title="October review", period_start=date(2026, 10, 1), period_end=date(2026, 10, 31),
        snapshot_at=datetime(2026, 11, 3, 9, 0), planned_minutes=240, language=language,
        attendees=["Chen (sales)", "Wang (supply chain)"],
        sections=[
            SectionMinutes("opening", "Opening", "Lin", 15),
            SectionMinutes("finance", "Finance", "Zhao", 30,
                           "October net profit ¥1.23M, 82 % of target; gap ¥270k",
                           [("Net profit", "¥1.23M"), ("Net margin", "12.5 %")]),
        ],
        krs=[{"objective": "Profitable growth", "kr": "Net profit ¥1.5M", "value": "¥1.23M", "target": "¥1.50M",
              "attainment": "82 %", "forecast_attainment": "82 %", "status": "at risk"}],
        decisions=["Pause DRONE-MINI exact-match campaign"],
        actions=[{"title": "=HYPERLINK(\"http://x\")", "owner": "Wang", "due_date": date(2026, 11, 10),
                  "link": "Supply chain", "status": "open"}],
    )  # fmt: skip


def test_markdown_minutes():
    text = minutes_markdown(sample())
    assert text.startswith(
        "# Minutes: October review\n\n- Period: 2026-10-01 – 2026-10-31\n- Data as of: 2026-11-03 09:00\n"
    )
    assert "- Attendees: Chen (sales), Wang (supply chain)\n" in text
    assert "| Opening | Lin | 15 |\n| Finance | Zhao | 30 |\n" in text
    assert (
        "## Finance\n\n**October net profit ¥1.23M, 82 % of target; gap ¥270k**\n\n- Net profit: ¥1.23M\n- Net margin: 12.5 %\n"
        in text
    )
    assert "| Profitable growth | Net profit ¥1.5M | ¥1.23M | ¥1.50M | 82 % | 82 % | at risk |" in text
    assert "## Decisions\n\n1. Pause DRONE-MINI exact-match campaign\n" in text
    assert '| =HYPERLINK("http://x") | Wang | 2026-11-10 | Supply chain | open |' in text
    zh = minutes_markdown(sample("zh"))
    assert zh.startswith("# 会议纪要: October review") and "## 行动项" in zh and "| 事项 | 负责人 | 截止日期 |" in zh


def test_xlsx_minutes_read_back():
    book = openpyxl.load_workbook(io.BytesIO(minutes_xlsx(sample())))
    assert book.sheetnames == ["Summary", "Sections", "KRs", "Decisions", "Actions"]
    summary = [[c.value for c in r] for r in book["Summary"].iter_rows(min_row=2)]
    assert summary[0] == ["Minutes", "October review"]
    assert summary[3] == ["Planned duration", 240]
    assert summary[4] == ["Attendees", "Chen (sales), Wang (supply chain)"]
    assert summary[6] == ["Presenter: Finance", "Zhao"]
    sections = [[c.value for c in r] for r in book["Sections"].iter_rows(min_row=2)]
    assert sections[1] == ["Finance", "Zhao", 30, "Headline", "October net profit ¥1.23M, 82 % of target; gap ¥270k"]
    assert sections[2] == ["Finance", None, None, "Net profit", "¥1.23M"]
    kr = [c.value for c in next(book["KRs"].iter_rows(min_row=2))]
    assert kr == ["Profitable growth", "Net profit ¥1.5M", "¥1.23M", "¥1.50M", "82 %", "82 %", "at risk"]
    assert [c.value for c in next(book["Decisions"].iter_rows(min_row=2))] == [
        1,
        "Pause DRONE-MINI exact-match campaign",
    ]
    action = next(book["Actions"].iter_rows(min_row=2))
    # written as text, never as a formula
    assert action[0].value == '=HYPERLINK("http://x")' and action[0].data_type == "s"
    assert [c.value for c in action[1:]] == ["Wang", "2026-11-10", "Supply chain", "open"]


def test_xlsx_minutes_in_the_meetings_language():
    """A meeting held in Chinese gets Chinese sheet names and header rows; one held in English, English ones."""
    book = openpyxl.load_workbook(io.BytesIO(minutes_xlsx(sample("zh"))))
    assert book.sheetnames == ["概要", "议题", "关键结果", "决议", "行动项"]
    heads = {name: [c.value for c in next(book[name].iter_rows(max_row=1))] for name in book.sheetnames}
    assert heads == {
        "概要": ["项目", "内容"],
        "议题": ["议题", "汇报人", "分钟", "指标", "数值"],
        "关键结果": ["目标", "关键结果", "数值", "目标值", "完成率", "预测完成率", "状态"],
        "决议": ["#", "决议"],
        "行动项": ["事项", "负责人", "截止日期", "关联", "状态"],
    }
    assert [c.value for c in next(book["概要"].iter_rows(min_row=5, max_row=5))] == ["计划时长", 240]
    en = openpyxl.load_workbook(io.BytesIO(minutes_xlsx(sample("en"))))
    assert [c.value for c in next(en["Summary"].iter_rows(max_row=1))] == ["Field", "Value"]
    # no sheet or header cell of the Chinese workbook is English (ASCII letters), "#" aside
    assert not [h for row in heads.values() for h in row if h != "#" and any("a" <= ch.lower() <= "z" for ch in h)]
    assert "- 计划时长: 240 分钟" in minutes_markdown(sample("zh"))
