import os

# production.py sets its own key from the environment: production never
# loads this one.
SECRET_KEY = "base-insecure-key-8841-lunar"
# Nothing overrides the mail password: production loads it.
EMAIL_HOST_PASSWORD = "Mail-Base-Literal-52" # want "EMAIL_HOST_PASSWORD is a literal credential in shared config"
