module Shop
  class Application < Rails::Application
    # A default of a reference here is the developer's fallback.
    config.x.api_token = ENV.fetch("API_TOKEN", "dev-token-fallback-9")
    if Rails.env.production?
      config.x.signing_secret = "Pr0d-Signing-Secret-77" # want "signing_secret is a literal credential in production config"
    else
      config.x.signing_secret = "local-signing-secret-2"
    end
  end
end
