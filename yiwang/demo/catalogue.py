"""The demo district's service catalogue: 32 items across thirteen units and two bundles.
Names, codes and limits follow real practice; every text is illustrative."""

HALL = "云溪区政务服务中心一楼综合窗口（云溪大道88号）"
HOURS = "工作日 上午9:00-12:00，下午13:30-17:00（周六上午延时服务）"
CONSULT = "0531-12345（云溪区政务服务热线）"
COMPLAIN = "0531-12345 转 2；云溪区政务服务中心二楼督查室"

# Extra units the catalogue needs beyond the 12345 demo: (code, name, kind)
UNITS = [("YX-GA", "区公安分局", "bureau"), ("YX-SWJ", "区税务局", "bureau"), ("YX-SPJ", "区行政审批服务局", "bureau"),
         ("YX-BANK", "云溪农商银行", "enterprise")]

ID = ("身份证", True, False, "id_card")
LICENCE = ("营业执照", True, False, "business_license")
# In a bundle the licence is being issued at the same time, so the later items take it later (容缺).
LICENCE_LATER = ("营业执照", True, True, "business_license")
APPLY_FORM = ("申请表", True, False, "")

# code, name, type, unit, who, promised, statutory, immediate?, commitment?, online, result, keywords,
# legal basis, materials [(name, required, deferrable, shared key)], form fields [(key, label, required)]
ITEMS = [
    ("YX-SJ-001", "企业设立登记", "licensing", "YX-SJ", "org", 1, 3, False, False, True, "营业执照", "开公司 注册 成立企业",
     "《中华人民共和国市场主体登记管理条例》第三条",
     [ID, ("公司章程", True, False, ""), ("住所使用证明", True, True, "premises")],
     [("company_name", "企业名称", True), ("capital", "注册资本（万元）", True), ("business_address", "经营场所", True)]),
    ("YX-SJ-002", "个体工商户设立登记", "licensing", "YX-SJ", "person", 0, 3, True, False, True, "营业执照", "个体户 开店 营业执照",
     "《促进个体工商户发展条例》第八条", [ID, ("经营场所证明", True, True, "premises")],
     [("shop_name", "字号名称", True), ("business_address", "经营场所", True)]),
    ("YX-SJ-003", "食品经营许可", "licensing", "YX-SJ", "both", 5, 20, False, True, True, "食品经营许可证", "餐馆 饭店 小吃 食品",
     "《中华人民共和国食品安全法》第三十五条",
     [ID, LICENCE_LATER, ("经营场所平面图", True, True, ""), ("食品安全管理制度", True, False, "")],
     [("shop_name", "字号名称", True), ("business_address", "经营场所", True), ("food_types", "经营项目", True)]),
    ("YX-SJ-004", "营业执照变更登记", "licensing", "YX-SJ", "org", 1, 3, False, False, True, "营业执照", "变更 法人 地址",
     "《中华人民共和国市场主体登记管理条例》第二十四条", [LICENCE, ("变更决议", True, False, "")],
     [("company_name", "企业名称", True), ("change", "变更事项", True)]),
    ("YX-SJ-005", "特种设备使用登记", "filing", "YX-SJ", "org", 5, 15, False, False, True, "特种设备使用登记证", "电梯 锅炉",
     "《中华人民共和国特种设备安全法》第三十三条", [LICENCE, ("设备监督检验证书", True, False, "")],
     [("device", "设备名称", True)]),
    ("YX-GA-001", "印章刻制备案", "filing", "YX-GA", "org", 0, 1, True, False, True, "印章备案回执", "刻章 公章",
     "《印铸刻字业暨印章刻制管理办法》", [ID, LICENCE_LATER], [("company_name", "企业名称", True)]),
    ("YX-GA-002", "居住证签注", "confirmation", "YX-GA", "person", 0, 3, True, False, False, "居住证", "居住证 暂住",
     "《居住证暂行条例》第十二条", [ID, ("居住证明", True, False, "")], [("address", "居住地址", True)]),
    ("YX-SWJ-001", "发票领用", "public_service", "YX-SWJ", "org", 0, 1, True, False, True, "发票领用核定通知", "发票 税务",
     "《中华人民共和国发票管理办法》第十五条", [ID, LICENCE_LATER], [("company_name", "企业名称", True)]),
    ("YX-SWJ-002", "税务登记信息确认", "confirmation", "YX-SWJ", "org", 0, 1, True, False, True, "确认回执", "税务登记",
     "《中华人民共和国税收征收管理法》第十五条", [LICENCE], [("company_name", "企业名称", True)]),
    ("YX-RS-001", "单位社会保险登记", "filing", "YX-RS", "org", 1, 15, False, False, True, "社会保险登记回执", "社保 参保 单位",
     "《中华人民共和国社会保险法》第五十七条", [ID, LICENCE_LATER], [("company_name", "企业名称", True), ("staff", "参保人数", True)]),
    ("YX-RS-002", "失业保险金申领", "payment", "YX-RS", "person", 5, 20, False, True, True, "失业保险金核定通知", "失业金 失业",
     "《失业保险条例》第十四条", [ID, ("解除劳动合同证明", True, False, ""), ("银行卡", True, False, "")],
     [("employer", "原工作单位", True)]),
    ("YX-RS-003", "就业创业证申领", "public_service", "YX-RS", "person", 0, 5, True, False, True, "就业创业证", "就业 创业",
     "《就业服务与就业管理规定》第六十三条", [ID], [("address", "常住地址", True)]),
    ("YX-RS-004", "职业技能提升补贴申领", "payment", "YX-RS", "person", 10, 20, False, False, True, "补贴核定通知", "技能补贴 证书",
     "《关于实施职业技能提升行动“互联网+职业技能培训计划”的通知》", [ID, ("职业资格证书", True, False, "")],
     [("certificate", "证书名称", True)]),
    ("YX-ZJ-001", "建筑工程施工许可", "licensing", "YX-ZJ", "org", 3, 7, False, True, True, "建筑工程施工许可证", "施工 开工 建筑",
     "《中华人民共和国建筑法》第七条", [LICENCE, ("建设工程规划许可证", True, False, ""), ("施工合同", True, False, ""),
                                  ("施工图审查合格书", True, True, "")], [("project", "工程名称", True)]),
    ("YX-ZJ-002", "商品房预售许可", "licensing", "YX-ZJ", "org", 5, 10, False, False, True, "商品房预售许可证", "预售 楼盘",
     "《城市商品房预售管理办法》第六条", [LICENCE, ("土地使用权证", True, False, ""), ("建设工程施工许可证", True, False, "")],
     [("project", "项目名称", True)]),
    ("YX-ZJ-003", "物业服务企业备案", "filing", "YX-ZJ", "org", 3, 10, False, False, True, "备案回执", "物业 备案",
     "《物业管理条例》", [LICENCE, ("物业服务合同", True, False, "")], [("project", "物业项目名称", True)]),
    ("YX-WJ-001", "公共场所卫生许可", "licensing", "YX-WJ", "both", 5, 20, False, True, True, "公共场所卫生许可证", "理发 宾馆 浴室",
     "《公共场所卫生管理条例》第八条", [LICENCE, ("卫生检测报告", True, True, ""), ("从业人员健康证明", True, False, "")],
     [("shop_name", "场所名称", True), ("business_address", "经营场所", True)]),
    ("YX-WJ-002", "医疗机构执业登记", "licensing", "YX-WJ", "org", 15, 45, False, False, False, "医疗机构执业许可证", "诊所 医院",
     "《医疗机构管理条例》第十五条", [LICENCE, ("医疗机构设置批准书", True, False, ""), ("房屋产权证明", True, False, "")],
     [("name", "机构名称", True)]),
    ("YX-WJ-003", "出生医学证明首次签发", "public_service", "YX-WJ", "person", 0, 1, True, False, False, "出生医学证明",
     "新生儿 出生证", "《中华人民共和国母婴保健法》第二十三条", [ID, ("住院分娩记录", True, False, "")],
     [("baby", "新生儿姓名", True)]),
    ("YX-JY-001", "民办学校办学许可", "licensing", "YX-JY", "org", 20, 60, False, False, False, "民办学校办学许可证",
     "培训 办学 学校", "《中华人民共和国民办教育促进法》第十八条", [("举办者资格证明", True, False, ""), ("办学章程", True, False, "")],
     [("school", "学校名称", True)]),
    ("YX-JY-002", "教师资格认定", "licensing", "YX-JY", "person", 20, 30, False, False, True, "教师资格证书", "教师资格",
     "《教师资格条例》第十三条", [ID, ("体检合格证明", True, False, ""), ("学历证书", True, False, "")],
     [("subject", "任教学科", True)]),
    ("YX-JT-001", "道路货物运输经营许可", "licensing", "YX-JT", "org", 5, 20, False, True, True, "道路运输经营许可证",
     "货运 运输", "《中华人民共和国道路运输条例》第二十四条", [LICENCE, ("车辆行驶证", True, False, ""), ("驾驶员从业资格证", True, True, "")],
     [("vehicles", "车辆数", True)]),
    ("YX-JT-002", "出租汽车驾驶员从业资格注册", "licensing", "YX-JT", "person", 3, 10, False, False, True, "从业资格证",
     "出租车 网约车", "《出租汽车驾驶员从业资格管理规定》第二十四条", [ID, ("驾驶证", True, False, "")],
     [("company", "聘用企业", True)]),
    ("YX-SW-001", "城镇污水排入排水管网许可", "licensing", "YX-SW", "both", 5, 15, False, True, True, "排水许可证", "排水 污水",
     "《城镇排水与污水处理条例》第二十一条", [LICENCE_LATER, ("排水户内部管网图", True, True, ""), ("水质检测报告", True, False, "")],
     [("company_name", "企业名称", True), ("business_address", "经营场所", True)]),
    ("YX-SW-002", "取水许可", "licensing", "YX-SW", "org", 15, 45, False, False, False, "取水许可证", "取水 地下水",
     "《取水许可和水资源费征收管理条例》", [LICENCE, ("水资源论证报告", True, False, "")], [("amount", "年取水量（万立方米）", True)]),
    ("YX-HB-001", "建设项目环境影响报告表审批", "licensing", "YX-HB", "org", 10, 30, False, True, True, "环评批复",
     "环评 环境影响", "《中华人民共和国环境影响评价法》第二十二条", [LICENCE, ("环境影响报告表", True, False, "")],
     [("project", "项目名称", True)]),
    ("YX-HB-002", "排污许可登记", "filing", "YX-HB", "org", 5, 20, False, False, True, "排污登记回执", "排污",
     "《排污许可管理条例》第二十四条", [LICENCE, ("排污情况说明", True, False, "")], [("company_name", "企业名称", True)]),
    ("YX-CG-001", "户外招牌设置备案", "filing", "YX-CG", "both", 1, 10, False, True, True, "设置备案回执", "招牌 广告 门头",
     "《城市市容和环境卫生管理条例》第十一条", [LICENCE_LATER, ("招牌效果图", True, True, "")],
     [("shop_name", "字号名称", True), ("business_address", "经营场所", True)]),
    ("YX-CG-002", "城市道路占用挖掘许可", "licensing", "YX-CG", "org", 3, 20, False, False, True, "占挖许可决定书",
     "挖掘 占道 管线", "《城市道路管理条例》第三十三条", [LICENCE, ("施工方案", True, False, "")], [("road", "道路名称", True)]),
    ("YX-CG-003", "建筑垃圾处置核准", "licensing", "YX-CG", "org", 3, 20, False, True, True, "建筑垃圾处置核准证",
     "建筑垃圾 渣土", "《城市建筑垃圾管理规定》第七条", [LICENCE, ("运输车辆清单", True, True, "")], [("project", "工程名称", True)]),
    ("YX-SPJ-001", "人力资源服务许可", "licensing", "YX-SPJ", "org", 5, 20, False, True, True, "人力资源服务许可证",
     "人力资源 中介", "《人力资源市场暂行条例》第十八条", [LICENCE, ("办公场所证明", True, True, "premises")],
     [("company_name", "企业名称", True)]),
    ("YX-BANK-001", "企业银行开户预约", "public_service", "YX-BANK", "org", 1, 3, False, False, True, "开户确认书",
     "银行 开户 基本账户", "《人民币银行结算账户管理办法》", [ID, LICENCE_LATER], [("company_name", "企业名称", True)]),
]

BUNDLES = [
    ("KB", "开办企业一件事", "新办企业一次提交：营业执照、印章、发票、社保登记和银行开户同时办理，最快一个工作日办结。",
     ["YX-SJ-001", "YX-GA-001", "YX-SWJ-001", "YX-RS-001", "YX-BANK-001"]),
    ("CY", "开餐馆一件事", "开一家餐馆需要的营业执照、食品经营许可、户外招牌和排水许可一次办。",
     ["YX-SJ-002", "YX-SJ-003", "YX-CG-001", "YX-SW-001"]),
]
