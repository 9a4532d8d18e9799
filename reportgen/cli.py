"""The command line. Commands are thin: they parse options, call the pipeline, print paths.

Errors are turned into Chinese messages and exit codes in one place, ReportgenGroup.main.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import click

from reportgen import __version__
from reportgen.errors import EXIT_BAD_INPUT, EXIT_FINDINGS, Problem, ReportgenError
from reportgen.script import SCRIPTS

EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
JOBS_PER_CORE = 2  # batch --jobs is capped at this many processes a core

# Click's own usage messages, in Chinese (its texts are fixed: click/types.py, core.py,
# parser.py, exceptions.py). Applied in order; what is left in English is replaced below.
_USAGE_ZH = [
    (r"No such option:? '?([^'\s]+)'?\.?", r"没有这个选项：\1"),
    (r"\(Did you mean one of: (.*)\?\)", r"（是否想写 \1？）"),
    (r"\(Did you mean (.*)\?\)", r"（是否想写 \1？）"),
    (r"\(Possible options: (.*)\)", r"（可用的选项：\1）"),
    (r"\s*Did you mean '([^']+)'\?", r"（是否想写 \1？）"),
    (r"No such command '([^']+)'\.\s*", r"没有这个命令：\1"),
    (r"Missing argument '([^']+)'\.", r"缺少参数 \1"),
    (r"Missing option '([^']+)'\.", r"缺少选项 \1"),
    (r"Missing command\.", r"缺少命令"),
    (r"Option '([^']+)' requires an argument\.", r"选项 \1 需要一个值"),
    (r"Option '([^']+)' requires (\d+) arguments\.", r"选项 \1 需要 \2 个值"),
    (r"Option '([^']+)' does not take a value\.", r"选项 \1 不需要值"),
    (r"Argument '([^']+)' takes (\d+) values\.", r"参数 \1 需要 \2 个值"),
    (r"Got unexpected extra arguments? \((.*)\)", r"多余的参数：\1"),
    (r"Invalid value for '([^']+)'(?: / '[^']+')*: '([^']*)' is not one of (.*)\.",
     r"选项 \1 的值“\2”无效，应为 \3 之一"),
    (r"Invalid value for '([^']+)'(?: / '[^']+')*: ", r"选项或参数 \1 的值无效："),
    (r"Invalid value: ", r"值无效："),
    (r"'([^']*)' is not one of (.*)\.", r"“\1”不是可选的值，应为 \2 之一"),
    (r"'([^']*)' is not '([^']*)'\.", r"“\1”不是可选的值，应为 \2"),
    (r"'?(-?[\d.]+)'? is not in the range (-?[\d.]+)<=x<=(-?[\d.]+)\.", r"\1 超出范围，应在 \2 到 \3 之间"),
    (r"'?(-?[\d.]+)'? is not in the range x>=(-?[\d.]+)\.", r"\1 超出范围，应不小于 \2"),
    (r"'?(-?[\d.]+)'? is not in the range x<=(-?[\d.]+)\.", r"\1 超出范围，应不大于 \2"),
    (r"'?(-?[\d.]+)'? is not in the range x>(-?[\d.]+)\.", r"\1 超出范围，应大于 \2"),
    (r"'([^']*)' is not a valid integer( range)?\.", r"“\1”不是整数"),
    (r"'([^']*)' is not a valid float( range)?\.", r"“\1”不是数字"),
    (r"'([^']*)' is not a valid boolean.*", r"“\1”不是是否值（应为 true 或 false）"),
    (r"(?:File|Directory|Path) '([^']*)' does not exist\.", r"“\1”不存在"),
    (r"(?:File|Directory|Path) '([^']*)' is a directory\.", r"“\1”是文件夹"),
    (r"(?:File|Directory|Path) '([^']*)' is a file\.", r"“\1”是文件"),
    (r"(?:File|Directory|Path) '([^']*)' is not (?:readable|writable|executable)\.", r"“\1”没有访问权限"),
    (r"Could not open file '([^']*)': .*", r"无法打开文件“\1”"),
]
_ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,'][A-Za-z]{2,}){2,}")  # three English words in a row


def _usage_zh(message: str) -> str:
    for pattern, repl in _USAGE_ZH:
        message = re.sub(pattern, repl, message)
    if _ENGLISH.search(message):  # a message we have no words for: never show it in English
        return "命令行参数有误"
    return message


def echo_problems(problems: list[Problem], prefix: str) -> None:
    for problem in problems:
        click.echo(f"{prefix}{problem.render()}", err=True)


class ReportgenGroup(click.Group):
    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            hint = f"\n查看帮助：{exc.ctx.command_path} --help" if exc.ctx else ""
            click.echo(f"用法错误：{_usage_zh(exc.format_message())}{hint}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.ClickException as exc:
            click.echo(f"错误：{_usage_zh(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except ReportgenError as exc:
            echo_problems(exc.problems, "错误：")
            if len(exc.problems) > 1:
                click.echo(f"共 {len(exc.problems)} 处错误。", err=True)
            sys.exit(exc.exit_code)
        except (KeyboardInterrupt, click.Abort):
            click.echo("已中断。", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            if os.environ.get("REPORTGEN_DEBUG"):
                raise
            click.echo(f"内部错误（{type(exc).__name__}）：这是 reportgen 的缺陷，请附上事实文件报告给维护者"
                       "（设置环境变量 REPORTGEN_DEBUG=1 后重新运行，可看到详细信息）。", err=True)
            sys.exit(EXIT_INTERNAL)
        sys.exit(rv if isinstance(rv, int) else 0)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
GAPS = click.option("--gaps", is_flag=True,
                    help="没有事实的小节不删去，保留标题并写“【待补充】”（.docx 中黄色突出显示），"
                         "供人工补写。 Keep sections without facts, with a placeholder to fill in.")


@click.group(cls=ReportgenGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="reportgen",
                      message="%(prog)s %(version)s")
def cli() -> None:
    """Draft 意识形态工作 reports from a YAML file of facts.

    根据事实文件（YAML）起草意识形态工作报告：工作总结、述职报告、落实情况报告、讲话稿、经验交流发言。

    \b
    退出码 / exit codes:
      0    成功 success
      1    检查发现问题，或批量起草中有单位失败 a check found problems, or some units failed
      2    输入或用法错误 bad input or usage
      3    内部错误（程序缺陷，请报告） internal error: a defect, please report it
      130  已中断（Ctrl-C） interrupted
    """


@cli.command(context_settings=CONTEXT)
@click.argument("facts", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", metavar="PATH",
              help="输出文件（以 .md/.docx/.pdf 结尾）或文件夹；“-”表示输出到屏幕。"
                   " Output file (.md/.docx/.pdf), folder, or - for stdout.")
@click.option("--format", "fmt", type=click.Choice(["md", "docx", "pdf", "both", "all"]), default=None,
              help="输出格式：md、docx、pdf（需要 LibreOffice）、both（md 和 docx）、all（三种）；"
                   "默认按输出文件扩展名，否则 md。 Output format; pdf needs LibreOffice.")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。 Replace existing files.")
@click.option("--templates", "templates", type=click.Path(path_type=Path), metavar="DIR",
              help="自定义模板目录，逐个文件覆盖内置模板。 Folder overriding built-in templates.")
@click.option("--check", "proofread", is_flag=True,
              help="起草后校对草稿，问题列在标准错误上，有问题时退出码为 1。"
                   " Proofread the draft.")
@click.option("--trace", is_flag=True,
              help="另写 <输出文件>.trace.json：每个数字的位置和出处。"
                   " Where each number comes from.")
@click.option("--script", type=click.Choice(list(SCRIPTS)), default="hans", show_default=True,
              help="hans 简体；hant 繁体；hant-tw 台湾字形；hant-hk 香港字形"
                   "（只换字形，不改词语）。 Simplified, or traditional characters"
                   " (OpenCC standard, Taiwan, Hong Kong).")
@click.option("--compare", type=click.Path(path_type=Path), metavar="FILE",
              help="本单位去年同期的事实文件，用于写出同比变化（较去年同期增加2次）。"
                   " Last year's facts for year-on-year changes.")
@click.option("--letterhead", type=click.Path(path_type=Path), metavar="FILE.docx",
              help="本单位的红头文件（.docx）作底稿：草稿正文放在其中只写“【正文】”的段落处，"
                   "【发文字号】【成文日期】等按事实填写。 A letterhead .docx with a 【正文】 paragraph.")
@GAPS
def draft(facts: Path, out: str | None, fmt: str | None, force: bool, templates: Path | None,
          proofread: bool, trace: bool, script: str, compare: Path | None, letterhead: Path | None,
          gaps: bool) -> int:
    """Draft one report from a facts file. 根据一个事实文件起草报告。

    \b
    示例 / examples:
      reportgen draft samples/双胜镇-2024H1.yaml
      reportgen draft facts.yaml -o out/ --format both
      reportgen draft facts.yaml -o -
      reportgen draft facts.yaml --check --trace --script hant-hk
      reportgen draft 双胜镇-2024H1.yaml --compare 双胜镇-2023H1.yaml
      reportgen draft facts.yaml --format all --letterhead 红头.docx
    """
    from reportgen import trace as traces
    from reportgen.output import check_free, remove_leftovers, shown_path, targets
    from reportgen.pipeline import draft_file, serialize, write
    from reportgen.script import convert_document
    from reportgen.templating import make_environment
    from reportgen.wording import describe

    formats = _formats(fmt, out)
    base = _letterhead(letterhead, formats) if letterhead is not None else None
    if "pdf" in formats:
        from reportgen.pdf import soffice

        soffice()  # say what to install before drafting anything
    env = make_environment(templates)
    result = draft_file(facts, env, compare=compare, gaps=gaps)
    echo_problems(result.warnings, "提示：")
    result.document = convert_document(result.document, script)
    if out == "-":
        if formats != ["md"]:
            raise ReportgenError("只有 Markdown 可以输出到屏幕（-o -）；.docx 请指定文件或文件夹")
        if trace:
            raise ReportgenError("--trace 需要把草稿写入文件（-o 文件或文件夹），不能与 -o - 同用")
        click.echo(serialize(result.document, "md").decode("utf-8"), nl=False)
        return _proofread(result, facts, "草稿", "md") if proofread else 0
    paths = targets(out, result.default_stem(), formats, Path.cwd())
    sidecars = [traces.sidecar(path) for path in paths] if trace else []
    check_free(paths + sidecars, force)
    removed = sum(remove_leftovers(folder) for folder in {path.parent for path in paths})
    if removed:
        click.echo(f"提示：删除了此前被中断的运行留下的 {removed} 个临时文件", err=True)
    write(result.document, paths, formats, force, letterhead=base)
    if trace:
        wording = env.wording  # type: ignore[attr-defined]
        report = str(result.facts.data.type)
        traces.write(result.document, str(facts), paths, formats, force,
                     str(compare) if compare else None,
                     describe=lambda source: describe(wording, report, source))
    for path in paths + sidecars:
        click.echo(shown_path(path))
    if proofread:
        return _proofread(result, facts, shown_path(paths[0]), formats[0])
    return 0


def _letterhead(path: Path, formats: list[str]) -> Any:
    """The letterhead, read and checked (a .docx with its 【正文】 paragraph) before drafting."""
    from reportgen.writers.letterhead import load

    if not {"docx", "pdf"} & set(formats):
        raise ReportgenError("--letterhead 只用于 Word 或 PDF 输出：请同时加 --format docx（或 pdf、all）")
    return load(path, str(path))


def _proofread(result: Any, facts: Path, name: str, fmt: str) -> int:
    """Print what the proofreader finds in a draft; 1 if anything."""
    from reportgen.check import facts_check, report
    from reportgen.check.draft import check_draft

    findings = check_draft(result.document, facts_check.load(facts), name, markdown=fmt == "md",
                           report_type=str(result.facts.data.type))
    click.echo(report.as_text(findings) + report.summary(findings, 1), err=True, nl=False)
    return EXIT_FINDINGS if findings else 0


def _report_type(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A report type by its code or its Chinese name: duty or 述职报告."""
    from reportgen.reporttypes import TYPES

    return _by_code_or_name(value, {code: rtype.name for code, rtype in TYPES.items()}, "这种报告")


