"""The module's configurable figures, with defaults (docs/modules/private.md).

Where DOMAIN-modules.md §2 marks a rule UNCONFIRMED it is configuration: a deployment
overrides any key in ``settings.EDUGOV_PRIVATE`` (a dict); what it does not give keeps the
default. The risk model is versioned per year: ``EDUGOV_PRIVATE["risk"][2024] = {...}``
(``engines.risk.config_from_dict`` keys) applies from 2024 until a later year's entry.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from edugov.engines.risk import DEFAULT_CONFIG, RiskConfig, config_from_dict

DEFAULTS: dict[str, Any] = {
    # Approval kinds: the documents the law asks for, and the statutory decision time.
    # 民办教育促进法 (2018) Art.12–17: 正式设立 decided within 3 months; Art.54–55:
    # 举办者变更 and 名称/层次/类别变更 within 3 months. Address, capacity and 终止 have no
    # stated time (UNCONFIRMED): the same 3 months by default.
    "approvals": {
        "establish": {
            "label": "正式设立",
            "deadline": "3 个月（遇节假日顺延）",
            "documents": (
                "筹设批准书",
                "筹设情况报告",
                "学校章程、首届理事会或董事会组成人员名单",
                "学校资产的有效证明文件",
                "校长、教师、财会人员的资格证明文件",
            ),
        },
        "change_name": {
            "label": "变更名称",
            "deadline": "3 个月（遇节假日顺延）",
            "documents": ("变更申请", "理事会或董事会决议"),
        },
        "change_founder": {
            "label": "变更举办者",
            "deadline": "3 个月（遇节假日顺延）",
            "documents": ("变更申请", "变更协议", "理事会或董事会决议", "财务清算报告"),
        },
        "change_address": {
            "label": "变更地址",
            "deadline": "3 个月（遇节假日顺延）",
            "documents": ("变更申请", "新校址的产权或租赁证明", "消防、卫生验收文件"),
        },
        "change_capacity": {
            "label": "变更办学规模",
            "deadline": "3 个月（遇节假日顺延）",
            "documents": ("变更申请", "办学条件证明"),
        },
        "closure": {
            "label": "终止办学",
            "deadline": "3 个月（遇节假日顺延）",
            "documents": ("终止申请", "理事会或董事会决议", "财务清算报告", "学生安置方案"),
        },
    },
    # 年检 rectification (基本合格 / 不合格): 3 months (阜阳, local; UNCONFIRMED).
    "rectify_deadline": "3 个月（遇节假日顺延）",
    # A disposal case after a tier change to 橙 or 红: the bureau decides the measures
    # within 10 working days and the school reports within 30 (UNCONFIRMED).
    "disposal_deadline": "30 个工作日",
    # Measures of 《教育督导问责办法》 and the 年检 practice (暂停招生 after 基本合格/不合格).
    "measures": ("约谈", "限期整改", "暂停招生", "通报", "吊销办学许可证"),
    # Casework types whose cases about a school count as complaints, and as safety findings.
    "complaint_types": ("hotline_order",),
    "safety_types": ("inspection_rectify",),
    # Licence expiry alert: this many days before the end of validity.
    "licence_alert_days": 90,
    # The public list: requests per client address per minute before 429.
    "public_rate": 60,
    # 民办义务教育在校生占比 ceiling, per district (湖南, 江苏, 四川 ≤15 %; UNCONFIRMED).
    "compulsory_share_ceiling": 15,
    # Risk model per year (from that year on); none: the engine's defaults.
    "risk": {},
}


def get(key: str) -> Any:
    return {**DEFAULTS, **getattr(settings, "EDUGOV_PRIVATE", {})}[key]


def approval_kinds() -> dict[str, dict[str, Any]]:
    return get("approvals")


def risk_config(year: int) -> RiskConfig:
    """The risk model in force in ``year``: the latest configured year not after it."""
    versions = {int(y): v for y, v in (get("risk") or {}).items()}
    applicable = [y for y in versions if y <= year]
    if not applicable:
        return DEFAULT_CONFIG
    chosen = max(applicable)
    return config_from_dict({"year": chosen, **versions[chosen]})
