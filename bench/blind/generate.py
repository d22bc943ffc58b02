#!/usr/bin/env python3
"""Blind evaluation corpus generator for a Chinese personal-information detector.

Written without ever seeing the detector.  Python 3.11 stdlib only,
deterministic for a given --seed.

    python3 generate.py --seed 1 --n 1500 --out tune.jsonl
    python3 generate.py --seed 2 --n 1500 --out heldout.jsonl
    python3 generate.py --selftest [files...]
"""
import argparse
import datetime as dt
import ipaddress
import json
import random
import re
import sys

# ---------------------------------------------------------------------------
# Lexicons (hand-written for this corpus)
# ---------------------------------------------------------------------------

SURNAMES = dict(x.split(':') for x in """
王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 徐:xu 孙:sun 马:ma 朱:zhu
胡:hu 郭:guo 何:he 高:gao 林:lin 罗:luo 郑:zheng 梁:liang 谢:xie 宋:song 唐:tang 许:xu 韩:han 冯:feng
邓:deng 曹:cao 彭:peng 曾:zeng 肖:xiao 田:tian 董:dong 袁:yuan 潘:pan 于:yu 蒋:jiang 蔡:cai 余:yu 杜:du
叶:ye 程:cheng 苏:su 魏:wei 吕:lv 丁:ding 任:ren 沈:shen 姚:yao 卢:lu 姜:jiang 崔:cui 钟:zhong 谭:tan
陆:lu 汪:wang 范:fan 金:jin 石:shi 廖:liao 贾:jia 夏:xia 韦:wei 付:fu 方:fang 白:bai 邹:zou 孟:meng
熊:xiong 秦:qin 邱:qiu 江:jiang 尹:yin 薛:xue 闫:yan 段:duan 雷:lei 侯:hou 龙:long 史:shi 陶:tao 黎:li
贺:he 顾:gu 毛:mao 郝:hao 龚:gong 邵:shao 万:wan 钱:qian 严:yan 覃:qin 武:wu 戴:dai 莫:mo 孔:kong
向:xiang 汤:tang 常:chang 温:wen 康:kang 施:shi 文:wen 牛:niu 樊:fan 葛:ge 邢:xing 安:an 齐:qi 易:yi
乔:qiao 伍:wu 庞:pang 颜:yan 倪:ni 庄:zhuang 聂:nie 章:zhang 鲁:lu 岳:yue 翟:zhai 殷:yin 詹:zhan 申:shen
欧:ou 耿:geng 关:guan 兰:lan 焦:jiao 俞:yu 左:zuo 柳:liu 甘:gan 祝:zhu 包:bao 宁:ning 尚:shang 符:fu
舒:shu 阮:ruan 柯:ke 纪:ji 梅:mei 童:tong 凌:ling 毕:bi 单:shan 季:ji 裴:pei 霍:huo 涂:tu 成:cheng
苗:miao 谷:gu 盛:sheng 曲:qu 翁:weng 冉:ran 骆:luo 蓝:lan 路:lu 游:you 辛:xin 靳:jin 管:guan 柴:chai
蒙:meng 鲍:bao 华:hua 喻:yu 祁:qi 蒲:pu 房:fang 滕:teng 屈:qu 饶:rao 解:xie 牟:mou 艾:ai 尤:you
阳:yang 时:shi 穆:mu 农:nong 卓:zhuo 古:gu 吉:ji 缪:miao 简:jian 车:che 项:xiang 连:lian 麦:mai
褚:chu 娄:lou 窦:dou 戚:qi 岑:cen 景:jing 党:dang 宫:gong 费:fei 卜:bu 冷:leng 晏:yan 席:xi 卫:wei
米:mi 柏:bai 宗:zong 瞿:qu 桂:gui 全:quan 佟:tong 应:ying 臧:zang 闵:min 苟:gou 邬:wu 边:bian 卞:bian
姬:ji 师:shi 仇:qiu 栾:luan 隋:sui 商:shang 刁:diao 沙:sha 荣:rong 巫:wu 寇:kou 桑:sang 郎:lang
甄:zhen 丛:cong 仲:zhong 虞:yu 敖:ao 巩:gong 佘:she 池:chi 查:zha 麻:ma 苑:yuan 迟:chi 邝:kuang
""".split())

COMPOUND_SURNAMES = dict(x.split(':') for x in """
欧阳:ouyang 司马:sima 诸葛:zhuge 上官:shangguan 慕容:murong 司徒:situ 东方:dongfang 皇甫:huangfu
令狐:linghu 公孙:gongsun 端木:duanmu 夏侯:xiahou 尉迟:yuchi 独孤:dugu 呼延:huyan 宇文:yuwen
澹台:tantai 南宫:nangong 闻人:wenren 西门:ximen
""".split())

GIVEN_CHARS = dict(x.split(':') for x in """
伟:wei 芳:fang 娜:na 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong 艳:yan 杰:jie 娟:juan
涛:tao 明:ming 超:chao 秀:xiu 霞:xia 平:ping 刚:gang 桂:gui 英:ying 华:hua 文:wen 辉:hui 建:jian
国:guo 玲:ling 红:hong 鹏:peng 飞:fei 宇:yu 浩:hao 然:ran 子:zi 涵:han 轩:xuan 梓:zi 萱:xuan 欣:xin
怡:yi 佳:jia 琪:qi 诗:shi 雨:yu 思:si 晨:chen 博:bo 俊:jun 嘉:jia 泽:ze 睿:rui 瑞:rui 婷:ting
雪:xue 慧:hui 晶:jing 颖:ying 倩:qian 琳:lin 蕾:lei 薇:wei 悦:yue 璐:lu 瑶:yao 宁:ning 安:an 康:kang
乐:le 逸:yi 凡:fan 航:hang 帆:fan 远:yuan 志:zhi 豪:hao 毅:yi 峰:feng 斌:bin 彬:bin 波:bo 宏:hong
振:zhen 海:hai 鑫:xin 昊:hao 晓:xiao 春:chun 冬:dong 秋:qiu 梅:mei 兰:lan 菊:ju 竹:zhu 松:song
林:lin 森:sen 楠:nan 彤:tong 妍:yan 媛:yuan 婧:jing 露:lu 月:yue 星:xing 光:guang 亮:liang 健:jian
成:cheng 达:da 立:li 新:xin 永:yong 庆:qing 福:fu 祥:xiang 德:de 荣:rong 贵:gui 兴:xing 旺:wang
家:jia 和:he 顺:shun 利:li 玉:yu 珍:zhen 珠:zhu 宝:bao 凤:feng 燕:yan 莉:li 萍:ping 翠:cui 芬:fen
淑:shu 惠:hui 丹:dan 蓉:rong 婉:wan 清:qing 澜:lan 沐:mu 辰:chen 奕:yi 铭:ming 煜:yu 骏:jun 烨:ye
炜:wei 琦:qi 瑾:jin 瑜:yu 璇:xuan 紫:zi 茜:qian 蕊:rui 若:ruo 语:yu 心:xin 一:yi 可:ke 依:yi
梦:meng 晴:qing 朗:lang 哲:zhe 昕:xin 景:jing 天:tian 云:yun 伦:lun 良:liang 晋:jin 皓:hao 靖:jing
翔:xiang 锋:feng 鸿:hong 岩:yan 潇:xiao 楷:kai 凯:kai 旭:xu 东:dong 卫:wei 忠:zhong 义:yi 仁:ren
智:zhi 勤:qin 雅:ya 秀:xiu 桐:tong 槿:jin 筱:xiao 曦:xi 岚:lan 钰:yu 铮:zheng 屹:yi 舟:zhou 禾:he
苗:miao 蔚:wei 韬:tao 珂:ke 玮:wei 璟:jing 灿:can 焱:yan 淼:miao 沛:pei 渊:yuan 湘:xiang 津:jin
""".split())

MINORITY_NAMES = [
    "阿依古丽·买买提", "买买提·艾力", "热依拉·吐尔逊", "古丽娜尔·阿不都拉", "艾尔肯·吐尔洪",
    "迪丽拜尔·库尔班", "帕尔哈提·司马义", "努尔兰·哈力木", "依明·玉素甫", "米日古丽·托合提",
    "亚森·阿布都热西提", "再努尔·哈力克", "阿卜杜拉·艾山", "古丽扎尔·热合曼", "吐尔逊·买合木提",
    "娜迪拉·阿不力孜", "艾力·肉孜", "阿力木·艾买提", "巴哈古丽·努尔", "木拉提·吾买尔",
    "次仁卓玛", "扎西顿珠", "格桑梅朵", "央金拉姆", "达瓦次仁", "巴特尔", "乌兰图雅", "其其格",
    "阿迪力·吾守尔", "哈斯·巴根", "朝鲁门·额尔德尼",
]

FAMOUS = ["李白", "杜甫", "苏轼", "鲁迅", "孔子", "诸葛亮", "司马迁", "欧阳修", "王羲之", "白居易",
          "李清照", "辛弃疾", "曹操", "刘备", "孙悟空", "林黛玉", "贾宝玉", "岳飞", "屈原", "陶渊明"]
FAMOUS_PROSE = ["{f}的诗", "背诵{f}的名篇", "像{f}说的那样", "{f}纪念馆", "读{f}的文章", "{f}的故事"]
BANK_ABBR = ["工行", "建行", "农行", "中行", "招行", "交行", "浦发", "中信", "民生", "邮储"]
COMMON_WORDS = ["王牌", "高兴", "马上", "周到", "黄金周", "方便", "安全", "平安", "金华火腿", "文明",
                "张贴", "何必", "高速", "白天", "常规", "明白", "江南", "海量", "石头", "龙井茶"]

# (region code, province, prov_py, city, city_py, district, dist_py, area code, postcode, plate, lat, lon, cert abbr)
PLACES = [
    ("110105", "北京市", "Beijing", "北京市", "Beijing", "朝阳区", "Chaoyang", "010", "100020", "京A", 39.9219, 116.4436, "京"),
    ("110108", "北京市", "Beijing", "北京市", "Beijing", "海淀区", "Haidian", "010", "100080", "京B", 39.9593, 116.2981, "京"),
    ("110101", "北京市", "Beijing", "北京市", "Beijing", "东城区", "Dongcheng", "010", "100010", "京N", 39.9288, 116.4160, "京"),
    ("310115", "上海市", "Shanghai", "上海市", "Shanghai", "浦东新区", "Pudong New Area", "021", "200120", "沪A", 31.2215, 121.5447, "沪"),
    ("310104", "上海市", "Shanghai", "上海市", "Shanghai", "徐汇区", "Xuhui", "021", "200030", "沪B", 31.1885, 121.4365, "沪"),
    ("310101", "上海市", "Shanghai", "上海市", "Shanghai", "黄浦区", "Huangpu", "021", "200001", "沪C", 31.2317, 121.4846, "沪"),
    ("440305", "广东省", "Guangdong", "深圳市", "Shenzhen", "南山区", "Nanshan", "0755", "518052", "粤B", 22.5333, 113.9304, "粤"),
    ("440304", "广东省", "Guangdong", "深圳市", "Shenzhen", "福田区", "Futian", "0755", "518033", "粤B", 22.5410, 114.0579, "粤"),
    ("440106", "广东省", "Guangdong", "广州市", "Guangzhou", "天河区", "Tianhe", "020", "510620", "粤A", 23.1246, 113.3612, "粤"),
    ("440104", "广东省", "Guangdong", "广州市", "Guangzhou", "越秀区", "Yuexiu", "020", "510030", "粤A", 23.1290, 113.2668, "粤"),
    ("330106", "浙江省", "Zhejiang", "杭州市", "Hangzhou", "西湖区", "Xihu", "0571", "310012", "浙A", 30.2741, 120.1551, "浙"),
    ("330108", "浙江省", "Zhejiang", "杭州市", "Hangzhou", "滨江区", "Binjiang", "0571", "310051", "浙A", 30.2084, 120.2119, "浙"),
    ("330203", "浙江省", "Zhejiang", "宁波市", "Ningbo", "海曙区", "Haishu", "0574", "315000", "浙B", 29.8683, 121.5440, "浙"),
    ("320102", "江苏省", "Jiangsu", "南京市", "Nanjing", "玄武区", "Xuanwu", "025", "210018", "苏A", 32.0488, 118.7978, "苏"),
    ("320508", "江苏省", "Jiangsu", "苏州市", "Suzhou", "姑苏区", "Gusu", "0512", "215000", "苏E", 31.3113, 120.6170, "苏"),
    ("510107", "四川省", "Sichuan", "成都市", "Chengdu", "武侯区", "Wuhou", "028", "610041", "川A", 30.6424, 104.0431, "川"),
    ("510104", "四川省", "Sichuan", "成都市", "Chengdu", "锦江区", "Jinjiang", "028", "610021", "川A", 30.6571, 104.0834, "川"),
    ("420106", "湖北省", "Hubei", "武汉市", "Wuhan", "武昌区", "Wuchang", "027", "430061", "鄂A", 30.5535, 114.3162, "鄂"),
    ("610113", "陕西省", "Shaanxi", "西安市", "Xi'an", "雁塔区", "Yanta", "029", "710061", "陕A", 34.2137, 108.9484, "陕"),
    ("120101", "天津市", "Tianjin", "天津市", "Tianjin", "和平区", "Heping", "022", "300041", "津A", 39.1172, 117.2147, "津"),
    ("500103", "重庆市", "Chongqing", "重庆市", "Chongqing", "渝中区", "Yuzhong", "023", "400010", "渝A", 29.5566, 106.5689, "渝"),
    ("210102", "辽宁省", "Liaoning", "沈阳市", "Shenyang", "和平区", "Heping", "024", "110001", "辽A", 41.7887, 123.4010, "辽"),
    ("430104", "湖南省", "Hunan", "长沙市", "Changsha", "岳麓区", "Yuelu", "0731", "410006", "湘A", 28.2354, 112.9313, "湘"),
    ("370102", "山东省", "Shandong", "济南市", "Jinan", "历下区", "Lixia", "0531", "250011", "鲁A", 36.6666, 117.0764, "鲁"),
    ("370202", "山东省", "Shandong", "青岛市", "Qingdao", "市南区", "Shinan", "0532", "266001", "鲁B", 36.0671, 120.3826, "鲁"),
    ("350203", "福建省", "Fujian", "厦门市", "Xiamen", "思明区", "Siming", "0592", "361001", "闽D", 24.4459, 118.0824, "闽"),
    ("350102", "福建省", "Fujian", "福州市", "Fuzhou", "鼓楼区", "Gulou", "0591", "350001", "闽A", 26.0822, 119.2980, "闽"),
    ("410105", "河南省", "Henan", "郑州市", "Zhengzhou", "金水区", "Jinshui", "0371", "450008", "豫A", 34.8003, 113.6604, "豫"),
    ("340104", "安徽省", "Anhui", "合肥市", "Hefei", "蜀山区", "Shushan", "0551", "230031", "皖A", 31.8512, 117.2603, "皖"),
    ("530102", "云南省", "Yunnan", "昆明市", "Kunming", "五华区", "Wuhua", "0871", "650031", "云A", 25.0433, 102.7046, "云"),
    ("230103", "黑龙江省", "Heilongjiang", "哈尔滨市", "Harbin", "南岗区", "Nangang", "0451", "150001", "黑A", 45.7600, 126.6692, "黑"),
    ("220102", "吉林省", "Jilin", "长春市", "Changchun", "南关区", "Nanguan", "0431", "130022", "吉A", 43.8690, 125.3345, "吉"),
    ("130102", "河北省", "Hebei", "石家庄市", "Shijiazhuang", "长安区", "Chang'an", "0311", "050011", "冀A", 38.0368, 114.5393, "冀"),
    ("140105", "山西省", "Shanxi", "太原市", "Taiyuan", "小店区", "Xiaodian", "0351", "030032", "晋A", 37.7365, 112.5651, "晋"),
    ("450103", "广西壮族自治区", "Guangxi", "南宁市", "Nanning", "青秀区", "Qingxiu", "0771", "530022", "桂A", 22.8167, 108.3950, "桂"),
    ("460106", "海南省", "Hainan", "海口市", "Haikou", "龙华区", "Longhua", "0898", "570105", "琼A", 20.0310, 110.3280, "琼"),
    ("520102", "贵州省", "Guizhou", "贵阳市", "Guiyang", "南明区", "Nanming", "0851", "550001", "贵A", 26.5680, 106.7144, "贵"),
    ("360102", "江西省", "Jiangxi", "南昌市", "Nanchang", "东湖区", "Donghu", "0791", "330006", "赣A", 28.6840, 115.8992, "赣"),
    ("620102", "甘肃省", "Gansu", "兰州市", "Lanzhou", "城关区", "Chengguan", "0931", "730030", "甘A", 36.0564, 103.8343, "甘"),
    ("650102", "新疆维吾尔自治区", "Xinjiang", "乌鲁木齐市", "Urumqi", "天山区", "Tianshan", "0991", "830002", "新A", 43.7930, 87.6311, "新"),
    ("150102", "内蒙古自治区", "Inner Mongolia", "呼和浩特市", "Hohhot", "新城区", "Xincheng", "0471", "010050", "蒙A", 40.8426, 111.6650, "蒙"),
    ("441900", "广东省", "Guangdong", "东莞市", "Dongguan", "南城街道", "Nancheng", "0769", "523000", "粤S", 23.0207, 113.7518, "粤"),
]

# rural places: (code, province, city, county, area, postcode, plate, lat, lon)
RURAL = [
    ("411625", "河南省", "周口市", "郸城县", "0394", "477150", "豫P", 33.6447, 115.1773),
    ("341222", "安徽省", "阜阳市", "太和县", "0558", "236600", "皖K", 33.1601, 115.6221),
    ("510722", "四川省", "绵阳市", "三台县", "0816", "621100", "川B", 31.0952, 105.0947),
    ("500230", "重庆市", "重庆市", "丰都县", "023", "408200", "渝H", 29.8636, 107.7311),
    ("371321", "山东省", "临沂市", "沂南县", "0539", "276300", "鲁Q", 35.5502, 118.4655),
    ("421022", "湖北省", "荆州市", "公安县", "0716", "434300", "鄂D", 30.0589, 112.2299),
    ("321323", "江苏省", "宿迁市", "泗阳县", "0527", "223700", "苏N", 33.7209, 118.7033),
    ("341221", "安徽省", "阜阳市", "临泉县", "0558", "236400", "皖K", 33.0626, 115.2612),
    ("411322", "河南省", "南阳市", "方城县", "0377", "473200", "豫R", 33.2546, 113.0122),
    ("511623", "四川省", "广安市", "邻水县", "0826", "638500", "川X", 30.3342, 106.9304),
]

# extra genuine (some abolished) 6-digit administrative codes used only as ID registration places
EXTRA_ID_CODES = """
110103 110104 110102 110106 110107 110111 110112 110114 310103 310108 310104 310105 310106 310107 310109
310110 310112 310113 320103 320104 320105 320106 320111 330102 330103 330104 330105 330109 330110 330185
330182 330212 330302 330402 330502 330602 330702 330782 440102 440103 440105 440111 440306 440307 440303
510105 510106 510108 420102 420103 420111 610102 610103 610104 320581 320583 441900 442000 350211 350104
370211 370212 370103 370104 370105 370112 210106 430102 430103 410102 410103 340102 340103 130104 130105
140106 150104 450102 460105 500105 500106 500112 520103 530103 620103 650103 230102 220104 120103 120102
360103 320211 320505 320506 321002 430521 420821 421081 422801 433101 500228 500233 500236 500237 371725
""".split()
ID_REGION_CODES = sorted(set([p[0] for p in PLACES] + [p[0] for p in RURAL] + EXTRA_ID_CODES))

STREET_A = [("文", "Wen"), ("学", "Xue"), ("云", "Yun"), ("翠", "Cui"), ("兴", "Xing"), ("德", "De"), ("望", "Wang"),
            ("华", "Hua"), ("锦", "Jin"), ("金", "Jin"), ("长", "Chang"), ("东", "Dong"), ("西", "Xi"), ("南", "Nan"),
            ("光", "Guang"), ("青", "Qing"), ("建", "Jian"), ("新", "Xin"), ("和", "He"), ("丰", "Feng"), ("湖", "Hu"),
            ("江", "Jiang"), ("桂", "Gui"), ("明", "Ming"), ("宝", "Bao"), ("振", "Zhen"), ("古", "Gu"), ("莫", "Mo")]
