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
    """A scan (no text layer) on which OCR found no text: blank pages, or a picture without words."""

    code = "scanned_pdf"
    message = (
        "该扫描件（没有文字层的PDF或图片）经文字识别（OCR）没有识别出任何文字，可能是空白页或图片过于模糊。"
        "请检查扫描件后重新扫描上传，或上传原始的Word/PDF文件。"
    )
    message_en = (
        "No text was found on this scan (a PDF without a text layer, or an image), even by OCR: the pages may be "
        "blank or too blurred. Check the scan and scan it again, or upload the original Word or PDF file."
    )


class ScanTooSmall(DocumentError):
    """A page image too small to read (params: width, height in pixels; page when in a PDF)."""

    code = "scan_too_small"
    message = (
        "扫描图片分辨率过低，无法识别文字（短边不足500像素）。请以至少150 dpi重新扫描，或拍摄更清晰的照片后再上传。"
    )
    message_en = (
        "The scanned image is too small to read (under 500 pixels on its short side). Scan it again at 150 dpi "
        "or more, or take a sharper photo, then upload it."
    )


class TooManyScanPages(DocumentError):
    """More scanned pages than OCR reads in one import (params: found, limit)."""

    code = "too_many_scan_pages"
    message = (
        "扫描件需要文字识别的页数超过300页，无法一次读取。请只上传合同或招标文件本身（含附件清单），或拆分后再上传。"
    )
    message_en = (
        "The scan has more than 300 pages to read by OCR. Upload only the contract or tender itself "
        "(with its annex list), or split it, then upload it."
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


class NotPageImage(UnsupportedFormat):
    """One of several files uploaded together as the pages of one document is no JPEG or PNG image."""

    code = "not_page_image"
    message = (
        "多个文件一起上传时，每个文件都须是一份文件的页面图片（JPEG或PNG），这个文件不是（按文件内容识别，不看文件名）。"
        "请把PDF、Word或Excel文件单独上传。"
    )
    message_en = (
        "Files uploaded together must each be a page image (JPEG or PNG) of one document; this one is not "
        "(whatever its name says). Upload a PDF, Word or Excel file on its own."
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
