DATABASES = {"default": {"HOST": "orders-db.staging.acme-corp.io", "PASSWORD": os.environ["DB_PASSWORD"]}}
