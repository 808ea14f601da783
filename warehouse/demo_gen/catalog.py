"""The demo company Lumora: its products, prices, costs, channel SKUs, ad campaigns and calendar of events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

MARKETPLACES = ("amazon.com", "amazon.de", "amazon.co.jp", "tiktok.us", "shopify")
AMAZON = ("amazon.com", "amazon.de", "amazon.co.jp")
CURRENCY = {"amazon.com": "USD", "amazon.de": "EUR", "amazon.co.jp": "JPY", "tiktok.us": "USD", "shopify": "USD"}
# where each marketplace's stock sits: FBA per Amazon marketplace, one US 3PL for TikTok and Shopify
STOCK_POINT = {"amazon.com": "amazon.com", "amazon.de": "amazon.de", "amazon.co.jp": "amazon.co.jp",
               "tiktok.us": "LA-3PL", "shopify": "LA-3PL"}  # fmt: skip
DESTINATIONS = ("amazon.com", "amazon.de", "amazon.co.jp", "LA-3PL")
OWN_WAREHOUSES = ("Shenzhen-DC", "LA-3PL")
STORY_BEST_SELLER = "CAM-4K-BLK"  # amazon.com: positive gross profit, negative net profit
STORY_STOCKOUT = ("amazon.com", "CAM-5K-PRO")  # runs out before Black Friday 2026
STORY_SLOW_MOVER = ("amazon.com", "MNT-DOG")  # aged stock > 180 days
STORY_HOT_CAMPAIGN = "SP - Selfie Stick - Auto"  # ACoS far above break-even
COST_RISE = date(2026, 6, 1)  # supplier price increase on cameras


@dataclass
class Product:
    sku: str
    name_en: str
    name_zh: str
    category: str
    usd: float  # list price on amazon.com / tiktok / shopify
    cost_cny: float  # purchase cost per unit before COST_RISE
    daily: float  # amazon.com units per day at the start (Nov 2024 before seasonality)
    launch: date = date(2024, 6, 1)
    size: float = 0.02  # cubic feet per unit
    mp_share: dict = field(default_factory=dict)  # marketplace -> demand relative to amazon.com
    alias: dict = field(default_factory=dict)  # marketplace -> channel SKU when it differs from the master SKU

    @property
    def is_camera(self) -> bool:
        return self.category == "camera"

    def price(self, mp: str) -> float:
        """Returns the list price in the marketplace's currency (DE/JP prices include VAT / consumption tax)."""
        if mp == "amazon.de":
            return round(self.usd * 1.08) - 0.01
        if mp == "amazon.co.jp":
            return float(round(self.usd * 152, -1) - 20)
        if mp == "shopify":
            return self.usd + 5.0 if self.is_camera else self.usd
        return self.usd

    def channel_sku(self, mp: str) -> str:
        return self.alias.get(mp, self.sku)


def _p(sku, en, zh, cat, usd, cost, daily, **kw) -> Product:
    return Product(sku, en, zh, cat, usd, cost, daily, **kw)


