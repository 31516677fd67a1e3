from .base import *  # noqa

DATABASES = {
    "default": {
        # want +1 @18 "HOST in development points at production host orders-db.acme-corp.io \(production uses it\)"
        "HOST": "orders-db.acme-corp.io",
    }
}
CACHES = {"default": {"LOCATION": "redis://localhost:6379/0"}}
