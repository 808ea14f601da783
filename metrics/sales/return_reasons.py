"""Readable zh/en labels for return reasons and dispositions, grouped by whose problem a return points to.

Amazon's FBA customer returns report writes reason codes (`reason`, e.g. DEFECTIVE, UNWANTED_ITEM, SWITCHEROO) and
the warehouse's grading of the unit (`detailed-disposition`, e.g. SELLABLE, CUSTOMER_DAMAGED). TikTok Shop writes
its `Cancel Reason` as text, shown as printed. A code not listed here is shown as written (underscores as spaces).
Groups: product (quality, description), customer (changed mind, ordered wrong), logistics (damaged in transit,
late, undeliverable), abuse (a different item returned), unknown.
"""

from __future__ import annotations

GROUPS = {
    "product": ("产品问题", "Product"), "customer": ("买家原因", "Customer"), "logistics": ("物流问题", "Logistics"),
    "abuse": ("疑似滥用", "Possible abuse"), "unknown": ("未说明", "Not stated"),
}  # fmt: skip

# code -> (中文, English, group)
REASONS: dict[str, tuple[str, str, str]] = {
    "DEFECTIVE": ("有缺陷/无法正常使用", "Defective / does not work", "product"),
    "QUALITY_UNACCEPTABLE": ("质量不满意", "Quality not acceptable", "product"),
    "NOT_AS_DESCRIBED": ("与描述不符", "Not as described", "product"),
    "MISSING_PARTS": ("缺少配件", "Missing parts or accessories", "product"),
    "NOT_COMPATIBLE": ("不兼容", "Not compatible", "product"),
    "PART_NOT_COMPATIBLE": ("配件不兼容", "Part not compatible", "product"),
    "DAMAGED_BY_FC": ("仓库损坏", "Damaged by the fulfilment centre", "logistics"),
    "DAMAGED_BY_CARRIER": ("运输损坏", "Damaged by the carrier", "logistics"),
    "MISSED_ESTIMATED_DELIVERY": ("未按时送达", "Missed estimated delivery", "logistics"),
    "NEVER_ARRIVED": ("未收到货", "Never arrived", "logistics"),
    "UNDELIVERABLE_REFUSED": ("拒收", "Undeliverable: refused", "logistics"),
    "UNDELIVERABLE_UNKNOWN": ("无法投递", "Undeliverable", "logistics"),
    "UNDELIVERABLE_INSUFFICIENT_ADDRESS": ("地址不全无法投递", "Undeliverable: insufficient address", "logistics"),
    "UNDELIVERABLE_FAILED_DELIVERY_ATTEMPTS": ("多次投递失败", "Undeliverable: failed attempts", "logistics"),
    "UNWANTED_ITEM": ("不再需要", "No longer needed", "customer"),
    "ORDERED_WRONG_ITEM": ("买错了", "Ordered the wrong item", "customer"),
    "FOUND_BETTER_PRICE": ("找到更低价格", "Found a better price", "customer"),
    "UNAUTHORIZED_PURCHASE": ("非本人购买", "Unauthorised purchase", "customer"),
    "EXTRA_ITEM": ("多发了商品", "Extra item included", "customer"),
    "APPAREL_TOO_SMALL": ("尺码偏小", "Too small", "customer"),
    "APPAREL_TOO_LARGE": ("尺码偏大", "Too large", "customer"),
    "APPAREL_STYLE": ("款式不喜欢", "Style not as expected", "customer"),
    "SWITCHEROO": ("退回的不是原商品", "A different item was returned", "abuse"),
    "NO_REASON_GIVEN": ("未说明原因", "No reason given", "unknown"),
}

# detailed-disposition -> (中文, English): how the returned unit was graded
DISPOSITIONS: dict[str, tuple[str, str]] = {
    "SELLABLE": ("可售（已回库）", "Sellable (back in stock)"),
    "CUSTOMER_DAMAGED": ("买家损坏", "Damaged by the customer"),
    "DEFECTIVE": ("残次", "Defective"),
    "CARRIER_DAMAGED": ("承运商损坏", "Damaged by the carrier"),
    "DISTRIBUTOR_DAMAGED": ("仓库损坏", "Damaged in the warehouse"),
    "DAMAGED": ("仓库损坏", "Damaged in the warehouse"),
    "EXPIRED": ("已过期", "Expired"),
}


def _plain(code: str) -> str:
    return code.replace("_", " ").strip().capitalize() if code.isupper() else code


def reason_label(code: str | None, lang: str = "zh") -> str:
    """Returns the reason's name in `lang` ("zh"/"en"); an unlisted code or a printed TikTok reason as written."""
    code = code or "NO_REASON_GIVEN"
    hit = REASONS.get(code.upper())
    if hit:
        return hit[0] if lang == "zh" else hit[1]
    return _plain(code)


# words of a printed (TikTok) reason -> group, first match wins
TEXT_GROUPS = (("damaged", "logistics"), ("wrong item sent", "logistics"), ("not received", "logistics"),
               ("late", "logistics"), ("defective", "product"), ("match", "product"), ("missing", "product"),
               ("quality", "product"), ("no longer", "customer"), ("changed", "customer"),
               ("mistake", "customer"))  # fmt: skip


# words of a printed (TikTok) reason -> the returns report's code it means, first match wins; unmatched text stays
TEXT_CODES = (("match", "NOT_AS_DESCRIBED"), ("not as described", "NOT_AS_DESCRIBED"), ("damaged", "DAMAGED_BY_CARRIER"),
              ("defective", "DEFECTIVE"), ("not work", "DEFECTIVE"), ("missing", "MISSING_PARTS"),
              ("not received", "NEVER_ARRIVED"), ("never arrived", "NEVER_ARRIVED"), ("quality", "QUALITY_UNACCEPTABLE"),
              ("no longer", "UNWANTED_ITEM"), ("changed my mind", "UNWANTED_ITEM"),
              ("by mistake", "ORDERED_WRONG_ITEM"), ("better price", "FOUND_BETTER_PRICE"))  # fmt: skip


def canonical_reason(code: str | None) -> str:
    """Returns the returns report's reason code for `code`, or for a printed reason whose words name one (so
    "Item doesn't match description" and NOT_AS_DESCRIBED count as one reason); other text as written."""
    code = (code or "").strip() or "NO_REASON_GIVEN"
    if code.upper() in REASONS:
        return code.upper()
    text = code.lower()
    return next((c for word, c in TEXT_CODES if word in text), code)


def reason_group(code: str | None) -> str:
    """Returns the reason's group id (product, customer, logistics, abuse, unknown); a printed reason by its words."""
    code = code or "NO_REASON_GIVEN"
    hit = REASONS.get(code.upper())
    if hit:
        return hit[2]
    text = code.lower()
    return next((group for word, group in TEXT_GROUPS if word in text), "unknown")


def disposition_label(code: str | None, lang: str = "zh") -> str | None:
    """Returns the disposition's name in `lang`; None when the source grades nothing (TikTok)."""
    if not code:
        return None
    hit = DISPOSITIONS.get(code.upper())
    return (hit[0] if lang == "zh" else hit[1]) if hit else _plain(code)
