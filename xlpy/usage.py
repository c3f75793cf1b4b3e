"""The command line's own words, in Vietnamese: help pages, usage lines, usage errors.

typer (0.29) vendors click as `typer._click`, whose framing ("Usage:",
"Options", "Show this message and exit.", "No such option" …) is English and
has no translation hook. So the help page is laid out here, from click's own
parameter objects with click's plain HelpFormatter, and a usage error caught
by `xlpy.cli.run` is said again by `explain`. Nothing here knows the commands:
their help texts live beside them in xlpy/cli.py.
"""

from __future__ import annotations

import re
from difflib import get_close_matches
from typing import Any

import typer
from typer import _click as click
from typer.core import TyperArgument, TyperCommand, TyperGroup

OPTIONS = "[TUỲ CHỌN]"
HELP_TEXT = "Hiện trợ giúp này rồi thoát."
HELP_NAMES = ["-h", "--help"]


def _metavar(param: Any) -> str:
    return param.metavar or (param.name or "").upper()


def _usage_pieces(command: click.Command, ctx: click.Context) -> list[str]:
    pieces = [OPTIONS]
    pieces += [_metavar(p) for p in command.get_params(ctx) if isinstance(p, TyperArgument)]
    if isinstance(command, TyperGroup):
        pieces.append("LỆNH [...]")
    return pieces


def _format_help(command: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    formatter.write_usage(ctx.command_path, " ".join(_usage_pieces(command, ctx)), prefix="Cách dùng: ")
    command.format_help_text(ctx, formatter)
    arguments, options = [], []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if isinstance(param, TyperArgument):
            arguments.append((_metavar(param), param.help or ""))
        else:
            names = ", ".join(sorted([*param.opts, *param.secondary_opts], key=len))
            if not getattr(param, "is_flag", False):
                names += f" {_metavar(param)}"
            options.append((names, getattr(param, "help", None) or ""))
    if arguments:
        with formatter.section("Tham số"):
            formatter.write_dl(arguments)
    if options:
        with formatter.section("Tuỳ chọn"):
            formatter.write_dl(options)
    if isinstance(command, TyperGroup):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, sub.get_short_help_str(limit=200)))
        with formatter.section("Lệnh"):
            formatter.write_dl(rows)
    command.format_epilog(ctx, formatter)


class _Vietnamese:
    """Help page and usage line in Vietnamese, for a command or a group."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_help(self, ctx, formatter)  # type: ignore[arg-type]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(_usage_pieces(self, ctx)), prefix="Cách dùng: ")  # type: ignore[arg-type]

    def get_help_option(self, ctx: click.Context):
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class Command(_Vietnamese, TyperCommand):
    pass


class Group(_Vietnamese, TyperGroup):
    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.UsageError:
            name = args[0] if args else ""
            close = get_close_matches(name, list(self.commands))
            guess = f" Có phải ý là '{close[0]}'?" if close else ""
            raise click.exceptions.UsageError(
                f"Không có lệnh '{name}'.{guess} Các lệnh: {', '.join(self.commands)}.", ctx
            ) from None


class App(typer.Typer):
    """typer.Typer whose commands all speak Vietnamese, whoever adds one."""

    def command(self, *args: Any, cls: type[TyperCommand] | None = None, **kwargs: Any):
        return super().command(*args, cls=cls or Command, **kwargs)


# click's wording of the usage errors raised as a plain UsageError, and ours
_PLAIN = [
    (
        r"Got unexpected extra argument\(s\) \((.*)\)",
        'Thừa tham số: {0}. Tên tệp có dấu cách thì đặt trong ngoặc kép, ví dụ "Sổ quỹ 2022.xlsx".',
    ),
    (r"Missing command\.?", "Thiếu lệnh: gõ tên một lệnh sau 'xlpy'."),
    (r"Option '(.*)' requires an argument\.", "Tuỳ chọn {0} cần một giá trị ngay sau nó."),
    (r"Option '(.*)' requires \d+ arguments\.", "Tuỳ chọn {0} cần thêm giá trị ngay sau nó."),
    (r"Option '(.*)' does not take a value\.", "Tuỳ chọn {0} không nhận giá trị."),
]


# What an option of a click type needs, said to the clerk (click's own words are English).
_NEEDS = {"int": ": cần một số nguyên, ví dụ 2021", "float": ": cần một số", "Path": ": cần tên tệp"}


def _what(error: click.ClickException) -> str:
    if isinstance(error, click.exceptions.NoSuchOption):
        close = ", ".join(sorted(error.possibilities or []))
        guess = f" Có phải ý là {close}?" if close else ""
        return f"Không có tuỳ chọn {error.option_name}.{guess}"
    if isinstance(error, click.exceptions.MissingParameter):
        param = error.param
        if param is None:
            return "Thiếu một tham số."
        what = (getattr(param, "help", None) or "").rstrip(".")
        return f"Thiếu {_metavar(param)}" + (f" ({what})." if what else ".")
    if isinstance(error, click.exceptions.BadParameter):
        param = error.param
        name = (
            (param.opts[0] if param.opts and not isinstance(param, TyperArgument) else _metavar(param)) if param else ""
        )
        if re.search(r"[À-ỹ]", error.message):  # already ours, in Vietnamese
            return f"Giá trị không dùng được cho {name}: {error.message}"
        bare = getattr(param, "bare_type", None)  # typer's parameters name their Python type
        need = _NEEDS.get(str(bare()) if callable(bare) else "", "")
        return f"Giá trị không dùng được cho {name}{need}. (Chi tiết kỹ thuật: {error.message})"
    for pattern, words in _PLAIN:
        match = re.fullmatch(pattern, error.message.strip())
        if match:
            return words.format(*match.groups())
    if re.search(r"[À-ỹ]", error.message):  # already ours, in Vietnamese
        return error.message
    return f"Lệnh gõ chưa đúng ({error.message})."


def explain(error: click.ClickException) -> str:
    """A usage error as the clerk reads it: the usage line, what is wrong, where to find help."""
    ctx = getattr(error, "ctx", None)
    if isinstance(error, click.exceptions.NoArgsIsHelpError) and ctx is not None:
        return ctx.get_help()
    lines = [f"Lỗi: {_what(error)}"]
    if ctx is not None:
        lines = [ctx.get_usage(), *lines, f"Xem hướng dẫn: {ctx.command_path} --help"]
    return "\n".join(lines)
