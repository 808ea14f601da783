"""Headers of the budget-vs-actual and target tables (shared by pages/budget.py and the meeting's finance view)."""

from __future__ import annotations

from metrics.accounts.budget import line_names
from ui.departments import CHOICES as DEPARTMENTS
from ui.plan_editors import Col

VERDICT = {"favourable": ("有利", "Favourable"), "on_budget": ("符合预算", "On budget"),
           "unfavourable": ("不利", "Unfavourable")}  # fmt: skip
MONTH_STATUS = {
    "closed": ("已结束", "Closed"),
    "running": ("进行中", "Running"),
    "not_started": ("未开始", "Not started"),
}
TARGET_STATUS = {"on_track": ("正常", "On track"), "at_risk": ("有风险", "At risk"), "off_track": ("落后", "Off track"),
                 "no_data": ("无数据", "No data")}  # fmt: skip

BUDGET_COLUMNS: dict[str, Col] = {
    "budget_line": Col("预算项目", "Budget line", "choice", line_names()),
    "department": Col("部门", "Department", "choice", DEPARTMENTS),  # defaults in the page's language
    "budget": Col("预算", "Budget", "money"),
    "actual": Col("实际", "Actual", "money"),
    "budget_to_date": Col("至今预算", "Budget to date", "money"),  # budget × days with data ÷ days in the month
    "variance": Col("至今差异", "Variance to date", "money"),  # actual to date − budget to date
    "forecast": Col("预测", "Forecast", "money"),
    "forecast_variance": Col("预测差异", "Forecast variance", "money"),
    "budget_attainment": Col("预算完成率", "Budget attainment", "pct"),
    "verdict": Col("判断", "Verdict", "choice", VERDICT),
    "month_status": Col("月份状态", "Month", "choice", MONTH_STATUS),
    "target_metric": Col("指标", "Metric"),
    "period": Col("期间", "Period"),
    "target_value": Col("目标值", "Target"),
    "current_value": Col("当前值", "Current value"),
    "target_attainment": Col("完成率", "Attainment", "pct"),
    "target_forecast_attainment": Col("预测完成率", "Forecast attainment", "pct"),
    "target_status": Col("状态", "Status", "choice", TARGET_STATUS),
}
