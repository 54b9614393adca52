"""gongkai: Chinese government information-disclosure annual reports into canonical, checked records."""

__version__ = "0.1.0"
