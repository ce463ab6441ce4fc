"""dancu-qa: trợ lý hỏi đáp pháp luật về Cơ sở dữ liệu quốc gia về dân cư."""

__version__ = "0.1.0"