SHARE = {"amazon.de": 0.35, "amazon.co.jp": 0.25, "tiktok.us": 0.18, "shopify": 0.12}
ACC_SHARE = {"amazon.de": 0.3, "amazon.co.jp": 0.3, "tiktok.us": 0.25, "shopify": 0.08}
CATALOG: list[Product] = [
    _p("CAM-4K-BLK", "Lumora 4K Action Camera Black", "Lumora 4K运动相机 黑色", "camera", 129.99, 460, 9.0,
       size=0.09, mp_share=SHARE, alias={"tiktok.us": "LMR4K-BK", "amazon.de": "CAM-4K-BLK-DE"}),
    _p("CAM-4K-WHT", "Lumora 4K Action Camera White", "Lumora 4K运动相机 白色", "camera", 129.99, 462, 2.6,
       size=0.09, mp_share=SHARE, alias={"tiktok.us": "LMR4K-WH"}),
    _p("CAM-5K-PRO", "Lumora 5K Pro Action Camera", "Lumora 5K专业运动相机", "camera", 249.99, 860, 3.2,
       launch=date(2025, 4, 1), size=0.1, mp_share=SHARE, alias={"shopify": "LUM-5KPRO"}),
    _p("CAM-MINI", "Lumora Mini Thumb Camera", "Lumora 拇指相机", "camera", 79.99, 255, 3.0, size=0.05,
       mp_share=SHARE, alias={"tiktok.us": "LMR-MINI"}),
    _p("CAM-360", "Lumora 360 Camera", "Lumora 全景相机", "camera", 299.99, 1040, 1.2, launch=date(2026, 3, 1),
       size=0.1, mp_share=SHARE),
    _p("MNT-HELMET", "Helmet Mount Kit", "头盔支架套装", "mount", 19.99, 18, 3.5, mp_share=ACC_SHARE),
    _p("MNT-CHEST", "Chest Harness Mount", "胸带支架", "mount", 24.99, 24, 2.2, mp_share=ACC_SHARE),
    _p("MNT-BIKE", "Bike Handlebar Mount", "自行车把支架", "mount", 17.99, 15, 2.4, mp_share=ACC_SHARE,
       alias={"amazon.co.jp": "MNT-BIKE-JP"}),
    _p("MNT-SUCTION", "Car Suction Cup Mount", "汽车吸盘支架", "mount", 22.99, 21, 1.1, mp_share=ACC_SHARE),
    _p("MNT-TRIPOD", "Mini Tripod", "迷你三脚架", "mount", 15.99, 12, 2.0, mp_share=ACC_SHARE),
    _p("MNT-WRIST", "Wrist Strap Mount", "手腕带支架", "mount", 12.99, 8, 1.0, mp_share=ACC_SHARE),
    _p("MNT-DOG", "Dog Harness Mount", "宠物胸带支架", "mount", 29.99, 30, 0.35, size=0.06, mp_share={}),
    _p("BAT-1800", "1800mAh Battery", "1800毫安电池", "battery", 19.99, 22, 3.8, mp_share=ACC_SHARE),
    _p("BAT-3PK", "Battery 3-Pack with Charger", "电池三件套含充电器", "battery", 39.99, 62, 4.2, size=0.04,
       mp_share=ACC_SHARE, alias={"amazon.de": "BAT-3PK-EU"}),
    _p("CHG-DUAL", "Dual USB-C Charger", "双充充电器", "battery", 16.99, 16, 1.5, mp_share=ACC_SHARE),
    _p("CHG-TRIPLE", "Triple Charger", "三充充电器", "battery", 24.99, 26, 0.9, mp_share=ACC_SHARE),
    _p("CASE-DIVE", "Dive Housing 45m", "45米潜水壳", "case", 29.99, 28, 2.3, size=0.05, mp_share=ACC_SHARE),
    _p("CASE-HARD", "Hard Carry Case", "硬壳收纳包", "case", 21.99, 20, 1.6, size=0.12, mp_share=ACC_SHARE),
    _p("CASE-SOFT", "Soft Pouch", "软收纳袋", "case", 9.99, 5, 0.9, mp_share=ACC_SHARE),
    _p("SD-64", "microSD 64GB V30", "64GB存储卡", "sd_card", 11.99, 22, 2.2, size=0.005, mp_share=ACC_SHARE),
    _p("SD-128", "microSD 128GB V30", "128GB存储卡", "sd_card", 17.99, 36, 3.0, size=0.005, mp_share=ACC_SHARE,
       alias={"shopify": "LUM-SD128"}),
    _p("SD-256", "microSD 256GB V30", "256GB存储卡", "sd_card", 29.99, 68, 1.2, size=0.005, mp_share=ACC_SHARE),
    _p("ACC-SELFIE", "Extendable Selfie Stick", "伸缩自拍杆", "accessory", 19.99, 17, 2.8, mp_share=ACC_SHARE),
    _p("ACC-FLOAT", "Floating Hand Grip", "漂浮手柄", "accessory", 12.99, 9, 1.2, mp_share=ACC_SHARE),
    _p("ACC-LENS", "Lens Protector 2-Pack", "镜头保护膜两片装", "accessory", 8.99, 3, 1.8, size=0.005,
       mp_share=ACC_SHARE),
    _p("ACC-MIC", "Clip-on Microphone", "领夹麦克风", "accessory", 34.99, 45, 1.0, launch=date(2025, 9, 1),
       mp_share=ACC_SHARE),
    _p("ACC-LIGHT", "LED Fill Light", "LED补光灯", "accessory", 18.99, 19, 0.8, mp_share=ACC_SHARE),
    _p("ACC-FILTER", "ND Filter Set", "ND滤镜套装", "accessory", 24.99, 20, 0.7, mp_share=ACC_SHARE),
    _p("ACC-REMOTE", "Wireless Remote", "无线遥控器", "accessory", 21.99, 23, 0.6, mp_share=ACC_SHARE),
    _p("KIT-STARTER", "Starter Accessory Kit 50-in-1", "50合1配件套装", "kit", 39.99, 48, 1.6, size=0.15,
       mp_share=ACC_SHARE, alias={"tiktok.us": "LMR-KIT50"}),
    _p("KIT-VLOG", "Vlog Kit", "Vlog套装", "kit", 59.99, 88, 0.8, size=0.12, launch=date(2025, 5, 1),
       mp_share=ACC_SHARE),
]  # fmt: skip

