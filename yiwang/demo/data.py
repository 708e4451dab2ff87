"""Synthetic demo data for 云溪区, a fictional district. Everything here is made up."""

DISTRICT = ("YX", "云溪区")
CENTRE = ("YX-12345", "云溪区12345市民热线服务中心")
BUREAUS = [
    ("YX-ZJ", "区住房和城乡建设局"), ("YX-CG", "区城市管理局"), ("YX-HB", "区生态环境分局"),
    ("YX-SJ", "区市场监督管理局"), ("YX-RS", "区人力资源和社会保障局"), ("YX-JY", "区教育和体育局"),
    ("YX-WJ", "区卫生健康局"), ("YX-JT", "区交通运输局"), ("YX-SW", "区水务局"),
]
ENTERPRISES = [("YX-GS", "云溪供水有限公司"), ("YX-GD", "国网云溪供电公司"), ("YX-RQ", "云溪燃气有限公司")]
# street: (code, name, [(community code, name, [grid names])])
STREETS = [
    ("YX-QS", "青山街道", [("YX-QS-01", "松林社区", ["松林一网格", "松林二网格"]),
                         ("YX-QS-02", "翠湖社区", ["翠湖一网格"])]),
    ("YX-BL", "白鹭街道", [("YX-BL-01", "鹭岛社区", ["鹭岛一网格"]), ("YX-BL-02", "桥东社区", ["桥东一网格"])]),
    ("YX-LH", "临河街道", [("YX-LH-01", "河湾社区", ["河湾一网格"]), ("YX-LH-02", "柳岸社区", ["柳岸一网格"])]),
    ("YX-XC", "新城街道", [("YX-XC-01", "科创社区", ["科创一网格"]), ("YX-XC-02", "锦绣社区", ["锦绣一网格"])]),
]
SECTIONS = [("YX-CG-01", "市容环境卫生科", "YX-CG"), ("YX-CG-02", "执法大队", "YX-CG")]

# (username, display name, roles, unit code)
USERS = [
    ("agent", "王丽（话务员）", ["agent"], "YX-12345"),
    ("dispatcher", "李强（派单员）", ["dispatcher"], "YX-12345"),
    ("cg_staff", "赵敏（城管局）", ["unit_staff"], "YX-CG"),
    ("cg_head", "孙志远（城管局负责人）", ["unit_head"], "YX-CG"),
    ("qs_staff", "周婷（青山街道）", ["unit_staff"], "YX-QS"),
    ("zj_staff", "吴磊（住建局）", ["unit_staff"], "YX-ZJ"),
    ("callback", "郑芳（回访员）", ["callback"], "YX-12345"),
    ("supervisor", "陈建国（督办）", ["supervisor"], "YX-12345"),
    ("leader", "刘书记（区领导）", ["leader"], "YX"),
    ("admin", "系统管理员", ["admin"], "YX-12345"),
    ("security", "安全管理员", ["security"], "YX-12345"),
    ("auditor", "审计管理员", ["auditor"], "YX-12345"),
    ("hall_clerk", "钱晓燕（综合窗口）", ["clerk"], "YX-SPJ"),
    ("butler", "冯立（项目管家）", ["butler"], "YX-SPJ"),
    ("sj_staff", "何静（市场监管局）", ["unit_staff"], "YX-SJ"),
    ("sj_head", "许文（市场监管局负责人）", ["unit_head"], "YX-SJ"),
    ("grid_inspector", "黄伟（松林一网格网格员）", ["inspector"], "YX-QS-01-G1"),
]
PASSWORD = "yiwang-demo"

# level 1 → level 2 → [level 3]
CATEGORIES = {
    "城乡建设": {"住房保障": ["公租房申请", "棚户区改造"], "物业管理": ["物业服务质量", "维修资金使用"],
              "建筑施工": ["夜间施工噪音", "工地扬尘"]},
    "城市管理": {"市容环境": ["垃圾清运", "占道经营", "户外广告"], "市政设施": ["路灯故障", "井盖缺失", "道路破损"],
              "违法建设": ["私搭乱建"]},
    "环境保护": {"大气污染": ["餐饮油烟", "工业废气"], "噪声污染": ["商业噪音", "交通噪音"], "水污染": ["河道污染"]},
    "劳动和社会保障": {"劳动关系": ["拖欠工资", "劳动合同"], "社会保险": ["医保报销", "养老保险"]},
    "教育文体": {"基础教育": ["入学咨询", "校外培训"], "文体设施": ["健身器材损坏"]},
    "卫生健康": {"医疗服务": ["就医服务态度", "医疗收费"], "公共卫生": ["疫苗接种"]},
    "交通运输": {"公共交通": ["公交线路", "公交服务"], "道路交通": ["停车管理", "交通信号灯"]},
    "公用事业": {"供水": ["停水", "水质问题"], "供电": ["停电", "线路隐患"], "供气": ["燃气安全"]},
}