def _by_code_or_name(value: str, names: dict[str, str], what: str) -> str:
    for code, name in names.items():
        if value.strip() in (code, name):
            return code
    options = "、".join(f"{code}（{name}）" for code, name in names.items())
    raise click.BadParameter(f"没有“{value}”{what}；可选：{options}")


@cli.command(context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="输出格式。 Output format.")
def types(fmt: str) -> int:
    """List the report types. 列出可起草的报告类型：结构、必填事实和使用的事实。"""
    from reportgen import typefacts
    from reportgen.reporttypes import TYPES

    if fmt == "json":
        data = [typefacts.describe(code) for code in TYPES]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(typefacts.format_types(), nl=False)
    return 0


@cli.command(context_settings=CONTEXT)
@click.argument("report_type", metavar="TYPE", callback=_report_type)
@click.option("-o", "--output", "out", metavar="FILE",
              help="写入的文件，默认 facts-TYPE.yaml；“-”表示输出到屏幕。"
                   " File to write, or - for stdout.")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。 Replace an existing file.")
@click.option("--templates", "templates", type=click.Path(path_type=Path), metavar="DIR",
              help="自定义模板目录：列出其中问题库新增的问题代码。 Your folder, for its problem codes.")
def init(report_type: str, out: str | None, force: bool, templates: Path | None) -> int:
    """Write a commented facts file to fill in. 生成一份带说明和示例的事实文件。

    TYPE 为报告类型的代码或中文名称（见 reportgen types）。

    \b
    示例 / examples:
      reportgen init summary
      reportgen init 述职报告 -o 述职-2024.yaml
    """
    from reportgen.initfile import default_name, facts_file
    from reportgen.jsonschema_export import SCHEMA_FILE
    from reportgen.output import shown_path, write_atomic

    library = _library(templates)
    if out == "-":
        click.echo(facts_file(report_type, library=library), nl=False)
        return 0
    path = Path(out or default_name(report_type))
    if path.is_dir():
        path = path / default_name(report_type)
    write_atomic(path, facts_file(report_type, str(path), library).encode("utf-8"), force)
    click.echo(shown_path(path.absolute()))
    if not (path.parent / SCHEMA_FILE).exists():
        hint = f"提示：如需编辑器提示字段，请在同一文件夹执行 reportgen schema -o {SCHEMA_FILE}"
        click.echo(hint, err=True)
    return 0


