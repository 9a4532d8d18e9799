"""reportgen: draft 意识形态工作 reports from a YAML file of facts."""

__version__ = "0.1.0"