# (type, urgency, category path, street code, community code, address, title, body, caller, phone, responsible)
REQUESTS = [
    ("complaint", "normal", "城乡建设/建筑施工/夜间施工噪音", "YX-QS", "YX-QS-01", "松林路18号附近工地",
     "松林路工地夜间施工噪音扰民", "松林路18号附近的工地最近一周每天晚上十一点以后还在施工，打桩声很大，小区老人孩子无法休息，希望有关部门管一管。",
     "张先生", "13905310001", "YX-ZJ"),
    ("help", "urgent", "公用事业/供水/停水", "YX-BL", "YX-BL-01", "鹭岛花园3号楼", "鹭岛花园3号楼停水一天未恢复",
     "鹭岛花园3号楼从昨天上午开始停水，到现在也没有通知什么时候恢复，楼里有行动不便的老人，生活很困难。", "刘女士", "13805310002", "YX-GS"),
    ("complaint", "normal", "城市管理/市容环境/占道经营", "YX-LH", "YX-LH-01", "河湾菜市场东门",
     "河湾菜市场东门占道经营严重", "河湾菜市场东门外每天早上都有流动摊贩占用人行道和非机动车道，车辆无法通行，希望城管部门整治。",
     "陈先生", "13705310003", "YX-CG"),
    ("consult", "normal", "劳动和社会保障/社会保险/医保报销", "", "", "", "异地就医备案怎么办理",
     "我父亲在外地住院，想问一下异地就医备案需要什么材料，能不能在网上办理？", "王女士", "13605310004", "YX-RS"),
    ("complaint", "normal", "环境保护/大气污染/餐饮油烟", "YX-XC", "YX-XC-02", "锦绣路锦绣小区底商",
     "锦绣小区底商烧烤店油烟扰民", "锦绣小区临街底商的烧烤店没有安装油烟净化设备，油烟直接排到楼上住户窗户，晚上气味很大。",
     "赵先生", "13505310005", "YX-HB"),
    ("help", "normal", "城市管理/市政设施/路灯故障", "YX-QS", "YX-QS-02", "翠湖路与青山大道交叉口",
     "翠湖路路灯连续多日不亮", "翠湖路与青山大道交叉口往北大约三百米的路灯已经一个星期不亮了，晚上走路很不安全。", "孙女士", "13405310006", "YX-QS"),
    ("report", "normal", "城市管理/违法建设/私搭乱建", "YX-BL", "YX-BL-02", "桥东小区12号楼顶",
     "桥东小区12号楼顶私搭乱建", "桥东小区12号楼顶层住户在楼顶搭建彩钢房，存在安全隐患，也影响其他住户使用楼顶。", "", "13305310007", "YX-CG"),
    ("complaint", "normal", "劳动和社会保障/劳动关系/拖欠工资", "YX-XC", "YX-XC-01", "科创园B座",
     "公司拖欠三个月工资", "我在科创园B座的一家装修公司工作，公司已经拖欠我们十几个人三个月工资，多次讨要无果。", "周先生", "13205310008", "YX-RS"),
    ("suggestion", "normal", "交通运输/公共交通/公交线路", "YX-XC", "", "新城街道", "建议增开新城到高铁站的公交",
     "新城片区入住人口越来越多，但到高铁站没有直达公交，建议增开一条公交线路或者加密现有班次。", "吴女士", "13105310009", "YX-JT"),
    ("praise", "normal", "卫生健康/医疗服务/就医服务态度", "YX-QS", "", "区人民医院", "表扬区人民医院急诊科医护人员",
     "上周我母亲突发疾病，区人民医院急诊科医生护士处置及时、态度很好，特此表扬。", "郑先生", "15905310010", "YX-WJ"),
    ("complaint", "normal", "城乡建设/物业管理/物业服务质量", "YX-LH", "YX-LH-02", "柳岸小区",
     "柳岸小区物业不作为", "柳岸小区电梯经常故障，物业维修不及时，垃圾也不能及时清运，业主意见很大。", "冯女士", "15805310011", "YX-LH"),
    ("help", "critical", "公用事业/供气/燃气安全", "YX-QS", "YX-QS-01", "松林小区5号楼2单元",
     "楼道里闻到燃气味", "松林小区5号楼2单元楼道里有很浓的燃气味，不知道是哪家泄漏，请尽快派人来检查。", "何先生", "15705310012", "YX-RQ"),
    ("consult", "normal", "教育文体/基础教育/入学咨询", "", "", "", "小学入学需要哪些材料",
     "孩子明年上小学，户口在云溪区，房子是租的，想问一下入学报名需要准备哪些材料。", "许女士", "15605310013", "YX-JY"),
    ("complaint", "normal", "环境保护/噪声污染/商业噪音", "YX-BL", "YX-BL-01", "鹭岛广场",
     "鹭岛广场商铺音响声音太大", "鹭岛广场几家商铺门口放大音响招揽顾客，从早到晚声音很大，周边居民不堪其扰。", "吕先生", "15505310014", "YX-HB"),
    ("help", "normal", "城市管理/市政设施/井盖缺失", "YX-LH", "YX-LH-01", "河湾路与滨河路路口",
     "河湾路口井盖缺失", "河湾路与滨河路路口东侧人行道上有一个井盖不见了，已经用树枝挡着，很危险。", "施女士", "15305310015", "YX-CG"),
    ("complaint", "normal", "城乡建设/建筑施工/工地扬尘", "YX-XC", "YX-XC-01", "科创大道在建工地",
     "科创大道工地扬尘大", "科创大道在建工地没有围挡和洒水，大风天尘土飞扬，附近学校的孩子上学路上都是灰。", "张女士", "15205310016", "YX-ZJ"),
    ("suggestion", "normal", "教育文体/文体设施/健身器材损坏", "YX-QS", "YX-QS-02", "翠湖公园",
     "翠湖公园健身器材损坏建议维修", "翠湖公园东侧的健身器材有好几个已经损坏，螺丝松动，建议尽快维修更换，以免伤人。", "黄先生", "15105310017", "YX-QS"),
    ("complaint", "normal", "交通运输/道路交通/停车管理", "YX-BL", "YX-BL-02", "桥东路",
     "桥东路乱停车堵塞消防通道", "桥东路两侧晚上停满车辆，小区消防通道也被占用，一旦发生火灾后果不堪设想。", "林先生", "15005310018", "YX-BL"),
    ("help", "urgent", "公用事业/供电/停电", "YX-XC", "YX-XC-02", "锦绣小区8号楼", "锦绣小区8号楼突然停电",
     "锦绣小区8号楼晚上突然停电，电梯里困了人，物业说是线路问题，请供电公司尽快抢修。", "高女士", "13905310019", "YX-GD"),
    ("report", "normal", "卫生健康/医疗服务/医疗收费", "YX-LH", "", "临河街道某诊所", "诊所收费不明码标价",
     "临河街道一家私人诊所看病收费不开票也不明码标价，怀疑乱收费。", "罗先生", "13805310020", "YX-SJ"),
]