@cli.command(context_settings=CONTEXT)
@click.option("-o", "--output", "out", metavar="FILE",
              help="写入的文件；默认输出到屏幕。 File to write; stdout by default.")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。 Replace an existing file.")
@click.option("--templates", "templates", type=click.Path(path_type=Path), metavar="DIR",
              help="自定义模板目录：接受其中问题库新增的问题代码。 Your folder, for its problem codes.")
def schema(out: str | None, force: bool, templates: Path | None) -> int:
    """Print the facts format as JSON Schema. 输出事实文件格式的 JSON Schema，供编辑器提示和检查。

    \b
    示例 / example:
      reportgen schema -o reportgen.schema.json
    """
    from reportgen.jsonschema_export import render
    from reportgen.output import shown_path, write_atomic

    text = render(library=_library(templates))
    if out is None or out == "-":
        click.echo(text, nl=False)
        return 0
    path = Path(out)
    write_atomic(path, text.encode("utf-8"), force)
    click.echo(shown_path(path.absolute()))
    return 0


def _library(templates: Path | None) -> Any:
    """The problem library of a user's folder (with its own codes), or None for the built-in one."""
    if templates is None:
        return None
    from reportgen.templating import make_environment
    from reportgen.wording_check import require

    env = make_environment(templates)
    require(env, [])
    return env.wording.library  # type: ignore[attr-defined]


