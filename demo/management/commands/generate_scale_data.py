"""Fill the database with a believable data set at city, district or street scale (issue 8)."""

from django.core.management.base import BaseCommand, CommandError

from demo.scale import RefuseError, generate, parse_scale


class Command(BaseCommand):
    help = (
        "Generate a benchmark data set: --scale city (20 streets, 100,000 organizations, 1,000,000 "
        "visits…), district, street, 1/100 or a factor such as 0.01. Refuses a database that already "
        "has organizations unless --append (or --force) is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", default="city", help="city, district, street, 1/100 or a factor")
        parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
        parser.add_argument(
            "--append", action="store_true", help="add a new district next to the existing data"
        )
        parser.add_argument("--force", action="store_true", help="the same as --append")

    def handle(self, *args, scale, seed, append, force, **options):
        try:
            factor = parse_scale(scale)
        except (ValueError, ZeroDivisionError) as exc:
            raise CommandError(f"--scale {scale!r}: {exc}") from exc
        try:
            generate(factor, seed=seed, stdout=self.stdout, append=append or force)
        except RefuseError as exc:
            raise CommandError(str(exc)) from exc
