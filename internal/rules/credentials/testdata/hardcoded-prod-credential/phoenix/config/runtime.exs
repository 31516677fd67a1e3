import Config

config :shop, Shop.Repo, password: System.get_env("DB_PASSWORD", "postgres-dev-pw-3")

if config_env() == :prod do
  secret_key_base = System.get_env("SECRET_KEY_BASE") || "Runtime-Fallback-Secret-8" # want "secret_key_base is a literal credential in production config"
  config :shop, ShopWeb.Endpoint, secret_key_base: secret_key_base
end