@cli.group(context_settings=CONTEXT)
def templates() -> None:
    """List or export the templates. 查看或导出报告模板，以便修改措辞。"""


@templates.command("list", context_settings=CONTEXT)
@click.option("--templates", "user_dir", type=click.Path(path_type=Path), metavar="DIR",
              help="自定义模板目录：列出其中哪些文件覆盖了内置模板。 Folder to compare.")
def templates_list(user_dir: Path | None) -> int:
    """List the template files of each report type. 列出每种报告使用的模板文件。"""
    from reportgen.template_files import format_listing, listing

    click.echo(format_listing(listing(user_dir), user_dir), nl=False)
    return 0


def _template_set(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A report type, or the roll-up, by its code or its Chinese name."""
    from reportgen.template_files import template_sets

    return _by_code_or_name(value, {code: name for code, (name, _) in template_sets().items()}, "这套模板")


@templates.command("export", context_settings=CONTEXT)
@click.argument("report_type", metavar="TYPE", callback=_template_set)
@click.argument("dest", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--skeleton", is_flag=True,
              help="同时导出模板骨架（.md.j2），用于调整结构；只改措辞时不需要。"
                   " Also copy the skeleton templates, to change the structure.")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。 Replace existing files.")
def templates_export(report_type: str, dest: Path, skeleton: bool, force: bool) -> int:
    """Copy a type's wording into DIR for editing. 把一种报告的措辞库复制到 DIR 供修改。

    TYPE 为报告类型的代码或中文名称（见 reportgen types）；rollup 为 batch --rollup 的汇总报告。
    导出的是措辞库（phrases.yaml）、问题库（problems.yaml）和词表（terms.yaml）；加 --skeleton
    再导出模板骨架。

    \b
    修改后起草时加 --templates DIR：措辞库逐个键覆盖内置的，模板文件逐个文件覆盖。
    示例 / example:
      reportgen templates export summary 我的模板
      reportgen templates check 我的模板
      reportgen draft facts.yaml --templates 我的模板
      reportgen batch 各单位/ --rollup --templates 我的模板
    """
    from reportgen.output import shown_path
    from reportgen.template_files import export

    for path in export(report_type, dest, force, skeleton):
        click.echo(shown_path(path.absolute()))
    click.echo(f"提示：修改后先用 reportgen templates check {dest} 检查，"
               f"起草时加 --templates {dest}", err=True)
    return 0


@templates.command("check", context_settings=CONTEXT)
@click.argument("user_dir", metavar="DIR", type=click.Path(path_type=Path))
def templates_check(user_dir: Path) -> int:
    """Check an edited folder of wording and templates. 检查修改过的措辞库和模板，不起草。

    \b
    一次列出全部问题：YAML 格式、空的说法列表、用不了的空位、未知的键（附“是否想写”）、
    模板需要而措辞库中没有的键、不成对的引号和书名号、措辞中的阿拉伯数字。
    退出码：0 没有问题；2 有问题。
    示例 / example:
      reportgen templates check 我的模板
    """
    from reportgen.errors import TemplateError
    from reportgen.wording_check import check

    if not user_dir.is_dir():
        raise TemplateError([Problem("模板目录不存在或不是文件夹", file=str(user_dir))])
    problems = check(user_dir)
    if problems:
        raise TemplateError(problems)
    click.echo(f"{user_dir}：措辞库和模板没有发现问题。")
    return 0


@templates.command("find", context_settings=CONTEXT)
@click.argument("text")
@click.option("--type", "report_type", metavar="TYPE", default=None,
              help="只查这种报告用到的措辞（代码或中文名称）。 Only this report type's wording.")
@click.option("--templates", "user_dir", type=click.Path(path_type=Path), metavar="DIR",
              help="自定义模板目录：按起草时的实际措辞查找（自定义的优先）。 Your edited folder.")
def templates_find(text: str, report_type: str | None, user_dir: Path | None) -> int:
    """Find where a sentence of a draft comes from. 查找草稿中的一句话出自措辞库的哪一行。

    TEXT 为草稿中的一段文字，可以包含事实（单位名称、数字），空位可与任何事实匹配。
    每条结果：文件:行  键名  （第几种说法，共几种）。找不到时退出码为 1。

    \b
    示例 / example:
      reportgen templates find "专题研究意识形态工作"
      reportgen templates find "镇党委专题研究意识形态工作4次" --type summary --templates 我的模板
    """
    from reportgen.phrase_search import find, groups
    from reportgen.templating import make_environment

    code = _template_set(click.get_current_context(), None, report_type) if report_type else None  # type: ignore[arg-type]
    wording = make_environment(user_dir).wording  # type: ignore[attr-defined]
    hits = find(wording, text, groups(wording, code))
    for hit in hits:
        where = "" if hit.custom else "  ［内置］"
        which = f"（第{hit.index + 1}种说法，共{hit.of}种）"
        click.echo(f"{hit.path}:{hit.variant.line}  {hit.key}  {which}{where}")
        click.echo(f"    {hit.variant.text}")
    if not hits:
        click.echo(f"没有找到含有“{text}”的措辞：请缩短要找的文字，或去掉其中的标点再试", err=True)
        return EXIT_FINDINGS
    if not all(hit.custom for hit in hits):
        click.echo("提示：［内置］的措辞请先用 reportgen templates export 导出，改导出文件中的同一个键，"
                   "起草时加 --templates", err=True)
    return 0


def _level(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from reportgen.check.levels import parse

    try:
        return parse(value)
    except ValueError:
        choices = "错误（error）、疑似（warning）、提示（info）"
        raise click.BadParameter(f"“{value}”不是级别；可选：{choices}") from None


@cli.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--facts", type=click.Path(path_type=Path), metavar="FACTS",
              help="事实文件：核对报告中的数字与事实是否一致。 Compare numbers with a facts file.")
@click.option("--max-chars", type=click.IntRange(min=1), metavar="N",
              help="字数上限：全文或任一部分超过 N 字时指出。 Flag text over N characters.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text 供阅读；json 每行一个 JSON 对象，供编辑器和脚本。")
@click.option("--fail-level", default="提示", show_default=True, callback=_level, metavar="LEVEL",
              help="有这一级或更确定的问题时退出码为 1：错误|疑似|提示（error|warning|info）。"
                   " Exit 1 on findings at this level or above.")
@click.option("--lexicon", "lexicons", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="追加自己的词库（格式同内置 lexicon.yaml），可重复。 Add a lexicon file.")
@click.option("--ignore", "ignores", multiple=True, metavar="CODE",
              help="不报告这类问题：代码（typo）、名称（错别字）或级别（提示），可重复；"
                   "另见同一文件夹中的 reportgen-ignore.txt。 Suppress a kind of finding.")
@click.option("--layout", is_flag=True,
              help="另查 .docx 的版式：纸张、页边距、行数字数、字体字号、首行缩进、页码（GB/T 9704）。"
                   " Check a .docx's page layout too.")
@click.option("--fix", is_flag=True,
              help="写出改正稿 <文件名>.fixed.md|.txt|.docx：只改有唯一稳妥改法的“错误”；"
                   ".docx 中以修订方式标出。 Write a corrected copy.")
@click.option("--annotate", is_flag=True,
              help="写出批注稿 <文件名>.annotated.docx：每个问题一条 Word 批注。"
                   " Write a copy of a .docx with a comment per finding.")
@click.option("--force", is_flag=True, help="覆盖已存在的改正稿、批注稿。 Replace existing copies.")
def check(files: tuple[Path, ...], facts: Path | None, max_chars: int | None, fmt: str,
          fail_level: str, lexicons: tuple[Path, ...], ignores: tuple[str, ...], layout: bool,
          fix: bool, annotate: bool, force: bool) -> int:
    """Proofread reports (.md, .txt, .docx, folders). 校对报告：规范表述、错别字、公文要素、标点、序号、版式。

    \b
    退出码 / exit codes: 0 未发现问题 clean；1 发现问题 findings（--fail-level 以上）；2 输入错误 bad input
    每个问题分级：错误（肯定写错）、疑似（多半写错）、提示（写法建议）。
    .docx 的“行”指段落序号（从 1 起，空段也计）。 For .docx, line is the paragraph number.
    \b
    示例 / examples:
      reportgen check 总结.docx --layout
      reportgen check 草稿.md --facts facts.yaml --max-chars 3000
      reportgen check 各单位/ --fail-level 错误
      reportgen check 总结.docx --fix --annotate
      reportgen check *.txt --format json --ignore confusable --lexicon 本单位词库.yaml
    """
    from reportgen.check.command import Options, run

    options = Options(facts=facts, max_chars=max_chars, fmt=fmt, fail_level=fail_level,
                      lexicons=lexicons, ignores=ignores, layout=layout, fix=fix,
                      annotate=annotate, force=force)
    return run(list(files), options, lambda s: click.echo(s, nl=False),
               lambda s: click.echo(s, nl=False, err=True))


@cli.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FACTS...")
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path), metavar="DIR",
              help="输出文件夹。 Output folder.")
@click.option("--format", "fmt", type=click.Choice(["md", "docx", "pdf", "both", "all"]), default="md",
              show_default=True, help="输出格式：md、docx、pdf（需要 LibreOffice，整批只启动一次）、"
                                      "both（md 和 docx）、all（三种）。 Output format.")
@click.option("--type", "report_type", metavar="TYPE",
              help="报告类型，用于没有写明类型的文件或表格行，如 summary。"
                   " Report type where the facts do not say.")
@click.option("--period", "periods", multiple=True, metavar="PERIOD",
              help="报告期，可重复：每个单位每个报告期各起草一份，如 --period 2024Q1 --period 2024Q2。"
                   "事实中写明的报告期优先。 Period(s) where the facts do not say; repeatable.")
@click.option("--date", metavar="DATE",
              help="成文日期，如 2024-04-08（事实中写明的优先）。 Date where the facts do not say.")
@click.option("--layout", type=click.Choice(["flat", "by-unit", "by-period"]), default="flat",
              show_default=True, help="文件放在一个文件夹，或按单位、按报告期分子文件夹。"
                                      " One folder, or subfolders by unit or period.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help=f"并行进程数，默认为 CPU 核数，最多为核数的 {JOBS_PER_CORE} 倍；结果与 N 无关。"
                   f" Parallel processes (default: CPU count; at most {JOBS_PER_CORE} per core).")
@click.option("--rollup", is_flag=True, help="另写一份各单位情况汇总。 Also write a roll-up report.")
@click.option("--rollup-unit", metavar="NAME",
              help="汇总报告的落款单位，如 县委宣传部（给出即写汇总）。"
                   " The collecting body (implies --rollup).")
@click.option("--rollup-to", metavar="NAME",
              help="汇总报告的主送机关，如 市委宣传部（给出即写汇总）。"
                   " The body the roll-up reports to (implies --rollup).")
@click.option("--compare", multiple=True, type=click.Path(path_type=Path), metavar="FILE|DIR",
              help="去年同期的事实文件或表格，只用于同比，不起草。 Last year's facts, for comparisons only.")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。 Replace existing files.")
@click.option("--templates", "templates", type=click.Path(path_type=Path), metavar="DIR",
              help="自定义模板目录，逐个文件覆盖内置模板。 Folder overriding built-in templates.")
@click.option("--sheet", metavar="NAME",
              help="读取 .xlsx 中的哪个工作表，默认为打开文件时显示的工作表（隐藏的工作表不读）。"
                   " Worksheet to read (default: the active one).")
@click.option("--strict", is_flag=True,
              help="表格中有不是已知字段的列时报错，而不是提示后忽略。 Refuse sheets with unknown columns.")
@GAPS
def batch(inputs: tuple[Path, ...], out: Path, fmt: str, report_type: str | None, periods: tuple[str, ...],
          date: str | None, layout: str, jobs: int | None, rollup: bool, rollup_unit: str | None,
          rollup_to: str | None, compare: tuple[Path, ...], force: bool, templates: Path | None,
          sheet: str | None, strict: bool, gaps: bool) -> int:
    """Draft many reports: folders of facts files, .csv/.xlsx sheets. 批量起草。

    FACTS 可以是事实文件（.yaml）、文件夹（逐级查找其中的 .yaml/.csv/.xlsx）或表格（.csv/.xlsx，
    每行一个单位，列名为字段路径如 study.group_study，或字段中文名称）。列表字段用“；”或“、”分隔。

    \b
    示例 / examples:
      reportgen batch facts/ -o out/
      reportgen batch units.xlsx --type summary --period 2024Q1 --date 2024-04-08 -o out/ --format both
      reportgen batch units.csv --type summary --period 2024Q1 --period 2024Q2 -o out/ --rollup

    \b
    退出码：0 全部成功；1 有单位失败（其余照常写出）；2 输入或用法错误（一份也没能起草时亦然）；130 中断。
    """
    from reportgen import progress
    from reportgen.batch import Settings, run
    from reportgen.kinds import clean_text

    settings = Settings(
        inputs=inputs, out=out if out.is_absolute() else Path.cwd() / out,
        formats=tuple(FORMAT_SETS.get(fmt, [fmt])), report_type=report_type, periods=periods,
        date=date, layout=layout, jobs=_jobs(jobs), force=force, templates=templates,
        rollup=rollup or rollup_unit is not None or rollup_to is not None,
        rollup_unit=clean_text(rollup_unit)[0] if rollup_unit else None,
        rollup_to=clean_text(rollup_to)[0] if rollup_to else None,
        compare=compare, gaps=gaps, sheet=sheet, strict=strict,
    )
    summary = run(settings, progress.Progress(sys.stderr))
    for line in progress.details(summary):
        click.echo(line, err=True)
    try:
        for line in progress.table(summary, Path.cwd()):
            click.echo(line)
        click.echo(progress.totals(summary))
    except BrokenPipeError:  # `batch … | head`: the reader has what it wanted; the batch is no worse
        _stdout_closed()
    if summary.interrupted:
        return EXIT_INTERRUPTED
    if summary.failed and len(summary.failed) == len(summary.outcomes):
        return EXIT_BAD_INPUT  # nothing could be drafted: the input is what is wrong
    return EXIT_FINDINGS if summary.failed else 0


def _stdout_closed() -> None:
    """Point stdout at /dev/null, so that Python's last flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass


def _jobs(asked: int | None) -> int:
    """The processes to draft in: the cores by default, and never more than JOBS_PER_CORE a core:
    the work is all CPU, so more processes only share the same cores and take more memory."""
    cores = _cpu_count()
    if asked is None:
        return cores
    if asked > JOBS_PER_CORE * cores:
        click.echo(f"提示：--jobs {asked} 超过 CPU 核数（{cores}）的 {JOBS_PER_CORE} 倍，"
                   f"按 {JOBS_PER_CORE * cores} 个进程起草", err=True)
        return JOBS_PER_CORE * cores
    return asked


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


FORMAT_SETS = {"both": ["md", "docx"], "all": ["md", "docx", "pdf"]}


def _formats(fmt: str | None, out: str | None) -> list[str]:
    suffix = Path(out).suffix.lower() if out and out != "-" else ""
    if fmt is None:
        return [suffix[1:]] if suffix in (".docx", ".pdf") else ["md"]
    if fmt in FORMAT_SETS:
        return FORMAT_SETS[fmt]
    if suffix in (".md", ".docx", ".pdf") and suffix != f".{fmt}":
        raise ReportgenError(f"输出文件扩展名 {suffix} 与 --format {fmt} 不一致")
    return [fmt]


@cli.command(context_settings=CONTEXT)
@click.argument("facts", type=click.Path(path_type=Path), metavar="FACTS.yaml|DIR")
@click.option("--templates", "templates", type=click.Path(path_type=Path), metavar="DIR",
              help="自定义模板目录；其中的文件保存后页面随即更新。 Your templates folder, watched too.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="端口；0 表示自动选择。 Port; 0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="监听的地址；默认只供本机访问，改为其他地址会让其他电脑也能访问（会给出提示）。"
                   " Address to listen on; the default is this machine only.")
@click.option("--open", "open_browser", is_flag=True, help="启动后打开浏览器。 Open a browser.")
@GAPS
def serve(facts: Path, templates: Path | None, port: int, host: str, open_browser: bool, gaps: bool) -> int:
    """Live preview of a draft in the browser. 在浏览器中实时预览草稿（公文版式）。

    FACTS 为事实文件，或含有事实文件的文件夹（页面上可切换）。

    保存事实文件、措辞库或模板后，页面在一秒内自动更新。

    鼠标停在句子上显示措辞键、第几种说法和文件行号，停在数字上显示事实字段和值。

    侧栏列出校对发现的问题；可下载 .md、.docx（装有 LibreOffice 时还有 .pdf）。

    只读：不写任何文件。按 Ctrl-C 停止。

    \b
    示例 / examples:
      reportgen serve samples/双胜镇-2024H1.yaml --open
      reportgen serve 各单位/ --templates 我的模板
      reportgen serve facts.yaml --port 0
    """
    from reportgen.serve import run

    return run(facts, templates, host, port, open_browser, gaps,
               say=click.echo, note=lambda line: click.echo(line, err=True))


def main() -> None:
    cli(prog_name="reportgen")
