"""Entry points: parse a plan from text, a .docx, or a path that is either."""

from __future__ import annotations

import io
import zipfile
from os import PathLike
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from .docx_reader import docx_to_paras
from .model import Plan
from .paragraphs import text_to_paras
from .structure import build_plan

_UNSUPPORTED = {
    ".doc": "旧版 Word (.doc) 格式，请在 Word/WPS 中另存为 .docx",
    ".wps": "WPS 文字 (.wps) 格式，请另存为 .docx",
    ".pdf": "PDF 格式，请导出为 .docx 或文本",
}
_ZIP_MAGIC = b"PK\x03\x04"


class PlanReadError(Exception):
    """The input could not be read as a plan document (missing, binary, corrupt…)."""


def parse_text(text: str) -> Plan:
    """Parse a plan written as Markdown or plain text (as in shared/plans).

    Never raises on odd input: text that holds no recognisable plan yields an empty
    plan whose ``warnings`` say so.
    """
    return build_plan(text_to_paras(text))


def parse_docx(source: str | PathLike[str] | bytes | BinaryIO) -> Plan:
    """Parse a plan from a .docx given as a path, its bytes, or a binary file object.

    Raises :class:`PlanReadError` when the data is not a readable .docx.
    """
    try:
        paras = docx_to_paras(source)
    except (
        zipfile.BadZipFile,
        PackageNotFoundError,
        XMLSyntaxError,
        ParseError,
        KeyError,  # a ZIP without the parts a .docx must have
        ValueError,  # python-docx: "not a Word file" (e.g. an .xlsx)
        OSError,
    ) as exc:
        raise PlanReadError(f"无法读取 .docx 文件：{type(exc).__name__}: {exc}") from exc
    return build_plan(paras)


def decode_text(data: bytes) -> str:
    """Decode a text plan: UTF-8 (with or without BOM), else GB18030, which covers the
    GBK/GB2312 files that Chinese Windows tools still save by default."""
    if b"\x00" in data:
        raise PlanReadError("文件是二进制格式，不是文本或 .docx")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PlanReadError("文件编码无法识别（应为 UTF-8 或 GB18030）")


def parse_path(path: str | PathLike[str]) -> Plan:
    """Parse the plan at ``path``: .docx by its content, anything else as text.

    Raises :class:`PlanReadError` with a message naming the file when it cannot be read.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise PlanReadError(f"{p}：不支持{_UNSUPPORTED[suffix]}")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise PlanReadError(f"{p}：文件不存在")
    except IsADirectoryError:
        raise PlanReadError(f"{p}：这是一个目录，不是文件")
    except OSError as exc:
        raise PlanReadError(f"{p}：无法读取（{exc.strerror or exc}）")
    # Sniff rather than trust the suffix: uploads often arrive renamed.
    if data.startswith(_ZIP_MAGIC) or suffix == ".docx":
        try:
            return parse_docx(io.BytesIO(data))
        except PlanReadError as exc:
            raise PlanReadError(f"{p}：{exc}") from exc
    try:
        return parse_text(decode_text(data))
    except PlanReadError as exc:
        raise PlanReadError(f"{p}：{exc}") from exc
