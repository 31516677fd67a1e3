import Config

config :shop, Shop.Repo, username: "postgres", password: "postgres-local-1"
