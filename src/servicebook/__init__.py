"""servicebook: 物业服务标准知识库与培训考试系统."""

__version__ = "0.1.0"