# Which state each demo request is walked to, in order of REQUESTS (cycled).
JOURNEYS = [
    "handling_overdue", "pending_sign", "handling", "answered", "pending_callback", "handling",
    "pending_dispatch_old", "returned", "extension_pending", "closed", "handling", "pending_dispatch",
    "answered", "suspended", "pending_sign", "rework", "pending_callback", "handling_red", "pending_dispatch",
    "closed",
]


# Categories offered to Open311 clients, with their public description and form (attributes).
# Routing rules (category path, street code or None, unit code): the unit a category goes to,
# district-wide or in one street. Streets answer for their own ground (属地) where the bureau
# does not; the most specific rule wins (workorders.selectors.responsible_unit).
ROUTING = [
    ("城乡建设", None, "YX-ZJ"), ("城市管理", None, "YX-CG"), ("环境保护", None, "YX-HB"),
    ("劳动和社会保障", None, "YX-RS"), ("教育文体", None, "YX-JY"), ("卫生健康", None, "YX-WJ"),
    ("交通运输", None, "YX-JT"), ("公用事业/供水", None, "YX-GS"), ("公用事业/供电", None, "YX-GD"),
    ("公用事业/供气", None, "YX-RQ"), ("城市管理/市容环境/占道经营", "YX-QS", "YX-QS"),
    ("城市管理/市容环境/占道经营", "YX-BL", "YX-BL"), ("城乡建设/物业管理", "YX-XC", "YX-XC"),
    ("城市管理/违法建设/私搭乱建", "YX-BL", "YX-BL"),
]

OPEN311_SERVICES = [
    ("城市管理/市政设施/路灯故障", "路灯不亮、闪烁或灯杆损坏", [
        {"key": "pole", "label": "灯杆编号（灯杆上的白底黑字）", "datatype": "string"},
        {"key": "state", "label": "路灯情况", "required": True, "datatype": "singlevaluelist",
         "values": [{"key": "dark", "name": "不亮"}, {"key": "blink", "name": "闪烁"},
                    {"key": "broken", "name": "灯杆损坏"}]},
    ]),
    ("城市管理/市政设施/井盖缺失", "井盖缺失、破损或松动", [
        {"key": "danger", "label": "是否已有人受伤", "datatype": "singlevaluelist",
         "values": [{"key": "no", "name": "没有"}, {"key": "yes", "name": "有"}]},
    ]),
    ("城市管理/市政设施/道路破损", "路面坑洼、塌陷或破损", []),
    ("城市管理/市容环境/垃圾清运", "垃圾未及时清运、垃圾桶满溢", []),
]