STREET_B = [("三", "san"), ("一", "yi"), ("二", "er"), ("安", "an"), ("华", "hua"), ("溪", "xi"), ("林", "lin"),
            ("苑", "yuan"), ("桥", "qiao"), ("湾", "wan"), ("山", "shan"), ("园", "yuan"), ("泽", "ze"), ("平", "ping"),
            ("阳", "yang"), ("兴", "xing"), ("干", "gan"), ("塘", "tang"), ("川", "chuan"), ("宁", "ning")]
STREET_C = [("路", " Road"), ("路", " Road"), ("街", " Street"), ("大道", " Avenue"), ("东路", " East Road"),
            ("西路", " West Road"), ("南路", " South Road"), ("北路", " North Road"), ("巷", " Lane"), ("中路", " Middle Road")]
COMMUNITY_A = ["阳光", "翠苑", "金色", "绿城", "锦绣", "云栖", "和平", "幸福", "新城", "紫金", "香樟", "桂花", "西溪",
               "滨江", "星河", "海棠", "春晓", "盛世", "怡景", "水岸", "半山", "龙湖", "望京", "嘉禾", "文澜", "丽都"]
COMMUNITY_B = ["花园", "小区", "家园", "公寓", "苑", "华府", "名邸", "新村", "雅苑", "城", "府", "湾", "里", "公馆"]
BUILDINGS = ["时代广场", "国际大厦", "科技园", "创业大厦", "金融中心", "商务中心", "写字楼"]
TOWNS = ["城关镇", "双楼镇", "汲冢镇", "白马镇", "新集镇", "龙山镇", "长安镇", "王庄镇", "石桥镇", "高庙乡", "李寨乡"]
VILLAGES = ["张庄村", "李楼村", "前进村", "红星村", "王营村", "大刘村", "东湖村", "新河村", "柳园村", "朱集村"]

COMPANY_WORDS = ["云帆", "华讯", "鼎盛", "恒信", "博远", "瑞丰", "创联", "汇智", "启明", "天择", "宏图", "金桥", "新禾",
                 "众诚", "安捷", "聚能", "蓝海", "致远", "卓越", "星火", "万通", "嘉德", "润和", "同舟", "易达"]
COMPANY_TRADES = ["网络科技", "电子", "建筑工程", "餐饮管理", "物流", "贸易", "信息技术", "医疗器械", "教育咨询", "文化传媒",
                  "机械制造", "供应链管理", "房地产经纪", "汽车销售服务", "物业管理", "生物科技", "软件"]
COMPANY_SUFFIX = ["有限公司", "有限公司", "有限责任公司", "股份有限公司", "集团有限公司"]
HOTEL_BRANDS = ["悦途", "栖澜", "逸家", "途憩", "锦悦", "云庭", "华庭", "君澜", "维景", "星程", "枫丹", "铂睿", "雅居"]
HOTEL_SUFFIX = ["大酒店", "酒店", "宾馆", "国宾馆", "精选酒店", "商务酒店", "度假酒店", "饭店"]
SCHOOL_WORDS = ["实验", "育才", "求是", "崇文", "文澜", "新华", "东方", "春晖", "明德", "启航", "建兰", "行知"]
BANKS_FULL = ["中国工商银行", "中国农业银行", "中国建设银行", "中国银行", "交通银行", "招商银行", "浦发银行",
              "兴业银行", "中国邮政储蓄银行", "杭州银行", "宁波银行", "平安银行"]
BANK_BINS = {  # bin prefix -> length
    "622202": 19, "622208": 19, "622848": 19, "621700": 19, "622700": 19, "622588": 16, "621483": 16,
    "622262": 19, "601382": 19, "621661": 19, "622909": 18, "623058": 19, "621226": 19, "625809": 16,
    "628288": 16, "438088": 16, "436742": 16, "427020": 16, "524047": 16, "552599": 16, "518710": 16,
    "622155": 16, "621799": 19, "622609": 16,
}
AIRLINES = [("CA", "999"), ("MU", "781"), ("CZ", "784"), ("ZH", "479"), ("HU", "880"), ("SC", "324"),
            ("MF", "731"), ("3U", "876"), ("CX", "160"), ("SQ", "618"), ("CI", "297"), ("FM", "774"),
            ("HO", "018"), ("GS", "826"), ("KN", "822")]
AIRPORTS = ["PEK", "PKX", "PVG", "SHA", "CAN", "SZX", "CTU", "TFU", "HGH", "XIY", "KMG", "CKG", "WUH", "NKG",
            "XMN", "TAO", "HKG", "TPE", "NRT", "SIN", "BKK", "ICN", "LHR", "SYD"]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
MONTH_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December"]
EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "gmail.com", "outlook.com", "foxmail.com",
                 "hotmail.com", "yeah.net", "139.com", "aliyun.com", "sohu.com"]
CORP_DOMAINS = ["yunfan-tech.com", "hxdz.com.cn", "dingsheng-group.cn", "boyuan.net", "zhcl.com.cn"]
NICKNAMES = ["小鱼儿", "Sunny", "云淡风轻", "追风少年", "阿狸", "🌸静待花开", "Leo", "奶茶不加糖", "橘子汽水",
             "A建材供应", "旺旺", "十一", "momo", "Kevin_Z", "夏天的风", "老司机", "二狗", "大白", "Coco"]

# mobile segments currently allocated on the mainland
MOBILE_PREFIXES = ("130 131 132 133 134 135 136 137 138 139 145 147 149 150 151 152 153 155 156 157 158 159 "
                   "162 165 166 167 170 171 172 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 "
                   "190 191 192 193 195 196 197 198 199").split()
AREA_CODES = sorted(set([p[7] for p in PLACES] + [p[4] for p in RURAL]))

# ---------------------------------------------------------------------------
# Check-digit helpers (also used by the self-test)
# ---------------------------------------------------------------------------

FW = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def to_fw(s):
    return ''.join(FW.get(c, c) for c in s)


def to_hw(s):
    return ''.join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in s).replace('\u3000', ' ')


def luhn_ok(d):
    s = 0
    for i, c in enumerate(reversed(d)):
        n = int(c)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        s += n
    return s % 10 == 0


def luhn_complete(body):
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c


ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check(body17):
    return "10X98765432"[sum(int(a) * b for a, b in zip(body17, ID_W)) % 11]


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_check(body17):
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(body17, USCC_W))
    return USCC_CHARS[(31 - s % 31) % 31]


def orgcode_check(body8):
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    s = sum((int(c) if c.isdigit() else ord(c) - 55) * x for c, x in zip(body8, w))
    c = 11 - s % 11
    return {10: "X", 11: "0"}.get(c, str(c))


VIN_T = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]))
VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin_check(v):
    s = sum((int(c) if c.isdigit() else VIN_T[c]) * w for c, w in zip(v, VIN_W))
    r = s % 11
    return "X" if r == 10 else str(r)


def s10_check(d8):
    s = sum(int(a) * b for a, b in zip(d8, [8, 6, 4, 2, 3, 5, 9, 7]))
    c = 11 - s % 11
    return {10: "0", 11: "5"}.get(c, str(c))


def hkid_check(prefix, digits):
    p = prefix if len(prefix) == 2 else " " + prefix
    vals = [36 if c == " " else ord(c) - 55 for c in p] + [int(c) for c in digits]
    s = sum(v * w for v, w in zip(vals, [9, 8, 7, 6, 5, 4, 3, 2]))
    c = (11 - s % 11) % 11
    return "A" if c == 10 else str(c)


TW_LETTER = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36)))


def twid_ok(v):
    if not re.fullmatch(r"[A-Z][12]\d{8}", v):
        return False
    n = TW_LETTER[v[0]]
    digits = [n // 10, n % 10] + [int(c) for c in v[1:]]
    w = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1]
    return sum(a * b for a, b in zip(digits, w)) % 10 == 0


# ---------------------------------------------------------------------------
# Document builder: text + spans + negatives with code-point offsets
# ---------------------------------------------------------------------------

class Doc:
    def __init__(self):
        self.parts, self.pos, self.spans, self.negs = [], 0, [], []

    def t(self, s):
        self.parts.append(s)
        self.pos += len(s)
        return self

    def p(self, kind, v):
        """personal value"""
        s = self.pos
        self.t(v)
        self.spans.append({"start": s, "end": self.pos, "kind": kind, "value": v})
        return self

    def n(self, typ, v):
        """hard negative"""
        s = self.pos
        self.t(v)
        self.negs.append({"start": s, "end": self.pos, "type": typ})
        return self

    def v(self, kind, v):
        if kind is None:
            return self.t(v)
        if kind.startswith("neg:"):
            return self.n(kind[4:], v)
        return self.p(kind, v)

    def text(self):
        return "".join(self.parts)


# ---------------------------------------------------------------------------
# Value generators
# ---------------------------------------------------------------------------

