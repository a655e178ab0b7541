from django.core.management.base import BaseCommand

from edugov.core.context import acting
from edugov.org.seed import seed_city


class Command(BaseCommand):
    help = "Seed a city's bureau, districts, zones and departments (default: nanchang)."

    def add_arguments(self, parser):
        parser.add_argument("city", nargs="?", default="nanchang")

    def handle(self, *args, city, **options):
        with acting(None):
            root = seed_city(city)
        self.stdout.write(self.style.SUCCESS(f"seeded {root.name}"))
