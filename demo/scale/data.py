"""Sizes, word lists and small helpers shared by the scale generator's modules."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

PRESETS = {"city": 1.0, "district": 0.5, "street": 0.05}

# City-scale counts (factor 1.0).
CITY = {
    "streets": 20,
    "areas": 300,
    "buildings": 6000,
    "organizations": 100_000,
    "cadres": 2_000,
    "visits": 1_000_000,
    "needs": 200_000,
    "volunteers": 100_000,
    "service_records": 500_000,
    "events": 20_000,
}
YEARS = 3
SPAN_DAYS = 365 * YEARS
SHANGHAI = timedelta(hours=8)  # Asia/Shanghai has no daylight saving time.
PASSWORD = "bench-password"  # noqa: S105 - every generated account; the bench logs in with force_login anyway.

DISTRICTS = ["长宁区", "闵行区"]
STREETS = [
    "虹桥街道", "仙霞新村街道", "天山路街道", "周家桥街道", "新华路街道", "江苏路街道", "华阳路街道",
    "北新泾街道", "程家桥街道", "新泾镇", "江川路街道", "古美路街道", "新虹街道", "浦锦街道",
    "莘庄镇", "七宝镇", "颛桥镇", "华漕镇", "虹桥镇", "梅陇镇",
]  # fmt: skip
PLACE_WORDS = list("虹荣古仙天华新江金银锦绣安宁福康祥瑞兴盛丰泰和平春晓明光远东")
BUILDING_SUFFIXES = ["大厦", "中心", "广场", "国际大厦", "商务楼", "科技园", "金融中心", "创意园"]
INDUSTRIES = [
    "软件和信息技术",
    "商务服务",
    "批发零售",
    "金融",
    "文化创意",
    "咨询",
    "物流",
    "餐饮",
    "教育培训",
]
ORG_WORDS = ["科技", "信息", "贸易", "咨询", "文化", "传媒", "网络", "管理", "设计", "物流", "投资", "教育"]
ORG_SUFFIXES = ["有限公司", "有限公司", "有限公司", "股份有限公司", "事务所", "服务中心", "促进会", "协会"]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红")
VISIT_NOTES = [
    "了解企业经营情况，宣传党建政策。",
    "与负责人交流，企业暂无新需求。",
    "企业新招员工较多，建议开展入职培训。",
    "党员人数有变化，已更新台账。",
    "走访时负责人不在，电话跟进。",
    "企业反映停车难问题，已记录。",
    "",
]
NEED_TITLES = {
    "consulting": ["政策咨询", "法律咨询", "税务政策解读", "人才政策咨询"],
    "charity": ["困难员工帮扶", "公益活动对接", "结对帮困"],
    "culture_sports": ["文体活动场地", "职工运动会", "读书会"],
    "venue": ["会议场地借用", "活动室预约", "党员活动阵地"],
    "training": ["员工技能培训", "党务知识培训", "安全生产培训"],
    "medical": ["健康讲座", "员工体检对接", "心理疏导"],
    "social": ["白领联谊", "青年交友活动", "午间沙龙"],
    "recruitment": ["招聘信息发布", "校园招聘对接", "用工需求"],
    "other": ["其他事项", "停车问题", "周边环境"],
}
# Uneven, as in the street's own records: consulting and recruitment dominate.
NEED_CATEGORY_WEIGHTS = {
    "consulting": 22,
    "recruitment": 18,
    "venue": 15,
    "training": 14,
    "social": 10,
    "culture_sports": 8,
    "charity": 6,
    "medical": 4,
    "other": 3,
}
NEED_HOURS = {"venue": 72, "medical": 72, "recruitment": 240, "consulting": 120}
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TEAM_FOCUS = ["美化家园", "助老服务", "平安巡逻", "文明交通", "垃圾分类", "关爱儿童", "健康义诊", "文化宣传"]
SERVICE_TEXTS = [
    "小区环境整治",
    "为老服务",
    "平安巡逻",
    "垃圾分类引导",
    "文明交通劝导",
    "社区宣传",
    "助餐送餐",
]
EVENT_KINDS = [("party_day", 35), ("org_life", 20), ("study", 15), ("volunteer", 12), ("culture", 8),
               ("lecture", 7), ("other", 3)]  # fmt: skip
EVENT_TITLES = {
    "party_day": "主题党日活动",
    "org_life": "组织生活会",
    "study": "专题学习",
    "volunteer": "志愿服务活动",
    "culture": "文体活动",
    "lecture": "专题讲座",
    "other": "联建活动",
}


def parse_scale(value: str) -> float:
    """``city``, ``district``, ``street``, ``1/100`` or a float such as ``0.01``."""
    value = str(value).strip().lower()
    if value in PRESETS:
        return PRESETS[value]
    if "/" in value:
        num, den = value.split("/", 1)
        return float(num) / float(den)
    factor = float(value)
    if not 0 < factor <= 10:
        raise ValueError("the scale factor is between 0 and 10")
    return factor


class RefuseError(Exception):
    """The database already holds organizations and neither --append nor --force was given."""


def _pick_weighted(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def _utc(day: date, seconds: int) -> datetime:
    """An aware UTC datetime for ``seconds`` after local (Shanghai) midnight of ``day``."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - SHANGHAI + timedelta(seconds=seconds)


def _local_day(moment: datetime) -> date:
    return (moment + SHANGHAI).date()


@dataclass
class Counts:
    streets: int
    areas: int
    buildings: int
    organizations: int
    cadres: int
    visits: int
    needs: int
    volunteers: int
    service_records: int
    events: int

    @classmethod
    def for_factor(cls, f: float) -> "Counts":
        streets = max(1, round(CITY["streets"] * f))
        return cls(
            streets=streets,
            areas=max(streets, round(CITY["areas"] * f)),
            buildings=max(2 * streets, round(CITY["buildings"] * f)),
            organizations=max(10, round(CITY["organizations"] * f)),
            cadres=max(streets, round(CITY["cadres"] * f)),
            visits=max(20, round(CITY["visits"] * f)),
            needs=max(10, round(CITY["needs"] * f)),
            volunteers=max(10, round(CITY["volunteers"] * f)),
            service_records=max(10, round(CITY["service_records"] * f)),
            events=max(4, round(CITY["events"] * f)),
        )


@dataclass
class Ids:
    """The next primary key of each table (explicit keys let rows point at each other)."""

    next: dict = field(default_factory=dict)

    def take(self, model, n=1) -> int:
        first = self.next[model]
        self.next[model] = first + n
        return first
