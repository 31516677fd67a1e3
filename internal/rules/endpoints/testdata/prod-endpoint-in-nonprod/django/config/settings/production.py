DATABASES = {"default": {"HOST": "orders-db.acme-corp.io", "PASSWORD": os.environ["DB_PASSWORD"]}}
