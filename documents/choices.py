from django.db import models


class DocumentKind(models.TextChoices):
    """What a document is for; workflow actions name the kinds they require."""

    BUSINESS_LICENSE = "business_license", "营业执照"
    AUTHORIZATION = "authorization", "授权委托书"
    CERTIFICATE = "certificate", "证书"
    APPLICATION = "application", "申请书"
    DRAFT = "draft", "标准草案"
    EXPLANATION = "explanation", "编制说明"
    OPINION = "opinion", "意见材料"
    OTHER = "other", "其他材料"


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOC = "doc", "Word 97-2003"
    DOCX = "docx", "Word"
    XLS = "xls", "Excel 97-2003"
    XLSX = "xlsx", "Excel"
    PNG = "png", "PNG 图片"
    JPEG = "jpeg", "JPEG 图片"
