"""Why a file could not be read at all, and what the user can do about it.

Everything the importer refuses raises a subclass of `DocumentError` (one base, as in python-docx),
so the upload view needs a single ``except DocumentError``. Each class carries a stable
snake_case `code` for translation and logs, a Chinese `message` that ends with the next step for
the user, and the same in English (`message_en`). Doubts that do not stop the import are not
errors: they become warnings on the parsed document.
"""


class DocumentError(Exception):
    """A file the importer cannot turn into a document. `detail` is for logs, not for users."""

    code = "document_error"
    message = "无法读取该文件。请检查文件后重新上传。"
    message_en = "The file cannot be read. Check the file and upload it again."

    def __init__(self, detail: str = "", **params: object) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.params = params

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}" if self.detail else self.code


class ScannedPdf(DocumentError):
    code = "scanned_pdf"
    message = "该PDF没有文字层，可能是扫描件或图片。请先用OCR（文字识别）软件处理，或上传原始的Word/PDF文件。"
    message_en = (
        "The PDF has no text layer; it is probably a scan. Run it through OCR first, "
        "or upload the original Word or PDF file."
    )


class EncryptedPdf(DocumentError):
    code = "encrypted_pdf"
    message = "该PDF已加密或设有打开密码，无法读取。请上传未加密的版本。"
    message_en = "The PDF is encrypted or password-protected. Upload an unencrypted copy."


class CorruptFile(DocumentError):
    code = "corrupt_file"
    message = "文件已损坏或不完整（可能上传中断）。请重新保存或重新下载该文件后再上传。"
    message_en = (
        "The file is damaged or incomplete (perhaps a broken upload). Save or download it again, then upload it."
    )


class UnsupportedFormat(DocumentError):
    code = "unsupported_format"
    message = (
        "不支持该文件格式（无论文件名后缀是什么）。请上传PDF、Word（.docx）或Excel（.xlsx）文件；"
        "旧版.doc/.xls请先另存为.docx/.xlsx。"
    )
    message_en = (
        "This file format is not supported, whatever its name says. Upload a PDF, "
        "Word (.docx) or Excel (.xlsx) file; save old .doc/.xls files as .docx/.xlsx first."
    )


class NoLineItemTable(DocumentError):
    """Neither a line-item table nor anything else a procurement document states (项目名称, 采购人,
    供应商, 金额, 包): a document without a table but with those is imported, not refused."""

    code = "no_line_item_table"
    message = (
        "文件中没有找到运维项目清单表格，也没有项目名称、采购人、供应商或金额等内容。"
        "请确认上传的是招标文件、合同或中标（成交）公告，或手工录入。"
    )
    message_en = (
        "No line-item table was found, nor a project name, purchaser, supplier or amount. "
        "Check that the file is a tender, contract or award notice, or enter it by hand."
    )


class FileTooLarge(DocumentError):
    code = "file_too_large"
    message = "文件过大，超过上传限制。请压缩文件或删去无关页面后再上传。"
    message_en = "The file is larger than the upload limit. Compress it or remove unrelated pages, then upload it."
