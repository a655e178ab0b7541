"""edugov — 教育治理平台: an open platform for a city education bureau."""

__version__ = "0.1.0"
