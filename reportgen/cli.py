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

# Click's own usage messages, in Chinese.
_USAGE_ZH = [
    (r"No such option:? '?([^'\s]+)'?\.?", r"没有这个选项：\1"),
    (r"\(Did you mean one of: (.*)\?\)", r"（是否想写 \1？）"),
    (r"\(Did you mean (.*)\?\)", r"（是否想写 \1？）"),
    (r"\(Possible options: (.*)\)", r"（可用的选项：\1）"),
    (r"\s*Did you mean '([^']+)'\?", r"（是否想写 \1？）"),
    (r"No such command '([^']+)'\.\s*", r"没有这个命令：\1"),
    (r"Missing argument '([^']+)'\.", r"缺少参数 \1"),
    (r"Missing option '([^']+)'\.", r"缺少选项 \1"),
    (r"Option '([^']+)' requires an argument\.", r"选项 \1 需要一个值"),
    (r"Invalid value for '([^']+)': '([^']*)' is not one of (.*)\.", r"选项 \1 的值“\2”无效，应为 \3 之一"),
    (r"Invalid value for '([^']+)': (.*)", r"参数 \1 无效：\2"),
    (r"Got unexpected extra arguments? \((.*)\)", r"多余的参数：\1"),
]


def _usage_zh(message: str) -> str:
    for pattern, repl in _USAGE_ZH:
        message = re.sub(pattern, repl, message)
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
            click.echo(f"错误：{exc.format_message()}", err=True)
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
            click.echo(f"内部错误：{type(exc).__name__}: {exc}\n"
                       "这是 reportgen 的缺陷，请附上事实文件报告给维护者"
                       "（设置环境变量 REPORTGEN_DEBUG=1 可查看详细信息）。", err=True)
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
      0  成功 success
      1  检查发现问题 a check found problems
      2  输入或用法错误 bad input or usage
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
    from reportgen.output import check_free, shown_path, targets
    from reportgen.pipeline import draft_file, serialize, write
    from reportgen.script import convert_document
    from reportgen.templating import make_environment

    formats = _formats(fmt, out)
    base = _letterhead(letterhead, formats) if letterhead is not None else None
    if "pdf" in formats:
        from reportgen.pdf import soffice

        soffice()  # say what to install before drafting anything
    result = draft_file(facts, make_environment(templates), compare=compare, gaps=gaps)
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
    write(result.document, paths, formats, force, letterhead=base)
    if trace:
        traces.write(result.document, str(facts), paths, formats, force,
                     str(compare) if compare else None)
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
def init(report_type: str, out: str | None, force: bool) -> int:
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

    if out == "-":
        click.echo(facts_file(report_type), nl=False)
        return 0
    path = Path(out or default_name(report_type))
    if path.is_dir():
        path = path / default_name(report_type)
    write_atomic(path, facts_file(report_type, str(path)).encode("utf-8"), force)
    click.echo(shown_path(path.absolute()))
    if not (path.parent / SCHEMA_FILE).exists():
        hint = f"提示：如需编辑器提示字段，请在同一文件夹执行 reportgen schema -o {SCHEMA_FILE}"
        click.echo(hint, err=True)
    return 0


@cli.command(context_settings=CONTEXT)
@click.option("-o", "--output", "out", metavar="FILE",
              help="写入的文件；默认输出到屏幕。 File to write; stdout by default.")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。 Replace an existing file.")
def schema(out: str | None, force: bool) -> int:
    """Print the facts format as JSON Schema. 输出事实文件格式的 JSON Schema，供编辑器提示和检查。

    \b
    示例 / example:
      reportgen schema -o reportgen.schema.json
    """
    from reportgen.jsonschema_export import render
    from reportgen.output import shown_path, write_atomic

    text = render()
    if out is None or out == "-":
        click.echo(text, nl=False)
        return 0
    path = Path(out)
    write_atomic(path, text.encode("utf-8"), force)
    click.echo(shown_path(path.absolute()))
    return 0


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
@click.option("--force", is_flag=True, help="覆盖已存在的文件。 Replace existing files.")
def templates_export(report_type: str, dest: Path, force: bool) -> int:
    """Copy a type's templates into DIR for editing. 把一种报告的模板复制到 DIR 供修改。

    TYPE 为报告类型的代码或中文名称（见 reportgen types）；rollup 为 batch --rollup 的汇总报告。

    \b
    修改后起草时加 --templates DIR，DIR 中的文件逐个覆盖内置模板。
    示例 / example:
      reportgen templates export summary 我的模板
      reportgen draft facts.yaml --templates 我的模板
      reportgen batch 各单位/ --rollup --templates 我的模板
    """
    from reportgen.output import shown_path
    from reportgen.template_files import export

    for path in export(report_type, dest, force):
        click.echo(shown_path(path.absolute()))
    click.echo(f"提示：修改后起草时加 --templates {dest}", err=True)
    return 0


