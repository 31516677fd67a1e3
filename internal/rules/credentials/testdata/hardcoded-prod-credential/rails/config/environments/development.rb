Rails.application.configure do
  config.action_mailer.smtp_settings = { password: "dev-smtp-pass-1" }
end
