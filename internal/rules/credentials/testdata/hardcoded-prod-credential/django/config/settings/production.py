from .base import *  # noqa

DEBUG = False
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ["DB_HOST"],
        "USER": "shop",
        # want +1 @22 "PASSWORD is a literal credential in production config"
        "PASSWORD": "Pr0d-DB-pa55-2024",
    }
}
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_PASSWORD", "")
# want +1 @19 "STRIPE_API_KEY is a literal credential in production config"
STRIPE_API_KEY = "rk_prod_51HabcdefGHIJKLmnop"
CACHE_PASSWORD = "{{ vault_cache_password }}"