@cli.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--facts", type=click.Path(path_type=Path), metavar="FACTS",
              help="事实文件：核对报告中的数字与事实是否一致。 Compare numbers with a facts file.")
@click.option("--max-chars", type=click.IntRange(min=1), metavar="N",
              help="字数上限：全文或任一部分超过 N 字时指出。 Flag text over N characters.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text 供阅读；json 每行一个 JSON 对象，供编辑器和脚本。")
def check(files: tuple[Path, ...], facts: Path | None, max_chars: int | None, fmt: str) -> int:
    """Proofread reports (.md, .txt, .docx). 校对报告：占位符、标点、序号、网页残留、数字出处。

    \b
    退出码 / exit codes: 0 未发现问题 clean；1 发现问题 findings；2 输入错误 bad input
    .docx 的“行”指段落序号（从 1 起，空段也计）。 For .docx, line is the paragraph number.
    \b
    示例 / examples:
      reportgen check 总结.docx
      reportgen check 草稿.md --facts facts.yaml --max-chars 3000
      reportgen check *.txt --format json
    """
    from reportgen.check import check_text, facts_check, readers, report

    numbers = facts_check.load(facts) if facts is not None else None
    texts = readers.read_all(list(files))
    findings = []
    for text in texts:
        found = check_text(text, numbers, max_chars)
        findings += found
        if fmt == "text":
            click.echo(report.as_text(found), nl=False)
            if max_chars is not None:
                click.echo(report.lengths(text, max_chars), nl=False)
        else:
            click.echo(report.as_json(found), nl=False)
    if fmt == "text":
        click.echo(report.summary(findings, len(texts)), nl=False)
    return EXIT_FINDINGS if findings else 0


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
              help="并行进程数，默认为 CPU 核数；结果与 N 无关。 Parallel processes (default: CPU count).")
@click.option("--rollup", is_flag=True, help="另写一份各单位情况汇总。 Also write a roll-up report.")
@click.option("--rollup-unit", metavar="NAME",
              help="汇总报告的落款单位，如 县委宣传部（给出即写汇总）。"
                   " The collecting body (implies --rollup).")
@click.option("--compare", multiple=True, type=click.Path(path_type=Path), metavar="FILE|DIR",
              help="去年同期的事实文件或表格，只用于同比，不起草。 Last year's facts, for comparisons only.")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。 Replace existing files.")
@click.option("--templates", "templates", type=click.Path(path_type=Path), metavar="DIR",
              help="自定义模板目录，逐个文件覆盖内置模板。 Folder overriding built-in templates.")
@GAPS
def batch(inputs: tuple[Path, ...], out: Path, fmt: str, report_type: str | None, periods: tuple[str, ...],
          date: str | None, layout: str, jobs: int | None, rollup: bool, rollup_unit: str | None,
          compare: tuple[Path, ...], force: bool, templates: Path | None, gaps: bool) -> int:
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

    settings = Settings(
        inputs=inputs, out=out if out.is_absolute() else Path.cwd() / out,
        formats=tuple(FORMAT_SETS.get(fmt, [fmt])), report_type=report_type, periods=periods,
        date=date, layout=layout, jobs=jobs or _cpu_count(), force=force, templates=templates,
        rollup=rollup or rollup_unit is not None, rollup_unit=rollup_unit, compare=compare, gaps=gaps,
    )
    summary = run(settings, progress.Progress(sys.stderr))
    for line in progress.details(summary):
        click.echo(line, err=True)
    for line in progress.table(summary, Path.cwd()):
        click.echo(line)
    click.echo(progress.totals(summary))
    if summary.interrupted:
        return EXIT_INTERRUPTED
    if summary.failed and len(summary.failed) == len(summary.outcomes):
        return EXIT_BAD_INPUT  # nothing could be drafted: the input is what is wrong
    return EXIT_FINDINGS if summary.failed else 0


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


def main() -> None:
    cli(prog_name="reportgen")