# referral fee share of the item price, FBA fulfilment fee per unit in local currency
REFERRAL = {"camera": 0.08, "sd_card": 0.08}
FBA_FEE = {"amazon.com": (6.12, 3.86), "amazon.de": (5.10, 3.35), "amazon.co.jp": (540.0, 318.0)}
REFUND_RATE = {"camera": 0.085, "kit": 0.05}
VAT = {"amazon.de": 0.19, "amazon.co.jp": 0.10}
US_TAX = 0.0825

# campaigns per Amazon marketplace: (name, ad group, SKUs, target ACoS, cost per click in local currency)
CAMPAIGNS = {
    "amazon.com": [
        ("SP - CAM-4K - Exact", "4K camera exact", ("CAM-4K-BLK", "CAM-4K-WHT"), 0.36, 1.35),
        ("SP - CAM-4K - Broad", "4K camera broad", ("CAM-4K-BLK",), 0.44, 1.20),
        ("SP - 5K Pro - Exact", "5K pro exact", ("CAM-5K-PRO",), 0.18, 1.60),
        ("SP - Mini - Broad", "mini cam", ("CAM-MINI", "CAM-360"), 0.22, 0.95),
        ("SP - Accessories - Auto", "accessories auto", ("BAT-3PK", "SD-128", "MNT-HELMET", "CASE-DIVE"), 0.17, 0.55),
        (STORY_HOT_CAMPAIGN, "selfie stick auto", ("ACC-SELFIE",), 0.95, 0.70),
    ],
    "amazon.de": [
        ("SP - DE - Kamera 4K", "Kamera 4K", ("CAM-4K-BLK",), 0.30, 1.05),
        ("SP - DE - Zubehör Auto", "Zubehör", ("BAT-3PK", "MNT-HELMET"), 0.18, 0.45),
    ],
    "amazon.co.jp": [
        ("SP - JP - 4Kカメラ", "4Kカメラ", ("CAM-4K-BLK", "CAM-MINI"), 0.28, 95.0),
        ("SP - JP - アクセサリー", "アクセサリー", ("SD-128", "BAT-1800"), 0.16, 40.0),
    ],
}

# event windows: (first day, last day, demand multiplier, deal discount, which channels)
EVENTS = [
    (date(2024, 11, 29), date(2024, 12, 2), 3.4, 0.2, "all"),
    (date(2025, 7, 8), date(2025, 7, 11), 3.0, 0.2, "amazon"),
    (date(2025, 11, 28), date(2025, 12, 1), 3.5, 0.2, "all"),
    (date(2026, 7, 14), date(2026, 7, 17), 3.0, 0.2, "amazon"),
    (date(2026, 11, 27), date(2026, 11, 30), 3.5, 0.2, "all"),
]
CHINESE_NEW_YEAR = (date(2025, 1, 29), date(2026, 2, 17))
MONTH_FACTOR = {1: 0.8, 2: 0.78, 3: 0.9, 4: 0.95, 5: 1.0, 6: 1.08, 7: 1.1, 8: 0.78, 9: 0.85, 10: 1.0, 11: 1.3,
                12: 1.55}  # fmt: skip
