"""The work plan's pages: plans and dashboards (``plans``), tasks, reports and 督办单 (``tasks``)."""