class Gen:
    def __init__(self, r):
        self.r = r

    # --- names ---------------------------------------------------------
    def person(self):
        """a consistent synthetic person"""
        r = self.r
        if r.random() < 0.06:
            cn = r.choice(MINORITY_NAMES)
            sur_py, giv_py = "", ""
        else:
            if r.random() < 0.07:
                sur, sur_py = r.choice(list(COMPOUND_SURNAMES.items()))
            else:
                sur, sur_py = r.choice(list(SURNAMES.items()))
            k = 1 if r.random() < 0.3 else 2
            gs = [r.choice(list(GIVEN_CHARS.items())) for _ in range(k)]
            cn = sur + "".join(g for g, _ in gs)
            giv_py = "".join(p for _, p in gs)
        place = r.choice(PLACES)
        sex = r.choice("MF")
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=r.randint(0, 26000))
        return {"cn": cn, "sur": sur_py, "giv": giv_py, "sex": sex, "birth": birth, "place": place,
                "id": self.resident_id(birth, sex)}

    def pinyin(self, p, style=None):
        """pinyin forms of a person (falls back to Chinese for minority names)"""
        if not p["sur"]:
            return p["cn"]
        S, G = p["sur"], p["giv"]
        style = style or self.r.choice(["AIR", "WEST", "COMMA", "UPPER", "EAST"])
        return {"AIR": f"{S.upper()}/{G.upper()}", "WEST": f"{G.capitalize()} {S.capitalize()}",
                "COMMA": f"{S.upper()}, {G.capitalize()}", "UPPER": f"{S.upper()} {G.upper()}",
                "EAST": f"{S.capitalize()} {G.capitalize()}"}[style]

    # --- identity --------------------------------------------------------
    def resident_id(self, birth=None, sex=None, code=None):
        r = self.r
        code = code or r.choice(ID_REGION_CODES)
        birth = birth or dt.date(1950, 1, 1) + dt.timedelta(days=r.randint(0, 22000))
        seq = r.randint(0, 99) * 10 + (r.choice([1, 3, 5, 7, 9]) if sex == "M" else r.choice([0, 2, 4, 6, 8]))
        body = f"{code}{birth:%Y%m%d}{seq:03d}"
        return body + id_check(body)

    def id_fmt(self, idv, style=None):
        r = self.r
        style = style or r.choices(["plain", "space", "fw", "lower"], [80, 8, 6, 6])[0]
        if style == "space":
            return " ".join([idv[0:4], idv[4:8], idv[8:12], idv[12:16], idv[16:]]) if r.random() < 0.5 \
                else " ".join([idv[:6], idv[6:14], idv[14:]])
        if style == "fw":
            return to_fw(idv)
        if style == "lower":
            return idv.lower() if idv.endswith("X") else idv
        return idv

    def legacy_id(self, birth):
        return f"{self.r.choice(ID_REGION_CODES)}{birth:%y%m%d}{self.r.randint(0, 999):03d}"

    def passport(self):
        r = self.r
        c = r.random()
        if c < 0.55:
            return "E" + f"{r.randint(10000000, 99999999)}"
        if c < 0.8:
            return "E" + r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + f"{r.randint(0, 9999999):07d}"
        return r.choice("GGDSP") + f"{r.randint(10000000, 99999999)}"

    def hk_macau_permit(self):
        r = self.r
        if r.random() < 0.6:
            return "C" + f"{r.randint(10000000, 99999999)}"
        return "C" + r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + f"{r.randint(0, 9999999):07d}"

    def tw_permit(self, mtp=False):
        r = self.r
        if mtp:
            return f"{r.randint(10000000, 99999999)}"
        return "L" + f"{r.randint(10000000, 99999999)}"

    def hk_id(self):
        r = self.r
        pre = r.choice("ABCDEGHKMPRVYZ") if r.random() < 0.9 else r.choice(["XA", "XB", "WX"])
        d = f"{r.randint(0, 999999):06d}"
        return f"{pre}{d}({hkid_check(pre, d)})"

    def tw_id(self):
        r = self.r
        while True:
            v = r.choice("ABCDEFGHJKLMNPQRSTUVXYWZ") + r.choice("12") + f"{r.randint(0, 9999999):07d}"
            for c in "0123456789":
                if twid_ok(v + c):
                    return v + c

    # --- phones ----------------------------------------------------------
    def mobile_raw(self):
        return self.r.choice(MOBILE_PREFIXES) + f"{self.r.randint(0, 99999999):08d}"

    def mobile(self, raw=None, style=None):
        r = self.r
        m = raw or self.mobile_raw()
        style = style or r.choices(["plain", "sp344", "dash", "+86", "+86sp", "+86dash", "0086", "(+86)", "fw"],
                                   [55, 10, 6, 7, 5, 4, 4, 4, 5])[0]
        return {"plain": m, "sp344": f"{m[:3]} {m[3:7]} {m[7:]}", "dash": f"{m[:3]}-{m[3:7]}-{m[7:]}",
                "+86": "+86" + m, "+86sp": f"+86 {m[:3]} {m[3:7]} {m[7:]}", "+86dash": f"+86-{m[:3]}-{m[3:7]}-{m[7:]}",
                "0086": "0086" + m, "(+86)": "(+86)" + m, "fw": to_fw(m)}[style]

    def landline(self, area=None, ext=None):
        r = self.r
        area = area or r.choice(AREA_CODES)
        n = 8 if len(area) == 3 else r.choice([7, 8])
        local = str(r.randint(2, 8)) + "".join(str(r.randint(0, 9)) for _ in range(n - 1))
        st = r.choice(["dash", "dash", "paren", "space", "plain", "dashsp"])
        v = {"dash": f"{area}-{local}", "paren": f"({area}){local}", "space": f"{area} {local}",
             "plain": area + local, "dashsp": f"{area}-{local[:4]} {local[4:]}"}[st]
        if ext or (ext is None and r.random() < 0.2):
            v += r.choice(["转", " 转 ", "-", " ext.", " ext ", "转分机"]) + str(r.randint(100, 8999))
        return v

    def intl_phone(self):
        r = self.r
        c = r.randint(0, 7)
        d = lambda k: "".join(str(r.randint(0, 9)) for _ in range(k))
        if c == 0:  # NANP
            a = r.choice(["212", "415", "646", "718", "604", "416", "312", "626", "408"])
            x = str(r.randint(2, 9)) + d(2)
            return r.choice([f"+1 {a}-{x}-{d(4)}", f"+1 ({a}) {x}-{d(4)}", f"+1{a}{x}{d(4)}"])
        if c == 1:
            n = r.choice("5679") + d(7)
            return r.choice([f"+852 {n[:4]} {n[4:]}", f"+852-{n}", f"(852) {n}", f"00852 {n}"])
        if c == 2:
            n = "6" + d(7)
            return r.choice([f"+853 {n}", f"+853-{n[:4]}-{n[4:]}"])
        if c == 3:
            n = "9" + d(8)
            return r.choice([f"+886 {n[:3]} {n[3:6]} {n[6:]}", f"+886-{n}", f"+886 {n}"])
        if c == 4:
            n = "7" + r.choice("456789") + d(8)
            return r.choice([f"+44 {n[:4]} {n[4:]}", f"+44{n}"])
        if c == 5:
            n = r.choice(["90", "80", "70"]) + d(8)
            return r.choice([f"+81 {n[:2]}-{n[2:6]}-{n[6:]}", f"+81-{n}"])
        if c == 6:
            n = r.choice("89") + d(7)
            return r.choice([f"+65 {n[:4]} {n[4:]}", f"+65{n}"])
        n = "4" + d(8)
        return r.choice([f"+61 {n[:3]} {n[3:6]} {n[6:]}", f"+61{n}"])

    # --- network ---------------------------------------------------------
    def email(self, p=None):
        r = self.r
        c = r.random()
        if c < 0.25:
            return f"{self.qq()}@qq.com"
        base = (p["sur"] + p["giv"]) if p and p["sur"] else r.choice(["sunny", "leo", "kitty", "tiger", "moon", "star"])
        user = r.choice([base, base + str(r.randint(1, 9999)), base + "_" + str(r.randint(80, 99)),
                         (p["giv"] + "." + p["sur"]) if p and p["sur"] else base + ".cn"])
        dom = r.choice(CORP_DOMAINS) if r.random() < 0.12 else r.choice(EMAIL_DOMAINS)
        return f"{user}@{dom}"

    def qq(self):
        return str(self.r.randint(10000, 3999999999))

    def wechat(self, p=None):
        r = self.r
        if r.random() < 0.25:
            return "wxid_" + "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(14))
        base = (p["sur"] + "_" + p["giv"]) if p and p["sur"] else r.choice(["happy", "sky", "xiaoyu", "mumu", "lucky"])
        v = base + r.choice(["", str(r.randint(1, 999)), "_" + str(r.randint(70, 99)), "-wx", str(r.randint(1980, 2005))])
        v = v[:20]
        if len(v) < 6:
            v += str(r.randint(1000, 9999))
        return v

    def password(self):
        r = self.r
        return r.choice([
            lambda: r.choice(["Zw@", "Lx#", "abc", "qwe", "Aa", "pass", "Wo"]) + str(r.randint(1000, 999999)),
            lambda: "".join(r.choice("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%") for _ in range(r.randint(8, 14))),
            lambda: r.choice(["zhang", "wang", "li", "love", "iloveyou", "hello"]) + str(r.randint(1970, 2010)) + r.choice(["", "!", ".", "@"]),
            lambda: f"{r.randint(100000, 999999)}",
        ])()

    def sms(self):
        return f"{self.r.randint(0, 10 ** (k := self.r.choice([4, 6, 6, 6, 4, 5])) - 1):0{k}d}"

    def ip(self):
        r = self.r
        if r.random() < 0.8:
            while True:
                a = ipaddress.IPv4Address(r.randint(0x01000000, 0xDF000000))
                if a.is_global:
                    return str(a)
        pre = r.choice(["2409:8a28", "240e:3b7", "2408:8207", "2001:da8", "240e:47e"])
        rest = ":".join(f"{r.randint(0, 65535):x}" for _ in range(6))
        v = f"{pre}:{rest}"
        if r.random() < 0.3:
            v = f"{pre}:{r.randint(1, 65535):x}::{r.randint(1, 65535):x}"
        return str(ipaddress.IPv6Address(v)) if r.random() < 0.5 else v

    def mac(self):
        r = self.r
        sep = r.choice([":", "-", ":"])
        o = [r.randint(0, 255) for _ in range(6)]
        o[0] &= 0xFC
        s = sep.join(f"{x:02x}" for x in o)
        return s.upper() if r.random() < 0.5 else s

    def imei(self):
        r = self.r
        body = r.choice(["86", "35", "35", "86", "01"]) + f"{r.randint(0, 999999):06d}" + f"{r.randint(0, 999999):06d}"
        return luhn_complete(body)

    # --- property --------------------------------------------------------
    def bank_card(self):
        r = self.r
        b, n = r.choice(list(BANK_BINS.items()))
        body = b + "".join(str(r.randint(0, 9)) for _ in range(n - len(b) - 1))
        return luhn_complete(body)

    def card_fmt(self, c):
        r = self.r
        st = r.choices(["plain", "sp4", "dash4", "fw"], [60, 25, 7, 8])[0]
        if st == "sp4":
            return " ".join(c[i:i + 4] for i in range(0, len(c), 4))
        if st == "dash4":
            return "-".join(c[i:i + 4] for i in range(0, len(c), 4))
        if st == "fw":
            return to_fw(c)
        return c

    def plate(self, prefix=None):
        r = self.r
        prefix = prefix or r.choice(PLACES)[9]
        L = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        c = r.random()
        if c < 0.6:
            chars = [str(r.randint(0, 9)) for _ in range(5)]
            for _ in range(r.choice([0, 0, 1, 1, 2])):
                chars[r.randint(0, 4)] = r.choice(L)
            tail = "".join(chars)
        elif c < 0.85:
            tail = r.choice("DF") + f"{r.randint(0, 99999):05d}" if r.random() < 0.7 else f"{r.randint(0, 99999):05d}" + r.choice("DF")
        else:
            tail = f"{r.randint(0, 9999):04d}" + r.choice("学警挂港澳")
            if tail.endswith(("港", "澳")):
                prefix = "粤Z"
        sep = r.choice(["", "", "·", " ", "·"])
        return prefix + sep + tail

    def vin(self):
        r = self.r
        A = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
        wmi = r.choice(["LSV", "LFV", "LGB", "LBV", "LHG", "LVS", "LSG", "LDC", "LVG", "LGW", "LNB", "WBA", "LE4"])
        v = wmi + "".join(r.choice(A) for _ in range(5)) + "0" + r.choice("KLMNPRS") + r.choice(A) + f"{r.randint(0, 999999):06d}"
        return v[:8] + vin_check(v) + v[9:]

    def property_cert(self, place=None):
        r = self.r
        pl = place or r.choice(PLACES)
        lb, rb = r.choice([("(", ")"), ("（", "）")])
        if r.random() < 0.8:
            loc = r.choice([pl[3], pl[5]])
            return f"{pl[12]}{lb}{r.randint(2016, 2025)}{rb}{loc}不动产权第{r.randint(1, 9999999):07d}号"
        if r.random() < 0.5:
            return f"{pl[3][0]}房权证{pl[5][0]}字第{r.randint(10000, 99999999)}号"
        return f"{pl[12]}房地{pl[5][0]}字{lb}{r.randint(1998, 2015)}{rb}第{r.randint(1000, 999999):06d}号"

    def uscc(self, kind="91", code=None):
        r = self.r
        code = code or r.choice(ID_REGION_CODES)
        body8 = "".join(r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY" if kind == "92" else "0123456789") for _ in range(8))
        if kind == "92":
            body8 = "L" + body8[1:]
            org = body8 + r.choice("0123456789ABCDEFGHJKLMNPQRTUWXY")
        else:
            body8 = str(r.randint(1, 9)) + body8[1:]
            org = body8 + orgcode_check(body8)
        body = kind + code + org
        return body + uscc_check(body)

    # --- trajectory -------------------------------------------------------
    def pnr(self):
        r = self.r
        A = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        while True:
            v = "".join(r.choice(A + "23456789") for _ in range(6))
            if r.random() < 0.35 and not v[0].isdigit():
                v = r.choice("23456789") + v[1:]
            if sum(c.isalpha() for c in v) >= 3:
                return v

    def ticket(self, code=None):
        r = self.r
        code = code or r.choice(AIRLINES)[1]
        n = f"{r.randint(0, 9999999999):010d}"
        return r.choice([f"{code}-{n}", f"{code}{n}", f"{code}-{n}"])

    def waybill(self):
        r = self.r
        c = r.randint(0, 7)
        d = lambda k: "".join(str(r.randint(0, 9)) for _ in range(k))
        if c == 0:
            return "SF" + str(r.randint(1, 9)) + d(11 if r.random() < 0.5 else 12)
        if c == 1:
            return "YT" + r.choice("2345678") + d(12)
        if c == 2:
            return "JD" + r.choice(["VA", "VB", "VC", "X0", "00"]) + d(11)
        if c == 3:  # S10
            p8 = d(8)
            return r.choice(["EA", "EB", "EE", "RR", "LK", "CP"]) + p8 + s10_check(p8) + "CN"
        if c == 4:  # ZTO
            return r.choice(["7", "5", "3"]) + r.choice("35") + d(10)
        if c == 5:  # STO
            return "77" + d(11)
        if c == 6:  # Yunda
            return r.choice(["43", "46", "31"]) + d(11)
        return "JT" + d(13)  # J&T

    def geo(self, place=None):
        r = self.r
        pl = place or r.choice(PLACES)
        lat = pl[10] + r.uniform(-0.05, 0.05)
        lon = pl[11] + r.uniform(-0.05, 0.05)
        k = r.choice([4, 5, 6, 6])
        st = r.randint(0, 5)
        if st == 0:
            return f"{lat:.{k}f},{lon:.{k}f}"
        if st == 1:
            return f"{lat:.{k}f}, {lon:.{k}f}"
        if st == 2:
            return f"{lon:.{k}f},{lat:.{k}f}"
        if st == 3:
            return f"N{lat:.{k}f}° E{lon:.{k}f}°"
        if st == 4:
            def dms(x):
                d = int(x); m = int((x - d) * 60); s = (x - d - m / 60) * 3600
                return f"{d}°{m:02d}'{s:04.1f}\""
            return f"{dms(lat)}N {dms(lon)}E"
        return f"{lat:.{k}f}N,{lon:.{k}f}E"

    # --- places / orgs ------------------------------------------------------
    def street(self):
        a, b, c = self.r.choice(STREET_A), self.r.choice(STREET_B), self.r.choice(STREET_C)
        return a[0] + b[0] + c[0], a[1] + b[1] + c[1]

    def address(self, pl=None, style=None):
        r = self.r
        pl = pl or r.choice(PLACES)
        st, _ = self.street()
        num = r.randint(1, 999)
        sp = r.random() < 0.2
        no = f"{st} {num} 号" if sp else f"{st}{num}号"
        comm = r.choice(COMMUNITY_A) + r.choice(COMMUNITY_B)
        unit = r.choice([
            f"{comm}{r.randint(1, 30)}栋{r.randint(1, 4)}单元{r.randint(1, 33)}{r.randint(1, 4):02d}室",
            f"{comm}{r.randint(1, 30)}幢{r.randint(1, 33)}{r.randint(1, 4):02d}室",
            f"{comm}{r.randint(1, 20)}号楼{r.randint(1, 6)}门{r.randint(1, 20)}{r.randint(1, 4):02d}",
            f"{r.choice(COMMUNITY_A)}{r.choice(BUILDINGS)}{r.choice('ABCD')}座{r.randint(2, 40)}{r.randint(1, 20):02d}室",
            f"{comm}{r.randint(1, 30)}-{r.randint(1, 4)}-{r.randint(1, 33)}{r.randint(1, 4):02d}",
        ])
        style = style or r.choices(["full", "city", "dist"], [50, 35, 15])[0]
        muni = pl[1] == pl[3]
        if style == "full":
            head = (pl[1] if muni else pl[1] + pl[3]) + pl[5]
        elif style == "city":
            head = pl[3] + pl[5]
        else:
            head = pl[5]
        return head + no + unit

    def rural_address(self):
        r = self.r
        rp = r.choice(RURAL)
        head = (rp[1] + rp[3]) if rp[1] == rp[2] else rp[1] + rp[2] + rp[3]
        return head + r.choice(TOWNS) + r.choice(VILLAGES) + r.choice([f"{r.randint(1, 12)}组{r.randint(1, 120)}号",
                                                                        f"{r.randint(1, 300)}号", f"村委会旁{r.randint(1, 60)}号"])

    def en_address(self, pl=None):
        r = self.r
        pl = pl or r.choice(PLACES)
        _, st_en = self.street()
        return r.choice([
            f"Room {r.randint(1, 33)}{r.randint(1, 4):02d}, Building {r.randint(1, 30)}, No. {r.randint(1, 999)} {st_en}, {pl[6]} District, {pl[4]}",
            f"No. {r.randint(1, 999)} {st_en}, Apt {r.randint(101, 2804)}, {pl[6]} District, {pl[4]}, {pl[2]}, China",
            f"Flat {r.randint(1, 30)}{r.choice('ABCDEF')}, {r.randint(1, 999)} {st_en}, {pl[4]} {pl[8]}",
        ])

    def postcode(self, pl):
        return pl[8][:4] + f"{int(pl[8][4:]) + self.r.randint(0, 30):02d}"[-2:]

    def company(self, pl=None):
        r = self.r
        pl = pl or r.choice(PLACES)
        city = pl[3][:-1]
        return r.choice([city, pl[3], city, ""]) + r.choice(COMPANY_WORDS) + r.choice(COMPANY_TRADES) + r.choice(COMPANY_SUFFIX)

    def hotel(self, pl=None):
        r = self.r
        pl = pl or r.choice(PLACES)
        city = pl[3][:-1]
        st, _ = self.street()
        return r.choice([
            f"{city}{r.choice(HOTEL_BRANDS)}{r.choice(HOTEL_SUFFIX)}",
            f"{r.choice(HOTEL_BRANDS)}酒店({city}{st}店)",
            f"{city}{r.choice(['西湖', '滨江', '东湖', '金陵', '钱塘', '锦江', '天府', '海天'])}国宾馆",
            f"{r.choice(HOTEL_BRANDS)}{r.choice(HOTEL_SUFFIX)}（{city}{pl[5]}店）",
        ])

    def hospital(self, pl=None):
        r = self.r
        pl = pl or r.choice(PLACES)
        city = pl[3][:-1]
        num = "一二三四五六七八九"
        return r.choice([
            f"{pl[3]}第{r.choice(num)}人民医院", f"{city}市中医院", f"{pl[1]}人民医院", f"{pl[3]}妇幼保健院",
            f"{pl[5]}人民医院", f"{pl[2] and pl[1][:2]}医科大学附属第{r.choice(num[:4])}医院", f"{city}市儿童医院",
            f"{pl[5]}{r.choice(['北山', '翠苑', '湖滨', '南星'])}街道社区卫生服务中心",
        ])

    def school(self, pl=None):
        r = self.r
        pl = pl or r.choice(PLACES)
        city = pl[3][:-1]
        num = "一二三四五六七八九十"
        return r.choice([
            f"{pl[3]}第{r.choice(num)}中学", f"{city}市{r.choice(SCHOOL_WORDS)}小学", f"{pl[5]}{r.choice(SCHOOL_WORDS)}实验学校",
            f"{city}{r.choice(['理工', '师范', '财经', '科技', '医学'])}大学", f"{pl[1][:2]}{r.choice(['工业', '交通', '经贸'])}职业技术学院",
            f"{city}市{r.choice(SCHOOL_WORDS)}中学", f"{pl[5]}{r.choice(SCHOOL_WORDS)}幼儿园",
        ])

    def police(self, pl=None):
        r = self.r
        pl = pl or r.choice(PLACES)
        return r.choice([f"{pl[3]}公安局{dshort(pl[5])}分局", f"{pl[3]}公安局{dshort(pl[5])}分局{r.choice(['北山', '翠苑', '湖滨', '文新', '古荡', '南星', '小营'])}派出所"])

    def bank_branch(self, pl=None):
        r = self.r
        pl = pl or r.choice(PLACES)
        st, _ = self.street()
        c = r.random()
        if c < 0.75:
            return r.choice(BANKS_FULL) + r.choice(["股份有限公司", ""]) + pl[3][:-1] + r.choice([dshort(pl[5]), st[:-1]]) + r.choice(["支行", "支行", "分理处"])
        if c < 0.9:
            return r.choice(BANKS_FULL) + pl[3][:-1] + "分行营业部"
        return r.choice(BANKS_FULL) + pl[3][:-1] + "分行"

    def org_any(self, pl=None):
        return self.r.choice([self.company, self.company, self.hospital, self.school, self.hotel])(pl)

    # --- dates -------------------------------------------------------------
    def birth_fmt(self, b, style=None):
        r = self.r
        style = style or r.choice(["iso", "cn", "cn0", "slash", "compact", "dot"])
        return {"iso": f"{b:%Y-%m-%d}", "cn": f"{b.year}年{b.month}月{b.day}日", "cn0": f"{b:%Y年%m月%d日}",
                "slash": f"{b:%Y/%m/%d}", "compact": f"{b:%Y%m%d}", "dot": f"{b:%Y.%m.%d}",
                "gds": f"{b.day:02d}{MONTHS[b.month - 1]}{b:%y}", "en": f"{b.day} {MONTH_EN[b.month - 1]} {b.year}",
                "en3": f"{b.day:02d} {MONTH_EN[b.month - 1][:3]} {b.year}"}[style]

    def date(self, y0=2019, y1=2025):
        return dt.date(y0, 1, 1) + dt.timedelta(days=self.r.randint(0, (y1 - y0 + 1) * 365 - 1))

    def ts(self, d=None):
        d = d or self.date()
        r = self.r
        return f"{d:%Y-%m-%d} {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}"


# ---------------------------------------------------------------------------
# Hard negatives
# ---------------------------------------------------------------------------

class Neg:
    def __init__(self, r):
        self.r = r

    def d(self, k):
        return "".join(str(self.r.randint(0, 9)) for _ in range(k))

    def mobile_like(self):
        return self.r.choice(MOBILE_PREFIXES) + self.d(8)

    def order_no(self):
        r = self.r
        return r.choice([self.mobile_like, lambda: "2" + self.d(18), lambda: self.d(1).replace("0", "3") + self.d(17),
                         lambda: "DD" + self.d(16), lambda: "SO" + self.d(12), lambda: "E" + self.d(16),
                         lambda: f"{r.randint(2020, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}{self.d(8)}"])()

    def txn_no(self):
        r = self.r
        return r.choice([lambda: self.d(22), lambda: "4200" + self.d(24), lambda: "TXN" + self.d(15),
                         lambda: f"{r.randint(2020, 2025)}{self.d(16)}", lambda: self.mobile_like() + self.d(6)])()

    def ts13(self):
        return str(self.r.randint(1577836800000, 1767225600000))

    def hotline(self):
        r = self.r
        return r.choice(["95588", "95533", "95555", "95599", "95566", "95559", "95528", "95338", "95311", "95546",
                         "10086", "10010", "10000", "12345", "12306", "12315", "12123", f"400-{self.d(3)}-{self.d(4)}",
                         f"400{self.d(7)}", f"800-{self.d(3)}-{self.d(4)}", f"4008-{self.d(3)}-{self.d(3)}", "95017"])

    def sku(self):
        return self.r.choice([self.mobile_like, lambda: "10" + self.d(10), lambda: "SKU" + self.d(8), lambda: self.d(12)])()

    def invoice_code(self):
        return "0" + self.r.choice(["33", "44", "31", "11", "32", "51"]) + self.d(9)

    def invoice_no(self):
        return self.r.choice([lambda: self.d(8), lambda: str(self.r.randint(23, 25)) + self.d(18)])()

    def flight(self):
        r = self.r
        return r.choice(AIRLINES)[0] + str(r.randint(100, 9999))

    def amount(self):
        r = self.r
        return r.choice([lambda: self.mobile_like() + ".00", lambda: f"{r.randint(1, 99999)}.{r.randint(0, 99):02d}",
                         lambda: f"{r.randint(1, 999)},{r.randint(0, 999):03d}.{r.randint(0, 99):02d}",
                         lambda: f"¥{r.randint(10, 9999)}.00"])()

    def version(self):
        r = self.r
        return r.choice([f"{r.randint(1, 12)}.{r.randint(0, 9)}.{r.randint(0, 30)}.{r.randint(0, 9999)}",
                         f"V{r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)}", f"10.0.{r.randint(10000, 22631)}.{r.randint(100, 4000)}",
                         f"{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 200)}.{r.randint(0, 200)}"])

    def internal_id(self):
        r = self.r
        return r.choice([f"WO{r.randint(2020, 2025)}{self.d(8)}", f"KH{self.d(8)}", f"GD-{self.d(10)}", f"CUST{self.d(9)}",
                         self.d(10), f"SN{self.d(12)}", f"P{self.d(7)}"])

    def date(self):
        d = dt.date(2018, 1, 1) + dt.timedelta(days=self.r.randint(0, 2900))
        return self.r.choice([f"{d:%Y-%m-%d}", f"{d.year}年{d.month}月{d.day}日", f"{d:%Y/%m/%d}", f"{d:%Y%m%d}"])

    def barcode(self):
        return luhn_complete("69" + self.d(10))  # EAN-13 style 13 digits

    def masked_mobile(self):
        m = self.mobile_like()
        return m[:3] + "****" + m[7:]

    def pickup_code(self):
        r = self.r
        return r.choice([f"{r.randint(1, 20)}-{r.randint(1, 6)}-{r.randint(1000, 9999)}", f"{r.randint(100000, 999999)}",
                         f"A{r.randint(10, 99)}-{r.randint(1000, 9999)}"])

    def famous(self):
        return self.r.choice(FAMOUS)


# ---------------------------------------------------------------------------
# Layout helpers
# ---------------------------------------------------------------------------

def C(r, *opts):
    return r.choice(opts)


def kv(d, r, fields, sep=None, joiner=None, shuffle=True, keep=1):
    """fields: (label or [labels], kind|None|'neg:type', value); random order/labels/separators"""
    fields = [f for f in fields if f is not None]
    if shuffle:
        head, tail = fields[:keep], fields[keep:]
        r.shuffle(tail)
        fields = head + tail
    sep = sep if sep is not None else C(r, "：", ": ", ":", "：", " ", "：")
    joiner = joiner if joiner is not None else C(r, "\n", "\n", "\n", "  ", " | ", "；", "\n")
    for i, (label, kind, val) in enumerate(fields):
        if i:
            d.t(joiner)
        if isinstance(label, (list, tuple)):
            label = r.choice(label)
        d.t(label + sep)
        d.v(kind, val)


def table(d, r, header, rows, sep=None):
    sep = sep or C(r, ",", "\t", " | ", ",", "|")
    d.t(sep.join(header) + "\n")
    for row in rows:
        for j, (kind, val) in enumerate(row):
            if j:
                d.t(sep)
            d.v(kind, val)
        d.t("\n")


def footer(d, r, N, k=None):
    """a line or two of typical non-personal noise"""
    items = [("打印时间：", "timestamp", lambda: Gen(r).ts()), ("客服热线：", "hotline", N.hotline),
             ("单据号：", "order_no", N.order_no), ("系统版本 ", "version_string", N.version),
             ("流水号：", "transaction_no", N.txn_no), ("时间戳：", "timestamp", N.ts13),
             ("操作员工号：", "internal_id", N.internal_id)]
    for lab, typ, f in r.sample(items, k or r.randint(1, 3)):
        d.t("\n" + lab)
        d.n(typ, f())


def sexcn(p):
    return "男" if p["sex"] == "M" else "女"


def dshort(dist):
    return dist[:-2] if dist.endswith("新区") else dist[:-1] if dist[-1] in "区县市" else dist


# ---------------------------------------------------------------------------
# Templates: one function per industry, each with several formats
# ---------------------------------------------------------------------------

def ind_telecom(g, N, r):
    d = Doc()
    p = g.person()
    fmt = C(r, "acceptance_form", "crm_export", "sms_code_log", "broadband_install")
    if fmt == "acceptance_form":
        d.t(C(r, "中国移动 业务受理单\n", "【营业厅】客户业务受理回执\n", "中国联通 入网登记表\n", "电信业务受理单（客户联）\n"))
        newm = g.mobile_raw()
        kv(d, r, [
            (["客户姓名", "机主姓名", "用户名称", "姓名"], "person_name", p["cn"]),
            (["受理单号", "业务流水", "工单编号"], "neg:order_no", N.order_no()),
            (["证件号码", "身份证号码", "证件号"], "cn_resident_id", g.id_fmt(p["id"])),
            (["联系电话", "联系号码", "联系人电话"], "cn_mobile", g.mobile()),
            (["新开号码", "办理号码", "服务号码"], "cn_mobile", g.mobile(newm, "plain")),
            (["证件地址", "户籍地址"], "address", g.address()),
            (["联系地址", "通讯地址", "装机地址"], "address", g.address(p["place"])),
            (["终端IMEI", "手机串号", "IMEI"], "imei", g.imei()),
            (["受理时间", "办理时间"], "neg:timestamp", g.ts()),
            (["套餐月费", "预存话费"], "neg:amount", N.amount()),
            (["服务密码", "初始密码"], "credential", g.password()) if r.random() < 0.5 else None,
            (["邮编", "邮政编码"], "postal_code", g.postcode(p["place"])) if r.random() < 0.4 else None,
            (["受理员工号", "营业员"], "neg:internal_id", N.internal_id()),
        ])
        d.t(f"\n{C(r, '客服热线', '服务热线')}：")
        d.n("hotline", C(r, "10086", "10010", "10000"))
        d.t("\n客户签名：______")
    elif fmt == "crm_export":
        d.t(C(r, "CRM用户清单导出\n", "# export user_list.csv\n", "营业厅实名信息(内部)\n"))
        rows = []
        for _ in range(r.randint(3, 7)):
            q = g.person()
            rows.append([("neg:internal_id", N.internal_id()), ("person_name", q["cn"]), ("cn_mobile", g.mobile(style="plain")),
                         ("cn_resident_id", q["id"]), ("neg:date", N.date()), (None, C(r, "5G畅享128元", "全家享199", "花卡29元", "大王卡")),
                         ("neg:amount", N.amount()), (None, C(r, "正常", "停机", "欠费", "预销户"))])
        table(d, r, ["用户编号", "姓名", "手机号码", "证件号码", "入网日期", "套餐", "余额", "状态"], rows)
    elif fmt == "sms_code_log":
        d.t(C(r, "接码平台 通道日志\n", "卡池短信记录 export\n", "营业厅 卡商 码单\n"))
        for _ in range(r.randint(4, 9)):
            d.n("timestamp", g.ts())
            d.t(C(r, " | ", "  ", ","))
            d.p("cn_mobile", g.mobile(style=C(r, "plain", "plain", "+86")))
            d.t(C(r, " | ", "  ", ","))
            app = C(r, "某宝", "某音", "某东", "某团", "某信", "某银行")
            c = r.random()
            if c < 0.4:
                d.t(f"【{app}】您的验证码是")
                d.p("sms_code", g.sms())
                d.t(C(r, "，5分钟内有效，请勿泄露。", "，如非本人操作请忽略。"))
            elif c < 0.7:
                d.t(C(r, "yzm ", "yzm:", "code ", "验证码 ", "码 "))
                d.p("sms_code", g.sms())
            else:
                d.t(f"【{app}】校验码")
                d.p("sms_code", g.sms())
                d.t("，用于登录。客服")
                d.n("hotline", N.hotline())
            d.t(C(r, " | 通道", " ch=", " #"))
            d.n("internal_id", str(r.randint(1, 99)))
            d.t("\n")
    else:
        d.t(C(r, "宽带装机工单\n", "光宽带开通单\n", "家宽预约安装\n"))
        kv(d, r, [
            (["用户姓名", "客户"], "person_name", p["cn"]),
            (["联系电话", "手机"], "cn_mobile", g.mobile()),
            (["装机地址", "安装地址"], "address", g.address(p["place"])),
            (["宽带账号", "上网账号"], "neg:internal_id", N.internal_id()),
            (["宽带密码", "上网密码", "初始密码"], "credential", g.password()),
            (["光猫MAC", "ONU MAC", "设备MAC"], "mac_address", g.mac()),
            (["公网IP", "WAN IP"], "ip_address", g.ip()),
            (["预约时间"], "neg:timestamp", g.ts()),
            (["固件版本"], "neg:version_string", N.version()),
            (["固定电话", "座机"], "cn_landline", g.landline(p["place"][7])) if r.random() < 0.6 else None,
        ])
    footer(d, r, N, 1)
    return fmt, d


def ind_bank(g, N, r):
    d = Doc()
    p = g.person()
    fmt = C(r, "card_application", "statement", "transfer_receipt", "vat_invoice", "mortgage_application")
    if fmt == "card_application":
        d.t(C(r, "信用卡申请表\n", "借记卡开户申请书（个人）\n", "个人客户信息登记表\n"))
        emer = g.person()
        kv(d, r, [
            (["申请人姓名", "姓名", "客户姓名"], "person_name", p["cn"]),
            (["出生日期", "生日"], "birth_date", g.birth_fmt(p["birth"])),
            (["证件号码", "身份证号"], "cn_resident_id", g.id_fmt(p["id"])),
            (["移动电话", "手机号码"], "cn_mobile", g.mobile()),
            (["住宅电话", "家庭电话"], "cn_landline", g.landline(p["place"][7], ext=False)),
            (["电子邮箱", "E-mail"], "email", g.email(p)),
            (["单位名称", "工作单位"], "organization", g.company()),
            (["单位电话"], "cn_landline", g.landline()),
            (["单位地址"], "address", g.address()),
            (["住宅地址", "现居住地址"], "address", g.address(p["place"])),
            (["邮政编码", "住宅邮编"], "postal_code", g.postcode(p["place"])),
            (["紧急联系人"], "person_name", emer["cn"]),
            (["联系人手机", "紧急联系人电话"], "cn_mobile", g.mobile()),
            (["申请编号"], "neg:order_no", N.order_no()),
            (["推荐人工号"], "neg:internal_id", N.internal_id()),
            (["年收入(元)"], "neg:amount", N.amount()),
        ])
    elif fmt == "statement":
        d.t(C(r, "个人账户交易明细\n", "CMB 账户流水 Statement\n", "活期账户交易明细清单\n"))
        kv(d, r, [(["户名", "账户名称", "客户姓名"], "person_name", p["cn"]),
                  (["卡号", "账号"], "bank_card", g.card_fmt(g.bank_card())),
                  (["开户行", "开户网点"], "organization", g.bank_branch(p["place"])),
                  (["起止日期"], "neg:date", N.date())], joiner="  ", shuffle=False)
        d.t("\n")
        rows = []
        for _ in range(r.randint(3, 8)):
            if r.random() < 0.5:
                q = g.person()
                cp = [("person_name", q["cn"]), ("bank_card", g.bank_card())]
            else:
                cp = [("organization", g.company()), ("neg:internal_id", N.internal_id())]
            rows.append([("neg:date", N.date()), (None, C(r, "转账", "消费", "工资", "快捷支付", "ATM取款", "跨行汇款")),
                         ("neg:amount", N.amount()), ("neg:amount", N.amount())] + cp + [("neg:transaction_no", N.txn_no())])
        table(d, r, ["交易日期", "摘要", "金额", "余额", "对方户名", "对方账号", "流水号"], rows)
        d.t(f"如有疑问请致电")
        d.n("hotline", C(r, "95555", "95588", "95533", "95599"))
        d.t("。网点：")
        d.n("bank_abbreviation", r.choice(BANK_ABBR))
        d.t("营业部")
    elif fmt == "transfer_receipt":
        q = g.person()
        d.t(C(r, "电子回单\n", "网上银行电子回单\n", "转账汇款凭证\n"))
        kv(d, r, [
            (["付款人", "付款户名"], "person_name", p["cn"]),
            (["付款账号"], "bank_card", g.card_fmt(g.bank_card())),
            (["付款行"], "organization", g.bank_branch()),
            (["收款人", "收款户名"], "person_name", q["cn"]),
            (["收款账号"], "bank_card", g.card_fmt(g.bank_card())),
            (["收款行"], "organization", g.bank_branch()),
            (["金额"], "neg:amount", N.amount()),
            (["交易流水号", "流水号"], "neg:transaction_no", N.txn_no()),
            (["交易时间"], "neg:timestamp", g.ts()),
            (["附言", "用途"], None, C(r, "房租", "货款", "还款", "生活费", "借款")),
        ], keep=0)
        d.t("\n本回单可通过")
        d.n("hotline", N.hotline())
        d.t("核验")
    elif fmt == "mortgage_application":
        sp = g.person()
        d.t(C(r, "个人住房抵押贷款申请表\n", "二手房按揭资料清单\n", "抵押登记申请（借款人信息）\n"))
        kv(d, r, [
            (["借款人", "主借款人"], "person_name", p["cn"]),
            (["身份证号码"], "cn_resident_id", g.id_fmt(p["id"])),
            (["配偶姓名", "共同借款人"], "person_name", sp["cn"]),
            (["配偶证件号"], "cn_resident_id", g.id_fmt(sp["id"])),
            (["抵押物坐落", "房屋坐落"], "address", g.address(p["place"])),
            (["不动产权证号", "产权证书号", "房产证号"], "property_cert_no", g.property_cert(p["place"])),
            (["工作单位"], "organization", g.org_any()),
            (["月收入"], "neg:amount", N.amount()),
            (["贷款金额"], "neg:amount", N.amount()),
            (["还款账号"], "bank_card", g.card_fmt(g.bank_card())),
            (["手机"], "cn_mobile", g.mobile()),
            (["申请编号"], "neg:order_no", N.order_no()),
            (["评估日期"], "neg:date", N.date()),
        ])
    else:
        d.t(C(r, "增值税电子普通发票\n", "电子发票（普通发票）\n", "增值税专用发票 抵扣联\n"))
        person_buyer = r.random() < 0.4
        kv(d, r, [(["发票代码"], "neg:invoice_code", N.invoice_code()), (["发票号码"], "neg:invoice_no", N.invoice_no()),
                  (["开票日期"], "neg:date", N.date()), (["校验码"], "neg:invoice_check_code", " ".join(N.d(5) for _ in range(4)))],
           joiner="  ", shuffle=False)
        d.t("\n购买方 名称：")
        if person_buyer:
            d.p("person_name", p["cn"])
            d.t("（个人）")
        else:
            d.p("organization", g.company())
            d.t("\n纳税人识别号：")
            d.p("cn_uscc", g.uscc("91"))
        d.t("\n地址、电话：")
        d.p("address", g.address())
        d.t(" ")
        d.p("cn_landline", g.landline(ext=False))
        d.t("\n开户行及账号：")
        d.p("organization", g.bank_branch())
        d.t(" ")
        d.p("bank_card", g.bank_card())
        d.t("\n销售方 名称：")
        d.p("organization", g.company())
        d.t("\n纳税人识别号：")
        d.p("cn_uscc", g.uscc(C(r, "91", "91", "92")))
        d.t(f"\n货物名称 {C(r, '*餐饮服务*餐费', '*信息技术服务*技术服务费', '*电子计算机*笔记本电脑')}  金额 ")
        d.n("amount", N.amount())
        d.t("  税额 ")
        d.n("amount", N.amount())
        d.t("\n机器编号：")
        d.n("internal_id", N.d(12))
    footer(d, r, N, 1)
    return fmt, d


def ind_ecommerce(g, N, r):
    d = Doc()
    p = g.person()
    fmt = C(r, "order_detail", "order_csv", "aftersales_ticket", "food_delivery")
    if fmt == "order_detail":
        d.t(C(r, "订单详情\n", "【订单信息】\n", "Order #", "买家订单快照\n"))
        kv(d, r, [
            (["订单编号", "订单号"], "neg:order_no", N.order_no()),
            (["收货人", "收件人"], "person_name", p["cn"]),
            (["联系电话", "手机号"], "cn_mobile", g.mobile()),
            (["收货地址", "配送地址"], "address", g.address(p["place"])),
            (["下单时间", "创建时间"], "neg:timestamp", g.ts()),
            (["实付款", "订单金额"], "neg:amount", N.amount()),
            (["商品编码", "SKU"], "neg:sku", N.sku()),
            (["商品条码"], "neg:barcode", N.barcode()),
            (["物流单号", "快递单号", "运单号"], "waybill_no", g.waybill()),
            (["买家邮箱"], "email", g.email(p)) if r.random() < 0.4 else None,
            (["支付流水"], "neg:transaction_no", N.txn_no()),
        ], keep=0)
        d.t(f"\n买家留言：{C(r, '放门口就行', '工作日送', '请电联', '别打电话发短信')}")
    elif fmt == "order_csv":
        d.t(C(r, "orders_export.csv\n", "店铺订单导出\n", "发货清单\n"))
        rows = []
        for _ in range(r.randint(3, 7)):
            q = g.person()
            rows.append([("neg:order_no", N.order_no()), (None, C(r, "tb_", "jd_", "pdd_") + str(r.randint(1000, 99999))),
                         ("person_name", q["cn"]), ("cn_mobile", g.mobile(style="plain")), ("address", g.address(q["place"])),
                         ("neg:sku", N.sku()), ("neg:amount", N.amount()), ("waybill_no", g.waybill())])
        table(d, r, ["订单号", "买家昵称", "收货人", "联系电话", "收货地址", "商品编码", "金额", "快递单号"], rows, sep=C(r, ",", "\t"))
    elif fmt == "aftersales_ticket":
        d.t(C(r, "售后服务工单\n", "退换货申请\n", "维修受理单\n"))
        kv(d, r, [
            (["工单号"], "neg:internal_id", N.internal_id()),
            (["客户姓名", "联系人"], "person_name", p["cn"]),
            (["联系电话"], "cn_mobile", g.mobile()),
            (["设备IMEI", "IMEI1", "串号"], "imei", g.imei()),
            (["寄回地址", "取件地址"], "address", g.address(p["place"])),
            (["寄回运单", "退货单号"], "waybill_no", g.waybill()),
            (["原订单号"], "neg:order_no", N.order_no()),
            (["系统版本"], "neg:version_string", N.version()),
            (["邮箱"], "email", g.email(p)) if r.random() < 0.5 else None,
        ])
        d.t(f"\n问题描述：{C(r, '开机黑屏', '屏幕有亮线', '充电发烫', '无法联网')}，客户称{C(r, '马上', '周末')}要用，请尽快处理。")
    else:
        pl = p["place"]
        d.t(C(r, "外卖订单 #", "骑手配送单 ", "【商家小票】"))
        d.n("order_no", str(r.randint(1, 200)))
        d.t("\n")
        kv(d, r, [
            (["顾客", "收餐人"], "person_name", p["cn"]),
            (["电话", "手机"], "cn_mobile", g.mobile()),
            (["地址", "送餐地址"], "address", g.address(pl)),
            (["定位", "坐标"], "geo_coordinate", g.geo(pl)),
            (["下单时间"], "neg:timestamp", g.ts()),
            (["订单号"], "neg:order_no", N.order_no()),
            (["合计"], "neg:amount", N.amount()),
        ])
        d.t(f"\n备注：{C(r, '不要香菜', '多放辣', '餐具1份', '放外卖柜')}")
    footer(d, r, N)
    return fmt, d


def ind_hospital(g, N, r):
    d = Doc()
    p = g.person()
    pl = p["place"]
    hosp = g.hospital(pl)
    fmt = C(r, "registration_slip", "medical_record_front", "lab_report", "physical_exam")
    if fmt == "registration_slip":
        d.t(C(r, "门诊挂号单\n", "挂号凭条\n", "预约挂号成功通知\n"))
        d.t("医院：")
        d.p("organization", hosp)
        d.t("\n")
        doc = g.person()
        kv(d, r, [
            (["患者姓名", "姓名", "就诊人"], "person_name", p["cn"]),
            (["性别"], None, sexcn(p)),
            (["病历号", "就诊卡号", "门诊号"], "neg:internal_id", N.internal_id()),
            (["科室"], None, C(r, "心内科", "呼吸内科", "骨科", "皮肤科", "儿科", "消化内科")),
            (["医生", "接诊医生"], "person_name", doc["cn"]),
            (["挂号费"], "neg:amount", N.amount()),
            (["就诊时间"], "neg:timestamp", g.ts()),
            (["手机号"], "cn_mobile", g.mobile()),
            (["身份证号"], "cn_resident_id", g.id_fmt(p["id"])) if r.random() < 0.6 else None,
        ])
        d.t("\n咨询电话：")
        d.n("hotline", C(r, "12320", "12345", N.hotline()))
    elif fmt == "medical_record_front":
        d.t("住院病案首页\n")
        d.t("医疗机构：")
        d.p("organization", hosp)
        d.t("  组织机构代码：")
        d.n("internal_id", N.d(8) + "-" + N.d(1))
        d.t("\n")
        c = g.person()
        legacy = r.random() < 0.1
        kv(d, r, [
            (["姓名"], "person_name", p["cn"]),
            (["出生日期"], "birth_date", g.birth_fmt(p["birth"])),
            (["身份证号", "证件号码"], "cn_resident_id", g.legacy_id(p["birth"]) if legacy else g.id_fmt(p["id"])),
            (["现住址"], "address", g.address(pl)),
            (["电话"], "cn_mobile", g.mobile()),
            (["邮编"], "postal_code", g.postcode(pl)),
            (["户口地址"], "address", g.rural_address() if r.random() < 0.5 else g.address()),
            (["工作单位及地址", "工作单位"], "organization", g.company()),
            (["单位电话"], "cn_landline", g.landline()),
            (["联系人姓名"], "person_name", c["cn"]),
            (["联系人电话"], "cn_mobile", g.mobile()),
            (["入院时间"], "neg:timestamp", g.ts()),
            (["病案号"], "neg:internal_id", N.internal_id()),
            (["住院总费用"], "neg:amount", N.amount()),
        ], joiner=C(r, "\n", "  ", "\n"))
    elif fmt == "lab_report":
        d.p("organization", hosp)
        d.t(C(r, " 检验报告单\n", " 检验科报告\n"))
        doc = g.person()
        kv(d, r, [(["姓名"], "person_name", p["cn"]), (["性别"], None, sexcn(p)), (["年龄"], None, f"{2024 - p['birth'].year}岁"),
                  (["标本号"], "neg:internal_id", N.internal_id()), (["送检医生"], "person_name", doc["cn"]),
                  (["采样时间"], "neg:timestamp", g.ts())], joiner="  ")
        d.t("\n项目\t结果\t参考范围\n")
        for it in r.sample(["白细胞计数 WBC", "红细胞计数 RBC", "血红蛋白 HGB", "血小板 PLT", "谷丙转氨酶 ALT", "肌酐 CREA"], 4):
            d.t(f"{it}\t{r.uniform(1, 200):.2f}\t{r.randint(1, 10)}-{r.randint(11, 300)}\n")
        d.t("检验者：")
        d.p("person_name", g.person()["cn"])
        d.t(" 审核者：")
        d.p("person_name", g.person()["cn"])
    else:
        d.t(C(r, "团体体检人员名单\n", "年度健康体检登记\n"))
        d.t("单位：")
        d.p("organization", g.company(pl))
        d.t("\n体检机构：")
        d.p("organization", hosp)
        d.t("\n")
        rows = []
        for _ in range(r.randint(3, 6)):
            q = g.person()
            rows.append([("neg:internal_id", N.internal_id()), ("person_name", q["cn"]), (None, sexcn(q)),
                         ("cn_resident_id", q["id"]), ("cn_mobile", g.mobile(style="plain")), ("neg:amount", N.amount())])
        table(d, r, ["体检编号", "姓名", "性别", "身份证号", "手机", "套餐金额"], rows)
    footer(d, r, N)
    return fmt, d


def ind_school(g, N, r):
    d = Doc()
    p = g.person()
    pl = p["place"]
    sch = g.school(pl)
    fmt = C(r, "roster_csv", "student_card", "parent_contacts", "freshman_info")
    if fmt == "roster_csv":
        d.t(C(r, "学生花名册\n", "班级名单导出\n", "在籍学生信息表\n"))
        d.t("学校：")
        d.p("organization", sch)
        d.t(f"  班级：{r.randint(1, 6)}年级{r.randint(1, 12)}班\n")
        rows = []
        for _ in range(r.randint(3, 7)):
            s = g.person()
            b = dt.date(2008, 1, 1) + dt.timedelta(days=r.randint(0, 4000))
            sid = g.resident_id(b)
            rows.append([("neg:internal_id", "G" + sid[:6] + N.d(6) if r.random() < 0.3 else N.internal_id()), ("person_name", s["cn"]),
                         ("birth_date", g.birth_fmt(b, C(r, "iso", "slash", "compact"))), ("cn_resident_id", sid),
                         ("person_name", g.person()["cn"]), ("cn_mobile", g.mobile(style="plain")), ("address", g.address(pl))])
        table(d, r, ["学号", "姓名", "出生日期", "身份证号", "家长姓名", "家长手机", "家庭住址"], rows)
    elif fmt == "student_card":
        d.t(C(r, "学生学籍卡\n", "学生基本情况登记表\n"))
        f, m = g.person(), g.person()
        b = dt.date(2006, 1, 1) + dt.timedelta(days=r.randint(0, 5000))
        kv(d, r, [
            (["学生姓名", "姓名"], "person_name", p["cn"]),
            (["学校"], "organization", sch),
            (["出生日期"], "birth_date", g.birth_fmt(b)),
            (["身份证件号"], "cn_resident_id", g.resident_id(b)),
            (["家庭住址", "现住址"], "address", g.address(pl)),
            (["父亲姓名"], "person_name", f["cn"]),
            (["父亲工作单位"], "organization", g.company(pl)),
            (["父亲电话"], "cn_mobile", g.mobile()),
            (["母亲姓名"], "person_name", m["cn"]),
            (["母亲工作单位"], "organization", g.org_any(pl)),
            (["母亲电话"], "cn_mobile", g.mobile()),
            (["全国学籍号"], "neg:internal_id", "L" + N.d(17)),
            (["入学日期"], "neg:date", N.date()),
        ])
    elif fmt == "parent_contacts":
        d.t(f"{r.randint(1, 6)}年级{r.randint(1, 12)}班 家长通讯录（请勿外传）\n")
        for i in range(r.randint(4, 8)):
            s, par = g.person(), g.person()
            d.t(f"{i + 1}. ")
            d.p("person_name", s["cn"])
            d.t(C(r, " 家长 ", " 妈妈 ", " 爸爸 "))
            if r.random() < 0.4:
                d.p("person_name", par["cn"])
                d.t(" ")
            d.p("cn_mobile", g.mobile(style=C(r, "plain", "sp344", "dash")))
            c = r.random()
            if c < 0.3:
                d.t(C(r, " 微信：", " vx ", " 微信号 "))
                d.p("wechat_id", g.wechat(par))
            elif c < 0.5:
                d.t(C(r, " QQ ", " QQ:", " 扣扣 "))
                d.p("qq_number", g.qq())
            d.t("\n")
        d.t(f"本周作业：背诵")
        d.n("famous_person", r.choice(FAMOUS))
        d.t(f"的诗两首，{C(r, '周五', '周一')}检查。班主任：")
        d.p("person_name", g.person()["cn"])
    else:
        d.t(C(r, "新生入学信息采集表\n", "Freshman Registration\n"))
        kv(d, r, [
            (["姓名"], "person_name", p["cn"]),
            (["录取院校"], "organization", g.school(pl) if r.random() < 0.5 else f"{pl[3][:-1]}{C(r, '理工', '师范', '财经')}大学"),
            (["学号"], "neg:internal_id", N.internal_id()),
            (["高考报名号", "考生号"], "neg:internal_id", N.d(14)),
            (["出生日期"], "birth_date", g.birth_fmt(p["birth"])),
            (["邮箱"], "email", g.email(p)),
            (["QQ", "QQ号"], "qq_number", g.qq()),
            (["微信", "微信号"], "wechat_id", g.wechat(p)),
            (["手机"], "cn_mobile", g.mobile()),
            (["家庭地址"], "address", g.rural_address() if r.random() < 0.5 else g.address()),
            (["邮编"], "postal_code", g.postcode(pl)),
            (["缴费金额"], "neg:amount", N.amount()),
        ])
    footer(d, r, N)
    return fmt, d


def ind_realestate(g, N, r):
    d = Doc()
    p = g.person()
    pl = p["place"]
    fmt = C(r, "agency_client_list", "property_cert_extract", "purchase_subscription", "lease_contract")
    if fmt == "agency_client_list":
        d.t(C(r, "客户跟进表\n", "门店客源登记\n", "私客列表导出\n"))
        rows = []
        for _ in range(r.randint(3, 7)):
            q = g.person()
            rows.append([("neg:internal_id", N.internal_id()), ("person_name", q["cn"]), ("cn_mobile", g.mobile(style=C(r, "plain", "dash"))),
                         (None, C(r, "西湖区", "滨江", "学区房", "地铁口", "三房")), ("neg:amount", f"{r.randint(80, 900)}万"),
                         ("neg:date", N.date()), ("person_name", g.person()["cn"])])
        table(d, r, ["客源编号", "客户姓名", "电话", "意向", "预算", "带看日期", "经纪人"], rows)
    elif fmt == "property_cert_extract":
        d.t(C(r, "不动产登记信息查询结果\n", "不动产权证书（摘录）\n", "房产证信息\n"))
        co = g.person()
        kv(d, r, [
            (["不动产权证号", "证书号", "产权证号"], "property_cert_no", g.property_cert(pl)),
            (["权利人"], "person_name", p["cn"]),
            (["证件号码"], "cn_resident_id", g.id_fmt(p["id"])),
            (["共有人"], "person_name", co["cn"]),
            (["共有情况"], None, C(r, "共同共有", "按份共有", "单独所有")),
            (["坐落"], "address", g.address(pl, C(r, "full", "city", "dist"))),
            (["不动产单元号"], "neg:internal_id", f"{pl[0]} {N.d(6)} GB{N.d(5)} F{N.d(8)}"),
            (["面积"], None, f"{r.uniform(40, 220):.2f}㎡"),
            (["登记时间"], "neg:date", N.date()),
        ], keep=1)
    elif fmt == "purchase_subscription":
        d.t(C(r, "商品房认购书\n", "购房意向登记表\n"))
        kv(d, r, [
            (["买受人", "认购人"], "person_name", p["cn"]),
            (["证件号码"], "cn_resident_id", g.id_fmt(p["id"])),
            (["联系电话"], "cn_mobile", g.mobile()),
            (["通讯地址"], "address", g.address()),
            (["邮编"], "postal_code", g.postcode(pl)),
            (["工作单位"], "organization", g.org_any()),
            (["认购房号"], "neg:internal_id", f"{r.randint(1, 30)}-{r.randint(1, 4)}-{r.randint(101, 3304)}"),
            (["总价"], "neg:amount", N.amount()),
            (["贷款银行"], "neg:bank_abbreviation", r.choice(BANK_ABBR)),
            (["开发商信用代码", "出卖人统一社会信用代码"], "cn_uscc", g.uscc("91")),
            (["置业顾问"], "person_name", g.person()["cn"]),
        ])
    else:
        q = g.person()
        d.t(C(r, "房屋租赁合同（节选）\n", "租房合同\n"))
        d.t("出租方（甲方）：")
        d.p("person_name", p["cn"])
        d.t("  身份证号：")
        d.p("cn_resident_id", g.id_fmt(p["id"]))
        d.t("\n承租方（乙方）：")
        d.p("person_name", q["cn"])
        d.t("  身份证号：")
        d.p("cn_resident_id", g.id_fmt(q["id"]))
        d.t("  电话：")
        d.p("cn_mobile", g.mobile())
        d.t("\n第一条 甲方将位于")
        d.p("address", g.address(pl))
        d.t("的房屋出租给乙方，产权证号：")
        d.p("property_cert_no", g.property_cert(pl))
        d.t("。\n第二条 月租金人民币")
        d.n("amount", N.amount())
        d.t("元，押一付三。租金打入甲方账户：")
        d.p("bank_card", g.card_fmt(g.bank_card()))
        d.t("（")
        d.n("bank_abbreviation", r.choice(BANK_ABBR))
        d.t("）。\n第三条 租期自")
        d.n("date", N.date())
        d.t("起。")
    footer(d, r, N)
    return fmt, d


def ind_auto(g, N, r):
    d = Doc()
    p = g.person()
    pl = p["place"]
    fmt = C(r, "dealer_delivery", "insurance_policy", "traffic_sms", "company_fleet_policy")
    if fmt == "dealer_delivery":
        d.t(C(r, "新车交付确认单\n", "4S店销售合同（摘要）\n", "车辆上牌资料\n"))
        kv(d, r, [
            (["购车人", "客户姓名", "车主"], "person_name", p["cn"]),
            (["身份证号"], "cn_resident_id", g.id_fmt(p["id"])),
            (["联系电话"], "cn_mobile", g.mobile()),
            (["车架号", "VIN", "车辆识别代号"], "vin", g.vin()),
            (["车牌号"], "cn_license_plate", g.plate(pl[9])),
            (["发动机号"], "neg:internal_id", r.choice(["DKX", "CSS", "EA8", "L4B"]) + N.d(6)),
            (["车型"], None, C(r, "朗逸 1.5L 舒适版", "凯美瑞 2.0G", "Model Y 后驱版", "比亚迪 秦PLUS DM-i")),
            (["成交价"], "neg:amount", N.amount()),
            (["销售顾问"], "person_name", g.person()["cn"]),
            (["合同编号"], "neg:order_no", N.order_no()),
            (["住址"], "address", g.address(pl)),
        ])
    elif fmt == "insurance_policy":
        d.t(C(r, "机动车商业保险保险单\n", "交强险保单\n", "车险投保单\n"))
        ins = p if r.random() < 0.6 else g.person()
        kv(d, r, [
            (["保险单号"], "neg:order_no", "P" + r.choice(["DAA", "DZA"]) + N.d(17)),
            (["投保人"], "person_name", p["cn"]),
            (["被保险人"], "person_name", ins["cn"]),
            (["证件号码"], "cn_resident_id", g.id_fmt(ins["id"])),
            (["联系电话"], "cn_mobile", g.mobile()),
            (["联系地址"], "address", g.address(pl)),
            (["号牌号码", "车牌"], "cn_license_plate", g.plate(pl[9])),
            (["车架号", "VIN码"], "vin", g.vin()),
            (["初次登记日期"], "neg:date", N.date()),
            (["保险费合计"], "neg:amount", N.amount()),
            (["保险期间"], "neg:date", N.date()),
        ], keep=1)
        d.t("\n报案电话：")
        d.n("hotline", C(r, "95518", "95500", "95511", "95505"))
    elif fmt == "traffic_sms":
        hdr = C(r, "交管12123", "车管所", "ETC")
        d.t("【")
        if hdr == "交管12123":
            d.t("交管")
            d.n("hotline", "12123")
        else:
            d.t(hdr)
        d.t("】")
        d.p("person_name", p["cn"])
        d.t(C(r, "您好，您的车辆", "车主，您名下"))
        d.p("cn_license_plate", g.plate())
        d.t(C(r, "于", "在"))
        d.n("date", N.date())
        d.t(f"在{C(r, '文三路与学院路交叉口', '机场高速12公里处', '中山路')}存在违法记录，罚款")
        d.n("amount", f"{r.choice([100, 150, 200])}")
        d.t("元。车辆识别代号后六位")
        d.n("masked_value", g.vin()[-6:])
        d.t("。详询")
        d.n("hotline", "12123")
        d.t("。\n车主联系方式：")
        d.p("cn_mobile", g.mobile())
        d.t("  驾驶证档案编号：")
        d.n("internal_id", N.d(12))
        d.t("\n年检预约：")
        d.n("timestamp", g.ts())
        d.t("，检测站：")
        d.p("organization", f"{pl[3][:-1]}{r.choice(COMPANY_WORDS)}机动车检测有限公司")
    else:
        d.t("企业车辆投保清单\n投保人：")
        d.p("organization", g.company(pl))
        d.t("\n统一社会信用代码：")
        d.p("cn_uscc", g.uscc("91"))
        d.t("\n联系人：")
        d.p("person_name", p["cn"])
        d.t("  ")
        d.p("cn_landline", g.landline(pl[7]))
        d.t("\n")
        rows = []
        for _ in range(r.randint(2, 5)):
            rows.append([("cn_license_plate", g.plate(pl[9])), ("vin", g.vin()), ("person_name", g.person()["cn"]),
                         ("neg:amount", N.amount())])
        table(d, r, ["车牌号", "车架号", "驾驶员", "保费"], rows)
    footer(d, r, N)
    return fmt, d


def ind_courier(g, N, r):
    d = Doc()
    p = g.person()
    pl = p["place"]
    fmt = C(r, "face_sheet", "station_pickup_log", "complaint_record", "intl_ems")
    if fmt == "face_sheet":
        s = g.person()
        d.t(C(r, "顺丰速运 电子面单\n", "中通快递\n", "韵达快递 运单\n", "京东物流\n"))
        d.t(C(r, "运单号：", "单号 ", "No."))
        d.p("waybill_no", g.waybill())
        d.t("\n")
        fields = [
            (["收件人", "收"], "person_name", p["cn"]),
            (["收件电话", "电话"], "cn_mobile", g.mobile()),
            (["收件地址", "地址"], "address", g.address(pl)),
            (["寄件人", "寄"], "person_name", s["cn"]),
            (["寄件电话"], "cn_mobile", g.mobile()) if r.random() < 0.7 else (["寄件电话"], "cn_landline", g.landline()),
            (["月结账号"], "neg:internal_id", N.d(10)),
            (["代收货款", "保价金额"], "neg:amount", N.amount()),
            (["邮编"], "postal_code", g.postcode(pl)) if r.random() < 0.5 else None,
            (["寄件地址"], "address", g.address(s["place"])) if r.random() < 0.6 else None,
        ]
        kv(d, r, fields, keep=0)
        d.t("\n客服：")
        d.n("hotline", C(r, "95338", "95311", "95546", "95343"))
        d.t("  打印时间：")
        d.n("timestamp", g.ts())
    elif fmt == "station_pickup_log":
        d.t(C(r, "驿站出入库记录\n", "菜鸟驿站 取件台账\n", "快递柜投递日志\n"))
        rows = []
        for _ in range(r.randint(4, 9)):
            q = g.person()
            if r.random() < 0.5:
                ph = ("cn_mobile", g.mobile(style="plain"))
            else:
                ph = ("neg:masked_value", N.masked_mobile())
            rows.append([("neg:pickup_code", N.pickup_code()), ("waybill_no", g.waybill()), ("person_name", q["cn"]), ph,
                         ("neg:timestamp", g.ts())])
        table(d, r, ["取件码", "运单号", "收件人", "手机号", "入库时间"], rows)
        d.t(f"今日入库{r.randint(100, 900)}件，手机尾号")
        d.n("partial_mobile", N.d(4))
        d.t("的客户请尽快取件。")
    elif fmt == "complaint_record":
        cour = g.person()
        d.t(C(r, "客户投诉记录\n", "理赔受理单\n"))
        kv(d, r, [
            (["投诉单号"], "neg:internal_id", N.internal_id()),
            (["运单号"], "waybill_no", g.waybill()),
            (["客户姓名"], "person_name", p["cn"]),
            (["联系方式"], "cn_mobile", g.mobile()),
            (["收件地址"], "address", g.address(pl)),
            (["签收定位", "派件坐标"], "geo_coordinate", g.geo(pl)),
            (["派件员"], "person_name", cour["cn"]),
            (["派件员电话"], "cn_mobile", g.mobile()),
            (["理赔金额"], "neg:amount", N.amount()),
        ])
        d.t(f"\n情况：客户称包裹未收到但显示已签收，派件员称放在{C(r, '门卫', '快递柜', '家门口')}。")
    else:
        p8 = N.d(8)
        wb = C(r, "EA", "EE", "LK", "RR", "CP") + p8 + s10_check(p8) + "CN"
        d.t("EMS International / 国际及港澳台特快专递\n")
        kv(d, r, [
            (["Item No.", "邮件号码"], "waybill_no", wb),
            (["From", "寄件人"], "person_name", g.pinyin(p, C(r, "UPPER", "WEST"))),
            (["Sender address"], "address", g.en_address(pl)),
            (["Sender tel"], "cn_mobile", g.mobile(style=C(r, "+86", "+86sp"))),
            (["To", "收件人"], "person_name", g.pinyin(g.person(), "WEST")),
            (["Recipient tel"], "intl_phone", g.intl_phone()),
            (["Declared value"], "neg:amount", f"USD {r.randint(5, 800)}.00"),
            (["Post code", "邮编"], "postal_code", g.postcode(pl)),
            (["HS code"], "neg:internal_id", N.d(6)),
        ], keep=1)
    footer(d, r, N, 1)
    return fmt, d


def guest_doc(g, r):
    """(doc type label, kind, value, person) for a hotel guest"""
    q = g.person()
    c = r.random()
    if c < 0.55:
        return "居民身份证", "cn_resident_id", g.id_fmt(q["id"], C(r, "plain", "plain", "lower")), q
    if c < 0.67:
        return "护照", "cn_passport", g.passport(), q
    if c < 0.79:
        return "台胞证", "cn_taiwan_permit", g.tw_permit(mtp=True), q
    if c < 0.9:
        return "香港身份证", "hk_id_card", g.hk_id(), q
    return "台湾身分证", "tw_national_id", g.tw_id(), q


def ind_hotel(g, N, r):
    d = Doc()
    pl = r.choice(PLACES)
    hotel = g.hotel(pl)
    fmt = C(r, "pms_register", "guest_profile", "police_upload_xml", "wifi_auth_log")
    if fmt == "pms_register":
        d.t(C(r, "在住客人登记表\n", "PMS 入住登记 导出\n", "宾客入住明细\n"))
        d.t("酒店：")
        d.p("organization", hotel)
        d.t(f"  营业日期：")
        d.n("date", N.date())
        d.t("\n")
        sep = C(r, "\t", " | ", ",")
        d.t(sep.join(["房号", "姓名", "证件类型", "证件号码", "手机", "入住时间", "同住人", "房价"]) + "\n")
        for _ in range(r.randint(3, 7)):
            lab, kind, val, q = guest_doc(g, r)
            d.n("internal_id", str(r.randint(2, 30)) + f"{r.randint(1, 40):02d}")
            d.t(sep)
            d.p("person_name", q["cn"] if kind in ("cn_resident_id", "cn_taiwan_permit", "tw_national_id") or r.random() < 0.5
                else g.pinyin(q, C(r, "AIR", "UPPER", "WEST")))
            d.t(sep + lab + sep)
            d.p(kind, val)
            d.t(sep)
            d.p("cn_mobile", g.mobile(style="plain")) if r.random() < 0.7 else d.p("intl_phone", g.intl_phone())
            d.t(sep)
            d.n("timestamp", g.ts())
            d.t(sep)
            if r.random() < 0.4:
                d.p("person_name", g.person()["cn"])
            else:
                d.t("-")
            d.t(sep)
            d.n("amount", N.amount())
            d.t("\n")
    elif fmt == "guest_profile":
        lab, kind, val, q = guest_doc(g, r)
        co = g.person()
        d.t(C(r, "客史档案\n", "Guest Profile\n", "入住登记单\n"))
        kv(d, r, [
            (["客人姓名", "宾客姓名", "Guest Name"], "person_name", q["cn"]),
            (["入住酒店", "酒店"], "organization", hotel),
            (["证件类型"], None, lab),
            (["证件号码", "ID No."], kind, val),
            (["出生日期", "生日"], "birth_date", g.birth_fmt(q["birth"])),
            (["联系电话"], "cn_mobile", g.mobile()),
            (["同住人"], "person_name", co["cn"]),
            (["同住人证件号码"], "cn_resident_id", co["id"]),
            (["工作单位", "公司"], "organization", g.company()),
            (["会员卡号"], "neg:internal_id", N.internal_id()),
            (["预订单号"], "neg:order_no", N.order_no()),
            (["房费合计"], "neg:amount", N.amount()),
            (["到店时间"], "neg:timestamp", g.ts()),
            (["车牌号"], "cn_license_plate", g.plate()) if r.random() < 0.4 else None,
            (["住址"], "address", g.address()) if r.random() < 0.5 else None,
        ])
    elif fmt == "police_upload_xml":
        d.t(C(r, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lgxx>\n", "<GuestUpload>\n"))
        d.t("  <ldmc>")
        d.p("organization", hotel)
        d.t("</ldmc>\n  <ldbm>")
        d.n("internal_id", pl[0] + N.d(4))
        d.t("</ldbm>\n")
        for _ in range(r.randint(1, 3)):
            lab, kind, val, q = guest_doc(g, r)
            d.t("  <guest>\n    <xm>")
            d.p("person_name", q["cn"])
            d.t(f"</xm><xb>{sexcn(q)}</xb><zjlx>{lab}</zjlx>\n    <zjhm>")
            d.p(kind, val)
            d.t("</zjhm>\n    <csrq>")
            d.p("birth_date", g.birth_fmt(q["birth"], "compact"))
            d.t("</csrq>\n    <xz>")
            d.p("address", g.address())
            d.t("</xz>\n    <rzsj>")
            d.n("timestamp", g.ts())
            d.t(f"</rzsj><fh>{r.randint(201, 2999)}</fh>\n  </guest>\n")
        d.t(C(r, "</lgxx>", "</GuestUpload>"))
    else:
        d.t(C(r, "Portal认证日志 ", "WiFi auth log "))
        d.p("organization", hotel)
        d.t("\n")
        for _ in range(r.randint(3, 7)):
            d.n("timestamp", g.ts())
            d.t(" auth " + C(r, "ok", "ok", "fail") + " user=")
            d.p("cn_mobile", g.mobile(style="plain"))
            d.t(" mac=")
            d.p("mac_address", g.mac())
            d.t(" ip=")
            d.p("ip_address", g.ip())
            if r.random() < 0.5:
                d.t(" 验证码=")
                d.p("sms_code", g.sms())
            d.t(" ap=")
            d.n("version_string", N.version())
            d.t("\n")
    footer(d, r, N)
    return fmt, d


def ind_airline(g, N, r):
    d = Doc()
    p = g.person()
    al, code = r.choice(AIRLINES[:10])
    fmt = C(r, "pnr_display", "eticket_itinerary", "booking_email", "pnr_history")
    if fmt in ("pnr_display", "pnr_history"):
        pax = [p] + [g.person() for _ in range(r.randint(0, 2))]
        loc = g.pnr()
        if fmt == "pnr_history":
            d.t(">RT" + loc + "\n")
        else:
            d.t(">RT\n")
        line = 1
        for q in pax:
            d.t(f" {line}.")
            if q["sur"]:
                d.p("person_name", g.pinyin(q, "AIR"))
                d.t(" " + C(r, "MR", "MS", "MSTR", "MISS") if r.random() < 0.7 else "")
            else:
                d.p("person_name", q["cn"])
            line += 1
        d.t(" ")
        d.p("pnr_code", loc)
        d.t("\n")
        fl = al + str(r.randint(100, 9999))
        a1, a2 = r.sample(AIRPORTS, 2)
        dd = g.date(2024, 2025)
        d.t(f" {line}.  ")
        d.n("flight_no", fl)
        d.t(f" Y   {['MO','TU','WE','TH','FR','SA','SU'][dd.weekday()]}{dd.day:02d}{MONTHS[dd.month - 1]}  {a1}{a2} HK{len(pax)}   {r.randint(6, 21):02d}{r.choice(['00', '30', '45'])} {r.randint(8, 23):02d}{r.choice(['10', '40', '55'])}          E\n")
        line += 1
        d.t(f" {line}.{a1}/T {a1}/T ")
        d.n("hotline", N.hotline())
        d.t("/AGENCY/ABCDEFG\n")
        line += 1
        for i, q in enumerate(pax, 1):
            c = r.random()
            if c < 0.5:
                d.t(f" {line}.SSR FOID {al} HK1 NI")
                d.p("cn_resident_id", q["id"])
                d.t(f"/P{i}\n")
            else:
                d.t(f" {line}.SSR DOCS {al} HK1 P/CN/")
                d.p("cn_passport", g.passport())
                d.t(f"/CN/")
                d.p("birth_date", g.birth_fmt(q["birth"], "gds"))
                d.t(f"/{q['sex']}/")
                d.n("date", f"{r.randint(1, 28):02d}{r.choice(MONTHS)}{r.randint(27, 35)}")
                d.t("/")
                if q["sur"]:
                    d.p("person_name", f"{q['sur'].upper()}/{q['giv'].upper()}")
                else:
                    d.t("XXX")
                d.t(f"/P{i}\n")
            line += 1
        d.t(f" {line}.SSR CTCM {al} HK1 ")
        d.p("cn_mobile", g.mobile_raw())
        d.t("/P1\n")
        line += 1
        d.t(f" {line}.OSI {al} CTCT")
        d.p("cn_mobile", g.mobile_raw())
        d.t("\n")
        line += 1
        for i, q in enumerate(pax, 1):
            tk = g.ticket(code)
            d.t(f" {line}.SSR TKNE {al} HK1 {a1}{a2} {fl[2:]} Y{dd.day:02d}{MONTHS[dd.month - 1]} ")
            d.p("air_ticket_no", tk.replace("-", ""))
            d.t(f"/1/P{i}\n")
            line += 1
        d.t(f" {line}.RMK {al}/")
        d.p("pnr_code", g.pnr())
        d.t("\n")
        line += 1
        d.t(f" {line}.FN/A/FCNY")
        d.n("amount", f"{r.randint(300, 5000)}.00")
        d.t("/SCNY")
        d.n("amount", f"{r.randint(300, 5000)}.00")
        d.t("/C0.00/TCNY50.00CN\n")
        line += 1
        d.t(f" {line}.TN/")
        d.p("air_ticket_no", g.ticket(code))
        d.t("/P1\n")
        line += 1
        d.t(f" {line}.FP/CASH,CNY\n")
        office = r.choice(AIRPORTS[:12]) + str(r.randint(100, 999))
        d.t(f" {line + 1}.")
        d.n("office_id", office)
        d.t("\n")
        if fmt == "pnr_history":
            d.t(">DETR:TN/")
            tk = g.ticket(code).replace("-", "")
            d.p("air_ticket_no", tk)
            d.t("\nISSUED BY: AIRLINE  ORG/DST: " + a1 + "/" + a2 + "\nE/R: " + C(r, "不得签转", "NON-END") + "\nETKT ")
            d.p("air_ticket_no", tk[:3] + "-" + tk[3:])
            d.t("  PASSENGER: ")
            if p["sur"]:
                d.p("person_name", g.pinyin(p, "AIR"))
            else:
                d.p("person_name", p["cn"])
            d.t("\n")
            for _ in range(r.randint(1, 3)):
                d.t("RP/")
                d.n("office_id", office)
                d.t("/")
                d.n("office_id", office)
                d.t(f"    {C(r, 'WL', 'JD', 'AS')}/GS  {r.randint(1, 28):02d}{r.choice(MONTHS)}/{r.randint(0, 23):02d}{r.randint(0, 59):02d}Z   ")
                d.n("internal_id", N.d(6))
                d.t("\n")
    elif fmt == "eticket_itinerary":
        d.t(C(r, "航空运输电子客票行程单\n", "ITINERARY/RECEIPT OF E-TICKET\n"))
        kv(d, r, [
            (["旅客姓名", "NAME OF PASSENGER"], "person_name", p["cn"] if r.random() < 0.6 else g.pinyin(p, "AIR")),
            (["有效身份证件号码", "ID NO."], "cn_resident_id", p["id"]),
            (["电子客票号码", "E-TICKET NO."], "air_ticket_no", g.ticket(code)),
            (["订座记录", "PNR", "记录编号"], "pnr_code", g.pnr()),
            (["航班号", "FLIGHT"], "neg:flight_no", al + str(r.randint(100, 9999))),
            (["票价", "FARE"], "neg:amount", f"CNY {r.randint(300, 5000)}.00"),
            (["印刷序号"], "neg:internal_id", N.d(10)),
            (["填开日期"], "neg:date", N.date()),
            (["联系电话"], "cn_mobile", g.mobile()) if r.random() < 0.5 else None,
        ], keep=1)
    else:
        d.t(C(r, "Your booking is confirmed\n", "Booking confirmation / 预订确认\n"))
        fields = [
            (["Booking reference", "Reservation code", "PNR"], "pnr_code", g.pnr()),
            (["Passenger", "Name"], "person_name", g.pinyin(p, C(r, "AIR", "UPPER", "WEST", "COMMA")) if p["sur"] else p["cn"]),
            (["Ticket number", "ETKT"], "air_ticket_no", g.ticket(code)),
            (["Flight"], "neg:flight_no", al + str(r.randint(100, 9999))),
            (["Email"], "email", g.email(p)),
            (["Mobile", "Contact"], "cn_mobile", g.mobile(style=C(r, "+86", "+86sp", "plain"))) if r.random() < 0.6 else (["Mobile"], "intl_phone", g.intl_phone()),
            (["Frequent flyer"], "neg:internal_id", al + " " + N.d(10)),
            (["Total"], "neg:amount", "CNY " + N.amount().lstrip("¥")),
            (["Passport"], "cn_passport", g.passport()) if r.random() < 0.5 else None,
        ]
        kv(d, r, fields, sep=": ", keep=1)
        d.t("\nCustomer service: ")
        d.n("hotline", C(r, "95583", "95530", "95539", "4008-100-999"))
    footer(d, r, N, 1)
    return fmt, d


def ind_visa(g, N, r):
    d = Doc()
    p = g.person()
    pl = p["place"]
    fmt = C(r, "application_en", "agent_materials_cn", "group_list", "taiwan_compatriot_service")
    if fmt == "application_en":
        d.t(C(r, "VISA APPLICATION FORM\n", "Schengen Visa Application (copy)\n", "Online Visa Application Summary\n"))
        kv(d, r, [
            (["Full name (as in passport)", "Name"], "person_name", g.pinyin(p, C(r, "UPPER", "COMMA", "WEST")) if p["sur"] else p["cn"]),
            (["Chinese name"], "person_name", p["cn"]) if p["sur"] else None,
            (["Date of birth", "DOB"], "birth_date", g.birth_fmt(p["birth"], C(r, "en", "en3", "iso"))),
            (["Passport No.", "Travel document number"], "cn_passport", g.passport()),
            (["Date of expiry"], "neg:date", N.date()),
            (["Home address"], "address", g.en_address(pl)),
            (["Mobile"], "cn_mobile", g.mobile(style=C(r, "+86", "+86sp", "+86dash"))),
            (["E-mail"], "email", g.email(p)),
            (["Employer", "Current employer"], "organization", g.company()),
            (["Employer phone"], "cn_landline", g.landline()),
            (["Host in destination, tel"], "intl_phone", g.intl_phone()),
            (["Application ref."], "neg:internal_id", N.internal_id()),
            (["Hong Kong Identity Card No. (if any)", "HKID (if any)"], "hk_id_card", g.hk_id()) if r.random() < 0.35 else None,
            (["Visa fee"], "neg:amount", f"EUR {r.choice([80, 90, 60])}.00"),
        ], sep=": ")
    elif fmt == "agent_materials_cn":
        d.t(C(r, "签证代办客户资料表\n", "出境材料收件登记\n"))
        e = g.person()
        kv(d, r, [
            (["申请人"], "person_name", p["cn"]),
            (["护照号码", "护照号"], "cn_passport", g.passport()),
            (["港澳通行证号", "往来港澳通行证"], "cn_hk_macau_permit", g.hk_macau_permit()),
            (["台湾通行证号", "往来台湾通行证"], "cn_taiwan_permit", g.tw_permit()),
            (["身份证号"], "cn_resident_id", g.id_fmt(p["id"])),
            (["出生日期"], "birth_date", g.birth_fmt(p["birth"])),
            (["户籍地址"], "address", g.rural_address() if r.random() < 0.4 else g.address()),
            (["工作单位"], "organization", g.org_any()),
            (["单位电话"], "cn_landline", g.landline()),
            (["紧急联系人"], "person_name", e["cn"]),
            (["紧急联系人电话"], "cn_mobile", g.mobile()),
            (["微信"], "wechat_id", g.wechat(p)),
            (["出行日期"], "neg:date", N.date()),
            (["代办费"], "neg:amount", N.amount()),
        ])
    elif fmt == "taiwan_compatriot_service":
        d.t(C(r, "台胞服务中心 来访登记\n", "台湾居民居住证申领资料\n", "台胞证换补发申请表\n"))
        tw_name = C(r, "陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭") + C(r, "怡君", "志明", "淑芬", "家豪", "雅婷", "俊傑", "美惠", "冠宇", "宗翰", "佩珊")
        kv(d, r, [
            (["姓名"], "person_name", tw_name),
            (["台湾身分证号", "身分证字号", "統一編號"], "tw_national_id", g.tw_id()),
            (["台胞证号码", "台湾居民来往大陆通行证号码"], "cn_taiwan_permit", g.tw_permit(mtp=True)),
            (["出生日期"], "birth_date", g.birth_fmt(p["birth"])),
            (["大陆居住地址"], "address", g.address(pl)),
            (["大陆手机"], "cn_mobile", g.mobile()),
            (["台湾电话"], "intl_phone", "+886 9" + N.d(2) + " " + N.d(3) + " " + N.d(3)),
            (["工作单位"], "organization", g.company(pl)),
            (["受理编号"], "neg:internal_id", N.internal_id()),
            (["受理日期"], "neg:date", N.date()),
        ])
    else:
        kind = C(r, "passport", "hkm", "hkm", "tw")
        d.t({"passport": "出境旅游团队名单\n", "hkm": "港澳游 团队名单（往来港澳通行证）\n", "tw": "赴台团 名单（往来台湾通行证）\n"}[kind])
        d.t("团号：")
        d.n("internal_id", "TD" + N.d(8))
        d.t("  领队：")
        d.p("person_name", g.person()["cn"])
        d.t("  ")
        d.p("cn_mobile", g.mobile())
        d.t("\n")
        hdr = ["序号", "姓名", "拼音", "性别", "出生日期", {"passport": "护照号", "hkm": "通行证号", "tw": "通行证号"}[kind], "有效期"]
        rows = []
        for i in range(r.randint(3, 8)):
            q = g.person()
            while not q["sur"]:
                q = g.person()
            doc = {"passport": ("cn_passport", g.passport()), "hkm": ("cn_hk_macau_permit", g.hk_macau_permit()),
                   "tw": ("cn_taiwan_permit", g.tw_permit())}[kind]
            rows.append([(None, str(i + 1)), ("person_name", q["cn"]), ("person_name", g.pinyin(q, C(r, "UPPER", "AIR"))),
                         (None, sexcn(q)), ("birth_date", g.birth_fmt(q["birth"], C(r, "iso", "slash", "compact"))), doc,
                         ("neg:date", N.date())])
        table(d, r, hdr, rows, sep=C(r, "\t", ",", " | "))
    footer(d, r, N, 1)
    return fmt, d


def ind_community(g, N, r):
    d = Doc()
    p = g.person()
    pl = p["place"]
    fmt = C(r, "household_register", "rental_register", "grid_visit", "cross_strait_marriage")
    if fmt == "household_register":
        d.t(C(r, "社区常住人口登记表\n", "居委会 户籍人口台账\n", "小区住户信息采集\n"))
        kv(d, r, [
            (["户主姓名", "户主"], "person_name", p["cn"]),
            (["身份证号"], "cn_resident_id", g.id_fmt(p["id"])),
            (["现住址"], "address", g.address(pl, C(r, "full", "city"))),
            (["户籍地"], "address", g.rural_address()),
            (["联系电话"], "cn_mobile", g.mobile()),
            (["工作单位"], "organization", g.org_any(pl)),
            (["车辆号牌"], "cn_license_plate", g.plate(pl[9])),
            (["房产证号", "不动产权证号"], "property_cert_no", g.property_cert(pl)) if r.random() < 0.5 else None,
            (["登记日期"], "neg:date", N.date()),
        ])
        d.t("\n家庭成员：\n")
        for _ in range(r.randint(1, 3)):
            q = g.person()
            d.t(C(r, "  配偶 ", "  子女 ", "  父亲 ", "  母亲 "))
            d.p("person_name", q["cn"])
            d.t(" ")
            d.p("cn_resident_id", q["id"])
            if r.random() < 0.5:
                d.t(" 电话 ")
                d.p("cn_mobile", g.mobile())
            d.t("\n")
        d.t("登记人：")
        d.p("person_name", g.person()["cn"])
    elif fmt == "rental_register":
        d.t(C(r, "出租房屋及流动人口登记\n", "出租屋租客信息表\n"))
        d.t("房东：")
        d.p("person_name", p["cn"])
        d.t(" 电话：")
        d.p("cn_mobile", g.mobile())
        d.t("\n出租地址：")
        d.p("address", g.address(pl))
        d.t("\n")
        rows = []
        for _ in range(r.randint(2, 5)):
            q = g.person()
            rows.append([("person_name", q["cn"]), ("cn_resident_id", q["id"]), ("cn_mobile", g.mobile(style="plain")),
                         ("organization", g.company(pl)), ("neg:date", N.date())])
        table(d, r, ["租客姓名", "身份证号", "手机", "工作单位", "入住日期"], rows)
    elif fmt == "grid_visit":
        d.t(C(r, "网格员走访记录\n", "入户排查日志\n"))
        for _ in range(r.randint(2, 4)):
            q = g.person()
            d.t("走访时间：")
            d.n("timestamp", g.ts())
            d.t("\n坐标：")
            d.p("geo_coordinate", g.geo(pl))
            d.t("\n住户：")
            d.p("person_name", q["cn"])
            d.t(C(r, "，电话", "，手机号"))
            d.p("cn_mobile", g.mobile())
            d.t("，地址")
            d.p("address", g.address(pl, "dist"))
            d.t(f"。情况：{C(r, '独居老人，身体尚可', '新搬入租户', '家中有学生', '车辆停放楼下')}。\n")
        d.t("网格员：")
        d.p("person_name", g.person()["cn"])
        d.t("，工单")
        d.n("internal_id", N.internal_id())
    else:
        sp = g.person()
        d.t(C(r, "涉台婚姻登记备案\n", "台湾居民配偶信息登记\n"))
        kv(d, r, [
            (["大陆方姓名"], "person_name", p["cn"]),
            (["身份证号"], "cn_resident_id", g.id_fmt(p["id"])),
            (["台方姓名", "配偶"], "person_name", sp["cn"]),
            (["台湾身分证字号", "身分证字号"], "tw_national_id", g.tw_id()),
            (["台胞证号码", "台湾居民来往大陆通行证"], "cn_taiwan_permit", g.tw_permit(mtp=r.random() < 0.5)),
            (["配偶出生日期"], "birth_date", g.birth_fmt(sp["birth"])),
            (["台湾联系电话"], "intl_phone", "+886 9" + N.d(2) + " " + N.d(3) + " " + N.d(3)),
            (["居住地址"], "address", g.address(pl)),
            (["登记日期"], "neg:date", N.date()),
        ])
    footer(d, r, N)
    return fmt, d


def chat_line(g, N, r, d, p):
    """one message body with terse shorthand PI or noise"""
    c = r.randint(0, 19)
    if c == 0:
        d.t(C(r, "v: ", "vx：", "加V ", "微信 ", "wx:", "V信 "))
        d.p("wechat_id", g.wechat(p))
    elif c == 1:
        d.t(C(r, "yzm ", "验证码", "验证码是", "code: ", "yzm:"))
        d.p("sms_code", g.sms())
        d.t(C(r, "", " 快点", "，别发给别人", " 5分钟有效"))
    elif c == 2:
        d.t(C(r, "我手机", "电话 ", "打这个", "tel "))
        d.p("cn_mobile", g.mobile(style=C(r, "plain", "sp344", "fw", "dash")))
    elif c == 3:
        d.t(C(r, "Q: ", "QQ ", "扣扣", "加我Q号"))
        d.p("qq_number", g.qq())
    elif c == 4:
        d.t(C(r, "地址发你：", "寄到", "我住"))
        d.p("address", g.address(p["place"]))
    elif c == 5:
        d.t(C(r, "[位置] ", "共享位置 ", "我在这 "))
        d.p("geo_coordinate", g.geo(p["place"]))
    elif c == 6:
        d.t(C(r, "卡号", "转这张卡 ", "打到"))
        d.p("bank_card", g.card_fmt(g.bank_card()))
        lb, rb = C(r, (" ", ""), ("（", "）"), (" ", "的"))
        d.t(lb)
        d.n("bank_abbreviation", r.choice(BANK_ABBR))
        d.t(rb)
    elif c == 7:
        d.t(C(r, "密码", "pwd:", "登录密码 ", "口令"))
        d.p("credential", g.password())
    elif c == 8:
        d.t("手机尾号")
        d.n("partial_mobile", N.d(4))
        d.t(C(r, "的那个", "是你吗", "的快递到了"))
    elif c == 9:
        d.t(C(r, "订单编号：", "订单号", "单号 "))
        d.n("order_no", N.mobile_like() if r.random() < 0.6 else N.order_no())
        d.t(C(r, " 退款了没", " 帮我查下"))
    elif c == 10:
        d.t("今天读了")
        d.n("famous_person", r.choice(FAMOUS))
        d.t(C(r, "的诗，真好", "的文章", "传记"))
    elif c == 11:
        d.t(C(r, "转你", "红包"))
        d.n("amount", N.amount())
        d.t("，查收")
    elif c == 12:
        d.t(C(r, "邮箱", "email "))
        d.p("email", g.email(p))
    elif c == 13:
        d.t(C(r, "身份证发我", "身份证号"))
        d.p("cn_resident_id", g.id_fmt(g.person()["id"]))
    elif c == 14:
        d.t(C(r, "航班", "坐"))
        d.n("flight_no", N.flight())
        d.t(C(r, "，到了说", " 晚点了"))
    elif c == 15:
        d.t(C(r, "找", "联系"))
        d.p("person_name", g.person()["cn"])
        d.t(C(r, "办一下", "拿钥匙", "签字"))
    elif c == 16:
        d.t(C(r, "车牌", "停在楼下 "))
        d.p("cn_license_plate", g.plate())
    elif c == 17:
        d.t(C(r, "客服电话", "打"))
        d.n("hotline", N.hotline())
        d.t(C(r, "没人接", "问问"))
    elif c == 18:
        d.t(C(r, "好的", "收到👌", "[微笑]", "哈哈哈", "明天见", "马上到", "在吗"))
    else:
        d.t(C(r, "快递单号", "SF单号 "))
        d.p("waybill_no", g.waybill())


def ind_chat(g, N, r):
    d = Doc()
    p = g.person()
    fmt = C(r, "wechat_export", "qq_export", "black_market_chat", "customer_service")
    if fmt == "wechat_export":
        d.t(C(r, "微信聊天记录导出\n", "WeChat chat history\n", "与「" + r.choice(NICKNAMES) + "」的聊天记录\n"))
        nicks = r.sample(NICKNAMES, 2)
        for _ in range(r.randint(5, 11)):
            d.n("timestamp", g.ts())
            d.t(" " + r.choice(nicks) + "\n")
            chat_line(g, N, r, d, p)
            d.t("\n")
    elif fmt == "qq_export":
        d.t("消息记录（此消息记录为文本格式，不支持重新导入）\n================================================================\n消息分组:我的QQ群\n")
        d.t(f"消息对象:{C(r, '二手交易群', '同城车友会', '考研资料群')}\n================================================================\n")
        users = [(r.choice(NICKNAMES), g.qq()) for _ in range(3)]
        for _ in range(r.randint(4, 9)):
            nick, q = r.choice(users)
            d.n("timestamp", g.ts())
            d.t(f" {nick}(")
            d.p("qq_number", q)
            d.t(")\n")
            chat_line(g, N, r, d, p)
            d.t("\n\n")
    elif fmt == "black_market_chat":
        d.t(C(r, "【料子群】\n", "卡商对接\n", "接码/实名 交流\n"))
        for _ in range(r.randint(4, 8)):
            q = g.person()
            c = r.random()
            d.t(C(r, "> ", "- ", ""))
            if c < 0.3:
                d.p("cn_mobile", g.mobile(style="plain"))
                d.t(" ")
                d.p("sms_code", g.sms())
                d.t(C(r, " 走了", " 到", " ok"))
            elif c < 0.55:
                d.t("料: ")
                d.p("person_name", q["cn"])
                d.t(" ")
                d.p("cn_resident_id", q["id"])
                d.t(" ")
                d.p("cn_mobile", g.mobile(style="plain"))
            elif c < 0.75:
                d.t(C(r, "yzm ", "码 "))
                d.p("sms_code", g.sms())
                d.t(" 手机尾号")
                d.n("partial_mobile", N.d(4))
            elif c < 0.9:
                d.t(C(r, "v: ", "vx "))
                d.p("wechat_id", g.wechat())
                d.t(C(r, " 价格私聊", " 一手料"))
            else:
                d.t("单价")
                d.n("amount", N.amount())
                d.t(" 量大优惠")
            d.t("\n")
    else:
        d.t(C(r, "在线客服会话记录\n", "客服工单对话\n"))
        d.t("会话ID：")
        d.n("internal_id", N.internal_id())
        d.t("\n客服：您好，请提供订单号。\n用户：")
        d.n("order_no", N.mobile_like())
        d.t("\n客服：请核对收件人和手机号。\n用户：")
        d.p("person_name", p["cn"])
        d.t(C(r, "，", " "))
        d.p("cn_mobile", g.mobile())
        d.t("\n用户：地址改成")
        d.p("address", g.address(p["place"]))
        d.t("\n客服：已修改，如有问题请拨打")
        d.n("hotline", N.hotline())
        d.t("。\n")
        for _ in range(r.randint(1, 3)):
            d.t("用户：")
            chat_line(g, N, r, d, p)
            d.t("\n")
    return fmt, d


def ind_doxxing(g, N, r):
    d = Doc()
    p = g.person()
    pl = p["place"]
    fmt = C(r, "structured_post", "prose_post", "lookup_result")
    if fmt == "structured_post":
        d.t(C(r, "【开盒】", "【挂人】", "扒一扒这个人\n", "#开盒# "))
        d.t(C(r, "就是这个网暴别人的，信息全给你们：\n", "\n"))
        kv(d, r, [
            (["真名", "姓名"], "person_name", p["cn"]),
            (["身份证", "sfz"], "cn_resident_id", g.id_fmt(p["id"])),
            (["手机", "电话", "手机号"], "cn_mobile", g.mobile()),
            (["住址", "常住", "家住"], "address", g.address(pl)),
            (["单位", "上班"], "organization", g.org_any(pl)),
            (["车牌"], "cn_license_plate", g.plate(pl[9])) if r.random() < 0.6 else None,
            (["QQ"], "qq_number", g.qq()) if r.random() < 0.6 else None,
            (["vx", "微信"], "wechat_id", g.wechat(p)) if r.random() < 0.6 else None,
            (["邮箱"], "email", g.email(p)) if r.random() < 0.5 else None,
            (["IP"], "ip_address", g.ip()) if r.random() < 0.5 else None,
            (["手机IMEI"], "imei", g.imei()) if r.random() < 0.3 else None,
            (["车架号"], "vin", g.vin()) if r.random() < 0.3 else None,
            (["港澳通行证"], "cn_hk_macau_permit", g.hk_macau_permit()) if r.random() < 0.3 else None,
            (["定位"], "geo_coordinate", g.geo(pl)) if r.random() < 0.4 else None,
            (["生日"], "birth_date", g.birth_fmt(p["birth"])) if r.random() < 0.5 else None,
        ], sep=C(r, "：", ":", " "))
        d.t("\n" + C(r, "大家去", "冲！") + "，别说是我发的。帖子编号")
        d.n("internal_id", N.d(9))
    elif fmt == "prose_post":
        d.t("这人叫")
        d.p("person_name", p["cn"])
        d.t(f"，{p['birth'].year}年的，住在")
        d.p("address", g.address(pl))
        d.t("，在")
        d.p("organization", g.company(pl))
        d.t(C(r, "上班", "做销售", "当主管"))
        d.t("，手机")
        d.p("cn_mobile", g.mobile())
        d.t("，开一辆白色的车，车牌")
        d.p("cn_license_plate", g.plate(pl[9]))
        d.t("。天天在网上装文化人，引用")
        d.n("famous_person", r.choice(FAMOUS))
        d.t(C(r, "的话骂人。", "的诗装X。"))
        if r.random() < 0.5:
            d.t("他老婆")
            d.p("person_name", g.person()["cn"])
            d.t("在")
            d.p("organization", g.hospital(pl))
            d.t("当护士。")
        d.t("评论区")
        d.n("common_word", r.choice(COMMON_WORDS))
        d.t("见，点赞")
        d.n("amount", str(r.randint(100, 99999)))
        d.t("。")
    else:
        d.t(C(r, "社工库查询结果\n", "查档结果（某库）\n"))
        for _ in range(r.randint(2, 4)):
            q = g.person()
            d.t("——\n姓名：")
            d.p("person_name", q["cn"])
            d.t("\n身份证：")
            d.p("cn_resident_id", q["id"])
            d.t("\n手机：")
            d.p("cn_mobile", g.mobile(style="plain"))
            d.t("\n地址：")
            d.p("address", g.address())
            if r.random() < 0.5:
                d.t("\n快递记录：")
                d.p("waybill_no", g.waybill())
            if r.random() < 0.5:
                d.t("\n开房记录：")
                d.p("organization", g.hotel())
                d.t(" ")
                d.n("date", N.date())
            if r.random() < 0.3:
                d.t("\n出入境证件：港澳通行证 ")
                d.p("cn_hk_macau_permit", g.hk_macau_permit())
            if r.random() < 0.3:
                d.t("\n名下房产：")
                d.p("property_cert_no", g.property_cert())
            if r.random() < 0.4:
                d.t("\n密码：")
                d.p("credential", g.password())
            d.t("\n")
        d.t("查询费用")
        d.n("amount", N.amount())
    return fmt, d


def sqlq(s):
    return "'" + s + "'"


def ind_sql(g, N, r):
    d = Doc()
    fmt = C(r, "users_insert", "orders_insert", "devices_insert")
    tbl = C(r, "t_user", "user_info", "member", "sys_user")
    if fmt == "users_insert":
        d.t(f"-- MySQL dump 10.13  Distrib ")
        d.n("version_string", f"{r.randint(5, 8)}.{r.randint(0, 7)}.{r.randint(10, 40)}")
        d.t(f"\n-- Table structure for table `{tbl}`\n")
        d.t(f"INSERT INTO `{tbl}` (`id`,`username`,`real_name`,`mobile`,`email`,`password`,`id_card`,`reg_ip`,`created_at`) VALUES\n")
        n = r.randint(2, 5)
        for i in range(n):
            q = g.person()
            d.t("(")
            d.n("internal_id", str(r.randint(1000, 999999)))
            d.t(", " + sqlq(C(r, "user", "u_", "") + str(r.randint(100, 99999))) + ", '")
            d.p("person_name", q["cn"])
            d.t("', '")
            d.p("cn_mobile", g.mobile_raw())
            d.t("', '")
            d.p("email", g.email(q))
            d.t("', '")
            d.p("credential", g.password())
            d.t("', '")
            d.p("cn_resident_id", q["id"])
            d.t("', '")
            d.p("ip_address", g.ip())
            d.t("', '")
            d.n("timestamp", g.ts())
            d.t("')" + (",\n" if i < n - 1 else ";\n"))
    elif fmt == "orders_insert":
        d.t(f"INSERT INTO `orders` (`order_no`,`consignee`,`phone`,`address`,`post_code`,`amount`,`waybill_no`,`pay_time`) VALUES\n")
        n = r.randint(2, 5)
        for i in range(n):
            q = g.person()
            d.t("('")
            d.n("order_no", N.order_no())
            d.t("','")
            d.p("person_name", q["cn"])
            d.t("','")
            d.p("cn_mobile", g.mobile_raw())
            d.t("','")
            d.p("address", g.address(q["place"]))
            d.t("','")
            d.p("postal_code", g.postcode(q["place"]))
            d.t("',")
            d.n("amount", N.amount())
            d.t(",'")
            d.p("waybill_no", g.waybill())
            d.t("',")
            d.n("timestamp", N.ts13())
            d.t(")" + (",\n" if i < n - 1 else ";\n"))
    else:
        d.t("INSERT INTO device_bind (uid, owner, imei, mac, last_ip, location, app_ver, updated) VALUES\n")
        n = r.randint(2, 5)
        for i in range(n):
            q = g.person()
            d.t("(")
            d.n("internal_id", str(r.randint(10000, 9999999)))
            d.t(", '")
            d.p("person_name", q["cn"] if r.random() < 0.6 else g.pinyin(q, "EAST"))
            d.t("', '")
            d.p("imei", g.imei())
            d.t("', '")
            d.p("mac_address", g.mac())
            d.t("', '")
            d.p("ip_address", g.ip())
            d.t("', '")
            pl = q["place"]
            d.p("geo_coordinate", f"{pl[10] + r.uniform(-.05, .05):.6f},{pl[11] + r.uniform(-.05, .05):.6f}")
            d.t("', '")
            d.n("version_string", N.version())
            d.t("', ")
            d.n("timestamp", N.ts13())
            d.t(")" + (",\n" if i < n - 1 else ";\n"))
    return fmt, d


def ind_csv(g, N, r):
    d = Doc()
    fmt = C(r, "leak_cn_csv", "leak_en_csv", "courier_tsv")
    if fmt == "leak_cn_csv":
        d.t(C(r, "姓名,手机,身份证,地址,邮箱,注册时间\n", "name,手机号,身份证号码,住址,email,time\n"))
        for _ in range(r.randint(3, 8)):
            q = g.person()
            d.p("person_name", q["cn"]); d.t(",")
            d.p("cn_mobile", g.mobile_raw()); d.t(",")
            d.p("cn_resident_id", q["id"]); d.t(",")
            d.p("address", g.address(q["place"])); d.t(",")
            d.p("email", g.email(q)); d.t(",")
            d.n("timestamp", N.ts13() if r.random() < 0.5 else g.ts()); d.t("\n")
    elif fmt == "leak_en_csv":
        d.t("uid,name,phone,email,password,last_login_ip,version\n")
        for _ in range(r.randint(3, 8)):
            q = g.person()
            d.n("internal_id", str(r.randint(1, 9999999))); d.t(",")
            d.p("person_name", g.pinyin(q, C(r, "WEST", "EAST", "UPPER")) if q["sur"] else q["cn"]); d.t(",")
            if r.random() < 0.8:
                d.p("cn_mobile", g.mobile(style=C(r, "plain", "+86", "0086")))
            else:
                d.p("intl_phone", g.intl_phone())
            d.t(",")
            d.p("email", g.email(q)); d.t(",")
            d.p("credential", g.password()); d.t(",")
            d.p("ip_address", g.ip()); d.t(",")
            d.n("version_string", N.version()); d.t("\n")
    else:
        d.t("收件人\t电话\t地址\t邮编\t运单号\t重量\n")
        for _ in range(r.randint(3, 8)):
            q = g.person()
            d.p("person_name", q["cn"]); d.t("\t")
            d.p("cn_mobile", g.mobile_raw()); d.t("\t")
            d.p("address", g.address(q["place"])); d.t("\t")
            d.p("postal_code", g.postcode(q["place"])); d.t("\t")
            d.p("waybill_no", g.waybill()); d.t("\t")
            d.n("amount", f"{r.uniform(0.1, 30):.2f}"); d.t("\n")
    d.t(C(r, "# rows exported at ", "导出时间 "))
    d.n("timestamp", g.ts())
    return fmt, d


def ind_kyc(g, N, r):
    d = Doc()
    p = g.person()
    while not p["sur"]:
        p = g.person()
    pl = p["place"]
    fmt = C(r, "kyc_form", "remittance", "rm_email")
    if fmt == "kyc_form":
        d.t(C(r, "KNOW YOUR CUSTOMER (KYC) FORM\n", "Customer Due Diligence - Individual\n", "Account Opening - Personal Information\n"))
        c = r.random()
        if c < 0.2:
            idf = (["PRC Resident ID No."], "cn_resident_id", p["id"])
        elif c < 0.35:
            idf = (["Passport No."], "cn_passport", g.passport())
        elif c < 0.55:
            idf = (["Exit-Entry Permit (HK/Macau) No.", "Two-way Permit No.", "港澳通行证号"], "cn_hk_macau_permit", g.hk_macau_permit())
        elif c < 0.75:
            idf = (["HKID No.", "Hong Kong Identity Card No."], "hk_id_card", g.hk_id())
        else:
            idf = (["Taiwan National ID", "ROC ID No."], "tw_national_id", g.tw_id())
        d.t(C(r, "Customer ", "Client: ", "Name: "))
        d.p("person_name", g.pinyin(p, C(r, "WEST", "COMMA", "AIR", "UPPER")))
        if r.random() < 0.3:
            d.t(" MR" if p["sex"] == "M" else " MS")
        d.t("\n")
        kv(d, r, [
            idf,
            (["Date of Birth", "DOB"], "birth_date", g.birth_fmt(p["birth"], C(r, "en", "en3", "iso", "slash"))),
            (["Residential Address"], "address", g.en_address(pl)),
            (["Mobile"], "cn_mobile", g.mobile(style=C(r, "+86", "+86sp", "(+86)", "0086"))),
            (["Overseas phone", "Alt. phone"], "intl_phone", g.intl_phone()),
            (["Email"], "email", g.email(p)),
            (["Employer"], "organization", g.company()),
            (["Settlement account"], "bank_card", g.card_fmt(g.bank_card())),
            (["Customer No."], "neg:internal_id", N.internal_id()),
            (["Risk score"], "neg:amount", str(r.randint(1, 100))),
            (["Reviewed on"], "neg:date", N.date()),
            (["Alt. ID", "HKID"], "hk_id_card", g.hk_id()) if r.random() < 0.3 else None,
        ], sep=": ", keep=1)
    elif fmt == "remittance":
        q = g.person()
        while not q["sur"]:
            q = g.person()
        d.t(C(r, "Outward Remittance Application\n", "Telegraphic Transfer Advice\n"))
        kv(d, r, [
            (["Remitter"], "person_name", g.pinyin(p, C(r, "UPPER", "COMMA"))),
            (["Remitter account"], "bank_card", g.bank_card()),
            (["Remitter ID"], "cn_passport", g.passport()),
            (["Beneficiary"], "person_name", g.pinyin(q, C(r, "UPPER", "WEST"))),
            (["Beneficiary phone"], "intl_phone", g.intl_phone()),
            (["Amount"], "neg:amount", f"USD {N.amount().lstrip('¥')}"),
            (["Reference"], "neg:transaction_no", N.txn_no()),
            (["Value date"], "neg:date", N.date()),
            (["SWIFT"], "neg:internal_id", C(r, "ICBKCNBJ", "BKCHCNBJ", "CMBCCNBS", "HSBCHKHH")),
        ], sep=": ", keep=0)
    else:
        d.t(f"Dear Mr./Ms. ")
        d.p("person_name", g.pinyin(p, C(r, "EAST", "WEST")))
        d.t(",\n\nThank you for choosing us. We have updated your profile: HKID ")
        d.p("hk_id_card", g.hk_id())
        d.t(", correspondence address ")
        d.p("address", g.en_address(pl))
        d.t(". Your card ending ")
        d.n("partial_card", N.d(4))
        d.t(" will be replaced. If you did not request this, call ")
        d.n("hotline", C(r, "95566", "95555", "800-820-8988"))
        d.t(" or reply to ")
        d.p("email", g.email(p))
        d.t(".\nYour relationship manager ")
        d.p("person_name", g.pinyin(g.person(), "WEST") if r.random() < 0.8 else "Li Na")
        d.t(" can be reached on ")
        d.p("intl_phone", g.intl_phone())
        d.t(".\nRef: ")
        d.n("internal_id", N.internal_id())
        d.t("\nApp version ")
        d.n("version_string", N.version())
    return fmt, d


def ind_ocr(g, N, r):
    d = Doc()
    p = g.person()
    pl = p["place"]
    fmt = C(r, "id_card_front", "id_card_back", "hk_id_card", "tw_id_card", "business_license")
    if fmt == "id_card_front":
        sp = r.random() < 0.5
        d.t(C(r, "OCR识别结果：\n", "[身份证正面]\n", ""))
        d.t("姓 名 " if sp else "姓名 ")
        d.p("person_name", p["cn"])
        d.t(f"\n{'性 别' if sp else '性别'} {sexcn(p)}  {'民 族' if sp else '民族'} {C(r, '汉', '汉', '回', '满', '壮', '苗')}\n")
        d.t("出 生 " if sp else "出生 ")
        b = p["birth"]
        d.p("birth_date", f"{b.year} 年 {b.month} 月 {b.day} 日" if sp else f"{b.year}年{b.month}月{b.day}日")
        d.t("\n住 址 " if sp else "\n住址 ")
        d.p("address", g.address(pl, "full") if r.random() < 0.7 else g.rural_address())
        d.t("\n公民身份号码 ")
        idv = p["id"]
        d.p("cn_resident_id", " ".join(idv[i:i + 4] for i in range(0, 18, 4)) if r.random() < 0.5 else g.id_fmt(idv))
        d.t(f"\n置信度 ")
        d.n("amount", f"0.{r.randint(80, 99)}")
    elif fmt == "id_card_back":
        d.t("[身份证反面]\n中华人民共和国\n居民身份证\n签发机关 ")
        d.p("organization", g.police(pl))
        y = r.randint(2010, 2022)
        d.t("\n有效期限 ")
        d.n("date", f"{y}.{r.randint(1, 12):02d}.{r.randint(1, 28):02d}-{y + 20}.{r.randint(1, 12):02d}.{r.randint(1, 28):02d}")
        d.t("\n识别引擎 ")
        d.n("version_string", N.version())
        d.t("\n正面：姓名 ")
        d.p("person_name", p["cn"])
        d.t("  号码 ")
        d.p("cn_resident_id", p["id"])
    elif fmt == "hk_id_card":
        d.t("HONG KONG PERMANENT IDENTITY CARD\n香港永久性居民身份證\n")
        s_cn, hk_sur = C(r, ("陳", "CHAN"), ("黃", "WONG"), ("梁", "LEUNG"), ("劉", "LAU"), ("張", "CHEUNG"), ("林", "LAM"),
                         ("何", "HO"), ("曾", "TSANG"), ("葉", "YIP"), ("吳", "NG"))
        g_cn, hk_giv = C(r, ("大文", "Tai Man"), ("小明", "Siu Ming"), ("嘉欣", "Ka Yan"), ("詠詩", "Wing Sze"), ("志強", "Chi Keung"),
                         ("美玲", "Mei Ling"), ("國偉", "Kwok Wai"), ("凱怡", "Hoi Yee"))
        cn = s_cn + g_cn
        d.p("person_name", cn)
        d.t("\n")
        d.p("person_name", f"{hk_sur}, {hk_giv}")
        d.t("\n出生日期 Date of Birth\n")
        b = p["birth"]
        d.p("birth_date", f"{b:%d-%m-%Y}")
        d.t(f"\n{C(r, 'M', 'F')}  ***AZ\n簽發日期 Date of Issue (")
        d.n("date", f"{r.randint(1, 28):02d}-{r.randint(1, 12):02d}-{r.randint(3, 24):02d}")
        d.t(")\n")
        d.p("hk_id_card", g.hk_id())
        d.t("\n電話 ")
        d.p("intl_phone", "+852 " + r.choice("5679") + N.d(3) + " " + N.d(4))
    elif fmt == "tw_id_card":
        d.t("中華民國國民身分證\n姓名 ")
        d.p("person_name", C(r, "陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊") + C(r, "怡君", "志明", "淑芬", "家豪", "雅婷", "俊傑", "美惠", "冠宇"))
        b = p["birth"]
        d.t("\n出生 ")
        d.p("birth_date", f"民國{b.year - 1911}年{b.month}月{b.day}日")
        d.t(f"\n性別 {sexcn(p)}\n發證日期 ")
        d.n("date", f"民國{r.randint(95, 113)}年{r.randint(1, 12)}月{r.randint(1, 28)}日")
        d.t("\n統一編號 ")
        d.p("tw_national_id", g.tw_id())
        d.t("\n住址 ")
        d.t(C(r, "臺北市大安區", "新北市板橋區", "臺中市西屯區", "高雄市苓雅區"))
        d.t(f"（住址略）\n條碼 ")
        d.n("internal_id", N.d(10))
    else:
        gt = r.random() < 0.6
        d.t(C(r, "营业执照（副本）\n", "营业执照 OCR\n"))
        d.t("统一社会信用代码 ")
        d.p("cn_uscc", g.uscc("92" if gt else C(r, "91", "91", "12", "52"), pl[0]))
        d.t("\n名称 ")
        d.p("organization", (pl[3][:-1] + pl[5][:-1] + p["cn"][:1] + C(r, "记小吃店", "氏五金店", "家便利店", "记修车行")) if gt else g.company(pl))
        d.t("\n类型 " + ("个体工商户" if gt else "有限责任公司(自然人投资或控股)"))
        d.t("\n" + ("经营者 " if gt else "法定代表人 "))
        d.p("person_name", p["cn"])
        d.t("\n" + ("经营场所 " if gt else "住所 "))
        d.p("address", g.address(pl, "full"))
        d.t("\n注册资本 ")
        d.n("amount", f"{r.randint(1, 1000)}万元")
        d.t("\n成立日期 ")
        d.n("date", N.date())
        d.t("\n登记机关 ")
        d.p("organization", pl[3] + (pl[5] if pl[5].endswith("区") else "") + "市场监督管理局")
    return fmt, d


def ind_itops(g, N, r):
    d = Doc()
    p = g.person()
    fmt = C(r, "mdm_inventory", "access_log", "login_audit")
    if fmt == "mdm_inventory":
        d.t(C(r, "终端资产清单（MDM导出）\n", "Device inventory\n"))
        rows = []
        for _ in range(r.randint(2, 6)):
            q = g.person()
            rows.append([("neg:internal_id", "IT-" + N.d(6)), ("person_name", q["cn"]), (None, C(r, "iPhone 14", "Mate 60", "ThinkPad X1", "Redmi K70")),
                         ("imei", g.imei()), ("mac_address", g.mac()), ("ip_address", g.ip()), ("neg:version_string", N.version()),
                         ("geo_coordinate", g.geo(q["place"]))])
        table(d, r, ["资产编号", "使用人", "型号", "IMEI", "MAC", "IP", "系统版本", "最后定位"], rows, sep=C(r, "\t", " | "))
    elif fmt == "access_log":
        for _ in range(r.randint(3, 7)):
            d.p("ip_address", g.ip())
            d.t(" - - [")
            d.n("timestamp", f"{r.randint(1, 28):02d}/{r.choice(['Mar', 'Apr', 'May'])}/2024:{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} +0800")
            c = r.random()
            if c < 0.4:
                d.t('] "POST /api/sms/verify?mobile=')
                d.p("cn_mobile", g.mobile_raw())
                d.t("&code=")
                d.p("sms_code", g.sms())
            elif c < 0.7:
                d.t('] "GET /order/detail?orderId=')
                d.n("order_no", N.mobile_like())
                d.t("&ts=")
                d.n("timestamp", N.ts13())
            else:
                d.t('] "GET /user/profile?email=')
                d.p("email", g.email())
            d.t(' HTTP/1.1" 200 ' + str(r.randint(100, 9000)) + ' "-" "Mozilla/5.0 Chrome/')
            d.n("version_string", f"{r.randint(90, 125)}.0.{r.randint(1000, 6400)}.{r.randint(10, 200)}")
            d.t('"\n')
    else:
        d.t("安全审计 - 登录失败明细\n")
        for _ in range(r.randint(2, 5)):
            q = g.person()
            d.n("timestamp", g.ts())
            d.t(" user=")
            d.p("email", g.email(q))
            d.t(" src=")
            d.p("ip_address", g.ip())
            d.t(" mac=")
            d.p("mac_address", g.mac())
            d.t(" reason=bad_password " + C(r, "password=", "pwd=", "passwd="))
            d.p("credential", g.password())
            d.t("\n")
        d.t("负责人：")
        d.p("person_name", p["cn"])
        d.t(" 分机 ")
        d.p("cn_landline", g.landline(p["place"][7], ext=True))
    return fmt, d


def ind_registry(g, N, r):
    """individual businesses / market regulation lists"""
    d = Doc()
    pl = r.choice(PLACES)
    fmt = C(r, "getihu_list", "merchant_onboarding", "tax_registration")
    if fmt == "getihu_list":
        d.t(f"{pl[3]}{pl[5]}个体工商户名录（节选）\n")
        rows = []
        for _ in range(r.randint(3, 6)):
            q = g.person()
            rows.append([("cn_uscc", g.uscc("92", pl[0])), ("organization", pl[5][:-1] + q["cn"][:1] + C(r, "记餐馆", "氏理发店", "家超市", "记水果店")),
                         ("person_name", q["cn"]), ("address", g.address(pl, "dist")), ("neg:date", N.date())])
        table(d, r, ["统一社会信用代码", "名称", "经营者", "经营场所", "成立日期"], rows)
    elif fmt == "merchant_onboarding":
        p = g.person()
        d.t(C(r, "商户入网申请表\n", "收单商户资料\n"))
        kv(d, r, [
            (["商户名称"], "organization", g.company(pl)),
            (["统一社会信用代码", "营业执照号"], "cn_uscc", g.uscc(C(r, "91", "92"))),
            (["法人姓名", "负责人"], "person_name", p["cn"]),
            (["法人身份证"], "cn_resident_id", g.id_fmt(p["id"])),
            (["结算卡号"], "bank_card", g.card_fmt(g.bank_card())),
            (["联系电话"], "cn_mobile", g.mobile()),
            (["经营地址"], "address", g.address(pl)),
            (["商户编号"], "neg:internal_id", N.d(15)),
            (["终端号"], "neg:internal_id", N.d(8)),
            (["费率"], "neg:amount", f"0.{r.randint(30, 60)}%"),
        ])
    else:
        p = g.person()
        d.t("税务登记信息\n")
        kv(d, r, [
            (["纳税人名称"], "organization", g.company(pl)),
            (["纳税人识别号"], "cn_uscc", g.uscc("91")),
            (["办税人"], "person_name", p["cn"]),
            (["办税人手机"], "cn_mobile", g.mobile()),
            (["财务负责人"], "person_name", g.person()["cn"]),
            (["生产经营地址"], "address", g.address(pl)),
            (["邮政编码"], "postal_code", g.postcode(pl)),
            (["电话"], "cn_landline", g.landline(pl[7])),
            (["登记日期"], "neg:date", N.date()),
            (["主管税务所科"], None, "第一税务所"),
        ])
        d.t("\n纳税服务热线：")
        d.n("hotline", "12366")
    return fmt, d


INDUSTRIES = [
    ("telecom", ind_telecom, 8), ("bank", ind_bank, 8), ("ecommerce", ind_ecommerce, 8), ("hospital", ind_hospital, 7),
    ("school", ind_school, 7), ("real_estate", ind_realestate, 7), ("auto", ind_auto, 7), ("courier", ind_courier, 8),
    ("hotel", ind_hotel, 9), ("airline", ind_airline, 9), ("visa", ind_visa, 7), ("community", ind_community, 8),
    ("chat", ind_chat, 8), ("doxxing", ind_doxxing, 6), ("sql_dump", ind_sql, 6), ("csv_dump", ind_csv, 5),
    ("kyc_en", ind_kyc, 7), ("ocr", ind_ocr, 8), ("it_ops", ind_itops, 6), ("registry", ind_registry, 5),
]


def make_doc(r, idx, seed):
    g, N = Gen(r), Neg(r)
    names = [x[0] for x in INDUSTRIES]
    w = [x[2] for x in INDUSTRIES]
    while True:
        ind = r.choices(names, w)[0]
        fmt, d = dict((x[0], x[1]) for x in INDUSTRIES)[ind](g, N, r)
        while len(d.text()) < 100 or not d.negs:
            footer(d, r, N, 1)
        if len(d.text()) <= 3000:
            break
    return {"id": f"s{seed}-{idx:05d}", "industry": ind, "format": fmt, "text": d.text(),
            "spans": d.spans, "negatives": d.negs}


# ---------------------------------------------------------------------------
# Validation (self-test)
# ---------------------------------------------------------------------------

KINDS = ["person_name", "cn_resident_id", "cn_passport", "cn_hk_macau_permit", "cn_taiwan_permit", "hk_id_card",
         "tw_national_id", "cn_mobile", "cn_landline", "intl_phone", "email", "address", "birth_date", "postal_code",
         "organization", "wechat_id", "qq_number", "credential", "sms_code", "ip_address", "mac_address", "imei",
         "bank_card", "cn_license_plate", "vin", "property_cert_no", "cn_uscc", "pnr_code", "air_ticket_no",
         "waybill_no", "geo_coordinate"]
ORG_SUFFIX = ("局", "营业部", "公司", "集团", "医院", "学校", "大学", "学院", "中学", "小学", "幼儿园", "支行", "分行", "分理处", "派出所",
              "分局", "酒店", "宾馆", "饭店", "店）", "店)", "中心", "卫生院", "保健院", "店", "馆", "行", "超市")
PLATE_RE = re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·\s]?"
                      r"(?:[A-HJ-NP-Z0-9]{5}|[DF]\d{5}|\d{5}[DF]|[0-9]{4}[学警挂港澳])")


def strip_sep(v):
    return re.sub(r"[\s\-·]", "", to_hw(v))


def valid_date(y, m, d):
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def validate(kind, v):
    h = to_hw(v)
    s = strip_sep(v)
    if kind == "person_name":
        return bool(re.fullmatch(r"[\u4e00-\u9fff·]{2,14}", h) or re.fullmatch(r"[A-Z][A-Za-z]*(/|, | )[A-Z][A-Za-z ]*", h))
    if kind == "cn_resident_id":
        if len(s) == 15:
            return s.isdigit() and s[:6] in ID_REGION_CODES and valid_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
        return (len(s) == 18 and s[:17].isdigit() and s[:6] in ID_REGION_CODES
                and valid_date(int(s[6:10]), int(s[10:12]), int(s[12:14])) and id_check(s[:17]) == s[17].upper())
    if kind == "cn_passport":
        return bool(re.fullmatch(r"[EGDSP]\d{8}|E[A-HJ-NP-Z]\d{7}", s))
    if kind == "cn_hk_macau_permit":
        return bool(re.fullmatch(r"C\d{8}|C[A-HJ-NP-Z]\d{7}", s))
    if kind == "cn_taiwan_permit":
        return bool(re.fullmatch(r"L?\d{8}", s))
    if kind == "hk_id_card":
        m = re.fullmatch(r"([A-Z]{1,2})(\d{6})\(([0-9A])\)", h)
        return bool(m) and hkid_check(m.group(1), m.group(2)) == m.group(3)
    if kind == "tw_national_id":
        return twid_ok(h)
    if kind == "cn_mobile":
        m = re.fullmatch(r"(?:\+86|0086|\(\+86\))?(\d{11})", re.sub(r"[\s\-]", "", h))
        return bool(m) and m.group(1)[:3] in MOBILE_PREFIXES
    if kind == "cn_landline":
        for ac in AREA_CODES:
            m = re.fullmatch(r"\(?" + ac + r"\)?[\s\-]?(\d{3,4}[\s]?\d{3,4})(?:(?:转|\s转\s|-| ext\.| ext |转分机)\d{3,4})?", h)
            if m and 7 <= len(m.group(1).replace(" ", "")) <= 8:
                return True
        return False
    if kind == "intl_phone":
        return bool(re.fullmatch(r"(\+|00|\()(1|852|853|886|44|81|65|61)\)?[\s\-]?[\d\s\-\(\)]{7,16}", h)) and not h.startswith("+86")
    if kind == "email":
        return bool(re.fullmatch(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[a-z]{2,}", h))
    if kind == "address":
        return len(h) >= 8 and (any(k in h for k in ("号", "室", "组", "单元")) or re.search(r"No\. \d+|\d+ [A-Z]", h) is not None)
    if kind == "birth_date":
        m = re.fullmatch(r"民國(\d+)年(\d+)月(\d+)日", h)
        if m:
            return valid_date(1911 + int(m.group(1)), int(m.group(2)), int(m.group(3)))
        for f in ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%d%b%y", "%d %B %Y", "%d %b %Y", "%d-%m-%Y"):
            try:
                dt.datetime.strptime(h, f)
                return True
            except ValueError:
                pass
        m = re.fullmatch(r"(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日", h)
        return bool(m) and valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if kind == "postal_code":
        return bool(re.fullmatch(r"\d{6}", h))
    if kind == "organization":
        return h.endswith(ORG_SUFFIX) and len(h) >= 4
    if kind == "wechat_id":
        return bool(re.fullmatch(r"wxid_[a-z0-9]{6,20}|[A-Za-z][A-Za-z0-9_\-]{5,19}", h))
    if kind == "qq_number":
        return bool(re.fullmatch(r"[1-9]\d{4,10}", h))
    if kind == "credential":
        return len(h) >= 4 and not re.search(r"\s", h)
    if kind == "sms_code":
        return bool(re.fullmatch(r"\d{4,8}", h))
    if kind == "ip_address":
        try:
            ipaddress.ip_address(h)
            return True
        except ValueError:
            return False
    if kind == "mac_address":
        return bool(re.fullmatch(r"[0-9A-Fa-f]{2}([:\-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}", h))
    if kind == "imei":
        return len(s) == 15 and s.isdigit() and luhn_ok(s)
    if kind == "bank_card":
        return 16 <= len(s) <= 19 and s.isdigit() and luhn_ok(s)
    if kind == "cn_license_plate":
        return bool(PLATE_RE.fullmatch(h))
    if kind == "vin":
        return bool(re.fullmatch(r"[A-HJ-NPR-Z0-9]{17}", h)) and vin_check(h) == h[8]
    if kind == "property_cert_no":
        return bool(re.fullmatch(r"[\u4e00-\u9fff]{1,2}[（(]\d{4}[)）][\u4e00-\u9fff]+不动产权第\d{7}号", h)
                    or re.fullmatch(r"[\u4e00-\u9fff]房权证[\u4e00-\u9fff]+字第\d+号", h)
                    or re.fullmatch(r"[\u4e00-\u9fff]房地[\u4e00-\u9fff]字[（(]\d{4}[)）]第\d{6}号", h))
    if kind == "cn_uscc":
        return len(h) == 18 and all(c in USCC_CHARS for c in h) and uscc_check(h[:17]) == h[17] and h[2:8] in ID_REGION_CODES
    if kind == "pnr_code":
        return bool(re.fullmatch(r"[A-Z0-9]{6}", h)) and sum(c.isalpha() for c in h) >= 3
    if kind == "air_ticket_no":
        return bool(re.fullmatch(r"\d{3}-?\d{10}", h)) and h[:3] in {a[1] for a in AIRLINES}
    if kind == "waybill_no":
        if re.fullmatch(r"[A-Z]{2}\d{9}CN", h):
            return s10_check(h[2:10]) == h[10]
        return bool(re.fullmatch(r"SF\d{12,13}|YT\d{13}|JD[A-Z0-9]{2}\d{11}|JT\d{13}|[735][35]\d{10}|77\d{11}|(43|46|31)\d{11}", h))
    if kind == "geo_coordinate":
        nums = re.findall(r"\d+\.\d+", h)
        if re.search(r"°\d", h):
            return len(re.findall(r"°", h)) == 2
        return len(nums) == 2 and all(len(x.split(".")[1]) >= 4 for x in nums)
    return False


def selftest_docs(docs):
    errors = 0
    for doc in docs:
        t = doc["text"]
        if not (100 <= len(t) <= 3000):
            print("length", doc["id"], len(t)); errors += 1
        occ = sorted([(s["start"], s["end"], "span") for s in doc["spans"]] + [(n["start"], n["end"], "neg") for n in doc["negatives"]])
        for a, b in zip(occ, occ[1:]):
            if b[0] < a[1]:
                print("overlap", doc["id"], a, b); errors += 1
        for s in doc["spans"]:
            if s["kind"] not in KINDS:
                print("kind", doc["id"], s); errors += 1
            if t[s["start"]:s["end"]] != s["value"]:
                print("offset", doc["id"], s); errors += 1
            if not validate(s["kind"], s["value"]):
                print("invalid", doc["id"], s["kind"], repr(s["value"])); errors += 1
            if s["value"] != s["value"].strip() or not s["value"]:
                print("whitespace", doc["id"], s); errors += 1
        for n in doc["negatives"]:
            v = t[n["start"]:n["end"]]
            if not v or v != v.strip():
                print("neg-empty", doc["id"], n); errors += 1
    return errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--out")
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--stats", action="store_true", help="print per-kind / per-negative-type counts of FILES")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    if a.stats:
        import collections
        for f in a.files:
            docs = [json.loads(l) for l in open(f, encoding="utf-8")]
            kc = collections.Counter(s["kind"] for d in docs for s in d["spans"])
            nc = collections.Counter(n["type"] for d in docs for n in d["negatives"])
            print(f"## {f}: {len(docs)} docs, {sum(len(d['text']) for d in docs)} chars, "
                  f"{sum(kc.values())} spans, {sum(nc.values())} negatives")
            print("| kind | count |\n|---|---|")
            for k in KINDS:
                print(f"| `{k}` | {kc[k]} |")
            print("\n| negative type | count |\n|---|---|")
            for k, v in nc.most_common():
                print(f"| {k} | {v} |")
            ic = collections.Counter((d["industry"], d["format"]) for d in docs)
            print("\n| industry | format | docs |\n|---|---|---|")
            for (i, fm), v in sorted(ic.items()):
                print(f"| {i} | {fm} | {v} |")
            print()
        return
    if a.selftest:
        files = a.files
        total = 0
        if files:
            for f in files:
                docs = [json.loads(l) for l in open(f, encoding="utf-8")]
                e = selftest_docs(docs)
                print(f"{f}: {len(docs)} docs, {e} errors")
                total += e
        else:
            docs = [make_doc(random.Random(f"selftest-{i}"), i, 0) for i in range(300)]
            total = selftest_docs(docs)
            print(f"generated 300 docs, {total} errors")
        sys.exit(1 if total else 0)
    r = random.Random(a.seed)
    docs = [make_doc(r, i, a.seed) for i in range(a.n)]
    e = selftest_docs(docs)
    if e:
        sys.exit(f"{e} self-test errors; not writing")
    with open(a.out, "w", encoding="utf-8") as f:
        for doc in docs:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"wrote {len(docs)} docs to {a.out}")


if __name__ == "__main__":
    main()
