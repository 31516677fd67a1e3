import Config

config :shop, Shop.Repo,
  url: System.get_env("DATABASE_URL"),
  password: "Ph0enix-Prod-Pw-55" # want "password is a literal credential in production config"
