import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from edugov.core.context import acting
from edugov.demo.generator import DEMO_PASSWORD, load_demo

DEMO_MODULES = ("registry", "workplan", "admissions", "academics", "hotline")
DEMO_MODULES += ("proposals",)  # after the org tree: it reads the bureau's departments
DEMO_MODULES += ("inspection",)  # 督导 (issue 16 §4)
DEMO_MODULES += ("training",)  # 双减 (issue 20): reads the schools for 课后服务
DEMO_MODULES += ("private",)  # 民办学校 (issue 19)
DEMO_MODULES += ("safety",)  # 平安校园 and 后勤 (issue 17)
DEMO_MODULES += ("wellbeing",)  # 心理健康 (issue 18): reads the registry's students
DEMO_MODULES += ("enrolment",)  # 义务教育招生入学 (issue 24): after admissions (its lottery)
DEMO_MODULES += ("fitness",)  # 体质健康 (issue 23 §1): reads the demo roll
DEMO_MODULES += ("projects",)  # 重大重点项目 and 经费 (issue 22): reads the schools' enrolment
DEMO_MODULES += ("teachers",)  # 教师队伍 (issue 21): reads the schools; plans by the engine
DEMO_MODULES += ("programmes",)  # programme registry (issue 23 §3): after the work plan
DEMO_MODULES += ("portfolio",)  # 综合素质评价 (issue 23 §2): the roll's grade 9; class teachers


class Command(BaseCommand):
    help = "Load the deterministic Nanchang demo (org tree, ~1,800 institutions, demo accounts)."

    def handle(self, *args, **options):
        if not getattr(settings, "EDUGOV_DEMO_MODE", False):
            raise CommandError("demo accounts exist only in demo mode (EDUGOV_DEMO_MODE)")
        with acting(None):
            logins = load_demo()
            # Each module loads its own part after the org tree and accounts; the order
            # matters: the registry's statistics feed the work plan's computed KPIs.
            for app in DEMO_MODULES:
                line = importlib.import_module(f"edugov.{app}.demo").load_demo()
                if line:
                    self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(f"演示账号 / Demo logins  (password / 密码: {DEMO_PASSWORD})")
        for login in logins:
            self.stdout.write(f"  {login.username:<20} {login.role:<14} {login.unit}")
        self.stdout.write("")
