"""python -m django revoke_token USER…: delete the users' API tokens (the next request with one gets 401)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "吊销用户的 API 令牌"

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+")

    def handle(self, *usernames, **options):
        User = get_user_model()
        for name in options["usernames"]:
            user = User.objects.filter(**{User.USERNAME_FIELD: name}).first()
            if user is None:
                raise CommandError(f"没有用户“{name}”")
            n, _ = Token.objects.filter(user=user).delete()
            self.stdout.write(f"{name}：已吊销 {n} 个令牌" if n else f"{name}：没有令牌")
