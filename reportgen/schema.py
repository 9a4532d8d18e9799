"""The facts format: every field with its type, Chinese title, help text and example.

One declaration serves validation (validate.py), the JSON Schema (`reportgen schema`),
the commented file `reportgen init` writes, and spreadsheet column headers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reportgen.kinds import (
    Block,
    Choice,
    CountKind,
    DateKind,
    DateOrText,
    Field,
    Flag,
    ListOf,
    PeriodKind,
    ProblemItem,
    ScalarBlock,
    Text,
)
from reportgen.official_kinds import CopyNumber, DocumentNumber, Secrecy
from reportgen.reporttypes import TYPES


def _count(
    name: str, title: str, measure: str, example: Any = None, help: str = "", required: bool = False
) -> Field:
    return Field(name, CountKind(measure), title, help, example, required)


FOCUS_CODES = {
    "awareness": "抓认识",
    "responsibility": "抓责任",
    "coordination": "抓协调",
    "study": "抓学习",
    "positions": "抓阵地",
    "online": "抓网络",
    "team": "抓队伍",
    "mechanisms": "抓机制",
}

# The examples describe one fictional unit, 青禾镇, so that the file `reportgen init`
# writes from them drafts a coherent report of any type.

UNIT = Block(fields=(
    Field("name", Text(50), "单位名称", "落款和标题中使用的全称", "青禾镇", required=True),
    Field("kind", Text(10), "单位类别",
          "决定自称：镇→我镇，局→我局，村→我村……；不填时按单位名称的末字推断", "镇"),
    Field("party_org", Text(30), "党组织",
          "镇党委、局党组、党支部、党总支等；不填时按单位类别推断", "镇党委"),
    Field("superior", Text(30), "上级党委", "落实情况报告的报送对象", "县委"),
    Field("secretary", Text(20), "党组织书记", "意识形态工作第一责任人", "张明华"),
    Field("deputy", Text(20), "分管领导", "分管意识形态工作的班子成员", "刘慧"),
))

def _story(practice: str, effect: str, case: str) -> tuple[Field, ...]:
    """What only the unit knows about a block of work, in its own words: woven into the draft
    where given; where not, the draft says less rather than pad with stock phrases."""
    return (
        Field("practice", Text(200, sentence=True), "主要做法",
              "本单位这方面的具体做法：用什么载体、怎么做（一两句话）", practice),
        Field("effect", Text(200, sentence=True), "取得成效", "做了以后有什么变化、效果（一两句话）", effect),
        Field("case", Text(200, sentence=True), "典型事例", "一件能说明问题的具体事例（一两句话）", case),
    )


PERSON = Block(fields=(
    Field("name", Text(20), "述职人姓名", example="张明华", required=True),
    Field("title", Text(50), "述职人职务", example="镇党委书记"),
    _count("party_lectures", "本人讲党课", "次", 2, "述职人自己讲党课、作辅导报告的次数"),
    _count("research", "本人调研", "次", 4, "述职人就意识形态工作到基层调研的次数"),
    _count("instructions", "本人批示", "次", 6, "述职人对意识形态工作、舆情处置作出批示的次数"),
    _count("talks", "本人谈心谈话", "次", 8,
           "述职人就意识形态工作与班子成员、下级负责人谈心谈话或约谈的次数"),
    _count("articles", "本人撰写文章", "篇", 1, "述职人撰写的理论文章、调研报告篇数"),
    Field("practice", Text(200, sentence=True), "本人做法",
          "述职人自己抓这项工作的具体做法（一两句话）",
          "每月至少到一个村（社区）调研，现场协调解决宣传阵地和舆情工作中的问题"),
))

MEETING = Block(fields=(
    Field("name", Text(60), "会议名称", "讲话或发言所在的会议", "2025年意识形态工作会议",
          required=True),
    Field("speaker", Text(20), "讲话人", "不填时为党组织书记", "张明华"),
    Field("speaker_title", Text(50), "讲话人职务", example="镇党委书记"),
    Field("title", Text(40), "发言题目", "经验交流发言的题目；不填时按特色亮点拟定",
          "用好“青禾讲堂”　让党的声音飞入寻常百姓家"),
))

RESPONSIBILITY = Block(fields=(
    Field("leading_group", Flag(), "成立意识形态工作领导小组", example=True),
    _count("special_meetings", "专题研究意识形态工作", "次", 4),
    _count("analysis_meetings", "意识形态形势分析研判", "次", 2),
    _count("letters_signed", "签订意识形态工作责任书", "份", 23),
    Field("documents", ListOf(Text(80)), "出台的制度文件", "文件名带书名号",
          ["《青禾镇意识形态工作责任制实施细则》", "《青禾镇意识形态阵地管理办法》"]),
    _count("inspections", "督查检查", "次", 3),
    _count("inspected_units", "督查覆盖单位", "个", 15),
    Field("in_assessment", Flag(), "纳入年度目标考核", example=True),
    _count("reports_to_superior", "向上级报告意识形态工作", "次", 2),
    _count("accountability", "追责问责", "起", 0, "填 0 表示本期未发生需追责问责的情形"),
    *_story("建立班子成员“三单一图”责任体系，把意识形态工作任务分解到每名班子成员和每个村（社区）",
            "全镇18个村（社区）都明确了意识形态工作专干，责任传导到最末端",
            "针对某村工作群转发不实信息，当天约谈群主，督促删除并发布澄清说明"),
))

STUDY = Block(fields=(
    _count("group_study", "党委理论学习中心组集中学习", "次", 12, "党支部、党总支填写支部集中学习的次数"),
    _count("seminars", "专题研讨", "次", 4),
    _count("party_lectures", "领导干部讲党课", "次", 4),
    _count("theme_days", "主题党日活动", "次", 12),
    _count("staff_study", "干部职工集中学习", "次", "20余", "“余”表示约数，如 20余"),
    _count("preaching", "理论宣讲", "场", 16),
    Field("topics", ListOf(Text(60)), "学习专题",
          example=["党的二十届三中全会精神", "习近平文化思想"]),
    *_story("推行“领学+研讨+点评”学习模式，每次集中学习由一名班子成员领学、全体成员交流",
            "班子成员结合分管工作形成学习体会和调研报告12篇",
            "镇党委书记带头到青禾村院坝讲授微党课，用群众听得懂的话讲清全会精神"),
))

POSITIONS = Block(fields=(
    Field("media", ListOf(Text(40)), "宣传阵地", "公众号、网站、展板、广播等",
          ["“青禾发布”微信公众号", "镇村宣传栏"]),
    _count("work_groups", "工作微信群", "个", 2),
    Field("review", Text(80), "信息发布审核制度", example="分管领导审核、主要领导审批"),
    _count("new_built", "新建阵地", "个", 3),
    *_story("对镇村两级宣传栏、广播和新媒体账号实行“一阵地一责任人”，每月检查一次内容",
            "全镇宣传阵地做到内容按月更新，没有出现导向问题",
            "把闲置的村级活动室改建为“青禾书屋”，周末向群众开放"),
))

ARTICLE = Block(fields=(
    Field("outlet", Text(40), "发布媒体", example="县融媒体中心", required=True),
    _count("count", "篇数", "篇", 12, required=True),
))

ACTIVITY = Block(fields=(
    Field("name", Text(60), "活动名称", example="“我们的节日”主题活动", required=True),
    _count("count", "场次", "场", 8),
    _count("participants", "参与人数", "人次", 600),
))

PUBLICITY = Block(fields=(
    Field("articles", ListOf(ARTICLE), "发表宣传信息", "每项写明媒体（outlet）和篇数（count）",
          [{"outlet": "县融媒体中心", "count": 12},
           {"outlet": "“青禾发布”微信公众号", "count": 48}]),
    Field("activities", ListOf(ACTIVITY), "主题宣传与文化活动",
          "每项写明名称（name）、场次（count），可写参与人数（participants）",
          [{"name": "“我们的节日”主题活动", "count": 8, "participants": 600},
           {"name": "新时代文明实践志愿服务", "count": 15}]),
    _count("materials", "发放宣传资料", "份", "5000余"),
    _count("mass_meetings", "召开群众会、院坝会", "次", "50余"),
    *_story("组建“青禾红”志愿宣讲队，用方言讲政策、讲身边人身边事",
            "系列宣讲短视频被县融媒体中心转发推介",
            "“青禾好人”评选活动吸引2000余人次参与线上投票"),
))

ONLINE = Block(fields=(
    _count("commentators", "网评员、网宣员", "人", 12),
    _count("incidents_handled", "处置网络舆情", "起", 2, "填 0 表示本期未发生网络舆情"),
    Field("monitoring", Text(80), "舆情监测机制",
          example="每日巡查、一般舆情周报、重大舆情即时报告"),
    *_story("建立“网格员+网评员”联动机制，网格员发现舆情线索第一时间报告",
            "涉及本镇的网络舆情都在当天得到回应",
            "一条涉农补贴的不实信息发布后，2小时内发布权威说明，平息了议论"),
))

TEAM = Block(fields=(
    _count("trainings", "举办培训班", "期", 2),
    _count("trainees", "培训人数", "人次", 120),
    _count("correspondents", "专职通讯员", "人", 3),
    *_story("实行“老带新”结对培养，每名新任宣传员由一名骨干带教三个月",
            "宣传员投稿采用率比上年明显提高",
            "青禾村宣传员撰写的稿件被《雅安日报》刊发"),
))

# 督查发现的问题和整改: read by the implementation report only (its own block, reporttypes.py).
RECTIFICATION = Block(fields=(
    _count("issues_found", "督查发现问题", "个", 7, "督查检查、自查中发现的问题个数；填 0 表示未发现问题"),
    _count("issues_fixed", "已整改问题", "个", 6, "发现的问题中已经整改到位的个数"),
))

PROBLEM = ScalarBlock(scalar="problem", fields=(
    Field("problem", ProblemItem(), "问题", "问题库代码（如 study_depth）或一句描述问题的话",
          "村级宣传员队伍不够稳定，信息报送时效性不强", required=True),
    Field("cause", Text(200, sentence=True), "原因", "问题产生的原因（主观的、客观的）",
          "部分宣传员由村干部兼任，精力难以保证，业务培训也不够经常"),
    Field("measure", Text(300, sentence=True), "整改措施", "针对这一问题的措施；不填时取问题库中对应的措施",
          "每季度举办一次宣传员业务培训，建立信息报送通报制度"),
    Field("deadline", DateOrText(), "完成时限", "如 2025年6月底前，或日期 2025-06-30", "2025年6月底前"),
    Field("owner", Text(40), "责任人", "牵头负责整改的领导或部门", "镇党委宣传委员"),
))

SIGNATURES = {"stamped": "加盖印章", "unstamped": "不加盖印章"}

# The elements of a 公文 around its text (GB/T 9704-2012 §7): 版头, 主送机关, 附件说明, 落款, 版记.
# The whole block may be left out: the draft is then the text alone, as before.
DOCUMENT = Block(fields=(
    Field("copy_number", CopyNumber(), "份号", "6位阿拉伯数字，加引号；印在首页版心左上角第一行",
          "000001"),
    Field("secrecy", Secrecy(), "密级和保密期限",
          "绝密、机密、秘密，可加保密期限如“机密★10年”；或“内部”等标注", "内部"),
    Field("urgency", Choice({"特急": "特急", "加急": "加急"}), "紧急程度", example="加急"),
    Field("issuer_mark", Text(20), "发文机关标志", "红头上的机关名称，如“中共××委员会文件”；居中套红印在首页",
          "中共青禾镇委员会文件"),
    Field("number", DocumentNumber(), "发文字号",
          "年份写全称、用六角括号〔〕，序号不加“第”、不编虚位", "青禾委〔2025〕3号"),
    Field("signers", ListOf(Text(20), max_items=6), "签发人",
          "上行文（向上级报送的报告）必须标注，与发文字号同一行", ["张明华"]),
    Field("to", Text(100, sentence=True), "主送机关",
          "标题下一行顶格，后加全角冒号；不填时落实情况报告写上级党委", "县委"),
    Field("attachments", ListOf(Text(80, sentence=True), max_items=20), "附件说明",
          "每项一个附件名称，不加标点；正文下空一行编排“附件：1.……”",
          ["青禾镇2024年意识形态工作责任清单"]),
    Field("signature", Choice(SIGNATURES), "落款方式",
          "stamped 加盖印章（成文日期右空四字，为印章留出位置）；unstamped 不加盖印章"
          "（署名右空二字）；不填时总结、落实情况报告为加盖印章", "stamped"),
    Field("cc", ListOf(Text(60, sentence=True), max_items=30), "抄送机关", "版记中“抄送：”之后，每项一个机关",
          ["县委宣传部"]),
    Field("printed_by", Text(40), "印发机关", "版记末行左侧，一般为办公室", "青禾镇党政办公室"),
    Field("printed_on", DateKind(), "印发日期", "版记末行右侧；不填时同成文日期", "2025-01-10"),
))

FACTS = Block(fields=(
    Field("type", Choice({t.code: t.name for t in TYPES.values()}), "报告类型", required=True,
          example="summary"),
    Field("period", PeriodKind(), "报告期",
          "2024Q1 一季度、2024Q2 二季度、2024H1 上半年、2024Q3 前三季度、2024Q4 四季度、"
          "2024H2 下半年、2024 全年", "2024", required=True),
    Field("date", DateKind(), "成文日期", "落款日期，如 2025-01-10", "2025-01-10", required=True),
    Field("unit", UNIT, "单位", required=True),
    Field("document", DOCUMENT, "公文格式要素",
          "版头、主送机关、附件说明、落款和版记（GB/T 9704-2012）；整块可省略，省略时只出正文"),
    Field("person", PERSON, "述职人", "述职报告（duty）必填"),
    Field("meeting", MEETING, "会议", "讲话稿（speech）必填；经验交流发言（exchange）可填"),
    Field("responsibility", RESPONSIBILITY, "责任落实"),
    Field("study", STUDY, "理论学习"),
    Field("positions", POSITIONS, "阵地建设与管理"),
    Field("publicity", PUBLICITY, "宣传与舆论引导"),
    Field("online", ONLINE, "网络意识形态"),
    Field("team", TEAM, "队伍建设"),
    Field("rectification", RECTIFICATION, "督查整改", "落实情况报告写明督查发现的问题和整改情况"),
    Field("highlights", ListOf(Text(80, sentence=True)), "特色亮点", "每项一句",
          ["打造“青禾讲堂”理论宣讲品牌", "组建“青禾红”志愿宣讲队"]),
    Field("problems", ListOf(PROBLEM), "存在问题",
          "每项写问题库代码，或直接写一句话描述问题；需要写明原因、整改措施、完成时限、责任人时，"
          "把这一项写成 problem、cause、measure、deadline、owner 几个字段",
          ["study_depth", "online_management",
           {"problem": "村级宣传员队伍不够稳定，信息报送时效性不强",
            "cause": "部分宣传员由村干部兼任，精力难以保证，业务培训也不够经常",
            "measure": "每季度举办一次宣传员业务培训，建立信息报送通报制度",
            "deadline": "2025年6月底前", "owner": "镇党委宣传委员"}]),
    Field("next_steps", ListOf(Text(300, sentence=True)), "下一步工作打算",
          "不填时按“存在问题”逐条生成对应措施",
          ["持续完善意识形态工作责任清单，每半年开展一次专项督查"]),
    Field("focus", ListOf(Choice(FOCUS_CODES)), "讲话重点", "讲话稿按此顺序分节展开",
          ["awareness", "coordination", "positions", "mechanisms"]),
    Field("tasks", ListOf(Text(120, sentence=True)), "本年度重点任务", "讲话稿中部署的任务",
          ["开展意识形态工作专项自查", "完成村级宣传阵地提档升级"]),
))


def iter_fields(block: Block = FACTS, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, Field]]:
    """Every field with its dotted path, depth first, blocks before their fields."""
    for f in block.fields:
        path = (*prefix, f.name)
        yield ".".join(path), f
        if isinstance(f.kind, Block):
            yield from iter_fields(f.kind, path)


def lookup(path: str) -> Field | None:
    return dict(iter_fields()).get(path)
