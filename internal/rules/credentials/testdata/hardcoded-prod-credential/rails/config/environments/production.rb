Rails.application.configure do
  # config.action_mailer.smtp_settings = { password: "Commented-Out-Pw-1" }
  config.action_mailer.smtp_settings = {
    address: "smtp.acme.io",
    user_name: ENV.fetch("SMTP_USER"),
    password: "Sm7p-Prod-Pass-2024", # want "password is a literal credential in production config"
  }
  config.secret_key_base = ENV["SECRET_KEY_BASE"]
  config.x.api_token = ENV.fetch("API_TOKEN") { "Pr0d-Fallback-Token-5" } # want "api_token is a literal credential in production config"
end
